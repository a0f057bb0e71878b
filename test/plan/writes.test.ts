/**
 * The write load (constraints.query.writesPerSecond, --writes): every replica applies every write of its shard and
 * builds its own graph (src/topology/throughput.ts WRITE_COST: the request, 1.0e-7 vCPU-s a dimension + 1.0e-5 a point,
 * plus 1.15 × the graph build of one point at the plan's segment size), and the CPU checks add the busiest peer's
 * writes to its reads. The expected values are worked by hand from the constants' sources: the idle real server's
 * request line and builds median (0.97-1.48x in nine runs), CPU_BUILD k 4.65e-7, α 5.78, D0 190, at m 16 and
 * ef_construct 100.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../support/fc-seed.js';
import { recommend } from '../../src/plan/recommend.js';
import type { WorkloadInput } from '../../src/spec/workload.js';
import { qsize } from '../cli/run.js';

const w = (points: number): WorkloadInput => ({ points, collection: { vectors: { size: 768, distance: 'Cosine' } } });

/** One graph build of a 768-d point in a segment of n points: 4.65e-7 × (ln n / ln 1e5)^5.78 × (768 + 190). */
const build768 = (n: number) => 4.65e-7 * Math.pow(Math.log(n) / Math.log(1e5), 5.78) * 958;
/** The request of a 768-d point: 1.0e-7 × 768 + 1.0e-5 = 8.68e-5 vCPU-s. */
const REQUEST_768 = 8.68e-5;

describe('writes: CPU every replica spends on every write', { timeout: 120_000 }, () => {
  it('10M × 768-d at 2,000 writes a second: 9.971e-4 vCPU-s a point in 333,333-point segments, 6.65 vCPU over RF 2', () => {
    const p = recommend(w(10_000_000), { query: { writesPerSecond: 2000 } }).plan;
    // By hand: 10M / 6 shards / 5 segments = 333,333 points a segment; ln 333,333 / ln 1e5 = 1.10458, ^5.78 =
    // 1.77700; × 4.65e-7 × 958 = 7.9157e-4 (one build), × 1.15 = 9.1031e-4, + the request 8.68e-5 = 9.9711e-4 vCPU-s;
    // × 2,000 × 2 replicas / 0.6 = 6.647 vCPU. The busiest of the 3 peers holds 4 of the 6 shards' replicas, 67.1% of
    // the points by the ring's shares: 0.671 × 2,000 × 9.9711e-4 / 0.6 = 2.23 vCPU of writes, under the 3.5-core pod of
    // an r7g.xlarge.
    expect([p.peers, p.node.instanceType, p.shardNumber, p.replicationFactor]).toEqual([3, 'r7g.xlarge', 6, 2]);
    expect(build768(333_333)).toBeCloseTo(7.9157e-4, 7);
    expect(p.writeCpu?.vcpuSecondsPerPoint).toBeCloseTo(9.9711e-4, 7);
    expect(p.writeCpu?.vcpuCluster).toBeCloseTo(6.647, 2);
    expect(p.writeCpu?.source).toMatch(/server-v1\.19\.0-extra\/write-cost-idle\.json/);
    // The range: builds 0.9-1.5x, request 0.25-1.5x (gRPC at the low end): 0.9 × 7.9157e-4 + 0.25 × 8.68e-5 =
    // 7.3411e-4 and 1.5 × (7.9157e-4 + 8.68e-5) = 1.31756e-3.
    expect(p.writeCpu!.vcpuSecondsPerPointLow).toBeCloseTo(0.9 * build768(333_333) + 0.25 * REQUEST_768, 9);
    expect(p.writeCpu!.vcpuSecondsPerPointLow).toBeCloseTo(7.3411e-4, 7);
    expect(p.writeCpu!.vcpuSecondsPerPointHigh).toBeCloseTo(1.31756e-3, 7);
    const cpu = p.checks.find((c) => c.id === 'query-cpu')!;
    expect(cpu.passed).toBe(true);
    // Writes alone: after a loss no read share is named, and each survivor keeps its own replicas' writes (2.23 vCPU).
    expect(p.checks.find((c) => c.id === 'failure')!.detail).toMatch(/the busiest survivor then needs 2\.23 of 3\.5 vCPU for its writes$/);
    expect(cpu.detail).toBe(
      "no query load given; 2k points written per second cost every replica 9.97e-4 vCPU-s a point (range 7.34e-4-1.32e-3, at 333k points a segment), 6.6 vCPU in the cluster at replication factor 2; the busiest peer's 4 replicas hold 67.1% of the points: 2.23 vCPU of writes: 2.23 ≤ 3.5 vCPU limit",
    );
  });

  it('writes alone size CPU (no QPS), and the assumptions say so', () => {
    const r = qsize(['--vectors', '10M', '--dim', '768', '--writes', '2000', '-o', 'markdown']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Load: no query rate given; CPU is not sized from searches; 2k points written per second, applied and indexed by each of the 2 replicas, and each shard\'s WAL holds a flush interval of them beyond its full segments.');
  });

  it('2M × 768-d at 500 QPS and 500 writes a second: RF 5 on 5 × m7i.xlarge, a survivor of a lost peer at 3.49 of its 3.5 vCPU with the writes', () => {
    const p = recommend(w(2_000_000), { query: { qps: 500, writesPerSecond: 500 } }).plan;
    // Reads: 10.642 vCPU in the cluster (replication.test.ts; every peer holds the shard, so no remote calls). Writes,
    // one shard of 2M in 6 segments of 333,333 points: 9.9711e-4 vCPU-s a point (above); each peer holds the one
    // shard's replica and all its points: 500 × 9.9711e-4 / 0.6 = 0.831 vCPU of writes on every peer. m7i.xlarge pods
    // take 3.5 vCPU. RF 4 on 4 after a loss: 10.642 / 3 + 0.831 = 4.38 > 3.5 (3.55 without the writes, which fails
    // too); RF 5 on 5: 10.642 / 4 + 0.831 = 3.49 ≤ 3.5 (a survivor keeps its own writes).
    expect([p.peers, p.node.instanceType, p.shardNumber, p.replicationFactor]).toEqual([5, 'm7i.xlarge', 1, 5]);
    expect(p.writeCpu?.vcpuBusiestPeer).toBeCloseTo((500 * 9.9711e-4) / 0.6, 3);
    const after = p.checks.find((c) => c.id === 'failure')!;
    expect(after.detail).toMatch(/the busiest survivor then carries 25\.0% of the reads: 3\.49 \(0\.83 of it writes\) of 3\.5 vCPU$/);
    // The reason says the writes were sized.
    expect(p.replicationReason).toMatch(/Every replica applies every write: the 500 points written per second are in the CPU checks at 5 replicas\.$/);
  });

  it('with GPU indexing the write figure says it is an upper bound (WRITE_COST was measured with CPU graph builds)', () => {
    const p = recommend(w(10_000_000), { query: { writesPerSecond: 2000 }, gpuIndexing: { enabled: true } }).plan;
    expect(p.checks.find((c) => c.id === 'query-cpu')!.detail).toContain('vCPU of writes (measured with CPU graph builds: with GPU indexing an upper bound)');
  });

  it('no writes given: nothing moves (the check and the plan are those without the write term)', () => {
    const p = recommend(w(2_000_000), { query: { qps: 500 } }).plan;
    expect(p.writeCpu).toBeUndefined();
    expect(p.checks.find((c) => c.id === 'query-cpu')!.detail).not.toMatch(/written/);
  });

  it('--writes takes counts (2k) and refuses bad input naming the flag', () => {
    const bad = qsize(['--vectors', '1M', '--dim', '8', '--writes', '-5']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--writes/);
  });

  it('property: a plan with writes spends RF × writes × the per-point cost on them, its busiest peer fits its writes and reads in its CPU, and it costs no less than the same plan without writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 30_000_000 }), fc.integer({ min: 1, max: 20_000 }), fc.constantFrom(0, 200), (points, writes, qps) => {
        const with_ = recommend(w(points), { query: { qps, writesPerSecond: writes }, placement: { cloud: 'aws' } }, { maxAlternatives: 0 }).plan;
        const without = recommend(w(points), { query: { qps }, placement: { cloud: 'aws' } }, { maxAlternatives: 0 }).plan;
        const wc = with_.writeCpu!;
        expect(wc.vcpuCluster).toBeCloseTo((with_.replicationFactor * writes * wc.vcpuSecondsPerPoint) / 0.6, 6);
        expect(wc.vcpuBusiestPeer).toBeLessThanOrEqual(with_.perPeer.cpuCores + 1e-9);
        expect(with_.cost.monthlyUsd).toBeGreaterThanOrEqual(without.cost.monthlyUsd - 0.01);
      }),
      { numRuns: 8 },
    );
  });
});

describe("one write rate: the workload's own (assumptions.writesPerSecond) when no --writes is given", () => {
  const ww = (writes: number) => ({ ...w(2_000_000), assumptions: { writesPerSecond: writes } });
  it('a spec stating 500 writes a second plans as --writes 500: the same write CPU, WAL and bill', () => {
    const bySpec = recommend(ww(500), { query: { qps: 500 } }).plan;
    const byFlag = recommend(w(2_000_000), { query: { qps: 500, writesPerSecond: 500 } }).plan;
    expect(bySpec.writeCpu?.pointsPerSecond).toBe(500);
    expect(bySpec.writeCpu).toEqual(byFlag.writeCpu);
    expect(bySpec.estimate.lineItems.find((i) => i.id === 'wal')!.bytes).toBe(byFlag.estimate.lineItems.find((i) => i.id === 'wal')!.bytes);
    expect([bySpec.peers, bySpec.replicationFactor, bySpec.cost.monthlyUsd]).toEqual([byFlag.peers, byFlag.replicationFactor, byFlag.cost.monthlyUsd]);
  });
  it('both given and different: the constraint wins, and a warning names both', () => {
    const r = recommend(ww(500), { query: { qps: 500, writesPerSecond: 200 } }, { maxAlternatives: 0 });
    expect(r.plan.writeCpu?.pointsPerSecond).toBe(200);
    expect(r.warnings).toContain("constraints.query.writesPerSecond 200 overrides the workload's assumptions.writesPerSecond 500");
  });
});
