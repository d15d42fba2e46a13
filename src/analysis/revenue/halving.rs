//! The block subsidy: 50 BTC halved every 210,000 blocks, by height and by date.

use chrono::NaiveDate;

use super::{BLOCKS_PER_DAY, BLOCKS_PER_HALVING, HALVINGS, INITIAL_SUBSIDY_SATS, SATS_PER_BTC};

/// The block subsidy in BTC at a block height: 50 BTC halved every 210,000 blocks (in whole
/// satoshis, as the protocol does).
pub fn subsidy_at_height(height: u64) -> f64 {
    let halvings = height / BLOCKS_PER_HALVING;
    if halvings >= 64 {
        return 0.0;
    }
    (INITIAL_SUBSIDY_SATS >> halvings) as f64 / SATS_PER_BTC
}

/// The date of the halving at `height` (a multiple of 210,000): the recorded date for past
/// halvings, else estimated from the last one at 144 blocks a day.
pub fn halving_date(height: u64) -> NaiveDate {
    if let Some((_, date)) = HALVINGS.iter().find(|(h, _)| *h == height) {
        return *date;
    }
    let (last_height, last_date) = HALVINGS[HALVINGS.len() - 1];
    if height < last_height {
        return HALVINGS[0].1;
    }
    let days = ((height - last_height) as f64 / BLOCKS_PER_DAY).floor() as u64;
    last_date
        .checked_add_days(chrono::Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// The number of halvings on or before `date`.
fn halvings_by(date: NaiveDate) -> u64 {
    (1..64)
        .take_while(|n| halving_date(n * BLOCKS_PER_HALVING) <= date)
        .last()
        .unwrap_or(0)
}

/// The block subsidy in BTC on a date (the halving's own date already pays the new subsidy).
pub fn subsidy_at_date(date: NaiveDate) -> f64 {
    subsidy_at_height(halvings_by(date) * BLOCKS_PER_HALVING)
}

/// The next halving after `date`: its block height and (estimated) date.
pub fn next_halving(date: NaiveDate) -> (u64, NaiveDate) {
    let height = (halvings_by(date) + 1) * BLOCKS_PER_HALVING;
    (height, halving_date(height))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;
    use chrono::Datelike;

    #[test]
    fn halving_schedule_at_its_boundaries() {
        assert_eq!(subsidy_at_date(ymd(2009, 1, 3)), 50.0);
        assert_eq!(subsidy_at_date(ymd(2012, 11, 27)), 50.0);
        assert_eq!(subsidy_at_date(ymd(2012, 11, 28)), 25.0);
        assert_eq!(subsidy_at_date(ymd(2016, 7, 8)), 25.0);
        assert_eq!(subsidy_at_date(ymd(2016, 7, 9)), 12.5);
        assert_eq!(subsidy_at_date(ymd(2020, 5, 10)), 12.5);
        assert_eq!(subsidy_at_date(ymd(2020, 5, 11)), 6.25);
        assert_eq!(subsidy_at_date(ymd(2024, 4, 19)), 6.25);
        assert_eq!(subsidy_at_date(ymd(2024, 4, 20)), 3.125);
        assert_eq!(subsidy_at_date(ymd(2026, 11, 20)), 3.125);
        assert_eq!(subsidy_at_height(0), 50.0);
        assert_eq!(subsidy_at_height(209_999), 50.0);
        assert_eq!(subsidy_at_height(840_000), 3.125);
        assert_eq!(subsidy_at_height(1_049_999), 3.125);
        assert_eq!(subsidy_at_height(1_050_000), 1.5625);
        assert_eq!(subsidy_at_height(64 * 210_000), 0.0);
        // The smallest subsidies are whole satoshis.
        assert_eq!(subsidy_at_height(32 * 210_000), 0.0000_0001);
        let (h, d) = next_halving(ymd(2026, 11, 20));
        assert_eq!(h, 1_050_000);
        assert_eq!(d, ymd(2028, 4, 17));
        assert_eq!(d.year(), 2028);
        assert_eq!(subsidy_at_date(d.pred_opt().unwrap()), 3.125);
        assert_eq!(subsidy_at_date(d), 1.5625);
        assert_eq!(next_halving(ymd(2024, 4, 19)), (840_000, ymd(2024, 4, 20)));
    }
}
