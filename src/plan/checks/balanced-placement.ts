/** Balanced placement: S × RF replicas divide evenly over the peers; otherwise the busiest peer sizes every node. */
import type { PlanCheck } from './types.js';
import { plural } from '../../util/plural.js';

export const balancedPlacement: PlanCheck = {
  id: 'balanced-placement',
  name: () => 'Balanced placement',
  applies: (e) => e.rf <= e.candidate.peers,
  severity: () => 'warning',
  passes: (e) => (e.candidate.shards.shardNumber * e.rf) % e.candidate.peers === 0,
  fixedBy: 'none',
  explain(e) {
    const replicas = e.candidate.shards.shardNumber * e.rf;
    return this.passes(e)
      ? `${replicas / e.candidate.peers} shard ${plural(replicas / e.candidate.peers, 'replica')} on every peer`
      : `${replicas} replicas do not divide evenly over ${e.candidate.peers} peers; peer ${e.busiestPeer} holds ${e.load.replicas} and sizes every node` +
          // Past the shard cap qsize may keep an uneven number on purpose (src/topology/shards.ts cappedShardNumbers).
          (e.candidate.shards.capped ? `; qsize kept this number past the shard cap because it passes every check on the fewest peers, then the cheapest, of the numbers weighed (the Shards reason)` : '');
  },
};
