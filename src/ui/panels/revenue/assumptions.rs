//! The formulas window and the assumptions editor: per-miner values and hosting contracts that
//! override the fundamentals file for this portfolio.

use std::collections::BTreeMap;

use super::RevenueState;
use super::editor::{Cell, CellKey, ContractField, Editor, cell_ui, number_text, parse_number};
use crate::analysis::revenue::inputs::field_problem;
use crate::analysis::revenue::{self, REVENUE_METHODOLOGY};
use crate::chart::axis::trim_number;
use crate::model::fundamentals::{HostingContract, MinerField, MinerOverrides};
use crate::ui::theme;

/// The formulas and assumptions windows. Returns `true` when an input changed.
pub fn windows_ui(
    ctx: &egui::Context,
    state: &mut RevenueState,
    overrides: &mut BTreeMap<String, MinerOverrides>,
) -> bool {
    if state.show_formulas {
        egui::Window::new("Revenue model")
            .open(&mut state.show_formulas)
            .default_width(600.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for paragraph in REVENUE_METHODOLOGY.lines() {
                        ui.label(paragraph);
                        ui.add_space(4.0);
                    }
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
            .show(ctx, |ui| changed = assumptions_ui(ui, state, overrides));
        state.show_editor = open;
    }
    changed
}

/// The assumptions editor: per-miner values and hosting contracts. Returns `true` when an
/// override changed.
fn assumptions_ui(
    ui: &mut egui::Ui,
    state: &mut RevenueState,
    overrides: &mut BTreeMap<String, MinerOverrides>,
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
            *editor = Editor::default();
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
                    let cell = Cell {
                        key: CellKey::Miner(symbol.clone(), field),
                        width: 64.0,
                        shown: number_text(value),
                        name: format!("{symbol} {}", field.header()),
                        hover,
                        edited: current.is_some(),
                    };
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
                    editor.cells.retain(|k, _| !key_is_for(k, &symbol));
                    changed = true;
                }
                ui.end_row();
            }
        });

    ui.add_space(10.0);
    ui.strong("Hosting contracts (colocation)");
    let as_of = resolved.as_ref().map(|r| r.market.as_of);
    let billable_header = match as_of {
        Some(d) => format!("Billable on {d}\n(MW)"),
        None => "Billable\n(MW)".to_owned(),
    };
    egui::Grid::new("revenue_assumptions_contracts")
        .striped(true)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            ui.strong("Miner");
            for f in ContractField::ALL {
                ui.strong(f.header().replacen(" (", "\n(", 1));
            }
            ui.strong(&billable_header);
            ui.label("");
            ui.end_row();
            for m in &file.miners {
                let symbol = m.symbol.clone();
                let defaults = &m.hosting_contracts;
                let contracts: Vec<HostingContract> = overrides
                    .get(&symbol)
                    .and_then(|o| o.hosting_contracts.clone())
                    .unwrap_or_else(|| defaults.clone());
                let mut new_list = contracts.clone();
                let mut remove = None;
                for (i, c) in contracts.iter().enumerate() {
                    ui.label(egui::RichText::new(&symbol).strong());
                    let default = defaults.get(i);
                    for f in ContractField::ALL {
                        let default_text = default.map(|d| f.text(d));
                        let shown = f.text(c);
                        let edited = default_text.as_ref() != Some(&shown);
                        let hover = match default {
                            Some(d) => format!(
                                "Default {}\nSource: {}",
                                default_text.unwrap_or_default(),
                                d.source
                            ),
                            None => format!("Added for this portfolio ({})", c.source),
                        };
                        let cell = Cell {
                            key: CellKey::Contract(symbol.clone(), i, f),
                            width: f.width(),
                            shown,
                            name: format!("{symbol} contract {} {}", i + 1, f.header()),
                            hover,
                            edited,
                        };
                        let accepted =
                            cell_ui(ui, editor, cell, |t| f.apply(t, &mut c.clone()).err());
                        if let Some(text) = accepted
                            && f.apply(&text, &mut new_list[i]).is_ok()
                        {
                            changed = true;
                        }
                    }
                    let billable = as_of.map_or(0.0, |d| revenue::billable_mw(c, d));
                    ui.label(trim_number(billable, 1));
                    if ui
                        .small_button("Remove")
                        .on_hover_text(format!("Remove this contract from {symbol}"))
                        .clicked()
                    {
                        remove = Some(i);
                    }
                    ui.end_row();
                }
                if let Some(i) = remove {
                    new_list.remove(i);
                    editor
                        .cells
                        .retain(|k, _| !matches!(k, CellKey::Contract(s, _, _) if *s == symbol));
                    changed = true;
                }
                if new_list != contracts {
                    set_contracts(overrides, &symbol, new_list, defaults);
                }
            }
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let miners: Vec<&str> = file.miners.iter().map(|m| m.symbol.as_str()).collect();
        let chosen = editor
            .add_for
            .clone()
            .filter(|s| miners.contains(&s.as_str()))
            .or_else(|| miners.first().map(|s| (*s).to_owned()));
        let mut pick = chosen.clone().unwrap_or_default();
        egui::ComboBox::from_label("Miner of the new contract")
            .selected_text(&pick)
            .show_ui(ui, |ui| {
                for s in &miners {
                    ui.selectable_value(&mut pick, (*s).to_owned(), *s);
                }
            });
        editor.add_for = Some(pick.clone());
        if ui
            .button("Add contract")
            .on_hover_text("A new colocation contract starting on the as-of date")
            .clicked()
            && let Some(m) = file.miner(&pick)
        {
            let mut list = overrides
                .get(&pick)
                .and_then(|o| o.hosting_contracts.clone())
                .unwrap_or_else(|| m.hosting_contracts.clone());
            list.push(HostingContract {
                tenant: "New tenant".to_owned(),
                mw: 100.0,
                usd_per_mw_year: 1_500_000.0,
                start: as_of.unwrap_or(file.as_of),
                ramp_months: 12,
                source: "added in the assumptions editor".to_owned(),
            });
            set_contracts(overrides, &pick, list, &m.hosting_contracts);
            changed = true;
        }
    });
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

fn key_is_for(key: &CellKey, symbol: &str) -> bool {
    match key {
        CellKey::Miner(s, _) | CellKey::Contract(s, _, _) => s == symbol,
    }
}

/// Stores a miner's contract list as an override, or drops the override when it equals the
/// file's list; drops the miner's entry when nothing is left overridden.
fn set_contracts(
    overrides: &mut BTreeMap<String, MinerOverrides>,
    symbol: &str,
    list: Vec<HostingContract>,
    defaults: &[HostingContract],
) {
    let o = overrides.entry(symbol.to_owned()).or_default();
    o.hosting_contracts = (list != defaults).then_some(list);
    if o.is_empty() {
        overrides.remove(symbol);
    }
}
