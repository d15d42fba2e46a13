//! Editable cells shared by every editor of the window (revenue assumptions, the deal ledger,
//! holdings): the text being typed lives here, keyed by a stable name, and only reaches the
//! document once it is a valid value. The text field's id comes from the same key, so a value
//! turning valid or invalid (an error line appearing under it) never moves the focus or drops
//! a keystroke.

use std::collections::BTreeMap;

use crate::chart::axis::{format_grouped, trim_number};
use crate::ui::theme;

/// Text typed into cells that is not (yet) a valid value, or is being typed.
#[derive(Default)]
pub struct CellEditor {
    cells: BTreeMap<String, String>,
}

impl CellEditor {
    /// Forgets what is typed in the cells whose key starts with `prefix` (a row was reset or
    /// removed).
    pub fn forget(&mut self, prefix: &str) {
        self.cells.retain(|k, _| !k.starts_with(prefix));
    }

    /// Forgets everything typed (another document was opened).
    pub fn clear(&mut self) {
        self.cells.clear();
    }

    /// The text typed in a cell that is not committed yet.
    pub fn pending(&self, key: &str) -> Option<&str> {
        self.cells.get(key).map(String::as_str)
    }
}

/// A number as the editors show it: `1,600,000`, `0.025`.
pub fn number_text(v: f64) -> String {
    if v.abs() >= 10_000.0 && v.fract() == 0.0 {
        format_grouped(v, 0)
    } else {
        trim_number(v, 6)
    }
}

/// Reads a typed number (thousands separators allowed).
pub fn parse_number(text: &str) -> Result<f64, String> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err("must be a number".to_owned()),
    }
}

/// An optional number: empty text is `None`.
pub fn parse_optional_number(text: &str) -> Result<Option<f64>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_number(text).map(Some)
    }
}

/// What a cell shows.
pub struct Cell {
    /// Stable and unique in the window: `deal/apld-coreweave-2025-06-02/mw`.
    pub key: String,
    /// Width of the text field.
    pub width: f32,
    /// The current value as text.
    pub shown: String,
    /// Accessible name ("IREN Efficiency (J/TH)").
    pub name: String,
    /// The default and its source, or what the field means.
    pub hover: String,
    /// Differs from the default: drawn in the strong text color.
    pub edited: bool,
    /// Text starts at the left (names); numbers align right.
    pub left_aligned: bool,
    /// Shown greyed in an empty cell: what empty means ("12 (assumed)").
    pub hint: String,
}

impl Cell {
    pub fn new(key: String, shown: String, name: String) -> Self {
        Self {
            key,
            width: 64.0,
            shown,
            name,
            hover: String::new(),
            edited: false,
            left_aligned: false,
            hint: String::new(),
        }
    }

    pub fn hint_text(mut self, hint: String) -> Self {
        self.hint = hint;
        self
    }

    pub fn width(mut self, width: f32) -> Self {
        self.width = width;
        self
    }

    pub fn hover(mut self, hover: String) -> Self {
        self.hover = hover;
        self
    }

    pub fn edited(mut self, edited: bool) -> Self {
        self.edited = edited;
        self
    }

    pub fn left(mut self) -> Self {
        self.left_aligned = true;
        self
    }
}

/// The egui id of a cell's text field.
pub fn cell_id(key: &str) -> egui::Id {
    egui::Id::unique(("minerlens-cell", key))
}

/// One text cell with its problem shown under it. `check` returns the text's problem. Returns
/// the accepted text when the user changed it to a valid value.
pub fn cell_ui(
    ui: &mut egui::Ui,
    editor: &mut CellEditor,
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
        left_aligned,
        hint,
    } = cell;
    let mut text = editor.cells.get(&key).cloned().unwrap_or(shown);
    let problem = check(&text);
    let mut accepted = None;
    ui.vertical(|ui| {
        ui.set_max_width(width.max(110.0));
        let align = if left_aligned {
            egui::Align2::LEFT_CENTER
        } else {
            egui::Align2::RIGHT_CENTER
        };
        let mut edit = egui::TextEdit::singleline(&mut text)
            .id(cell_id(&key))
            .desired_width(width)
            .hint_text(hint)
            .align(align);
        if problem.is_some() {
            edit = edit.text_color(theme::error(ui.ctx()));
        } else if edited {
            edit = edit.text_color(ui.visuals().strong_text_color());
        }
        let mut response = ui.add(edit).accessible_name(name);
        if !hover.is_empty() {
            response = response.on_hover_text(hover);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_through_their_text() {
        assert_eq!(number_text(1_600_000.0), "1,600,000");
        assert_eq!(number_text(0.025), "0.025");
        assert_eq!(parse_number("1,600,000"), Ok(1_600_000.0));
        assert_eq!(parse_number(" 2_5 "), Ok(25.0));
        assert!(parse_number("12abc").is_err());
        assert!(parse_number("inf").is_err());
        assert_eq!(parse_optional_number("  "), Ok(None));
        assert_eq!(parse_optional_number("3.5"), Ok(Some(3.5)));
        let mut e = CellEditor::default();
        e.cells.insert("deal/a/mw".into(), "1".into());
        e.cells.insert("deal/b/mw".into(), "2".into());
        e.forget("deal/a/");
        assert_eq!(e.pending("deal/a/mw"), None);
        assert_eq!(e.pending("deal/b/mw"), Some("2"));
    }
}
