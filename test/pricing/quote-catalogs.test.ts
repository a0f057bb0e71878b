import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import fc from 'fast-check';
import type { GeneratedCatalogTable } from '../../src/pricing/catalog-data.generated.js';
import { CatalogError, defaultCatalogs, findInstances } from '../../src/pricing/catalog.js';
import { generatedQuoteTables } from '../../src/pricing/quote-data.generated.js';
import {
  defaultQuoteCatalogs,
  lazyQuoteCatalogs,
  loadQuoteCatalogs,
  validateQuoteTable,
  type QuoteTableName,
} from '../../src/pricing/quote-catalogs.js';
import {
  AWS_REGIONS_WITHOUT_PRICES,
  cloudOfRegion,
  findRegionalInstances,
  findStoragePrice,
  knownRegions,
  nearest,
  regionCoverage,
  unknownRegionMessage,
} from '../../src/pricing/regions.js';
import { convertUsd, CURRENCIES, currencyCodes, currencyRate, CurrencyError, formatMoney, roundMoney, type Currency } from '../../src/pricing/currency.js';
import { commitmentPrice, COMMITMENT_COVERAGE, modelPrice, SPOT_WARNING } from '../../src/pricing/commitments.js';
import { controlPlanePrice, NOT_INCLUDED } from '../../src/pricing/control-plane.js';

function table(name: string, columns: string[], rows: Record<string, string>[]): GeneratedCatalogTable {
  return { file: `data/catalogs/${name}.csv`, columns, newestAsOf: null, rows };
}

const regionalRow = {
  cloud: 'gcp',
  region: 'me-central1',
  instance_type: 'n2-highmem-8',
  usd_per_hour: '0.63672808',
  source: 'github.com/Cyclenerd/google-cloud-pricing-cost-calculator@fd66b26ff84f pricing.yml',
  as_of: '2026-07-30',
};

describe('quote tables: loader refusals', () => {
  it('refuses a regional price row without a source', () => {
    const t = table('instance-prices-regional', Object.keys(regionalRow), [{ ...regionalRow, source: '' }]);
    expect(() => validateQuoteTable('instancePricesRegional', t)).toThrow(CatalogError);
    expect(() => validateQuoteTable('instancePricesRegional', t)).toThrow(/data row 1 \(gcp me-central1 n2-highmem-8\), field "source": value "" is invalid; expected non-empty text/);
  });

  it('refuses a regional price row without an as_of date', () => {
    const t = table('instance-prices-regional', Object.keys(regionalRow), [{ ...regionalRow, as_of: '' }]);
    expect(() => validateQuoteTable('instancePricesRegional', t)).toThrow(/field "as_of": value "" is invalid; expected a date YYYY-MM-DD/);
  });

  it('refuses a currency row without a source or a date', () => {
    const row = { currency: 'AED', name: 'UAE dirham', kind: 'peg', units_per_usd: '3.6725', units_per_eur: '', source: 'CBUAE', as_of: '1997-11', notes: '' };
    const cols = Object.keys(row);
    expect(() => validateQuoteTable('currencyRates', table('currency-rates', cols, [{ ...row, source: ' ' }]))).toThrow(/field "source"/);
    expect(() => validateQuoteTable('currencyRates', table('currency-rates', cols, [{ ...row, as_of: '' }]))).toThrow(/field "as_of"/);
    expect(() => validateQuoteTable('currencyRates', table('currency-rates', cols, [{ ...row, units_per_usd: '' }]))).toThrow(
      /field "units_per_usd".*the pegged rate/,
    );
  });

  it('refuses a commitment (discount) row without a source or a date, and a duplicate row', () => {
    const row = { cloud: 'gcp', region: 'me-central1', instance_type: 'n2-highmem-8', model: '3y', offer: 'CUD', usd_per_month: '209.1854128', source: 's', as_of: '2026-07-30' };
    const cols = Object.keys(row);
    expect(() => validateQuoteTable('commitmentPrices', table('commitment-prices', cols, [{ ...row, source: '' }]))).toThrow(/field "source"/);
    expect(() => validateQuoteTable('commitmentPrices', table('commitment-prices', cols, [{ ...row, as_of: '2026-13-01' }]))).toThrow(/field "as_of"/);
    expect(() => validateQuoteTable('commitmentPrices', table('commitment-prices', cols, [row, row]))).toThrow(/data row 2 .* duplicates data row 1/);
  });

  it('refuses a regional price of an instance type the base catalogs do not describe', () => {
    const tables = { ...generatedQuoteTables, instancePricesRegional: table('instance-prices-regional', Object.keys(regionalRow), [{ ...regionalRow, instance_type: 'n9-imaginary-8' }]) };
    expect(() => knownRegions('gcp', { quote: lazyQuoteCatalogs(tables) })).toThrow(/expected an instance type of the base catalogs/);
  });

  it('validates every shipped table', () => {
    const q = lazyQuoteCatalogs();
    for (const name of ['instancePricesRegional', 'storageRegional', 'commitmentPrices', 'currencyRates', 'controlPlane'] as QuoteTableName[]) {
      expect(q[name].rows.length).toBeGreaterThan(0);
    }
  });
});

describe('quote tables: staleness', () => {
  it('warns about tables older than their limit, and never about pegged currencies', () => {
    const { warnings } = loadQuoteCatalogs({ now: '2030-01-01T00:00:00Z' });
    const stale = warnings.filter((w) => w.code === 'stale-catalog').map((w) => w.catalog).sort();
    expect(stale).toEqual(['commitmentPrices', 'controlPlane', 'currencyRates', 'instancePricesRegional', 'storageRegional']);
    const currency = warnings.find((w) => w.catalog === 'currencyRates');
    // The newest non-peg rate is the ECB day 2026-10-30, not the pegs' 1997 / 1986 fixings.
    expect(currency?.message).toMatch(/newest as_of 2026-10-30/);
  });

  it('flags the 2024 EKS extended-support fee (limit 365 days) and the 2025-04-24 AWS regional rows (limit 180 days) on 2026-12-01, the messages the CLI prints', () => {
    const { warnings } = loadQuoteCatalogs({ now: '2026-12-01T00:00:00Z' });
    // 1,564 AWS regional on-demand rows; in the commitments, the Go module's date: 3,292 AWS reserved rows (1,646
    // offers x 1y and 3y) + 1,173 AWS spot rows + 2,702 Azure reservation rows (1,351 offers x 1y and 3y) = 7,167.
    expect(warnings.map((w) => w.message)).toEqual([
      'data/catalogs/instance-prices-regional.csv: 1564 row(s) are older than 180 days (oldest as_of 2025-04-24)',
      'data/catalogs/commitment-prices.csv: 7167 row(s) are older than 180 days (oldest as_of 2025-04-24)',
      'data/catalogs/control-plane.csv: 1 row(s) are older than 365 days (oldest as_of 2024-04-01)',
    ]);
  });

  it('does not warn about the ECB rates 32 days after their date (limit 92 days)', () => {
    const { warnings } = loadQuoteCatalogs({ now: '2026-12-01T00:00:00Z' });
    expect(warnings.find((w) => w.catalog === 'currencyRates')).toBeUndefined();
  });
});

describe('regions', () => {
  it('lists the Middle East regions the sources cover', () => {
    expect(knownRegions('gcp')).toEqual(expect.arrayContaining(['me-central1', 'me-central2', 'me-west1', 'europe-west4', 'asia-southeast1', 'us-central1']));
    expect(knownRegions('azure')).toEqual(expect.arrayContaining(['uaenorth', 'uaecentral', 'qatarcentral', 'westeurope', 'southeastasia', 'eastus']));
    expect(knownRegions('aws')).toEqual(expect.arrayContaining(['me-central-1', 'me-south-1', 'il-central-1', 'eu-central-1', 'eu-west-1', 'ap-southeast-1', 'ap-northeast-1', 'ap-south-1', 'us-east-1']));
    expect(cloudOfRegion('me-central-1')).toBe('aws');
    expect(cloudOfRegion('uaenorth')).toBe('azure');
  });

  it('prices n2-highmem-8 in me-central1 exactly as its source row (0.63672808 $/h; 730 h = $464.8114984)', () => {
    const [row] = findRegionalInstances({ cloud: 'gcp', region: 'me-central1', instanceTypes: ['n2-highmem-8'] });
    expect(row).toMatchObject({ region: 'me-central1', usdPerHour: 0.63672808, vcpu: 8, memoryGib: 64, asOf: '2026-07-30' });
    expect(row?.source).toMatch(/Cyclenerd\/google-cloud-pricing-cost-calculator@fd66b26ff84f pricing\.yml/);
    expect((row?.usdPerHour ?? 0) * 730).toBeCloseTo(464.8114984, 9);
  });

  it('prices Standard_E8s_v5 in uaenorth as Karpenter-Azure publishes it ($0.62/h)', () => {
    const [row] = findRegionalInstances({ region: 'uaenorth', instanceTypes: ['Standard_E8s_v5'] });
    expect(row).toMatchObject({ cloud: 'azure', usdPerHour: 0.62, vcpu: 8, memoryGib: 64, asOf: '2026-06-18' });
  });

  it('leaves callers that name no region unchanged (base regions only)', () => {
    expect(findRegionalInstances({ cloud: 'gcp' })).toEqual(findInstances({ cloud: 'gcp' }));
  });

  it('names the nearest region for a typo, a display name and an AWS-style name', () => {
    expect(nearest('me-central-1', knownRegions('gcp'))).toBe('me-central1');
    expect(nearest('UAE North', knownRegions('azure'))).toBe('uaenorth');
    expect(nearest('europe-west-4', knownRegions())).toBe('europe-west4');
    expect(nearest('x', [])).toBeUndefined();
  });

  it('explains an AWS region without a price source instead of calling it unknown', () => {
    const msg = unknownRegionMessage('ap-east-2', 'aws') ?? '';
    expect(msg).toMatch(/^ap-east-2 is an AWS region, but the dated, machine-generated AWS price table qsize imports \(ec2instances.info, 2025-04-24\) predates it/);
    expect(msg).toMatch(/nearest: ap-east-1/);
    expect(AWS_REGIONS_WITHOUT_PRICES).toContain('us-gov-west-1');
    for (const r of AWS_REGIONS_WITHOUT_PRICES) expect(knownRegions('aws')).not.toContain(r);
    expect(unknownRegionMessage('me-central-1', 'aws')).toBeUndefined();
    expect(unknownRegionMessage('me-central1', 'gcp')).toBeUndefined();
    expect(unknownRegionMessage('uae-north')).toMatch(/nearest: uaenorth/);
  });

  it('names the cloud a region belongs to when another cloud was asked for (audit36: --cloud aws --region westeurope said "nearest: me-south-1")', () => {
    const msg = unknownRegionMessage('westeurope', 'aws') ?? '';
    expect(msg).toMatch(/^a priced aws region: westeurope is azure's \(choose cloud azure, or none\); known: af-south-1, /);
    expect(msg).not.toContain('nearest');
    expect(unknownRegionMessage('us-east-1', 'gcp')).toMatch(/^a priced gcp region: us-east-1 is aws's \(choose cloud aws, or none\); known: africa-south1, /);
    expect(unknownRegionMessage('westeurope', 'azure')).toBeUndefined();
  });

  it('records the regions a family is missing from', () => {
    const cov = regionCoverage('aws');
    // The AWS source prices r6i in 29 regions, r8g in 11 (it had not reached me-central-1 by 2025-04-24),
    // and p4d / p5 nowhere but us-east-1 (their source prices predate AWS's mid-2025 cut, so they are left out).
    const r6i = cov.find((c) => c.family === 'r6i');
    expect(r6i?.regions).toHaveLength(29);
    expect(r6i?.regions).toEqual(expect.arrayContaining(['me-central-1', 'me-south-1']));
    const r8g = cov.find((c) => c.family === 'r8g');
    expect(r8g?.regions).toHaveLength(11);
    expect(r8g?.missingRegions).toContain('me-central-1');
    expect(cov.find((c) => c.family === 'p5')?.regions).toEqual(['us-east-1']);
    const gcp = regionCoverage('gcp');
    const a2 = gcp.find((c) => c.family === 'a2-ultragpu');
    expect(a2?.regions.length).toBeGreaterThan(0);
    expect(a2?.missingRegions).toContain('me-central2');
    for (const c of [...cov, ...gcp, ...regionCoverage('azure')]) {
      expect([...c.regions, ...c.missingRegions].sort()).toEqual(knownRegions(c.cloud));
    }
  });

  it('every priced region offers at least one verified CPU instance with 16 GiB or more', () => {
    for (const region of knownRegions()) {
      const rows = findRegionalInstances({ region, gpu: false }).filter((r) => r.memoryGib >= 16);
      expect(rows.length, region).toBeGreaterThan(0);
    }
  });

  it('prices pd-balanced in me-central2 from the regional storage table; base regions keep the base rows', () => {
    expect(findStoragePrice('gcp', 'me-central2', 'pd-balanced')).toMatchObject({ usdPrice: expect.any(Number), asOf: '2026-07-30', verified: true });
    expect(findStoragePrice('gcp', 'us-central1', 'pd-balanced')).toMatchObject({ usdPrice: 0.1, asOf: '2026-06-23' });
    expect(findStoragePrice('aws', 'us-east-1', 'ebs-gp3')).toMatchObject({ usdPrice: 0.08, asOf: '2025-07-07' });
    // An unverified base row with no regional row: none without includeUnverified.
    expect(findStoragePrice('azure', 'eastus', 'premium-ssd-v2')).toBeUndefined();
    expect(findStoragePrice('azure', 'eastus', 'premium-ssd-v2', { includeUnverified: true })).toMatchObject({ usdPrice: 0.0812, verified: false });
  });
});

describe('currency', () => {
  it('converts to AED at the CBUAE peg: USD 10,000 = AED 36,725.00', () => {
    expect(convertUsd(10_000, 'AED')).toBe(36_725);
    expect(formatMoney(convertUsd(10_000, 'AED'), 'AED')).toBe('AED\u00a036,725.00');
  });

  it('an AED total equals the USD total x 3.6725 to the fils (464.8114984 x 3.6725 = 1707.0202278...)', () => {
    expect(roundMoney(convertUsd(464.8114984, 'AED'), 'AED')).toBe(1707.02);
    expect(convertUsd(1, 'SAR')).toBe(3.75);
  });

  it('crosses ECB reference rates through USD per EUR (2026-10-30: EUR 1/1.1172, JPY 175.68/1.1172)', () => {
    expect(currencyRate('eur').unitsPerUsd).toBeCloseTo(0.89509488, 8);
    expect(currencyRate('JPY').unitsPerUsd).toBeCloseTo(157.25026853, 7);
    expect(currencyRate('JPY').asOf).toBe('2026-10-30');
    expect(formatMoney(convertUsd(1000, 'JPY'), 'JPY')).toBe('¥157,250');
  });

  it('has every currency the issue names, and refuses an unknown code listing the known ones', () => {
    for (const c of CURRENCIES) expect(currencyRate(c).unitsPerUsd).toBeGreaterThan(0);
    expect(() => currencyRate('XAU')).toThrow(CurrencyError);
    expect(() => currencyRate('XAU')).toThrow(/unknown currency "XAU"; expected one of USD, EUR, GBP/);
  });

  it('currencyCodes lists the codes of currency-rates.csv in its order (the web page offers them), the same the refusal lists', () => {
    // The first column of data/catalogs/currency-rates.csv, read as text.
    const csv = readFileSync(new URL('../../data/catalogs/currency-rates.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
    const codes = csv.map((line) => line.split(',')[0]);
    expect(currencyCodes()).toEqual(codes);
    expect(codes).toEqual([...CURRENCIES]); // the exported constant is generated from the table's column (currency-codes.generated.ts)
    let known: readonly string[] = [];
    try {
      currencyRate('XAU');
    } catch (error) {
      known = (error as CurrencyError).known;
    }
    expect(known).toEqual(codes);
  });

  it('Currency is the union of the table\'s eleven codes, for a library user\'s type checks (a code outside it does not compile)', () => {
    expectTypeOf<Currency>().toEqualTypeOf<'USD' | 'EUR' | 'GBP' | 'INR' | 'JPY' | 'SGD' | 'AUD' | 'CAD' | 'CHF' | 'AED' | 'SAR'>();
    // @ts-expect-error XAU is not a row of currency-rates.csv
    const gold: Currency = 'XAU';
    expect(CURRENCIES).not.toContain(gold);
  });

  it('converting every price by the rate multiplies every total by the rate', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 30 }), fc.constantFrom(...CURRENCIES), (prices, cur) => {
        const r = currencyRate(cur).unitsPerUsd;
        const sumConverted = prices.reduce((s, p) => s + convertUsd(p, cur), 0);
        const converted = convertUsd(prices.reduce((s, p) => s + p, 0), cur);
        expect(sumConverted).toBeCloseTo(converted, 6);
        expect(converted).toBeCloseTo(prices.reduce((s, p) => s + p, 0) * r, 6);
      }),
    );
  });
});

describe('commitments and spot', () => {
  it('gives the 3-year GCP commitment of n2-highmem-8 in me-central1 from its source row (209.1854128 $/month / 730 = 0.28655536 $/h, 55.0 % off)', () => {
    const p = commitmentPrice({ cloud: 'gcp', region: 'me-central1', instanceType: 'n2-highmem-8', usdPerHour: 0.63672808 }, '3y');
    expect(p?.usdPerMonth).toBe(209.1854128);
    expect(p?.usdPerHour).toBeCloseTo(0.28655536, 10);
    expect(p?.discountFraction).toBeCloseTo(0.5499565, 6);
    const one = commitmentPrice({ cloud: 'gcp', region: 'me-central1', instanceType: 'n2-highmem-8', usdPerHour: 0.63672808 }, '1y');
    expect(one?.discountFraction).toBeCloseTo(0.3700369, 6);
  });

  it('gives the Azure reservation of Standard_E8s_v5 in uaenorth from its source row (3 years: 0.22957 $/h x 730 = 167.5861 $/month, 63.0 % off 0.62)', () => {
    // Source row, read by hand: data/azure-instances.json, instance_type "e8sv5", pricing["uae-north"].linux:
    // ondemand 0.62, reserved["yrTerm1Standard.allUpfront"] 0.36598, reserved["yrTerm3Standard.allUpfront"] 0.22957.
    // 0.22957 x 730 = 160.699 + 6.8871 = 167.5861; 1 - 0.22957 / 0.62 = 1 - 0.370274 = 0.629726.
    // 0.36598 x 730 = 256.186 + 10.9794 = 267.1654; 1 - 0.36598 / 0.62 = 1 - 0.590290 = 0.409710.
    const three = commitmentPrice({ cloud: 'azure', region: 'uaenorth', instanceType: 'Standard_E8s_v5', usdPerHour: 0.62 }, '3y');
    expect(three?.usdPerMonth).toBe(167.5861);
    expect(three?.usdPerHour).toBeCloseTo(0.22957, 10);
    expect(three?.discountFraction).toBeCloseTo(0.629726, 6);
    expect(three?.asOf).toBe('2025-04-24');
    expect(three?.source).toMatch(/LeanerCloud\/ec2-instances-info@a9704acaced7 data\/azure-instances\.json/);
    const one = commitmentPrice({ cloud: 'azure', region: 'uaenorth', instanceType: 'Standard_E8s_v5', usdPerHour: 0.62 }, '1y');
    expect(one?.usdPerMonth).toBe(267.1654);
    expect(one?.discountFraction).toBeCloseTo(0.40971, 5);
    // The calculator's region "europe-west" is westeurope (derived by the importer from the on-demand prices).
    expect(commitmentPrice({ cloud: 'azure', region: 'westeurope', instanceType: 'Standard_E8s_v5' }, '3y')).toBeDefined();
    expect(COMMITMENT_COVERAGE.azure.sourced).toBe(true);
  });

  it('gives AWS spot as the dearest zone of the source snapshot where it has one (r6i.2xlarge us-east-1: 0.2352 x 730 = 171.696), and none where it has only the estimate', () => {
    // Source row, read by hand: data/instances.json, r6i.2xlarge, pricing["us-east-1"].linux.spot =
    // ["0.194600", "0.214900", "0.219300", "0.235000", "0.235200"]; the dearest is 0.2352; 0.2352 x 730 = 171.696.
    const spot = modelPrice({ cloud: 'aws', region: 'us-east-1', instanceType: 'r6i.2xlarge', usdPerHour: 0.504 }, 'spot');
    expect(spot?.usdPerMonth).toBe(171.696);
    expect(spot?.warning).toBe(SPOT_WARNING);
    // me-central-1 has only spot_avg (0.6204 x (100 - 71) / 100 = 0.179916, an estimate): not imported.
    expect(modelPrice({ cloud: 'aws', region: 'me-central-1', instanceType: 'r6i.2xlarge' }, 'spot')).toBeUndefined();
  });

  it('has no Azure spot prices, and no Azure reservation in regions newer than the source (israelcentral)', () => {
    expect(modelPrice({ cloud: 'azure', region: 'uaenorth', instanceType: 'Standard_E8s_v5' }, 'spot')).toBeUndefined();
    expect(commitmentPrice({ cloud: 'azure', region: 'israelcentral', instanceType: 'Standard_E8s_v5' }, '3y')).toBeUndefined();
  });

  it('carries the stateful-peer warning with every spot price', () => {
    const p = modelPrice({ cloud: 'gcp', region: 'us-central1', instanceType: 'n2-highmem-8' }, 'spot');
    expect(p?.warning).toBe(SPOT_WARNING);
    expect(SPOT_WARNING).toMatch(/stateful/);
  });

  it('a commitment never costs more than on-demand for the same offer (every shipped row)', () => {
    const onDemand = new Map<string, number>();
    for (const r of [...defaultCatalogs().instancesCpu.rows, ...defaultCatalogs().instancesGpu.rows]) onDemand.set(`${r.cloud}|${r.region}|${r.instanceType}`, r.usdPerHour);
    for (const r of defaultQuoteCatalogs().instancePricesRegional.rows) onDemand.set(`${r.cloud}|${r.region}|${r.instanceType}`, r.usdPerHour);
    let checked = 0;
    for (const r of defaultQuoteCatalogs().commitmentPrices.rows) {
      const od = onDemand.get(`${r.cloud}|${r.region}|${r.instanceType}`);
      if (od === undefined) continue;
      // 1e-6 $/h: the base us-central1 prices are rounded to 4 decimals in the autoscaler table.
      expect(r.usdPerMonth / 730, `${r.region} ${r.instanceType} ${r.model}`).toBeLessThanOrEqual(od + 1e-4);
      checked += 1;
    }
    // 10,433 rows, each with an on-demand price in the catalogs (GCP, AWS and Azure).
    expect(checked).toBeGreaterThan(10_000);
  });
});

describe('control plane and exclusions', () => {
  it('prices the managed control planes per cluster-hour', () => {
    expect(controlPlanePrice('aws')).toMatchObject({ service: 'EKS', tier: 'standard', usdPerClusterHour: 0.1 });
    expect(controlPlanePrice('aws', { tier: 'extended-support' })?.usdPerClusterHour).toBe(0.6);
    expect(controlPlanePrice('gcp')?.usdPerClusterHour).toBe(0.1);
    expect(controlPlanePrice('azure', { tier: 'free' })?.usdPerClusterHour).toBe(0);
    expect(controlPlanePrice('azure', { tier: 'premium' })).toBeUndefined();
    expect(controlPlanePrice('azure', { tier: 'premium', includeUnverified: true })?.usdPerClusterHour).toBe(0.6);
  });

  it('lists load balancers, cross-zone traffic, egress and support as not included', () => {
    const items = NOT_INCLUDED.map((n) => n.item).join(' | ');
    for (const word of [/load balancer/i, /cross-zone/i, /egress/i, /support/i]) expect(items).toMatch(word);
  });
});

describe('storage rows verified from a dated source', () => {
  it('GCS Standard in us-central1: the recalled base row gives way to the dated regional row (0.02 $/GB-month, 2026-07-30)', () => {
    expect(findStoragePrice('gcp', 'us-central1', 'gcs-standard')).toMatchObject({ usdPrice: 0.02, asOf: '2026-07-30', verified: true });
    expect(findStoragePrice('gcp', 'us-central1', 'hyperdisk-balanced')).toBeUndefined();
    expect(findStoragePrice('gcp', 'us-central1', 'hyperdisk-balanced', { includeUnverified: true })).toMatchObject({ verified: false });
  });
});
