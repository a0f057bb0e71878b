/**
 * The planner keeps estimates across recommend() calls (src/plan/evaluate.ts, SHARED_ESTIMATES), and placements,
 * worst failures and shard skews by their inputs (BoundedMemo, src/util/memo.ts). These tests state what those caches
 * must never do: serve one workload's numbers to another, or let a caller's edits leak into a later call. A plan made
 * after many others is checked against the same call in a fresh copy of the modules, whose caches are empty.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as warm from '../../src/index.js';
import type { WorkloadInput } from '../../src/index.js';

const { estimate, recommend } = warm;

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

/** Workloads and constraints that each change one input a cache key must name (the estimate's or the placement's). */
const PLANS: [string, WorkloadInput & { collection: object }, Parameters<typeof recommend>[1]][] = [
  ['the base', base, {}],
  ['the dimension', { ...base, collection: { vectors: { size: 768, distance: 'Cosine' as const } } }, {}],
  ['the point count', { ...base, points: 3_000_000 }, {}],
  ['the payload', { ...base, payload: { avgBytes: 2048 } }, {}],
  ['the quantization', { ...base, collection: { ...base.collection, quantization_config: { scalar: { type: 'int8' as const, always_ram: true } } } }, {}],
  ['the Qdrant version', { ...base, qdrantVersion: '1.19.0' }, {}],
  ['a text index', { ...base, payload: { avgBytes: 1000, indexes: [{ field_name: 'body', field_schema: { type: 'text' as const }, tokensPerValue: 40 }] } }, {}],
  ['the replication', base, { replicationFactor: 3 }],
  // The same pinned layout at one and at two tolerated failures: only `f` tells their placement facts apart.
  ['one tolerated failure on a pinned layout', base, { replicationFactor: 3, shardNumber: 10, placement: { peers: 5 } }],
  ['two tolerated failures on the same layout', base, { replicationFactor: 3, toleratedNodeFailures: 2, shardNumber: 10, placement: { peers: 5 } }],
  ['the pinned shards', base, { shardNumber: 7 }],
  ['the cloud', base, { placement: { cloud: 'gcp' } }],
  ['the growth', base, { growth: { pointsPerMonth: 1_000_000, horizonMonths: 6 } }],
  ['own nodes', base, { placement: { nodes: ['vm=8cpu/32Gi@0.2/h:k3s'] } }],
];

/**
 * A copy of the library with empty caches, whose planner estimates through a plain function (an estimator other than
 * the model's own bypasses the shared estimates): every number computed afresh for that one call.
 */
async function freshRecommend(w: Parameters<typeof recommend>[0], c: Parameters<typeof recommend>[1]): Promise<ReturnType<typeof recommend>> {
  vi.resetModules();
  const fresh = (await import('../../src/index.js')) as typeof warm;
  return fresh.recommend(w, c, { estimator: (input) => fresh.estimate(input) });
}

describe('a plan made after others equals the one empty caches give', () => {
  beforeAll(() => {
    for (const [, w, c] of PLANS) recommend(w, c); // fill every cache with the other plans' entries
  });

  for (const [name, w, c] of PLANS) {
    it(`${name}: the plan from warm caches is a fresh computation's, byte for byte`, async () => {
      expect(JSON.stringify(recommend(w, c))).toBe(JSON.stringify(await freshRecommend(w, c)));
    });
  }

  it('each workload change moves the estimate at one layout, so a key that left it out would be caught above', () => {
    const seen = new Map<string, string>();
    for (const [name, w] of PLANS.slice(0, 7)) {
      const e = estimate({ ...w, collection: { ...w.collection, shard_number: 4 } });
      const k = `${e.memory.residentBytes}|${e.memory.pageCacheBytes}|${e.disk.bytes}`;
      expect(seen.get(k), name).toBeUndefined();
      seen.set(k, name);
    }
  });
});
