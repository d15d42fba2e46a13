//! Live data against a real HTTP server on 127.0.0.1 (tests/common/server.rs) that answers in
//! each provider's layout: histories, paging, incremental updates, retries, every failure kind,
//! cancel, the network history, the `fetch` command's exit codes, and the recorded Yahoo
//! responses of ../shared/realdata. No test touches the internet; none asserts on time.

use crate::common;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use common::server::{
    Reply, Request, Server, YAHOO_NOT_FOUND, coinbase_candles, daily, unix, yahoo_chart,
};
use minerlens::data::fetch::network::{self, NetworkHistory};
use minerlens::data::fetch::{
    self, DataSources, FetchError, FetchRequest, FetchRun, Provider, ProviderChoice, RetryPolicy,
    Stage,
};
use minerlens::data::import::store::PriceStore;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// Short delays so the retry tests are quick; nothing is asserted on time.
fn policy() -> RetryPolicy {
    RetryPolicy {
        max_tries: 4,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_millis(800),
        max_retry_after: Duration::from_secs(5),
        min_interval: Some(Duration::ZERO),
        parallel: 4,
    }
}

fn sources(server: &Server) -> DataSources {
    let mut s = DataSources::default();
    for p in Provider::ALL {
        s.base_urls.insert(p.key().into(), server.url.clone());
    }
    s
}

fn request(server: &Server, symbols: &[&str], now: &str) -> FetchRequest {
    let mut r = FetchRequest::new(
        symbols.iter().map(|s| (*s).to_owned()).collect(),
        sources(server),
    );
    r.policy = policy();
    r.now = at(now);
    r
}

fn run(req: &FetchRequest, store: &PriceStore) -> FetchRun {
    fetch::fetch_prices(req, Some(store), &AtomicBool::new(false), &|_, _| {})
}

use crate::common::snapshot;

/// (date, close, source) of a stored symbol.
fn stored(store: &PriceStore, symbol: &str) -> Vec<(NaiveDate, f64, String)> {
    let frame = store.load(symbol).unwrap().unwrap();
    let df = frame.df();
    let dates = df
        .column("date")
        .unwrap()
        .date()
        .unwrap()
        .physical()
        .clone();
    let close = df.column("close").unwrap().f64().unwrap().clone();
    let source = df.column("source").unwrap().str().unwrap().clone();
    (0..df.height())
        .map(|i| {
            (
                minerlens::model::days_to_date(dates.get(i).unwrap()),
                close.get(i).unwrap(),
                source.get(i).unwrap().to_owned(),
            )
        })
        .collect()
}

fn bars(from: NaiveDate, to: NaiveDate, base: f64) -> Vec<(NaiveDate, Option<f64>)> {
    daily(from, to, base)
        .into_iter()
        .map(|(d, c)| (d, Some(c)))
        .collect()
}

fn the_error(run: &FetchRun, symbol: &str) -> String {
    let o = run.outcomes.iter().find(|o| o.symbol == symbol).unwrap();
    match &o.result {
        Err(e) => e.to_string(),
        Ok(_) => panic!("{symbol} succeeded"),
    }
}

fn kind(run: &FetchRun, symbol: &str) -> &'static str {
    let o = run.outcomes.iter().find(|o| o.symbol == symbol).unwrap();
    o.result
        .as_ref()
        .err()
        .map(FetchError::kind)
        .unwrap_or("ok")
}

const NOW: &str = "2024-06-10T22:00:00Z";

/// A store with MARA fetched up to 2024-06-05, and the server's MARA history up to 2024-06-10.
fn seeded_store(dir: &Path) -> PriceStore {
    let server = Server::start(|_| {
        Reply::json(yahoo_chart(
            "MARA",
            -14400,
            &bars(d(2024, 1, 2), d(2024, 6, 5), 20.0),
        ))
    });
    let store = PriceStore::new(dir.join("prices"));
    let mut req = request(&server, &["MARA"], "2024-06-05T22:00:00Z");
    req.from = Some(d(2024, 1, 1));
    let r = run(&req, &store);
    assert!(r.all_succeeded(), "{:?}", r.outcomes);
    store
}

/// Runs a failing fetch of MARA against `reply` and checks the store did not change.
fn fails_and_store_unchanged(
    reply: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> (FetchRun, usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let before = snapshot(store.dir());
    let server = Server::start(reply);
    let r = run(&request(&server, &["MARA"], NOW), &store);
    assert!(!r.all_succeeded());
    assert!(!r.stored);
    assert_eq!(snapshot(store.dir()), before, "the store is byte-identical");
    (r, server.count())
}

#[test]
fn a_normal_history_is_fetched_validated_and_stored() {
    let server2 = Server::start(|_| {
        Reply::json(yahoo_chart(
            "MARA",
            -14400,
            &[
                (d(2024, 6, 3), Some(20.0)),
                (d(2024, 6, 4), None),
                (d(2024, 6, 5), Some(21.0)),
                (d(2024, 6, 6), Some(22.5)),
            ],
        ))
    });
    let dir = tempfile::tempdir().unwrap();
    let store = PriceStore::new(dir.path());
    let r = run(&request(&server2, &["MARA"], NOW), &store);
    assert!(r.all_succeeded() && r.stored, "{:?}", r.outcomes);
    let rows = stored(&store, "MARA");
    assert_eq!(
        rows.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(),
        vec![
            (d(2024, 6, 3), 20.0),
            (d(2024, 6, 5), 21.0),
            (d(2024, 6, 6), 22.5)
        ]
    );
    assert!(rows.iter().all(|r| r.2 == "Yahoo Finance"));
    // The first fetch asks from the default start, with period1/period2 and never range=.
    let path = &server2.requests()[0].path;
    assert!(path.starts_with("/v8/finance/chart/MARA?"), "{path}");
    assert!(
        path.contains(&format!("period1={}", unix(d(2014, 12, 31)))),
        "{path}"
    );
    assert!(
        path.contains("interval=1d") && !path.contains("range="),
        "{path}"
    );
    let o = &r.outcomes[0];
    let f = o.result.as_ref().unwrap();
    assert_eq!(f.series.dropped_rows, 1, "the null bar is skipped");
    assert_eq!(o.stats.as_ref().unwrap().added, 3);
    // The fetch time is kept for the status bar.
    let log = fetch::FetchLog::load(store.dir());
    assert_eq!(log.symbols["MARA"].fetched_at, at(NOW));
    assert_eq!(log.symbols["MARA"].last_date, Some(d(2024, 6, 6)));
}

#[test]
fn coinbase_is_paged_300_candles_at_a_time() {
    let series = daily(d(2023, 1, 1), d(2024, 6, 10), 30_000.0);
    let for_server = series.clone();
    let server = Server::start(move |r| Reply::json(coinbase_candles(&for_server, r)));
    let dir = tempfile::tempdir().unwrap();
    let store = PriceStore::new(dir.path());
    let mut req = request(&server, &["BTC-USD"], NOW);
    req.provider = Some(ProviderChoice::Coinbase);
    req.from = Some(d(2023, 1, 1));
    let r = run(&req, &store);
    assert!(r.all_succeeded(), "{:?}", r.outcomes);
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "527 days in two pages");
    for q in &requests {
        assert!(
            q.path
                .starts_with("/products/BTC-USD/candles?granularity=86400"),
            "{}",
            q.path
        );
    }
    let rows = stored(&store, "BTC-USD");
    assert_eq!(rows.len(), series.len());
    assert_eq!(rows[0].0, d(2023, 1, 1));
    assert_eq!(rows.last().unwrap().0, d(2024, 6, 10));
    for (got, want) in rows.iter().zip(&series) {
        assert_eq!(got.0, want.0);
        assert!((got.1 - want.1).abs() < 1e-9 * want.1, "{got:?} {want:?}");
    }
    assert!(
        rows[..rows.len() - 1]
            .iter()
            .all(|r| r.2 == "Coinbase Exchange")
    );
    // The UTC day of 2024-06-10 is not over at 22:00.
    assert_eq!(rows.last().unwrap().2, "Coinbase Exchange (provisional)");
}

#[test]
fn an_update_fetches_only_recent_days_and_takes_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let before = stored(&store, "MARA");
    assert_eq!(before.last().unwrap().0, d(2024, 6, 5));
    let server = Server::start(|r| {
        let p1: i64 = r.query("period1").unwrap().parse().unwrap();
        // Only the days asked for, with a revised close on 2024-06-04.
        let all = bars(d(2024, 1, 2), d(2024, 6, 10), 20.0);
        let mut asked: Vec<_> = all
            .into_iter()
            .filter(|(day, _)| unix(*day) >= p1)
            .collect();
        for b in &mut asked {
            if b.0 == d(2024, 6, 4) {
                b.1 = Some(99.0);
            }
        }
        Reply::json(yahoo_chart("MARA", -14400, &asked))
    });
    let r = run(&request(&server, &["MARA"], NOW), &store);
    assert!(r.all_succeeded(), "{:?}", r.outcomes);
    let path = &server.requests()[0].path;
    // Five days of overlap before the last stored date, one more of margin.
    assert!(
        path.contains(&format!("period1={}", unix(d(2024, 5, 30)))),
        "{path}"
    );
    let stats = r.outcomes[0].stats.clone().unwrap();
    assert_eq!(stats.added, 5, "2024-06-06 to 2024-06-10");
    // The day of margin is asked for but not kept: the rows start on the first day asked for.
    assert_eq!(stats.replaced, 6, "2024-05-31 to 2024-06-05 fetched again");
    let after = stored(&store, "MARA");
    assert_eq!(after.len(), before.len() + 5);
    let revised = after.iter().find(|r| r.0 == d(2024, 6, 4)).unwrap();
    assert_eq!(revised.1, 99.0, "the revision replaced the stored close");
    assert_eq!(&after[..100], &before[..100], "older rows are kept");
}

#[test]
fn a_bar_of_an_unfinished_session_is_provisional_and_replaced_later() {
    let server = Server::start(|_| {
        Reply::json(yahoo_chart(
            "MARA",
            -14400,
            &bars(d(2024, 6, 3), d(2024, 6, 10), 20.0),
        ))
    });
    let dir = tempfile::tempdir().unwrap();
    let store = PriceStore::new(dir.path());
    // 15:00 UTC = 11:00 in New York: the session of 2024-06-10 is not over.
    let r = run(&request(&server, &["MARA"], "2024-06-10T15:00:00Z"), &store);
    let f = r.outcomes[0].result.as_ref().unwrap();
    assert_eq!(f.provisional, Some(d(2024, 6, 10)));
    let rows = stored(&store, "MARA");
    assert_eq!(rows.last().unwrap().2, "Yahoo Finance (provisional)");
    assert_eq!(rows[rows.len() - 2].2, "Yahoo Finance");
    // After the close the same bar is final and replaces the provisional one.
    let r = run(&request(&server, &["MARA"], NOW), &store);
    assert_eq!(r.outcomes[0].result.as_ref().unwrap().provisional, None);
    let rows = stored(&store, "MARA");
    assert!(rows.iter().all(|r| r.2 == "Yahoo Finance"), "{rows:?}");
}

#[test]
fn rate_limited_then_success() {
    succeeds_on_the_second_try(Reply::status(429, "{}"));
}

/// The first request gets `first`, the next ones MARA's history: the fetch succeeds after
/// exactly two requests.
fn succeeds_on_the_second_try(first: Reply) {
    let server = Server::start(move |r| {
        if r.index == 0 {
            first.clone()
        } else {
            Reply::json(yahoo_chart(
                "MARA",
                -14400,
                &bars(d(2024, 6, 3), d(2024, 6, 7), 20.0),
            ))
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        &request(&server, &["MARA"], NOW),
        &PriceStore::new(dir.path()),
    );
    assert!(r.all_succeeded(), "{:?}", r.outcomes);
    assert_eq!(server.count(), 2);
}

#[test]
fn retry_after_is_honoured_and_a_long_one_gives_up() {
    succeeds_on_the_second_try(Reply::status(429, "{}").with_header("Retry-After", "1"));
    succeeds_on_the_second_try(Reply::status(503, "").with_header("Retry-After", "1"));

    let (r, count) =
        fails_and_store_unchanged(|_| Reply::status(429, "{}").with_header("Retry-After", "3600"));
    assert_eq!(
        count, 1,
        "waiting an hour is not an option: give up at once"
    );
    assert_eq!(kind(&r, "MARA"), "rate limited");
    let e = the_error(&r, "MARA");
    assert!(
        e.contains("HTTP 429") && e.contains("3600 s") && e.contains("wait"),
        "{e}"
    );
}

#[test]
fn a_server_error_forever_gives_up_after_four_tries() {
    let (r, count) = fails_and_store_unchanged(|_| Reply::status(500, "oops"));
    assert_eq!(count, 4);
    assert_eq!(kind(&r, "MARA"), "server error");
    let e = the_error(&r, "MARA");
    assert!(e.starts_with("MARA from Yahoo Finance: HTTP 500"), "{e}");
    assert!(
        e.contains("after 4 tries") && e.contains("try again later"),
        "{e}"
    );
}

#[test]
fn a_server_that_never_answers_times_out() {
    let (r, count) = fails_and_store_unchanged(|_| Reply::Hang);
    assert_eq!(count, 4, "timeouts are retried");
    assert_eq!(kind(&r, "MARA"), "timeout");
    assert!(the_error(&r, "MARA").contains("no answer from 127.0.0.1"));
}

#[test]
fn truncated_json_is_named() {
    let body = yahoo_chart("MARA", -14400, &bars(d(2024, 6, 3), d(2024, 6, 7), 20.0));
    let cut = body[..body.len() / 2].to_owned();
    let (r, count) = fails_and_store_unchanged(move |_| Reply::json(cut.clone()));
    assert_eq!(count, 1);
    assert_eq!(kind(&r, "MARA"), "truncated");
    assert!(the_error(&r, "MARA").contains("truncated JSON"));
    // A connection cut before the announced length is retried, then reported the same way.
    let (r, count) = fails_and_store_unchanged(move |_| Reply::CutOff {
        sent: body.len() / 2,
        body: body.clone(),
    });
    assert_eq!(count, 4);
    assert_eq!(kind(&r, "MARA"), "truncated");
}

#[test]
fn an_html_page_with_status_200_is_not_data() {
    let (r, count) = fails_and_store_unchanged(|_| {
        Reply::html(
            200,
            "<!DOCTYPE html><html><body>Before you continue to Yahoo</body></html>",
        )
    });
    assert_eq!(count, 1, "not retried");
    assert_eq!(kind(&r, "MARA"), "html");
    let e = the_error(&r, "MARA");
    assert!(
        e.contains("web page (HTML)") && e.contains("HTTP 200"),
        "{e}"
    );
}

#[test]
fn malformed_json_is_named() {
    let (r, _) = fails_and_store_unchanged(|_| Reply::json(r#"{"chart": {"result": [}"#));
    assert_eq!(kind(&r, "MARA"), "malformed");
    let (r, _) = fails_and_store_unchanged(|_| Reply::json(r#"{"prices": []}"#));
    assert_eq!(kind(&r, "MARA"), "malformed");
}

#[test]
fn an_empty_result_says_so() {
    let (r, count) = fails_and_store_unchanged(|_| {
        Reply::json(
            r#"{"chart":{"result":[{"meta":{"symbol":"MARA","gmtoffset":-14400},"indicators":{"quote":[{}]}}],"error":null}}"#,
        )
    });
    assert_eq!(count, 1);
    assert_eq!(kind(&r, "MARA"), "empty");
    assert!(the_error(&r, "MARA").contains("no prices between 2024-05-31 and 2024-06-10"));
}

#[test]
fn an_unknown_symbol_is_a_404_with_advice() {
    let (r, count) = fails_and_store_unchanged(|_| Reply::status(404, YAHOO_NOT_FOUND));
    assert_eq!(count, 1, "a 404 is not retried");
    assert_eq!(kind(&r, "MARA"), "not found");
    let e = the_error(&r, "MARA");
    assert!(
        e.contains("HTTP 404")
            && e.contains("symbol may be delisted")
            && e.contains("check the ticker"),
        "{e}"
    );
}

#[test]
fn a_series_that_stopped_years_ago_is_reported_as_delisted() {
    let (r, _) = fails_and_store_unchanged(|_| {
        Reply::json(yahoo_chart(
            "MARA",
            -14400,
            &bars(d(2024, 1, 2), d(2024, 3, 1), 20.0),
        ))
    });
    assert_eq!(kind(&r, "MARA"), "delisted");
    assert!(the_error(&r, "MARA").contains("the data stops on 2024-03-01"));
}

#[test]
fn bad_prices_are_refused_and_jumps_flagged() {
    let (r, _) = fails_and_store_unchanged(|_| {
        Reply::json(yahoo_chart(
            "MARA",
            -14400,
            &[(d(2024, 6, 6), Some(20.0)), (d(2024, 6, 7), Some(-1.0))],
        ))
    });
    assert_eq!(kind(&r, "MARA"), "invalid");
    assert!(the_error(&r, "MARA").contains("is not a positive price"));

    let server = Server::start(|_| {
        Reply::json(yahoo_chart(
            "MARA",
            -14400,
            &[(d(2024, 6, 6), Some(200.0)), (d(2024, 6, 7), Some(10.0))],
        ))
    });
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        &request(&server, &["MARA"], NOW),
        &PriceStore::new(dir.path()),
    );
    let f = r.outcomes[0].result.as_ref().unwrap();
    assert!(
        f.series
            .notes
            .iter()
            .any(|n| n.contains("possible unadjusted split")),
        "{:?}",
        f.series.notes
    );
}

#[test]
fn offline_is_named_and_the_store_kept() {
    // A port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let before = snapshot(store.dir());
    let mut s = DataSources::default();
    s.base_urls
        .insert("yahoo".into(), format!("http://127.0.0.1:{port}"));
    let mut req = FetchRequest::new(vec!["MARA".into()], s);
    req.policy = policy();
    req.now = at(NOW);
    let r = run(&req, &store);
    assert_eq!(kind(&r, "MARA"), "offline");
    assert!(the_error(&r, "MARA").contains("keeps working from the local store"));
    assert_eq!(snapshot(store.dir()), before);
}

#[test]
fn a_base_address_that_is_not_a_url_says_where_to_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let before = snapshot(store.dir());
    let mut s = DataSources::default();
    s.base_urls.insert("yahoo".into(), "query1.example".into());
    let mut req = FetchRequest::new(vec!["MARA".into()], s);
    req.policy = policy();
    req.now = at(NOW);
    let r = run(&req, &store);
    assert_eq!(kind(&r, "MARA"), "bad address");
    let e = the_error(&r, "MARA");
    assert!(
        e.contains("is not a web address") && e.contains("Data sources"),
        "{e}"
    );
    assert_eq!(snapshot(store.dir()), before);
}

#[test]
fn a_failed_tls_handshake_is_named() {
    // HTTPS to the plain-HTTP test server: the handshake fails locally.
    let server = Server::start(|_| Reply::status(400, "not TLS"));
    let mut s = DataSources::default();
    s.base_urls
        .insert("yahoo".into(), server.url.replace("http://", "https://"));
    let mut req = FetchRequest::new(vec!["MARA".into()], s);
    req.policy = policy();
    req.now = at(NOW);
    let dir = tempfile::tempdir().unwrap();
    let r = run(&req, &PriceStore::new(dir.path()));
    assert_eq!(kind(&r, "MARA"), "tls", "{}", the_error(&r, "MARA"));
    assert!(the_error(&r, "MARA").contains("secure connection"));
}

#[test]
fn one_failure_does_not_stop_the_others_and_crypto_falls_back() {
    let btc = daily(d(2024, 5, 1), d(2024, 6, 10), 60_000.0);
    let server = Server::start(move |r| {
        if r.path.contains("/chart/RIOT") {
            Reply::status(404, YAHOO_NOT_FOUND)
        } else if r.path.contains("/chart/BTC-USD") {
            Reply::status(503, "busy")
        } else if r.path.starts_with("/products/") {
            Reply::json(coinbase_candles(&btc, r))
        } else {
            Reply::json(yahoo_chart(
                "MARA",
                -14400,
                &bars(d(2024, 5, 1), d(2024, 6, 10), 20.0),
            ))
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let store = PriceStore::new(dir.path());
    let mut req = request(&server, &["MARA", "RIOT", "BTC-USD"], NOW);
    req.from = Some(d(2024, 5, 1));
    let stages = std::sync::Mutex::new(Vec::new());
    let r = fetch::fetch_prices(&req, Some(&store), &AtomicBool::new(false), &|i, s| {
        stages.lock().unwrap().push((i, s));
    });
    assert!(r.stored);
    assert_eq!(kind(&r, "MARA"), "ok");
    assert_eq!(kind(&r, "RIOT"), "not found");
    let btc = r.outcomes.iter().find(|o| o.symbol == "BTC-USD").unwrap();
    let f = btc.result.as_ref().unwrap();
    assert_eq!(f.provider, Provider::Coinbase);
    assert!(btc.fallbacks[0].contains("HTTP 503"), "{:?}", btc.fallbacks);
    assert_eq!(store.symbols(), vec!["BTC-USD", "MARA"]);
    let stages = stages.into_inner().unwrap();
    assert!(stages.contains(&(0, Stage::Done)) && stages.contains(&(1, Stage::Failed)));
}

#[test]
fn cancel_in_the_middle_leaves_the_store_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let before = snapshot(store.dir());
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let series = daily(d(2015, 1, 1), d(2024, 6, 10), 300.0);
    let server = Server::start(move |r| {
        if r.index == 1 {
            flag.store(true, Ordering::Relaxed);
        }
        Reply::json(coinbase_candles(&series, r))
    });
    let mut req = request(&server, &["BTC-USD"], NOW);
    req.provider = Some(ProviderChoice::Coinbase);
    let r = fetch::fetch_prices(&req, Some(&store), &cancel, &|_, _| {});
    assert_eq!(kind(&r, "BTC-USD"), "cancelled");
    assert!(!r.stored);
    assert_eq!(server.count(), 2, "no page after the cancel");
    assert_eq!(snapshot(store.dir()), before);
}

fn mempool_json() -> String {
    let day = |d: NaiveDate| unix(d) + 3600;
    serde_json::json!({
        "hashrates": [
            {"timestamp": day(d(2024, 6, 8)), "avgHashrate": 6.1e20},
            {"timestamp": day(d(2024, 6, 9)), "avgHashrate": 6.2e20},
            {"timestamp": day(d(2024, 6, 10)), "avgHashrate": 6.3e20}
        ],
        "difficulty": [
            {"time": day(d(2024, 6, 5)), "height": 846_720, "difficulty": 8.4e13, "adjustment": 1.01}
        ],
        "currentHashrate": 6.4e20,
        "currentDifficulty": 8.4e13
    })
    .to_string()
}

#[test]
fn the_network_history_comes_from_mempool_or_blockchain_info() {
    let server = Server::start(|r| {
        assert_eq!(r.path, "/api/v1/mining/hashrate/3y");
        Reply::json(mempool_json())
    });
    let h = network::fetch_network(
        &sources(&server),
        &policy(),
        at(NOW),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(h.provider, Provider::Mempool);
    assert_eq!(h.latest_hashrate(), Some((d(2024, 6, 10), 630.0)));
    assert_eq!(h.points[0].difficulty, Some(8.4e13), "carried forward");
    assert_eq!(h.points.len(), 4);

    let server = Server::start(|r| {
        if r.path.starts_with("/api/v1/") {
            Reply::status(502, "bad gateway")
        } else if r.path.starts_with("/charts/hash-rate") {
            Reply::json(format!(
                r#"{{"status":"ok","unit":"Hash Rate TH/s","values":[{{"x":{},"y":600000000.0}}]}}"#,
                unix(d(2024, 6, 9))
            ))
        } else {
            Reply::json(format!(
                r#"{{"status":"ok","values":[{{"x":{},"y":8.3e13}}]}}"#,
                unix(d(2024, 6, 1))
            ))
        }
    });
    let h: NetworkHistory = network::fetch_network(
        &sources(&server),
        &policy(),
        at(NOW),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(h.provider, Provider::Blockchain);
    assert_eq!(h.latest_hashrate(), Some((d(2024, 6, 9), 600.0)));
    assert_eq!(h.latest_difficulty(), Some((d(2024, 6, 9), 8.3e13)));

    // Both gone: the first provider's error, with advice about the address, not a ticker.
    let server = Server::start(|_| Reply::status(404, "not found"));
    let e = network::fetch_network(
        &sources(&server),
        &policy(),
        at(NOW),
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert_eq!(e.status(), Some(404));
    let text = e.to_string();
    assert!(
        text.starts_with("network hashrate from mempool.space: HTTP 404")
            && text.contains("Data sources")
            && !text.contains("ticker"),
        "{text}"
    );
    assert_eq!(
        server.requests().len(),
        2,
        "mempool.space, then blockchain.info (a 404 is not retried)"
    );
}

// ---- the command line ----

fn cli(args: &[&str], home: &Path, server: &Server) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_minerlens"))
        .args(args)
        .env("MINERLENS_HOME", home)
        .env("MINERLENS_YAHOO_URL", &server.url)
        .env("MINERLENS_COINBASE_URL", &server.url)
        .env("MINERLENS_MEMPOOL_URL", &server.url)
        .env("MINERLENS_BLOCKCHAIN_URL", &server.url)
        .output()
        .unwrap()
}

fn recent_bars() -> Vec<(NaiveDate, Option<f64>)> {
    let today = Utc::now().date_naive();
    bars(
        today - chrono::Days::new(20),
        today - chrono::Days::new(1),
        20.0,
    )
}

/// `minerlens fetch` uses the base URLs and providers saved by the window's Data sources
/// settings; the environment still wins over them.
#[test]
fn the_fetch_command_reads_the_windows_data_sources() {
    let server = Server::start(|_| Reply::json(yahoo_chart("MARA", -14400, &recent_bars())));
    let home = tempfile::tempdir().unwrap();
    let mut sources = DataSources::default();
    sources.base_urls.insert("yahoo".into(), server.url.clone());
    sources
        .save(&home.path().join("config/data-sources.json"))
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_minerlens"))
        .args(["fetch", "MARA"])
        .env("MINERLENS_HOME", home.path())
        .env_remove("MINERLENS_YAHOO_URL")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(server.requests().len(), 1);

    // A damaged settings file is an error naming it, and nothing is fetched.
    std::fs::write(home.path().join("config/data-sources.json"), "{ not json").unwrap();
    let out = cli(&["fetch", "MARA"], home.path(), &server);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("data-sources.json"), "{stderr}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn the_fetch_command_exits_0_1_or_2() {
    let server = Server::start(|r| {
        if r.path.contains("/chart/ZZZZ") {
            Reply::status(404, YAHOO_NOT_FOUND)
        } else if r.path.starts_with("/api/v1/mining") {
            Reply::json(mempool_json())
        } else {
            Reply::json(yahoo_chart("MARA", -14400, &recent_bars()))
        }
    });
    let home = tempfile::tempdir().unwrap();
    let out = cli(&["fetch", "mara"], home.path(), &server);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("MARA") && stdout.contains("Yahoo Finance") && stdout.contains("+20 new"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Updated 1 of 1 symbol in the price store"),
        "{stdout}"
    );
    assert!(home.path().join("data/prices/MARA.parquet").is_file());

    let store_dir = home.path().join("data/prices");
    let before = snapshot(&store_dir);
    let out = cli(&["fetch", "ZZZZ", "MARA"], home.path(), &server);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("failed: not found (HTTP 404)") && stdout.contains("Not updated: ZZZZ"),
        "{stdout}"
    );
    assert!(
        stderr.contains("ZZZZ from Yahoo Finance: HTTP 404"),
        "{stderr}"
    );
    assert!(!store_dir.join("ZZZZ.parquet").exists());
    assert_ne!(
        snapshot(&store_dir),
        before,
        "MARA was updated (fetch time)"
    );

    for bad in [
        &["fetch", "--from", "yesterday", "MARA"][..],
        &["fetch"],
        &["fetch", "MARA", "--provider", "bloomberg"],
        &["fetch", "MARA", "--out", "x.txt"],
        &["fetch", "bad symbol!"],
        &[
            "fetch",
            "MARA",
            "--from",
            "2024-02-01",
            "--to",
            "2024-01-01",
        ],
    ] {
        let out = cli(bad, home.path(), &server);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{bad:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        server
            .requests()
            .iter()
            .filter(|r| r.path.contains("period1"))
            .count(),
        3,
        "bad arguments fetch nothing"
    );

    // --out writes a file and leaves the store alone.
    let before = snapshot(&store_dir);
    let csv = home.path().join("out.csv");
    let out = cli(
        &["fetch", "MARA", "--out", csv.to_str().unwrap()],
        home.path(),
        &server,
    );
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("date,symbol,close,adj_close,volume,source\n"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 21);
    assert_eq!(snapshot(&store_dir), before);

    let out = cli(
        &["fetch", "MARA", "ZZZZ", "--format", "json"],
        home.path(),
        &server,
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["symbols"][0]["ok"], true);
    assert_eq!(json["symbols"][0]["provider"], "Yahoo Finance");
    assert_eq!(json["symbols"][1]["error_kind"], "not found");
    assert_eq!(json["symbols"][1]["http_status"], 404);
    assert_eq!(json["stored"], true);

    // --network, then the revenue model uses the fetched hashrate.
    let out = cli(&["fetch", "--network"], home.path(), &server);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("hashrate 630 EH/s"));
    let out = cli(&["revenue-mix", "--format", "json"], home.path(), &server);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file_as_of = json["fundamentals_as_of"].as_str().unwrap().to_owned();
    if file_as_of.as_str() < "2024-06-10" {
        assert_eq!(json["network_hashrate_eh"], 630.0);
        assert!(
            json["network_hashrate_source"]
                .as_str()
                .unwrap()
                .contains("mempool.space")
        );
    }
}

// ---- recorded real responses ----

#[test]
fn recorded_yahoo_responses_parse_to_the_rows_of_the_json() {
    let Some(dir) = crate::common::realdata(
        "yahoo_chart",
        "fetch::recorded_yahoo_responses_parse_to_the_rows_of_the_json",
    ) else {
        return;
    };
    for name in ["AAPL", "MSFT", "GS2C.DE", "VFINX"] {
        let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        // The expected rows, read independently from the JSON.
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let result = &doc["chart"]["result"][0];
        let offset = result["meta"]["gmtoffset"].as_i64().unwrap();
        let stamps = result["timestamp"].as_array().unwrap();
        let closes = result["indicators"]["quote"][0]["close"]
            .as_array()
            .unwrap();
        let adj = result["indicators"]["adjclose"][0]["adjclose"]
            .as_array()
            .unwrap();
        let mut want: Vec<(NaiveDate, f64, Option<f64>)> = Vec::new();
        for (i, ts) in stamps.iter().enumerate() {
            let Some(close) = closes[i].as_f64() else {
                continue;
            };
            let local = ts.as_i64().unwrap() + offset;
            let date = DateTime::from_timestamp(local, 0).unwrap().date_naive();
            want.push((date, close, adj[i].as_f64()));
        }
        let served = text.clone();
        let server = Server::start(move |_| Reply::json(served.clone()));
        let store_dir = tempfile::tempdir().unwrap();
        let store = PriceStore::new(store_dir.path());
        let mut req = request(&server, &[name], NOW);
        req.provider = Some(ProviderChoice::Yahoo);
        req.from = Some(want[0].0);
        req.to = Some(want.last().unwrap().0);
        req.now = at("2026-01-01T00:00:00Z");
        let r = run(&req, &store);
        let f = r.outcomes[0]
            .result
            .as_ref()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = &f.series.rows;
        assert_eq!(got.len(), want.len(), "{name}");
        for (i, (date, close, adj)) in want.iter().enumerate() {
            assert_eq!(
                minerlens::model::days_to_date(got.days[i]),
                *date,
                "{name} row {i}"
            );
            assert_eq!(got.close[i], *close, "{name} {date}");
            assert_eq!(got.adj_close[i], *adj, "{name} {date}");
        }
        assert_eq!(stored(&store, name).len(), want.len(), "{name} stored");
        println!(
            "{name}: {} rows {} to {} match the JSON",
            want.len(),
            want[0].0,
            want.last().unwrap().0
        );
    }
}
