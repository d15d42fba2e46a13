//! When each symbol was last fetched, for the status bar.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::Provider;
use crate::data::DataError;

/// When each symbol was last fetched (`fetched.json` in the store's folder), for the status bar.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FetchLog {
    pub symbols: BTreeMap<String, FetchLogEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FetchLogEntry {
    pub fetched_at: DateTime<Utc>,
    pub provider: Provider,
    pub last_date: Option<NaiveDate>,
}

impl FetchLog {
    pub fn file(store_dir: &Path) -> PathBuf {
        store_dir.join("fetched.json")
    }

    /// The log of a store (empty when there is none or it cannot be read).
    pub fn load(store_dir: &Path) -> Self {
        std::fs::read_to_string(Self::file(store_dir))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, store_dir: &Path) -> Result<(), DataError> {
        let path = Self::file(store_dir);
        crate::data::fsutil::write_json_atomic(&path, self).map_err(|e| DataError::io(&path, e))
    }
}
