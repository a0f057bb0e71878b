/**
 * The real v1.19.0 server saturated by concurrent searches, against the CPU of one search and the model's `c`
 * (data/calibration/segment-throughput/, test/calibration/segment_throughput.py; docs/topology.md section 6). Every
 * expectation is recomputed from the measured rows; none is the model's output pasted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEARCH_COST, vcpuSecondsPerSearch } from '../../src/topology/throughput.js';

interface Row {
  spec: string;
  n: number;
  d: number;
  data: string;
  segment_points: { points: number; type: string }[];
  one_at_a_time_cpu_s_per_search: number;
  saturated_cpu_s_per_search: number;
  saturated_qps: number;
  saturated_server_cpu_share: number;
}
const rows = (JSON.parse(readFileSync(new URL('../../data/calibration/segment-throughput/v1.19.0.json', import.meta.url), 'utf8')) as { rows: Row[] }).rows;
const indexed = (r: Row) => r.segment_points.filter((s) => s.type === 'indexed').length;
/** The model's whole search on one shard, the request included, as the server's CPU per search was measured. */
const model = (r: Row) => vcpuSecondsPerSearch({ dim: r.d, ef: 128, pointsPerShard: r.n, segmentsPerShard: indexed(r) });

describe('saturated searches on the real server (segment_throughput.py)', () => {
  it('holds 7 runs, each a saturation reading: the server busy at least 95% of its one CPU', () => {
    expect(rows).toHaveLength(7);
    for (const r of rows) expect(r.saturated_server_cpu_share).toBeGreaterThanOrEqual(0.95);
  });
  it('a saturated CPU serves at least 1 / c searches a second for the c measured one at a time (the calibration is conservative)', () => {
    for (const r of rows) {
      expect(r.saturated_cpu_s_per_search).toBeLessThanOrEqual(r.one_at_a_time_cpu_s_per_search);
      expect(r.saturated_qps * r.one_at_a_time_cpu_s_per_search).toBeGreaterThanOrEqual(0.95);
    }
  });
  it('every saturated cost lies inside the stated range of the model (x0.17 to x4.5): the 1,000-point search 0.33 of it, the lowest', () => {
    for (const r of rows) {
      const ratio = r.saturated_cpu_s_per_search / model(r);
      expect(ratio, r.spec).toBeGreaterThanOrEqual(SEARCH_COST.low);
      expect(ratio, r.spec).toBeLessThanOrEqual(SEARCH_COST.high);
    }
    expect([SEARCH_COST.low, SEARCH_COST.high]).toEqual([0.17, 4.5]);
    // The 1,000 × 64-d float32 search (one segment, REST, 4 bytes a dimension: SCORED_BYTES): 0.098 ms against r + h +
    // g + w = (1.12e-4 + 64 × 7.66e-8) + 1.3e-5 + 6.5e-6 + 9.884275e-4 × (0.48 + 0.52 × 4 × 64 / 1536 = 0.566667) ×
    // 0.01^0.27 (0.288403) = 1.169024e-4 + 1.95e-5 + 1.615372e-4 = 2.979396e-4 s: 0.329 (0.351 before s51).
    const small = rows.find((r) => r.n === 1000)!;
    expect(model(small)).toBeCloseTo(2.979396e-4, 9);
    expect(small.saturated_cpu_s_per_search / model(small)).toBeGreaterThan(0.32);
    expect(small.saturated_cpu_s_per_search / model(small)).toBeLessThan(0.34);
  });
  it('the same points in one segment serve 3.4-4.2 times the searches of four; the model says less, so the fewer-segments saving is understated', () => {
    for (const data of ['uniform:128', 'uniform:768', 'mix:768']) {
      const [kind, dim] = data.split(':');
      const pair = rows.filter((r) => r.data === kind && r.d === Number(dim));
      const one = pair.find((r) => indexed(r) === 1)!;
      const four = pair.find((r) => indexed(r) === 4)!;
      const measured = one.saturated_qps / four.saturated_qps;
      expect(measured, data).toBeGreaterThan(3.4);
      expect(measured, data).toBeLessThan(4.2);
      expect(model(four) / model(one), data).toBeLessThan(measured);
    }
  });
});
