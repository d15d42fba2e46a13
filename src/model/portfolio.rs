//! The portfolio document: holdings, groups and the analysis window a user works with.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deals::PersonalDeals;
use super::fundamentals::MinerOverrides;
use super::options::{ChartOptions, View};
use super::window::{DateRange, WindowPreset};

/// Format name written in every portfolio file.
pub const PORTFOLIO_FORMAT: &str = "minerlens-portfolio";
/// The version this build writes. Version 1 (the first release) had no view, chart options or
/// selection; version 2 kept hosting contracts in `revenue_overrides`, which version 3 keeps as
/// the user's own deals. Older files are migrated in memory and saved as version 3.
pub const PORTFOLIO_VERSION: u32 = 3;

/// The user's document: holdings, groups, the window and chart they look at.
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
    /// The chart view shown when the file was saved.
    #[serde(default)]
    pub view: View,
    #[serde(default)]
    pub chart: ChartOptions,
    /// Symbols ticked in the symbol list; absent = the app's default selection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<Vec<String>>,
    /// Per-miner inputs of the revenue-mix model that replace the fundamentals file's values,
    /// keyed by symbol.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub revenue_overrides: BTreeMap<String, MinerOverrides>,
    /// Deals of the user's own: added, or replacing ledger deals of the same id, and ledger
    /// deals left out.
    #[serde(default, skip_serializing_if = "PersonalDeals::is_empty")]
    pub deals: PersonalDeals,
    /// The symbols of the AI-infrastructure factor of the Exposure view (empty: the default
    /// basket).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exposure_factors: Vec<String>,
    /// Fields this build does not know, kept so a save does not drop them.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Portfolio {
    /// An empty document.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            benchmark: default_benchmark(),
            holdings: Vec::new(),
            groups: Vec::new(),
            window: WindowSetting::default(),
            view: View::default(),
            chart: ChartOptions::default(),
            selected: None,
            revenue_overrides: BTreeMap::new(),
            deals: PersonalDeals::default(),
            exposure_factors: Vec::new(),
            extra: BTreeMap::new(),
        }
    }

    /// Problems a user must see, each tied to a field (`holdings[2].quantity`).
    pub fn validate(&self, today: NaiveDate) -> Vec<FieldIssue> {
        let mut issues = Vec::new();
        if self.name.trim().is_empty() {
            issues.push(FieldIssue::error("name", "the portfolio needs a name"));
        }
        for (i, h) in self.holdings.iter().enumerate() {
            let field = |f: &str| format!("holdings[{i}].{f}");
            if !super::is_valid_symbol(&h.symbol) {
                issues.push(FieldIssue::error(
                    &field("symbol"),
                    &format!("'{}' is not a ticker (A-Z, 0-9, . - = ^ _)", h.symbol),
                ));
            }
            if !h.quantity.is_finite() || h.quantity <= 0.0 {
                issues.push(FieldIssue::error(
                    &field("quantity"),
                    "the quantity must be above 0",
                ));
            }
            if !h.cost_basis_usd.is_finite() || h.cost_basis_usd < 0.0 {
                issues.push(FieldIssue::error(
                    &field("cost_basis_usd"),
                    "the cost basis cannot be negative",
                ));
            }
            if h.open_date > today {
                issues.push(FieldIssue::error(
                    &field("open_date"),
                    &format!("{} is in the future", h.open_date),
                ));
            }
            if let Some(j) = self.holdings[..i]
                .iter()
                .position(|o| o.symbol == h.symbol && o.open_date == h.open_date)
            {
                issues.push(FieldIssue::error(
                    &field("symbol"),
                    &format!(
                        "duplicate of holding {} ({} opened {}); merge the two lots",
                        j + 1,
                        h.symbol,
                        h.open_date
                    ),
                ));
            }
        }
        for (i, g) in self.groups.iter().enumerate() {
            if g.name.trim().is_empty() {
                issues.push(FieldIssue::error(
                    &format!("groups[{i}].name"),
                    "the group needs a name",
                ));
            }
            if self.groups[..i].iter().any(|o| o.name == g.name) {
                issues.push(FieldIssue::error(
                    &format!("groups[{i}].name"),
                    &format!("there is already a group named '{}'", g.name),
                ));
            }
        }
        issues
    }

    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }

    /// Symbols of the holdings, in order, without repeats.
    pub fn holding_symbols(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for h in &self.holdings {
            if !out.contains(&h.symbol) {
                out.push(h.symbol.clone());
            }
        }
        out
    }
}

/// A problem with one field of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldIssue {
    /// `holdings[2].quantity`
    pub field: String,
    pub message: String,
}

impl FieldIssue {
    pub fn error(field: &str, message: &str) -> Self {
        Self {
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }
}

impl std::fmt::Display for FieldIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn default_benchmark() -> String {
    super::BTC_SYMBOL.to_owned()
}

/// A lot: `quantity` units bought on `open_date` for `cost_basis_usd` in total.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Holding {
    pub symbol: String,
    pub quantity: f64,
    pub cost_basis_usd: f64,
    pub open_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A named set of symbols (for example "AI pivoters"), analysed as an equal-weight basket.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    fn holding(symbol: &str, q: f64, date: NaiveDate) -> Holding {
        Holding {
            symbol: symbol.into(),
            quantity: q,
            cost_basis_usd: 100.0,
            open_date: date,
            note: None,
        }
    }

    #[test]
    fn validation_names_the_field() {
        let mut p = Portfolio::new("Test");
        p.holdings.push(holding("MARA", 10.0, ymd(2025, 1, 2)));
        p.holdings.push(holding("RIOT", -1.0, ymd(2025, 1, 2)));
        p.holdings.push(holding("IREN", 1.0, ymd(2030, 1, 2)));
        p.holdings.push(holding("MARA", 5.0, ymd(2025, 1, 2)));
        let issues = p.validate(ymd(2026, 11, 23));
        let text: Vec<String> = issues.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "holdings[1].quantity: the quantity must be above 0",
                "holdings[2].open_date: 2030-01-02 is in the future",
                "holdings[3].symbol: duplicate of holding 1 (MARA opened 2025-01-02); merge the two lots",
            ]
        );
        assert!(Portfolio::new("ok").validate(ymd(2026, 1, 1)).is_empty());
        assert_eq!(p.holding_symbols(), ["MARA", "RIOT", "IREN"]);
    }
}
