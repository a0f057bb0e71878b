/**
 * Plans in a named region (issue 14): the offers and storage are that region's rows of
 * data/catalogs/instance-prices-regional.csv and storage-regional.csv, priced through the one price join.
 */
import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/plan/index.js';
import { QsizeInputError } from '../../src/errors.js';
import { workload768 } from './fixtures.js';

describe('plans in a named region', () => {
  it('prices an n2d-highmem-4 instance-month in me-central1 from its regional row, not the us-central1 one', () => {
    // instance-prices-regional.csv: "gcp,me-central1,n2d-highmem-4,0.2769714,github.com/Cyclenerd/... pricing.yml ...,2026-07-30"
    // (us-central1's base row is $0.228/h). One instance-month: 730 h × $0.2769714 = $202.190122 → $202.19.
    // storage-regional.csv: "gcp,me-central1,pd-balanced,...,0.1215,..." and "gcp,me-central1,gcs-standard,...,0.023,...".
    const r = recommend(workload768(10_000_000), { placement: { region: 'me-central1', instanceType: 'n2d-highmem-4' } });
    expect(r.plan.node.region).toBe('me-central1');
    const node = r.plan.cost.lineItems.find((l) => l.name.startsWith('Node ('));
    expect(node?.unitPriceUsd).toBe(0.2769714);
    expect(node?.source).toContain('(as_of 2026-07-30)');
    const nodes = r.plan.peers;
    expect(node?.quantity).toBe(nodes * 730);
    // n nodes × 730 h × $0.2769714, to the cent: 1 node is $202.19, 3 nodes $606.567366 → $606.57.
    const perNodeMonth = 202.190122;
    expect(node?.monthlyUsd).toBeCloseTo(Math.round(nodes * perNodeMonth * 100) / 100, 2);
    if (nodes === 3) expect(node?.monthlyUsd).toBe(606.57);
    const data = r.plan.cost.lineItems.find((l) => l.name.startsWith('Data volume'));
    expect(data?.unitPriceUsd).toBe(0.1215);
    const objects = r.plan.cost.lineItems.find((l) => l.name.startsWith('Snapshots in object storage'));
    expect(objects?.unitPriceUsd).toBe(0.023);
  });

  it('plans in Azure uaenorth on uaenorth instances', () => {
    const r = recommend(workload768(10_000_000), { placement: { region: 'uaenorth' } });
    expect(r.plan.node.cloud).toBe('azure');
    expect(r.plan.node.region).toBe('uaenorth');
    // every node line is priced (the regional instance rows exist), with a 2026 Karpenter-Azure source date
    const node = r.plan.cost.lineItems.find((l) => l.name.startsWith('Node ('));
    expect(node?.missingPrice).toBeUndefined();
  });

  it('refuses an unknown region naming the field, the known regions, and why an AWS region has no price', () => {
    expect(() => recommend(workload768(1_000_000), { placement: { region: 'nowhere-1' } })).toThrow(QsizeInputError);
    try {
      recommend(workload768(1_000_000), { placement: { region: 'ap-east-2' } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(QsizeInputError);
      const m = (e as Error).message;
      expect(m).toContain('constraints.placement.region');
      expect(m).toContain('is an AWS region');
      expect(m).toContain('uaenorth');
      expect(m).toContain('me-central1');
      expect(m).toContain('me-central-1');
    }
  });
});
