//! The per-miner results of the model and the AI-share curve.

use serde::Serialize;

use super::error::RevenueError;
use super::formulas::*;
use super::inputs::{MinerInputs, ModelInputs, resolve_miners};
use super::market::Market;
use crate::model::fundamentals::MinerField;

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
    let mining = mining_usd_per_year(
        m[MinerField::HashrateEh],
        hashprice,
        m[MinerField::UptimePct],
        m[MinerField::PoolFeePct],
    );
    let hosting = hosting_usd_per_year(&m.contracts, market.as_of);
    let gpu = gpu_cloud_usd_per_year(
        m[MinerField::Gpus],
        m[MinerField::UsdPerGpuHour],
        m[MinerField::GpuUtilizationPct],
    ) + hosting_usd_per_year(&m.gpu_contracts, market.as_of);
    let ai = hosting + gpu;
    let total = mining + ai;
    MinerRevenue {
        symbol: m.symbol.clone(),
        hashrate_eh: m[MinerField::HashrateEh],
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

/// The revenue mix of the chosen miners, in the file's order.
pub fn revenue_mix(
    model: &ModelInputs<'_>,
    market: &Market,
    symbols: Option<&[String]>,
) -> Result<Vec<MinerRevenue>, RevenueError> {
    market.validate()?;
    Ok(resolve_miners(model, symbols)?
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::revenue::test_util::{close, market, worked_miner};
    use crate::data::deals::bundled_ledger;
    use crate::data::fundamentals::bundled_fundamentals;
    use crate::model::deals::Deal;
    use crate::model::fundamentals::{FundamentalsFile, MinerOverrides};
    use std::collections::BTreeMap;

    fn inputs<'a>(
        file: &'a FundamentalsFile,
        overrides: &'a BTreeMap<String, MinerOverrides>,
        deals: &'a [Deal],
    ) -> ModelInputs<'a> {
        ModelInputs {
            fundamentals: file,
            overrides,
            deals,
        }
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
        m[MinerField::UptimePct] = 95.0;
        m[MinerField::PoolFeePct] = 2.0;
        let r2 = miner_revenue(&m, &market());
        assert!(close(
            r2.mining_usd_per_year,
            745_038_000.0 * 0.95 * 0.98,
            1e-3
        ));
    }

    /// docs/methodology.md (shown in the app) states the worked example as computed here.
    #[test]
    fn the_methodology_states_the_worked_example_the_code_computes() {
        let r = miner_revenue(&worked_miner(), &market());
        let text = format!(
            "mining {:.1} million USD a year, hosting {:.0} million, AI share {:.1}%, breakeven {} \
             USD, sensitivity {:.2}%",
            r.mining_usd_per_year / 1e6,
            r.hosting_usd_per_year / 1e6,
            r.ai_share_pct.unwrap_or(f64::NAN),
            crate::model::fmt::format_grouped(r.breakeven_btc_price_usd.unwrap_or(f64::NAN), 0),
            r.btc_sensitivity_pct.unwrap_or(f64::NAN)
        );
        let doc = crate::analysis::methodology_section("Revenue mix").unwrap_or_default();
        assert!(doc.contains(&text), "docs/methodology.md lacks {text:?}");
        let hashprice = format!("{:.3}", market().hashprice_usd_per_ph_day());
        assert!(doc.contains(&hashprice), "hashprice {hashprice}");
    }

    #[test]
    fn gpu_cloud_and_hosting_only_miners() {
        assert_eq!(gpu_cloud_usd_per_year(1000.0, 2.0, 50.0), 8_760_000.0);
        let mut m = worked_miner();
        m[MinerField::HashrateEh] = 0.0;
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
    fn overrides_apply_and_unknown_miners_are_errors() {
        let file = bundled_fundamentals().unwrap();
        let deals = bundled_ledger().unwrap().deals;
        let m = market();
        let base = revenue_mix(&inputs(&file, &BTreeMap::new(), &deals), &m, None).unwrap();
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
        let changed = revenue_mix(&inputs(&file, &overrides, &deals), &m, None).unwrap();
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
        let err = revenue_mix(&inputs(&file, &overrides, &deals), &m, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "IREN: efficiency_j_per_th must be between 5 and 100 J/TH (got 200)"
        );
        overrides.clear();
        overrides.insert("NOPE".to_owned(), MinerOverrides::default());
        assert_eq!(
            revenue_mix(&inputs(&file, &overrides, &deals), &m, None).unwrap_err(),
            RevenueError::UnknownMiner("NOPE".into())
        );
        // APLD only hosts: 100% AI once its lease bills.
        let apld = revenue_mix(
            &inputs(&file, &BTreeMap::new(), &deals),
            &m,
            Some(&["APLD".to_owned()]),
        )
        .unwrap();
        assert_eq!(apld.len(), 1);
        assert_eq!(apld[0].ai_share_pct, Some(100.0));
    }

    #[test]
    fn sorting_and_the_ai_share_curve() {
        let file = bundled_fundamentals().unwrap();
        let deals = bundled_ledger().unwrap().deals;
        let mut rows =
            revenue_mix(&inputs(&file, &BTreeMap::new(), &deals), &market(), None).unwrap();
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
}
