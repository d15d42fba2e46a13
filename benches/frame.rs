//! One frame of the performance view with 20 series of 500,000 points each: egui pass (layout
//! and plot items) plus tessellation, with the per-pixel reduction and without it (every point
//! handed to egui_plot). Target: under 4 ms of CPU with the reduction.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use minerlens::chart::axis::Unit;
use minerlens::chart::spec::{ChartSpec, PanelSpec, SeriesSpec, View, XAxis};
use minerlens::chart::theme::ChartTheme;
use minerlens::data::rng::Rng;
use minerlens::ui::plot::{PlotCache, chart_ui};

const SERIES: usize = 20;
const POINTS: usize = 500_000;

fn spec() -> ChartSpec {
    let mut panel = PanelSpec::new("Performance", XAxis::Time, "Rebased", Unit::Index);
    let theme = ChartTheme::Dark;
    for s in 0..SERIES {
        let mut rng = Rng::seed_from(s as u64);
        let mut level = 100.0;
        // Minute bars: 500,000 points over about 347 days from 2025-01-01.
        let points: Vec<[f64; 2]> = (0..POINTS)
            .map(|i| {
                level *= 1.0 + 0.001 * rng.normal();
                [20_089.0 + i as f64 / 1440.0, level]
            })
            .collect();
        let name = format!("S{s:02}");
        panel.series.push(SeriesSpec::line(
            &name,
            &name,
            theme.series_color(&name),
            Unit::Index,
            points,
        ));
    }
    ChartSpec {
        view: View::Performance,
        title: "Performance".into(),
        subtitle: String::new(),
        panels: vec![panel],
        footer: String::new(),
        empty_message: None,
        markers: Vec::new(),
    }
}

fn frame(ctx: &egui::Context, cache: &mut PlotCache, hidden: &BTreeSet<String>) -> usize {
    let raw = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..Default::default()
    };
    let out = ctx.run_ui(raw, |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            black_box(chart_ui(ui, cache, hidden, false));
        });
    });
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn bench(c: &mut Criterion) {
    let spec = spec();
    let hidden = BTreeSet::new();
    let mut group = c.benchmark_group("frame_20x500k");
    group.sample_size(10);

    let ctx = egui::Context::default();
    let mut cache = PlotCache::new(spec.clone());
    frame(&ctx, &mut cache, &hidden); // builds the reduction for this range and width
    frame(&ctx, &mut cache, &hidden);
    group.bench_function("with per-pixel reduction (cached)", |b| {
        b.iter(|| frame(&ctx, &mut cache, &hidden))
    });

    group.bench_function("reduction rebuilt every frame (zooming)", |b| {
        b.iter(|| {
            cache.invalidate_reduction();
            frame(&ctx, &mut cache, &hidden)
        })
    });

    let ctx = egui::Context::default();
    let mut cache = PlotCache::new(spec.clone());
    cache.reduce = false;
    frame(&ctx, &mut cache, &hidden);
    group.bench_function("all points to egui_plot", |b| {
        b.iter(|| frame(&ctx, &mut cache, &hidden))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
