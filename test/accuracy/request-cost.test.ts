/**
 * The fixed CPU of a search and the full scan's per-point cost (src/topology/throughput.ts REQUEST_COST, FULL_SCAN;
 * docs/topology.md section 6, "The request, measured") against the real Qdrant v1.19.0 server at saturation (s48:
 * test/calibration/request_cost.py, data/calibration/request-cost/v1.19.0.json; the server pinned to one CPU, 16
 * searches in flight; s49 added the query's dimension and API, REST and gRPC). The constants are refitted here from the
 * measured rows; nothing is taken from the model's output.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FULL_SCAN, REQUEST_COST, requestVcpuSeconds } from '../../src/topology/index.js';

interface Row {
  spec: string;
  n: number;
  d: number;
  shards: number;
  peers: number;
  segments_asked: number;
  /** How the searches were sent (s49): rest3 (JSON, 3 decimals a component: every s48 row, which has no field), rest (JSON, float32 values in full) or grpc. */
  api?: 'rest3' | 'rest' | 'grpc';
  placement?: { local: number[]; remote: [number, number][] };
  one_at_a_time_cpu_s_per_search: number;
  saturated_cpu_s_per_search: number;
  saturated_server_cpu_share: number;
}
const rows = (JSON.parse(readFileSync('data/calibration/request-cost/v1.19.0.json', 'utf8')) as { rows: Row[] }).rows;
const remote = (r: Row) => r.placement?.remote.length ?? 0;
const api = (r: Row) => r.api ?? 'rest3';
/**
 * The fixed terms' multipliers of a run: the request; its parse of the query's D components as 3-decimal JSON, full
 * JSON or gRPC; its shards; its segments (every shard's); its remote shards, called for a REST or a gRPC search; and
 * the query's components in those calls.
 */
const fixedTerms = (r: Row) => [
  1,
  api(r) === 'rest3' ? r.d : 0,
  api(r) === 'rest' ? r.d : 0,
  api(r) === 'grpc' ? r.d : 0,
  r.shards,
  r.shards * r.segments_asked,
  api(r) === 'grpc' ? 0 : remote(r),
  api(r) === 'grpc' ? remote(r) : 0,
  remote(r) * r.d,
];
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
const fit = relativeLeastSquares(fixedRows.map(fixedTerms), fixedRows.map((r) => r.saturated_cpu_s_per_search));
const [request, perDimRest3, perDimRest, perDimGrpc, shard, segment, remoteRest, remoteGrpc, remotePerDim] = fit;
const fixedOf = (r: Row) => fixedTerms(r).reduce((a, t, i) => a + t * fit[i]!, 0);
/** The scans on one shard whose vectors outgrow the L3 cache: per point, what is left after the fixed terms. */
const scanRows = rows.filter((r) => r.n >= 1000 && r.shards === 1 && r.n * r.d * 4 > L3_BYTES);
const perPoint = (r: Row) => (r.saturated_cpu_s_per_search - fixedOf(r)) / r.n;
const [scanC, scanB] = relativeLeastSquares(scanRows.map((r) => [1, r.d]), scanRows.map(perPoint));

describe('the request and the full scan on the real v1.19.0 server, saturated (request_cost.py)', () => {
  it('holds the runs: one-point collections of 1-16 shards, 1-8 segments, 1 and 3 peers, 64-3072 dims over REST and gRPC; scans of 1,000-200,000 points at 64-1536 dims; the server busy', () => {
    expect(fixedRows.length).toBeGreaterThanOrEqual(31);
    expect(new Set(fixedRows.map((r) => r.peers ?? 1))).toEqual(new Set([1, 3]));
    expect(Math.max(...fixedRows.map((r) => r.shards))).toBe(16);
    expect(Math.max(...fixedRows.map((r) => r.segments_asked))).toBe(8);
    for (const a of ['rest', 'grpc'] as const) {
      expect(new Set(fixedRows.filter((r) => api(r) === a && (r.peers ?? 1) === 1 && r.shards === 1).map((r) => r.d))).toEqual(new Set([64, 384, 768, 1536, 3072]));
      expect(fixedRows.filter((r) => api(r) === a && remote(r) > 0).length, a).toBeGreaterThanOrEqual(3);
    }
    expect(scanRows.length).toBeGreaterThanOrEqual(5);
    // Saturated: the server's one CPU was busy all the while.
    for (const r of rows) expect(r.saturated_server_cpu_share, r.spec).toBeGreaterThan(0.95);
  });

  it('the fixed terms refit to REQUEST_COST (each within 2% of its rounding), and every one-point run is within 8.5% of them, all but four within 5%', () => {
    for (const [fitted, constant] of [
      [request!, REQUEST_COST.request],
      [perDimRest!, REQUEST_COST.perDim.rest],
      [perDimGrpc!, REQUEST_COST.perDim.grpc],
      [shard!, REQUEST_COST.shard],
      [segment!, REQUEST_COST.segment],
      [remoteRest!, REQUEST_COST.remoteShard.rest],
      [remoteGrpc!, REQUEST_COST.remoteShard.grpc],
      [remotePerDim!, REQUEST_COST.remotePerDim],
    ] as const)
      expect(Math.abs(fitted / constant - 1)).toBeLessThan(0.02);
    const errors = fixedRows.map((r) => Math.abs(fixedOf(r) / r.saturated_cpu_s_per_search - 1));
    for (const [i, e] of errors.entries()) expect(e, fixedRows[i]!.spec).toBeLessThan(0.085);
    expect(errors.filter((e) => e > 0.05).length).toBeLessThanOrEqual(4);
  });

  it('the query vector is parsed once a search: REST JSON costs 7-10 times gRPC a component, and a 1536-d REST search pays 0.10-0.12 ms more than gRPC on one shard', () => {
    expect(perDimRest! / perDimGrpc!).toBeGreaterThan(7);
    expect(perDimRest! / perDimGrpc!).toBeLessThan(10);
    // 3 decimals a component ("-0.123", 6-7 bytes) parse faster than a client's full float32 values (19-20 bytes).
    expect(perDimRest3!).toBeLessThan(perDimRest!);
    const at = (d: number, a: string) => rows.find((r) => r.n === 1 && r.d === d && r.shards === 1 && (r.peers ?? 1) === 1 && api(r) === a)!.saturated_cpu_s_per_search;
    expect(at(1536, 'rest') - at(1536, 'grpc')).toBeGreaterThan(1.0e-4);
    expect(at(1536, 'rest') - at(1536, 'grpc')).toBeLessThan(1.2e-4);
    // By hand from the constants: 768-d REST 1.12e-4 + 768 x 7.66e-8 = 1.708e-4 s; gRPC 1.12e-4 + 768 x 9.2e-9 = 1.191e-4 s.
    expect(requestVcpuSeconds(768, 'rest')).toBeCloseTo(1.708e-4, 7);
    expect(requestVcpuSeconds(768, 'grpc')).toBeCloseTo(1.191e-4, 7);
  });

  it('a shard on another peer costs 10-20 times one on the receiving peer: each is an internal gRPC call, dearer behind a REST search', () => {
    for (const p of [remoteRest!, remoteGrpc!]) {
      expect(p / shard!).toBeGreaterThan(10);
      expect(p / (shard! + segment!)).toBeLessThan(20);
    }
    expect(remoteRest! / remoteGrpc!).toBeGreaterThan(1.3);
    // The s48 cluster runs (3 decimals over REST, 64-d): the 2 and 4 remote shards each add 0.22-0.23 ms over the same shards on one peer.
    const single = (shards: number) => rows.find((r) => r.n === 1 && r.d === 64 && api(r) === 'rest3' && r.shards === shards && r.segments_asked === 1 && (r.peers ?? 1) === 1);
    for (const r of fixedRows.filter((x) => remote(x) > 0 && api(x) === 'rest3')) {
      const alone = single(r.shards)?.saturated_cpu_s_per_search ?? request! + r.d * perDimRest3! + r.shards * (shard! + segment!);
      const each = (r.saturated_cpu_s_per_search - alone) / remote(r);
      expect(each, r.spec).toBeGreaterThan(2.0e-4);
      expect(each, r.spec).toBeLessThan(2.4e-4);
    }
  });

  it('why REST pays more a remote shard: its threads switch 10.0 times a remote call where gRPC\'s switch 6.0 (remote_wakeups.py, one search at a time, 1 and 3 peers)', () => {
    interface Wake { spec: string; voluntary_switches_per_search: number; cpu_s_per_search: number }
    const wake = (JSON.parse(readFileSync('data/calibration/request-cost/remote-wakeups-v1.19.0.json', 'utf8')) as { rows: Wake[] }).rows;
    const at = (spec: string) => wake.find((w) => w.spec === spec)!.voluntary_switches_per_search;
    // 3 shards of one point, RF 1: on one peer none is remote, on 3 peers 2 are. (27.86 - 7.79) / 2 = 10.0 over REST,
    // (20.58 - 8.51) / 2 = 6.0 over gRPC: the REST search's internal calls park and wake 4 more threads each.
    const perRemote = (api: string) => (at(`3:${api}`) - at(`1:${api}`)) / 2;
    expect(perRemote('rest')).toBeCloseTo(10.0, 1);
    expect(perRemote('grpc')).toBeCloseTo(6.0, 1);
    // On one peer (no remote call) the two APIs switch alike: 7.8 and 8.5 a search.
    expect(Math.abs(at('1:rest') - at('1:grpc'))).toBeLessThan(1);
  });

  it('the scan refits to FULL_SCAN (within 2%), every scan past the L3 cache within 4%, and scans in the cache cost less (the model on the safe side)', () => {
    expect(Math.abs(scanC! / FULL_SCAN.c - 1)).toBeLessThan(0.02);
    expect(Math.abs(scanB! / FULL_SCAN.b - 1)).toBeLessThan(0.02);
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
