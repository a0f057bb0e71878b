/**
 * p99 latency floor of one search against the goal: the benchmark's single-client 4.67 ms (ef 128, 1M × 1536 in 7
 * segments on 8 vCPUs) scaled by one search's critical path, its segments searched side by side on the pod's CPUs
 * (src/topology/throughput.ts searchPathVcpuSeconds).
 */
import type { PlanCheck } from './types.js';
import type { Evaluation } from '../evaluate.js';
import { counted } from '../../util/plural.js';
import { searchRounds } from '../../topology/throughput.js';

/** The critical path the floor is scaled to: "1 of 7 segment searches, side by side on 63 CPUs", "2 of 7 ... in turn on 4 CPUs". */
function pathOf(e: Evaluation): string {
  const s = e.query.segmentsPerShard;
  const p = Math.max(1, Math.floor(e.query.cpus));
  const rounds = searchRounds(s, p);
  const [one, many] = e.query.fullScan ? ['segment scan', 'segment scans'] : ['segment search', 'segment searches'];
  if (s === 1) return `1 ${one}`;
  if (rounds === 1) return `1 of ${s} ${many}, side by side on ${counted(p, 'CPU')}`;
  return `${rounds} of ${s} ${many} in turn on ${counted(p, 'CPU')}`;
}

export const p99Latency: PlanCheck = {
  id: 'p99-latency',
  name: () => 'p99 latency',
  severity: () => 'warning',
  passes: (e) => e.query.p99FloorMs <= e.ctx.c.query.p99LatencyMs,
  fixedBy: 'none',
  explain(e) {
    return (
      `single-search p99 floor ≈ ${e.query.p99FloorMs.toFixed(1)} ms (benchmark 4.67 ms at ef 128 on 1M × 1536, scaled to ${pathOf(e)}) vs goal ${e.ctx.c.query.p99LatencyMs} ms` +
      (e.candidate.variant.onDisk ? '; originals on disk add disk reads for rescoring (Qdrant: half the vectors in RAM roughly doubles latency)' : '')
    );
  },
};
