//! `minerlens analyze`: the divergence table for a window.

use std::process::ExitCode;

use anyhow::bail;
use clap::Args;
use serde::Serialize;

use super::common::{self, DataArgs, OutputFormat};
use super::table::{csv_line, csv_num, csv_records, fmt_opt, render};
use crate::analysis::series::rolling;
use crate::analysis::{Aligned, Analysis, divergence};
use crate::model::days_to_date;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Also compute rolling beta and correlation over the last N returns (30, 60, 90 ...). With
    /// --format csv this prints date,symbol,rolling_beta,rolling_correlation for every date.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(3..=5000))]
    pub rolling: Option<u32>,
}

/// A rolling value on one date (JSON and CSV).
#[derive(Debug, Serialize)]
struct RollingRow {
    date: chrono::NaiveDate,
    symbol: String,
    rolling_beta: Option<f64>,
    rolling_correlation: Option<f64>,
}

#[derive(Debug, Serialize)]
struct JsonOut<'a> {
    #[serde(flatten)]
    analysis: &'a Analysis,
    #[serde(skip_serializing_if = "Option::is_none")]
    rolling_window: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rolling: Option<Vec<RollingRow>>,
}

pub fn run(args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let loaded = common::load_prices(&args.data.source)?;
    let (selection, aligned, window, analysis) = common::analyze_selection(&args.data, &loaded)?;
    // Partial results over failure: a symbol without prices in the window is left out, and
    // said so (stderr, the table, the JSON's `skipped`).
    for s in &analysis.skipped {
        eprintln!("note: left out: {s}");
    }
    if analysis.rows.is_empty() {
        bail!(
            "no symbol has 2 prices between {} and {}{}",
            window.from,
            window.to,
            analysis
                .skipped
                .first()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default()
        );
    }
    let selection = common::Selection {
        window,
        ..selection
    };
    let rolling_rows = args
        .rolling
        .map(|n| rolling_rows(&aligned, &selection.symbols, selection.window, n as usize));
    let text = match (args.format, &rolling_rows) {
        (OutputFormat::Csv, Some(rows)) => rolling_csv(rows),
        (OutputFormat::Csv, None) => analysis_csv(&analysis),
        (OutputFormat::Json, _) => {
            let out = JsonOut {
                analysis: &analysis,
                rolling_window: args.rolling,
                rolling: rolling_rows,
            };
            let mut s = serde_json::to_string_pretty(&out)?;
            s.push('\n');
            s
        }
        (OutputFormat::Table, _) => table(&analysis, &aligned, args.rolling),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn rolling_rows(
    aligned: &Aligned,
    symbols: &[String],
    window: crate::model::DateRange,
    n: usize,
) -> Vec<RollingRow> {
    let mut out = Vec::new();
    for symbol in symbols {
        let Some(s) = aligned.series.get(symbol) else {
            continue;
        };
        let (betas, corrs) = rolling(s, window, n);
        let (a, b) = s.window_indices(
            crate::model::date_to_days(window.from),
            crate::model::date_to_days(window.to),
        );
        let (mut bi, mut ci) = (0, 0);
        for &day in &s.days[a..b] {
            let beta = (betas.days.get(bi) == Some(&day)).then(|| {
                bi += 1;
                betas.values[bi - 1]
            });
            let corr = (corrs.days.get(ci) == Some(&day)).then(|| {
                ci += 1;
                corrs.values[ci - 1]
            });
            out.push(RollingRow {
                date: days_to_date(day),
                symbol: symbol.clone(),
                rolling_beta: beta,
                rolling_correlation: corr,
            });
        }
    }
    out.sort_by(|x, y| x.date.cmp(&y.date).then_with(|| x.symbol.cmp(&y.symbol)));
    out
}

fn rolling_csv(rows: &[RollingRow]) -> String {
    let mut out = String::from("date,symbol,rolling_beta,rolling_correlation\n");
    for r in rows {
        out.push_str(&csv_line(&[
            r.date.to_string(),
            r.symbol.clone(),
            csv_num(r.rolling_beta),
            csv_num(r.rolling_correlation),
        ]));
        out.push('\n');
    }
    out
}

const CSV_HEADER: [&str; 14] = [
    "symbol",
    "start_date",
    "end_date",
    "start_price",
    "end_price",
    "return_pct",
    "benchmark_return_pct",
    "divergence_pp",
    "relative_pct",
    "beta",
    "correlation",
    "volatility_pct",
    "max_drawdown_pct",
    "observations",
];

fn analysis_csv(a: &Analysis) -> String {
    csv_records(&CSV_HEADER, &a.rows)
}

fn table(a: &Analysis, aligned: &Aligned, rolling_n: Option<u32>) -> String {
    let bench_text = divergence::headline_benchmark_return(aligned, a)
        .map(|(r, from, to)| format!("{r:+.2}% ({from} to {to})"))
        .unwrap_or_else(|| "n/a".into());
    let mut out = format!(
        "{} to {} · benchmark {} {}\n\n",
        a.from, a.to, a.benchmark, bench_text
    );
    let mut headers = vec![
        "symbol",
        "start",
        "end",
        "return %",
        "bench %",
        "spread pts",
        "relative %",
        "beta",
        "corr",
        "vol %",
        "max dd %",
    ];
    let rolling_headers = rolling_n.map(|n| (format!("beta {n}d"), format!("corr {n}d")));
    if let Some((b, c)) = &rolling_headers {
        headers.push(b);
        headers.push(c);
    }
    let window = crate::model::DateRange::new(a.from, a.to);
    let mut rows: Vec<Vec<String>> = a
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                r.symbol.clone(),
                r.start_date.to_string(),
                r.end_date.to_string(),
                format!("{:.2}", r.return_pct),
                fmt_opt(r.benchmark_return_pct, 2),
                fmt_opt(r.divergence_pp, 2),
                fmt_opt(r.relative_pct, 2),
                fmt_opt(r.beta, 2),
                fmt_opt(r.correlation, 2),
                fmt_opt(r.volatility_pct, 1),
                format!("{:.1}", r.max_drawdown_pct),
            ];
            if let (Some(n), Some(s)) = (rolling_n, aligned.series.get(&r.symbol)) {
                let (b, c) = rolling(s, window, n as usize);
                let last = |t: &crate::analysis::series::TimeSeries| {
                    t.last()
                        .filter(|(d, _)| days_to_date(*d) == r.end_date)
                        .map(|(_, v)| v)
                };
                row.push(fmt_opt(last(&b), 2));
                row.push(fmt_opt(last(&c), 2));
            }
            row
        })
        .collect();
    if let Some(b) = &a.basket {
        let mut row = vec![
            format!("Basket ({})", b.members.len()),
            String::new(),
            String::new(),
            format!("{:.2}", b.return_pct),
            String::new(),
            fmt_opt(b.divergence_pp, 2),
        ];
        row.resize(headers.len(), String::new());
        rows.push(row);
    }
    let numeric: Vec<bool> = (0..headers.len()).map(|i| i >= 3).collect();
    out.push_str(&render(&headers, &rows, &numeric));
    for n in &a.notes {
        out.push_str(&format!("\nNote: {n}"));
    }
    for s in &a.skipped {
        out.push_str(&format!("\nLeft out: {s}"));
    }
    if !a.notes.is_empty() || !a.skipped.is_empty() {
        out.push('\n');
    }
    out
}
