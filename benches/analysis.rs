//! Full divergence analysis (all metrics plus 30/60/90-return rolling series) for 50 symbols x
//! 20 years of daily data. Target: under 50 ms.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use minerlens::analysis::series::rolling;
use minerlens::analysis::{Aligned, divergence};
use minerlens::data::demo::random_universe;
use minerlens::model::{DateRange, days_to_date};

fn full_analysis(c: &mut Criterion) {
    let prices = random_universe(50, 20).unwrap();
    let symbols: Vec<String> = prices
        .symbols()
        .into_iter()
        .filter(|s| s != "BTC-USD")
        .collect();
    let (first, last) = prices.date_range().unwrap();
    let window = DateRange::new(first, last);
    eprintln!(
        "{} symbols, {} rows, {} to {}",
        symbols.len(),
        prices.height(),
        days_to_date(minerlens::model::date_to_days(first)),
        last
    );
    let mut group = c.benchmark_group("analysis_50x20y");
    group.sample_size(20);
    group.bench_function("align (split by symbol + as-of merge)", |b| {
        b.iter(|| black_box(Aligned::build(&prices, "BTC-USD").unwrap()))
    });
    let aligned = Aligned::build(&prices, "BTC-USD").unwrap();
    group.bench_function("window metrics", |b| {
        b.iter(|| black_box(divergence::analyze(&aligned, &symbols, window).unwrap()))
    });
    group.bench_function("rolling 30/60/90", |b| {
        b.iter(|| {
            for s in &symbols {
                for n in [30, 60, 90] {
                    black_box(rolling(aligned.get(s).unwrap(), window, n));
                }
            }
        })
    });
    group.bench_function("full: align + metrics + rolling 30/60/90", |b| {
        b.iter(|| {
            let aligned = Aligned::build(&prices, "BTC-USD").unwrap();
            let a = divergence::analyze(&aligned, &symbols, window).unwrap();
            for s in &symbols {
                for n in [30, 60, 90] {
                    black_box(rolling(aligned.get(s).unwrap(), window, n));
                }
            }
            black_box(a)
        })
    });
    group.finish();
}

criterion_group!(benches, full_analysis);
criterion_main!(benches);
