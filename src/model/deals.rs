//! The AI/HPC deal ledger: every announced deal of the listed miners with its source, and the
//! user's own deals kept in the portfolio. One ledger feeds the capacity view (contracted MW),
//! the revenue model (hosting contracts) and the event markers and event study.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Format name written in every ledger file.
pub const LEDGER_FORMAT: &str = "minerlens-ai-deals";
/// The version this build reads and writes.
pub const LEDGER_VERSION: u32 = 1;

/// What a deal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealKind {
    /// Critical IT capacity leased to a tenant (the miner hosts, the tenant brings the GPUs).
    ColocationLease,
    /// The miner's own GPUs rented to a customer.
    GpuCloud,
    JointVenture,
    AcquisitionBid,
    Financing,
}

impl DealKind {
    pub const ALL: [DealKind; 5] = [
        DealKind::ColocationLease,
        DealKind::GpuCloud,
        DealKind::JointVenture,
        DealKind::AcquisitionBid,
        DealKind::Financing,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DealKind::ColocationLease => "Colocation lease",
            DealKind::GpuCloud => "GPU cloud contract",
            DealKind::JointVenture => "Joint venture",
            DealKind::AcquisitionBid => "Acquisition bid",
            DealKind::Financing => "Financing",
        }
    }

    /// Deals that contract data-center capacity to a tenant (MW and hosting revenue).
    pub fn contracts_capacity(self) -> bool {
        matches!(
            self,
            DealKind::ColocationLease | DealKind::JointVenture | DealKind::GpuCloud
        )
    }
}

/// Where a deal stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    #[default]
    Signed,
    Completed,
    Proposed,
    Terminated,
    Rejected,
}

impl DealStatus {
    pub const ALL: [DealStatus; 5] = [
        DealStatus::Signed,
        DealStatus::Completed,
        DealStatus::Proposed,
        DealStatus::Terminated,
        DealStatus::Rejected,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DealStatus::Signed => "Signed",
            DealStatus::Completed => "Completed",
            DealStatus::Proposed => "Proposed",
            DealStatus::Terminated => "Terminated",
            DealStatus::Rejected => "Rejected",
        }
    }

    /// A deal that still counts (its MW and revenue).
    pub fn in_force(self) -> bool {
        matches!(self, DealStatus::Signed | DealStatus::Completed)
    }
}

/// A public source of a deal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealSource {
    pub publisher: String,
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

fn yes() -> bool {
    true
}

/// One announced deal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    /// Unique: `apld-coreweave-2025-06-02`.
    pub id: String,
    /// The announcement date (US Eastern).
    pub announced: NaiveDate,
    /// Released after the close: the market could only react on the next session.
    #[serde(default)]
    pub after_close: Option<bool>,
    pub symbol: String,
    pub counterparty: String,
    pub kind: DealKind,
    /// MW of critical IT this entry contracts.
    #[serde(default)]
    pub mw: Option<f64>,
    /// An option or ceiling ("up to"), not contracted by this entry.
    #[serde(default)]
    pub mw_up_to: Option<f64>,
    /// The id of the deal this one expands.
    #[serde(default)]
    pub expands: Option<String>,
    /// Contract value of this entry in USD.
    #[serde(default)]
    pub value_usd: Option<f64>,
    #[serde(default)]
    pub term_years: Option<f64>,
    /// Revenue per MW and year stated directly (a user's estimate), where value and term are
    /// not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usd_per_mw_year: Option<f64>,
    /// Expected start of billing.
    #[serde(default)]
    pub billing_start: Option<NaiveDate>,
    /// Months from the start of billing until the whole MW bills (an assumption when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ramp_months: Option<u32>,
    #[serde(default)]
    pub status: DealStatus,
    /// The close-to-close move of the stock on day 0 that a source reports.
    #[serde(default)]
    pub reported_move_pct: Option<f64>,
    /// False when the deal itself could not be confirmed from a source.
    #[serde(default = "yes")]
    pub confirmed: bool,
    /// Fields no source confirmed.
    #[serde(default)]
    pub unconfirmed: Vec<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub sources: Vec<DealSource>,
}

/// What is wrong with one field of a deal: (field, problem).
pub type FieldProblem = (&'static str, String);

/// The longest ramp a contract or deal may have, in months.
pub const MAX_RAMP_MONTHS: u32 = 600;

/// Months of linear ramp assumed when a deal does not say (editable per deal).
pub const DEFAULT_RAMP_MONTHS: u32 = 12;
/// Months from announcement to first billing assumed when a deal does not say.
pub const DEFAULT_BILLING_LAG_MONTHS: u32 = 12;

impl Deal {
    /// A signed deal with only its identity: every figure, date and source left empty, for
    /// the caller to fill (`Deal { mw: Some(100.0), ..Deal::new(..) }`).
    pub fn new(
        id: impl Into<String>,
        announced: NaiveDate,
        symbol: impl Into<String>,
        counterparty: impl Into<String>,
        kind: DealKind,
    ) -> Self {
        Deal {
            id: id.into(),
            announced,
            after_close: None,
            symbol: symbol.into(),
            counterparty: counterparty.into(),
            kind,
            mw: None,
            mw_up_to: None,
            expands: None,
            value_usd: None,
            term_years: None,
            usd_per_mw_year: None,
            billing_start: None,
            ramp_months: None,
            status: DealStatus::Signed,
            reported_move_pct: None,
            confirmed: true,
            unconfirmed: Vec::new(),
            notes: String::new(),
            sources: Vec::new(),
        }
    }

    /// The checks every deal passes, in files and in the Deals table alike.
    pub fn check(&self) -> Result<(), FieldProblem> {
        let d = self;
        if d.id.trim().is_empty() {
            return Err(("id", "must not be empty".into()));
        }
        if !super::is_valid_symbol(&d.symbol) {
            return Err((
                "symbol",
                format!("'{}' is not a ticker (A-Z, 0-9, . - = ^ _)", d.symbol),
            ));
        }
        if d.counterparty.trim().is_empty() {
            return Err(("counterparty", "must not be empty".into()));
        }
        let positive = |name: &'static str, v: Option<f64>| match v {
            Some(x) if !x.is_finite() => Err((name, "must be a number".to_owned())),
            Some(x) if x <= 0.0 => Err((name, format!("must be above zero (got {x})"))),
            _ => Ok(()),
        };
        positive("mw", d.mw)?;
        positive("mw_up_to", d.mw_up_to)?;
        positive("value_usd", d.value_usd)?;
        positive("term_years", d.term_years)?;
        positive("usd_per_mw_year", d.usd_per_mw_year)?;
        if let (Some(mw), Some(up)) = (d.mw, d.mw_up_to)
            && up < mw
        {
            return Err((
                "mw_up_to",
                format!("must not be below mw (got {up} for {mw} MW)"),
            ));
        }
        if d.term_years.is_some_and(|t| t > 99.0) {
            return Err(("term_years", "must be 99 years or less".into()));
        }
        if let Some(m) = d.reported_move_pct
            && (!m.is_finite() || m <= -100.0)
        {
            return Err(("reported_move_pct", format!("must be above -100 (got {m})")));
        }
        if d.ramp_months.is_some_and(|m| m > MAX_RAMP_MONTHS) {
            return Err(("ramp_months", "must be 600 months or less".into()));
        }
        let year = |date: chrono::NaiveDate| chrono::Datelike::year(&date);
        if !(2000..=2100).contains(&year(d.announced)) {
            return Err((
                "announced",
                format!("{} is not a plausible date", d.announced),
            ));
        }
        if let Some(b) = d.billing_start
            && !(2000..=2100).contains(&year(b))
        {
            return Err(("billing_start", format!("{b} is not a plausible date")));
        }
        Ok(())
    }

    /// A deal whose MW and revenue count: in force and contracting capacity.
    pub fn counts(&self) -> bool {
        self.status.in_force() && self.kind.contracts_capacity()
    }

    /// The yearly rate per MW: stated, or value / term / MW.
    pub fn rate_usd_per_mw_year(&self) -> Option<f64> {
        if let Some(r) = self.usd_per_mw_year {
            return Some(r);
        }
        let (v, t, mw) = (self.value_usd?, self.term_years?, self.mw?);
        (t > 0.0 && mw > 0.0).then(|| v / t / mw)
    }

    /// The yearly revenue of the whole deal at full billing.
    pub fn usd_per_year(&self) -> Option<f64> {
        Some(self.rate_usd_per_mw_year()? * self.mw?)
    }

    /// The first day the deal bills: stated, or the assumed lag after the announcement; the
    /// flag says whether it was assumed.
    pub fn billing_start_or_assumed(&self) -> (NaiveDate, bool) {
        match self.billing_start {
            Some(d) => (d, false),
            None => (
                self.announced
                    .checked_add_months(chrono::Months::new(DEFAULT_BILLING_LAG_MONTHS))
                    .unwrap_or(self.announced),
                true,
            ),
        }
    }

    /// The index of day 0 in `days` (sorted, days since 1970-01-01): the announcement date if it
    /// is among them, else the next one; for a release after the close, the first day after the
    /// announcement. `days.len()` when there is none.
    pub fn day0_index(&self, days: &[i32]) -> usize {
        let announced = super::date_to_days(self.announced);
        if self.after_close == Some(true) {
            days.partition_point(|d| *d <= announced)
        } else {
            days.partition_point(|d| *d < announced)
        }
    }

    /// The first source in a line: "Publisher: Title".
    pub fn source_line(&self) -> String {
        self.sources
            .first()
            .map(|s| format!("{}: {}", s.publisher, s.title))
            .unwrap_or_else(|| "no source".to_owned())
    }
}

/// The ledger file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealLedger {
    pub format: String,
    pub version: u32,
    /// The date the ledger was last checked.
    pub as_of: NaiveDate,
    #[serde(default)]
    pub note: String,
    pub deals: Vec<Deal>,
}

/// The user's own changes to the ledger, kept in the portfolio: deals added or replacing a
/// ledger deal of the same id, and ledger deals left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonalDeals {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deals: Vec<Deal>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

impl PersonalDeals {
    pub fn is_empty(&self) -> bool {
        self.deals.is_empty() && self.removed.is_empty()
    }
}

impl DealLedger {
    /// The deals in use: see [`effective_deals`].
    pub fn effective(&self, personal: &PersonalDeals) -> Vec<Deal> {
        effective_deals(&self.deals, personal)
    }
}

/// The deals in use: the ledger's, less those removed, with the personal ones replacing deals
/// of the same id and added after; by announcement date, then id.
pub fn effective_deals(ledger: &[Deal], personal: &PersonalDeals) -> Vec<Deal> {
    let mut out: Vec<Deal> = ledger
        .iter()
        .filter(|d| !personal.removed.contains(&d.id))
        .filter(|d| !personal.deals.iter().any(|p| p.id == d.id))
        .cloned()
        .collect();
    out.extend(personal.deals.iter().cloned());
    out.sort_by(|a, b| a.announced.cmp(&b.announced).then_with(|| a.id.cmp(&b.id)));
    out
}

/// Which deals an event study or a table shows: by miner, announcement dates and counterparty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DealFilter {
    /// Empty: every miner.
    pub symbols: Vec<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Case-insensitive, a part of the name is enough.
    pub counterparty: String,
}

impl DealFilter {
    pub fn matches(&self, d: &Deal) -> bool {
        let wanted = self.counterparty.trim().to_lowercase();
        (self.symbols.is_empty() || self.symbols.contains(&d.symbol))
            && self.from.is_none_or(|f| d.announced >= f)
            && self.to.is_none_or(|t| d.announced <= t)
            && (wanted.is_empty() || d.counterparty.to_lowercase().contains(&wanted))
    }

    pub fn is_all(&self) -> bool {
        self.symbols.is_empty()
            && self.from.is_none()
            && self.to.is_none()
            && self.counterparty.trim().is_empty()
    }

    /// The deals that match.
    pub fn apply(&self, deals: &[Deal]) -> Vec<Deal> {
        deals.iter().filter(|d| self.matches(d)).cloned().collect()
    }

    /// Which events these are, for a chart subtitle: "all 21 events", "APLD, CORZ with
    /// CoreWeave from 2025-01-01 (4 events)".
    pub fn describe(&self, events: usize) -> String {
        let plural = if events == 1 { "event" } else { "events" };
        if self.is_all() {
            return format!("all {events} {plural}");
        }
        let mut parts = Vec::new();
        parts.push(if self.symbols.is_empty() {
            "every miner".to_owned()
        } else {
            self.symbols.join(", ")
        });
        if !self.counterparty.trim().is_empty() {
            parts.push(format!("with {}", self.counterparty.trim()));
        }
        if let Some(f) = self.from {
            parts.push(format!("from {f}"));
        }
        if let Some(t) = self.to {
            parts.push(format!("to {t}"));
        }
        format!("{} ({events} {plural})", parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    fn deal(id: &str, announced: NaiveDate) -> Deal {
        Deal {
            mw: Some(250.0),
            value_usd: Some(7e9),
            term_years: Some(15.0),
            ..Deal::new(
                id,
                announced,
                "APLD",
                "CoreWeave",
                DealKind::ColocationLease,
            )
        }
    }

    #[test]
    fn rates_starts_and_the_effective_ledger() {
        let d = deal("a", ymd(2025, 6, 2));
        // 7 billion over 15 years for 250 MW.
        let rate = d.rate_usd_per_mw_year().unwrap();
        assert!((rate - 7e9 / 15.0 / 250.0).abs() < 1e-6, "{rate}");
        assert!((d.usd_per_year().unwrap() - 7e9 / 15.0).abs() < 1e-3);
        assert_eq!(d.billing_start_or_assumed(), (ymd(2026, 6, 2), true));
        let ledger = DealLedger {
            format: LEDGER_FORMAT.into(),
            version: LEDGER_VERSION,
            as_of: ymd(2026, 12, 1),
            note: String::new(),
            deals: vec![deal("a", ymd(2025, 6, 2)), deal("b", ymd(2024, 1, 2))],
        };
        let mut mine = deal("a", ymd(2025, 6, 2));
        mine.mw = Some(100.0);
        let personal = PersonalDeals {
            deals: vec![mine, deal("c", ymd(2026, 1, 1))],
            removed: vec!["b".into()],
        };
        let e = ledger.effective(&personal);
        assert_eq!(
            e.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["a", "c"]
        );
        assert_eq!(e[0].mw, Some(100.0));
    }
}
