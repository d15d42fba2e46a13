//! The portfolio document: holdings, groups and the analysis window a user works with.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fundamentals::MinerOverrides;
use super::window::{DateRange, WindowPreset};

/// Format name written in every portfolio file.
pub const PORTFOLIO_FORMAT: &str = "minerlens-portfolio";
/// The version this build writes.
pub const PORTFOLIO_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Portfolio {
    pub name: String,
    #[serde(default = "default_benchmark")]
    pub benchmark: String,
    #[serde(default)]
    pub holdings: Vec<Holding>,
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub window: WindowSetting,
    /// Per-miner inputs of the revenue-mix model that replace the fundamentals file's values,
    /// keyed by symbol.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub revenue_overrides: BTreeMap<String, MinerOverrides>,
    /// Fields this build does not know, kept so a save does not drop them.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

fn default_benchmark() -> String {
    super::BTC_SYMBOL.to_owned()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Holding {
    pub symbol: String,
    pub quantity: f64,
    pub cost_basis_usd: f64,
    pub open_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    pub symbols: Vec<String>,
}

/// The analysis window as stored: a preset, or a custom range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WindowSetting {
    Preset { preset: WindowPreset },
    Custom { from: NaiveDate, to: NaiveDate },
}

impl Default for WindowSetting {
    fn default() -> Self {
        WindowSetting::Preset {
            preset: WindowPreset::default(),
        }
    }
}

impl WindowSetting {
    pub fn resolve(self, data_first: NaiveDate, data_last: NaiveDate) -> DateRange {
        match self {
            WindowSetting::Preset { preset } => preset.resolve(data_first, data_last),
            WindowSetting::Custom { from, to } => DateRange::new(from, to),
        }
    }
}
