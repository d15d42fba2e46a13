#!/usr/bin/env python3
"""MinerLens analytics against pandas.

1. Correctness: `minerlens analyze --format json` on real data (../shared/realdata) against the
   same methodology written with pandas (merge_asof, pct_change, cov/var, corr, std).
2. Speed: the full analysis (window metrics + 30/60/90 rolling beta and correlation) for 50
   symbols x 20 years of daily data in pandas, to compare with `cargo bench --bench analysis`.

Usage: python3 benches/compare_pandas.py [path/to/minerlens]   (pip install pandas numpy)
"""
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realdata" / "prices"
BIN = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "minerlens")


def load(symbol):
    df = pd.read_csv(REAL / f"{symbol}.csv", parse_dates=["Date"])
    return df[["Date", "Adj Close"]].rename(columns={"Date": "date", "Adj Close": "price"}).dropna()


def pandas_row(sym_df, btc_df, start, end):
    w = sym_df[(sym_df.date >= start) & (sym_df.date <= end)].sort_values("date")
    m = pd.merge_asof(w, btc_df.rename(columns={"price": "bench"}), on="date", direction="backward")
    r = m.price.pct_change().dropna()
    rb = m.bench.pct_change().dropna()
    p = m.price.to_numpy()
    b = m.bench.to_numpy()
    ret = (p[-1] / p[0] - 1) * 100
    bret = (b[-1] / b[0] - 1) * 100
    return {
        "return_pct": ret,
        "benchmark_return_pct": bret,
        "divergence_pp": ret - bret,
        "relative_pct": ((1 + ret / 100) / (1 + bret / 100) - 1) * 100,
        "beta": r.cov(rb) / rb.var(),
        "correlation": r.corr(rb),
        "volatility_pct": r.std(ddof=1) * np.sqrt(252) * 100,
        "max_drawdown_pct": ((m.price / m.price.cummax() - 1) * 100).min(),
    }


def correctness():
    if not REAL.is_dir():
        print(f"{REAL} is absent: correctness comparison skipped")
        return
    symbols = ["MARA", "RIOT", "CLSK", "HUT", "WULF", "CIFR", "BITF", "HIVE"]
    files = [str(REAL / f"{s}.csv") for s in symbols + ["BTC-USD"]]
    btc = load("BTC-USD")
    worst = {}
    for start, end in [("2023-01-01", "2023-12-31"), ("2024-01-02", "2024-03-08"), ("2022-01-01", "2024-03-08")]:
        out = subprocess.run(
            [BIN, "analyze", "--prices", *files, "--from", start, "--to", end, "--format", "json"],
            check=True, capture_output=True, text=True,
        ).stdout
        rows = {r["symbol"]: r for r in json.loads(out)["rows"]}
        for s in symbols:
            expected = pandas_row(load(s), btc, pd.Timestamp(start), pd.Timestamp(end))
            for k, v in expected.items():
                got = rows[s][k]
                rel = abs(got - v) / max(abs(v), 1e-300)
                worst[k] = max(worst.get(k, 0.0), rel)
    print("largest relative difference to pandas over 8 symbols x 3 windows:")
    for k, v in worst.items():
        print(f"  {k:22s} {v:.1e}")


def speed():
    rng = np.random.default_rng(1)
    days = pd.date_range("2006-01-01", "2025-12-31", freq="D")
    btc = pd.DataFrame({"date": days, "price": 40000 * np.exp(np.cumsum(rng.normal(0, 0.0235, len(days))))})
    bdays = pd.bdate_range("2006-01-01", "2025-12-31")
    syms = {
        f"S{k:02d}": pd.DataFrame({"date": bdays, "price": 50 * np.exp(np.cumsum(rng.normal(0, 0.04, len(bdays))))})
        for k in range(50)
    }
    start, end = days[0], days[-1]

    def run():
        out = []
        for s, df in syms.items():
            out.append(pandas_row(df, btc, start, end))
            m = pd.merge_asof(df, btc.rename(columns={"price": "bench"}), on="date", direction="backward")
            r = m.price.pct_change()
            rb = m.bench.pct_change()
            for n in (30, 60, 90):
                cov = r.rolling(n).cov(rb)
                beta = cov / rb.rolling(n).var()
                corr = r.rolling(n).corr(rb)
                out.append((beta.iloc[-1], corr.iloc[-1]))
        return out

    run()
    times = []
    for _ in range(5):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    print(f"pandas {pd.__version__}: full analysis 50 symbols x 20 years: median {1000 * np.median(times):.0f} ms "
          f"(min {1000 * min(times):.0f} ms)")


if __name__ == "__main__":
    correctness()
    speed()
