/**
 * No idle peers: a peer without a shard replica stores nothing and serves nothing, yet is paid for. A plan has at
 * most S × RF peers; only a peer count the user pinned may exceed it, and then this is a warning.
 */
import type { PlanCheck } from './types.js';
import { counted, plural } from '../../util/plural.js';

export const peersHoldReplicas: PlanCheck = {
  id: 'peers-hold-replicas',
  name: () => 'Every peer holds a replica',
  severity: (e) => (e.ctx.c.placement.peers !== undefined ? 'warning' : 'error'),
  passes: (e) => e.candidate.peers <= e.candidate.shards.shardNumber * e.rf,
  fixedBy: 'none',
  explain(e) {
    const replicas = e.candidate.shards.shardNumber * e.rf;
    const peers = e.candidate.peers;
    const idle = peers - replicas;
    return this.passes(e)
      ? `${replicas} shard ${plural(replicas, 'replica')} on ${counted(peers, 'peer')}: every peer holds at least one`
      : `${peers} peers for ${replicas} shard ${plural(replicas, 'replica')}: ${counted(idle, 'peer')} ${idle === 1 ? 'holds' : 'hold'} nothing and ${idle === 1 ? 'serves' : 'serve'} nothing but ${idle === 1 ? 'is' : 'are'} paid for`;
  },
};
