//! The revenue-mix and capacity views: their inputs (BTC price, network hashrate and fees
//! sliders, per-miner overrides), the controls above the chart, the per-miner table beside it,
//! the assumptions editor and the formulas window.
//!
//! The app keeps one [`RevenueState`]; [`build_spec`] turns it into the chart spec of the
//! current view, and the `*_ui` functions return `true` when an input changed (the app then
//! rebuilds the spec).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use egui_extras::{Column, TableBuilder};

use super::super::theme;
use crate::analysis::Aligned;
use crate::analysis::revenue::{
    self, CapacitySeries, Market, MinerField, MinerRevenue, REVENUE_METHODOLOGY,
};
use crate::chart::axis::{Unit, format_grouped, trim_number};
use crate::chart::revenue_views::{self, RevenueChartContext, RevenueViewOptions, usd_whole};
use crate::chart::{ChartSpec, ChartTheme};
use crate::data::fundamentals::bundled_fundamentals;
use crate::model::fundamentals::{FundamentalsFile, HostingContract, MinerOverrides};
use crate::model::options::View;
use crate::model::{BTC_SYMBOL, DateRange, date_to_days, days_to_date, parse_date};

/// The BTC price used when the data has no BTC-USD close and the user set none.
const FALLBACK_BTC_PRICE_USD: f64 = 90_000.0;
/// Slider ranges.
const BTC_RANGE_USD: std::ops::RangeInclusive<f64> = 20_000.0..=250_000.0;
const HASHRATE_RANGE_EH: std::ops::RangeInclusive<f64> = 200.0..=3_000.0;
const FEES_RANGE_BTC: std::ops::RangeInclusive<f64> = 0.0..=2.0;
/// Accessible labels of the sliders (the GUI tests find them by these).
pub const BTC_SLIDER_LABEL: &str = "BTC price";
pub const HASHRATE_SLIDER_LABEL: &str = "Network hashrate";
pub const FEES_SLIDER_LABEL: &str = "Fees per block";

/// True for the views this module draws.
pub fn is_revenue_view(view: View) -> bool {
    matches!(view, View::RevenueMix | View::Capacity)
}

/// Inputs, options and last results of the revenue views.
pub struct RevenueState {
    /// The bundled fundamentals (or why they could not be read).
    pub fundamentals: Result<FundamentalsFile, String>,
    /// Per-miner values that replace the fundamentals file's (a portfolio's `revenue_overrides`).
    pub overrides: BTreeMap<String, MinerOverrides>,
    /// Set by the sliders; `None` follows the data (BTC) or the fundamentals file.
    pub btc_price_usd: Option<f64>,
    pub network_hashrate_eh: Option<f64>,
    pub fees_btc_per_block: Option<f64>,
    pub options: RevenueViewOptions,
    pub show_editor: bool,
    pub show_formulas: bool,
    /// The market of the last spec built.
    pub market: Option<Market>,
    /// Where that market's BTC price came from.
    pub btc_price_note: String,
    /// The revenue mix of the selected miners at the last build, sorted by AI share.
    pub results: Result<Vec<MinerRevenue>, String>,
    /// The capacity history of the selected miners at the last build.
    pub capacity: Option<CapacitySeries>,
    /// Selected miners with fundamentals at the last build.
    pub miners: Vec<String>,
    editor: Editor,
}

impl Default for RevenueState {
    fn default() -> Self {
        Self {
            fundamentals: bundled_fundamentals().map_err(|e| e.to_string()),
            overrides: BTreeMap::new(),
            btc_price_usd: None,
            network_hashrate_eh: None,
            fees_btc_per_block: None,
            options: RevenueViewOptions::default(),
            show_editor: false,
            show_formulas: false,
            market: None,
            btc_price_note: String::new(),
            results: Ok(Vec::new()),
            capacity: None,
            miners: Vec::new(),
            editor: Editor::default(),
        }
    }
}

impl RevenueState {
    /// Clears every override and the text being edited.
    pub fn reset_overrides(&mut self) {
        self.overrides.clear();
        self.editor = Editor::default();
    }

    fn has_market_inputs(&self) -> bool {
        self.btc_price_usd.is_some()
            || self.network_hashrate_eh.is_some()
            || self.fees_btc_per_block.is_some()
    }
}

/// The last BTC-USD close on or before `date` and its date.
fn btc_close(aligned: &Aligned, date: NaiveDate) -> Option<(f64, NaiveDate)> {
    let (day, price) = aligned
        .series
        .get(BTC_SYMBOL)?
        .at_or_before(date_to_days(date))?;
    Some((price, days_to_date(day)))
}

/// The spec of a revenue view (`None` for other views), computed from the state's inputs as of
/// the end of the window. Also stores the market, results and capacity in the state.
pub fn build_spec(
    state: &mut RevenueState,
    view: View,
    aligned: &Aligned,
    symbols: &[String],
    window: DateRange,
    chart_theme: ChartTheme,
    source: &str,
) -> Option<ChartSpec> {
    if !is_revenue_view(view) {
        return None;
    }
    let file = match &state.fundamentals {
        Ok(f) => f,
        Err(e) => {
            return Some(ChartSpec {
                view,
                title: view.label().to_owned(),
                subtitle: String::new(),
                panels: Vec::new(),
                footer: String::new(),
                empty_message: Some(format!("Could not read the fundamentals: {e}")),
            });
        }
    };
    let as_of = window.to;
    let (btc, note) = match (state.btc_price_usd, btc_close(aligned, as_of)) {
        (Some(p), _) => (p, "set with the slider".to_owned()),
        (None, Some((p, d))) => (p, format!("{BTC_SYMBOL} close on {d} ({source})")),
        (None, None) => (
            FALLBACK_BTC_PRICE_USD,
            format!(
                "{} (no {BTC_SYMBOL} in the data)",
                usd_whole(FALLBACK_BTC_PRICE_USD)
            ),
        ),
    };
    let mut market = Market::from_file(file, as_of, btc);
    if let Some(h) = state.network_hashrate_eh {
        market.network_hashrate_eh = h;
    }
    if let Some(f) = state.fees_btc_per_block {
        market.fees_btc_per_block = f;
    }
    let ctx = RevenueChartContext {
        fundamentals: file,
        overrides: &state.overrides,
        market,
        btc_price_note: &note,
        symbols,
        options: &state.options,
        theme: chart_theme,
    };
    let miners = ctx.miners();
    let results = ctx.rows().map_err(|e| e.to_string());
    let spec = match (view, &results) {
        (View::RevenueMix, Ok(rows)) => revenue_views::revenue_mix(&ctx, rows),
        _ => revenue_views::build(view, &ctx)?,
    };
    state.capacity = revenue::capacity_series(file, Some(&miners)).ok();
    state.results = results;
    state.miners = miners;
    state.market = Some(market);
    state.btc_price_note = note;
    Some(spec)
}

// ---------------------------------------------------------------------------------------------
// Controls above the chart

/// The sliders, mode toggle and buttons above a revenue view. Returns `true` when an input of
/// the chart changed.
pub fn controls_ui(ui: &mut egui::Ui, state: &mut RevenueState, view: View) -> bool {
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        match view {
            View::RevenueMix => {
                changed |= market_sliders_ui(ui, state);
                ui.separator();
                let mut percent = state.options.percent;
                ui.selectable_value(&mut percent, false, "USD per year");
                ui.selectable_value(&mut percent, true, "Percent");
                if percent != state.options.percent {
                    state.options.percent = percent;
                    changed = true;
                }
            }
            View::Capacity => changed |= capacity_focus_ui(ui, state),
            _ => {}
        }
        ui.separator();
        if view == View::RevenueMix
            && ui
                .button("Assumptions…")
                .on_hover_text("Edit the per-miner inputs of the model")
                .clicked()
        {
            state.show_editor = true;
        }
        if ui
            .button("Formulas…")
            .on_hover_text("How the revenue mix is computed")
            .clicked()
        {
            state.show_formulas = true;
        }
    });
    changed
}

/// Adds `add` as one unit of a wrapped row, so it moves to the next line as a whole when it
/// does not fit (egui wraps single widgets, not groups). Its width is measured each frame.
fn wrapped_group<R>(ui: &mut egui::Ui, name: &str, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let id = egui::Id::unique(("revenue-group", name));
    let width = ui.data(|d| d.get_temp::<f32>(id)).unwrap_or(300.0);
    let size = egui::vec2(width, ui.spacing().interact_size.y);
    let inner =
        ui.allocate_ui_with_layout(size, egui::Layout::left_to_right(egui::Align::Center), add);
    let measured = inner.response.rect.width();
    if (measured - width).abs() > 0.5 {
        ui.data_mut(|d| d.insert_temp(id, measured));
        ui.ctx().request_repaint();
    }
    inner.inner
}

/// A slider of a market input; returns the new value when the user moved it.
fn market_slider_ui(
    ui: &mut egui::Ui,
    slider: egui::Slider<'_>,
    label: &str,
    hover: String,
) -> bool {
    wrapped_group(ui, label, |ui| {
        ui.add(slider.text(label)).on_hover_text(hover).changed()
    })
}

fn market_sliders_ui(ui: &mut egui::Ui, state: &mut RevenueState) -> bool {
    let mut changed = false;
    let network = state.fundamentals.as_ref().ok().map(|f| &f.network);
    // The figure for the date the views are computed for (the end of the window).
    let as_of = state.market.as_ref().map(|m| m.as_of);
    let hashrate_at = network.map(|n| match as_of {
        Some(d) => n.hashrate_at(d),
        None => (n.hashrate_eh.value, n.hashrate_eh.source.clone()),
    });
    let default_hashrate = hashrate_at.as_ref().map_or(1000.0, |h| h.0);
    let default_fees = network.map_or(0.025, |n| n.fees_btc_per_block.value);
    let from_file = |value: String, source: Option<&str>| match network {
        Some(n) => format!(
            "Default {value} (network figures as of {}). Source: {}",
            n.as_of,
            source.unwrap_or_default()
        ),
        None => format!("Default {value}"),
    };
    let hashrate_hover = from_file(
        format!("{} EH/s", format_grouped(default_hashrate, 0)),
        hashrate_at.as_ref().map(|h| h.1.as_str()),
    );
    let fees_hover = format!(
        "Transaction fees in BTC per block. {}",
        from_file(
            format!("{} BTC", trim_number(default_fees, 4)),
            network.map(|n| n.fees_btc_per_block.source.as_str()),
        )
    );
    ui.spacing_mut().slider_width = 120.0;

    let data_btc = state
        .market
        .map_or(FALLBACK_BTC_PRICE_USD, |m| m.btc_price_usd);
    let mut btc = state.btc_price_usd.unwrap_or(data_btc);
    let slider = egui::Slider::new(&mut btc, BTC_RANGE_USD)
        .prefix("$")
        .step_by(500.0)
        .custom_formatter(|v, _| format_grouped(v, 0))
        .custom_parser(|t| parse_number(t).ok())
        .clamping(egui::SliderClamping::Edits);
    let hover = format!(
        "BTC price in USD. Default: the last {BTC_SYMBOL} close on or before the end of the \
         window ({})",
        state.btc_price_note
    );
    if market_slider_ui(ui, slider, BTC_SLIDER_LABEL, hover) {
        state.btc_price_usd = Some(btc);
        changed = true;
    }

    let mut hashrate = state.network_hashrate_eh.unwrap_or(default_hashrate);
    let slider = egui::Slider::new(&mut hashrate, HASHRATE_RANGE_EH)
        .suffix(" EH/s")
        .step_by(10.0)
        .custom_formatter(|v, _| format_grouped(v, 0))
        .custom_parser(|t| parse_number(t).ok())
        .clamping(egui::SliderClamping::Edits);
    if market_slider_ui(ui, slider, HASHRATE_SLIDER_LABEL, hashrate_hover) {
        state.network_hashrate_eh = Some(hashrate);
        changed = true;
    }

    let mut fees = state.fees_btc_per_block.unwrap_or(default_fees);
    let slider = egui::Slider::new(&mut fees, FEES_RANGE_BTC)
        .suffix(" BTC")
        .logarithmic(true)
        .smallest_positive(0.001)
        .max_decimals(3)
        .clamping(egui::SliderClamping::Edits);
    if market_slider_ui(ui, slider, FEES_SLIDER_LABEL, fees_hover) {
        state.fees_btc_per_block = Some(fees);
        changed = true;
    }

    if ui
        .add_enabled(state.has_market_inputs(), egui::Button::new("Reset"))
        .on_hover_text(
            "BTC price from the data, network hashrate for the date (fetched or from the \
             fundamentals file) and fees from the fundamentals file",
        )
        .clicked()
    {
        state.btc_price_usd = None;
        state.network_hashrate_eh = None;
        state.fees_btc_per_block = None;
        changed = true;
    }
    changed
}

fn capacity_focus_ui(ui: &mut egui::Ui, state: &mut RevenueState) -> bool {
    const ALL: &str = "All selected miners";
    let mut focus = state.options.capacity_focus.clone();
    if focus.as_ref().is_some_and(|f| !state.miners.contains(f)) {
        focus = None;
    }
    let label = ui.label("Mining vs AI/HPC of");
    egui::ComboBox::from_id_salt("revenue-capacity-focus")
        .selected_text(focus.as_deref().unwrap_or(ALL))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut focus, None, ALL);
            for m in &state.miners {
                ui.selectable_value(&mut focus, Some(m.clone()), m);
            }
        })
        .response
        .labelled_by(label.id);
    if focus != state.options.capacity_focus {
        state.options.capacity_focus = focus;
        return true;
    }
    false
}

// ---------------------------------------------------------------------------------------------
// The table beside the chart

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

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map(f).unwrap_or_else(|| "–".to_owned())
}

fn revenue_table_ui(ui: &mut egui::Ui, state: &RevenueState) {
    let as_of = state
        .market
        .map(|m| format!("per year as of {}", m.as_of))
        .unwrap_or_default();
    table_header(ui, "Revenue mix", as_of);
    let rows = match &state.results {
        Ok(rows) => rows,
        Err(e) => {
            ui.colored_label(
                theme::error(ui.ctx()),
                format!("Check the assumptions: {e}"),
            );
            return;
        }
    };
    if rows.is_empty() {
        ui.label(egui::RichText::new("Select at least one miner").color(theme::muted(ui.ctx())));
        return;
    }
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
    if let Some(m) = &state.market {
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

/// "+1,438"
fn signed_mw(v: f64) -> String {
    let sign = if v.round() > 0.0 { "+" } else { "" };
    format!("{sign}{}", format_grouped(v, 0))
}

fn capacity_table_ui(ui: &mut egui::Ui, state: &RevenueState) {
    let Some(cap) = &state.capacity else {
        ui.label(egui::RichText::new("No capacity history").color(theme::muted(ui.ctx())));
        return;
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
    egui::ScrollArea::horizontal().show(ui, |ui| {
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

// ---------------------------------------------------------------------------------------------
// Windows: formulas and the assumptions editor

/// The formulas and assumptions windows. Returns `true` when an input changed.
pub fn windows_ui(ctx: &egui::Context, state: &mut RevenueState) -> bool {
    if state.show_formulas {
        egui::Window::new("Revenue model")
            .open(&mut state.show_formulas)
            .default_width(600.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for paragraph in REVENUE_METHODOLOGY.lines() {
                        ui.label(paragraph);
                        ui.add_space(4.0);
                    }
                });
            });
    }
    let mut changed = false;
    if state.show_editor {
        let mut open = true;
        egui::Window::new("Revenue assumptions")
            .open(&mut open)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .default_size([1000.0, 680.0])
            .vscroll(true)
            .hscroll(true)
            .show(ctx, |ui| changed = assumptions_ui(ui, state));
        state.show_editor = open;
    }
    changed
}

/// A cell of the editor: a miner's field, or a field of one of its contracts.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum CellKey {
    Miner(String, MinerField),
    Contract(String, usize, ContractField),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum ContractField {
    Tenant,
    Mw,
    UsdPerMwYear,
    Start,
    RampMonths,
}

impl ContractField {
    const ALL: [ContractField; 5] = [
        ContractField::Tenant,
        ContractField::Mw,
        ContractField::UsdPerMwYear,
        ContractField::Start,
        ContractField::RampMonths,
    ];

    fn header(self) -> &'static str {
        match self {
            ContractField::Tenant => "Tenant",
            ContractField::Mw => "Contracted (MW)",
            ContractField::UsdPerMwYear => "Price (USD/MW-year)",
            ContractField::Start => "Start (YYYY-MM-DD)",
            ContractField::RampMonths => "Ramp (months)",
        }
    }

    /// Width of the text field.
    fn width(self) -> f32 {
        match self {
            ContractField::Tenant => 200.0,
            ContractField::UsdPerMwYear => 90.0,
            ContractField::Start => 90.0,
            _ => 64.0,
        }
    }

    fn text(self, c: &HostingContract) -> String {
        match self {
            ContractField::Tenant => c.tenant.clone(),
            ContractField::Mw => number_text(c.mw),
            ContractField::UsdPerMwYear => number_text(c.usd_per_mw_year),
            ContractField::Start => c.start.to_string(),
            ContractField::RampMonths => c.ramp_months.to_string(),
        }
    }

    /// Writes `text` into `c`, or says what is wrong with it.
    fn apply(self, text: &str, c: &mut HostingContract) -> Result<(), String> {
        match self {
            ContractField::Tenant => {
                if text.trim().is_empty() {
                    return Err("must not be empty".to_owned());
                }
                c.tenant = text.trim().to_owned();
            }
            ContractField::Mw | ContractField::UsdPerMwYear => {
                let v = parse_number(text)?;
                if v < 0.0 {
                    return Err(format!("must not be negative (got {})", trim_number(v, 6)));
                }
                if self == ContractField::Mw {
                    c.mw = v;
                } else {
                    c.usd_per_mw_year = v;
                }
            }
            ContractField::Start => c.start = parse_date(text)?,
            ContractField::RampMonths => {
                c.ramp_months = text
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|m| *m <= 600)
                    .ok_or_else(|| "must be a whole number of months, 0 to 600".to_owned())?;
            }
        }
        Ok(())
    }
}

/// Text typed into the editor's cells that is not (yet) a valid value, or is being typed.
#[derive(Default)]
struct Editor {
    cells: BTreeMap<CellKey, String>,
    /// The miner a new contract is added for.
    add_for: Option<String>,
}

/// A number as the editor shows it: `1,600,000`, `0.025`.
fn number_text(v: f64) -> String {
    if v.abs() >= 10_000.0 && v.fract() == 0.0 {
        format_grouped(v, 0)
    } else {
        trim_number(v, 6)
    }
}

/// Reads a typed number (thousands separators allowed).
fn parse_number(text: &str) -> Result<f64, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err("must be a number".to_owned()),
    }
}

/// What an editor cell shows.
struct Cell {
    key: CellKey,
    /// Width of the text field.
    width: f32,
    /// The current value as text.
    shown: String,
    /// Accessible name ("IREN Efficiency (J/TH)").
    name: String,
    /// The default and its source.
    hover: String,
    /// Differs from the fundamentals file.
    edited: bool,
}

/// One text cell with validation shown under it. `check` returns the text's problem. Returns
/// the accepted text when the user changed it to a valid value.
fn cell_ui(
    ui: &mut egui::Ui,
    editor: &mut Editor,
    cell: Cell,
    check: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    let Cell {
        key,
        width,
        shown,
        name,
        hover,
        edited,
    } = cell;
    let mut text = editor.cells.get(&key).cloned().unwrap_or(shown);
    let problem = check(&text);
    let mut accepted = None;
    ui.vertical(|ui| {
        ui.set_max_width(width.max(110.0));
        let align = match key {
            CellKey::Contract(_, _, ContractField::Tenant) => egui::Align2::LEFT_CENTER,
            _ => egui::Align2::RIGHT_CENTER,
        };
        let mut edit = egui::TextEdit::singleline(&mut text)
            .desired_width(width)
            .align(align);
        if problem.is_some() {
            edit = edit.text_color(theme::error(ui.ctx()));
        } else if edited {
            edit = edit.text_color(ui.visuals().strong_text_color());
        }
        let response = ui.add(edit).accessible_name(name).on_hover_text(hover);
        if response.changed() {
            if check(&text).is_none() {
                accepted = Some(text.clone());
            }
            editor.cells.insert(key.clone(), text.clone());
        }
        let problem = check(&text);
        if let Some(p) = &problem {
            ui.add(
                egui::Label::new(egui::RichText::new(p).small().color(theme::error(ui.ctx())))
                    .wrap(),
            );
        } else if !response.has_focus() {
            editor.cells.remove(&key);
        }
    });
    accepted
}

/// The assumptions editor: per-miner values and hosting contracts. Returns `true` when an
/// override changed.
fn assumptions_ui(ui: &mut egui::Ui, state: &mut RevenueState) -> bool {
    let RevenueState {
        fundamentals,
        overrides,
        editor,
        market,
        ..
    } = state;
    let file = match fundamentals {
        Ok(f) => &*f,
        Err(e) => {
            ui.colored_label(theme::error(ui.ctx()), e.as_str());
            return false;
        }
    };
    let mut changed = false;
    let muted = theme::muted(ui.ctx());
    ui.label(
        egui::RichText::new(format!(
            "Defaults from the fundamentals file as of {}. Hover a value for its default and \
             source; edited values override the default for this portfolio.",
            file.as_of
        ))
        .color(muted),
    );
    if !file.note.is_empty() {
        ui.label(egui::RichText::new(&file.note).small().color(muted));
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                !overrides.is_empty(),
                egui::Button::new("Reset all to defaults"),
            )
            .clicked()
        {
            overrides.clear();
            *editor = Editor::default();
            changed = true;
        }
        let n = overrides.len();
        if n > 0 {
            ui.label(
                egui::RichText::new(format!("{n} miner{} edited", if n == 1 { "" } else { "s" }))
                    .color(muted),
            );
        }
    });
    ui.add_space(6.0);
    ui.strong("Miners");
    egui::Grid::new("revenue_assumptions_miners")
        .striped(true)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            ui.strong("Miner");
            for field in MinerField::ALL {
                let unit = match field.unit() {
                    "" => "count".to_owned(),
                    u => u.to_owned(),
                };
                ui.strong(format!("{}\n({unit})", field.name()));
            }
            ui.label("");
            ui.end_row();
            for m in &file.miners {
                let symbol = m.symbol.clone();
                let edited_row = overrides.get(&symbol).is_some_and(|o| !o.is_empty());
                ui.label(
                    egui::RichText::new(if edited_row {
                        format!("{symbol} *")
                    } else {
                        symbol.clone()
                    })
                    .strong(),
                )
                .on_hover_text(if edited_row {
                    format!("{}\n* edited: differs from the fundamentals file", m.name)
                } else {
                    m.name.clone()
                });
                for field in MinerField::ALL {
                    let (default, source) = field.default_of(m);
                    let current = overrides.get(&symbol).and_then(|o| field.overridden(o));
                    let value = current.unwrap_or(default);
                    let unit = field.unit();
                    let hover = format!(
                        "Default {} {unit}\nSource: {source}{}",
                        number_text(default),
                        if current.is_some() {
                            "\nEdited for this portfolio"
                        } else {
                            ""
                        }
                    );
                    let cell = Cell {
                        key: CellKey::Miner(symbol.clone(), field),
                        width: 64.0,
                        shown: number_text(value),
                        name: format!("{symbol} {}", field.header()),
                        hover,
                        edited: current.is_some(),
                    };
                    let accepted = cell_ui(ui, editor, cell, |t| match parse_number(t) {
                        Ok(v) => field.problem(v),
                        Err(e) => Some(e),
                    });
                    if let Some(Ok(v)) = accepted.as_deref().map(parse_number) {
                        let o = overrides.entry(symbol.clone()).or_default();
                        field.set_override(o, (v != default).then_some(v));
                        if o.is_empty() {
                            overrides.remove(&symbol);
                        }
                        changed = true;
                    }
                }
                if ui
                    .add_enabled(edited_row, egui::Button::new("Reset").small())
                    .on_hover_text(format!("Return {symbol} to the fundamentals file's values"))
                    .clicked()
                {
                    overrides.remove(&symbol);
                    editor.cells.retain(|k, _| !key_is_for(k, &symbol));
                    changed = true;
                }
                ui.end_row();
            }
        });

    ui.add_space(10.0);
    ui.strong("Hosting contracts (colocation)");
    let as_of = market.map(|m| m.as_of);
    let billable_header = match as_of {
        Some(d) => format!("Billable on {d}\n(MW)"),
        None => "Billable\n(MW)".to_owned(),
    };
    egui::Grid::new("revenue_assumptions_contracts")
        .striped(true)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            ui.strong("Miner");
            for f in ContractField::ALL {
                ui.strong(f.header().replacen(" (", "\n(", 1));
            }
            ui.strong(&billable_header);
            ui.label("");
            ui.end_row();
            for m in &file.miners {
                let symbol = m.symbol.clone();
                let defaults = &m.hosting_contracts;
                let contracts: Vec<HostingContract> = overrides
                    .get(&symbol)
                    .and_then(|o| o.hosting_contracts.clone())
                    .unwrap_or_else(|| defaults.clone());
                let mut new_list = contracts.clone();
                let mut remove = None;
                for (i, c) in contracts.iter().enumerate() {
                    ui.label(egui::RichText::new(&symbol).strong());
                    let default = defaults.get(i);
                    for f in ContractField::ALL {
                        let default_text = default.map(|d| f.text(d));
                        let shown = f.text(c);
                        let edited = default_text.as_ref() != Some(&shown);
                        let hover = match default {
                            Some(d) => format!(
                                "Default {}\nSource: {}",
                                default_text.unwrap_or_default(),
                                d.source
                            ),
                            None => format!("Added for this portfolio ({})", c.source),
                        };
                        let cell = Cell {
                            key: CellKey::Contract(symbol.clone(), i, f),
                            width: f.width(),
                            shown,
                            name: format!("{symbol} contract {} {}", i + 1, f.header()),
                            hover,
                            edited,
                        };
                        let accepted =
                            cell_ui(ui, editor, cell, |t| f.apply(t, &mut c.clone()).err());
                        if let Some(text) = accepted
                            && f.apply(&text, &mut new_list[i]).is_ok()
                        {
                            changed = true;
                        }
                    }
                    let billable = as_of.map_or(0.0, |d| revenue::billable_mw(c, d));
                    ui.label(trim_number(billable, 1));
                    if ui
                        .small_button("Remove")
                        .on_hover_text(format!("Remove this contract from {symbol}"))
                        .clicked()
                    {
                        remove = Some(i);
                    }
                    ui.end_row();
                }
                if let Some(i) = remove {
                    new_list.remove(i);
                    editor
                        .cells
                        .retain(|k, _| !matches!(k, CellKey::Contract(s, _, _) if *s == symbol));
                    changed = true;
                }
                if new_list != contracts {
                    set_contracts(overrides, &symbol, new_list, defaults);
                }
            }
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let miners: Vec<&str> = file.miners.iter().map(|m| m.symbol.as_str()).collect();
        let chosen = editor
            .add_for
            .clone()
            .filter(|s| miners.contains(&s.as_str()))
            .or_else(|| miners.first().map(|s| (*s).to_owned()));
        let mut pick = chosen.clone().unwrap_or_default();
        egui::ComboBox::from_label("Miner of the new contract")
            .selected_text(&pick)
            .show_ui(ui, |ui| {
                for s in &miners {
                    ui.selectable_value(&mut pick, (*s).to_owned(), *s);
                }
            });
        editor.add_for = Some(pick.clone());
        if ui
            .button("Add contract")
            .on_hover_text("A new colocation contract starting on the as-of date")
            .clicked()
            && let Some(m) = file.miner(&pick)
        {
            let mut list = overrides
                .get(&pick)
                .and_then(|o| o.hosting_contracts.clone())
                .unwrap_or_else(|| m.hosting_contracts.clone());
            list.push(HostingContract {
                tenant: "New tenant".to_owned(),
                mw: 100.0,
                usd_per_mw_year: 1_500_000.0,
                start: as_of.unwrap_or(file.as_of),
                ramp_months: 12,
                source: "added in the assumptions editor".to_owned(),
            });
            set_contracts(overrides, &pick, list, &m.hosting_contracts);
            changed = true;
        }
    });
    ui.label(
        egui::RichText::new(
            "Limits: no negatives; efficiency 5 to 100 J/TH; uptime, pool fee and utilization 0 \
             to 100%. An invalid value is shown in red and the chart keeps the last valid one.",
        )
        .small()
        .color(muted),
    );
    changed
}

fn key_is_for(key: &CellKey, symbol: &str) -> bool {
    match key {
        CellKey::Miner(s, _) | CellKey::Contract(s, _, _) => s == symbol,
    }
}

/// Stores a miner's contract list as an override, or drops the override when it equals the
/// file's list; drops the miner's entry when nothing is left overridden.
fn set_contracts(
    overrides: &mut BTreeMap<String, MinerOverrides>,
    symbol: &str,
    list: Vec<HostingContract>,
    defaults: &[HostingContract],
) {
    let o = overrides.entry(symbol.to_owned()).or_default();
    o.hosting_contracts = (list != defaults).then_some(list);
    if o.is_empty() {
        overrides.remove(symbol);
    }
}
