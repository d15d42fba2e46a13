//! Dates of the rows: the order of day and month settled for the whole file, the interval of
//! intraday stamps, and times of day where a date belongs.

use std::borrow::Cow;

use super::Layout;
use crate::data::DataError;
use crate::data::import::cells::{
    DateFormat, DateOrder, DayMonthEvidence, OrderEvidence, split_line,
};

/// The date format the rows are read with: `layout`'s, with the order of day and month settled
/// for numeric dates that could be either (the user's choice, the format's convention, else the
/// evidence of every date in the file; refused when none decides). Also the note for the
/// summary.
pub(super) fn settle_date_order(
    text: &str,
    layout: &Layout,
    file: &str,
    chosen: Option<DateOrder>,
) -> Result<(DateFormat, Option<String>), DataError> {
    let format = layout.date_format;
    if !format.day_month_ambiguous() {
        return Ok((format, None));
    }
    let read = |order: DateOrder, why: &str| {
        let f = format.with_order(order);
        (f, Some(format!("dates read as {}: {why}", f.label())))
    };
    if let Some(order) = chosen.filter(|o| *o != DateOrder::Ymd) {
        return Ok(read(
            order,
            &format!("--date-order {} as chosen", order.flag()),
        ));
    }
    if let Some((order, why)) = &layout.order_convention {
        return Ok(read(*order, why));
    }
    let mut evidence = DayMonthEvidence::new(format);
    let mut cells: Vec<Cow<'_, str>> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i < layout.header_line {
            continue;
        }
        split_line(line, layout.delim, &mut cells);
        if let Some(cell) = cells.get(layout.date_col) {
            evidence.add(i + 1, cell);
        }
    }
    match evidence.finish() {
        OrderEvidence::Decided(_, why) if why.is_empty() => Ok((format, None)),
        OrderEvidence::Decided(order, why) => Ok(read(order, &why)),
        OrderEvidence::Undecided { line, example } => Err(DataError::AmbiguousDates {
            file: file.into(),
            line,
            column: layout.date_col + 1,
            name: layout
                .names
                .get(layout.date_col)
                .cloned()
                .unwrap_or_default(),
            example,
        }),
    }
}

/// `Some("1-minute")` when the sampled stamps are less than a day apart.
pub(super) fn intraday_interval(samples: &[&str], format: DateFormat) -> Option<String> {
    let keys: Vec<i64> = samples
        .iter()
        .filter_map(|s| format.parse(s))
        .filter(|s| s.time_secs.is_some())
        .map(|s| s.key())
        .collect();
    let mut gaps: Vec<i64> = keys
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .filter(|g| *g > 0)
        .collect();
    if gaps.len() < 3 {
        return None;
    }
    gaps.sort_unstable();
    let median = gaps[gaps.len() / 2];
    if median >= 86_400 {
        return None;
    }
    Some(match median {
        3600 => "hourly".to_owned(),
        m if m % 3600 == 0 => format!("{}-hour", m / 3600),
        m if m % 60 == 0 => format!("{}-minute", m / 60),
        m => format!("{m}-second"),
    })
}

/// `16:00`, `9:30:00`: a time of day where a date belongs.
pub(super) fn is_clock(text: &str) -> bool {
    let t = text.trim_matches('"');
    (3..=8).contains(&t.len())
        && t.contains(':')
        && t.bytes().all(|b| b.is_ascii_digit() || b == b':')
}
