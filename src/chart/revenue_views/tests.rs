//! Tests of the revenue-mix and capacity chart specs: stacked bars sorted by AI share, percent
//! mode, empty and invalid inputs, and capacity split by miner.

use super::*;
use crate::data::fundamentals::bundled_fundamentals;
use crate::model::dates::ymd;

fn with_ctx(
    symbols: &[&str],
    options: RevenueViewOptions,
    btc: f64,
    f: impl FnOnce(&RevenueChartContext<'_>),
) {
    let file = bundled_fundamentals().unwrap();
    let overrides = BTreeMap::new();
    let symbols: Vec<String> = symbols.iter().map(|s| s.to_string()).collect();
    let deals = crate::data::deals::bundled_ledger().unwrap().deals;
    let ctx = RevenueChartContext {
        fundamentals: &file,
        overrides: &overrides,
        deals: &deals,
        market: Market::from_file(&file, ymd(2026, 11, 20), btc),
        btc_price_note: "set by hand",
        symbols: &symbols,
        options: &options,
        theme: ChartTheme::Dark,
    };
    f(&ctx);
}

fn bars(panel: &PanelSpec, id: &str) -> Vec<BarSpec> {
    let s = panel.series.iter().find(|s| s.id == id).unwrap();
    let Mark::Bars { bars, .. } = &s.mark else {
        panic!("bars")
    };
    bars.clone()
}

#[test]
fn revenue_bars_stack_sorted_by_ai_share() {
    let symbols = ["MARA", "IREN", "CIFR", "APLD", "BTC-USD"];
    with_ctx(&symbols, RevenueViewOptions::default(), 90_000.0, |ctx| {
        let spec = build(View::RevenueMix, ctx, None);
        assert_eq!(spec.empty_message, None);
        let panel = &spec.panels[0];
        let XAxis::Categories(cats) = &panel.x else {
            panic!("categories")
        };
        assert_eq!(cats, &["APLD", "CIFR", "IREN", "MARA"]);
        let rows = ctx.rows().unwrap();
        // IREN (x = 2) has mining and GPU cloud: GPU stacked on mining.
        let mining = bars(panel, MINING_ID);
        let gpu = bars(panel, GPU_CLOUD_ID);
        let iren_mining = mining.iter().find(|b| b.x == 2.0).unwrap();
        let iren_gpu = gpu.iter().find(|b| b.x == 2.0).unwrap();
        assert_eq!(iren_mining.base, 0.0);
        assert_eq!(iren_gpu.base, iren_mining.value);
        assert_eq!(iren_gpu.value, rows[2].gpu_cloud_usd_per_year);
        assert!(
            iren_gpu.label.starts_with("IREN · GPU cloud"),
            "{}",
            iren_gpu.label
        );
        // APLD only hosts: no mining bar.
        assert!(mining.iter().all(|b| b.x != 0.0));
        assert!(spec.subtitle.contains("BTC $90,000"), "{}", spec.subtitle);
        assert!(
            spec.subtitle.contains("subsidy 3.125 BTC"),
            "{}",
            spec.subtitle
        );

        let curve = &spec.panels[1];
        assert!(matches!(curve.x, XAxis::Numeric { .. }));
        let iren = curve.series.iter().find(|s| s.id == "IREN").unwrap();
        let Mark::Line { points, .. } = &iren.mark else {
            panic!("line")
        };
        assert_eq!(points.first().unwrap()[0], 20_000.0);
        assert_eq!(points.last().unwrap()[0], 250_000.0);
        assert!(curve.series.iter().any(|s| s.id == BTC_NOW_ID));
        assert_eq!(curve.ref_lines[0].y, 50.0);
    });
}

#[test]
fn percent_mode_adds_up_to_100() {
    let options = RevenueViewOptions {
        percent: true,
        ..RevenueViewOptions::default()
    };
    with_ctx(&["IREN", "CIFR", "HIVE"], options, 120_000.0, |ctx| {
        let spec = build(View::RevenueMix, ctx, None);
        let panel = &spec.panels[0];
        assert_eq!(panel.y_unit, Unit::Share);
        for x in 0..3 {
            let total: f64 = [MINING_ID, HOSTING_ID, GPU_CLOUD_ID]
                .iter()
                .flat_map(|id| bars(panel, id))
                .filter(|b| b.x == x as f64)
                .map(|b| b.value)
                .sum();
            assert!((total - 100.0).abs() < 1e-9, "{x}: {total}");
        }
    });
}

#[test]
fn empty_and_invalid_inputs_explain() {
    with_ctx(
        &["BTC-USD"],
        RevenueViewOptions::default(),
        90_000.0,
        |ctx| {
            let spec = build(View::RevenueMix, ctx, None);
            assert!(
                spec.empty_message
                    .unwrap()
                    .starts_with("Select at least one miner")
            );
            assert!(build(View::Capacity, ctx, None).empty_message.is_some());
        },
    );
    with_ctx(&["MARA"], RevenueViewOptions::default(), -5.0, |ctx| {
        let spec = build(View::RevenueMix, ctx, None);
        assert_eq!(
            spec.empty_message.as_deref(),
            Some("Check the assumptions: btc_price_usd must be above zero (got -5)")
        );
    });
}

#[test]
fn capacity_stacks_mining_and_ai_and_splits_ai_by_miner() {
    let symbols = ["MARA", "CIFR", "WULF"];
    with_ctx(&symbols, RevenueViewOptions::default(), 90_000.0, |ctx| {
        let spec = build(View::Capacity, ctx, None);
        assert_eq!(spec.panels.len(), 2);
        let top = &spec.panels[0];
        let ids: Vec<&str> = top.series.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, [AI_BILLING_ID, AI_MW_ID, MINING_MW_ID]);
        let Mark::Area { upper, lower } = &top.series[1].mark else {
            panic!("area")
        };
        let Mark::Area { upper: m_up, .. } = &top.series[2].mark else {
            panic!("area")
        };
        assert_eq!(lower, m_up, "AI sits on mining");
        assert!(upper[upper.len() - 1][1] > m_up[m_up.len() - 1][1]);
        // What bills is at most what is contracted, at every quarter.
        let Mark::Line {
            points: billing, ..
        } = &top.series[0].mark
        else {
            panic!("line")
        };
        assert!(
            billing
                .iter()
                .zip(upper.iter())
                .all(|(b, u)| b[1] <= u[1] + 1e-9)
        );
        // MARA has no AI capacity: only CIFR and WULF in the second panel. WULF has
        // contracted more AI/HPC MW by the end (the ledger): the bottom layer, listed last.
        let ids: Vec<&str> = spec.panels[1]
            .series
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(ids, ["CIFR", "WULF"]);
        assert!(spec.subtitle.contains("of capacity"), "{}", spec.subtitle);
    });
    let options = RevenueViewOptions {
        capacity_focus: Some("CIFR".into()),
        ..RevenueViewOptions::default()
    };
    with_ctx(&["MARA", "CIFR"], options, 90_000.0, |ctx| {
        let spec = build(View::Capacity, ctx, None);
        assert_eq!(spec.panels[0].title, "Mining vs AI/HPC: CIFR");
        assert!(
            spec.subtitle.starts_with("CIFR: AI/HPC"),
            "{}",
            spec.subtitle
        );
    });
}
