/**
 * A part of the page that is loaded once, when a plan first needs it (the regional quote tables, the text-index tables;
 * web/src/lazy-load.ts reads their files), and what the page says of it meanwhile. Kept apart from lazy-load.ts because
 * it needs no DOM: compute() and the tests in Node use it.
 */
import type { LazyFile } from './lazy-global.js';

/** What each lazy file holds, and when the page reads it: the words of the page's "Loading" banner and of its messages. */
export const LAZY_ABOUT: Record<LazyFile, { what: string; when: string }> = {
  quote: { what: 'the regional price tables', when: 'when a region is chosen' },
  text: { what: 'the text-index tables', when: 'for a text payload index' },
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
        (error: unknown) => void (failure = error instanceof Error ? error.message : String(error)),
      );
      return { loading: what, ready };
    },
    loaded: () => value,
  };
}
