//! Inputs shared by the model's unit tests.

use chrono::NaiveDate;

use super::inputs::MinerInputs;
use super::market::Market;
use crate::model::dates::ymd;
use crate::model::fundamentals::HostingContract;
use crate::model::miner_fields::MinerField;

pub(crate) fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

pub(crate) fn market() -> Market {
    Market {
        as_of: ymd(2026, 3, 31),
        btc_price_usd: 90_000.0,
        network_hashrate_eh: 1000.0,
        fees_btc_per_block: 0.025,
    }
}

pub(crate) fn contract(mw: f64, usd: f64, start: NaiveDate, ramp_months: u32) -> HostingContract {
    HostingContract {
        tenant: "Tenant".into(),
        mw,
        usd_per_mw_year: usd,
        start,
        ramp_months,
        source: "test".into(),
    }
}

pub(crate) fn worked_miner() -> MinerInputs {
    let mut m = MinerInputs {
        symbol: "TEST".into(),
        name: "Test miner".into(),
        values: [0.0; crate::model::miner_fields::FIELD_COUNT],
        contracts: vec![contract(200.0, 1_500_000.0, ymd(2025, 1, 1), 0)],
        gpu_contracts: vec![],
    };
    for (field, v) in [
        (MinerField::HashrateEh, 50.0),
        (MinerField::EfficiencyJPerTh, 17.0),
        (MinerField::PowerCostUsdPerMwh, 40.0),
        (MinerField::UptimePct, 100.0),
        (MinerField::PoolFeePct, 0.0),
        (MinerField::MiningMw, 850.0),
        (MinerField::Pue, 1.0),
    ] {
        m[field] = v;
    }
    m
}
