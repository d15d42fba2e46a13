//! Draws a [`ChartSpec`] with egui_plot. Plot points are converted once per spec and passed
//! borrowed; long series are reduced to min/max per pixel column for the visible x range, cached
//! by range and width, so a frame costs the same whatever the data's length.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use egui::{Color32, Id, Stroke};
use egui_plot::{
    Bar, BarChart, Corner, FilledArea, GridInput, GridMark, HLine, HoverPosition, ItemId, Legend,
    Line, LineStyle, Plot, PlotMemory, PlotPoint, PlotPoints,
};

use super::theme;
use crate::chart::axis::{self, Unit};
use crate::chart::reduce::{POINTS_PER_COLUMN_LIMIT, reduce_min_max_by};
use crate::chart::spec::{BarSpec, ChartSpec, Mark, PanelSpec, XAxis};

/// Pixels per date label on a time axis.
const PX_PER_DATE_LABEL: f32 = 90.0;

/// The egui-ready form of a chart, rebuilt only when its spec changes.
pub struct PlotCache {
    pub spec: ChartSpec,
    panels: Vec<Vec<CachedSeries>>,
    /// Each panel's data bounds (`PanelSpec::bounds`), computed once: scanning every point on
    /// every frame would cost more than drawing the reduced series.
    bounds: Vec<Option<[f64; 4]>>,
    /// Reduce long series per pixel column (on by default; off only to measure the difference).
    pub reduce: bool,
}

struct CachedSeries {
    id: String,
    name: String,
    color: Color32,
    mark: CachedMark,
}

enum CachedMark {
    Line {
        full: Vec<PlotPoint>,
        /// Reduced points and the (x_min, x_max, columns) they were made for.
        reduced: Option<((u64, u64, usize), Vec<PlotPoint>)>,
        width: f32,
        dashed: bool,
    },
    Bars {
        bars: Vec<BarSpec>,
        width: f64,
    },
    Area {
        xs: Vec<f64>,
        lower: Vec<f64>,
        upper: Vec<f64>,
    },
}

/// What happened while drawing.
#[derive(Default, Debug)]
pub struct PlotOutput {
    /// Series the user hid (`true`) or showed (`false`) by clicking the legend.
    pub legend_toggles: Vec<(String, bool)>,
    /// Ids of the series that were drawn (not hidden), in order.
    pub drawn: Vec<String>,
    /// Screen rectangle of the whole chart (title to last plot), for "Copy image".
    pub rect: Option<egui::Rect>,
}

fn to_y(v: f64, log: bool) -> f64 {
    if log { v.max(1e-12).log10() } else { v }
}

impl PlotCache {
    pub fn new(spec: ChartSpec) -> Self {
        let panels = spec
            .panels
            .iter()
            .map(|panel| {
                panel
                    .series
                    .iter()
                    .map(|s| CachedSeries {
                        id: s.id.clone(),
                        name: s.name.clone(),
                        color: theme::color(s.color),
                        mark: match &s.mark {
                            Mark::Line {
                                points,
                                width,
                                dashed,
                            } => CachedMark::Line {
                                full: points
                                    .iter()
                                    .map(|p| PlotPoint::new(p[0], to_y(p[1], panel.log_y)))
                                    .collect(),
                                reduced: None,
                                width: *width,
                                dashed: *dashed,
                            },
                            Mark::Bars { bars, width } => CachedMark::Bars {
                                bars: bars.clone(),
                                width: *width,
                            },
                            Mark::Area { upper, lower } => CachedMark::Area {
                                xs: upper.iter().map(|p| p[0]).collect(),
                                lower: lower.iter().map(|p| p[1]).collect(),
                                upper: upper.iter().map(|p| p[1]).collect(),
                            },
                        },
                    })
                    .collect()
            })
            .collect();
        let bounds = spec.panels.iter().map(PanelSpec::bounds).collect();
        Self {
            spec,
            panels,
            bounds,
            reduce: true,
        }
    }

    /// Drops the cached reductions (they are rebuilt for the next frame's range and width).
    pub fn invalidate_reduction(&mut self) {
        for s in self.panels.iter_mut().flatten() {
            if let CachedMark::Line { reduced, .. } = &mut s.mark {
                *reduced = None;
            }
        }
    }
}

/// Plot id of a panel; shared by the time views so they keep one zoom.
pub fn plot_id(cache: &PlotCache, panel: usize) -> Id {
    let view = cache.spec.view;
    if view.is_time_view() {
        Id::unique(("minerlens-time-plot", panel))
    } else {
        Id::unique(("minerlens-plot", view.slug(), panel))
    }
}

/// Draws the chart filling the available space. `reset` returns every panel to the data bounds
/// (after a window preset).
pub fn chart_ui(
    ui: &mut egui::Ui,
    cache: &mut PlotCache,
    hidden: &BTreeSet<String>,
    reset: bool,
) -> PlotOutput {
    let mut out = PlotOutput::default();
    let top = ui.cursor().min;
    ui.vertical(|ui| {
        ui.label(egui::RichText::new(&cache.spec.title).strong().size(16.0));
        if !cache.spec.subtitle.is_empty() {
            ui.label(egui::RichText::new(&cache.spec.subtitle).color(theme::muted(ui.ctx())));
        }
    });
    if let Some(message) = &cache.spec.empty_message {
        ui.centered_and_justified(|ui| {
            ui.label(
                egui::RichText::new(message)
                    .size(18.0)
                    .color(theme::muted(ui.ctx())),
            );
        });
        out.rect = Some(egui::Rect::from_min_max(top, ui.max_rect().max));
        return out;
    }
    let n = cache.panels.len().max(1);
    let gap = 8.0;
    let total_h = ui.available_height();
    let panel_h = ((total_h - gap * (n as f32 - 1.0)) / n as f32).max(80.0);
    let width_px = ui.available_width().max(50.0);
    // The time views share one x axis; other views link only their own panels.
    let link_group = if cache.spec.view.is_time_view() {
        Id::unique("minerlens-time-axis")
    } else {
        Id::unique(("minerlens-axis", cache.spec.view.slug()))
    };
    for panel_index in 0..cache.panels.len() {
        let id = plot_id(cache, panel_index);
        let panel = &cache.spec.panels[panel_index];
        let log = panel.log_y;
        // Visible x range of the last frame (or the data's), for the per-column reduction.
        let data_bounds = cache.bounds.get(panel_index).copied().flatten();
        let memory = PlotMemory::load(ui.ctx(), id);
        let x_range = match (&memory, data_bounds, reset) {
            (Some(m), _, false) if m.bounds().is_valid() => {
                (m.bounds().min()[0], m.bounds().max()[0])
            }
            (_, Some(b), _) => (b[0], b[2]),
            _ => (0.0, 1.0),
        };
        let columns = width_px.round().max(1.0) as usize;
        let cache_reduce = cache.reduce;
        for series in &mut cache.panels[panel_index] {
            if let CachedMark::Line { full, reduced, .. } = &mut series.mark {
                let key = (x_range.0.to_bits(), x_range.1.to_bits(), columns);
                let needs =
                    cache_reduce && full.len() as f64 > POINTS_PER_COLUMN_LIMIT * columns as f64;
                if !needs {
                    *reduced = None;
                } else if reduced.as_ref().map(|(k, _)| *k) != Some(key) {
                    let r =
                        reduce_min_max_by(full, x_range.0, x_range.1, columns, |p| p.x, |p| p.y);
                    *reduced = Some((key, r));
                }
            }
        }
        let hidden_ids: Vec<ItemId> = cache.panels[panel_index]
            .iter()
            .filter(|s| hidden.contains(&s.id))
            .map(|s| ItemId::new(&s.id))
            .collect();
        let mut plot = Plot::new(id)
            .id(id)
            .height(panel_h)
            .allow_boxed_zoom(true)
            .allow_double_click_reset(true)
            .grid_color(theme::grid(ui.ctx()))
            .y_axis_label(&panel.y_label)
            .y_axis_min_width(48.0);
        let only_bars = panel
            .series
            .iter()
            .all(|s| matches!(s.mark, Mark::Bars { .. }));
        if only_bars {
            // Leave head room above the tallest bar (and below the lowest).
            if let Some(b) = data_bounds {
                let pad = (b[3] - b[1]).abs().max(1e-9) * 0.08;
                plot = plot.include_y(b[3] + pad).include_y(b[1] - pad);
            }
        }
        // One bar series needs no legend: the categories name the bars.
        if !(only_bars && panel.series.len() == 1) {
            plot = plot.legend(
                Legend::default()
                    .position(Corner::LeftTop)
                    .background_alpha(0.55)
                    .follow_insertion_order(true)
                    .hidden_items(hidden_ids.iter().copied()),
            );
        }
        if reset {
            plot = plot.reset();
        }
        plot = configure_axes(plot, panel, width_px, log);
        if let Some((lo, hi)) = panel.y_range {
            plot = plot.include_y(lo).include_y(hi);
        }
        if panel.x == XAxis::Time {
            plot = plot
                .link_axis(link_group, [true, false])
                .link_cursor(link_group, [true, false]);
        }
        let series = &cache.panels[panel_index];
        let reference = theme::reference(ui.ctx());
        let ref_lines = panel.ref_lines.clone();
        let response = plot.show(ui, |plot_ui| {
            for r in &ref_lines {
                plot_ui.hline(
                    HLine::new("", to_y(r.y, log))
                        .color(reference)
                        .style(LineStyle::dashed_dense())
                        .width(1.0)
                        .allow_hover(false),
                );
            }
            for s in series {
                match &s.mark {
                    CachedMark::Line {
                        full,
                        reduced,
                        width,
                        dashed,
                    } => {
                        let points: &[PlotPoint] = match reduced {
                            Some((_, r)) => r,
                            None => full,
                        };
                        let mut line = Line::new(&s.name, PlotPoints::Borrowed(points))
                            .id(&s.id)
                            .color(s.color)
                            .width(*width);
                        if *dashed {
                            line = line.style(LineStyle::dashed_loose());
                        }
                        plot_ui.line(line);
                    }
                    CachedMark::Bars { bars, width } => {
                        let bars = bars
                            .iter()
                            .map(|b| {
                                Bar::new(b.x, b.value)
                                    .base_offset(b.base)
                                    .fill(theme::color(b.color))
                                    .stroke(Stroke::NONE)
                                    .width(*width)
                                    .name(&b.label)
                            })
                            .collect();
                        plot_ui.bar_chart(
                            BarChart::new(&s.name, bars)
                                .id(&s.id)
                                .color(s.color)
                                // The bar's label already has the formatted value.
                                .element_formatter(Box::new(|bar, _| bar.name.clone())),
                        );
                    }
                    CachedMark::Area { xs, lower, upper } => {
                        plot_ui.add(
                            FilledArea::new(&s.name, xs, lower, upper)
                                .fill_color(s.color.gamma_multiply(0.85))
                                .stroke(Stroke::new(1.0, s.color))
                                .id(&s.id),
                        );
                    }
                }
            }
        });
        // If the reduction was made for another range than the one shown, draw again.
        let shown = response.transform.bounds();
        if cache.panels[panel_index].iter().any(|s| {
            matches!(
                &s.mark,
                CachedMark::Line {
                    reduced: Some(_),
                    ..
                }
            )
        }) && (shown.min()[0] != x_range.0 || shown.max()[0] != x_range.1)
        {
            ui.ctx().request_repaint();
        }
        // Legend clicks: compare egui_plot's hidden set with the one we asked for.
        if let Some(memory) = PlotMemory::load(ui.ctx(), id) {
            for s in &cache.panels[panel_index] {
                let now_hidden = memory.hidden_items.contains(&ItemId::new(&s.id));
                let was_hidden = hidden.contains(&s.id);
                if now_hidden != was_hidden && !out.legend_toggles.iter().any(|(i, _)| *i == s.id) {
                    out.legend_toggles.push((s.id.clone(), now_hidden));
                }
            }
        }
        for s in &cache.panels[panel_index] {
            if !hidden.contains(&s.id) && !out.drawn.contains(&s.id) {
                out.drawn.push(s.id.clone());
            }
        }
        if panel_index + 1 < cache.panels.len() {
            ui.add_space(gap);
        }
        let r = response.response.rect;
        out.rect = Some(match out.rect {
            Some(prev) => prev.union(r),
            None => egui::Rect::from_min_max(top, r.max),
        });
    }
    out
}

fn configure_axes<'a>(plot: Plot<'a>, panel: &PanelSpec, width_px: f32, log: bool) -> Plot<'a> {
    let unit = panel.y_unit;
    let mut plot = plot.y_axis_formatter(move |mark: GridMark, _range: &RangeInclusive<f64>| {
        let v = if log {
            10f64.powf(mark.value)
        } else {
            mark.value
        };
        unit.format_tick(v)
    });
    if log {
        plot = plot.y_grid_spacer(|input: GridInput| {
            let (lo, hi) = input.bounds;
            axis::log_ticks(10f64.powf(lo), 10f64.powf(hi), 8)
                .into_iter()
                .map(|v| GridMark {
                    value: v.log10(),
                    step_size: (hi - lo) / 8.0,
                })
                .collect()
        });
    }
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
