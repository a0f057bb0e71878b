/**
 * The write load (constraints.query.writesPerSecond, --writes): every replica applies every write of its shard and
 * builds its own graph, at WRITE_COST × the graph build of one point at the plan's segment size
 * (src/topology/throughput.ts), and the CPU checks add the busiest peer's writes to its reads. The expected values are
 * worked by hand from the constants' sources: WRITE_COST 1.94 (the real server's median, 1.02-2.26x in seven runs of
 * four configs), CPU_BUILD k 4.65e-7, α 5.78, D0 190, at m 16 and ef_construct 100.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../support/fc-seed.js';
import { recommend } from '../../src/plan/recommend.js';
import type { WorkloadInput } from '../../src/spec/workload.js';
import { qsize } from '../cli/run.js';

const w = (points: number): WorkloadInput => ({ points, collection: { vectors: { size: 768, distance: 'Cosine' } } });

/** 1.94 × 4.65e-7 × (ln n / ln 1e5)^5.78 × (768 + 190): one written point, one replica, 768-d, segments of n points. */
const perPoint768 = (n: number) => 1.94 * 4.65e-7 * Math.pow(Math.log(n) / Math.log(1e5), 5.78) * 958;

describe('writes: CPU every replica spends on every write', { timeout: 120_000 }, () => {
  it('10M × 768-d at 2,000 writes a second: 1.536e-3 vCPU-s a point in 333,333-point segments, 10.24 vCPU over RF 2', () => {
    const p = recommend(w(10_000_000), { query: { writesPerSecond: 2000 } }).plan;
    // By hand: 10M / 6 shards / 5 segments = 333,333 points a segment; ln 333,333 / ln 1e5 = 1.10458, ^5.78 =
    // 1.77700; × 4.65e-7 × 958 = 7.9157e-4 (one build), × 1.94 = 1.5356e-3 vCPU-s; × 2,000 × 2 replicas / 0.6 =
    // 10.24 vCPU. The busiest of the 3 peers holds 4 of the 6 shards' replicas, 67.1% of the points by the ring's
    // shares: 0.671 × 2,000 × 1.5356e-3 / 0.6 = 3.43 vCPU of writes, under the 3.5-core pod of an r7g.xlarge.
    expect([p.peers, p.node.instanceType, p.shardNumber, p.replicationFactor]).toEqual([3, 'r7g.xlarge', 6, 2]);
    expect(perPoint768(333_333)).toBeCloseTo(1.5356e-3, 6);
    expect(p.writeCpu?.vcpuSecondsPerPoint).toBeCloseTo(1.5356e-3, 6);
    expect(p.writeCpu?.vcpuCluster).toBeCloseTo(10.238, 2);
    expect(p.writeCpu?.source).toMatch(/server-v1\.19\.0-extra\/write-cost\.json/);
    // The range: one build of each point (× 1, the 1M-point run's 1.02) to the highest run rounded out (× 2.3).
    expect(p.writeCpu!.vcpuSecondsPerPointLow).toBeCloseTo(7.9157e-4, 7);
    expect(p.writeCpu!.vcpuSecondsPerPointHigh).toBeCloseTo(7.9157e-4 * 2.3, 6);
    const cpu = p.checks.find((c) => c.id === 'query-cpu')!;
    expect(cpu.passed).toBe(true);
    expect(cpu.detail).toBe(
      "no query load given; 2k points written per second cost every replica 1.54e-3 vCPU-s a point (range 7.92e-4-1.82e-3, at 333k points a segment), 10.2 vCPU in the cluster at replication factor 2; the busiest peer's 4 replicas hold 67.1% of the points: 3.43 vCPU of writes: 3.43 ≤ 3.5 vCPU limit",
    );
  });

  it('writes alone size CPU (no QPS), and the assumptions say so', () => {
    const r = qsize(['--vectors', '10M', '--dim', '768', '--writes', '2000', '-o', 'markdown']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Load: no query rate given; CPU is not sized from searches; 2k points written per second, applied and indexed by each of the 2 replicas.');
  });

  it('2M × 768-d at 500 QPS and 500 writes a second: RF 5 on 5 × m7i.xlarge, where without writes RF 3 on 3 passed', () => {
    const p = recommend(w(2_000_000), { query: { qps: 500, writesPerSecond: 500 } }).plan;
    // Reads: 6.93 vCPU in the cluster (replication.test.ts). Writes, one shard of 2M in 6 segments of 333,333 points:
    // 1.5356e-3 vCPU-s a point (above); each peer holds the one shard's replica and all its points: 500 × 1.5356e-3 /
    // 0.6 = 1.280 vCPU of writes on every peer. m7i.xlarge pods take 3.5 vCPU. RF 3 on 3: 6.93 / 3 + 1.280 = 3.59 > 3.5,
    // fails. RF 4 on 4: 1.73 + 1.280 = 3.01 passes, but a lost peer leaves 3: 2.31 + 1.280 = 3.59 > 3.5 (a survivor keeps
    // its own writes). RF 5 on 5: after a loss 6.93 / 4 + 1.280 = 3.01 ≤ 3.5.
    expect([p.peers, p.node.instanceType, p.shardNumber, p.replicationFactor]).toEqual([5, 'm7i.xlarge', 1, 5]);
    expect(p.writeCpu?.vcpuBusiestPeer).toBeCloseTo((500 * 1.5356e-3) / 0.6, 3);
    const after = p.checks.find((c) => c.id === 'failure')!;
    expect(after.detail).toMatch(/the busiest survivor then carries 25\.0% of the reads: 3\.01 \(1\.28 of it writes\) of 3\.5 vCPU$/);
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
