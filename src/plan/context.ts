/**
 * Step 1 of recommend(): the inputs, parsed and resolved into one context every later step reads. The collection is
 * the user's: its shard_number, replication_factor and write_consistency_factor are honoured, and a constraint that
 * overrides one says so in a warning. Constraints that name a cloud, region, family or instance type the catalog does
 * not know are bad input (exit 2), not "nothing fits".
 */
import { QsizeInputError, QsizeValidationError } from '../errors.js';
import type { Estimate } from '../model/types.js';
import { parseVersion } from '../model/versions.js';
import { catalogNameExpected } from '../pricing/nearest.js';
import { formatPath, isRecord } from '../spec/limits.js';
import { Assumptions, innerVectorsLimitProblem, pointsAtHorizon, Workload, type WorkloadInput } from '../spec/workload.js';
import { validationIssues, type SchemaIssue } from '../spec/issues.js';
import { efForRecall } from '../topology/throughput.js';
import { minReplicationForZoneLoss, peersPerZoneMax, survivesZoneLoss } from '../topology/zones.js';
import { defaultPlanCatalog, priceBookOf } from './catalog.js';
import { PLAN_DEFAULTS, PLAN_LIMITS, PlanConstraints, type PlanConstraintsInput } from './constraints.js';
import { ownNodesCatalog } from './own-nodes.js';
import { counted, plural } from '../util/plural.js';
import { PRICING_MODEL_LABELS } from '../pricing/price-models.js';
import { DEFAULT_CONTROL_PLANE_TIER, SPOT_WARNING } from '../pricing/quote.js';
import { nodeResources, type NodeResources } from './resources.js';
import { replicasFitPeers } from './checks/placement.js';
import { replicasSurvive } from './checks/fault-tolerance.js';
import type { InstanceOffer, PlanCatalog } from './types.js';
import type { PriceBook } from '../pricing/cost.js';

export type Estimator = (workload: Workload) => Estimate;

/** GPU indexing exists from Qdrant v1.13.0 (https://qdrant.tech/documentation/guides/running-with-gpu/). */
export const GPU_MIN_VERSION = { major: 1, minor: 13 } as const;

export interface PlanContext {
  workload: Workload;
  c: PlanConstraints;
  /** Replication factor, write consistency and tolerated failures the plan uses (collection, then constraints). */
  rf: number;
  /**
   * Set when nobody gave the replication factor (no constraint, no collection `replication_factor`, no single pinned
   * peer): `rf` is then the fewest replicas (fewestReplicas), `why` says what sets that floor, and recommend() may
   * choose more (src/plan/replication.ts). Unset when it was given.
   */
  rfChosen?: { why: string };
  wcf: number;
  f: number;
  /** Zones the peers spread over (constraints.zones, default 1: no zone check); src/topology/zones.ts. */
  zones: number;
  /** A shard number the user gave (collection or constraint), with who gave it. */
  pinnedShards: { shardNumber: number; by: string } | undefined;
  catalog: PlanCatalog;
  book: PriceBook;
  /** The managed control-plane tier per cloud (null: none), from `constraints.controlPlane` (resolveControlPlane). */
  controlPlaneTier: Readonly<Record<ManagedCloud, string | null>>;
  estimator: Estimator;
  pointsNow: number;
  pointsHorizon: number;
  /** Growth was asked for: only then may the shard chooser plan for more peers than today's. */
  growth: boolean;
  hnswEf: number;
  /** GPU indexing: the peers are GPU instances that build their own HNSW in-process. */
  gpu: boolean;
  /** Warnings from resolving the inputs (overrides), carried into the recommendation. */
  warnings: string[];
  /** Estimates by (variant, shard_number, Qdrant CPUs, points): the search re-uses them across offers. */
  estimates: Map<string, Estimate>;
  resources: Map<InstanceOffer, NodeResources>;
}

export interface ContextOptions {
  catalog?: PlanCatalog;
  estimator?: Estimator;
}

export function parseOrThrow<T>(
  schema: { safeParse(v: unknown, params?: { reportInput?: boolean }): { success: true; data: T } | { success: false; error: { issues: readonly SchemaIssue[] } } },
  value: unknown,
  prefix: string,
): T {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return r.data;
  // `prefix` names the object ('constraints.'); an issue on the object itself (an unknown key) is named by it alone.
  const field = (path: PropertyKey[]) => (path.length > 0 ? prefix + formatPath(path) : prefix.replace(/\.$/, '') || '(workload)');
  throw new QsizeValidationError(validationIssues(r.error.issues, schema, field, value));
}

/**
 * Inputs a plan takes but does not plan with, said rather than dropped (read on the inputs as given: a parsed workload
 * holds every default). One rule for the CLI's flags, spec files, the library and the page:
 * - `assumptions.nodeCpus` is the CPU count a bare estimate lays segments out for (qsize explain); a plan lays each
 *   peer's out for the CPUs Qdrant sees in its pod (src/plan/evaluate.ts);
 * - `query.recallTarget` chooses the search ef only when no `query.hnswEf` is given (hnswEf below);
 * - `growth.horizonMonths` is the months of growth the plan must hold: without growth every month holds today's points.
 */
/**
 * One write rate for the plan: the constraint's (--writes, constraints.query.writesPerSecond), else the workload's own
 * (assumptions.writesPerSecond: a spec file's, or the one `qsize observe --writes` puts in a recovered spec), so that
 * the write CPU the checks size and the WAL the estimate holds read the same rate. Both given and different: the
 * constraint's, and a warning says so (the estimate then takes it too: evaluate.ts estimateAt).
 */
function withWorkloadWrites(c: PlanConstraints, workload: Workload, constraintsInput: unknown, warnings: string[]): PlanConstraints {
  const own = workload.assumptions.writesPerSecond;
  const given = isRecord(constraintsInput) && isRecord(constraintsInput['query']) && constraintsInput['query']['writesPerSecond'] !== undefined;
  if (own === undefined || own === c.query.writesPerSecond) return c;
  if (given) {
    warnings.push(`constraints.query.writesPerSecond ${c.query.writesPerSecond} overrides the workload's assumptions.writesPerSecond ${own}`);
    return c;
  }
  return { ...c, query: { ...c.query, writesPerSecond: own } };
}

function unusedInputs(workloadInput: unknown, constraintsInput: unknown, c: PlanConstraints): string[] {
  const at = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((x, k) => (isRecord(x) ? x[k] : undefined), o);
  // A parsed workload holds the default (8) whether it was given or not: only another count is said.
  const nodeCpus = at(workloadInput, 'assumptions', 'nodeCpus');
  const out: string[] = [];
  if (nodeCpus !== undefined && nodeCpus !== Assumptions.parse({}).nodeCpus) {
    out.push(`--node-cpus ${String(nodeCpus)} (assumptions.nodeCpus) is not used by the plan: each peer's segments are laid out for the CPUs Qdrant sees in its pod (the "Segments indexed" check names them); qsize explain takes it`);
  }
  const recall = at(constraintsInput, 'query', 'recallTarget');
  const ef = at(constraintsInput, 'query', 'hnswEf');
  if (recall !== undefined && ef !== undefined) {
    out.push(`--recall ${String(recall)} (constraints.query.recallTarget) is not used: --hnsw-ef ${String(ef)} sets the search ef (a recall target only chooses one when no ef is given)`);
  }
  const horizon = at(constraintsInput, 'growth', 'horizonMonths');
  if (horizon !== undefined && c.growth.pointsPerMonth === 0) {
    out.push(`--horizon ${String(horizon)} (constraints.growth.horizonMonths) changes nothing without growth (--growth, or constraints.growth.pointsPerMonth): the plan holds today's points, which do not grow`);
  }
  return out;
}

export function createContext(
  workloadInput: WorkloadInput | Workload,
  constraintsInput: PlanConstraintsInput | PlanConstraints,
  options: ContextOptions,
  estimate: Estimator,
): PlanContext {
  const workload = parseOrThrow(Workload, workloadInput, '');
  const warnings: string[] = [];
  const c = withWorkloadWrites(parseOrThrow(PlanConstraints, constraintsInput, 'constraints.'), workload, constraintsInput, warnings);
  warnings.unshift(...unusedInputs(workloadInput, constraintsInput, c));
  const catalog = planCatalogOf(c, options.catalog, warnings);
  const col = workload.collection;

  const pick = (constraint: number | undefined, field: string, fromCollection: number | null | undefined, name: string, fallback: number) => {
    if (constraint !== undefined && fromCollection != null && constraint !== fromCollection) {
      warnings.push(`constraints.${field} ${constraint} overrides the collection's ${name} ${fromCollection}`);
    }
    return constraint ?? fromCollection ?? fallback;
  };
  // A single pinned peer is a development box: it holds one replica and tolerates no failure, unless told otherwise.
  const single = c.placement.peers === 1;
  const f = c.toleratedNodeFailures ?? (single ? 0 : PLAN_DEFAULTS.toleratedNodeFailures);
  // Without a given factor, the fewest replicas that survive f lost peers (f + 1), at least production's 2: 2 before
  // s36 whatever f was, so `--tolerated-failures 2` alone found no plan ("raise the replication factor to 3").
  const zones = c.zones ?? 1;
  const floor = c.replicationFactor === undefined && col.replication_factor == null && !single
    ? fewestReplicas(f, c.writeConsistencyFactor ?? col.write_consistency_factor ?? 1, zones, c.placement.peers)
    : undefined;
  const rf = pick(c.replicationFactor, 'replicationFactor', col.replication_factor, 'replication_factor', single ? 1 : (floor?.rf ?? PLAN_DEFAULTS.replicationFactor));
  if (single && c.replicationFactor === undefined && col.replication_factor == null && c.toleratedNodeFailures === undefined) {
    warnings.push('a single peer (--peers 1): replication factor 1 and no tolerated failure; any restart makes the collection unavailable (a development or test setup, not production)');
  }
  const wcf = pick(c.writeConsistencyFactor, 'writeConsistencyFactor', col.write_consistency_factor, 'write_consistency_factor', PLAN_DEFAULTS.writeConsistencyFactor);
  if (wcf > rf) {
    const field = c.writeConsistencyFactor !== undefined ? 'constraints.writeConsistencyFactor' : 'collection.write_consistency_factor';
    throw new QsizeInputError(field, wcf, `at most the replication factor (${rf})`, 'a write cannot wait for more replicas than exist');
  }
  // Pinned peers fewer than the replicas of a shard: no peer count to search, the inputs contradict each other.
  if (c.placement.peers !== undefined && !replicasFitPeers(rf, c.placement.peers)) {
    throw new QsizeInputError('constraints.placement.peers', c.placement.peers, `at least the replication factor (${rf})`, 'no two replicas of a shard may share a peer');
  }
  // Tolerated failures the given replicas cannot survive: whatever the peers, f lost peers can be the f peers of one
  // shard's replicas when f ≥ rf (the fault-tolerance check's rule). Both given, the inputs contradict each other, as
  // wcf > rf above; RF 1 with the default f = 1 stays the check's error, whose text offers both ways out.
  if (c.toleratedNodeFailures !== undefined && !floor && !replicasSurvive(rf, f)) {
    const by = c.replicationFactor !== undefined ? 'constraints.replicationFactor, --replication' : 'the collection\'s replication_factor';
    throw new QsizeInputError(
      'constraints.toleratedNodeFailures',
      f,
      `fewer than the replication factor (${rf}, ${by})`,
      `losing ${counted(f, 'peer')} can take ${rf === 1 ? 'the only replica' : `all ${rf} replicas`} of a shard: raise the replication factor to ${f + 1}, or tolerate at most ${rf - 1}`,
    );
  }
  checkZones(zones, rf, c.placement.peers);
  let pinnedShards: PlanContext['pinnedShards'];
  if (c.shardNumber !== undefined) {
    if (col.shard_number != null && col.shard_number !== c.shardNumber) {
      warnings.push(`constraints.shardNumber ${c.shardNumber} overrides the collection's shard_number ${col.shard_number}`);
    }
    pinnedShards = { shardNumber: c.shardNumber, by: 'constraints.shardNumber' };
  } else if (col.shard_number != null) {
    pinnedShards = { shardNumber: col.shard_number, by: "the collection's shard_number" };
  }

  validatePlacement(c, catalog);
  if (c.gpuIndexing.enabled) {
    const v = parseVersion(workload.qdrantVersion);
    if (v && (v.major < GPU_MIN_VERSION.major || (v.major === GPU_MIN_VERSION.major && v.minor < GPU_MIN_VERSION.minor))) {
      throw new QsizeInputError('constraints.gpuIndexing.enabled', true, `Qdrant ${GPU_MIN_VERSION.major}.${GPU_MIN_VERSION.minor}.0 or later (the workload says ${workload.qdrantVersion})`, 'Qdrant indexes on GPU from v1.13.0');
    }
  }

  const pointsNow = workload.points;
  const pointsHorizon = pointsAtHorizon(pointsNow, c.growth.pointsPerMonth, c.growth.horizonMonths);
  // The workload's inner vectors were checked at its points (src/spec/workload.ts); the growth is what takes them past.
  for (const [name, k] of Object.entries(workload.multivector)) {
    const problem = innerVectorsLimitProblem(pointsHorizon, k);
    if (problem) {
      throw new QsizeInputError('constraints.growth.pointsPerMonth', c.growth.pointsPerMonth, `growth that keeps multivector "${name}" within qsize's bound at the horizon (month ${c.growth.horizonMonths}): ${problem}`);
    }
  }
  return {
    workload,
    c,
    rf,
    ...(floor ? { rfChosen: { why: floor.why } } : {}),
    wcf,
    f,
    zones,
    pinnedShards,
    catalog,
    book: priceBookOf(catalog),
    controlPlaneTier: resolveControlPlane(c, catalog, warnings),
    estimator: options.estimator ?? estimate,
    pointsNow,
    pointsHorizon,
    growth: pointsHorizon > pointsNow,
    hnswEf: c.query.hnswEf ?? efForRecall(c.query.recallTarget),
    gpu: c.gpuIndexing.enabled,
    warnings,
    estimates: new Map(),
    resources: new Map(),
  };
}

/**
 * The fewest replicas qsize plans with when no replication factor is given, and what sets them (the report's reason):
 * - one more than the peers that may be lost at once (with f lost, every shard keeps a replica only if it has f + 1;
 *   2 before s36 whatever f was, so `--tolerated-failures 2` alone found no plan);
 * - at least the write consistency asked (a write cannot wait for more replicas than exist; the default, 1, never binds);
 * - on pinned peers spread over zones, where losing a zone leaves a replica of every shard (src/topology/zones.ts; RF 2
 *   on 6 peers in 3 zones exited 2, "or replication factor 3", though no factor was asked);
 * - never below production's minimum (PLAN_DEFAULTS.replicationFactor, 2), at most PLAN_LIMITS.maxReplication (a count
 *   past it fails the fault-tolerance check and says so).
 * recommend() may choose more (src/plan/replication.ts).
 */
function fewestReplicas(f: number, wcf: number, zones: number, pinnedPeers: number | undefined): { rf: number; why: string } {
  const zone = zones > 1 && pinnedPeers !== undefined ? minReplicationForZoneLoss(pinnedPeers, zones) : 0;
  const rf = Math.min(PLAN_LIMITS.maxReplication, Math.max(PLAN_DEFAULTS.replicationFactor, f + 1, wcf, zone));
  const why =
    rf === zone && zone > Math.max(PLAN_DEFAULTS.replicationFactor, f + 1, wcf)
      ? `the fewest that survive losing a zone on the ${pinnedPeers} pinned peers`
      : rf === f + 1
        ? `the fewest that survive ${f} lost ${plural(f, 'peer')}`
        : rf === wcf
          ? `the write consistency asked (${wcf})`
          : "production's minimum";
  return { rf, why };
}

/**
 * A zone count no plan can meet is bad input (exit 2), as pinned peers below the replication factor are: replication
 * factor 1 loses a shard with the zone of its one peer, and pinned peers leave no peer count to search, so
 * `RF > ceil(P / Z)` (src/topology/zones.ts) either holds on them or never will. Unpinned, the search looks for a peer
 * count that meets it and says so when none does (exit 3).
 */
function checkZones(zones: number, rf: number, pinnedPeers: number | undefined): void {
  if (zones <= 1) return;
  if (rf === 1) {
    throw new QsizeInputError('constraints.zones', zones, 'a replication factor of at least 2 beside it (constraints.replicationFactor, --replication 2), or 1 zone (no zone check)', 'replication factor 1 keeps one replica of each shard, lost with the zone of its peer');
  }
  if (pinnedPeers !== undefined && !survivesZoneLoss(rf, pinnedPeers, zones)) {
    const m = peersPerZoneMax(pinnedPeers, zones);
    throw new QsizeInputError(
      'constraints.zones',
      zones,
      `at least ${Math.ceil(pinnedPeers / (rf - 1))} zones for replication factor ${rf} on the ${pinnedPeers} pinned peers, or replication factor ${minReplicationForZoneLoss(pinnedPeers, zones)} (constraints.replicationFactor, --replication)`,
      `${zones} zones put up to ${m} of ${pinnedPeers} peers in one zone, and Qdrant may place ${rf === 2 ? 'both replicas' : `all ${rf} replicas`} of a shard there`,
    );
  }
}

type ManagedCloud = Exclude<InstanceOffer['cloud'], 'custom'>;
const MANAGED_CLOUDS: readonly ManagedCloud[] = ['aws', 'gcp', 'azure'];

/**
 * The catalog the search draws its offers from:
 * - your own nodes (`placement.nodes`): exactly those nodes (src/plan/own-nodes.ts); a cloud, region or pricing model
 *   alongside them is bad input, since none of them applies to your machines;
 * - else the given catalog (or the shipped one in `placement.region`) under `pricing`: offers without a commitment or
 *   spot row are left out, and a warning names per cloud what is missing and why; spot carries its warning.
 */
function planCatalogOf(c: PlanConstraints, given: PlanCatalog | undefined, warnings: string[]): PlanCatalog {
  const p = c.placement;
  if (p.nodes !== undefined) {
    const conflict = (field: string, value: unknown, what: string) => {
      throw new QsizeInputError(field, value, `no ${what} with your own nodes (constraints.placement.nodes, --node)`, 'the plan runs on the nodes you gave only; drop one or the other');
    };
    if (p.cloud !== undefined) conflict('constraints.placement.cloud', p.cloud, 'cloud');
    if (p.region !== undefined) conflict('constraints.placement.region', p.region, 'cloud region');
    // A catalog family or type is not one of your nodes: it read "expected an instance family in the catalog (nearest:
    // vm)", a node name taken for a family.
    if (p.families !== undefined) conflict('constraints.placement.families', p.families.length === 1 ? p.families[0] : p.families, 'catalog instance family (your nodes are the offers)');
    if (p.instanceTypes !== undefined) conflict('constraints.placement.instanceTypes', p.instanceTypes.length === 1 ? p.instanceTypes[0] : p.instanceTypes, 'catalog instance type (your nodes are the offers)');
    if (c.pricing !== 'on-demand') conflict('constraints.pricing', c.pricing, 'commitment or spot pricing (your node price is what you gave)');
    if (c.controlPlane !== undefined && c.controlPlane !== 'none') conflict('constraints.controlPlane', c.controlPlane, 'managed control-plane tier');
    return ownNodesCatalog(p.nodes, (given ?? defaultPlanCatalog()).catalogDate);
  }
  let catalog = given ?? defaultPlanCatalog(p.region);
  if ((catalog.pricing?.model ?? 'on-demand') !== c.pricing) {
    const priced = catalog.withPricing?.(c.pricing);
    if (priced === undefined) {
      throw new QsizeInputError('constraints.pricing', c.pricing, 'on-demand (this catalog prices one model only; build it with planCatalogFromPricing to quote commitments or spot)');
    }
    catalog = priced;
  }
  if (c.pricing === 'on-demand') return catalog;
  const label = PRICING_MODEL_LABELS[c.pricing];
  const gaps = (catalog.pricing?.gaps ?? []).filter((g) => p.cloud === undefined || g.cloud === p.cloud);
  if (p.cloud !== undefined && !catalog.instances.some((o) => o.cloud === p.cloud)) {
    throw new QsizeInputError('constraints.pricing', c.pricing, `a pricing model with prices for ${p.cloud}${p.region ? ` in ${p.region}` : ''}: on-demand`, gaps[0]?.why ?? `no ${label} row for ${p.cloud}`);
  }
  for (const g of gaps) warnings.push(`${label}: ${g.why}; ${g.missing === g.of ? `${g.cloud} is` : 'those types are'} left out of the search (never priced at a guessed discount)`);
  if (c.pricing === 'spot') warnings.push(`spot: ${SPOT_WARNING}`);
  return catalog;
}

/**
 * The managed control-plane tier per cloud: `none` for every cloud; one tier for every cloud that offers it (the
 * others keep their default tier, and a warning says so; no cloud in scope offering it is bad input); or a tier per
 * cloud, each of which that cloud must offer. Default: each cloud's production tier (DEFAULT_CONTROL_PLANE_TIER).
 */
function resolveControlPlane(c: PlanConstraints, catalog: PlanCatalog, warnings: string[]): Record<ManagedCloud, string | null> {
  const out: Record<ManagedCloud, string | null> = { ...DEFAULT_CONTROL_PLANE_TIER };
  const choice = c.controlPlane;
  if (choice === undefined) return out;
  const tiers = (cloud: ManagedCloud) => catalog.controlPlaneTiers?.(cloud) ?? [DEFAULT_CONTROL_PLANE_TIER[cloud]];
  const listed = (clouds: readonly ManagedCloud[]) => clouds.map((k) => `${k}: ${[...tiers(k), 'none'].join(', ')}`).join('; ');
  if (typeof choice === 'string') {
    if (choice === 'none') return { aws: null, gcp: null, azure: null };
    const scope = c.placement.cloud !== undefined ? [c.placement.cloud] : MANAGED_CLOUDS;
    const offering = scope.filter((k) => tiers(k).includes(choice));
    if (offering.length === 0) throw new QsizeInputError('constraints.controlPlane', choice, `a tier of data/catalogs/control-plane.csv (${listed(scope)})`);
    for (const k of offering) out[k] = choice;
    const rest = scope.filter((k) => !offering.includes(k));
    if (rest.length > 0) warnings.push(`control plane: ${rest.join(', ')} ${rest.length === 1 ? 'has' : 'have'} no ${choice} tier; ${rest.map((k) => `${k} keeps ${DEFAULT_CONTROL_PLANE_TIER[k]}`).join(', ')}`);
    return out;
  }
  for (const k of MANAGED_CLOUDS) {
    const tier = choice[k];
    if (tier === undefined) continue;
    if (tier !== 'none' && !tiers(k).includes(tier)) throw new QsizeInputError(`constraints.controlPlane.${k}`, tier, `${k === 'aws' ? 'an' : 'a'} ${k} tier of data/catalogs/control-plane.csv (${listed([k])})`);
    out[k] = tier === 'none' ? null : tier;
  }
  return out;
}

/** A constraint naming a cloud, region, family or instance type that the catalog lacks is bad input, with the nearest match. */
function validatePlacement(c: PlanConstraints, catalog: PlanCatalog): void {
  const p = c.placement;
  const offers = catalog.instances;
  const inCloud = p.cloud ? offers.filter((o) => o.cloud === p.cloud) : offers;
  const known = (f: (o: InstanceOffer) => string, pool = inCloud) => [...new Set(pool.map(f))].sort();
  const check = (field: string, value: string | undefined, values: string[], what: string) => {
    if (value !== undefined && !values.includes(value)) {
      // The catalog searched is the cloud's and the region's when they are given: say so (r6i.large is in the catalog, not in us-east1).
      const scope = `${p.cloud ? ` for ${p.cloud}` : ''}${p.region ? ` in ${p.region}` : ''}`;
      throw new QsizeInputError(field, value, catalogNameExpected(what, value, values, scope));
    }
  };
  if (p.region !== undefined) {
    // Only a named region is checked, so a plan without one never reads the regional tables knownRegions lists
    // (src/pricing/regions.ts regionIndex): the web page loads them only when a region is chosen (web/README.md).
    const regions = catalog.knownRegions ? catalog.knownRegions(p.cloud) : known((o) => o.region);
    const regionHint = regions.includes(p.region) ? undefined : catalog.unknownRegionHint?.(p.region, p.cloud);
    if (regionHint !== undefined) throw new QsizeInputError('constraints.placement.region', p.region, regionHint);
    check('constraints.placement.region', p.region, regions, 'region');
  }
  for (const fam of p.families ?? []) check('constraints.placement.families', fam, known((o) => o.family), 'instance family');
  for (const t of p.instanceTypes ?? []) check('constraints.placement.instanceTypes', t, known((o) => o.instanceType), 'instance type');
  check('constraints.placement.instanceType', p.instanceType, known((o) => o.instanceType), 'instance type');
}

/** The node's requests, computed once per offer (src/plan/resources.ts). */
export function resourcesOf(ctx: PlanContext, offer: InstanceOffer): NodeResources {
  let r = ctx.resources.get(offer);
  if (!r) {
    r = nodeResources(ctx.catalog, offer, {
      maxPods: ctx.c.placement.maxPods,
      daemonsetMemoryBytes: ctx.c.daemonsetMemoryBytes,
      daemonsetCpuCores: ctx.c.daemonsetCpuCores,
    });
    ctx.resources.set(offer, r);
  }
  return r;
}
