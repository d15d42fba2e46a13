//! The assumptions editor's cells: text that is validated as it is typed and only reaches the
//! model once it is a valid value.

use std::collections::BTreeMap;

use crate::analysis::revenue::{MAX_RAMP_MONTHS, RevenueError, validate_contract};
use crate::chart::axis::{format_grouped, trim_number};
use crate::model::fundamentals::{HostingContract, MinerField};
use crate::model::parse_date;
use crate::ui::theme;

/// A cell of the editor: a miner's field, or a field of one of its contracts.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum CellKey {
    Miner(String, MinerField),
    Contract(String, usize, ContractField),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum ContractField {
    Tenant,
    Mw,
    UsdPerMwYear,
    Start,
    RampMonths,
}

impl ContractField {
    pub(super) const ALL: [ContractField; 5] = [
        ContractField::Tenant,
        ContractField::Mw,
        ContractField::UsdPerMwYear,
        ContractField::Start,
        ContractField::RampMonths,
    ];

    pub(super) fn header(self) -> &'static str {
        match self {
            ContractField::Tenant => "Tenant",
            ContractField::Mw => "Contracted (MW)",
            ContractField::UsdPerMwYear => "Price (USD/MW-year)",
            ContractField::Start => "Start (YYYY-MM-DD)",
            ContractField::RampMonths => "Ramp (months)",
        }
    }

    /// Width of the text field.
    pub(super) fn width(self) -> f32 {
        match self {
            ContractField::Tenant => 200.0,
            ContractField::UsdPerMwYear => 90.0,
            ContractField::Start => 90.0,
            _ => 64.0,
        }
    }

    pub(super) fn text(self, c: &HostingContract) -> String {
        match self {
            ContractField::Tenant => c.tenant.clone(),
            ContractField::Mw => number_text(c.mw),
            ContractField::UsdPerMwYear => number_text(c.usd_per_mw_year),
            ContractField::Start => c.start.to_string(),
            ContractField::RampMonths => c.ramp_months.to_string(),
        }
    }

    /// The contract's field name in files and messages.
    fn key(self) -> &'static str {
        match self {
            ContractField::Tenant => "tenant",
            ContractField::Mw => "mw",
            ContractField::UsdPerMwYear => "usd_per_mw_year",
            ContractField::Start => "start",
            ContractField::RampMonths => "ramp_months",
        }
    }

    /// Writes `text` into `c`, or says what is wrong with it: the text must parse, and the
    /// contract must pass [`validate_contract`], the rule files and the command line follow.
    pub(super) fn apply(self, text: &str, c: &mut HostingContract) -> Result<(), String> {
        let mut next = c.clone();
        match self {
            ContractField::Tenant => next.tenant = text.trim().to_owned(),
            ContractField::Mw => next.mw = parse_number(text)?,
            ContractField::UsdPerMwYear => next.usd_per_mw_year = parse_number(text)?,
            ContractField::Start => next.start = parse_date(text)?,
            ContractField::RampMonths => {
                next.ramp_months = text.trim().parse().map_err(|_| {
                    format!("must be a whole number of months, 0 to {MAX_RAMP_MONTHS}")
                })?;
            }
        }
        match validate_contract("", &next) {
            Err(RevenueError::Contract { field, problem, .. }) if field == self.key() => {
                Err(problem)
            }
            _ => {
                *c = next;
                Ok(())
            }
        }
    }
}

/// Text typed into the editor's cells that is not (yet) a valid value, or is being typed.
#[derive(Default)]
pub(super) struct Editor {
    pub(super) cells: BTreeMap<CellKey, String>,
    /// The miner a new contract is added for.
    pub(super) add_for: Option<String>,
}

/// A number as the editor shows it: `1,600,000`, `0.025`.
pub(super) fn number_text(v: f64) -> String {
    if v.abs() >= 10_000.0 && v.fract() == 0.0 {
        format_grouped(v, 0)
    } else {
        trim_number(v, 6)
    }
}

/// Reads a typed number (thousands separators allowed).
pub(super) fn parse_number(text: &str) -> Result<f64, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err("must be a number".to_owned()),
    }
}

/// What an editor cell shows.
pub(super) struct Cell {
    pub(super) key: CellKey,
    /// Width of the text field.
    pub(super) width: f32,
    /// The current value as text.
    pub(super) shown: String,
    /// Accessible name ("IREN Efficiency (J/TH)").
    pub(super) name: String,
    /// The default and its source.
    pub(super) hover: String,
    /// Differs from the fundamentals file.
    pub(super) edited: bool,
}

/// One text cell with validation shown under it. `check` returns the text's problem. Returns
/// the accepted text when the user changed it to a valid value.
pub(super) fn cell_ui(
    ui: &mut egui::Ui,
    editor: &mut Editor,
    cell: Cell,
    check: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    let Cell {
        key,
        width,
        shown,
        name,
        hover,
        edited,
    } = cell;
    let mut text = editor.cells.get(&key).cloned().unwrap_or(shown);
    let problem = check(&text);
    let mut accepted = None;
    ui.vertical(|ui| {
        ui.set_max_width(width.max(110.0));
        let align = match key {
            CellKey::Contract(_, _, ContractField::Tenant) => egui::Align2::LEFT_CENTER,
            _ => egui::Align2::RIGHT_CENTER,
        };
        let mut edit = egui::TextEdit::singleline(&mut text)
            .desired_width(width)
            .align(align);
        if problem.is_some() {
            edit = edit.text_color(theme::error(ui.ctx()));
        } else if edited {
            edit = edit.text_color(ui.visuals().strong_text_color());
        }
        let response = ui.add(edit).accessible_name(name).on_hover_text(hover);
        if response.changed() {
            if check(&text).is_none() {
                accepted = Some(text.clone());
            }
            editor.cells.insert(key.clone(), text.clone());
        }
        let problem = check(&text);
        if let Some(p) = &problem {
            ui.add(
                egui::Label::new(egui::RichText::new(p).small().color(theme::error(ui.ctx())))
                    .wrap(),
            );
        } else if !response.has_focus() {
            editor.cells.remove(&key);
        }
    });
    accepted
}
