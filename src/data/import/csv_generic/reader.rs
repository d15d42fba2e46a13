//! The row reading loop: every line of the file read with a [`Layout`], rows that are not
//! prices skipped and counted, a footer told from a bad row in the middle of the data.

use std::borrow::Cow;
use std::collections::HashMap;

use super::Layout;
use super::dates::{is_clock, settle_date_order};
use super::header::key;
use crate::data::DataError;
use crate::data::import::cells::{
    DateOrder, Decimal, Stamp, is_missing, parse_number, parse_time, parse_volume, split_line,
};
use crate::data::import::clean_symbol;
use crate::data::import::rows::{RawRow, RawSeries, Unit, check_price};

/// Reads every row of `text` with a layout from [`layout`](super::layout). Rows of different
/// symbols (a symbol column) become separate series; `fallback_symbol` names rows without one.
// The row loop: every way a row can be skipped or refused is one arm, in the order the
// import report lists them.
#[allow(clippy::too_many_lines)]
pub(in crate::data::import) fn parse(
    text: &str,
    layout: &Layout,
    file: &str,
    fallback_symbol: &str,
    date_order: Option<DateOrder>,
) -> Result<Vec<RawSeries>, DataError> {
    let text = text.trim_start_matches('\u{feff}');
    let (date_format, order_note) = settle_date_order(text, layout, file, date_order)?;
    let mut series: Vec<RawSeries> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut cells: Vec<Cow<'_, str>> = Vec::with_capacity(layout.names.len());
    let field_err = |line: usize, col: usize, message: String| DataError::Field {
        file: file.into(),
        line,
        column: col + 1,
        name: layout.names.get(col).cloned().unwrap_or_default(),
        message,
    };
    let needed = [
        Some(layout.date_col),
        Some(layout.close_col),
        layout.adj_col,
        layout.symbol_col,
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0);
    let mut current: Option<usize> = None;
    let header_keys: Vec<String> = layout.names.iter().map(|n| key(n)).collect();
    // Rows that are not prices: skipped and counted (reason -> count, first line).
    let mut skipped: Vec<(&'static str, usize)> = Vec::new();
    // A row without a readable date, held back: an error if prices follow it, a footer if not.
    let mut held: Option<(usize, DataError)> = None;
    let mut held_lines = 0usize;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line_no <= layout.header_line {
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        split_line(line, layout.delim, &mut cells);
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if layout.header_line != 0
            && cells.len() == header_keys.len()
            && cells.iter().zip(&header_keys).all(|(c, k)| key(c) == *k)
        {
            skipped.push(("repeated header line", line_no));
            continue;
        }
        if cells.len() <= needed {
            // A preamble line before a headerless file, or a short row.
            if layout.header_line == 0 && series.is_empty() && cells.len() == 1 {
                continue;
            }
            let err = field_err(
                line_no,
                needed.min(cells.len()),
                format!(
                    "the row has {} fields, the header has {}",
                    cells.len(),
                    layout.names.len()
                ),
            );
            if series.is_empty() || !looks_like_footer(&cells[0]) {
                return Err(err);
            }
            held.get_or_insert((line_no, err));
            held_lines += 1;
            continue;
        }
        let date_text = cells[layout.date_col].trim();
        if is_clock(date_text) {
            // Old nasdaq.com exports start with the time of the day's quote ("16:00").
            skipped.push((
                "quote-time row (the time of the day's quote, not a date)",
                line_no,
            ));
            continue;
        }
        let Some(mut stamp) = date_format.parse(date_text) else {
            let err = field_err(
                line_no,
                layout.date_col,
                format!(
                    "'{date_text}' is not a date (the rows above are {})",
                    date_format.label()
                ),
            );
            if series.is_empty() || !looks_like_footer(date_text) {
                return Err(err);
            }
            held.get_or_insert((line_no, err));
            held_lines += 1;
            continue;
        };
        if let Some((_, err)) = held.take() {
            // Prices after it: the bad row is in the middle of the data.
            return Err(err);
        }
        if layout.midnight_is_previous_day {
            stamp = Stamp::from_unix_secs(stamp.key() - 1);
        }
        let symbol = match layout.symbol_col {
            Some(c) => {
                let s = clean_symbol(&cells[c]);
                if s.is_empty() {
                    fallback_symbol.to_owned()
                } else {
                    s
                }
            }
            None => fallback_symbol.to_owned(),
        };
        let slot = match current {
            Some(k) if series[k].symbol == symbol => k,
            _ => {
                let k = *index.entry(symbol.clone()).or_insert_with(|| {
                    series.push(RawSeries::new(symbol.clone(), Unit::Line));
                    series.len() - 1
                });
                current = Some(k);
                k
            }
        };
        let close_text = cells[layout.close_col].trim();
        if is_missing(close_text) {
            series[slot].drop_row("without a price", line_no);
            continue;
        }
        let close = parse_price(close_text, layout.decimal)
            .map_err(|m| field_err(line_no, layout.close_col, m))?;
        let adj_close = match layout.adj_col {
            Some(c) => {
                let t = cells[c].trim();
                if is_missing(t) {
                    None
                } else {
                    Some(parse_price(t, layout.decimal).map_err(|m| field_err(line_no, c, m))?)
                }
            }
            None => None,
        };
        let volume = layout
            .volume_col
            .and_then(|c| cells.get(c))
            .and_then(|t| parse_volume(t, layout.decimal))
            .filter(|v| v.is_finite() && *v >= 0.0);
        if let Some(t) = layout.time_col.and_then(|c| cells.get(c)) {
            match parse_time(t.trim()) {
                Some(secs) => stamp.time_secs = secs,
                None => {
                    return Err(field_err(
                        line_no,
                        layout.time_col.unwrap_or_default(),
                        format!("'{}' is not a time of day", t.trim()),
                    ));
                }
            }
        }
        series[slot].rows.push(RawRow {
            loc: line_no,
            stamp,
            close,
            adj_close,
            volume,
        });
    }
    if series.is_empty() {
        return Err(DataError::file(file, "has a header but no rows of prices"));
    }
    if let Some((line, err)) = held {
        if held_lines > MAX_FOOTER_LINES {
            return Err(err);
        }
        for k in 0..held_lines {
            skipped.push(("footer line without a date", line + k));
        }
    }
    for s in &mut series {
        for (reason, line) in &skipped {
            s.drop_row(&format!("skipped: {reason}"), *line);
        }
        s.notes.extend(layout.notes.iter().cloned());
        s.notes.extend(order_note.iter().cloned());
    }
    Ok(series)
}

/// Trailing lines without a date that are taken for a footer ("Downloaded from ...", totals);
/// more than this many are an error at the first of them.
const MAX_FOOTER_LINES: usize = 20;

/// A line after the prices that is not a row of them: its first cell is empty or words
/// ("Downloaded from nasdaq.com", "Total"), not a misread date.
fn looks_like_footer(first_cell: &str) -> bool {
    !first_cell
        .trim()
        .trim_matches('"')
        .starts_with(|c: char| c.is_ascii_digit())
}

fn parse_price(text: &str, decimal: Decimal) -> Result<f64, String> {
    let value = parse_number(text, decimal).ok_or_else(|| format!("'{text}' is not a price"))?;
    check_price(value, text)
}
