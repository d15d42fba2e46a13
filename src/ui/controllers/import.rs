//! Price import in the window: the state the app keeps, the import and rename jobs, their
//! results, and the start-up load of the demo universe plus the price store. The panel
//! (`panels::import`) draws the summary and rename windows and returns commands.

use std::path::PathBuf;

use crate::data::PriceFrame;
use crate::data::import::store::PriceStore;
use crate::data::import::{self, FileOutcome, ImportOptions, ImportRun, file_label};
use crate::data::sample::{self, DemoChoice};
use crate::model::{is_valid_symbol, normalize_symbol};
use crate::ui::app::{JobResult, LoadedData, MinerLensApp};

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
    /// The store's last change when it can be undone ("import of MARA.csv").
    pub undo: Option<String>,
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
    /// Whether the store's last change can be undone, and what it was.
    UndoAvailable(Option<String>),
    /// An undo ended: the reloaded data and what was undone.
    Undone(Result<(LoadedData, String), String>),
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
    Rename {
        from: String,
        to: String,
    },
    CancelRename,
    /// Undo the store's last import or fetch.
    Undo,
}

/// The start-up data: the price store, over the demo universe when `demo` includes it (a
/// stored symbol replaces the demo symbol of the same name). Runs in the start-up job, and again
/// after an undo or a change of the demo choice.
pub fn startup_data(store_dir: Option<PathBuf>, demo: DemoChoice) -> JobResult {
    JobResult::Import(ImportMsg::Startup(load_data(store_dir.as_deref(), demo)))
}

fn load_data(
    store_dir: Option<&std::path::Path>,
    demo: DemoChoice,
) -> Result<(LoadedData, Vec<String>), String> {
    let store = store_dir.map(PriceStore::new);
    let (prices, errors) =
        sample::demo_with_store(store.as_ref(), demo).map_err(|e| e.to_string())?;
    let problems = errors.iter().map(|e| format!("Price store: {e}")).collect();
    Ok((LoadedData::from_prices(prices)?, problems))
}

/// What the last change of the store was, when it can be undone (read in a job).
fn undo_label(store_dir: Option<&std::path::Path>) -> Option<String> {
    store_dir
        .map(PriceStore::new)?
        .last_change()
        .map(|m| m.what)
}

/// Loads the data again (after the demo choice changed).
pub fn reload(app: &mut MinerLensApp, ctx: &egui::Context) {
    let dir = app.import.store_dir.clone();
    let demo = app.prefs.demo;
    app.jobs.spawn(ctx, "Loading prices", false, move |_| {
        startup_data(dir, demo)
    });
}

/// Checks in the background whether the store has a change to undo.
pub fn check_undo(app: &mut MinerLensApp, ctx: &egui::Context) {
    let dir = app.import.store_dir.clone();
    app.jobs
        .spawn(ctx, "Checking the price store", false, move |_| {
            JobResult::Import(ImportMsg::UndoAvailable(undo_label(dir.as_deref())))
        });
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
        let mut summary = ImportSummary::from_run(&run, store.is_some());
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
                    .and_then(LoadedData::from_prices);
                match data {
                    Ok(d) => (Some(d), new_symbols),
                    Err(e) => {
                        // Saved but not shown: say so, and keep the old prices on screen.
                        summary.store.push(format!(
                            "The window could not reload the prices and still shows the \
                             previous ones: {e}"
                        ));
                        (None, Vec::new())
                    }
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
        ImportCommand::Undo => {
            if app.import.busy {
                return;
            }
            app.import.busy = true;
            let dir = app.import.store_dir.clone();
            let demo = app.prefs.demo;
            app.jobs
                .spawn(ctx, "Undoing the last import", false, move |_| {
                    let result = (|| {
                        let store = dir
                            .as_ref()
                            .map(PriceStore::new)
                            .ok_or_else(|| "there is no price store".to_owned())?;
                        let undone = store.undo_last().map_err(|e| e.to_string())?;
                        let (data, _) = load_data(dir.as_deref(), demo)?;
                        Ok((data, undone.what))
                    })();
                    JobResult::Import(ImportMsg::Undone(result))
                });
        }
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
                    Ok((LoadedData::from_prices(prices)?, from, to))
                })();
                JobResult::Import(ImportMsg::Renamed(result))
            });
        }
    }
}

/// Handles an import job's result (called from the app's job polling).
pub fn on_result(app: &mut MinerLensApp, msg: ImportMsg, ctx: &egui::Context) {
    match msg {
        ImportMsg::Picked(Some(paths)) if !paths.is_empty() => start_import(app, paths, ctx),
        ImportMsg::Picked(_) => {}
        ImportMsg::Startup(Ok((data, problems))) => {
            app.set_data(data);
            for p in problems {
                app.toast(p, true);
            }
            check_undo(app, ctx);
        }
        ImportMsg::UndoAvailable(what) => app.import.undo = what,
        ImportMsg::Undone(Ok((data, what))) => {
            app.import.busy = false;
            app.import.undo = None;
            app.set_data(data);
            app.toast(format!("Undid the {what}"), false);
        }
        ImportMsg::Undone(Err(e)) => {
            app.import.busy = false;
            app.toast(format!("Could not undo: {e}"), true);
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
                app.doc.portfolio.selected = Some(selected.into_iter().collect());
                app.set_data(data);
            }
            app.import.summary = Some(summary);
            check_undo(app, ctx);
        }
        ImportMsg::Renamed(Ok((data, from, to))) => {
            app.import.busy = false;
            let mut selected = app.selected();
            if selected.remove(&from) {
                selected.insert(to.clone());
            }
            app.doc.portfolio.selected = Some(selected.into_iter().collect());
            if app.doc.portfolio.benchmark == from {
                app.doc.portfolio.benchmark.clone_from(&to);
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
