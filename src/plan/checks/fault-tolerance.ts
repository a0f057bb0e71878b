/**
 * Fault tolerance: losing any `f` peers leaves a live replica of every shard only if RF > f (replicas sit on
 * distinct peers; losing the RF peers of one shard loses it). Replication factor 1 tolerates nothing.
 */
import type { PlanCheck } from './types.js';
import { counted } from '../../util/plural.js';

/** The rule: `rf` replicas on distinct peers survive any `f` lost peers only while f < rf (the check below; given both, context.ts refuses f ≥ rf). */
export function replicasSurvive(rf: number, f: number): boolean {
  return f < rf;
}

export const faultTolerance: PlanCheck = {
  id: 'fault-tolerance',
  name: () => 'Fault tolerance',
  severity: (e) => (e.f === 0 ? 'warning' : 'error'),
  passes: (e) => e.rf > 1 && replicasSurvive(e.rf, e.f),
  fixedBy: 'none',
  explain(e) {
    if (e.rf === 1) {
      // With failures to tolerate (the default is 1) the plan fails: say both ways out, since a user who asked for
      // replication 1 on purpose (a dev cluster, a rebuildable index) means the second.
      return `replication factor 1 has no fault tolerance however many pods there are: losing any peer makes its shards unavailable${
        e.f > 0
          ? ` (${counted(e.f, 'failure')} must be tolerated): raise the replication factor to ${e.f + 1}, or accept no fault tolerance with tolerated failures 0 (constraints.toleratedNodeFailures, --tolerated-failures 0)`
          : ''
      }`;
    }
    return replicasSurvive(e.rf, e.f)
      ? `every shard has ${e.rf} replicas on different peers, so losing any ${counted(e.f, 'peer')} leaves at least ${e.rf - e.f} live`
      : `losing ${counted(e.f, 'peer')} can take all ${e.rf} replicas of a shard; raise the replication factor to ${e.f + 1}`;
  },
};
