//! The analytics on real public data (../shared/realdata), checked against an independent
//! straightforward computation in this file. Skipped, with a notice, when the data is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use minerlens::analysis::{Aligned, divergence};
use minerlens::data::import::load_paths;
use minerlens::model::DateRange;

/// (date, price) from a Yahoo CSV, Adj Close, parsed here without the app's code.
fn read_yahoo(path: &Path) -> Vec<(NaiveDate, f64)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i_date = header.iter().position(|h| *h == "Date").unwrap();
    let i_adj = header.iter().position(|h| *h == "Adj Close").unwrap();
    lines
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let p: f64 = f[i_adj].parse().ok()?;
            Some((NaiveDate::parse_from_str(f[i_date], "%Y-%m-%d").unwrap(), p))
        })
        .collect()
}

struct Expected {
    ret: f64,
    bench_ret: f64,
    beta: f64,
    corr: f64,
    vol: f64,
    mdd: f64,
    n: usize,
}

/// The methodology as a plain loop: symbol dates in the window, BTC as of each date.
fn expected(
    sym: &[(NaiveDate, f64)],
    btc: &[(NaiveDate, f64)],
    from: NaiveDate,
    to: NaiveDate,
) -> Expected {
    let btc_map: BTreeMap<NaiveDate, f64> = btc.iter().copied().collect();
    let asof = |d: NaiveDate| *btc_map.range(..=d).next_back().unwrap().1;
    let w: Vec<(NaiveDate, f64)> = sym
        .iter()
        .copied()
        .filter(|(d, _)| *d >= from && *d <= to)
        .collect();
    let p: Vec<f64> = w.iter().map(|x| x.1).collect();
    let b: Vec<f64> = w.iter().map(|x| asof(x.0)).collect();
    let mut r = Vec::new();
    let mut rb = Vec::new();
    for i in 1..p.len() {
        r.push(p[i] / p[i - 1] - 1.0);
        rb.push(b[i] / b[i - 1] - 1.0);
    }
    let n = r.len() as f64;
    let mr = r.iter().sum::<f64>() / n;
    let mb = rb.iter().sum::<f64>() / n;
    let mut cov = 0.0;
    let mut vr = 0.0;
    let mut vb = 0.0;
    for i in 0..r.len() {
        cov += (r[i] - mr) * (rb[i] - mb);
        vr += (r[i] - mr) * (r[i] - mr);
        vb += (rb[i] - mb) * (rb[i] - mb);
    }
    let mut peak = f64::MIN;
    let mut mdd: f64 = 0.0;
    for x in &p {
        peak = peak.max(*x);
        mdd = mdd.min((x / peak - 1.0) * 100.0);
    }
    Expected {
        ret: (p[p.len() - 1] / p[0] - 1.0) * 100.0,
        bench_ret: (b[b.len() - 1] / b[0] - 1.0) * 100.0,
        beta: cov / vb,
        corr: cov / (vr * vb).sqrt(),
        vol: (vr / (n - 1.0)).sqrt() * 252f64.sqrt() * 100.0,
        mdd,
        n: p.len(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-10 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn divergence_matches_an_independent_computation_on_real_data() {
    let Some(dir) = crate::common::realdata(
        "prices",
        "realdata_analysis::divergence_matches_an_independent_computation_on_real_data",
    ) else {
        return;
    };
    let files: Vec<PathBuf> = ["BTC-USD", "MARA", "CLSK", "RIOT", "IREN"]
        .iter()
        .map(|s| dir.join(format!("{s}.csv")))
        .collect();
    let (prices, _) = load_paths(&files, &Default::default()).unwrap();
    let aligned = Aligned::build(&prices, "BTC-USD").unwrap();
    let btc = read_yahoo(&dir.join("BTC-USD.csv"));
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    for (from, to) in [
        (d(2024, 1, 2), d(2024, 3, 8)),
        (d(2023, 1, 1), d(2023, 12, 31)),
    ] {
        let symbols: Vec<String> = ["MARA", "CLSK", "RIOT", "IREN"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let analysis = divergence::analyze(&aligned, &symbols, DateRange::new(from, to)).unwrap();
        for row in &analysis.rows {
            let e = expected(
                &read_yahoo(&dir.join(format!("{}.csv", row.symbol))),
                &btc,
                from,
                to,
            );
            let ctx = format!("{} {from}..{to}", row.symbol);
            assert!(
                close(row.return_pct, e.ret),
                "{ctx} return {} vs {}",
                row.return_pct,
                e.ret
            );
            assert!(
                close(row.benchmark_return_pct.unwrap(), e.bench_ret),
                "{ctx} bench"
            );
            assert!(
                close(row.divergence_pp.unwrap(), e.ret - e.bench_ret),
                "{ctx} spread"
            );
            assert!(
                close(row.beta.unwrap(), e.beta),
                "{ctx} beta {} vs {}",
                row.beta.unwrap(),
                e.beta
            );
            assert!(close(row.correlation.unwrap(), e.corr), "{ctx} corr");
            assert!(close(row.volatility_pct.unwrap(), e.vol), "{ctx} vol");
            assert!(close(row.max_drawdown_pct, e.mdd), "{ctx} mdd");
            assert_eq!(row.observations, e.n, "{ctx}");
        }
    }
    // The public record, roughly: BTC +51.9% and MARA +2.4% in early 2024, CLSK +86.0%.
    let w = DateRange::new(d(2024, 1, 2), d(2024, 3, 8));
    let btc_row = divergence::row(aligned.get("BTC-USD").unwrap(), w).unwrap();
    assert!(
        (btc_row.return_pct - 51.9).abs() < 0.1,
        "{}",
        btc_row.return_pct
    );
    let mara = divergence::row(aligned.get("MARA").unwrap(), w).unwrap();
    assert!(
        (mara.return_pct - 2.4).abs() < 0.1 && (mara.divergence_pp.unwrap() + 49.5).abs() < 0.1
    );
    let clsk = divergence::row(aligned.get("CLSK").unwrap(), w).unwrap();
    assert!(
        (clsk.return_pct - 86.0).abs() < 0.1 && (clsk.divergence_pp.unwrap() - 34.1).abs() < 0.1
    );
    let y2023 = DateRange::new(d(2023, 1, 1), d(2023, 12, 31));
    let mara23 = divergence::row(aligned.get("MARA").unwrap(), y2023).unwrap();
    assert!(
        (1.55..=1.75).contains(&mara23.beta.unwrap()),
        "{:?}",
        mara23.beta
    );
    assert!(
        (0.55..=0.75).contains(&mara23.correlation.unwrap()),
        "{:?}",
        mara23.correlation
    );
}
