/**
 * The entry of dist/web/quote-data.js, the part of the page loaded only when a region is chosen
 * (web/src/quote-tables.ts): the library's generated quote tables, every table and row exactly as the CLI has them
 * (src/pricing/quote-data.generated.ts). A classic script, not a module (Chromium refuses module scripts and fetch()
 * from file://), so it hands the tables over in a global (web/src/lazy-part.ts).
 */
import { generatedQuoteTables } from '../../src/pricing/quote-data.generated.js';
import { LAZY_GLOBALS, type LazyData, type LazyPayload } from './lazy-part.js';

declare const __QSIZE_LAZY_ID__: string;

const payload: LazyPayload<LazyData['quote']> = { id: __QSIZE_LAZY_ID__, data: generatedQuoteTables };
(globalThis as unknown as Record<string, unknown>)[LAZY_GLOBALS.quote] = payload;
