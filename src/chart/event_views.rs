//! The Events view: the average cumulative abnormal return around the deal announcements, with
//! its 95% band and each event's path thin behind it.

use super::axis::Unit;
use super::spec::{ChartSpec, Mark, PanelSpec, RefLine, SeriesSpec, View, XAxis};
use super::theme::ChartTheme;
use crate::analysis::events::{AverageCar, EventStudy};

pub const MEAN_ID: &str = "mean-car";
pub const BAND_ID: &str = "car-band";

/// Everything the Events view needs.
pub struct EventsContext<'a> {
    pub study: &'a EventStudy,
    /// The average of the events shown (all, a miner, a counterparty).
    pub average: &'a AverageCar,
    /// Which events are averaged: "all 21 events", "APLD (4 events)".
    pub selection: &'a str,
    pub theme: ChartTheme,
    pub source: &'a str,
}

const TITLE: &str = "Events: abnormal returns around the AI/HPC deal announcements";

pub fn events(ctx: &EventsContext<'_>) -> ChartSpec {
    let p = &ctx.study.params;
    let days: Vec<f64> = (p.path.0..=p.path.1).map(f64::from).collect();
    let mut panel = PanelSpec::new(
        "Cumulative abnormal return from day -5 (market model)",
        XAxis::Numeric {
            label: "Trading days from the announcement (day 0)".to_owned(),
            unit: Unit::Days,
        },
        "CAR (%)",
        Unit::Percent,
    );
    panel.ref_lines.push(RefLine {
        y: 0.0,
        label: "0".to_owned(),
    });
    panel.vlines.push(RefLine {
        y: 0.0,
        label: "Day 0".to_owned(),
    });
    let palette = ctx.theme.palette();
    let points = |values: &[Option<f64>]| -> Vec<[f64; 2]> {
        days.iter()
            .zip(values)
            .filter_map(|(d, v)| v.map(|v| [*d, v]))
            .collect()
    };
    let (lower, upper): (Vec<[f64; 2]>, Vec<[f64; 2]>) = days
        .iter()
        .zip(&ctx.average.path_band)
        .filter_map(|(d, b)| b.map(|(lo, hi)| ([*d, lo], [*d, hi])))
        .unzip();
    if !lower.is_empty() {
        panel.series.push(SeriesSpec {
            in_legend: true,
            id: BAND_ID.to_owned(),
            name: "95% band of the mean".to_owned(),
            color: palette.text_muted.mix(palette.panel, 0.55),
            unit: Unit::Percent,
            mark: Mark::Area {
                upper: upper.into(),
                lower: lower.into(),
            },
        });
    }
    for e in &ctx.study.events {
        let mut s = SeriesSpec::line(
            &e.id,
            &format!("{} {} ({})", e.symbol, e.counterparty, e.day0),
            ctx.theme.series_color(&e.symbol),
            Unit::Percent,
            points(&e.path),
        );
        if let Mark::Line { width, .. } = &mut s.mark {
            *width = 0.8;
        }
        s.in_legend = false;
        panel.series.push(s);
    }
    let mut mean = SeriesSpec::line(
        MEAN_ID,
        &format!("Mean CAR, {}", ctx.selection),
        palette.text,
        Unit::Percent,
        points(&ctx.average.path_mean),
    );
    if let Mark::Line { width, .. } = &mut mean.mark {
        *width = 2.8;
    }
    panel.series.push(mean);
    let headline = ctx
        .average
        .windows
        .iter()
        .map(|w| match (w.mean_car_pct, w.t) {
            (Some(m), Some(t)) => format!("[{:+},{:+}] {m:+.1}% (t {t:.1})", w.from, w.to),
            (Some(m), None) => format!("[{:+},{:+}] {m:+.1}%", w.from, w.to),
            _ => format!("[{:+},{:+}] –", w.from, w.to),
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let empty = ctx.study.events.is_empty();
    ChartSpec {
        view: View::Events,
        title: TITLE.to_owned(),
        subtitle: format!("Mean CAR of {}: {headline}", ctx.selection),
        panels: vec![panel],
        footer: format!(
            "Source: {} · deal ledger · market model on {} returns ending {} trading days before \
             day 0 (MacKinlay 1997) · MinerLens",
            ctx.source, p.estimation_days, p.gap_days
        ),
        empty_message: empty.then(|| {
            "No event could be studied: select miners with deals and enough history".to_owned()
        }),
        markers: Vec::new(),
    }
}
