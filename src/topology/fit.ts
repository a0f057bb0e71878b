/**
 * What one peer must hold, and whether a node holds it. The estimate is for ONE copy of the collection with one
 * process baseline; a peer holds `k` of the `S` shard replicas, so it gets `k/S` of everything but the baseline,
 * and one baseline of its own.
 */
import type { Estimate, LineItem } from '../model/types.js';
import { shardFactorRange } from '../model/shard-skew.js';

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

/** Which end of the model's ranges: its expected value, or every line item at the low or the high end of its range. */
export type RangeEnd = 'expected' | 'low' | 'high';

const needsMemo = new WeakMap<Estimate, Partial<Record<RangeEnd, CollectionNeeds>>>();

/**
 * Pulls the topology's numbers out of an estimate: baseline = sum of `structure: 'process'` items (`process.baseline`).
 * `end`: the expected values (what the plan sizes by), or every line item at the low or high end of its stated range
 * (what the report gives as the range of a peer's numbers). The optimizer's temp segments on disk are taken at their
 * expected size at every end (they set the volume's headroom, not the data). Memoized per estimate object and end (the
 * planner reads the same estimate for many candidates); estimates are not mutated.
 */
export function needsOf(estimate: Estimate, end: RangeEnd = 'expected'): CollectionNeeds {
  let memo = needsMemo.get(estimate);
  if (!memo) {
    memo = {};
    needsMemo.set(estimate, memo);
  }
  return (memo[end] ??= Object.freeze(computeNeeds(estimate, end)));
}

function computeNeeds(estimate: Estimate, end: RangeEnd): CollectionNeeds {
  const at = (i: LineItem) => (end === 'expected' ? i.bytes : i.range[end]);
  const processBytes = (residency: 'ram' | 'cache') =>
    estimate.lineItems.filter((i) => i.structure === 'process' && i.residency === residency).reduce((sum, i) => sum + at(i), 0);
  const baselineBytes = processBytes('ram');
  const baselineCacheBytes = processBytes('cache');
  const m = estimate.memory;
  return {
    points: estimate.points,
    baselineBytes,
    baselineCacheBytes,
    dataResidentBytes: Math.max(0, m.residentRange[end] - baselineBytes),
    pageCacheBytes: Math.max(0, m.pageCacheRange[end] - baselineCacheBytes),
    optimizerPeakBytes: Math.max(0, m.peakRange[end] - m.residentRange[end]),
    diskBytes: estimate.disk.range[end],
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

/**
 * The busiest peer's load at the low and the high end: the collection at the low (high) end of every line item's range
 * (needsOf), and the peer's shard-size factor at the low (high) end of its count's range at the estimate's points
 * (src/model/shard-skew.ts shardFactorRange: the ring fixes the expected share exactly; the `replicas` distinct shards'
 * point count varies binomially around it). Both uncertainties widen the range; the plan itself is sized by peerLoad at
 * the expected values.
 */
export function peerLoadRange(estimate: Estimate, replicas: number, shardNumber: number, skew: number): { low: PeerLoad; high: PeerLoad } {
  const r = shardFactorRange(skew, shardNumber, estimate.points, Math.max(1, replicas));
  return {
    low: peerLoad(needsOf(estimate, 'low'), replicas, shardNumber, r.low),
    high: peerLoad(needsOf(estimate, 'high'), replicas, shardNumber, r.high),
  };
}

/**
 * Persistent volumes are sized so the data at its optimization peak fills at most this fraction. qsize's own choice:
 * Qdrant sets no fill target (its disk quota, `quotas.max_disk_usage_percent`, is off and unset by default:
 * qdrant@v1.19.0 config/config.yaml). The peak already holds one optimization's temp segment; the 15% left covers
 * what it does not count. 5 points of it are ext4's reserve for root (mke2fs(8) `-m`: "The default percentage is 5%",
 * e2fsprogs 1.47.0; ext4 is, for one, the EBS CSI driver's default `csi.storage.k8s.io/fstype`:
 * github.com/kubernetes-sigs/aws-ebs-csi-driver docs/parameters.md), which Qdrant cannot use when it runs as a user, as
 * the Helm chart runs it (runAsUser 1000: github.com/qdrant/qdrant-helm charts/qdrant/values.yaml, chart 1.19.0). The
 * other 10 points are a margin for a second merge overlapping the first (the temp segment's range goes to 2×), a shard
 * or snapshot transfer in flight and the WAL between flushes.
 */
export const VOLUME_FILL_TARGET = 0.85;

/**
 * The smallest volume qsize asks for, data or snapshot: 10 GiB, the Qdrant Helm chart's default `persistence.size` and
 * `snapshotPersistence.size` (github.com/qdrant/qdrant-helm charts/qdrant/values.yaml, chart 1.19.0), so a small plan
 * never asks for less than the chart would give it by default.
 */
export const MIN_VOLUME_GIB = 10;

/** Volume size (whole GiB) for a peer: `max(MIN_VOLUME_GIB, ceil(peakDisk / VOLUME_FILL_TARGET / GiB))`. */
export function volumeBytesFor(load: PeerLoad): number {
  const gib = 1024 ** 3;
  return Math.max(MIN_VOLUME_GIB, Math.ceil(load.peakDiskBytes / VOLUME_FILL_TARGET / gib)) * gib;
}
