//! Entry points for the fuzz targets in `fuzz/` and for the replay of their corpus in
//! `cargo test` (`tests/it/fuzz_replay.rs`): each takes any bytes, and no input may make it
//! panic. Not an API for anything else.

pub use crate::data::import::fuzzing::{csv_text, detect, import_bytes, intraday, json_prices};

use crate::model::dates::ymd;

/// A portfolio file: read (with migration), checked, written and read back.
pub fn portfolio(bytes: &[u8]) {
    if let Ok(opened) = crate::data::portfolio_file::parse(bytes, "fuzz.minerlens.json") {
        let _ = opened.portfolio.validate(ymd(2026, 12, 1));
        if let Ok(text) = crate::data::portfolio_file::to_json(&opened.portfolio) {
            let _ = crate::data::portfolio_file::parse(text.as_bytes(), "again.minerlens.json");
        }
    }
}

/// A fundamentals file: read, then every model that uses it.
pub fn fundamentals(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let Ok(file) = crate::data::fundamentals::parse_fundamentals(&text, "fuzz.json") else {
        return;
    };
    if let Ok(ledger) = crate::data::deals::bundled_ledger() {
        run_models(&file, &ledger.deals);
    }
}

/// Every model a fundamentals file and a ledger feed: the revenue mix, the economics and the
/// capacity series.
fn run_models(
    file: &crate::model::fundamentals::FundamentalsFile,
    deals: &[crate::model::deals::Deal],
) {
    use crate::analysis::revenue::{self, Market};
    let market = Market::from_file(file, file.as_of, 90_000.0);
    let overrides = Default::default();
    let model = revenue::ModelInputs {
        fundamentals: file,
        overrides: &overrides,
        deals,
    };
    let _ = revenue::revenue_mix(&model, &market, None);
    let _ = crate::analysis::economics::economics(&model, &market, None);
    let _ = revenue::capacity_series(file, deals, None);
}

/// A deal ledger: read, then every model the deals feed (capacity, revenue mix, economics).
pub fn ledger(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let Ok(ledger) = crate::data::deals::parse_ledger(&text, "fuzz-ledger.json") else {
        return;
    };
    if let Ok(file) = crate::data::fundamentals::bundled_fundamentals() {
        run_models(&file, &ledger.deals);
    }
}

/// The small settings files: data sources, recent files, the fetch log, the network history.
pub fn settings(bytes: &[u8]) {
    let _ = serde_json::from_slice::<crate::data::fetch::DataSources>(bytes);
    let _ = serde_json::from_slice::<crate::data::recent::RecentFiles>(bytes);
    let _ = serde_json::from_slice::<crate::data::fetch::FetchLog>(bytes);
    if let Ok(h) = serde_json::from_slice::<crate::data::fetch::network::NetworkHistory>(bytes) {
        let _ = h.latest_hashrate();
        let _ = h.latest_difficulty();
    }
}

/// A fuzz target's entry point.
pub type Target = fn(&[u8]);

/// The fuzz targets by name, for the replay: (target, entry point).
pub const TARGETS: [(&str, Target); 9] = [
    ("import_any", |b| import_bytes(b, "FUZZ.csv")),
    ("csv_text", csv_text),
    ("detect", detect),
    ("json_prices", json_prices),
    ("intraday", intraday),
    ("portfolio", portfolio),
    ("fundamentals", fundamentals),
    ("settings", settings),
    ("ledger", ledger),
];
