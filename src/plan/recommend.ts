/**
 * The orchestrator: workload → estimate (one copy) → topology per instance offer → checks → priced plans →
 * the cheapest plan that passes every `error` check, with ranked alternatives and the month growth breaks it.
 *
 * Search: for every storage variant and every instance offer, peers are scanned upward from the replication
 * factor until every check passes (memory, CPU and disk needs fall as peers rise; Raft and replication checks
 * pass from a threshold on). Each step is O(1) arithmetic; plan objects with placement and text are built only
 * for the winner and the alternatives, so the whole catalog is searched in milliseconds.
 */
import { QsizeNoFitError, QsizeValidationError } from '../errors.js';
import type { Estimate } from '../model/types.js';
import { Workload, type WorkloadInput } from '../spec/workload.js';
import { formatBytes, formatCount } from '../spec/units.js';
import { chooseShardNumber, shardCount } from '../topology/shards.js';
import { maxReplicasPerPeer, placeShards } from '../topology/placement.js';
import {
  kubeReservedCpuCores,
  needsAt,
  needsOf,
  peerLoad,
  volumeBytesFor,
  type CollectionNeeds,
} from '../topology/fit.js';
import {
  cpuBuildSeconds,
  CPU_BUILD,
  CPU_BUILD_RANGE,
  efForRecall,
  gpuBuildSeconds,
  gpuMaxSegmentSizeKb,
  gpuSecondsPer1M1536,
  queryCpu,
  GPU_ITERATION_LIMIT_BYTES,
} from '../topology/throughput.js';
import { PlanConstraints, PLAN_LIMITS, type PlanConstraintsInput } from './constraints.js';
import type { Check, CostLineItem, InstanceOffer, Plan, PlanCatalog, Recommendation, StorageOffer } from './types.js';
import { defaultPlanCatalog } from './catalog.js';
import { HOURS_PER_MONTH } from '../pricing/cost.js';
import { estimate } from '../model/estimate.js';
import { segmentsPerShardFor } from '../model/layout.js';
import { denseVectorShapes, workloadVariants, type WorkloadVariant } from './variants.js';

const GIB = 1024 ** 3;

/** Smallest usable VRAM for a GPU indexing peer: Qdrant's 16 GB per-iteration batch (15 GiB of T4 usable memory). */
export const GPU_MIN_VRAM_BYTES = 15 * GIB;

/** Whether an offer can be a GPU indexing peer: an x86_64 instance (Qdrant's GPU images) with a GPU of ≥ 15 GiB. */
export function isGpuPeerOffer(o: InstanceOffer): boolean {
  return o.gpuCount > 0 && o.arch === 'amd64' && (o.gpuMemoryBytes ?? 0) >= GPU_MIN_VRAM_BYTES;
}

/** GPU vendor from the catalog's model name: AMD cards (Radeon, Instinct MI*, V520/V620) use the -gpu-amd image. */
export function gpuVendorOf(model: string): 'nvidia' | 'amd' {
  return /radeon|instinct|\bMI\d{2,3}|V520|V620/i.test(model) ? 'amd' : 'nvidia';
}

export type Estimator = (workload: Workload) => Estimate;

export interface RecommendOptions {
  /** Priced offers, storage prices and allocatable memory; the shipped catalogs (src/pricing) by default. */
  catalog?: PlanCatalog;
  /** The memory model; `estimate` from src/model by default. */
  estimator?: Estimator;
  /** Most alternatives returned (default 12). */
  maxAlternatives?: number;
}

interface VariantNeeds {
  variant: WorkloadVariant;
  now: CollectionNeeds;
  horizon: CollectionNeeds;
  estimate: Estimate;
  /** Largest dense dimension (search cost), dense shapes (build cost). */
  queryDim: number;
  shapes: { dim: number; m: number; efConstruct: number }[];
}

interface Ctx {
  c: PlanConstraints;
  catalog: PlanCatalog;
  pointsNow: number;
  pointsHorizon: number;
  hnswEf: number;
  pinnedShards: number | undefined;
  /** GPU indexing in this search: peers must be GPU instances, which build their own HNSW in-process. */
  gpu: boolean;
  usableMemory: Map<InstanceOffer, number>;
  usableCpu: Map<InstanceOffer, number>;
  storage: Map<string, StorageOffer | undefined>;
}

interface Assessment {
  peers: number;
  shardNumber: number;
  shardReason: string;
  checks: Check[];
  passed: boolean;
  /** Every error check but `Constraints` passes. */
  technicalPassed: boolean;
  /** A check fails that no peer count can fix (GPU on arm64, replication factor ≤ tolerated failures). */
  hopeless: boolean;
  constraintsOk: boolean;
  /** Whether the memory/disk/Raft checks pass (CPU aside): where the shard count freezes. */
  memoryPassed: boolean;
  monthlyUsd: number;
  lineItems: CostLineItem[];
  perPeer: Plan['perPeer'];
  queryCpu: NonNullable<Plan['queryCpu']>;
  indexing: NonNullable<Plan['indexing']>;
  gpu: Plan['gpu'];
  maxSegmentSizeKb: number | undefined;
  usableMemoryBytes: number;
}

/**
 * Recommends a topology: the cheapest plan that passes every error check, ranked alternatives (other
 * quantization variants, families, clouds) with their checks, and the month growth outruns the plan.
 * Throws QsizeValidationError on bad input and QsizeNoFitError when nothing fits.
 */
export function recommend(
  workloadInput: WorkloadInput | Workload,
  constraintsInput: PlanConstraintsInput | PlanConstraints = {},
  options: RecommendOptions = {},
): Recommendation {
  const workload = parseOrThrow(Workload, workloadInput, '');
  const c = parseOrThrow(PlanConstraints, constraintsInput, 'constraints.');
  const catalog = options.catalog ?? defaultPlanCatalog();
  const estimator = options.estimator ?? estimate;
  const pointsNow = workload.points;
  const pointsHorizon = Math.round(pointsNow + c.growth.pointsPerMonth * c.growth.horizonMonths);

  const variants: VariantNeeds[] = workloadVariants(workload, c.placement.onDiskAllowed).map((variant) => {
    const estNow = estimator(variant.workload);
    const estHorizon = pointsHorizon === pointsNow ? estNow : estimator({ ...variant.workload, points: pointsHorizon });
    const shapes = denseVectorShapes(variant.workload);
    return {
      variant,
      now: needsOf(estNow),
      horizon: needsOf(estHorizon),
      estimate: estHorizon,
      queryDim: Math.max(1, ...shapes.map((s) => s.dim)),
      shapes,
    };
  });

  const ctx: Ctx = {
    c,
    catalog,
    pointsNow,
    pointsHorizon,
    hnswEf: c.query.hnswEf ?? efForRecall(c.query.recallTarget),
    pinnedShards: c.shardNumber ?? workload.collection.shard_number ?? undefined,
    gpu: c.gpuIndexing.enabled,
    usableMemory: new Map(),
    usableCpu: new Map(),
    storage: new Map(),
  };

  // Qdrant's GPU indexing runs inside each peer on the GPU of its own node: with it on, the peers ARE the GPU
  // instances (x86_64, priced all month); without it, CPU instances only.
  const cpuOffers = catalog.instances.filter((o) => o.gpuCount === 0);
  const nodeOffers = ctx.gpu ? catalog.instances.filter(isGpuPeerOffer) : cpuOffers;
  interface Candidate {
    v: VariantNeeds;
    offer: InstanceOffer;
    peers: number;
    shardNumber: number;
    peersNow: number;
    passed: boolean;
    constraintsOk: boolean;
    monthlyUsd: number;
  }
  const candidates: Candidate[] = [];
  for (const v of variants) {
    for (const offer of nodeOffers) {
      const found = searchPeers(ctx, v, offer);
      candidates.push({ v, offer, ...found });
    }
  }

  // With GPU indexing, the plan without it (CPU peers, CPU builds) is shown next to it so its price is visible.
  const cpuCtx: Ctx | undefined = ctx.gpu ? { ...ctx, gpu: false } : undefined;
  let cpuOnly: Candidate | undefined;
  if (cpuCtx) {
    const cpuCandidates: Candidate[] = [];
    for (const v of variants) for (const offer of cpuOffers) cpuCandidates.push({ v, offer, ...searchPeers(cpuCtx, v, offer) });
    const cpuInBounds = cpuCandidates.filter((k) => k.constraintsOk);
    cpuOnly = cpuCandidates.filter((k) => k.passed).sort(byCost)[0] ?? (cpuInBounds.length ? cpuInBounds : cpuCandidates).sort(byCost)[0];
  }

  const passing = candidates.filter((k) => k.passed).sort(byCost);
  const best = passing[0];
  const inBounds = candidates.filter((k) => k.constraintsOk);
  if (!best) {
    const hint =
      cpuCtx && cpuOnly?.passed
        ? `without GPU indexing, ${cpuOnly.peers} × ${cpuOnly.offer.instanceType} (${cpuOnly.offer.cloud}, ${cpuOnly.v.variant.label}) passes every check at $${cpuOnly.monthlyUsd.toFixed(0)}/month`
        : undefined;
    if (nodeOffers.length === 0) throw new QsizeNoFitError(`no instance in the catalog can be a GPU indexing peer (x86_64 with a GPU of ≥ 15 GiB)${hint ? `; ${hint}` : ''}`);
    throw noFit(ctx, (inBounds.length ? inBounds : candidates).sort(byCost).slice(0, 3).map((k) => buildPlan(ctx, k.v, k.offer, k.peers, k.shardNumber, k.peersNow, workload)), hint);
  }

  const plan = buildPlan(ctx, best.v, best.offer, best.peers, best.shardNumber, best.peersNow, workload);

  // Alternatives: the best of every other variant, family and cloud (passing first, else the cheapest failing).
  const pick = new Map<string, { label: string; k: Candidate }>();
  const consider = (group: string, label: (k: Candidate) => string, pool: Candidate[]) => {
    const top = pool.filter((k) => k.passed).sort(byCost)[0] ?? pool.sort(byCost)[0];
    if (!top || top === best) return;
    const id = `${top.v.variant.key}|${top.offer.cloud}|${top.offer.instanceType}|${top.peers}`;
    if (!pick.has(id)) pick.set(id, { label: `${label(top)} (${group})`, k: top });
  };
  const describe = (k: Candidate) => `${k.peers} × ${k.offer.instanceType} (${k.offer.cloud}), ${k.v.variant.label}`;
  for (const v of variants) {
    if (v === best.v) continue;
    consider('other quantization', describe, candidates.filter((k) => k.v === v && k.offer.cloud === best.offer.cloud));
  }
  const families = new Set(nodeOffers.map((o) => `${o.cloud}|${o.family}`));
  for (const f of families) {
    if (f === `${best.offer.cloud}|${best.offer.family}`) continue;
    consider('other family', describe, candidates.filter((k) => k.v === best.v && `${k.offer.cloud}|${k.offer.family}` === f));
  }
  for (const cloud of new Set(nodeOffers.map((o) => o.cloud))) {
    if (cloud === best.offer.cloud) continue;
    consider('other cloud', describe, candidates.filter((k) => k.v === best.v && k.offer.cloud === cloud));
  }
  const maxAlternatives = options.maxAlternatives ?? 12;
  const alternatives: Recommendation['alternatives'] = [];
  if (cpuCtx && cpuOnly && maxAlternatives > 0) {
    const p = buildPlan(cpuCtx, cpuOnly.v, cpuOnly.offer, cpuOnly.peers, cpuOnly.shardNumber, cpuOnly.peersNow, workload);
    const delta = best.monthlyUsd - cpuOnly.monthlyUsd;
    const cpuH = (p.indexing?.cpuBuildSeconds ?? 0) / 3600;
    alternatives.push({
      label:
        `${describe(cpuOnly)} (CPU-only indexing, no GPU): $${cpuOnly.monthlyUsd.toFixed(0)}/month, full HNSW build of the busiest peer ${cpuH.toFixed(2)} h on ${cpuOnly.offer.vcpu} vCPU; ` +
        `GPU indexing costs ${delta >= 0 ? `$${delta.toFixed(0)}/month more` : `$${(-delta).toFixed(0)}/month less`}`,
      plan: p,
      passesAllChecks: passesAll(p),
    });
  }
  alternatives.push(
    ...[...pick.values()]
      .sort((a, b) => Number(b.k.passed) - Number(a.k.passed) || costOrder(a.k.monthlyUsd, b.k.monthlyUsd))
      .slice(0, maxAlternatives - alternatives.length)
      .map(({ label, k }) => {
        const p = buildPlan(ctx, k.v, k.offer, k.peers, k.shardNumber, k.peersNow, workload);
        return { label, plan: p, passesAllChecks: passesAll(p) };
      }),
  );

  const growth = growthLimit(ctx, best.v, best.offer, best.peers, best.shardNumber, best.peersNow);
  const warnings = [
    ...plan.checks.filter((k) => k.severity === 'warning' && !k.passed).map((k) => `${k.name}: ${k.detail}`),
    ...best.v.estimate.warnings,
  ];
  return { schemaVersion: 'qsize.recommendation/v1', plan, alternatives, growth, warnings };
}

/**
 * Costs that differ only by floating-point rounding are equal: instance families priced linearly per vCPU make
 * 3 × 16xlarge and 4 × 12xlarge cost the same, and which one is a few ulps cheaper must not decide the plan (nor
 * flip when every price is scaled). Ties go to fewer peers, then the instance type's name.
 */
function costOrder(a: number, b: number): number {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) ? 0 : a - b;
}

function byCost(a: { monthlyUsd: number; peers: number; offer: InstanceOffer }, b: { monthlyUsd: number; peers: number; offer: InstanceOffer }): number {
  return (
    costOrder(a.monthlyUsd, b.monthlyUsd) ||
    a.peers - b.peers ||
    (a.offer.instanceType < b.offer.instanceType ? -1 : a.offer.instanceType > b.offer.instanceType ? 1 : 0)
  );
}

/** True when every `error` check of the plan passes. */
export function passesAll(plan: Plan): boolean {
  return plan.checks.every((k) => k.passed || k.severity !== 'error');
}

function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, prefix: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new QsizeValidationError(r.error.issues.map((i) => ({ field: prefix + i.path.map(String).join('.'), message: i.message })));
}

/** Scans peers upward; returns the first count that passes, else the last tried (its checks say why). */
function searchPeers(
  ctx: Ctx,
  v: VariantNeeds,
  offer: InstanceOffer,
): { peers: number; shardNumber: number; peersNow: number; passed: boolean; constraintsOk: boolean; monthlyUsd: number } {
  const { c } = ctx;
  const pinned = c.placement.peers;
  const hi = pinned ?? Math.max(1, c.replicationFactor, c.placement.maxNodes);
  const lo = pinned ?? Math.min(hi, Math.max(1, c.replicationFactor, memoryLowerBound(ctx, v, offer)));
  let frozenShards: number | undefined;
  let peersNow: number | undefined;
  let last: { peers: number; shardNumber: number; peersNow: number; passed: boolean; constraintsOk: boolean; monthlyUsd: number } | undefined;
  for (let peers = lo; peers <= hi; peers++) {
    // Peers that would hold today's data: the shard count is also made a multiple of it (growth without resharding).
    if (peersNow === undefined && (ctx.pointsHorizon === ctx.pointsNow || fitsNow(ctx, v, offer, peers))) peersNow = peers;
    const pNow = Math.min(peersNow ?? peers, peers);
    const shardNumber = ctx.pinnedShards ?? frozenShards ?? shardCount(pNow, peers);
    const a = assess(ctx, v, offer, peers, shardNumber, pNow, false);
    last = { peers, shardNumber, peersNow: pNow, passed: a.passed, constraintsOk: a.constraintsOk, monthlyUsd: a.monthlyUsd };
    // Stop at the first count that passes every technical check; a violated constraint (cloud, family, ...) is
    // reported on the candidate rather than scanned past, so other clouds and families still show their size.
    if (a.technicalPassed || a.hopeless) return last;
    // Once memory fits, more peers only add query capacity: keep the shard count (more shards = more work per query).
    if (a.memoryPassed && frozenShards === undefined) frozenShards = shardNumber;
    if (a.memoryPassed && c.query.qps > 0 && a.queryCpu.vcpuAvailable < a.queryCpu.vcpuNeeded) {
      // Jump to the first count whose CPU could suffice; stop when even S·RF busy peers cannot (more peers stay idle).
      const cpu = usableCpu(ctx, offer);
      const needPeers = cpu > 0 ? Math.ceil(a.queryCpu.vcpuNeeded / cpu - 1e-9) : Number.POSITIVE_INFINITY;
      if (needPeers > shardNumber * c.replicationFactor || needPeers > hi) return last;
      if (needPeers - 1 > peers) peers = needPeers - 1;
    }
  }
  return last!;
}

/**
 * No peer count below this can hold the horizon data: the busiest peer carries at least `RF/P` of the collection,
 * so `baseline + (RF/P)·(dataResident + pageCache) ≤ ceiling·usable` and `baseline + (RF/P)·dataResident + peak ≤ usable`.
 */
function memoryLowerBound(ctx: Ctx, v: VariantNeeds, offer: InstanceOffer): number {
  const usable = usableMemory(ctx, offer);
  const n = v.horizon;
  const rf = ctx.c.replicationFactor;
  const room1 = ctx.c.ramCeiling * usable - n.baselineBytes;
  const room2 = usable - n.baselineBytes - n.optimizerPeakBytes;
  if (room1 <= 0 || room2 <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.ceil((rf * (n.dataResidentBytes + n.pageCacheBytes)) / room1 - 1e-9), Math.ceil((rf * n.dataResidentBytes) / room2 - 1e-9));
}

function storageFor(ctx: Ctx, offer: InstanceOffer, kind: 'block' | 'object'): StorageOffer | undefined {
  const key = `${kind}|${offer.cloud}|${offer.region}`;
  if (!ctx.storage.has(key)) {
    ctx.storage.set(key, kind === 'block' ? ctx.catalog.blockStorage(offer.cloud, offer.region) : ctx.catalog.objectStorage(offer.cloud, offer.region));
  }
  return ctx.storage.get(key);
}

function usableMemory(ctx: Ctx, offer: InstanceOffer): number {
  let v = ctx.usableMemory.get(offer);
  if (v === undefined) {
    v = Math.max(0, ctx.catalog.allocatableMemoryBytes(offer, ctx.c.placement.maxPods) - ctx.c.daemonsetMemoryBytes);
    ctx.usableMemory.set(offer, v);
  }
  return v;
}

function usableCpu(ctx: Ctx, offer: InstanceOffer): number {
  let v = ctx.usableCpu.get(offer);
  if (v === undefined) {
    const alloc = ctx.catalog.allocatableCpuCores?.(offer, ctx.c.placement.maxPods) ?? offer.vcpu - kubeReservedCpuCores(offer.vcpu);
    v = Math.max(0, alloc - ctx.c.daemonsetCpuCores);
    ctx.usableCpu.set(offer, v);
  }
  return v;
}

function fitsNow(ctx: Ctx, v: VariantNeeds, offer: InstanceOffer, peers: number): boolean {
  const f = ctx.c.toleratedNodeFailures;
  if (peers < ctx.c.replicationFactor || (f > 0 && peers < Math.max(3, 2 * f + 1))) return false;
  const s = ctx.pinnedShards ?? shardCount(peers, peers);
  const load = peerLoad(v.now, maxReplicasPerPeer(s, ctx.c.replicationFactor, peers), s);
  return load.residentBytes + load.pageCacheBytes <= ctx.c.ramCeiling * usableMemory(ctx, offer);
}

/** Every check and cost of one (variant, offer, peers, shards) point. `detail=false` skips the text. */
function assess(
  ctx: Ctx,
  v: VariantNeeds,
  offer: InstanceOffer,
  peers: number,
  shardNumber: number,
  peersNow: number,
  detail: boolean,
  needs: CollectionNeeds = v.horizon,
): Assessment {
  // Verdicts and numbers first (cheap, allocation-light: the search calls this thousands of times); check objects,
  // text and line items only when `detail` is set.
  const { c } = ctx;
  const rf = c.replicationFactor;
  const f = c.toleratedNodeFailures;
  const p = c.placement;

  // --- Constraints the user set.
  const constraintsOk =
    (!p.cloud || offer.cloud === p.cloud) &&
    (!p.region || offer.region === p.region) &&
    (!p.families || p.families.includes(offer.family)) &&
    (!p.instanceTypes || p.instanceTypes.includes(offer.instanceType)) &&
    (!p.instanceType || offer.instanceType === p.instanceType) &&
    (p.arm64Allowed || offer.arch !== 'arm64') &&
    peers <= p.maxNodes &&
    (p.peers === undefined || peers === p.peers) &&
    (!v.variant.onDisk || p.onDiskAllowed) &&
    (v.variant.key === 'as-configured' || c.allowQuantizationChanges);

  // --- Raft, placement, replication.
  const raftMin = Math.max(3, 2 * f + 1);
  const raftOk = peers >= raftMin;
  const placeable = rf <= peers;
  const balanced = (shardNumber * rf) % peers === 0;
  const faultOk = rf > 1 && f < rf;

  // --- Memory on the busiest peer (at the horizon).
  const k = Math.ceil((shardNumber * rf) / peers);
  const load = peerLoad(needs, k, shardNumber);
  const usable = usableMemory(ctx, offer);
  const ceilingBytes = c.ramCeiling * usable;
  const steady = load.residentBytes + load.pageCacheBytes;
  const ramOk = steady <= ceilingBytes;
  const peakOk = load.peakBytes <= usable;
  const peakWithCache = load.peakBytes + load.pageCacheBytes;

  // --- CPU from the query load (each search visits one replica of every shard; at most S·RF peers are busy).
  const pointsPerShard = needs.points / shardNumber;
  const qc = queryCpu(c.query.qps, shardNumber, { dim: v.queryDim, ef: ctx.hnswEf, pointsPerShard });
  const cpuPerPeer = usableCpu(ctx, offer);
  const replicas = shardNumber * rf;
  const busy = (n: number) => Math.min(Math.max(n, 0), replicas);
  const vcpuAvailable = busy(peers) * cpuPerPeer;
  const needCpu = c.query.qps > 0;
  const cpuOk = !needCpu || vcpuAvailable >= qc.vcpuNeeded;
  const survivors = peers - f;
  const survivorCpu = busy(survivors) * cpuPerPeer;
  const failOk = f === 0 || (f < rf && survivors >= 1 && (!needCpu || survivorCpu >= qc.vcpuNeeded) && ramOk);
  const upCpu = busy(peers - 1) * cpuPerPeer;
  const upgradeOk = rf >= 2 && peers >= 3 && (!needCpu || upCpu >= qc.vcpuNeeded);

  // --- Disk.
  const volumeBytes = volumeBytesFor(load);
  const block = storageFor(ctx, offer, 'block');
  const maxVolume = block?.maxVolumeBytes ?? 16 * 1024 ** 4;
  const volumeOk = volumeBytes <= maxVolume;

  // --- GPU indexing.
  const pointsOnPeer = (k / shardNumber) * needs.points;
  // Qdrant builds HNSW on the GPU of the peer's own node (gpu.indexing: true in the peer's config), so with GPU
  // indexing the offer itself must be an x86_64 GPU instance; there is no remote builder to rent by the hour.
  const gpuOn = ctx.gpu;
  const gpuArchOk = !gpuOn || offer.arch === 'amd64';
  const gpuOffer: InstanceOffer | undefined = gpuOn && isGpuPeerOffer(offer) ? offer : undefined;
  let gpuBuild: number | undefined;
  let gpuMonthlyBuild = 0;
  let maxSegmentSizeKb: number | undefined;
  if (gpuOffer) {
    const model = gpuOffer.gpuModel ?? 'unknown';
    let build = 0;
    let growthBuild = 0;
    const growthPoints = (k / shardNumber) * c.growth.pointsPerMonth;
    for (const sh of v.shapes) {
      build += gpuBuildSeconds(pointsOnPeer, sh.dim, model);
      growthBuild += gpuBuildSeconds(growthPoints, sh.dim, model);
    }
    gpuBuild = build;
    gpuMonthlyBuild = c.gpuIndexing.fullRebuildsPerMonth * build + growthBuild;
    const limitKb = gpuMaxSegmentSizeKb(gpuOffer.gpuMemoryBytes ?? GPU_ITERATION_LIMIT_BYTES);
    const layoutKb = Math.floor(v.estimate.layout.maxSegmentBytes / 1024);
    maxSegmentSizeKb = Math.min(limitKb, layoutKb > 0 ? layoutKb : limitKb);
  }
  const gpuNodeOk = !gpuOn || !!gpuOffer;

  // --- Cost (quantities; prices from the catalog rows).
  const volumeGib = volumeBytes / GIB;
  const blockPrice = block?.pricePerGibMonthUsd ?? 0;
  const object = c.snapshots ? storageFor(ctx, offer, 'object') : undefined;
  const snapshotVolumeBytes = c.snapshots ? Math.max(10, Math.ceil(load.diskBytes / GIB)) * GIB : 0;
  const copyGib = Math.ceil(needs.diskBytes / GIB);
  const nodeHours = peers * HOURS_PER_MONTH;
  let monthlyUsd = nodeHours * offer.pricePerHourUsd + peers * volumeGib * blockPrice;
  if (c.snapshots) monthlyUsd += peers * (snapshotVolumeBytes / GIB) * blockPrice + copyGib * (object?.pricePerGibMonthUsd ?? 0);
  if (c.dr) monthlyUsd += nodeHours * offer.pricePerHourUsd + peers * volumeGib * blockPrice;

  const technical: boolean[] = [raftOk || f === 0, placeable, faultOk || f === 0, ramOk, peakOk, cpuOk, failOk, upgradeOk || f === 0, volumeOk, gpuArchOk, gpuNodeOk];
  const technicalPassed = technical.every(Boolean);
  const passed = technicalPassed && constraintsOk;
  const memoryPassed = ramOk && peakOk && placeable && (raftOk || f === 0);

  // Build cost grows with the segment: the plan's shards split into Qdrant's segments (src/model/layout.ts).
  const lay = v.estimate.layout;
  const buildSegmentPoints = pointsPerShard / segmentsPerShardFor(pointsPerShard, lay.vectorBytesPerPoint, lay.maxSegmentBytes, lay.defaultSegments);
  const cpuBuild = v.shapes.reduce((s, sh) => s + cpuBuildSeconds(pointsOnPeer, offer.vcpu, sh.dim, sh.m, sh.efConstruct, buildSegmentPoints), 0);
  const gpu: Plan['gpu'] =
    gpuOffer && gpuBuild !== undefined && maxSegmentSizeKb !== undefined
      ? {
          enabled: true,
          vendor: gpuVendorOf(gpuOffer.gpuModel ?? ''),
          gpuModel: gpuOffer.gpuModel ?? 'unknown',
          instanceType: gpuOffer.instanceType,
          maxSegmentSizeKb,
          buildSeconds: gpuBuild,
        }
      : undefined;

  const checks: Check[] = [];
  const lineItems: CostLineItem[] = [];
  let shardReason = '';
  if (detail) {
    const gb = (b: number) => formatBytes(b, { binary: true });
    const add = (name: string, ok: boolean, severity: Check['severity'], text: string) => checks.push({ name, passed: ok, severity, detail: text });
    const violations: string[] = [];
    if (p.cloud && offer.cloud !== p.cloud) violations.push(`cloud ${offer.cloud} is not ${p.cloud}`);
    if (p.region && offer.region !== p.region) violations.push(`region ${offer.region} is not ${p.region}`);
    if (p.families && !p.families.includes(offer.family)) violations.push(`family ${offer.family} is not in [${p.families.join(', ')}]`);
    if (p.instanceTypes && !p.instanceTypes.includes(offer.instanceType)) violations.push(`${offer.instanceType} is not an allowed instance type`);
    if (p.instanceType && offer.instanceType !== p.instanceType) violations.push(`instance type is pinned to ${p.instanceType}`);
    if (!p.arm64Allowed && offer.arch === 'arm64') violations.push('arm64 is not allowed');
    if (peers > p.maxNodes) violations.push(`${peers} peers exceed maxNodes ${p.maxNodes}`);
    if (p.peers !== undefined && peers !== p.peers) violations.push(`peer count is pinned to ${p.peers}`);
    if (v.variant.onDisk && !p.onDiskAllowed) violations.push('originals on disk are not allowed');
    if (v.variant.key !== 'as-configured' && !c.allowQuantizationChanges)
      violations.push(`${v.variant.label} changes the collection (recall and latency); set allowQuantizationChanges to let the plan adopt it`);
    add('Constraints', constraintsOk, 'error', violations.length ? violations.join('; ') : 'cloud, region, family, type, arch and pins respected');
    add(
      'Raft quorum',
      raftOk,
      f === 0 ? 'warning' : 'error',
      raftOk
        ? `${peers} peers keep a Raft majority (${Math.floor(peers / 2) + 1}) after losing ${Math.max(f, 1)} peer(s)`
        : peers < 3
          ? `${peers} peer(s): fewer than 3 peers cannot survive the loss of a peer's vote (Raft needs a majority of ${Math.floor(peers / 2) + 1})`
          : `${peers} peers cannot keep a Raft majority after losing ${f} (need ${raftMin})`,
    );
    add(
      'Placement',
      placeable,
      'error',
      placeable
        ? `${shardNumber} shards × ${rf} replicas on ${peers} peers, no two replicas of a shard on one peer, ${Math.floor(replicas / peers)}-${k} replicas per peer`
        : `replication factor ${rf} needs at least ${rf} peers (no two replicas of a shard on one peer)`,
    );
    add('Balanced placement', balanced, 'warning', balanced ? `${replicas / peers} shard replicas on every peer` : `${replicas} replicas do not divide evenly over ${peers} peers; the busiest peer is sized`);
    add(
      'Fault tolerance',
      faultOk,
      f === 0 ? 'warning' : 'error',
      rf === 1
        ? `replication factor 1 has no fault tolerance however many pods there are: losing any peer makes its shards unavailable${f > 0 ? ` (${f} failure(s) must be tolerated)` : ''}`
        : f < rf
          ? `every shard has ${rf} replicas on different peers, so losing any ${f} peer(s) leaves at least ${rf - f} live`
          : `losing ${f} peers can take all ${rf} replicas of a shard; raise the replication factor to ${f + 1}`,
    );
    add(
      'RAM under the ceiling',
      ramOk,
      'error',
      `busiest peer (${k}/${shardNumber} of the collection at ${formatCount(Math.round(needs.points))} points): resident ${gb(load.residentBytes)} + hot page cache ${gb(load.pageCacheBytes)} = ${gb(steady)} ` +
        `${ramOk ? '≤' : '>'} ${Math.round(c.ramCeiling * 100)}% of ${gb(usable)} usable (${gb(ceilingBytes)})`,
    );
    add(
      'Optimization peak fits',
      peakOk,
      'error',
      `resident ${gb(load.residentBytes)} + optimizer peak ${gb(needs.optimizerPeakBytes)} = ${gb(load.peakBytes)} ${peakOk ? '≤' : '>'} ${gb(usable)} usable (anonymous memory; over it the pod is OOM-killed)`,
    );
    add(
      'Optimization keeps the cache hot',
      peakWithCache <= usable,
      'warning',
      `peak ${gb(load.peakBytes)} + hot cache ${gb(load.pageCacheBytes)} = ${gb(peakWithCache)} ${peakWithCache <= usable ? '≤' : '>'} ${gb(usable)}: ${peakWithCache <= usable ? 'no eviction during optimization' : 'page cache is evicted while a segment is optimized; searches slow down'}`,
    );
    add(
      'Query CPU',
      cpuOk,
      'error',
      needCpu
        ? `${c.query.qps} QPS at ef ${ctx.hnswEf} over ${shardNumber} shards of ${formatCount(Math.round(pointsPerShard))} points needs ${qc.vcpuNeeded.toFixed(1)} vCPU (range ${qc.vcpuLow.toFixed(1)}-${qc.vcpuHigh.toFixed(1)}; ${qc.formula}); ` +
            `${busy(peers)} peers × ${cpuPerPeer.toFixed(2)} usable vCPU = ${vcpuAvailable.toFixed(1)}` +
            (peers >= replicas && !cpuOk
              ? `; only ${replicas} shard replicas exist to serve reads: a higher replication factor or larger nodes add read capacity, more shards add work per query`
              : '')
        : 'no query load given; CPU not sized from QPS',
    );
    add(
      'p99 latency',
      qc.p99FloorMs <= c.query.p99LatencyMs,
      'warning',
      `single-search p99 floor ≈ ${qc.p99FloorMs.toFixed(1)} ms (benchmark 4.67 ms at ef 128 on 1M × 1536, scaled) vs goal ${c.query.p99LatencyMs} ms` +
        (v.variant.onDisk ? '; originals on disk add disk reads for rescoring (Qdrant: half the vectors in RAM roughly doubles latency)' : ''),
    );
    add(
      `After losing ${f} peer(s)`,
      failOk,
      'error',
      f === 0
        ? 'no failures to tolerate'
        : `${survivors} survivors keep a live replica of every shard${f < rf ? '' : ' (NOT: replication too low)'}; Qdrant does not re-replicate on its own, so each survivor keeps its ${gb(steady)} ` +
            `${ramOk ? 'under' : 'OVER'} the ceiling${needCpu ? ` and serves the load with ${survivorCpu.toFixed(1)} of ${qc.vcpuNeeded.toFixed(1)} vCPU needed` : ''}`,
    );
    add(
      'Rolling upgrade (one peer down)',
      upgradeOk,
      f === 0 ? 'warning' : 'error',
      `${rf >= 2 ? 'every shard keeps a replica' : "replication factor 1: the restarting peer's shards are unavailable"}; ` +
        `${peers >= 3 ? 'Raft keeps a majority' : 'fewer than 3 peers lose the Raft majority'}` +
        (needCpu ? `; ${peers - 1} peers give ${upCpu.toFixed(1)} of ${qc.vcpuNeeded.toFixed(1)} vCPU needed` : ''),
    );
    add(
      'Volume size',
      volumeOk,
      'error',
      `data ${gb(load.diskBytes)} + one optimization's temp segments ${gb(needs.tempDiskBytes)} at ≤85% fill → ${gb(volumeBytes)} per peer ${volumeOk ? '≤' : '>'} the ${gb(maxVolume)} volume limit`,
    );
    add('Storage price known', !!block, 'warning', block ? `${block.product}: ${block.source}` : `no block storage price for ${offer.cloud} ${offer.region}; volumes priced at 0`);
    if (gpuOn) {
      add('GPU image architecture', gpuArchOk, 'error', gpuArchOk ? 'amd64 node: the qdrant/qdrant:*-gpu-nvidia / -gpu-amd images run' : 'Qdrant GPU images are Linux x86_64 only; arm64 peers cannot index on GPU');
      const hours = (s: number) => `${(s / 3600).toFixed(2)} h`;
      add(
        'GPU indexing node',
        gpuNodeOk,
        'error',
        gpuOffer && gpuBuild !== undefined
          ? `every peer is a ${gpuOffer.instanceType} and builds its own segments' HNSW on its ${gpuOffer.gpuModel} (${gb(gpuOffer.gpuMemoryBytes ?? 0)} VRAM; ` +
              `Qdrant indexes in-process on the node's GPU, https://qdrant.tech/documentation/guides/running-with-gpu/); a full build of the busiest peer's ` +
              `${formatCount(Math.round(pointsOnPeer))} points takes ${hours(gpuBuild)} on the GPU vs ${hours(cpuBuild)} on its ${offer.vcpu} vCPU ` +
              `(${gpuSecondsPer1M1536(gpuOffer.gpuModel ?? '').source}); ${c.gpuIndexing.fullRebuildsPerMonth} full rebuild(s)/month + growth ≈ ${hours(gpuMonthlyBuild)} of GPU time, ` +
              `no extra cost (the GPU node is the peer, priced all month); max_segment_size ${maxSegmentSizeKb} KB keeps a segment's vectors within the 16 GiB per-iteration limit`
          : `${offer.instanceType} has no GPU Qdrant can index on (needs an x86_64 instance with a GPU of ≥ 15 GiB): with GPU indexing the peers must be GPU nodes`,
      );
    }

    const line = (name: string, quantity: number, unit: string, unitPriceUsd: number, source: string) =>
      lineItems.push({ name, quantity, unit, unitPriceUsd, monthlyUsd: quantity * unitPriceUsd, source });
    const blockName = block?.product ?? 'block storage, no price';
    const blockSource = block?.source ?? 'missing';
    line(
      `Node (${offer.instanceType}${gpuOffer ? `, ${gpuOffer.gpuCount} × ${gpuOffer.gpuModel ?? 'GPU'}, GPU indexing in-process` : ''}, on-demand)`,
      nodeHours,
      'instance-hour',
      offer.pricePerHourUsd,
      offer.source,
    );
    line(`Data volume (${blockName}, ${volumeGib} GiB per peer)`, peers * volumeGib, 'GiB-month', blockPrice, blockSource);
    if (c.snapshots) {
      line(`Snapshot volume (${blockName}, ${snapshotVolumeBytes / GIB} GiB per peer)`, peers * (snapshotVolumeBytes / GIB), 'GiB-month', blockPrice, blockSource);
      line(`Snapshots in object storage (${object?.product ?? 'no price'}, one copy)`, copyGib, 'GiB-month', object?.pricePerGibMonthUsd ?? 0, object?.source ?? 'missing');
    }
    if (c.dr) {
      line(`DR standby nodes (${offer.instanceType})`, nodeHours, 'instance-hour', offer.pricePerHourUsd, offer.source);
      line(`DR standby volumes (${blockName})`, peers * volumeGib, 'GiB-month', blockPrice, blockSource);
    }
    monthlyUsd = lineItems.reduce((s, l) => s + l.monthlyUsd, 0);

    const choice = chooseShardNumber({ peers: peersNow, peersAtHorizon: peers, replicationFactor: rf });
    shardReason =
      ctx.pinnedShards !== undefined
        ? `${shardNumber} shards, pinned by the input.`
        : choice.shardNumber === shardNumber
          ? choice.reason
          : `${shardNumber} shards, chosen when memory first fitted; more peers were added for query CPU only (more shards would add work to every query).`;
  }

  return {
    peers,
    shardNumber,
    shardReason,
    checks,
    passed,
    technicalPassed,
    hopeless: !gpuArchOk || !gpuNodeOk || (f > 0 && !faultOk),
    constraintsOk,
    memoryPassed,
    monthlyUsd,
    lineItems,
    perPeer: {
      residentBytes: Math.ceil(load.residentBytes),
      pageCacheBytes: Math.ceil(load.pageCacheBytes),
      peakBytes: Math.ceil(load.peakBytes),
      diskBytes: Math.ceil(load.diskBytes),
      memoryRequestBytes: Math.floor(usable / 1024 ** 2) * 1024 ** 2,
      cpuCores: Math.floor(cpuPerPeer * 10) / 10,
      volumeBytes,
      snapshotVolumeBytes,
    },
    queryCpu: {
      qps: c.query.qps,
      hnswEf: ctx.hnswEf,
      vcpuNeeded: qc.vcpuNeeded,
      vcpuLow: qc.vcpuLow,
      vcpuHigh: qc.vcpuHigh,
      vcpuAvailable,
      p99FloorMs: qc.p99FloorMs,
      detail: detail ? qc.formula : '',
    },
    indexing: {
      cpuBuildSeconds: cpuBuild,
      cpuBuildSecondsLow: cpuBuild * CPU_BUILD_RANGE.low,
      cpuBuildSecondsHigh: cpuBuild * CPU_BUILD_RANGE.high,
      segmentPoints: buildSegmentPoints,
      ...(gpuBuild !== undefined ? { gpuBuildSeconds: gpuBuild } : {}),
      detail: detail
        ? `full HNSW build of the busiest peer's ${formatCount(Math.round(pointsOnPeer))} points in segments of ${formatCount(Math.round(buildSegmentPoints))}: ` +
          `${(cpuBuild / 3600).toFixed(2)} h on ${offer.vcpu} vCPU (range ${((cpuBuild * CPU_BUILD_RANGE.low) / 3600).toFixed(2)}-${((cpuBuild * CPU_BUILD_RANGE.high) / 3600).toFixed(2)} h; ` +
          `fitted to Qdrant v1.19.0 builds, ${CPU_BUILD.source.split(' (')[0]}, see docs/topology.md §7)` +
          (gpuBuild !== undefined && gpu ? `; ${(gpuBuild / 3600).toFixed(2)} h on one ${gpu.gpuModel}` : '')
        : '',
    },
    gpu,
    maxSegmentSizeKb,
    usableMemoryBytes: usable,
  };
}
function buildPlan(
  ctx: Ctx,
  v: VariantNeeds,
  offer: InstanceOffer,
  peers: number,
  shardNumber: number,
  peersNow: number,
  workload: Workload,
): Plan {
  const a = assess(ctx, v, offer, peers, shardNumber, peersNow, true);
  const rf = ctx.c.replicationFactor;
  const placement = rf <= peers ? placeShards(shardNumber, rf, peers) : [];
  void workload;
  return {
    schemaVersion: 'qsize.plan/v1',
    qdrantVersion: v.variant.workload.qdrantVersion,
    catalogDate: ctx.catalog.catalogDate,
    peers,
    shardNumber,
    replicationFactor: rf,
    writeConsistencyFactor: ctx.c.writeConsistencyFactor,
    placement,
    node: {
      cloud: offer.cloud,
      region: offer.region,
      instanceType: offer.instanceType,
      family: offer.family,
      arch: offer.arch,
      vcpu: offer.vcpu,
      memoryBytes: offer.memoryBytes,
      allocatableMemoryBytes: Math.floor(ctx.catalog.allocatableMemoryBytes(offer, ctx.c.placement.maxPods)),
      pricePerHourUsd: offer.pricePerHourUsd,
    },
    perPeer: a.perPeer,
    ...(a.gpu ? { gpu: a.gpu } : {}),
    optimizers: a.maxSegmentSizeKb !== undefined ? { max_segment_size: a.maxSegmentSizeKb } : {},
    checks: a.checks,
    cost: { monthlyUsd: a.monthlyUsd, lineItems: a.lineItems },
    shardReason: a.shardReason,
    variant: v.variant.label,
    queryCpu: a.queryCpu,
    indexing: a.indexing,
    estimate: v.estimate,
    workload: v.variant.workload,
  };
}

/** First month (after now) at which the plan's error checks fail at the stated growth. */
function growthLimit(
  ctx: Ctx,
  v: VariantNeeds,
  offer: InstanceOffer,
  peers: number,
  shardNumber: number,
  peersNow: number,
): Recommendation['growth'] {
  const perMonth = ctx.c.growth.pointsPerMonth;
  if (perMonth <= 0) return { fitsUntilMonth: null, detail: 'no growth given (growth.pointsPerMonth = 0)' };
  const fails = (month: number) => {
    const points = ctx.pointsNow + perMonth * month;
    const needs = needsAt(v.now, v.horizon, points);
    return !assess(ctx, v, offer, peers, shardNumber, peersNow, false, needs).passed;
  };
  const limit = PLAN_LIMITS.maxHorizonMonths;
  if (!fails(limit)) return { fitsUntilMonth: null, detail: `still fits after ${limit} months at ${formatCount(perMonth)} points/month` };
  let lo = 0; // fits (the plan was chosen to fit the horizon)
  let hi: number = limit; // fails
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fails(mid)) hi = mid;
    else lo = mid;
  }
  const points = ctx.pointsNow + perMonth * hi;
  return {
    fitsUntilMonth: hi,
    detail: `fits through month ${lo}; in month ${hi} (${formatCount(Math.round(points))} points) the plan fails a check (horizon ${ctx.c.growth.horizonMonths} months)`,
  };
}

function noFit(ctx: Ctx, closest: Plan[], hint?: string): QsizeNoFitError {
  const reasons = closest.map(
    (p) => `${p.peers} × ${p.node.instanceType} (${p.variant}): ${p.checks.filter((k) => !k.passed && k.severity === 'error').map((k) => `${k.name}: ${k.detail}`).join('; ')}`,
  );
  const gpu = ctx.gpu
    ? ' With GPU indexing the peers must be x86_64 GPU instances: Qdrant indexes on the GPU of its own node and its GPU images are Linux x86_64 only.'
    : '';
  return new QsizeNoFitError(
    `no plan passes every check within ${ctx.c.placement.maxNodes} nodes for ${formatCount(ctx.pointsHorizon)} points at the horizon.${gpu} Closest:\n- ${reasons.join('\n- ')}` +
      (hint ? `\n${hint[0]!.toUpperCase()}${hint.slice(1)}.` : ''),
  );
}
