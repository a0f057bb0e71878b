#!/usr/bin/env python3
"""Payload sub-graphs of a text field taken apart per block (qdrant-edge-py 0.9.0): how many level-0 links a token's
block adds per member, as a function of the block's size and of how many blocks the point is in.

For each `links-text-*` case of edge_payload_v1_20.py (the same vectors, titles and config) one optimized segment is
built with the text field indexed and one twin without an index (the main graph alone; one twin per point count), and
kept on disk. Every point's level-0 list is decoded (decode_links.level0_lists; level-0 record i is point i, and the
internal ids of an optimize() of points upserted 0..n-1 are the point ids: checked against vector_storage/matrix.dat).

The blocks the builder builds (qdrant-edge 0.9.0 crate): full_text_index/inverted_index/mod.rs for_each_payload_block
yields one block per token with at least t postings (t = full_scan_threshold in points = KB x 1024 / (4 d));
hnsw/build/additional_links.rs builds it when it holds at most n / int(average level-0 degree of the main graph) x 4
points (PERCOLATION_MULTIPLIER), links the block's points to each other (block.rs, payload_m, level 0 only) and
merges them with graph_layers_builder.rs merge_block, which skips a link the point already holds. The titles'
tokens are drawn independently of the vectors, so a block is a random subset of the segment.

Per point p: added(p) = |level-0 list of p| - the twin's mean degree. Least squares of added(p) on the number of p's
blocks in each size bin gives the links one membership of a block of that size adds. The same per number of blocks
the point is in tells whether a point's several token blocks repeat each other's links (merge_block's skip).

Writes data/calibration/v1.20-structures/text-block-links-0.9.0.json. Run with the 0.9.0 venv and nice:
  nice -n 10 <venv>/bin/python test/calibration/text_block_links.py
"""
from __future__ import annotations

import collections
import datetime as _dt
import glob
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import edge_payload_v1_20 as E  # noqa: E402
from decode_links import level0_lists  # noqa: E402
from harness import machine_info  # noqa: E402

OUT = HERE.parent.parent / "data" / "calibration" / "v1.20-structures" / "text-block-links-0.9.0.json"
CASES = ["links-text-title-20k-fst10", "links-text-title-20k-fst100", "links-text-title-50k-fst1000"]
BIN_EDGES = [20, 30, 50, 80, 130, 200, 300, 450, 700, 1000, 1500, 2200, 3300, 5000, 8000, 12000]


def segment_dir(root: Path) -> str:
    return glob.glob(str(root / "segments/*/vector_index/links_compressed.bin"))[0].rsplit("/vector_index/", 1)[0]


def check_ids(seg: str, case: dict) -> bool:
    """The segment's vectors in internal-id order are the generated vectors in point-id order."""
    x = E.vectors(case["n"], case["d"])
    raw = np.fromfile(seg + "/vector_storage/matrix.dat", dtype=np.uint8)
    v = np.frombuffer(raw[4:4 + x.nbytes].tobytes(), dtype=np.float32).reshape(x.shape)
    return bool(np.array_equal(v, x))


def analyse(case: dict, L: list[list[int]], L0: list[list[int]]) -> dict:
    n = case["n"]
    t = case["fst"] * 1024 // (case["d"] * 4)
    deg = np.array([len(x) for x in L], float)
    deg0 = np.array([len(x) for x in L0], float)
    hi = n // int(deg0.mean()) * 4
    toks = [set(p["title"].split()) for p in E.gen_payloads(case, n)]
    df = collections.Counter(w for ts in toks for w in ts)
    blocks = {w: s for w, s in df.items() if t <= s <= hi}
    edges = [t] + [e for e in BIN_EDGES if e > t]
    X = np.zeros((n, len(edges) - 1))
    k = np.zeros(n, int)
    for p, ts in enumerate(toks):
        for w in ts:
            if w in blocks:
                X[p, min(np.searchsorted(edges, blocks[w], side="right") - 1, len(edges) - 2)] += 1
                k[p] += 1
    used = X.sum(0) > 0
    Xu = X[:, used]
    y = deg - deg0.mean()
    coef, *_ = np.linalg.lstsq(Xu, y, rcond=None)
    res = y - Xu @ coef
    se = np.sqrt(np.diag(res @ res / (n - Xu.shape[1]) * np.linalg.inv(Xu.T @ Xu)))
    labels = [(a, b) for a, b, u in zip(edges[:-1], edges[1:], used) if u]
    by_size = []
    for (a, b), c, e, col in zip(labels, coef, se, Xu.T):
        sizes = [s for s in blocks.values() if a <= s < b or (b == edges[-1] and s == b)]
        mean_size = float(np.average(sizes, weights=sizes))  # membership-weighted
        by_size.append({"block_points": [int(a), int(b)], "blocks": len(sizes), "memberships_per_point": round(float(col.sum() / n), 4),
                        "membership_weighted_block_points": round(mean_size), "links_per_membership": round(float(c), 2),
                        "standard_error": round(float(e), 2),
                        # the main graph's links of p that fall inside the block (its points are a random s / n of the
                        # segment): what merge_block skips if the block graph keeps them too
                        "main_links_inside_block": round(float(deg0.mean() * mean_size / n), 2)})
    by_k = [{"blocks_of_point": int(j), "points": int((k == j).sum()), "added_links": round(float(y[k == j].mean()), 2),
             "per_membership": round(float(y[k == j].mean() / j), 2) if j else None}
            for j in range(k.max() + 1) if (k == j).sum() >= 50]
    return {"threshold_points": int(t), "max_block_points": int(hi), "blocks": len(blocks),
            "block_points_min": int(min(blocks.values())), "block_points_max": int(max(blocks.values())),
            "memberships_per_point": round(float(k.mean()), 4), "deg0_indexed": round(float(deg.mean()), 4),
            "deg0_twin": round(float(deg0.mean()), 4), "added_per_point": round(float(y.mean()), 3),
            "added_per_membership": round(float(y.mean() / k.mean()), 3), "by_block_size": by_size, "by_blocks_of_point": by_k}


def analyse_range(case: dict, L: list[list[int]], L0: list[list[int]]) -> dict:
    """The float field's range blocks on the same vectors (links-float-50k-fst1000): blocks of two histogram steps of
    t / 2 points, [b(i-1), b(i+1)) (numeric_index/query.rs, for_each_payload_block), so a point is in two blocks that
    share its own step. Added links of the points of the inner steps by the step of the neighbour relative to the
    point's own (steps approximated by value rank // (t / 2); the histogram's borders differ by a few points). Without
    repeats the own step would hold as many block links as the two outer steps together (half of each block's)."""
    n = case["n"]
    half = case["fst"] * 1024 // (case["d"] * 4) // 2
    price = np.array([p["price_f"] for p in E.gen_payloads(case, n)])
    rank = np.empty(n, int)
    rank[np.argsort(price)] = np.arange(n)
    step = rank // half
    inner = np.nonzero((step > 1) & (step < step.max() - 1))[0]
    h = np.zeros(9)
    for p in inner:
        for q in L[p]:
            d = step[q] - step[p]
            if -4 <= d <= 4:
                h[d + 4] += 1
        for q in L0[p]:
            d = step[q] - step[p]
            if -4 <= d <= 4:
                h[d + 4] -= 1
    h /= len(inner)
    deg = float(np.mean([len(L[p]) for p in inner]))
    deg0 = float(np.mean([len(x) for x in L0]))
    return {"step_points": int(half), "inner_points": int(len(inner)), "deg0_indexed": round(deg, 3), "deg0_twin": round(deg0, 3),
            "added_per_point": round(deg - deg0, 3),
            "added_by_step_offset_-4_to_4": [round(float(x), 3) for x in h],
            "added_own_step": round(float(h[4]), 3), "added_other_steps": round(float(h.sum() - h[4]), 3)}


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="qsize-text-blocks-"))
    out = {"engine": {"qdrant_edge_py": "0.9.0"}, "machine": machine_info(), "script": "test/calibration/text_block_links.py",
           "cases": {}}
    twins: dict[int, list[list[int]]] = {}
    try:
        for cid in CASES:
            case = next(c for c in E.CASES if c["id"] == cid)
            print(f"{cid} ...", flush=True)
            r = {"case": case}
            if case["n"] not in twins:
                twin = root / f"twin-{case['n']}"
                r["build_noindex"] = E.run_child("build-noindex", case, twin)
                twins[case["n"]], _ = level0_lists(segment_dir(twin) + "/vector_index/links_compressed.bin")
                shutil.rmtree(twin, ignore_errors=True)
            shard = root / cid
            r["build"] = E.run_child("build", case, shard)
            seg = segment_dir(shard)
            r["internal_ids_are_point_ids"] = check_ids(seg, case)
            L, _ = level0_lists(seg + "/vector_index/links_compressed.bin")
            shutil.rmtree(shard, ignore_errors=True)
            r["blocks"] = analyse(case, L, twins[case["n"]])
            r["date_utc"] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
            out["cases"][cid] = r
            OUT.write_text(json.dumps(out, indent=1) + "\n")
            b = r["blocks"]
            print(f"   {b['blocks']} blocks of {b['block_points_min']}-{b['block_points_max']} points, {b['memberships_per_point']} per point, "
                  f"{b['added_per_membership']} links per membership", flush=True)
        case = next(c for c in E.CASES if c["id"] == "links-float-50k-fst1000")
        print(f"{case['id']} ...", flush=True)
        shard = root / case["id"]
        r = {"case": case, "build": E.run_child("build", case, shard)}
        L, _ = level0_lists(segment_dir(shard) + "/vector_index/links_compressed.bin")
        shutil.rmtree(shard, ignore_errors=True)
        r["range_blocks"] = analyse_range(case, L, twins[case["n"]])
        r["date_utc"] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        out["cases"][case["id"]] = r
        OUT.write_text(json.dumps(out, indent=1) + "\n")
        print(f"   {r['range_blocks']}", flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
