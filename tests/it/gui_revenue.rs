//! The revenue-mix and capacity views driven through their widgets with egui_kittest.

use crate::common;

use common::{drawn, harness_with};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use minerlens::chart::revenue_views::{AI_MW_ID, BTC_NOW_ID, GPU_CLOUD_ID, MINING_ID};
use minerlens::model::options::View;
use minerlens::ui::MinerLensApp;
use minerlens::ui::panels::revenue::BTC_SLIDER_LABEL;
use minerlens::ui::prefs::Prefs;

fn on_view(view: View) -> Harness<'static, MinerLensApp> {
    let mut harness = harness_with(Prefs {
        view,
        ..Prefs::default()
    });
    harness.run();
    harness
}

fn ai_share(harness: &Harness<'_, MinerLensApp>, symbol: &str) -> f64 {
    let results = harness.state().test().revenue().results.as_ref().unwrap();
    results
        .iter()
        .find(|r| r.symbol == symbol)
        .and_then(|r| r.ai_share_pct)
        .unwrap_or_else(|| panic!("no AI share for {symbol}"))
}

fn iren_mining_usd(harness: &Harness<'_, MinerLensApp>) -> f64 {
    let results = harness.state().test().revenue().results.as_ref().unwrap();
    results
        .iter()
        .find(|r| r.symbol == "IREN")
        .unwrap()
        .mining_usd_per_year
}

fn shows(harness: &Harness<'_, MinerLensApp>, text: &str) -> bool {
    harness.query_all_by_label(text).next().is_some()
}

#[test]
fn moving_the_btc_price_slider_changes_the_ai_share() {
    let mut harness = on_view(View::RevenueMix);
    let before = ai_share(&harness, "IREN");
    let before_text = format!("{before:.1}%");
    assert!(
        shows(&harness, &before_text),
        "the table shows {before_text}"
    );
    let drawn_ids = drawn(&harness);
    for id in [MINING_ID, GPU_CLOUD_ID, BTC_NOW_ID, "IREN"] {
        assert!(drawn_ids.iter().any(|d| d == id), "{id}: {drawn_ids:?}");
    }

    harness
        .query_all_by_role_and_label(Role::Slider, BTC_SLIDER_LABEL)
        .next()
        .expect("the BTC price slider")
        .set_value_accesskit(200_000.0);
    harness.run();

    let state = &harness.state().test().revenue();
    assert_eq!(state.inputs.btc_price_usd, Some(200_000.0));
    assert_eq!(state.market().unwrap().btc_price_usd, 200_000.0);
    let after = ai_share(&harness, "IREN");
    assert!(
        after < before - 5.0,
        "a higher BTC price lowers the AI share: {before} -> {after}"
    );
    let after_text = format!("{after:.1}%");
    assert!(shows(&harness, &after_text), "the table shows {after_text}");
    assert!(!shows(&harness, &before_text));

    // Reset returns to the last close in the data.
    harness.get_by_label("Reset").click();
    harness.run();
    assert_eq!(harness.state().test().revenue().inputs.btc_price_usd, None);
    assert!((ai_share(&harness, "IREN") - before).abs() < 1e-12);
}

#[test]
fn percent_mode_and_the_assumptions_editor() {
    let mut harness = on_view(View::RevenueMix);
    harness.get_by_label("Percent").click();
    harness.run();
    assert!(harness.state().test().revenue().options.percent);
    let spec = &harness.state().test().spec().unwrap();
    assert_eq!(spec.panels[0].y_label, "Share of revenue (%)");

    harness.get_by_label("Assumptions…").click();
    harness.run();
    assert!(
        shows(&harness, "Efficiency\n(J/TH)"),
        "units in the headers"
    );

    // An invalid value is shown at the field and not applied.
    harness
        .get_by_label("IREN Efficiency (J/TH)")
        .set_text_value_accesskit("3");
    harness.run();
    assert!(shows(&harness, "must be between 5 and 100 J/TH (got 3)"));
    assert!(
        harness
            .state()
            .test()
            .doc()
            .portfolio
            .revenue_overrides
            .is_empty()
    );
    harness
        .get_by_label("IREN Uptime (%)")
        .set_text_value_accesskit("120");
    harness.run();
    assert!(shows(&harness, "must be between 0 and 100% (got 120)"));

    // A valid value is an override and moves the chart.
    let iren_before = iren_mining_usd(&harness);
    harness
        .get_by_label("IREN Hashrate (EH/s)")
        .set_text_value_accesskit("25");
    harness.run();
    let overrides = &harness.state().test().doc().portfolio.revenue_overrides;
    assert_eq!(overrides["IREN"].hashrate_eh, Some(25.0));
    let iren_after = iren_mining_usd(&harness);
    assert!((iren_after / iren_before - 0.5).abs() < 1e-12);

    harness.get_by_label("Reset all to defaults").click();
    harness.run();
    assert!(
        harness
            .state()
            .test()
            .doc()
            .portfolio
            .revenue_overrides
            .is_empty()
    );
}

#[test]
fn the_capacity_tab_draws_stacked_areas() {
    let mut harness = on_view(View::Performance);
    harness.get_by_label("Capacity").click();
    harness.run();
    assert_eq!(harness.state().test().view(), View::Capacity);
    let ids = drawn(&harness);
    assert!(ids.iter().any(|d| d == AI_MW_ID), "{ids:?}");
    assert!(ids.iter().any(|d| d == "CIFR"), "{ids:?}");
    harness.get_by_label("Capacity: MW used for mining vs contracted for AI/HPC");
}

/// Text half-typed into the assumptions editor belongs to the open portfolio: opening another
/// one shows that portfolio's values, not the leftover text.
#[test]
fn opening_a_portfolio_drops_the_previous_ones_half_typed_cells() {
    let mut harness = on_view(View::RevenueMix);
    harness.get_by_label("Assumptions…").click();
    harness.run();
    harness
        .get_by_label("IREN Efficiency (J/TH)")
        .set_text_value_accesskit("3");
    harness.run();
    assert!(shows(&harness, "must be between 5 and 100 J/TH (got 3)"));

    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data/portfolio.minerlens.json");
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(minerlens::ui::app::Command::OpenPortfolioFile(sample), &ctx);
    harness
        .state_mut()
        .finish_jobs(&ctx, std::time::Duration::from_secs(20));
    harness.run();
    assert!(!shows(&harness, "must be between 5 and 100 J/TH (got 3)"));
    let field = harness.get_by_label("IREN Efficiency (J/TH)");
    assert_ne!(
        field.value().as_deref(),
        Some("3"),
        "the leftover text is gone"
    );
}
