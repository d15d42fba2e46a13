#!/usr/bin/env python3
"""Compare MinerLens's intraday import with pandas and python-polars on the same file.

Usage:
    MINERLENS_BENCH_DIR=/tmp/mlbench cargo bench --bench import   # writes the 7M-row file
    cargo build --release
    python3 benches/import_compare.py /tmp/mlbench/btcusd_1-min_data.csv [target/release/minerlens]

Each tool runs in its own process under /usr/bin/time, so wall time and peak memory (max RSS)
include start-up and reading the file; the best of three runs is reported. Every tool does the
same work: read Timestamp, Close and Volume, and keep the last close (and the summed volume) of
each UTC day. Needs pandas and polars (pip install pandas polars).
"""

import os
import subprocess
import sys
import tempfile

PANDAS = """
import sys, pandas as pd
df = pd.read_csv(sys.argv[1], usecols=["Timestamp", "Close", "Volume"])
df.index = pd.to_datetime(df["Timestamp"], unit="s")
daily = df[["Close", "Volume"]].resample("1D").agg({"Close": "last", "Volume": "sum"}).dropna()
print(len(daily))
"""

POLARS = """
import sys, polars as pl
df = pl.read_csv(sys.argv[1], columns=["Timestamp", "Close", "Volume"],
                 schema_overrides={"Timestamp": pl.Float64, "Close": pl.Float64, "Volume": pl.Float64})
daily = (df.drop_nulls("Close")
           .group_by((pl.col("Timestamp") // 86400).cast(pl.Int32).alias("day"))
           .agg(pl.col("Close").last(), pl.col("Volume").sum())
           .sort("day"))
print(len(daily))
"""


def measure(cmd, env=None):
    """(seconds, max RSS in MB) of the best of three runs."""
    best = None
    for _ in range(3):
        out = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", *cmd],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        secs, kb = out.stderr.strip().splitlines()[-1].split()
        run = (float(secs), int(kb) / 1024)
        best = run if best is None or run[0] < best[0] else best
    return best


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/minerlens"
    size_mb = os.path.getsize(path) / 1e6
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, MINERLENS_HOME=home)
        rows = [
            ("pandas read_csv + resample", measure([sys.executable, "-c", PANDAS, path])),
            ("python-polars read_csv + group_by", measure([sys.executable, "-c", POLARS, path])),
            ("minerlens import --no-store", measure([binary, "import", "--no-store", path], env)),
        ]
    print(f"{path} ({size_mb:.0f} MB), {os.cpu_count()} cores")
    print(f"{'tool':40} {'seconds':>8} {'peak MB':>8}")
    for name, (secs, mb) in rows:
        print(f"{name:40} {secs:8.2f} {mb:8.0f}")


if __name__ == "__main__":
    main()
