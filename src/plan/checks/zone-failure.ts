/**
 * After losing a zone: the zone holds up to ceil(P / Z) peers, and any such set of peers may be a zone (the scheduler
 * decides), so the worst set of that size (worstFailure, as for f peers) must leave the survivors within memory and
 * the busiest one's reads within its CPU: the failure check's own rule (survivorsHold). Shown once the zone's replicas
 * survive (zone-replicas); before that, zone-replicas says why.
 */
import { survivesZoneLoss } from '../../topology/zones.js';
import { survivorsDetail, survivorsHold } from './failure.js';
import type { PlanCheck } from './types.js';
import { counted } from '../../util/plural.js';

export const zoneFailure: PlanCheck = {
  id: 'zone-failure',
  name: (e) => `After losing a zone (up to ${counted(e.zone?.peersPerZone ?? 0, 'peer')})`,
  applies: (e) => e.zone !== undefined && survivesZoneLoss(e.rf, e.candidate.peers, e.ctx.zones),
  severity: () => 'error',
  passes: (e) => e.zone !== undefined && survivorsHold(e, e.zone.failure),
  fixedBy: 'cpu',
  explain: (e) => (e.zone ? survivorsDetail(e, e.zone.failure, `the worst ${e.zone.peersPerZone} to share a zone`) : 'no zones given'),
};
