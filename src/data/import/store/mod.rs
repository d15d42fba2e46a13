//! The local price store: one Parquet file per symbol (the long form) under
//! [`AppPaths::price_store_dir`](crate::data::paths::AppPaths::price_store_dir).
//!
//! An import is merged in memory first ([`PriceStore::prepare`]): for each symbol the stored rows,
//! then the imported files from older to newer, a later row replacing an earlier one of the same
//! date. Only when everything is ready does [`PriceStore::commit`] write: every file to a
//! temporary file in the store's directory, then each renamed over its old version. A failed
//! import never reaches `commit`, so the store stays byte for byte as it was.

mod merge;
mod undo;

pub use merge::{
    Conflicts, MergeCount, MergeStats, MergedRows, StoreUpdate, SymbolUpdate, prepare, prepare_rows,
};
pub use undo::{UndoFile, UndoManifest};

use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::file_label;
use crate::data::DataError;
use crate::data::fsutil::StagedFile;
use crate::data::prices::PriceFrame;
use crate::model::is_valid_symbol;

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

    /// Writes an update: all files staged first, the files they replace kept for
    /// [`undo_last`](Self::undo_last), then each renamed into place. When a rename fails, the
    /// ones done are put back, so the store is as it was. `what` names the change for undo
    /// ("import of MARA.csv").
    pub fn commit(&self, update: &StoreUpdate, what: &str) -> Result<(), DataError> {
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
        let symbols: Vec<String> = update
            .symbols
            .iter()
            .map(|s| s.stats.symbol.clone())
            .collect();
        let existed = self.begin_undo(&symbols)?;
        for (i, file) in staged.into_iter().enumerate() {
            let target = file.target().to_path_buf();
            if let Err(e) = file.commit() {
                let done: Vec<UndoFile> = symbols[..i]
                    .iter()
                    .zip(&existed)
                    .map(|(symbol, existed)| UndoFile {
                        symbol: symbol.clone(),
                        existed: *existed,
                        written_fnv: 0,
                    })
                    .collect();
                let _ = self.restore(&done);
                self.forget_undo();
                return Err(DataError::io(&target, e));
            }
        }
        self.finish_undo(what, &symbols, &existed)
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
        // Undo cannot follow a rename.
        self.forget_undo();
        write_parquet_atomic(&self.dir, &format!("{to}.parquet"), &renamed)?;
        let old = self.file_for(from);
        std::fs::remove_file(&old).map_err(|e| DataError::io(&old, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::prices::PriceRows;
    use crate::model::dates::ymd;

    /// Closes on days of January 2024 (the merge tests use it too).
    pub(super) fn rows(points: &[(u32, f64)]) -> PriceRows {
        let mut r = PriceRows::default();
        for (d, c) in points {
            r.push(ymd(2024, 1, *d), *c, None, None);
        }
        r
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
                    conflicts: Default::default(),
                },
            }],
        };
        store.commit(&update, "test").unwrap();
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
