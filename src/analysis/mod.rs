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

/// The methodology, as shown in the app's help (the README has the same text).
pub const METHODOLOGY: &str = "\
Price: Adj Close when the source has it, else Close.
Benchmark: BTC-USD by default. It is sampled on each symbol's own trading dates with an as-of \
(backward) join: its last close on or before that date.
Window [from, to]: start = the symbol's first date on or after `from`; end = its last date on or \
before `to`.
return_pct = (P_end / P_start - 1) * 100. benchmark_return_pct: the same on the sampled benchmark \
between the same two dates.
divergence_pp = return_pct - benchmark_return_pct (percentage points).
relative_pct = ((1 + r) / (1 + r_b) - 1) * 100: the price ratio symbol / benchmark, rebased.
Daily returns: simple returns between consecutive dates of the symbol inside the window (N prices \
give N-1 returns); the benchmark's returns between the same dates.
beta = cov(r, r_b) / var(r_b); correlation = Pearson(r, r_b); both need at least 3 returns, \
otherwise they are empty and the table says why.
volatility_pct = sample standard deviation (ddof 1) of r * sqrt(252) * 100.
max_drawdown_pct = min over the window of (P_t / max(P_s, s <= t) - 1) * 100.
Rolling beta and correlation: over the last N returns ending on each date (N = 30, 60 or 90), \
using returns before the window start when the history has them.
Basket: the equal-weight buy-and-hold basket of the chosen symbols: its return is the mean of \
the members' returns, its spread the mean of their spreads.";
