//! The deterministic generator of the bundled demo universe (`sample_data/prices`).
//!
//! The histories are synthetic. They are shaped like the public record: BTC-USD, twelve listed
//! Bitcoin miners and five AI-infrastructure stocks from 2021-01-04 to 2026-11-20, pinned at a
//! handful of anchor prices (the 2021 peak, the 2022 low, the 2024 highs ...) and calibrated to
//! early 2026: from the first trading day of 2026 to 2026-03-31 BTC-USD falls 17% while the five
//! strongest AI pivoters gain 50-70%.
//!
//! Between anchors, daily log returns are Student-t(5) draws (fat tails) scaled to a realistic
//! volatility (BTC about 45% a year, miners 70-110%). A miner's return is `b_btc * BTC's return
//! over the same interval + b_ai * the AI basket's return + an idiosyncratic draw`. For the AI
//! pivoters, during 2025 `b_btc` falls, `b_ai` rises from 0 to [`AI_BETA_LATE`] and the
//! idiosyncratic volatility rises, so they decouple from BTC and load on AI infrastructure (the
//! story the Exposure view tells, and the betas its tests recover). The AI basket is the
//! equal-weight mean of the factor stocks' log returns; each factor stock loads on one common
//! factor ([`factors`]). The announcement-day moves the deal ledger reports (APLD +48.46% on
//! 2025-06-02, WULF +59.52% on 2025-08-14 ...) are planted on day 0 as the event study defines
//! it. Each segment between two anchors is then bent into a Brownian bridge: a constant is added
//! to every return of the segment but the planted ones, so the path lands exactly on the next
//! anchor. Random numbers come from [`Rng`] with one stream per symbol, so the files are
//! reproducible byte for byte (`minerlens demo-data`).

use std::path::Path;

use chrono::NaiveDate;

use super::DataError;
use super::calendar::{calendar_days, nyse_trading_days};
use super::rng::Rng;
use super::yahoo_csv::{self, Bar};
use crate::model::date_to_days;
use crate::model::dates::ymd;

mod factors;
mod miners;

pub use factors::{AI_FACTOR_VOL, DEMO_FACTORS, DemoFactor};
pub use miners::{
    AI_BETA_LATE, BTC_ANCHORS, DEMO_MINERS, DemoSymbol, Loadings, PIVOT_END, PIVOT_START,
};

/// Seed of every stream; change it and every file changes.
pub const DEMO_SEED: u64 = 0x4D49_4E45_524C_454E; // "MINERLEN"
pub const DEMO_FIRST_DAY: NaiveDate = ymd(2021, 1, 4);
pub const DEMO_LAST_DAY: NaiveDate = ymd(2026, 11, 20);

/// BTC-USD daily volatility: 45% a year over 365 trading days.
const BTC_ANNUAL_VOL: f64 = 0.45;

/// Every demo symbol with its generated bars: BTC-USD, the miners, then the AI factor stocks.
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
    let btc_log = bridge(&btc_days, increments, BTC_ANCHORS, &[]);
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
    let (factor_bars, basket_move) = factor_stocks(&trading_days);
    let trading_epoch: Vec<i32> = trading_days.iter().map(|d| date_to_days(*d)).collect();
    let planted = planted_moves();
    let ai_vol = factors::basket_vol();

    let mut out = vec![("BTC-USD".to_owned(), btc_bars)];
    for miner in DEMO_MINERS {
        let mut rng = Rng::seed_from_label(DEMO_SEED, miner.symbol);
        let mut increments: Vec<f64> = trading_days
            .iter()
            .enumerate()
            .map(|(i, day)| {
                if i == 0 {
                    return 0.0;
                }
                let l = miner.loadings(*day, ai_vol);
                let btc_move = btc_on_trading[i] - btc_on_trading[i - 1];
                l.beta_btc * btc_move
                    + l.beta_ai * basket_move[i]
                    + l.idio_vol / 252f64.sqrt() * rng.student_t5()
            })
            .collect();
        // The announcement-day moves the sources report, kept exactly by the bridge.
        let mut fixed = vec![false; trading_days.len()];
        for (deal, pct) in planted.iter().filter(|(d, _)| d.symbol == miner.symbol) {
            let i = deal.day0_index(&trading_epoch);
            if i > 0 && i < increments.len() {
                increments[i] = (1.0 + pct / 100.0).ln();
                fixed[i] = true;
            }
        }
        let log = bridge(&trading_days, increments, miner.anchors, &fixed);
        let daily_vol = miner.idio_vol_early / 252f64.sqrt();
        let bars =
            bars_from_log_closes(&trading_days, &log, &mut rng, miner.volume, daily_vol, true);
        out.push((miner.symbol.to_owned(), bars));
    }
    out.extend(factor_bars);
    out
}

/// The ledger's deals with a reported day-0 move (a close-to-close figure from a source).
fn planted_moves() -> Vec<(crate::model::deals::Deal, f64)> {
    super::deals::bundled_ledger()
        .map(|l| {
            l.deals
                .into_iter()
                .filter_map(|d| d.reported_move_pct.map(|m| (d, m)))
                .collect()
        })
        .unwrap_or_default()
}

/// The factor stocks' bars and the equal-weight basket's log move on each trading day.
fn factor_stocks(days: &[NaiveDate]) -> (Vec<(String, Vec<Bar>)>, Vec<f64>) {
    let mut rng = Rng::seed_from_label(DEMO_SEED, "AI-FACTOR");
    let factor: Vec<f64> = (0..days.len())
        .map(|i| {
            if i == 0 {
                0.0
            } else {
                factors::AI_FACTOR_VOL / 252f64.sqrt() * rng.student_t5()
            }
        })
        .collect();
    let mut basket = vec![0.0; days.len()];
    let mut out = Vec::new();
    for f in DEMO_FACTORS {
        let mut rng = Rng::seed_from_label(DEMO_SEED, f.symbol);
        let increments: Vec<f64> = factor
            .iter()
            .map(|x| f.beta_factor * x + f.idio_vol / 252f64.sqrt() * rng.student_t5())
            .enumerate()
            .map(|(i, x)| if i == 0 { 0.0 } else { x })
            .collect();
        let log = bridge(days, increments, f.anchors, &[]);
        for i in 1..days.len() {
            basket[i] += (log[i] - log[i - 1]) / DEMO_FACTORS.len() as f64;
        }
        let daily_vol = f.idio_vol / 252f64.sqrt();
        let bars = bars_from_log_closes(days, &log, &mut rng, f.volume, daily_vol, true);
        out.push((f.symbol.to_owned(), bars));
    }
    (out, basket)
}

/// Turns increments into log prices that pass exactly through the anchors (Brownian bridge):
/// within each segment a constant is added to every increment but the `fixed` ones (planted
/// moves; an empty mask fixes none). Anchor dates map to the first day on or after them.
fn bridge(
    days: &[NaiveDate],
    mut increments: Vec<f64>,
    anchors: &[(NaiveDate, f64)],
    fixed: &[bool],
) -> Vec<f64> {
    let is_fixed = |i: usize| fixed.get(i).copied().unwrap_or(false);
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
        let free = (a + 1..=b).filter(|i| !is_fixed(*i)).count();
        if free == 0 {
            continue;
        }
        let fix = ((lb - la) - drift) / free as f64;
        for (i, x) in increments.iter_mut().enumerate().take(b + 1).skip(a + 1) {
            if !is_fixed(i) {
                *x += fix;
            }
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
        let log = bridge(&days, inc, &anchors, &[]);
        assert!((log[0].exp() - 100.0).abs() < 1e-9);
        assert!((log[9].exp() - 80.0).abs() < 1e-9);
        assert!((log[30].exp() - 120.0).abs() < 1e-9);
    }

    #[test]
    fn pivot_loadings_move_linearly_through_2025() {
        let iren = DEMO_MINERS.iter().find(|m| m.symbol == "IREN").unwrap();
        let at = |m: &DemoSymbol, y, mo, d| m.loadings(ymd(y, mo, d), factors::basket_vol());
        let before = at(iren, 2024, 6, 1);
        assert_eq!(
            (before.beta_btc, before.beta_ai, before.idio_vol),
            (1.50, 0.0, 0.60)
        );
        let after = at(iren, 2026, 2, 1);
        assert_eq!((after.beta_btc, after.beta_ai), (0.60, AI_BETA_LATE));
        // The AI factor's variance comes out of the idiosyncratic part: total volatility holds.
        let total =
            (after.idio_vol.powi(2) + (AI_BETA_LATE * factors::basket_vol()).powi(2)).sqrt();
        assert!((total - 0.85).abs() < 1e-12, "{total}");
        let mid = at(iren, 2025, 7, 2);
        assert!(mid.beta_btc > 0.6 && mid.beta_btc < 1.5);
        assert!(mid.beta_ai > 0.3 && mid.beta_ai < 0.7);
        let mara = DEMO_MINERS.iter().find(|m| m.symbol == "MARA").unwrap();
        let m = at(mara, 2026, 2, 1);
        assert_eq!((m.beta_btc, m.beta_ai, m.idio_vol), (1.55, 0.0, 0.55));
    }

    #[test]
    fn planted_days_keep_their_move_through_the_bridge() {
        let days = calendar_days(ymd(2024, 1, 1), ymd(2024, 1, 11));
        let mut inc = vec![0.0; days.len()];
        inc[5] = 0.4;
        let mut fixed = vec![false; days.len()];
        fixed[5] = true;
        let anchors = [(ymd(2024, 1, 1), 100.0), (ymd(2024, 1, 11), 100.0)];
        let log = bridge(&days, inc, &anchors, &fixed);
        assert!((log[5] - log[4] - 0.4).abs() < 1e-12);
        assert!((log[10].exp() - 100.0).abs() < 1e-9);
    }
}
