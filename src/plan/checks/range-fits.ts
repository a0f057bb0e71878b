/**
 * Headroom covers the range: the plan is sized by the model's expected values, with `1 − ramCeiling` of the memory
 * limit left over. This check asks whether that headroom covers the model's own stated uncertainty: at the high end of
 * every line item's range, with the busiest shard at the high end of its own (plan.perPeer.*Range, src/topology/fit.ts
 * peerLoadRange), the busiest peer's optimization peak must stay within the memory limit (anonymous memory: over it
 * the pod is OOM-killed) and its resident memory with the hot page cache must still fit in it (else the kernel evicts
 * hot pages and searches read disk). A warning: the high end is what every term at once at its worst would hold.
 */
import { gb, type PlanCheck } from './types.js';

const highSteady = (e: Parameters<PlanCheck['passes']>[0]) => e.loadRange.high.residentBytes + e.loadRange.high.pageCacheBytes;

export const rangeFits: PlanCheck = {
  id: 'range-fits',
  name: () => 'Headroom covers the range',
  severity: () => 'warning',
  passes: (e) => e.loadRange.high.peakBytes <= e.resources.memoryRequestBytes && highSteady(e) <= e.resources.memoryRequestBytes,
  fixedBy: 'memory',
  explain(e) {
    const limit = e.resources.memoryRequestBytes;
    const h = e.loadRange.high;
    const peakOk = h.peakBytes <= limit;
    const steadyOk = highSteady(e) <= limit;
    return (
      `at the high end of the model's range, busiest peer ${e.busiestPeer}: optimization peak ${gb(h.peakBytes)} ${peakOk ? '≤' : '>'} the ${gb(limit)} memory limit` +
      `${peakOk ? '' : ' (anonymous memory: the pod may be OOM-killed)'}; resident ${gb(h.residentBytes)} + hot page cache ${gb(h.pageCacheBytes)} = ${gb(highSteady(e))} ` +
      `${steadyOk ? '≤' : '>'} the limit${steadyOk ? '' : ' (hot pages may be evicted: searches would read disk)'}`
    );
  },
};
