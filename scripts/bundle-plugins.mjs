// esbuild plugins shared by the CLI bundle (scripts/bundle-cli.mjs) and the web page (scripts/bundle-web.mjs).

/**
 * zod's namespace re-exports every message locale (z.locales, ~250 KB minified); qsize uses the English
 * messages zod installs by default (zod/v4/locales/en.js, imported directly), so the locale index is left out.
 */
export const zodLocalesPlugin = {
  name: 'zod-locales',
  setup(b) {
    b.onResolve({ filter: /locales\/index\.js$/ }, (args) =>
      args.importer.includes(`node_modules${'/'}zod${'/'}`) ? { path: 'zod-locales', namespace: 'qsize-empty' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'qsize-empty' }, () => ({ contents: 'export {};', loader: 'js' }));
    // z.fromJSONSchema (zod/v4/classic/from-json-schema.js, 11.9 KB minified) builds schemas from JSON Schema; qsize
    // never calls it (docs/result-schema.json is written by hand, checked by test/cli/schema.test.ts), so in the
    // bundles it throws instead: 3.6 KB less of the web page gzipped (339.7 -> 336.1 KB, s26).
    b.onResolve({ filter: /\/from-json-schema\.js$/ }, (args) =>
      args.importer.includes(`node_modules${'/'}zod${'/'}`) ? { path: 'zod-from-json-schema', namespace: 'qsize-zod-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'qsize-zod-stub' }, () => ({
      contents: "export function fromJSONSchema() { throw new Error('z.fromJSONSchema is not part of this bundle'); }",
      loader: 'js',
    }));
  },
};

/**
 * The raw catalog tables are only read by the validator, which the build script runs first: the bundle carries
 * the validated catalogs instead (define __QSIZE_CATALOGS__), and does not parse the raw tables a second time.
 */
export const validatedCatalogsPlugin = {
  name: 'validated-catalogs',
  setup(b) {
    b.onResolve({ filter: /catalog-data\.generated\.js$/ }, () => ({ path: 'raw-catalog-tables', namespace: 'qsize' }));
    b.onLoad({ filter: /.*/, namespace: 'qsize' }, () => ({
      contents: "export const generatedCatalogTables = new Proxy({}, { get() { throw new Error('this bundle carries validated catalogs (__QSIZE_CATALOGS__), not the raw tables'); } });",
      loader: 'js',
    }));
  },
};
