//! Chart export speed: the performance view of the whole demo universe (12 miners and BTC-USD,
//! window All: about six years of daily prices) as a 1920x1080 PNG, the SVG alone, and a 2x PNG.
//! Compare with `benches/export_matplotlib.py`, which saves the same chart with matplotlib.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use minerlens::analysis::{Aligned, divergence};
use minerlens::chart::ChartSpec;
use minerlens::chart::render::{self, ImageFormat, RenderOptions};
use minerlens::chart::theme::ChartTheme;
use minerlens::chart::views::{self, ChartContext};
use minerlens::data::sample::load_demo;
use minerlens::model::WindowPreset;
use minerlens::model::options::ChartOptions;

fn performance_spec() -> ChartSpec {
    let prices = load_demo().unwrap();
    let aligned = Aligned::build(&prices, "BTC-USD").unwrap();
    let symbols: Vec<String> = prices
        .symbols()
        .into_iter()
        .filter(|s| s != "BTC-USD")
        .collect();
    let (first, last) = prices.date_range().unwrap();
    let window = WindowPreset::All.resolve(first, last);
    let analysis = divergence::analyze(&aligned, &symbols, window).unwrap();
    let options = ChartOptions::default();
    let ctx = ChartContext {
        aligned: &aligned,
        symbols: &symbols,
        window,
        analysis: &analysis,
        options: &options,
        theme: ChartTheme::Light,
        source: "Demo data (synthetic)",
    };
    let spec = views::performance(&ctx);
    assert_eq!(spec.series_count(), 13);
    spec
}

fn export(c: &mut Criterion) {
    let spec = performance_spec();
    let points: usize = spec
        .panels
        .iter()
        .flat_map(|p| &p.series)
        .map(|s| s.len())
        .sum();
    eprintln!(
        "performance view: {} series, {points} points",
        spec.series_count()
    );
    let opts = RenderOptions::new(1920, 1080);
    let mut group = c.benchmark_group("export");
    group.sample_size(20);
    group.bench_function("performance_1920x1080_png", |b| {
        b.iter(|| render::render(&spec, &opts, ImageFormat::Png).unwrap())
    });
    group.bench_function("performance_1920x1080_svg", |b| {
        b.iter(|| render::render(&spec, &opts, ImageFormat::Svg).unwrap())
    });
    let svg = render::svg::render_svg(&spec, &opts);
    group.bench_function("performance_1920x1080_rasterize_only", |b| {
        b.iter(|| render::png::rasterize(&svg).unwrap())
    });
    let hidpi = RenderOptions {
        scale: 2,
        ..opts.clone()
    };
    group.bench_function("performance_1920x1080_png_scale2", |b| {
        b.iter(|| render::render(&spec, &hidpi, ImageFormat::Png).unwrap())
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
