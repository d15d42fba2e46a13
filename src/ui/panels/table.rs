//! The divergence table beside the charts: sortable by any column, colored by sign.

use egui_extras::{Column, TableBuilder};

use super::super::app::{Command, MinerLensApp};
use super::super::theme;
use crate::analysis::DivergenceRow;

/// Sortable columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortColumn {
    Symbol,
    Return,
    Benchmark,
    Spread,
    Relative,
    Beta,
    Correlation,
    Volatility,
    Drawdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableState {
    pub sort: SortColumn,
    pub descending: bool,
}

impl Default for TableState {
    fn default() -> Self {
        Self {
            sort: SortColumn::Spread,
            descending: true,
        }
    }
}

fn key(row: &DivergenceRow, col: SortColumn) -> Option<f64> {
    match col {
        SortColumn::Symbol => None,
        SortColumn::Return => Some(row.return_pct),
        SortColumn::Benchmark => row.benchmark_return_pct,
        SortColumn::Spread => row.divergence_pp,
        SortColumn::Relative => row.relative_pct,
        SortColumn::Beta => row.beta,
        SortColumn::Correlation => row.correlation,
        SortColumn::Volatility => row.volatility_pct,
        SortColumn::Drawdown => Some(row.max_drawdown_pct),
    }
}

/// Sorts rows by a column; missing values always last.
pub fn sort_rows(rows: &mut [DivergenceRow], state: TableState) {
    rows.sort_by(|a, b| {
        let ord = if state.sort == SortColumn::Symbol {
            a.symbol.cmp(&b.symbol)
        } else {
            match (key(a, state.sort), key(b, state.sort)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => return std::cmp::Ordering::Less,
                (None, Some(_)) => return std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
        };
        if state.descending { ord.reverse() } else { ord }
    });
}

const COLUMNS: [(&str, SortColumn, &str); 9] = [
    ("Symbol", SortColumn::Symbol, "Ticker"),
    ("Return", SortColumn::Return, "Return over the window, %"),
    (
        "Bench",
        SortColumn::Benchmark,
        "Benchmark return between the same dates, %",
    ),
    (
        "Spread",
        SortColumn::Spread,
        "Return minus benchmark return, in percentage points",
    ),
    (
        "Relative",
        SortColumn::Relative,
        "((1 + r) / (1 + r_b) - 1) * 100",
    ),
    (
        "Beta",
        SortColumn::Beta,
        "cov(r, r_b) / var(r_b) of daily returns",
    ),
    (
        "Corr",
        SortColumn::Correlation,
        "Pearson correlation of daily returns",
    ),
    ("Vol", SortColumn::Volatility, "Annualized volatility, %"),
    (
        "Max DD",
        SortColumn::Drawdown,
        "Largest fall from a running peak, %",
    ),
];

pub fn divergence_table_ui(ui: &mut egui::Ui, app: &mut MinerLensApp) -> Vec<Command> {
    let out = Vec::new();
    let Some(derived) = &app.derived else {
        return out;
    };
    let ctx = ui.ctx().clone();
    ui.horizontal(|ui| {
        ui.strong("Divergence");
        ui.label(
            egui::RichText::new(format!(
                "{} – {} vs {}",
                derived.window.from, derived.window.to, derived.aligned.benchmark
            ))
            .color(theme::muted(&ctx)),
        );
    });
    let analysis = match &derived.analysis {
        Ok(a) => a,
        Err(e) => {
            ui.colored_label(theme::error(&ctx), e);
            return out;
        }
    };
    for note in &analysis.notes {
        ui.add(
            egui::Label::new(
                egui::RichText::new(format!("Note: {note}")).color(theme::warning(&ctx)),
            )
            .wrap(),
        );
    }
    if analysis.rows.is_empty() {
        ui.label(
            egui::RichText::new("Select at least one symbol besides the benchmark")
                .color(theme::muted(&ctx)),
        );
    }
    let mut rows = analysis.rows.clone();
    sort_rows(&mut rows, app.table_state);
    let mut state = app.table_state;
    let text_height = egui::TextStyle::Body.resolve(ui.style()).size + 6.0;
    egui::ScrollArea::horizontal().show(ui, |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
            .column(Column::auto().at_least(56.0))
            .columns(Column::auto().at_least(52.0), COLUMNS.len() - 1)
            .header(text_height, |mut header| {
                for (label, col, tip) in COLUMNS {
                    header.col(|ui| {
                        let arrow = if state.sort == col {
                            if state.descending { " ▾" } else { " ▴" }
                        } else {
                            ""
                        };
                        let r = ui
                            .add(
                                egui::Button::new(
                                    egui::RichText::new(format!("{label}{arrow}")).strong(),
                                )
                                .frame(false),
                            )
                            .on_hover_text(tip);
                        if r.clicked() {
                            if state.sort == col {
                                state.descending = !state.descending;
                            } else {
                                state = TableState {
                                    sort: col,
                                    descending: col != SortColumn::Symbol,
                                };
                            }
                        }
                    });
                }
            })
            .body(|mut body| {
                for r in &rows {
                    body.row(text_height, |mut row| {
                        row.col(|ui| {
                            let resp = ui.label(egui::RichText::new(&r.symbol).strong());
                            if !r.notes.is_empty() {
                                resp.on_hover_text(r.notes.join("\n"));
                            }
                        });
                        let cells: [(Option<f64>, String, bool); 8] = [
                            (Some(r.return_pct), pct(Some(r.return_pct)), true),
                            (r.benchmark_return_pct, pct(r.benchmark_return_pct), true),
                            (r.divergence_pp, pts(r.divergence_pp), true),
                            (r.relative_pct, pct(r.relative_pct), true),
                            (r.beta, num(r.beta), false),
                            (r.correlation, num(r.correlation), false),
                            (
                                r.volatility_pct,
                                r.volatility_pct
                                    .map(|v| format!("{v:.1}%"))
                                    .unwrap_or_else(|| "–".into()),
                                false,
                            ),
                            (
                                Some(r.max_drawdown_pct),
                                format!("{:.1}%", r.max_drawdown_pct),
                                false,
                            ),
                        ];
                        for (value, text, signed) in cells {
                            row.col(|ui| {
                                if signed {
                                    ui.colored_label(theme::signed(&ctx, value), text);
                                } else {
                                    ui.label(text);
                                }
                            });
                        }
                    });
                }
            });
    });
    app.table_state = state;
    if let Some(b) = &analysis.basket {
        ui.separator();
        ui.horizontal(|ui| {
            ui.label(format!("Equal-weight basket ({}):", b.members.len()));
            ui.colored_label(
                theme::signed(&ctx, Some(b.return_pct)),
                pct(Some(b.return_pct)),
            );
            ui.label("spread");
            ui.colored_label(theme::signed(&ctx, b.divergence_pp), pts(b.divergence_pp));
        });
    }
    for s in &analysis.skipped {
        ui.label(
            egui::RichText::new(format!("Left out: {s}"))
                .small()
                .color(theme::muted(&ctx)),
        );
    }
    out
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{x:+.1}%")).unwrap_or_else(|| "–".into())
}

fn pts(v: Option<f64>) -> String {
    v.map(|x| format!("{x:+.1}")).unwrap_or_else(|| "–".into())
}

fn num(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.2}")).unwrap_or_else(|| "–".into())
}
