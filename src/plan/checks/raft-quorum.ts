/**
 * Raft quorum: Qdrant's consensus (cluster metadata, collection changes) needs a majority of peers. Tolerating `f`
 * lost peers needs at least 2f + 1 peers, and never fewer than 3 for any tolerance
 * (https://qdrant.tech/documentation/guides/distributed_deployment/#raft).
 */
import type { PlanCheck } from './types.js';
import { raftMajority } from '../../topology/raft.js';
import { counted } from '../../util/plural.js';

export function raftMinimumPeers(f: number): number {
  return Math.max(3, 2 * f + 1);
}

export const raftQuorum: PlanCheck = {
  id: 'raft-quorum',
  name: () => 'Raft quorum',
  severity: (e) => (e.f === 0 ? 'warning' : 'error'),
  passes: (e) => e.candidate.peers >= raftMinimumPeers(e.f),
  fixedBy: 'peers',
  explain(e) {
    const peers = e.candidate.peers;
    const majority = raftMajority(peers);
    if (this.passes(e)) return `${peers} peers keep a Raft majority (${majority}) after losing ${counted(Math.max(e.f, 1), 'peer')}`;
    return peers < 3
      ? `${counted(peers, 'peer')}: fewer than 3 peers cannot survive the loss of a peer's vote (Raft needs a majority of ${majority})`
      : `${peers} peers cannot keep a Raft majority after losing ${e.f} (need ${raftMinimumPeers(e.f)})`;
  },
};
