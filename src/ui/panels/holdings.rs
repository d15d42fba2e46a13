//! The holdings panel: edit holdings and groups with validation at each field, and the table of
//! each holding's return, spread vs the benchmark and contribution.

use super::super::app::{Command, MinerLensApp};
use super::super::theme;
use crate::chart::axis::format_usd;
use crate::model::portfolio::{Group, Holding, Portfolio};
use crate::model::{is_valid_symbol, normalize_symbol, parse_date};
use crate::ui::cells::{Cell, CellEditor, cell_ui, number_text, parse_number};

/// Draws the editor; returns `Command::EditPortfolio` with the new content when anything changed.
pub fn holdings_ui(ui: &mut egui::Ui, app: &mut MinerLensApp) -> Vec<Command> {
    let mut out = Vec::new();
    let ctx = ui.ctx().clone();
    let today = chrono::Local::now().date_naive();
    let mut p: Portfolio = app.doc.portfolio.clone();
    let issues = p.validate(today);
    let issue = |field: &str| {
        issues
            .iter()
            .find(|i| i.field == field)
            .map(|i| i.message.clone())
    };
    let loaded: Vec<String> = app
        .data
        .as_ref()
        .map(|d| d.symbols().map(str::to_owned).collect())
        .unwrap_or_default();

    ui.horizontal(|ui| {
        let marker = if app.doc.is_dirty() { " •" } else { "" };
        ui.strong(format!("{}{marker}", app.doc.file_name()))
            .on_hover_text(if marker.is_empty() {
                "All changes saved"
            } else {
                "Unsaved changes"
            });
    });
    ui.horizontal(|ui| {
        let label = ui.label("Name");
        ui.add(egui::TextEdit::singleline(&mut p.name).desired_width(220.0))
            .labelled_by(label.id);
    });
    if let Some(msg) = issue("name") {
        ui.colored_label(theme::error(&ctx), msg);
    }
    ui.add_space(4.0);
    ui.strong("Holdings");
    let mut remove: Option<usize> = None;
    egui::Grid::new("holdings_grid")
        .num_columns(6)
        .spacing([6.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            // Remove first: a narrow panel cuts the last column, never the button.
            for h in [
                "",
                "Symbol",
                "Quantity",
                "Cost basis (USD)",
                "Opened",
                "Note",
            ] {
                ui.label(egui::RichText::new(h).small().color(theme::muted(&ctx)));
            }
            ui.end_row();
            for (i, h) in p.holdings.iter_mut().enumerate() {
                holding_row_ui(ui, &mut app.holdings_editor, i, h, &mut remove);
                ui.end_row();
            }
        });
    // Field errors and warnings, under the table, naming the row.
    for (i, h) in p.holdings.iter().enumerate() {
        for f in ["symbol", "quantity", "cost_basis_usd", "open_date"] {
            if let Some(msg) = issue(&format!("holdings[{i}].{f}")) {
                ui.colored_label(
                    theme::error(&ctx),
                    format!("Row {} ({}): {msg}", i + 1, h.symbol),
                );
            }
        }
        if !h.symbol.is_empty() && !loaded.contains(&h.symbol) {
            ui.horizontal(|ui| {
                ui.colored_label(
                    theme::color(theme::palette(&ctx).mining),
                    format!("Row {}: no prices for {} are loaded", i + 1, h.symbol),
                );
                if ui.small_button("Import prices…").clicked() {
                    out.push(Command::Import(
                        crate::ui::controllers::import::ImportCommand::OpenDialog,
                    ));
                }
                if ui
                    .small_button("Fetch")
                    .on_hover_text("Refresh prices: fetch every holding from the internet")
                    .clicked()
                {
                    out.push(Command::Refresh(
                        crate::ui::controllers::refresh::RefreshCommand::Start,
                    ));
                }
            });
        }
    }
    if let Some(i) = remove {
        p.holdings.remove(i);
        // The rows below move up: what was typed in them goes.
        app.holdings_editor.forget("holding/");
    }
    if ui.button("Add holding").clicked() {
        p.holdings.push(Holding {
            symbol: String::new(),
            quantity: 1.0,
            cost_basis_usd: 0.0,
            open_date: app.data.as_ref().map_or(today, |d| d.last),
            note: None,
        });
    }
    ui.add_space(8.0);
    groups_ui(ui, &mut p.groups, &loaded, &issues, &ctx);
    if p != app.doc.portfolio {
        out.push(Command::EditPortfolio(Box::new(p)));
    }
    ui.add_space(8.0);
    results_ui(ui, app);
    out
}

/// One holding: text cells that keep what is typed (an invalid value is shown in red with its
/// problem under it and never reaches the document), so no keystroke is lost when a value turns
/// valid or invalid.
fn holding_row_ui(
    ui: &mut egui::Ui,
    editor: &mut CellEditor,
    i: usize,
    h: &mut Holding,
    remove: &mut Option<usize>,
) {
    let key = |f: &str| format!("holding/{i}/{f}");
    let name = |f: &str| format!("Holding {} {f}", i + 1);
    let cell = |f: &str, shown: String| Cell::new(key(f), shown, name(f));
    // A narrow ✕ (read "Remove" by screen readers and tests), so the row fits the panel.
    let r = ui.small_button("✕").on_hover_text("Remove this holding");
    r.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, "Remove"));
    if r.clicked() {
        *remove = Some(i);
    }
    let symbol = cell_ui(
        ui,
        editor,
        cell("Symbol", h.symbol.clone())
            .width(70.0)
            .left()
            .hint_text("MARA".into()),
        |t| {
            let s = normalize_symbol(t);
            (!s.is_empty() && !is_valid_symbol(&s))
                .then(|| "not a ticker (A-Z, 0-9, . - = ^ _)".to_owned())
        },
    );
    if let Some(t) = symbol {
        h.symbol = normalize_symbol(&t);
    }
    let quantity = cell_ui(
        ui,
        editor,
        cell("Quantity", number_text(h.quantity)).width(70.0),
        |t| match parse_number(t) {
            Ok(v) if v > 0.0 => None,
            Ok(_) => Some("must be above 0".to_owned()),
            Err(e) => Some(e),
        },
    );
    if let Some(Ok(v)) = quantity.as_deref().map(parse_number) {
        h.quantity = v;
    }
    let cost = cell_ui(
        ui,
        editor,
        cell("Cost basis (USD)", number_text(h.cost_basis_usd)).width(84.0),
        |t| match parse_number(t) {
            Ok(v) if v >= 0.0 => None,
            Ok(_) => Some("must not be negative".to_owned()),
            Err(e) => Some(e),
        },
    );
    if let Some(Ok(v)) = cost.as_deref().map(parse_number) {
        h.cost_basis_usd = v;
    }
    let date = cell_ui(
        ui,
        editor,
        cell("Opened", h.open_date.to_string())
            .width(86.0)
            .hint_text("YYYY-MM-DD".into()),
        |t| parse_date(t.trim()).err(),
    );
    if let Some(Ok(d)) = date.as_deref().map(|t| parse_date(t.trim())) {
        h.open_date = d;
    }
    let note = cell_ui(
        ui,
        editor,
        cell("Note", h.note.clone().unwrap_or_default())
            .width(110.0)
            .left(),
        |_| None,
    );
    if let Some(t) = note {
        h.note = (!t.trim().is_empty()).then_some(t);
    }
}

fn groups_ui(
    ui: &mut egui::Ui,
    groups: &mut Vec<Group>,
    loaded: &[String],
    issues: &[crate::model::portfolio::FieldIssue],
    ctx: &egui::Context,
) {
    ui.strong("Groups");
    let mut remove = None;
    for (i, g) in groups.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            if ui.small_button("Remove").clicked() {
                remove = Some(i);
            }
            let name_label = ui.label("Name");
            ui.add(egui::TextEdit::singleline(&mut g.name).desired_width(130.0))
                .labelled_by(name_label.id);
            // Keep the raw text while typing ("MARA, " must survive until the next symbol).
            let id = ui.scope_id().with(("group_symbols", i));
            let mut text = ui
                .data_mut(|d| d.get_temp::<String>(id))
                .unwrap_or_else(|| g.symbols.join(", "));
            let symbols_label = ui.label("Symbols");
            let r = ui
                .add(egui::TextEdit::singleline(&mut text).desired_width(220.0))
                .labelled_by(symbols_label.id);
            if r.has_focus() {
                ui.data_mut(|d| d.insert_temp(id, text.clone()));
            } else {
                ui.data_mut(|d| d.remove::<String>(id));
            }
            if r.changed() {
                g.symbols = text
                    .split([',', ' '])
                    .map(normalize_symbol)
                    .filter(|s| !s.is_empty())
                    .collect();
            }
        });
        if let Some(msg) = issues
            .iter()
            .find(|x| x.field == format!("groups[{i}].name"))
        {
            ui.colored_label(theme::error(ctx), &msg.message);
        }
        let unknown: Vec<&str> = g
            .symbols
            .iter()
            .filter(|s| !loaded.contains(s))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            ui.colored_label(
                theme::color(theme::palette(ctx).mining),
                format!("Not loaded: {}", unknown.join(", ")),
            );
        }
    }
    if let Some(i) = remove {
        groups.remove(i);
    }
    if ui.button("Add group").clicked() {
        let n = groups.len() + 1;
        groups.push(Group {
            name: format!("Group {n}"),
            symbols: Vec::new(),
        });
    }
}

/// Each holding's return, spread vs the benchmark and contribution, and the totals.
fn results_ui(ui: &mut egui::Ui, app: &MinerLensApp) {
    let Some(r) = &app.portfolio_result else {
        return;
    };
    let ctx = ui.ctx().clone();
    ui.separator();
    ui.strong(format!("As of {}", r.as_of));
    egui::Grid::new("portfolio_results")
        .num_columns(5)
        .striped(true)
        .spacing([10.0, 3.0])
        .show(ui, |ui| {
            for h in [
                "Holding",
                "Value",
                "Return",
                &format!("vs {}", r.benchmark),
                "Contribution",
            ] {
                ui.label(egui::RichText::new(h).small().color(theme::muted(&ctx)));
            }
            ui.end_row();
            for l in &r.lots {
                ui.label(format!("{} ({})", l.symbol, l.open_date));
                let age = (r.as_of - l.price_date).num_days();
                if age > crate::analysis::portfolio::STALE_AFTER_DAYS {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("! {}", format_usd(l.value_usd)),
                    )
                    .on_hover_text(format!(
                        "Valued at the {} close of {}, {age} days before {}: refresh or import \
                         newer prices",
                        l.price_date, l.symbol, r.as_of
                    ));
                } else {
                    ui.label(format_usd(l.value_usd))
                        .on_hover_text(format!("{} close of {}", l.price_date, l.symbol));
                }
                ui.colored_label(
                    theme::signed(&ctx, Some(l.return_pct)),
                    format!("{:+.1}%", l.return_pct),
                );
                ui.colored_label(
                    theme::signed(&ctx, l.spread_pp),
                    l.spread_pp
                        .map(|s| format!("{s:+.1} pts"))
                        .unwrap_or_else(|| "–".into()),
                );
                ui.colored_label(
                    theme::signed(&ctx, Some(l.contribution_pp)),
                    format!("{:+.1} pts", l.contribution_pp),
                );
                ui.end_row();
            }
        });
    let line = |ui: &mut egui::Ui, label: &str, o: Option<&crate::analysis::portfolio::Outcome>| {
        ui.horizontal(|ui| {
            ui.label(label);
            if let Some(o) = o {
                ui.label(format_usd(o.value_usd));
                ui.colored_label(
                    theme::signed(&ctx, Some(o.return_pct)),
                    format!("{:+.1}%", o.return_pct),
                );
            } else {
                ui.label("–");
            }
        });
    };
    ui.label(format!("Invested {}", format_usd(r.cost_usd)));
    line(ui, "Portfolio", Some(&r.portfolio));
    line(
        ui,
        &format!("Had I bought {} instead", r.benchmark),
        r.benchmark_instead.as_ref(),
    );
    line(
        ui,
        &format!("Equal-weight basket ({}) instead", r.basket_members.len()),
        r.basket_instead.as_ref(),
    );
    for s in &r.skipped {
        ui.label(
            egui::RichText::new(format!("Left out: {s}"))
                .small()
                .color(theme::muted(&ctx)),
        );
    }
}
