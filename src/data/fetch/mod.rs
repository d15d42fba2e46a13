//! Live data: daily prices from Yahoo Finance (stocks and BTC-USD) with Coinbase Exchange as the
//! crypto fallback, and the Bitcoin network's hashrate and difficulty from mempool.space with
//! blockchain.info as the fallback.
//!
//! - [`fetch_prices`] fetches several symbols (at most [`RetryPolicy::parallel`] at once, each
//!   from the day after its last stored date minus [`OVERLAP_DAYS`]), checks every response with
//!   the importer's readers and validation, and merges what succeeded into the price store
//!   through the same prepare/commit path as file imports. A symbol that fails or is cancelled
//!   leaves its store file untouched.
//! - [`http`] is the client: timeouts, retries with backoff and jitter, `Retry-After`, a rate
//!   limit per provider; [`FetchError`] names every failure and says what to do.
//! - [`network`] fetches and keeps the network history used by the revenue-mix model.

pub mod error;
pub mod http;
pub mod network;

mod ask;
mod coinbase;
mod fetch_log;
mod provider;
mod yahoo;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::{DateTime, NaiveDate, Utc};

pub use error::FetchError;
pub use fetch_log::{FetchLog, FetchLogEntry};
pub use http::{Http, RetryPolicy};
pub use provider::{DataSources, Provider, ProviderChoice, is_crypto_pair};

pub(crate) use ask::Ask;
use ask::{encode, unix};

use super::DataError;
use super::import::ImportedSeries;
use super::import::store::{self, MergeStats, PriceStore, StoreUpdate};
use super::prices::PriceRows;
use crate::model::date_to_days;
use crate::model::dates::{within, ymd};

/// Days before the last stored date that are fetched again, to pick up revisions.
pub const OVERLAP_DAYS: i64 = 5;
/// The first date fetched for a symbol the store does not have.
pub const DEFAULT_START: NaiveDate = ymd(2015, 1, 1);
/// A series whose newest bar is more than this many days before the end asked for is reported
/// as stopped (delisted or renamed).
pub const STALE_DAYS: i64 = 30;

/// A fetch of prices.
#[derive(Clone, Debug)]
pub struct FetchRequest {
    pub symbols: Vec<String>,
    /// First date (default: incremental from the store, else [`DEFAULT_START`]).
    pub from: Option<NaiveDate>,
    /// Last date (default: today).
    pub to: Option<NaiveDate>,
    /// One provider for every symbol (the command line's `--provider`); `None` = per symbol.
    pub provider: Option<ProviderChoice>,
    pub sources: DataSources,
    pub policy: RetryPolicy,
    /// The current time (decides what "today" and "provisional" mean).
    pub now: DateTime<Utc>,
}

impl FetchRequest {
    pub fn new(symbols: Vec<String>, sources: DataSources) -> Self {
        Self {
            symbols,
            from: None,
            to: None,
            provider: None,
            sources,
            policy: RetryPolicy::default(),
            now: Utc::now(),
        }
    }
}

/// Where one symbol's fetch is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stage {
    Waiting,
    Running(f32),
    Done,
    Failed,
    Cancelled,
}

/// Prices of one symbol that came back and passed the checks.
#[derive(Clone, Debug)]
pub struct Fetched {
    pub provider: Provider,
    pub series: ImportedSeries,
    /// The date of a last bar whose day is not over (replaced by the next fetch).
    pub provisional: Option<NaiveDate>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Fetched {
    /// The rows' source in the store: "Yahoo Finance".
    pub fn source(&self) -> String {
        self.provider.label().to_owned()
    }
}

/// What happened to one symbol.
#[derive(Debug)]
pub struct SymbolOutcome {
    pub symbol: String,
    pub result: Result<Fetched, FetchError>,
    /// On success, the error of the provider that failed before the one that answered; on
    /// failure, the errors of the fallbacks (the first provider's error is the result).
    pub fallbacks: Vec<String>,
    /// What the store got (after a commit).
    pub stats: Option<MergeStats>,
}

impl SymbolOutcome {
    /// The fallback, in words: which provider failed before the one that answered, or what the
    /// fallback said when it failed too.
    pub fn fallback_notes(&self) -> Vec<String> {
        self.fallbacks
            .iter()
            .map(|e| match &self.result {
                Ok(f) => format!("used {} because {e}", f.provider.label()),
                Err(_) => format!("the fallback failed too: {e}"),
            })
            .collect()
    }
}

/// A whole fetch.
#[derive(Debug, Default)]
pub struct FetchRun {
    pub outcomes: Vec<SymbolOutcome>,
    /// The merged result of the symbols that succeeded.
    pub update: Option<StoreUpdate>,
    pub stored: bool,
    /// Merging or writing failed (the store is then unchanged).
    pub store_error: Option<DataError>,
}

impl FetchRun {
    pub fn succeeded(&self) -> usize {
        self.outcomes.iter().filter(|o| o.result.is_ok()).count()
    }

    pub fn all_succeeded(&self) -> bool {
        self.store_error.is_none() && self.outcomes.iter().all(|o| o.result.is_ok())
    }
}

/// The source of a provisional row: "Yahoo Finance (provisional)".
pub fn provisional_source(provider: Provider) -> String {
    format!("{} (provisional)", provider.label())
}

/// True for a row source written by a fetch.
pub fn is_fetched_source(source: &str) -> bool {
    [Provider::Yahoo, Provider::Coinbase]
        .iter()
        .any(|p| source.starts_with(p.label()))
}

/// Fetches `request.symbols` and, with a store, merges the ones that succeeded into it.
/// `progress(index, stage)` reports each symbol's progress from the worker threads.
pub fn fetch_prices(
    request: &FetchRequest,
    store: Option<&PriceStore>,
    cancel: &AtomicBool,
    progress: &(dyn Fn(usize, Stage) + Sync),
) -> FetchRun {
    let http = match Http::new(request.policy.clone()) {
        Ok(h) => h,
        Err(e) => {
            let message = e.to_string();
            return FetchRun {
                outcomes: request
                    .symbols
                    .iter()
                    .map(|s| SymbolOutcome {
                        symbol: s.clone(),
                        result: Err(FetchError::Client(message.clone())),
                        fallbacks: Vec::new(),
                        stats: None,
                    })
                    .collect(),
                ..FetchRun::default()
            };
        }
    };
    let n = request.symbols.len();
    let slots: Vec<Mutex<Option<SymbolOutcome>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = request.policy.parallel.clamp(1, 4).min(n.max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(symbol) = request.symbols.get(i) else {
                        break;
                    };
                    progress(i, Stage::Running(0.0));
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        fetch_symbol(&http, request, store, symbol, cancel, &|f| {
                            progress(i, Stage::Running(f));
                        })
                    }))
                    .unwrap_or_else(|_| SymbolOutcome {
                        symbol: symbol.clone(),
                        result: Err(FetchError::Provider {
                            target: symbol.clone(),
                            message: "internal error while fetching".into(),
                        }),
                        fallbacks: Vec::new(),
                        stats: None,
                    });
                    progress(
                        i,
                        match &outcome.result {
                            Ok(_) => Stage::Done,
                            Err(e) if e.is_cancelled() => Stage::Cancelled,
                            Err(_) => Stage::Failed,
                        },
                    );
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(outcome);
                    }
                }
            });
        }
    });
    let outcomes: Vec<SymbolOutcome> = slots
        .into_iter()
        .zip(&request.symbols)
        .map(|(slot, symbol)| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| SymbolOutcome {
                    symbol: symbol.clone(),
                    result: Err(FetchError::Cancelled {
                        target: symbol.clone(),
                    }),
                    fallbacks: Vec::new(),
                    stats: None,
                })
        })
        .collect();
    merge(outcomes, store, request.now)
}

/// Merges the symbols that succeeded over the store and writes them (all files staged first).
fn merge(
    mut outcomes: Vec<SymbolOutcome>,
    store: Option<&PriceStore>,
    now: DateTime<Utc>,
) -> FetchRun {
    let mut provisional_rows: BTreeMap<String, (PriceRows, PriceRows)> = BTreeMap::new();
    for o in &outcomes {
        if let Ok(f) = &o.result {
            provisional_rows.insert(o.symbol.clone(), split_provisional(f));
        }
    }
    if provisional_rows.is_empty() {
        return FetchRun {
            outcomes,
            ..FetchRun::default()
        };
    }
    let mut parts: BTreeMap<String, Vec<(String, &PriceRows)>> = BTreeMap::new();
    for o in &outcomes {
        let (Ok(f), Some((final_rows, last))) = (&o.result, provisional_rows.get(&o.symbol)) else {
            continue;
        };
        let entry = parts.entry(o.symbol.clone()).or_default();
        entry.push((f.source(), final_rows));
        if !last.is_empty() {
            entry.push((provisional_source(f.provider), last));
        }
    }
    let mut run = FetchRun::default();
    match store::prepare_rows(store, parts) {
        Ok(update) => {
            if let Some(store) = store {
                let what = match update.symbols.len() {
                    1 => format!("fetch of {}", update.symbols[0].stats.symbol),
                    n => format!("fetch of {n} symbols"),
                };
                match store.commit(&update, &what) {
                    Ok(()) => {
                        run.stored = true;
                        let mut log = FetchLog::load(store.dir());
                        for o in &outcomes {
                            if let Ok(f) = &o.result {
                                log.symbols.insert(
                                    o.symbol.clone(),
                                    FetchLogEntry {
                                        fetched_at: now,
                                        provider: f.provider,
                                        last_date: f.series.last_date(),
                                    },
                                );
                            }
                        }
                        if let Err(e) = log.save(store.dir()) {
                            log::warn!("could not write the fetch log: {e}");
                        }
                    }
                    Err(e) => run.store_error = Some(e),
                }
            }
            let stats = update.stats();
            for o in &mut outcomes {
                o.stats = stats.iter().find(|s| s.symbol == o.symbol).cloned();
            }
            run.update = Some(update);
        }
        Err(e) => run.store_error = Some(e),
    }
    run.outcomes = outcomes;
    run
}

/// The rows without the provisional last bar, and that bar alone (or nothing).
fn split_provisional(f: &Fetched) -> (PriceRows, PriceRows) {
    let rows = &f.series.rows;
    match f.provisional {
        Some(day) if rows.days.last() == Some(&date_to_days(day)) => {
            let n = rows.len() - 1;
            (rows.slice(0..n), rows.slice(n..n + 1))
        }
        _ => (rows.clone(), PriceRows::default()),
    }
}

/// The date range to ask for: from the request, else incremental from the store.
fn range_for(
    request: &FetchRequest,
    store: Option<&PriceStore>,
    symbol: &str,
) -> Result<(NaiveDate, NaiveDate), FetchError> {
    let today = request.now.date_naive();
    let to = request.to.unwrap_or(today).min(today);
    let from = match request.from {
        Some(from) => from,
        None => {
            let last = match store {
                Some(store) => store
                    .load(symbol)
                    .map_err(|source| FetchError::Invalid {
                        target: format!("{symbol} in the price store"),
                        source,
                    })?
                    .and_then(|f| f.date_range())
                    .map(|(_, last)| last),
                None => None,
            };
            match last {
                Some(last) => last - chrono::Days::new(OVERLAP_DAYS as u64),
                None => DEFAULT_START,
            }
        }
    };
    Ok((from.min(to), to))
}

fn fetch_symbol(
    http: &Http,
    request: &FetchRequest,
    store: Option<&PriceStore>,
    symbol: &str,
    cancel: &AtomicBool,
    progress: &dyn Fn(f32),
) -> SymbolOutcome {
    let mut outcome = SymbolOutcome {
        symbol: symbol.to_owned(),
        result: Err(FetchError::Cancelled {
            target: symbol.to_owned(),
        }),
        fallbacks: Vec::new(),
        stats: None,
    };
    let (from, to) = match range_for(request, store, symbol) {
        Ok(r) => r,
        Err(e) => {
            outcome.result = Err(e);
            return outcome;
        }
    };
    let choice = request
        .provider
        .unwrap_or_else(|| request.sources.choice(symbol));
    let chain = choice.chain(symbol);
    let mut first_error: Option<FetchError> = None;
    for provider in chain {
        let base = request.sources.base_url(provider);
        let ask = Ask {
            http,
            base: &base,
            symbol,
            from,
            to,
            now: request.now,
            cancel,
            progress,
        };
        let result = match provider {
            Provider::Coinbase => coinbase::fetch(&ask),
            _ => yahoo::fetch(&ask),
        }
        .and_then(|f| check_recent(f, symbol))
        .map(trim_to_range);
        match result {
            Ok(f) => {
                outcome.result = Ok(f);
                if let Some(e) = first_error {
                    outcome.fallbacks.push(e.to_string());
                }
                return outcome;
            }
            Err(e) if e.is_cancelled() => {
                outcome.result = Err(e);
                return outcome;
            }
            Err(e) => {
                if first_error.is_none() {
                    first_error = Some(e);
                } else {
                    outcome.fallbacks.push(e.to_string());
                }
            }
        }
    }
    if let Some(e) = first_error {
        outcome.result = Err(e);
    }
    outcome
}

/// Keeps the rows of `[from, to]`: the providers are asked for a day more on each side (time
/// zones), and the user asked for these dates.
fn trim_to_range(mut f: Fetched) -> Fetched {
    let days = &f.series.rows.days;
    let keep = within(days, &date_to_days(f.from), &date_to_days(f.to), |d| *d);
    if keep.start > 0 || keep.end < days.len() {
        f.series.rows = f.series.rows.slice(keep);
    }
    if f.provisional.is_some_and(|d| d < f.from || d > f.to) {
        f.provisional = None;
    }
    f
}

/// A series whose data stops long before the end asked for is not a successful update.
fn check_recent(f: Fetched, symbol: &str) -> Result<Fetched, FetchError> {
    let Some(last) = f.series.last_date() else {
        return Err(FetchError::Empty {
            target: format!("{symbol} from {}", f.provider.label()),
            from: f.from,
            to: f.to,
        });
    };
    let days = (f.to - last).num_days();
    if days > STALE_DAYS {
        return Err(FetchError::Delisted {
            target: format!("{symbol} from {}", f.provider.label()),
            last,
            to: f.to,
            days,
        });
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetched_rows_are_trimmed_to_the_dates_asked_for() {
        let mut rows = PriceRows::default();
        for day in 1..=6 {
            rows.push(ymd(2026, 10, day), f64::from(day), None, None);
        }
        let fetched = Fetched {
            provider: Provider::Yahoo,
            series: ImportedSeries {
                symbol: "MARA".into(),
                rows,
                dropped: Vec::new(),
                dropped_rows: 0,
                notes: Vec::new(),
            },
            provisional: Some(ymd(2026, 10, 6)),
            from: ymd(2026, 10, 2),
            to: ymd(2026, 10, 5),
        };
        let f = trim_to_range(fetched);
        assert_eq!(f.series.first_date(), Some(ymd(2026, 10, 2)));
        assert_eq!(f.series.last_date(), Some(ymd(2026, 10, 5)));
        assert_eq!(f.series.rows.close, vec![2.0, 3.0, 4.0, 5.0]);
        assert_eq!(f.provisional, None, "the provisional bar was cut off");
    }

    #[test]
    fn providers_are_chosen_per_symbol() {
        assert_eq!(
            ProviderChoice::Auto.chain("BTC-USD"),
            vec![Provider::Yahoo, Provider::Coinbase]
        );
        assert_eq!(ProviderChoice::Auto.chain("MARA"), vec![Provider::Yahoo]);
        assert_eq!(
            ProviderChoice::Coinbase.chain("BTC-USD"),
            vec![Provider::Coinbase]
        );
        assert!(is_crypto_pair("ETH-USD"));
        assert!(!is_crypto_pair("-USD"));
        assert!(!is_crypto_pair("GS2C.DE"));
        assert_eq!(encode("^GSPC"), "%5EGSPC");
        assert_eq!(Provider::Yahoo.env_var(), "MINERLENS_YAHOO_URL");
        let mut s = DataSources::default();
        s.base_urls
            .insert("coinbase".into(), "http://proxy.local/cb/".into());
        assert_eq!(s.base_url(Provider::Coinbase), "http://proxy.local/cb");
        assert_eq!(ProviderChoice::parse("Yahoo"), Ok(ProviderChoice::Yahoo));
        assert!(ProviderChoice::parse("bloomberg").is_err());
    }
}
