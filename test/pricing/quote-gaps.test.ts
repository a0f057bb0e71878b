/**
 * Storage prices a region has no source for are flagged with the reason, never carried over from another region;
 * a regional storage row without a source or date is refused; money prints the same bytes on every machine.
 */
import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/plan/index.js';
import { validateQuoteTable } from '../../src/pricing/quote-catalogs.js';
import { storagePriceGap, STORAGE_PRICE_GAPS } from '../../src/pricing/regions.js';
import { formatMoney, formatRate } from '../../src/pricing/money.js';
import { CatalogError } from '../../src/pricing/catalog.js';

const storageRow = {
  cloud: 'gcp',
  region: 'me-central1',
  product_id: 'pd-balanced',
  product: 'pd-balanced',
  kind: 'block',
  unit: 'GB-month',
  usd_price: '0.1215',
  included_baseline: '',
  source: 'github.com/Cyclenerd/google-cloud-pricing-cost-calculator@fd66b26ff84f pricing.yml (compute.storage.balanced)',
  as_of: '2026-07-30',
};
const table = (rows: Record<string, string>[]) => ({ file: 'data/catalogs/storage-regional.csv', columns: Object.keys(storageRow), newestAsOf: null, rows });

describe('regional storage rows', () => {
  it('refuses a regional storage row without a source or an as_of date', () => {
    expect(() => validateQuoteTable('storageRegional', table([{ ...storageRow, source: '' }]))).toThrow(CatalogError);
    expect(() => validateQuoteTable('storageRegional', table([{ ...storageRow, source: '' }]))).toThrow(/data row 1 \(gcp me-central1 pd-balanced\), field "source"/);
    expect(() => validateQuoteTable('storageRegional', table([{ ...storageRow, as_of: '' }]))).toThrow(/field "as_of": value "" is invalid; expected a date/);
  });
});

describe('storage with no price in a region', () => {
  it('says why Azure uaenorth has no disk or Blob price, and the eastus price is not used there', () => {
    expect(storagePriceGap('azure', 'uaenorth', 'premium-ssd-v2')).toBe(`premium-ssd-v2 in azure uaenorth: ${STORAGE_PRICE_GAPS.azure}`);
    expect(storagePriceGap('azure', 'eastus', 'premium-ssd-v2')).toBeUndefined();
    expect(storagePriceGap('gcp', 'me-central1', 'pd-balanced')).toBeUndefined();
  });

  it("flags the uaenorth plan's volume and snapshot lines with the reason, and keeps them out of the total", () => {
    const r = recommend({ points: 1_000_000, collection: { vectors: { size: 384, distance: 'Cosine' } } }, { placement: { region: 'uaenorth' } }, { maxAlternatives: 0 });
    const storage = r.plan.cost.lineItems.filter((l) => l.unit === 'GiB-month');
    expect(storage.length).toBeGreaterThan(0);
    for (const l of storage) {
      expect(l.missingPrice).toBe(true);
      expect(l.missingReason).toContain('no dated, machine-generated table of Azure managed-disk or Blob prices by region');
    }
    const cents = r.plan.cost.lineItems.reduce((a, l) => a + Math.round(l.monthlyUsd * 100), 0);
    expect(Math.round(r.plan.cost.monthlyUsd * 100)).toBe(cents);
    expect(r.warnings.some((w) => w.includes('Data volume') && w.includes('Karpenter-Azure'))).toBe(true);
  });
});

describe('money formatting', () => {
  it('prints the same bytes on every machine: en-US, the currency code or symbol as Intl writes it', () => {
    expect(formatMoney(2558.48, 'AED')).toBe('AED\u00a02,558.48');
    expect(formatMoney(157250.4, 'JPY')).toBe('¥157,250');
    expect(formatMoney(1234.5, 'EUR')).toBe('€1,234.50');
    expect(formatMoney(1234.5, 'USD')).toBe('$1,234.50');
  });

  it('shows a rate with six significant digits: 1 / 1.1172 = 0.895095, the AED peg as published', () => {
    expect(formatRate(1 / 1.1172)).toBe('0.895095');
    expect(formatRate(3.6725)).toBe('3.6725');
    expect(formatRate(175.68 / 1.1172)).toBe('157.25');
  });
});
