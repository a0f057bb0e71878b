/**
 * The reads phase's bound P(S) (src/plan/search.ts peersForReads; docs/topology.md section 9, "The reads phase"),
 * worked out by hand on the shipped catalogs for the property-test counterexample it was written for.
 */
import { describe, expect, it } from 'vitest';
import { recommend, type PlanConstraintsInput } from '../../src/plan/index.js';

/*
 * 1,207,206,298 × 768-d points at 1,426 QPS, RF 3, f 0, on r6i.4xlarge (15.89 allocatable vCPU − 0.4 for DaemonSets,
 * floored to 0.5: 15 vCPU a pod), ef 128 (recall 0.99). Per shard search
 *   c(n) = (8 / 962.9) × (0.905 + 0.095 × 768 / 1536) × log2(n) / log2(1e6) = 0.0083082 × 0.9525 × log2(n) / 19.9316.
 * 80 shards: n = 15,090,079, log2 n = 23.8471, c = 9.4682e-3; 1,426 × 80 × c / 0.6 = 1,800.22 vCPU over 240 replicas,
 *   7.5009 each; two replicas 15.0019 > 15, so m = 1 and P(80) = ceil(240 / 1) = 240 peers.
 * 82 shards: n = 14,722,028, log2 n = 23.8115, c = 9.4541e-3; 1,842.47 vCPU over 246 replicas, 7.4897 each; two
 *   replicas 14.9794 ≤ 15, so m = 2 and P(82) = ceil(246 / 2) = 123 peers.
 * 40 shards (one per peer of the 40 whose memory holds the data: the reads-bound number): n = 30,180,157, log2 n =
 *   24.8471, c = 9.8652e-3; 1,426 × 40 × c / 0.6 = 937.86 vCPU over 120 replicas, 7.8155 each; two 15.6309 > 15, so
 *   m = 1 and P(40) = 120 peers, each holding one replica (1/40 of the data, against 6/80 on 40 peers).
 * One replica per peer: evenly spread, a peer holds RF / P of the data whatever S is, but each peer is sized by its
 * own shard's share of the hash ring (src/model/shard-skew.ts). The memory phase fits 24 shards on 36 peers (2 replicas
 * a peer, the busiest peer 9.2198% of the collection with the ring's exact shares of 24). One replica per peer from 36
 * peers on: 12 shards on 36 hold 1.170833 / 12 = 9.7569% on the busiest peer, over what fit; 13 shards on 39 hold
 * 1.137595 / 13 = 8.7507% (the busiest of 13 exact shares, src/model/hash-ring.ts), under:
 *   n = 92,862,023, log2 n = 26.4686, c = 1.05090e-2; 1,426 × 13 × c / 0.6 = 324.69 vCPU over 39 replicas, 8.33 each
 *   ≤ 15 (f = 0: no loss to absorb): 39 peers. (With the server-measured shares and the expected largest of S shares
 *   for S not measured, memory fitted 40 peers and 14 shards on 42 were the answer; 13 on 39 held 3/39 > 6/80.)
 */
const workload = { points: 1_207_206_298, collection: { vectors: { size: 768, distance: 'Cosine' as const } } };
const constraints = (shardNumber?: number): PlanConstraintsInput => ({
  replicationFactor: 3,
  toleratedNodeFailures: 0,
  query: { qps: 1426 },
  allowQuantizationChanges: true,
  ...(shardNumber ? { shardNumber } : {}),
  placement: { instanceType: 'r6i.4xlarge', maxNodes: 400 },
});

describe('the reads bound P(S), by hand', () => {
  it('80 shards: 1,800.2 vCPU, one 7.50-vCPU replica per 15-vCPU pod: 240 peers', () => {
    const p = recommend(workload, constraints(80), { maxAlternatives: 0 }).plan;
    expect(p.peers).toBe(240);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(1800.22, 1);
  });
  it('82 shards: 1,842.5 vCPU, two 7.49-vCPU replicas per pod: 123 peers', () => {
    const p = recommend(workload, constraints(82), { maxAlternatives: 0 }).plan;
    expect(p.peers).toBe(123);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(1842.47, 1);
  });
  it('40 shards: 937.9 vCPU, one 7.82-vCPU replica per pod: 120 peers', () => {
    const p = recommend(workload, constraints(40), { maxAlternatives: 0 }).plan;
    expect(p.peers).toBe(120);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(937.86, 1);
  });
  it('unpinned, the reads phase takes 13 shards (one replica per peer) on 39 peers, where 40 shards needed 120 and 82 needed 123', () => {
    const p = recommend(workload, constraints(), { maxAlternatives: 0 }).plan;
    expect([p.shardNumber, p.peers]).toEqual([13, 39]);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(324.69, 1);
    expect(p.shardReason).toMatch(/^13 shards: fewer than one per peer of 39 peers, 1 shard replica per peer at replication factor 3/);
  });
});
