//! The deterministic generator of the bundled demo universe (`sample_data/prices`).
//!
//! The histories are synthetic. They are shaped like the public record: BTC-USD and twelve listed
//! Bitcoin miners from 2021-01-04 to 2026-11-20, pinned at a handful of anchor prices (the 2021
//! peak, the 2022 low, the 2024 highs ...) and calibrated to early 2026: from the first trading day
//! of 2026 to 2026-03-31 BTC-USD falls 17% while the five strongest AI pivoters gain 50-70%.
//!
//! Between anchors, daily log returns are Student-t(5) draws (fat tails) scaled to a realistic
//! volatility (BTC about 45% a year, miners 70-110%). A miner's return is `beta * BTC's return over
//! the same interval + an idiosyncratic draw`; for the AI pivoters beta falls and idiosyncratic
//! volatility rises during 2025, so their correlation to BTC weakens. Each segment between two
//! anchors is then bent into a Brownian bridge: a constant is added to every return of the segment
//! so the path lands exactly on the next anchor. Random numbers come from [`Rng`] with one stream
//! per symbol, so the files are reproducible byte for byte (`minerlens demo-data`).

use std::path::Path;

use chrono::NaiveDate;

use super::DataError;
use super::calendar::{calendar_days, nyse_trading_days};
use super::rng::Rng;
use super::yahoo_csv::{self, Bar};
use crate::model::dates::ymd;

/// Seed of every stream; change it and every file changes.
pub const DEMO_SEED: u64 = 0x4D49_4E45_524C_454E; // "MINERLEN"
pub const DEMO_FIRST_DAY: NaiveDate = ymd(2021, 1, 4);
pub const DEMO_LAST_DAY: NaiveDate = ymd(2026, 11, 20);

/// When the AI pivoters' link to BTC starts to weaken, and when the change is complete.
const PIVOT_START: NaiveDate = ymd(2025, 1, 1);
const PIVOT_END: NaiveDate = ymd(2025, 12, 31);

/// BTC-USD daily volatility: 45% a year over 365 trading days.
const BTC_ANNUAL_VOL: f64 = 0.45;

/// One demo symbol and the shape of its history.
#[derive(Clone, Debug)]
pub struct DemoSymbol {
    pub symbol: &'static str,
    pub name: &'static str,
    /// Whether the company is turning its sites into AI/HPC data centers.
    pub ai_pivot: bool,
    /// Beta to BTC before the pivot (and throughout, for pure-play miners).
    pub beta_early: f64,
    /// Beta to BTC once the pivot is complete.
    pub beta_late: f64,
    /// Annualized idiosyncratic volatility before and after the pivot.
    pub idio_vol_early: f64,
    pub idio_vol_late: f64,
    /// Typical daily share volume.
    pub volume: f64,
    /// Closing prices the path is pinned to (the first is the start price).
    pub anchors: &'static [(NaiveDate, f64)],
}

/// BTC-USD anchors: roughly the public record's turning points, then the early-2026 story
/// (2026-01-02 to 2026-03-31: exactly -17%).
pub const BTC_ANCHORS: &[(NaiveDate, f64)] = &[
    (ymd(2021, 1, 4), 31_900.0),
    (ymd(2021, 4, 13), 63_500.0),
    (ymd(2021, 7, 20), 29_800.0),
    (ymd(2021, 11, 8), 67_500.0),
    (ymd(2022, 6, 18), 19_000.0),
    (ymd(2022, 11, 21), 15_800.0),
    (ymd(2023, 6, 15), 25_100.0),
    (ymd(2023, 12, 31), 42_300.0),
    (ymd(2024, 3, 13), 73_000.0),
    (ymd(2024, 8, 5), 54_000.0),
    (ymd(2024, 12, 17), 106_000.0),
    (ymd(2025, 4, 8), 76_300.0),
    (ymd(2025, 10, 6), 124_700.0),
    (ymd(2025, 11, 21), 85_000.0),
    (ymd(2026, 1, 2), 90_000.0),
    (ymd(2026, 3, 31), 74_700.0),
    (ymd(2026, 6, 30), 71_000.0),
    (ymd(2026, 11, 20), 91_500.0),
];

const Q1_START: NaiveDate = ymd(2026, 1, 2);
const Q1_END: NaiveDate = ymd(2026, 3, 31);

macro_rules! miner {
    ($sym:expr, $name:expr, $pivot:expr, $b0:expr, $b1:expr, $i0:expr, $i1:expr, $vol:expr,
     [$p0:expr, $peak:expr, $low:expr, $mar24:expr, $jun25:expr, $jan26:expr, $q1:expr, $end:expr]) => {
        DemoSymbol {
            symbol: $sym,
            name: $name,
            ai_pivot: $pivot,
            beta_early: $b0,
            beta_late: $b1,
            idio_vol_early: $i0,
            idio_vol_late: $i1,
            volume: $vol,
            anchors: &[
                (ymd(2021, 1, 4), $p0),
                (ymd(2021, 11, 9), $peak),
                (ymd(2022, 12, 28), $low),
                (ymd(2024, 3, 8), $mar24),
                (ymd(2025, 6, 30), $jun25),
                (Q1_START, $jan26),
                (Q1_END, $jan26 * (1.0 + $q1 / 100.0)),
                (ymd(2026, 11, 20), $end),
            ],
        }
    };
}

/// The twelve miners. Q1 2026 returns (the 7th number) are the calibration targets.
pub const DEMO_MINERS: &[DemoSymbol] = &[
    miner!(
        "MARA",
        "MARA Holdings",
        false,
        1.55,
        1.55,
        0.55,
        0.55,
        45.0e6,
        [10.5, 76.0, 3.2, 26.0, 15.7, 11.0, -20.0, 12.1]
    ),
    miner!(
        "RIOT",
        "Riot Platforms",
        false,
        1.50,
        1.50,
        0.55,
        0.55,
        25.0e6,
        [17.5, 45.0, 3.1, 14.5, 11.3, 13.5, -12.0, 14.2]
    ),
    miner!(
        "CLSK",
        "CleanSpark",
        false,
        1.60,
        1.60,
        0.60,
        0.60,
        22.0e6,
        [13.0, 22.0, 1.9, 20.0, 11.5, 11.0, -15.0, 12.6]
    ),
    miner!(
        "CORZ",
        "Core Scientific",
        true,
        1.45,
        0.55,
        0.60,
        0.80,
        12.0e6,
        [10.0, 14.0, 1.2, 3.5, 17.0, 16.0, 51.0, 22.5]
    ),
    miner!(
        "IREN",
        "IREN",
        true,
        1.50,
        0.60,
        0.60,
        0.85,
        15.0e6,
        [18.0, 35.0, 1.3, 6.5, 14.5, 38.0, 68.0, 58.0]
    ),
    miner!(
        "CIFR",
        "Cipher Mining",
        true,
        1.45,
        0.55,
        0.60,
        0.85,
        10.0e6,
        [10.0, 9.0, 0.7, 4.5, 4.8, 15.0, 62.0, 21.0]
    ),
    miner!(
        "HUT",
        "Hut 8",
        true,
        1.40,
        0.80,
        0.55,
        0.70,
        4.0e6,
        [12.0, 55.0, 4.5, 11.0, 18.5, 40.0, -4.0, 44.0]
    ),
    miner!(
        "WULF",
        "TeraWulf",
        true,
        1.50,
        0.55,
        0.65,
        0.85,
        20.0e6,
        [4.0, 18.0, 0.6, 2.9, 4.3, 12.0, 57.0, 16.0]
    ),
    miner!(
        "BITF",
        "Bitfarms",
        false,
        1.55,
        1.55,
        0.60,
        0.60,
        18.0e6,
        [2.3, 7.3, 0.4, 2.9, 1.3, 2.6, -25.0, 2.8]
    ),
    miner!(
        "HIVE",
        "HIVE Digital Technologies",
        false,
        1.50,
        1.50,
        0.60,
        0.60,
        6.0e6,
        [11.0, 17.0, 2.2, 4.3, 1.8, 3.1, -22.0, 3.3]
    ),
    miner!(
        "BTDR",
        "Bitdeer Technologies",
        false,
        1.35,
        1.35,
        0.60,
        0.60,
        5.0e6,
        [10.0, 12.0, 9.0, 7.0, 11.5, 12.0, -10.0, 13.0]
    ),
    miner!(
        "APLD",
        "Applied Digital",
        true,
        1.30,
        0.50,
        0.65,
        0.90,
        14.0e6,
        [3.0, 12.0, 1.3, 5.5, 6.5, 26.0, 54.0, 33.0]
    ),
];

/// Every demo symbol with its generated bars, BTC-USD first.
pub fn generate() -> Vec<(String, Vec<Bar>)> {
    let btc_days = calendar_days(DEMO_FIRST_DAY, DEMO_LAST_DAY);
    let mut rng = Rng::seed_from_label(DEMO_SEED, "BTC-USD");
    let daily_vol = BTC_ANNUAL_VOL / 365f64.sqrt();
    let increments: Vec<f64> = (0..btc_days.len())
        .map(|i| {
            if i == 0 {
                0.0
            } else {
                daily_vol * rng.student_t5()
            }
        })
        .collect();
    let btc_log = bridge(&btc_days, increments, BTC_ANCHORS);
    let btc_bars = bars_from_log_closes(&btc_days, &btc_log, &mut rng, 35.0e9, daily_vol, false);

    let trading_days = nyse_trading_days(DEMO_FIRST_DAY, DEMO_LAST_DAY);
    // BTC's log close on each trading day (BTC trades every day, so this is an exact lookup).
    let btc_on_trading: Vec<f64> = trading_days
        .iter()
        .map(|d| {
            let i = btc_days.partition_point(|x| x < d);
            btc_log.get(i).copied().unwrap_or(0.0)
        })
        .collect();

    let mut out = vec![("BTC-USD".to_owned(), btc_bars)];
    for miner in DEMO_MINERS {
        let mut rng = Rng::seed_from_label(DEMO_SEED, miner.symbol);
        let increments: Vec<f64> = trading_days
            .iter()
            .enumerate()
            .map(|(i, day)| {
                if i == 0 {
                    return 0.0;
                }
                let (beta, idio) = miner.loadings(*day);
                let btc_move = btc_on_trading[i] - btc_on_trading[i - 1];
                beta * btc_move + idio / 252f64.sqrt() * rng.student_t5()
            })
            .collect();
        let log = bridge(&trading_days, increments, miner.anchors);
        let daily_vol = miner.idio_vol_early / 252f64.sqrt();
        let bars =
            bars_from_log_closes(&trading_days, &log, &mut rng, miner.volume, daily_vol, true);
        out.push((miner.symbol.to_owned(), bars));
    }
    out
}

impl DemoSymbol {
    /// Beta and annual idiosyncratic volatility on a date.
    fn loadings(&self, day: NaiveDate) -> (f64, f64) {
        if !self.ai_pivot || day <= PIVOT_START {
            return (self.beta_early, self.idio_vol_early);
        }
        let t = if day >= PIVOT_END {
            1.0
        } else {
            (day - PIVOT_START).num_days() as f64 / (PIVOT_END - PIVOT_START).num_days() as f64
        };
        (
            self.beta_early + t * (self.beta_late - self.beta_early),
            self.idio_vol_early + t * (self.idio_vol_late - self.idio_vol_early),
        )
    }
}

/// Turns increments into log prices that pass exactly through the anchors (Brownian bridge):
/// within each segment a constant is added to every increment. Anchor dates map to the first
/// day on or after them.
fn bridge(days: &[NaiveDate], mut increments: Vec<f64>, anchors: &[(NaiveDate, f64)]) -> Vec<f64> {
    let points: Vec<(usize, f64)> = anchors
        .iter()
        .map(|(d, p)| (days.partition_point(|x| x < d).min(days.len() - 1), p.ln()))
        .collect();
    for pair in points.windows(2) {
        let [(a, la), (b, lb)] = [pair[0], pair[1]];
        if b <= a {
            continue;
        }
        let drift: f64 = increments[a + 1..=b].iter().sum();
        let fix = ((lb - la) - drift) / (b - a) as f64;
        for x in &mut increments[a + 1..=b] {
            *x += fix;
        }
    }
    let mut level = points.first().map(|p| p.1).unwrap_or(0.0);
    let mut out = Vec::with_capacity(increments.len());
    for (i, x) in increments.iter().enumerate() {
        if i > 0 {
            level += x;
        }
        out.push(level);
    }
    // The last segment may end before the last day; it then simply continues the random walk.
    out
}

/// Open, high, low and volume around a path of log closes.
fn bars_from_log_closes(
    days: &[NaiveDate],
    log_closes: &[f64],
    rng: &mut Rng,
    base_volume: f64,
    daily_vol: f64,
    gaps: bool,
) -> Vec<Bar> {
    let mut bars = Vec::with_capacity(days.len());
    let mut prev_close = libm::exp(log_closes.first().copied().unwrap_or(0.0));
    for (i, (day, log_close)) in days.iter().zip(log_closes).enumerate() {
        let close = libm::exp(*log_close);
        let gap = if gaps {
            0.25 * daily_vol * rng.normal()
        } else {
            0.0
        };
        let open = if i == 0 {
            close * libm::exp(gap)
        } else {
            prev_close * libm::exp(gap)
        };
        let high = open.max(close) * libm::exp(0.35 * daily_vol * rng.normal().abs());
        let low = open.min(close) * libm::exp(-0.35 * daily_vol * rng.normal().abs());
        let move_size = (log_close - libm::log(prev_close)).abs();
        let volume =
            (base_volume * libm::exp(0.35 * rng.normal()) * (1.0 + 8.0 * move_size)).round();
        bars.push(Bar {
            date: *day,
            open,
            high,
            low,
            close,
            adj_close: close,
            volume,
        });
        prev_close = close;
    }
    bars
}

/// The demo files as (file name, contents), in Yahoo CSV format.
pub fn demo_files() -> Vec<(String, String)> {
    generate()
        .into_iter()
        .map(|(symbol, bars)| (format!("{symbol}.csv"), yahoo_csv::write(&bars)))
        .collect()
}

/// Writes the demo files into `dir` (created if needed). Returns the paths written.
pub fn write_demo_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, DataError> {
    std::fs::create_dir_all(dir).map_err(|e| DataError::io(dir, e))?;
    let mut written = Vec::new();
    for (name, contents) in demo_files() {
        let path = dir.join(name);
        std::fs::write(&path, contents).map_err(|e| DataError::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// A random universe for benchmarks and scale tests: BTC-USD on every calendar day and
/// `stocks` symbols (`S00`, `S01` ...) on NYSE trading days over `years` years ending on
/// 2025-12-31, with the demo generator's return model (no anchors).
pub fn random_universe(stocks: usize, years: i32) -> Result<super::PriceFrame, DataError> {
    use super::prices::{PriceFrame, PriceRows};
    let last = ymd(2025, 12, 31);
    let first = NaiveDate::from_ymd_opt(2025 - years + 1, 1, 1).unwrap_or(last);
    let days = calendar_days(first, last);
    let mut rng = Rng::seed_from_label(DEMO_SEED, "random-universe");
    let mut level = (40_000f64).ln();
    let mut btc = PriceRows::with_capacity(days.len());
    let daily = BTC_ANNUAL_VOL / 365f64.sqrt();
    let mut btc_log = Vec::with_capacity(days.len());
    for d in &days {
        level += daily * rng.student_t5();
        btc_log.push(level);
        btc.push(*d, libm::exp(level), Some(libm::exp(level)), Some(1e9));
    }
    let mut frames = vec![PriceFrame::from_rows("BTC-USD", "random", &btc)?];
    let trading = nyse_trading_days(first, last);
    for k in 0..stocks {
        let symbol = format!("S{k:02}");
        let mut rng = Rng::seed_from_label(DEMO_SEED, &symbol);
        let beta = 0.5 + rng.uniform() * 1.5;
        let mut rows = PriceRows::with_capacity(trading.len());
        let mut price = (10.0 + 90.0 * rng.uniform()).ln();
        let mut prev_btc: Option<f64> = None;
        for d in &trading {
            let i = days.partition_point(|x| x < d);
            let b = btc_log.get(i).copied().unwrap_or(level);
            if let Some(pb) = prev_btc {
                price += beta * (b - pb) + 0.6 / 252f64.sqrt() * rng.student_t5();
            }
            prev_btc = Some(b);
            rows.push(*d, libm::exp(price), None, Some(1e6));
        }
        frames.push(PriceFrame::from_rows(&symbol, "random", &rows)?);
    }
    PriceFrame::concat(frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bridge_hits_every_anchor() {
        let days = calendar_days(ymd(2024, 1, 1), ymd(2024, 1, 31));
        let inc = vec![0.01; days.len()];
        let anchors = [
            (ymd(2024, 1, 1), 100.0),
            (ymd(2024, 1, 10), 80.0),
            (ymd(2024, 1, 31), 120.0),
        ];
        let log = bridge(&days, inc, &anchors);
        assert!((log[0].exp() - 100.0).abs() < 1e-9);
        assert!((log[9].exp() - 80.0).abs() < 1e-9);
        assert!((log[30].exp() - 120.0).abs() < 1e-9);
    }

    #[test]
    fn pivot_loadings_move_linearly_through_2025() {
        let iren = DEMO_MINERS.iter().find(|m| m.symbol == "IREN").unwrap();
        assert_eq!(iren.loadings(ymd(2024, 6, 1)), (1.50, 0.60));
        assert_eq!(iren.loadings(ymd(2026, 2, 1)), (0.60, 0.85));
        let (beta, _) = iren.loadings(ymd(2025, 7, 2));
        assert!(beta > 0.6 && beta < 1.5);
        let mara = DEMO_MINERS.iter().find(|m| m.symbol == "MARA").unwrap();
        assert_eq!(mara.loadings(ymd(2026, 2, 1)), (1.55, 0.55));
    }
}
