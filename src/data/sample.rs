//! The bundled demo universe, embedded in the binary so the app starts anywhere.

use super::import::store::PriceStore;
use super::prices::{PriceFrame, SymbolSummary};
use super::{DataError, yahoo_csv};

/// Source label of demo rows; the status bar shows it as [`DEMO_LABEL`].
pub const DEMO_SOURCE: &str = "demo (synthetic)";

/// Where the data came from, in status bars, chart footers and command output.
pub const DEMO_LABEL: &str = "Demo data (synthetic)";

/// True for a symbol that came from an import or a fetch (not the bundled demo universe).
pub fn is_imported(summary: &SymbolSummary) -> bool {
    summary.source != DEMO_SOURCE
}

/// A warning when real prices are measured against the synthetic demo benchmark, or synthetic
/// demo series against a real benchmark: the comparison means nothing.
pub fn mixed_sources_note(
    summaries: &[SymbolSummary],
    benchmark: &str,
    symbols: &[String],
) -> Option<String> {
    let synthetic = |s: &str| summaries.iter().any(|x| x.symbol == s && !is_imported(x));
    let bench_synthetic = synthetic(benchmark);
    let odd: Vec<&str> = symbols
        .iter()
        .map(String::as_str)
        .filter(|s| *s != benchmark && summaries.iter().any(|x| x.symbol == *s))
        .filter(|s| synthetic(s) != bench_synthetic)
        .collect();
    if odd.is_empty() {
        return None;
    }
    let list = match odd.len() {
        1..=4 => odd.join(", "),
        n => format!("{} and {} more", odd[..3].join(", "), n - 3),
    };
    Some(if bench_synthetic {
        format!(
            "real prices ({list}) are compared with the synthetic demo {benchmark}: import or \
             fetch {benchmark}, or turn the demo universe off"
        )
    } else {
        format!(
            "synthetic demo series ({list}) are compared with the real {benchmark}: fetch or \
             import them, or turn the demo universe off"
        )
    })
}

/// "Demo data (synthetic) + 2 imported", "Imported data (3 symbols)", "Demo data (synthetic) +
/// 3 fetched" or the demo label.
pub fn source_label(summaries: &[SymbolSummary]) -> String {
    let fetched = summaries
        .iter()
        .filter(|s| super::fetch::is_fetched_source(&s.source))
        .count();
    let imported = summaries.iter().filter(|s| is_imported(s)).count() - fetched;
    let demo = summaries.len() - imported - fetched;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match (demo, imported, fetched) {
        (_, 0, 0) => DEMO_LABEL.to_owned(),
        (0, n, 0) => format!("Imported data ({n} symbol{})", plural(n)),
        (0, 0, n) => format!("Fetched data ({n} symbol{})", plural(n)),
        (0, i, f) => format!("Fetched data ({f} symbol{}) + {i} imported", plural(f)),
        (_, i, 0) => format!("{DEMO_LABEL} + {i} imported"),
        (_, 0, f) => format!("{DEMO_LABEL} + {f} fetched"),
        (_, i, f) => format!("{DEMO_LABEL} + {f} fetched + {i} imported"),
    }
}

/// Whether the synthetic demo universe is loaded beside the price store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DemoChoice {
    /// The demo universe until the store holds real prices of the benchmark (BTC-USD): from
    /// then on real prices are not compared with synthetic ones unless asked for.
    #[default]
    Auto,
    On,
    Off,
}

impl DemoChoice {
    pub fn include(self, store: Option<&PriceStore>) -> bool {
        match self {
            DemoChoice::On => true,
            DemoChoice::Off => false,
            DemoChoice::Auto => !store.is_some_and(|s| s.contains(crate::model::BTC_SYMBOL)),
        }
    }
}

/// The data the app and the commands start from: the price store, over the demo universe when
/// `demo` includes it (a stored symbol replaces the demo symbol of the same name). A stored
/// file that cannot be read is left out and returned as a problem; the rest loads.
pub fn demo_with_store(
    store: Option<&PriceStore>,
    demo: DemoChoice,
) -> Result<(PriceFrame, Vec<DataError>), DataError> {
    let (stored, problems) = match store {
        Some(store) => store.load_all(),
        None => (PriceFrame::empty(), Vec::new()),
    };
    if demo.include(store) {
        return Ok((load_demo()?.replace_symbols(stored)?, problems));
    }
    if stored.is_empty() {
        return Err(DataError::file(
            "price store",
            "holds no prices and the demo universe is off: import or fetch prices, or turn the \
             demo universe on (View > Demo universe, or --demo)",
        ));
    }
    Ok((stored, problems))
}

macro_rules! demo_file {
    ($symbol:literal) => {
        (
            $symbol,
            include_str!(concat!("../../sample_data/prices/", $symbol, ".csv")),
        )
    };
}

/// (symbol, Yahoo CSV text) of every demo file.
pub const DEMO_FILES: [(&str, &str); 18] = [
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
    demo_file!("NVDA"),
    demo_file!("AMD"),
    demo_file!("AVGO"),
    demo_file!("VRT"),
    demo_file!("SMH"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn summary(symbol: &str, source: &str) -> SymbolSummary {
        let d = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap_or_default();
        SymbolSummary {
            symbol: symbol.into(),
            first_date: d,
            last_date: d,
            last_close: 1.0,
            rows: 1,
            source: source.into(),
        }
    }

    #[test]
    fn the_source_label_stays_true() {
        let demo = summary("MARA", DEMO_SOURCE);
        let imported = summary("BTC-USD", "BTC-USD.csv (Yahoo CSV)");
        assert_eq!(
            source_label(std::slice::from_ref(&demo)),
            "Demo data (synthetic)"
        );
        assert_eq!(
            source_label(&[
                demo.clone(),
                imported.clone(),
                summary("X", "x.csv (Stooq CSV)")
            ]),
            "Demo data (synthetic) + 2 imported"
        );
        let fetched = summary("IREN", crate::data::fetch::Provider::Yahoo.label());
        assert_eq!(
            source_label(&[demo.clone(), fetched.clone()]),
            "Demo data (synthetic) + 1 fetched"
        );
        assert_eq!(
            source_label(&[demo, fetched.clone(), imported.clone()]),
            "Demo data (synthetic) + 1 fetched + 1 imported"
        );
        assert_eq!(source_label(&[fetched]), "Fetched data (1 symbol)");
        assert_eq!(source_label(&[imported]), "Imported data (1 symbol)");
    }
}
