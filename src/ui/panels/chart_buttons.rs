//! The buttons above the chart: Export chart…, Copy image and Export data (CSV)….

use crate::ui::app::{Command, MinerLensApp};
use crate::ui::controllers::export::ExportCommand;

/// The buttons above the chart, right-aligned on the row of the view's options (call inside a
/// `horizontal_wrapped` row), or on a row of their own; on a chart narrower than they are, a
/// menu "Export".
pub fn chart_buttons_ui(ui: &mut egui::Ui, app: &MinerLensApp) -> Vec<Command> {
    /// About the width of the three buttons.
    const BUTTONS_WIDTH: f32 = 340.0;
    /// About the width of the "Export" menu.
    const MENU_WIDTH: f32 = 80.0;
    let mut out = Vec::new();
    // Not enough room left on the options' row: the buttons go to the next row if they fit
    // there, and become the menu only when the chart is too narrow for them at all.
    let left = ui.available_size_before_wrap().x;
    let full = ui.max_rect().width();
    if left < MENU_WIDTH || (left < BUTTONS_WIDTH && full >= BUTTONS_WIDTH) {
        ui.end_row();
    }
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        if ui.available_width() < BUTTONS_WIDTH {
            ui.menu_button("Export", |ui| buttons_ui(ui, app, &mut out));
        } else {
            buttons_ui(ui, app, &mut out);
        }
    });
    out
}

fn buttons_ui(ui: &mut egui::Ui, app: &MinerLensApp, out: &mut Vec<Command>) {
    let enabled = app.derived.is_some();
    ui.add_enabled_ui(enabled, |ui| {
        if ui
            .button("Export data (CSV)…")
            .on_hover_text("The series of this chart, one column per series")
            .clicked()
        {
            out.push(Command::Export(ExportCommand::ExportCsv));
        }
        if ui
            .button("Copy image")
            .on_hover_text("Copy the chart as shown to the clipboard")
            .clicked()
        {
            out.push(Command::Export(ExportCommand::CopyImage));
        }
        if ui
            .button("Export chart…")
            .on_hover_text("Save this chart as a PNG or SVG file (Ctrl+E)")
            .clicked()
        {
            out.push(Command::Export(ExportCommand::OpenDialog));
        }
    });
}
