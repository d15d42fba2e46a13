//! The chart in the window: the title, then each panel with its legend row and its plot. Time
//! panels share one x axis and one crosshair. The plain mouse wheel zooms the x axis around the
//! pointer, Shift+wheel pans it, Ctrl+wheel zooms both axes, a drag pans, a right-drag zooms to
//! a box and a double click resets.

use std::collections::BTreeSet;

use egui::{Id, Stroke};
use egui_plot::{
    Bar, BarChart, FilledArea, HLine, ItemId, Line, LineStyle, MarkerShape, Plot, PlotMemory,
    PlotPoint, PlotPoints, Points, Polygon, VLine,
};

use super::axes::configure_axes;
use super::hover::hover_label;
use super::legend::{crosshair, legend_row, set_crosshair};
use super::{CachedMark, PlotCache, PlotOutput, plot_id, to_y};
use crate::chart::reduce::{POINTS_PER_COLUMN_LIMIT, reduce_min_max_by};
use crate::chart::spec::{EventMarker, Mark, PanelSpec, XAxis};
use crate::ui::theme;

/// Height kept for a panel's legend row when sizing the panels below it.
const LEGEND_ROW: f32 = 24.0;
/// Wheel points per e-fold of zoom.
const WHEEL_ZOOM_POINTS: f32 = 240.0;

/// Draws the chart filling the available space. `reset` returns every panel to the data bounds
/// (after a window preset).
// The panels share a crosshair, a link group and the sizes left for the panels below: the
// per-panel steps read and write those in order.
#[allow(clippy::too_many_lines)]
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
    let n = cache.panels.len();
    let gap = 8.0;
    let width_px = ui.available_width().max(50.0);
    // The time views share one x axis; other views link only their own panels.
    let link_group = if cache.spec.view.is_time_view() {
        Id::unique("minerlens-time-axis")
    } else {
        Id::unique(("minerlens-axis", cache.spec.view.slug()))
    };
    let markers: Vec<EventMarker> = cache
        .spec
        .markers
        .iter()
        .filter(|m| m.symbol.is_empty() || !hidden.contains(&m.symbol))
        .cloned()
        .collect();
    for panel_index in 0..n {
        let left = (n - panel_index) as f32;
        let below = left - 1.0;
        let id = plot_id(cache, panel_index);
        let panel = cache.spec.panels[panel_index].clone();
        let log = panel.log_y;
        let shares_crosshair = panel.x == XAxis::Time;
        let crosshair_group = if shares_crosshair {
            link_group
        } else {
            id.with("crosshair")
        };
        let single_bars =
            panel.series.len() == 1 && matches!(panel.series[0].mark, Mark::Bars { .. });
        let readout_x = crosshair(ui.ctx(), crosshair_group);
        if !single_bars {
            legend_row(
                ui,
                if n > 1 { &panel.title } else { "" },
                &cache.panels[panel_index],
                hidden,
                readout_x,
                &panel.x,
                log,
                &mut out.legend_toggles,
            );
        }
        let avail = ui.available_height() - below * (gap + LEGEND_ROW);
        let panel_h = (avail / left).max(90.0);
        reduce_for_view(cache, panel_index, ui, id, width_px, reset);
        let plot = build_plot(&panel, id, panel_h, width_px, log, link_group, reset, ui);
        let series = &cache.panels[panel_index];
        let reference = theme::reference(ui.ctx());
        let first_time_panel = panel.x == XAxis::Time
            && cache.spec.panels[..panel_index]
                .iter()
                .all(|p| p.x != XAxis::Time);
        let x_unit = match &panel.x {
            XAxis::Numeric { unit, .. } => Some(*unit),
            _ => None,
        };
        let response = plot.show(ui, |plot_ui| {
            wheel_zoom(plot_ui, panel.x == XAxis::Time);
            for r in &panel.ref_lines {
                plot_ui.hline(
                    HLine::new("", to_y(r.y, log))
                        .color(reference)
                        .style(LineStyle::dashed_dense())
                        .width(1.0)
                        .allow_hover(false),
                );
            }
            for r in &panel.vlines {
                plot_ui.vline(
                    VLine::new("", r.y)
                        .color(reference)
                        .style(LineStyle::dashed_dense())
                        .width(1.0)
                        .allow_hover(false),
                );
            }
            if panel.x == XAxis::Time {
                draw_marker_lines(plot_ui, &markers);
            }
            for s in series.iter().filter(|s| !hidden.contains(&s.id)) {
                draw_series(plot_ui, s);
            }
            let pointer = plot_ui.pointer_coordinate();
            let label = pointer.and_then(|p| {
                hover_label(
                    series,
                    hidden,
                    if panel.x == XAxis::Time {
                        &markers
                    } else {
                        &[]
                    },
                    p,
                    plot_ui.transform(),
                    x_unit,
                )
            });
            (pointer.map(|p| p.x), label)
        });
        let (pointer_x, label) = response.inner;
        // Labels are painted over the plot, not added as plot items: a text item counts in the
        // plot's automatic bounds, and one pinned to the top would push the top up every frame.
        let labels: Vec<(f64, &str, egui::Color32)> = if first_time_panel {
            markers
                .iter()
                .map(|m| (m.day, m.label.as_str(), theme::color(m.color)))
                .collect()
        } else {
            Vec::new()
        };
        let vline_labels: Vec<(f64, &str, egui::Color32)> = panel
            .vlines
            .iter()
            .filter(|r| !r.label.is_empty())
            .map(|r| (r.y, r.label.as_str(), reference))
            .collect();
        paint_labels(ui, &response.transform, &labels);
        paint_labels(ui, &response.transform, &vline_labels);
        paint_ref_labels(ui, &response.transform, &panel, log, reference);
        if response.response.contains_pointer() {
            set_crosshair(ui.ctx(), crosshair_group, pointer_x);
        }
        if let Some(text) = label {
            response.response.clone().on_hover_text_at_pointer(text);
        }
        // If the reduction was made for another range than the one shown, draw again.
        let shown = response.transform.bounds();
        out.panels.push(super::ShownPanel {
            frame: *response.transform.frame(),
            bounds: [
                shown.min()[0],
                shown.min()[1],
                shown.max()[0],
                shown.max()[1],
            ],
            readout_x,
        });
        let reduced_range = cache.panels[panel_index]
            .iter()
            .find_map(|s| match &s.mark {
                CachedMark::Line {
                    reduced: Some(((a, b, _), _)),
                    ..
                } => Some((f64::from_bits(*a), f64::from_bits(*b))),
                _ => None,
            });
        if reduced_range.is_some_and(|(a, b)| shown.min()[0] != a || shown.max()[0] != b) {
            ui.ctx().request_repaint();
        }
        for s in &cache.panels[panel_index] {
            if !hidden.contains(&s.id) && !out.drawn.contains(&s.id) {
                out.drawn.push(s.id.clone());
            }
        }
        if panel_index + 1 < n {
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

/// Reduces the long lines of a panel to the pixel columns of its visible x range (that of the
/// last frame, or the data's).
fn reduce_for_view(
    cache: &mut PlotCache,
    panel_index: usize,
    ui: &egui::Ui,
    id: Id,
    width_px: f32,
    reset: bool,
) {
    let data_bounds = cache.bounds.get(panel_index).copied().flatten();
    let memory = PlotMemory::load(ui.ctx(), id);
    let x_range = match (&memory, data_bounds, reset) {
        (Some(m), _, false) if m.bounds().is_valid() => (m.bounds().min()[0], m.bounds().max()[0]),
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
                let r = reduce_min_max_by(full, x_range.0, x_range.1, columns, |p| p.x, |p| p.y);
                *reduced = Some((key, r));
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn build_plot<'a>(
    panel: &PanelSpec,
    id: Id,
    panel_h: f32,
    width_px: f32,
    log: bool,
    link_group: Id,
    reset: bool,
    ui: &egui::Ui,
) -> Plot<'a> {
    let mut plot = Plot::new(id)
        .id(id)
        .height(panel_h)
        .allow_boxed_zoom(true)
        .allow_double_click_reset(true)
        // The plain wheel zooms (see `wheel_zoom`); Shift+wheel scrolls sideways.
        .allow_scroll([true, false])
        .grid_color(theme::grid(ui.ctx()))
        .y_axis_label(&panel.y_label)
        .y_axis_min_width(48.0);
    let only_bars = panel
        .series
        .iter()
        .all(|s| matches!(s.mark, Mark::Bars { .. }));
    let has_points = panel
        .series
        .iter()
        .any(|s| matches!(s.mark, Mark::Points { .. }));
    if (only_bars || has_points)
        && let Some(b) = panel.bounds()
    {
        // Leave head room above the tallest bar or point (and below the lowest): a dot on the
        // edge would be cut in half.
        let pad = (b[3] - b[1]).abs().max(1e-9) * 0.08;
        plot = plot.include_y(b[3] + pad).include_y(b[1] - pad);
    }
    if reset {
        plot = plot.reset();
    }
    plot = configure_axes(plot, panel, width_px, panel_h, log);
    if let Some((lo, hi)) = panel.y_range {
        plot = plot.include_y(to_y(lo, log)).include_y(to_y(hi, log));
    }
    if panel.x == XAxis::Time {
        plot = plot
            .link_axis(link_group, [true, false])
            .link_cursor(link_group, [true, false]);
    }
    plot
}

/// The plain wheel zooms the x axis (time panels) or both axes around the pointer; modified
/// wheels keep egui_plot's meaning.
fn wheel_zoom(plot_ui: &mut egui_plot::PlotUi<'_>, x_only: bool) {
    if !plot_ui.response().hovered() {
        return;
    }
    let (dy, plain) = plot_ui.ctx().input(|i| {
        (
            i.smooth_scroll_delta.y,
            i.modifiers.is_none() || i.modifiers == egui::Modifiers::NONE,
        )
    });
    if !plain || dy == 0.0 {
        return;
    }
    let factor = (dy / WHEEL_ZOOM_POINTS).exp();
    let zoom = if x_only {
        egui::vec2(factor, 1.0)
    } else {
        egui::vec2(factor, factor)
    };
    plot_ui.zoom_bounds_around_hovered(zoom);
}

/// Deal markers: a thin line in the deal's color (the halving dashed).
fn draw_marker_lines(plot_ui: &mut egui_plot::PlotUi<'_>, markers: &[EventMarker]) {
    for m in markers {
        let color = theme::color(m.color);
        let mut line = VLine::new("", m.day)
            .color(color.gamma_multiply(0.7))
            .width(1.0)
            .allow_hover(false);
        if m.symbol.is_empty() {
            line = line.style(LineStyle::dashed_dense());
        }
        plot_ui.vline(line);
    }
}

/// Short labels at the top of the plot beside their x, left to right, each where it does not
/// overlap the one before.
fn paint_labels(
    ui: &egui::Ui,
    transform: &egui_plot::PlotTransform,
    labels: &[(f64, &str, egui::Color32)],
) {
    let frame = *transform.frame();
    let painter = ui.painter().with_clip_rect(frame);
    let font = egui::TextStyle::Small.resolve(ui.style());
    let mut last_end = f32::NEG_INFINITY;
    for (x, text, color) in labels {
        let sx = transform.position_from_point_x(*x);
        if sx < frame.left() || sx > frame.right() {
            continue;
        }
        let pos = egui::pos2(sx + 3.0, frame.top() + 2.0);
        if pos.x <= last_end + 4.0 {
            continue;
        }
        let galley = painter.layout_no_wrap((*text).to_owned(), font.clone(), *color);
        last_end = pos.x + galley.size().x;
        painter.galley(pos, galley, *color);
    }
}

/// Reference-line labels at the right end, above the line, as in the exported image.
fn paint_ref_labels(
    ui: &egui::Ui,
    transform: &egui_plot::PlotTransform,
    panel: &PanelSpec,
    log: bool,
    color: egui::Color32,
) {
    let frame = *transform.frame();
    let painter = ui.painter().with_clip_rect(frame);
    let font = egui::TextStyle::Small.resolve(ui.style());
    for r in &panel.ref_lines {
        if r.label.is_empty() || r.label == "0" {
            continue;
        }
        let y = transform.position_from_point_y(to_y(r.y, log));
        if y < frame.top() + 12.0 || y > frame.bottom() {
            continue;
        }
        painter.text(
            egui::pos2(frame.right() - 6.0, y - 2.0),
            egui::Align2::RIGHT_BOTTOM,
            &r.label,
            font.clone(),
            color,
        );
    }
}

fn draw_series<'a>(plot_ui: &mut egui_plot::PlotUi<'a>, s: &'a super::CachedSeries) {
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
        CachedMark::Points { points, radius, .. } => {
            plot_ui.points(
                Points::new(&s.name, PlotPoints::Borrowed(points))
                    .id(&s.id)
                    .color(s.color)
                    .shape(MarkerShape::Circle)
                    .filled(true)
                    .radius(*radius)
                    .allow_hover(false),
            );
        }
        CachedMark::Heat { cells, .. } => {
            for (i, ([x0, x1, y0, y1], _, fill)) in cells.iter().enumerate() {
                let corners = vec![[*x0, *y0], [*x1, *y0], [*x1, *y1], [*x0, *y1]];
                plot_ui.polygon(
                    Polygon::new("", PlotPoints::new(corners))
                        .id(ItemId::new((&s.id, i)))
                        .fill_color(*fill)
                        .stroke(Stroke::NONE)
                        .allow_hover(false),
                );
            }
        }
    }
}
