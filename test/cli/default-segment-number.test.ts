/**
 * `--default-segment-number` sets the collection's optimizers_config.default_segment_number (src/cli/flags.ts), so a
 * platform engineer can take the `segments` alternative (src/plan/variants.ts FEWER_SEGMENTS) without a spec file.
 * The figures are worked by hand in test/plan/fewer-segments.test.ts: 1M × 768-d at 6,000 QPS, RF 2, on azure with
 * default_segment_number 2 is 4 × Standard_E32s_v5 at $5,966.29 (2 shards; 3 peers at $4,492.99 from s48 until s51,
 * when the float32 walk was charged int8's bytes).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, qsize } from './run.js';

beforeAll(() => ensureBuilt(), 180_000);

const args = ['--vectors', '1M', '--dim', '768', '--qps', '6000', '--replication', '2', '--cloud', 'azure'];

describe('--default-segment-number', () => {
  it('2: the plan the segments alternative named, and the collection request carries it; no segments alternative then', async () => {
    const r = await qsize([...args, '--default-segment-number', '2', '-o', 'json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { plan: { peers: number; node: { instanceType: string }; cost: { monthlyUsd: number }; workload: { collection: { optimizers_config?: { default_segment_number?: number } } } }; alternatives: { group: string }[] };
    expect([out.plan.peers, out.plan.node.instanceType, out.plan.cost.monthlyUsd]).toEqual([4, 'Standard_E32s_v5', 5_966.29]);
    expect(out.plan.workload.collection.optimizers_config?.default_segment_number).toBe(2);
    expect(out.alternatives.some((a) => a.group === 'segments')).toBe(false);
  });
  it.each([['0'], ['2.5'], ['1025']])('%s: exit 2 naming the flag, the value and the range, no stack trace', async (v) => {
    const r = await qsize([...args, '--default-segment-number', v]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`qsize: --default-segment-number: got "${v}", expected a whole number from 1 to 1024`);
  });
});
