//! The panels of the window. Each `*_ui` function draws and returns the commands the user gave.

pub mod chart_buttons;
pub mod deals;
pub mod dialogs;
pub mod document_dialogs;
pub mod events;
pub mod export_dialog;
pub mod exposure;
pub mod holdings;
pub mod import;
pub mod menu;
pub mod refresh;
pub mod revenue;
pub mod right_panel;
pub mod sorted_table;
pub mod status;
pub mod symbols;
pub mod table;
pub mod toolbar;
pub mod view_controls;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::app::Command;

pub const SHORTCUT_QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
pub const SHORTCUT_NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
pub const SHORTCUT_OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const SHORTCUT_SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub const SHORTCUT_SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
pub const SHORTCUT_EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
pub const SHORTCUT_REFRESH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::R);

/// Keyboard shortcuts of the menu entries (longest combination first, so Ctrl+Shift+S is not
/// taken for Ctrl+S).
pub fn shortcuts(ctx: &egui::Context) -> Vec<Command> {
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        for (shortcut, command) in [
            (SHORTCUT_SAVE_AS, Command::SavePortfolioAs),
            (SHORTCUT_SAVE, Command::SavePortfolio),
            (SHORTCUT_OPEN, Command::OpenPortfolio),
            (SHORTCUT_NEW, Command::NewPortfolio),
            (SHORTCUT_QUIT, Command::Quit),
        ] {
            if i.consume_shortcut(&shortcut) {
                out.push(command);
            }
        }
        if i.consume_shortcut(&SHORTCUT_EXPORT) {
            out.push(Command::Export(
                crate::ui::controllers::export::ExportCommand::OpenDialog,
            ));
        }
        if i.consume_shortcut(&SHORTCUT_REFRESH) {
            out.push(Command::Refresh(
                crate::ui::controllers::refresh::RefreshCommand::Start,
            ));
        }
    });
    out
}
