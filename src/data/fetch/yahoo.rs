//! Yahoo Finance's v8 chart API: daily bars with adjclose and split events, asked with
//! `period1`/`period2` (never `range=max`, which comes back at 3-month granularity). The
//! response is read by the importer's Yahoo chart reader.

use chrono::Days;
use serde_json::Value;

use super::error::FetchError;
use super::{Ask, Fetched, Provider, encode, http, unix};
use crate::data::import;
use crate::model::days_to_date;

/// The request URL for `symbol` between two dates (a day of margin each side: a bar's UTC time
/// can fall on the day before its trading date in Asian markets).
pub(super) fn url(
    base: &str,
    symbol: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> String {
    let period1 = unix(from - Days::new(1)).max(0);
    let period2 = unix(to + Days::new(1));
    format!(
        "{base}/v8/finance/chart/{}?period1={period1}&period2={period2}&interval=1d&events=div%7Csplit&includeAdjustedClose=true",
        encode(symbol)
    )
}

pub(super) fn fetch(ask: &Ask<'_>) -> Result<Fetched, FetchError> {
    let target = ask.target(Provider::Yahoo);
    (ask.progress)(0.05);
    let body = ask.http.get(
        Provider::Yahoo,
        &url(ask.base, ask.symbol, ask.from, ask.to),
        &target,
        ask.cancel,
    )?;
    (ask.progress)(0.8);
    let doc = http::json(&body, &target)?;
    parse(&doc, ask, &target)
}

fn parse(doc: &Value, ask: &Ask<'_>, target: &str) -> Result<Fetched, FetchError> {
    let chart = &doc["chart"];
    if !chart.is_object() {
        return Err(FetchError::Malformed {
            target: target.to_owned(),
            detail: "no \"chart\" object: not a Yahoo chart response".into(),
        });
    }
    if let Some(err) = chart.get("error").filter(|e| !e.is_null()) {
        let description = err["description"].as_str().unwrap_or_default().to_owned();
        if err["code"].as_str() == Some("Not Found") {
            return Err(FetchError::NotFound {
                target: target.to_owned(),
                detail: format!(" ({description})"),
            });
        }
        return Err(FetchError::Provider {
            target: target.to_owned(),
            message: format!("Yahoo answered with an error: {description}"),
        });
    }
    let result = &chart["result"][0];
    let empty = FetchError::Empty {
        target: target.to_owned(),
        from: ask.from,
        to: ask.to,
    };
    if result.is_null() {
        return Err(empty);
    }
    if result["timestamp"].as_array().is_none_or(Vec::is_empty) {
        return Err(empty);
    }
    let mut series = import::read_yahoo_chart(doc, target, ask.symbol).map_err(|source| {
        FetchError::Invalid {
            target: target.to_owned(),
            source,
        }
    })?;
    series.symbol = ask.symbol.to_owned();
    let provisional = provisional_day(&result["meta"], &series, ask.now);
    Ok(Fetched {
        provider: Provider::Yahoo,
        series,
        provisional,
        from: ask.from,
        to: ask.to,
    })
}

/// The last bar's date when it is the exchange's today and its session has not ended.
fn provisional_day(
    meta: &Value,
    series: &import::ImportedSeries,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<chrono::NaiveDate> {
    let last = series.last_date()?;
    let offset = meta["gmtoffset"].as_i64().unwrap_or(0);
    let local_today =
        days_to_date((now.timestamp().saturating_add(offset).div_euclid(86_400)) as i32);
    if last != local_today {
        return None;
    }
    match meta["currentTradingPeriod"]["regular"]["end"].as_i64() {
        Some(end) if now.timestamp() >= end => None,
        _ => Some(last),
    }
}
