//! Miner fundamentals: the per-miner inputs of the revenue-mix model, each with its source.
//!
//! The file format (`sample_data/fundamentals.json`) is documented in the README. Every number
//! carries a one-line note saying where it comes from, or `"illustrative"`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::last_on_or_before;
pub use super::miner_fields::{MinerField, MinerOverrides};

/// Format name written in every fundamentals file.
pub const FUNDAMENTALS_FORMAT: &str = "minerlens-fundamentals";
/// The version this build reads and writes.
pub const FUNDAMENTALS_VERSION: u32 = 2;

/// A value together with a one-line note on its source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sourced<T> {
    pub value: T,
    pub source: String,
}

impl<T> Sourced<T> {
    pub fn new(value: T, source: impl Into<String>) -> Self {
        Self {
            value,
            source: source.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FundamentalsFile {
    pub format: String,
    pub version: u32,
    /// The date the figures describe.
    pub as_of: NaiveDate,
    /// Free text shown in the app next to the figures.
    #[serde(default)]
    pub note: String,
    pub network: NetworkInputs,
    pub miners: Vec<MinerFundamentals>,
}

impl FundamentalsFile {
    pub fn miner(&self, symbol: &str) -> Option<&MinerFundamentals> {
        self.miners.iter().find(|m| m.symbol == symbol)
    }
}

/// Bitcoin network inputs of the hashprice formula.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkInputs {
    /// The date the network figures were taken.
    pub as_of: NaiveDate,
    pub hashrate_eh: Sourced<f64>,
    pub fees_btc_per_block: Sourced<f64>,
    /// A daily hashrate history (fetched from a provider): for a date it covers, its value on or
    /// before that date is used instead of `hashrate_eh`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hashrate_history: Option<HashrateHistory>,
}

/// Daily network hashrate in EH/s, oldest first, with where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HashrateHistory {
    pub source: String,
    pub points: Vec<(NaiveDate, f64)>,
}

impl NetworkInputs {
    /// The network hashrate for `as_of` and its source: the latest figure dated on or before
    /// `as_of`, from the history or the file's own (dated `self.as_of`); the file's figure when
    /// neither is that old.
    pub fn hashrate_at(&self, as_of: NaiveDate) -> (f64, String) {
        let file = (self.hashrate_eh.value, self.hashrate_eh.source.clone());
        let from_history = self.hashrate_history.as_ref().and_then(|h| {
            let i = last_on_or_before(&h.points, &as_of, |(d, _)| *d)?;
            let (date, value) = h.points.get(i)?;
            Some((*date, *value, &h.source))
        });
        match from_history {
            Some((date, value, source)) if self.as_of > as_of || date >= self.as_of => {
                (value, format!("{source} (value of {date})"))
            }
            _ => file,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MinerFundamentals {
    pub symbol: String,
    pub name: String,
    /// Self-mining hashrate in EH/s.
    pub hashrate_eh: Sourced<f64>,
    /// Fleet efficiency in joules per terahash.
    pub efficiency_j_per_th: Sourced<f64>,
    /// All-in power cost in USD per MWh.
    pub power_cost_usd_per_mwh: Sourced<f64>,
    /// Share of the time the fleet hashes, in percent.
    pub uptime_pct: Sourced<f64>,
    /// Pool fee in percent of mining revenue.
    pub pool_fee_pct: Sourced<f64>,
    /// Power capacity used for mining, in MW.
    pub mining_mw: Sourced<f64>,
    /// Facility power over machine power of the mining sites (cooling, losses).
    #[serde(default = "defaults::pue")]
    pub pue: Sourced<f64>,
    /// Mining cash costs other than power (staff, repairs, site, insurance) per MW-year.
    #[serde(default = "defaults::other_opex")]
    pub other_opex_usd_per_mw_year: Sourced<f64>,
    /// The lease rate of a MW of critical IT per year when the ledger has no contract of the
    /// miner.
    #[serde(default = "defaults::lease")]
    pub lease_usd_per_mw_year: Sourced<f64>,
    /// Net operating income of hosting in percent of its revenue.
    #[serde(default = "defaults::noi_margin")]
    pub noi_margin_pct: Sourced<f64>,
    /// Capital spent to turn a MW of mining into a MW of critical IT.
    #[serde(default = "defaults::capex")]
    pub conversion_capex_usd_per_mw: Sourced<f64>,
    /// Colocation contracts of a user's own file (version 1); the bundled file takes them
    /// from the deal ledger.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosting_contracts: Vec<HostingContract>,
    /// Own GPU cloud, if the miner runs one.
    #[serde(default)]
    pub gpu_cloud: Option<GpuCloud>,
    /// Quarterly capacity split, oldest first: how much power moved from mining to AI.
    #[serde(default)]
    pub capacity_history: Vec<CapacityPoint>,
}

/// A colocation lease of critical IT capacity to an AI/HPC tenant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HostingContract {
    pub tenant: String,
    /// Contracted critical IT load in MW.
    pub mw: f64,
    /// Revenue per MW and year in USD.
    pub usd_per_mw_year: f64,
    /// First day the tenant pays.
    pub start: NaiveDate,
    /// Months from `start` until the whole `mw` is billable (linear ramp); 0 = all at once.
    pub ramp_months: u32,
    pub source: String,
}

/// A GPU cloud fleet rented out by the hour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GpuCloud {
    pub gpus: Sourced<f64>,
    pub usd_per_gpu_hour: Sourced<f64>,
    pub utilization_pct: Sourced<f64>,
    /// Cash margin of the GPU cloud in percent of its revenue, where a figure exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash_margin_pct: Option<Sourced<f64>>,
}

/// The values a fundamentals file without the cost inputs gets: public ranges, each marked as
/// an assumption.
mod defaults {
    use super::Sourced;

    fn assumed(value: f64, range: &str) -> Sourced<f64> {
        Sourced::new(value, format!("assumption (not in the file): {range}"))
    }
    pub fn pue() -> Sourced<f64> {
        assumed(1.05, "mining sites run at a PUE of about 1.02 to 1.10")
    }
    pub fn other_opex() -> Sourced<f64> {
        assumed(
            60_000.0,
            "about 5 to 10 USD per MWh of non-power cash costs",
        )
    }
    pub fn lease() -> Sourced<f64> {
        assumed(
            1_400_000.0,
            "public colocation leases run 1.2 to 2.1 million USD per MW-year",
        )
    }
    pub fn noi_margin() -> Sourced<f64> {
        assumed(85.0, "public colocation NOI margins run 80 to 97%")
    }
    pub fn capex() -> Sourced<f64> {
        assumed(
            9_500_000.0,
            "conversions cost about 8 to 11 million USD per MW",
        )
    }
}

/// Power capacity at the end of a quarter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CapacityPoint {
    /// `2025Q3`
    pub quarter: String,
    pub mining_mw: f64,
    /// Version 1 files carried an AI/HPC figure; the capacity view takes it from the deal
    /// ledger now, so it is read and ignored.
    #[serde(default, skip_serializing)]
    pub ai_mw: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hashrate_of_a_date_comes_from_the_history_that_covers_it() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let mut n = NetworkInputs {
            as_of: d(9, 30),
            hashrate_eh: Sourced::new(1000.0, "file"),
            fees_btc_per_block: Sourced::new(0.025, "file"),
            hashrate_history: None,
        };
        assert_eq!(n.hashrate_at(d(3, 31)), (1000.0, "file".to_owned()));
        n.hashrate_history = Some(HashrateHistory {
            source: "mempool.space".into(),
            points: vec![(d(3, 1), 900.0), (d(3, 30), 950.0), (d(11, 1), 1100.0)],
        });
        assert_eq!(
            n.hashrate_at(d(3, 31)),
            (950.0, "mempool.space (value of 2026-03-30)".to_owned())
        );
        assert_eq!(n.hashrate_at(d(11, 20)).0, 1100.0);
        // Before the history starts: the file's figure.
        assert_eq!(n.hashrate_at(d(2, 1)), (1000.0, "file".to_owned()));
        // Files without a history read and write as before.
        let text = serde_json::to_string(&NetworkInputs {
            hashrate_history: None,
            ..n.clone()
        })
        .unwrap();
        assert!(!text.contains("hashrate_history"));
    }
}
