/**
 * Reads one of the page's lazily loaded files (web/src/lazy-part.ts): quote-data.js (the regional price tables,
 * web/src/quote-tables.ts), text-tables.js (the text-index tables, web/src/text-tables.ts) or on-demand.js (the line items'
 * sources and notes, the CSV and zip writers, web/src/on-demand.ts). One loader for all three:
 * a classic `<script src>` relative to the page (its own directory: CSP script-src 'self'; a module script or fetch()
 * is refused from file://), which sets the file's global; the page takes the data only from its own build. Kept apart
 * from lazy-part.ts because it needs the DOM.
 */
import { LAZY_ABOUT, LAZY_GLOBALS, type LazyData, type LazyFile, type LazyPayload } from './lazy-part.js';

// Each lazy file's name beside index.html, and the id of the build that wrote them (scripts/bundle-web.mjs). Strings, as
// esbuild inlines a string define where an object define costs an init call in every module of the page (1.3 KB).
declare const __QSIZE_LAZY_ID__: string;
declare const __QSIZE_QUOTE_DATA_FILE__: string;
declare const __QSIZE_TEXT_TABLES_FILE__: string;
declare const __QSIZE_ON_DEMAND_FILE__: string;
const FILES: Record<LazyFile, string> = { quote: __QSIZE_QUOTE_DATA_FILE__, text: __QSIZE_TEXT_TABLES_FILE__, onDemand: __QSIZE_ON_DEMAND_FILE__ };

export function loadLazyFile<K extends LazyFile>(part: K): Promise<LazyData[K]> {
  const file = FILES[part];
  const { what, when } = LAZY_ABOUT[part];
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = file;
    s.onload = () => {
      const payload = (globalThis as unknown as Record<string, LazyPayload<LazyData[K]> | undefined>)[LAZY_GLOBALS[part]];
      if (payload?.id === __QSIZE_LAZY_ID__) resolve(payload.data);
      else reject(new Error(`${what} in ${file} are from another build of qsize than this page: copy index.html and ${file} together`));
    };
    s.onerror = () => reject(new Error(`${what} did not load: keep ${file} next to this page's index.html (the page reads it only ${when})`));
    document.head.append(s);
  });
}
