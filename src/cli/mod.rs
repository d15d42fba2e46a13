//! The `minerlens` command line: one file per subcommand. Everything the GUI computes is
//! reachable from here, for scripts.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod analyze;
pub mod chart;
pub mod common;
pub mod demo_data;
pub mod economics;
pub mod events;
pub mod exposure;
pub mod fetch;
pub mod import;
pub mod portfolio;
pub mod revenue_mix;
pub mod table;

/// Exit code for bad arguments or unreadable input.
pub const EXIT_USAGE: u8 = 2;
/// Exit code when some items failed and others succeeded.
pub const EXIT_PARTIAL: u8 = 1;

#[derive(Debug, Parser)]
#[command(
    name = "minerlens",
    version,
    about = "Bitcoin miners vs BTC: divergence analytics, revenue mix and charts",
    long_about = "MinerLens measures how far Bitcoin-miner stocks move away from BTC as they turn \
                  into AI/HPC data-center operators.\n\nWithout a subcommand it opens the desktop \
                  app (on FILE, a portfolio, if given). Every subcommand works without a window.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A portfolio file to open in the app.
    pub file: Option<PathBuf>,

    /// More log output on stderr (-v info, -vv debug); RUST_LOG overrides it.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Returns, spread vs the benchmark, relative strength, beta, correlation, volatility and
    /// drawdown per symbol over a window.
    Analyze(analyze::AnalyzeArgs),
    /// Draw a chart view into a PNG or SVG file (no window or GPU needed).
    Chart(chart::ChartArgs),
    /// Regenerate the synthetic demo price files (byte for byte).
    DemoData(demo_data::DemoDataArgs),
    /// A portfolio's holdings against BTC and the equal-weight basket ("had I bought BTC
    /// instead").
    Portfolio(portfolio::PortfolioArgs),
    /// Each miner's yearly revenue from mining, AI/HPC hosting and GPU cloud, its AI share,
    /// breakeven BTC price and sensitivity to BTC.
    RevenueMix(revenue_mix::RevenueMixArgs),
    /// Per MW, what mining earns against hosting AI/HPC tenants: gross profit, hashcost, the
    /// cost to mine a BTC, the switch BTC price and hashrate, payback.
    Economics(economics::EconomicsArgs),
    /// Two-factor exposure per symbol: beta to BTC and to an AI-infrastructure basket, R² and
    /// the share of each (over a window, and rolling).
    Exposure(exposure::ExposureArgs),
    /// Import price files (any format, recognised from the content) into the local price store
    /// and print what was found in each.
    Import(import::ImportArgs),
    /// The event study of the AI/HPC deals: the market's reaction to each announcement beyond
    /// what BTC explains (MacKinlay's market model), and the average.
    Events(events::EventsArgs),
    /// Fetch daily prices (Yahoo Finance, Coinbase for crypto) into the local price store, or
    /// the network hashrate and difficulty with --network.
    Fetch(fetch::FetchArgs),
}

/// Runs a subcommand and turns its outcome into an exit code; errors are printed once, here.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Analyze(args) => analyze::run(&args),
        Command::Chart(args) => chart::run(&args),
        Command::DemoData(args) => demo_data::run(&args),
        Command::Portfolio(args) => portfolio::run(&args),
        Command::RevenueMix(args) => revenue_mix::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Fetch(args) => fetch::run(&args),
        Command::Events(args) => events::run(&args),
        Command::Economics(args) => economics::run(&args),
        Command::Exposure(args) => exposure::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
