/**
 * The search cost of multivector (max_sim) collections (src/topology/throughput.ts MULTIVECTOR_SEARCH): each candidate
 * is scored by k_q · k_p inner similarities, so it costs ((1 − d) + F + d · u · k_q · k_p · D / 1536) / ((1 − d) + d · D
 * / 1536) times a dense search of the same points (d 0.52, the dense model's dimension share; F 0.9, u 0.5). Checked by hand and against the real v1.19.0
 * server's CPU per search (data/calibration/multivector-search/v1.19.0.json, test/calibration/mv_search_cost.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { vcpuSecondsPerSearch as perSearch, vcpuSecondsPerShardSearch } from '../../src/topology/throughput.js';
import { recommend } from '../../src/plan/recommend.js';
import { qsize } from '../cli/run.js';

interface Row {
  n: number;
  d: number;
  inner_vectors: number;
  query_inner_vectors: number;
  dense_cpu_s_per_search: number;
  mv_cpu_s_per_search: number;
}
const rows = (JSON.parse(readFileSync('data/calibration/multivector-search/v1.19.0.json', 'utf8')) as { rows: Row[] }).rows;

describe('multivector (max_sim) search cost', () => {
  it('1M points × 128-d × 100 inner vectors, 32 a query, ef 128, one segment: 0.2160 vCPU-s a shard search (by hand)', () => {
    // Dense (docs/topology.md section 6): the shard h + g + w, w = k × (0.48 + 0.52 × 128 / 1536) × (1e6 / 1e5)^0.45 =
    // 9.884275e-4 × 0.523333 × 2.818383 = 1.457885e-3; 1.3e-5 + 6.5e-6 + 1.457885e-3 = 1.477385e-3, with the REST
    // request r = 1.12e-4 + 128 × 7.66e-8 = 1.218048e-4 the search 1.599190e-3. max_sim: (0.48 + 0.9 + 0.52 × 0.5 × 32 ×
    // 100 × 128 / 1536) / (0.48 + 0.52 × 128 / 1536) = 70.71333 / 0.5233333 = 135.1210 times the search: 0.216084, of
    // which the shard 0.215962.
    const dense = { dim: 128, ef: 128, pointsPerShard: 1e6 };
    const mv = { ...dense, multivector: { innerVectors: 100, queryInnerVectors: 32 } };
    expect(vcpuSecondsPerShardSearch(dense)).toBeCloseTo(1.477385e-3, 8);
    expect(perSearch(dense)).toBeCloseTo(1.599190e-3, 8);
    expect(perSearch(mv)).toBeCloseTo(0.216084, 5);
    expect(vcpuSecondsPerShardSearch(mv)).toBeCloseTo(0.215962, 5);
  });

  it('the model\'s multivector / dense ratio lies within -16% to +30% of every measured ratio (the refit with the dense dimension share, s40)', () => {
    expect(rows.length).toBeGreaterThanOrEqual(9);
    for (const r of rows) {
      const measured = r.mv_cpu_s_per_search / r.dense_cpu_s_per_search;
      const q = { dim: r.d, ef: 128, pointsPerShard: r.n };
      // Whole searches, the request included, as measured.
      const model = perSearch({ ...q, multivector: { innerVectors: r.inner_vectors, queryInnerVectors: r.query_inner_vectors } }) / perSearch(q);
      const id = `${r.d}-d, ${r.inner_vectors} inner, ${r.query_inner_vectors} a query`;
      expect(model / measured - 1, id).toBeGreaterThan(-0.17);
      expect(model / measured - 1, id).toBeLessThan(0.31);
    }
  });

  it('the measured cost grows with the query inner vectors: 64-d, 16 a point, 4 -> 16 -> 32 a query cost 1.53, 3.63 and 6.52 ms a search (dense 0.40-0.48)', () => {
    const at = (kq: number) => rows.find((r) => r.d === 64 && r.inner_vectors === 16 && r.query_inner_vectors === kq)!.mv_cpu_s_per_search;
    expect(at(16)).toBeGreaterThan(at(4) * 2);
    expect(at(32)).toBeGreaterThan(at(16) * 1.6);
  });

  it('a plan prices the max_sim search and says so; --query-inner-vectors moves it', () => {
    const w = { points: 1_000_000, collection: { vectors: { size: 128, distance: 'Cosine' as const, multivector_config: { comparator: 'max_sim' as const } } }, multivector: { '': 100 } };
    const p32 = recommend(w, { query: { qps: 50 }, placement: { cloud: 'aws' } }, { maxAlternatives: 0 }).plan;
    const p8 = recommend(w, { query: { qps: 50, queryInnerVectors: 8 }, placement: { cloud: 'aws' } }, { maxAlternatives: 0 }).plan;
    expect(p32.queryCpu?.multivector).toEqual({ innerVectors: 100, queryInnerVectors: 32 });
    // The plan's figures name where their multivector terms were measured.
    expect(p32.queryCpu?.detail).toContain('data/calibration/multivector-search/v1.19.0.json');
    expect(p32.indexing?.detail).toContain('multivector points at K² × 2 × D units a distance, data/calibration/multivector-build/0.7.2');
    // 8 query inner vectors instead of 32: (0.48 + 0.9 + 17.3333) / 0.5233333 = 35.758 times the dense search against
    // 135.12: 3.8x less.
    expect(p32.queryCpu!.vcpuNeeded / p32.checks.length).toBeGreaterThan(0);
    expect(p8.queryCpu!.vcpuNeeded).toBeLessThan(p32.queryCpu!.vcpuNeeded / 2);
    const r = qsize(['--vectors', '1M', '--dim', '128', '--multivector', '100', '--qps', '50', '-o', 'markdown']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('(max_sim searches of 32 query inner vectors, --query-inner-vectors, against 100 a point)');
    const bad = qsize(['--vectors', '1M', '--dim', '128', '--multivector', '100', '--query-inner-vectors', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--query-inner-vectors/);
  });
});
