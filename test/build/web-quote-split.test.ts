/**
 * The web page's split of the quote tables (scripts/web-quote-split.mjs): index.html carries the rows a plan without
 * a region reads, quote-data.js (loaded when a region is chosen) every table. A plan without a region must come out
 * the same from the inlined rows as from every table, under every pricing model, and a plan in a region must not
 * run on the inlined rows (it fails loudly instead of pricing from fewer rows).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { applyFlags, defaultCatalogs, lazyQuoteCatalogs, planCatalogFromPricing, recommend, requireInputs, type FlagValues, type RawQuoteTables } from '../../src/index.js';
import { generatedQuoteTables } from '../../src/pricing/quote-data.generated.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface SplitModule {
  eagerQuoteCells(catalogs: unknown, tables: unknown): { id: string; file: string; header: string[]; body: string[][] }[];
  eagerQuoteModule(catalogs: unknown, tables: unknown): string;
}

async function eagerTables(): Promise<{ split: SplitModule; tables: RawQuoteTables }> {
  const split = (await import(pathToFileURL(resolve(root, 'scripts/web-quote-split.mjs')).href)) as SplitModule;
  // The module text the page inlines (scripts/bundle-web.mjs), compiled and run as the page runs it.
  const js = (await transform(split.eagerQuoteModule(defaultCatalogs(), generatedQuoteTables), { loader: 'ts', format: 'esm' })).code;
  const mod = (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)) as { generatedQuoteTables: RawQuoteTables };
  return { split, tables: mod.generatedQuoteTables };
}

function plan(flags: FlagValues, tables: RawQuoteTables) {
  const inputs = applyFlags({ workload: {}, constraints: {} }, flags);
  requireInputs(inputs);
  const catalog = planCatalogFromPricing(defaultCatalogs(), { quote: lazyQuoteCatalogs(tables) });
  return recommend(inputs.workload as never, inputs.constraints as never, { catalog, timeline: true });
}

describe('the web page quote split', () => {
  it('inlines the control-plane and currency tables whole and the commitment rows of the base regions only', async () => {
    const { tables } = await eagerTables();
    expect(Object.keys(tables).sort()).toEqual(['commitmentPrices', 'controlPlane', 'currencyRates']);
    expect(tables.controlPlane?.rows).toEqual(generatedQuoteTables.controlPlane.rows);
    expect(tables.currencyRates?.rows).toEqual(generatedQuoteTables.currencyRates.rows);
    // The base catalogs' regions (data/catalogs/instances-*.csv; docs/catalogs.md): AWS us-east-1, GCP us-central1, Azure eastus.
    const base = (r: Readonly<Record<string, string>>) => ['aws|us-east-1', 'gcp|us-central1', 'azure|eastus'].includes(`${r['cloud']}|${r['region']}`);
    const inlined = tables.commitmentPrices?.rows ?? [];
    expect(new Set(inlined.map((r) => `${r['cloud']}|${r['region']}`))).toEqual(new Set(['aws|us-east-1', 'gcp|us-central1', 'azure|eastus']));
    expect(inlined).toEqual(generatedQuoteTables.commitmentPrices.rows.filter(base));
    expect(inlined.length).toBeLessThan(generatedQuoteTables.commitmentPrices.rows.length / 10);
  });

  it('a plan without a region is the same from the inlined rows as from every table, under every pricing model', async () => {
    const { tables } = await eagerTables();
    const cases: FlagValues[] = [
      { vectors: 100e6, dim: 768 },
      { vectors: 100e6, dim: 768, pricing: '1y' },
      { vectors: 20e6, dim: 1536, quantization: 'scalar', pricing: '3y', cloud: 'gcp' },
      { vectors: 50e6, dim: 1024, pricing: '3y', cloud: 'azure', 'control-plane': 'premium' },
      { vectors: 10e6, dim: 384, pricing: 'spot', cloud: 'aws' },
      { vectors: 30e6, dim: 768, 'gpu-indexing': true, pricing: '1y', cloud: 'aws', 'control-plane': 'extended-support' },
    ];
    for (const flags of cases) {
      const full = plan(flags, generatedQuoteTables);
      // The bill under every pricing model reads the commitment rows even for an on-demand plan.
      expect(full.plan.cost.models?.length, JSON.stringify(flags)).toBe(4);
      expect(plan(flags, tables), JSON.stringify(flags)).toEqual(full);
    }
  }, 120_000);

  it('a plan in a region does not run on the inlined rows', async () => {
    const { tables } = await eagerTables();
    expect(() => plan({ vectors: 1e6, dim: 384, region: 'eu-west-1' }, tables)).toThrow(/quote table instancePricesRegional is missing/);
  });

  it.skipIf(!existsSync(resolve(root, 'dist/web/quote-data.js')))('the built page carries no regional table; quote-data.js carries them all', () => {
    const page = readFileSync(resolve(root, 'dist/web/index.html'), 'utf8');
    const data = readFileSync(resolve(root, 'dist/web/quote-data.js'), 'utf8');
    // A packed table starts with its CSV's path, then its columns (scripts/gen-catalogs.mjs renderPackedTables).
    const table = (file: string) => `"data/catalogs/${file}",["cloud"`;
    for (const file of ['instance-prices-regional.csv', 'storage-regional.csv']) {
      expect(page.includes(table(file)), file).toBe(false);
      expect(data.includes(table(file)), file).toBe(true);
    }
    for (const file of ['commitment-prices.csv', 'control-plane.csv']) expect(page.includes(table(file)) && data.includes(table(file)), file).toBe(true);
  });
});
