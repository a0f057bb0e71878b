"""What a multivector (max_sim) search costs the real Qdrant v1.19.0 server against a dense search of the same points
(s38), run by hand:

  /work/venv-grpc/bin/python test/calibration/mv_search_cost.py OUT.json n:d:k:kq[,kq...] ...

Per spec one server (engine_identity.Server: ../shared/bin, 127.0.0.1, stopped by its PID), two collections of the same
n points: `mv`, k inner vectors of d dimensions a point (max_sim, Cosine), and `dense`, the first inner vector of each
point; both HNSW-indexed (m 16, ef_construct 100, indexing_threshold 1 KB so every segment is indexed, one segment).
Then 1,000 searches of each at hnsw_ef 128, limit 10, over REST (qdrant-client), the multivector queries of kq inner
vectors drawn like the points (one run per kq): the server's utime + stime (/proc/PID/stat) over the searches, per
search (the clock ticks 10 ms: 1,000 searches of 0.5 ms are 50 ticks).
"""
import json
import os
import sys
import time

import numpy as np
from qdrant_client import QdrantClient, models

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_identity import Server, cpu_seconds, wait_green, write_server_rows  # noqa: E402

SEARCHES = 1000


def draw_points(n: int, d: int, k: int, kqs: list, searches: int):
    """The points (n x k x d, around 256 random centres, seed 42) and, per kq, `searches` queries of kq inner vectors drawn alike."""
    rng = np.random.default_rng(42)
    centres = rng.standard_normal((256, d)).astype(np.float32)
    def draw(count: int) -> np.ndarray:
        return centres[rng.integers(0, 256, size=count)] + 0.5 * rng.standard_normal((count, d)).astype(np.float32)
    pts = draw(n * k).reshape(n, k, d)
    return pts, {kq: draw(searches * kq).reshape(searches, kq, d) for kq in kqs}


def load_pair(client: QdrantClient, pts: np.ndarray) -> None:
    """Collections `mv` (the points' k inner vectors, max_sim, Cosine) and `dense` (each point's first inner vector), HNSW
    m 16, ef_construct 100, indexing_threshold 1 KB, one segment asked, one shard; waits until both are green."""
    n, d = pts.shape[0], pts.shape[2]
    opt = models.OptimizersConfigDiff(indexing_threshold=1, default_segment_number=1)
    hnsw = models.HnswConfigDiff(m=16, ef_construct=100)
    client.create_collection("mv", vectors_config=models.VectorParams(size=d, distance=models.Distance.COSINE,
                             multivector_config=models.MultiVectorConfig(comparator=models.MultiVectorComparator.MAX_SIM)),
                             optimizers_config=opt, hnsw_config=hnsw, shard_number=1)
    client.create_collection("dense", vectors_config=models.VectorParams(size=d, distance=models.Distance.COSINE),
                             optimizers_config=opt, hnsw_config=hnsw, shard_number=1)
    for s in range(0, n, 200):
        client.upsert("mv", points=[models.PointStruct(id=i, vector=pts[i].tolist()) for i in range(s, min(n, s + 200))], wait=True)
        client.upsert("dense", points=[models.PointStruct(id=i, vector=pts[i][0].tolist()) for i in range(s, min(n, s + 200))], wait=True)
    wait_green(client, "mv", n, min_indexed=0)
    wait_green(client, "dense", n, min_indexed=0)


def main() -> None:
    out, specs = sys.argv[1], sys.argv[2:]
    rows = []
    for spec in specs:
        n, d, k = (int(v) for v in spec.split(":")[:3])
        kqs = [int(v) for v in spec.split(":")[3].split(",")]
        pts, queries = draw_points(n, d, k, kqs, SEARCHES)
        with Server() as srv:
            client = QdrantClient(url=srv.url, timeout=3600)
            load_pair(client, pts)
            base = {"n": n, "d": d, "inner_vectors": k, "searches": SEARCHES, "hnsw_ef": 128,
                    "segments": {c: client.get_collection(c).segments_count for c in ("mv", "dense")}}
            for kq in kqs:
                row = {**base, "query_inner_vectors": kq}
                for name in ("dense", "mv"):
                    time.sleep(2)
                    c0, t0 = cpu_seconds(srv.p.pid), time.time()
                    for j in range(SEARCHES):
                        q = queries[kq][j].tolist() if name == "mv" else queries[kq][j][0].tolist()
                        client.query_points(name, query=q, limit=10, search_params=models.SearchParams(hnsw_ef=128))
                    row[f"{name}_cpu_s_per_search"] = (cpu_seconds(srv.p.pid) - c0) / SEARCHES
                    row[f"{name}_wall_s_per_search"] = (time.time() - t0) / SEARCHES
                row["ratio"] = row["mv_cpu_s_per_search"] / row["dense_cpu_s_per_search"]
                row["loadavg"] = os.getloadavg()
                print(json.dumps(row), flush=True)
                rows.append(row)
            client.close()
    write_server_rows(out, "mv_search_cost.py", rows)


if __name__ == "__main__":
    main()
