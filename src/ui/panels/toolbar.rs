//! The toolbar (window presets, custom range, benchmark, chart options) and the view tabs.

use super::super::app::{Command, MinerLensApp};
use super::super::theme;
use crate::model::options::{DivergenceMode, ROLLING_CHOICES, View};
use crate::model::portfolio::Portfolio;
use crate::model::portfolio::WindowSetting;
use crate::model::{WindowPreset, parse_date};

pub fn toolbar_ui(ui: &mut egui::Ui, app: &mut MinerLensApp) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.label("Window");
        for preset in WindowPreset::ALL {
            let active = app.doc.portfolio.window == WindowSetting::Preset { preset };
            let mut r = ui.selectable_label(active, preset.label());
            if let Some(k) = super::preset_shortcut(preset) {
                r = r.on_hover_text(ui.ctx().format_shortcut(&k));
            }
            if r.clicked() {
                out.push(Command::SetWindow(WindowSetting::Preset { preset }));
            }
        }
        ui.separator();
        custom_range_ui(ui, app, &mut out);
        ui.separator();
        benchmark_ui(ui, app, &mut out);
    });
    out
}

fn custom_range_ui(ui: &mut egui::Ui, app: &mut MinerLensApp, out: &mut Vec<Command>) {
    let Some(window) = app.window() else { return };
    let (from_text, to_text) = &mut app.window_text;
    // Show the current window until the user types.
    if from_text.is_empty() {
        *from_text = window.from.to_string();
    }
    if to_text.is_empty() {
        *to_text = window.to.to_string();
    }
    let from_label = ui.label("From");
    let r1 = ui
        .add(egui::TextEdit::singleline(from_text).desired_width(82.0))
        .labelled_by(from_label.id);
    let to_label = ui.label("to");
    let r2 = ui
        .add(egui::TextEdit::singleline(to_text).desired_width(82.0))
        .labelled_by(to_label.id);
    let submitted =
        (r1.lost_focus() || r2.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let apply = ui.button("Apply").clicked() || submitted;
    let parsed = (parse_date(from_text), parse_date(to_text));
    match parsed {
        (Ok(from), Ok(to)) if from <= to => {
            if apply {
                out.push(Command::SetWindow(WindowSetting::Custom { from, to }));
            }
        }
        (Ok(_), Ok(_)) => {
            ui.colored_label(theme::error(ui.ctx()), "From is after to");
        }
        (Err(e), _) | (_, Err(e)) => {
            ui.colored_label(theme::error(ui.ctx()), e);
        }
    }
    if !r1.has_focus() && !r2.has_focus() && !apply {
        // Follow preset changes.
        *from_text = window.from.to_string();
        *to_text = window.to.to_string();
    }
}

fn benchmark_ui(ui: &mut egui::Ui, app: &MinerLensApp, out: &mut Vec<Command>) {
    let Some(data) = &app.data else { return };
    let label = ui.label("Benchmark");
    let combo = egui::ComboBox::from_id_salt("benchmark")
        .selected_text(app.benchmark())
        .show_ui(ui, |ui| {
            for s in data.symbols() {
                if ui.selectable_label(app.benchmark() == s, s).clicked() && app.benchmark() != s {
                    out.push(Command::SetBenchmark(s.to_owned()));
                }
            }
        });
    combo.response.labelled_by(label.id);
}

fn options_ui(ui: &mut egui::Ui, doc: &Portfolio, out: &mut Vec<Command>) {
    let mut options = doc.chart.clone();
    match doc.view {
        View::Performance => {
            ui.checkbox(&mut options.log_scale, "Log scale");
            ui.checkbox(&mut options.show_basket, "Equal-weight basket");
        }
        View::Divergence => {
            ui.selectable_value(
                &mut options.divergence_mode,
                DivergenceMode::Spread,
                "Spread (points)",
            );
            ui.selectable_value(
                &mut options.divergence_mode,
                DivergenceMode::Relative,
                "Relative (ratio)",
            );
        }
        View::Decoupling => {
            ui.label("Rolling");
            for n in ROLLING_CHOICES {
                ui.selectable_value(&mut options.rolling_days, n, format!("{n}d"));
            }
        }
        View::Portfolio => {
            ui.checkbox(&mut options.portfolio_since_purchase, "Since purchase")
                .on_hover_text(
                    "From the first holding's opening date to the last price, whatever the \
                     window; the benchmark and the basket get the same cash on the same dates",
                );
        }
        _ => {}
    }
    if doc.view.is_time_view() {
        ui.checkbox(&mut options.show_markers, "Deals")
            .on_hover_text("Markers for the deals of the shown symbols, and the halving");
    }
    if options != doc.chart {
        out.push(Command::SetChartOptions(options));
    }
}

/// Width of the view tabs on one row, in points (measured once per frame from the labels).
fn tabs_width(ui: &egui::Ui) -> f32 {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let pad = ui.spacing().button_padding.x * 2.0 + ui.spacing().item_spacing.x;
    View::ALL
        .iter()
        .map(|v| {
            ui.fonts_mut(|f| {
                f.layout_no_wrap(
                    v.label().to_owned(),
                    font.clone(),
                    egui::Color32::PLACEHOLDER,
                )
                .size()
                .x
            }) + pad
        })
        .sum()
}

/// The view tabs (a picker when the chart is too narrow for two rows of them); their words
/// never wrap.
pub fn view_tabs_ui(ui: &mut egui::Ui, doc: &Portfolio) -> Vec<Command> {
    let mut out = Vec::new();
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
    if ui.available_width() * 2.0 < tabs_width(ui) {
        let mut view = doc.view;
        let label = ui.label("View");
        egui::ComboBox::from_id_salt("view-picker")
            .selected_text(view.label())
            .show_ui(ui, |ui| {
                for v in View::ALL {
                    ui.selectable_value(&mut view, v, v.label());
                }
            })
            .response
            .labelled_by(label.id);
        if view != doc.view {
            out.push(Command::SetView(view));
        }
        return out;
    }
    ui.horizontal_wrapped(|ui| {
        for view in View::ALL {
            let mut r = ui.selectable_label(doc.view == view, view.label());
            if let Some(k) = super::view_shortcut(view) {
                r = r.on_hover_text(ui.ctx().format_shortcut(&k));
            }
            if r.clicked() && doc.view != view {
                out.push(Command::SetView(view));
            }
        }
    });
    out
}

/// The current view's options (left of the chart buttons).
pub fn view_options_ui(ui: &mut egui::Ui, doc: &Portfolio) -> Vec<Command> {
    let mut out = Vec::new();
    options_ui(ui, doc, &mut out);
    out
}
