//! The open portfolio document: its file, its content, and whether it has unsaved changes.
//! Opening, saving and file dialogs run as background jobs; changes that would discard unsaved
//! work ask Save / Discard / Cancel first.

use std::path::{Path, PathBuf};

use crate::model::portfolio::Portfolio;

/// Name of a new, never-saved document.
pub const UNTITLED: &str = "Untitled portfolio";

#[derive(Clone, Debug)]
pub struct Document {
    /// Where it was opened from or last saved to; `None` until the first save.
    pub path: Option<PathBuf>,
    pub portfolio: Portfolio,
    /// The content as last opened or saved, to tell unsaved changes.
    saved: Portfolio,
}

impl Default for Document {
    fn default() -> Self {
        Self::untitled()
    }
}

impl Document {
    pub fn untitled() -> Self {
        let p = Portfolio::new(UNTITLED);
        Self {
            path: None,
            portfolio: p.clone(),
            saved: p,
        }
    }

    /// An untitled document whose portfolio `init` prepares (the last run's view state).
    pub fn untitled_with(init: impl FnOnce(&mut Portfolio)) -> Self {
        let mut p = Portfolio::new(UNTITLED);
        init(&mut p);
        Self {
            path: None,
            portfolio: p.clone(),
            saved: p,
        }
    }

    pub fn opened(path: PathBuf, portfolio: Portfolio) -> Self {
        Self {
            path: Some(path),
            saved: portfolio.clone(),
            portfolio,
        }
    }

    /// Changes that would be lost without a save. A file keeps its view state (window, view,
    /// chart options, selection), so changing it makes the file unsaved, as Ctrl+S would write
    /// it. An untitled document only counts its content (name, benchmark, holdings, groups,
    /// revenue overrides): its view state lives on in the preferences.
    pub fn is_dirty(&self) -> bool {
        if self.path.is_some() {
            return self.portfolio != self.saved;
        }
        let content = |p: &Portfolio| {
            let mut c = p.clone();
            let blank = Portfolio::new("");
            c.window = blank.window;
            c.view = blank.view;
            c.chart = blank.chart;
            c.selected = None;
            c
        };
        content(&self.portfolio) != content(&Portfolio::new(UNTITLED))
    }

    /// Makes the current content the saved baseline (after a save, or after normalising a
    /// freshly opened file).
    pub fn mark_saved(&mut self, path: Option<&Path>) {
        if let Some(p) = path {
            self.path = Some(p.to_path_buf());
        }
        self.saved = self.portfolio.clone();
    }

    /// `portfolio.minerlens.json`, or the untitled name.
    pub fn file_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| UNTITLED.to_owned())
    }

    /// The window title: file name, a `•` for unsaved changes, then the app's name.
    pub fn window_title(&self) -> String {
        let marker = if self.is_dirty() { " •" } else { "" };
        format!("{}{marker} — MinerLens", self.file_name())
    }
}

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PendingAction {
    New,
    /// Show the open dialog.
    OpenDialog,
    Open(PathBuf),
    Quit,
}

/// What a file dialog was for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogPurpose {
    OpenPortfolio,
    SavePortfolioAs,
    /// A deal ledger to use instead of the bundled one.
    OpenLedger,
}

/// Default name for a first save: the portfolio's name as a file name.
pub fn suggested_file_name(p: &Portfolio) -> String {
    let stem: String = p
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-');
    let stem = if stem.is_empty() { "portfolio" } else { stem };
    format!("{stem}.minerlens.json")
}

/// How the user answered the unsaved-changes prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Save,
    Discard,
    Cancel,
}

/// A `.json` file whose first kilobytes name the MinerLens portfolio format.
pub fn looks_like_portfolio(path: &Path) -> bool {
    use std::io::Read;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !is_json {
        return false;
    }
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    String::from_utf8_lossy(&head[..n]).contains(crate::model::portfolio::PORTFOLIO_FORMAT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dirty_tracking_and_titles() {
        let mut d = Document::untitled();
        assert!(!d.is_dirty());
        d.portfolio.view = crate::model::options::View::Divergence;
        assert!(
            !d.is_dirty(),
            "view changes alone do not make an empty untitled doc dirty"
        );
        d.portfolio.name = "Mine".into();
        assert!(d.is_dirty());
        assert_eq!(d.window_title(), "Untitled portfolio • — MinerLens");
        d.mark_saved(Some(Path::new("/tmp/mine.minerlens.json")));
        assert!(!d.is_dirty());
        assert_eq!(d.window_title(), "mine.minerlens.json — MinerLens");
        d.portfolio.view = crate::model::options::View::Drawdown;
        assert!(
            d.is_dirty(),
            "a file's view state is saved with it: changing it is unsaved work"
        );
        d.mark_saved(None);
        d.portfolio.benchmark = "MARA".into();
        assert!(d.is_dirty());
        assert_eq!(suggested_file_name(&d.portfolio), "mine.minerlens.json");
        assert_eq!(
            suggested_file_name(&Portfolio::new("AI pivot watchlist")),
            "ai-pivot-watchlist.minerlens.json"
        );
    }
}
