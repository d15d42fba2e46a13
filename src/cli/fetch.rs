//! `minerlens fetch SYMBOL...`: daily prices from Yahoo Finance (Coinbase for crypto when Yahoo
//! fails) into the local price store, incrementally; `--out FILE` writes them to a CSV or
//! Parquet file instead. `--network` updates the network hashrate and difficulty history.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::EXIT_PARTIAL;
use super::common::OutputFormat;
use super::table::render;
use crate::data::fetch::network::{self, NetworkHistory};
use crate::data::fetch::{self, DataSources, FetchRequest, FetchRun, ProviderChoice, RetryPolicy};
use crate::data::import::store::{self, PriceStore};
use crate::data::paths::AppPaths;
use crate::model::{is_valid_symbol, normalize_symbol, parse_date};

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Symbols to fetch (Yahoo tickers: MARA, GS2C.DE, BTC-USD).
    #[arg(value_name = "SYMBOL")]
    pub symbols: Vec<String>,
    /// First date (default: a few days before the last stored date, or 2015-01-01).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Last date (default: today).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// The provider for every symbol: yahoo or coinbase (default: Yahoo, and Coinbase for
    /// crypto pairs when Yahoo fails).
    #[arg(long, value_parser = ProviderChoice::parse, value_name = "yahoo|coinbase")]
    pub provider: Option<ProviderChoice>,
    /// Write the fetched prices to FILE (.csv or .parquet, long form) instead of the store.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Update the network hashrate and difficulty history (mempool.space, blockchain.info).
    #[arg(long)]
    pub network: bool,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Debug, Serialize)]
struct JsonSymbol {
    symbol: String,
    ok: bool,
    provider: Option<String>,
    rows: usize,
    first_date: Option<NaiveDate>,
    last_date: Option<NaiveDate>,
    provisional: Option<NaiveDate>,
    added: Option<usize>,
    replaced: Option<usize>,
    notes: Vec<String>,
    error_kind: Option<String>,
    http_status: Option<u16>,
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct JsonNetwork {
    ok: bool,
    provider: Option<String>,
    points: usize,
    last_date: Option<NaiveDate>,
    hashrate_eh: Option<f64>,
    difficulty: Option<f64>,
    file: Option<PathBuf>,
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct JsonOut {
    symbols: Vec<JsonSymbol>,
    store: Option<PathBuf>,
    stored: bool,
    out: Option<PathBuf>,
    network: Option<JsonNetwork>,
}

enum OutKind {
    Csv,
    Parquet,
}

fn out_kind(path: &Path) -> anyhow::Result<OutKind> {
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("csv") => Ok(OutKind::Csv),
        Some("parquet") => Ok(OutKind::Parquet),
        _ => bail!(
            "--out {}: the file must end in .csv or .parquet",
            path.display()
        ),
    }
}

fn symbols(raw: &[String]) -> anyhow::Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for r in raw {
        let s = normalize_symbol(r);
        if !is_valid_symbol(&s) {
            bail!("'{r}' is not a symbol: 1-20 characters of A-Z 0-9 . - = ^ _");
        }
        if !out.contains(&s) {
            out.push(s);
        }
    }
    Ok(out)
}

pub fn run(args: &FetchArgs) -> anyhow::Result<ExitCode> {
    let symbols = symbols(&args.symbols)?;
    if symbols.is_empty() && !args.network {
        bail!("nothing to fetch: give one or more symbols, or --network");
    }
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        bail!("--from {from} is after --to {to}");
    }
    let out_kind = args.out.as_deref().map(out_kind).transpose()?;
    let paths = AppPaths::detect();
    let price_store = match (&args.out, &paths) {
        (Some(_), _) => None,
        (None, Some(p)) => Some(PriceStore::new(p.price_store_dir())),
        (None, None) => {
            bail!("no home directory for the price store: set MINERLENS_HOME or use --out FILE")
        }
    };
    // The window's Data sources settings (base URLs, provider per symbol), if it saved any.
    let sources = match &paths {
        Some(p) => DataSources::load(&p.data_sources_file())?.unwrap_or_default(),
        None => DataSources::default(),
    };
    let cancel = AtomicBool::new(false);
    let mut ok = true;

    let run = if symbols.is_empty() {
        FetchRun::default()
    } else {
        let mut request = FetchRequest::new(symbols, sources.clone());
        request.from = args.from;
        request.to = args.to;
        request.provider = args.provider;
        let run = fetch::fetch_prices(&request, price_store.as_ref(), &cancel, &|_, _| {});
        ok &= run.all_succeeded();
        run
    };
    let mut written = None;
    if let (Some(path), Some(kind), Some(update)) = (&args.out, &out_kind, &run.update) {
        write_out(path, kind, update)?;
        written = Some(path.clone());
    }

    let network = if args.network {
        let paths = paths
            .as_ref()
            .context("no home directory to keep the network data: set MINERLENS_HOME")?;
        let file = network::network_file(&paths.data_dir);
        let result = network::fetch_network(
            &sources,
            &RetryPolicy::default(),
            chrono::Utc::now(),
            &cancel,
        )
        .map_err(|e| e.to_string())
        .and_then(|h| {
            network::save_network(&file, &h)
                .map(|()| h)
                .map_err(|e| e.to_string())
        });
        ok &= result.is_ok();
        Some(json_network(result, &file))
    } else {
        None
    };

    let out = JsonOut {
        symbols: run.outcomes.iter().map(json_symbol).collect(),
        store: price_store.as_ref().map(|s| s.dir().to_path_buf()),
        stored: run.stored,
        out: written,
        network,
    };
    match args.format {
        OutputFormat::Json => {
            let mut s = serde_json::to_string_pretty(&out)?;
            s.push('\n');
            print!("{s}");
        }
        OutputFormat::Csv | OutputFormat::Table => print!("{}", summary_table(&out, &run)),
    }
    if let Some(e) = &run.store_error {
        eprintln!("error: the price store was not changed: {e}");
    }
    for s in out.symbols.iter().filter_map(|s| s.error.as_ref()) {
        eprintln!("error: {s}");
    }
    if let Some(e) = out.network.as_ref().and_then(|n| n.error.as_ref()) {
        eprintln!("error: {e}");
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PARTIAL)
    })
}

fn write_out(path: &Path, kind: &OutKind, update: &store::StoreUpdate) -> anyhow::Result<()> {
    let frame = update.frame()?;
    match kind {
        OutKind::Parquet => {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            store::write_parquet_atomic(&dir, &name, &frame)?;
        }
        OutKind::Csv => {
            use polars::prelude::{CsvWriter, SerWriter};
            let mut df = frame.df().clone();
            crate::data::fsutil::atomic_write(path, false, |w| {
                CsvWriter::new(w)
                    .include_header(true)
                    .finish(&mut df)
                    .map_err(std::io::Error::other)
            })
            .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    Ok(())
}

fn json_symbol(o: &fetch::SymbolOutcome) -> JsonSymbol {
    let mut s = JsonSymbol {
        symbol: o.symbol.clone(),
        ok: o.result.is_ok(),
        provider: None,
        rows: 0,
        first_date: None,
        last_date: None,
        provisional: None,
        added: o.stats.as_ref().map(|s| s.added),
        replaced: o.stats.as_ref().map(|s| s.replaced),
        notes: o.fallback_notes(),
        error_kind: None,
        http_status: None,
        error: None,
    };
    match &o.result {
        Ok(f) => {
            s.provider = Some(f.provider.label().to_owned());
            s.rows = f.series.rows.len();
            s.first_date = f.series.first_date();
            s.last_date = f.series.last_date();
            s.provisional = f.provisional;
            s.notes
                .extend(f.series.dropped.iter().chain(&f.series.notes).cloned());
        }
        Err(e) => {
            s.error_kind = Some(e.kind().to_owned());
            s.http_status = e.status();
            s.error = Some(e.to_string());
        }
    }
    s
}

fn json_network(result: Result<NetworkHistory, String>, file: &Path) -> JsonNetwork {
    match result {
        Ok(h) => JsonNetwork {
            ok: true,
            provider: Some(h.provider.label().to_owned()),
            points: h.points.len(),
            last_date: h.points.last().map(|p| p.date),
            hashrate_eh: h.latest_hashrate().map(|(_, v)| v),
            difficulty: h.latest_difficulty().map(|(_, v)| v),
            file: Some(file.to_path_buf()),
            error: None,
        },
        Err(e) => JsonNetwork {
            ok: false,
            provider: None,
            points: 0,
            last_date: None,
            hashrate_eh: None,
            difficulty: None,
            file: None,
            error: Some(e),
        },
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn summary_table(out: &JsonOut, run: &FetchRun) -> String {
    let mut text = String::new();
    if !out.symbols.is_empty() {
        let rows: Vec<Vec<String>> = out
            .symbols
            .iter()
            .map(|s| {
                let result = if s.ok {
                    match (s.added, s.replaced) {
                        (Some(a), Some(r)) if run.stored && r > 0 => {
                            format!("+{a} new, {r} replaced")
                        }
                        (Some(a), Some(_)) if run.stored => format!("+{a} new"),
                        _ => "fetched".to_owned(),
                    }
                } else {
                    let kind = s.error_kind.clone().unwrap_or_default();
                    match s.http_status {
                        Some(code) => format!("failed: {kind} (HTTP {code})"),
                        None => format!("failed: {kind}"),
                    }
                };
                vec![
                    s.symbol.clone(),
                    s.provider.clone().unwrap_or_else(|| "–".into()),
                    s.rows.to_string(),
                    date(s.first_date),
                    date(s.last_date),
                    result,
                ]
            })
            .collect();
        text.push_str(&render(
            &["symbol", "provider", "rows", "from", "to", "result"],
            &rows,
            &[false, false, true, false, false, false],
        ));
        let notes: Vec<String> = out
            .symbols
            .iter()
            .flat_map(|s| {
                let provisional = s.provisional.map(|d| {
                    format!(
                        "{d} is provisional (the session is not over): replaced by the next fetch"
                    )
                });
                s.notes
                    .iter()
                    .cloned()
                    .chain(provisional)
                    .map(move |n| format!("  {}: {n}", s.symbol))
            })
            .collect();
        if !notes.is_empty() {
            text.push_str("\nNotes\n");
            for n in notes {
                text.push_str(&n);
                text.push('\n');
            }
        }
        text.push('\n');
        let good: Vec<&str> = out
            .symbols
            .iter()
            .filter(|s| s.ok)
            .map(|s| s.symbol.as_str())
            .collect();
        let bad: Vec<&str> = out
            .symbols
            .iter()
            .filter(|s| !s.ok)
            .map(|s| s.symbol.as_str())
            .collect();
        match (&out.store, &out.out) {
            (_, Some(path)) => text.push_str(&format!(
                "Wrote {} ({} symbol{})\n",
                path.display(),
                good.len(),
                if good.len() == 1 { "" } else { "s" }
            )),
            (Some(dir), None) if out.stored => text.push_str(&format!(
                "Updated {} of {} symbol{} in the price store ({})\n",
                good.len(),
                out.symbols.len(),
                if out.symbols.len() == 1 { "" } else { "s" },
                dir.display()
            )),
            (Some(_), None) if run.store_error.is_some() => {
                text.push_str("The price store was not changed (see the error below)\n");
            }
            _ => {}
        }
        if !bad.is_empty() {
            text.push_str(&format!(
                "Not updated: {} (see the errors below; the store keeps their earlier data)\n",
                bad.join(", ")
            ));
        }
    }
    if let Some(n) = &out.network {
        match (&n.error, n.hashrate_eh) {
            (None, Some(h)) => text.push_str(&format!(
                "Network: {} days to {} from {} · hashrate {h:.0} EH/s{} · saved to {}\n",
                n.points,
                date(n.last_date),
                n.provider.clone().unwrap_or_default(),
                n.difficulty
                    .map(|d| format!(" · difficulty {d:.3e}"))
                    .unwrap_or_default(),
                n.file
                    .as_ref()
                    .map(|f| f.display().to_string())
                    .unwrap_or_default()
            )),
            _ => text.push_str("Network: not updated (see the error below)\n"),
        }
    }
    text
}
