/**
 * Hand-built plans for the emitter tests (until the golden scenarios switch to recommend()).
 * Numbers are realistic for the workloads (float32 vectors = 4 * dim bytes, HNSW m=16 graphs,
 * int8 scalar = dim + 4 bytes, binary = dim / 8 bytes, AWS allocatable memory), but they are fixtures:
 * the emitters only copy and round them.
 */
import type { Estimate } from '../../src/model/types.js';
import type { Plan } from '../../src/plan/types.js';
import { FIXTURE_PAYLOAD_LAYOUT } from '../plan/fixtures.js';
import { Workload, type WorkloadInput } from '../../src/spec/workload.js';
import type { EmitOptionsInput } from '../../src/emit/index.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const GB = 1e9;

function estimate(version: string, points: number, residentBytes: number, pageCacheBytes: number, diskBytes: number, shards: number): Estimate {
  const range = (x: number) => ({ low: x, expected: x, high: x });
  return {
    schemaVersion: 'qsize.estimate/v1',
    qdrantVersion: version,
    points,
    layout: {
      shardNumber: shards,
      pointsPerShard: Math.ceil(points / shards),
      segmentsPerShard: 4,
      pointsPerSegment: Math.ceil(points / shards / 4),
      segmentsTotal: shards * 4,
      indexed: true,
      indexingThresholdBytes: 10_000 * 1024,
      maxSegmentBytes: 256_000 * 1024 * 4,
      nodeCpus: 8,
      ...FIXTURE_PAYLOAD_LAYOUT,
      reason: 'fixture',
    },
    memory: {
      residentBytes,
      pageCacheBytes,
      peakBytes: Math.round(residentBytes * 1.3),
      residentRange: range(residentBytes),
      pageCacheRange: range(pageCacheBytes),
      peakRange: range(Math.round(residentBytes * 1.3)),
    },
    disk: { bytes: diskBytes, peakBytes: Math.round(diskBytes * 1.2), range: range(diskBytes), apparentBytes: diskBytes },
    lineItems: [],
    warnings: [],
    assumptions: {},
  } as unknown as Estimate; // minimal: the emitters read only disk.bytes; the Estimate contract is still moving
}

/** Shard replicas round-robin over the peers: shard s on peers s, s+1, ... (mod peers). */
function placement(peers: number, shards: number, rf: number): Plan['placement'] {
  const out = Array.from({ length: peers }, (_, peer) => ({ peer, shards: [] as number[] }));
  for (let s = 0; s < shards; s += 1) for (let r = 0; r < rf; r += 1) out[(s + r) % peers]!.shards.push(s);
  return out;
}

interface PlanArgs {
  version: string;
  workload: WorkloadInput;
  peers: number;
  shards: number;
  rf: number;
  wcf: number;
  node: Plan['node'];
  residentBytes: number;
  pageCacheBytes: number;
  memoryRequestBytes: number;
  cpuCores: number;
  diskBytes: number;
  volumeBytes: number;
  snapshotVolumeBytes: number;
  storageClass?: string;
  gpu?: Plan['gpu'];
  optimizers?: Plan['optimizers'];
  est: { resident: number; cache: number; disk: number };
}

function plan(a: PlanArgs): Plan {
  const workload = Workload.parse({ ...a.workload, qdrantVersion: a.version });
  return {
    schemaVersion: 'qsize.plan/v1',
    qdrantVersion: a.version,
    catalogDate: '2026-08-21',
    peers: a.peers,
    shardNumber: a.shards,
    replicationFactor: a.rf,
    writeConsistencyFactor: a.wcf,
    placement: placement(a.peers, a.shards, a.rf),
    node: a.node,
    perPeer: {
      busiestPeer: 0,
      replicas: Math.ceil((a.shards * a.rf) / a.peers),
      residentBytes: a.residentBytes,
      pageCacheBytes: a.pageCacheBytes,
      peakBytes: Math.round(a.residentBytes * 1.3),
      diskBytes: a.diskBytes,
      // The fixtures state no uncertainty: each range is its value.
      residentRange: { low: a.residentBytes, high: a.residentBytes },
      pageCacheRange: { low: a.pageCacheBytes, high: a.pageCacheBytes },
      peakRange: { low: Math.round(a.residentBytes * 1.3), high: Math.round(a.residentBytes * 1.3) },
      diskRange: { low: a.diskBytes, high: a.diskBytes },
      // A plan carries deployable requests, rounded once by the planner (src/plan/resources.ts): whole MiB, half cores.
      memoryRequestBytes: Math.ceil(a.memoryRequestBytes / MiB - 1e-9) * MiB,
      cpuCores: Math.floor(a.cpuCores * 2 + 1e-9) / 2,
      volumeBytes: a.volumeBytes,
      snapshotVolumeBytes: a.snapshotVolumeBytes,
    },
    ...(a.storageClass !== undefined ? { storageClass: a.storageClass } : {}),
    ...(a.gpu !== undefined ? { gpu: a.gpu } : {}),
    optimizers: a.optimizers ?? {},
    checks: [{ id: 'ram-ceiling', name: 'memory fits', passed: true, detail: 'fixture', severity: 'error' }],
    cost: { monthlyUsd: 0, lineItems: [], warnings: [], notIncluded: [] },
    estimate: estimate(a.version, workload.points, a.est.resident, a.est.cache, a.est.disk, a.shards),
    workload,
  };
}

const node = (instanceType: string, vcpu: number, memGiB: number, allocGiB: number, price: number): Plan['node'] => ({
  cloud: 'aws',
  region: 'us-east-1',
  instanceType,
  family: instanceType.split('.')[0] ?? instanceType,
  arch: 'amd64',
  vcpu,
  memoryBytes: memGiB * GiB,
  allocatableMemoryBytes: allocGiB * GiB,
  // EKS CPU ladder: vcpu − kube-reserved (60 m + 10 m + 2 × 5 m + 2.5 m per core above 4).
  allocatableCpuCores: vcpu - (60 + (vcpu > 1 ? 10 : 0) + 5 * Math.min(Math.max(vcpu - 2, 0), 2) + 2.5 * Math.max(vcpu - 4, 0)) / 1000,
  schedulingMarginBytes: 0,
  pricePerHourUsd: price,
});

/** 1M x 768-d float32 on one node. */
export const smallSingleNode = plan({
  version: '1.19.0',
  workload: { points: '1M', collection: { vectors: { size: 768, distance: 'Cosine' } } },
  peers: 1,
  shards: 1,
  rf: 1,
  wcf: 1,
  node: node('m6i.xlarge', 4, 16, 14.4, 0.192),
  residentBytes: 0.45 * GiB,
  pageCacheBytes: 3.3 * GB,
  memoryRequestBytes: 5.2 * GiB,
  cpuCores: 1.6,
  diskBytes: 3.6 * GB,
  volumeBytes: 8.4 * GiB,
  snapshotVolumeBytes: 0,
  est: { resident: 0.45 * GiB, cache: 3.3 * GB, disk: 3.6 * GB },
});

/** 10M x 1536-d float32 + a sparse vector, 3 peers, replication 2, snapshots, API keys and TLS. */
export const ha3Peers = plan({
  version: '1.19.0',
  workload: {
    points: '10M',
    collection: {
      vectors: { dense: { size: 1536, distance: 'Cosine', on_disk: false } },
      sparse_vectors: { text: { modifier: 'idf' } },
      hnsw_config: { m: 16, ef_construct: 128 },
      on_disk_payload: true,
    },
    payload: {
      avgBytes: '1KiB',
      indexes: [
        { field_name: 'tenant_id', field_schema: { type: 'keyword', is_tenant: true } },
        { field_name: 'created_at', field_schema: 'datetime' },
      ],
    },
    sparse: { text: 120 },
  },
  peers: 3,
  shards: 6,
  rf: 2,
  wcf: 1,
  node: node('r6i.2xlarge', 8, 64, 58.6, 0.504),
  residentBytes: 2.1 * GiB,
  pageCacheBytes: 43.5 * GB,
  memoryRequestBytes: 52.3 * GiB,
  cpuCores: 6,
  diskBytes: 52 * GB,
  volumeBytes: 118.5 * GiB,
  snapshotVolumeBytes: 118.5 * GiB,
  storageClass: 'gp3',
  optimizers: { max_optimization_threads: 2 },
  est: { resident: 3.1 * GiB, cache: 65.2 * GB, disk: 70 * GB },
});

export const ha3Options: EmitOptionsInput = {
  clusterId: 'a7d8d973-0cc5-42de-8d7b-c29d14d24840',
  name: 'search',
  namespace: 'vectordb',
  customerId: 'acme-industries',
  collectionName: 'documents',
  apiKeySecret: { name: 'qdrant-api-key', key: 'api-key' },
  readOnlyApiKeySecret: { name: 'qdrant-api-key', key: 'read-only-api-key' },
  tls: { secretName: 'qdrant-tls' },
  allowedNamespaces: ['rag-app', 'ingest'],
};

/** 100M x 768-d, int8 scalar quantization kept in RAM, originals on disk, Qdrant 1.18.2. */
export const scalar100M = plan({
  version: '1.18.2',
  workload: {
    points: '100M',
    collection: {
      vectors: { size: 768, distance: 'Dot', on_disk: true },
      quantization_config: { scalar: { type: 'int8', quantile: 0.99, always_ram: true } },
      hnsw_config: { m: 16, ef_construct: 100 },
    },
    payload: { avgBytes: 256, indexes: [{ field_name: 'lang', field_schema: 'keyword' }] },
  },
  peers: 4,
  shards: 8,
  rf: 2,
  wcf: 1,
  node: node('r6i.4xlarge', 16, 128, 119.5, 1.008),
  residentBytes: 42.7 * GiB,
  pageCacheBytes: 16.4 * GB,
  memoryRequestBytes: 71.6 * GiB,
  cpuCores: 11.2,
  diskBytes: 215 * GB,
  volumeBytes: 480.3 * GiB,
  snapshotVolumeBytes: 0,
  storageClass: 'gp3',
  optimizers: { max_optimization_threads: 4, default_segment_number: 4 },
  est: { resident: 80.1 * GiB, cache: 32.8 * GB, disk: 430 * GB },
});

/** 1B x 1536-d, binary quantization pinned, originals and graph cold on disk, 8 peers. */
export const binary1B = plan({
  version: '1.19.0',
  workload: {
    points: '1B',
    collection: {
      vectors: { size: 1536, distance: 'Cosine', memory: 'cold', hnsw_config: { m: 16, memory: 'cold' } },
      quantization_config: { binary: { encoding: 'one_bit', memory: 'pinned' } },
      optimizers_config: { max_segment_size: 40_000_000 },
    },
  },
  peers: 8,
  shards: 16,
  rf: 2,
  wcf: 1,
  node: node('r6i.4xlarge', 16, 128, 119.5, 1.008),
  residentBytes: 52.3 * GiB,
  pageCacheBytes: 18.6 * GB,
  memoryRequestBytes: 93.2 * GiB,
  cpuCores: 13.5,
  diskBytes: 1.72e12,
  volumeBytes: 2210.4 * GiB,
  snapshotVolumeBytes: 2210.4 * GiB,
  storageClass: 'gp3',
  optimizers: { max_optimization_threads: 4 },
  est: { resident: 209 * GiB, cache: 74.4 * GB, disk: 6.88e12 },
});

/** 50M x 1024-d float16, HNSW built on NVIDIA GPUs (segments capped for the 16 GB iteration limit). */
export const gpuIndexing = plan({
  version: '1.19.0',
  workload: {
    points: '50M',
    collection: { vectors: { size: 1024, distance: 'Cosine', datatype: 'float16' }, hnsw_config: { m: 32, ef_construct: 256 } },
  },
  peers: 3,
  shards: 6,
  rf: 2,
  wcf: 1,
  node: node('g5.4xlarge', 16, 64, 57.8, 1.624),
  residentBytes: 3.2 * GiB,
  pageCacheBytes: 80.1 * GB / 3 + 11 * GB,
  memoryRequestBytes: 42.4 * GiB,
  cpuCores: 8,
  diskBytes: 78 * GB,
  volumeBytes: 170.2 * GiB,
  snapshotVolumeBytes: 0,
  storageClass: 'gp3',
  gpu: { enabled: true, vendor: 'nvidia', gpuModel: 'A10G', instanceType: 'g5.4xlarge', maxSegmentSizeKb: 15_000_000, buildSeconds: 1860 },
  optimizers: { max_segment_size: 15_000_000 },
  est: { resident: 4.8 * GiB, cache: 119 * GB, disk: 117 * GB },
});

export const SCENARIOS: { name: string; plan: Plan; options: EmitOptionsInput }[] = [
  { name: 'small-single-node', plan: smallSingleNode, options: { clusterId: 'dev-1', name: 'qdrant', namespace: 'qdrant', customerId: 'acme-industries' } },
  { name: 'ha-3-peers-rf2', plan: ha3Peers, options: ha3Options },
  {
    name: 'scalar-100m',
    plan: scalar100M,
    options: { clusterId: 'prod-sq', name: 'vectors', namespace: 'search', customerId: 'acme-industries', apiKeySecret: { name: 'qdrant-keys', key: 'api-key' }, allowedNamespaces: ['api'] },
  },
  {
    name: 'binary-1b-on-disk',
    plan: binary1B,
    options: {
      clusterId: 'bq-1b',
      name: 'bq',
      namespace: 'qdrant',
      customerId: 'acme-industries',
      apiKeySecret: { name: 'qdrant-keys', key: 'api-key' },
      tls: { secretName: 'bq-tls' },
      allowedNamespaces: ['retrieval'],
    },
  },
  {
    name: 'gpu-indexing',
    plan: gpuIndexing,
    options: { clusterId: 'gpu-idx', name: 'gpu', namespace: 'qdrant', customerId: 'acme-industries', apiKeySecret: { name: 'qdrant-keys', key: 'api-key' } },
  },
];
