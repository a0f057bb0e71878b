/**
 * Shards are uneven: how much more than the mean the busiest shard of a collection holds.
 *
 * Qdrant routes a point to a shard by hashing its id onto a consistent-hash ring on which every shard owns
 * HASH_RING_SHARD_SCALE = 100 virtual nodes (a "fair" ring; qdrant@v1.19.0:lib/collection/src/hash_ring.rs,
 * `HashRingRouter::single`, ring from the `hashring` crate). A shard's share of the ids is the length of its 100
 * arcs, so shards differ by about 1/sqrt(100) = 10% of the mean (a Beta(100, 100 (S - 1)) share: relative
 * standard deviation 0.1 sqrt((S - 1) / S)), however many points there are. The ring depends only on the shard
 * ids 0..S-1, so the same S always gives the same shares: they were measured once on the real server for
 * S = 2..12, 16, 24, 32 (data/calibration/server-v1.19.0/shard-skew.json: 120,000 sequential ids and 120,000
 * UUIDs per S, the two agreeing within 1.5%; their mean is used). The pooled relative standard deviation of
 * all measured shares is 0.090, as the Beta share predicts (0.087-0.098 for these S).
 *
 * For other S the expected busiest share is the expected maximum of S such shares: 1 + 0.1 sqrt((S-1)/S) E[max
 * of S standard normals], with a range of one standard deviation of that maximum below and above.
 */
import { BoundedMemo } from '../util/memo.js';

/** Virtual nodes per shard on Qdrant's hash ring (qdrant@v1.19.0:lib/collection/src/hash_ring.rs, HASH_RING_SHARD_SCALE). */
export const HASH_RING_SHARD_SCALE = 100;

export const SHARD_SKEW_SOURCE =
  'qdrant@v1.19.0:lib/collection/src/hash_ring.rs (fair ring, HASH_RING_SHARD_SCALE = 100); measured on the Qdrant v1.19.0 server: data/calibration/server-v1.19.0/shard-skew.json';

/**
 * Points of each shard id relative to the mean, measured on the v1.19.0 server (mean of sequential ids and UUIDs,
 * 120,000 points per S; counting noise about 0.3% at S = 2, 1.2% at S = 32).
 */
export const MEASURED_SHARD_SHARES: Readonly<Record<number, readonly number[]>> = {
  1: [1],
  2: [1.0534, 0.9466],
  3: [0.9319, 1.0785, 0.9897],
  4: [0.9358, 1.2067, 0.9207, 0.9368],
  5: [0.9737, 1.1292, 0.8241, 1.0057, 1.0673],
  6: [0.9976, 0.9451, 0.8253, 1.029, 1.0309, 1.1721],
  7: [0.9546, 0.9554, 0.8605, 1.0443, 1.0251, 1.158, 1.0021],
  8: [0.987, 0.9214, 0.7788, 1.0707, 1.061, 1.0938, 1.1135, 0.9739],
  9: [1.0503, 0.9237, 0.7828, 1.0023, 1.0633, 1.1049, 1.1789, 0.9335, 0.9603],
  10: [1.0059, 0.9289, 0.8105, 1.0223, 1.0342, 1.0692, 1.0674, 0.9408, 0.9772, 1.1436],
  12: [0.8973, 1.0259, 0.8251, 1.0449, 1.0831, 1.0194, 1.0194, 0.9993, 0.96, 1.1283, 0.8338, 1.1636],
  16: [0.8897, 1.0079, 0.9141, 0.9329, 1.0563, 1.0445, 0.9807, 1.0109, 1.0589, 0.9954, 0.8562, 1.0733, 1.0605, 1.1085, 0.9913, 1.0188],
  24: [
    1.0607, 0.9777, 0.8832, 0.9524, 0.9639, 0.8745, 0.8481, 1.0428, 1.1441, 0.9654, 1.0148, 1.032, 0.9331, 1.132, 1.059, 0.9859, 0.9657, 1.1896,
    1.0333, 0.8269, 1.0552, 0.9618, 0.993, 1.1049,
  ],
  32: [
    1.0317, 0.9765, 0.958, 0.9728, 0.9488, 0.8341, 0.9427, 1.0569, 1.0905, 0.9644, 1.0363, 1.0337, 0.9637, 1.1041, 1.0312, 0.9804, 0.9528, 1.1189,
    1.0899, 0.8963, 0.9588, 0.9608, 1.0485, 1.228, 1.0995, 0.9641, 0.9987, 0.9203, 0.9359, 1.0468, 0.8137, 1.0411,
  ],
};

export interface ShardSkew {
  shards: number;
  /** Points of the busiest shard / mean points per shard. */
  busiestFactor: number;
  low: number;
  high: number;
  /** Points of the smallest shard / mean (expected). */
  smallestFactor: number;
  /** true when S was measured on the server (the factor is then Qdrant's own, up to counting noise). */
  measured: boolean;
  /** Share of each shard id relative to the mean, when measured. */
  shares?: readonly number[];
  source: string;
}

/** Relative counting noise of the measured shares is at most 1.2% (S = 32); the range is that wide. */
const MEASURED_NOISE = 0.012;

/** Most shard counts kept: a workload gives at most LIMITS.maxShards (1,024) and the planner chooses fewer, so the bound is a guard. */
const SKEW_MEMO_ENTRIES = 4096;
const skewMemo = new BoundedMemo<Readonly<ShardSkew>>(SKEW_MEMO_ENTRIES);

/**
 * The busiest-shard multiplier for a collection of `shards` shards (one rule; the planner sizes a peer with it).
 * Memoized and frozen: it depends on S alone, and unmeasured S integrate numerically while the planner and every
 * estimate ask for it per candidate.
 */
export function shardSkew(shards: number): Readonly<ShardSkew> {
  const S = Math.max(1, Math.floor(shards));
  return skewMemo.get(String(S), () => Object.freeze(computeShardSkew(S)));
}

function computeShardSkew(S: number): ShardSkew {
  const measured = MEASURED_SHARD_SHARES[S];
  if (measured) {
    const max = Math.max(...measured);
    const min = Math.min(...measured);
    return {
      shards: S,
      busiestFactor: max,
      low: S === 1 ? 1 : max * (1 - MEASURED_NOISE),
      high: S === 1 ? 1 : max * (1 + MEASURED_NOISE),
      smallestFactor: min,
      measured: true,
      shares: measured,
      source: SHARD_SKEW_SOURCE,
    };
  }
  const sd = Math.sqrt((S - 1) / S) / Math.sqrt(HASH_RING_SHARD_SCALE);
  const { mean, sd: maxSd } = maxOfNormals(S);
  return {
    shards: S,
    busiestFactor: 1 + sd * mean,
    low: 1 + sd * Math.max(0, mean - maxSd),
    high: 1 + sd * (mean + maxSd),
    smallestFactor: Math.max(0, 1 - sd * mean),
    measured: false,
    source: `${SHARD_SKEW_SOURCE} (S = ${S} not measured: expected maximum of ${S} Beta(100, 100 (S-1)) shares)`,
  };
}

/** The expected busiest-shard multiplier alone. */
export function busiestShardFactor(shards: number): number {
  return shardSkew(shards).busiestFactor;
}

/**
 * Share of the collection on a peer that holds the given shard ids (one replica each), relative to an even split
 * (ids.length / S of the points): for measured S the exact sum of those shards' shares; otherwise the busiest-shard
 * bound, which no set of shards exceeds on average.
 */
export function peerLoadFactor(shardIds: readonly number[], shards: number): number {
  const measured = MEASURED_SHARD_SHARES[Math.max(1, Math.floor(shards))];
  if (shardIds.length === 0) return 0;
  if (measured) return shardIds.reduce((a, id) => a + (measured[id] ?? 1), 0) / shardIds.length;
  return busiestShardFactor(shards);
}

/** Mean and standard deviation of the maximum of n standard normal variables (numerical integration). */
export function maxOfNormals(n: number): { mean: number; sd: number } {
  if (n <= 1) return { mean: 0, sd: 1 };
  let m1 = 0;
  let m2 = 0;
  const h = 0.01;
  for (let x = -8; x <= 8; x += h) {
    const pdf = n * phi(x) * Math.pow(Phi(x), n - 1);
    m1 += x * pdf * h;
    m2 += x * x * pdf * h;
  }
  return { mean: m1, sd: Math.sqrt(Math.max(0, m2 - m1 * m1)) };
}

function phi(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 erf, |error| < 1.5e-7). */
function Phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
