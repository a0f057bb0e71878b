/**
 * Step 5 of recommend(): a reported plan from its evaluation. Every number is taken from the evaluation as it is:
 * the requests were rounded once (src/plan/resources.ts), the bill priced once (src/pricing/cost.ts), so the report,
 * the JSON and the emitted files carry the same numbers.
 */
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

export function toPlan(e: Evaluation): Plan {
  const { ctx, candidate } = e;
  const { variant, offer, peers, shards } = candidate;
  const r = e.resources;
  const ix = e.indexing;
  const S = shards.shardNumber;
  const gpu = e.gpu;
  const h = (s: number) => (s / 3600).toFixed(2);
  return {
    schemaVersion: 'qsize.plan/v1',
    qdrantVersion: variant.workload.qdrantVersion,
    catalogDate: ctx.catalog.catalogDate,
    peers,
    shardNumber: S,
    replicationFactor: e.rf,
    writeConsistencyFactor: e.wcf,
    placement: e.placement,
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
    cost: { monthlyUsd: e.cost.monthlyUsd, lineItems: e.cost.lineItems, warnings: e.cost.warnings },
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
