//! Chart exports: every view to PNG and SVG through the library and the `minerlens chart`
//! command, bad arguments, and the GUI's export and "Copy image" rendered with egui_kittest's
//! wgpu renderer (lavapipe).

use crate::common;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use image::RgbaImage;
use minerlens::analysis::{Aligned, divergence};
use minerlens::chart::render::{self, ImageFormat, RenderOptions};
use minerlens::chart::theme::{ChartTheme, Rgb};
use minerlens::chart::views::ChartContext;
use minerlens::chart::{ChartSpec, Mark, View, ViewInputs, build_view};
use minerlens::data::sample::load_demo;
use minerlens::model::DateRange;
use minerlens::model::dates::ymd;
use minerlens::model::options::{ChartOptions, DivergenceMode};
use minerlens::ui::MinerLensApp;
use minerlens::ui::controllers::export::{SaveTarget, SizeChoice};

const SYMBOLS: [&str; 6] = ["IREN", "CIFR", "WULF", "MARA", "RIOT", "CLSK"];

/// Specs of every available view on the demo data, Q1 2026, in `theme`.
fn demo_specs(theme: ChartTheme) -> Vec<ChartSpec> {
    let prices = load_demo().unwrap();
    let aligned = Aligned::build(&prices, "BTC-USD").unwrap();
    let symbols: Vec<String> = SYMBOLS.iter().map(|s| s.to_string()).collect();
    let window = DateRange::new(ymd(2026, 1, 1), ymd(2026, 3, 31));
    let analysis = divergence::analyze(&aligned, &symbols, window).unwrap();
    let deals = minerlens::data::deals::bundled_ledger().unwrap().deals;
    let mut specs = Vec::new();
    // The price views: those drawn from prices alone, with the deal markers.
    for view in View::ALL {
        for mode in [DivergenceMode::Spread, DivergenceMode::Relative] {
            if mode == DivergenceMode::Relative && view != View::Divergence {
                continue;
            }
            let options = ChartOptions {
                show_basket: true,
                divergence_mode: mode,
                ..ChartOptions::default()
            };
            let inputs = ViewInputs {
                prices: ChartContext {
                    aligned: &aligned,
                    symbols: &symbols,
                    window,
                    analysis: &analysis,
                    options: &options,
                    theme,
                    source: "Demo data (synthetic)",
                },
                deals: &deals,
                revenue: Err("prices only".into()),
                portfolio: Err("prices only".into()),
                events: Err("prices only".into()),
                exposure: Err("prices only".into()),
            };
            if let Ok(spec) = build_view(view, &inputs) {
                specs.push(spec);
            }
        }
    }
    specs
}

fn distinct_colors(img: &RgbaImage) -> usize {
    img.pixels()
        .map(|p| (p[0], p[1], p[2]))
        .collect::<HashSet<_>>()
        .len()
}

/// Pixels within a small distance of `c` (anti-aliasing blends line edges).
fn pixels_near(img: &RgbaImage, c: Rgb, tolerance: i32) -> usize {
    img.pixels()
        .filter(|p| {
            (i32::from(p[0]) - i32::from(c.0)).abs() <= tolerance
                && (i32::from(p[1]) - i32::from(c.1)).abs() <= tolerance
                && (i32::from(p[2]) - i32::from(c.2)).abs() <= tolerance
        })
        .count()
}

/// The colors a spec must show: line colors, and each bar's own color.
fn series_colors(spec: &ChartSpec) -> Vec<(String, Rgb)> {
    let mut out = Vec::new();
    for s in spec.panels.iter().flat_map(|p| &p.series) {
        match &s.mark {
            Mark::Bars { bars, .. } => out.extend(bars.iter().map(|b| (b.label.clone(), b.color))),
            _ => out.push((s.name.clone(), s.color)),
        }
    }
    out
}

fn svg_texts(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_view_renders_to_png_and_svg_in_both_themes() {
    for theme in [ChartTheme::Light, ChartTheme::Dark] {
        for spec in demo_specs(theme) {
            let view = spec.view.slug();
            assert!(spec.empty_message.is_none(), "{view}: empty");
            let mut opts = RenderOptions::new(1200, 675);
            opts.theme = theme;
            opts.scale = if theme == ChartTheme::Dark { 2 } else { 1 };
            let png = render::render(&spec, &opts, ImageFormat::Png).unwrap();
            let img = image::load_from_memory(&png).unwrap().to_rgba8();
            assert_eq!(
                img.dimensions(),
                (1200 * opts.scale, 675 * opts.scale),
                "{view}"
            );
            let distinct = distinct_colors(&img);
            assert!(distinct > 100, "{view} {theme:?}: only {distinct} colors");
            let bg = theme.palette().background;
            assert_eq!(
                img.get_pixel(1, 1).0[..3],
                [bg.0, bg.1, bg.2],
                "{view}: background"
            );
            for (name, color) in series_colors(&spec) {
                let n = pixels_near(&img, color, 8);
                assert!(
                    n >= 20,
                    "{view} {theme:?}: {name} {color:?} drawn on {n} pixels"
                );
            }

            let svg =
                String::from_utf8(render::render(&spec, &opts, ImageFormat::Svg).unwrap()).unwrap();
            let texts = svg_texts(&svg);
            assert!(texts.contains(&spec.title), "{view}: title");
            assert!(texts.contains("MinerLens"), "{view}: footer");
            for (_, name, _) in spec.legend() {
                assert!(texts.contains(&name), "{view}: legend {name}");
            }
            for p in &spec.panels {
                assert!(
                    texts.contains(&p.y_label),
                    "{view}: axis label {}",
                    p.y_label
                );
            }
        }
    }
}

#[test]
fn hidden_series_and_zoom_are_exported_as_shown() {
    let spec = demo_specs(ChartTheme::Light)
        .into_iter()
        .find(|s| s.view == View::Performance)
        .unwrap();
    let mut opts = RenderOptions::new(800, 450);
    opts.hidden.insert("MARA".into());
    // February 2026 only.
    opts.x_range = Some((20485.0, 20512.0));
    let svg = String::from_utf8(render::render(&spec, &opts, ImageFormat::Svg).unwrap()).unwrap();
    let texts = svg_texts(&svg);
    assert!(!texts.contains("MARA"), "hidden series in the legend");
    assert!(texts.contains("IREN"));
    assert!(texts.contains("Feb"), "zoomed date ticks: {texts}");
    assert!(
        !texts.contains("Mar\n") && !texts.contains("Jan 2026"),
        "{texts}"
    );
}

fn minerlens(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_minerlens"))
        // A home without a price store: the commands read the demo data alone.
        .env(
            "MINERLENS_HOME",
            std::env::temp_dir().join("minerlens-test-empty-home"),
        )
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_chart_command_writes_every_view() {
    let dir = tempfile::tempdir().unwrap();
    let portfolio = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample_data/portfolio.minerlens.json"
    );
    for view in View::ALL {
        for (ext, theme, scale) in [("png", "light", "1"), ("svg", "dark", "2")] {
            let path = dir.path().join(format!("{}.{ext}", view.slug()));
            let out = minerlens(&[
                "chart",
                view.slug(),
                "--out",
                path.to_str().unwrap(),
                "--width",
                "640",
                "--height",
                "360",
                "--scale",
                scale,
                "--theme",
                theme,
                "--window",
                "Q1 2026",
                "--symbols",
                "IREN,CIFR,MARA",
                "--portfolio",
                portfolio,
            ]);
            assert!(
                out.status.success(),
                "{}: {}",
                view.slug(),
                String::from_utf8_lossy(&out.stderr)
            );
            let bytes = std::fs::read(&path).unwrap();
            if ext == "png" {
                let img = image::load_from_memory(&bytes).unwrap();
                assert_eq!((img.width(), img.height()), (640, 360));
                assert!(distinct_colors(&img.to_rgba8()) > 100);
            } else {
                let svg = String::from_utf8(bytes).unwrap();
                let doc = roxmltree::Document::parse(&svg).unwrap();
                assert_eq!(doc.root_element().attribute("width"), Some("1280"));
                let texts = svg_texts(&svg);
                assert!(
                    texts.contains("Source: ") && texts.contains("MinerLens"),
                    "{texts}"
                );
                match view {
                    View::RevenueMix | View::Economics => {
                        assert!(texts.contains("As of 2026-03-31"), "{texts}");
                    }
                    View::Events => {
                        assert!(texts.contains("abnormal returns around"), "{texts}");
                    }
                    View::Exposure => assert!(texts.contains("Two-factor OLS"), "{texts}"),
                    View::Capacity => assert!(texts.contains("3 selected miners"), "{texts}"),
                    View::Portfolio => {
                        assert!(texts.contains("had I bought BTC-USD instead"), "{texts}");
                    }
                    _ => assert!(texts.contains("Window 2026-01-01 to 2026-03-31"), "{texts}"),
                }
                if !matches!(view, View::Divergence | View::Portfolio | View::Capacity) {
                    assert!(texts.contains("IREN") && texts.contains("CIFR"), "{texts}");
                }
            }
        }
    }
    // The 13-series performance chart with the CLI's chart options.
    let path = dir.path().join("all.png");
    let out = minerlens(&[
        "chart",
        "performance",
        "--out",
        path.to_str().unwrap(),
        "--window",
        "All",
        "--log",
        "--basket",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let img = image::open(&path).unwrap();
    assert_eq!((img.width(), img.height()), (1600, 900));
}

#[test]
fn bad_chart_arguments_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out_png = dir.path().join("x.png");
    let png = out_png.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["chart", "pie", "--out", png], "unknown view 'pie'"),
        (
            vec!["chart", "portfolio", "--out", png],
            "the portfolio view needs --portfolio FILE",
        ),
        (
            vec!["chart", "performance", "--out", png, "--width", "0"],
            "1 to 16384",
        ),
        (
            vec!["chart", "performance", "--out", png, "--width", "-5"],
            "1 to 16384",
        ),
        (
            vec!["chart", "performance", "--out", png, "--height", "16385"],
            "1 to 16384",
        ),
        (
            vec!["chart", "performance", "--out", png, "--scale", "5"],
            "1 to 4",
        ),
        (
            vec![
                "chart",
                "performance",
                "--out",
                png,
                "--width",
                "9000",
                "--scale",
                "2",
            ],
            "too large",
        ),
        (
            vec!["chart", "performance", "--out", png, "--theme", "neon"],
            "neon",
        ),
        (
            vec!["chart", "performance", "--out", png, "--symbols", "NOPE"],
            "unknown symbol NOPE",
        ),
    ];
    for (args, message) in &cases {
        let out = minerlens(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let jpg = dir.path().join("x.jpg");
    let out = minerlens(&["chart", "performance", "--out", jpg.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".png or .svg"));
    let missing = dir.path().join("no/such/dir/x.png");
    let out = minerlens(&["chart", "performance", "--out", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not write"));
    // Nothing written, not even a temporary file.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

// --- The GUI, rendered with wgpu on lavapipe -------------------------------------------------

fn gpu_harness(ppp: f32) -> egui_kittest::Harness<'static, MinerLensApp> {
    egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_pixels_per_point(ppp)
        .wgpu()
        .build_eframe(|cc| {
            minerlens::ui::configure_context(&cc.egui_ctx);
            common::demo_app(minerlens::ui::prefs::Prefs::default())
        })
}

/// Steps the harness until `done` holds (background jobs run in threads).
fn run_until(
    harness: &mut egui_kittest::Harness<'static, MinerLensApp>,
    done: impl Fn(&MinerLensApp) -> bool,
) {
    let start = Instant::now();
    while !done(harness.state()) {
        assert!(start.elapsed() < Duration::from_secs(120), "timed out");
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run();
}

/// Pixels that differ from `bg` by more than a little.
fn foreground_pixels(img: &RgbaImage, bg: Rgb) -> usize {
    img.pixels()
        .filter(|p| {
            (i32::from(p[0]) - i32::from(bg.0)).abs()
                + (i32::from(p[1]) - i32::from(bg.1)).abs()
                + (i32::from(p[2]) - i32::from(bg.2)).abs()
                > 40
        })
        .count()
}

#[test]
fn copy_image_on_a_hidpi_screen_gives_the_whole_chart() {
    let mut harness = gpu_harness(2.0);
    harness.run();
    let rect = harness
        .state()
        .test()
        .export()
        .chart_rect
        .expect("chart rect");
    harness.get_by_label("Copy image").click();
    run_until(&mut harness, |app| {
        app.test().export().last_copied.is_some()
    });
    let image = harness.state().test().export().last_copied.clone().unwrap();
    let [w, h] = image.size;
    // Points times 2: the full chart at the screen's resolution, not a corner of it.
    assert!(
        (w as f32 - rect.width() * 2.0).abs() <= 2.0,
        "{w} vs {}",
        rect.width()
    );
    assert!(
        (h as f32 - rect.height() * 2.0).abs() <= 2.0,
        "{h} vs {}",
        rect.height()
    );
    let img = RgbaImage::from_raw(
        w as u32,
        h as u32,
        image.pixels.iter().flat_map(|c| c.to_array()).collect(),
    )
    .unwrap();
    assert!(img.pixels().all(|p| p[3] == 255), "opaque");
    // Not black or blank: the plot is there with its series colors.
    assert!(
        distinct_colors(&img) > 200,
        "{} colors",
        distinct_colors(&img)
    );
    let theme = ChartTheme::Dark;
    let btc = theme.series_color("BTC-USD");
    assert!(pixels_near(&img, btc, 30) > 50, "BTC-USD line");
    harness.get_by_label_contains("Copied the chart");
}

#[test]
fn export_at_window_size_writes_the_chart_as_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.png");
    let mut harness = gpu_harness(1.0);
    harness.state_mut().test_mut().export().save_target = SaveTarget::Fixed(path.clone());
    harness.run();
    // Hide MARA through the legend: the export must leave it out too.
    common::legend_entry(&harness, "MARA").click();
    harness.run();
    harness.get_by_label("Export chart…").click();
    harness.run();
    harness.get_by_label_contains("Current window size").click();
    harness.run();
    assert_eq!(
        harness.state().test().export().settings.size,
        SizeChoice::Window
    );
    harness.get_by_label("Save…").click();
    run_until(&mut harness, |app| {
        app.test().export().last_written.is_some()
    });
    assert_eq!(
        harness.state().test().export().last_written.as_deref(),
        Some(path.as_path())
    );
    let img = image::open(&path).unwrap().to_rgba8();
    assert_eq!(img.dimensions(), (1400, 900));
    check_plot_area(&img, ChartTheme::Dark);
    harness.get_by_label_contains("Saved");

    // Again as SVG over an existing file: asks first, then replaces.
    let svg_path = dir.path().join("chart.svg");
    std::fs::write(&svg_path, "old").unwrap();
    harness.state_mut().test_mut().export().save_target = SaveTarget::Fixed(svg_path.clone());
    harness.state_mut().test_mut().export().last_written = None;
    harness.get_by_label("Export chart…").click();
    harness.run();
    harness.get_by_label("SVG").click();
    harness.get_by_label("Save…").click();
    run_until(&mut harness, |app| {
        app.test().export().pending_replace.is_some()
    });
    assert_eq!(std::fs::read_to_string(&svg_path).unwrap(), "old");
    harness.get_by_label("Replace").click();
    run_until(&mut harness, |app| {
        app.test().export().last_written.is_some()
    });
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let texts = svg_texts(&svg);
    assert!(texts.contains("Performance vs BTC-USD"));
    assert!(texts.contains("IREN") && !texts.contains("MARA"), "{texts}");
}

/// The plot area (middle of the image) has many non-background pixels and series colors.
fn check_plot_area(img: &RgbaImage, theme: ChartTheme) {
    let (w, h) = img.dimensions();
    let middle = image::imageops::crop_imm(img, w / 4, h / 4, w / 2, h / 2).to_image();
    let bg = theme.palette().background;
    let fg = foreground_pixels(&middle, bg);
    assert!(fg > 2000, "plot area nearly empty: {fg} pixels");
    assert!(
        pixels_near(img, theme.series_color("IREN"), 8) > 50,
        "IREN line"
    );
}

#[test]
fn csv_export_writes_one_column_per_series() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.csv");
    let mut harness = common::harness();
    harness.state_mut().test_mut().export().save_target = SaveTarget::Fixed(path.clone());
    harness.run();
    harness.get_by_label("Export data (CSV)…").click();
    run_until(&mut harness, |app| {
        app.test().export().last_written.is_some()
    });
    let text = std::fs::read_to_string(&path).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.starts_with("date,"), "{header}");
    for s in ["IREN", "MARA", "BTC-USD (benchmark)"] {
        assert!(header.split(',').any(|h| h == s), "{header}");
    }
    assert!(text.lines().count() > 100);
    assert!(Path::new(&path).exists());
}

#[test]
fn a_chart_built_for_one_theme_exports_in_the_other() {
    let dark = demo_specs(ChartTheme::Dark);
    let light = demo_specs(ChartTheme::Light);
    for (d, l) in dark.iter().zip(&light) {
        assert_eq!(
            &render::retheme(d, ChartTheme::Dark, ChartTheme::Light),
            l,
            "{}",
            d.view.slug()
        );
    }
}

/// The export dialog opens with the settings of the last run (kept in the preferences).
#[test]
fn the_export_dialog_remembers_its_settings() {
    let mut prefs = minerlens::ui::prefs::Prefs::default();
    prefs.export.format = ImageFormat::Svg;
    prefs.export.size = SizeChoice::Social;
    let h = common::harness_with(prefs);
    assert_eq!(h.state().test().export().settings.format, ImageFormat::Svg);
    assert_eq!(h.state().test().export().settings.size, SizeChoice::Social);
}
