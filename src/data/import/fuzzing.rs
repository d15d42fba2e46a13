//! The importer's entry points for the fuzz targets (`fuzz/`) and for their corpus replay in
//! `cargo test`: each takes any bytes, and nothing it is given may make it panic.

use std::io::Write;
use std::path::PathBuf;

use super::{ImportOptions, csv_generic, decode_head, detect, import_file, parse_csv_text};

thread_local! {
    static DIR: Option<tempfile::TempDir> = tempfile::tempdir().ok();
}

/// `bytes` as a file on disk, then imported whatever they are (the content detector, every
/// reader, the intraday path, the row checks).
pub fn import_bytes(bytes: &[u8], name: &str) {
    let path: Option<PathBuf> = DIR.with(|d| d.as_ref().map(|d| d.path().join(name)));
    let Some(path) = path else { return };
    if let Ok(mut f) = std::fs::File::create(&path) {
        let _ = f.write_all(bytes);
    }
    let _ = import_file(&path, &ImportOptions::default());
    for order in [super::DateOrder::Mdy, super::DateOrder::Dmy] {
        let options = ImportOptions {
            date_order: Some(order),
            ..ImportOptions::default()
        };
        let _ = import_file(&path, &options);
    }
}

/// Minute bars: a header the intraday reader takes, then the bytes.
pub fn intraday(bytes: &[u8]) {
    let mut text = b"Timestamp,Open,High,Low,Close,Volume\n".to_vec();
    text.extend_from_slice(bytes);
    import_bytes(&text, "BTC-USD.csv");
}

/// Text tables in memory: the layout detection and the row reader.
pub fn csv_text(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = parse_csv_text(&text, "fuzz.csv", "FUZZ");
}

/// The content detector and the layout of the first bytes.
pub fn detect(bytes: &[u8]) {
    if let Ok(detect::Kind::Text) = detect::sniff(bytes, "fuzz") {
        let _ = csv_generic::layout(&decode_head(bytes), "fuzz");
    }
}

/// Every JSON price layout: detection, then the reader it picks.
pub fn json_prices(bytes: &[u8]) {
    import_bytes(bytes, "FUZZ.json");
}
