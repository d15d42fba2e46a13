//! The symbol list: a checkbox per loaded symbol with its last price and date.

use super::super::app::{Command, MinerLensApp};
use super::super::theme;
use crate::chart::axis::format_usd;

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
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("symbol_grid")
            .num_columns(3)
            .striped(true)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                for s in &data.summaries {
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
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(format_usd(s.last_close));
                    });
                    ui.label(
                        egui::RichText::new(s.last_date.to_string()).color(theme::muted(ui.ctx())),
                    )
                    .on_hover_text(format!(
                        "{} rows, {} to {}\nSource: {}{}",
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
