"""One optimized segment on qdrant-edge-py 0.9.0: the build-optimize-scan step that edge_v1_20.py and
edge_payload_v1_20.py share.

Both scripts build one shard of small seeded data at m=16, ef_construct=100 (Qdrant's defaults), one segment
(default_segment_number 1, max_segment_size 1e9 KB), indexing_threshold 1 KB (so that the segment is indexed
whatever its size), create their field indexes first, upsert in batches of 1,000, then `optimize()` and `flush()`
(timed together), and measure every file of the optimized segment (harness.py, scan_files: `MAIN` is the
optimized segment). `run_cases` is the resumable case loop of edge_v1_20.py and edge_turbo_multivectors.py.
"""
from __future__ import annotations

import datetime as _dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable

from harness import machine_info, malloc_trim, proc_status, scan_files

BATCH = 1000


def edge_config(q, d: int, *, fst_kb: int = 10_000, payload_m: int | None = None, datatype=None, quantization=None,
                m: int = 16, distance: str = "Cosine", inline_storage: bool | None = None, **extra):
    """EdgeConfig of one vector of `d` dimensions (`distance`, Cosine unless given); `m` (Qdrant's default 16; 0 = no dense graph), `fst_kb` =
    full_scan_threshold (KB, Qdrant's default 10,000), `payload_m` (None = m), `datatype` (None = the engine's
    Float32), `inline_storage` (hnsw_config.inline_storage; None = the engine's default, off), `extra` (e.g.
    id_tracker_memory)."""
    hnsw = q.HnswIndexConfig(m=m, ef_construct=100, full_scan_threshold=fst_kb, max_indexing_threads=0, payload_m=payload_m,
                             inline_storage=inline_storage)
    vp = {"datatype": datatype} if datatype is not None else {}
    return q.EdgeConfig(
        vectors=q.EdgeVectorParams(size=d, distance=getattr(q.Distance, distance), **vp),
        hnsw_config=hnsw, quantization_config=quantization,
        optimizers=q.EdgeOptimizersConfig(default_segment_number=1, max_segment_size=1_000_000_000, indexing_threshold=1,
                                          deleted_threshold=0.2, vacuum_min_vector_number=1000),
        **extra,
    )


def build_optimized(q, path: Path, config, schemas: Iterable[tuple[str, object]], n: int,
                    point: Callable[[int], object], optimize: bool = True) -> float:
    """Create the shard at `path`, create each (field, schema) index, upsert points 0..n-1 (`point(i)` -> q.Point, called
    in order) in batches of BATCH, optimize (unless `optimize` is false: the points stay in the appendable segment) and
    flush; returns the optimize + flush seconds (rounded to 0.1 s)."""
    path.mkdir(parents=True)
    shard = q.EdgeShard.create(str(path), config)
    for field, schema in schemas:
        shard.update(q.UpdateOperation.create_field_index(field, schema))
    for s in range(0, n, BATCH):
        shard.update(q.UpdateOperation.upsert_points([point(i) for i in range(s, min(n, s + BATCH))]))
    t0 = time.time()
    if optimize:
        shard.optimize()
    shard.flush()
    secs = round(time.time() - t0, 1)
    shard.close()
    return secs


def run_cases(out_path: Path, cases: list[dict], build: Callable[[dict, Path], dict], tmp_prefix: str,
              header: dict | None = None) -> None:
    """Build and measure each case (`build(case, scratch dir)` -> its result) into `out_path`, resumably: the cases named
    in argv[1] (comma-separated), else those not in the file yet. A case that raises (an engine panic too) is recorded as
    its error. The file gets the engine's version, the machine and the date of its first run (kept when cases are added)
    and `header`; each case measured its own `date_utc`; the file is rewritten after every case."""
    from importlib.metadata import version

    only = set(sys.argv[1].split(",")) if len(sys.argv) > 1 else None
    prev = json.loads(out_path.read_text()) if out_path.exists() else {"cases": {}}
    now = lambda: _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")  # noqa: E731
    out = {"engine": {"qdrant_edge_py": version("qdrant-edge-py")}, "machine": prev.get("machine") or machine_info(),
           "date_utc": prev.get("date_utc") or now(), **(header or {}), "cases": prev.get("cases", {})}
    root = Path(tempfile.mkdtemp(prefix=tmp_prefix))
    try:
        for case in cases:
            if (only and case["id"] not in only) or (not only and case["id"] in out["cases"]):
                continue
            print(f"{case['id']} ...", flush=True)
            try:
                out["cases"][case["id"]] = {**build(case, root), "date_utc": now()}
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as e:  # noqa: BLE001 (an engine panic is pyo3's PanicException, a BaseException)
                out["cases"][case["id"]] = {"case": case, "error": f"{type(e).__name__}: {e}"}
            out_path.write_text(json.dumps(out, indent=1) + "\n")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def load_deltas(q, path: Path, trim: bool = False) -> dict:
    """The RssAnon and RssFile that loading the shard at `path` adds to this process (untrimmed, small shards:
    indicative only); `trim` runs glibc's malloc_trim(0) first."""
    if trim:
        malloc_trim()
    before = proc_status()
    shard = q.EdgeShard.load(str(path), None)
    after = proc_status()
    shard.close()
    return {f"load_rss_{k.lower()}_delta_bytes": after.get(f"Rss{k}_bytes", 0) - before.get(f"Rss{k}_bytes", 0) for k in ("Anon", "File")}


def scan_main(path: Path) -> dict:
    """Every file of the shard (scan_files), the optimized segment's files (`main`) and its links file bytes."""
    files = scan_files(path)
    main = [f for f in files["files"] if f["path"].startswith("segments/MAIN/")]
    links = sum(f["apparent"] for f in main if f["path"].split("/")[-1].startswith("links"))
    return {"files": files, "main": main, "links_bytes": links}


def payload_index_sums(main: list[dict], key: Callable[[list[str]], str], sizes=("apparent", "allocated")) -> dict:
    """The payload_index files of the optimized segment summed per entry (`key(path parts)`), for each of `sizes`."""
    out: dict[str, dict] = {}
    for f in main:
        parts = f["path"].split("/")
        if len(parts) > 3 and parts[2] == "payload_index":
            e = out.setdefault(key(parts), {s: 0 for s in sizes})
            for s in sizes:
                e[s] += f[s]
    return out
