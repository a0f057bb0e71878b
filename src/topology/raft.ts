/**
 * Qdrant's consensus is Raft: cluster metadata and collection changes need a majority of the peers' votes
 * (https://qdrant.tech/documentation/guides/distributed_deployment/#raft). The majority of P voters is floor(P / 2) + 1:
 * 3 of 5, 2 of 3, 3 of 4. Every check and report that states or tests a majority reads it here.
 */
export function raftMajority(peers: number): number {
  return Math.floor(peers / 2) + 1;
}
