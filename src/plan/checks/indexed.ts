/**
 * Segments indexed: Qdrant builds an HNSW graph only for a segment whose largest vector holds at least
 * indexing_threshold KB (qdrant@v1.19.0 lib/shard/src/optimizers/config.rs DEFAULT_INDEXING_THRESHOLD_KB;
 * src/model/layout.ts). The plan's own layout decides it: more shards and more CPUs (more segments) mean smaller
 * segments. Below the threshold every search is a full scan, which the query CPU check prices.
 */
import { formatCount } from '../../spec/units.js';
import type { PlanCheck } from './types.js';
import { counted, plural } from '../../util/plural.js';

export const indexed: PlanCheck = {
  id: 'indexed',
  name: () => 'Segments indexed (HNSW)',
  severity: () => 'warning',
  passes: (e) => e.estimate.layout.indexed,
  fixedBy: 'none',
  explain(e) {
    const l = e.estimate.layout;
    const segPoints = Math.round(l.pointsPerSegment);
    const seg = `${counted(l.shardNumber, 'shard')} × ${counted(l.segmentsPerShard, 'segment')} of ~${formatCount(segPoints)} ${plural(segPoints, 'point')} (Qdrant sees ${counted(l.nodeCpus, 'CPU')} in the pod)`;
    return this.passes(e)
      ? `${seg}: each segment is above indexing_threshold and gets an HNSW graph`
      : `${seg}: every segment is below indexing_threshold ${Math.round(l.indexingThresholdBytes / 1024)} KB, so no HNSW graph is built and every search scans all points; ` +
          `the query CPU check prices that full scan (set optimizers_config.indexing_threshold lower, or fewer shards, to index)`;
  },
};
