/**
 * `observe --zones Z` on the recorded clusters (test/observe/fixtures, real Qdrant v1.19.0 replies): whether losing any
 * one zone leaves a live replica of every shard, from the live placement. The live replicas of each shard are read from
 * the raw replies by the test itself (each answering peer's own local_shards, state Active), the peers from GET /cluster;
 * the expected verdicts are worked by hand from ceil(P / Z), and checked against a brute force over every assignment of
 * the peers to zones at maxSkew 1 (the rule's own claim, not its formula).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { observe, projectGrowth, REQUESTS, type ClusterRecording } from '../../src/index.js';
import { predictShare } from '../../src/observe/observe.js';
import { ROOT } from '../cli/run.js';
import { zoneAssignments } from '../support/zones.js';

const fixture = (name: string) => JSON.parse(readFileSync(join(ROOT, 'test/observe/fixtures', `${name}.json`), 'utf8')) as ClusterRecording;
type J = Record<string, unknown>;
const body = (rec: ClusterRecording, peer: number, key: string) => ((rec.peers[peer]!.replies[key] as { body?: J } | undefined)?.body?.['result'] ?? null) as J | null;

/** Each shard's live replica holders, read from the raw replies: the answering peers' own Active local shards. */
function liveHolders(rec: ClusterRecording): { peers: string[]; live: Map<number, Set<string>> } {
  const peers = new Set<string>();
  const live = new Map<number, Set<string>>();
  rec.peers.forEach((_, i) => {
    const cluster = body(rec, i, REQUESTS.cluster);
    if (cluster && cluster['peers']) for (const id of Object.keys(cluster['peers'] as J)) peers.add(id);
    const mine = body(rec, i, REQUESTS.collectionCluster('docs'));
    if (!mine) return;
    const remote = (mine['remote_shards'] as { shard_id: number }[]) ?? [];
    for (const s of [...((mine['local_shards'] as { shard_id: number }[]) ?? []), ...remote]) if (!live.has(s.shard_id)) live.set(s.shard_id, new Set());
    for (const s of (mine['local_shards'] as { shard_id: number; state: string }[]) ?? []) if (s.state === 'Active') live.get(s.shard_id)!.add(String(mine['peer_id']));
  });
  return { peers: [...peers].sort(), live };
}

/**
 * The shards that some assignment of `peers` to `zones` zones at maxSkew 1 (test/support/zones.ts zoneAssignments: zone
 * sizes differ by at most one, empty zones counted) and some lost zone leave without a live replica.
 */
function bruteForceFailing(peers: string[], zones: number, live: Map<number, Set<string>>): number[] {
  const failing = new Set<number>();
  for (const zoneOf of zoneAssignments(peers.length, zones)) {
    for (let lost = 0; lost < zones; lost++) {
      for (const [shard, holders] of live) if (![...holders].some((p) => zoneOf[peers.indexOf(p)] !== lost)) failing.add(shard);
    }
  }
  return [...failing].sort((a, b) => a - b);
}

const failingOf = (rec: ClusterRecording, zones: number) => observe(rec, { zones }).zones!.collections[0]!.failingShards;

describe('observe --zones on the recorded 3-peer cluster (6 shards x RF 2, every replica Active)', () => {
  const rec = fixture('cluster');
  const { peers, live } = liveHolders(rec);

  it('the recording: 3 peers, 6 shards, each with 2 live replicas on distinct peers', () => {
    expect(peers).toHaveLength(3);
    expect([...live.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const holders of live.values()) expect(holders.size).toBe(2);
  });

  it('3 zones: at most ceil(3/3) = 1 peer in one, 2 > 1 live replicas: survives; Raft keeps 2 of 3', () => {
    const z = observe(rec, { zones: 3 }).zones!;
    expect(z).toMatchObject({ zones: 3, peers: 3, peersPerZoneMax: 1, liveReplicasNeeded: 2, raftMajorityAfterZoneLoss: true });
    expect(z.collections).toEqual([expect.objectContaining({ collection: 'docs', survivesZoneLoss: true, minLiveReplicas: 2, failingShards: [] })]);
    expect(bruteForceFailing(peers, 3, live)).toEqual([]);
  });

  it('2 zones: ceil(3/2) = 2 in one, 2 live replicas are not > 2: every shard fails; Raft keeps 1 of 3, no majority', () => {
    const o = observe(rec, { zones: 2 });
    const z = o.zones!;
    expect(z).toMatchObject({ peersPerZoneMax: 2, liveReplicasNeeded: 3, raftMajorityAfterZoneLoss: false });
    expect(z.collections[0]!.failingShards).toEqual([0, 1, 2, 3, 4, 5].map((shardId) => ({ shardId, liveReplicas: 2 })));
    expect(bruteForceFailing(peers, 2, live)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(o.findings).toContain(
      'collection "docs" in 2 zones: losing a zone may take every live replica of shards 0 (2 live), 1 (2 live), 2 (2 live), 3 (2 live), 4 (2 live), 5 (2 live): 3 peers over 2 zones put up to ceil(3/2) = 2 in one, and the peers holding them can all be in one zone; each shard needs at least 3 live replicas on distinct peers (> 2), replication_factor is 2',
    );
    expect(o.findings.some((f) => f.includes('without them Raft has no majority (1 of 3 left up)'))).toBe(true);
  });

  it('more zones than peers (1,000): still at most 1 in one, as with 3', () => {
    expect(observe(rec, { zones: 1000 }).zones).toMatchObject({ peersPerZoneMax: 1, liveReplicasNeeded: 2, collections: [{ survivesZoneLoss: true }] });
  });

  it('1 zone (or none given): no zone check, no zone finding', () => {
    for (const o of [observe(rec, { zones: 1 }), observe(rec)]) {
      expect(o.zones).toBeUndefined();
      expect(o.findings.some((f) => f.includes('zone'))).toBe(false);
    }
  });

  it('a replica that is not Active counts for nothing: shard 1 Partial on one peer leaves 1 live, and 3 zones may take it', () => {
    const edited = structuredClone(rec);
    const i = edited.peers.findIndex((_, k) => ((body(edited, k, REQUESTS.collectionCluster('docs'))?.['local_shards'] as { shard_id: number }[] | undefined) ?? []).some((s) => s.shard_id === 1));
    const own = body(edited, i, REQUESTS.collectionCluster('docs'))!['local_shards'] as { shard_id: number; state: string }[];
    own.find((s) => s.shard_id === 1)!.state = 'Partial';
    const after = liveHolders(edited);
    expect(after.live.get(1)!.size).toBe(1);
    expect(failingOf(edited, 3)).toEqual([{ shardId: 1, liveReplicas: 1 }]);
    expect(bruteForceFailing(after.peers, 3, after.live)).toEqual([1]);
  });
});

describe('observe --zones after losing peers (uneven, under-replicated placement)', () => {
  it('one peer down, 3 zones: P stays 3 (its pod keeps its place), ceil(3/3) = 1; its 4 shards have 1 live replica and fail, the other 2 have 2 and survive', () => {
    const rec = fixture('cluster-one-down');
    const { peers, live } = liveHolders(rec);
    expect(peers).toHaveLength(3);
    const single = [...live].filter(([, h]) => h.size === 1).map(([s]) => s).sort();
    expect(single).toHaveLength(4);
    expect(failingOf(rec, 3)).toEqual(single.map((shardId) => ({ shardId, liveReplicas: 1 })));
    expect(bruteForceFailing(peers, 3, live)).toEqual(single);
  });

  it('one peer down, 3 zones: Raft counts the live peers: 2 up, the lost zone may hold 1 of them, 1 of 3 is no majority (all up, 2 of 3 is)', () => {
    const z = observe(fixture('cluster-one-down'), { zones: 3 }).zones!;
    expect(z).toMatchObject({ peers: 3, livePeers: 2, livePeersAfterZoneLoss: 1, raftMajorityAfterZoneLoss: false });
    expect(observe(fixture('cluster'), { zones: 3 }).zones).toMatchObject({ livePeers: 3, livePeersAfterZoneLoss: 2, raftMajorityAfterZoneLoss: true });
  });

  it('two peers down, 3 zones: every shard fails, the 2 already unserved with 0 live', () => {
    const rec = fixture('cluster-two-down');
    const { peers, live } = liveHolders(rec);
    const f = failingOf(rec, 3);
    expect(f.map((s) => s.shardId)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(f.filter((s) => s.liveReplicas === 0).map((s) => s.shardId)).toEqual([...live].filter(([, h]) => h.size === 0).map(([s]) => s).sort());
    expect(bruteForceFailing(peers, 3, live)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('a single node (RF 1), 3 zones: 1 peer, ceil(1/3) = 1, its 1 live replica is not > 1: fails; Raft keeps 0 of 1', () => {
    const z = observe(fixture('single'), { zones: 3 }).zones!;
    expect(z).toMatchObject({ peers: 1, peersPerZoneMax: 1, liveReplicasNeeded: 2, raftMajorityAfterZoneLoss: false });
    expect(z.collections[0]!.failingShards).toEqual([{ shardId: 0, liveReplicas: 1 }]);
  });
});

describe('projectGrowth(): the re-plan honours the zones', () => {
  it('3 zones: the re-plan survives losing a zone (RF 2 > ceil(P/3), so P ≤ (2 − 1) × 3 = 3)', () => {
    const g = projectGrowth(observe(fixture('cluster'), { zones: 3 }), { pointsPerMonth: 1e5, horizonMonths: 12 });
    const plan = g.replans[0]!.recommendation.plan;
    expect(g.replans[0]).toMatchObject({ replicationFactor: 2 });
    expect(plan.peers).toBeLessThanOrEqual(3);
    expect(plan.zones).toMatchObject({ zones: 3, survivesZoneLoss: true });
    // Without zones, the same re-plan carries no zone result.
    expect(projectGrowth(observe(fixture('cluster')), { pointsPerMonth: 1e5, horizonMonths: 12 }).replans[0]!.recommendation.plan.zones).toBeUndefined();
  });

  it('2 zones: RF 2 survives on at most (2 − 1) × 2 = 2 peers, fewer than Raft\'s 3: no re-plan; the error names RF 3 and how to plan it', () => {
    const g = projectGrowth(observe(fixture('cluster'), { zones: 2 }), { pointsPerMonth: 1e5, horizonMonths: 12 });
    expect(g.replans).toEqual([]);
    expect(g.errors).toHaveLength(1);
    expect(g.errors[0]).toContain('with --zones 2, replication factor 2 survives losing a zone on at most 2 peers');
    expect(g.errors[0]).toContain('--replication 3');
    expect(g.errors[0]).toContain('(the re-plan keeps replication_factor 2 and --zones 2; for another factor, re-plan the recovered spec that --spec-out writes: qsize --spec FILE --zones 2 --replication N)');
  });

  it('RF 1 in 3 zones: the planner refuses it (one replica is lost with its zone), said as the re-plan error', () => {
    const g = projectGrowth(observe(fixture('single'), { zones: 3 }), { pointsPerMonth: 1e5 });
    expect(g.replans).toEqual([]);
    expect(g.errors[0]).toMatch(/^collection "docs": re-plan failed: .*expected a replication factor of at least 2 beside it/);
  });

  /*
   * The limit on adding peers (docs/observe.md, "The shard count"): 6 shards × RF 2 hold data on 12 peers, but RF 2 in 3
   * zones survives on at most (2 − 1) × 3 = 3, each then holding ceil(12 / 3) = 4 shard replicas, 4/6 of the points. At
   * 2M points a month and a 1 GiB limit that is the peer of docs/observe.md's runway example (4 of the 6 shards, 13,157 +
   * 1,333,333 points in month 1), which runs out in month 1. By hand, the WAL: by month 1 each of its 4 shards has
   * written 336,667 points of 363 B (CBOR of the fixture's 64-d points: 19 B of keys + 3-5 B of id + 2 + 64 x 5 + 0.81 x
   * 21 B of payload) in requests of 64-256, 122 MB, 3.6 segments of 32 MiB: on the way each passed the moment its retained and open
   * segments were both full, 2 x 32 MiB, where loaded once and restarted it keeps about 1.43 of them. A restart may come
   * at that moment (assumptions.grownFromPoints), so the month's need holds 4 x 2 full segments, 76 MB more than the
   * 7.3 MB the peer had to spare with the loaded-once WAL (month 2 before s46). Without zones one replica per peer
   * (1/6) lasts to month 6: in month 6 it holds 2,003,333 points, and its one shard's 2 full segments are 16.8 MB more
   * than the 1.5 a load of that many keeps on average (month 7 before s46).
   */
  it('3 zones at 2M a month on 1 GiB peers: the zone limit, 3 peers of 4 replicas each, reached in month 1 (the shard count\'s alone: month 6)', () => {
    const o = observe(fixture('cluster'), { zones: 3, memoryLimitBytes: 1024 ** 3 });
    const l = projectGrowth(o, { pointsPerMonth: 2e6 }).shardLimits[0]!;
    expect(l).toMatchObject({ limitedBy: 'zones', label: 'Zone limit', maxDataPeers: 12, maxPeers: 3, replicasPerPeer: 4, month: 1 });
    expect(l.detail).toContain('with --zones 3, replication_factor 2 survives losing a zone on at most 3 peers');
    expect(l.detail).toContain('replication_factor 3 (up to 6 peers)');
    // The month's WAL on that peer: 4 shards' two full segments (each within an entry, under 64 KB, of 32 MiB) and
    // their two pages beside them.
    const spec = o.collections[0]!.recovered.spec;
    const wal = predictShare(spec, { shards: 4, points: (4 / 6) * 2_020_000, grownFromPoints: (4 / 6) * 20_000 }).lineItems.find((i) => i.id === 'wal')!;
    expect(wal.bytes).toBeGreaterThanOrEqual(4 * 2 * (33_554_424 - 65_536) + 4 * 8_192);
    expect(wal.bytes).toBeLessThanOrEqual(4 * 2 * 33_554_432 + 4 * 8_192);
    const plain = projectGrowth(observe(fixture('cluster'), { memoryLimitBytes: 1024 ** 3 }), { pointsPerMonth: 2e6 }).shardLimits[0]!;
    expect(plain).toMatchObject({ limitedBy: 'shard-count', label: 'Shard count limit', maxPeers: 12, replicasPerPeer: 1, month: 6 });
  });

  it('RF 1 in 3 zones: (1 − 1) × 3 = 0 peers survive a zone: the limit is month 0', () => {
    const l = projectGrowth(observe(fixture('single'), { zones: 3, memoryLimitBytes: 1024 ** 3 }), { pointsPerMonth: 1e5 }).shardLimits[0]!;
    expect(l).toMatchObject({ limitedBy: 'zones', maxPeers: 0, month: 0 });
  });

  it('the zones given to projectGrowth win over the observation\'s', () => {
    const g = projectGrowth(observe(fixture('cluster'), { zones: 2 }), { pointsPerMonth: 1e5, horizonMonths: 12, zones: 3 });
    expect(g.replans[0]!.recommendation.plan.zones).toMatchObject({ zones: 3 });
  });
});
