/**
 * The committed measurements of the real Qdrant v1.19.0 server (test/calibration/server_harness.py,
 * data/calibration/server-v1.19.0/*.json; never run here) and the workload each one is: shared by the server accuracy
 * tests (server-matrix.test.ts, scale.test.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkloadInput } from '../../src/index.js';

const DIR = 'data/calibration/server-v1.19.0';

export interface Sample {
  label: string;
  status: Record<string, number>;
  maps: number;
  by_group: Record<string, { maps: number; rss: number; anonymous: number; size: number }>;
  smaps_rollup: Record<string, number>;
}
export interface ServerRun {
  config: { id: string; n: number; d: number; payload: boolean; indexes: [string, string][]; cpus: string; collection?: boolean; shard_number: number | null; bulk?: number; cluster?: boolean; batch?: number };
  collection_body?: Record<string, any>;
  /** Bulk loads: the body after the upload's PATCH (indexing_threshold back from 0 to `config.bulk` KB). */
  collection_body_final?: Record<string, any>;
  steady: Sample;
  samples: Sample[];
  after_restart?: Sample;
  du_collection?: { allocated_bytes: number; apparent_bytes: number };
  errors: string[];
}

/** Every committed server run (shard-skew.json aside), sorted by file name. */
export const loadServerRuns = (): ServerRun[] =>
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json') && f !== 'shard-skew.json')
    .sort()
    .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as ServerRun);

/**
 * The generated payload, from the harness's generator replayed offline (test/calibration/harness.py gen_payload,
 * seed 49, 100,000 points): 158.2 B of compact JSON per point; LZ4 ratio 0.95 and the two indexed fields as in
 * test/accuracy/engine.test.ts ("category": 100 values of 5.9 B; "price": uniform over 1,000,000 integers).
 */
const payloadFor = (n: number, indexes: [string, string][]) => ({
  avgBytes: 158.2,
  compressionRatio: 0.95,
  indexes: indexes.map(([field_name, type]) =>
    type === 'keyword'
      ? { field_name, field_schema: 'keyword' as const, cardinality: 100, avgValueBytes: 5.9 }
      : { field_name, field_schema: 'integer' as const, cardinality: Math.round(1e6 * (1 - Math.exp(-n / 1e6))) },
  ),
});

/** The collection as the optimizer last saw it: a bulk load's final body (indexing on), else the body it was created with. */
export function finalBody(r: ServerRun): Record<string, any> {
  if (r.collection_body_final) return r.collection_body_final;
  const body = r.collection_body ?? { vectors: { size: 384, distance: 'Cosine' } };
  // Runs written before the harness recorded the final body: the PATCH set indexing_threshold to `bulk`.
  return r.config.bulk ? { ...body, optimizers_config: { ...body['optimizers_config'], indexing_threshold: r.config.bulk } } : body;
}

export function workloadFor(r: ServerRun): WorkloadInput {
  const cpus = r.config.cpus.split(',').length;
  return {
    points: Math.max(1, r.config.n),
    qdrantVersion: '1.19.0',
    collection: finalBody(r) as never,
    ...(r.config.payload ? { payload: payloadFor(r.config.n, r.config.indexes) } : {}),
    // The harness searched one query at a time; `empty-server-cluster` ran with cluster.enabled.
    // Bulk loads (`config.bulk`): indexing off during the upload, then back on (assumptions.bulkLoad). The harness's
    // requests of `config.batch` points are the WAL's entries (assumptions.uploadBatchPoints).
    assumptions: {
      nodeCpus: cpus,
      searchThreads: 1,
      ...(r.config.cluster ? { clusterMode: true } : {}),
      ...(r.config.bulk ? { bulkLoad: true } : {}),
      ...(r.config.batch ? { uploadBatchPoints: r.config.batch } : {}),
    },
  };
}

