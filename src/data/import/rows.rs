//! The one path every parser's rows take to become validated [`PriceRows`]: prices checked, rows
//! sorted by date, duplicate dates resolved (the last row wins), intraday rows reduced to daily
//! closes, and everything that was changed or dropped written down for the summary.

use std::collections::BTreeMap;

use super::cells::Stamp;
use crate::data::DataError;
use crate::data::prices::PriceRows;
use crate::model::days_to_date;

/// Where a row came from: a line of a text file or an entry of a JSON array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    Line,
    Entry,
}

impl Unit {
    fn word(self) -> &'static str {
        match self {
            Unit::Line => "line",
            Unit::Entry => "entry",
        }
    }
}

/// One parsed row before validation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct RawRow {
    /// Line number (1-based) or entry index (1-based).
    pub loc: usize,
    pub stamp: Stamp,
    pub close: f64,
    pub adj_close: Option<f64>,
    pub volume: Option<f64>,
}

/// The rows of one symbol as a parser found them.
#[derive(Clone, Debug)]
pub(super) struct RawSeries {
    pub symbol: String,
    pub unit: Unit,
    pub rows: Vec<RawRow>,
    /// Reason -> (count, first location).
    drops: BTreeMap<String, (usize, usize)>,
    pub notes: Vec<String>,
}

impl RawSeries {
    pub fn new(symbol: impl Into<String>, unit: Unit) -> Self {
        Self {
            symbol: symbol.into(),
            unit,
            rows: Vec::new(),
            drops: BTreeMap::new(),
            notes: Vec::new(),
        }
    }

    /// Records a row left out, e.g. `drop_row("without a price", 12)`.
    pub fn drop_row(&mut self, reason: &str, loc: usize) {
        let e = self.drops.entry(reason.to_owned()).or_insert((0, loc));
        e.0 += 1;
    }
}

/// A validated series of one symbol, with the story of what happened to its rows.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedSeries {
    pub symbol: String,
    pub rows: PriceRows,
    /// Rows left out and why ("3 rows without a price (first at line 12)").
    pub dropped: Vec<String>,
    /// How many rows were left out in total.
    pub dropped_rows: usize,
    /// What was changed or noticed: sorted, reversed, resampled, not daily ...
    pub notes: Vec<String>,
}

impl ImportedSeries {
    pub fn first_date(&self) -> Option<chrono::NaiveDate> {
        self.rows.days.first().map(|d| days_to_date(*d))
    }

    pub fn last_date(&self) -> Option<chrono::NaiveDate> {
        self.rows.days.last().map(|d| days_to_date(*d))
    }
}

/// The first and last day a row may have (1900-01-01 and 2100-12-31).
const MIN_DAY: i32 = -25_567;
const MAX_DAY: i32 = 47_846;

/// Rejects a price that is not a positive finite number; the message names the cell.
pub(super) fn check_price(value: f64, text: &str) -> Result<f64, String> {
    if !value.is_finite() {
        Err(format!("'{text}' is not a finite price"))
    } else if value <= 0.0 {
        Err(format!("'{text}' is not a positive price"))
    } else {
        Ok(value)
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Validates, sorts and deduplicates; `file` names the file in errors.
pub(super) fn finish(raw: RawSeries, file: &str) -> Result<ImportedSeries, DataError> {
    let RawSeries {
        symbol,
        unit,
        mut rows,
        drops,
        mut notes,
    } = raw;
    let word = unit.word();
    let mut dropped: Vec<String> = Vec::new();
    let mut dropped_rows = 0;
    for (reason, (count, first)) in &drops {
        dropped_rows += count;
        dropped.push(format!(
            "{} {reason} ({word} {first}{})",
            plural(*count, "row"),
            if *count > 1 { " first" } else { "" }
        ));
    }
    if rows.is_empty() {
        let message = if dropped.is_empty() {
            "no price rows after the header".to_owned()
        } else {
            format!("no usable price rows: {}", dropped.join("; "))
        };
        return Err(DataError::file(file, message));
    }

    // Dates a price history can have; anything else is a misread cell (and would overflow the
    // day arithmetic below).
    if let Some(r) = rows
        .iter()
        .find(|r| !(MIN_DAY..=MAX_DAY).contains(&r.stamp.day))
    {
        return Err(DataError::file(
            file,
            format!(
                "{word} {}: the date {} is outside 1900-01-01 to 2100-12-31",
                r.loc,
                days_to_date(r.stamp.day)
            ),
        ));
    }

    // Order as found in the file.
    let n = rows.len();
    let descents: Vec<usize> = (1..n)
        .filter(|&i| rows[i].stamp.key() < rows[i - 1].stamp.key())
        .collect();
    let strictly_newest_first = n > 1
        && descents.len() == n - 1
        && (1..n).all(|i| rows[i].stamp.key() != rows[i - 1].stamp.key());
    if strictly_newest_first {
        notes.push("newest first in the file: reversed to oldest first".into());
    } else if let Some(&i) = descents.first() {
        notes.push(format!(
            "{} out of date order ({word} {} first): sorted by date",
            plural(descents.len(), "row"),
            rows[i].loc
        ));
    }
    // Stable: rows with the same time keep their file order, so "last" means last in the file.
    rows.sort_by_key(|r| r.stamp.key());

    let has_time = rows
        .iter()
        .any(|r| r.stamp.time_secs.is_some_and(|t| t != 0));
    let mut distinct_days = 0;
    let mut prev = None;
    for r in &rows {
        if prev != Some(r.stamp.day) {
            distinct_days += 1;
            prev = Some(r.stamp.day);
        }
    }
    let intraday = has_time && n >= 2 * distinct_days;
    let mut out = PriceRows::with_capacity(distinct_days);
    let mut duplicates: Vec<(i32, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        let day = rows[i].stamp.day;
        let mut j = i;
        while j + 1 < n && rows[j + 1].stamp.day == day {
            j += 1;
        }
        let last = rows[j];
        let volume = if intraday {
            let vols: Vec<f64> = rows[i..=j].iter().filter_map(|r| r.volume).collect();
            (!vols.is_empty()).then(|| vols.iter().sum())
        } else {
            last.volume
        };
        if j > i && !intraday {
            duplicates.push((day, rows[i].loc, last.loc));
        }
        out.days.push(day);
        out.close.push(last.close);
        out.adj_close.push(last.adj_close);
        out.volume.push(volume);
        i = j + 1;
    }
    if intraday {
        notes.push(format!(
            "intraday rows (about {} a day) reduced to daily closes: the last price of each day",
            n / distinct_days.max(1)
        ));
    } else if let Some((day, a, b)) = duplicates.first() {
        let extra: usize = n - distinct_days;
        dropped_rows += extra;
        dropped.push(format!(
            "{} on a date already seen, kept the last row of each date (first: {} on {word}s {a} and {b})",
            plural(extra, "row"),
            days_to_date(*day)
        ));
    }
    if let Some(note) = frequency_note(&out.days) {
        notes.push(note);
    }
    if let Some(note) = jump_note(&out) {
        notes.push(note);
    }
    Ok(ImportedSeries {
        symbol,
        rows: out,
        dropped,
        dropped_rows,
        notes,
    })
}

/// A day-over-day change larger than this factor (either way) is flagged.
pub const JUMP_FACTOR: f64 = 10.0;

/// A warning (not a rejection) when the price moves more than [`JUMP_FACTOR`] times from one row
/// to the next: usually a split the source did not adjust for.
pub(crate) fn jump_note(rows: &PriceRows) -> Option<String> {
    let price = |i: usize| rows.adj_close[i].unwrap_or(rows.close[i]);
    let jumps: Vec<usize> = (1..rows.len())
        .filter(|&i| {
            let ratio = price(i) / price(i - 1);
            !(1.0 / JUMP_FACTOR..=JUMP_FACTOR).contains(&ratio)
        })
        .collect();
    let &i = jumps.first()?;
    let ratio = price(i) / price(i - 1);
    let factor = if ratio >= 1.0 { ratio } else { 1.0 / ratio };
    Some(format!(
        "possible unadjusted split: the price {} {factor:.1}x from {} on {} to {} on {}{}; check \
         that the source adjusts for splits",
        if ratio >= 1.0 { "rises" } else { "falls" },
        price(i - 1),
        days_to_date(rows.days[i - 1]),
        price(i),
        days_to_date(rows.days[i]),
        if jumps.len() > 1 {
            format!(" ({} such jumps)", jumps.len())
        } else {
            String::new()
        }
    ))
}

/// Gap classes between consecutive dates.
fn gap_class(gap: i32) -> usize {
    match gap {
        ..=4 => 0,
        5..=10 => 1,
        11..=45 => 2,
        46..=135 => 3,
        _ => 4,
    }
}

const CLASS_NAMES: [&str; 5] = [
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "yearly or sparser",
];

/// A note when the dates are not daily, or when daily rows are mixed with longer gaps.
pub(super) fn frequency_note(days: &[i32]) -> Option<String> {
    if days.len() < 3 {
        return None;
    }
    let gaps: Vec<i32> = days.windows(2).map(|w| w[1] - w[0]).collect();
    let mut counts = [0usize; 5];
    for g in &gaps {
        counts[gap_class(*g)] += 1;
    }
    let mut sorted = gaps.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    let dominant = gap_class(median);
    if dominant != 0 {
        return Some(format!(
            "the rows are {}, not daily (median gap {median} days): returns and volatility are per {}",
            CLASS_NAMES[dominant],
            match dominant {
                1 => "week",
                2 => "month",
                3 => "quarter",
                _ => "period",
            }
        ));
    }
    let longer = gaps.len() - counts[0];
    if longer >= 3 && longer * 20 >= gaps.len() {
        let (at, widest) = gaps
            .iter()
            .enumerate()
            .max_by_key(|(_, g)| **g)
            .map(|(i, g)| (i, *g))
            .unwrap_or((0, 0));
        return Some(format!(
            "mixed frequencies: {longer} of {} gaps between rows are longer than 4 days (widest {widest} days after {})",
            gaps.len(),
            days_to_date(days[at])
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date_to_days;
    use crate::model::dates::ymd;

    fn row(loc: usize, y: i32, m: u32, d: u32, close: f64) -> RawRow {
        RawRow {
            loc,
            stamp: Stamp {
                day: date_to_days(ymd(y, m, d)),
                time_secs: None,
            },
            close,
            adj_close: None,
            volume: Some(1.0),
        }
    }

    #[test]
    fn unsorted_rows_are_sorted_and_reported() {
        let mut raw = RawSeries::new("X", Unit::Line);
        raw.rows = vec![
            row(2, 2024, 1, 2, 1.0),
            row(3, 2024, 1, 4, 3.0),
            row(4, 2024, 1, 3, 2.0),
        ];
        let s = finish(raw, "X.csv").unwrap();
        assert_eq!(s.rows.close, vec![1.0, 2.0, 3.0]);
        assert_eq!(
            s.notes,
            vec!["1 row out of date order (line 4 first): sorted by date"]
        );
    }

    #[test]
    fn newest_first_is_reversed_quietly() {
        let mut raw = RawSeries::new("X", Unit::Line);
        raw.rows = vec![row(2, 2024, 1, 3, 2.0), row(3, 2024, 1, 2, 1.0)];
        let s = finish(raw, "X.csv").unwrap();
        assert_eq!(s.rows.close, vec![1.0, 2.0]);
        assert_eq!(s.dropped_rows, 0);
        assert!(s.notes[0].starts_with("newest first"), "{:?}", s.notes);
    }

    #[test]
    fn duplicate_dates_keep_the_last_row() {
        let mut raw = RawSeries::new("X", Unit::Line);
        raw.rows = vec![
            row(2, 2024, 1, 2, 1.0),
            row(3, 2024, 1, 3, 2.0),
            row(4, 2024, 1, 3, 9.0),
        ];
        raw.drop_row("without a price", 7);
        let s = finish(raw, "X.csv").unwrap();
        assert_eq!(s.rows.close, vec![1.0, 9.0]);
        assert_eq!(s.dropped_rows, 2);
        assert_eq!(
            s.dropped,
            vec![
                "1 row without a price (line 7)",
                "1 row on a date already seen, kept the last row of each date (first: 2024-01-03 on lines 3 and 4)"
            ]
        );
    }

    #[test]
    fn nothing_left_is_an_error_that_says_why() {
        let mut raw = RawSeries::new("X", Unit::Line);
        raw.drop_row("without a price", 2);
        raw.drop_row("without a price", 3);
        let err = finish(raw, "X.csv").unwrap_err().to_string();
        assert_eq!(
            err,
            "X.csv: no usable price rows: 2 rows without a price (line 2 first)"
        );
    }

    #[test]
    fn frequencies_are_named() {
        let quarterly: Vec<i32> = (0..10).map(|i| i * 91).collect();
        assert!(frequency_note(&quarterly).unwrap().contains("quarterly"));
        let daily: Vec<i32> = (0..100).collect();
        assert_eq!(frequency_note(&daily), None);
        let mut mixed: Vec<i32> = (0..40).collect();
        mixed.extend((1..10).map(|i| 40 + i * 30));
        assert!(
            frequency_note(&mixed)
                .unwrap()
                .starts_with("mixed frequencies")
        );
    }

    #[test]
    fn a_tenfold_jump_is_flagged_but_kept() {
        let mut raw = RawSeries::new("X", Unit::Line);
        raw.rows = vec![
            row(2, 2024, 1, 2, 200.0),
            row(3, 2024, 1, 3, 201.0),
            row(4, 2024, 1, 4, 10.0),
        ];
        let s = finish(raw, "X.csv").unwrap();
        assert_eq!(s.rows.len(), 3);
        assert_eq!(
            s.notes,
            vec![
                "possible unadjusted split: the price falls 20.1x from 201 on 2024-01-03 to 10 on \
                 2024-01-04; check that the source adjusts for splits"
            ]
        );
    }

    #[test]
    fn prices_must_be_positive_and_finite() {
        assert_eq!(check_price(1.5, "1.5"), Ok(1.5));
        assert_eq!(
            check_price(-1.0, "-1").unwrap_err(),
            "'-1' is not a positive price"
        );
        assert_eq!(
            check_price(0.0, "0").unwrap_err(),
            "'0' is not a positive price"
        );
        assert!(check_price(f64::INFINITY, "inf").is_err());
    }
}
