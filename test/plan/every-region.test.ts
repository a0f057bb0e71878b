/**
 * Every priced region yields a plan (issue 14): for each region of the regional catalogs, a small workload gets a
 * plan in that region, its node line priced from that region's row. Exhaustive over the regions rather than sampled:
 * a region the catalogs list but cannot plan in is exactly the bug this guards against.
 */
import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/plan/index.js';
import { knownRegions } from '../../src/pricing/regions.js';

describe('every region in the catalog yields a plan for a small workload', () => {
  const regions = knownRegions();

  it('lists the Middle East regions among them', () => {
    for (const r of ['me-central1', 'me-central2', 'uaenorth']) expect(regions).toContain(r);
  });

  it.each(regions)('%s: 1M × 384-d plans in the region, every node-hour priced from its row', (region) => {
    const r = recommend({ points: 1_000_000, collection: { vectors: { size: 384, distance: 'Cosine' } } }, { placement: { region } }, { maxAlternatives: 0 });
    expect(r.plan.node.region).toBe(region);
    const node = r.plan.cost.lineItems.find((l) => l.unit === 'instance-hour');
    expect(node?.missingPrice).toBeUndefined();
    expect(node?.unitPriceUsd).toBe(r.plan.node.pricePerHourUsd);
    expect(r.plan.cost.monthlyUsd).toBeGreaterThan(0);
  });
});
