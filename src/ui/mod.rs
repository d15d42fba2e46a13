//! The eframe app: panels, egui_plot views of chart specs, dialogs and background jobs.

pub mod app;
pub mod cells;
pub mod controllers;
pub mod document;
pub mod jobs;
pub mod markdown;
pub mod panels;
pub mod plot;
pub mod prefs;
pub mod theme;

use std::path::PathBuf;
use std::process::ExitCode;

pub use app::MinerLensApp;

use crate::data::paths::AppPaths;

/// The window icon (assets/icon.png).
const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

fn icon() -> Option<egui::IconData> {
    let img = image::load_from_memory_with_format(ICON_PNG, image::ImageFormat::Png)
        .ok()?
        .into_rgba8();
    let (width, height) = img.dimensions();
    Some(egui::IconData {
        rgba: img.into_raw(),
        width,
        height,
    })
}

/// Fonts and style shared by the app and its tests: Noto Sans (the font of exported charts) with
/// a small symbol fallback.
pub fn configure_context(ctx: &egui::Context) {
    use std::sync::Arc;

    use crate::chart::fonts;
    let mut defs = egui::FontDefinitions::default();
    defs.font_data.insert(
        "NotoSans".into(),
        Arc::new(egui::FontData::from_static(fonts::SANS_REGULAR)),
    );
    defs.font_data.insert(
        "NotoSansSymbols".into(),
        Arc::new(egui::FontData::from_static(fonts::SYMBOLS)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let list = defs.families.entry(family.clone()).or_default();
        if family == egui::FontFamily::Proportional {
            list.insert(0, "NotoSans".into());
        }
        list.push("NotoSansSymbols".into());
    }
    ctx.set_fonts(defs);
}

/// Opens the window; returns when it closes.
pub fn run(file: Option<PathBuf>) -> ExitCode {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("MinerLens")
        .with_app_id("minerlens")
        .with_inner_size([1400.0, 900.0])
        .with_min_inner_size([800.0, 500.0]);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        persistence_path: AppPaths::detect().map(|p| p.ui_state_file()),
        ..Default::default()
    };
    match eframe::run_native(
        "MinerLens",
        options,
        Box::new(move |cc| Ok(Box::new(MinerLensApp::new(cc, file)))),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: could not open the MinerLens window: {err}");
            eprintln!(
                "hint: the command-line subcommands work without a display (minerlens --help)"
            );
            ExitCode::FAILURE
        }
    }
}
