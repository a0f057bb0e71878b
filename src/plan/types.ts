/**
 * The contract between topology/pricing (src/topology, src/pricing, src/plan) and the emitters
 * (src/emit) and the CLI. `recommend()` returns a `Recommendation`; emitters take its `plan`.
 */
import type { Estimate } from '../model/types.js';
import type { Workload } from '../spec/workload.js';

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
  /** `error` checks must pass for a plan to be recommended; `warning` checks are advice. */
  severity: 'error' | 'warning';
}

export interface CostLineItem {
  name: string;
  quantity: number;
  unit: string;
  unitPriceUsd: number;
  monthlyUsd: number;
  /** Catalog row the price came from: source + as-of date. */
  source: string;
}

/** The chosen instance type: the catalog offer's identity and price, plus the memory Kubernetes leaves to pods. */
export interface NodeChoice
  extends Pick<InstanceOffer, 'cloud' | 'region' | 'instanceType' | 'family' | 'arch' | 'vcpu' | 'memoryBytes' | 'pricePerHourUsd'> {
  allocatableMemoryBytes: number;
}

export interface PeerResources {
  /** Non-evictable RAM on the busiest peer. */
  residentBytes: number;
  /** Page cache the peer wants kept hot. */
  pageCacheBytes: number;
  /** Peak during optimization on the peer. */
  peakBytes: number;
  /** Disk at rest on the peer (grown to the horizon). */
  diskBytes: number;
  /** Memory request = limit for the Qdrant container. */
  memoryRequestBytes: number;
  /** CPU request for the Qdrant container (cores). */
  cpuCores: number;
  /** Persistent volume size for storage (with growth and optimizer headroom). */
  volumeBytes: number;
  /** Snapshot volume size, 0 when snapshots are not planned. */
  snapshotVolumeBytes: number;
}

export interface GpuIndexing {
  enabled: boolean;
  vendor: 'nvidia' | 'amd';
  gpuModel: string;
  instanceType: string;
  /** Max segment size (KB, Qdrant's unit) forced by the GPU per-iteration limit. */
  maxSegmentSizeKb: number;
  buildSeconds: number;
}

export interface Plan {
  schemaVersion: 'qsize.plan/v1';
  qdrantVersion: string;
  catalogDate: string;
  peers: number;
  shardNumber: number;
  replicationFactor: number;
  writeConsistencyFactor: number;
  /** For each peer (0-based), the shard ids (0-based) it holds a replica of. */
  placement: { peer: number; shards: number[] }[];
  node: NodeChoice;
  perPeer: PeerResources;
  storageClass?: string;
  gpu?: GpuIndexing;
  /** Optimizer settings the plan relies on (emitted into collection body and Helm config). */
  optimizers: { max_segment_size?: number; max_optimization_threads?: number; default_segment_number?: number };
  checks: Check[];
  cost: { monthlyUsd: number; lineItems: CostLineItem[] };
  /** Why this shard_number (divisibility, shards per peer, growth, resharding). */
  shardReason?: string;
  /** Which storage variant of the workload the plan uses (as configured, scalar int8, binary + originals on disk, ...). */
  variant?: string;
  /** CPU sizing from the query load, with its uncertainty. */
  queryCpu?: { qps: number; hnswEf: number; vcpuNeeded: number; vcpuLow: number; vcpuHigh: number; vcpuAvailable: number; p99FloorMs: number; detail: string };
  /** Time to (re)build every HNSW graph on the busiest peer. */
  indexing?: {
    /** Wall seconds to build the busiest peer's HNSW graphs on its vCPU (src/topology/throughput.ts). */
    cpuBuildSeconds: number;
    /** The stated range around it (CPU_BUILD_RANGE: published timings on other machines and data). */
    cpuBuildSecondsLow: number;
    cpuBuildSecondsHigh: number;
    /** Points per segment the build time assumes (the plan's shards split into Qdrant's segments). */
    segmentPoints: number;
    gpuBuildSeconds?: number;
    detail: string;
  };
  /** The estimate for one copy of the collection that the plan rests on. */
  estimate: Estimate;
  workload: Workload;
}

export interface Recommendation {
  schemaVersion: 'qsize.recommendation/v1';
  plan: Plan;
  alternatives: { label: string; plan: Plan; passesAllChecks: boolean }[];
  /** Month (from now) when the plan stops fitting at the stated growth, or null when there is no growth or it
   * still fits after PLAN_LIMITS.maxHorizonMonths (120) months. */
  growth: { fitsUntilMonth: number | null; detail: string };
  warnings: string[];
}

/** One priced instance type, as the plan needs it (a row of a dated catalog in data/catalogs). */
export interface InstanceOffer {
  cloud: 'aws' | 'gcp' | 'azure';
  region: string;
  instanceType: string;
  family: string;
  arch: 'amd64' | 'arm64';
  vcpu: number;
  memoryBytes: number;
  gpuCount: number;
  gpuModel?: string;
  /** Usable memory of one GPU. */
  gpuMemoryBytes?: number;
  pricePerHourUsd: number;
  /** Catalog row: source + as-of date. */
  source: string;
}

/** A storage product price, per GiB-month. */
export interface StorageOffer {
  product: string;
  pricePerGibMonthUsd: number;
  source: string;
  /** Largest single volume (block storage only). */
  maxVolumeBytes?: number;
}

/**
 * What `recommend()` needs from pricing: offers, storage prices and Kubernetes allocatable memory. src/pricing
 * provides the catalogs; tests may pass a hand-built one.
 */
export interface PlanCatalog {
  catalogDate: string;
  instances: readonly InstanceOffer[];
  /** Block storage for Qdrant's data volume (gp3, pd-balanced/hyperdisk, Premium SSD v2). */
  blockStorage(cloud: InstanceOffer['cloud'], region: string): StorageOffer | undefined;
  /** Object storage for snapshots (S3, GCS, Blob). */
  objectStorage(cloud: InstanceOffer['cloud'], region: string): StorageOffer | undefined;
  /** Kubernetes allocatable memory of a node (EKS, GKE, AKS reservations), before DaemonSets. */
  allocatableMemoryBytes(offer: InstanceOffer, maxPods: number): number;
  /** Kubernetes allocatable CPU (cores); defaults to the kube-reserved ladder shared by EKS and GKE. */
  allocatableCpuCores?(offer: InstanceOffer, maxPods: number): number;
}
