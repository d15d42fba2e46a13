//! The bundled demo universe: it loads, it is calibrated to early 2026 (checked on the committed
//! files, not on the generator's parameters), and the generator reproduces it byte for byte.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use minerlens::data::demo;
use minerlens::data::prices::{COL_ADJ_CLOSE, COL_CLOSE, COL_DATE, COL_SYMBOL, COL_VOLUME};
use minerlens::data::sample::load_demo;
use minerlens::data::yahoo_csv;
use minerlens::model::days_to_date;

const MINERS: [&str; 12] = [
    "MARA", "RIOT", "CLSK", "CORZ", "IREN", "CIFR", "HUT", "WULF", "BITF", "HIVE", "BTDR", "APLD",
];
/// The AI-infrastructure stocks of the default factor basket.
const FACTORS: [&str; 5] = ["NVDA", "AMD", "AVGO", "VRT", "SMH"];

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// (date, adj close) of a committed demo file, read independently of the app's loader.
fn read_file(symbol: &str) -> Vec<(NaiveDate, f64)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data/prices")
        .join(format!("{symbol}.csv"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(yahoo_csv::HEADER));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 7, "{symbol}: {l}");
            let date = NaiveDate::parse_from_str(f[0], "%Y-%m-%d").unwrap();
            for v in &f[1..] {
                let x: f64 = v.parse().unwrap();
                assert!(x.is_finite() && x > 0.0, "{symbol} {date}: {v}");
            }
            let (open, high, low, close): (f64, f64, f64, f64) = (
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
                f[3].parse().unwrap(),
                f[4].parse().unwrap(),
            );
            assert!(
                high >= open.max(close) - 1e-6 && low <= open.min(close) + 1e-6,
                "{symbol} {date}"
            );
            (date, f[5].parse().unwrap())
        })
        .collect()
}

fn window_return(rows: &[(NaiveDate, f64)], from: NaiveDate, to: NaiveDate) -> f64 {
    let w: Vec<f64> = rows
        .iter()
        .filter(|(d, _)| *d >= from && *d <= to)
        .map(|(_, p)| *p)
        .collect();
    (w[w.len() - 1] / w[0] - 1.0) * 100.0
}

fn daily_returns(prices: &[f64]) -> Vec<f64> {
    prices.windows(2).map(|w| w[1] / w[0] - 1.0).collect()
}

fn std(xs: &[f64]) -> f64 {
    let m = xs.iter().sum::<f64>() / xs.len() as f64;
    (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64).sqrt()
}

fn corr(a: &[f64], b: &[f64]) -> f64 {
    let ma = a.iter().sum::<f64>() / a.len() as f64;
    let mb = b.iter().sum::<f64>() / b.len() as f64;
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

#[test]
fn demo_data_loads_with_expected_symbols_ranges_and_no_nulls() {
    let prices = load_demo().unwrap();
    let mut expected: Vec<String> = MINERS
        .iter()
        .chain(&FACTORS)
        .map(|s| s.to_string())
        .collect();
    expected.push("BTC-USD".into());
    expected.sort();
    assert_eq!(prices.symbols(), expected);
    let df = prices.df();
    for col in [COL_DATE, COL_SYMBOL, COL_CLOSE, COL_ADJ_CLOSE, COL_VOLUME] {
        assert_eq!(df.column(col).unwrap().null_count(), 0, "nulls in {col}");
    }
    let close = df.column(COL_CLOSE).unwrap().f64().unwrap().clone();
    assert!(close.iter().flatten().all(|v| v.is_finite() && v > 0.0));
    let summaries = prices.summaries().unwrap();
    for s in &summaries {
        assert_eq!(s.first_date, ymd(2021, 1, 4), "{}", s.symbol);
        assert_eq!(s.last_date, ymd(2026, 11, 20), "{}", s.symbol);
    }
    let rows: BTreeMap<&str, usize> = summaries
        .iter()
        .map(|s| (s.symbol.as_str(), s.rows))
        .collect();
    // BTC every calendar day; miners on NYSE trading days.
    assert_eq!(rows["BTC-USD"], 2147);
    assert!(
        MINERS.iter().chain(&FACTORS).all(|m| rows[m] == 1479),
        "{rows:?}"
    );
    let all = prices.all_series().unwrap();
    let mara_days: Vec<NaiveDate> = all["MARA"].days.iter().map(|d| days_to_date(*d)).collect();
    assert!(
        !mara_days.contains(&ymd(2026, 4, 3)),
        "Good Friday 2026 is a holiday"
    );
    assert!(!mara_days.contains(&ymd(2026, 1, 3)), "no weekends");
}

#[test]
fn calibration_to_early_2026_holds_in_the_files() {
    let (from, to) = (ymd(2026, 1, 2), ymd(2026, 3, 31));
    let btc = read_file("BTC-USD");
    let btc_q1 = window_return(&btc, from, to);
    assert!((btc_q1 + 17.0).abs() <= 0.5, "BTC Q1 2026: {btc_q1}");

    let mut q1: Vec<(f64, &str)> = MINERS
        .iter()
        .map(|m| (window_return(&read_file(m), from, to), *m))
        .collect();
    q1.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (r, m) in &q1[..5] {
        assert!((50.0..=70.0).contains(r), "{m} gained {r}% in Q1 2026");
        let spread = r - btc_q1;
        assert!((67.0..=87.0).contains(&spread), "{m} spread {spread}");
    }
    // The rest track BTC more closely: within 25 points of it.
    for (r, m) in &q1[5..] {
        assert!((r - btc_q1).abs() < 25.0, "{m}: {r}% vs BTC {btc_q1}%");
    }

    // Volatility: BTC about 45% a year over its 365-day calendar, miners 70-110%.
    let btc_prices: Vec<f64> = btc.iter().map(|r| r.1).collect();
    let btc_vol = std(&daily_returns(&btc_prices)) * 365f64.sqrt() * 100.0;
    assert!((40.0..=50.0).contains(&btc_vol), "BTC vol {btc_vol}");
    let btc_by_date: BTreeMap<NaiveDate, f64> = btc.iter().copied().collect();
    let fat_tailed = |r: &[f64]| {
        let s = std(r);
        r.iter().filter(|x| x.abs() > 4.0 * s).count() as f64 / r.len() as f64
    };
    assert!(fat_tailed(&daily_returns(&btc_prices)) > 0.001, "BTC tails");
    for m in MINERS {
        let rows = read_file(m);
        let prices: Vec<f64> = rows.iter().map(|r| r.1).collect();
        let vol = std(&daily_returns(&prices)) * 252f64.sqrt() * 100.0;
        assert!((70.0..=110.0).contains(&vol), "{m} vol {vol}");
        // Correlation to BTC sampled on the miner's dates: positive, and weaker for the AI
        // pivoters in 2025-2026 than in 2021-2023.
        let corr_between = |a: NaiveDate, b: NaiveDate| {
            let w: Vec<&(NaiveDate, f64)> =
                rows.iter().filter(|(d, _)| *d >= a && *d <= b).collect();
            let p: Vec<f64> = w.iter().map(|r| r.1).collect();
            let bp: Vec<f64> = w.iter().map(|r| btc_by_date[&r.0]).collect();
            corr(&daily_returns(&p), &daily_returns(&bp))
        };
        let early = corr_between(ymd(2021, 1, 4), ymd(2023, 12, 31));
        let late = corr_between(ymd(2025, 7, 1), ymd(2026, 11, 20));
        assert!(early > 0.5, "{m} 2021-2023 correlation {early}");
        assert!(late > 0.1, "{m} late correlation {late}");
        if ["CORZ", "IREN", "CIFR", "HUT", "WULF", "APLD"].contains(&m) {
            assert!(late < early - 0.2, "{m} decouples: {early} -> {late}");
        }
    }
    // The factor stocks: 35-60% a year, like large-cap chip and data-center stocks.
    for f in FACTORS {
        let prices: Vec<f64> = read_file(f).iter().map(|r| r.1).collect();
        let vol = std(&daily_returns(&prices)) * 252f64.sqrt() * 100.0;
        assert!((30.0..=62.0).contains(&vol), "{f} vol {vol}");
    }
}

/// The announcement-day moves the ledger reports are in the demo files: day 0's close over the
/// close before, as the sources measure it.
#[test]
fn the_demo_reacts_to_the_deals_as_the_sources_report() {
    let ledger = minerlens::data::deals::bundled_ledger().unwrap();
    let planted: Vec<_> = ledger
        .deals
        .iter()
        .filter(|d| d.reported_move_pct.is_some() && MINERS.contains(&d.symbol.as_str()))
        .collect();
    assert!(planted.len() >= 5, "{}", planted.len());
    for d in planted {
        let rows = read_file(&d.symbol);
        let days: Vec<i32> = rows
            .iter()
            .map(|r| minerlens::model::date_to_days(r.0))
            .collect();
        let i = d.day0_index(&days);
        let got = (rows[i].1 / rows[i - 1].1 - 1.0) * 100.0;
        let want = d.reported_move_pct.unwrap();
        assert!((got - want).abs() < 1e-3, "{}: {got} vs {want}", d.id);
    }
}

#[test]
fn generator_reproduces_the_committed_files_byte_for_byte() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/prices");
    let files = demo::demo_files();
    assert_eq!(files.len(), 18);
    for (name, contents) in files {
        let committed = std::fs::read_to_string(dir.join(&name)).unwrap();
        assert!(
            committed == contents,
            "{name} differs from the generator's output; run `cargo run -- demo-data`"
        );
    }
}
