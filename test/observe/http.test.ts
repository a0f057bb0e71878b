/**
 * The recorder against a local HTTP stand-in (127.0.0.1, a free port): the API key header, bounded retries on
 * 5xx, timeouts, and clear errors for an unreachable or unauthorised peer that never show the key.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { QsizeInputError } from '../../src/errors.js';
import { ask, recordCluster } from '../../src/observe/http.js';
import { REQUESTS } from '../../src/observe/recording.js';
import { freePort } from '../support/qdrant-server.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const port = await freePort();
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(port, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${port}`;
}

const SECRET = 'sk-test-9f8e7d6c';

describe('the recorder', () => {
  it('sends the API key as the api-key header and keeps it out of the recording', async () => {
    const seen: (string | undefined)[] = [];
    const url = await serve((req, res) => {
      seen.push(req.headers['api-key'] as string | undefined);
      res.setHeader('content-type', 'application/json');
      if (req.url === '/') res.end(JSON.stringify({ title: 'qdrant', version: '1.19.0' }));
      else if (req.url === '/cluster') res.end(JSON.stringify({ result: { status: 'disabled' } }));
      else if (req.url === '/collections') res.end(JSON.stringify({ result: { collections: [] } }));
      else res.end(JSON.stringify({ result: {} }));
    });
    const rec = await recordCluster({ urls: [url], apiKey: SECRET });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((k) => k === SECRET)).toBe(true);
    expect(JSON.stringify(rec)).not.toContain(SECRET);
  });

  it('a --collection the cluster does not have is a clear input error listing those it has', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/collections') res.end(JSON.stringify({ result: { collections: [{ name: 'docs' }] } }));
      else if (req.url === '/') res.end(JSON.stringify({ title: 'qdrant', version: '1.19.0' }));
      else res.end(JSON.stringify({ result: {} }));
    });
    await expect(recordCluster({ urls: [url], collections: ['dcos'] })).rejects.toThrow(/^--collection: got "dcos", expected one of the cluster's collections \(docs\)$/);
  });

  it('a 401 is a clear input error that names --url and the key settings, never the key', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 401;
      res.end('Must provide an API key or an Authorization bearer token');
    });
    const error = await recordCluster({ urls: [url], apiKey: SECRET }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QsizeInputError);
    expect((error as Error).message).toMatch(/^--url: .*QDRANT_API_KEY or pass --api-key-file/);
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('an unreachable peer is a clear input error', async () => {
    const port = await freePort();
    const error = await recordCluster({ urls: [`http://127.0.0.1:${port}`], retries: 0 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^--url: got "http:\/\/127\.0\.0\.1:\d+", expected a reachable Qdrant REST endpoint \(ECONNREFUSED/);
  });

  it('retries a 5xx at most `retries` times, then succeeds when the server recovers', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls += 1;
      if (calls <= 2) {
        res.statusCode = 503;
        res.end('busy');
        return;
      }
      res.end(JSON.stringify({ result: { ok: true } }));
    });
    const reply = await ask(url, REQUESTS.cluster, { urls: [url], retries: 2 });
    expect(reply).toEqual({ status: 200, body: { result: { ok: true } } });
    expect(calls).toBe(3);
    calls = 0;
    const failed = await ask(url, REQUESTS.cluster, { urls: [url], retries: 1 });
    expect(failed).toMatchObject({ failure: { kind: 'http', status: 503 } });
    expect(calls).toBe(2);
  });

  it('gives up on a peer that does not answer within the timeout', async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const t0 = Date.now();
    const reply = await ask(url, REQUESTS.root, { urls: [url], retries: 0, timeoutMs: 300 });
    expect(reply).toMatchObject({ failure: { kind: 'timeout' } });
    expect(Date.now() - t0).toBeLessThan(3000);
    server!.closeAllConnections();
  });

  it('refuses a URL that carries credentials or is not http(s)', async () => {
    await expect(recordCluster({ urls: ['http://user:pw@127.0.0.1:1'] })).rejects.toThrow(/--url: .*without credentials/);
    await expect(recordCluster({ urls: ['ftp://127.0.0.1'] })).rejects.toThrow(/--url: got "ftp:\/\/127\.0\.0\.1", expected an http:\/\/ or https:\/\/ URL/);
  });
});

describe('the recorder over TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qsize-observe-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A CA and a certificate for 127.0.0.1 it signed, made with the openssl command line.
  const sh = (cmd: string) => spawnSync('sh', ['-c', cmd], { cwd: dir, encoding: 'utf8' });
  const made =
    sh('command -v openssl').status === 0 &&
    sh(
      [
        'openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 1 -subj /CN=qsize-test-ca',
        'openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj /CN=127.0.0.1',
        'printf "subjectAltName=IP:127.0.0.1" > ext.cnf',
        'openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 1 -extfile ext.cnf',
      ].join(' && '),
    ).status === 0;
  if (!made) console.log('TLS recorder tests SKIPPED: the openssl command is not available');
  const tls = made ? it : it.skip;

  async function serveTls(): Promise<{ url: string; close: () => Promise<void> }> {
    const port = await freePort();
    const s = createHttpsServer({ key: readFileSync(join(dir, 'srv.key')), cert: readFileSync(join(dir, 'srv.pem')) }, (req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/') res.end(JSON.stringify({ title: 'qdrant', version: '1.19.0' }));
      else if (req.url === '/collections') res.end(JSON.stringify({ result: { collections: [] } }));
      else res.end(JSON.stringify({ result: { status: 'disabled' } }));
    });
    await new Promise<void>((r) => s.listen(port, '127.0.0.1', () => r()));
    return { url: `https://127.0.0.1:${port}`, close: () => new Promise<void>((r) => s.close(() => r())) };
  }

  tls('without --cacert an unknown CA is refused, naming --cacert', async () => {
    const s = await serveTls();
    try {
      await expect(recordCluster({ urls: [s.url] })).rejects.toThrow(/--url: .*pass its CA with --cacert/);
    } finally {
      await s.close();
    }
  });

  tls('with the CA given, the peer verifies and answers', async () => {
    const s = await serveTls();
    try {
      const rec = await recordCluster({ urls: [s.url], caCert: readFileSync(join(dir, 'ca.pem'), 'utf8') });
      expect(rec.peers[0]!.replies[REQUESTS.root]).toMatchObject({ status: 200, body: { version: '1.19.0' } });
    } finally {
      await s.close();
    }
  });
});
