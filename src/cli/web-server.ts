/** The `qsize web` server: one page on 127.0.0.1, with the page's own Content-Security-Policy repeated as a header. */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { QsizeError, QsizeInputError } from '../errors.js';

/** Where the built page is, seen from this module in the CLI bundle (dist/cli-chunks/), from dist/, or from src/cli/. */
const CANDIDATES = ['../web/index.html', './web/index.html', '../../dist/web/index.html'];

/** The page forbids every fetch, connection, frame and external resource (web/index.html sets the same policy). */
export const WEB_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'; base-uri 'none'; form-action 'none'";

function readPage(): Buffer {
  for (const rel of CANDIDATES) {
    try {
      return readFileSync(fileURLToPath(new URL(rel, import.meta.url)));
    } catch {
      // try the next place
    }
  }
  throw new QsizeError('the web page is not built: run `npm run build` (it writes dist/web/index.html)');
}

export async function serveWebPage(port: number): Promise<void> {
  const page = readPage();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split(/[?#]/)[0];
    if ((req.method === 'GET' || req.method === 'HEAD') && (path === '/' || path === '/index.html')) {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': page.length,
        'Content-Security-Policy': WEB_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : page);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('qsize web serves one page: /\n');
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
