//! The menu bar: File, View, Help.

use super::super::app::{Command, MinerLensApp};
use super::super::prefs::ThemeChoice;
use super::SHORTCUT_QUIT;

pub fn menu_bar_ui(ui: &mut egui::Ui, app: &MinerLensApp) -> Vec<Command> {
    let mut out = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            // Entries whose feature is not built yet are shown disabled.
            for (label, shortcut) in [
                ("Open portfolio…", "Ctrl+O"),
                ("Save", "Ctrl+S"),
                ("Save as…", "Ctrl+Shift+S"),
            ] {
                ui.add_enabled(false, egui::Button::new(label).shortcut_text(shortcut));
            }
            ui.separator();
            let can_import = app.data.is_some() && !app.import.busy;
            if ui
                .add_enabled(can_import, egui::Button::new("Import prices…"))
                .on_hover_text(
                    "Price files in any common format; you can also drop files on the window",
                )
                .clicked()
            {
                out.push(Command::Import(super::import::ImportCommand::OpenDialog));
            }
            ui.add_enabled(
                false,
                egui::Button::new("Export chart…").shortcut_text("Ctrl+E"),
            );
            ui.separator();
            if ui
                .add(
                    egui::Button::new("Quit")
                        .shortcut_text(ui.ctx().format_shortcut(&SHORTCUT_QUIT)),
                )
                .clicked()
            {
                out.push(Command::Quit);
            }
        });
        ui.menu_button("View", |ui| {
            ui.label("Theme");
            for choice in ThemeChoice::ALL {
                if ui
                    .radio(app.prefs.theme == choice, choice.label())
                    .clicked()
                {
                    out.push(Command::SetTheme(choice));
                }
            }
            ui.separator();
            let mut table = app.prefs.show_table;
            if ui.checkbox(&mut table, "Divergence table").clicked() {
                out.push(Command::ToggleTable);
            }
        });
        ui.menu_button("Help", |ui| {
            if ui.button("Methodology…").clicked() {
                out.push(Command::ShowMethodology);
            }
            if ui.button("About MinerLens…").clicked() {
                out.push(Command::ShowAbout);
            }
        });
    });
    out
}
