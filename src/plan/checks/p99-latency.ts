/** p99 latency floor of one search (benchmark 4.67 ms at ef 128 on 1M × 1536, scaled like its CPU cost) against the goal. */
import type { PlanCheck } from './types.js';

export const p99Latency: PlanCheck = {
  id: 'p99-latency',
  name: () => 'p99 latency',
  severity: () => 'warning',
  passes: (e) => e.query.p99FloorMs <= e.ctx.c.query.p99LatencyMs,
  fixedBy: 'none',
  explain(e) {
    return (
      `single-search p99 floor ≈ ${e.query.p99FloorMs.toFixed(1)} ms (benchmark 4.67 ms at ef 128 on 1M × 1536, scaled) vs goal ${e.ctx.c.query.p99LatencyMs} ms` +
      (e.candidate.variant.onDisk ? '; originals on disk add disk reads for rescoring (Qdrant: half the vectors in RAM roughly doubles latency)' : '')
    );
  },
};
