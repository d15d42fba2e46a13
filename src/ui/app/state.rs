//! The app's plain state: the loaded prices, what the right panel shows, toasts, and the
//! selection of symbols.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::MinerLensApp;
use crate::data::{PriceFrame, PriceSeries, SymbolSummary};
use crate::model::{BTC_SYMBOL, DateRange};

/// Label of the bundled data in the status bar and chart footers.
pub const DEMO_SOURCE_LABEL: &str = crate::data::sample::DEMO_LABEL;

/// Symbols ticked on first start when the data has them all: the AI pivoters against the
/// pure-play miners and BTC.
pub const DEFAULT_SELECTION: [&str; 7] =
    ["BTC-USD", "IREN", "CIFR", "WULF", "MARA", "RIOT", "CLSK"];

/// Prices in memory and where they came from.
pub struct LoadedData {
    pub prices: PriceFrame,
    /// Every symbol's series (Adj Close else Close), for the portfolio analytics.
    pub series: std::collections::BTreeMap<String, PriceSeries>,
    pub source: String,
    pub summaries: Vec<SymbolSummary>,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl LoadedData {
    pub fn new(prices: PriceFrame, source: impl Into<String>) -> Result<Self, String> {
        let summaries = prices.summaries().map_err(|e| e.to_string())?;
        let series = prices.all_series().map_err(|e| e.to_string())?;
        let (first, last) = prices
            .date_range()
            .ok_or_else(|| "the data has no prices".to_owned())?;
        Ok(Self {
            prices,
            series,
            source: source.into(),
            summaries,
            first,
            last,
        })
    }

    /// Prices labelled by where they came from ("Demo data (synthetic) + 2 imported").
    pub fn from_prices(prices: PriceFrame) -> Result<Self, String> {
        let summaries = prices.summaries().map_err(|e| e.to_string())?;
        Self::new(prices, crate::data::sample::source_label(&summaries))
    }

    pub fn symbols(&self) -> impl Iterator<Item = &str> {
        self.summaries.iter().map(|s| s.symbol.as_str())
    }
}

/// What the right-hand panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RightTab {
    #[default]
    Divergence,
    Holdings,
}

/// A short message in the corner.
pub struct Toast {
    pub text: String,
    pub is_error: bool,
    pub until: Instant,
}

impl MinerLensApp {
    pub fn toast(&mut self, text: impl Into<String>, is_error: bool) {
        let text = text.into();
        if is_error {
            log::warn!("{text}");
        }
        self.toasts.push(Toast {
            text,
            is_error,
            until: Instant::now() + Duration::from_secs(if is_error { 10 } else { 5 }),
        });
    }

    /// Ticked symbols (all loaded symbols until the user changes the selection).
    pub fn selected(&self) -> BTreeSet<String> {
        match (&self.doc.portfolio.selected, &self.data) {
            (Some(list), Some(data)) => list
                .iter()
                .filter(|s| data.symbols().any(|x| x == s.as_str()))
                .cloned()
                .collect(),
            (Some(list), None) => list.iter().cloned().collect(),
            (None, Some(data)) => {
                let loaded: BTreeSet<String> = data.symbols().map(str::to_owned).collect();
                let featured: BTreeSet<String> = DEFAULT_SELECTION
                    .iter()
                    .map(|s| (*s).to_owned())
                    .filter(|s| loaded.contains(s))
                    .collect();
                // The demo story by default; everything for other data.
                if featured.len() == DEFAULT_SELECTION.len() {
                    featured
                } else {
                    loaded
                }
            }
            (None, None) => BTreeSet::new(),
        }
    }

    pub fn is_selected(&self, symbol: &str) -> bool {
        self.selected().contains(symbol)
    }

    /// The benchmark the analysis uses: the portfolio's when it is loaded, else BTC-USD, else
    /// the first loaded symbol (the portfolio keeps its own either way).
    pub fn benchmark(&self) -> &str {
        let wanted = self.doc.portfolio.benchmark.as_str();
        let Some(data) = &self.data else {
            return wanted;
        };
        if data.symbols().any(|s| s == wanted) {
            wanted
        } else if data.symbols().any(|s| s == BTC_SYMBOL) {
            BTC_SYMBOL
        } else {
            data.symbols().next().unwrap_or(wanted)
        }
    }

    /// True when the loaded data includes demo (synthetic) series.
    pub fn demo_loaded(&self) -> bool {
        self.data.as_ref().is_some_and(|d| {
            d.summaries
                .iter()
                .any(|s| !crate::data::sample::is_imported(s))
        })
    }

    /// The analysis window for the loaded data.
    pub fn window(&self) -> Option<DateRange> {
        let data = self.data.as_ref()?;
        Some(self.doc.portfolio.window.resolve(data.first, data.last))
    }

    pub(crate) fn set_selected_list(&mut self, set: BTreeSet<String>) {
        self.doc.portfolio.selected = Some(set.into_iter().collect());
        self.dirty = true;
    }
}
