// The web page's stand-in for src/model/prefix-languages.generated.ts (scripts/bundle-web.mjs, plugin `text-tables`).
// index.html does not carry the text-index tables (each language's word lengths, prefix sharing and rank shapes, and
// the rank bins): they are text-tables.js beside it, the generated module whole (web/src/text-tables-data.ts), loaded
// only when the workload has a text payload index (web/src/text-tables.ts). The stand-in keeps the language names,
// which the spec schema reads on every plan; each other export is a proxy onto the loaded module's, read only while a
// text index is estimated. A read before the tables are in throws (web/src/text-tables.ts TextTablesNotLoaded), and
// the page loads them and computes again (test/build/web-text-tables.test.ts).

/** The exports the page keeps inline: read by the spec schema (the `language` choices) whatever the workload. */
export const INLINE_EXPORTS = ['PREFIX_LANGUAGES'];

/**
 * The module's text: the inline exports' values, every other export of the generated module a proxy whose reads are
 * `textTable(export, key)` of `tablesModule` (web/src/text-tables.ts, by path): the loaded module's, or a throw.
 */
export function textTablesStandIn(generated, tablesModule) {
  return [
    `import { textTable } from ${JSON.stringify(tablesModule)};`,
    'const loaded = (name) => new Proxy({}, { get: (_, key) => textTable(name, key) });',
    ...Object.keys(generated)
      .sort()
      .map((n) => `export const ${n} = ${INLINE_EXPORTS.includes(n) ? JSON.stringify(generated[n]) : `loaded(${JSON.stringify(n)})`};`),
  ].join('\n');
}
