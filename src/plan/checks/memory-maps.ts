/**
 * Memory maps on the busiest peer against vm.max_map_count (65,530 on a stock kernel): every segment maps its files,
 * every shard replica its WAL, the process its binary, libraries and thread stacks. A peer past the limit fails to map
 * new files (the optimizer cannot open the segments it builds; qdrant/qdrant#5836). The count and its warning
 * threshold are src/model/memory-maps.ts (memoryMapsPerNode); this check only asks it for the peer the plan places the
 * most shard replicas on, at the CPUs Qdrant sees in the pod. A warning: the fix is a node setting (sysctl), not a
 * different plan.
 */
import { memoryMapsPerNode, MAP_COUNT_WARN_FRACTION, type MemoryMapCount } from '../../model/memory-maps.js';
import type { Evaluation } from '../evaluate.js';
import type { PlanCheck } from './types.js';
import { counted, plural } from '../../util/plural.js';

const count = (n: number) => n.toLocaleString('en-US');

function mapsOf(e: Evaluation): MemoryMapCount {
  return memoryMapsPerNode(e.estimate, { shardReplicasOnNode: e.load.replicas, cpus: e.resources.qdrantCpus });
}

export const memoryMaps: PlanCheck = {
  id: 'memory-maps',
  name: () => 'Memory maps (vm.max_map_count)',
  severity: () => 'warning',
  passes: (e) => mapsOf(e).warning === undefined,
  fixedBy: 'none',
  explain(e) {
    const m = mapsOf(e);
    const l = e.estimate.layout;
    const segments = l.segmentsPerShard + (l.appendableSegmentsPerShard ?? 0);
    const where = `${e.load.replicas} shard ${plural(e.load.replicas, 'replica')} × ${counted(segments, 'segment')} on the busiest peer`;
    return m.warning === undefined
      ? `${where}: about ${count(m.maps)} memory maps (up to ${count(m.high)}), under ${Math.round(MAP_COUNT_WARN_FRACTION * 100)}% of vm.max_map_count ${count(m.limit)}`
      : `${where}: ${m.warning}`;
  },
};
