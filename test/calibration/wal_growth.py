#!/usr/bin/env python3
"""The WAL of a growing collection on the real v1.19.0 server (issue 16; the model: src/model/wal-process.ts,
walShardMostSince, used for every estimate the planner and observe make past now).

One shard, 128-d Cosine, one plain appendable segment (indexing off: only the WAL and the segment's flushes are at work),
requests of `--batch` points (one WAL entry each). The collection is loaded to `--n0` points, then grows to `--n`,
request by request, at `--rate` requests a second (0: as fast as the server acknowledges them). After every request the
shard's `wal/` folder is read (allocated bytes: st_blocks, as `du`), so the series shows each tooth of the sawtooth and
how long the server takes to truncate once a segment closes (its flush worker acknowledges the WAL every
`flush_interval_sec`, 5 s by default: lib/collection/src/update_workers/flush_workers.rs at v1.19.0).

Restarts, as a pod restart at the worst moment: at each point count of `--kill-at` the server is killed (SIGKILL: an
OOM kill or a lost node, nothing flushed on the way out) right after that request is acknowledged, and started again on
the same storage; the WAL's allocated bytes and its resident file pages (/proc/PID/smaps, the mappings of wal/) are read
before the kill and once the collection answers again. At the end a graceful restart (SIGTERM) at `--n`.

Result: data/calibration/server-v1.19.0-wal-growth/<id>.json. Loopback only; every process started is stopped by its PID.

Usage:
  nice -n 10 test/calibration/.venv/bin/python test/calibration/wal_growth.py --id fast --rate 0
  nice -n 10 test/calibration/.venv/bin/python test/calibration/wal_growth.py --id paced --rate 20
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from harness import gen_dense, machine_info  # noqa: E402
from server_harness import COLL, EXPECTED_SHA256, REPO, Server, prepare_binary, smaps_by_group  # noqa: E402

OUT_DIR = REPO / "data" / "calibration" / "server-v1.19.0-wal-growth"


def wal_allocated(storage: Path) -> int:
    """Allocated bytes of every shard's wal/ folder (st_blocks x 512, what `du -B1` sums)."""
    total = 0
    for wal in (storage / "collections" / COLL).glob("*/wal"):
        for p in wal.iterdir():
            if p.is_file():
                total += p.stat().st_blocks * 512
    return total


def wal_files(storage: Path) -> list:
    out = []
    for wal in (storage / "collections" / COLL).glob("*/wal"):
        for p in sorted(wal.iterdir()):
            if p.is_file():
                st = p.stat()
                out.append([p.name, st.st_size, st.st_blocks * 512])
    return out


def wal_resident(srv: Server, storage: Path) -> dict:
    g = smaps_by_group(srv.pid, str(storage)).get("wal", {"maps": 0, "rss": 0, "size": 0})
    return {"maps": g["maps"], "rss": g["rss"], "mapped": g["size"]}


def upsert(srv: Server, c: dict, start: int, k: int) -> None:
    x = gen_dense(c, k, c["d"], seed_offset=start).astype("float64").round(6).tolist()
    srv.req("PUT", f"/collections/{COLL}/points?wait=true", {"points": [{"id": start + j, "vector": x[j]} for j in range(k)]})


def wait_ready(srv: Server, timeout: float = 300) -> float:
    t0 = time.time()
    while time.time() - t0 < timeout:
        try:
            info = srv.req("GET", f"/collections/{COLL}")["result"]
            if info.get("status") in ("green", "grey", "yellow"):
                return round(time.time() - t0, 2)
        except Exception:  # noqa: BLE001
            pass
        time.sleep(0.2)
    raise RuntimeError("collection did not answer after the restart")


def restart(srv: Server, storage: Path, how: str, points: int, entries: int) -> dict:
    before = {"allocated": wal_allocated(storage), "resident": wal_resident(srv, storage), "files": wal_files(storage)}
    if how == "kill":
        assert srv.proc is not None
        srv.proc.send_signal(signal.SIGKILL)
        srv.proc.wait()
        srv.proc = None
    else:
        srv.stop()
    at_rest = {"allocated": wal_allocated(storage), "files": wal_files(storage)}
    start_s = srv.start()
    ready_s = wait_ready(srv)
    after = {"allocated": wal_allocated(storage), "resident": wal_resident(srv, storage), "files": wal_files(storage)}
    time.sleep(10)  # two flush intervals: what the replayed WAL settles to
    later = {"allocated": wal_allocated(storage), "resident": wal_resident(srv, storage), "files": wal_files(storage)}
    return {"how": how, "points": points, "entries": entries, "before": before, "stopped": at_rest,
            "start_seconds": round(start_s, 2), "ready_seconds": ready_s, "after_restart": after, "after_10s": later}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--id", required=True)
    ap.add_argument("--n0", type=int, default=50_000)
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--d", type=int, default=128)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--rate", type=float, default=0, help="requests a second while growing (0: as fast as acknowledged)")
    ap.add_argument("--kill-at", default="", help="point counts after which the server is killed and restarted")
    ap.add_argument("--out", default=str(OUT_DIR))
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    out = Path(args.out) / f"{args.id}.json"
    if out.exists() and not args.force:
        print(f"{out}: exists, skipped")
        return
    c = {"d": args.d, "seed": 42, "data": "gmm", "clusters": 256, "dtype": "float32"}
    kills = sorted(int(x) for x in args.kill_at.split(",") if x)
    body = {"vectors": {"size": args.d, "distance": "Cosine"},
            "optimizers_config": {"indexing_threshold": 0, "default_segment_number": 1}}
    tmp = Path(tempfile.mkdtemp(prefix="qsize-walgrow-"))
    root = tmp / "run"
    root.mkdir()
    storage = root / "storage"
    res: dict = {"schema_version": 1, "id": args.id, "server": {"version": "1.19.0", "sha256": EXPECTED_SHA256},
                 "machine": machine_info(), "date_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                 "command": " ".join(sys.argv), "config": {"n0": args.n0, "n": args.n, "d": args.d, "batch": args.batch,
                 "rate": args.rate, "kill_at": list(kills)}, "collection_body": body, "errors": []}
    srv = None
    try:
        binary = prepare_binary(tmp)
        srv = Server(binary, root, "0,1")
        srv.start()
        srv.req("PUT", f"/collections/{COLL}", body)
        # the load: n0 points as fast as acknowledged, then two flush intervals (what a loaded collection has kept)
        for start in range(0, args.n0, args.batch):
            upsert(srv, c, start, min(args.batch, args.n0 - start))
        time.sleep(12)
        res["loaded"] = {"points": args.n0, "entries": -(-args.n0 // args.batch), "allocated": wal_allocated(storage)}
        series = []
        restarts = []
        t0 = time.time()
        entries = res["loaded"]["entries"]
        for i, start in enumerate(range(args.n0, args.n, args.batch)):
            if args.rate > 0:
                time.sleep(max(0.0, t0 + i / args.rate - time.time()))
            k = min(args.batch, args.n - start)
            upsert(srv, c, start, k)
            entries += 1
            points = start + k
            series.append([points, entries, round(time.time() - t0, 3), wal_allocated(storage)])
            if kills and points >= kills[0]:
                kills.pop(0)
                print(f"  kill at {points:,} points ({entries} entries)", flush=True)
                restarts.append(restart(srv, storage, "kill", points, entries))
            if i % 200 == 0:
                print(f"  {points:,} points, WAL {series[-1][3] / 1e6:.1f} MB", flush=True)
        res["series"] = series
        time.sleep(12)
        res["grown"] = {"points": args.n, "entries": entries, "allocated": wal_allocated(storage)}
        restarts.append(restart(srv, storage, "term", args.n, entries))
        res["restarts"] = restarts
        res["most"] = max(s[3] for s in series)
    except Exception as e:  # noqa: BLE001
        res["errors"].append(f"{type(e).__name__}: {e}")
    finally:
        if srv is not None:
            srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1) + "\n")
    print(f"{args.id}: most {res.get('most', 0) / 1e6:.2f} MB; errors {res['errors']}")


if __name__ == "__main__":
    main()
