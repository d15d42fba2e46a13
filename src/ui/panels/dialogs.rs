//! Modal-less windows: methodology help and about.

use super::super::app::{Command, MinerLensApp};
use crate::analysis::METHODOLOGY;

pub fn dialogs_ui(ctx: &egui::Context, app: &mut MinerLensApp) -> Vec<Command> {
    let out = Vec::new();
    if app.show_methodology {
        egui::Window::new("Methodology")
            .open(&mut app.show_methodology)
            .default_width(800.0)
            .max_width(820.0)
            .default_height(640.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    crate::ui::markdown::markdown_ui(ui, METHODOLOGY);
                });
            });
    }
    if app.show_shortcuts {
        egui::Window::new("Keyboard shortcuts")
            .open(&mut app.show_shortcuts)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcut-list")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for (k, what) in super::shortcut_list() {
                            ui.strong(ctx.format_shortcut(&k));
                            ui.label(what);
                            ui.end_row();
                        }
                    });
                ui.label("The plain mouse wheel zooms the chart's time axis, Shift+wheel pans it, Ctrl+wheel zooms both axes; a drag pans, a right-drag zooms to a box, a double click resets.");
            });
    }
    if app.show_about {
        egui::Window::new("About MinerLens")
            .open(&mut app.show_about)
            .resizable(false)
            .show(ctx, |ui| {
                ui.heading(format!("MinerLens {}", env!("CARGO_PKG_VERSION")));
                ui.label("Bitcoin miners vs BTC: divergence analytics, revenue mix and charts.");
                ui.label("The bundled demo data is synthetic: shaped like the public record, not a copy of it.");
            });
    }
    out
}
