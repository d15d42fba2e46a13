//! File labels in messages and the symbol a file name implies.

use std::path::{Path, PathBuf};

use crate::model::is_valid_symbol;

/// The file name as shown in messages (`MARA.csv`); the whole path when it has no name.
pub fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A ticker as MinerLens writes it: upper case, `BTC/USD` -> `BTC-USD`, Stooq's `.US` market
/// suffix dropped, characters a symbol cannot have replaced, at most 20 characters.
pub fn clean_symbol(raw: &str) -> String {
    let mut s = raw
        .trim()
        .trim_matches('"')
        .to_ascii_uppercase()
        .replace(['/', ' '], "-");
    for suffix in [".US", "_US_D", "_US_W", "_US_M", "_US"] {
        if let Some(stem) = s.strip_suffix(suffix).filter(|st| !st.is_empty()) {
            s = stem.to_owned();
            break;
        }
    }
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_uppercase() || c.is_ascii_digit() || "-.=^_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(20)
        .collect();
    let trimmed = cleaned.trim_matches('_').to_owned();
    debug_assert!(trimmed.is_empty() || is_valid_symbol(&trimmed));
    trimmed
}

/// The symbol a file name implies: `MARA.csv` -> MARA, `mara.us.txt` -> MARA, `GS2C.DE.json` ->
/// GS2C.DE, `BTC-USD.nasdaq-data-link.csv` -> BTC-USD, `clsk_us_d.csv` -> CLSK.
pub fn symbol_from_file_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = match name.rsplit_once('.') {
        Some((stem, ext))
            if ["csv", "txt", "json", "tsv", "parquet", "dat", "prn"]
                .contains(&ext.to_ascii_lowercase().as_str()) =>
        {
            stem.to_owned()
        }
        _ => name,
    };
    let mut parts = stem.split('.');
    let first = parts.next().unwrap_or_default();
    let symbol = match parts.next() {
        // An exchange suffix (GS2C.DE, BRK.B), but not Stooq's `.us`.
        Some(suffix)
            if (1..=3).contains(&suffix.len())
                && suffix.chars().all(|c| c.is_ascii_alphanumeric())
                && !suffix.eq_ignore_ascii_case("us") =>
        {
            format!("{first}.{suffix}")
        }
        _ => first.to_owned(),
    };
    let cleaned = clean_symbol(&symbol);
    if cleaned.is_empty() {
        "IMPORTED".to_owned()
    } else {
        cleaned
    }
}

/// Files of `paths`, directories expanded (one level, sorted, hidden files skipped). Paths that
/// do not exist are kept, so the import reports them.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir()
            && let Ok(entries) = std::fs::read_dir(path)
        {
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .filter(|p| !file_label(p).starts_with('.'))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(path.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_from_file_names() {
        let s = |n: &str| symbol_from_file_name(Path::new(n));
        assert_eq!(s("MARA.csv"), "MARA");
        assert_eq!(s("/tmp/BTC-USD.csv"), "BTC-USD");
        assert_eq!(s("mara.us.txt"), "MARA");
        assert_eq!(s("GS2C.DE.json"), "GS2C.DE");
        assert_eq!(s("BTC-USD.nasdaq-data-link.csv"), "BTC-USD");
        assert_eq!(s("clsk_us_d.csv"), "CLSK");
        assert_eq!(s("brk.b.csv"), "BRK.B");
        assert_eq!(s("my prices.csv"), "MY-PRICES");
        assert_eq!(
            s("bitstampUSD_1-min_data_2012-01-01_to_2021-03-31.csv").len(),
            20
        );
        assert_eq!(s("%%%.csv"), "IMPORTED");
        assert_eq!(clean_symbol("BTC/USD"), "BTC-USD");
    }
}
