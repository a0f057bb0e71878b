#!/usr/bin/env python3
"""Is a live-heap excess a structure or the allocator's residue? (data/calibration/heap-residue/)

For each config (test/calibration/harness.py's matrix; --only), and optionally its twin at another m (--twin-m),
the shard is built once (harness.py --child build) and loaded without its WAL (as harness.py's measure_loads does),
in a fresh process per run: the RssAnon growth from the trimmed pre-load heap to the trimmed heap after the load
and after 300 and 1,000 searches (glibc malloc_trim(0) before each reading), the shard's minus an empty shard's.
Each run is repeated under glibc's defaults and with the per-thread cache off
(GLIBC_TUNABLES=glibc.malloc.tcache_count=0): a structure is the same under both; what tcache keeps is not, and
grows with the number of searches. glibc 2.26+ keeps up to 7 freed chunks per size class (to 1,032 B) per thread in
its tcache; they count as allocated, so malloc_trim(0) cannot return the pages they sit in, and the engine's search
threads (qdrant-edge 0.9.0 crate, src/edge/edge_shard/mod.rs: a rayon search_pool) free their per-search scratch
into their own caches. Qdrant's server links jemalloc, which has no such cache of glibc's.

  test/calibration/.venv/bin/python test/calibration/heap_residue.py --only hnsw-m64-ef200 --twin-m 16
  (from the 0.7.2 venv, test/calibration/.venv-0.7.2, into data/calibration/heap-residue/v1.19.0/)
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import harness as h  # noqa: E402

# qdrant-edge-py 0.7.2 (api 1.18.2-dev, a 1.18 dev build) writes beside the 0.9.0 results, in its own folder (as harness.py does).
_ENGINE = "v1.19.0" if h.legacy_api() else ""
OUT = h.OUT_DIR / "heap-residue" / _ENGINE
WORK = h.WORK_DIR / "heap-residue" / _ENGINE
STEPS = (300, 1000)
REPEATS = 3
ENVS = {"glibc-default": {}, "tcache-off": {"GLIBC_TUNABLES": "glibc.malloc.tcache_count=0"}}


def child(c: dict, shard_dir: Path, empty: bool) -> dict:
    import numpy as np  # noqa: F401  (imported before the baseline, as in harness.child_load)
    import qdrant_edge as q

    qs = h.load_queries(c, max(STEPS))  # as harness.child_load makes them
    if empty:
        h.create_empty_shard(c, shard_dir)
    before = h.trimmed_baseline(shard_dir)
    shard = q.EdgeShard.load(str(shard_dir))
    h.malloc_trim()
    out = {"load": h.proc_status()["RssAnon_bytes"] - before}
    done = 0
    for k in STEPS:
        for qq in qs[done:k]:
            shard.search(q.SearchRequest(query=qq, limit=10))
        done = k
        h.malloc_trim()
        out[f"searches_{k}"] = h.proc_status()["RssAnon_bytes"] - before
    shard.close()
    return out


def run(c: dict, shard_dir: Path, empty: bool, env: dict) -> dict:
    p = subprocess.run([sys.executable, __file__, "--child", json.dumps(c), str(shard_dir), "1" if empty else "0"],
                       capture_output=True, text=True, env=dict(os.environ, **env), timeout=1800)
    for line in p.stdout.splitlines():
        if line.startswith("@@RESULT@@"):
            return json.loads(line[len("@@RESULT@@"):])
    return {"errors": [p.stderr[-2000:]]}


def build(c: dict) -> tuple[Path, dict]:
    """The shard without its wal/ (nothing to replay on load); built once, reused by later runs."""
    shard, nowal = WORK / c["id"], WORK / (c["id"] + "-nowal")
    if nowal.exists():
        return nowal, {"reused": True}
    b = h.run_child("build", c, shard)
    shutil.copytree(shard, nowal, ignore=lambda d, names: ["wal"] if Path(d) == shard else [])
    shutil.rmtree(shard, ignore_errors=True)
    return nowal, {k: b.get(k) for k in ("optimize_seconds", "errors")}


def measure(c: dict) -> dict:
    nowal, b = build(c)
    res = {"config_id": c["id"], "config": c, "engine": h.engine_info(), "machine": h.machine_info(),
           "date_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
           "command": "python test/calibration/heap_residue.py " + " ".join(sys.argv[1:]), "build": b,
           "steps": list(STEPS), "runs": {}, "derived": {}}
    for name, env in ENVS.items():
        shard = [run(c, nowal, False, env) for _ in range(REPEATS)]
        empty = [run(c, WORK / "empty", True, env) for _ in range(REPEATS)]
        res["runs"][name] = {"env": env, "shard_RssAnon_growth_bytes": shard, "empty_RssAnon_growth_bytes": empty}
        for stage in ["load"] + [f"searches_{k}" for k in STEPS]:
            s = [r[stage] for r in shard if stage in r]
            e = [r[stage] for r in empty if stage in r]
            if s and e:
                res["derived"][f"{name}/{stage}_live_heap_above_empty"] = int(statistics.median(s) - statistics.median(e))
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", required=False, default="")
    ap.add_argument("--twin-m", type=int, default=0, help="also the same config at this m (id <id>-m<M>)")
    ap.add_argument("--subdir", default="", help="write into this subfolder of the output (a repeat of earlier runs)")
    ap.add_argument("--child", nargs=3, metavar=("CONFIG_JSON", "SHARD_DIR", "EMPTY"))
    a = ap.parse_args()
    if a.child:
        r = child(json.loads(a.child[0]), Path(a.child[1]), a.child[2] == "1")
        print("@@RESULT@@" + json.dumps(r))
        return
    by_id = {c["id"]: c for c in h.matrix()}
    configs = []
    for cid in filter(None, a.only.split(",")):
        configs.append(by_id[cid])
        if a.twin_m:
            configs.append(dict(by_id[cid], m=a.twin_m, id=f"{cid}-m{a.twin_m}"))
    out = OUT / a.subdir
    out.mkdir(parents=True, exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    for c in configs:
        r = measure(c)
        (out / f"{c['id']}.json").write_text(json.dumps(r, indent=1) + "\n")
        print(c["id"], json.dumps(r["derived"]), flush=True)


if __name__ == "__main__":
    main()
