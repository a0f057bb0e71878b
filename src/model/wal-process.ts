/**
 * Per-shard WAL, the process baseline, and optimizer temp segments.
 */
import { makeItem, groupThousands } from './formula.js';
import { QDRANT } from './constants.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved } from './resolve.js';
import { counted, plural } from '../util/plural.js';

/** Bytes one point adds to the WAL: CBOR of its vectors (5 B per float element), payload and framing. */
export function walBytesPerPoint(r: Resolved): number {
  const f = QDRANT.walFloatBytes.value;
  let b = QDRANT.walPointOverheadBytes.value;
  for (const d of r.dense) b += d.dim * d.vectorsPerPoint * f;
  // Sparse: a CBOR u32 index (1-5 B, about 3 for a 30k vocabulary) and a float per non-zero.
  for (const s of r.sparse) b += s.nonZeros * (3 + f);
  // Payload: CBOR of the JSON value, about its JSON length.
  if (r.payload) b += r.payload.avgBytes;
  return b;
}

/**
 * The WAL of every shard: segments of wal_capacity_mb, 1 open + wal_segments_ahead + wal_retain_closed (v1.16+)
 * (qdrant@v1.19.0:config/config.yaml; qdrant@v1.16.0:lib/collection/src/config.rs, wal_retain_closed). Segment files
 * are created at full length but sparse: what is allocated (and what the server reads back into the page cache at
 * start-up, measured: the WAL's resident pages after a restart equal its allocated bytes) is what was written and
 * not yet truncated. A bulk load that wrote more than the retained segments leaves the retained closed segments full
 * and the open one partly filled (half, expected); a smaller shard keeps everything it wrote.
 */
export function walItems(r: Resolved, layout: SegmentLayout): LineItem[] {
  const P = layout.shardNumber;
  const w = r.wal.capacityMb * 1024 * 1024;
  const k = 1 + r.wal.segmentsAhead + r.wal.retainClosed;
  const b = walBytesPerPoint(r);
  const n = layout.pointsPerShard;
  const written = n * b;
  // Everything written stays while it fits in the retained closed segments; past that, what a shard holds depends
  // on where its last segment boundary fell (shards differ by up to 20% in points, src/model/shard-skew.ts): k - 1
  // full segments and an open one filled anywhere, half expected (measured on the v1.19.0 server, six shards of
  // 24,500-34,300 points: 33.9 to 67.0 MB each, 323.5 MB in all; one shard of 200,000 x 384-d: 58.7 MB).
  const full = written > (k - 1) * w;
  const value = full ? P * Math.min(written, (k - 0.5) * w) : P * written;
  const low = full ? P * (k - 1) * w : P * written;
  const high = full ? P * Math.min(written * 1.25, k * w) : P * written;
  return [
    makeItem({
      id: 'wal',
      name: `Write-ahead log (${counted(P, 'shard')}, up to ${counted(k, 'segment')} of ${r.wal.capacityMb} MiB each, resident after a restart)`,
      structure: 'wal',
      residency: 'cache',
      value,
      formula: full ? 'P * min(n * b, (k - 0.5) * w)' : 'P * n * b',
      inputs: full ? { P, n, b, k, w } : { P, n, b },
      source: `${QDRANT.walCapacityMb.source}; qdrant@v1.16.0:lib/collection/src/config.rs (wal_retain_closed); ${QDRANT.walFloatBytes.source}; ${QDRANT.walPointOverheadBytes.source}`,
      confidence: full ? 'medium' : 'high',
      low,
      // More while unflushed updates accumulate: one more segment per shard.
      high: Math.max(high, P * Math.min(written, (k + 1) * w)),
      note: `b = ${Math.round(b)} B per point written (CBOR); evictable page cache, read at start-up, not needed for search; more while unflushed updates accumulate (flush every 5 s)`,
    }),
  ];
}

/**
 * The heap each shard replica holds whatever its points (update worker and queue, optimizer handles, segment holder,
 * WAL and clock state), measured on the v1.19.0 server: 0.14 MB per shard (an empty collection of 32 shards against
 * one). One copy of the collection holds S of them; a peer with k replicas holds k (the planner's share k/S).
 */
export function shardHeapItem(layout: SegmentLayout): LineItem {
  const S = layout.shardNumber;
  const h = QDRANT.processAnonPerShardBytes.value;
  return makeItem({
    id: 'heap.shards',
    name: `Shard replica heap (${counted(S, 'shard')}: update worker, optimizer and segment bookkeeping)`,
    structure: 'allocator',
    residency: 'ram',
    value: S * h,
    formula: 'S * h',
    inputs: { S, h },
    source: QDRANT.processAnonPerShardBytes.source,
    confidence: 'medium',
    low: S * 0.1e6,
    high: S * 0.25e6,
    note: 'per shard replica, whatever its points; loaded shards measured up to 0.2 MB each',
  });
}

/**
 * The heap each loaded segment holds whatever its points (segment struct, storages' and indexes' bookkeeping, mmap
 * handles), measured on the v1.19.0 server: 0.063 MB per segment (24 small indexed segments against one). Counted over
 * every segment of one copy: the indexed ones and each shard's appendable tail.
 */
export function segmentHeapItem(layout: SegmentLayout): LineItem {
  const S = layout.shardNumber * (layout.segmentsPerShard + (layout.appendableSegmentsPerShard ?? 0));
  const g = QDRANT.processAnonPerSegmentBytes.value;
  return makeItem({
    id: 'heap.segments',
    name: `Segment heap (${counted(S, 'segment')}: segment, storage and index bookkeeping)`,
    structure: 'allocator',
    residency: 'ram',
    value: S * g,
    formula: 'S * g',
    inputs: { S, g },
    source: QDRANT.processAnonPerSegmentBytes.source,
    confidence: 'medium',
    low: S * 0.03e6,
    high: S * 0.1e6,
    note: 'per loaded segment, whatever its points; a 100M-point shard of ~150 segments holds about 10 MB',
  });
}

/**
 * The server process itself, per peer: its heap (RssAnon of an idle server with its collection) and its binary's
 * resident code pages. Measured on the v1.19.0 server (data/calibration/server-v1.19.0/empty-*.json).
 */
export function processItems(r: Resolved): LineItem[] {
  const C = r.nodeCpus;
  const a = QDRANT.processAnonBaseBytes.value;
  const c = QDRANT.processAnonPerCpuBytes.value;
  const k = QDRANT.processAnonPerCollectionBytes.value;
  const given = r.processBaselineBytes;
  const bin = QDRANT.processBinaryPageBytes.value;
  return [
    ...(r.clusterMode ? [clusterModeItem()] : []),
    given !== null
      ? makeItem({
          id: 'process.baseline',
          name: 'Qdrant process baseline (assumptions.processBaselineBytes)',
          structure: 'process',
          residency: 'ram',
          value: given,
          formula: 'b',
          inputs: { b: given },
          source: 'assumptions.processBaselineBytes (user input)',
          confidence: 'medium',
          note: 'per Qdrant process (per peer), not per shard',
        })
      : makeItem({
          id: 'process.baseline',
          name: `Qdrant process heap (runtime, allocator, ${counted(C, 'CPU')}, this collection empty)`,
          structure: 'process',
          residency: 'ram',
          value: a + c * C + k,
          formula: 'a + c * C + k',
          inputs: { a, c, C, k },
          source: `${QDRANT.processAnonBaseBytes.source}; ${QDRANT.processAnonPerCpuBytes.source}`,
          confidence: 'medium',
          low: a + c * C,
          high: a + 2 * c * C + 2 * k + QDRANT.processAnonSettlingBytes.value,
          note: 'per Qdrant process (per peer), not per shard; steady state (jemalloc returns freed pages within about 30 s; the high end allows what a busy machine has not yet returned)',
        }),
    loadedHeapItem(r.points),
    makeItem({
      id: 'process.binary',
      name: 'Qdrant binary code pages (page cache)',
      structure: 'process',
      residency: 'cache',
      value: bin,
      formula: 'g',
      inputs: { g: bin },
      source: QDRANT.processBinaryPageBytes.source,
      confidence: 'medium',
      low: 28e6,
      high: 50e6,
      note: 'per Qdrant process (per peer); file pages of the executable',
    }),
  ];
}

/**
 * The heap a peer holds once it has loaded the collection's data, beyond the empty-collection baseline and the
 * collection's modelled heap: jemalloc's state after the load (partly filled pages, and metadata for the address space
 * the load took; not freed pages it keeps: purging them at once, dirty_decay_ms:0, leaves it),
 * measured on the v1.19.0 server (QDRANT.processAnonLoadedBytes). Per peer; the whole term from
 * processAnonLoadedFullPoints points on, less for a smaller collection (none for an empty one).
 */
export function loadedHeapItem(points: number): LineItem {
  const f = Math.min(1, points / QDRANT.processAnonLoadedFullPoints.value);
  const l = QDRANT.processAnonLoadedBytes.value;
  return makeItem({
    id: 'process.loaded',
    name: 'Allocator state of a loaded server (jemalloc\'s partly filled pages and metadata)',
    structure: 'process',
    residency: 'ram',
    value: f * l,
    formula: 'f * l',
    inputs: { f, l },
    source: QDRANT.processAnonLoadedBytes.source,
    confidence: 'low',
    low: f * QDRANT.processAnonLoadedLowBytes.value,
    high: f * QDRANT.processAnonLoadedHighBytes.value,
    note: 'per Qdrant process (per peer); a fit to the measured steady states (range 0.4-1.6 MB), not a structure of Qdrant',
  });
}

/**
 * The extra heap of a peer running in cluster mode (Raft, the p2p server and channels), per peer. estimate() adds it
 * with `assumptions.clusterMode` (the planner sets it: its Helm values enable cluster mode on every peer); qsize
 * observe adds it for a peer whose GET /cluster says `enabled`.
 */
export function clusterModeItem(): LineItem {
  const k = QDRANT.processAnonClusterModeBytes.value;
  return makeItem({
    id: 'process.cluster-mode',
    name: 'Qdrant process heap in cluster mode (Raft, p2p server and channels)',
    structure: 'process',
    residency: 'ram',
    value: k,
    formula: 'k',
    inputs: { k },
    source: QDRANT.processAnonClusterModeBytes.source,
    confidence: 'medium',
    low: QDRANT.processAnonClusterModeLowBytes.value,
    high: 1.1e6,
    note: 'per Qdrant process (per peer) with cluster.enabled: 0.29 MB measured for a one-peer cluster, 0.9-1.1 MB for peers of a 3-peer cluster; larger clusters not measured',
  });
}

/**
 * Temp segment on disk while the optimizer rebuilds one segment: the new segment is written into
 * <shard>/temp_segments while the sources stay live (qdrant@v1.19.0:lib/shard/src/optimizers/segment_optimizer.rs,
 * TEMP_SEGMENTS_PATH). One segment at a time; its size is the disk of the largest segment the optimizer may build.
 */
export function tempSegmentItem(layout: SegmentLayout, segmentDiskBytes: number): LineItem {
  const g = segmentDiskBytes;
  return makeItem({
    id: 'optimizer.temp-segment',
    name: 'Optimizer temp segment (largest segment rebuilt at a time)',
    structure: 'optimizer',
    residency: 'peak-disk',
    value: g,
    formula: 'g',
    inputs: { g },
    source: 'qdrant@v1.19.0:lib/shard/src/optimizers/segment_optimizer.rs (temp_segments)',
    confidence: 'medium',
    high: 2 * g,
    note: `disk of the largest segment the optimizer may build (${groupThousands(layout.largestSegmentPoints)} ${plural(layout.largestSegmentPoints, 'point')}); up to 2x when two merges overlap`,
  });
}
