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
    // z.toJSONSchema (zod/v4/core/json-schema-processors.js and to-json-schema.js, about 64 KB unminified): every schema
    // class carries a processor for it, so all of them were bundled, but qsize never converts a schema to JSON Schema
    // (docs/result-schema.json is written by hand). Each export throws instead, except aggregateChecks, which the
    // schemas' own getters read (ZodString's minLength, format, ...): it is re-exported from the real module, and
    // esbuild drops the rest of that module. Web page: 300.3 -> 294.7 KB gzipped (s33, which had gone past the 300 KB budget with --zones).
    b.onResolve({ filter: /\/(json-schema-processors|to-json-schema)\.js$/ }, (args) =>
      args.importer.includes(`node_modules${'/'}zod${'/'}`) && args.namespace === 'file'
        ? { path: `${args.resolveDir}/${args.path}`, namespace: 'qsize-zod-json-schema' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'qsize-zod-json-schema' }, async (args) => {
      const real = await import(args.path);
      const lines = Object.keys(real).map((name) =>
        name === 'aggregateChecks'
          ? `export { aggregateChecks } from ${JSON.stringify(args.path)};`
          : typeof real[name] === 'function'
            ? `export function ${name}() { throw new Error('z.toJSONSchema is not part of this bundle'); }`
            : `export const ${name} = {};`,
      );
      return { contents: lines.join('\n'), loader: 'js', resolveDir: args.path.replace(/\/[^/]*$/, '') };
    });
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
