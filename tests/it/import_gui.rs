//! Price import in the window, driven through its widgets with egui_kittest: files dropped on
//! the window, the background job, the summary, the new symbols in the list and the chart, the
//! store, errors, and renaming from the symbol list's context menu.

use crate::common;

use common::wait_for_jobs;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{drawn, harness, list_checkbox};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use minerlens::data::import::store::PriceStore;
use minerlens::ui::MinerLensApp;

/// A file dropped on the window.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(rel)
}

/// The demo app with its price store in `dir`.
fn app_with_store(dir: &Path) -> Harness<'static, MinerLensApp> {
    let mut h = harness();
    h.state_mut().test_mut().import().store_dir = Some(dir.to_path_buf());
    h.run();
    h
}

fn drop_files(h: &mut Harness<'_, MinerLensApp>, files: &[PathBuf]) {
    for f in files {
        h.input_mut()
            .dropped_files
            .push(Arc::new(Dropped(f.clone())));
    }
    h.step();
}

#[test]
fn dropped_files_are_imported_shown_and_stored() {
    let store = tempfile::tempdir().unwrap();
    let mut h = app_with_store(store.path());
    drop_files(
        &mut h,
        &[
            fixture("coinbase/BTC-USD.candles.json"),
            fixture("generic/miners_long.csv"),
        ],
    );
    wait_for_jobs(&mut h);

    // The summary: format, symbol, rows and the store.
    h.get_by_label("Import summary");
    h.get_by_label("Coinbase candles JSON");
    h.get_by_label("newest first in the file: reversed to oldest first");
    h.get_by_label("Saved to the price store:");
    h.get_by_label("IREN: 3 rows (+3 new)");

    // New symbols are in the list, ticked and drawn; the stored BTC-USD replaces the demo one.
    assert!(h.state().is_selected("BITF"));
    assert!(drawn(&h).contains(&"IREN".to_string()), "{:?}", drawn(&h));
    let data = h.state().test().data().unwrap();
    let btc = data
        .summaries
        .iter()
        .find(|s| s.symbol == "BTC-USD")
        .unwrap();
    assert_eq!(btc.rows, 4);
    assert_eq!(data.source, "Demo data (synthetic) + 3 imported");
    h.get_by_label_contains("Demo data (synthetic) + 3 imported");
    // The imported files end long before the demo's last date: their last prices are flagged
    // stale in the symbol list, the demo's are not.
    let flagged = h.query_all_by_label_contains("! $").count();
    assert_eq!(
        flagged, 3,
        "BITF, BTC-USD and IREN end years before the newest date"
    );
    assert_eq!(
        PriceStore::new(store.path()).symbols(),
        vec!["BITF", "BTC-USD", "IREN"]
    );

    h.get_by_label("Close").click();
    h.run();
    assert!(h.query_by_label("Import summary").is_none());
}

#[test]
fn a_bad_file_shows_its_error_and_changes_nothing() {
    let store = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("BAD.csv");
    std::fs::write(&bad, "Date,Close\n2024-01-02,1\n2024-01-03,n/a\n").unwrap();
    let mut h = app_with_store(store.path());
    let symbols_before = h.state().test().data().unwrap().summaries.len();
    drop_files(&mut h, &[fixture("yahoo/RIOT.csv"), bad]);
    wait_for_jobs(&mut h);
    h.get_by_label("BAD.csv: line 3, column 2 (Close): 'n/a' is not a price");
    h.get_by_label_contains("Nothing was imported: 1 file could not be read");
    assert_eq!(
        h.state().test().data().unwrap().summaries.len(),
        symbols_before
    );
    assert!(PriceStore::new(store.path()).symbols().is_empty());
    assert!(!store.path().join("RIOT.parquet").exists());

    // The file that loaded can still be imported on its own.
    h.get_by_label("Import the file that loaded").click();
    wait_for_jobs(&mut h);
    assert_eq!(PriceStore::new(store.path()).symbols(), vec!["RIOT"]);
    let riot = h
        .state()
        .test()
        .data()
        .unwrap()
        .summaries
        .iter()
        .find(|s| s.symbol == "RIOT")
        .unwrap()
        .clone();
    assert_eq!(riot.rows, 3);
}

#[test]
fn an_imported_symbol_is_renamed_from_the_symbol_list() {
    let store = tempfile::tempdir().unwrap();
    let mut h = app_with_store(store.path());
    drop_files(
        &mut h,
        &[fixture("nasdaq/HistoricalData_1709942400000.csv")],
    );
    wait_for_jobs(&mut h);
    h.get_by_label("Close").click();
    h.run();
    let name = "HISTORICALDATA_17099";
    assert!(h.state().is_selected(name));

    list_checkbox(&h, name).click_secondary();
    h.run();
    h.get_by_label("Rename…").click();
    h.run();
    h.get_by_label("Rename symbol");
    h.get_by_label(&format!("New symbol for {name}"));
    // Lower case is normalized; a clash is refused.
    h.state_mut()
        .test_mut()
        .import()
        .rename
        .as_mut()
        .unwrap()
        .text = "mara".into();
    h.run();
    h.get_by_label("MARA is already loaded");
    h.state_mut()
        .test_mut()
        .import()
        .rename
        .as_mut()
        .unwrap()
        .text = "iren-n".into();
    h.run();
    h.get_by_label("Rename").click();
    wait_for_jobs(&mut h);
    assert!(h.state().is_selected("IREN-N"));
    assert!(
        !h.state()
            .test()
            .data()
            .unwrap()
            .symbols()
            .any(|s| s == name)
    );
    assert_eq!(PriceStore::new(store.path()).symbols(), vec!["IREN-N"]);

    // Demo symbols cannot be renamed.
    list_checkbox(&h, "MARA").click_secondary();
    h.run();
    h.get_by_label("Rename…").click();
    h.run();
    assert!(h.query_by_label("Rename symbol").is_none());
}

#[test]
fn the_start_up_load_puts_stored_symbols_over_the_demo() {
    let store_dir = tempfile::tempdir().unwrap();
    let store = PriceStore::new(store_dir.path());
    let run = minerlens::data::import::run_import(
        &[
            fixture("coinbase/BTC-USD.candles.json"),
            fixture("yahoo/RIOT.csv"),
        ],
        &Default::default(),
        Some(&store),
        &|_| {},
    );
    assert!(run.stored);
    let result = minerlens::ui::controllers::import::startup_data(
        Some(store_dir.path().to_path_buf()),
        minerlens::data::sample::DemoChoice::On,
    );
    let minerlens::ui::app::JobResult::Import(
        minerlens::ui::controllers::import::ImportMsg::Startup(Ok((data, problems))),
    ) = result
    else {
        panic!("the start-up load failed");
    };
    assert!(problems.is_empty());
    assert_eq!(data.source, "Demo data (synthetic) + 2 imported");
    assert_eq!(data.summaries.len(), 18);
    let riot = data.summaries.iter().find(|s| s.symbol == "RIOT").unwrap();
    assert_eq!(riot.rows, 3);
    assert_eq!(riot.source, "RIOT.csv (Yahoo CSV)");
    // By default the store's real BTC-USD turns the synthetic demo universe off: real prices
    // are not compared with synthetic ones unless the user asks for it.
    let minerlens::ui::app::JobResult::Import(
        minerlens::ui::controllers::import::ImportMsg::Startup(Ok((auto, _))),
    ) = minerlens::ui::controllers::import::startup_data(
        Some(store_dir.path().to_path_buf()),
        minerlens::data::sample::DemoChoice::Auto,
    )
    else {
        panic!("the start-up load failed");
    };
    assert_eq!(auto.source, "Imported data (2 symbols)");

    // An unreadable store file is reported and left alone; the rest loads.
    std::fs::write(store_dir.path().join("BAD.parquet"), b"not parquet").unwrap();
    let result = minerlens::ui::controllers::import::startup_data(
        Some(store_dir.path().to_path_buf()),
        minerlens::data::sample::DemoChoice::On,
    );
    let minerlens::ui::app::JobResult::Import(
        minerlens::ui::controllers::import::ImportMsg::Startup(Ok((data, problems))),
    ) = result
    else {
        panic!("the start-up load failed");
    };
    assert_eq!(data.summaries.len(), 18);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("BAD.parquet"), "{problems:?}");
    assert!(store_dir.path().join("BAD.parquet").exists());
}

#[test]
fn import_prices_is_in_the_file_menu() {
    let mut h = harness();
    h.run();
    h.get_by_label("File").click();
    h.run();
    let item = h.get_by_label("Import prices…");
    assert!(!item.accesskit_node().is_disabled());
}
