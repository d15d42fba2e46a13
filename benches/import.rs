//! Import speed (figures in the README, "Importing prices"):
//! - a 7-million-row minute-bar CSV in the Kaggle Bitstamp layout (about 540 MB, generated here)
//!   read and resampled to daily closes through polars;
//! - 50 daily Yahoo CSVs of 20 years each, read and validated (and, separately, merged into a
//!   fresh price store).
//!
//! `cargo bench --bench import`. Set `MINERLENS_BENCH_DIR=/some/dir` to keep the generated files
//! there (benches/import_compare.py and `/usr/bin/time -v minerlens import` use them).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use minerlens::data::import::store::PriceStore;
use minerlens::data::import::{ImportOptions, import_file, import_paths, run_import};
use minerlens::data::rng::Rng;

const MINUTE_ROWS: usize = 7_000_000;
/// 2012-01-01 00:01 UTC, the first minute of the Kaggle file.
const FIRST_MINUTE: i64 = 1_325_376_060;

/// Writes `rows` minute bars `Timestamp,Open,High,Low,Close,Volume` (unix seconds written as
/// floats, prices with cents, volumes at full precision), with a random-walk close.
fn write_minute_csv(path: &Path, rows: usize) {
    let file = std::fs::File::create(path).unwrap();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut rng = Rng::seed_from(7);
    let mut close = 30_000.0_f64;
    let mut line = String::with_capacity(128);
    out.write_all(b"Timestamp,Open,High,Low,Close,Volume\n")
        .unwrap();
    for i in 0..rows {
        let open = close;
        close = (close * (1.0 + 0.0008 * rng.normal())).clamp(10_000.0, 90_000.0);
        let high = open.max(close) * (1.0 + 0.0003 * rng.uniform());
        let low = open.min(close) * (1.0 - 0.0003 * rng.uniform());
        let volume = 8.0 * rng.uniform();
        line.clear();
        let t = FIRST_MINUTE + 60 * i as i64;
        let _ = writeln!(
            line,
            "{t}.0,{open:.2},{high:.2},{low:.2},{close:.2},{volume}"
        );
        out.write_all(line.as_bytes()).unwrap();
    }
    out.flush().unwrap();
}

/// Writes `files` Yahoo CSVs of `years` of trading days each into `dir`.
fn write_daily_csvs(dir: &Path, files: usize, years: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let days = years * 252;
    let start = chrono::NaiveDate::from_ymd_opt(2005, 1, 3).unwrap();
    (0..files)
        .map(|f| {
            let mut rng = Rng::seed_from(f as u64);
            let mut text = String::from("Date,Open,High,Low,Close,Adj Close,Volume\n");
            let mut close = 20.0;
            let mut date = start;
            for _ in 0..days {
                let open = close;
                close *= 1.0 + 0.03 * rng.normal();
                close = close.max(0.5);
                let _ = writeln!(
                    text,
                    "{},{open:.6},{:.6},{:.6},{close:.6},{close:.6},{}",
                    date.format("%Y-%m-%d"),
                    open.max(close) * 1.01,
                    open.min(close) * 0.99,
                    (rng.uniform() * 5e7) as u64
                );
                date = date.succ_opt().unwrap();
                while matches!(date.format("%a").to_string().as_str(), "Sat" | "Sun") {
                    date = date.succ_opt().unwrap();
                }
            }
            let path = dir.join(format!("SYM{f:02}.csv"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

fn bench_dir() -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("MINERLENS_BENCH_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            (None, dir)
        }
        None => {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().to_path_buf();
            (Some(tmp), dir)
        }
    }
}

fn import_benches(c: &mut Criterion) {
    let (_keep, dir) = bench_dir();

    let minute = dir.join("btcusd_1-min_data.csv");
    if !minute.exists() {
        write_minute_csv(&minute, MINUTE_ROWS);
    }
    let size_mb = std::fs::metadata(&minute).unwrap().len() as f64 / 1e6;
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(10));
    group.bench_function(format!("minute_csv_7m_rows_{size_mb:.0}MB_to_daily"), |b| {
        b.iter(|| {
            let f = import_file(&minute, &ImportOptions::default()).unwrap();
            assert_eq!(f.series[0].rows.len(), 4862);
            f
        });
    });

    let daily_dir = dir.join("daily");
    let daily = write_daily_csvs(&daily_dir, 50, 20);
    group.bench_function("daily_csv_50_files_x_20_years", |b| {
        b.iter(|| {
            let batch = import_paths(
                std::slice::from_ref(&daily_dir),
                &ImportOptions::default(),
                &|_| {},
            );
            assert_eq!(batch.loaded().count(), daily.len());
            batch
        });
    });
    group.bench_function("daily_csv_50_files_x_20_years_into_a_new_store", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |store_dir| {
                let store = PriceStore::new(store_dir.path());
                let run = run_import(
                    std::slice::from_ref(&daily_dir),
                    &ImportOptions::default(),
                    Some(&store),
                    &|_| {},
                );
                assert!(run.stored);
                store_dir
            },
            criterion::BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, import_benches);
criterion_main!(benches);
