/**
 * Losing a zone (src/topology/zones.ts). The rule RF > ceil(P / Z) is checked two ways: against cases worked by hand,
 * and against brute force, which tries every assignment of peers to zones that a maxSkew-1 spread allows and every
 * zone of it, for placements of replicas on distinct peers (qsize's round-robin and arbitrary ones).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../support/fc-seed.js';
import { placeShards, shardsLost, type PeerShards } from '../../src/topology/placement.js';
import { bruteForceSurvives, zoneAssignments } from '../support/zones.js';
import {
  maxPeersForZoneLoss,
  minReplicationForZoneLoss,
  peersPerZoneMax,
  raftMajorityAfterZoneLoss,
  survivesZoneLoss,
} from '../../src/topology/zones.js';

describe('losing a zone: cases worked by hand', () => {
  it('a zone holds at most ceil(P / Z) peers: 4 peers in 3 zones are 2 + 1 + 1', () => {
    expect(peersPerZoneMax(4, 3)).toBe(2);
    expect(peersPerZoneMax(3, 3)).toBe(1);
    expect(peersPerZoneMax(6, 3)).toBe(2);
    expect(peersPerZoneMax(2, 5)).toBe(1); // more zones than peers: some are empty
    expect(peersPerZoneMax(5, 1)).toBe(5);
    // The brute force agrees: the largest zone over every allowed assignment of 4 peers to 3 zones is 2.
    const largest = Math.max(...zoneAssignments(4, 3).map((a) => Math.max(...[0, 1, 2].map((z) => a.filter((x) => x === z).length))));
    expect(largest).toBe(2);
  });

  it('P = 3, Z = 3, RF = 2 survives (one peer per zone); P = 6, Z = 3, RF = 2 does not (two peers, both replicas); RF = 3 does', () => {
    expect(survivesZoneLoss(2, 3, 3)).toBe(true);
    expect(survivesZoneLoss(2, 6, 3)).toBe(false);
    expect(survivesZoneLoss(3, 6, 3)).toBe(true);
    // 8 shards × RF 2 on 4 peers in 3 zones (docs/topology.md): shards 0, 2, 4, 6 sit on peers 0 and 1, which may share a zone.
    expect(survivesZoneLoss(2, 4, 3)).toBe(false);
    expect(shardsLost(placeShards(8, 2, 4), new Set([0, 1]))).toEqual([0, 2, 4, 6]);
    // One zone is no zone check: losing it loses everything.
    expect(survivesZoneLoss(3, 3, 1)).toBe(false);
  });

  it('the smallest replication factor is ceil(P / Z) + 1, and RF survives on at most (RF − 1)·Z peers', () => {
    expect(minReplicationForZoneLoss(6, 3)).toBe(3);
    expect(minReplicationForZoneLoss(4, 3)).toBe(3);
    expect(minReplicationForZoneLoss(3, 2)).toBe(3);
    expect(maxPeersForZoneLoss(2, 3)).toBe(3);
    expect(maxPeersForZoneLoss(3, 3)).toBe(6);
    expect(maxPeersForZoneLoss(2, 2)).toBe(2);
    expect(maxPeersForZoneLoss(1, 3)).toBe(0);
  });

  it('Raft keeps a majority after losing a zone when 2·ceil(P / Z) < P: 3 peers in 3 zones do, 4 in 3 and any 2 zones do not', () => {
    expect(raftMajorityAfterZoneLoss(3, 3)).toBe(true); // 2 of 3 left, majority 2
    expect(raftMajorityAfterZoneLoss(4, 3)).toBe(false); // 2 of 4 left, majority 3
    expect(raftMajorityAfterZoneLoss(5, 3)).toBe(true); // 3 of 5 left, majority 3
    expect(raftMajorityAfterZoneLoss(6, 3)).toBe(true); // 4 of 6 left, majority 4
    expect(raftMajorityAfterZoneLoss(3, 2)).toBe(false); // 1 of 3 left
    expect(raftMajorityAfterZoneLoss(4, 2)).toBe(false); // 2 of 4 left
  });
});

describe('losing a zone: the rule against brute force', () => {
  it('every shard survives every allowed assignment and every zone lost exactly when RF > ceil(P / Z), for qsize\'s round-robin placement', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }).chain((P) => fc.tuple(fc.constant(P), fc.integer({ min: 1, max: P }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 12 }))),
        ([P, rf, Z, S]) => bruteForceSurvives(placeShards(S, rf, P), Z) === survivesZoneLoss(rf, P, Z),
      ),
      { numRuns: 150, examples: [[[3, 2, 3, 6]], [[6, 2, 3, 12]], [[6, 3, 3, 6]], [[4, 2, 3, 8]]] },
    );
  });

  it('the same holds for any placement of each shard on RF distinct peers (Qdrant places replicas without regard to zones)', () => {
    const arbitrary = fc.integer({ min: 1, max: 7 }).chain((P) =>
      fc.integer({ min: 1, max: P }).chain((rf) =>
        fc.tuple(
          fc.constant(P),
          fc.constant(rf),
          fc.integer({ min: 1, max: 4 }),
          fc.array(fc.shuffledSubarray([...Array(P).keys()], { minLength: rf, maxLength: rf }), { minLength: 1, maxLength: 8 }),
        ),
      ),
    );
    fc.assert(
      fc.property(arbitrary, ([P, rf, Z, shards]) => {
        const placement: PeerShards[] = Array.from({ length: P }, (_, peer) => ({ peer, shards: [] as number[] }));
        shards.forEach((holders, s) => holders.forEach((p) => placement[p]!.shards.push(s)));
        return bruteForceSurvives(placement, Z) === survivesZoneLoss(rf, P, Z);
      }),
      { numRuns: 150 },
    );
  });
});
