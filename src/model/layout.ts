/**
 * How many segments Qdrant keeps per shard, and whether they are indexed.
 *
 * Points arrive in default_segment_number appendable segments, filled evenly (measured: 30,000 points in two
 * segments of 15,000). A segment gets an HNSW index and quantized vectors only when its largest named vector holds
 * at least indexing_threshold KB (1 KB = 1024 bytes of vector data): while the even share stays below it, the shard
 * keeps default_segment_number plain segments. Once segments are indexed, the merge optimizer merges the smallest
 * until the shard has default_segment_number segments, one of them appendable, and no merge may exceed
 * max_segment_size: the shard ends with max(default_segment_number - 1, ceil(vector bytes / max_segment_size))
 * indexed segments plus one appendable segment holding the tail that has not yet crossed the threshold. Measured on
 * the v1.19.0 server (data/calibration/server-v1.19.0/): 200,000 x 384-d with 2 CPUs (default 2): 1 indexed + 1
 * appendable; 200,000 x 128-d with default_segment_number 4: 3 indexed of 60,500-62,744 points + 1 appendable of
 * 16,000 (8.2 MB, under the 10 MB threshold).
 * qdrant@v1.19.0:lib/shard/src/optimizers/config.rs (default_segment_number, DEFAULT_MAX_SEGMENT_PER_CPU_KB,
 * DEFAULT_INDEXING_THRESHOLD_KB); qdrant@v1.19.0:lib/shard/src/optimizers/segment_optimizer.rs (threshold_is_indexed).
 */
import type { SegmentLayout } from './types.js';
import type { Resolved } from './resolve.js';
import { indexingThreadsFor } from './versions.js';
import { shardFactorRange, shardSkew } from './shard-skew.js';
import { fieldIndexComponents, indexParts, payloadIndexIsMmap } from './payload.js';
import { indexedSegmentIndexMaps } from './memory-maps.js';
import { counted, plural } from '../util/plural.js';

/**
 * Gridstores (5 maps each) of one payload index in an appendable segment (v1.16.0+, gridstoreMutableIndexes): one per
 * component (an integer with lookup and range two), none for a bool index (its own index is two flag files,
 * SegmentLayout.mutableBoolIndexes); a nested index (1.20, `nested`) also keeps an element map beside each component
 * and beside its null index, each a gridstore (`<component>-elements/`): fieldIndexComponents of them, the same count
 * as the element maps an indexed segment writes (payload.ts withElementStarts). Measured on qdrant-edge-py 0.9.0, the
 * empty appendable segment beside an optimized one and a filled one never optimized alike
 * (data/calibration/v1.20-structures/nested-maps-0.9.0.json, s35; nested-maps-all-types-0.9.0.json, s37): a nested
 * keyword maps 5 + 5 + null 4 + 5 = 19, a nested integer 29, a nested float, datetime, uuid, geo or text 19 (BM25,
 * phrase matching and `memory` change nothing here), a nested bool 4 + 5 + null 4 + 5 = 18; the plain array paths 9,
 * 14, 9 and 8 (bool). Before s37 the nested bool's two element gridstores were left out (8 counted).
 */
function mutableIndexStores(idx: NonNullable<Resolved['payload']>['indexes'][number]): number {
  const parts = indexParts(idx);
  const c = fieldIndexComponents(parts);
  const own = parts.type === 'bool' ? 0 : Math.max(1, c - 1);
  return own + (parts.nested ? c : 0);
}

/** Bytes of the largest named vector per point: what Qdrant's thresholds compare. */
export function largestVectorBytesPerPoint(r: Resolved): number {
  let max = 0;
  for (const d of r.dense) max = Math.max(max, d.dim * d.bytesPerElement * d.vectorsPerPoint);
  // Sparse-only collections: the stored sparse vector (f32 value + u32 index per non-zero).
  for (const s of r.sparse) max = Math.max(max, s.nonZeros * 8);
  return max;
}

/**
 * Segments a shard of `pointsPerShard` points splits into: max(default_segment_number, ceil(vector bytes /
 * max_segment_size)), at least 1 and never more than its points.
 */
export function segmentsPerShardFor(pointsPerShard: number, vectorBytesPerPoint: number, maxSegmentBytes: number, defaultSegments: number): number {
  const bySize = Math.ceil((pointsPerShard * vectorBytesPerPoint) / maxSegmentBytes);
  return Math.max(1, Math.min(pointsPerShard, Math.max(defaultSegments, bySize)));
}

/**
 * Indexed segments a shard ends with after a bulk load: max(default_segment_number - 1, ceil(vector bytes / c)),
 * at least 1 (one more, appendable, holds the unindexed tail). Segments are indexed as they cross the indexing
 * threshold t, so merges combine pieces of about t, and a merge must stay under max_segment_size M: a merged
 * segment holds at most k = ceil(M / t) - 1 pieces, c = k t (measured: with M = 2 t, 100,000 x 128-d gave four
 * indexed segments of 20,000-20,500 points, none merged, and a tail of 19,500).
 */
export function indexedSegmentsPerShardFor(pointsPerShard: number, vectorBytesPerPoint: number, maxSegmentBytes: number, defaultSegments: number, thresholdBytes = 0): number {
  const k = thresholdBytes > 0 ? Math.max(1, Math.ceil(maxSegmentBytes / thresholdBytes) - 1) : 0;
  const capacity = k > 0 ? Math.min(maxSegmentBytes, k * thresholdBytes) : maxSegmentBytes;
  const bySize = Math.ceil((pointsPerShard * vectorBytesPerPoint) / capacity);
  return Math.max(1, Math.min(pointsPerShard, Math.max(defaultSegments - 1, bySize)));
}

/**
 * Points in the HNSW graphs of an indexed layout: all but each shard's appendable tail (`tailPointsPerShard`, not yet
 * indexed), at least 1. The graph items (src/model/hnsw.ts) and, with 1.20's GraphInline storage, the vector file that
 * keeps only the tail's vectors (src/model/vectors.ts) both read it.
 */
export function graphPoints(points: number, layout: SegmentLayout): number {
  return Math.max(1, points - appendableTail(points, layout).points);
}

/**
 * Each shard's appendable tail of an indexed layout (section 2 of docs/methodology.md): `P` shards' `t` points
 * (`tailPointsPerShard`, half the indexing threshold on average, none after a bulk load), `points` in all, in one
 * appendable segment a shard, whose structures are the mutable ones (the id tracker, the payload indexes); the other
 * `M` points are in the indexed segments. A plain layout has none (every segment appendable). One rule: the graph, the
 * id tracker and the payload indexes split the points by it.
 */
export function appendableTail(points: number, layout: SegmentLayout): { P: number; t: number; points: number; M: number } {
  const P = layout.shardNumber;
  const t = layout.indexed ? Math.min(layout.tailPointsPerShard ?? 0, Math.floor(points / P)) : 0;
  return { P, t, points: P * t, M: points - P * t };
}

/** The tails as a plain layout of their own: one appendable segment of `t` points a shard (appendableTail). */
export function appendableTailLayout(layout: SegmentLayout, t = layout.tailPointsPerShard ?? 0): SegmentLayout {
  return { ...layout, indexed: false, segmentsPerShard: 1, segmentsTotal: layout.shardNumber, pointsPerShard: t, pointsPerSegment: t, largestSegmentPoints: t, appendableSegmentsPerShard: 0, tailPointsPerShard: 0, tailOccupiedShare: 0 };
}

export function segmentLayout(r: Resolved): SegmentLayout {
  const f = r.features;
  const shardNumber = r.shardNumber;
  const pointsPerShard = Math.ceil(r.points / shardNumber);
  const perPoint = largestVectorBytesPerPoint(r);
  const shardVectorBytes = pointsPerShard * perPoint;
  const threads = indexingThreadsFor(r.nodeCpus);
  const maxSegmentKb = r.optimizers.maxSegmentSizeKb ?? f.maxSegmentPerCpuKb * threads;
  const maxSegmentBytes = maxSegmentKb * 1024;
  const defaultSegments = r.optimizers.defaultSegmentNumber ?? f.segmentNumberFromCpus(r.nodeCpus);
  // Indexed when the appendable segments, filled evenly, cross the threshold.
  const thresholdKb = r.optimizers.indexingThresholdKb ?? f.indexingThresholdKb;
  const indexingThresholdBytes = thresholdKb * 1024;
  const fillingSegments = segmentsPerShardFor(pointsPerShard, perPoint, maxSegmentBytes, defaultSegments);
  // indexing_threshold = 0 disables indexing (https://qdrant.tech/documentation/concepts/optimizer/).
  const indexed = thresholdKb > 0 && (pointsPerShard / fillingSegments) * perPoint >= indexingThresholdBytes;
  const segmentsPerShard = indexed ? indexedSegmentsPerShardFor(pointsPerShard, perPoint, maxSegmentBytes, defaultSegments, indexingThresholdBytes) : fillingSegments;
  const pointsPerSegment = pointsPerShard / segmentsPerShard;
  const maxSegmentPoints = perPoint > 0 ? Math.floor(maxSegmentBytes / perPoint) : pointsPerShard;
  const largestSegmentPoints = Math.min(pointsPerShard, Math.max(Math.ceil(pointsPerSegment), maxSegmentPoints));
  const dsn = `default_segment_number ${defaultSegments}${r.optimizers.defaultSegmentNumber ? ' (set)' : ` (auto for ${counted(r.nodeCpus, 'CPU')})`}`;
  const reason = indexed
    ? `${segmentsPerShard} indexed ${plural(segmentsPerShard, 'segment')} per shard = max(${dsn} - 1, ceil(${shardVectorBytes} B / max_segment_size ${maxSegmentKb} KB)), ` +
      `plus 1 appendable segment with the unindexed tail (under indexing_threshold ${thresholdKb} KB)`
    : `${segmentsPerShard} plain ${plural(segmentsPerShard, 'segment')} per shard (${dsn}), NOT indexed: ${Math.round((pointsPerShard / fillingSegments) * perPoint)} B of the largest vector per segment vs indexing_threshold ${thresholdKb} KB`;
  return {
    shardNumber,
    pointsPerShard,
    segmentsPerShard,
    pointsPerSegment,
    largestSegmentPoints,
    segmentsTotal: segmentsPerShard * shardNumber,
    appendableSegmentsPerShard: indexed ? 1 : 0,
    // After a bulk load (indexing off during the upload, then on) every segment crosses the threshold and is indexed
    // and the final merge leaves a fresh, empty appendable segment: measured on the v1.19.0 server, 3 of 3 bulk loads
    // (d16-5m-m8, d32-200k, d32-200k-seg25) ended with a tail of 0 points.
    tailPointsPerShard: indexed && perPoint > 0 && !r.bulkLoad ? Math.min(Math.floor(pointsPerShard / 2), Math.round((0.5 * indexingThresholdBytes) / perPoint)) : 0,
    tailOccupiedShare: indexed ? (r.bulkLoad ? 0 : 0.5) : 0,
    busiestShardFactor: (() => {
      const k = shardSkew(shardNumber);
      return { expected: k.busiestFactor, ...shardFactorRange(k.busiestFactor, shardNumber, r.points) };
    })(),
    indexed,
    indexingThresholdBytes,
    maxSegmentBytes,
    vectorBytesPerPoint: perPoint,
    defaultSegments,
    nodeCpus: r.nodeCpus,
    payloadStorage: r.payloadStorage,
    payloadIndexes: (r.payload?.indexes ?? []).length,
    mmapPayloadIndexes: (r.payload?.indexes ?? []).filter((idx) => payloadIndexIsMmap(r, indexed, idx)).length,
    mmapPayloadIndexMaps: (r.payload?.indexes ?? []).filter((idx) => payloadIndexIsMmap(r, indexed, idx)).reduce((s, idx) => s + indexedSegmentIndexMaps(indexParts(idx), r.features), 0),
    mutablePayloadIndexesMapped: r.features.gridstoreMutableIndexes,
    mutablePayloadIndexStores: r.features.gridstoreMutableIndexes ? (r.payload?.indexes ?? []).reduce((s, idx) => s + mutableIndexStores(idx), 0) : 0,
    mutableBoolIndexes: r.features.gridstoreMutableIndexes ? (r.payload?.indexes ?? []).filter((idx) => indexParts(idx).type === 'bool').length : 0,
    nullIndexFlags: r.features.nullIndex,
    reason,
  };
}
