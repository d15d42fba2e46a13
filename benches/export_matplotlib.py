#!/usr/bin/env python3
"""The performance chart of benches/export.rs saved by matplotlib, for the README comparison.

Same data (the demo universe in sample_data/prices: 12 miners and BTC-USD, window All, rebased
to 100), same size (1920x1080 PNG), a title, subtitle, legend and footer. Times savefig alone
(the figure is rebuilt each run, as an export would) and prints the median.

    python3 benches/export_matplotlib.py [--runs 20] [--out /tmp/matplotlib.png]
"""
import argparse
import csv
import pathlib
import statistics
import time
from datetime import date

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PRICES = pathlib.Path(__file__).resolve().parent.parent / "sample_data" / "prices"


def load():
    series = {}
    for path in sorted(PRICES.glob("*.csv")):
        with path.open() as f:
            rows = list(csv.DictReader(f))
        days = [date.fromisoformat(r["Date"]) for r in rows]
        closes = [float(r["Adj Close"] or r["Close"]) for r in rows]
        base = closes[0]
        series[path.stem] = (days, [100.0 * c / base for c in closes])
    return series


def draw(series, out):
    fig, ax = plt.subplots(figsize=(19.2, 10.8), dpi=100)
    for name, (days, values) in series.items():
        label = f"{name} (benchmark)" if name == "BTC-USD" else name
        ax.plot(days, values, label=label, linewidth=2.4 if name == "BTC-USD" else 1.6)
    ax.axhline(100, linestyle="--", linewidth=1, color="grey")
    ax.set_ylabel("Rebased (window start = 100)")
    fig.suptitle("Performance vs BTC-USD", x=0.01, ha="left", fontweight="bold")
    ax.set_title("Rebased to 100 on 2021-01-04", loc="left", fontsize=10)
    ax.legend(loc="upper left", ncol=7, fontsize=9)
    ax.grid(True, alpha=0.3)
    fig.text(0.01, 0.01, "Source: Demo data (synthetic) · Window 2021-01-04 to 2026-11-20 · MinerLens",
             fontsize=8, color="grey")
    start = time.perf_counter()
    fig.savefig(out, dpi=100)
    elapsed = time.perf_counter() - start
    plt.close(fig)
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--out", default="/tmp/minerlens-matplotlib.png")
    args = parser.parse_args()
    series = load()
    points = sum(len(v[0]) for v in series.values())
    print(f"matplotlib {matplotlib.__version__}: {len(series)} series, {points} points")
    draw(series, args.out)  # warm-up
    save_times, total_times = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        save_times.append(draw(series, args.out))
        total_times.append(time.perf_counter() - start)
    print(f"savefig 1920x1080 PNG: median {statistics.median(save_times) * 1000:.1f} ms")
    print(f"build figure + savefig: median {statistics.median(total_times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
