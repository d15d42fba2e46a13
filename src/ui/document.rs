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

    pub fn opened(path: PathBuf, portfolio: Portfolio) -> Self {
        Self {
            path: Some(path),
            saved: portfolio.clone(),
            portfolio,
        }
    }

    /// Unsaved changes to the content: name, benchmark, holdings, groups and revenue overrides.
    /// The view state (window, view, chart options, selection) is saved with the document but
    /// changing it does not count as unsaved work, so clicking through tabs never prompts.
    pub fn is_dirty(&self) -> bool {
        let content = |p: &Portfolio| {
            let mut c = p.clone();
            let blank = Portfolio::new("");
            c.window = blank.window;
            c.view = blank.view;
            c.chart = blank.chart;
            c.selected = None;
            c
        };
        if self.path.is_none() {
            return content(&self.portfolio) != content(&Portfolio::new(UNTITLED));
        }
        content(&self.portfolio) != content(&self.saved)
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
            !d.is_dirty(),
            "view state is saved, but is not unsaved work"
        );
        d.portfolio.benchmark = "MARA".into();
        assert!(d.is_dirty());
        assert_eq!(suggested_file_name(&d.portfolio), "mine.minerlens.json");
        assert_eq!(
            suggested_file_name(&Portfolio::new("AI pivot watchlist")),
            "ai-pivot-watchlist.minerlens.json"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The app's document handling: open, save, save as, new, recent files, and the unsaved-changes
// prompt. Kept here so app.rs only dispatches.

use super::app::{Command, JobResult, MinerLensApp};
use crate::data::portfolio_file::{self, Opened};

/// How the user answered the unsaved-changes prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Save,
    Discard,
    Cancel,
}

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
                self.set_document(Document::untitled());
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
    fn pick_file(&mut self, ctx: &egui::Context, purpose: DialogPurpose) {
        let start_dir = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or_else(|| std::env::current_dir().ok());
        let file_name = suggested_file_name(&self.doc.portfolio);
        self.jobs.spawn(ctx, "File dialog", false, move |_| {
            let started = std::time::Instant::now();
            let mut dialog = rfd::FileDialog::new().add_filter("MinerLens portfolio", &["json"]);
            if let Some(dir) = start_dir {
                dialog = dialog.set_directory(dir);
            }
            let path = match purpose {
                DialogPurpose::OpenPortfolio => dialog.pick_file(),
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
                };
                self.path_prompt = Some((purpose, initial));
            }
            (None, false) => {}
        }
    }

    fn use_picked_path(&mut self, ctx: &egui::Context, purpose: DialogPurpose, path: PathBuf) {
        match purpose {
            DialogPurpose::OpenPortfolio => self.open_file(ctx, path),
            DialogPurpose::SavePortfolioAs => {
                let then = self.after_save.take();
                self.save_to(ctx, path, then);
            }
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
        let p = &self.doc.portfolio;
        self.prefs.window = p.window;
        self.prefs.view = p.view;
        self.prefs.chart = p.chart.clone();
        if self
            .data
            .as_ref()
            .is_none_or(|d| d.symbols().any(|s| s == p.benchmark))
        {
            self.prefs.benchmark = p.benchmark.clone();
        }
        if let Some(sel) = &p.selected {
            self.prefs.selected = Some(sel.clone());
        } else if !p.holdings.is_empty() {
            let mut sel = p.holding_symbols();
            sel.push(p.benchmark.clone());
            self.prefs.selected = Some(sel);
        }
        self.revenue.set_overrides(p.revenue_overrides.clone());
        self.legend_hidden.clear();
        self.invalidate();
        // What the app shows is now the baseline: opening alone is not a change.
        self.sync_document_from_view();
        self.doc.mark_saved(None);
    }

    /// Copies the view state (window, view, chart options, selection, benchmark) into the
    /// document, so it is saved with it.
    pub fn sync_document_from_view(&mut self) {
        let selected: Vec<String> = self
            .prefs
            .selected
            .clone()
            .unwrap_or_else(|| self.selected().into_iter().collect());
        let p = &mut self.doc.portfolio;
        p.window = self.prefs.window;
        p.view = self.prefs.view;
        p.chart = self.prefs.chart.clone();
        p.benchmark = self.prefs.benchmark.clone();
        p.selected = Some(selected);
        // Edits in the assumptions editor belong to the document (and make it unsaved).
        p.revenue_overrides = self.revenue.overrides.clone();
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

    /// The Save / Discard / Cancel prompt, the path prompt and the error dialog.
    pub(crate) fn document_dialogs_ui(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut out = Vec::new();
        if let Some(action) = &self.pending {
            let what = match action {
                PendingAction::Quit => "before closing",
                PendingAction::New => "before starting a new portfolio",
                PendingAction::OpenDialog | PendingAction::Open(_) => "before opening another file",
            };
            let name = self.doc.file_name();
            let modal = egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ctx, |ui| {
                ui.heading("Unsaved changes");
                ui.label(format!("Save the changes to {name} {what}?"));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        out.push(Command::ResolvePending(Resolution::Save));
                    }
                    if ui.button("Discard").clicked() {
                        out.push(Command::ResolvePending(Resolution::Discard));
                    }
                    if ui.button("Cancel").clicked() {
                        out.push(Command::ResolvePending(Resolution::Cancel));
                    }
                });
            });
            if modal.should_close() && out.is_empty() {
                out.push(Command::ResolvePending(Resolution::Cancel));
            }
        }
        if let Some((purpose, text)) = &mut self.path_prompt {
            let title = match purpose {
                DialogPurpose::OpenPortfolio => "Open portfolio",
                DialogPurpose::SavePortfolioAs => "Save portfolio as",
            };
            let mut done: Option<Option<PathBuf>> = None;
            egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
                ui.heading(title);
                ui.label("No system file dialog is available. Type the file's path:");
                let label = ui.label("Path");
                let r = ui
                    .add(egui::TextEdit::singleline(text).desired_width(420.0))
                    .labelled_by(label.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.button("OK").clicked() || enter {
                        done = Some(Some(PathBuf::from(text.trim())));
                    }
                    if ui.button("Cancel").clicked() {
                        done = Some(None);
                    }
                });
            });
            match done {
                Some(Some(path)) if !path.as_os_str().is_empty() => {
                    let purpose = purpose.clone();
                    self.path_prompt = None;
                    self.use_picked_path(ctx, purpose, path);
                }
                Some(_) => self.path_prompt = None,
                None => {}
            }
        }
        if let Some(message) = self.error_dialog.clone() {
            egui::Modal::new(egui::Id::unique("error_dialog")).show(ctx, |ui| {
                ui.heading("Could not do that");
                ui.label(&message);
                ui.label("Your document is unchanged.");
                if ui.button("OK").clicked() {
                    self.error_dialog = None;
                }
            });
        }
        out
    }
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
