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

/// True when the first line is a Yahoo header (either column order).
pub fn looks_like_yahoo(first_line: &str) -> bool {
    let cols: Vec<String> = first_line
        .trim_start_matches('\u{feff}')
        .trim()
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    let has = |name: &str| cols.iter().any(|c| c == name);
    has("date") && has("close") && has("adj close") && has("open")
}

/// Parses a Yahoo daily CSV. `file` is only used in error messages.
pub fn parse(text: &str, file: &str) -> Result<Parsed, DataError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().ok_or_else(|| DataError::File {
        file: file.into(),
        message: "the file is empty".into(),
    })?;
    let names: Vec<String> = header
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    let find = |name: &str| names.iter().position(|c| c == name);
    let (Some(i_date), Some(i_close)) = (find("date"), find("close")) else {
        return Err(DataError::File {
            file: file.into(),
            message: format!("the header '{header}' is not a Yahoo header (Date ... Close ...)"),
        });
    };
    let i_adj = find("adj close");
    let i_vol = find("volume");
    let mut parsed = Parsed::default();
    let mut last_date: Option<NaiveDate> = None;
    for (index, line) in lines {
        let line_no = index + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').collect();
        let field = |i: usize, name: &str| -> Result<&str, DataError> {
            fields
                .get(i)
                .map(|f| f.trim())
                .ok_or_else(|| DataError::Parse {
                    file: file.into(),
                    line: line_no,
                    message: format!("the {name} column is missing"),
                })
        };
        let date_text = field(i_date, "Date")?;
        let date =
            NaiveDate::parse_from_str(date_text, "%Y-%m-%d").map_err(|_| DataError::Parse {
                file: file.into(),
                line: line_no,
                message: format!("'{date_text}' is not a date (expected YYYY-MM-DD)"),
            })?;
        let close_text = field(i_close, "Close")?;
        if close_text.eq_ignore_ascii_case("null") {
            parsed.null_rows += 1;
            continue;
        }
        let close = parse_price(close_text, file, line_no, "Close")?;
        let adj = match i_adj {
            Some(i) => {
                let t = field(i, "Adj Close")?;
                if t.eq_ignore_ascii_case("null") {
                    None
                } else {
                    Some(parse_price(t, file, line_no, "Adj Close")?)
                }
            }
            None => None,
        };
        let volume = match i_vol {
            Some(i) => field(i, "Volume")?
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite()),
            None => None,
        };
        if let Some(prev) = last_date.filter(|prev| date <= *prev) {
            return Err(DataError::Parse {
                file: file.into(),
                line: line_no,
                message: format!("date {date} is not after the previous row's {prev}"),
            });
        }
        last_date = Some(date);
        parsed.rows.push(date, close, adj, volume);
    }
    if parsed.rows.is_empty() {
        return Err(DataError::File {
            file: file.into(),
            message: "no price rows after the header".into(),
        });
    }
    Ok(parsed)
}

fn parse_price(text: &str, file: &str, line: usize, column: &str) -> Result<f64, DataError> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        Ok(_) => Err(DataError::Parse {
            file: file.into(),
            line,
            message: format!("{column} '{text}' is not a positive price"),
        }),
        Err(_) => Err(DataError::Parse {
            file: file.into(),
            line,
            message: format!("{column} '{text}' is not a price"),
        }),
    }
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
        assert!(looks_like_yahoo(text.lines().next().unwrap()));
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
        assert_eq!(err, "MARA.csv: line 2: Close 'n/a' is not a price");
        let err = parse("", "E.csv").unwrap_err().to_string();
        assert!(err.contains("empty"), "{err}");
        let err = parse("Date,Open,High,Low,Close,Adj Close,Volume\n", "H.csv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no price rows"), "{err}");
    }
}
