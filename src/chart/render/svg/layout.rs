//! What goes where: the legend rows, axis extents and ticks.

use super::geometry::{Metrics, to_plotted};
use super::text_width;
use crate::chart::axis;
use crate::chart::spec::{ChartSpec, Mark, PanelSpec, XAxis};
use crate::chart::theme::Rgb;

/// One legend entry.
pub(super) struct LegendItem {
    pub(super) name: String,
    pub(super) color: Rgb,
    /// Line width and dashing for line series; `None` draws a square.
    pub(super) line: Option<(f64, bool)>,
}

pub(super) fn legend_items(spec: &ChartSpec) -> Vec<LegendItem> {
    let mut out: Vec<LegendItem> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for s in spec.panels.iter().flat_map(|p| &p.series) {
        if !s.in_legend || !seen.insert(s.id.clone()) {
            continue;
        }
        let line = match &s.mark {
            Mark::Line { width, dashed, .. } => Some((f64::from(*width), *dashed)),
            _ => None,
        };
        let name = match &s.mark {
            Mark::HeatMap { lo, hi, .. } => format!(
                "{}: {}",
                s.name,
                crate::chart::spec::heat_scale_text(*lo, *hi, s.unit)
            ),
            _ => s.name.clone(),
        };
        out.push(LegendItem {
            name,
            color: s.color,
            line,
        });
    }
    out
}

/// Positions of the legend entries: (x, row) per item and the number of rows.
pub(super) fn legend_layout(
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
pub(super) fn y_ticks(panel: &PanelSpec, y0: f64, y1: f64, max_ticks: usize) -> Vec<(f64, String)> {
    let unit = panel.y_unit;
    if panel.log_y {
        let (lo, hi) = (10f64.powf(y0), 10f64.powf(y1));
        axis::log_scale_ticks(lo, hi, max_ticks)
            .into_iter()
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
pub(super) fn y_extent(
    panel: &PanelSpec,
    x0: f64,
    x1: f64,
    fixed: Option<(f64, f64)>,
) -> (f64, f64) {
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
            Mark::Line { points, .. } | Mark::Points { points, .. } => points
                .iter()
                .filter(|p| inside(p[0]))
                .for_each(|p| add(p[1])),
            Mark::HeatMap { .. } => {
                if let Some(b) = s.bounds() {
                    add(b[1]);
                    add(b[3]);
                }
            }
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
pub(super) fn same_x_axis(a: &XAxis, b: &XAxis) -> bool {
    match (a, b) {
        (XAxis::Time, XAxis::Time) => true,
        (XAxis::Categories(x), XAxis::Categories(y)) => x == y,
        (XAxis::Numeric { unit: u, .. }, XAxis::Numeric { unit: v, .. }) => u == v,
        _ => false,
    }
}

/// The x range of `panels`: the override, else their data.
pub(super) fn x_extent(panels: &[PanelSpec], fixed: Option<(f64, f64)>) -> (f64, f64) {
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
pub(super) fn x_ticks(x: &XAxis, x0: f64, x1: f64, plot_w: f64, m: &Metrics) -> Vec<(f64, String)> {
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
