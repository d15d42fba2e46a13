//! The divergence analytics: alignment to the benchmark, window returns, spread in points,
//! relative strength, beta, correlation, volatility, drawdowns, rolling statistics and baskets.
//!
//! Polars does the data work (the as-of join that samples the benchmark on each symbol's trading
//! dates); the statistics are then computed by small, explicit loops over checked `f64` vectors,
//! one function per formula of the methodology, so every number can be traced to its definition.

pub mod align;
pub mod divergence;
pub mod economics;
pub mod events;
pub mod exposure;
pub mod methodology;
pub mod portfolio;
pub mod revenue;
pub mod series;
pub mod stats;

pub use align::{Aligned, AlignedSeries};
pub use divergence::{Analysis, BasketResult, DivergenceRow, WindowSpec};

/// Errors of the analysis layer, each a sentence a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error("unknown symbol {0}: it is not in the loaded data")]
    UnknownSymbol(String),
    #[error("the benchmark {0} is not in the loaded data")]
    UnknownBenchmark(String),
    #[error("the window starts ({from}) after it ends ({to})")]
    InvertedWindow {
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
    #[error("{symbol} has {count} price(s) between {from} and {to}; at least 2 are needed")]
    TooFewPrices {
        symbol: String,
        count: usize,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
    #[error(transparent)]
    Data(#[from] crate::data::DataError),
}

impl From<polars::error::PolarsError> for AnalysisError {
    fn from(e: polars::error::PolarsError) -> Self {
        AnalysisError::Data(e.into())
    }
}

pub use methodology::{METHODOLOGY, section as methodology_section};
