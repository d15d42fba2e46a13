//! `minerlens analyze` end to end: the built binary on the demo data.

use std::process::{Command, Output};

use serde_json::Value;

fn minerlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minerlens"))
        .args(args)
        .env(
            "MINERLENS_HOME",
            std::env::temp_dir().join("minerlens-cli-test-home"),
        )
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn help_lists_the_subcommands_and_version_prints() {
    let o = minerlens(&["--help"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for sub in ["analyze", "demo-data"] {
        assert!(text.contains(sub), "{sub} missing from --help:\n{text}");
    }
    let o = minerlens(&["--version"]);
    assert_eq!(
        stdout(&o).trim(),
        format!("minerlens {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn json_rows_are_sorted_unrounded_and_complete() {
    let o = minerlens(&["analyze", "--window", "Q1 2026", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["benchmark"], "BTC-USD");
    assert_eq!(v["from"], "2026-01-01");
    assert_eq!(v["to"], "2026-03-31");
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 12, "every miner, not the benchmark");
    let spreads: Vec<f64> = rows
        .iter()
        .map(|r| r["divergence_pp"].as_f64().unwrap())
        .collect();
    assert!(
        spreads.windows(2).all(|w| w[0] >= w[1]),
        "sorted largest first: {spreads:?}"
    );
    for key in [
        "symbol",
        "start_date",
        "end_date",
        "start_price",
        "end_price",
        "return_pct",
        "benchmark_return_pct",
        "divergence_pp",
        "relative_pct",
        "beta",
        "correlation",
        "volatility_pct",
        "max_drawdown_pct",
        "observations",
    ] {
        assert!(rows[0].get(key).is_some(), "missing {key}");
    }
    let top = &rows[0];
    assert_eq!(top["symbol"], "IREN");
    assert_eq!(top["start_date"], "2026-01-02");
    assert_eq!(top["end_date"], "2026-03-31");
    // Unrounded: the exact computation from the two prices.
    let (p0, p1) = (
        top["start_price"].as_f64().unwrap(),
        top["end_price"].as_f64().unwrap(),
    );
    assert_eq!(top["return_pct"].as_f64().unwrap(), (p1 / p0 - 1.0) * 100.0);
    let rb = top["benchmark_return_pct"].as_f64().unwrap();
    assert!((rb + 17.0).abs() < 0.5, "BTC Q1 2026 {rb}");
    let basket = &v["basket"];
    assert_eq!(basket["members"].as_array().unwrap().len(), 12);
    let mean: f64 = rows
        .iter()
        .map(|r| r["return_pct"].as_f64().unwrap())
        .sum::<f64>()
        / 12.0;
    assert!((basket["return_pct"].as_f64().unwrap() - mean).abs() < 1e-9);
}

#[test]
fn table_and_csv_formats() {
    let o = minerlens(&["analyze", "--window", "q1 2026", "--symbols", "iren,mara"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("2026-01-01 to 2026-03-31 · benchmark BTC-USD "),
        "{text}"
    );
    assert!(
        text.contains("IREN") && text.contains("MARA") && text.contains("Basket (2)"),
        "{text}"
    );
    assert!(!text.contains("RIOT"));

    let o = minerlens(&[
        "analyze",
        "--window",
        "Q1 2026",
        "--symbols",
        "IREN",
        "--format",
        "csv",
    ]);
    let text = stdout(&o);
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "symbol,start_date,end_date,start_price,end_price,return_pct,benchmark_return_pct,divergence_pp,relative_pct,beta,correlation,volatility_pct,max_drawdown_pct,observations"
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("IREN,2026-01-02,2026-03-31,")
    );
}

#[test]
fn rolling_csv_has_a_row_per_date_and_symbol() {
    let o = minerlens(&[
        "analyze",
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-31",
        "--symbols",
        "MARA,IREN",
        "--rolling",
        "30",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "date,symbol,rolling_beta,rolling_correlation");
    // 22 NYSE trading days in March 2026 after the 2nd, two symbols.
    assert_eq!(lines.len() - 1, 2 * 22);
    assert!(lines[1].starts_with("2026-03-02,IREN,"));
    let fields: Vec<&str> = lines[1].split(',').collect();
    let beta: f64 = fields[2].parse().unwrap();
    let corr: f64 = fields[3].parse().unwrap();
    assert!(beta.is_finite() && (-1.0..=1.0).contains(&corr));
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    for (args, needle) in [
        (vec!["analyze", "--symbols", "NOPE"], "unknown symbol NOPE"),
        (
            vec!["analyze", "--from", "2026-03-01", "--to", "2026-01-01"],
            "is after --to",
        ),
        (
            vec![
                "analyze",
                "--from",
                "2026-11-20",
                "--to",
                "2026-11-20",
                "--symbols",
                "MARA",
            ],
            "at least 2 are needed",
        ),
        (vec!["analyze", "--from", "03/01/2026"], "YYYY-MM-DD"),
        (
            vec!["analyze", "--benchmark", "XYZ"],
            "unknown benchmark XYZ",
        ),
        (vec!["analyze", "--window", "2W"], "not a window preset"),
        (vec!["analyze", "--rolling", "1"], "rolling"),
    ] {
        let o = minerlens(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(stdout(&o).is_empty(), "{args:?} printed to stdout");
    }
}

/// Runs `minerlens` with its own home (price store), for the cases that need stored prices.
fn in_home(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minerlens"))
        .args(args)
        .env("MINERLENS_HOME", home)
        .output()
        .unwrap()
}

fn csv_file(dir: &std::path::Path, symbol: &str, from: &str, days: u64) -> String {
    let start = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap();
    let mut text = String::from("Date,Close\n");
    for i in 0..days {
        let d = start + chrono::Days::new(i);
        text.push_str(&format!("{d},{}\n", 100.0 + i as f64));
    }
    let path = dir.join(format!("{symbol}.csv"));
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A symbol without prices in the window is left out and said so; the others are analysed
/// (exit 0), and the demo's synthetic BTC-USD against a real series is flagged.
#[test]
fn a_symbol_without_prices_in_the_window_is_left_out_with_a_note() {
    let home = tempfile::tempdir().unwrap();
    let corz = csv_file(home.path(), "CORZ", "2024-01-24", 40);
    assert!(in_home(home.path(), &["import", &corz]).status.success());
    let o = in_home(
        home.path(),
        &["analyze", "--window", "YTD", "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 11, "every miner but CORZ");
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0]
            .as_str()
            .unwrap()
            .contains("its prices run 2024-01-24 to 2024-03-03"),
        "{skipped:?}"
    );
    assert!(
        stderr(&o).contains("note: left out: CORZ"),
        "{}",
        stderr(&o)
    );
    assert!(
        v["notes"][0]
            .as_str()
            .unwrap()
            .contains("real prices (CORZ) are compared with the synthetic demo BTC-USD"),
        "{v}"
    );
    let o = in_home(home.path(), &["analyze", "--window", "YTD"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("Left out: CORZ"), "{}", stdout(&o));
}

/// An imported BTC-USD that ends long before the miners: the benchmark is carried a few days
/// only, the window is cut at its last date with a note, and a window after it says so instead
/// of showing a flat BTC.
#[test]
fn a_benchmark_that_ends_early_cuts_the_window_with_a_note() {
    let home = tempfile::tempdir().unwrap();
    let btc = csv_file(home.path(), "BTC-USD", "2024-11-01", 176);
    assert!(in_home(home.path(), &["import", &btc]).status.success());
    // With the store's real BTC-USD the demo is off by default: ask for it.
    let o = in_home(
        home.path(),
        &[
            "analyze",
            "--demo",
            "--window",
            "All",
            "--symbols",
            "MARA",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["to"], "2025-04-25", "cut at BTC-USD's last date");
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("BTC-USD ends 2025-04-25: the window is cut there")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("synthetic demo series (MARA)")),
        "{notes:?}"
    );
    // YTD 2026 lies after BTC-USD's data: no benchmark return, never +0.0%.
    let o = in_home(
        home.path(),
        &[
            "analyze",
            "--demo",
            "--window",
            "YTD",
            "--symbols",
            "MARA",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["rows"][0]["benchmark_return_pct"].is_null(), "{v}");
    assert!(v["rows"][0]["divergence_pp"].is_null());
    assert!(
        v["notes"][0]
            .as_str()
            .unwrap()
            .contains("BTC-USD has no prices in this window"),
        "{v}"
    );
    // Without --demo the store's prices alone: BTC-USD, no miners.
    let o = in_home(home.path(), &["analyze", "--symbols", "MARA"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("MARA"), "{}", stderr(&o));
}
