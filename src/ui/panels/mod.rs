//! The panels of the window. Each `*_ui` function draws and returns the commands the user gave.

pub mod dialogs;
pub mod import;
pub mod menu;
pub mod status;
pub mod symbols;
pub mod table;
pub mod toolbar;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::app::Command;

pub const SHORTCUT_QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);

/// Keyboard shortcuts of the menu entries.
pub fn shortcuts(ctx: &egui::Context) -> Vec<Command> {
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        if i.consume_shortcut(&SHORTCUT_QUIT) {
            out.push(Command::Quit);
        }
    });
    out
}
