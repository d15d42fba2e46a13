//! `minerlens revenue-mix` run as a binary: JSON, CSV and table output, overrides from a
//! portfolio, and exit code 2 with a clear message on bad input.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minerlens"))
        // A home without a price store: the commands read the demo data alone.
        .env(
            "MINERLENS_HOME",
            std::env::temp_dir().join("minerlens-test-empty-home"),
        )
        .arg("revenue-mix")
        .args(args)
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn row<'a>(v: &'a serde_json::Value, symbol: &str) -> &'a serde_json::Value {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["symbol"] == symbol)
        .unwrap_or_else(|| panic!("no row {symbol}"))
}

fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap()
}

fn fails_with(args: &[&str], message: &str) {
    let out = run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(message), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty());
}

/// A fundamentals file with the issue's worked example: 50 EH/s and 200 MW at 1.5 million USD
/// per MW-year.
const WORKED: &str = r#"{
  "format": "minerlens-fundamentals", "version": 1, "as_of": "2026-01-01",
  "network": {"as_of": "2026-01-01",
    "hashrate_eh": {"value": 1000, "source": "test"},
    "fees_btc_per_block": {"value": 0.025, "source": "test"}},
  "miners": [{
    "symbol": "TEST", "name": "Test miner",
    "hashrate_eh": {"value": 50, "source": "test"},
    "efficiency_j_per_th": {"value": 17, "source": "test"},
    "power_cost_usd_per_mwh": {"value": 40, "source": "test"},
    "uptime_pct": {"value": 100, "source": "test"},
    "pool_fee_pct": {"value": 0, "source": "test"},
    "mining_mw": {"value": 850, "source": "test"},
    "hosting_contracts": [{"tenant": "T", "mw": 200, "usd_per_mw_year": 1500000,
      "start": "2025-01-01", "ramp_months": 0, "source": "test"}]
  }]
}"#;

#[test]
fn json_has_every_miner_sorted_by_ai_share_with_the_issue_columns() {
    let v = json(&[]);
    assert_eq!(
        v["as_of"], "2026-11-20",
        "the last BTC-USD close of the demo data"
    );
    assert_eq!(f(&v["btc_price_usd"]), 91_500.0);
    assert!(
        v["btc_price_source"]
            .as_str()
            .unwrap()
            .contains("Demo data")
    );
    assert_eq!(f(&v["subsidy_btc"]), 3.125);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "symbol",
        "hashrate_eh",
        "hashprice_usd_per_ph_day",
        "mining_usd_per_year",
        "hosting_usd_per_year",
        "gpu_cloud_usd_per_year",
        "total_usd_per_year",
        "ai_share_pct",
        "breakeven_btc_price_usd",
        "btc_sensitivity_pct",
    ];
    expected.sort_unstable();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    assert_eq!(keys_sorted, expected);
    // APLD only hosts: 100% AI, no breakeven, no sensitivity to BTC.
    assert_eq!(rows[0]["symbol"], "APLD");
    assert_eq!(f(&rows[0]["ai_share_pct"]), 100.0);
    assert!(rows[0]["breakeven_btc_price_usd"].is_null());
    assert_eq!(f(&rows[0]["btc_sensitivity_pct"]), 0.0);
    let shares: Vec<f64> = rows.iter().map(|r| f(&r["ai_share_pct"])).collect();
    assert!(shares.windows(2).all(|w| w[0] >= w[1]), "{shares:?}");
    // Pure miners move one for one with BTC.
    assert_eq!(f(&row(&v, "MARA")["btc_sensitivity_pct"]), 10.0);
}

#[test]
fn the_worked_example_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fundamentals.json");
    std::fs::write(&path, WORKED).unwrap();
    let v = json(&[
        "--fundamentals",
        path.to_str().unwrap(),
        "--btc-price",
        "90000",
        "--as-of",
        "2026-03-31",
    ]);
    assert!((f(&v["hashprice_usd_per_ph_day"]) - 40.824).abs() < 1e-9);
    let r = row(&v, "TEST");
    assert!((f(&r["mining_usd_per_year"]) - 745_038_000.0).abs() < 1e-3);
    assert_eq!(f(&r["hosting_usd_per_year"]), 300_000_000.0);
    assert!((f(&r["ai_share_pct"]) - 28.7071).abs() < 1e-3);
    assert!((f(&r["breakeven_btc_price_usd"]) - 36_239.76).abs() < 0.01);
    assert!((f(&r["btc_sensitivity_pct"]) - 7.1293).abs() < 1e-3);
    // Network hashrate and fees from the flags; the next halving applies in 2028.
    let v = json(&[
        "--fundamentals",
        path.to_str().unwrap(),
        "--btc-price",
        "90000",
        "--network-hashrate-eh",
        "2000",
        "--fees-btc",
        "0",
        "--as-of",
        "2028-05-01",
    ]);
    assert_eq!(f(&v["subsidy_btc"]), 1.5625);
    let expected = 144.0 * 1.5625 * 90_000.0 / 2_000_000.0;
    assert!((f(&v["hashprice_usd_per_ph_day"]) - expected).abs() < 1e-9);
}

#[test]
fn portfolio_overrides_change_a_miner() {
    let base = json(&["--btc-price", "90000", "--as-of", "2026-11-20"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.minerlens.json");
    std::fs::write(
        &path,
        r#"{"format": "minerlens-portfolio", "version": 1, "name": "t",
            "revenue_overrides": {"IREN": {"hashrate_eh": 25, "gpus": 0}}}"#,
    )
    .unwrap();
    let v = json(&[
        "--btc-price",
        "90000",
        "--as-of",
        "2026-11-20",
        "--portfolio",
        path.to_str().unwrap(),
        "--symbols",
        "iren,mara",
    ]);
    assert_eq!(v["rows"].as_array().unwrap().len(), 2);
    let (before, after) = (row(&base, "IREN"), row(&v, "IREN"));
    let ratio = f(&after["mining_usd_per_year"]) / f(&before["mining_usd_per_year"]);
    assert!((ratio - 0.5).abs() < 1e-12);
    // No GPUs rented by the hour: only the GPU cloud contracts of the ledger (Microsoft) bill.
    let (gpu_before, gpu_after) = (
        f(&before["gpu_cloud_usd_per_year"]),
        f(&after["gpu_cloud_usd_per_year"]),
    );
    assert!(
        gpu_after > 0.0 && gpu_after < gpu_before,
        "{gpu_before} -> {gpu_after}"
    );
    assert!(f(&after["ai_share_pct"]) > 0.0);
    assert_eq!(row(&v, "MARA"), row(&base, "MARA"));

    std::fs::write(
        &path,
        r#"{"format": "minerlens-portfolio", "version": 2, "name": "t",
            "revenue_overrides": {"IREN": {"efficiency_j_per_th": 200}}}"#,
    )
    .unwrap();
    fails_with(
        &["--portfolio", path.to_str().unwrap()],
        "IREN: efficiency_j_per_th must be between 5 and 100 J/TH (got 200)",
    );
}

#[test]
fn csv_and_table_formats() {
    let out = run(&["--format", "csv", "--symbols", "CIFR"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "symbol,hashrate_eh,hashprice_usd_per_ph_day,mining_usd_per_year,hosting_usd_per_year,\
         gpu_cloud_usd_per_year,total_usd_per_year,ai_share_pct,breakeven_btc_price_usd,\
         btc_sensitivity_pct"
    );
    assert!(lines.next().unwrap().starts_with("CIFR,20.0,"));
    assert_eq!(lines.next(), None);

    let out = run(&[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("As of 2026-11-20 · BTC $91,500"), "{text}");
    assert!(text.contains("AI share %"), "{text}");
}

#[test]
fn bad_values_exit_2_with_a_clear_message() {
    fails_with(&["--btc-price", "-5"], "must be above zero");
    fails_with(&["--btc-price", "NaN"], "not a finite number");
    fails_with(&["--btc-price", "abc"], "'abc' is not a number");
    fails_with(
        &["--network-hashrate-eh", "0"],
        "must be above zero (got 0)",
    );
    fails_with(&["--fees-btc", "-0.1"], "must not be negative");
    fails_with(&["--fees-btc", "inf"], "not a finite number");
    fails_with(&["--as-of", "31/03/2026"], "YYYY-MM-DD");
    fails_with(&["--symbols", "NOPE"], "unknown miner NOPE");
    fails_with(
        &["--as-of", "2019-01-01"],
        "no BTC-USD close on or before 2019-01-01",
    );
    fails_with(
        &["--fundamentals", "/nonexistent/f.json"],
        "/nonexistent/f.json",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.json");
    std::fs::write(
        &path,
        WORKED.replace(
            r#""hashrate_eh": {"value": 1000"#,
            r#""hashrate_eh": {"value": 0"#,
        ),
    )
    .unwrap();
    fails_with(
        &["--fundamentals", path.to_str().unwrap()],
        "network_hashrate_eh must be above zero (got 0)",
    );
    std::fs::write(&path, WORKED.replace(r#""value": 50"#, r#""value": -50"#)).unwrap();
    fails_with(
        &["--fundamentals", path.to_str().unwrap()],
        "TEST: hashrate_eh must not be negative (got -50)",
    );
    // The window's rule for contract ramps holds for files read by the command line too.
    std::fs::write(
        &path,
        WORKED.replace(r#""ramp_months": 0"#, r#""ramp_months": 100000"#),
    )
    .unwrap();
    fails_with(
        &["--fundamentals", path.to_str().unwrap()],
        "ramp_months must be a whole number of months, 0 to 600 (got 100000)",
    );
}

#[test]
fn the_btc_price_defaults_to_the_last_close_of_real_data() {
    let Some(path) = crate::common::realdata(
        "prices/BTC-USD.csv",
        "cli_revenue::the_btc_price_defaults_to_the_last_close_of_real_data",
    ) else {
        return;
    };
    let path = path.to_str().unwrap();
    let v = json(&["--prices", path, "--symbols", "MARA"]);
    assert_eq!(v["as_of"], "2024-03-19");
    assert_eq!(f(&v["btc_price_usd"]), 63_580.324_219);
    assert!(
        v["btc_price_source"]
            .as_str()
            .unwrap()
            .contains("BTC-USD.csv")
    );
    // Before the 2024 halving the subsidy was 6.25 BTC; the price is the close on that day.
    let v = json(&["--prices", path, "--as-of", "2024-03-01"]);
    assert_eq!(f(&v["subsidy_btc"]), 6.25);
    assert_eq!(v["as_of"], "2024-03-01");
}
