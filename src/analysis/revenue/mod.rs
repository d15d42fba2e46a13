//! The revenue-mix model: how much of a miner's revenue comes from mining, from AI/HPC hosting and
//! from its own GPU cloud, and how that mix moves with the BTC price.
//!
//! Pure arithmetic on plain numbers (no polars): one small function per formula of
//! the "Revenue mix" section of `docs/methodology.md`, so every number can be traced to its definition. All revenues are run
//! rates per year as of a date: the block subsidy of that date, the hosting contracts as billable
//! on that date (start and ramp), and the GPU fleet as it is.
//!
//! - [`halving`]: the block subsidy by height and date.
//! - [`market`]: the Bitcoin inputs (BTC price, network hashrate, fees), hashprice, and the one
//!   rule that picks them for a date ([`market::resolve_market`]).
//! - [`formulas`]: one function per formula.
//! - [`inputs`]: a miner's inputs after the portfolio's overrides, and their validation.
//! - [`mix`]: the per-miner results and the AI-share curve.
//! - [`capacity`]: MW used for mining and contracted for AI, quarter by quarter.

pub mod capacity;
mod error;
pub mod formulas;
pub mod halving;
pub mod inputs;
pub mod market;
pub mod mix;
#[cfg(test)]
pub(crate) mod test_util;

pub use crate::model::miner_fields::MinerField;
pub use capacity::{CapacitySeries, MinerCapacity, capacity_series, parse_quarter, quarter_label};
pub use error::RevenueError;
pub use formulas::*;
pub use halving::*;
pub use inputs::{
    MAX_RAMP_MONTHS, MinerInputs, ModelInputs, contract_of, resolve_miners, validate_contract,
};
pub use market::{
    BTC_PRICE_RANGE_USD, BtcPriceSource, FALLBACK_BTC_PRICE_USD, Market, MarketInputs,
    ResolvedMarket, hashprice_usd_per_ph_day, resolve_market,
};
pub use mix::{MinerRevenue, ai_share_curve, miner_revenue, revenue_mix, sort_by_ai_share};

use chrono::NaiveDate;

use crate::model::dates::ymd;

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

/// The halvings that happened: block height and date (UTC).
pub const HALVINGS: [(u64, NaiveDate); 4] = [
    (210_000, ymd(2012, 11, 28)),
    (420_000, ymd(2016, 7, 9)),
    (630_000, ymd(2020, 5, 11)),
    (840_000, ymd(2024, 4, 20)),
];
