"""CPU build time of multivector (max_sim) HNSW graphs against a plain dense build of the same points (issue #16, s38).

For each spec n:d:k one segment of n points, each of exactly k inner vectors of d dimensions (harness.gen_multi: every
inner vector an independent draw of the harness's 256-centre Gaussian mixture), m 16, ef_construct 100, Cosine,
max_sim, built by optimize() on the installed qdrant-edge-py (0.7.2 = Qdrant v1.19.0's builder, as
data/calibration/v1.19.0-build); then, in the same process and right after, a dense build of n points of d dimensions
(the first inner vector of each point). Both timed by wall clock and by the process's CPU seconds
(resource.getrusage: the engine's build threads are this process's). The ratio of the two is what the multivector
costs over the dense build qsize prices (src/topology/throughput.ts cpuBuildCoreSecondsPerPoint), and a ratio taken
back to back is less sensitive to other load than either time.

Run: /work/venv-072/bin/python test/calibration/mv_build_time.py 3000:64:1 3000:64:4 3000:64:16 ...
Writes data/calibration/multivector-build/<engine>/<id>.json, or into $MV_BUILD_OUT (skips existing).
"""
import json, os, platform, shutil, sys, time
from importlib.metadata import version as pkg_version

import numpy as np
import qdrant_edge as q

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402

ENGINE = pkg_version('qdrant-edge-py')
# MV_BUILD_OUT names another folder (s38's idle repeat: data/calibration/multivector-build/0.7.2-idle).
OUT = os.environ.get('MV_BUILD_OUT') or os.path.join(HERE, '..', '..', 'data', 'calibration', 'multivector-build', ENGINE)
WORK = os.path.join(HERE, '.work', 'mv-build')


def build(c: dict, points: list) -> dict:
    path = os.path.join(WORK, c['id'])
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    shard = q.EdgeShard.create(path, harness.edge_config(c))
    for i in range(0, len(points), 500):
        shard.update(q.UpdateOperation.upsert_points([q.Point(j, points[j]) for j in range(i, min(len(points), i + 500))]))
    load = os.getloadavg()
    t0, c0 = time.time(), harness.process_cpu_seconds()
    shard.optimize()
    out = {'optimize_seconds': round(time.time() - t0, 3), 'optimize_cpu_seconds': round(harness.process_cpu_seconds() - c0, 3), 'load_average_before': load}
    shard.flush()
    shard.close()
    shutil.rmtree(path, ignore_errors=True)
    return out


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    for spec in sys.argv[1:]:
        n, d, k = (int(v) for v in spec.split(':'))
        cid = f'n{n}-d{d}-k{k}'
        out = os.path.join(OUT, cid + '.json')
        if os.path.exists(out):
            continue
        c = dict(harness.BASE, n=n, d=d, multivector=True, mv_inner=[k, k], id=cid)
        data, inner = harness.gen_multi(c, n, d)
        mv = build(c, [x.tolist() for x in data])
        dense = build(dict(harness.BASE, n=n, d=d, id=cid + '-dense'), [x[0].tolist() for x in data])
        r = {'schema_version': 1, 'config_id': cid,
             'config': {'n': n, 'd': d, 'inner_vectors': k, 'm': 16, 'ef': 100, 'distance': 'Cosine', 'comparator': 'max_sim', 'seed': harness.BASE['seed'],
                        'data': 'harness.gen_multi: every inner vector an independent draw of 256 Gaussian centres'},
             'multivector_inner_vectors': inner, 'engine': {'qdrant_edge_py': ENGINE},
             'machine': {'cpus': os.cpu_count(), 'python': platform.python_version()},
             'date_utc': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
             'command': f'/work/venv-072/bin/python test/calibration/mv_build_time.py {spec}',
             'multivector': mv, 'dense_first_inner': dense,
             'cpu_ratio': round(mv['optimize_cpu_seconds'] / max(dense['optimize_cpu_seconds'], 1e-3), 2)}
        with open(out, 'w') as f:
            json.dump(r, f, indent=1)
        print(cid, mv, dense, r['cpu_ratio'], flush=True)


if __name__ == '__main__':
    main()
