import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseShardNumber, placeShards, shardsLost, survivesAnyFailures } from '../../src/topology/index.js';
import { QsizeInputError } from '../../src/errors.js';

/** Domain bounds for the generators. */
const MAX_PEERS = 24;
const MAX_SHARDS = 64;
const MAX_RF = 5;

const layout = fc
  .record({ peers: fc.integer({ min: 1, max: MAX_PEERS }), shards: fc.integer({ min: 1, max: MAX_SHARDS }), rf: fc.integer({ min: 1, max: MAX_RF }) })
  .filter((x) => x.rf <= x.peers);

describe('placeShards', () => {
  it('reproduces the textbook case: 6 shards, replication factor 2, 3 peers gives 4 replicas per peer, each shard on two peers', () => {
    const p = placeShards(6, 2, 3);
    expect(p.map((x) => x.shards.length)).toEqual([4, 4, 4]);
    for (let s = 0; s < 6; s++) {
      const holders = p.filter((x) => x.shards.includes(s)).map((x) => x.peer);
      expect(holders).toHaveLength(2);
      expect(new Set(holders).size).toBe(2);
    }
    expect(p).toEqual([
      { peer: 0, shards: [0, 1, 3, 4] },
      { peer: 1, shards: [0, 2, 3, 5] },
      { peer: 2, shards: [1, 2, 4, 5] },
    ]);
  });

  it('places every shard exactly replication-factor times', () => {
    fc.assert(
      fc.property(layout, ({ peers, shards, rf }) => {
        const counts = new Array<number>(shards).fill(0);
        for (const p of placeShards(shards, rf, peers)) for (const s of p.shards) counts[s]!++;
        return counts.every((c) => c === rf);
      }),
    );
  });

  it('never puts two replicas of a shard on one peer', () => {
    fc.assert(
      fc.property(layout, ({ peers, shards, rf }) => placeShards(shards, rf, peers).every((p) => new Set(p.shards).size === p.shards.length)),
    );
  });

  it('keeps per-peer replica counts within one of each other', () => {
    fc.assert(
      fc.property(layout, ({ peers, shards, rf }) => {
        const n = placeShards(shards, rf, peers).map((p) => p.shards.length);
        return Math.max(...n) - Math.min(...n) <= 1;
      }),
    );
  });

  it('survives the loss of any f peers exactly when f is below the replication factor', () => {
    fc.assert(
      fc.property(
        layout.filter((x) => x.peers <= 8),
        fc.integer({ min: 0, max: 4 }),
        ({ peers, shards, rf }, f) => survivesAnyFailures(placeShards(shards, rf, peers), f) === (f < rf && f < peers),
      ),
    );
  });

  it('refuses a replication factor above the peer count', () => {
    expect(() => placeShards(6, 3, 2)).toThrow(QsizeInputError);
  });

  it('reports the shards lost with their peers', () => {
    const p = placeShards(6, 2, 3);
    expect(shardsLost(p, new Set([0]))).toEqual([]);
    expect(shardsLost(p, new Set([0, 1]))).toEqual([0, 3]);
  });
});

describe('chooseShardNumber', () => {
  it('gives 6 shards for 3 peers with no growth', () => {
    const c = chooseShardNumber({ peers: 3, replicationFactor: 2 });
    expect(c.shardNumber).toBe(6);
    expect(c.reason).toMatch(/4 shard replicas per peer/);
    expect(c.reason).toMatch(/resharding/i);
  });

  it('picks a multiple of both node counts when the cluster will grow from 3 to 4 peers', () => {
    expect(chooseShardNumber({ peers: 3, peersAtHorizon: 4, replicationFactor: 2 }).shardNumber).toBe(12);
  });

  it('past its bound of 256 says it is the bound, not a multiple of the peers (s29 audit: 512 peers read "the smallest multiple of 512 peers")', () => {
    // 512 peers want 2 x 512 = 1024 shards; the bound is 256, so 256 x 2 replicas / 512 peers = 1 replica per peer.
    const big = chooseShardNumber({ peers: 512, replicationFactor: 2 });
    expect(big.shardNumber).toBe(256);
    expect(big.reason).toMatch(/^256 shards: the most qsize chooses by itself .*fewer than the 1024 that 2 shards per peer on 512 peers would take; 1 shard replicas per peer at replication factor 2\./);
    expect(big.reason).not.toMatch(/smallest multiple/);
    // 200 peers at replication 3: 400 wanted, 256 given, 256 x 3 / 200 = 3.84 replicas per peer.
    expect(chooseShardNumber({ peers: 200, replicationFactor: 3 }).reason).toMatch(/fewer than the 400 .* 3\.84 shard replicas per peer/);
    // 128 peers want exactly 256: not capped, the usual reason.
    expect(chooseShardNumber({ peers: 128, replicationFactor: 2 }).reason).toMatch(/^256 shards: the smallest multiple of 128 peers/);
  });

  it('for a peer count the query load sets, gives one shard per peer and says what that gives up', () => {
    // 3 peers, RF 2: 3 shards, 3 × 2 / 3 = 2 replicas per peer, against the 6 of two per peer.
    const c = chooseShardNumber({ peers: 3, replicationFactor: 2, boundBy: 'reads' });
    expect([c.shardNumber, c.boundBy]).toEqual([3, 'reads']);
    expect(c.reason).toMatch(/^3 shards: one per peer of 3 peers, 2 shard replicas per peer at replication factor 2, fewer than the 6 that 2 shards per peer would take: the query load, not memory, sets the peer count/);
    expect(c.reason).toMatch(/a peer added later cannot take whole shards from every peer.*resharding is Qdrant Cloud only/);
    // Past the bound of 256: 300 peers get 256 shards, 256 × 2 / 300 = 1.71 replicas per peer, and the reason says so.
    const big = chooseShardNumber({ peers: 300, replicationFactor: 2, boundBy: 'reads' });
    expect(big.shardNumber).toBe(256);
    expect(big.reason).toMatch(/^256 shards: the most qsize chooses by itself, fewer than one per peer of 300 peers, 1\.71 shard replicas per peer/);
    // The default (memory sets the peers) is unmarked.
    expect(chooseShardNumber({ peers: 3, replicationFactor: 2 }).boundBy).toBeUndefined();
  });

  it('always gives at least two shards per peer, divisible by the peer count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 5 }), (peers, rf) => {
        const n = chooseShardNumber({ peers, replicationFactor: rf }).shardNumber;
        return n >= 2 * peers && n % peers === 0;
      }),
    );
  });
});
