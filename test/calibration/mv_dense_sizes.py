"""The dense collections beside the multivector runs, by size (s50), run by hand:

  /work/venv-grpc/bin/python test/calibration/mv_dense_sizes.py OUT.json n [n ...]

mv_search_api.py's 20,000-point dense collection searched at 2.3 times its 5,000-point one, where the dense model says
1.45 (n^0.27). This probe asks whether that is the size or the graph drawn: one server, one dense collection per n of
the points mv_search_cost.draw_points draws for 64-d, 16 inner vectors (their first vectors, as load_pair loads
them: m 16, ef_construct 100, indexing_threshold 1 KB, one segment asked), the server then pinned to CPU 0 and this
client to CPU 1, and per collection mv_search_api.measure over REST (500 one at a time, 16 in flight for SECONDS s).
Writes the rows (n, segments, each reading) to OUT.json.
"""
import os
import sys

from qdrant_client import QdrantClient, models

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_identity import Server, pin_quiet, wait_green, write_server_rows  # noqa: E402
from mv_search_api import N_QUERIES, measure, rest_body  # noqa: E402
from mv_search_cost import draw_points  # noqa: E402


def main() -> None:
    out, sizes = sys.argv[1], [int(x) for x in sys.argv[2:]]
    rows, bodies = [], {}
    os.sched_setaffinity(0, {0, 1})
    with Server() as srv:
        client = QdrantClient(url=srv.url, timeout=3600)
        for n in sizes:
            pts, queries = draw_points(n, 64, 16, [1], N_QUERIES)
            name = f"d{n}"
            client.create_collection(name, vectors_config=models.VectorParams(size=64, distance=models.Distance.COSINE),
                                     optimizers_config=models.OptimizersConfigDiff(indexing_threshold=1, default_segment_number=1),
                                     hnsw_config=models.HnswConfigDiff(m=16, ef_construct=100), shard_number=1)
            for s in range(0, n, 200):
                client.upsert(name, points=[models.PointStruct(id=i, vector=pts[i][0].tolist()) for i in range(s, min(n, s + 200))], wait=True)
            info = wait_green(client, name, n, min_indexed=0)
            bodies[n] = [rest_body(q) for q in queries[1][:, 0, :]]
            rows.append({"n": n, "d": 64, "segments": info.segments_count, "indexed_vectors": info.indexed_vectors_count})
        client.close()
        pin_quiet(srv.p.pid)
        for row in rows:
            row.update(measure(srv, f"d{row['n']}", "rest", bodies[row["n"]]))
            row["loadavg"] = os.getloadavg()
            print(row, flush=True)
    os.sched_setaffinity(0, {0, 1})
    write_server_rows(out, "mv_dense_sizes.py", rows)


if __name__ == "__main__":
    main()
