//! Text tables of daily prices: Yahoo, Stooq, Nasdaq, Nasdaq Data Link, CoinGecko's CSV and any
//! spreadsheet saved as CSV with a date column and a price column. One reader for all of them:
//! the header (or, without one, the cells) decides the columns, the format's name and how
//! numbers and dates are written; then every row goes through the same checks.

mod dates;
mod header;
mod known;
mod reader;

use std::borrow::Cow;

use super::cells::{
    DateFormat, DateOrder, Decimal, count_delims, is_missing, parse_number, split_line,
};
use super::detect::Format;
use crate::data::DataError;

use dates::{intraday_interval, is_clock};
use header::{ADJ_KEYS, CLOSE_KEYS, DATE_KEYS, SYMBOL_KEYS, is_volume_key, key, name_format};
use known::known_layout;
pub(super) use reader::parse;

/// How many data rows [`layout`] samples to settle delimiters, decimals and dates.
const SAMPLE_ROWS: usize = 200;

/// The columns and conventions of one file, found from its first lines.
#[derive(Clone, Debug)]
pub(super) struct Layout {
    pub format: Format,
    pub delim: char,
    pub decimal: Decimal,
    /// 1-based line of the header; 0 when the file has none.
    pub header_line: usize,
    /// Header names as written (or `column N`).
    pub names: Vec<String>,
    pub date_col: usize,
    pub close_col: usize,
    pub adj_col: Option<usize>,
    pub volume_col: Option<usize>,
    pub symbol_col: Option<usize>,
    /// A separate time-of-day column (MetaTrader).
    pub time_col: Option<usize>,
    pub date_format: DateFormat,
    /// `Some("1-minute")` when the sampled rows are minutes or hours apart.
    pub intraday: Option<String>,
    /// CoinGecko: a point at 00:00 UTC is the previous day's close.
    pub midnight_is_previous_day: bool,
    /// The symbol of the first sampled row, when the file has a symbol column.
    pub first_symbol: Option<String>,
    /// The order of day and month the format itself implies, and why (a localized export).
    pub order_convention: Option<(DateOrder, String)>,
    /// Things worth telling the user about the layout itself.
    pub notes: Vec<String>,
}

/// Finds the columns and conventions from the first part of the text.
// The header rules, tried in order (known exports, named columns, columns by content): the
// order is the rule, so it stays in one place.
#[allow(clippy::too_many_lines)]
pub(super) fn layout(head: &str, file: &str) -> Result<Layout, DataError> {
    let head = head.trim_start_matches('\u{feff}');
    let lines: Vec<(usize, &str)> = head
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty())
        .take(SAMPLE_ROWS + 8)
        .collect();
    let delim_of = |line: &str| {
        [',', ';', '\t', '|']
            .into_iter()
            .map(|d| (count_delims(line, d), d))
            .max_by_key(|(n, _)| *n)
            .filter(|(n, _)| *n > 0)
            .map(|(_, d)| d)
    };
    // A preamble line without delimiters (e.g. a site's URL) may come before the header.
    let Some(start) = lines
        .iter()
        .take(4)
        .position(|(_, l)| delim_of(l).is_some())
    else {
        let first = lines.first().map(|(_, l)| *l).unwrap_or_default();
        return Err(DataError::file(
            file,
            format!(
                "has a single column ('{}'): a price file needs a date column and a price column, \
                 separated by commas, semicolons or tabs",
                first.chars().take(60).collect::<String>()
            ),
        ));
    };
    let (first_no, first) = lines[start];
    let Some(delim) = delim_of(first) else {
        return Err(DataError::file(file, "has no columns"));
    };
    let mut cells: Vec<Cow<'_, str>> = Vec::new();
    split_line(first, delim, &mut cells);
    let first_cells: Vec<String> = cells.iter().map(|c| c.trim().to_owned()).collect();
    let looks_like_data = first_cells.iter().all(|c| {
        is_missing(c)
            || parse_number(c, Decimal::Point).is_some()
            || DateFormat::infer(&[c.as_str()], false).is_some()
            || is_clock(c)
    });
    let (header_line, names, data_lines): (usize, Vec<String>, &[(usize, &str)]) =
        if looks_like_data {
            let names = (1..=first_cells.len())
                .map(|i| format!("column {i}"))
                .collect();
            (0, names, &lines[start..])
        } else {
            (first_no, first_cells.clone(), &lines[start + 1..])
        };
    let keys: Vec<String> = names.iter().map(|n| key(n)).collect();
    let header_text = || names.join(&delim.to_string());
    if data_lines.is_empty() {
        return Err(DataError::file(
            file,
            format!("has a header ({}) but no rows of prices", header_text()),
        ));
    }
    // Sample cells by column.
    let mut samples: Vec<Vec<String>> = vec![Vec::new(); names.len()];
    for (_, line) in data_lines.iter().take(SAMPLE_ROWS) {
        split_line(line, delim, &mut cells);
        for (i, c) in cells.iter().enumerate().take(names.len()) {
            let c = c.trim();
            if !is_missing(c) {
                samples[i].push(c.to_owned());
            }
        }
    }
    let find = |wanted: &[&str]| wanted.iter().find_map(|w| keys.iter().position(|k| k == w));
    let mut notes = Vec::new();
    let known = known_layout(&keys, &first_cells, header_line, &samples);
    let symbol_col = find(&SYMBOL_KEYS);
    let adj_col = find(&ADJ_KEYS).or_else(|| {
        keys.iter()
            .position(|k| k.contains("adj") && k.contains("clos"))
    });
    let volume_col = keys.iter().position(|k| is_volume_key(k));
    let day_first_hint = delim == ';';
    let sample_refs =
        |col: usize| -> Vec<&str> { samples[col].iter().map(String::as_str).collect() };
    let date_col = if header_line == 0 || known.is_some() {
        Some(0)
    } else {
        find(&DATE_KEYS).or_else(|| {
            // A column whose cells are dates, whatever its name (not unix numbers: volumes
            // look like them).
            (0..names.len()).find(|&i| {
                Some(i) != symbol_col
                    && Some(i) != volume_col
                    && DateFormat::infer(&sample_refs(i), day_first_hint)
                        .is_some_and(|f| !f.is_unix())
            })
        })
    };
    let Some(date_col) = date_col else {
        return Err(DataError::file(
            file,
            format!(
                "has no date column: the header is '{}'; MinerLens looks for a column named Date, \
                 Time or Timestamp, or one whose cells are dates",
                header_text()
            ),
        ));
    };
    let taken = |i: usize| {
        Some(i) == symbol_col || Some(i) == volume_col || i == date_col || Some(i) == adj_col
    };
    let close_col = if let Some(k) = &known {
        Some(k.close)
    } else if header_line == 0 {
        // No header: Date,Close or Date,Open,High,Low,Close[,Volume...].
        match names.len() {
            2 => Some(1),
            n if n >= 5 => Some(4),
            _ => None,
        }
    } else {
        find(&CLOSE_KEYS)
            .filter(|i| !taken(*i))
            .or_else(|| {
                keys.iter()
                    .enumerate()
                    .position(|(i, k)| !taken(i) && k.contains("clos"))
            })
            .or_else(|| {
                // The only numeric column left (e.g. `Date,BTC`).
                let numeric: Vec<usize> = (0..names.len())
                    .filter(|&i| {
                        !taken(i)
                            && !samples[i].is_empty()
                            && samples[i]
                                .iter()
                                .all(|c| parse_number(c, Decimal::Comma).is_some())
                    })
                    .collect();
                (numeric.len() == 1).then(|| numeric[0])
            })
    };
    let Some(close_col) = close_col.or(adj_col) else {
        return Err(DataError::file(
            file,
            format!(
                "has no price column: the header is '{}'; MinerLens looks for Close, Adj Close, \
                 Price, Value or Last",
                header_text()
            ),
        ));
    };
    if let Some(note) = known.as_ref().and_then(|k| k.note.clone()) {
        notes.push(note);
    } else if header_line == 0 {
        notes.push(if close_col == 1 {
            "no header: read as Date, Close".to_owned()
        } else {
            "no header: read as Date, Open, High, Low, Close, Volume".to_owned()
        });
    }
    let adj_col = adj_col.filter(|a| *a != close_col);
    let volume_col = match &known {
        Some(k) => k.volume,
        None if header_line == 0 && names.len() >= 6 => Some(5),
        None => volume_col,
    };
    // Decimal comma: a comma inside price cells of a file not separated by commas, or written
    // as 1.234,56.
    let price_cells = || samples[close_col].iter();
    let decimal = if let Some(d) = known.as_ref().and_then(|k| k.decimal) {
        d
    } else if price_cells().any(|c| {
        let (comma, point) = (c.rfind(','), c.rfind('.'));
        match (comma, point) {
            (Some(_), None) => delim != ',',
            (Some(c), Some(p)) => c > p,
            _ => false,
        }
    }) {
        Decimal::Comma
    } else {
        Decimal::Point
    };
    let date_samples = sample_refs(date_col);
    let Some(date_format) =
        DateFormat::infer(&date_samples, day_first_hint || decimal == Decimal::Comma)
    else {
        let (line, _) = data_lines[0];
        let shown = date_samples.first().copied().unwrap_or("");
        return Err(DataError::Field {
            file: file.into(),
            line,
            column: date_col + 1,
            name: names[date_col].clone(),
            message: format!(
                "'{shown}' is not a date MinerLens can read (it reads YYYY-MM-DD, MM/DD/YYYY, \
                 DD.MM.YYYY, 02-Jan-2024, unix seconds and milliseconds)"
            ),
        });
    };
    let intraday = intraday_interval(&date_samples, date_format);
    let format = match &known {
        Some(k) => k.format.clone(),
        None => name_format(&keys, delim, decimal, date_format, header_line == 0),
    };
    let midnight_is_previous_day = format == Format::CoinGeckoCsv;
    if midnight_is_previous_day {
        notes.push("CoinGecko's 00:00 UTC snapshots are the previous day's close".into());
    }
    if header_line != 0
        && !CLOSE_KEYS.contains(&keys[close_col].as_str())
        && !keys[close_col].contains("clos")
    {
        notes.push(format!("prices from the column '{}'", names[close_col]));
    }
    Ok(Layout {
        format,
        delim,
        decimal,
        header_line,
        names,
        date_col,
        close_col,
        adj_col,
        volume_col,
        symbol_col,
        time_col: known.as_ref().and_then(|k| k.time),
        date_format,
        intraday,
        midnight_is_previous_day,
        first_symbol: symbol_col
            .and_then(|c| samples[c].first())
            .map(|s| super::clean_symbol(s))
            .filter(|s| !s.is_empty()),
        order_convention: known.and_then(|k| k.order),
        notes,
    })
}

#[cfg(test)]
mod tests;
