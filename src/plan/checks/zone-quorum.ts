/**
 * Raft after losing a zone (a warning): Qdrant's consensus, which commits cluster topology and collection changes,
 * needs a majority of peers; P − ceil(P / Z) survivors keep one only when 2·ceil(P / Z) < P (src/topology/zones.ts).
 * Without it, what consensus commits waits for the zone: creating, changing or deleting a collection, moving or
 * replicating shards, peers joining or leaving (https://qdrant.tech/documentation/guides/distributed_deployment/#raft).
 * Point operations "do not go through the consensus infrastructure" (same page), so searches go on against the live
 * replicas, and so do writes, with one catch read in the source (qdrant v1.19.0
 * lib/collection/src/shards/replica_set/update.rs): a write whose replica in the lost zone fails is applied to the live
 * ones, the failed replica is disabled locally (mod.rs add_locally_disabled, later writes skip it) and consensus is
 * asked to mark it dead; a write sent with wait=true waits up to 30 s for that (DEFAULT_SHARD_DEACTIVATION_TIMEOUT)
 * and, with no majority to commit it, answers with an error ("Consistency of this update is not guaranteed. Please
 * retry"). Two zones never keep the majority, which is why this is a warning and not a reason for no plan.
 */
import { raftMajorityAfterZoneLoss } from '../../topology/zones.js';
import type { PlanCheck } from './types.js';
import { raftMajority } from '../../topology/raft.js';
import { counted } from '../../util/plural.js';

export const zoneQuorum: PlanCheck = {
  id: 'zone-quorum',
  name: () => 'Raft after losing a zone',
  applies: (e) => e.zone !== undefined,
  severity: () => 'warning',
  passes: (e) => raftMajorityAfterZoneLoss(e.candidate.peers, e.ctx.zones),
  fixedBy: 'none',
  explain(e) {
    const P = e.candidate.peers;
    const m = e.zone?.peersPerZone ?? 0;
    const majority = raftMajority(P);
    return this.passes(e)
      ? `losing a zone of up to ${counted(m, 'peer')} leaves ${P - m} of ${P}, a Raft majority (${majority}): collection and cluster changes go on`
      : `losing a zone of ${counted(m, 'peer')} leaves ${P - m} of ${P}, short of a Raft majority (${majority}): searches go on against the live replicas and so do writes (point operations do not go through consensus; the first write with wait=true to hit a lost replica waits 30 s for consensus to mark it dead and answers with an error), but creating, changing or deleting collections, moving or replicating shards and adding peers wait for the zone (fewer than half the peers in every zone keep the majority: 3 zones or more)`;
  },
};
