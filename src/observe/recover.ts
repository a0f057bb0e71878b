/**
 * The workload, recovered from a live collection: a `--spec`-ready Workload with the live configuration in
 * Qdrant's own field names (`GET /collections/{name}` `config`, `optimizer_config` renamed to the create body's
 * `optimizers_config`) and the averages qsize needs measured on a sample of points where the API reveals them.
 * Every value the API does not reveal is listed as an assumption.
 */
import { Workload, LIMITS, type WorkloadInput } from '../spec/workload.js';
import { formatCount } from '../spec/units.js';
import { LATEST_VERSION, parseVersion } from '../model/versions.js';
import { prefixLengthsOfWord } from '../model/prefix-tokens.js';
import { isRecord } from './recording.js';
import { utf8Bytes as utf8 } from '../util/utf8.js';
import { dropNulls, payloadIndexFromSchema } from '../spec/collection-body.js';

export interface RecoveredSpec {
  /** The Workload input, ready to save as YAML and pass to `qsize --spec`. */
  spec: WorkloadInput;
  /** What the spec rests on that the API did not say. */
  assumptions: string[];
  /** Points read to measure the averages (0 when the sample was not read). */
  sampledPoints: number;
}

export interface RecoverInput {
  /** `result` of `GET /collections/{name}`. */
  info: Record<string, unknown>;
  /** `result.points` of the scroll sample, or undefined when it was not read. */
  sample: unknown[] | undefined;
  /** `GET /` version, e.g. "1.19.0". */
  version: string | undefined;
  /** CPU cores the peer reports (telemetry `app.system.cores`). */
  cores: number | undefined;
  /** Points written per second, as the user states it (`qsize observe --writes`): the API does not report a rate. */
  writesPerSecond?: number;
}

/** `GET /collections/{name}` config -> the create-collection body (`params` flattened, `optimizer_config` -> `optimizers_config`). */
export function createBodyOf(config: Record<string, unknown>): Record<string, unknown> {
  const { params, optimizer_config, ...rest } = config;
  const body: Record<string, unknown> = { ...(isRecord(params) ? params : {}), ...rest };
  if (optimizer_config !== undefined) body['optimizers_config'] = optimizer_config;
  return dropNulls(body) as Record<string, unknown>;
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The values of a payload field at a dotted path (`a.b`, `tags[]`), arrays counting each element. */
function valuesAt(payload: unknown, path: string): unknown[] {
  let current: unknown[] = [payload];
  for (const part of path.split('.')) {
    const key = part.replace(/\[\]$/, '');
    const next: unknown[] = [];
    for (const c of current) {
      if (!isRecord(c)) continue;
      const v = c[key];
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) next.push(...v);
      else next.push(v);
    }
    current = next;
  }
  return current;
}

interface SamplePoint {
  id: unknown;
  payload: unknown;
  vector: unknown;
}

function points(sample: unknown[]): SamplePoint[] {
  return sample.filter(isRecord).map((p) => ({ id: p['id'], payload: p['payload'], vector: p['vector'] }));
}

/** The vector of `name` in a scroll point (`""` = the unnamed vector). */
function vectorOf(p: SamplePoint, name: string): unknown {
  if (name === '') return Array.isArray(p.vector) ? p.vector : isRecord(p.vector) ? p.vector[''] : undefined;
  return isRecord(p.vector) ? p.vector[name] : undefined;
}

export function recoverSpec(name: string, input: RecoverInput): RecoveredSpec {
  const assumptions: string[] = [];
  const info = input.info;
  const config = isRecord(info['config']) ? info['config'] : {};
  const collection = createBodyOf(config);
  const pointsCount = typeof info['points_count'] === 'number' ? info['points_count'] : 0;
  const spec: Record<string, unknown> = { points: Math.max(1, pointsCount), collection };
  if (pointsCount < 1) assumptions.push(`points: the collection reports ${pointsCount} points; the spec says 1 (the schema's least)`);

  const version = input.version;
  if (version !== undefined && parseVersion(version) !== null) spec['qdrantVersion'] = version;
  else assumptions.push(`qdrantVersion: the server says ${version ?? 'nothing'}, which qsize does not model; the spec uses ${LATEST_VERSION}`);

  if (input.cores !== undefined && input.cores >= 1) spec['assumptions'] = { nodeCpus: Math.min(1024, Math.round(input.cores)) };
  else assumptions.push('assumptions.nodeCpus: the server did not report its cores; qsize assumes its default');
  if (input.writesPerSecond !== undefined && input.writesPerSecond > 0) {
    spec['assumptions'] = { ...(spec['assumptions'] as Record<string, unknown> | undefined), writesPerSecond: input.writesPerSecond };
    assumptions.push(
      `assumptions.writesPerSecond: ${formatCount(input.writesPerSecond)} points written per second, as --writes states it (the API reports no write rate): each shard's WAL is predicted at the top of its sawtooth plus a flush interval of them`,
    );
  }

  const sample = input.sample === undefined ? undefined : points(input.sample);
  const n = sample?.length ?? 0;
  if (sample === undefined || n === 0) {
    assumptions.push(
      sample === undefined
        ? 'payload, sparse non-zeros and multivector sizes: no sample was read; qsize assumes no payload and its defaults'
        : 'payload, sparse non-zeros and multivector sizes: the collection returned no points to sample',
    );
  }

  // Point ids: a UUID id is a string in the reply.
  if (sample && n > 0) spec['pointIdType'] = sample.some((p) => typeof p.id === 'string') ? 'uuid' : 'numeric';
  else assumptions.push('pointIdType: numeric (not sampled)');

  // Payload: the serialized JSON of each sampled point (serde_json writes it compactly, as JSON.stringify does).
  const schema = isRecord(info['payload_schema']) ? info['payload_schema'] : {};
  if (sample && n > 0) {
    const sizes = sample.map((p) => (isRecord(p.payload) && Object.keys(p.payload).length > 0 ? utf8(JSON.stringify(p.payload)) : 0));
    const avg = mean(sizes);
    if (avg > 0 || Object.keys(schema).length > 0) {
      const indexes = Object.entries(schema).map(([field, s]) => indexSpec(field, s, sample, assumptions));
      spec['payload'] = { avgBytes: Math.min(LIMITS.maxPayloadBytes, Math.round(avg)), indexes };
      assumptions.push(`payload.avgBytes: ${Math.round(avg)} B, the mean serialized JSON of ${n} sampled points (the first ${n} by id, not a random sample)`);
      assumptions.push('payload.compressionRatio: qsize default (Qdrant does not report the compressed size)');
    }
  } else if (Object.keys(schema).length > 0) {
    spec['payload'] = { avgBytes: 0, indexes: Object.entries(schema).map(([field, s]) => indexSpec(field, s, [], assumptions)) };
    assumptions.push('payload.avgBytes: 0 (not sampled): the payload storage is left out of the prediction');
  }

  // Multivectors and sparse vectors: averages from the sample.
  const vectors = collection['vectors'];
  const named: Record<string, unknown> = isRecord(vectors) && typeof vectors['size'] === 'number' ? { '': vectors } : isRecord(vectors) ? vectors : {};
  const multivector: Record<string, number> = {};
  for (const [vname, params] of Object.entries(named)) {
    if (!isRecord(params) || !isRecord(params['multivector_config'])) continue;
    const counts = (sample ?? []).map((p) => vectorOf(p, vname)).filter(Array.isArray).map((v) => v.length);
    if (counts.length > 0) multivector[vname] = round2(Math.min(LIMITS.maxMultivectorAvg, Math.max(1, mean(counts))));
    else assumptions.push(`multivector["${vname}"]: not sampled; qsize assumes its default`);
  }
  if (Object.keys(multivector).length > 0) spec['multivector'] = multivector;
  const sparseNames = isRecord(collection['sparse_vectors']) ? Object.keys(collection['sparse_vectors']) : [];
  const sparse: Record<string, number> = {};
  for (const sname of sparseNames) {
    const nnz = (sample ?? []).map((p) => vectorOf(p, sname)).map((v) => (isRecord(v) && Array.isArray(v['indices']) ? v['indices'].length : 0));
    if (nnz.length > 0) sparse[sname] = round2(Math.min(LIMITS.maxSparseNonZeros, mean(nnz)));
    else assumptions.push(`sparse["${sname}"]: not sampled; qsize assumes its default`);
  }
  if (Object.keys(sparse).length > 0) spec['sparse'] = sparse;

  return { spec: fitToSchema(spec, assumptions), assumptions, sampledPoints: n };
}

const STRING_TYPES = new Set(['keyword', 'text', 'uuid']);

function indexSpec(field: string, s: unknown, sample: SamplePoint[], assumptions: string[]): Record<string, unknown> {
  const rec = isRecord(s) ? s : {};
  const type = typeof rec['data_type'] === 'string' ? rec['data_type'] : 'keyword';
  const params = isRecord(rec['params']) ? (dropNulls(rec['params']) as Record<string, unknown>) : undefined;
  const out: Record<string, unknown> = payloadIndexFromSchema(field, s);
  if (sample.length === 0) {
    assumptions.push(`payload index "${field}": values per point, value length and cardinality are qsize defaults (not sampled)`);
    return out;
  }
  const values = sample.map((p) => valuesAt(p.payload, field));
  out['valuesPerPoint'] = round2(Math.min(1000, mean(values.map((v) => v.length))));
  const flat = values.flat();
  if (STRING_TYPES.has(type)) {
    const strings = flat.filter((v): v is string => typeof v === 'string');
    if (strings.length > 0) out['avgValueBytes'] = round2(Math.min(65_536, mean(strings.map(utf8))));
  }
  if (type === 'text') Object.assign(out, textStats(field, params, flat, assumptions));
  const distinct = new Set(flat.map((v) => JSON.stringify(v))).size;
  // A sample cannot count rare values: only a field whose sampled values repeat a lot is given a cardinality.
  if (flat.length > 0 && distinct * 2 <= flat.length) {
    out['cardinality'] = distinct;
    assumptions.push(`payload index "${field}": cardinality ${distinct}, the distinct values in the sample (a lower bound: rare values may be missing)`);
  } else {
    assumptions.push(`payload index "${field}": cardinality is qsize's default (${distinct} distinct in ${flat.length} sampled values: too many to count from a sample)`);
  }
  return out;
}

/**
 * A text index's token statistics from the sampled values, tokenized as Qdrant's `word` tokenizer does (crates.io
 * qdrant-edge 0.9.0, src/segment/index/field_index/full_text_index/tokenizers/mod.rs `WordTokenizer`: split on every
 * character that is not `char::is_alphanumeric`, empty pieces dropped), lowercased unless `lowercase: false`, and kept
 * within `min_token_len`/`max_token_len` (characters):
 * - tokensPerValue: tokens per text value;
 * - avgTokenBytes: UTF-8 bytes of a distinct token (a vocabulary entry).
 * With the `prefix` tokenizer (`PrefixTokenizer`, same file) tokensPerValue is the words per value (the model derives
 * their prefixes: src/model/prefix-tokens.ts) and the prefixes are counted too: a word shorter than `min_token_len` is
 * dropped, else every prefix from `min_token_len` (unset: 1) to `max_token_len` characters is a token:
 * - prefixTokensPerValue: prefix tokens per text value (given, it beats the derived count);
 * - avgTokenBytes: UTF-8 bytes of a distinct prefix (the vocabulary entry).
 * Worked example: "The cat, the HAT" and "cat" give tokens the cat the hat / cat: 5 tokens over 2 values = 2.5 per
 * value; distinct the, cat, hat: (3 + 3 + 3) / 3 = 3 bytes. Stopwords, stemming and the other tokenizers are not
 * applied (an assumption says so); the vocabulary itself is left to Heaps' law, since a sample misses rare tokens.
 */
function textStats(field: string, params: Record<string, unknown> | undefined, values: unknown[], assumptions: string[]): Record<string, number> {
  const strings = values.filter((v): v is string => typeof v === 'string');
  if (strings.length === 0) return {};
  const lowercase = params?.['lowercase'] !== false;
  const min = typeof params?.['min_token_len'] === 'number' ? params['min_token_len'] : 0;
  const max = typeof params?.['max_token_len'] === 'number' ? params['max_token_len'] : Number.POSITIVE_INFINITY;
  const tokenizer = typeof params?.['tokenizer'] === 'string' ? params['tokenizer'] : 'word';
  const limits = { min: typeof params?.['min_token_len'] === 'number' ? params['min_token_len'] : undefined, max: typeof params?.['max_token_len'] === 'number' ? params['max_token_len'] : undefined };
  let tokens = 0;
  let words = 0;
  const distinct = new Set<string>();
  for (const text of strings) {
    for (const piece of text.split(/[^\p{Alphabetic}\p{N}]+/u)) {
      const word = [...(lowercase ? piece.toLowerCase() : piece)];
      if (word.length === 0) continue;
      if (tokenizer === 'prefix') {
        // PrefixTokenizer: a word shorter than min_token_len is dropped, else its prefixes of min_token_len (unset: 1)
        // to max_token_len characters (the model's rule: prefixLengthsOfWord).
        words++;
        const { from, to } = prefixLengthsOfWord(word.length, limits);
        for (let n = from; n <= to; n++) {
          tokens++;
          distinct.add(word.slice(0, n).join(''));
        }
      } else if (word.length >= min && word.length <= max) {
        tokens++;
        distinct.add(word.join(''));
      }
    }
  }
  const applied = tokenizer === 'word' || tokenizer === 'prefix' ? '' : ` (the index uses the ${tokenizer} tokenizer: counted as word tokens)`;
  const extra = params?.['stopwords'] !== undefined || params?.['stemmer'] !== undefined ? '; stopwords and stemming are not applied, so tokens are an upper bound' : '';
  const counted = tokenizer === 'prefix' ? `${words} words and ${tokens} prefix tokens` : `${tokens} word tokens`;
  assumptions.push(`payload index "${field}": ${counted} in ${strings.length} sampled text values${applied}${extra}; the vocabulary follows Heaps' law`);
  const out: Record<string, number> =
    tokenizer === 'prefix'
      ? { tokensPerValue: round2(Math.min(1_000_000, words / strings.length)), prefixTokensPerValue: round2(Math.min(10_000_000, tokens / strings.length)) }
      : { tokensPerValue: round2(Math.min(1_000_000, tokens / strings.length)) };
  if (distinct.size > 0) out['avgTokenBytes'] = round2(Math.min(1024, Math.max(1, mean([...distinct].map(utf8)))));
  return out;
}

/**
 * Keeps the spec loadable by `qsize --spec`: a field the schema does not know (a newer server's setting) is
 * dropped and listed, so the spec still validates; any other schema error is left for the caller to see.
 */
function fitToSchema(spec: Record<string, unknown>, assumptions: string[]): WorkloadInput {
  for (let i = 0; i < 16; i++) {
    const r = Workload.safeParse(spec);
    if (r.success) break;
    let dropped = false;
    for (const issue of r.error.issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      let at: unknown = spec;
      for (const p of issue.path) at = isRecord(at) ? at[String(p)] : undefined;
      if (!isRecord(at)) continue;
      for (const k of issue.keys) {
        delete at[k];
        assumptions.push(`${[...issue.path, k].join('.')}: dropped, qsize's schema does not know this setting`);
        dropped = true;
      }
    }
    if (!dropped) break;
  }
  return spec as WorkloadInput;
}
