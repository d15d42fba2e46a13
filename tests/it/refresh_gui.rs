//! Refresh prices in the window, against a loopback server in the providers' layouts: the
//! toolbar button, the progress window with its Cancel button, the summary (updated and not
//! updated with the reason), the new data in the list, the store, and the Data sources window.

use crate::common;

use common::wait_for_jobs;

use std::time::Duration;

use chrono::Utc;
use common::server::{Reply, Server, YAHOO_NOT_FOUND, daily, yahoo_chart};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use minerlens::data::fetch::{Provider, RetryPolicy};
use minerlens::data::import::store::PriceStore;
use minerlens::ui::MinerLensApp;
use minerlens::ui::panels::refresh::{REFRESH_LIST_BUTTON, SOURCES_WINDOW};

fn app(server: &Server, store: &std::path::Path) -> Harness<'static, MinerLensApp> {
    let mut h = common::harness();
    {
        let mut app = h.state_mut().test_mut();
        app.set_store_dir(store.to_path_buf());
        app.refresh().policy = RetryPolicy {
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(50),
            request_timeout: Duration::from_millis(800),
            min_interval: Some(Duration::ZERO),
            ..RetryPolicy::default()
        };
        for p in Provider::ALL {
            app.prefs()
                .data_sources
                .base_urls
                .insert(p.key().into(), server.url.clone());
        }
    }
    h.run();
    h
}

fn symbol_of(path: &str) -> String {
    let rest = path.split("/chart/").nth(1).unwrap_or_default();
    rest.split('?').next().unwrap_or_default().to_owned()
}

/// A Yahoo chart answer with daily closes of 10 over the 30 days before `today`.
fn last_month(symbol: &str, today: chrono::NaiveDate) -> Reply {
    let bars: Vec<_> = daily(
        today - chrono::Days::new(30),
        today - chrono::Days::new(1),
        10.0,
    )
    .into_iter()
    .map(|(d, c)| (d, Some(c)))
    .collect();
    Reply::json(yahoo_chart(symbol, -14400, &bars))
}

#[test]
fn refresh_fetches_every_symbol_and_summarizes() {
    let today = Utc::now().date_naive();
    let server = Server::start(move |r| {
        let symbol = symbol_of(&r.path);
        if symbol == "RIOT" {
            return Reply::status(404, YAHOO_NOT_FOUND);
        }
        last_month(&symbol, today)
    });
    let store = tempfile::tempdir().unwrap();
    let mut h = app(&server, store.path());
    h.get_by_role_and_label(Role::Button, REFRESH_LIST_BUTTON)
        .click();
    h.step();
    assert!(
        h.state().test().refresh().running.is_some(),
        "the refresh runs in the background"
    );
    wait_for_jobs(&mut h);

    let summary = h
        .state()
        .test()
        .refresh()
        .summary
        .clone()
        .expect("a summary");
    assert_eq!(summary.lines.len(), 18, "every loaded symbol");
    assert_eq!(summary.updated(), 17);
    let riot = &summary.lines[0];
    assert!(!riot.ok && riot.symbol == "RIOT", "failures first");
    assert!(riot.text.contains("HTTP 404"), "{}", riot.text);
    h.get_by_label("Not updated");
    h.get_by_label_contains("RIOT from Yahoo Finance: HTTP 404");
    h.get_by_label_contains("Updated 17 of 18 symbols in the price store");

    // The new data is loaded: MARA ends yesterday, RIOT keeps the demo data.
    let data = h.state().test().data().unwrap();
    let mara = data.summaries.iter().find(|s| s.symbol == "MARA").unwrap();
    assert_eq!(mara.last_date, today - chrono::Days::new(1));
    assert_eq!(mara.source, "Yahoo Finance");
    let riot = data.summaries.iter().find(|s| s.symbol == "RIOT").unwrap();
    assert_eq!(riot.source, minerlens::data::sample::DEMO_SOURCE);
    assert_eq!(data.source, "Demo data (synthetic) + 17 fetched");
    let stored = PriceStore::new(store.path()).symbols();
    assert_eq!(stored.len(), 17);
    assert!(!stored.contains(&"RIOT".to_owned()));
    assert!(
        h.state().test().refresh().log.symbols.contains_key("MARA"),
        "fetch times kept"
    );

    h.get_by_role_and_label(Role::Button, "Close").click();
    h.run();
    assert!(h.state().test().refresh().summary.is_none());
}

#[test]
fn cancel_stops_the_refresh_and_changes_nothing() {
    let server = Server::start(|_| Reply::Hang);
    let store = tempfile::tempdir().unwrap();
    let mut h = app(&server, store.path());
    h.get_by_role_and_label(Role::Button, REFRESH_LIST_BUTTON)
        .click();
    for _ in 0..4 {
        h.step();
    }
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    wait_for_jobs(&mut h);
    let summary = h
        .state()
        .test()
        .refresh()
        .summary
        .clone()
        .expect("a summary");
    assert!(summary.cancelled);
    assert_eq!(summary.updated(), 0);
    assert!(summary.lines.iter().all(|l| !l.ok));
    assert!(PriceStore::new(store.path()).symbols().is_empty());
    assert_eq!(
        h.state().test().data().unwrap().source,
        "Demo data (synthetic)"
    );
}

#[test]
fn the_data_sources_window_edits_the_preferences() {
    let server = Server::start(|_| Reply::status(500, ""));
    let store = tempfile::tempdir().unwrap();
    let mut h = app(&server, store.path());
    h.state_mut().test_mut().refresh().show_sources = true;
    h.run();
    h.get_by_label_contains(SOURCES_WINDOW);
    h.get_by_role_and_label(Role::TextInput, "Coinbase Exchange");
    h.get_by_role_and_label(Role::ComboBox, "BTC-USD").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Coinbase Exchange")
        .click();
    h.run();
    assert_eq!(
        h.state().test().prefs().data_sources.choice("BTC-USD"),
        minerlens::data::fetch::ProviderChoice::Coinbase
    );
    // Closing the window saves the settings where `minerlens fetch` reads them.
    let home = tempfile::tempdir().unwrap();
    let paths = minerlens::data::paths::AppPaths::under(home.path().to_path_buf());
    h.state_mut().test_mut().set_paths(paths.clone());
    let close = h.get_by_role_and_label(Role::Button, "Close");
    close.click();
    h.run();
    common::wait_for_jobs(&mut h);
    assert!(!h.state().test().refresh().show_sources);
    let saved = minerlens::data::fetch::DataSources::load(&paths.data_sources_file())
        .unwrap()
        .unwrap();
    assert_eq!(saved, h.state().test().prefs().data_sources);
    assert_eq!(
        saved.choice("BTC-USD"),
        minerlens::data::fetch::ProviderChoice::Coinbase
    );
}

/// A holding whose symbol has no prices is a warning with a way to fetch it; Fetch refreshes the
/// portfolio's holdings and the symbol arrives.
#[test]
fn a_holding_without_prices_can_be_fetched() {
    let today = Utc::now().date_naive();
    let server = Server::start(move |r| {
        let symbol = symbol_of(&r.path);
        last_month(&symbol, today)
    });
    let store = tempfile::tempdir().unwrap();
    let mut h = app(&server, store.path());
    {
        let mut app = h.state_mut().test_mut();
        app.doc()
            .portfolio
            .holdings
            .push(minerlens::model::portfolio::Holding {
                symbol: "COIN".into(),
                quantity: 10.0,
                cost_basis_usd: 2000.0,
                open_date: today - chrono::Days::new(20),
                note: None,
            });
        app.set_right_tab(minerlens::ui::app::RightTab::Holdings);
    }
    h.run();
    h.get_by_label_contains("no prices for COIN are loaded");
    h.get_by_role_and_label(Role::Button, "Import prices…");
    h.get_by_role_and_label(Role::Button, "Fetch").click();
    h.step();
    wait_for_jobs(&mut h);
    let summary = h
        .state()
        .test()
        .refresh()
        .summary
        .clone()
        .expect("a summary");
    let symbols: Vec<&str> = summary.lines.iter().map(|l| l.symbol.as_str()).collect();
    assert_eq!(
        symbols,
        ["BTC-USD", "COIN"],
        "the holdings and the benchmark"
    );
    assert_eq!(summary.updated(), 2);
    let data = h.state().test().data().unwrap();
    assert!(data.summaries.iter().any(|s| s.symbol == "COIN"));
    h.run();
    assert!(
        h.query_by_label_contains("no prices for COIN are loaded")
            .is_none(),
        "the warning is gone"
    );
}
