//! One function per formula of the revenue model.

use chrono::{Months, NaiveDate};

use super::{DAYS_PER_YEAR, HOURS_PER_YEAR, SENSITIVITY_MOVE_PCT};
use crate::model::fundamentals::HostingContract;

/// Mining revenue per year = hashrate_eh * 1000 * hashprice * 365 * uptime * (1 - pool_fee).
pub fn mining_usd_per_year(
    hashrate_eh: f64,
    hashprice_usd_per_ph_day: f64,
    uptime_pct: f64,
    pool_fee_pct: f64,
) -> f64 {
    hashrate_eh
        * 1000.0
        * hashprice_usd_per_ph_day
        * DAYS_PER_YEAR
        * (uptime_pct / 100.0)
        * (1.0 - pool_fee_pct / 100.0)
}

/// The billable share (0 to 1) of a contract on `date`: 0 before `start`, then linear over
/// `ramp_months` calendar months (fractions of a month by its days), 1 after.
pub fn ramp_fraction(start: NaiveDate, ramp_months: u32, date: NaiveDate) -> f64 {
    if date < start {
        return 0.0;
    }
    if ramp_months == 0 {
        return 1.0;
    }
    let add = |m: u32| start.checked_add_months(Months::new(m));
    let mut whole = 0;
    while whole < ramp_months {
        match add(whole + 1) {
            Some(next) if next <= date => whole += 1,
            _ => break,
        }
    }
    if whole >= ramp_months {
        return 1.0;
    }
    let partial = match (add(whole), add(whole + 1)) {
        (Some(a), Some(b)) => (date - a).num_days() as f64 / (b - a).num_days().max(1) as f64,
        _ => 0.0,
    };
    ((f64::from(whole) + partial) / f64::from(ramp_months)).clamp(0.0, 1.0)
}

/// MW of a contract billable on `date`.
pub fn billable_mw(contract: &HostingContract, date: NaiveDate) -> f64 {
    contract.mw * ramp_fraction(contract.start, contract.ramp_months, date)
}

/// Hosting revenue per year on `date` = sum of billable MW * USD per MW-year.
pub fn hosting_usd_per_year(contracts: &[HostingContract], date: NaiveDate) -> f64 {
    contracts
        .iter()
        .map(|c| billable_mw(c, date) * c.usd_per_mw_year)
        .sum()
}

/// GPU-cloud revenue per year = GPUs * USD per GPU-hour * 8760 * utilization.
pub fn gpu_cloud_usd_per_year(gpus: f64, usd_per_gpu_hour: f64, utilization_pct: f64) -> f64 {
    gpus * usd_per_gpu_hour * HOURS_PER_YEAR * (utilization_pct / 100.0)
}

/// AI share in percent = AI / (mining + AI) * 100; `None` without any revenue.
pub fn ai_share_pct(mining_usd: f64, ai_usd: f64) -> Option<f64> {
    let total = mining_usd + ai_usd;
    (total > 0.0).then(|| ai_usd / total * 100.0)
}

/// The BTC price at which AI revenue equals mining revenue (mining is proportional to the
/// price); `None` without mining or without AI revenue.
pub fn breakeven_btc_price_usd(btc_price_usd: f64, mining_usd: f64, ai_usd: f64) -> Option<f64> {
    (mining_usd > 0.0 && ai_usd > 0.0).then(|| btc_price_usd * ai_usd / mining_usd)
}

/// Percent change of total revenue for a 10% BTC move = 10 * mining / total; `None` without
/// revenue.
pub fn btc_sensitivity_pct(mining_usd: f64, total_usd: f64) -> Option<f64> {
    (total_usd > 0.0).then(|| SENSITIVITY_MOVE_PCT * mining_usd / total_usd)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::revenue::test_util::{close, contract};
    use crate::model::dates::ymd;

    #[test]
    fn contract_ramps_before_start_mid_ramp_and_after() {
        let c = contract(300.0, 2_000_000.0, ymd(2026, 1, 1), 12);
        assert_eq!(billable_mw(&c, ymd(2025, 12, 31)), 0.0);
        assert_eq!(billable_mw(&c, ymd(2026, 1, 1)), 0.0);
        assert_eq!(billable_mw(&c, ymd(2026, 7, 1)), 150.0);
        assert_eq!(billable_mw(&c, ymd(2026, 4, 1)), 75.0);
        // Half of January: 15 of 31 days of the first month.
        let mid_jan = billable_mw(&c, ymd(2026, 1, 16));
        assert!(
            close(mid_jan, 300.0 * (15.0 / 31.0) / 12.0, 1e-9),
            "{mid_jan}"
        );
        assert_eq!(billable_mw(&c, ymd(2027, 1, 1)), 300.0);
        assert_eq!(billable_mw(&c, ymd(2030, 1, 1)), 300.0);
        assert_eq!(
            hosting_usd_per_year(std::slice::from_ref(&c), ymd(2026, 7, 1)),
            300_000_000.0
        );
        let now = contract(100.0, 1.0, ymd(2026, 1, 1), 0);
        assert_eq!(billable_mw(&now, ymd(2025, 12, 31)), 0.0);
        assert_eq!(billable_mw(&now, ymd(2026, 1, 1)), 100.0);
        // Month ends: a start on the 31st ramps by calendar months too.
        let eom = contract(120.0, 1.0, ymd(2026, 1, 31), 2);
        assert_eq!(billable_mw(&eom, ymd(2026, 2, 28)), 60.0);
        assert_eq!(billable_mw(&eom, ymd(2026, 3, 31)), 120.0);
    }
}
