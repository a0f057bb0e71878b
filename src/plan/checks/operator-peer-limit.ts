/**
 * The Qdrant operator's QdrantCluster accepts at most 100 peers (spec.size maximum in the qdrant.io/v1 CRD). Larger
 * plans deploy with Helm; `emit` skips only the operator file and says so.
 */
import type { PlanCheck } from './types.js';
import { counted } from '../../util/plural.js';

/** QdrantCluster spec.size maximum (qdrant.io_qdrantclusters.yaml, qdrant-operator). */
export const OPERATOR_MAX_PEERS = 100;

export const operatorPeerLimit: PlanCheck = {
  id: 'operator-peer-limit',
  name: () => 'Operator peer limit',
  severity: () => 'warning',
  passes: (e) => e.candidate.peers <= OPERATOR_MAX_PEERS,
  fixedBy: 'none',
  explain(e) {
    return this.passes(e)
      ? `${counted(e.candidate.peers, 'peer')} ≤ the QdrantCluster limit of ${OPERATOR_MAX_PEERS}`
      : `${e.candidate.peers} peers exceed the QdrantCluster limit of ${OPERATOR_MAX_PEERS}: emit writes the Helm, collection and NetworkPolicy files, not the operator's`;
  },
};
