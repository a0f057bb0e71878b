/**
 * Optimization peak fits: while the optimizer rebuilds a segment, the busiest peer's anonymous memory rises by the
 * builder's working set (one optimization at a time per peer); over the memory limit the pod is OOM-killed.
 */
import { gb, type PlanCheck } from './types.js';

export const optimizationPeak: PlanCheck = {
  id: 'optimization-peak',
  name: () => 'Optimization peak fits',
  severity: () => 'error',
  passes: (e) => e.load.peakBytes <= e.resources.memoryRequestBytes,
  fixedBy: 'memory',
  explain(e) {
    return (
      `resident ${gb(e.load.residentBytes)} + optimizer peak ${gb(e.needs.optimizerPeakBytes)} = ${gb(e.load.peakBytes)} ` +
      `${this.passes(e) ? '≤' : '>'} the ${gb(e.resources.memoryRequestBytes)} memory limit (anonymous memory; over it the pod is OOM-killed)`
    );
  },
};
