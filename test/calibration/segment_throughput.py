"""Throughput at saturation against the CPU of one search, by segment count, on the real Qdrant v1.19.0 server (s40),
run by hand:

  /work/venv-grpc/bin/python test/calibration/segment_throughput.py OUT.json n:d:segments[:data] ...

The planner sizes a query load as `qps × shards × c / 0.6` (docs/topology.md section 6), with `c` the server CPU of
one search measured one search at a time (dense_search_cost.py), and it offers `default_segment_number` 2 for a query
load because `c` grows with the segments a shard is split into (src/plan/variants.ts FEWER_SEGMENTS). Both rest on one
premise: a CPU saturated by many concurrent searches serves `1 / c` of them a second. This probe checks it.

Per spec one fresh server (engine_identity.Server: ../shared/bin, 127.0.0.1, stopped by its PID) and one collection
built as dense_search_cost.py builds it (n points of d dimensions, Cosine, m 16, ef_construct 100, `segments` indexed
segments, `data` uniform or mix), loaded on both cores. Then every server thread is pinned to CPU 0 and this client
to CPU 1, so that the client's own work never takes the server's CPU (the server still sees 2 CPUs, as its thread
pools were sized at start). Two readings over REST (POST /collections/c/points/query, hnsw_ef 128, limit 10, bodies
serialized beforehand):
- one at a time: SEARCHES searches, the server's utime + stime per search (`c`) and the wall time per search;
- saturated: CONCURRENCY searches in flight for SECONDS seconds (test/calibration/loadgen.mjs, Node's http with
  keep-alive: Python's asyncio client saturated its own CPU at a third of the server's), searches completed a second,
  and the server's CPU per search under that load.
Prints one JSON row per spec and writes them all to OUT.json (resumable: specs already there are skipped).
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np
from qdrant_client import QdrantClient

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_identity import Server, cpu_seconds, each_spec, pin_quiet, saturated_cost  # noqa: E402
from dense_search_cost import build, centres_for, draw, segment_points  # noqa: E402 (the same collections and data)

SEARCHES = int(os.environ.get("SEARCHES", "1000"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "16"))
SECONDS = float(os.environ.get("SECONDS", "20"))
WARMUP = 200




def saturate(url: str, bodies: list, seconds: float, concurrency: int, collection: str = "c") -> int:
    """Runs loadgen.mjs (inheriting this process's CPU affinity) against `collection` and returns the searches it completed."""
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"segment-throughput-{os.getpid()}.jsonl"
    path.write_bytes(b"\n".join(bodies) + b"\n")
    try:
        script = Path(__file__).with_name("loadgen.mjs")
        out = subprocess.run(["node", str(script), url, str(path), str(concurrency), str(seconds), collection], check=True, capture_output=True, text=True).stdout
    finally:
        path.unlink()
    res = json.loads(out)
    if res["failed"]:
        raise RuntimeError(f"{res['failed']} searches failed")
    return res["done"]


def main() -> None:
    for spec, rows in each_spec("segment_throughput.py"):
        parts = spec.split(":")
        n, d, segments = int(parts[0]), int(parts[1]), int(parts[2])
        data = parts[3] if len(parts) > 3 else "uniform"
        rng = np.random.default_rng(42)
        centres = centres_for(rng, d, data)
        with Server() as srv:
            grpc_port = int(srv.env["QDRANT__SERVICE__GRPC_PORT"])
            c = QdrantClient(host="127.0.0.1", port=int(srv.url.rsplit(":", 1)[1]), grpc_port=grpc_port, prefer_grpc=True, timeout=7200)
            build(c, n, d, 16, segments, "none", rng, centres)
            c.close()
            seg_points = segment_points(srv.url)
            threads = pin_quiet(srv.p.pid)
            queries = draw(rng, centres, SEARCHES + WARMUP)
            bodies = [json.dumps({"query": q.tolist(), "limit": 10, "params": {"hnsw_ef": 128}}).encode() for q in queries]
            row = {"spec": spec, "n": n, "d": d, "segments_asked": segments, "segment_points": seg_points, "data": data,
                   "server_threads_pinned_to_cpu0": threads, "client_cpu": 1}
            with httpx.Client(base_url=srv.url, timeout=60) as http:
                for b in bodies[SEARCHES:]:
                    http.post("/collections/c/points/query", content=b, headers={"content-type": "application/json"}).raise_for_status()
                time.sleep(1)
                c0, t0 = cpu_seconds(srv.p.pid), time.time()
                for b in bodies[:SEARCHES]:
                    http.post("/collections/c/points/query", content=b, headers={"content-type": "application/json"}).raise_for_status()
                row["one_at_a_time_cpu_s_per_search"] = (cpu_seconds(srv.p.pid) - c0) / SEARCHES
                row["one_at_a_time_wall_s_per_search"] = (time.time() - t0) / SEARCHES
            time.sleep(1)
            cost = saturated_cost(srv.p.pid, lambda: saturate(srv.url, bodies, SECONDS, CONCURRENCY))
            row.update({"concurrency": CONCURRENCY, "saturated_seconds": round(cost["seconds"], 2), "saturated_searches": cost["searches"],
                        "saturated_qps": cost["searches"] / cost["seconds"], "saturated_server_cpu_share": cost["server_cpu_share"],
                        "saturated_cpu_s_per_search": cost["cpu_s_per_search"], "loadavg": os.getloadavg()})
            row["qps_against_one_over_c"] = row["saturated_qps"] * row["one_at_a_time_cpu_s_per_search"]
            print(json.dumps(row), flush=True)
            rows.append(row)


if __name__ == "__main__":
    main()
