//! Portfolio files: open (with migration from older versions and clear errors) and save
//! (atomically, keeping the previous version as `NAME.bak`). Opening never modifies the file.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::fsutil::atomic_write;
use crate::model::portfolio::{PORTFOLIO_FORMAT, PORTFOLIO_VERSION, Portfolio};

/// Portfolio files are small; anything bigger is not one.
pub const MAX_PORTFOLIO_BYTES: u64 = 16 * 1024 * 1024;

/// Why a portfolio could not be opened or saved. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum PortfolioError {
    #[error("{file}: no such file")]
    NotFound { file: String },
    #[error("{file}: is a directory, not a portfolio file")]
    Directory { file: String },
    #[error("{file}: {size} bytes is too large for a portfolio file (the limit is 16 MB)")]
    TooLarge { file: String, size: u64 },
    #[error("{file}: is a binary file, not a MinerLens portfolio (JSON text)")]
    Binary { file: String },
    #[error("{file}: line {line}, column {column}: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: not a MinerLens portfolio ({reason})")]
    NotPortfolio { file: String, reason: String },
    #[error(
        "{file}: was written by a newer MinerLens (portfolio version {found}); this build reads versions up to {supported}. Update MinerLens to open it; the file was not changed"
    )]
    NewerVersion {
        file: String,
        found: u64,
        supported: u32,
    },
    #[error("{file}: {field}: {message}")]
    Field {
        file: String,
        field: String,
        message: String,
    },
    #[error("{file}: {message}")]
    Io { file: String, message: String },
}

/// An opened portfolio and what the user should know about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub portfolio: Portfolio,
    /// Version found in the file when it was older than this build's (migrated in memory).
    pub migrated_from: Option<u32>,
    /// Unknown fields (kept on save) and similar remarks.
    pub warnings: Vec<String>,
}

fn file_label(path: &Path) -> String {
    path.display().to_string()
}

/// Opens a portfolio file. Reads at most [`MAX_PORTFOLIO_BYTES`]; never writes.
pub fn open(path: &Path) -> Result<Opened, PortfolioError> {
    let file = file_label(path);
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => PortfolioError::NotFound { file: file.clone() },
        _ => PortfolioError::Io {
            file: file.clone(),
            message: e.to_string(),
        },
    })?;
    if meta.is_dir() {
        return Err(PortfolioError::Directory { file });
    }
    if meta.len() > MAX_PORTFOLIO_BYTES {
        return Err(PortfolioError::TooLarge {
            file,
            size: meta.len(),
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_PORTFOLIO_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| PortfolioError::Io {
            file: file.clone(),
            message: e.to_string(),
        })?;
    parse(&bytes, &file)
}

/// Parses the bytes of a portfolio file; `file` names it in errors.
pub fn parse(bytes: &[u8], file: &str) -> Result<Opened, PortfolioError> {
    let file = file.to_owned();
    if bytes.contains(&0) {
        return Err(PortfolioError::Binary { file });
    }
    let text =
        std::str::from_utf8(bytes).map_err(|_| PortfolioError::Binary { file: file.clone() })?;
    let text = text.trim_start_matches('\u{feff}');
    let value: Value = serde_json::from_str(text).map_err(|e| PortfolioError::Json {
        file: file.clone(),
        line: e.line(),
        column: e.column(),
        message: json_message(&e),
    })?;
    let Value::Object(mut map) = value else {
        return Err(PortfolioError::NotPortfolio {
            file,
            reason: "the file is JSON but not an object".into(),
        });
    };
    match map.remove("format") {
        Some(Value::String(f)) if f == PORTFOLIO_FORMAT => {}
        Some(other) => {
            return Err(PortfolioError::NotPortfolio {
                file,
                reason: format!("\"format\" is {other}, expected \"{PORTFOLIO_FORMAT}\""),
            });
        }
        None => {
            return Err(PortfolioError::NotPortfolio {
                file,
                reason: format!("no \"format\": \"{PORTFOLIO_FORMAT}\" field"),
            });
        }
    }
    let version = match map.remove("version") {
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v >= 1) => n.as_u64().unwrap_or(1),
        Some(other) => {
            return Err(PortfolioError::Field {
                file,
                field: "version".into(),
                message: format!("{other} is not a version number (1, 2 ...)"),
            });
        }
        None => {
            return Err(PortfolioError::Field {
                file,
                field: "version".into(),
                message: "missing".into(),
            });
        }
    };
    if version > u64::from(PORTFOLIO_VERSION) {
        return Err(PortfolioError::NewerVersion {
            file,
            found: version,
            supported: PORTFOLIO_VERSION,
        });
    }
    let migrated_from = (version < u64::from(PORTFOLIO_VERSION)).then_some(version as u32);
    let migration_notes = migrate(&mut map, version);
    let portfolio: Portfolio =
        serde_path_to_error::deserialize(Value::Object(map)).map_err(|e| {
            let field = e.path().to_string();
            PortfolioError::Field {
                file: file.clone(),
                field: if field == "." {
                    "document".into()
                } else {
                    field
                },
                message: e.into_inner().to_string(),
            }
        })?;
    let mut warnings: Vec<String> = portfolio
        .extra
        .keys()
        .map(|k| format!("unknown field \"{k}\" ignored (it is kept when you save)"))
        .collect();
    for (i, h) in portfolio.holdings.iter().enumerate() {
        for (name, v) in [
            ("quantity", h.quantity),
            ("cost_basis_usd", h.cost_basis_usd),
        ] {
            if !v.is_finite() {
                return Err(PortfolioError::Field {
                    file,
                    field: format!("holdings[{i}].{name}"),
                    message: format!("{v} is not a finite number"),
                });
            }
        }
        if let Some(j) = portfolio.holdings[..i]
            .iter()
            .position(|o| o.symbol == h.symbol && o.open_date == h.open_date)
        {
            return Err(PortfolioError::Field {
                file,
                field: format!("holdings[{i}]"),
                message: format!(
                    "duplicate holding: {} opened {} is already holdings[{j}]",
                    h.symbol, h.open_date
                ),
            });
        }
    }
    // The portfolio's own deals pass the ledger's checks.
    for (i, d) in portfolio.deals.deals.iter().enumerate() {
        if let Err((field, message)) = d.check() {
            return Err(PortfolioError::Field {
                file,
                field: format!("deals.deals[{i}].{field}"),
                message,
            });
        }
    }
    if let Some(v) = migrated_from {
        warnings.push(format!(
            "version {v} file: opened and will be saved as version {PORTFOLIO_VERSION}"
        ));
    }
    warnings.extend(migration_notes);
    Ok(Opened {
        portfolio,
        migrated_from,
        warnings,
    })
}

/// Brings an older document up to the current version, in memory; returns what the user
/// should know about it.
fn migrate(map: &mut Map<String, Value>, version: u64) -> Vec<String> {
    if version < 2 {
        // Version 1 had no view, chart options or selection: the defaults apply. It stored the
        // window preset under "window": {"preset": ...} as version 2 does, so nothing moves.
        map.remove("view");
        map.remove("chart");
    }
    let mut notes = Vec::new();
    if version < 3 {
        let n = migrate_hosting_contracts(map);
        if n > 0 {
            notes.push(format!(
                "{n} hosting contract override{} became deals of your own beside the bundled \
                 deal ledger: check the Deal ledger window for deals counted twice",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    notes
}

/// Version 2 kept hosting contracts as `revenue_overrides.SYMBOL.hosting_contracts`; they become
/// the user's own deals (a colocation lease each, at its stated rate, start and ramp). Returns
/// how many.
fn migrate_hosting_contracts(map: &mut Map<String, Value>) -> usize {
    let mut deals: Vec<Value> = Vec::new();
    if let Some(Value::Object(overrides)) = map.get_mut("revenue_overrides") {
        for (symbol, o) in overrides.iter_mut() {
            let Some(Value::Array(list)) = o
                .as_object_mut()
                .and_then(|o| o.remove("hosting_contracts"))
            else {
                continue;
            };
            for (i, c) in list.iter().enumerate() {
                let get = |k: &str| c.get(k).cloned().unwrap_or(Value::Null);
                let start = get("start");
                deals.push(serde_json::json!({
                    "id": format!("{}-contract-{}", symbol.to_ascii_lowercase(), i + 1),
                    "announced": start,
                    "symbol": symbol,
                    "counterparty": get("tenant"),
                    "kind": "colocation_lease",
                    "mw": get("mw"),
                    "usd_per_mw_year": get("usd_per_mw_year"),
                    "billing_start": start,
                    "ramp_months": get("ramp_months"),
                    "notes": format!(
                        "from the portfolio's hosting contract overrides (version 2): {}",
                        c.get("source").and_then(Value::as_str).unwrap_or("")
                    ),
                }));
            }
        }
        overrides.retain(|_, o| o.as_object().is_none_or(|m| !m.is_empty()));
    }
    let n = deals.len();
    if !deals.is_empty() {
        let entry = map
            .entry("deals")
            .or_insert_with(|| serde_json::json!({ "deals": [] }));
        if let Some(Value::Array(list)) = entry.get_mut("deals") {
            list.extend(deals);
        }
    }
    n
}

/// serde_json's message without its " at line X column Y" suffix (we print those ourselves).
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// The file's JSON: `format` and `version` first, then the document, pretty-printed.
pub fn to_json(portfolio: &Portfolio) -> Result<String, serde_json::Error> {
    let mut map = Map::new();
    map.insert("format".into(), Value::String(PORTFOLIO_FORMAT.into()));
    map.insert("version".into(), Value::from(PORTFOLIO_VERSION));
    if let Value::Object(body) = serde_json::to_value(portfolio)? {
        map.extend(body);
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(map))?;
    text.push('\n');
    Ok(text)
}

/// Saves atomically: temporary file, flush, rename; the previous file is kept as `NAME.bak`.
/// On failure the old file and the in-memory document are unchanged.
pub fn save(path: &Path, portfolio: &Portfolio) -> Result<PathBuf, PortfolioError> {
    let file = file_label(path);
    let text = to_json(portfolio).map_err(|e| PortfolioError::Io {
        file: file.clone(),
        message: e.to_string(),
    })?;
    if path.is_dir() {
        return Err(PortfolioError::Directory { file });
    }
    atomic_write(path, true, |w| w.write_all(text.as_bytes())).map_err(|e| PortfolioError::Io {
        file,
        message: format!("could not save: {e}"),
    })?;
    Ok(path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::sample::SAMPLE_PORTFOLIO_JSON;

    #[test]
    fn the_sample_opens_and_round_trips() {
        let opened = parse(SAMPLE_PORTFOLIO_JSON.as_bytes(), "sample").unwrap();
        assert_eq!(opened.portfolio.name, "AI pivot watchlist");
        assert_eq!(opened.portfolio.groups.len(), 2);
        let again = parse(to_json(&opened.portfolio).unwrap().as_bytes(), "again").unwrap();
        assert_eq!(again.portfolio, opened.portfolio);
        assert_eq!(again.migrated_from, None);
    }

    #[test]
    fn errors_name_file_and_place() {
        let err = |text: &str| parse(text.as_bytes(), "p.json").unwrap_err().to_string();
        assert_eq!(
            err(
                "{\n  \"format\": \"minerlens-portfolio\",\n  \"version\": 2,\n  \"name\": \"x\",,\n}"
            ),
            "p.json: line 4, column 15: key must be a string"
        );
        assert_eq!(
            err(
                r#"{"format": "minerlens-portfolio", "version": 2, "name": "x", "holdings": [{"symbol": "MARA", "quantity": "ten", "cost_basis_usd": 1, "open_date": "2025-01-02"}]}"#
            ),
            "p.json: holdings[0].quantity: invalid type: string \"ten\", expected f64"
        );
    }
}
