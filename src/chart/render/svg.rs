//! Lays a [`ChartSpec`] out on a fixed canvas and writes it as SVG: title, subtitle, a legend
//! row above the plots (so it never covers data), stacked panels sharing the x axis, ticks
//! labelled like the screen (`chart::axis`), reference lines, and the footer. The PNG renderer
//! rasterizes this same SVG, so both files look identical.

use std::fmt::Write as _;

use super::RenderOptions;
use super::text::width as text_width;
use crate::chart::axis::{self, Unit};
use crate::chart::fonts::FONT_FAMILY_CSS;
use crate::chart::reduce::reduce_min_max;
use crate::chart::spec::{ChartSpec, Mark, PanelSpec, SeriesSpec, XAxis};
use crate::chart::theme::{Palette, Rgb};

/// Font sizes and spacing, all proportional to the canvas.
struct Metrics {
    k: f64,
    pad: f64,
    title: f64,
    subtitle: f64,
    legend: f64,
    tick: f64,
    axis: f64,
    panel_title: f64,
    small: f64,
    footer: f64,
}

impl Metrics {
    fn new(width: f64, height: f64) -> Self {
        // 1 at 1100x1100 worth of pixels (about 1600x760): a window-like look at common sizes,
        // larger text on big canvases so a downscaled slide stays legible.
        let k = ((width * height).sqrt() / 1100.0).clamp(0.8, 1.7);
        Metrics {
            k,
            pad: 20.0 * k,
            title: 21.0 * k,
            subtitle: 13.5 * k,
            legend: 13.0 * k,
            tick: 12.0 * k,
            axis: 12.5 * k,
            panel_title: 13.0 * k,
            small: 11.5 * k,
            footer: 11.5 * k,
        }
    }
}

/// A rectangle in canvas units.
#[derive(Clone, Copy, Debug)]
struct Frame {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Frame {
    fn width(&self) -> f64 {
        self.right - self.left
    }
    fn height(&self) -> f64 {
        self.bottom - self.top
    }
}

/// Maps data to canvas coordinates for one panel.
struct Mapping {
    frame: Frame,
    x0: f64,
    x1: f64,
    /// y range in plotted space (log10 on log axes).
    y0: f64,
    y1: f64,
    log: bool,
}

impl Mapping {
    fn x(&self, x: f64) -> f64 {
        self.frame.left + (x - self.x0) / (self.x1 - self.x0) * self.frame.width()
    }
    /// Canvas y of a plotted-space value.
    fn y_plotted(&self, y: f64) -> f64 {
        self.frame.bottom - (y - self.y0) / (self.y1 - self.y0) * self.frame.height()
    }
    /// Canvas y of a data value; `None` where a log axis cannot show it.
    fn y(&self, v: f64) -> Option<f64> {
        let p = to_plotted(v, self.log)?;
        Some(self.y_plotted(p))
    }
}

fn to_plotted(v: f64, log: bool) -> Option<f64> {
    if !v.is_finite() {
        None
    } else if log {
        (v > 0.0).then(|| v.log10())
    } else {
        Some(v)
    }
}

/// The SVG being written.
struct Svg {
    out: String,
    family: &'static str,
}

/// Horizontal text alignment.
#[derive(Clone, Copy)]
enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

struct TextStyle {
    size: f64,
    color: Rgb,
    bold: bool,
    anchor: Anchor,
}

impl TextStyle {
    fn new(size: f64, color: Rgb, bold: bool, anchor: Anchor) -> Self {
        TextStyle {
            size,
            color,
            bold,
            anchor,
        }
    }
}

/// A label over data: outlined in the plot's background so crossing lines do not hide it.
fn halo(color: Rgb, width: f64) -> String {
    format!(
        r#" stroke="{}" stroke-width="{width:.1}" stroke-linejoin="round" paint-order="stroke""#,
        color.to_hex()
    )
}

impl Svg {
    fn text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle) {
        self.text_with(x, y, text, style, "");
    }

    fn text_with(&mut self, x: f64, y: f64, text: &str, style: &TextStyle, extra: &str) {
        let _ = write!(
            self.out,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{:.1}" fill="{}" text-anchor="{}"{}{extra}>{}</text>"#,
            style.size,
            style.color.to_hex(),
            style.anchor.svg(),
            if style.bold {
                r#" font-weight="bold""#
            } else {
                ""
            },
            escape(text)
        );
        self.out.push('\n');
    }

    fn rotated_text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle) {
        let _ = writeln!(
            self.out,
            r#"<text transform="translate({x:.1},{y:.1}) rotate(-90)" font-size="{:.1}" fill="{}" text-anchor="middle">{}</text>"#,
            style.size,
            style.color.to_hex(),
            escape(text)
        );
    }

    fn hline(&mut self, x0: f64, x1: f64, y: f64, color: Rgb, width: f64, dash: Option<&str>) {
        let y = snap(y);
        let _ = writeln!(
            self.out,
            r#"<line x1="{x0:.1}" y1="{y:.1}" x2="{x1:.1}" y2="{y:.1}" stroke="{}" stroke-width="{width:.2}"{}/>"#,
            color.to_hex(),
            dash_attr(dash)
        );
    }

    fn vline(&mut self, x: f64, y0: f64, y1: f64, color: Rgb, width: f64) {
        let x = snap(x);
        let _ = writeln!(
            self.out,
            r#"<line x1="{x:.1}" y1="{y0:.1}" x2="{x:.1}" y2="{y1:.1}" stroke="{}" stroke-width="{width:.2}"/>"#,
            color.to_hex()
        );
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Rgb, extra: &str) {
        let _ = writeln!(
            self.out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{}"{extra}/>"#,
            w.max(0.0),
            h.max(0.0),
            fill.to_hex()
        );
    }
}

fn dash_attr(dash: Option<&str>) -> String {
    dash.map(|d| format!(r#" stroke-dasharray="{d}""#))
        .unwrap_or_default()
}

/// Puts a 1-unit line on the middle of a pixel row so it stays crisp.
fn snap(v: f64) -> f64 {
    v.floor() + 0.5
}

/// XML text and attribute escaping.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// One legend entry.
struct LegendItem {
    name: String,
    color: Rgb,
    /// Line width and dashing for line series; `None` draws a square.
    line: Option<(f64, bool)>,
}

fn legend_items(spec: &ChartSpec) -> Vec<LegendItem> {
    let mut out: Vec<LegendItem> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for s in spec.panels.iter().flat_map(|p| &p.series) {
        if !seen.insert(s.id.clone()) {
            continue;
        }
        let line = match &s.mark {
            Mark::Line { width, dashed, .. } => Some((f64::from(*width), *dashed)),
            _ => None,
        };
        out.push(LegendItem {
            name: s.name.clone(),
            color: s.color,
            line,
        });
    }
    out
}

/// Positions of the legend entries: (x, row) per item and the number of rows.
fn legend_layout(
    items: &[LegendItem],
    m: &Metrics,
    left: f64,
    right: f64,
) -> (Vec<(f64, usize)>, usize) {
    let swatch = 18.0 * m.k;
    let gap = 6.0 * m.k;
    let spacing = 20.0 * m.k;
    let mut x = left;
    let mut row = 0;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let w = swatch + gap + text_width(&item.name, m.legend, false);
        if x > left && x + w > right {
            row += 1;
            x = left;
        }
        out.push((x, row));
        x += w + spacing;
    }
    let rows = if items.is_empty() { 0 } else { row + 1 };
    (out, rows)
}

/// Ticks of a value axis in plotted space with their labels.
fn y_ticks(panel: &PanelSpec, y0: f64, y1: f64, max_ticks: usize) -> Vec<(f64, String)> {
    let unit = panel.y_unit;
    if panel.log_y {
        let (lo, hi) = (10f64.powf(y0), 10f64.powf(y1));
        // 1-2-5 per decade needs more marks than a linear axis; they are unevenly spaced.
        let mut values = axis::log_ticks(lo, hi, max_ticks * 2);
        if values.len() < 3 {
            values = axis::value_ticks(lo, hi, max_ticks.min(6));
        }
        values
            .into_iter()
            .filter(|v| *v > 0.0)
            .map(|v| (v.log10(), unit.format_tick(v)))
            .collect()
    } else {
        axis::value_ticks(y0, y1, max_ticks)
            .into_iter()
            .map(|v| (v, unit.format_tick(v)))
            .collect()
    }
}

/// The y extent of a panel's data inside `[x0, x1]`, in plotted space, padded; or the override.
fn y_extent(panel: &PanelSpec, x0: f64, x1: f64, fixed: Option<(f64, f64)>) -> (f64, f64) {
    let log = panel.log_y;
    if let Some((lo, hi)) = fixed
        && let (Some(a), Some(b)) = (to_plotted(lo, log), to_plotted(hi, log))
        && b > a
    {
        return (a, b);
    }
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut add = |v: f64| {
        if let Some(p) = to_plotted(v, log) {
            lo = lo.min(p);
            hi = hi.max(p);
        }
    };
    let inside = |x: f64| x >= x0 && x <= x1;
    for s in &panel.series {
        match &s.mark {
            Mark::Line { points, .. } => points
                .iter()
                .filter(|p| inside(p[0]))
                .for_each(|p| add(p[1])),
            Mark::Bars { bars, .. } => bars.iter().filter(|b| inside(b.x)).for_each(|b| {
                add(b.base);
                add(b.base + b.value);
            }),
            Mark::Area { upper, lower } => upper
                .iter()
                .chain(lower.iter())
                .filter(|p| inside(p[0]))
                .for_each(|p| add(p[1])),
        }
    }
    for r in &panel.ref_lines {
        add(r.y);
    }
    if let Some((a, b)) = panel.y_range {
        add(a);
        add(b);
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-12 {
        let d = if lo.abs() > 1e-9 { lo.abs() * 0.1 } else { 1.0 };
        return (lo - d, hi + d);
    }
    let margin = (hi - lo) * 0.05;
    (lo - margin, hi + margin)
}

/// Whether two panels can share one x axis: both time, the same categories, or numbers in the
/// same unit.
fn same_x_axis(a: &XAxis, b: &XAxis) -> bool {
    match (a, b) {
        (XAxis::Time, XAxis::Time) => true,
        (XAxis::Categories(x), XAxis::Categories(y)) => x == y,
        (XAxis::Numeric { unit: u, .. }, XAxis::Numeric { unit: v, .. }) => u == v,
        _ => false,
    }
}

/// The x range of `panels`: the override, else their data.
fn x_extent(panels: &[PanelSpec], fixed: Option<(f64, f64)>) -> (f64, f64) {
    if let Some((a, b)) = fixed
        && a.is_finite()
        && b.is_finite()
        && b > a
    {
        return (a, b);
    }
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for b in panels.iter().filter_map(PanelSpec::bounds) {
        lo = lo.min(b[0]);
        hi = hi.max(b[2]);
    }
    if let Some(XAxis::Categories(labels)) = panels.first().map(|p| &p.x) {
        let n = labels.len().max(1) as f64;
        return (-0.6, n - 0.4);
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        return (lo - 1.0, hi + 1.0);
    }
    let margin = (hi - lo) * 0.01;
    (lo - margin, hi + margin)
}

/// x ticks (value, label), thinned until the labels do not overlap.
fn x_ticks(x: &XAxis, x0: f64, x1: f64, plot_w: f64, m: &Metrics) -> Vec<(f64, String)> {
    let gap = 14.0 * m.k;
    let fits = |ticks: &[(f64, String)]| {
        ticks.windows(2).all(|w| {
            let px = (w[1].0 - w[0].0) / (x1 - x0) * plot_w;
            let need = (text_width(&w[0].1, m.tick, false) + text_width(&w[1].1, m.tick, false))
                / 2.0
                + gap;
            px >= need
        })
    };
    match x {
        XAxis::Time => {
            let mut max = (plot_w / (80.0 * m.k)).max(2.0) as usize;
            loop {
                let ticks: Vec<(f64, String)> = axis::date_ticks(x0, x1, max)
                    .into_iter()
                    .filter(|t| t.value <= x1)
                    .map(|t| (t.value, t.label))
                    .collect();
                if max <= 2 || fits(&ticks) {
                    return ticks;
                }
                max -= 1;
            }
        }
        XAxis::Categories(labels) => {
            let first = x0.ceil().max(0.0) as usize;
            let last = (x1.floor().max(0.0) as usize).min(labels.len().saturating_sub(1));
            let mut step = 1;
            loop {
                let ticks: Vec<(f64, String)> = (first..=last)
                    .step_by(step)
                    .filter_map(|i| labels.get(i).map(|l| (i as f64, l.clone())))
                    .collect();
                if step >= labels.len().max(1) || fits(&ticks) {
                    return ticks;
                }
                step += 1;
            }
        }
        XAxis::Numeric { unit, .. } => {
            let mut max = (plot_w / (70.0 * m.k)).max(2.0) as usize;
            loop {
                let ticks: Vec<(f64, String)> = axis::value_ticks(x0, x1, max)
                    .into_iter()
                    .map(|v| (v, unit.format_tick(v)))
                    .collect();
                if max <= 2 || fits(&ticks) {
                    return ticks;
                }
                max -= 1;
            }
        }
    }
}

/// The SVG path data of a line, reduced to the pixel columns of the plot; gaps where a value is
/// missing (or not positive on a log axis).
fn line_path(points: &[[f64; 2]], map: &Mapping, columns: usize) -> String {
    let reduced = reduce_min_max(points, map.x0, map.x1, columns);
    let mut d = String::with_capacity(reduced.len() * 14);
    let mut pen_down = false;
    for p in &reduced {
        match map.y(p[1]) {
            Some(y) if p[0].is_finite() => {
                let x = map.x(p[0]);
                let _ = write!(d, "{}{x:.1},{y:.1}", if pen_down { 'L' } else { 'M' });
                pen_down = true;
            }
            _ => pen_down = false,
        }
    }
    d
}

fn area_path(upper: &[[f64; 2]], lower: &[[f64; 2]], map: &Mapping) -> String {
    let mut d = String::new();
    let mut first = true;
    let pts = upper.iter().chain(lower.iter().rev());
    for p in pts {
        if let Some(y) = map.y(p[1]) {
            let _ = write!(
                d,
                "{}{:.1},{y:.1}",
                if first { 'M' } else { 'L' },
                map.x(p[0])
            );
            first = false;
        }
    }
    if !d.is_empty() {
        d.push('Z');
    }
    d
}

/// Writes the chart as an SVG document.
pub fn render_svg(spec: &ChartSpec, opts: &RenderOptions) -> String {
    let spec = spec.without(&opts.hidden);
    let pal = opts.theme.palette();
    let (w, h) = (f64::from(opts.width), f64::from(opts.height));
    let m = Metrics::new(w, h);
    let scale = f64::from(opts.scale.max(1));
    let mut svg = Svg {
        out: String::with_capacity(64 * 1024),
        family: FONT_FAMILY_CSS,
    };
    let _ = writeln!(
        svg.out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {w} {h}" font-family="{}">"#,
        (w * scale).round(),
        (h * scale).round(),
        escape(svg.family)
    );
    let _ = writeln!(svg.out, "<title>{}</title>", escape(&spec.title));
    svg.rect(0.0, 0.0, w, h, pal.background, "");

    let content_left = m.pad;
    let content_right = w - m.pad;
    let mut y = m.pad;

    // Title and subtitle.
    let title_style = TextStyle::new(m.title, pal.text, true, Anchor::Start);
    svg.text(content_left, y + m.title * 0.95, &spec.title, &title_style);
    y += m.title * 1.35;
    if !spec.subtitle.is_empty() {
        let style = TextStyle::new(m.subtitle, pal.text_muted, false, Anchor::Start);
        svg.text(content_left, y + m.subtitle * 0.95, &spec.subtitle, &style);
        y += m.subtitle * 1.45;
    }
    y += 8.0 * m.k;

    // Footer at the bottom.
    let footer_base = h - m.pad * 0.75;
    let footer_style = TextStyle::new(m.footer, pal.text_muted, false, Anchor::Start);
    svg.text(content_left, footer_base, &spec.footer, &footer_style);
    let bottom_limit = footer_base - m.footer * 1.9;

    let has_data = spec
        .panels
        .iter()
        .any(|p| p.series.iter().any(|s| !s.is_empty()));
    let message = match (&spec.empty_message, has_data) {
        (Some(msg), _) => Some(msg.clone()),
        (None, false) => Some("No series to show".to_owned()),
        (None, true) => None,
    };
    if let Some(message) = message {
        let style = TextStyle::new(17.0 * m.k, pal.text_muted, false, Anchor::Middle);
        svg.text(w / 2.0, (y + bottom_limit) / 2.0, &message, &style);
        svg.out.push_str("</svg>\n");
        return svg.out;
    }

    // Legend rows above the plots.
    let items = legend_items(&spec);
    let (positions, rows) = legend_layout(&items, &m, content_left, content_right);
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
        let style = TextStyle::new(m.legend, pal.text, false, Anchor::Start);
        svg.text(
            x + swatch + 6.0 * m.k,
            cy + m.legend * 0.36,
            &item.name,
            &style,
        );
    }
    y += row_h * rows as f64 + 8.0 * m.k;

    // Vertical layout of the panels. Panels share one x axis (labels under the last one) when
    // their axes are alike; otherwise each gets its own range and labels (the revenue view puts
    // bars by miner above a curve against the BTC price).
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
    let plots_top = y;
    let plots_bottom = (bottom_limit - last_band).max(plots_top + 10.0);
    let panel_h = ((plots_bottom - plots_top - (gap + inner_band) * (n as f64 - 1.0)) / n as f64
        - panel_title_h)
        .max(10.0);
    let tops: Vec<f64> = (0..n)
        .map(|i| {
            plots_top + (panel_h + panel_title_h + gap + inner_band) * i as f64 + panel_title_h
        })
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
    let mut panel_axes = Vec::with_capacity(n);
    for (i, panel) in spec.panels.iter().enumerate() {
        let fixed = opts.y_ranges.get(i).copied().flatten();
        let (x0, x1) = x_ranges[i];
        let (y0, y1) = y_extent(panel, x0, x1, fixed);
        let ticks = y_ticks(panel, y0, y1, max_y_ticks);
        panel_axes.push((y0, y1, ticks));
    }
    let widest = panel_axes
        .iter()
        .flat_map(|(_, _, t)| t.iter().map(|(_, l)| text_width(l, m.tick, false)))
        .fold(0.0, f64::max);
    let has_y_label = spec.panels.iter().any(|p| !p.y_label.is_empty());
    let plot_left =
        content_left + if has_y_label { m.axis * 1.6 } else { 0.0 } + widest + 8.0 * m.k;
    let plot_right = content_right;
    let plot_w = (plot_right - plot_left).max(10.0);
    let columns = (plot_w * scale).round().max(1.0) as usize;

    let muted = |size: f64, anchor: Anchor| TextStyle::new(size, pal.text_muted, false, anchor);

    for (i, panel) in spec.panels.iter().enumerate() {
        let (y0, y1, yticks) = &panel_axes[i];
        let (x0, x1) = x_ranges[i];
        let xticks = x_ticks(&panel.x, x0, x1, plot_w, &m);
        let frame = Frame {
            left: plot_left,
            top: tops[i],
            right: plot_right,
            bottom: tops[i] + panel_h,
        };
        let map = Mapping {
            frame,
            x0,
            x1,
            y0: *y0,
            y1: *y1,
            log: panel.log_y,
        };
        if n > 1 {
            let style = TextStyle::new(m.panel_title, pal.text, true, Anchor::Start);
            svg.text(
                plot_left,
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
        // Grid.
        for (v, label) in yticks {
            let cy = map.y_plotted(*v);
            svg.hline(frame.left, frame.right, cy, pal.grid, 1.0, None);
            svg.text(
                frame.left - 7.0 * m.k,
                cy + m.tick * 0.36,
                label,
                &muted(m.tick, Anchor::End),
            );
        }
        if !matches!(panel.x, XAxis::Categories(_)) {
            for (v, _) in &xticks {
                svg.vline(map.x(*v), frame.top, frame.bottom, pal.grid, 1.0);
            }
        }
        if !panel.y_label.is_empty() {
            svg.rotated_text(
                content_left + m.axis * 0.85,
                (frame.top + frame.bottom) / 2.0,
                &panel.y_label,
                &muted(m.axis, Anchor::Middle),
            );
        }
        // Data, clipped to the plot.
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
        for s in &panel.series {
            draw_series(&mut svg, s, &map, columns, &m);
        }
        svg.out.push_str("</g>\n");
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
                    &muted(m.small, Anchor::End),
                    &halo(pal.panel, 3.0 * m.k),
                );
            }
        }
        bar_labels(&mut svg, panel, &map, &m, &pal);
        svg.hline(frame.left, frame.right, frame.bottom, pal.axis, 1.0, None);
        // x tick labels: under every panel when each has its own axis, else under the last.
        if !shared_x || i + 1 == n {
            for (v, label) in &xticks {
                let cx = map.x(*v);
                let half = text_width(label, m.tick, false) / 2.0;
                // Keep the first and last labels inside the image (when there is room at all).
                let lo = plot_left + half.min(plot_w / 2.0) - 4.0 * m.k;
                let hi = w - m.pad * 0.5 - half;
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
                    &muted(m.tick, Anchor::Middle),
                );
            }
            if let XAxis::Numeric { label, unit } = &panel.x {
                let text = if label.is_empty() {
                    unit.suffix().to_owned()
                } else {
                    label.clone()
                };
                svg.text(
                    (plot_left + plot_right) / 2.0,
                    frame.bottom + m.tick * 1.9 + m.axis * 1.2,
                    &text,
                    &muted(m.axis, Anchor::Middle),
                );
            }
        }
    }
    svg.out.push_str("</svg>\n");
    svg.out
}

fn draw_series(svg: &mut Svg, s: &SeriesSpec, map: &Mapping, columns: usize, m: &Metrics) {
    let color = s.color.to_hex();
    match &s.mark {
        Mark::Line {
            points,
            width,
            dashed,
        } => {
            let d = line_path(points, map, columns);
            if d.is_empty() {
                return;
            }
            // Miter joins cut to bevels at sharp turns: no spikes on jagged prices, and about
            // half the rasterizing time of round joins (see the README's benchmark).
            let stroke = f64::from(*width) * m.k;
            let dash = dashed.then(|| format!("{:.1} {:.1}", 7.0 * m.k, 4.0 * m.k));
            let _ = writeln!(
                svg.out,
                r#"<path d="{d}" fill="none" stroke="{color}" stroke-width="{stroke:.2}" stroke-miterlimit="2"{}><title>{}</title></path>"#,
                dash_attr(dash.as_deref()),
                escape(&s.name)
            );
        }
        Mark::Bars { bars, width } => {
            let _ = writeln!(svg.out, "<g><title>{}</title>", escape(&s.name));
            for b in bars {
                let (Some(ya), Some(yb)) = (map.y(b.base), map.y(b.base + b.value)) else {
                    continue;
                };
                let xa = map.x(b.x - width / 2.0);
                let xb = map.x(b.x + width / 2.0);
                svg.rect(
                    xa.min(xb),
                    ya.min(yb),
                    (xb - xa).abs(),
                    (yb - ya).abs(),
                    b.color,
                    "",
                );
            }
            svg.out.push_str("</g>\n");
        }
        Mark::Area { upper, lower } => {
            let d = area_path(upper, lower, map);
            if d.is_empty() {
                return;
            }
            let _ = writeln!(
                svg.out,
                r#"<path d="{d}" fill="{color}" fill-opacity="0.85" stroke="{color}" stroke-width="{:.2}"><title>{}</title></path>"#,
                m.k,
                escape(&s.name)
            );
        }
    }
}

/// Value labels at the end of each bar when there is room.
fn bar_labels(svg: &mut Svg, panel: &PanelSpec, map: &Mapping, m: &Metrics, pal: &Palette) {
    for s in &panel.series {
        let Mark::Bars { bars, width } = &s.mark else {
            continue;
        };
        let slot = (map.x(*width) - map.x(0.0)).abs();
        for b in bars {
            if b.x < map.x0 || b.x > map.x1 {
                continue;
            }
            let end = b.base + b.value;
            let label = value_label(s.unit, end);
            if text_width(&label, m.small, false) > slot + 10.0 * m.k {
                continue;
            }
            let Some(y_end) = map.y(end) else { continue };
            let above = b.value >= 0.0;
            let y = if above {
                y_end - 5.0 * m.k
            } else {
                y_end + 5.0 * m.k + m.small * 0.8
            };
            if y < map.frame.top + m.small || y > map.frame.bottom {
                continue;
            }
            let style = TextStyle::new(m.small, pal.text, false, Anchor::Middle);
            svg.text(map.x(b.x), y, &label, &style);
        }
    }
}

/// A bar's value label: its unit's tick format, one decimal.
fn value_label(unit: Unit, v: f64) -> String {
    unit.format_tick((v * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::spec::{RefLine, View};

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
}
