//! Coinbase Exchange daily candles: at most 300 per request, so the range is asked in pages
//! (newest first, like the rows of each page). The pages are read together by the importer's
//! Coinbase reader.

use chrono::{Days, NaiveDate};
use serde_json::Value;

use super::error::FetchError;
use super::{Ask, Fetched, Provider, encode, http};
use crate::data::import;

/// Candles per request (Coinbase's limit).
pub const PAGE_DAYS: u64 = 300;

/// The pages of `[from, to]`, newest first: `(start, end)`, both inclusive.
pub(super) fn pages(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut end = to;
    while end >= from {
        let start = (end - Days::new(PAGE_DAYS - 1)).max(from);
        out.push((start, end));
        match start.pred_opt() {
            Some(prev) if start > from => end = prev,
            _ => break,
        }
    }
    out
}

fn url(base: &str, symbol: &str, start: NaiveDate, end: NaiveDate) -> String {
    format!(
        "{base}/products/{}/candles?granularity=86400&start={start}T00%3A00%3A00Z&end={end}T00%3A00%3A00Z",
        encode(symbol)
    )
}

pub(super) fn fetch(ask: &Ask<'_>) -> Result<Fetched, FetchError> {
    let target = ask.target(Provider::Coinbase);
    let pages = pages(ask.from, ask.to);
    let mut docs: Vec<Value> = Vec::with_capacity(pages.len());
    for (i, (start, end)) in pages.iter().enumerate() {
        let body = ask.http.get(
            Provider::Coinbase,
            &url(ask.base, ask.symbol, *start, *end),
            &target,
            ask.cancel,
        )?;
        let doc = http::json(&body, &target)?;
        if !doc.is_array() {
            let message = doc["message"].as_str().unwrap_or_default();
            return Err(FetchError::Malformed {
                target: target.clone(),
                detail: if message.is_empty() {
                    "expected an array of candles".to_owned()
                } else {
                    format!("expected an array of candles, got the message '{message}'")
                },
            });
        }
        let empty = doc.as_array().is_some_and(Vec::is_empty);
        docs.push(doc);
        (ask.progress)((i + 1) as f32 / pages.len() as f32 * 0.95);
        // Older pages than the first empty one hold nothing either (before the listing).
        if empty && i > 0 {
            break;
        }
    }
    if docs.iter().all(|d| d.as_array().is_none_or(Vec::is_empty)) {
        return Err(FetchError::Empty {
            target,
            from: ask.from,
            to: ask.to,
        });
    }
    let mut series = import::read_coinbase_pages(&docs, &target, ask.symbol).map_err(|source| {
        FetchError::Invalid {
            target: target.clone(),
            source,
        }
    })?;
    series.notes.retain(|n| !n.starts_with("newest first"));
    // A crypto day ends at midnight UTC.
    let today = ask.now.date_naive();
    let provisional = series.last_date().filter(|d| *d == today);
    Ok(Fetched {
        provider: Provider::Coinbase,
        series,
        provisional,
        from: ask.from,
        to: ask.to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dates::ymd;

    #[test]
    fn ranges_are_cut_into_pages_of_300_days_newest_first() {
        let p = pages(ymd(2023, 1, 1), ymd(2024, 12, 31));
        assert_eq!(p.len(), 3);
        assert_eq!(p[0], (ymd(2024, 3, 7), ymd(2024, 12, 31)));
        assert_eq!(p[2].0, ymd(2023, 1, 1));
        for w in p.windows(2) {
            assert_eq!(w[1].1.succ_opt(), Some(w[0].0));
        }
        assert_eq!(
            pages(ymd(2024, 1, 1), ymd(2024, 1, 1)),
            vec![(ymd(2024, 1, 1), ymd(2024, 1, 1))]
        );
    }
}
