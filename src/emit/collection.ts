/**
 * The collection-creation request body (`PUT /collections/{name}`) for the planned Qdrant version,
 * and one `PUT /collections/{name}/index` body per payload index. The user's collection config
 * (plan.workload.collection, in Qdrant's own shapes) is the starting point; the plan overrides
 * shard_number, replication_factor, write_consistency_factor and the optimizer settings it relies
 * on. Storage placement is written in the target version's vocabulary: the `memory` tiers for
 * 1.19+, `on_disk`/`always_ram`/`on_disk_payload` before (translations in docs/emit.md).
 * JSON carries no comments: the header for these files is in the README that renderAll emits.
 */
import { QsizeInputError } from '../errors.js';
import { featuresFor } from '../model/versions.js';
import type { Plan } from '../plan/types.js';
import type { PayloadIndex } from '../spec/workload.js';
import { parseEmitOptions, type EmitOptions, type EmitOptionsInput } from './options.js';
import { createCollectionSchema, createFieldIndexSchema } from './schemas/collection.js';
import { checkAgainst } from './schemas/check.js';
import { deriveSizing, type Sizing } from './sizing.js';
import { prune, setEntry, toJson } from './yaml.js';

type Json = Record<string, unknown>;
type Tier = 'cold' | 'cached' | 'pinned';

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Drops null/undefined (GET /collections returns nulls for unset fields). */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (isObj(v)) {
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) setEntry(out, k, clean(x));
    return out;
  }
  return v;
}

/**
 * Moves a component's placement to the target vocabulary.
 * - `legacy` is the deprecated boolean (`on_disk` or `always_ram`), `tierOf` maps it to a tier,
 *   `legacyOf` maps a tier back (undefined = drop, the default applies).
 */
function place(
  obj: Json,
  legacyKey: 'on_disk' | 'always_ram',
  tiers: boolean,
  tierOf: (b: boolean) => Tier | undefined,
  legacyOf: (t: Tier) => boolean | undefined,
): Json {
  const out: Json = { ...obj };
  const legacy = out[legacyKey];
  const memory = out['memory'] as Tier | undefined;
  if (tiers) {
    if (memory === undefined && typeof legacy === 'boolean') {
      const t = tierOf(legacy);
      if (t !== undefined) out['memory'] = t;
    }
    delete out[legacyKey];
  } else {
    if (memory !== undefined) {
      const b = legacyOf(memory);
      if (b === undefined) delete out[legacyKey];
      else out[legacyKey] = b;
    }
    delete out['memory'];
  }
  return out;
}

const onDiskTier = (b: boolean): Tier => (b ? 'cold' : 'cached');
const tierOnDisk = (t: Tier): boolean => t === 'cold';

function placeHnsw(h: Json, tiers: boolean): Json {
  return place(h, 'on_disk', tiers, onDiskTier, tierOnDisk);
}

/**
 * A quantization config in the version's words: the always_ram / memory tier (see place), and before 1.15 a binary
 * config without `encoding`, which that version's BinaryQuantizationConfig lacks (always_ram only at v1.14.1,
 * lib/segment/src/types.rs): `--quantization binary-1` writes `encoding: one_bit`, the default, and the model refuses
 * any other encoding there (src/model/resolve.ts), so leaving it out changes nothing Qdrant does.
 */
function placeQuantization(q: unknown, tiers: boolean, binaryEncoding: boolean): unknown {
  if (!isObj(q)) return q;
  const out: Json = {};
  for (const [kind, params] of Object.entries(q)) {
    let p = isObj(params)
      ? place(params, 'always_ram', tiers, (b) => (b ? 'pinned' : undefined), (t) => (t === 'pinned' ? true : t === 'cold' ? false : undefined))
      : params;
    if (kind === 'binary' && !binaryEncoding && isObj(p) && p['encoding'] === 'one_bit') {
      const { encoding: _default, ...rest } = p;
      p = rest;
    }
    out[kind] = p;
  }
  return out;
}

function placeVector(v: Json, tiers: boolean, binaryEncoding: boolean): Json {
  let out = place(v, 'on_disk', tiers, onDiskTier, tierOnDisk);
  if (isObj(out['hnsw_config'])) out = { ...out, hnsw_config: placeHnsw(out['hnsw_config'], tiers) };
  if (out['quantization_config'] !== undefined) out = { ...out, quantization_config: placeQuantization(out['quantization_config'], tiers, binaryEncoding) };
  return out;
}

/** The dense vector params of a collection config, single (`{ size, ... }`) or named (`{ name: { size, ... } }`). */
function denseVectors(vectors: unknown): Json[] {
  if (!isObj(vectors)) return [];
  if (typeof vectors['size'] === 'number') return [vectors];
  return Object.values(vectors).filter(isObj);
}

/** True when a vector of the collection says `quantization_config: "Disabled"`. */
export function disablesQuantizationPerVector(collection: unknown): boolean {
  return isObj(collection) && denseVectors(collection['vectors']).some((v) => v['quantization_config'] === 'Disabled');
}

/**
 * `"Disabled"` is a `QuantizationConfigDiff` variant (PATCH /collections/{name}); `CreateCollection`'s
 * `VectorParams.quantization_config` is a `QuantizationConfig` only (OpenAPI v1.18.2 and v1.19.0), so the create
 * request cannot carry it. The same effective config is written instead: a vector's quantization is its own, else the
 * collection's. When a vector disables it, the collection-level config moves into every vector that has none of its
 * own, the `"Disabled"` ones get none, and the collection level is left unset.
 */
function withoutDisabledQuantization(src: Json): Json {
  if (!disablesQuantizationPerVector(src)) return src;
  const collectionLevel = src['quantization_config'];
  const push = (v: Json): Json => {
    const { quantization_config: q, ...rest } = v;
    if (q === 'Disabled') return rest;
    if (q === undefined && collectionLevel !== undefined) return { ...rest, quantization_config: structuredClone(collectionLevel) };
    return v;
  };
  const { quantization_config: _moved, ...out } = src;
  const vectors = src['vectors'];
  if (isObj(vectors) && typeof vectors['size'] === 'number') out['vectors'] = push(vectors);
  else if (isObj(vectors)) out['vectors'] = Object.fromEntries(Object.entries(vectors).map(([name, v]) => [name, isObj(v) ? push(v) : v]));
  return out;
}

export function buildCollectionBody(plan: Plan, s: Sizing): Json {
  const f = featuresFor(s.version);
  const tiers = f.memoryTiers;
  const src = withoutDisabledQuantization(clean(plan.workload.collection) as Json);
  const body: Json = {};

  if (src['vectors'] !== undefined) {
    const v = src['vectors'];
    if (isObj(v) && typeof v['size'] === 'number') body['vectors'] = placeVector(v, tiers, f.binaryMultiBit);
    else if (isObj(v)) {
      const named: Json = {};
      for (const [name, params] of Object.entries(v)) setEntry(named, name, isObj(params) ? placeVector(params, tiers, f.binaryMultiBit) : params);
      body['vectors'] = named;
    }
  }
  body['shard_number'] = plan.shardNumber;
  if (src['sharding_method'] !== undefined) body['sharding_method'] = src['sharding_method'];
  body['replication_factor'] = plan.replicationFactor;
  body['write_consistency_factor'] = plan.writeConsistencyFactor;

  const payloadMemory = isObj(src['payload']) ? (src['payload']['memory'] as Tier | undefined) : undefined;
  const onDiskPayload = src['on_disk_payload'] as boolean | undefined;
  if (tiers) {
    const tier = payloadMemory ?? (onDiskPayload === undefined ? undefined : onDiskTier(onDiskPayload));
    if (tier !== undefined) body['payload'] = { memory: tier === 'pinned' ? 'cached' : tier };
  } else {
    const b = payloadMemory !== undefined ? tierOnDisk(payloadMemory) : onDiskPayload;
    if (b !== undefined) body['on_disk_payload'] = b;
  }

  // The id tracker's tier (1.20+; the model refuses it on an earlier version, src/model/resolve.ts).
  if (f.idTrackerTiers && isObj(src['id_tracker'])) body['id_tracker'] = src['id_tracker'];
  if (isObj(src['hnsw_config'])) body['hnsw_config'] = placeHnsw(src['hnsw_config'], tiers);
  if (isObj(src['wal_config'])) body['wal_config'] = src['wal_config'];

  const optimizers: Json = isObj(src['optimizers_config']) ? { ...src['optimizers_config'] } : {};
  if (s.maxSegmentSizeKb !== undefined) {
    const user = optimizers['max_segment_size'];
    optimizers['max_segment_size'] = typeof user === 'number' ? Math.min(user, s.maxSegmentSizeKb) : s.maxSegmentSizeKb;
  }
  if (plan.optimizers.max_optimization_threads !== undefined) optimizers['max_optimization_threads'] = plan.optimizers.max_optimization_threads;
  if (plan.optimizers.default_segment_number !== undefined) optimizers['default_segment_number'] = plan.optimizers.default_segment_number;
  if (Object.keys(optimizers).length > 0) body['optimizers_config'] = optimizers;

  if (src['quantization_config'] !== undefined) body['quantization_config'] = placeQuantization(src['quantization_config'], tiers, f.binaryMultiBit);
  if (isObj(src['sparse_vectors'])) {
    const sparse: Json = {};
    for (const [name, params] of Object.entries(src['sparse_vectors'])) {
      if (!isObj(params)) continue;
      const p: Json = { ...params };
      if (isObj(p['index'])) {
        p['index'] = place(p['index'], 'on_disk', tiers, (b) => (b ? 'cold' : 'pinned'), (t) => t === 'cold');
      }
      setEntry(sparse, name, p);
    }
    body['sparse_vectors'] = sparse;
  }
  return prune(body);
}

export interface CollectionRequest {
  method: 'PUT';
  /** `/collections/<name>` or `/collections/<name>/index` */
  path: string;
  body: Json;
  /** File name the body is written to by renderAll. */
  file: string;
}

export function buildCollectionRequests(plan: Plan, options: EmitOptions, s: Sizing): CollectionRequest[] {
  const name = options.collectionName;
  const body = checkAgainst(createCollectionSchema(s.version), buildCollectionBody(plan, s), 'collection.json');
  const requests: CollectionRequest[] = [{ method: 'PUT', path: `/collections/${name}`, body, file: 'collection/create-collection.json' }];
  const indexes: PayloadIndex[] = plan.workload.payload?.indexes ?? [];
  indexes.forEach((idx, i) => {
    const fieldSchema = isObj(idx.field_schema) ? (clean(idx.field_schema) as Json) : idx.field_schema;
    const indexBody = { field_name: idx.field_name, field_schema: fieldSchema };
    const parsed = createFieldIndexSchema(s.version).safeParse(indexBody);
    if (!parsed.success) {
      throw new QsizeInputError(`workload.payload.indexes.${i}`, idx.field_name, `a payload index Qdrant ${s.version} accepts (field_schema a type or {type, ...that type's params})`);
    }
    requests.push({
      method: 'PUT',
      path: `/collections/${name}/index`,
      body: indexBody,
      file: `collection/payload-index-${String(i + 1).padStart(2, '0')}.json`,
    });
  });
  return requests;
}

/** Returns the requests; each body serializes with `JSON.stringify(body, null, 2)` (see renderAll). */
export function renderCollectionRequests(plan: Plan, optionsInput?: EmitOptionsInput | EmitOptions): CollectionRequest[] {
  const options = parseEmitOptions(optionsInput);
  return buildCollectionRequests(plan, options, deriveSizing(plan, options));
}

export function collectionRequestFiles(requests: CollectionRequest[]): { path: string; content: string }[] {
  return requests.map((r) => ({ path: r.file, content: toJson(r.body) }));
}
