/**
 * Per-shard WAL, the process baseline, and optimizer temp segments.
 */
import { makeItem, groupThousands } from './formula.js';
import { QDRANT } from './constants.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved } from './resolve.js';

export function walItems(r: Resolved, layout: SegmentLayout): LineItem[] {
  // WAL segments of wal_capacity_mb, 1 open + wal_segments_ahead + wal_retain_closed (v1.16+).
  // qdrant@v1.19.0:config/config.yaml; qdrant@v1.16.0:lib/collection/src/config.rs (wal_retain_closed).
  const P = layout.shardNumber;
  const w = r.wal.capacityMb * 1024 * 1024;
  const k = 1 + r.wal.segmentsAhead + r.wal.retainClosed;
  return [
    makeItem({
      id: 'wal',
      name: `Write-ahead log (${P} shard(s) x ${k} segment(s) of ${r.wal.capacityMb} MiB)`,
      structure: 'wal',
      residency: 'disk',
      value: P * k * w,
      formula: 'P * k * w',
      inputs: { P, k, w },
      source: `${QDRANT.walCapacityMb.source}; qdrant@v1.16.0:lib/collection/src/config.rs (wal_retain_closed)`,
      confidence: 'high',
      high: P * (k + 1) * w,
      note: 'more while unflushed updates accumulate (flush every 5 s)',
    }),
  ];
}

export function processItems(r: Resolved): LineItem[] {
  const b = r.processBaselineBytes;
  return [
    makeItem({
      id: 'process.baseline',
      name: 'Qdrant process baseline (runtime, allocator, empty collection)',
      structure: 'process',
      residency: 'ram',
      value: b,
      formula: 'b',
      inputs: { b },
      source: QDRANT.processBaselineBytes.source,
      confidence: 'low',
      low: Math.min(b, 140e6),
      high: Math.max(b, 300e6),
      note: 'per Qdrant process (per peer), not per shard',
    }),
  ];
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
    note: `disk of the largest segment the optimizer may build (${groupThousands(layout.largestSegmentPoints)} points); up to 2x when two merges overlap`,
  });
}
