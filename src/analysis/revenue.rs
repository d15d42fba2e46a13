//! The revenue-mix model: how much of a miner's revenue comes from mining, from AI/HPC hosting and
//! from its own GPU cloud, and how that mix moves with the BTC price.
//!
//! Pure arithmetic on plain numbers (no polars): one small function per formula of
//! [`REVENUE_METHODOLOGY`], so every number can be traced to its definition. All revenues are run
//! rates per year as of a date: the block subsidy of that date, the hosting contracts as billable
//! on that date (start and ramp), and the GPU fleet as it is.

use crate::model::dates::last_on_or_before;
use crate::model::fmt::trim_number;
use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::model::date_to_days;
use crate::model::dates::ymd;
use crate::model::fundamentals::{
    FundamentalsFile, HostingContract, MinerFundamentals, MinerOverrides, Sourced,
};

/// Blocks between two halvings.
pub const BLOCKS_PER_HALVING: u64 = 210_000;
/// Blocks a day at the 10-minute target.
pub const BLOCKS_PER_DAY: f64 = 144.0;
/// The first block subsidy, in satoshis (50 BTC).
const INITIAL_SUBSIDY_SATS: u64 = 5_000_000_000;
const SATS_PER_BTC: f64 = 100_000_000.0;
/// Days in a year of revenue (mining run rate).
pub const DAYS_PER_YEAR: f64 = 365.0;
/// Hours in a year of GPU rental.
pub const HOURS_PER_YEAR: f64 = 8760.0;
/// The BTC move of the sensitivity figure, in percent.
pub const SENSITIVITY_MOVE_PCT: f64 = 10.0;
/// The BTC price range of the AI-share curve, in USD.
pub const CURVE_BTC_RANGE_USD: (f64, f64) = (20_000.0, 250_000.0);

/// The halvings that happened: block height and date (UTC).
pub const HALVINGS: [(u64, NaiveDate); 4] = [
    (210_000, ymd(2012, 11, 28)),
    (420_000, ymd(2016, 7, 9)),
    (630_000, ymd(2020, 5, 11)),
    (840_000, ymd(2024, 4, 20)),
];

/// The model as shown in the app (Help > Methodology and the revenue view's "Formulas…") and in
/// the README.
pub const REVENUE_METHODOLOGY: &str = "\
Revenue mix: yearly run rates as of a date (the end of the window in the app, --as-of on the \
command line).
Block subsidy by date: 50 BTC, 25 from 2012-11-28, 12.5 from 2016-07-09, 6.25 from 2020-05-11, \
3.125 from 2024-04-20; it halves every 210,000 blocks, next at block 1,050,000 (expected \
2028-04-17 at 10 minutes a block).
hashprice (USD per PH/s per day) = 144 * (subsidy_btc + fees_btc_per_block) * btc_price_usd / \
(network_hashrate_eh * 1000). BTC 90,000 USD, 1,000 EH/s and 0.025 BTC fees give 40.82.
mining_usd_per_year = hashrate_eh * 1000 * hashprice * 365 * uptime * (1 - pool_fee).
hosting_usd_per_year = sum over colocation contracts of billable_mw * usd_per_mw_year. A contract \
bills nothing before its start date, then ramps linearly (by calendar months) to its full MW over \
ramp_months; public colocation deals run about 1.2 to 2.1 million USD per MW-year.
gpu_cloud_usd_per_year = gpus * usd_per_gpu_hour * 8760 * utilization.
ai_share_pct = (hosting + gpu_cloud) / total * 100, total = mining + hosting + gpu_cloud.
Breakeven BTC price: the price at which AI revenue equals mining revenue. Mining revenue is \
proportional to the BTC price (subsidy and fees are paid in BTC), so breakeven = btc_price_usd * \
ai / mining; it is empty without mining or without AI revenue.
btc_sensitivity_pct: the percent change of total revenue for a 10% BTC move = 10 * mining / total.
Inputs: BTC price (default: the last BTC-USD close on or before the as-of date), network hashrate \
and fees (defaults in the fundamentals file with their date and source), per-miner values from \
the fundamentals file, overridable per portfolio. Limits: no negatives, efficiency 5 to 100 J/TH, \
uptime, pool fee and utilization 0 to 100%, network hashrate above zero.
Capacity: MW used for mining and MW contracted for AI/HPC at each quarter end, from the \
fundamentals file; totals add each miner's latest figure on or before the quarter (0 before its \
first).";

// ---------------------------------------------------------------------------------------------
// Errors

/// Invalid inputs, each naming the miner and the field.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RevenueError {
    #[error("{field} {problem}")]
    Market {
        field: &'static str,
        problem: String,
    },
    #[error("{symbol}: {field} {problem}")]
    Miner {
        symbol: String,
        field: &'static str,
        problem: String,
    },
    #[error("{symbol}: hosting contract \"{tenant}\": {field} {problem}")]
    Contract {
        symbol: String,
        tenant: String,
        field: &'static str,
        problem: String,
    },
    #[error("{symbol}: capacity \"{quarter}\" {problem}")]
    Capacity {
        symbol: String,
        quarter: String,
        problem: String,
    },
    #[error("revenue overrides name {0}, which is not in the fundamentals file")]
    UnknownMiner(String),
}

/// What is wrong with a number, or `None` when it is inside `[min, max]`.
fn range_problem(v: f64, min: f64, max: Option<f64>, unit: &str) -> Option<String> {
    let unit_text = if unit.is_empty() || unit == "%" {
        unit.to_owned()
    } else {
        format!(" {unit}")
    };
    if !v.is_finite() {
        return Some("must be a number".to_owned());
    }
    match max {
        Some(max) if v < min || v > max => Some(format!(
            "must be between {} and {}{unit_text} (got {})",
            trim_number(min, 6),
            trim_number(max, 6),
            trim_number(v, 6)
        )),
        None if v < min && min == 0.0 => {
            Some(format!("must not be negative (got {})", trim_number(v, 6)))
        }
        None if v < min => Some(format!(
            "must be at least {}{unit_text} (got {})",
            trim_number(min, 6),
            trim_number(v, 6)
        )),
        _ => None,
    }
}

fn positive_problem(v: f64) -> Option<String> {
    if !v.is_finite() {
        Some("must be a number".to_owned())
    } else if v <= 0.0 {
        Some(format!("must be above zero (got {})", trim_number(v, 6)))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Halving schedule

/// The block subsidy in BTC at a block height: 50 BTC halved every 210,000 blocks (in whole
/// satoshis, as the protocol does).
pub fn subsidy_at_height(height: u64) -> f64 {
    let halvings = height / BLOCKS_PER_HALVING;
    if halvings >= 64 {
        return 0.0;
    }
    (INITIAL_SUBSIDY_SATS >> halvings) as f64 / SATS_PER_BTC
}

/// The date of the halving at `height` (a multiple of 210,000): the recorded date for past
/// halvings, else estimated from the last one at 144 blocks a day.
pub fn halving_date(height: u64) -> NaiveDate {
    if let Some((_, date)) = HALVINGS.iter().find(|(h, _)| *h == height) {
        return *date;
    }
    let (last_height, last_date) = HALVINGS[HALVINGS.len() - 1];
    if height < last_height {
        return HALVINGS[0].1;
    }
    let days = ((height - last_height) as f64 / BLOCKS_PER_DAY).floor() as u64;
    last_date
        .checked_add_days(chrono::Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// The number of halvings on or before `date`.
fn halvings_by(date: NaiveDate) -> u64 {
    (1..64)
        .take_while(|n| halving_date(n * BLOCKS_PER_HALVING) <= date)
        .last()
        .unwrap_or(0)
}

/// The block subsidy in BTC on a date (the halving's own date already pays the new subsidy).
pub fn subsidy_at_date(date: NaiveDate) -> f64 {
    subsidy_at_height(halvings_by(date) * BLOCKS_PER_HALVING)
}

/// The next halving after `date`: its block height and (estimated) date.
pub fn next_halving(date: NaiveDate) -> (u64, NaiveDate) {
    let height = (halvings_by(date) + 1) * BLOCKS_PER_HALVING;
    (height, halving_date(height))
}

// ---------------------------------------------------------------------------------------------
// Market inputs and hashprice

/// The Bitcoin inputs of the model on a date.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Market {
    pub as_of: NaiveDate,
    pub btc_price_usd: f64,
    pub network_hashrate_eh: f64,
    pub fees_btc_per_block: f64,
}

impl Market {
    /// The market with the fundamentals file's network hashrate for `as_of` (see
    /// [`NetworkInputs::hashrate_at`](crate::model::fundamentals::NetworkInputs::hashrate_at))
    /// and its fees.
    pub fn from_file(file: &FundamentalsFile, as_of: NaiveDate, btc_price_usd: f64) -> Self {
        Market {
            as_of,
            btc_price_usd,
            network_hashrate_eh: file.network.hashrate_at(as_of).0,
            fees_btc_per_block: file.network.fees_btc_per_block.value,
        }
    }

    pub fn subsidy_btc(&self) -> f64 {
        subsidy_at_date(self.as_of)
    }

    pub fn hashprice_usd_per_ph_day(&self) -> f64 {
        hashprice_usd_per_ph_day(
            self.subsidy_btc(),
            self.fees_btc_per_block,
            self.btc_price_usd,
            self.network_hashrate_eh,
        )
    }

    /// The same market at another BTC price.
    pub fn with_btc_price(self, btc_price_usd: f64) -> Self {
        Market {
            btc_price_usd,
            ..self
        }
    }

    /// BTC price and network hashrate above zero, fees not negative, all numbers.
    pub fn validate(&self) -> Result<(), RevenueError> {
        let checks = [
            ("btc_price_usd", positive_problem(self.btc_price_usd)),
            (
                "network_hashrate_eh",
                positive_problem(self.network_hashrate_eh),
            ),
            (
                "fees_btc_per_block",
                range_problem(self.fees_btc_per_block, 0.0, None, "BTC"),
            ),
        ];
        match checks.into_iter().find_map(|(f, p)| Some((f, p?))) {
            Some((field, problem)) => Err(RevenueError::Market { field, problem }),
            None => Ok(()),
        }
    }
}

/// Hashprice in USD per PH/s per day = 144 * (subsidy + fees) * price / (network EH/s * 1000).
pub fn hashprice_usd_per_ph_day(
    subsidy_btc: f64,
    fees_btc_per_block: f64,
    btc_price_usd: f64,
    network_hashrate_eh: f64,
) -> f64 {
    BLOCKS_PER_DAY * (subsidy_btc + fees_btc_per_block) * btc_price_usd
        / (network_hashrate_eh * 1000.0)
}

// ---------------------------------------------------------------------------------------------
// Revenue formulas

/// Mining revenue per year = hashrate_eh * 1000 * hashprice * 365 * uptime * (1 - pool_fee).
pub fn mining_usd_per_year(
    hashrate_eh: f64,
    hashprice_usd_per_ph_day: f64,
    uptime_pct: f64,
    pool_fee_pct: f64,
) -> f64 {
    hashrate_eh
        * 1000.0
        * hashprice_usd_per_ph_day
        * DAYS_PER_YEAR
        * (uptime_pct / 100.0)
        * (1.0 - pool_fee_pct / 100.0)
}

/// The billable share (0 to 1) of a contract on `date`: 0 before `start`, then linear over
/// `ramp_months` calendar months (fractions of a month by its days), 1 after.
pub fn ramp_fraction(start: NaiveDate, ramp_months: u32, date: NaiveDate) -> f64 {
    if date < start {
        return 0.0;
    }
    if ramp_months == 0 {
        return 1.0;
    }
    let add = |m: u32| start.checked_add_months(Months::new(m));
    let mut whole = 0;
    while whole < ramp_months {
        match add(whole + 1) {
            Some(next) if next <= date => whole += 1,
            _ => break,
        }
    }
    if whole >= ramp_months {
        return 1.0;
    }
    let partial = match (add(whole), add(whole + 1)) {
        (Some(a), Some(b)) => (date - a).num_days() as f64 / (b - a).num_days().max(1) as f64,
        _ => 0.0,
    };
    ((f64::from(whole) + partial) / f64::from(ramp_months)).clamp(0.0, 1.0)
}

/// MW of a contract billable on `date`.
pub fn billable_mw(contract: &HostingContract, date: NaiveDate) -> f64 {
    contract.mw * ramp_fraction(contract.start, contract.ramp_months, date)
}

/// Hosting revenue per year on `date` = sum of billable MW * USD per MW-year.
pub fn hosting_usd_per_year(contracts: &[HostingContract], date: NaiveDate) -> f64 {
    contracts
        .iter()
        .map(|c| billable_mw(c, date) * c.usd_per_mw_year)
        .sum()
}

/// GPU-cloud revenue per year = GPUs * USD per GPU-hour * 8760 * utilization.
pub fn gpu_cloud_usd_per_year(gpus: f64, usd_per_gpu_hour: f64, utilization_pct: f64) -> f64 {
    gpus * usd_per_gpu_hour * HOURS_PER_YEAR * (utilization_pct / 100.0)
}

/// AI share in percent = AI / (mining + AI) * 100; `None` without any revenue.
pub fn ai_share_pct(mining_usd: f64, ai_usd: f64) -> Option<f64> {
    let total = mining_usd + ai_usd;
    (total > 0.0).then(|| ai_usd / total * 100.0)
}

/// The BTC price at which AI revenue equals mining revenue (mining is proportional to the
/// price); `None` without mining or without AI revenue.
pub fn breakeven_btc_price_usd(btc_price_usd: f64, mining_usd: f64, ai_usd: f64) -> Option<f64> {
    (mining_usd > 0.0 && ai_usd > 0.0).then(|| btc_price_usd * ai_usd / mining_usd)
}

/// Percent change of total revenue for a 10% BTC move = 10 * mining / total; `None` without
/// revenue.
pub fn btc_sensitivity_pct(mining_usd: f64, total_usd: f64) -> Option<f64> {
    (total_usd > 0.0).then(|| SENSITIVITY_MOVE_PCT * mining_usd / total_usd)
}

// ---------------------------------------------------------------------------------------------
// Per-miner inputs

/// The editable per-miner numbers of the model, in the order of the assumptions editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MinerField {
    HashrateEh,
    EfficiencyJPerTh,
    PowerCostUsdPerMwh,
    UptimePct,
    PoolFeePct,
    MiningMw,
    Gpus,
    UsdPerGpuHour,
    GpuUtilizationPct,
}

impl MinerField {
    pub const ALL: [MinerField; 9] = [
        MinerField::HashrateEh,
        MinerField::EfficiencyJPerTh,
        MinerField::PowerCostUsdPerMwh,
        MinerField::UptimePct,
        MinerField::PoolFeePct,
        MinerField::MiningMw,
        MinerField::Gpus,
        MinerField::UsdPerGpuHour,
        MinerField::GpuUtilizationPct,
    ];

    /// Name in files and error messages.
    pub fn key(self) -> &'static str {
        match self {
            MinerField::HashrateEh => "hashrate_eh",
            MinerField::EfficiencyJPerTh => "efficiency_j_per_th",
            MinerField::PowerCostUsdPerMwh => "power_cost_usd_per_mwh",
            MinerField::UptimePct => "uptime_pct",
            MinerField::PoolFeePct => "pool_fee_pct",
            MinerField::MiningMw => "mining_mw",
            MinerField::Gpus => "gpus",
            MinerField::UsdPerGpuHour => "usd_per_gpu_hour",
            MinerField::GpuUtilizationPct => "gpu_utilization_pct",
        }
    }

    /// The field's name in a column header (the unit goes below it).
    pub fn name(self) -> &'static str {
        match self {
            MinerField::HashrateEh => "Hashrate",
            MinerField::EfficiencyJPerTh => "Efficiency",
            MinerField::PowerCostUsdPerMwh => "Power cost",
            MinerField::UptimePct => "Uptime",
            MinerField::PoolFeePct => "Pool fee",
            MinerField::MiningMw => "Mining capacity",
            MinerField::Gpus => "GPUs",
            MinerField::UsdPerGpuHour => "GPU price",
            MinerField::GpuUtilizationPct => "GPU utilization",
        }
    }

    /// Column header with its unit.
    pub fn header(self) -> &'static str {
        match self {
            MinerField::HashrateEh => "Hashrate (EH/s)",
            MinerField::EfficiencyJPerTh => "Efficiency (J/TH)",
            MinerField::PowerCostUsdPerMwh => "Power cost (USD/MWh)",
            MinerField::UptimePct => "Uptime (%)",
            MinerField::PoolFeePct => "Pool fee (%)",
            MinerField::MiningMw => "Mining capacity (MW)",
            MinerField::Gpus => "GPUs (count)",
            MinerField::UsdPerGpuHour => "GPU price (USD/GPU-hour)",
            MinerField::GpuUtilizationPct => "GPU utilization (%)",
        }
    }

    /// The unit alone (in values and messages).
    pub fn unit(self) -> &'static str {
        match self {
            MinerField::HashrateEh => "EH/s",
            MinerField::EfficiencyJPerTh => "J/TH",
            MinerField::PowerCostUsdPerMwh => "USD/MWh",
            MinerField::UptimePct | MinerField::PoolFeePct | MinerField::GpuUtilizationPct => "%",
            MinerField::MiningMw => "MW",
            MinerField::Gpus => "",
            MinerField::UsdPerGpuHour => "USD/GPU-hour",
        }
    }

    /// `(min, max)` of a valid value; `None` = no upper bound.
    pub fn limits(self) -> (f64, Option<f64>) {
        match self {
            MinerField::EfficiencyJPerTh => (5.0, Some(100.0)),
            MinerField::UptimePct | MinerField::PoolFeePct | MinerField::GpuUtilizationPct => {
                (0.0, Some(100.0))
            }
            _ => (0.0, None),
        }
    }

    /// What is wrong with `v` for this field, if anything.
    pub fn problem(self, v: f64) -> Option<String> {
        let (min, max) = self.limits();
        range_problem(v, min, max, self.unit())
    }

    pub fn get(self, m: &MinerInputs) -> f64 {
        match self {
            MinerField::HashrateEh => m.hashrate_eh,
            MinerField::EfficiencyJPerTh => m.efficiency_j_per_th,
            MinerField::PowerCostUsdPerMwh => m.power_cost_usd_per_mwh,
            MinerField::UptimePct => m.uptime_pct,
            MinerField::PoolFeePct => m.pool_fee_pct,
            MinerField::MiningMw => m.mining_mw,
            MinerField::Gpus => m.gpus,
            MinerField::UsdPerGpuHour => m.usd_per_gpu_hour,
            MinerField::GpuUtilizationPct => m.gpu_utilization_pct,
        }
    }

    fn slot(self, o: &mut MinerOverrides) -> &mut Option<f64> {
        match self {
            MinerField::HashrateEh => &mut o.hashrate_eh,
            MinerField::EfficiencyJPerTh => &mut o.efficiency_j_per_th,
            MinerField::PowerCostUsdPerMwh => &mut o.power_cost_usd_per_mwh,
            MinerField::UptimePct => &mut o.uptime_pct,
            MinerField::PoolFeePct => &mut o.pool_fee_pct,
            MinerField::MiningMw => &mut o.mining_mw,
            MinerField::Gpus => &mut o.gpus,
            MinerField::UsdPerGpuHour => &mut o.usd_per_gpu_hour,
            MinerField::GpuUtilizationPct => &mut o.gpu_utilization_pct,
        }
    }

    /// The override of this field, if set.
    pub fn overridden(self, o: &MinerOverrides) -> Option<f64> {
        match self {
            MinerField::HashrateEh => o.hashrate_eh,
            MinerField::EfficiencyJPerTh => o.efficiency_j_per_th,
            MinerField::PowerCostUsdPerMwh => o.power_cost_usd_per_mwh,
            MinerField::UptimePct => o.uptime_pct,
            MinerField::PoolFeePct => o.pool_fee_pct,
            MinerField::MiningMw => o.mining_mw,
            MinerField::Gpus => o.gpus,
            MinerField::UsdPerGpuHour => o.usd_per_gpu_hour,
            MinerField::GpuUtilizationPct => o.gpu_utilization_pct,
        }
    }

    /// Sets (`Some`) or clears (`None`) the override of this field.
    pub fn set_override(self, o: &mut MinerOverrides, value: Option<f64>) {
        *self.slot(o) = value;
    }

    /// The fundamentals file's value and its source note. Miners without a GPU cloud have 0
    /// GPUs.
    pub fn default_of(self, m: &MinerFundamentals) -> (f64, String) {
        let sourced = |s: &Sourced<f64>| (s.value, s.source.clone());
        let gpu = |f: fn(&crate::model::fundamentals::GpuCloud) -> &Sourced<f64>| match &m.gpu_cloud
        {
            Some(g) => sourced(f(g)),
            None => (0.0, "no GPU cloud in the fundamentals file".to_owned()),
        };
        match self {
            MinerField::HashrateEh => sourced(&m.hashrate_eh),
            MinerField::EfficiencyJPerTh => sourced(&m.efficiency_j_per_th),
            MinerField::PowerCostUsdPerMwh => sourced(&m.power_cost_usd_per_mwh),
            MinerField::UptimePct => sourced(&m.uptime_pct),
            MinerField::PoolFeePct => sourced(&m.pool_fee_pct),
            MinerField::MiningMw => sourced(&m.mining_mw),
            MinerField::Gpus => gpu(|g| &g.gpus),
            MinerField::UsdPerGpuHour => gpu(|g| &g.usd_per_gpu_hour),
            MinerField::GpuUtilizationPct => gpu(|g| &g.utilization_pct),
        }
    }
}

/// A miner's inputs after the portfolio's overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct MinerInputs {
    pub symbol: String,
    pub name: String,
    pub hashrate_eh: f64,
    pub efficiency_j_per_th: f64,
    pub power_cost_usd_per_mwh: f64,
    pub uptime_pct: f64,
    pub pool_fee_pct: f64,
    pub mining_mw: f64,
    pub contracts: Vec<HostingContract>,
    pub gpus: f64,
    pub usd_per_gpu_hour: f64,
    pub gpu_utilization_pct: f64,
}

impl MinerInputs {
    /// The fundamentals file's values with `overrides` applied.
    pub fn resolve(m: &MinerFundamentals, overrides: Option<&MinerOverrides>) -> Self {
        let value = |field: MinerField| {
            overrides
                .and_then(|o| field.overridden(o))
                .unwrap_or_else(|| field.default_of(m).0)
        };
        MinerInputs {
            symbol: m.symbol.clone(),
            name: m.name.clone(),
            hashrate_eh: value(MinerField::HashrateEh),
            efficiency_j_per_th: value(MinerField::EfficiencyJPerTh),
            power_cost_usd_per_mwh: value(MinerField::PowerCostUsdPerMwh),
            uptime_pct: value(MinerField::UptimePct),
            pool_fee_pct: value(MinerField::PoolFeePct),
            mining_mw: value(MinerField::MiningMw),
            contracts: overrides
                .and_then(|o| o.hosting_contracts.clone())
                .unwrap_or_else(|| m.hosting_contracts.clone()),
            gpus: value(MinerField::Gpus),
            usd_per_gpu_hour: value(MinerField::UsdPerGpuHour),
            gpu_utilization_pct: value(MinerField::GpuUtilizationPct),
        }
    }

    /// The first invalid value, naming the miner and the field.
    pub fn validate(&self) -> Result<(), RevenueError> {
        for field in MinerField::ALL {
            if let Some(problem) = field.problem(field.get(self)) {
                return Err(RevenueError::Miner {
                    symbol: self.symbol.clone(),
                    field: field.key(),
                    problem,
                });
            }
        }
        for c in &self.contracts {
            validate_contract(&self.symbol, c)?;
        }
        Ok(())
    }
}

/// A contract's MW and price must be numbers, not negative.
pub fn validate_contract(symbol: &str, c: &HostingContract) -> Result<(), RevenueError> {
    for (field, v, unit) in [
        ("mw", c.mw, "MW"),
        ("usd_per_mw_year", c.usd_per_mw_year, "USD/MW-year"),
    ] {
        if let Some(problem) = range_problem(v, 0.0, None, unit) {
            return Err(RevenueError::Contract {
                symbol: symbol.to_owned(),
                tenant: c.tenant.clone(),
                field,
                problem,
            });
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Results

/// One miner's revenue mix: the columns of `minerlens revenue-mix`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MinerRevenue {
    pub symbol: String,
    pub hashrate_eh: f64,
    pub hashprice_usd_per_ph_day: f64,
    pub mining_usd_per_year: f64,
    pub hosting_usd_per_year: f64,
    pub gpu_cloud_usd_per_year: f64,
    pub total_usd_per_year: f64,
    pub ai_share_pct: Option<f64>,
    pub breakeven_btc_price_usd: Option<f64>,
    pub btc_sensitivity_pct: Option<f64>,
    /// Company name (not a column).
    #[serde(skip)]
    pub name: String,
    /// Hosting MW billable on the as-of date (not a column).
    #[serde(skip)]
    pub hosting_mw_billable: f64,
}

impl MinerRevenue {
    /// Hosting plus GPU cloud.
    pub fn ai_usd_per_year(&self) -> f64 {
        self.hosting_usd_per_year + self.gpu_cloud_usd_per_year
    }
}

/// The revenue mix of one miner (inputs assumed valid; see [`MinerInputs::validate`]).
pub fn miner_revenue(m: &MinerInputs, market: &Market) -> MinerRevenue {
    let hashprice = market.hashprice_usd_per_ph_day();
    let mining = mining_usd_per_year(m.hashrate_eh, hashprice, m.uptime_pct, m.pool_fee_pct);
    let hosting = hosting_usd_per_year(&m.contracts, market.as_of);
    let gpu = gpu_cloud_usd_per_year(m.gpus, m.usd_per_gpu_hour, m.gpu_utilization_pct);
    let ai = hosting + gpu;
    let total = mining + ai;
    MinerRevenue {
        symbol: m.symbol.clone(),
        hashrate_eh: m.hashrate_eh,
        hashprice_usd_per_ph_day: hashprice,
        mining_usd_per_year: mining,
        hosting_usd_per_year: hosting,
        gpu_cloud_usd_per_year: gpu,
        total_usd_per_year: total,
        ai_share_pct: ai_share_pct(mining, ai),
        breakeven_btc_price_usd: breakeven_btc_price_usd(market.btc_price_usd, mining, ai),
        btc_sensitivity_pct: btc_sensitivity_pct(mining, total),
        name: m.name.clone(),
        hosting_mw_billable: m
            .contracts
            .iter()
            .map(|c| billable_mw(c, market.as_of))
            .sum(),
    }
}

/// The resolved inputs of the miners in `symbols` (every miner of the file when `None`), in the
/// file's order, validated. Overrides of miners the file does not have are an error.
pub fn resolve_miners(
    file: &FundamentalsFile,
    overrides: &BTreeMap<String, MinerOverrides>,
    symbols: Option<&[String]>,
) -> Result<Vec<MinerInputs>, RevenueError> {
    if let Some(unknown) = overrides.keys().find(|s| file.miner(s).is_none()) {
        return Err(RevenueError::UnknownMiner(unknown.clone()));
    }
    file.miners
        .iter()
        .filter(|m| symbols.is_none_or(|list| list.contains(&m.symbol)))
        .map(|m| {
            let inputs = MinerInputs::resolve(m, overrides.get(&m.symbol));
            inputs.validate().map(|()| inputs)
        })
        .collect()
}

/// The revenue mix of the chosen miners, in the file's order.
pub fn revenue_mix(
    file: &FundamentalsFile,
    overrides: &BTreeMap<String, MinerOverrides>,
    market: &Market,
    symbols: Option<&[String]>,
) -> Result<Vec<MinerRevenue>, RevenueError> {
    market.validate()?;
    Ok(resolve_miners(file, overrides, symbols)?
        .iter()
        .map(|m| miner_revenue(m, market))
        .collect())
}

/// Sorts by AI share, largest first (miners without revenue last, ties by symbol).
pub fn sort_by_ai_share(rows: &mut [MinerRevenue]) {
    rows.sort_by(|a, b| {
        let key = |r: &MinerRevenue| r.ai_share_pct.unwrap_or(f64::NEG_INFINITY);
        key(b)
            .total_cmp(&key(a))
            .then_with(|| a.symbol.cmp(&b.symbol))
    });
}

/// AI share against the BTC price: `steps + 1` points from `lo` to `hi` USD. Mining revenue
/// scales with the price, so one revenue computation gives the whole curve. Points where the
/// miner has no revenue are left out.
pub fn ai_share_curve(
    r: &MinerRevenue,
    btc_price_usd: f64,
    lo: f64,
    hi: f64,
    steps: usize,
) -> Vec<[f64; 2]> {
    let steps = steps.max(1);
    let per_usd = if btc_price_usd > 0.0 {
        r.mining_usd_per_year / btc_price_usd
    } else {
        0.0
    };
    (0..=steps)
        .filter_map(|i| {
            let p = lo + (hi - lo) * i as f64 / steps as f64;
            ai_share_pct(per_usd * p, r.ai_usd_per_year()).map(|s| [p, s])
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Capacity over time

/// The last day of a quarter written `2025Q3`.
pub fn parse_quarter(text: &str) -> Option<NaiveDate> {
    let t = text.trim().to_ascii_uppercase();
    let (year, q) = t.split_once('Q')?;
    let year: i32 = year.parse().ok()?;
    let q: u32 = q.parse().ok()?;
    if !(1..=4).contains(&q) || !(1900..=2200).contains(&year) {
        return None;
    }
    let first_of_next = if q == 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, 3 * q + 1, 1)?
    };
    first_of_next.pred_opt()
}

/// `2025Q3` for a quarter-end date.
pub fn quarter_label(date: NaiveDate) -> String {
    format!("{}Q{}", date.year(), date.month0() / 3 + 1)
}

/// One miner's capacity on the common quarter grid.
#[derive(Clone, Debug, PartialEq)]
pub struct MinerCapacity {
    pub symbol: String,
    pub mining_mw: Vec<f64>,
    pub ai_mw: Vec<f64>,
}

/// Mining and AI/HPC MW per miner and in total at each quarter end.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CapacitySeries {
    /// Quarter ends, days since 1970-01-01, increasing.
    pub days: Vec<i32>,
    pub miners: Vec<MinerCapacity>,
    pub total_mining_mw: Vec<f64>,
    pub total_ai_mw: Vec<f64>,
}

/// The capacity history of the chosen miners (all when `None`) on the union of their quarters.
/// A miner counts with its latest figure on or before each quarter, 0 before its first.
pub fn capacity_series(
    file: &FundamentalsFile,
    symbols: Option<&[String]>,
) -> Result<CapacitySeries, RevenueError> {
    /// (quarter end in days, mining MW, AI MW), sorted.
    type Points = Vec<(i32, f64, f64)>;
    let mut parsed: Vec<(String, Points)> = Vec::new();
    for m in file
        .miners
        .iter()
        .filter(|m| symbols.is_none_or(|list| list.contains(&m.symbol)))
    {
        let mut points = Vec::with_capacity(m.capacity_history.len());
        for p in &m.capacity_history {
            let err = |problem: String| RevenueError::Capacity {
                symbol: m.symbol.clone(),
                quarter: p.quarter.clone(),
                problem,
            };
            let date = parse_quarter(&p.quarter)
                .ok_or_else(|| err("is not a quarter like 2025Q3".to_owned()))?;
            for (name, v) in [("mining_mw", p.mining_mw), ("ai_mw", p.ai_mw)] {
                if let Some(problem) = range_problem(v, 0.0, None, "MW") {
                    return Err(err(format!("{name} {problem}")));
                }
            }
            points.push((date_to_days(date), p.mining_mw, p.ai_mw));
        }
        points.sort_by_key(|p| p.0);
        parsed.push((m.symbol.clone(), points));
    }
    let mut days: Vec<i32> = parsed
        .iter()
        .flat_map(|(_, pts)| pts.iter().map(|p| p.0))
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut out = CapacitySeries {
        total_mining_mw: vec![0.0; days.len()],
        total_ai_mw: vec![0.0; days.len()],
        days,
        miners: Vec::new(),
    };
    for (symbol, points) in parsed {
        let mut mc = MinerCapacity {
            symbol,
            mining_mw: Vec::with_capacity(out.days.len()),
            ai_mw: Vec::with_capacity(out.days.len()),
        };
        for (i, day) in out.days.iter().enumerate() {
            let (mining, ai) = last_on_or_before(&points, day, |p| p.0)
                .map_or((0.0, 0.0), |k| (points[k].1, points[k].2));
            mc.mining_mw.push(mining);
            mc.ai_mw.push(ai);
            out.total_mining_mw[i] += mining;
            out.total_ai_mw[i] += ai;
        }
        out.miners.push(mc);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::fundamentals::bundled_fundamentals;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    fn market() -> Market {
        Market {
            as_of: ymd(2026, 3, 31),
            btc_price_usd: 90_000.0,
            network_hashrate_eh: 1000.0,
            fees_btc_per_block: 0.025,
        }
    }

    fn contract(mw: f64, usd: f64, start: NaiveDate, ramp_months: u32) -> HostingContract {
        HostingContract {
            tenant: "Tenant".into(),
            mw,
            usd_per_mw_year: usd,
            start,
            ramp_months,
            source: "test".into(),
        }
    }

    fn worked_miner() -> MinerInputs {
        MinerInputs {
            symbol: "TEST".into(),
            name: "Test miner".into(),
            hashrate_eh: 50.0,
            efficiency_j_per_th: 17.0,
            power_cost_usd_per_mwh: 40.0,
            uptime_pct: 100.0,
            pool_fee_pct: 0.0,
            mining_mw: 850.0,
            contracts: vec![contract(200.0, 1_500_000.0, ymd(2025, 1, 1), 0)],
            gpus: 0.0,
            usd_per_gpu_hour: 0.0,
            gpu_utilization_pct: 0.0,
        }
    }

    #[test]
    fn hashprice_worked_example() {
        let m = market();
        assert_eq!(m.subsidy_btc(), 3.125);
        let hp = m.hashprice_usd_per_ph_day();
        assert!(close(hp, 40.824, 1e-9), "{hp}");
        assert_eq!(format!("{hp:.2}"), "40.82");
    }

    #[test]
    fn worked_miner_50_eh_and_200_mw_at_1_5_million() {
        let r = miner_revenue(&worked_miner(), &market());
        // 50,000 PH/s * 40.824 * 365
        assert!(close(r.mining_usd_per_year, 745_038_000.0, 1e-3));
        assert_eq!(r.hosting_usd_per_year, 300_000_000.0);
        assert_eq!(r.gpu_cloud_usd_per_year, 0.0);
        assert!(close(r.total_usd_per_year, 1_045_038_000.0, 1e-3));
        let share = r.ai_share_pct.unwrap();
        assert!(close(share, 28.7071, 1e-3), "{share}");
        // AI = mining at 90,000 * 300 / 745.038 = 36,240 USD.
        let be = r.breakeven_btc_price_usd.unwrap();
        assert!(close(be, 36_239.76, 0.01), "{be}");
        let at_be = miner_revenue(&worked_miner(), &market().with_btc_price(be));
        assert!(close(
            at_be.mining_usd_per_year,
            at_be.ai_usd_per_year(),
            1e-3
        ));
        let sens = r.btc_sensitivity_pct.unwrap();
        assert!(close(sens, 7.1293, 1e-3), "{sens}");
        // The sensitivity is what a 10% move actually does.
        let up = miner_revenue(&worked_miner(), &market().with_btc_price(99_000.0));
        let moved = (up.total_usd_per_year / r.total_usd_per_year - 1.0) * 100.0;
        assert!(close(moved, sens, 1e-9));
        // Uptime and pool fee scale mining revenue.
        let mut m = worked_miner();
        m.uptime_pct = 95.0;
        m.pool_fee_pct = 2.0;
        let r2 = miner_revenue(&m, &market());
        assert!(close(
            r2.mining_usd_per_year,
            745_038_000.0 * 0.95 * 0.98,
            1e-3
        ));
    }

    #[test]
    fn gpu_cloud_and_hosting_only_miners() {
        assert_eq!(gpu_cloud_usd_per_year(1000.0, 2.0, 50.0), 8_760_000.0);
        let mut m = worked_miner();
        m.hashrate_eh = 0.0;
        let r = miner_revenue(&m, &market());
        assert_eq!(r.ai_share_pct, Some(100.0));
        assert_eq!(r.breakeven_btc_price_usd, None);
        assert_eq!(r.btc_sensitivity_pct, Some(0.0));
        m.contracts.clear();
        let r = miner_revenue(&m, &market());
        assert_eq!(r.ai_share_pct, None);
        assert_eq!(r.btc_sensitivity_pct, None);
        let mut pure = worked_miner();
        pure.contracts.clear();
        let r = miner_revenue(&pure, &market());
        assert_eq!(r.ai_share_pct, Some(0.0));
        assert_eq!(r.breakeven_btc_price_usd, None);
        assert_eq!(r.btc_sensitivity_pct, Some(10.0));
    }

    #[test]
    fn halving_schedule_at_its_boundaries() {
        assert_eq!(subsidy_at_date(ymd(2009, 1, 3)), 50.0);
        assert_eq!(subsidy_at_date(ymd(2012, 11, 27)), 50.0);
        assert_eq!(subsidy_at_date(ymd(2012, 11, 28)), 25.0);
        assert_eq!(subsidy_at_date(ymd(2016, 7, 8)), 25.0);
        assert_eq!(subsidy_at_date(ymd(2016, 7, 9)), 12.5);
        assert_eq!(subsidy_at_date(ymd(2020, 5, 10)), 12.5);
        assert_eq!(subsidy_at_date(ymd(2020, 5, 11)), 6.25);
        assert_eq!(subsidy_at_date(ymd(2024, 4, 19)), 6.25);
        assert_eq!(subsidy_at_date(ymd(2024, 4, 20)), 3.125);
        assert_eq!(subsidy_at_date(ymd(2026, 11, 20)), 3.125);
        assert_eq!(subsidy_at_height(0), 50.0);
        assert_eq!(subsidy_at_height(209_999), 50.0);
        assert_eq!(subsidy_at_height(840_000), 3.125);
        assert_eq!(subsidy_at_height(1_049_999), 3.125);
        assert_eq!(subsidy_at_height(1_050_000), 1.5625);
        assert_eq!(subsidy_at_height(64 * 210_000), 0.0);
        // The smallest subsidies are whole satoshis.
        assert_eq!(subsidy_at_height(32 * 210_000), 0.0000_0001);
        let (h, d) = next_halving(ymd(2026, 11, 20));
        assert_eq!(h, 1_050_000);
        assert_eq!(d, ymd(2028, 4, 17));
        assert_eq!(d.year(), 2028);
        assert_eq!(subsidy_at_date(d.pred_opt().unwrap()), 3.125);
        assert_eq!(subsidy_at_date(d), 1.5625);
        assert_eq!(next_halving(ymd(2024, 4, 19)), (840_000, ymd(2024, 4, 20)));
    }

    #[test]
    fn contract_ramps_before_start_mid_ramp_and_after() {
        let c = contract(300.0, 2_000_000.0, ymd(2026, 1, 1), 12);
        assert_eq!(billable_mw(&c, ymd(2025, 12, 31)), 0.0);
        assert_eq!(billable_mw(&c, ymd(2026, 1, 1)), 0.0);
        assert_eq!(billable_mw(&c, ymd(2026, 7, 1)), 150.0);
        assert_eq!(billable_mw(&c, ymd(2026, 4, 1)), 75.0);
        // Half of January: 15 of 31 days of the first month.
        let mid_jan = billable_mw(&c, ymd(2026, 1, 16));
        assert!(
            close(mid_jan, 300.0 * (15.0 / 31.0) / 12.0, 1e-9),
            "{mid_jan}"
        );
        assert_eq!(billable_mw(&c, ymd(2027, 1, 1)), 300.0);
        assert_eq!(billable_mw(&c, ymd(2030, 1, 1)), 300.0);
        assert_eq!(
            hosting_usd_per_year(std::slice::from_ref(&c), ymd(2026, 7, 1)),
            300_000_000.0
        );
        let now = contract(100.0, 1.0, ymd(2026, 1, 1), 0);
        assert_eq!(billable_mw(&now, ymd(2025, 12, 31)), 0.0);
        assert_eq!(billable_mw(&now, ymd(2026, 1, 1)), 100.0);
        // Month ends: a start on the 31st ramps by calendar months too.
        let eom = contract(120.0, 1.0, ymd(2026, 1, 31), 2);
        assert_eq!(billable_mw(&eom, ymd(2026, 2, 28)), 60.0);
        assert_eq!(billable_mw(&eom, ymd(2026, 3, 31)), 120.0);
    }

    #[test]
    fn validation_names_the_miner_and_the_field() {
        let mut m = worked_miner();
        m.efficiency_j_per_th = 3.0;
        assert_eq!(
            m.validate().unwrap_err().to_string(),
            "TEST: efficiency_j_per_th must be between 5 and 100 J/TH (got 3)"
        );
        m.efficiency_j_per_th = 17.0;
        m.uptime_pct = 101.0;
        assert_eq!(
            m.validate().unwrap_err().to_string(),
            "TEST: uptime_pct must be between 0 and 100% (got 101)"
        );
        m.uptime_pct = 95.0;
        m.hashrate_eh = -1.0;
        assert_eq!(
            m.validate().unwrap_err().to_string(),
            "TEST: hashrate_eh must not be negative (got -1)"
        );
        m.hashrate_eh = f64::NAN;
        assert_eq!(
            m.validate().unwrap_err().to_string(),
            "TEST: hashrate_eh must be a number"
        );
        m.hashrate_eh = 0.0;
        assert!(m.validate().is_ok(), "zero self-mining is valid");
        m.contracts[0].mw = -5.0;
        assert_eq!(
            m.validate().unwrap_err().to_string(),
            "TEST: hosting contract \"Tenant\": mw must not be negative (got -5)"
        );

        let mut bad = market();
        bad.network_hashrate_eh = 0.0;
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "network_hashrate_eh must be above zero (got 0)"
        );
        bad = market();
        bad.btc_price_usd = f64::NAN;
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "btc_price_usd must be a number"
        );
        bad = market();
        bad.fees_btc_per_block = -0.1;
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "fees_btc_per_block must not be negative (got -0.1)"
        );
        assert!(market().validate().is_ok());
    }

    #[test]
    fn overrides_apply_and_unknown_miners_are_errors() {
        let file = bundled_fundamentals().unwrap();
        let m = market();
        let base = revenue_mix(&file, &BTreeMap::new(), &m, None).unwrap();
        assert_eq!(base.len(), 12);
        let iren =
            |rows: &[MinerRevenue]| rows.iter().find(|r| r.symbol == "IREN").cloned().unwrap();
        let mut overrides = BTreeMap::new();
        overrides.insert(
            "IREN".to_owned(),
            MinerOverrides {
                hashrate_eh: Some(25.0),
                ..MinerOverrides::default()
            },
        );
        let changed = revenue_mix(&file, &overrides, &m, None).unwrap();
        assert!(close(
            iren(&changed).mining_usd_per_year,
            iren(&base).mining_usd_per_year / 2.0,
            1e-3
        ));
        overrides.insert(
            "IREN".to_owned(),
            MinerOverrides {
                efficiency_j_per_th: Some(200.0),
                ..MinerOverrides::default()
            },
        );
        let err = revenue_mix(&file, &overrides, &m, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "IREN: efficiency_j_per_th must be between 5 and 100 J/TH (got 200)"
        );
        overrides.clear();
        overrides.insert("NOPE".to_owned(), MinerOverrides::default());
        assert_eq!(
            revenue_mix(&file, &overrides, &m, None).unwrap_err(),
            RevenueError::UnknownMiner("NOPE".into())
        );
        // APLD only hosts: 100% AI once its lease bills.
        let apld = revenue_mix(&file, &BTreeMap::new(), &m, Some(&["APLD".to_owned()])).unwrap();
        assert_eq!(apld.len(), 1);
        assert_eq!(apld[0].ai_share_pct, Some(100.0));
    }

    #[test]
    fn sorting_and_the_ai_share_curve() {
        let file = bundled_fundamentals().unwrap();
        let mut rows = revenue_mix(&file, &BTreeMap::new(), &market(), None).unwrap();
        sort_by_ai_share(&mut rows);
        let shares: Vec<f64> = rows
            .iter()
            .map(|r| r.ai_share_pct.unwrap_or(-1.0))
            .collect();
        assert!(shares.windows(2).all(|w| w[0] >= w[1]), "{shares:?}");
        assert_eq!(rows[0].symbol, "APLD");

        let r = miner_revenue(&worked_miner(), &market());
        let curve = ai_share_curve(&r, 90_000.0, 20_000.0, 250_000.0, 230);
        assert_eq!(curve.len(), 231);
        assert_eq!(curve[0][0], 20_000.0);
        assert_eq!(curve[230][0], 250_000.0);
        assert!(
            curve.windows(2).all(|w| w[1][1] < w[0][1]),
            "falls as BTC rises"
        );
        let at_90k = curve.iter().find(|p| p[0] == 90_000.0).unwrap();
        assert!(close(at_90k[1], r.ai_share_pct.unwrap(), 1e-9));
    }

    #[test]
    fn capacity_series_on_a_common_quarter_grid() {
        assert_eq!(parse_quarter("2025Q3"), Some(ymd(2025, 9, 30)));
        assert_eq!(parse_quarter("2025q4"), Some(ymd(2025, 12, 31)));
        assert_eq!(parse_quarter("2025Q1"), Some(ymd(2025, 3, 31)));
        assert_eq!(parse_quarter("2025Q5"), None);
        assert_eq!(parse_quarter("Q3 2025"), None);
        assert_eq!(quarter_label(ymd(2025, 9, 30)), "2025Q3");

        let mut file = bundled_fundamentals().unwrap();
        let all = capacity_series(&file, None).unwrap();
        assert_eq!(all.miners.len(), 12);
        assert_eq!(all.days.len(), 11);
        let last = all.days.len() - 1;
        let sum_ai: f64 = all.miners.iter().map(|m| m.ai_mw[last]).sum();
        assert_eq!(all.total_ai_mw[last], sum_ai);
        let cifr = capacity_series(&file, Some(&["CIFR".to_owned()])).unwrap();
        assert_eq!(cifr.miners.len(), 1);
        assert_eq!(cifr.total_ai_mw, cifr.miners[0].ai_mw);

        // A miner that starts later counts 0 before its first quarter and carries its last.
        let hut = file.miners.iter_mut().find(|m| m.symbol == "HUT").unwrap();
        hut.capacity_history.drain(0..4);
        hut.capacity_history.pop();
        let s = capacity_series(&file, Some(&["HUT".to_owned(), "MARA".to_owned()])).unwrap();
        assert_eq!(s.days.len(), 11);
        let hut = s.miners.iter().find(|m| m.symbol == "HUT").unwrap();
        assert_eq!(hut.mining_mw[0], 0.0);
        assert_eq!(hut.mining_mw[10], hut.mining_mw[9]);

        let bad = file.miners.iter_mut().find(|m| m.symbol == "MARA").unwrap();
        bad.capacity_history[0].quarter = "2024-Q1".into();
        assert_eq!(
            capacity_series(&file, None).unwrap_err().to_string(),
            "MARA: capacity \"2024-Q1\" is not a quarter like 2025Q3"
        );
    }
}
