/**
 * The plan's view of src/pricing: every catalogued instance (CPU and GPU) as an offer, the default block and
 * object storage product per cloud, and Kubernetes allocatable memory and CPU per node. Built once and memoized.
 */
import {
  allocatableCpuMillicores,
  allocatableMemoryBytes,
  catalogDate,
  defaultCatalogs,
  findInstances,
  storagePrice,
  type Catalogs,
  type Cloud,
  type StorageRow,
} from '../pricing/index.js';
import type { InstanceOffer, PlanCatalog, StorageOffer } from './types.js';

const GIB = 1024 ** 3;
const TIB = 1024 ** 4;

/**
 * Default data volume per cloud: gp3 on EKS, pd-balanced on GKE (newer C3/C4/N4 machines need Hyperdisk instead),
 * Premium SSD v2 on AKS. Largest volume: 16 TiB gp3 (https://docs.aws.amazon.com/ebs/latest/userguide/volume-types.html),
 * 64 TiB pd-balanced (https://cloud.google.com/compute/docs/disks#introduction), 64 TiB Premium SSD v2
 * (https://learn.microsoft.com/azure/virtual-machines/disks-types#premium-ssd-v2).
 */
export const DEFAULT_BLOCK_STORAGE: Readonly<Record<Cloud, { productId: string; maxVolumeBytes: number }>> = {
  aws: { productId: 'ebs-gp3', maxVolumeBytes: 16 * TIB },
  gcp: { productId: 'pd-balanced', maxVolumeBytes: 64 * TIB },
  azure: { productId: 'premium-ssd-v2', maxVolumeBytes: 64 * TIB },
};

/** Where snapshots go: S3 Standard, Cloud Storage Standard, Blob Hot LRS. */
export const DEFAULT_OBJECT_STORAGE: Readonly<Record<Cloud, string>> = {
  aws: 's3-standard',
  gcp: 'gcs-standard',
  azure: 'blob-hot-lrs',
};

function storageOffer(row: StorageRow | undefined, maxVolumeBytes?: number): StorageOffer | undefined {
  if (!row) return undefined;
  // GB-month and GiB-month are billed on the same binary gigabyte by all three clouds' disk meters.
  return {
    product: row.product,
    pricePerGibMonthUsd: row.usdPrice,
    source: `${row.source}${row.asOf ? ` (${row.asOf})` : ''}${row.verified ? '' : ' [UNVERIFIED list price]'}`,
    ...(maxVolumeBytes !== undefined ? { maxVolumeBytes } : {}),
  };
}

/** Adapts src/pricing's catalogs to what `recommend()` needs. Unverified storage prices are used but flagged. */
export function planCatalogFromPricing(catalogs: Catalogs = defaultCatalogs()): PlanCatalog {
  const instances: InstanceOffer[] = findInstances({}, catalogs).map((r) => ({
    cloud: r.cloud,
    region: r.region,
    instanceType: r.instanceType,
    family: r.family,
    arch: r.arch,
    vcpu: r.vcpu,
    memoryBytes: Math.round(r.memoryGib * GIB),
    gpuCount: r.gpuCount,
    ...(r.gpuModel ? { gpuModel: r.gpuModel } : {}),
    ...(r.gpuMemoryGibEach ? { gpuMemoryBytes: Math.round(r.gpuMemoryGibEach * GIB) } : {}),
    pricePerHourUsd: r.usdPerHour,
    source: `${r.source} (${r.asOf})`,
  }));
  const block = new Map<string, StorageOffer | undefined>();
  const object = new Map<string, StorageOffer | undefined>();
  const alloc = new Map<string, number>();
  return {
    catalogDate: catalogDate(undefined, catalogs),
    instances,
    blockStorage(cloud, region) {
      const key = `${cloud}|${region}`;
      if (!block.has(key)) {
        const d = DEFAULT_BLOCK_STORAGE[cloud];
        block.set(key, storageOffer(storagePrice(cloud, region, d.productId, { includeUnverified: true, catalogs }), d.maxVolumeBytes));
      }
      return block.get(key);
    },
    objectStorage(cloud, region) {
      const key = `${cloud}|${region}`;
      if (!object.has(key)) object.set(key, storageOffer(storagePrice(cloud, region, DEFAULT_OBJECT_STORAGE[cloud], { includeUnverified: true, catalogs })));
      return object.get(key);
    },
    allocatableMemoryBytes(offer, maxPods) {
      const key = `${offer.cloud}|${offer.instanceType}|${maxPods}`;
      let v = alloc.get(key);
      if (v === undefined) {
        v = allocatableMemoryBytes({ cloud: offer.cloud, memoryBytes: offer.memoryBytes, vcpu: offer.vcpu, maxPods, arch: offer.arch }).allocatableBytes;
        alloc.set(key, v);
      }
      return v;
    },
    allocatableCpuCores(offer) {
      return allocatableCpuMillicores(offer.cloud, offer.vcpu) / 1000;
    },
  };
}

let memo: PlanCatalog | undefined;

/** The shipped catalogs as a PlanCatalog, built once. */
export function defaultPlanCatalog(): PlanCatalog {
  memo ??= planCatalogFromPricing();
  return memo;
}
