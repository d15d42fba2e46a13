//! The formulas window and the assumptions editor: per-miner values that override the
//! fundamentals file for this portfolio, and the hosting contracts the model takes from the
//! deal ledger.

use std::collections::BTreeMap;

use super::RevenueState;
use crate::analysis::revenue;
use crate::analysis::revenue::inputs::field_problem;
use crate::chart::axis::trim_number;
use crate::model::deals::Deal;
use crate::model::fundamentals::{MinerField, MinerOverrides};
use crate::ui::cells::{Cell, cell_ui, number_text, parse_number};
use crate::ui::theme;

/// The formulas and assumptions windows. Returns `true` when an input changed, and sets
/// `open_ledger` when the user asked for the deal ledger.
pub fn windows_ui(
    ctx: &egui::Context,
    state: &mut RevenueState,
    overrides: &mut BTreeMap<String, MinerOverrides>,
    deals: &[Deal],
    open_ledger: &mut bool,
) -> bool {
    if state.show_formulas {
        let title = state.formulas_of;
        egui::Window::new(format!("Formulas: {title}"))
            .id(egui::Id::unique("model-formulas"))
            .open(&mut state.show_formulas)
            .default_width(800.0)
            .max_width(820.0)
            .default_height(560.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let text = crate::analysis::methodology_section(title).unwrap_or_default();
                    crate::ui::markdown::markdown_ui(ui, text);
                });
            });
    }
    let mut changed = false;
    if state.show_editor {
        let mut open = true;
        egui::Window::new("Revenue assumptions")
            .open(&mut open)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .default_size([1000.0, 680.0])
            .vscroll(true)
            .hscroll(true)
            .show(ctx, |ui| {
                changed = assumptions_ui(ui, state, overrides, deals, open_ledger)
            });
        state.show_editor = open;
    }
    changed
}

/// The assumptions editor: per-miner values, and the ledger's contracts. Returns `true` when
/// an override changed.
fn assumptions_ui(
    ui: &mut egui::Ui,
    state: &mut RevenueState,
    overrides: &mut BTreeMap<String, MinerOverrides>,
    deals: &[Deal],
    open_ledger: &mut bool,
) -> bool {
    let RevenueState {
        fundamentals,
        editor,
        resolved,
        ..
    } = state;
    let file = match fundamentals {
        Ok(f) => &*f,
        Err(e) => {
            ui.colored_label(theme::error(ui.ctx()), e.as_str());
            return false;
        }
    };
    let mut changed = false;
    let muted = theme::muted(ui.ctx());
    ui.label(
        egui::RichText::new(format!(
            "Defaults from the fundamentals file as of {}. Hover a value for its default and \
             source; edited values override the default for this portfolio.",
            file.as_of
        ))
        .color(muted),
    );
    if !file.note.is_empty() {
        ui.label(egui::RichText::new(&file.note).small().color(muted));
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                !overrides.is_empty(),
                egui::Button::new("Reset all to defaults"),
            )
            .clicked()
        {
            overrides.clear();
            editor.clear();
            changed = true;
        }
        let n = overrides.len();
        if n > 0 {
            ui.label(
                egui::RichText::new(format!("{n} miner{} edited", if n == 1 { "" } else { "s" }))
                    .color(muted),
            );
        }
    });
    ui.add_space(6.0);
    ui.strong("Miners");
    egui::Grid::new("revenue_assumptions_miners")
        .striped(true)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            ui.strong("Miner");
            for field in MinerField::ALL {
                let unit = match field.unit() {
                    "" => "count".to_owned(),
                    u => u.to_owned(),
                };
                ui.strong(format!("{}\n({unit})", field.name()));
            }
            ui.label("");
            ui.end_row();
            for m in &file.miners {
                let symbol = m.symbol.clone();
                let edited_row = overrides.get(&symbol).is_some_and(|o| !o.is_empty());
                ui.label(
                    egui::RichText::new(if edited_row {
                        format!("{symbol} *")
                    } else {
                        symbol.clone()
                    })
                    .strong(),
                )
                .on_hover_text(if edited_row {
                    format!("{}\n* edited: differs from the fundamentals file", m.name)
                } else {
                    m.name.clone()
                });
                for field in MinerField::ALL {
                    let (default, source) = field.default_of(m);
                    let current = overrides.get(&symbol).and_then(|o| field.overridden(o));
                    let value = current.unwrap_or(default);
                    let unit = field.unit();
                    let hover = format!(
                        "Default {} {unit}\nSource: {source}{}",
                        number_text(default),
                        if current.is_some() {
                            "\nEdited for this portfolio"
                        } else {
                            ""
                        }
                    );
                    let cell = Cell::new(
                        format!("miner/{symbol}/{field:?}"),
                        number_text(value),
                        format!("{symbol} {}", field.header()),
                    )
                    .hover(hover)
                    .edited(current.is_some());
                    let accepted = cell_ui(ui, editor, cell, |t| match parse_number(t) {
                        Ok(v) => field_problem(field, v),
                        Err(e) => Some(e),
                    });
                    if let Some(Ok(v)) = accepted.as_deref().map(parse_number) {
                        let o = overrides.entry(symbol.clone()).or_default();
                        field.set_override(o, (v != default).then_some(v));
                        if o.is_empty() {
                            overrides.remove(&symbol);
                        }
                        changed = true;
                    }
                }
                if ui
                    .add_enabled(edited_row, egui::Button::new("Reset").small())
                    .on_hover_text(format!("Return {symbol} to the fundamentals file's values"))
                    .clicked()
                {
                    overrides.remove(&symbol);
                    editor.forget(&format!("miner/{symbol}/"));
                    changed = true;
                }
                ui.end_row();
            }
        });

    ui.add_space(10.0);
    ui.strong("Hosting contracts (from the deal ledger)");
    ledger_contracts_ui(ui, file, deals, resolved.as_ref().map(|r| r.market.as_of));
    if ui
        .button("Edit the deal ledger…")
        .on_hover_text("Add, change or remove deals: the contracts above come from there")
        .clicked()
    {
        *open_ledger = true;
    }
    ui.add_space(6.0);
    ui.label(
        egui::RichText::new(
            "Limits: no negatives; efficiency 5 to 100 J/TH; uptime, pool fee and utilization 0 \
             to 100%. An invalid value is shown in red and the chart keeps the last valid one.",
        )
        .small()
        .color(muted),
    );
    changed
}

/// The contracts the model takes from the ledger, per miner, read-only.
fn ledger_contracts_ui(
    ui: &mut egui::Ui,
    file: &crate::model::fundamentals::FundamentalsFile,
    deals: &[Deal],
    as_of: Option<chrono::NaiveDate>,
) {
    let muted = theme::muted(ui.ctx());
    egui::Grid::new("revenue_assumptions_contracts")
        .striped(true)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "Miner",
                "Counterparty",
                "Kind",
                "MW",
                "USD per MW-year",
                "Bills from",
                "Ramp (months)",
                "Billable now (MW)",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for m in &file.miners {
                for d in deals.iter().filter(|d| d.symbol == m.symbol) {
                    let Some(c) = revenue::contract_of(d) else {
                        continue;
                    };
                    ui.label(egui::RichText::new(&m.symbol).strong());
                    ui.label(&d.counterparty).on_hover_text(&c.source);
                    ui.label(d.kind.label());
                    ui.label(trim_number(c.mw, 1));
                    ui.label(number_text(c.usd_per_mw_year.round()));
                    let (_, assumed) = d.billing_start_or_assumed();
                    ui.label(if assumed {
                        format!("{} (assumed)", c.start)
                    } else {
                        c.start.to_string()
                    });
                    ui.label(c.ramp_months.to_string());
                    ui.label(trim_number(
                        as_of.map_or(0.0, |day| revenue::billable_mw(&c, day)),
                        1,
                    ));
                    ui.end_row();
                }
            }
        });
    ui.label(
        egui::RichText::new(
            "Rate = contract value / term / MW. Deals without MW or value (financings, bids, \
             proposals) add no revenue.",
        )
        .small()
        .color(muted),
    );
}
