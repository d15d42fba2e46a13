//! The sliders, toggles and buttons above the revenue views.

use super::{BTC_SLIDER_LABEL, FEES_SLIDER_LABEL, HASHRATE_SLIDER_LABEL, RevenueState};
use crate::analysis::revenue::{BTC_PRICE_RANGE_USD, MarketInputs};
use crate::chart::axis::{format_grouped, trim_number};
use crate::model::BTC_SYMBOL;
use crate::model::options::View;
use crate::ui::cells::parse_number;

/// Slider ranges of the network inputs.
const HASHRATE_RANGE_EH: std::ops::RangeInclusive<f64> = 200.0..=3_000.0;
const FEES_RANGE_BTC: std::ops::RangeInclusive<f64> = 0.0..=2.0;

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
            View::Economics => {
                changed |= market_sliders_ui(ui, state);
                ui.separator();
                changed |= economics_focus_ui(ui, state);
            }
            _ => {}
        }
        ui.separator();
        if matches!(view, View::RevenueMix | View::Economics)
            && ui
                .button("Assumptions…")
                .on_hover_text("Edit the per-miner inputs of the model")
                .clicked()
        {
            state.show_editor = true;
        }
        if ui
            .button("Formulas…")
            .on_hover_text("How this view's numbers are computed, with a worked example")
            .clicked()
        {
            state.show_formulas = true;
            state.formulas_of = match view {
                View::Capacity => "Capacity",
                View::Economics => "Economics",
                _ => "Revenue mix",
            };
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
    // The defaults for the date the views are computed for (the end of the window).
    let Some(resolved) = state.resolved.clone() else {
        return false;
    };
    let defaults = resolved.defaults;
    let default_hashrate = defaults.network_hashrate_eh;
    let default_fees = defaults.fees_btc_per_block;
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
        Some(network.map_or("", |_| resolved.hashrate_source.as_str())),
    );
    let fees_hover = format!(
        "Transaction fees in BTC per block. {}",
        from_file(
            format!("{} BTC", trim_number(default_fees, 4)),
            network.map(|n| n.fees_btc_per_block.source.as_str()),
        )
    );
    ui.spacing_mut().slider_width = 120.0;

    let mut btc = resolved.market.btc_price_usd;
    let slider = egui::Slider::new(&mut btc, BTC_PRICE_RANGE_USD)
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
        state.inputs.btc_price_usd = Some(btc);
        changed = true;
    }

    let mut hashrate = resolved.market.network_hashrate_eh;
    let slider = egui::Slider::new(&mut hashrate, HASHRATE_RANGE_EH)
        .suffix(" EH/s")
        .step_by(10.0)
        .custom_formatter(|v, _| format_grouped(v, 0))
        .custom_parser(|t| parse_number(t).ok())
        .clamping(egui::SliderClamping::Edits);
    if market_slider_ui(ui, slider, HASHRATE_SLIDER_LABEL, hashrate_hover) {
        state.inputs.network_hashrate_eh = Some(hashrate);
        changed = true;
    }

    let mut fees = resolved.market.fees_btc_per_block;
    let slider = egui::Slider::new(&mut fees, FEES_RANGE_BTC)
        .suffix(" BTC")
        .logarithmic(true)
        .smallest_positive(0.001)
        .max_decimals(3)
        .clamping(egui::SliderClamping::Edits);
    if market_slider_ui(ui, slider, FEES_SLIDER_LABEL, fees_hover) {
        state.inputs.fees_btc_per_block = Some(fees);
        changed = true;
    }

    if ui
        .add_enabled(!state.inputs.is_empty(), egui::Button::new("Reset"))
        .on_hover_text(
            "BTC price from the data, network hashrate for the date (fetched or from the \
             fundamentals file) and fees from the fundamentals file",
        )
        .clicked()
    {
        state.inputs = MarketInputs::default();
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

fn economics_focus_ui(ui: &mut egui::Ui, state: &mut RevenueState) -> bool {
    let mut focus = state.options.economics_focus.clone();
    if focus.as_ref().is_some_and(|f| !state.miners.contains(f)) {
        focus = None;
    }
    let shown = focus
        .clone()
        .or_else(|| state.miners.first().cloned())
        .unwrap_or_default();
    let label = ui.label("Heat map of");
    egui::ComboBox::from_id_salt("economics-focus")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for m in &state.miners {
                ui.selectable_value(&mut focus, Some(m.clone()), m);
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text("The miner whose mining margin the heat map shows");
    if focus != state.options.economics_focus {
        state.options.economics_focus = focus;
        return true;
    }
    false
}
