/**
 * The dense search's CPU model (src/topology/throughput.ts vcpuSecondsPerShardSearch, SEARCH_COST; docs/topology.md
 * section 6) against the real Qdrant v1.19.0 server (test/calibration/dense_search_cost.py,
 * data/calibration/dense-search/v1.19.0.json): the server's CPU per search, one client, REST and gRPC, ef 64-256.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEARCH_COST, vcpuSecondsPerSearch as perSearch } from '../../src/topology/index.js';
import { recommend } from '../../src/plan/recommend.js';

interface Row {
  spec: string;
  n: number;
  d: number;
  m: number;
  quantization: string;
  data?: string;
  segment_points?: { points: number; type: string }[];
  [k: string]: unknown;
}
const rows = (JSON.parse(readFileSync('data/calibration/dense-search/v1.19.0.json', 'utf8')) as { rows: Row[] }).rows;
const cpu = (r: Row, proto: 'rest' | 'grpc', ef: number) => r[`${proto}_ef${ef}_cpu_s_per_search`] as number;
/** The indexed segments the searches visited (the server's telemetry; the first runs did not read it: one, as asked). */
const segments = (r: Row) => Math.max(1, (r.segment_points ?? []).filter((s) => s.type === 'indexed').length);

describe('dense search CPU: the model against the real v1.19.0 server', () => {
  it('has the sweep: clustered and uniform data, 10k-1M points, 128-1536-d', () => {
    expect(rows.length).toBeGreaterThanOrEqual(15);
    expect(new Set(rows.map((r) => r.data ?? 'mix'))).toEqual(new Set(['mix', 'uniform']));
    expect(Math.max(...rows.map((r) => r.n))).toBeGreaterThanOrEqual(1e6);
  });

  it('every measured search (REST and gRPC, ef 64, 128 and 256) lies inside the stated range x0.3-x4.5 of the model', () => {
    for (const r of rows)
      for (const proto of ['rest', 'grpc'] as const)
        for (const ef of [64, 128, 256]) {
          const measured = cpu(r, proto, ef);
          const model = perSearch({ dim: r.d, ef, pointsPerShard: r.n, segmentsPerShard: segments(r) });
          expect(measured, `${r.spec} ${proto} ef ${ef}`).toBeGreaterThan(model * SEARCH_COST.low);
          expect(measured, `${r.spec} ${proto} ef ${ef}`).toBeLessThan(model * SEARCH_COST.high);
        }
  });

  it('the segment search grows as n^0.35-0.56 in the four one-segment sweeps (REST, ef 128, less the request as those runs paid it); the model takes 0.45', () => {
    // Least squares of ln(c - a) on ln n per sweep, recomputed here from the data. `a` is the request one search at a
    // time on an unpinned server, as these runs searched: 0.463 ms, the full-scan fit of the same days
    // (data/calibration/full-scan/v1.19.0.json, fit.models[1] a_s, 4.627e-4, rounded as FULL_SCAN.a was until s48; saturated and
    // pinned the request costs 0.113 ms, REQUEST_COST).
    const a = 4.63e-4;
    const exponents: number[] = [];
    const groups = new Map<string, [number, number][]>();
    for (const r of rows) {
      if (segments(r) !== 1 || r.quantization !== 'none' || r.m !== 16) continue;
      const w = cpu(r, 'rest', 128) - a;
      if (w <= 2e-5) continue;
      const key = `${r.d}-${r.data ?? 'mix'}`;
      groups.set(key, [...(groups.get(key) ?? []), [Math.log(r.n), Math.log(w)]]);
    }
    for (const pts of groups.values()) {
      if (new Set(pts.map((p) => p[0])).size < 2) continue;
      const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
      const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
      exponents.push(pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0));
    }
    expect(exponents.length).toBeGreaterThanOrEqual(4);
    for (const g of exponents) {
      expect(g).toBeGreaterThan(0.3);
      expect(g).toBeLessThan(0.7);
    }
    expect(SEARCH_COST.sizeExponent).toBeGreaterThanOrEqual(Math.min(...exponents));
    expect(SEARCH_COST.sizeExponent).toBeLessThanOrEqual(Math.max(...exponents));
  });

  it('the old model (log2 n, no request, no segments) said 4.7 ms for a 5,000-point 64-d shard; the server spends 0.40-0.48 ms one search at a time, the model (saturated) 0.357 ms indexed and 0.399 ms unindexed', () => {
    // Indexed, one segment (under 100,000 points: γs 0.27, s47): the search r + h + g + w over REST, w = 9.884275e-4 ×
    // (0.48 + 0.52 × 64 / 1536) × 0.05^0.27 = 9.884275e-4 × 0.501667 × 0.445371 = 2.208422e-4, r = 1.12e-4 + 64 ×
    // 7.66e-8 = 1.169024e-4: 1.169024e-4 + 1.3e-5 + 6.5e-6 + 2.208422e-4 = 3.572446e-4. Under the default 10,000 KB
    // indexing threshold all 5,000 points are the unindexed tail: r + h + 5,000 × (3.81e-8 + 2.47e-10 × 64) = 1.299024e-4
    // + 2.6954e-4 = 3.994424e-4.
    const cost = { dim: 64, ef: 128, pointsPerShard: 5000 };
    const indexed = perSearch(cost);
    expect(indexed).toBeCloseTo(3.572446e-4, 9);
    expect(perSearch({ ...cost, tailPoints: 5000 })).toBeCloseTo(3.994424e-4, 9);
    // The dense searches of the multivector probe (data/calibration/multivector-search/v1.19.0.json), 5,000 × 64-d
    // indexed (indexing_threshold 1 KB), REST, one search at a time and unpinned: above the saturated model, by no more
    // than one search at a time costs over saturated in the request probe (1.04-1.68 times,
    // data/calibration/request-cost/v1.19.0.json).
    const mv = (JSON.parse(readFileSync('data/calibration/multivector-search/v1.19.0.json', 'utf8')) as { rows: { n: number; d: number; dense_cpu_s_per_search: number }[] }).rows;
    const dense = mv.filter((x) => x.n === 5000 && x.d === 64);
    expect(dense.length).toBeGreaterThan(0);
    for (const r of dense) {
      expect(r.dense_cpu_s_per_search).toBeGreaterThan(indexed);
      expect(r.dense_cpu_s_per_search).toBeLessThan(indexed * 1.7);
    }
  });

  it('small clustered segments, saturated (beside the s50 multivector runs): the model lies within -36% to +34% of each (-35.6% to +33.0%), and the search grows with the dimension faster than β says (64-d to 1,024-d: 3.3-4.1 times the shard, the model 1.4)', () => {
    interface Beside { n: number; d: number; api: 'rest' | 'grpc'; dense_cpu_s_per_search: number }
    const beside = (JSON.parse(readFileSync('data/calibration/multivector-search/v1.19.0-api.json', 'utf8')) as { rows: Beside[] }).rows;
    expect(beside.length).toBe(37);
    for (const r of beside) {
      const e = perSearch({ dim: r.d, api: r.api, ef: 128, pointsPerShard: r.n }) / r.dense_cpu_s_per_search - 1;
      expect(e, `${r.n} × ${r.d}-d ${r.api}`).toBeGreaterThan(-0.36);
      expect(e, `${r.n} × ${r.d}-d ${r.api}`).toBeLessThan(0.34);
    }
    // The shard's part (the request at its API taken off, REQUEST_COST: 1.12e-4 + D × 7.66e-8 or 9.2e-9): 5,000 × 64-d
    // against 3,000 × 1,024-d, each API's lowest and highest. The model's ratio: (0.48 + 0.52 × 1024 / 1536) × 0.03^0.27
    // against (0.48 + 0.52 × 64 / 1536) × 0.05^0.27, 0.82667 × 0.38852 / (0.50167 × 0.44537) = 1.437 (h + g aside).
    const shard = (r: Beside) => r.dense_cpu_s_per_search - (1.12e-4 + r.d * (r.api === 'rest' ? 7.66e-8 : 9.2e-9));
    const small = beside.filter((r) => r.n === 5000 && r.d === 64).map(shard);
    const large = beside.filter((r) => r.n === 3000 && r.d === 1024).map(shard);
    expect(Math.min(...large) / Math.max(...small)).toBeGreaterThan(3.3);
    expect(Math.max(...large) / Math.min(...small)).toBeLessThan(4.2);
  });

  it('a plan names where its search cost was measured: the server data and the benchmark for a graph search, the full-scan data for a scan', () => {
    const w = (points: number, size: number) => ({ points, collection: { vectors: { size, distance: 'Cosine' as const } } });
    const graph = recommend(w(1_000_000, 768), { query: { qps: 100 } }, { maxAlternatives: 0 }).plan;
    expect(graph.queryCpu?.detail).toContain('data/calibration/dense-search/v1.19.0.json');
    expect(graph.queryCpu?.detail).toContain('results-1-100-thread-2024-06-15.json');
    // 1,000 × 2048-d is under the indexing threshold: scanned.
    const scan = recommend(w(1000, 2048), { query: { qps: 100 } }, { maxAlternatives: 0 }).plan;
    expect(scan.queryCpu?.detail).toContain('data/calibration/request-cost/v1.19.0.json');
    expect(scan.queryCpu?.detail).not.toContain('dense-search');
    // Both name where the request was measured.
    expect(graph.queryCpu?.detail).toContain('r and p per data/calibration/request-cost/v1.19.0.json');
  });
});
