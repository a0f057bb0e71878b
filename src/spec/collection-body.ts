/**
 * The three shapes a user may paste for a collection, normalized to the create-collection body: the body of
 * `PUT /collections/{name}`, the `config` of `GET /collections/{name}` (`{ params: {...}, hnsw_config,
 * optimizer_config, wal_config, quantization_config }`), or the whole GET response (`{ result: { config } }`).
 * No schema here (the CLI's flag mapping uses it before --help-cheap code loads zod); src/spec/workload.ts
 * validates the result.
 */
import { isRecord } from './limits.js';

export function collectionBody(raw: unknown): unknown {
  let value: unknown = raw;
  if (isRecord(value) && isRecord(value['result'])) value = value['result'];
  if (isRecord(value) && isRecord(value['config'])) value = value['config'];
  if (isRecord(value) && isRecord(value['params'])) {
    const { params, optimizer_config, strict_mode_config, metadata, ...rest } = value;
    void strict_mode_config;
    void metadata;
    return { ...(params as Record<string, unknown>), ...rest, ...(optimizer_config !== undefined ? { optimizers_config: optimizer_config } : {}) };
  }
  return value;
}

/**
 * The `payload_schema` of a pasted `GET /collections/{name}` reply (the whole reply, `{ result: { config,
 * payload_schema } }`, or its `result`), when it names at least one field; the create body has no such key, so
 * collectionBody leaves it behind and the workload takes it up as its payload indexes (payloadIndexesFromSchema).
 */
export function payloadSchemaOf(raw: unknown): Record<string, unknown> | undefined {
  const info = isRecord(raw) && isRecord(raw['result']) ? raw['result'] : raw;
  const schema = isRecord(info) ? info['payload_schema'] : undefined;
  return isRecord(schema) && Object.keys(schema).length > 0 ? schema : undefined;
}

/** Drops Qdrant's `null`s (unset values), keeping every field name as Qdrant spells it. */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = dropNulls(x);
  return out;
}

/**
 * One `payload_schema` entry (`{ data_type, params, points }`, Qdrant's PayloadIndexInfo) as a payload index of the
 * workload: the field's type, with its params when Qdrant reports any beyond the type. The entry says how many points
 * the field is indexed on, not how many values, how long or how distinct: those stay qsize's defaults.
 */
export function payloadIndexFromSchema(field: string, entry: unknown): { field_name: string; field_schema: unknown } {
  const rec = isRecord(entry) ? entry : {};
  const type = typeof rec['data_type'] === 'string' ? rec['data_type'] : 'keyword';
  const params = isRecord(rec['params']) ? (dropNulls(rec['params']) as Record<string, unknown>) : undefined;
  return { field_name: field, field_schema: params && Object.keys(params).length > 1 ? { ...params, type } : type };
}

/**
 * The `points_count` of a pasted `GET /collections/{name}` reply (the whole reply or its `result`), when it is a whole
 * number of at least 1 (an empty collection has nothing to size; its workload needs its points given).
 */
export function pointsCountOf(raw: unknown): number | undefined {
  const info = isRecord(raw) && isRecord(raw['result']) ? raw['result'] : raw;
  const count = isRecord(info) && isRecord(info['config']) ? info['points_count'] : undefined;
  return typeof count === 'number' && Number.isSafeInteger(count) && count >= 1 ? count : undefined;
}

/**
 * What a workload whose pasted collection is a `GET /collections/{name}` reply takes from the reply beside its config,
 * wherever the workload comes from (a spec file's `collection:`, the whole reply as the spec file, the library):
 * - its `points_count` as `points`, when the workload gives none (given `points`, or `--vectors`, win);
 * - its `payload_schema` as `payload.indexes`, when the workload gives none, each marked `fromPayloadSchema` (the
 *   estimate warns that their statistics are defaults); without a payload size the payload is 0 bytes, as the warning
 *   says.
 * Any other input is returned as it is.
 */
export function liftReply(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  let out = raw;
  const count = raw['points'] === undefined ? pointsCountOf(raw['collection']) : undefined;
  if (count !== undefined) out = { ...out, points: count };
  const schema = payloadSchemaOf(raw['collection']);
  const payload = isRecord(raw['payload']) ? raw['payload'] : { avgBytes: 0 };
  if (schema !== undefined && payload['indexes'] === undefined) {
    const indexes = Object.entries(schema).map(([field, entry]) => ({ ...payloadIndexFromSchema(field, entry), fromPayloadSchema: true }));
    out = { ...out, payload: { ...payload, indexes } };
  }
  return out;
}
