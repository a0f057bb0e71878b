/**
 * The fixed CPU of a search and the full scan's per-point cost (src/topology/throughput.ts REQUEST_COST, FULL_SCAN;
 * docs/topology.md section 6, "The request, measured") against the real Qdrant v1.19.0 server at saturation (s48:
 * test/calibration/request_cost.py, data/calibration/request-cost/v1.19.0.json; the server pinned to one CPU, 16
 * searches in flight). The constants are refitted here from the measured rows; nothing is taken from the model's output.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FULL_SCAN, REQUEST_COST } from '../../src/topology/index.js';

interface Row {
  spec: string;
  n: number;
  d: number;
  shards: number;
  peers: number;
  segments_asked: number;
  placement?: { local: number[]; remote: [number, number][] };
  one_at_a_time_cpu_s_per_search: number;
  saturated_cpu_s_per_search: number;
  saturated_server_cpu_share: number;
}
const rows = (JSON.parse(readFileSync('data/calibration/request-cost/v1.19.0.json', 'utf8')) as { rows: Row[] }).rows;
const remote = (r: Row) => r.placement?.remote.length ?? 0;
/** The fixed terms' multipliers of a run: the request, its shards, its segments (every shard's), its remote shards. */
const fixedTerms = (r: Row) => [1, r.shards, r.shards * r.segments_asked, remote(r)];
/** The L3 cache of the calibration machine (lscpu: 16 MiB, AMD EPYC): vectors past it are scanned from memory. */
const L3_BYTES = 16 * 2 ** 20;

/** Least squares of the relative error: minimizes Σ (x · a_i / y_i − 1)², by the normal equations. */
function relativeLeastSquares(a: number[][], y: number[]): number[] {
  const k = a[0]!.length;
  const m = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  a.forEach((row, i) => {
    const z = row.map((v) => v / y[i]!);
    for (let p = 0; p < k; p++) {
      for (let q = 0; q < k; q++) m[p]![q]! += z[p]! * z[q]!;
      m[p]![k]! += z[p]!;
    }
  });
  for (let c = 0; c < k; c++) {
    const piv = m.slice(c).reduce((b, r, i) => (Math.abs(r[c]!) > Math.abs(m[b]![c]!) ? i + c : b), c);
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let q = c; q <= k; q++) m[r]![q]! -= f * m[c]![q]!;
    }
  }
  return m.map((r, i) => r[k]! / r[i]!);
}

const fixedRows = rows.filter((r) => r.n === 1);
const [request, shard, segment, remoteShard] = relativeLeastSquares(fixedRows.map(fixedTerms), fixedRows.map((r) => r.saturated_cpu_s_per_search));
const fixedOf = (r: Row) => request! + r.shards * shard! + r.shards * r.segments_asked * segment! + remote(r) * remoteShard!;
/** The scans on one shard whose vectors outgrow the L3 cache: per point, what is left after the fixed terms. */
const scanRows = rows.filter((r) => r.n >= 1000 && r.shards === 1 && r.n * r.d * 4 > L3_BYTES);
const perPoint = (r: Row) => (r.saturated_cpu_s_per_search - fixedOf(r)) / r.n;
const [scanC, scanB] = relativeLeastSquares(scanRows.map((r) => [1, r.d]), scanRows.map(perPoint));

describe('the request and the full scan on the real v1.19.0 server, saturated (request_cost.py)', () => {
  it('holds the runs: one-point collections of 1-16 shards, 1-8 segments, 1 and 3 peers; scans of 1,000-200,000 points at 64-1536 dims; the server busy', () => {
    expect(fixedRows.length).toBeGreaterThanOrEqual(9);
    expect(new Set(fixedRows.map((r) => r.peers ?? 1))).toEqual(new Set([1, 3]));
    expect(Math.max(...fixedRows.map((r) => r.shards))).toBe(16);
    expect(Math.max(...fixedRows.map((r) => r.segments_asked))).toBe(8);
    expect(scanRows.length).toBeGreaterThanOrEqual(5);
    // Saturated: the server's one CPU was busy all the while.
    for (const r of rows) expect(r.saturated_server_cpu_share, r.spec).toBeGreaterThan(0.95);
  });

  it('the fixed terms refit to REQUEST_COST (each within 2% of its rounding), and every one-point run is within 6% of them', () => {
    for (const [fit, constant] of [
      [request!, REQUEST_COST.request],
      [shard!, REQUEST_COST.shard],
      [segment!, REQUEST_COST.segment],
      [remoteShard!, REQUEST_COST.remoteShard],
    ] as const)
      expect(Math.abs(fit / constant - 1)).toBeLessThan(0.02);
    for (const r of fixedRows) expect(Math.abs(fixedOf(r) / r.saturated_cpu_s_per_search - 1), r.spec).toBeLessThan(0.06);
  });

  it('a shard on another peer costs 10-20 times one on the receiving peer: each is an internal gRPC call', () => {
    expect(remoteShard! / shard!).toBeGreaterThan(10);
    expect(remoteShard! / (shard! + segment!)).toBeLessThan(20);
    // The cluster runs: the 2 and 4 remote shards each add 0.22-0.23 ms over the same shards on one peer.
    const single = (shards: number) => rows.find((r) => r.n === 1 && r.shards === shards && r.segments_asked === 1 && (r.peers ?? 1) === 1);
    for (const r of fixedRows.filter((x) => remote(x) > 0)) {
      const alone = single(r.shards)?.saturated_cpu_s_per_search ?? request! + r.shards * (shard! + segment!);
      const each = (r.saturated_cpu_s_per_search - alone) / remote(r);
      expect(each, r.spec).toBeGreaterThan(2.0e-4);
      expect(each, r.spec).toBeLessThan(2.4e-4);
    }
  });

  it('the scan refits to FULL_SCAN (within 3%), every scan past the L3 cache within 4%, and scans in the cache cost less (the model on the safe side)', () => {
    expect(Math.abs(scanC! / FULL_SCAN.c - 1)).toBeLessThan(0.03);
    expect(Math.abs(scanB! / FULL_SCAN.b - 1)).toBeLessThan(0.03);
    for (const r of scanRows) expect(Math.abs((FULL_SCAN.c + FULL_SCAN.b * r.d) / perPoint(r) - 1), r.spec).toBeLessThan(0.04);
    for (const r of rows.filter((x) => x.n >= 5000 && x.shards === 1 && x.n * x.d * 4 <= L3_BYTES)) expect(perPoint(r), r.spec).toBeLessThan(FULL_SCAN.c + FULL_SCAN.b * r.d);
  });

  it('one search at a time costs 1.04-1.7 times saturated (a server that waits parks and wakes its threads), most for the smallest searches', () => {
    for (const r of rows) {
      const ratio = r.one_at_a_time_cpu_s_per_search / r.saturated_cpu_s_per_search;
      expect(ratio, r.spec).toBeGreaterThan(1.03);
      expect(ratio, r.spec).toBeLessThan(1.7);
    }
  });

  it('until s48 the model charged 0.463 ms a shard (one at a time, beside other jobs): 3.5 times a one-shard search, 17.7 times a 16-shard one', () => {
    const oneShard = rows.find((r) => r.spec === '1:64:1:1')!.saturated_cpu_s_per_search;
    const sixteen = rows.find((r) => r.spec === '1:64:16:1')!.saturated_cpu_s_per_search;
    expect(4.63e-4 / oneShard).toBeCloseTo(3.5, 1);
    expect((16 * 4.63e-4) / sixteen).toBeCloseTo(17.7, 0);
  });
});
