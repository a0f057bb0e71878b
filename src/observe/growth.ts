/**
 * The next step for an observed cluster: at a stated growth (points per month, each collection), the month each
 * peer runs out of memory headroom, the month the shard count stops the cluster from growing (self-hosted Qdrant
 * cannot reshard), and a re-plan through `recommend()` seeded with the live collection and its shard count.
 *
 * A peer's need at month m = (its measured resident memory minus qsize's predicted collection heap today, i.e.
 * what the process holds beyond the collections, measured) + the predicted collection heap and page cache of its
 * shards at month m. Anchoring on the measurement keeps the model's known over-prediction of the process
 * baseline (docs/observe.md) out of the runway; the slope is the model's.
 */
import { QsizeNoFitError } from '../errors.js';
import { PLAN_LIMITS, firstMonthWhen, pointsAtMonth } from '../plan/constraints.js';
import { TIMELINE_LIMIT_LABELS, peerLimit, type TimelineLimitKind } from '../plan/timeline.js';
import { maxPeersForZoneLoss } from '../topology/zones.js';
import { recommend } from '../plan/recommend.js';
import type { PlanCatalog, Recommendation } from '../plan/types.js';
import { LIMITS, type WorkloadInput } from '../spec/workload.js';
import { formatBytes, formatCount } from '../spec/units.js';
import { collectionCache, predictShare, processCache, structuresHeap, type Observation, type PeerShare } from './observe.js';
import { plural } from '../util/plural.js';

export interface GrowthOptions {
  /** Points added per month to every observed collection. */
  pointsPerMonth: number;
  /** Months the re-plan must fit (default 12). */
  horizonMonths?: number;
  /** Priced offers for the re-plan (default: the shipped catalogs). */
  catalog?: PlanCatalog;
  /**
   * Availability zones the re-plan must survive losing one of (constraints.zones; default: the observation's own
   * `zones`, from `observe(..., { zones })`, else 1, no zone check).
   */
  zones?: number;
}

export interface PeerRunway {
  peerId: string;
  usableBytes: number | null;
  needNowBytes: number | null;
  /** First month the need exceeds the usable memory; 0 = already; null = not within the horizon or no limit. */
  month: number | null;
  detail: string;
}

export interface ShardLimit {
  collection: string;
  shardNumber: number;
  replicationFactor: number;
  /** Peers that can hold data at most: one shard replica each. */
  maxDataPeers: number;
  /**
   * What stops adding peers, as the plan's timeline says it (src/plan/timeline.ts): the shard count, or with zones the
   * zone rule, (RF − 1) × Z peers, when that is no more than maxDataPeers; `label` is its TIMELINE_LIMIT_LABELS entry.
   */
  limitedBy: TimelineLimitKind;
  label: string;
  /** The most peers the collection can spread over: maxDataPeers, or the zone rule's bound. */
  maxPeers: number;
  /** Shard replicas on the busiest of maxPeers peers: ceil(S × RF / maxPeers) (1 when the shard count binds). */
  replicasPerPeer: number;
  /** First month one shard replica outgrows a whole peer; null = not within MAX_MONTHS or no limit. */
  month: number | null;
  detail: string;
}

export interface Replan {
  collection: string;
  /** The plan's basic fields (the rest of the Recommendation stays with the caller). */
  peers: number;
  shardNumber: number;
  replicationFactor: number;
  instanceType: string;
  memoryRequestBytes: number;
  monthlyUsd: number;
  shardNumberChanged: boolean;
  /** Disk the cluster needs during a migration to a new shard count: the old and the new collection side by side. */
  migration: { diskBytes: number; detail: string } | null;
  recommendation: Recommendation;
}

export interface GrowthObservation {
  pointsPerMonth: number;
  horizonMonths: number;
  peers: PeerRunway[];
  shardLimits: ShardLimit[];
  replans: Replan[];
  errors: string[];
}

/** The furthest a runway is searched: the planner's own horizon limit. */
export const MAX_MONTHS = PLAN_LIMITS.maxHorizonMonths;
/** Default re-plan horizon, as the planner's (PlanConstraints growth.horizonMonths). */
const DEFAULT_HORIZON_MONTHS = 12;

const gib = (n: number) => formatBytes(n, { binary: true });

/**
 * Heap + page cache of a share at a projected size. Past LIMITS.maxPoints (the workload schema's bound, beyond
 * which qsize sizes nothing) the need is unbounded: the runway ends there.
 */
function collectionHeapAndCache(spec: WorkloadInput, share: { shards: number; points: number; grownFromPoints?: number }): number {
  if (share.points > LIMITS.maxPoints) return Number.POSITIVE_INFINITY;
  const e = predictShare(spec, share);
  return structuresHeap(e).expected + collectionCache(e).expected;
}

export function projectGrowth(obs: Observation, options: GrowthOptions): GrowthObservation {
  const g = options.pointsPerMonth;
  const horizonMonths = options.horizonMonths ?? DEFAULT_HORIZON_MONTHS;
  const specs = new Map(obs.collections.map((c) => [c.name, c.recovered.spec] as const));
  const shardsOf = new Map(obs.collections.map((c) => [c.name, c.shardNumber] as const));
  const errors: string[] = [];
  const zones = options.zones ?? obs.zones?.zones ?? 1;

  // The planner's growth rule (pointsAtMonth), applied to the peer's share: its shards take shards/S of the growth.
  // Grown from what it holds now: the WAL at its most on the way (predictShare), so the need only rises with the months.
  const at = (s: PeerShare, m: number) => ({ shards: s.shards, points: pointsAtMonth(s.points, (g * s.shards) / Math.max(1, shardsOf.get(s.collection) ?? 1), m), grownFromPoints: s.points });
  const residuals: number[] = [];

  const peers: PeerRunway[] = obs.peers.map((p) => {
    const resident = p.comparisons.find((c) => c.what === 'resident memory');
    const heapNow = p.holds.reduce((a, s) => a + structuresHeap(predictShare(specs.get(s.collection)!, s)).expected, 0);
    if (p.status !== 'up' || !resident || resident.measured === null) {
      return { peerId: p.peerId, usableBytes: null, needNowBytes: null, month: null, detail: p.status !== 'up' ? 'peer did not answer' : 'no measured resident memory' };
    }
    const residual = Math.max(0, resident.measured - heapNow);
    residuals.push(residual);
    // The server binary's page cache, once per peer.
    const binary = p.holds[0] ? processCache(predictShare(specs.get(p.holds[0].collection)!, p.holds[0])).expected : 0;
    const need = (m: number) => residual + binary + p.holds.reduce((a, s) => a + collectionHeapAndCache(specs.get(s.collection)!, at(s, m)), 0);
    if (p.memoryLimitBytes === null) {
      return { peerId: p.peerId, usableBytes: null, needNowBytes: Math.round(need(0)), month: null, detail: `no memory limit: ${p.memoryLimitFrom} (pass --memory-limit)` };
    }
    const usable = p.memoryLimitBytes * obs.ramCeiling;
    const month = firstMonthWhen((m) => need(m) > usable);
    return {
      peerId: p.peerId,
      usableBytes: Math.round(usable),
      needNowBytes: Math.round(need(0)),
      month,
      detail:
        month === null
          ? `fits ${MAX_MONTHS} months at ${formatCount(g)} points/month`
          : `needs more than ${Math.round(obs.ramCeiling * 100)}% of its ${gib(p.memoryLimitBytes)} limit from month ${month}`,
    };
  });

  const limits = obs.peers.map((p) => p.memoryLimitBytes).filter((x): x is number => x !== null);
  const residual = residuals.length > 0 ? Math.max(...residuals) : 0;
  const shardLimits: ShardLimit[] = obs.collections.map((c) => {
    const S = Math.max(1, c.shardNumber);
    const rf = c.replicationFactor;
    // With zones the zone rule may allow fewer peers than the shard count (the plan's timeline's rule, peerLimit).
    const { limitedBy, maxDataPeers, maxPeers } = peerLimit(c.shardNumber, rf, zones);
    const k = maxPeers > 0 ? Math.ceil((S * rf) / maxPeers) : 0;
    const base = { collection: c.name, shardNumber: c.shardNumber, replicationFactor: rf, maxDataPeers, limitedBy, label: TIMELINE_LIMIT_LABELS[limitedBy], maxPeers, replicasPerPeer: k };
    const zoneBound = `with --zones ${zones}, replication_factor ${rf} survives losing a zone on at most ${maxPeers} peers ((${rf} − 1) × ${zones}; shard_number ${c.shardNumber} × ${rf} would allow ${maxDataPeers})`;
    if (maxPeers === 0) return { ...base, month: 0, detail: `${zoneBound}: no peer count keeps every shard through the loss of a zone` };
    if (limits.length === 0) return { ...base, month: null, detail: 'no memory limit reported (pass --memory-limit)' };
    const usable = Math.min(...limits) * obs.ramCeiling;
    const binary = processCache(predictShare(c.recovered.spec, { shards: 1, points: 1 })).expected;
    // The busiest of maxPeers peers holds k shard replicas, each 1/S of the points.
    const busiest = (m: number) => residual + binary + collectionHeapAndCache(c.recovered.spec, { shards: k, points: (k * pointsAtMonth(c.points, g, m)) / S, grownFromPoints: (k * c.points) / S });
    const month = firstMonthWhen((m) => busiest(m) > usable);
    const detail =
      limitedBy === 'zones'
        ? month === null
          ? `${zoneBound}; ${k} shard ${plural(k, 'replica')} on the busiest of ${maxPeers} peers still fit${k === 1 ? 's' : ''} after ${MAX_MONTHS} months`
          : `${zoneBound}; from month ${month} the busiest of ${maxPeers} peers, with ${k} shard ${plural(k, 'replica')}, needs more than a whole peer (${gib(usable)} usable): adding peers no longer helps, nor do more shards; the way on is larger nodes or replication_factor ${rf + 1} (up to ${maxPeersForZoneLoss(rf + 1, zones)} peers)`
        : month === null
          ? `one shard replica per peer (${maxDataPeers} peers) still fits after ${MAX_MONTHS} months`
          : `from month ${month} one shard replica needs more than a whole peer (${gib(usable)} usable): adding peers beyond ${maxDataPeers} no longer helps, the shard count must change`;
    return { ...base, month, detail };
  });

  const replans: Replan[] = [];
  for (const c of obs.collections) {
    const spec = c.recovered.spec;
    const constraints = { replicationFactor: c.replicationFactor, growth: { pointsPerMonth: g, horizonMonths }, ...(zones > 1 ? { zones } : {}) };
    const opts = { maxAlternatives: 0, ...(options.catalog ? { catalog: options.catalog } : {}) };
    // With zones the re-plan keeps the live replication_factor; a failure says so and how to plan another one (the
    // planner's own message names the smallest factor that survives, or why RF 1 cannot).
    const atZones = zones > 1 ? ` (the re-plan keeps replication_factor ${c.replicationFactor} and --zones ${zones}; for another factor, re-plan the recovered spec that --spec-out writes: qsize --spec FILE --zones ${zones} --replication N)` : '';
    let r: Recommendation | undefined;
    let changed = false;
    try {
      r = recommend(spec, { ...constraints, shardNumber: c.shardNumber }, opts);
    } catch (error) {
      if (!(error instanceof QsizeNoFitError)) {
        errors.push(`collection "${c.name}": re-plan failed: ${(error as Error).message}${atZones}`);
        continue;
      }
      // The live shard count cannot carry the growth: plan a new shard count (a migration).
      const free = structuredClone(spec) as WorkloadInput & { collection: Record<string, unknown> };
      delete free.collection['shard_number'];
      try {
        r = recommend(free, constraints, opts);
        changed = r.plan.shardNumber !== c.shardNumber;
      } catch (e2) {
        errors.push(`collection "${c.name}": no plan fits: ${(e2 as Error).message}${atZones}`);
        continue;
      }
    }
    const disk = c.comparisons.find((x) => x.what === 'disk');
    const diskNow = disk?.measured ?? disk?.predicted.expected ?? 0;
    replans.push({
      collection: c.name,
      peers: r.plan.peers,
      shardNumber: r.plan.shardNumber,
      replicationFactor: r.plan.replicationFactor,
      instanceType: r.plan.node.instanceType,
      memoryRequestBytes: r.plan.perPeer.memoryRequestBytes,
      monthlyUsd: r.plan.cost.monthlyUsd,
      shardNumberChanged: changed,
      migration: changed
        ? {
            diskBytes: 2 * diskNow,
            detail: `shard_number ${c.shardNumber} -> ${r.plan.shardNumber}: self-hosted Qdrant cannot reshard, so the points move into a new collection; during the copy the cluster holds both, twice today's ${gib(diskNow)} of segment files (${disk?.measured !== null && disk?.measured !== undefined ? 'measured' : 'predicted'}, every replica)`,
          }
        : null,
      recommendation: r,
    });
  }

  return { pointsPerMonth: g, horizonMonths, peers, shardLimits, replans, errors };
}
