//! MinerLens: divergence analytics for Bitcoin-miner stocks turning into AI data-center
//! operators.
//!
//! Layers only look down: `ui -> chart -> analysis -> data -> model`, and `cli` uses the same
//! layers as `ui`. Nothing below `ui` imports egui, so everything the app shows can be computed,
//! tested and exported from the command line.

pub mod analysis;
pub mod chart;
pub mod cli;
pub mod data;
#[doc(hidden)]
pub mod fuzzing;
pub mod model;
#[cfg(feature = "gui")]
pub mod ui;
