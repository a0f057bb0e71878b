/**
 * The alternatives' order within a group (src/plan/recommend.ts chooseAlternatives, docs/topology.md "Alternatives"):
 * passing first, then the fewest departures from what was asked, then the cheapest. The text report shows each
 * group's first entry, so the order decides what a reader sees.
 */
import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/plan/index.js';

/*
 * `qsize --vectors 2M --dim 768 --qps 500 --replication 2` (one tolerated failure; without --replication qsize now chooses RF 3 itself, test/plan/replication.test.ts). One replica fewer, RF 1, has to
 * give up the tolerated failure (f ≤ RF − 1 = 0): two departures. One more, RF 3, keeps it: one departure. With RF 3
 * each replica serves a third of the searches and a survivor of a loss half, against a half and all of them at RF 2,
 * so RF 3 needs less CPU per pod and can cost less than the plan; the audit (audit35) found the report showing only
 * RF 1 ($335) and hiding RF 3.
 */
describe('replication alternatives: the one that keeps the tolerated failures comes first', { timeout: 120_000 }, () => {
  it('2M × 768-d at 500 QPS: RF 3 (tolerates 1, like the plan) before RF 1 (tolerates none), though RF 1 is cheaper', () => {
    const r = recommend({ points: 2_000_000, collection: { vectors: { size: 768, distance: 'Cosine' } } }, { replicationFactor: 2, query: { qps: 500 } });
    const rep = r.alternatives.filter((a) => a.group === 'replication');
    expect(rep.map((a) => a.plan.replicationFactor)).toEqual([3, 1]);
    expect(rep[0]!.violates).toEqual(['replication factor 3 instead of 2']);
    expect(rep[1]!.violates).toContain('tolerates 0 peer failures, not the 1 asked for');
    expect(rep[1]!.plan.cost.monthlyUsd).toBeLessThan(rep[0]!.plan.cost.monthlyUsd);
    expect(rep[0]!.plan.cost.monthlyUsd).toBeLessThan(r.plan.cost.monthlyUsd);
  });
});
