/**
 * How a graph search's CPU grows with the segment's size below 100,000 points, on the real v1.19.0 server (s47:
 * data/calibration/segment-throughput/sizes-v1.19.0.json, test/calibration/segment_paths.py; docs/topology.md section
 * 6). Three runs of standalone collections of 3,125-100,000 uniform 768-d points (one segment each) and 100,000 in
 * four, the server pinned to one CPU, one search at a time at ef 128. Every figure is recomputed from the rows.
 */
import { describe, expect, it } from 'vitest';
import { SEARCH_COST } from '../../src/topology/index.js';
import { segmentSearchVcpuSeconds, segmentSizeFactor } from '../../src/topology/throughput.js';
import { PINNED_REQUEST_MS as A, probePath, probeRow as row, probeRuns } from './segment-probe.js';

const runs = probeRuns('sizes-v1.19.0.json');
/** The sizes searched by their graph: 3,125 768-d points are under the default 10,000 KB full_scan_threshold (scanned). */
const GRAPHS = [6_250, 12_500, 25_000, 50_000];
const SMALL_SEARCHES: [number, number][] = runs.flatMap(({ rows }) =>
  GRAPHS.map((n) => [Math.log(n / 1e5), Math.log((row(rows, n, 1).hnsw_ef128_cpu_ms - A) / (row(rows, 100_000, 1).hnsw_ef128_cpu_ms - A))] as [number, number]),
);

describe('graph searches of small segments on the real server (segment sizes)', () => {
  it('holds three runs of seven specs, each segment searched by its graph, the 3,125-point one by full scan', () => {
    expect(runs).toHaveLength(3);
    for (const { rows } of runs) {
      expect(rows).toHaveLength(7);
      for (const r of rows)
        for (const s of r.segments.filter((x) => x.points > 0)) expect(s.paths[probePath(s.points)], `${r.n}x${r.segments_asked}: ${s.points}`).toBe(1300);
    }
  });

  it('below 100,000 points the search grows as n^γs, γs the least squares of every run (through 100,000 points, less the request): the model takes it to 0.02', () => {
    const gs = SMALL_SEARCHES.reduce((s, [x, y]) => s + x * y, 0) / SMALL_SEARCHES.reduce((s, [x]) => s + x * x, 0);
    console.log(`γs fitted: ${gs.toFixed(4)} over ${SMALL_SEARCHES.length} searches; the model ${SEARCH_COST.smallSizeExponent}`);
    expect(Math.abs(gs - SEARCH_COST.smallSizeExponent)).toBeLessThan(0.02);
    // Far from the large segments' 0.45, which made a 25,000-point search 0.54 of a 100,000-point one.
    expect(gs).toBeLessThan(SEARCH_COST.sizeExponent - 0.1);
  });

  it('the size factor is continuous at 100,000 points and rises with n on both sides', () => {
    expect(segmentSizeFactor(1e5)).toBe(1);
    expect(segmentSizeFactor(99_999)).toBeCloseTo(1, 5);
    let prev = 0;
    for (const n of [1, 1_000, 25_000, 99_999, 1e5, 1e6, 1e8]) {
      expect(segmentSizeFactor(n)).toBeGreaterThan(prev);
      prev = segmentSizeFactor(n);
    }
  });

  it('each measured ratio to the 100,000-point search lies within 25% of the model', () => {
    for (const { rows } of runs)
      for (const n of GRAPHS) {
        const measured = (row(rows, n, 1).hnsw_ef128_cpu_ms - A) / (row(rows, 100_000, 1).hnsw_ef128_cpu_ms - A);
        const model = segmentSearchVcpuSeconds(n, 768, 128) / segmentSearchVcpuSeconds(1e5, 768, 128);
        expect(Math.abs(measured / model - 1), `${n}`).toBeLessThan(0.25);
      }
  });

  it('100,000 points in four segments cost what the model says of their four graphs, within 20% (it said 1.6x one segment before s47)', () => {
    for (const { rows } of runs) {
      const r = row(rows, 100_000, 4);
      const sizes = r.segments.map((s) => s.points).filter((p) => p > 0);
      expect(sizes).toHaveLength(4);
      const model = sizes.reduce((s, p) => s + segmentSearchVcpuSeconds(p, 768, 128), 0) / segmentSearchVcpuSeconds(1e5, 768, 128);
      const measured = (r.hnsw_ef128_cpu_ms - A) / (row(rows, 100_000, 1).hnsw_ef128_cpu_ms - A);
      console.log(`4 segments (${sizes.join(', ')}): measured ${measured.toFixed(2)}x one, model ${model.toFixed(2)}x`);
      expect(Math.abs(measured / model - 1)).toBeLessThan(0.2);
    }
  });
});
