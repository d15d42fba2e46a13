//! Portfolio files: round trip, migration, refusal of newer versions, every bad input, the atomic
//! save and the command line.

use std::path::{Path, PathBuf};
use std::process::Command;

use minerlens::data::fsutil::{atomic_write, backup_path};
use minerlens::data::portfolio_file::{self, PortfolioError, open, save};
use minerlens::model::portfolio::{PORTFOLIO_VERSION, Portfolio};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/portfolio.minerlens.json")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const HEAD: &str = r#""format": "minerlens-portfolio", "version": 3, "name": "T""#;

#[test]
fn open_save_open_gives_the_same_document_and_never_touches_the_source() {
    let before = std::fs::read(sample()).unwrap();
    let opened = open(&sample()).unwrap();
    assert_eq!(
        std::fs::read(sample()).unwrap(),
        before,
        "opening never modifies the file"
    );
    assert!(opened.warnings.is_empty(), "{:?}", opened.warnings);
    let p = &opened.portfolio;
    assert_eq!(p.name, "AI pivot watchlist");
    assert_eq!(p.holdings.len(), 5);
    assert_eq!(p.group("AI pivoters").unwrap().symbols.len(), 6);

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.minerlens.json");
    save(&copy, p).unwrap();
    let again = open(&copy).unwrap();
    assert_eq!(&again.portfolio, p);
    // Saving twice keeps the previous version as NAME.bak.
    let mut changed = p.clone();
    changed.name = "Renamed".into();
    save(&copy, &changed).unwrap();
    assert_eq!(open(&copy).unwrap().portfolio.name, "Renamed");
    assert_eq!(
        portfolio_file::parse(&std::fs::read(backup_path(&copy)).unwrap(), "bak")
            .unwrap()
            .portfolio
            .name,
        "AI pivot watchlist"
    );
}

/// Saving over a portfolio keeps its permissions (a 0644 file stayed 0644, not 0600).
#[cfg(unix)]
#[test]
fn saving_keeps_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.minerlens.json");
    let p = open(&sample()).unwrap().portfolio;
    save(&path, &p).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for wanted in [0o644, 0o600] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wanted)).unwrap();
        save(&path, &p).unwrap();
        assert_eq!(mode(&path), wanted, "after saving a {wanted:o} file");
    }
}

#[test]
fn an_older_version_is_migrated_and_saved_in_the_new_one() {
    let opened = open(&fixture("portfolio-v1.minerlens.json")).unwrap();
    assert_eq!(opened.migrated_from, Some(1));
    assert!(
        opened.warnings.iter().any(|w| w.contains("version 1")),
        "{:?}",
        opened.warnings
    );
    assert_eq!(opened.portfolio.holdings.len(), 5);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("v2.json");
    save(&out, &opened.portfolio).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains(&format!("\"version\": {PORTFOLIO_VERSION}")));
    assert_eq!(open(&out).unwrap().migrated_from, None);
}

#[test]
fn a_newer_version_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        r#"{"format": "minerlens-portfolio", "version": 99, "name": "future", "holograms": []}"#;
    let p = write(dir.path(), "future.json", text);
    let err = open(&p).unwrap_err();
    assert!(
        matches!(err, PortfolioError::NewerVersion { found: 99, .. }),
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("future.json") && msg.contains("newer MinerLens"),
        "{msg}"
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
}

#[test]
fn unknown_fields_warn_and_survive_a_save() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "x.json",
        &format!(r#"{{{HEAD}, "tags": ["ai", "miners"]}}"#),
    );
    let opened = open(&p).unwrap();
    assert_eq!(opened.warnings.len(), 1);
    assert!(
        opened.warnings[0].contains("\"tags\""),
        "{:?}",
        opened.warnings
    );
    save(&p, &opened.portfolio).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(
        text.contains("\"tags\"") && text.contains("\"miners\""),
        "{text}"
    );
}

#[test]
fn every_bad_input_gets_one_clear_message_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            write(
                d,
                "malformed.json",
                "{\n  \"format\": \"minerlens-portfolio\",\n  \"version\": 2\n  \"name\": \"x\"\n}",
            ),
            "line 4, column 3",
        ),
        (
            write(
                d,
                "types.json",
                &format!(
                    r#"{{{HEAD}, "holdings": [{{"symbol": "MARA", "quantity": "ten", "cost_basis_usd": 1, "open_date": "2025-01-02"}}]}}"#
                ),
            ),
            "holdings[0].quantity: invalid type: string \"ten\"",
        ),
        (
            write(
                d,
                "date.json",
                &format!(
                    r#"{{{HEAD}, "holdings": [{{"symbol": "MARA", "quantity": 1, "cost_basis_usd": 1, "open_date": "02/01/2025"}}]}}"#
                ),
            ),
            "holdings[0].open_date",
        ),
        (
            write(
                d,
                "missing.json",
                r#"{"format": "minerlens-portfolio", "version": 2}"#,
            ),
            "missing field `name`",
        ),
        (
            write(
                d,
                "missing-qty.json",
                &format!(
                    r#"{{{HEAD}, "holdings": [{{"symbol": "MARA", "cost_basis_usd": 1, "open_date": "2025-01-02"}}]}}"#
                ),
            ),
            "holdings[0]: missing field `quantity`",
        ),
        (
            write(
                d,
                "dup.json",
                &format!(
                    r#"{{{HEAD}, "holdings": [{{"symbol": "MARA", "quantity": 1, "cost_basis_usd": 1, "open_date": "2025-01-02"}}, {{"symbol": "MARA", "quantity": 2, "cost_basis_usd": 2, "open_date": "2025-01-02"}}]}}"#
                ),
            ),
            "duplicate holding: MARA opened 2025-01-02",
        ),
        (
            write(
                d,
                "huge-number.json",
                &format!(
                    r#"{{{HEAD}, "holdings": [{{"symbol": "MARA", "quantity": 1e999, "cost_basis_usd": 1, "open_date": "2025-01-02"}}]}}"#
                ),
            ),
            "number out of range",
        ),
        (
            write(d, "other.json", r#"{"name": "not ours"}"#),
            "not a MinerLens portfolio",
        ),
        (
            write(d, "array.json", "[1, 2]"),
            "not a MinerLens portfolio",
        ),
        (
            write(d, "empty.json", ""),
            "line 1, column 0: EOF while parsing",
        ),
        (d.join("nope.json"), "no such file"),
        (d.to_path_buf(), "is a directory"),
    ];
    for (path, needle) in cases {
        let msg = open(&path).unwrap_err().to_string();
        assert!(msg.contains(needle), "{}: {msg}", path.display());
        assert!(
            msg.starts_with(&path.display().to_string()),
            "names the file: {msg}"
        );
    }
    let bin = d.join("binary.json");
    std::fs::write(&bin, [0x89, b'P', b'N', b'G', 0, 0, 1, 2]).unwrap();
    assert!(open(&bin).unwrap_err().to_string().contains("binary file"));
    // A 1 GB file is refused from its size, without reading it (sparse file).
    let big = d.join("big.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let msg = open(&big).unwrap_err().to_string();
    assert!(msg.contains("too large"), "{msg}");
}

#[test]
fn a_save_that_fails_halfway_leaves_the_old_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.json");
    let mut doc = Portfolio::new("Original");
    save(&path, &doc).unwrap();
    let before = std::fs::read(&path).unwrap();
    doc.name = "Changed".into();
    let text = portfolio_file::to_json(&doc).unwrap();
    let err = atomic_write(&path, true, |w| {
        w.write_all(&text.as_bytes()[..text.len() / 2])?;
        Err(std::io::Error::other("device is full"))
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "device is full");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
    // A save to a directory that does not exist fails with the file named; nothing is created.
    let gone = dir.path().join("gone/p.json");
    let msg = save(&gone, &doc).unwrap_err().to_string();
    assert!(
        msg.starts_with(&gone.display().to_string()) && msg.contains("could not save"),
        "{msg}"
    );
}

#[test]
fn the_portfolio_command_compares_with_btc_and_the_basket() {
    let bin = env!("CARGO_BIN_EXE_minerlens");
    let o = Command::new(bin)
        .env("MINERLENS_HOME", empty_home())
        .args(["portfolio", sample().to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["name"], "AI pivot watchlist");
    assert_eq!(v["lots"].as_array().unwrap().len(), 5);
    let contrib: f64 = v["lots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["contribution_pp"].as_f64().unwrap())
        .sum();
    assert!(
        (contrib - v["portfolio"]["return_pct"].as_f64().unwrap()).abs() < 1e-9,
        "contributions add up"
    );
    assert!(v["benchmark_instead"]["value_usd"].as_f64().unwrap() > 0.0);

    let o = Command::new(bin)
        .env("MINERLENS_HOME", empty_home())
        .args(["portfolio", sample().to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("Had I bought BTC-USD instead"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.json", "{");
    let o = Command::new(bin)
        .env("MINERLENS_HOME", empty_home())
        .args(["portfolio", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("bad.json: line 1"), "{err}");

    let o = Command::new(bin)
        .env("MINERLENS_HOME", empty_home())
        .args([
            "analyze",
            "--portfolio",
            sample().to_str().unwrap(),
            "--group",
            "Pure-play miners",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["from"], "2026-01-01", "the file's window (Q1 2026)");
    assert_eq!(v["rows"].as_array().unwrap().len(), 6);
}

/// A home without a price store, so the commands read the demo data alone.
fn empty_home() -> std::path::PathBuf {
    std::env::temp_dir().join("minerlens-test-empty-home")
}

#[test]
fn the_portfolio_chart_since_purchase_ignores_the_window() {
    let bin = env!("CARGO_BIN_EXE_minerlens");
    let dir = tempfile::tempdir().unwrap();
    let sample = sample();
    let footer = |extra: &[&str]| {
        let out = dir.path().join("p.svg");
        let mut args = vec![
            "chart",
            "portfolio",
            "--portfolio",
            sample.to_str().unwrap(),
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-31",
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = Command::new(bin)
            .env("MINERLENS_HOME", empty_home())
            .args(&args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(&out).unwrap()
    };
    let in_window = footer(&[]);
    assert!(
        in_window.contains("Window 2026-01-01 to 2026-03-31"),
        "the analysis window"
    );
    // Every lot of the sample was opened on 2025-06-30; the demo's last price is 2026-11-20.
    let since = footer(&["--since-purchase"]);
    assert!(
        since.contains("Window 2025-06-30 to 2026-11-20"),
        "from the purchases on"
    );
    assert!(since.contains("2025-06-30 to 2026-11-20 · portfolio"));
}
