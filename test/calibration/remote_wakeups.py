"""Why a remote shard costs more behind a REST search than behind a gRPC one (s50), run by hand:

  /work/venv-grpc/bin/python test/calibration/remote_wakeups.py OUT.json peers:api ...

request_cost.py measured a remote shard at 0.232 ms of CPU behind a REST search and 0.153 ms behind a gRPC one. In
qdrant@v1.19.0 REST is served on actix's own runtime (src/actix/mod.rs `init`), gRPC on the general tokio runtime
(src/tonic/mod.rs `init`), and a remote shard's call is awaited where the request is handled (remote_shard.rs leaves
the search runtime's handle unused). If the REST path hands each internal call and its reply between runtimes, its
threads switch more: this probe counts them. Per spec, a collection "c" of one point (64-d) in 3 shards, RF 1, on
`peers` peers on loopback (request_cost.Cluster / Single, every server thread pinned to CPU 0, this client to CPU 1),
then SEARCHES searches one at a time over `api` (rest: full float JSON; grpc: Points/Query), the first peer's; the
servers' CPU per search and their threads' voluntary and involuntary context switches per search
(/proc/PID/task/*/status, summed over every peer's threads), read before and after.
Prints one JSON row per spec and writes them all to OUT.json (resumable: specs already there are skipped).
"""
import json
import os
import sys
import time
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_identity import cpu_of, each_spec, pin_quiet  # noqa: E402
from request_cost import Cluster, Single, grpc_bodies, grpc_one_at_a_time, load  # noqa: E402

SEARCHES = int(os.environ.get("SEARCHES", "2000"))


def switches(pids: list) -> tuple:
    """Voluntary and involuntary context switches of every thread of every pid (threads that exited are not counted)."""
    vol = inv = 0
    for pid in pids:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                text = Path(f"/proc/{pid}/task/{tid}/status").read_text()
            except FileNotFoundError:
                continue
            for line in text.splitlines():
                if line.startswith("voluntary_ctxt_switches:"):
                    vol += int(line.split()[1])
                elif line.startswith("nonvoluntary_ctxt_switches:"):
                    inv += int(line.split()[1])
    return vol, inv


def main() -> None:
    for spec, rows in each_spec("remote_wakeups.py"):
        peers_s, api = spec.split(":")
        peers = int(peers_s)
        rng = np.random.default_rng(42)
        with (Cluster(peers) if peers > 1 else Single()) as srv:
            load(srv.url, 1, 64, 3, 1, rng)
            pin_count = pin_quiet(srv.pids)
            queries = rng.uniform(-1, 1, (SEARCHES + 200, 64)).astype(np.float32)
            if api == "grpc":
                bodies = grpc_bodies(queries)
                grpc_one_at_a_time(srv.grpc, bodies[SEARCHES:])
            else:
                bodies = [json.dumps({"query": q.tolist(), "limit": 10}).encode() for q in queries]
                http = httpx.Client(base_url=srv.url, timeout=60)
                post = lambda b: http.post("/collections/c/points/query", content=b, headers={"content-type": "application/json"}).raise_for_status()
                for b in bodies[SEARCHES:]:
                    post(b)
            time.sleep(1)
            (v0, i0), c0 = switches(srv.pids), cpu_of(srv.pids)
            if api == "grpc":
                grpc_one_at_a_time(srv.grpc, bodies[:SEARCHES])
            else:
                for b in bodies[:SEARCHES]:
                    post(b)
                http.close()
            (v1, i1), c1 = switches(srv.pids), cpu_of(srv.pids)
            row = {"spec": spec, "peers": peers, "shards": 3, "api": api, "searches": SEARCHES, "server_threads_pinned_to_cpu0": pin_count,
                   "cpu_s_per_search": (c1 - c0) / SEARCHES, "voluntary_switches_per_search": (v1 - v0) / SEARCHES,
                   "involuntary_switches_per_search": (i1 - i0) / SEARCHES, "loadavg": os.getloadavg()}
            print(json.dumps(row), flush=True)
            rows.append(row)


if __name__ == "__main__":
    main()
