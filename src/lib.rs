//! MinerLens: divergence analytics for Bitcoin-miner stocks turning into AI data-center
//! operators.
//!
//! Layers only look down: `ui -> chart -> analysis -> data -> model`, and `cli` uses the same
//! layers as `ui`. Nothing below `ui` imports egui, so everything the app shows can be computed,
//! tested and exported from the command line.
//!
//! # Feature map
//!
//! | feature | model and data | analysis | chart | window | command |
//! | --- | --- | --- | --- | --- | --- |
//! | price import | [`data::import`], [`data::prices`] | | | `ui::controllers::import` | [`cli::import`] |
//! | live prices | [`data::fetch`] | | | `ui::controllers::refresh` | [`cli::fetch`] |
//! | divergence, performance, decoupling, relative strength, drawdown | [`model::window`] | [`analysis::align`], [`analysis::divergence`], [`analysis::series`], [`analysis::stats`] | [`chart::views`] | `ui::panels::table`, `ui::panels::symbols` | [`cli::analyze`] |
//! | portfolio | [`model::portfolio`], [`data::portfolio_file`] | [`analysis::portfolio`] | [`chart::views`] | `ui::panels::holdings`, `ui::app::document` | [`cli::portfolio`] |
//! | deal ledger and markers | [`model::deals`], [`data::deals`] | | [`chart::markers`] | `ui::panels::deals` | `events --ledger` |
//! | event study | | [`analysis::events`] | [`chart::event_views`] | `ui::panels::events` | [`cli::events`] |
//! | revenue mix, capacity | [`model::fundamentals`], [`model::miner_fields`], [`data::fundamentals`] | [`analysis::revenue`] | [`chart::revenue_views`] | `ui::panels::revenue` | [`cli::revenue_mix`] |
//! | per-MW economics | the same | [`analysis::economics`] | [`chart::economics_views`] | `ui::panels::revenue` | [`cli::economics`] |
//! | two-factor exposure | | [`analysis::exposure`] | [`chart::exposure_views`] | `ui::panels::exposure` | [`cli::exposure`] |
//! | chart export | | | [`chart::render`], [`chart::dispatch`] | `ui::controllers::export`, `ui::plot` | [`cli::chart`] |
//! | methodology text | `docs/methodology.md` | [`analysis::methodology`] | | `ui::markdown` | |
//! | demo universe | [`data::demo`], [`data::sample`] | | | | [`cli::demo_data`] |
//!
//! `docs/architecture.md` has one line per file.

pub mod analysis;
pub mod chart;
pub mod cli;
pub mod data;
#[doc(hidden)]
pub mod fuzzing;
pub mod model;
#[cfg(feature = "gui")]
pub mod ui;
