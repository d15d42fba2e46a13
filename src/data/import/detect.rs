//! Recognising a file by its content: the formats MinerLens reads, and the files it must refuse
//! with a message that says what they are (a web page, a spreadsheet, a binary file, Stooq's
//! download-limit page).

use std::fmt;

use serde_json::Value;

use crate::data::DataError;

/// The formats the importer recognises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// `Date,Open,High,Low,Close,Adj Close,Volume` (either column order).
    YahooCsv,
    /// `Date,Open,High,Low,Close,Volume` (or Stooq's Polish headers, or its bulk `<TICKER>` files).
    StooqCsv,
    /// `Date,Close/Last,Volume,Open,High,Low` with `$` prices, newest first.
    NasdaqCsv,
    /// Nasdaq Data Link (Quandl) export: `None,code,date,value`.
    NasdaqDataLink,
    /// CoinGecko's CSV download: `snapped_at,price,market_cap,total_volume`.
    CoinGeckoCsv,
    /// investing.com's "Historical Data" download, in the site's language (`pt`).
    InvestingCsv(&'static str),
    /// MetaTrader 4 or 5 history export.
    MetaTraderCsv,
    /// Any other table with a date and a price column; the text says how it is written.
    GenericCsv(String),
    /// Minute or hourly bars, resampled to daily closes; the text names the bar interval.
    IntradayCsv(String),
    /// Yahoo v8 chart API response.
    YahooChart,
    /// CoinGecko `market_chart` response.
    CoinGeckoJson,
    /// Coinbase Exchange candles.
    CoinbaseJson,
    /// Kraken OHLC response.
    KrakenJson,
    /// Alpha Vantage TIME_SERIES_DAILY (or _ADJUSTED) response.
    AlphaVantageJson,
    /// Polygon.io aggregates response.
    PolygonJson,
    /// Tiingo end-of-day prices.
    TiingoJson,
    /// Any array of bar objects (date, close, volume...).
    BarsJson,
    /// The long form MinerLens writes (`minerlens import --out`, the price store).
    Parquet,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Format::YahooCsv => f.write_str("Yahoo CSV"),
            Format::StooqCsv => f.write_str("Stooq CSV"),
            Format::NasdaqCsv => f.write_str("Nasdaq CSV"),
            Format::NasdaqDataLink => f.write_str("Nasdaq Data Link CSV"),
            Format::CoinGeckoCsv => f.write_str("CoinGecko CSV"),
            Format::InvestingCsv(lang) => write!(f, "investing.com CSV ({lang})"),
            Format::MetaTraderCsv => f.write_str("MetaTrader CSV"),
            Format::GenericCsv(how) => write!(f, "CSV ({how})"),
            Format::IntradayCsv(interval) => write!(f, "Intraday CSV ({interval} bars)"),
            Format::YahooChart => f.write_str("Yahoo chart JSON"),
            Format::CoinGeckoJson => f.write_str("CoinGecko JSON"),
            Format::CoinbaseJson => f.write_str("Coinbase candles JSON"),
            Format::KrakenJson => f.write_str("Kraken OHLC JSON"),
            Format::AlphaVantageJson => f.write_str("Alpha Vantage daily JSON"),
            Format::PolygonJson => f.write_str("Polygon aggregates JSON"),
            Format::TiingoJson => f.write_str("Tiingo daily JSON"),
            Format::BarsJson => f.write_str("JSON bar objects"),
            Format::Parquet => f.write_str("MinerLens Parquet"),
        }
    }
}

/// What the first bytes say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Json,
    Parquet,
}

/// Looks at the first bytes of a file (already decoded to text where it is text) and says which
/// reader to use, or why the file is not price data at all.
pub(super) fn sniff(head: &[u8], file: &str) -> Result<Kind, DataError> {
    const MAGIC: [(&[u8], &str); 9] = [
        (
            b"PK\x03\x04",
            "is a ZIP archive or an Excel workbook (.xlsx), not a price table: open it in a spreadsheet and save it as CSV",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "is an old Excel workbook (.xls), not a price table: open it in a spreadsheet and save it as CSV",
        ),
        (b"%PDF", "is a PDF document, not a price table"),
        (b"\x89PNG", "is a PNG image, not a price table"),
        (b"\xFF\xD8\xFF", "is a JPEG image, not a price table"),
        (b"GIF8", "is a GIF image, not a price table"),
        (
            b"\x1F\x8B",
            "is compressed (gzip): unpack it first, then import the CSV inside",
        ),
        (b"BZh", "is compressed (bzip2): unpack it first"),
        (b"SQLite format", "is an SQLite database, not a price table"),
    ];
    if head.starts_with(b"PAR1") {
        return Ok(Kind::Parquet);
    }
    for (magic, what) in MAGIC {
        if head.starts_with(magic) {
            return Err(DataError::file(file, what));
        }
    }
    let text = super::decode_head(head);
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if text.contains('\0') || controls * 20 > text.chars().count().max(1) {
        return Err(DataError::file(
            file,
            "is a binary file, not a text table of prices (CSV) or a JSON response",
        ));
    }
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(DataError::file(file, "the file is empty"));
    }
    let lower: String = trimmed
        .chars()
        .take(4096)
        .collect::<String>()
        .to_lowercase();
    let first_line = lower.lines().next().unwrap_or_default().trim();
    // Stooq's bulk files start with `<TICKER>,<PER>,...`: a table, not markup.
    let markup_header = [">,", ">;", ">\t"].iter().any(|d| first_line.contains(d));
    if trimmed.starts_with('<') && !markup_header {
        if lower.contains("stooq") {
            return Err(DataError::file(
                file,
                "is Stooq's web page, not its CSV: Stooq sends this page instead of the data when \
                 the daily download limit is reached or it wants a captcha solved; open stooq.com \
                 in a browser, then download the CSV again",
            ));
        }
        if lower.contains("<html") || lower.contains("<!doctype html") {
            return Err(DataError::file(
                file,
                "is a web page (HTML), not price data: the site sent a page (a login, a captcha or \
                 an error) instead of the file; download the CSV again",
            ));
        }
        return Err(DataError::file(file, "is an XML document, not price data"));
    }
    if first_line.contains("exceeded the daily hits limit") {
        return Err(DataError::file(
            file,
            "is Stooq's message 'Exceeded the daily hits limit', not price data: download it again tomorrow",
        ));
    }
    if first_line == "no data" || first_line == "brak danych" {
        return Err(DataError::file(
            file,
            "says 'No data': Stooq has no prices for this symbol (check the ticker, e.g. mara.us)",
        ));
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return Ok(Kind::Json);
    }
    Ok(Kind::Text)
}

/// Which JSON layout a parsed document has.
pub(super) fn json_format(value: &Value, file: &str) -> Result<Format, DataError> {
    match value {
        Value::Object(map) => {
            if map.contains_key("chart") {
                return Ok(Format::YahooChart);
            }
            if map.get("prices").is_some_and(Value::is_array) {
                return Ok(Format::CoinGeckoJson);
            }
            if map.get("error").is_some_and(Value::is_array) {
                return Ok(Format::KrakenJson);
            }
            if map.contains_key("Meta Data") && map.keys().any(|k| k.starts_with("Time Series")) {
                return Ok(Format::AlphaVantageJson);
            }
            // Alpha Vantage answers errors and rate limits with HTTP 200 and one of these.
            for key in ["Error Message", "Note", "Information"] {
                if let Some(msg) = map.get(key).and_then(Value::as_str) {
                    return Err(DataError::file(
                        file,
                        format!("is an Alpha Vantage message, not prices: '{msg}'"),
                    ));
                }
            }
            if map.contains_key("results")
                || (map.contains_key("ticker") && map.contains_key("resultsCount"))
            {
                if map.get("results").is_some_and(Value::is_array) {
                    return Ok(Format::PolygonJson);
                }
                return Err(DataError::file(
                    file,
                    "is a Polygon answer without results: no prices for that range",
                ));
            }
            if let Some(msg) = map.get("detail").and_then(Value::as_str) {
                return Err(DataError::file(
                    file,
                    format!("is an error response, not price data: '{msg}'"),
                ));
            }
            if super::json_bars::bar_list(value).is_some() {
                return Ok(Format::BarsJson);
            }
            if let Some(msg) = map
                .get("status")
                .and_then(|s| s.get("error_message"))
                .and_then(Value::as_str)
            {
                return Err(DataError::file(
                    file,
                    format!("is an error response, not price data: '{msg}'"),
                ));
            }
            if let Some(msg) = map.get("message").and_then(Value::as_str) {
                return Err(DataError::file(
                    file,
                    format!("is an error response, not price data: '{msg}'"),
                ));
            }
            if let Some(err) = map.get("error") {
                return Err(DataError::file(
                    file,
                    format!("is an error response, not price data: {err}"),
                ));
            }
            let keys: Vec<&str> = map.keys().map(String::as_str).take(8).collect();
            Err(DataError::file(
                file,
                format!(
                    "is JSON that MinerLens does not recognise (keys {}); it reads Yahoo chart, \
                     CoinGecko market_chart, Coinbase candles, Kraken OHLC, Alpha Vantage, \
                     Polygon and Tiingo responses and arrays of bar objects",
                    keys.join(", ")
                ),
            ))
        }
        Value::Array(items) => {
            if items.is_empty() {
                return Err(DataError::file(file, "is an empty JSON list: no prices"));
            }
            if items
                .iter()
                .take(3)
                .all(|c| c.as_array().is_some_and(|a| a.len() >= 5))
            {
                return Ok(Format::CoinbaseJson);
            }
            if super::json_bars::bar_list(value).is_some() {
                let tiingo = items[0]
                    .as_object()
                    .is_some_and(|o| o.contains_key("adjClose") && o.contains_key("splitFactor"));
                return Ok(if tiingo {
                    Format::TiingoJson
                } else {
                    Format::BarsJson
                });
            }
            Err(DataError::file(
                file,
                "is a JSON list that is neither Coinbase candles ([time, low, high, open, close, \
                 volume]) nor bar objects (with a date or time and a close)",
            ))
        }
        _ => Err(DataError::file(file, "is JSON without prices")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_what_the_file_is() {
        let msg = |bytes: &[u8]| sniff(bytes, "x").unwrap_err().to_string();
        assert!(msg(b"PK\x03\x04rest").contains("Excel"));
        assert!(msg(b"\x00\x01\x02\x03binary\x00").contains("binary"));
        assert!(msg(b"<!DOCTYPE html><html><title>Stooq</title>").contains("Stooq's web page"));
        assert!(msg(b"  <html><body>Sign in</body></html>").contains("web page (HTML)"));
        assert!(msg(b"Exceeded the daily hits limit").contains("hits limit"));
        assert!(msg(b"   \n  ").contains("empty"));
        assert_eq!(sniff(b"Date,Close\n", "x").unwrap(), Kind::Text);
        assert_eq!(sniff(b" {\"prices\":[]}", "x").unwrap(), Kind::Json);
        assert_eq!(sniff(b"PAR1....", "x").unwrap(), Kind::Parquet);
    }

    #[test]
    fn json_layouts_are_told_apart() {
        let f = |s: &str| json_format(&serde_json::from_str(s).unwrap(), "x");
        assert_eq!(
            f(r#"{"chart":{"result":null}}"#).unwrap(),
            Format::YahooChart
        );
        assert_eq!(f(r#"{"prices":[[1,2]]}"#).unwrap(), Format::CoinGeckoJson);
        assert_eq!(
            f(r#"{"error":[],"result":{}}"#).unwrap(),
            Format::KrakenJson
        );
        assert_eq!(f(r#"[[1,2,3,4,5,6]]"#).unwrap(), Format::CoinbaseJson);
        assert!(
            f(r#"{"message":"NotFound"}"#)
                .unwrap_err()
                .to_string()
                .contains("NotFound")
        );
        assert!(
            f(r#"{"a":1}"#)
                .unwrap_err()
                .to_string()
                .contains("does not recognise")
        );
    }
}
