//! The symbol list, a watchlist: a checkbox per loaded symbol with its last price, the day's
//! change and the return over the analysis window, sorted by any of them; a last price much
//! older than the newest date in the data is flagged.

use super::super::app::{Command, MinerLensApp};
use super::super::theme;
use super::sorted_table::{Row, SortKey, sort_header_ui, sorted_order};
use crate::chart::axis::format_usd;
use crate::data::prices::SymbolSummary;
use crate::model::dates::date_to_days;

use crate::analysis::portfolio::STALE_AFTER_DAYS;

/// The symbol list's columns: (header, tooltip).
const COLUMNS: [(&str, &str); 4] = [
    ("Symbol", "Tick to chart and analyse the symbol"),
    ("Last", "The last close (adjusted where the source adjusts)"),
    ("Day", "The last close against the one before it"),
    (
        "Window",
        "Return over the analysis window (first to last close in it)",
    ),
];

/// The watchlist row of a symbol: its figures and sort keys.
fn watch_row(app: &MinerLensApp, s: &SymbolSummary) -> Row {
    let series = app.data.as_ref().and_then(|d| d.series.get(&s.symbol));
    let day = series.and_then(crate::data::prices::PriceSeries::day_change_pct);
    let window = app
        .window()
        .and_then(|w| series.and_then(|x| x.return_pct(date_to_days(w.from), date_to_days(w.to))));
    let pct = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| format!("{v:+.1}%"));
    Row {
        cells: vec![
            s.symbol.clone(),
            format_usd(s.last_close),
            pct(day),
            pct(window),
        ],
        keys: vec![
            SortKey::Text(s.symbol.clone()),
            SortKey::Number(Some(s.last_close)),
            SortKey::Number(day),
            SortKey::Number(window),
        ],
        color: None,
        tip: None,
    }
}

pub fn symbol_list_ui(ui: &mut egui::Ui, app: &MinerLensApp) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(data) = &app.data else { return out };
    let selected = app.selected();
    let chart_theme = theme::chart_theme(ui.ctx());
    ui.horizontal(|ui| {
        ui.strong("Symbols");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("None").clicked() {
                out.push(Command::SelectNone);
            }
            if ui.small_button("All").clicked() {
                out.push(Command::SelectAll);
            }
            ui.separator();
            if ui
                .add_enabled(
                    app.refresh.running.is_none(),
                    egui::Button::new(super::refresh::REFRESH_LIST_BUTTON).small(),
                )
                .on_hover_text(
                    "Refresh prices (Ctrl+R): fetch the latest daily prices of the portfolio's \
                     symbols, or of every symbol here without a portfolio",
                )
                .clicked()
            {
                out.push(Command::Refresh(
                    crate::ui::controllers::refresh::RefreshCommand::Start,
                ));
            }
        });
    });
    ui.separator();
    let newest = data.last;
    let rows: Vec<Row> = data.summaries.iter().map(|s| watch_row(app, s)).collect();
    let order = sorted_order(&rows, app.symbol_sort);
    egui::ScrollArea::both().show(ui, |ui| {
        egui::Grid::new("symbol_grid")
            .num_columns(COLUMNS.len())
            .striped(true)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                for (i, (label, tip)) in COLUMNS.iter().enumerate() {
                    if sort_header_ui(ui, label, tip, i, app.symbol_sort) {
                        out.push(Command::SortSymbols(app.symbol_sort.clicked(i)));
                    }
                }
                ui.end_row();
                for i in order {
                    let (s, row) = (&data.summaries[i], &rows[i]);
                    let mut on = selected.contains(&s.symbol);
                    let color = theme::color(chart_theme.series_color(&s.symbol));
                    ui.horizontal(|ui| {
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                        let swatch = if on { color } else { theme::faded(color) };
                        ui.painter().rect_filled(rect, 2.0, swatch);
                        let response = ui.checkbox(&mut on, &s.symbol);
                        if s.symbol == app.benchmark() {
                            response
                                .clone()
                                .on_hover_text("The benchmark every symbol is measured against");
                        }
                        if response.changed() {
                            out.push(Command::SetSelected(s.symbol.clone(), on));
                        }
                        response.context_menu(|ui| {
                            out.extend(super::import::symbol_menu_ui(ui, app, s));
                        });
                    });
                    let age = (newest - s.last_date).num_days();
                    let stale = age > STALE_AFTER_DAYS;
                    let price = if stale {
                        egui::RichText::new(format!("! {}", row.cells[1]))
                            .color(ui.visuals().warn_fg_color)
                    } else {
                        egui::RichText::new(&row.cells[1])
                    };
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(price).on_hover_text(format!(
                            "Last close {}{}\n{} rows, {} to {}\nSource: {}{}",
                            s.last_date,
                            if stale {
                                format!(
                                    ", {age} days before the newest date in the data ({newest}): \
                                     refresh or import newer prices"
                                )
                            } else {
                                String::new()
                            },
                            s.rows,
                            s.first_date,
                            s.last_date,
                            s.source,
                            crate::ui::controllers::refresh::last_update_line(
                                &app.refresh.log,
                                &s.symbol
                            )
                            .map(|l| format!("\nLast update: {l}"))
                            .unwrap_or_default()
                        ));
                    });
                    for (cell, key) in row.cells[2..].iter().zip(&row.keys[2..]) {
                        let value = match key {
                            SortKey::Number(v) => *v,
                            SortKey::Text(_) => None,
                        };
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.colored_label(theme::signed(ui.ctx(), value), cell);
                        });
                    }
                    ui.end_row();
                }
            });
        ui.add_space(6.0);
        ui.label(
            egui::RichText::new(format!("{} is the benchmark", app.benchmark()))
                .small()
                .color(theme::muted(ui.ctx())),
        );
    });
    out
}
