import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface GenModule {
  generateCatalogModule(rootDir: string): string;
  generateQuoteModule(rootDir: string): string;
  renderQuoteModule(files: { name: string; text: string }[]): string;
  QUOTE_OUTPUT_FILE: string;
  CURRENCY_OUTPUT_FILE: string;
  generateCurrencyCodesModule(rootDir: string): string;
  renderCurrencyCodesModule(text: string): string;
  renderCatalogModule(files: { name: string; text: string }[]): string;
  parseCsv(text: string, fileName?: string): string[][];
  OUTPUT_FILE: string;
}

async function loadGenerator(): Promise<GenModule> {
  const url = pathToFileURL(resolve(root, 'scripts/gen-catalogs.mjs')).href;
  return (await import(url)) as GenModule;
}

describe('generated catalog module', () => {
  it('is in sync with data/catalogs/*.csv (re-run the generator in memory)', async () => {
    const gen = await loadGenerator();
    const expected = gen.generateCatalogModule(root);
    const committed = readFileSync(resolve(root, gen.OUTPUT_FILE), 'utf8');
    // On failure: run `node scripts/gen-catalogs.mjs` and commit the result.
    expect(committed === expected).toBe(true);
  });

  it('the packed quote module is in sync with its CSVs', async () => {
    const gen = await loadGenerator();
    const committed = readFileSync(resolve(root, gen.QUOTE_OUTPUT_FILE), 'utf8');
    // On failure: run `node scripts/gen-catalogs.mjs` and commit the result.
    expect(committed === gen.generateQuoteModule(root)).toBe(true);
  });

  it('the currency codes module is in sync with currency-rates.csv: CURRENCIES is its currency column, in its order', async () => {
    const gen = await loadGenerator();
    const committed = readFileSync(resolve(root, gen.CURRENCY_OUTPUT_FILE), 'utf8');
    // On failure: run `node scripts/gen-catalogs.mjs` and commit the result.
    expect(committed === gen.generateCurrencyCodesModule(root)).toBe(true);
  });

  it('a table of two rows gives the const list of its two codes, in the table\'s order (the type follows the table)', async () => {
    const gen = await loadGenerator();
    const text = gen.renderCurrencyCodesModule('currency,name\nSAR,Saudi riyal\n"USD",US dollar\n');
    expect(text).toContain('export const CURRENCY_CODES = ["SAR", "USD"] as const;');
  });

  it('a packed table reads back cell for cell', async () => {
    const gen = await loadGenerator();
    const text = gen.renderQuoteModule([{ name: 'x-y.csv', text: 'a,as_of\n"p, q",2026-01-02\nr,\np, q,2025\n'.replace('p, q,2025', '"p, q",2025') }]);
    // Column by column: column a is "p, q", "r", "p, q" (indexes 0, 1, 0); column as_of is "2026-01-02", "",
    // "2025" (indexes 2, 3, 4). Each index is stored as its difference from the row before: 0, +1, -1 and 2, +1, +1.
    expect(text).toContain('["p, q","r","2026-01-02","","2025"]');
    expect(text).toContain('[[0,1,-1],[2,1,1]]');
    expect(text).toContain('"2026-01-02"');
  });

  it('every shipped quote table reads back exactly as its CSV, row by row and cell by cell', async () => {
    const gen = await loadGenerator();
    const { generatedQuoteTables } = await import('../../src/pricing/quote-data.generated.js');
    for (const table of Object.values(generatedQuoteTables)) {
      const [header, ...body] = gen.parseCsv(readFileSync(resolve(root, table.file), 'utf8'), table.file);
      const expected = body.map((cells) => Object.fromEntries((header ?? []).map((h, i) => [h, cells[i] ?? ''])));
      expect(table.rows.length).toBe(body.length);
      expect(table.rows).toEqual(expected);
    }
  });
});

describe('RFC 4180 reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', async () => {
    const { parseCsv } = await loadGenerator();
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\n2,"line1\nline2",\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'line1\nline2', ''],
    ]);
  });

  it('keeps empty fields and handles a missing final line break', async () => {
    const { parseCsv } = await loadGenerator();
    expect(parseCsv(',,\n"",x,')).toEqual([
      ['', '', ''],
      ['', 'x', ''],
    ]);
  });

  it('refuses an unterminated quote and text after a closing quote', async () => {
    const { parseCsv } = await loadGenerator();
    expect(() => parseCsv('a\n"open', 'f.csv')).toThrow(/f\.csv:2: unterminated/);
    expect(() => parseCsv('"a"b\n', 'f.csv')).toThrow(/after a closing quote/);
  });

  it('refuses a row whose field count differs from the header', async () => {
    const { renderCatalogModule } = await loadGenerator();
    expect(() => renderCatalogModule([{ name: 'x.csv', text: 'a,b\n1,2,3\n' }])).toThrow(
      /data\/catalogs\/x\.csv: data row 1 has 3 fields, the header has 2/,
    );
  });

  it('records the newest as_of per table', async () => {
    const { renderCatalogModule } = await loadGenerator();
    const out = renderCatalogModule([{ name: 'x-y.csv', text: 'as_of,v\n2025,1\n2026-06-23,2\n,3\n' }]);
    expect(out).toContain('export const xYTable');
    expect(out).toContain('newestAsOf: "2026-06-23"');
  });
});
