/**
 * Step 5 of recommend(): a reported plan from its evaluation. Every number is taken from the evaluation as it is:
 * the requests were rounded once (src/plan/resources.ts), the bill priced once (src/pricing/cost.ts), so the report,
 * the JSON and the emitted files carry the same numbers.
 */
import { priceQuantities, type PricedCost } from '../pricing/cost.js';
import { PRICING_MODEL_LABELS, PRICING_MODELS } from '../pricing/price-models.js';
import { NOT_INCLUDED, SPOT_WARNING } from '../pricing/quote.js';
import { priceBookOf } from './catalog.js';
import { OWN_NODES_NOT_INCLUDED } from './own-nodes.js';
import { formatCount } from '../spec/units.js';
import { formatInput } from '../model/formula.js';
import { BUILD_KERNEL, buildsOnKernel, CPU_BUILD, cpuBuildRange, FULL_SCAN, MULTIVECTOR_BUILD, MULTIVECTOR_SEARCH, REQUEST_COST, SCORED_BYTES, SEARCH_COST, WALK_KERNEL, WRITE_COST } from '../topology/throughput.js';
import { runChecks } from './checks/index.js';
import { minReplicationForZoneLoss, peersPerZoneMax, raftMajorityAfterZoneLoss, survivesZoneLoss } from '../topology/zones.js';
import type { PlanContext } from './context.js';
import { gpuVendorOf, type Evaluation } from './evaluate.js';
import type { InstanceOffer, Plan, PricingModelCost } from './types.js';
import { denseVectorShapes, type WorkloadVariant } from './variants.js';
import { plural } from '../util/plural.js';

/** The user's constraints a candidate does not meet: one rule, used for the winner's pool and every alternative. */
export function violations(ctx: PlanContext, variant: WorkloadVariant, offer: InstanceOffer): string[] {
  return brokenConstraints(ctx, variant, offer).map((b) => b.text);
}

/** The constraint a storage variant breaks when the collection may not change (storage alternatives may still break it). */
export const COLLECTION_MAY_NOT_CHANGE = 'the collection may not change';

/** violations() with the constraint each breaks named apart from its text (the no-fit message counts them by constraint). */
export function brokenConstraints(ctx: PlanContext, variant: WorkloadVariant, offer: InstanceOffer): { constraint: string; text: string }[] {
  const p = ctx.c.placement;
  const out: { constraint: string; text: string }[] = [];
  const add = (constraint: string, text: string) => out.push({ constraint, text });
  if (p.cloud && offer.cloud !== p.cloud) add('its cloud', `cloud ${offer.cloud} is not ${p.cloud}`);
  if (p.region && offer.region !== p.region) add('its region', `region ${offer.region} is not ${p.region}`);
  if (p.families && !p.families.includes(offer.family)) add('its family', `family ${offer.family} is not in [${p.families.join(', ')}]`);
  if (p.instanceTypes && !p.instanceTypes.includes(offer.instanceType)) add('its instance type', `${offer.instanceType} is not an allowed instance type`);
  if (p.instanceType && offer.instanceType !== p.instanceType) add('its instance type', `instance type is pinned to ${p.instanceType}`);
  if (!p.arm64Allowed && offer.arch === 'arm64') add('arm64 is not allowed', 'arm64 is not allowed');
  if (variant.onDisk && !p.onDiskAllowed) add('originals on disk are not allowed', 'originals on disk are not allowed');
  if (variant.key !== 'as-configured' && !ctx.c.allowQuantizationChanges) {
    add(COLLECTION_MAY_NOT_CHANGE, 'changes the collection (allowQuantizationChanges is off)');
  }
  return out;
}

/** What every quote leaves out, one `item (why)` per entry (src/pricing/control-plane.ts NOT_INCLUDED). */
export const PLAN_NOT_INCLUDED: readonly string[] = NOT_INCLUDED.map((n) => `${n.item} (${n.why})`);

/**
 * The same plan's bill under every pricing model: the evaluation's quantities (nodes, volumes, control plane) priced
 * again through the one price join with the catalog under that model (PlanCatalog.withPricing). Only the node-hours
 * change; a node line without a row under a model leaves that model without a total, and `missing` says which row
 * and what the table covers, never a guessed discount.
 */
export function pricingModelCosts(e: Evaluation): PricingModelCost[] | undefined {
  const { ctx } = e;
  const offer = e.candidate.offer;
  const withPricing = ctx.catalog.withPricing;
  if (offer.cloud === 'custom' || withPricing === undefined) return undefined;
  const out: PricingModelCost[] = [];
  let onDemand: number | null = null;
  const bought = offer.priceLabel ?? 'on-demand';
  for (const model of PRICING_MODELS) {
    const catalog = withPricing.call(ctx.catalog, model);
    const label = PRICING_MODEL_LABELS[model];
    const quantities = label === bought ? e.quantities : e.quantities.map((q) => (q.key.kind === 'instance' ? { ...q, name: nameUnder(q.name, bought, label) } : q));
    const cost = priceQuantities(quantities, priceBookOf(catalog));
    const unpriced = cost.lineItems.filter((l, i) => l.missingPrice && e.quantities[i]?.key.kind === 'instance');
    const monthlyUsd = unpriced.length === 0 ? cost.monthlyUsd : null;
    if (model === 'on-demand') onDemand = monthlyUsd;
    const gap = catalog.pricing?.gaps.find((g) => g.cloud === offer.cloud);
    out.push({
      model,
      label,
      monthlyUsd,
      savingFraction: monthlyUsd !== null && onDemand !== null && onDemand > 0 ? 1 - monthlyUsd / onDemand : null,
      ...(monthlyUsd === null
        ? { missing: gap && gap.missing === gap.of ? gap.why : `no ${label} row for ${offer.instanceType} in ${offer.cloud} ${offer.region} (data/catalogs/commitment-prices.csv)` }
        : {}),
      ...(model === 'spot' ? { warning: SPOT_WARNING } : {}),
      lineItems: cost.lineItems,
      pricesAsOf: cost.pricesAsOf,
    });
  }
  return out;
}

/**
 * An instance line's name under another pricing model. src/plan/evaluate.ts names it `Node (TYPE…, MODEL)`, and a DR
 * standby line `DR standby nodes (TYPE)` when on demand: `Node (r6i.xlarge, on-demand)` becomes
 * `Node (r6i.xlarge, 1-year commitment)`.
 */
function nameUnder(name: string, bought: string, label: string): string {
  const suffix = `, ${bought})`;
  const base = name.endsWith(suffix) ? name.slice(0, -suffix.length) : name.endsWith(')') ? name.slice(0, -1) : `${name} (`;
  return `${base}, ${label})`;
}

/** The plan's bill: the evaluation's own (the search's bill, per-cluster control plane included: src/plan/evaluate.ts). */
export function billOf(e: Evaluation): PricedCost {
  return e.cost;
}

/** The assembled plan; `models`: add the side-by-side bill under every pricing model (the recommended plan only). */
export function toPlan(e: Evaluation, options: { models?: boolean } = {}): Plan {
  const { ctx, candidate } = e;
  const { variant, offer, peers, shards } = candidate;
  const r = e.resources;
  const ix = e.indexing;
  // The build's stated range (CPU_BUILD_RANGE, wider where a vector builds on codes or narrow originals), computed once
  // for the plan's fields and its detail.
  const buildRange = cpuBuildRange(denseVectorShapes(variant.workload));
  const buildLow = ix.cpuBuildSeconds * buildRange.low;
  const buildHigh = ix.cpuBuildSeconds * buildRange.high;
  const S = shards.shardNumber;
  const gpu = e.gpu;
  const h = (s: number) => (s / 3600).toFixed(2);
  const cost = billOf(e);
  const range = e.loadRange;
  const own = offer.cloud === 'custom';
  const models = options.models === true ? pricingModelCosts(e) : undefined;
  return {
    schemaVersion: 'qsize.plan/v1',
    qdrantVersion: variant.workload.qdrantVersion,
    catalogDate: ctx.catalog.catalogDate,
    pricesAsOf: cost.pricesAsOf,
    peers,
    shardNumber: S,
    replicationFactor: e.rf,
    writeConsistencyFactor: e.wcf,
    placement: e.placement.map((p) => ({ peer: p.peer, shards: [...p.shards] })),
    node: {
      cloud: offer.cloud,
      region: offer.region,
      instanceType: offer.instanceType,
      family: offer.family,
      arch: offer.arch,
      vcpu: offer.vcpu,
      memoryBytes: offer.memoryBytes,
      ...(offer.distribution ? { distribution: offer.distribution } : {}),
      allocatableMemoryBytes: r.allocatableMemoryBytes,
      allocatableCpuCores: r.allocatableCpuCores,
      schedulingMarginBytes: r.marginBytes,
      pricePerHourUsd: offer.pricePerHourUsd,
    },
    perPeer: {
      busiestPeer: e.busiestPeer,
      replicas: e.load.replicas,
      residentBytes: Math.ceil(e.load.residentBytes),
      pageCacheBytes: Math.ceil(e.load.pageCacheBytes),
      peakBytes: Math.ceil(e.load.peakBytes),
      diskBytes: Math.ceil(e.load.diskBytes),
      residentRange: bytesRange(range.low.residentBytes, range.high.residentBytes),
      pageCacheRange: bytesRange(range.low.pageCacheBytes, range.high.pageCacheBytes),
      peakRange: bytesRange(range.low.peakBytes, range.high.peakBytes),
      diskRange: bytesRange(range.low.diskBytes, range.high.diskBytes),
      memoryRequestBytes: r.memoryRequestBytes,
      cpuCores: r.cpuRequestCores,
      volumeBytes: e.volumeBytes,
      snapshotVolumeBytes: e.snapshotVolumeBytes,
    },
    ...(gpu && ix.gpuBuildSeconds !== undefined
      ? {
          gpu: {
            enabled: true,
            vendor: gpuVendorOf(offer.gpuModel ?? ''),
            gpuModel: offer.gpuModel ?? 'unknown',
            instanceType: offer.instanceType,
            maxSegmentSizeKb: gpu.maxSegmentSizeKb,
            buildSeconds: ix.gpuBuildSeconds,
          },
        }
      : {}),
    optimizers: gpu ? { max_segment_size: gpu.maxSegmentSizeKb } : {},
    checks: runChecks(e),
    ...(ctx.zones > 1
      ? {
          zones: {
            zones: ctx.zones,
            peersPerZoneMax: peersPerZoneMax(peers, ctx.zones),
            survivesZoneLoss: survivesZoneLoss(e.rf, peers, ctx.zones),
            minReplicationFactor: minReplicationForZoneLoss(peers, ctx.zones),
            raftMajorityAfterZoneLoss: raftMajorityAfterZoneLoss(peers, ctx.zones),
          },
        }
      : {}),
    cost: {
      monthlyUsd: cost.monthlyUsd,
      lineItems: cost.lineItems,
      warnings: cost.warnings,
      notIncluded: own ? [...PLAN_NOT_INCLUDED, ...OWN_NODES_NOT_INCLUDED] : [...PLAN_NOT_INCLUDED],
      pricingModel: own ? 'own' : (ctx.catalog.pricing?.model ?? 'on-demand'),
      ...(models ? { models } : {}),
    },
    shardReason: shards.reason,
    variant: variant.label,
    queryCpu: {
      qps: ctx.c.query.qps,
      hnswEf: ctx.hnswEf,
      vcpuNeeded: e.query.vcpuNeeded,
      vcpuLow: e.query.vcpuLow,
      vcpuHigh: e.query.vcpuHigh,
      vcpuAvailable: r.cpuRequestCores * peers,
      p99FloorMs: e.query.p99FloorMs,
      // The formula with where its constants were measured: the request and remote shards (REQUEST_COST), the graph
      // search (SEARCH_COST) and the bytes its walk reads (SCORED_BYTES) or the full scan (FULL_SCAN), and a max_sim
      // search's multivector terms (MULTIVECTOR_SEARCH), as writeCpu.source does for WRITE_COST.
      detail:
        `${e.query.formula}; r and p per ${REQUEST_COST.source}; c per ${e.query.fullScan ? FULL_SCAN.source : SEARCH_COST.source}` +
        (e.query.fullScan || e.query.multivector ? '' : `; the walk's scoring costs ${formatInput(e.query.scoredBytesPerDim)} B a dimension of each candidate (the int8 walk's 1), per ${SCORED_BYTES.source}, kernels per ${WALK_KERNEL.source}`) +
        (e.query.multivector ? `; max_sim per ${MULTIVECTOR_SEARCH.source}` : '') +
        // Its inner pairs on quantized codes or on originals other than float32 (multivectorSearchPairCost), with where
        // that multiple was measured,
        (e.query.multivector?.pairCost !== undefined ? `, its inner pairs (on its codes, else its originals' datatype) at ${formatInput(e.query.multivector.pairCost)} of float32's per ${MULTIVECTOR_SEARCH.kernelSource}` : '') +
        // and the bytes of a candidate's inner vectors it fetches, as they are stored (multivectorSearchFetchShare).
        (e.query.multivector?.fetchShare !== undefined ? `, each inner vector fetched at its stored ${formatInput(e.query.multivector.fetchShare)} of float32's bytes` : ''),
      ...(e.query.multivector ? { multivector: e.query.multivector } : {}),
    },
    ...(e.writes.pointsPerSecond > 0
      ? {
          writeCpu: {
            pointsPerSecond: e.writes.pointsPerSecond,
            vcpuSecondsPerPoint: e.writes.vcpuSecondsPerPoint,
            vcpuSecondsPerPointLow: e.writes.low,
            vcpuSecondsPerPointHigh: e.writes.high,
            vcpuCluster: e.writes.clusterVcpu,
            vcpuBusiestPeer: e.writes.busiestPeerVcpu,
            source: WRITE_COST.source,
          },
        }
      : {}),
    indexing: {
      cpuBuildSeconds: ix.cpuBuildSeconds,
      cpuBuildSecondsLow: buildLow,
      cpuBuildSecondsHigh: buildHigh,
      segmentPoints: ix.segmentPoints,
      ...(ix.gpuBuildSeconds !== undefined ? { gpuBuildSeconds: ix.gpuBuildSeconds } : {}),
      detail:
        `full HNSW build of the busiest peer's ${formatCount(Math.round(ix.pointsOnPeer))} ${plural(Math.round(ix.pointsOnPeer), 'point')} in segments of ${formatCount(Math.round(ix.segmentPoints))}: ` +
        `${h(ix.cpuBuildSeconds)} h on ${offer.vcpu} vCPU (range ${h(buildLow)}-${h(buildHigh)} h; ` +
        `fitted to Qdrant v1.19.0 builds, ${CPU_BUILD.source.split(' (')[0]}, see docs/topology.md §7)` +
        // Multivector points: K² × u × D units a distance (MULTIVECTOR_BUILD), with where u was measured.
        (Object.keys(variant.workload.multivector).length > 0 ? `; multivector points at K² × ${MULTIVECTOR_BUILD.unitsPerInnerPairDim} × D units a distance, ${MULTIVECTOR_BUILD.source.split(' (')[0]}` : '') +
        buildKernelClause(variant) +
        (ix.gpuBuildSeconds !== undefined && offer.gpuModel ? `; ${h(ix.gpuBuildSeconds)} h on one ${offer.gpuModel}` : ''),
    },
    estimate: e.estimate,
    workload: {
      ...variant.workload,
      collection: { ...variant.workload.collection, shard_number: S, replication_factor: e.rf, write_consistency_factor: e.wcf },
      assumptions: { ...variant.workload.assumptions, nodeCpus: r.qdrantCpus },
    },
  };
}

/** True when every `error` check of the plan passes. */
export function passesAll(plan: Plan): boolean {
  return plan.checks.every((k) => k.passed || k.severity !== 'error');
}

/** A per-peer range in whole bytes: the low end rounded down, the high end up (the expected value is rounded up). */
function bytesRange(low: number, high: number): { low: number; high: number } {
  return { low: Math.floor(low), high: Math.ceil(high) };
}

/**
 * The indexing detail's clause for builds that score with another kernel than float32's (BUILD_KERNEL: the codes, or
 * narrow originals) and for product codes trained per segment (CODES_BUILD); empty for float32 vectors.
 */
function buildKernelClause(variant: WorkloadVariant): string {
  const shapes = denseVectorShapes(variant.workload);
  const onKernel = shapes.filter(buildsOnKernel);
  // A multivector's units are an inner pair's over a float32 pair's (buildUnitsPerDim, MULTIVECTOR_BUILD.kernels).
  const said = (pairs: boolean) => {
    const units = [...new Set(onKernel.filter((sh) => (sh.innerVectors !== undefined) === pairs).map((sh) => sh.buildUnitsPerDim))];
    return units.length === 0 ? '' : `${units.map((u) => (u < 10 ? u.toFixed(2) : u.toFixed(1))).join(' and ')} of float32's cost ${pairs ? 'an inner pair' : 'a dimension'}`;
  };
  const each = [said(false), said(true)].filter((x) => x !== '').join(', multivectors at ');
  if (each === '') return '';
  // CODES_BUILD is measured by the same builds as BUILD_KERNEL: one citation for both.
  const codes = shapes.some((sh) => sh.codes) ? `, with each segment's product codes trained first` : '';
  // The dense kernels and the codes (CODES_BUILD) are measured by BUILD_KERNEL's builds, the multivectors' pairs apart.
  const dense = onKernel.some((sh) => sh.innerVectors === undefined || sh.codes !== undefined);
  const pairs = onKernel.some((sh) => sh.innerVectors !== undefined);
  const sources = [...(dense ? [BUILD_KERNEL.source.split(' (')[0]] : []), ...(pairs ? [MULTIVECTOR_BUILD.kernelSource.split(' (')[0]] : [])];
  return `; the graph scored on the quantized codes or narrow originals at ${each}${codes} (${sources.join('; ')})`;
}
