/**
 * Pricing models (issue 14): on-demand, 1- and 3-year commitments, spot, through the one price join; the same plan
 * side by side; and what the commitment table does not cover, said rather than guessed.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { recommend } from '../../src/plan/index.js';
import { QsizeInputError } from '../../src/errors.js';
import { PRICING_MODELS } from '../../src/pricing/price-models.js';
import { SPOT_WARNING } from '../../src/pricing/quote.js';
import { workload768 } from './fixtures.js';

/** Three n2-highmem-8 in us-central1: the plan every test below prices. */
const pinned = { placement: { cloud: 'gcp', instanceType: 'n2-highmem-8', peers: 3 } } as const;

describe('a plan under a pricing model', () => {
  it('prices a 3-year commitment from its source row: 3 × $172.16904 = $516.51, 55.0 % under on-demand', () => {
    // data/catalogs/commitment-prices.csv: "gcp,us-central1,n2-highmem-8,3y,committed use discount, 3 years
    // (resource-based),172.16904,github.com/Cyclenerd/google-cloud-pricing-cost-calculator@fd66b26ff84f pricing.yml ...,2026-07-30".
    // Per hour: 172.16904 / 730 = $0.2358480; on-demand (instances-cpu.csv) $0.5241/h, so the discount is
    // 1 − 0.2358480 / 0.5241 = 0.54999 (GCP's published 55 % for a 3-year resource-based commitment on N2).
    // Three nodes a month: 2,190 h × $0.2358480 = $516.50712 → $516.51.
    const r = recommend(workload768(1_000_000), { ...pinned, pricing: '3y' });
    const node = r.plan.cost.lineItems.find((l) => l.unit === 'instance-hour');
    expect(node?.name).toBe('Node (n2-highmem-8, 3-year commitment)');
    expect(node?.quantity).toBe(2190);
    expect(node?.unitPriceUsd).toBeCloseTo(172.16904 / 730, 12);
    expect(node?.monthlyUsd).toBe(516.51);
    expect(node?.source).toContain('committed use discount, 3 years');
    expect(node?.source).toContain('(as_of 2026-07-30)');
    expect(1 - (node?.unitPriceUsd ?? 0) / 0.5241).toBeCloseTo(0.55, 3);
    expect(r.plan.cost.pricingModel).toBe('3y');
    // The lines still add up to the total to the cent.
    expect(Math.round(r.plan.cost.lineItems.reduce((s, l) => s + l.monthlyUsd, 0) * 100)).toBe(Math.round(r.plan.cost.monthlyUsd * 100));
  });

  it('shows the same plan under every model: on-demand 3 × 730 × $0.5241 = $1,147.78 of nodes; 1y $723.00; 3y $516.51', () => {
    // 1y row: "gcp,us-central1,n2-highmem-8,1y,...,240.99928,...": 3 × 240.99928 = $722.99784 → $723.00.
    // spot row: "...,spot,...,181.4488,...": 3 × 181.4488 = $544.3464 → $544.35.
    const r = recommend(workload768(1_000_000), pinned);
    const models = r.plan.cost.models ?? [];
    expect(models.map((m) => m.model)).toEqual([...PRICING_MODELS]);
    const other = r.plan.cost.monthlyUsd - 1147.78; // storage and the control plane: the same under every model
    const by = Object.fromEntries(models.map((m) => [m.model, m]));
    expect(by['on-demand']?.monthlyUsd).toBe(r.plan.cost.monthlyUsd);
    expect(by['1y']?.monthlyUsd).toBeCloseTo(723.0 + other, 2);
    expect(by['3y']?.monthlyUsd).toBeCloseTo(516.51 + other, 2);
    expect(by['spot']?.monthlyUsd).toBeCloseTo(544.35 + other, 2);
    expect(by['spot']?.warning).toBe(SPOT_WARNING);
  });

  it('offers spot only with the warning that a Qdrant peer is stateful', () => {
    const r = recommend(workload768(1_000_000), { ...pinned, pricing: 'spot' });
    expect(r.plan.cost.lineItems[0]?.name).toBe('Node (n2-highmem-8, spot)');
    expect(r.warnings.some((w) => w.includes('A Qdrant peer is stateful'))).toBe(true);
    // AWS spot, the dearest zone of the source's snapshot: r6i.2xlarge in us-east-1 at $0.2352/h; 2,190 h × 0.2352 = $515.088 → $515.09.
    const aws = recommend(workload768(1_000_000), { placement: { cloud: 'aws', instanceType: 'r6i.2xlarge', peers: 3 }, pricing: 'spot' });
    const node = aws.plan.cost.lineItems.find((l) => l.unit === 'instance-hour');
    expect(node?.name).toBe('Node (r6i.2xlarge, spot)');
    expect(node?.monthlyUsd).toBe(515.09);
    expect(aws.warnings.some((w) => w.includes('A Qdrant peer is stateful'))).toBe(true);
  });

  it('says which clouds have no rows for a model (Azure spot) and plans on those that have them', () => {
    const r = recommend(workload768(1_000_000), { pricing: 'spot' });
    expect(r.plan.node.cloud).not.toBe('azure');
    expect(r.warnings.some((w) => w.startsWith('spot: no spot prices for azure'))).toBe(true);
    expect(r.warnings.some((w) => w.includes('A Qdrant peer is stateful'))).toBe(true);
    const azure = recommend(workload768(1_000_000), { placement: { cloud: 'azure' } });
    const by = Object.fromEntries((azure.plan.cost.models ?? []).map((m) => [m.model, m]));
    expect(by['spot']?.monthlyUsd).toBeNull();
    expect(by['spot']?.missing).toMatch(/no spot prices for azure/);
    // Azure reservations are priced since the calculator-feed import.
    expect(by['1y']?.monthlyUsd).toBeGreaterThan(0);
    expect(by['3y']?.monthlyUsd).toBeGreaterThan(0);
  });

  it('prices an Azure 3-year reservation from its source row: 3 × Standard_E8s_v5 in uaenorth, 2,190 h × $0.22957 = $502.76', () => {
    // data/azure-instances.json, "e8sv5", pricing["uae-north"].linux.reserved["yrTerm3Standard.allUpfront"] = 0.22957 $/h,
    // stored as 0.22957 × 730 = 167.5861 $/month. Three nodes: 2,190 h × 0.22957 = 459.14 + 43.6183 = 502.7583 → $502.76,
    // against 2,190 × $0.62 = $1,357.80 on demand.
    const r = recommend(workload768(1_000_000), { placement: { cloud: 'azure', region: 'uaenorth', instanceType: 'Standard_E8s_v5', peers: 3 }, pricing: '3y' });
    const node = r.plan.cost.lineItems.find((l) => l.unit === 'instance-hour');
    expect(node?.name).toBe('Node (Standard_E8s_v5, 3-year commitment)');
    expect(node?.quantity).toBe(2190);
    expect(node?.monthlyUsd).toBe(502.76);
    expect(node?.source).toContain('Reserved VM Instance, 3 years');
    expect(node?.source).toContain('(as_of 2025-04-24)');
    const onDemand = recommend(workload768(1_000_000), { placement: { cloud: 'azure', region: 'uaenorth', instanceType: 'Standard_E8s_v5', peers: 3 } });
    expect(onDemand.plan.cost.lineItems.find((l) => l.unit === 'instance-hour')?.monthlyUsd).toBe(1357.8);
  });

  it('refuses a model with no prices at all for the one cloud asked for, naming the field', () => {
    expect(() => recommend(workload768(1_000_000), { pricing: 'spot', placement: { cloud: 'azure' } })).toThrow(QsizeInputError);
    expect(() => recommend(workload768(1_000_000), { pricing: 'spot', placement: { cloud: 'azure' } })).toThrow(/constraints\.pricing: got "spot", expected a pricing model with prices for azure/);
    // israelcentral opened after the Azure reservation source's date: no reservation rows there.
    expect(() => recommend(workload768(1_000_000), { pricing: '3y', placement: { cloud: 'azure', region: 'israelcentral' } })).toThrow(
      /constraints\.pricing: got "3y", expected a pricing model with prices for azure in israelcentral/,
    );
  });

  it('a commitment never costs more than on-demand for the same plan, on every cloud (Azure reservations included)', () => {
    const places = [
      { cloud: 'gcp', region: 'us-central1' },
      { cloud: 'gcp', region: 'me-central1' },
      { cloud: 'aws', region: 'us-east-1' },
      { cloud: 'aws', region: 'me-central-1' },
      { cloud: 'azure', region: 'eastus' },
      { cloud: 'azure', region: 'uaenorth' },
      { cloud: 'azure', region: 'westeurope' },
    ] as const;
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 20_000_000 }), fc.constantFrom(256, 768, 1536), fc.constantFrom(2, 3), fc.constantFrom(...places), (points, dim, rf, place) => {
        const r = recommend({ points, collection: { vectors: { size: dim, distance: 'Cosine' } } }, { placement: { ...place }, replicationFactor: rf }, { maxAlternatives: 0 });
        const by = Object.fromEntries((r.plan.cost.models ?? []).map((m) => [m.model, m.monthlyUsd]));
        const onDemand = by['on-demand'] ?? Number.NaN;
        // Every Esv5 / Edsv5 / Ebdsv5 size has a reservation row in these three Azure regions: a real price, not "no row".
        if (place.cloud === 'azure') expect(by['3y']).toBeGreaterThan(0);
        for (const m of ['1y', '3y'] as const) {
          const v = by[m];
          if (v !== null && v !== undefined) expect(v).toBeLessThanOrEqual(onDemand);
        }
      }),
      { numRuns: 14 },
    );
  });
});
