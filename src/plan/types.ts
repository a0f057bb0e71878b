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

export interface NodeChoice {
  cloud: 'aws' | 'gcp' | 'azure';
  region: string;
  instanceType: string;
  family: string;
  arch: 'amd64' | 'arm64';
  vcpu: number;
  memoryBytes: number;
  allocatableMemoryBytes: number;
  pricePerHourUsd: number;
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
  /** The estimate for one copy of the collection that the plan rests on. */
  estimate: Estimate;
  workload: Workload;
}

export interface Recommendation {
  schemaVersion: 'qsize.recommendation/v1';
  plan: Plan;
  alternatives: { label: string; plan: Plan; passesAllChecks: boolean }[];
  /** Month (from now) when the plan stops fitting, or null if it fits for the horizon. */
  growth: { fitsUntilMonth: number | null; detail: string };
  warnings: string[];
}
