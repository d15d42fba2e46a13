//! `minerlens events`: the event study of the AI/HPC deals (the market model per event, CAR
//! over [-1,+1], [0,+5], [-5,+20] and a custom window, t-statistics, the raw spread vs BTC), and
//! the average CAR with its cross-sectional t.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::common::{self, OutputFormat, PriceArgs};
use super::table::{csv_records, fmt_opt, render};
use crate::analysis::Aligned;
use crate::analysis::events::{AverageCar, EventParams, EventRow, SkippedEvent, average, study};
use crate::model::deals::{Deal, DealFilter};
use crate::model::{BTC_SYMBOL, normalize_symbol, parse_date};

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub source: PriceArgs,
    /// Miners whose deals are studied, comma separated (default: every miner with deals).
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub symbols: Vec<String>,
    /// Only deals announced on or after this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Only deals announced on or before this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// Only deals with this counterparty (case-insensitive, a part of the name is enough).
    #[arg(long, value_name = "NAME")]
    pub counterparty: Option<String>,
    /// Returns in the estimation window of the market model.
    #[arg(long, value_name = "N", default_value_t = 250,
          value_parser = clap::value_parser!(u32).range(20..=2000))]
    pub estimation: u32,
    /// Trading days between the end of the estimation window and day 0.
    #[arg(long, value_name = "N", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(0..=500))]
    pub gap: u32,
    /// A custom event window beside the standard three, in trading days: FROM,TO (e.g. -1,1).
    #[arg(long, value_name = "FROM,TO", value_parser = parse_window, allow_hyphen_values = true)]
    pub window: Option<(i32, i32)>,
    /// A deal ledger to use instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// A portfolio file whose own deals are added to (or replace) the ledger's.
    #[arg(long, value_name = "FILE")]
    pub portfolio: Option<PathBuf>,
    /// The benchmark of the market model.
    #[arg(long, value_name = "SYMBOL", default_value = BTC_SYMBOL)]
    pub benchmark: String,
    /// Carry the benchmark's last close forward at most this many calendar days.
    #[arg(long, value_name = "DAYS", default_value_t = crate::analysis::align::DEFAULT_MAX_CARRY_DAYS)]
    pub max_carry_days: i32,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

fn parse_date_arg(text: &str) -> Result<NaiveDate, String> {
    parse_date(text)
}

/// `-1,1` -> (-1, 1); the first must not be after the second, both within 250 days.
fn parse_window(text: &str) -> Result<(i32, i32), String> {
    let (a, b) = text
        .split_once(',')
        .ok_or_else(|| format!("'{text}' is not FROM,TO (e.g. -1,1)"))?;
    let num = |s: &str| {
        s.trim()
            .parse::<i32>()
            .map_err(|_| format!("'{}' is not a whole number of trading days", s.trim()))
    };
    let (a, b) = (num(a)?, num(b)?);
    if a > b {
        return Err(format!("the window starts ({a}) after it ends ({b})"));
    }
    if a < -250 || b > 250 {
        return Err("event windows run at most 250 trading days either side".to_owned());
    }
    Ok((a, b))
}

#[derive(Serialize)]
struct JsonOut<'a> {
    benchmark: &'a str,
    params: &'a EventParams,
    rows: Vec<EventRow>,
    average: &'a AverageCar,
    skipped: &'a [SkippedEvent],
}

/// The deals in use: the bundled ledger (or `--ledger`) with the portfolio's own deals.
pub fn load_deals(
    ledger: Option<&PathBuf>,
    portfolio: Option<&PathBuf>,
) -> anyhow::Result<Vec<Deal>> {
    let ledger = match ledger {
        Some(path) => crate::data::deals::load_ledger(path)?,
        None => crate::data::deals::bundled_ledger()?,
    };
    let personal = match portfolio {
        Some(path) => {
            let opened = crate::data::portfolio_file::open(path)?;
            for w in &opened.warnings {
                eprintln!("warning: {}: {w}", path.display());
            }
            opened.portfolio.deals
        }
        None => Default::default(),
    };
    Ok(ledger.effective(&personal))
}

pub fn run(args: &EventsArgs) -> anyhow::Result<ExitCode> {
    if let (Some(a), Some(b)) = (args.from, args.to)
        && a > b
    {
        bail!("--from {a} is after --to {b}");
    }
    let mut deals = load_deals(args.ledger.as_ref(), args.portfolio.as_ref())?;
    let symbols: Vec<String> = args.symbols.iter().map(|s| normalize_symbol(s)).collect();
    for s in &symbols {
        if !deals.iter().any(|d| &d.symbol == s) {
            bail!("{s} has no deal in the ledger");
        }
    }
    let filter = DealFilter {
        symbols,
        from: args.from,
        to: args.to,
        counterparty: args.counterparty.clone().unwrap_or_default(),
    };
    deals.retain(|d| filter.matches(d));
    if deals.is_empty() {
        bail!("no deal matches --symbols, --from, --to and --counterparty");
    }
    let loaded = common::load_prices(&args.source)?;
    let benchmark = normalize_symbol(&args.benchmark);
    if !loaded.prices.symbols().contains(&benchmark) {
        bail!("unknown benchmark {benchmark}: it is not in the loaded data");
    }
    let aligned = Aligned::build_with_carry(&loaded.prices, &benchmark, args.max_carry_days)?;
    let params = EventParams {
        estimation_days: args.estimation as usize,
        gap_days: args.gap as usize,
        custom: args.window,
        ..EventParams::default()
    };
    let result = study(&aligned, &deals, &params);
    let all: Vec<_> = result.events.iter().collect();
    let avg = average(&all, &params);
    for s in &result.skipped {
        eprintln!("note: left out {} ({}): {}", s.id, s.symbol, s.reason);
    }
    let rows: Vec<EventRow> = result
        .events
        .iter()
        .map(|e| EventRow::of(e, &params))
        .collect();
    let text = match args.format {
        OutputFormat::Json => {
            let out = JsonOut {
                benchmark: &result.benchmark,
                params: &params,
                rows,
                average: &avg,
                skipped: &result.skipped,
            };
            let mut s = serde_json::to_string_pretty(&out)?;
            s.push('\n');
            s
        }
        OutputFormat::Csv => csv_records(&EventRow::CSV_COLUMNS, &rows),
        OutputFormat::Table => table(&rows, &avg, &result.skipped, &loaded.source, &params),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn table(
    rows: &[EventRow],
    avg: &AverageCar,
    skipped: &[SkippedEvent],
    source: &str,
    params: &EventParams,
) -> String {
    let mut headers = vec![
        "event",
        "day 0",
        "beta",
        "CAR[-1,+1] %",
        "t",
        "CAR[0,+5] %",
        "t",
        "CAR[-5,+20] %",
        "t",
        "spread[-1,+1] pts",
    ];
    let custom_header = params.custom.map(|(a, b)| format!("CAR[{a:+},{b:+}] %"));
    if let Some(h) = &custom_header {
        headers.push(h);
        headers.push("t");
    }
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut row = vec![
                format!("{} {}", r.symbol, r.counterparty),
                r.day0.to_string(),
                format!("{:.2}", r.beta),
                fmt_opt(r.car_m1_p1_pct, 2),
                fmt_opt(r.t_m1_p1, 2),
                fmt_opt(r.car_0_p5_pct, 2),
                fmt_opt(r.t_0_p5, 2),
                fmt_opt(r.car_m5_p20_pct, 2),
                fmt_opt(r.t_m5_p20, 2),
                fmt_opt(r.spread_m1_p1_pp, 2),
            ];
            if custom_header.is_some() {
                row.push(fmt_opt(r.car_custom_pct, 2));
                row.push(fmt_opt(r.t_custom, 2));
            }
            row
        })
        .collect();
    let numeric: Vec<bool> = (0..headers.len()).map(|i| i >= 2).collect();
    let mut out = format!(
        "Event study of {} deals · {source} · market model on {} returns ending {} trading days \
         before day 0\n\n",
        rows.len(),
        params.estimation_days,
        params.gap_days
    );
    out.push_str(&render(&headers, &body, &numeric));
    out.push_str("\nAverage CAR:");
    for w in &avg.windows {
        out.push_str(&format!(
            "  [{:+},{:+}] {}% (t {}, n {})",
            w.from,
            w.to,
            fmt_opt(w.mean_car_pct, 2),
            fmt_opt(w.t, 2),
            w.n
        ));
    }
    out.push('\n');
    for s in skipped {
        out.push_str(&format!(
            "Left out: {} ({}): {}\n",
            s.id, s.symbol, s.reason
        ));
    }
    out
}
