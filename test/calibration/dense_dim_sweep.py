"""A dense graph search's CPU by dimension, segment size and what the graph walk scores (s51), on the real Qdrant
v1.19.0 server, quiet, pinned and saturated, run by hand:

  /work/venv-grpc/bin/python test/calibration/dense_dim_sweep.py OUT.json n:d:quantization[:datatype[:distance]] ...

`quantization` is `sq` (scalar int8, always_ram), `bq` (binary 1-bit, always_ram), `pq4` / `pq8` / `pq16` / `pq32` /
`pq64` (product quantization at that compression ratio, always_ram), `tq1` / `tq2` / `tq4` (TurboQuant at that many
bits, always_ram) or `none`; `datatype` the stored originals, `float32` (the default), `float16`, `uint8` or `turbo4`
(s52: the walk over originals that are not float32, and over product and TurboQuant codes, which the model charged by
their bytes); `distance` `cosine` (the default), `dot`, `euclid` or `manhattan` (s59).

The dense model's dimension share β (SEARCH_COST.dimShare, 0.52) comes from two published runs with scalar quantization (BENCH's dbpedia 1536-d
and deep-image 96-d, vector-db-benchmark's qdrant-single-node-sq-rps), but s50's dense searches of float32 vectors at
3,000-20,000 points cost 3.3-4.1 times as much at 1,024-d as at 64-d, where β 0.52 gives 1.4. In v1.19.0 the graph
walk scores with the quantized vectors when a segment has them (lib/segment/src/index/vector_index_search_common.rs
`is_quantized_search`), so the bytes a distance reads are D x 4 (float32), D (int8) or D / 8 (1-bit): this probe
asks whether the dimension term follows them.

Per spec one fresh server (engine_identity.Server: ../shared/bin, 127.0.0.1, stopped by its PID) and one collection
"c": n points of d dimensions, standard normal components (a uniform direction on the sphere), Cosine, m 16,
ef_construct 100, one segment asked (default_segment_number 1, max_segment_size above the collection,
indexing_threshold 1 KB), the quantization in RAM, loaded over gRPC on both cores. Then every server thread is pinned
to CPU 0 and this client to CPU 1 (engine_identity.pin_quiet), and per mode over gRPC (Points/Query, limit 10, hnsw_ef
128, packed floats, serialized beforehand): WARMUP searches, then CONCURRENCY searches in flight for SECONDS seconds
(request_cost.grpc_saturate), the server's utime + stime per search. The modes search the same graph:
- `quantized`: the server's defaults (scalar: no rescoring; binary: the top 10 rescored with the originals,
  quantized_vectors/accessors.rs `default_rescoring`);
- `float32` (or the datatype's name): `quantization.ignore` true, the walk scoring the originals (with `none`, the
  only mode).
Prints one JSON row per spec and writes them all to OUT.json (resumable: specs already there are skipped).
"""
import json
import os
import sys
import time

import numpy as np
import qdrant_client.grpc as qgrpc
from qdrant_client import QdrantClient, models

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_identity import Server, each_spec, pin_quiet, saturated_cost, wait_green  # noqa: E402
from request_cost import grpc_one_at_a_time, grpc_saturate  # noqa: E402

QUERIES = 500
WARMUP = 200
CONCURRENCY = int(os.environ.get("CONCURRENCY", "16"))
SECONDS = float(os.environ.get("SECONDS", "10"))
QUANTIZATION = {
    "sq": models.ScalarQuantization(scalar=models.ScalarQuantizationConfig(type=models.ScalarType.INT8, always_ram=True)),
    "bq": models.BinaryQuantization(binary=models.BinaryQuantizationConfig(always_ram=True)),
    **{f"pq{r}": models.ProductQuantization(product=models.ProductQuantizationConfig(compression=getattr(models.CompressionRatio, f"X{r}"), always_ram=True))
       for r in (4, 8, 16, 32, 64)},
    **{f"tq{b}": models.TurboQuantization(turbo=models.TurboQuantQuantizationConfig(bits=getattr(models.TurboQuantBitSize, f"BITS{b}"), always_ram=True))
       for b in ("1", "2", "4")},
    "none": None,
}
DISTANCES = {"cosine": models.Distance.COSINE, "dot": models.Distance.DOT, "euclid": models.Distance.EUCLID, "manhattan": models.Distance.MANHATTAN}
DATATYPES = {"float32": models.Datatype.FLOAT32, "float16": models.Datatype.FLOAT16, "uint8": models.Datatype.UINT8, "turbo4": models.Datatype.TURBO4}


def vectors(rng: np.random.Generator, k: int, d: int, datatype: str) -> np.ndarray:
    """Standard normal components; uint8 originals take integers 0-255 (Qdrant stores uint8 vectors as given)."""
    if datatype == "uint8":
        return rng.integers(0, 256, (k, d)).astype(np.float32)
    return rng.standard_normal((k, d), dtype=np.float32)


def body(q: np.ndarray, ignore: bool) -> bytes:
    params = qgrpc.SearchParams(hnsw_ef=128, quantization=qgrpc.QuantizationSearchParams(ignore=ignore))
    return qgrpc.QueryPoints(collection_name="c", query=qgrpc.Query(nearest=qgrpc.VectorInput(dense=qgrpc.DenseVector(data=q.tolist()))),
                             limit=10, params=params).SerializeToString()


def load(srv, n: int, d: int, quantization: str, datatype: str, distance: str, rng: np.random.Generator) -> dict:
    grpc_port = int(srv.env["QDRANT__SERVICE__GRPC_PORT"])
    client = QdrantClient(host="127.0.0.1", port=int(srv.url.rsplit(":", 1)[1]), grpc_port=grpc_port, prefer_grpc=True, timeout=3600)
    client.create_collection("c", vectors_config=models.VectorParams(size=d, distance=DISTANCES[distance], datatype=DATATYPES[datatype]),
                             optimizers_config=models.OptimizersConfigDiff(indexing_threshold=1, default_segment_number=1,
                                                                           max_segment_size=n * d * 4 // 1024 * 2 + 1024),
                             hnsw_config=models.HnswConfigDiff(m=16, ef_construct=100), quantization_config=QUANTIZATION[quantization],
                             shard_number=1)
    batch = max(1, 2_000_000 // (d * 4))
    for s in range(0, n, batch):
        k = min(batch, n - s)
        client.upsert("c", points=models.Batch(ids=list(range(s, s + k)), vectors=vectors(rng, k, d, datatype).tolist()), wait=True)
    t0 = time.time()
    info = wait_green(client, "c", n)
    client.close()
    return {"segments": info.segments_count, "indexed_vectors": info.indexed_vectors_count, "green_after_upload_s": time.time() - t0}


def main() -> None:
    for spec, rows in each_spec("dense_dim_sweep.py"):
        n_s, d_s, quantization, *rest = spec.split(":")
        n, d = int(n_s), int(d_s)
        datatype, distance = (rest + ["float32", "cosine"][len(rest):])[:2]
        if quantization not in QUANTIZATION:
            raise SystemExit(f"{spec}: quantization {quantization!r}, expected one of {sorted(QUANTIZATION)}")
        if datatype not in DATATYPES:
            raise SystemExit(f"{spec}: datatype {datatype!r}, expected one of {sorted(DATATYPES)}")
        if distance not in DISTANCES:
            raise SystemExit(f"{spec}: distance {distance!r}, expected one of {sorted(DISTANCES)}")
        rng = np.random.default_rng(51)
        with Server() as srv:
            row = {"spec": spec, "n": n, "d": d, "quantization": quantization, **({"datatype": datatype} if rest else {}), **({"distance": distance} if len(rest) > 1 else {}),
                   "hnsw_ef": 128, "api": "grpc", "concurrency": CONCURRENCY, **load(srv, n, d, quantization, datatype, distance, rng)}
            queries = vectors(rng, QUERIES, d, datatype)
            row["server_threads_pinned_to_cpu0"] = pin_quiet(srv.p.pid)
            target = f"127.0.0.1:{srv.env['QDRANT__SERVICE__GRPC_PORT']}"
            modes = ((("quantized", False),) if quantization != "none" else ()) + ((datatype, True),)
            for mode, ignore in modes:
                bodies = [body(q, ignore) for q in queries]
                grpc_one_at_a_time(target, bodies[:WARMUP])
                time.sleep(1)
                cost = saturated_cost(srv.p.pid, lambda: grpc_saturate(target, bodies, SECONDS, CONCURRENCY))
                for key in ("cpu_s_per_search", "searches", "server_cpu_share"):
                    row[f"{mode}_{key}"] = cost[key]
            if quantization != "none":
                row[f"{datatype}_over_quantized"] = row[f"{datatype}_cpu_s_per_search"] / row["quantized_cpu_s_per_search"]
            row["loadavg"] = os.getloadavg()
            print(json.dumps(row), flush=True)
            rows.append(row)


if __name__ == "__main__":
    main()
