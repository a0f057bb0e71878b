/**
 * Every check of a plan, in report order. Adding a rule means adding a module here; the search, the report, the
 * alternatives and the no-fit message all read this list.
 */
import type { Check } from '../types.js';
import type { Evaluation } from '../evaluate.js';
import { balancedPlacement } from './balanced-placement.js';
import { cacheDuringOptimization } from './cache-during-optimization.js';
import { failure } from './failure.js';
import { faultTolerance } from './fault-tolerance.js';
import { gpuArchitecture, gpuNode } from './gpu.js';
import { indexed } from './indexed.js';
import { memoryMaps } from './memory-maps.js';
import { operatorPeerLimit } from './operator-peer-limit.js';
import { optimizationPeak } from './optimization-peak.js';
import { p99Latency } from './p99-latency.js';
import { peersHoldReplicas } from './peers-hold-replicas.js';
import { placement } from './placement.js';
import { queryCpu } from './query-cpu.js';
import { raftQuorum } from './raft-quorum.js';
import { ramCeiling } from './ram-ceiling.js';
import { rangeFits } from './range-fits.js';
import { rollingUpgrade } from './rolling-upgrade.js';
import { schedulable } from './schedulable.js';
import type { PlanCheck } from './types.js';
import { volumeSize } from './volume-size.js';
import { writesDuringUpgrade } from './writes-during-upgrade.js';
import { zoneFailure } from './zone-failure.js';
import { zoneQuorum } from './zone-quorum.js';
import { zoneReplicas } from './zone-replicas.js';

export const CHECKS: readonly PlanCheck[] = [
  schedulable,
  raftQuorum,
  placement,
  peersHoldReplicas,
  balancedPlacement,
  faultTolerance,
  ramCeiling,
  optimizationPeak,
  rangeFits,
  cacheDuringOptimization,
  indexed,
  queryCpu,
  p99Latency,
  failure,
  zoneReplicas,
  zoneFailure,
  zoneQuorum,
  rollingUpgrade,
  writesDuringUpgrade,
  volumeSize,
  gpuArchitecture,
  gpuNode,
  operatorPeerLimit,
  memoryMaps,
];

export interface Verdict {
  /** Every applicable error check passes. */
  passed: boolean;
  /** The error checks that fail. */
  failing: PlanCheck[];
}

/** The verdict of every error check, without text (the search calls it per candidate). */
export function verdict(e: Evaluation): Verdict {
  const failing = CHECKS.filter((k) => (k.applies?.(e) ?? true) && k.severity(e) === 'error' && !k.passes(e));
  return { passed: failing.length === 0, failing };
}

/** Every applicable check with its explanation, for a reported plan. */
export function runChecks(e: Evaluation): Check[] {
  return CHECKS.filter((k) => k.applies?.(e) ?? true).map((k) => ({ id: k.id, name: k.name(e), passed: k.passes(e), severity: k.severity(e), detail: k.explain(e) }));
}

export { raftMinimumPeers } from './raft-quorum.js';
export { OPERATOR_MAX_PEERS } from './operator-peer-limit.js';
export type { PlanCheck } from './types.js';
