"""Where a many-segment shard's search CPU goes, on the real Qdrant v1.19.0 server (s41), run by hand:

  /work/venv-grpc/bin/python test/calibration/segment_paths.py OUT.json d data NxSEGMENTS ...

s40 measured that 100,000 points in 4 segments serve 3.4-4.2 times fewer searches than in one, where the model's `c`
(docs/topology.md section 6) grows 1.6-1.7 times, and left the cause open (data/calibration/segment-throughput/README.md).
This probe separates the candidates on one server: per spec a fresh collection "c" of N points of d dimensions in
SEGMENTS segments, built as dense_search_cost.py builds it (Cosine, m 16, ef_construct 100, `indexing_threshold` 1 KB,
segments held apart by `max_segment_size`), every server thread then pinned to CPU 0 and this client to CPU 1, and the
server's utime + stime per search, one search at a time over REST:
- HNSW at hnsw_ef 128, limit 10 (1,000 searches after 300 unmeasured);
- exact (`"exact": true`, a full scan of every segment: the same work whatever the segment count, so any per-segment
  cost outside the graph search, a task, a visited list, the merge, shows as a difference between segment counts);
- the path each segment took, from the server's telemetry (`vector_index_searches`: unfiltered_hnsw, unfiltered_plain
  for a segment under full_scan_threshold, unfiltered_exact).
Standalone collections of one segment of a segment's size (25,000, 12,500 points) give the graph search of that size.
The server is ../shared/bin's (engine_identity.Server: 127.0.0.1, stopped by its PID). Writes the rows to OUT.json.
"""
import json
import os
import sys
import time
from pathlib import Path

import httpx
import numpy as np
from qdrant_client import QdrantClient

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_identity import Server, cpu_seconds, pin  # noqa: E402 (pin: every server thread to the CPUs given)
from dense_search_cost import build, centres_for, draw  # noqa: E402 (the same collections and data)


def main() -> None:
    out, d, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    specs = [tuple(map(int, s.split("x"))) for s in sys.argv[4:]]
    rows = []
    with Server() as srv:
        grpc_port = int(srv.env["QDRANT__SERVICE__GRPC_PORT"])
        http_port = int(srv.url.rsplit(":", 1)[1])
        c = QdrantClient(host="127.0.0.1", port=http_port, grpc_port=grpc_port, prefer_grpc=True, timeout=3600)
        h = httpx.Client()
        rng = np.random.default_rng(7)
        centres = centres_for(rng, d, data)
        q = draw(rng, centres, 1300)
        hnsw = [json.dumps({"query": v.tolist(), "limit": 10, "params": {"hnsw_ef": 128}}) for v in q]
        exact = [json.dumps({"query": v.tolist(), "limit": 10, "params": {"exact": True}}) for v in q[:300]]

        def search(body: str) -> None:
            r = h.post(f"{srv.url}/collections/c/points/query", content=body, headers={"content-type": "application/json"})
            r.raise_for_status()

        def cpu_ms(bodies: list) -> float:
            time.sleep(0.5)
            c0 = cpu_seconds(srv.p.pid)
            for b in bodies:
                search(b)
            return (cpu_seconds(srv.p.pid) - c0) / len(bodies) * 1e3

        for n, segments in specs:
            c.delete_collection("c")
            t = time.time()
            build(c, n, d, 16, segments, "none", np.random.default_rng(42), centres)
            pin(srv.p.pid, {0})
            os.sched_setaffinity(0, {1})
            for b in hnsw[1000:]:
                search(b)
            row = {"n": n, "d": d, "data": data, "segments_asked": segments, "build_s": round(time.time() - t),
                   "hnsw_ef128_cpu_ms": round(cpu_ms(hnsw[:1000]), 4), "exact_cpu_ms": round(cpu_ms(exact), 4)}
            tel = h.get(f"{srv.url}/telemetry?details_level=10").json()["result"]
            row["segments"] = [{"points": x["info"]["num_points"],
                                "paths": {k: v.get("count") for vi in x.get("vector_index_searches", []) for k, v in vi.items() if isinstance(v, dict) and v.get("count")}}
                               for col in tel["collections"]["collections"] for sh in col["shards"] for x in sh["local"]["segments"]]
            print(json.dumps(row), flush=True)
            rows.append(row)
            pin(srv.p.pid, {0, 1})
            os.sched_setaffinity(0, {0, 1})
    prev = json.loads(Path(out).read_text()) if Path(out).exists() else {"runs": []}
    prev["runs"].append({"date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "command": " ".join(sys.argv), "rows": rows})
    prev.update({"probe": "test/calibration/segment_paths.py", "server": "Qdrant v1.19.0 (../shared/bin)", "nproc": os.cpu_count(),
                 "cpu": "AMD EPYC (KVM guest, 2 vCPU, 1 thread per core)"})
    Path(out).write_text(json.dumps(prev, indent=1) + "\n")


if __name__ == "__main__":
    main()
