"""How a multivector (max_sim) search's CPU grows with the points of its segment, on the real Qdrant v1.19.0 server,
quiet, pinned and saturated (s56), run by hand:

  /work/venv-grpc/bin/python test/calibration/mv_search_sizes.py OUT.json n:d:k:kq[,kq...] ...

MULTIVECTOR_SEARCH (src/topology/throughput.ts) was fitted on segments of 3,000-20,000 points (mv_search_api.py) and is
applied at every size as a factor of the dense search, which grows as (n / 1e5)^γ (segmentSizeFactor). A ColBERT plan
holds hundreds of thousands of points a segment, so this probe measures the growth itself: per spec one fresh server
(engine_identity.Server: ../shared/bin, 127.0.0.1, stopped by its PID) holding one collection `mv` of n points of k
inner d-dimensional vectors (mv_search_cost.draw_points: 256 centres, seed 42, so a smaller n's points are a prefix of
a larger n's), max_sim, Cosine, m 16, ef_construct 100, bulk-loaded over gRPC with indexing off and then built once
(indexing_threshold 1 KB, default_segment_number 1, max_segment_size 8 GB: one indexed segment, one shard). Then every
server thread is pinned to CPU 0 and this client to CPU 1 (engine_identity.pin_quiet), and per kq mv_search_api.measure:
WARMUP searches, N_QUERIES one at a time, CONCURRENCY in flight for SECONDS seconds over REST, hnsw_ef 128, limit 10.
Records the build's wall time and the server's CPU per search. Writes OUT.json (resumable: specs already there skipped).
"""
import json
import os
import sys
import time

from qdrant_client import QdrantClient, models

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_identity import Server, cpu_seconds, each_spec, pin_quiet, wait_green  # noqa: E402
from mv_search_api import measure, rest_body  # noqa: E402
from mv_search_cost import draw_points  # noqa: E402

N_QUERIES = 500


def load(srv, pts) -> dict:
    """Creates `mv` with indexing off, upserts the points over gRPC, turns indexing on and waits for one indexed segment."""
    n, k, d = pts.shape
    client = QdrantClient(url=srv.url, grpc_port=int(srv.env["QDRANT__SERVICE__GRPC_PORT"]), prefer_grpc=True, timeout=3600)
    client.create_collection("mv", vectors_config=models.VectorParams(size=d, distance=models.Distance.COSINE,
                             multivector_config=models.MultiVectorConfig(comparator=models.MultiVectorComparator.MAX_SIM)),
                             optimizers_config=models.OptimizersConfigDiff(indexing_threshold=0, default_segment_number=1, max_segment_size=8_000_000),
                             hnsw_config=models.HnswConfigDiff(m=16, ef_construct=100), shard_number=1)
    t0 = time.time()
    for s in range(0, n, 250):
        client.upsert("mv", points=[models.PointStruct(id=i, vector=pts[i].tolist()) for i in range(s, min(n, s + 250))], wait=False)
    client.upsert("mv", points=[models.PointStruct(id=0, vector=pts[0].tolist())], wait=True)
    upload_s = time.time() - t0
    c0, t1 = cpu_seconds(srv.p.pid), time.time()
    client.update_collection("mv", optimizers_config=models.OptimizersConfigDiff(indexing_threshold=1))
    # Every point indexed (the v1.19.0 server counts a multivector point once in indexed_vectors_count); a build of
    # 160,000 points took 17 minutes on 2 vCPUs, so up to 4 hours.
    info = wait_green(client, "mv", n, min_indexed=1, hours=4)
    build = {"upload_s": upload_s, "build_wall_s": time.time() - t1, "build_cpu_s": cpu_seconds(srv.p.pid) - c0,
             "segments": info.segments_count, "indexed_vectors": info.indexed_vectors_count}
    client.close()
    return build


def main() -> None:
    for spec, rows in each_spec("mv_search_sizes.py"):
        f = spec.split(":")
        n, d, k = (int(v) for v in f[:3])
        kqs = [int(v) for v in f[3].split(",")]
        pts, queries = draw_points(n, d, k, kqs, N_QUERIES)
        with Server() as srv:
            build = load(srv, pts)
            threads = pin_quiet(srv.p.pid)
            for kq in kqs:
                row = {"spec": spec, "n": n, "d": d, "inner_vectors": k, "query_inner_vectors": kq, "api": "rest", "hnsw_ef": 128,
                       **build, "server_threads_pinned_to_cpu0": threads, "client_cpu": 1}
                for key, value in measure(srv, "mv", "rest", [rest_body(q) for q in queries[kq]]).items():
                    row[f"mv_{key}"] = value
                row["loadavg"] = os.getloadavg()
                print(json.dumps(row), flush=True)
                rows.append(row)


if __name__ == "__main__":
    main()
