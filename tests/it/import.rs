//! Price import: every format from files in its real layout (tests/fixtures/import), every error
//! case of the issue, the merge rules, the store's all-or-nothing guarantee, the command line,
//! and the real public data in ../shared/realdata when it is there.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use chrono::NaiveDate;
use minerlens::data::import::store::{self, PriceStore};
use minerlens::data::import::{
    self, Format, ImportOptions, ImportedFile, MAX_FILE_BYTES, import_file, run_import,
};
use minerlens::model::days_to_date;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(rel)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn load(rel: &str) -> ImportedFile {
    import_file(&fixture(rel), &ImportOptions::default()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// (format, symbol, rows, first, last) of the only series of a file.
fn shape(f: &ImportedFile) -> (String, String, usize, NaiveDate, NaiveDate) {
    assert_eq!(f.series.len(), 1, "{:?}", f.series);
    let s = &f.series[0];
    (
        f.format.to_string(),
        s.symbol.clone(),
        s.rows.len(),
        s.first_date().unwrap(),
        s.last_date().unwrap(),
    )
}

fn err_of(path: &Path) -> String {
    import_file(path, &ImportOptions::default())
        .map(|f| format!("unexpectedly loaded: {:?}", f.series))
        .unwrap_or_else(|e| e.to_string())
}

/// Writes `text` to `name` in `dir` and returns the import error.
fn err_text(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    err_of(&p)
}

// ---------------------------------------------------------------- formats

#[test]
fn yahoo_csv_both_column_orders_without_trailing_newline() {
    let f = load("yahoo/MARA.csv");
    assert_eq!(
        shape(&f),
        (
            "Yahoo CSV".into(),
            "MARA".into(),
            4,
            d(2024, 3, 4),
            d(2024, 3, 8)
        )
    );
    let s = &f.series[0];
    assert_eq!(s.rows.close.last(), Some(&23.48));
    assert_eq!(s.dropped, vec!["1 row without a price (line 5)"]);
    let f = load("yahoo/RIOT.csv");
    assert_eq!(
        shape(&f),
        (
            "Yahoo CSV".into(),
            "RIOT".into(),
            3,
            d(2024, 3, 4),
            d(2024, 3, 6)
        )
    );
    assert_eq!(f.series[0].rows.adj_close[1], Some(13.68));
}

#[test]
fn stooq_daily_bulk_and_its_html_page() {
    let f = load("stooq/clsk_us_d.csv");
    assert_eq!(
        shape(&f),
        (
            "Stooq CSV".into(),
            "CLSK".into(),
            4,
            d(2024, 3, 4),
            d(2024, 3, 7)
        )
    );
    assert_eq!(f.series[0].rows.volume[0], Some(40_283_120.0));
    let f = load("stooq/mara.us.txt");
    assert_eq!(
        shape(&f),
        (
            "Stooq CSV".into(),
            "MARA".into(),
            3,
            d(2024, 3, 4),
            d(2024, 3, 6)
        )
    );
    let e = err_of(&fixture("stooq/stooq_limit.html"));
    assert!(
        e.starts_with("stooq_limit.html: is Stooq's web page, not its CSV"),
        "{e}"
    );
}

#[test]
fn nasdaq_dollars_thousands_separators_newest_first() {
    let f = load("nasdaq/HistoricalData_1709942400000.csv");
    let (format, _, rows, first, last) = shape(&f);
    assert_eq!(
        (format.as_str(), rows, first, last),
        ("Nasdaq CSV", 4, d(2024, 3, 5), d(2024, 3, 8))
    );
    // The file name has no ticker: the symbol can be given instead.
    let named = import_file(
        &fixture("nasdaq/HistoricalData_1709942400000.csv"),
        &ImportOptions {
            symbol: Some("IREN".into()),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(named.series[0].symbol, "IREN");
    assert_eq!(named.series[0].rows.close, vec![10.51, 11.20, 11.71, 12.96]);
    let f = load("nasdaq/MSTR.csv");
    assert_eq!(f.series[0].rows.close, vec![1199.99, 1234.5]);
    assert!(
        f.series[0]
            .notes
            .iter()
            .any(|n| n.starts_with("newest first")),
        "{:?}",
        f.series[0].notes
    );
}

#[test]
fn nasdaq_data_link_export() {
    let f = load("nasdaq_data_link/BTC-USD.nasdaq-data-link.csv");
    assert_eq!(
        shape(&f),
        (
            "Nasdaq Data Link CSV".into(),
            "BTC-USD".into(),
            4,
            d(2010, 8, 16),
            d(2010, 8, 20)
        )
    );
}

#[test]
fn coingecko_json_and_csv_midnight_is_the_previous_close() {
    let f = load("coingecko/BTC-USD.coingecko.json");
    let (format, symbol, rows, first, last) = shape(&f);
    assert_eq!(format, "CoinGecko JSON");
    assert_eq!(symbol, "BTC-USD");
    // 2024-03-01 00:00 UTC is the close of 2024-02-29; the last point is intraday 2024-03-04.
    assert_eq!((rows, first, last), (5, d(2024, 2, 29), d(2024, 3, 4)));
    assert_eq!(f.series[0].rows.close[0], 61179.45);
    let f = load("coingecko/SOL-USD.coingecko.csv");
    assert_eq!(
        shape(&f),
        (
            "CoinGecko CSV".into(),
            "SOL-USD".into(),
            3,
            d(2024, 2, 29),
            d(2024, 3, 2)
        )
    );
}

#[test]
fn coinbase_candles_and_kraken_ohlc() {
    let f = load("coinbase/BTC-USD.candles.json");
    assert_eq!(
        shape(&f),
        (
            "Coinbase candles JSON".into(),
            "BTC-USD".into(),
            4,
            d(2024, 3, 2),
            d(2024, 3, 5)
        )
    );
    assert_eq!(f.series[0].rows.close[0], 62031.43);
    let f = load("kraken/kraken_ohlc.json");
    assert_eq!(
        shape(&f),
        (
            "Kraken OHLC JSON".into(),
            "BTC-USD".into(),
            4,
            d(2024, 3, 2),
            d(2024, 3, 5)
        )
    );
    assert_eq!(f.series[0].rows.close[1], 63134.6);
}

#[test]
fn yahoo_chart_json_skips_nulls_and_uses_the_exchange_date() {
    let f = load("yahoo_chart/CIFR.json");
    assert_eq!(
        shape(&f),
        (
            "Yahoo chart JSON".into(),
            "CIFR".into(),
            4,
            d(2024, 3, 4),
            d(2024, 3, 8)
        )
    );
    let days: Vec<NaiveDate> = f.series[0]
        .rows
        .days
        .iter()
        .map(|x| days_to_date(*x))
        .collect();
    assert_eq!(
        days,
        vec![d(2024, 3, 4), d(2024, 3, 5), d(2024, 3, 7), d(2024, 3, 8)]
    );
    assert_eq!(
        f.series[0].dropped,
        vec!["1 row with null prices (entry 3)"]
    );
}

#[test]
fn generic_csvs_in_every_dress() {
    let f = load("generic/WULF.csv");
    let (format, symbol, rows, first, last) = shape(&f);
    assert_eq!(
        format,
        "CSV (semicolon separated, decimal comma, DD.MM.YYYY dates)"
    );
    assert_eq!(
        (symbol.as_str(), rows, first, last),
        ("WULF", 4, d(2024, 3, 4), d(2024, 3, 7))
    );
    assert_eq!(f.series[0].rows.close[0], 5.98);
    assert_eq!(f.series[0].rows.volume[0], Some(38_012_300.0));
    let f = load("generic/HUT.tsv");
    assert_eq!(
        shape(&f),
        (
            "CSV (tab separated, unix seconds dates)".into(),
            "HUT".into(),
            4,
            d(2024, 3, 4),
            d(2024, 3, 7)
        )
    );
    let f = load("generic/APLD.csv");
    assert_eq!(
        shape(&f),
        (
            "CSV (comma separated, MM/DD/YYYY dates)".into(),
            "APLD".into(),
            5,
            d(2024, 3, 4),
            d(2024, 3, 8)
        )
    );
    let f = load("generic/miners_long.csv");
    let symbols: Vec<&str> = f.series.iter().map(|s| s.symbol.as_str()).collect();
    assert_eq!(symbols, vec!["IREN", "BITF"]);
    assert_eq!(f.series[1].rows.close, vec![2.36, 2.11, 2.27]);
}

#[test]
fn intraday_bars_are_resampled_to_daily_closes() {
    let f = load("intraday/btcusd_1-min_data.csv");
    let (format, _, rows, first, last) = shape(&f);
    assert_eq!(format, "Intraday CSV (1-minute bars)");
    assert_eq!((rows, first, last), (4, d(2024, 3, 4), d(2024, 3, 7)));
    let s = &f.series[0];
    assert_eq!(s.dropped, vec!["2 bars without a price (empty or NaN)"]);
    assert!(
        s.notes[0].starts_with("58 1-minute bars reduced to 4 daily closes"),
        "{:?}",
        s.notes
    );
    // The close of 2024-03-04 is the 23:59 bar (row 11 of the file).
    let text = fs::read_to_string(fixture("intraday/btcusd_1-min_data.csv")).unwrap();
    let row = text.lines().nth(10).unwrap();
    assert!(row.starts_with("1709596740.0,"), "{row}");
    let close: f64 = row.split(',').nth(4).unwrap().parse().unwrap();
    assert_eq!(s.rows.close[0], close);

    // Hourly, newest first, a URL line before the header, the symbol from its column.
    let f = load("intraday/Bitstamp_BTCUSD_1h.csv");
    let (format, symbol, rows, first, last) = shape(&f);
    assert_eq!(format, "Intraday CSV (hourly bars)");
    assert_eq!(
        (symbol.as_str(), rows, first, last),
        ("BTC-USD", 2, d(2024, 3, 4), d(2024, 3, 5))
    );
    let text = fs::read_to_string(fixture("intraday/Bitstamp_BTCUSD_1h.csv")).unwrap();
    // The newest row (2024-03-05 23:00) is the close of 2024-03-05.
    let close: f64 = text
        .lines()
        .nth(2)
        .unwrap()
        .split(',')
        .nth(6)
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(f.series[0].rows.close[1], close);
}

#[test]
fn a_big_minute_file_goes_through_the_fast_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("BTC-USD.csv");
    let mut text = String::from("Timestamp,Open,High,Low,Close,Volume\n");
    // Three UTC days of minutes from 2024-01-01 00:00, close = minute index.
    for i in 0..3 * 1440 {
        let t = 1_704_067_200 + 60 * i;
        text.push_str(&format!("{t},1,1,1,{},0.5\n", i + 1));
    }
    fs::write(&path, text).unwrap();
    let f = import_file(&path, &ImportOptions::default()).unwrap();
    let s = &f.series[0];
    assert_eq!(s.rows.close, vec![1440.0, 2880.0, 4320.0]);
    assert_eq!(s.rows.volume, vec![Some(720.0); 3]);
    assert_eq!(days_to_date(s.rows.days[0]), d(2024, 1, 1));

    // A bad cell deep in the file is named precisely, not as a polars error.
    let mut lines: Vec<String> = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    lines[2000] = "1704187140,1,1,1,n/a,0.5".into();
    fs::write(&path, lines.join("\n")).unwrap();
    assert_eq!(
        err_of(&path),
        "BTC-USD.csv: line 2001, column 5 (Close): 'n/a' is not a price"
    );
    lines[2000] = "1704187140,1,1,1,-3,0.5".into();
    fs::write(&path, lines.join("\n")).unwrap();
    assert_eq!(
        err_of(&path),
        "BTC-USD.csv: line 2001, column 5 (Close): '-3' is not a positive price"
    );
}

#[test]
fn parquet_written_by_out_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let batch = import::import_paths(
        &[fixture("generic/miners_long.csv")],
        &ImportOptions::default(),
        &|_| {},
    );
    let update = store::prepare(None, &batch).unwrap();
    for s in &update.symbols {
        store::write_parquet_atomic(dir.path(), &format!("{}.parquet", s.stats.symbol), &s.frame)
            .unwrap();
    }
    let f = import_file(&dir.path().join("IREN.parquet"), &ImportOptions::default()).unwrap();
    assert_eq!(f.format, Format::Parquet);
    assert_eq!(f.series[0].symbol, "IREN");
    assert_eq!(f.series[0].rows.close, vec![9.57, 8.62, 9.14]);
}

// ---------------------------------------------------------------- errors

#[test]
fn every_bad_input_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path();
    assert_eq!(err_text(t, "E.csv", ""), "E.csv: the file is empty");
    assert_eq!(err_text(t, "W.csv", " \n\n "), "W.csv: the file is empty");
    assert_eq!(
        err_text(t, "H.csv", "Date,Open,High,Low,Close,Adj Close,Volume\n"),
        "H.csv: has a header (Date,Open,High,Low,Close,Adj Close,Volume) but no rows of prices"
    );
    assert!(
        err_text(t, "ND.csv", "Symbol,Close\nMARA,1\n")
            .starts_with("ND.csv: has no date column: the header is 'Symbol,Close'"),
    );
    assert!(
        err_text(t, "NP.csv", "Date,Volume,Comment\n2024-01-02,5,hello\n")
            .starts_with("NP.csv: has no price column"),
    );
    assert_eq!(
        err_text(
            t,
            "BD.csv",
            "Date,Close\n2024-01-02,1\n2024-01-03,2\n2024-01-32,3\n"
        ),
        "BD.csv: line 4, column 1 (Date): '2024-01-32' is not a date (the rows above are YYYY-MM-DD)"
    );
    assert!(
        err_text(t, "UD.csv", "Date,Close\nsoon,1\nlater,2\n").starts_with(
            "UD.csv: line 2, column 1 (Date): 'soon' is not a date MinerLens can read"
        ),
    );
    // The example, on line 57.
    let mut text = String::from("Date,Open,High,Low,Close,Adj Close,Volume\n");
    for i in 0..60 {
        let day = d(2020, 1, 1) + chrono::Days::new(i);
        let close = if i == 55 {
            "n/a".to_owned()
        } else {
            format!("{}", 10 + i)
        };
        text.push_str(&format!("{day},1,1,1,{close},1,100\n"));
    }
    assert_eq!(
        err_text(t, "MARA.csv", &text),
        "MARA.csv: line 57, column 5 (Close): 'n/a' is not a price"
    );
    assert_eq!(
        err_text(t, "NEG.csv", "Date,Close\n2024-01-02,1\n2024-01-03,-0.5\n"),
        "NEG.csv: line 3, column 2 (Close): '-0.5' is not a positive price"
    );
    assert_eq!(
        err_text(t, "Z.csv", "Date,Close\n2024-01-02,0\n"),
        "Z.csv: line 2, column 2 (Close): '0' is not a positive price"
    );
    assert!(
        err_text(t, "JS.json", "{\"prices\":[[1704153600000,-1]]}")
            .contains("'-1' is not a positive price")
    );
    assert!(err_text(t, "BAD.json", "{\"prices\": [1,").starts_with("BAD.json: line 1: column"));
    assert!(
        err_text(
            t,
            "page.csv",
            "<!DOCTYPE html>\n<html><head><title>Sign in</title></head></html>"
        )
        .contains("is a web page (HTML), not price data")
    );
    let bin = t.join("blob.csv");
    fs::write(&bin, [0u8, 159, 146, 150, 0, 1, 2, 3, 4, 5, 6, 7, 8]).unwrap();
    assert_eq!(
        err_of(&bin),
        "blob.csv: is a binary file, not a text table of prices (CSV) or a JSON response"
    );
    let xlsx = t.join("prices.csv");
    fs::write(&xlsx, b"PK\x03\x04\x14\x00\x06\x00rest of a workbook").unwrap();
    assert!(err_of(&xlsx).contains("Excel workbook"));
    assert_eq!(
        err_of(&t.join("missing.csv")),
        "missing.csv: the file does not exist"
    );
}

#[test]
fn a_file_over_2_gib_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    let f = fs::File::create(&path).unwrap();
    // Sparse: takes no disk space, and nothing of it is read.
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    assert_eq!(
        err_of(&path),
        "huge.csv: is 2.0 GiB; MinerLens imports files up to 2 GiB (split it, or resample it to daily first)"
    );
}

#[test]
fn duplicates_keep_the_last_row_and_unsorted_rows_are_sorted() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("DUP.csv");
    fs::write(
        &p,
        "Date,Close\n2024-01-02,1\n2024-01-04,3\n2024-01-03,2\n2024-01-03,2.5\n",
    )
    .unwrap();
    let f = import_file(&p, &ImportOptions::default()).unwrap();
    let s = &f.series[0];
    assert_eq!(s.rows.close, vec![1.0, 2.5, 3.0]);
    assert_eq!(s.dropped_rows, 1);
    assert_eq!(
        s.dropped,
        vec![
            "1 row on a date already seen, kept the last row of each date (first: 2024-01-03 on lines 4 and 5)"
        ]
    );
    assert_eq!(
        s.notes,
        vec!["1 row out of date order (line 4 first): sorted by date"]
    );
}

#[test]
fn mixed_and_unexpected_frequencies_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("MIX.csv");
    let mut text = String::from("Date,Close\n");
    for i in 0..60 {
        text.push_str(&format!(
            "{},{}\n",
            d(2024, 1, 1) + chrono::Days::new(i),
            10 + i
        ));
    }
    for m in 4..=12 {
        text.push_str(&format!("2024-{m:02}-15,50\n"));
    }
    fs::write(&p, text).unwrap();
    let s = &import_file(&p, &ImportOptions::default()).unwrap().series[0];
    assert_eq!(s.rows.len(), 69);
    assert!(
        s.notes[0].starts_with("mixed frequencies: 9 of 68 gaps"),
        "{:?}",
        s.notes
    );
    let p = dir.path().join("W.csv");
    let text: String = std::iter::once("Date,Close\n".to_owned())
        .chain(
            (0..20).map(|i| format!("{},{}\n", d(2024, 1, 1) + chrono::Days::new(7 * i), 10 + i)),
        )
        .collect();
    fs::write(&p, text).unwrap();
    let s = &import_file(&p, &ImportOptions::default()).unwrap().series[0];
    assert!(
        s.notes[0].starts_with("the rows are weekly, not daily"),
        "{:?}",
        s.notes
    );
}

#[test]
fn garbage_never_panics() {
    // Deterministic pseudo-random inputs, some of them almost CSV, some almost JSON, with
    // multi-byte characters, byte order marks and bytes that are not UTF-8 at all.
    let dir = tempfile::tempdir().unwrap();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let pieces: [&[u8]; 24] = [
        b"0",
        b"12",
        b"-",
        b"/",
        b".",
        b",",
        b";",
        b"\t",
        b"\n",
        b"\"",
        b"$",
        b" ",
        b":",
        b"T",
        "é".as_bytes(),
        "€".as_bytes(),
        "年".as_bytes(),
        "Ú".as_bytes(),
        b"\xff",
        b"\xc3",
        b"\xef\xbb\xbf",
        b"{\"t\":",
        b"]",
        b"2024",
    ];
    let heads: [&[u8]; 6] = [
        b"",
        b"Date,Close\n",
        b"\xef\xbb\xbfDate;Schlusskurs\n",
        b"\"Data\",\"\xc3\x9altimo\",\"Abertura\",\"M\xc3\xa1xima\",\"M\xc3\xadnima\",\"Vol.\",\"Var%\"\n",
        b"[{\"date\":",
        b"\xff\xfeD\x00a\x00",
    ];
    for i in 0..600 {
        let mut text = heads[i % heads.len()].to_vec();
        for _ in 0..(i * 7) % 300 {
            text.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
        }
        let p = dir.path().join(format!("g{i}.csv"));
        fs::write(&p, &text).unwrap();
        let _ = import_file(&p, &ImportOptions::default());
    }
    // The 8-byte cell that used to panic (a byte index inside a multi-byte character).
    let p = dir.path().join("cjk.csv");
    fs::write(&p, "Date,Close\n2024年1,5\n".as_bytes()).unwrap();
    assert!(import_file(&p, &ImportOptions::default()).is_err());
}

// ---------------------------------------------------------------- layouts from the wild

/// Every file of `tests/fixtures/import/wild` (real layouts, invented numbers; see its README)
/// reads to the rows written down independently in `expected.json`.
#[test]
fn layouts_from_the_wild_read_to_their_expected_rows() {
    let dir = fixture("wild");
    let expected: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let formats = [
        ("investing-en.csv", "investing.com CSV (en)"),
        ("investing-en-legacy.csv", "investing.com CSV (en)"),
        ("investing-en-gb.csv", "investing.com CSV (en)"),
        ("investing-pt.csv", "investing.com CSV (pt)"),
        ("investing-pt-int.csv", "investing.com CSV (pt)"),
        ("investing-es.csv", "investing.com CSV (es)"),
        ("investing-de.csv", "investing.com CSV (de)"),
        ("investing-fr.csv", "investing.com CSV (fr)"),
        ("investing-it.csv", "investing.com CSV (it)"),
        ("bars-array.json", "JSON bar objects"),
        ("bars-array-ms.json", "JSON bar objects"),
        ("bars-array-iso.json", "JSON bar objects"),
        ("bars-array-short.json", "JSON bar objects"),
        ("alphavantage-daily.json", "Alpha Vantage daily JSON"),
        (
            "alphavantage-daily-adjusted.json",
            "Alpha Vantage daily JSON",
        ),
        ("polygon-aggs.json", "Polygon aggregates JSON"),
        ("tiingo-daily.json", "Tiingo daily JSON"),
        ("mt4-daily.csv", "MetaTrader CSV"),
        ("mt5-daily.csv", "MetaTrader CSV"),
        ("mt5-daily-notime.csv", "MetaTrader CSV"),
    ];
    for (name, format) in formats {
        let f = load(&format!("wild/{name}"));
        assert_eq!(f.format.to_string(), format, "{name}");
        assert_eq!(f.series.len(), 1, "{name}");
        let s = &f.series[0];
        let want = expected[name].as_array().unwrap();
        assert_eq!(s.rows.len(), want.len(), "{name}: {:?}", s.notes);
        for (i, row) in want.iter().enumerate() {
            let day = NaiveDate::parse_from_str(row[0].as_str().unwrap(), "%Y-%m-%d").unwrap();
            assert_eq!(
                minerlens::model::days_to_date(s.rows.days[i]),
                day,
                "{name} row {i}"
            );
            let close = row[1].as_f64().unwrap();
            assert!(
                (s.rows.close[i] - close).abs() < 1e-9,
                "{name} {day}: {}",
                s.rows.close[i]
            );
            let volume = row[2].as_f64().unwrap();
            assert_eq!(s.rows.volume[i], Some(volume), "{name} {day}");
        }
    }
    // The adjusted variants keep the adjusted close apart.
    let adjusted = load("wild/alphavantage-daily-adjusted.json");
    assert!(
        adjusted.series[0]
            .rows
            .adj_close
            .iter()
            .all(Option::is_some)
    );
    assert_eq!(adjusted.series[0].symbol, "MARA");
    // Alpha Vantage's errors and rate limits come as JSON with HTTP 200: refused with their text.
    for name in [
        "alphavantage-error.json",
        "alphavantage-note.json",
        "alphavantage-information.json",
    ] {
        let e = import_file(&fixture(&format!("wild/{name}")), &ImportOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("is an Alpha Vantage message, not prices"),
            "{name}: {e}"
        );
    }
}

/// Old nasdaq.com exports start with the time of the day's quote: that row is skipped and
/// counted, the rest reads.
#[test]
fn a_quote_time_row_is_skipped_and_reported() {
    let f = load("nasdaq/old-export-quote-time.csv");
    assert_eq!(f.format.to_string(), "Nasdaq CSV");
    let s = &f.series[0];
    assert_eq!(s.rows.close, vec![108.9, 110.1, 112.8]);
    assert_eq!(s.dropped_rows, 1);
    assert!(s.dropped[0].contains("quote-time row"), "{:?}", s.dropped);
}

/// Minute bars with US dates: read month first when the days prove it, refused with the way
/// out when nothing does, and read as told with --date-order.
#[test]
fn intraday_us_dates_are_decided_by_evidence_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = |days: &[u32]| {
        let mut t = String::from("Date,Open,High,Low,Close,Volume\n");
        for d in days {
            for m in 0..40 {
                let px = 100.0 + f64::from(*d) + f64::from(m) / 100.0;
                t.push_str(&format!("11/{d}/2019 9:{m:02},{px},{px},{px},{px},1\n"));
            }
        }
        t
    };
    let p = dir.path().join("BTC-USD.csv");
    fs::write(&p, minutes(&[4, 5, 6, 7])).unwrap();
    let f = import_file(&p, &ImportOptions::default()).unwrap();
    let s = &f.series[0];
    assert_eq!(
        minerlens::model::days_to_date(s.rows.days[0]),
        d(2019, 11, 4),
        "November 4th, not April 11th"
    );
    assert_eq!(s.rows.len(), 4);
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("dates read as MM/DD/YYYY")),
        "{:?}",
        s.notes
    );
    // One day of bars: nothing says which number is the month.
    fs::write(&p, minutes(&[5])).unwrap();
    let e = import_file(&p, &ImportOptions::default()).unwrap_err();
    assert!(
        matches!(e, minerlens::data::DataError::AmbiguousDates { .. }),
        "{e}"
    );
    assert!(e.to_string().contains("--date-order mdy"), "{e}");
    let told = import_file(
        &p,
        &ImportOptions {
            date_order: Some(minerlens::data::import::DateOrder::Mdy),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        minerlens::model::days_to_date(told.series[0].rows.days[0]),
        d(2019, 11, 5)
    );
    // The command line says the same and takes the choice.
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = minerlens(home.path(), &["import", p.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(
        format!("{out}{err}").contains("could be month/day"),
        "{out}{err}"
    );
    let (code, _, err) = minerlens(
        home.path(),
        &["import", "--date-order", "dmy", p.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
}

// ---------------------------------------------------------------- merge and store

fn write_csv(path: &Path, rows: &[(NaiveDate, f64)]) {
    let mut text = String::from("Date,Close\n");
    for (day, c) in rows {
        text.push_str(&format!("{day},{c}\n"));
    }
    fs::write(path, text).unwrap();
}

fn set_mtime(path: &Path, secs_ago: u64) {
    let f = fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(secs_ago))
        .unwrap();
}

/// Every file of the store and its bytes.
use crate::common::snapshot;

#[test]
fn the_newer_file_wins_on_shared_dates_and_the_merge_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let store = PriceStore::new(dir.path().join("store"));
    let old = dir.path().join("old/MARA.csv");
    let new = dir.path().join("new/MARA.csv");
    fs::create_dir_all(old.parent().unwrap()).unwrap();
    fs::create_dir_all(new.parent().unwrap()).unwrap();
    let days: Vec<NaiveDate> = (0..10)
        .map(|i| d(2024, 1, 1) + chrono::Days::new(i))
        .collect();
    write_csv(
        &old,
        &days[..6].iter().map(|x| (*x, 1.0)).collect::<Vec<_>>(),
    );
    write_csv(
        &new,
        &days[4..].iter().map(|x| (*x, 2.0)).collect::<Vec<_>>(),
    );

    // First import: stored as is.
    let run = run_import(
        std::slice::from_ref(&old),
        &ImportOptions::default(),
        Some(&store),
        &|_| {},
    );
    assert!(run.stored);
    let stats = run.update.unwrap().stats();
    assert_eq!(
        (stats[0].added, stats[0].replaced, stats[0].rows),
        (6, 0, 6)
    );

    // Second import overlaps on 2 dates: they take the new file's rows.
    let run = run_import(
        std::slice::from_ref(&new),
        &ImportOptions::default(),
        Some(&store),
        &|_| {},
    );
    let stats = run.update.unwrap().stats();
    assert_eq!(
        (
            stats[0].stored_rows,
            stats[0].added,
            stats[0].replaced,
            stats[0].rows
        ),
        (6, 4, 2, 10)
    );
    assert_eq!(
        stats[0].describe(),
        "MARA: 10 rows (+4 new, 2 replaced, 2 with other prices (median 100.00%, largest \
         100.00% on 2024-01-06), merged with 6 stored)"
    );
    let series = store.load("MARA").unwrap().unwrap().series("MARA").unwrap();
    assert_eq!(
        series.prices,
        vec![1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0]
    );

    // Two files of one import: the newer by modification time wins, whatever the order given.
    let store2 = PriceStore::new(dir.path().join("store2"));
    set_mtime(&new, 3600);
    set_mtime(&old, 60);
    let run = run_import(
        &[old.clone(), new.clone()],
        &ImportOptions::default(),
        Some(&store2),
        &|_| {},
    );
    let stats = run.update.unwrap().stats();
    assert_eq!((stats[0].added, stats[0].overlapping), (10, 2));
    let series = store2
        .load("MARA")
        .unwrap()
        .unwrap()
        .series("MARA")
        .unwrap();
    assert_eq!(series.prices[4..6], [1.0, 1.0]);
}

#[test]
fn a_failed_import_leaves_the_store_byte_for_byte_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store = PriceStore::new(dir.path().join("store"));
    let good = dir.path().join("MARA.csv");
    write_csv(&good, &[(d(2024, 1, 2), 1.0), (d(2024, 1, 3), 2.0)]);
    assert!(
        run_import(
            std::slice::from_ref(&good),
            &ImportOptions::default(),
            Some(&store),
            &|_| {}
        )
        .stored
    );
    let before = snapshot(store.dir());
    let stored_files = before.keys().filter(|k| !k.starts_with(".undo/")).count();
    assert_eq!(stored_files, 1, "{:?}", before.keys());

    // A newer MARA with new rows, plus a broken file: nothing is written.
    let newer = dir.path().join("new/MARA.csv");
    fs::create_dir_all(newer.parent().unwrap()).unwrap();
    write_csv(&newer, &[(d(2024, 1, 3), 9.0), (d(2024, 1, 4), 9.5)]);
    let bad = dir.path().join("RIOT.csv");
    fs::write(&bad, "Date,Close\n2024-01-02,oops\n").unwrap();
    let run = run_import(
        &[newer.clone(), bad],
        &ImportOptions::default(),
        Some(&store),
        &|_| {},
    );
    assert!(!run.stored);
    assert!(run.update.is_none());
    assert_eq!(run.batch.loaded().count(), 1);
    assert_eq!(snapshot(store.dir()), before);

    // A file that does not exist fails the import the same way.
    let run = run_import(
        &[newer, dir.path().join("nope.csv")],
        &ImportOptions::default(),
        Some(&store),
        &|_| {},
    );
    assert!(!run.stored);
    assert_eq!(snapshot(store.dir()), before);
}

/// A second file of the same symbol whose values are the previous day's closes is recognised
/// and reported (count, median, largest, the one-day shift); the import can be undone, byte for
/// byte, from the store and the command line; a later change is never undone over.
#[test]
fn replaced_prices_are_reported_and_the_import_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let store = PriceStore::new(dir.path().join("store"));
    let days: Vec<NaiveDate> = (0..30)
        .map(|i| d(2024, 1, 1) + chrono::Days::new(i))
        .collect();
    let price = |i: usize| 40_000.0 + 800.0 * ((i * 7) % 5) as f64 + 100.0 * i as f64;
    let first = dir.path().join("a/BTC-USD.csv");
    fs::create_dir_all(first.parent().unwrap()).unwrap();
    write_csv(
        &first,
        &days
            .iter()
            .enumerate()
            .map(|(i, d)| (*d, price(i)))
            .collect::<Vec<_>>(),
    );
    assert!(
        run_import(
            std::slice::from_ref(&first),
            &ImportOptions::default(),
            Some(&store),
            &|_| {}
        )
        .stored
    );
    let after_first = snapshot(store.dir());

    // The same dates, each carrying the close of the day before (Nasdaq Data Link's MKPRU).
    let shifted = dir.path().join("b/BTC-USD.csv");
    fs::create_dir_all(shifted.parent().unwrap()).unwrap();
    write_csv(
        &shifted,
        &days
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, d)| (*d, price(i - 1)))
            .collect::<Vec<_>>(),
    );
    let run = run_import(
        std::slice::from_ref(&shifted),
        &ImportOptions::default(),
        Some(&store),
        &|_| {},
    );
    assert!(run.stored);
    let stats = &run.update.unwrap().stats()[0];
    assert_eq!(stats.replaced, 29);
    let c = &stats.conflicts;
    assert_eq!(c.changed, 29);
    assert!(c.shifted_one_day);
    assert!(
        c.median_diff_pct.unwrap() > 0.05 && c.max_diff_pct.unwrap() >= c.median_diff_pct.unwrap()
    );
    let text = stats.describe();
    assert!(
        text.contains("29 replaced, 29 with other prices (median"),
        "{text}"
    );
    assert!(
        text.contains("the new values equal the stored prices one day earlier"),
        "{text}"
    );
    assert_eq!(store.last_change().unwrap().what, "import of BTC-USD.csv");

    // Undo: the store is byte for byte what the first import left.
    let undone = store.undo_last().unwrap();
    assert_eq!(undone.files[0].symbol, "BTC-USD");
    let mut now = snapshot(store.dir());
    let mut expected = after_first.clone();
    now.retain(|k, _| !k.starts_with(".undo/"));
    expected.retain(|k, _| !k.starts_with(".undo/"));
    assert_eq!(now, expected);
    assert!(
        store
            .undo_last()
            .unwrap_err()
            .to_string()
            .contains("no import or fetch to undo")
    );

    // The command line: undo a new symbol, and refuse when a later change would be lost.
    let home = tempfile::tempdir().unwrap();
    let mara = dir.path().join("MARA.csv");
    write_csv(&mara, &[(d(2024, 1, 2), 1.0), (d(2024, 1, 3), 2.0)]);
    let (code, _, err) = minerlens(home.path(), &["import", mara.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = minerlens(home.path(), &["import", "--undo"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Undid the import of MARA.csv"), "{out}");
    assert!(out.contains("MARA: removed (it was new)"), "{out}");
    let (code, _, err) = minerlens(home.path(), &["import", "--undo"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no import or fetch to undo"), "{err}");
    let (code, _, _) = minerlens(home.path(), &["import", mara.to_str().unwrap()]);
    assert_eq!(code, 0);
    let home_store = PriceStore::new(home.path().join("data/prices"));
    let stored = home_store.file_for("MARA");
    assert!(stored.is_file(), "{}", stored.display());
    std::fs::write(&stored, b"changed by hand").unwrap();
    let (code, _, err) = minerlens(home.path(), &["import", "--undo"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("MARA changed after the import of MARA.csv"),
        "{err}"
    );
}

// ---------------------------------------------------------------- command line

fn minerlens(home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_minerlens"))
        .args(args)
        .env("MINERLENS_HOME", home)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn cli_prints_the_summary_and_fills_the_store() {
    let home = tempfile::tempdir().unwrap();
    let a = fixture("yahoo/MARA.csv");
    let b = fixture("stooq/clsk_us_d.csv");
    let (code, out, err) = minerlens(
        home.path(),
        &["import", a.to_str().unwrap(), b.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("file"), "{out}");
    assert!(out.contains("MARA.csv       Yahoo CSV  MARA"), "{out}");
    assert!(out.contains("1 row without a price (line 5)"), "{out}");
    assert!(out.contains("Saved to the price store"), "{out}");
    let store = PriceStore::new(home.path().join("data/prices"));
    assert_eq!(store.symbols(), vec!["CLSK", "MARA"]);

    let (code, out, _) = minerlens(
        home.path(),
        &["import", "--format", "json", a.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["files"][0]["format"], "Yahoo CSV");
    assert_eq!(json["files"][0]["rows"], 4);
    assert_eq!(json["files"][0]["first_date"], "2024-03-04");
    assert_eq!(json["errors"].as_array().unwrap().len(), 0);
    assert_eq!(json["store"]["written"], true);
    assert_eq!(json["store"]["symbols"][0]["replaced"], 4);
}

/// The commands read what the window reads: the demo universe with the store on top.
#[test]
fn analysis_commands_read_the_store_unless_told_not_to() {
    let home = tempfile::tempdir().unwrap();
    let a = fixture("yahoo/MARA.csv");
    let (code, _, err) = minerlens(home.path(), &["import", a.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let window = [
        "analyze",
        "--symbols",
        "MARA",
        "--from",
        "2024-03-01",
        "--to",
        "2024-03-31",
        "--format",
        "json",
    ];
    let (code, out, err) = minerlens(home.path(), &window);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let row = &json["rows"][0];
    assert_eq!(row["start_date"], "2024-03-04");
    assert_eq!(row["end_date"], "2024-03-08");
    assert_eq!(row["start_price"], 23.1);
    assert_eq!(row["end_price"], 23.48);

    let mut demo_only = window.to_vec();
    demo_only.push("--no-store");
    let (code, out, err) = minerlens(home.path(), &demo_only);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_ne!(json["rows"][0]["start_price"], 23.1);
    assert_ne!(json["rows"][0]["end_date"], "2024-03-08");
}

#[test]
fn cli_reports_loaded_files_then_errors_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    let bad = home.path().join("BAD.csv");
    fs::write(&bad, "Date,Close\n2024-01-02,1\n2024-01-03,n/a\n").unwrap();
    let good = fixture("yahoo/RIOT.csv");
    let (code, out, err) = minerlens(
        home.path(),
        &["import", good.to_str().unwrap(), bad.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(out.contains("RIOT.csv  Yahoo CSV  RIOT"), "{out}");
    assert!(out.contains("The price store was not changed"), "{out}");
    assert_eq!(
        err,
        "error: BAD.csv: line 3, column 2 (Close): 'n/a' is not a price\n"
    );
    assert!(!home.path().join("data/prices").exists());
    let (code, out, _) = minerlens(
        home.path(),
        &[
            "import",
            "--format",
            "json",
            good.to_str().unwrap(),
            home.path().join("nope.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json["errors"][0]["message"],
        "nope.csv: the file does not exist"
    );
    assert_eq!(json["files"][0]["symbol"], "RIOT");
}

#[test]
fn cli_out_writes_the_long_form_per_symbol() {
    let home = tempfile::tempdir().unwrap();
    let out_dir = home.path().join("out");
    let (code, out, err) = minerlens(
        home.path(),
        &[
            "import",
            "--no-store",
            "--out",
            out_dir.to_str().unwrap(),
            fixture("generic/miners_long.csv").to_str().unwrap(),
            fixture("nasdaq/HistoricalData_1709942400000.csv")
                .to_str()
                .unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Not saved to the price store (--no-store)"),
        "{out}"
    );
    assert!(!home.path().join("data").exists());
    let mut names: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "BITF.parquet",
            "HISTORICALDATA_17099.parquet",
            "IREN.parquet"
        ]
    );
    let f = import_file(&out_dir.join("BITF.parquet"), &ImportOptions::default()).unwrap();
    assert_eq!(f.series[0].rows.close, vec![2.36, 2.11, 2.27]);

    // --symbol names what the file name cannot.
    let (code, _, _) = minerlens(
        home.path(),
        &[
            "import",
            "--symbol",
            "iren",
            fixture("nasdaq/HistoricalData_1709942400000.csv")
                .to_str()
                .unwrap(),
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        PriceStore::new(home.path().join("data/prices")).symbols(),
        vec!["IREN"]
    );
    let (code, _, err) = minerlens(home.path(), &["import", "--symbol", "no way", "x.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("--symbol no way"), "{err}");
}

#[test]
fn analyze_reads_any_format_through_prices() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = minerlens(
        home.path(),
        &[
            "analyze",
            "--prices",
            fixture("yahoo/MARA.csv").to_str().unwrap(),
            fixture("coinbase/BTC-USD.candles.json").to_str().unwrap(),
            "--window",
            "All",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["rows"][0]["symbol"], "MARA");
}

// ---------------------------------------------------------------- real data

#[test]
// One table of every real file with its independently counted rows.
#[allow(clippy::too_many_lines)]
fn imports_every_real_data_file() {
    let Some(root) = crate::common::realdata("", "import::imports_every_real_data_file") else {
        return;
    };
    // (file, symbol, rows, first, last), counted independently from the raw files.
    let expected: [(&str, &str, usize, NaiveDate, NaiveDate); 20] = [
        (
            "prices/APLD.csv",
            "APLD",
            478,
            d(2022, 4, 13),
            d(2024, 3, 8),
        ),
        (
            "prices/BITF.csv",
            "BITF",
            1148,
            d(2019, 8, 16),
            d(2024, 3, 8),
        ),
        (
            "prices/BTC-USD.csv",
            "BTC-USD",
            3472,
            d(2014, 9, 17),
            d(2024, 3, 19),
        ),
        (
            "prices/BTC-USD.nasdaq-data-link.csv",
            "BTC-USD",
            5257,
            d(2010, 8, 16),
            d(2025, 1, 16),
        ),
        (
            "prices/BTDR.csv",
            "BTDR",
            658,
            d(2021, 7, 28),
            d(2024, 3, 8),
        ),
        (
            "prices/CIFR.csv",
            "CIFR",
            851,
            d(2020, 10, 20),
            d(2024, 3, 8),
        ),
        (
            "prices/CLSK.csv",
            "CLSK",
            1838,
            d(2016, 11, 16),
            d(2024, 3, 8),
        ),
        (
            "prices/COIN.csv",
            "COIN",
            731,
            d(2021, 4, 14),
            d(2024, 3, 8),
        ),
        ("prices/CORZ.csv", "CORZ", 32, d(2024, 1, 24), d(2024, 3, 8)),
        (
            "prices/HIVE.csv",
            "HIVE",
            3296,
            d(2011, 2, 2),
            d(2024, 3, 8),
        ),
        ("prices/HUT.csv", "HUT", 1511, d(2018, 3, 8), d(2024, 3, 8)),
        (
            "prices/IREN.csv",
            "IREN",
            579,
            d(2021, 11, 17),
            d(2024, 3, 8),
        ),
        (
            "prices/MARA.csv",
            "MARA",
            2980,
            d(2012, 5, 4),
            d(2024, 3, 8),
        ),
        (
            "prices/MSTR.csv",
            "MSTR",
            6084,
            d(2000, 1, 3),
            d(2024, 3, 8),
        ),
        (
            "prices/RIOT.csv",
            "RIOT",
            1999,
            d(2016, 3, 31),
            d(2024, 3, 8),
        ),
        (
            "prices/WULF.csv",
            "WULF",
            6084,
            d(2000, 1, 3),
            d(2024, 3, 8),
        ),
        (
            "yahoo_chart/AAPL.json",
            "AAPL",
            127,
            d(2025, 4, 30),
            d(2025, 10, 29),
        ),
        (
            "yahoo_chart/GS2C.DE.json",
            "GS2C.DE",
            5,
            d(2025, 10, 23),
            d(2025, 10, 29),
        ),
        (
            "yahoo_chart/MSFT.json",
            "MSFT",
            127,
            d(2025, 4, 30),
            d(2025, 10, 29),
        ),
        (
            "yahoo_chart/VFINX.json",
            "VFINX",
            164,
            d(1985, 1, 1),
            d(2025, 10, 1),
        ),
    ];
    let mut seen = 0;
    for dir in ["prices", "yahoo_chart"] {
        for entry in fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let rel = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            let Some(&(_, symbol, rows, first, last)) = expected.iter().find(|e| e.0 == rel) else {
                println!("note: {rel} is new in the real data; not checked");
                continue;
            };
            let f = import_file(&path, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"));
            let (_, s, n, a, b) = shape(&f);
            assert_eq!((s.as_str(), n, a, b), (symbol, rows, first, last), "{rel}");
            let no_notes = !rel.contains("VFINX");
            assert_eq!(
                f.series[0].notes.is_empty() && f.series[0].dropped.is_empty(),
                no_notes,
                "{rel}: {:?}",
                f.series[0]
            );
            seen += 1;
        }
    }
    assert_eq!(seen, expected.len());
    let vfinx = import_file(
        &root.join("yahoo_chart/VFINX.json"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert!(vfinx.series[0].notes[0].starts_with("the rows are quarterly, not daily"));
    let formats: Vec<String> = [
        "prices/MARA.csv",
        "prices/BTC-USD.nasdaq-data-link.csv",
        "yahoo_chart/AAPL.json",
    ]
    .iter()
    .map(|r| {
        import_file(&root.join(r), &ImportOptions::default())
            .unwrap()
            .format
            .to_string()
    })
    .collect();
    assert_eq!(
        formats,
        vec!["Yahoo CSV", "Nasdaq Data Link CSV", "Yahoo chart JSON"]
    );
}

/// The case from the field: Yahoo's BTC-USD stored, then Nasdaq Data Link's MKPRU (each value
/// about the previous day's close) imported over it. The report names the shift.
#[test]
fn a_real_one_day_shift_is_recognised() {
    let Some(dir) = crate::common::realdata("prices", "import::a_real_one_day_shift_is_recognised")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let store = PriceStore::new(tmp.path().join("store"));
    let yahoo = dir.join("BTC-USD.csv");
    assert!(run_import(&[yahoo], &ImportOptions::default(), Some(&store), &|_| {}).stored);
    let mkpru = dir.join("BTC-USD.nasdaq-data-link.csv");
    let run = run_import(&[mkpru], &ImportOptions::default(), Some(&store), &|_| {});
    let stats = &run.update.unwrap().stats()[0];
    assert!(stats.replaced > 3400, "{}", stats.describe());
    assert!(stats.conflicts.changed > 3000, "{}", stats.describe());
    assert!(stats.conflicts.shifted_one_day, "{}", stats.describe());
    // And it can be taken back.
    store.undo_last().unwrap();
    let btc = store
        .load("BTC-USD")
        .unwrap()
        .unwrap()
        .series("BTC-USD")
        .unwrap();
    assert_eq!(btc.last_date(), Some(d(2024, 3, 19)));
}
