/**
 * A candidate (storage variant, instance offer, peer count, shard number) estimated at the layout it would deploy:
 * the collection with the candidate's shard_number, on the CPUs Qdrant sees in the candidate's pod, placed on its
 * peers. Every number a check or the bill needs is computed here once, for the busiest peer of the placement:
 * memory and disk from the replicas it holds, CPU from the read share it carries, failures from the worst peers to
 * lose. The checks (src/plan/checks) only compare these numbers.
 */
import type { Estimate } from '../model/types.js';
import { estimate } from '../model/estimate.js';
import type { Quantity } from '../pricing/cost.js';
import { HOURS_PER_MONTH, priceQuantities, type PricedCost } from '../pricing/cost.js';
import { MIN_VOLUME_GIB, needsOf, peerLoad, peerLoadRange, volumeBytesFor, type CollectionNeeds, type PeerLoad } from '../topology/fit.js';
import { busiestDataPeer, placeShards, readShares, toleratedDisruptions, worstFailure, type PeerShards, type WorstFailure } from '../topology/placement.js';
import type { ShardChoice } from '../topology/shards.js';
import { peersPerZoneMax } from '../topology/zones.js';
import {
  cpuBuildSeconds,
  fullScanVcpuSecondsPerSearch,
  gpuBuildSeconds,
  gpuMaxSegmentSizeKb,
  queryCpu,
  remoteShardsPerSearch,
  vcpuSecondsPerSearch,
  writeVcpuSecondsPerPoint,
  CPU_UTILISATION_TARGET,
  GPU_ITERATION_LIMIT_BYTES,
  scoredBytesOf,
  type MaxSimSearch,
  type QueryCostInput,
  type QueryCpu,
} from '../topology/throughput.js';
import { busiestShardFactor } from '../model/shard-skew.js';
import { BoundedMemo } from '../util/memo.js';
import type { PlanContext } from './context.js';
import { resourcesOf } from './context.js';
import type { NodeResources } from './resources.js';
import type { InstanceOffer } from './types.js';
import type { WorkloadVariant } from './variants.js';
import { denseVectorShapes } from './variants.js';
import { FALLBACK_MAX_VOLUME_BYTES } from './catalog.js';
import { counted } from '../util/plural.js';

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

export interface Candidate {
  variant: WorkloadVariant;
  offer: InstanceOffer;
  peers: number;
  shards: ShardChoice;
}

export interface Evaluation {
  ctx: PlanContext;
  candidate: Candidate;
  rf: number;
  wcf: number;
  f: number;
  /** The estimate at the horizon, at this candidate's layout (shard_number, Qdrant CPUs): the plan's estimate. */
  estimate: Estimate;
  /** The same at today's points. */
  estimateNow: Estimate;
  needs: CollectionNeeds;
  resources: NodeResources;
  placement: PeerShards[];
  /** The peer holding the most data (replicas × their shards' size against the mean), and what it holds. */
  busiestPeer: number;
  /** Its shards' mean size against the mean shard (src/model/shard-skew.ts). */
  skew: number;
  load: PeerLoad;
  /** The busiest peer's load at the low and high end of the model's ranges (src/topology/fit.ts peerLoadRange). */
  loadRange: { low: PeerLoad; high: PeerLoad };
  volumeBytes: number;
  maxVolumeBytes: number;
  snapshotVolumeBytes: number;
  /** Cluster CPU for the query load, and the busiest peer's read share of it. */
  /** `multivector`: the searched vector is a multivector (MULTIVECTOR_SEARCH), its points' and its query's inner vectors. */
  /** The query CPU, with the shard layout it was priced at: `segmentsPerShard` indexed segments, each searched whole. */
  query: QueryCpu & { fullScan: boolean; pointsPerShard: number; segmentsPerShard: number; cpus: number; scoredBytesPerDim: number; multivector?: MaxSimSearch };
  readShare: number;
  /**
   * The write load (constraints.query.writesPerSecond): vCPU-seconds a written point costs one replica
   * (writeVcpuSecondsPerPoint: the request over all the dense vectors, and each one's builds at the plan's segment size, with its low and high end),
   * and the vCPU the busiest peer needs for its replicas' writes at CPU_UTILISATION_TARGET: its share of the points
   * (pointShare, k · skew / S, the hash ring's) of every write, on each replica it holds. A lost peer leaves each survivor its own
   * replicas' writes, so the checks add this same figure after a loss.
   */
  writes: { pointsPerSecond: number; vcpuSecondsPerPoint: number; low: number; high: number; pointShare: number; busiestPeerVcpu: number; clusterVcpu: number };
  /** The `f` peers whose loss hurts most, and the one peer whose restart hurts most. */
  failure: WorstFailure;
  upgrade: WorstFailure;
  /**
   * With zones (constraints.zones > 1): the most peers one zone holds, ceil(P / Z), and the worst such set of peers to
   * lose (worstFailure over every set of that size: every one of them may be a zone, src/topology/zones.ts).
   */
  zone: { zones: number; peersPerZone: number; failure: WorstFailure } | undefined;
  /** Peers that may be down at once with writes and Raft intact (= the PodDisruptionBudget's maxUnavailable). */
  disruptions: number;
  indexing: { cpuBuildSeconds: number; segmentPoints: number; pointsOnPeer: number; gpuBuildSeconds?: number; gpuMonthlySeconds?: number };
  gpu: { offer: InstanceOffer; maxSegmentSizeKb: number } | undefined;
  quantities: Quantity[];
  cost: PricedCost;
}

interface PlacementFacts {
  placement: PeerShards[];
  busiestPeer: number;
  /** Shard replicas on the busiest peer, and its shards' mean size against the mean shard. */
  k: number;
  skew: number;
  readShare: number;
  failure: WorstFailure;
  upgrade: WorstFailure;
  zone: Evaluation['zone'];
}

/**
 * Most placements kept (qsize's own bound, on memory only): one is small (the peers' shard lists), the keys are
 * (S ≤ 1,024, RF, P ≤ 64, f), and 10,000 hold the placements of many plans; the least recently used goes first.
 */
const PLACEMENT_MEMO_ENTRIES = 10_000;
const placementMemo = new BoundedMemo<Readonly<PlacementFacts>>(PLACEMENT_MEMO_ENTRIES);

/**
 * What the placement of S shards × RF replicas on P peers means for the busiest peer, the reads and the failures.
 * It depends on (S, RF, P, f) alone, and the search asks for the same few placements across hundreds of candidates,
 * so it is memoized (frozen: candidates share it).
 */
function placementFacts(S: number, rf: number, peers: number, f: number, zones: number): Readonly<PlacementFacts> {
  return placementMemo.get(`${S}|${rf}|${peers}|${f}|${zones}`, () => Object.freeze(computePlacementFacts(S, rf, peers, f, zones)));
}

function computePlacementFacts(S: number, rf: number, peers: number, f: number, zones: number): PlacementFacts {
  // Placement: round-robin, no two replicas of a shard on one peer (needs RF ≤ peers; otherwise every peer is
  // sized as if it held ceil(S·RF/P) replicas and the placement check fails).
  const placeable = rf <= peers;
  const placement = placeable ? placeShards(S, rf, peers) : [];
  // The busiest peer holds the most data: its replica count times how much larger than the mean its shards are
  // (Qdrant's hash ring makes shards uneven, each shard id's share exact: src/model/shard-skew.ts).
  let busiestPeer = 0;
  let k = Math.ceil((S * rf) / peers);
  let skew = busiestShardFactor(S);
  if (placeable) ({ peer: busiestPeer, replicas: k, skew } = busiestDataPeer(placement, S));
  const none: WorstFailure = { failed: [], busiestShare: 1, lost: [] };
  // Losing a zone is losing up to ceil(P / Z) peers, any of them: the worst set of that size, as for f peers.
  const peersPerZone = peersPerZoneMax(peers, zones);
  const zone = zones > 1 ? { zones, peersPerZone, failure: placeable ? worstFailure(placement, S, peersPerZone) : none } : undefined;
  return {
    placement,
    busiestPeer,
    k,
    skew,
    readShare: placeable ? Math.max(...readShares(placement, S)) : k / (S * rf),
    failure: placeable ? worstFailure(placement, S, f) : none,
    upgrade: placeable ? worstFailure(placement, S, 1) : none,
    zone,
  };
}

/**
 * The estimate of `variant` at a layout: its shard_number, the CPUs Qdrant sees in the pod (omitted: the workload's
 * own assumption, for the search's reference bound) and a point count. The one place the planner asks the model.
 *
 * Estimates are memoized per recommend() call (ctx.estimates) and, for the shipped model, across calls in a bounded
 * shared cache (SHARED_ESTIMATES): the model is a pure function of the workload and the layout, and quote tools and the
 * web page re-plan the same collection under other constraints (cloud, QPS, replication) again and again. Shared
 * estimates are deep-frozen, so a caller that mutates a returned plan cannot change another call's numbers.
 */
export function estimateAt(ctx: PlanContext, variant: WorkloadVariant, shardNumber: number, cpus: number | undefined, points: number): Estimate {
  // Past now's points the collection grew to them: its WAL is the most it keeps on the way (a restart may come at any
  // moment; assumptions.grownFromPoints, src/model/wal-process.ts), which keeps every check monotone in the months.
  const grownFrom = points > ctx.pointsNow ? ctx.pointsNow : undefined;
  // The plan's write rate (constraints.query.writesPerSecond, --writes) is the workload's too: its WAL holds a flush
  // interval's writes beyond its full segments (assumptions.writesPerSecond). Stated by neither: the workload's own.
  const writes = ctx.c.query.writesPerSecond > 0 ? ctx.c.query.writesPerSecond : undefined;
  // What the estimate depends on beside the workload: its key in this call's cache (with the variant) and in the shared one.
  const at = `${shardNumber}|${cpus ?? 'ref'}|${points}|${grownFrom ?? ''}|${writes ?? ''}`;
  const key = `${variant.key}|${at}`;
  let e = ctx.estimates.get(key);
  if (e) return e;
  const w = variant.workload;
  const input = {
    ...w,
    points,
    collection: { ...w.collection, shard_number: shardNumber },
    // Every planned peer runs with cluster.enabled (src/emit/helm.ts): its process heap includes cluster mode's.
    assumptions: { ...w.assumptions, clusterMode: true, ...(cpus === undefined ? {} : { nodeCpus: cpus }), ...(grownFrom === undefined ? {} : { grownFromPoints: grownFrom }), ...(writes === undefined ? {} : { writesPerSecond: writes }) },
  };
  e =
    ctx.estimator === estimate
      ? SHARED_ESTIMATES.get(`${fingerprint(w)}|${at}`, () => deepFreeze(estimate(input)))
      : ctx.estimator(input);
  ctx.estimates.set(key, e);
  return e;
}

/** Most estimates kept across calls (one is 20-40 KB; 512 hold every layout of about five 100M-point plans). */
const SHARED_ESTIMATES_ENTRIES = 512;
const SHARED_ESTIMATES = new BoundedMemo<Estimate>(SHARED_ESTIMATES_ENTRIES);
const fingerprints = new WeakMap<object, string>();

/** The workload as canonical text: two workloads with the same text have the same estimate at every layout. */
function fingerprint(w: WorkloadVariant['workload']): string {
  let f = fingerprints.get(w);
  if (f === undefined) {
    f = JSON.stringify(w);
    fingerprints.set(w, f);
  }
  return f;
}

/** Freezes an estimate's data properties all the way down (accessors, such as a line item's `substituted`, stay). */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const d of Object.values(Object.getOwnPropertyDescriptors(value))) if ('value' in d) deepFreeze(d.value);
  return Object.freeze(value);
}

export function evaluate(ctx: PlanContext, candidate: Candidate): Evaluation {
  const { variant, offer, peers } = candidate;
  const S = candidate.shards.shardNumber;
  const { rf, wcf, f, c } = { rf: ctx.rf, wcf: ctx.wcf, f: ctx.f, c: ctx.c };
  const resources = resourcesOf(ctx, offer);
  const estimate = estimateAt(ctx, variant, S, resources.qdrantCpus, ctx.pointsHorizon);
  const estimateNow = ctx.growth ? estimateAt(ctx, variant, S, resources.qdrantCpus, ctx.pointsNow) : estimate;
  const needs = needsOf(estimate);

  const { placement, busiestPeer, k, skew, readShare, failure, upgrade, zone } = placementFacts(S, rf, peers, f, ctx.zones);
  const load = peerLoad(needs, k, S, skew);
  const loadRange = peerLoadRange(estimate, k, S, skew);
  const volumeBytes = volumeBytesFor(load);
  const block = offer.cloud === 'custom' ? undefined : ctx.catalog.blockStorage(offer.cloud, offer.region);
  const maxVolumeBytes = block?.maxVolumeBytes ?? FALLBACK_MAX_VOLUME_BYTES;
  const snapshotVolumeBytes = c.snapshots ? Math.max(MIN_VOLUME_GIB, Math.ceil(load.diskBytes / GIB)) * GIB : 0;

  // Query CPU: every search visits one replica of every shard. An unindexed layout scans every point of a shard.
  const pointsPerShard = ctx.pointsHorizon / S;
  const shapes = denseVectorShapes(variant.workload);
  const fullScan = !estimate.layout.indexed;
  // A search names one vector; qsize prices the dearest of them. A multivector's search scores k_q × k_p inner pairs
  // (MULTIVECTOR_SEARCH); a full scan of one compares every pair too (dimensions × k_q × k_p; not measured).
  const searches = shapes.map((sh) => {
    const multivector: MaxSimSearch | undefined =
      sh.innerVectors === undefined
        ? undefined
        : {
            innerVectors: sh.innerVectors,
            queryInnerVectors: c.query.queryInnerVectors,
            ...(sh.searchPairCost !== 1 ? { pairCost: sh.searchPairCost } : {}),
            ...(sh.searchFetchShare !== 1 ? { fetchShare: sh.searchFetchShare } : {}),
          };
    const scanDim = sh.dim * (multivector ? multivector.innerVectors * multivector.queryInnerVectors : 1);
    // The shard's layout as deployed: its indexed segments, each searched with the whole ef, and the unindexed tail.
    const input = {
      dim: sh.dim,
      api: c.query.api,
      ef: ctx.hnswEf,
      scoredBytesPerDim: sh.scoredBytesPerDim,
      pointsPerShard,
      segmentsPerShard: estimate.layout.segmentsPerShard,
      tailPoints: estimate.layout.tailPointsPerShard ?? 0,
      cpus: resources.qdrantCpus,
      ...(multivector ? { multivector } : {}),
    };
    return fullScan ? { ...input, vcpuSecondsPerShardSearch: fullScanVcpuSecondsPerSearch(pointsPerShard, scanDim, estimate.layout.segmentsPerShard) } : input;
  });
  // The shards a search reaches on other peers each cost an internal call (REQUEST_COST.remoteShard).
  const remote = remoteShardsPerSearch(S, rf, peers);
  // The dearest whole search: its request (a multivector's query is longer), its remote calls and its shards.
  const costOf = (q: QueryCostInput) => vcpuSecondsPerSearch(q, S, remote);
  const searched = searches.reduce<QueryCostInput>((a, b) => (costOf(b) > costOf(a) ? b : a), { dim: 1, api: c.query.api, ef: ctx.hnswEf, pointsPerShard, ...(fullScan ? { vcpuSecondsPerShardSearch: fullScanVcpuSecondsPerSearch(pointsPerShard, 1, estimate.layout.segmentsPerShard) } : {}) });
  const qc = queryCpu(c.query.qps, S, searched, remote);
  const query = Object.assign(qc, {
    fullScan,
    pointsPerShard,
    segmentsPerShard: estimate.layout.segmentsPerShard,
    cpus: resources.qdrantCpus,
    scoredBytesPerDim: scoredBytesOf(searched),
    ...(searched.multivector ? { multivector: searched.multivector } : {}),
  });
  const disruptions = toleratedDisruptions({ peers, replicationFactor: rf, writeConsistencyFactor: wcf });

  // Build time of the busiest peer: its shards split into Qdrant's segments (src/model/layout.ts).
  const lay = estimate.layout;
  const pointsOnPeer = (k / S) * ctx.pointsHorizon;
  const segmentPoints = lay.pointsPerSegment;
  const cpuBuild = shapes.reduce((s, sh) => s + cpuBuildSeconds(pointsOnPeer, offer.vcpu, sh, segmentPoints), 0);
  const indexing: Evaluation['indexing'] = { cpuBuildSeconds: cpuBuild, segmentPoints, pointsOnPeer };
  // Writes: every replica of a shard applies the shard's writes and builds its own graph; the hash ring sends a shard
  // its share of them, so the busiest peer takes k · skew / S of all writes (its share of the points) on its replicas.
  const W = c.query.writesPerSecond;
  const perPoint = (at: 'expected' | 'low' | 'high') => (W > 0 ? writeVcpuSecondsPerPoint(segmentPoints, shapes, at, c.query.api) : 0);
  const writeCost = perPoint('expected');
  const pointShare = (k * skew) / S;
  const writes: Evaluation['writes'] = {
    pointsPerSecond: W,
    vcpuSecondsPerPoint: writeCost,
    low: perPoint('low'),
    high: perPoint('high'),
    pointShare,
    busiestPeerVcpu: (pointShare * W * writeCost) / CPU_UTILISATION_TARGET,
    clusterVcpu: (rf * W * writeCost) / CPU_UTILISATION_TARGET,
  };
  let gpu: Evaluation['gpu'];
  if (ctx.gpu && isGpuPeerOffer(offer)) {
    const model = offer.gpuModel ?? 'unknown';
    const growthPoints = (k / S) * c.growth.pointsPerMonth;
    let build = 0;
    let growthBuild = 0;
    for (const sh of shapes) {
      build += gpuBuildSeconds(pointsOnPeer, sh.dim, model);
      growthBuild += gpuBuildSeconds(growthPoints, sh.dim, model);
    }
    indexing.gpuBuildSeconds = build;
    indexing.gpuMonthlySeconds = c.gpuIndexing.fullRebuildsPerMonth * build + growthBuild;
    const limitKb = gpuMaxSegmentSizeKb(offer.gpuMemoryBytes ?? GPU_ITERATION_LIMIT_BYTES);
    const layoutKb = Math.floor(lay.maxSegmentBytes / 1024);
    gpu = { offer, maxSegmentSizeKb: Math.min(limitKb, layoutKb > 0 ? layoutKb : limitKb) };
  }

  const quantities = billQuantities(ctx, offer, peers, volumeBytes, snapshotVolumeBytes, needs.diskBytes, gpu !== undefined);
  return {
    ctx,
    candidate,
    rf,
    wcf,
    f,
    estimate,
    estimateNow,
    needs,
    resources,
    placement,
    busiestPeer,
    skew,
    load,
    loadRange,
    volumeBytes,
    maxVolumeBytes,
    snapshotVolumeBytes,
    query,
    readShare,
    writes,
    failure,
    upgrade,
    zone,
    disruptions,
    indexing,
    gpu,
    quantities,
    cost: priceQuantities(quantities, ctx.book),
  };
}

/**
 * What the plan consumes in a month, before prices: node-hours, data and snapshot volume GiB-months, one snapshot
 * copy in object storage, a warm DR standby of the same nodes and volumes when asked, and the managed control plane's
 * cluster-hours (clusterQuantities). Priced by src/pricing's priceQuantities, the one price join; the search ranks
 * candidates by this bill, so the control-plane tier counts in the choice.
 */
function billQuantities(
  ctx: PlanContext,
  offer: InstanceOffer,
  peers: number,
  volumeBytes: number,
  snapshotVolumeBytes: number,
  copyDiskBytes: number,
  gpu: boolean,
): Quantity[] {
  const c = ctx.c;
  const where = { cloud: offer.cloud, region: offer.region };
  const nodeKey = { kind: 'instance' as const, ...where, instanceType: offer.instanceType };
  const blockKey = { kind: 'block-storage' as const, ...where };
  const volumeGib = volumeBytes / GIB;
  const nodes = (n: string) => `${counted(peers, 'node')} × ${HOURS_PER_MONTH} h/month${n}`;
  const gpuNote = gpu ? `, ${offer.gpuCount} × ${offer.gpuModel ?? 'GPU'}, GPU indexing in-process` : '';
  const bought = offer.priceLabel ?? 'on-demand';
  const out: Quantity[] = [
    { name: `Node (${offer.instanceType}${gpuNote}, ${bought})`, quantity: peers * HOURS_PER_MONTH, unit: 'instance-hour', key: nodeKey, quantityFormula: nodes('') },
    { name: `Data volume (${volumeGib} GiB per peer)`, quantity: peers * volumeGib, unit: 'GiB-month', key: blockKey, quantityFormula: `${peers} × ${volumeGib} GiB` },
  ];
  if (c.snapshots) {
    const snapGib = snapshotVolumeBytes / GIB;
    const copyGib = Math.ceil(copyDiskBytes / GIB);
    out.push(
      { name: `Snapshot volume (${snapGib} GiB per peer)`, quantity: peers * snapGib, unit: 'GiB-month', key: blockKey, quantityFormula: `${peers} × ${snapGib} GiB` },
      {
        name: 'Snapshots in object storage (one copy)',
        quantity: copyGib,
        unit: 'GiB-month',
        key: { kind: 'object-storage', ...where },
        quantityFormula: `${copyGib} GiB (one copy of the collection)`,
      },
    );
  }
  if (c.dr) {
    out.push(
      { name: `DR standby nodes (${offer.instanceType}${bought === 'on-demand' ? '' : `, ${bought}`})`, quantity: peers * HOURS_PER_MONTH, unit: 'instance-hour', key: nodeKey, quantityFormula: nodes(' (standby)'), standby: true },
      { name: 'DR standby volumes', quantity: peers * volumeGib, unit: 'GiB-month', key: blockKey, quantityFormula: `${peers} × ${volumeGib} GiB (standby)`, standby: true },
    );
  }
  out.push(...clusterQuantities(ctx, offer));
  return out;
}

/**
 * Per-cluster lines, which do not scale with the peers: the managed control plane's fee (EKS, GKE, AKS) at the tier
 * `constraints.controlPlane` picks for the offer's cloud (ctx.controlPlaneTier), 730 cluster-hours a month, once for
 * the cluster and once for a warm DR standby, which is a second cluster. None for `none`, for your own nodes, and for
 * a catalog without control-plane prices (hand-built test catalogs).
 */
export function clusterQuantities(ctx: PlanContext, offer: InstanceOffer): Quantity[] {
  if (offer.cloud === 'custom' || ctx.catalog.controlPlane === undefined) return [];
  const tier = ctx.controlPlaneTier[offer.cloud];
  if (tier === null) return [];
  const service = ctx.catalog.controlPlane(offer.cloud, tier)?.service ?? { aws: 'EKS', gcp: 'GKE', azure: 'AKS' }[offer.cloud];
  const key = { kind: 'control-plane' as const, cloud: offer.cloud, tier };
  const line = (name: string): Quantity => ({ name, quantity: HOURS_PER_MONTH, unit: 'cluster-hour', key, quantityFormula: `1 cluster × ${HOURS_PER_MONTH} h/month` });
  const out = [line(`Managed control plane (${service} ${tier}, 1 cluster)`)];
  if (ctx.c.dr) out.push({ ...line(`DR standby control plane (${service} ${tier}, 1 cluster)`), standby: true });
  return out;
}
