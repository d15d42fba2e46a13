//! Toolkit-neutral chart descriptions: what to draw (series, axes, units, labels, colors), built
//! once per data or window change and drawn by two renderers (egui_plot on screen, SVG/PNG for
//! files).

use std::collections::BTreeSet;
use std::sync::Arc;

use super::axis::Unit;
use super::theme::Rgb;
pub use crate::model::options::View;

/// The horizontal axis of a panel.
#[derive(Clone, Debug, PartialEq)]
pub enum XAxis {
    /// Days since 1970-01-01.
    Time,
    /// One slot per label at x = 0, 1, 2 ...
    Categories(Vec<String>),
    /// A numeric axis with a label and unit (e.g. BTC price).
    Numeric { label: String, unit: Unit },
}

/// Half a heat-map cell's width and height: half the step between the first two x (and y)
/// values, 0.5 with a single value. A cell is centred on its (x, y).
pub fn heat_half_cell(xs: &[f64], ys: &[f64]) -> (f64, f64) {
    let half = |v: &[f64]| {
        if v.len() > 1 {
            (v[1] - v[0]).abs() / 2.0
        } else {
            0.5
        }
    };
    (half(xs), half(ys))
}

/// How a series is drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    Line {
        points: Arc<[[f64; 2]]>,
        width: f32,
        dashed: bool,
    },
    Bars {
        bars: Vec<BarSpec>,
        /// Bar width in x units.
        width: f64,
    },
    /// The band between `lower` and `upper` (same x values), for stacked areas.
    Area {
        upper: Arc<[[f64; 2]]>,
        lower: Arc<[[f64; 2]]>,
    },
    /// Dots with a hover text each (a switch point per miner).
    Points {
        points: Arc<[[f64; 2]]>,
        labels: Vec<String>,
        radius: f32,
    },
    /// Colored cells: `values[row][col]` at (`xs[col]`, `ys[row]`) (cell centres), in
    /// `colors[row][col]`: from the negative color (`lo`, or below) through the panel to the
    /// positive one (`hi`, or above), see `Palette::heat_color`.
    HeatMap {
        xs: Vec<f64>,
        ys: Vec<f64>,
        values: Vec<Vec<Option<f64>>>,
        colors: Vec<Vec<Rgb>>,
        lo: f64,
        hi: f64,
    },
}

/// A heat map's color scale in words, for legends: "-50% or less red, +50% or more green".
pub fn heat_scale_text(lo: f64, hi: f64, unit: super::axis::Unit) -> String {
    format!(
        "{} or less red, {} or more green",
        unit.format_tick(lo),
        unit.format_tick(hi)
    )
}

/// One bar: from `base` to `base + value` at `x`.
#[derive(Clone, Debug, PartialEq)]
pub struct BarSpec {
    pub x: f64,
    pub base: f64,
    pub value: f64,
    pub color: Rgb,
    /// Hover text.
    pub label: String,
}

/// A named series in a panel.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesSpec {
    /// Stable identity (the symbol), used for hiding and colors.
    pub id: String,
    /// Legend text.
    pub name: String,
    pub color: Rgb,
    pub unit: Unit,
    pub mark: Mark,
    /// Listed in the legend (the Events view's per-event paths are not: there may be dozens;
    /// hovering one names it).
    pub in_legend: bool,
}

impl SeriesSpec {
    pub fn line(id: &str, name: &str, color: Rgb, unit: Unit, points: Vec<[f64; 2]>) -> Self {
        SeriesSpec {
            in_legend: true,
            id: id.to_owned(),
            name: name.to_owned(),
            color,
            unit,
            mark: Mark::Line {
                points: points.into(),
                width: 1.6,
                dashed: false,
            },
        }
    }

    /// Number of points or bars.
    pub fn len(&self) -> usize {
        match &self.mark {
            Mark::Line { points, .. } => points.len(),
            Mark::Bars { bars, .. } => bars.len(),
            Mark::Area { upper, .. } => upper.len(),
            Mark::Points { points, .. } => points.len(),
            Mark::HeatMap { values, .. } => values.iter().map(Vec::len).sum(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// x and y extent, including bar bases and area lower edges.
    pub fn bounds(&self) -> Option<[f64; 4]> {
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        let mut add = |x: f64, y: f64| {
            if x.is_finite() && y.is_finite() {
                b[0] = b[0].min(x);
                b[1] = b[1].min(y);
                b[2] = b[2].max(x);
                b[3] = b[3].max(y);
            }
        };
        match &self.mark {
            Mark::Line { points, .. } => points.iter().for_each(|p| add(p[0], p[1])),
            Mark::Bars { bars, width } => bars.iter().for_each(|bar| {
                add(bar.x - width / 2.0, bar.base);
                add(bar.x + width / 2.0, bar.base + bar.value);
            }),
            Mark::Area { upper, lower } => upper
                .iter()
                .chain(lower.iter())
                .for_each(|p| add(p[0], p[1])),
            Mark::Points { points, .. } => points.iter().for_each(|p| add(p[0], p[1])),
            Mark::HeatMap { xs, ys, .. } => {
                let (hx, hy) = heat_half_cell(xs, ys);
                for x in xs {
                    for y in ys {
                        add(x - hx, y - hy);
                        add(x + hx, y + hy);
                    }
                }
            }
        }
        (b[0] <= b[2]).then_some(b)
    }
}

/// A horizontal reference line (the 100 line, zero, beta 1 ...).
#[derive(Clone, Debug, PartialEq)]
pub struct RefLine {
    pub y: f64,
    pub label: String,
}

/// One plot area. Stacked panels of a chart share the x axis.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelSpec {
    pub title: String,
    pub x: XAxis,
    /// Axis title, e.g. "Rebased (start = 100)".
    pub y_label: String,
    pub y_unit: Unit,
    pub log_y: bool,
    /// A fixed y range (correlation is always -1..1); `None` fits the data.
    pub y_range: Option<(f64, f64)>,
    pub series: Vec<SeriesSpec>,
    pub ref_lines: Vec<RefLine>,
    /// Vertical lines at x (`RefLine::y` holds the x value): today's BTC price.
    pub vlines: Vec<RefLine>,
}

impl PanelSpec {
    pub fn new(title: &str, x: XAxis, y_label: &str, y_unit: Unit) -> Self {
        PanelSpec {
            title: title.to_owned(),
            x,
            y_label: y_label.to_owned(),
            y_unit,
            log_y: false,
            y_range: None,
            series: Vec::new(),
            ref_lines: Vec::new(),
            vlines: Vec::new(),
        }
    }

    /// Data bounds `[x_min, y_min, x_max, y_max]` over all series and reference lines.
    pub fn bounds(&self) -> Option<[f64; 4]> {
        let mut out: Option<[f64; 4]> = None;
        for b in self.series.iter().filter_map(SeriesSpec::bounds) {
            out = Some(match out {
                None => b,
                Some(o) => [
                    o[0].min(b[0]),
                    o[1].min(b[1]),
                    o[2].max(b[2]),
                    o[3].max(b[3]),
                ],
            });
        }
        if let Some(o) = out.as_mut() {
            for r in &self.ref_lines {
                o[1] = o[1].min(r.y);
                o[3] = o[3].max(r.y);
            }
            if let Some((lo, hi)) = self.y_range {
                o[1] = lo;
                o[3] = hi;
            }
        }
        out
    }
}

/// A dated event drawn across the time panels: a deal of a shown symbol, or the halving.
#[derive(Clone, Debug, PartialEq)]
pub struct EventMarker {
    /// Days since 1970-01-01.
    pub day: f64,
    /// The series the marker belongs to (hidden with it); empty for the halving.
    pub symbol: String,
    pub color: Rgb,
    /// The flag's short text: "CoreWeave".
    pub label: String,
    /// The hover text: miner, counterparty, MW, value, term, source.
    pub detail: String,
}

/// A whole chart: title, stacked panels and a footer naming the data source and window.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSpec {
    pub view: View,
    pub title: String,
    pub subtitle: String,
    pub panels: Vec<PanelSpec>,
    pub footer: String,
    /// Shown instead of the plot when there is nothing to draw ("Select at least one symbol").
    pub empty_message: Option<String>,
    /// Deal and halving markers of the time panels.
    pub markers: Vec<EventMarker>,
}

impl ChartSpec {
    /// A copy without the series whose id is in `hidden` (what an export of the chart as shown
    /// contains).
    pub fn without(&self, hidden: &BTreeSet<String>) -> ChartSpec {
        let mut out = self.clone();
        for panel in &mut out.panels {
            panel.series.retain(|s| !hidden.contains(&s.id));
        }
        out.markers
            .retain(|m| m.symbol.is_empty() || !hidden.contains(&m.symbol));
        out
    }

    /// Every series name over all panels, without repeats (legend entries).
    pub fn legend(&self) -> Vec<(String, String, Rgb)> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for s in self.panels.iter().flat_map(|p| &p.series) {
            if s.in_legend && seen.insert(s.id.clone()) {
                out.push((s.id.clone(), s.name.clone(), s.color));
            }
        }
        out
    }

    pub fn series_count(&self) -> usize {
        self.panels.iter().map(|p| p.series.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_hiding() {
        let mut p = PanelSpec::new("t", XAxis::Time, "y", Unit::Index);
        p.series.push(SeriesSpec::line(
            "A",
            "A",
            Rgb(1, 2, 3),
            Unit::Index,
            vec![[0.0, 90.0], [10.0, 130.0]],
        ));
        p.series.push(SeriesSpec::line(
            "B",
            "B",
            Rgb(1, 2, 3),
            Unit::Index,
            vec![[5.0, 120.0]],
        ));
        p.ref_lines.push(RefLine {
            y: 80.0,
            label: "x".into(),
        });
        assert_eq!(p.bounds(), Some([0.0, 80.0, 10.0, 130.0]));
        let spec = ChartSpec {
            view: View::Performance,
            title: "t".into(),
            subtitle: String::new(),
            panels: vec![p],
            footer: String::new(),
            empty_message: None,
            markers: Vec::new(),
        };
        let hidden: BTreeSet<String> = ["A".to_string()].into();
        let shown = spec.without(&hidden);
        assert_eq!(shown.series_count(), 1);
        assert_eq!(shown.legend()[0].0, "B");
    }
}
