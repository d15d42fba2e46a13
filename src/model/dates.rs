//! Calendar dates as polars stores them: days since 1970-01-01 in an `i32`.

use chrono::NaiveDate;

/// 1970-01-01, day 0 of polars' `Date` type.
pub const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("1970-01-01 is a valid date"),
};

/// Days since 1970-01-01 (polars' physical representation of a `Date`).
pub fn date_to_days(date: NaiveDate) -> i32 {
    // Every NaiveDate is within +-262,143 years, so the day count fits an i32.
    (date - EPOCH).num_days() as i32
}

/// Inverse of [`date_to_days`]; saturates at chrono's limits instead of panicking.
pub fn days_to_date(days: i32) -> NaiveDate {
    EPOCH
        .checked_add_signed(chrono::Duration::days(i64::from(days)))
        .unwrap_or(if days < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// Parses an ISO date (`2026-03-31`), the only form accepted on the command line and in files we
/// write ourselves.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{}' is not a date in the form YYYY-MM-DD", text.trim()))
}

/// Shorthand for a date known to be valid at compile time (tests and tables of constants).
pub const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => d,
        None => panic!("invalid date constant"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        assert_eq!(date_to_days(ymd(1970, 1, 1)), 0);
        assert_eq!(date_to_days(ymd(2026, 3, 31)), 20543);
        assert_eq!(days_to_date(20543), ymd(2026, 3, 31));
        assert_eq!(days_to_date(-1), ymd(1969, 12, 31));
    }

    #[test]
    fn parse_date_explains_bad_input() {
        assert_eq!(parse_date("2026-01-02"), Ok(ymd(2026, 1, 2)));
        let err = parse_date("02/01/2026").unwrap_err();
        assert!(err.contains("YYYY-MM-DD"), "{err}");
    }
}
