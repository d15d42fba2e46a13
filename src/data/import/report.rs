//! What an import read: the files, their series, and the per-file reports of summaries.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::naming::file_label;
use super::{Format, ImportedSeries, store};
use crate::data::DataError;
use crate::data::prices::PriceFrame;

/// One file that was read.
#[derive(Clone, Debug)]
pub struct ImportedFile {
    pub path: PathBuf,
    pub format: Format,
    /// One series per symbol in the file (usually one).
    pub series: Vec<ImportedSeries>,
    /// The file's modification time: of two files for one symbol, the newer one wins.
    pub modified: Option<SystemTime>,
}

impl ImportedFile {
    /// The `source` recorded on each row: `MARA.csv (Yahoo CSV)`.
    pub fn source(&self) -> String {
        format!("{} ({})", file_label(&self.path), self.format)
    }
}

/// What happened to one series of one file, for summaries (GUI, CLI table and JSON).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FileReport {
    pub path: PathBuf,
    pub format: String,
    pub symbol: String,
    pub rows: usize,
    pub first_date: Option<chrono::NaiveDate>,
    pub last_date: Option<chrono::NaiveDate>,
    /// Rows left out and why.
    pub dropped: Vec<String>,
    pub dropped_rows: usize,
    /// Rows reordered, resampled, frequency remarks.
    pub notes: Vec<String>,
}

/// The outcome of one input file.
#[derive(Debug)]
pub enum FileOutcome {
    Loaded(ImportedFile),
    Failed { path: PathBuf, error: DataError },
}

/// Everything an import read, in the order the files were given.
#[derive(Debug, Default)]
pub struct ImportBatch {
    pub files: Vec<FileOutcome>,
}

impl ImportBatch {
    pub fn loaded(&self) -> impl Iterator<Item = &ImportedFile> {
        self.files.iter().filter_map(|f| match f {
            FileOutcome::Loaded(file) => Some(file),
            FileOutcome::Failed { .. } => None,
        })
    }

    pub fn failures(&self) -> impl Iterator<Item = (&Path, &DataError)> {
        self.files.iter().filter_map(|f| match f {
            FileOutcome::Failed { path, error } => Some((path.as_path(), error)),
            FileOutcome::Loaded(_) => None,
        })
    }

    pub fn all_loaded(&self) -> bool {
        self.failures().next().is_none()
    }

    /// One report per series of every loaded file.
    pub fn reports(&self) -> Vec<FileReport> {
        self.loaded().flat_map(reports_of).collect()
    }

    /// Paths of the files that loaded.
    pub fn loaded_paths(&self) -> Vec<PathBuf> {
        self.loaded().map(|f| f.path.clone()).collect()
    }

    /// The loaded series per symbol, older files first (a newer file wins on shared dates).
    pub fn by_symbol(&self) -> BTreeMap<String, Vec<(&ImportedFile, &ImportedSeries)>> {
        let mut files: Vec<(usize, &ImportedFile)> = self.loaded().enumerate().collect();
        files.sort_by_key(|(i, f)| (f.modified, *i));
        let mut out: BTreeMap<String, Vec<(&ImportedFile, &ImportedSeries)>> = BTreeMap::new();
        for (_, file) in files {
            for s in &file.series {
                out.entry(s.symbol.clone()).or_default().push((file, s));
            }
        }
        out
    }

    /// The loaded prices as one frame, files of the same symbol merged (newer wins).
    pub fn frame(&self) -> Result<PriceFrame, DataError> {
        let frames = self
            .by_symbol()
            .into_iter()
            .map(|(symbol, parts)| {
                let mut rows = store::MergedRows::default();
                for (file, series) in parts {
                    rows.merge(&series.rows, &file.source());
                }
                rows.into_frame(&symbol)
            })
            .collect::<Result<Vec<_>, _>>()?;
        PriceFrame::concat(frames)
    }
}

/// The reports of one file's series.
pub fn reports_of(file: &ImportedFile) -> Vec<FileReport> {
    file.series
        .iter()
        .map(|s| FileReport {
            path: file.path.clone(),
            format: file.format.to_string(),
            symbol: s.symbol.clone(),
            rows: s.rows.len(),
            first_date: s.first_date(),
            last_date: s.last_date(),
            dropped: s.dropped.clone(),
            dropped_rows: s.dropped_rows,
            notes: s.notes.clone(),
        })
        .collect()
}
