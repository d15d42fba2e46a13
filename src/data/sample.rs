//! The bundled demo universe, embedded in the binary so the app starts anywhere.

use super::prices::{PriceFrame, PriceRows};
use super::{DataError, yahoo_csv};

/// Source label of demo rows; the status bar shows it as "Demo data (synthetic)".
pub const DEMO_SOURCE: &str = "demo (synthetic)";

macro_rules! demo_file {
    ($symbol:literal) => {
        (
            $symbol,
            include_str!(concat!("../../sample_data/prices/", $symbol, ".csv")),
        )
    };
}

/// (symbol, Yahoo CSV text) of every demo file.
pub const DEMO_FILES: [(&str, &str); 13] = [
    demo_file!("BTC-USD"),
    demo_file!("MARA"),
    demo_file!("RIOT"),
    demo_file!("CLSK"),
    demo_file!("CORZ"),
    demo_file!("IREN"),
    demo_file!("CIFR"),
    demo_file!("HUT"),
    demo_file!("WULF"),
    demo_file!("BITF"),
    demo_file!("HIVE"),
    demo_file!("BTDR"),
    demo_file!("APLD"),
];

/// The miner fundamentals shipped with the app (`sample_data/fundamentals.json`).
pub const FUNDAMENTALS_JSON: &str = include_str!("../../sample_data/fundamentals.json");

/// The sample portfolio (`sample_data/portfolio.minerlens.json`).
pub const SAMPLE_PORTFOLIO_JSON: &str = include_str!("../../sample_data/portfolio.minerlens.json");

/// The demo universe as one long-form price frame.
pub fn load_demo() -> Result<PriceFrame, DataError> {
    let mut frames = Vec::with_capacity(DEMO_FILES.len());
    for (symbol, text) in DEMO_FILES {
        let parsed = yahoo_csv::parse(text, &format!("sample_data/prices/{symbol}.csv"))?;
        frames.push(PriceFrame::from_rows(symbol, DEMO_SOURCE, &parsed.rows)?);
    }
    PriceFrame::concat(frames)
}

/// Rows of one embedded demo file, for tests and benchmarks.
pub fn demo_rows(symbol: &str) -> Result<PriceRows, DataError> {
    let (_, text) = DEMO_FILES
        .iter()
        .find(|(s, _)| *s == symbol)
        .ok_or_else(|| DataError::UnknownSymbol(symbol.to_owned()))?;
    Ok(yahoo_csv::parse(text, symbol)?.rows)
}
