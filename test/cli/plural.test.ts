/**
 * One rule for a noun beside a count (src/util/plural.ts), and the lines that printed "1 shards" or "1/1 of it"
 * before it: the reads phase now plans single-shard clusters (audit35: `--vectors 10M --dim 768 --instance-type
 * r6i.4xlarge --qps 700 --replication 3` is 1 shard on 3 peers, each holding its one replica).
 */
import { describe, expect, it } from 'vitest';
import { plural } from '../../src/util/plural.js';
import { recommend } from '../../src/plan/index.js';
import { planDoc } from '../../src/cli/render/plan.js';

describe('plural', () => {
  it('one takes the singular; zero, fractions and many the plural', () => {
    expect([plural(1, 'shard'), plural(0, 'shard'), plural(1.5, 'replica'), plural(4, 'peer'), plural(2, 'copy', 'copies')]).toEqual(['shard', 'shards', 'replicas', 'peers', 'copies']);
  });
});

describe('a single-shard plan reads as one', { timeout: 60_000 }, () => {
  it('10M × 768-d at 700 QPS, RF 3 on r6i.4xlarge: 1 shard × 3 replicas on 3 peers, 1 replica per peer, each peer holds all of it', () => {
    const r = recommend({ points: 10_000_000, collection: { vectors: { size: 768, distance: 'Cosine' } } }, { replicationFactor: 3, query: { qps: 700 }, placement: { instanceType: 'r6i.4xlarge' } });
    const p = r.plan;
    expect([p.shardNumber, p.peers]).toEqual([1, 3]);
    const detail = (name: string) => p.checks.find((k) => k.name === name)!.detail;
    expect(detail('Placement')).toBe('1 shard × 3 replicas on 3 peers, no two replicas of a shard on one peer, 1 replica per peer');
    expect(detail('Balanced placement')).toBe('1 shard replica on every peer');
    const text = JSON.stringify(planDoc(r));
    expect(text).toContain('each peer holds all of it');
    expect(text).not.toMatch(/\b1 shards\b|\b1 replicas\b|1\/1 of it/);
  });
});
