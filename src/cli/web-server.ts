/** The `qsize web` server: one page (and the three files it loads lazily) on 127.0.0.1, with the page's own Content-Security-Policy repeated as a header. */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { QsizeError, QsizeInputError } from '../errors.js';

/** Where the built page is, seen from this module in the CLI bundle (dist/cli-chunks/), from dist/, or from src/cli/. */
const CANDIDATES = ['../web/', './web/', '../../dist/web/'];

/**
 * The page's second file, next to index.html: the regional quote tables, which the page loads with a classic
 * `<script src>` only when a region is chosen (web/src/quote-tables.ts; a module script or fetch() is refused from
 * file:// by Chromium, a classic script from the page's own directory is not).
 */
export const WEB_QUOTE_DATA_FILE = 'quote-data.js';

/**
 * The page's third file, next to index.html: the text-index tables (each language's word lengths, prefix sharing and
 * rank shapes), loaded the same way only when the workload has a text payload index (web/src/text-tables.ts).
 */
export const WEB_TEXT_TABLES_FILE = 'text-tables.js';

/**
 * The page's fourth file, next to index.html: what only a click needs, loaded the same way when a number's explanation
 * is opened or the quote or the zip is downloaded (web/src/on-demand.ts): the line items' sources and notes (the Qdrant
 * file and tag, the measurement, the doc URL behind each number; index.html carries a token for each,
 * scripts/web-sources.mjs), the quote's CSV writer and the zip writer.
 */
export const WEB_ON_DEMAND_FILE = 'on-demand.js';

/** The files beside index.html, each a script the page reads lazily from its own directory. */
const LAZY_FILES = [WEB_QUOTE_DATA_FILE, WEB_TEXT_TABLES_FILE, WEB_ON_DEMAND_FILE];

/**
 * The page forbids every fetch, connection, frame and external resource (web/index.html sets the same policy); its
 * scripts are inline, or from its own origin or directory ('self': quote-data.js, text-tables.js, on-demand.js).
 */
export const WEB_CSP = "default-src 'none'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'; base-uri 'none'; form-action 'none'";

/** The built page and its lazy files (by name), from the first candidate directory that holds the page. */
function readBuilt(): { page: Buffer; lazy: Map<string, Buffer> } {
  for (const rel of CANDIDATES) {
    let page: Buffer;
    try {
      page = readFileSync(fileURLToPath(new URL(`${rel}index.html`, import.meta.url)));
    } catch {
      continue; // try the next place
    }
    const lazy = new Map<string, Buffer>();
    for (const file of LAZY_FILES) {
      try {
        lazy.set(file, readFileSync(fileURLToPath(new URL(rel + file, import.meta.url))));
      } catch {
        throw new QsizeError(`the web page is built without its ${file}: run \`npm run build\``);
      }
    }
    return { page, lazy };
  }
  throw new QsizeError('the web page is not built: run `npm run build` (it writes dist/web/index.html)');
}

export async function serveWebPage(port: number): Promise<void> {
  const built = readBuilt();
  const page = { body: built.page, type: 'text/html; charset=utf-8' };
  const files = new Map<string, { body: Buffer; type: string }>([
    ['/', page],
    ['/index.html', page],
    ...[...built.lazy].map(([file, body]) => [`/${file}`, { body, type: 'text/javascript; charset=utf-8' }] as const),
  ]);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split(/[?#]/)[0] ?? '/';
    const file = files.get(path);
    if ((req.method === 'GET' || req.method === 'HEAD') && file !== undefined) {
      res.writeHead(200, {
        'Content-Type': file.type,
        'Content-Length': file.body.length,
        'Content-Security-Policy': WEB_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`qsize web serves one page: / (and its ${LAZY_FILES.join(', ')})\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new QsizeInputError('--port', port, 'a free port (this one is in use; --port 0 picks any free port)'));
      else reject(error);
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  process.stdout.write(`qsize web: http://127.0.0.1:${actual}/ (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
