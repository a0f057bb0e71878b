"""Heap of a loaded shard on the pre-1.19 engine (qdrant-edge-py 0.7.2, api 1.18.2-dev, api 1.18.2-dev: a 1.18 dev build, not the v1.19.0 tag).

Builds one indexed segment of n clustered points (64 centres, cosine, m=16, ef_construct 64) per config, loads it
in a fresh process and records RssAnon after EdgeShard.load minus before, for the same config with n=0 (empty shard)
too. Answers two questions the 0.9.0 matrix could not: is the quantized copy on the heap with inline_storage, and
does the loaded-shard constant depend on D on the released engine.

Run: .venv-0.7.2/bin/python heap_v1_19.py          -> data/calibration/v1.19.0-ram/heap.json
"""
import sys, os, json, shutil, subprocess, time, platform
import numpy as np
import qdrant_edge as q
def status():
    out = {}
    for line in open('/proc/self/status'):
        k, _, v = line.partition(':')
        if k in ('RssAnon', 'RssFile'): out[k] = int(v.split()[0]) * 1024
    return out
def cfg(d, quant, inline):
    kw = dict(vectors=q.EdgeVectorParams(size=d, distance=q.Distance.Cosine),
        hnsw_config=q.HnswIndexConfig(m=16, ef_construct=64, full_scan_threshold=10, on_disk=True if inline == 1 else None, inline_storage=True if inline else None),
        optimizers=q.EdgeOptimizersConfig(default_segment_number=1, max_segment_size=10**9, indexing_threshold=1))
    if quant: kw['quantization_config'] = q.BinaryQuantizationConfig()
    return q.EdgeConfig(**kw)
def build(path, d, quant, inline, n):
    """One shard with one indexed segment of n points (n=0: the empty shard)."""
    if os.path.exists(path): shutil.rmtree(path)
    os.makedirs(path)
    s = q.EdgeShard.create(path, cfg(d, quant, inline))
    rng = np.random.default_rng(1)
    c = rng.standard_normal((64, d)); x = c[rng.integers(0, 64, n)] + 0.5 * rng.standard_normal((n, d)) / np.sqrt(d)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    if n:
        for i in range(0, n, 5000):
            s.update(q.UpdateOperation.upsert_points([q.Point(j, x[j].tolist()) for j in range(i, min(n, i + 5000))]))
        s.optimize()
    s.flush(); s.close()
def load(path):
    b = status(); s = q.EdgeShard.load(path); a = status(); s.close()
    return a['RssAnon'] - b['RssAnon']

CONFIGS = [  # (d, binary 1-bit quantization, inline: 0 none / 1 inline + graph on disk / 2 inline + graph in RAM, n)
    (384, 0, 0, 100_000), (384, 0, 0, 0), (384, 1, 0, 100_000), (384, 1, 1, 100_000), (384, 1, 2, 100_000),
    (128, 0, 0, 100_000), (128, 0, 0, 0), (768, 0, 0, 100_000), (768, 0, 0, 0)]

def run_all():
    here = os.path.dirname(os.path.abspath(__file__))
    work = os.path.join(here, '.work', 'heap-v1.19')
    rows = []
    for d, quant, inline, n in CONFIGS:
        path = os.path.join(work, f'd{d}-q{quant}-i{inline}-n{n}')
        args = [str(d), str(quant), str(inline), str(n)]
        subprocess.run([sys.executable, __file__, 'build', path] + args, check=True, capture_output=True)
        out = subprocess.run([sys.executable, __file__, 'load', path] + args, check=True, capture_output=True, text=True)
        rows.append({'d': d, 'binary_1bit': bool(quant), 'inline': ['no', 'graph on disk', 'graph in RAM'][inline], 'n': n,
                     'rss_anon_load_delta_bytes': json.loads(out.stdout)['anon']})
        print(rows[-1], flush=True)
    from importlib.metadata import version
    res = {'engine': {'qdrant_edge_py': version('qdrant-edge-py'), 'embedded_qdrant_version': 'v1.19.0'},
           'machine': {'cpus': os.cpu_count(), 'python': platform.python_version()},
           'date_utc': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'rows': rows}
    out_dir = os.path.join(here, '..', '..', 'data', 'calibration', 'v1.19.0-ram')
    os.makedirs(out_dir, exist_ok=True)
    json.dump(res, open(os.path.join(out_dir, 'heap.json'), 'w'), indent=1)

if __name__ == '__main__':
    if len(sys.argv) == 1:
        run_all()
        sys.exit(0)
    mode, path, d, quant, inline, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == '1', int(sys.argv[5]), int(sys.argv[6])
    if mode == 'build': build(path, d, quant, inline, n); print('{}')
    else: print(json.dumps({'anon': load(path)}))
