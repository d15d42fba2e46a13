//! Reading and checking deal ledgers (`sample_data/ai_deals.json` is the bundled one): a bad
//! file is refused whole, with a message that names the file, the entry and the field.

use std::path::Path;

use super::DataError;
use crate::model::deals::{DealLedger, LEDGER_FORMAT, LEDGER_VERSION};

/// Name of the bundled ledger in messages.
pub const BUNDLED_LEDGER: &str = "sample_data/ai_deals.json";
/// The bundled ledger (embedded like the other sample files).
pub const LEDGER_JSON: &str = include_str!("../../sample_data/ai_deals.json");

/// Parses and checks a ledger: format and version, every field's type, then [`Deal::check`](crate::model::deals::Deal::check)
/// on every entry, unique ids, and expansions of deals that exist.
pub fn parse_ledger(text: &str, file: &str) -> Result<DealLedger, DataError> {
    let text = text.trim_start_matches('\u{feff}');
    let de = &mut serde_json::Deserializer::from_str(text);
    let ledger: DealLedger = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        DataError::file(
            file,
            if inner.is_syntax() || inner.is_eof() || path == "." {
                format!("line {}: not a deal ledger: {inner}", inner.line())
            } else {
                format!("{}: {}", entry_path(&path), strip_position(&inner))
            },
        )
    })?;
    if ledger.format != LEDGER_FORMAT {
        return Err(DataError::file(
            file,
            format!(
                "format is \"{}\", expected \"{LEDGER_FORMAT}\"",
                ledger.format
            ),
        ));
    }
    if ledger.version > LEDGER_VERSION {
        return Err(DataError::file(
            file,
            format!(
                "version {} is newer than this build reads ({LEDGER_VERSION})",
                ledger.version
            ),
        ));
    }
    for (i, d) in ledger.deals.iter().enumerate() {
        let name = || format!("deals[{i}] ({})", d.id);
        if let Err((field, problem)) = d.check() {
            return Err(DataError::file(
                file,
                format!("{}: {field} {problem}", name()),
            ));
        }
        if ledger.deals[..i].iter().any(|o| o.id == d.id) {
            return Err(DataError::file(
                file,
                format!("{}: id is used by an earlier deal", name()),
            ));
        }
        if let Some(parent) = &d.expands
            && !ledger.deals.iter().any(|o| &o.id == parent)
        {
            return Err(DataError::file(
                file,
                format!("{}: expands '{parent}', which is not in the ledger", name()),
            ));
        }
    }
    Ok(ledger)
}

/// `deals[3].mw` as written by serde_path_to_error, or the document itself.
fn entry_path(path: &str) -> String {
    path.to_owned()
}

/// serde's message without its " at line X column Y" suffix.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// The ledger bundled with the app.
pub fn bundled_ledger() -> Result<DealLedger, DataError> {
    parse_ledger(LEDGER_JSON, BUNDLED_LEDGER)
}

/// Reads a ledger file from disk.
pub fn load_ledger(path: &Path) -> Result<DealLedger, DataError> {
    let text = std::fs::read_to_string(path).map_err(|e| DataError::io(path, e))?;
    parse_ledger(&text, &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_ledger_is_sourced_and_checked() {
        let l = bundled_ledger().unwrap();
        assert!(l.deals.len() >= 20, "{}", l.deals.len());
        for d in &l.deals {
            assert!(!d.sources.is_empty(), "{} has no source", d.id);
            for s in &d.sources {
                assert!(
                    s.url.starts_with("https://") || s.url.starts_with("http://"),
                    "{}: {}",
                    d.id,
                    s.url
                );
            }
        }
        let apld = l
            .deals
            .iter()
            .find(|d| d.id == "apld-coreweave-2025-06-02")
            .unwrap();
        assert_eq!(apld.reported_move_pct, Some(48.46));
    }

    #[test]
    fn a_bad_ledger_names_the_entry_and_the_field() {
        let good = LEDGER_JSON;
        let err = |text: &str| parse_ledger(text, "mine.json").unwrap_err().to_string();
        let bad_mw = good.replacen("\"mw\": 250.0", "\"mw\": -250.0", 1);
        assert!(
            err(&bad_mw).contains("(apld-coreweave-2025-06-02): mw must be above zero (got -250)"),
            "{}",
            err(&bad_mw)
        );
        let bad_type = good.replacen("\"mw\": 250.0", "\"mw\": \"lots\"", 1);
        let e = err(&bad_type);
        assert!(e.starts_with("mine.json: deals["), "{e}");
        assert!(e.contains("].mw: invalid type: string \"lots\""), "{e}");
        let bad_kind = good.replacen("\"kind\": \"colocation_lease\"", "\"kind\": \"loan\"", 1);
        assert!(
            err(&bad_kind).contains(".kind: unknown variant `loan`"),
            "{}",
            err(&bad_kind)
        );
        assert!(err("{").contains("line 1: not a deal ledger"));
        let other = good.replacen("minerlens-ai-deals", "something-else", 1);
        assert!(err(&other).contains("format is \"something-else\""));
    }
}
