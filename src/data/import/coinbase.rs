//! Coinbase Exchange candles: `[[time, low, high, open, close, volume], ...]`, newest first,
//! `time` the start of the bar in unix seconds.

use serde_json::Value;

use super::cells::Stamp;
use super::rows::{RawRow, RawSeries, Unit};
use super::{entry_price, json_num};
use crate::data::DataError;

pub(super) fn parse(doc: &Value, file: &str, symbol: &str) -> Result<RawSeries, DataError> {
    let candles = doc.as_array().map(Vec::as_slice).unwrap_or_default();
    let mut series = RawSeries::new(symbol, Unit::Entry);
    for (i, c) in candles.iter().enumerate() {
        let Some(time) = c[0].as_f64() else {
            return Err(DataError::file(
                file,
                format!("candle [{i}] has no time: {c}"),
            ));
        };
        let stamp = Stamp::from_unix_secs(time as i64);
        if c[4].is_null() {
            series.drop_row("without a price", i + 1);
            continue;
        }
        let close = entry_price(file, "close of candle ", i, stamp, &c[4])?;
        series.rows.push(RawRow {
            loc: i + 1,
            stamp,
            close,
            adj_close: None,
            volume: json_num(&c[5]),
        });
    }
    Ok(series)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::import::rows::finish;

    #[test]
    fn candles_are_read_oldest_first() {
        let doc: Value =
            serde_json::from_str("[[1704240000,44000,46000,44500,45000.5,1200.5],[1704153600,43000,45000,43500,44500,1000]]")
                .unwrap();
        let s = finish(parse(&doc, "c.json", "BTC-USD").unwrap(), "c.json").unwrap();
        assert_eq!(s.rows.close, vec![44500.0, 45000.5]);
        assert_eq!(s.rows.volume, vec![Some(1000.0), Some(1200.5)]);
        assert!(s.notes[0].starts_with("newest first"));
    }
}
