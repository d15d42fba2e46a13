//! Draws a [`ChartSpec`] with egui_plot. Plot points are converted once per spec and passed
//! borrowed; long series are reduced to min/max per pixel column for the visible x range, cached
//! by range and width, so a frame costs the same whatever the data's length.
//!
//! - [`draw`]: the panels, stacked, their items and the wheel zoom.
//! - [`legend`]: the legend row above each panel, with each series' value at the crosshair
//!   (the hovered date, shared by the linked time panels) or its last value.
//! - [`hover`]: values under the pointer: series at a date, bars of a category, heat-map cells,
//!   labelled points and deal markers.
//! - [`axes`]: ticks and tooltips of the three kinds of x axis.

mod axes;
mod draw;
mod hover;
mod legend;

use egui::{Color32, Id};
use egui_plot::PlotPoint;

pub use draw::chart_ui;

use super::theme;
use crate::chart::spec::{BarSpec, ChartSpec, Mark, PanelSpec};

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
    in_legend: bool,
    color: Color32,
    unit: crate::chart::axis::Unit,
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
    Points {
        points: Vec<PlotPoint>,
        labels: Vec<String>,
        radius: f32,
    },
    /// Cells as (x0, x1, y0, y1, value, fill), and the color scale in words.
    Heat {
        cells: Vec<([f64; 4], f64, Color32)>,
        scale: String,
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
    /// Each panel as it was shown, top to bottom.
    pub panels: Vec<ShownPanel>,
}

/// A panel as drawn in the last frame: where it is, what range it shows and the date or value
/// its legend row read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShownPanel {
    /// The plot's frame on screen (inside the axes).
    pub frame: egui::Rect,
    /// Shown bounds `[x_min, y_min, x_max, y_max]` in plot coordinates (log10 on a log axis).
    pub bounds: [f64; 4],
    /// The crosshair x the legend row read its values at (`None`: the last values).
    pub readout_x: Option<f64>,
}

fn to_y(v: f64, log: bool) -> f64 {
    if log { v.max(1e-12).log10() } else { v }
}

fn from_y(v: f64, log: bool) -> f64 {
    if log { 10f64.powf(v) } else { v }
}

/// The heat map's cells: their extent, value and color.
fn heat_cells(
    xs: &[f64],
    ys: &[f64],
    values: &[Vec<Option<f64>>],
    colors: &[Vec<crate::chart::theme::Rgb>],
) -> Vec<([f64; 4], f64, Color32)> {
    let (hx, hy) = crate::chart::spec::heat_half_cell(xs, ys);
    let mut out = Vec::new();
    for ((row, y), fills) in values.iter().zip(ys).zip(colors) {
        for ((v, x), fill) in row.iter().zip(xs).zip(fills) {
            if let Some(v) = v {
                out.push(([x - hx, x + hx, y - hy, y + hy], *v, theme::color(*fill)));
            }
        }
    }
    out
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
                        in_legend: s.in_legend,
                        color: theme::color(s.color),
                        unit: s.unit,
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
                            Mark::Points {
                                points,
                                labels,
                                radius,
                            } => CachedMark::Points {
                                points: points
                                    .iter()
                                    .map(|p| PlotPoint::new(p[0], to_y(p[1], panel.log_y)))
                                    .collect(),
                                labels: labels.clone(),
                                radius: *radius,
                            },
                            Mark::HeatMap {
                                xs,
                                ys,
                                values,
                                colors,
                                lo,
                                hi,
                            } => CachedMark::Heat {
                                cells: heat_cells(xs, ys, values, colors),
                                scale: crate::chart::spec::heat_scale_text(*lo, *hi, s.unit),
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
