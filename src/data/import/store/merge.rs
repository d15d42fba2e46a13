//! Merging imported or fetched rows over the stored ones, and what the merge changed.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use super::PriceStore;
use crate::data::DataError;
use crate::data::import::ImportBatch;
use crate::data::prices::{
    COL_ADJ_CLOSE, COL_CLOSE, COL_DATE, COL_SOURCE, COL_SYMBOL, COL_VOLUME, PriceFrame, PriceRows,
};

/// Rows of one symbol keyed by date, each remembering its source; later merges replace
/// earlier rows of the same date.
#[derive(Clone, Debug, Default)]
pub struct MergedRows {
    rows: BTreeMap<i32, (f64, Option<f64>, Option<f64>, usize)>,
    sources: Vec<String>,
}

/// How a merge changed a symbol's rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct MergeCount {
    /// Dates that were not there before.
    pub added: usize,
    /// Dates that were there and now have the newer file's row.
    pub replaced: usize,
}

impl MergedRows {
    /// The rows of one symbol of a frame.
    pub fn from_frame(frame: &PriceFrame) -> Result<Self, DataError> {
        let df = frame.df();
        let days = df.column(COL_DATE)?.date()?.physical().clone();
        let close = df.column(COL_CLOSE)?.f64()?.clone();
        let adj = df.column(COL_ADJ_CLOSE)?.f64()?.clone();
        let volume = df.column(COL_VOLUME)?.f64()?.clone();
        let source = df.column(COL_SOURCE)?.str()?.clone();
        let mut out = Self::default();
        for i in 0..df.height() {
            let (Some(day), Some(c)) = (days.get(i), close.get(i)) else {
                continue;
            };
            let s = out.source_index(source.get(i).unwrap_or_default());
            out.rows.insert(day, (c, adj.get(i), volume.get(i), s));
        }
        Ok(out)
    }

    fn source_index(&mut self, source: &str) -> usize {
        match self.sources.iter().position(|s| s == source) {
            Some(i) => i,
            None => {
                self.sources.push(source.to_owned());
                self.sources.len() - 1
            }
        }
    }

    /// Puts `rows` over the current ones.
    pub fn merge(&mut self, rows: &PriceRows, source: &str) -> MergeCount {
        let s = self.source_index(source);
        let mut count = MergeCount::default();
        for i in 0..rows.len() {
            let row = (rows.close[i], rows.adj_close[i], rows.volume[i], s);
            if self.rows.insert(rows.days[i], row).is_some() {
                count.replaced += 1;
            } else {
                count.added += 1;
            }
        }
        count
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The analysis price of each date: adj close where positive, else close.
    fn prices(&self) -> BTreeMap<i32, f64> {
        self.rows
            .iter()
            .map(|(d, (c, a, _, _))| (*d, a.filter(|a| *a > 0.0).unwrap_or(*c)))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The long form of these rows under `symbol`.
    pub fn into_frame(self, symbol: &str) -> Result<PriceFrame, DataError> {
        let n = self.rows.len();
        let mut days = Vec::with_capacity(n);
        let mut close = Vec::with_capacity(n);
        let mut adj = Vec::with_capacity(n);
        let mut volume = Vec::with_capacity(n);
        let mut source: Vec<&str> = Vec::with_capacity(n);
        for (day, (c, a, v, s)) in &self.rows {
            days.push(*day);
            close.push(*c);
            adj.push(*a);
            volume.push(*v);
            source.push(self.sources.get(*s).map(String::as_str).unwrap_or_default());
        }
        let date = Int32Chunked::from_vec(COL_DATE.into(), days)
            .into_date()
            .into_series();
        let df = DataFrame::new(
            n,
            vec![
                Column::from(date),
                Column::new_scalar(COL_SYMBOL.into(), Scalar::from(PlSmallStr::from(symbol)), n),
                Column::new(COL_CLOSE.into(), close),
                Column::new(COL_ADJ_CLOSE.into(), adj),
                Column::new(COL_VOLUME.into(), volume),
                Column::new(COL_SOURCE.into(), source),
            ],
        )?;
        PriceFrame::from_df(df)
    }
}

/// Stored rows that an import or fetch replaced with other prices: how many, by how much, and
/// whether the new file is the stored series moved by a day (a file of opening prices, or of the
/// previous day's close, such as Nasdaq Data Link's MKPRU).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Conflicts {
    /// Replaced rows whose price moved by more than [`MATERIAL_PCT`].
    pub changed: usize,
    pub median_diff_pct: Option<f64>,
    pub max_diff_pct: Option<f64>,
    pub max_diff_on: Option<chrono::NaiveDate>,
    /// The new prices are (about) the stored prices of the date before.
    pub shifted_one_day: bool,
}

/// A replaced price that differs by more than this (in percent) is a conflict, not rounding.
pub const MATERIAL_PCT: f64 = 0.05;

impl Conflicts {
    /// Compares the price (adj close, else close) of each replaced date before and after.
    fn between(
        before: &BTreeMap<i32, f64>,
        after: &BTreeMap<i32, f64>,
        replaced: &BTreeSet<i32>,
    ) -> Self {
        let mut diffs: Vec<(f64, i32)> = Vec::new();
        // How far each changed price is from the stored price of the date before, in percent.
        let mut to_previous: Vec<f64> = Vec::new();
        let mut closer_to_previous = 0usize;
        for day in replaced {
            let (Some(old), Some(new)) = (before.get(day), after.get(day)) else {
                continue;
            };
            let pct = (new - old).abs() / old.abs().max(f64::MIN_POSITIVE) * 100.0;
            if pct <= MATERIAL_PCT {
                continue;
            }
            diffs.push((pct, *day));
            if let Some((_, p)) = before.range(..*day).next_back() {
                let prev_pct = (new - p).abs() / p.abs().max(f64::MIN_POSITIVE) * 100.0;
                to_previous.push(prev_pct);
                if prev_pct < pct {
                    closer_to_previous += 1;
                }
            }
        }
        diffs.sort_by(|a, b| a.0.total_cmp(&b.0));
        to_previous.sort_by(f64::total_cmp);
        let median = |v: &[f64]| v.get(v.len() / 2).copied();
        let median_diff = diffs.get(diffs.len() / 2).map(|d| d.0);
        // The new series is the stored one a day later: most new prices sit nearer the stored
        // price of the day before than that of their own day, and by a wide margin.
        let shifted = diffs.len() >= 3
            && closer_to_previous * 5 >= diffs.len() * 3
            && median(&to_previous)
                .zip(median_diff)
                .is_some_and(|(p, s)| p < 0.5 * s);
        Conflicts {
            changed: diffs.len(),
            median_diff_pct: median_diff,
            max_diff_pct: diffs.last().map(|d| d.0),
            max_diff_on: diffs.last().map(|d| crate::model::days_to_date(d.1)),
            shifted_one_day: shifted,
        }
    }

    /// "3,402 with other prices (median 2.1%, largest 24.3% on 2024-03-05); the new values
    /// equal the stored ones a day earlier: …"; empty when nothing changed materially.
    pub fn describe(&self) -> String {
        if self.changed == 0 {
            return String::new();
        }
        let mut text = format!(
            "{} with other prices (median {:.2}%, largest {:.2}%{})",
            crate::model::fmt::format_grouped(self.changed as f64, 0),
            self.median_diff_pct.unwrap_or_default(),
            self.max_diff_pct.unwrap_or_default(),
            self.max_diff_on
                .map(|d| format!(" on {d}"))
                .unwrap_or_default()
        );
        if self.shifted_one_day {
            text.push_str(
                "; the new values equal the stored prices one day earlier: opening prices or \
                 the previous day's close?",
            );
        }
        text
    }
}

/// What an import does to one symbol.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MergeStats {
    pub symbol: String,
    /// Rows stored before the import (0 for a new symbol).
    pub stored_rows: usize,
    pub added: usize,
    /// Stored dates whose row the import replaced.
    pub replaced: usize,
    /// Extra copies of dates found in more than one file of the import (the newer file's row
    /// is kept).
    pub overlapping: usize,
    /// Rows after the import.
    pub rows: usize,
    /// Of the replaced rows, those whose price changed materially.
    pub conflicts: Conflicts,
}

impl MergeStats {
    /// "MARA: 1,234 rows (+12 new, 3 replaced)".
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("+{} new", self.added)];
        if self.replaced > 0 {
            let conflicts = self.conflicts.describe();
            parts.push(if conflicts.is_empty() {
                format!("{} replaced with the same prices", self.replaced)
            } else {
                format!("{} replaced, {conflicts}", self.replaced)
            });
        }
        if self.overlapping > 0 {
            parts.push(format!(
                "{} dates in more than one file, the newer file's rows kept",
                self.overlapping
            ));
        }
        if self.stored_rows > 0 {
            parts.push(format!("merged with {} stored", self.stored_rows));
        }
        format!("{}: {} rows ({})", self.symbol, self.rows, parts.join(", "))
    }
}

/// One symbol's merged rows, ready to write.
#[derive(Clone, Debug)]
pub struct SymbolUpdate {
    pub frame: PriceFrame,
    pub stats: MergeStats,
}

/// The merged result of an import, in memory, before anything is written.
#[derive(Clone, Debug, Default)]
pub struct StoreUpdate {
    pub symbols: Vec<SymbolUpdate>,
}

impl StoreUpdate {
    /// Every updated symbol in one frame.
    pub fn frame(&self) -> Result<PriceFrame, DataError> {
        PriceFrame::concat(self.symbols.iter().map(|s| s.frame.clone()))
    }

    pub fn stats(&self) -> Vec<MergeStats> {
        self.symbols.iter().map(|s| s.stats.clone()).collect()
    }
}

/// Merges the loaded files of `batch` over what `store` holds (nothing without a store).
pub fn prepare(store: Option<&PriceStore>, batch: &ImportBatch) -> Result<StoreUpdate, DataError> {
    let parts = batch
        .by_symbol()
        .into_iter()
        .map(|(symbol, parts)| {
            let parts = parts
                .into_iter()
                .map(|(file, series)| (file.source(), &series.rows))
                .collect();
            (symbol, parts)
        })
        .collect();
    prepare_rows(store, parts)
}

/// Merges rows per symbol over what `store` holds: for each symbol the parts in order (source,
/// rows), a later part replacing an earlier row of the same date. The one merge of imports and
/// fetches.
pub fn prepare_rows(
    store: Option<&PriceStore>,
    parts: BTreeMap<String, Vec<(String, &PriceRows)>>,
) -> Result<StoreUpdate, DataError> {
    let mut symbols = Vec::new();
    for (symbol, parts) in parts {
        let stored = match store {
            Some(store) => store.load(&symbol)?,
            None => None,
        };
        let mut merged = match &stored {
            Some(frame) => MergedRows::from_frame(frame)?,
            None => MergedRows::default(),
        };
        let stored_rows = merged.len();
        let before = merged.prices();
        let stored_days: BTreeSet<i32> = merged.rows.keys().copied().collect();
        let mut replaced_days: BTreeSet<i32> = BTreeSet::new();
        let mut replacements = 0;
        for (source, rows) in parts {
            replaced_days.extend(rows.days.iter().filter(|d| stored_days.contains(d)));
            replacements += merged.merge(rows, &source).replaced;
        }
        let rows = merged.len();
        let replaced = replaced_days.len();
        let conflicts = Conflicts::between(&before, &merged.prices(), &replaced_days);
        symbols.push(SymbolUpdate {
            stats: MergeStats {
                symbol: symbol.clone(),
                stored_rows,
                added: rows - stored_rows,
                replaced,
                overlapping: replacements - replaced,
                rows,
                conflicts,
            },
            frame: merged.into_frame(&symbol)?,
        });
    }
    Ok(StoreUpdate { symbols })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::import::store::tests::rows;

    #[test]
    fn newer_rows_win_and_are_counted() {
        let mut m = MergedRows::default();
        assert_eq!(
            m.merge(&rows(&[(2, 1.0), (3, 2.0)]), "old.csv"),
            MergeCount {
                added: 2,
                replaced: 0
            }
        );
        assert_eq!(
            m.merge(&rows(&[(3, 2.5), (4, 3.0)]), "new.csv"),
            MergeCount {
                added: 1,
                replaced: 1
            }
        );
        let frame = m.into_frame("X").unwrap();
        let s = frame.series("X").unwrap();
        assert_eq!(s.prices, vec![1.0, 2.5, 3.0]);
        let sources: Vec<_> = frame
            .df()
            .column(COL_SOURCE)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .map(str::to_owned)
            .collect();
        assert_eq!(sources, vec!["old.csv", "new.csv", "new.csv"]);
    }
}
