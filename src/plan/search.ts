/**
 * Step 3 of recommend(): for one (storage variant, instance offer), the fewest peers whose candidate passes every
 * error check, each candidate estimated at the layout it deploys (src/plan/evaluate.ts) and judged by the check
 * modules (src/plan/checks). Like Karpenter's scheduling simulation, the loop knows no rule: it asks each failing
 * check what more peers would do for it (`fixedBy`).
 *
 * The scan starts at a lower bound (memory: the busiest peer holds at least RF/P of the collection) and steps up:
 * - a failure no peer count fixes (GPU architecture, RF ≤ tolerated failures, a pod that does not fit the node)
 *   ends the scan with that candidate, failing;
 * - while memory fails, the shard number follows the peer count (src/topology/shards.ts);
 * - once memory fits, a shard number is kept and peers are added only for read CPU, up to one peer per shard
 *   replica (more would hold nothing); the number kept is the best of a few (readsPhase below).
 */
import { HOURS_PER_MONTH } from '../pricing/cost.js';
import { chooseShardNumber, type ShardChoice } from '../topology/shards.js';
import { needsOf, type CollectionNeeds } from '../topology/fit.js';
import { verdict, type Verdict } from './checks/index.js';
import { raftMinimumPeers } from './checks/raft-quorum.js';
import { resourcesOf, type PlanContext } from './context.js';
import { estimateAt, evaluate, type Evaluation } from './evaluate.js';
import type { InstanceOffer } from './types.js';
import type { WorkloadVariant } from './variants.js';

export interface Fit {
  evaluation: Evaluation;
  verdict: Verdict;
}

/**
 * The lower bound's slack: the bound uses one reference estimate (one shard, Qdrant's default CPUs) for every offer,
 * while the deployed layout's segment count changes the graph and per-segment files by a few percent; 0.9 keeps the
 * bound below every layout's real need, so the scan never starts above the answer.
 */
const LOWER_BOUND_SLACK = 0.9;

/** Reference needs of a variant at `points` (one shard, the workload's own CPU assumption). */
function referenceNeeds(ctx: PlanContext, variant: WorkloadVariant, points: number): CollectionNeeds {
  return needsOf(estimateAt(ctx, variant, 1, undefined, points));
}

/** No fewer peers can hold `needs`: `baseline + (RF/P)·(resident + cache) ≤ ceiling·limit`, and the same with the optimizer peak. */
export function memoryLowerBound(ctx: PlanContext, offer: InstanceOffer, needs: CollectionNeeds, rf: number, slack = LOWER_BOUND_SLACK): number {
  const limit = resourcesOf(ctx, offer).memoryRequestBytes;
  const room1 = ctx.c.ramCeiling * limit - needs.baselineBytes;
  const room2 = limit - needs.baselineBytes - needs.optimizerPeakBytes;
  if (room1 <= 0 || room2 <= 0) return Number.POSITIVE_INFINITY;
  const data = slack * rf;
  return Math.max(1, Math.ceil((data * (needs.dataResidentBytes + needs.pageCacheBytes)) / room1 - 1e-9), Math.ceil((data * needs.dataResidentBytes) / room2 - 1e-9));
}

function fixedByNone(v: Verdict): boolean {
  return v.failing.some((k) => k.fixedBy === 'none');
}

function memoryFails(v: Verdict): boolean {
  return v.failing.some((k) => k.fixedBy === 'memory' || k.fixedBy === 'peers');
}

/**
 * The fewest peers of `offer` that pass every error check for `variant`, or the last candidate tried (its checks say
 * why). With `capUsd` (the cheapest passing plan found so far), the scan stops as soon as its peers' node-hours alone
 * cost more than the cap and returns undefined: such a candidate cannot win, whatever it passes.
 */
export function fitOffer(ctx: PlanContext, variant: WorkloadVariant, offer: InstanceOffer, capUsd?: number): Fit | undefined {
  const rf = ctx.rf;
  const pinned = ctx.c.placement.peers;
  const maxPeers = ctx.c.placement.maxNodes;
  const floor = Math.max(1, ctx.f > 0 ? raftMinimumPeers(ctx.f) : 1);
  const lbHorizon = memoryLowerBound(ctx, offer, referenceNeeds(ctx, variant, ctx.pointsHorizon), rf);
  const lbNow = ctx.growth ? memoryLowerBound(ctx, offer, referenceNeeds(ctx, variant, ctx.pointsNow), rf) : lbHorizon;
  const start = pinned ?? Math.min(maxPeers, Math.max(floor, rf, Number.isFinite(lbHorizon) ? lbHorizon : 1));
  const end = pinned ?? maxPeers;

  const choose = (peers: number): ShardChoice => {
    // Peers that hold today's data: the shard number is a multiple of them and, with growth, of the horizon's peers.
    const now = ctx.growth ? Math.min(peers, Math.max(floor, rf, Number.isFinite(lbNow) ? lbNow : peers)) : peers;
    return chooseShardNumber({
      peers: now,
      ...(ctx.growth ? { peersAtHorizon: peers } : {}),
      replicationFactor: rf,
      ...(ctx.pinnedShards ? { pinned: ctx.pinnedShards } : {}),
    });
  };

  let last: Fit | undefined;
  for (let peers = start; peers <= end; peers++) {
    if (capUsd !== undefined && beyondCap(peers * HOURS_PER_MONTH * nodeHourUsd(offer), capUsd)) return undefined;
    const shards = choose(peers);
    // Where the cap binds, the shard chooser names other numbers too (src/topology/shards.ts cappedShardNumbers): each
    // is evaluated at the layout it deploys on these peers, and the best of them goes on (atSamePeers).
    last = weighed(shards)
      .map((c): Fit => {
        const evaluation = evaluate(ctx, { variant, offer, peers, shards: c });
        return { evaluation, verdict: verdict(evaluation) };
      })
      .reduce((a, b) => (atSamePeers(b, a) ? b : a));
    const v = last.verdict;
    if (v.passed || fixedByNone(v) || !Number.isFinite(lbHorizon)) return last;
    if (memoryFails(v)) {
      // Jump to the bound this candidate's own (exact) needs give, without slack; the next step re-checks it.
      const target = memoryLowerBound(ctx, offer, last.evaluation.needs, rf, 1);
      if (!Number.isFinite(target) || target > end) return last;
      if (target > peers + 1) peers = target - 1;
      continue;
    }
    return readsPhase(peers, last, shards);
  }
  return last!;

  /**
   * Memory fits at `memPeers` with its own shard number, and the reads need more. More shards add work to every
   * search, so the shard number is kept from here on and peers are added for the reads only, up to one per shard
   * replica (more would hold nothing). Which number to keep is a choice: the one chosen for `memPeers`, or one chosen
   * for a few more peers (READS_WINDOW), whose smaller shards make each replica's reads lighter, so that a peer can
   * hold one replica more (with 1.2B points at 1,426 QPS, 80 shards need 240 peers and 82 shards 123); with growth,
   * also the plain multiples of today's and of these peers. Each option is scanned from its lower bound
   * (peersForReads) in order of that bound, branch and bound: the fewest passing peers win, and on those peers
   * the cheapest option (fewerPeersThenCheaper).
   */
  function readsPhase(memPeers: number, first: Fit, chosen: ShardChoice): Fit | undefined {
    const options: { shards: ShardChoice; base: number; at: Evaluation }[] = [{ shards: first.evaluation.candidate.shards, base: memPeers, at: first.evaluation }];
    const seen = new Set([first.evaluation.candidate.shards.shardNumber]);
    let best: Fit | undefined;
    /**
     * Evaluates `shards` on `p` peers once per shard number; true when memory failed there (more peers may hold it), and
     * then the number may be tried again at the next peers that choose it. Chiefly the cap comes back that way (256 is
     * chosen at 128 peers and weighed on every count past it): 1.774B × 768-d at 314 QPS
     * on r6i.4xlarge fit memory on 126 peers and needed more for a lost peer's reads; 256 shards failed memory on 128
     * peers and pass on 129, where they were never tried again.
     */
    const considerOne = (p: number, shards: ShardChoice, asOption = true): boolean => {
      if (seen.has(shards.shardNumber) || shards.shardNumber * rf < p) return false;
      seen.add(shards.shardNumber);
      const at = evaluate(ctx, { variant, offer, peers: p, shards });
      const v = verdict(at);
      if (v.passed) {
        const fit = { evaluation: at, verdict: v };
        if (fewerPeersThenCheaper(fit, best)) best = fit;
      } else if (asOption && !memoryFails(v) && !fixedByNone(v)) options.push({ shards, base: p, at });
      if (memoryFails(v)) seen.delete(shards.shardNumber);
      return memoryFails(v);
    };
    /** considerOne for a choice and, where the cap binds, its alternatives: true when memory failed for each. */
    const consider = (p: number, shards: ShardChoice, asOption = true): boolean => weighed(shards).map((c) => considerOne(p, c, asOption)).every(Boolean);
    // At `memPeers` the query load sets the shard number, not the peers: they are the fewest the memory, replication
    // and Raft checks allow, or the pinned count, and the reason says which.
    const setBy = (p: number) => (p !== memPeers ? {} : { peersSetBy: pinned !== undefined ? 'pinned (constraints.placement.peers)' : 'the fewest that memory, the replication factor and Raft allow' });
    /** The reads-bound number on `p` peers: one shard per peer (READS_BOUND_SHARDS_PER_PEER), or `r` replicas per peer. */
    const readsBound = (p: number, r?: number) => chooseShardNumber({ peers: p, replicationFactor: rf, boundBy: 'reads', ...(r !== undefined ? { replicasPerPeer: r } : {}), ...setBy(p) });
    // The other numbers weighed on `memPeers` where the cap binds: those that fit memory there are options too.
    consider(memPeers, chosen);
    if (!ctx.pinnedShards) {
      // Fewest peers first: a shard number is tried once, at the first (fewest) peers that choose it, so what the
      // cost cap cuts from the far end of the window never changes what is tried at `memPeers` (seed 38724707: with a
      // higher cap, 10 peers chose 10 shards first, and 10 shards were never tried on 8 peers, where they pass).
      if (ctx.growth) {
        const now = Math.min(memPeers, Math.max(floor, rf, Number.isFinite(lbNow) ? lbNow : memPeers));
        consider(memPeers, chooseShardNumber({ peers: memPeers, replicationFactor: rf }));
        consider(memPeers, chooseShardNumber({ peers: now, replicationFactor: rf }));
      }
      // Fewer shards too: the query load, not memory, sets the peers from here on, and every search visits one replica
      // of every shard, so one shard per peer (READS_BOUND_SHARDS_PER_PEER, src/topology/shards.ts) needs less read
      // CPU than two; it wins only by passing on fewer peers, or as many and cheaper (1M × 768-d at 6,000 QPS, RF 2, on
      // azure: 2 shards, one a peer, pass on 4 × Standard_E64s_v5; test/plan/reads-bound-shards.test.ts).
      consider(memPeers, readsBound(memPeers));
      // Fewer replicas on the busiest peer at (nearly) the same peers: each replica's reads cost the same whatever the
      // shard number, and evenly spread replicas hold RF / peers of the data each way, so r replicas per peer, for every
      // r below the busiest peer's count here, on the fewest peers from `memPeers` on where `r × peers` divides by RF
      // (READS_BOUND_SHARDS_PER_PEER, src/topology/shards.ts readsBound). Found by the pinned-type property (CI seed
      // 1341280840, 2026-12-04): 1.9B points at 743 QPS, RF 3, kept 235 shards (3 per peer) and took 353 peers, while
      // 117M more points chose 172 shards on 258 (2 per peer); now 158 shards on 237.
      // Each peer is sized by its own shards' shares of the hash ring (src/model/shard-skew.ts): fewer replicas per peer
      // average fewer shares, further from 1, and the shares do not fall steadily with the shard number, so where
      // memory fails at the first such count the next ones are tried until it holds (1.2B points at 1,426 QPS, RF 3:
      // 12 shards on 36 peers fail memory, 13 on 39 pass; 1.36B at 544 QPS, RF 3, f 1: memory fits 144 peers with 5
      // replicas each, one shard per peer needs 156).
      // One replica per peer is the end of the road for its shard number (no more peers help it), so there the count
      // steps on past the first that holds memory, and each further count keeps one replica a peer of more, smaller
      // shards, whose reads are lighter (log of the shard's points), until one passes. Found by the pinned-type property
      // (2026-12-04): 1.62B points at 1,916 QPS, RF 2, f 0 held memory at 64 shards on 128 peers a hair over the
      // 15-vCPU limit and took 354 peers, while 38M more points chose 128 shards on 256; 124 shards pass on 248.
      // Where one replica a peer fails memory and reads alike, the memory failures step on as before.
      for (let r = 1; r < first.evaluation.load.replicas; r++) {
        let held = false;
        for (let p = memPeers; p <= end; p++) {
          // Past the cost cap, or past a passing fit's peers, nothing found here can win (fewerPeersThenCheaper).
          if (capUsd !== undefined && beyondCap(p * HOURS_PER_MONTH * nodeHourUsd(offer), capUsd)) break;
          if (best && p > best.evaluation.candidate.peers) break;
          if ((r * p) % rf !== 0) continue;
          // Only the first count that holds memory is an option scanned later (it takes more peers); the rest either pass or not.
          const memoryFailed = consider(p, readsBound(p, r), !held);
          if (memoryFailed) continue;
          if (r > 1 || best) break;
          held = true;
        }
      }
      for (let j = 1; j <= READS_WINDOW && memPeers + j <= end; j++) {
        if (capUsd !== undefined && beyondCap((memPeers + j) * HOURS_PER_MONTH * nodeHourUsd(offer), capUsd)) break;
        consider(memPeers + j, choose(memPeers + j));
        consider(memPeers + j, readsBound(memPeers + j));
      }
    }
    const ranked = options.map((o) => ({ ...o, need: Math.max(o.base + 1, peersForReads(ctx, offer, o.at)) })).sort((a, b) => a.need - b.need || a.shards.shardNumber - b.shards.shardNumber);
    let fallback = first;
    for (const o of ranked) {
      // An option is scanned up to the best peer count found so far, that count included: on the same peers another
      // shard number can cost less (see fewerPeersThenCheaper).
      if (best && o.need > best.evaluation.candidate.peers) break;
      const top = Math.min(end, o.shards.shardNumber * rf, best ? best.evaluation.candidate.peers : Number.POSITIVE_INFINITY);
      const cappedTop = capUsd === undefined || nodeHourUsd(offer) <= 0 ? top : Math.min(top, Math.floor((capUsd * (1 + COST_RELATIVE_TOLERANCE)) / (HOURS_PER_MONTH * nodeHourUsd(offer))));
      const at = (p: number): Fit => {
        const evaluation = evaluate(ctx, { variant, offer, peers: p, shards: cpuScaled(o.shards, p, rf) });
        const fit = { evaluation, verdict: verdict(evaluation) };
        if (o.shards === first.evaluation.candidate.shards) fallback = fit;
        return fit;
      };
      // Upward, one peer count at a time: passing is not monotone in peers, so no step may be skipped on a guess.
      // 24 shards × RF 2 on 25 peers survive a peer's loss where on 30 they do not (on 30 peers shards 0 and 15 share
      // peers 0 and 1, so one survivor takes both shards' reads; docs/topology.md): galloping past 25 and halving back
      // kept 22 shards on 31 peers (1.93B points at 1,859 QPS, CI seed 1489764509). The one sound jump: when only the busiest peer's reads fail,
      // it must hold fewer replicas, and no count below `ceil(R / (busiest − 1))` gives it fewer.
      for (let p = o.need; p <= cappedTop; ) {
        const f = at(p);
        if (f.verdict.passed) {
          if (fewerPeersThenCheaper(f, best)) best = f;
          break;
        }
        if (fixedByNone(f.verdict)) break;
        let next = p + 1;
        const replicasOnBusiest = f.evaluation.load.replicas;
        if (f.verdict.failing.every((k) => k.id === 'query-cpu') && replicasOnBusiest > 1) {
          next = Math.max(next, Math.ceil((o.shards.shardNumber * rf) / (replicasOnBusiest - 1)));
        }
        p = next;
      }
    }
    // On the peers the reads chose, the numbers qsize would choose for that count are tried too, one shard per peer
    // (readsBound) and two (choose): a shard number kept from fewer peers runs there unevenly and, with more shards
    // than the peers need, each with its own segments, can cost more. Found by the reads-bound property (CI seed
    // 432269446, 2026-12-07): 25M × 1536-d at 31 QPS, RF 2, on n2d-highmem-2 kept 74 shards (2 a peer of 37) on 51
    // peers, 2-3 replicas a peer, $4,422.20, while 51 shards on the same 51 peers, 2 replicas each, cost $4,422.18 (a
    // snapshot copy 1 GiB smaller).
    if (best && !ctx.pinnedShards && best.evaluation.candidate.peers > memPeers) {
      const p = best.evaluation.candidate.peers;
      consider(p, readsBound(p), false);
      consider(p, choose(p), false);
    }
    // Nothing passes: under a cap no answer of this pair beats the cap; otherwise the kept shard number's last candidate says why.
    return best ?? (capUsd === undefined ? fallback : undefined);
  }
}

/** A shard choice and, where the cap binds, the other numbers weighed with it (src/topology/shards.ts cappedShardNumbers). */
function weighed(c: ShardChoice): readonly ShardChoice[] {
  return c.alternatives ? [c, ...c.alternatives] : [c];
}

/**
 * Which of the shard numbers weighed on the same peers (where the cap binds, src/topology/shards.ts
 * cappedShardNumbers) goes on: one that passes every check, the cheapest of those (byCost); else, over one whose memory
 * fails, one whose memory fits and whose failures more peers address (the reads phase adds peers for it, and tries the
 * others there too); else the first. True when `f` beats `best`.
 */
function atSamePeers(f: Fit, best: Fit): boolean {
  const [a, b] = [f.verdict, best.verdict];
  return a.passed ? !b.passed || byCost(f, best) < 0 : !b.passed && memoryFails(b) && !memoryFails(a) && !fixedByNone(a);
}

/**
 * The reads phase's order among passing fits of one offer: fewest peers, then cheapest (byCost). On the same peers,
 * shard numbers differ in cost through the volumes: smaller shards shrink the busiest peer's replicas, and every
 * volume is sized to it. Found by the pinned-type property (CI seed 1719850708, 2026-12-02): 1.77B points at 314 QPS,
 * RF 2, f 1 on r6i.4xlarge kept 80 shards on 55 peers ($43,557.13), while 39M more points chose 82 shards on the same
 * 55 ($43,556.07); 82 shards had been tried for the smaller workload only up to 54 peers.
 */
function fewerPeersThenCheaper(f: Fit, best: Fit | undefined): boolean {
  if (!best) return true;
  const d = f.evaluation.candidate.peers - best.evaluation.candidate.peers;
  if (d !== 0) return d < 0;
  const c = byCost(f, best);
  // A tie keeps the 2-per-peer number over the reads-bound one (READS_BOUND_SHARDS_PER_PEER): fewer shards must buy
  // fewer peers or a cheaper bill, or the room to add peers with whole shards is given up for nothing.
  return c < 0 || (c === 0 && best.evaluation.candidate.shards.boundBy === 'reads' && f.evaluation.candidate.shards.boundBy !== 'reads');
}

/** A node's hourly price for the search's bounds; an unpriced node of your own (all of them are, or none) bounds at 0. */
function nodeHourUsd(offer: InstanceOffer): number {
  return offer.pricePerHourUsd ?? 0;
}

/** Shard numbers of the next peer counts the reads phase also tries (see readsPhase). */
const READS_WINDOW = 8;

/**
 * Fewest peers the reads can need at this candidate's shard number, a lower bound so that the scan may jump to it:
 * - every peer's busiest share is at least its replica count over all replicas, so with `m` replicas' worth of
 *   reads per pod (`m = floor(cpu / (vcpuNeeded / replicas))`) the peers are at least `ceil(replicas / m)`;
 * - when `f` peers must be survivable (the failure check, an error), the `P - f` survivors carry the whole load:
 *   `P ≥ ceil(vcpuNeeded / cpu) + f`.
 * How unevenly a loss shifts reads onto particular survivors is left to the checks themselves (worstFailure), which the
 * scan then meets step by step: assuming the worst shift here would jump past the true answer (a rolling upgrade with
 * f = 0 is a warning, not a reason for more peers).
 */
function peersForReads(ctx: PlanContext, offer: InstanceOffer, e: Evaluation): number {
  const replicas = e.candidate.shards.shardNumber * ctx.rf;
  const cpu = resourcesOf(ctx, offer).cpuRequestCores;
  const perReplica = e.query.vcpuNeeded / replicas;
  const m = perReplica > 0 ? Math.floor(cpu / perReplica + 1e-9) : replicas;
  if (m < 1 || cpu <= 0) return Number.POSITIVE_INFINITY;
  const survivors = ctx.f > 0 ? Math.ceil(e.query.vcpuNeeded / cpu - 1e-9) + ctx.f : 0;
  return Math.max(Math.ceil(replicas / m), survivors);
}

/**
 * A frozen shard choice on more peers: the reason says the extra peers serve reads, never that growth was asked for,
 * and gives the replicas per peer on the peers the plan runs, since the choice's own figures are for the peers it was
 * chosen at (20M × 768-d at 3,000 QPS on aws: 3 shards chosen one per peer of 3, run on 6 peers, 1 replica per peer).
 */
function cpuScaled(choice: ShardChoice, peers: number, rf: number): ShardChoice {
  const replicas = choice.shardNumber * rf;
  const lo = Math.floor(replicas / peers);
  const hi = Math.ceil(replicas / peers);
  const perPeer = lo === hi ? `${lo} per peer` : `${lo} or ${hi} per peer`;
  const notAbove = choice.peers !== undefined && choice.peers !== peers ? `, not the ${choice.peers} above,` : '';
  return {
    shardNumber: choice.shardNumber,
    ...(choice.boundBy ? { boundBy: choice.boundBy } : {}),
    ...(choice.capped ? { capped: true as const } : {}),
    get reason() {
      return `${choice.reason} The plan runs ${peers} peers${notAbove} for the query load: ${replicas} shard replicas (${choice.shardNumber} × replication factor ${rf}) over ${peers} peers, ${perPeer}; the shard number stays (more shards would add work to every search).`;
    },
  };
}

/**
 * Fits are memoized per (context, variant, offer): the winner, the alternatives and the no-fit message share them. A
 * scan cut short by a cost cap is not a fit and is not kept: another search (another group's, with a higher cap or
 * none) runs it again.
 */
export function fitCached(cache: Map<string, Fit>, ctx: PlanContext, variant: WorkloadVariant, offer: InstanceOffer, capUsd?: number): Fit | undefined {
  // Every setting one recommend() varies between the contexts sharing this cache: the replication alternatives change
  // rf, wcf and f together, the zone search rf and wcf. Today each rf comes with one (wcf, f) per call, so rf alone
  // would do, but only by that accident (helper zones33's finding); the rest of the context is the call's own.
  const key = `${ctx.rf}|${ctx.wcf}|${ctx.f}|${ctx.gpu}|${variant.key}|${offer.cloud}|${offer.region}|${offer.instanceType}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const fit = fitOffer(ctx, variant, offer, capUsd);
  if (fit) cache.set(key, fit);
  return fit;
}

/**
 * Costs within floating-point rounding of each other are equal: a relative 1e-9, far below a cent on any bill and far
 * above the ulps that linear per-vCPU prices differ by (see byCost). The tie test, the cost cap and the cap's peer
 * count all use it.
 */
const COST_RELATIVE_TOLERANCE = 1e-9;

function sameCost(x: number, y: number): boolean {
  return Math.abs(x - y) <= COST_RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
}

/** Beyond the cap means clearly above it, not within rounding of it (sameCost). */
function beyondCap(costUsd: number, capUsd: number): boolean {
  return costUsd > capUsd * (1 + COST_RELATIVE_TOLERANCE);
}

/**
 * Orders fits by cost: costs that differ only by floating-point rounding are equal (families priced linearly per vCPU
 * make 3 × 16xlarge and 4 × 12xlarge cost the same, and which is a few ulps cheaper must not decide the plan, nor flip
 * when every price is scaled); ties go to fewer peers, then the instance type's name.
 */
export function byCost(a: Fit, b: Fit): number {
  const x = a.evaluation.cost.exactMonthlyUsd;
  const y = b.evaluation.cost.exactMonthlyUsd;
  const d = sameCost(x, y) ? 0 : x - y;
  const ta = a.evaluation.candidate.offer.instanceType;
  const tb = b.evaluation.candidate.offer.instanceType;
  return d || a.evaluation.candidate.peers - b.evaluation.candidate.peers || (ta < tb ? -1 : ta > tb ? 1 : 0);
}

/** Closest to passing: fewest failing error checks, then cheapest. */
export function byClosest(a: Fit, b: Fit): number {
  return a.verdict.failing.length - b.verdict.failing.length || byCost(a, b);
}

/**
 * A cost no candidate of (variant, offer) can undercut: its memory lower bound of peers (at least the Raft and
 * replication minimums) times the node's monthly price. Volumes only add to it.
 */
export function lowerBoundCostUsd(ctx: PlanContext, variant: WorkloadVariant, offer: InstanceOffer): number {
  const pinned = ctx.c.placement.peers;
  const floor = Math.max(1, ctx.f > 0 ? raftMinimumPeers(ctx.f) : 1, ctx.rf);
  const lb = pinned ?? Math.max(floor, memoryLowerBound(ctx, offer, referenceNeeds(ctx, variant, ctx.pointsHorizon), ctx.rf));
  // Your own node without a price bounds nothing (its lines are unpriced): 0.
  return lb * HOURS_PER_MONTH * (offer.pricePerHourUsd ?? 0);
}

/**
 * The best fit among (variant, offer) pairs, branch and bound: pairs are fitted in order of their lower-bound cost,
 * and the search stops at the first pair whose bound exceeds the cheapest passing fit found; a pair's own scan stops
 * once its peers cost more than that fit. With nothing passing, every pair is fitted and the closest to passing is
 * returned. With `capUsd` (a plan found elsewhere: another replication factor's, src/plan/replication.ts), the search starts
 * with that cap, as if that plan were its own. `lowestBoundUsd` is the lowest pair bound (no candidate costs less).
 */
export function bestFit(
  ctx: PlanContext,
  pairs: readonly { variant: WorkloadVariant; offer: InstanceOffer }[],
  fit: (c: PlanContext, v: WorkloadVariant, o: InstanceOffer, capUsd?: number) => Fit | undefined,
  capUsd?: number,
): { best: Fit | undefined; tried: Fit[]; lowestBoundUsd: number } {
  // Bounds equal but for floating-point rounding (linear per-vCPU prices: 6 × 16xlarge and 8 × 12xlarge) keep the
  // pairs' given order, so that scaling every price cannot reorder the search (seed 38724707).
  const ordered = pairs
    .map((p, i) => ({ ...p, i, lb: lowerBoundCostUsd(ctx, p.variant, p.offer) }))
    .sort((a, b) => (sameCost(a.lb, b.lb) ? a.i - b.i : a.lb - b.lb));
  let best: Fit | undefined;
  const tried: Fit[] = [];
  for (const p of ordered) {
    const cap = best?.evaluation.cost.exactMonthlyUsd ?? capUsd;
    if (cap !== undefined && beyondCap(p.lb, cap)) break;
    const f = fit(ctx, p.variant, p.offer, cap);
    if (!f) continue;
    tried.push(f);
    if (f.verdict.passed && (!best || byCost(f, best) < 0)) best = f;
  }
  return { best: best ?? [...tried].sort(byClosest)[0], tried, lowestBoundUsd: ordered[0]?.lb ?? Number.POSITIVE_INFINITY };
}
