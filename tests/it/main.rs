//! The integration tests, in one binary so the whole stack (polars, egui, wgpu) is linked once.
//! Each file is a module; run one with a filter, e.g. `cargo test --test it fetch::`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod cli_analyze;
mod cli_revenue;
mod demo_data;
mod evidence;
mod export;
mod fetch;
mod fuzz_replay;
mod gui;
mod gui_portfolio;
mod gui_revenue;
mod gui_views;
mod gui_window;
mod import;
mod import_gui;
mod portfolio_files;
mod realdata_analysis;
mod refresh_gui;
