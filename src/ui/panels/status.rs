//! The status bar: where the data came from, its date range, and running jobs.

use super::super::app::MinerLensApp;
use super::super::theme;

pub fn status_bar_ui(ui: &mut egui::Ui, app: &MinerLensApp) {
    ui.horizontal(|ui| {
        match &app.data {
            Some(data) => {
                ui.label(&data.source)
                    .on_hover_text(crate::ui::controllers::refresh::status_hover(app));
                ui.separator();
                ui.label(format!("{} – {}", data.first, data.last));
                ui.separator();
                ui.label(format!("{} symbols", data.summaries.len()));
                if let Some(d) = &app.derived {
                    ui.separator();
                    ui.label(format!("Window {} – {}", d.window.from, d.window.to));
                }
            }
            None => {
                ui.label(egui::RichText::new("No data loaded").color(theme::muted(ui.ctx())));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for job in app.jobs.running() {
                let p = job.progress();
                if p > 0.0 {
                    ui.add(
                        egui::ProgressBar::new(p)
                            .desired_width(120.0)
                            .show_percentage(),
                    );
                } else {
                    ui.spinner();
                }
                ui.label(&job.label);
            }
        });
    });
}
