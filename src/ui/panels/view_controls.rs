//! The controls of the current view between the tabs and the chart: the revenue sliders
//! (revenue mix, capacity, economics), the event study's filter and settings, the exposure
//! factor picker.

use crate::model::options::View;
use crate::ui::app::{Command, MinerLensApp};

use super::{events, exposure, revenue};

pub fn view_controls_ui(ui: &mut egui::Ui, app: &mut MinerLensApp) -> Vec<Command> {
    let mut commands = Vec::new();
    let view = app.doc.portfolio.view;
    if revenue::is_revenue_view(view) && revenue::controls_ui(ui, &mut app.revenue, view) {
        app.dirty = true;
    }
    if view == View::Events {
        let mut miners: Vec<String> = app
            .deals
            .effective
            .iter()
            .map(|d| d.symbol.clone())
            .collect();
        miners.sort();
        miners.dedup();
        let mut open_ledger = false;
        if events::controls_ui(ui, &mut app.events, &miners, &mut open_ledger) {
            app.dirty = true;
        }
        if open_ledger {
            commands.push(Command::ShowDeals);
        }
    }
    if view == View::Exposure {
        let loaded: Vec<String> = app
            .data
            .as_ref()
            .map(|d| d.symbols().map(str::to_owned).collect())
            .unwrap_or_default();
        let (out, focus_changed) = exposure::controls_ui(
            ui,
            &mut app.exposure,
            &app.doc.portfolio.chart,
            &loaded,
            &app.doc.portfolio.exposure_factors,
        );
        commands.extend(out);
        app.dirty |= focus_changed;
    }
    commands
}
