//! Helpers of the JSON readers, and the provider responses read with the importer's readers.

use serde_json::Value;

use super::cells::Stamp;
use super::{ImportedSeries, coinbase, rows, yahoo_chart};
use crate::data::DataError;
use crate::model::days_to_date;

/// A number in a JSON document: a number or a numeric string (Kraken writes prices as strings).
pub(super) fn json_num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

/// A price of a JSON entry, checked: the message names the array, index and date.
pub(super) fn entry_price(
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
