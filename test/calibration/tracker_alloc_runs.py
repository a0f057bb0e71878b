#!/usr/bin/env python3
"""Run the tracker_alloc probe (a Cargo project beside this file) over the server runs' sizes, three load orders and
both allocators, two at a time; write data/calibration/tracker-alloc/probe.jsonl (one JSON line a run).

Why: on the real v1.19.0 server a quarter of the mutable id tracker's untouched capacity is resident
(data/calibration/server-v1.19.0-tracker). The probe replays the tracker's load (mappings first, then versions:
qdrant@v1.19.0 lib/segment/src/id_tracker/mutable_id_tracker/mod.rs `open`) under the server's jemalloc and under
glibc, and in the other orders, to find which vector is resident and why (docs/methodology.md, "The mutable id
tracker").

  python3 test/calibration/tracker_alloc_runs.py [--settle 25] [--out data/calibration/tracker-alloc/probe.jsonl]
"""
import argparse
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (510_000, 540_000, 1_040_000, 1_060_000, 2_080_000, 2_120_000)
ORDERS = ("mappings-first", "versions-first", "interleaved")


def build() -> dict[str, Path]:
    d = HERE / "tracker_alloc"
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=d, check=True)
    subprocess.run(["cargo", "build", "--release", "-q", "--no-default-features", "--target-dir", "target/system"], cwd=d, check=True)
    return {"jemalloc": d / "target/release/tracker_alloc", "system": d / "target/system/release/tracker_alloc"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--settle", type=int, default=25)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--out", default=str(HERE.parent.parent / "data/calibration/tracker-alloc/probe.jsonl"))
    a = ap.parse_args()
    bins = build()
    runs = [(alloc, order, n, rep) for rep in range(a.repeats) for alloc in bins for order in ORDERS if alloc == "jemalloc" or order == "mappings-first" for n in SIZES]
    env = {**os.environ, "SETTLE_SECONDS": str(a.settle)}

    def one(run):
        alloc, order, n, rep = run
        out = subprocess.run([str(bins[alloc]), str(n), order], env=env, check=True, capture_output=True, text=True).stdout
        r = json.loads(out)
        r["repeat"] = rep
        print(f"{alloc} {order} n={n} #{rep}: RssAnon {(r['rss_anon_after'] - r['rss_anon_before']) / 1e6:.2f} MB settled", flush=True)
        return r

    with ThreadPoolExecutor(max_workers=2) as ex:
        rows = list(ex.map(one, runs))
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text("".join(json.dumps(r) + "\n" for r in rows))


if __name__ == "__main__":
    main()
