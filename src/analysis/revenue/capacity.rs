//! Power capacity over time: MW used for mining and MW contracted for AI/HPC per miner, on a
//! common quarter grid.

use chrono::{Datelike, NaiveDate};

use super::error::{RevenueError, range_problem};
use crate::model::date_to_days;
use crate::model::dates::last_on_or_before;
use crate::model::deals::Deal;
use crate::model::fundamentals::FundamentalsFile;

/// The last day of a quarter written `2025Q3`.
pub fn parse_quarter(text: &str) -> Option<NaiveDate> {
    let t = text.trim().to_ascii_uppercase();
    let (year, q) = t.split_once('Q')?;
    let year: i32 = year.parse().ok()?;
    let q: u32 = q.parse().ok()?;
    if !(1..=4).contains(&q) || !(1900..=2200).contains(&year) {
        return None;
    }
    let first_of_next = if q == 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, 3 * q + 1, 1)?
    };
    first_of_next.pred_opt()
}

/// `2025Q3` for a quarter-end date.
pub fn quarter_label(date: NaiveDate) -> String {
    format!("{}Q{}", date.year(), date.month0() / 3 + 1)
}

/// One miner's capacity on the common quarter grid.
#[derive(Clone, Debug, PartialEq)]
pub struct MinerCapacity {
    pub symbol: String,
    /// Used for mining (the fundamentals file).
    pub mining_mw: Vec<f64>,
    /// Contracted to AI/HPC tenants: the ledger's deals announced on or before the quarter end.
    pub ai_mw: Vec<f64>,
    /// Of those, the MW whose billing has started by the quarter end (stated, or assumed a year
    /// after the announcement).
    pub ai_billing_mw: Vec<f64>,
}

/// Mining and AI/HPC MW per miner and in total at each quarter end.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CapacitySeries {
    /// Quarter ends, days since 1970-01-01, increasing.
    pub days: Vec<i32>,
    pub miners: Vec<MinerCapacity>,
    pub total_mining_mw: Vec<f64>,
    pub total_ai_mw: Vec<f64>,
    pub total_ai_billing_mw: Vec<f64>,
}

/// The quarter end on or after `date`.
fn quarter_end_of(date: NaiveDate) -> NaiveDate {
    parse_quarter(&quarter_label(date)).unwrap_or(date)
}

/// The capacity history of the chosen miners (all of the file when `None`) on one quarter
/// grid: the quarters of their mining history and of their deals. Mining MW is each miner's
/// latest figure on or before the quarter (0 before its first); AI/HPC MW adds up the MW of
/// its deals that count (signed, contracting capacity) by announcement and by start of billing.
pub fn capacity_series(
    file: &FundamentalsFile,
    deals: &[Deal],
    symbols: Option<&[String]>,
) -> Result<CapacitySeries, RevenueError> {
    /// (quarter end in days, mining MW), sorted.
    type Points = Vec<(i32, f64)>;
    /// (announced, billing start, MW) of the deals that count.
    type Contracted = Vec<(i32, i32, f64)>;
    let mut parsed: Vec<(String, Points, Contracted)> = Vec::new();
    let mut days: Vec<i32> = Vec::new();
    for m in file
        .miners
        .iter()
        .filter(|m| symbols.is_none_or(|list| list.contains(&m.symbol)))
    {
        let mut points = Vec::with_capacity(m.capacity_history.len());
        for p in &m.capacity_history {
            let err = |problem: String| RevenueError::Capacity {
                symbol: m.symbol.clone(),
                quarter: p.quarter.clone(),
                problem,
            };
            let date = parse_quarter(&p.quarter)
                .ok_or_else(|| err("is not a quarter like 2025Q3".to_owned()))?;
            if let Some(problem) = range_problem(p.mining_mw, 0.0, None, "MW") {
                return Err(err(format!("mining_mw {problem}")));
            }
            points.push((date_to_days(date), p.mining_mw));
        }
        points.sort_by_key(|p| p.0);
        // (announced, billing start, MW) of the deals that count.
        let contracted: Vec<(i32, i32, f64)> = deals
            .iter()
            .filter(|d| d.symbol == m.symbol && d.counts())
            .filter_map(|d| {
                let mw = d.mw?;
                let (start, _) = d.billing_start_or_assumed();
                Some((date_to_days(d.announced), date_to_days(start), mw))
            })
            .collect();
        days.extend(points.iter().map(|p| p.0));
        days.extend(contracted.iter().flat_map(|(a, b, _)| {
            [*a, *b].map(|d| date_to_days(quarter_end_of(crate::model::days_to_date(d))))
        }));
        parsed.push((m.symbol.clone(), points, contracted));
    }
    days.sort_unstable();
    days.dedup();
    let n = days.len();
    let mut out = CapacitySeries {
        total_mining_mw: vec![0.0; n],
        total_ai_mw: vec![0.0; n],
        total_ai_billing_mw: vec![0.0; n],
        days,
        miners: Vec::new(),
    };
    for (symbol, points, contracted) in parsed {
        let mut mc = MinerCapacity {
            symbol,
            mining_mw: Vec::with_capacity(n),
            ai_mw: Vec::with_capacity(n),
            ai_billing_mw: Vec::with_capacity(n),
        };
        for (i, day) in out.days.iter().enumerate() {
            let mining = last_on_or_before(&points, day, |p| p.0).map_or(0.0, |k| points[k].1);
            let ai: f64 = contracted.iter().filter(|c| c.0 <= *day).map(|c| c.2).sum();
            let billing: f64 = contracted.iter().filter(|c| c.1 <= *day).map(|c| c.2).sum();
            mc.mining_mw.push(mining);
            mc.ai_mw.push(ai);
            mc.ai_billing_mw.push(billing);
            out.total_mining_mw[i] += mining;
            out.total_ai_mw[i] += ai;
            out.total_ai_billing_mw[i] += billing;
        }
        out.miners.push(mc);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::fundamentals::bundled_fundamentals;
    use crate::model::dates::ymd;

    #[test]
    fn capacity_series_on_a_common_quarter_grid() {
        assert_eq!(parse_quarter("2025Q3"), Some(ymd(2025, 9, 30)));
        assert_eq!(parse_quarter("2025q4"), Some(ymd(2025, 12, 31)));
        assert_eq!(parse_quarter("2025Q1"), Some(ymd(2025, 3, 31)));
        assert_eq!(parse_quarter("2025Q5"), None);
        assert_eq!(parse_quarter("Q3 2025"), None);
        assert_eq!(quarter_label(ymd(2025, 9, 30)), "2025Q3");

        let mut file = bundled_fundamentals().unwrap();
        let deals = crate::data::deals::bundled_ledger().unwrap().deals;
        let all = capacity_series(&file, &deals, None).unwrap();
        assert_eq!(all.miners.len(), 12);
        let last = all.days.len() - 1;
        let sum_ai: f64 = all.miners.iter().map(|m| m.ai_mw[last]).sum();
        assert_eq!(all.total_ai_mw[last], sum_ai);
        // Contracted MW by announcement: APLD's 250 MW from the quarter of 2025-06-02.
        let apld = capacity_series(&file, &deals, Some(&["APLD".to_owned()])).unwrap();
        let q = |y, m, d| {
            apld.days
                .iter()
                .position(|x| *x == date_to_days(ymd(y, m, d)))
        };
        let q2 = q(2025, 6, 30).unwrap();
        assert!(apld.miners[0].ai_mw[q2] >= 250.0);
        assert_eq!(apld.miners[0].ai_mw[q(2025, 3, 31).unwrap_or(0)], 0.0);
        // Billing starts later than the announcement: never more MW billing than contracted.
        for m in &all.miners {
            for i in 0..all.days.len() {
                assert!(m.ai_billing_mw[i] <= m.ai_mw[i] + 1e-9, "{} {i}", m.symbol);
            }
        }
        let cifr = capacity_series(&file, &deals, Some(&["CIFR".to_owned()])).unwrap();
        assert_eq!(cifr.miners.len(), 1);
        assert_eq!(cifr.total_ai_mw, cifr.miners[0].ai_mw);

        // A miner that starts later counts 0 before its first quarter and carries its last.
        let hut = file.miners.iter_mut().find(|m| m.symbol == "HUT").unwrap();
        hut.capacity_history.drain(0..4);
        hut.capacity_history.pop();
        let s = capacity_series(&file, &[], Some(&["HUT".to_owned(), "MARA".to_owned()])).unwrap();
        assert_eq!(s.days.len(), 11);
        let hut = s.miners.iter().find(|m| m.symbol == "HUT").unwrap();
        assert_eq!(hut.mining_mw[0], 0.0);
        assert_eq!(hut.mining_mw[10], hut.mining_mw[9]);

        let bad = file.miners.iter_mut().find(|m| m.symbol == "MARA").unwrap();
        bad.capacity_history[0].quarter = "2024-Q1".into();
        assert_eq!(
            capacity_series(&file, &[], None).unwrap_err().to_string(),
            "MARA: capacity \"2024-Q1\" is not a quarter like 2025Q3"
        );
    }
}
