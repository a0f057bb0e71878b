/**
 * The entry of dist/web/quote-data.js, the part of the page loaded only when a region is chosen
 * (web/src/quote-tables.ts): the library's generated quote tables, every table and row exactly as the CLI has them
 * (src/pricing/quote-data.generated.ts). A classic script, not a module (Chromium refuses module scripts and fetch()
 * from file://), so it hands the tables over in a global.
 */
import { generatedQuoteTables } from '../../src/pricing/quote-data.generated.js';
import { QUOTE_DATA_GLOBAL, type QuoteDataPayload } from './quote-global.js';

declare const __QSIZE_QUOTE_DATA_ID__: string;

const payload: QuoteDataPayload = { id: __QSIZE_QUOTE_DATA_ID__, tables: generatedQuoteTables };
(globalThis as unknown as Record<string, QuoteDataPayload>)[QUOTE_DATA_GLOBAL] = payload;
