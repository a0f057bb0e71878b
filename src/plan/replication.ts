/**
 * The replication factor, when nobody gave one (no `--replication` / constraints.replicationFactor, no collection
 * `replication_factor`, no single pinned peer): qsize chooses it as it chooses the node type, by the cheapest plan
 * that passes every check.
 *
 * Why a choice and not a default: every search visits one replica of every shard, so a replica serves qps / RF of its
 * shard's searches, and more replicas spread the query load without adding work to each search (more shards would:
 * src/topology/shards.ts READS_BOUND_SHARDS_PER_PEER). When the reads set the peer count, a third replica can cost far
 * less than the peers two need: 2M × 768-d at 500 QPS is $519.44/month at RF 3 against $1,121.98 at the default 2 that
 * qsize planned until s36, with the same tolerated failure. When memory sets the peers, each replica is a copy the
 * peers must hold, and the fewest replicas stay cheapest.
 *
 * The rule:
 * 1. start at the fewest replicas that survive the tolerated failures (fewestReplicas: max(2, f + 1, a given write
 *    consistency, a lost zone's on pinned peers); src/plan/context.ts) and search the plan there (bestFit);
 * 2. try RF + 1, RF + 2, … while replicationAllowed (PLAN_LIMITS.maxReplication, and the pinned peers, which hold at
 *    most one replica of a shard each), each search capped at the cheapest passing plan so far, and keep a higher factor only when it is
 *    strictly cheaper (a tie keeps the fewer replicas: less to write, to move and to store);
 * 3. stop when no pair's lower-bound cost at that factor (its memory bound of peers, at least RF and Raft's minimum,
 *    times the node price; src/plan/search.ts lowerBoundCostUsd, which bestFit orders the pairs by and reports) is
 *    below the cheapest plan: that bound only grows with RF, so no higher factor can win;
 * 4. when nothing passes at the fewest replicas, a higher factor is tried only while the closest plan fails nothing
 *    but checks more replicas can fix (query CPU, a failure's or a zone's survivors, a lost zone's replicas, peers left
 *    empty by a pinned shard number; every memory check only gets harder), and the first factor that passes wins.
 * Tolerated failures and write consistency stay as asked; the report says which factor was chosen and why
 * (`replicationReason`), and the replication alternatives show one replica fewer and one more.
 */
import { formatCount } from '../spec/units.js';
import { formatMoney } from '../pricing/money.js';
import { plural } from '../util/plural.js';
import { PLAN_LIMITS } from './constraints.js';
import type { PlanContext } from './context.js';
import { replicasFitPeers } from './checks/placement.js';
import { byClosest, byCost, type Fit } from './search.js';
import type { WorkloadVariant } from './variants.js';
import type { InstanceOffer } from './types.js';

type Pairs = readonly { variant: WorkloadVariant; offer: InstanceOffer }[];
type Search = (ctx: PlanContext, pairs: Pairs, capUsd?: number) => { best: Fit | undefined; tried: Fit[]; lowestBoundUsd: number };

/**
 * A replication factor a plan may have: within qsize's limit and, with pinned peers, no more than them (no two replicas
 * of a shard on one peer, replicasFitPeers). The replication search and the replication alternatives both ask it.
 */
export function replicationAllowed(ctx: PlanContext, rf: number): boolean {
  const pinned = ctx.c.placement.peers;
  return rf >= 1 && rf <= PLAN_LIMITS.maxReplication && (pinned === undefined || replicasFitPeers(rf, pinned));
}

/** The highest factor the search may try (replicationAllowed), named in the reason. */
function highestAllowed(ctx: PlanContext): number {
  let rf = PLAN_LIMITS.maxReplication;
  while (rf > 1 && !replicationAllowed(ctx, rf)) rf--;
  return rf;
}

export interface ReplicationChoice {
  best: Fit | undefined;
  tried: Fit[];
  /** Why the plan's replication factor is what it is; undefined when the user gave it. */
  reason: string | undefined;
}

/**
 * Failing checks more replicas may fix: read CPU (more replicas share it), a lost zone's replicas, and peers left empty
 * (`--shards 1` on the 3 peers Raft needs holds 2 replicas at RF 2, 3 at RF 3: audit36).
 */
const REPLICATION_FIXES = new Set(['zone-replicas', 'peers-hold-replicas']);

function replicationMayFix(f: Fit | undefined): boolean {
  if (!f) return false;
  const failing = f.verdict.failing;
  return failing.length > 0 && failing.every((k) => k.fixedBy === 'cpu' || REPLICATION_FIXES.has(k.id));
}

/** The replication search (rule above). `pairsOf` gives the (variant, offer) pairs a context may use. */
export function chooseReplication(ctx: PlanContext, pairsOf: (c: PlanContext) => Pairs, search: Search): ReplicationChoice {
  const first = search(ctx, pairsOf(ctx));
  if (!ctx.rfChosen) return { best: first.best, tried: first.tried, reason: undefined };
  const least = ctx.rf;
  let best = first.best?.verdict.passed ? first.best : undefined;
  let tried = first.tried;
  let closest = first.best;
  // The bills the reason quotes: each plan's own total (the sum of its rounded lines, `monthlyUsd`), as its bill prints
  // it; the search compares the unrounded `exactMonthlyUsd`.
  const costs = new Map<number, number>();
  if (best) costs.set(least, best.evaluation.cost.monthlyUsd);
  for (let rf = least + 1; replicationAllowed(ctx, rf); rf++) {
    if (!best && !replicationMayFix(closest)) break;
    const rctx: PlanContext = { ...ctx, rf };
    const pairs = pairsOf(rctx);
    if (pairs.length === 0) break;
    const found = search(rctx, pairs, best?.evaluation.cost.exactMonthlyUsd);
    // The search's own lowest pair bound (bestFit): past the cap it tried nothing, and a higher factor's bound is higher.
    if (best && found.tried.length === 0 && found.lowestBoundUsd >= best.evaluation.cost.exactMonthlyUsd) break;
    if (found.best?.verdict.passed) {
      costs.set(rf, found.best.evaluation.cost.monthlyUsd);
      if (!best || byCost(found.best, best) < 0) {
        best = found.best;
        tried = found.tried;
      }
    } else if (!best) {
      const next = [closest, found.best].filter((x): x is Fit => x !== undefined).sort(byClosest)[0];
      closest = next;
      tried = [...tried, ...found.tried];
    }
  }
  if (!best) return { best: first.best, tried: first.tried, reason: undefined };
  return { best, tried, reason: replicationReason(ctx, best, least, costs, first.best) };
}

/** Why more replicas can cost less (the module's comment), as the report says it. */
function spreadsReads(rf: number): string {
  return `Every search visits one replica of every shard, so each replica serves 1/${rf} of its shard's searches: more replicas spread the query load without adding work to each search (more shards would).`;
}

/**
 * The report's sentence for a factor that was given, when one replica more passes every check for less (the
 * replication alternative, with nothing else of the asked constraints given up): a bill that falls as replicas are
 * added is the opposite of what a reader expects, and a read-heavy plan at a given factor can only spread its searches
 * over more, smaller shards on more peers (1M × 768-d float32 at 6,000 QPS on Azure, RF 2 given: 15 shards on 30 peers,
 * where RF 3 passes on 3). The alternatives table lists it too; this says it where the plan's replication is named.
 * Nothing when qsize chose the factor (replicationReason says why), or when more replicas cost more.
 */
export function givenReplicationReason(ctx: PlanContext, monthlyUsd: number, more: { rf: number; peers: number; instanceType: string; monthlyUsd: number } | undefined): string | undefined {
  if (ctx.rfChosen || !more || more.rf <= ctx.rf || !(more.monthlyUsd < monthlyUsd)) return undefined;
  const usd = (x: number) => formatMoney(x, 'USD');
  return (
    // Named where it was given: the constraint (or its flag), else the collection's own replication_factor.
    `Replication factor ${ctx.rf}, as given: ${more.rf} replicas of each shard pass every check for less: ${more.peers} × ${more.instanceType} at ${usd(more.monthlyUsd)}/month against ${usd(monthlyUsd)} (${ctx.c.replicationFactor !== undefined ? `--replication ${more.rf}, constraints.replicationFactor` : `the collection's replication_factor ${more.rf}`}). ` +
    spreadsReads(more.rf)
  );
}

/** The report's sentence for a chosen factor: what won, and what the fewest replicas would cost or fail. */
function replicationReason(ctx: PlanContext, best: Fit, least: number, costs: Map<number, number>, atLeast: Fit | undefined): string {
  const rf = best.evaluation.ctx.rf;
  const usd = (x: number) => formatMoney(x, 'USD');
  const given = 'none was given (--replication, constraints.replicationFactor)';
  const why = ctx.rfChosen?.why ?? '';
  if (rf === least) {
    return `Replication factor ${rf}: ${given}; ${rf} is ${why}, and no higher factor up to ${highestAllowed(ctx)} passes every check for less.`;
  }
  const leastCost = costs.get(least);
  if (leastCost === undefined) {
    const failing = atLeast ? [...new Set(atLeast.verdict.failing.map((k) => k.name(atLeast.evaluation)))] : [];
    return (
      `Replication factor ${rf}: ${given}, and with ${least} (${why}) no plan passes` +
      (failing.length > 0 ? ` (the closest fails ${failing.join(', ')})` : '') +
      `; ${rf} is the fewest replicas that pass every check.`
    );
  }
  return (
    `Replication factor ${rf}: ${given}, and ${rf} replicas of each shard pass every check for less: ${usd(best.evaluation.cost.monthlyUsd)}/month against ${usd(leastCost)} with ${least} (${why}). ` +
    `${spreadsReads(rf)} ` +
    `The plan still tolerates the ${ctx.f} lost ${plural(ctx.f, 'peer')} asked. ` +
    // Every replica applies every write and builds its own graph: sized when a write rate was given (the CPU checks add
    // each peer's writes, evaluate.ts), and the reason says when none was.
    (ctx.c.query.writesPerSecond > 0
      ? `Every replica applies every write: the ${formatCount(ctx.c.query.writesPerSecond)} points written per second are in the CPU checks at ${rf} replicas.`
      : `Every replica applies every write, and no write rate was given (--writes, constraints.query.writesPerSecond): with a heavy write rate, give it, or pass --replication ${least} to plan with ${least}.`)
  );
}
