/**
 * After losing f peers: the worst `f` peers to lose (src/topology/placement.ts worstFailure: most shards lost, then
 * the busiest survivor) leave a live replica of every shard, and the busiest survivor carries its larger read share
 * within its CPU limit. Qdrant does not re-replicate on its own, so survivors keep their memory; the RAM rule holds.
 * The survivors' rule (survivorsHold, survivorsDetail) is also the zone check's (zone-failure.ts): a lost zone is a
 * set of lost peers.
 */
import type { WorstFailure } from '../../topology/placement.js';
import type { Evaluation } from '../evaluate.js';
import { cpuFor, cpuLoadGiven, cpuShareClause, ramFits, type PlanCheck } from './types.js';
import { counted, plural } from '../../util/plural.js';

/** After losing the peers of `lost`: every shard keeps a live replica, memory holds, the busiest survivor's reads fit its CPU. */
export function survivorsHold(e: Evaluation, lost: WorstFailure): boolean {
  return lost.lost.length === 0 && ramFits(e) && (!cpuLoadGiven(e) || cpuFor(e, lost.busiestShare) <= e.resources.cpuRequestCores);
}

/** The sentence for survivorsHold: which peers, what is lost, memory, and the busiest survivor's CPU. */
export function survivorsDetail(e: Evaluation, lost: WorstFailure, which: string): string {
  const cpu = cpuLoadGiven(e)
    ? `; the busiest survivor then ${cpuShareClause(e, lost.busiestShare)}`
    : '';
  return (
    `losing peers ${lost.failed.join(', ')} (${which}) ` +
    (lost.lost.length === 0 ? 'leaves a live replica of every shard' : `loses ${plural(lost.lost.length, 'shard')} ${lost.lost.join(', ')} (every replica gone)`) +
    `; Qdrant does not re-replicate on its own, so survivors keep their memory${ramFits(e) ? ' (under the ceiling)' : ' (OVER the ceiling)'}${cpu}`
  );
}

export const failure: PlanCheck = {
  id: 'failure',
  name: (e) => `After losing ${counted(e.f, 'peer')}`,
  applies: (e) => e.f > 0,
  severity: () => 'error',
  passes: (e) => e.f < e.rf && survivorsHold(e, e.failure),
  fixedBy: 'cpu',
  explain: (e) => survivorsDetail(e, e.failure, `the worst ${e.f}`),
};
