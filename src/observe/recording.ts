/**
 * What `qsize observe` reads from a running cluster, as recorded data: for each peer URL, the reply to each
 * read-only request. The HTTP recorder (src/observe/http.ts) produces it; the library (`observe()`) only
 * reads it, so quote tools and tests can feed it recorded replies (test/observe/fixtures).
 *
 * Endpoints (Qdrant v1.19.0 REST API, schema in qdrant@v1.19.0:docs/redoc/master/openapi.json):
 * - `GET /`: server version.
 * - `GET /cluster`: this peer's id, every peer's p2p URI, the Raft leader (`status: disabled` on a single node).
 * - `GET /collections`, `GET /collections/{name}`: names; config, points, segments, payload schema.
 * - `GET /collections/{name}/cluster`: the asked peer's local shards (points, state) and the replicas it knows
 *   on other peers (`remote_shards`): the placement as that peer sees it.
 * - `GET /collections/{name}/memory`: disk, heap, page cache and expected page cache of the collection. On a
 *   3-peer v1.19.0 cluster every peer returned the same totals, equal to the segment files of all peers
 *   together (measured: 1,662,580,704 B reported, 1,662,587,016 B of segment files on the three peers), so it
 *   is read as the whole collection, every replica included.
 * - `GET /telemetry?details_level=4`: cores and the memory limit (`app.system`), and each local shard's segments
 *   with their type and whether appendable (details level 4 is the first that lists segments; measured on v1.19.0).
 * - `GET /metrics`: Prometheus text; `memory_active_bytes` (the allocator's active pages) is what resident memory is
 *   read from (src/observe/observe.ts, residentOf). Asked of every peer first and re-read until steady (http.ts).
 * - `POST /collections/{name}/points/scroll`: a read of the first `SAMPLE_POINTS` points (payload and vectors),
 *   to measure the averages Qdrant does not report (payload bytes, sparse non-zeros, multivector sizes).
 */
import { isRecord } from '../spec/limits.js';

/** Why a request got no usable reply. */
export type FailureKind = 'unreachable' | 'timeout' | 'unauthorized' | 'forbidden' | 'not-found' | 'http' | 'invalid-json' | 'tls';

export type Reply = { status: number; body: unknown } | { failure: { kind: FailureKind; message: string; status?: number } };

export interface PeerRecording {
  /** The REST base URL that was asked, without a trailing slash. */
  url: string;
  /** Reply per request key (`GET /cluster`, `GET /collections/docs/memory`, `POST /collections/docs/points/scroll`). */
  replies: Record<string, Reply>;
}

export interface ClusterRecording {
  schemaVersion: 'qsize.observe-recording/v1';
  /** ISO time of the recording. */
  recordedAt: string;
  peers: PeerRecording[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What makes `value` not a recording, with the path to it (`peers.0.replies: ...`), or undefined: the one check of a
 * recording's shape, read by observe() and by `qsize observe --from` (a hand-cut file ended in "internal error: Cannot
 * read properties of undefined (reading 'GET /')"). Replies are checked one level down; their bodies are the server's,
 * read defensively where they are used.
 */
export function recordingProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object';
  if (value['schemaVersion'] !== 'qsize.observe-recording/v1') return 'schemaVersion: not qsize.observe-recording/v1';
  if (typeof value['recordedAt'] !== 'string') return 'recordedAt: not an ISO time string';
  const peers = value['peers'];
  if (!Array.isArray(peers)) return 'peers: not a list';
  for (const [i, peer] of peers.entries()) {
    if (!isObject(peer)) return `peers.${i}: not an object`;
    if (typeof peer['url'] !== 'string') return `peers.${i}.url: not a string`;
    const replies = peer['replies'];
    if (!isObject(replies)) return `peers.${i}.replies: not an object of replies by request`;
    for (const [key, reply] of Object.entries(replies)) {
      const ok = isObject(reply) && (typeof reply['status'] === 'number' || (isObject(reply['failure']) && typeof reply['failure']['message'] === 'string'));
      if (!ok) return `peers.${i}.replies[${JSON.stringify(key)}]: neither { status, body } nor { failure }`;
    }
  }
  return undefined;
}

/** Points read per collection to measure payload and vector averages (one scroll page). */
export const SAMPLE_POINTS = 256;

/** Details level of the telemetry request: 4 is the first that lists each local shard's segments (v1.19.0). */
export const TELEMETRY_DETAILS_LEVEL = 4;

const enc = encodeURIComponent;

/** The request keys, written once: the recorder asks them, the library reads them. */
export const REQUESTS = {
  root: 'GET /',
  cluster: 'GET /cluster',
  collections: 'GET /collections',
  telemetry: `GET /telemetry?details_level=${TELEMETRY_DETAILS_LEVEL}`,
  metrics: 'GET /metrics',
  collection: (name: string) => `GET /collections/${enc(name)}`,
  collectionCluster: (name: string) => `GET /collections/${enc(name)}/cluster`,
  memory: (name: string) => `GET /collections/${enc(name)}/memory`,
  sample: (name: string) => `POST /collections/${enc(name)}/points/scroll`,
} as const;

/** Whether a request key is a collection's placement request (`GET /collections/{name}/cluster`). */
export function isCollectionClusterKey(key: string): boolean {
  return /^GET \/collections\/[^/]+\/cluster$/.test(key);
}

/** The body of the sample request: a read, no filter, payloads included (vectors: see sampleBody in http.ts). */
export const SAMPLE_BODY = { limit: SAMPLE_POINTS, with_payload: true } as const;

/** Qdrant wraps replies as `{ result, status, time }`; the result, or undefined when the reply failed. */
export function resultOf(reply: Reply | undefined): unknown {
  if (!reply || !('status' in reply)) return undefined;
  const body = reply.body;
  if (typeof body === 'string') return body;
  // `GET /` is not wrapped: its body is the result.
  if (isRecord(body)) return 'result' in body ? body['result'] : body;
  return undefined;
}

export function failureOf(reply: Reply | undefined): { kind: FailureKind; message: string } | undefined {
  if (!reply) return undefined;
  return 'failure' in reply ? reply.failure : undefined;
}

export { isRecord };
