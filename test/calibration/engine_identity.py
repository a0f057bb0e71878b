"""Which Qdrant a qdrant-edge-py wheel embeds, checked against the real v1.19.0 server on the files they write.

One collection, the shape of legacy_index_files.py (20,000 points, 8-d, one optimized segment, a keyword `kw`, an
integer `num` and a word-tokenized text `txt` index, indexing threshold 1 KB), built twice:

  --server OUT.json   on the Qdrant v1.19.0 server (../shared/bin, decompressed into a temp folder, REST on
                      127.0.0.1, stopped by its PID): every file of every segment (apparent and allocated bytes),
                      then the memory maps (/proc/PID/maps lines) loaded, after 300 more points land in the
                      appendable tail segments, and after a restart (SIGTERM, same storage), grouped by file.
  --edge OUT.json     in-process, with the qdrant-edge-py of the running interpreter (the venv's python): every
                      file of every segment, and the wheel's SBOM api crate.

Run (data/calibration/engine-identity/, README there):
  python3 test/calibration/engine_identity.py --server data/calibration/engine-identity/server-v1.19.0.json
  /work/venv-072/bin/python test/calibration/engine_identity.py --edge data/calibration/engine-identity/edge-0.7.2.json
  /work/venv-072/bin/python test/calibration/engine_identity.py --edge .../edge-0.7.2-fst10000.json 10000
                      (full_scan_threshold 10,000 KB as the server's default: no payload sub-graphs, to compare links)
"""
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from legacy_index_files import C, N, V, WORDS, create_shard, engine, points  # noqa: E402 (the same shard and data)

EXTRA = 300
REPO = Path(__file__).resolve().parent.parent.parent
XZ = REPO.parent / "shared" / "bin" / "qdrant-v1.19.0-linux-amd64.xz"


def list_files(segments: Path) -> list:
    out = []
    for dirpath, _, names in os.walk(segments):
        for name in names:
            p = Path(dirpath) / name
            st = p.stat()
            rel = str(p.relative_to(segments))
            out.append({"segment": rel.split("/", 1)[0], "path": rel.split("/", 1)[1] if "/" in rel else "",
                        "apparent": st.st_size, "allocated": st.st_blocks * 512})
    out.sort(key=lambda f: (f["segment"], f["path"]))
    return out


def edge(out_path: str, fst_kb: int = 10) -> None:
    import qdrant_edge as q

    eng = engine()
    rng = random.Random(42)
    root = Path(tempfile.mkdtemp(prefix="engine-identity-"))
    shard_dir = root / "shard"
    shard_dir.mkdir()
    shard = create_shard(q, shard_dir, fst_kb)
    for start in range(0, N, 1000):
        shard.update(q.UpdateOperation.upsert_points([q.Point(i, v, p) for i, v, p in points(start, start + 1000, rng)]))
    shard.optimize()
    shard.update(q.UpdateOperation.upsert_points([q.Point(i, v, p) for i, v, p in points(N, N + EXTRA, rng)]))
    shard.close()
    extra = f" {fst_kb}" if fst_kb != 10 else ""
    out = {"engine": eng, "shape": {**shape(), "full_scan_threshold_kb": fst_kb}, "command": f"{Path(sys.executable).parent.parent}/bin/python "
           f"test/calibration/engine_identity.py --edge {Path(out_path).name}{extra}", "files": list_files(shard_dir / "segments")}
    Path(out_path).write_text(json.dumps(out, indent=1) + "\n")
    shutil.rmtree(root)


def shape() -> dict:
    return {"points": N, "then_appended": EXTRA, "vector_size": 8, "keyword_distinct": C, "integer_distinct": C,
            "text_words_per_point": WORDS, "text_vocabulary": V, "indexing_threshold_kb": 1, "default_segment_number": 1}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """utime + stime of the whole process (all threads), /proc/PID/stat fields 14 and 15, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_of(pids) -> float:
    """cpu_seconds of one PID or summed over a list (a cluster's peers)."""
    return cpu_seconds(pids) if isinstance(pids, int) else sum(map(cpu_seconds, pids))


def saturated_cost(pids, run) -> dict:
    """The servers' CPU per search while `run()` keeps them busy (it returns the searches completed): utime + stime of
    the process(es) `pids` (one PID or a list) over the searches, the searches, the share of one CPU the servers used,
    and the seconds it took. The one measurement of the saturated probes (segment_throughput.py, request_cost.py,
    mv_search_api.py, mv_search_codes.py, mv_search_sizes.py, dense_dim_sweep.py)."""
    c0, t0 = cpu_of(pids), time.time()
    count = run()
    wall, cpu = time.time() - t0, cpu_of(pids) - c0
    return {"cpu_s_per_search": cpu / count, "searches": count, "server_cpu_share": cpu / wall, "seconds": wall}


def pin(pid: int, cpus: set) -> int:
    """Pins every thread of `pid` to `cpus`; returns how many were pinned."""
    tids = os.listdir(f"/proc/{pid}/task")
    for tid in tids:
        os.sched_setaffinity(int(tid), cpus)
    return len(tids)


def pin_quiet(pids) -> int:
    """The pinned probes' quiet start, after a load: two seconds for the load's last writes to settle, then every thread
    of the server(s) `pids` (one PID or a list) on CPU 0 and this client on CPU 1, so that the client's own work never
    takes the servers' CPU (a server still sees 2 CPUs, as its thread pools were sized at start). Returns the threads
    pinned; with none pinned, the client keeps both CPUs."""
    time.sleep(2)
    threads = sum(pin(p, {0}) for p in ([pids] if isinstance(pids, int) else pids))
    os.sched_setaffinity(0, {1} if threads else {0, 1})
    return threads


def each_spec(probe: str, **extra):
    """A server probe's resumable loop, `probe OUT.json SPEC ...`: yields (spec, rows) for each spec OUT.json does not
    hold yet, `rows` the list to append its rows to, with this client on both CPUs (a load uses both; pin_quiet takes
    them back), and after each spec writes OUT.json (write_server_rows, with `extra`), so a stopped run resumes at
    the next spec."""
    out = sys.argv[1]
    rows, todo = pending_specs(out, sys.argv[2:])
    for spec in todo:
        os.sched_setaffinity(0, {0, 1})
        yield spec, rows
        os.sched_setaffinity(0, {0, 1})
        write_server_rows(out, probe, rows, **extra)


def machine() -> dict:
    """The CPU model and L3 cache (lscpu): a search's cost depends on whether its vectors fit the cache."""
    out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    field = lambda name: next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith(name + ":")), None)
    # A KVM guest may name its CPU "AMD EPYC" only: the family and model tell Zen 2 (23/49) from Zen 4 (25/17), and
    # AVX-512 is what Qdrant's distance kernels can use.
    flags = (field("Flags") or "").split()
    return {"cpu": field("Model name"), "cpu_family": field("CPU family"), "cpu_model": field("Model"),
            "avx512f": "avx512f" in flags, "l3_cache": field("L3 cache")}


def write_server_rows(out: str, probe: str, rows: list, **extra) -> None:
    """A server probe's OUT.json: which probe (its file name), the server, when, on what machine, `extra`, and the rows."""
    Path(out).write_text(json.dumps({"probe": f"test/calibration/{probe}", "server": "Qdrant v1.19.0 (../shared/bin)",
                                     "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "nproc": os.cpu_count(),
                                     "machine": machine(), **extra, "rows": rows}, indent=1) + "\n")


def host_line(m: dict) -> str:
    """One line naming a host (machine()), printed when a probe starts so its operator sees where the run is."""
    avx = {True: "yes", False: "no"}.get(m.get("avx512f"), "not recorded")
    return (f"{m.get('cpu') or 'CPU not recorded'} family {m.get('cpu_family') or '?'} model {m.get('cpu_model') or '?'}, "
            f"AVX-512 {avx}, L3 {m.get('l3_cache') or 'not recorded'}")


def pending_specs(out: str, specs: list) -> tuple:
    """A probe's resumable output: the rows OUT.json already holds, and the specs asked for that none of them measured
    (run again, a probe skips what it measured). The file names one machine for all its rows, so rows written on
    another host are not resumed here: the sessions' hosts differ (s51-s52 a Zen 4, s59-s60 a Zen 3, and s59 took the
    one for the other), and a file that mixed them would misname half its rows."""
    here = machine()
    print(f"host: {host_line(here)}", file=sys.stderr)
    if Path(out).exists():
        there = json.loads(Path(out).read_text()).get("machine")
        if there is not None and there != here:
            sys.exit(f"{out} was written on another host ({host_line(there)}); this one is {host_line(here)}: "
                     "start a new OUT.json here")
    rows = json.loads(Path(out).read_text())["rows"] if Path(out).exists() else []
    done = {r["spec"] for r in rows}
    return rows, [s for s in specs if s not in done]


def wait_green(client, name: str, n: int, min_indexed: float = 0.99, hours: float = 1):
    """Waits until collection `name` (a qdrant-client client, passed in: this module imports no client library) is
    green with its `n` points, and at least `min_indexed` of them indexed (min_indexed 0 asks for any; the v1.19.0
    server counts a multivector point once in indexed_vectors_count, s56: 10,000 points of 16 inner vectors read
    10,000). Gives up after `hours`. Returns the collection's info."""
    for _ in range(int(4 * 3600 * hours)):
        info = client.get_collection(name)
        indexed = info.indexed_vectors_count or 0
        if getattr(info.status, "value", info.status) == "green" and info.points_count == n and indexed >= n * min_indexed and indexed > 0:
            return info
        time.sleep(0.25)
    raise RuntimeError(f"{name} not green")


def rest(url: str, method: str = "GET", body=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read() or b"null")


def maps(pid: int, storage: Path) -> dict:
    """Lines of /proc/PID/maps: all, and those of storage files grouped by segment kind and file (a segment's uuid cut)."""
    lines = Path(f"/proc/{pid}/maps").read_text().splitlines()
    by_file = Counter()
    for ln in lines:
        parts = ln.split(None, 5)
        if len(parts) == 6 and parts[5].startswith(str(storage)):
            rel = parts[5][len(str(storage)) + 1:]
            by_file[rel] += 1
    return {"total": len(lines), "storage": sum(by_file.values()), "by_file": dict(sorted(by_file.items()))}


def _exit_on_sigterm(signum, _frame):
    raise SystemExit(f"stopped by signal {signum}")


class Server:
    """The v1.19.0 server (XZ, decompressed into a temp folder, REST on 127.0.0.1): `with Server() as srv:` starts
    it; srv.restart() stops it by its PID (SIGTERM) and starts it again on the same storage; leaving the block stops
    what is running and removes the folder. Also used by server_graph_maps.py."""

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="engine-identity-srv-"))
        self.storage = self.tmp / "storage"
        self.procs = []
        self.p = None

    def __enter__(self):
        # A probe stopped with kill / pkill (SIGTERM) leaves its `with` block, so __exit__ stops the server it started
        # by its PID: by default SIGTERM ends Python at once and the server lived on (s52, a stopped dense_dim_sweep.py).
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _exit_on_sigterm)
        binary = self.tmp / "qdrant"
        with open(binary, "wb") as f:
            subprocess.run(["xz", "-dc", str(XZ)], stdout=f, check=True)
        binary.chmod(0o755)
        self.binary = binary
        http = free_port()
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "QDRANT__SERVICE__HOST": "127.0.0.1",
                    "QDRANT__SERVICE__HTTP_PORT": str(http), "QDRANT__SERVICE__GRPC_PORT": str(free_port()),
                    "QDRANT__STORAGE__STORAGE_PATH": str(self.storage), "QDRANT__STORAGE__SNAPSHOTS_PATH": str(self.tmp / "snapshots"),
                    "QDRANT__TELEMETRY_DISABLED": "true"}
        self.url = f"http://127.0.0.1:{http}"
        self.start()
        return self

    def start(self):
        log = open(self.tmp / "log", "a")
        self.p = subprocess.Popen([str(self.binary)], cwd=self.tmp, env=self.env, stdout=log, stderr=log)
        self.procs.append(self.p)
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=5) as r:
                    if r.status == 200:
                        return self.p
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("server not ready")

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        self.p.wait(60)

    def restart(self):
        self.stop()
        return self.start()

    def green(self, name: str = "c"):
        for _ in range(4800):
            r = rest(f"{self.url}/collections/{name}")["result"]
            # grey: optimizations pending until the next update (none runs), as good as green here
            if r["status"] in ("green", "grey") and r.get("optimizer_status") == "ok":
                return r
            time.sleep(0.25)
        raise RuntimeError("collection not green")

    def __exit__(self, *exc):
        for pr in self.procs:
            if pr.poll() is None:
                pr.send_signal(signal.SIGTERM)
                try:
                    pr.wait(30)
                except subprocess.TimeoutExpired:
                    pr.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


def server(out_path: str) -> None:
    with Server() as srv:
        url = srv.url
        version = rest(url)["version"]
        rest(f"{url}/collections/c", "PUT", {"vectors": {"size": 8, "distance": "Cosine"},
                                              "optimizers_config": {"default_segment_number": 1, "indexing_threshold": 1}})
        rest(f"{url}/collections/c/index?wait=true", "PUT", {"field_name": "kw", "field_schema": "keyword"})
        rest(f"{url}/collections/c/index?wait=true", "PUT", {"field_name": "num", "field_schema": "integer"})
        rest(f"{url}/collections/c/index?wait=true", "PUT", {"field_name": "txt", "field_schema": {"type": "text", "tokenizer": "word"}})
        rng = random.Random(42)
        for start_i in range(0, N, 1000):
            pts = [{"id": i, "vector": v, "payload": pl} for i, v, pl in points(start_i, start_i + 1000, rng)]
            rest(f"{url}/collections/c/points?wait=true", "PUT", {"points": pts})
        time.sleep(2)
        srv.green()
        storage = srv.storage
        shard = storage / "collections" / "c" / "0"
        m_loaded = maps(srv.p.pid, storage)
        pts = [{"id": i, "vector": v, "payload": pl} for i, v, pl in points(N, N + EXTRA, rng)]
        rest(f"{url}/collections/c/points?wait=true", "PUT", {"points": pts})
        time.sleep(2)
        info = srv.green()
        m_tail = maps(srv.p.pid, storage)
        telemetry = rest(f"{url}/telemetry?details_level=3")["result"]
        segs = []
        for col in telemetry["collections"]["collections"]:
            for sh in col.get("shards", []):
                for s in (sh.get("local") or {}).get("segments", []):
                    si = s["info"]
                    segs.append({"uuid": si.get("uuid"), "type": si["segment_type"], "points": si["num_points"],
                                 "payload_field_indices": [k for k in (s.get("config", {}).get("payload_field_schema") or {})]})
        srv.stop()
        files = list_files(shard / "segments")
        srv.start()
        srv.green()
        time.sleep(5)
        m_restart = maps(srv.p.pid, storage)
        out = {"engine": {"server": version, "binary": str(XZ.name)}, "shape": shape(),
               "command": f"python3 test/calibration/engine_identity.py --server {Path(out_path).name}",
               "points_count": info["points_count"], "segments_count": info["segments_count"], "segments": segs,
               "files": files,
               "maps": {"loaded": m_loaded, "after_tail_points": m_tail, "after_restart": m_restart},
               "cpus": os.cpu_count()}
        Path(out_path).write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    # --edge OUT [FULL_SCAN_THRESHOLD_KB]: 10 (default) builds payload sub-graphs; 10000, the server's default, none.
    {"--server": server, "--edge": edge}[sys.argv[1]](sys.argv[2], *map(int, sys.argv[3:]))
