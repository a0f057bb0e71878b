/**
 * recommend(): a short pipeline.
 *   1. parse      the workload and constraints into one context (src/plan/context.ts)
 *   2. variants   the storage variants worth comparing (src/plan/variants.ts)
 *   3. search     per (variant, offer), the fewest peers that pass every check, each candidate estimated at the
 *                 layout it deploys (src/plan/search.ts, src/plan/evaluate.ts, src/plan/checks)
 *   4. choose     the cheapest passing candidate within the constraints, and the alternatives by group
 *   5. assemble   the plan and alternatives from their evaluations (src/plan/assemble.ts)
 */
import { QsizeNoFitError } from '../errors.js';
import { unpricedNote } from '../pricing/cost.js';
import { formatMoney } from '../pricing/money.js';
import { estimate } from '../model/estimate.js';
import { formatCount } from '../spec/units.js';
import type { WorkloadInput } from '../spec/workload.js';
import type { Workload } from '../spec/workload.js';
import { COLLECTION_MAY_NOT_CHANGE, passesAll, toPlan, violations, brokenConstraints } from './assemble.js';
import { createContext, type Estimator, type PlanContext } from './context.js';
import { PLAN_LIMITS, firstMonthWhen, pointsAtMonth, type PlanConstraints, type PlanConstraintsInput } from './constraints.js';
import { evaluate, isGpuPeerOffer } from './evaluate.js';
import { bestFit, byClosest, byCost, fitCached, memoryLowerBound, type Fit } from './search.js';
import { needsOf } from '../topology/fit.js';
import type { Alternative, AlternativeGroup, InstanceOffer, Plan, PlanCatalog, Recommendation } from './types.js';
import { raftMinimumPeers, verdict } from './checks/index.js';
import { maxPeersForZoneLoss, survivesZoneLoss } from '../topology/zones.js';
import { workloadVariants, type WorkloadVariant } from './variants.js';
import { chooseReplication, givenReplicationReason, replicationAllowed } from './replication.js';
import { atMonth, growthTimeline } from './timeline.js';
import { nodePlace } from './own-nodes.js';
import { counted, plural } from '../util/plural.js';

export type { Estimator } from './context.js';
export { passesAll } from './assemble.js';
export { isGpuPeerOffer, gpuVendorOf, GPU_MIN_VRAM_BYTES } from './evaluate.js';

export interface RecommendOptions {
  /** Priced offers, storage prices and allocatable memory; the shipped catalogs (src/pricing) by default. */
  catalog?: PlanCatalog;
  /** The memory model; `estimate` from src/model by default. */
  estimator?: Estimator;
  /** Most alternatives returned (default 12); every group keeps its best entry first. */
  maxAlternatives?: number;
  /**
   * With growth given, also the month-by-month timeline (src/plan/timeline.ts) as `timeline`. Off by default: it
   * evaluates the plan at every month of the horizon and searches up to 120 months for the shard count's limit.
   */
  timeline?: boolean;
}

/** Best entries each alternatives group is guaranteed before the rest are filled by cost. */
const ALTERNATIVES_PER_GROUP = 2;

/**
 * Recommends a topology: the cheapest plan that passes every error check, alternatives grouped by what they change
 * (storage, cloud, family, replication, indexing), and the month growth outruns the plan.
 * Throws QsizeValidationError / QsizeInputError on bad input and QsizeNoFitError (with the closest plans) when
 * nothing fits.
 */
export function recommend(
  workloadInput: WorkloadInput | Workload,
  constraintsInput: PlanConstraintsInput | PlanConstraints = {},
  options: RecommendOptions = {},
): Recommendation {
  const asked = createContext(workloadInput, constraintsInput, options, estimate);
  const variants = workloadVariants(asked.workload, asked.c.placement.onDiskAllowed, asked.c.query.qps > 0);
  const cache = new Map<string, Fit>();
  const fit: FitFn = (c, v, o, capUsd) => fitCached(cache, c, v, o, capUsd);
  const inBounds = (c: PlanContext, v: WorkloadVariant, o: InstanceOffer) => violations(c, v, o).length === 0;

  // The winner: cheapest passing candidate of an allowed variant on an allowed offer, at the replication factor given
  // or, when none was, at the one qsize chooses (src/plan/replication.ts).
  const pairsOf = (c: PlanContext) => variants.flatMap((v) => nodeOffers(c).filter((o) => inBounds(c, v, o)).map((o) => ({ variant: v, offer: o })));
  const { best, tried, reason } = chooseReplication(asked, pairsOf, (c, pairs, capUsd) => bestFit(c, pairs, fit, capUsd));
  if (!best?.verdict.passed) throw noFit(asked, tried, variants, fit);
  // From here on the context is the plan's own: the chosen replication factor is the plan's, and its alternatives,
  // growth and timeline are judged at it.
  const ctx = best.evaluation.ctx;

  // A given factor that one replica more beats on cost (givenReplicationReason): the replication alternative's own fit
  // (cached), whatever number of alternatives was asked for.
  const more = ctx.rfChosen ? undefined : replicationFit(ctx, best, ctx.rf + 1, fit);
  const given = more?.verdict.passed
    ? givenReplicationReason(ctx, best.evaluation.cost.monthlyUsd, { rf: ctx.rf + 1, peers: more.evaluation.candidate.peers, instanceType: more.evaluation.candidate.offer.instanceType, monthlyUsd: more.evaluation.cost.monthlyUsd })
    : undefined;
  const why = reason ?? given;
  const plan = { ...toPlan(best.evaluation, { models: true }), ...(why ? { replicationReason: why } : {}) };
  const alternatives = chooseAlternatives(ctx, best, plan, variants, fit, options.maxAlternatives ?? 12);
  const warnings = [
    ...ctx.warnings,
    ...plan.checks.filter((k) => k.severity === 'warning' && !k.passed).map((k) => `${k.name}: ${k.detail}`),
    ...plan.cost.warnings,
    ...best.evaluation.estimate.warnings,
  ];
  const timeline = options.timeline === true ? growthTimeline(ctx, best.evaluation) : undefined;
  return { schemaVersion: 'qsize.recommendation/v1', plan, alternatives, growth: growthLimit(ctx, best), constraints: resolvedConstraints(ctx), ...(timeline ? { timeline } : {}), warnings };
}

/** The constraints as the plan used them: replication, write consistency and tolerated failures as resolved (collection, constraint or default). */
function resolvedConstraints(ctx: PlanContext): PlanConstraints {
  return { ...ctx.c, replicationFactor: ctx.rf, writeConsistencyFactor: ctx.wcf, toleratedNodeFailures: ctx.f };
}

type FitFn = (c: PlanContext, v: WorkloadVariant, o: InstanceOffer, capUsd?: number) => Fit | undefined;

/**
 * Alternatives that answer "what else could I do", each ranked within its group:
 * - storage: every other storage variant (quantization, originals on disk) on the plan's cloud within the constraints,
 *   with the plan's segment setting;
 * - segments: under a query load, the plan's storage variant with the other segment setting (FEWER_SEGMENTS,
 *   src/plan/variants.ts), where it changes the bill;
 * - cloud: the plan's variant on each other cloud;
 * - family: the plan's variant on the plan's cloud, each other instance family;
 * - replication: the plan's variant with one replica more and one fewer;
 * - indexing: with GPU indexing, the CPU-only plan.
 * Each group keeps its best ALTERNATIVES_PER_GROUP entries (passing first, then the fewest departures from the asked
 * constraints, then cheapest); the rest of the list is
 * filled by cost. A variant that changes the collection is judged by its own technical checks; the constraints it
 * does not meet are listed in `violates`, not counted as failed checks.
 */
function chooseAlternatives(
  ctx: PlanContext,
  best: Fit,
  plan: Plan,
  variants: WorkloadVariant[],
  fit: FitFn,
  max: number,
): Alternative[] {
  const win = best.evaluation.candidate;
  // Passing first; then the fewest departures from what was asked (a replication alternative that keeps the tolerated
  // failures before one that gives them up: `--vectors 2M --dim 768 --qps 500` showed only RF 1 at $335, tolerating no
  // failure, and hid RF 3, which tolerates one like the plan and costs less than it; audit35); then the cheapest.
  // What an alternative changes of the replication asked, read off its own context (a fit is cached per replication
  // factor, so the RF 2 fit the replication search found first is the RF 2 alternative: its departures cannot live in
  // the context it was found with). A factor qsize chose is no constraint: another one departs from nothing asked.
  const departures = (f: Fit): string[] => {
    const e = f.evaluation.ctx;
    return [
      ...(e.rf !== ctx.rf && !ctx.rfChosen ? [`replication factor ${e.rf} instead of ${ctx.rf}`] : []),
      ...(e.f < ctx.f ? [`tolerates ${e.f} peer ${plural(e.f, 'failure')}, not the ${ctx.f} asked for`] : []),
    ];
  };
  const rank = (a: Fit, b: Fit) => Number(b.verdict.passed) - Number(a.verdict.passed) || departures(a).length - departures(b).length || byCost(a, b);
  const groups: { group: AlternativeGroup; fits: Fit[] }[] = [];
  const offers = nodeOffers(ctx);
  const bestOf = (c: PlanContext, v: WorkloadVariant, os: InstanceOffer[]) => bestFit(c, os.map((o) => ({ variant: v, offer: o })), fit).best;

  const onPlanCloud = (v: WorkloadVariant) => bestOf(ctx, v, offers.filter((o) => o.cloud === win.offer.cloud && brokenConstraints(ctx, v, o).every(collectionOnly)));
  const storage = variants.filter((v) => v.key !== win.variant.key && v.fewerSegments === win.variant.fewerSegments).map(onPlanCloud);
  groups.push({ group: 'storage', fits: defined(storage) });
  // The plan's storage with the other segment setting, where it changes the bill: on a pod of 2 CPUs (whose default is
  // already 2), with shards capped by max_segment_size, or with peers set by memory, not by reads, nothing would.
  const segments = defined(variants.filter((v) => v.key !== win.variant.key && v.storage === win.variant.storage).map(onPlanCloud)).filter((f) => byCost(f, best) !== 0);
  groups.push({ group: 'segments', fits: segments });

  const clouds = [...new Set(offers.map((o) => o.cloud))].filter((c) => c !== win.offer.cloud);
  groups.push({ group: 'cloud', fits: defined(clouds.map((c) => bestOf(ctx, win.variant, offers.filter((o) => o.cloud === c)))) });

  // The best two other families: one branch-and-bound search over every other family, then one without the first's.
  const familyFits: Fit[] = [];
  for (let i = 0; i < ALTERNATIVES_PER_GROUP; i++) {
    const taken = new Set([win.offer.family, ...familyFits.map((f) => f.evaluation.candidate.offer.family)]);
    const next = bestOf(ctx, win.variant, offers.filter((o) => o.cloud === win.offer.cloud && !taken.has(o.family)));
    if (!next) break;
    familyFits.push(next);
  }
  groups.push({ group: 'family', fits: familyFits });

  // One replica more, and one fewer. With fewer replicas than the failures to tolerate plus one, the alternative
  // tolerates what its replication allows, and says so in `violates`.
  groups.push({ group: 'replication', fits: defined([ctx.rf + 1, ctx.rf - 1].map((rf) => replicationFit(ctx, best, rf, fit))) });

  if (ctx.gpu) {
    const cctx: PlanContext = { ...ctx, gpu: false, warnings: [] };
    const cpu = bestOf(cctx, win.variant, nodeOffers(cctx).filter((o) => violations(cctx, win.variant, o).length === 0));
    groups.push({ group: 'indexing', fits: cpu ? [cpu] : [] });
  }

  const toAlternative = (group: AlternativeGroup, f: Fit): Alternative => {
    const p = toPlan(f.evaluation);
    const c = f.evaluation.candidate;
    const rfNote = group === 'replication' ? `, replication factor ${p.replicationFactor}` : '';
    const gpuNote = group === 'indexing' ? ', CPU-only indexing (no GPU)' : '';
    return {
      group,
      label: `${c.peers} × ${c.offer.instanceType} (${nodePlace(c.offer)}), ${c.variant.label}${rfNote}${gpuNote}`,
      plan: p,
      passesAllChecks: passesAll(p),
      monthlyDeltaUsd: Math.round((p.cost.monthlyUsd - plan.cost.monthlyUsd) * 100) / 100,
      violates: [...violations(f.evaluation.ctx, c.variant, c.offer), ...departures(f)],
    };
  };

  const chosen: { group: AlternativeGroup; fit: Fit }[] = [];
  const seen = new Set<Fit>([best]);
  for (const g of groups) {
    for (const f of g.fits.sort(rank).slice(0, ALTERNATIVES_PER_GROUP)) {
      if (chosen.length >= max || seen.has(f)) continue;
      seen.add(f);
      chosen.push({ group: g.group, fit: f });
    }
  }
  const rest = groups.flatMap((g) => g.fits.map((f) => ({ group: g.group, fit: f }))).filter((x) => !seen.has(x.fit));
  rest.sort((a, b) => rank(a.fit, b.fit));
  for (const x of rest) {
    if (chosen.length >= max) break;
    seen.add(x.fit);
    chosen.push(x);
  }
  const order: AlternativeGroup[] = ['storage', 'segments', 'cloud', 'family', 'replication', 'indexing'];
  return chosen
    .sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group) || rank(a.fit, b.fit))
    .map((x) => toAlternative(x.group, x.fit));
}

/**
 * The plan's variant at another replication factor, on the plan's cloud within the constraints: the replication
 * alternatives (one replica more and one fewer) and the given factor's note (givenReplicationReason). With fewer
 * replicas than the failures to tolerate plus one, it tolerates what its replication allows (its `violates` says so).
 * Undefined when the factor is not allowed (above the pinned peers it fails Placement whatever the offer:
 * replicationAllowed) or nothing fits.
 */
function replicationFit(ctx: PlanContext, best: Fit, rf: number, fit: FitFn): Fit | undefined {
  if (!replicationAllowed(ctx, rf)) return undefined;
  const win = best.evaluation.candidate;
  const rctx: PlanContext = { ...ctx, rf, wcf: Math.min(ctx.wcf, rf), f: Math.min(ctx.f, rf - 1) };
  const offers = nodeOffers(rctx).filter((o) => o.cloud === win.offer.cloud && violations(rctx, win.variant, o).length === 0);
  return bestFit(rctx, offers.map((o) => ({ variant: win.variant, offer: o })), fit).best;
}

/** The node types a plan may use: GPU peers when GPU indexing was asked, else the CPU-only types. */
function nodeOffers(c: PlanContext): InstanceOffer[] {
  return c.catalog.instances.filter((o) => (c.gpu ? isGpuPeerOffer(o) : o.gpuCount === 0));
}

/** A storage alternative may change the collection even when the plan may not; every other constraint still holds. */
function collectionOnly(b: { constraint: string }): boolean {
  return b.constraint === COLLECTION_MAY_NOT_CHANGE;
}

function defined<T>(xs: (T | undefined)[]): T[] {
  return xs.filter((x): x is T => x !== undefined);
}

/** First month (after now) at which the plan's error checks fail at the stated growth, re-estimated at its own layout. */
function growthLimit(ctx: PlanContext, best: Fit): Recommendation['growth'] {
  const perMonth = ctx.c.growth.pointsPerMonth;
  if (perMonth <= 0) return { fitsUntilMonth: null, detail: 'no growth given (growth.pointsPerMonth = 0)' };
  // The plan passes at the horizon (it was chosen there), so at every month before it: the search starts past it.
  const month = firstMonthWhen((m) => m > ctx.c.growth.horizonMonths && !verdict(evaluate(atMonth(ctx, m), best.evaluation.candidate)).passed);
  if (month === null) return { fitsUntilMonth: null, detail: `still fits after ${PLAN_LIMITS.maxHorizonMonths} months at ${formatCount(perMonth)} points/month` };
  const points = pointsAtMonth(ctx.pointsNow, perMonth, month);
  return {
    fitsUntilMonth: month,
    detail: `fits through month ${month - 1}; in month ${month} (${formatCount(Math.round(points))} points) the plan fails a check (horizon ${counted(ctx.c.growth.horizonMonths, 'month')})`,
  };
}

/** Nothing fits: the closest plans (fewest failing checks, then cheapest) as data, and a message naming their failures. */
function noFit(ctx: PlanContext, pool: Fit[], variants: WorkloadVariant[], fit: FitFn): QsizeNoFitError {
  let hint: string | undefined;
  if (ctx.gpu) {
    const cctx: PlanContext = { ...ctx, gpu: false };
    const pairs = variants.flatMap((v) => cctx.catalog.instances.filter((o) => o.gpuCount === 0 && violations(cctx, v, o).length === 0).map((o) => ({ variant: v, offer: o })));
    const cpu = bestFit(cctx, pairs, fit).best;
    if (cpu?.verdict.passed) {
      const c = cpu.evaluation.candidate;
      // A bill of unpriced lines (your own nodes without a price) is not "$0/month": say what is left out.
      const none = cpu.evaluation.cost.lineItems.every((l) => l.missingPrice);
      const bill = none ? 'with no line of its bill priced' : `at $${cpu.evaluation.cost.monthlyUsd.toFixed(0)}/month${unpricedNote(cpu.evaluation)}`;
      hint = `Without GPU indexing, ${c.peers} × ${c.offer.instanceType} (${c.offer.cloud}, ${c.variant.label}) passes every check ${bill}.`;
    }
  }
  const closestFits = [...pool].sort(byClosest).slice(0, 3);
  const closest = closestFits.map((k) => toPlan(k.evaluation));
  const more = [moreNodesHint(ctx, closestFits), zonesHint(ctx, pool, fit)].filter((x) => x !== undefined).join('\n');
  const reasons = closest.map(
    (p) => `${p.peers} × ${p.node.instanceType} (${p.variant}): ${p.checks.filter((k) => !k.passed && k.severity === 'error').map((k) => `${k.name}: ${k.detail}`).join('; ')}`,
  );
  const gpu = ctx.gpu
    ? ' With GPU indexing the peers must be x86_64 GPU instances: Qdrant indexes on the GPU of its own node and its GPU images are Linux x86_64 only.'
    : '';
  const message =
    pool.length === 0
      ? `${ctx.c.placement.nodes !== undefined ? 'none of your nodes (--node, constraints.placement.nodes)' : 'no instance in the catalog'} meets the constraints${ctx.gpu ? ' and can be a GPU indexing peer (x86_64 with a GPU of ≥ 15 GiB)' : ''}${nearestMiss(ctx, variants)}.${hint ? ` ${hint}` : ''}`
      : `no plan passes every check ${ctx.c.placement.peers !== undefined ? `on the ${counted(ctx.c.placement.peers, 'pinned peer')}` : `within ${counted(ctx.c.placement.maxNodes, 'node')}`} for ${formatCount(ctx.pointsHorizon)} points at the horizon.${gpu} Closest:\n- ${reasons.join('\n- ')}` +
        (more ? `\n${more}` : '') +
        (hint ? `\n${hint}` : '');
  return new QsizeNoFitError(message, closest);
}

/**
 * With no offer inside the constraints, which single constraint keeps the nearest offers out: the offers that break
 * exactly one, counted by the constraint they break (`--family r7g --no-arm64` read only "no instance in the catalog
 * meets the constraints": every r7g type is arm64; audit36). Empty when every offer breaks two or more.
 */
function nearestMiss(ctx: PlanContext, variants: WorkloadVariant[]): string {
  const asConfigured = variants[0];
  if (!asConfigured) return '';
  // Counted under the constraint broken, not the offer's own family, cloud or region the text names.
  const counts = new Map<string, number>();
  for (const o of ctx.catalog.instances) {
    const broken = brokenConstraints(ctx, asConfigured, o);
    if (broken.length === 1) counts.set(broken[0]!.constraint, (counts.get(broken[0]!.constraint) ?? 0) + 1);
  }
  if (counts.size === 0) return '';
  const total = [...counts.values()].reduce((x, y) => x + y, 0);
  const each = [...counts].sort((x, y) => x[1] - y[1]).map(([k, n]) => `${k}: ${n}`);
  return `; ${counted(total, 'instance type')} meet all of them but one (${each.join(', ')})`;
}

/**
 * When losing a zone stopped the search (the zone-replicas check fails: with --zones Z, replication factor RF survives
 * on at most (RF − 1)·Z peers, and the data needs more): the smallest replication factor with a plan that passes every
 * check, searched as the plan was (bestFit over the same variants and node types), from RF + 1 up. A node type is
 * tried at a replication factor only when the search's own memory lower bound (memoryLowerBound on its exact needs, at
 * least the Raft and replication minimums) leaves a peer count the zone rule allows: RF > ceil(P / Z) only gets harder
 * as P grows, so a type whose bound is past (RF − 1)·Z cannot pass. Replication alone may not get there: RF > ceil(P / Z)
 * ≥ P / Z means each peer holds RF/P > 1/Z of a copy, so the nodes must hold that much, and the message says so.
 */
function zonesHint(ctx: PlanContext, pool: Fit[], fit: FitFn): string | undefined {
  const Z = ctx.zones;
  const stopped = pool.filter((k) => k.verdict.failing.some((c) => c.id === 'zone-replicas'));
  if (Z <= 1 || stopped.length === 0) return undefined;
  const fewest = Math.min(...stopped.map((k) => k.evaluation.candidate.peers));
  const limit = `with --zones ${Z}, replication factor ${ctx.rf} survives losing a zone on at most ${maxPeersForZoneLoss(ctx.rf, Z)} peers (a zone holds up to ceil(peers / ${Z}), and Qdrant may put every replica of a shard in one), and the plans need at least ${fewest}`;
  const floor = ctx.f > 0 ? raftMinimumPeers(ctx.f) : 1;
  for (let rf = ctx.rf + 1; rf <= PLAN_LIMITS.maxReplication; rf++) {
    const rctx: PlanContext = { ...ctx, rf, wcf: Math.min(ctx.wcf, rf), warnings: [] };
    const pairs = stopped
      .map((k) => k.evaluation)
      .filter((e) => survivesZoneLoss(rf, Math.max(rf, floor, memoryLowerBound(rctx, e.candidate.offer, needsOf(e.estimate), rf, 1)), Z))
      .map((e) => ({ variant: e.candidate.variant, offer: e.candidate.offer }));
    if (pairs.length === 0) continue;
    const found = bestFit(rctx, pairs, fit).best;
    if (!found?.verdict.passed) continue;
    const c = found.evaluation.candidate;
    const m = Math.ceil(c.peers / Z);
    // A bill of unpriced lines (your own nodes without a price) is not "$0/month", as in the GPU hint above.
    const unpriced = found.evaluation.cost.lineItems.every((l) => l.missingPrice);
    const bill = unpriced ? 'with no line of its bill priced' : `at ${formatMoney(found.evaluation.cost.monthlyUsd, 'USD')}/month${unpricedNote(found.evaluation)}`;
    return `Losing a zone: ${limit}. The smallest replication factor that survives is --replication ${rf}: ${c.peers} × ${c.offer.instanceType} (${c.variant.label}, at most ${m} per zone, ${rf} > ${m}) passes every check ${bill}.`;
  }
  return `Losing a zone: ${limit}. No replication factor up to ${PLAN_LIMITS.maxReplication} survives on the node types allowed: every peer must hold more than 1/${Z} of the collection (RF/P > 1/${Z}), whatever the replication factor, so choose larger nodes, or more zones.`;
}

/**
 * When the peer cap stopped the search: the closest plans all use `maxNodes` peers (none pinned), and every error check
 * they fail is one more peers address (memory, reads, peers), so the answer may lie past the cap. Says which flag raises
 * it, with the fewest peers of the closest node type that could hold the data (the search's own memory lower bound,
 * memoryLowerBound), or that no count up to PLAN_LIMITS.maxNodes can. Nothing when a failure is one no peer count fixes.
 */
function moreNodesHint(ctx: PlanContext, closest: Fit[]): string | undefined {
  const cap = ctx.c.placement.maxNodes;
  if (ctx.c.placement.peers !== undefined || closest.length === 0) return undefined;
  const atCap = closest.every((k) => k.evaluation.candidate.peers === cap && k.verdict.failing.length > 0 && k.verdict.failing.every((c) => c.fixedBy !== 'none'));
  if (!atCap) return undefined;
  const first = closest[0]!.evaluation;
  const type = first.candidate.offer.instanceType;
  const bound = memoryLowerBound(ctx, first.candidate.offer, needsOf(first.estimate), ctx.rf);
  const limit = PLAN_LIMITS.maxNodes;
  const allowed = cap === 1 ? 'the 1 peer allowed' : `all ${cap} peers allowed`;
  if (bound > limit) {
    const need = Number.isFinite(bound) ? `at least ${bound} ${type} peers would be needed` : `no number of ${type} peers holds it`;
    return `The closest plans use ${allowed}, and no count up to qsize's limit of ${limit} holds the data: ${need}; choose larger nodes.`;
  }
  if (cap >= limit) return undefined;
  const data = bound > cap ? `; at least ${bound} ${type} peers for the data` : '';
  return `The closest plans use ${allowed} and fail only checks that more peers address: raise the limit (--max-nodes, constraints.placement.maxNodes; at most ${limit}${data}) or choose larger nodes.`;
}
