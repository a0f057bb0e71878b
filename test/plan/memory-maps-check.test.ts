/**
 * The memory-maps check (src/plan/checks/memory-maps.ts) end to end: a plan whose busiest peer would hold more than
 * half of vm.max_map_count memory maps says so in its checks, its warnings and on the CLI's stderr; an ordinary plan
 * passes. The map counts per structure were counted on the real v1.19.0 server (src/model/memory-maps.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recommend } from '../../src/index.js';
import { qsizeInProcess } from '../cli/in-process.js';

/**
 * 200M x 128-d with max_segment_size 20,000 KB: segments of 20,000 points (measured on the server for this setting:
 * data/calibration/server-v1.19.0/d128-100k-maxseg20mb.json holds 4 indexed segments of 20,000-20,500 points), so
 * 10,000 indexed segments in all.
 */
const manySegments = {
  points: 200_000_000,
  collection: { vectors: { size: 128, distance: 'Cosine' as const }, optimizers_config: { max_segment_size: 20_000 } },
};

/**
 * Pinned to 5 peers (10 shards, 4 replicas of 1,001 segments on the busiest peer). Unpinned, the cheapest plan is 22
 * shards on 11 peers (4 × 456 segments on the busiest peer, about 18,424 maps, under half of the limit).
 */
const fivePeers = { placement: { peers: 5 } };

const dir = mkdtempSync(join(tmpdir(), 'qsize-maps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('memory maps against vm.max_map_count in the plan', () => {
  it('a plan with about ten thousand small segments warns, with the count worked out by hand', () => {
    const r = recommend(manySegments, fivePeers);
    const check = r.plan.checks.find((c) => c.id === 'memory-maps')!;
    expect(check.passed).toBe(false);
    expect(check.severity).toBe('warning');
    expect(r.warnings.some((w) => w.includes('vm.max_map_count 65,530'))).toBe(true);
    // By hand, from the counts measured on the server: the busiest peer holds k shard replicas, each with its WAL (3),
    // its allocator maps (6), its indexed segments (10 maps each) and its appendable segment (12); the process 66 + 11
    // per CPU; the collection's allocator maps 30.
    const l = r.plan.estimate.layout;
    const k = r.plan.perPeer.replicas;
    const cpus = l.nodeCpus;
    const perShard = 3 + 6 + l.segmentsPerShard * 10 + (l.appendableSegmentsPerShard ?? 0) * 12;
    const maps = 66 + 11 * cpus + 30 + k * perShard;
    expect(l.segmentsPerShard * l.shardNumber).toBeGreaterThanOrEqual(9_900);
    expect(check.detail).toContain(`about ${maps.toLocaleString('en-US')} memory maps`);
    expect(maps).toBeGreaterThan(65_530 / 2);
  });

  it('an ordinary plan (10M x 768-d, default optimizer) passes the check', () => {
    const r = recommend({ points: 10_000_000, collection: { vectors: { size: 768, distance: 'Cosine' } } }, {});
    const check = r.plan.checks.find((c) => c.id === 'memory-maps')!;
    expect(check.passed).toBe(true);
    expect(r.warnings.some((w) => w.includes('vm.max_map_count'))).toBe(false);
  });

  it('the CLI prints the warning on stderr and in the plan', async () => {
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify(manySegments));
    const run = await qsizeInProcess(['--spec', spec, '--peers', '5']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/warning: Memory maps \(vm\.max_map_count\): .* against vm\.max_map_count 65,530: raise vm\.max_map_count/);
    expect(run.stdout).toMatch(/warn +Memory maps \(vm\.max_map_count\)/);
  });
});
