/**
 * Zone replicas: with the peers spread over Z zones (constraints.zones, --zones), every shard keeps a live replica
 * after losing any one zone, whatever zone each peer lands in: RF > ceil(P / Z) (src/topology/zones.ts, where the
 * rule is proved). More peers never help (ceil(P / Z) only grows), so the search stops at the first count that fails.
 */
import { maxPeersForZoneLoss, minReplicationForZoneLoss, survivesZoneLoss } from '../../topology/zones.js';
import type { PlanCheck } from './types.js';
import { counted } from '../../util/plural.js';

export const zoneReplicas: PlanCheck = {
  id: 'zone-replicas',
  name: (e) => `Losing a zone (${e.ctx.zones} zones)`,
  applies: (e) => e.ctx.zones > 1,
  severity: () => 'error',
  passes: (e) => survivesZoneLoss(e.rf, e.candidate.peers, e.ctx.zones),
  fixedBy: 'none',
  explain(e) {
    const P = e.candidate.peers;
    const Z = e.ctx.zones;
    const m = e.zone?.peersPerZone ?? Math.ceil(P / Z);
    const spread = `${counted(P, 'peer')} over ${Z} zones at maxSkew 1 (DoNotSchedule) put at most ceil(${P}/${Z}) = ${m} in one zone`;
    if (this.passes(e)) {
      return `${spread}; every shard has ${e.rf} replicas on different peers, more than one zone holds, so losing any zone leaves at least ${e.rf - m} live, whichever peers it holds`;
    }
    const most = maxPeersForZoneLoss(e.rf, Z);
    return (
      `${spread}, and Qdrant places a shard's replicas without regard to zones, so one zone may hold ${e.rf === 1 ? 'the only replica' : e.rf === 2 ? 'both replicas' : `all ${e.rf} replicas`} of a shard: ` +
      `replication factor ${minReplicationForZoneLoss(P, Z)} survives on ${counted(P, 'peer')} (--replication)${most > 0 ? `, or replication factor ${e.rf} on at most ${counted(most, 'peer')}` : ''}`
    );
  },
};
