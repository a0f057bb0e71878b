"""A multivector (max_sim) search on quantized codes against the same search on float32 originals, on the real Qdrant
v1.19.0 server, quiet, pinned and saturated (s54), run by hand:

  /work/venv-grpc/bin/python test/calibration/mv_search_codes.py OUT.json n:d:k:kq:quant[:distance] ...

qsize prices a max_sim search from float32 runs (MULTIVECTOR_SEARCH, mv_search_api.py): its pairs term is the call and
arithmetic of one inner similarity. On codes, Qdrant scores every inner pair of a candidate by its own call of the
codes' scorer (qdrant@v1.19.0:lib/segment/src/vector_storage/quantized/quantized_multivector_storage/mod.rs
score_points_batch / score_point, one EncodedVectors::score_point a pair), where float32 originals are one loop over
two contiguous slices (query_scorer/mod.rs score_max_similarity); the graph build's pairs on codes cost about what
float32's do at 128-d (MULTIVECTOR_BUILD.kernels, quant_build_time.py n:d:q:kK). This probe asks whether the search
follows.

Per spec one fresh server (engine_identity.Server: ../shared/bin, 127.0.0.1, stopped by its PID) holding two
collections of the same points (mv_search_cost.draw_points: k inner d-dimensional vectors a point around 256
centres): `mv` float32 and `mvq` with the spec's quantization in RAM (sq8: scalar int8; bq1 / bq1.5 / bq2: binary 1 / 1.5 / 2
bits; tq1 / tq1.5 / tq2 / tq4: TurboQuant of those bits; pq16 / pq4: product x16 / x4; none, a check: float32 again;
s56, originals of another datatype and no quantization: f16 float16, u8 uint8, turbo4 the turbo4 datatype), both
max_sim, Cosine, m 16, ef_construct 100, one indexed segment, one shard. uint8 originals are not normalized and Qdrant
stores them as given, so a u8 spec maps every component to an integer, `clip(round(128 + 40 x), 0, 255)`, and gives
both collections those integers (the float32 one as floats): one geometry, one graph's worth of work, only the
datatype differs. `distance` (s57) is `cosine` (the default, every earlier run), `dot`, `euclid` or (s58) `manhattan`,
both collections'.
Every server thread is pinned to CPU 0 and this client to CPU 1 (engine_identity.pin_quiet); per collection WARMUP
searches, then N_QUERIES one at a time, then CONCURRENCY in flight for SECONDS seconds over REST (mv_search_api.measure),
hnsw_ef 128, limit 10, no payload, Qdrant's default rescoring (the codes' top candidates re-scored on the originals).
`ratio` is the saturated CPU per search of `mvq` over `mv`. Writes OUT.json (resumable: specs already there skipped).
"""
import json
import os
import sys

import numpy as np
from qdrant_client import QdrantClient, models

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_identity import Server, each_spec, pin_quiet, wait_green  # noqa: E402
from mv_search_api import measure, rest_body  # noqa: E402
from mv_search_cost import draw_points  # noqa: E402

N_QUERIES = 500


DATATYPES = {"f16": models.Datatype.FLOAT16, "u8": models.Datatype.UINT8, "turbo4": models.Datatype.TURBO4}
DISTANCES = {"cosine": models.Distance.COSINE, "dot": models.Distance.DOT, "euclid": models.Distance.EUCLID, "manhattan": models.Distance.MANHATTAN}


def quantization(q: str):
    if q == "none" or q in DATATYPES:  # a check of the probe: the same float32 collection twice
        return None
    if q == "sq8":
        return models.ScalarQuantization(scalar=models.ScalarQuantizationConfig(type=models.ScalarType.INT8, always_ram=True))
    if q in ("bq1", "bq1.5", "bq2"):
        enc = {"bq1": models.BinaryQuantizationEncoding.ONE_BIT, "bq1.5": models.BinaryQuantizationEncoding.ONE_AND_HALF_BITS,
               "bq2": models.BinaryQuantizationEncoding.TWO_BITS}[q]
        return models.BinaryQuantization(binary=models.BinaryQuantizationConfig(always_ram=True, encoding=enc))
    if q in ("tq1", "tq1.5", "tq2", "tq4"):  # TurboQuant (1.19.0 has 1, 1.5, 2 and 4 bits; 8 is 1.20's)
        bits = {"tq1": "BITS1", "tq1.5": "BITS1_5", "tq2": "BITS2", "tq4": "BITS4"}[q]
        return models.TurboQuantization(turbo=models.TurboQuantQuantizationConfig(always_ram=True, bits=getattr(models.TurboQuantBitSize, bits)))
    if q.startswith("pq"):
        return models.ProductQuantization(product=models.ProductQuantizationConfig(compression=getattr(models.CompressionRatio, "X" + q[2:]), always_ram=True))
    raise SystemExit(f"quantization {q!r}: expected sq8, bq1, bq1.5, bq2, tq1, tq1.5, tq2, tq4, pq4-pq64, f16, u8 or turbo4")


def load(client: QdrantClient, pts, quant: str, distance: str) -> None:
    n, d = pts.shape[0], pts.shape[2]
    opt = models.OptimizersConfigDiff(indexing_threshold=1, default_segment_number=1)
    hnsw = models.HnswConfigDiff(m=16, ef_construct=100)
    for name, q, dt in (("mv", None, None), ("mvq", quantization(quant), DATATYPES.get(quant))):
        client.create_collection(name, vectors_config=models.VectorParams(size=d, distance=DISTANCES[distance], datatype=dt,
                                 multivector_config=models.MultiVectorConfig(comparator=models.MultiVectorComparator.MAX_SIM)),
                                 optimizers_config=opt, hnsw_config=hnsw, quantization_config=q, shard_number=1)
        for s in range(0, n, 200):
            client.upsert(name, points=[models.PointStruct(id=i, vector=pts[i].tolist()) for i in range(s, min(n, s + 200))], wait=True)
        wait_green(client, name, n, min_indexed=0)


def main() -> None:
    for spec, rows in each_spec("mv_search_codes.py"):
        f = spec.split(":")
        n, d, k, kq = (int(v) for v in f[:4])
        quant = f[4]
        distance = f[5] if len(f) > 5 else "cosine"
        if distance not in DISTANCES:
            raise SystemExit(f"{spec}: distance {distance!r}, expected one of {sorted(DISTANCES)}")
        pts, queries = draw_points(n, d, k, [kq], N_QUERIES)
        if quant == "u8":  # integers for both collections (see the docstring)
            pts = np.clip(np.round(128 + 40 * pts), 0, 255).astype(np.float32)
            queries = {kq: np.clip(np.round(128 + 40 * q), 0, 255).astype(np.float32) for kq, q in queries.items()}
        with Server() as srv:
            client = QdrantClient(url=srv.url, timeout=3600)
            load(client, pts, quant, distance)
            segments = {c: client.get_collection(c).segments_count for c in ("mv", "mvq")}
            client.close()
            threads = pin_quiet(srv.p.pid)
            row = {"spec": spec, "n": n, "d": d, "inner_vectors": k, "query_inner_vectors": kq, "quantization": quant, **({"distance": distance} if len(f) > 5 else {}), "api": "rest",
                   "hnsw_ef": 128, "segments": segments, "server_threads_pinned_to_cpu0": threads, "client_cpu": 1}
            bodies = [rest_body(q) for q in queries[kq]]
            for name in ("mv", "mvq"):
                for key, value in measure(srv, name, "rest", bodies).items():
                    row[f"{name}_{key}"] = value
            row["ratio"] = row["mvq_cpu_s_per_search"] / row["mv_cpu_s_per_search"]
            row["one_at_a_time_ratio"] = row["mvq_one_at_a_time_cpu_s_per_search"] / row["mv_one_at_a_time_cpu_s_per_search"]
            row["loadavg"] = os.getloadavg()
            print(json.dumps(row), flush=True)
            rows.append(row)


if __name__ == "__main__":
    main()
