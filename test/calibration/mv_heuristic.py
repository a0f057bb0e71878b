"""The neighbour heuristic of Qdrant's HNSW build replayed on multivector points, to take its max_sim scores apart.

Qdrant links a new point q to the candidates of its ef_construct search, best first, keeping a candidate c unless a
kept one s scores higher with it than q does: score(c, s) > score(q, c)
(qdrant@v1.19.0:lib/segment/src/index/hnsw_index/links_container.rs, fill_from_sorted_with_heuristic; the scores are
FilteredScorer::score_internal(a, b), graph_layers_builder.rs link_with_heuristic). For multivectors score_internal(a, b)
is max_sim(a, b) = sum over a's inner vectors of the best match among b's
(lib/segment/src/vector_storage/query_scorer/mod.rs, score_max_similarity; multi_metric_query_scorer.rs score_internal):
a sum of |a| terms, so score(c, s) and score(q, c) add up different numbers of terms when |c| != |q|.

For `--queries` points of a data set (mv_degree.py's generators), this takes the exact top ef_construct (100) by
max_sim(q, .) among the other points, runs the heuristic with level_m = 2m = 32 and counts the kept links, with
  asym: the engine's rule, score(c, s) = max_sim(c, s) against max_sim(q, c);
  mean: both sides divided by their own count of terms (max_sim(c, s) / |c| against max_sim(q, c) / |q|): the
        same comparison without the count scaling (what equal counts give).
Each kept link of the forward step is stored twice when no list fills (the new point's and the candidate's), so twice
the forward count is the level-0 degree the heuristic alone would leave (src/model/hnsw.ts, levelZeroDegree: K).

Run: /work/venv-090/bin/python test/calibration/mv_heuristic.py [--queries 60] n:d:lo:hi[:shape[:noise]] ...
Writes data/calibration/multivector-graphs/heuristic/<id>.json.
"""
import json, os, sys, time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402
import mv_degree  # noqa: E402

OUT = os.path.join(HERE, '..', '..', 'data', 'calibration', 'multivector-graphs', 'heuristic')
EF, M0 = 100, 32


def heuristic(order: np.ndarray, cand_score: np.ndarray, pair: np.ndarray) -> int:
    """fill_from_sorted_with_heuristic: candidates in `order`, pair[c, s] the score of c against kept s."""
    kept: list[int] = []
    for c in order:
        if any(pair[c, s] > cand_score[c] for s in kept):
            continue
        kept.append(c)
        if len(kept) >= M0:
            break
    return len(kept)


def analyse(s: dict, queries: int) -> dict:
    c = dict(harness.BASE, n=s['n'], d=s['d'], multivector=True, mv_inner=[s['lo'], s['hi']])
    data, _ = mv_degree.gen(s, c)
    counts = np.array([len(x) for x in data])
    X = np.concatenate(data).astype(np.float32)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rng = np.random.default_rng(5)
    qs = rng.choice(s['n'], size=queries, replace=False)
    res = {'asym': [], 'mean': [], 'count_ratio_pruned': [], 'count_ratio_kept': [], 'score_cv': []}
    for qi in qs:
        # max_sim(q, every point): the best match of each of q's inner vectors in each point, summed
        g = data[qi] @ X.T
        ms = np.maximum.reduceat(g, starts, axis=1).sum(axis=0)
        ms[qi] = -np.inf
        top = np.argsort(-ms)[:EF]
        res['score_cv'].append(float(np.std(ms[top]) / np.mean(ms[top])))
        Xc = np.concatenate([data[i] for i in top])
        cst = np.concatenate([[0], np.cumsum(counts[top])[:-1]])
        G = Xc @ Xc.T
        pair = np.add.reduceat(np.maximum.reduceat(G, cst, axis=1), cst, axis=0)  # [a, b] = max_sim(a, b)
        cand = ms[top]
        order = np.arange(EF)  # already best first
        res['asym'].append(heuristic(order, cand, pair))
        kc = counts[top].astype(float)
        res['mean'].append(heuristic(order, cand / counts[qi], pair / kc[:, None]))
    out = {
        'config': s,
        'queries': queries,
        'forward_kept_asym': round(float(np.mean(res['asym'])), 3),
        'forward_kept_mean': round(float(np.mean(res['mean'])), 3),
        'twice_forward_asym': round(2 * float(np.mean(res['asym'])), 2),
        'twice_forward_mean': round(2 * float(np.mean(res['mean'])), 2),
        'candidate_score_cv': round(float(np.mean(res['score_cv'])), 4),
        'date_utc': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
    }
    return out


def main() -> None:
    argv = sys.argv[1:]
    queries = 60
    if '--queries' in argv:
        queries = int(argv[argv.index('--queries') + 1])
        del argv[argv.index('--queries'):argv.index('--queries') + 2]
    os.makedirs(OUT, exist_ok=True)
    for spec in argv:
        s = mv_degree.parse(spec)
        out = os.path.join(OUT, mv_degree.spec_id(s) + '.json')
        if os.path.exists(out):
            continue
        r = analyse(s, queries)
        with open(out, 'w') as f:
            json.dump(r, f, indent=1)
        print(f"{mv_degree.spec_id(s)}: 2x forward kept asym {r['twice_forward_asym']}, mean {r['twice_forward_mean']}, score cv {r['candidate_score_cv']}", flush=True)


if __name__ == '__main__':
    main()
