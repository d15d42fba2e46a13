//! `minerlens demo-data`: regenerates the synthetic demo universe.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::data::demo;

#[derive(Debug, Args)]
pub struct DemoDataArgs {
    /// Directory to write the Yahoo CSV files into.
    #[arg(long, default_value = "sample_data/prices")]
    pub out: PathBuf,
}

pub fn run(args: &DemoDataArgs) -> anyhow::Result<ExitCode> {
    let written = demo::write_demo_files(&args.out)?;
    for path in &written {
        println!("{}", path.display());
    }
    eprintln!(
        "wrote {} synthetic files ({} to {})",
        written.len(),
        demo::DEMO_FIRST_DAY,
        demo::DEMO_LAST_DAY
    );
    Ok(ExitCode::SUCCESS)
}
