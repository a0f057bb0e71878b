/**
 * No idle peers: a peer without a shard replica stores nothing and serves nothing, yet is paid for. A plan has at
 * most S × RF peers; only a peer count the user pinned may exceed it, and then this is a warning.
 */
import type { PlanCheck } from './types.js';

export const peersHoldReplicas: PlanCheck = {
  id: 'peers-hold-replicas',
  name: () => 'Every peer holds a replica',
  severity: (e) => (e.ctx.c.placement.peers !== undefined ? 'warning' : 'error'),
  passes: (e) => e.candidate.peers <= e.candidate.shards.shardNumber * e.rf,
  fixedBy: 'none',
  explain(e) {
    const replicas = e.candidate.shards.shardNumber * e.rf;
    return this.passes(e)
      ? `${replicas} shard replicas on ${e.candidate.peers} peers: every peer holds at least one`
      : `${e.candidate.peers} peers for ${replicas} shard replicas: ${e.candidate.peers - replicas} peer(s) hold nothing and serve nothing but are paid for`;
  },
};
