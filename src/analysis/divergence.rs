//! Window metrics per symbol against the benchmark, and the equal-weight basket.

use chrono::NaiveDate;
use serde::Serialize;

use super::AnalysisError;
use super::align::{Aligned, AlignedSeries};
use super::stats::{self, NullReason};
use crate::model::{DateRange, date_to_days, days_to_date};

/// The analysis window as the user asked for it.
pub type WindowSpec = DateRange;

/// One row of the divergence table (and of `minerlens analyze --format json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DivergenceRow {
    pub symbol: String,
    /// The symbol's first date >= from.
    pub start_date: NaiveDate,
    /// The symbol's last date <= to.
    pub end_date: NaiveDate,
    pub start_price: f64,
    pub end_price: f64,
    pub return_pct: f64,
    pub benchmark_return_pct: Option<f64>,
    /// `return_pct - benchmark_return_pct`, in percentage points.
    pub divergence_pp: Option<f64>,
    /// `((1 + r) / (1 + r_b) - 1) * 100`: the symbol/benchmark price ratio, rebased.
    pub relative_pct: Option<f64>,
    pub beta: Option<f64>,
    pub correlation: Option<f64>,
    pub volatility_pct: Option<f64>,
    pub max_drawdown_pct: f64,
    /// Prices in the window (N prices give N-1 returns).
    pub observations: usize,
    /// Why a value is null, one sentence each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The equal-weight buy-and-hold basket of the analysed symbols.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BasketResult {
    pub members: Vec<String>,
    /// Mean of the members' window returns.
    pub return_pct: f64,
    /// Mean of the members' spreads (equals `return_pct - benchmark return` when the members
    /// share their trading dates).
    pub divergence_pp: Option<f64>,
}

/// Everything `analyze` reports for one window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    pub benchmark: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Sorted by `divergence_pp`, largest first; rows without a spread last.
    pub rows: Vec<DivergenceRow>,
    pub basket: Option<BasketResult>,
    /// Symbols left out of the rows, with the reason (fewer than 2 prices in the window).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    /// What the reader must know about the whole table: a window cut at the benchmark's last
    /// date, real prices compared with synthetic ones.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Metrics of one symbol over `[from, to]`.
pub fn row(series: &AlignedSeries, window: WindowSpec) -> Result<DivergenceRow, AnalysisError> {
    if window.from > window.to {
        return Err(AnalysisError::InvertedWindow {
            from: window.from,
            to: window.to,
        });
    }
    let (s, e) = series.window_indices(date_to_days(window.from), date_to_days(window.to));
    if e - s < 2 {
        return Err(AnalysisError::TooFewPrices {
            symbol: series.symbol.clone(),
            count: e - s,
            from: window.from,
            to: window.to,
        });
    }
    let prices = &series.prices[s..e];
    let bench = &series.benchmark[s..e];
    let (start_price, end_price) = (prices[0], prices[prices.len() - 1]);
    let return_pct = stats::return_pct(start_price, end_price);
    let mut notes = Vec::new();

    let benchmark_return_pct = match (bench[0], bench[bench.len() - 1]) {
        (Some(b0), Some(b1)) => Some(stats::return_pct(b0, b1)),
        _ => {
            notes.push(format!(
                "benchmark: no price on or before {}",
                days_to_date(series.days[s])
            ));
            None
        }
    };
    let divergence_pp = benchmark_return_pct.map(|rb| return_pct - rb);
    let relative_pct = benchmark_return_pct
        .map(|rb| ((1.0 + return_pct / 100.0) / (1.0 + rb / 100.0) - 1.0) * 100.0);

    // Paired daily returns between consecutive dates of the symbol inside the window.
    let mut r = Vec::with_capacity(prices.len());
    let mut rb = Vec::with_capacity(prices.len());
    for i in 1..prices.len() {
        if let (Some(b0), Some(b1)) = (bench[i - 1], bench[i]) {
            r.push(prices[i] / prices[i - 1] - 1.0);
            rb.push(b1 / b0 - 1.0);
        }
    }
    let mut keep = |name: &str, v: Result<f64, NullReason>| match v {
        Ok(x) => Some(x),
        Err(reason) => {
            notes.push(format!("{name}: {reason}"));
            None
        }
    };
    let beta = keep("beta", stats::beta(&r, &rb));
    let correlation = keep("correlation", stats::correlation(&r, &rb));
    let volatility_pct = keep(
        "volatility",
        stats::volatility_pct(&stats::simple_returns(prices)),
    );
    Ok(DivergenceRow {
        symbol: series.symbol.clone(),
        start_date: days_to_date(series.days[s]),
        end_date: days_to_date(series.days[e - 1]),
        start_price,
        end_price,
        return_pct,
        benchmark_return_pct,
        divergence_pp,
        relative_pct,
        beta,
        correlation,
        volatility_pct,
        max_drawdown_pct: stats::max_drawdown_pct(prices),
        observations: prices.len(),
        notes,
    })
}

/// The window an analysis of `symbols` can use and the notes that go with it, for the window,
/// the charts and every command alike: cut at the benchmark's last date when it runs past it,
/// and a warning when real prices meet the synthetic demo universe (`summaries` say which
/// symbols are which).
pub fn usable_window(
    aligned: &Aligned,
    window: WindowSpec,
    summaries: &[crate::data::SymbolSummary],
    symbols: &[String],
) -> (WindowSpec, Vec<String>) {
    let (window, cut) = aligned.usable_window(window);
    let mixed = crate::data::sample::mixed_sources_note(summaries, &aligned.benchmark, symbols);
    (window, cut.into_iter().chain(mixed).collect())
}

/// Analyses `symbols` over `window`. Symbols with fewer than 2 prices in the window are listed
/// in `skipped`; an unknown symbol or an inverted window is an error.
pub fn analyze(
    aligned: &Aligned,
    symbols: &[String],
    window: WindowSpec,
) -> Result<Analysis, AnalysisError> {
    if window.from > window.to {
        return Err(AnalysisError::InvertedWindow {
            from: window.from,
            to: window.to,
        });
    }
    let mut rows = Vec::with_capacity(symbols.len());
    let mut skipped = Vec::new();
    for symbol in symbols {
        match row(aligned.get(symbol)?, window) {
            Ok(r) => rows.push(r),
            Err(e @ AnalysisError::TooFewPrices { .. }) => {
                let range = aligned.get(symbol).ok().and_then(|s| {
                    Some((
                        days_to_date(*s.days.first()?),
                        days_to_date(*s.days.last()?),
                    ))
                });
                skipped.push(match range {
                    Some((a, b)) => format!("{e} (its prices run {a} to {b})"),
                    None => format!("{e} (it has no prices)"),
                });
            }
            Err(e) => return Err(e),
        }
    }
    sort_by_divergence(&mut rows);
    let basket = basket(&rows);
    Ok(Analysis {
        benchmark: aligned.benchmark.clone(),
        from: window.from,
        to: window.to,
        rows,
        basket,
        skipped,
        notes: Vec::new(),
    })
}

/// The benchmark's return to quote next to the table: between the dates every row uses when the
/// rows share them (US stocks in one window), else over the benchmark's own dates in the window.
/// Returns (return %, first date, last date).
pub fn headline_benchmark_return(
    aligned: &Aligned,
    analysis: &Analysis,
) -> Option<(f64, NaiveDate, NaiveDate)> {
    let mut shared: Option<(NaiveDate, NaiveDate, f64)> = None;
    let mut consistent = true;
    for r in analysis
        .rows
        .iter()
        .filter(|r| r.symbol != analysis.benchmark)
    {
        match (r.benchmark_return_pct, shared) {
            (None, _) => consistent = false,
            (Some(rb), None) => shared = Some((r.start_date, r.end_date, rb)),
            (Some(_), Some((a, b, _))) if a == r.start_date && b == r.end_date => {}
            (Some(_), Some(_)) => consistent = false,
        }
    }
    if let (true, Some((a, b, rb))) = (consistent, shared) {
        return Some((rb, a, b));
    }
    let own = row(
        aligned.series.get(&analysis.benchmark)?,
        DateRange::new(analysis.from, analysis.to),
    )
    .ok()?;
    Some((own.return_pct, own.start_date, own.end_date))
}

/// Largest spread first; rows without a spread at the end, by symbol.
pub fn sort_by_divergence(rows: &mut [DivergenceRow]) {
    rows.sort_by(|a, b| match (a.divergence_pp, b.divergence_pp) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.symbol.cmp(&b.symbol)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.symbol.cmp(&b.symbol),
    });
}

/// The equal-weight basket of the rows: mean return and mean spread.
pub fn basket(rows: &[DivergenceRow]) -> Option<BasketResult> {
    let returns: Vec<f64> = rows.iter().map(|r| r.return_pct).collect();
    let return_pct = stats::mean(&returns)?;
    let spreads: Option<Vec<f64>> = rows.iter().map(|r| r.divergence_pp).collect();
    let mut members: Vec<String> = rows.iter().map(|r| r.symbol.clone()).collect();
    members.sort();
    Some(BasketResult {
        members,
        return_pct,
        divergence_pp: spreads.as_deref().and_then(stats::mean),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    /// A stock on weekdays against a benchmark that has every day but one.
    fn series(days: &[NaiveDate], prices: &[f64], bench: &[Option<f64>]) -> AlignedSeries {
        AlignedSeries {
            symbol: "MARA".into(),
            days: days.iter().map(|d| date_to_days(*d)).collect(),
            prices: prices.to_vec(),
            benchmark: bench.to_vec(),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12 * a.abs().max(1.0)
    }

    #[test]
    fn hand_computed_window_over_a_weekend() {
        // Thu, Fri, Mon, Tue. The benchmark value on Monday is Sunday's close (as-of join).
        let days = [
            ymd(2024, 1, 4),
            ymd(2024, 1, 5),
            ymd(2024, 1, 8),
            ymd(2024, 1, 9),
        ];
        let s = series(
            &days,
            &[10.0, 12.0, 9.0, 13.5],
            &[Some(100.0), Some(110.0), Some(99.0), Some(120.0)],
        );
        // Window from Saturday: the symbol's first date >= from is Monday.
        let r = row(&s, DateRange::new(ymd(2024, 1, 6), ymd(2024, 1, 31))).unwrap();
        assert_eq!(r.start_date, ymd(2024, 1, 8));
        assert_eq!(r.end_date, ymd(2024, 1, 9));
        assert!(close(r.return_pct, 50.0));
        assert!(close(
            r.benchmark_return_pct.unwrap(),
            (120.0 / 99.0 - 1.0) * 100.0
        ));
        assert!(close(
            r.divergence_pp.unwrap(),
            50.0 - (120.0 / 99.0 - 1.0) * 100.0
        ));
        assert!(close(
            r.relative_pct.unwrap(),
            (1.5 / (120.0 / 99.0) - 1.0) * 100.0
        ));
        assert_eq!(r.observations, 2);
        // One return: beta, correlation and volatility are null, each with its reason.
        assert_eq!(r.beta, None);
        assert_eq!(r.correlation, None);
        assert_eq!(r.volatility_pct, None);
        assert_eq!(r.notes.len(), 3, "{:?}", r.notes);
        assert!(r.notes[0].contains("at least 3 returns"), "{:?}", r.notes);

        let full = row(&s, DateRange::new(ymd(2024, 1, 1), ymd(2024, 1, 31))).unwrap();
        let rs = [0.2, -0.25, 0.5];
        let rbs = [0.1, -0.1, 120.0 / 99.0 - 1.0];
        assert!(close(full.beta.unwrap(), stats::beta(&rs, &rbs).unwrap()));
        assert!(close(full.max_drawdown_pct, -25.0));
        assert!(close(
            full.volatility_pct.unwrap(),
            stats::sample_variance(&rs).unwrap().sqrt() * 252f64.sqrt() * 100.0
        ));
    }

    #[test]
    fn symbol_starting_after_from_and_missing_benchmark() {
        let days = [ymd(2024, 2, 1), ymd(2024, 2, 2), ymd(2024, 2, 5)];
        let s = series(&days, &[5.0, 6.0, 7.0], &[None, Some(50.0), Some(55.0)]);
        let r = row(&s, DateRange::new(ymd(2024, 1, 1), ymd(2024, 3, 1))).unwrap();
        assert_eq!(r.start_date, ymd(2024, 2, 1));
        assert!(close(r.return_pct, 40.0));
        assert_eq!(r.benchmark_return_pct, None);
        assert_eq!(r.divergence_pp, None);
        assert!(
            r.notes
                .iter()
                .any(|n| n.contains("benchmark: no price on or before 2024-02-01"))
        );
    }

    #[test]
    fn window_with_one_price_is_an_error() {
        let days = [ymd(2024, 1, 2), ymd(2024, 1, 3)];
        let s = series(&days, &[1.0, 2.0], &[Some(1.0), Some(1.0)]);
        let err = row(&s, DateRange::new(ymd(2024, 1, 3), ymd(2024, 1, 9))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "MARA has 1 price(s) between 2024-01-03 and 2024-01-09; at least 2 are needed"
        );
        assert!(matches!(
            row(&s, DateRange::new(ymd(2024, 2, 1), ymd(2024, 1, 1))),
            Err(AnalysisError::InvertedWindow { .. })
        ));
    }

    #[test]
    fn basket_is_the_mean_of_members() {
        let mk = |sym: &str, r: f64, d: Option<f64>| DivergenceRow {
            symbol: sym.into(),
            start_date: ymd(2024, 1, 1),
            end_date: ymd(2024, 1, 2),
            start_price: 1.0,
            end_price: 1.0,
            return_pct: r,
            benchmark_return_pct: None,
            divergence_pp: d,
            relative_pct: None,
            beta: None,
            correlation: None,
            volatility_pct: None,
            max_drawdown_pct: 0.0,
            observations: 2,
            notes: vec![],
        };
        let mut rows = vec![
            mk("B", 10.0, Some(5.0)),
            mk("A", 30.0, Some(25.0)),
            mk("C", 0.0, None),
        ];
        sort_by_divergence(&mut rows);
        assert_eq!(
            rows.iter().map(|r| r.symbol.as_str()).collect::<Vec<_>>(),
            ["A", "B", "C"]
        );
        let b = basket(&rows[..2]).unwrap();
        assert_eq!(b.members, ["A", "B"]);
        assert!(close(b.return_pct, 20.0));
        assert!(close(b.divergence_pp.unwrap(), 15.0));
        assert_eq!(basket(&rows).unwrap().divergence_pp, None);
        assert_eq!(basket(&[]), None);
    }
}
