/**
 * The entry of dist/web/text-tables.js, the part of the page loaded only when the workload has a text payload index
 * (web/src/text-tables.ts): the library's text-index tables, each language's word lengths, prefix sharing and rank
 * shapes, and the rank bins, the generated module whole, exactly as the CLI has it (src/model/prefix-languages.generated.ts;
 * index.html carries a stand-in in its place, scripts/web-text-tables.mjs). A classic script, handing the tables over in a global (web/src/lazy-part.ts).
 */
import * as generated from '../../src/model/prefix-languages.generated.js';
import { LAZY_GLOBALS, type LazyData, type LazyPayload } from './lazy-part.js';

declare const __QSIZE_LAZY_ID__: string;

const payload: LazyPayload<LazyData['text']> = { id: __QSIZE_LAZY_ID__, data: generated };
(globalThis as unknown as Record<string, unknown>)[LAZY_GLOBALS.text] = payload;
