//! Samples the benchmark on each symbol's own trading dates with an as-of (backward) join: the
//! benchmark's last close on or before each date.

use std::collections::BTreeMap;

use super::AnalysisError;
use crate::data::PriceFrame;
use crate::model::dates::{AsOfCursor, last_on_or_before, within};

/// One symbol's prices with the benchmark sampled on the same dates.
#[derive(Clone, Debug, PartialEq)]
pub struct AlignedSeries {
    pub symbol: String,
    /// Days since 1970-01-01, strictly increasing.
    pub days: Vec<i32>,
    /// Adj Close where available, else Close.
    pub prices: Vec<f64>,
    /// The benchmark's last price on or before each date; `None` before its history starts.
    pub benchmark: Vec<Option<f64>>,
}

impl AlignedSeries {
    /// `[start, end)` indices of the window: start = first date >= from, end = one past the last
    /// date <= to.
    pub fn window_indices(&self, from_day: i32, to_day: i32) -> (usize, usize) {
        let r = within(&self.days, &from_day, &to_day, |d| *d);
        (r.start, r.end)
    }

    /// The last (day, price) on or before `day`.
    pub fn at_or_before(&self, day: i32) -> Option<(i32, f64)> {
        let i = last_on_or_before(&self.days, &day, |d| *d)?;
        Some((self.days[i], self.prices[i]))
    }
}

/// Every symbol of a price frame aligned to one benchmark. Built once per data or benchmark
/// change; window changes reuse it.
#[derive(Clone, Debug, Default)]
pub struct Aligned {
    pub benchmark: String,
    pub series: BTreeMap<String, AlignedSeries>,
}

impl Aligned {
    /// Aligns every symbol in `prices` (the benchmark included) to `benchmark`.
    ///
    /// The frame is kept sorted by symbol then date, so one pass splits it into per-symbol
    /// series and the backward as-of join is a merge walk over two sorted date lists: O(rows),
    /// no sort. `tests::matches_polars_join_asof` checks it against polars' `join_asof`.
    pub fn build(prices: &PriceFrame, benchmark: &str) -> Result<Self, AnalysisError> {
        let all = prices.all_series()?;
        let bench = all
            .get(benchmark)
            .ok_or_else(|| AnalysisError::UnknownBenchmark(benchmark.to_owned()))?;
        let series = all
            .iter()
            .map(|(symbol, s)| {
                let aligned = AlignedSeries {
                    symbol: symbol.clone(),
                    days: s.days.clone(),
                    prices: s.prices.clone(),
                    benchmark: asof_backward(&s.days, &bench.days, &bench.prices),
                };
                (symbol.clone(), aligned)
            })
            .collect();
        Ok(Self {
            benchmark: benchmark.to_owned(),
            series,
        })
    }

    pub fn get(&self, symbol: &str) -> Result<&AlignedSeries, AnalysisError> {
        self.series
            .get(symbol)
            .ok_or_else(|| AnalysisError::UnknownSymbol(symbol.to_owned()))
    }

    pub fn symbols(&self) -> impl Iterator<Item = &str> {
        self.series.keys().map(String::as_str)
    }
}

/// For each of `days` (sorted), the last of `values` whose date in `on` (sorted, unique) is on or
/// before it; `None` before `on` starts.
fn asof_backward(days: &[i32], on: &[i32], values: &[f64]) -> Vec<Option<f64>> {
    let mut cursor = AsOfCursor::new(on);
    days.iter()
        .map(|day| cursor.at(day).and_then(|i| values.get(i).copied()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::prices::PriceRows;
    use crate::model::dates::{date_to_days, ymd};

    fn frame(symbol: &str, points: &[(chrono::NaiveDate, f64)]) -> PriceFrame {
        let mut rows = PriceRows::default();
        for (d, p) in points {
            rows.push(*d, *p, None, None);
        }
        PriceFrame::from_rows(symbol, "test", &rows).unwrap()
    }

    #[test]
    fn benchmark_is_sampled_backward_on_the_symbols_dates() {
        // BTC misses 2024-01-05 (a gap in its file); the stock trades Fri 5th and Mon 8th.
        let btc = frame(
            "BTC-USD",
            &[
                (ymd(2024, 1, 3), 100.0),
                (ymd(2024, 1, 4), 110.0),
                (ymd(2024, 1, 6), 120.0),
                (ymd(2024, 1, 7), 130.0),
                (ymd(2024, 1, 8), 140.0),
            ],
        );
        let stock = frame(
            "MARA",
            &[
                (ymd(2024, 1, 2), 10.0),
                (ymd(2024, 1, 4), 11.0),
                (ymd(2024, 1, 5), 12.0),
                (ymd(2024, 1, 8), 13.0),
            ],
        );
        let aligned =
            Aligned::build(&PriceFrame::concat([btc, stock]).unwrap(), "BTC-USD").unwrap();
        let mara = aligned.get("MARA").unwrap();
        assert_eq!(mara.prices, vec![10.0, 11.0, 12.0, 13.0]);
        // 01-02: before BTC's history; 01-05: BTC's 01-04 close; 01-08: same day.
        assert_eq!(
            mara.benchmark,
            vec![None, Some(110.0), Some(110.0), Some(140.0)]
        );
        let btc = aligned.get("BTC-USD").unwrap();
        assert_eq!(btc.benchmark.len(), 5);
        assert!(
            btc.prices
                .iter()
                .zip(&btc.benchmark)
                .all(|(p, b)| Some(*p) == *b)
        );
        assert_eq!(
            mara.window_indices(date_to_days(ymd(2024, 1, 3)), date_to_days(ymd(2024, 1, 7))),
            (1, 3)
        );
        assert!(matches!(
            Aligned::build(&frame("X", &[(ymd(2024, 1, 1), 1.0)]), "BTC-USD"),
            Err(AnalysisError::UnknownBenchmark(_))
        ));
    }

    /// The merge walk gives exactly what polars' backward `join_asof` gives, on irregular
    /// calendars: a benchmark with random gaps that starts after some symbols and ends before
    /// others.
    #[test]
    fn matches_polars_join_asof() {
        use crate::data::prices::{COL_DATE, COL_PRICE, COL_SYMBOL, collect_runs, price_expr};
        use crate::data::rng::Rng;
        use polars::prelude::*;

        let mut rng = Rng::seed_from(7);
        let mut frames = Vec::new();
        for (k, symbol) in ["AAA", "BTC-USD", "CCC", "DDD"].iter().enumerate() {
            let start = ymd(2020, 1, 1) + chrono::Days::new(rng.next_u64() % 60);
            let mut points = Vec::new();
            let mut d = start;
            for _ in 0..400 + 50 * k {
                d = d + chrono::Days::new(1 + rng.next_u64() % 4);
                points.push((d, 1.0 + rng.uniform() * 100.0));
            }
            frames.push(frame(symbol, &points));
        }
        let prices = PriceFrame::concat(frames).unwrap();
        let aligned = Aligned::build(&prices, "BTC-USD").unwrap();

        let all = prices
            .lazy()
            .select([col(COL_SYMBOL), col(COL_DATE), price_expr()]);
        let bench = all
            .clone()
            .filter(col(COL_SYMBOL).eq(lit("BTC-USD")))
            .select([col(COL_DATE), col(COL_PRICE).alias("bench")])
            .sort([COL_DATE], SortMultipleOptions::default());
        let joined = all
            .sort([COL_DATE], SortMultipleOptions::default())
            .join_builder()
            .with(bench)
            .left_on([col(COL_DATE)])
            .right_on([col(COL_DATE)])
            .how(JoinType::AsOf(Box::new(AsOfOptions {
                strategy: AsofStrategy::Backward,
                allow_eq: true,
                ..AsOfOptions::default()
            })))
            .finish()
            .sort(
                [COL_SYMBOL, COL_DATE],
                SortMultipleOptions::default().with_maintain_order(true),
            )
            .collect()
            .unwrap();
        let runs = collect_runs(&joined, COL_PRICE, Some("bench")).unwrap();
        assert_eq!(runs.len(), 4);
        let mut before_start = 0;
        for run in runs {
            let s = aligned.get(&run.symbol).unwrap();
            assert_eq!(s.days, run.days, "{}", run.symbol);
            assert_eq!(s.prices, run.values, "{}", run.symbol);
            assert_eq!(s.benchmark, run.extra, "{}", run.symbol);
            before_start += s.benchmark.iter().filter(|b| b.is_none()).count();
        }
        assert!(before_start > 0, "some dates precede the benchmark");
    }
}
