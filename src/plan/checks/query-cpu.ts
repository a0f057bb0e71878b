/**
 * Query CPU on the busiest peer: the cluster's query CPU (src/topology/throughput.ts: qps × shards × per-shard cost /
 * 60 % utilisation) times the largest read share any peer carries (a shard's reads spread over its replicas; a
 * peer's share is the sum over the replicas it holds), plus the CPU its replicas spend on writes (every replica
 * applies every write of its shard: WRITE_COST), must fit the pod's CPU limit.
 */
import { formatCount } from '../../spec/units.js';
import { cpuFor, cpuLoadGiven, type PlanCheck } from './types.js';
import { counted } from '../../util/plural.js';

export const queryCpu: PlanCheck = {
  id: 'query-cpu',
  name: () => 'Query CPU',
  severity: () => 'error',
  passes: (e) => !cpuLoadGiven(e) || cpuFor(e, e.readShare) <= e.resources.cpuRequestCores,
  fixedBy: 'cpu',
  explain(e) {
    if (!cpuLoadGiven(e)) return 'no query or write load given; CPU not sized from load';
    const q = e.query;
    const w = e.writes;
    const S = e.candidate.shards.shardNumber;
    const need = cpuFor(e, e.readShare);
    const ok = this.passes(e);
    const reads =
      e.ctx.c.query.qps > 0
        ? `${e.ctx.c.query.qps} QPS ${q.fullScan ? 'as full scans' : `at ef ${e.ctx.hnswEf}`} over ${counted(S, 'shard')} of ${formatCount(Math.round(q.pointsPerShard))} points ` +
          // Each indexed segment of a shard is searched with the whole ef (src/topology/throughput.ts vcpuSecondsPerShardSearch).
          (q.fullScan ? '' : `in ${counted(q.segmentsPerShard, 'segment')} ${S === 1 ? '' : 'each '}`) +
          // A max_sim search scores k_q × k_p inner pairs a candidate (src/topology/throughput.ts MULTIVECTOR_SEARCH).
          (q.multivector ? `(max_sim: ${formatCount(q.multivector.queryInnerVectors)} query inner vectors against ${formatCount(q.multivector.innerVectors)} a point) ` : '') +
          'needs ' +
          `${q.vcpuNeeded.toFixed(1)} vCPU in the cluster (range ${q.vcpuLow.toFixed(1)}-${q.vcpuHigh.toFixed(1)}; ${q.formula}); the busiest peer carries ${(e.readShare * 100).toFixed(1)}% of the reads`
        : 'no query load given';
    // Every replica applies every write of its shard (evaluate.ts writes; src/topology/throughput.ts WRITE_COST).
    const writes =
      w.pointsPerSecond > 0
        ? `; ${formatCount(w.pointsPerSecond)} points written per second cost every replica ${w.vcpuSecondsPerPoint.toExponential(2)} vCPU-s a point ` +
          `(range ${w.low.toExponential(2)}-${w.high.toExponential(2)}, at ${formatCount(Math.round(e.indexing.segmentPoints))} points a segment), ${w.clusterVcpu.toFixed(1)} vCPU in the cluster at replication factor ${e.rf}; ` +
          `the busiest peer's ${counted(e.load.replicas, 'replica')} ${e.load.replicas === 1 ? 'holds' : 'hold'} ${(w.pointShare * 100).toFixed(1)}% of the points: ${w.busiestPeerVcpu.toFixed(2)} vCPU of writes` +
          // WRITE_COST was measured with the graphs built on CPU; on a GPU peer the builds leave the CPU.
          (e.gpu ? ' (measured with CPU graph builds: with GPU indexing an upper bound)' : '')
        : '';
    return (
      `${reads}${writes}: ${need.toFixed(2)} ${ok ? '≤' : '>'} ${e.resources.cpuRequestCores} vCPU limit` +
      (!ok && e.candidate.peers >= S * e.rf
        ? w.pointsPerSecond > 0
          ? '; every shard replica already has its own peer: larger nodes add capacity, and a lower replication factor fewer writes'
          : '; every shard replica already has its own peer: larger nodes or a higher replication factor add read capacity'
        : '')
    );
  },
};
