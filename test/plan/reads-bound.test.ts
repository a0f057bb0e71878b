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
 * 1,667 points, and one search of it costs
 *   c = 4.63e-4 + s × 9.545574e-4 × 0.74 × ((n − 1,667) / s / 1e5)^0.45 + 1,667 × 3.4662e-7   (docs/topology.md §6).
 * 80 shards: n = 15,090,079, s = ceil(22.19) = 23 segments of 656,018, c = 3.89177e-2; 300 × 80 × c / 0.6 =
 *   1,556.71 vCPU over 240 replicas, 6.4863 each; two replicas 12.97 ≤ 15, three 19.46 > 15: m = 2, P(80) = 120 peers.
 * 82 shards: n = 14,722,029, s = 22 segments of 669,107, c = 3.75944e-2; 1,541.37 vCPU over 246 replicas, 6.2657 each;
 *   m = 2 and P(82) = ceil(246 / 2) = 123 peers.
 * 40 shards: n = 30,180,158, s = 45 segments of 670,633, c = 7.58861e-2; 1,517.72 vCPU over 120 replicas, 12.648 each;
 *   m = 1 and P(40) = 120 peers.
 * The cluster's CPU hardly moves with S (1,557 / 1,541 / 1,518 vCPU): a shard's segments are capped at 2.09 GB of
 * vectors, so the segments searched per query are about the same whatever the shard number, and fewer shards save only
 * the per-shard request (4.63e-4 s each). Unpinned, the reads phase takes the fewest shards whose one replica fits a pod:
 * 34 shards of 35,506,068 (53 segments of 669,894), c = 8.91482e-2, 1,515.52 vCPU over 102 replicas, 14.858 each ≤ 15
 * (33 shards: 36,582,010 points, 54 segments of 677,414, c = 9.12627e-2, 15.21 > 15), one per peer: 102 peers, with
 * scalar int8 quantization and the originals on disk (allowQuantizationChanges), whose memory holds 1/34 of the points.
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
  it('80 shards: 1,556.7 vCPU, two 6.49-vCPU replicas per 15-vCPU pod: 120 peers', () => {
    const p = recommend(workload, constraints(80), { maxAlternatives: 0 }).plan;
    expect(p.peers).toBe(120);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(1556.71, 1);
  });
  it('82 shards: 1,541.4 vCPU, two 6.27-vCPU replicas per pod: 123 peers', () => {
    const p = recommend(workload, constraints(82), { maxAlternatives: 0 }).plan;
    expect(p.peers).toBe(123);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(1541.37, 1);
  });
  it('40 shards: 1,517.7 vCPU, one 12.65-vCPU replica per pod: 120 peers', () => {
    const p = recommend(workload, constraints(40), { maxAlternatives: 0 }).plan;
    expect(p.peers).toBe(120);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(1517.72, 1);
  });
  it('unpinned, the reads phase takes 34 shards (one replica per peer) on 102 peers, fewer than 80, 82 or 40 shards need', () => {
    const p = recommend(workload, constraints(), { maxAlternatives: 0 }).plan;
    expect([p.shardNumber, p.peers]).toEqual([34, 102]);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(1515.52, 1);
    expect(p.variant).toBe('scalar int8 quantization, originals on disk');
    expect(p.shardReason).toMatch(/^34 shards: fewer than one per peer of 102 peers, 1 shard replica per peer at replication factor 3/);
  });
});
