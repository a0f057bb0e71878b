/**
 * Which replica of which shard sits on which peer. Qdrant itself places replicas when the collection is
 * created (and moves them with `replicate_shard` / `move_shard`); this placement is what a balanced cluster
 * converges to and what the plan's memory and failure checks rest on.
 */
import { QsizeInputError } from '../errors.js';

export interface PeerShards {
  peer: number;
  shards: number[];
}

/**
 * Round-robin placement: replica `r` of shard `s` is the `k = s·RF + r`-th replica placed, on peer `k mod P`.
 * Because the `RF` replicas of one shard are consecutive in `k` and `RF ≤ P`, they land on `RF` different
 * peers; because `k` runs over `S·RF` consecutive values, per-peer counts differ by at most one.
 * 6 shards × RF 2 on 3 peers gives 4 replicas per peer: shard 0 on peers 0,1, shard 1 on 2,0, shard 2 on 1,2, …
 */
export function placeShards(shardNumber: number, replicationFactor: number, peers: number): PeerShards[] {
  if (!Number.isInteger(shardNumber) || shardNumber < 1) throw new QsizeInputError('shardNumber', shardNumber, 'a whole number ≥ 1');
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1)
    throw new QsizeInputError('replicationFactor', replicationFactor, 'a whole number ≥ 1');
  if (!Number.isInteger(peers) || peers < 1) throw new QsizeInputError('peers', peers, 'a whole number ≥ 1');
  if (replicationFactor > peers)
    throw new QsizeInputError('replicationFactor', replicationFactor, `at most the peer count (${peers})`, 'two replicas of a shard may not share a peer');
  const out: PeerShards[] = Array.from({ length: peers }, (_, peer) => ({ peer, shards: [] as number[] }));
  for (let s = 0; s < shardNumber; s++) {
    for (let r = 0; r < replicationFactor; r++) {
      out[(s * replicationFactor + r) % peers]!.shards.push(s);
    }
  }
  for (const p of out) p.shards.sort((a, b) => a - b);
  return out;
}

/** Most shard replicas on any one peer: `ceil(S·RF / P)`. */
export function maxReplicasPerPeer(shardNumber: number, replicationFactor: number, peers: number): number {
  return Math.ceil((shardNumber * replicationFactor) / peers);
}

/** Shards with no live replica once `failed` peers are gone. */
export function shardsLost(placement: readonly PeerShards[], failed: ReadonlySet<number>): number[] {
  const alive = new Set<number>();
  const all = new Set<number>();
  for (const p of placement) {
    for (const s of p.shards) {
      all.add(s);
      if (!failed.has(p.peer)) alive.add(s);
    }
  }
  return [...all].filter((s) => !alive.has(s)).sort((a, b) => a - b);
}

/**
 * Whether every shard keeps a live replica after losing ANY `f` peers. With replicas of a shard on distinct
 * peers this holds exactly when `f < RF` (losing `RF` peers that hold one shard kills it); this function checks
 * the placement itself by enumerating peer subsets, and is meant for tests and small clusters.
 */
export function survivesAnyFailures(placement: readonly PeerShards[], f: number): boolean {
  const peers = placement.map((p) => p.peer);
  if (f <= 0) return shardsLost(placement, new Set()).length === 0;
  if (f >= peers.length) return false;
  let ok = true;
  const pick = (start: number, chosen: number[]): void => {
    if (!ok) return;
    if (chosen.length === f) {
      if (shardsLost(placement, new Set(chosen)).length > 0) ok = false;
      return;
    }
    for (let i = start; i < peers.length; i++) pick(i + 1, [...chosen, peers[i]!]);
  };
  pick(0, []);
  return ok;
}
