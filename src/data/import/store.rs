//! The local price store: one Parquet file per symbol (the long form) under
//! [`AppPaths::price_store_dir`](crate::data::paths::AppPaths::price_store_dir).
//!
//! An import is merged in memory first ([`PriceStore::prepare`]): for each symbol the stored rows,
//! then the imported files from older to newer, a later row replacing an earlier one of the same
//! date. Only when everything is ready does [`PriceStore::commit`] write: every file to a
//! temporary file in the store's directory, then each renamed over its old version. A failed
//! import never reaches `commit`, so the store stays byte for byte as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::{ImportBatch, file_label};
use crate::data::DataError;
use crate::data::fsutil::StagedFile;
use crate::data::prices::{
    COL_ADJ_CLOSE, COL_CLOSE, COL_DATE, COL_SOURCE, COL_SYMBOL, COL_VOLUME, PriceFrame, PriceRows,
};
use crate::model::is_valid_symbol;

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

/// What an import does to one symbol.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
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
}

impl MergeStats {
    /// "MARA: 1,234 rows (+12 new, 3 replaced)".
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("+{} new", self.added)];
        if self.replaced > 0 {
            parts.push(format!("{} replaced", self.replaced));
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
        let stored_days: BTreeSet<i32> = merged.rows.keys().copied().collect();
        let mut replaced_days: BTreeSet<i32> = BTreeSet::new();
        let mut replacements = 0;
        for (source, rows) in parts {
            replaced_days.extend(rows.days.iter().filter(|d| stored_days.contains(d)));
            replacements += merged.merge(rows, &source).replaced;
        }
        let rows = merged.len();
        let replaced = replaced_days.len();
        symbols.push(SymbolUpdate {
            stats: MergeStats {
                symbol: symbol.clone(),
                stored_rows,
                added: rows - stored_rows,
                replaced,
                overlapping: replacements - replaced,
                rows,
            },
            frame: merged.into_frame(&symbol)?,
        });
    }
    Ok(StoreUpdate { symbols })
}

/// Writes `frame` as Parquet to `dir/name`: to a temporary file in `dir` first, renamed over the
/// target only once it is complete.
pub fn write_parquet_atomic(
    dir: &Path,
    name: &str,
    frame: &PriceFrame,
) -> Result<PathBuf, DataError> {
    let target = dir.join(name);
    let staged = stage(&target, frame)?;
    staged.commit().map_err(|e| DataError::io(&target, e))?;
    Ok(target)
}

/// A complete Parquet file staged beside `target` (removed if dropped), creating the folder.
fn stage(target: &Path, frame: &PriceFrame) -> Result<StagedFile, DataError> {
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(|e| DataError::io(dir, e))?;
    }
    let mut staged = StagedFile::new(target).map_err(|e| DataError::io(target, e))?;
    let mut df = frame.df().clone();
    ParquetWriter::new(staged.file_mut()).finish(&mut df)?;
    Ok(staged)
}

/// The price store in one directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceStore {
    dir: PathBuf,
}

impl PriceStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The store of the platform's data directory (or `MINERLENS_HOME`).
    pub fn detect() -> Option<Self> {
        crate::data::paths::AppPaths::detect().map(|p| Self::new(p.price_store_dir()))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn file_for(&self, symbol: &str) -> PathBuf {
        self.dir.join(format!("{symbol}.parquet"))
    }

    /// Stored symbols, sorted (from the file names).
    pub fn symbols(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut out: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let symbol = name.strip_suffix(".parquet")?;
                is_valid_symbol(symbol).then(|| symbol.to_owned())
            })
            .collect();
        out.sort();
        out
    }

    pub fn contains(&self, symbol: &str) -> bool {
        self.file_for(symbol).is_file()
    }

    /// One symbol's stored rows, if it is stored.
    pub fn load(&self, symbol: &str) -> Result<Option<PriceFrame>, DataError> {
        let path = self.file_for(symbol);
        if !path.is_file() {
            return Ok(None);
        }
        super::parquet::read_frame(&path, &format!("price store: {}", file_label(&path))).map(Some)
    }

    /// Everything stored, and the files that could not be read (they are left alone).
    pub fn load_all(&self) -> (PriceFrame, Vec<DataError>) {
        let mut frames = Vec::new();
        let mut errors = Vec::new();
        for symbol in self.symbols() {
            match self.load(&symbol) {
                Ok(Some(frame)) => frames.push(frame),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        match PriceFrame::concat(frames) {
            Ok(frame) => (frame, errors),
            Err(e) => {
                errors.push(e);
                (PriceFrame::empty(), errors)
            }
        }
    }

    /// Writes an update: all files staged first, then renamed into place.
    pub fn commit(&self, update: &StoreUpdate) -> Result<(), DataError> {
        let mut staged = Vec::with_capacity(update.symbols.len());
        for s in &update.symbols {
            if !is_valid_symbol(&s.stats.symbol) {
                return Err(DataError::file(
                    "price store",
                    format!("'{}' is not a valid symbol", s.stats.symbol),
                ));
            }
            staged.push(stage(&self.file_for(&s.stats.symbol), &s.frame)?);
        }
        for file in staged {
            let target = file.target().to_path_buf();
            file.commit().map_err(|e| DataError::io(&target, e))?;
        }
        Ok(())
    }

    /// Renames a stored symbol (its file and the symbol on every row).
    pub fn rename(&self, from: &str, to: &str) -> Result<(), DataError> {
        let fail = |message: String| DataError::file("price store", message);
        if !is_valid_symbol(to) {
            return Err(fail(format!("'{to}' is not a valid symbol")));
        }
        if self.contains(to) {
            return Err(fail(format!("{to} is already stored")));
        }
        let Some(frame) = self.load(from)? else {
            return Err(fail(format!("{from} is not stored")));
        };
        let renamed = MergedRows::from_frame(&frame)?.into_frame(to)?;
        write_parquet_atomic(&self.dir, &format!("{to}.parquet"), &renamed)?;
        let old = self.file_for(from);
        std::fs::remove_file(&old).map_err(|e| DataError::io(&old, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    fn rows(points: &[(u32, f64)]) -> PriceRows {
        let mut r = PriceRows::default();
        for (d, c) in points {
            r.push(ymd(2024, 1, *d), *c, None, None);
        }
        r
    }

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

    #[test]
    fn commit_then_load_and_rename() {
        let dir = tempfile::tempdir().unwrap();
        let store = PriceStore::new(dir.path().join("prices"));
        assert!(store.symbols().is_empty());
        let mut m = MergedRows::default();
        m.merge(&rows(&[(2, 1.0)]), "a.csv");
        let update = StoreUpdate {
            symbols: vec![SymbolUpdate {
                frame: m.into_frame("MARA").unwrap(),
                stats: MergeStats {
                    symbol: "MARA".into(),
                    stored_rows: 0,
                    added: 1,
                    replaced: 0,
                    overlapping: 0,
                    rows: 1,
                },
            }],
        };
        store.commit(&update).unwrap();
        assert_eq!(store.symbols(), vec!["MARA"]);
        let (all, errors) = store.load_all();
        assert!(errors.is_empty());
        assert_eq!(all.symbols(), vec!["MARA"]);
        store.rename("MARA", "MARA2").unwrap();
        assert_eq!(store.symbols(), vec!["MARA2"]);
        assert_eq!(
            store.load("MARA2").unwrap().unwrap().symbols(),
            vec!["MARA2"]
        );
        assert!(store.rename("MARA2", "bad name").is_err());
        // No temporary files left behind.
        let names: Vec<_> = std::fs::read_dir(store.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
