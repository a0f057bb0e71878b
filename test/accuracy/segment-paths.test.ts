/**
 * Where a many-segment shard's search CPU goes, on the real v1.19.0 server (s41: data/calibration/segment-throughput/
 * paths-v1.19.0.json, test/calibration/segment_paths.py; docs/topology.md section 6, "Why segments cost more"). Two runs
 * of the same specs: 100,000 uniform 768-d points in 1, 4 and 8 segments and standalone collections of 25,000 and
 * 12,500 points, the server pinned to one CPU, one search at a time. Every expectation is recomputed from the measured
 * rows; the model's figures are its formula's, not pasted.
 */
import { describe, expect, it } from 'vitest';
import { segmentSearchVcpuSeconds } from '../../src/topology/throughput.js';
import { PINNED_REQUEST_MS as A, probePath, probeRow as row, probeRuns } from './segment-probe.js';

const runs = probeRuns('paths-v1.19.0.json');

describe('a many-segment shard on the real server (segment_paths.py)', () => {
  it('holds two runs of the five specs, each segment searched by its graph (a segment under full_scan_threshold by full scan)', () => {
    expect(runs).toHaveLength(2);
    for (const { rows } of runs) {
      expect(rows).toHaveLength(5);
      for (const r of rows)
        for (const s of r.segments.filter((x) => x.points > 0)) {
          expect(s.paths[probePath(s.points)], `${r.n}x${r.segments_asked}: ${s.points}`).toBe(1300);
        }
    }
  });
  it('a full scan costs the same in 1, 4 or 8 segments (within the runs\' 35% spread, no rise): nothing outside the graph search is paid per segment', () => {
    for (const { rows } of runs) {
      const one = row(rows, 100_000, 1).exact_cpu_ms;
      for (const s of [4, 8]) {
        const ratio = row(rows, 100_000, s).exact_cpu_ms / one;
        expect(ratio, `${s} segments`).toBeGreaterThan(0.7);
        expect(ratio, `${s} segments`).toBeLessThan(1.2);
      }
    }
  });
  it('four segments cost about what four standalone graphs of 25,000 points cost (0.9-1.15 of it): a segment search is a graph search of its size', () => {
    for (const { rows } of runs) {
      const four = row(rows, 100_000, 4).hnsw_ef128_cpu_ms - A;
      const standalone = 4 * (row(rows, 25_000, 1).hnsw_ef128_cpu_ms - A);
      expect(four / standalone).toBeGreaterThan(0.9);
      expect(four / standalone).toBeLessThan(1.15);
    }
  });
  it('a 25,000-point graph search costs 0.70-0.83 of a 100,000-point one; the model\'s (n / 100,000)^0.27 below 100,000 points says 0.688 (s47; the large segments\' 0.45 said 0.54)', () => {
    const model = segmentSearchVcpuSeconds(25_000, 768, 128) / segmentSearchVcpuSeconds(100_000, 768, 128);
    // By hand: 0.25^0.27 = exp(0.27 × -1.386294) = 0.687771.
    expect(model).toBeCloseTo(0.6878, 4);
    const measured = runs.map(({ rows }) => (row(rows, 25_000, 1).hnsw_ef128_cpu_ms - A) / (row(rows, 100_000, 1).hnsw_ef128_cpu_ms - A));
    // (2.56 - 0.19) / (3.56 - 0.19) = 0.703 and (2.05 - 0.19) / (2.43 - 0.19) = 0.830.
    expect(measured[0]).toBeCloseTo(0.703, 2);
    expect(measured[1]).toBeCloseTo(0.83, 2);
    for (const m of measured) expect(Math.abs(m / model - 1)).toBeLessThan(0.25);
  });
  it('the same build steps give graphs whose search costs differ by up to 1.5x between runs (100,000 points: 3.56 and 2.43 ms)', () => {
    const [a, b] = runs.map(({ rows }) => row(rows, 100_000, 1).hnsw_ef128_cpu_ms);
    expect(a! / b!).toBeGreaterThan(1.4);
    expect(a! / b!).toBeLessThan(1.5);
  });
});
