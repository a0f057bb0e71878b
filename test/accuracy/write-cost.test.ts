/**
 * WRITE_COST (src/topology/throughput.ts) against the real-server runs it cites (test/calibration/write_cost.test.ts,
 * Qdrant v1.19.0, the machine idle): the request line is recomputed here as the least-squares line through the runs
 * with indexing off, and each indexed run's builds multiple as (its CPU per point - the request line) / one graph build
 * at its final segment (cpuBuildCoreSecondsPerPoint, the build model checked on its own in build-time.test.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WRITE_COST, cpuBuildCoreSecondsPerPoint } from '../../src/topology/throughput.js';

const DIR = 'data/calibration/server-v1.19.0-extra';
interface Row {
  dim: number;
  points: number;
  indexing?: boolean;
  cpu_s_per_point: number;
  segment_points: number[];
}
const rows = (file: string) => (JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')) as { rows: Row[]; loadavg_end: string }).rows;
const request = [...rows('write-cost-request.json'), ...rows('write-cost-request-run2.json')];
const indexed = [...rows('write-cost-idle.json'), ...rows('write-cost-idle-run2.json'), ...rows('write-cost-1m.json')];
const line = (dim: number) => WRITE_COST.request.rest.vcpuSecondsPerDim * dim + WRITE_COST.request.rest.vcpuSecondsPerPoint;

describe('WRITE_COST against the idle real-server runs', () => {
  it('the request runs were taken with indexing off, 2 of each of 128, 384, 768 and 1536 dimensions', () => {
    expect(request.every((r) => r.indexing === false)).toBe(true);
    expect(request.map((r) => r.dim).sort((a, b) => a - b)).toEqual([128, 128, 384, 384, 768, 768, 1536, 1536]);
  });

  it('the request constants are the least-squares line through those runs, rounded (1.02e-7 a dimension, 1.01e-5 a point)', () => {
    const n = request.length;
    const mx = request.reduce((s, r) => s + r.dim, 0) / n;
    const my = request.reduce((s, r) => s + r.cpu_s_per_point, 0) / n;
    const slope = request.reduce((s, r) => s + (r.dim - mx) * (r.cpu_s_per_point - my), 0) / request.reduce((s, r) => s + (r.dim - mx) ** 2, 0);
    const intercept = my - slope * mx;
    expect(slope).toBeCloseTo(1.02e-7, 9);
    expect(intercept).toBeCloseTo(1.01e-5, 7);
    expect(Math.abs(WRITE_COST.request.rest.vcpuSecondsPerDim / slope - 1)).toBeLessThan(0.03);
    expect(Math.abs(WRITE_COST.request.rest.vcpuSecondsPerPoint / intercept - 1)).toBeLessThan(0.03);
  });

  it('gRPC costs the server 0.28-0.38x of REST for the same upserts, and every gRPC run lies inside the request range (its low end, 0.25x, is the lowest gRPC run rounded out)', () => {
    const g = rows('write-cost-request-grpc.json') as (Row & { protocol: string })[];
    for (const dim of [128, 384, 768, 1536]) {
      const rest = g.find((r) => r.protocol === 'rest' && r.dim === dim)!;
      const grpc = g.find((r) => r.protocol === 'grpc' && r.dim === dim)!;
      const ratio = grpc.cpu_s_per_point / rest.cpu_s_per_point;
      expect(ratio, `${dim}-d`).toBeGreaterThan(0.27);
      expect(ratio, `${dim}-d`).toBeLessThan(0.39);
      // REST by another client (Python's) lies inside the range too.
      for (const r of [rest, grpc]) {
        expect(r.cpu_s_per_point / line(dim), `${r.protocol} ${dim}-d`).toBeGreaterThanOrEqual(WRITE_COST.request.low);
        expect(r.cpu_s_per_point / line(dim), `${r.protocol} ${dim}-d`).toBeLessThanOrEqual(WRITE_COST.request.high);
      }
    }
  });

  it("gRPC's own line: the least squares of the relative error over the four gRPC runs is 2.83e-8 a dimension + 4.32e-6 a point (WRITE_COST.request.grpc within 3%), each run within 3.6%", () => {
    const g = (rows('write-cost-request-grpc.json') as (Row & { protocol: string })[]).filter((r) => r.protocol === 'grpc');
    expect(g.map((r) => r.dim)).toEqual([128, 384, 768, 1536]);
    // Normal equations of Σ ((a·D + b) / y − 1)² in a and b.
    let [sdd, sd1, s11, sd, s1] = [0, 0, 0, 0, 0];
    for (const r of g) {
      const [zd, z1] = [r.dim / r.cpu_s_per_point, 1 / r.cpu_s_per_point];
      [sdd, sd1, s11, sd, s1] = [sdd + zd * zd, sd1 + zd * z1, s11 + z1 * z1, sd + zd, s1 + z1];
    }
    const det = sdd * s11 - sd1 * sd1;
    const a = (sd * s11 - s1 * sd1) / det;
    const b = (sdd * s1 - sd1 * sd) / det;
    expect(a).toBeCloseTo(2.83e-8, 10);
    expect(b).toBeCloseTo(4.32e-6, 8);
    expect(Math.abs(WRITE_COST.request.grpc.vcpuSecondsPerDim / a - 1)).toBeLessThan(0.03);
    expect(Math.abs(WRITE_COST.request.grpc.vcpuSecondsPerPoint / b - 1)).toBeLessThan(0.03);
    for (const r of g) expect(Math.abs((WRITE_COST.request.grpc.vcpuSecondsPerDim * r.dim + WRITE_COST.request.grpc.vcpuSecondsPerPoint) / r.cpu_s_per_point - 1), `${r.dim}-d`).toBeLessThan(0.036);
  });

  it('every request run lies inside the request range (0.25-1.5x the line)', () => {
    for (const r of request) {
      const x = r.cpu_s_per_point / line(r.dim);
      expect(x, `${r.dim}-d`).toBeGreaterThanOrEqual(WRITE_COST.request.low);
      expect(x, `${r.dim}-d`).toBeLessThanOrEqual(WRITE_COST.request.high);
    }
  });

  it('nine indexed runs, each ending in one segment of all its points beside an empty one', () => {
    expect(indexed.length).toBe(9);
    for (const r of indexed) expect(r.segment_points).toEqual([r.points, 0]);
  });

  it('the builds factor is the median of the nine builds multiples (0.97-1.48), and every run lies inside its range', () => {
    const multiples = indexed
      .map((r) => (r.cpu_s_per_point - line(r.dim)) / cpuBuildCoreSecondsPerPoint(r.points, { dim: r.dim, m: 16, efConstruct: 100 }))
      .sort((a, b) => a - b);
    expect(multiples[0]).toBeCloseTo(0.97, 2);
    expect(multiples[8]).toBeCloseTo(1.48, 2);
    expect(Math.abs(multiples[4]! - WRITE_COST.builds.factor)).toBeLessThan(0.01);
    expect(multiples[0]).toBeGreaterThanOrEqual(WRITE_COST.builds.low);
    expect(multiples[8]).toBeLessThanOrEqual(WRITE_COST.builds.high);
  });
});
