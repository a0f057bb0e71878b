/**
 * Hand-built inputs for the plan tests: a small catalog of real rows (prices from the generated Karpenter and
 * cluster-autoscaler tables, as of 2026-06/07) and a simple linear estimator, so the topology can be tested
 * independently of src/model and src/pricing.
 */
import type { Estimate, LineItem } from '../../src/model/types.js';
import type { InstanceOffer, ManagedCloud, PlanCatalog } from '../../src/plan/types.js';
import { allocatableCpuMillicores } from '../../src/pricing/allocatable.js';
import type { Workload } from '../../src/spec/workload.js';
import { normalizeVectors } from '../../src/model/named-vectors.js';

/** A fixture layout's payload side (SegmentLayout): gridstore payloads, no payload index, v1.16+ mapping; shared by the emit fixtures. */
export const FIXTURE_PAYLOAD_LAYOUT = {
  payloadStorage: 'gridstore',
  payloadIndexes: 0,
  mmapPayloadIndexes: 0,
  mmapPayloadIndexMaps: 0,
  mutablePayloadIndexesMapped: true,
  mutablePayloadIndexStores: 0,
  mutableBoolIndexes: 0,
  nullIndexFlags: true,
} as const;

export const GIB = 1024 ** 3;
export const MIB = 1024 ** 2;

const AWS_SRC = 'github.com/aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go (us-east-1, 2026-07-20)';
const GCP_SRC = 'github.com/kubernetes/autoscaler cluster-autoscaler/cloudprovider/gce/gce_price_info.go (2026-06-23)';
const AZ_SRC = 'github.com/Azure/karpenter-provider-azure pkg/providers/pricing/zz_generated.pricing.go (eastus, 2026-06-18)';

type Row = [cloud: ManagedCloud, type: string, family: string, arch: InstanceOffer['arch'], vcpu: number, gib: number, usdPerHour: number];
const ROWS: Row[] = [
  ['aws', 'r6i.large', 'r6i', 'amd64', 2, 16, 0.126],
  ['aws', 'r6i.xlarge', 'r6i', 'amd64', 4, 32, 0.252],
  ['aws', 'r6i.2xlarge', 'r6i', 'amd64', 8, 64, 0.504],
  ['aws', 'r6i.4xlarge', 'r6i', 'amd64', 16, 128, 1.008],
  ['aws', 'r6i.8xlarge', 'r6i', 'amd64', 32, 256, 2.016],
  ['aws', 'r6i.12xlarge', 'r6i', 'amd64', 48, 384, 3.024],
  ['aws', 'r6i.16xlarge', 'r6i', 'amd64', 64, 512, 4.032],
  ['aws', 'r7g.xlarge', 'r7g', 'arm64', 4, 32, 0.2142],
  ['aws', 'r7g.2xlarge', 'r7g', 'arm64', 8, 64, 0.4284],
  ['aws', 'r7g.4xlarge', 'r7g', 'arm64', 16, 128, 0.8568],
  ['aws', 'r7g.8xlarge', 'r7g', 'arm64', 32, 256, 1.7136],
  ['aws', 'm7i.xlarge', 'm7i', 'amd64', 4, 16, 0.2016],
  ['aws', 'm7i.2xlarge', 'm7i', 'amd64', 8, 32, 0.4032],
  ['aws', 'm7i.4xlarge', 'm7i', 'amd64', 16, 64, 0.8064],
  ['gcp', 'n2-highmem-4', 'n2-highmem', 'amd64', 4, 32, 0.262],
  ['gcp', 'n2-highmem-8', 'n2-highmem', 'amd64', 8, 64, 0.5241],
  ['gcp', 'n2-highmem-16', 'n2-highmem', 'amd64', 16, 128, 1.0481],
  ['gcp', 'n2-highmem-32', 'n2-highmem', 'amd64', 32, 256, 2.0962],
  ['azure', 'Standard_E4s_v5', 'Esv5', 'amd64', 4, 32, 0.252],
  ['azure', 'Standard_E8s_v5', 'Esv5', 'amd64', 8, 64, 0.504],
  ['azure', 'Standard_E16s_v5', 'Esv5', 'amd64', 16, 128, 1.008],
  ['azure', 'Standard_E32s_v5', 'Esv5', 'amd64', 32, 256, 2.016],
];

const REGION = { aws: 'us-east-1', gcp: 'us-central1', azure: 'eastus' } as const;
const SRC = { aws: AWS_SRC, gcp: GCP_SRC, azure: AZ_SRC } as const;

export function offers(priceScale = 1): InstanceOffer[] {
  const cpu: InstanceOffer[] = ROWS.map(([cloud, instanceType, family, arch, vcpu, gib, usd]) => ({
    cloud,
    region: REGION[cloud],
    instanceType,
    family,
    arch,
    vcpu,
    memoryBytes: gib * GIB,
    gpuCount: 0,
    pricePerHourUsd: usd * priceScale,
    source: SRC[cloud],
  }));
  const gpu: InstanceOffer[] = [
    { cloud: 'aws', region: 'us-east-1', instanceType: 'g4dn.xlarge', family: 'g4dn', arch: 'amd64', vcpu: 4, memoryBytes: 16 * GIB, gpuCount: 1, gpuModel: 'T4', gpuMemoryBytes: 16 * GIB, pricePerHourUsd: 0.526 * priceScale, source: AWS_SRC },
    { cloud: 'aws', region: 'us-east-1', instanceType: 'g4dn.2xlarge', family: 'g4dn', arch: 'amd64', vcpu: 8, memoryBytes: 32 * GIB, gpuCount: 1, gpuModel: 'T4', gpuMemoryBytes: 16 * GIB, pricePerHourUsd: 0.752 * priceScale, source: AWS_SRC },
    { cloud: 'gcp', region: 'us-central1', instanceType: 'g2-standard-8', family: 'g2', arch: 'amd64', vcpu: 8, memoryBytes: 32 * GIB, gpuCount: 1, gpuModel: 'L4', gpuMemoryBytes: 24 * GIB, pricePerHourUsd: 0.91 * priceScale, source: GCP_SRC },
    { cloud: 'azure', region: 'eastus', instanceType: 'Standard_NC8as_T4_v3', family: 'NCasT4_v3', arch: 'amd64', vcpu: 8, memoryBytes: 56 * GIB, gpuCount: 1, gpuModel: 'T4', gpuMemoryBytes: 16 * GIB, pricePerHourUsd: 0.752 * priceScale, source: AZ_SRC },
  ];
  return [...cpu, ...gpu];
}

/** EKS (AL2023 + Karpenter's 7.5% VM overhead), GKE ladder, AKS ≥ 1.29: see docs/topology.md. */
export function allocatable(offer: InstanceOffer, maxPods: number): number {
  const mem = offer.memoryBytes;
  if (offer.cloud === 'aws') return mem * 0.925 - (11 * maxPods + 255) * MIB - 100 * MIB;
  if (offer.cloud === 'gcp') {
    let rest = mem;
    let reserved = 0;
    for (const [size, fr] of [[4 * GIB, 0.25], [4 * GIB, 0.2], [8 * GIB, 0.1], [112 * GIB, 0.06], [Infinity, 0.02]] as const) {
      const part = Math.min(rest, size);
      reserved += part * fr;
      rest -= part;
    }
    return mem - reserved - 100 * MIB;
  }
  return mem - Math.min((20 * maxPods + 50) * 1e6, 0.25 * mem) - 100 * MIB;
}

export function catalog(priceScale = 1): PlanCatalog {
  const block = {
    aws: { product: 'EBS gp3', price: 0.08 },
    gcp: { product: 'pd-balanced', price: 0.1 },
    azure: { product: 'Premium SSD v2', price: 0.0812 },
  } as const;
  const object = {
    aws: { product: 'S3 Standard', price: 0.023 },
    gcp: { product: 'Cloud Storage Standard', price: 0.02 },
    azure: { product: 'Blob Hot LRS', price: 0.018 },
  } as const;
  return {
    catalogDate: '2026-07-20',
    instances: offers(priceScale),
    blockStorage: (cloud) => ({ product: block[cloud].product, pricePerGibMonthUsd: block[cloud].price * priceScale, source: 'test fixture', verified: true, maxVolumeBytes: 16 * 1024 ** 4 }),
    objectStorage: (cloud) => ({ product: object[cloud].product, pricePerGibMonthUsd: object[cloud].price * priceScale, source: 'test fixture', verified: true }),
    allocatableMemoryBytes: allocatable,
    allocatableCpuCores: (o) => allocatableCpuMillicores(o.cloud as ManagedCloud, o.vcpu) / 1000,
  };
}

/**
 * A linear stand-in for src/model's estimate: per point, originals D·4 (page cache, or disk when on_disk),
 * int8 ceil16(D)+4 / binary ceil(D/128)·16 pinned in RAM, HNSW graph 2m·4·0.6 bytes cached, id tracker 36 B RAM;
 * one 200 MiB process baseline; optimizer peak of one 2 GB segment's builder (230 B/point) + its quantized codes.
 */
export function linearEstimate(w: Workload): Estimate {
  const vectors = w.collection.vectors ? Object.values(normalizeVectors(w.collection.vectors)) : [];
  let ram = 36;
  let cache = 0;
  let disk = 36 + 21;
  let segPoints = Infinity;
  for (const v of vectors) {
    const d = v.size;
    const q = v.quantization_config ?? w.collection.quantization_config;
    const m = v.hnsw_config?.m ?? w.collection.hnsw_config?.m ?? 16;
    const orig = d * 4;
    const graph = 2 * m * 4 * 0.6;
    let quant = 0;
    if (q && q !== 'Disabled') {
      if ('scalar' in q) quant = Math.ceil(d / 16) * 16 + 4;
      else if ('binary' in q) quant = Math.ceil(d / 128) * 16;
      else if ('product' in q) quant = Math.ceil(d / 8);
    }
    ram += quant;
    if (!v.on_disk) cache += orig;
    cache += graph;
    disk += orig + quant + graph;
    segPoints = Math.min(segPoints, Math.floor(2_048_000 * 1024 / orig));
  }
  const n = w.points;
  const baseline = 200 * MIB;
  const seg = Math.min(n, segPoints === Infinity ? n : segPoints);
  const peakExtra = seg * 230;
  const item = (id: string, bytes: number, structure: LineItem['structure'], residency: LineItem['residency']): LineItem => ({
    id,
    name: id,
    structure,
    residency,
    bytes,
    range: { low: bytes, expected: bytes, high: bytes },
    confidence: 'medium',
    formula: 'bytes',
    inputs: { bytes },
    substituted: String(bytes),
    source: 'test fixture',
  });
  const resident = baseline + n * ram;
  return {
    schemaVersion: 'qsize.estimate/v1',
    qdrantVersion: w.qdrantVersion,
    points: n,
    layout: {
      shardNumber: w.collection.shard_number ?? 1,
      pointsPerShard: n,
      segmentsPerShard: 1,
      largestSegmentPoints: seg,
      pointsPerSegment: seg,
      segmentsTotal: Math.max(1, Math.ceil(n / Math.max(seg, 1))),
      indexed: true,
      indexingThresholdBytes: 10_000 * 1024,
      maxSegmentBytes: 2_048_000 * 1024,
      vectorBytesPerPoint: (2_048_000 * 1024) / Math.max(seg, 1),
      defaultSegments: 1,
      nodeCpus: 8,
      ...FIXTURE_PAYLOAD_LAYOUT,
      reason: 'test fixture',
    },
    memory: {
      residentBytes: resident,
      pageCacheBytes: n * cache,
      peakBytes: resident + peakExtra,
      residentRange: { low: resident, expected: resident, high: resident },
      pageCacheRange: { low: n * cache, expected: n * cache, high: n * cache },
      peakRange: { low: resident + peakExtra, expected: resident + peakExtra, high: resident + peakExtra },
    },
    disk: { bytes: n * disk, peakBytes: n * disk + seg * 1024, range: { low: n * disk, expected: n * disk, high: n * disk }, apparentBytes: n * disk },
    lineItems: [
      item('process.baseline', baseline, 'process', 'ram'),
      item('vectors', n * ram, 'vectors', 'ram'),
      item('cache', n * cache, 'vectors', 'cache'),
    ],
    warnings: [],
    assumptions: {},
  };
}

export function workload768(points: number | string, extra: Record<string, unknown> = {}) {
  return { points, collection: { vectors: { size: 768, distance: 'Cosine' as const }, ...extra } };
}
