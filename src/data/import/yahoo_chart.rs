//! Yahoo's v8 chart API response: `chart.result[0]` with `timestamp`, `indicators.quote[0]` and
//! `indicators.adjclose[0]`. Bars with null prices are skipped; the exchange's `gmtoffset`
//! decides the trading date of each bar.

use serde_json::Value;

use super::cells::Stamp;
use super::rows::{RawRow, RawSeries, Unit};
use super::{entry_price, json_num};
use crate::data::DataError;

pub(super) fn parse(
    doc: &Value,
    file: &str,
    fallback_symbol: &str,
) -> Result<RawSeries, DataError> {
    let chart = &doc["chart"];
    if let Some(err) = chart.get("error").filter(|e| !e.is_null()) {
        let text = err["description"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| err.to_string());
        return Err(DataError::file(
            file,
            format!("Yahoo answered with an error: {text}"),
        ));
    }
    let result = &chart["result"][0];
    if result.is_null() {
        return Err(DataError::file(
            file,
            "the Yahoo chart response has no result",
        ));
    }
    let meta = &result["meta"];
    let symbol = meta["symbol"]
        .as_str()
        .map(super::clean_symbol)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| fallback_symbol.to_owned());
    let offset = meta["gmtoffset"].as_i64().unwrap_or(0);
    let Some(stamps) = result["timestamp"].as_array() else {
        return Err(DataError::file(
            file,
            "the Yahoo chart response has no timestamps (no prices in the range)",
        ));
    };
    let quote = &result["indicators"]["quote"][0];
    let closes = quote["close"].as_array().ok_or_else(|| {
        DataError::file(
            file,
            "the Yahoo chart response has no close prices (indicators.quote[0].close)",
        )
    })?;
    let adj = result["indicators"]["adjclose"][0]["adjclose"].as_array();
    let volumes = quote["volume"].as_array();
    let mut series = RawSeries::new(symbol, Unit::Entry);
    for (i, ts) in stamps.iter().enumerate() {
        let Some(ts) = ts.as_i64() else {
            return Err(DataError::file(
                file,
                format!("timestamp[{i}] is not a unix time: {ts}"),
            ));
        };
        let Some(local) = ts.checked_add(offset) else {
            return Err(DataError::file(
                file,
                format!("timestamp[{i}] is out of range: {ts}"),
            ));
        };
        let stamp = Stamp::from_unix_secs(local);
        let close_value = closes.get(i).unwrap_or(&Value::Null);
        if close_value.is_null() {
            series.drop_row("with null prices", i + 1);
            continue;
        }
        let close = entry_price(file, "close", i, stamp, close_value)?;
        let adj_close = match adj.and_then(|a| a.get(i)).filter(|v| !v.is_null()) {
            Some(v) => Some(entry_price(file, "adjclose", i, stamp, v)?),
            None => None,
        };
        let volume = volumes.and_then(|v| v.get(i)).and_then(json_num);
        series.rows.push(RawRow {
            loc: i + 1,
            stamp,
            close,
            adj_close,
            volume,
        });
    }
    series.notes.extend(split_notes(result, offset));
    Ok(series)
}

/// The split events of the response (`events.splits`), oldest first: "split 4:1 on 2020-08-31
/// (prices before it are adjusted by Yahoo)".
fn split_notes(result: &Value, offset: i64) -> Vec<String> {
    let Some(splits) = result["events"]["splits"].as_object() else {
        return Vec::new();
    };
    let mut found: Vec<(i64, String)> = splits
        .values()
        .filter_map(|s| {
            let date = s["date"].as_i64()?;
            let ratio = s["splitRatio"].as_str().map(str::to_owned).or_else(|| {
                Some(format!(
                    "{}:{}",
                    json_num(&s["numerator"])?,
                    json_num(&s["denominator"])?
                ))
            })?;
            Some((date, ratio))
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .map(|(date, ratio)| {
            let day =
                crate::model::days_to_date(Stamp::from_unix_secs(date.saturating_add(offset)).day);
            format!("split {ratio} on {day} (Yahoo's prices before it are split-adjusted)")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::import::rows::finish;
    use crate::model::dates::ymd;
    use crate::model::days_to_date;

    const DOC: &str = r#"{"chart":{"result":[{"meta":{"symbol":"CIFR","gmtoffset":-18000,"dataGranularity":"1d"},
        "timestamp":[1704205800,1704292200,1704378600],
        "indicators":{"quote":[{"close":[4.1,null,4.3],"volume":[100,null,300]}],
                      "adjclose":[{"adjclose":[4.0,null,4.2]}]}}],"error":null}}"#;

    #[test]
    fn bars_become_trading_dates_and_nulls_are_skipped() {
        let doc: Value = serde_json::from_str(DOC).unwrap();
        let s = finish(parse(&doc, "c.json", "X").unwrap(), "c.json").unwrap();
        assert_eq!(s.symbol, "CIFR");
        assert_eq!(s.rows.close, vec![4.1, 4.3]);
        assert_eq!(s.rows.adj_close, vec![Some(4.0), Some(4.2)]);
        assert_eq!(days_to_date(s.rows.days[0]), ymd(2024, 1, 2));
        assert_eq!(s.dropped, vec!["1 row with null prices (entry 2)"]);
    }

    #[test]
    fn split_events_become_notes() {
        let doc = DOC.replace(
            r#""timestamp""#,
            r#""events":{"splits":{"1704292200":{"date":1704292200,"numerator":4,"denominator":1,"splitRatio":"4:1"}}},"timestamp""#,
        );
        let doc: Value = serde_json::from_str(&doc).unwrap();
        let s = finish(parse(&doc, "c.json", "X").unwrap(), "c.json").unwrap();
        assert_eq!(
            s.notes,
            vec!["split 4:1 on 2024-01-03 (Yahoo's prices before it are split-adjusted)"]
        );
    }

    #[test]
    fn errors_say_where() {
        let doc: Value = serde_json::from_str(&DOC.replace("4.3", "-4.3")).unwrap();
        let e = parse(&doc, "c.json", "X").unwrap_err().to_string();
        assert_eq!(
            e,
            "c.json: close[2] (2024-01-04): '-4.3' is not a positive price"
        );
        let doc: Value = serde_json::from_str(
            r#"{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}"#,
        )
        .unwrap();
        let e = parse(&doc, "c.json", "X").unwrap_err().to_string();
        assert!(e.contains("symbol may be delisted"), "{e}");
    }
}
