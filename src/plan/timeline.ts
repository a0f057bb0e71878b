/**
 * Growth, month by month: the recommended plan's cluster as it grows. For every month of the horizon, the points
 * (the one growth rule, `pointsAtMonth`), the fewest peers of the plan's node type that pass every error check at
 * that month's points, and what those peers cost; the month each peer is added; and the month the shard count
 * itself stops the cluster from growing.
 *
 * Why the shard count caps growth: self-hosted Qdrant cannot change `shard_number` in place (resharding is Qdrant
 * Cloud only, https://qdrant.tech/documentation/guides/distributed_deployment/#resharding). With S shards and
 * replication factor RF there are S × RF shard replicas, so at most S × RF peers hold data; past that a new peer
 * holds nothing, and once one replica (1/S of the collection) no longer fits a peer, only larger nodes or a new
 * collection with more shards (a migration: both copies side by side while the points move) let it grow.
 *
 * Each month is the same candidate as the plan (storage variant, node type, shard number, replication) with a peer
 * count, evaluated at that month's points by the planner's own evaluation and checks (src/plan/evaluate.ts,
 * src/plan/checks) and priced through the one price join (src/plan/assemble.ts billOf): nothing is re-derived here.
 * A month's bill is that month's evaluation: its nodes, and volumes sized for that month's data on them.
 */
import { billOf } from './assemble.js';
import { unpricedLines } from '../pricing/cost.js';
import { verdict } from './checks/index.js';
import { raftMinimumPeers } from './checks/raft-quorum.js';
import { PLAN_LIMITS, firstMonthWhen, pointsAtMonth } from './constraints.js';
import type { PlanContext } from './context.js';
import { evaluate, type Candidate, type Evaluation } from './evaluate.js';
import { formatCount } from '../spec/units.js';
import { maxPeersForZoneLoss } from '../topology/zones.js';

export interface TimelineMonth {
  /** Months from now (0 = today's points). */
  month: number;
  points: number;
  /** Fewest peers of the plan's node type that pass every error check at these points; null when none does. */
  peers: number | null;
  instanceType: string;
  /** That cluster's bill (src/plan/assemble.ts billOf), to the cent; null when no peer count fits. */
  monthlyUsd: number | null;
  /** Peers added since the month before (0 in month 0). */
  peersAdded: number;
  /**
   * Lines of that bill without a price, and of how many (your own nodes without a price, storage on them); absent when
   * every line is priced. `monthlyUsd` sums the priced lines only, so a renderer says these beside it.
   */
  unpriced?: { lines: number; of: number };
}

export interface PeerAddition {
  month: number;
  from: number;
  to: number;
  points: number;
}

/**
 * What stops the cluster from growing by adding peers: the shard count (S × RF shard replicas, one per peer at most), or,
 * with --zones, the zone rule (RF survives losing a zone on at most (RF − 1) × Z peers), whichever allows fewer peers;
 * at a tie the zone rule, since more shards would not lift it.
 */
export type TimelineLimitKind = 'shard-count' | 'zones';

/** The limit line's label, one per kind: every renderer (text, markdown, CSV, the page) reads it from here. */
export const TIMELINE_LIMIT_LABELS: Readonly<Record<TimelineLimitKind, string>> = { 'shard-count': 'Shard count limit', zones: 'Zone limit' };

export interface ShardLimit {
  shardNumber: number;
  replicationFactor: number;
  /** S × RF: the most peers that hold data, one shard replica each. */
  maxDataPeers: number;
  /** Which rule stops the cluster (TimelineLimitKind); `label` is its TIMELINE_LIMIT_LABELS entry. */
  limitedBy: TimelineLimitKind;
  label: string;
  /** The most peers the timeline may use: maxDataPeers, or with --zones the zone rule's (RF − 1) × Z when that is no more. */
  maxPeers: number;
  /** First month no peer count up to maxDataPeers passes on the plan's node type; null = not within 120 months. */
  month: number | null;
  /** Points that month (null with `month`). */
  points: number | null;
  detail: string;
}

export interface GrowthTimeline {
  pointsPerMonth: number;
  horizonMonths: number;
  cloud: string;
  region: string;
  instanceType: string;
  shardNumber: number;
  replicationFactor: number;
  months: TimelineMonth[];
  /** The months the cluster gains peers (month 0 is where it starts, not an addition). */
  additions: PeerAddition[];
  shardLimit: ShardLimit;
  /** How the timeline is computed, in one paragraph. */
  detail: string;
}

/**
 * The most peers a collection can spread over, and which rule sets it: S × RF shard replicas (one per peer), or with
 * zones (Z > 1) `(RF − 1) × Z` (src/topology/zones.ts) when that is no more; at a tie the zone rule, since more shards
 * would not lift it. The plan's timeline and `qsize observe --growth` both read it.
 */
export function peerLimit(shardNumber: number, replicationFactor: number, zones: number): { limitedBy: TimelineLimitKind; maxDataPeers: number; maxPeers: number } {
  const maxDataPeers = shardNumber * replicationFactor;
  const zoneMax = zones > 1 ? maxPeersForZoneLoss(replicationFactor, zones) : Number.POSITIVE_INFINITY;
  return zoneMax <= maxDataPeers ? { limitedBy: 'zones', maxDataPeers, maxPeers: zoneMax } : { limitedBy: 'shard-count', maxDataPeers, maxPeers: maxDataPeers };
}

/** The limit line as every renderer prints it: `Zone limit: with --zones 3, replication 2 survives ...`. */
export function timelineLimitLine(limit: Pick<ShardLimit, 'label' | 'detail'>): string {
  return `${limit.label}: ${limit.detail}`;
}

/** The furthest month the shard limit is searched: the planner's horizon limit. */
export const TIMELINE_MAX_MONTHS = PLAN_LIMITS.maxHorizonMonths;

/** The plan's context at month `m`: the same inputs, the collection grown to that month's points (as growthLimit). */
export function atMonth(ctx: PlanContext, month: number): PlanContext {
  return { ...ctx, pointsHorizon: pointsAtMonth(ctx.pointsNow, ctx.c.growth.pointsPerMonth, month) };
}

/** The fewest peers the timeline may use: the Raft majority that survives the tolerated failures, and RF. */
function minimumPeers(ctx: PlanContext): number {
  return Math.max(1, ctx.rf, ctx.f > 0 ? raftMinimumPeers(ctx.f) : 1);
}

/** The fewest peers in [low, high] whose evaluation at month `m` passes every error check, or undefined. */
function fewestPeers(ctx: PlanContext, candidate: Candidate, month: number, high: number): Evaluation | undefined {
  const pinned = ctx.c.placement.peers;
  const mctx = atMonth(ctx, month);
  const low = pinned ?? minimumPeers(ctx);
  const top = pinned ?? high;
  for (let peers = low; peers <= top; peers++) {
    const e = evaluate(mctx, { ...candidate, peers });
    if (verdict(e).passed) return e;
  }
  return undefined;
}

/**
 * Whether any peer count in [low, high] passes at month `m`. Scanned from the top: more peers hold less each, so the
 * largest count is the one that passes when any does, and a month that fits is answered in one evaluation.
 */
function anyPasses(ctx: PlanContext, candidate: Candidate, month: number, high: number): boolean {
  const pinned = ctx.c.placement.peers;
  const mctx = atMonth(ctx, month);
  const low = pinned ?? minimumPeers(ctx);
  for (let peers = pinned ?? high; peers >= low; peers--) if (verdict(evaluate(mctx, { ...candidate, peers })).passed) return true;
  return false;
}

/**
 * The timeline of the plan `best` (the recommended candidate, evaluated at the horizon) over the context's growth,
 * or undefined when no growth was given. Peers never shrink as points grow in the model (a property test checks it
 * on the shipped catalogs); the months are computed independently, so the timeline shows what the checks say.
 */
export function growthTimeline(ctx: PlanContext, best: Evaluation): GrowthTimeline | undefined {
  const perMonth = ctx.c.growth.pointsPerMonth;
  if (!(perMonth > 0)) return undefined;
  const candidate = best.candidate;
  const { offer } = candidate;
  const S = candidate.shards.shardNumber;
  const rf = ctx.rf;
  // With zones, the zone rule may stop the peers first: RF survives losing a zone on at most (RF − 1) · Z peers
  // (src/topology/zones.ts), whatever the shard count; then that, not the shards, is the limit the detail names.
  const { limitedBy, maxDataPeers, maxPeers } = peerLimit(S, rf, ctx.zones);
  const zoneBound = limitedBy === 'zones';
  const high = Math.min(ctx.c.placement.maxNodes, maxPeers);
  const H = ctx.c.growth.horizonMonths;

  const months: TimelineMonth[] = [];
  const additions: PeerAddition[] = [];
  let previous: number | null = null;
  for (let m = 0; m <= H; m++) {
    const e = fewestPeers(ctx, candidate, m, high);
    const points = pointsAtMonth(ctx.pointsNow, perMonth, m);
    const peers = e ? e.candidate.peers : null;
    const added = peers !== null && previous !== null ? Math.max(0, peers - previous) : 0;
    if (peers !== null && previous !== null && peers > previous) additions.push({ month: m, from: previous, to: peers, points });
    const bill = e ? billOf(e) : undefined;
    const unpriced = bill ? unpricedLines(bill.lineItems) : undefined;
    months.push({ month: m, points, peers, instanceType: offer.instanceType, monthlyUsd: bill ? bill.monthlyUsd : null, peersAdded: added, ...(unpriced && unpriced.lines > 0 ? { unpriced } : {}) });
    if (peers !== null) previous = peers;
  }

  // The shard count's own limit: peers beyond S × RF hold nothing, whatever --max-nodes allows.
  const limitMonth = firstMonthWhen((m) => !anyPasses(ctx, candidate, m, maxPeers));
  const limitPoints = limitMonth === null ? null : pointsAtMonth(ctx.pointsNow, perMonth, limitMonth);
  const shardLimit: ShardLimit = {
    shardNumber: S,
    replicationFactor: rf,
    maxDataPeers,
    limitedBy,
    label: TIMELINE_LIMIT_LABELS[limitedBy],
    maxPeers,
    month: limitMonth,
    points: limitPoints,
    detail: (() => {
      const nextZoneMax = maxPeersForZoneLoss(rf + 1, ctx.zones);
      const bound = zoneBound
        ? `with --zones ${ctx.zones}, replication ${rf} survives losing a zone on at most ${maxPeers} peers ((${rf} − 1) × ${ctx.zones}; shard_number ${S} × replication ${rf} would allow ${maxDataPeers})`
        : `shard_number ${S} × replication ${rf} allows at most ${maxDataPeers} peers holding data (one shard replica each)`;
      if (limitMonth === null) return `${bound}; on ${offer.instanceType} that still carries the collection after ${TIMELINE_MAX_MONTHS} months at ${formatCount(perMonth)} points/month`;
      const wayOn = zoneBound
        ? `More shards do not help: the way on is larger nodes, or replication ${rf + 1} (--replication ${rf + 1}), which survives losing a zone on up to ${nextZoneMax} peers${S * (rf + 1) < nextZoneMax ? ` (shard_number ${S} × ${rf + 1} holds data on ${S * (rf + 1)} of them)` : ''}.`
        : `Self-hosted Qdrant cannot reshard, so the way on is larger nodes, or a new collection with more shards and a migration (the cluster holds both copies while the points move). To grow further without one, choose more shards now (--shards).`;
      return (
        `${bound}; on ${offer.instanceType} it carries the collection through month ${limitMonth - 1}` +
        (limitMonth > 0 ? ` (${formatCount(pointsAtMonth(ctx.pointsNow, perMonth, limitMonth - 1))} points)` : '') +
        `. From month ${limitMonth} (${formatCount(limitPoints as number)} points) no number of ${offer.instanceType} peers passes every check: adding peers no longer helps. ${wayOn}`
      );
    })(),
  };
  const detail =
    `Each month: points = ${formatCount(ctx.pointsNow)} now + ${formatCount(perMonth)} per month × months; the fewest ${offer.instanceType} peers (shard_number ${S}, replication ${rf}) that pass every error check at those points, ` +
    `and their bill at this plan's prices (nodes, volumes sized for that month's data, snapshots, control plane). The plan itself is sized for month ${H}.`;
  return {
    pointsPerMonth: perMonth,
    horizonMonths: H,
    cloud: offer.cloud,
    region: offer.region,
    instanceType: offer.instanceType,
    shardNumber: S,
    replicationFactor: rf,
    months,
    additions,
    shardLimit,
    detail,
  };
}
