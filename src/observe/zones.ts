/**
 * Losing a zone, on the cluster as it runs (`qsize observe --zones Z`). The planner's rule (src/topology/zones.ts): with
 * P peers spread over Z zones at maxSkew 1 a zone holds at most ceil(P / Z) of them, the scheduler decides which, and
 * Qdrant places replicas without regard to zones; so a shard keeps a replica after losing any one zone, for every
 * assignment of peers to zones, exactly when its replicas sit on more distinct peers than one zone holds.
 *
 * On a live cluster the count that matters is not replication_factor but the shard's live replicas: Active, on a peer
 * that answered (ShardView.activeReplicas, one per peer: placement is keyed by peer id). A replica on a down peer, or one
 * still Partial or Initializing, serves nothing now and keeps nothing when the zone goes. So `survivesZoneLoss` is asked
 * with each shard's live replicas in place of RF, and P is every peer the cluster lists, down ones included: a down peer's
 * pod still takes a place in the spread. Placement may be uneven or under-replicated; the rule holds shard by shard:
 * - if: r live replicas on r distinct peers, more than ceil(P / Z), cannot all be in one zone;
 * - only if: any r ≤ ceil(P / Z) chosen peers fit in the fullest zone of some maxSkew-1 assignment.
 */
import { minReplicationForZoneLoss, peersPerZoneMax, raftMajorityAfterZoneLoss, survivesZoneLoss } from '../topology/zones.js';
import type { CollectionObservation } from './observe.js';
import { counted, plural } from '../util/plural.js';

export interface CollectionZoneLoss {
  collection: string;
  /** Every shard keeps a live replica after losing any one zone, whatever the assignment of peers to zones. */
  survivesZoneLoss: boolean;
  /** The fewest live replicas of any shard. */
  minLiveReplicas: number;
  /** Shards that may lose every live replica with one zone, with their live replicas (0: already unserved). */
  failingShards: { shardId: number; liveReplicas: number }[];
  detail: string;
}

export interface ZoneLossObservation {
  zones: number;
  /** P: every peer the cluster lists (down ones included: each still takes a place in the spread). */
  peers: number;
  /** ceil(P / Z): the most peers one zone holds. */
  peersPerZoneMax: number;
  /** ceil(P / Z) + 1: the live replicas on distinct peers each shard needs. */
  liveReplicasNeeded: number;
  /** Peers that answered (Raft voters that are up now). */
  livePeers: number;
  /** Raft keeps a majority of the listed peers after losing the fullest zone, counting only the live ones. */
  raftMajorityAfterZoneLoss: boolean;
  /** Live peers left in the worst case: live − min(ceil(P / Z), live). */
  livePeersAfterZoneLoss: number;
  collections: CollectionZoneLoss[];
}

/** Whether each observed collection survives losing one of `zones` zones, from its live placement; undefined for Z ≤ 1. */
export function observeZoneLoss(collections: readonly CollectionObservation[], peers: number, zones: number, livePeers: number = peers): ZoneLossObservation | undefined {
  if (zones <= 1) return undefined;
  const m = peersPerZoneMax(peers, zones);
  const need = minReplicationForZoneLoss(peers, zones);
  const spread = `${counted(peers, 'peer')} over ${zones} zones put up to ceil(${peers}/${zones}) = ${m} in one`;
  return {
    zones,
    peers,
    peersPerZoneMax: m,
    liveReplicasNeeded: need,
    livePeers,
    raftMajorityAfterZoneLoss: raftMajorityAfterZoneLoss(peers, zones, livePeers),
    livePeersAfterZoneLoss: livePeers - Math.min(m, livePeers),
    collections: collections.map((c) => {
      const live = c.placement.map((s) => ({ shardId: s.shardId, liveReplicas: s.activeReplicas }));
      const failing = live.filter((s) => !survivesZoneLoss(s.liveReplicas, peers, zones));
      const min = Math.min(...live.map((s) => s.liveReplicas));
      const survives = failing.length === 0 && live.length > 0;
      const detail = survives
        ? `losing any one zone leaves a live replica of every shard: ${spread}, and every shard has at least ${min} live replicas on distinct peers (${min} > ${m})`
        : `losing a zone may take every live replica of ${plural(failing.length, 'shard')} ${failing.map((s) => `${s.shardId} (${s.liveReplicas} live)`).join(', ')}: ${spread}, and the peers holding them can all be in one zone; each shard needs at least ${need} live replicas on distinct peers (> ${m}), replication_factor is ${c.replicationFactor}`;
      return { collection: c.name, survivesZoneLoss: survives, minLiveReplicas: live.length > 0 ? min : 0, failingShards: failing, detail };
    }),
  };
}
