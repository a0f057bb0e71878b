/**
 * Properties of the placement read-back, over synthetic clusters: random peers, shards, replication, placement,
 * replica states and dead peers, recorded as the replies Qdrant v1.19.0 gives (shapes as in test/observe/fixtures).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observe, REQUESTS, type ClusterRecording, type Reply } from '../../src/index.js';

const STATES = ['Active', 'Active', 'Active', 'Dead', 'Partial'] as const;

interface Cluster {
  peers: number;
  shards: number;
  placement: { peer: number; state: string }[][];
  down: boolean[];
}

const cluster: fc.Arbitrary<Cluster> = fc
  .record({ peers: fc.integer({ min: 1, max: 5 }), shards: fc.integer({ min: 1, max: 8 }), rf: fc.integer({ min: 1, max: 3 }) })
  .chain(({ peers, shards, rf }) =>
    fc.record({
      peers: fc.constant(peers),
      shards: fc.constant(shards),
      placement: fc.array(
        fc.shuffledSubarray([...Array(peers).keys()], { minLength: Math.min(rf, peers), maxLength: Math.min(rf, peers) }).chain((ps) =>
          fc.tuple(...ps.map((p) => fc.constantFrom(...STATES).map((state) => ({ peer: p, state })))),
        ),
        { minLength: shards, maxLength: shards },
      ),
      down: fc.array(fc.boolean(), { minLength: peers, maxLength: peers }).filter((d) => d.some((x) => !x)),
    }),
  );

const idOf = (p: number) => String(1000 + p);
const ok = (body: unknown): Reply => ({ status: 200, body });

function record(c: Cluster): ClusterRecording {
  const peersMap = Object.fromEntries([...Array(c.peers).keys()].map((p) => [idOf(p), { uri: `http://peer${p}:6335/` }]));
  const rf = Math.max(...c.placement.map((s) => s.length));
  return {
    schemaVersion: 'qsize.observe-recording/v1',
    recordedAt: '2026-12-01T00:00:00Z',
    peers: [...Array(c.peers).keys()].map((p) => {
      const url = `http://peer${p}:6333`;
      if (c.down[p]) return { url, replies: { [REQUESTS.root]: { failure: { kind: 'unreachable', message: 'ECONNREFUSED' } } } };
      const local = c.placement.flatMap((reps, shard) => reps.filter((r) => r.peer === p).map((r) => ({ shard_id: shard, points_count: 1000, state: r.state })));
      const remote = c.placement.flatMap((reps, shard) => reps.filter((r) => r.peer !== p).map((r) => ({ shard_id: shard, peer_id: 1000 + r.peer, state: r.state })));
      return {
        url,
        replies: {
          [REQUESTS.root]: ok({ title: 'qdrant', version: '1.19.0' }),
          [REQUESTS.cluster]: ok({ result: { status: 'enabled', peer_id: 1000 + p, peers: peersMap, raft_info: { leader: 1000 } } }),
          [REQUESTS.collections]: ok({ result: { collections: [{ name: 'c' }] } }),
          [REQUESTS.collection('c')]: ok({
            result: { status: 'green', points_count: 1000 * c.shards, config: { params: { vectors: { size: 8, distance: 'Dot' }, shard_number: c.shards, replication_factor: rf } } },
          }),
          [REQUESTS.collectionCluster('c')]: ok({ result: { peer_id: 1000 + p, shard_count: c.shards, local_shards: local, remote_shards: remote, shard_transfers: [] } }),
        },
      };
    }),
  };
}

describe('placement read back from the peers that answer', () => {
  it('a shard is lost exactly when none of its replicas is Active on a peer that answers', () => {
    fc.assert(
      fc.property(cluster, (c) => {
        const o = observe(record(c));
        const lost = c.placement.map((reps, shard) => ({ shard, lost: !reps.some((r) => r.state === 'Active' && !c.down[r.peer]) })).filter((x) => x.lost).map((x) => x.shard);
        expect(o.collections[0]!.lostShards).toEqual(lost);
      }),
      { numRuns: 60 },
    );
  });

  it('every shard replica is placed where the peers say, and the replicas per peer add up to all replicas', () => {
    fc.assert(
      fc.property(cluster, (c) => {
        const o = observe(record(c));
        const col = o.collections[0]!;
        for (const [shard, reps] of c.placement.entries()) {
          expect(col.placement[shard]!.replicas.map((r) => r.peerId).sort()).toEqual(reps.map((r) => idOf(r.peer)).sort());
        }
        const total = Object.values(col.replicasPerPeer).reduce((a, b) => a + b, 0);
        expect(total).toBe(c.placement.reduce((a, s) => a + s.length, 0));
      }),
      { numRuns: 60 },
    );
  });

  it('a peer that does not answer is down, one that answers is up', () => {
    fc.assert(
      fc.property(cluster, (c) => {
        const o = observe(record(c));
        for (let p = 0; p < c.peers; p++) expect(o.peers.find((x) => x.peerId === idOf(p))!.status).toBe(c.down[p] ? 'down' : 'up');
      }),
      { numRuns: 60 },
    );
  });
});
