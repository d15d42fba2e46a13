//! The eframe app: state, the commands panels return, and the frame layout.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::document::{DialogPurpose, Document, PendingAction, Resolution};
use super::jobs::{JobFailed, Jobs};
use super::panels;
use super::plot::{PlotCache, chart_ui};
use super::prefs::{PREFS_KEY, Prefs, ThemeChoice};
use super::theme;
use crate::analysis::portfolio::{PortfolioResult, analyze_portfolio};
use crate::analysis::{Aligned, Analysis, divergence};
use crate::chart::dispatch::{PortfolioInputs, ViewInputs, build_view_or_message};
use crate::chart::theme::ChartTheme;
use crate::chart::views::ChartContext;
use crate::data::paths::AppPaths;
use crate::data::portfolio_file::Opened;
use crate::data::recent::RecentFiles;
use crate::data::{PriceFrame, PriceSeries, SymbolSummary};
use crate::model::DateRange;
use crate::model::options::{ChartOptions, View};
use crate::model::portfolio::Portfolio;
use crate::model::portfolio::WindowSetting;

/// Label of the bundled data in the status bar and chart footers.
pub const DEMO_SOURCE_LABEL: &str = crate::data::sample::DEMO_LABEL;

/// Symbols ticked on first start when the data has them all: the AI pivoters against the
/// pure-play miners and BTC.
pub const DEFAULT_SELECTION: [&str; 7] =
    ["BTC-USD", "IREN", "CIFR", "WULF", "MARA", "RIOT", "CLSK"];

/// Prices in memory and where they came from.
pub struct LoadedData {
    pub prices: PriceFrame,
    /// Every symbol's series (Adj Close else Close), for the portfolio analytics.
    pub series: std::collections::BTreeMap<String, PriceSeries>,
    pub source: String,
    pub summaries: Vec<SymbolSummary>,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl LoadedData {
    pub fn new(prices: PriceFrame, source: impl Into<String>) -> Result<Self, String> {
        let summaries = prices.summaries().map_err(|e| e.to_string())?;
        let series = prices.all_series().map_err(|e| e.to_string())?;
        let (first, last) = prices
            .date_range()
            .ok_or_else(|| "the data has no prices".to_owned())?;
        Ok(Self {
            prices,
            series,
            source: source.into(),
            summaries,
            first,
            last,
        })
    }

    pub fn symbols(&self) -> impl Iterator<Item = &str> {
        self.summaries.iter().map(|s| s.symbol.as_str())
    }
}

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
    Export(super::export::ExportResult),
    /// Price import, rename and the start-up load (src/ui/panels/import.rs).
    Import(panels::import::ImportMsg),
    /// A price refresh ended (src/ui/panels/refresh.rs).
    Refresh(Box<panels::refresh::RefreshFinished>),
    /// A small settings file was written (`Err` names the file and the reason).
    SettingsSaved(Result<(), String>),
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
    Export(super::export::ExportCommand),
    Quit,
    NewPortfolio,
    OpenPortfolio,
    OpenPortfolioFile(PathBuf),
    SavePortfolio,
    SavePortfolioAs,
    /// The holdings panel changed the document.
    EditPortfolio(Box<Portfolio>),
    ResolvePending(Resolution),
    SetRightTab(RightTab),
    /// Price import and rename (src/ui/panels/import.rs).
    Import(panels::import::ImportCommand),
    /// Refresh prices and the data sources window (src/ui/panels/refresh.rs).
    Refresh(panels::refresh::RefreshCommand),
}

/// What the right-hand panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RightTab {
    #[default]
    Divergence,
    Holdings,
}

/// A short message in the corner.
pub struct Toast {
    pub text: String,
    pub is_error: bool,
    pub until: Instant,
}

/// Everything computed from the data for the current selection and window.
pub struct Derived {
    pub aligned: Aligned,
    pub window: DateRange,
    pub analysis: Result<Analysis, String>,
    pub plot: PlotCache,
    theme: ChartTheme,
}

pub struct MinerLensApp {
    pub prefs: Prefs,
    pub data: Option<LoadedData>,
    pub derived: Option<Derived>,
    /// Series the user hid by clicking the legend (they stay in the legend, greyed).
    pub legend_hidden: BTreeSet<String>,
    pub jobs: Jobs<JobResult>,
    pub toasts: Vec<Toast>,
    pub load_error: Option<String>,
    /// Ids of the series drawn in the last frame (what the chart shows; used by tests).
    pub last_drawn: Vec<String>,
    pub show_methodology: bool,
    pub show_about: bool,
    /// Chart exports: dialog settings, pending replacements, the chart's screen rect.
    pub export: super::export::ExportState,
    /// Price import: store location, summary and rename dialogs (src/ui/panels/import.rs).
    pub import: panels::import::ImportState,
    /// Refresh prices: the running fetch, its summary, the data sources window.
    pub refresh: panels::refresh::RefreshState,
    pub(crate) table_state: panels::table::TableState,
    /// Inputs, overrides and results of the revenue-mix and capacity views.
    pub revenue: panels::revenue::RevenueState,
    pub(crate) window_text: (String, String),
    dirty: bool,
    realign: bool,
    reset_plot: bool,
    applied_theme: Option<ThemeChoice>,
    /// The open portfolio.
    pub doc: Document,
    pub recent: RecentFiles,
    pub paths: Option<AppPaths>,
    /// Waiting for the Save / Discard / Cancel answer.
    pub pending: Option<PendingAction>,
    /// What to do after a "save as" whose file is still being picked.
    pub(crate) after_save: Option<PendingAction>,
    /// The in-window path prompt (when the system has no file dialog).
    pub(crate) path_prompt: Option<(DialogPurpose, String)>,
    /// An error to show in a dialog (open or save failures).
    pub error_dialog: Option<String>,
    pub(crate) allow_close: bool,
    pub(crate) last_title: String,
    pub portfolio_result: Option<PortfolioResult>,
    pub right_tab: RightTab,
}

impl MinerLensApp {
    /// The app as eframe starts it: preferences from storage, demo data loading in the
    /// background.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let prefs = cc
            .storage
            .and_then(|s| eframe::get_value::<Prefs>(s, PREFS_KEY))
            .unwrap_or_default();
        let mut app = Self::empty(prefs);
        app.paths = AppPaths::detect();
        if let Some(paths) = &app.paths {
            app.recent = RecentFiles::load(&paths.recent_files());
            // The Data sources settings as last saved for the command line, if any.
            match crate::data::fetch::DataSources::load(&paths.data_sources_file()) {
                Ok(Some(sources)) => app.prefs.data_sources = sources,
                Ok(None) => {}
                Err(e) => log::warn!("{e}"),
            }
        }
        // The network hashrate fetched by Refresh or `minerlens fetch --network`.
        if let Ok(file) = &app.revenue.fundamentals {
            app.revenue.fundamentals = Ok(crate::data::fetch::network::with_fetched_network(
                file.clone(),
                app.paths.as_ref().map(|p| p.data_dir.as_path()),
            ));
        }
        super::configure_context(&cc.egui_ctx);
        let ctx = cc.egui_ctx.clone();
        // `minerlens FILE` opens FILE; otherwise the last portfolio, if it is still there.
        match file.or_else(|| app.prefs.last_portfolio.clone().filter(|p| p.is_file())) {
            Some(path) => app.open_file(&ctx, path),
            None => app.prefs.last_portfolio = None,
        }
        // The demo universe plus the local price store (a stored symbol replaces the demo one).
        app.import.store_dir = AppPaths::detect().map(|p| p.price_store_dir());
        let store_dir = app.import.store_dir.clone();
        if let Some(dir) = &store_dir {
            app.refresh.log = crate::data::fetch::FetchLog::load(dir);
        }
        app.refresh.network_dir = app.paths.as_ref().map(|p| p.data_dir.clone());
        app.jobs.spawn(&ctx, "Loading prices", false, move |_| {
            panels::import::startup_data(store_dir)
        });
        app
    }

    /// An app on given prices, ready on the first frame (tests, benchmarks).
    pub fn with_data(prefs: Prefs, data: LoadedData) -> Self {
        let mut app = Self::empty(prefs);
        app.set_data(data);
        app
    }

    fn empty(prefs: Prefs) -> Self {
        let mut export = super::export::ExportState::default();
        export.settings = prefs.export.clone();
        Self {
            prefs,
            data: None,
            derived: None,
            legend_hidden: BTreeSet::new(),
            jobs: Jobs::default(),
            toasts: Vec::new(),
            load_error: None,
            last_drawn: Vec::new(),
            show_methodology: false,
            show_about: false,
            export,
            import: panels::import::ImportState::default(),
            refresh: panels::refresh::RefreshState::default(),
            table_state: panels::table::TableState::default(),
            revenue: panels::revenue::RevenueState::default(),
            window_text: (String::new(), String::new()),
            dirty: true,
            realign: true,
            reset_plot: false,
            applied_theme: None,
            doc: Document::untitled(),
            recent: RecentFiles::default(),
            paths: None,
            pending: None,
            after_save: None,
            path_prompt: None,
            error_dialog: None,
            allow_close: false,
            last_title: String::new(),
            portfolio_result: None,
            right_tab: RightTab::default(),
        }
    }

    /// Recompute the analysis and the chart on the next frame.
    pub fn invalidate(&mut self) {
        self.dirty = true;
        self.reset_plot = true;
    }

    pub(crate) fn set_data(&mut self, data: LoadedData) {
        let symbols: Vec<String> = data.symbols().map(str::to_owned).collect();
        if !symbols.contains(&self.prefs.benchmark) && !symbols.is_empty() {
            self.prefs.benchmark = if symbols.iter().any(|s| s == crate::model::BTC_SYMBOL) {
                crate::model::BTC_SYMBOL.to_owned()
            } else {
                symbols[0].clone()
            };
        }
        self.data = Some(data);
        self.realign = true;
        self.dirty = true;
        self.reset_plot = true;
    }

    /// Ticked symbols (all loaded symbols until the user changes the selection).
    pub fn selected(&self) -> BTreeSet<String> {
        match (&self.prefs.selected, &self.data) {
            (Some(list), Some(data)) => list
                .iter()
                .filter(|s| data.symbols().any(|x| x == s.as_str()))
                .cloned()
                .collect(),
            (Some(list), None) => list.iter().cloned().collect(),
            (None, Some(data)) => {
                let loaded: BTreeSet<String> = data.symbols().map(str::to_owned).collect();
                let featured: BTreeSet<String> = DEFAULT_SELECTION
                    .iter()
                    .map(|s| (*s).to_owned())
                    .filter(|s| loaded.contains(s))
                    .collect();
                // The demo story by default; everything for other data.
                if featured.len() == DEFAULT_SELECTION.len() {
                    featured
                } else {
                    loaded
                }
            }
            (None, None) => BTreeSet::new(),
        }
    }

    pub fn is_selected(&self, symbol: &str) -> bool {
        self.selected().contains(symbol)
    }

    /// The analysis window for the loaded data.
    pub fn window(&self) -> Option<DateRange> {
        let data = self.data.as_ref()?;
        Some(self.prefs.window.resolve(data.first, data.last))
    }

    fn set_selected_list(&mut self, set: BTreeSet<String>) {
        self.prefs.selected = Some(set.into_iter().collect());
        self.dirty = true;
    }

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
                self.prefs.window = w;
                self.dirty = true;
                self.reset_plot = true;
            }
            Command::SetView(v) => {
                self.prefs.view = v;
                self.dirty = true;
            }
            Command::SetBenchmark(b) => {
                self.prefs.benchmark = b;
                self.realign = true;
                self.dirty = true;
            }
            Command::SetChartOptions(o) => {
                if o.log_scale != self.prefs.chart.log_scale {
                    self.reset_plot = true;
                }
                self.prefs.chart = o;
                self.dirty = true;
            }
            Command::SetTheme(t) => {
                self.prefs.theme = t;
            }
            Command::ToggleTable => self.prefs.show_table = !self.prefs.show_table,
            Command::ShowMethodology => self.show_methodology = true,
            Command::ShowAbout => self.show_about = true,
            Command::Export(c) => super::export::apply(self, c, ctx),
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
            Command::SetRightTab(t) => self.right_tab = t,
            Command::Import(c) => panels::import::apply(self, c, ctx),
            Command::Refresh(c) => panels::refresh::apply(self, c, ctx),
        }
    }

    pub fn toast(&mut self, text: impl Into<String>, is_error: bool) {
        let text = text.into();
        if is_error {
            log::warn!("{text}");
        }
        self.toasts.push(Toast {
            text,
            is_error,
            until: Instant::now() + Duration::from_secs(if is_error { 10 } else { 5 }),
        });
    }

    fn poll_jobs(&mut self, ctx: &egui::Context) {
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
                JobResult::Export(r) => super::export::on_result(self, r, ctx),
                JobResult::Import(msg) => panels::import::on_result(self, msg),
                JobResult::Refresh(done) => panels::refresh::on_result(self, *done),
                JobResult::SettingsSaved(Ok(())) => {}
                JobResult::SettingsSaved(Err(e)) => self.toast(e, true),
                JobResult::Failed(f) => {
                    // A panicked import or refresh must not leave its menu disabled.
                    self.import.busy = false;
                    if f.label == panels::refresh::REFRESH_JOB {
                        self.refresh.running = None;
                    }
                    self.toast(format!("{}: {}", f.label, f.message), true);
                }
            }
        }
    }

    /// Recomputes alignment, analysis and the chart spec when something they depend on changed.
    pub fn refresh(&mut self, chart_theme: ChartTheme) {
        let theme_changed = self
            .derived
            .as_ref()
            .is_some_and(|d| d.theme != chart_theme);
        if !(self.dirty || self.realign || theme_changed) {
            return;
        }
        let Some(data) = &self.data else { return };
        let window = self.prefs.window.resolve(data.first, data.last);
        let aligned = match self.derived.take() {
            Some(d) if !self.realign => d.aligned,
            _ => match Aligned::build(&data.prices, &self.prefs.benchmark) {
                Ok(a) => a,
                Err(e) => {
                    self.load_error = Some(e.to_string());
                    return;
                }
            },
        };
        let selected = self.selected();
        let benchmark = self.prefs.benchmark.clone();
        let analysed: Vec<String> = selected
            .iter()
            .filter(|s| **s != benchmark)
            .cloned()
            .collect();
        let analysis = divergence::analyze(&aligned, &analysed, window).map_err(|e| e.to_string());
        // The chart shows ticked symbols and those hidden from the legend (greyed there).
        let mut chart_symbols: Vec<String> = data
            .symbols()
            .filter(|s| {
                *s != benchmark && (selected.contains(*s) || self.legend_hidden.contains(*s))
            })
            .map(str::to_owned)
            .collect();
        chart_symbols.dedup();
        let empty = Analysis {
            benchmark: benchmark.clone(),
            from: window.from,
            to: window.to,
            rows: vec![],
            basket: None,
            skipped: vec![],
        };
        let prices = ChartContext {
            aligned: &aligned,
            symbols: &chart_symbols,
            window,
            analysis: analysis.as_ref().unwrap_or(&empty),
            options: &self.prefs.chart,
            theme: chart_theme,
            source: &data.source,
        };
        // The open portfolio against the benchmark and the equal-weight basket of the rest.
        let members = crate::analysis::portfolio::basket_members(data.symbols(), &benchmark);
        self.portfolio_result = (!self.doc.portfolio.holdings.is_empty())
            .then(|| analyze_portfolio(&self.doc.portfolio, &data.series, &members, window));
        self.revenue
            .update(&aligned, &chart_symbols, window, &data.source);
        let inputs = ViewInputs {
            prices,
            revenue: self.revenue.chart_inputs(&chart_symbols, chart_theme),
            portfolio: Ok(PortfolioInputs {
                result: self.portfolio_result.as_ref(),
                name: &self.doc.portfolio.name,
            }),
        };
        let spec = build_view_or_message(self.prefs.view, &inputs);
        self.derived = Some(Derived {
            aligned,
            window,
            analysis,
            plot: PlotCache::new(spec),
            theme: chart_theme,
        });
        self.dirty = false;
        self.realign = false;
    }

    /// Series hidden on the chart: legend-hidden ones and the benchmark when it is unticked.
    pub fn hidden_series(&self) -> BTreeSet<String> {
        let mut hidden = self.legend_hidden.clone();
        if !self.is_selected(&self.prefs.benchmark) {
            hidden.insert(self.prefs.benchmark.clone());
        }
        hidden
    }

    fn central_ui(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        if let Some(err) = &self.load_error {
            ui.colored_label(theme::error(ui.ctx()), err);
            return commands;
        }
        if self.data.is_none() {
            ui.centered_and_justified(|ui| {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Loading prices…");
                });
            });
            return commands;
        }
        ui.horizontal_wrapped(|ui| {
            commands.extend(panels::toolbar::view_tabs_ui(ui, &self.prefs));
            commands.extend(super::export::chart_buttons_ui(ui, self));
        });
        if panels::revenue::is_revenue_view(self.prefs.view)
            && panels::revenue::controls_ui(ui, &mut self.revenue, self.prefs.view)
        {
            self.dirty = true;
        }
        ui.separator();
        let hidden = self.hidden_series();
        let reset = std::mem::take(&mut self.reset_plot);
        if let Some(derived) = self.derived.as_mut() {
            let out = chart_ui(ui, &mut derived.plot, &hidden, reset);
            self.last_drawn = out.drawn;
            self.export.chart_rect = super::export::chart_rect(out.rect, ui.min_rect());
            commands.extend(
                out.legend_toggles
                    .into_iter()
                    .map(|(id, h)| Command::LegendToggle(id, h)),
            );
        }
        commands
    }

    fn toasts_ui(&mut self, ctx: &egui::Context) {
        let now = Instant::now();
        self.toasts.retain(|t| t.until > now);
        if self.toasts.is_empty() {
            return;
        }
        egui::Area::new(egui::Id::unique("toasts"))
            .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -36.0])
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for t in &self.toasts {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        let color = if t.is_error {
                            theme::error(ui.ctx())
                        } else {
                            ui.visuals().text_color()
                        };
                        ui.colored_label(color, &t.text);
                    });
                }
            });
        if let Some(next) = self.toasts.iter().map(|t| t.until).min() {
            ctx.request_repaint_after(next.saturating_duration_since(now));
        }
    }
}

impl eframe::App for MinerLensApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if self.applied_theme != Some(self.prefs.theme) {
            ctx.set_theme(self.prefs.theme.to_egui());
            self.applied_theme = Some(self.prefs.theme);
        }
        self.poll_jobs(&ctx);
        self.intercept_close(&ctx);
        // Dropped portfolio files open; the rest are price files.
        let dropped_prices = self.take_dropped_portfolios(&ctx);
        super::export::poll(self, &ctx);
        self.refresh(theme::chart_theme(&ctx));
        let mut commands = Vec::new();
        commands.extend(panels::shortcuts(&ctx));
        if !dropped_prices.is_empty() {
            commands.push(Command::Import(panels::import::ImportCommand::Files(
                dropped_prices,
            )));
        }
        egui::Panel::top("menu_bar").show(ui, |ui| {
            commands.extend(panels::menu::menu_bar_ui(ui, self));
        });
        if self.data.is_some() {
            egui::Panel::top("toolbar").show(ui, |ui| {
                commands.extend(panels::toolbar::toolbar_ui(ui, self));
            });
        }
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            panels::status::status_bar_ui(ui, self);
        });
        if self.data.is_some() {
            egui::Panel::left("symbols")
                .resizable(true)
                .default_size(250.0)
                .min_size(200.0)
                .show(ui, |ui| {
                    commands.extend(panels::symbols::symbol_list_ui(ui, self));
                });
            if self.prefs.show_table {
                egui::Panel::right("divergence_table")
                    .resizable(true)
                    .default_size(560.0)
                    .min_size(300.0)
                    .show(ui, |ui| {
                        ui.horizontal(|ui| {
                            let first = "Table";
                            for (tab, label) in [
                                (RightTab::Divergence, first),
                                (RightTab::Holdings, "Holdings"),
                            ] {
                                if ui.selectable_label(self.right_tab == tab, label).clicked() {
                                    commands.push(Command::SetRightTab(tab));
                                }
                            }
                        });
                        ui.separator();
                        match self.right_tab {
                            RightTab::Divergence
                                if panels::revenue::is_revenue_view(self.prefs.view) =>
                            {
                                panels::revenue::table_ui(ui, &self.revenue, self.prefs.view);
                            }
                            RightTab::Divergence => {
                                commands.extend(panels::table::divergence_table_ui(ui, self));
                            }
                            RightTab::Holdings => {
                                egui::ScrollArea::vertical().show(ui, |ui| {
                                    commands.extend(panels::holdings::holdings_ui(ui, self));
                                });
                            }
                        }
                    });
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            commands.extend(self.central_ui(ui));
        });
        commands.extend(panels::dialogs::dialogs_ui(&ctx, self));
        commands.extend(self.document_dialogs_ui(&ctx));
        if panels::revenue::windows_ui(&ctx, &mut self.revenue) {
            self.dirty = true;
        }
        commands.extend(panels::export_dialog::export_dialog_ui(&ctx, self));
        commands.extend(panels::import::import_ui(&ctx, self));
        commands.extend(panels::refresh::refresh_ui(&ctx, self));
        self.toasts_ui(&ctx);
        for c in commands {
            self.apply(c, &ctx);
        }
        // The document carries the view state (window, view, chart options, selection).
        self.sync_document_from_view();
        self.update_title(&ctx);
        if self.dirty || self.realign {
            ctx.request_repaint();
        }
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        // The panel color, so a frame where a panel grows never shows a black strip.
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.export = self.export.settings.clone();
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
