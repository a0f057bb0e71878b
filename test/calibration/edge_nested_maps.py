#!/usr/bin/env python3
"""Memory maps of nested (array-element) payload indexes on qdrant-edge-py 0.9.0 (the 1.20 engine; the v1.19.0 server has
no `nested` index parameter), s35.

One shard of 5,000 points (16-d, the `nested` data of edge_payload_v1_20.py: 1-7 `offers` elements a point, each
{sku, qty}), four indexes: `offers[].sku` keyword and `offers[].qty` integer with `nested: "offers"` (element maps
beside each component, `<component>-elements/`), and the same two paths without `nested` (plain multi-value indexes)
under other names. Built and optimized into one segment (edge_segment.build_optimized), then loaded in a fresh process
(EdgeShard.load) and /proc/self/maps counted per payload index folder of the optimized segment.

  /work/venv-090/bin/python test/calibration/edge_nested_maps.py OUT.json
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from edge_payload_v1_20 import field_schema, gen_payloads, vectors  # noqa: E402
from edge_segment import build_optimized, edge_config  # noqa: E402

N, D = 5_000, 16
CASE = {"id": "nested-maps", "n": N, "d": D, "data": "nested"}
INDEXES = [{"field": "offers[].sku", "type": "keyword", "nested": "offers"},
           {"field": "offers[].qty", "type": "integer", "nested": "offers"}]


def build(path: Path) -> None:
    import qdrant_edge as q

    cfg = edge_config(q, D)
    payloads = gen_payloads(CASE, N)
    # The plain twins: the same values copied under `plain` (an array of the same objects), no `nested` parameter.
    for p in payloads:
        p["plain"] = [dict(o) for o in p["offers"]]
    schemas = [(s["field"], field_schema(q, s)) for s in INDEXES]
    schemas += [("plain[].sku", field_schema(q, {"type": "keyword"})), ("plain[].qty", field_schema(q, {"type": "integer"}))]
    x = vectors(N, D)
    build_optimized(q, path, cfg, schemas, N, lambda i: q.Point(i, x[i].tolist(), payloads[i]))


def load_and_count(path: Path) -> dict:
    import qdrant_edge as q

    shard = q.EdgeShard.load(str(path), None)
    lines = Path("/proc/self/maps").read_text().splitlines()
    by_file = Counter()
    for ln in lines:
        parts = ln.split(None, 5)
        if len(parts) == 6 and parts[5].startswith(str(path)):
            by_file[parts[5][len(str(path)) + 1:]] += 1
    shard.close()
    return dict(sorted(by_file.items()))


def main(out: str) -> None:
    root = Path(tempfile.mkdtemp(prefix="edge-nested-maps-"))
    path = root / "shard"
    try:
        build(path)
        p = subprocess.run([sys.executable, __file__, "--count", str(path)], capture_output=True, text=True, check=True)
        by_file = json.loads(p.stdout.strip().splitlines()[-1])
        segs = Counter()
        for k, n in by_file.items():
            if k.startswith("segments/"):
                segs[k.split("/")[1]] += n
        files = sorted(str(f.relative_to(path)) for f in path.rglob("*") if f.is_file() and "/payload_index/" in str(f))
        indexed = {k.split("/")[1] for k in by_file if "/vector_index/" in k}
        per_folder = Counter()
        for k, n in by_file.items():
            g = re.match(r"segments/([^/]+)/payload_index/[0-9a-z]{24}-([^/]+)/", k)
            if g:
                per_folder[("indexed" if g[1] in indexed else "appendable", g[2])] += n
        per_folder_files = Counter()
        for f in files:
            g = re.match(r"segments/([^/]+)/payload_index/[0-9a-z]{24}-([^/]+)/", f)
            if g:
                per_folder_files[("indexed" if g[1] in indexed else "appendable", g[2])] += 1
        from importlib.metadata import version

        res = {"engine": {"qdrant_edge_py": version("qdrant-edge-py")},
               "command": f"/work/venv-090/bin/python test/calibration/edge_nested_maps.py {Path(out).name}",
               "shape": {"points": N, "d": D, "data": "nested (edge_payload_v1_20.py: 1-7 offers a point)",
                         "indexes": INDEXES + [{"field": "plain[].sku", "type": "keyword"}, {"field": "plain[].qty", "type": "integer"}]},
               "maps_per_segment": dict(segs), "maps_per_index_folder": {f"{a}/{b}": n for (a, b), n in sorted(per_folder.items())},
               "files_per_index_folder": {f"{a}/{b}": n for (a, b), n in sorted(per_folder_files.items())},
               "maps_by_file": by_file}
        Path(out).write_text(json.dumps(res, indent=1) + "\n")
        print(json.dumps(res["maps_per_index_folder"], indent=1))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1] == "--count":
        print(json.dumps(load_and_count(Path(sys.argv[2]))))
    else:
        main(sys.argv[1])
