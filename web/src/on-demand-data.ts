/**
 * The entry of dist/web/on-demand.js, the part of the page loaded only when a number's explanation is opened or the
 * quote or the zip is downloaded (web/src/on-demand.ts): the line items' sources and notes, read out of src/model/*.ts
 * by the build (scripts/web-sources.mjs; text i is what the page's token i stands for), csv-stringify (the quote's CSV,
 * src/cli/output.ts) and fflate's zip writer (web/src/downloads.ts). A classic script, handing them over in a global
 * (web/src/lazy-part.ts).
 */
import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';
import { LAZY_GLOBALS, type LazyData, type LazyPayload } from './lazy-part.js';

declare const __QSIZE_LAZY_ID__: string;
declare const __QSIZE_SOURCE_TEXTS__: readonly string[];

const payload: LazyPayload<LazyData['onDemand']> = { id: __QSIZE_LAZY_ID__, data: { texts: __QSIZE_SOURCE_TEXTS__, stringify, zipSync, strToU8 } };
(globalThis as unknown as Record<string, unknown>)[LAZY_GLOBALS.onDemand] = payload;
