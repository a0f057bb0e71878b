/**
 * Placement: no two replicas of a shard on one peer, so replication factor RF needs at least RF peers
 * (Qdrant places replicas on distinct peers, https://qdrant.tech/documentation/guides/distributed_deployment/#replication-factor).
 */
import type { PlanCheck } from './types.js';
import { counted } from '../../util/plural.js';

/** The rule: replication factor `rf` fits on `peers` peers with no two replicas of a shard on one peer. */
export function replicasFitPeers(rf: number, peers: number): boolean {
  return rf <= peers;
}

export const placement: PlanCheck = {
  id: 'placement',
  name: () => 'Placement',
  severity: () => 'error',
  passes: (e) => replicasFitPeers(e.rf, e.candidate.peers),
  fixedBy: 'peers',
  explain(e) {
    const S = e.candidate.shards.shardNumber;
    if (!this.passes(e)) return `replication factor ${e.rf} needs at least ${e.rf} peers (no two replicas of a shard on one peer)`;
    const counts = e.placement.map((p) => p.shards.length);
    const lo = Math.min(...counts);
    const hi = Math.max(...counts);
    const perPeer = lo === hi ? `${counted(lo, 'replica')} per peer` : `${lo}-${hi} replicas per peer`;
    return `${counted(S, 'shard')} × ${counted(e.rf, 'replica')} on ${counted(e.candidate.peers, 'peer')}, no two replicas of a shard on one peer, ${perPeer}`;
  },
};
