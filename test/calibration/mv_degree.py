"""Level-0 degree of multivector (max_sim) HNSW graphs, by cause (issue #16).

Builds one segment of n multivector points on qdrant-edge-py (the installed version: 0.9.0 from requirements.txt, or
0.7.2: api 1.18.2-dev, a 1.18 dev build standing in for v1.19.0), m=16, ef_construct 100, Cosine, max_sim, with the harness's own config (harness.edge_config), decodes
links_compressed.bin (decode_links.py) and writes data/calibration/multivector-graphs/<engine>/<id>.json.

Spec: n:d:lo:hi[:shape[:noise]]
  lo..hi  inner vectors per point, drawn uniformly (harness.gen_multi); lo == hi: every point has the same count
  shape   indep: every inner vector an independent draw of the harness's Gaussian mixture (256 centres), as the
                 calibration matrix's multivec-* configs (the default)
          doc:   the inner vectors of a point share a centre (a point's own direction on the sphere) plus noise of
                 norm `noise` (default 1.0): correlated token vectors of one document, as ColBERT's are
          docmix: a point's inner vectors are drawn around 4 of the 256 mixture centres (its topics), noise 0.5
  --sym   build on a symmetric score: not possible in the engine (max_sim is fixed); see mv_heuristic.py

Run: /work/venv-090/bin/python test/calibration/mv_degree.py 2000:64:48:80 2000:64:64:64 ...
"""
import glob, json, math, os, platform, shutil, sys, time
from importlib.metadata import version as pkg_version

import numpy as np
import qdrant_edge as q

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import decode_links  # noqa: E402
import harness  # noqa: E402

ENGINE = pkg_version('qdrant-edge-py')
OUT = os.path.join(HERE, '..', '..', 'data', 'calibration', 'multivector-graphs', ENGINE)
WORK = os.path.join(HERE, '.work', 'mv-degree')


def parse(spec: str) -> dict:
    p = spec.split(':')
    n, d, lo, hi = (int(v) for v in p[:4])
    shape = p[4] if len(p) > 4 else 'indep'
    noise = float(p[5]) if len(p) > 5 else (1.0 if shape == 'doc' else 0.5)
    return {'n': n, 'd': d, 'lo': lo, 'hi': hi, 'shape': shape, 'noise': noise}


def spec_id(s: dict) -> str:
    base = f"n{s['n']}-d{s['d']}-k{s['lo']}-{s['hi']}"
    if s['shape'] == 'indep':
        return base
    return f"{base}-{s['shape']}{s['noise']:g}"


def gen(s: dict, c: dict) -> tuple[list, int]:
    """The points' inner vectors, seeded (seed 42 as the harness)."""
    if s['shape'] == 'indep':
        return harness.gen_multi(c, s['n'], s['d'])
    rng = np.random.default_rng(42)
    counts = rng.integers(s['lo'], s['hi'] + 1, size=s['n'])
    d = s['d']
    out = []
    if s['shape'] == 'doc':
        centres = rng.standard_normal((s['n'], d))
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
        for i, k in enumerate(counts):
            x = centres[i] + rng.standard_normal((k, d)) * (s['noise'] / math.sqrt(d))
            out.append((x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32))
    elif s['shape'] == 'docmix':
        crng = np.random.default_rng(42 + 1000)
        mix = crng.standard_normal((256, d))
        mix /= np.linalg.norm(mix, axis=1, keepdims=True)
        for k in counts:
            topics = rng.choice(256, size=4, replace=False)
            x = mix[topics[rng.integers(0, 4, size=k)]] + rng.standard_normal((k, d)) * (s['noise'] / math.sqrt(d))
            out.append((x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32))
    else:
        raise SystemExit(f'shape: got {s["shape"]!r}, expected indep, doc or docmix')
    return out, int(counts.sum())


def degree_by_count(path: str, counts: list) -> dict:
    """Level-0 out-degree (a point's own list) and in-degree (lists that hold it), averaged over the points of each
    inner-vector count (by quintile of the count where it takes more than 12 values). Record i of level 0 is the segment's internal point i; the
    optimized segment of one shard built from points 0..n-1 in order holds them in that order (checked by the
    correlation it shows: a shuffled order would show none)."""
    lists, _m0 = decode_links.level0_lists(path)
    n = len(lists)
    counts = np.asarray(counts[:n])
    out_deg = np.array([len(x) for x in lists], dtype=float)
    in_deg = np.zeros(n)
    for x in lists:
        for j in x:
            in_deg[j] += 1
    values = np.unique(counts)
    if len(values) <= 12:  # by exact count
        groups = [(v, v, counts == v) for v in values]
    else:  # by quintile of the count
        edges = np.quantile(counts, [0, 0.2, 0.4, 0.6, 0.8, 1.0]).astype(int)
        groups = [(lo, hi, (counts >= lo) & ((counts <= hi) if i == 4 else (counts < hi)))
                  for i, (lo, hi) in enumerate(zip(edges[:-1], edges[1:]))]
    bins = [{'inner_from': int(lo), 'inner_to': int(hi), 'points': int(sel.sum()),
             'out_degree': round(float(out_deg[sel].mean()), 3), 'in_degree': round(float(in_deg[sel].mean()), 3)}
            for lo, hi, sel in groups if sel.any()]
    corr = float(np.corrcoef(counts, in_deg)[0, 1]) if counts.std() > 0 else None
    return {'groups': bins, 'corr_inner_count_in_degree': None if corr is None else round(corr, 4)}


def run(s: dict) -> dict:
    cid = spec_id(s)
    c = dict(harness.BASE, n=s['n'], d=s['d'], multivector=True, mv_inner=[s['lo'], s['hi']], id=cid)
    path = os.path.join(WORK, cid)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    data, inner = gen(s, c)
    load_before = os.getloadavg()
    shard = q.EdgeShard.create(path, harness.edge_config(c))
    for i in range(0, s['n'], 500):
        shard.update(q.UpdateOperation.upsert_points([q.Point(j, data[j].tolist()) for j in range(i, min(s['n'], i + 500))]))
    t0 = time.time()
    shard.optimize()
    build_s = time.time() - t0
    shard.flush()
    shard.close()
    links = glob.glob(path + '/**/links_compressed.bin', recursive=True)
    dec = decode_links.decode(links[0])
    links_bytes = os.path.getsize(links[0])
    by_count = degree_by_count(links[0], [len(x) for x in data])
    shutil.rmtree(path, ignore_errors=True)
    return {
        'schema_version': 1,
        'config_id': cid,
        'config': {**s, 'm': 16, 'ef': 100, 'distance': 'Cosine', 'comparator': 'max_sim', 'seed': 42,
                   'data_note': {'indep': 'harness.gen_multi: every inner vector an independent draw of 256 Gaussian centres (noise 0.5)',
                                 'doc': 'per-point centre on the sphere + Gaussian noise of norm `noise`, normalized',
                                 'docmix': 'per point 4 of 256 Gaussian centres, each inner vector one of them + noise of norm `noise`'}[s['shape']]},
        'multivector_inner_vectors': inner,
        'engine': {'qdrant_edge_py': ENGINE},
        'machine': {'cpus': os.cpu_count(), 'python': platform.python_version()},
        'date_utc': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
        'optimize_seconds': round(build_s, 3),
        'load_average_before': load_before,
        'links_file_bytes': links_bytes,
        'degree_by_inner_count': by_count,
        'hnsw_decoded': {k: v for k, v in dec.items() if k != 'levels_detail'},
        'levels': [{k: v for k, v in lvl.items() if k != 'degree_histogram'} for lvl in dec['levels_detail']],
    }


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    for spec in sys.argv[1:]:
        s = parse(spec)
        out = os.path.join(OUT, spec_id(s) + '.json')
        if os.path.exists(out):
            continue
        r = run(s)
        with open(out, 'w') as f:
            json.dump(r, f, indent=1)
        h = r['hnsw_decoded']
        print(f"{r['config_id']}: deg0 {h['deg0_avg']:.2f}, links {r['links_file_bytes']} B, {r['optimize_seconds']}s", flush=True)


if __name__ == '__main__':
    main()
