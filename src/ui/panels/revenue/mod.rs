//! The revenue-mix and capacity views: their inputs (BTC price, network hashrate and fees
//! sliders, per-miner overrides), the controls above the chart, the per-miner table beside it,
//! the assumptions editor and the formulas window.
//!
//! The app keeps one [`RevenueState`]; [`build_spec`] turns it into the chart spec of the
//! current view, and the `*_ui` functions return `true` when an input changed (the app then
//! rebuilds the spec).
//!
//! - [`controls`]: the sliders and buttons above the chart.
//! - [`table`]: the per-miner table beside the chart.
//! - [`assumptions`]: the formulas window and the assumptions editor, built from [`editor`]'s
//!   validated cells.

mod assumptions;
mod controls;
mod editor;
mod table;

pub use assumptions::windows_ui;
pub use controls::controls_ui;
pub use table::table_ui;

use std::collections::BTreeMap;

use editor::Editor;

use crate::analysis::Aligned;
use crate::analysis::revenue::{
    self, CapacitySeries, FALLBACK_BTC_PRICE_USD, Market, MarketInputs, MinerRevenue,
    ResolvedMarket, resolve_market,
};
use crate::chart::revenue_views::{self, RevenueChartContext, RevenueViewOptions};
use crate::chart::{ChartSpec, ChartTheme};
use crate::data::fundamentals::bundled_fundamentals;
use crate::model::fundamentals::{FundamentalsFile, MinerOverrides};
use crate::model::options::View;
use crate::model::{BTC_SYMBOL, DateRange, date_to_days, days_to_date};

/// Accessible label of the BTC price slider (the GUI tests find it by this).
pub const BTC_SLIDER_LABEL: &str = "BTC price";
const HASHRATE_SLIDER_LABEL: &str = "Network hashrate";
const FEES_SLIDER_LABEL: &str = "Fees per block";

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
    pub inputs: MarketInputs,
    pub options: RevenueViewOptions,
    pub show_editor: bool,
    pub show_formulas: bool,
    /// The market of the last spec built, with its defaults and sources.
    pub resolved: Option<ResolvedMarket>,
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
            inputs: MarketInputs::default(),
            options: RevenueViewOptions::default(),
            show_editor: false,
            show_formulas: false,
            resolved: None,
            btc_price_note: String::new(),
            results: Ok(Vec::new()),
            capacity: None,
            miners: Vec::new(),
            editor: Editor::default(),
        }
    }
}

impl RevenueState {
    /// Takes another portfolio's overrides: the text half-typed for the previous one goes.
    pub fn set_overrides(&mut self, overrides: BTreeMap<String, MinerOverrides>) {
        self.overrides = overrides;
        self.editor = Editor::default();
    }

    /// The market of the last spec built.
    pub fn market(&self) -> Option<Market> {
        self.resolved.as_ref().map(|r| r.market)
    }
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
    let btc_close = aligned
        .series
        .get(BTC_SYMBOL)
        .and_then(|s| s.at_or_before(date_to_days(as_of)))
        .map(|(day, price)| (days_to_date(day), price));
    // With a fallback price there is always a market.
    let resolved = resolve_market(
        file,
        as_of,
        btc_close,
        &state.inputs,
        Some(FALLBACK_BTC_PRICE_USD),
    )?;
    let note = resolved.btc_note("set with the slider", source);
    let market = resolved.market;
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
    state.resolved = Some(resolved);
    state.btc_price_note = note;
    Some(spec)
}
