//! The app driven through its widgets with egui_kittest (no window, no GPU needed).

use crate::common;

use common::{drawn, harness, list_checkbox};
use egui_kittest::kittest::Queryable;

#[test]
fn unticking_a_symbol_removes_its_series_from_the_chart() {
    let mut harness = harness();
    harness.run();
    assert!(
        drawn(&harness).contains(&"MARA".to_string()),
        "{:?}",
        drawn(&harness)
    );
    assert!(drawn(&harness).contains(&"BTC-USD".to_string()));

    list_checkbox(&harness, "MARA").click();
    harness.run();
    let now = drawn(&harness);
    assert!(!now.contains(&"MARA".to_string()), "{now:?}");
    assert!(now.contains(&"IREN".to_string()), "{now:?}");
    assert!(!harness.state().is_selected("MARA"));

    // And back.
    list_checkbox(&harness, "MARA").click();
    harness.run();
    assert!(drawn(&harness).contains(&"MARA".to_string()));
}

#[test]
fn the_window_shows_menu_symbols_chart_and_status() {
    let mut harness = harness();
    harness.run();
    harness.get_by_label("File");
    harness.get_by_label_contains("Demo data (synthetic)");
    harness.get_by_label("2021-01-04 – 2026-11-20");
    harness.get_by_label("Performance vs BTC-USD");
    // Last price and date next to a symbol.
    harness.get_by_label("$91,500.00");
}
