//! The deal ledger window: every deal in use (the ledger's and the portfolio's own), editable
//! with field errors, each with its source. An edit to a ledger deal is kept in the portfolio as
//! a deal of the same id; a removed ledger deal is listed as left out and can be restored. The
//! ledger itself is the bundled one or a file the user opens.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::chart::axis::format_usd;
use crate::data::deals::{BUNDLED_LEDGER, bundled_ledger};
use crate::model::deals::{Deal, DealKind, DealLedger, DealStatus, PersonalDeals, effective_deals};
use crate::model::{normalize_symbol, parse_date};
use crate::ui::cells::{Cell, CellEditor, cell_ui, number_text, parse_optional_number};
use crate::ui::theme;

/// The ledger in use and the window's own state.
pub struct DealsState {
    /// The ledger (bundled, or opened from a file), or why it could not be read.
    pub ledger: Result<DealLedger, String>,
    /// The file it was read from; `None` for the bundled ledger.
    pub ledger_path: Option<PathBuf>,
    /// The deals in use: the ledger with the portfolio's own (the app recomputes it).
    pub effective: Vec<Deal>,
    pub show: bool,
    /// Only rows whose miner or counterparty contains this text.
    search: String,
    /// The miner of the next "Add deal".
    add_for: String,
    editor: CellEditor,
}

impl Default for DealsState {
    fn default() -> Self {
        Self {
            ledger: bundled_ledger().map_err(|e| e.to_string()),
            ledger_path: None,
            effective: Vec::new(),
            show: false,
            search: String::new(),
            add_for: String::new(),
            editor: CellEditor::default(),
        }
    }
}

impl DealsState {
    /// The deals in use with the portfolio's own.
    pub fn update(&mut self, personal: &PersonalDeals) {
        let ledger = self.ledger.as_ref().map_or(&[][..], |l| &l.deals[..]);
        self.effective = effective_deals(ledger, personal);
    }

    /// Where the ledger comes from, for footers and the window.
    pub fn ledger_label(&self) -> String {
        let name = match &self.ledger_path {
            Some(p) => p.display().to_string(),
            None => BUNDLED_LEDGER.to_owned(),
        };
        match &self.ledger {
            Ok(l) => format!("{name} ({} deals, checked {})", l.deals.len(), l.as_of),
            Err(_) => name,
        }
    }

    /// Forgets text half-typed into the cells (another portfolio was opened).
    pub fn reset_editor(&mut self) {
        self.editor.clear();
    }
}

/// What the user asked of the window besides editing.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DealsRequest {
    /// The portfolio's deals changed.
    pub changed: bool,
    pub open_file: bool,
    pub use_bundled: bool,
}

/// The fields of a deal the table edits as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DealField {
    Announced,
    Symbol,
    Counterparty,
    Mw,
    ValueUsd,
    TermYears,
    UsdPerMwYear,
    BillingStart,
    RampMonths,
}

impl DealField {
    const ALL: [DealField; 9] = [
        DealField::Announced,
        DealField::Symbol,
        DealField::Counterparty,
        DealField::Mw,
        DealField::ValueUsd,
        DealField::TermYears,
        DealField::UsdPerMwYear,
        DealField::BillingStart,
        DealField::RampMonths,
    ];

    /// The field's name in files and in [`Deal::check`]'s messages.
    fn key(self) -> &'static str {
        match self {
            DealField::Announced => "announced",
            DealField::Symbol => "symbol",
            DealField::Counterparty => "counterparty",
            DealField::Mw => "mw",
            DealField::ValueUsd => "value_usd",
            DealField::TermYears => "term_years",
            DealField::UsdPerMwYear => "usd_per_mw_year",
            DealField::BillingStart => "billing_start",
            DealField::RampMonths => "ramp_months",
        }
    }

    fn header(self) -> &'static str {
        match self {
            DealField::Announced => "Announced",
            DealField::Symbol => "Miner",
            DealField::Counterparty => "Counterparty",
            DealField::Mw => "MW",
            DealField::ValueUsd => "Value (USD)",
            DealField::TermYears => "Term (years)",
            DealField::UsdPerMwYear => "USD per MW-year",
            DealField::BillingStart => "Bills from",
            DealField::RampMonths => "Ramp (months)",
        }
    }

    fn width(self) -> f32 {
        match self {
            DealField::Counterparty => 130.0,
            // "2025-06-30" and "12,000,000,000" whole, with the cell's margins.
            DealField::Announced | DealField::BillingStart => 90.0,
            DealField::ValueUsd => 118.0,
            DealField::UsdPerMwYear => 96.0,
            DealField::Symbol => 52.0,
            _ => 56.0,
        }
    }

    fn text(self, d: &Deal) -> String {
        let opt = |v: Option<f64>| v.map(number_text).unwrap_or_default();
        match self {
            DealField::Announced => d.announced.to_string(),
            DealField::Symbol => d.symbol.clone(),
            DealField::Counterparty => d.counterparty.clone(),
            DealField::Mw => opt(d.mw),
            DealField::ValueUsd => opt(d.value_usd),
            DealField::TermYears => opt(d.term_years),
            DealField::UsdPerMwYear => opt(d.usd_per_mw_year),
            DealField::BillingStart => d.billing_start.map(|b| b.to_string()).unwrap_or_default(),
            DealField::RampMonths => d.ramp_months.map(|m| m.to_string()).unwrap_or_default(),
        }
    }

    /// What an empty cell stands for, greyed in the cell.
    fn placeholder(self, d: &Deal) -> String {
        match self {
            DealField::UsdPerMwYear => d
                .rate_usd_per_mw_year()
                .map(|r| number_text(r.round()))
                .unwrap_or_default(),
            DealField::BillingStart => d.billing_start_or_assumed().0.to_string(),
            DealField::RampMonths => crate::model::deals::DEFAULT_RAMP_MONTHS.to_string(),
            _ => String::new(),
        }
    }

    /// What an empty cell means.
    fn hint(self, d: &Deal) -> String {
        match self {
            DealField::UsdPerMwYear => match d.rate_usd_per_mw_year() {
                Some(r) => format!(
                    "Empty: value / term / MW = {} per MW-year. Type a rate to use your own.",
                    format_usd(r.round())
                ),
                None => "Empty: value / term / MW, once all three are known".to_owned(),
            },
            DealField::BillingStart => {
                let (start, _) = d.billing_start_or_assumed();
                format!("Empty: assumed a year after the announcement ({start})")
            }
            DealField::RampMonths => format!(
                "Empty: a linear ramp of {} months is assumed",
                crate::model::deals::DEFAULT_RAMP_MONTHS
            ),
            DealField::Mw => "MW of critical IT this entry contracts".to_owned(),
            DealField::ValueUsd => "Contract value of this entry in USD".to_owned(),
            _ => String::new(),
        }
    }

    /// Writes `text` into a copy of `d`, or says what is wrong with it: the text must parse,
    /// and the deal must pass [`Deal::check`], the rule ledger files follow.
    fn apply(self, text: &str, d: &Deal) -> Result<Deal, String> {
        let mut next = d.clone();
        let date = |t: &str| parse_date(t.trim());
        match self {
            DealField::Announced => next.announced = date(text)?,
            DealField::Symbol => next.symbol = normalize_symbol(text),
            DealField::Counterparty => next.counterparty = text.trim().to_owned(),
            DealField::Mw => next.mw = parse_optional_number(text)?,
            DealField::ValueUsd => next.value_usd = parse_optional_number(text)?,
            DealField::TermYears => next.term_years = parse_optional_number(text)?,
            DealField::UsdPerMwYear => next.usd_per_mw_year = parse_optional_number(text)?,
            DealField::BillingStart => {
                next.billing_start = if text.trim().is_empty() {
                    None
                } else {
                    Some(date(text)?)
                };
            }
            DealField::RampMonths => {
                next.ramp_months = if text.trim().is_empty() {
                    None
                } else {
                    Some(
                        text.trim()
                            .parse()
                            .map_err(|_| "must be a whole number of months".to_owned())?,
                    )
                };
            }
        }
        match next.check() {
            Err((field, problem)) if field == self.key() => Err(problem),
            _ => Ok(next),
        }
    }
}

/// Where a row's deal comes from.
fn origin(d: &Deal, ledger: Option<&DealLedger>, personal: &PersonalDeals) -> &'static str {
    let in_ledger = ledger.is_some_and(|l| l.deals.iter().any(|x| x.id == d.id));
    let mine = personal.deals.iter().any(|x| x.id == d.id);
    match (in_ledger, mine) {
        (true, true) => "edited",
        (true, false) => "ledger",
        _ => "yours",
    }
}

/// Replaces (or adds) `deal` among the portfolio's own; a deal edited back to the ledger's
/// values is the ledger's again.
fn put(personal: &mut PersonalDeals, ledger: Option<&DealLedger>, deal: Deal) {
    let same_as_ledger = ledger.is_some_and(|l| l.deals.contains(&deal));
    if same_as_ledger {
        personal.deals.retain(|d| d.id != deal.id);
        return;
    }
    match personal.deals.iter_mut().find(|d| d.id == deal.id) {
        Some(d) => *d = deal,
        None => personal.deals.push(deal),
    }
}

/// A new id for a deal of the user's: `mine-iren-2026-11-20`, numbered when taken.
fn new_id(symbol: &str, day: NaiveDate, taken: &[Deal]) -> String {
    let base = format!("mine-{}-{day}", symbol.to_lowercase());
    let mut id = base.clone();
    let mut n = 2;
    while taken.iter().any(|d| d.id == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The deal ledger window. `symbols` are the loaded ones (for "Add deal"), `today` the date a
/// new deal is announced on.
pub fn deals_window_ui(
    ctx: &egui::Context,
    state: &mut DealsState,
    personal: &mut PersonalDeals,
    symbols: &[String],
    today: NaiveDate,
) -> DealsRequest {
    let mut req = DealsRequest::default();
    if !state.show {
        return req;
    }
    let mut open = true;
    egui::Window::new("Deal ledger")
        .open(&mut open)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .default_size([
            (ctx.content_rect().width() - 40.0).clamp(600.0, 1400.0),
            640.0,
        ])
        .vscroll(true)
        .hscroll(true)
        .show(ctx, |ui| {
            ledger_ui(ui, state, personal, symbols, today, &mut req)
        });
    state.show = open;
    req
}

// The window's rows top to bottom (header, find, table, add, notes): one egui pass, each block
// one part of the window.
#[allow(clippy::too_many_lines)]
fn ledger_ui(
    ui: &mut egui::Ui,
    state: &mut DealsState,
    personal: &mut PersonalDeals,
    symbols: &[String],
    today: NaiveDate,
    req: &mut DealsRequest,
) {
    let muted = theme::muted(ui.ctx());
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(format!("Ledger: {}", state.ledger_label())).color(muted));
        if ui
            .button("Open ledger file…")
            .on_hover_text("Use another deal ledger (a minerlens-ai-deals JSON file)")
            .clicked()
        {
            req.open_file = true;
        }
        if state.ledger_path.is_some() && ui.button("Use the bundled ledger").clicked() {
            req.use_bundled = true;
        }
    });
    if let Err(e) = &state.ledger {
        ui.colored_label(theme::error(ui.ctx()), e);
    }
    if let Ok(l) = &state.ledger
        && !l.note.is_empty()
    {
        ui.label(egui::RichText::new(&l.note).small().color(muted));
    }
    ui.horizontal(|ui| {
        let label = ui.label("Find");
        ui.add(
            egui::TextEdit::singleline(&mut state.search)
                .desired_width(160.0)
                .hint_text("miner or counterparty"),
        )
        .labelled_by(label.id);
        let n = personal.deals.len();
        let left_out = personal.removed.len();
        ui.label(
            egui::RichText::new(format!(
                "{} deals in use · {n} of yours or edited · {left_out} left out",
                state.effective.len()
            ))
            .color(muted),
        );
    });
    ui.add_space(4.0);
    let ledger = state.ledger.as_ref().ok().cloned();
    let wanted = state.search.trim().to_lowercase();
    let rows: Vec<Deal> = state
        .effective
        .iter()
        .filter(|d| {
            wanted.is_empty()
                || d.symbol.to_lowercase().contains(&wanted)
                || d.counterparty.to_lowercase().contains(&wanted)
        })
        .cloned()
        .collect();
    egui::Grid::new("deal_ledger_grid")
        .striped(true)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            ui.strong("");
            for f in DealField::ALL {
                ui.strong(f.header());
            }
            for h in ["Kind", "Status", "Source", ""] {
                ui.strong(h);
            }
            ui.end_row();
            for d in &rows {
                let from = origin(d, ledger.as_ref(), personal);
                row_ui(ui, state, personal, d, from, req);
                ui.end_row();
            }
        });
    if rows.is_empty() {
        ui.label(egui::RichText::new("No deal matches").color(muted));
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let mut miners: Vec<String> = symbols.to_vec();
        for d in &state.effective {
            if !miners.contains(&d.symbol) {
                miners.push(d.symbol.clone());
            }
        }
        miners.sort();
        if !miners.contains(&state.add_for) {
            state.add_for = miners.first().cloned().unwrap_or_default();
        }
        let label = ui.label("New deal of");
        egui::ComboBox::from_id_salt("deal-add-for")
            .selected_text(&state.add_for)
            .show_ui(ui, |ui| {
                for m in &miners {
                    ui.selectable_value(&mut state.add_for, m.clone(), m);
                }
            })
            .response
            .labelled_by(label.id);
        if ui
            .add_enabled(!state.add_for.is_empty(), egui::Button::new("Add deal"))
            .on_hover_text("A deal of your own, kept in the portfolio file")
            .clicked()
        {
            let id = new_id(&state.add_for, today, &state.effective);
            put(
                personal,
                None,
                Deal {
                    mw: Some(100.0),
                    usd_per_mw_year: Some(1_400_000.0),
                    notes: "added in MinerLens".to_owned(),
                    ..Deal::new(
                        id,
                        today,
                        state.add_for.clone(),
                        "New tenant",
                        DealKind::ColocationLease,
                    )
                },
            );
            req.changed = true;
        }
    });
    if !personal.removed.is_empty() {
        ui.add_space(6.0);
        ui.strong("Left out of this portfolio");
        let mut restore = None;
        for id in &personal.removed {
            ui.horizontal(|ui| {
                let what = ledger
                    .as_ref()
                    .and_then(|l| l.deals.iter().find(|d| &d.id == id))
                    .map(|d| format!("{} {} ({})", d.symbol, d.counterparty, d.announced))
                    .unwrap_or_else(|| id.clone());
                ui.label(what);
                if ui.small_button("Restore").clicked() {
                    restore = Some(id.clone());
                }
            });
        }
        if let Some(id) = restore {
            personal.removed.retain(|r| *r != id);
            req.changed = true;
        }
    }
    ui.label(
        egui::RichText::new(
            "Edits are kept in the portfolio file; the ledger file is never changed. A deal \
             counts (MW, hosting revenue) when it is signed or completed and a lease, joint \
             venture or GPU cloud contract.",
        )
        .small()
        .color(muted),
    );
}

/// One deal: its text cells, kind and status, source link and actions.
fn row_ui(
    ui: &mut egui::Ui,
    state: &mut DealsState,
    personal: &mut PersonalDeals,
    d: &Deal,
    from: &str,
    req: &mut DealsRequest,
) {
    let muted = theme::muted(ui.ctx());
    let tag = match from {
        "edited" => {
            egui::RichText::new("edited").color(theme::color(theme::palette(ui.ctx()).warning))
        }
        "yours" => egui::RichText::new("yours").strong(),
        _ => egui::RichText::new("ledger").color(muted),
    };
    ui.label(tag).on_hover_text(format!(
        "{}\n{}{}",
        d.id,
        if d.confirmed {
            ""
        } else {
            "Not confirmed from a source. "
        },
        d.notes
    ));
    for f in DealField::ALL {
        let key = format!("deal/{}/{}", d.id, f.key());
        let mut cell = Cell::new(
            key,
            f.text(d),
            format!("{} {} {}", d.symbol, d.counterparty, f.header()),
        )
        .width(f.width())
        .hover(f.hint(d))
        .hint_text(f.placeholder(d))
        .edited(from != "ledger");
        if matches!(f, DealField::Counterparty | DealField::Symbol) {
            cell = cell.left();
        }
        let accepted = cell_ui(ui, &mut state.editor, cell, |t| f.apply(t, d).err());
        if let Some(text) = accepted
            && let Ok(next) = f.apply(&text, d)
        {
            put(personal, state.ledger.as_ref().ok(), next);
            req.changed = true;
        }
    }
    let mut kind = d.kind;
    egui::ComboBox::from_id_salt(("deal-kind", &d.id))
        .selected_text(kind.label())
        .show_ui(ui, |ui| {
            for k in DealKind::ALL {
                ui.selectable_value(&mut kind, k, k.label());
            }
        });
    let mut status = d.status;
    egui::ComboBox::from_id_salt(("deal-status", &d.id))
        .selected_text(status.label())
        .show_ui(ui, |ui| {
            for s in DealStatus::ALL {
                ui.selectable_value(&mut status, s, s.label());
            }
        });
    if kind != d.kind || status != d.status {
        let mut next = d.clone();
        next.kind = kind;
        next.status = status;
        put(personal, state.ledger.as_ref().ok(), next);
        req.changed = true;
    }
    match d.sources.first() {
        Some(s) => {
            ui.hyperlink_to(&s.publisher, &s.url).on_hover_text(format!(
                "{}{}\n{}",
                s.title,
                s.date.map(|d| format!(" ({d})")).unwrap_or_default(),
                s.url
            ));
        }
        None => {
            ui.label(egui::RichText::new("none").color(muted));
        }
    }
    ui.horizontal(|ui| {
        if from == "edited"
            && ui
                .small_button("Revert")
                .on_hover_text("Back to the ledger's values")
                .clicked()
        {
            personal.deals.retain(|x| x.id != d.id);
            state.editor.forget(&format!("deal/{}/", d.id));
            req.changed = true;
        }
        if ui
            .small_button("Remove")
            .on_hover_text(if from == "yours" {
                "Delete this deal from the portfolio"
            } else {
                "Leave this ledger deal out of this portfolio"
            })
            .clicked()
        {
            personal.deals.retain(|x| x.id != d.id);
            if from != "yours" {
                personal.removed.push(d.id.clone());
            }
            state.editor.forget(&format!("deal/{}/", d.id));
            req.changed = true;
        }
    });
}
