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

  it('a pinned single shard reads "1 shard, as given by ..." (audit35: "1 shards")', () => {
    expect(chooseShardNumber({ peers: 3, replicationFactor: 3, pinned: { shardNumber: 1, by: '--shards' } }).reason).toMatch(/^1 shard, as given by --shards\. /);
    expect(chooseShardNumber({ peers: 3, replicationFactor: 3, pinned: { shardNumber: 2, by: '--shards' } }).reason).toMatch(/^2 shards, as given by --shards\. /);
  });

  it('picks a multiple of both node counts when the cluster will grow from 3 to 4 peers', () => {
    expect(chooseShardNumber({ peers: 3, peersAtHorizon: 4, replicationFactor: 2 }).shardNumber).toBe(12);
  });

  it('past its bound of 256 says it is the bound, not a multiple of the peers (s29 audit: 512 peers read "the smallest multiple of 512 peers")', () => {
    // 512 peers want 2 x 512 = 1024 shards; the bound is 256, so 256 x 2 replicas / 512 peers = 1 replica per peer.
    const big = chooseShardNumber({ peers: 512, replicationFactor: 2 });
    expect(big.shardNumber).toBe(256);
    expect(big.reason).toMatch(/^256 shards: fewer than the 1024 that 2 shards per peer on 512 peers would take, past the most qsize chooses by itself \(256; up to 1024 can be given: pass --shards for more\); 256 is the largest number up to 256 whose 256 × 2 replicas spread evenly over the 512 peers: 1 shard replica per peer at replication factor 2\./);
    expect(big.reason).not.toMatch(/smallest multiple/);
    // 200 peers at replication 3: 400 wanted, past the bound of 256. 256 x 3 = 768 replicas over 200 peers would put 4 on
    // 168 peers and 3 on 32 (3.84 on average); 200 / gcd(200, 3) = 200 is the step of even numbers, and the largest
    // multiple of 200 up to 256 is 200: 200 x 3 / 200 = 3 replicas on every peer.
    const two = chooseShardNumber({ peers: 200, replicationFactor: 3 });
    expect(two.shardNumber).toBe(200);
    expect(two.reason).toMatch(/^200 shards: fewer than the 400 that 2 shards per peer on 200 peers would take, past the most qsize chooses by itself \(256; .*200 is the largest number up to 256 whose 200 × 3 replicas spread evenly over the 200 peers: 3 shard replicas per peer/);
    // 128 peers want exactly 256: not capped, the usual reason.
    expect(chooseShardNumber({ peers: 128, replicationFactor: 2 }).reason).toMatch(/^256 shards: the smallest multiple of 128 peers/);
  });

  it('for a peer count the query load sets, gives one shard per peer and says what that gives up', () => {
    // 3 peers, RF 2: 3 shards, 3 × 2 / 3 = 2 replicas per peer, against the 6 of two per peer.
    const c = chooseShardNumber({ peers: 3, replicationFactor: 2, boundBy: 'reads' });
    expect([c.shardNumber, c.boundBy]).toEqual([3, 'reads']);
    expect(c.reason).toMatch(/^3 shards: one per peer of 3 peers, 2 shard replicas per peer at replication factor 2, fewer than the 6 that 2 shards per peer would take: the query load, not memory, sets the peer count/);
    expect(c.reason).toMatch(/a peer added later cannot take whole shards from every peer.*resharding is Qdrant Cloud only/);
    // Past the bound of 256: one per peer of 300 peers would be 300. 256 shards × 2 = 512 replicas over 300 peers would
    // put 2 on 212 peers and 1 on 88 (1.71 on average); 300 / gcd(300, 2) = 150 is the step of even numbers, the largest
    // multiple up to 256 is 150: 150 × 2 / 300 = 1 replica on every peer, and the reason says so.
    const big = chooseShardNumber({ peers: 300, replicationFactor: 2, boundBy: 'reads' });
    expect(big.shardNumber).toBe(150);
    // The search also weighs the cap, 256 (2 replicas on 212 peers, 1 on 88), and the reason names it.
    expect(big.reason).toMatch(/^150 shards: fewer than one per peer of 300 peers, past the most qsize chooses by itself \(256\); 150 is the largest number up to 256 whose 150 × 2 replicas spread evenly over the 300 peers: 1 shard replica per peer at replication factor 2 \(qsize weighs it against 256, each at its own layout, and keeps the one passing every check on the fewest peers, then the cheapest; the busiest peer's share of the points, by the exact hash-ring shares of the shards it holds: \d\.\d{3}% with 150, \d\.\d{3}% with 256\), fewer than the 600 /);
    expect(big.alternatives?.map((c) => [c.shardNumber, c.boundBy])).toEqual([[256, 'reads']]);
    // The default (memory sets the peers) is unmarked.
    expect(chooseShardNumber({ peers: 3, replicationFactor: 2 }).boundBy).toBeUndefined();
  });

  it('past its bound, takes the largest number that spreads the replicas evenly (s33: 256 shards on 171 peers put 3 on the busiest)', () => {
    // 171 peers, RF 2: 2 per peer wants 342. 256 × 2 = 512 replicas over 171 peers: 3 on 170, 2 on one. 171 / gcd(171, 2)
    // = 171, whose largest multiple up to 256 is 171: 2 replicas of 1/171 of the points on every peer, the same points
    // as 3 of 1/256 (2/171 = 0.01170 of the collection against 3/256 = 0.01172), with one replica fewer.
    expect(chooseShardNumber({ peers: 171, replicationFactor: 2 }).shardNumber).toBe(171);
    // 164 peers, RF 2: step 164 / 2 = 82, largest multiple up to 256 is 246: 246 × 2 / 164 = 3 per peer.
    expect(chooseShardNumber({ peers: 164, replicationFactor: 2 }).shardNumber).toBe(246);
    // 129 peers, RF 2: step 129, so 129 shards, 2 per peer (256 × 2 = 512 replicas over 129 peers would put 4 on 125
    // and 3 on 4: 125 × 4 + 4 × 3 = 512).
    expect(chooseShardNumber({ peers: 129, replicationFactor: 2 }).shardNumber).toBe(129);
    // 300 peers at RF 1: the smallest even number is 300 itself, past 256: the cap, uneven (44 peers hold none), said so.
    const none = chooseShardNumber({ peers: 300, replicationFactor: 1 });
    expect(none.shardNumber).toBe(256);
    expect(none.reason).toMatch(/no number up to 256 spreads the replicas evenly over 300 peers, so 256: 0\.85 shard replicas per peer at replication factor 1, some peers holding fewer/);
  });

  it('past its bound, also names the cap and the most shards with one replica fewer on the busiest peer, for the search to weigh (cappedShardNumbers)', () => {
    const weighed = (peers: number, rf: number) => {
      const c = chooseShardNumber({ peers, replicationFactor: rf });
      return [c.shardNumber, ...(c.alternatives ?? []).map((a) => a.shardNumber)];
    };
    // 129 peers, RF 2: even 129 (2 per peer); the cap 256 puts ceil(512 / 129) = 4 on the busiest; one fewer, 3, allows
    // floor(3 × 129 / 2) = 193 shards (386 replicas: 3 on 128 peers, 2 on one).
    expect(weighed(129, 2)).toEqual([129, 256, 193]);
    // 130 peers: even 195 (3 per peer) is also the most with 3 on the busiest (floor(3 × 130 / 2) = 195): two numbers.
    expect(weighed(130, 2)).toEqual([195, 256]);
    // 131 peers: even 131; 256 (4 on the busiest); floor(3 × 131 / 2) = 196.
    expect(weighed(131, 2)).toEqual([131, 256, 196]);
    // 200 peers, RF 3: even 200 (3 per peer); 256 × 3 = 768 puts 4 on 168 peers; floor(3 × 200 / 3) = 200 again.
    expect(weighed(200, 3)).toEqual([200, 256]);
    // 300 peers, RF 1: nothing even up to 256, so 256; ceil(256 / 300) = 1 on the busiest, and 0 fewer is no number.
    expect(weighed(300, 1)).toEqual([256]);
    // Not capped: no alternatives.
    expect(chooseShardNumber({ peers: 128, replicationFactor: 2 }).alternatives).toBeUndefined();
    // Each carries its own reason: 256 on 129 peers is the cap, 3.97 replicas per peer (512 / 129).
    const cap = chooseShardNumber({ peers: 129, replicationFactor: 2 }).alternatives![0]!;
    expect(cap.reason).toMatch(/^256 shards: fewer than the 258 that 2 shards per peer on 129 peers would take, .*; 256 is the cap: 3\.97 shard replicas per peer at replication factor 2 \(qsize weighs it against 129 and 193, /);
    expect(chooseShardNumber({ peers: 129, replicationFactor: 2 }).alternatives![1]!.reason).toMatch(/; 193 is the most with at most 3 replicas on a peer: 2\.99 shard replicas per peer at replication factor 2 \(qsize weighs it against 129 and 256, /);
  });

  it('whenever its own rule passes the bound and some number up to the bound spreads the replicas evenly, every peer holds the same number of replicas, at least one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 129, max: 2000 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), (peers, rf, reads) => {
        const n = chooseShardNumber({ peers, replicationFactor: rf, ...(reads ? { boundBy: 'reads' as const } : {}) }).shardNumber;
        if (n > 256) return false;
        const evenExists = Array.from({ length: 256 }, (_, i) => i + 1).some((k) => (k * rf) % peers === 0);
        if (!evenExists) return n === 256;
        return (n * rf) % peers === 0 && n * rf >= peers && (reads && peers <= 256 ? n === peers : true);
      }),
    );
  });

  it('past its bound, every number weighed is distinct, at most the bound, and gives every peer a replica (or is the bound alone)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 129, max: 2000 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), (peers, rf, reads) => {
        const c = chooseShardNumber({ peers, replicationFactor: rf, ...(reads ? { boundBy: 'reads' as const } : {}) });
        const all = [c, ...(c.alternatives ?? [])].map((a) => a.shardNumber);
        if (new Set(all).size !== all.length || all.some((n) => n > 256)) return false;
        return all.length === 1 ? all[0]! * rf >= peers || all[0] === 256 : all.every((n) => n * rf >= peers);
      }),
    );
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
