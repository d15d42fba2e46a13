//! The export dialog (format, size, scale, theme) and the confirmation before replacing a file.

use super::super::app::{Command, MinerLensApp};
use super::super::theme;
use crate::chart::render::ImageFormat;
use crate::ui::controllers::export::{ExportCommand, SizeChoice, ThemeChoice};

/// The export dialog and the replace confirmation.
pub fn export_dialog_ui(ctx: &egui::Context, app: &mut MinerLensApp) -> Vec<Command> {
    let mut out = Vec::new();
    if let Some(pending) = &app.export.pending_replace {
        let name = pending
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        egui::Modal::new(egui::Id::unique("export-replace")).show(ctx, |ui| {
            ui.heading(format!("Replace {name}?"));
            ui.label(format!(
                "{} already exists. Replacing it overwrites its contents.",
                pending.path.display()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Replace").clicked() {
                    out.push(Command::Export(ExportCommand::ConfirmReplace(true)));
                }
                if ui.button("Cancel").clicked() {
                    out.push(Command::Export(ExportCommand::ConfirmReplace(false)));
                }
            });
        });
    }
    if !app.export.dialog_open {
        return out;
    }
    let window_size = ctx.content_rect().size();
    let mut open = true;
    let settings = &mut app.export.settings;
    egui::Window::new("Export chart")
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            egui::Grid::new("export-grid")
                .num_columns(2)
                .spacing([16.0, 8.0])
                .show(ui, |ui| {
                    ui.label("Format");
                    ui.horizontal(|ui| {
                        for f in ImageFormat::ALL {
                            ui.radio_value(&mut settings.format, f, f.label());
                        }
                    });
                    ui.end_row();

                    ui.label("Size");
                    ui.vertical(|ui| {
                        for choice in SizeChoice::ALL {
                            let text = match choice {
                                SizeChoice::Window => format!(
                                    "Current window size ({}x{})",
                                    window_size.x.round(),
                                    window_size.y.round()
                                ),
                                SizeChoice::FullHd => "1920x1080".to_owned(),
                                SizeChoice::Social => "1200x675 (social posts)".to_owned(),
                                SizeChoice::Custom => "Custom".to_owned(),
                            };
                            ui.radio_value(&mut settings.size, choice, text);
                        }
                        if settings.size == SizeChoice::Custom {
                            ui.horizontal(|ui| {
                                let l = ui.label("Width");
                                ui.add(
                                    egui::TextEdit::singleline(&mut settings.custom_width)
                                        .desired_width(56.0),
                                )
                                .labelled_by(l.id);
                                let l = ui.label("Height");
                                ui.add(
                                    egui::TextEdit::singleline(&mut settings.custom_height)
                                        .desired_width(56.0),
                                )
                                .labelled_by(l.id);
                            });
                        }
                    });
                    ui.end_row();

                    ui.label("Scale");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut settings.scale, 1, "1x");
                        ui.radio_value(&mut settings.scale, 2, "2x (sharper on HiDPI screens)");
                    });
                    ui.end_row();

                    ui.label("Theme");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut settings.theme, ThemeChoice::AsShown, "As shown");
                        ui.radio_value(&mut settings.theme, ThemeChoice::Light, "Light");
                        ui.radio_value(&mut settings.theme, ThemeChoice::Dark, "Dark");
                    });
                    ui.end_row();
                });
            let size = settings.size_px(window_size);
            match &size {
                Ok((w, h)) => {
                    let s = settings.scale;
                    ui.label(
                        egui::RichText::new(format!(
                            "{} image of {}x{} pixels, the chart as shown (series, zoom, legend)",
                            settings.format.label(),
                            w * s,
                            h * s
                        ))
                        .color(theme::muted(ctx)),
                    );
                }
                Err(e) => {
                    ui.colored_label(theme::error(ctx), e);
                }
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(size.is_ok(), egui::Button::new("Save…"))
                    .clicked()
                {
                    out.push(Command::Export(ExportCommand::ExportImage));
                }
                if ui.button("Cancel").clicked() {
                    out.push(Command::Export(ExportCommand::CloseDialog));
                }
            });
        });
    if !open {
        out.push(Command::Export(ExportCommand::CloseDialog));
    }
    out
}
