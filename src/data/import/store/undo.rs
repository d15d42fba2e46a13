//! The previous version of what the last import or fetch changed, kept so it can be undone byte
//! for byte: before a commit renames new files into place, the files they replace are linked (or
//! copied) into `.undo/` beside a manifest that names every symbol, whether it existed, and a
//! checksum of the new file. Undo puts the old files back, and refuses when a later change
//! would be lost.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::PriceStore;
use crate::data::DataError;
use crate::data::fsutil::write_json_atomic;

/// The folder of the undo journal inside the store (not a `*.parquet` entry, so never a symbol).
const UNDO_DIR: &str = ".undo";
const MANIFEST: &str = "manifest.json";

/// What the last import or fetch changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UndoManifest {
    /// "import of MARA.csv, RIOT.csv", "refresh of 12 symbols".
    pub what: String,
    pub created: chrono::DateTime<chrono::Utc>,
    pub files: Vec<UndoFile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UndoFile {
    pub symbol: String,
    /// The symbol was stored before (its old file is in the journal); else undo removes it.
    pub existed: bool,
    /// FNV-1a of the file the change wrote, to tell whether something changed it since.
    pub written_fnv: u64,
}

/// FNV-1a 64 of a file's bytes: stable across builds, enough to notice a change.
pub(super) fn fnv_of_file(path: &Path) -> std::io::Result<u64> {
    let bytes = std::fs::read(path)?;
    Ok(bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    }))
}

impl PriceStore {
    fn undo_dir(&self) -> PathBuf {
        self.dir().join(UNDO_DIR)
    }

    /// The journal of the last change, if it can be undone.
    pub fn last_change(&self) -> Option<UndoManifest> {
        let text = std::fs::read_to_string(self.undo_dir().join(MANIFEST)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Forgets the journal (a rename, which undo cannot follow).
    pub(super) fn forget_undo(&self) {
        let _ = std::fs::remove_dir_all(self.undo_dir());
    }

    /// Starts the journal of a change to `symbols`: the files they replace are kept (linked, or
    /// copied where links are not possible) before anything is renamed.
    pub(super) fn begin_undo(&self, symbols: &[String]) -> Result<Vec<bool>, DataError> {
        let dir = self.undo_dir();
        self.forget_undo();
        std::fs::create_dir_all(&dir).map_err(|e| DataError::io(&dir, e))?;
        let mut existed = Vec::with_capacity(symbols.len());
        for symbol in symbols {
            let current = self.file_for(symbol);
            let exists = current.is_file();
            if exists {
                let kept = dir.join(format!("{symbol}.parquet"));
                std::fs::hard_link(&current, &kept)
                    .or_else(|_| std::fs::copy(&current, &kept).map(drop))
                    .map_err(|e| DataError::io(&kept, e))?;
            }
            existed.push(exists);
        }
        Ok(existed)
    }

    /// Completes the journal once every new file is in place.
    pub(super) fn finish_undo(
        &self,
        what: &str,
        symbols: &[String],
        existed: &[bool],
    ) -> Result<(), DataError> {
        let mut files = Vec::with_capacity(symbols.len());
        for (symbol, existed) in symbols.iter().zip(existed) {
            let path = self.file_for(symbol);
            files.push(UndoFile {
                symbol: symbol.clone(),
                existed: *existed,
                written_fnv: fnv_of_file(&path).map_err(|e| DataError::io(&path, e))?,
            });
        }
        let manifest = UndoManifest {
            what: what.to_owned(),
            created: chrono::Utc::now(),
            files,
        };
        let path = self.undo_dir().join(MANIFEST);
        write_json_atomic(&path, &manifest).map_err(|e| DataError::io(&path, e))
    }

    /// Puts back what the last import or fetch replaced, byte for byte, and removes what it
    /// added. Refused (nothing changed) when a stored file changed since, or there is nothing to
    /// undo. Returns the journal that was undone.
    pub fn undo_last(&self) -> Result<UndoManifest, DataError> {
        let fail = |message: String| DataError::file("price store", message);
        let Some(manifest) = self.last_change() else {
            return Err(fail(
                "there is no import or fetch to undo (only the last one can be undone)".into(),
            ));
        };
        for f in &manifest.files {
            let path = self.file_for(&f.symbol);
            let now = fnv_of_file(&path).ok();
            if now != Some(f.written_fnv) {
                return Err(fail(format!(
                    "{} changed after the {}; undoing it would lose that change",
                    f.symbol, manifest.what
                )));
            }
        }
        self.restore(&manifest.files)?;
        self.forget_undo();
        Ok(manifest)
    }

    /// Puts the journal's files back (also when a commit fails half way).
    pub(super) fn restore(&self, files: &[UndoFile]) -> Result<(), DataError> {
        for f in files {
            let path = self.file_for(&f.symbol);
            if f.existed {
                let kept = self.undo_dir().join(format!("{}.parquet", f.symbol));
                std::fs::rename(&kept, &path).map_err(|e| DataError::io(&path, e))?;
            } else if path.is_file() {
                std::fs::remove_file(&path).map_err(|e| DataError::io(&path, e))?;
            }
        }
        Ok(())
    }
}
