//! `minerlens revenue-mix`: each miner's revenue from mining, AI/HPC hosting and GPU cloud, its
//! AI share, breakeven BTC price and sensitivity to BTC.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::common::{self, OutputFormat};
use super::table::{fmt_opt, render};
use crate::analysis::revenue::{self, Market, MarketInputs, MinerRevenue, resolve_market};
use crate::chart::axis::compact;
use crate::chart::revenue_views::market_summary;
use crate::data::fundamentals::{bundled_fundamentals, load_fundamentals};
use crate::model::fundamentals::{FundamentalsFile, MinerOverrides};
use crate::model::{BTC_SYMBOL, date_to_days, days_to_date, normalize_symbol, parse_date};

/// The inputs of the per-miner models, shared by `revenue-mix` and `economics`.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// A portfolio file whose `revenue_overrides` replace per-miner values of the fundamentals
    /// and whose own deals join the ledger's.
    #[arg(long, value_name = "FILE")]
    pub portfolio: Option<PathBuf>,
    /// A fundamentals file (default: the bundled sample_data/fundamentals.json).
    #[arg(long, value_name = "FILE")]
    pub fundamentals: Option<PathBuf>,
    /// A deal ledger (default: the bundled sample_data/ai_deals.json): the hosting contracts.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    #[command(flatten)]
    pub source: common::PriceArgs,
    /// BTC price in USD (default: the last BTC-USD close on or before --as-of).
    #[arg(long, value_name = "USD", value_parser = positive_number, allow_negative_numbers = true)]
    pub btc_price: Option<f64>,
    /// Network hashrate in EH/s (default: the fundamentals file's).
    #[arg(long, value_name = "EH", value_parser = positive_number, allow_negative_numbers = true)]
    pub network_hashrate_eh: Option<f64>,
    /// Transaction fees in BTC per block (default: the fundamentals file's).
    #[arg(long, value_name = "F", value_parser = non_negative_number, allow_negative_numbers = true)]
    pub fees_btc: Option<f64>,
    /// The date of the run rates: block subsidy and contract ramps (default: the date of the last
    /// BTC-USD close).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Miners to show, comma separated (default: every miner of the fundamentals file).
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub symbols: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RevenueMixArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// Everything the per-miner models start from on the command line.
pub struct LoadedModel {
    pub file: FundamentalsFile,
    pub overrides: BTreeMap<String, MinerOverrides>,
    pub deals: Vec<crate::model::deals::Deal>,
    pub market: Market,
    /// Where the BTC price and the network hashrate came from.
    pub btc_source: String,
    pub hashrate_source: String,
    pub symbols: Option<Vec<String>>,
}

impl LoadedModel {
    pub fn inputs(&self) -> revenue::ModelInputs<'_> {
        revenue::ModelInputs {
            fundamentals: &self.file,
            overrides: &self.overrides,
            deals: &self.deals,
        }
    }
}

/// Reads the fundamentals (with the fetched network history), the portfolio's overrides and
/// deals, the ledger, and settles the market.
pub fn load_model(args: &ModelArgs) -> anyhow::Result<LoadedModel> {
    let file = match &args.fundamentals {
        Some(path) => load_fundamentals(path)?,
        None => bundled_fundamentals()?,
    };
    // The network hashrate history fetched by `minerlens fetch --network` or Refresh.
    let file = crate::data::fetch::network::with_fetched_network_of_app(file);
    let (overrides, _) = match &args.portfolio {
        Some(path) => portfolio_overrides(path)?,
        None => (BTreeMap::new(), Default::default()),
    };
    let deals = super::events::load_deals(args.ledger.as_ref(), args.portfolio.as_ref())?;
    let symbols = chosen_symbols(&args.symbols, &file)?;
    let (market, btc_source) = market(args, &file)?;
    let hashrate_source = match args.network_hashrate_eh {
        Some(_) => "set with --network-hashrate-eh".to_owned(),
        None => file.network.hashrate_at(market.as_of).1,
    };
    Ok(LoadedModel {
        file,
        overrides,
        deals,
        market,
        btc_source,
        hashrate_source,
        symbols,
    })
}

pub fn number(text: &str) -> Result<f64, String> {
    let v: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a number"))?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("'{text}' is not a finite number"))
    }
}

pub fn positive_number(text: &str) -> Result<f64, String> {
    let v = number(text)?;
    if v > 0.0 {
        Ok(v)
    } else {
        Err(format!("must be above zero (got {v})"))
    }
}

pub fn non_negative_number(text: &str) -> Result<f64, String> {
    let v = number(text)?;
    if v >= 0.0 {
        Ok(v)
    } else {
        Err(format!("must not be negative (got {v})"))
    }
}

/// The whole output of `--format json`.
#[derive(Debug, Serialize)]
struct JsonOut<'a> {
    as_of: NaiveDate,
    btc_price_usd: f64,
    btc_price_source: &'a str,
    network_hashrate_eh: f64,
    fees_btc_per_block: f64,
    subsidy_btc: f64,
    hashprice_usd_per_ph_day: f64,
    fundamentals_as_of: NaiveDate,
    network_as_of: NaiveDate,
    network_hashrate_source: &'a str,
    rows: &'a [MinerRevenue],
}

pub fn run(args: &RevenueMixArgs) -> anyhow::Result<ExitCode> {
    let model = load_model(&args.model)?;
    let LoadedModel {
        file,
        market,
        btc_source,
        hashrate_source,
        ..
    } = &model;
    let mut rows = revenue::revenue_mix(&model.inputs(), market, model.symbols.as_deref())?;
    revenue::sort_by_ai_share(&mut rows);
    let text = match args.format {
        OutputFormat::Json => {
            let out = JsonOut {
                as_of: market.as_of,
                btc_price_usd: market.btc_price_usd,
                btc_price_source: btc_source,
                network_hashrate_eh: market.network_hashrate_eh,
                fees_btc_per_block: market.fees_btc_per_block,
                subsidy_btc: market.subsidy_btc(),
                hashprice_usd_per_ph_day: market.hashprice_usd_per_ph_day(),
                fundamentals_as_of: file.as_of,
                network_as_of: file.network.as_of,
                network_hashrate_source: hashrate_source,
                rows: &rows,
            };
            let mut s = serde_json::to_string_pretty(&out)?;
            s.push('\n');
            s
        }
        OutputFormat::Csv => csv(&rows),
        OutputFormat::Table => format!(
            "{}\nBTC price: {btc_source} · fundamentals as of {}{}\n\n{}",
            market_summary(market),
            file.as_of,
            if args.model.network_hashrate_eh.is_none()
                && (file.network.as_of > file.as_of || file.network.hashrate_history.is_some())
            {
                format!("\nNetwork hashrate: {hashrate_source}")
            } else {
                String::new()
            },
            table(&rows)
        ),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// The overrides of a portfolio file (read with the portfolio reader: format, version and
/// migration are checked like everywhere else).
fn portfolio_overrides(
    path: &std::path::Path,
) -> anyhow::Result<(
    BTreeMap<String, MinerOverrides>,
    crate::model::deals::PersonalDeals,
)> {
    let opened = crate::data::portfolio_file::open(path)?;
    for w in &opened.warnings {
        eprintln!("warning: {}: {w}", path.display());
    }
    Ok((opened.portfolio.revenue_overrides, opened.portfolio.deals))
}

fn chosen_symbols(raw: &[String], file: &FundamentalsFile) -> anyhow::Result<Option<Vec<String>>> {
    if raw.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for s in raw
        .iter()
        .map(|s| normalize_symbol(s))
        .filter(|s| !s.is_empty())
    {
        if file.miner(&s).is_none() {
            let known: Vec<&str> = file.miners.iter().map(|m| m.symbol.as_str()).collect();
            bail!(
                "unknown miner {s}: it is not in the fundamentals file ({})",
                known.join(", ")
            );
        }
        if !out.contains(&s) {
            out.push(s);
        }
    }
    Ok(Some(out))
}

/// The market inputs: flags first, then the data's last BTC close and the fundamentals file.
/// Also says where the BTC price came from.
fn market(args: &ModelArgs, file: &FundamentalsFile) -> anyhow::Result<(Market, String)> {
    let inputs = MarketInputs {
        btc_price_usd: args.btc_price,
        network_hashrate_eh: args.network_hashrate_eh,
        fees_btc_per_block: args.fees_btc,
    };
    if let (Some(as_of), Some(_)) = (args.as_of, args.btc_price) {
        // Everything given: no need to read prices.
        let resolved =
            resolve_market(file, as_of, None, &inputs, None).context("the BTC price was given")?;
        return Ok((resolved.market, BTC_GIVEN_BY.to_owned()));
    }
    let loaded = common::load_prices(&args.source)?;
    market_from_data(file, &loaded.prices, &loaded.source, args.as_of, &inputs)
}

/// How the command line sets the BTC price, in the notes.
const BTC_GIVEN_BY: &str = "set with --btc-price";

/// The market for the revenue model as of `as_of` (default: the last BTC-USD close in
/// `prices`), by [`resolve_market`]; with no BTC close and no --btc-price it is an error. Also
/// says where the BTC price came from. Shared by `revenue-mix` and `chart revenue-mix|capacity`.
pub fn market_from_data(
    file: &FundamentalsFile,
    prices: &crate::data::PriceFrame,
    source: &str,
    as_of: Option<NaiveDate>,
    inputs: &MarketInputs,
) -> anyhow::Result<(Market, String)> {
    let btc = prices.series(BTC_SYMBOL).map_err(|_| {
        anyhow::anyhow!(
            "no {BTC_SYMBOL} prices in the data to take the BTC price from; pass --btc-price USD"
        )
    })?;
    let last_day = btc.days.last().copied().context("no BTC-USD prices")?;
    let as_of = as_of.unwrap_or_else(|| days_to_date(last_day));
    let close = btc
        .at_or_before(date_to_days(as_of))
        .map(|(day, price)| (days_to_date(day), price));
    let Some(resolved) = resolve_market(file, as_of, close, inputs, None) else {
        bail!("no {BTC_SYMBOL} close on or before {as_of}; pass --btc-price USD");
    };
    let note = resolved.btc_note(BTC_GIVEN_BY, source);
    Ok((resolved.market, note))
}

const COLUMNS: [&str; 10] = [
    "symbol",
    "hashrate_eh",
    "hashprice_usd_per_ph_day",
    "mining_usd_per_year",
    "hosting_usd_per_year",
    "gpu_cloud_usd_per_year",
    "total_usd_per_year",
    "ai_share_pct",
    "breakeven_btc_price_usd",
    "btc_sensitivity_pct",
];

fn csv(rows: &[MinerRevenue]) -> String {
    super::table::csv_records(&COLUMNS, rows)
}

fn table(rows: &[MinerRevenue]) -> String {
    let headers = [
        "symbol",
        "hashrate EH/s",
        "hashprice $/PH/day",
        "mining $/yr",
        "hosting $/yr",
        "GPU cloud $/yr",
        "total $/yr",
        "AI share %",
        "breakeven BTC $",
        "BTC +10% → revenue %",
    ];
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.symbol.clone(),
                format!("{:.1}", r.hashrate_eh),
                format!("{:.2}", r.hashprice_usd_per_ph_day),
                compact(r.mining_usd_per_year),
                compact(r.hosting_usd_per_year),
                compact(r.gpu_cloud_usd_per_year),
                compact(r.total_usd_per_year),
                fmt_opt(r.ai_share_pct, 1),
                fmt_opt(r.breakeven_btc_price_usd, 0),
                fmt_opt(r.btc_sensitivity_pct, 2),
            ]
        })
        .collect();
    let numeric: Vec<bool> = (0..headers.len()).map(|i| i > 0).collect();
    render(&headers, &body, &numeric)
}
