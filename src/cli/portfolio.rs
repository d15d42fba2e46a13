//! `minerlens portfolio FILE`: the holdings against BTC and the equal-weight basket.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::common::{self, OutputFormat};
use super::table::render;
use crate::analysis::portfolio::analyze_portfolio;
use crate::chart::axis::format_usd;
use crate::data::portfolio_file;
use crate::model::WindowPreset;

#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// The portfolio file.
    pub file: PathBuf,
    #[command(flatten)]
    pub source: common::PriceArgs,
    /// Value the holdings as of this date instead of the last date with prices.
    #[arg(long, value_name = "DATE", value_parser = crate::model::parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn run(args: &PortfolioArgs) -> anyhow::Result<ExitCode> {
    let opened = portfolio_file::open(&args.file)?;
    for w in &opened.warnings {
        eprintln!("warning: {}: {w}", args.file.display());
    }
    let today = chrono::Local::now().date_naive();
    for issue in opened.portfolio.validate(today) {
        eprintln!("warning: {}: {issue}", args.file.display());
    }
    let loaded = common::load_prices(&args.source)?;
    let series = loaded.prices.all_series()?;
    let (first, last) = loaded
        .prices
        .date_range()
        .ok_or_else(|| anyhow::anyhow!("the loaded data has no prices"))?;
    let p = &opened.portfolio;
    if !series.contains_key(&p.benchmark) {
        anyhow::bail!(
            "the portfolio's benchmark {} is not in the loaded data",
            p.benchmark
        );
    }
    let window = crate::model::DateRange::new(
        WindowPreset::All.resolve(first, last).from,
        args.as_of.unwrap_or(last),
    );
    let members = crate::analysis::portfolio::basket_members(
        series.keys(),
        &p.benchmark,
        &p.exposure_factors,
    );
    let result = analyze_portfolio(p, &series, &members, window);
    let text = match args.format {
        OutputFormat::Json => {
            let mut s = serde_json::to_string_pretty(&result)?;
            s.push('\n');
            s
        }
        OutputFormat::Csv => super::table::csv_records(
            &[
                "symbol",
                "open_date",
                "quantity",
                "cost_usd",
                "price_usd",
                "value_usd",
                "return_pct",
                "benchmark_return_pct",
                "spread_pp",
                "contribution_pp",
            ],
            &result.lots,
        ),
        OutputFormat::Table => {
            let mut out = format!(
                "{} · as of {} · benchmark {} · {}\n\n",
                result.name, result.as_of, result.benchmark, loaded.source
            );
            let bench_col = format!("{} %", result.benchmark);
            let headers = [
                "symbol",
                "opened",
                "quantity",
                "cost",
                "value",
                "return %",
                &bench_col,
                "spread pts",
                "contrib pts",
            ];
            let rows: Vec<Vec<String>> = result
                .lots
                .iter()
                .map(|l| {
                    vec![
                        l.symbol.clone(),
                        l.open_date.to_string(),
                        crate::chart::axis::trim_number(l.quantity, 6),
                        format_usd(l.cost_usd),
                        format_usd(l.value_usd),
                        format!("{:+.2}", l.return_pct),
                        super::table::fmt_opt(l.benchmark_return_pct, 2),
                        super::table::fmt_opt(l.spread_pp, 2),
                        format!("{:+.2}", l.contribution_pp),
                    ]
                })
                .collect();
            let numeric: Vec<bool> = (0..headers.len()).map(|i| i >= 2).collect();
            out.push_str(&render(&headers, &rows, &numeric));
            out.push('\n');
            let line = |label: &str, o: Option<&crate::analysis::portfolio::Outcome>| match o {
                Some(o) => format!(
                    "{label:<34} {:>16}  {:+.2}%\n",
                    format_usd(o.value_usd),
                    o.return_pct
                ),
                None => format!("{label:<34} {:>16}\n", "n/a"),
            };
            out.push_str(&format!(
                "{:<34} {:>16}\n",
                "Invested",
                format_usd(result.cost_usd)
            ));
            out.push_str(&line("Portfolio", Some(&result.portfolio)));
            out.push_str(&line(
                &format!("Had I bought {} instead", result.benchmark),
                result.benchmark_instead.as_ref(),
            ));
            out.push_str(&line(
                &format!(
                    "Equal-weight basket ({}) instead",
                    result.basket_members.len()
                ),
                result.basket_instead.as_ref(),
            ));
            for s in &result.skipped {
                out.push_str(&format!("skipped: {s}\n"));
            }
            for s in &result.stale {
                out.push_str(&format!("stale price: {s}\n"));
            }
            out
        }
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
