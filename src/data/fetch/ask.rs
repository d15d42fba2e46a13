//! The inputs of one provider request, and the small encodings the providers share.

use std::sync::atomic::AtomicBool;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Http, Provider};
use crate::model::date_to_days;

/// One provider request's inputs.
pub(crate) struct Ask<'a> {
    pub http: &'a Http,
    pub base: &'a str,
    pub symbol: &'a str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub now: DateTime<Utc>,
    pub cancel: &'a AtomicBool,
    pub progress: &'a dyn Fn(f32),
}

impl Ask<'_> {
    pub(super) fn target(&self, provider: Provider) -> String {
        format!("{} from {}", self.symbol, provider.label())
    }
}

/// Unix seconds of a date's midnight UTC.
pub(super) fn unix(date: NaiveDate) -> i64 {
    i64::from(date_to_days(date)) * 86_400
}

/// Percent-encodes a path segment or query value (symbols like `^GSPC` or `BTC=F`).
pub(super) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
