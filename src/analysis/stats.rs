//! The statistics of the methodology as plain functions on slices. Two-pass formulas (mean first,
//! then centred sums), the way numpy and pandas compute them.

/// Why a statistic is null.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NullReason {
    /// Fewer observations than the statistic needs.
    TooFew { needed: usize, got: usize },
    /// The benchmark did not move, so its variance is zero.
    FlatBenchmark,
    /// The symbol did not move, so correlation is undefined.
    FlatSymbol,
}

impl std::fmt::Display for NullReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NullReason::TooFew { needed, got } => {
                write!(f, "needs at least {needed} returns, the window has {got}")
            }
            NullReason::FlatBenchmark => write!(f, "the benchmark did not move in the window"),
            NullReason::FlatSymbol => write!(f, "the symbol did not move in the window"),
        }
    }
}

/// Minimum number of paired returns for beta and correlation.
pub const MIN_RETURNS_FOR_BETA: usize = 3;
/// Trading days per year used to annualize volatility.
pub const TRADING_DAYS_PER_YEAR: f64 = 252.0;

/// `(end / start - 1) * 100`.
pub fn return_pct(start: f64, end: f64) -> f64 {
    (end / start - 1.0) * 100.0
}

/// Simple returns between consecutive prices: N prices give N-1 returns.
pub fn simple_returns(prices: &[f64]) -> Vec<f64> {
    prices.windows(2).map(|w| w[1] / w[0] - 1.0).collect()
}

pub fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        None
    } else {
        Some(xs.iter().sum::<f64>() / xs.len() as f64)
    }
}

/// Sample covariance with ddof 1. `None` for fewer than 2 pairs or unequal lengths.
pub fn sample_covariance(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() != ys.len() || xs.len() < 2 {
        return None;
    }
    let mx = mean(xs)?;
    let my = mean(ys)?;
    let sum: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    Some(sum / (xs.len() - 1) as f64)
}

/// Sample variance with ddof 1.
pub fn sample_variance(xs: &[f64]) -> Option<f64> {
    sample_covariance(xs, xs)
}

/// `cov(r, r_b) / var(r_b)`; needs [`MIN_RETURNS_FOR_BETA`] pairs.
pub fn beta(r: &[f64], rb: &[f64]) -> Result<f64, NullReason> {
    check_len(r.len())?;
    let var_b = sample_variance(rb).ok_or(NullReason::TooFew {
        needed: MIN_RETURNS_FOR_BETA,
        got: r.len(),
    })?;
    if var_b == 0.0 {
        return Err(NullReason::FlatBenchmark);
    }
    let cov = sample_covariance(r, rb).ok_or(NullReason::TooFew {
        needed: MIN_RETURNS_FOR_BETA,
        got: r.len(),
    })?;
    Ok(cov / var_b)
}

/// Pearson correlation; needs [`MIN_RETURNS_FOR_BETA`] pairs.
pub fn correlation(r: &[f64], rb: &[f64]) -> Result<f64, NullReason> {
    check_len(r.len())?;
    let too_few = NullReason::TooFew {
        needed: MIN_RETURNS_FOR_BETA,
        got: r.len(),
    };
    let var_b = sample_variance(rb).ok_or(too_few.clone())?;
    let var_r = sample_variance(r).ok_or(too_few.clone())?;
    if var_b == 0.0 {
        return Err(NullReason::FlatBenchmark);
    }
    if var_r == 0.0 {
        return Err(NullReason::FlatSymbol);
    }
    let cov = sample_covariance(r, rb).ok_or(too_few)?;
    Ok(cov / (var_r * var_b).sqrt())
}

fn check_len(n: usize) -> Result<(), NullReason> {
    if n < MIN_RETURNS_FOR_BETA {
        Err(NullReason::TooFew {
            needed: MIN_RETURNS_FOR_BETA,
            got: n,
        })
    } else {
        Ok(())
    }
}

/// Annualized volatility in percent: `std(r, ddof 1) * sqrt(252) * 100`; needs 2 returns.
pub fn volatility_pct(r: &[f64]) -> Result<f64, NullReason> {
    let var = sample_variance(r).ok_or(NullReason::TooFew {
        needed: 2,
        got: r.len(),
    })?;
    Ok(var.sqrt() * TRADING_DAYS_PER_YEAR.sqrt() * 100.0)
}

/// Drawdown from the running peak at each point, in percent (0 at a new high).
pub fn drawdown_pct(prices: &[f64]) -> Vec<f64> {
    let mut peak = f64::NEG_INFINITY;
    prices
        .iter()
        .map(|p| {
            peak = peak.max(*p);
            (p / peak - 1.0) * 100.0
        })
        .collect()
}

/// `min over t of (P_t / max(P_s, s <= t) - 1) * 100`; 0 for an empty or rising series.
pub fn max_drawdown_pct(prices: &[f64]) -> f64 {
    drawdown_pct(prices).into_iter().fold(0.0, f64::min)
}

/// Rolling beta and correlation over the last `n` paired returns, one value per return
/// (`None` until `n` valid pairs are available, and wherever the window holds a missing pair).
///
/// Uses sliding sums refreshed from scratch every `n` steps, so the cost is linear in the length
/// and rounding cannot accumulate.
pub fn rolling_beta_correlation(
    r: &[Option<f64>],
    rb: &[Option<f64>],
    n: usize,
) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
    let len = r.len().min(rb.len());
    let mut betas = vec![None; len];
    let mut corrs = vec![None; len];
    if n < MIN_RETURNS_FOR_BETA || len < n {
        return (betas, corrs);
    }
    let pair = |i: usize| match (r[i], rb[i]) {
        (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Some((x, y)),
        _ => None,
    };
    let nf = n as f64;
    let (mut sx, mut sy, mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut missing = 0usize;
    let mut since_refresh = 0usize;
    for i in 0..len {
        if let Some((x, y)) = pair(i) {
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
        } else {
            missing += 1;
        }
        if i >= n {
            if let Some((x, y)) = pair(i - n) {
                sx -= x;
                sy -= y;
                sxx -= x * x;
                syy -= y * y;
                sxy -= x * y;
            } else {
                missing -= 1;
            }
        }
        if i + 1 < n {
            continue;
        }
        since_refresh += 1;
        if since_refresh >= n {
            // Recompute the window's sums exactly to drop accumulated rounding.
            since_refresh = 0;
            (sx, sy, sxx, syy, sxy) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for (x, y) in (i + 1 - n..=i).filter_map(pair) {
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
            }
        }
        if missing > 0 {
            continue;
        }
        let cov = (sxy - sx * sy / nf) / (nf - 1.0);
        let var_y = (syy - sy * sy / nf) / (nf - 1.0);
        let var_x = (sxx - sx * sx / nf) / (nf - 1.0);
        // Sliding sums leave tiny residues where the true variance is 0.
        let flat = |var: f64, sq: f64| var <= 1e-14 * (sq / nf).max(f64::MIN_POSITIVE);
        if flat(var_y, syy) {
            continue;
        }
        betas[i] = Some(cov / var_y);
        if !flat(var_x, sxx) {
            corrs[i] = Some((cov / (var_x * var_y).sqrt()).clamp(-1.0, 1.0));
        }
    }
    (betas, corrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn returns_and_hand_computed_moments() {
        let p = [100.0, 110.0, 99.0, 108.9];
        let r = simple_returns(&p);
        assert_eq!(r.len(), 3);
        assert!(close(r[0], 0.1) && close(r[1], -0.1) && close(r[2], 0.1));
        // mean 1/30; deviations 1/15, -2/15, 1/15; sum of squares 6/225; var = 3/225.
        assert!(close(sample_variance(&r).unwrap(), 3.0 / 225.0));
        assert!(close(return_pct(100.0, 108.9), 8.9));
        assert!(close(
            volatility_pct(&r).unwrap(),
            (3.0f64 / 225.0).sqrt() * 252f64.sqrt() * 100.0
        ));
    }

    #[test]
    fn beta_and_correlation_on_a_scaled_series() {
        let rb = [0.01, -0.02, 0.03, 0.0];
        let r: Vec<f64> = rb.iter().map(|x| 2.0 * x + 0.001).collect();
        assert!(close(beta(&r, &rb).unwrap(), 2.0));
        assert!(close(correlation(&r, &rb).unwrap(), 1.0));
        let neg: Vec<f64> = rb.iter().map(|x| -0.5 * x).collect();
        assert!(close(correlation(&neg, &rb).unwrap(), -1.0));
        assert_eq!(
            beta(&r[..2], &rb[..2]),
            Err(NullReason::TooFew { needed: 3, got: 2 })
        );
        assert_eq!(beta(&r, &[0.0; 4]), Err(NullReason::FlatBenchmark));
        assert_eq!(correlation(&[0.0; 4], &rb), Err(NullReason::FlatSymbol));
    }

    #[test]
    fn drawdowns() {
        let p = [100.0, 120.0, 90.0, 130.0, 65.0, 70.0];
        let dd = drawdown_pct(&p);
        assert!(close(dd[2], -25.0));
        assert_eq!(dd[3], 0.0);
        assert!(close(max_drawdown_pct(&p), -50.0));
        assert_eq!(max_drawdown_pct(&[1.0, 2.0, 3.0]), 0.0);
        assert_eq!(max_drawdown_pct(&[]), 0.0);
    }

    #[test]
    fn rolling_matches_the_direct_formula_everywhere() {
        // A long deterministic series, so the sliding sums are refreshed several times.
        let mut rng = crate::data::rng::Rng::seed_from(42);
        let rb: Vec<f64> = (0..500).map(|_| 0.03 * rng.normal()).collect();
        let r: Vec<f64> = rb.iter().map(|x| 1.4 * x + 0.02 * rng.normal()).collect();
        let ro: Vec<Option<f64>> = r.iter().copied().map(Some).collect();
        let rbo: Vec<Option<f64>> = rb.iter().copied().map(Some).collect();
        for n in [3, 30, 90] {
            let (betas, corrs) = rolling_beta_correlation(&ro, &rbo, n);
            for i in 0..r.len() {
                if i + 1 < n {
                    assert_eq!(betas[i], None);
                    continue;
                }
                let w = i + 1 - n..=i;
                let b = beta(&r[w.clone()], &rb[w.clone()]).unwrap();
                let c = correlation(&r[w.clone()], &rb[w]).unwrap();
                let (gb, gc) = (betas[i].unwrap(), corrs[i].unwrap());
                assert!((gb - b).abs() < 1e-9, "n={n} i={i}: {gb} vs {b}");
                assert!((gc - c).abs() < 1e-9, "n={n} i={i}: {gc} vs {c}");
            }
        }
    }

    #[test]
    fn rolling_skips_windows_with_missing_pairs() {
        let r = [
            Some(0.01),
            Some(0.02),
            None,
            Some(0.03),
            Some(0.01),
            Some(-0.02),
            Some(0.0),
        ];
        let rb = [
            Some(0.02),
            Some(0.01),
            Some(0.01),
            Some(0.02),
            Some(0.0),
            Some(-0.01),
            Some(0.01),
        ];
        let (betas, _) = rolling_beta_correlation(&r, &rb, 3);
        assert_eq!(betas[2], None);
        assert_eq!(betas[3], None);
        assert_eq!(betas[4], None);
        assert!(betas[5].is_some());
        assert!(betas[6].is_some());
    }
}
