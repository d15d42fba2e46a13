//! Exchange calendars: NYSE trading days (US stocks) and every calendar day (crypto).

use chrono::{Datelike, NaiveDate, Weekday};

/// Days the NYSE closed outside its regular holidays (national days of mourning, storms).
const SPECIAL_CLOSURES: [(i32, u32, u32); 8] = [
    (2001, 9, 11),
    (2001, 9, 12),
    (2001, 9, 13),
    (2001, 9, 14),
    (2004, 6, 11),
    (2007, 1, 2),
    (2018, 12, 5),
    (2025, 1, 9),
];

/// Easter Sunday (anonymous Gregorian algorithm).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    (1..=5)
        .rev()
        .find_map(|n| NaiveDate::from_weekday_of_month_opt(year, month, weekday, n))
}

/// A fixed-date holiday moved off the weekend (Saturday to Friday, Sunday to Monday).
fn observed(date: NaiveDate) -> Option<NaiveDate> {
    match date.weekday() {
        Weekday::Sat => date.pred_opt(),
        Weekday::Sun => date.succ_opt(),
        _ => Some(date),
    }
}

/// The NYSE's full-day holidays of a year (rules in force since 1998; Juneteenth from 2022).
pub fn nyse_holidays(year: i32) -> Vec<NaiveDate> {
    let fixed = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    let mut days: Vec<Option<NaiveDate>> = Vec::with_capacity(12);
    // New Year's Day: a Saturday New Year is not observed on the Friday before (Rule 7.2).
    if let Some(ny) = fixed(1, 1).filter(|ny| ny.weekday() != Weekday::Sat) {
        days.push(observed(ny));
    }
    days.push(nth_weekday(year, 1, Weekday::Mon, 3));
    days.push(nth_weekday(year, 2, Weekday::Mon, 3));
    days.push(easter_sunday(year).and_then(|e| e.checked_sub_days(chrono::Days::new(2))));
    days.push(last_weekday(year, 5, Weekday::Mon));
    if year >= 2022 {
        days.push(fixed(6, 19).and_then(observed));
    }
    days.push(fixed(7, 4).and_then(observed));
    days.push(nth_weekday(year, 9, Weekday::Mon, 1));
    days.push(nth_weekday(year, 11, Weekday::Thu, 4));
    days.push(fixed(12, 25).and_then(observed));
    days.extend(
        SPECIAL_CLOSURES
            .iter()
            .filter(|(y, _, _)| *y == year)
            .map(|(y, m, d)| NaiveDate::from_ymd_opt(*y, *m, *d)),
    );
    let mut out: Vec<NaiveDate> = days.into_iter().flatten().collect();
    out.sort();
    out
}

pub fn is_nyse_trading_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
        && !nyse_holidays(date.year()).contains(&date)
}

/// NYSE trading days in `from ..= to`.
pub fn nyse_trading_days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut holidays: Vec<NaiveDate> = Vec::new();
    let mut year = None;
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| {
            if year != Some(d.year()) {
                year = Some(d.year());
                holidays = nyse_holidays(d.year());
            }
            !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(d)
        })
        .collect()
}

/// Every calendar day in `from ..= to` (crypto trades around the clock).
pub fn calendar_days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days().take_while(|d| *d <= to).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2024), Some(ymd(2024, 3, 31)));
        assert_eq!(easter_sunday(2025), Some(ymd(2025, 4, 20)));
        assert_eq!(easter_sunday(2026), Some(ymd(2026, 4, 5)));
    }

    #[test]
    fn nyse_holidays_2026_match_the_published_calendar() {
        assert_eq!(
            nyse_holidays(2026),
            vec![
                ymd(2026, 1, 1),
                ymd(2026, 1, 19),
                ymd(2026, 2, 16),
                ymd(2026, 4, 3),
                ymd(2026, 5, 25),
                ymd(2026, 6, 19),
                ymd(2026, 7, 3),
                ymd(2026, 9, 7),
                ymd(2026, 11, 26),
                ymd(2026, 12, 25),
            ]
        );
    }

    #[test]
    fn weekend_rules_and_special_closures() {
        // 2022-01-01 was a Saturday: no closure on Friday 2021-12-31.
        assert!(is_nyse_trading_day(ymd(2021, 12, 31)));
        // 2022-12-25 was a Sunday: closed Monday 2022-12-26.
        assert!(!is_nyse_trading_day(ymd(2022, 12, 26)));
        // Juneteenth 2022 (Sunday) observed Monday 2022-06-20; none in 2021.
        assert!(!is_nyse_trading_day(ymd(2022, 6, 20)));
        assert!(is_nyse_trading_day(ymd(2021, 6, 18)));
        // National day of mourning for President Carter.
        assert!(!is_nyse_trading_day(ymd(2025, 1, 9)));
        assert!(is_nyse_trading_day(ymd(2026, 1, 2)));
        assert!(is_nyse_trading_day(ymd(2026, 3, 31)));
        // 252 trading days in 2024 and 250 in 2025 (NYSE figures).
        assert_eq!(
            nyse_trading_days(ymd(2024, 1, 1), ymd(2024, 12, 31)).len(),
            252
        );
        assert_eq!(
            nyse_trading_days(ymd(2025, 1, 1), ymd(2025, 12, 31)).len(),
            250
        );
        assert_eq!(calendar_days(ymd(2024, 1, 1), ymd(2024, 12, 31)).len(), 366);
    }
}
