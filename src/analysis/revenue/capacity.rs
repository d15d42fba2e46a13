//! Power capacity over time: MW used for mining and MW contracted for AI/HPC per miner, on a
//! common quarter grid.

use chrono::{Datelike, NaiveDate};

use super::error::{RevenueError, range_problem};
use crate::model::date_to_days;
use crate::model::dates::last_on_or_before;
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
    pub mining_mw: Vec<f64>,
    pub ai_mw: Vec<f64>,
}

/// Mining and AI/HPC MW per miner and in total at each quarter end.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CapacitySeries {
    /// Quarter ends, days since 1970-01-01, increasing.
    pub days: Vec<i32>,
    pub miners: Vec<MinerCapacity>,
    pub total_mining_mw: Vec<f64>,
    pub total_ai_mw: Vec<f64>,
}

/// The capacity history of the chosen miners (all when `None`) on the union of their quarters.
/// A miner counts with its latest figure on or before each quarter, 0 before its first.
pub fn capacity_series(
    file: &FundamentalsFile,
    symbols: Option<&[String]>,
) -> Result<CapacitySeries, RevenueError> {
    /// (quarter end in days, mining MW, AI MW), sorted.
    type Points = Vec<(i32, f64, f64)>;
    let mut parsed: Vec<(String, Points)> = Vec::new();
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
            for (name, v) in [("mining_mw", p.mining_mw), ("ai_mw", p.ai_mw)] {
                if let Some(problem) = range_problem(v, 0.0, None, "MW") {
                    return Err(err(format!("{name} {problem}")));
                }
            }
            points.push((date_to_days(date), p.mining_mw, p.ai_mw));
        }
        points.sort_by_key(|p| p.0);
        parsed.push((m.symbol.clone(), points));
    }
    let mut days: Vec<i32> = parsed
        .iter()
        .flat_map(|(_, pts)| pts.iter().map(|p| p.0))
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut out = CapacitySeries {
        total_mining_mw: vec![0.0; days.len()],
        total_ai_mw: vec![0.0; days.len()],
        days,
        miners: Vec::new(),
    };
    for (symbol, points) in parsed {
        let mut mc = MinerCapacity {
            symbol,
            mining_mw: Vec::with_capacity(out.days.len()),
            ai_mw: Vec::with_capacity(out.days.len()),
        };
        for (i, day) in out.days.iter().enumerate() {
            let (mining, ai) = last_on_or_before(&points, day, |p| p.0)
                .map_or((0.0, 0.0), |k| (points[k].1, points[k].2));
            mc.mining_mw.push(mining);
            mc.ai_mw.push(ai);
            out.total_mining_mw[i] += mining;
            out.total_ai_mw[i] += ai;
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
        let all = capacity_series(&file, None).unwrap();
        assert_eq!(all.miners.len(), 12);
        assert_eq!(all.days.len(), 11);
        let last = all.days.len() - 1;
        let sum_ai: f64 = all.miners.iter().map(|m| m.ai_mw[last]).sum();
        assert_eq!(all.total_ai_mw[last], sum_ai);
        let cifr = capacity_series(&file, Some(&["CIFR".to_owned()])).unwrap();
        assert_eq!(cifr.miners.len(), 1);
        assert_eq!(cifr.total_ai_mw, cifr.miners[0].ai_mw);

        // A miner that starts later counts 0 before its first quarter and carries its last.
        let hut = file.miners.iter_mut().find(|m| m.symbol == "HUT").unwrap();
        hut.capacity_history.drain(0..4);
        hut.capacity_history.pop();
        let s = capacity_series(&file, Some(&["HUT".to_owned(), "MARA".to_owned()])).unwrap();
        assert_eq!(s.days.len(), 11);
        let hut = s.miners.iter().find(|m| m.symbol == "HUT").unwrap();
        assert_eq!(hut.mining_mw[0], 0.0);
        assert_eq!(hut.mining_mw[10], hut.mining_mw[9]);

        let bad = file.miners.iter_mut().find(|m| m.symbol == "MARA").unwrap();
        bad.capacity_history[0].quarter = "2024-Q1".into();
        assert_eq!(
            capacity_series(&file, None).unwrap_err().to_string(),
            "MARA: capacity \"2024-Q1\" is not a quarter like 2025Q3"
        );
    }
}
