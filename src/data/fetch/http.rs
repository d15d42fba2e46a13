//! The HTTP client of the providers: timeouts, retries with exponential backoff and jitter on
//! 429, 5xx and connection errors (honouring `Retry-After`), a rate limit per provider, cancel
//! checks between tries, and every failure classified into a [`FetchError`].

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::Provider;
use super::error::FetchError;
use crate::data::rng::Rng;

/// A browser-like User-Agent: Yahoo answers 429 to unknown clients.
pub const USER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 MinerLens/0.1";

/// How hard to try. Tests use short delays; nothing here is asserted on time.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Tries per request, the first included.
    pub max_tries: u32,
    /// Delay before the second try; doubled for each further one, with +-50% jitter.
    pub base_delay: Duration,
    /// Upper bound of one backoff delay.
    pub max_delay: Duration,
    pub connect_timeout: Duration,
    /// The whole request, body included.
    pub request_timeout: Duration,
    /// A `Retry-After` longer than this gives up instead of waiting.
    pub max_retry_after: Duration,
    /// Minimum time between two requests to one provider; `None` = the provider's own.
    pub min_interval: Option<Duration>,
    /// Symbols fetched at once.
    pub parallel: usize,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_tries: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
            min_interval: None,
            parallel: 4,
        }
    }
}

/// A successful answer.
#[derive(Clone, Debug)]
pub struct Body {
    pub status: u16,
    pub content_type: String,
    pub text: String,
}

/// One blocking client shared by the worker threads.
pub struct Http {
    client: reqwest::blocking::Client,
    pub policy: RetryPolicy,
    /// Earliest start of the next request per provider.
    next_slot: Mutex<BTreeMap<Provider, Instant>>,
    rng: Mutex<Rng>,
}

/// Installs rustls's ring provider once (an error means one is installed already).
fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Http {
    pub fn new(policy: RetryPolicy) -> Result<Self, FetchError> {
        install_crypto();
        let client = reqwest::blocking::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.request_timeout)
            .build()
            .map_err(|e| FetchError::Client(error_chain(&e)))?;
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(7);
        Ok(Self {
            client,
            policy,
            next_slot: Mutex::new(BTreeMap::new()),
            rng: Mutex::new(Rng::seed_from(seed)),
        })
    }

    /// GETs `url`, retrying per the policy. Any HTTP status other than 2xx is an error.
    pub fn get(
        &self,
        provider: Provider,
        url: &str,
        target: &str,
        cancel: &AtomicBool,
    ) -> Result<Body, FetchError> {
        let host = host_of(url);
        let cancelled = || FetchError::Cancelled {
            target: target.to_owned(),
        };
        let mut tries = 0;
        loop {
            tries += 1;
            if cancel.load(Ordering::Relaxed) {
                return Err(cancelled());
            }
            self.wait_for_slot(provider, target, cancel)?;
            if cancel.load(Ordering::Relaxed) {
                return Err(cancelled());
            }
            log::debug!("GET {url} (try {tries})");
            let (err, retry_after) = match self.client.get(url).send() {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let content_type = resp
                        .headers()
                        .get(reqwest::header::CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    let retry_after = resp
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(parse_retry_after);
                    match resp.text() {
                        Ok(text) if (200..300).contains(&status) => {
                            return Ok(Body {
                                status,
                                content_type,
                                text,
                            });
                        }
                        Ok(text) => (
                            status_error(status, &content_type, &text, target, tries, retry_after),
                            retry_after,
                        ),
                        Err(e) if (200..300).contains(&status) => (
                            FetchError::Truncated {
                                target: target.to_owned(),
                                detail: format!("the body could not be read: {}", error_chain(&e)),
                            },
                            None,
                        ),
                        Err(_) => (
                            status_error(status, &content_type, "", target, tries, retry_after),
                            retry_after,
                        ),
                    }
                }
                Err(e) => (classify(&e, target, &host, tries, &self.policy), None),
            };
            if !retryable(&err) || tries >= self.policy.max_tries {
                return Err(err);
            }
            let delay = match retry_after {
                Some(wait) if wait > self.policy.max_retry_after => {
                    return Err(FetchError::RateLimited {
                        target: target.to_owned(),
                        tries,
                        wait: format!(" (it asks to wait {} s)", wait.as_secs()),
                    });
                }
                Some(wait) => wait,
                None => self.backoff(tries),
            };
            log::info!("{target}: {err}; retrying in {} ms", delay.as_millis());
            if !sleep_unless_cancelled(delay, cancel) {
                return Err(cancelled());
            }
        }
    }

    /// Exponential backoff with +-50% jitter before try `tries + 1`.
    fn backoff(&self, tries: u32) -> Duration {
        let base = self.policy.base_delay.as_secs_f64() * 2f64.powi(tries as i32 - 1);
        let jitter = self.rng.lock().map(|mut r| r.uniform()).unwrap_or(0.5);
        Duration::from_secs_f64((base * (0.5 + jitter)).min(self.policy.max_delay.as_secs_f64()))
    }

    /// Waits until this provider may be asked again (the per-provider rate limit).
    fn wait_for_slot(
        &self,
        provider: Provider,
        target: &str,
        cancel: &AtomicBool,
    ) -> Result<(), FetchError> {
        let interval = self
            .policy
            .min_interval
            .unwrap_or_else(|| provider.min_interval());
        if interval.is_zero() {
            return Ok(());
        }
        let start = {
            let Ok(mut slots) = self.next_slot.lock() else {
                return Ok(());
            };
            let now = Instant::now();
            let start = slots.get(&provider).copied().unwrap_or(now).max(now);
            slots.insert(provider, start + interval);
            start
        };
        if sleep_unless_cancelled(start.saturating_duration_since(Instant::now()), cancel) {
            Ok(())
        } else {
            Err(FetchError::Cancelled {
                target: target.to_owned(),
            })
        }
    }
}

/// Sleeps in short slices; false when cancelled meanwhile.
fn sleep_unless_cancelled(total: Duration, cancel: &AtomicBool) -> bool {
    let end = Instant::now() + total;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return false;
        }
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return true;
        }
        std::thread::sleep(left.min(Duration::from_millis(20)));
    }
}

/// Seconds or an HTTP date.
fn parse_retry_after(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    let secs = (when.timestamp() - chrono::Utc::now().timestamp()).max(0);
    Some(Duration::from_secs(secs as u64))
}

fn retryable(err: &FetchError) -> bool {
    matches!(
        err,
        FetchError::RateLimited { .. }
            | FetchError::Server { .. }
            | FetchError::Offline { .. }
            | FetchError::Timeout { .. }
            | FetchError::Truncated { .. }
            | FetchError::Network { .. }
    )
}

/// `https://query1.finance.yahoo.com/v8/...` -> `query1.finance.yahoo.com`.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?']).next().unwrap_or(rest).to_owned()
}

/// A short text from an error body: Yahoo's `chart.error.description`, else the start of it.
fn body_detail(text: &str) -> String {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        for path in [
            &["chart", "error", "description"][..],
            &["message"],
            &["error"],
        ] {
            let mut cur = &v;
            for key in path {
                cur = &cur[*key];
            }
            if let Some(s) = cur.as_str().filter(|s| !s.is_empty()) {
                return format!(" ({s})");
            }
        }
    }
    String::new()
}

fn looks_like_html(content_type: &str, text: &str) -> bool {
    content_type.contains("text/html") || {
        let t = text
            .trim_start()
            .get(..15)
            .unwrap_or("")
            .to_ascii_lowercase();
        t.starts_with("<!doctype") || t.starts_with("<html") || t.starts_with("<head")
    }
}

fn status_error(
    status: u16,
    content_type: &str,
    text: &str,
    target: &str,
    tries: u32,
    retry_after: Option<Duration>,
) -> FetchError {
    let target = target.to_owned();
    match status {
        404 => FetchError::NotFound {
            target,
            detail: body_detail(text),
        },
        429 => FetchError::RateLimited {
            target,
            tries,
            wait: retry_after
                .map(|w| format!(" (it asks to wait {} s)", w.as_secs()))
                .unwrap_or_default(),
        },
        500..=599 => FetchError::Server {
            target,
            status,
            tries,
        },
        _ if looks_like_html(content_type, text) => FetchError::Html { target, status },
        _ => FetchError::Refused {
            target,
            status,
            detail: body_detail(text),
        },
    }
}

/// The error and its sources in one line.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut cur = err.source();
    while let Some(e) = cur {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = e.source();
    }
    parts.join(": ")
}

fn classify(
    err: &reqwest::Error,
    target: &str,
    host: &str,
    tries: u32,
    policy: &RetryPolicy,
) -> FetchError {
    let target = target.to_owned();
    let host = host.to_owned();
    let chain = error_chain(err);
    let lower = chain.to_lowercase();
    let mut is_tls = false;
    let mut source: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = source {
        // An io::Error's `source` skips the error it wraps: look inside it too.
        let inner = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map(|i| i as &dyn std::error::Error);
        if e.downcast_ref::<rustls::Error>().is_some()
            || inner.is_some_and(|i| i.downcast_ref::<rustls::Error>().is_some())
        {
            is_tls = true;
        }
        source = e.source();
    }
    if err.is_builder() {
        FetchError::BadUrl {
            target,
            url: err.url().map_or_else(|| host.clone(), |u| u.to_string()),
            detail: chain,
        }
    } else if err.is_timeout() {
        FetchError::Timeout {
            target,
            host,
            secs: policy.request_timeout.as_secs().max(1),
            tries,
        }
    } else if is_tls || lower.contains("certificate") || lower.contains("tls") {
        FetchError::Tls {
            target,
            host,
            detail: chain,
        }
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        FetchError::Dns { target, host }
    } else if err.is_connect() {
        FetchError::Offline {
            target,
            host,
            detail: chain
                .rsplit(": ")
                .next()
                .unwrap_or("connection failed")
                .to_owned(),
        }
    } else if err.is_body() || err.is_decode() {
        FetchError::Truncated {
            target,
            detail: chain,
        }
    } else {
        FetchError::Network {
            target,
            detail: chain,
        }
    }
}

/// The JSON of an answer: a web page, an empty body, a cut-off document and a malformed one are
/// each named.
pub fn json(body: &Body, target: &str) -> Result<Value, FetchError> {
    if looks_like_html(&body.content_type, &body.text) {
        return Err(FetchError::Html {
            target: target.to_owned(),
            status: body.status,
        });
    }
    if body.text.trim().is_empty() {
        return Err(FetchError::Truncated {
            target: target.to_owned(),
            detail: "the body is empty".into(),
        });
    }
    serde_json::from_str(&body.text).map_err(|e| {
        let detail = format!("{e} of {} bytes", body.text.len());
        if e.classify() == serde_json::error::Category::Eof {
            FetchError::Truncated {
                target: target.to_owned(),
                detail,
            }
        } else {
            FetchError::Malformed {
                target: target.to_owned(),
                detail,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_and_hosts() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(
            host_of("https://query1.finance.yahoo.com/v8/finance/chart/AAPL?x=1"),
            "query1.finance.yahoo.com"
        );
        assert_eq!(host_of("http://127.0.0.1:8080"), "127.0.0.1:8080");
    }

    #[test]
    fn bodies_are_classified() {
        let body = |ct: &str, text: &str| Body {
            status: 200,
            content_type: ct.into(),
            text: text.into(),
        };
        let kind = |b: &Body| json(b, "X").unwrap_err().kind();
        assert_eq!(kind(&body("text/html", "<p>consent</p>")), "html");
        assert_eq!(kind(&body("", "<!DOCTYPE html><html>")), "html");
        assert_eq!(
            kind(&body("application/json", "{\"chart\":{\"res")),
            "truncated"
        );
        assert_eq!(kind(&body("application/json", "{\"a\":}")), "malformed");
        assert_eq!(kind(&body("application/json", "")), "truncated");
        assert!(json(&body("application/json", "[1]"), "X").is_ok());
        let e = status_error(
            404,
            "",
            r#"{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}"#,
            "ZZZ from Yahoo Finance",
            1,
            None,
        );
        assert!(e.to_string().contains("symbol may be delisted"), "{e}");
        assert_eq!(e.status(), Some(404));
    }
}
