#!/usr/bin/env python3
"""Calibration harness: measure Qdrant's real segment engine (via qdrant-edge-py).

For each config of a matrix it builds ONE optimized (HNSW-indexed) segment of N
seeded points in a fresh subprocess, records every file the engine wrote
(apparent size = st_size, allocated = st_blocks*512) grouped by structure, the
wall time and peak RSS of ``optimize()``, then loads the shard in another fresh
subprocess and records RssAnon / RssFile before load, after load and after
~300 searches, plus the same for an empty shard of the same config.

Results: one JSON per config in data/calibration/<config-id>.json (resumable:
configs whose JSON exists are skipped).  See data/calibration/README.md.

Usage:
  python harness.py                 # run the whole matrix (resumable)
  python harness.py --smoke         # one small config, prints a summary
  python harness.py --only base,n128-10k-m16 [--force]
  python harness.py --list          # print the matrix in run order
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import statistics
import math
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
import uuid as _uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT_DIR = REPO / "data" / "calibration"
LEGACY_OUT_DIR = OUT_DIR / "v1.19.0-matrix"  # qdrant-edge-py 0.7.2 (api 1.18.2-dev, a 1.18 dev build; not Qdrant's v1.19.0 tag)
WORK_DIR = HERE / ".work"
SCHEMA_VERSION = 1

# --------------------------------------------------------------------------
# Matrix
# --------------------------------------------------------------------------

BASE = dict(
    n=100_000, d=384, dtype="float32", distance="Cosine", m=16, ef=100,
    quant="none", quant_memory=None, vec_memory=None, hnsw_memory=None,
    ids="numeric", payload=False, payload_indexes=False, sparse=False,
    multivector=False, data="gmm", clusters=256, seed=42,
    payload_memory=None, inline_storage=False, id_tracker_memory=None,
    # Qdrant's defaults unless a config says otherwise: full_scan_threshold 10,000 KB
    # (qdrant@v1.19.0:config/config.yaml, hnsw_index.full_scan_threshold_kb). Results produced before
    # 2026-12-02 have no such key and were built with 10 KB (see data/calibration/README.md).
    full_scan_threshold_kb=10_000,
    # The optimizer's indexing threshold (KB): 1 makes every segment of the matrix an indexed one whatever its
    # size (Qdrant's default, 10,000 KB in config.yaml, leaves segments under ~10 MB of vectors plain).
    indexing_threshold_kb=1,
)


def cfg(cid: str, **kw) -> dict:
    c = dict(BASE)
    c.update(kw)
    c["id"] = cid
    return c


# Configs calibrated before 2026-12-02 with full_scan_threshold = 10 KB and not re-measured at Qdrant's default:
# they keep their IDs and say so (FST10), so that the matrix reproduces what their JSONs hold. The entry-point
# queue of the graph (graph.bin, and its heap copy) is the only structure of theirs that the threshold moves
# (10 x points / threshold-in-points entries, 12 B each in the file and 16 B on the heap: docs/accuracy.md), and
# the model takes the threshold as an input. Re-measured at the default (the 10 KB results kept as `fst10-<id>`):
# base, payload-indexed, res-payload-cached.
FST10 = dict(full_scan_threshold_kb=10)


def matrix() -> list[dict]:
    """Configs, most informative first.  One factor varied at a time around BASE."""
    out: list[dict] = []
    add = out.append
    n_short = {10_000: "10k", 30_000: "30k", 100_000: "100k", 300_000: "300k", 1_000_000: "1m"}

    # 1. base + graph N-sweep (D=128, m=16)
    add(cfg("base"))
    for n in (10_000, 30_000, 100_000, 300_000):
        add(cfg(f"nsweep-d128-m16-n{n_short[n]}", n=n, d=128, **FST10))
    # 2. quantization at base
    for q in ("sq8", "pq16", "pq32", "bq1", "bq1.5", "bq2", "tq1", "tq1.5", "tq2", "tq4"):
        add(cfg(f"quant-{q}", quant=q, **FST10))
    # 3. HNSW params at base
    add(cfg("hnsw-m8", m=8, **FST10))
    add(cfg("hnsw-m32", m=32, **FST10))
    add(cfg("hnsw-ef64", ef=64, **FST10))
    add(cfg("hnsw-ef128", ef=128, **FST10))
    # 4. ids, payload
    add(cfg("ids-uuid", ids="uuid", **FST10))
    add(cfg("payload-noindex", payload=True, **FST10))
    add(cfg("payload-indexed", payload=True, payload_indexes=True))
    # 5. residency
    add(cfg("res-vec-cold", vec_memory="Cold", **FST10))
    add(cfg("res-hnsw-cold", hnsw_memory="Cold", **FST10))
    add(cfg("res-hnsw-pinned", hnsw_memory="Pinned", **FST10))
    add(cfg("res-sq8-veccold-qpinned", quant="sq8", vec_memory="Cold", quant_memory="Pinned", **FST10))
    add(cfg("res-sq8-veccold-qcold", quant="sq8", vec_memory="Cold", quant_memory="Cold", **FST10))
    add(cfg("res-bq1-veccold-qpinned", quant="bq1", vec_memory="Cold", quant_memory="Pinned", **FST10))
    add(cfg("res-payload-cached", payload=True, payload_indexes=True, payload_memory="Cached"))
    # 6. datatypes
    add(cfg("dtype-float16", dtype="float16", **FST10))
    add(cfg("dtype-uint8", dtype="uint8", **FST10))
    # 7. data distribution: uniform per dimension (N=100k; smaller N for big D)
    add(cfg("uniform-d128", d=128, data="uniform", **FST10))
    add(cfg("uniform-d384", data="uniform", **FST10))
    # 8. sparse, multivector
    add(cfg("sparse-nnz50", sparse=True, d=0, **FST10))
    add(cfg("multivec-d128", multivector=True, n=20_000, d=128, **FST10))
    # 9. N-sweep for m=8, m=32
    for m in (8, 32):
        for n in (10_000, 30_000, 100_000, 300_000):
            add(cfg(f"nsweep-d128-m{m}-n{n_short[n]}", n=n, d=128, m=m, **FST10))
    # 10. more residency
    add(cfg("res-vec-cold-hnsw-cold", vec_memory="Cold", hnsw_memory="Cold", **FST10))
    add(cfg("res-idtracker-cold", id_tracker_memory="Cold", **FST10))
    add(cfg("res-idtracker-cold-uuid", id_tracker_memory="Cold", ids="uuid", **FST10))
    # 11. 1M points at D=128, dimension sweep
    add(cfg("nsweep-d128-m16-n1m", n=1_000_000, d=128, **FST10))
    add(cfg("dim-768", d=768, **FST10))
    add(cfg("dim-1536", d=1536, n=50_000, **FST10))
    add(cfg("inline-bq1-hnswcold", quant="bq1", inline_storage=True, hnsw_memory="Cold", **FST10))
    add(cfg("quant-sq8-d768", d=768, quant="sq8", **FST10))
    add(cfg("quant-pq16-d768", d=768, quant="pq16", **FST10))
    add(cfg("quant-bq1.5-d768", d=768, quant="bq1.5", **FST10))
    add(cfg("nsweep-d128-m8-n1m", n=1_000_000, d=128, m=8, **FST10))
    add(cfg("nsweep-d128-m32-n1m", n=1_000_000, d=128, m=32, **FST10))
    # 12. uniform data at high D (slow to build: last)
    add(cfg("uniform-d768", d=768, data="uniform", **FST10))
    add(cfg("uniform-d1536", d=1536, n=50_000, data="uniform", **FST10))
    out.extend(coverage_matrix())
    return out


def coverage_matrix() -> list[dict]:
    """What users run beyond the first matrix (issue 16, 2026-12-02), at Qdrant's defaults: larger dimensions,
    m 4-64 with ef_construct 200-400, every product-quantization ratio, uint8 / float16 originals under scalar,
    product and binary quantization, multivectors of ~4 to ~64 inner vectors, UUID ids with ~2 KB payloads,
    and full_scan_threshold / indexing_threshold variations. Sizes keep each build to a few CPU-minutes."""
    out: list[dict] = []
    add = out.append
    # The first matrix's 10 KB builds of the re-measured configs (their old JSONs, renamed).
    add(cfg("fst10-base", **FST10))
    add(cfg("fst10-payload-indexed", payload=True, payload_indexes=True, **FST10))
    add(cfg("fst10-res-payload-cached", payload=True, payload_indexes=True, payload_memory="Cached", **FST10))
    # dimensions
    add(cfg("dim-1024", d=1024))
    add(cfg("dim-3072", d=3072, n=30_000))
    # HNSW m and ef_construct
    add(cfg("hnsw-m24-ef200", m=24, ef=200))
    add(cfg("hnsw-m4-ef200", m=4, ef=200))
    add(cfg("hnsw-ef400", ef=400))
    add(cfg("hnsw-m4-ef400", m=4, ef=400))
    add(cfg("hnsw-m64-ef200", m=64, ef=200, n=50_000))
    add(cfg("hnsw-m64-ef400", m=64, ef=400, n=50_000))
    # m=64 at ef_construct 64 and 100 (50k): level-0 lists of 2m = 128 slots that (almost) never fill, so the degree
    # is twice what the heuristic keeps of the ef candidates (s22-links: the ef term of the level-0 degree).
    add(cfg("hnsw-m64-ef64", m=64, ef=64, n=50_000))
    add(cfg("hnsw-m64-ef100", m=64, ef=100, n=50_000))
    # m=32 at ef_construct 400 (50k): lists of 64 slots against an unpruned degree near 43, between the two regimes.
    add(cfg("hnsw-m32-ef400", m=32, ef=400, n=50_000))
    # product quantization ratios
    for r in (4, 8, 64):
        add(cfg(f"quant-pq{r}", quant=f"pq{r}"))
    # datatypes under quantization
    for dt in ("uint8", "float16"):
        for q in ("sq8", "pq16", "bq1"):
            add(cfg(f"dtype-{dt}-{q}", dtype=dt, quant=q))
    add(cfg("quant-bq2-d1536", d=1536, n=50_000, quant="bq2"))
    # multivectors: ~4, ~32 and ~64 inner vectors per point (the multivector HNSW scores every inner pair:
    # build cost grows with the square of the inner count, hence fewer points and smaller inner vectors)
    add(cfg("multivec-4", multivector=True, n=20_000, d=128, mv_inner=[2, 6]))
    add(cfg("multivec-32", multivector=True, n=3_000, d=64, mv_inner=[24, 40]))
    add(cfg("multivec-64", multivector=True, n=2_000, d=64, mv_inner=[48, 80]))
    # UUID ids with ~2 KB payloads
    add(cfg("ids-uuid-payload2k", ids="uuid", payload=True, payload_blob_bytes=1900))
    # thresholds
    add(cfg("fst100-base", full_scan_threshold_kb=100))
    add(cfg("fst1000-payload-indexed", payload=True, payload_indexes=True, full_scan_threshold_kb=1000))
    # A segment under the indexing threshold stays plain (no graph): 30k x 384-d float32 = 45 MB < 100,000 KB.
    add(cfg("idx-threshold-plain", n=30_000, indexing_threshold_kb=100_000))
    return out


def small_shard_configs() -> list[dict]:
    """Small dense shards at Qdrant's default full_scan_threshold, outside the matrix (run on qdrant-edge-py 0.7.2 with
    --only ... --out data/calibration/v1.19.0-small): the loaded-shard constant at the sizes of the multivector shards
    (2,000-3,000 points) and beside the 10 KB n-sweep runs (10k, 30k), s23-mv. 64-d and 128-d float32; under 40,000
    and 20,000 points respectively a segment is searched by full scan (no visited list)."""
    return [cfg(f"small-d{d}-n{n}", n=n, d=d) for d, n in ((64, 2_000), (64, 3_000), (64, 10_000), (128, 3_000),
                                                            (128, 10_000), (128, 30_000))]


def mutable_tracker_configs() -> list[dict]:
    """The mutable id tracker of a plain segment, taken apart with heaptrack (s42, heaptrack_live.py --only ...):
    `PointMappings` grows its Vec of ids, its versions and its deleted bits one element at a time (amortized doubling,
    a power-of-two capacity), so 16,000 and 17,000 points sit either side of 16,384; numeric ids (upserted in order)
    and UUIDs (random), 16-d vectors under an indexing threshold they never reach (one plain segment)."""
    return [cfg(f"tracker-plain{'-uuid' if ids == 'uuid' else ''}-n{n}", n=n, d=16, ids=ids, indexing_threshold_kb=1_000_000)
            for ids in ("numeric", "uuid") for n in (2_500, 16_000, 17_000)]


def payload_block_configs() -> list[dict]:
    """Runs that take a payload sub-graph apart, outside the matrix (run with --only ... --out
    data/calibration/payload-blocks): fst1000-payload-indexed with the keyword field alone (s22-links), its 1,000-point
    value blocks' links without the price field's 2,000-point range blocks. fst10-category-only / fst10-price-only: each
    field alone at 10 KB (run on the v1.19.0 server at 20,000 points: server_graph_maps.py payload)."""
    return [cfg("fst1000-keyword-only", payload=True, payload_indexes="category", full_scan_threshold_kb=1000)] + \
        [cfg(f"fst10-{f}-only", payload=True, payload_indexes=f, **FST10) for f in ("category", "price")] + \
        block_graph_configs()


def block_graph_configs() -> list[dict]:
    """A payload block's sub-graph is an HNSW graph of the block's own points (qdrant@v1.19.0:lib/segment/src/index/
    hnsw_index/hnsw/build.rs, build_filtered_graph). The matrix's blocks are random subsets of its 100k x 384-d points
    (category and price do not depend on the vector), so a standalone segment of the block's size drawn from the same
    mixture has the block graph's level-0 degree (s24, run on qdrant-edge-py 0.7.2 with --only ... --out
    data/calibration/payload-blocks/v1.19.0): 1,000 points (the keyword's value blocks), 2,000 (range blocks at
    full_scan_threshold 10 and 1,000 KB), 6,650 (range blocks at the default threshold); 50-500 and 20,000 for the
    shape of the degree against the graph's size."""
    return [cfg(f"graph-d384-n{n}", n=n) for n in (50, 200, 500, 1_000, 2_000, 6_650, 20_000)] + \
        graph_size_configs()


def graph_size_configs() -> list[dict]:
    """The level-0 degree against the graph's size (s25, --only ... --out data/calibration/payload-blocks/v1.19.0 on
    qdrant-edge-py 0.7.2, payload-blocks/v1.20 on 0.9.0): standalone segments of the matrix data (100k x 384-d, 256
    centres; 100,000 points is `base`) at 5,000-50,000 points; uniform points (no clusters) at 50-20,000; ef_construct 200
    at 2,000-100,000 and 64 at 2,000-30,000 (does the rise follow the candidates' count?); 64 centres at 2,000 and 10,000 (the data's part); 200 points at ef_construct 32 and 400 (does the candidate
    count move a graph smaller than ef_construct?)."""
    return [cfg(f"graph-d384-n{n}", n=n) for n in (5_000, 10_000, 30_000, 50_000)] + \
        [cfg(f"graph-d384-uniform-n{n}", n=n, data="uniform") for n in (50, 200, 500, 2_000, 20_000)] + \
        [cfg(f"graph-d384-ef200-n{n}", n=n, ef=200) for n in (2_000, 10_000, 30_000, 50_000, 100_000)] + \
        [cfg(f"graph-d384-ef64-n{n}", n=n, ef=64) for n in (2_000, 10_000, 30_000)] + \
        [cfg(f"graph-d384-c64-n{n}", n=n, clusters=64) for n in (2_000, 10_000)] + \
        [cfg(f"graph-d384-ef{ef}-n200", n=200, ef=ef) for ef in (32, 400)] + \
        [cfg(f"graph-d384-uniform-ef{ef}-n200", n=200, ef=ef, data="uniform") for ef in (32, 400)]


def quantized_score_configs() -> list[dict]:
    """Why uint8 originals under scalar and product quantization shrink the graph (s26, --only ... --out
    data/calibration/quantized-scores on qdrant-edge-py 0.9.0). The build links each point with the quantized scorer
    when there is one (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/hnsw/build.rs, FilteredScorer::new_internal
    with the quantized vectors), and for Cosine, scalar, product and binary quantization score by dot product
    (quantized_vectors.rs, construct_vector_parameters: "we have to use Dot product ... when distance is Cosine"),
    which is cosine only for normalized vectors. Float vectors are normalized on insert; uint8 ones cannot be, so
    their quantized scores are raw dot products, biased toward points with large sums. Euclid has no such bias
    (the codes score by L2): the same data and quantizations under Euclid, and the unquantized baseline; and Dot
    unquantized, whose build scores are dot products by definition."""
    return [cfg("dtype-uint8-euclid", dtype="uint8", distance="Euclid"),
            cfg("dtype-uint8-sq8-euclid", dtype="uint8", quant="sq8", distance="Euclid"),
            cfg("dtype-uint8-pq16-euclid", dtype="uint8", quant="pq16", distance="Euclid"),
            # Dot without quantization: the build's own scores are then raw dot products of the uint8 vectors.
            cfg("dtype-uint8-dot", dtype="uint8", distance="Dot")]


SMOKE = cfg("smoke", n=3000, d=128, payload=True, payload_indexes=True, quant="sq8", clusters=32)
# The smoke's 1.20-only structure: the turbo8 datatype (Qdrant 1.20; the originals are written TurboQuant-encoded,
# D + 4 bytes per vector, in vector_storage/tq_vectors.dat). Same size as SMOKE, no payload: about 10 s more.
SMOKE_V120 = cfg("smoke-v120", n=3000, d=128, dtype="turbo8", clusters=32)

# --------------------------------------------------------------------------
# /proc helpers
# --------------------------------------------------------------------------


def proc_status() -> dict:
    keys = ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem", "VmSize")
    res = {}
    try:
        with open("/proc/self/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in keys:
                    res[k + "_bytes"] = int(v.split()[0]) * 1024
    except OSError:
        pass
    res.update(jemalloc_stats())
    return res


_JE: list = []


def _mallctl():
    """jemalloc's mallctl when the process runs on jemalloc (`--jemalloc`: LD_PRELOAD), else None."""
    if not _JE:
        import ctypes

        try:
            f = ctypes.CDLL(None).mallctl
            f.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]
            f.restype = ctypes.c_int
            _JE.append(f)
        except AttributeError:
            _JE.append(None)
    return _JE[0]


def jemalloc_stats() -> dict:
    """jemalloc's own counters (jemalloc 5, `man jemalloc`, MALLCTL NAMESPACE): `stats.allocated` is the bytes the
    application holds (live allocations, rounded to their size class), `stats.active` the pages of active extents,
    `stats.resident` the allocator's resident pages (metadata included), `stats.metadata` its own bookkeeping. Read
    after an `epoch` write, which refreshes them. Empty when the process is not on jemalloc."""
    f = _mallctl()
    if f is None:
        return {}
    import ctypes

    e = ctypes.c_uint64(1)
    f(b"epoch", None, None, ctypes.byref(e), ctypes.sizeof(e))
    out = {}
    for k in ("allocated", "active", "resident", "metadata", "mapped", "retained"):
        v = ctypes.c_size_t(0)
        n = ctypes.c_size_t(ctypes.sizeof(v))
        if f(("stats." + k).encode(), ctypes.byref(v), ctypes.byref(n), None, 0) == 0:
            out["je_" + k + "_bytes"] = int(v.value)
    return out


def reset_hwm() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def malloc_trim() -> bool:
    """Give freed heap back to the kernel (glibc malloc_trim(0): trims every arena and madvises free pages).

    The Python process runs the engine on glibc malloc, which keeps freed chunks resident; Qdrant's server
    links jemalloc, which returns them after its decay time.  Without a trim, RssAnon after loading a shard
    counts the load's freed temporaries (about 8-12 MB) and, before the load, whatever the process freed
    earlier (query generation), which the load then reuses: the two made the "loaded-shard constant" of the
    first matrix swing from 1 to 13 MB.  Trimmed, RssAnon counts the live heap only."""
    f = _mallctl()
    if f is not None:
        # On jemalloc (`--jemalloc`) the same: purge every arena's unused dirty pages now (arena.<i>.purge with
        # i = MALLCTL_ARENAS_ALL, 4096 in jemalloc 5), rather than after its decay time.
        return f(b"arena.4096.purge", None, None, None, 0) == 0
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
        return True
    except (OSError, AttributeError):
        return False


_SAMPLER_CODE = r"""
import json, select, sys
pid = sys.argv[1]
peak = {"VmRSS_bytes": 0, "RssAnon_bytes": 0, "RssFile_bytes": 0}
n = 0
while True:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                key = k + "_bytes"
                if key in peak:
                    peak[key] = max(peak[key], int(v.split()[0]) * 1024)
        n += 1
    except OSError:
        break
    r, _, _ = select.select([sys.stdin], [], [], 0.02)
    if r:
        break
peak["samples"] = n
print(json.dumps(peak), flush=True)
"""


class RssSampler:
    """Samples /proc/<pid>/status of this process from a separate process every ~20 ms.

    A thread would not work: optimize() holds the GIL while the Rust code runs.
    """

    def __init__(self):
        self.peak_rss = self.peak_anon = self.peak_file = self.samples = 0
        self._p = None

    def start(self):
        self._p = subprocess.Popen([sys.executable, "-c", _SAMPLER_CODE, str(os.getpid())],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def stop(self):
        try:
            out, _ = self._p.communicate(input="x\n", timeout=30)
            d = json.loads(out.strip().splitlines()[-1])
            self.peak_rss, self.peak_anon = d["VmRSS_bytes"], d["RssAnon_bytes"]
            self.peak_file, self.samples = d["RssFile_bytes"], d["samples"]
        except Exception:  # noqa: BLE001
            self._p.kill()


def process_cpu_seconds() -> float:
    """This process's CPU seconds (user + system, every thread: the engine's build threads are the process's)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def machine_info() -> dict:
    mem = None
    cpu_model = None
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "sched_affinity_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "mem_total_bytes": mem,
        "cpu_model": cpu_model,
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def engine_info() -> dict:
    """qdrant-edge-py version and what can be discovered about the embedded Qdrant code."""
    from importlib import metadata

    info = {"qdrant_edge_py": None, "numpy": None}
    for pkg, key in (("qdrant-edge-py", "qdrant_edge_py"), ("numpy", "numpy")):
        try:
            info[key] = metadata.version(pkg)
        except Exception:  # noqa: BLE001
            pass
    # The wheel ships a CycloneDX SBOM listing the vendored workspace crates
    # (segment, shard, common, ...) with the build timestamp.
    try:
        dist = metadata.distribution("qdrant-edge-py")
        for f in dist.files or []:
            if str(f).endswith(".cyclonedx.json"):
                sbom = json.loads(Path(dist.locate_file(f)).read_text())
                info["sbom_timestamp"] = sbom.get("metadata", {}).get("timestamp")
                crates = {}
                for comp in sbom.get("components", []):
                    ref = comp.get("bom-ref", "")
                    if "qdrant/qdrant/lib/" in ref:
                        crates[comp["name"]] = comp.get("version")
                info["vendored_workspace_crates"] = crates
    except Exception as e:  # noqa: BLE001
        info["sbom_error"] = repr(e)
    # The workspace crate `api` carries the Qdrant version number (Cargo.toml of lib/api).
    info["embedded_qdrant_version"] = (info.get("vendored_workspace_crates") or {}).get("api")
    info["embedded_qdrant_note"] = (
        "Version of the vendored Qdrant `api` crate (= Qdrant workspace version) from the wheel's SBOM; "
        "no commit hash is exposed. See sbom_timestamp (build date) and segment_version_info."
    )
    return info


# --------------------------------------------------------------------------
# Data generation (seeded)
# --------------------------------------------------------------------------


def gen_dense(c: dict, n: int, d: int, seed_offset: int = 0):
    import numpy as np

    rng = np.random.default_rng(c["seed"] + seed_offset)
    if c["data"] == "uniform":
        x = rng.uniform(-1.0, 1.0, size=(n, d)).astype(np.float32)
    else:  # Gaussian mixture, clustered
        crng = np.random.default_rng(c["seed"] + 1000)  # same centers for data and queries
        k = c["clusters"]
        centers = crng.standard_normal((k, d)).astype(np.float32)
        centers /= np.linalg.norm(centers, axis=1, keepdims=True)
        assign = rng.integers(0, k, size=n)
        x = centers[assign] + rng.standard_normal((n, d)).astype(np.float32) * (0.5 / math.sqrt(d))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    if c["dtype"] == "uint8":
        x = np.clip(np.rint((x * math.sqrt(d) / 4.0 + 1.0) * 127.5), 0, 255)
    return x.astype(np.float32)


def gen_sparse(c: dict, n: int, seed_offset: int = 0, vocab: int = 30_000, avg_nnz: int = 50):
    import numpy as np

    rng = np.random.default_rng(c["seed"] + seed_offset)
    # Zipf-like term popularity
    p = 1.0 / np.arange(1, vocab + 1) ** 0.8
    p /= p.sum()
    out = []
    for _ in range(n):
        k = max(1, int(rng.poisson(avg_nnz)))
        idx = np.unique(rng.choice(vocab, size=k, p=p))
        out.append((idx.tolist(), rng.random(len(idx)).astype(np.float32).tolist()))
    return out


def gen_multi(c: dict, n: int, d: int, seed_offset: int = 0):
    import numpy as np

    rng = np.random.default_rng(c["seed"] + seed_offset)
    lo, hi = c.get("mv_inner", [8, 24])  # default: 8-24 inner vectors, avg 16
    counts = rng.integers(lo, hi + 1, size=n)
    flat = gen_dense(c, int(counts.sum()), d, seed_offset)
    res, pos = [], 0
    for k in counts:
        res.append(flat[pos:pos + k])
        pos += k
    return res, int(counts.sum())


WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron "
         "pi rho sigma tau upsilon phi chi psi omega").split()


def gen_payload(rng, i: int, blob_bytes: int = 0) -> dict:
    # ~160 bytes of JSON when serialized, plus a `text` field of about blob_bytes (words of the same vocabulary)
    p = {
        "category": f"cat_{int(rng.integers(0, 100))}",
        "tenant": f"tenant_{int(rng.integers(0, 1000))}",
        "price": int(rng.integers(0, 1_000_000)),
        "ts": 1_700_000_000 + i,
        "title": " ".join(WORDS[int(j)] for j in rng.integers(0, len(WORDS), 12)),
        "flag": bool(rng.integers(0, 2)),
    }
    if blob_bytes:
        p["text"] = " ".join(WORDS[int(j)] for j in rng.integers(0, len(WORDS), max(1, blob_bytes // 6)))
    return p


def point_id(c: dict, i: int):
    if c["ids"] == "uuid":
        return str(_uuid.UUID(int=(hash((c["seed"], i)) & ((1 << 64) - 1)) << 64 | i, version=4))
    return i


# --------------------------------------------------------------------------
# Engine config
# --------------------------------------------------------------------------


def legacy_api() -> bool:
    """qdrant-edge-py before 0.8 (0.7.2: api 1.18.2-dev, a 1.18 dev build standing in for v1.19.0) has no `memory` tiers in its bindings, only the
    legacy on_disk / always_ram / on_disk_payload fields, which Qdrant v1.19.0 maps to the same placements
    (qdrant@v1.19.0:lib/segment/src/types.rs, legacy_always_ram_placement)."""
    import qdrant_edge as q

    return not hasattr(q, "Memory")


# What each residency setting of the matrix becomes on the legacy bindings; None = not expressible there
# (the config is skipped on that engine, and says so).
LEGACY_FIELDS = {
    "vec_memory": {"Cold": ("vectors.on_disk", True)},
    "hnsw_memory": {"Cold": ("hnsw_config.on_disk", True)},
    "quant_memory": {"Pinned": ("quantization_config.always_ram", True),
                     "Cold": ("quantization_config.always_ram", False)},
    "payload_memory": {"Cached": ("on_disk_payload", False)},
    "id_tracker_memory": {},
}


def legacy_fields(c: dict) -> dict | None:
    """The legacy fields a config sets on qdrant-edge-py 0.7.2, or None when one of its settings has none."""
    out = {}
    for key, table in LEGACY_FIELDS.items():
        v = c.get(key)
        if v is None:
            continue
        if v not in table:
            return None
        field, value = table[v]
        out[field] = value
    return out


def edge_config(c: dict):
    import qdrant_edge as q

    legacy = legacy_api()
    lf = legacy_fields(c) if legacy else {}
    if lf is None:
        raise ValueError(f"config {c['id']}: a residency setting with no legacy field on this engine")

    def mem(name):
        return getattr(q.Memory, name) if name else None

    def qkw():
        if legacy:
            return {"always_ram": lf["quantization_config.always_ram"]} if "quantization_config.always_ram" in lf else {}
        return {"memory": mem(c.get("quant_memory"))}

    quant = None
    qs = c["quant"]
    if qs == "sq8":
        quant = q.ScalarQuantizationConfig(type=q.ScalarType.Int8, **qkw())
    elif qs.startswith("pq"):
        quant = q.ProductQuantizationConfig(compression=getattr(q.CompressionRatio, "X" + qs[2:]), **qkw())
    elif qs.startswith("bq"):
        enc = {"1": "OneBit", "1.5": "OneAndHalfBits", "2": "TwoBits"}[qs[2:]]
        quant = q.BinaryQuantizationConfig(encoding=getattr(q.BinaryQuantizationEncoding, enc), **qkw())
    elif qs.startswith("tq"):
        bits = {"1": "Bits1", "1.5": "Bits1_5", "2": "Bits2", "4": "Bits4", "8": "Bits8"}[qs[2:]]
        quant = q.TurboQuantQuantizationConfig(bits=getattr(q.TurboQuantBitSize, bits), **qkw())

    inline = True if c.get("inline_storage") else None
    fst = c.get("full_scan_threshold_kb", 10)  # results without the key were built with 10 KB
    if legacy:
        hnsw = q.HnswIndexConfig(c["m"], c["ef"], fst, max_indexing_threads=0,
                                 on_disk=lf.get("hnsw_config.on_disk"), inline_storage=inline)
    else:
        hnsw = q.HnswIndexConfig(
            m=c["m"], ef_construct=c["ef"], full_scan_threshold=fst, max_indexing_threads=0,
            memory=mem(c.get("hnsw_memory")), inline_storage=inline,
        )
    opt = q.EdgeOptimizersConfig(
        default_segment_number=c.get("segments", 1), max_segment_size=1_000_000_000,
        indexing_threshold=c.get("indexing_threshold_kb", 1),
        deleted_threshold=0.2, vacuum_min_vector_number=1000,
    )
    kw = dict(hnsw_config=hnsw, optimizers=opt, quantization_config=quant)
    if legacy:
        if "on_disk_payload" in lf:
            kw["on_disk_payload"] = lf["on_disk_payload"]
    else:
        if c.get("id_tracker_memory"):
            kw["id_tracker_memory"] = mem(c["id_tracker_memory"])
        if c.get("payload_memory"):
            kw["payload_memory"] = mem(c["payload_memory"])
    if c["sparse"]:
        kw["sparse_vectors"] = {"sp": q.EdgeSparseVectorParams()}
    else:
        dt = {"float32": q.VectorStorageDatatype.Float32, "float16": q.VectorStorageDatatype.Float16,
              "uint8": q.VectorStorageDatatype.Uint8}.get(c["dtype"])
        if dt is None:  # turbo8 / turbo16: Qdrant 1.20 (qdrant-edge-py 0.9.0+)
            dt = getattr(q.VectorStorageDatatype, c["dtype"].capitalize())
        residency = {"on_disk": lf.get("vectors.on_disk")} if legacy else {"memory": mem(c.get("vec_memory"))}
        kw["vectors"] = q.EdgeVectorParams(
            size=c["d"], distance=getattr(q.Distance, c["distance"]), datatype=dt,
            multivector_config=q.MultiVectorConfig(q.MultiVectorComparator.MaxSim) if c["multivector"] else None,
            **residency,
        )
    return q.EdgeConfig(**kw)


# --------------------------------------------------------------------------
# File accounting
# --------------------------------------------------------------------------


def classify(rel: str, sparse_names=("sp",)) -> str:
    parts = rel.split("/")
    if parts[0] == "wal":
        return "wal"
    if parts[0] != "segments" or len(parts) < 3:
        return "other"
    sub = "/".join(parts[2:])
    top = parts[2]
    if any(top.endswith("-" + s) for s in sparse_names) and (top.startswith("vector_storage") or top.startswith("vector_index")):
        return "sparse_index" if top.startswith("vector_index") else "sparse_storage"
    if "quantized" in sub or "tq_vectors" in sub:
        return "quantized"
    if top.startswith("vector_storage"):
        return "originals"
    if top.startswith("vector_index"):
        return "hnsw"
    if top.startswith("id_tracker") or top.startswith("mutable_id_tracker"):
        return "id_tracker"
    if top == "payload_storage":
        return "payload_storage"
    if top == "payload_index":
        return "payload_index"
    return "other"


def scan_files(root: Path) -> dict:
    files = []
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            rel = str(p.relative_to(root))
            files.append({"path": rel, "apparent": st.st_size, "allocated": st.st_blocks * 512,
                          "group": classify(rel)})
    # per segment
    segs: dict[str, dict] = {}
    for f in files:
        parts = f["path"].split("/")
        if parts[0] == "segments" and len(parts) > 2:
            s = segs.setdefault(parts[1], {"apparent": 0, "allocated": 0, "indexed": False})
            s["apparent"] += f["apparent"]
            s["allocated"] += f["allocated"]
            if parts[2].startswith("vector_index"):
                s["indexed"] = True
    main_seg = None
    if segs:
        main_seg = max(segs, key=lambda k: (segs[k]["indexed"], segs[k]["allocated"]))
    groups: dict[str, dict] = {}
    groups_main: dict[str, dict] = {}
    for f in files:
        for tgt, cond in ((groups, True), (groups_main, main_seg and f["path"].startswith(f"segments/{main_seg}/"))):
            if not cond:
                continue
            g = tgt.setdefault(f["group"], {"apparent": 0, "allocated": 0, "files": 0})
            g["apparent"] += f["apparent"]
            g["allocated"] += f["allocated"]
            g["files"] += 1
    # shorten segment uuids in the raw list to keep JSON readable
    for f in files:
        parts = f["path"].split("/")
        if parts[0] == "segments" and len(parts) > 1:
            parts[1] = "MAIN" if parts[1] == main_seg else "seg-" + parts[1][:8]
            f["path"] = "/".join(parts)
    return {"groups_all_segments": groups, "groups_main_segment": groups_main,
            "segments": {("MAIN" if k == main_seg else "seg-" + k[:8]): v for k, v in segs.items()},
            "files": files}


# --------------------------------------------------------------------------
# Child: build
# --------------------------------------------------------------------------


def child_build(c: dict, shard_dir: Path) -> dict:
    import numpy as np
    import qdrant_edge as q

    res: dict = {"errors": []}
    res["rss_start"] = proc_status()
    t0 = time.time()
    n, d = c["n"], c["d"]
    payload_rng = np.random.default_rng(c["seed"] + 7)
    if c["sparse"]:
        data = gen_sparse(c, n)
        res["sparse_total_nnz"] = sum(len(x[0]) for x in data)
        res["sparse_avg_nnz"] = round(res["sparse_total_nnz"] / n, 3)
    elif c["multivector"]:
        data, inner = gen_multi(c, n, d)
        res["multivector_inner_vectors"] = inner
    else:
        data = gen_dense(c, n, d)
    res["datagen_seconds"] = round(time.time() - t0, 3)

    if shard_dir.exists():
        shutil.rmtree(shard_dir)
    shard_dir.mkdir(parents=True)  # 0.7.2 does not create it
    shard = q.EdgeShard.create(str(shard_dir), edge_config(c))
    if c["payload_indexes"]:
        # payload_indexes: True indexes both fields; a field name indexes that field alone (the keyword field's
        # blocks without the range blocks: payload-keyword-only).
        if c["payload_indexes"] in (True, "category"):
            shard.update(q.UpdateOperation.create_field_index("category", q.PayloadSchemaType.Keyword))
        if c["payload_indexes"] in (True, "price"):
            shard.update(q.UpdateOperation.create_field_index("price", q.PayloadSchemaType.Integer))

    t0 = time.time()
    batch = 1000 if d <= 512 else 256
    payload_bytes = 0
    for start in range(0, n, batch):
        pts = []
        for i in range(start, min(n, start + batch)):
            if c["sparse"]:
                vec = {"sp": q.SparseVector(data[i][0], data[i][1])}
            elif c["multivector"]:
                vec = data[i].tolist()
            else:
                vec = data[i].tolist()
            pl = None
            if c["payload"]:
                pl = gen_payload(payload_rng, i, c.get("payload_blob_bytes", 0))
                payload_bytes += len(json.dumps(pl, separators=(",", ":")))
            pts.append(q.Point(point_id(c, i), vec, pl))
        shard.update(q.UpdateOperation.upsert_points(pts))
    res["upsert_seconds"] = round(time.time() - t0, 3)
    res["payload_json_bytes_avg"] = round(payload_bytes / n, 1) if c["payload"] else 0
    res["rss_before_optimize"] = proc_status()

    res["loadavg_before_optimize"] = os.getloadavg()
    cpu0 = process_cpu_seconds()
    hwm_reset = reset_hwm()
    sampler = RssSampler()
    sampler.start()
    t0 = time.time()
    try:
        res["optimize_returned"] = shard.optimize()
    except Exception as e:  # noqa: BLE001
        res["errors"].append(f"optimize: {e!r}")
    res["optimize_seconds"] = round(time.time() - t0, 3)
    res["loadavg_after_optimize"] = os.getloadavg()
    res["optimize_cpu_seconds"] = round(process_cpu_seconds() - cpu0, 2)
    sampler.stop()
    after = proc_status()
    res["rss_after_optimize"] = after
    res["optimize_peak"] = {
        "vmhwm_reset_ok": hwm_reset,
        "VmHWM_bytes": after.get("VmHWM_bytes"),
        "sampled_peak_VmRSS_bytes": sampler.peak_rss,
        "sampled_peak_RssAnon_bytes": sampler.peak_anon,
        "sampled_peak_RssFile_bytes": sampler.peak_file,
        "samples": sampler.samples,
        "peak_rss_above_before_bytes": max(after.get("VmHWM_bytes") or 0, sampler.peak_rss)
        - res["rss_before_optimize"].get("VmRSS_bytes", 0),
        "peak_anon_above_before_bytes": sampler.peak_anon - res["rss_before_optimize"].get("RssAnon_bytes", 0),
    }
    t0 = time.time()
    shard.flush()
    res["flush_seconds"] = round(time.time() - t0, 3)
    info = shard.info()
    res["shard_info"] = {"segments_count": info.segments_count, "points_count": info.points_count,
                         "indexed_vectors_count": info.indexed_vectors_count}
    try:
        res["shard_info"]["payload_schema"] = {k: v.points for k, v in info.payload_schema.items()}
    except Exception:  # noqa: BLE001
        pass
    shard.close()
    return res


# --------------------------------------------------------------------------
# Child: load + search residency
# --------------------------------------------------------------------------


def evict_page_cache(root: Path) -> int:
    """posix_fadvise(DONTNEED) every file so that 'cold' mmap really starts cold
    (the files were just written and would otherwise sit in the page cache)."""
    n = 0
    if not hasattr(os, "posix_fadvise"):
        return -1
    for p in root.rglob("*"):
        if p.is_file():
            try:
                fd = os.open(p, os.O_RDONLY)
                try:
                    os.fsync(fd)
                except OSError:
                    pass
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                os.close(fd)
                n += 1
            except OSError:
                pass
    return n


def trimmed_baseline(shard_dir: Path) -> int:
    """RssAnon before a load: the shard's files out of the page cache, glibc's free heap returned (malloc_trim)."""
    evict_page_cache(shard_dir)
    malloc_trim()
    return proc_status()["RssAnon_bytes"]


def load_queries(c: dict, n: int) -> list:
    """The n search queries of a load measurement (seed offset 99: not points of the shard), as qdrant_edge Query
    objects; the one way every load probe (child_load, heap_residue.py, heaptrack_live.py) makes them."""
    import qdrant_edge as q

    if c["sparse"]:
        return [q.Query.Nearest(q.SparseVector(i, v), using="sp") for i, v in gen_sparse(c, n, seed_offset=99)]
    if c["multivector"]:
        return [q.Query.Nearest(x.tolist()) for x in gen_multi(c, n, c["d"], seed_offset=99)[0]]
    return [q.Query.Nearest(x.tolist()) for x in gen_dense(c, n, c["d"], seed_offset=99)]


def create_empty_shard(c: dict, shard_dir: Path) -> None:
    """An empty shard of config c in shard_dir (replacing what is there): the baseline every live heap is taken above."""
    import qdrant_edge as q

    shutil.rmtree(shard_dir, ignore_errors=True)
    shard_dir.mkdir(parents=True)
    s = q.EdgeShard.create(str(shard_dir), edge_config(c))
    s.flush()
    s.close()


def child_load(c: dict, shard_dir: Path, n_search: int, empty: bool) -> dict:
    import numpy as np  # noqa: F401  (imported before "before_load" on purpose)
    import qdrant_edge as q

    res: dict = {"errors": []}
    # queries prepared before the baseline so their memory is in "before_load"
    qs = load_queries(c, n_search)
    if empty:
        create_empty_shard(c, shard_dir)
    res["page_cache_evicted_files"] = evict_page_cache(shard_dir)
    res["malloc_trim"] = malloc_trim()
    res["before_load"] = proc_status()
    t0 = time.time()
    shard = q.EdgeShard.load(str(shard_dir))
    res["load_seconds"] = round(time.time() - t0, 3)
    res["after_load"] = proc_status()
    time.sleep(1.0)
    res["after_load_1s"] = proc_status()
    t0 = time.time()
    ok = 0
    for qq in qs:
        try:
            shard.search(q.SearchRequest(query=qq, limit=10))
            ok += 1
        except Exception as e:  # noqa: BLE001
            if len(res["errors"]) < 3:
                res["errors"].append(f"search: {e!r}")
    res["searches_ok"] = ok
    res["search_seconds"] = round(time.time() - t0, 3)
    res["after_searches"] = proc_status()
    if res["malloc_trim"]:
        malloc_trim()
        res["after_searches_trimmed"] = proc_status()
    shard.close()
    return res


# --------------------------------------------------------------------------
# Parent
# --------------------------------------------------------------------------


# The environment of the load children (`--tcache-off`): glibc's per-thread cache off, GLIBC_TUNABLES=
# glibc.malloc.tcache_count=0. glibc 2.26+ keeps up to 7 freed chunks per size class (to 1,032 B) per thread; they count
# as allocated, so malloc_trim(0) cannot return the pages they sit in, and qdrant-edge 0.9.0's search threads (a rayon
# pool, src/edge/edge_shard/mod.rs) free their per-search scratch into them: 0.05-0.6 MB that follows the allocator,
# not a structure (heap_residue.py, data/calibration/heap-residue/). Qdrant's server runs jemalloc. Recorded in each
# result as load_env.
TCACHE_OFF = {"GLIBC_TUNABLES": "glibc.malloc.tcache_count=0"}
# The environment of the load children (`--jemalloc`): the engine on jemalloc, the allocator Qdrant's server links
# (qdrant@v1.19.0: src/main.rs, `tikv_jemallocator::Jemalloc` as the global allocator on x86_64 and aarch64 outside MSVC), preloaded from
# Debian's libjemalloc2 (5.3.0; qdrant-edge-py's module calls the C library's malloc, so the preload replaces it).
# MALLOC_CONF (`man jemalloc`, TUNING): no thread cache, as `--tcache-off` for glibc, and no decay, so a freed page is
# returned at once instead of after 10 s; malloc_trim() purges every arena. Each reading then also carries jemalloc's
# own counters (jemalloc_stats(): `je_allocated_bytes`, the live allocations, which no page residue moves).
JEMALLOC_SO = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"
JEMALLOC = {"LD_PRELOAD": JEMALLOC_SO, "MALLOC_CONF": "tcache:false,dirty_decay_ms:0,muzzy_decay_ms:0"}
LOAD_ENV: dict = {}


def run_child(mode: str, c: dict, shard_dir: Path, extra: list[str] | None = None, timeout=3600) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--config-json", json.dumps(c),
           "--shard-dir", str(shard_dir)] + (extra or [])
    env = {**os.environ, **LOAD_ENV} if mode != "build" else None
    t0 = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"errors": [f"{mode}: timeout after {timeout}s"]}
    if p.returncode != 0:
        return {"errors": [f"{mode}: exit {p.returncode}: {p.stderr[-2000:]}"],
                "wall_seconds": round(time.time() - t0, 3)}
    for line in reversed(p.stdout.splitlines()):
        if line.startswith("@@RESULT@@"):
            return json.loads(line[len("@@RESULT@@"):])
    return {"errors": [f"{mode}: no result; stderr: {p.stderr[-2000:]}"]}


def decode_links_safe(path: Path) -> dict:
    """Decode links_compressed.bin (see decode_links.py); never raises."""
    try:
        sys.path.insert(0, str(HERE))
        import decode_links

        d = decode_links.decode(str(path))
        d["file"] = path.name.split("--", 1)[-1]
        return d
    except Exception as e:  # noqa: BLE001
        return {"error": repr(e)}


def decode_existing(out_dir: Path) -> None:
    """Add/refresh 'hnsw_decoded' in existing result JSONs from .work/links copies."""
    for jf in sorted(out_dir.glob("*.json")):
        r = json.loads(jf.read_text())
        lf = sorted((WORK_DIR / "links").glob(f"{r['config_id']}--links*.bin"))
        if not lf:
            continue
        r["hnsw_decoded"] = decode_links_safe(lf[0])
        r["derived"] = derived(r["config"], r)
        jf.write_text(json.dumps(r, indent=1) + "\n")
        print(jf.name, "deg0", r["hnsw_decoded"].get("deg0_avg"))


def derived(c: dict, res: dict) -> dict:
    """Per-point numbers from the main (optimized) segment."""
    n = c["n"]
    g = res.get("files", {}).get("groups_main_segment", {})
    files = res.get("files", {}).get("files", [])
    out = {}
    for k, v in g.items():
        out[f"{k}_apparent_per_point"] = round(v["apparent"] / n, 3)
        out[f"{k}_allocated_per_point"] = round(v["allocated"] / n, 3)

    def fsize(suffix):
        return sum(f["apparent"] for f in files if f["path"].startswith("segments/MAIN/") and f["path"].endswith(suffix))

    links = fsize("links_compressed.bin") + fsize("links.bin") + fsize("links_comp_vec.bin")
    if links:
        out["hnsw_links_bytes_per_point"] = round(links / n, 3)
    if fsize("graph.bin"):
        out["hnsw_graph_bin_bytes"] = fsize("graph.bin")
    if fsize("matrix.dat"):
        out["matrix_dat_bytes"] = fsize("matrix.dat")
        e = {"float32": 4, "float16": 2, "uint8": 1}.get(c["dtype"])
        if e is not None:  # a turbo datatype leaves an empty, sparse matrix.dat beside tq_vectors.dat
            out["matrix_dat_minus_NDe"] = fsize("matrix.dat") - n * c["d"] * e
    qd = fsize("quantized.data")
    if qd:
        out["quantized_data_bytes_per_point"] = round(qd / n, 4)
    for name in ("id_tracker.mappings", "id_tracker.versions", "id_tracker.deleted"):
        if fsize(name):
            out[f"{name}_bytes"] = fsize(name)
    if fsize("id_tracker.mappings"):
        out["id_tracker_mappings_minus_header_per_point"] = round((fsize("id_tracker.mappings") - 8) / n, 4)
    walg = res.get("files", {}).get("groups_all_segments", {}).get("wal")
    if walg:
        out["wal_apparent"] = walg["apparent"]
        out["wal_allocated"] = walg["allocated"]
    hd = res.get("hnsw_decoded") or {}
    if "deg0_avg" in hd:
        out["hnsw_deg0_avg"] = hd["deg0_avg"]
        out["hnsw_deg0_over_m0"] = hd["deg0_over_m0"]
        out["hnsw_upper_records_per_point"] = hd["upper_records_per_point"]
        out["hnsw_upper_links_per_point"] = hd["upper_links_per_point"]
        out["hnsw_neighbour_bytes_per_point"] = hd["bytes_per_point"]["neighbours"]
        out["hnsw_level0_bits_per_link"] = hd["levels_detail"][0]["avg_bits_per_link"]
    ld, el = res.get("load", {}), res.get("load_empty", {})
    for stage in ("after_load", "after_load_1s", "after_searches"):
        for k in ("RssAnon_bytes", "RssFile_bytes"):
            if stage in ld and k in ld[stage] and stage in el and k in el[stage]:
                out[f"{stage}_{k}_above_empty"] = ld[stage][k] - el[stage][k]
    # The live heap of the loaded shard: in each process the growth from its own (trimmed) pre-load RssAnon
    # to its trimmed RssAnon after the searches, the shard's minus the empty shard's.
    # Shards under LOAD_REPEAT_MAX_N points are loaded LOAD_REPEATS times (res["load_runs"]): the medians of
    # both growths are used, so that process-to-process noise does not decide a 10% bar on 1-3 MB.
    runs = res.get("load_runs") or [{"load": ld, "load_empty": el}]
    # The same growths in jemalloc's own count of live allocations (`--jemalloc`: je_allocated_bytes,
    # jemalloc_stats()): bytes the engine holds, which no page residue moves. Named live_alloc_*.
    for k, name, legacy in (("RssAnon_bytes", "live_heap_{}RssAnon_bytes_above_empty", True),
                            ("je_allocated_bytes", "live_alloc_{}bytes_above_empty", False)):
        stages = ("before_load", "after_searches_trimmed")
        grow = lambda x, k=k: x["after_searches_trimmed"][k] - x["before_load"][k]  # noqa: E731
        lg = [grow(r["load"]) for r in runs if all(s in r["load"] and k in r["load"][s] for s in stages)]
        eg = [grow(r["load_empty"]) for r in runs if all(s in r["load_empty"] and k in r["load_empty"][s] for s in stages)]
        if not (lg and eg):
            continue
        out[name.format("")] = int(statistics.median(lg) - statistics.median(eg))
        out["empty_shard_" + name.format("").replace("_above_empty", "")] = int(statistics.median(eg))
        if len(lg) > 1:
            out[name.format("").replace("_above_empty", "_runs")] = {"shard_growth_bytes": lg, "empty_growth_bytes": eg}
        # Loaded without its WAL (measure_loads): the shard's live heap without the replay's allocator residue.
        ng = [grow(r) for r in res.get("load_no_wal_runs", []) if all(s in r and k in r[s] for s in stages)]
        if ng:
            out[name.format("no_wal_")] = int(statistics.median(ng) - statistics.median(eg))
            out[name.format("no_wal_").replace("_above_empty", "_runs")] = {"shard_growth_bytes": ng}
    return out


LOAD_REPEATS = 5
LOAD_REPEAT_MAX_N = 50_000


def shard_dirs(c: dict) -> tuple[Path, Path]:
    """Where a config's shard and its empty twin are built."""
    return WORK_DIR / "shards" / c["id"], WORK_DIR / "shards" / (c["id"] + "-empty")


def collect_errors(res: dict) -> list:
    """The build's errors and those of every load (all repeats)."""
    return res["build"].get("errors", []) + [e for r in res.get("load_runs", [res]) for x in ("load", "load_empty")
                                             for e in r.get(x, {}).get("errors", [])] + [
        e for r in res.get("load_no_wal_runs", []) for e in r.get("errors", [])]


def load_repeats(c: dict) -> int:
    return LOAD_REPEATS if c["n"] <= LOAD_REPEAT_MAX_N else 1


def measure_loads(c: dict, res: dict, shard_dir: Path, empty_dir: Path, n_search: int) -> None:
    """Load the shard and an empty shard of the same config, each in a fresh process, load_repeats(c) times."""
    runs = []
    for _ in range(load_repeats(c)):
        runs.append({"load": run_child("load", c, shard_dir, ["--n-search", str(n_search)]),
                     "load_empty": run_child("load-empty", c, empty_dir, ["--n-search", str(n_search)])})
    res["load"], res["load_empty"] = runs[0]["load"], runs[0]["load_empty"]
    if len(runs) > 1:
        res["load_runs"] = runs
    # The same shard without its WAL: EdgeShard.load replays every retained WAL entry (qdrant-edge 0.9.0,
    # edge/edge_shard/update.rs, replay_wal; flush() acks up to the persisted version but keeps the newest closed
    # segment), and each replayed operation is deserialized whole (CBOR through serde's buffered content) before
    # it is skipped as already applied. On glibc malloc the replay's temporaries (138 MiB untrimmed for 3,000
    # multivectors of ~32 x 64-d) leave pages that a few surviving allocations pin, which malloc_trim cannot
    # return. The server replays its WAL too, on jemalloc, which returns them (the server suite measures that).
    # A copy without wal/ loads the same segments with nothing to replay (the engine opens a fresh, empty WAL).
    nowal_dir = shard_dir.parent / (shard_dir.name + "-nowal")
    shutil.rmtree(nowal_dir, ignore_errors=True)
    shutil.copytree(shard_dir, nowal_dir, ignore=lambda d, names: ["wal"] if Path(d) == shard_dir else [])
    res["load_no_wal_runs"] = [run_child("load", c, nowal_dir, ["--n-search", str(n_search)]) for _ in runs]
    shutil.rmtree(nowal_dir, ignore_errors=True)


def remeasure_ram(c: dict, out_file: Path, n_search: int) -> dict:
    """Rebuild the shard (its build numbers are discarded) and redo only the load measurements of an
    existing result: for re-measuring RAM without touching the recorded build time and files."""
    res = json.loads(out_file.read_text())
    shard_dir, empty_dir = shard_dirs(c)
    b = run_child("build", c, shard_dir)
    if b.get("errors"):
        res["errors"] = res.get("errors", []) + b["errors"]
        return res
    res.pop("load_runs", None)
    measure_loads(c, res, shard_dir, empty_dir, n_search)
    res["load_env"] = dict(LOAD_ENV)
    res["ram_remeasured"] = {"date_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                             "command": "python test/calibration/harness.py " + " ".join(sys.argv[1:]),
                             "engine": engine_info()}
    res["derived"] = derived(c, res)
    res["errors"] = collect_errors(res)
    shutil.rmtree(shard_dir, ignore_errors=True)
    shutil.rmtree(empty_dir, ignore_errors=True)
    return res


def run_config(c: dict, keep: bool, n_search: int, eng: dict, mach: dict) -> dict:
    shard_dir, empty_dir = shard_dirs(c)
    t0 = time.time()
    res: dict = {
        "schema_version": SCHEMA_VERSION,
        "config_id": c["id"],
        "config": c,
        "engine": eng,
        "machine": mach,
        "date_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "command": "python test/calibration/harness.py " + " ".join(sys.argv[1:]),
    }
    res["build"] = run_child("build", c, shard_dir)
    if shard_dir.exists():
        res["files"] = scan_files(shard_dir)
        vi = list(shard_dir.glob("segments/*/version.info"))
        if vi:
            res["segment_version_info"] = vi[0].read_text().strip()
        # keep graph links for offline decoding (small)
        for f in shard_dir.glob("segments/*/vector_index*/links*.bin"):
            dst = WORK_DIR / "links" / f"{c['id']}--{f.name}"
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dst)
            res["hnsw_decoded"] = decode_links_safe(dst)
        for f in shard_dir.glob("segments/*/vector_index*/hnsw_config.json"):
            try:
                res["hnsw_config_written"] = json.loads(f.read_text())
            except Exception:  # noqa: BLE001
                pass
        measure_loads(c, res, shard_dir, empty_dir, n_search)
        res["load_env"] = dict(LOAD_ENV)
    res["derived"] = derived(c, res)
    res["total_seconds"] = round(time.time() - t0, 2)
    res["errors"] = collect_errors(res)
    if not keep:
        shutil.rmtree(shard_dir, ignore_errors=True)
    shutil.rmtree(empty_dir, ignore_errors=True)
    return res


def summary_line(r: dict) -> str:
    d = r.get("derived", {})
    b = r.get("build", {})
    c = r["config"]
    return (f"{r['config_id']}: N={c['n']} D={c['d']} m={c['m']} quant={c['quant']} | "
            f"orig {d.get('originals_apparent_per_point', '-')} B/pt, "
            f"quant {d.get('quantized_apparent_per_point', '-')} B/pt, "
            f"links {d.get('hnsw_links_bytes_per_point', '-')} B/pt (deg0 {d.get('hnsw_deg0_avg', '-')}), "
            f"idtr {d.get('id_tracker_apparent_per_point', '-')} B/pt | "
            f"optimize {b.get('optimize_seconds', '-')} s, peak +{(b.get('optimize_peak', {}).get('peak_rss_above_before_bytes') or 0) / 2**20:.0f} MiB | "
            f"RssAnon above empty after load {(d.get('after_load_1s_RssAnon_bytes_above_empty') or 0) / 2**20:.1f} MiB, "
            f"RssFile {(d.get('after_load_1s_RssFile_bytes_above_empty') or 0) / 2**20:.1f} MiB"
            + (f" | ERRORS: {r['errors']}" if r.get("errors") else ""))


def main():
    global LOAD_REPEATS
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep shard directories in .work/shards")
    ap.add_argument("--n-search", type=int, default=300)
    ap.add_argument("--max-n", type=int, default=0, help="skip configs with more points")
    ap.add_argument("--out", default="", help="default: data/calibration/ (data/calibration/v1.19.0-matrix/ on 0.7.2)")
    ap.add_argument("--decode-existing", action="store_true",
                    help="add decoded HNSW stats to existing result JSONs (from .work/links)")
    ap.add_argument("--remeasure-ram", action="store_true",
                    help="for existing results: rebuild each shard and redo only the load (RAM) measurements")
    ap.add_argument("--tcache-off", action="store_true",
                    help="load children run with glibc's per-thread cache off (see TCACHE_OFF); recorded as load_env")
    ap.add_argument("--load-repeats", type=int, default=0,
                    help=f"loads per shard of at most {LOAD_REPEAT_MAX_N:,} points (default {LOAD_REPEATS})")
    ap.add_argument("--jemalloc", action="store_true",
                    help="load children run on jemalloc, as the server does (see JEMALLOC); recorded as load_env")
    ap.add_argument("--child", choices=["build", "load", "load-empty"])
    ap.add_argument("--config-json")
    ap.add_argument("--shard-dir")
    a = ap.parse_args()

    if a.child:
        c = json.loads(a.config_json)
        sd = Path(a.shard_dir)
        if a.child == "build":
            r = child_build(c, sd)
        else:
            r = child_load(c, sd, a.n_search, empty=(a.child == "load-empty"))
        print("@@RESULT@@" + json.dumps(r))
        return

    if a.load_repeats:
        LOAD_REPEATS = a.load_repeats
    if a.tcache_off:
        LOAD_ENV.update(TCACHE_OFF)
    if a.jemalloc:
        if not Path(JEMALLOC_SO).exists():
            sys.exit(f"--jemalloc: {JEMALLOC_SO} is missing (Debian: apt-get install libjemalloc2)")
        LOAD_ENV.update(JEMALLOC)
    if a.decode_existing:
        decode_existing(Path(a.out or OUT_DIR))
        return
    configs = [SMOKE, SMOKE_V120] if a.smoke else matrix()
    if a.only:
        want = set(a.only.split(","))
        configs = [c for c in matrix() + payload_block_configs() + small_shard_configs() + mutable_tracker_configs() + quantized_score_configs() + [SMOKE, SMOKE_V120]
                   if c["id"] in want]
    if a.max_n:
        configs = [c for c in configs if c["n"] <= a.max_n]
    if a.list:
        for c in configs:
            print(c["id"], c["n"], c["d"], c["m"], c["quant"])
        return
    if legacy_api():
        skipped = [c["id"] for c in configs if legacy_fields(c) is None]
        if skipped:
            print(f"skipped on qdrant-edge-py {engine_info()['qdrant_edge_py']} (no legacy field for their "
                  f"residency setting): {', '.join(skipped)}")
        configs = [c for c in configs if legacy_fields(c) is not None]
    out_dir = Path(a.out if a.out else (LEGACY_OUT_DIR if legacy_api() else OUT_DIR))
    if a.smoke:
        out_dir = WORK_DIR / "smoke"
    out_dir.mkdir(parents=True, exist_ok=True)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    eng, mach = engine_info(), machine_info()
    if a.remeasure_ram:
        todo = [c for c in configs if (out_dir / f"{c['id']}.json").exists()]
    else:
        todo = [c for c in configs if a.force or a.smoke or not (out_dir / f"{c['id']}.json").exists()]
    try:
        from tqdm import tqdm
        bar = tqdm(todo, unit="cfg", file=sys.stdout)
    except ImportError:
        bar = todo
    for c in bar:
        if hasattr(bar, "set_description"):
            bar.set_description(c["id"])
        if a.remeasure_ram:
            r = remeasure_ram(c, out_dir / f"{c['id']}.json", a.n_search)
        else:
            r = run_config(c, a.keep, a.n_search, eng, mach)
        (out_dir / f"{c['id']}.json").write_text(json.dumps(r, indent=1, sort_keys=False) + "\n")
        line = summary_line(r)
        if hasattr(bar, "write"):
            bar.write(line)
        else:
            print(line)
        sys.stdout.flush()
    if a.smoke:
        print("\nSMOKE SUMMARY: " + line)
        print(f"smoke results: {out_dir / 'smoke.json'}, {out_dir / 'smoke-v120.json'}")


if __name__ == "__main__":
    main()
