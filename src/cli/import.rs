//! `minerlens import FILE...`: reads price files in any format MinerLens recognises, prints what
//! it found in each, and keeps the prices in the local price store (like the app's File > Import
//! prices…). Nothing is written unless every file loaded.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::Args;
use serde::Serialize;

use super::EXIT_USAGE;
use super::common::OutputFormat;
use super::table::{csv_line, render};
use crate::data::import::store::{self, MergeStats, PriceStore};
use crate::data::import::{self, FileReport, ImportOptions, file_label};
use crate::model::{is_valid_symbol, normalize_symbol};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Price files or folders (every file in a folder): Yahoo, Stooq, Nasdaq, Nasdaq Data Link,
    /// CoinGecko, Coinbase, Kraken, Yahoo chart JSON, intraday bars or any CSV with a date and a
    /// price column. The format is recognised from the content.
    #[arg(required_unless_present = "undo", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Undo the last import or fetch: put back, byte for byte, the stored prices it replaced
    /// and remove the symbols it added.
    #[arg(long, conflicts_with_all = ["files", "out", "no_store", "symbol"])]
    pub undo: bool,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Also write the normalized prices to DIR, one Parquet file per symbol (long form: date,
    /// symbol, close, adj_close, volume, source).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Do not keep the prices in the local price store (which the app loads at start).
    #[arg(long)]
    pub no_store: bool,
    /// Put the prices under this symbol instead of the one the file implies.
    #[arg(long, value_name = "SYMBOL")]
    pub symbol: Option<String>,
    /// How to read dates like 05/06/2024 when the file does not tell (no number above 12, and
    /// the dates are not days apart one way only). Without it such a file is refused.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<super::common::DateOrderArg>,
}

#[derive(Debug, Serialize)]
struct JsonError {
    path: PathBuf,
    message: String,
}

#[derive(Debug, Serialize)]
struct JsonStore {
    dir: PathBuf,
    written: bool,
    symbols: Vec<MergeStats>,
}

#[derive(Debug, Serialize)]
struct JsonOut {
    files: Vec<FileReport>,
    errors: Vec<JsonError>,
    store: Option<JsonStore>,
    out: Vec<PathBuf>,
}

pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    if args.undo {
        return undo(args.format);
    }
    let symbol = match &args.symbol {
        Some(raw) => {
            let s = normalize_symbol(raw);
            if !is_valid_symbol(&s) {
                bail!("--symbol {raw}: a symbol is 1-20 characters of A-Z 0-9 . - = ^ _");
            }
            Some(s)
        }
        None => None,
    };
    let price_store = if args.no_store {
        None
    } else {
        match PriceStore::detect() {
            Some(s) => Some(s),
            None => {
                bail!("no home directory for the price store: set MINERLENS_HOME or use --no-store")
            }
        }
    };
    let options = ImportOptions {
        symbol,
        date_order: args.date_order.map(Into::into),
    };
    let run = import::run_import(&args.files, &options, price_store.as_ref(), &|_| {});
    let mut errors: Vec<JsonError> = run
        .batch
        .failures()
        .map(|(path, e)| JsonError {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
        .collect();
    if let Some(e) = &run.store_error {
        errors.push(JsonError {
            path: price_store
                .as_ref()
                .map(|s| s.dir().to_path_buf())
                .unwrap_or_default(),
            message: e.to_string(),
        });
    }
    // --out: the files' own prices (not merged with the store), only when everything loaded.
    let mut written = Vec::new();
    if let (Some(dir), true) = (&args.out, errors.is_empty() && run.batch.all_loaded()) {
        let update = store::prepare(None, &run.batch)?;
        for s in &update.symbols {
            let path =
                store::write_parquet_atomic(dir, &format!("{}.parquet", s.stats.symbol), &s.frame)?;
            written.push(path);
        }
    }
    let reports = run.batch.reports();
    let store_out = price_store.as_ref().map(|s| JsonStore {
        dir: s.dir().to_path_buf(),
        written: run.stored,
        symbols: if run.stored {
            run.update.as_ref().map(|u| u.stats()).unwrap_or_default()
        } else {
            Vec::new()
        },
    });
    let out = JsonOut {
        files: reports,
        errors,
        store: store_out,
        out: written,
    };
    match args.format {
        OutputFormat::Json => {
            let mut s = serde_json::to_string_pretty(&out)?;
            s.push('\n');
            print!("{s}");
        }
        OutputFormat::Csv => print!("{}", summary_csv(&out.files)),
        OutputFormat::Table => print!("{}", summary_table(&out, args.no_store)),
    }
    if out.errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        for e in &out.errors {
            eprintln!("error: {}", e.message);
        }
        Ok(ExitCode::from(EXIT_USAGE))
    }
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn summary_csv(files: &[FileReport]) -> String {
    let mut out = csv_line(&[
        "file",
        "format",
        "symbol",
        "rows",
        "first_date",
        "last_date",
        "dropped_rows",
        "dropped",
        "notes",
    ]);
    out.push('\n');
    for r in files {
        out.push_str(&csv_line(&[
            r.path.display().to_string(),
            r.format.clone(),
            r.symbol.clone(),
            r.rows.to_string(),
            date(r.first_date),
            date(r.last_date),
            r.dropped_rows.to_string(),
            r.dropped.join("; "),
            r.notes.join("; "),
        ]));
        out.push('\n');
    }
    out
}

fn summary_table(out: &JsonOut, no_store: bool) -> String {
    let rows: Vec<Vec<String>> = out
        .files
        .iter()
        .map(|r| {
            vec![
                file_label(&r.path),
                r.format.clone(),
                r.symbol.clone(),
                r.rows.to_string(),
                date(r.first_date),
                date(r.last_date),
                r.dropped_rows.to_string(),
            ]
        })
        .collect();
    let mut text = String::new();
    if !rows.is_empty() {
        text.push_str(&render(
            &["file", "format", "symbol", "rows", "from", "to", "dropped"],
            &rows,
            &[false, false, false, true, false, false, true],
        ));
    }
    let remarks: Vec<String> = out
        .files
        .iter()
        .flat_map(|r| {
            r.dropped
                .iter()
                .chain(&r.notes)
                .map(move |n| format!("  {} ({}): {n}", file_label(&r.path), r.symbol))
        })
        .collect();
    if !remarks.is_empty() {
        text.push_str("\nNotes\n");
        for r in remarks {
            text.push_str(&r);
            text.push('\n');
        }
    }
    text.push('\n');
    match &out.store {
        Some(s) if s.written => {
            text.push_str(&format!("Saved to the price store ({})\n", s.dir.display()));
            for m in &s.symbols {
                text.push_str(&format!("  {}\n", m.describe()));
            }
        }
        Some(_) if !out.errors.is_empty() => {
            let n = out.errors.len();
            text.push_str(&format!(
                "The price store was not changed: {n} file{} could not be read (see below). Fix or leave out {} and import again.\n",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            ));
        }
        Some(_) => text.push_str("Nothing to save.\n"),
        None if no_store => text.push_str("Not saved to the price store (--no-store).\n"),
        None => {}
    }
    for p in &out.out {
        text.push_str(&format!("Wrote {}\n", p.display()));
    }
    text
}

/// `--undo`: the last import or fetch put back.
fn undo(format: OutputFormat) -> anyhow::Result<ExitCode> {
    let Some(store) = PriceStore::detect() else {
        bail!("no home directory for the price store: set MINERLENS_HOME");
    };
    let undone = store.undo_last()?;
    match format {
        OutputFormat::Json => {
            let mut s = serde_json::to_string_pretty(&undone)?;
            s.push('\n');
            print!("{s}");
        }
        _ => {
            println!(
                "Undid the {} of {}:",
                undone.what,
                undone.created.format("%Y-%m-%d %H:%M UTC")
            );
            for f in &undone.files {
                if f.existed {
                    println!("  {}: the stored prices from before it are back", f.symbol);
                } else {
                    println!("  {}: removed (it was new)", f.symbol);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
