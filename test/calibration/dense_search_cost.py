"""What one dense search costs the real Qdrant v1.19.0 server, by segment size, dimension, m, ef and protocol (s39),
run by hand:

  /work/venv-grpc/bin/python test/calibration/dense_search_cost.py OUT.json n:d[:m[:segments[:quant[:data]]]] ...

Per spec one fresh server (engine_identity.Server: ../shared/bin, 127.0.0.1, stopped by its PID) and one collection of
n points of d dimensions (Cosine; `data` mix, the harness's: 256 unit centres + Gaussian noise of norm 0.5, seed 42,
or `uniform`: independent Gaussian vectors, the hardest data for a graph search, as full_scan.mjs), HNSW m
(default 16) and ef_construct 100 (Qdrant's defaults), `default_segment_number` segments (default 1, with the optimizer's
`max_segment_size` raised so that it is not split; more, with `max_segment_size` 1.1x an equal share so that they are
not merged; the segments' points are read from the server's telemetry), indexing_threshold 1 KB, `quant` none or int8 (scalar int8,
always_ram, rescoring on: qdrant/vector-db-benchmark's configuration). Loaded over gRPC in batches of 1,000, waited
green. Then, for each protocol (REST and gRPC, qdrant-client) and each hnsw_ef of EFS, SEARCHES searches of limit 10,
drawn like the points, one client, one at a time, after 200 unmeasured: the server's utime + stime (/proc/PID/stat,
10 ms ticks) over the searches, per search, and the wall time. The client runs on the same 2 cores, so wall time is
not the server's latency; only the CPU seconds are used.
"""
import json
import os
import sys
import time

import numpy as np
from qdrant_client import QdrantClient, models

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_identity import Server, cpu_seconds, each_spec, rest, wait_green  # noqa: E402

SEARCHES = int(os.environ.get("SEARCHES", "2000"))
EFS = [int(v) for v in os.environ.get("EFS", "128").split(",")]
WARMUP = 200


def centres_for(rng: np.random.Generator, d: int, data: str) -> np.ndarray:
    """The data's centres: `mix`, 256 unit centres; `uniform`, one zero centre (noise alone: independent Gaussian vectors)."""
    centres = rng.standard_normal((256, d)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    return np.zeros((1, d), dtype=np.float32) if data == "uniform" else centres


def draw(rng: np.random.Generator, centres: np.ndarray, count: int) -> np.ndarray:
    d = centres.shape[1]
    # unit centres + noise of norm ~0.5
    return centres[rng.integers(0, len(centres), size=count)] + (0.5 / np.sqrt(d)) * rng.standard_normal((count, d)).astype(np.float32)


def build(c: QdrantClient, n: int, d: int, m: int, segments: int, quant: str, rng: np.random.Generator, centres: np.ndarray):
    """Collection "c" as the search probes build it (this one and segment_throughput.py): Cosine, m, ef_construct 100,
    indexing_threshold 1 KB, `segments` segments, loaded over `c` in batches of 1,000 and waited green; its info."""
    # One segment: no size limit. More: a limit of 1.1x an equal share, so that the optimizer cannot merge them.
    max_segment_kb = 10_000_000_000 if segments == 1 else int(1.1 * n * d * 4 / segments / 1024) + 1
    q = (models.ScalarQuantization(scalar=models.ScalarQuantizationConfig(type=models.ScalarType.INT8, always_ram=True))
         if quant == "int8" else None)
    c.create_collection("c", vectors_config=models.VectorParams(size=d, distance=models.Distance.COSINE),
                        hnsw_config=models.HnswConfigDiff(m=m, ef_construct=100),
                        optimizers_config=models.OptimizersConfigDiff(default_segment_number=segments, indexing_threshold=1,
                                                                      max_segment_size=max_segment_kb),
                        quantization_config=q, shard_number=1)
    for s in range(0, n, 1000):
        x = draw(rng, centres, min(1000, n - s))
        c.upload_collection("c", vectors=x, ids=list(range(s, s + len(x))), batch_size=1000, parallel=1, wait=False)
    return wait_green(c, "c", n)


def segment_points(url: str) -> list:
    """The segments the searches visit, with their points and whether they hold a graph (the server's telemetry)."""
    tel = rest(f"{url}/telemetry?details_level=10")["result"]
    segs = [x for c_ in tel["collections"]["collections"] for sh in c_["shards"] for x in (sh.get("local") or {}).get("segments", [])]
    return [{"points": x["info"]["num_points"], "type": x["info"]["segment_type"]} for x in segs]




def main() -> None:
    for spec, rows in each_spec("dense_search_cost.py"):
        parts = spec.split(":")
        n, d = int(parts[0]), int(parts[1])
        m = int(parts[2]) if len(parts) > 2 else 16
        segments = int(parts[3]) if len(parts) > 3 else 1
        quant = parts[4] if len(parts) > 4 else "none"
        data = parts[5] if len(parts) > 5 else "mix"
        rng = np.random.default_rng(42)
        centres = centres_for(rng, d, data)
        with Server() as srv:
            grpc_port = int(srv.env["QDRANT__SERVICE__GRPC_PORT"])
            http_port = int(srv.url.rsplit(":", 1)[1])
            clients = {p: QdrantClient(host="127.0.0.1", port=http_port, grpc_port=grpc_port, prefer_grpc=(p == "grpc"), timeout=7200)
                       for p in ("rest", "grpc")}
            c = clients["grpc"]
            t_load = time.time()
            info = build(c, n, d, m, segments, quant, rng, centres)
            load_s = time.time() - t_load
            queries = draw(rng, centres, SEARCHES + WARMUP)
            seg_points = segment_points(srv.url)
            row = {"spec": spec, "n": n, "d": d, "m": m, "segments_asked": segments, "segments": info.segments_count,
                   "segment_points": seg_points, "quantization": quant, "data": data, "searches": SEARCHES, "load_and_build_wall_s": round(load_s, 1)}
            for proto, cl in clients.items():
                for ef in EFS:
                    params = models.SearchParams(hnsw_ef=ef, quantization=models.QuantizationSearchParams(rescore=True) if quant != "none" else None)
                    for j in range(WARMUP):
                        cl.query_points("c", query=queries[SEARCHES + j], limit=10, search_params=params)
                    time.sleep(1)
                    c0, t0 = cpu_seconds(srv.p.pid), time.time()
                    for j in range(SEARCHES):
                        cl.query_points("c", query=queries[j], limit=10, search_params=params)
                    row[f"{proto}_ef{ef}_cpu_s_per_search"] = (cpu_seconds(srv.p.pid) - c0) / SEARCHES
                    row[f"{proto}_ef{ef}_wall_s_per_search"] = (time.time() - t0) / SEARCHES
            row["loadavg"] = os.getloadavg()
            print(json.dumps(row), flush=True)
            rows.append(row)
            for cl in clients.values():
                cl.close()


if __name__ == "__main__":
    main()
