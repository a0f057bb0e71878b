#!/usr/bin/env python3
"""Qdrant 1.20 structures on qdrant-edge-py 0.9.0 (the engine of the 1.20 period): file sizes of one optimized segment.

Small shards (the byte layouts measured here are per vector or per point, not per segment size):
  - datatypes float16, uint8, turbo8, turbo16 (5,000 x 384-d, no quantization): bytes per stored vector;
  - TurboQuant bits4 and bits8 (5,000 x 384-d): bytes per quantized vector; bits1 to bits8 at Cosine and Euclid
    (2,000 x 128-d, 2026-12-04): the extras by distance;
  - id tracker memory tiers cold / cached / pinned (5,000 x 384-d): files, and the RssAnon a load adds;
  - payload sub-graphs with payload_m unset, payload_m = 0, and enable_hnsw = false on both fields (20,000 x 128-d,
    keyword of 20 values + integer, full_scan_threshold 10 KB so that sub-graphs are built): links file bytes;
  - full-text index on a 12-word title, without and with BM25 scoring (20,000 points): index files.
Writes data/calibration/v1.20-structures/edge-0.9.0.json. Run with the 0.9.0 venv: test/calibration/.venv/bin/python.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from edge_segment import build_optimized, edge_config, load_deltas, payload_index_sums, run_cases, scan_main  # noqa: E402
from harness import gen_dense, gen_payload  # noqa: E402

OUT = HERE.parent.parent / "data" / "calibration" / "v1.20-structures" / "edge-0.9.0.json"


def build(case: dict, root: Path) -> dict:
    import numpy as np
    import qdrant_edge as q

    n, d = case["n"], case["d"]
    quant = None
    if case.get("tq"):
        quant = q.TurboQuantQuantizationConfig(bits=getattr(q.TurboQuantBitSize, case["tq"]))
    kw = {}
    if case.get("id_tracker_memory"):
        kw["id_tracker_memory"] = getattr(q.Memory, case["id_tracker_memory"])
    cfg = edge_config(q, d, fst_kb=case.get("fst", 10_000), payload_m=case.get("payload_m"),
                      datatype=getattr(q.VectorStorageDatatype, case.get("dtype", "Float32")), quantization=quant,
                      distance=case.get("distance", "Cosine"), **kw)
    path = root / case["id"]
    eh = case.get("enable_hnsw")
    schemas = []
    for field, kind in case.get("indexes", []):
        if kind == "keyword":
            schema = q.KeywordIndexParams(enable_hnsw=eh)
        elif kind == "integer":
            schema = q.IntegerIndexParams(lookup=True, range=True, enable_hnsw=eh)
        elif kind == "text":
            schema = q.TextIndexParams(scoring=None)
        elif kind == "text-bm25":
            schema = q.TextIndexParams(scoring=True)
        else:
            raise ValueError(kind)
        schemas.append((field, schema))
    c = {"seed": 42, "data": "gmm", "clusters": 64, "dtype": "float32"}
    x = gen_dense(c, n, d)
    rng = np.random.default_rng(49)
    payload = bool(case.get("indexes"))

    def point(i: int):
        pl = None
        if payload:
            pl = gen_payload(rng, i)
            pl["category"] = f"cat_{i % 20}"
        return q.Point(i, x[i].tolist(), pl)

    secs = build_optimized(q, path, cfg, schemas, n, point)
    seg = scan_main(path)
    per_field = {k: v["allocated"] for k, v in payload_index_sums(seg["main"], lambda parts: parts[3], ("allocated",)).items()}
    res = {"case": case, "optimize_seconds": secs, "groups_main_segment": seg["files"]["groups_main_segment"],
           "links_bytes": seg["links_bytes"], "payload_index_allocated_by_entry": per_field, "files_main": seg["main"]}
    res.update(load_deltas(q, path))
    return res


CASES = [
    {"id": "dtype-float16", "n": 5000, "d": 384, "dtype": "Float16"},
    {"id": "dtype-uint8", "n": 5000, "d": 384, "dtype": "Uint8"},
    {"id": "dtype-turbo8", "n": 5000, "d": 384, "dtype": "Turbo8"},
    {"id": "dtype-turbo16", "n": 5000, "d": 384, "dtype": "Turbo16"},
    {"id": "tq-bits4", "n": 5000, "d": 384, "tq": "Bits4"},
    {"id": "tq-bits8", "n": 5000, "d": 384, "tq": "Bits8"},
    # TurboQuant's extras by distance (2026-12-04): Euclid stores an f32 L2 length beside the scale
    # (TqVectorExtras::size_for); 2,000 x 128-d, Cosine and Euclid twins
    *({"id": f"tq-{b.lower()}-{dist.lower()}-d128", "n": 2000, "d": 128, "tq": b, "distance": dist}
      for b in ("Bits1", "Bits1_5", "Bits2", "Bits4", "Bits8") for dist in ("Cosine", "Euclid")),
    {"id": "idtracker-pinned", "n": 20000, "d": 128, "id_tracker_memory": "Pinned"},
    {"id": "idtracker-cached", "n": 20000, "d": 128, "id_tracker_memory": "Cached"},
    {"id": "idtracker-cold", "n": 20000, "d": 128, "id_tracker_memory": "Cold"},
    {"id": "payload-m-default", "n": 20000, "d": 128, "fst": 10, "indexes": [("category", "keyword"), ("price", "integer")]},
    {"id": "payload-m-0", "n": 20000, "d": 128, "fst": 10, "payload_m": 0, "indexes": [("category", "keyword"), ("price", "integer")]},
    {"id": "payload-enable-hnsw-false", "n": 20000, "d": 128, "fst": 10, "enable_hnsw": False,
     "indexes": [("category", "keyword"), ("price", "integer")]},
    {"id": "text", "n": 20000, "d": 128, "payload_m": 0, "indexes": [("title", "text")]},
    {"id": "text-bm25", "n": 20000, "d": 128, "payload_m": 0, "indexes": [("title", "text-bm25")]},
]


def main() -> None:
    run_cases(OUT, CASES, build, "qsize-edge120-")


if __name__ == "__main__":
    main()
