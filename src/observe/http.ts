/**
 * Records a running cluster's replies (read-only requests only) into a ClusterRecording. Node's own
 * `http`/`https` clients: they take a CA bundle per request (`ca`), which the global fetch of Node 20 only
 * takes through an undici dispatcher that Node does not expose. Never part of the browser bundle: the
 * library's `observe()` takes the recording, this file only fills it.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { QsizeInputError } from '../errors.js';
import { REQUESTS, SAMPLE_BODY, isRecord, resultOf, type ClusterRecording, type FailureKind, type PeerRecording, type Reply } from './recording.js';

export interface RecordOptions {
  /** REST base URLs (http or https), at least one. Peers listed by `GET /cluster` are added when their address can be derived. */
  urls: string[];
  /** Sent as the `api-key` header; never logged. */
  apiKey?: string;
  /** PEM CA bundle for https. */
  caCert?: string;
  /** Per request (default REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Extra attempts after a connection failure, a timeout or a 5xx (default RETRIES). */
  retries?: number;
  /** Only these collections (default: all). */
  collections?: string[];
  /** Read SAMPLE_POINTS points per collection to measure payload and vector averages (default true). */
  sample?: boolean;
  /** Re-read GET /metrics until the allocator's active pages hold still (default true; see SETTLE). */
  settle?: boolean;
}

/**
 * How observe waits for a steady reading of the allocator (GET /metrics `memory_active_bytes`): qsize predicts the
 * steady state, and right after a load or a burst of requests the active pages still move while optimizations and
 * caches wind down (measured on the v1.19.0 server: 21.7 MB falling to 19.4 MB over 10 s after a bulk load, then
 * within 1%). observe reads it every 2 s until two readings in a row differ by less than 2%, at most 10 readings
 * (18 s per peer); a peer that never settles keeps its last reading.
 */
export const SETTLE = { intervalMs: 2000, maxReadings: 10, tolerance: 0.02 } as const;

/** 10 s per request: a telemetry reply of a large node takes a few hundred ms; 10 s is a peer that is not answering. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** Two more attempts, 250 ms then 500 ms apart: rides over a restart blip, gives up on a down peer in about a second. */
export const RETRIES = 2;
const BACKOFF_MS = 250;

interface Asked {
  status: number;
  text: string;
}

function normalizeUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new QsizeInputError('--url', raw, 'an http:// or https:// URL of a Qdrant REST endpoint (e.g. http://localhost:6333)');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new QsizeInputError('--url', raw, 'an http:// or https:// URL');
  if (u.username || u.password) throw new QsizeInputError('--url', `${u.protocol}//${u.host}`, 'a URL without credentials (set QDRANT_API_KEY or --api-key-file)');
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

function once(base: string, key: string, body: unknown, o: RecordOptions): Promise<Asked> {
  const [method, path] = key.split(' ', 2) as [string, string];
  const url = new URL(base + path);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { accept: 'application/json, text/plain' };
  if (o.apiKey !== undefined) headers['api-key'] = o.apiKey;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, timeout: o.timeoutMs ?? REQUEST_TIMEOUT_MS, ...(o.caCert !== undefined && url.protocol === 'https:' ? { ca: o.caCert } : {}) }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no reply within ${o.timeoutMs ?? REQUEST_TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

function failureKind(error: NodeJS.ErrnoException): FailureKind {
  if (error.code === 'ETIMEDOUT') return 'timeout';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(error.code ?? '') || /certificate|ssl|tls/i.test(error.message)) return 'tls';
  return 'unreachable';
}

/** One request with bounded retries; the reply, or why there is none. */
export async function ask(base: string, key: string, o: RecordOptions, body?: unknown): Promise<Reply> {
  const attempts = 1 + (o.retries ?? RETRIES);
  let last: Reply = { failure: { kind: 'unreachable', message: 'not asked' } };
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, BACKOFF_MS * 2 ** (i - 1)));
    let asked: Asked;
    try {
      asked = await once(base, key, body, o);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      const kind = failureKind(e);
      last = { failure: { kind, message: `${e.code ?? 'error'}: ${e.message}` } };
      if (kind === 'tls') return last;
      continue;
    }
    const { status, text } = asked;
    if (status === 401) return { failure: { kind: 'unauthorized', status, message: '401 Unauthorized: set QDRANT_API_KEY or pass --api-key-file with the key' } };
    if (status === 403) return { failure: { kind: 'forbidden', status, message: '403 Forbidden: the API key may not read this (a read-only key suffices for observe)' } };
    if (status === 404) return { failure: { kind: 'not-found', status, message: `404 Not Found (${key})` } };
    if (status >= 500 || status === 0) {
      last = { failure: { kind: 'http', status, message: `${status} ${text.slice(0, 200)}` } };
      continue;
    }
    if (status >= 400) return { failure: { kind: 'http', status, message: `${status} ${text.slice(0, 200)}` } };
    if (key === REQUESTS.metrics) return { status, body: text };
    try {
      return { status, body: JSON.parse(text) as unknown };
    } catch {
      return { failure: { kind: 'invalid-json', status, message: `the reply is not JSON: ${text.slice(0, 80)}` } };
    }
  }
  return last;
}

/** The peer id a base URL answers as, from `GET /cluster` (undefined on a single node or a failure). */
function peerIdOf(replies: Record<string, Reply>): string | undefined {
  const c = resultOf(replies[REQUESTS.cluster]);
  return isRecord(c) && c['peer_id'] !== undefined ? String(c['peer_id']) : undefined;
}

/** Qdrant's p2p URI of a peer (`http://host:6335/`) to its REST URL: same host, the REST port and scheme of the first --url. */
function restUrlFor(p2pUri: string, first: URL): string | undefined {
  try {
    const p = new URL(p2pUri);
    return `${first.protocol}//${p.hostname}${first.port ? `:${first.port}` : ''}`;
  } catch {
    return undefined;
  }
}

async function askPeer(url: string, o: RecordOptions): Promise<PeerRecording> {
  const replies: Record<string, Reply> = {};
  replies[REQUESTS.root] = await ask(url, REQUESTS.root, o);
  if ('failure' in replies[REQUESTS.root]!) return { url, replies };
  replies[REQUESTS.cluster] = await ask(url, REQUESTS.cluster, o);
  return { url, replies };
}

/**
 * The scroll body: payloads always; vectors only where qsize needs a count from them (multivectors: inner
 * vectors per point; sparse vectors: non-zeros), so a sample of plain dense vectors stays small.
 */
export function sampleBody(info: unknown): Record<string, unknown> {
  const config = isRecord(info) && isRecord(info['config']) ? info['config'] : {};
  const params = isRecord(config['params']) ? config['params'] : {};
  const vectors = params['vectors'];
  const named = isRecord(vectors) && typeof vectors['size'] === 'number' ? { '': vectors } : isRecord(vectors) ? vectors : {};
  const names = Object.entries(named)
    .filter(([, v]) => isRecord(v) && isRecord(v['multivector_config']))
    .map(([n]) => n);
  if (isRecord(params['sparse_vectors'])) names.push(...Object.keys(params['sparse_vectors']));
  // The unnamed vector cannot be picked by name: ask for all vectors then.
  return { ...SAMPLE_BODY, with_vector: names.length === 0 ? false : names.includes('') ? true : names };
}

async function askData(peer: PeerRecording, o: RecordOptions, sample: boolean): Promise<void> {
  const { url, replies } = peer;
  replies[REQUESTS.collections] = await ask(url, REQUESTS.collections, o);
  replies[REQUESTS.telemetry] = await ask(url, REQUESTS.telemetry, o);
  const list = resultOf(replies[REQUESTS.collections]);
  const names = isRecord(list) && Array.isArray(list['collections']) ? list['collections'].map((c) => String((c as { name?: unknown }).name)) : [];
  for (const name of names) {
    if (o.collections && !o.collections.includes(name)) continue;
    replies[REQUESTS.collection(name)] = await ask(url, REQUESTS.collection(name), o);
    replies[REQUESTS.collectionCluster(name)] = await ask(url, REQUESTS.collectionCluster(name), o);
    replies[REQUESTS.memory(name)] = await ask(url, REQUESTS.memory(name), o);
    if (sample) replies[REQUESTS.sample(name)] = await ask(url, REQUESTS.sample(name), o, sampleBody(resultOf(replies[REQUESTS.collection(name)])));
  }
}

const activeOf = (reply: Reply): number | undefined => {
  const text = resultOf(reply);
  const m = typeof text === 'string' ? /^memory_active_bytes\s+([0-9.eE+]+)\s*$/m.exec(text) : null;
  return m?.[1] === undefined ? undefined : Number(m[1]);
};

/** GET /metrics, re-read until the allocator's active pages hold still (SETTLE). */
async function settledMetrics(url: string, o: RecordOptions): Promise<Reply> {
  let last = await ask(url, REQUESTS.metrics, o);
  for (let i = 1; i < SETTLE.maxReadings; i++) {
    const before = activeOf(last);
    if (before === undefined) return last;
    await new Promise((r) => setTimeout(r, SETTLE.intervalMs));
    const next = await ask(url, REQUESTS.metrics, o);
    const after = activeOf(next);
    if (after === undefined) return last;
    last = next;
    if (Math.abs(after - before) < SETTLE.tolerance * before) break;
  }
  return last;
}

/**
 * Asks every URL given, then every peer `GET /cluster` lists whose REST address can be derived (same host as
 * its p2p URI, the REST port of the first URL). Throws a QsizeInputError when no URL answers at all, naming
 * the reason (unreachable, timeout, TLS, unauthorised).
 */
export async function recordCluster(o: RecordOptions): Promise<ClusterRecording> {
  if (o.urls.length === 0) throw new QsizeInputError('--url', undefined, 'the REST URL of at least one Qdrant peer (e.g. --url http://localhost:6333)');
  const urls = [...new Set(o.urls.map(normalizeUrl))];
  const peers: PeerRecording[] = [];
  for (const url of urls) peers.push(await askPeer(url, o));

  const reached = peers.filter((p) => !('failure' in (p.replies[REQUESTS.root] ?? { failure: 1 })));
  if (reached.length === 0) {
    const first = peers[0]!;
    const f = first.replies[REQUESTS.root];
    const why = f && 'failure' in f ? f.failure.message : 'no reply';
    const kind = f && 'failure' in f ? f.failure.kind : 'unreachable';
    const expected =
      kind === 'unauthorized' || kind === 'forbidden'
        ? `a Qdrant endpoint that accepts the API key (${why})`
        : kind === 'tls'
          ? `an https endpoint whose certificate verifies (pass its CA with --cacert; ${why})`
          : `a reachable Qdrant REST endpoint (${why})`;
    throw new QsizeInputError('--url', first.url, expected);
  }

  // Peers the cluster lists that no --url reached: derive their REST address from the p2p URI.
  const firstUrl = new URL(reached[0]!.url);
  const known = new Set(peers.map((p) => peerIdOf(p.replies)).filter((id): id is string => id !== undefined));
  const asked = new Set(urls);
  for (const p of reached) {
    const c = resultOf(p.replies[REQUESTS.cluster]);
    const listed = isRecord(c) && isRecord(c['peers']) ? c['peers'] : {};
    for (const [id, info] of Object.entries(listed)) {
      if (known.has(id) || !isRecord(info) || typeof info['uri'] !== 'string') continue;
      const guess = restUrlFor(info['uri'], firstUrl);
      if (guess === undefined || asked.has(guess)) continue;
      asked.add(guess);
      const rec = await askPeer(guess, o);
      if (peerIdOf(rec.replies) === id) {
        peers.push(rec);
        known.add(id);
      }
    }
  }

  // The allocator first, on every peer at once, before observe's own requests: the memory report of a cluster asks
  // every peer holding a replica, and those requests leave allocations behind (measured on a v1.19.0 cluster peer:
  // memory_active_bytes 2.3 MB above the RssAnon it had before them).
  const answering = peers.filter((p) => !('failure' in (p.replies[REQUESTS.root] ?? { failure: 1 })));
  const metrics = await Promise.all(answering.map((p) => (o.settle === false ? ask(p.url, REQUESTS.metrics, o) : settledMetrics(p.url, o))));
  answering.forEach((p, i) => (p.replies[REQUESTS.metrics] = metrics[i]!));

  const sampled = { done: false };
  for (const p of peers) {
    if ('failure' in (p.replies[REQUESTS.root] ?? { failure: 1 })) continue;
    await askData(p, o, (o.sample ?? true) && !sampled.done);
    if (!sampled.done && o.collections) {
      const list = resultOf(p.replies[REQUESTS.collections]);
      const names = isRecord(list) && Array.isArray(list['collections']) ? list['collections'].map((c) => String((c as { name?: unknown }).name)) : undefined;
      const missing = names ? o.collections.filter((c) => !names.includes(c)) : [];
      if (missing.length > 0) throw new QsizeInputError('--collection', missing[0], `one of the cluster's collections (${names!.join(', ') || 'it has none'})`);
    }
    sampled.done = true;
  }
  return { schemaVersion: 'qsize.observe-recording/v1', recordedAt: new Date().toISOString(), peers };
}
