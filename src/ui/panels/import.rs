//! Price import in the window: File > Import prices… (the file dialog runs in a job), files
//! dropped on the window, the import itself in a background job with a progress bar, the
//! summary window (per file: format, symbol, rows, dates, rows dropped and why; errors in red),
//! renaming an imported symbol, and the start-up load of the demo universe plus the price store.

use std::path::PathBuf;

use super::super::app::{Command, JobResult, LoadedData, MinerLensApp};
use super::super::theme;
use crate::data::import::store::PriceStore;
use crate::data::import::{self, FileOutcome, ImportOptions, ImportRun, file_label};
use crate::data::{PriceFrame, SymbolSummary, sample};
use crate::model::{is_valid_symbol, normalize_symbol};

/// Import state kept by the app.
#[derive(Debug, Default)]
pub struct ImportState {
    /// The price store's directory; `None` keeps imports for this session only.
    pub store_dir: Option<PathBuf>,
    /// An import or rename job is running.
    pub busy: bool,
    /// The summary window of the last import, while it is open.
    pub summary: Option<ImportSummary>,
    /// The rename dialog, while it is open.
    pub rename: Option<RenameDialog>,
    /// Files chosen in the dialog, imported on the next frame.
    pending: Option<Vec<PathBuf>>,
}

/// One line of the summary window.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub file: String,
    pub format: String,
    pub symbol: String,
    pub rows: usize,
    pub dates: String,
    /// Rows dropped and why, then notes.
    pub remarks: Vec<String>,
    pub error: Option<String>,
}

/// What the summary window shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportSummary {
    pub rows: Vec<SummaryRow>,
    /// What happened to the price store.
    pub store: Vec<String>,
    /// Files that loaded, offered for a second import when others failed.
    pub loaded_paths: Vec<PathBuf>,
    pub failed: usize,
}

impl ImportSummary {
    fn from_run(run: &ImportRun, has_store: bool) -> Self {
        let mut rows = Vec::new();
        for outcome in &run.batch.files {
            match outcome {
                FileOutcome::Loaded(file) => {
                    for r in import::reports_of(file) {
                        rows.push(SummaryRow {
                            file: file_label(&r.path),
                            format: r.format,
                            symbol: r.symbol,
                            rows: r.rows,
                            dates: match (r.first_date, r.last_date) {
                                (Some(a), Some(b)) => format!("{a} – {b}"),
                                _ => String::new(),
                            },
                            remarks: r.dropped.into_iter().chain(r.notes).collect(),
                            error: None,
                        });
                    }
                }
                FileOutcome::Failed { path, error } => rows.push(SummaryRow {
                    file: file_label(path),
                    format: String::new(),
                    symbol: String::new(),
                    rows: 0,
                    dates: String::new(),
                    remarks: Vec::new(),
                    error: Some(error.to_string()),
                }),
            }
        }
        let failed = run.batch.failures().count();
        let mut store = Vec::new();
        if rows.is_empty() {
            store.push("No files to import (the folders were empty)".to_owned());
        } else if let Some(e) = &run.store_error {
            store.push(format!("Nothing was saved: {e}"));
        } else if failed > 0 {
            store.push(format!(
                "Nothing was imported: {} could not be read. Fix or leave out {}, or import only the files that loaded.",
                if failed == 1 { "1 file".to_owned() } else { format!("{failed} files") },
                if failed == 1 { "it" } else { "them" }
            ));
        } else if let Some(update) = &run.update {
            if has_store {
                store.push("Saved to the price store:".into());
            } else {
                store.push("Loaded for this session (no price store):".into());
            }
            store.extend(update.symbols.iter().map(|s| s.stats.describe()));
        }
        Self {
            rows,
            store,
            loaded_paths: if failed > 0 {
                run.batch.loaded_paths()
            } else {
                Vec::new()
            },
            failed,
        }
    }
}

/// The rename dialog's state.
#[derive(Clone, Debug, PartialEq)]
pub struct RenameDialog {
    pub from: String,
    pub text: String,
}

/// Results of the import jobs (carried by [`JobResult::Import`]).
pub enum ImportMsg {
    /// The file dialog closed (`None`: cancelled).
    Picked(Option<Vec<PathBuf>>),
    /// An import ended.
    Finished(Box<Finished>),
    /// The start-up load: the data and problems with the store.
    Startup(Result<(LoadedData, Vec<String>), String>),
    /// A rename ended: the new data, `from`, `to`.
    Renamed(Result<(LoadedData, String, String), String>),
}

/// What an import job hands back.
pub struct Finished {
    pub summary: ImportSummary,
    /// The data with the imported symbols, when the import went through.
    pub data: Option<LoadedData>,
    pub new_symbols: Vec<String>,
}

/// What the import panels ask the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportCommand {
    OpenDialog,
    Files(Vec<PathBuf>),
    CloseSummary,
    StartRename(String),
    Rename { from: String, to: String },
    CancelRename,
}

fn cmd(c: ImportCommand) -> Command {
    Command::Import(c)
}

pub(crate) fn loaded(prices: PriceFrame) -> Result<LoadedData, String> {
    let summaries = prices.summaries().map_err(|e| e.to_string())?;
    LoadedData::new(prices, sample::source_label(&summaries))
}

/// The start-up data: the demo universe, with every stored symbol replacing the demo symbol of
/// the same name. Runs in the start-up job.
pub fn startup_data(store_dir: Option<PathBuf>) -> JobResult {
    let store = store_dir.map(PriceStore::new);
    let result = sample::demo_with_store(store.as_ref())
        .map_err(|e| e.to_string())
        .and_then(|(prices, errors)| {
            let problems = errors.iter().map(|e| format!("Price store: {e}")).collect();
            Ok((loaded(prices)?, problems))
        });
    JobResult::Import(ImportMsg::Startup(result))
}

fn start_import(app: &mut MinerLensApp, paths: Vec<PathBuf>, ctx: &egui::Context) {
    if app.import.busy {
        app.toast("An import is already running", true);
        return;
    }
    let Some(current) = app.data.as_ref().map(|d| d.prices.clone()) else {
        app.toast("Wait until the prices have loaded, then import again", true);
        return;
    };
    app.import.busy = true;
    let store_dir = app.import.store_dir.clone();
    app.jobs.spawn(ctx, "Importing prices", false, move |h| {
        let store = store_dir.map(PriceStore::new);
        let run = import::run_import(&paths, &ImportOptions::default(), store.as_ref(), &|f| {
            h.set_progress(f);
        });
        let summary = ImportSummary::from_run(&run, store.is_some());
        let (data, new_symbols) = match (&run.update, &run.store_error) {
            (Some(update), None) => {
                let new_symbols: Vec<String> = update
                    .symbols
                    .iter()
                    .map(|s| s.stats.symbol.clone())
                    .collect();
                let data = update
                    .frame()
                    .map_err(|e| e.to_string())
                    .and_then(|f| current.replace_symbols(f).map_err(|e| e.to_string()))
                    .and_then(loaded);
                match data {
                    Ok(d) => (Some(d), new_symbols),
                    Err(_) => (None, Vec::new()),
                }
            }
            _ => (None, Vec::new()),
        };
        JobResult::Import(ImportMsg::Finished(Box::new(Finished {
            summary,
            data,
            new_symbols,
        })))
    });
}

/// Applies an import command (called from the app's `apply`).
pub fn apply(app: &mut MinerLensApp, command: ImportCommand, ctx: &egui::Context) {
    match command {
        ImportCommand::OpenDialog => {
            app.jobs.spawn(ctx, "Choosing files", false, |_| {
                let picked = rfd::FileDialog::new()
                    .set_title("Import prices")
                    .add_filter("Price files", &["csv", "txt", "tsv", "json", "parquet"])
                    .add_filter("All files", &["*"])
                    .pick_files();
                JobResult::Import(ImportMsg::Picked(picked))
            });
        }
        ImportCommand::Files(paths) => start_import(app, paths, ctx),
        ImportCommand::CloseSummary => app.import.summary = None,
        ImportCommand::StartRename(from) => {
            app.import.rename = Some(RenameDialog {
                text: from.clone(),
                from,
            });
        }
        ImportCommand::CancelRename => app.import.rename = None,
        ImportCommand::Rename { from, to } => {
            app.import.rename = None;
            let Some(current) = app.data.as_ref().map(|d| d.prices.clone()) else {
                return;
            };
            app.import.busy = true;
            let store_dir = app.import.store_dir.clone();
            app.jobs.spawn(ctx, "Renaming", false, move |_| {
                let result = (|| {
                    if let Some(store) = store_dir.map(PriceStore::new)
                        && store.contains(&from)
                    {
                        store.rename(&from, &to).map_err(|e| e.to_string())?;
                    }
                    let frame = current
                        .select_symbols(std::slice::from_ref(&from))
                        .map_err(|e| e.to_string())?;
                    let renamed = import::store::MergedRows::from_frame(&frame)
                        .and_then(|m| m.into_frame(&to))
                        .map_err(|e| e.to_string())?;
                    let without: Vec<String> = current
                        .symbols()
                        .into_iter()
                        .filter(|s| *s != from)
                        .collect();
                    let base = current
                        .select_symbols(&without)
                        .map_err(|e| e.to_string())?;
                    let prices = PriceFrame::concat([base, renamed]).map_err(|e| e.to_string())?;
                    Ok((loaded(prices)?, from, to))
                })();
                JobResult::Import(ImportMsg::Renamed(result))
            });
        }
    }
}

/// Handles an import job's result (called from the app's job polling).
pub fn on_result(app: &mut MinerLensApp, msg: ImportMsg) {
    match msg {
        ImportMsg::Picked(Some(paths)) if !paths.is_empty() => app.import.pending = Some(paths),
        ImportMsg::Picked(_) => {}
        ImportMsg::Startup(Ok((data, problems))) => {
            app.set_data(data);
            for p in problems {
                app.toast(p, true);
            }
        }
        ImportMsg::Startup(Err(e)) => {
            app.load_error = Some(format!("Could not load the prices: {e}"));
        }
        ImportMsg::Finished(done) => {
            app.import.busy = false;
            let Finished {
                summary,
                data,
                new_symbols,
            } = *done;
            if let Some(data) = data {
                let mut selected = app.selected();
                selected.extend(new_symbols);
                app.prefs.selected = Some(selected.into_iter().collect());
                app.set_data(data);
            }
            app.import.summary = Some(summary);
        }
        ImportMsg::Renamed(Ok((data, from, to))) => {
            app.import.busy = false;
            let mut selected = app.selected();
            if selected.remove(&from) {
                selected.insert(to.clone());
            }
            app.prefs.selected = Some(selected.into_iter().collect());
            if app.prefs.benchmark == from {
                app.prefs.benchmark.clone_from(&to);
            }
            app.set_data(data);
            app.toast(format!("Renamed {from} to {to}"), false);
        }
        ImportMsg::Renamed(Err(e)) => {
            app.import.busy = false;
            app.toast(format!("Could not rename: {e}"), true);
        }
    }
}

/// The "Rename…" entry of a symbol's context menu in the symbol list.
pub fn symbol_menu_ui(
    ui: &mut egui::Ui,
    app: &MinerLensApp,
    summary: &SymbolSummary,
) -> Vec<Command> {
    let mut out = Vec::new();
    let imported = sample::is_imported(summary);
    let button = ui
        .add_enabled(imported && !app.import.busy, egui::Button::new("Rename…"))
        .on_disabled_hover_text("Only imported symbols can be renamed");
    if button.clicked() {
        out.push(cmd(ImportCommand::StartRename(summary.symbol.clone())));
        ui.close();
    }
    out
}

/// Why `text` cannot be the new name of `from`, or the normalized name.
pub fn validate_rename(app: &MinerLensApp, from: &str, text: &str) -> Result<String, String> {
    let to = normalize_symbol(text);
    if to.is_empty() {
        return Err("Type the new symbol".into());
    }
    if !is_valid_symbol(&to) {
        return Err("A symbol is 1 to 20 characters: A-Z, 0-9 and . - = ^ _".into());
    }
    if to == from {
        return Err("That is its current name".into());
    }
    if app
        .data
        .as_ref()
        .is_some_and(|d| d.symbols().any(|s| s == to))
    {
        return Err(format!("{to} is already loaded"));
    }
    Ok(to)
}

/// Dropped files, the drop overlay, the summary window and the rename dialog.
pub fn import_ui(ctx: &egui::Context, app: &mut MinerLensApp) -> Vec<Command> {
    let mut out = Vec::new();
    if let Some(paths) = app.import.pending.take() {
        out.push(cmd(ImportCommand::Files(paths)));
    }
    // Dropped files arrive through `MinerLensApp::take_dropped_portfolios`: portfolio files
    // open, the others are imported (see app.rs).
    if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
        drop_overlay(ctx);
    }
    if let Some(summary) = &app.import.summary {
        out.extend(summary_window_ui(ctx, summary));
    }
    if let Some(dialog) = app.import.rename.clone() {
        out.extend(rename_window_ui(ctx, app, dialog));
    }
    out
}

fn drop_overlay(ctx: &egui::Context) {
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("import_drop_overlay"),
    ));
    let rect = ctx.content_rect();
    let visuals = ctx.global_style().visuals.clone();
    painter.rect_filled(rect, 0.0, visuals.extreme_bg_color.gamma_multiply(0.85));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop price files to import them",
        egui::FontId::proportional(22.0),
        visuals.strong_text_color(),
    );
}

fn summary_window_ui(ctx: &egui::Context, summary: &ImportSummary) -> Vec<Command> {
    let mut out = Vec::new();
    let mut open = true;
    egui::Window::new("Import summary")
        .open(&mut open)
        .default_width(900.0)
        .collapsible(false)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(480.0)
                .show(ui, |ui| {
                    egui::Grid::new("import_summary_grid")
                        .num_columns(6)
                        .striped(true)
                        .spacing([12.0, 4.0])
                        .show(ui, |ui| {
                            for h in [
                                "File",
                                "Format",
                                "Symbol",
                                "Rows",
                                "Dates",
                                "Dropped and notes",
                            ] {
                                ui.strong(h);
                            }
                            ui.end_row();
                            for row in &summary.rows {
                                ui.label(&row.file);
                                if let Some(err) = &row.error {
                                    ui.colored_label(theme::error(ui.ctx()), "Not imported");
                                    for _ in 0..3 {
                                        ui.label("");
                                    }
                                    ui.colored_label(theme::error(ui.ctx()), err);
                                } else {
                                    ui.label(&row.format);
                                    ui.label(&row.symbol);
                                    ui.label(row.rows.to_string());
                                    ui.label(&row.dates);
                                    ui.vertical(|ui| {
                                        if row.remarks.is_empty() {
                                            ui.label(
                                                egui::RichText::new("–")
                                                    .color(theme::muted(ui.ctx())),
                                            );
                                        }
                                        for r in &row.remarks {
                                            ui.label(
                                                egui::RichText::new(r)
                                                    .color(theme::muted(ui.ctx())),
                                            );
                                        }
                                    });
                                }
                                ui.end_row();
                            }
                        });
                });
            ui.separator();
            for (i, line) in summary.store.iter().enumerate() {
                if summary.failed > 0 && i == 0 {
                    ui.colored_label(theme::error(ui.ctx()), line);
                } else {
                    ui.label(line);
                }
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if !summary.loaded_paths.is_empty() {
                    let n = summary.loaded_paths.len();
                    let label = if n == 1 {
                        "Import the file that loaded".to_owned()
                    } else {
                        format!("Import the {n} files that loaded")
                    };
                    if ui.button(label).clicked() {
                        out.push(cmd(ImportCommand::Files(summary.loaded_paths.clone())));
                    }
                }
                if ui.button("Close").clicked() {
                    out.push(cmd(ImportCommand::CloseSummary));
                }
            });
        });
    if !open {
        out.push(cmd(ImportCommand::CloseSummary));
    }
    out
}

fn rename_window_ui(
    ctx: &egui::Context,
    app: &mut MinerLensApp,
    dialog: RenameDialog,
) -> Vec<Command> {
    let mut out = Vec::new();
    let mut text = dialog.text.clone();
    let mut open = true;
    egui::Window::new("Rename symbol")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            let label = ui.label(format!("New symbol for {}", dialog.from));
            let edit = ui.add(egui::TextEdit::singleline(&mut text).desired_width(200.0));
            let edit = edit.labelled_by(label.id);
            let valid = validate_rename(app, &dialog.from, &text);
            if let Err(why) = &valid {
                ui.colored_label(theme::error(ui.ctx()), why);
            }
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                let rename = ui.add_enabled(valid.is_ok(), egui::Button::new("Rename"));
                if let (Ok(to), true) = (&valid, rename.clicked() || enter) {
                    out.push(cmd(ImportCommand::Rename {
                        from: dialog.from.clone(),
                        to: to.clone(),
                    }));
                }
                if ui.button("Cancel").clicked() {
                    out.push(cmd(ImportCommand::CancelRename));
                }
            });
        });
    if let Some(d) = app.import.rename.as_mut() {
        d.text = text;
    }
    if !open {
        out.push(cmd(ImportCommand::CancelRename));
    }
    out
}
