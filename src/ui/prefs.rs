//! UI preferences kept between runs by eframe's persistence (a RON file under the config
//! directory). Every field has a default, so an old or partial file still loads.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::model::BTC_SYMBOL;
use crate::model::options::{ChartOptions, View};
use crate::model::portfolio::{Portfolio, WindowSetting};

/// Key of the preferences in eframe's storage.
pub const PREFS_KEY: &str = "minerlens-prefs";

/// Follow the system, or force dark or light.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThemeChoice {
    #[default]
    System,
    Dark,
    Light,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Dark, ThemeChoice::Light];

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "Follow the system",
            ThemeChoice::Dark => "Dark",
            ThemeChoice::Light => "Light",
        }
    }

    pub fn to_egui(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
            ThemeChoice::Light => egui::ThemePreference::Light,
        }
    }
}

/// The preferences. The view state (selection, benchmark, window, view, chart options) is the
/// open portfolio's while the app runs; it is copied here only when eframe saves, and back into
/// the untitled document at the next start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub theme: ThemeChoice,
    /// Ticked symbols; `None` until the user changes the selection (then all are ticked).
    pub selected: Option<Vec<String>>,
    pub benchmark: String,
    pub window: WindowSetting,
    pub view: View,
    pub chart: ChartOptions,
    pub show_table: bool,
    pub last_portfolio: Option<PathBuf>,
    /// The export dialog's format, size, scale and theme.
    pub export: super::controllers::export::ExportSettings,
    /// Provider base URLs and per-symbol providers of Refresh prices.
    pub data_sources: crate::data::fetch::DataSources,
    /// Whether the synthetic demo universe is loaded beside the price store.
    pub demo: crate::data::sample::DemoChoice,
    /// How many calendar days the benchmark's last close is carried forward.
    pub max_carry_days: i32,
    /// A deal ledger file used instead of the bundled one.
    pub ledger: Option<PathBuf>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::System,
            selected: None,
            benchmark: BTC_SYMBOL.to_owned(),
            window: WindowSetting::default(),
            view: View::Performance,
            chart: ChartOptions::default(),
            show_table: true,
            last_portfolio: None,
            ledger: None,
            export: super::controllers::export::ExportSettings::default(),
            data_sources: crate::data::fetch::DataSources::default(),
            demo: crate::data::sample::DemoChoice::default(),
            max_carry_days: crate::analysis::align::DEFAULT_MAX_CARRY_DAYS,
        }
    }
}

impl Prefs {
    /// Keeps the portfolio's view state for the next start.
    pub fn remember_view(&mut self, p: &Portfolio) {
        self.selected.clone_from(&p.selected);
        self.benchmark.clone_from(&p.benchmark);
        self.window = p.window;
        self.view = p.view;
        self.chart.clone_from(&p.chart);
    }

    /// The view state of the last run, into a new (untitled) portfolio.
    pub fn restore_view(&self, p: &mut Portfolio) {
        p.selected.clone_from(&self.selected);
        p.benchmark.clone_from(&self.benchmark);
        p.window = self.window;
        p.view = self.view;
        p.chart.clone_from(&self.chart);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_preferences_fill_in_defaults() {
        let p: Prefs = serde_json::from_str(r#"{"theme":"Light","unknown":1}"#).unwrap();
        assert_eq!(p.theme, ThemeChoice::Light);
        assert_eq!(p.benchmark, "BTC-USD");
        assert!(p.show_table);
        assert_eq!(
            p.export,
            crate::ui::controllers::export::ExportSettings::default()
        );
    }

    #[test]
    fn export_settings_are_kept() {
        use crate::chart::render::ImageFormat;
        use crate::ui::controllers::export::{SizeChoice, ThemeChoice as FileTheme};
        let mut p = Prefs::default();
        p.export.format = ImageFormat::Svg;
        p.export.size = SizeChoice::Custom;
        p.export.custom_width = "2400".into();
        p.export.scale = 2;
        p.export.theme = FileTheme::Light;
        let text = serde_json::to_string(&p).unwrap();
        let back: Prefs = serde_json::from_str(&text).unwrap();
        assert_eq!(back, p);
        // An old export block without some fields keeps the rest.
        let q: Prefs = serde_json::from_str(r#"{"export":{"format":"Svg"}}"#).unwrap();
        assert_eq!(q.export.format, ImageFormat::Svg);
        assert_eq!(q.export.scale, 1);
    }
}
