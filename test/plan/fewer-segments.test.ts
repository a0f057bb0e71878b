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
 * (3.81e-8 + 2.47e-10 × 768) = 3.797359e-4 s). The collection is float32: its walk reads 4 bytes a dimension
 * (SCORED_BYTES, s51), w(n) = 9.884275e-4 × 1.52 × (n / 1e5)^0.27 below 100,000 points and 9.884275e-4 × (0.74 × (n /
 * 1e5)^0.45 + 0.78) above; scalar int8 reads 1, w(n) = 9.884275e-4 × 0.74 × (n / 1e5)^γ.
 * - Qdrant's default on a 63-CPU pod (Standard_E64s_v5), the replication factor given as 2: one replica per peer steps
 *   the reads phase on to 15 shards on 30 peers (test/plan/reads-bound-shards.test.ts works it: 932.45 vCPU, 62.16 a
 *   survivor ≤ 62.5), 7 indexed segments of 9,286 points a shard, $88,422.59. Its critical path, 1 of 7 segment
 *   searches: r + h + g + w(9,286) + tail = 1.360922e-3 s, p99 floor 4.67 × 1.360922 / 1.306146 = 4.866 ms.
 * - default_segment_number 2 on a 31-CPU pod (Standard_E32s_v5): 2 shards of 500,000 points on 4 peers, max(2 − 1,
 *   ceil(1.536e9 B / max_segment_size)) = 1 indexed segment of 498,333 points, w = 9.884275e-4 × (0.74 × 4.98333^0.45
 *   (2.060079) + 0.78) = 2.277657e-3 s; c = h + g + w + tail = 2.677026e-3 s; m = 2 × (1 − 2 / 4) = 1; need = 6,000 ×
 *   (r + p + 2 c) / 0.6 = 57.721 vCPU, a survivor of a lost peer carries half, 28.86 ≤ 31; p99 floor 4.67 × 2.847855 /
 *   1.306146 = 10.18 ms. 4 × $2.016 × 730 h = $5,886.72 + data and snapshot volumes 4 × 10 GiB × $0.0812 = $3.25 +
 *   $3.25 + snapshots 4 GiB × $0.018 = $0.07 + AKS $73.00 = $5,966.29.
 * - Allowed to change the collection, scalar int8 with default_segment_number 2: 3 shards of 333,333 points on 3 ×
 *   Standard_E32s_v5, 1 indexed segment of 331,666, w = 9.884275e-4 × 0.74 × 3.316663^0.45 (1.715203) = 1.254562e-3 s;
 *   c = h + g + w + tail = 1.653798e-3 s; on 3 peers 3 × (1 − 2 / 3) = 1 remote shard; need = 6,000 × (r + p + 3 c) /
 *   0.6 = 53.794 vCPU; a survivor of a lost peer 1/2 (26.90 ≤ 31). 3 × $2.016 × 730 h = $4,415.04 + data and snapshot
 *   volumes 2 × 30 GiB × $0.0812 = $2.44 + $2.44 + snapshots 4 GiB × $0.018 = $0.07 + AKS $73.00 = $4,492.99 (the plan
 *   of s39-s50, when every walk was charged int8's bytes, without the quantization).
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

  it('the plan keeps the collection as given (allowQuantizationChanges off): 30 × Standard_E64s_v5, 7 segments a shard, 932.5 vCPU', () => {
    expect([r.plan.peers, r.plan.node.instanceType, r.plan.cost.monthlyUsd]).toEqual([30, 'Standard_E64s_v5', 88_422.59]);
    expect(r.plan.variant).toBe('as configured');
    expect(r.plan.queryCpu?.vcpuNeeded).toBeCloseTo(932.452, 2);
  });

  it('the segments alternative: 4 × Standard_E32s_v5 at $5,966.29, one segment a shard, 57.7 vCPU, outside the constraints', () => {
    expect(alt).toBeDefined();
    expect([alt!.plan.peers, alt!.plan.node.instanceType, alt!.plan.cost.monthlyUsd]).toEqual([4, 'Standard_E32s_v5', 5_966.29]);
    expect(alt!.monthlyDeltaUsd).toBe(-82_456.3);
    expect(alt!.label).toContain('default_segment_number 2 (fewer, larger segments)');
    expect(alt!.plan.queryCpu?.vcpuNeeded).toBeCloseTo(57.721, 2);
    expect(alt!.passesAllChecks).toBe(true);
    expect(alt!.violates).toEqual(['changes the collection (allowQuantizationChanges is off)']);
    expect(alt!.plan.checks.find((k) => k.id === 'indexed')?.detail).toMatch(/2 shards × 1 segment of ~500k points/);
  });

  it('the p99 floors: 4.9 ms for 1 of 7 segment searches side by side, 10.2 ms for one segment of 498,333', () => {
    const floor = (d: string | undefined) => Number(/floor ≈ ([\d.]+) ms/.exec(d ?? '')?.[1]);
    const plan = r.plan.checks.find((k) => k.id === 'p99-latency')?.detail;
    expect(floor(plan)).toBe(4.9);
    expect(plan).toContain('scaled to 1 of 7 segment searches, side by side on 63 CPUs');
    const fewer = alt!.plan.checks.find((k) => k.id === 'p99-latency')?.detail;
    expect(floor(fewer)).toBe(10.2);
    expect(fewer).toContain('scaled to 1 segment search)');
  });

  it('allowed to change the collection, the plan sets scalar int8 and default_segment_number 2, and the files carry them', () => {
    const allowed = recommend(workload, { ...constraints, allowQuantizationChanges: true });
    expect([allowed.plan.peers, allowed.plan.node.instanceType, allowed.plan.cost.monthlyUsd]).toEqual([3, 'Standard_E32s_v5', 4_492.99]);
    expect(allowed.plan.variant).toBe('scalar int8 quantization, default_segment_number 2');
    expect(allowed.plan.queryCpu?.vcpuNeeded).toBeCloseTo(53.794, 2);
    expect(allowed.plan.workload.collection.optimizers_config?.default_segment_number).toBe(2);
    const body = renderCollectionRequests(allowed.plan)[0]!.body as { optimizers_config?: { default_segment_number?: number }; shard_number?: number; vectors?: { quantization_config?: { scalar?: { type?: string } } } };
    expect([body.optimizers_config?.default_segment_number, body.shard_number, body.vectors?.quantization_config?.scalar?.type]).toEqual([2, 3, 'int8']);
    // The other segment setting is then the alternative: Qdrant's default with the same quantization, $11,853.01.
    const back = allowed.alternatives.find((a) => a.group === 'segments');
    expect([back?.plan.cost.monthlyUsd, back?.plan.variant]).toEqual([11_853.01, 'scalar int8 quantization']);
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
  it('7 segments on 63 CPUs wait for one segment search (1.940764e-3 s), on 2 CPUs for four (6.072363e-3 s), on 1 CPU for the whole cost', () => {
    // float32 (4 bytes a dimension): w(71,190.4) = 9.884275e-4 × 1.52 × 0.912334 = 1.370699e-3; r + h + (g + w) + tail =
    // 1.708288e-4 + 1.3e-5 + 1.377199e-3 + 3.797359e-4 = 1.940764e-3; with 4 (g + w) 6.072363e-3.
    expect(searchPathVcpuSeconds({ ...q, cpus: 63 })).toBeCloseTo(1.940764e-3, 8);
    expect(searchPathVcpuSeconds({ ...q, cpus: 2 })).toBeCloseTo(6.072363e-3, 8);
    expect(searchPathVcpuSeconds({ ...q, cpus: 1 })).toBeCloseTo(perSearch(q), 12);
  });
  it("the reference run's own layout (7 segments of 1M × 1536-d on 8 vCPUs, int8 codes: 1 byte a dimension) gives its published 4.67 ms", () => {
    const ref = queryCpu(1, 1, { dim: QUERY_REF.dim, api: QUERY_REF.api, ef: QUERY_REF.ef, pointsPerShard: QUERY_REF.points, segmentsPerShard: QUERY_REF.segments, cpus: QUERY_REF.vcpus, scoredBytesPerDim: 1 });
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
