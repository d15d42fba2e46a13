#!/usr/bin/env python3
"""Rolling two-factor exposure with statsmodels, to compare with `cargo bench --bench exposure`.

For each of 50 synthetic symbols x 5040 daily observations (20 years of 252 days), fit
    R_i = a + b_btc * R_btc + b_ai * R_ai + e
by OLS over every rolling window of N = 60, 120 and 250 observations (one window ending on
each date), and extract a, b_btc, b_ai, their standard errors and R^2 -- the same work the
Rust benchmark does with updated sums. Timings are wall clock (time.perf_counter), best of 3.
One window is also checked against a direct numpy least-squares solve.

Usage: python3 benches/exposure_statsmodels.py   (pip install numpy pandas statsmodels)
"""
import time

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.regression.rolling import RollingOLS

SYMBOLS, DAYS, WINDOWS, RUNS = 50, 5040, (60, 120, 250), 3


def synthetic():
    """Deterministic factor and stock returns: BTC sd 3.5%, AI sd 2.5%, correlation 0.3."""
    rng = np.random.default_rng(7)
    sd = np.array([0.035, 0.025])
    cov = np.outer(sd, sd) * np.array([[1.0, 0.3], [0.3, 1.0]])
    factors = rng.multivariate_normal([0.0, 0.0], cov, size=DAYS)  # columns: btc, ai
    beta_btc = rng.uniform(0.5, 2.5, SYMBOLS)
    beta_ai = rng.uniform(-0.5, 1.5, SYMBOLS)
    noise = rng.normal(0.0, 0.03, (DAYS, SYMBOLS))
    stocks = 0.001 + factors[:, [0]] * beta_btc + factors[:, [1]] * beta_ai + noise
    X = np.column_stack([np.ones(DAYS), factors])  # constant, btc, ai
    assert not (np.isnan(X).any() or np.isnan(stocks).any())
    return X, stocks


def fit_all(X, stocks, n):
    """Rolling fits for every symbol at window n; touch params, bse and rsquared."""
    out = []
    for j in range(stocks.shape[1]):
        res = RollingOLS(stocks[:, j], X, window=n).fit()
        out.append((res.params, res.bse, res.rsquared))
    return out


def check(X, stocks, n):
    """Last window of symbol 0: RollingOLS against np.linalg.lstsq on the last n rows."""
    res = RollingOLS(stocks[:, 0], X, window=n).fit()
    direct, *_ = np.linalg.lstsq(X[-n:], stocks[-n:, 0], rcond=None)
    return np.max(np.abs(res.params[-1] - direct))


def main():
    X, stocks = synthetic()
    print(f"numpy {np.__version__}, pandas {pd.__version__}, statsmodels {statsmodels.__version__}")

    worst = max(check(X, stocks, n) for n in WINDOWS)
    print(f"last-window betas vs np.linalg.lstsq, N={WINDOWS}: max abs difference {worst:.2e}")
    assert worst < 1e-9, worst

    best = {}
    for n in WINDOWS:
        times = []
        for _ in range(RUNS):
            t = time.perf_counter()
            fit_all(X, stocks, n)
            times.append(time.perf_counter() - t)
        best[n] = min(times)

    parts = ", ".join(f"N={n} {best[n]:.3f} s" for n in WINDOWS)
    print(f"statsmodels RollingOLS, {SYMBOLS} symbols x {DAYS} days: {parts}, "
          f"total {sum(best.values()):.3f} s (best of {RUNS})")


if __name__ == "__main__":
    main()
