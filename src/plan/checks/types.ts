/**
 * A check is a module: its id, its severity, the rule and the sentence that explains it, in one file. The search,
 * the report, the alternatives and the no-fit message all call the same module (like kube-scheduler's plugins:
 * the search loop knows nothing about any rule).
 */
import { formatBytes } from '../../spec/units.js';
import type { Evaluation } from '../evaluate.js';

export type Severity = 'error' | 'warning';

export interface PlanCheck {
  id: string;
  /** Report name; may depend on the candidate (e.g. `After losing 2 peer(s)`). */
  name(e: Evaluation): string;
  /** Whether the check applies to this candidate at all (GPU checks only with GPU indexing). Default: always. */
  applies?(e: Evaluation): boolean;
  /** `error` checks must pass for a plan to be recommended; `warning` checks are advice. */
  severity(e: Evaluation): Severity;
  /** The rule. Cheap: the search calls it for every candidate it tries. */
  passes(e: Evaluation): boolean;
  /** The sentence that explains the verdict, with the numbers in. Called for plans that are reported. */
  explain(e: Evaluation): string;
  /**
   * What more peers do for a failure of this check: `memory` (more peers spread the data), `cpu` (more peers spread
   * the reads, up to one peer per shard replica), or `none` (no peer count fixes it: search no further).
   */
  fixedBy: 'memory' | 'cpu' | 'peers' | 'none';
}

/** Byte sizes in reports: binary units (GiB), as Kubernetes quantities are. */
export function gb(bytes: number): string {
  return formatBytes(bytes, { binary: true });
}

/** Steady memory of the busiest peer: resident + the page cache it wants hot. */
export function steadyBytes(e: Evaluation): number {
  return e.load.residentBytes + e.load.pageCacheBytes;
}

/** The RAM ceiling rule, shared by the RAM check and the failure check: steady ≤ ceiling × memory request. */
export function ramFits(e: Evaluation): boolean {
  return steadyBytes(e) <= e.ctx.c.ramCeiling * e.resources.memoryRequestBytes;
}

/**
 * vCPU a peer needs: a read share of the cluster's query CPU, plus the busiest peer's writes (e.writes: every replica
 * applies its shard's writes, and a lost peer leaves each survivor its own). The query-CPU, failure and rolling-upgrade
 * checks all ask this one sum.
 */
export function cpuFor(e: Evaluation, share: number): number {
  return e.query.vcpuNeeded * share + e.writes.busiestPeerVcpu;
}

/** A CPU load was given: searches (constraints.query.qps) or writes (constraints.query.writesPerSecond). */
export function cpuLoadGiven(e: Evaluation): boolean {
  return e.ctx.c.query.qps > 0 || e.ctx.c.query.writesPerSecond > 0;
}

/** What loads the CPU, for the sentences that name it: "searches", "writes" or "searches and writes". */
export function cpuLoadNoun(e: Evaluation): string {
  const reads = e.ctx.c.query.qps > 0;
  const writes = e.ctx.c.query.writesPerSecond > 0;
  return reads && writes ? 'searches and writes' : writes ? 'writes' : 'searches';
}

/**
 * The CPU clause of a peer that takes `share` of the reads: "carries 25.0% of the reads: 3.01 (1.28 of it writes) of
 * 3.5 vCPU"; with writes alone no read share is named ("needs 1.28 of 3.5 vCPU for its writes"), since the share
 * is of a load of zero.
 */
export function cpuShareClause(e: Evaluation, share: number): string {
  const of = `of ${e.resources.cpuRequestCores} vCPU`;
  return e.ctx.c.query.qps > 0
    ? `carries ${(share * 100).toFixed(1)}% of the reads: ${cpuFor(e, share).toFixed(2)}${withWrites(e)} ${of}`
    : `needs ${cpuFor(e, share).toFixed(2)} ${of} for its writes`;
}

/** The writes' clause of a CPU sentence (empty without writes): " (1.28 of it writes)" after a figure that includes them (cpuFor). */
export function withWrites(e: Evaluation): string {
  return e.writes.pointsPerSecond > 0 ? ` (${e.writes.busiestPeerVcpu.toFixed(2)} of it writes)` : '';
}
