//! Ticks, labels and tooltips of the three kinds of x axis (dates, categories, numbers) and of
//! the value axis (linear or log).

use std::ops::RangeInclusive;

use egui_plot::{GridInput, GridMark, HoverPosition, Plot};

use super::PX_PER_DATE_LABEL;
use crate::chart::axis::{self, Unit};
use crate::chart::spec::{PanelSpec, XAxis};

pub(super) fn configure_axes<'a>(
    plot: Plot<'a>,
    panel: &PanelSpec,
    width_px: f32,
    height_px: f32,
    log: bool,
) -> Plot<'a> {
    let unit = panel.y_unit;
    let mut plot = plot.y_axis_formatter(move |mark: GridMark, _range: &RangeInclusive<f64>| {
        let v = if log {
            10f64.powf(mark.value)
        } else {
            mark.value
        };
        unit.format_tick(v)
    });
    // The value ticks of the exported image: 1-2-5 steps (and their log counterpart), about one
    // per 32 points of height (a short panel still gets three or four labelled values).
    let y_ticks = ((height_px / 32.0).max(3.0) as usize).min(12);
    plot = plot.y_grid_spacer(move |input: GridInput| {
        let (lo, hi) = input.bounds;
        let values: Vec<f64> = if log {
            axis::log_scale_ticks(10f64.powf(lo), 10f64.powf(hi), y_ticks)
                .into_iter()
                .map(f64::log10)
                .collect()
        } else {
            axis::value_ticks(lo, hi, y_ticks)
        };
        let step = match values.as_slice() {
            [a, b, ..] => (b - a).abs(),
            _ => (hi - lo).abs(),
        };
        values
            .into_iter()
            .map(|value| GridMark {
                value,
                step_size: step,
            })
            .collect()
    });
    let max_ticks = (width_px / PX_PER_DATE_LABEL).max(2.0) as usize;
    match &panel.x {
        XAxis::Time => plot
            .x_grid_spacer(move |input: GridInput| {
                let ticks = axis::date_ticks(input.bounds.0, input.bounds.1, max_ticks);
                // egui_plot labels a mark when step_size (in points) leaves room for the text.
                let step = match ticks.as_slice() {
                    [a, b, ..] => b.value - a.value,
                    _ => input.bounds.1 - input.bounds.0,
                };
                ticks
                    .into_iter()
                    .map(|t| GridMark {
                        value: t.value,
                        step_size: if t.major { step * 2.0 } else { step },
                    })
                    .collect()
            })
            .x_axis_formatter(move |mark: GridMark, range: &RangeInclusive<f64>| {
                // A label centred closer to the plot's right edge than half its width would be
                // cut ("Jan 202"): leave it out.
                let span = (range.end() - range.start()).max(1e-9);
                let px_to_edge = (range.end() - mark.value) / span * f64::from(width_px);
                if px_to_edge < f64::from(PX_PER_DATE_LABEL) / 3.0 {
                    return String::new();
                }
                axis::date_ticks(*range.start(), *range.end(), max_ticks)
                    .into_iter()
                    .find(|t| t.value == mark.value)
                    .map(|t| t.label)
                    .unwrap_or_default()
            })
            .label_formatter(move |pos: &HoverPosition<'_>| hover_text(pos, unit, log, None)),
        XAxis::Categories(labels) => {
            let labels_fmt = labels.clone();
            let labels_hover = labels.clone();
            plot.x_grid_spacer(|input: GridInput| {
                let (lo, hi) = input.bounds;
                (lo.ceil() as i64..=hi.floor() as i64)
                    .map(|i| GridMark {
                        value: i as f64,
                        step_size: 1.0,
                    })
                    .collect()
            })
            .x_axis_formatter(move |mark: GridMark, _r: &RangeInclusive<f64>| {
                let i = mark.value.round();
                if (mark.value - i).abs() > 1e-9 || i < 0.0 {
                    return String::new();
                }
                labels_fmt.get(i as usize).cloned().unwrap_or_default()
            })
            .label_formatter(move |pos: &HoverPosition<'_>| {
                hover_text(pos, unit, log, Some(&labels_hover))
            })
            .show_grid([false, true])
        }
        XAxis::Numeric {
            label,
            unit: x_unit,
        } => {
            let x_unit = *x_unit;
            plot.x_axis_label(label.clone())
                .x_axis_formatter(move |mark: GridMark, _r: &RangeInclusive<f64>| {
                    x_unit.format_tick(mark.value)
                })
                .label_formatter(move |pos: &HoverPosition<'_>| match pos {
                    HoverPosition::NearDataPoint {
                        plot_name,
                        position,
                        ..
                    } => Some(format!(
                        "{plot_name}\n{}\n{}",
                        x_unit.format_value(position.x),
                        unit.format_value(position.y)
                    )),
                    HoverPosition::Elsewhere { .. } => None,
                })
        }
    }
}

/// Tooltip: series name, date (or category) and the value in the series' unit.
fn hover_text(
    pos: &HoverPosition<'_>,
    unit: Unit,
    log: bool,
    categories: Option<&[String]>,
) -> Option<String> {
    let HoverPosition::NearDataPoint {
        plot_name,
        position,
        ..
    } = pos
    else {
        return None;
    };
    let value = if log {
        10f64.powf(position.y)
    } else {
        position.y
    };
    let x_text = match categories {
        Some(labels) => labels
            .get(position.x.round().max(0.0) as usize)
            .cloned()
            .unwrap_or_default(),
        None => axis::format_day(position.x),
    };
    Some(format!(
        "{plot_name}\n{x_text}\n{}",
        unit.format_value(value)
    ))
}
