/**
 * The reads-bound shard number (src/topology/shards.ts READS_BOUND_SHARDS_PER_PEER; docs/topology.md §2 rule 8): when the
 * query load, not memory, sets the peer count, the search also tries one shard per peer, because every search visits
 * one replica of every shard and each shard fewer is one shard search fewer per query.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import '../support/fc-seed.js';
import { recommend, type PlanConstraintsInput } from '../../src/plan/index.js';
import type { Plan } from '../../src/plan/types.js';
import { QsizeNoFitError } from '../../src/errors.js';
import type { WorkloadInput } from '../../src/spec/workload.js';

/*
 * `qsize --vectors 1k --dim 2048 --cloud azure --qps 1000` (RF 2, one tolerated failure, shipped catalogs).
 *
 * 1k × 2048-d float32 is 8.19 MB of vectors, under indexing_threshold (10,000 KB) in any segment: no HNSW graph, every
 * search scans every point of each shard. The full-scan cost (src/topology/throughput.ts REQUEST_COST and FULL_SCAN,
 * measured on Qdrant v1.19.0 at saturation, s48, the query's parse s49) of one shard of P points in its 2 plain
 * segments is
 *   h + 2 g + P × (c + b × 2048) = 1.3e-5 + 1.3e-5 + P × (3.81e-8 + 5.05856e-7) = 2.6e-5 + P × 5.43956e-7,
 * and a search over REST pays the request r = 1.12e-4 + 2048 × 7.66e-8 = 2.688768e-4 once (its 2048 components parsed
 * as JSON) and p = 2.32e-4 + 2048 × 1.98e-8 = 2.725504e-4 for each of the S × (1 − 2 / peers) shards it reaches on
 * other peers: the cluster needs 1000 QPS × (r + m p + S c) / 0.6 (the utilisation target):
 *   S = 6, P = 166.67 on 3 peers (m = 2): c = 1.166593e-4 → 2.523 vCPU, a third on each peer (0.84), half on a survivor
 *   of a lost peer (1.26 ≤ 1.5 on a Standard_E2s_v5 pod: AKS allocatable 1.92 cores − 0.4 for DaemonSets, floored to
 *   half a core);
 *   S = 3, P = 333.33 (m = 1): c = 2.073187e-4 → 1.939 vCPU.
 * Memory's fewest peers hold it with Qdrant's 2 shards a peer: 3 × 730 h × $0.126 = $275.94; data and snapshot volumes 3
 * × 10 GiB (the smallest volume) × $0.0812 = $2.44 each; one 1 GiB snapshot copy × $0.018 = $0.02; AKS standard 730 h
 * × $0.10 = $73.00: $353.84. Before s48 the request cost 0.463 ms a shard, which made 6 shards 7.6 vCPU against 3.8 for
 * 3: the reads-bound rule took 3 shards on 3 × Standard_E4s_v5 at $629.78 (and 8 shards on 9 × Standard_E2s_v5 at
 * $915.46 before it). Measured at saturation the request is paid once a search and a shard's own work is 20 µs, so a
 * 167-point scan no longer needs a shard fewer.
 */
describe('1k × 2048-d at 1,000 QPS on azure, by hand', { timeout: 60_000 }, () => {
  const workload = { points: 1000, collection: { vectors: { size: 2048, distance: 'Cosine' as const } } };
  // RF 2 given: these cases work the shard number out at RF 2 (since s36 qsize chooses the factor when none is given).
  const constraints: PlanConstraintsInput = { replicationFactor: 2, query: { qps: 1000 }, placement: { cloud: 'azure' } };

  it('plans 6 shards (two per peer) on 3 × Standard_E2s_v5 at $353.84: the scans fit the smallest pods', () => {
    const p = recommend(workload, constraints, { maxAlternatives: 0 }).plan;
    expect([p.peers, p.node.instanceType, p.shardNumber, p.replicationFactor]).toEqual([3, 'Standard_E2s_v5', 6, 2]);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(2.5232, 3);
    expect(p.cost.monthlyUsd).toBe(353.84);
    expect(p.checks.find((c) => c.id === 'failure')!.detail).toMatch(/1\.26 of 1\.5 vCPU$/);
  });

  it('one shard per peer, 3 shards, needs 1.939 vCPU on the same peers and costs the same', () => {
    const p = recommend(workload, { ...constraints, shardNumber: 3 }, { maxAlternatives: 0 }).plan;
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(1.9390, 3);
    expect([p.peers, p.node.instanceType, p.cost.monthlyUsd]).toEqual([3, 'Standard_E2s_v5', 353.84]);
  });
});

/*
 * `qsize --vectors 20M --dim 768 --cloud aws --qps 3000 --replication 2` (one tolerated failure): memory fits 3 peers.
 * A lost peer leaves its shard's other replica all of that shard's reads, 3,000 × c / 0.6 per shard, which must fit one
 * pod; fewer shards are fewer shard searches per query, so the reads phase takes the fewest shards that fit, one
 * replica per peer. Per shard search (docs/topology.md section 6) c = h + s × (g + w(n)) + 1,667 tail points ×
 * 2.27796e-7, the float32 walk at 768-d (4 bytes a dimension, SCORED_BYTES, s51) w(n) = 9.884275e-4 × (0.74 × (n /
 * 1e5)^0.45 + 0.78) from 100,000 points up and 9.884275e-4 × 1.52 × (n / 1e5)^0.27 below, h = 1.3e-5, g = 6.5e-6, and a
 * search r + m p + S c with, over REST at 768-d, r = 1.708288e-4, p = 2.472064e-4 and m = S × (1 − 2 / peers).
 *   On c7i.16xlarge (a 63-core pod, 7 indexed segments a shard) 5 shards of 4M on 10 peers (7 segments of 571,190,
 *   m = 4): c = 1.705074e-2, 432.07 vCPU, a survivor 86.41 > 63: fails, and so do more, smaller shards on it;
 *   on x2idn.32xlarge (a 127-core pod, 127 CPUs to Qdrant: 8 segments of 1,249,792 a shard) 2 shards of 10M on 4 peers
 *   (m = 1): c = 2.484491e-2, 3,000 × (r + p + 2 c) / 0.6 = 250.54 vCPU over 4 replicas, a survivor 125.27 ≤ 127.
 * (Until s51, every walk charged int8's 1 byte a dimension: 5 shards on 10 × c7i.16xlarge, 297.15 vCPU; before s39's
 * search model 2 shards on 4 × c7i.12xlarge.)
 */
describe('fewer shards than peers when reads set the peers: 20M × 768-d at 3,000 QPS on aws', { timeout: 60_000 }, () => {
  it('plans 2 shards on 4 × x2idn.32xlarge, one replica each: the survivor of a lost peer carries half of the reads', () => {
    const p = recommend({ points: 20_000_000, collection: { vectors: { size: 768, distance: 'Cosine' } } }, { replicationFactor: 2, query: { qps: 3000 }, placement: { cloud: 'aws' } }, { maxAlternatives: 0 }).plan;
    expect([p.peers, p.shardNumber, p.replicationFactor, p.node.instanceType]).toEqual([4, 2, 2, 'x2idn.32xlarge']);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(250.54, 1);
    expect(p.shardReason).toMatch(/^2 shards: fewer than one per peer of 4 peers, 1 shard replica per peer at replication factor 2/);
    expect(p.checks.find((c) => c.id === 'failure')!.detail).toMatch(/125\.27 of 127 vCPU$/);
  });
});

/*
 * `qsize --vectors 1M --dim 768 --cloud azure --qps 6000 --replication 2` (one tolerated failure): each replica serves 3,000
 * searches a second of its shard whatever the shard number, and a lost peer doubles that on the other replica, so
 * 2 × 3,000 × c(1M / S) / 0.6 must fit one pod (Standard_E64s_v5: 62.5 vCPU, 63 CPUs to Qdrant: 7 indexed segments a
 * shard). c = h + 7 × (g + w(n)) + 1,667 tail points × 2.27796e-7 (w as above), and the search r + m p + S c:
 *   S = 2 on 4 peers (7 segments of 71,190, m = 1): c = 1.003313e-2, 204.84 vCPU, 102.42 a survivor > 62.5: fails;
 *   S = 14 on 28 peers (7 segments of 9,966, m = 13): c = 6.080928e-3, 885.18 vCPU, 63.23 a survivor > 62.5: fails;
 *   S = 15 on 30 peers (7 segments of 9,286, 0.09286^0.27 = 0.526, m = 14): c = 5.974235e-3, 932.45 vCPU in the cluster,
 *   62.16 on a survivor ≤ 62.5: passes.
 * One replica per peer is the end of the road for a shard number, so the reads phase steps it on to more, smaller
 * shards until one passes (with the replication factor given as 2; unpinned, qsize would add replicas instead). Until
 * s51 (every walk at int8's 1 byte a dimension) it was 2 shards on 4 peers at 106.37 vCPU; until s38 20 shards chosen
 * 2 per peer of 10 peers and run on 40. The reason must give the replicas per peer on the peers the plan runs.
 */
describe('one replica per peer: the reads phase steps on to more, smaller shards', { timeout: 60_000 }, () => {
  it('1M × 768-d at 6,000 QPS, RF 2, on azure: 15 shards on 30 peers, 1 per peer (14 shards fail)', () => {
    const p = recommend({ points: 1_000_000, collection: { vectors: { size: 768, distance: 'Cosine' } } }, { replicationFactor: 2, query: { qps: 6000 }, placement: { cloud: 'azure' } }, { maxAlternatives: 0 }).plan;
    expect([p.peers, p.shardNumber, p.replicationFactor, p.node.instanceType]).toEqual([30, 15, 2, 'Standard_E64s_v5']);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(932.45, 1);
    expect(p.shardReason).toMatch(/^15 shards: fewer than one per peer of 30 peers, 1 shard replica per peer at replication factor 2/);
    expect(p.checks.find((c) => c.id === 'failure')!.detail).toMatch(/62\.16 of 62\.5 vCPU$/);
  });
});

/*
 * A shard number chosen on fewer peers than the plan runs (audit33: the reason must give the replicas per peer on the
 * peers the plan runs, not only the figures of the peers it was chosen on). `qsize --vectors 10M --dim 768 --qps 600
 * --replication 3 --instance-type r6i.4xlarge`: 3 shards are chosen on 3 peers (the fewest memory, RF and Raft allow),
 * 3 replicas a peer; the query load takes 5 peers, and 3 × 3 = 9 replicas over 5 peers is 1 or 2 a peer. On the
 * 15-CPU pod (6 indexed segments a shard): 3 shards of 3.333M (6 segments of 555,278), c = 1.454957e-2; on 3 peers
 * (m = 0) 600 × (r + 3 c) / 0.6 = 43.82 vCPU, half on a survivor (21.91 > 15); on 5 (m = 3 × (1 − 3 / 5) = 1.2)
 * 600 × (r + 1.2 p + 3 c) / 0.6 = 44.12 vCPU, a survivor 14.71 ≤ 15.
 */
describe('a shard number run on more peers than it was chosen at', { timeout: 60_000 }, () => {
  it('10M × 768-d at 600 QPS, RF 3, on r6i.4xlarge: 3 shards chosen on 3 peers, run on 5, and the reason says 1 or 2 per peer', () => {
    const p = recommend({ points: 10_000_000, collection: { vectors: { size: 768, distance: 'Cosine' } } }, { replicationFactor: 3, query: { qps: 600 }, placement: { instanceType: 'r6i.4xlarge' } }, { maxAlternatives: 0 }).plan;
    expect([p.peers, p.shardNumber, p.replicationFactor]).toEqual([5, 3, 3]);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(44.12, 1);
    expect(p.shardReason).toMatch(/^3 shards: one per peer of 3 peers, 3 shard replicas per peer at replication factor 3/);
    expect(p.shardReason).toContain('The plan runs 5 peers, not the 3 above, for the query load: 9 shard replicas (3 × replication factor 3) over 5 peers, 1 or 2 per peer;');
    expect(p.checks.find((c) => c.id === 'failure')!.detail).toMatch(/14\.71 of 15 vCPU$/);
  });
});

/*
 * When the peers are the fewest memory, replication and Raft allow (or pinned), the query load sets the shard number on
 * them, not the peer count, and the reason must not say it set the peers (audit35). Per shard search c = h + s × (g +
 * w(n)) + 1,667 tail points × 2.27796e-7, the search r + m p + S c (as above):
 * - 10M × 768-d at 400 QPS, RF 3, one tolerated failure, on r6i.4xlarge (15-CPU pod: 6 indexed segments a shard at
 *   least, a merged segment at most 2.08896e9 B): 3 peers are the fewest RF 3 and Raft allow, and each holds every
 *   shard (m = 0). 6 shards (2 per peer) of 1.667M (6 segments of 277,500): c = 1.200456e-2, 400 × (r + 6 c) / 0.6 =
 *   48.13 vCPU, half on a survivor of a loss, 24.07 > 15: fails. 3 shards (one per peer) of 3.333M (6 segments of
 *   555,278): c = 1.454957e-2, 29.21 vCPU, 9.74 a peer, 14.61 on each of 2 survivors ≤ 15: passes. (1 shard of 10M, 15
 *   segments of 666,556, c = 3.781770e-2, 25.33 vCPU, 12.66 a survivor, passes too at the same price: a tie keeps the
 *   shards that let peers be added, fewerPeersThenCheaper.) Until s51 the same held at 600 QPS (29.94 vCPU); at 600
 *   QPS now the query load sets the peers (above).
 * - 20M × 768-d at 1,500 QPS on aws with 6 peers pinned: 3 shards of 6.667M, on c7i.16xlarge (63-vCPU pod, 7 segments
 *   of 952,143), c = 1.995036e-2, m = 2, 151.29 vCPU over 6 replicas, 25.22 each, 50.43 on the survivor of a loss ≤ 63
 *   (on a 47-vCPU c7i.12xlarge, the plan until s51, 50.43 > 47); 2 shards would leave 2 of the 6 peers empty.
 * - 20M × 768-d at 3,000 QPS on aws, unpinned: the 2 shards on 4 peers above, more than the 3 memory needs.
 */
describe('the reason says what set the peers when the query load did not', { timeout: 60_000 }, () => {
  const w = (points: number) => ({ points, collection: { vectors: { size: 768, distance: 'Cosine' as const } } });
  it('10M at 400 QPS, RF 3, on r6i.4xlarge: 3 shards on 3 peers, the fewest memory, RF and Raft allow', () => {
    const p = recommend(w(10_000_000), { replicationFactor: 3, query: { qps: 400 }, placement: { instanceType: 'r6i.4xlarge' } }, { maxAlternatives: 0 }).plan;
    expect([p.peers, p.shardNumber]).toEqual([3, 3]);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(29.21, 2);
    expect(p.shardReason).toContain('the peer count, 3, is the fewest that memory, the replication factor and Raft allow, and the query load sets the shard number on it');
    expect(p.shardReason).not.toContain('sets the peer count');
    expect(p.checks.find((k) => k.id === 'query-cpu')!.detail).toMatch(/^400 QPS at ef 128 over 3 shards of 3\.33M points in 6 segments each needs 29\.2 vCPU/);
    // One shard is one shard: the check read 'over 1 shards of 10M points' (audit35).
    const one = recommend(w(10_000_000), { replicationFactor: 3, shardNumber: 1, query: { qps: 400 }, placement: { instanceType: 'r6i.4xlarge' } }, { maxAlternatives: 0 }).plan;
    expect(one.checks.find((k) => k.id === 'query-cpu')!.detail).toMatch(/^400 QPS at ef 128 over 1 shard of 10M points in 15 segments needs 25\.3 vCPU/);
    expect([one.peers, one.cost.monthlyUsd]).toEqual([p.peers, p.cost.monthlyUsd]);
  });
  it('20M at 1,500 QPS on aws with 6 peers pinned: 3 shards, the peers named as pinned', () => {
    const p = recommend(w(20_000_000), { replicationFactor: 2, query: { qps: 1500 }, placement: { cloud: 'aws', peers: 6 } }, { maxAlternatives: 0 }).plan;
    expect([p.peers, p.shardNumber, p.node.instanceType]).toEqual([6, 3, 'c7i.16xlarge']);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(151.29, 1);
    expect(p.shardReason).toContain('the peer count, 6, is pinned (constraints.placement.peers), and the query load sets the shard number on it');
  });
  it('20M at 3,000 QPS on aws unpinned: 2 shards on 4 peers, more than memory needs (3), so the query load set the peers', () => {
    const p = recommend(w(20_000_000), { replicationFactor: 2, query: { qps: 3000 }, placement: { cloud: 'aws' } }, { maxAlternatives: 0 }).plan;
    expect([p.peers, p.shardNumber]).toEqual([4, 2]);
    expect(p.shardReason).toContain('the query load, not memory, sets the peer count');
  });
});

/** Domain bounds: small to mid-size collections, whose memory fits few peers, and loads that can outgrow them. */
const MIN_POINTS = 1e3;
const MAX_POINTS = 3e7;
const DIMS = [128, 384, 768, 1536, 2048] as const;
const MIN_QPS = 30;
const MAX_QPS = 3000;
/** Small node types of each cloud, on which the query load most often sets the peer count. */
const SMALL_TYPES = ['c7i.large', 'c7i.xlarge', 'r6i.large', 'm7i.large', 'r6i.xlarge', 'n2d-highmem-2', 'n2d-highmem-4', 'Standard_E2s_v5', 'Standard_E4s_v5'] as const;

const arb = fc.record({
  points: fc.integer({ min: MIN_POINTS, max: MAX_POINTS }),
  dim: fc.constantFrom(...DIMS),
  qps: fc.integer({ min: MIN_QPS, max: MAX_QPS }),
  type: fc.constantFrom(...SMALL_TYPES),
  replicationFactor: fc.constantFrom(2, 3),
});
type In = typeof arb extends fc.Arbitrary<infer T> ? T : never;

function planOf(i: In, extra: Partial<PlanConstraintsInput> = {}, qps = i.qps): Plan | undefined {
  const w: WorkloadInput = { points: i.points, collection: { vectors: { size: i.dim, distance: 'Cosine' } } };
  try {
    return recommend(w, { replicationFactor: i.replicationFactor, query: { qps }, placement: { instanceType: i.type }, ...extra }, { maxAlternatives: 0 }).plan;
  } catch (e) {
    if (e instanceof QsizeNoFitError) return undefined;
    throw e;
  }
}

/** Past finds and the cases the rule was written for. */
const EXAMPLES: [In][] = [
  [{ points: 1000, dim: 2048, qps: 1000, type: 'Standard_E2s_v5', replicationFactor: 2 }],
  [{ points: 104103, dim: 1536, qps: 564, type: 'c7i.xlarge', replicationFactor: 3 }],
  [{ points: 5518, dim: 1536, qps: 905, type: 'n2d-highmem-4', replicationFactor: 3 }],
  // CI seed 432269446 (2026-12-07): 74 shards chosen 2 a peer of 37, run on 51 peers at $4,422.20, where 51 shards on the
  // same 51 peers cost $4,422.18 (a snapshot copy of 148 GiB, not 149: fewer shards, fewer segments).
  [{ points: 25017610, dim: 1536, qps: 31, type: 'n2d-highmem-2', replicationFactor: 2 }],
];

describe('the reads-bound shard number (property)', { timeout: 180_000 }, () => {
  it(
    'on one node type, when the query load sets the peer count, the plan never costs more than the same workload with the ' +
      'shard number pinned to the 2-per-peer number qsize gives it without queries, nor to the peers the plan deploys',
    () => {
      fc.assert(
        fc.property(arb, (i) => {
          const idle = planOf(i, {}, 0);
          const p = planOf(i);
          // The rule's domain: both plan, and the reads add peers to what memory needs.
          if (!idle || !p || p.peers <= idle.peers) return true;
          for (const shardNumber of [idle.shardNumber, p.peers]) {
            const pinned = planOf(i, { shardNumber });
            if (pinned && p.cost.monthlyUsd > pinned.cost.monthlyUsd) return false;
          }
          return true;
        }),
        { numRuns: 40, examples: EXAMPLES },
      );
    },
  );
});
