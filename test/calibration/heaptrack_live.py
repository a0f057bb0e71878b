#!/usr/bin/env python3
"""What a loaded shard allocates, by the engine function that allocated it (data/calibration/heap-residue/{v1.19.0,0.9.0}/).

For each config (harness.py's matrix and small_shard_configs; --only), the shard is built once (harness.py --child build;
--reuse takes an existing .work/shards/<id>), then loaded in a fresh process under heaptrack as harness.child_load
loads it (queries made before the load, glibc malloc_trim(0), EdgeShard.load, 300 searches, malloc_trim(0)), and the
process exits without closing the shard, so every allocation still live is reported as leaked. The same for an empty
shard of the config. Each live allocation is attributed to the innermost engine frame of its stack (segment::, edge::,
shard::, common::, gridstore::, wal::, ...; the Python binding's own qdrant_edge:: frames are left out: the queries are
made before the load). Written: the live bytes per function above the empty shard, grouped into the structures qsize
models (the links file's heap copy, the id tracker, the visited list, HNSWIndex::open = graph.bin's entry points) and
the rest; and the trimmed RssAnon growth of both processes (heaptrack's own bookkeeping included, so larger than the
harness's figure).

RssAnon counts pages, heaptrack counts bytes: the difference is the allocator's page residue (pages that a live chunk
or a free chunk's boundary keeps), which no structure of the engine explains.

  test/calibration/.venv-0.7.2/bin/python test/calibration/heaptrack_live.py --only multivec-32,nsweep-d128-m16-n10k
  GLIBC_TUNABLES=glibc.malloc.tcache_count=0 test/calibration/.venv/bin/python test/calibration/heaptrack_live.py --only ...

qdrant-edge-py 0.9.0's symbols are Rust v0 (_RNv...), which heaptrack_print leaves mangled: rustfilt must be on PATH.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import harness as h  # noqa: E402

_ENGINE = "v1.19.0" if h.legacy_api() else "0.9.0"  # a folder each: heap-residue/*.json are heap_residue.py runs
OUT = h.OUT_DIR / "heap-residue" / _ENGINE / "heaptrack-live.json"
WORK = h.WORK_DIR / "heaptrack"
ENGINE_FRAMES = ("segment::", "edge::", "shard::", "common::", "gridstore", "wal::", "quantization::", "sparse::")
GROUPS = {
    "links_heap_copy": lambda k: "GraphLinks" in k,
    "id_tracker": lambda k: "id_tracker" in k or "BitvecFlags" in k,
    "visited_list": lambda k: "visited_pool" in k,
    # graph.bin's entry points: allocated in HNSWIndex::open on v1.19.0, in GraphLayers::load on 0.9.0
    "hnsw_open_entry_points": lambda k: "HNSWIndex::open" in k or "GraphLayers>::load" in k,
}


def child(cid: str, shard_dir: Path, empty: bool) -> None:
    c = config(cid)
    import numpy as np  # noqa: F401  (imported before the baseline, as in harness.child_load)
    import qdrant_edge as q

    qs = h.load_queries(c, 300)  # as harness.child_load makes them
    if empty:
        h.create_empty_shard(c, shard_dir)
    before = h.trimmed_baseline(shard_dir)
    shard = q.EdgeShard.load(str(shard_dir))
    for qq in qs:
        shard.search(q.SearchRequest(query=qq, limit=10))
    h.malloc_trim()
    print("@@RESULT@@" + json.dumps({"rss_anon_growth_bytes": h.proc_status()["RssAnon_bytes"] - before}), flush=True)
    os._exit(0)  # no close: what is still allocated is reported as leaked


def config(cid: str) -> dict:
    return next(c for c in h.matrix() + h.small_shard_configs() + h.mutable_tracker_configs() if c["id"] == cid)


def live_by_function(zst: Path) -> Counter:
    fg = zst.with_suffix(".fg")
    subprocess.run(["heaptrack_print", "-f", str(zst), "--flamegraph-cost-type", "leaked", "-F", str(fg)],
                   check=True, capture_output=True)
    text = fg.read_text()
    # qdrant-edge-py 0.9.0's wheel carries Rust v0 symbols (_RNv...), which heaptrack_print leaves mangled; rustfilt
    # (cargo install rustfilt) turns them into the same paths as 0.7.2's (segment::..., edge::...).
    if "_RN" in text:
        try:
            text = subprocess.run(["rustfilt"], input=text, capture_output=True, text=True, check=True).stdout
        except FileNotFoundError:
            sys.exit("heaptrack_live.py: this engine's symbols are Rust v0; install rustfilt (cargo install rustfilt)")
    out: Counter = Counter()
    for line in text.splitlines():
        stack, _, cost = line.rpartition(" ")
        frames = [f for f in stack.split(";") if any(k in f for k in ENGINE_FRAMES)]
        if not frames:
            continue
        key = re.sub(r"::h[0-9a-f]{16}.*", "", frames[-1])
        if key.startswith("qdrant_edge::"):
            continue
        out[key] += int(cost)
    return out


def traced(cid: str, shard_dir: Path, empty: bool) -> tuple[Counter, int]:
    zst = WORK / f"{cid}{'-empty' if empty else ''}"
    cmd = ["heaptrack", "-o", str(zst), sys.executable, __file__, "--child", cid, "--shard-dir", str(shard_dir)]
    p = subprocess.run(cmd + (["--empty"] if empty else []), capture_output=True, text=True, check=True)
    growth = next(json.loads(x[len("@@RESULT@@"):]) for x in p.stdout.splitlines() if x.startswith("@@RESULT@@"))
    return live_by_function(Path(str(zst) + ".zst")), growth["rss_anon_growth_bytes"]


def measure(cid: str, reuse: bool) -> dict:
    c = config(cid)
    shard_dir, _ = h.shard_dirs(c)
    if not (reuse and shard_dir.exists()):
        b = h.run_child("build", c, shard_dir)
        if b.get("errors"):
            return {"config_id": cid, "errors": b["errors"]}
    links = sum(f.stat().st_size for f in shard_dir.glob("segments/*/vector_index*/links*.bin"))
    full, g_full = traced(cid, shard_dir, False)
    empty, g_empty = traced(cid, WORK / f"{cid}-empty-shard", True)
    above = Counter(full)
    above.subtract(empty)
    groups = {name: sum(v for k, v in full.items() if pred(k)) for name, pred in GROUPS.items()}
    total = sum(above.values())
    rest = {k: v for k, v in above.most_common() if v and not any(pred(k) for pred in GROUPS.values())}
    return {
        "config_id": cid, "config": c, "links_file_bytes": links,
        "live_bytes_above_empty": total, "structures": groups,
        "rest_bytes": total - sum(groups.values()), "rest_by_function": rest,
        "id_tracker_by_function": {k: v for k, v in above.most_common() if v and GROUPS["id_tracker"](k)},
        "rss_anon_growth_bytes": {"shard": g_full, "empty": g_empty},
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--reuse", action="store_true", help="use an existing .work/shards/<id> instead of building")
    ap.add_argument("--child")
    ap.add_argument("--shard-dir")
    ap.add_argument("--empty", action="store_true")
    a = ap.parse_args()
    if a.child:
        child(a.child, Path(a.shard_dir), a.empty)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    res = json.loads(OUT.read_text()) if OUT.exists() else {"runs": {}}
    for cid in a.only.split(","):
        r = measure(cid, a.reuse)
        res["runs"][cid] = r
        print(cid, "live above empty", r.get("live_bytes_above_empty"), "structures", r.get("structures"),
              "rest", r.get("rest_bytes"), flush=True)
    res.update({"engine": h.engine_info(), "machine": h.machine_info(),
                "date_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                "command": "python test/calibration/heaptrack_live.py " + " ".join(sys.argv[1:])})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(res, indent=1) + "\n")


if __name__ == "__main__":
    main()
