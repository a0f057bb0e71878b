/**
 * The contract between topology/pricing (src/topology, src/pricing, src/plan) and the emitters
 * (src/emit) and the CLI. `recommend()` returns a `Recommendation`; emitters take its `plan`.
 */
import type { Estimate } from '../model/types.js';
import type { MaxSimSearch } from '../topology/throughput.js';
import type { PricedLine } from '../pricing/cost.js';
import type { PricingModel } from '../pricing/price-models.js';
import type { SelfManagedDistribution } from '../pricing/allocatable.js';
import type { Workload } from '../spec/workload.js';
import type { GrowthTimeline } from './timeline.js';
import type { PlanConstraints } from './constraints.js';

export interface Check {
  /** Stable id of the check module (src/plan/checks/<id>.ts), e.g. `ram-ceiling`. */
  id: string;
  name: string;
  passed: boolean;
  detail: string;
  /** `error` checks must pass for a plan to be recommended; `warning` checks are advice. */
  severity: 'error' | 'warning';
}

/** A priced line of the bill (src/pricing/cost.ts priceQuantities: quantity × catalog price, rounded to the cent). */
export type CostLineItem = PricedLine;

/** The chosen instance type: the catalog offer's identity and price, plus the memory Kubernetes leaves to pods. */
export interface NodeChoice
  extends Pick<InstanceOffer, 'cloud' | 'region' | 'instanceType' | 'family' | 'arch' | 'vcpu' | 'memoryBytes' | 'pricePerHourUsd' | 'distribution'> {
  allocatableMemoryBytes: number;
  /** Kubernetes allocatable CPU of the node (cores, before DaemonSets). */
  allocatableCpuCores: number;
  /** Memory the plan keeps free on the node for what the allocatable formula cannot see (src/plan/resources.ts). */
  schedulingMarginBytes: number;
}

/** Low and high bytes of a per-peer number: the low end rounded down, the high end up, to whole bytes. */
export interface PeerRange {
  low: number;
  high: number;
}

export interface PeerResources {
  /** The busiest peer (0-based) of the placement, whose numbers these are, and the shard replicas it holds. */
  busiestPeer: number;
  replicas: number;
  /** Non-evictable RAM on the busiest peer. */
  residentBytes: number;
  /** Page cache the peer wants kept hot. */
  pageCacheBytes: number;
  /** Peak during optimization on the peer. */
  peakBytes: number;
  /** Disk at rest on the peer (grown to the horizon). */
  diskBytes: number;
  /**
   * The range of the four numbers above: every line item at the low or the high end of its stated range, and the
   * busiest shard's size within its own range (src/topology/fit.ts peerLoadRange). What the plan is sized by is the
   * expected value; the range says how far the real peer may land from it.
   */
  residentRange: PeerRange;
  pageCacheRange: PeerRange;
  peakRange: PeerRange;
  diskRange: PeerRange;
  /** Memory request = limit for the Qdrant container: whole MiB, rounded once (src/plan/resources.ts). */
  memoryRequestBytes: number;
  /** CPU request = limit for the Qdrant container (cores): a multiple of 0.5, rounded once (src/plan/resources.ts). */
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
  /** The newest price date of the base catalogs (src/pricing/catalog.ts catalogDate): what the plan was searched against. */
  catalogDate: string;
  /**
   * The as_of dates of the catalog rows that priced this plan's bill, oldest first (src/pricing/cost.ts
   * priceQuantities): an AWS plan in me-central-1 is priced from 2025-04-24 rows whatever `catalogDate` says. Empty when
   * no line is priced; absent in a hand-built plan (then `catalogDate` stands for it).
   */
  pricesAsOf?: string[];
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
  /**
   * With zones (constraints.zones > 1; absent otherwise): how many, the most peers one zone holds (ceil(peers / zones)),
   * whether every shard keeps a replica after losing any zone (replicationFactor > that), the smallest replication
   * factor that would, and whether Raft keeps a majority (src/topology/zones.ts). The emitted files enforce the
   * spread (DoNotSchedule) that these rest on.
   */
  zones?: { zones: number; peersPerZoneMax: number; survivesZoneLoss: boolean; minReplicationFactor: number; raftMajorityAfterZoneLoss: boolean };
  /** The bill: line items rounded to the cent, and their exact sum. Unpriced lines are flagged and listed in `warnings`. */
  cost: {
    monthlyUsd: number;
    lineItems: CostLineItem[];
    warnings: string[];
    /** What the bill leaves out (load balancers, cross-zone traffic, egress, support, ...), each with why. */
    notIncluded: string[];
    /** How the nodes are priced: a model of src/pricing/price-models.ts, or `own` for your own nodes (`--node`); recommend() always sets it (absent in a hand-built plan: on-demand). */
    pricingModel?: PricingModel | 'own';
    /**
     * The same plan's bill under every pricing model (same quantities, through the same price join), for the
     * side-by-side view; absent for your own nodes and for catalogs that price one model only (hand-built ones).
     */
    models?: PricingModelCost[];
  };
  /**
   * Why this replication_factor, when qsize chose it (none was given), or, when one was given and one replica more
   * passes every check for less, that: src/plan/replication.ts (replicationReason, givenReplicationReason).
   */
  replicationReason?: string;
  /** Why this shard_number (divisibility, shards per peer, growth, resharding). */
  shardReason?: string;
  /** Which storage variant of the workload the plan uses (as configured, scalar int8, binary + originals on disk, ...). */
  variant?: string;
  /** CPU sizing from the query load, with its uncertainty. */
  /** `multivector`: the searched vector is a multivector, its points' and its query's inner vectors (src/topology/throughput.ts MULTIVECTOR_SEARCH). */
  queryCpu?: {
    qps: number;
    hnswEf: number;
    vcpuNeeded: number;
    vcpuLow: number;
    vcpuHigh: number;
    vcpuAvailable: number;
    p99FloorMs: number;
    detail: string;
    multivector?: MaxSimSearch;
  };
  /**
   * The write load's CPU, when writes were given (constraints.query.writesPerSecond, --writes): vCPU-seconds one
   * written point costs each replica (expected, low, high: src/topology/throughput.ts WRITE_COST), and the vCPU the
   * cluster (every replica) and the busiest peer need for it at 60% utilisation; the query-CPU, failure and
   * rolling-upgrade checks add the busiest peer's figure to its reads.
   */
  writeCpu?: { pointsPerSecond: number; vcpuSecondsPerPoint: number; vcpuSecondsPerPointLow: number; vcpuSecondsPerPointHigh: number; vcpuCluster: number; vcpuBusiestPeer: number; source: string };
  /** Time to (re)build every HNSW graph on the busiest peer. */
  indexing?: {
    /** Wall seconds to build the busiest peer's HNSW graphs on its vCPU (src/topology/throughput.ts). */
    cpuBuildSeconds: number;
    /** The stated range around it (cpuBuildRange: CPU_BUILD_RANGE, the published timings on other machines and data, widened for builds on codes). */
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

/** One pricing model's total for a plan: null when a node line has no row under that model (never a guess). */
export interface PricingModelCost {
  model: PricingModel;
  /** `on-demand`, `1-year commitment`, ... */
  label: string;
  /** The bill's total under this model (lines rounded to the cent, as the plan's own bill); null when a node line has no price. */
  monthlyUsd: number | null;
  /** `1 − monthlyUsd / on-demand monthlyUsd` of the whole bill (storage and control plane included); null when unpriced. */
  savingFraction: number | null;
  /** Why there is no total: which line has no row, and what the table covers. */
  missing?: string;
  /** Spot: a Qdrant peer is stateful (src/pricing/commitments.ts SPOT_WARNING). */
  warning?: string;
  /** The bill's lines under this model (the same quantities through the same price join); they add up to `monthlyUsd`. */
  lineItems?: CostLineItem[];
  /** The as_of dates of the rows that priced `lineItems`, oldest first. */
  pricesAsOf?: string[];
}

/** What an alternative changes against the plan. */
export type AlternativeGroup = 'storage' | 'segments' | 'cloud' | 'family' | 'replication' | 'indexing';

export interface Alternative {
  group: AlternativeGroup;
  /** One line: what differs, e.g. `4 × r7g.2xlarge (aws), scalar int8 quantization, originals on disk`. */
  label: string;
  plan: Plan;
  /** Every error check of its own passes (a variant that changes the collection is judged on its technical checks). */
  passesAllChecks: boolean;
  /** plan.cost.monthlyUsd − the recommended plan's, to the cent. */
  monthlyDeltaUsd: number;
  /** The user's constraints it does not meet (cloud, family, pinned type, collection changes not allowed, ...). */
  violates: string[];
}

export interface Recommendation {
  schemaVersion: 'qsize.recommendation/v1';
  plan: Plan;
  alternatives: Alternative[];
  /** Month (from now) when the plan stops fitting at the stated growth, or null when there is no growth or it
   * still fits after PLAN_LIMITS.maxHorizonMonths (120) months. */
  growth: { fitsUntilMonth: number | null; detail: string };
  /** The constraints the plan was sized under, every default filled in: the quote's assumptions. */
  constraints?: PlanConstraints;
  /** With growth given and `timeline: true` asked: the plan's cluster month by month over the horizon (src/plan/timeline.ts). */
  timeline?: GrowthTimeline;
  warnings: string[];
}

/** One priced instance type, as the plan needs it (a row of a dated catalog in data/catalogs). */
export interface InstanceOffer {
  /** `custom`: one of your own nodes (`--node`, `constraints.placement.nodes`), priced as you gave it. */
  cloud: 'aws' | 'gcp' | 'azure' | 'custom';
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
  /**
   * Under the catalog's pricing model (on-demand unless the catalog says otherwise); null only for your own node
   * given without a price: its node lines are flagged `no price`, never $0.
   */
  pricePerHourUsd: number | null;
  /** Catalog row's source and its as-of date (YYYY-MM-DD). */
  source: string;
  asOf?: string | null;
  /** How the node is bought, as its bill line says it: `on-demand` when absent, `3-year commitment`, `spot`, `your price`. */
  priceLabel?: string;
  /** Your own node: the distribution whose kubelet defaults give its allocatable (src/pricing/allocatable.ts). */
  distribution?: SelfManagedDistribution;
}

/** A storage product price, per GiB-month. */
export interface StorageOffer {
  product: string;
  pricePerGibMonthUsd: number;
  source: string;
  asOf?: string | null;
  /** Largest single volume (block storage only). */
  maxVolumeBytes?: number;
  /** False for catalog rows marked UNVERIFIED: priced, and flagged on the bill. */
  verified: boolean;
}

/** A managed Kubernetes control plane's fee per cluster-hour, with its source. */
export interface ControlPlaneOffer {
  /** EKS, GKE or AKS. */
  service: string;
  tier: string;
  pricePerClusterHourUsd: number;
  source: string;
  asOf: string | null;
  verified: boolean;
}

/**
 * What `recommend()` needs from pricing: offers, storage prices and Kubernetes allocatable memory. src/pricing
 * provides the catalogs; tests may pass a hand-built one.
 */
/** A cloud with a catalog: every offer's cloud but your own nodes (`custom`). */
export type ManagedCloud = Exclude<InstanceOffer['cloud'], 'custom'>;

export interface PlanCatalog {
  catalogDate: string;
  instances: readonly InstanceOffer[];
  /** Block storage for Qdrant's data volume (gp3, pd-balanced/hyperdisk, Premium SSD v2). */
  blockStorage(cloud: ManagedCloud, region: string): StorageOffer | undefined;
  /** Object storage for snapshots (S3, GCS, Blob). */
  objectStorage(cloud: ManagedCloud, region: string): StorageOffer | undefined;
  /** Kubernetes allocatable memory of a node (EKS, GKE, AKS reservations), before DaemonSets. */
  allocatableMemoryBytes(offer: InstanceOffer, maxPods: number): number;
  /** Kubernetes allocatable CPU (cores) of a node, before DaemonSets. */
  allocatableCpuCores(offer: InstanceOffer, maxPods: number): number;
  /**
   * Every region a plan may name (all priced regions, not only those of `instances`), per cloud or for all clouds.
   * Absent: the regions of `instances`.
   */
  knownRegions?(cloud?: ManagedCloud): string[];
  /**
   * The managed control plane's fee of a cloud and tier (EKS, GKE, AKS), or undefined when the table has no verified
   * row. Absent: the catalog does not price control planes and plans carry no control-plane line (hand-built test
   * catalogs).
   */
  controlPlane?(cloud: ManagedCloud, tier: string): ControlPlaneOffer | undefined;
  /** The control-plane tiers the table knows for a cloud (data/catalogs/control-plane.csv), for `constraints.controlPlane`. */
  controlPlaneTiers?(cloud: ManagedCloud): string[];
  /** Why the block or object storage of a cloud region has no price (the sources searched), for the flagged line. */
  storagePriceGap?(kind: 'block' | 'object', cloud: InstanceOffer['cloud'], region: string): string | undefined;
  /** For a region not in `knownRegions`: what is expected, naming the known regions (and why a real region has no price). */
  unknownRegionHint?(region: string, cloud?: ManagedCloud): string | undefined;
  /**
   * The pricing model the offers are priced in, and per cloud the offers it left out for want of a row (a commitment
   * or spot price the table does not have). Absent: on-demand, nothing left out.
   */
  pricing?: CatalogPricing;
  /** The same catalog priced under another model (memoized), for the side-by-side bill. Absent: one model only. */
  withPricing?(model: PricingModel): PlanCatalog;
}

export interface CatalogPricing {
  model: PricingModel;
  /** Per cloud with offers left out: how many of how many, and why (what the table covers). */
  gaps: { cloud: InstanceOffer['cloud']; missing: number; of: number; why: string }[];
}
