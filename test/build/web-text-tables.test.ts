/**
 * The web page carries no text-index tables (scripts/bundle-web.mjs, plugin `no-text-tables`; scripts/web-text-tables.mjs
 * writes the stand-in module): the language names and rank bins stay, and any read of a table throws. That is safe
 * because nothing the page sizes has a text index, which this file checks: no field of the form adds a payload index
 * to the workload, and a pasted GET reply's payload_schema is sized without its text indexes, which the page refuses
 * beside the paste box (web/src/compute.ts) before the model would read a table.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultCatalogs, planCatalogFromPricing } from '../../src/index.js';
import * as generated from '../../src/model/prefix-languages.generated.js';
import { compute } from '../../web/src/compute.js';
import { FIELDS } from '../../web/src/fields.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const catalog = planCatalogFromPricing(defaultCatalogs());

describe('the web page without text-index tables', () => {
  it('its stand-in module keeps the language names and rank bins, and refuses every table read with a message', async () => {
    const { noTextTablesModule } = (await import(pathToFileURL(resolve(root, 'scripts/web-text-tables.mjs')).href)) as { noTextTablesModule(g: unknown): string };
    const text = noTextTablesModule(generated);
    const mod = (await import(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`)) as typeof generated;
    expect(mod.PREFIX_LANGUAGES).toEqual(['english', 'dutch', 'french', 'german', 'italian', 'polish', 'portuguese', 'russian', 'spanish']);
    expect(mod.PREFIX_RANK_BIN_EDGES).toEqual(generated.PREFIX_RANK_BIN_EDGES);
    expect(() => mod.PREFIX_LANGUAGE_TABLES.english).toThrow(
      'this page carries no text-index tables (english): size a workload with a text index with the qsize CLI or library',
    );
    expect(() => mod.PREFIX_LANGUAGE_TABLES.german).toThrow(/\(german\)/);
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

  it('a pasted GET /collections/{name} reply\'s payload_schema is sized, but a text index in it is refused beside the paste box with the way out', () => {
    const reply = (payload_schema: Record<string, unknown>) =>
      JSON.stringify({ result: { config: { params: { vectors: { size: 8, distance: 'Cosine' } } }, payload_schema } });
    const keyword = compute({ values: { vectors: '1M' }, config: reply({ tenant: { data_type: 'keyword', points: 1_000_000 } }) }, catalog);
    expect(keyword.ok).toBe(true);
    if (keyword.ok) expect(keyword.r.warnings.some((w) => w.startsWith('payload index "tenant" read from the pasted payload_schema'))).toBe(true);
    const text = compute({ values: { vectors: '1M' }, config: reply({ title: { data_type: 'text', params: { type: 'text', tokenizer: 'prefix' } } }) }, catalog);
    expect(text.ok).toBe(false);
    expect(text.ok ? {} : text.errors).toEqual({
      config: [
        'payload_schema: "title" is a text index, which this page does not size (it carries no text-index tables): size the collection with qsize --spec, or paste its config without payload_schema',
      ],
    });
  });
});
