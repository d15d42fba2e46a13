//! JSON price answers that are lists of bars: Alpha Vantage's daily series (keyed by date),
//! Polygon aggregates (`results` of `t o h l c v`), Tiingo's daily prices, and any array of bar
//! objects with the usual key names (`date`/`time`/`timestamp`/`t`, `close`/`c`, `volume`/`v`,
//! `Adj Close`), bare or under one wrapper key (`bars`, `data`, `candles`).

use serde_json::{Map, Value};

use super::cells::Stamp;
use super::rows::{RawRow, RawSeries, Unit};
use super::{clean_symbol, entry_price, json_num};
use crate::data::DataError;
use crate::model::date_to_days;

/// A key as matched: lower case, without spaces, `_`, `.` or `-`.
fn norm(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

const DATE_KEYS: [&str; 6] = ["date", "time", "timestamp", "t", "datetime", "day"];
const CLOSE_KEYS: [&str; 2] = ["close", "c"];
const ADJ_KEYS: [&str; 2] = ["adjclose", "adjustedclose"];
const VOLUME_KEYS: [&str; 3] = ["volume", "v", "vol"];

/// The value of the first of `keys` the object has (matched by [`norm`]).
fn field<'a>(obj: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|k| {
        obj.iter()
            .find(|(name, _)| norm(name) == *k)
            .map(|(_, v)| v)
    })
}

/// True for an object that looks like a bar: a date and a close.
pub(super) fn is_bar(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|o| field(o, &DATE_KEYS).is_some() && field(o, &CLOSE_KEYS).is_some())
}

/// The bars of a bare array, or of the first array of bar objects under a wrapper key.
pub(super) fn bar_list(doc: &Value) -> Option<&Vec<Value>> {
    fn bars(v: &Value) -> Option<&Vec<Value>> {
        v.as_array()
            .filter(|a| !a.is_empty() && a.iter().take(3).all(is_bar))
    }
    bars(doc).or_else(|| doc.as_object()?.values().find_map(bars))
}

/// A bar's time: epoch seconds, epoch milliseconds (above 1e11), an ISO date, or an ISO
/// date-time (its calendar date in UTC). Never the machine's local time.
fn stamp_of(v: &Value) -> Option<Stamp> {
    match v {
        Value::Number(n) => {
            let x = n.as_f64()?;
            if !x.is_finite() || x.abs() > 1e15 {
                return None;
            }
            let secs = if x.abs() >= 1e11 { x / 1000.0 } else { x };
            Some(Stamp::from_unix_secs(secs.floor() as i64))
        }
        Value::String(s) => {
            let s = s.trim();
            if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
                let utc = t.naive_utc();
                return Some(Stamp {
                    day: date_to_days(utc.date()),
                    time_secs: None,
                });
            }
            let date = s.get(..10).unwrap_or(s);
            let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            Some(Stamp {
                day: date_to_days(d),
                time_secs: None,
            })
        }
        _ => None,
    }
}

/// Bars as rows; `what` names the list in messages (`results`, `entries`).
pub(super) fn bars(
    items: &[Value],
    file: &str,
    what: &str,
    symbol: &str,
) -> Result<RawSeries, DataError> {
    let mut series = RawSeries::new(symbol, Unit::Entry);
    for (i, item) in items.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            return Err(DataError::file(
                file,
                format!("{what}[{i}] is not a bar object: {item}"),
            ));
        };
        let time = field(obj, &DATE_KEYS).unwrap_or(&Value::Null);
        let Some(stamp) = stamp_of(time) else {
            return Err(DataError::file(
                file,
                format!("{what}[{i}]: {time} is not a date or a unix time"),
            ));
        };
        let close = match field(obj, &CLOSE_KEYS) {
            None | Some(Value::Null) => {
                series.drop_row("without a price", i + 1);
                continue;
            }
            Some(v) => entry_price(file, what, i, stamp, v)?,
        };
        let adj_close = match field(obj, &ADJ_KEYS) {
            None | Some(Value::Null) => None,
            Some(v) => Some(entry_price(file, what, i, stamp, v)?),
        };
        series.rows.push(RawRow {
            loc: i + 1,
            stamp,
            close,
            adj_close,
            volume: field(obj, &VOLUME_KEYS)
                .and_then(json_num)
                .filter(|v| *v >= 0.0),
        });
    }
    Ok(series)
}

/// Polygon's aggregates: the bars of `results`, the symbol from `ticker`.
pub(super) fn polygon(doc: &Value, file: &str, fallback: &str) -> Result<RawSeries, DataError> {
    let Some(results) = doc["results"].as_array().filter(|r| !r.is_empty()) else {
        return Err(DataError::file(
            file,
            "is a Polygon answer without results: no prices for that range",
        ));
    };
    let symbol = symbol_or(doc["ticker"].as_str(), fallback);
    let mut series = bars(results, file, "results", &symbol)?;
    if doc["adjusted"].as_bool() == Some(true) {
        series
            .notes
            .push("Polygon's closes are split-adjusted (adjusted=true)".into());
    }
    Ok(series)
}

/// Alpha Vantage's TIME_SERIES_DAILY or _ADJUSTED: `Time Series (Daily)` keyed by date, fields
/// `1. open` … `4. close`, `5. adjusted close`, `5./6. volume`.
pub(super) fn alpha_vantage(
    doc: &Value,
    file: &str,
    fallback: &str,
) -> Result<RawSeries, DataError> {
    let Some(days) = doc
        .as_object()
        .and_then(|o| o.iter().find(|(k, _)| k.starts_with("Time Series")))
        .and_then(|(_, v)| v.as_object())
    else {
        return Err(DataError::file(
            file,
            "the Alpha Vantage answer has no time series",
        ));
    };
    let symbol = symbol_or(doc["Meta Data"]["2. Symbol"].as_str(), fallback);
    let mut series = RawSeries::new(&symbol, Unit::Entry);
    // Fields without their `N. ` prefix.
    let get = |fields: &Map<String, Value>, name: &str| {
        fields
            .iter()
            .find(|(k, _)| k.split_once(". ").map_or(k.as_str(), |(_, n)| n) == name)
            .map(|(_, v)| v.clone())
    };
    for (i, (date, fields)) in days.iter().enumerate() {
        let Some(stamp) = stamp_of(&Value::String(date.clone())) else {
            return Err(DataError::file(
                file,
                format!("time series entry '{date}' is not a date"),
            ));
        };
        let Some(fields) = fields.as_object() else {
            return Err(DataError::file(
                file,
                format!("time series entry {date} has no fields"),
            ));
        };
        let Some(close) = get(fields, "close") else {
            series.drop_row("without a price", i + 1);
            continue;
        };
        let close = entry_price(file, "time series", i, stamp, &close)?;
        let adj_close = match get(fields, "adjusted close") {
            Some(v) => Some(entry_price(file, "time series", i, stamp, &v)?),
            None => None,
        };
        series.rows.push(RawRow {
            loc: i + 1,
            stamp,
            close,
            adj_close,
            volume: get(fields, "volume").as_ref().and_then(json_num),
        });
    }
    Ok(series)
}

fn symbol_or(named: Option<&str>, fallback: &str) -> String {
    named
        .map(clean_symbol)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| fallback.to_owned())
}
