//! Getting prices in: the long-form price frame, file formats, the bundled demo universe and the
//! trading calendar. Polars calls stay in this layer and in `analysis`.

pub mod calendar;
pub mod deals;
pub mod demo;
pub mod error;
pub mod fetch;
pub mod fsutil;
pub mod fundamentals;
pub mod import;
pub mod paths;
pub mod portfolio_file;
pub mod prices;
pub mod recent;
pub mod rng;
pub mod sample;
pub mod yahoo_csv;

pub use error::DataError;
pub use prices::{PriceFrame, PriceSeries, SymbolSummary};
