#!/usr/bin/env python3
"""Server calibration: measure a real Qdrant server process, not the in-process segment engine.

For each config it decompresses the Qdrant server binary (default ../shared/bin/qdrant-v1.19.0-linux-amd64.xz,
override with QDRANT_XZ or QDRANT_BIN) into a temporary folder, starts it on 127.0.0.1 with a fresh storage
folder, creates the collection over REST (payload indexes before the upload, as users do), upserts seeded points,
waits until the optimizer is idle (collection status green), reads the process once ("loaded"), stops it with
SIGTERM, starts it again on the same storage ("as after a pod restart"), waits for the collection, runs searches,
then samples the process right away and every few seconds for `--settle` seconds (jemalloc returns freed pages
after its decay time: the last sample is the steady state; every run so far was flat within 0.3 MB from 30 s on).

Each sample holds /proc/PID/status (RssAnon, RssFile, RssShmem, VmRSS, VmHWM), /proc/PID/smaps_rollup, the
number of memory maps (/proc/PID/maps lines, what vm.max_map_count limits) and the resident file pages of every
mapping grouped by structure (/proc/PID/smaps: links, vectors, quantized, id tracker, payload, WAL, the binary),
jemalloc's own counters (/metrics memory_*_bytes: active, allocated, metadata, resident, retained), and, right after
the restart and in the last sample, the mapped and resident bytes of every storage file (`by_file`).
The run also records the server's own /telemetry (segments per shard: type, points, RAM/disk usage as Qdrant
reports them), /metrics, the collection info and cluster info (points per shard), `du` of the storage (allocated
and apparent) and every file grouped by structure.

Results: data/calibration/server-v1.19.0/<config-id>.json (resumable: existing results are skipped unless
--force). Only loopback is used; every process started here is stopped by its PID.

Usage:
  test/calibration/.venv/bin/python test/calibration/server_harness.py --list
  nice -n 10 test/calibration/.venv/bin/python test/calibration/server_harness.py [--only ID,ID] [--force]
      [--settle SECONDS] [--port-base P (REST P, gRPC P+1, p2p P+2 on 127.0.0.1)] [--out DIR]
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from harness import classify, gen_dense, gen_payload, machine_info, point_id  # noqa: E402

REPO = HERE.parent.parent
OUT_DIR = REPO / "data" / "calibration" / "server-v1.19.0"
DEFAULT_XZ = REPO.parent / "shared" / "bin" / "qdrant-v1.19.0-linux-amd64.xz"
EXPECTED_SHA256 = "f0d8a33a424efb2f9c5ca1ade0e2bbe9462b34596125b416da75a84230910989"
SCHEMA_VERSION = 1

# --------------------------------------------------------------------------
# Matrix: collection bodies exactly as sent (REST, Qdrant 1.19)
# --------------------------------------------------------------------------

BASE = dict(n=200_000, d=384, distance="Cosine", body={}, payload=False, indexes=[], shard_number=None,
            data="gmm", clusters=256, seed=42, dtype="float32", cpus="0,1", searches=200, batch=500)


def cfg(cid: str, **kw) -> dict:
    c = {**BASE, **kw, "id": cid}
    return c


def matrix() -> list[dict]:
    kw_int = [("category", "keyword"), ("price", "integer")]
    return [
        cfg("empty-server", n=0, collection=False),
        cfg("empty-server-1cpu", n=0, collection=False, cpus="0"),
        cfg("empty-collection", n=0),
        cfg("d128-30k", n=30_000, d=128),
        cfg("d384-default"),
        cfg("d384-6shards", shard_number=6),
        cfg("d768-sq8-vecdisk", n=100_000, d=768, vector_extra={"on_disk": True},
            body={"quantization_config": {"scalar": {"type": "int8", "always_ram": True}}}),
        cfg("d384-hnsw-ondisk", n=100_000, body={"hnsw_config": {"on_disk": True}}),
        cfg("d384-payload-kw-int", n=100_000, payload=True, indexes=kw_int),
        cfg("d32-2m", n=2_000_000, d=32, batch=2000),
        # segment layout: how many indexed segments the optimizer leaves (default_segment_number, max_segment_size)
        cfg("d128-200k-seg4", n=200_000, d=128, body={"optimizers_config": {"default_segment_number": 4}}),
        cfg("d128-100k-maxseg20mb", n=100_000, d=128, body={"optimizers_config": {"max_segment_size": 20_000}}),
        cfg("d384-hnsw-pinned", body={"hnsw_config": {"memory": "pinned"}}),
        # scale (issue 16): per-point, per-segment and per-shard heap terms. `bulk`: indexing off during the upload
        # (indexing_threshold 0, Qdrant's advice for bulk loads), then back to `bulk` KB, so each final segment is
        # indexed once instead of being rebuilt after every merge; `nowait`: batches acknowledged after the WAL write.
        cfg("d16-5m-m8", n=5_000_000, d=16, batch=10_000, bulk=10_000, nowait=True,
            body={"hnsw_config": {"m": 8, "ef_construct": 32}}),
        # many small indexed segments in one shard: max_segment_size 2,000 KB holds ~8k points of 32-d
        cfg("d32-200k-seg25", n=200_000, d=32, batch=5_000, bulk=500, nowait=True,
            body={"optimizers_config": {"max_segment_size": 2_000, "default_segment_number": 25}}),
        # the same points in the default layout (one indexed segment and the appendable tail), for the per-segment terms
        cfg("d32-200k", n=200_000, d=32, batch=5_000, bulk=500, nowait=True),
        # large vectors at scale (issue 16): 1M x 768-d, default HNSW (m 16, ef_construct 100), one shard, Qdrant's
        # defaults otherwise. Bulk-loaded like d16-5m-m8 (indexing off during the upload, nowait, large batches):
        # with indexing on, every merge of the growing plain segments would be rebuilt as an HNSW graph again, hours on
        # 2 cores; this way each final segment (at most max_segment_size, 2 x 256,000 KB on 2 CPUs) is indexed once.
        cfg("d768-1m", n=1_000_000, d=768, batch=2000, bulk=10_000, nowait=True),
        # per-shard fixed heap: an empty collection of 32 shards against empty-collection's one
        cfg("empty-32shards", n=0, shard_number=32),
        # cluster mode (Raft, p2p server), one idle peer with no collection, against empty-server
        cfg("empty-server-cluster", n=0, collection=False, cluster=True),
    ]


def mutable_tracker_configs() -> list[dict]:
    """The mutable id tracker on the server (s42, s43): one plain segment (indexing off, default_segment_number 1) of
    16-d points either side of a power of two (16,384, 524,288, 1,048,576, 2,097,152), where the tracker's vectors
    double their capacity (docs/methodology.md, "The mutable id tracker"): what the server holds resident against what
    it allocates. Outside the matrix: run with --only and --out data/calibration/server-v1.19.0-tracker (and again
    into its repeat/)."""
    small = [cfg(f"tracker-plain-n{n}", n=n, d=16, batch=1000,
                 body={"optimizers_config": {"indexing_threshold": 0, "default_segment_number": 1}}) for n in (15_000, 16_000, 17_000)]
    # Either side of 1,048,576: the capacity steps by 33.5 MB, the written slots by 1.1 MB, far beyond RssAnon's 0.44 MB
    # run-to-run spread.
    large = [cfg(f"tracker-plain-n{n}", n=n, d=16, batch=10_000, nowait=True, searches=20,
                 body={"optimizers_config": {"indexing_threshold": 0, "default_segment_number": 1}}) for n in (1_040_000, 1_060_000)]
    # s43: the same step at the neighbouring powers of two (524,288 and 2,097,152 slots), for the share of the untouched
    # capacity jemalloc leaves resident; each pair run twice (the second into repeat/).
    more = [cfg(f"tracker-plain-n{n}", n=n, d=16, batch=10_000, nowait=True, searches=20,
                body={"optimizers_config": {"indexing_threshold": 0, "default_segment_number": 1}})
            for n in (510_000, 540_000, 2_080_000, 2_120_000)]
    return small + large + more


def mutable_index_configs() -> list[dict]:
    """The mutable payload indexes on the server (s44): one plain segment (indexing off, default_segment_number 1) of
    16-d points with the harness payload either side of 524,288 points, where an index's per-point `point_to_values`
    vector (24 B a slot) doubles its capacity as the tracker's vectors do; keyword (`category`, 100 values) and
    integer (`price`, map and range). Against the tracker runs of the same sizes (server-v1.19.0-tracker), the step
    tells whether jemalloc keeps the index's untouched capacity resident. Outside the matrix: run with --only and
    --out data/calibration/server-v1.19.0-mutable-index."""
    plain = {"optimizers_config": {"indexing_threshold": 0, "default_segment_number": 1}}
    runs = [cfg(f"mutable-{name}-n{n}", n=n, d=16, batch=10_000, nowait=True, searches=20, payload=True, indexes=idx, body=plain)
            for name, idx in (("kw", [("category", "keyword")]), ("int", [("price", "integer")]))
            for n in (510_000, 540_000)]
    # The full-text index on the `title` (12 words drawn from the 24 of WORDS): a per-point token set, the
    # allocations the size classes change most (a Vec<u32> of ~9.6 distinct tokens: 64 B under jemalloc, 79.5 as glibc).
    runs.append(cfg("mutable-text-n510000", n=510_000, d=16, batch=10_000, nowait=True, searches=20, payload=True,
                    indexes=[("title", {"type": "text"})], body=plain))
    # A float index on `price` (numeric only: a B-tree of 16-B points, 192- and 288-B nodes in the 192- and 320-B classes).
    runs.append(cfg("mutable-float-n510000", n=510_000, d=16, batch=10_000, nowait=True, searches=20, payload=True,
                    indexes=[("price", "float")], body=plain))
    # An optimized segment's (immutable) text index on the in-process calibration's Zipf titles (text-title-100k):
    # indexing off during the upload, then one segment indexed at 1 KB; and the same points without the index.
    one = {"optimizers_config": {"default_segment_number": 1, "max_segment_size": 1_000_000}}
    for name, idx in (("text-title-100k", [("title", {"type": "text"})]), ("text-title-100k-noindex", [])):
        runs.append(cfg(f"indexed-{name}", n=100_000, d=16, batch=5_000, nowait=True, searches=20, payload=True,
                        payload_data="text-title-50000-1.07", bulk=1, indexes=idx, body=one))
    return runs


def wal_configs() -> list[dict]:
    """The WAL's record bytes from Qdrant's source (s45, src/model/wal-process.ts walPointBytes), checked where the three
    derivations differ from the matrix's points: a UUID id (serde_cbor is not human-readable: the uuid's 16 bytes, 17 B,
    not its 36-character text), a uint8 vector's integers (half floats: 3 B each, not 5), a named vector (a map of one:
    its name beside the array). 30,000 x 128-d in one plain segment (indexing off) in requests of 500, as d128-30k.
    Outside the matrix: run with --only and --out data/calibration/server-v1.19.0-wal."""
    plain = {"optimizers_config": {"indexing_threshold": 0, "default_segment_number": 1}}
    return [
        cfg("wal-uuid-d128-n30000", n=30_000, d=128, ids="uuid", searches=20, body=plain),
        cfg("wal-uint8-d128-n30000", n=30_000, d=128, dtype="uint8", vector_extra={"datatype": "uint8"}, searches=20, body=plain),
        cfg("wal-named-d128-n30000", n=30_000, d=128, vector_name="text", searches=20, body=plain),
    ]


def collection_body(c: dict) -> dict:
    params = {"size": c["d"], "distance": c["distance"], **c.get("vector_extra", {})}
    body = {"vectors": {c["vector_name"]: params} if c.get("vector_name") else params, **c["body"]}
    if c.get("bulk"):
        body["optimizers_config"] = {**body.get("optimizers_config", {}), "indexing_threshold": 0}
    if c["shard_number"] is not None:
        body["shard_number"] = c["shard_number"]
    return body


# --------------------------------------------------------------------------
# The server process
# --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_binary(tmp: Path) -> Path:
    if os.environ.get("QDRANT_BIN"):
        return Path(os.environ["QDRANT_BIN"])
    xz = Path(os.environ.get("QDRANT_XZ", DEFAULT_XZ))
    if not xz.exists():
        raise SystemExit(f"server calibration SKIPPED: no Qdrant binary at {xz} (set QDRANT_XZ or QDRANT_BIN)")
    out = tmp / "qdrant"
    with open(out, "wb") as f:
        subprocess.run(["xz", "-dc", str(xz)], stdout=f, check=True)
    out.chmod(0o755)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    if digest != EXPECTED_SHA256:
        print(f"warning: sha256 of the decompressed binary is {digest}, expected {EXPECTED_SHA256}", file=sys.stderr)
    return out


# --port-base P: the server listens on P (REST), P+1 (gRPC) and P+2 (p2p) on 127.0.0.1, for machines where several
# people run servers and each has its own ports; unset, free ports are picked.
PORT_BASE = 0


class Server:
    def __init__(self, binary: Path, root: Path, cpus: str, cluster: bool = False, bootstrap: str | None = None):
        """`bootstrap`: a cluster peer's p2p URI to join (cluster mode), where None starts a new cluster."""
        self.binary, self.root, self.cpus, self.cluster, self.bootstrap = binary, root, cpus, cluster, bootstrap
        self.http = PORT_BASE or free_port()
        self.grpc = PORT_BASE + 1 if PORT_BASE else free_port()
        self.p2p = PORT_BASE + 2 if PORT_BASE else free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 300) -> float:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("QDRANT__")},
            "QDRANT__SERVICE__HOST": "127.0.0.1",
            "QDRANT__SERVICE__HTTP_PORT": str(self.http),
            "QDRANT__SERVICE__GRPC_PORT": str(self.grpc),
            "QDRANT__STORAGE__STORAGE_PATH": str(self.root / "storage"),
            "QDRANT__STORAGE__SNAPSHOTS_PATH": str(self.root / "snapshots"),
            "QDRANT__TELEMETRY_DISABLED": "true",
            "QDRANT__LOG_LEVEL": "WARN",
        }
        args = []
        if self.cluster:
            # A one-peer cluster: Raft and the p2p gRPC server run; the peer bootstraps itself on loopback.
            env["QDRANT__CLUSTER__ENABLED"] = "true"
            env["QDRANT__CLUSTER__P2P__PORT"] = str(self.p2p)
            args = ["--uri", f"http://127.0.0.1:{self.p2p}", *(["--bootstrap", self.bootstrap] if self.bootstrap else [])]
        log = open(self.root / "server.log", "ab")
        # taskset pins the CPUs the server sees (its defaults follow the CPU count); the child replaces taskset
        # (exec), so proc.pid is the server's own PID.
        t0 = time.time()
        self.proc = subprocess.Popen(["taskset", "-c", self.cpus, str(self.binary), *args], cwd=self.root, env=env,
                                     stdout=log, stderr=subprocess.STDOUT)
        while time.time() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.root / 'server.log'}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.http}/readyz", timeout=2) as r:
                    if r.status == 200:
                        return time.time() - t0
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError("server did not become ready")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def req(self, method: str, path: str, body=None, timeout: float = 600, raw: bool = False):
        data = None if body is None else json.dumps(body, separators=(",", ":")).encode()
        r = urllib.request.Request(f"http://127.0.0.1:{self.http}{path}", data=data, method=method,
                                   headers={"content-type": "application/json"})
        with urllib.request.urlopen(r, timeout=timeout) as resp:
            text = resp.read()
        return text.decode() if raw else json.loads(text)


# --------------------------------------------------------------------------
# Readings
# --------------------------------------------------------------------------

def proc_status(pid: int) -> dict:
    out = {}
    for line in open(f"/proc/{pid}/status"):
        k, _, v = line.partition(":")
        v = v.strip()
        if v.endswith(" kB"):
            out[k + "_bytes"] = int(v[:-3]) * 1024
        elif k in ("Threads",):
            out[k] = int(v)
    return out


def smaps_rollup(pid: int) -> dict:
    out = {}
    for line in open(f"/proc/{pid}/smaps_rollup"):
        parts = line.split()
        if len(parts) == 3 and parts[2] == "kB":
            out[parts[0].rstrip(":") + "_bytes"] = int(parts[1]) * 1024
    return out


def map_group(path: str, storage: str) -> str:
    if not path:
        return "anonymous"
    if path.startswith("["):
        return path
    if path.startswith(storage):
        rel = path[len(storage):].lstrip("/").split("/")
        # collections/<name>/<shard>/...
        if len(rel) >= 4 and rel[0] == "collections":
            return classify("/".join(rel[3:]))
        return "storage-other"
    if path.endswith("/qdrant"):
        return "binary"
    if ".so" in path:
        return "libraries"
    return "other-file"


def smaps_entries(pid: int):
    """Each mapping of /proc/<pid>/smaps as (path, {"size", "rss", "pss", "anonymous": bytes}); path "" if anonymous."""
    path, fields = None, {}
    for line in open(f"/proc/{pid}/smaps"):
        first = line.split(None, 1)[0]
        if "-" in first and not first.endswith(":"):
            if path is not None:
                yield path, fields
            parts = line.split(None, 5)
            path, fields = (parts[5].strip() if len(parts) > 5 else ""), {}
        elif path is not None and first in ("Rss:", "Pss:", "Anonymous:", "Size:"):
            fields[first[:-1].lower()] = int(line.split()[1]) * 1024
    if path is not None:
        yield path, fields


def smaps_by_group(pid: int, storage: str) -> dict:
    groups: dict[str, dict] = {}
    for path, f in smaps_entries(pid):
        g = groups.setdefault(map_group(path, storage), {"maps": 0, "rss": 0, "anonymous": 0, "size": 0})
        g["maps"] += 1
        for k in ("rss", "anonymous", "size"):
            g[k] += f.get(k, 0)
    return groups


def smaps_by_file(pid: int, storage: str) -> dict:
    """Every mapping of a storage file: its path under the storage, size mapped, resident (Rss) and Pss, summed over
    the file's mappings (a chunk file mapped twice shows maps 2). What the server maps and touches, file by file."""
    files: dict[str, dict] = {}
    for path, f in smaps_entries(pid):
        if not path.startswith(storage):
            continue
        e = files.setdefault(path[len(storage):].lstrip("/"), {"maps": 0, "size": 0, "rss": 0, "pss": 0})
        e["maps"] += 1
        for k in ("size", "rss", "pss"):
            e[k] += f.get(k, 0)
    return files


def jemalloc_stats(srv: "Server | None") -> dict:
    """jemalloc's own counters as the server exports them on /metrics (memory_allocated/active/resident/metadata/
    retained_bytes: stats.allocated, stats.active, ... of tikv-jemalloc-ctl)."""
    if srv is None:
        return {}
    m = metrics(srv)
    return {k: v for k, v in m.items() if k.startswith("memory_")}


def sample(pid: int, storage: str, label: str, t0: float, srv: "Server | None" = None, files: bool = False) -> dict:
    out = {"label": label, "t_seconds": round(time.time() - t0, 1), "status": proc_status(pid),
           "smaps_rollup": smaps_rollup(pid), "maps": sum(1 for _ in open(f"/proc/{pid}/maps")),
           "by_group": smaps_by_group(pid, storage)}
    if srv is not None:
        out["jemalloc"] = jemalloc_stats(srv)
    if files:
        out["by_file"] = smaps_by_file(pid, storage)
    return out


def du(path: Path) -> dict:
    def run(*args):
        r = subprocess.run(["du", "-s", *args, str(path)], capture_output=True, text=True, check=True)
        return int(r.stdout.split()[0])
    return {"allocated_bytes": run("-B1"), "apparent_bytes": run("-b")}


def scan_collection(coll_dir: Path) -> dict:
    """Every file of every shard, grouped by structure (the same groups as the edge harness)."""
    shards: dict[str, dict] = {}
    for shard in sorted(p for p in coll_dir.iterdir() if p.is_dir()):
        groups: dict[str, dict] = {}
        segs: dict[str, dict] = {}
        for p in sorted(shard.rglob("*")):
            if not p.is_file():
                continue
            st = p.stat()
            rel = str(p.relative_to(shard))
            g = groups.setdefault(classify(rel), {"apparent": 0, "allocated": 0, "files": 0})
            g["apparent"] += st.st_size
            g["allocated"] += st.st_blocks * 512
            g["files"] += 1
            parts = rel.split("/")
            if parts[0] == "segments" and len(parts) > 2:
                s = segs.setdefault(parts[1][:8], {"apparent": 0, "allocated": 0, "indexed": False, "links_bytes": 0, "files": {}})
                s["apparent"] += st.st_size
                s["allocated"] += st.st_blocks * 512
                # every file of the segment: [apparent, allocated] bytes (what the per-segment small files cost in du)
                s["files"]["/".join(parts[2:])] = [st.st_size, st.st_blocks * 512]
                if parts[2].startswith("vector_index"):
                    s["indexed"] = True
                if parts[-1].startswith("links"):
                    s["links_bytes"] += st.st_size
        shards[shard.name] = {"groups": groups, "segments": segs}
    return shards


def decode_segment_links(coll_dir: Path) -> dict:
    """Per segment (first 8 characters of its id): the decoded links_compressed.bin (decode_links.py): points, level-0
    degree, upper records and links per point, bits per link by level, offsets' parameters."""
    out: dict[str, dict] = {}
    if not coll_dir.exists():
        return out
    from decode_links import decode  # noqa: PLC0415 (numpy, only when there is a graph)

    for f in sorted(coll_dir.glob("*/segments/*/vector_index/links_compressed.bin")):
        try:
            d = decode(str(f))
        except Exception as e:  # noqa: BLE001
            out[f.parent.parent.name[:8]] = {"error": str(e)}
            continue
        keep = {k: v for k, v in d.items() if not isinstance(v, list) and k != "file"}
        levels = d.get("levels_detail") or d.get("levels_stats") or []
        if isinstance(levels, list):
            keep["avg_bits_per_link"] = [lv.get("avg_bits_per_link") for lv in levels[:4] if isinstance(lv, dict)]
        out[f.parent.parent.name[:8]] = keep
    return out


def telemetry_segments(srv: Server) -> list:
    """Per shard, per segment: what the server reports about itself."""
    out = []
    try:
        t = srv.req("GET", "/telemetry?details_level=4")["result"]
    except Exception as e:  # noqa: BLE001
        return [{"error": str(e)}]
    for coll in (t.get("collections") or {}).get("collections") or []:
        for sh in coll.get("shards") or []:
            local = sh.get("local") or {}
            segs = []
            for s in local.get("segments") or []:
                info = s.get("info", {})
                cfg = s.get("config", {})
                segs.append({k: info.get(k) for k in ("segment_type", "num_vectors", "num_points", "num_indexed_vectors",
                                                       "num_deleted_vectors", "vectors_size_bytes", "payloads_size_bytes",
                                                       "ram_usage_bytes", "disk_usage_bytes", "is_appendable")}
                            | {"vector_data": cfg.get("vector_data")})
            out.append({"collection": coll.get("id"), "shard": sh.get("id"), "segments": segs})
    return out


def metrics(srv: Server) -> dict:
    out = {}
    try:
        text = srv.req("GET", "/metrics", raw=True)
    except Exception as e:  # noqa: BLE001
        return {"error": str(e)}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            k, _, v = line.rpartition(" ")
            if any(w in k for w in ("memory", "process", "collection", "points", "segment", "vector")):
                try:
                    out[k] = float(v)
                except ValueError:
                    pass
    return out


def optional_get(srv: Server, path: str):
    try:
        return srv.req("GET", path)
    except urllib.error.HTTPError as e:
        return {"http_status": e.code}
    except Exception as e:  # noqa: BLE001
        return {"error": str(e)}


# --------------------------------------------------------------------------
# One config
# --------------------------------------------------------------------------

COLL = "calib"


def wait_green(srv: Server, n: int, timeout: float) -> dict:
    """Until the optimizer is idle: status green, with the same segment count, over four polls 15 s in all.

    Green shows for a moment between two optimizations (the indexing optimizer hands over to the merge optimizer):
    a server stopped then restarts with a half-merged segment. After a restart the status is grey (optimizations
    pending until an update arrives): an empty optimizers_config PATCH triggers them, as Qdrant's docs advise."""
    t0 = time.time()
    info: dict = {}
    stable = 0
    last = None
    triggered = False
    while time.time() - t0 < timeout:
        info = srv.req("GET", f"/collections/{COLL}")["result"]
        st = info.get("status")
        if st == "grey" and not triggered:
            srv.req("PATCH", f"/collections/{COLL}", {"optimizers_config": {}})
            triggered = True
        key = (st, info.get("segments_count"), info.get("points_count"))
        if st == "green" and (info.get("points_count") or 0) >= n and info.get("optimizer_status") == "ok" and key == last:
            stable += 1
            if stable >= 3:
                return {"seconds": round(time.time() - t0, 1), "info": info, "triggered_after_grey": triggered}
        else:
            stable = 0
        last = key
        time.sleep(5)
    raise RuntimeError(f"collection not green after {timeout} s: {info.get('status')}")


def upload(srv: Server, c: dict) -> float:
    import numpy as np

    t0 = time.time()
    n, d, batch = c["n"], c["d"], c["batch"]
    prng = np.random.default_rng(c["seed"] + 7)
    # `payload_data`: the in-process payload calibration's generated payloads (edge_payload_v1_20.py gen_payloads, e.g.
    # text-title-50000-1.07: Zipf titles over a 50,000-word vocabulary), the same points as its cases.
    data_payloads = []
    if c.get("payload_data"):
        from edge_payload_v1_20 import gen_payloads  # noqa: E402
        data_payloads = gen_payloads({"data": c["payload_data"]}, n)
    for start in range(0, n, batch):
        k = min(batch, n - start)
        x = gen_dense(c, k, d, seed_offset=start).astype(np.float64).round(6).tolist()
        pts = []
        for j in range(k):
            p = {"id": point_id({"ids": c.get("ids", "numeric"), "seed": c["seed"]}, start + j),
                 "vector": {c["vector_name"]: x[j]} if c.get("vector_name") else x[j]}
            if c.get("payload_data"):
                p["payload"] = data_payloads[start + j]
            elif c["payload"]:
                p["payload"] = gen_payload(prng, start + j)
            pts.append(p)
        last = start + k >= n
        wait = "true" if (last or not c.get("nowait")) else "false"
        srv.req("PUT", f"/collections/{COLL}/points?wait={wait}", {"points": pts})
        if (start // batch) % 50 == 0:
            print(f"  {c['id']}: uploaded {start + k:,}/{n:,} ({time.time() - t0:.0f} s)", flush=True)
    return round(time.time() - t0, 1)


def run_searches(srv: Server, c: dict) -> dict:
    q = gen_dense(c, c["searches"], c["d"], seed_offset=10_000_000).astype("float64").round(6).tolist()
    t0 = time.time()
    for v in q:
        srv.req("POST", f"/collections/{COLL}/points/query", {"query": v, "limit": 10, **({"using": c["vector_name"]} if c.get("vector_name") else {})})
    return {"count": len(q), "seconds": round(time.time() - t0, 2)}


def run_config(c: dict, binary: Path, settle: float, timeout: float) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"qsize-srv-{c['id']}-"))
    srv = Server(binary, root, c["cpus"], cluster=bool(c.get("cluster")))
    res: dict = {"schema_version": SCHEMA_VERSION, "config": c, "server": {"version": "1.19.0", "sha256": EXPECTED_SHA256},
                 "machine": machine_info(), "date_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                 "command": " ".join(sys.argv), "errors": []}
    storage = str(root / "storage")
    try:
        res["start_seconds"] = round(srv.start(), 2)
        t0 = time.time()
        res["fresh"] = [sample(srv.pid, storage, "fresh", t0)]
        if c.get("collection", True):
            body = collection_body(c)
            res["collection_body"] = body
            srv.req("PUT", f"/collections/{COLL}", body)
            for field, schema in c["indexes"]:
                srv.req("PUT", f"/collections/{COLL}/index?wait=true", {"field_name": field, "field_schema": schema})
            if c["n"] > 0:
                res["upload_seconds"] = upload(srv, c)
            if c.get("bulk"):
                res["upload_info"] = srv.req("GET", f"/collections/{COLL}")["result"]
                srv.req("PATCH", f"/collections/{COLL}", {"optimizers_config": {"indexing_threshold": c["bulk"]}})
                res["collection_body_final"] = {**body, "optimizers_config": {**body["optimizers_config"], "indexing_threshold": c["bulk"]}}
            res["optimize"] = wait_green(srv, c["n"], timeout)
            res["loaded"] = sample(srv.pid, storage, "loaded (before restart)", t0)
            res["telemetry_before_restart"] = telemetry_segments(srv)
        srv.stop()
        # --- restart, as after a pod restart
        res["restart_seconds"] = round(srv.start(), 2)
        t0 = time.time()
        if c.get("collection", True):
            res["after_restart_green"] = wait_green(srv, c["n"], timeout)
            res["after_restart"] = sample(srv.pid, storage, "after restart", t0, srv, files=True)
            if c["n"] > 0:
                res["searches"] = run_searches(srv, c)
        samples = [sample(srv.pid, storage, "after searches", t0, srv)]
        ts = time.time()
        waits = [w for w in (5, 10, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800) if w < settle]
        for wait in [*waits, settle]:
            time.sleep(max(0.0, ts + wait - time.time()))
            samples.append(sample(srv.pid, storage, f"settled {wait:g} s", t0, srv, files=wait == settle))
        res["samples"] = samples
        res["steady"] = samples[-1]
        res["telemetry"] = telemetry_segments(srv)
        res["metrics"] = metrics(srv)
        res["links_decoded"] = decode_segment_links(root / "storage" / "collections" / COLL)
        if c.get("collection", True):
            res["collection_info"] = srv.req("GET", f"/collections/{COLL}")["result"]
            res["cluster"] = optional_get(srv, f"/collections/{COLL}/cluster")
        srv.stop()
        res["du_storage"] = du(root / "storage")
        coll_dir = root / "storage" / "collections" / COLL
        if coll_dir.exists():
            res["du_collection"] = du(coll_dir)
            res["files"] = scan_collection(coll_dir)
    except Exception as e:  # noqa: BLE001
        res["errors"].append(f"{type(e).__name__}: {e}")
        try:
            res["server_log_tail"] = (root / "server.log").read_text(errors="replace")[-4000:]
        except OSError:
            pass
    finally:
        srv.stop()
        shutil.rmtree(root, ignore_errors=True)
    return res


SKEW_SHARDS = (2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16, 24, 32)


def shard_skew(binary: Path, n: int = 120_000) -> dict:
    """Points per shard for S shards: one collection per S on one server (1-d vectors, nothing indexed).

    Qdrant routes a point by hashing its id onto a consistent-hash ring with 100 virtual nodes per shard
    (HASH_RING_SHARD_SCALE, qdrant@v1.19.0:lib/collection/src/hash_ring.rs): the ring is the same for every
    collection with S shards, so the skew is a property of S, not of the data."""
    root = Path(tempfile.mkdtemp(prefix="qsize-srv-skew-"))
    srv = Server(binary, root, "0,1")
    res: dict = {"schema_version": SCHEMA_VERSION, "config": {"id": "shard-skew", "n": n, "ids": "0..n-1 and UUIDv4"},
                 "server": {"version": "1.19.0", "sha256": EXPECTED_SHA256}, "machine": machine_info(),
                 "date_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "rows": [], "errors": []}
    import uuid
    try:
        srv.start()
        for ids in ("numeric", "uuid"):
            for S in SKEW_SHARDS:
                name = f"skew-{ids}-{S}"
                srv.req("PUT", f"/collections/{name}", {"vectors": {"size": 1, "distance": "Dot"}, "shard_number": S})
                for start in range(0, n, 5000):
                    pts = [{"id": (i if ids == "numeric" else str(uuid.UUID(int=(i * 0x9E3779B97F4A7C15 + 12345) % (1 << 128), version=4))),
                            "vector": [1.0]} for i in range(start, min(n, start + 5000))]
                    srv.req("PUT", f"/collections/{name}/points?wait=true", {"points": pts})
                cl = srv.req("GET", f"/collections/{name}/cluster")["result"]
                by_id = {sh["shard_id"]: sh["points_count"] for sh in cl["local_shards"]}
                counts = [by_id[k] for k in sorted(by_id)]
                mean = sum(counts) / len(counts)
                row = {"ids": ids, "shards": S, "points_per_shard_id": counts, "max_over_mean": round(max(counts) / mean, 4),
                       "min_over_mean": round(min(counts) / mean, 4)}
                res["rows"].append(row)
                print(f"  skew {ids} S={S}: max/mean {row['max_over_mean']}, min/mean {row['min_over_mean']}", flush=True)
                srv.req("DELETE", f"/collections/{name}")
    except Exception as e:  # noqa: BLE001
        res["errors"].append(f"{type(e).__name__}: {e}")
    finally:
        srv.stop()
        shutil.rmtree(root, ignore_errors=True)
    return res


def summary(r: dict) -> str:
    s = r.get("steady", {}).get("status", {})
    g = r.get("steady", {}).get("by_group", {})
    links = g.get("hnsw", {}).get("rss", 0)
    wal = g.get("wal", {}).get("rss", 0)
    return (f"{r['config']['id']}: RssAnon {s.get('RssAnon_bytes', 0) / 1e6:.1f} MB, RssFile {s.get('RssFile_bytes', 0) / 1e6:.1f} MB "
            f"(graph {links / 1e6:.1f}, WAL {wal / 1e6:.1f}), maps {r.get('steady', {}).get('maps')}, "
            f"du {r.get('du_collection', {}).get('allocated_bytes', 0) / 1e6:.1f} MB, errors {r['errors']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="")
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--settle", type=float, default=60, help="seconds to sample after the searches (steady state)")
    ap.add_argument("--timeout", type=float, default=1500, help="seconds to wait for the optimizer, per config")
    ap.add_argument("--out", default=str(OUT_DIR))
    ap.add_argument("--port-base", type=int, default=0, help="REST port P, gRPC P+1, p2p P+2 (default: free ports)")
    ap.add_argument("--shard-skew", action="store_true", help="measure points per shard for 2-32 shards instead")
    args = ap.parse_args()
    global PORT_BASE
    PORT_BASE = args.port_base
    configs = matrix()
    if args.only:
        # Outside the matrix (its own --out): mutable_tracker_configs.
        want = set(args.only.split(","))
        configs = [c for c in configs + mutable_tracker_configs() + mutable_index_configs() + wal_configs() if c["id"] in want]
    if args.list:
        for c in configs:
            print(c["id"], json.dumps(collection_body(c)) if c.get("collection", True) else "(no collection)", c["n"])
        return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="qsize-srv-bin-"))
    try:
        binary = prepare_binary(tmp)
        if args.shard_skew:
            f = out / "shard-skew.json"
            if f.exists() and not args.force:
                print("shard-skew: exists, skipped")
                return
            f.write_text(json.dumps(shard_skew(binary), indent=1) + "\n")
            return
        for i, c in enumerate(configs, 1):
            f = out / f"{c['id']}.json"
            if f.exists() and not args.force:
                print(f"[{i}/{len(configs)}] {c['id']}: exists, skipped", flush=True)
                continue
            print(f"[{i}/{len(configs)}] {c['id']}: running", flush=True)
            r = run_config(c, binary, args.settle, args.timeout)
            f.write_text(json.dumps(r, indent=1) + "\n")
            print(f"[{i}/{len(configs)}] {summary(r)}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
