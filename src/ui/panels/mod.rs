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
use crate::model::WindowPreset;
use crate::model::options::View;
use crate::model::portfolio::WindowSetting;

pub const SHORTCUT_QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
pub const SHORTCUT_NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
pub const SHORTCUT_OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const SHORTCUT_SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub const SHORTCUT_SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
pub const SHORTCUT_EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
pub const SHORTCUT_REFRESH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::R);

pub const SHORTCUT_NEXT_VIEW: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND, Key::PageDown);
pub const SHORTCUT_PREVIOUS_VIEW: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND, Key::PageUp);

const DIGITS: [Key; 10] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
    Key::Num0,
];

/// The key of the `i`-th view tab: Ctrl+1 to Ctrl+9, then Ctrl+0 (the rest by Ctrl+PageDown).
pub fn view_shortcut(view: View) -> Option<KeyboardShortcut> {
    let i = View::ALL.iter().position(|v| *v == view)?;
    DIGITS
        .get(i)
        .map(|k| KeyboardShortcut::new(Modifiers::COMMAND, *k))
}

/// The key of a window preset: Alt+1 for the first, in the toolbar's order.
pub fn preset_shortcut(preset: WindowPreset) -> Option<KeyboardShortcut> {
    let i = WindowPreset::ALL.iter().position(|p| *p == preset)?;
    DIGITS
        .get(i)
        .map(|k| KeyboardShortcut::new(Modifiers::ALT, *k))
}

/// Every keyboard shortcut with what it does, for Help > Keyboard shortcuts.
pub fn shortcut_list() -> Vec<(KeyboardShortcut, String)> {
    let mut out: Vec<(KeyboardShortcut, String)> = vec![
        (SHORTCUT_NEW, "New portfolio".into()),
        (SHORTCUT_OPEN, "Open portfolio…".into()),
        (SHORTCUT_SAVE, "Save".into()),
        (SHORTCUT_SAVE_AS, "Save as…".into()),
        (SHORTCUT_EXPORT, "Export chart…".into()),
        (SHORTCUT_REFRESH, "Refresh prices".into()),
        (SHORTCUT_QUIT, "Quit".into()),
        (SHORTCUT_NEXT_VIEW, "Next view".into()),
        (SHORTCUT_PREVIOUS_VIEW, "Previous view".into()),
    ];
    for v in View::ALL {
        if let Some(k) = view_shortcut(v) {
            out.push((k, format!("View: {}", v.label())));
        }
    }
    for p in WindowPreset::ALL {
        if let Some(k) = preset_shortcut(p) {
            out.push((k, format!("Window: {}", p.label())));
        }
    }
    out
}

/// Keyboard shortcuts of the menu entries (longest combination first, so Ctrl+Shift+S is not
/// taken for Ctrl+S), the view tabs and the window presets. `view` is the view shown (for
/// next and previous).
pub fn shortcuts(ctx: &egui::Context, view: View) -> Vec<Command> {
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        for v in View::ALL {
            if view_shortcut(v).is_some_and(|k| i.consume_shortcut(&k)) {
                out.push(Command::SetView(v));
            }
        }
        for preset in WindowPreset::ALL {
            if preset_shortcut(preset).is_some_and(|k| i.consume_shortcut(&k)) {
                out.push(Command::SetWindow(WindowSetting::Preset { preset }));
            }
        }
        let at = View::ALL.iter().position(|v| *v == view).unwrap_or(0);
        let n = View::ALL.len();
        if i.consume_shortcut(&SHORTCUT_NEXT_VIEW) {
            out.push(Command::SetView(View::ALL[(at + 1) % n]));
        }
        if i.consume_shortcut(&SHORTCUT_PREVIOUS_VIEW) {
            out.push(Command::SetView(View::ALL[(at + n - 1) % n]));
        }
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
