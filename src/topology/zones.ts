/**
 * Losing a zone, not only a peer. The emitted files spread the peers over `topology.kubernetes.io/zone` with
 * `maxSkew: 1` and, with a zone count given, `whenUnsatisfiable: DoNotSchedule`, so the zones' peer counts differ by
 * at most one: each zone holds floor(P/Z) or ceil(P/Z) peers. Which peer lands in which zone is the scheduler's
 * choice, and Qdrant places a shard's replicas on peers without regard to zones (peer ids are random), so the plan
 * must survive every such assignment. These are the rules, written once; the checks (src/plan/checks/zone-*.ts),
 * the search's no-fit hint and the emitted files read them (docs/topology.md, "Losing a zone").
 */
import { raftMajority } from './raft.js';

/**
 * Most peers one zone holds: `ceil(P / Z)`. With Z ≥ P some zones are empty and none holds more than one peer.
 * P = 4, Z = 3: 2 (zones of 2, 1, 1).
 */
export function peersPerZoneMax(peers: number, zones: number): number {
  return Math.ceil(peers / Math.max(1, zones));
}

/**
 * Every shard keeps a live replica after losing any one zone, for every assignment of peers to zones at maxSkew 1,
 * exactly when `RF > ceil(P / Z)`. If: a shard's RF replicas sit on RF distinct peers, more than any zone holds, so
 * one survives outside the lost zone. Only if: some zone holds ceil(P / Z) ≥ RF peers, and nothing stops the
 * scheduler from putting the RF peers of one shard there. One zone (Z = 1) is no zone check: losing it loses all.
 * P = 3, Z = 3, RF = 2: 2 > 1 survives; P = 6, Z = 3, RF = 2: 2 > 2 does not; RF = 3 does.
 */
export function survivesZoneLoss(replicationFactor: number, peers: number, zones: number): boolean {
  return replicationFactor > peersPerZoneMax(peers, zones);
}

/** The smallest replication factor that survives losing a zone on P peers in Z zones: `ceil(P / Z) + 1`. */
export function minReplicationForZoneLoss(peers: number, zones: number): number {
  return peersPerZoneMax(peers, zones) + 1;
}

/** The most peers on which replication factor RF survives losing a zone: `(RF − 1) · Z` (0 for RF 1). */
export function maxPeersForZoneLoss(replicationFactor: number, zones: number): number {
  return Math.max(0, (replicationFactor - 1) * zones);
}

/**
 * Raft keeps a majority after losing the zone with the most peers: `P − ceil(P / Z) > P / 2`, i.e.
 * `2 · ceil(P / Z) < P`. Two zones never do (one holds at least half the peers); 3 peers in 3 zones do.
 * With only `livePeers` of the P voters up (a running cluster, `qsize observe`), the lost zone may hold
 * min(ceil(P / Z), live) live ones: a majority of P stays when `2 · (live − min(ceil(P / Z), live)) > P`; with every peer
 * up that is the rule above. 3 peers in 3 zones with one already down: 2 · (2 − 1) = 2 > 3 fails.
 */
export function raftMajorityAfterZoneLoss(peers: number, zones: number, livePeers: number = peers): boolean {
  const live = Math.min(livePeers, peers);
  return live - Math.min(peersPerZoneMax(peers, zones), live) >= raftMajority(peers);
}
