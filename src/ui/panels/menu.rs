//! The menu bar: File, View, Help.

use super::super::app::{Command, MinerLensApp};
use super::super::prefs::ThemeChoice;
use super::{
    SHORTCUT_EXPORT, SHORTCUT_NEW, SHORTCUT_OPEN, SHORTCUT_QUIT, SHORTCUT_REFRESH, SHORTCUT_SAVE,
    SHORTCUT_SAVE_AS,
};
use crate::model::WindowPreset;
use crate::model::options::View;
use crate::model::portfolio::WindowSetting;
use crate::ui::controllers::export::ExportCommand;

pub fn menu_bar_ui(ui: &mut egui::Ui, app: &MinerLensApp) -> Vec<Command> {
    let mut out = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu_ui(ui, app, &mut out));
        ui.menu_button("View", |ui| view_menu_ui(ui, app, &mut out));
        ui.menu_button("Help", |ui| help_menu_ui(ui, &mut out));
    });
    out
}

fn file_menu_ui(ui: &mut egui::Ui, app: &MinerLensApp, out: &mut Vec<Command>) {
    let ctx = ui.ctx().clone();
    let shortcut = |s: &egui::KeyboardShortcut| ctx.format_shortcut(s);
    let entries = [
        (
            "New portfolio",
            shortcut(&SHORTCUT_NEW),
            Command::NewPortfolio,
        ),
        (
            "Open portfolio…",
            shortcut(&SHORTCUT_OPEN),
            Command::OpenPortfolio,
        ),
    ];
    for (label, keys, command) in entries {
        if ui
            .add(egui::Button::new(label).shortcut_text(keys))
            .clicked()
        {
            out.push(command);
        }
    }
    ui.menu_button("Open recent", |ui| {
        if app.recent.files.is_empty() {
            ui.label("No recent files");
        }
        for path in &app.recent.files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if ui
                .button(name)
                .on_hover_text(path.display().to_string())
                .clicked()
            {
                out.push(Command::OpenPortfolioFile(path.clone()));
            }
        }
    });
    let entries = [
        ("Save", shortcut(&SHORTCUT_SAVE), Command::SavePortfolio),
        (
            "Save as…",
            shortcut(&SHORTCUT_SAVE_AS),
            Command::SavePortfolioAs,
        ),
    ];
    for (label, keys, command) in entries {
        if ui
            .add(egui::Button::new(label).shortcut_text(keys))
            .clicked()
        {
            out.push(command);
        }
    }
    ui.separator();
    let can_import = app.data.is_some() && !app.import.busy;
    if ui
        .add_enabled(can_import, egui::Button::new("Import prices…"))
        .on_hover_text("Price files in any common format; you can also drop files on the window")
        .clicked()
    {
        out.push(Command::Import(
            crate::ui::controllers::import::ImportCommand::OpenDialog,
        ));
    }
    let undo_label = match &app.import.undo {
        Some(what) => format!("Undo {what}"),
        None => "Undo import".to_owned(),
    };
    if ui
        .add_enabled(
            app.import.undo.is_some() && !app.import.busy,
            egui::Button::new(undo_label),
        )
        .on_hover_text(
            "Put back the stored prices the last import or fetch replaced, byte for \
             byte, and remove the symbols it added",
        )
        .on_disabled_hover_text("Nothing to undo: only the last import or fetch can be")
        .clicked()
    {
        out.push(Command::Import(
            crate::ui::controllers::import::ImportCommand::Undo,
        ));
    }
    if ui
        .add_enabled(
            app.data.is_some() && app.refresh.running.is_none(),
            egui::Button::new(super::refresh::REFRESH_BUTTON)
                .shortcut_text(shortcut(&SHORTCUT_REFRESH)),
        )
        .on_hover_text(
            "Fetch the latest daily prices of the portfolio's symbols (every loaded \
             symbol without a portfolio) into the price store",
        )
        .clicked()
    {
        out.push(Command::Refresh(
            crate::ui::controllers::refresh::RefreshCommand::Start,
        ));
    }
    if ui.button("Data sources…").clicked() {
        out.push(Command::Refresh(
            crate::ui::controllers::refresh::RefreshCommand::OpenSources,
        ));
    }
    if ui
        .button("Deal ledger…")
        .on_hover_text("The AI/HPC deals with their sources; add, edit or leave out deals")
        .clicked()
    {
        out.push(Command::ShowDeals);
    }
    if ui
        .button("Open deal ledger file…")
        .on_hover_text("Use another deal ledger (a minerlens-ai-deals JSON file)")
        .clicked()
    {
        out.push(Command::OpenLedger);
    }
    if ui
        .add_enabled(
            app.derived.is_some(),
            egui::Button::new("Export chart…")
                .shortcut_text(ui.ctx().format_shortcut(&SHORTCUT_EXPORT)),
        )
        .clicked()
    {
        out.push(Command::Export(ExportCommand::OpenDialog));
    }
    ui.separator();
    if ui
        .add(egui::Button::new("Quit").shortcut_text(shortcut(&SHORTCUT_QUIT)))
        .clicked()
    {
        out.push(Command::Quit);
    }
}

fn view_menu_ui(ui: &mut egui::Ui, app: &MinerLensApp, out: &mut Vec<Command>) {
    ui.menu_button("Chart", |ui| {
        for v in View::ALL {
            let keys = super::view_shortcut(v)
                .map(|k| ui.ctx().format_shortcut(&k))
                .unwrap_or_default();
            let current = app.doc.portfolio.view == v;
            if ui
                .add(egui::Button::selectable(current, v.label()).shortcut_text(keys))
                .clicked()
            {
                out.push(Command::SetView(v));
            }
        }
        ui.separator();
        for (k, label, next) in [
            (super::SHORTCUT_NEXT_VIEW, "Next view", true),
            (super::SHORTCUT_PREVIOUS_VIEW, "Previous view", false),
        ] {
            if ui
                .add(egui::Button::new(label).shortcut_text(ui.ctx().format_shortcut(&k)))
                .clicked()
            {
                let n = View::ALL.len();
                let at = View::ALL
                    .iter()
                    .position(|v| *v == app.doc.portfolio.view)
                    .unwrap_or(0);
                let to = if next { (at + 1) % n } else { (at + n - 1) % n };
                out.push(Command::SetView(View::ALL[to]));
            }
        }
    });
    ui.menu_button("Window", |ui| {
        for preset in WindowPreset::ALL {
            let keys = super::preset_shortcut(preset)
                .map(|k| ui.ctx().format_shortcut(&k))
                .unwrap_or_default();
            let current = app.doc.portfolio.window == WindowSetting::Preset { preset };
            if ui
                .add(egui::Button::selectable(current, preset.label()).shortcut_text(keys))
                .clicked()
            {
                out.push(Command::SetWindow(WindowSetting::Preset { preset }));
            }
        }
    });
    ui.separator();
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
    let mut markers = app.doc.portfolio.chart.show_markers;
    if ui
        .checkbox(&mut markers, "Deal markers")
        .on_hover_text("The deals of the shown symbols and the halving on the time charts")
        .clicked()
    {
        out.push(Command::SetChartOptions(
            crate::model::options::ChartOptions {
                show_markers: markers,
                ..app.doc.portfolio.chart.clone()
            },
        ));
    }
    let mut demo = app.demo_loaded();
    if ui
        .checkbox(&mut demo, "Demo universe (synthetic)")
        .on_hover_text(
            "The bundled synthetic prices beside your imported and fetched ones. Off by \
             default once the price store holds BTC-USD, so real prices are not compared \
             with synthetic ones.",
        )
        .clicked()
    {
        out.push(Command::SetDemo(demo));
    }
    ui.horizontal(|ui| {
        let mut days = app.prefs.max_carry_days;
        let label = ui.label("Carry the benchmark at most");
        let r = ui
            .add(
                egui::DragValue::new(&mut days)
                    .range(0..=60)
                    .suffix(" days"),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "Its last close counts for later dates this many calendar days at most \
                 (weekends, holidays); past that the benchmark is missing and the window \
                 is cut at its last date",
            );
        if r.changed() {
            out.push(Command::SetMaxCarryDays(days));
        }
    });
}

fn help_menu_ui(ui: &mut egui::Ui, out: &mut Vec<Command>) {
    if ui.button("Methodology…").clicked() {
        out.push(Command::ShowMethodology);
    }
    if ui.button("Keyboard shortcuts…").clicked() {
        out.push(Command::ShowShortcuts);
    }
    if ui.button("About MinerLens…").clicked() {
        out.push(Command::ShowAbout);
    }
}
