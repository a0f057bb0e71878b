/**
 * Loads dist/web/quote-data.js (web/src/quote-data.ts), the quote tables the page reads only in a region
 * (web/src/quote-tables.ts). Kept apart from quote-tables.ts because it needs the DOM.
 */
import type { RawQuoteTables } from '../../src/index.js';
import { QUOTE_DATA_GLOBAL, type QuoteDataPayload } from './quote-global.js';

declare const __QSIZE_QUOTE_DATA_ID__: string;
declare const __QSIZE_QUOTE_DATA_FILE__: string;

/** quote-data.js, by a classic `<script src>` relative to the page (its own directory: CSP script-src 'self'). */
export function loadQuoteData(): Promise<RawQuoteTables> {
  const file = __QSIZE_QUOTE_DATA_FILE__;
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = file;
    s.onload = () => {
      const payload = (globalThis as unknown as Record<string, QuoteDataPayload | undefined>)[QUOTE_DATA_GLOBAL];
      if (payload?.id === __QSIZE_QUOTE_DATA_ID__) resolve(payload.tables);
      else reject(new Error(`the regional price tables in ${file} are from another build of qsize than this page: copy index.html and ${file} together`));
    };
    s.onerror = () =>
      reject(new Error(`the regional price tables did not load: keep ${file} next to this page's index.html (the page reads it only when a region is chosen)`));
    document.head.append(s);
  });
}
