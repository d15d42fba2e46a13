//! Importing price files. Recognises the format by content; see the README's "File formats".

use std::path::{Path, PathBuf};

use super::prices::PriceFrame;
use super::{DataError, yahoo_csv};

/// What happened to one file.
#[derive(Clone, Debug, PartialEq)]
pub struct FileReport {
    pub path: PathBuf,
    pub format: String,
    pub symbol: String,
    pub rows: usize,
    pub first_date: Option<chrono::NaiveDate>,
    pub last_date: Option<chrono::NaiveDate>,
    pub dropped: Vec<String>,
}

/// The symbol a file name implies: `MARA.csv` -> MARA, `mara.us.txt` -> MARA.
pub fn symbol_from_file_name(path: &Path) -> String {
    let stem = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .split('.')
        .next()
        .unwrap_or_default();
    crate::model::normalize_symbol(stem)
}

/// Files of `paths`, directories expanded (one level, sorted).
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, DataError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| DataError::io(path, e))?;
        if meta.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| DataError::io(path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Reads every file (Yahoo CSV) into one frame.
pub fn load_paths(paths: &[PathBuf]) -> Result<(PriceFrame, Vec<FileReport>), DataError> {
    let files = expand_paths(paths)?;
    let mut frames = Vec::new();
    let mut reports = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| DataError::io(&path, e))?;
        let parsed = yahoo_csv::parse(&text, &name)?;
        let symbol = symbol_from_file_name(&path);
        let source = format!(
            "file:{}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("")
        );
        let frame = PriceFrame::from_rows(&symbol, &source, &parsed.rows)?;
        reports.push(FileReport {
            path: path.clone(),
            format: "Yahoo CSV".into(),
            symbol,
            rows: parsed.rows.len(),
            first_date: parsed
                .rows
                .days
                .first()
                .map(|d| crate::model::days_to_date(*d)),
            last_date: parsed
                .rows
                .days
                .last()
                .map(|d| crate::model::days_to_date(*d)),
            dropped: if parsed.null_rows > 0 {
                vec![format!("{} rows with null prices", parsed.null_rows)]
            } else {
                vec![]
            },
        });
        frames.push(frame);
    }
    Ok((PriceFrame::concat(frames)?, reports))
}
