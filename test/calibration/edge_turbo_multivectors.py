#!/usr/bin/env python3
"""Turbo multivectors on qdrant-edge-py 0.9.0 (the engine of the Qdrant 1.20 period): the vector storage files of
multivectors stored with datatype turbo4, turbo8 and turbo16, float32 as the control (issue #16, "unmeasured: turbo
multivectors").

What: for each datatype, 3,000 points of 128-d Cosine multivectors (MaxSim), seeded gmm data (harness.gen_dense),
  - a fixed count of 4 inner vectors per point (12,000 inner vectors) and a spread count of 2-6 (uniform; the total
    is recorded as `inner_vectors`);
  - the appendable segment as written (`plain`: upsert + flush, no optimize(); the shard holds only appendable
    segments) and the optimized segment (`indexed`: optimize() + flush(), m=16, ef_construct 100; `MAIN`);
plus turbo4 at an odd dimension (101-d, fixed 4) to see how half bytes round, each turbo datatype at Euclid, Dot and
Manhattan distance (fixed 4, plain) to see the per-vector extras by distance, and single vectors (turbo4 101-d, turbo8
128-d; Cosine and Euclid; plain and indexed) to check that the same record rules hold for them. Every file under vector_storage* of
every segment is recorded (path, apparent = st_size, allocated = st_blocks * 512), with the RssAnon and RssFile a
fresh load of the shard adds (untrimmed, in-process: indicative only).

How: test/calibration/.venv/bin/python test/calibration/edge_turbo_multivectors.py [case-id,...]
  (the 0.9.0 venv: /work/venv-090/bin/python on the project's machine). Resumable: cases already in the output are
  skipped unless named. Writes data/calibration/v1.20-structures/turbo-multivectors-0.9.0.json. Run with 0.7.2 (the
  engine of v1.19.0's development, api 1.18.2-dev: /work/venv-072/bin/python) it writes
  data/calibration/v1.20-structures/turbo-multivectors-0.7.2.json: there every turbo case is the engine's refusal (turbo4
  panics, "not implemented: turbo4 datatype storage not yet wired up", as in the v1.18.2 and v1.18.3 releases; turbo8
  and turbo16 do not exist) and float32 the control.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from edge_segment import BATCH, load_deltas, run_cases  # noqa: E402
from harness import gen_dense, scan_files  # noqa: E402

def out_path() -> Path:
    """turbo-multivectors-<qdrant-edge-py version>.json: 0.9.0 measures; 0.7.2 (the engine before v1.19.0) records
    which datatypes it refuses."""
    from importlib.metadata import version

    v = version("qdrant-edge-py")
    return HERE.parent.parent / "data" / "calibration" / "v1.20-structures" / f"turbo-multivectors-{v}.json"
N = 3000
D = 128


def multivectors(n: int, d: int, lo: int, hi: int, seed: int = 42):
    """n multivectors of lo..hi (inclusive) inner vectors each, and the total number of inner vectors."""
    import numpy as np

    counts = np.random.default_rng(seed).integers(lo, hi + 1, size=n)
    flat = gen_dense({"seed": seed, "data": "gmm", "clusters": 64, "dtype": "float32"}, int(counts.sum()), d)
    out, pos = [], 0
    for k in counts:
        out.append(flat[pos:pos + k].tolist())
        pos += k
    return out, int(counts.sum())


def build(case: dict, root: Path) -> dict:
    import qdrant_edge as q

    n, d = case["n"], case["d"]
    multi = case.get("multivector", True)
    # edge_segment's settings (m=16, ef_construct 100, one segment, indexing_threshold 1 KB), with a MaxSim multivector
    cfg = q.EdgeConfig(
        vectors=q.EdgeVectorParams(size=d, distance=getattr(q.Distance, case.get("distance", "Cosine")),
                                   datatype=getattr(q.VectorStorageDatatype, case["dtype"]),
                                   multivector_config=q.MultiVectorConfig(q.MultiVectorComparator.MaxSim) if multi else None),
        hnsw_config=q.HnswIndexConfig(m=16, ef_construct=100, full_scan_threshold=10_000, max_indexing_threads=0),
        optimizers=q.EdgeOptimizersConfig(default_segment_number=1, max_segment_size=1_000_000_000, indexing_threshold=1,
                                          deleted_threshold=0.2, vacuum_min_vector_number=1000),
    )
    path = root / case["id"]
    path.mkdir(parents=True)
    data, inner = multivectors(n, d, *case["inner"])
    if not multi:  # one vector a point: the first of each multivector
        data, inner = [m[0] for m in data], n
    shard = q.EdgeShard.create(str(path), cfg)
    for s in range(0, n, BATCH):
        shard.update(q.UpdateOperation.upsert_points([q.Point(i, data[i]) for i in range(s, min(n, s + BATCH))]))
    t0 = time.time()
    if case["layout"] == "indexed":
        shard.optimize()
    shard.flush()
    secs = round(time.time() - t0, 1)
    shard.close()
    files = scan_files(path)
    vs = [f for f in files["files"] if len(f["path"].split("/")) > 2 and f["path"].split("/")[2].startswith("vector_storage")]
    res = {"case": case, "inner_vectors": inner, "optimize_flush_seconds": secs, "segments": files["segments"],
           "vector_storage_files": vs,
           "vector_storage_sums": {k: sum(f[k] for f in vs) for k in ("apparent", "allocated")}}
    res.update(load_deltas(q, path, trim=True))
    return res


CASES = [
    {"id": f"{dt.lower()}-{cnt}-{layout}", "n": N, "d": D, "dtype": dt, "inner": inner, "layout": layout}
    for dt in ("Float32", "Turbo4", "Turbo8", "Turbo16")
    for cnt, inner in (("k4", [4, 4]), ("k2to6", [2, 6]))
    for layout in ("plain", "indexed")
] + [
    {"id": f"turbo4-k4-d101-{layout}", "n": N, "d": 101, "dtype": "Turbo4", "inner": [4, 4], "layout": layout}
    for layout in ("plain", "indexed")
] + [
    # the per-vector extras by distance (TqVectorExtras::size_for: Euclid stores the L2 length beside the scale)
    {"id": f"{dt.lower()}-k4-{dist.lower()}-plain", "n": N, "d": D, "dtype": dt, "inner": [4, 4], "layout": "plain",
     "distance": dist}
    for dt in ("Turbo4", "Turbo8", "Turbo16") for dist in ("Euclid", "Dot", "Manhattan")
] + [
    # single vectors, the same rules: the appendable layout (chunked tq_vectors/) and the optimized (tq_vectors.dat)
    {"id": f"single-{dt.lower()}-d{d}-{dist.lower()}-{layout}", "n": N, "d": d, "dtype": dt, "inner": [1, 1],
     "layout": layout, "distance": dist, "multivector": False}
    for dt, d in (("Turbo4", 101), ("Turbo8", 128)) for dist in ("Cosine", "Euclid") for layout in ("plain", "indexed")
]


def main() -> None:
    run_cases(out_path(), CASES, build, "qsize-turbomv-",
              {"command": "test/calibration/edge_turbo_multivectors.py" + (f" {sys.argv[1]}" if len(sys.argv) > 1 else "")})


if __name__ == "__main__":
    main()
