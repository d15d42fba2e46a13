//! What a megawatt earns: mining it against leasing it to an AI/HPC tenant, in profit, not
//! revenue. Pure arithmetic on the revenue model's market and the miner's inputs, one function
//! per formula (the methodology has them in words).
//!
//! Mining, per MW of machines (facility power is `pue` times more):
//! - `th_per_mw = 1e6 / efficiency_j_per_th`
//! - `mining_revenue = hashprice / 1000 * th_per_mw * 365 * uptime * (1 - pool_fee)`
//! - `power_cost = power_cost_usd_per_mwh * 8760 * uptime * pue`
//! - `mining_gross_profit = mining_revenue - power_cost - other_opex`
//!
//! Hosting, per MW of critical IT: `hosting_noi = lease rate * noi_margin` (the lease rate of
//! the miner's contracts in the deal ledger, MW-weighted, else the miner's assumption), and
//! `payback = conversion capex / hosting_noi`.
//!
//! The switch point: mining revenue is proportional to the BTC price, so a MW earns the same
//! mining as hosting at `btc_switch = (noi + power_cost + other_opex) / (mining_revenue /
//! btc_price)`; at today's price, at the network hashrate `hashrate_switch = hashrate *
//! mining_revenue / (noi + power_cost + other_opex)` (hashprice is inversely proportional to it).

use serde::Serialize;

use super::revenue::{
    DAYS_PER_YEAR, HOURS_PER_YEAR, Market, MinerField, MinerInputs, ModelInputs, RevenueError,
    gpu_cloud_usd_per_year, resolve_miners,
};

/// TH/s a MW of machines hashes at `efficiency_j_per_th`.
pub fn th_per_mw(efficiency_j_per_th: f64) -> f64 {
    1e6 / efficiency_j_per_th
}

/// Mining revenue of a MW of machines per year.
pub fn mining_revenue_usd_per_mw_year(
    hashprice_usd_per_ph_day: f64,
    efficiency_j_per_th: f64,
    uptime_pct: f64,
    pool_fee_pct: f64,
) -> f64 {
    hashprice_usd_per_ph_day / 1000.0
        * th_per_mw(efficiency_j_per_th)
        * DAYS_PER_YEAR
        * (uptime_pct / 100.0)
        * (1.0 - pool_fee_pct / 100.0)
}

/// The power bill of a MW of machines per year (facility power: times the PUE).
pub fn power_cost_usd_per_mw_year(power_cost_usd_per_mwh: f64, uptime_pct: f64, pue: f64) -> f64 {
    power_cost_usd_per_mwh * HOURS_PER_YEAR * (uptime_pct / 100.0) * pue
}

/// One miner's per-MW economics at a market.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MinerEconomics {
    pub symbol: String,
    pub hashprice_usd_per_ph_day: f64,
    pub th_per_mw: f64,
    pub mining_revenue_usd_per_mw_year: f64,
    pub power_cost_usd_per_mw_year: f64,
    pub other_opex_usd_per_mw_year: f64,
    pub mining_gross_profit_usd_per_mw_year: f64,
    /// Mining gross profit in percent of mining revenue.
    pub mining_margin_pct: Option<f64>,
    /// Cost per PH/s hashed per day: power only, and power plus other opex.
    pub hashcost_power_usd_per_ph_day: f64,
    pub hashcost_all_in_usd_per_ph_day: f64,
    /// The hashprice at which mining a MW breaks even (all-in).
    pub breakeven_hashprice_usd_per_ph_day: f64,
    /// The cash cost to mine one BTC: power only, and power plus other opex (the BTC price at
    /// which mining a MW breaks even).
    pub cost_to_mine_btc_power_usd: Option<f64>,
    pub cost_to_mine_btc_usd: Option<f64>,
    /// The lease rate of a MW of critical IT per year, and where it comes from.
    pub lease_usd_per_mw_year: f64,
    pub lease_source: String,
    pub hosting_noi_usd_per_mw_year: f64,
    pub conversion_capex_usd_per_mw: f64,
    pub payback_years: Option<f64>,
    /// The BTC price at which a MW earns the same mining as hosting.
    pub switch_btc_price_usd: Option<f64>,
    /// The network hashrate at which it does for today's BTC price.
    pub switch_network_hashrate_eh: Option<f64>,
    /// Company level: yearly gross profit from mining (its mining MW), hosting (its billable
    /// hosting MW) and GPU cloud (revenue times its margin, where the margin is known).
    pub mining_gross_profit_usd_per_year: f64,
    pub hosting_gross_profit_usd_per_year: f64,
    pub gpu_cloud_gross_profit_usd_per_year: Option<f64>,
    // The inputs, as used.
    pub efficiency_j_per_th: f64,
    pub power_cost_usd_per_mwh: f64,
    pub uptime_pct: f64,
    pub pool_fee_pct: f64,
    pub pue: f64,
    pub noi_margin_pct: f64,
    pub mining_mw: f64,
    pub hosting_mw_billable: f64,
}

/// The lease rate a miner's hosting earns per MW-year: the MW-weighted rate of its contracts,
/// else its assumption. Also the source in words.
pub fn lease_rate(m: &MinerInputs) -> (f64, String) {
    let mw: f64 = m.contracts.iter().map(|c| c.mw).sum();
    if mw > 0.0 {
        let rate = m
            .contracts
            .iter()
            .map(|c| c.mw * c.usd_per_mw_year)
            .sum::<f64>()
            / mw;
        let n = m.contracts.len();
        (
            rate,
            format!(
                "MW-weighted rate of its {n} contract{} in the deal ledger",
                if n == 1 { "" } else { "s" }
            ),
        )
    } else {
        (
            m[MinerField::LeaseUsdPerMwYear],
            "the miner's assumption (no contract in the ledger)".to_owned(),
        )
    }
}

/// A miner's economics at `market` (inputs assumed valid; see [`MinerInputs::validate`]).
pub fn miner_economics(m: &MinerInputs, market: &Market) -> MinerEconomics {
    let hashprice = market.hashprice_usd_per_ph_day();
    let eff = m[MinerField::EfficiencyJPerTh];
    let uptime = m[MinerField::UptimePct];
    let fee = m[MinerField::PoolFeePct];
    let pue = m[MinerField::Pue];
    let other = m[MinerField::OtherOpexUsdPerMwYear];
    let revenue = mining_revenue_usd_per_mw_year(hashprice, eff, uptime, fee);
    let power = power_cost_usd_per_mw_year(m[MinerField::PowerCostUsdPerMwh], uptime, pue);
    let gross = revenue - power - other;
    let ph_days = th_per_mw(eff) / 1000.0 * DAYS_PER_YEAR * (uptime / 100.0);
    let per_ph = |cost: f64| {
        if ph_days > 0.0 {
            cost / ph_days
        } else {
            f64::INFINITY
        }
    };
    let btc_per_mw_year = revenue / market.btc_price_usd;
    let per_btc = |cost: f64| (btc_per_mw_year > 0.0).then(|| cost / btc_per_mw_year);
    let (lease, lease_source) = lease_rate(m);
    let noi = lease * m[MinerField::NoiMarginPct] / 100.0;
    let capex = m[MinerField::CapexUsdPerMw];
    let needed = noi + power + other;
    let hosting_mw_billable: f64 = m
        .contracts
        .iter()
        .map(|c| super::revenue::billable_mw(c, market.as_of))
        .sum();
    let hosting_revenue = super::revenue::hosting_usd_per_year(&m.contracts, market.as_of);
    // The fleet rented by the hour and the GPU cloud contracts of the ledger.
    let gpu_revenue = gpu_cloud_usd_per_year(
        m[MinerField::Gpus],
        m[MinerField::UsdPerGpuHour],
        m[MinerField::GpuUtilizationPct],
    ) + super::revenue::hosting_usd_per_year(&m.gpu_contracts, market.as_of);
    let gpu_margin = m[MinerField::GpuMarginPct];
    MinerEconomics {
        symbol: m.symbol.clone(),
        hashprice_usd_per_ph_day: hashprice,
        th_per_mw: th_per_mw(eff),
        mining_revenue_usd_per_mw_year: revenue,
        power_cost_usd_per_mw_year: power,
        other_opex_usd_per_mw_year: other,
        mining_gross_profit_usd_per_mw_year: gross,
        mining_margin_pct: (revenue > 0.0).then(|| gross / revenue * 100.0),
        hashcost_power_usd_per_ph_day: per_ph(power),
        hashcost_all_in_usd_per_ph_day: per_ph(power + other),
        breakeven_hashprice_usd_per_ph_day: per_ph(power + other) / (1.0 - fee / 100.0),
        cost_to_mine_btc_power_usd: per_btc(power),
        cost_to_mine_btc_usd: per_btc(power + other),
        lease_usd_per_mw_year: lease,
        lease_source,
        hosting_noi_usd_per_mw_year: noi,
        conversion_capex_usd_per_mw: capex,
        payback_years: (noi > 0.0).then(|| capex / noi),
        switch_btc_price_usd: (btc_per_mw_year > 0.0).then(|| needed / btc_per_mw_year),
        switch_network_hashrate_eh: (needed > 0.0)
            .then(|| market.network_hashrate_eh * revenue / needed),
        mining_gross_profit_usd_per_year: gross * m[MinerField::MiningMw],
        hosting_gross_profit_usd_per_year: hosting_revenue * m[MinerField::NoiMarginPct] / 100.0,
        gpu_cloud_gross_profit_usd_per_year: (gpu_revenue > 0.0 && gpu_margin > 0.0)
            .then(|| gpu_revenue * gpu_margin / 100.0),
        efficiency_j_per_th: eff,
        power_cost_usd_per_mwh: m[MinerField::PowerCostUsdPerMwh],
        uptime_pct: uptime,
        pool_fee_pct: fee,
        pue,
        noi_margin_pct: m[MinerField::NoiMarginPct],
        mining_mw: m[MinerField::MiningMw],
        hosting_mw_billable,
    }
}

/// Mining margin in percent of revenue of a MW at each network hashrate (rows) and BTC price
/// (columns): the sensitivity heat map. `None` where there is no revenue.
pub fn margin_grid(
    m: &MinerInputs,
    market: &Market,
    btc_prices: &[f64],
    hashrates_eh: &[f64],
) -> Vec<Vec<Option<f64>>> {
    hashrates_eh
        .iter()
        .map(|&h| {
            btc_prices
                .iter()
                .map(|&p| {
                    let mk = Market {
                        btc_price_usd: p,
                        network_hashrate_eh: h,
                        ..*market
                    };
                    miner_economics(m, &mk).mining_margin_pct
                })
                .collect()
        })
        .collect()
}

/// Steps of the heat map on each axis.
pub const MARGIN_MAP_STEPS: usize = 21;

/// One miner's margin heat map around the market: BTC from 0.25x to 2.5x today's price,
/// network hashrate from 0.5x to 2x today's, [`MARGIN_MAP_STEPS`] steps on each.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MarginMap {
    pub symbol: String,
    pub btc_prices: Vec<f64>,
    pub hashrates_eh: Vec<f64>,
    /// `[hashrate row][btc column]`, in percent of revenue.
    pub margins: Vec<Vec<Option<f64>>>,
}

impl MarginMap {
    pub fn around(m: &MinerInputs, market: &Market) -> Self {
        let steps = |lo: f64, hi: f64| -> Vec<f64> {
            (0..MARGIN_MAP_STEPS)
                .map(|i| lo + (hi - lo) * i as f64 / (MARGIN_MAP_STEPS - 1) as f64)
                .collect()
        };
        let btc_prices = steps(0.25 * market.btc_price_usd, 2.5 * market.btc_price_usd);
        let hashrates_eh = steps(
            0.5 * market.network_hashrate_eh,
            2.0 * market.network_hashrate_eh,
        );
        let margins = margin_grid(m, market, &btc_prices, &hashrates_eh);
        MarginMap {
            symbol: m.symbol.clone(),
            btc_prices,
            hashrates_eh,
            margins,
        }
    }
}

/// The economics of the chosen miners and the heat map of one of them (`focus`, or the first).
pub fn economics_with_map(
    model: &ModelInputs<'_>,
    market: &Market,
    symbols: Option<&[String]>,
    focus: Option<&str>,
) -> Result<(Vec<MinerEconomics>, Option<MarginMap>), RevenueError> {
    market.validate()?;
    let miners = resolve_miners(model, symbols)?;
    let rows: Vec<MinerEconomics> = miners.iter().map(|m| miner_economics(m, market)).collect();
    let chosen = focus
        .and_then(|f| miners.iter().find(|m| m.symbol == f))
        .or_else(|| miners.first());
    Ok((rows, chosen.map(|m| MarginMap::around(m, market))))
}

/// The economics of the chosen miners (every miner of the file when `None`), in the file's
/// order; invalid inputs name the miner and the field.
pub fn economics(
    model: &ModelInputs<'_>,
    market: &Market,
    symbols: Option<&[String]>,
) -> Result<Vec<MinerEconomics>, RevenueError> {
    market.validate()?;
    Ok(resolve_miners(model, symbols)?
        .iter()
        .map(|m| miner_economics(m, market))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::revenue::test_util::{close, market, worked_miner};
    use crate::data::deals::bundled_ledger;
    use crate::data::fundamentals::bundled_fundamentals;

    /// The worked example of the methodology: 17 J/TH, 40 USD/MWh, 95% uptime, 2% pool fee,
    /// PUE 1.05, 60,000 USD/MW-year of other opex; 200 MW leased at 1.5M USD/MW-year, NOI margin
    /// 85%, conversion capex 9.5M USD/MW. Market: BTC 90,000 USD, 1,000 EH/s, 0.025 BTC fees,
    /// subsidy 3.125 BTC: hashprice (3.125 + 0.025) * 144 * 90,000 / 1,000,000 = 40.824.
    fn example() -> MinerInputs {
        let mut m = worked_miner();
        for (f, v) in [
            (MinerField::UptimePct, 95.0),
            (MinerField::PoolFeePct, 2.0),
            (MinerField::Pue, 1.05),
            (MinerField::OtherOpexUsdPerMwYear, 60_000.0),
            (MinerField::NoiMarginPct, 85.0),
            (MinerField::CapexUsdPerMw, 9_500_000.0),
        ] {
            m[f] = v;
        }
        m
    }

    #[test]
    fn one_worked_example_per_formula() {
        let e = miner_economics(&example(), &market());
        // 1e6 / 17
        assert!(close(e.th_per_mw, 58_823.529_411_764_7, 1e-6));
        assert!(close(e.hashprice_usd_per_ph_day, 40.824, 1e-12));
        // 40.824 / 1000 * 58,823.53 * 365 * 0.95 * 0.98
        assert!(close(e.mining_revenue_usd_per_mw_year, 816_035.738_8, 1e-3));
        // 40 * 8760 * 0.95 * 1.05
        assert!(close(e.power_cost_usd_per_mw_year, 349_524.0, 1e-6));
        assert!(close(
            e.mining_gross_profit_usd_per_mw_year,
            406_511.738_8,
            1e-3
        ));
        assert!(close(e.mining_margin_pct.unwrap(), 49.815_433, 1e-5));
        // Per PH/s-day hashed: power / (58.82 PH * 365 * 0.95).
        assert!(close(e.hashcost_power_usd_per_ph_day, 17.136, 1e-9));
        assert!(close(e.hashcost_all_in_usd_per_ph_day, 20.077_600_58, 1e-6));
        assert!(close(
            e.breakeven_hashprice_usd_per_ph_day,
            20.487_347_53,
            1e-6
        ));
        // A MW mines 9.0671 BTC a year at this hashprice.
        assert!(close(
            e.cost_to_mine_btc_power_usd.unwrap(),
            38_548.752_83,
            1e-4
        ));
        assert!(close(e.cost_to_mine_btc_usd.unwrap(), 45_166.110_07, 1e-4));
        // 1.5M * 85%, and 9.5M / 1.275M.
        assert!(close(e.hosting_noi_usd_per_mw_year, 1_275_000.0, 1e-6));
        assert!(close(e.payback_years.unwrap(), 7.450_980_39, 1e-6));
        // (1,275,000 + 349,524 + 60,000) / 9.0671 BTC, and 1,000 * 816,036 / 1,684,524.
        assert!(close(e.switch_btc_price_usd.unwrap(), 185_784.951_3, 1e-3));
        assert!(close(
            e.switch_network_hashrate_eh.unwrap(),
            484.431_055,
            1e-5
        ));
        // Company level: 850 MW of mining, 200 MW billing at 1.5M with 85% NOI.
        assert!(close(
            e.mining_gross_profit_usd_per_year,
            406_511.738_8 * 850.0,
            1.0
        ));
        assert!(close(
            e.hosting_gross_profit_usd_per_year,
            255_000_000.0,
            1e-3
        ));
        assert_eq!(
            e.gpu_cloud_gross_profit_usd_per_year, None,
            "no margin known"
        );
        assert!(e.lease_source.contains("1 contract"), "{}", e.lease_source);
    }

    /// docs/methodology.md (shown in the app) states the same worked example the code computes.
    #[test]
    fn the_methodology_states_the_worked_example_the_code_computes() {
        use crate::model::fmt::format_grouped;
        let e = miner_economics(&example(), &market());
        let doc = crate::analysis::methodology_section("Economics").unwrap_or_default();
        let g = |v: f64| format_grouped(v, 0);
        for line in [
            format!("hashprice {:.3} USD/PH/day", e.hashprice_usd_per_ph_day),
            format!("th_per_mw {}", format_grouped(e.th_per_mw, 1)),
            format!(
                "mining revenue {} USD/MW-year",
                g(e.mining_revenue_usd_per_mw_year)
            ),
            format!("power {} USD/MW-year", g(e.power_cost_usd_per_mw_year)),
            format!(
                "gross profit {} USD/MW-year (margin {:.1}%)",
                g(e.mining_gross_profit_usd_per_mw_year),
                e.mining_margin_pct.unwrap_or(f64::NAN)
            ),
            format!(
                "hashcost {:.2} (power) / {:.2} (all-in) USD/PH/day",
                e.hashcost_power_usd_per_ph_day, e.hashcost_all_in_usd_per_ph_day
            ),
            format!(
                "breakeven hashprice {:.2} USD/PH/day",
                e.breakeven_hashprice_usd_per_ph_day
            ),
            format!(
                "cost to mine a BTC {} (power) / {} (all-in) USD",
                g(e.cost_to_mine_btc_power_usd.unwrap_or(f64::NAN)),
                g(e.cost_to_mine_btc_usd.unwrap_or(f64::NAN))
            ),
            format!(
                "hosting NOI {} USD/MW-year",
                g(e.hosting_noi_usd_per_mw_year)
            ),
            format!("payback {:.2} years", e.payback_years.unwrap_or(f64::NAN)),
            format!(
                "switch BTC price {} USD",
                g(e.switch_btc_price_usd.unwrap_or(f64::NAN))
            ),
            format!(
                "switch network hashrate {:.0} EH/s",
                e.switch_network_hashrate_eh.unwrap_or(f64::NAN)
            ),
        ] {
            assert!(
                doc.contains(&format!("- {line}\n")),
                "docs/methodology.md lacks {line:?}"
            );
        }
    }

    /// A property over 2,000 random miners and markets: at the switch BTC price (and at the
    /// switch hashrate) a MW's mining gross profit equals its hosting NOI, with mining ahead
    /// above that price and behind below it.
    #[test]
    fn the_switch_points_equalise_mining_and_hosting_for_any_inputs() {
        let mut rng = crate::data::rng::Rng::seed_from(14);
        let mut between = |lo: f64, hi: f64| lo + (hi - lo) * rng.uniform();
        let mut checked = 0;
        for _ in 0..2000 {
            let mut m = example();
            for (f, v) in [
                (MinerField::EfficiencyJPerTh, between(12.0, 40.0)),
                (MinerField::PowerCostUsdPerMwh, between(15.0, 90.0)),
                (MinerField::UptimePct, between(80.0, 100.0)),
                (MinerField::PoolFeePct, between(0.0, 4.0)),
                (MinerField::Pue, between(1.0, 1.4)),
                (MinerField::OtherOpexUsdPerMwYear, between(0.0, 150_000.0)),
                (MinerField::NoiMarginPct, between(80.0, 97.0)),
            ] {
                m[f] = v;
            }
            let market = Market {
                btc_price_usd: between(20_000.0, 250_000.0),
                network_hashrate_eh: between(300.0, 2_000.0),
                fees_btc_per_block: between(0.0, 0.5),
                ..market()
            };
            let e = miner_economics(&m, &market);
            let noi = e.hosting_noi_usd_per_mw_year;
            let Some(switch) = e.switch_btc_price_usd else {
                continue;
            };
            let at = miner_economics(&m, &market.with_btc_price(switch));
            assert!(
                close(at.mining_gross_profit_usd_per_mw_year, noi, 1e-6 * noi),
                "at {switch}: {} vs {noi}",
                at.mining_gross_profit_usd_per_mw_year
            );
            let above = miner_economics(&m, &market.with_btc_price(switch * 1.01));
            let below = miner_economics(&m, &market.with_btc_price(switch * 0.99));
            assert!(above.mining_gross_profit_usd_per_mw_year > noi);
            assert!(below.mining_gross_profit_usd_per_mw_year < noi);
            if let Some(h) = e.switch_network_hashrate_eh {
                let at_h = miner_economics(
                    &m,
                    &Market {
                        network_hashrate_eh: h,
                        ..market
                    },
                );
                assert!(close(
                    at_h.mining_gross_profit_usd_per_mw_year,
                    noi,
                    1e-6 * noi
                ));
            }
            checked += 1;
        }
        assert!(checked > 1900, "only {checked} miners had a switch price");
    }

    #[test]
    fn without_a_contract_the_lease_is_the_miners_assumption() {
        let mut m = example();
        m.contracts.clear();
        m[MinerField::LeaseUsdPerMwYear] = 1_400_000.0;
        let e = miner_economics(&m, &market());
        assert_eq!(e.lease_usd_per_mw_year, 1_400_000.0);
        assert!(e.lease_source.contains("assumption"));
        assert_eq!(e.hosting_gross_profit_usd_per_year, 0.0);
    }

    /// The identities on every bundled miner at the bundled market, and the switch points:
    /// at the switch BTC price (or hashrate) a MW earns the same mining as hosting.
    #[test]
    fn identities_and_switch_points_on_every_bundled_miner() {
        let file = bundled_fundamentals().unwrap();
        let deals = bundled_ledger().unwrap().deals;
        let overrides = Default::default();
        let model = ModelInputs {
            fundamentals: &file,
            overrides: &overrides,
            deals: &deals,
        };
        let mut rng = crate::data::rng::Rng::seed_from(7);
        for btc in [30_000.0, 74_700.0, 150_000.0] {
            let mk = Market::from_file(&file, file.as_of, btc);
            let miners = resolve_miners(&model, None).unwrap();
            assert_eq!(miners.len(), 12);
            for m in &miners {
                let e = miner_economics(m, &mk);
                let rel = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()));
                assert!(rel(
                    e.mining_gross_profit_usd_per_mw_year,
                    e.mining_revenue_usd_per_mw_year
                        - e.power_cost_usd_per_mw_year
                        - e.other_opex_usd_per_mw_year
                ));
                assert!(rel(
                    e.hosting_noi_usd_per_mw_year,
                    e.lease_usd_per_mw_year * e.noi_margin_pct / 100.0
                ));
                assert!(rel(e.th_per_mw, 1e6 / e.efficiency_j_per_th));
                // Mining breaks even at the hashprice whose revenue covers the costs.
                let at_be = e.breakeven_hashprice_usd_per_ph_day;
                let rev_be = mining_revenue_usd_per_mw_year(
                    at_be,
                    e.efficiency_j_per_th,
                    e.uptime_pct,
                    e.pool_fee_pct,
                );
                assert!(rel(
                    rev_be,
                    e.power_cost_usd_per_mw_year + e.other_opex_usd_per_mw_year
                ));
                // At the switch BTC price, mining gross profit equals hosting NOI.
                let p = e.switch_btc_price_usd.unwrap();
                let at = miner_economics(m, &mk.with_btc_price(p));
                assert!(
                    rel(
                        at.mining_gross_profit_usd_per_mw_year,
                        at.hosting_noi_usd_per_mw_year
                    ),
                    "{}: {} vs {}",
                    m.symbol,
                    at.mining_gross_profit_usd_per_mw_year,
                    at.hosting_noi_usd_per_mw_year
                );
                // And at the switch hashrate.
                let h = e.switch_network_hashrate_eh.unwrap();
                let at = miner_economics(
                    m,
                    &Market {
                        network_hashrate_eh: h,
                        ..mk
                    },
                );
                assert!(rel(
                    at.mining_gross_profit_usd_per_mw_year,
                    at.hosting_noi_usd_per_mw_year
                ));
                // A random BTC price above the switch: mining earns more, below: hosting.
                let k = 0.5 + rng.uniform();
                let at = miner_economics(m, &mk.with_btc_price(p * k));
                let mining_wins =
                    at.mining_gross_profit_usd_per_mw_year > at.hosting_noi_usd_per_mw_year;
                assert_eq!(mining_wins, k > 1.0, "{} at {k} x the switch", m.symbol);
            }
        }
    }

    #[test]
    fn the_heat_map_is_centred_on_the_market_and_matches_the_formula() {
        let m = example();
        let mk = market();
        let map = MarginMap::around(&m, &mk);
        assert_eq!(map.btc_prices.len(), MARGIN_MAP_STEPS);
        assert_eq!(map.margins.len(), MARGIN_MAP_STEPS);
        assert!(close(map.btc_prices[0], 22_500.0, 1e-9));
        assert!(close(map.hashrates_eh[MARGIN_MAP_STEPS - 1], 2_000.0, 1e-9));
        // Row = hashrate, column = BTC price.
        let (r, c) = (3, 17);
        let at = miner_economics(
            &m,
            &Market {
                btc_price_usd: map.btc_prices[c],
                network_hashrate_eh: map.hashrates_eh[r],
                ..mk
            },
        );
        assert_eq!(map.margins[r][c], at.mining_margin_pct);
        // Margins rise with the BTC price and fall with the hashrate.
        assert!(map.margins[r][c + 1] > map.margins[r][c]);
        assert!(map.margins[r + 1][c] < map.margins[r][c]);
    }
}
