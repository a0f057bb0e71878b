/**
 * Fewer segments for a query load (FEWER_SEGMENTS, src/plan/variants.ts; docs/topology.md section 9), and the p99
 * floor's critical path (searchPathVcpuSeconds, src/topology/throughput.ts; docs/topology.md section 6), worked by hand.
 *
 * The search cost, from docs/topology.md section 6 with an independent calculator (s49's request model): over REST
 * (the default API) the request r = 1.12e-4 + D × 7.66e-8 s once a search (1.708288e-4 at 768-d), p = 2.32e-4 + D ×
 * 1.98e-8 s for each shard it reaches on another peer (2.472064e-4 at 768-d), each shard h = 1.3e-5 s and each of its
 * segments g = 6.5e-6 s; a scanned point 3.81e-8 + 2.47e-10 × D s;
 *   k = (1 / 120.3625 − r_ref − h − 7 g) / 7 / (1e6 / 7 / 1e5)^0.45 = 9.884275e-4 s, the reference's request over gRPC,
 *   its client's API (r_ref = 1.12e-4 + 1536 × 9.2e-9 = 1.261312e-4); dimension factor at 768-d 0.48 + 0.26 = 0.74; the
 *   reference's critical path r_ref + h + g + w_ref = 1.306146e-3 s (its 7 segments on 8 vCPUs, side by side), against
 *   which its single-client p99 of 4.67 ms scales.
 * 1M × 768-d at 6,000 QPS, RF 2, on azure: a tail of round(0.5 × 10,240,000 / 3,072) = 1,667 points a shard (1,667 ×
 * (3.81e-8 + 2.47e-10 × 768) = 3.797359e-4 s):
 * - Qdrant's default on a 63-CPU pod (Standard_E64s_v5): 2 shards of 500,000 points, 7 indexed segments of 71,190,
 *   under 100,000, so the size term is (71,190 / 1e5)^0.27 = 0.912332 (s47; 0.45 above 100,000 points), w = 9.884275e-4
 *   × 0.74 × 0.912332 = 6.673132e-4 s; c = h + 7 (g + w) + tail = 5.109428e-3 s; on 4 peers a search reaches 2 × (1 − 2 /
 *   4) = 1 shard remotely; need = 6,000 × (r + p + 2 c) / 0.6 = 106.369 vCPU (105.844 in s48, when the request did not
 *   parse the query; 111.039 before s48, the request 0.463 ms a shard); the critical path 1 of 7 segment searches:
 *   r + h + g + w + tail = 1.237378e-3 s, p99 floor 4.67 × 1.237378 / 1.306146 = 4.424 ms.
 * - default_segment_number 2 on a 31-CPU pod (Standard_E32s_v5): 3 shards of 333,333 points, max(2 − 1,
 *   ceil(1.024e9 B / max_segment_size)) = 1 indexed segment of 331,666 points, w = 9.884275e-4 × 0.74 × 3.316663^0.45
 *   (1.715203) = 1.254562e-3 s; c = h + g + w + tail = 1.653798e-3 s; on 3 peers 3 × (1 − 2 / 3) = 1 remote shard;
 *   need = 6,000 × (r + p + 3 c) / 0.6 = 53.794 vCPU; the busiest of 3 peers carries 1/3 (17.93 vCPU), a survivor of a
 *   lost peer 1/2 (26.90 ≤ 31); p99 floor 4.67 × 1.824626 / 1.306146 = 6.524 ms. 3 × $2.016 × 730 h = $4,415.04 + data
 *   and snapshot volumes 2 × 30 GiB × $0.0812 = $2.44 + $2.44 + snapshots 4 GiB × $0.018 = $0.07 + AKS $73.00 =
 *   $4,492.99, against the plan's 4 × Standard_E64s_v5 at $11,853.01 (s39, replication.test.ts). Before s48 (the request
 *   0.463 ms a shard) it was 2 shards on 4 × Standard_E32s_v5 at $5,966.29, 49.92 vCPU.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { recommend } from '../../src/plan/index.js';
import { renderCollectionRequests } from '../../src/emit/collection.js';
import { FEWER_SEGMENTS, workloadVariants } from '../../src/plan/variants.js';
import { Workload } from '../../src/spec/workload.js';
import { queryCpu, searchPathVcpuSeconds, vcpuSecondsPerSearch as perSearch, vcpuSecondsPerShardSearch, QUERY_REF } from '../../src/topology/throughput.js';

const workload = { points: 1e6, collection: { vectors: { size: 768, distance: 'Cosine' as const } } };
const constraints = { replicationFactor: 2, query: { qps: 6000 }, placement: { cloud: 'azure' as const } };

describe('default_segment_number 2 for a query load, by hand', () => {
  const r = recommend(workload, constraints);
  const alt = r.alternatives.find((a) => a.group === 'segments');

  it('the plan keeps the collection as given (allowQuantizationChanges off): 4 × Standard_E64s_v5, 7 segments a shard, 106.4 vCPU', () => {
    expect([r.plan.peers, r.plan.node.instanceType, r.plan.cost.monthlyUsd]).toEqual([4, 'Standard_E64s_v5', 11_853.01]);
    expect(r.plan.variant).toBe('as configured');
    expect(r.plan.queryCpu?.vcpuNeeded).toBeCloseTo(106.369, 2);
  });

  it('the segments alternative: 3 × Standard_E32s_v5 at $4,492.99, one segment a shard, 53.8 vCPU, outside the constraints', () => {
    expect(alt).toBeDefined();
    expect([alt!.plan.peers, alt!.plan.node.instanceType, alt!.plan.cost.monthlyUsd]).toEqual([3, 'Standard_E32s_v5', 4_492.99]);
    expect(alt!.monthlyDeltaUsd).toBe(-7_360.02);
    expect(alt!.label).toContain('default_segment_number 2 (fewer, larger segments)');
    expect(alt!.plan.queryCpu?.vcpuNeeded).toBeCloseTo(53.794, 2);
    expect(alt!.passesAllChecks).toBe(true);
    expect(alt!.violates).toEqual(['changes the collection (allowQuantizationChanges is off)']);
    expect(alt!.plan.checks.find((k) => k.id === 'indexed')?.detail).toMatch(/3 shards × 1 segment of ~333k points/);
  });

  it('the p99 floors: 4.42 ms for 1 of 7 segment searches side by side, 6.52 ms for one segment of 331,666', () => {
    const floor = (d: string | undefined) => Number(/floor ≈ ([\d.]+) ms/.exec(d ?? '')?.[1]);
    const plan = r.plan.checks.find((k) => k.id === 'p99-latency')?.detail;
    expect(floor(plan)).toBe(4.4);
    expect(plan).toContain('scaled to 1 of 7 segment searches, side by side on 63 CPUs');
    const fewer = alt!.plan.checks.find((k) => k.id === 'p99-latency')?.detail;
    expect(floor(fewer)).toBe(6.5);
    expect(fewer).toContain('scaled to 1 segment search)');
  });

  it('allowed to change the collection, the plan sets default_segment_number 2, and the files carry it', () => {
    const allowed = recommend(workload, { ...constraints, allowQuantizationChanges: true });
    expect([allowed.plan.peers, allowed.plan.node.instanceType, allowed.plan.cost.monthlyUsd]).toEqual([3, 'Standard_E32s_v5', 4_492.99]);
    expect(allowed.plan.workload.collection.optimizers_config?.default_segment_number).toBe(2);
    const body = renderCollectionRequests(allowed.plan)[0]!.body as { optimizers_config?: { default_segment_number?: number }; shard_number?: number };
    expect([body.optimizers_config?.default_segment_number, body.shard_number]).toEqual([2, 3]);
    // The other segment setting is then the alternative: Qdrant's default, at the plan's $11,853.01.
    const back = allowed.alternatives.find((a) => a.group === 'segments');
    expect([back?.plan.cost.monthlyUsd, back?.plan.variant]).toEqual([11_853.01, 'as configured']);
  });
});

describe('which workloads get the fewer-segments variants', () => {
  const w = Workload.parse(workload);
  it('none without a query load; with one, each storage variant again with default_segment_number 2', () => {
    expect(workloadVariants(w, true).some((v) => v.fewerSegments)).toBe(false);
    const vs = workloadVariants(w, true, true);
    const storage = vs.filter((v) => !v.fewerSegments).map((v) => v.key);
    expect(vs.filter((v) => v.fewerSegments).map((v) => v.key)).toEqual(storage.map((k) => `${k}+fewer-segments`));
    for (const v of vs.filter((x) => x.fewerSegments)) expect(v.workload.collection.optimizers_config?.default_segment_number).toBe(FEWER_SEGMENTS.defaultSegmentNumber);
  });
  it('none when the collection sets its own default_segment_number; its other optimizer settings are kept', () => {
    const own = Workload.parse({ ...workload, collection: { ...workload.collection, optimizers_config: { default_segment_number: 4 } } });
    expect(workloadVariants(own, true, true).some((v) => v.fewerSegments)).toBe(false);
    const threshold = Workload.parse({ ...workload, collection: { ...workload.collection, optimizers_config: { indexing_threshold: 20_000 } } });
    const fewer = workloadVariants(threshold, false, true).find((v) => v.key === 'as-configured+fewer-segments');
    expect(fewer?.workload.collection.optimizers_config).toMatchObject({ indexing_threshold: 20_000, default_segment_number: 2 });
  });
  it('no segments alternative where it would not change the bill: a 2-CPU pod, or peers set by memory', () => {
    // m7i.large: Qdrant sees 2 CPUs in its 1.5-core pod, so default_segment_number is 2 already (1 indexed segment a shard).
    const small = recommend({ points: 200_000, collection: { vectors: { size: 384, distance: 'Cosine' } } }, { query: { qps: 50 }, placement: { instanceType: 'm7i.large' } });
    expect(small.alternatives.filter((a) => a.group === 'segments')).toEqual([]);
    // 100M × 768-d at 100 QPS: 7 × r7g.4xlarge hold the data (README's example), and their CPU is far from the reads.
    const big = recommend({ points: 100e6, collection: { vectors: { size: 768, distance: 'Cosine' } } }, { query: { qps: 100 } });
    expect([big.plan.peers, big.plan.node.instanceType]).toEqual([7, 'r7g.4xlarge']);
    expect(big.alternatives.filter((a) => a.group === 'segments')).toEqual([]);
  });
});

describe('the critical path of one search (searchPathVcpuSeconds)', () => {
  const q = { dim: 768, ef: 128, pointsPerShard: 500_000, segmentsPerShard: 7, tailPoints: 1_667 };
  it('7 segments on 63 CPUs wait for one segment search (1.237378e-3 s), on 2 CPUs for four (3.258817e-3 s), on 1 CPU for the whole cost', () => {
    // r + h + (g + w) + tail = 1.708288e-4 + 1.3e-5 + 6.738132e-4 + 3.797359e-4; with 4 (g + w) 3.258817e-3.
    expect(searchPathVcpuSeconds({ ...q, cpus: 63 })).toBeCloseTo(1.237378e-3, 8);
    expect(searchPathVcpuSeconds({ ...q, cpus: 2 })).toBeCloseTo(3.258817e-3, 8);
    expect(searchPathVcpuSeconds({ ...q, cpus: 1 })).toBeCloseTo(perSearch(q), 12);
  });
  it("the reference run's own layout (7 segments of 1M × 1536-d on 8 vCPUs) gives its published 4.67 ms", () => {
    const ref = queryCpu(1, 1, { dim: QUERY_REF.dim, api: QUERY_REF.api, ef: QUERY_REF.ef, pointsPerShard: QUERY_REF.points, segmentsPerShard: QUERY_REF.segments, cpus: QUERY_REF.vcpus });
    expect(ref.p99FloorMs).toBeCloseTo(4.67, 9);
  });
  it('a full scan of 4 plain segments on 2 CPUs waits for 2 of them: r + h + (whole − h) / 2', () => {
    // The shard's scan h + 4 g + 40,000 × (3.81e-8 + 2.47e-10 × 128) = 2.82764e-3 s; its path over REST (1.12e-4 + 128 ×
    // 7.66e-8) + 1.3e-5 + (2.82764e-3 − 1.3e-5) / 2 = 1.2180480e-4 + 1.3e-5 + 1.40732e-3 = 1.5421248e-3 s.
    const whole = 1.3e-5 + 4 * 6.5e-6 + 40_000 * (3.81e-8 + 2.47e-10 * 128);
    expect(whole).toBeCloseTo(2.82764e-3, 12);
    expect(searchPathVcpuSeconds({ dim: 128, ef: 128, pointsPerShard: 40_000, segmentsPerShard: 4, cpus: 2, vcpuSecondsPerShardSearch: whole })).toBeCloseTo(1.5421248e-3, 12);
  });
  it('property: the critical path is never more than the whole CPU of the search, and never less with fewer CPUs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 128 }),
        fc.integer({ min: 1_000, max: 50_000_000 }),
        fc.integer({ min: 16, max: 4096 }),
        (s, cpus, n, dim) => {
          const input = { dim, ef: 128, pointsPerShard: n, segmentsPerShard: s, tailPoints: Math.min(1_667, Math.floor(n / 2)) };
          const path = searchPathVcpuSeconds({ ...input, cpus });
          return path <= perSearch(input) * (1 + 1e-12) && searchPathVcpuSeconds({ ...input, cpus: Math.max(1, cpus - 1) }) >= path * (1 - 1e-12);
        },
      ),
    );
  });
  it('property: splitting a shard into more segments never lowers the CPU of its search (each segment is searched with the whole ef)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 63 }), fc.integer({ min: 10_000, max: 50_000_000 }), fc.integer({ min: 16, max: 4096 }), (s, n, dim) => {
        const at = (segments: number) => vcpuSecondsPerShardSearch({ dim, ef: 128, pointsPerShard: n, segmentsPerShard: segments });
        return at(s + 1) >= at(s);
      }),
    );
  });
});
