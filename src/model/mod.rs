//! Plain data types shared by every layer: symbols, date windows, portfolios, miner fundamentals.
//!
//! Nothing here knows about polars, egui or the network; everything is `serde` so it can live in
//! files.

pub mod dates;
pub mod deals;
pub mod fmt;
pub mod fundamentals;
pub mod miner_fields;
pub mod options;
pub mod portfolio;
pub mod window;

pub use dates::{date_to_days, days_to_date, parse_date};
pub use window::{DateRange, WindowPreset};

/// The default benchmark every miner is measured against.
pub const BTC_SYMBOL: &str = "BTC-USD";

/// Normalises a user-typed ticker: trimmed and upper case (`" mara "` -> `"MARA"`).
pub fn normalize_symbol(raw: &str) -> String {
    raw.trim().to_ascii_uppercase()
}

/// True when `symbol` looks like a ticker: 1-20 characters of `A-Z 0-9 . - = ^ _`.
pub fn is_valid_symbol(symbol: &str) -> bool {
    !symbol.is_empty()
        && symbol.len() <= 20
        && symbol
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "-.=^_".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_normalized_and_checked() {
        assert_eq!(normalize_symbol(" mara "), "MARA");
        assert!(is_valid_symbol("BTC-USD"));
        assert!(is_valid_symbol("GS2C.DE"));
        assert!(!is_valid_symbol(""));
        assert!(!is_valid_symbol("MA RA"));
        assert!(!is_valid_symbol("mara"));
    }
}
