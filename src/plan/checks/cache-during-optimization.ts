/** Optimization keeps the cache hot: peak anonymous memory plus the hot page cache fit the limit, so nothing is evicted. */
import { gb, type PlanCheck } from './types.js';

const total = (e: Parameters<PlanCheck['passes']>[0]) => e.load.peakBytes + e.load.pageCacheBytes;

export const cacheDuringOptimization: PlanCheck = {
  id: 'cache-during-optimization',
  name: () => 'Optimization keeps the cache hot',
  severity: () => 'warning',
  passes: (e) => total(e) <= e.resources.memoryRequestBytes,
  fixedBy: 'memory',
  explain(e) {
    const ok = this.passes(e);
    return (
      `peak ${gb(e.load.peakBytes)} + hot cache ${gb(e.load.pageCacheBytes)} = ${gb(total(e))} ${ok ? '≤' : '>'} ${gb(e.resources.memoryRequestBytes)}: ` +
      (ok ? 'no eviction during optimization' : 'page cache is evicted while a segment is optimized; searches slow down')
    );
  },
};
