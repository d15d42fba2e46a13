//! CoinGecko's `market_chart` response: `{"prices":[[ms, price]...], "total_volumes": ...}`.
//! A point at 00:00 UTC is the close of the day before (CoinGecko snapshots at midnight).

use serde_json::Value;

use super::cells::Stamp;
use super::rows::{RawRow, RawSeries, Unit};
use super::{entry_price, json_num};
use crate::data::DataError;
use crate::model::days_to_date;

pub(super) fn parse(doc: &Value, file: &str, symbol: &str) -> Result<RawSeries, DataError> {
    let Some(prices) = doc["prices"].as_array() else {
        return Err(DataError::file(
            file,
            "the CoinGecko response has no prices",
        ));
    };
    let volumes = doc["total_volumes"].as_array();
    let mut series = RawSeries::new(symbol, Unit::Entry);
    let mut last_intraday = None;
    for (i, point) in prices.iter().enumerate() {
        let Some(ms) = point[0].as_f64() else {
            return Err(DataError::file(
                file,
                format!("prices[{i}] has no time: {point}"),
            ));
        };
        // One millisecond before: 00:00:00.000 belongs to the day before.
        let secs = ((ms - 1.0) / 1000.0).floor() as i64;
        let stamp = Stamp::from_unix_secs(secs);
        if point[1].is_null() {
            series.drop_row("without a price", i + 1);
            continue;
        }
        let close = entry_price(file, "prices", i, stamp, &point[1])?;
        let volume = volumes
            .and_then(|v| v.get(i))
            .filter(|v| v[0].as_f64() == Some(ms))
            .and_then(|v| json_num(&v[1]));
        last_intraday = (stamp.time_secs != Some(86_399)).then_some(stamp);
        series.rows.push(RawRow {
            loc: i + 1,
            stamp,
            close,
            adj_close: None,
            volume,
        });
    }
    series
        .notes
        .push("CoinGecko's 00:00 UTC points are the previous day's close".into());
    if let (Some(stamp), true) = (last_intraday, series.rows.len() > 2) {
        let t = stamp.time_secs.unwrap_or(0) + 1;
        series.notes.push(format!(
            "the last point ({} {:02}:{:02} UTC) is a price during that day, not its close",
            days_to_date(stamp.day),
            t / 3600,
            t % 3600 / 60
        ));
    }
    Ok(series)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::import::rows::finish;
    use crate::model::dates::ymd;

    #[test]
    fn midnight_points_close_the_previous_day() {
        // 2024-01-02 00:00 UTC, 2024-01-03 00:00 UTC, 2024-01-03 14:30 UTC.
        let doc: Value = serde_json::from_str(
            r#"{"prices":[[1704153600000,44000.5],[1704240000000,45000],[1704292200000,45500]],
                "market_caps":[],
                "total_volumes":[[1704153600000,1e10],[1704240000000,2e10],[1704292200000,3e9]]}"#,
        )
        .unwrap();
        let s = finish(parse(&doc, "BTC-USD.json", "BTC-USD").unwrap(), "f").unwrap();
        let dates: Vec<_> = s.rows.days.iter().map(|d| days_to_date(*d)).collect();
        assert_eq!(
            dates,
            vec![ymd(2024, 1, 1), ymd(2024, 1, 2), ymd(2024, 1, 3)]
        );
        assert_eq!(s.rows.close, vec![44000.5, 45000.0, 45500.0]);
        assert_eq!(s.rows.volume[1], Some(2e10));
        assert!(
            s.notes.iter().any(|n| n.contains("14:30 UTC")),
            "{:?}",
            s.notes
        );
    }
}
