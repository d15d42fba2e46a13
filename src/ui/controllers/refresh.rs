//! Refresh prices: fetches today's prices for the portfolio's symbols (or every loaded symbol)
//! in a background job, keeps the running fetch and its summary, and saves the data-sources
//! settings; `panels::refresh` draws the progress, summary and sources windows.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::data::fetch::network::{self, NetworkHistory};
use crate::data::fetch::{self, DataSources, FetchLog, FetchRequest, RetryPolicy, Stage};
use crate::data::import::store::PriceStore;
use crate::data::sample;
use crate::ui::app::{JobResult, LoadedData, MinerLensApp};

/// The refresh job's label (status bar, and how a panicked refresh is recognised).
pub const REFRESH_JOB: &str = "Refreshing prices";

/// A refresh that is running.
pub struct RunningRefresh {
    pub job: u64,
    pub symbols: Vec<String>,
    /// Each symbol's stage, written by the worker threads.
    pub stages: Arc<Mutex<Vec<Stage>>>,
    pub cancelling: bool,
}

/// One line of the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct RefreshLine {
    pub symbol: String,
    /// "Yahoo Finance · 2,345 rows to 2026-11-23 (+3 new, 5 replaced)" or the reason it failed.
    pub text: String,
    pub ok: bool,
    /// Notes: provisional bar, fallbacks, checks.
    pub notes: Vec<String>,
}

/// What the summary shows after a refresh.
#[derive(Clone, Debug, PartialEq)]
pub struct RefreshSummary {
    pub lines: Vec<RefreshLine>,
    /// What happened to the store and the network data.
    pub footer: Vec<String>,
    pub cancelled: bool,
}

impl RefreshSummary {
    pub fn updated(&self) -> usize {
        self.lines.iter().filter(|l| l.ok).count()
    }
}

/// Refresh state kept by the app.
#[derive(Default)]
pub struct RefreshState {
    pub running: Option<RunningRefresh>,
    pub summary: Option<RefreshSummary>,
    pub show_sources: bool,
    /// When each stored symbol was fetched (read at start and after each refresh).
    pub log: FetchLog,
    /// Retry policy of the fetches (tests shorten it).
    pub policy: RetryPolicy,
    /// Fetch the network hashrate too (needs the data folder).
    pub network_dir: Option<PathBuf>,
}

/// What the refresh panels ask the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum RefreshCommand {
    Start,
    Cancel,
    CloseSummary,
    OpenSources,
    CloseSources,
    SetSources(DataSources),
}

/// What a refresh job hands back.
pub struct RefreshFinished {
    pub summary: RefreshSummary,
    pub data: Option<LoadedData>,
    pub network: Option<NetworkHistory>,
    pub log: FetchLog,
}

/// The symbols a refresh fetches: the open portfolio's holdings and its benchmark, else every
/// loaded symbol.
pub fn refresh_symbols(app: &MinerLensApp) -> Vec<String> {
    let holdings = &app.doc.portfolio.holdings;
    let mut out: Vec<String> = if holdings.is_empty() {
        app.data
            .as_ref()
            .map(|d| d.symbols().map(str::to_owned).collect())
            .unwrap_or_default()
    } else {
        let mut s: Vec<String> = holdings.iter().map(|h| h.symbol.clone()).collect();
        s.push(app.benchmark().to_owned());
        s
    };
    out.sort();
    out.dedup();
    out
}

fn start(app: &mut MinerLensApp, ctx: &egui::Context) {
    if app.refresh.running.is_some() {
        return;
    }
    let Some(current) = app.data.as_ref().map(|d| d.prices.clone()) else {
        app.toast("Wait until the prices have loaded, then refresh", true);
        return;
    };
    let symbols = refresh_symbols(app);
    if symbols.is_empty() {
        app.toast("No symbols to refresh", true);
        return;
    }
    let stages = Arc::new(Mutex::new(vec![Stage::Waiting; symbols.len()]));
    let mut request = FetchRequest::new(symbols.clone(), app.prefs.data_sources.clone());
    request.policy = app.refresh.policy.clone();
    let store_dir = app.import.store_dir.clone();
    let network_dir = app.refresh.network_dir.clone();
    let job_stages = stages.clone();
    let job = app.jobs.spawn(ctx, REFRESH_JOB, true, move |h| {
        let cancel = h.cancel_flag();
        let store = store_dir.as_ref().map(PriceStore::new);
        let n = request.symbols.len().max(1) as f32;
        let run = fetch::fetch_prices(&request, store.as_ref(), &cancel, &|i, stage| {
            if let Ok(mut s) = job_stages.lock() {
                if let Some(slot) = s.get_mut(i) {
                    *slot = stage;
                }
                let done: f32 = s
                    .iter()
                    .map(|st| match st {
                        Stage::Waiting => 0.0,
                        Stage::Running(f) => *f,
                        _ => 1.0,
                    })
                    .sum();
                h.set_progress(done / n);
            }
        });
        let network = match &network_dir {
            Some(dir) if !h.is_cancelled() => Some(
                network::fetch_network(&request.sources, &request.policy, request.now, &cancel)
                    .map_err(|e| e.to_string())
                    .and_then(|hist| {
                        network::save_network(&network::network_file(dir), &hist)
                            .map(|()| hist)
                            .map_err(|e| e.to_string())
                    }),
            ),
            _ => None,
        };
        let data = match (&run.update, run.stored || store.is_none()) {
            (Some(update), true) => update
                .frame()
                .map_err(|e| e.to_string())
                .and_then(|f| current.replace_symbols(f).map_err(|e| e.to_string()))
                .and_then(LoadedData::from_prices),
            _ => Err(String::new()),
        };
        let mut summary = summarize(&run, store.is_some(), network.as_ref(), h.is_cancelled());
        // Saved but not shown would be the worst of both: say so, and keep the old prices.
        let data = match data {
            Ok(d) => Some(d),
            Err(e) if !e.is_empty() => {
                summary.footer.push(format!(
                    "The window could not reload the prices and still shows the previous ones: \
                     {e}"
                ));
                None
            }
            Err(_) => None,
        };
        let log = store
            .as_ref()
            .map(|s| FetchLog::load(s.dir()))
            .unwrap_or_default();
        JobResult::Refresh(Box::new(RefreshFinished {
            summary,
            data,
            network: network.and_then(Result::ok),
            log,
        }))
    });
    app.refresh.summary = None;
    app.refresh.running = Some(RunningRefresh {
        job,
        symbols,
        stages,
        cancelling: false,
    });
}

fn summarize(
    run: &fetch::FetchRun,
    has_store: bool,
    network: Option<&Result<NetworkHistory, String>>,
    cancelled: bool,
) -> RefreshSummary {
    let mut lines: Vec<RefreshLine> = run
        .outcomes
        .iter()
        .map(|o| match &o.result {
            Ok(f) => {
                let stats = o
                    .stats
                    .as_ref()
                    .map(|s| {
                        if s.replaced > 0 {
                            format!(" (+{} new, {} replaced)", s.added, s.replaced)
                        } else {
                            format!(" (+{} new)", s.added)
                        }
                    })
                    .unwrap_or_default();
                let mut notes = o.fallback_notes();
                // Refetched days whose prices moved (revisions, or another provider's closes).
                if let Some(c) = o.stats.as_ref().map(|s| s.conflicts.describe())
                    && !c.is_empty()
                {
                    notes.push(format!("replaced rows: {c}"));
                }
                if let Some(d) = f.provisional {
                    notes.push(format!(
                        "{d} is provisional (the session is not over); the next refresh replaces it"
                    ));
                }
                notes.extend(f.series.notes.iter().cloned());
                RefreshLine {
                    symbol: o.symbol.clone(),
                    text: format!(
                        "{} · {} rows to {}{stats}",
                        f.provider.label(),
                        f.series.rows.len(),
                        f.series
                            .last_date()
                            .map(|d| d.to_string())
                            .unwrap_or_default()
                    ),
                    ok: true,
                    notes,
                }
            }
            Err(e) => RefreshLine {
                symbol: o.symbol.clone(),
                text: e.to_string(),
                ok: false,
                notes: Vec::new(),
            },
        })
        .collect();
    // Failures first: they are what needs attention.
    lines.sort_by_key(|l| l.ok);
    let updated = lines.iter().filter(|l| l.ok).count();
    let mut footer = Vec::new();
    if let Some(e) = &run.store_error {
        footer.push(format!("The price store was not changed: {e}"));
    } else if updated > 0 {
        let of = format!(
            "{} symbol{}",
            lines.len(),
            if lines.len() == 1 { "" } else { "s" }
        );
        footer.push(if has_store {
            format!("Updated {updated} of {of} in the price store")
        } else {
            format!("Updated {updated} of {of} for this session (no price store)")
        });
    }
    if updated < lines.len() {
        footer.push(
            "Symbols not updated keep their earlier data (stored, or the synthetic demo data)"
                .to_owned(),
        );
    }
    match network {
        Some(Ok(h)) => footer.push(match h.latest_hashrate() {
            Some((d, v)) => format!(
                "Network hashrate {} EH/s on {d} ({}); the revenue model uses it",
                crate::chart::axis::format_grouped(v, 0),
                h.provider.label()
            ),
            None => "Network data fetched, without a hashrate".to_owned(),
        }),
        Some(Err(e)) => footer.push(format!("Network data not updated: {e}")),
        None => {}
    }
    RefreshSummary {
        lines,
        footer,
        cancelled,
    }
}

/// Applies a refresh command (called from the app's `apply`).
pub fn apply(app: &mut MinerLensApp, command: RefreshCommand, ctx: &egui::Context) {
    match command {
        RefreshCommand::Start => start(app, ctx),
        RefreshCommand::Cancel => {
            if let Some(r) = app.refresh.running.as_mut() {
                r.cancelling = true;
                app.jobs.cancel(r.job);
            }
        }
        RefreshCommand::CloseSummary => app.refresh.summary = None,
        RefreshCommand::OpenSources => app.refresh.show_sources = true,
        RefreshCommand::CloseSources => {
            app.refresh.show_sources = false;
            save_sources(app, ctx);
        }
        RefreshCommand::SetSources(s) => app.prefs.data_sources = s,
    }
}

/// Writes the Data sources settings where `minerlens fetch` reads them, in the background.
fn save_sources(app: &mut MinerLensApp, ctx: &egui::Context) {
    let Some(path) = app.paths.as_ref().map(|p| p.data_sources_file()) else {
        return;
    };
    let sources = app.prefs.data_sources.clone();
    app.jobs
        .spawn(ctx, "Saving the data sources", false, move |_| {
            JobResult::SettingsSaved(
                sources.save(&path).map_err(|e| {
                    format!("The data sources were not saved for the command line: {e}")
                }),
            )
        });
}

/// Handles the refresh job's result.
pub fn on_result(app: &mut MinerLensApp, done: RefreshFinished) {
    app.refresh.running = None;
    let RefreshFinished {
        summary,
        data,
        network,
        log,
    } = done;
    if let Some(data) = data {
        app.set_data(data);
    }
    if let (Some(h), Ok(file)) = (&network, app.revenue.fundamentals.as_mut())
        && network::apply_network(file, h)
    {
        app.invalidate();
    }
    app.refresh.log = log;
    app.refresh.summary = Some(summary);
}

/// "MARA: fetched 2026-11-23 18:02 UTC from Yahoo Finance (data to 2026-11-23)".
pub fn last_update_line(log: &FetchLog, symbol: &str) -> Option<String> {
    let e = log.symbols.get(symbol)?;
    Some(format!(
        "{symbol}: fetched {} from {}{}",
        e.fetched_at.format("%Y-%m-%d %H:%M UTC"),
        e.provider.label(),
        e.last_date
            .map(|d| format!(" (data to {d})"))
            .unwrap_or_default()
    ))
}

/// The status bar's hover text: each loaded symbol's last update.
pub fn status_hover(app: &MinerLensApp) -> String {
    let Some(data) = &app.data else {
        return String::new();
    };
    let mut lines = vec!["Last update of each symbol".to_owned()];
    for s in &data.summaries {
        lines.push(match last_update_line(&app.refresh.log, &s.symbol) {
            Some(l) => l,
            None if s.source == sample::DEMO_SOURCE => {
                format!("{}: demo data (synthetic), never fetched", s.symbol)
            }
            None => format!("{}: imported ({}), never fetched", s.symbol, s.source),
        });
    }
    lines.push("Refresh prices (Ctrl+R) fetches the latest".to_owned());
    lines.join("\n")
}
