/**
 * After losing f peers: the worst `f` peers to lose (src/topology/placement.ts worstFailure: most shards lost, then
 * the busiest survivor) leave a live replica of every shard, and the busiest survivor carries its larger read share
 * within its CPU limit. Qdrant does not re-replicate on its own, so survivors keep their memory; the RAM rule holds.
 */
import { cpuFor, qpsGiven, ramFits, type PlanCheck } from './types.js';

export const failure: PlanCheck = {
  id: 'failure',
  name: (e) => `After losing ${e.f} peer(s)`,
  applies: (e) => e.f > 0,
  severity: () => 'error',
  passes: (e) => e.f < e.rf && e.failure.lost.length === 0 && ramFits(e) && (!qpsGiven(e) || cpuFor(e, e.failure.busiestShare) <= e.resources.cpuRequestCores),
  fixedBy: 'cpu',
  explain(e) {
    const lost = e.failure.lost;
    const cpu = qpsGiven(e)
      ? `; the busiest survivor then carries ${(e.failure.busiestShare * 100).toFixed(1)}% of the reads: ${cpuFor(e, e.failure.busiestShare).toFixed(2)} of ${e.resources.cpuRequestCores} vCPU`
      : '';
    return (
      `losing peers ${e.failure.failed.join(', ')} (the worst ${e.f}) ` +
      (lost.length === 0 ? 'leaves a live replica of every shard' : `loses shard(s) ${lost.join(', ')} (every replica gone)`) +
      `; Qdrant does not re-replicate on its own, so survivors keep their memory${ramFits(e) ? ' (under the ceiling)' : ' (OVER the ceiling)'}${cpu}`
    );
  },
};
