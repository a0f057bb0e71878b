/**
 * How clients send their searches, REST or gRPC (constraints.query.api, --api; src/topology/throughput.ts QUERY_APIS,
 * REQUEST_COST; docs/topology.md section 6, "The query's parse and the API"): the server parses a REST query's JSON at
 * 76.6 ns a component and a gRPC query's packed floats at 9.2 ns, and a remote shard behind a REST search costs
 * 2.32e-4 s against 1.53e-4 behind a gRPC one (measured, data/calibration/request-cost/v1.19.0.json).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../support/fc-seed.js';
import { recommend, type PlanConstraintsInput } from '../../src/plan/index.js';
import { DEFAULT_QUERY_API, queryCpu, remoteShardVcpuSeconds, requestVcpuSeconds } from '../../src/topology/index.js';
import { qsize, STACK_LINE } from '../cli/run.js';

/*
 * `qsize --vectors 1k --dim 2048 --cloud azure --qps 1000 --replication 2` (test/plan/reads-bound-shards.test.ts): 6
 * unindexed shards of 166.67 points in 2 plain segments on 3 peers, m = 6 × (1 − 2 / 3) = 2 remote shards, a shard's
 * scan h + 2 g + P × (c + b × 2048) = 2.6e-5 + 166.67 × 5.43956e-7 = 1.166593e-4 s.
 * - REST: r = 1.12e-4 + 2048 × 7.66e-8 = 2.688768e-4, p = 2.32e-4 + 2048 × 1.98e-8 = 2.725504e-4: 1000 × (2.688768e-4
 *   + 2 × 2.725504e-4 + 6 × 1.166593e-4) / 0.6 = 1000 × 1.513933e-3 / 0.6 = 2.523222 vCPU.
 * - gRPC: r = 1.12e-4 + 2048 × 9.2e-9 = 1.308416e-4, p = 1.53e-4 + 2048 × 1.98e-8 = 1.935504e-4: 1000 × (1.308416e-4 +
 *   2 × 1.935504e-4 + 6 × 1.166593e-4) / 0.6 = 1000 × 1.217898e-3 / 0.6 = 2.029831 vCPU.
 * The same 3 × Standard_E2s_v5 ($353.84) either way: the pods are set by memory and Raft, not these reads.
 */
describe('the client API in the plan, by hand', () => {
  const workload = { points: 1000, collection: { vectors: { size: 2048, distance: 'Cosine' as const } } };
  const constraints = (api?: 'rest' | 'grpc'): PlanConstraintsInput => ({ replicationFactor: 2, query: { qps: 1000, ...(api ? { api } : {}) }, placement: { cloud: 'azure' } });

  it('REST unless told: 2.5232 vCPU; over gRPC 2.0298, on the same peers at the same price', () => {
    const rest = recommend(workload, constraints(), { maxAlternatives: 0 });
    const grpc = recommend(workload, constraints('grpc'), { maxAlternatives: 0 });
    expect(DEFAULT_QUERY_API).toBe('rest');
    expect(rest.constraints?.query.api).toBe('rest');
    expect(grpc.constraints?.query.api).toBe('grpc');
    expect(rest.plan.queryCpu?.vcpuNeeded).toBeCloseTo(2.523222, 5);
    expect(grpc.plan.queryCpu?.vcpuNeeded).toBeCloseTo(2.029831, 5);
    for (const r of [rest, grpc]) expect([r.plan.peers, r.plan.node.instanceType, r.plan.shardNumber, r.plan.cost.monthlyUsd]).toEqual([3, 'Standard_E2s_v5', 6, 353.84]);
    // The formula the plan shows carries the API's own r and p.
    expect(grpc.plan.queryCpu?.detail).toContain('1000 × (1.308e-4 + 2 × 1.936e-4 + 6 × 1.167e-4) / 0.6');
  });

  it('the request and a remote shard by hand: 768-d over REST 1.708288e-4 and 2.472064e-4 s, over gRPC 1.190656e-4 and 1.682064e-4', () => {
    expect(requestVcpuSeconds(768, 'rest')).toBeCloseTo(1.708288e-4, 10);
    expect(requestVcpuSeconds(768, 'grpc')).toBeCloseTo(1.190656e-4, 10);
    expect(remoteShardVcpuSeconds({ dim: 768, api: 'rest' })).toBeCloseTo(2.472064e-4, 10);
    expect(remoteShardVcpuSeconds({ dim: 768, api: 'grpc' })).toBeCloseTo(1.682064e-4, 10);
    // A multivector query carries its 32 inner vectors to each remote shard: 1.53e-4 + 32 × 128 × 1.98e-8 = 2.341008e-4.
    expect(remoteShardVcpuSeconds({ dim: 128, api: 'grpc', multivector: { innerVectors: 16, queryInnerVectors: 32 } })).toBeCloseTo(2.341008e-4, 10);
  });

  it('property: gRPC never needs more query CPU than REST, and a larger query never less, whatever the layout', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65_536 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 100, max: 50_000_000 }),
        (dim, shards, peers, qps, points) => {
          const cost = (api: 'rest' | 'grpc', d = dim) => ({ dim: d, api, ef: 128, pointsPerShard: points / shards, segmentsPerShard: 2 });
          const m = shards * Math.max(0, 1 - 2 / peers);
          const need = (api: 'rest' | 'grpc', d = dim) => queryCpu(qps, shards, cost(api, d), m).vcpuNeeded;
          return need('grpc') <= need('rest') && need('rest', dim + 1) >= need('rest') && need('grpc', dim + 1) >= need('grpc');
        },
      ),
    );
  });
});

/*
 * Writes follow the API too (WRITE_COST.request: REST 1.0e-7 a dimension + 1.0e-5 a point, gRPC 2.83e-8 + 4.32e-6; the
 * graph builds do not depend on it). test/plan/writes.test.ts works the REST plans; over gRPC a 768-d point's request is
 * 2.83e-8 × 768 + 4.32e-6 = 2.60544e-5 vCPU-s where REST's is 8.68e-5, so in 333,333-point segments a written point
 * costs 1.15 × 7.9157e-4 + 2.60544e-5 = 9.36360e-4 (REST 9.9711e-4).
 */
describe('writes by API, by hand', { timeout: 120_000 }, () => {
  const w = (points: number) => ({ points, collection: { vectors: { size: 768, distance: 'Cosine' as const } } });
  it('10M × 768-d at 2,000 writes a second over gRPC: 9.3636e-4 vCPU-s a point, 6.242 vCPU over RF 2 (REST 6.647)', () => {
    const p = recommend(w(10_000_000), { query: { writesPerSecond: 2000, api: 'grpc' } }).plan;
    expect([p.peers, p.node.instanceType, p.shardNumber, p.replicationFactor]).toEqual([3, 'r7g.xlarge', 6, 2]);
    expect(p.writeCpu?.vcpuSecondsPerPoint).toBeCloseTo(9.3636e-4, 7);
    // 2,000 × 2 replicas × 9.3636e-4 / 0.6 = 6.2424 vCPU.
    expect(p.writeCpu?.vcpuCluster).toBeCloseTo(6.2424, 3);
  });
  it('2M × 768-d at 500 QPS and 500 writes over gRPC: still RF 5 on 5 × m7i.xlarge, a survivor at 3.43 of 3.5 vCPU', () => {
    // Reads over gRPC: 500 × (1.190656e-4 + 1.259912e-2) / 0.6 = 10.5985 vCPU (replication.test.ts's shard search); writes
    // 500 × 9.36360e-4 / 0.6 = 0.7803 on every peer. RF 4 on 4 after a loss: 10.5985 / 3 + 0.7803 = 4.31 > 3.5; RF 5 on 5:
    // 10.5985 / 4 + 0.7803 = 3.43 ≤ 3.5 (REST: 3.49, writes.test.ts).
    const p = recommend(w(2_000_000), { query: { qps: 500, writesPerSecond: 500, api: 'grpc' } }).plan;
    expect([p.peers, p.node.instanceType, p.shardNumber, p.replicationFactor]).toEqual([5, 'm7i.xlarge', 1, 5]);
    expect(p.queryCpu?.vcpuNeeded).toBeCloseTo(10.5985, 3);
    expect(p.checks.find((c) => c.id === 'failure')!.detail).toMatch(/the busiest survivor then carries 25\.0% of the reads: 3\.43 \(0\.78 of it writes\) of 3\.5 vCPU$/);
  });
});

describe('--api on the command line', () => {
  it('--api grpc reaches the plan and the report says how the searches are sent', () => {
    const args = ['--vectors', '1k', '--dim', '2048', '--cloud', 'azure', '--qps', '1000', '--replication', '2'];
    const grpc = qsize([...args, '--api', 'grpc', '-o', 'json']);
    expect(grpc.status, grpc.stderr).toBe(0);
    const json = JSON.parse(grpc.stdout) as { constraints: { query: { api: string } }; plan: { queryCpu: { vcpuNeeded: number } } };
    expect(json.constraints.query.api).toBe('grpc');
    expect(json.plan.queryCpu.vcpuNeeded).toBeCloseTo(2.029831, 5);
    const text = qsize([...args, '-o', 'markdown']);
    expect(text.stdout).toContain('sent over REST (--api grpc: less server CPU a search)');
    expect(qsize([...args, '--api', 'grpc', '-o', 'markdown']).stdout).toContain('sent over gRPC (--api)');
  });

  it('compare api puts REST and gRPC side by side, with the vCPU the load needs (by hand above: 2.523 and 2.030)', () => {
    const args = ['compare', 'api', '--vectors', '1k', '--dim', '2048', '--cloud', 'azure', '--qps', '1000', '--replication', '2'];
    const json = qsize([...args, '-o', 'json']);
    expect(json.status, json.stderr).toBe(0);
    const rows = (JSON.parse(json.stdout) as { rows: { option: string; loadVcpu?: number; monthlyUsd: number }[] }).rows;
    expect(rows.map((r) => r.option)).toEqual(['rest', 'grpc']);
    expect(rows[0]!.loadVcpu).toBeCloseTo(2.523222, 5);
    expect(rows[1]!.loadVcpu).toBeCloseTo(2.029831, 5);
    expect(rows.map((r) => r.monthlyUsd)).toEqual([353.84, 353.84]);
    const text = qsize(args);
    expect(text.stdout).toMatch(/vCPU for the load/);
    expect(text.stdout).toMatch(/^ {2}rest .* 2\.5 +\$353\.84/m);
    expect(text.stdout).toMatch(/^ {2}grpc .* 2\.0 +\$353\.84/m);
    // Without a query or write rate there is no load, and no such column.
    expect(qsize(['compare', 'api', '--vectors', '1k', '--dim', '2048', '--cloud', 'azure']).stdout).not.toMatch(/vCPU for the load/);
  });

  it('an unknown API exits 2, names --api and the choices, prints no stack trace', () => {
    const r = qsize(['--vectors', '1k', '--dim', '8', '--api', 'soap']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--api: got "soap", expected one of "rest", "grpc"/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a spec with an unknown constraints.query.api exits 2 and names the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsize-api-'));
    try {
      const spec = join(dir, 'spec.json');
      writeFileSync(spec, JSON.stringify({ points: 1000, collection: { vectors: { size: 8, distance: 'Cosine' } }, constraints: { query: { api: 'http' } } }));
      const r = qsize(['--spec', spec]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/constraints\.query\.api/);
      expect(r.stderr).not.toMatch(STACK_LINE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
