/**
 * Writes during an upgrade: with one peer down, a shard that had a replica on it has RF − 1 live replicas, and Qdrant
 * fails a write that fewer than write_consistency_factor replicas confirm. The peers that may be down at once are
 * src/topology/placement.ts toleratedDisruptions, the same number the emitted PodDisruptionBudget uses as
 * maxUnavailable, so this check and the PDB agree: 0 means the PDB blocks voluntary evictions. Why it is 0, and the
 * remedy, is placement.ts noDisruptionReason, the same clause the emitted README gives.
 */
import { noDisruptionReason } from '../../topology/placement.js';
import type { PlanCheck } from './types.js';
import { counted } from '../../util/plural.js';

export const writesDuringUpgrade: PlanCheck = {
  id: 'writes-during-upgrade',
  name: () => 'Writes during a rolling upgrade',
  applies: (e) => e.candidate.peers > 1,
  severity: () => 'warning',
  passes: (e) => e.disruptions >= 1,
  fixedBy: 'none',
  explain(e) {
    return this.passes(e)
      ? `write_consistency_factor ${e.wcf} of replication_factor ${e.rf}: writes succeed with ${counted(e.disruptions, 'peer')} down; the PodDisruptionBudget allows ${e.disruptions} at a time`
      : `${noDisruptionReason({ peers: e.candidate.peers, replicationFactor: e.rf, writeConsistencyFactor: e.wcf })}: ` +
          'the PodDisruptionBudget allows 0 peers down, so node drains wait for an operator';
  },
};
