//! The long-form price frame (date, symbol, close, adj_close, volume, source) and the checked
//! boundary between it and plain vectors.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use polars::prelude::*;

use super::DataError;
use crate::model::dates::last_on_or_before;
use crate::model::{date_to_days, days_to_date};

pub const COL_DATE: &str = "date";
pub const COL_SYMBOL: &str = "symbol";
pub const COL_CLOSE: &str = "close";
pub const COL_ADJ_CLOSE: &str = "adj_close";
pub const COL_VOLUME: &str = "volume";
pub const COL_SOURCE: &str = "source";
/// The analysis price computed by [`price_expr`].
pub const COL_PRICE: &str = "price";

/// The analysis price: Adj Close where the source has a positive one, else Close.
pub fn price_expr() -> Expr {
    when(
        col(COL_ADJ_CLOSE)
            .is_not_null()
            .and(col(COL_ADJ_CLOSE).gt(lit(0.0))),
    )
    .then(col(COL_ADJ_CLOSE))
    .otherwise(col(COL_CLOSE))
    .alias(COL_PRICE)
}

/// One symbol's consecutive rows of a frame sorted by symbol then date.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    pub symbol: String,
    pub days: Vec<i32>,
    pub values: Vec<f64>,
    /// The optional second value column (null where the frame has null).
    pub extra: Vec<Option<f64>>,
}

/// Splits a frame sorted by (symbol, date) into one run per symbol: the checked boundary between
/// polars and plain vectors. `symbol`, `date` and `value` must not be null; a repeated date keeps
/// the later row.
pub fn collect_runs(
    df: &DataFrame,
    value: &str,
    extra: Option<&str>,
) -> Result<Vec<Run>, DataError> {
    let symbols = df.column(COL_SYMBOL)?.str()?.clone();
    let days = df.column(COL_DATE)?.date()?.physical().clone();
    let values = df.column(value)?.f64()?.clone();
    let extras = match extra {
        Some(name) => Some(df.column(name)?.f64()?.clone()),
        None => None,
    };
    let mut runs: Vec<Run> = Vec::new();
    for i in 0..df.height() {
        let (Some(symbol), Some(day), Some(v)) = (symbols.get(i), days.get(i), values.get(i))
        else {
            return Err(DataError::Column {
                column: format!("{COL_SYMBOL}/{COL_DATE}/{value}"),
                problem: format!("has a missing value in row {}", i + 1),
            });
        };
        let x = extras.as_ref().and_then(|e| e.get(i));
        let run = match runs.last_mut() {
            Some(run) if run.symbol == symbol => run,
            _ => {
                runs.push(Run {
                    symbol: symbol.to_owned(),
                    ..Run::default()
                });
                let Some(run) = runs.last_mut() else { continue };
                run
            }
        };
        if run.days.last() == Some(&day) {
            if let (Some(lv), Some(lx)) = (run.values.last_mut(), run.extra.last_mut()) {
                *lv = v;
                *lx = x;
            }
        } else {
            run.days.push(day);
            run.values.push(v);
            run.extra.push(x);
        }
    }
    Ok(runs)
}

/// The columns of the long form, in order, with their types.
pub fn price_schema() -> Schema {
    Schema::from_iter([
        Field::new(COL_DATE.into(), DataType::Date),
        Field::new(COL_SYMBOL.into(), DataType::String),
        Field::new(COL_CLOSE.into(), DataType::Float64),
        Field::new(COL_ADJ_CLOSE.into(), DataType::Float64),
        Field::new(COL_VOLUME.into(), DataType::Float64),
        Field::new(COL_SOURCE.into(), DataType::String),
    ])
}

/// Rows of one symbol, as plain vectors, before they become a frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PriceRows {
    pub days: Vec<i32>,
    pub close: Vec<f64>,
    pub adj_close: Vec<Option<f64>>,
    pub volume: Vec<Option<f64>>,
}

impl PriceRows {
    pub fn with_capacity(n: usize) -> Self {
        Self {
            days: Vec::with_capacity(n),
            close: Vec::with_capacity(n),
            adj_close: Vec::with_capacity(n),
            volume: Vec::with_capacity(n),
        }
    }

    pub fn push(
        &mut self,
        date: NaiveDate,
        close: f64,
        adj_close: Option<f64>,
        volume: Option<f64>,
    ) {
        self.days.push(date_to_days(date));
        self.close.push(close);
        self.adj_close.push(adj_close);
        self.volume.push(volume);
    }

    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// The rows of `range`.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Self {
        Self {
            days: self.days[range.clone()].to_vec(),
            close: self.close[range.clone()].to_vec(),
            adj_close: self.adj_close[range.clone()].to_vec(),
            volume: self.volume[range].to_vec(),
        }
    }
}

/// A price history of one symbol: sorted unique dates and the analysis price
/// (Adj Close where the source has it, else Close).
#[derive(Clone, Debug, PartialEq)]
pub struct PriceSeries {
    pub symbol: String,
    /// Days since 1970-01-01, strictly increasing.
    pub days: Vec<i32>,
    pub prices: Vec<f64>,
}

impl PriceSeries {
    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    pub fn first_date(&self) -> Option<NaiveDate> {
        self.days.first().map(|d| days_to_date(*d))
    }

    pub fn last_date(&self) -> Option<NaiveDate> {
        self.days.last().map(|d| days_to_date(*d))
    }

    /// The last (day, price) on or before `day`.
    pub fn at_or_before(&self, day: i32) -> Option<(i32, f64)> {
        let i = last_on_or_before(&self.days, &day, |d| *d)?;
        Some((self.days[i], self.prices[i]))
    }

    /// The last price against the one before it, in percent (`None` with fewer than two
    /// prices or a zero price).
    pub fn day_change_pct(&self) -> Option<f64> {
        let n = self.prices.len();
        let (prev, last) = (
            *self.prices.get(n.checked_sub(2)?)?,
            *self.prices.get(n - 1)?,
        );
        (prev > 0.0).then(|| (last / prev - 1.0) * 100.0)
    }

    /// The return from the first price on or after `from` to the last on or before `to`, in
    /// percent, as the analysis measures a window (`None` when the window holds fewer than two
    /// prices).
    pub fn return_pct(&self, from: i32, to: i32) -> Option<f64> {
        let i = self.days.partition_point(|d| *d < from);
        let j = self.days.partition_point(|d| *d <= to).checked_sub(1)?;
        if j <= i {
            return None;
        }
        let (a, b) = (self.prices[i], self.prices[j]);
        (a > 0.0).then(|| (b / a - 1.0) * 100.0)
    }
}

/// What the symbol list shows for each symbol.
#[derive(Clone, Debug, PartialEq)]
pub struct SymbolSummary {
    pub symbol: String,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    pub last_close: f64,
    pub rows: usize,
    pub source: String,
}

/// Prices of any number of symbols in long form, sorted by symbol then date, one row per
/// (symbol, date).
#[derive(Clone, Debug)]
pub struct PriceFrame {
    df: DataFrame,
}

impl Default for PriceFrame {
    fn default() -> Self {
        Self::empty()
    }
}

impl PriceFrame {
    pub fn empty() -> Self {
        Self {
            df: DataFrame::empty_with_schema(&price_schema()),
        }
    }

    /// Builds a frame of one symbol from rows that are already validated (positive, finite,
    /// sorted, unique dates).
    pub fn from_rows(symbol: &str, source: &str, rows: &PriceRows) -> Result<Self, DataError> {
        let n = rows.len();
        let date = Int32Chunked::from_vec(COL_DATE.into(), rows.days.clone())
            .into_date()
            .into_series();
        let columns = vec![
            Column::from(date),
            Column::new_scalar(COL_SYMBOL.into(), Scalar::from(PlSmallStr::from(symbol)), n),
            Column::new(COL_CLOSE.into(), rows.close.as_slice()),
            Column::new(COL_ADJ_CLOSE.into(), rows.adj_close.as_slice()),
            Column::new(COL_VOLUME.into(), rows.volume.as_slice()),
            Column::new_scalar(COL_SOURCE.into(), Scalar::from(PlSmallStr::from(source)), n),
        ];
        let df = DataFrame::new(n, columns)?;
        Self::from_df(df)
    }

    /// Wraps a frame after checking its schema; sorts it by symbol and date.
    pub fn from_df(df: DataFrame) -> Result<Self, DataError> {
        let schema = price_schema();
        for (name, dtype) in schema.iter() {
            let column = df.column(name.as_str()).map_err(|_| DataError::Column {
                column: name.to_string(),
                problem: "is missing".into(),
            })?;
            if column.dtype() != dtype {
                return Err(DataError::Column {
                    column: name.to_string(),
                    problem: format!("has type {}, expected {}", column.dtype(), dtype),
                });
            }
        }
        for required in [COL_DATE, COL_SYMBOL, COL_CLOSE] {
            let nulls = df.column(required)?.null_count();
            if nulls > 0 {
                return Err(DataError::Column {
                    column: required.into(),
                    problem: format!("has {nulls} missing values"),
                });
            }
        }
        let names: Vec<PlSmallStr> = schema.iter_names().cloned().collect();
        let df = df
            .select(names)?
            .sort([COL_SYMBOL, COL_DATE], SortMultipleOptions::default())?;
        Ok(Self { df })
    }

    /// Stacks frames of different symbols (or the same symbol over disjoint dates).
    pub fn concat(frames: impl IntoIterator<Item = PriceFrame>) -> Result<Self, DataError> {
        let mut out = DataFrame::empty_with_schema(&price_schema());
        for frame in frames {
            out.vstack_mut(&frame.df)?;
        }
        out.rechunk_mut_par();
        Self::from_df(out)
    }

    pub fn df(&self) -> &DataFrame {
        &self.df
    }

    pub fn lazy(&self) -> LazyFrame {
        self.df.clone().lazy()
    }

    pub fn height(&self) -> usize {
        self.df.height()
    }

    pub fn is_empty(&self) -> bool {
        self.df.height() == 0
    }

    /// Symbols in alphabetical order.
    pub fn symbols(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if let Ok(col) = self.df.column(COL_SYMBOL).and_then(|c| c.str().cloned()) {
            for s in col.iter().flatten() {
                if out.last().map(String::as_str) != Some(s) {
                    out.push(s.to_owned());
                }
            }
        }
        out
    }

    pub fn contains(&self, symbol: &str) -> bool {
        self.symbols().iter().any(|s| s == symbol)
    }

    /// First and last date over all symbols.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let days = self
            .df
            .column(COL_DATE)
            .ok()?
            .date()
            .ok()?
            .physical()
            .clone();
        Some((days_to_date(days.min()?), days_to_date(days.max()?)))
    }

    /// Every symbol's series in one pass over the frame.
    pub fn all_series(&self) -> Result<BTreeMap<String, PriceSeries>, DataError> {
        let df = self
            .lazy()
            .select([col(COL_SYMBOL), col(COL_DATE), price_expr()])
            .collect()?;
        let runs = collect_runs(&df, COL_PRICE, None)?;
        Ok(runs
            .into_iter()
            .map(|run| {
                let series = PriceSeries {
                    symbol: run.symbol,
                    days: run.days,
                    prices: run.values,
                };
                (series.symbol.clone(), series)
            })
            .collect())
    }

    /// One symbol's series.
    pub fn series(&self, symbol: &str) -> Result<PriceSeries, DataError> {
        let filtered = self
            .lazy()
            .filter(col(COL_SYMBOL).eq(lit(symbol)))
            .collect()?;
        let frame = PriceFrame { df: filtered };
        frame
            .all_series()?
            .remove(symbol)
            .ok_or_else(|| DataError::UnknownSymbol(symbol.to_owned()))
    }

    /// Per symbol: first and last date, last close, row count and source.
    pub fn summaries(&self) -> Result<Vec<SymbolSummary>, DataError> {
        let out = self
            .lazy()
            .group_by_stable([col(COL_SYMBOL)])
            .agg([
                col(COL_DATE).min().alias("first"),
                col(COL_DATE).max().alias("last"),
                col(COL_CLOSE).last().alias("last_close"),
                col(COL_DATE).count().alias("rows"),
                col(COL_SOURCE).last().alias("src"),
            ])
            .sort([COL_SYMBOL], SortMultipleOptions::default())
            .collect()?;
        let symbols = out.column(COL_SYMBOL)?.str()?.clone();
        let first = out.column("first")?.date()?.physical().clone();
        let last = out.column("last")?.date()?.physical().clone();
        let last_close = out.column("last_close")?.f64()?.clone();
        let rows = out.column("rows")?.cast(&DataType::UInt64)?;
        let rows = rows.u64()?.clone();
        let src = out.column("src")?.str()?.clone();
        let mut summaries = Vec::with_capacity(out.height());
        for i in 0..out.height() {
            let (Some(symbol), Some(f), Some(l), Some(c), Some(n)) = (
                symbols.get(i),
                first.get(i),
                last.get(i),
                last_close.get(i),
                rows.get(i),
            ) else {
                continue;
            };
            summaries.push(SymbolSummary {
                symbol: symbol.to_owned(),
                first_date: days_to_date(f),
                last_date: days_to_date(l),
                last_close: c,
                rows: usize::try_from(n).unwrap_or(usize::MAX),
                source: src.get(i).unwrap_or_default().to_owned(),
            });
        }
        Ok(summaries)
    }

    /// This frame without the symbols of `update`, plus `update`: stored or imported prices
    /// replacing the demo symbol of the same name.
    pub fn replace_symbols(&self, update: PriceFrame) -> Result<Self, DataError> {
        let replaced = update.symbols();
        let kept: Vec<String> = self
            .symbols()
            .into_iter()
            .filter(|s| !replaced.contains(s))
            .collect();
        Self::concat([self.select_symbols(&kept)?, update])
    }

    /// Keeps only the given symbols.
    pub fn select_symbols(&self, symbols: &[String]) -> Result<Self, DataError> {
        let column = self.df.column(COL_SYMBOL)?.str()?.clone();
        let mask: BooleanChunked = column
            .iter()
            .map(|s| Some(s.is_some_and(|s| symbols.iter().any(|w| w == s))))
            .collect();
        Ok(Self {
            df: self.df.filter(&mask)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    fn rows(points: &[(NaiveDate, f64, Option<f64>)]) -> PriceRows {
        let mut r = PriceRows::default();
        for (d, c, a) in points {
            r.push(*d, *c, *a, Some(100.0));
        }
        r
    }

    #[test]
    fn day_change_and_window_return() {
        let s = PriceSeries {
            symbol: "X".into(),
            days: vec![10, 11, 14, 15],
            prices: vec![100.0, 110.0, 121.0, 96.8],
        };
        assert!((s.day_change_pct().unwrap() - -20.0).abs() < 1e-9);
        // First price on or after 11 (110) to the last on or before 14 (121).
        assert!((s.return_pct(11, 14).unwrap() - 10.0).abs() < 1e-9);
        // A window starting between prices begins at the next one.
        assert!((s.return_pct(12, 15).unwrap() - -20.0).abs() < 1e-9);
        assert_eq!(s.return_pct(12, 13), None, "no price inside");
        assert_eq!(s.return_pct(14, 14), None, "one price is no return");
        let one = PriceSeries {
            symbol: "Y".into(),
            days: vec![1],
            prices: vec![5.0],
        };
        assert_eq!(one.day_change_pct(), None);
    }

    #[test]
    fn frames_round_trip_through_series() {
        let a = PriceFrame::from_rows(
            "MARA",
            "test",
            &rows(&[
                (ymd(2024, 1, 2), 10.0, Some(9.5)),
                (ymd(2024, 1, 3), 11.0, None),
            ]),
        )
        .unwrap();
        let b = PriceFrame::from_rows(
            "BTC-USD",
            "test",
            &rows(&[(ymd(2024, 1, 1), 40_000.0, None)]),
        )
        .unwrap();
        let all = PriceFrame::concat([a, b]).unwrap();
        assert_eq!(
            all.symbols(),
            vec!["BTC-USD".to_string(), "MARA".to_string()]
        );
        assert_eq!(all.date_range(), Some((ymd(2024, 1, 1), ymd(2024, 1, 3))));
        let mara = all.series("MARA").unwrap();
        // Adj Close where present, else Close.
        assert_eq!(mara.prices, vec![9.5, 11.0]);
        assert_eq!(mara.last_date(), Some(ymd(2024, 1, 3)));
        let summaries = all.summaries().unwrap();
        assert_eq!(summaries.len(), 2);
        assert_eq!(summaries[1].symbol, "MARA");
        assert_eq!(summaries[1].last_close, 11.0);
        assert_eq!(summaries[1].rows, 2);
        assert!(matches!(
            all.series("RIOT"),
            Err(DataError::UnknownSymbol(_))
        ));
        let only = all.select_symbols(&["MARA".into()]).unwrap();
        assert_eq!(only.symbols(), vec!["MARA".to_string()]);
    }

    #[test]
    fn wrong_schema_is_rejected_with_the_column_name() {
        let df = df!("date" => [1i32], "symbol" => ["X"]).unwrap();
        let err = PriceFrame::from_df(df).unwrap_err().to_string();
        assert!(err.contains("column 'date'"), "{err}");
    }
}
