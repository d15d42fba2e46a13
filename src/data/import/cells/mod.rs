//! Cells of text tables: splitting a line, numbers written the way spreadsheets and sites write
//! them (decimal comma, thousands separators, currency signs) and dates in every order people
//! use, including unix seconds and milliseconds.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveTime, Timelike};

use crate::model::date_to_days;

/// Splits one line at `delim`, honouring double quotes (`"1,234.50"`, `""` for a quote).
/// `out` is cleared first and reused between lines.
pub(super) fn split_line<'a>(line: &'a str, delim: char, out: &mut Vec<Cow<'a, str>>) {
    out.clear();
    if !line.contains('"') {
        out.extend(line.split(delim).map(Cow::Borrowed));
        return;
    }
    let mut field = String::new();
    let mut in_quotes = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' {
            in_quotes = true;
        } else if c == delim {
            out.push(Cow::Owned(std::mem::take(&mut field)));
        } else {
            field.push(c);
        }
    }
    out.push(Cow::Owned(field));
}

/// Counts `delim` outside double quotes.
pub(super) fn count_delims(line: &str, delim: char) -> usize {
    let mut in_quotes = false;
    let mut n = 0;
    for c in line.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == delim && !in_quotes {
            n += 1;
        }
    }
    n
}

/// The decimal separator of a file's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Decimal {
    Point,
    Comma,
}

/// True for the cells that mean "no value": empty, `null` (Yahoo), `NaN` (Kaggle, pandas).
pub(super) fn is_missing(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || t.eq_ignore_ascii_case("null")
        || t.eq_ignore_ascii_case("nan")
        || t.eq_ignore_ascii_case("none")
}

/// Parses a number as written in price files: `1234.5`, `$1,234.50`, `1.234,50 €`, `1 234,5`,
/// `(12.5)` for a negative. `None` when it is not a number.
pub(super) fn parse_number(text: &str, decimal: Decimal) -> Option<f64> {
    let t = text.trim();
    if decimal == Decimal::Point
        && let Ok(v) = t.parse::<f64>()
    {
        return Some(v);
    }
    let (negative, t) = match t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (true, inner.trim()),
        None => (false, t),
    };
    let mut cleaned = String::with_capacity(t.len());
    let mut digits = 0;
    for c in t.chars() {
        match c {
            '0'..='9' => {
                digits += 1;
                cleaned.push(c);
            }
            '-' | '+' | 'e' | 'E' => cleaned.push(c),
            '.' if decimal == Decimal::Point => cleaned.push('.'),
            ',' if decimal == Decimal::Comma => cleaned.push('.'),
            // Thousands separators.
            ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '\'' | '_' => {}
            // Currency signs and codes around the number.
            '$' | '€' | '£' | '¥' | '₿' => {}
            c if c.is_ascii_alphabetic() => {
                // Only a currency code (USD, EUR...) is allowed, at either end.
                let upper = t.to_ascii_uppercase();
                let code_ok = ["USD", "EUR", "GBP", "CHF", "JPY", "CAD", "USDT", "BTC"]
                    .iter()
                    .any(|code| upper.starts_with(code) || upper.ends_with(code));
                if !code_ok {
                    return None;
                }
            }
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let cleaned = cleaned.trim_matches(|c: char| c.is_ascii_alphabetic());
    let v = cleaned.parse::<f64>().ok()?;
    Some(if negative { -v } else { v })
}

/// A volume as price sites write it: a number with an optional `K`, `M` or `B` suffix
/// (investing.com's `74.85K`, `12,75M`), rounded to a whole number when scaled.
pub(super) fn parse_volume(text: &str, decimal: Decimal) -> Option<f64> {
    let t = text.trim();
    let (number, scale) = match t.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&t[..t.len() - 1], 1e3),
        Some('M') => (&t[..t.len() - 1], 1e6),
        Some('B') => (&t[..t.len() - 1], 1e9),
        _ => (t, 1.0),
    };
    let v = parse_number(number, decimal)?;
    Some(if scale > 1.0 { (v * scale).round() } else { v })
}

/// The order of day, month and year in a numeric date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DateOrder {
    Ymd,
    Mdy,
    Dmy,
}

/// How a column writes its dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DateFormat {
    /// Three numbers split by `sep`; `short_year` for `1/2/24`.
    Numeric {
        order: DateOrder,
        sep: char,
        short_year: bool,
    },
    /// `20240102` (Stooq's bulk files).
    Compact,
    UnixSeconds,
    UnixMillis,
    /// A chrono pattern with a month name (`02-Jan-2024`, `Jan 02, 2024`).
    MonthName(&'static str),
}

/// A parsed date cell: the day and, when the cell has one, the time of day in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stamp {
    pub day: i32,
    pub time_secs: Option<u32>,
}

impl Stamp {
    /// Seconds since 1970-01-01 00:00 (the sort key of rows).
    pub fn key(&self) -> i64 {
        i64::from(self.day) * 86_400 + i64::from(self.time_secs.unwrap_or(0))
    }

    pub fn from_unix_secs(secs: i64) -> Self {
        Self {
            day: i32::try_from(secs.div_euclid(86_400)).unwrap_or(i32::MAX),
            time_secs: u32::try_from(secs.rem_euclid(86_400)).ok(),
        }
    }
}

const CANDIDATES: [DateFormat; 22] = {
    use DateOrder::*;
    const fn n(order: DateOrder, sep: char, short_year: bool) -> DateFormat {
        DateFormat::Numeric {
            order,
            sep,
            short_year,
        }
    }
    [
        n(Ymd, '-', false),
        n(Ymd, '/', false),
        n(Ymd, '.', false),
        DateFormat::Compact,
        DateFormat::UnixSeconds,
        DateFormat::UnixMillis,
        n(Mdy, '/', false),
        n(Dmy, '/', false),
        n(Dmy, '.', false),
        n(Dmy, '-', false),
        n(Mdy, '-', false),
        n(Mdy, '/', true),
        n(Dmy, '/', true),
        n(Dmy, '.', true),
        DateFormat::MonthName("%d-%b-%Y"),
        DateFormat::MonthName("%d %b %Y"),
        DateFormat::MonthName("%b %d, %Y"),
        DateFormat::MonthName("%B %d, %Y"),
        DateFormat::MonthName("%d %B %Y"),
        DateFormat::MonthName("%b %d %Y"),
        DateFormat::MonthName("%Y-%b-%d"),
        DateFormat::MonthName("%d-%b-%y"),
    ]
};

impl DateFormat {
    /// How the format is written, for messages.
    pub fn label(&self) -> String {
        match self {
            DateFormat::Numeric {
                order,
                sep,
                short_year,
            } => {
                let y = if *short_year { "YY" } else { "YYYY" };
                let parts = match order {
                    DateOrder::Ymd => [y, "MM", "DD"],
                    DateOrder::Mdy => ["MM", "DD", y],
                    DateOrder::Dmy => ["DD", "MM", y],
                };
                parts.join(&sep.to_string())
            }
            DateFormat::Compact => "YYYYMMDD".into(),
            DateFormat::UnixSeconds => "unix seconds".into(),
            DateFormat::UnixMillis => "unix milliseconds".into(),
            DateFormat::MonthName(p) => p
                .replace("%d", "DD")
                .replace("%b", "Mon")
                .replace("%B", "Month")
                .replace("%Y", "YYYY")
                .replace("%y", "YY"),
        }
    }

    pub fn is_unix(&self) -> bool {
        matches!(self, DateFormat::UnixSeconds | DateFormat::UnixMillis)
    }

    pub fn parse(&self, text: &str) -> Option<Stamp> {
        let t = text.trim();
        match *self {
            DateFormat::Numeric {
                order,
                sep,
                short_year,
            } => {
                let (date, rest) = split_date_time(t);
                let mut parts = date.split(sep);
                let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
                if parts.next().is_some() {
                    return None;
                }
                let (y, m, d) = match order {
                    DateOrder::Ymd => (a, b, c),
                    DateOrder::Mdy => (c, a, b),
                    DateOrder::Dmy => (c, b, a),
                };
                let year_len_ok = if short_year {
                    y.len() == 2
                } else {
                    y.len() == 4
                };
                if !year_len_ok || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
                    return None;
                }
                let mut year: i32 = digits(y)?;
                if short_year {
                    year += if year < 70 { 2000 } else { 1900 };
                }
                let date = NaiveDate::from_ymd_opt(year, digits(m)?, digits(d)?)?;
                Some(Stamp {
                    day: date_to_days(date),
                    time_secs: parse_time(rest)?,
                })
            }
            DateFormat::Compact => {
                let (date, rest) = split_date_time(t);
                // Byte positions on ASCII digits only: a multi-byte character never gets cut.
                let b = date.as_bytes();
                if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                let num = |r: std::ops::Range<usize>| {
                    b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
                };
                let year = i32::try_from(num(0..4)).ok()?;
                if !(1800..=2200).contains(&year) {
                    return None;
                }
                let date = NaiveDate::from_ymd_opt(year, num(4..6), num(6..8))?;
                Some(Stamp {
                    day: date_to_days(date),
                    time_secs: parse_time(rest)?,
                })
            }
            DateFormat::UnixSeconds | DateFormat::UnixMillis => {
                let v: f64 = t.parse().ok()?;
                let (lo, hi, scale) = if *self == DateFormat::UnixSeconds {
                    (1e8, 1e11, 1.0)
                } else {
                    (1e11, 1e14, 1000.0)
                };
                if !(lo..hi).contains(&v) {
                    return None;
                }
                Some(Stamp::from_unix_secs((v / scale).floor() as i64))
            }
            DateFormat::MonthName(pattern) => {
                let date = NaiveDate::parse_from_str(t, pattern).ok()?;
                Some(Stamp {
                    day: date_to_days(date),
                    time_secs: None,
                })
            }
        }
    }

    /// The format every sample parses with; among several, the one under which consecutive rows
    /// are closest in time (so `01/02/2024, 01/03/2024` reads as US dates, and `13/02/2024`
    /// settles it). `day_first` breaks the remaining ties in favour of day/month/year.
    pub fn infer(samples: &[&str], day_first: bool) -> Option<DateFormat> {
        if samples.is_empty() {
            return None;
        }
        let mut best: Option<((usize, usize), DateFormat)> = None;
        let mut candidates: Vec<DateFormat> = CANDIDATES.to_vec();
        if day_first {
            // Day/month before month/day when nothing else decides.
            candidates.sort_by_key(|f| match f {
                DateFormat::Numeric {
                    order: DateOrder::Mdy,
                    ..
                } => 1,
                _ => 0,
            });
        }
        for format in candidates {
            let days: Vec<i32> = samples
                .iter()
                .filter_map(|s| format.parse(s).map(|st| st.day))
                .collect();
            // Most samples must parse; the rest become line-numbered errors later.
            if days.is_empty() || days.len() * 2 < samples.len() {
                continue;
            }
            let close = days.windows(2).filter(|w| (w[1] - w[0]).abs() <= 7).count();
            let score = (days.len(), close);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, format));
            }
        }
        best.map(|(_, f)| f)
    }
}

impl DateOrder {
    /// `month/day (US)`, for messages.
    pub fn label(self) -> &'static str {
        match self {
            DateOrder::Ymd => "year/month/day",
            DateOrder::Mdy => "month/day (US)",
            DateOrder::Dmy => "day/month",
        }
    }

    /// The `--date-order` value.
    pub fn flag(self) -> &'static str {
        match self {
            DateOrder::Ymd => "ymd",
            DateOrder::Mdy => "mdy",
            DateOrder::Dmy => "dmy",
        }
    }
}

impl DateFormat {
    /// The same format read with `order` when it is a day/month-or-month/day numeric format.
    pub fn with_order(self, order: DateOrder) -> Self {
        match self {
            DateFormat::Numeric {
                order: DateOrder::Mdy | DateOrder::Dmy,
                sep,
                short_year,
            } if order != DateOrder::Ymd => DateFormat::Numeric {
                order,
                sep,
                short_year,
            },
            other => other,
        }
    }

    /// True for numeric dates whose day and month could be swapped (`05/06/2024`).
    pub fn day_month_ambiguous(&self) -> bool {
        matches!(
            self,
            DateFormat::Numeric {
                order: DateOrder::Mdy | DateOrder::Dmy,
                ..
            }
        )
    }
}

/// How the order of day and month was settled, or why it could not be.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum OrderEvidence {
    /// The order and the reason, in words for the import summary.
    Decided(DateOrder, String),
    /// Nothing in the column tells: the first cell, as an example, and its line.
    Undecided { line: usize, example: String },
}

/// Decides between month/day and day/month from every cell of a date column, fed one at a time
/// ([`add`](Self::add)) so a long file needs no copy of its dates: a first number above 12
/// anywhere means day first, a second number above 12 month first; otherwise the order under
/// which successive distinct dates are a few days apart (a daily or intraday series), when one
/// order clearly is and the other is not.
pub(super) struct DayMonthEvidence {
    format: DateFormat,
    first_over_12: Option<(usize, String)>,
    second_over_12: Option<(usize, String)>,
    /// Distinct (first, second, year) in file order, consecutive repeats dropped.
    distinct: Vec<(u32, u32, i32)>,
    example: Option<(usize, String)>,
}

impl DayMonthEvidence {
    pub fn new(format: DateFormat) -> Self {
        Self {
            format,
            first_over_12: None,
            second_over_12: None,
            distinct: Vec::new(),
            example: None,
        }
    }

    pub fn add(&mut self, line: usize, cell: &str) {
        let DateFormat::Numeric {
            sep, short_year, ..
        } = self.format
        else {
            return;
        };
        let cell = cell.trim();
        let (date, _) = split_date_time(cell);
        let mut parts = date.split(sep);
        let (Some(a), Some(b), Some(y), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return;
        };
        let (Some(a), Some(b), Some(mut y)) =
            (digits::<u32>(a), digits::<u32>(b), digits::<i32>(y))
        else {
            return;
        };
        if short_year {
            y += if y < 70 { 2000 } else { 1900 };
        }
        self.example.get_or_insert_with(|| (line, cell.to_owned()));
        if a > 12 && self.first_over_12.is_none() {
            self.first_over_12 = Some((line, cell.to_owned()));
        }
        if b > 12 && self.second_over_12.is_none() {
            self.second_over_12 = Some((line, cell.to_owned()));
        }
        if self.distinct.last() != Some(&(a, b, y)) {
            self.distinct.push((a, b, y));
        }
    }

    pub fn finish(self) -> OrderEvidence {
        match (&self.first_over_12, &self.second_over_12) {
            (Some((line, cell)), None) => {
                return OrderEvidence::Decided(
                    DateOrder::Dmy,
                    format!("'{cell}' on line {line} has a number above 12 first"),
                );
            }
            (None, Some((line, cell))) => {
                return OrderEvidence::Decided(
                    DateOrder::Mdy,
                    format!("'{cell}' on line {line} has a number above 12 second"),
                );
            }
            // Both: not one consistent column; the rows that do not parse are named later.
            (Some(_), Some(_)) => {
                return OrderEvidence::Decided(format_order(self.format), String::new());
            }
            (None, None) => {}
        }
        let (m, d) = (self.near(DateOrder::Mdy), self.near(DateOrder::Dmy));
        let spacing = |order: DateOrder, this: f64, other: f64| {
            OrderEvidence::Decided(
                order,
                format!(
                    "successive dates are days apart read {} ({:.0}% of steps), months apart \
                     read the other way ({:.0}%)",
                    order.label(),
                    this * 100.0,
                    other * 100.0
                ),
            )
        };
        match (m, d) {
            (Some(m), Some(d)) if m >= 0.8 && m - d >= 0.3 => spacing(DateOrder::Mdy, m, d),
            (Some(m), Some(d)) if d >= 0.8 && d - m >= 0.3 => spacing(DateOrder::Dmy, d, m),
            _ => {
                let (line, example) = self.example.unwrap_or_default();
                OrderEvidence::Undecided { line, example }
            }
        }
    }

    /// The share of steps between successive distinct dates of 1 to 7 days (in the file's
    /// direction) when read with `order`; `None` with fewer than two dates.
    fn near(&self, order: DateOrder) -> Option<f64> {
        let days: Vec<i32> = self
            .distinct
            .iter()
            .filter_map(|&(a, b, y)| {
                let (m, d) = if order == DateOrder::Mdy {
                    (a, b)
                } else {
                    (b, a)
                };
                NaiveDate::from_ymd_opt(y, m, d).map(date_to_days)
            })
            .collect();
        let steps: Vec<i32> = days.windows(2).map(|w| w[1] - w[0]).collect();
        if steps.is_empty() {
            return None;
        }
        let up = steps.iter().filter(|s| **s > 0).count() * 2 >= steps.len();
        let near = steps
            .iter()
            .filter(|s| (1..=7).contains(&if up { **s } else { -**s }))
            .count();
        Some(near as f64 / steps.len() as f64)
    }
}

fn format_order(format: DateFormat) -> DateOrder {
    match format {
        DateFormat::Numeric { order, .. } => order,
        _ => DateOrder::Ymd,
    }
}

/// Splits `2024-01-02T09:30:00Z` or `2024-01-02 09:30` into date and time parts.
fn split_date_time(t: &str) -> (&str, &str) {
    match t.find(['T', ' ']) {
        Some(i) => (&t[..i], t[i + 1..].trim()),
        None => (t, ""),
    }
}

/// `Some(None)` for no time, `Some(Some(secs))` for `09:30[:00[.000]]` (a zone suffix such as
/// `Z`, `+00:00` or `UTC` is ignored), `None` when the text is not a time.
pub(super) fn parse_time(rest: &str) -> Option<Option<u32>> {
    if rest.is_empty() {
        return Some(None);
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let clock = &rest[..end];
    let tail = rest[end..].trim();
    let tail_ok = tail.is_empty()
        || tail == "Z"
        || tail.eq_ignore_ascii_case("UTC")
        || tail.eq_ignore_ascii_case("GMT")
        || tail.starts_with('+')
        || tail.starts_with('-');
    if !tail_ok {
        return None;
    }
    let time = NaiveTime::parse_from_str(clock, "%H:%M:%S%.f")
        .or_else(|_| NaiveTime::parse_from_str(clock, "%H:%M"))
        .ok()?;
    Some(Some(time.num_seconds_from_midnight()))
}

fn digits<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
