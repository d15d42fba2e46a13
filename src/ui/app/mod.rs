//! The eframe app, split the way rerun splits its `App`: this file holds the struct and the
//! frame layout; [`state`] the plain state (loaded data, selection, toasts), [`commands`] what
//! panels and jobs hand back and how it is applied, [`derived`] what is computed from the data,
//! and [`document`] opening and saving portfolios.

mod commands;
mod derived;
mod document;
mod state;
mod testing;

pub use commands::{Command, JobResult};
pub use derived::Derived;
pub use state::{DEFAULT_SELECTION, DEMO_SOURCE_LABEL, LoadedData, RightTab, Toast};
pub use testing::{TestAccess, TestAccessMut};

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use super::controllers;
use super::document::{DialogPurpose, Document, PendingAction};
use super::jobs::Jobs;
use super::panels;
use super::plot::chart_ui;
use super::prefs::{PREFS_KEY, Prefs, ThemeChoice};
use super::theme;
use crate::analysis::portfolio::PortfolioResult;
use crate::data::paths::AppPaths;
use crate::data::recent::RecentFiles;

pub struct MinerLensApp {
    pub(crate) prefs: Prefs,
    pub(crate) data: Option<LoadedData>,
    pub(crate) derived: Option<Derived>,
    /// Series the user hid by clicking the legend (they stay in the legend, greyed).
    pub(crate) legend_hidden: BTreeSet<String>,
    pub(crate) jobs: Jobs<JobResult>,
    pub(crate) toasts: Vec<Toast>,
    pub(crate) load_error: Option<String>,
    /// Ids of the series drawn in the last frame (what the chart shows; used by tests).
    pub(crate) last_drawn: Vec<String>,
    /// The chart's panels as shown in the last frame.
    pub(crate) last_panels: Vec<crate::ui::plot::ShownPanel>,
    pub(crate) show_methodology: bool,
    pub(crate) show_about: bool,
    pub(crate) show_shortcuts: bool,
    /// Chart exports: dialog settings, pending replacements, the chart's screen rect.
    pub(crate) export: controllers::export::ExportState,
    /// Price import: store location, summary and rename dialogs (src/ui/panels/import.rs).
    pub(crate) import: controllers::import::ImportState,
    /// Refresh prices: the running fetch, its summary, the data sources window.
    pub(crate) refresh: controllers::refresh::RefreshState,
    pub(crate) table_state: panels::table::TableState,
    /// How the symbol list is sorted.
    pub(crate) symbol_sort: panels::sorted_table::SortState,
    /// Inputs, overrides and results of the revenue-mix, capacity and economics views.
    pub(crate) revenue: panels::revenue::RevenueState,
    /// Text typed into the holdings editor that is not a valid value yet.
    pub(crate) holdings_editor: crate::ui::cells::CellEditor,
    /// The deal ledger in use and its window.
    pub(crate) deals: panels::deals::DealsState,
    /// The event study of the Events view.
    pub(crate) events: panels::events::EventsState,
    /// The two-factor fits of the Exposure view.
    pub(crate) exposure: panels::exposure::ExposureState,
    pub(crate) window_text: (String, String),
    pub(crate) dirty: bool,
    pub(crate) realign: bool,
    pub(crate) reset_plot: bool,
    pub(crate) applied_theme: Option<ThemeChoice>,
    /// The open portfolio.
    pub(crate) doc: Document,
    pub(crate) recent: RecentFiles,
    pub(crate) paths: Option<AppPaths>,
    /// Waiting for the Save / Discard / Cancel answer.
    pub(crate) pending: Option<PendingAction>,
    /// What to do after a "save as" whose file is still being picked.
    pub(crate) after_save: Option<PendingAction>,
    /// The in-window path prompt (when the system has no file dialog).
    pub(crate) path_prompt: Option<(DialogPurpose, String)>,
    /// An error to show in a dialog (open or save failures).
    pub(crate) error_dialog: Option<String>,
    pub(crate) allow_close: bool,
    pub(crate) last_title: String,
    pub(crate) portfolio_result: Option<PortfolioResult>,
    pub(crate) right_tab: RightTab,
    /// The window was made to fit the monitor (at scale factor 2, 1400x900 points do not).
    pub(crate) fitted_to_monitor: bool,
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
        // The deal ledger the user chose last time, read in the background.
        if let Some(path) = app.prefs.ledger.clone() {
            app.load_ledger(&ctx, path);
        }
        // `minerlens FILE` opens FILE; otherwise the last portfolio, if it is still there.
        match file.or_else(|| app.prefs.last_portfolio.clone().filter(|p| p.is_file())) {
            Some(path) => app.open_file(&ctx, path),
            None => app.prefs.last_portfolio = None,
        }
        // The demo universe plus the local price store (a stored symbol replaces the demo one).
        app.import.store_dir = AppPaths::detect().map(|p| p.price_store_dir());
        let store_dir = app.import.store_dir.clone();
        let demo = app.prefs.demo;
        if let Some(dir) = &store_dir {
            app.refresh.log = crate::data::fetch::FetchLog::load(dir);
        }
        app.refresh.network_dir = app.paths.as_ref().map(|p| p.data_dir.clone());
        app.jobs.spawn(&ctx, "Loading prices", false, move |_| {
            controllers::import::startup_data(store_dir, demo)
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
        let mut export = controllers::export::ExportState::default();
        export.settings = prefs.export.clone();
        let doc = Document::untitled_with(|p| prefs.restore_view(p));
        Self {
            prefs,
            data: None,
            derived: None,
            legend_hidden: BTreeSet::new(),
            jobs: Jobs::default(),
            toasts: Vec::new(),
            load_error: None,
            last_drawn: Vec::new(),
            last_panels: Vec::new(),
            show_methodology: false,
            show_about: false,
            show_shortcuts: false,
            export,
            import: controllers::import::ImportState::default(),
            refresh: controllers::refresh::RefreshState::default(),
            table_state: panels::table::TableState::default(),
            symbol_sort: panels::sorted_table::SortState::default(),
            revenue: panels::revenue::RevenueState::default(),
            holdings_editor: crate::ui::cells::CellEditor::default(),
            deals: panels::deals::DealsState::default(),
            events: panels::events::EventsState::default(),
            exposure: panels::exposure::ExposureState::default(),
            window_text: (String::new(), String::new()),
            dirty: true,
            realign: true,
            reset_plot: false,
            applied_theme: None,
            doc,
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
            fitted_to_monitor: false,
        }
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
        ui.horizontal(|ui| {
            commands.extend(panels::toolbar::view_tabs_ui(ui, &self.doc.portfolio));
        });
        ui.horizontal_wrapped(|ui| {
            let options = panels::toolbar::view_options_ui(ui, &self.doc.portfolio);
            commands.extend(options);
            commands.extend(panels::chart_buttons::chart_buttons_ui(ui, self));
        });
        commands.extend(panels::view_controls::view_controls_ui(ui, self));
        ui.separator();
        let hidden = self.hidden_series();
        let reset = std::mem::take(&mut self.reset_plot);
        if let Some(derived) = self.derived.as_mut() {
            let out = chart_ui(ui, &mut derived.plot, &hidden, reset);
            self.last_drawn = out.drawn;
            self.last_panels = out.panels;
            self.export.chart_rect = controllers::export::chart_rect(out.rect, ui.min_rect());
            commands.extend(
                out.legend_toggles
                    .into_iter()
                    .map(|(id, h)| Command::LegendToggle(id, h)),
            );
        }
        commands
    }

    /// Once the monitor is known: a window larger than 95% of it (the default size at scale
    /// factor 2 on a 1080p screen) is shrunk to 90% of it.
    fn fit_to_monitor(&mut self, ctx: &egui::Context) {
        if self.fitted_to_monitor {
            return;
        }
        let (monitor, inner) = ctx.input(|i| (i.viewport().monitor_size, i.viewport().inner_rect));
        let (Some(monitor), Some(inner)) = (monitor, inner) else {
            return;
        };
        self.fitted_to_monitor = true;
        let size = inner.size();
        if size.x > monitor.x * 0.95 || size.y > monitor.y * 0.95 {
            let fitted = egui::vec2(size.x.min(monitor.x * 0.9), size.y.min(monitor.y * 0.9));
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(fitted));
            ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::pos2(
                monitor.x * 0.05,
                monitor.y * 0.03,
            )));
        }
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
        self.fit_to_monitor(&ctx);
        self.poll_jobs(&ctx);
        self.intercept_close(&ctx);
        // Dropped portfolio files open; the rest are price files.
        let dropped_prices = self.take_dropped_portfolios(&ctx);
        controllers::export::poll(self, &ctx);
        self.refresh(theme::chart_theme(&ctx));
        let mut commands = Vec::new();
        commands.extend(panels::shortcuts(&ctx, self.doc.portfolio.view));
        if !dropped_prices.is_empty() {
            commands.push(Command::Import(controllers::import::ImportCommand::Files(
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
            // The chart keeps at least ~400 points whatever the window's width: the side panels
            // give way (they scroll).
            let width = ctx.content_rect().width();
            egui::Panel::left("symbols")
                .resizable(true)
                .default_size(330.0_f32.min(width * 0.22))
                .min_size(150.0)
                .max_size((width * 0.32).max(150.0))
                .show(ui, |ui| {
                    commands.extend(panels::symbols::symbol_list_ui(ui, self));
                });
            if self.prefs.show_table {
                egui::Panel::right("divergence_table")
                    .resizable(true)
                    .default_size(480.0_f32.min(width * 0.34))
                    .min_size(220.0)
                    .max_size((width - 560.0).max(220.0))
                    .show(ui, |ui| {
                        commands.extend(panels::right_panel::right_panel_ui(ui, self));
                    });
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            commands.extend(self.central_ui(ui));
        });
        commands.extend(panels::dialogs::dialogs_ui(&ctx, self));
        commands.extend(panels::document_dialogs::document_dialogs_ui(
            &ctx,
            self.pending.as_ref(),
            &self.doc.file_name(),
            &mut self.path_prompt,
            self.error_dialog.as_deref(),
        ));
        let mut open_ledger = false;
        if panels::revenue::windows_ui(
            &ctx,
            &mut self.revenue,
            &mut self.doc.portfolio.revenue_overrides,
            &self.deals.effective,
            &mut open_ledger,
        ) {
            self.dirty = true;
        }
        if open_ledger {
            commands.push(Command::ShowDeals);
        }
        let symbols: Vec<String> = self
            .data
            .as_ref()
            .map(|d| d.symbols().map(str::to_owned).collect())
            .unwrap_or_default();
        let today = self
            .data
            .as_ref()
            .map_or_else(|| chrono::Local::now().date_naive(), |d| d.last);
        let req = panels::deals::deals_window_ui(
            &ctx,
            &mut self.deals,
            &mut self.doc.portfolio.deals,
            &symbols,
            today,
        );
        self.dirty |= req.changed;
        if req.open_file {
            commands.push(Command::OpenLedger);
        }
        if req.use_bundled {
            commands.push(Command::UseBundledLedger);
        }
        commands.extend(panels::export_dialog::export_dialog_ui(&ctx, self));
        commands.extend(panels::import::import_ui(&ctx, self));
        commands.extend(panels::refresh::refresh_ui(&ctx, self));
        self.toasts_ui(&ctx);
        for c in commands {
            self.apply(c, &ctx);
        }
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
        self.prefs.remember_view(&self.doc.portfolio);
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
