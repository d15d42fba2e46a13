//! The document's modal dialogs: Save / Discard / Cancel, the typed path when the system has no
//! file dialog, and errors of open and save.

use std::path::PathBuf;

use crate::ui::app::Command;
use crate::ui::document::{DialogPurpose, PendingAction, Resolution};

/// The Save / Discard / Cancel prompt while an action waits on unsaved changes, the path prompt
/// (its text is this panel's state) and the error dialog.
pub fn document_dialogs_ui(
    ctx: &egui::Context,
    pending: Option<&PendingAction>,
    file_name: &str,
    path_prompt: &mut Option<(DialogPurpose, String)>,
    error: Option<&str>,
) -> Vec<Command> {
    let mut out = Vec::new();
    if let Some(action) = pending {
        let what = match action {
            PendingAction::Quit => "before closing",
            PendingAction::New => "before starting a new portfolio",
            PendingAction::OpenDialog | PendingAction::Open(_) => "before opening another file",
        };
        let name = file_name;
        let modal = egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ctx, |ui| {
            ui.heading("Unsaved changes");
            ui.label(format!("Save the changes to {name} {what}?"));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    out.push(Command::ResolvePending(Resolution::Save));
                }
                if ui.button("Discard").clicked() {
                    out.push(Command::ResolvePending(Resolution::Discard));
                }
                if ui.button("Cancel").clicked() {
                    out.push(Command::ResolvePending(Resolution::Cancel));
                }
            });
        });
        if modal.should_close() && out.is_empty() {
            out.push(Command::ResolvePending(Resolution::Cancel));
        }
    }
    if let Some((purpose, text)) = path_prompt {
        let title = match purpose {
            DialogPurpose::OpenPortfolio => "Open portfolio",
            DialogPurpose::SavePortfolioAs => "Save portfolio as",
            DialogPurpose::OpenLedger => "Open deal ledger",
        };
        let mut done: Option<Option<PathBuf>> = None;
        egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
            ui.heading(title);
            ui.label("No system file dialog is available. Type the file's path:");
            let label = ui.label("Path");
            let r = ui
                .add(egui::TextEdit::singleline(text).desired_width(420.0))
                .labelled_by(label.id);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if ui.button("OK").clicked() || enter {
                    done = Some(Some(PathBuf::from(text.trim())));
                }
                if ui.button("Cancel").clicked() {
                    done = Some(None);
                }
            });
        });
        if let Some(answer) = done {
            out.push(Command::PathPromptAnswered(
                answer.filter(|p| !p.as_os_str().is_empty()),
            ));
        }
    }
    if let Some(message) = error {
        egui::Modal::new(egui::Id::unique("error_dialog")).show(ctx, |ui| {
            ui.heading("Could not do that");
            ui.label(message);
            ui.label("Your document is unchanged.");
            if ui.button("OK").clicked() {
                out.push(Command::DismissError);
            }
        });
    }
    out
}
