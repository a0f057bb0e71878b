"""CPU cost of building the HNSW graph over quantized codes or narrow originals, against a float32 build of the same points.

Qdrant builds the graph with the quantized vectors when a collection has them: every insertion scores its candidates
with the quantized storage's internal scorer (FilteredScorer::new_internal, qdrant@v1.19.0:lib/segment/src/index/
hnsw_index/point_scorer.rs, called from hnsw/build.rs build_filtered_graph), so a build's distance is the codes' one:
int8 dot products for scalar, XOR-popcounts for binary, and for product codes the float distance between the two
points' centroids, bucket by bucket (encoded_vectors_pq.rs score_internal). Before the build, the optimizer trains
and encodes the codes (for product codes k-means of 256 centres on a 10,000-point sample, up to 100 iterations per
bucket, then every point against the 256 centres: encoded_vectors_pq.rs KMEANS_SAMPLE_SIZE, find_centroids).

For each spec n:d:q[:datatype] (q none, sq8, bq1, bq1.5, bq2, pq4-pq64, tq1, tq1.5, tq2, tq4; datatype float32,
float16 or uint8) four segments of the same n points (harness.gen_dense: the matrix's 256-centre Gaussian mixture,
Cosine, ef_construct 100) are built by optimize(), each in a fresh interpreter, timed by the process's CPU seconds
(getrusage: the build threads are the process's):
  a. the spec at m 16;      b. the spec at m 0 (no graph: the codes are still trained and written);
  c. float32 at m 16;       d. float32 at m 0.
The graph's cost is a - b, the float32 graph's c - d, their ratio is what the build model prices
(src/topology/throughput.ts BUILD_KERNEL), and b - d is the codes' training and encoding. The four run back to back,
so the ratio is less sensitive to the machine's drift than either time.

Run: /work/venv-072/bin/python test/calibration/quant_build_time.py 50000:384:sq8 50000:384:pq16 ...
Writes data/calibration/quant-build/<engine>/<id>.json (or $QUANT_BUILD_OUT), skipping configs already written.
"""
import json, os, platform, shutil, subprocess, sys, time
from importlib.metadata import version as pkg_version
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402

ENGINE = pkg_version('qdrant-edge-py')
OUT = os.environ.get('QUANT_BUILD_OUT') or os.path.join(HERE, '..', '..', 'data', 'calibration', 'quant-build', ENGINE)
WORK = os.path.join(HERE, '.work', 'quant-build')
# The interpreter as the command line names it: relative to the repository when it is one of its venvs.
# QUANT_BUILD_DATA=sweep64 builds the points the server probe builds (server_graph_maps.py build) instead of the
# matrix's (harness.gen_dense: 256 centres, seed 42), to tell the data from the engine.
DATA = os.environ.get('QUANT_BUILD_DATA', 'matrix')
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
PYTHON = os.path.relpath(sys.executable, ROOT) if os.path.abspath(sys.executable).startswith(ROOT + os.sep) else sys.executable


def parse(spec: str) -> dict:
    parts = spec.split(':')
    n, d, quant = int(parts[0]), int(parts[1]), parts[2]
    dtype = parts[3] if len(parts) > 3 else 'float32'
    return {'n': n, 'd': d, 'quant': quant, 'dtype': dtype}


def child(spec: str, m: int) -> dict:
    """One build of `spec` at m, in this (fresh) process."""
    import qdrant_edge as q

    s = parse(spec)
    cid = f"n{s['n']}-d{s['d']}-{s['quant']}-{s['dtype']}-m{m}"
    c = dict(harness.BASE, n=s['n'], d=s['d'], quant=s['quant'], dtype=s['dtype'], m=m, id=cid)
    if DATA == 'sweep64':  # the points of server_graph_maps.py's build (graph_sweep_v1_19.mixture: 64 centres, seed 7)
        import numpy as np
        import graph_sweep_v1_19
        x = graph_sweep_v1_19.mixture(s['n'], s['d'], 64).astype(np.float32)
    else:
        x = harness.gen_dense(c, s['n'], s['d'])
    path = Path(WORK) / cid
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    shard = q.EdgeShard.create(str(path), harness.edge_config(c))
    for i in range(0, s['n'], 2000):
        shard.update(q.UpdateOperation.upsert_points([q.Point(j, x[j].tolist()) for j in range(i, min(s['n'], i + 2000))]))
    load = os.getloadavg()
    t0, c0 = time.time(), harness.process_cpu_seconds()
    shard.optimize()
    out = {'m': m, 'optimize_seconds': round(time.time() - t0, 3), 'optimize_cpu_seconds': round(harness.process_cpu_seconds() - c0, 3), 'load_average_before': load}
    shard.flush()
    shard.close()
    files = [str(p.relative_to(path)) for p in path.rglob('*') if p.is_file()]
    out['quantized_files'] = sorted({f.split('/')[-1] for f in files if 'quantized' in f or 'quantization' in f})
    out['links_bytes'] = sum((path / f).stat().st_size for f in files if f.endswith('links_compressed.bin') or f.endswith('links.bin'))
    shutil.rmtree(path, ignore_errors=True)
    return out


def fresh(spec: str, m: int) -> dict:
    p = subprocess.run([sys.executable, os.path.abspath(__file__), '--child', spec, str(m)], capture_output=True, text=True, check=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    if sys.argv[1:2] == ['--child']:
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]))))
        return
    os.makedirs(OUT, exist_ok=True)
    for spec in sys.argv[1:]:
        s = parse(spec)
        cid = f"n{s['n']}-d{s['d']}-{s['quant']}" + ('' if s['dtype'] == 'float32' else f"-{s['dtype']}")
        out = os.path.join(OUT, cid + '.json')
        if os.path.exists(out):
            continue
        ref = f"{s['n']}:{s['d']}:none"
        try:
            a, b, c, d = fresh(spec, 16), fresh(spec, 0), fresh(ref, 16), fresh(ref, 0)
        except subprocess.CalledProcessError as e:  # an engine without the spec's datatype or codes: say so, go on
            print(cid, 'failed on this engine:', (e.stderr or '').strip().splitlines()[-1:], flush=True)
            continue
        graph, graph_ref = a['optimize_cpu_seconds'] - b['optimize_cpu_seconds'], c['optimize_cpu_seconds'] - d['optimize_cpu_seconds']
        r = {'schema_version': 1, 'config_id': cid,
             'config': {'n': s['n'], 'd': s['d'], 'quant': s['quant'], 'dtype': s['dtype'], 'm': 16, 'ef': 100, 'distance': 'Cosine',
                        **({'data': 'graph_sweep_v1_19.mixture: 64-centre Gaussian mixture (server_graph_maps.py build)', 'seed': 7} if DATA == 'sweep64'
                           else {'data': 'harness.gen_dense: 256-centre Gaussian mixture', 'seed': harness.BASE['seed']})},
             'engine': {'qdrant_edge_py': ENGINE},
             'machine': {'cpus': os.cpu_count(), 'python': platform.python_version()},
             'date_utc': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
             'command': ('QUANT_BUILD_DATA=sweep64 ' if DATA == 'sweep64' else '') + f'{PYTHON} test/calibration/quant_build_time.py {spec}',
             'spec_m16': a, 'spec_m0': b, 'float32_m16': c, 'float32_m0': d,
             'graph_cpu_seconds': round(graph, 3), 'float32_graph_cpu_seconds': round(graph_ref, 3),
             'graph_ratio': round(graph / max(graph_ref, 1e-3), 3),
             'codes_cpu_seconds': round(b['optimize_cpu_seconds'] - d['optimize_cpu_seconds'], 3)}
        with open(out, 'w') as f:
            json.dump(r, f, indent=1)
        print(cid, 'graph', r['graph_cpu_seconds'], 'f32 graph', r['float32_graph_cpu_seconds'], 'ratio', r['graph_ratio'], 'codes', r['codes_cpu_seconds'], flush=True)


if __name__ == '__main__':
    main()
