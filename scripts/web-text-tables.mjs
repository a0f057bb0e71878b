// The web page's stand-in for src/model/prefix-languages.generated.ts (scripts/bundle-web.mjs, plugin `no-text-tables`):
// the language names and rank bins the spec schema and the model's module scope read, and no table. Nothing the page
// sizes has a text index (test/build/web-text-tables.test.ts), so no table is read; if one ever were, the page would
// say so instead of sizing a text index without its language's statistics.

/** The module's text: the generated module's names, `PREFIX_LANGUAGE_TABLES` a proxy that refuses every read. */
export function noTextTablesModule(generated) {
  return [
    `export const PREFIX_RANK_BIN_EDGES = ${JSON.stringify(generated.PREFIX_RANK_BIN_EDGES)};`,
    `export const PREFIX_LANGUAGES = ${JSON.stringify(generated.PREFIX_LANGUAGES)};`,
    'export const PREFIX_LANGUAGE_TABLES = new Proxy({}, { get(_, language) {',
    "  throw new Error(`this page carries no text-index tables (${String(language)}): size a workload with a text index with the qsize CLI or library`);",
    '} });',
  ].join('\n');
}
