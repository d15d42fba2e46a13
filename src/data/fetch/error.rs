//! What can go wrong when fetching, each kind saying what happened and what to do.

use chrono::NaiveDate;

use crate::data::DataError;

/// A failed fetch. `target` names what was asked for and from whom: "AAPL from Yahoo Finance",
/// "network hashrate from mempool.space".
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(
        "{target}: cannot connect to {host} ({detail}): you seem to be offline; check the network \
         connection. MinerLens keeps working from the local store"
    )]
    Offline {
        target: String,
        host: String,
        detail: String,
    },
    #[error(
        "{target}: cannot resolve the host name {host} (DNS): check the network connection, or the \
         provider's address under Data sources"
    )]
    Dns { target: String, host: String },
    #[error(
        "{target}: the secure connection to {host} failed ({detail}): check the system clock, and \
         any proxy or antivirus that intercepts HTTPS"
    )]
    Tls {
        target: String,
        host: String,
        detail: String,
    },
    #[error(
        "{target}: no answer from {host} within {secs} s after {tries} tries: the service or the \
         connection is slow; try again later"
    )]
    Timeout {
        target: String,
        host: String,
        secs: u64,
        tries: u32,
    },
    #[error(
        "{target}: HTTP 404, the provider does not know this symbol{detail}: check the ticker \
         (with the exchange suffix, e.g. GS2C.DE) or choose another provider"
    )]
    NotFound { target: String, detail: String },
    #[error(
        "{target}: HTTP 404, the provider has no such data{detail}: its address may have \
         changed; check the provider's address under Data sources, or try again later"
    )]
    NoSuchData { target: String, detail: String },
    #[error(
        "{target}: HTTP 429, rate limited by the provider after {tries} tries{wait}: wait a few \
         minutes, then refresh again"
    )]
    RateLimited {
        target: String,
        tries: u32,
        wait: String,
    },
    #[error(
        "{target}: HTTP {status} (server error) after {tries} tries: the provider has a problem; \
         try again later or choose another provider"
    )]
    Server {
        target: String,
        status: u16,
        tries: u32,
    },
    #[error(
        "{target}: HTTP {status}, the provider refused the request{detail}: check the symbol and \
         the provider's address under Data sources"
    )]
    Refused {
        target: String,
        status: u16,
        detail: String,
    },
    #[error(
        "{target}: got a web page (HTML) instead of data (HTTP {status}): a proxy, captive portal \
         or consent page answered; open the provider in a browser or check its address under Data \
         sources"
    )]
    Html { target: String, status: u16 },
    #[error(
        "{target}: the response ended early (truncated JSON, {detail}): the connection was cut; \
         try again"
    )]
    Truncated { target: String, detail: String },
    #[error(
        "{target}: malformed JSON ({detail}): the provider's format may have changed; choose \
         another provider and report it"
    )]
    Malformed { target: String, detail: String },
    #[error(
        "{target}: no prices between {from} and {to}: check the symbol and the dates (a symbol \
         that only started trading later has none before)"
    )]
    Empty {
        target: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    #[error(
        "{target}: the data stops on {last} ({days} days before {to}): the symbol may be delisted \
         or renamed; check its current ticker"
    )]
    Delisted {
        target: String,
        last: NaiveDate,
        to: NaiveDate,
        days: i64,
    },
    #[error("{target}: the data failed the checks, nothing was stored: {source}")]
    Invalid {
        target: String,
        #[source]
        source: DataError,
    },
    #[error("{target}: {message}")]
    Provider { target: String, message: String },
    #[error("{target}: cancelled, nothing was changed")]
    Cancelled { target: String },
    #[error("{target}: {detail}: check the network connection and try again")]
    Network { target: String, detail: String },
    #[error(
        "{target}: '{url}' is not a web address ({detail}): check the provider's address under \
         Data sources or in the MINERLENS_..._URL environment variable"
    )]
    BadUrl {
        target: String,
        url: String,
        detail: String,
    },
    #[error("could not set up HTTPS: {0}")]
    Client(String),
}

impl FetchError {
    pub fn is_cancelled(&self) -> bool {
        matches!(self, FetchError::Cancelled { .. })
    }

    /// A short name of the kind, for tables and JSON: "offline", "not found", "rate limited" ...
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::Offline { .. } => "offline",
            FetchError::Dns { .. } => "dns",
            FetchError::Tls { .. } => "tls",
            FetchError::Timeout { .. } => "timeout",
            FetchError::NotFound { .. } | FetchError::NoSuchData { .. } => "not found",
            FetchError::RateLimited { .. } => "rate limited",
            FetchError::Server { .. } => "server error",
            FetchError::Refused { .. } => "refused",
            FetchError::Html { .. } => "html",
            FetchError::Truncated { .. } => "truncated",
            FetchError::Malformed { .. } => "malformed",
            FetchError::Empty { .. } => "empty",
            FetchError::Delisted { .. } => "delisted",
            FetchError::Invalid { .. } => "invalid",
            FetchError::Provider { .. } => "provider error",
            FetchError::Cancelled { .. } => "cancelled",
            FetchError::Network { .. } => "network",
            FetchError::BadUrl { .. } => "bad address",
            FetchError::Client(_) => "client",
        }
    }

    /// The HTTP status, where there is one.
    /// For requests that are not about a symbol (the network history): a 404 means the data
    /// or the address is gone, not an unknown ticker.
    pub fn not_about_a_symbol(self) -> Self {
        match self {
            FetchError::NotFound { target, detail } => FetchError::NoSuchData { target, detail },
            other => other,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::NotFound { .. } | FetchError::NoSuchData { .. } => Some(404),
            FetchError::RateLimited { .. } => Some(429),
            FetchError::Server { status, .. }
            | FetchError::Refused { status, .. }
            | FetchError::Html { status, .. } => Some(*status),
            _ => None,
        }
    }
}
