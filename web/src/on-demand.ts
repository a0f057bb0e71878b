/**
 * What only a click needs, in on-demand.js beside the page (web/src/on-demand-data.ts), read once, the first time:
 * - the line items' sources and notes: index.html carries a token (one private-use character) in place of each of the
 *   model's source and note texts (scripts/web-sources.mjs). A line item's explanation shows them with its texts put
 *   back, and the quote's CSV and markdown and the zip are written from the plan with its texts put back (withSources);
 *   nothing the page draws without a click holds a token (test/build/web-sources.test.ts);
 * - the quote's CSV writer: csv-stringify, which src/cli/output.ts imports; in the page a stand-in in its place
 *   (scripts/bundle-web.mjs, plugin `on-demand-csv`) calls the loaded one (csvStringify below);
 * - the zip writer, fflate's zipSync (web/src/downloads.ts).
 */
import { LAZY_ABOUT, lazyPart, type LazyPart, type OnDemand } from './lazy-part.js';

// The first token's character and how many there are (scripts/bundle-web.mjs, from scripts/web-sources.mjs).
declare const __QSIZE_SOURCE_TOKEN_BASE__: number;
declare const __QSIZE_SOURCE_TOKEN_COUNT__: number;
const TOKEN = new RegExp(`[${String.fromCharCode(__QSIZE_SOURCE_TOKEN_BASE__)}-${String.fromCharCode(__QSIZE_SOURCE_TOKEN_BASE__ + Math.max(0, __QSIZE_SOURCE_TOKEN_COUNT__ - 1))}]`, 'g');

let loaded: OnDemand | undefined;

/** The page's on-demand part, read once by `load` (on-demand.js beside the page). */
export function pageOnDemand(load: () => Promise<OnDemand>): LazyPart<OnDemand> {
  return lazyPart(LAZY_ABOUT.onDemand.what, async () => (loaded = await load()));
}

/** csv-stringify's stringify, as the page's stand-in calls it: the loaded one (a quote is written only once it is in). */
export function csvStringify(...args: Parameters<OnDemand['stringify']>): string {
  if (loaded === undefined) throw new Error(`${LAZY_ABOUT.onDemand.what} are not loaded yet`);
  return loaded.stringify(...args);
}

/** Whether `text` holds a token (a text of on-demand.js). */
export function hasSources(text: string): boolean {
  TOKEN.lastIndex = 0;
  return TOKEN.test(text);
}

/** `text` with each token replaced by its text. */
export function withSourceText(text: string, texts: readonly string[]): string {
  return text.replace(TOKEN, (t) => texts[t.charCodeAt(0) - __QSIZE_SOURCE_TOKEN_BASE__] ?? t);
}

/**
 * A copy of `value` (a Recommendation, an explanation: plain data) with every string's tokens replaced; arrays and
 * plain objects are copied (an estimate's items are frozen), anything else is kept as it is.
 */
export function withSources<T>(value: T, texts: readonly string[]): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return withSourceText(v, texts);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(v))) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
