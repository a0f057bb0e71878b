/**
 * The reads phase's bound P(S) (src/plan/search.ts peersForReads; docs/topology.md section 9, "The reads phase"),
 * worked out by hand on the shipped catalogs for the property-test counterexample it was written for.
 */
import { describe, expect, it } from 'vitest';
import { recommend, type PlanConstraintsInput } from '../../src/plan/index.js';

/*
 * 1,207,206,298 × 768-d points at 300 QPS, RF 3, f 0, on r6i.4xlarge (15.89 allocatable vCPU − 0.4 for DaemonSets,
 * floored to 0.5: 15 vCPU a pod, 15 CPUs to Qdrant), ef 128 (recall 0.99). (The counterexample ran at 1,426 QPS; since
 * s39 prices a shard search per segment, no plan within 400 r6i.4xlarge holds that load: docs/topology.md section 6.)
 * A shard of n points takes s = max(6, ceil(n × 3,072 B / 2.08896e9 B)) indexed segments (default_segment_number 7 less
 * the appendable one; a merged segment at most 204 × 10,240,000 B under max_segment_size 8 × 256,000 KB) and a tail of
 * 1,667 points, and one search of it costs (docs/topology.md §6; s49's request model)
 *   c = h + s × (g + 9.884275e-4 × 0.74 × ((n − 1,667) / s / 1e5)^0.45) + 1,667 × 2.27796e-7,   h = 1.3e-5, g = 6.5e-6,
 * and the whole search r + m × p + S × c, over REST r = 1.12e-4 + 768 × 7.66e-8 = 1.708288e-4, p = 2.32e-4 + 768 ×
 * 1.98e-8 = 2.472064e-4 for each of the m = S × (1 − 3 / P) shards it reaches on other peers of P.
 * 80 shards: n = 15,090,079, s = ceil(22.19) = 23 segments of 656,018, c = 3.976304e-2; on 120 peers m = 78; 300 × (r
 *   + 78 p + 80 c) / 0.6 = 1,600.25 vCPU over 240 replicas, 6.6677 each; two replicas 13.34 ≤ 15, three 20.00 > 15:
 *   2 a pod, P(80) = 120 peers.
 * 82 shards: n = 14,722,028, s = 22 segments of 669,107, c = 3.838630e-2; on 123 peers m = 80; 1,583.81 vCPU over 246
 *   replicas, 6.4383 each; two a pod and P(82) = ceil(246 / 2) = 123 peers.
 * 40 shards: n = 30,180,157, s = 45 segments of 670,633, c = 7.818624e-2; on 120 peers m = 39; 1,568.63 vCPU over 120
 *   replicas, 13.072 each; one a pod and P(40) = 120 peers.
 * The cluster's CPU hardly moves with S (1,600 / 1,584 / 1,569 vCPU): a shard's segments are capped at 2.09 GB of
 * vectors, so the segments searched per query are about the same whatever the shard number, and fewer shards save only
 * each shard's own work and its remote call (h + p, 2.60e-4 s each). Unpinned, the reads phase takes the fewest shards
 * whose one replica fits a pod: 35 shards of 34,491,609 (51 segments of 676,273), c = 8.889036e-2, on 105 peers m = 34,
 * 1,559.87 vCPU over 105 replicas, 14.856 each ≤ 15 (34 shards: 35,506,068 points, 53 segments of 669,894, c =
 * 9.197093e-2, on 102 peers 1,567.67 vCPU, 15.37 each > 15; before s48, the request 0.463 ms a shard and k 3.7% lower,
 * 34 shards passed at 14.86), one per peer: 105 peers, with scalar int8 quantization and the originals on disk
 * (allowQuantizationChanges), whose memory holds 1/35 of the points.
 */
const workload = { points: 1_207_206_298, collection: { vectors: { size: 768, distance: 'Cosine' as const } } };
const constraints = (shardNumber?: number): PlanConstraintsInput => ({
  replicationFactor: 3,
  toleratedNodeFailures: 0,
  query: { qps: 300 },
  allowQuantizationChanges: true,
  ...(shardNumber ? { shardNumber } : {}),
  placement: { instanceType: 'r6i.4xlarge', maxNodes: 400 },
});

describe('the reads bound P(S), by hand', () => {
  it('80 shards: 1,600.2 vCPU, two 6.67-vCPU replicas per 15-vCPU pod: 120 peers', () => {
    const p = recommend(workload, constraints(80), { maxAlternatives: 0 }).plan;
    expect(p.peers).toBe(120);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(1600.25, 1);
  });
  it('82 shards: 1,583.8 vCPU, two 6.44-vCPU replicas per pod: 123 peers', () => {
    const p = recommend(workload, constraints(82), { maxAlternatives: 0 }).plan;
    expect(p.peers).toBe(123);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(1583.81, 1);
  });
  it('40 shards: 1,568.6 vCPU, one 13.07-vCPU replica per pod: 120 peers', () => {
    const p = recommend(workload, constraints(40), { maxAlternatives: 0 }).plan;
    expect(p.peers).toBe(120);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(1568.63, 1);
  });
  it('unpinned, the reads phase takes 35 shards (one replica per peer) on 105 peers, fewer than 80, 82 or 40 shards need', () => {
    const p = recommend(workload, constraints(), { maxAlternatives: 0 }).plan;
    expect([p.shardNumber, p.peers]).toEqual([35, 105]);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(1559.87, 1);
    expect(p.variant).toBe('scalar int8 quantization, originals on disk');
    // Chosen one per peer at the 35 peers memory allows, and run on 105 for the reads.
    expect(p.shardReason).toMatch(/^35 shards: one per peer of 35 peers, 3 shard replicas per peer at replication factor 3/);
    expect(p.shardReason).toContain('The plan runs 105 peers, not the 35 above, for the query load: 105 shard replicas (35 × replication factor 3) over 105 peers, 1 per peer');
  });
});
