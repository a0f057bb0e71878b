"""What the request part of a write costs the real Qdrant v1.19.0 server over gRPC against REST (s38), run by hand:

  python3 -m venv /work/venv-grpc && /work/venv-grpc/bin/pip install -r test/calibration/requirements-grpc.txt
  /work/venv-grpc/bin/python test/calibration/write_request_grpc.py data/calibration/server-v1.19.0-extra/write-cost-request-grpc.json 128x50000 768x30000 1536x15000

For each dim x points, one fresh collection per protocol on one server (engine_identity.Server: ../shared/bin,
127.0.0.1, stopped by its PID) with indexing off (`indexing_threshold: 0`: no HNSW build, as write_cost.test.ts's
QSIZE_WRITE_INDEXING=off), the same seeded vectors upserted in batches of 500 with wait=true by qdrant-client, once
over REST (JSON) and once over gRPC (protobuf's packed f32); the server's utime + stime (/proc/PID/stat) over the
upload, per point. The REST run repeats write-cost-request.json's measurement with another client (Python's JSON
encoder instead of Node's), so the two protocols are compared within one run.
"""
import json
import os
import sys
import time

import numpy as np
from qdrant_client import QdrantClient, models

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_identity import Server, cpu_seconds, write_server_rows  # noqa: E402


BATCH = 500


def run(srv: Server, dim: int, n: int, grpc: bool) -> dict:
    grpc_port = int(srv.env["QDRANT__SERVICE__GRPC_PORT"])
    http_port = int(srv.url.rsplit(":", 1)[1])
    client = QdrantClient(host="127.0.0.1", port=http_port, grpc_port=grpc_port, prefer_grpc=grpc, timeout=600)
    name = f"g{dim}" if grpc else f"r{dim}"
    client.create_collection(name, vectors_config=models.VectorParams(size=dim, distance=models.Distance.COSINE),
                             optimizers_config=models.OptimizersConfigDiff(indexing_threshold=0), shard_number=1)
    x = np.random.default_rng(42).standard_normal((n, dim)).astype(np.float32)
    time.sleep(2)
    c0, t0 = cpu_seconds(srv.p.pid), time.time()
    for s in range(0, n, BATCH):
        client.upsert(name, points=[models.PointStruct(id=s + j, vector=x[s + j].tolist()) for j in range(min(BATCH, n - s))], wait=True)
    cpu, wall = cpu_seconds(srv.p.pid) - c0, time.time() - t0
    client.delete_collection(name)
    client.close()
    return {"protocol": "grpc" if grpc else "rest", "dim": dim, "points": n, "batch": BATCH, "upload_cpu_s": round(cpu, 2),
            "upload_wall_s": round(wall, 2), "cpu_s_per_point": cpu / n, "loadavg": os.getloadavg()}


def main() -> None:
    out, specs = sys.argv[1], sys.argv[2:]
    rows = []
    with Server() as srv:
        for spec in specs:
            dim, n = (int(v) for v in spec.split("x"))
            for grpc in (False, True):
                r = run(srv, dim, n, grpc)
                print(json.dumps(r), flush=True)
                rows.append(r)
    write_server_rows(out, "write_request_grpc.py", rows)


if __name__ == "__main__":
    main()
