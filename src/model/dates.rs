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

/// Index of the last element of `sorted` (ascending by `key`) whose key is on or before `at`;
/// `None` when every key is after it. The one "last value on or before a date" rule: prices,
/// hashrate histories and capacity points all look up through it.
pub fn last_on_or_before<T, K: PartialOrd>(
    sorted: &[T],
    at: &K,
    key: impl Fn(&T) -> K,
) -> Option<usize> {
    sorted.partition_point(|x| key(x) <= *at).checked_sub(1)
}

/// `start..end` of the elements of `sorted` (ascending by `key`) with `from <= key <= to`:
/// start = the first on or after `from`, end = one past the last on or before `to`; empty (never
/// inverted) when none is.
pub fn within<T, K: PartialOrd>(
    sorted: &[T],
    from: &K,
    to: &K,
    key: impl Fn(&T) -> K,
) -> std::ops::Range<usize> {
    let start = sorted.partition_point(|x| key(x) < *from);
    let end = sorted.partition_point(|x| key(x) <= *to);
    start..end.max(start)
}

/// [`last_on_or_before`] for many lookups in increasing order (a merge walk): O(n + m) over the
/// whole walk instead of a binary search each.
pub struct AsOfCursor<'a, K> {
    keys: &'a [K],
    next: usize,
}

impl<'a, K: PartialOrd> AsOfCursor<'a, K> {
    pub fn new(keys: &'a [K]) -> Self {
        Self { keys, next: 0 }
    }

    /// Index of the last key on or before `at`; `at` must not decrease between calls.
    pub fn at(&mut self, at: &K) -> Option<usize> {
        while self.keys.get(self.next).is_some_and(|k| k <= at) {
            self.next += 1;
        }
        self.next.checked_sub(1)
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

    #[test]
    fn lookups_on_or_before_and_within() {
        let days = [2, 4, 4, 7];
        assert_eq!(last_on_or_before(&days, &1, |d| *d), None);
        assert_eq!(last_on_or_before(&days, &4, |d| *d), Some(2));
        assert_eq!(last_on_or_before(&days, &6, |d| *d), Some(2));
        assert_eq!(last_on_or_before(&days, &9, |d| *d), Some(3));
        assert_eq!(within(&days, &3, &7, |d| *d), 1..4);
        assert_eq!(within(&days, &5, &6, |d| *d), 3..3);
        assert_eq!(within(&days, &8, &1, |d| *d), 4..4);
        let mut cursor = AsOfCursor::new(&days);
        let walked: Vec<_> = [1, 2, 3, 4, 8].iter().map(|d| cursor.at(d)).collect();
        assert_eq!(walked, [None, Some(0), Some(0), Some(2), Some(3)]);
    }
}
