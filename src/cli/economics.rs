//! `minerlens economics`: per MW, what mining earns against hosting AI/HPC tenants (gross
//! profit, hashcost, the cost to mine a BTC, the switch BTC price and hashrate, payback), and
//! each miner's gross profit mix.

use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use super::common::OutputFormat;
use super::revenue_mix::{ModelArgs, load_model};
use super::table::{csv_records, fmt_opt, render};
use crate::analysis::economics::{MinerEconomics, economics};
use crate::analysis::revenue::Market;
use crate::chart::axis::compact;
use crate::chart::revenue_views::market_summary;

#[derive(Debug, Args)]
pub struct EconomicsArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    #[serde(flatten)]
    market: &'a Market,
    btc_price_source: &'a str,
    network_hashrate_source: &'a str,
    hashprice_usd_per_ph_day: f64,
    rows: &'a [MinerEconomics],
}

pub fn run(args: &EconomicsArgs) -> anyhow::Result<ExitCode> {
    let model = load_model(&args.model)?;
    let rows = economics(&model.inputs(), &model.market, model.symbols.as_deref())?;
    let text = match args.format {
        OutputFormat::Json => {
            let out = JsonOut {
                market: &model.market,
                btc_price_source: &model.btc_source,
                network_hashrate_source: &model.hashrate_source,
                hashprice_usd_per_ph_day: model.market.hashprice_usd_per_ph_day(),
                rows: &rows,
            };
            let mut s = serde_json::to_string_pretty(&out)?;
            s.push('\n');
            s
        }
        OutputFormat::Csv => csv_records(&CSV_COLUMNS, &rows),
        OutputFormat::Table => format!(
            "{}\nBTC price: {} · per MW of machines (mining) and of critical IT (hosting)\n\n{}",
            market_summary(&model.market),
            model.btc_source,
            table(&rows)
        ),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

const CSV_COLUMNS: [&str; 27] = [
    "symbol",
    "hashprice_usd_per_ph_day",
    "th_per_mw",
    "mining_revenue_usd_per_mw_year",
    "power_cost_usd_per_mw_year",
    "other_opex_usd_per_mw_year",
    "mining_gross_profit_usd_per_mw_year",
    "mining_margin_pct",
    "hashcost_power_usd_per_ph_day",
    "hashcost_all_in_usd_per_ph_day",
    "breakeven_hashprice_usd_per_ph_day",
    "cost_to_mine_btc_power_usd",
    "cost_to_mine_btc_usd",
    "lease_usd_per_mw_year",
    "hosting_noi_usd_per_mw_year",
    "conversion_capex_usd_per_mw",
    "payback_years",
    "switch_btc_price_usd",
    "switch_network_hashrate_eh",
    "mining_gross_profit_usd_per_year",
    "hosting_gross_profit_usd_per_year",
    "gpu_cloud_gross_profit_usd_per_year",
    "uptime_pct",
    "pool_fee_pct",
    "pue",
    "efficiency_j_per_th",
    "power_cost_usd_per_mwh",
];

fn table(rows: &[MinerEconomics]) -> String {
    let headers = [
        "symbol",
        "mining GP $/MW-yr",
        "margin %",
        "hosting NOI $/MW-yr",
        "hashcost $/PH/day",
        "cost per BTC $",
        "switch BTC $",
        "switch EH/s",
        "payback yrs",
        "GP mining $/yr",
        "GP hosting $/yr",
    ];
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.symbol.clone(),
                compact(r.mining_gross_profit_usd_per_mw_year),
                fmt_opt(r.mining_margin_pct, 1),
                compact(r.hosting_noi_usd_per_mw_year),
                format!("{:.2}", r.hashcost_all_in_usd_per_ph_day),
                fmt_opt(r.cost_to_mine_btc_usd, 0),
                fmt_opt(r.switch_btc_price_usd, 0),
                fmt_opt(r.switch_network_hashrate_eh, 0),
                fmt_opt(r.payback_years, 1),
                compact(r.mining_gross_profit_usd_per_year),
                compact(r.hosting_gross_profit_usd_per_year),
            ]
        })
        .collect();
    let numeric: Vec<bool> = (0..headers.len()).map(|i| i > 0).collect();
    render(&headers, &body, &numeric)
}
