/**
 * The web page's line-item sources and notes (scripts/bundle-web.mjs, plugin `source-texts`): index.html carries a token
 * (one private-use character) in place of each source and note text of src/model/*.ts (scripts/web-sources.mjs), and
 * on-demand.js the texts, which the page puts back (web/src/on-demand.ts withSources) before it shows a line item's
 * explanation or writes the quote or the zip. This file bundles the library as the page bundles it, with the same
 * plugin, and checks, for plans that between them make every kind of line item: the page's plan holds tokens in line
 * items' `source` and `note` only (so nothing the page draws before a click shows one), and with the texts put back it
 * is the library's plan, deep-equal. It also checks the built files: index.html has none of the texts, on-demand.js
 * has them all, and the page has no CSV or zip writer of its own.
 */
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyFlags, defaultCatalogs, planCatalogFromPricing, recommend, type FlagValues } from '../../src/index.js';
import { replyWithTextIndex } from '../web/page-checks.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface SourceTexts {
  files: Map<string, string>;
  texts: string[];
}
const script = (await import(pathToFileURL(resolve(root, 'scripts/web-sources.mjs')).href)) as {
  SOURCE_TOKEN_BASE: number;
  sourceTexts(dir: string): SourceTexts;
  sourceTextsPlugin(s: SourceTexts): import('esbuild').Plugin;
};
const sources = script.sourceTexts(resolve(root, 'src/model'));
const TOKEN = /[\ue000-\uf8ff]/;

interface PageBundle {
  recommend: typeof recommend;
  applyFlags: typeof applyFlags;
  withSources<T>(value: T, texts: readonly string[]): T;
}

/** The library and web/src/on-demand.ts bundled as the page bundles them (the model's texts as tokens), as one ES module. */
async function pageBundle(): Promise<PageBundle> {
  const result = await build({
    stdin: {
      contents: ["export { recommend, applyFlags } from '../src/index.js';", "export { withSources } from './src/on-demand.ts';"].join('\n'),
      resolveDir: resolve(root, 'web'),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    packages: 'external',
    define: { __QSIZE_SOURCE_TOKEN_BASE__: String(script.SOURCE_TOKEN_BASE), __QSIZE_SOURCE_TOKEN_COUNT__: String(sources.texts.length) },
    plugins: [script.sourceTextsPlugin(sources)],
  });
  const file = resolve(root, 'dist', `web-sources-test-${process.pid}.mjs`);
  const { writeFileSync, rmSync } = await import('node:fs');
  writeFileSync(file, result.outputFiles[0]!.text);
  try {
    return (await import(pathToFileURL(file).href)) as PageBundle;
  } finally {
    rmSync(file, { force: true });
  }
}

/** Every path in `value` to a string holding a token. */
function tokenPaths(value: unknown, path = '', seen = new Set<unknown>()): { path: string; owner: Record<string, unknown> }[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const out: { path: string; owner: Record<string, unknown> }[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && TOKEN.test(v)) out.push({ path: `${path}.${k}`, owner: value as Record<string, unknown> });
    else out.push(...tokenPaths(v, `${path}.${k}`, seen));
  }
  return out;
}

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** Plans that between them have every kind of line item: quantizations, multivectors, sparse vectors, payload indexes (a text one among them), old and new versions. */
const WORKLOADS: { name: string; flags: FlagValues; collection?: Record<string, unknown> }[] = [
  { name: '10M x 768, scalar', flags: { vectors: 10e6, dim: 768, quantization: 'scalar' } },
  { name: '100M x 1536, binary-1, on disk, uuid ids', flags: { vectors: 100e6, dim: 1536, quantization: 'binary-1', 'on-disk': true, 'id-type': 'uuid' } },
  { name: '5M x 384, pq-x16, multivector 32, sparse 50', flags: { vectors: 5e6, dim: 384, quantization: 'pq-x16', multivector: 32, 'sparse-nnz': 50 } },
  { name: '20M x 768 on Qdrant 1.12.6, m 0', flags: { vectors: 20e6, dim: 768, 'qdrant-version': '1.12.6', m: 0 } },
  { name: '2M x 384, inline storage, turbo', flags: { vectors: 2e6, dim: 384, quantization: 'turbo-1', 'inline-storage': true, 'payload-bytes': 2048, 'bulk-load': true } },
  { name: 'a GET reply with a prefix text index', flags: {}, collection: replyWithTextIndex('prefix') },
];

describe("the web page's line-item sources and notes, loaded on demand", () => {
  it('every text is read out of src/model, once, and the modules keep no copy of it', () => {
    expect(sources.texts.length).toBeGreaterThan(150);
    expect(new Set(sources.texts).size).toBe(sources.texts.length);
    const constants = sources.files.get(resolve(root, 'src/model/constants.ts'))!;
    expect(constants).not.toContain('qdrant@v1.19.0:lib/segment/src/vector_storage/dense/immutable_dense_vectors.rs');
    expect(readFileSync(resolve(root, 'src/model/constants.ts'), 'utf8')).toContain('qdrant@v1.19.0:lib/segment/src/vector_storage/dense/immutable_dense_vectors.rs');
  });

  it("the page's plans hold tokens in line items' source and note only, and with the texts put back are the library's", { timeout: 240_000 }, async () => {
    const page = await pageBundle();
    const catalog = planCatalogFromPricing(defaultCatalogs());
    const kinds = new Set<string>();
    for (const w of WORKLOADS) {
      const inputs = applyFlags({ workload: w.collection ? { collection: w.collection } : {}, constraints: {} }, w.flags);
      const library = recommend(inputs.workload as never, inputs.constraints as never, { catalog, timeline: true });
      const pageInputs = page.applyFlags({ workload: w.collection ? { collection: w.collection } : {}, constraints: {} }, w.flags);
      const onPage = page.recommend(pageInputs.workload as never, pageInputs.constraints as never, { catalog, timeline: true });
      const found = tokenPaths(onPage);
      expect(found.length, w.name).toBeGreaterThan(0);
      for (const { path, owner } of found) {
        // A line item (it has a formula and a residency), its source or note.
        expect([path.split('.').at(-1), 'formula' in owner && 'residency' in owner], `${w.name}: ${path}`).toEqual([expect.stringMatching(/^(source|note)$/), true]);
        kinds.add(String(owner['id']).split('.')[0] ?? '');
      }
      expect(plain(page.withSources(onPage, sources.texts)), w.name).toEqual(plain(library));
    }
    expect([...kinds].length).toBeGreaterThan(6);
  });

  it.skipIf(!existsSync(resolve(root, 'dist/web/on-demand.js')))('the built page has none of the texts and no CSV or zip writer; on-demand.js has them', () => {
    const page = readFileSync(resolve(root, 'dist/web/index.html'), 'utf8');
    const onDemand = readFileSync(resolve(root, 'dist/web/on-demand.js'), 'utf8');
    // (ASCII ones: esbuild writes any other character as an escape.)
    const cited = sources.texts.filter((t) => t.startsWith('qdrant@v1.19.0:lib/') && /^[\x20-\x7e]*$/.test(t));
    expect(cited.length).toBeGreaterThan(50);
    for (const t of cited) {
      expect(page.includes(t), t).toBe(false);
      expect(onDemand.includes(JSON.stringify(t)), t).toBe(true);
    }
    // csv-stringify's option check and fflate's zip writer are in on-demand.js only.
    for (const marker of ['CSV_INVALID_OPTION', 'invalid zip data']) {
      expect(page.includes(marker), marker).toBe(false);
      expect(onDemand.includes(marker), marker).toBe(true);
    }
  });
});
