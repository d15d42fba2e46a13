//! The evidence models at scale:
//! - the event study of every ledger deal on the demo universe (market model, three standard
//!   windows and the CAR path), target tens of milliseconds;
//! - rolling two-factor exposure for 50 symbols x 20 years (5,040 returns) at 60, 120 and 250
//!   returns: the same work as `benches/exposure_statsmodels.py` with statsmodels' RollingOLS,
//!   and the same from prices (alignment of the benchmark and a five-stock factor basket
//!   included) on the 50-symbol random universe.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use minerlens::analysis::Aligned;
use minerlens::analysis::events::{EventParams, average, study};
use minerlens::analysis::exposure::{Observations, observations};
use minerlens::data::deals::bundled_ledger;
use minerlens::data::demo::random_universe;
use minerlens::data::rng::Rng;
use minerlens::data::sample::load_demo;

const WINDOWS: [usize; 3] = [60, 120, 250];

fn event_study(c: &mut Criterion) {
    let prices = load_demo().unwrap();
    let aligned = Aligned::build(&prices, "BTC-USD").unwrap();
    let deals = bundled_ledger().unwrap().deals;
    let params = EventParams::default();
    let s = study(&aligned, &deals, &params);
    eprintln!(
        "{} deals: {} events studied, {} left out",
        deals.len(),
        s.events.len(),
        s.skipped.len()
    );
    let mut group = c.benchmark_group("events");
    group.bench_function("every ledger event, demo universe", |b| {
        b.iter(|| {
            let s = study(&aligned, &deals, &params);
            let all: Vec<_> = s.events.iter().collect();
            black_box(average(&all, &params))
        })
    });
    group.finish();
}

/// 50 symbols x 5,040 returns of the statsmodels script's model: BTC sd 3.5%, AI sd 2.5%,
/// correlation 0.3, betas uniform, noise sd 3%.
fn synthetic() -> Vec<Observations> {
    let mut rng = Rng::seed_from(7);
    let days = 5040;
    let (btc, ai): (Vec<f64>, Vec<f64>) = (0..days)
        .map(|_| {
            let (z1, z2) = (rng.normal(), rng.normal());
            (0.035 * z1, 0.025 * (0.3 * z1 + (1.0f64 - 0.09).sqrt() * z2))
        })
        .unzip();
    (0..50)
        .map(|_| {
            let (b1, b2) = (0.5 + 2.0 * rng.uniform(), -0.5 + 2.0 * rng.uniform());
            let y = (0..days)
                .map(|i| 0.001 + b1 * btc[i] + b2 * ai[i] + 0.03 * rng.normal())
                .collect();
            Observations {
                days: (0..days as i32).collect(),
                y,
                btc: btc.clone(),
                ai: ai.clone(),
            }
        })
        .collect()
}

fn exposure(c: &mut Criterion) {
    let obs = synthetic();
    let mut group = c.benchmark_group("exposure_50x5040");
    group.sample_size(20);
    for n in WINDOWS {
        group.bench_function(format!("rolling N={n} (updated sums)"), |b| {
            b.iter(|| {
                for o in &obs {
                    black_box(o.rolling(n));
                }
            })
        });
    }
    group.bench_function("rolling N=60,120,250", |b| {
        b.iter(|| {
            for n in WINDOWS {
                for o in &obs {
                    black_box(o.rolling(n));
                }
            }
        })
    });
    group.finish();

    // From prices: 45 stocks against BTC-USD and the basket of the other five.
    let prices = random_universe(50, 20).unwrap();
    let aligned = Aligned::build(&prices, "BTC-USD").unwrap();
    let factors: Vec<String> = (0..5).map(|k| format!("S{k:02}")).collect();
    let symbols: Vec<String> = (5..50).map(|k| format!("S{k:02}")).collect();
    let mut group = c.benchmark_group("exposure_from_prices_45x20y");
    group.sample_size(10);
    group.bench_function("observations + rolling N=60,120,250", |b| {
        b.iter(|| {
            for s in &symbols {
                let o = observations(&aligned, s, &factors).unwrap();
                for n in WINDOWS {
                    black_box(o.rolling(n));
                }
            }
        })
    });
    group.finish();
}

criterion_group!(benches, event_study, exposure);
criterion_main!(benches);
