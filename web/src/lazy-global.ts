/**
 * The page's lazily loaded files (web/src/lazy-load.ts): each is a classic script beside index.html that hands its data
 * to the page in a global, since module scripts and fetch() are refused from file://. Shared by every bundle (the page,
 * quote-data.js, text-tables.js), so it imports nothing but types.
 */
import type { RawQuoteTables } from '../../src/index.js';
import type * as Generated from '../../src/model/prefix-languages.generated.js';

/** The text-index tables: the generated module's exports (src/model/prefix-languages.generated.ts). */
export type TextTables = typeof Generated;

/** What each lazy file holds: quote-data.js the quote tables (web/src/quote-data.ts), text-tables.js the text-index tables (web/src/text-tables-data.ts). */
export interface LazyData {
  quote: RawQuoteTables;
  text: TextTables;
}
export type LazyFile = keyof LazyData;

/** The global each file sets. */
export const LAZY_GLOBALS: Record<LazyFile, string> = { quote: '__qsizeQuoteData', text: '__qsizeTextTables' };

export interface LazyPayload<T> {
  /** The build that wrote it (scripts/bundle-web.mjs): the page takes data of its own build only. */
  id: string;
  data: T;
}
