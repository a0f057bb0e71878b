"""HNSW links files and payload-index memory maps on the real Qdrant v1.19.0 server (engine_identity.Server: the
binary of ../shared/bin, REST on 127.0.0.1, stopped by its PID; one server, one collection at a time).

  maps OUT.json    one collection `m` (8-d Cosine, default_segment_number 1) with a payload index of each type
                   (keyword, integer, float, bool, geo, datetime, uuid, word text) created before 5,000 points are
                   uploaded with indexing off (indexing_threshold 0); then indexing_threshold 1 KB builds one indexed
                   segment. After a restart on the same storage: /proc/PID/maps lines of every storage file and the
                   files of every payload index folder.
  graph OUT_DIR [n:m:d[:clusters]] ...
                   per config one collection of n points generated as graph_sweep_v1_19.run does (numpy
                   default_rng(7), a Gaussian mixture of 64 centres, or uniform on the sphere for clusters 0; Cosine,
                   ef_construct 100, the server's full_scan_threshold 10,000 KB), uploaded with indexing off, then
                   indexed into one segment; every vector_index/ file, written to OUT_DIR/<config id>.json.
  maps-variants OUT.json
                   as maps, with a keyword is_tenant index, on_disk: true indexes of every type and keyword / integer
                   indexes on array element paths ("arr[].sku", "arr[].qty") (s35)
  build OUT_DIR n:m:d[:clusters[:quant[:kK]]] ...
                   as graph, recording the optimizer's own log of the indexing (telemetry) and the load average (s35);
                   quant (sq8, pq4-pq64, bq1; none) adds that quantization_config, so the indexing trains the codes and
                   builds the graph on them (s53: the server check of src/topology/throughput.ts BUILD_KERNEL,
                   CODES_BUILD); kK makes every point a multivector of K inner vectors, max_sim (s54: the server check of
                   MULTIVECTOR_BUILD.kernels)
  payload OUT_DIR CONFIG_ID[:n] ...
                   a payload config of harness.matrix() or payload_block_configs() (the keyword `category` and/or
                   integer `price` indexes as its payload_indexes says, created before the upload, the harness's
                   vectors gen_dense and payloads gen_payload, the config's full_scan_threshold, m 16, ef_construct
                   100), optionally at n points instead of the config's (the first n of the same draws); indexed into
                   one segment as `graph` does; OUT_DIR/<config id>[-n<n>].json.
Run with a python that has numpy (the 0.7.2 venv; qdrant_edge is not used):
  /work/venv-072/bin/python test/calibration/server_graph_maps.py maps data/calibration/engine-identity/server-v1.19.0-index-maps.json
  /work/venv-072/bin/python test/calibration/server_graph_maps.py graph data/calibration/engine-identity/server-v1.19.0-graph \
      20000:16:768 50000:8:128 50000:16:128 50000:32:128   (then 30000:16:768 50000:16:128:0 50000:16:384)
  /work/venv-072/bin/python test/calibration/server_graph_maps.py payload data/calibration/engine-identity/server-v1.19.0-payload \
      fst10-payload-indexed:20000
"""
import json
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine_identity import XZ, Server, cpu_seconds, list_files, maps, rest  # noqa: E402
from graph_sweep_v1_19 import config_id, mixture  # noqa: E402 (the sweep's ids: n50000-m16-d128)
from numeric_histogram import blocks_between  # noqa: E402

TYPES = {"kw": "keyword", "int": "integer", "flt": "float", "bool": "bool", "geo": "geo", "dt": "datetime",
         "uid": "uuid", "txt": {"type": "text", "tokenizer": "word"}}
MAPS_N = 5000


def payload(i: int, rng: random.Random) -> dict:
    return {"kw": f"k{rng.randrange(100)}", "int": rng.randrange(1000), "flt": rng.random() * 100, "bool": rng.random() < 0.5,
            "geo": {"lat": rng.uniform(-80, 80), "lon": rng.uniform(-170, 170)},
            "dt": f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:00:00Z",
            "uid": f"{rng.getrandbits(128):032x}"[:8] + "-0000-4000-8000-" + f"{i:012d}",
            "txt": " ".join(f"w{rng.randrange(500)}" for _ in range(5))}


def index_then_wait(srv: Server, name: str) -> dict:
    rest(f"{srv.url}/collections/{name}", "PATCH", {"optimizers_config": {"indexing_threshold": 1}})
    time.sleep(2)
    return srv.green(name)


def maps_run(out_path: str, indexes: dict, make_payload, command: str) -> None:
    """One collection with `indexes` (field -> field_schema as sent), MAPS_N points of `make_payload`, indexed, the
    server restarted: the process's memory maps per payload index folder and per segment kind (indexed, appendable)."""
    with Server() as srv:
        url = srv.url
        rest(f"{url}/collections/m", "PUT", {"vectors": {"size": 8, "distance": "Cosine"},
                                              "optimizers_config": {"default_segment_number": 1, "indexing_threshold": 0}})
        for f, t in indexes.items():
            rest(f"{url}/collections/m/index?wait=true", "PUT", {"field_name": f, "field_schema": t})
        rng = random.Random(42)
        for s in range(0, MAPS_N, 1000):
            pts = [{"id": i, "vector": [rng.gauss(0, 1) for _ in range(8)], "payload": make_payload(i, rng)} for i in range(s, s + 1000)]
            rest(f"{url}/collections/m/points?wait=true", "PUT", {"points": pts})
        info = index_then_wait(srv, "m")
        srv.restart()
        srv.green("m")
        time.sleep(5)
        m = maps(srv.p.pid, srv.storage)
        files = list_files(srv.storage / "collections" / "m" / "0" / "segments")
        indexed = {f["segment"] for f in files if f["path"].startswith("vector_index/")}
        # Maps per payload index folder ("<24 chars>-<field>-<kind>"), per segment kind.
        per_folder, folders = Counter(), Counter()
        for p, n in m["by_file"].items():
            g = re.match(r"collections/m/0/segments/([0-9a-f-]{36})/payload_index/[0-9a-z]{24}-([^/]+)/", p)
            if g:
                per_folder[("indexed" if g[1] in indexed else "appendable", g[2])] += n
        for f in files:
            g = re.match(r"payload_index/[0-9a-z]{24}-([^/]+)/", f["path"])
            if g:
                folders[("indexed" if f["segment"] in indexed else "appendable", g[1])] += 1
        schema = rest(f"{url}/collections/m")["result"].get("payload_schema")
        out = {"engine": {"server": rest(url)["version"], "binary": XZ.name},
               "shape": {"points": MAPS_N, "vector_size": 8, "indexes": indexes, "default_segment_number": 1,
                         "indexing": "threshold 0 during the upload, then 1 KB"},
               "command": f"/work/venv-072/bin/python test/calibration/server_graph_maps.py {command} {Path(out_path).name}",
               "points_count": info["points_count"], "segments_count": info["segments_count"],
               "indexed_segments": len(indexed), "payload_schema": schema,
               "maps_per_index_folder": {f"{k}/{d}": n for (k, d), n in sorted(per_folder.items())},
               "files_per_index_folder": {f"{k}/{d}": n for (k, d), n in sorted(folders.items())},
               "maps_after_restart": m, "files": files, "cpus": os.cpu_count()}
        Path(out_path).write_text(json.dumps(out, indent=1) + "\n")


def run_maps(out_path: str) -> None:
    maps_run(out_path, TYPES, payload, "maps")


# s35: the index variants the first maps run did not have. Field -> field_schema exactly as sent (REST, v1.19.0);
# `arr` is an array of 1-4 objects {sku, qty}, indexed through the "arr[].sku" / "arr[].qty" paths (one value per element).
VARIANTS = {
    "kwt": {"type": "keyword", "is_tenant": True},
    "kwd": {"type": "keyword", "on_disk": True},
    "intd": {"type": "integer", "on_disk": True},
    "fltd": {"type": "float", "on_disk": True},
    "boold": {"type": "bool", "on_disk": True},
    "geod": {"type": "geo", "on_disk": True},
    "dtd": {"type": "datetime", "on_disk": True},
    "uidd": {"type": "uuid", "on_disk": True},
    "txtd": {"type": "text", "tokenizer": "word", "on_disk": True},
    "arr[].sku": "keyword",
    "arr[].qty": "integer",
}


def variant_payload(i: int, rng: random.Random) -> dict:
    p = payload(i, rng)
    out = {f"{k}d": v for k, v in p.items() if k in ("int", "flt", "bool", "geo", "dt", "txt")}
    out.update({"kwt": f"t{rng.randrange(50)}", "kwd": p["kw"], "uidd": p["uid"],
                "arr": [{"sku": f"s{rng.randrange(500)}", "qty": rng.randrange(1000)} for _ in range(rng.randrange(1, 5))]})
    return out


def run_maps_variants(out_path: str) -> None:
    """As run_maps, with VARIANTS: a keyword is_tenant index, on_disk: true indexes of every type, and keyword and
    integer indexes on array element paths."""
    maps_run(out_path, VARIANTS, variant_payload, "maps-variants")


def vectors(n: int, d: int, clusters: int) -> np.ndarray:
    """graph_sweep_v1_19's data, the same draws in the same order, as float32 for the REST upload."""
    return mixture(n, d, clusters).astype(np.float32)


def quantization_config(q: str) -> dict:
    """The REST quantization_config of a probe's spec name (harness.edge_config's names)."""
    if q == "sq8":
        return {"scalar": {"type": "int8"}}
    if q.startswith("pq"):
        return {"product": {"compression": "x" + q[2:]}}
    if q == "bq1":
        return {"binary": {}}
    raise ValueError(f"quantization {q!r}: sq8, pq4-pq64 or bq1")


def upload_graph_collection(url: str, spec: str) -> tuple:
    """Collection `g` for a spec "n:m:d[:clusters[:quant]]" (ef_construct 100, one segment, indexing off), with
    graph_sweep_v1_19's points uploaded 1,000 at a time; returns (n, m, d, clusters, the sweep's config id, quant)."""
    parts = spec.split(":")
    # kK: every point a multivector of exactly K inner vectors (max_sim), K consecutive draws of the same mixture (s54)
    k = int(parts.pop()[1:]) if len(parts) > 3 and parts[-1][:1] == "k" else None
    quant = parts.pop() if len(parts) > 3 and not parts[-1].isdigit() else None
    quant = None if quant == "none" else quant
    n, m, d, *rest_ = map(int, parts)
    clusters = rest_[0] if rest_ else 64
    x = vectors(n * (k or 1), d, clusters)
    if k:
        x = x.reshape(n, k, d)
    body = {"vectors": {"size": d, "distance": "Cosine", **({"multivector_config": {"comparator": "max_sim"}} if k else {})},
            "hnsw_config": {"m": m, "ef_construct": 100},
            "optimizers_config": {"default_segment_number": 1, "indexing_threshold": 0}}
    if quant:
        body["quantization_config"] = quantization_config(quant)
    rest(f"{url}/collections/g", "PUT", body)
    batch = 1000 // (k or 1)
    for s in range(0, n, batch):
        pts = [{"id": i, "vector": x[i].tolist()} for i in range(s, min(n, s + batch))]
        rest(f"{url}/collections/g/points?wait=true", "PUT", {"points": pts})
    cid = config_id(n, m, d, 100, clusters) + (f"-{quant}" if quant else "") + (f"-k{k}" if k else "")
    return n, m, d, clusters, cid, quant


def run_graph(out_dir: str, specs: list) -> None:
    os.makedirs(out_dir, exist_ok=True)
    with Server() as srv:
        url = srv.url
        version = rest(url)["version"]
        for spec in specs:
            n, m, d, clusters, cid, _ = upload_graph_collection(url, spec)
            t0 = time.time()
            info = index_then_wait(srv, "g")
            files = list_files(srv.storage / "collections" / "g" / "0" / "segments")
            segs = {f["segment"] for f in files if f["path"].startswith("vector_index/")}
            links = [f["apparent"] for f in files if f["path"] == "vector_index/links_compressed.bin"]
            out = {"schema_version": 1, "config_id": cid,
                   "config": {"n": n, "d": d, "dtype": "float32", "distance": "Cosine", "m": m, "ef": 100,
                              "data": "gmm" if clusters else "uniform", "clusters": clusters, "seed": 7,
                              "full_scan_threshold_kb": 10000},
                   "engine": {"server": version, "binary": XZ.name},
                   "command": f"/work/venv-072/bin/python test/calibration/server_graph_maps.py graph {Path(out_dir).name} {spec}",
                   "points_count": info["points_count"], "segments_count": info["segments_count"],
                   "indexed_segments": len(segs), "index_seconds": round(time.time() - t0, 1),
                   "links_file_bytes": sum(links),
                   "graph_bin_bytes": sum(f["apparent"] for f in files if f["path"] == "vector_index/graph.bin"),
                   "vector_index_files": [f for f in files if f["path"].startswith("vector_index/")], "cpus": os.cpu_count()}
            Path(out_dir, f"{cid}.json").write_text(json.dumps(out, indent=1) + "\n")
            print(cid, out["segments_count"], len(segs), out["links_file_bytes"], out["index_seconds"], flush=True)
            rest(f"{url}/collections/g", "DELETE")


# The payload fields these runs index (harness.gen_payload): `ts` is 1,700,000,000 + the point's id, so its values rise
# with the point ids (a timestamp field); `price` is uniform over 1,000,000 integers, independent of the id.
FIELD_SCHEMAS = {"category": "keyword", "price": "integer", "ts": "integer"}


def extra_payload_configs(harness) -> list:
    """fst10-ts-only: fst10-price-only with the integer `ts` indexed instead (values in point-id order, s35)."""
    base = next(c for c in harness.payload_block_configs() if c["id"] == "fst10-price-only")
    return [{**base, "id": "fst10-ts-only", "payload_indexes": "ts"}]


def read_histogram(folder: Path) -> dict:
    """A numeric index's histogram as the server saved it (qdrant@v1.19.0:lib/segment/src/index/field_index/
    histogram.rs, save: histogram_config.json, and histogram_borders.bin = bincode 1 of Vec<(Point<i64>, Counts)>: a u64
    length, then per border val i64, idx u32 (the padding is #[serde(skip)]), left u64, right u64)."""
    import struct

    raw = (folder / "histogram_borders.bin").read_bytes()
    (count,) = struct.unpack_from("<Q", raw, 0)
    borders = [struct.unpack_from("<qIQQ", raw, 8 + 28 * i) for i in range(count)]
    assert 8 + 28 * count == len(raw), (len(raw), count)
    return {"config": json.loads((folder / "histogram_config.json").read_text()), "borders": borders}


def range_blocks(borders: list, values: list, threshold: int) -> list:
    """The blocks for_each_payload_block iterates (qdrant@v1.19.0:lib/segment/src/index/field_index/numeric_index/
    query.rs), replayed on the saved borders: each step is get_range_by_size(lower, effective_threshold / 2)
    (histogram.rs: the first border whose `left` takes the count past the size, Included(border.val)), a block is
    (the step before's lower bound, this step's upper bound], its cardinality counted on the points' values.
    value_per_point = unique (value, point) pairs / points = 1 here (one value a point)."""
    import bisect

    vals = sorted(values)
    half = threshold // 2
    keys = sorted((v, i, left) for v, i, left, _ in borders)

    def upper(lower):  # lower: None (unbounded) or an excluded value
        i = 0 if lower is None else bisect.bisect_right(keys, (lower, 1 << 40, 0))
        reached = 0
        for v, _, left in keys[i:]:
            if reached + left > half:
                return v
            reached += left
        return None  # Unbounded

    return blocks_between(upper, vals)


def find_key(o, key: str) -> list:
    """Every value under `key` anywhere in a JSON tree."""
    out = []
    if isinstance(o, dict):
        for k, v in o.items():
            out += [v] if k == key else find_key(v, key)
    elif isinstance(o, list):
        for v in o:
            out += find_key(v, key)
    return out


def run_build(out_dir: str, specs: list) -> None:
    """The CPU build time of one segment on the server (s35): as `graph`, then the optimizer's own log of the indexing
    (GET /telemetry?details_level=6: optimizations' tracker log, start_at / end_at), the server process's CPU seconds
    over the indexing (/proc/PID/stat utime + stime: what the build costs whatever else runs; the HNSW build threads run
    at low priority, qdrant@v1.19.0 hnsw/build.rs linux_low_thread_priority, so on a shared machine the wall time follows
    the load) and the load average before and after."""
    os.makedirs(out_dir, exist_ok=True)
    with Server() as srv:
        url = srv.url
        version = rest(url)["version"]
        for spec in specs:
            n, m, d, clusters, cid, quant = upload_graph_collection(url, spec)
            k = next((int(p[1:]) for p in spec.split(":")[3:] if p[:1] == "k"), None)
            load_before = os.getloadavg()
            cpu0 = cpu_seconds(srv.p.pid)
            t0 = time.time()
            info = index_then_wait(srv, "g")
            wall = time.time() - t0
            cpu = cpu_seconds(srv.p.pid) - cpu0
            load_after = os.getloadavg()
            tel = rest(f"{url}/telemetry?details_level=6")
            logs = [e for lst in find_key(tel, "log") if isinstance(lst, list) for e in lst if isinstance(e, dict) and "start_at" in e]
            files = list_files(srv.storage / "collections" / "g" / "0" / "segments")
            segs = {f["segment"] for f in files if f["path"].startswith("vector_index/")}
            out = {"schema_version": 1, "config_id": cid,
                   "config": {"n": n, "d": d, "dtype": "float32", "distance": "Cosine", "m": m, "ef": 100,
                              "data": "gmm" if clusters else "uniform", "clusters": clusters, "seed": 7,
                              "full_scan_threshold_kb": 10000, **({"quantization": quant} if quant else {}),
                              **({"inner_vectors": k, "comparator": "max_sim"} if k else {})},
                   "engine": {"server": version, "binary": XZ.name},
                   "command": f"/work/venv-072/bin/python test/calibration/server_graph_maps.py build {Path(out_dir).name} {spec}",
                   "points_count": info["points_count"], "segments_count": info["segments_count"],
                   "indexed_segments": len(segs), "wall_seconds_to_green": round(wall, 1),
                   "server_cpu_seconds": round(cpu, 2),
                   "optimizer_log": logs, "load_average_before": load_before, "load_after": load_after,
                   "links_file_bytes": sum(f["apparent"] for f in files if f["path"] == "vector_index/links_compressed.bin"),
                   "cpus": os.cpu_count()}
            Path(out_dir, f"{cid}.json").write_text(json.dumps(out, indent=1) + "\n")
            print(cid, out["indexed_segments"], round(wall, 1), round(cpu, 1), [(e.get("name"), e.get("start_at"), e.get("end_at")) for e in logs], load_before, load_after, flush=True)
            rest(f"{url}/collections/g", "DELETE")


def run_payload(out_dir: str, specs: list) -> None:
    import harness  # the matrix's configs and data (qdrant_edge is imported only inside its build functions)

    os.makedirs(out_dir, exist_ok=True)
    configs = {c["id"]: c for c in harness.matrix() + harness.payload_block_configs() + extra_payload_configs(harness)}
    with Server() as srv:
        url = srv.url
        version = rest(url)["version"]
        for spec in specs:
            cid, *count = spec.split(":")
            c = configs[cid]
            n = int(count[0]) if count else c["n"]
            x = harness.gen_dense(c, c["n"], c["d"])[:n]  # the config's draws; the first n of them
            prng = np.random.default_rng(c["seed"] + 7)  # harness.child_build's payload generator
            rest(f"{url}/collections/p", "PUT", {"vectors": {"size": c["d"], "distance": c["distance"]},
                                                  "hnsw_config": {"m": c["m"], "ef_construct": c["ef"],
                                                                  "full_scan_threshold": c["full_scan_threshold_kb"]},
                                                  "optimizers_config": {"default_segment_number": 1, "indexing_threshold": 0}})
            # payload_indexes as harness.child_build reads it: True both fields, a field name that field alone.
            # (`ts` only when named: True means category and price, as harness.child_build reads it)
            indexed = [f for f in FIELD_SCHEMAS if c["payload_indexes"] == f or (c["payload_indexes"] is True and f != "ts")]
            for field in indexed:
                rest(f"{url}/collections/p/index?wait=true", "PUT", {"field_name": field, "field_schema": FIELD_SCHEMAS[field]})
            values = {f: [] for f in indexed}
            for s in range(0, n, 500):
                pts = [{"id": i, "vector": x[i].tolist(), "payload": harness.gen_payload(prng, i)} for i in range(s, min(n, s + 500))]
                for p in pts:
                    for f in indexed:
                        values[f].append(p["payload"][f])
                rest(f"{url}/collections/p/points?wait=true", "PUT", {"points": pts})
            t0 = time.time()
            info = index_then_wait(srv, "p")
            files = list_files(srv.storage / "collections" / "p" / "0" / "segments")
            segs = {f["segment"] for f in files if f["path"].startswith("vector_index/")}
            name = cid if n == c["n"] else f"{cid}-n{n}"
            # Each integer index's histogram in the indexed segment and the range blocks the build iterated (s35).
            seg_dir = srv.storage / "collections" / "p" / "0" / "segments"
            threshold = (c["full_scan_threshold_kb"] * 1024) // (c["d"] * 4)
            histograms = {}
            for seg in segs:
                for folder in sorted((seg_dir / seg / "payload_index").glob("*-numeric")):
                    field = re.match(r"[0-9a-z]{24}-(.+)-numeric$", folder.name)[1]
                    h = read_histogram(folder)
                    bl = range_blocks(h["borders"], values[field], threshold)
                    lefts = [b[2] for b in h["borders"]]
                    histograms[field] = {**h, "borders_count": len(lefts), "mean_left": sum(lefts) / len(lefts),
                                         "threshold_points": threshold, "range_blocks": bl,
                                         "range_block_mean": sum(bl) / len(bl),
                                         "range_block_membership_mean": sum(b * b for b in bl) / sum(bl)}
            out = {"schema_version": 1, "config_id": name, "config": {**c, "n": n},
                   "engine": {"server": version, "binary": XZ.name},
                   "command": f"/work/venv-072/bin/python test/calibration/server_graph_maps.py payload {Path(out_dir).name} {spec}",
                   "points_count": info["points_count"], "segments_count": info["segments_count"],
                   "indexed_segments": len(segs), "index_seconds": round(time.time() - t0, 1),
                   "links_file_bytes": sum(f["apparent"] for f in files if f["path"] == "vector_index/links_compressed.bin"),
                   "graph_bin_bytes": sum(f["apparent"] for f in files if f["path"] == "vector_index/graph.bin"),
                   "vector_index_files": [f for f in files if f["path"].startswith("vector_index/")], "cpus": os.cpu_count()}
            if histograms:
                out["numeric_histograms"] = histograms
            Path(out_dir, f"{name}.json").write_text(json.dumps(out, indent=1) + "\n")
            print(name, out["segments_count"], len(segs), out["links_file_bytes"], out["index_seconds"],
                  {f: (h["borders_count"], round(h["range_block_mean"]), round(h["range_block_membership_mean"])) for f, h in histograms.items()}, flush=True)
            rest(f"{url}/collections/p", "DELETE")


if __name__ == "__main__":
    if sys.argv[1] == "maps":
        run_maps(sys.argv[2])
    elif sys.argv[1] == "maps-variants":
        run_maps_variants(sys.argv[2])
    elif sys.argv[1] == "build":
        run_build(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == "payload":
        run_payload(sys.argv[2], sys.argv[3:])
    else:
        run_graph(sys.argv[2], sys.argv[3:])
