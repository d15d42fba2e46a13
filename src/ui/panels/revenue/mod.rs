//! The per-miner model views (revenue mix, capacity, economics): their inputs (BTC price, network hashrate and fees
//! sliders, per-miner overrides), the controls above the chart, the per-miner table beside it,
//! the assumptions editor and the formulas window.
//!
//! The app keeps one [`RevenueState`]; [`build_spec`] turns it into the chart spec of the
//! current view, and the `*_ui` functions return `true` when an input changed (the app then
//! rebuilds the spec).
//!
//! - [`controls`]: the sliders and buttons above the chart.
//! - [`table`]: the per-miner table beside the chart.
//! - [`assumptions`]: the formulas window and the assumptions editor, built from the shared
//!   validated cells ([`crate::ui::cells`]).

mod assumptions;
mod controls;
mod table;

pub use assumptions::windows_ui;
pub use controls::controls_ui;
pub use table::table_ui;

use std::collections::BTreeMap;

use crate::analysis::Aligned;
use crate::analysis::economics::MinerEconomics;
use crate::analysis::revenue::{
    self, CapacitySeries, FALLBACK_BTC_PRICE_USD, Market, MarketInputs, MinerRevenue,
    ResolvedMarket, resolve_market,
};
use crate::chart::ChartTheme;
use crate::chart::dispatch::RevenueInputs;
use crate::chart::revenue_views::{RevenueChartContext, RevenueViewOptions};
use crate::data::fundamentals::bundled_fundamentals;
use crate::model::deals::Deal;
use crate::model::fundamentals::{FundamentalsFile, MinerOverrides};
use crate::model::options::View;
use crate::model::{BTC_SYMBOL, DateRange, date_to_days, days_to_date};
use crate::ui::cells::CellEditor;

/// Accessible label of the BTC price slider (the GUI tests find it by this).
pub const BTC_SLIDER_LABEL: &str = "BTC price";
const HASHRATE_SLIDER_LABEL: &str = "Network hashrate";
const FEES_SLIDER_LABEL: &str = "Fees per block";

/// True for the views this module draws.
pub fn is_revenue_view(view: View) -> bool {
    matches!(view, View::RevenueMix | View::Capacity | View::Economics)
}

/// Inputs, options and last results of the revenue views.
pub struct RevenueState {
    /// The bundled fundamentals (or why they could not be read).
    pub fundamentals: Result<FundamentalsFile, String>,
    /// Set by the sliders; `None` follows the data (BTC) or the fundamentals file.
    pub inputs: MarketInputs,
    pub options: RevenueViewOptions,
    pub show_editor: bool,
    pub show_formulas: bool,
    /// The methodology section the formulas window shows ("Revenue mix", "Capacity",
    /// "Economics").
    pub formulas_of: &'static str,
    /// The market of the last spec built, with its defaults and sources.
    pub resolved: Option<ResolvedMarket>,
    /// Where that market's BTC price came from.
    pub btc_price_note: String,
    /// The revenue mix of the selected miners at the last build, sorted by AI share.
    pub results: Result<Vec<MinerRevenue>, String>,
    /// The capacity history of the selected miners at the last build.
    pub capacity: Result<CapacitySeries, String>,
    /// The per-MW economics of the selected miners at the last build.
    pub economics: Result<Vec<MinerEconomics>, String>,
    /// Selected miners with fundamentals at the last build.
    pub miners: Vec<String>,
    editor: CellEditor,
}

impl Default for RevenueState {
    fn default() -> Self {
        Self {
            fundamentals: bundled_fundamentals().map_err(|e| e.to_string()),
            inputs: MarketInputs::default(),
            options: RevenueViewOptions::default(),
            show_editor: false,
            show_formulas: false,
            formulas_of: "Revenue mix",
            resolved: None,
            btc_price_note: String::new(),
            results: Ok(Vec::new()),
            capacity: Err("not computed yet".to_owned()),
            economics: Ok(Vec::new()),
            miners: Vec::new(),
            editor: CellEditor::default(),
        }
    }
}

impl RevenueState {
    /// Forgets text half-typed into the assumptions editor (another portfolio was opened).
    pub fn reset_editor(&mut self) {
        self.editor.clear();
    }

    /// The market of the last spec built.
    pub fn market(&self) -> Option<Market> {
        self.resolved.as_ref().map(|r| r.market)
    }
}

impl RevenueState {
    /// Recomputes the market (as of the end of the window), the revenue rows and the capacity
    /// of the selected miners from the state's inputs; cheap (a dozen miners), so it runs on
    /// every change whatever the view.
    pub fn update(
        &mut self,
        overrides: &BTreeMap<String, MinerOverrides>,
        deals: &[Deal],
        aligned: &Aligned,
        symbols: &[String],
        window: DateRange,
        source: &str,
    ) {
        let Ok(file) = &self.fundamentals else {
            return;
        };
        let as_of = window.to;
        let btc_close = aligned
            .series
            .get(BTC_SYMBOL)
            .and_then(|s| s.at_or_before(date_to_days(as_of)))
            .map(|(day, price)| (days_to_date(day), price));
        // With a fallback price there is always a market.
        let Some(resolved) = resolve_market(
            file,
            as_of,
            btc_close,
            &self.inputs,
            Some(FALLBACK_BTC_PRICE_USD),
        ) else {
            return;
        };
        let note = resolved.btc_note("set with the slider", source);
        let ctx = RevenueChartContext {
            fundamentals: file,
            overrides,
            deals,
            market: resolved.market,
            btc_price_note: &note,
            symbols,
            options: &self.options,
            theme: ChartTheme::Light,
        };
        let miners = ctx.miners();
        self.results = ctx.rows().map_err(|e| e.to_string());
        self.capacity =
            revenue::capacity_series(file, deals, Some(&miners)).map_err(|e| e.to_string());
        self.economics = ctx
            .economics()
            .map(|(rows, _)| rows)
            .map_err(|e| e.to_string());
        self.miners = miners;
        self.resolved = Some(resolved);
        self.btc_price_note = note;
    }

    /// What the revenue views are drawn from, after [`update`](Self::update).
    pub fn chart_inputs<'a>(
        &'a self,
        overrides: &'a BTreeMap<String, MinerOverrides>,
        deals: &'a [Deal],
        symbols: &'a [String],
        theme: ChartTheme,
    ) -> Result<RevenueInputs<'a>, String> {
        let file = self
            .fundamentals
            .as_ref()
            .map_err(|e| format!("Could not read the fundamentals: {e}"))?;
        let market = self
            .market()
            .ok_or_else(|| "No market inputs yet".to_owned())?;
        Ok(RevenueInputs {
            ctx: RevenueChartContext {
                fundamentals: file,
                overrides,
                deals,
                market,
                btc_price_note: &self.btc_price_note,
                symbols,
                options: &self.options,
                theme,
            },
            rows: self.results.as_deref().ok(),
        })
    }
}
