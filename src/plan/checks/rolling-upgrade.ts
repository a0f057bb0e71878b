/**
 * Rolling upgrade: one peer restarts at a time (the worst one to lose); every shard keeps a live replica, Raft keeps
 * a majority, and the busiest remaining peer carries its read share. Writes are the next check.
 */
import { cpuFor, cpuLoadGiven, cpuLoadNoun, withWrites, type PlanCheck } from './types.js';

export const rollingUpgrade: PlanCheck = {
  id: 'rolling-upgrade',
  name: () => 'Rolling upgrade (one peer down)',
  severity: (e) => (e.f === 0 ? 'warning' : 'error'),
  passes: (e) =>
    e.rf >= 2 && e.candidate.peers >= 3 && e.upgrade.lost.length === 0 && (!cpuLoadGiven(e) || cpuFor(e, e.upgrade.busiestShare) <= e.resources.cpuRequestCores),
  fixedBy: 'cpu',
  explain(e) {
    return (
      `${e.rf >= 2 ? 'every shard keeps a live replica' : "replication factor 1: the restarting peer's shards are unavailable"}; ` +
      `${e.candidate.peers >= 3 ? 'Raft keeps a majority' : 'fewer than 3 peers lose the Raft majority'}` +
      (!cpuLoadGiven(e)
        ? ''
        : e.candidate.peers === 1
          ? `; no other peer serves the ${cpuLoadNoun(e)} while it restarts`
          : `; with peer ${e.upgrade.failed[0] ?? 0} down the busiest peer needs ${cpuFor(e, e.upgrade.busiestShare).toFixed(2)}${withWrites(e)} of ${e.resources.cpuRequestCores} vCPU`)
    );
  },
};
