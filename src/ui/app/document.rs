//! The app's document handling: open, save, save as, new, recent files, and the
//! unsaved-changes prompt.

use std::path::{Path, PathBuf};

use super::{JobResult, MinerLensApp};
use crate::data::portfolio_file::{self, Opened};
use crate::model::portfolio::Portfolio;
use crate::ui::document::{
    DialogPurpose, Document, PendingAction, Resolution, looks_like_portfolio, suggested_file_name,
};

/// A file dialog that came back faster than this had no dialog to show (no desktop portal):
/// the app then asks for a path itself.
const NO_DIALOG_THRESHOLD: std::time::Duration = std::time::Duration::from_millis(150);

impl MinerLensApp {
    /// Runs `action` now, or asks Save / Discard / Cancel first when there are unsaved changes.
    pub fn request(&mut self, action: PendingAction, ctx: &egui::Context) {
        if self.doc.is_dirty() {
            self.pending = Some(action);
        } else {
            self.perform(action, ctx);
        }
    }

    pub fn resolve_pending(&mut self, resolution: Resolution, ctx: &egui::Context) {
        let Some(action) = self.pending.take() else {
            return;
        };
        match resolution {
            Resolution::Cancel => {}
            Resolution::Discard => self.perform(action, ctx),
            Resolution::Save => self.save(ctx, Some(action)),
        }
    }

    fn perform(&mut self, action: PendingAction, ctx: &egui::Context) {
        match action {
            PendingAction::New => {
                // A new portfolio keeps the symbols ticked; window, view and chart start over.
                let mut doc = Document::untitled();
                doc.portfolio.selected = Some(self.selected().into_iter().collect());
                self.set_document(doc);
                self.toast("New portfolio", false);
            }
            PendingAction::OpenDialog => self.pick_file(ctx, DialogPurpose::OpenPortfolio),
            PendingAction::Open(path) => self.open_file(ctx, path),
            PendingAction::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Reads and parses a portfolio in the background.
    pub fn open_file(&mut self, ctx: &egui::Context, path: PathBuf) {
        let label = format!(
            "Opening {}",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
        self.jobs.spawn(ctx, label, false, move |_| {
            let result = portfolio_file::open(&path).map_err(|e| e.to_string());
            JobResult::PortfolioOpened { path, result }
        });
    }

    /// Saves to the current file, or asks for one; `then` runs after a successful save.
    pub fn save(&mut self, ctx: &egui::Context, then: Option<PendingAction>) {
        match self.doc.path.clone() {
            Some(path) => self.save_to(ctx, path, then),
            None => {
                self.after_save = then;
                self.pick_file(ctx, DialogPurpose::SavePortfolioAs);
            }
        }
    }

    pub fn save_as(&mut self, ctx: &egui::Context) {
        self.after_save = None;
        self.pick_file(ctx, DialogPurpose::SavePortfolioAs);
    }

    fn save_to(&mut self, ctx: &egui::Context, path: PathBuf, then: Option<PendingAction>) {
        let portfolio = self.doc.portfolio.clone();
        let label = format!(
            "Saving {}",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
        self.jobs.spawn(ctx, label, false, move |_| {
            let result = portfolio_file::save(&path, &portfolio)
                .map(|_| ())
                .map_err(|e| e.to_string());
            JobResult::PortfolioSaved {
                path,
                portfolio: Box::new(portfolio),
                result,
                then,
            }
        });
    }

    /// An rfd dialog in a background thread (it blocks until the user answers).
    pub(super) fn pick_file(&mut self, ctx: &egui::Context, purpose: DialogPurpose) {
        let start_dir = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or_else(|| std::env::current_dir().ok());
        let file_name = suggested_file_name(&self.doc.portfolio);
        self.jobs.spawn(ctx, "File dialog", false, move |_| {
            let started = std::time::Instant::now();
            let filter = match purpose {
                DialogPurpose::OpenLedger => "MinerLens deal ledger",
                _ => "MinerLens portfolio",
            };
            let mut dialog = rfd::FileDialog::new().add_filter(filter, &["json"]);
            if let Some(dir) = start_dir {
                dialog = dialog.set_directory(dir);
            }
            let path = match purpose {
                DialogPurpose::OpenPortfolio | DialogPurpose::OpenLedger => dialog.pick_file(),
                DialogPurpose::SavePortfolioAs => dialog.set_file_name(&file_name).save_file(),
            };
            JobResult::FilePicked {
                purpose,
                path,
                no_dialog: started.elapsed() < NO_DIALOG_THRESHOLD,
            }
        });
    }

    pub(crate) fn handle_file_picked(
        &mut self,
        ctx: &egui::Context,
        purpose: DialogPurpose,
        path: Option<PathBuf>,
        no_dialog: bool,
    ) {
        match (path, no_dialog) {
            (Some(path), _) => self.use_picked_path(ctx, purpose, path),
            (None, true) => {
                // No system dialog: ask for the path in the window.
                let initial = match purpose {
                    DialogPurpose::OpenPortfolio => self
                        .doc
                        .path
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    DialogPurpose::SavePortfolioAs => std::env::current_dir()
                        .map(|d| d.join(suggested_file_name(&self.doc.portfolio)))
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    DialogPurpose::OpenLedger => self
                        .deals
                        .ledger_path
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                };
                self.path_prompt = Some((purpose, initial));
            }
            (None, false) => {}
        }
    }

    pub(super) fn use_picked_path(
        &mut self,
        ctx: &egui::Context,
        purpose: DialogPurpose,
        path: PathBuf,
    ) {
        match purpose {
            DialogPurpose::OpenPortfolio => self.open_file(ctx, path),
            DialogPurpose::SavePortfolioAs => {
                let then = self.after_save.take();
                self.save_to(ctx, path, then);
            }
            DialogPurpose::OpenLedger => self.load_ledger(ctx, path),
        }
    }

    /// Reads a deal ledger in the background; the current one stays until it is read.
    pub(crate) fn load_ledger(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.jobs
            .spawn(ctx, "Reading the deal ledger", false, move |_| {
                let result = crate::data::deals::load_ledger(&path).map_err(|e| e.to_string());
                JobResult::LedgerLoaded { path, result }
            });
    }

    pub(crate) fn handle_ledger(
        &mut self,
        path: PathBuf,
        result: Result<crate::model::deals::DealLedger, String>,
    ) {
        match result {
            Ok(ledger) => {
                self.toast(
                    format!(
                        "Deal ledger {}: {} deals as of {}",
                        path.display(),
                        ledger.deals.len(),
                        ledger.as_of
                    ),
                    false,
                );
                self.deals.ledger = Ok(ledger);
                self.deals.ledger_path = Some(path.clone());
                self.prefs.ledger = Some(path);
                self.dirty = true;
            }
            // Nothing half-loaded: the ledger in use stays.
            Err(e) => self.error_dialog = Some(e),
        }
    }

    pub(crate) fn handle_opened(&mut self, path: PathBuf, result: Result<Opened, String>) {
        match result {
            Ok(opened) => {
                for w in &opened.warnings {
                    self.toast(format!("{}: {w}", path.display()), false);
                }
                self.set_document(Document::opened(path.clone(), opened.portfolio));
                self.remember_recent(&path);
                self.prefs.last_portfolio = Some(path);
            }
            Err(e) => {
                // The previous document stays open and untouched.
                self.error_dialog = Some(e);
                if self.recent.files.contains(&path) && !path.exists() {
                    self.recent.remove(&path);
                    self.save_recent();
                }
            }
        }
    }

    pub(crate) fn handle_saved(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        saved: Portfolio,
        result: Result<(), String>,
        then: Option<PendingAction>,
    ) {
        match result {
            Ok(()) => {
                // Only what was written counts as saved; edits made meanwhile stay unsaved.
                let current = std::mem::replace(&mut self.doc.portfolio, saved);
                self.doc.mark_saved(Some(&path));
                self.doc.portfolio = current;
                self.toast(format!("Saved {}", path.display()), false);
                self.remember_recent(&path);
                self.prefs.last_portfolio = Some(path);
                if let Some(action) = then {
                    self.perform(action, ctx);
                }
            }
            Err(e) => self.error_dialog = Some(e),
        }
    }

    /// Replaces the document and shows what it describes.
    pub fn set_document(&mut self, doc: Document) {
        self.doc = doc;
        let p = &mut self.doc.portfolio;
        if p.selected.is_none() && !p.holdings.is_empty() {
            let mut sel = p.holding_symbols();
            sel.push(p.benchmark.clone());
            p.selected = Some(sel);
        }
        // Text half-typed into the previous document's editors goes with it.
        self.revenue.reset_editor();
        self.deals.reset_editor();
        self.holdings_editor.clear();
        self.legend_hidden.clear();
        self.invalidate();
        // What the app shows is now the baseline: opening alone is not a change.
        self.doc.mark_saved(None);
    }

    fn remember_recent(&mut self, path: &Path) {
        self.recent.push(path);
        self.save_recent();
    }

    fn save_recent(&mut self) {
        if let Some(Err(e)) = self
            .paths
            .as_ref()
            .map(|p| self.recent.save(&p.recent_files()))
        {
            log::warn!("could not save the recent files list: {e}");
        }
    }

    /// Closing the window with unsaved changes asks first.
    pub(crate) fn intercept_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.doc.is_dirty()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(PendingAction::Quit);
        }
    }

    /// Keeps the window title ("file.minerlens.json • — MinerLens") current.
    pub(crate) fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.doc.window_title();
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }

    /// A dropped portfolio file opens (after the unsaved-changes prompt); returns the dropped
    /// files that are not portfolios.
    pub(crate) fn take_dropped_portfolios(&mut self, ctx: &egui::Context) -> Vec<PathBuf> {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        let mut others = Vec::new();
        for path in dropped {
            if looks_like_portfolio(&path) {
                self.request(PendingAction::Open(path), ctx);
            } else {
                others.push(path);
            }
        }
        others
    }
}
