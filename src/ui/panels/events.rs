//! The Events view: which deals are studied (miner, counterparty, announcement dates), the
//! estimation settings, and the table of every event beside the chart.

use chrono::NaiveDate;

use super::sorted_table::{Row, SortKey, SortState, sorted_table_ui};
use crate::analysis::Aligned;
use crate::analysis::events::{AverageCar, EventParams, EventRow, EventStudy, average, study};
use crate::chart::ChartTheme;
use crate::chart::csv::csv_records;
use crate::chart::event_views::EventsContext;
use crate::model::deals::{Deal, DealFilter};
use crate::model::parse_date;
use crate::ui::theme;

/// The study's settings and its last result.
pub struct EventsState {
    pub filter: DealFilter,
    pub params: EventParams,
    /// The last study of the filtered deals, its average and which events those are.
    pub study: Option<EventStudy>,
    pub average: Option<AverageCar>,
    pub selection: String,
    pub sort: SortState,
    /// The date fields of the filter as typed.
    from_text: String,
    to_text: String,
}

impl Default for EventsState {
    fn default() -> Self {
        Self {
            filter: DealFilter::default(),
            params: EventParams::default(),
            study: None,
            average: None,
            selection: String::new(),
            sort: SortState {
                column: 1,
                descending: false,
            },
            from_text: String::new(),
            to_text: String::new(),
        }
    }
}

impl EventsState {
    /// Studies the deals that pass the filter.
    pub fn update(&mut self, aligned: &Aligned, deals: &[Deal]) {
        let chosen = self.filter.apply(deals);
        let s = study(aligned, &chosen, &self.params);
        let all: Vec<_> = s.events.iter().collect();
        self.average = Some(average(&all, &self.params));
        self.selection = self.filter.describe(s.events.len());
        self.study = Some(s);
    }

    /// What the Events view is drawn from, after [`update`](Self::update).
    pub fn chart_inputs<'a>(
        &'a self,
        theme: ChartTheme,
        source: &'a str,
    ) -> Result<EventsContext<'a>, String> {
        match (&self.study, &self.average) {
            (Some(study), Some(average)) => Ok(EventsContext {
                study,
                average,
                selection: &self.selection,
                theme,
                source,
            }),
            _ => Err("The event study has not run yet".to_owned()),
        }
    }

    /// The table as CSV, the columns of `minerlens events --format csv`.
    pub fn table_csv(&self) -> Option<String> {
        let s = self.study.as_ref()?;
        let rows: Vec<EventRow> = s
            .events
            .iter()
            .map(|e| EventRow::of(e, &s.params))
            .collect();
        Some(csv_records(&EventRow::CSV_COLUMNS, &rows))
    }
}

/// The filter and settings above the Events chart. `miners` are those with deals. Returns
/// `true` when the study must run again; sets `open_ledger` for the Deal ledger button.
pub fn controls_ui(
    ui: &mut egui::Ui,
    state: &mut EventsState,
    miners: &[String],
    open_ledger: &mut bool,
) -> bool {
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        const ALL: &str = "All miners";
        let mut chosen = state.filter.symbols.first().cloned();
        let label = ui.label("Deals of");
        egui::ComboBox::from_id_salt("events-miner")
            .selected_text(chosen.as_deref().unwrap_or(ALL))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, ALL);
                for m in miners {
                    ui.selectable_value(&mut chosen, Some(m.clone()), m);
                }
            })
            .response
            .labelled_by(label.id);
        let symbols: Vec<String> = chosen.into_iter().collect();
        if symbols != state.filter.symbols {
            state.filter.symbols = symbols;
            changed = true;
        }
        let label = ui.label("with");
        if ui
            .add(
                egui::TextEdit::singleline(&mut state.filter.counterparty)
                    .desired_width(110.0)
                    .hint_text("any counterparty"),
            )
            .labelled_by(label.id)
            .changed()
        {
            changed = true;
        }
        changed |= date_field(ui, "from", &mut state.from_text, &mut state.filter.from);
        changed |= date_field(ui, "to", &mut state.to_text, &mut state.filter.to);
        ui.separator();
        let mut est = state.params.estimation_days;
        ui.label("Estimation");
        if ui
            .add(
                egui::DragValue::new(&mut est)
                    .range(20..=2000)
                    .suffix(" days"),
            )
            .on_hover_text("Returns of the market model's estimation window (L1)")
            .changed()
        {
            state.params.estimation_days = est;
            changed = true;
        }
        let mut gap = state.params.gap_days;
        ui.label("gap");
        if ui
            .add(
                egui::DragValue::new(&mut gap)
                    .range(0..=500)
                    .suffix(" days"),
            )
            .on_hover_text("Trading days between the estimation window and day 0")
            .changed()
        {
            state.params.gap_days = gap;
            changed = true;
        }
        ui.separator();
        let mut custom = state.params.custom.is_some();
        if ui
            .checkbox(&mut custom, "Own window")
            .on_hover_text("A CAR window of your own beside [-1,+1], [0,+5] and [-5,+20]")
            .changed()
        {
            state.params.custom = custom.then_some((-2, 2));
            changed = true;
        }
        if let Some((mut a, mut b)) = state.params.custom {
            let ra = ui.add(egui::DragValue::new(&mut a).range(-250..=250).prefix("["));
            let rb = ui.add(egui::DragValue::new(&mut b).range(-250..=250).suffix("]"));
            if ra.changed() || rb.changed() {
                state.params.custom = Some((a.min(b), a.max(b)));
                changed = true;
            }
        }
        ui.separator();
        if ui
            .button("Deal ledger…")
            .on_hover_text("Every deal with its source; add, edit or leave out deals")
            .clicked()
        {
            *open_ledger = true;
        }
    });
    changed
}

/// A date of the filter: applied once it is a date, cleared when empty.
fn date_field(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    value: &mut Option<NaiveDate>,
) -> bool {
    let label = ui.label(label);
    let bad = !text.trim().is_empty() && parse_date(text.trim()).is_err();
    let mut edit = egui::TextEdit::singleline(text)
        .desired_width(84.0)
        .hint_text("YYYY-MM-DD");
    if bad {
        edit = edit.text_color(theme::error(ui.ctx()));
    }
    let r = ui.add(edit).labelled_by(label.id);
    if !r.changed() {
        return false;
    }
    let next = if text.trim().is_empty() {
        None
    } else {
        match parse_date(text.trim()) {
            Ok(d) => Some(d),
            Err(_) => return false,
        }
    };
    if next != *value {
        *value = next;
        return true;
    }
    false
}

const HEADERS: [(&str, &str); 10] = [
    ("Event", "Miner and counterparty; hover for the deal"),
    (
        "Day 0",
        "The announcement date if the stock traded then, else its next session",
    ),
    (
        "Beta",
        "Market-model beta on the estimation window (OLS of the stock's return on the benchmark's)",
    ),
    ("CAR -1,+1", "Cumulative abnormal return over [-1,+1], %"),
    ("t", "CAR / (s sqrt(L)), s the estimation residual sd"),
    ("CAR 0,+5", "Cumulative abnormal return over [0,+5], %"),
    ("t ", "CAR / (s sqrt(L))"),
    ("CAR -5,+20", "Cumulative abnormal return over [-5,+20], %"),
    ("t  ", "CAR / (s sqrt(L))"),
    (
        "Spread -1,+1",
        "The stock's compound return minus the benchmark's over [-1,+1], points",
    ),
];

/// The events table with the averages and the left-out events under it. Returns the table as
/// CSV when the user asked to export it.
pub fn table_ui(ui: &mut egui::Ui, state: &mut EventsState) -> Option<String> {
    let muted = theme::muted(ui.ctx());
    let Some(s) = &state.study else {
        ui.label(egui::RichText::new("The study has not run yet").color(muted));
        return None;
    };
    let mut export = false;
    ui.horizontal(|ui| {
        ui.strong("Events");
        ui.label(egui::RichText::new(&state.selection).color(muted));
        if ui
            .small_button("Export table (CSV)…")
            .on_hover_text(
                "Every event with its market model and CARs, as `minerlens events --format csv`",
            )
            .clicked()
        {
            export = true;
        }
    });
    let chart_theme = theme::chart_theme(ui.ctx());
    let num = |v: Option<f64>, d: usize| v.map_or("–".to_owned(), |x| format!("{x:.d$}"));
    let mut rows: Vec<Row> = s
        .events
        .iter()
        .map(|e| {
            let r = EventRow::of(e, &s.params);
            let values = [
                Some(r.beta),
                r.car_m1_p1_pct,
                r.t_m1_p1,
                r.car_0_p5_pct,
                r.t_0_p5,
                r.car_m5_p20_pct,
                r.t_m5_p20,
                r.spread_m1_p1_pp,
            ];
            let mut cells = vec![
                format!("{} {}", r.symbol, short(&r.counterparty, 22)),
                r.day0.to_string(),
            ];
            cells.extend(values.iter().map(|v| num(*v, 2)));
            let mut keys = vec![
                SortKey::Text(cells[0].clone()),
                SortKey::Text(r.day0.to_string()),
            ];
            keys.extend(values.iter().map(|v| SortKey::Number(*v)));
            Row {
                cells,
                keys,
                color: Some(chart_theme.series_color(&r.symbol)),
                tip: Some(format!(
                    "{} {}\n{} · announced {}{}\nMarket model on {} returns: alpha {:.4}%, beta {:.2}, \
                     residual sd {:.2}%{}",
                    r.symbol,
                    r.counterparty,
                    r.id,
                    r.announced,
                    r.mw.map(|m| format!(" · {m} MW")).unwrap_or_default(),
                    r.estimation_n,
                    r.alpha * 100.0,
                    r.beta,
                    r.resid_std * 100.0,
                    if r.notes.is_empty() {
                        String::new()
                    } else {
                        format!("\n{}", r.notes.join("\n"))
                    }
                )),
            }
        })
        .collect();
    sorted_table_ui(ui, "events", &HEADERS, &mut rows, &mut state.sort);
    if let Some(avg) = &state.average {
        ui.add_space(6.0);
        ui.strong("Average CAR (cross-sectional t)");
        for w in &avg.windows {
            ui.label(format!(
                "[{:+},{:+}]: {} (t {}, {} events)",
                w.from,
                w.to,
                w.mean_car_pct
                    .map_or("–".to_owned(), |m| format!("{m:+.2}%")),
                num(w.t, 2),
                w.n
            ));
        }
    }
    if !s.skipped.is_empty() {
        ui.add_space(6.0);
        ui.strong(format!("Left out ({})", s.skipped.len()));
        for k in &s.skipped {
            ui.label(
                egui::RichText::new(format!("{} ({}): {}", k.symbol, k.announced, k.reason))
                    .small()
                    .color(muted),
            );
        }
    }
    if export { state.table_csv() } else { None }
}

/// At most `n` characters, with an ellipsis when cut.
fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(n - 1).collect();
        format!("{}…", cut.trim_end())
    }
}
