//! Lays a [`ChartSpec`] out on a fixed canvas and writes it as SVG: title, subtitle, a legend
//! row above the plots (so it never covers data), stacked panels sharing the x axis, ticks
//! labelled like the screen (`chart::axis`), reference lines, and the footer. The PNG renderer
//! rasterizes this same SVG, so both files look identical.
//!
//! - [`geometry`]: sizes proportional to the canvas, frames, the data-to-canvas mapping.
//! - [`writer`]: the SVG text itself.
//! - [`layout`]: legend rows, axis extents and ticks.
//! - [`marks`]: lines, areas, bars, points and heat maps.

mod geometry;
mod layout;
mod marks;
mod writer;

use std::fmt::Write as _;

pub use writer::escape;

use self::geometry::{Frame, Mapping, Metrics};
use self::layout::{
    legend_items, legend_layout, same_x_axis, x_extent, x_ticks, y_extent, y_ticks,
};
use self::marks::{bar_labels, draw_series};
use self::writer::{Anchor, Svg, TextStyle, dash_attr, halo};
use super::RenderOptions;
use super::text::width as text_width;
use crate::chart::fonts::FONT_FAMILY_CSS;
use crate::chart::spec::{ChartSpec, EventMarker, PanelSpec, XAxis};
use crate::chart::theme::Palette;

/// The canvas: its size, palette, proportional metrics and the content's left and right edges.
struct Page {
    w: f64,
    h: f64,
    m: Metrics,
    pal: Palette,
    scale: f64,
    left: f64,
    right: f64,
}

impl Page {
    fn new(opts: &RenderOptions) -> Self {
        let (w, h) = (f64::from(opts.width), f64::from(opts.height));
        let m = Metrics::new(w, h);
        Page {
            left: m.pad,
            right: w - m.pad,
            w,
            h,
            pal: opts.theme.palette(),
            scale: f64::from(opts.scale.max(1)),
            m,
        }
    }

    fn muted(&self, size: f64, anchor: Anchor) -> TextStyle {
        TextStyle::new(size, self.pal.text_muted, false, anchor)
    }
}

/// Writes the chart as an SVG document.
pub fn render_svg(spec: &ChartSpec, opts: &RenderOptions) -> String {
    let spec = spec.without(&opts.hidden);
    let page = Page::new(opts);
    let mut svg = begin(&spec, &page);
    let top = draw_header(&mut svg, &spec, &page);
    let bottom = draw_footer(&mut svg, &spec, &page);
    if let Some(message) = empty_message(&spec) {
        let style = TextStyle::new(17.0 * page.m.k, page.pal.text_muted, false, Anchor::Middle);
        svg.text(page.w / 2.0, (top + bottom) / 2.0, &message, &style);
        return finish(svg);
    }
    let top = draw_legend(&mut svg, &spec, &page, top);
    let layout = PanelLayout::new(&spec, opts, &page, top, bottom);
    for (i, panel) in spec.panels.iter().enumerate() {
        let map = layout.mapping(i, panel);
        draw_panel_frame(&mut svg, panel, &layout, &map, i, &page);
        draw_panel_data(&mut svg, panel, &map, i, layout.columns, &page);
        if panel.x == XAxis::Time {
            let first_time = spec.panels[..i].iter().all(|p| p.x != XAxis::Time);
            draw_markers(&mut svg, &spec.markers, &map, first_time, &page);
        }
        if !layout.shared_x || i + 1 == spec.panels.len() {
            draw_x_axis(&mut svg, panel, &layout, &map, &page);
        }
    }
    finish(svg)
}

fn begin(spec: &ChartSpec, page: &Page) -> Svg {
    let mut svg = Svg {
        out: String::with_capacity(64 * 1024),
        family: FONT_FAMILY_CSS,
    };
    let (w, h) = (page.w, page.h);
    let _ = writeln!(
        svg.out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {w} {h}" font-family="{}">"#,
        (w * page.scale).round(),
        (h * page.scale).round(),
        escape(svg.family)
    );
    let _ = writeln!(svg.out, "<title>{}</title>", escape(&spec.title));
    svg.rect(0.0, 0.0, w, h, page.pal.background, "");
    svg
}

fn finish(mut svg: Svg) -> String {
    svg.out.push_str("</svg>\n");
    svg.out
}

/// Title and subtitle; returns the y below them.
fn draw_header(svg: &mut Svg, spec: &ChartSpec, page: &Page) -> f64 {
    let m = &page.m;
    let mut y = m.pad;
    let title_style = TextStyle::new(m.title, page.pal.text, true, Anchor::Start);
    svg.text(page.left, y + m.title * 0.95, &spec.title, &title_style);
    y += m.title * 1.35;
    if !spec.subtitle.is_empty() {
        let style = page.muted(m.subtitle, Anchor::Start);
        svg.text(page.left, y + m.subtitle * 0.95, &spec.subtitle, &style);
        y += m.subtitle * 1.45;
    }
    y + 8.0 * m.k
}

/// The footer at the bottom; returns the lowest y the plots may use.
fn draw_footer(svg: &mut Svg, spec: &ChartSpec, page: &Page) -> f64 {
    let m = &page.m;
    let footer_base = page.h - m.pad * 0.75;
    svg.text(
        page.left,
        footer_base,
        &spec.footer,
        &page.muted(m.footer, Anchor::Start),
    );
    footer_base - m.footer * 1.9
}

/// What to show instead of plots: the spec's message, or a note when no series has data.
fn empty_message(spec: &ChartSpec) -> Option<String> {
    let has_data = spec
        .panels
        .iter()
        .any(|p| p.series.iter().any(|s| !s.is_empty()));
    match (&spec.empty_message, has_data) {
        (Some(msg), _) => Some(msg.clone()),
        (None, false) => Some("No series to show".to_owned()),
        (None, true) => None,
    }
}

/// Legend rows above the plots; returns the y below them.
fn draw_legend(svg: &mut Svg, spec: &ChartSpec, page: &Page, y: f64) -> f64 {
    let m = &page.m;
    let items = legend_items(spec);
    let (positions, rows) = legend_layout(&items, m, page.left, page.right);
    let row_h = m.legend * 1.55;
    for (item, (x, row)) in items.iter().zip(&positions) {
        let cy = y + row_h * (*row as f64) + row_h / 2.0;
        let swatch = 18.0 * m.k;
        match item.line {
            Some((width, dashed)) => {
                let stroke = (width * m.k).clamp(1.5 * m.k, 3.0 * m.k);
                let dash = dashed.then(|| format!("{:.1} {:.1}", 5.0 * m.k, 3.0 * m.k));
                let _ = writeln!(
                    svg.out,
                    r#"<line x1="{:.1}" y1="{cy:.1}" x2="{:.1}" y2="{cy:.1}" stroke="{}" stroke-width="{stroke:.2}" stroke-linecap="round"{}/>"#,
                    x + m.k,
                    x + swatch - m.k,
                    item.color.to_hex(),
                    dash_attr(dash.as_deref())
                );
            }
            None => {
                let s = 11.0 * m.k;
                svg.rect(
                    x + (swatch - s) / 2.0,
                    cy - s / 2.0,
                    s,
                    s,
                    item.color,
                    r#" rx="2""#,
                );
            }
        }
        let style = TextStyle::new(m.legend, page.pal.text, false, Anchor::Start);
        svg.text(
            x + swatch + 6.0 * m.k,
            cy + m.legend * 0.36,
            &item.name,
            &style,
        );
    }
    y + (row_h * rows as f64 + 8.0 * m.k)
}

/// A panel's y range in plotted space (log10 on log axes) and its ticks.
struct YAxis {
    y0: f64,
    y1: f64,
    ticks: Vec<(f64, String)>,
}

/// Where the panels go and what their axes span.
struct PanelLayout {
    /// Panels share one x axis (labels under the last one) when their axes are alike;
    /// otherwise each gets its own range and labels (the revenue view puts bars by miner above
    /// a curve against the BTC price).
    shared_x: bool,
    /// Multi-panel charts title each panel.
    titled: bool,
    tops: Vec<f64>,
    panel_h: f64,
    x_ranges: Vec<(f64, f64)>,
    y_axes: Vec<YAxis>,
    plot_left: f64,
    plot_right: f64,
    /// Pixel columns of the plot (the reduction of long series).
    columns: usize,
}

impl PanelLayout {
    fn new(spec: &ChartSpec, opts: &RenderOptions, page: &Page, top: f64, bottom: f64) -> Self {
        let m = &page.m;
        let n = spec.panels.len().max(1);
        let shared_x = spec
            .panels
            .windows(2)
            .all(|p| same_x_axis(&p[0].x, &p[1].x));
        let band = |x: &XAxis| match x {
            XAxis::Numeric { .. } => m.tick * 1.9 + m.axis * 1.6,
            _ => m.tick * 1.9,
        };
        let last_band = spec.panels.last().map_or(m.tick * 1.9, |p| band(&p.x));
        let inner_band = if shared_x {
            0.0
        } else {
            spec.panels.iter().map(|p| band(&p.x)).fold(0.0, f64::max)
        };
        let panel_title_h = if n > 1 { m.panel_title * 1.7 } else { 0.0 };
        let gap = if n > 1 { 14.0 * m.k } else { 0.0 };
        let plots_bottom = (bottom - last_band).max(top + 10.0);
        let panel_h = ((plots_bottom - top - (gap + inner_band) * (n as f64 - 1.0)) / n as f64
            - panel_title_h)
            .max(10.0);
        let tops: Vec<f64> = (0..n)
            .map(|i| top + (panel_h + panel_title_h + gap + inner_band) * i as f64 + panel_title_h)
            .collect();

        // Each panel's x range: the shared one, or its own (the zoom applies to time axes).
        let shared_range = x_extent(&spec.panels, opts.x_range);
        let x_ranges: Vec<(f64, f64)> = spec
            .panels
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if shared_x {
                    shared_range
                } else {
                    let zoom = if p.x == XAxis::Time {
                        opts.x_range
                    } else {
                        None
                    };
                    x_extent(&spec.panels[i..=i], zoom)
                }
            })
            .collect();

        // y ranges and ticks first: the widest tick label decides the left margin.
        let max_y_ticks = ((panel_h / (m.tick * 3.0)) as usize).clamp(2, 10);
        let y_axes: Vec<_> = spec
            .panels
            .iter()
            .enumerate()
            .map(|(i, panel)| {
                let fixed = opts.y_ranges.get(i).copied().flatten();
                let (x0, x1) = x_ranges[i];
                let (y0, y1) = y_extent(panel, x0, x1, fixed);
                YAxis {
                    y0,
                    y1,
                    ticks: y_ticks(panel, y0, y1, max_y_ticks),
                }
            })
            .collect();
        let widest = y_axes
            .iter()
            .flat_map(|a| a.ticks.iter().map(|(_, l)| text_width(l, m.tick, false)))
            .fold(0.0, f64::max);
        let has_y_label = spec.panels.iter().any(|p| !p.y_label.is_empty());
        let plot_left =
            page.left + if has_y_label { m.axis * 1.6 } else { 0.0 } + widest + 8.0 * m.k;
        let plot_w = (page.right - plot_left).max(10.0);
        PanelLayout {
            shared_x,
            titled: n > 1,
            tops,
            panel_h,
            x_ranges,
            y_axes,
            plot_left,
            plot_right: page.right,
            columns: (plot_w * page.scale).round().max(1.0) as usize,
        }
    }

    fn plot_w(&self) -> f64 {
        (self.plot_right - self.plot_left).max(10.0)
    }

    fn mapping(&self, i: usize, panel: &PanelSpec) -> Mapping {
        let (x0, x1) = self.x_ranges[i];
        let YAxis { y0, y1, .. } = self.y_axes[i];
        Mapping {
            frame: Frame {
                left: self.plot_left,
                top: self.tops[i],
                right: self.plot_right,
                bottom: self.tops[i] + self.panel_h,
            },
            x0,
            x1,
            y0,
            y1,
            log: panel.log_y,
        }
    }
}

/// The panel's title, background, grid, y labels and y-axis title.
fn draw_panel_frame(
    svg: &mut Svg,
    panel: &PanelSpec,
    layout: &PanelLayout,
    map: &Mapping,
    i: usize,
    page: &Page,
) {
    let (m, pal, frame) = (&page.m, &page.pal, map.frame);
    if layout.titled {
        let style = TextStyle::new(m.panel_title, pal.text, true, Anchor::Start);
        svg.text(
            layout.plot_left,
            frame.top - m.panel_title * 0.55,
            &panel.title,
            &style,
        );
    }
    svg.rect(
        frame.left,
        frame.top,
        frame.width(),
        frame.height(),
        pal.panel,
        "",
    );
    for (v, label) in &layout.y_axes[i].ticks {
        let cy = map.y_plotted(*v);
        svg.hline(frame.left, frame.right, cy, pal.grid, 1.0, None);
        svg.text(
            frame.left - 7.0 * m.k,
            cy + m.tick * 0.36,
            label,
            &page.muted(m.tick, Anchor::End),
        );
    }
    if !matches!(panel.x, XAxis::Categories(_)) {
        for (v, _) in &x_ticks(&panel.x, map.x0, map.x1, layout.plot_w(), m) {
            svg.vline(map.x(*v), frame.top, frame.bottom, pal.grid, 1.0);
        }
    }
    if !panel.y_label.is_empty() {
        svg.rotated_text(
            page.left + m.axis * 0.85,
            (frame.top + frame.bottom) / 2.0,
            &panel.y_label,
            &page.muted(m.axis, Anchor::Middle),
        );
    }
}

/// Reference lines and series clipped to the plot, then the reference-line and bar labels and
/// the axis line.
fn draw_panel_data(
    svg: &mut Svg,
    panel: &PanelSpec,
    map: &Mapping,
    i: usize,
    columns: usize,
    page: &Page,
) {
    let (m, pal, frame) = (&page.m, &page.pal, map.frame);
    let _ = writeln!(
        svg.out,
        r#"<clipPath id="plot{i}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/></clipPath><g clip-path="url(#plot{i})">"#,
        frame.left,
        frame.top,
        frame.width(),
        frame.height()
    );
    for r in &panel.ref_lines {
        if let Some(cy) = map.y(r.y) {
            let dash = format!("{:.1} {:.1}", 4.0 * m.k, 3.0 * m.k);
            svg.hline(
                frame.left,
                frame.right,
                cy,
                pal.reference,
                1.2 * m.k,
                Some(&dash),
            );
        }
    }
    for r in &panel.vlines {
        let cx = map.x(r.y);
        if cx >= frame.left && cx <= frame.right {
            let dash = format!("{:.1} {:.1}", 4.0 * m.k, 3.0 * m.k);
            let _ = writeln!(
                svg.out,
                r#"<line x1="{cx:.1}" y1="{:.1}" x2="{cx:.1}" y2="{:.1}" stroke="{}" stroke-width="{:.2}" stroke-dasharray="{dash}"/>"#,
                frame.top,
                frame.bottom,
                pal.reference.to_hex(),
                1.2 * m.k
            );
        }
    }
    for s in &panel.series {
        draw_series(svg, s, map, columns, m, pal);
    }
    svg.out.push_str("</g>\n");
    for r in &panel.vlines {
        let cx = map.x(r.y);
        if cx >= frame.left && cx <= frame.right && !r.label.is_empty() {
            svg.text_with(
                cx + 4.0 * m.k,
                frame.top + m.small * 1.1,
                &r.label,
                &page.muted(m.small, Anchor::Start),
                &halo(pal.panel, 3.0 * m.k),
            );
        }
    }
    // Reference-line labels at the right end, above the line.
    for r in &panel.ref_lines {
        if let Some(cy) = map.y(r.y)
            && cy > frame.top + m.small * 1.2
            && cy <= frame.bottom
            && !r.label.is_empty()
            && r.label != "0"
        {
            svg.text_with(
                frame.right - 6.0 * m.k,
                cy - 4.0 * m.k,
                &r.label,
                &page.muted(m.small, Anchor::End),
                &halo(pal.panel, 3.0 * m.k),
            );
        }
    }
    bar_labels(svg, panel, map, m, pal);
    svg.hline(frame.left, frame.right, frame.bottom, pal.axis, 1.0, None);
}

/// Deal and halving markers: a thin line in the deal's color across the panel (its hover text
/// the deal), and in the first time panel a short label at the top where it does not overlap
/// the previous one.
fn draw_markers(svg: &mut Svg, markers: &[EventMarker], map: &Mapping, labels: bool, page: &Page) {
    let (m, pal, frame) = (&page.m, &page.pal, map.frame);
    let mut last_label_end = f64::NEG_INFINITY;
    for mk in markers {
        if mk.day < map.x0 || mk.day > map.x1 {
            continue;
        }
        let cx = map.x(mk.day);
        let dash = if mk.symbol.is_empty() {
            format!(r#" stroke-dasharray="{:.1} {:.1}""#, 2.0 * m.k, 2.0 * m.k)
        } else {
            String::new()
        };
        let _ = writeln!(
            svg.out,
            r#"<line x1="{cx:.1}" y1="{:.1}" x2="{cx:.1}" y2="{:.1}" stroke="{}" stroke-opacity="0.7" stroke-width="{:.2}"{dash}><title>{}</title></line>"#,
            frame.top,
            frame.bottom,
            mk.color.to_hex(),
            m.k,
            escape(&mk.detail)
        );
        if labels {
            let w = text_width(&mk.label, m.small, false);
            let x = cx + 3.0 * m.k;
            if x > last_label_end + 4.0 * m.k && x + w < frame.right {
                let style = TextStyle::new(m.small, mk.color, false, Anchor::Start);
                svg.text_with(
                    x,
                    frame.bottom - 4.0 * m.k,
                    &mk.label,
                    &style,
                    &halo(pal.panel, 3.0 * m.k),
                );
                last_label_end = x + w;
            }
        }
    }
}

/// The x tick marks and labels under a panel, and a numeric axis' title.
fn draw_x_axis(svg: &mut Svg, panel: &PanelSpec, layout: &PanelLayout, map: &Mapping, page: &Page) {
    let (m, pal, frame) = (&page.m, &page.pal, map.frame);
    let plot_w = layout.plot_w();
    for (v, label) in &x_ticks(&panel.x, map.x0, map.x1, plot_w, m) {
        let cx = map.x(*v);
        let half = text_width(label, m.tick, false) / 2.0;
        // Keep the first and last labels inside the image (when there is room at all).
        let lo = layout.plot_left + half.min(plot_w / 2.0) - 4.0 * m.k;
        let hi = page.w - m.pad * 0.5 - half;
        let cx = if lo <= hi { cx.clamp(lo, hi) } else { cx };
        svg.vline(
            map.x(*v),
            frame.bottom,
            frame.bottom + 4.0 * m.k,
            pal.axis,
            1.0,
        );
        svg.text(
            cx,
            frame.bottom + 6.0 * m.k + m.tick,
            label,
            &page.muted(m.tick, Anchor::Middle),
        );
    }
    if let XAxis::Numeric { label, unit } = &panel.x {
        let text = if label.is_empty() {
            unit.suffix().to_owned()
        } else {
            label.clone()
        };
        svg.text(
            (layout.plot_left + layout.plot_right) / 2.0,
            frame.bottom + m.tick * 1.9 + m.axis * 1.2,
            &text,
            &page.muted(m.axis, Anchor::Middle),
        );
    }
}

#[cfg(test)]
mod tests;
