/** The instance catalog as a result: rows cheapest first, with the catalog date and sources. */
import { catalogDate, CLOUDS, type Cloud, type InstanceQuery, type InstanceRow } from '../../pricing/catalog.js';
import { AWS_REGIONS_WITHOUT_PRICES, AWS_REGIONS_WITHOUT_PRICES_REASON, findRegionalInstances, knownRegions, regionCoverage, unknownRegionMessage } from '../../pricing/regions.js';
import { QsizeInputError } from '../../errors.js';
import { defaultQuoteCatalogs, quoteCatalogWarnings } from '../../pricing/quote-catalogs.js';
import { HOURS_PER_MONTH } from '../../pricing/cost.js';
import { money } from './numbers.js';
import { cliCatalogs } from '../catalogs.js';
import type { Doc } from '../doc.js';
import type { Result } from '../output.js';

const GIB = 1024 ** 3;

export interface CatalogListing {
  schemaVersion: 'qsize.catalog/v1';
  catalogDate: string;
  hoursPerMonth: number;
  filters: Record<string, unknown>;
  instances: {
    cloud: string;
    region: string;
    instanceType: string;
    family: string;
    category: string;
    arch: string;
    vcpu: number;
    memoryGib: number;
    gpuCount: number;
    gpuModel: string | null;
    usdPerHour: number;
    usdPerMonth: number;
    source: string;
    asOf: string | null;
  }[];
}


export function catalogResult(f: Record<string, unknown>): Result {
  const query: InstanceQuery = {};
  if (typeof f['cloud'] === 'string') query.cloud = f['cloud'] as InstanceRow['cloud'];
  if (typeof f['region'] === 'string') query.region = f['region'];
  if (Array.isArray(f['family'])) query.families = f['family'] as string[];
  if (typeof f['gpu'] === 'boolean') query.gpu = f['gpu'];
  if (typeof f['arch'] === 'string') query.arch = f['arch'] as InstanceRow['arch'];
  if (f['include-unverified'] === true) query.includeUnverified = true;
  const minMemory = typeof f['min-memory'] === 'number' ? f['min-memory'] : 0;
  const minVcpus = typeof f['min-vcpus'] === 'number' ? f['min-vcpus'] : 0;
  if (query.region !== undefined) {
    const cloud = typeof query.cloud === 'string' ? query.cloud : undefined;
    const problem = unknownRegionMessage(query.region, cloud, { catalogs: cliCatalogs() });
    if (problem !== undefined) throw new QsizeInputError('--region', query.region, problem);
  }
  const rows = findRegionalInstances(query, { catalogs: cliCatalogs() }).filter((r) => r.memoryGib * GIB >= minMemory && r.vcpu >= minVcpus);
  const filters: Record<string, unknown> = { ...query };
  if (minMemory > 0) filters['minMemoryBytes'] = minMemory;
  if (minVcpus > 0) filters['minVcpus'] = minVcpus;
  const data: CatalogListing = {
    schemaVersion: 'qsize.catalog/v1',
    catalogDate: catalogDate(undefined, cliCatalogs()),
    hoursPerMonth: HOURS_PER_MONTH,
    filters,
    instances: rows.map((r) => ({
      cloud: r.cloud,
      region: r.region,
      instanceType: r.instanceType,
      family: r.family,
      category: r.category,
      arch: r.arch,
      vcpu: r.vcpu,
      memoryGib: r.memoryGib,
      gpuCount: r.gpuCount,
      gpuModel: r.gpuModel,
      usdPerHour: r.usdPerHour,
      usdPerMonth: Math.round(r.usdPerHour * HOURS_PER_MONTH * 100) / 100,
      source: r.source,
      asOf: r.asOf,
    })),
  };
  return {
    data,
    doc: () => {
      const sources = [...new Set(data.instances.map((i) => `${i.source}${i.asOf ? ` (as of ${i.asOf})` : ''}`))];
      const doc: Doc = [
        { kind: 'heading', text: `qsize catalog: ${data.instances.length} instance type(s), catalog date ${data.catalogDate}, on-demand, ${HOURS_PER_MONTH} h/month` },
        {
          kind: 'table',
          head: ['Cloud', 'Region', 'Instance', 'Family', 'Arch', 'vCPU', 'Memory', 'GPU', '$/hour', '$/month'],
          right: [5, 6, 8, 9],
          rows: data.instances.map((i) => [
            i.cloud,
            i.region,
            i.instanceType,
            i.family,
            i.arch,
            String(i.vcpu),
            `${i.memoryGib} GiB`,
            i.gpuCount > 0 ? `${i.gpuCount} x ${i.gpuModel ?? 'GPU'}` : '',
            i.usdPerHour.toFixed(4).replace(/0{1,2}$/, ''),
            money(i.usdPerMonth),
          ]),
        },
      ];
      if (sources.length > 0) doc.push({ kind: 'heading', text: 'Sources' }, { kind: 'list', items: sources });
      return doc;
    },
    rows: () =>
      data.instances.map((i) => ({
        cloud: i.cloud,
        region: i.region,
        instance_type: i.instanceType,
        family: i.family,
        category: i.category,
        arch: i.arch,
        vcpu: i.vcpu,
        memory_gib: i.memoryGib,
        gpu_count: i.gpuCount,
        gpu_model: i.gpuModel ?? '',
        usd_per_hour: i.usdPerHour,
        usd_per_month: i.usdPerMonth,
        source: i.source,
        as_of: i.asOf ?? '',
      })),
  };
}

export interface RegionListing {
  schemaVersion: 'qsize.regions/v1';
  clouds: {
    cloud: Cloud;
    regions: string[];
    /** Instance families of this cloud and the priced regions each is missing from. */
    families: { family: string; regions: number; missingRegions: string[] }[];
    /** Regions of this cloud that exist but have no dated price source (AWS only today). */
    withoutPriceSource: string[];
    note: string | null;
  }[];
}

/** `qsize catalog --regions`: the priced regions per cloud, and where each family is missing. */
export function regionsResult(f: Record<string, unknown>): Result {
  const only = typeof f['cloud'] === 'string' ? (f['cloud'] as Cloud) : undefined;
  const clouds = only === undefined ? [...CLOUDS] : [only];
  const data: RegionListing = {
    schemaVersion: 'qsize.regions/v1',
    clouds: clouds.map((cloud) => ({
      cloud,
      regions: knownRegions(cloud, { catalogs: cliCatalogs() }),
      families: regionCoverage(cloud, { catalogs: cliCatalogs() }).map((c) => ({ family: c.family, regions: c.regions.length, missingRegions: c.missingRegions })),
      withoutPriceSource: cloud === 'aws' ? [...AWS_REGIONS_WITHOUT_PRICES] : [],
      note: cloud === 'aws' ? `Other AWS regions: ${AWS_REGIONS_WITHOUT_PRICES_REASON}.` : null,
    })),
  };
  return {
    data,
    doc: () => {
      const doc: Doc = [];
      for (const c of data.clouds) {
        doc.push({ kind: 'heading', text: `${c.cloud}: ${c.regions.length} priced region(s)` });
        doc.push({ kind: 'para', text: c.regions.join(', ') });
        const gaps = c.families.filter((fam) => fam.missingRegions.length > 0);
        if (gaps.length > 0) {
          doc.push({
            kind: 'table',
            head: ['Family', 'Priced in', 'Missing from'],
            right: [1],
            rows: gaps.map((fam) => [fam.family, String(fam.regions), fam.missingRegions.join(', ')]),
          });
        }
        if (c.note !== null) doc.push({ kind: 'para', text: `${c.note} (${c.withoutPriceSource.join(', ')})` });
      }
      return doc;
    },
    rows: () =>
      data.clouds.flatMap((c) =>
        c.regions.map((region) => ({
          cloud: c.cloud,
          region,
          families_missing: c.families.filter((fam) => fam.missingRegions.includes(region)).map((fam) => fam.family).join(' '),
        })),
      ),
  };
}

/** Staleness warnings of the quote tables (regional prices, commitments, rates, control planes). */
export function regionWarnings(now: Date): string[] {
  return quoteCatalogWarnings(defaultQuoteCatalogs(), now).map((w) => w.message);
}
