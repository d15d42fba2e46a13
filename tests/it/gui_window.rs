//! What a first hour in the window turned up (issue 17), each as the user did it: typing into
//! the holdings one key per frame, view changes marking the file unsaved and Quit asking, the
//! basket following the legend, the mouse wheel zooming, the crosshair readout in every linked
//! panel, and a small window that still shows a chart.

use crate::common;

use std::path::Path;

use common::{command, harness, legend_entry, sample_copy};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, MouseWheelUnit, TouchPhase};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use minerlens::chart::axis::format_day;
use minerlens::model::options::View;
use minerlens::ui::MinerLensApp;
use minerlens::ui::app::{Command, RightTab};
use minerlens::ui::document::PendingAction;

fn opened_sample(dir: &Path) -> Harness<'static, MinerLensApp> {
    let path = sample_copy(dir);
    let mut harness = harness();
    harness.run();
    command(&mut harness, Command::OpenPortfolioFile(path));
    assert!(!harness.state().test().doc().is_dirty());
    harness
}

/// Clicks the field, selects all, then types `text` one key per frame, as a person does.
fn retype(harness: &mut Harness<'_, MinerLensApp>, field: &str, text: &str) {
    harness.get_by_label(field).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    for c in text.chars() {
        let node = harness.get_by_label(field);
        assert!(node.is_focused(), "{field} lost the focus before {c:?}");
        node.type_text(&c.to_string());
        harness.run();
    }
}

#[test]
fn holdings_take_every_keystroke_and_keep_the_focus() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = opened_sample(dir.path());
    command(&mut harness, Command::SetRightTab(RightTab::Holdings));
    let corz = |h: &Harness<'_, MinerLensApp>| {
        h.state()
            .test()
            .doc()
            .portfolio
            .holdings
            .iter()
            .find(|x| x.symbol == "CORZ")
            .cloned()
            .unwrap()
    };
    // CORZ is the second holding of the sample.
    retype(&mut harness, "Holding 2 Opened", "2025-06-30");
    assert_eq!(
        corz(&harness).open_date.to_string(),
        "2025-06-30",
        "the date typed, not the one valid half way (June 3)"
    );
    // An invalid quantity shows an error and changes nothing; retyped, every key counts.
    retype(&mut harness, "Holding 2 Quantity", "-5");
    harness.get_by_label_contains("must be");
    assert_eq!(
        corz(&harness).quantity,
        500.0,
        "an invalid value is not taken"
    );
    retype(&mut harness, "Holding 2 Quantity", "500");
    retype(&mut harness, "Holding 2 Quantity", "750");
    assert_eq!(corz(&harness).quantity, 750.0);
    assert!(harness.state().test().doc().is_dirty());
}

#[test]
fn a_view_change_marks_the_file_unsaved_and_quit_asks() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = opened_sample(dir.path());
    harness
        .get_by_role_and_label(Role::Button, "Divergence")
        .click();
    harness.run();
    assert_eq!(harness.state().test().view(), View::Divergence);
    assert!(
        harness.state().test().doc().is_dirty(),
        "the view is part of the file that Ctrl+S writes"
    );
    assert!(
        harness
            .state()
            .test()
            .doc()
            .window_title()
            .starts_with("watchlist.minerlens.json •")
    );
    command(&mut harness, Command::Quit);
    assert!(matches!(
        harness.state().test().pending(),
        Some(PendingAction::Quit)
    ));
    harness.get_by_label("Unsaved changes");
    // Cancel keeps the window and the change.
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert!(harness.state().test().pending().is_none());
    assert!(harness.state().test().doc().is_dirty());
}

/// The number in "Equal-weight basket (N)" of the chart's basket line and of the table.
fn basket_counts(harness: &Harness<'_, MinerLensApp>) -> (usize, usize) {
    let spec = harness.state().test().spec().unwrap();
    let chart = spec
        .panels
        .iter()
        .flat_map(|p| &p.series)
        .find_map(|s| s.name.strip_prefix("Equal-weight basket ("))
        .and_then(|rest| rest.trim_end_matches(')').parse().ok())
        .unwrap();
    // The table prints the analysis' basket: "Equal-weight basket (N):".
    let table = harness
        .state()
        .test()
        .analysis()
        .and_then(|a| a.basket.as_ref())
        .map(|b| b.members.len())
        .unwrap();
    // The legend says the same as the chart.
    let legend = format!("Equal-weight basket ({chart})");
    assert_eq!(harness.query_all_by_label(&legend).count(), 1, "{legend}");
    (chart, table)
}

#[test]
fn hiding_a_series_in_the_legend_updates_the_basket_everywhere() {
    let mut harness = harness();
    harness.run();
    harness
        .get_by_role_and_label(Role::CheckBox, "Equal-weight basket")
        .click();
    harness.run();
    let (chart, table) = basket_counts(&harness);
    assert_eq!(chart, table);
    legend_entry(&harness, "IREN").click();
    harness.run();
    let (chart_after, table_after) = basket_counts(&harness);
    assert_eq!(chart_after, chart - 1, "the chart's basket drops IREN");
    assert_eq!(table_after, chart_after, "and the table says the same");
}

#[test]
fn the_plain_mouse_wheel_zooms_the_time_axis() {
    let mut harness = harness();
    harness.run();
    let before = harness.state().test().panels()[0];
    harness.hover_at(before.frame.center());
    harness.run();
    harness.event(Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: egui::vec2(0.0, 120.0),
        phase: TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    let after = harness.state().test().panels()[0];
    let width = |b: [f64; 4]| b[2] - b[0];
    assert!(
        width(after.bounds) < width(before.bounds) * 0.9,
        "zoomed in: {:?} -> {:?}",
        before.bounds,
        after.bounds
    );
    // Around the pointer: the date under it stays inside the shown range.
    let mid = (before.bounds[0] + before.bounds[2]) / 2.0;
    assert!(after.bounds[0] < mid && mid < after.bounds[2]);
}

#[test]
fn the_crosshair_reads_every_linked_panel_at_the_hovered_date() {
    let mut harness = harness();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Decoupling")
        .click();
    harness.run();
    let panels = harness.state().test().panels().to_vec();
    assert_eq!(panels.len(), 2, "Decoupling has two linked panels");
    assert!(panels.iter().all(|p| p.readout_x.is_none()));
    // Hover the second panel: both legend rows read the same date.
    harness.hover_at(panels[1].frame.center());
    harness.run();
    let panels = harness.state().test().panels().to_vec();
    let x = panels[1]
        .readout_x
        .expect("the hovered panel reads its date");
    assert_eq!(panels[0].readout_x, Some(x), "the other panel follows");
    let date = format_day(x);
    assert_eq!(
        harness.query_all_by_label(&date).count(),
        2,
        "{date} in both legend rows"
    );
}

#[test]
fn a_small_window_still_shows_the_chart() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(800.0, 500.0))
        .with_max_steps(8)
        .build_eframe(|cc| {
            minerlens::ui::configure_context(&cc.egui_ctx);
            common::demo_app(minerlens::ui::prefs::Prefs::default())
        });
    harness.run();
    let panels = harness.state().test().panels().to_vec();
    assert!(!panels.is_empty());
    for p in &panels {
        assert!(
            p.frame.width() >= 250.0 && p.frame.height() >= 120.0,
            "the plot has room: {:?}",
            p.frame
        );
    }
    // The view tabs sit on one row with their labels whole, or become one "View" menu.
    let tabs: Vec<egui::Rect> = [
        "Performance",
        "Relative strength",
        "Divergence",
        "Decoupling",
    ]
    .iter()
    .filter_map(|t| harness.query_by_role_and_label(Role::Button, t))
    .map(|n| n.rect())
    .collect();
    if tabs.is_empty() {
        assert!(harness.query_all_by_role(Role::ComboBox).count() >= 1);
    } else {
        assert_eq!(tabs.len(), 4);
        for r in &tabs {
            assert!(r.height() < 30.0, "a tab label wrapped: {r:?}");
            assert!((r.min.y - tabs[0].min.y).abs() < 1.0, "tabs on one row");
        }
    }
}

#[test]
fn views_and_window_presets_have_keys() {
    let mut harness = harness();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    harness.run();
    assert_eq!(harness.state().test().view(), View::Decoupling);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    harness.run();
    assert_eq!(harness.state().test().view(), View::Relative);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    harness.run();
    assert_eq!(harness.state().test().view(), View::Divergence);
    harness.key_press_modifiers(Modifiers::ALT, Key::Num1);
    harness.run();
    assert_eq!(
        harness.state().test().window_setting(),
        minerlens::model::portfolio::WindowSetting::Preset {
            preset: minerlens::model::WindowPreset::OneMonth
        }
    );
    // The keys are written in the menu and in Help.
    harness.get_by_role_and_label(Role::Button, "Help").click();
    harness.run();
    harness.get_by_label("Keyboard shortcuts…").click();
    harness.run();
    harness.get_by_label("View: Decoupling");
    harness.get_by_label("Window: 1M");
}

/// The symbols of the list top to bottom.
fn listed(harness: &Harness<'_, MinerLensApp>) -> Vec<String> {
    let data = harness.state().test().data().unwrap();
    let mut nodes: Vec<(f32, String)> = data
        .summaries
        .iter()
        .map(|s| {
            (
                common::list_checkbox(harness, &s.symbol).rect().min.y,
                s.symbol.clone(),
            )
        })
        .collect();
    nodes.sort_by(|a, b| a.0.total_cmp(&b.0));
    nodes.into_iter().map(|(_, s)| s).collect()
}

#[test]
fn the_symbol_list_sorts_by_its_columns() {
    let mut harness = harness();
    harness.run();
    let by_name = listed(&harness);
    let mut sorted = by_name.clone();
    sorted.sort();
    assert_eq!(by_name, sorted, "by symbol at first");
    harness
        .get_by_role_and_label(Role::Button, "Window")
        .click();
    harness.run();
    let by_return = listed(&harness);
    assert_ne!(by_return, by_name);
    // Largest window return first, as the series say.
    let data = harness.state().test().data().unwrap();
    let w = harness.state().window().unwrap();
    let ret = |s: &str| {
        data.series[s]
            .return_pct(
                minerlens::model::date_to_days(w.from),
                minerlens::model::date_to_days(w.to),
            )
            .unwrap()
    };
    for pair in by_return.windows(2) {
        assert!(ret(&pair[0]) >= ret(&pair[1]), "{pair:?}");
    }
    // Again: the other way round.
    harness
        .get_by_role_and_label(Role::Button, "Window ▾")
        .click();
    harness.run();
    let mut reversed = listed(&harness);
    reversed.reverse();
    assert_eq!(reversed, by_return);
}

#[test]
fn help_shows_the_methodology_of_the_documentation() {
    let mut harness = harness();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Help").click();
    harness.run();
    harness.get_by_label("Methodology…").click();
    harness.run();
    // The headings of docs/methodology.md, drawn in the window.
    for heading in ["Divergence", "Economics", "Events", "Exposure"] {
        assert!(
            harness.query_all_by_label(heading).count() >= 1,
            "no heading {heading}"
        );
    }
    harness.get_by_label_contains("hashprice 40.824 USD/PH/day");
}
