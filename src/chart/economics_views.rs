//! The Economics view: what a MW earns mining against hosting, per miner; each miner's switch
//! point on the BTC price axis; and the mining margin of one miner over BTC price x network
//! hashrate, the current point marked.

use super::axis::{Unit, format_grouped};
use super::revenue_views::RevenueChartContext;
use super::spec::{BarSpec, ChartSpec, Mark, PanelSpec, RefLine, SeriesSpec, View, XAxis};
use super::theme::ChartTheme;
use crate::analysis::economics::{MarginMap, MinerEconomics};
use crate::analysis::revenue::Market;

pub const MINING_GP_ID: &str = "mining-gross-profit";
pub const HOSTING_NOI_ID: &str = "hosting-noi";
pub const SWITCH_ID: &str = "switch-btc";
pub const MARGIN_ID: &str = "mining-margin";
pub const NOW_ID: &str = "market-now";

/// The Economics view of the selected miners, or why it cannot be drawn.
pub fn build(ctx: &RevenueChartContext<'_>) -> ChartSpec {
    if ctx.miners().is_empty() {
        return ctx.empty(View::Economics, TITLE, ctx.no_miner_message());
    }
    match ctx.economics() {
        Ok((rows, map)) => economics(&EconomicsContext {
            rows: &rows,
            market: ctx.market,
            map: map.as_ref(),
            theme: ctx.theme,
            footer: ctx.footer(View::Economics),
        }),
        Err(e) => ctx.empty(
            View::Economics,
            TITLE,
            format!("Check the assumptions: {e}"),
        ),
    }
}

struct EconomicsContext<'a> {
    rows: &'a [MinerEconomics],
    market: Market,
    map: Option<&'a MarginMap>,
    theme: ChartTheme,
    footer: String,
}

const TITLE: &str = "Economics: does a megawatt earn more mining or hosting AI?";

// Three panels built in order (bars, switch points, heat map); each block is one panel.
#[allow(clippy::too_many_lines)]
fn economics(ctx: &EconomicsContext<'_>) -> ChartSpec {
    let palette = ctx.theme.palette();
    let names: Vec<String> = ctx.rows.iter().map(|r| r.symbol.clone()).collect();
    let mut bars = PanelSpec::new(
        "Per MW-year: mining gross profit vs hosting NOI",
        XAxis::Categories(names.clone()),
        "USD per MW-year",
        Unit::UsdPerYear,
    );
    bars.ref_lines.push(RefLine {
        y: 0.0,
        label: "0".to_owned(),
    });
    let group =
        |id: &str, name: &str, color, offset: f64, value: fn(&MinerEconomics) -> f64| SeriesSpec {
            in_legend: true,
            id: id.to_owned(),
            name: name.to_owned(),
            color,
            unit: Unit::UsdPerYear,
            mark: Mark::Bars {
                bars: ctx
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| BarSpec {
                        x: i as f64 + offset,
                        base: 0.0,
                        value: value(r),
                        color,
                        label: format!(
                            "{} {name}: {}",
                            r.symbol,
                            Unit::UsdPerYear.format_value(value(r))
                        ),
                    })
                    .collect(),
                width: 0.38,
            },
        };
    bars.series.push(group(
        MINING_GP_ID,
        "Mining gross profit",
        palette.mining,
        -0.2,
        |r| r.mining_gross_profit_usd_per_mw_year,
    ));
    bars.series.push(group(
        HOSTING_NOI_ID,
        "Hosting NOI",
        palette.hosting,
        0.2,
        |r| r.hosting_noi_usd_per_mw_year,
    ));

    let mut switch = PanelSpec::new(
        "Switch point: the BTC price at which a MW earns as much mining as hosting",
        XAxis::Categories(names),
        "BTC price (USD)",
        Unit::Usd,
    );
    switch.ref_lines.push(RefLine {
        y: ctx.market.btc_price_usd,
        label: format!("BTC now ${}", format_grouped(ctx.market.btc_price_usd, 0)),
    });
    let (pts, labels): (Vec<[f64; 2]>, Vec<String>) = ctx
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let p = r.switch_btc_price_usd?;
            Some((
                [i as f64, p],
                format!(
                    "{}: mining a MW earns as much as hosting it at BTC ${} (now ${})",
                    r.symbol,
                    format_grouped(p, 0),
                    format_grouped(ctx.market.btc_price_usd, 0)
                ),
            ))
        })
        .unzip();
    switch.series.push(SeriesSpec {
        in_legend: true,
        id: SWITCH_ID.to_owned(),
        name: "Switch BTC price".to_owned(),
        color: palette.hosting,
        unit: Unit::Usd,
        mark: Mark::Points {
            points: pts.into(),
            labels,
            radius: 5.0,
        },
    });
    let mut panels = vec![bars, switch];
    if let Some(map) = ctx.map {
        let mut heat = PanelSpec::new(
            &format!(
                "{}: mining margin by BTC price and network hashrate",
                map.symbol
            ),
            XAxis::Numeric {
                label: "BTC price (USD)".to_owned(),
                unit: Unit::Usd,
            },
            "Network hashrate (EH/s)",
            Unit::Exahash,
        );
        heat.series.push(SeriesSpec {
            in_legend: true,
            id: MARGIN_ID.to_owned(),
            name: "Mining margin (%)".to_owned(),
            color: palette.mining,
            unit: Unit::Percent,
            mark: Mark::HeatMap {
                xs: map.btc_prices.clone(),
                ys: map.hashrates_eh.clone(),
                values: map.margins.clone(),
                colors: map
                    .margins
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|v| palette.heat_color(v.unwrap_or(f64::NAN), -50.0, 50.0))
                            .collect()
                    })
                    .collect(),
                lo: -50.0,
                hi: 50.0,
            },
        });
        heat.series.push(SeriesSpec {
            in_legend: true,
            id: NOW_ID.to_owned(),
            name: "Now".to_owned(),
            color: palette.text,
            unit: Unit::Usd,
            mark: Mark::Points {
                points: vec![[ctx.market.btc_price_usd, ctx.market.network_hashrate_eh]].into(),
                labels: vec![format!(
                    "Now: BTC ${} at {} EH/s",
                    format_grouped(ctx.market.btc_price_usd, 0),
                    format_grouped(ctx.market.network_hashrate_eh, 0)
                )],
                radius: 6.0,
            },
        });
        panels.push(heat);
    }
    let empty = ctx.rows.is_empty();
    ChartSpec {
        view: View::Economics,
        title: TITLE.to_owned(),
        subtitle: format!(
            "As of {} · BTC ${} · {} EH/s · hashprice ${:.2}/PH/day",
            ctx.market.as_of,
            format_grouped(ctx.market.btc_price_usd, 0),
            format_grouped(ctx.market.network_hashrate_eh, 0),
            ctx.market.hashprice_usd_per_ph_day()
        ),
        panels,
        footer: ctx.footer.clone(),
        empty_message: empty.then(|| "Select at least one miner with fundamentals".to_owned()),
        markers: Vec::new(),
    }
}
