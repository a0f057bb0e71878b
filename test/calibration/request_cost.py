"""The fixed CPU of a search request and the full scan's per-point cost, on the real Qdrant v1.19.0 server, quiet and
pinned (s48), run by hand:

  /work/venv-grpc/bin/python test/calibration/request_cost.py OUT.json n:d:shards[:segments[:peers[:api]]] ...

`FULL_SCAN` (src/topology/throughput.ts) was fitted by test/calibration/full_scan.mjs on 2026-12-01 with one client
searching one at a time on a machine shared with other jobs (load average 3.8 at the start, 24.9 at the end), the
server free to run on both CPUs: its request `a` = 0.463 ms a shard. segment_throughput.py then measured a
1,000-point 64-d full scan at 0.190 ms one at a time and 0.098 ms saturated on the server pinned to one CPU. The
planner sizes a load as `qps x shards x c / 0.6`, which assumes a CPU busy with many searches (saturated), so this
probe measures `a` and the scan's per-point costs the way a busy server pays them, and splits `a` into what a request
pays once and what each of its shards pays.

Per spec one fresh server (engine_identity.Server: ../shared/bin, 127.0.0.1, stopped by its PID) and one collection
"c" of n points of d dimensions (uniform components in [-1, 1], Cosine), `shards` shards on this one peer,
`segments` segments a shard (default_segment_number; 2 unset, the server's own default on 2 CPUs), indexing_threshold 0 (no graph: every search a full scan of every segment), loaded on both cores. Then every server
thread is pinned to CPU 0 and this client to CPU 1 (engine_identity.pin_quiet), and two readings over REST (POST
/collections/c/points/query, limit 10, no payload; bodies serialized beforehand):
- one at a time: SEARCHES searches, the server's utime + stime per search and the wall time per search;
- saturated: CONCURRENCY searches in flight for SECONDS seconds (loadgen.mjs), the server's CPU per search.
With `peers` > 1 the collection is made on a cluster of that many peers on loopback (the first bootstraps Raft, the
others join it; server_harness.Server's environment, p2p on 127.0.0.1), replication_factor 1, so its shards spread
over the peers; every peer's threads are pinned to CPU 0, the searches go to the first peer's REST port, and the CPU
is the sum over the peers: what a search that fans out to remote peers costs the cluster, against the same shards on
one peer.
`api` (s49) is how the searches are sent: `rest3` (the default, and every s48 row) REST with each component written
to 3 decimals ("-0.123"); `rest` REST with the float32 values a client holds, written in full as Python's and
JavaScript's JSON writers do ("0.5488135027885437"); `grpc` the gRPC Points/Query call (protobuf, 4 bytes a
component), one at a time on a blocking channel and saturated by grpc.aio in this process (CONCURRENCY calls in
flight, requests serialized beforehand), on the first peer's gRPC port.
Prints one JSON row per spec and writes them all to OUT.json (resumable: specs already there are skipped).
"""
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import asyncio

import grpc
import httpx
import numpy as np
import qdrant_client.grpc as qgrpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_identity import Server, cpu_of, each_spec, pin_quiet, saturated_cost  # noqa: E402
from segment_throughput import saturate  # noqa: E402
from dense_search_cost import segment_points  # noqa: E402
from server_harness import Server as PeerServer, prepare_binary  # noqa: E402

SEARCHES = int(os.environ.get("SEARCHES", "2000"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "16"))
SECONDS = float(os.environ.get("SECONDS", "15"))
WARMUP = 200


def load(url: str, n: int, d: int, shards: int, segments: int, rng: np.random.Generator) -> None:
    with httpx.Client(base_url=url, timeout=600) as http:
        http.put("/collections/c", json={"vectors": {"size": d, "distance": "Cosine"}, "shard_number": shards,
                                         "optimizers_config": {"indexing_threshold": 0, "default_segment_number": segments}}).raise_for_status()
        for s in range(0, n, 2000):
            k = min(2000, n - s)
            x = np.round(rng.uniform(-1, 1, (k, d)), 3)
            http.put("/collections/c/points?wait=true", json={"batch": {"ids": list(range(s, s + k)), "vectors": x.tolist()}}).raise_for_status()
        for _ in range(600):
            info = http.get("/collections/c").json()["result"]
            if info["status"] == "green" and info["points_count"] == n:
                return
            time.sleep(1)
        raise RuntimeError("collection not green")


class Cluster:
    """`peers` servers in cluster mode on loopback, all on the same binary, stopped by their PIDs on exit. `.url` is
    the first peer's REST address, `.pids` every peer's."""

    def __init__(self, peers: int):
        self.n = peers

    def __enter__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="request-cost-cluster-"))
        binary = prepare_binary(self.tmp)
        self.servers = []
        for i in range(self.n):
            root = self.tmp / f"peer{i}"
            root.mkdir()
            # The first peer starts the cluster; the others join it by its p2p URI.
            first = f"http://127.0.0.1:{self.servers[0].p2p}" if self.servers else None
            srv = PeerServer(binary, root, "0,1", cluster=True, bootstrap=first)
            srv.start()
            self.servers.append(srv)
        for _ in range(120):
            peers = self.servers[0].req("GET", "/cluster")["result"]["peers"]
            if len(peers) == self.n:
                break
            time.sleep(1)
        else:
            raise RuntimeError("peers did not join")
        self.url = f"http://127.0.0.1:{self.servers[0].http}"
        self.grpc = f"127.0.0.1:{self.servers[0].grpc}"
        self.pids = [s.pid for s in self.servers]
        return self

    def __exit__(self, *exc):
        for s in reversed(self.servers):
            s.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


class Single:
    """One server (engine_identity.Server) with the Cluster interface."""

    def __enter__(self):
        self.srv = Server().__enter__()
        self.url, self.pids = self.srv.url, [self.srv.p.pid]
        self.grpc = f"127.0.0.1:{self.srv.env['QDRANT__SERVICE__GRPC_PORT']}"
        return self

    def __exit__(self, *exc):
        self.srv.__exit__(*exc)


def grpc_bodies(queries: np.ndarray) -> list:
    """Points/Query requests for collection "c", limit 10, serialized (the client's own work done beforehand)."""
    return [qgrpc.QueryPoints(collection_name="c", query=qgrpc.Query(nearest=qgrpc.VectorInput(dense=qgrpc.DenseVector(data=q.tolist()))),
                              limit=10).SerializeToString() for q in queries]


QUERY_METHOD = "/qdrant.Points/Query"


def grpc_one_at_a_time(target: str, bodies: list) -> None:
    with grpc.insecure_channel(target) as ch:
        call = ch.unary_unary(QUERY_METHOD, request_serializer=None, response_deserializer=None)
        for b in bodies:
            call(b)


def grpc_saturate(target: str, bodies: list, seconds: float, concurrency: int) -> int:
    """`concurrency` gRPC searches in flight for `seconds` seconds (grpc.aio, this process's CPU); returns how many completed."""
    async def run() -> int:
        done = 0
        async with grpc.aio.insecure_channel(target) as ch:
            call = ch.unary_unary(QUERY_METHOD, request_serializer=None, response_deserializer=None)
            stop = time.time() + seconds

            async def worker(k: int) -> None:
                nonlocal done
                i = k
                while time.time() < stop:
                    await call(bodies[i % len(bodies)])
                    done += 1
                    i += concurrency
            await asyncio.gather(*(worker(k) for k in range(concurrency)))
        return done
    return asyncio.run(run())


def main() -> None:
    for spec, rows in each_spec("request_cost.py", searches=SEARCHES):
        fields = spec.split(":")
        api = fields[5] if len(fields) > 5 else "rest3"
        if api not in ("rest3", "rest", "grpc"):
            raise SystemExit(f"{spec}: api {api!r}, expected rest3, rest or grpc")
        parts = [int(x) for x in fields[:5]]
        n, d, shards = parts[:3]
        segments = parts[3] if len(parts) > 3 else 2
        peers = parts[4] if len(parts) > 4 else 1
        rng = np.random.default_rng(42)
        with (Cluster(peers) if peers > 1 else Single()) as srv:
            load(srv.url, n, d, shards, segments, rng)
            segs = segment_points(srv.url)
            if peers > 1:
                info = httpx.get(f"{srv.url}/collections/c/cluster").json()["result"]
                placement = {"local": [x["shard_id"] for x in info["local_shards"]], "remote": [[x["shard_id"], x["peer_id"]] for x in info["remote_shards"]]}
            threads = pin_quiet(srv.pids)
            if api == "rest3":
                queries = np.round(rng.uniform(-1, 1, (SEARCHES + WARMUP, d)), 3)
            else:
                queries = rng.uniform(-1, 1, (SEARCHES + WARMUP, d)).astype(np.float32)
            if api == "grpc":
                bodies = grpc_bodies(queries)
            else:
                bodies = [json.dumps({"query": q.tolist(), "limit": 10}).encode() for q in queries]
            row = {"spec": spec, "n": n, "d": d, "shards": shards, "peers": peers, "api": api, "request_bytes": sum(map(len, bodies)) / len(bodies), **({"placement": placement} if peers > 1 else {}), "segments_asked": segments, "segments": len(segs), "segment_points": [s["points"] for s in segs],
                   "server_threads_pinned_to_cpu0": threads, "client_cpu": 1}
            if api == "grpc":
                grpc_one_at_a_time(srv.grpc, bodies[SEARCHES:])
                time.sleep(1)
                c0, t0 = cpu_of(srv.pids), time.time()
                grpc_one_at_a_time(srv.grpc, bodies[:SEARCHES])
            else:
                with httpx.Client(base_url=srv.url, timeout=60) as http:
                    for b in bodies[SEARCHES:]:
                        http.post("/collections/c/points/query", content=b, headers={"content-type": "application/json"}).raise_for_status()
                    time.sleep(1)
                    c0, t0 = cpu_of(srv.pids), time.time()
                    for b in bodies[:SEARCHES]:
                        http.post("/collections/c/points/query", content=b, headers={"content-type": "application/json"}).raise_for_status()
            row["one_at_a_time_cpu_s_per_search"] = (cpu_of(srv.pids) - c0) / SEARCHES
            row["one_at_a_time_wall_s_per_search"] = (time.time() - t0) / SEARCHES
            time.sleep(1)
            if api == "grpc":
                cost = saturated_cost(srv.pids, lambda: grpc_saturate(srv.grpc, bodies, SECONDS, CONCURRENCY))
            else:
                cost = saturated_cost(srv.pids, lambda: saturate(srv.url, bodies, SECONDS, CONCURRENCY))
            row.update({"concurrency": CONCURRENCY, "saturated_seconds": round(cost["seconds"], 2), "saturated_searches": cost["searches"],
                        "saturated_qps": cost["searches"] / cost["seconds"], "saturated_server_cpu_share": cost["server_cpu_share"],
                        "saturated_cpu_s_per_search": cost["cpu_s_per_search"], "loadavg": os.getloadavg()})
            print(json.dumps(row), flush=True)
            rows.append(row)


if __name__ == "__main__":
    main()
