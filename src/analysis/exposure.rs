//! Market-implied exposure: does the market price a miner like BTC or like AI infrastructure?
//!
//! Two-factor OLS on simple daily returns, per symbol:
//! `R_i = a + b_btc R_btc + b_ai R_ai + e`. `R_btc` is the benchmark's return as the analysis
//! aligns it (its last close on or before each of the stock's dates, carried a few days at
//! most). `R_ai` is the AI-infrastructure factor: the mean of the simple returns of the factor
//! symbols between the same two dates (an equal-weight basket rebalanced daily), each sampled on
//! the stock's dates the same way; a date counts when the stock, the benchmark and at least one
//! factor symbol have returns.
//!
//! Reported: the coefficients with standard errors and t-statistics (`s² = SSR / (n - 3)`), R²,
//! the one-factor R² on BTC alone and on the factor alone, and the Shapley split of R² between
//! the two factors: `share_btc = (R²_btc + (R² - R²_ai)) / 2`, `share_ai = (R²_ai + (R² -
//! R²_btc)) / 2` (they add up to R²; shown as percentages of the explained variance). Rolling
//! fits over the last N returns update ten running sums per step instead of refitting.

use serde::Serialize;

use super::AnalysisError;
use super::align::Aligned;
use crate::model::dates::AsOfCursor;
use crate::model::{DateRange, date_to_days, days_to_date};

/// The AI-infrastructure basket offered by default (whichever of them are loaded).
pub const DEFAULT_FACTORS: [&str; 5] = ["NVDA", "AMD", "AVGO", "VRT", "SMH"];

/// The AI factor's stocks: those chosen, else the default ones.
pub fn factors_or_default(chosen: &[String]) -> Vec<String> {
    if chosen.is_empty() {
        DEFAULT_FACTORS.iter().map(|s| (*s).to_owned()).collect()
    } else {
        chosen.to_vec()
    }
}

/// The symbols that are not reference stocks of the AI factor (the default ones and the
/// `factors` a portfolio chose): the miners, or all of them when that leaves none (a universe
/// of AI stocks only).
pub fn miners_only(symbols: Vec<String>, factors: &[String]) -> Vec<String> {
    let miners: Vec<String> = symbols
        .iter()
        .filter(|s| !DEFAULT_FACTORS.contains(&s.as_str()) && !factors.contains(s))
        .cloned()
        .collect();
    if miners.is_empty() { symbols } else { miners }
}
/// Rolling windows offered, in returns.
pub const ROLLING_WINDOWS: [usize; 3] = [60, 120, 250];
/// Fewer returns than this make no two-factor fit.
pub const MIN_RETURNS: usize = 20;

/// One two-factor fit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Fit {
    pub n: usize,
    pub alpha: f64,
    pub beta_btc: f64,
    pub beta_ai: f64,
    pub se_alpha: f64,
    pub se_beta_btc: f64,
    pub se_beta_ai: f64,
    pub t_alpha: f64,
    pub t_beta_btc: f64,
    pub t_beta_ai: f64,
    pub r2: f64,
    pub r2_btc_only: f64,
    pub r2_ai_only: f64,
    /// Shapley shares of the explained variance, in percent of R² (they add up to 100).
    pub share_btc_pct: f64,
    pub share_ai_pct: f64,
}

/// The sums a fit needs; adding and removing observations keeps them current.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sums {
    n: f64,
    x1: f64,
    x2: f64,
    y: f64,
    x1x1: f64,
    x2x2: f64,
    x1x2: f64,
    x1y: f64,
    x2y: f64,
    yy: f64,
}

impl Sums {
    pub fn add(&mut self, y: f64, x1: f64, x2: f64, sign: f64) {
        self.n += sign;
        self.x1 += sign * x1;
        self.x2 += sign * x2;
        self.y += sign * y;
        self.x1x1 += sign * x1 * x1;
        self.x2x2 += sign * x2 * x2;
        self.x1x2 += sign * x1 * x2;
        self.x1y += sign * x1 * y;
        self.x2y += sign * x2 * y;
        self.yy += sign * y * y;
    }

    /// The fit of the observations summed; `None` with fewer than 4 or collinear factors.
    pub fn fit(&self) -> Option<Fit> {
        let n = self.n;
        if n < 4.0 {
            return None;
        }
        let (m1, m2, my) = (self.x1 / n, self.x2 / n, self.y / n);
        let s11 = self.x1x1 - self.x1 * m1;
        let s22 = self.x2x2 - self.x2 * m2;
        let s12 = self.x1x2 - self.x1 * m2;
        let s1y = self.x1y - self.x1 * my;
        let s2y = self.x2y - self.x2 * my;
        let syy = self.yy - self.y * my;
        let det = s11 * s22 - s12 * s12;
        // NaN sums fail the comparison too.
        if det.partial_cmp(&(1e-12 * s11 * s22)) != Some(std::cmp::Ordering::Greater) || syy <= 0.0
        {
            return None;
        }
        let b1 = (s22 * s1y - s12 * s2y) / det;
        let b2 = (s11 * s2y - s12 * s1y) / det;
        let a = my - b1 * m1 - b2 * m2;
        let ssr = (syy - b1 * s1y - b2 * s2y).max(0.0);
        let s2 = ssr / (n - 3.0);
        let se_b1 = (s2 * s22 / det).sqrt();
        let se_b2 = (s2 * s11 / det).sqrt();
        let quad = (m1 * m1 * s22 - 2.0 * m1 * m2 * s12 + m2 * m2 * s11) / det;
        let se_a = (s2 * (1.0 / n + quad)).sqrt();
        let r2 = 1.0 - ssr / syy;
        let r2_btc = s1y * s1y / (s11 * syy);
        let r2_ai = s2y * s2y / (s22 * syy);
        let share_btc = (r2_btc + (r2 - r2_ai)) / 2.0;
        let share_ai = (r2_ai + (r2 - r2_btc)) / 2.0;
        let pct = |v: f64| if r2 > 0.0 { v / r2 * 100.0 } else { 0.0 };
        Some(Fit {
            n: n.round() as usize,
            alpha: a,
            beta_btc: b1,
            beta_ai: b2,
            se_alpha: se_a,
            se_beta_btc: se_b1,
            se_beta_ai: se_b2,
            t_alpha: a / se_a,
            t_beta_btc: b1 / se_b1,
            t_beta_ai: b2 / se_b2,
            r2,
            r2_btc_only: r2_btc,
            r2_ai_only: r2_ai,
            share_btc_pct: pct(share_btc),
            share_ai_pct: pct(share_ai),
        })
    }
}

/// The returns one symbol's fit uses: the dates (of the later price) and the three returns,
/// complete rows only, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Observations {
    pub days: Vec<i32>,
    pub y: Vec<f64>,
    pub btc: Vec<f64>,
    pub ai: Vec<f64>,
}

impl Observations {
    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// The fit over the observations whose date is in `window`.
    pub fn fit_in(&self, window: DateRange) -> Option<Fit> {
        let r = crate::model::dates::within(
            &self.days,
            &date_to_days(window.from),
            &date_to_days(window.to),
            |d| *d,
        );
        let mut s = Sums::default();
        for i in r {
            s.add(self.y[i], self.btc[i], self.ai[i], 1.0);
        }
        s.fit()
    }

    /// Rolling fits over the last `n` observations ending on each date (from the `n`-th on),
    /// by updated sums: one add and one remove per step.
    pub fn rolling(&self, n: usize) -> Vec<(i32, Fit)> {
        let mut out = Vec::with_capacity(self.len().saturating_sub(n) + 1);
        let mut s = Sums::default();
        for i in 0..self.len() {
            s.add(self.y[i], self.btc[i], self.ai[i], 1.0);
            if i >= n {
                let j = i - n;
                s.add(self.y[j], self.btc[j], self.ai[j], -1.0);
            }
            if i + 1 >= n
                && let Some(f) = s.fit()
            {
                out.push((self.days[i], f));
            }
        }
        out
    }
}

/// A factor symbol's prices sampled on `days` (its last close on or before, within the carry).
fn sample_on(days: &[i32], on_days: &[i32], prices: &[f64], max_carry: i32) -> Vec<Option<f64>> {
    let mut cursor = AsOfCursor::new(on_days);
    days.iter()
        .map(|d| {
            cursor
                .at(d)
                .filter(|&i| i64::from(*d) - i64::from(on_days[i]) <= i64::from(max_carry))
                .map(|i| prices[i])
        })
        .collect()
}

/// The observations of `symbol` against the benchmark of `aligned` and the factor basket, over
/// its whole history (rolling fits use returns before a window, like the rolling beta).
pub fn observations(
    aligned: &Aligned,
    symbol: &str,
    factors: &[String],
) -> Result<Observations, AnalysisError> {
    let s = aligned.get(symbol)?;
    let sampled: Vec<Vec<Option<f64>>> = factors
        .iter()
        .map(|f| {
            let fs = aligned.get(f)?;
            Ok(sample_on(
                &s.days,
                &fs.days,
                &fs.prices,
                aligned.max_carry_days,
            ))
        })
        .collect::<Result<_, AnalysisError>>()?;
    let mut out = Observations::default();
    for i in 1..s.days.len() {
        let (Some(b0), Some(b1)) = (s.benchmark[i - 1], s.benchmark[i]) else {
            continue;
        };
        let (mut sum, mut count) = (0.0, 0usize);
        for f in &sampled {
            if let (Some(p0), Some(p1)) = (f[i - 1], f[i]) {
                sum += p1 / p0 - 1.0;
                count += 1;
            }
        }
        if count == 0 {
            continue;
        }
        out.days.push(s.days[i]);
        out.y.push(s.prices[i] / s.prices[i - 1] - 1.0);
        out.btc.push(b1 / b0 - 1.0);
        out.ai.push(sum / count as f64);
    }
    Ok(out)
}

/// One symbol's exposure over the window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExposureRow {
    pub symbol: String,
    #[serde(flatten)]
    pub fit: Fit,
    pub first_date: chrono::NaiveDate,
    pub last_date: chrono::NaiveDate,
}

/// The window figures of every symbol, and those that could not be fitted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exposure {
    pub benchmark: String,
    pub factors: Vec<String>,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub rows: Vec<ExposureRow>,
    /// Symbols left out, with the reason (too few returns in the window).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

/// Fits every symbol over `window`; factor symbols that are not loaded are an error.
pub fn exposure(
    aligned: &Aligned,
    symbols: &[String],
    factors: &[String],
    window: DateRange,
) -> Result<Exposure, AnalysisError> {
    for f in factors {
        if !aligned.series.contains_key(f) {
            return Err(AnalysisError::UnknownSymbol(format!(
                "{f} (a factor symbol): fetch it (minerlens fetch {f}) or pick other factors"
            )));
        }
    }
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for symbol in symbols {
        let obs = observations(aligned, symbol, factors)?;
        let in_window = crate::model::dates::within(
            &obs.days,
            &date_to_days(window.from),
            &date_to_days(window.to),
            |d| *d,
        );
        let n = in_window.len();
        let fit = (n >= MIN_RETURNS).then(|| obs.fit_in(window)).flatten();
        match fit {
            Some(fit) => rows.push(ExposureRow {
                symbol: symbol.clone(),
                fit,
                first_date: days_to_date(obs.days[in_window.start]),
                last_date: days_to_date(obs.days[in_window.end - 1]),
            }),
            None => skipped.push(format!(
                "{symbol}: {n} returns with the benchmark and the factor between {} and {}; at \
                 least {MIN_RETURNS} are needed",
                window.from, window.to
            )),
        }
    }
    Ok(Exposure {
        benchmark: aligned.benchmark.clone(),
        factors: factors.to_vec(),
        from: window.from,
        to: window.to,
        rows,
        skipped,
    })
}

/// Per symbol, its rolling fits (day, fit).
pub type RollingFits = Vec<(String, Vec<(i32, Fit)>)>;

/// Per symbol, its rolling fits over `n` returns that end inside `window` (each fit uses the
/// `n` returns up to its day, so the first days of the window use returns before it). Symbols
/// whose history is shorter than `n` returns get an empty list.
pub fn rolling_in_window(
    aligned: &Aligned,
    symbols: &[String],
    factors: &[String],
    n: usize,
    window: DateRange,
) -> Result<RollingFits, AnalysisError> {
    let (from, to) = (date_to_days(window.from), date_to_days(window.to));
    symbols
        .iter()
        .map(|symbol| {
            let obs = observations(aligned, symbol, factors)?;
            let fits = obs
                .rolling(n)
                .into_iter()
                .filter(|(day, _)| (from..=to).contains(day))
                .collect();
            Ok((symbol.clone(), fits))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normal equations solved by Gaussian elimination, written here independently.
    fn ols(y: &[f64], x1: &[f64], x2: &[f64]) -> [f64; 3] {
        let n = y.len();
        let cols = [vec![1.0; n], x1.to_vec(), x2.to_vec()];
        let mut m = [[0.0; 4]; 3];
        for r in 0..3 {
            for c in 0..3 {
                m[r][c] = (0..n).map(|i| cols[r][i] * cols[c][i]).sum();
            }
            m[r][3] = (0..n).map(|i| cols[r][i] * y[i]).sum();
        }
        for p in 0..3 {
            let piv = m[p][p];
            for v in &mut m[p][p..] {
                *v /= piv;
            }
            let pivot_row = m[p];
            for (r, row) in m.iter_mut().enumerate() {
                if r != p {
                    let f = row[p];
                    for (v, pv) in row[p..].iter_mut().zip(&pivot_row[p..]) {
                        *v -= f * pv;
                    }
                }
            }
        }
        [m[0][3], m[1][3], m[2][3]]
    }

    fn sample(n: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let mut rng = crate::data::rng::Rng::seed_from(11);
        let mut y = Vec::new();
        let mut x1 = Vec::new();
        let mut x2 = Vec::new();
        for i in 0..n {
            let b = 0.03 * rng.normal();
            let a = 0.02 * rng.normal() + 0.3 * b;
            let beta_btc = 1.5 - i as f64 / n as f64;
            y.push(0.001 + beta_btc * b + 0.8 * a + 0.02 * rng.normal());
            x1.push(b);
            x2.push(a);
        }
        (y, x1, x2)
    }

    #[test]
    fn the_fit_matches_the_normal_equations_and_the_shares_add_up() {
        let (y, x1, x2) = sample(500);
        let mut s = Sums::default();
        for i in 0..y.len() {
            s.add(y[i], x1[i], x2[i], 1.0);
        }
        let f = s.fit().unwrap();
        let [a, b1, b2] = ols(&y, &x1, &x2);
        assert!((f.alpha - a).abs() < 1e-12);
        assert!((f.beta_btc - b1).abs() < 1e-10);
        assert!((f.beta_ai - b2).abs() < 1e-10);
        assert!((f.share_btc_pct + f.share_ai_pct - 100.0).abs() < 1e-9);
        assert!(f.r2 >= f.r2_btc_only && f.r2 >= f.r2_ai_only);
    }

    #[test]
    fn rolling_equals_refitting_each_window() {
        let (y, x1, x2) = sample(700);
        let obs = Observations {
            days: (0..700).collect(),
            y: y.clone(),
            btc: x1.clone(),
            ai: x2.clone(),
        };
        for n in ROLLING_WINDOWS {
            let rolled = obs.rolling(n);
            assert_eq!(rolled.len(), 700 - n + 1);
            for (k, (day, f)) in rolled.iter().enumerate() {
                assert_eq!(*day, (k + n - 1) as i32);
                let [a, b1, b2] = ols(&y[k..k + n], &x1[k..k + n], &x2[k..k + n]);
                assert!((f.alpha - a).abs() < 1e-9, "{n} {k}");
                assert!((f.beta_btc - b1).abs() < 1e-9, "{n} {k}");
                assert!((f.beta_ai - b2).abs() < 1e-9, "{n} {k}");
            }
        }
    }
}
