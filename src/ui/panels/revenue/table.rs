//! The per-miner table beside the revenue-mix and capacity charts.

use egui_extras::{Column, TableBuilder};

use super::RevenueState;
use crate::analysis::revenue::{self, MinerRevenue};
use crate::chart::axis::{Unit, format_grouped, trim_number};
use crate::chart::revenue_views::usd_whole;
use crate::model::days_to_date;
use crate::model::options::View;
use crate::ui::theme;

/// The symbol of the totals row.
const ALL_ROW: &str = "All";

const REVENUE_COLUMNS: [(&str, &str); 7] = [
    ("Miner", "Sorted by AI share, largest first"),
    (
        "Mining",
        "hashrate_eh * 1000 * hashprice * 365 * uptime * (1 - pool fee), USD per year",
    ),
    (
        "Hosting",
        "Sum of billable MW * USD per MW-year over the colocation contracts, USD per year",
    ),
    (
        "GPU cloud",
        "GPUs * USD per GPU-hour * 8760 * utilization, USD per year",
    ),
    ("AI share", "(hosting + GPU cloud) / total revenue"),
    (
        "Breakeven BTC",
        "The BTC price at which AI revenue equals mining revenue",
    ),
    (
        "BTC +10%",
        "Change of total revenue when BTC rises 10% (10 * mining / total)",
    ),
];

/// Per-miner figures of the revenue-mix view, or the capacity of the capacity view, where the
/// divergence table is in the other views.
pub fn table_ui(ui: &mut egui::Ui, state: &RevenueState, view: View) {
    match view {
        View::Capacity => capacity_table_ui(ui, state),
        View::Economics => economics_table_ui(ui, state),
        _ => revenue_table_ui(ui, state),
    }
}

fn table_header(ui: &mut egui::Ui, title: &str, detail: String) {
    ui.horizontal(|ui| {
        ui.strong(title);
        ui.label(egui::RichText::new(detail).color(theme::muted(ui.ctx())));
    });
}

fn usd(v: f64) -> String {
    Unit::UsdPerYear.format_tick(v)
}

/// The heading of a per-miner model table ("Revenue mix per year as of ..."), then its rows;
/// `None` (with the reason drawn) when the model failed or no miner is selected.
fn model_rows<'a, T>(
    ui: &mut egui::Ui,
    state: &RevenueState,
    title: &str,
    per: &str,
    results: &'a Result<Vec<T>, String>,
) -> Option<&'a [T]> {
    let as_of = state
        .market()
        .map(|m| format!("{per} as of {}", m.as_of))
        .unwrap_or_default();
    table_header(ui, title, as_of);
    match results {
        Err(e) => {
            ui.colored_label(
                theme::error(ui.ctx()),
                format!("Check the assumptions: {e}"),
            );
            None
        }
        Ok(rows) if rows.is_empty() => {
            ui.label(
                egui::RichText::new("Select at least one miner").color(theme::muted(ui.ctx())),
            );
            None
        }
        Ok(rows) => Some(rows),
    }
}

/// Under a model table: the hashprice and where the BTC price came from.
fn market_note_ui(ui: &mut egui::Ui, state: &RevenueState) {
    if let Some(m) = state.market() {
        ui.add_space(6.0);
        ui.label(
            egui::RichText::new(format!(
                "Hashprice {}/PH/day · BTC price {}",
                crate::chart::axis::format_usd(m.hashprice_usd_per_ph_day()),
                state.btc_price_note
            ))
            .small()
            .color(theme::muted(ui.ctx())),
        );
    }
}

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map(f).unwrap_or_else(|| "–".to_owned())
}

fn revenue_table_ui(ui: &mut egui::Ui, state: &RevenueState) {
    let Some(rows) = model_rows(ui, state, "Revenue mix", "per year", &state.results) else {
        return;
    };
    let mut cells: Vec<(String, [String; 6], String)> = rows
        .iter()
        .map(|r| {
            (
                r.symbol.clone(),
                [
                    usd(r.mining_usd_per_year),
                    usd(r.hosting_usd_per_year),
                    usd(r.gpu_cloud_usd_per_year),
                    opt(r.ai_share_pct, |v| format!("{v:.1}%")),
                    opt(r.breakeven_btc_price_usd, usd_whole),
                    opt(r.btc_sensitivity_pct, |v| format!("{v:+.2}%")),
                ],
                format!(
                    "{}\nTotal {}\nHashrate {} EH/s · hosting {} MW billable",
                    r.name,
                    Unit::UsdPerYear.format_value(r.total_usd_per_year),
                    trim_number(r.hashrate_eh, 2),
                    trim_number(r.hosting_mw_billable, 1)
                ),
            )
        })
        .collect();
    if rows.len() > 1 {
        let sum = |f: fn(&MinerRevenue) -> f64| rows.iter().map(f).sum::<f64>();
        let (mining, hosting, gpu) = (
            sum(|r| r.mining_usd_per_year),
            sum(|r| r.hosting_usd_per_year),
            sum(|r| r.gpu_cloud_usd_per_year),
        );
        let total = mining + hosting + gpu;
        cells.push((
            ALL_ROW.to_owned(),
            [
                usd(mining),
                usd(hosting),
                usd(gpu),
                opt(revenue::ai_share_pct(mining, hosting + gpu), |v| {
                    format!("{v:.1}%")
                }),
                String::new(),
                opt(revenue::btc_sensitivity_pct(mining, total), |v| {
                    format!("{v:+.2}%")
                }),
            ],
            format!(
                "The {} miners together: {}",
                rows.len(),
                Unit::UsdPerYear.format_value(total)
            ),
        ));
    }
    let rows: Vec<TableRow> = cells
        .into_iter()
        .map(|(symbol, values, tip)| TableRow {
            symbol,
            values: values.to_vec(),
            tip: Some(tip),
        })
        .collect();
    miner_table_ui(ui, &REVENUE_COLUMNS, &rows);
    market_note_ui(ui, state);
}

/// "+1,438"
fn signed_mw(v: f64) -> String {
    let sign = if v.round() > 0.0 { "+" } else { "" };
    format!("{sign}{}", format_grouped(v, 0))
}

fn capacity_table_ui(ui: &mut egui::Ui, state: &RevenueState) {
    let cap = match &state.capacity {
        Ok(cap) => cap,
        Err(e) => {
            ui.colored_label(theme::error(ui.ctx()), format!("Capacity: {e}"));
            return;
        }
    };
    let (Some(first), Some(last)) = (cap.days.first(), cap.days.last()) else {
        ui.label(egui::RichText::new("No capacity history").color(theme::muted(ui.ctx())));
        return;
    };
    table_header(
        ui,
        "Capacity",
        format!(
            "{} vs {}",
            revenue::quarter_label(days_to_date(*last)),
            revenue::quarter_label(days_to_date(*first))
        ),
    );
    let n = cap.days.len() - 1;
    let share = |m: f64, a: f64| {
        if m + a > 0.0 {
            format!("{:.0}%", a / (m + a) * 100.0)
        } else {
            "–".to_owned()
        }
    };
    let mw = |v: f64| format_grouped(v, 0);
    let mut rows: Vec<(String, [String; 4])> = cap
        .miners
        .iter()
        .map(|m| {
            (
                m.symbol.clone(),
                [
                    mw(m.mining_mw[n]),
                    mw(m.ai_mw[n]),
                    share(m.mining_mw[n], m.ai_mw[n]),
                    signed_mw(m.ai_mw[n] - m.ai_mw[0]),
                ],
            )
        })
        .collect();
    rows.sort_by(|a, b| {
        let ai = |r: &(String, [String; 4])| {
            cap.miners
                .iter()
                .find(|m| m.symbol == r.0)
                .map_or(0.0, |m| m.ai_mw[n])
        };
        ai(b).total_cmp(&ai(a)).then_with(|| a.0.cmp(&b.0))
    });
    if cap.miners.len() > 1 {
        rows.push((
            ALL_ROW.to_owned(),
            [
                mw(cap.total_mining_mw[n]),
                mw(cap.total_ai_mw[n]),
                share(cap.total_mining_mw[n], cap.total_ai_mw[n]),
                signed_mw(cap.total_ai_mw[n] - cap.total_ai_mw[0]),
            ],
        ));
    }
    let headers = [
        ("Miner", "Sorted by AI/HPC capacity"),
        ("Mining MW", "Power used for mining at the last quarter end"),
        (
            "AI/HPC MW",
            "Power contracted for AI/HPC at the last quarter end",
        ),
        ("AI share", "AI/HPC MW / (mining MW + AI/HPC MW)"),
        ("AI MW change", "AI/HPC MW added since the first quarter"),
    ];
    let rows: Vec<TableRow> = rows
        .into_iter()
        .map(|(symbol, values)| TableRow {
            symbol,
            values: values.to_vec(),
            tip: None,
        })
        .collect();
    miner_table_ui(ui, &headers, &rows);
}

const ECONOMICS_COLUMNS: [(&str, &str); 8] = [
    ("Miner", "In the order of the fundamentals file"),
    (
        "Mining GP/MW",
        "Mining gross profit per MW-year: revenue - power (with PUE) - other opex",
    ),
    (
        "Hosting NOI/MW",
        "Hosting net operating income per MW-year: lease rate * NOI margin",
    ),
    (
        "Hashcost",
        "All-in cash cost per PH/s and day (power and other opex), USD",
    ),
    (
        "Cost/BTC",
        "Cash cost to mine one BTC (power and other opex), USD",
    ),
    (
        "Switch BTC",
        "The BTC price at which a MW earns as much mining as hosting",
    ),
    (
        "Switch EH/s",
        "The network hashrate at which it does, at today's BTC price",
    ),
    ("Payback", "Conversion capex / hosting NOI, years"),
];

fn economics_table_ui(ui: &mut egui::Ui, state: &RevenueState) {
    let Some(rows) = model_rows(ui, state, "Economics", "per MW-year", &state.economics) else {
        return;
    };
    let rows: Vec<TableRow> = rows
        .iter()
        .map(|r| TableRow {
            symbol: r.symbol.clone(),
            values: vec![
                usd(r.mining_gross_profit_usd_per_mw_year),
                usd(r.hosting_noi_usd_per_mw_year),
                format!("${:.2}", r.hashcost_all_in_usd_per_ph_day),
                opt(r.cost_to_mine_btc_usd, usd_whole),
                opt(r.switch_btc_price_usd, usd_whole),
                opt(r.switch_network_hashrate_eh, |v| format_grouped(v, 0)),
                opt(r.payback_years, |v| format!("{v:.1} y")),
            ],
            tip: Some(format!(
                "Margin {} · lease {}/MW-yr ({})\nGross profit per year: mining {}, hosting {}, \
                 GPU cloud {}",
                opt(r.mining_margin_pct, |v| format!("{v:.1}%")),
                usd(r.lease_usd_per_mw_year),
                r.lease_source,
                usd(r.mining_gross_profit_usd_per_year),
                usd(r.hosting_gross_profit_usd_per_year),
                opt(r.gpu_cloud_gross_profit_usd_per_year, usd),
            )),
        })
        .collect();
    miner_table_ui(ui, &ECONOMICS_COLUMNS, &rows);
    market_note_ui(ui, state);
}

/// A row of a per-miner table: the symbol (or "All"), its cells, a tooltip on the symbol.
struct TableRow {
    symbol: String,
    values: Vec<String>,
    tip: Option<String>,
}

/// A striped table with the symbol in its series color, then right-aligned values; `headers`
/// are (label, tooltip).
fn miner_table_ui(ui: &mut egui::Ui, headers: &[(&str, &str)], rows: &[TableRow]) {
    let text_height = egui::TextStyle::Body.resolve(ui.style()).size + 6.0;
    let chart_theme = theme::chart_theme(ui.ctx());
    egui::ScrollArea::horizontal()
        .auto_shrink([false, true])
        .show(ui, |ui| {
            TableBuilder::new(ui)
                .striped(true)
                .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
                .column(Column::auto().at_least(56.0))
                .columns(
                    Column::auto().at_least(60.0),
                    headers.len().saturating_sub(1),
                )
                .header(text_height, |mut header| {
                    for (label, tip) in headers {
                        header.col(|ui| {
                            ui.strong(*label).on_hover_text(*tip);
                        });
                    }
                })
                .body(|mut body| {
                    for r in rows {
                        body.row(text_height, |mut row| {
                            row.col(|ui| {
                                let color = if r.symbol == ALL_ROW {
                                    ui.visuals().strong_text_color()
                                } else {
                                    theme::color(chart_theme.series_color(&r.symbol))
                                };
                                let label =
                                    ui.label(egui::RichText::new(&r.symbol).strong().color(color));
                                if let Some(tip) = &r.tip {
                                    label.on_hover_text(tip);
                                }
                            });
                            for v in &r.values {
                                row.col(|ui| {
                                    ui.label(v);
                                });
                            }
                        });
                    }
                });
        });
}
