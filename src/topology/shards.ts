/**
 * How many shards a collection gets. Qdrant fixes `shard_number` at creation; self-hosted clusters
 * cannot change it in place (resharding is a Qdrant Cloud feature,
 * https://qdrant.tech/documentation/guides/distributed_deployment/#resharding), so the number is
 * chosen for the node counts the cluster is likely to pass through, not just today's.
 */

export interface ShardChoiceInput {
  /** Peers the plan starts with. */
  peers: number;
  /** Peers the plan is likely to grow to (at the horizon); defaults to `peers`. */
  peersAtHorizon?: number;
  replicationFactor: number;
  /** Upper bound for the answer (Qdrant accepts up to 1024... qsize caps lower to keep overhead sane). */
  maxShards?: number;
}

export interface ShardChoice {
  shardNumber: number;
  reason: string;
}

/** At least this many shards per peer, so that adding a peer can take whole shards from every peer. */
export const MIN_SHARDS_PER_PEER = 2;
export const DEFAULT_MAX_SHARDS = 256;

/**
 * Chooses `shard_number`:
 * 1. at least `2 × peers` (Qdrant's own skill: "for a cluster of 3-6 nodes the recommended shard count is 6-12",
 *    github.com/qdrant/skills `qdrant-horizontal-scaling`; the HA guide's "peer_count × 2"),
 * 2. a multiple of `peers`, so every peer carries the same number of shard replicas,
 * 3. if the cluster is expected to grow, also a multiple of the horizon peer count, so the grown cluster is
 *    balanced without resharding; else the smallest multiple of `peers`.
 * The textbook case, 3 peers and no growth, gives 6.
 */
/** The number `chooseShardNumber` picks, without the reason (the planner's search calls it per step). */
export function shardCount(peers: number, peersAtHorizon = peers, maxShards = DEFAULT_MAX_SHARDS): number {
  const p = Math.max(1, Math.floor(peers));
  const h = Math.max(p, Math.floor(peersAtHorizon));
  const lower = Math.min(maxShards, MIN_SHARDS_PER_PEER * p);
  if (h > p) {
    const both = lcm(p, h);
    let n = both;
    while (n < lower) n += both;
    if (n <= maxShards && n <= 4 * lower) return n;
  }
  let n = p;
  while (n < lower) n += p;
  return Math.min(n, maxShards);
}

export function chooseShardNumber(input: ShardChoiceInput): ShardChoice {
  const peers = Math.max(1, Math.floor(input.peers));
  const horizon = Math.max(peers, Math.floor(input.peersAtHorizon ?? peers));
  const maxShards = Math.max(1, Math.floor(input.maxShards ?? DEFAULT_MAX_SHARDS));
  const lower = Math.min(maxShards, MIN_SHARDS_PER_PEER * peers);
  const perPeer = (n: number) => (n * input.replicationFactor) / peers;
  if (horizon > peers) {
    const both = lcm(peers, horizon);
    let n = both;
    while (n < lower) n += both;
    if (n <= maxShards && n <= 4 * lower) {
      return {
        shardNumber: n,
        reason:
          `${n} shards: at least ${MIN_SHARDS_PER_PEER} per peer, and a multiple of both ${peers} peers now and ${horizon} at the horizon, ` +
          `so both clusters are balanced (${fmt(perPeer(n))} then ${fmt((n * input.replicationFactor) / horizon)} shard replicas per peer) without resharding. ` +
          RESHARDING_NOTE,
      };
    }
  }
  let n = peers;
  while (n < lower) n += peers;
  if (n > maxShards) n = maxShards;
  return {
    shardNumber: n,
    reason:
      `${n} shards: the smallest multiple of ${peers} peers with at least ${MIN_SHARDS_PER_PEER} shards per peer, ` +
      `${fmt(perPeer(n))} shard replicas per peer at replication factor ${input.replicationFactor}; adding peers later moves whole shards. ` +
      RESHARDING_NOTE,
  };
}

const RESHARDING_NOTE =
  'shard_number is fixed at creation on self-hosted Qdrant (resharding is Qdrant Cloud only), so re-creating the collection is the way to change it.';

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
