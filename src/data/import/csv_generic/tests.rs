//! Tests of the generic CSV reader: layouts of every known format, rows skipped and counted,
//! errors that name the line and column, and the order of day and month.

use super::*;
use crate::data::import::rows::finish;
use crate::model::dates::ymd;
use crate::model::days_to_date;

fn read(text: &str) -> (Layout, Vec<crate::data::import::ImportedSeries>) {
    let layout = layout(text, "T.csv").unwrap();
    let series = parse(text, &layout, "T.csv", "T", None)
        .unwrap()
        .into_iter()
        .map(|s| finish(s, "T.csv").unwrap())
        .collect();
    (layout, series)
}

fn err(text: &str) -> String {
    match layout(text, "T.csv") {
        Err(e) => e.to_string(),
        Ok(l) => match parse(text, &l, "T.csv", "T", None) {
            Err(e) => e.to_string(),
            Ok(s) => finish(s.into_iter().next().unwrap(), "T.csv")
                .unwrap_err()
                .to_string(),
        },
    }
}

#[test]
fn yahoo_both_orders_nulls_bom_and_no_newline() {
    let (l, s) = read(
        "\u{feff}Date,Adj Close,Close,High,Low,Open,Volume\n2024-01-02,9,10,11,9,10,5\n2024-01-03,null,null,null,null,null,null\n2024-01-04,10,11,12,10,11,6",
    );
    assert_eq!(l.format, Format::YahooCsv);
    assert_eq!(s[0].rows.close, vec![10.0, 11.0]);
    assert_eq!(s[0].rows.adj_close, vec![Some(9.0), Some(10.0)]);
    assert_eq!(s[0].dropped, vec!["1 row without a price (line 3)"]);
    let (l, _) = read("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,1,1,1\n");
    assert_eq!(l.format, Format::YahooCsv);
}

#[test]
fn stooq_daily_and_bulk() {
    let (l, s) = read(
        "Date,Open,High,Low,Close,Volume\r\n2024-01-02,1,2,0.5,1.5,100\r\n2024-01-03,1,2,0.5,1.6,100\r\n",
    );
    assert_eq!(l.format, Format::StooqCsv);
    assert_eq!(s[0].rows.close, vec![1.5, 1.6]);
    let (l, s) = read(
        "<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\nMARA.US,D,20240102,000000,1,2,0.5,1.5,100,0\n",
    );
    assert_eq!(l.format, Format::StooqCsv);
    assert_eq!(s[0].symbol, "MARA");
    assert_eq!(days_to_date(s[0].rows.days[0]), ymd(2024, 1, 2));
}

#[test]
fn nasdaq_dollars_thousands_and_newest_first() {
    let (l, s) = read(
        "Date,Close/Last,Volume,Open,High,Low\n03/08/2024,\"$1,023.48\",94062000,$22.10,$25.28,$22.02\n03/07/2024,$21.80,58499200,$22.00,$22.94,$21.45\n",
    );
    assert_eq!(l.format, Format::NasdaqCsv);
    assert_eq!(s[0].rows.close, vec![21.80, 1023.48]);
    assert_eq!(days_to_date(s[0].rows.days[1]), ymd(2024, 3, 8));
    assert!(
        s[0].notes.iter().any(|n| n.starts_with("newest first")),
        "{:?}",
        s[0].notes
    );
}

#[test]
fn european_spreadsheet_with_semicolons_and_decimal_commas() {
    let (l, s) =
        read("Datum;Schlusskurs;Volumen\n02.01.2024;1.234,50;10\n03.01.2024;1.240,00;11\n");
    assert_eq!(
        l.format,
        Format::GenericCsv("semicolon separated, decimal comma, DD.MM.YYYY dates".into())
    );
    assert_eq!(s[0].rows.close, vec![1234.5, 1240.0]);
    assert_eq!(s[0].rows.volume, vec![Some(10.0), Some(11.0)]);
}

#[test]
fn tabs_unix_seconds_and_a_price_column_named_otherwise() {
    let (l, s) = read("time\tBTC\n1704153600\t42000.5\n1704240000\t43000\n");
    assert_eq!(l.date_format, DateFormat::UnixSeconds);
    assert_eq!(s[0].rows.close, vec![42000.5, 43000.0]);
    assert_eq!(days_to_date(s[0].rows.days[0]), ymd(2024, 1, 2));
    assert!(
        s[0].notes.iter().any(|n| n.contains("'BTC'")),
        "{:?}",
        s[0].notes
    );
}

#[test]
fn symbol_columns_split_a_file() {
    let (_, s) =
        read("date,symbol,close\n2024-01-02,MARA,10\n2024-01-02,riot,5\n2024-01-03,MARA,11\n");
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].symbol, "MARA");
    assert_eq!(s[0].rows.close, vec![10.0, 11.0]);
    assert_eq!(s[1].symbol, "RIOT");
}

#[test]
fn quandl_and_coingecko_csv() {
    let (l, s) = read(
        "None,code,date,value\n92133,MKPRU,2010-08-16,0.0769\n92131,MKPRU,2010-08-18,0.0688\n",
    );
    assert_eq!(l.format, Format::NasdaqDataLink);
    assert_eq!(s[0].rows.close, vec![0.0769, 0.0688]);
    let (l, s) = read(
        "snapped_at,price,market_cap,total_volume\n2024-01-02 00:00:00 UTC,44000,8.6e11,2e10\n2024-01-03 00:00:00 UTC,45000,8.8e11,2e10\n",
    );
    assert_eq!(l.format, Format::CoinGeckoCsv);
    assert_eq!(days_to_date(s[0].rows.days[0]), ymd(2024, 1, 1));
}

#[test]
fn headerless_two_columns() {
    let (l, s) = read("2024-01-02,10\n2024-01-03,11\n");
    assert_eq!(l.header_line, 0);
    assert_eq!(s[0].rows.close, vec![10.0, 11.0]);
}

#[test]
fn errors_name_the_line_and_column() {
    assert_eq!(
        err("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,n/a,1,1\n"),
        "T.csv: line 2, column 5 (Close): 'n/a' is not a price"
    );
    assert_eq!(
        err("Date,Close\n2024-01-02,1\n2024-01-03,-2\n"),
        "T.csv: line 3, column 2 (Close): '-2' is not a positive price"
    );
    assert_eq!(
        err("Date,Close\n2024-01-02,1\n2024-02-30,2\n"),
        "T.csv: line 3, column 1 (Date): '2024-02-30' is not a date (the rows above are YYYY-MM-DD)"
    );
    assert!(
        err("Date,Close\nyesterday,1\n")
            .contains("line 2, column 1 (Date): 'yesterday' is not a date")
    );
    assert!(err("Foo,Close\nabc,1\n").contains("no date column"));
    assert!(err("Date,Volume\n2024-01-02,abc\n").contains("no price column"));
    assert!(err("Date,Close\n").contains("no rows of prices"));
    assert!(err("just some text\n").contains("single column"));
    assert!(err("Date,Close\n2024-01-02,null\n").contains("no usable price rows"));
}

#[test]
fn rows_that_are_not_prices_are_skipped_and_counted() {
    // An old nasdaq.com export: the first row is the time of the day's quote.
    let (l, s) = read(
        "date,close,volume,open,high,low\n\"16:00\",\"112.8\",\"24,312,456\",\"110\",\"113\",\"109\"\n\"2019/11/05\",\"112.8\",\"24,312,456\",\"110\",\"113\",\"109\"\n\"2019/11/04\",\"110.1\",\"20,000,000\",\"108\",\"111\",\"107\"\n",
    );
    assert_eq!(l.format, Format::NasdaqCsv);
    assert_eq!(s[0].rows.close, vec![110.1, 112.8]);
    assert_eq!(
        s[0].dropped,
        vec!["1 row skipped: quote-time row (the time of the day's quote, not a date) (line 2)"]
    );
    // A header repeated where two exports were pasted together, and a footer.
    let (_, s) =
        read("Date,Close\n2024-01-02,1\nDate,Close\n2024-01-03,2\nDownloaded from example.com\n\n");
    assert_eq!(s[0].rows.close, vec![1.0, 2.0]);
    assert_eq!(s[0].dropped_rows, 2, "{:?}", s[0].dropped);
    assert!(
        s[0].dropped
            .iter()
            .any(|d| d.contains("repeated header line (line 3)"))
    );
    assert!(
        s[0].dropped
            .iter()
            .any(|d| d.contains("footer line without a date (line 5)"))
    );
    // A line without a date in the middle of the prices stays an error at that line.
    assert_eq!(
        err("Date,Close\n2024-01-02,1\nn/a,2\n2024-01-04,3\n"),
        "T.csv: line 3, column 1 (Date): 'n/a' is not a date (the rows above are YYYY-MM-DD)"
    );
}

#[test]
fn day_and_month_are_decided_by_evidence_or_refused() {
    // Every number 12 or under, but a day apart only read month first.
    let (_, s) = read("Date,Close\n11/05/2019,1\n11/06/2019,2\n11/07/2019,3\n11/08/2019,4\n");
    assert_eq!(days_to_date(s[0].rows.days[0]), ymd(2019, 11, 5));
    assert!(
        s[0].notes
            .iter()
            .any(|n| n.starts_with("dates read as MM/DD/YYYY: successive dates")),
        "{:?}",
        s[0].notes
    );
    // The same dates read day first when a first number is above 12 somewhere.
    let (_, s) = read("Date,Close\n05/11/2019,1\n06/11/2019,2\n13/11/2019,3\n");
    assert_eq!(days_to_date(s[0].rows.days[0]), ymd(2019, 11, 5));
    assert!(
        s[0].notes
            .iter()
            .any(|n| n.contains("'13/11/2019' on line 4"))
    );
    // One day of minute bars: nothing decides, so the file is refused with the way out.
    let e = err("Date,Close\n11/05/2019 09:30,1\n11/05/2019 09:31,2\n11/05/2019 09:32,3\n");
    assert!(
        e.contains("'11/05/2019 09:30' could be month/day (US) or day/month"),
        "{e}"
    );
    assert!(e.contains("--date-order mdy"), "{e}");
    // The user's choice settles it.
    let text = "Date,Close\n11/05/2019 09:30,1\n11/05/2019 09:31,2\n";
    let layout = layout(text, "T.csv").unwrap();
    let raw = parse(text, &layout, "T.csv", "T", Some(DateOrder::Dmy)).unwrap();
    let s = finish(raw.into_iter().next().unwrap(), "T.csv").unwrap();
    assert_eq!(days_to_date(s.rows.days[0]), ymd(2019, 5, 11));
}
