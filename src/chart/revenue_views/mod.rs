//! Chart specs of the revenue-mix and capacity views, built from the revenue model. The app and
//! `minerlens chart revenue-mix|capacity` draw the same specs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::axis::{Unit, format_grouped, format_usd, trim_number};
use super::spec::{BarSpec, ChartSpec, Mark, PanelSpec, RefLine, SeriesSpec, View, XAxis};
use super::theme::ChartTheme;
use crate::analysis::economics::{MarginMap, MinerEconomics, economics_with_map};
use crate::analysis::revenue::ModelInputs;
use crate::analysis::revenue::{
    self, BTC_PRICE_RANGE_USD, CapacitySeries, Market, MinerRevenue, RevenueError,
};
use crate::model::deals::Deal;
use crate::model::fundamentals::{FundamentalsFile, MinerOverrides};

/// Series ids of the revenue segments and of the BTC price marker.
pub const MINING_ID: &str = "mining";
pub const HOSTING_ID: &str = "hosting";
pub const GPU_CLOUD_ID: &str = "gpu-cloud";
pub const BTC_NOW_ID: &str = "btc-price";
/// Series ids of the capacity view's first panel.
pub const MINING_MW_ID: &str = "mining-mw";
pub const AI_MW_ID: &str = "ai-mw";
pub const AI_BILLING_ID: &str = "ai-billing-mw";

/// The y range of the bars is this much taller than the tallest bar, so the legend fits above.
const LEGEND_HEADROOM: f64 = 1.3;

/// Options of the revenue-mix and capacity views.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RevenueViewOptions {
    /// Revenue-mix bars in percent of each miner's revenue instead of USD per year.
    pub percent: bool,
    /// The miner whose mining vs AI capacity the capacity view shows first; `None` = all the
    /// selected miners together.
    pub capacity_focus: Option<String>,
    /// The miner of the Economics view's margin heat map; `None` = the first selected miner.
    pub economics_focus: Option<String>,
}

/// Everything the revenue views need.
pub struct RevenueChartContext<'a> {
    pub fundamentals: &'a FundamentalsFile,
    pub overrides: &'a BTreeMap<String, MinerOverrides>,
    /// The deals in use (the ledger with the portfolio's own).
    pub deals: &'a [Deal],
    pub market: Market,
    /// Where the BTC price comes from, for the footer ("last close 2026-11-20, Demo data").
    pub btc_price_note: &'a str,
    /// Selected symbols; those without fundamentals are left out.
    pub symbols: &'a [String],
    pub options: &'a RevenueViewOptions,
    pub theme: ChartTheme,
}

impl RevenueChartContext<'_> {
    /// The model's inputs.
    pub fn model(&self) -> ModelInputs<'_> {
        ModelInputs {
            fundamentals: self.fundamentals,
            overrides: self.overrides,
            deals: self.deals,
        }
    }

    /// The selected symbols that have fundamentals, in the file's order.
    pub fn miners(&self) -> Vec<String> {
        self.fundamentals
            .miners
            .iter()
            .filter(|m| self.symbols.contains(&m.symbol))
            .map(|m| m.symbol.clone())
            .collect()
    }

    /// The revenue mix of the selected miners, sorted by AI share (largest first).
    pub fn rows(&self) -> Result<Vec<MinerRevenue>, RevenueError> {
        let miners = self.miners();
        let mut rows = revenue::revenue_mix(&self.model(), &self.market, Some(&miners))?;
        revenue::sort_by_ai_share(&mut rows);
        Ok(rows)
    }

    /// The per-MW economics of the selected miners and the margin heat map of the focus miner.
    pub fn economics(&self) -> Result<(Vec<MinerEconomics>, Option<MarginMap>), RevenueError> {
        let miners = self.miners();
        economics_with_map(
            &self.model(),
            &self.market,
            Some(&miners),
            self.options.economics_focus.as_deref(),
        )
    }

    pub(super) fn no_miner_message(&self) -> String {
        let all: Vec<&str> = self
            .fundamentals
            .miners
            .iter()
            .map(|m| m.symbol.as_str())
            .collect();
        format!(
            "Select at least one miner with fundamentals ({})",
            all.join(", ")
        )
    }

    pub(super) fn empty(&self, view: View, title: &str, message: String) -> ChartSpec {
        ChartSpec {
            view,
            title: title.to_owned(),
            subtitle: String::new(),
            panels: Vec::new(),
            footer: self.footer(view),
            empty_message: Some(message),
            markers: Vec::new(),
        }
    }

    pub(super) fn footer(&self, view: View) -> String {
        match view {
            View::Economics => format!(
                "Source: fundamentals file as of {} (assumptions marked there), lease rates from \
                 the deal ledger · BTC price {} · MinerLens",
                self.fundamentals.as_of, self.btc_price_note
            ),
            View::Capacity => format!(
                "Source: mining MW from the fundamentals file as of {}, AI/HPC MW from the deal \
                 ledger ({} deals) · MinerLens",
                self.fundamentals.as_of,
                self.deals.len()
            ),
            _ => format!(
                "Source: fundamentals file as of {}, hosting from the deal ledger · BTC price {} · \
                 MinerLens",
                self.fundamentals.as_of, self.btc_price_note
            ),
        }
    }
}

/// The spec of the revenue-mix view (any view but the capacity view) or of the capacity view,
/// from `rows` when the caller has them (else computed here).
pub(super) fn build(
    view: View,
    ctx: &RevenueChartContext<'_>,
    rows: Option<&[MinerRevenue]>,
) -> ChartSpec {
    match (view, rows) {
        (View::Capacity, _) => capacity(ctx),
        (_, Some(rows)) => revenue_mix(ctx, rows),
        (_, None) => match ctx.rows() {
            Ok(rows) => revenue_mix(ctx, &rows),
            Err(e) => ctx.empty(
                View::RevenueMix,
                REVENUE_TITLE,
                format!("Check the assumptions: {e}"),
            ),
        },
    }
}

const REVENUE_TITLE: &str = "Revenue mix: mining vs AI/HPC hosting vs GPU cloud";

/// "$91,500"
pub fn usd_whole(v: f64) -> String {
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}${}", format_grouped(v.abs(), 0))
}

/// The inputs in one line: "As of … · BTC $91,500 · 1,050 EH/s · fees 0.025 BTC/block · …".
pub fn market_summary(market: &Market) -> String {
    format!(
        "As of {} · BTC {} · network {} EH/s · fees {} BTC/block · subsidy {} BTC · hashprice {}/PH/day",
        market.as_of,
        usd_whole(market.btc_price_usd),
        format_grouped(market.network_hashrate_eh, 0),
        trim_number(market.fees_btc_per_block, 4),
        trim_number(market.subsidy_btc(), 8),
        format_usd(market.hashprice_usd_per_ph_day()),
    )
}

/// Stacked bars per miner (mining, hosting, GPU cloud) sorted by AI share, in USD per year or
/// percent, over the AI share of each miner against the BTC price. `rows` come from
/// [`RevenueChartContext::rows`].
pub fn revenue_mix(ctx: &RevenueChartContext<'_>, rows: &[MinerRevenue]) -> ChartSpec {
    if rows.is_empty() {
        return ctx.empty(View::RevenueMix, REVENUE_TITLE, ctx.no_miner_message());
    }
    let palette = ctx.theme.palette();
    let percent = ctx.options.percent;
    let (unit, y_label, title) = if percent {
        (
            Unit::Share,
            "Share of revenue (%)",
            "Share of revenue by source",
        )
    } else {
        (
            Unit::UsdPerYear,
            "Revenue (USD per year)",
            "Revenue per year by source",
        )
    };
    let categories: Vec<String> = rows.iter().map(|r| r.symbol.clone()).collect();
    let mut panel = PanelSpec::new(title, XAxis::Categories(categories), y_label, unit);
    type Getter = fn(&MinerRevenue) -> f64;
    let segments: [(&str, &str, crate::chart::Rgb, Getter); 3] = [
        (MINING_ID, "Mining", palette.mining, |r| {
            r.mining_usd_per_year
        }),
        (HOSTING_ID, "AI/HPC hosting", palette.hosting, |r| {
            r.hosting_usd_per_year
        }),
        (GPU_CLOUD_ID, "GPU cloud", palette.gpu_cloud, |r| {
            r.gpu_cloud_usd_per_year
        }),
    ];
    let mut bases = vec![0.0; rows.len()];
    let mut layers = Vec::new();
    for (id, name, color, get) in segments {
        let mut bars = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let usd = get(r);
            let share = if r.total_usd_per_year > 0.0 {
                usd / r.total_usd_per_year * 100.0
            } else {
                0.0
            };
            let value = if percent { share } else { usd };
            if value <= 0.0 {
                continue;
            }
            bars.push(BarSpec {
                x: i as f64,
                base: bases[i],
                value,
                color,
                label: format!(
                    "{} · {name}\n{} · {}",
                    r.symbol,
                    Unit::UsdPerYear.format_value(usd),
                    Unit::Share.format_value(share)
                ),
            });
            bases[i] += value;
        }
        layers.push(SeriesSpec {
            in_legend: true,
            id: id.to_owned(),
            name: name.to_owned(),
            color,
            unit,
            mark: Mark::Bars { bars, width: 0.7 },
        });
    }
    // The legend lists the segments top to bottom, as they are stacked.
    layers.reverse();
    panel.series = layers;
    // Headroom above the tallest bar for the legend.
    let tallest = bases.iter().copied().fold(0.0, f64::max);
    panel.y_range = Some((0.0, tallest.max(1.0) * LEGEND_HEADROOM));
    if percent {
        panel.ref_lines.push(RefLine {
            y: 100.0,
            label: "100%".to_owned(),
        });
    }

    let mut curve = PanelSpec::new(
        "AI share of revenue vs BTC price",
        XAxis::Numeric {
            label: "BTC price (USD)".to_owned(),
            unit: Unit::Usd,
        },
        "AI share of revenue (%)",
        Unit::Share,
    );
    curve.y_range = Some((0.0, 100.0));
    let (lo, hi) = (*BTC_PRICE_RANGE_USD.start(), *BTC_PRICE_RANGE_USD.end());
    for r in rows {
        let points = revenue::ai_share_curve(
            r,
            ctx.market.btc_price_usd,
            lo,
            hi,
            revenue::market::curve_steps(),
        );
        if points.is_empty() {
            continue;
        }
        curve.series.push(SeriesSpec::line(
            &r.symbol,
            &r.symbol,
            ctx.theme.series_color(&r.symbol),
            Unit::Share,
            points,
        ));
    }
    let btc = ctx.market.btc_price_usd;
    if (lo..=hi).contains(&btc) {
        curve.series.push(SeriesSpec {
            in_legend: true,
            id: BTC_NOW_ID.to_owned(),
            name: format!("BTC now {}", usd_whole(btc)),
            color: palette.reference,
            unit: Unit::Share,
            mark: Mark::Line {
                points: vec![[btc, 0.0], [btc, 100.0]].into(),
                width: 1.2,
                dashed: true,
            },
        });
    }
    curve.ref_lines.push(RefLine {
        y: 50.0,
        label: "AI revenue = mining revenue".to_owned(),
    });
    ChartSpec {
        view: View::RevenueMix,
        title: REVENUE_TITLE.to_owned(),
        subtitle: format!("{} · sorted by AI share", market_summary(&ctx.market)),
        panels: vec![panel, curve],
        footer: ctx.footer(View::RevenueMix),
        empty_message: None,
        markers: Vec::new(),
    }
}

const CAPACITY_TITLE: &str = "Capacity: MW used for mining vs contracted for AI/HPC";

/// Stacked areas over quarters: mining vs AI/HPC MW of the selected miners together (or of the
/// focused one), then the AI/HPC MW of each miner.
pub fn capacity(ctx: &RevenueChartContext<'_>) -> ChartSpec {
    let miners = ctx.miners();
    if miners.is_empty() {
        return ctx.empty(View::Capacity, CAPACITY_TITLE, ctx.no_miner_message());
    }
    let series = match revenue::capacity_series(ctx.fundamentals, ctx.deals, Some(&miners)) {
        Ok(s) => s,
        Err(e) => {
            return ctx.empty(
                View::Capacity,
                CAPACITY_TITLE,
                format!("Check the fundamentals file: {e}"),
            );
        }
    };
    if series.days.is_empty() {
        return ctx.empty(
            View::Capacity,
            CAPACITY_TITLE,
            "The fundamentals file and the deal ledger have no capacity for these miners"
                .to_owned(),
        );
    }
    let palette = ctx.theme.palette();
    let xs: Vec<f64> = series.days.iter().map(|d| f64::from(*d)).collect();
    let pts = |ys: &[f64]| -> std::sync::Arc<[[f64; 2]]> {
        xs.iter().zip(ys).map(|(x, y)| [*x, *y]).collect()
    };
    let focus = ctx
        .options
        .capacity_focus
        .as_ref()
        .and_then(|f| series.miners.iter().find(|m| &m.symbol == f));
    let (mining, ai, billing, who) = match focus {
        Some(m) => (
            m.mining_mw.clone(),
            m.ai_mw.clone(),
            m.ai_billing_mw.clone(),
            m.symbol.clone(),
        ),
        None => (
            series.total_mining_mw.clone(),
            series.total_ai_mw.clone(),
            series.total_ai_billing_mw.clone(),
            if miners.len() == 1 {
                miners[0].clone()
            } else {
                format!("{} selected miners", miners.len())
            },
        ),
    };
    let stacked: Vec<f64> = mining.iter().zip(&ai).map(|(m, a)| m + a).collect();
    let zeros = vec![0.0; xs.len()];
    let mut top = PanelSpec::new(
        &format!("Mining vs AI/HPC: {who}"),
        XAxis::Time,
        "Capacity (MW)",
        Unit::Megawatts,
    );
    let area = |id: &str, name: &str, color, upper: &[f64], lower: &[f64]| SeriesSpec {
        in_legend: true,
        id: id.to_owned(),
        name: name.to_owned(),
        color,
        unit: Unit::Megawatts,
        mark: Mark::Area {
            upper: pts(upper),
            lower: pts(lower),
        },
    };
    // Legends list the layers top to bottom, as they are stacked.
    top.series = vec![
        area(
            AI_MW_ID,
            "AI/HPC (contracted)",
            palette.hosting,
            &stacked,
            &mining,
        ),
        area(MINING_MW_ID, "Mining", palette.mining, &mining, &zeros),
    ];
    // Of the contracted MW, those billing by then (stated starts, else a year after the deal).
    let billing_top: Vec<f64> = mining.iter().zip(&billing).map(|(m, b)| m + b).collect();
    top.series.insert(
        0,
        SeriesSpec {
            in_legend: true,
            id: AI_BILLING_ID.to_owned(),
            name: "AI/HPC billing".to_owned(),
            color: palette.text,
            unit: Unit::Megawatts,
            mark: Mark::Line {
                points: pts(&billing_top),
                width: 1.6,
                dashed: true,
            },
        },
    );
    let mut panels = vec![top];
    let with_ai: Vec<_> = series
        .miners
        .iter()
        .filter(|m| m.ai_mw.iter().any(|v| *v > 0.0))
        .collect();
    if !with_ai.is_empty() {
        let mut by_miner = PanelSpec::new(
            "AI/HPC capacity by miner",
            XAxis::Time,
            "AI/HPC capacity (MW)",
            Unit::Megawatts,
        );
        // The miner with the most AI/HPC capacity at the end at the bottom; the legend lists
        // the layers top to bottom.
        let mut with_ai = with_ai;
        let n = xs.len() - 1;
        with_ai.sort_by(|a, b| b.ai_mw[n].total_cmp(&a.ai_mw[n]));
        let mut base = zeros.clone();
        let mut layers = Vec::new();
        for m in with_ai {
            let upper: Vec<f64> = base.iter().zip(&m.ai_mw).map(|(b, a)| b + a).collect();
            layers.push(area(
                &m.symbol,
                &m.symbol,
                ctx.theme.series_color(&m.symbol),
                &upper,
                &base,
            ));
            base = upper;
        }
        layers.reverse();
        by_miner.series = layers;
        panels.push(by_miner);
    }
    ChartSpec {
        view: View::Capacity,
        title: CAPACITY_TITLE.to_owned(),
        subtitle: capacity_subtitle(&who, &series, &mining, &ai),
        panels,
        footer: ctx.footer(View::Capacity),
        empty_message: None,
        markers: Vec::new(),
    }
}

/// "6 selected miners: AI/HPC 0% to 26% of capacity (0 to 1,438 MW) · quarter ends 2024Q1 to
/// 2026Q3"
fn capacity_subtitle(who: &str, series: &CapacitySeries, mining: &[f64], ai: &[f64]) -> String {
    let (Some(first), Some(last)) = (series.days.first(), series.days.last()) else {
        return String::new();
    };
    let share = |i: usize| {
        let total = mining[i] + ai[i];
        if total > 0.0 {
            ai[i] / total * 100.0
        } else {
            0.0
        }
    };
    let n = ai.len() - 1;
    format!(
        "{who}: AI/HPC {:.0}% to {:.0}% of capacity ({} to {} MW) · quarter ends {} to {}",
        share(0),
        share(n),
        format_grouped(ai[0], 0),
        format_grouped(ai[n], 0),
        revenue::quarter_label(crate::model::days_to_date(*first)),
        revenue::quarter_label(crate::model::days_to_date(*last)),
    )
}

#[cfg(test)]
mod tests;
