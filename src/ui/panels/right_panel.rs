//! The right-hand panel: the table of the current view (divergence, the per-miner model
//! tables, events, exposure) or the holdings editor. Its body scrolls both ways, so a wide table
//! never pushes the panel over the chart.

use crate::model::options::View;
use crate::ui::app::{Command, MinerLensApp, RightTab};
use crate::ui::controllers;

use super::{events, exposure, holdings, revenue, table};

pub fn right_panel_ui(ui: &mut egui::Ui, app: &mut MinerLensApp) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        for (tab, label) in [
            (RightTab::Divergence, "Table"),
            (RightTab::Holdings, "Holdings"),
        ] {
            if ui.selectable_label(app.right_tab == tab, label).clicked() {
                commands.push(Command::SetRightTab(tab));
            }
        }
    });
    ui.separator();
    let view = app.doc.portfolio.view;
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| match app.right_tab {
            RightTab::Divergence if revenue::is_revenue_view(view) => {
                revenue::table_ui(ui, &app.revenue, view);
            }
            RightTab::Divergence if view == View::Events => {
                if let Some(csv) = events::table_ui(ui, &mut app.events) {
                    commands.push(Command::Export(
                        controllers::export::ExportCommand::ExportTableCsv(csv),
                    ));
                }
            }
            RightTab::Divergence if view == View::Exposure => {
                let analysis = app.derived.as_ref().and_then(|d| d.analysis.as_ref().ok());
                exposure::table_ui(ui, &mut app.exposure, analysis);
            }
            RightTab::Divergence => commands.extend(table::divergence_table_ui(ui, app)),
            RightTab::Holdings => commands.extend(holdings::holdings_ui(ui, app)),
        });
    commands
}
