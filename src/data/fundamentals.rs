//! Reading miner fundamentals files (`sample_data/fundamentals.json` is the bundled one).

use std::path::Path;

use super::DataError;
use super::sample::FUNDAMENTALS_JSON;
use crate::model::fundamentals::{FUNDAMENTALS_FORMAT, FUNDAMENTALS_VERSION, FundamentalsFile};

/// Name of the bundled file in messages.
pub const BUNDLED_FUNDAMENTALS: &str = "sample_data/fundamentals.json";

/// Parses a fundamentals file; `file` names it in errors.
pub fn parse_fundamentals(text: &str, file: &str) -> Result<FundamentalsFile, DataError> {
    let parsed: FundamentalsFile = serde_json::from_str(text).map_err(|e| DataError::Parse {
        file: file.to_owned(),
        line: e.line(),
        message: e.to_string(),
    })?;
    if parsed.format != FUNDAMENTALS_FORMAT {
        return Err(DataError::file(
            file,
            format!(
                "format is \"{}\", expected \"{FUNDAMENTALS_FORMAT}\"",
                parsed.format
            ),
        ));
    }
    if parsed.version > FUNDAMENTALS_VERSION {
        return Err(DataError::file(
            file,
            format!(
                "version {} is newer than this build reads ({FUNDAMENTALS_VERSION})",
                parsed.version
            ),
        ));
    }
    Ok(parsed)
}

/// The fundamentals bundled with the app.
pub fn bundled_fundamentals() -> Result<FundamentalsFile, DataError> {
    parse_fundamentals(FUNDAMENTALS_JSON, BUNDLED_FUNDAMENTALS)
}

/// Reads a fundamentals file from disk.
pub fn load_fundamentals(path: &Path) -> Result<FundamentalsFile, DataError> {
    let text = std::fs::read_to_string(path).map_err(|e| DataError::io(path, e))?;
    parse_fundamentals(&text, &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_file_parses_and_every_value_has_a_source() {
        let f = bundled_fundamentals().unwrap();
        assert_eq!(f.miners.len(), 12);
        for m in &f.miners {
            for (name, v) in [
                ("hashrate_eh", &m.hashrate_eh),
                ("efficiency_j_per_th", &m.efficiency_j_per_th),
                ("power_cost_usd_per_mwh", &m.power_cost_usd_per_mwh),
                ("uptime_pct", &m.uptime_pct),
                ("pool_fee_pct", &m.pool_fee_pct),
                ("mining_mw", &m.mining_mw),
            ] {
                assert!(!v.source.trim().is_empty(), "{} {name}", m.symbol);
            }
            for c in &m.hosting_contracts {
                assert!(!c.source.trim().is_empty(), "{} {}", m.symbol, c.tenant);
            }
        }
    }

    #[test]
    fn bad_files_name_the_file_and_line() {
        let err = parse_fundamentals("{\n\"format\": 3\n}", "f.json").unwrap_err();
        assert!(err.to_string().starts_with("f.json: line 2:"), "{err}");
        let text = FUNDAMENTALS_JSON.replacen("minerlens-fundamentals", "other", 1);
        let err = parse_fundamentals(&text, "g.json").unwrap_err();
        assert!(
            err.to_string().contains("g.json: format is \"other\""),
            "{err}"
        );
    }
}
