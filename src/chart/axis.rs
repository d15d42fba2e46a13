//! Axis ticks and value formatting shared by the on-screen charts and the exported files, so
//! both label the same dates and numbers the same way.

pub use crate::model::fmt::{format_grouped, trim_number};
use chrono::{Datelike, Months, NaiveDate};

use crate::model::{date_to_days, days_to_date};

/// A tick on an axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub value: f64,
    pub label: String,
    /// Year boundaries (or month boundaries on short ranges) are drawn stronger.
    pub major: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Days(u32),
    Months(u32),
    Years(u32),
}

const STEPS: [Step; 13] = [
    Step::Days(1),
    Step::Days(2),
    Step::Days(7),
    Step::Days(14),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(25),
];

impl Step {
    fn approx_days(self) -> f64 {
        match self {
            Step::Days(n) => f64::from(n),
            Step::Months(n) => 30.44 * f64::from(n),
            Step::Years(n) => 365.25 * f64::from(n),
        }
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_name(d: NaiveDate) -> &'static str {
    MONTHS[d.month0() as usize]
}

/// Date ticks for the x range `[min_day, max_day]` (days since 1970-01-01), at most about
/// `max_ticks` of them. The unit adapts to the zoom: years, months, weeks or days.
pub fn date_ticks(min_day: f64, max_day: f64, max_ticks: usize) -> Vec<Tick> {
    if !(min_day.is_finite() && max_day.is_finite()) || max_day <= min_day {
        return Vec::new();
    }
    let span = max_day - min_day;
    let max_ticks = max_ticks.max(2) as f64;
    let step = STEPS
        .iter()
        .copied()
        .find(|s| span / s.approx_days() <= max_ticks)
        .unwrap_or(Step::Years(100));
    let lo = days_to_date(min_day.floor().clamp(-1e6, 1e6) as i32);
    let hi = days_to_date(max_day.ceil().clamp(-1e6, 1e6) as i32);
    let mut ticks = Vec::new();
    let mut date = first_tick(lo, step);
    let mut guard = 0;
    while date <= hi && guard < 500 {
        guard += 1;
        let day = f64::from(date_to_days(date));
        if day >= min_day {
            ticks.push(Tick {
                value: day,
                label: String::new(),
                major: false,
            });
        }
        date = match next_tick(date, step) {
            Some(d) => d,
            None => break,
        };
    }
    label_ticks(&mut ticks, step);
    ticks
}

fn first_tick(lo: NaiveDate, step: Step) -> NaiveDate {
    match step {
        Step::Days(7) | Step::Days(14) => {
            // Mondays.
            let back = lo.weekday().num_days_from_monday();
            lo - chrono::Days::new(u64::from(back))
        }
        Step::Days(_) => lo,
        Step::Months(n) => {
            let m0 = lo.month0() - lo.month0() % n;
            NaiveDate::from_ymd_opt(lo.year(), m0 + 1, 1).unwrap_or(lo)
        }
        Step::Years(n) => {
            let n = n as i32;
            let y = lo.year() - lo.year().rem_euclid(n);
            NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(lo)
        }
    }
}

fn next_tick(date: NaiveDate, step: Step) -> Option<NaiveDate> {
    match step {
        Step::Days(n) => date.checked_add_days(chrono::Days::new(u64::from(n))),
        Step::Months(n) => date.checked_add_months(Months::new(n)),
        Step::Years(n) => date.checked_add_months(Months::new(12 * n)),
    }
}

fn label_ticks(ticks: &mut [Tick], step: Step) {
    let mut prev_year: Option<i32> = None;
    let mut prev_month: Option<u32> = None;
    for tick in ticks.iter_mut() {
        let d = days_to_date(tick.value as i32);
        let new_year = prev_year != Some(d.year());
        let new_month = prev_month != Some(d.month());
        let (label, major) = match step {
            Step::Years(_) => (d.year().to_string(), true),
            Step::Months(_) => {
                if d.month() == 1 || prev_year.is_none() {
                    (format!("{} {}", month_name(d), d.year()), d.month() == 1)
                } else {
                    (month_name(d).to_owned(), false)
                }
            }
            Step::Days(_) => {
                if prev_year.is_none() || (new_year && d.month() == 1) {
                    (
                        format!("{} {} {}", d.day(), month_name(d), d.year()),
                        new_year,
                    )
                } else if new_month {
                    (format!("{} {}", d.day(), month_name(d)), true)
                } else {
                    (d.day().to_string(), false)
                }
            }
        };
        tick.label = label;
        tick.major = major;
        prev_year = Some(d.year());
        prev_month = Some(d.month());
    }
}

/// "Nice" linear ticks (1, 2, 2.5, 5 times a power of ten) covering `[min, max]`.
pub fn value_ticks(min: f64, max: f64, max_ticks: usize) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite()) || max <= min {
        return Vec::new();
    }
    let raw = (max - min) / max_ticks.max(2) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (min / step).ceil() as i64;
    let last = (max / step).floor() as i64;
    (first..=last.max(first))
        .take(200)
        .map(|i| {
            let v = i as f64 * step;
            // Snap -0.0 and float noise (0.30000000000000004) to the step's precision.
            if v.abs() < step * 1e-9 { 0.0 } else { v }
        })
        .filter(|v| *v >= min - step * 1e-9 && *v <= max + step * 1e-9)
        .collect()
}

/// Ticks for a log axis over positive values: 1, 2, 5 per decade (or whole decades when the range
/// is wide).
pub fn log_ticks(min: f64, max: f64, max_ticks: usize) -> Vec<f64> {
    if !(min > 0.0 && max > min && max.is_finite()) {
        return Vec::new();
    }
    let lo = min.log10().floor() as i32;
    let hi = max.log10().ceil() as i32;
    let decades = (hi - lo).max(1) as usize;
    let mults: &[f64] = if decades * 3 <= max_ticks.max(3) {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0]
    };
    let mut out = Vec::new();
    for e in lo..=hi {
        for m in mults {
            let v = m * 10f64.powi(e);
            if v >= min && v <= max {
                out.push(v);
            }
        }
    }
    out
}

/// The ticks of a log value axis from `min` to `max` (positive values): 1-2-5 per decade, or
/// linear steps when the range spans too little of a decade for three of those (a quarter's
/// performance from 80 to 130 gets 80, 90, ... 130 instead of just 100).
pub fn log_scale_ticks(min: f64, max: f64, max_ticks: usize) -> Vec<f64> {
    // 1-2-5 per decade needs more marks than a linear axis; they are unevenly spaced.
    let mut values = log_ticks(min, max, max_ticks * 2);
    if values.len() < 3 {
        values = value_ticks(min, max, max_ticks.min(6));
    }
    values.retain(|v| *v > 0.0);
    values
}

/// The unit of a value axis; decides how numbers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A level rebased to 100.
    Index,
    /// Percent change (returns, drawdowns), written with its sign.
    Percent,
    /// A share of a whole in percent (AI share of revenue), written without a sign.
    Share,
    /// Percentage points (spreads).
    Points,
    /// A ratio (relative strength, beta, correlation).
    Ratio,
    /// US dollars.
    Usd,
    /// US dollars per year.
    UsdPerYear,
    /// Megawatts.
    Megawatts,
    /// Trading days (relative to an event).
    Days,
    /// Network hashrate in EH/s.
    Exahash,
}

impl Unit {
    /// The axis label suffix, e.g. "%" or "USD".
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Index => "index",
            Unit::Percent | Unit::Share => "%",
            Unit::Points => "points",
            Unit::Ratio => "ratio",
            Unit::Usd => "USD",
            Unit::UsdPerYear => "USD/yr",
            Unit::Megawatts => "MW",
            Unit::Days => "trading days",
            Unit::Exahash => "EH/s",
        }
    }

    /// A tick label: compact, no unit repetition beyond a symbol.
    pub fn format_tick(self, v: f64) -> String {
        match self {
            Unit::Index => trim_number(v, 2),
            Unit::Percent | Unit::Share => format!("{}%", trim_number(v, 2)),
            Unit::Points => format!("{}{}", if v > 0.0 { "+" } else { "" }, trim_number(v, 2)),
            Unit::Ratio => trim_number(v, 3),
            Unit::Usd | Unit::UsdPerYear => format!("${}", compact(v)),
            Unit::Megawatts => trim_number(v, 1),
            Unit::Days => format!("{}{}", if v > 0.0 { "+" } else { "" }, trim_number(v, 0)),
            Unit::Exahash => format_grouped(v, 0),
        }
    }

    /// A value in a tooltip or table: with its unit.
    pub fn format_value(self, v: f64) -> String {
        if !v.is_finite() {
            return "–".into();
        }
        match self {
            Unit::Index => format!("{v:.2}"),
            Unit::Percent => format!("{v:+.2}%"),
            Unit::Share => format!("{v:.1}%"),
            Unit::Points => format!("{v:+.2} pts"),
            Unit::Ratio => format!("{v:.3}"),
            Unit::Usd => format_usd(v),
            Unit::UsdPerYear => format!("${}/yr", compact(v)),
            Unit::Megawatts => format!("{v:.0} MW"),
            Unit::Days => format!("day {v:+.0}"),
            Unit::Exahash => format!("{} EH/s", format_grouped(v, 0)),
        }
    }
}

/// A price: `$12.34`, `$91,500.00`.
pub fn format_usd(v: f64) -> String {
    let sign = if v < 0.0 { "-" } else { "" };
    let decimals = if v.abs() >= 1.0 { 2 } else { 4 };
    format!("{sign}${}", format_grouped(v.abs(), decimals))
}

/// `1.2K`, `3.4M`, `5.6B`.
pub fn compact(v: f64) -> String {
    let a = v.abs();
    let (div, suffix) = if a >= 1e12 {
        (1e12, "T")
    } else if a >= 1e9 {
        (1e9, "B")
    } else if a >= 1e6 {
        (1e6, "M")
    } else if a >= 1e3 {
        (1e3, "K")
    } else {
        (1.0, "")
    };
    format!("{}{}", trim_number(v / div, 2), suffix)
}

/// A date for tooltips: `2026-03-31`.
pub fn format_day(day: f64) -> String {
    days_to_date(day.round().clamp(-1e6, 1e6) as i32).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    fn day(y: i32, m: u32, d: u32) -> f64 {
        f64::from(date_to_days(ymd(y, m, d)))
    }

    #[test]
    fn labels_adapt_to_the_zoom() {
        let years = date_ticks(day(2021, 1, 4), day(2026, 11, 20), 8);
        let labels: Vec<&str> = years.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["2022", "2023", "2024", "2025", "2026"]);
        assert!(years.iter().all(|t| t.major));

        let months = date_ticks(day(2026, 1, 1), day(2026, 3, 31), 3);
        let labels: Vec<&str> = months.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Jan 2026", "Feb", "Mar"]);

        let quarters = date_ticks(day(2025, 11, 20), day(2026, 11, 20), 4);
        let labels: Vec<&str> = quarters.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Jan 2026", "Apr", "Jul", "Oct"]);

        let days = date_ticks(day(2026, 3, 28), day(2026, 4, 2), 10);
        let labels: Vec<&str> = days.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["28 Mar 2026", "29", "30", "31", "1 Apr", "2"]);

        let weeks = date_ticks(day(2026, 3, 1), day(2026, 4, 5), 6);
        assert!(
            weeks
                .iter()
                .all(|t| { days_to_date(t.value as i32).weekday() == chrono::Weekday::Mon })
        );
        assert!(date_ticks(5.0, 5.0, 8).is_empty());
        assert!(date_ticks(f64::NAN, 5.0, 8).is_empty());
    }

    #[test]
    fn nice_value_ticks() {
        assert_eq!(
            value_ticks(0.0, 10.0, 5),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(value_ticks(-0.3, 0.3, 4), vec![-0.2, 0.0, 0.2]);
        assert_eq!(
            value_ticks(83.0, 168.0, 5),
            vec![100.0, 120.0, 140.0, 160.0]
        );
        assert_eq!(log_ticks(40.0, 600.0, 10), vec![50.0, 100.0, 200.0, 500.0]);
        assert!(value_ticks(1.0, 1.0, 5).is_empty());
    }

    #[test]
    fn value_formats() {
        assert_eq!(Unit::Percent.format_value(12.345), "+12.35%");
        assert_eq!(Unit::Share.format_value(45.24), "45.2%");
        assert_eq!(Unit::Share.format_tick(50.0), "50%");
        assert_eq!(Unit::Points.format_value(-49.5), "-49.50 pts");
        assert_eq!(Unit::Points.format_tick(20.0), "+20");
        assert_eq!(Unit::Usd.format_value(91_500.0), "$91,500.00");
        assert_eq!(Unit::Usd.format_value(0.35), "$0.3500");
        assert_eq!(Unit::Usd.format_value(-1234.5), "-$1,234.50");
        assert_eq!(format_grouped(1050.0, 0), "1,050");
        assert_eq!(format_grouped(-999.5, 1), "-999.5");
        assert_eq!(Unit::UsdPerYear.format_tick(1.5e9), "$1.5B");
        assert_eq!(Unit::Ratio.format_value(1.23456), "1.235");
        assert_eq!(
            format_day(f64::from(date_to_days(ymd(2026, 3, 31)))),
            "2026-03-31"
        );
        assert_eq!(trim_number(-0.0001, 2), "0");
    }
}
