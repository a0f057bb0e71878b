/**
 * What one peer must hold, and whether a node holds it. The estimate is for ONE copy of the collection with one
 * process baseline; a peer holds `k` of the `S` shard replicas, so it gets `k/S` of everything but the baseline,
 * and one baseline of its own.
 */
import type { Estimate } from '../model/types.js';

/** The parts of an estimate the topology scales by shard share. */
export interface CollectionNeeds {
  points: number;
  /** RssAnon of one process with no data (the estimate's `process` line items). */
  baselineBytes: number;
  /** Non-evictable RAM of one copy, baseline removed. */
  dataResidentBytes: number;
  /** Page cache one copy wants hot. */
  pageCacheBytes: number;
  /** Transient RAM of an optimization (peak − resident); one at a time per peer. */
  optimizerPeakBytes: number;
  /** Disk at rest of one copy. */
  diskBytes: number;
  /** Transient disk of temp segments during an optimization; once per peer. */
  tempDiskBytes: number;
}

/** Pulls the topology's numbers out of an estimate: baseline = sum of `structure: 'process'` items (`process.baseline`). */
export function needsOf(estimate: Estimate): CollectionNeeds {
  const baselineBytes = estimate.lineItems
    .filter((i) => i.structure === 'process' && i.residency === 'ram')
    .reduce((sum, i) => sum + i.bytes, 0);
  return {
    points: estimate.points,
    baselineBytes,
    dataResidentBytes: Math.max(0, estimate.memory.residentBytes - baselineBytes),
    pageCacheBytes: estimate.memory.pageCacheBytes,
    optimizerPeakBytes: Math.max(0, estimate.memory.peakBytes - estimate.memory.residentBytes),
    diskBytes: estimate.disk.bytes,
    tempDiskBytes: Math.max(0, estimate.disk.peakBytes - estimate.disk.bytes),
  };
}

/**
 * Needs at `points`, interpolated (or extrapolated) linearly between two estimates of the same workload at
 * different point counts. Every term of the memory model is linear in points within a version and config,
 * up to segment rounding, so two estimates pin the line.
 */
export function needsAt(a: CollectionNeeds, b: CollectionNeeds, points: number): CollectionNeeds {
  if (b.points === a.points) return { ...b, points };
  const t = (points - a.points) / (b.points - a.points);
  const lerp = (x: number, y: number) => Math.max(0, x + (y - x) * t);
  return {
    points,
    baselineBytes: b.baselineBytes,
    dataResidentBytes: lerp(a.dataResidentBytes, b.dataResidentBytes),
    pageCacheBytes: lerp(a.pageCacheBytes, b.pageCacheBytes),
    // The optimizer peak is bounded by the segment size, not the collection: take the larger one.
    optimizerPeakBytes: Math.max(a.optimizerPeakBytes, b.optimizerPeakBytes),
    diskBytes: lerp(a.diskBytes, b.diskBytes),
    tempDiskBytes: Math.max(a.tempDiskBytes, b.tempDiskBytes),
  };
}

export interface PeerLoad {
  /** Shard replicas on the peer. */
  replicas: number;
  residentBytes: number;
  pageCacheBytes: number;
  peakBytes: number;
  diskBytes: number;
  /** Disk including one optimization's temp segments. */
  peakDiskBytes: number;
}

/**
 * A peer with `replicas` of `shardNumber` shards:
 * `resident = baseline + (k/S)·dataResident`, `cache = (k/S)·pageCache`, `peak = resident + optimizerPeak`,
 * `disk = (k/S)·disk`, `peakDisk = disk + tempDisk`.
 */
export function peerLoad(needs: CollectionNeeds, replicas: number, shardNumber: number): PeerLoad {
  const share = replicas / shardNumber;
  const residentBytes = needs.baselineBytes + share * needs.dataResidentBytes;
  const diskBytes = share * needs.diskBytes;
  return {
    replicas,
    residentBytes,
    pageCacheBytes: share * needs.pageCacheBytes,
    peakBytes: residentBytes + (replicas > 0 ? needs.optimizerPeakBytes : 0),
    diskBytes,
    peakDiskBytes: diskBytes + (replicas > 0 ? needs.tempDiskBytes : 0),
  };
}

/**
 * kube-reserved CPU (cores) for EKS (amazon-eks-ami `nodeadm/internal/kubelet/config.go`) and GKE
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes): 6% of the first core, 1% of the
 * second, 0.5% of cores 3-4, 0.25% above 4.
 */
export function kubeReservedCpuCores(vcpu: number): number {
  let m = 0;
  m += Math.min(vcpu, 1) * 60;
  m += Math.min(Math.max(vcpu - 1, 0), 1) * 10;
  m += Math.min(Math.max(vcpu - 2, 0), 2) * 5;
  m += Math.max(vcpu - 4, 0) * 2.5;
  return m / 1000;
}

/** Persistent volumes are sized so the data at its optimization peak fills at most this fraction. */
export const VOLUME_FILL_TARGET = 0.85;

/** Volume size (whole GiB) for a peer: `ceil(peakDisk / 0.85 / GiB)`, at least 10 GiB. */
export function volumeBytesFor(load: PeerLoad): number {
  const gib = 1024 ** 3;
  return Math.max(10, Math.ceil(load.peakDiskBytes / VOLUME_FILL_TARGET / gib)) * gib;
}
