/**
 * Shards are uneven: how much of a collection each shard holds, and so how much more than the mean the busiest holds.
 *
 * Qdrant routes a point to a shard by hashing its id onto a consistent-hash ring on which every shard owns
 * HASH_RING_SHARD_SCALE = 100 virtual nodes (src/model/hash-ring.ts). The ring depends only on the shard ids 0..S-1,
 * so a shard's share of the hash space is a fixed number for each S: the length of its 100 arcs, computed exactly by
 * rebuilding the ring. With N points hashed uniformly (numeric ids and UUIDs alike: the server's counts for ids
 * 0..119,999 are the ring's to the point, test/model/hash-ring.test.ts), a shard of share q = share / S holds
 * Binomial(N, q) points: its expected count is N q, exactly the ring's share, and it varies by sqrt(N q (1 - q)).
 */
import { BoundedMemo } from '../util/memo.js';
import { HASH_RING_SHARD_SCALE, ringShares } from './hash-ring.js';

export { HASH_RING_SHARD_SCALE };

export const SHARD_SKEW_SOURCE =
  'qdrant@v1.19.0:lib/collection/src/hash_ring.rs (fair ring, HASH_RING_SHARD_SCALE = 100, hashring 0.3.6 with SipHash-2-4), each shard\'s arcs computed exactly (src/model/hash-ring.ts)';

export interface ShardSkew {
  shards: number;
  /** Points of the busiest shard / mean points per shard: its share of the ring × S. */
  busiestFactor: number;
  /** The busiest shard's id (the lowest id if two tie). */
  busiestShard: number;
  /** Points of the smallest shard / mean. */
  smallestFactor: number;
  /** Share of each shard id relative to the mean (they sum to S). */
  shares: readonly number[];
  source: string;
}

/** Most shard counts kept: a workload gives at most LIMITS.maxShards (1,024) and the planner chooses fewer, so the bound is a guard. */
const SKEW_MEMO_ENTRIES = 4096;
const skewMemo = new BoundedMemo<Readonly<ShardSkew>>(SKEW_MEMO_ENTRIES);

/**
 * Each shard's share of a collection of `shards` shards, and the busiest and smallest (one rule; the planner sizes a
 * peer with it). Memoized and frozen: it depends on S alone, and the planner and every estimate ask for it per
 * candidate.
 */
export function shardSkew(shards: number): Readonly<ShardSkew> {
  const S = Math.max(1, Math.floor(shards));
  return skewMemo.get(String(S), () => {
    const shares = Object.freeze(Array.from(ringShares(S)));
    const busiestFactor = Math.max(...shares);
    return Object.freeze({
      shards: S,
      busiestFactor,
      busiestShard: shares.indexOf(busiestFactor),
      smallestFactor: Math.min(...shares),
      shares,
      source: SHARD_SKEW_SOURCE,
    });
  });
}

/** The busiest-shard multiplier alone. */
export function busiestShardFactor(shards: number): number {
  return shardSkew(shards).busiestFactor;
}

/**
 * Standard deviations of a shard's point count the range spans on each side (qsize's choice): a Binomial count falls
 * outside mean ± 2 sd about 1 time in 20.
 */
const COUNT_RANGE_SD = 2;

/**
 * The range of a shard-size factor `factor` (one shard's, or the mean over the `held` distinct shards a peer holds) of
 * S shards when the collection holds `points` points. The ring fixes the expected count exactly; the held shards own
 * q = held × factor / S of the hash space, and their count varies by sqrt(N q (1 - q)), sqrt((1 - q) / (N q)) of
 * itself. The range is ± COUNT_RANGE_SD of those, at most the whole factor (a handful of points). The busiest of 6
 * shards, 1.170 (q = 0.195): ± 0.13% at 10M points, ± 1.3% at 100,000.
 */
export function shardFactorRange(factor: number, shards: number, points: number, held = 1): { low: number; high: number } {
  const S = Math.max(1, Math.floor(shards));
  const q = (held * factor) / S;
  if (q <= 0 || q >= 1) return { low: factor, high: factor };
  const rel = points * q >= 1 ? Math.min(1, COUNT_RANGE_SD * Math.sqrt((1 - q) / (points * q))) : 1;
  return { low: factor * (1 - rel), high: factor * (1 + rel) };
}

/**
 * Share of the collection on a peer that holds the given shard ids (one replica each), relative to an even split
 * (ids.length / S of the points): the mean of those shards' shares.
 */
export function peerLoadFactor(shardIds: readonly number[], shards: number): number {
  if (shardIds.length === 0) return 0;
  const { shares } = shardSkew(shards);
  return shardIds.reduce((a, id) => a + (shares[id] ?? 1), 0) / shardIds.length;
}
