//! Importing price files. The format is recognised by content, not by file name (see
//! [`Format`] and the README's "Importing prices"); every reader hands its rows to one shared
//! path ([`rows`]) that validates them, so every format gets the same checks and the same
//! clear messages ("MARA.csv: line 57, column 5 (Close): 'n/a' is not a price").
//!
//! - [`import_file`] reads one file into [`ImportedFile`] (one or more symbols).
//! - [`import_paths`] reads many files (directories expanded, in parallel) into an
//!   [`ImportBatch`]: what loaded, what failed and why, with per-file [`FileReport`]s.
//! - [`store::PriceStore`] keeps imported prices between runs (one Parquet file per symbol).

mod cells;
mod coinbase;
mod coingecko;
mod csv_generic;
mod decode;
mod detect;
#[doc(hidden)]
pub mod fuzzing;
mod intraday;
mod json;
mod json_bars;
mod kraken;
mod naming;
mod parquet;
mod report;
mod rows;
pub mod store;
mod yahoo_chart;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

pub use cells::DateOrder;
pub use detect::Format;
pub use naming::{clean_symbol, expand_paths, file_label, symbol_from_file_name};
pub use report::{FileOutcome, FileReport, ImportBatch, ImportedFile, reports_of};
pub use rows::ImportedSeries;

use decode::{decode_head, decode_text};
use json::{entry_price, json_num};
pub(crate) use json::{read_coinbase_pages, read_yahoo_chart};

use super::DataError;
use super::prices::PriceFrame;

/// Files larger than this are refused without being read.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// How much of a file is read to recognise it.
const SNIFF_BYTES: usize = 64 * 1024;

/// Choices the user can make about an import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The symbol for every series of the import instead of the one the file implies.
    pub symbol: Option<String>,
    /// How to read numeric dates whose day and month could be swapped (`05/06/2024`) when the
    /// file does not tell; `None` decides from the file and refuses when it cannot.
    pub date_order: Option<DateOrder>,
}

/// An I/O error in words: "the file does not exist", "permission denied".
fn io_error(path: &Path, err: &std::io::Error) -> DataError {
    let message = match err.kind() {
        std::io::ErrorKind::NotFound => "the file does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => "cannot be read: permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "is a folder, not a file".to_owned(),
        _ => format!("cannot be read: {err}"),
    };
    DataError::file(file_label(path), message)
}

/// Reads CSV text already in memory (the embedded demo files): the format's name and the
/// validated series.
pub fn parse_csv_text(
    text: &str,
    file: &str,
    fallback_symbol: &str,
) -> Result<(Format, Vec<ImportedSeries>), DataError> {
    if text.trim().is_empty() {
        return Err(DataError::file(file, "the file is empty"));
    }
    let layout = csv_generic::layout(text, file)?;
    let series = csv_generic::parse(text, &layout, file, fallback_symbol, None)?
        .into_iter()
        .map(|r| rows::finish(r, file))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((layout.format, series))
}

/// Reads one file, whatever its format.
pub fn import_file(path: &Path, options: &ImportOptions) -> Result<ImportedFile, DataError> {
    let file = file_label(path);
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if meta.is_dir() {
        return Err(DataError::file(&file, "is a folder, not a file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(DataError::file(
            &file,
            format!(
                "is {:.1} GiB; MinerLens imports files up to 2 GiB (split it, or resample it to \
                 daily first)",
                meta.len() as f64 / (1024.0 * 1024.0 * 1024.0)
            ),
        ));
    }
    if meta.len() == 0 {
        return Err(DataError::file(&file, "the file is empty"));
    }
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    std::fs::File::open(path)
        .and_then(|f| f.take(SNIFF_BYTES as u64).read_to_end(&mut head))
        .map_err(|e| io_error(path, &e))?;
    if head.len() == SNIFF_BYTES
        && let Some(end) = head.iter().rposition(|b| *b == b'\n')
    {
        // Only whole lines.
        head.truncate(end + 1);
    }
    let fallback = symbol_from_file_name(path);
    let read_all = || -> Result<String, DataError> {
        let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
        Ok(decode_text(&bytes))
    };
    let (format, raw) = match detect::sniff(&head, &file)? {
        detect::Kind::Parquet => {
            let series = parquet::read(path, &file)?;
            return finish_file(path, &meta, Format::Parquet, series, options);
        }
        detect::Kind::Json => {
            let text = read_all()?;
            let doc: Value = serde_json::from_str(&text).map_err(|e| DataError::Parse {
                file: file.clone(),
                line: e.line(),
                message: {
                    let text = e.to_string();
                    let what = text
                        .split(" at line ")
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                    format!("column {}: not valid JSON ({what})", e.column())
                },
            })?;
            let format = detect::json_format(&doc, &file)?;
            let raw = match format {
                Format::YahooChart => vec![yahoo_chart::parse(&doc, &file, &fallback)?],
                Format::CoinGeckoJson => vec![coingecko::parse(&doc, &file, &fallback)?],
                Format::CoinbaseJson => vec![coinbase::parse(&doc, &file, &fallback)?],
                Format::AlphaVantageJson => vec![json_bars::alpha_vantage(&doc, &file, &fallback)?],
                Format::PolygonJson => vec![json_bars::polygon(&doc, &file, &fallback)?],
                Format::TiingoJson | Format::BarsJson => {
                    let items = json_bars::bar_list(&doc).map_or(&[][..], Vec::as_slice);
                    vec![json_bars::bars(items, &file, "entries", &fallback)?]
                }
                _ => kraken::parse(&doc, &file)?,
            };
            (format, raw)
        }
        detect::Kind::Text => {
            let layout = csv_generic::layout(&decode_head(&head), &file)?;
            // Minute bars through polars, unless day and month need settling from every row.
            if layout.intraday.is_some()
                && !layout.date_format.day_month_ambiguous()
                && !head.starts_with(b"\xFF\xFE")
                && !head.starts_with(b"\xFE\xFF")
            {
                let symbol = layout
                    .first_symbol
                    .clone()
                    .unwrap_or_else(|| fallback.clone());
                if let Some(done) = intraday::import(path, &layout, &file, &symbol)? {
                    let (format, series) = done;
                    let mut f = finish_file(path, &meta, format, Vec::new(), options)?;
                    f.series = vec![series];
                    apply_symbol_override(&mut f, options);
                    return Ok(f);
                }
            }
            let text = read_all()?;
            let raw = csv_generic::parse(&text, &layout, &file, &fallback, options.date_order)?;
            (layout.format.clone(), raw)
        }
    };
    let series = raw
        .into_iter()
        .map(|r| rows::finish(r, &file))
        .collect::<Result<Vec<_>, _>>()?;
    finish_file(path, &meta, format, series, options)
}

fn finish_file(
    path: &Path,
    meta: &std::fs::Metadata,
    format: Format,
    series: Vec<ImportedSeries>,
    options: &ImportOptions,
) -> Result<ImportedFile, DataError> {
    let mut f = ImportedFile {
        path: path.to_path_buf(),
        format,
        series,
        modified: meta.modified().ok(),
    };
    apply_symbol_override(&mut f, options);
    Ok(f)
}

fn apply_symbol_override(file: &mut ImportedFile, options: &ImportOptions) {
    if let Some(symbol) = &options.symbol {
        for s in &mut file.series {
            s.symbol.clone_from(symbol);
        }
    }
}

/// Reads every file of `paths` (directories expanded). Small files are read in parallel; the
/// intraday fast path uses every core by itself. `progress` gets the fraction of bytes done.
pub fn import_paths(
    paths: &[PathBuf],
    options: &ImportOptions,
    progress: &(dyn Fn(f32) + Sync),
) -> ImportBatch {
    let files = expand_paths(paths);
    let sizes: Vec<u64> = files
        .iter()
        .map(|p| {
            std::fs::metadata(p)
                .map(|m| m.len().min(MAX_FILE_BYTES))
                .unwrap_or(0)
        })
        .collect();
    let total: u64 = sizes.iter().sum::<u64>().max(1);
    let done = AtomicUsize::new(0);
    let done_bytes = Mutex::new(0u64);
    let slots: Vec<Mutex<Option<FileOutcome>>> = files.iter().map(|_| Mutex::new(None)).collect();
    let run = |i: usize| {
        let path = &files[i];
        // A panic deep in a library must not take the other files (or the app) with it.
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| import_file(path, options)))
                .unwrap_or_else(|_| {
                    Err(DataError::file(
                        file_label(path),
                        "internal error while reading the file",
                    ))
                });
        let outcome = match result {
            Ok(f) => FileOutcome::Loaded(f),
            Err(error) => FileOutcome::Failed {
                path: path.clone(),
                error,
            },
        };
        if let Ok(mut slot) = slots[i].lock() {
            *slot = Some(outcome);
        }
        if let Ok(mut b) = done_bytes.lock() {
            *b += sizes[i];
            progress((*b as f64 / total as f64) as f32);
        }
    };
    // Big files one at a time (they use every core), small ones spread over the cores.
    const BIG: u64 = 16 * 1024 * 1024;
    let (big, small): (Vec<usize>, Vec<usize>) = (0..files.len()).partition(|&i| sizes[i] > BIG);
    for &i in &big {
        run(i);
    }
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(small.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let k = done.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = small.get(k) else { break };
                    run(i);
                }
            });
        }
    });
    let files = slots
        .into_iter()
        .zip(files)
        .map(|(slot, path)| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| FileOutcome::Failed {
                    path,
                    error: DataError::file("import", "internal error: the file was not read"),
                })
        })
        .collect();
    ImportBatch { files }
}

/// An import from start to end: read every file; when all of them loaded, merge them over the
/// store in memory and write it. The store is only written when every file loaded.
#[derive(Debug)]
pub struct ImportRun {
    pub batch: ImportBatch,
    /// The merged result (over the store when there is one); `None` when a file failed.
    pub update: Option<store::StoreUpdate>,
    /// True when the store was written.
    pub stored: bool,
    /// Merging or writing failed (the store is then unchanged).
    pub store_error: Option<DataError>,
}

/// Runs an import; see [`ImportRun`].
pub fn run_import(
    paths: &[PathBuf],
    options: &ImportOptions,
    store: Option<&store::PriceStore>,
    progress: &(dyn Fn(f32) + Sync),
) -> ImportRun {
    let batch = import_paths(paths, options, progress);
    let mut run = ImportRun {
        batch,
        update: None,
        stored: false,
        store_error: None,
    };
    if !run.batch.all_loaded() || run.batch.loaded().next().is_none() {
        return run;
    }
    match store::prepare(store, &run.batch) {
        Ok(update) => {
            if let Some(store) = store {
                let names: Vec<String> = run.batch.loaded().map(|f| file_label(&f.path)).collect();
                let what = match names.len() {
                    1..=3 => format!("import of {}", names.join(", ")),
                    n => format!("import of {n} files"),
                };
                match store.commit(&update, &what) {
                    Ok(()) => run.stored = true,
                    Err(e) => run.store_error = Some(e),
                }
            }
            run.update = Some(update);
        }
        Err(e) => run.store_error = Some(e),
    }
    run
}

/// Reads every file into one frame, failing on the first file that cannot be read (the
/// `--prices` option of the analysis commands).
pub fn load_paths(
    paths: &[PathBuf],
    options: &ImportOptions,
) -> Result<(PriceFrame, Vec<FileReport>), DataError> {
    let batch = import_paths(paths, options, &|_| {});
    if !batch.all_loaded() {
        let first = batch.files.into_iter().find_map(|f| match f {
            FileOutcome::Failed { error, .. } => Some(error),
            FileOutcome::Loaded(_) => None,
        });
        return Err(first.unwrap_or_else(|| DataError::file("import", "a file could not be read")));
    }
    Ok((batch.frame()?, batch.reports()))
}
