//! The Exposure view: the factor picker, rolling window and mode above the chart, and the
//! window's two-factor fits beside it (with beta and correlation to the benchmark alone).

use super::sorted_table::{Row, SortKey, SortState, sorted_table_ui};
use crate::analysis::exposure::{Exposure, RollingFits, exposure, rolling_in_window};
use crate::analysis::{Aligned, Analysis};
use crate::chart::ChartTheme;
use crate::chart::exposure_views::ExposureContext;
use crate::model::DateRange;
use crate::model::options::{ChartOptions, EXPOSURE_ROLLING_CHOICES, ExposureMode};
use crate::ui::app::Command;
use crate::ui::theme;

/// The last fits of the Exposure view.
#[derive(Default)]
pub struct ExposureState {
    /// The factor symbols in use (the chosen ones that are loaded).
    pub factors: Vec<String>,
    pub rolling: RollingFits,
    /// The fits over the window, for the table.
    pub window: Option<Exposure>,
    /// Why there are no fits.
    pub error: Option<String>,
    /// The symbol of the shares mode.
    pub focus: Option<String>,
    pub sort: SortState,
}

/// The factor symbols wanted: the portfolio's, else the default basket.
pub fn wanted_factors(chosen: &[String]) -> Vec<String> {
    crate::analysis::exposure::factors_or_default(chosen)
}

impl ExposureState {
    /// Fits the chart's symbols (less the factor symbols) against the benchmark and the basket
    /// of the `wanted` factors that are loaded.
    pub fn update(
        &mut self,
        aligned: &Aligned,
        symbols: &[String],
        wanted: &[String],
        rolling_n: usize,
        window: DateRange,
    ) {
        self.factors = wanted
            .iter()
            .filter(|f| aligned.series.contains_key(*f))
            .cloned()
            .collect();
        self.rolling.clear();
        self.window = None;
        if self.factors.is_empty() {
            self.error = Some(format!(
                "None of the factor symbols ({}) is loaded: Refresh prices (Ctrl+R) fetches \
                 them, or pick others with the AI factor menu",
                wanted.join(", ")
            ));
            return;
        }
        let fitted: Vec<String> = symbols
            .iter()
            .filter(|s| !self.factors.contains(s) && **s != aligned.benchmark)
            .cloned()
            .collect();
        let result = rolling_in_window(aligned, &fitted, &self.factors, rolling_n, window)
            .and_then(|r| Ok((r, exposure(aligned, &fitted, &self.factors, window)?)));
        match result {
            Ok((rolling, fits)) => {
                self.rolling = rolling;
                self.window = Some(fits);
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        if self
            .focus
            .as_ref()
            .is_some_and(|f| !self.rolling.iter().any(|(s, _)| s == f))
        {
            self.focus = None;
        }
    }

    /// What the Exposure view is drawn from.
    pub fn chart_inputs<'a>(
        &'a self,
        options: &ChartOptions,
        benchmark: &'a str,
        theme: ChartTheme,
        source: &'a str,
    ) -> Result<ExposureContext<'a>, String> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        Ok(ExposureContext {
            rolling: &self.rolling,
            factors: &self.factors,
            benchmark,
            window_returns: options.exposure_rolling,
            mode: options.exposure_mode,
            focus: self.focus.as_deref(),
            theme,
            source,
        })
    }
}

/// The controls above the Exposure chart. `loaded` are the loaded symbols (factor candidates),
/// `chosen` the portfolio's factor list. Returns the commands, and `true` when the focus changed.
pub fn controls_ui(
    ui: &mut egui::Ui,
    state: &mut ExposureState,
    options: &ChartOptions,
    loaded: &[String],
    chosen: &[String],
) -> (Vec<Command>, bool) {
    let mut out = Vec::new();
    let mut focus_changed = false;
    ui.horizontal_wrapped(|ui| {
        let wanted = wanted_factors(chosen);
        let title = format!("AI factor: {}", wanted.join(", "));
        ui.menu_button(title, |ui| {
            ui.label(
                egui::RichText::new("An equal-weight basket of these, rebalanced daily")
                    .small()
                    .color(theme::muted(ui.ctx())),
            );
            let mut next = wanted.clone();
            for s in loaded {
                let mut on = next.contains(s);
                if ui.checkbox(&mut on, s).changed() {
                    if on {
                        next.push(s.clone());
                    } else {
                        next.retain(|x| x != s);
                    }
                }
            }
            if ui.button("Default basket").clicked() {
                next.clear();
            }
            let default: Vec<String> = wanted_factors(&[]);
            let store = if next == default { Vec::new() } else { next };
            if store != chosen && !(store.is_empty() && chosen.is_empty()) {
                out.push(Command::SetExposureFactors(store));
            }
        })
        .response
        .on_hover_text("The stocks of the AI-infrastructure factor; saved in the portfolio");
        ui.separator();
        ui.label("Rolling");
        for n in EXPOSURE_ROLLING_CHOICES {
            if ui
                .selectable_label(options.exposure_rolling == n, format!("{n}"))
                .on_hover_text(format!("Fit over the last {n} daily returns at each date"))
                .clicked()
            {
                out.push(Command::SetChartOptions(ChartOptions {
                    exposure_rolling: n,
                    ..options.clone()
                }));
            }
        }
        ui.separator();
        for (mode, label, tip) in [
            (ExposureMode::Betas, "Betas", "b_btc and b_ai over time"),
            (
                ExposureMode::Shares,
                "Explained variance",
                "One symbol's share of return variance explained by each factor",
            ),
        ] {
            if ui
                .selectable_label(options.exposure_mode == mode, label)
                .on_hover_text(tip)
                .clicked()
            {
                out.push(Command::SetChartOptions(ChartOptions {
                    exposure_mode: mode,
                    ..options.clone()
                }));
            }
        }
        if options.exposure_mode == ExposureMode::Shares {
            let shown = state
                .focus
                .clone()
                .or_else(|| state.rolling.first().map(|(s, _)| s.clone()))
                .unwrap_or_default();
            let mut focus = state.focus.clone();
            let label = ui.label("of");
            egui::ComboBox::from_id_salt("exposure-focus")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (s, _) in &state.rolling {
                        ui.selectable_value(&mut focus, Some(s.clone()), s);
                    }
                })
                .response
                .labelled_by(label.id);
            if focus != state.focus {
                state.focus = focus;
                focus_changed = true;
            }
        }
    });
    (out, focus_changed)
}

const HEADERS: [(&str, &str); 9] = [
    ("Symbol", "The fitted symbol"),
    (
        "b_btc",
        "Beta to the benchmark with the AI factor in the model",
    ),
    ("t", "b_btc / its standard error"),
    (
        "b_ai",
        "Beta to the AI factor with the benchmark in the model",
    ),
    ("t ", "b_ai / its standard error"),
    ("R²", "Share of return variance the two factors explain"),
    ("R² btc", "R² of the benchmark alone"),
    (
        "AI share",
        "Shapley share of R² attributable to the AI factor",
    ),
    (
        "Corr",
        "Correlation to the benchmark alone (the Decoupling view)",
    ),
];

/// The window's fits beside the chart, with the divergence table's correlation.
pub fn table_ui(ui: &mut egui::Ui, state: &mut ExposureState, analysis: Option<&Analysis>) {
    let muted = theme::muted(ui.ctx());
    if let Some(e) = &state.error {
        ui.colored_label(theme::error(ui.ctx()), e);
        return;
    }
    let Some(fits) = &state.window else {
        return;
    };
    ui.horizontal(|ui| {
        ui.strong("Exposure");
        ui.label(egui::RichText::new(format!("{} to {}", fits.from, fits.to)).color(muted));
    });
    let chart_theme = theme::chart_theme(ui.ctx());
    let num = |v: f64, d: usize| format!("{v:.d$}");
    let mut rows: Vec<Row> = fits
        .rows
        .iter()
        .map(|r| {
            let f = &r.fit;
            let corr = analysis
                .and_then(|a| a.rows.iter().find(|x| x.symbol == r.symbol))
                .and_then(|x| x.correlation);
            let values = [
                f.beta_btc,
                f.t_beta_btc,
                f.beta_ai,
                f.t_beta_ai,
                f.r2,
                f.r2_btc_only,
                f.share_ai_pct,
            ];
            let mut cells = vec![r.symbol.clone()];
            cells.extend(values[..6].iter().map(|v| num(*v, 2)));
            cells.push(format!("{:.0}%", f.share_ai_pct));
            cells.push(corr.map_or("–".to_owned(), |c| num(c, 2)));
            let mut keys = vec![SortKey::Text(r.symbol.clone())];
            keys.extend(values.iter().map(|v| SortKey::Number(Some(*v))));
            keys.push(SortKey::Number(corr));
            Row {
                cells,
                keys,
                color: Some(chart_theme.series_color(&r.symbol)),
                tip: Some(format!(
                    "{} returns, {} to {}\nalpha {:.4}% per day (se {:.4}%)\nse b_btc {:.3}, se \
                     b_ai {:.3}\nR² AI alone {:.2}",
                    f.n,
                    r.first_date,
                    r.last_date,
                    f.alpha * 100.0,
                    f.se_alpha * 100.0,
                    f.se_beta_btc,
                    f.se_beta_ai,
                    f.r2_ai_only
                )),
            }
        })
        .collect();
    sorted_table_ui(ui, "exposure", &HEADERS, &mut rows, &mut state.sort);
    for s in &fits.skipped {
        ui.label(
            egui::RichText::new(format!("Left out: {s}"))
                .small()
                .color(muted),
        );
    }
    ui.label(
        egui::RichText::new(format!(
            "R = a + b_btc R_{} + b_ai R_ai; R_ai the mean daily return of {}.",
            fits.benchmark,
            fits.factors.join(", ")
        ))
        .small()
        .color(muted),
    );
}
