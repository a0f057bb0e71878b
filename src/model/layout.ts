/**
 * How many segments Qdrant keeps per shard, and whether they are indexed.
 *
 * After a bulk load the merge optimizer leaves max(default_segment_number, ceil(shard vector bytes /
 * max_segment_size)) segments per shard; a segment gets an HNSW index and quantized vectors only when
 * its largest named vector holds at least indexing_threshold KB (1 KB = 1024 bytes of vector data).
 * qdrant@v1.19.0:lib/shard/src/optimizers/config.rs (default_segment_number, DEFAULT_MAX_SEGMENT_PER_CPU_KB,
 * DEFAULT_INDEXING_THRESHOLD_KB); qdrant@v1.19.0:lib/shard/src/optimizers/segment_optimizer.rs (threshold_is_indexed).
 */
import type { SegmentLayout } from './types.js';
import type { Resolved } from './resolve.js';
import { indexingThreadsFor } from './versions.js';

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
  const segmentsPerShard = segmentsPerShardFor(pointsPerShard, perPoint, maxSegmentBytes, defaultSegments);
  const pointsPerSegment = pointsPerShard / segmentsPerShard;
  const maxSegmentPoints = perPoint > 0 ? Math.floor(maxSegmentBytes / perPoint) : pointsPerShard;
  const largestSegmentPoints = Math.min(pointsPerShard, Math.max(Math.ceil(pointsPerSegment), maxSegmentPoints));
  const thresholdKb = r.optimizers.indexingThresholdKb ?? f.indexingThresholdKb;
  const indexingThresholdBytes = thresholdKb * 1024;
  // indexing_threshold = 0 disables indexing (https://qdrant.tech/documentation/concepts/optimizer/).
  const indexed = thresholdKb > 0 && pointsPerSegment * perPoint >= indexingThresholdBytes;
  const reason =
    `${segmentsPerShard} segment(s) per shard = max(default_segment_number ${defaultSegments}` +
    `${r.optimizers.defaultSegmentNumber ? ' (set)' : ` (auto for ${r.nodeCpus} CPUs)`}, ceil(${shardVectorBytes} B / max_segment_size ${maxSegmentKb} KB))` +
    `; ${indexed ? 'indexed' : 'NOT indexed'}: ${Math.round(pointsPerSegment * perPoint)} B of the largest vector per segment vs indexing_threshold ${thresholdKb} KB`;
  return {
    shardNumber,
    pointsPerShard,
    segmentsPerShard,
    pointsPerSegment,
    largestSegmentPoints,
    segmentsTotal: segmentsPerShard * shardNumber,
    indexed,
    indexingThresholdBytes,
    maxSegmentBytes,
    vectorBytesPerPoint: perPoint,
    defaultSegments,
    nodeCpus: r.nodeCpus,
    reason,
  };
}
