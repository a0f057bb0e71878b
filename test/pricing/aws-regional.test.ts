/**
 * AWS outside us-east-1 (issue 14): on-demand and Reserved Instance rows from ec2instances.info's scrape of
 * the AWS Price List API, as shipped in the Go module github.com/LeanerCloud/ec2-instances-info
 * v0.0.0-20250528091325-32acf84f42eb (data/instances.json, last changed by commit f9eafba8b0c9 on 2025-04-24).
 * Every expected value below is worked out by hand from that file's rows (quoted in the comments).
 */
import { describe, expect, it } from 'vitest';
import { findRegionalInstances, knownRegions } from '../../src/pricing/regions.js';
import { commitmentPrice } from '../../src/pricing/commitments.js';
import { priceNodes, priceQuantities, type Quantity } from '../../src/pricing/cost.js';
import { convertBill } from '../../src/pricing/quote.js';
import { defaultCatalogs } from '../../src/pricing/catalog.js';
import { defaultQuoteCatalogs } from '../../src/pricing/quote-catalogs.js';
import { planCatalogFromPricing, priceBookOf } from '../../src/plan/catalog.js';

const SOURCE = /^github\.com\/LeanerCloud\/ec2-instances-info@f9eafba8b0c9 data\/instances\.json \(ec2instances\.info scrape of the AWS Price List API; Go module v0\.0\.0-20250528091325-32acf84f42eb\)$/;

describe('AWS regional prices', () => {
  it('an r6i.2xlarge month in me-central-1 is 730 h x the source row ($0.6204/h x 730 = $452.892)', () => {
    // instances.json: r6i.2xlarge -> pricing["me-central-1"].linux.ondemand = "0.6204".
    const [row] = findRegionalInstances({ region: 'me-central-1', instanceTypes: ['r6i.2xlarge'] });
    expect(row).toMatchObject({ cloud: 'aws', region: 'me-central-1', usdPerHour: 0.6204, vcpu: 8, memoryGib: 64, asOf: '2025-04-24' });
    expect(row?.source).toMatch(SOURCE);
    const month = priceNodes({ instanceType: 'r6i.2xlarge', count: 1, row });
    expect(month.monthlyUsd).toBeCloseTo(452.892, 9);
    // 23.1 % above us-east-1's $0.504 (Karpenter's table, 2026-07-20): 0.6204 / 0.504 = 1.2309...
    expect((row?.usdPerHour ?? 0) / 0.504).toBeCloseTo(1.230952, 6);
  });

  it('prices the same type in me-south-1 (Bahrain) and eu-central-1 (Frankfurt) from their own rows ($0.6204/h, $0.608/h)', () => {
    // instances.json: r6i.2xlarge -> pricing["me-south-1"].linux.ondemand = "0.6204", pricing["eu-central-1"] ... = "0.608".
    expect(findRegionalInstances({ region: 'me-south-1', instanceTypes: ['r6i.2xlarge'] })[0]).toMatchObject({ usdPerHour: 0.6204, asOf: '2025-04-24' });
    expect(findRegionalInstances({ region: 'eu-central-1', instanceTypes: ['r6i.2xlarge'] })[0]).toMatchObject({ usdPerHour: 0.608, asOf: '2025-04-24' });
  });

  it('gives the 1- and 3-year Standard Reserved Instance (no upfront) of r6i.2xlarge in me-central-1 from the source (33.85 % and 54.64 % off)', () => {
    // instances.json: reserved["yrTerm1Standard.noUpfront"] = "0.41039", reserved["yrTerm3Standard.noUpfront"] = "0.28141" ($/h).
    // Stored as $/month of 730 h: 0.41039 x 730 = 299.5847, 0.28141 x 730 = 205.4293.
    // Discounts: 1 - 0.41039 / 0.6204 = 0.338507..., 1 - 0.28141 / 0.6204 = 0.546405...
    const offer = { cloud: 'aws' as const, region: 'me-central-1', instanceType: 'r6i.2xlarge', usdPerHour: 0.6204 };
    const one = commitmentPrice(offer, '1y');
    const three = commitmentPrice(offer, '3y');
    expect(one).toMatchObject({ usdPerMonth: 299.5847, asOf: '2025-04-24', offer: 'Standard Reserved Instance, 1 year, no upfront' });
    expect(three).toMatchObject({ usdPerMonth: 205.4293, asOf: '2025-04-24', offer: 'Standard Reserved Instance, 3 years, no upfront' });
    expect(one?.usdPerHour).toBeCloseTo(0.41039, 12);
    expect(three?.usdPerHour).toBeCloseTo(0.28141, 12);
    expect(one?.discountFraction).toBeCloseTo(0.3385074, 6);
    expect(three?.discountFraction).toBeCloseTo(0.5464055, 6);
    expect(three?.source).toMatch(/LeanerCloud\/ec2-instances-info@f9eafba8b0c9/);
  });

  it('prices us-east-1 commitments only for types whose on-demand price in the source equals the base catalog (p4d and p5 moved)', () => {
    // The source's us-east-1 r6i.2xlarge on-demand ($0.504) equals Karpenter's 2026-07-20 row, so its RI rows are kept:
    // 3 years no upfront "0.22861" x 730 = 166.8853.
    expect(commitmentPrice({ cloud: 'aws', region: 'us-east-1', instanceType: 'r6i.2xlarge' }, '3y')?.usdPerMonth).toBe(166.8853);
    // p4d.24xlarge: $32.7726/h in the source, $21.957642/h in the base catalog (AWS cut P4/P5 prices in mid-2025):
    // no commitment in any region, and no regional on-demand either.
    for (const region of knownRegions('aws')) {
      expect(commitmentPrice({ cloud: 'aws', region, instanceType: 'p4d.24xlarge' }, '1y')).toBeUndefined();
    }
    const p4d = defaultQuoteCatalogs().instancePricesRegional.rows.filter((r) => r.instanceType === 'p4d.24xlarge' || r.instanceType.startsWith('p5.'));
    expect(p4d).toEqual([]);
  });

  it('every AWS regional row and AWS commitment row carries the source and its date', () => {
    const q = defaultQuoteCatalogs();
    const rows = [...q.instancePricesRegional.rows, ...q.commitmentPrices.rows].filter((r) => r.cloud === 'aws');
    // 1,564 on-demand, 3,292 reserved (1y and 3y), 1,173 spot (the 17 regions where the source has zone prices).
    expect(rows.length).toBe(1564 + 3292 + 1173);
    for (const r of rows) {
      expect(r.source).toMatch(SOURCE);
      expect(r.asOf).toBe('2025-04-24');
    }
    // Only catalogued types, and never the base region for on-demand (the base catalog prices us-east-1).
    const base = new Set([...defaultCatalogs().instancesCpu.rows, ...defaultCatalogs().instancesGpu.rows].filter((r) => r.cloud === 'aws').map((r) => r.instanceType));
    for (const r of q.instancePricesRegional.rows.filter((x) => x.cloud === 'aws')) {
      expect(base.has(r.instanceType)).toBe(true);
      expect(r.region).not.toBe('us-east-1');
    }
  });
});

/**
 * The seed production HA guide's sizing tiers, "Est. monthly cost (AED, EKS me-central-1)": Small 3 x r6i.xlarge
 * (~10,000), Medium 3 x r6i.2xlarge (~28,000), Large 6 x r6i.4xlarge (~90,000), XL 9 x r6i.8xlarge (~280,000).
 * qsize prices the nodes and one EKS standard control plane through the planner's price join (each line rounded
 * to the cent), and converts at the CBUAE peg of 3.6725. The guide's volumes (500 GB to 4 TB per peer) stay
 * unpriced: no dated source gives an EBS price in me-central-1. docs/catalogs.md explains the gap.
 */
describe("the seed HA guide's four tiers in me-central-1, in AED", () => {
  const catalog = planCatalogFromPricing(defaultCatalogs(), { region: 'me-central-1' });
  const book = priceBookOf(catalog);
  const tier = (peers: number, instanceType: string, volumeGib: number) => {
    const quantities: Quantity[] = [
      {
        name: `Node (${instanceType}, on-demand)`,
        quantity: peers * 730,
        unit: 'instance-hour',
        key: { kind: 'instance', cloud: 'aws', region: 'me-central-1', instanceType },
        quantityFormula: `${peers} nodes x 730 h/month`,
      },
      {
        name: `Data volume (${volumeGib} GiB per peer)`,
        quantity: peers * volumeGib,
        unit: 'GiB-month',
        key: { kind: 'block-storage', cloud: 'aws', region: 'me-central-1' },
        quantityFormula: `${peers} x ${volumeGib} GiB`,
      },
      {
        name: 'Managed control plane (EKS standard, 1 cluster)',
        quantity: 730,
        unit: 'cluster-hour',
        key: { kind: 'control-plane', cloud: 'aws', tier: 'standard' },
        quantityFormula: '1 cluster x 730 h/month',
      },
    ];
    const cost = priceQuantities(quantities, book);
    const aed = convertBill(
      cost.lineItems.map((l) => l.monthlyUsd),
      cost.monthlyUsd,
      'AED',
    );
    return { cost, aed };
  };

  // By hand, source rows r6i.{xlarge,2xlarge,4xlarge,8xlarge} in me-central-1: 0.3102, 0.6204, 1.2408, 2.4816 $/h; EKS $0.10/h.
  const cases = [
    // 3 x 730 x 0.3102 = 679.338 -> $679.34; + 730 x 0.10 = $73.00 -> $752.34; x 3.6725 = 2762.96865 -> AED 2,762.97
    { name: 'Small', peers: 3, type: 'r6i.xlarge', volume: 500, nodesUsd: 679.34, totalUsd: 752.34, aed: 2762.97, guide: 10_000 },
    // 3 x 730 x 0.6204 = 1358.676 -> $1,358.68; + $73.00 = $1,431.68; x 3.6725 = 5257.8448 -> AED 5,257.84
    { name: 'Medium', peers: 3, type: 'r6i.2xlarge', volume: 1000, nodesUsd: 1358.68, totalUsd: 1431.68, aed: 5257.84, guide: 28_000 },
    // 6 x 730 x 1.2408 = 5434.704 -> $5,434.70; + $73.00 = $5,507.70; x 3.6725 = 20227.02825 -> AED 20,227.03
    { name: 'Large', peers: 6, type: 'r6i.4xlarge', volume: 2000, nodesUsd: 5434.7, totalUsd: 5507.7, aed: 20227.03, guide: 90_000 },
    // 9 x 730 x 2.4816 = 16304.112 -> $16,304.11; + $73.00 = $16,377.11; x 3.6725 = 60144.936475 -> AED 60,144.94
    { name: 'XL', peers: 9, type: 'r6i.8xlarge', volume: 4000, nodesUsd: 16304.11, totalUsd: 16377.11, aed: 60144.94, guide: 280_000 },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.peers} x ${c.type} + EKS = AED ${c.aed.toLocaleString('en-US')} a month, against the guide's ~${c.guide.toLocaleString('en-US')}`, () => {
      const { cost, aed } = tier(c.peers, c.type, c.volume);
      expect(cost.lineItems[0]?.monthlyUsd).toBe(c.nodesUsd);
      expect(cost.lineItems[2]?.monthlyUsd).toBe(73);
      expect(cost.monthlyUsd).toBeCloseTo(c.totalUsd, 9);
      expect(aed.total).toBe(c.aed);
      expect(aed.lines.reduce((a, b) => a + Math.round(b * 100), 0)).toBe(Math.round(c.aed * 100));
      // The volume has no me-central-1 price: flagged and left out of the total, never priced at $0 silently.
      expect(cost.lineItems[1]?.missingPrice).toBe(true);
      expect(cost.warnings.join(' ')).toMatch(/no price in the catalog for block-storage in aws me-central-1/);
      // The guide's figure is 3.6 to 5.3 times what qsize can source (docs/catalogs.md: "The seed HA guide's tiers").
      expect(c.guide / aed.total).toBeGreaterThan(3.5);
      expect(c.guide / aed.total).toBeLessThan(5.4);
    });
  }
});

describe('planning in every AWS region', () => {
  it('every priced AWS region yields a plan for a small workload (1M x 768), on that region\'s instances', async () => {
    const { recommend } = await import('../../src/plan/index.js');
    const { workload768 } = await import('../plan/fixtures.js');
    for (const region of knownRegions('aws')) {
      const r = recommend(workload768(1_000_000), { placement: { region } });
      expect(r.plan.node.region, region).toBe(region);
      const node = r.plan.cost.lineItems.find((l) => l.name.startsWith('Node ('));
      expect(node?.missingPrice, region).toBeUndefined();
      expect(r.plan.cost.monthlyUsd, region).toBeGreaterThan(0);
    }
  }, 120_000);
});
