//! `minerlens exposure`: two-factor OLS per symbol, `R = a + b_btc R_btc + b_ai R_ai`, over a
//! window (and rolling): is the market pricing each miner as BTC or as AI infrastructure?

use std::process::ExitCode;

use anyhow::bail;
use clap::Args;
use serde::Serialize;

use super::common::{self, DataArgs, OutputFormat};
use super::table::{csv_line, csv_num, csv_records, render};
use crate::analysis::exposure::{Exposure, MIN_RETURNS, exposure, rolling_in_window};
use crate::model::{WindowPreset, days_to_date, normalize_symbol};

#[derive(Debug, Args)]
pub struct ExposureArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The symbols of the AI-infrastructure factor, comma separated: an equal-weight basket
    /// rebalanced daily (default: whichever of NVDA, AMD, AVGO, VRT, SMH are loaded).
    #[arg(long, value_delimiter = ',', value_name = "SYM,SYM")]
    pub factor: Vec<String>,
    /// Also fit over the last N returns ending on each date (60, 120, 250 ...).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(20..=2000))]
    pub rolling: Option<u32>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Debug, Serialize)]
struct RollingRow {
    date: chrono::NaiveDate,
    symbol: String,
    beta_btc: f64,
    beta_ai: f64,
    r2: f64,
    share_btc_pct: f64,
    share_ai_pct: f64,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    #[serde(flatten)]
    exposure: &'a Exposure,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    rolling_window: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rolling: Option<Vec<RollingRow>>,
}

/// The factor symbols: those named (each must be loaded), else the portfolio's choice, else
/// the default basket, keeping those that are loaded.
pub fn resolve_factors(
    explicit: &[String],
    data: &DataArgs,
    loaded_symbols: &[String],
) -> anyhow::Result<Vec<String>> {
    Ok(if explicit.is_empty() {
        let portfolio = common::load_portfolio(data)?;
        let chosen = crate::analysis::exposure::factors_or_default(
            &portfolio.map(|p| p.exposure_factors).unwrap_or_default(),
        );
        let present: Vec<String> = chosen
            .iter()
            .filter(|f| loaded_symbols.contains(f))
            .cloned()
            .collect();
        if present.is_empty() {
            bail!(
                "none of the factor symbols ({}) is loaded: fetch them (minerlens fetch {}) or \
                 name others with --factor",
                chosen.join(", "),
                chosen.join(" ")
            );
        }
        present
    } else {
        let mut f = Vec::new();
        for raw in explicit {
            let s = normalize_symbol(raw);
            if !loaded_symbols.contains(&s) {
                bail!(
                    "factor symbol {s} is not loaded: fetch it (minerlens fetch {s}) or import \
                     its prices"
                );
            }
            if !f.contains(&s) {
                f.push(s);
            }
        }
        f
    })
}

pub fn run(args: &ExposureArgs) -> anyhow::Result<ExitCode> {
    let loaded = common::load_prices(&args.data.source)?;
    let factors = resolve_factors(&args.factor, &args.data, &loaded.prices.symbols())?;
    let explicit = !args.data.symbols.is_empty();
    let mut selection = common::select(&args.data, &loaded.prices, WindowPreset::OneYear)?;
    selection.symbols.retain(|s| !factors.contains(s));
    if selection.symbols.is_empty() {
        bail!("no symbol to fit besides the benchmark and the factor symbols");
    }
    let common::Prepared {
        aligned,
        window,
        notes,
    } = common::prepare(&args.data, &loaded, &selection)?;
    let result = exposure(&aligned, &selection.symbols, &factors, window)?;
    if explicit && let Some(first) = result.skipped.first() {
        bail!("{first}");
    }
    for s in &result.skipped {
        eprintln!("note: left out: {s}");
    }
    let rolling_rows = match args.rolling {
        None => None,
        Some(n) => {
            let symbols: Vec<String> = result.rows.iter().map(|r| r.symbol.clone()).collect();
            let mut out = Vec::new();
            for (symbol, fits) in
                rolling_in_window(&aligned, &symbols, &factors, n as usize, window)?
            {
                for (day, fit) in fits {
                    out.push(RollingRow {
                        date: days_to_date(day),
                        symbol: symbol.clone(),
                        beta_btc: fit.beta_btc,
                        beta_ai: fit.beta_ai,
                        r2: fit.r2,
                        share_btc_pct: fit.share_btc_pct,
                        share_ai_pct: fit.share_ai_pct,
                    });
                }
            }
            out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.symbol.cmp(&b.symbol)));
            Some(out)
        }
    };
    let text = match (args.format, &rolling_rows) {
        (OutputFormat::Json, _) => {
            let out = JsonOut {
                exposure: &result,
                notes: &notes,
                rolling_window: args.rolling,
                rolling: rolling_rows,
            };
            let mut s = serde_json::to_string_pretty(&out)?;
            s.push('\n');
            s
        }
        (OutputFormat::Csv, Some(rows)) => {
            let mut s = csv_line(&[
                "date",
                "symbol",
                "beta_btc",
                "beta_ai",
                "r2",
                "share_btc_pct",
                "share_ai_pct",
            ]);
            s.push('\n');
            for r in rows {
                s.push_str(&csv_line(&[
                    r.date.to_string(),
                    r.symbol.clone(),
                    csv_num(Some(r.beta_btc)),
                    csv_num(Some(r.beta_ai)),
                    csv_num(Some(r.r2)),
                    csv_num(Some(r.share_btc_pct)),
                    csv_num(Some(r.share_ai_pct)),
                ]));
                s.push('\n');
            }
            s
        }
        (OutputFormat::Csv, None) => csv_records(&CSV_COLUMNS, &result.rows),
        (OutputFormat::Table, _) => table(&result, &notes),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

const CSV_COLUMNS: [&str; 17] = [
    "symbol",
    "n",
    "alpha",
    "beta_btc",
    "beta_ai",
    "se_alpha",
    "se_beta_btc",
    "se_beta_ai",
    "t_beta_btc",
    "t_beta_ai",
    "r2",
    "r2_btc_only",
    "r2_ai_only",
    "share_btc_pct",
    "share_ai_pct",
    "first_date",
    "last_date",
];

fn table(e: &Exposure, notes: &[String]) -> String {
    let mut out = format!(
        "{} to {} · R = a + b_btc R_{} + b_ai R_ai, the AI factor an equal-weight basket of {}\n\n",
        e.from,
        e.to,
        e.benchmark,
        e.factors.join(", ")
    );
    let headers = [
        "symbol",
        "n",
        "b_btc",
        "t",
        "b_ai",
        "t",
        "R²",
        "R² BTC only",
        "BTC share %",
        "AI share %",
    ];
    let rows: Vec<Vec<String>> = e
        .rows
        .iter()
        .map(|r| {
            let f = &r.fit;
            vec![
                r.symbol.clone(),
                f.n.to_string(),
                format!("{:.2}", f.beta_btc),
                format!("{:.1}", f.t_beta_btc),
                format!("{:.2}", f.beta_ai),
                format!("{:.1}", f.t_beta_ai),
                format!("{:.2}", f.r2),
                format!("{:.2}", f.r2_btc_only),
                format!("{:.0}", f.share_btc_pct),
                format!("{:.0}", f.share_ai_pct),
            ]
        })
        .collect();
    let numeric: Vec<bool> = (0..headers.len()).map(|i| i > 0).collect();
    out.push_str(&render(&headers, &rows, &numeric));
    for n in notes {
        out.push_str(&format!("\nNote: {n}"));
    }
    for s in &e.skipped {
        out.push_str(&format!("\nLeft out: {s}"));
    }
    out.push_str(&format!(
        "\nShares: the Shapley split of R² between the two factors; at least {MIN_RETURNS} returns \
         per fit.\n"
    ));
    out
}
