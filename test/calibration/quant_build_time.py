"""CPU cost of building the HNSW graph over quantized codes or narrow originals, against a float32 build of the same points.

Qdrant builds the graph with the quantized vectors when a collection has them (FilteredScorer::new_internal,
qdrant@v1.19.0:lib/segment/src/index/hnsw_index/point_scorer.rs, called from hnsw/build.rs build_filtered_graph): an
insertion's search scores the point against the stored codes (its own codes as the query for scalar and binary; its
original vector for product and TurboQuant codes, whose encode_internal_vector returns None) and the neighbour heuristic
scores candidates against each other by the codes' score_internal: int8 dot products for scalar, XOR-popcounts for
binary, and for product codes the float distance between the two points' centroids, bucket by bucket
(encoded_vectors_pq.rs score_internal). Before the build, the optimizer trains
and encodes the codes (for product codes k-means of 256 centres on a 10,000-point sample, up to 100 iterations per
bucket, then every point against the 256 centres: encoded_vectors_pq.rs KMEANS_SAMPLE_SIZE, find_centroids).

For each spec n:d:q[:datatype][:kK] (q none, sq8, bq1, bq1.5, bq2, pq4-pq64, tq1, tq1.5, tq2, tq4; datatype float32,
float16 or uint8) four segments of the same n points (harness.gen_dense: the matrix's 256-centre Gaussian mixture,
Cosine, ef_construct 100; with kK every point a multivector of exactly K inner vectors, each an independent draw of
that mixture, harness.gen_multi, and the float32 reference the same multivectors) are built by optimize(), each in a fresh interpreter, timed by the process's CPU seconds
(getrusage: the build threads are the process's):
  a. the spec at m 16;      b. the spec at m 0 (no graph: the codes are still trained and written);
  c. float32 at m 16;       d. float32 at m 0.
The graph's cost is a - b, the float32 graph's c - d, their ratio is what the build model prices
(src/topology/throughput.ts BUILD_KERNEL), and b - d is the codes' training and encoding. The four run back to back,
so the ratio is less sensitive to the machine's drift than either time.

Run: /work/venv-072/bin/python test/calibration/quant_build_time.py 50000:384:sq8 50000:384:pq16 ...
Writes data/calibration/quant-build/<engine>/<id>.json, multivector specs into quant-build/<engine>-multivector/ (or
all into $QUANT_BUILD_OUT), skipping configs already written.
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
    """n:d:q[:datatype][:kK]: kK makes every point a multivector of exactly K inner vectors (max_sim)."""
    parts = spec.split(':')
    n, d, quant = int(parts[0]), int(parts[1]), parts[2]
    rest = parts[3:]
    inner = [int(p[1:]) for p in rest if p[:1] == 'k' and p[1:].isdigit()]
    dtypes = [p for p in rest if not (p[:1] == 'k' and p[1:].isdigit())]
    return {'n': n, 'd': d, 'quant': quant, 'dtype': dtypes[0] if dtypes else 'float32', 'k': inner[0] if inner else None}


def spec_id(s: dict) -> str:
    return f"n{s['n']}-d{s['d']}-{s['quant']}" + ('' if s['dtype'] == 'float32' else f"-{s['dtype']}") + (f"-k{s['k']}" if s['k'] else '')


def child(spec: str, m: int) -> dict:
    """One build of `spec` at m, in this (fresh) process."""
    import qdrant_edge as q

    s = parse(spec)
    cid = f"{spec_id(s)}-{s['dtype']}-m{m}"
    c = dict(harness.BASE, n=s['n'], d=s['d'], quant=s['quant'], dtype=s['dtype'], m=m, id=cid)
    if s['k']:  # every inner vector an independent draw of the matrix's mixture (harness.gen_multi), exactly k a point
        c.update(multivector=True, mv_inner=[s['k'], s['k']])
        x, _ = harness.gen_multi(c, s['n'], s['d'])
    elif DATA == 'sweep64':  # the points of server_graph_maps.py's build (graph_sweep_v1_19.mixture: 64 centres, seed 7)
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
    for spec in sys.argv[1:]:
        s = parse(spec)
        cid = spec_id(s)
        # Multivector specs into their own folder (quant-build/<engine>-multivector) unless $QUANT_BUILD_OUT names one.
        folder = OUT + ('-multivector' if s['k'] and not os.environ.get('QUANT_BUILD_OUT') else '')
        os.makedirs(folder, exist_ok=True)
        out = os.path.join(folder, cid + '.json')
        if os.path.exists(out):
            continue
        ref = f"{s['n']}:{s['d']}:none" + (f":k{s['k']}" if s['k'] else '')
        try:
            a, b, c, d = fresh(spec, 16), fresh(spec, 0), fresh(ref, 16), fresh(ref, 0)
        except subprocess.CalledProcessError as e:  # an engine without the spec's datatype or codes: say so, go on
            print(cid, 'failed on this engine:', (e.stderr or '').strip().splitlines()[-1:], flush=True)
            continue
        graph, graph_ref = a['optimize_cpu_seconds'] - b['optimize_cpu_seconds'], c['optimize_cpu_seconds'] - d['optimize_cpu_seconds']
        r = {'schema_version': 1, 'config_id': cid,
             'config': {'n': s['n'], 'd': s['d'], 'quant': s['quant'], 'dtype': s['dtype'], 'm': 16, 'ef': 100, 'distance': 'Cosine',
                        **({'inner_vectors': s['k'], 'comparator': 'max_sim'} if s['k'] else {}),
                        **({'data': 'harness.gen_multi: every inner vector an independent draw of 256 Gaussian centres', 'seed': harness.BASE['seed']} if s['k']
                           else {'data': 'graph_sweep_v1_19.mixture: 64-centre Gaussian mixture (server_graph_maps.py build)', 'seed': 7} if DATA == 'sweep64'
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
