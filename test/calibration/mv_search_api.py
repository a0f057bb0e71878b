"""A multivector (max_sim) search's CPU by client API, on the real Qdrant v1.19.0 server, quiet, pinned and saturated
(s50), run by hand:

  /work/venv-grpc/bin/python test/calibration/mv_search_api.py OUT.json n:d:k:kq[,kq...]:api ...

mv_search_cost.py (s38) measured the ratio of a max_sim search to a dense search of the same points over REST, one
search at a time, on a machine shared with other jobs: the query's longer parse (k_q x d components of JSON text) was
inside the ratio, so a gRPC client's search was overstated. This probe measures both searches the way request_cost.py
(s49) measured the request, so the request model (REQUEST_COST: r0 + components x f_api) can be taken off each and the
multivector factor fitted on what the shard does:

Per spec one fresh server (engine_identity.Server: ../shared/bin, 127.0.0.1, stopped by its PID) holding the two
collections of mv_search_cost.py (load_pair: `mv`, k inner d-dimensional vectors a point, and `dense`, the first of
them; same points, same seed). Every server thread is then pinned to CPU 0 and this client to CPU 1
(engine_identity.pin_quiet), and per kq and per collection: WARMUP searches, then N_QUERIES one at a time (the server's
CPU per search), then CONCURRENCY searches in flight for SECONDS seconds (REST: loadgen.mjs; gRPC: request_cost.grpc_saturate), hnsw_ef 128, limit 10, no payload,
bodies serialized beforehand, queries of kq inner vectors drawn like the points (the dense collection is searched with
their first vector). `api` is `rest` (JSON, float32 values written in full as Python's and JavaScript's JSON writers
do) or `grpc` (Points/Query, packed floats). Records the server's utime + stime per search.
Prints one JSON row per (spec, kq) and writes them all to OUT.json (resumable: specs already there are skipped).
"""
import json
import os
import sys
import time

import grpc
import httpx
import qdrant_client.grpc as qgrpc
from qdrant_client import QdrantClient

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_identity import Server, cpu_seconds, each_spec, pin_quiet, saturated_cost  # noqa: E402
from mv_search_cost import draw_points, load_pair  # noqa: E402
from request_cost import QUERY_METHOD, grpc_saturate  # noqa: E402
from segment_throughput import saturate  # noqa: E402

N_QUERIES = 500
WARMUP = 100
CONCURRENCY = int(os.environ.get("CONCURRENCY", "16"))
SECONDS = float(os.environ.get("SECONDS", "10"))


def rest_body(q) -> bytes:
    return json.dumps({"query": q.tolist(), "limit": 10, "params": {"hnsw_ef": 128}}).encode()


def grpc_body(name: str, q) -> bytes:
    vec = (qgrpc.VectorInput(multi_dense=qgrpc.MultiDenseVector(vectors=[qgrpc.DenseVector(data=v.tolist()) for v in q]))
           if q.ndim == 2 else qgrpc.VectorInput(dense=qgrpc.DenseVector(data=q.tolist())))
    return qgrpc.QueryPoints(collection_name=name, query=qgrpc.Query(nearest=vec), limit=10,
                             params=qgrpc.SearchParams(hnsw_ef=128)).SerializeToString()


def one_at_a_time(srv, name: str, api: str, bodies: list) -> None:
    if api == "grpc":
        with grpc.insecure_channel(f"127.0.0.1:{srv.env['QDRANT__SERVICE__GRPC_PORT']}") as ch:
            call = ch.unary_unary(QUERY_METHOD, request_serializer=None, response_deserializer=None)
            for b in bodies:
                call(b)
    else:
        with httpx.Client(base_url=srv.url, timeout=60) as http:
            for b in bodies:
                http.post(f"/collections/{name}/points/query", content=b, headers={"content-type": "application/json"}).raise_for_status()


def measure(srv, name: str, api: str, bodies: list) -> dict:
    """WARMUP searches, then the server's CPU per search one at a time (every body once) and saturated."""
    one_at_a_time(srv, name, api, bodies[:WARMUP])
    time.sleep(1)
    c0, t0 = cpu_seconds(srv.p.pid), time.time()
    one_at_a_time(srv, name, api, bodies)
    single = {"one_at_a_time_cpu_s_per_search": (cpu_seconds(srv.p.pid) - c0) / len(bodies),
              "one_at_a_time_wall_s_per_search": (time.time() - t0) / len(bodies)}
    time.sleep(1)
    if api == "grpc":
        cost = saturated_cost(srv.p.pid, lambda: grpc_saturate(f"127.0.0.1:{srv.env['QDRANT__SERVICE__GRPC_PORT']}", bodies, SECONDS, CONCURRENCY))
    else:
        cost = saturated_cost(srv.p.pid, lambda: saturate(srv.url, bodies, SECONDS, CONCURRENCY, name))
    return {**single, **{k: cost[k] for k in ("cpu_s_per_search", "searches", "server_cpu_share")},
            "request_bytes": sum(map(len, bodies)) / len(bodies)}


def main() -> None:
    for spec, rows in each_spec("mv_search_api.py"):
        fields = spec.split(":")
        n, d, k = (int(v) for v in fields[:3])
        kqs = [int(v) for v in fields[3].split(",")]
        api = fields[4]
        if api not in ("rest", "grpc"):
            raise SystemExit(f"{spec}: api {api!r}, expected rest or grpc")
        pts, queries = draw_points(n, d, k, kqs, N_QUERIES)
        with Server() as srv:
            client = QdrantClient(url=srv.url, timeout=3600)
            load_pair(client, pts)
            segments = {c: client.get_collection(c).segments_count for c in ("mv", "dense")}
            client.close()
            # PIN=0 (a check, s50): the server left free on both CPUs, as mv_search_cost.py ran it.
            threads = pin_quiet(srv.p.pid if os.environ.get("PIN", "1") == "1" else [])
            for kq in kqs:
                row = {"spec": spec, "n": n, "d": d, "inner_vectors": k, "query_inner_vectors": kq, "api": api, "hnsw_ef": 128,
                       "segments": segments, "server_threads_pinned_to_cpu0": threads, "client_cpu": 1, "concurrency": CONCURRENCY}
                for name in ("dense", "mv"):
                    qs = queries[kq] if name == "mv" else queries[kq][:, 0, :]
                    bodies = [grpc_body(name, q) for q in qs] if api == "grpc" else [rest_body(q) for q in qs]
                    for key, value in measure(srv, name, api, bodies).items():
                        row[f"{name}_{key}"] = value
                row["ratio"] = row["mv_cpu_s_per_search"] / row["dense_cpu_s_per_search"]
                row["one_at_a_time_ratio"] = row["mv_one_at_a_time_cpu_s_per_search"] / row["dense_one_at_a_time_cpu_s_per_search"]
                row["loadavg"] = os.getloadavg()
                print(json.dumps(row), flush=True)
                rows.append(row)


if __name__ == "__main__":
    main()
