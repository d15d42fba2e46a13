//! The chart views through the GUI: tabs, legend and list in sync, presets, and image snapshots
//! of the performance and divergence views in both themes.

use crate::common;

use common::{drawn, harness, harness_with, legend_entry, list_checkbox};
use egui::accesskit::Role;
use egui_kittest::SnapshotOptions;
use egui_kittest::kittest::Queryable;
use minerlens::model::WindowPreset;
use minerlens::model::options::View;
use minerlens::model::portfolio::WindowSetting;
use minerlens::ui::prefs::{Prefs, ThemeChoice};

#[test]
fn views_switch_by_their_tab_labels() {
    let mut harness = harness();
    harness.run();
    for (tab, view, heading) in [
        (
            "Divergence",
            View::Divergence,
            "Spread vs BTC-USD in points",
        ),
        ("Decoupling", View::Decoupling, "Decoupling from BTC-USD"),
        (
            "Relative strength",
            View::Relative,
            "Relative strength vs BTC-USD",
        ),
        ("Drawdown", View::Drawdown, "Drawdown from running peak"),
        ("Performance", View::Performance, "Performance vs BTC-USD"),
    ] {
        harness.get_by_role_and_label(Role::Button, tab).click();
        harness.run();
        assert_eq!(harness.state().test().view(), view);
        harness.get_by_label_contains(heading);
    }
}

#[test]
fn a_legend_click_hides_the_series_and_unticks_the_symbol() {
    let mut harness = harness();
    harness.run();
    assert!(drawn(&harness).contains(&"IREN".to_string()));
    legend_entry(&harness, "IREN").click();
    harness.run();
    assert!(
        !drawn(&harness).contains(&"IREN".to_string()),
        "{:?}",
        drawn(&harness)
    );
    assert!(
        !harness.state().is_selected("IREN"),
        "the list follows the legend"
    );
    // Still in the legend (greyed), so a second click brings it back and ticks the list.
    legend_entry(&harness, "IREN").click();
    harness.run();
    assert!(drawn(&harness).contains(&"IREN".to_string()));
    assert!(harness.state().is_selected("IREN"));

    // The other way: the list hides it, and the legend entry disappears with it.
    list_checkbox(&harness, "IREN").click();
    harness.run();
    assert!(!drawn(&harness).contains(&"IREN".to_string()));
    assert_eq!(
        harness
            .query_all_by_role_and_label(Role::CheckBox, "IREN")
            .count(),
        1
    );
}

#[test]
fn a_preset_changes_the_window_and_the_table() {
    let mut harness = harness();
    harness.run();
    harness.get_by_label_contains("2026-01-01 – 2026-11-20 vs BTC-USD");
    harness
        .get_by_role_and_label(Role::Button, "Q1 2026")
        .click();
    harness.run();
    assert_eq!(
        harness.state().test().window_setting(),
        WindowSetting::Preset {
            preset: WindowPreset::Q1_2026
        }
    );
    harness.get_by_label_contains("2026-01-01 – 2026-03-31 vs BTC-USD");
    // The headline: BTC -17.0% between the miners' first and last Q1 dates.
    harness.get_by_label_contains("BTC-USD -17.0% (2026-01-02 to 2026-03-31)");
    harness.get_by_role_and_label(Role::Button, "3M").click();
    harness.run();
    harness.get_by_label_contains("2026-08-20 – 2026-11-20 vs BTC-USD");
}

fn snapshot(view: View, theme: ThemeChoice, name: &str) {
    let prefs = Prefs {
        theme,
        view,
        window: WindowSetting::Preset {
            preset: WindowPreset::Q1_2026,
        },
        show_table: false,
        ..Prefs::default()
    };
    let mut harness = harness_with(prefs);
    harness.set_size(egui::vec2(1000.0, 620.0));
    harness.run();
    // Lavapipe renders the same here and on CI; allow a little antialiasing noise.
    let options = SnapshotOptions::new().threshold(1.0).max_failed_pixels(400);
    harness.snapshot_options(name, &options);
}

#[test]
fn snapshot_performance_dark() {
    snapshot(View::Performance, ThemeChoice::Dark, "performance_dark");
}

#[test]
fn snapshot_performance_light() {
    snapshot(View::Performance, ThemeChoice::Light, "performance_light");
}

#[test]
fn snapshot_divergence_dark() {
    snapshot(View::Divergence, ThemeChoice::Dark, "divergence_dark");
}

#[test]
fn snapshot_divergence_light() {
    snapshot(View::Divergence, ThemeChoice::Light, "divergence_light");
}
