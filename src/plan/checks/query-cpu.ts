/**
 * Query CPU on the busiest peer: the cluster's query CPU (src/topology/throughput.ts: qps × shards × per-shard cost /
 * 60 % utilisation) times the largest read share any peer carries (a shard's reads spread over its replicas; a
 * peer's share is the sum over the replicas it holds) must fit the pod's CPU limit.
 */
import { formatCount } from '../../spec/units.js';
import { cpuFor, qpsGiven, type PlanCheck } from './types.js';
import { counted } from '../../util/plural.js';

export const queryCpu: PlanCheck = {
  id: 'query-cpu',
  name: () => 'Query CPU',
  severity: () => 'error',
  passes: (e) => !qpsGiven(e) || cpuFor(e, e.readShare) <= e.resources.cpuRequestCores,
  fixedBy: 'cpu',
  explain(e) {
    if (!qpsGiven(e)) return 'no query load given; CPU not sized from QPS';
    const q = e.query;
    const S = e.candidate.shards.shardNumber;
    const need = cpuFor(e, e.readShare);
    const ok = this.passes(e);
    return (
      `${e.ctx.c.query.qps} QPS ${q.fullScan ? 'as full scans' : `at ef ${e.ctx.hnswEf}`} over ${counted(S, 'shard')} of ${formatCount(Math.round(q.pointsPerShard))} points needs ` +
      `${q.vcpuNeeded.toFixed(1)} vCPU in the cluster (range ${q.vcpuLow.toFixed(1)}-${q.vcpuHigh.toFixed(1)}; ${q.formula}); ` +
      `the busiest peer carries ${(e.readShare * 100).toFixed(1)}% of the reads: ${need.toFixed(2)} ${ok ? '≤' : '>'} ${e.resources.cpuRequestCores} vCPU limit` +
      (!ok && e.candidate.peers >= S * e.rf ? '; every shard replica already has its own peer: larger nodes or a higher replication factor add read capacity' : '')
    );
  },
};
