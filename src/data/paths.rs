//! Where MinerLens keeps its files: config (preferences, recent files), cache, and data (the local
//! price store). Platform directories from `directories`; `MINERLENS_HOME` puts all three under
//! one folder (portable installs and tests).

use std::path::PathBuf;

/// The three directories of the app. They are created on first use, not here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppPaths {
    pub config_dir: PathBuf,
    pub cache_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl AppPaths {
    /// `MINERLENS_HOME` if set, else the platform's directories; `None` when the platform has no
    /// home directory.
    pub fn detect() -> Option<Self> {
        if let Some(home) = std::env::var_os("MINERLENS_HOME").filter(|h| !h.is_empty()) {
            return Some(Self::under(PathBuf::from(home)));
        }
        let dirs = directories::ProjectDirs::from("org", "MinerLens", "MinerLens")?;
        Some(Self {
            config_dir: dirs.config_dir().to_path_buf(),
            cache_dir: dirs.cache_dir().to_path_buf(),
            data_dir: dirs.data_dir().to_path_buf(),
        })
    }

    /// All three under one root (`root/config`, `root/cache`, `root/data`).
    pub fn under(root: PathBuf) -> Self {
        Self {
            config_dir: root.join("config"),
            cache_dir: root.join("cache"),
            data_dir: root.join("data"),
        }
    }

    /// eframe's preference file (window size, theme, selection ...).
    pub fn ui_state_file(&self) -> PathBuf {
        self.config_dir.join("ui-state.ron")
    }

    /// The local price store (one Parquet file per symbol).
    pub fn price_store_dir(&self) -> PathBuf {
        self.data_dir.join("prices")
    }

    /// The Data sources settings of the window (base URLs, provider per symbol), which the
    /// command line reads too.
    pub fn data_sources_file(&self) -> PathBuf {
        self.config_dir.join("data-sources.json")
    }

    /// The list of recently opened portfolios.
    pub fn recent_files(&self) -> PathBuf {
        self.config_dir.join("recent.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_holds_everything() {
        let p = AppPaths::under(PathBuf::from("/tmp/ml"));
        assert_eq!(p.price_store_dir(), PathBuf::from("/tmp/ml/data/prices"));
        assert_eq!(
            p.ui_state_file(),
            PathBuf::from("/tmp/ml/config/ui-state.ron")
        );
    }
}
