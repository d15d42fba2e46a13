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
mod detect;
mod intraday;
mod kraken;
mod parquet;
mod rows;
pub mod store;
mod yahoo_chart;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use serde_json::Value;

pub use detect::Format;
pub use rows::ImportedSeries;

use self::cells::Stamp;
use super::DataError;
use super::prices::PriceFrame;
use crate::model::{days_to_date, is_valid_symbol};

/// Files larger than this are refused without being read.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// How much of a file is read to recognise it.
const SNIFF_BYTES: usize = 64 * 1024;

/// Choices the user can make about an import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The symbol for every series of the import instead of the one the file implies.
    pub symbol: Option<String>,
}

/// One file that was read.
#[derive(Clone, Debug)]
pub struct ImportedFile {
    pub path: PathBuf,
    pub format: Format,
    /// One series per symbol in the file (usually one).
    pub series: Vec<ImportedSeries>,
    /// The file's modification time: of two files for one symbol, the newer one wins.
    pub modified: Option<SystemTime>,
}

impl ImportedFile {
    /// The `source` recorded on each row: `MARA.csv (Yahoo CSV)`.
    pub fn source(&self) -> String {
        format!("{} ({})", file_label(&self.path), self.format)
    }
}

/// What happened to one series of one file, for summaries (GUI, CLI table and JSON).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FileReport {
    pub path: PathBuf,
    pub format: String,
    pub symbol: String,
    pub rows: usize,
    pub first_date: Option<chrono::NaiveDate>,
    pub last_date: Option<chrono::NaiveDate>,
    /// Rows left out and why.
    pub dropped: Vec<String>,
    pub dropped_rows: usize,
    /// Rows reordered, resampled, frequency remarks.
    pub notes: Vec<String>,
}

/// The outcome of one input file.
#[derive(Debug)]
pub enum FileOutcome {
    Loaded(ImportedFile),
    Failed { path: PathBuf, error: DataError },
}

/// Everything an import read, in the order the files were given.
#[derive(Debug, Default)]
pub struct ImportBatch {
    pub files: Vec<FileOutcome>,
}

impl ImportBatch {
    pub fn loaded(&self) -> impl Iterator<Item = &ImportedFile> {
        self.files.iter().filter_map(|f| match f {
            FileOutcome::Loaded(file) => Some(file),
            FileOutcome::Failed { .. } => None,
        })
    }

    pub fn failures(&self) -> impl Iterator<Item = (&Path, &DataError)> {
        self.files.iter().filter_map(|f| match f {
            FileOutcome::Failed { path, error } => Some((path.as_path(), error)),
            FileOutcome::Loaded(_) => None,
        })
    }

    pub fn all_loaded(&self) -> bool {
        self.failures().next().is_none()
    }

    /// One report per series of every loaded file.
    pub fn reports(&self) -> Vec<FileReport> {
        self.loaded().flat_map(reports_of).collect()
    }

    /// Paths of the files that loaded.
    pub fn loaded_paths(&self) -> Vec<PathBuf> {
        self.loaded().map(|f| f.path.clone()).collect()
    }

    /// The loaded series per symbol, older files first (a newer file wins on shared dates).
    pub fn by_symbol(&self) -> BTreeMap<String, Vec<(&ImportedFile, &ImportedSeries)>> {
        let mut files: Vec<(usize, &ImportedFile)> = self.loaded().enumerate().collect();
        files.sort_by_key(|(i, f)| (f.modified, *i));
        let mut out: BTreeMap<String, Vec<(&ImportedFile, &ImportedSeries)>> = BTreeMap::new();
        for (_, file) in files {
            for s in &file.series {
                out.entry(s.symbol.clone()).or_default().push((file, s));
            }
        }
        out
    }

    /// The loaded prices as one frame, files of the same symbol merged (newer wins).
    pub fn frame(&self) -> Result<PriceFrame, DataError> {
        let frames = self
            .by_symbol()
            .into_iter()
            .map(|(symbol, parts)| {
                let mut rows = store::MergedRows::default();
                for (file, series) in parts {
                    rows.merge(&series.rows, &file.source());
                }
                rows.into_frame(&symbol)
            })
            .collect::<Result<Vec<_>, _>>()?;
        PriceFrame::concat(frames)
    }
}

/// The reports of one file's series.
pub fn reports_of(file: &ImportedFile) -> Vec<FileReport> {
    file.series
        .iter()
        .map(|s| FileReport {
            path: file.path.clone(),
            format: file.format.to_string(),
            symbol: s.symbol.clone(),
            rows: s.rows.len(),
            first_date: s.first_date(),
            last_date: s.last_date(),
            dropped: s.dropped.clone(),
            dropped_rows: s.dropped_rows,
            notes: s.notes.clone(),
        })
        .collect()
}

/// The file name as shown in messages (`MARA.csv`); the whole path when it has no name.
pub fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A ticker as MinerLens writes it: upper case, `BTC/USD` -> `BTC-USD`, Stooq's `.US` market
/// suffix dropped, characters a symbol cannot have replaced, at most 20 characters.
pub fn clean_symbol(raw: &str) -> String {
    let mut s = raw
        .trim()
        .trim_matches('"')
        .to_ascii_uppercase()
        .replace(['/', ' '], "-");
    for suffix in [".US", "_US_D", "_US_W", "_US_M", "_US"] {
        if let Some(stem) = s.strip_suffix(suffix).filter(|st| !st.is_empty()) {
            s = stem.to_owned();
            break;
        }
    }
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_uppercase() || c.is_ascii_digit() || "-.=^_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(20)
        .collect();
    let trimmed = cleaned.trim_matches('_').to_owned();
    debug_assert!(trimmed.is_empty() || is_valid_symbol(&trimmed));
    trimmed
}

/// The symbol a file name implies: `MARA.csv` -> MARA, `mara.us.txt` -> MARA, `GS2C.DE.json` ->
/// GS2C.DE, `BTC-USD.nasdaq-data-link.csv` -> BTC-USD, `clsk_us_d.csv` -> CLSK.
pub fn symbol_from_file_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = match name.rsplit_once('.') {
        Some((stem, ext))
            if ["csv", "txt", "json", "tsv", "parquet", "dat", "prn"]
                .contains(&ext.to_ascii_lowercase().as_str()) =>
        {
            stem.to_owned()
        }
        _ => name,
    };
    let mut parts = stem.split('.');
    let first = parts.next().unwrap_or_default();
    let symbol = match parts.next() {
        // An exchange suffix (GS2C.DE, BRK.B), but not Stooq's `.us`.
        Some(suffix)
            if (1..=3).contains(&suffix.len())
                && suffix.chars().all(|c| c.is_ascii_alphanumeric())
                && !suffix.eq_ignore_ascii_case("us") =>
        {
            format!("{first}.{suffix}")
        }
        _ => first.to_owned(),
    };
    let cleaned = clean_symbol(&symbol);
    if cleaned.is_empty() {
        "IMPORTED".to_owned()
    } else {
        cleaned
    }
}

/// Files of `paths`, directories expanded (one level, sorted, hidden files skipped). Paths that
/// do not exist are kept, so the import reports them.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir()
            && let Ok(entries) = std::fs::read_dir(path)
        {
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .filter(|p| !file_label(p).starts_with('.'))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(path.clone());
        }
    }
    out
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

/// A number in a JSON document: a number or a numeric string (Kraken writes prices as strings).
fn json_num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

/// A price of a JSON entry, checked: the message names the array, index and date.
fn entry_price(
    file: &str,
    what: &str,
    index: usize,
    stamp: Stamp,
    v: &Value,
) -> Result<f64, DataError> {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let fail = |message: String| {
        DataError::file(
            file,
            format!("{what}[{index}] ({}): {message}", days_to_date(stamp.day)),
        )
    };
    let value = json_num(v).ok_or_else(|| fail(format!("'{text}' is not a price")))?;
    rows::check_price(value, &text).map_err(fail)
}

/// Text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"),
/// else Latin-1 (old Windows spreadsheets).
fn decode_text(bytes: &[u8]) -> String {
    decode(bytes, false)
}

/// [`decode_text`] for the first bytes of a file, which may end in the middle of a character.
fn decode_head(bytes: &[u8]) -> String {
    decode(bytes, true)
}

fn decode(bytes: &[u8], cut: bool) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode(rest, cut);
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        // Cut in the middle of a character at the end of a sample.
        Err(e) if cut && e.error_len().is_none() => {
            String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned()
        }
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
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
    let series = csv_generic::parse(text, &layout, file, fallback_symbol)?
        .into_iter()
        .map(|r| rows::finish(r, file))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((layout.format, series))
}

/// Reads a Yahoo v8 chart response with the importer's reader and checks it like an imported
/// file (the price provider's path); `label` names the response in messages.
pub(crate) fn read_yahoo_chart(
    doc: &Value,
    label: &str,
    symbol: &str,
) -> Result<ImportedSeries, DataError> {
    rows::finish(yahoo_chart::parse(doc, label, symbol)?, label)
}

/// Reads pages of Coinbase candles (each an array, newest first) with the importer's reader as
/// one series, checked like an imported file.
pub(crate) fn read_coinbase_pages(
    pages: &[Value],
    label: &str,
    symbol: &str,
) -> Result<ImportedSeries, DataError> {
    let all: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.as_array().cloned().unwrap_or_default())
        .collect();
    rows::finish(coinbase::parse(&Value::Array(all), label, symbol)?, label)
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
                _ => kraken::parse(&doc, &file)?,
            };
            (format, raw)
        }
        detect::Kind::Text => {
            let layout = csv_generic::layout(&decode_head(&head), &file)?;
            if layout.intraday.is_some()
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
            let raw = csv_generic::parse(&text, &layout, &file, &fallback)?;
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
                match store.commit(&update) {
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
pub fn load_paths(paths: &[PathBuf]) -> Result<(PriceFrame, Vec<FileReport>), DataError> {
    let batch = import_paths(paths, &ImportOptions::default(), &|_| {});
    if !batch.all_loaded() {
        let first = batch.files.into_iter().find_map(|f| match f {
            FileOutcome::Failed { error, .. } => Some(error),
            FileOutcome::Loaded(_) => None,
        });
        return Err(first.unwrap_or_else(|| DataError::file("import", "a file could not be read")));
    }
    Ok((batch.frame()?, batch.reports()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_from_file_names() {
        let s = |n: &str| symbol_from_file_name(Path::new(n));
        assert_eq!(s("MARA.csv"), "MARA");
        assert_eq!(s("/tmp/BTC-USD.csv"), "BTC-USD");
        assert_eq!(s("mara.us.txt"), "MARA");
        assert_eq!(s("GS2C.DE.json"), "GS2C.DE");
        assert_eq!(s("BTC-USD.nasdaq-data-link.csv"), "BTC-USD");
        assert_eq!(s("clsk_us_d.csv"), "CLSK");
        assert_eq!(s("brk.b.csv"), "BRK.B");
        assert_eq!(s("my prices.csv"), "MY-PRICES");
        assert_eq!(
            s("bitstampUSD_1-min_data_2012-01-01_to_2021-03-31.csv").len(),
            20
        );
        assert_eq!(s("%%%.csv"), "IMPORTED");
        assert_eq!(clean_symbol("BTC/USD"), "BTC-USD");
    }

    #[test]
    fn text_is_decoded_from_what_spreadsheets_write() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFDate"), "Date");
        assert_eq!(decode_text(b"\xFF\xFED\x00a\x00"), "Da");
        assert_eq!(decode_text(b"Schlu\xDF"), "Schluß");
    }
}
