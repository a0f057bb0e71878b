/** The whole bill (issue 14): the managed control plane as a line item, and what a quote leaves out. */
import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/plan/index.js';
import { workload768 } from './fixtures.js';

describe('the managed control plane line', () => {
  it('bills one EKS standard cluster at 730 h × $0.10 = $73.00 a month, and a second for a DR standby', () => {
    // data/catalogs/control-plane.csv: "aws,EKS,standard,0.10,..." (AWS blog, $0.10 per cluster per hour).
    const base = recommend(workload768(1_000_000), { placement: { cloud: 'aws' } });
    const cp = base.plan.cost.lineItems.filter((l) => l.unit === 'cluster-hour');
    expect(cp).toHaveLength(1);
    expect(cp[0]).toMatchObject({ name: 'Managed control plane (EKS standard, 1 cluster)', quantity: 730, unitPriceUsd: 0.1, monthlyUsd: 73 });
    const dr = recommend(workload768(1_000_000), { placement: { cloud: 'aws' }, dr: true });
    expect(dr.plan.cost.lineItems.filter((l) => l.unit === 'cluster-hour').map((l) => l.monthlyUsd)).toEqual([73, 73]);
  });

  it('prices GKE and AKS standard at $0.10 per cluster-hour too, and the lines still add up to the total to the cent', () => {
    for (const cloud of ['gcp', 'azure'] as const) {
      const r = recommend(workload768(1_000_000), { placement: { cloud } });
      const line = r.plan.cost.lineItems.find((l) => l.unit === 'cluster-hour');
      expect(line?.monthlyUsd).toBe(73);
      const cents = r.plan.cost.lineItems.reduce((s, l) => s + Math.round(l.monthlyUsd * 100), 0);
      expect(cents).toBe(Math.round(r.plan.cost.monthlyUsd * 100));
    }
  });

  it('lists what the quote leaves out: load balancers, cross-zone traffic, egress, support', () => {
    const r = recommend(workload768(1_000_000), {});
    const text = r.plan.cost.notIncluded.join('\n');
    for (const item of ['Load balancers', 'Cross-zone replication traffic', 'egress', 'support']) expect(text).toContain(item);
  });
});
