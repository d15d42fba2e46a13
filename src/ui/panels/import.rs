//! Price import in the window: File > Import prices… and files dropped on the window start an
//! import; this panel draws the drop overlay, the summary window (per file: format, symbol,
//! rows, dates, rows dropped and why; errors in red) and the rename dialog, and returns
//! commands that `controllers::import` applies.

use crate::data::SymbolSummary;
use crate::data::sample;
use crate::ui::app::{Command, MinerLensApp};
use crate::ui::controllers::import::{ImportCommand, ImportSummary, RenameDialog, validate_rename};
use crate::ui::theme;

fn cmd(c: ImportCommand) -> Command {
    Command::Import(c)
}

/// The "Rename…" entry of a symbol's context menu in the symbol list.
pub fn symbol_menu_ui(
    ui: &mut egui::Ui,
    app: &MinerLensApp,
    summary: &SymbolSummary,
) -> Vec<Command> {
    let mut out = Vec::new();
    let imported = sample::is_imported(summary);
    let button = ui
        .add_enabled(imported && !app.import.busy, egui::Button::new("Rename…"))
        .on_disabled_hover_text("Only imported symbols can be renamed");
    if button.clicked() {
        out.push(cmd(ImportCommand::StartRename(summary.symbol.clone())));
        ui.close();
    }
    out
}

/// Dropped files, the drop overlay, the summary window and the rename dialog.
pub fn import_ui(ctx: &egui::Context, app: &mut MinerLensApp) -> Vec<Command> {
    let mut out = Vec::new();
    // Dropped files arrive through `MinerLensApp::take_dropped_portfolios`: portfolio files
    // open, the others are imported (see app.rs).
    if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
        drop_overlay(ctx);
    }
    if let Some(summary) = &app.import.summary {
        out.extend(summary_window_ui(ctx, summary));
    }
    if let Some(dialog) = app.import.rename.clone() {
        out.extend(rename_window_ui(ctx, app, dialog));
    }
    out
}

fn drop_overlay(ctx: &egui::Context) {
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("import_drop_overlay"),
    ));
    let rect = ctx.content_rect();
    let visuals = ctx.global_style().visuals.clone();
    painter.rect_filled(rect, 0.0, visuals.extreme_bg_color.gamma_multiply(0.85));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop price files to import them",
        egui::FontId::proportional(22.0),
        visuals.strong_text_color(),
    );
}

fn summary_window_ui(ctx: &egui::Context, summary: &ImportSummary) -> Vec<Command> {
    let mut out = Vec::new();
    let mut open = true;
    egui::Window::new("Import summary")
        .open(&mut open)
        .default_width(900.0)
        .collapsible(false)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(480.0)
                .show(ui, |ui| {
                    egui::Grid::new("import_summary_grid")
                        .num_columns(6)
                        .striped(true)
                        .spacing([12.0, 4.0])
                        .show(ui, |ui| {
                            for h in [
                                "File",
                                "Format",
                                "Symbol",
                                "Rows",
                                "Dates",
                                "Dropped and notes",
                            ] {
                                ui.strong(h);
                            }
                            ui.end_row();
                            for row in &summary.rows {
                                ui.label(&row.file);
                                if let Some(err) = &row.error {
                                    ui.colored_label(theme::error(ui.ctx()), "Not imported");
                                    for _ in 0..3 {
                                        ui.label("");
                                    }
                                    ui.colored_label(theme::error(ui.ctx()), err);
                                } else {
                                    ui.label(&row.format);
                                    ui.label(&row.symbol);
                                    ui.label(row.rows.to_string());
                                    ui.label(&row.dates);
                                    ui.vertical(|ui| {
                                        if row.remarks.is_empty() {
                                            ui.label(
                                                egui::RichText::new("–")
                                                    .color(theme::muted(ui.ctx())),
                                            );
                                        }
                                        for r in &row.remarks {
                                            ui.label(
                                                egui::RichText::new(r)
                                                    .color(theme::muted(ui.ctx())),
                                            );
                                        }
                                    });
                                }
                                ui.end_row();
                            }
                        });
                });
            ui.separator();
            for (i, line) in summary.store.iter().enumerate() {
                if summary.failed > 0 && i == 0 {
                    ui.colored_label(theme::error(ui.ctx()), line);
                } else {
                    ui.label(line);
                }
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if !summary.loaded_paths.is_empty() {
                    let n = summary.loaded_paths.len();
                    let label = if n == 1 {
                        "Import the file that loaded".to_owned()
                    } else {
                        format!("Import the {n} files that loaded")
                    };
                    if ui.button(label).clicked() {
                        out.push(cmd(ImportCommand::Files(summary.loaded_paths.clone())));
                    }
                }
                if ui.button("Close").clicked() {
                    out.push(cmd(ImportCommand::CloseSummary));
                }
            });
        });
    if !open {
        out.push(cmd(ImportCommand::CloseSummary));
    }
    out
}

fn rename_window_ui(
    ctx: &egui::Context,
    app: &mut MinerLensApp,
    dialog: RenameDialog,
) -> Vec<Command> {
    let mut out = Vec::new();
    let mut text = dialog.text.clone();
    let mut open = true;
    egui::Window::new("Rename symbol")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            let label = ui.label(format!("New symbol for {}", dialog.from));
            let edit = ui.add(egui::TextEdit::singleline(&mut text).desired_width(200.0));
            let edit = edit.labelled_by(label.id);
            let valid = validate_rename(app, &dialog.from, &text);
            if let Err(why) = &valid {
                ui.colored_label(theme::error(ui.ctx()), why);
            }
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                let rename = ui.add_enabled(valid.is_ok(), egui::Button::new("Rename"));
                if let (Ok(to), true) = (&valid, rename.clicked() || enter) {
                    out.push(cmd(ImportCommand::Rename {
                        from: dialog.from.clone(),
                        to: to.clone(),
                    }));
                }
                if ui.button("Cancel").clicked() {
                    out.push(cmd(ImportCommand::CancelRename));
                }
            });
        });
    if let Some(d) = app.import.rename.as_mut() {
        d.text = text;
    }
    if !open {
        out.push(cmd(ImportCommand::CancelRename));
    }
    out
}
