//! What panels ask the app to do ([`Command`]), what background jobs hand back
//! ([`JobResult`]), and how the app applies both.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use super::{LoadedData, MinerLensApp, RightTab};
use crate::data::portfolio_file::Opened;
use crate::model::options::{ChartOptions, View};
use crate::model::portfolio::{Portfolio, WindowSetting};
use crate::ui::controllers;
use crate::ui::document::{DialogPurpose, PendingAction, Resolution};
use crate::ui::jobs::JobFailed;
use crate::ui::prefs::ThemeChoice;

/// Results of background jobs.
pub enum JobResult {
    DataLoaded(Result<LoadedData, String>),
    PortfolioOpened {
        path: PathBuf,
        result: Result<Opened, String>,
    },
    PortfolioSaved {
        path: PathBuf,
        portfolio: Box<Portfolio>,
        result: Result<(), String>,
        then: Option<PendingAction>,
    },
    FilePicked {
        purpose: DialogPurpose,
        path: Option<PathBuf>,
        /// The dialog returned at once: there is no system dialog to show.
        no_dialog: bool,
    },
    Export(controllers::export::ExportResult),
    /// Price import, rename and the start-up load (src/ui/panels/import.rs).
    Import(controllers::import::ImportMsg),
    /// A price refresh ended (src/ui/panels/refresh.rs).
    Refresh(Box<controllers::refresh::RefreshFinished>),
    /// A small settings file was written (`Err` names the file and the reason).
    SettingsSaved(Result<(), String>),
    /// A deal ledger file was read (`Err` names the file, the entry and the field).
    LedgerLoaded {
        path: PathBuf,
        result: Result<crate::model::deals::DealLedger, String>,
    },
    Failed(JobFailed),
}

impl From<JobFailed> for JobResult {
    fn from(f: JobFailed) -> Self {
        JobResult::Failed(f)
    }
}

/// What panels ask the app to do; applied after the frame's panels are drawn.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    SetSelected(String, bool),
    SelectAll,
    SelectNone,
    SetWindow(WindowSetting),
    SetView(View),
    SetBenchmark(String),
    SetChartOptions(ChartOptions),
    SetTheme(ThemeChoice),
    ToggleTable,
    /// A legend click: the series is now hidden (`true`) or shown.
    LegendToggle(String, bool),
    ShowMethodology,
    ShowAbout,
    ShowShortcuts,
    Export(controllers::export::ExportCommand),
    Quit,
    NewPortfolio,
    OpenPortfolio,
    OpenPortfolioFile(PathBuf),
    SavePortfolio,
    SavePortfolioAs,
    /// The holdings panel changed the document.
    EditPortfolio(Box<Portfolio>),
    ResolvePending(Resolution),
    /// The typed path of the path prompt (`None`: cancelled).
    PathPromptAnswered(Option<PathBuf>),
    /// The error dialog was closed.
    DismissError,
    /// View > Demo universe: load the synthetic demo universe beside the store, or not.
    SetDemo(bool),
    /// How many days the benchmark's last close is carried forward.
    SetMaxCarryDays(i32),
    SetRightTab(RightTab),
    /// Sort the symbol list (0 symbol, 1 last price, 2 day change, 3 window return).
    SortSymbols(crate::ui::panels::sorted_table::SortState),
    /// Price import and rename (src/ui/panels/import.rs).
    Import(controllers::import::ImportCommand),
    /// Refresh prices and the data sources window (src/ui/panels/refresh.rs).
    Refresh(controllers::refresh::RefreshCommand),
    /// The factor symbols of the Exposure view (empty: the default basket).
    SetExposureFactors(Vec<String>),
    /// Show the deal ledger window.
    ShowDeals,
    /// Pick a deal ledger file to use instead of the bundled one.
    OpenLedger,
    /// Go back to the bundled ledger.
    UseBundledLedger,
}

impl MinerLensApp {
    pub fn apply(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::SetSelected(symbol, on) => {
                let mut set = self.selected();
                if on {
                    set.insert(symbol.clone());
                } else {
                    set.remove(&symbol);
                }
                self.legend_hidden.remove(&symbol);
                self.set_selected_list(set);
            }
            Command::LegendToggle(id, hidden) => {
                let is_symbol = self
                    .data
                    .as_ref()
                    .is_some_and(|d| d.symbols().any(|s| s == id));
                if is_symbol {
                    let mut set = self.selected();
                    if hidden {
                        set.remove(&id);
                        self.legend_hidden.insert(id);
                    } else {
                        set.insert(id.clone());
                        self.legend_hidden.remove(&id);
                    }
                    self.set_selected_list(set);
                } else if hidden {
                    self.legend_hidden.insert(id);
                } else {
                    self.legend_hidden.remove(&id);
                }
            }
            Command::SelectAll => {
                if let Some(d) = &self.data {
                    let all = d.symbols().map(str::to_owned).collect();
                    self.legend_hidden.clear();
                    self.set_selected_list(all);
                }
            }
            Command::SelectNone => {
                self.legend_hidden.clear();
                self.set_selected_list(BTreeSet::new());
            }
            Command::SetWindow(w) => {
                self.doc.portfolio.window = w;
                self.dirty = true;
                self.reset_plot = true;
            }
            Command::SetView(v) => {
                self.doc.portfolio.view = v;
                self.dirty = true;
            }
            Command::SetBenchmark(b) => {
                self.doc.portfolio.benchmark = b;
                self.realign = true;
                self.dirty = true;
            }
            Command::SetChartOptions(o) => {
                if o.log_scale != self.doc.portfolio.chart.log_scale {
                    self.reset_plot = true;
                }
                self.doc.portfolio.chart = o;
                self.dirty = true;
            }
            Command::SetTheme(t) => {
                self.prefs.theme = t;
            }
            Command::ToggleTable => self.prefs.show_table = !self.prefs.show_table,
            Command::ShowMethodology => self.show_methodology = true,
            Command::ShowAbout => self.show_about = true,
            Command::ShowShortcuts => self.show_shortcuts = true,
            Command::Export(c) => controllers::export::apply(self, c, ctx),
            Command::Quit => self.request(PendingAction::Quit, ctx),
            Command::NewPortfolio => self.request(PendingAction::New, ctx),
            Command::OpenPortfolio => self.request(PendingAction::OpenDialog, ctx),
            Command::OpenPortfolioFile(path) => self.request(PendingAction::Open(path), ctx),
            Command::SavePortfolio => self.save(ctx, None),
            Command::SavePortfolioAs => self.save_as(ctx),
            Command::EditPortfolio(p) => {
                self.doc.portfolio = *p;
                self.dirty = true;
            }
            Command::ResolvePending(r) => self.resolve_pending(r, ctx),
            Command::PathPromptAnswered(answer) => {
                if let (Some((purpose, _)), Some(path)) = (self.path_prompt.take(), answer) {
                    self.use_picked_path(ctx, purpose, path);
                }
            }
            Command::DismissError => self.error_dialog = None,
            Command::SetMaxCarryDays(days) => {
                self.prefs.max_carry_days = days;
                self.realign = true;
                self.dirty = true;
            }
            Command::SetDemo(on) => {
                self.prefs.demo = if on {
                    crate::data::sample::DemoChoice::On
                } else {
                    crate::data::sample::DemoChoice::Off
                };
                controllers::import::reload(self, ctx);
            }
            Command::SetRightTab(t) => self.right_tab = t,
            Command::SortSymbols(s) => self.symbol_sort = s,
            Command::Import(c) => controllers::import::apply(self, c, ctx),
            Command::Refresh(c) => controllers::refresh::apply(self, c, ctx),
            Command::SetExposureFactors(f) => {
                self.doc.portfolio.exposure_factors = f;
                self.dirty = true;
            }
            Command::ShowDeals => self.deals.show = true,
            Command::OpenLedger => self.pick_file(ctx, DialogPurpose::OpenLedger),
            Command::UseBundledLedger => {
                self.deals.ledger = crate::data::deals::bundled_ledger().map_err(|e| e.to_string());
                self.deals.ledger_path = None;
                self.prefs.ledger = None;
                self.dirty = true;
            }
        }
    }

    pub(crate) fn poll_jobs(&mut self, ctx: &egui::Context) {
        for result in self.jobs.poll() {
            self.handle_job_result(result, ctx);
        }
    }

    /// Waits for every running job and applies its result (tests, and shutdown).
    pub fn finish_jobs(&mut self, ctx: &egui::Context, timeout: Duration) {
        for result in self.jobs.wait_all(timeout) {
            self.handle_job_result(result, ctx);
        }
    }

    fn handle_job_result(&mut self, result: JobResult, ctx: &egui::Context) {
        {
            match result {
                JobResult::PortfolioOpened { path, result } => self.handle_opened(path, result),
                JobResult::PortfolioSaved {
                    path,
                    portfolio,
                    result,
                    then,
                } => self.handle_saved(ctx, path, *portfolio, result, then),
                JobResult::FilePicked {
                    purpose,
                    path,
                    no_dialog,
                } => self.handle_file_picked(ctx, purpose, path, no_dialog),
                JobResult::DataLoaded(Ok(data)) => self.set_data(data),
                JobResult::DataLoaded(Err(e)) => {
                    self.load_error = Some(format!("Could not load the demo data: {e}"));
                }
                JobResult::Export(r) => controllers::export::on_result(self, r, ctx),
                JobResult::Import(msg) => controllers::import::on_result(self, msg, ctx),
                JobResult::Refresh(done) => controllers::refresh::on_result(self, *done),
                JobResult::LedgerLoaded { path, result } => self.handle_ledger(path, result),
                JobResult::SettingsSaved(Ok(())) => {}
                JobResult::SettingsSaved(Err(e)) => self.toast(e, true),
                JobResult::Failed(f) => {
                    // A panicked import or refresh must not leave its menu disabled.
                    self.import.busy = false;
                    if f.label == controllers::refresh::REFRESH_JOB {
                        self.refresh.running = None;
                    }
                    self.toast(format!("{}: {}", f.label, f.message), true);
                }
            }
        }
    }
}
