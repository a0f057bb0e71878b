/**
 * The page's lazily loaded files: each is a classic script beside index.html that hands its data to the page in a
 * global (module scripts and fetch() are refused from file://), read by web/src/lazy-load.ts once, when a plan first
 * needs it (the regional quote tables, the text-index tables, what only a click needs), and what the page says meanwhile. Shared by every
 * bundle (the page, quote-data.js, text-tables.js, on-demand.js) and needs no DOM (compute() and the tests in Node use it), so it
 * imports nothing but types.
 */
import type { RawQuoteTables } from '../../src/index.js';
import type * as Generated from '../../src/model/prefix-languages.generated.js';
import type * as CsvStringify from 'csv-stringify/sync';
import type * as Fflate from 'fflate';

/** The text-index tables: the generated module's exports (src/model/prefix-languages.generated.ts). */
export type TextTables = typeof Generated;

/**
 * What only a click needs (web/src/on-demand.ts): the line items' sources and notes (scripts/web-sources.mjs: text i is
 * what the page's token i stands for), the CSV writer of the quote (csv-stringify, for src/cli/output.ts) and the zip
 * writer (fflate, for web/src/downloads.ts).
 */
export interface OnDemand {
  texts: readonly string[];
  stringify: typeof CsvStringify.stringify;
  zipSync: typeof Fflate.zipSync;
  strToU8: typeof Fflate.strToU8;
}

/**
 * What each lazy file holds: quote-data.js the quote tables (web/src/quote-data.ts), text-tables.js the text-index
 * tables (web/src/text-tables-data.ts), on-demand.js what only a click needs (web/src/on-demand-data.ts).
 */
export interface LazyData {
  quote: RawQuoteTables;
  text: TextTables;
  onDemand: OnDemand;
}
export type LazyFile = keyof LazyData;

/** The global each file sets. */
export const LAZY_GLOBALS: Record<LazyFile, string> = { quote: '__qsizeQuoteData', text: '__qsizeTextTables', onDemand: '__qsizeOnDemand' };

export interface LazyPayload<T> {
  /** The build that wrote it (scripts/bundle-web.mjs): the page takes data of its own build only. */
  id: string;
  data: T;
}

/** What each lazy file holds, and when the page reads it: the words of the page's "Loading" banner and of its messages. */
export const LAZY_ABOUT: Record<LazyFile, { what: string; when: string }> = {
  quote: { what: 'the regional price tables', when: 'when a region is chosen' },
  text: { what: 'the text-index tables', when: 'for a text payload index' },
  onDemand: { what: "the numbers' sources and the download writers", when: 'to explain a number or to download the quote or the zip' },
};

/** A part not in (yet): it is loading (`loading` names it; `ready` settles when it is in, or failed), or why it did not load. */
export type Pending = { loading: string; ready: Promise<void> } | { error: string };
export type LazyChoice<T> = { value: T } | Pending;

export interface LazyPart<T> {
  /** The part; the first call starts loading it. */
  get(): LazyChoice<T>;
  /** The part if it is in, without loading it. */
  loaded(): T | undefined;
}

/** `what`: the part in words (`the text-index tables`); `load` reads it, once, on the first get(). */
export function lazyPart<T>(what: string, load: () => Promise<T>): LazyPart<T> {
  let value: T | undefined;
  let failure: string | undefined;
  let ready: Promise<void> | undefined;
  return {
    get() {
      if (value !== undefined) return { value };
      if (failure !== undefined) return { error: failure };
      ready ??= load().then(
        (v) => void (value = v),
        // An Error always: the loader's own (web/src/lazy-load.ts), or the library's on reading the data.
        (error: Error) => void (failure = error.message),
      );
      return { loading: what, ready };
    },
    loaded: () => value,
  };
}
