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
  /** Page cache of one process with no data (the binary's code: `structure: 'process'` cache items), once per peer. */
  baselineCacheBytes: number;
  /** Page cache one copy wants hot, the process's own removed. */
  pageCacheBytes: number;
  /** Transient RAM of an optimization (peak − resident); one at a time per peer. */
  optimizerPeakBytes: number;
  /** Disk at rest of one copy. */
  diskBytes: number;
  /** Transient disk of temp segments during an optimization; once per peer. */
  tempDiskBytes: number;
}

const needsMemo = new WeakMap<Estimate, CollectionNeeds>();

/**
 * Pulls the topology's numbers out of an estimate: baseline = sum of `structure: 'process'` items (`process.baseline`).
 * Memoized per estimate object (the planner reads the same estimate for many candidates); estimates are not mutated.
 */
export function needsOf(estimate: Estimate): CollectionNeeds {
  let hit = needsMemo.get(estimate);
  if (!hit) {
    hit = Object.freeze(computeNeeds(estimate));
    needsMemo.set(estimate, hit);
  }
  return hit;
}

function computeNeeds(estimate: Estimate): CollectionNeeds {
  const processBytes = (residency: 'ram' | 'cache') =>
    estimate.lineItems.filter((i) => i.structure === 'process' && i.residency === residency).reduce((sum, i) => sum + i.bytes, 0);
  const baselineBytes = processBytes('ram');
  const baselineCacheBytes = processBytes('cache');
  return {
    points: estimate.points,
    baselineBytes,
    baselineCacheBytes,
    dataResidentBytes: Math.max(0, estimate.memory.residentBytes - baselineBytes),
    pageCacheBytes: Math.max(0, estimate.memory.pageCacheBytes - baselineCacheBytes),
    optimizerPeakBytes: Math.max(0, estimate.memory.peakBytes - estimate.memory.residentBytes),
    diskBytes: estimate.disk.bytes,
    tempDiskBytes: Math.max(0, estimate.disk.peakBytes - estimate.disk.bytes),
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
 * A peer with `replicas` of `shardNumber` shards, whose shards hold `skew` times the mean shard's points on average
 * (src/model/shard-skew.ts peerLoadFactor: Qdrant's hash ring makes shards uneven; 1 = equal shards):
 * `share = k·skew/S`, `resident = baseline + share·dataResident`, `cache = baselineCache + share·pageCache`,
 * `peak = resident + optimizerPeak`, `disk = share·disk`, `peakDisk = disk + tempDisk`.
 */
export function peerLoad(needs: CollectionNeeds, replicas: number, shardNumber: number, skew = 1): PeerLoad {
  const share = (replicas * skew) / shardNumber;
  const residentBytes = needs.baselineBytes + share * needs.dataResidentBytes;
  const diskBytes = share * needs.diskBytes;
  return {
    replicas,
    residentBytes,
    pageCacheBytes: (replicas > 0 ? needs.baselineCacheBytes : 0) + share * needs.pageCacheBytes,
    peakBytes: residentBytes + (replicas > 0 ? needs.optimizerPeakBytes : 0),
    diskBytes,
    peakDiskBytes: diskBytes + (replicas > 0 ? needs.tempDiskBytes : 0),
  };
}

/** Persistent volumes are sized so the data at its optimization peak fills at most this fraction. */
export const VOLUME_FILL_TARGET = 0.85;

/** Volume size (whole GiB) for a peer: `ceil(peakDisk / 0.85 / GiB)`, at least 10 GiB. */
export function volumeBytesFor(load: PeerLoad): number {
  const gib = 1024 ** 3;
  return Math.max(10, Math.ceil(load.peakDiskBytes / VOLUME_FILL_TARGET / gib)) * gib;
}
