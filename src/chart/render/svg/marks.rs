//! Series and bars drawn into a panel.

use std::fmt::Write as _;

use super::geometry::{Mapping, Metrics};
use super::text_width;
use super::writer::{Anchor, Svg, TextStyle, dash_attr, escape};
use crate::chart::axis::Unit;
use crate::chart::reduce::reduce_min_max;
use crate::chart::spec::{Mark, PanelSpec, SeriesSpec};
use crate::chart::theme::Palette;

/// The SVG path data of a line, reduced to the pixel columns of the plot; gaps where a value is
/// missing (or not positive on a log axis).
pub(super) fn line_path(points: &[[f64; 2]], map: &Mapping, columns: usize) -> String {
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

pub(super) fn area_path(upper: &[[f64; 2]], lower: &[[f64; 2]], map: &Mapping) -> String {
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

pub(super) fn draw_series(
    svg: &mut Svg,
    s: &SeriesSpec,
    map: &Mapping,
    columns: usize,
    m: &Metrics,
    pal: &Palette,
) {
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
        Mark::Points {
            points,
            labels,
            radius,
        } => {
            let r = f64::from(*radius) * m.k;
            for (i, p) in points.iter().enumerate() {
                let Some(cy) = map.y(p[1]) else { continue };
                if !p[0].is_finite() {
                    continue;
                }
                let title = labels.get(i).unwrap_or(&s.name);
                let _ = writeln!(
                    svg.out,
                    r#"<circle cx="{:.1}" cy="{cy:.1}" r="{r:.1}" fill="{color}" stroke="{}" stroke-width="{:.2}"><title>{}</title></circle>"#,
                    map.x(p[0]),
                    pal.panel.to_hex(),
                    1.5 * m.k,
                    escape(title)
                );
            }
        }
        Mark::HeatMap {
            xs,
            ys,
            values,
            colors,
            ..
        } => {
            let (hx, hy) = crate::chart::spec::heat_half_cell(xs, ys);
            let _ = writeln!(svg.out, "<g><title>{}</title>", escape(&s.name));
            for ((row, y), fills) in values.iter().zip(ys).zip(colors) {
                let (Some(ya), Some(yb)) = (map.y(y - hy), map.y(y + hy)) else {
                    continue;
                };
                for ((v, x), fill) in row.iter().zip(xs).zip(fills) {
                    let Some(v) = v else { continue };
                    let (xa, xb) = (map.x(x - hx), map.x(x + hx));
                    let _ = writeln!(
                        svg.out,
                        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}: {}</title></rect>"#,
                        xa.min(xb),
                        ya.min(yb),
                        (xb - xa).abs() + 0.5,
                        (yb - ya).abs() + 0.5,
                        fill.to_hex(),
                        escape(&s.name),
                        s.unit.format_value(*v)
                    );
                }
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
pub(super) fn bar_labels(
    svg: &mut Svg,
    panel: &PanelSpec,
    map: &Mapping,
    m: &Metrics,
    pal: &Palette,
) {
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
pub(super) fn value_label(unit: Unit, v: f64) -> String {
    unit.format_tick((v * 10.0).round() / 10.0)
}
