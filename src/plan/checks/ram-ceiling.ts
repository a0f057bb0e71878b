/**
 * RAM under the ceiling: the busiest peer's resident memory plus the page cache it wants hot stays under
 * `ramCeiling` (default 80 %) of the pod's memory limit; above it, page-cache eviction makes searches read disk.
 * The busiest peer is the one holding the most shard replicas in the placement; it holds k/S of the collection at
 * the horizon, one process baseline, and k shard WALs.
 */
import { formatCount } from '../../spec/units.js';
import { gb, ramFits, steadyBytes, type PlanCheck } from './types.js';
import { plural } from '../../util/plural.js';

export const ramCeiling: PlanCheck = {
  id: 'ram-ceiling',
  name: () => 'RAM under the ceiling',
  severity: () => 'error',
  passes: ramFits,
  fixedBy: 'memory',
  explain(e) {
    const ok = this.passes(e);
    const limit = e.resources.memoryRequestBytes;
    const ceiling = e.ctx.c.ramCeiling;
    return (
      `busiest peer ${e.busiestPeer} (${e.load.replicas >= e.candidate.shards.shardNumber ? 'all' : `${e.load.replicas}/${e.candidate.shards.shardNumber}`} of the collection at ${formatCount(Math.round(e.ctx.pointsHorizon))} ${plural(Math.round(e.ctx.pointsHorizon), 'point')}): ` +
      `resident ${gb(e.load.residentBytes)} + hot page cache ${gb(e.load.pageCacheBytes)} = ${gb(steadyBytes(e))} ${ok ? '≤' : '>'} ` +
      `${Math.round(ceiling * 100)}% of the ${gb(limit)} memory limit (${gb(ceiling * limit)})`
    );
  },
};
