//! The `minerlens` binary: parses the command line; without a subcommand it starts the app.

use std::process::ExitCode;

use clap::Parser;
use minerlens::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let level = match cli.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(level)).init();
    match cli.command {
        Some(command) => cli::run(command),
        #[cfg(feature = "gui")]
        None => minerlens::ui::run(cli.file),
        #[cfg(not(feature = "gui"))]
        None => {
            eprintln!("this build has no window (built without the gui feature): see --help");
            ExitCode::from(2)
        }
    }
}
