/**
 * Which replica of which shard sits on which peer. Qdrant itself places replicas when the collection is
 * created (and moves them with `replicate_shard` / `move_shard`); this placement is what a balanced cluster
 * converges to and what the plan's memory and failure checks rest on.
 */
import { QsizeInputError } from '../errors.js';
import { peerLoadFactor } from '../model/shard-skew.js';
import { BoundedMemo } from '../util/memo.js';

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
  // Each peer's shards are already ascending: shards are placed in ascending order.
  return out;
}

/** Most shard replicas on any one peer: `ceil(S·RF / P)`. */
export function maxReplicasPerPeer(shardNumber: number, replicationFactor: number, peers: number): number {
  return Math.ceil((shardNumber * replicationFactor) / peers);
}

export interface BusiestDataPeer {
  peer: number;
  /** Shard replicas it holds. */
  replicas: number;
  /** Its shards' mean share against the mean shard (src/model/shard-skew.ts peerLoadFactor). */
  skew: number;
  /** Its share of the collection's points: replicas × skew / S. */
  share: number;
}

/**
 * The peer that holds the most of the collection, the one that sizes every peer: the most `replicas × skew`, each
 * peer's shards weighed by their exact shares of Qdrant's hash ring (src/model/shard-skew.ts); the lowest peer on a tie.
 * The planner sizes its busiest peer with it (src/plan/evaluate.ts), and the capped shard rule compares numbers with it
 * (src/topology/shards.ts).
 */
export function busiestDataPeer(placement: readonly PeerShards[], shardNumber: number): BusiestDataPeer {
  let best: BusiestDataPeer = { peer: 0, replicas: 0, skew: 0, share: 0 };
  let most = -1;
  for (const p of placement) {
    const skew = peerLoadFactor(p.shards, shardNumber);
    const held = p.shards.length * skew;
    if (held > most) [most, best] = [held, { peer: p.peer, replicas: p.shards.length, skew, share: held / shardNumber }];
  }
  return best;
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

/**
 * Share of the cluster's read load on each peer. Every search visits one live replica of every shard, and Qdrant
 * spreads a shard's reads over its live replicas, so a shard carries `1/S` of the load, split evenly over its live
 * replicas; a peer's share is the sum over the replicas it holds. Peers in `failed` carry nothing; a shard with no
 * live replica carries nothing (it is lost, reported by `shardsLost`).
 */
export function readShares(placement: readonly PeerShards[], shardNumber: number, failed: ReadonlySet<number> = new Set()): number[] {
  const live = new Array<number>(shardNumber).fill(0);
  for (const p of placement) if (!failed.has(p.peer)) for (const s of p.shards) live[s] = (live[s] ?? 0) + 1;
  return placement.map((p) => {
    if (failed.has(p.peer)) return 0;
    let share = 0;
    for (const s of p.shards) share += 1 / (shardNumber * (live[s] ?? 1));
    return share;
  });
}

/** Most failure sets `worstFailure` enumerates; past it, it tries the windows of consecutive peers (see below). */
export const MAX_FAILURE_SETS = 2000;

export interface WorstFailure {
  /** The peers lost. */
  failed: number[];
  /** Largest read share any survivor carries. */
  busiestShare: number;
  /** Shards with no live replica. */
  lost: number[];
}

/** Most worst-failure answers kept (each a few peer and shard lists); a bound on memory, as for the placements. */
const FAILURE_MEMO_ENTRIES = 10_000;
const failureMemo = new BoundedMemo<WorstFailure>(FAILURE_MEMO_ENTRIES);

/**
 * The `f` peers whose loss hurts most: the failure set that loses the most shards, then leaves the busiest survivor.
 * Every set of `f` peers is tried while there are at most MAX_FAILURE_SETS of them; beyond that, the sets of `f`
 * consecutive peers (placeShards puts a shard's replicas on consecutive peers, so those sets share the most shards
 * and concentrate the most load) plus `f` peers spread evenly. The answer depends only on (S, RF, P, f) for a
 * round-robin placement, so it is memoized on those.
 */
export function worstFailure(placement: readonly PeerShards[], shardNumber: number, f: number): WorstFailure {
  const n = placement.length;
  const rf = n === 0 ? 0 : placement.reduce((s, p) => s + p.shards.length, 0) / Math.max(1, shardNumber);
  const key = `${shardNumber}|${rf}|${n}|${f}|${isRoundRobin(placement, shardNumber, rf) ? 'rr' : placement.map((p) => p.shards.join(',')).join(';')}`;
  return failureMemo.get(key, () => computeWorstFailure(placement, shardNumber, f));
}

function isRoundRobin(placement: readonly PeerShards[], shardNumber: number, rf: number): boolean {
  const n = placement.length;
  if (!Number.isInteger(rf) || rf < 1 || rf > n) return false;
  // placeShards puts the k-th replica (shard floor(k / RF)) on peer k mod P, so each peer's shards come in ascending
  // order: walk k and compare in place, without building the expected placement.
  const cursor = new Int32Array(n);
  for (let k = 0; k < shardNumber * rf; k++) {
    const i = k % n;
    if (placement[i]?.peer !== i || placement[i]!.shards[cursor[i]!++] !== Math.floor(k / rf)) return false;
  }
  return placement.every((p, i) => p.shards.length === cursor[i]);
}

function computeWorstFailure(placement: readonly PeerShards[], shardNumber: number, f: number): WorstFailure {
  const n = placement.length;
  const holders: number[][] = Array.from({ length: shardNumber }, () => []);
  placement.forEach((p, i) => p.shards.forEach((s) => holders[s]!.push(i)));
  const baseLive = holders.map((h) => h.length);
  const shareOf = (i: number, live: (s: number) => number): number => {
    let x = 0;
    for (const s of placement[i]!.shards) x += 1 / (shardNumber * live(s));
    return x;
  };
  const baseShare = placement.map((_, i) => shareOf(i, (s) => baseLive[s]!));
  const byBaseShare = baseShare.map((_, i) => i).sort((a, b) => baseShare[b]! - baseShare[a]!);
  const down = new Uint8Array(n);
  const touched = new Uint8Array(n);
  const liveNow = new Int32Array(shardNumber).fill(-1);
  // A failure changes only the shards the failed peers hold, and the shares of the survivors holding them; every other
  // survivor keeps its share with nothing failed. So a set costs its peers' replicas, not the whole placement (a
  // full recount per set made this 55% of the planner's time at 200 peers).
  const evaluateSet = (set: number[]): { lost: number[]; share: number } => {
    for (const i of set) down[i] = 1;
    const affected: number[] = [];
    const lost: number[] = [];
    for (const i of set) {
      for (const s of placement[i]!.shards) {
        if (liveNow[s] !== -1) continue;
        let c = 0;
        for (const h of holders[s]!) if (!down[h]) c++;
        liveNow[s] = c;
        affected.push(s);
        if (c === 0) lost.push(s);
      }
    }
    let share = 0;
    for (const i of byBaseShare) {
      if (!down[i]) {
        share = baseShare[i]!;
        break;
      }
    }
    const live = (s: number) => (liveNow[s] !== -1 ? liveNow[s]! : baseLive[s]!);
    const survivors: number[] = [];
    for (const s of affected) {
      for (const h of holders[s]!) {
        if (down[h] || touched[h]) continue;
        touched[h] = 1;
        survivors.push(h);
        const x = shareOf(h, live);
        if (x > share) share = x;
      }
    }
    for (const h of survivors) touched[h] = 0;
    for (const s of affected) liveNow[s] = -1;
    for (const i of set) down[i] = 0;
    lost.sort((a, b) => a - b);
    return { lost, share };
  };
  if (f <= 0 || n === 0) {
    const r = evaluateSet([]);
    return { failed: [], busiestShare: r.share, lost: [] };
  }
  const k = Math.min(f, n);
  let best: WorstFailure | undefined;
  const consider = (set: number[]) => {
    const r = evaluateSet(set);
    if (!best || r.lost.length > best.lost.length || (r.lost.length === best.lost.length && r.share > best.busiestShare + 1e-12)) {
      best = { failed: set.map((i) => placement[i]!.peer), busiestShare: r.share, lost: r.lost };
    }
  };
  if (binomial(n, k) <= MAX_FAILURE_SETS) {
    const chosen: number[] = [];
    const pick = (start: number): void => {
      if (chosen.length === k) return consider([...chosen]);
      for (let i = start; i <= n - (k - chosen.length); i++) {
        chosen.push(i);
        pick(i + 1);
        chosen.pop();
      }
    };
    pick(0);
  } else {
    for (let i = 0; i < n; i++) consider(Array.from({ length: k }, (_, j) => (i + j) % n));
    consider(Array.from({ length: k }, (_, j) => Math.floor((j * n) / k)));
  }
  return best!;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) {
    r = (r * (n - k + i)) / i;
    if (r > 1e9) return r;
  }
  return r;
}

/**
 * Peers that may be down at once (a rolling upgrade, a node drain) while every shard still accepts writes and Raft
 * keeps its majority: each shard must keep `write_consistency_factor` live replicas (Qdrant fails a write that fewer
 * replicas confirm, https://qdrant.tech/documentation/guides/distributed_deployment/#write-consistency-factor), and a
 * peer set of P keeps a majority while at most floor((P − 1) / 2) are down. The rolling-upgrade check and the emitted
 * PodDisruptionBudget's maxUnavailable both use this number, so they cannot disagree. 0 for one peer.
 */
export function toleratedDisruptions(plan: { peers: number; replicationFactor: number; writeConsistencyFactor: number }): number {
  if (plan.peers <= 1) return 0;
  const { byReplicas, byConsensus } = disruptionBounds(plan);
  return Math.min(byReplicas, byConsensus);
}

/** The two bounds of toleratedDisruptions: by the replicas each shard must keep live, by the Raft majority. */
function disruptionBounds(plan: { peers: number; replicationFactor: number; writeConsistencyFactor: number }): { byReplicas: number; byConsensus: number } {
  return {
    byReplicas: Math.max(0, plan.replicationFactor - Math.max(1, plan.writeConsistencyFactor)),
    byConsensus: Math.floor((plan.peers - 1) / 2),
  };
}

/**
 * Why no peer may be down (toleratedDisruptions is 0 on several peers) and what would allow one, as one clause: the
 * writes-during-upgrade check and the emitted README both say it, so the report and the files give one cause and
 * one remedy. Each bound of toleratedDisruptions that is 0 is named: the replicas (a peer down leaves RF − 1 live
 * replicas of its shards, and Qdrant fails a write fewer than W confirm) and the consensus (fewer than 3 peers lose
 * the Raft majority with one down). Undefined when a peer may be down, or for one peer (no PDB then).
 */
export function noDisruptionReason(plan: { peers: number; replicationFactor: number; writeConsistencyFactor: number }): string | undefined {
  if (plan.peers <= 1 || toleratedDisruptions(plan) > 0) return undefined;
  const { peers, replicationFactor: rf } = plan;
  const w = Math.max(1, plan.writeConsistencyFactor);
  const { byReplicas, byConsensus } = disruptionBounds(plan);
  const causes: string[] = [];
  if (byReplicas < 1) {
    causes.push(
      rf === 1
        ? 'replication_factor 1 keeps one replica of each shard, so a peer down takes its shards offline (raise replication_factor to 2)'
        : `write_consistency_factor ${w} needs ${w} live replicas of each shard and replication_factor ${rf} leaves ${rf - 1} with a peer down (lower write_consistency_factor to ${rf - 1}, or raise replication_factor)`,
    );
  }
  if (byConsensus < 1) causes.push(`${peers} peers lose the Raft majority with one down (3 peers keep it)`);
  return causes.join('; and ');
}
