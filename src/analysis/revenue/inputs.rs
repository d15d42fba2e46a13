//! A miner's inputs after the portfolio's overrides, and the checks every input passes (the same
//! for the window, the command line and files).

use std::collections::BTreeMap;
use std::ops::{Index, IndexMut};

use super::error::{RevenueError, range_problem};
use crate::model::deals::{DEFAULT_RAMP_MONTHS, Deal, DealKind};
use crate::model::fundamentals::{
    FundamentalsFile, HostingContract, MinerFundamentals, MinerOverrides,
};
use crate::model::miner_fields::{FIELD_COUNT, MinerField};

/// The longest ramp a hosting contract may have, in months (50 years).
pub use crate::model::deals::MAX_RAMP_MONTHS;

/// Everything the per-miner models read: the fundamentals file, the portfolio's overrides and
/// the deals in use (the ledger with the portfolio's own deals).
#[derive(Clone, Copy, Debug)]
pub struct ModelInputs<'a> {
    pub fundamentals: &'a FundamentalsFile,
    pub overrides: &'a BTreeMap<String, MinerOverrides>,
    pub deals: &'a [Deal],
}

/// A miner's inputs after the portfolio's overrides: one value per [`MinerField`] (index it with
/// the field: `inputs[MinerField::UptimePct]`), its hosting contracts and its contracted GPU
/// cloud, both from the deal ledger.
#[derive(Clone, Debug, PartialEq)]
pub struct MinerInputs {
    pub symbol: String,
    pub name: String,
    pub values: [f64; FIELD_COUNT],
    /// Colocation leases and joint ventures: hosting revenue.
    pub contracts: Vec<HostingContract>,
    /// GPU cloud contracts (the miner's GPUs rented to a customer): GPU cloud revenue, beside the
    /// fleet rented by the hour.
    pub gpu_contracts: Vec<HostingContract>,
}

/// A deal as a contract of the revenue model: its yearly rate per MW (value / term / MW, or
/// stated), billing from its start (stated, or a year after the announcement) over its ramp
/// (stated, or a year). `None` for deals without MW or a rate, or not in force.
pub fn contract_of(deal: &Deal) -> Option<HostingContract> {
    if !deal.counts() {
        return None;
    }
    let (start, assumed) = deal.billing_start_or_assumed();
    let ramp_months = deal.ramp_months.unwrap_or(DEFAULT_RAMP_MONTHS);
    let mut source = format!("deal ledger: {}", deal.source_line());
    if assumed {
        source.push_str("; billing start assumed a year after the announcement");
    }
    if deal.ramp_months.is_none() {
        source.push_str(&format!("; ramp of {DEFAULT_RAMP_MONTHS} months assumed"));
    }
    Some(HostingContract {
        tenant: deal.counterparty.clone(),
        mw: deal.mw?,
        usd_per_mw_year: deal.rate_usd_per_mw_year()?,
        start,
        ramp_months,
        source,
    })
}

impl Index<MinerField> for MinerInputs {
    type Output = f64;
    fn index(&self, field: MinerField) -> &f64 {
        &self.values[field as usize]
    }
}

impl IndexMut<MinerField> for MinerInputs {
    fn index_mut(&mut self, field: MinerField) -> &mut f64 {
        &mut self.values[field as usize]
    }
}

impl MinerInputs {
    /// The fundamentals file's values with `overrides` applied, and the miner's contracts from
    /// `deals` (plus those a version-1 fundamentals file lists itself).
    pub fn resolve(
        m: &MinerFundamentals,
        overrides: Option<&MinerOverrides>,
        deals: &[Deal],
    ) -> Self {
        let of_kind = |gpu: bool| -> Vec<HostingContract> {
            deals
                .iter()
                .filter(|d| d.symbol == m.symbol && (d.kind == DealKind::GpuCloud) == gpu)
                .filter_map(contract_of)
                .collect()
        };
        let mut contracts = of_kind(false);
        contracts.extend(m.hosting_contracts.iter().cloned());
        MinerInputs {
            symbol: m.symbol.clone(),
            name: m.name.clone(),
            values: MinerField::ALL.map(|field| {
                overrides
                    .and_then(|o| field.overridden(o))
                    .unwrap_or_else(|| field.default_of(m).0)
            }),
            contracts,
            gpu_contracts: of_kind(true),
        }
    }

    /// The first invalid value, naming the miner and the field.
    pub fn validate(&self) -> Result<(), RevenueError> {
        for field in MinerField::ALL {
            if let Some(problem) = field_problem(field, self[field]) {
                return Err(RevenueError::Miner {
                    symbol: self.symbol.clone(),
                    field: field.key(),
                    problem,
                });
            }
        }
        for c in self.contracts.iter().chain(&self.gpu_contracts) {
            validate_contract(&self.symbol, c)?;
        }
        Ok(())
    }
}

/// What is wrong with `v` for `field`, if anything.
pub fn field_problem(field: MinerField, v: f64) -> Option<String> {
    let (min, max) = field.limits();
    range_problem(v, min, max, field.unit())
}

/// A contract needs a tenant, MW and a price that are numbers and not negative, and a ramp of
/// at most [`MAX_RAMP_MONTHS`]: the same rule for the editor, files and the command line.
pub fn validate_contract(symbol: &str, c: &HostingContract) -> Result<(), RevenueError> {
    let fail = |field: &'static str, problem: String| RevenueError::Contract {
        symbol: symbol.to_owned(),
        tenant: c.tenant.clone(),
        field,
        problem,
    };
    if c.tenant.trim().is_empty() {
        return Err(fail("tenant", "must not be empty".to_owned()));
    }
    for (field, v, unit) in [
        ("mw", c.mw, "MW"),
        ("usd_per_mw_year", c.usd_per_mw_year, "USD/MW-year"),
    ] {
        if let Some(problem) = range_problem(v, 0.0, None, unit) {
            return Err(fail(field, problem));
        }
    }
    if c.ramp_months > MAX_RAMP_MONTHS {
        return Err(fail(
            "ramp_months",
            format!(
                "must be a whole number of months, 0 to {MAX_RAMP_MONTHS} (got {})",
                c.ramp_months
            ),
        ));
    }
    Ok(())
}

/// The resolved inputs of the miners in `symbols` (every miner of the file when `None`), in the
/// file's order, validated. Overrides of miners the file does not have are an error.
pub fn resolve_miners(
    model: &ModelInputs<'_>,
    symbols: Option<&[String]>,
) -> Result<Vec<MinerInputs>, RevenueError> {
    let file = model.fundamentals;
    if let Some(unknown) = model.overrides.keys().find(|s| file.miner(s).is_none()) {
        return Err(RevenueError::UnknownMiner(unknown.clone()));
    }
    file.miners
        .iter()
        .filter(|m| symbols.is_none_or(|list| list.contains(&m.symbol)))
        .map(|m| {
            let inputs = MinerInputs::resolve(m, model.overrides.get(&m.symbol), model.deals);
            inputs.validate().map(|()| inputs)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::revenue::test_util::{market, worked_miner};

    #[test]
    fn validation_names_the_miner_and_the_field() {
        let mut m = worked_miner();
        m[MinerField::EfficiencyJPerTh] = 3.0;
        assert_eq!(
            m.validate().unwrap_err().to_string(),
            "TEST: efficiency_j_per_th must be between 5 and 100 J/TH (got 3)"
        );
        m[MinerField::EfficiencyJPerTh] = 17.0;
        m[MinerField::UptimePct] = 101.0;
        assert_eq!(
            m.validate().unwrap_err().to_string(),
            "TEST: uptime_pct must be between 0 and 100% (got 101)"
        );
        m[MinerField::UptimePct] = 95.0;
        m[MinerField::HashrateEh] = -1.0;
        assert_eq!(
            m.validate().unwrap_err().to_string(),
            "TEST: hashrate_eh must not be negative (got -1)"
        );
        m[MinerField::HashrateEh] = f64::NAN;
        assert_eq!(
            m.validate().unwrap_err().to_string(),
            "TEST: hashrate_eh must be a number"
        );
        m[MinerField::HashrateEh] = 0.0;
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
}
