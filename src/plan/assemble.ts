/**
 * Step 5 of recommend(): a reported plan from its evaluation. Every number is taken from the evaluation as it is:
 * the requests were rounded once (src/plan/resources.ts), the bill priced once (src/pricing/cost.ts), so the report,
 * the JSON and the emitted files carry the same numbers.
 */
import { HOURS_PER_MONTH, priceQuantities, type PricedCost, type Quantity } from '../pricing/cost.js';
import { DEFAULT_CONTROL_PLANE_TIER, NOT_INCLUDED } from '../pricing/quote.js';
import { formatCount } from '../spec/units.js';
import { CPU_BUILD, CPU_BUILD_RANGE } from '../topology/throughput.js';
import { runChecks } from './checks/index.js';
import type { PlanContext } from './context.js';
import { gpuVendorOf, type Evaluation } from './evaluate.js';
import type { InstanceOffer, Plan } from './types.js';
import type { WorkloadVariant } from './variants.js';

/** The user's constraints a candidate does not meet: one rule, used for the winner's pool and every alternative. */
export function violations(ctx: PlanContext, variant: WorkloadVariant, offer: InstanceOffer): string[] {
  const p = ctx.c.placement;
  const out: string[] = [];
  if (p.cloud && offer.cloud !== p.cloud) out.push(`cloud ${offer.cloud} is not ${p.cloud}`);
  if (p.region && offer.region !== p.region) out.push(`region ${offer.region} is not ${p.region}`);
  if (p.families && !p.families.includes(offer.family)) out.push(`family ${offer.family} is not in [${p.families.join(', ')}]`);
  if (p.instanceTypes && !p.instanceTypes.includes(offer.instanceType)) out.push(`${offer.instanceType} is not an allowed instance type`);
  if (p.instanceType && offer.instanceType !== p.instanceType) out.push(`instance type is pinned to ${p.instanceType}`);
  if (!p.arm64Allowed && offer.arch === 'arm64') out.push('arm64 is not allowed');
  if (variant.onDisk && !p.onDiskAllowed) out.push('originals on disk are not allowed');
  if (variant.key !== 'as-configured' && !ctx.c.allowQuantizationChanges) {
    out.push('changes the collection (allowQuantizationChanges is off)');
  }
  return out;
}

/** What every quote leaves out, one `item (why)` per entry (src/pricing/control-plane.ts NOT_INCLUDED). */
export const PLAN_NOT_INCLUDED: readonly string[] = NOT_INCLUDED.map((n) => `${n.item} (${n.why})`);

/**
 * Per-cluster lines of the bill, which do not scale with the candidate's peers: the managed control plane's fee
 * (EKS, GKE, AKS at the cloud's default tier, 730 cluster-hours a month), once for the cluster and once for a warm
 * DR standby, which is a second cluster. All three clouds charge the same $0.10/cluster-hour at their default tier
 * (data/catalogs/control-plane.csv), so leaving these lines out of the search's ranking (src/plan/evaluate.ts) cannot
 * change which candidate is cheapest; they join the bill here, through the same price join. A catalog without
 * control-plane prices (hand-built test catalogs) adds none.
 */
export function clusterQuantities(ctx: PlanContext, offer: InstanceOffer): Quantity[] {
  const cp = ctx.catalog.controlPlane;
  if (cp === undefined) return [];
  const tier = DEFAULT_CONTROL_PLANE_TIER[offer.cloud];
  const service = cp.call(ctx.catalog, offer.cloud, tier)?.service ?? { aws: 'EKS', gcp: 'GKE', azure: 'AKS' }[offer.cloud];
  const key = { kind: 'control-plane' as const, cloud: offer.cloud, tier };
  const line = (name: string): Quantity => ({ name, quantity: HOURS_PER_MONTH, unit: 'cluster-hour', key, quantityFormula: `1 cluster × ${HOURS_PER_MONTH} h/month` });
  const out = [line(`Managed control plane (${service} ${tier}, 1 cluster)`)];
  if (ctx.c.dr) out.push(line(`DR standby control plane (${service} ${tier}, 1 cluster)`));
  return out;
}

/** The plan's bill: the evaluation's quantities and the per-cluster ones, through the one price join. */
export function billOf(e: Evaluation): PricedCost {
  const extra = clusterQuantities(e.ctx, e.candidate.offer);
  return extra.length === 0 ? e.cost : priceQuantities([...e.quantities, ...extra], e.ctx.book);
}

export function toPlan(e: Evaluation): Plan {
  const { ctx, candidate } = e;
  const { variant, offer, peers, shards } = candidate;
  const r = e.resources;
  const ix = e.indexing;
  const S = shards.shardNumber;
  const gpu = e.gpu;
  const h = (s: number) => (s / 3600).toFixed(2);
  const cost = billOf(e);
  return {
    schemaVersion: 'qsize.plan/v1',
    qdrantVersion: variant.workload.qdrantVersion,
    catalogDate: ctx.catalog.catalogDate,
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
    cost: { monthlyUsd: cost.monthlyUsd, lineItems: cost.lineItems, warnings: cost.warnings, notIncluded: [...PLAN_NOT_INCLUDED] },
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
      detail: e.query.formula,
    },
    indexing: {
      cpuBuildSeconds: ix.cpuBuildSeconds,
      cpuBuildSecondsLow: ix.cpuBuildSeconds * CPU_BUILD_RANGE.low,
      cpuBuildSecondsHigh: ix.cpuBuildSeconds * CPU_BUILD_RANGE.high,
      segmentPoints: ix.segmentPoints,
      ...(ix.gpuBuildSeconds !== undefined ? { gpuBuildSeconds: ix.gpuBuildSeconds } : {}),
      detail:
        `full HNSW build of the busiest peer's ${formatCount(Math.round(ix.pointsOnPeer))} points in segments of ${formatCount(Math.round(ix.segmentPoints))}: ` +
        `${h(ix.cpuBuildSeconds)} h on ${offer.vcpu} vCPU (range ${h(ix.cpuBuildSeconds * CPU_BUILD_RANGE.low)}-${h(ix.cpuBuildSeconds * CPU_BUILD_RANGE.high)} h; ` +
        `fitted to Qdrant v1.19.0 builds, ${CPU_BUILD.source.split(' (')[0]}, see docs/topology.md §7)` +
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
