//! A tiny scripted HTTP/1.1 server on 127.0.0.1 for the provider tests: every request is
//! recorded, and a handler decides the reply (status, headers, body, a cut-off body, no answer at
//! all). Each connection is answered once and closed.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

/// What the server saw.
#[derive(Clone, Debug)]
pub struct Request {
    /// Path and query: `/v8/finance/chart/AAPL?period1=...`.
    pub path: String,
    /// 0 for the first request the server got.
    pub index: usize,
}

impl Request {
    /// A query parameter's value.
    pub fn query(&self, key: &str) -> Option<String> {
        let (_, q) = self.path.split_once('?')?;
        q.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (k == key).then(|| v.replace("%3A", ":"))
        })
    }
}

/// The answer to one request.
#[derive(Clone, Debug)]
pub enum Reply {
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Announces `Content-Length` of the whole body but sends only the first `sent` bytes.
    CutOff { body: String, sent: usize },
    /// Reads the request and never answers.
    Hang,
}

impl Reply {
    pub fn json(body: impl Into<String>) -> Self {
        Self::status(200, body)
    }

    pub fn status(status: u16, body: impl Into<String>) -> Self {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
        }
    }

    pub fn html(status: u16, body: impl Into<String>) -> Self {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            body: body.into(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

pub struct Server {
    pub url: String,
    requests: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        listener.set_nonblocking(true).unwrap();
        let requests: Arc<Mutex<Vec<Request>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        {
            let requests = requests.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let requests = requests.clone();
                            let handler = handler.clone();
                            let stop = stop.clone();
                            std::thread::spawn(move || serve(stream, &requests, &*handler, &stop));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            });
        }
        Self {
            url,
            requests,
            stop,
        }
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(stream: TcpStream, requests: &Mutex<Vec<Request>>, handler: &Handler, stop: &AtomicBool) {
    stream.set_nonblocking(false).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() || first.is_empty() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() || line == "\r\n" || line.is_empty() {
            break;
        }
    }
    let path = first.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let request = {
        let mut all = requests.lock().unwrap();
        let r = Request {
            path,
            index: all.len(),
        };
        all.push(r.clone());
        r
    };
    let mut stream = stream;
    match handler(&request) {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
        Reply::CutOff { body, sent } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body.as_bytes()[..sent.min(body.len())]);
        }
        Reply::Hang => {
            let start = Instant::now();
            while !stop.load(Ordering::Relaxed) && start.elapsed() < Duration::from_secs(60) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    let _ = stream.flush();
}

/// Unix seconds of a date's midnight UTC.
pub fn unix(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp()
}

/// A Yahoo v8 chart response in its real layout: bars at 09:30 exchange time, `gmtoffset`,
/// the regular session of the last bar's day, quote and adjclose arrays (None = null).
pub fn yahoo_chart(symbol: &str, gmtoffset: i64, bars: &[(NaiveDate, Option<f64>)]) -> String {
    let stamps: Vec<i64> = bars
        .iter()
        .map(|(d, _)| unix(*d) + 34_200 - gmtoffset)
        .collect();
    let closes: Vec<serde_json::Value> = bars.iter().map(|(_, c)| serde_json::json!(c)).collect();
    let adj: Vec<serde_json::Value> = bars
        .iter()
        .map(|(_, c)| serde_json::json!(c.map(|c| c * 0.99)))
        .collect();
    let volumes: Vec<serde_json::Value> = bars
        .iter()
        .map(|(_, c)| serde_json::json!(c.map(|_| 1000)))
        .collect();
    let last_day = bars.last().map(|(d, _)| unix(*d)).unwrap_or(0);
    let session_end = last_day + 57_600 - gmtoffset;
    serde_json::json!({"chart": {"result": [{
        "meta": {"currency": "USD", "symbol": symbol, "exchangeName": "NMS", "instrumentType": "EQUITY",
                 "gmtoffset": gmtoffset, "timezone": "EDT", "exchangeTimezoneName": "America/New_York",
                 "dataGranularity": "1d",
                 "currentTradingPeriod": {"regular": {"timezone": "EDT", "start": session_end - 23_400, "end": session_end, "gmtoffset": gmtoffset}}},
        "timestamp": stamps,
        "indicators": {"quote": [{"open": closes, "high": closes, "low": closes, "close": closes, "volume": volumes}],
                       "adjclose": [{"adjclose": adj}]}
    }], "error": null}})
    .to_string()
}

/// Yahoo's answer for an unknown symbol (status 404).
pub const YAHOO_NOT_FOUND: &str = r#"{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}"#;

/// Coinbase candles `[time, low, high, open, close, volume]`, newest first, for the days of
/// `series` between the request's `start` and `end` (inclusive).
pub fn coinbase_candles(series: &[(NaiveDate, f64)], request: &Request) -> String {
    let day = |key: &str| {
        request
            .query(key)
            .and_then(|v| NaiveDate::parse_from_str(&v[..10], "%Y-%m-%d").ok())
            .unwrap()
    };
    let (start, end) = (day("start"), day("end"));
    let mut rows: Vec<serde_json::Value> = series
        .iter()
        .filter(|(d, _)| *d >= start && *d <= end)
        .map(|(d, c)| serde_json::json!([unix(*d), c * 0.98, c * 1.02, c * 0.99, c, 12.5]))
        .collect();
    assert!(rows.len() <= 300, "a page has at most 300 candles");
    rows.reverse();
    serde_json::Value::Array(rows).to_string()
}

/// Daily bars (every calendar day) from `from` to `to` with a smooth price path.
pub fn daily(from: NaiveDate, to: NaiveDate, base: f64) -> Vec<(NaiveDate, f64)> {
    from.iter_days()
        .take_while(|d| *d <= to)
        .enumerate()
        .map(|(i, d)| {
            (
                d,
                base + (i as f64 * 0.1).sin() * base * 0.05 + i as f64 * 0.01,
            )
        })
        .collect()
}
