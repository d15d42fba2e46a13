//! Tests of the SVG writer: escaped text and line gaps, tiny and odd canvases, zoom and hidden
//! series.

use super::*;
use crate::chart::axis::Unit;
use crate::chart::spec::SeriesSpec;
use crate::chart::spec::{RefLine, View};
use crate::chart::theme::Rgb;

fn spec() -> ChartSpec {
    let mut p = PanelSpec::new("p", XAxis::Time, "Rebased", Unit::Index);
    p.series.push(SeriesSpec::line(
        "A",
        "A & B <co>",
        Rgb(200, 10, 10),
        Unit::Index,
        vec![[0.0, 100.0], [30.0, f64::NAN], [60.0, 120.0], [90.0, 90.0]],
    ));
    p.ref_lines.push(RefLine {
        y: 100.0,
        label: "Start = 100".into(),
    });
    ChartSpec {
        view: View::Performance,
        title: "Title".into(),
        subtitle: "Sub".into(),
        panels: vec![p],
        footer: "Source: x · MinerLens".into(),
        empty_message: None,
        markers: Vec::new(),
    }
}

#[test]
fn svg_escapes_text_and_breaks_lines_at_gaps() {
    let svg = render_svg(&spec(), &RenderOptions::new(800, 450));
    assert!(svg.contains("A &amp; B &lt;co&gt;"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let path = doc.descendants().find(|n| n.has_tag_name("path")).unwrap();
    let d = path.attribute("d").unwrap();
    assert_eq!(d.matches('M').count(), 2, "{d}");
    assert!(svg.contains("Start = 100"));
}

#[test]
fn tiny_and_odd_canvases_do_not_panic() {
    for (w, h) in [(1, 1), (16, 9), (3000, 40), (40, 3000)] {
        let svg = render_svg(&spec(), &RenderOptions::new(w, h));
        assert!(roxmltree::Document::parse(&svg).is_ok(), "{w}x{h}");
    }
    let png = super::super::render(
        &spec(),
        &RenderOptions::new(2, 2),
        super::super::ImageFormat::Png,
    )
    .unwrap();
    assert!(image::load_from_memory(&png).is_ok());
}

#[test]
fn zoom_and_hidden_series_are_respected() {
    let mut opts = RenderOptions::new(800, 450);
    opts.hidden.insert("A".into());
    let svg = render_svg(&spec(), &opts);
    assert!(svg.contains("No series to show"));
    let y = y_extent(&spec().panels[0], 50.0, 95.0, None);
    assert!(y.0 < 90.0 && y.0 > 85.0 && y.1 > 120.0, "{y:?}");
    assert_eq!(
        y_extent(&spec().panels[0], 0.0, 1.0, Some((5.0, 6.0))),
        (5.0, 6.0)
    );
}
