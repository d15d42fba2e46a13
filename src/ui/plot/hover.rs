//! Values under the pointer: each series at the crosshair's x (the legend readout), and the
//! labelled things egui_plot does not describe itself: heat-map cells, labelled points and deal
//! markers.

use egui_plot::{PlotPoint, PlotTransform};

use super::{CachedMark, CachedSeries, from_y};
use crate::chart::axis::Unit;
use crate::chart::spec::{EventMarker, XAxis};

/// A series' value at `x`: lines and areas at their last point on or before `x` (so a date
/// between two closes reads the earlier close), bars at the category under `x`. `None` when
/// `x` is before the series or outside the categories.
pub(super) fn value_at(s: &CachedSeries, x: f64, axis: &XAxis, log: bool) -> Option<f64> {
    match &s.mark {
        CachedMark::Line { full, .. } => {
            let i = full.partition_point(|p| p.x <= x);
            let p = full.get(i.checked_sub(1)?)?;
            // Far past the series' end (another symbol's longer history) reads nothing.
            if matches!(axis, XAxis::Time) && x - p.x > 7.0 {
                return None;
            }
            p.y.is_finite().then(|| from_y(p.y, log))
        }
        CachedMark::Area { xs, lower, upper } => {
            let i = xs.partition_point(|v| *v <= x).checked_sub(1)?;
            Some(upper.get(i)? - lower.get(i)?)
        }
        CachedMark::Bars { bars, .. } => {
            let cat = x.round();
            bars.iter()
                .find(|b| b.x.round() == cat)
                .map(|b| b.base + b.value)
        }
        CachedMark::Points { .. } | CachedMark::Heat { .. } => None,
    }
}

/// The last value of a series (the legend's value when nothing is hovered).
pub(super) fn last_value(s: &CachedSeries, log: bool) -> Option<f64> {
    match &s.mark {
        CachedMark::Line { full, .. } => full
            .iter()
            .rev()
            .find(|p| p.y.is_finite())
            .map(|p| from_y(p.y, log)),
        _ => None,
    }
}

/// The value as the legend writes it.
pub(super) fn readout(unit: Unit, v: f64) -> String {
    unit.format_value(v)
}

/// Text for what is under the pointer among the heat-map cells, labelled points and markers of
/// a panel (`None`: nothing of those).
pub(super) fn hover_label(
    series: &[CachedSeries],
    hidden: &std::collections::BTreeSet<String>,
    markers: &[EventMarker],
    pointer: PlotPoint,
    transform: &PlotTransform,
    x_unit: Option<Unit>,
) -> Option<String> {
    let screen = transform.position_from_point(&pointer);
    // Labelled points within 8 px.
    let mut best: Option<(f32, String)> = None;
    for s in series.iter().filter(|s| !hidden.contains(&s.id)) {
        if let CachedMark::Points { points, labels, .. } = &s.mark {
            for (i, p) in points.iter().enumerate() {
                let d = transform.position_from_point(p).distance(screen);
                if d <= 8.0 && best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                    let label = labels.get(i).cloned().unwrap_or_else(|| s.name.clone());
                    best = Some((d, label));
                }
            }
        }
    }
    if let Some((_, label)) = best {
        return Some(label);
    }
    for s in series.iter().filter(|s| !hidden.contains(&s.id)) {
        if let CachedMark::Heat { cells, .. } = &s.mark {
            for ([x0, x1, y0, y1], v, _) in cells {
                if pointer.x >= *x0 && pointer.x < *x1 && pointer.y >= *y0 && pointer.y < *y1 {
                    let x_text = x_unit.map_or_else(
                        || format!("{:.0}", (x0 + x1) / 2.0),
                        |u| u.format_value((x0 + x1) / 2.0),
                    );
                    return Some(format!(
                        "{}: {}\nat {x_text}, {}",
                        s.name,
                        s.unit.format_value(*v),
                        Unit::Exahash.format_value((y0 + y1) / 2.0)
                    ));
                }
            }
        }
    }
    // Deal markers within 4 px of the pointer's x.
    let near: Vec<&EventMarker> = markers
        .iter()
        .filter(|m| {
            let mx = transform
                .position_from_point(&PlotPoint::new(m.day, pointer.y))
                .x;
            (mx - screen.x).abs() <= 4.0
        })
        .collect();
    (!near.is_empty()).then(|| {
        near.iter()
            .map(|m| m.detail.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::Color32;

    fn line(points: &[[f64; 2]]) -> CachedSeries {
        CachedSeries {
            id: "A".into(),
            name: "A".into(),
            in_legend: true,
            color: Color32::WHITE,
            unit: Unit::Index,
            mark: CachedMark::Line {
                full: points.iter().map(|p| PlotPoint::new(p[0], p[1])).collect(),
                reduced: None,
                width: 1.0,
                dashed: false,
            },
        }
    }

    #[test]
    fn a_date_reads_the_close_on_or_before_it() {
        let s = line(&[[10.0, 100.0], [11.0, 101.0], [14.0, 99.0]]);
        let at = |x| value_at(&s, x, &XAxis::Time, false);
        assert_eq!(at(9.0), None);
        assert_eq!(at(10.0), Some(100.0));
        assert_eq!(at(12.5), Some(101.0));
        assert_eq!(at(14.0), Some(99.0));
        assert_eq!(at(40.0), None, "long after the series ends");
        assert_eq!(last_value(&s, false), Some(99.0));
        let log = line(&[[10.0, 2.0]]);
        assert_eq!(value_at(&log, 10.0, &XAxis::Time, true), Some(100.0));
    }
}
