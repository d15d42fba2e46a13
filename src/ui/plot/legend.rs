//! The legend row above each panel, outside the plot so it never covers data: one toggle per
//! series in its color, and beside it the series' value at the crosshair (the hovered date of
//! any linked time panel, or the hovered category), else its last value, the way a trading
//! chart's legend reads.

use std::collections::BTreeSet;

use super::hover::{last_value, readout, value_at};
use super::{CachedMark, CachedSeries};
use crate::chart::axis;
use crate::chart::spec::XAxis;
use crate::ui::theme;

/// The crosshair shared by linked panels: the x the pointer was at in the last frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Crosshair {
    pub(super) x: f64,
    pub(super) frame: u64,
}

/// The crosshair of a link group, if a panel of it was hovered in this or the last frame.
pub(super) fn crosshair(ctx: &egui::Context, group: egui::Id) -> Option<f64> {
    let now = ctx.cumulative_frame_nr();
    ctx.data(|d| d.get_temp::<Crosshair>(group))
        .filter(|c| c.frame + 1 >= now)
        .map(|c| c.x)
}

pub(super) fn set_crosshair(ctx: &egui::Context, group: egui::Id, x: Option<f64>) {
    let frame = ctx.cumulative_frame_nr();
    if let Some(x) = x {
        let before = crosshair(ctx, group);
        ctx.data_mut(|d| d.insert_temp(group, Crosshair { x, frame }));
        if before != Some(x) {
            // The panels drawn before this one read the new x on the next frame.
            ctx.request_repaint();
        }
    }
}

/// Draws the legend row of a panel; pushes `(id, now_hidden)` for each clicked entry.
#[allow(clippy::too_many_arguments)]
pub(super) fn legend_row(
    ui: &mut egui::Ui,
    title: &str,
    series: &[CachedSeries],
    hidden: &BTreeSet<String>,
    at: Option<f64>,
    axis_kind: &XAxis,
    log: bool,
    toggles: &mut Vec<(String, bool)>,
) {
    let muted = theme::muted(ui.ctx());
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 6.0;
        if !title.is_empty() {
            ui.label(egui::RichText::new(title).small().color(muted));
        }
        if let Some(x) = at {
            let where_ = match axis_kind {
                XAxis::Time => axis::format_day(x),
                XAxis::Categories(labels) => labels
                    .get(x.round().max(0.0) as usize)
                    .cloned()
                    .unwrap_or_default(),
                XAxis::Numeric { unit, .. } => unit.format_value(x),
            };
            ui.label(egui::RichText::new(where_).small().strong());
        }
        for s in series {
            if !s.in_legend {
                continue;
            }
            // A heat map: its scale; the cells say their value under the pointer.
            if let CachedMark::Heat { scale, .. } = &s.mark {
                ui.label(egui::RichText::new(format!("{}: {scale}", s.name)).small());
                continue;
            }
            let is_hidden = hidden.contains(&s.id);
            let mut shown = !is_hidden;
            let color = if is_hidden { muted } else { s.color };
            let text = egui::RichText::new(&s.name).color(color);
            let r = ui.checkbox(&mut shown, text).on_hover_text(if is_hidden {
                "Hidden: click to show"
            } else {
                "Click to hide"
            });
            if r.changed() && !toggles.iter().any(|(id, _)| *id == s.id) {
                toggles.push((s.id.clone(), !shown));
            }
            if is_hidden {
                continue;
            }
            let value = match at {
                Some(x) => value_at(s, x, axis_kind, log),
                None => last_value(s, log),
            };
            if let Some(v) = value {
                ui.label(egui::RichText::new(readout(s.unit, v)).small());
            }
        }
    });
}
