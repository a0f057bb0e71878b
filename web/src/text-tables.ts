/**
 * The page's text-index tables (each language's word lengths, prefix sharing and rank shapes, and the rank bins:
 * src/model/prefix-languages.generated.ts). index.html does not carry them: its build puts a stand-in in place of that
 * module (scripts/web-text-tables.mjs) whose tables are read through textTable(), from text-tables.js
 * (web/src/text-tables-data.ts) once it is in. Only the estimate of a text payload index reads them (a pasted GET reply's
 * payload_schema is the only way the page gets one): the first such read throws TextTablesNotLoaded, and compute()
 * then loads the file and computes again. So the page reads the file exactly when the library needs it, and never
 * sizes a text index without its statistics.
 */
import { LAZY_ABOUT, lazyPart, type LazyPart, type TextTables } from './lazy-part.js';

let tables: TextTables | undefined;

/** A read of a table before text-tables.js is in (the message: the export read); compute() catches it. */
export class TextTablesNotLoaded extends Error {}

/** `name[key]` of the loaded tables (the stand-in's every read), or TextTablesNotLoaded. */
export function textTable(name: string, key: PropertyKey): unknown {
  if (tables === undefined) throw new TextTablesNotLoaded(name);
  return (tables as unknown as Record<string, Record<PropertyKey, unknown>>)[name]![key];
}

/** The page's text-index tables, read once by `load` (text-tables.js beside the page), then the stand-in's. */
export function pageTextTables(load: () => Promise<TextTables>): LazyPart<TextTables> {
  return lazyPart(LAZY_ABOUT.text.what, async () => (tables = await load()));
}
