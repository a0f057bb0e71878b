/**
 * A single peer (`--peers 1`) has nobody to carry the searches while it restarts. The rolling-upgrade warning used to
 * print "with peer 0 down the busiest peer needs 0.00 of N vCPU", a share of the reads on a peer that does not exist
 * (audit33). With 3 peers the line still gives the survivor's CPU.
 */
import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/plan/index.js';

const workload = { points: 1_000_000, collection: { vectors: { size: 768, distance: 'Cosine' as const } } };

describe('the rolling-upgrade check on one peer', () => {
  it('says no other peer serves the searches, and prints no CPU share of a missing peer', () => {
    const plan = recommend(workload, { query: { qps: 100 }, placement: { peers: 1, cloud: 'aws' } }, { maxAlternatives: 0 }).plan;
    const k = plan.checks.find((c) => c.id === 'rolling-upgrade');
    expect(k?.detail ?? '').toContain('no other peer serves the searches while it restarts');
    expect(k?.detail ?? '').not.toMatch(/busiest peer needs/);
  });

  it('on 3 peers it still states what the busiest survivor needs', () => {
    const plan = recommend(workload, { query: { qps: 100 }, placement: { cloud: 'aws' } }, { maxAlternatives: 0 }).plan;
    const k = plan.checks.find((c) => c.id === 'rolling-upgrade');
    expect(plan.peers).toBeGreaterThanOrEqual(3);
    expect(k?.detail ?? '').toMatch(/down the busiest peer needs \d+\.\d\d of [\d.]+ vCPU/);
  });
});
