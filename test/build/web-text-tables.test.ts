/**
 * The web page's text-index tables (scripts/bundle-web.mjs, plugin `text-tables`): index.html carries a stand-in for
 * src/model/prefix-languages.generated.ts (scripts/web-text-tables.mjs) with the language names and, for every other
 * export, a proxy onto text-tables.js, which the page loads only when the library first reads a table
 * (web/src/text-tables.ts, web/src/compute.ts). This file checks the stand-in bundled as the page bundles it: a read
 * before the tables are in throws TextTablesNotLoaded (never a size without the statistics), and once they are in,
 * the bundle's estimate of a workload with text indexes is the library's, byte for byte. It also checks that nothing
 * the page sizes without a pasted reply has a text index (so the page reads text-tables.js only after such a paste),
 * and that a pasted reply's text index is sized as the library sizes it. The browser tests (test/web/page-checks.ts
 * pastedTextIndexIsTheClis) check the built page and its file.
 */
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultCatalogs, estimate, planCatalogFromPricing, recommend } from '../../src/index.js';
import * as generated from '../../src/model/prefix-languages.generated.js';
import { compute } from '../../web/src/compute.js';
import { FIELDS } from '../../web/src/fields.js';
import { replyWithTextIndex } from '../web/page-checks.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const catalog = planCatalogFromPricing(defaultCatalogs());

/** A workload with a text index of each tokenizer whose estimate reads the tables (word: lengths; prefix: all of them) in German. */
const textWorkload = {
  points: 1_000_000,
  collection: { vectors: { size: 8, distance: 'Cosine' } },
  payload: {
    avgBytes: 200,
    indexes: [
      { field_name: 'title', field_schema: { type: 'text', tokenizer: 'word' }, language: 'german' },
      { field_name: 'name', field_schema: { type: 'text', tokenizer: 'prefix', min_token_len: 2, max_token_len: 10 }, language: 'german' },
    ],
  },
};

interface StandInBundle {
  gen: typeof generated;
  estimate: typeof estimate;
  pageTextTables: typeof import('../../web/src/text-tables.js').pageTextTables;
  TextTablesNotLoaded: new () => Error;
}

/** The library, the stand-in and web/src/text-tables.ts bundled as the page bundles them, as one ES module. */
async function standInBundle(): Promise<StandInBundle> {
  const { textTablesStandIn } = (await import(pathToFileURL(resolve(root, 'scripts/web-text-tables.mjs')).href)) as { textTablesStandIn(g: unknown, m: string): string };
  const tablesModule = resolve(root, 'web/src/text-tables.ts');
  const result = await build({
    stdin: {
      contents: [
        "export * as gen from '../src/model/prefix-languages.generated.js';",
        "export { estimate } from '../src/index.js';",
        `export { pageTextTables, TextTablesNotLoaded } from ${JSON.stringify(tablesModule)};`,
      ].join('\n'),
      resolveDir: resolve(root, 'web'),
      loader: 'ts',
    },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'text-tables',
        setup(b) {
          b.onResolve({ filter: /prefix-languages\.generated\.js$/ }, () => ({ path: 'text-tables', namespace: 'qsize-text' }));
          b.onLoad({ filter: /.*/, namespace: 'qsize-text' }, () => ({ contents: textTablesStandIn(generated, tablesModule), loader: 'js', resolveDir: resolve(root, 'web/src') }));
        },
      },
    ],
  });
  return (await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0]!.text).toString('base64')}`)) as StandInBundle;
}

describe('the web page\'s text-index tables, loaded when a text index is sized', () => {
  it('the stand-in has the generated module\'s exports, the language names inline, and reads the tables only once they are loaded', async () => {
    const b = await standInBundle();
    expect(Object.keys(b.gen).sort()).toEqual(Object.keys(generated).sort());
    expect(b.gen.PREFIX_LANGUAGES).toEqual(['english', 'dutch', 'french', 'german', 'italian', 'polish', 'portuguese', 'russian', 'spanish']);
    // Before text-tables.js: any read of a table or of the rank bins throws, and so does the estimate of a text index.
    expect(() => b.gen.PREFIX_LANGUAGE_TABLES.english).toThrow(b.TextTablesNotLoaded);
    expect(() => b.gen.PREFIX_RANK_BIN_EDGES[1]).toThrow(b.TextTablesNotLoaded);
    expect(() => b.estimate(textWorkload as never)).toThrow(b.TextTablesNotLoaded);
    // A workload without a text index reads no table.
    const plain = { points: 1_000_000, collection: { vectors: { size: 8, distance: 'Cosine' } }, payload: { avgBytes: 200, indexes: [{ field_name: 'tenant', field_schema: 'keyword' }] } };
    expect(b.estimate(plain as never).lineItems).toEqual(estimate(plain as never).lineItems);
    // Loaded (here from the generated module itself, as text-tables.js carries it): the tables are the module's.
    const tables = b.pageTextTables(async () => generated);
    const first = tables.get();
    expect(first).toMatchObject({ loading: 'the text-index tables' });
    if ('ready' in first) await first.ready;
    expect(tables.get()).toEqual({ value: generated });
    expect(b.gen.PREFIX_LANGUAGE_TABLES.german).toEqual(generated.PREFIX_LANGUAGE_TABLES.german);
    expect(b.gen.PREFIX_RANK_BIN_EDGES[3]).toBe(generated.PREFIX_RANK_BIN_EDGES[3]);
    // And the estimate of the text indexes is the library's, every line item.
    const e = b.estimate(textWorkload as never);
    expect(e.lineItems.some((i) => i.id === 'payload-index.name.heap')).toBe(true);
    expect(e.lineItems).toEqual(estimate(textWorkload as never).lineItems);
  });

  it.skipIf(!existsSync(resolve(root, 'dist/web/text-tables.js')))('the built page carries no table; text-tables.js carries the generated module\'s', () => {
    const page = readFileSync(resolve(root, 'dist/web/index.html'), 'utf8');
    const file = readFileSync(resolve(root, 'dist/web/text-tables.js'), 'utf8');
    // The German table's word-length shares, as the generated module writes them (a run of numbers no other data has).
    const shares = generated.PREFIX_LANGUAGE_TABLES.german.share.slice(0, 6).join(',');
    expect(file).toContain(shares);
    expect(page).not.toContain(shares);
    expect(file).toContain('__qsizeTextTables');
  });

  it('no field of the form, at any of its offered values, gives the workload a payload index', () => {
    let tried = 0;
    // Values typed by hand for the fields that offer none, those that write the workload's payload among them.
    const typed: Record<string, string[]> = { 'payload-bytes': ['2KiB'], 'payload-compression': ['0.5'], multivector: ['16'], 'sparse-nnz': ['50'], 'qdrant-version': ['1.19.0', '1.20.0'], qps: ['100'], growth: ['1M'] };
    for (const f of FIELDS.filter((x) => x.section === 'workload' || x.section === 'constraints')) {
      const offered = f.kind === 'bool' ? ['true', 'false'] : [...(f.choices ?? []), ...(f.suggestions ?? []), ...(f.defaultText ? [f.defaultText] : [])];
      const values = [...offered, ...(typed[f.key] ?? [])];
      for (const v of values) {
        const o = compute({ values: { vectors: '1M', dim: '8', [f.key]: v }, config: '' }, catalog);
        if (!o.ok) continue;
        tried += 1;
        const payload = (o.inputs.workload as { payload?: { indexes?: unknown[] } }).payload;
        expect(payload?.indexes ?? [], `${f.flag} ${v}`).toEqual([]);
      }
    }
    // Every field but the few with no value to offer (free counts and sizes without a default) was tried.
    expect(tried).toBeGreaterThan(40);
    expect(compute({ values: { vectors: '1M', dim: '8', 'payload-bytes': '2KiB' }, config: '' }, catalog)).toMatchObject({
      ok: true,
      inputs: { workload: { payload: { avgBytes: 2048 } } },
    });
  });

  it('a pasted GET /collections/{name} reply\'s payload_schema is sized whole, its text index as the library sizes it', () => {
    for (const tokenizer of ['word', 'prefix'] as const) {
      const reply = replyWithTextIndex(tokenizer);
      const o = compute({ values: { vectors: '2M' }, config: JSON.stringify(reply) }, catalog);
      expect(o.ok, tokenizer).toBe(true);
      if (!o.ok) continue;
      const r = recommend({ points: 2_000_000, collection: reply as never }, {}, { catalog });
      expect(o.r.plan.estimate.lineItems).toEqual(r.plan.estimate.lineItems);
      expect(o.r.plan.cost.monthlyUsd).toBe(r.plan.cost.monthlyUsd);
      expect(o.r.plan.estimate.lineItems.some((i) => i.id === 'payload-index.title.heap')).toBe(true);
      expect(o.r.warnings.some((w) => w.startsWith('payload indexes "title", "tenant" read from the pasted payload_schema'))).toBe(true);
    }
  });
});
