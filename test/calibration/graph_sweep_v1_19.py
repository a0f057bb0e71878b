"""HNSW graph sweep on the pre-1.19 engine (qdrant-edge-py 0.7.2, api 1.18.2-dev, api 1.18.2-dev: a 1.18 dev build, not the v1.19.0 tag).

Builds one segment of n points (a Gaussian mixture, 64-d and 64 centres unless the spec says otherwise, or
uniform points on the sphere; cosine, ef_construct 100) for each (n, m), decodes links_compressed.bin with
decode_links.py and writes data/calibration/v1.19.0-graph/<id>.json (or --out DIR: v1.19.0-graph-clusters holds the
small-segment builds of docs/accuracy.md, "Many small segments").
qdrant-edge-py 0.9.0 (the main harness) embeds Qdrant's development branch after v1.19.0, whose level
draw differs (P(level >= k) = m^-k instead of m^-(k-0.5)), so the graph size model of the released
versions is calibrated here.

Run: python3 -m venv .venv-0.7.2 && .venv-0.7.2/bin/pip install -r requirements-0.7.2.txt
     .venv-0.7.2/bin/python graph_sweep_v1_19.py [--out DIR] [n:m[:d[:ef[:clusters]]] ...]
                                  # clusters: Gaussian centres (default 64); 0 = uniform on the sphere
     .venv-0.7.2/bin/python graph_sweep_v1_19.py --timing [--repeat K] [n:m:d:ef ...]
                                                         # build-time grid -> v1.19.0-build/
The timing grid must run on an otherwise idle machine: optimize() wall time is the measurement.
With --repeat K every timing config is run until its file holds K runs, in K passes over the grid, each
build in a fresh interpreter (new runs are appended to `runs`; `optimize_seconds` is their median).
"""
import glob, json, os, platform, shutil, subprocess, sys, time
from importlib.metadata import version as pkg_version

import numpy as np
import qdrant_edge as q

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import decode_links  # noqa: E402

OUT = os.path.join(HERE, '..', '..', 'data', 'calibration', 'v1.19.0-graph')
OUT_TIMING = os.path.join(HERE, '..', '..', 'data', 'calibration', 'v1.19.0-build')
TIMING = [(n, 16, d, 100) for d in (128, 384, 768) for n in (50_000, 100_000, 200_000)] + [
    (100_000, 8, 384, 100), (100_000, 32, 384, 100), (100_000, 16, 384, 50), (100_000, 16, 384, 200),
    (100_000, 16, 1536, 100), (400_000, 16, 128, 100), (400_000, 16, 384, 100), (1_000_000, 16, 128, 100)]
WORK = os.path.join(HERE, '.work', 'graph-v1.19')
D = 64
DEFAULT = [(10_000, 8), (10_000, 16), (10_000, 32), (30_000, 16), (100_000, 8), (100_000, 16), (100_000, 32), (300_000, 16)]


CLUSTERS = 64


def config_id(n: int, m: int, d: int, ef: int, clusters: int = CLUSTERS) -> str:
    return (f'n{n}-m{m}' + ('' if d == 64 else f'-d{d}') + ('' if ef == 100 else f'-ef{ef}')
            + ('' if clusters == CLUSTERS else '-uniform' if clusters == 0 else f'-c{clusters}'))


def mixture(n: int, d: int, clusters: int) -> np.ndarray:
    """The sweep's data (server_graph_maps.py draws the same): unit vectors of a mixture of `clusters` Gaussian centres
    (spread 0.5 / sqrt(d)), or plain Gaussian (uniform on the sphere) with clusters 0; seed 7, float64."""
    rng = np.random.default_rng(7)
    if clusters > 0:
        centres = rng.normal(size=(clusters, d))
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
        x = centres[rng.integers(0, clusters, n)] + 0.5 * rng.normal(size=(n, d)) / np.sqrt(d)
    else:
        x = rng.normal(size=(n, d))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def run(n: int, m: int, D: int = D, ef: int = 100, clusters: int = CLUSTERS) -> dict:
    cid = config_id(n, m, D, ef, clusters)
    load_before = os.getloadavg()
    path = os.path.join(WORK, cid)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    x = mixture(n, D, clusters)
    cfg = q.EdgeConfig(
        vectors=q.EdgeVectorParams(size=D, distance=q.Distance.Cosine),
        hnsw_config=q.HnswIndexConfig(m=m, ef_construct=ef, full_scan_threshold=10),
        optimizers=q.EdgeOptimizersConfig(default_segment_number=1, max_segment_size=10**9, indexing_threshold=1),
    )
    shard = q.EdgeShard.create(path, cfg)
    for i in range(0, n, 5000):
        shard.update(q.UpdateOperation.upsert_points([q.Point(j, x[j].tolist()) for j in range(i, min(n, i + 5000))]))
    t0 = time.time()
    shard.optimize()
    build_s = time.time() - t0
    shard.flush()
    shard.close()
    links = glob.glob(path + '/**/links_compressed.bin', recursive=True)
    dec = decode_links.decode(links[0])
    return {
        'schema_version': 1,
        'config_id': cid,
        'config': {'n': n, 'd': D, 'dtype': 'float32', 'distance': 'Cosine', 'm': m, 'ef': ef, 'data': 'gmm' if clusters else 'uniform', 'clusters': clusters, 'seed': 7},
        'engine': {'qdrant_edge_py': pkg_version('qdrant-edge-py'), 'embedded_qdrant_version': 'v1.19.0 (qdrant-edge-py 0.7.2 is a 1.18 dev build, api 1.18.2-dev, not the v1.19.0 tag)'},
        'machine': {'cpus': os.cpu_count(), 'python': platform.python_version()},
        'date_utc': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
        'optimize_seconds': round(build_s, 3),
        'load_average_before': load_before,
        'links_file_bytes': os.path.getsize(links[0]),
        'hnsw_decoded': {k: v for k, v in dec.items() if k != 'levels_detail'},
        'levels': [{k: v for k, v in lvl.items() if k != 'degree_histogram'} for lvl in dec['levels_detail']],
    }


def as_run(r: dict) -> dict:
    return {'date_utc': r['date_utc'], 'optimize_seconds': r['optimize_seconds'], 'load_average_before': r['load_average_before']}


def run_fresh(n: int, m: int, d: int, ef: int) -> dict:
    """One timed build in a fresh interpreter: a long-lived process builds later shards measurably slower
    (400k x 128: 78 s as the 20th build of one process, 57 s as the first build of a new one)."""
    p = subprocess.run([sys.executable, os.path.abspath(__file__), '--timing-child', f'{n}:{m}:{d}:{ef}'],
                       capture_output=True, text=True, check=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


def time_runs(specs: list, out_dir: str, repeat: int) -> None:
    """Pass k (1..repeat) adds a k-th run to every config that has fewer, so slow drift of the machine is
    spread over all configs instead of landing on one; optimize_seconds is the median of the runs."""
    for k in range(1, repeat + 1):
        for n, m, d, ef in specs:
            out = os.path.join(out_dir, config_id(n, m, d, ef) + '.json')
            rec = json.load(open(out)) if os.path.exists(out) else None
            runs = rec.get('runs', []) if rec else []
            if len(runs) >= k:
                continue
            r = run_fresh(n, m, d, ef)
            runs.append(as_run(r))
            rec = rec or r
            rec['runs'] = runs
            rec['optimize_seconds'] = round(float(np.median([x['optimize_seconds'] for x in runs])), 3)
            with open(out, 'w') as f:
                json.dump(rec, f, indent=1)
            print(f"n={n} m={m} d={d} ef={ef}: run {len(runs)} {runs[-1]['optimize_seconds']}s, median {rec['optimize_seconds']}s", flush=True)


def main() -> None:
    timing = '--timing' in sys.argv
    argv = sys.argv[1:]
    out_arg = None
    if '--out' in argv:
        out_arg = argv[argv.index('--out') + 1]
        argv.remove(out_arg)
    args = [a for a in argv if not a.startswith('--')]
    repeat = int(sys.argv[sys.argv.index('--repeat') + 1]) if '--repeat' in sys.argv else 1
    if '--repeat' in sys.argv:
        args.remove(str(repeat))
    out_dir = out_arg or (OUT_TIMING if timing else OUT)
    os.makedirs(out_dir, exist_ok=True)
    todo = [tuple(int(v) for v in a.split(':')) for a in args] or (TIMING if timing else DEFAULT)
    if '--timing-child' in sys.argv:
        print(json.dumps(run(*todo[0])))
        return
    if timing:
        time_runs([(s[0], s[1], s[2] if len(s) > 2 else D, s[3] if len(s) > 3 else 100) for s in todo], out_dir, repeat)
        return
    for spec in todo:
        n, m = spec[0], spec[1]
        d = spec[2] if len(spec) > 2 else D
        ef = spec[3] if len(spec) > 3 else 100
        clusters = spec[4] if len(spec) > 4 else CLUSTERS
        out = os.path.join(out_dir, config_id(n, m, d, ef, clusters) + '.json')
        if os.path.exists(out):
            continue
        r = run(n, m, d, ef, clusters)
        with open(out, 'w') as f:
            json.dump(r, f, indent=1)
        h = r['hnsw_decoded']
        print(f"{r['config_id']}: {r['links_file_bytes'] / n:.1f} B/pt, deg0 {h['deg0_avg']:.2f}, upper/pt {h['upper_records_per_point']:.3f}, {r['optimize_seconds']}s", flush=True)


if __name__ == '__main__':
    main()
