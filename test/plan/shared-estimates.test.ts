/**
 * The planner keeps estimates across recommend() calls (src/plan/evaluate.ts, SHARED_ESTIMATES). These tests state
 * what that cache must never do: serve one workload's numbers to another, or let a caller's edits leak into a later
 * call.
 */
import { describe, expect, it } from 'vitest';
import { estimate, recommend } from '../../src/index.js';

const base = { points: 2_000_000, collection: { vectors: { size: 384, distance: 'Cosine' as const } } };

describe('estimates shared across recommend() calls', () => {
  it('a second call with the same workload returns the same plan as the first', () => {
    const a = recommend(base, {});
    const b = recommend(base, {});
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it("a workload that differs only in its payload gets its own estimate, equal to estimate()'s at the plan's layout", () => {
    recommend(base, {});
    const withPayload = { ...base, payload: { avgBytes: 4096 } };
    const r = recommend(withPayload, {});
    const direct = estimate({
      ...withPayload,
      collection: { ...withPayload.collection, shard_number: r.plan.shardNumber },
      // The planner estimates every peer in cluster mode (its Helm values enable it).
      assumptions: { nodeCpus: r.plan.estimate.layout.nodeCpus, clusterMode: true },
    });
    expect(r.plan.estimate.disk.bytes).toBe(direct.disk.bytes);
    expect(r.plan.estimate.memory.residentBytes).toBe(direct.memory.residentBytes);
  });

  it("a caller cannot change a later call's numbers: shared estimates are frozen and placements are copies", () => {
    const first = recommend(base, {});
    const expected = JSON.stringify(recommend(base, {}));
    expect(() => {
      (first.plan.estimate.lineItems[0] as { bytes: number }).bytes = 0;
    }).toThrow(TypeError);
    first.plan.placement[0]!.shards.push(999);
    expect(JSON.stringify(recommend(base, {}))).toBe(expected);
  });

  it('a frozen line item still shows its substituted formula', () => {
    const item = recommend(base, {}).plan.estimate.lineItems[0]!;
    expect(Object.isFrozen(item)).toBe(true);
    expect(item.substituted.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(item)).substituted).toBe(item.substituted);
  });
});
