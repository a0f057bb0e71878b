/**
 * Golden scenarios built from real plans: `recommend(workload, constraints)` on the shipped catalogs, with fixed
 * emit options so that the output is deterministic. The hand-built plans in fixtures.ts stay for unit tests that
 * need exact, artificial numbers.
 *
 * A catalog refresh or a model change moves these plans; regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/emit/golden.test.ts` and re-check the goldens by hand (docs/emit.md).
 */
import type { EmitOptionsInput } from '../../src/emit/index.js';
import { recommend, type Plan, type PlanConstraintsInput, type Recommendation } from '../../src/plan/index.js';
import type { WorkloadInput } from '../../src/spec/workload.js';

export interface RealScenario {
  name: string;
  workload: WorkloadInput;
  constraints: PlanConstraintsInput;
  options: EmitOptionsInput;
  recommendation: Recommendation;
  plan: Plan;
}

function scenario(name: string, workload: WorkloadInput, constraints: PlanConstraintsInput, options: EmitOptionsInput): RealScenario {
  const recommendation = recommend(workload, constraints);
  return { name, workload, constraints, options, recommendation, plan: recommendation.plan };
}

/** (a) 1M x 384-d float32, one peer allowed, replication 1, no failures tolerated. No API key, no TLS. */
export const small = scenario(
  'small-single-node',
  { points: '1M', collection: { vectors: { size: 384, distance: 'Cosine' } } },
  { replicationFactor: 1, toleratedNodeFailures: 0, placement: { maxNodes: 1 } },
  { clusterId: 'dev-1', name: 'qdrant', namespace: 'qdrant', customerId: 'acme-industries' },
);

/** (b) 10M x 768-d float32, replication 2, one failure tolerated (defaults) -> 3 peers; payload indexes, API keys, TLS. */
export const ha = scenario(
  'ha-3-peers-rf2',
  {
    points: '10M',
    collection: { vectors: { size: 768, distance: 'Cosine' }, hnsw_config: { m: 16, ef_construct: 128 } },
    payload: {
      avgBytes: '1KiB',
      indexes: [
        { field_name: 'tenant_id', field_schema: { type: 'keyword', is_tenant: true } },
        { field_name: 'created_at', field_schema: 'datetime' },
      ],
    },
  },
  { replicationFactor: 2, toleratedNodeFailures: 1 },
  {
    clusterId: 'a7d8d973-0cc5-42de-8d7b-c29d14d24840',
    name: 'search',
    namespace: 'vectordb',
    customerId: 'acme-industries',
    collectionName: 'documents',
    apiKeySecret: { name: 'qdrant-api-key', key: 'api-key' },
    readOnlyApiKeySecret: { name: 'qdrant-api-key', key: 'read-only-api-key' },
    tls: { secretName: 'qdrant-tls' },
    allowedNamespaces: ['rag-app', 'ingest'],
    storageClass: 'gp3',
  },
);

/** (c) 100M x 768-d with int8 scalar quantization given in the workload (RAM), Qdrant 1.18.2 (legacy flags). */
export const scalar = scenario(
  'scalar-100m',
  {
    points: '100M',
    qdrantVersion: '1.18.2',
    collection: {
      vectors: { size: 768, distance: 'Dot' },
      quantization_config: { scalar: { type: 'int8', quantile: 0.99, always_ram: true } },
    },
    payload: { avgBytes: 256, indexes: [{ field_name: 'lang', field_schema: 'keyword' }] },
  },
  { replicationFactor: 2 },
  {
    clusterId: 'prod-sq',
    name: 'vectors',
    namespace: 'search',
    customerId: 'acme-industries',
    apiKeySecret: { name: 'qdrant-keys', key: 'api-key' },
    allowedNamespaces: ['api'],
    storageClass: 'gp3',
  },
);

/** (d) 1B x 1536-d, binary quantization pinned in RAM, originals on disk (given in the workload). */
export const binary = scenario(
  'binary-1b-on-disk',
  {
    points: '1B',
    collection: {
      vectors: { size: 1536, distance: 'Cosine', on_disk: true },
      quantization_config: { binary: { always_ram: true } },
    },
  },
  { replicationFactor: 2 },
  {
    clusterId: 'bq-1b',
    name: 'bq',
    namespace: 'qdrant',
    customerId: 'acme-industries',
    apiKeySecret: { name: 'qdrant-keys', key: 'api-key' },
    tls: { secretName: 'bq-tls' },
    allowedNamespaces: ['retrieval'],
    storageClass: 'gp3',
  },
);

/** (e) 50M x 1024-d float32, HNSW built on a GPU (NVIDIA, one full rebuild a month). */
export const gpu = scenario(
  'gpu-indexing',
  { points: '50M', collection: { vectors: { size: 1024, distance: 'Cosine' } } },
  { replicationFactor: 2, gpuIndexing: { enabled: true } },
  { clusterId: 'gpu-idx', name: 'gpu', namespace: 'qdrant', customerId: 'acme-industries', apiKeySecret: { name: 'qdrant-keys', key: 'api-key' } },
);

/**
 * (f) The small workload of (a) on Qdrant 1.19.0, the newest version the KubeBlocks qdrant addon serves (the default,
 * 1.20.0, is not among its serviceVersions, so (a)-(e) write no kubeblocks/ files): its Cluster and chart values.
 */
export const kubeBlocks = scenario(
  'kubeblocks-1-19',
  { points: '1M', qdrantVersion: '1.19.0', collection: { vectors: { size: 384, distance: 'Cosine' } } },
  { replicationFactor: 1, toleratedNodeFailures: 0, placement: { maxNodes: 1 } },
  { clusterId: 'dev-1', name: 'qdrant', namespace: 'qdrant', customerId: 'acme-industries' },
);

/**
 * (g) 10M x 768-d float32 on Qdrant 1.19.0 (so the KubeBlocks files are written too) in 3 zones (--zones 3): 3 peers,
 * one per zone, so RF 2 > ceil(3/3) = 1; every target's zone spread is DoNotSchedule and the README says the zone result.
 */
export const zones = scenario(
  'zones-3-rf2',
  { points: '10M', qdrantVersion: '1.19.0', collection: { vectors: { size: 768, distance: 'Cosine' } } },
  { zones: 3, placement: { cloud: 'aws', families: ['r6i'] } },
  { clusterId: 'zoned', name: 'qdrant', namespace: 'qdrant', customerId: 'acme-industries' },
);

export const REAL_SCENARIOS: RealScenario[] = [small, ha, scalar, binary, gpu, kubeBlocks, zones];
