//! Yahoo Finance daily CSV: `Date,Open,High,Low,Close,Adj Close,Volume`.
//!
//! Writing is used by the demo generator; reading accepts both column orders Yahoo has used,
//! files without a trailing newline, a byte-order mark, and Yahoo's `null` rows (skipped and
//! counted).

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::DataError;
use super::prices::PriceRows;

pub const HEADER: &str = "Date,Open,High,Low,Close,Adj Close,Volume";

/// One daily bar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    pub date: NaiveDate,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
    pub adj_close: f64,
    pub volume: f64,
}

/// Writes bars in Yahoo's layout: prices with 6 decimals, volume as an integer, `\n` endings.
pub fn write(bars: &[Bar]) -> String {
    let mut out = String::with_capacity(64 + bars.len() * 80);
    out.push_str(HEADER);
    out.push('\n');
    for b in bars {
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "{},{:.6},{:.6},{:.6},{:.6},{:.6},{:.0}",
            b.date.format("%Y-%m-%d"),
            b.open,
            b.high,
            b.low,
            b.close,
            b.adj_close,
            b.volume
        );
    }
    out
}

/// The result of reading one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub rows: PriceRows,
    /// Rows skipped because Yahoo wrote `null` for every price.
    pub null_rows: usize,
}

/// Parses a Yahoo daily CSV (either column order, BOM, no trailing newline, `null` rows)
/// through the importer's CSV reader, so there is one CSV parser. `file` is only used in error
/// messages; a file that is not in Yahoo's layout is refused.
pub fn parse(text: &str, file: &str) -> Result<Parsed, DataError> {
    let (format, series) = super::import::parse_csv_text(text, file, "X")?;
    if format != super::import::Format::YahooCsv {
        return Err(DataError::file(
            file,
            format!("is {format}, not Yahoo CSV (Date,Open,High,Low,Close,Adj Close,Volume)"),
        ));
    }
    let null_rows = series.iter().map(|s| s.dropped_rows).sum();
    let rows = series
        .into_iter()
        .next()
        .map(|s| s.rows)
        .unwrap_or_default();
    Ok(Parsed { rows, null_rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    #[test]
    fn write_then_parse_round_trips() {
        let bars = [Bar {
            date: ymd(2026, 1, 2),
            open: 1.0,
            high: 2.0,
            low: 0.5,
            close: 1.5,
            adj_close: 1.25,
            volume: 1000.0,
        }];
        let text = write(&bars);
        assert_eq!(
            text,
            "Date,Open,High,Low,Close,Adj Close,Volume\n2026-01-02,1.000000,2.000000,0.500000,1.500000,1.250000,1000\n"
        );
        let parsed = parse(&text, "X.csv").unwrap();
        assert_eq!(parsed.rows.close, vec![1.5]);
        assert_eq!(parsed.rows.adj_close, vec![Some(1.25)]);
    }

    #[test]
    fn newer_column_order_nulls_and_no_trailing_newline() {
        let text = "\u{feff}Date,Adj Close,Close,High,Low,Open,Volume\n2024-01-02,9,10,11,9,10,5\n2024-01-03,null,null,null,null,null,null\n2024-01-04,10,11,12,10,11,6";
        let parsed = parse(text, "X.csv").unwrap();
        assert_eq!(parsed.rows.close, vec![10.0, 11.0]);
        assert_eq!(parsed.rows.adj_close, vec![Some(9.0), Some(10.0)]);
        assert_eq!(parsed.null_rows, 1);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let err = parse(
            "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,n/a,1,1\n",
            "MARA.csv",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "MARA.csv: line 2, column 5 (Close): 'n/a' is not a price"
        );
        let err = parse("", "E.csv").unwrap_err().to_string();
        assert!(err.contains("empty"), "{err}");
        let err = parse("Date,Open,High,Low,Close,Adj Close,Volume\n", "H.csv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no rows of prices"), "{err}");
    }
}
