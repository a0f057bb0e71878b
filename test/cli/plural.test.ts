/**
 * One rule for a noun beside a count (src/util/plural.ts), and the lines that printed "1 shards" or "1/1 of it"
 * before it: single-shard clusters (audit35: `--vectors 10M --dim 768 --instance-type r6i.4xlarge --qps 600
 * --replication 3 --shards 1` is 1 shard on 3 peers, each holding its one replica; the reads phase chose the one shard
 * itself until s48, test/plan/reads-bound-shards.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { plural } from '../../src/util/plural.js';
import { recommend } from '../../src/plan/index.js';
import { planDoc } from '../../src/cli/render/plan.js';
import { estimate } from '../../src/model/estimate.js';

describe('plural', () => {
  it('one takes the singular; zero, fractions and many the plural', () => {
    expect([plural(1, 'shard'), plural(0, 'shard'), plural(1.5, 'replica'), plural(4, 'peer'), plural(2, 'copy', 'copies')]).toEqual(['shard', 'shards', 'replicas', 'peers', 'copies']);
  });
});

describe('a single-shard plan reads as one', { timeout: 60_000 }, () => {
  it('10M × 768-d at 400 QPS, RF 3 on r6i.4xlarge: 1 shard × 3 replicas on 3 peers, 1 replica per peer, each peer holds all of it', () => {
    const r = recommend({ points: 10_000_000, collection: { vectors: { size: 768, distance: 'Cosine' } } }, { replicationFactor: 3, shardNumber: 1, query: { qps: 400 }, placement: { instanceType: 'r6i.4xlarge' } });
    const p = r.plan;
    expect([p.shardNumber, p.peers]).toEqual([1, 3]);
    const detail = (name: string) => p.checks.find((k) => k.name === name)!.detail;
    expect(detail('Placement')).toBe('1 shard × 3 replicas on 3 peers, no two replicas of a shard on one peer, 1 replica per peer');
    expect(detail('Balanced placement')).toBe('1 shard replica on every peer');
    const text = JSON.stringify(planDoc(r));
    expect(text).toContain('each peer holds all of it');
    expect(text).not.toMatch(/\b1 shards\b|\b1 replicas\b|1\/1 of it/);
  });
});

describe('a one-point, one-peer plan reads as one (audit36)', { timeout: 60_000 }, () => {
  // `qsize --vectors 1 --dim 1 --peers 1 --shards 1 --replication 1 --tolerated-failures 0` printed "1 points × 1-d",
  // "(one copy of the collection, 1 points; ...)" and "1 shard replicas on 1 peers" (Every peer holds a replica).
  it('1 point on 1 peer with 1 shard: "1 point × 1-d", "1 point;", "1 shard replica on 1 peer"', () => {
    const r = recommend({ points: 1, collection: { vectors: { size: 1, distance: 'Cosine' } } }, { replicationFactor: 1, toleratedNodeFailures: 0, placement: { peers: 1 }, shardNumber: 1 });
    const p = r.plan;
    expect([p.shardNumber, p.peers, p.replicationFactor]).toEqual([1, 1, 1]);
    expect(p.checks.find((k) => k.name === 'Every peer holds a replica')!.detail).toBe('1 shard replica on 1 peer: every peer holds at least one');
    const text = JSON.stringify(planDoc(r));
    expect(text).toContain('qsize: 1 point × 1-d Cosine float32');
    expect(text).toContain('one copy of the collection, 1 point; each peer holds all of it');
    expect(text).not.toMatch(/\b1 (points|peers|shards|replicas)\b|\b1 shard replicas\b/);
    // The JSON's sentences too: the one point is the busiest peer's and the largest segment's.
    expect(p.indexing?.detail).toMatch(/^full HNSW build of the busiest peer's 1 point in segments of 1: /);
    expect(p.estimate.lineItems.map((l) => l.note ?? '').find((n) => n.includes('largest segment'))).toBe('disk of the largest segment the optimizer may build (1 point); up to 2x when two merges overlap');
  });
  // 1 shard × RF 3 = 3 replicas on 4 pinned peers: 4 - 3 = 1 idle peer (a warning, the peers being pinned).
  it('4 pinned peers for 1 shard × 3 replicas: "1 peer holds nothing and serves nothing but is paid for"', () => {
    const r = recommend({ points: 1_000_000, collection: { vectors: { size: 8, distance: 'Cosine' } } }, { replicationFactor: 3, placement: { peers: 4 }, shardNumber: 1 });
    const k = r.plan.checks.find((c) => c.name === 'Every peer holds a replica')!;
    expect([k.severity, k.passed]).toEqual(['warning', false]);
    expect(k.detail).toBe('4 peers for 3 shard replicas: 1 peer holds nothing and serves nothing but is paid for');
  });
});

describe('the deployment files count peers as one or many (audit36: "1 peer(s) x 1500m CPU", "tolerates 1 peer(s) down")', () => {
  it('podSizeLine and toleratesText', async () => {
    const { podSizeLine, toleratesText } = await import('../../src/emit/sizing.js');
    const s = { peers: 1, cpu: '1500m', memory: '1455Mi', storage: '10Gi' } as Parameters<typeof podSizeLine>[0];
    expect(podSizeLine(s)).toBe('1 peer x 1500m CPU, 1455Mi memory (request = limit), 10Gi volume.');
    expect(podSizeLine({ ...s, peers: 7 })).toBe('7 peers x 1500m CPU, 1455Mi memory (request = limit), 10Gi volume.');
    expect(toleratesText({ replicationFactor: 2, writeConsistencyFactor: 1 }, 3, 1)).toBe('replication_factor 2 with write_consistency_factor 1 on 3 peers tolerates 1 peer down');
    expect(toleratesText({ replicationFactor: 3, writeConsistencyFactor: 1 }, 5, 2)).toBe('replication_factor 3 with write_consistency_factor 1 on 5 peers tolerates 2 peers down');
  });
});

describe('line item names and the layout count one as one (audit36: "1 shard(s)", "1 CPU(s)", "auto for 1 CPUs")', () => {
  it('1,000 x 8-d on 1 CPU: one shard (one copy), one CPU', () => {
    const e = estimate({ points: 1000, collection: { vectors: { size: 8, distance: 'Cosine' } }, assumptions: { nodeCpus: 1 } });
    const name = (id: string) => e.lineItems.find((l) => l.id === id)!.name;
    expect(name('heap.shards')).toBe('Shard replica heap (1 shard: update worker, optimizer and segment bookkeeping)');
    expect(name('process.baseline')).toBe('Qdrant process heap (runtime, allocator, 1 CPU, this collection empty)');
    expect(name('wal')).toMatch(/^Write-ahead log \(1 shard, up to \d+ segments? of 32 MiB each, resident after a restart\)$/);
    expect(e.layout.reason).toContain('(auto for 1 CPU)');
    expect(JSON.stringify(e.lineItems.map((l) => l.name))).not.toMatch(/\(s\)|\b1 (shards|segments|CPUs)\b/);
  });
});

describe('the zone check counts one peer as one (audit36: "1 peers over 3 zones", in an alternative\'s checks)', () => {
  it('1 peer, RF 2, 3 zones: ceil(1/3) = 1 peer in one zone, 2 - 1 = 1 replica left', async () => {
    const { zoneReplicas } = await import('../../src/plan/checks/zone-replicas.js');
    const e = { candidate: { peers: 1 }, rf: 2, ctx: { zones: 3 } } as unknown as Parameters<typeof zoneReplicas.explain>[0];
    expect(zoneReplicas.explain(e)).toMatch(/^1 peer over 3 zones at maxSkew 1 \(DoNotSchedule\) put at most ceil\(1\/3\) = 1 in one zone; .* at least 1 live/);
  });
});

describe('the zone check names a shard\'s only replica, or both, and no "at most 0 peers" (audit36)', () => {
  it('RF 1 on 3 peers over 3 zones: ceil(3/3) = 1 per zone holds the only replica; RF 2 survives on 3 peers; RF 1 on no peer count', async () => {
    const { zoneReplicas } = await import('../../src/plan/checks/zone-replicas.js');
    const e = { candidate: { peers: 3 }, rf: 1, ctx: { zones: 3 } } as unknown as Parameters<typeof zoneReplicas.explain>[0];
    expect(zoneReplicas.explain(e)).toBe(
      "3 peers over 3 zones at maxSkew 1 (DoNotSchedule) put at most ceil(3/3) = 1 in one zone, and Qdrant places a shard's replicas without regard to zones, so one zone may hold the only replica of a shard: replication factor 2 survives on 3 peers (--replication)",
    );
  });
  it('RF 2 on 5 peers over 3 zones: ceil(5/3) = 2 may be both replicas; RF 3 survives on 5 peers, RF 2 on at most (2 - 1) x 3 = 3', async () => {
    const { zoneReplicas } = await import('../../src/plan/checks/zone-replicas.js');
    const e = { candidate: { peers: 5 }, rf: 2, ctx: { zones: 3 } } as unknown as Parameters<typeof zoneReplicas.explain>[0];
    expect(zoneReplicas.explain(e)).toBe(
      "5 peers over 3 zones at maxSkew 1 (DoNotSchedule) put at most ceil(5/3) = 2 in one zone, and Qdrant places a shard's replicas without regard to zones, so one zone may hold both replicas of a shard: replication factor 3 survives on 5 peers (--replication), or replication factor 2 on at most 3 peers",
    );
  });
});
