//! Refresh prices: fetches today's prices for the portfolio's symbols (or every loaded symbol)
//! in a background job, with a progress bar per symbol and a Cancel button, then a summary of
//! what was updated and what was not (and why). The Data sources… window edits the providers'
//! base URLs and the provider of each symbol (kept in the preferences).

use crate::data::fetch::{Provider, ProviderChoice, Stage};
use crate::ui::app::{Command, MinerLensApp};
use crate::ui::controllers::refresh::{RefreshCommand, RefreshSummary, RunningRefresh};
use crate::ui::theme;

/// Accessible labels the GUI tests use.
pub const REFRESH_BUTTON: &str = "Refresh prices";
/// The button in the symbol list's header.
pub const REFRESH_LIST_BUTTON: &str = "Refresh";
pub const REFRESH_WINDOW: &str = "Refresh prices";
pub const SOURCES_WINDOW: &str = "Data sources";
fn cmd(c: RefreshCommand) -> Command {
    Command::Refresh(c)
}

/// The refresh window (progress, then the summary) and the data sources window.
pub fn refresh_ui(ctx: &egui::Context, app: &MinerLensApp) -> Vec<Command> {
    let mut out = Vec::new();
    if let Some(r) = &app.refresh.running {
        out.extend(progress_window_ui(ctx, r));
    } else if let Some(s) = &app.refresh.summary {
        out.extend(summary_window_ui(ctx, s));
    }
    if app.refresh.show_sources {
        out.extend(sources_window_ui(ctx, app));
    }
    out
}

fn progress_window_ui(ctx: &egui::Context, r: &RunningRefresh) -> Vec<Command> {
    let mut out = Vec::new();
    let stages = r.stages.lock().map(|s| s.clone()).unwrap_or_default();
    egui::Window::new(REFRESH_WINDOW)
        .collapsible(false)
        .resizable(false)
        .default_width(420.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    egui::Grid::new("refresh_progress")
                        .num_columns(2)
                        .spacing([12.0, 4.0])
                        .show(ui, |ui| {
                            for (symbol, stage) in r.symbols.iter().zip(&stages) {
                                ui.label(symbol);
                                let (fraction, text) = match stage {
                                    Stage::Waiting => (0.0, "Waiting".to_owned()),
                                    Stage::Running(f) => (*f, format!("{:.0}%", f * 100.0)),
                                    Stage::Done => (1.0, "Done".to_owned()),
                                    Stage::Failed => (1.0, "Failed".to_owned()),
                                    Stage::Cancelled => (0.0, "Cancelled".to_owned()),
                                };
                                ui.add(
                                    egui::ProgressBar::new(fraction)
                                        .desired_width(260.0)
                                        .text(text),
                                );
                                ui.end_row();
                            }
                        });
                });
            ui.separator();
            ui.horizontal(|ui| {
                ui.spinner();
                if r.cancelling {
                    ui.label("Cancelling…");
                } else if ui.button("Cancel").clicked() {
                    out.push(cmd(RefreshCommand::Cancel));
                }
            });
        });
    ctx.request_repaint_after(std::time::Duration::from_millis(100));
    out
}

fn summary_window_ui(ctx: &egui::Context, s: &RefreshSummary) -> Vec<Command> {
    let mut out = Vec::new();
    let mut open = true;
    egui::Window::new(REFRESH_WINDOW)
        .id(egui::Id::unique("refresh_summary_window"))
        .open(&mut open)
        .collapsible(false)
        .default_width(760.0)
        .min_width(560.0)
        .show(ctx, |ui| {
            if s.cancelled {
                ui.strong("Cancelled: symbols not finished were left as they were");
            }
            egui::ScrollArea::vertical()
                .max_height(480.0)
                .show(ui, |ui| {
                    egui::Grid::new("refresh_summary")
                        .num_columns(3)
                        .striped(true)
                        .spacing([12.0, 4.0])
                        .show(ui, |ui| {
                            for h in ["Symbol", "Result", "Details"] {
                                ui.strong(h);
                            }
                            ui.end_row();
                            for line in &s.lines {
                                ui.label(&line.symbol);
                                if line.ok {
                                    ui.label("Updated");
                                    ui.vertical(|ui| {
                                        ui.label(&line.text);
                                        for n in &line.notes {
                                            ui.label(
                                                egui::RichText::new(n)
                                                    .color(theme::muted(ui.ctx())),
                                            );
                                        }
                                    });
                                } else {
                                    ui.colored_label(theme::error(ui.ctx()), "Not updated");
                                    ui.add(
                                        egui::Label::new(
                                            egui::RichText::new(&line.text)
                                                .color(theme::error(ui.ctx())),
                                        )
                                        .wrap(),
                                    );
                                }
                                ui.end_row();
                            }
                        });
                });
            ui.separator();
            for f in &s.footer {
                ui.label(f);
            }
            ui.add_space(6.0);
            if ui.button("Close").clicked() {
                out.push(cmd(RefreshCommand::CloseSummary));
            }
        });
    if !open {
        out.push(cmd(RefreshCommand::CloseSummary));
    }
    out
}

fn sources_window_ui(ctx: &egui::Context, app: &MinerLensApp) -> Vec<Command> {
    let mut out = Vec::new();
    let mut sources = app.prefs.data_sources.clone();
    let mut open = true;
    egui::Window::new(SOURCES_WINDOW)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.strong("Base addresses");
            ui.label(
                egui::RichText::new(
                    "Empty uses the provider's own address. An environment variable \
                     MINERLENS_<PROVIDER>_URL overrides both (proxies, tests).",
                )
                .color(theme::muted(ui.ctx())),
            );
            egui::Grid::new("sources_urls")
                .num_columns(3)
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    for p in Provider::ALL {
                        let label = ui.label(p.label());
                        let text = sources.base_urls.entry(p.key().to_owned()).or_default();
                        ui.add(
                            egui::TextEdit::singleline(text)
                                .hint_text(p.default_base_url())
                                .min_size(egui::vec2(300.0, 0.0))
                                .desired_width(300.0),
                        )
                        .labelled_by(label.id);
                        let origin = sources.base_url_origin(p);
                        if origin == "environment" {
                            ui.label(
                                egui::RichText::new(format!("{} is set", p.env_var()))
                                    .color(theme::muted(ui.ctx())),
                            )
                            .on_hover_text(sources.base_url(p));
                        } else {
                            ui.label("");
                        }
                        ui.end_row();
                    }
                });
            sources.base_urls.retain(|_, v| !v.trim().is_empty());
            ui.separator();
            ui.strong("Provider per symbol");
            ui.label(
                egui::RichText::new(
                    "Automatic: Yahoo Finance, and Coinbase for crypto pairs (…-USD) when Yahoo \
                     fails.",
                )
                .color(theme::muted(ui.ctx())),
            );
            let symbols = app
                .data
                .as_ref()
                .map(|d| d.symbols().map(str::to_owned).collect::<Vec<_>>())
                .unwrap_or_default();
            egui::ScrollArea::vertical()
                .max_height(200.0)
                .show(ui, |ui| {
                    egui::Grid::new("sources_symbols")
                        .num_columns(2)
                        .spacing([12.0, 4.0])
                        .show(ui, |ui| {
                            for symbol in &symbols {
                                let label = ui.label(symbol);
                                let mut choice = sources.choice(symbol);
                                let combo = egui::ComboBox::from_id_salt(("provider", symbol))
                                    .selected_text(choice.label())
                                    .show_ui(ui, |ui| {
                                        for c in ProviderChoice::ALL {
                                            ui.selectable_value(&mut choice, c, c.label());
                                        }
                                    });
                                combo.response.labelled_by(label.id);
                                if choice == ProviderChoice::Auto {
                                    sources.symbol_providers.remove(symbol);
                                } else {
                                    sources.symbol_providers.insert(symbol.clone(), choice);
                                }
                                ui.end_row();
                            }
                        });
                });
            ui.add_space(6.0);
            if ui.button("Close").clicked() {
                out.push(cmd(RefreshCommand::CloseSources));
            }
        });
    if sources != app.prefs.data_sources {
        out.push(cmd(RefreshCommand::SetSources(sources)));
    }
    if !open {
        out.push(cmd(RefreshCommand::CloseSources));
    }
    out
}
