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
 * - once memory fits, the shard number is frozen and peers are added only for read CPU, up to one peer per shard
 *   replica (more would hold nothing).
 */
import { HOURS_PER_MONTH } from '../pricing/cost.js';
import { chooseShardNumber, type ShardChoice } from '../topology/shards.js';
import { needsOf, type CollectionNeeds } from '../topology/fit.js';
import { verdict, type Verdict } from './checks/index.js';
import { raftMinimumPeers } from './checks/raft-quorum.js';
import { resourcesOf, type PlanContext } from './context.js';
import { evaluate, type Evaluation } from './evaluate.js';
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
  const key = `ref|${variant.key}|${points}`;
  let e = ctx.estimates.get(key);
  if (!e) {
    e = ctx.estimator({ ...variant.workload, points, collection: { ...variant.workload.collection, shard_number: 1 } });
    ctx.estimates.set(key, e);
  }
  return needsOf(e);
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

/** The fewest peers of `offer` that pass every error check for `variant`, or the last candidate tried (its checks say why). */
export function fitOffer(ctx: PlanContext, variant: WorkloadVariant, offer: InstanceOffer): Fit {
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

  let frozen: ShardChoice | undefined;
  let last: Fit | undefined;
  for (let peers = start; peers <= end; peers++) {
    const shards = frozen ? cpuScaled(frozen, peers) : choose(peers);
    const evaluation = evaluate(ctx, { variant, offer, peers, shards });
    const v = verdict(evaluation);
    last = { evaluation, verdict: v };
    if (v.passed || fixedByNone(v) || !Number.isFinite(lbHorizon)) return last;
    if (memoryFails(v)) {
      // Jump to the bound this candidate's own (exact) needs give, without slack; the next step re-checks it.
      const target = memoryLowerBound(ctx, offer, evaluation.needs, rf, 1);
      if (!Number.isFinite(target) || target > end) return last;
      if (target > peers + 1) peers = target - 1;
      continue;
    }
    // Memory fits: keep a shard number (more shards add work to every search) and add peers for read CPU only. With
    // growth, the growth-balanced number may be several times the plain one, and its extra per-search work can cost
    // more peers than balance saves: the plain multiple of today's peers is tried too, and the one needing fewer
    // peers for the reads is kept.
    let at = evaluation;
    if (!frozen) {
      frozen = shards;
      if (ctx.growth && !ctx.pinnedShards) {
        // The plain multiple of the peers memory first fits, and of today's peers: fewer shards, less work per search.
        const now = Math.min(peers, Math.max(floor, rf, Number.isFinite(lbNow) ? lbNow : peers));
        for (const plain of [chooseShardNumber({ peers, replicationFactor: rf }), chooseShardNumber({ peers: now, replicationFactor: rf })]) {
          if (plain.shardNumber === frozen.shardNumber || plain.shardNumber * rf < peers) continue;
          const alt = evaluate(ctx, { variant, offer, peers, shards: plain });
          const altVerdict = verdict(alt);
          if (altVerdict.passed) return { evaluation: alt, verdict: altVerdict };
          if (!memoryFails(altVerdict) && !fixedByNone(altVerdict) && peersForReads(ctx, offer, alt) < peersForReads(ctx, offer, at)) {
            frozen = plain;
            at = alt;
          }
        }
      }
    }
    const replicas = frozen.shardNumber * rf;
    if (peers >= replicas) return last;
    const need = peersForReads(ctx, offer, at);
    if (!Number.isFinite(need)) return last;
    if (need - 1 > peers) peers = Math.min(need, replicas) - 1;
  }
  return last!;
}

/**
 * Peers the reads need at this candidate's shard number: a replica's read load, raised by what a peer loss shifts onto
 * the survivors (the failure and upgrade checks), against the pod's CPU; at most one peer per shard replica.
 */
function peersForReads(ctx: PlanContext, offer: InstanceOffer, e: Evaluation): number {
  const rf = ctx.rf;
  const replicas = e.candidate.shards.shardNumber * rf;
  const cpu = resourcesOf(ctx, offer).cpuRequestCores;
  const lossFactor = Math.max(ctx.f > 0 && rf > ctx.f ? rf / (rf - ctx.f) : 1, rf >= 2 ? rf / (rf - 1) : 1);
  const perReplica = (e.query.vcpuNeeded / replicas) * lossFactor;
  const maxReplicasPerPeer = perReplica > 0 ? Math.floor(cpu / perReplica + 1e-9) : replicas;
  return maxReplicasPerPeer >= 1 ? Math.ceil(replicas / maxReplicasPerPeer) : Number.POSITIVE_INFINITY;
}

/** A frozen shard choice on more peers: the reason says the extra peers serve reads, never that growth was asked for. */
function cpuScaled(choice: ShardChoice, peers: number): ShardChoice {
  return {
    shardNumber: choice.shardNumber,
    get reason() {
      return `${choice.reason} The plan runs ${peers} peers for the query load; the shard number stays (more shards would add work to every search).`;
    },
  };
}

/** Fits are memoized per (context, variant, offer): the winner, the alternatives and the no-fit message share them. */
export function fitCached(cache: Map<string, Fit>, ctx: PlanContext, variant: WorkloadVariant, offer: InstanceOffer): Fit {
  const key = `${ctx.rf}|${ctx.gpu}|${variant.key}|${offer.cloud}|${offer.region}|${offer.instanceType}`;
  let fit = cache.get(key);
  if (!fit) {
    fit = fitOffer(ctx, variant, offer);
    cache.set(key, fit);
  }
  return fit;
}

/**
 * Orders fits by cost: costs that differ only by floating-point rounding are equal (families priced linearly per vCPU
 * make 3 × 16xlarge and 4 × 12xlarge cost the same, and which is a few ulps cheaper must not decide the plan, nor flip
 * when every price is scaled); ties go to fewer peers, then the instance type's name.
 */
export function byCost(a: Fit, b: Fit): number {
  const x = a.evaluation.cost.exactMonthlyUsd;
  const y = b.evaluation.cost.exactMonthlyUsd;
  const d = Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)) ? 0 : x - y;
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
 * and the search stops at the first pair whose bound exceeds the cheapest passing fit found. With nothing passing,
 * every pair is fitted and the closest to passing is returned.
 */
export function bestFit(
  ctx: PlanContext,
  pairs: readonly { variant: WorkloadVariant; offer: InstanceOffer }[],
  fit: (c: PlanContext, v: WorkloadVariant, o: InstanceOffer) => Fit,
): { best: Fit | undefined; tried: Fit[] } {
  const ordered = pairs.map((p) => ({ ...p, lb: lowerBoundCostUsd(ctx, p.variant, p.offer) })).sort((a, b) => a.lb - b.lb);
  let best: Fit | undefined;
  const tried: Fit[] = [];
  for (const p of ordered) {
    if (best && p.lb > best.evaluation.cost.exactMonthlyUsd * (1 + 1e-9)) break;
    const f = fit(ctx, p.variant, p.offer);
    tried.push(f);
    if (f.verdict.passed && (!best || byCost(f, best) < 0)) best = f;
  }
  return { best: best ?? [...tried].sort(byClosest)[0], tried };
}
