/**
 * Regions: which regions have prices, instance offers in any of them, the nearest known name for a
 * mistyped one, and which regions each instance family is missing from.
 *
 * The base catalogs price one region per cloud (AWS us-east-1, GCP us-central1, Azure eastus) and
 * carry the specs. `instance-prices-regional.csv` adds on-demand prices of the same instance types
 * in every other region its machine-generated source covers (GCP: Cyclenerd's Cloud Billing
 * Catalog export; Azure: Karpenter-Azure's Retail Prices table; AWS: ec2instances.info's scrape of
 * the AWS Price List API as shipped in the LeanerCloud/ec2-instances-info Go module). A regional
 * offer is the base row of its type with the region, price, source and date replaced: specs never
 * vary by region.
 *
 * The AWS source (2025-04-24) predates some regions, and qsize leaves out the GovCloud and China
 * partitions; `AWS_REGIONS_WITHOUT_PRICES` names those, and the unknown-region message says why
 * they are missing instead of guessing a price.
 */
import { nearest as nearestName } from './nearest.js';
import {
  CatalogError,
  CLOUDS,
  defaultCatalogs,
  findInstances,
  storagePrice,
  type Catalogs,
  type Cloud,
  type InstanceQuery,
  type InstanceRow,
  type StorageRow,
} from './catalog.js';
import { defaultQuoteCatalogs, type QuoteCatalogs } from './quote-catalogs.js';

/**
 * AWS regions that exist but that the imported AWS table does not price (region names:
 * https://docs.aws.amazon.com/general/latest/gr/rande.html). Not a price list: the unknown-region
 * message uses it to say "known region, no price source" rather than "no such region".
 * ap-east-2 (Taipei) and ap-southeast-6 (New Zealand) opened after the source's 2025-04-24 scrape;
 * GovCloud (us-gov-*) and China (cn-*) are separate partitions that the importer leaves out.
 */
export const AWS_REGIONS_WITHOUT_PRICES: readonly string[] = [
  'ap-east-2',
  'ap-southeast-6',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-east-1',
  'us-gov-west-1',
];

/** Why `AWS_REGIONS_WITHOUT_PRICES` have no price (one sentence, used in messages and docs). */
export const AWS_REGIONS_WITHOUT_PRICES_REASON =
  'the dated, machine-generated AWS price table qsize imports (ec2instances.info, 2025-04-24) predates it or, for GovCloud and China, belongs to another AWS partition, and qsize does not guess prices';

interface RegionIndex {
  /** Regional offers (base rows re-priced), in table order. */
  regional: InstanceRow[];
  /** Sorted priced regions per cloud. */
  regions: Record<Cloud, string[]>;
}

const indexes = new WeakMap<Catalogs, WeakMap<QuoteCatalogs, RegionIndex>>();

function regionIndex(catalogs: Catalogs, quote: QuoteCatalogs): RegionIndex {
  let inner = indexes.get(catalogs);
  if (inner === undefined) {
    inner = new WeakMap();
    indexes.set(catalogs, inner);
  }
  const hit = inner.get(quote);
  if (hit !== undefined) return hit;
  const base = new Map<string, InstanceRow>();
  for (const r of [...catalogs.instancesCpu.rows, ...catalogs.instancesGpu.rows]) base.set(`${r.cloud}|${r.instanceType}`, r);
  const table = quote.instancePricesRegional;
  const regional: InstanceRow[] = [];
  table.rows.forEach((p, i) => {
    const spec = base.get(`${p.cloud}|${p.instanceType}`);
    if (spec === undefined) {
      throw new CatalogError(
        'catalog-row-invalid',
        `${table.file}: data row ${i + 1} (${p.cloud} ${p.region} ${p.instanceType}), field "instance_type": value ${JSON.stringify(p.instanceType)} is invalid; expected an instance type of the base catalogs (its specs come from there)`,
        { file: table.file, row: i + 1, field: 'instance_type', value: p.instanceType, expected: 'an instance type of the base catalogs' },
      );
    }
    regional.push({ ...spec, region: p.region, usdPerHour: p.usdPerHour, source: p.source, asOf: p.asOf });
  });
  const sets: Record<Cloud, Set<string>> = { aws: new Set(), gcp: new Set(), azure: new Set() };
  for (const r of base.values()) sets[r.cloud].add(r.region);
  for (const r of regional) sets[r.cloud].add(r.region);
  const regions = { aws: [...sets.aws].sort(), gcp: [...sets.gcp].sort(), azure: [...sets.azure].sort() };
  const index = { regional, regions };
  inner.set(quote, index);
  return index;
}

export interface RegionOptions {
  catalogs?: Catalogs;
  quote?: QuoteCatalogs;
}

/** Priced regions of one cloud, or of every cloud (sorted by cloud, then name). */
export function knownRegions(cloud?: Cloud, options: RegionOptions = {}): string[] {
  const { regions } = regionIndex(options.catalogs ?? defaultCatalogs(), options.quote ?? defaultQuoteCatalogs());
  return cloud === undefined ? CLOUDS.flatMap((c) => regions[c]) : [...regions[cloud]];
}

/** The cloud whose priced regions include `region`, if any (region names do not repeat across clouds). */
export function cloudOfRegion(region: string, options: RegionOptions = {}): Cloud | undefined {
  return CLOUDS.find((c) => knownRegions(c, options).includes(region));
}

/** Lower case without spaces, hyphens, underscores: "UAE North" and "uae-north" both read `uaenorth`. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * The entry of `list` nearest to `name`: an exact match after normalising case, spaces, hyphens
 * and underscores; else the smallest edit distance between normalised names (ties: alphabetical).
 * Undefined for an empty list.
 */
export function nearest(name: string, list: readonly string[]): string | undefined {
  return nearestName(name, [...list].sort(), normalize);
}

/**
 * What a region flag expects, for an error message when `region` is not priced: the known regions
 * of the cloud (or all), the nearest match, and, for an AWS region that exists without a price
 * source, why. Returns undefined when the region is priced.
 */
export function unknownRegionMessage(region: string, cloud?: Cloud, options: RegionOptions = {}): string | undefined {
  const list = knownRegions(cloud, options);
  if (list.includes(region)) return undefined;
  const parts: string[] = [];
  if ((cloud === undefined || cloud === 'aws') && AWS_REGIONS_WITHOUT_PRICES.includes(region)) {
    parts.push(`${region} is an AWS region, but ${AWS_REGIONS_WITHOUT_PRICES_REASON}`);
  }
  const scope = cloud === undefined ? 'a priced region' : `a priced ${cloud} region`;
  const known = cloud === undefined ? CLOUDS.map((c) => `${c}: ${knownRegions(c, options).join(', ')}`).join('; ') : list.join(', ');
  // A region of another cloud (`--cloud aws --region westeurope`): say whose it is; the nearest name in the asked
  // cloud (me-south-1 for westeurope) would only mislead.
  const owner = cloud === undefined ? undefined : cloudOfRegion(region, options);
  if (owner !== undefined) {
    parts.push(`${scope}: ${region} is ${owner}'s (choose cloud ${owner}, or none); known: ${known}`);
    return parts.join('; ');
  }
  const guess = nearest(region, list);
  parts.push(`${scope}${guess !== undefined ? ` (nearest: ${guess})` : ''}; known: ${known}`);
  return parts.join('; ');
}

/**
 * Instance offers in one region: the base catalog rows of that region plus the regional prices,
 * filtered by the rest of `query` like `findInstances`, cheapest first. With no `region` this is
 * `findInstances(query)` (base regions only), so a caller that never names a region is unchanged.
 */
export function findRegionalInstances(query: InstanceQuery = {}, options: RegionOptions = {}): InstanceRow[] {
  const catalogs = options.catalogs ?? defaultCatalogs();
  const base = findInstances(query, catalogs);
  if (query.region === undefined) return base;
  const { regional } = regionIndex(catalogs, options.quote ?? defaultQuoteCatalogs());
  const inRegion = regional.filter((r) => r.region === query.region);
  if (inRegion.length === 0) return base;
  // The same filters as findInstances, applied to the re-priced rows through a one-off catalog.
  const extra = findInstances(query, {
    ...catalogs,
    instancesCpu: { ...catalogs.instancesCpu, rows: inRegion.filter((r) => r.gpuCount === 0) },
    instancesGpu: { ...catalogs.instancesGpu, rows: inRegion.filter((r) => r.gpuCount > 0) },
  });
  return [...base, ...extra].sort(
    (a, b) => a.usdPerHour - b.usdPerHour || (a.instanceType < b.instanceType ? -1 : a.instanceType > b.instanceType ? 1 : 0),
  );
}

/**
 * The storage price row for a product in any priced region, in this order: a verified base row
 * (the default regions), a row of `storage-regional.csv` (machine-generated, dated), and, with
 * `includeUnverified`, an unverified base row. So a recalled base price gives way to the same
 * product's dated regional row. Undefined when none applies.
 */
export function findStoragePrice(
  cloud: Cloud,
  region: string,
  productId: string,
  options: RegionOptions & { includeUnverified?: boolean } = {},
): StorageRow | undefined {
  const catalogs = options.catalogs ?? defaultCatalogs();
  const verified = storagePrice(cloud, region, productId, { catalogs });
  if (verified !== undefined) return verified;
  const quote = options.quote ?? defaultQuoteCatalogs();
  const regional = quote.storageRegional.rows.find((r) => r.cloud === cloud && r.region === region && r.productId === productId);
  if (regional !== undefined) return regional;
  return options.includeUnverified === true ? storagePrice(cloud, region, productId, { catalogs, includeUnverified: true }) : undefined;
}

/**
 * Why a storage product has no price in a region, per cloud: the sources searched and what they lack. Shown on the
 * bill's unpriced line and in its warning, instead of carrying a base region's price to another region.
 */
export const STORAGE_PRICE_GAPS: Readonly<Record<Cloud, string>> = {
  azure:
    "no dated, machine-generated table of Azure managed-disk or Blob prices by region was found (Karpenter-Azure's zz_generated.pricing.go holds VM prices only; the Retail Prices API is not a committed, dated file); the eastus list price is not carried to other regions",
  aws: 'no dated, machine-generated table of EBS or S3 prices by region was found; the us-east-1 list price is not carried to other regions',
  gcp: "the product is not in Cyclenerd's pricing.yml for this region (it lists pd-balanced, pd-ssd, pd-standard, Local SSD, snapshots and Cloud Storage Standard)",
};

/** The reason `findStoragePrice` has no row for a product in a region, or undefined when it has one. */
export function storagePriceGap(cloud: Cloud, region: string, productId: string, options: RegionOptions = {}): string | undefined {
  if (findStoragePrice(cloud, region, productId, { ...options, includeUnverified: true }) !== undefined) return undefined;
  return `${productId} in ${cloud} ${region}: ${STORAGE_PRICE_GAPS[cloud]}`;
}

export interface FamilyCoverage {
  cloud: Cloud;
  family: string;
  /** Regions with a price for at least one size of the family. */
  regions: string[];
  /** Priced regions of the cloud where this family has no price at all. */
  missingRegions: string[];
}

/**
 * For every instance family, the regions it is priced in and the priced regions of its cloud it is
 * missing from (a family covered in one region only lists all the others). The sources say nothing
 * about a missing family, so neither does qsize: the family is simply not offered there.
 */
export function regionCoverage(cloud?: Cloud, options: RegionOptions = {}): FamilyCoverage[] {
  const catalogs = options.catalogs ?? defaultCatalogs();
  const { regional, regions } = regionIndex(catalogs, options.quote ?? defaultQuoteCatalogs());
  const byFamily = new Map<string, { cloud: Cloud; family: string; regions: Set<string> }>();
  for (const r of [...catalogs.instancesCpu.rows, ...catalogs.instancesGpu.rows, ...regional]) {
    if (cloud !== undefined && r.cloud !== cloud) continue;
    const key = `${r.cloud}|${r.family}`;
    let entry = byFamily.get(key);
    if (entry === undefined) {
      entry = { cloud: r.cloud, family: r.family, regions: new Set() };
      byFamily.set(key, entry);
    }
    entry.regions.add(r.region);
  }
  return [...byFamily.values()]
    .map((e) => ({
      cloud: e.cloud,
      family: e.family,
      regions: [...e.regions].sort(),
      missingRegions: regions[e.cloud].filter((r) => !e.regions.has(r)),
    }))
    .sort((a, b) => (a.cloud < b.cloud ? -1 : a.cloud > b.cloud ? 1 : a.family < b.family ? -1 : a.family > b.family ? 1 : 0));
}
