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
