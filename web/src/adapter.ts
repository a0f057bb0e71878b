/**
 * The one place the page reads a Recommendation (src/plan/types.ts). Everything the page draws comes from the
 * View built here, so a change to the Recommendation's shape touches this file only.
 */
import {
  currencyNote,
  isOnDisk,
  localCurrency,
  nodeSummary,
  PlanConstraints,
  pricesAsOfText,
  timelineLimitLine,
  workloadSummary,
  type CostLineItem,
  type CurrencyView,
  type LineItem,
  type Recommendation,
  type Structure,
} from '../../src/index.js';

export type { AlternativeGroup } from '../../src/plan/types.js';
import type { AlternativeGroup } from '../../src/plan/types.js';
export type ResidencyBar = 'RAM' | 'Page cache' | 'Disk';

export interface CheckView {
  id: string;
  name: string;
  passed: boolean;
  severity: 'error' | 'warning';
  detail: string;
}

export interface AlternativeView {
  label: string;
  group: AlternativeGroup;
  monthlyUsd: number;
  /** Alternative minus recommended, per month. */
  deltaUsd: number;
  checksPassed: number;
  checksTotal: number;
  passesAll: boolean;
  peers: number;
  instanceType: string;
  cloud: string;
}

export interface View {
  /** `100M points × 768-d Cosine float32`, as the CLI's quote heads it. */
  workloadLine: string;
  /** `21 × r7g.2xlarge (aws us-east-1, 8 vCPU, 64 GiB, arm64)` */
  nodeLine: string;
  qdrantVersion: string;
  catalogDate: string;
  /** `prices as of 2025-04-24 and 2026-04-01`: the dates of the rows that priced the bill, as the CLI's quote heads it. */
  pricesLine: string;
  points: number;
  cluster: {
    peers: number;
    instanceType: string;
    cloud: string;
    region: string;
    family: string;
    arch: string;
    vcpu: number;
    memoryBytes: number;
    allocatableMemoryBytes: number;
    /** null: your own node given without a price (the web page plans cloud offers only). */
    pricePerHourUsd: number | null;
    shardNumber: number;
    replicationFactor: number;
    writeConsistencyFactor: number;
    variant: string;
    /** Why this replication factor, when qsize chose it (none was given); '' when given (src/plan/replication.ts). */
    replicationReason: string;
    shardReason: string;
    gpu?: { instanceType: string; gpuModel: string };
  };
  /** For each peer, the shards it holds a replica of. */
  placement: { peer: number; shards: number[] }[];
  /** Shard replicas on the busiest peer (k in k/S). */
  replicasOnBusiest: number;
  perPeer: Recommendation['plan']['perPeer'];
  /** Per-peer memory and disk by residency, split by structure (see memorySplit). */
  memory: { residency: ResidencyBar; totalBytes: number; byStructure: Partial<Record<Structure | 'other', number>> }[];
  /** The busiest peer's fixed per-process RAM (not divided among shards). */
  baselineBytes: number;
  bill: { items: CostLineItem[]; monthlyUsd: number };
  /**
   * With a currency chosen (the currency field, `qsize --currency`): the bill converted as the CLI's quote converts it
   * (src/cli/render/plan.ts localCurrency; the lines add up to the total), and the quote's sentence on the rate.
   */
  local?: { lines: number[]; total: number; note: string };
  alternatives: AlternativeView[];
  /** `limitLine`: the timeline's limit line as the CLI prints it (timelineLimitLine), when the plan has a timeline. */
  growth?: { fitsUntilMonth: number | null; detail: string; pointsPerMonth: number; horizonMonths: number; limitLine?: string };
  checks: CheckView[];
  warnings: string[];
  /** One copy of the collection, as `qsize explain` lists it. */
  lineItems: LineItem[];
  /** The workload the plan rests on (its storage variant), to re-estimate for the growth timeline. */
  workload: Recommendation['plan']['workload'];
  /** Constraint values the per-peer numbers rest on (defaults filled in by the library's schema). */
  assumed: { daemonsetMemoryBytes: number; daemonsetCpuCores: number; ramCeiling: number };
  queryCpu?: { vcpuNeeded: number; vcpuLow: number; vcpuHigh: number; detail: string };
}

/** The alternative's kind, as the planner groups it (src/plan/recommend.ts). */
function groupOf(a: Recommendation['alternatives'][number]): AlternativeGroup {
  return a.group;
}

/** The check's module id (src/plan/checks/<id>.ts). */
function checkId(c: Recommendation['plan']['checks'][number]): string {
  return c.id;
}

/**
 * Each bar: its per-peer total and the one-copy line items it is split by. Disk holds the disk items and the files
 * kept in page cache (isOnDisk, the model's own rule for disk): the original vectors are page cache and on the volume.
 */
const BARS: { residency: ResidencyBar; item: LineItem['residency']; holds: (i: LineItem) => boolean; total: (p: View['perPeer']) => number }[] = [
  { residency: 'RAM', item: 'ram', holds: (i) => i.residency === 'ram', total: (p) => p.residentBytes },
  { residency: 'Page cache', item: 'cache', holds: (i) => i.residency === 'cache', total: (p) => p.pageCacheBytes },
  { residency: 'Disk', item: 'disk', holds: isOnDisk, total: (p) => p.diskBytes },
];

/**
 * The busiest peer's resident RAM, page cache and disk (the plan's perPeer totals, exactly), split by structure
 * in the proportions of the one-copy line items of that residency. The process baseline is per peer, not per
 * shard (src/topology/fit.ts peerLoad), so it is taken whole and only the rest is split.
 */
export function memorySplit(perPeer: View['perPeer'], items: readonly LineItem[]): { bars: View['memory']; baselineBytes: number } {
  const baselineBytes = items.filter((i) => i.structure === 'process' && i.residency === 'ram').reduce((s, i) => s + i.bytes, 0);
  const bars = BARS.map(({ residency, item, holds, total }) => {
    const all = total(perPeer);
    const fixed = item === 'ram' ? Math.min(baselineBytes, all) : 0;
    const shared = items.filter((i) => holds(i) && !(item === 'ram' && i.structure === 'process'));
    const sum = shared.reduce((s, i) => s + i.bytes, 0);
    const byStructure: Partial<Record<Structure | 'other', number>> = {};
    if (fixed > 0) byStructure.process = fixed;
    if (sum > 0) for (const i of shared) byStructure[i.structure] = (byStructure[i.structure] ?? 0) + ((all - fixed) * i.bytes) / sum;
    // No line item to split by (cannot happen for a plan's own estimate): the bar still shows its total.
    else if (all - fixed > 0) byStructure.other = all - fixed;
    return { residency, totalBytes: all, byStructure };
  });
  return { bars, baselineBytes };
}

export function viewOf(r: Recommendation, constraintsInput: Record<string, unknown>, currency?: CurrencyView): View {
  const p = r.plan;
  const local = currency && localCurrency(currency, r);
  const c = PlanConstraints.parse(constraintsInput);
  const { bars, baselineBytes } = memorySplit(p.perPeer, p.estimate.lineItems);
  const growthGiven = (c.growth?.pointsPerMonth ?? 0) > 0;
  return {
    workloadLine: workloadSummary(p),
    nodeLine: nodeSummary(p),
    qdrantVersion: p.qdrantVersion,
    catalogDate: p.catalogDate,
    pricesLine: pricesAsOfText(p),
    points: p.workload.points,
    cluster: {
      peers: p.peers,
      instanceType: p.node.instanceType,
      cloud: p.node.cloud,
      region: p.node.region,
      family: p.node.family,
      arch: p.node.arch,
      vcpu: p.node.vcpu,
      memoryBytes: p.node.memoryBytes,
      allocatableMemoryBytes: p.node.allocatableMemoryBytes,
      pricePerHourUsd: p.node.pricePerHourUsd,
      shardNumber: p.shardNumber,
      replicationFactor: p.replicationFactor,
      writeConsistencyFactor: p.writeConsistencyFactor,
      variant: p.variant ?? 'as configured',
      replicationReason: p.replicationReason ?? '',
      shardReason: p.shardReason ?? '',
      ...(p.gpu?.enabled ? { gpu: { instanceType: p.gpu.instanceType, gpuModel: p.gpu.gpuModel } } : {}),
    },
    placement: p.placement.map((x) => ({ peer: x.peer, shards: [...x.shards] })),
    replicasOnBusiest: Math.max(0, ...p.placement.map((x) => x.shards.length)),
    perPeer: p.perPeer,
    memory: bars,
    baselineBytes,
    bill: { items: p.cost.lineItems, monthlyUsd: p.cost.monthlyUsd },
    ...(local ? { local: { lines: local.bill.lines, total: local.bill.total, note: currencyNote(local) } } : {}),
    alternatives: r.alternatives.map((a) => ({
      label: a.label,
      group: groupOf(a),
      monthlyUsd: a.plan.cost.monthlyUsd,
      deltaUsd: a.plan.cost.monthlyUsd - p.cost.monthlyUsd,
      checksPassed: a.plan.checks.filter((x) => x.passed).length,
      checksTotal: a.plan.checks.length,
      passesAll: a.passesAllChecks,
      peers: a.plan.peers,
      instanceType: a.plan.node.instanceType,
      cloud: a.plan.node.cloud,
    })),
    ...(growthGiven
      ? {
          growth: {
            fitsUntilMonth: r.growth.fitsUntilMonth,
            detail: r.growth.detail,
            pointsPerMonth: c.growth?.pointsPerMonth ?? 0,
            horizonMonths: c.growth?.horizonMonths ?? 0,
            ...(r.timeline ? { limitLine: timelineLimitLine(r.timeline.shardLimit) } : {}),
          },
        }
      : {}),
    checks: p.checks.map((x) => ({ id: checkId(x), name: x.name, passed: x.passed, severity: x.severity, detail: x.detail })),
    warnings: [...r.warnings],
    lineItems: p.estimate.lineItems,
    workload: p.workload,
    assumed: { daemonsetMemoryBytes: c.daemonsetMemoryBytes, daemonsetCpuCores: c.daemonsetCpuCores, ramCeiling: c.ramCeiling },
    ...(p.queryCpu ? { queryCpu: { vcpuNeeded: p.queryCpu.vcpuNeeded, vcpuLow: p.queryCpu.vcpuLow, vcpuHigh: p.queryCpu.vcpuHigh, detail: p.queryCpu.detail } } : {}),
  };
}
