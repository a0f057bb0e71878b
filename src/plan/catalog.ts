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
import type { BookPrice, PriceBook, PriceKey } from '../pricing/cost.js';
import { PRICING_MODEL_LABELS, type PricingModel } from '../pricing/price-models.js';
import {
  COMMITMENT_COVERAGE,
  controlPlanePrice,
  controlPlaneTiers,
  defaultQuoteCatalogs,
  findRegionalInstances,
  modelPrice,
  findStoragePrice,
  knownRegions,
  storagePriceGap,
  unknownRegionMessage,
  type QuoteCatalogs,
} from '../pricing/quote.js';
import type { CatalogPricing, ControlPlaneOffer, InstanceOffer, ManagedCloud, PlanCatalog, StorageOffer } from './types.js';

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

/**
 * Largest volume on your own nodes (`--node`) and wherever no block-storage row is priced: qsize knows no storage class
 * there, so it holds the plan to the smallest limit of the three clouds' default classes (gp3's 16 TiB, above): a
 * volume every one of them can provision. qsize's own choice, not a Kubernetes limit; a local NVMe or SAN class may
 * allow more, and the volume check names the figure.
 */
export const FALLBACK_MAX_VOLUME_BYTES = Math.min(...Object.values(DEFAULT_BLOCK_STORAGE).map((b) => b.maxVolumeBytes));

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
    source: row.source,
    asOf: row.asOf ?? null,
    verified: row.verified,
    ...(maxVolumeBytes !== undefined ? { maxVolumeBytes } : {}),
  };
}

export interface PlanCatalogOptions {
  /**
   * Plan in this region: the offers are its instances at their regional prices (src/pricing/regions.ts: base rows
   * re-priced from instance-prices-regional.csv) and storage is priced from its regional rows (`findStoragePrice`).
   * Absent: the base catalogs' regions (AWS us-east-1, GCP us-central1, Azure eastus), without loading the
   * regional tables.
   */
  region?: string;
  /** Regional, currency, commitment and control-plane tables; default the shipped ones. */
  quote?: QuoteCatalogs;
  /**
   * Price the offers under this model (default on-demand). Under a commitment or spot, each offer's hourly price is
   * its row of data/catalogs/commitment-prices.csv (src/pricing/commitments.ts modelPrice: the published month / 730
   * h) and an offer without a row is left out of the catalog, never priced at a guessed discount; `pricing.gaps`
   * says per cloud how many were left out and why.
   */
  pricing?: PricingModel;
}

/** Adapts src/pricing's catalogs to what `recommend()` needs. Unverified storage prices are used but flagged. */
export function planCatalogFromPricing(catalogs: Catalogs = defaultCatalogs(), options: PlanCatalogOptions = {}): PlanCatalog {
  const { region } = options;
  const regionOptions = { catalogs, ...(options.quote ? { quote: options.quote } : {}) };
  const rows = region === undefined ? findInstances({}, catalogs) : findRegionalInstances({ region }, regionOptions);
  // One storage lookup rule per catalog: the base rows only, or (in a named region) findStoragePrice's order:
  // verified base row, dated regional row, unverified base row.
  const storageRow = (cloud: Cloud, r: string, productId: string): StorageRow | undefined =>
    region === undefined
      ? storagePrice(cloud, r, productId, { includeUnverified: true, catalogs })
      : findStoragePrice(cloud, r, productId, { ...regionOptions, includeUnverified: true });
  const model = options.pricing ?? 'on-demand';
  const onDemand: InstanceOffer[] = rows.map((r) => ({
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
    source: r.source,
    asOf: r.asOf,
  }));
  const { instances, pricing } = model === 'on-demand' ? { instances: onDemand, pricing: undefined } : underModel(onDemand, model, options.quote);
  const others = new Map<PricingModel, PlanCatalog>();
  const block = new Map<string, StorageOffer | undefined>();
  const object = new Map<string, StorageOffer | undefined>();
  const alloc = new Map<string, number>();
  const catalog: PlanCatalog = {
    catalogDate: catalogDate(undefined, catalogs),
    instances,
    blockStorage(cloud, r) {
      const key = `${cloud}|${r}`;
      if (!block.has(key)) {
        const d = DEFAULT_BLOCK_STORAGE[cloud];
        block.set(key, storageOffer(storageRow(cloud, r, d.productId), d.maxVolumeBytes));
      }
      return block.get(key);
    },
    objectStorage(cloud, r) {
      const key = `${cloud}|${r}`;
      if (!object.has(key)) object.set(key, storageOffer(storageRow(cloud, r, DEFAULT_OBJECT_STORAGE[cloud])));
      return object.get(key);
    },
    allocatableMemoryBytes(offer, maxPods) {
      const key = `${offer.cloud}|${offer.instanceType}|${maxPods}`;
      let v = alloc.get(key);
      if (v === undefined) {
        v = allocatableMemoryBytes({ cloud: managedCloud(offer), memoryBytes: offer.memoryBytes, vcpu: offer.vcpu, maxPods, arch: offer.arch }).allocatableBytes;
        alloc.set(key, v);
      }
      return v;
    },
    allocatableCpuCores(offer) {
      // maxPods does not change CPU reservations on EKS, GKE or AKS.
      return allocatableCpuMillicores(managedCloud(offer), offer.vcpu) / 1000;
    },
    knownRegions(cloud) {
      return knownRegions(cloud, regionOptions);
    },
    controlPlane(cloud, tier): ControlPlaneOffer | undefined {
      // Unverified rows (AKS premium) are priced and flagged, as unverified storage prices are: a tier asked for by name
      // must not rank as free.
      const row = controlPlanePrice(cloud, { tier, includeUnverified: true, ...(options.quote ? { quote: options.quote } : {}) });
      return (
        row && { service: row.service, tier: row.tier, pricePerClusterHourUsd: row.usdPerClusterHour, source: row.source, asOf: row.asOf, verified: row.verified }
      );
    },
    storagePriceGap(kind, cloud, r) {
      if (cloud === 'custom') return undefined; // your own nodes: the missing reason says so (src/pricing/cost.ts)
      const productId = kind === 'block' ? DEFAULT_BLOCK_STORAGE[cloud].productId : DEFAULT_OBJECT_STORAGE[cloud];
      return region === undefined ? (storagePrice(cloud, r, productId, { includeUnverified: true, catalogs }) ? undefined : `${productId} in ${cloud} ${r}: not in the base storage catalog`) : storagePriceGap(cloud, r, productId, regionOptions);
    },
    controlPlaneTiers(cloud) {
      return controlPlaneTiers(cloud, options.quote);
    },
    unknownRegionHint(r, cloud) {
      return unknownRegionMessage(r, cloud, regionOptions);
    },
    ...(pricing ? { pricing } : {}),
    withPricing(other) {
      if (other === model) return catalog;
      let c = others.get(other);
      if (c === undefined) {
        c = planCatalogFromPricing(catalogs, { ...options, pricing: other });
        others.set(other, c);
      }
      return c;
    },
  };
  return catalog;
}

/** A catalog offer's cloud; your own nodes (`custom`) are planned by src/plan/own-nodes.ts, never by this catalog. */
function managedCloud(offer: InstanceOffer): Cloud {
  if (offer.cloud === 'custom') throw new RangeError(`${offer.instanceType} is your own node: its allocatable comes from src/plan/own-nodes.ts`);
  return offer.cloud;
}

/**
 * The offers priced under a commitment or spot: each keeps its identity, takes its row's hourly price, source and
 * date, and says its model in `priceLabel`; offers without a row are left out and counted per cloud.
 */
function underModel(offers: readonly InstanceOffer[], model: Exclude<PricingModel, 'on-demand'>, quote: QuoteCatalogs = defaultQuoteCatalogs()): { instances: InstanceOffer[]; pricing: CatalogPricing } {
  const instances: InstanceOffer[] = [];
  const count = new Map<InstanceOffer['cloud'], { missing: number; of: number; regions: Set<string> }>();
  for (const o of offers) {
    if (o.cloud === 'custom') continue;
    const c = count.get(o.cloud) ?? { missing: 0, of: 0, regions: new Set<string>() };
    count.set(o.cloud, c);
    c.of++;
    const p = modelPrice({ cloud: o.cloud, region: o.region, instanceType: o.instanceType }, model, quote);
    if (p === undefined) {
      c.missing++;
      c.regions.add(o.region);
      continue;
    }
    instances.push({ ...o, pricePerHourUsd: p.usdPerHour, source: `${p.offer}: ${p.source.replace(/ \(as_of [^)]*\)$/, '')}`, asOf: p.asOf, priceLabel: PRICING_MODEL_LABELS[model] });
  }
  const label = PRICING_MODEL_LABELS[model];
  const gaps: CatalogPricing['gaps'] = [];
  for (const [cloud, c] of count) {
    if (c.missing === 0 || cloud === 'custom') continue;
    const coverage = COMMITMENT_COVERAGE[cloud];
    const where = [...c.regions].sort().join(', ');
    const why =
      c.missing === c.of
        ? `no ${label} prices for ${cloud} in data/catalogs/commitment-prices.csv${model !== 'spot' && !coverage.sourced ? ` (${coverage.offers}: ${coverage.note})` : ''}`
        : `${c.missing} of ${c.of} ${cloud} instance types in ${where} have no ${label} row in data/catalogs/commitment-prices.csv`;
    gaps.push({ cloud, missing: c.missing, of: c.of, why });
  }
  return { instances, pricing: { model, gaps } };
}

const memo = new Map<string, PlanCatalog>();

/** The shipped catalogs as a PlanCatalog (in `region` when named, under a pricing model when not on-demand), built once per region. */
export function defaultPlanCatalog(region?: string, pricing: PricingModel = 'on-demand'): PlanCatalog {
  const key = region ?? '';
  let c = memo.get(key);
  if (c === undefined) {
    c = planCatalogFromPricing(defaultCatalogs(), region === undefined ? {} : { region });
    memo.set(key, c);
  }
  return c.withPricing?.(pricing) ?? c;
}

/**
 * The plan catalog as a price book for src/pricing's one price join: an instance's hourly price, the default block
 * and object storage products' GiB-month prices, the managed control plane's cluster-hour, each with its catalog
 * row's source and date.
 */
export function priceBookOf(catalog: PlanCatalog): PriceBook {
  let book = books.get(catalog);
  if (book === undefined) {
    book = buildPriceBook(catalog);
    books.set(catalog, book);
  }
  return book;
}

const books = new WeakMap<PlanCatalog, PriceBook>();

function buildPriceBook(catalog: PlanCatalog): PriceBook {
  const byType = new Map<string, InstanceOffer>();
  for (const o of catalog.instances) byType.set(`${o.cloud}|${o.region}|${o.instanceType}`, o);
  const fromStorage = (s: StorageOffer | undefined): BookPrice | undefined =>
    s && { usd: s.pricePerGibMonthUsd, unit: 'GiB-month', source: s.source, asOf: s.asOf ?? null, verified: s.verified, product: s.product };
  return {
    price(key: PriceKey): BookPrice | undefined {
      if (key.kind === 'instance') {
        const o = byType.get(`${key.cloud}|${key.region}|${key.instanceType}`);
        // Your own node without a price has none: its lines are flagged, never $0.
        if (o === undefined || o.pricePerHourUsd === null) return undefined;
        return { usd: o.pricePerHourUsd, unit: 'instance-hour', source: o.source, asOf: o.asOf ?? null, verified: true, product: o.instanceType };
      }
      if (key.cloud === 'custom') return undefined;
      const cloud = key.cloud as ManagedCloud;
      if (key.kind === 'control-plane') {
        const cp = catalog.controlPlane?.(cloud, key.tier);
        return cp && { usd: cp.pricePerClusterHourUsd, unit: 'cluster-hour', source: cp.source, asOf: cp.asOf, verified: cp.verified, product: `${cp.service} ${cp.tier}` };
      }
      return fromStorage(key.kind === 'block-storage' ? catalog.blockStorage(cloud, key.region) : catalog.objectStorage(cloud, key.region));
    },
    whyMissing(key: PriceKey): string | undefined {
      if (key.kind !== 'block-storage' && key.kind !== 'object-storage') return undefined;
      return catalog.storagePriceGap?.(key.kind === 'block-storage' ? 'block' : 'object', key.cloud as InstanceOffer['cloud'], key.region);
    },
  };
}
