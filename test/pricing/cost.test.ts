import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findInstances, storagePrice } from '../../src/pricing/catalog.js';
import {
  HOURS_PER_MONTH,
  priceNodes,
  priceQuantity,
  priceStorage,
  totalCost,
  type PriceRef,
} from '../../src/pricing/cost.js';

const MAX_PRICE_USD = 100; // above the dearest catalogued instance ($55.04/h, p5.48xlarge)
const MAX_QUANTITY = 1e6;

/** Equal up to floating-point rounding (relative 1e-9). */
function expectClose(actual: number | null | undefined, expected: number): void {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('priced line items (hand-worked)', () => {
  it('r6i.4xlarge for a month: 730 h x $1.008 = $735.84', () => {
    const [row] = findInstances({ instanceTypes: ['r6i.4xlarge'] });
    const line = priceNodes({ instanceType: 'r6i.4xlarge', count: 1, row });
    expect(HOURS_PER_MONTH).toBe(730);
    expect(line).toMatchObject({
      name: 'Node (r6i.4xlarge, on-demand)',
      quantity: 730,
      unit: 'instance-hour',
      unitPriceUsd: 1.008,
      formula: '1 node × 730 h/month × $1.008/instance-hour',
    });
    expect(line.monthlyUsd).toBeCloseTo(735.84, 10);
    expect(line.source).toMatch(/karpenter-provider-aws .* \(as_of 2026-07-20\)$/);
    expect(line.missingPrice).toBeUndefined();
  });

  it('three n2-highmem-8 nodes: 3 x 730 h x $0.5241 = $1147.779', () => {
    const [row] = findInstances({ instanceTypes: ['n2-highmem-8'] });
    const line = priceNodes({ instanceType: 'n2-highmem-8', count: 3, row });
    expect(line.quantity).toBe(2190);
    expect(line.monthlyUsd).toBeCloseTo(1147.779, 9);
  });

  it('500 GB of pd-balanced: 500 x $0.10 = $50 per month', () => {
    const line = priceStorage({ name: 'Qdrant data volume (pd-balanced)', quantity: 500, row: storagePrice('gcp', 'us-central1', 'pd-balanced') });
    expect(line).toMatchObject({ unit: 'GB-month', unitPriceUsd: 0.1, monthlyUsd: 50 });
    expect(line.source).toMatch(/gce_price_info\.go .*\(as_of 2026-06-23\)$/);
  });

  it('500 GB of EBS gp3: 500 x $0.08 = $40 per month', () => {
    const line = priceStorage({ name: 'Qdrant data volume (gp3)', quantity: 500, row: storagePrice('aws', 'us-east-1', 'ebs-gp3') });
    expect(line).toMatchObject({ unit: 'GB-month', unitPriceUsd: 0.08, monthlyUsd: 40 });
    expect(line.source).toMatch(/autoscaling_group_test\.golden .*\(as_of 2025-07-07\)$/);
  });

  it('flags a line whose price is missing instead of throwing', () => {
    // Premium SSD v2 has only a recalled (unverified) row, which storagePrice skips by default.
    const v2 = priceStorage({ name: 'Qdrant data volume (Premium SSD v2)', quantity: 500, row: storagePrice('azure', 'eastus', 'premium-ssd-v2') });
    expect(v2).toMatchObject({ missingPrice: true, unitPriceUsd: null, monthlyUsd: null, source: null, unit: 'GB-month' });
    expect(v2.warning).toMatch(/no verified price/);
    const node = priceNodes({ instanceType: 'r6i.4xlarge', count: 3, row: undefined });
    expect(node.missingPrice).toBe(true);
    expect(node.quantity).toBe(2190);
  });

  it('totals priced lines and lists the unpriced ones', () => {
    const [row] = findInstances({ instanceTypes: ['r6i.4xlarge'] });
    const lines = [
      priceNodes({ instanceType: 'r6i.4xlarge', count: 2, row }),
      priceStorage({ name: 'gp3', quantity: 100, row: undefined }),
    ];
    const total = totalCost(lines);
    expect(total.monthlyUsd).toBeCloseTo(1471.68, 9);
    expect(total.complete).toBe(false);
    expect(total.missing.map((l) => l.name)).toEqual(['gp3']);
    expect(total.warnings).toHaveLength(1);
  });

  it('refuses a quantity in a different unit from the price', () => {
    const price: PriceRef = { usd: 0.1, unit: 'GB-month', source: 's', asOf: '2026-06-23' };
    expect(() => priceQuantity({ name: 'x', quantity: 1, unit: 'GiB-month', price })).toThrow(/GiB-month .* GB-month/);
  });

  it('marks an undated price in its source', () => {
    const price: PriceRef = { usd: 0.08, unit: 'GB-month', source: 'https://aws.amazon.com/ebs/pricing/', asOf: null };
    expect(priceQuantity({ name: 'x', quantity: 1, unit: 'GB-month', price }).source).toBe('https://aws.amazon.com/ebs/pricing/ (as_of unknown)');
  });
});

describe('cost properties', () => {
  const price = fc.double({ min: 0.0001, max: MAX_PRICE_USD, noNaN: true });
  const quantity = fc.double({ min: 0, max: MAX_QUANTITY, noNaN: true });
  const k = fc.double({ min: 0.001, max: 1000, noNaN: true });
  const lineInput = fc.record({ quantity, usd: price });

  it('scaling every price by k scales every cost line by k', () => {
    fc.assert(
      fc.property(fc.array(lineInput, { minLength: 1, maxLength: 20 }), k, (inputs, factor) => {
        const lines = (scale: number) =>
          inputs.map((i, n) =>
            priceQuantity({ name: `l${n}`, quantity: i.quantity, unit: 'GB-month', price: { usd: i.usd * scale, unit: 'GB-month', source: 's', asOf: '2026-01-01' } }),
          );
        const base = lines(1);
        const scaled = lines(factor);
        base.forEach((b, n) => {
          const s = scaled[n];
          expectClose(s?.monthlyUsd, (b.monthlyUsd ?? NaN) * factor);
        });
        expectClose(totalCost(scaled).monthlyUsd, totalCost(base).monthlyUsd * factor);
      }),
    );
  });

  it('more nodes never cost less', () => {
    const rows = findInstances({ cloud: 'aws' });
    fc.assert(
      fc.property(fc.constantFrom(...rows), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 100 }), (row, n, more) => {
        const a = priceNodes({ instanceType: row.instanceType, count: n, row }).monthlyUsd ?? NaN;
        const b = priceNodes({ instanceType: row.instanceType, count: n + more, row }).monthlyUsd ?? NaN;
        expect(b).toBeGreaterThanOrEqual(a);
      }),
    );
  });

  it('a missing price never contributes to the total', () => {
    fc.assert(
      fc.property(fc.array(fc.option(lineInput, { nil: undefined }), { maxLength: 20 }), (inputs) => {
        const lines = inputs.map((i, n) =>
          priceQuantity({ name: `l${n}`, quantity: i?.quantity ?? 1, unit: 'GB-month', price: i === undefined ? undefined : { usd: i.usd, unit: 'GB-month', source: 's', asOf: null } }),
        );
        const t = totalCost(lines);
        const expected = inputs.reduce((s, i) => s + (i === undefined ? 0 : i.quantity * i.usd), 0);
        expectClose(t.monthlyUsd, expected);
        expect(t.missing).toHaveLength(inputs.filter((i) => i === undefined).length);
      }),
    );
  });
});

describe('the dates of a bill (priceQuantities)', () => {
  it('gives each priced line its row\'s as_of and the bill the distinct dates, oldest first; an unpriced line has none', async () => {
    const { priceQuantities } = await import('../../src/pricing/cost.js');
    const rows = {
      node: { usd: 0.3102, unit: 'instance-hour', source: 'regional row', asOf: '2025-04-24', verified: true, product: 'r6i.xlarge' },
      cp: { usd: 0.1, unit: 'cluster-hour', source: 'EKS row', asOf: '2026-04-01', verified: true, product: 'EKS standard' },
    };
    const node = { kind: 'instance', cloud: 'aws', region: 'me-central-1', instanceType: 'r6i.xlarge' } as const;
    const cp = { kind: 'control-plane', cloud: 'aws', tier: 'standard' } as const;
    const disk = { kind: 'block-storage', cloud: 'aws', region: 'me-central-1' } as const;
    const cost = priceQuantities(
      [
        { name: 'Node', quantity: 2190, unit: 'instance-hour', key: node, quantityFormula: '3 × 730' },
        { name: 'Data volume', quantity: 75, unit: 'GiB-month', key: disk, quantityFormula: '3 × 25' },
        { name: 'Control plane', quantity: 730, unit: 'cluster-hour', key: cp, quantityFormula: '730' },
        { name: 'DR nodes', quantity: 2190, unit: 'instance-hour', key: node, quantityFormula: '3 × 730' },
      ],
      { price: (k) => (k.kind === 'instance' ? rows.node : k.kind === 'control-plane' ? rows.cp : undefined) },
    );
    expect(cost.pricesAsOf).toEqual(['2025-04-24', '2026-04-01']);
    expect(cost.lineItems.map((l) => l.asOf)).toEqual(['2025-04-24', undefined, '2026-04-01', '2025-04-24']);
    // 2,190 × 0.3102 = 679.338 → 679.34 (twice) + 730 × 0.10 = 73.00: 1,431.68.
    expect(cost.monthlyUsd).toBe(1431.68);
  });
});
