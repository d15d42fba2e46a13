//! Time series behind the charts: rebased prices, relative strength, drawdowns, rolling beta and
//! correlation, and the equal-weight basket. Each takes the aligned data and a window.

use super::align::AlignedSeries;
use super::stats;
use crate::model::dates::AsOfCursor;
use crate::model::{DateRange, date_to_days};

/// A named series of (day, value) points, days strictly increasing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimeSeries {
    pub name: String,
    pub days: Vec<i32>,
    pub values: Vec<f64>,
}

impl TimeSeries {
    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    pub fn last(&self) -> Option<(i32, f64)> {
        Some((*self.days.last()?, *self.values.last()?))
    }
}

fn window_slice(s: &AlignedSeries, window: DateRange) -> (usize, usize) {
    s.window_indices(date_to_days(window.from), date_to_days(window.to))
}

/// Prices rebased to `base` (100) at the first date of the window.
pub fn rebased(s: &AlignedSeries, window: DateRange, base: f64) -> TimeSeries {
    let (a, b) = window_slice(s, window);
    let mut out = TimeSeries {
        name: s.symbol.clone(),
        ..TimeSeries::default()
    };
    if a < b {
        let p0 = s.prices[a];
        out.days = s.days[a..b].to_vec();
        out.values = s.prices[a..b].iter().map(|p| p / p0 * base).collect();
    }
    out
}

/// The price ratio symbol / benchmark, rebased to 1 at the window start (dates where the
/// benchmark has no price are left out).
pub fn relative_strength(s: &AlignedSeries, window: DateRange) -> TimeSeries {
    let (a, b) = window_slice(s, window);
    let mut out = TimeSeries {
        name: s.symbol.clone(),
        ..TimeSeries::default()
    };
    let Some((first, b0)) = (a..b).find_map(|i| s.benchmark[i].map(|b0| (i, b0))) else {
        return out;
    };
    let p0 = s.prices[first];
    for i in first..b {
        if let Some(bi) = s.benchmark[i] {
            out.days.push(s.days[i]);
            out.values.push((s.prices[i] / p0) / (bi / b0));
        }
    }
    out
}

/// Drawdown from the running peak within the window, in percent.
pub fn drawdown(s: &AlignedSeries, window: DateRange) -> TimeSeries {
    let (a, b) = window_slice(s, window);
    TimeSeries {
        name: s.symbol.clone(),
        days: s.days[a..b].to_vec(),
        values: stats::drawdown_pct(&s.prices[a..b]),
    }
}

/// Rolling beta and correlation to the benchmark over the last `n` returns, for the dates of
/// the window. The returns are taken over the whole history, so the series starts at the window's
/// first date whenever `n` earlier returns exist (like pandas' `rolling(n)` sliced afterwards).
pub fn rolling(s: &AlignedSeries, window: DateRange, n: usize) -> (TimeSeries, TimeSeries) {
    let len = s.prices.len();
    let mut r = Vec::with_capacity(len);
    let mut rb = Vec::with_capacity(len);
    // The return "on" date i is from date i-1 to date i; date 0 has none.
    r.push(None);
    rb.push(None);
    for i in 1..len {
        r.push(Some(s.prices[i] / s.prices[i - 1] - 1.0));
        rb.push(match (s.benchmark[i - 1], s.benchmark[i]) {
            (Some(b0), Some(b1)) => Some(b1 / b0 - 1.0),
            _ => None,
        });
    }
    let (betas, corrs) = stats::rolling_beta_correlation(&r, &rb, n);
    let (a, b) = window_slice(s, window);
    let pick = |values: &[Option<f64>]| {
        let mut ts = TimeSeries {
            name: s.symbol.clone(),
            ..TimeSeries::default()
        };
        for (day, v) in s.days[a..b].iter().zip(&values[a..b]) {
            if let Some(v) = v {
                ts.days.push(*day);
                ts.values.push(*v);
            }
        }
        ts
    };
    (pick(&betas), pick(&corrs))
}

/// Equal-weight buy-and-hold basket, rebased to `base` at the window start: on each date, the
/// mean of the members' rebased values (each member carried forward on days it does not trade,
/// and counted from its first date in the window).
pub fn basket(members: &[&AlignedSeries], window: DateRange, base: f64, name: &str) -> TimeSeries {
    let rebased: Vec<TimeSeries> = members
        .iter()
        .map(|m| rebased(m, window, base))
        .filter(|t| !t.is_empty())
        .collect();
    let mut days: Vec<i32> = rebased
        .iter()
        .flat_map(|t| t.days.iter().copied())
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut cursors: Vec<AsOfCursor<'_, i32>> =
        rebased.iter().map(|t| AsOfCursor::new(&t.days)).collect();
    let mut values = Vec::with_capacity(days.len());
    let mut out_days = Vec::with_capacity(days.len());
    for day in days {
        let mut sum = 0.0;
        let mut count = 0usize;
        for (t, cursor) in rebased.iter().zip(cursors.iter_mut()) {
            if let Some(i) = cursor.at(&day) {
                sum += t.values[i];
                count += 1;
            }
        }
        if count > 0 {
            out_days.push(day);
            values.push(sum / count as f64);
        }
    }
    TimeSeries {
        name: name.to_owned(),
        days: out_days,
        values,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    fn s(symbol: &str, days: &[i32], prices: &[f64], bench: &[Option<f64>]) -> AlignedSeries {
        AlignedSeries {
            symbol: symbol.into(),
            days: days.to_vec(),
            prices: prices.to_vec(),
            benchmark: bench.to_vec(),
        }
    }

    fn all() -> DateRange {
        DateRange::new(ymd(1970, 1, 1), ymd(2100, 1, 1))
    }

    #[test]
    fn rebased_relative_and_drawdown() {
        let a = s(
            "A",
            &[1, 2, 3],
            &[10.0, 15.0, 12.0],
            &[Some(100.0), Some(100.0), Some(200.0)],
        );
        assert_eq!(rebased(&a, all(), 100.0).values, vec![100.0, 150.0, 120.0]);
        assert_eq!(relative_strength(&a, all()).values, vec![1.0, 1.5, 0.6]);
        let dd = drawdown(&a, all()).values;
        assert_eq!(dd[0], 0.0);
        assert!((dd[2] + 20.0).abs() < 1e-12);
        let window = DateRange::new(crate::model::days_to_date(2), crate::model::days_to_date(3));
        assert_eq!(rebased(&a, window, 100.0).values, vec![100.0, 80.0]);
    }

    #[test]
    fn basket_carries_members_forward() {
        let a = s("A", &[1, 2, 4], &[10.0, 20.0, 30.0], &[None, None, None]);
        let b = s("B", &[1, 3, 4], &[5.0, 10.0, 5.0], &[None, None, None]);
        let t = basket(&[&a, &b], all(), 100.0, "Basket");
        assert_eq!(t.days, vec![1, 2, 3, 4]);
        assert_eq!(t.values, vec![100.0, 150.0, 200.0, 200.0]);
    }

    #[test]
    fn rolling_uses_history_before_the_window() {
        let days: Vec<i32> = (0..10).collect();
        let prices: Vec<f64> = (0..10).map(|i| 100.0 + f64::from(i * i)).collect();
        let bench: Vec<Option<f64>> = (0..10).map(|i| Some(50.0 + f64::from(i))).collect();
        let a = s("A", &days, &prices, &bench);
        let window = DateRange::new(crate::model::days_to_date(5), crate::model::days_to_date(9));
        let (betas, corrs) = rolling(&a, window, 3);
        assert_eq!(betas.days, vec![5, 6, 7, 8, 9]);
        assert_eq!(corrs.len(), 5);
        // Returns on dates 3..=5 feed the value on date 5.
        let r: Vec<f64> = (3..=5).map(|i| prices[i] / prices[i - 1] - 1.0).collect();
        let rb: Vec<f64> = (3..=5)
            .map(|i| bench[i].unwrap() / bench[i - 1].unwrap() - 1.0)
            .collect();
        assert!((betas.values[0] - stats::beta(&r, &rb).unwrap()).abs() < 1e-9);
    }
}
