//! Samples the benchmark on each symbol's own trading dates with an as-of (backward) join: the
//! benchmark's last close on or before each date, carried at most [`DEFAULT_MAX_CARRY_DAYS`]
//! calendar days (settable): past that the benchmark is missing, never a stale number.

use std::collections::BTreeMap;

use super::AnalysisError;
use crate::data::PriceFrame;
use crate::model::dates::{AsOfCursor, last_on_or_before, within};
use crate::model::{DateRange, date_to_days, days_to_date};

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

/// How many calendar days the benchmark's last close is carried forward by default: over a
/// weekend and a holiday, not across a gap in its history.
pub const DEFAULT_MAX_CARRY_DAYS: i32 = 5;

/// Every symbol of a price frame aligned to one benchmark. Built once per data or benchmark
/// change; window changes reuse it.
#[derive(Clone, Debug, Default)]
pub struct Aligned {
    pub benchmark: String,
    pub series: BTreeMap<String, AlignedSeries>,
    /// The benchmark's first and last day.
    pub benchmark_range: Option<(i32, i32)>,
    pub max_carry_days: i32,
}

impl Aligned {
    /// Aligns every symbol in `prices` (the benchmark included) to `benchmark`.
    ///
    /// The frame is kept sorted by symbol then date, so one pass splits it into per-symbol
    /// series and the backward as-of join is a merge walk over two sorted date lists: O(rows),
    /// no sort. `tests::matches_polars_join_asof` checks it against polars' `join_asof`.
    pub fn build(prices: &PriceFrame, benchmark: &str) -> Result<Self, AnalysisError> {
        Self::build_with_carry(prices, benchmark, DEFAULT_MAX_CARRY_DAYS)
    }

    /// [`build`](Self::build) with the benchmark carried at most `max_carry_days` days.
    pub fn build_with_carry(
        prices: &PriceFrame,
        benchmark: &str,
        max_carry_days: i32,
    ) -> Result<Self, AnalysisError> {
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
                    benchmark: asof_backward(&s.days, &bench.days, &bench.prices, max_carry_days),
                };
                (symbol.clone(), aligned)
            })
            .collect();
        Ok(Self {
            benchmark: benchmark.to_owned(),
            series,
            benchmark_range: bench
                .days
                .first()
                .zip(bench.days.last())
                .map(|(a, b)| (*a, *b)),
            max_carry_days,
        })
    }

    /// `window` cut at the benchmark's last date when it runs past it (by more than the carry),
    /// with the note that says so; an analysis must not compare with a benchmark it does not
    /// have.
    pub fn usable_window(&self, window: DateRange) -> (DateRange, Option<String>) {
        let Some((first, last)) = self.benchmark_range else {
            return (window, None);
        };
        let (last_date, first_date) = (days_to_date(last), days_to_date(first));
        if date_to_days(window.to) <= last + self.max_carry_days {
            return (window, None);
        }
        if window.from > last_date {
            return (
                window,
                Some(format!(
                    "{} has no prices in this window: its data runs {first_date} to {last_date}",
                    self.benchmark
                )),
            );
        }
        (
            DateRange::new(window.from, last_date),
            Some(format!(
                "{} ends {last_date}: the window is cut there (asked to {})",
                self.benchmark, window.to
            )),
        )
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
/// before it and at most `max_carry` days earlier; `None` before `on` starts or past the carry.
fn asof_backward(days: &[i32], on: &[i32], values: &[f64], max_carry: i32) -> Vec<Option<f64>> {
    let mut cursor = AsOfCursor::new(on);
    days.iter()
        .map(|day| {
            cursor
                .at(day)
                .filter(|&i| i64::from(*day) - i64::from(on[i]) <= i64::from(max_carry))
                .and_then(|i| values.get(i).copied())
        })
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
        // Without a carry limit: the walk itself against polars.
        let aligned = Aligned::build_with_carry(&prices, "BTC-USD", i32::MAX).unwrap();

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

    /// The benchmark is carried over a weekend, not across a long gap; a window past its last
    /// date is cut with a note.
    #[test]
    fn the_benchmark_is_carried_a_few_days_only() {
        let btc = frame(
            "BTC-USD",
            &[(ymd(2025, 4, 24), 100.0), (ymd(2025, 4, 25), 110.0)],
        );
        let stock = frame(
            "MARA",
            &[
                (ymd(2025, 4, 25), 10.0),
                (ymd(2025, 4, 28), 11.0),
                (ymd(2025, 4, 30), 12.0),
                (ymd(2025, 5, 1), 13.0),
                (ymd(2026, 11, 20), 14.0),
            ],
        );
        let aligned =
            Aligned::build(&PriceFrame::concat([btc, stock]).unwrap(), "BTC-USD").unwrap();
        let mara = aligned.get("MARA").unwrap();
        // 3 and 5 days after the last close: carried; 6 days and 19 months: missing.
        assert_eq!(
            mara.benchmark,
            vec![Some(110.0), Some(110.0), Some(110.0), None, None]
        );
        let (cut, note) = aligned.usable_window(DateRange::new(ymd(2025, 1, 1), ymd(2026, 11, 20)));
        assert_eq!(cut, DateRange::new(ymd(2025, 1, 1), ymd(2025, 4, 25)));
        assert_eq!(
            note.as_deref(),
            Some("BTC-USD ends 2025-04-25: the window is cut there (asked to 2026-11-20)")
        );
        let (kept, note) =
            aligned.usable_window(DateRange::new(ymd(2026, 1, 2), ymd(2026, 11, 20)));
        assert_eq!(kept.from, ymd(2026, 1, 2));
        assert!(note.unwrap().contains("has no prices in this window"));
        assert_eq!(
            aligned
                .usable_window(DateRange::new(ymd(2025, 1, 1), ymd(2025, 4, 30)))
                .1,
            None
        );
    }
}
