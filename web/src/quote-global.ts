/**
 * How dist/web/quote-data.js (web/src/quote-data.ts) hands the quote tables to the page (web/src/quote-tables.ts):
 * a global, since it is a classic script. Shared by both bundles, so it imports nothing but a type.
 */
import type { RawQuoteTables } from '../../src/index.js';

export const QUOTE_DATA_GLOBAL = '__qsizeQuoteData';

export interface QuoteDataPayload {
  /** The build that wrote it (scripts/bundle-web.mjs): the page takes tables of its own build only. */
  id: string;
  tables: RawQuoteTables;
}
