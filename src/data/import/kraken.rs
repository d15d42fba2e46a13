//! Kraken's public OHLC response: `{"error":[], "result":{"XXBTZUSD":[[time,"open","high",
//! "low","close","vwap","volume",count], ...], "last": ...}}`. Prices are strings; `time` is the
//! start of the bar. The last bar is the current, unfinished one.

use serde_json::Value;

use super::cells::Stamp;
use super::rows::{RawRow, RawSeries, Unit};
use super::{entry_price, json_num};
use crate::data::DataError;
use crate::model::days_to_date;

/// `XXBTZUSD` -> `BTC-USD`, `XETHZEUR` -> `ETH-EUR`, `SOLUSD` -> `SOL-USD`.
pub(super) fn pair_symbol(pair: &str) -> String {
    let p = pair.to_ascii_uppercase();
    let asset = |a: &str| match a {
        "XBT" => "BTC".to_owned(),
        "XDG" => "DOGE".to_owned(),
        other => other.to_owned(),
    };
    let (base, quote) = if p.is_ascii()
        && p.len() == 8
        && p.starts_with(['X', 'Z'])
        && p[4..].starts_with(['X', 'Z'])
    {
        (&p[1..4], &p[5..])
    } else if let Some(base) = [
        "USDT", "USDC", "USD", "EUR", "GBP", "CAD", "JPY", "CHF", "XBT",
    ]
    .iter()
    .find_map(|q| p.strip_suffix(q).filter(|b| !b.is_empty()).map(|b| (b, *q)))
    {
        base
    } else {
        return super::clean_symbol(&p);
    };
    super::clean_symbol(&format!("{}-{}", asset(base), asset(quote)))
}

pub(super) fn parse(doc: &Value, file: &str) -> Result<Vec<RawSeries>, DataError> {
    if let Some(errors) = doc["error"].as_array().filter(|e| !e.is_empty()) {
        let texts: Vec<String> = errors
            .iter()
            .map(|e| {
                e.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| e.to_string())
            })
            .collect();
        return Err(DataError::file(
            file,
            format!("Kraken answered with an error: {}", texts.join("; ")),
        ));
    }
    let Some(result) = doc["result"].as_object() else {
        return Err(DataError::file(file, "the Kraken response has no result"));
    };
    let mut out = Vec::new();
    for (pair, bars) in result.iter().filter(|(k, _)| k.as_str() != "last") {
        let Some(bars) = bars.as_array() else {
            continue;
        };
        let mut series = RawSeries::new(pair_symbol(pair), Unit::Entry);
        for (i, bar) in bars.iter().enumerate() {
            let Some(time) = bar[0].as_f64() else {
                return Err(DataError::file(
                    file,
                    format!("{pair}[{i}] has no time: {bar}"),
                ));
            };
            let stamp = Stamp::from_unix_secs(time as i64);
            let close = entry_price(file, &format!("{pair} close "), i, stamp, &bar[4])?;
            series.rows.push(RawRow {
                loc: i + 1,
                stamp,
                close,
                adj_close: None,
                volume: json_num(&bar[6]),
            });
        }
        if let Some(last) = series.rows.last() {
            series.notes.push(format!(
                "Kraken's last bar ({}) is the current, unfinished one",
                days_to_date(last.stamp.day)
            ));
        }
        out.push(series);
    }
    if out.is_empty() {
        return Err(DataError::file(
            file,
            "the Kraken response has no OHLC bars",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::import::rows::finish;

    #[test]
    fn pairs_get_familiar_names() {
        assert_eq!(pair_symbol("XXBTZUSD"), "BTC-USD");
        assert_eq!(pair_symbol("XETHZEUR"), "ETH-EUR");
        assert_eq!(pair_symbol("SOLUSD"), "SOL-USD");
        assert_eq!(pair_symbol("XBTUSDT"), "BTC-USDT");
    }

    #[test]
    fn string_prices_and_errors() {
        let doc: Value = serde_json::from_str(
            r#"{"error":[],"result":{"XXBTZUSD":[[1704153600,"44000.0","45000.0","43000.0","44500.5","44200.1","1200.5",9000],
                                               [1704240000,"44500.5","46000.0","44000.0","45000.0","45100.0","1300.0",9100]],"last":1704240000}}"#,
        )
        .unwrap();
        let s = parse(&doc, "k.json").unwrap().remove(0);
        let s = finish(s, "k.json").unwrap();
        assert_eq!(s.symbol, "BTC-USD");
        assert_eq!(s.rows.close, vec![44500.5, 45000.0]);
        assert_eq!(s.rows.volume, vec![Some(1200.5), Some(1300.0)]);
        let doc: Value =
            serde_json::from_str(r#"{"error":["EQuery:Unknown asset pair"]}"#).unwrap();
        assert_eq!(
            parse(&doc, "k.json").unwrap_err().to_string(),
            "k.json: Kraken answered with an error: EQuery:Unknown asset pair"
        );
    }
}
