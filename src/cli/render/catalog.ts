/** The instance catalog as a result: rows cheapest first, with the catalog date and sources. */
import { QsizeInputError } from '../../errors.js';
import { catalogDate, findInstances, type InstanceQuery, type InstanceRow } from '../../pricing/catalog.js';
import { catalogNameExpected } from '../../pricing/nearest.js';
import { HOURS_PER_MONTH } from '../../pricing/cost.js';
import { minMemoryBytes } from '../commands/catalog.js';
import { money } from './numbers.js';
import { cliCatalogs } from '../catalogs.js';
import type { Doc } from '../doc.js';
import type { Result } from '../output.js';
import { plural } from '../../util/plural.js';

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


/** The instance query the catalog flags describe (shared with `--region`, see render/regions.ts). */
export function catalogQuery(f: Record<string, unknown>): InstanceQuery {
  const query: InstanceQuery = {};
  if (typeof f['cloud'] === 'string') query.cloud = f['cloud'] as InstanceRow['cloud'];
  if (typeof f['region'] === 'string') query.region = f['region'];
  if (Array.isArray(f['family'])) query.families = f['family'] as string[];
  if (typeof f['gpu'] === 'boolean') query.gpu = f['gpu'];
  if (typeof f['arch'] === 'string') query.arch = f['arch'] as InstanceRow['arch'];
  if (f['include-unverified'] === true) query.includeUnverified = true;
  return query;
}

/**
 * The catalog listing. `find` returns the rows for the query: the base catalogs by default; the
 * `--region` path passes the regional lookup (render/regions.ts), which loads the regional tables.
 */
export function catalogResult(
  f: Record<string, unknown>,
  find: (query: InstanceQuery) => InstanceRow[] = (query) => findInstances(query, cliCatalogs()),
): Result {
  const query = catalogQuery(f);
  // A family the catalog (of the cloud and region asked for) lacks is a typo or the wrong cloud, not an empty answer:
  // exit 2 with the nearest family, as the planner's --family says (before, `catalog --family r7 ` listed 0 rows, exit 0).
  if (query.families !== undefined) {
    const where: InstanceQuery = { includeUnverified: true, ...(query.cloud !== undefined ? { cloud: query.cloud } : {}), ...(query.region !== undefined ? { region: query.region } : {}) };
    const known = [...new Set(find(where).map((r) => r.family))].sort();
    const scope = `${typeof query.cloud === 'string' ? ` for ${query.cloud}` : ''}${query.region !== undefined ? ` in ${query.region}` : ''}`;
    for (const family of query.families) if (!known.includes(family)) throw new QsizeInputError('--family', family, catalogNameExpected('instance family', family, known, scope));
  }
  const minMemory = minMemoryBytes(f['min-memory']) ?? 0;
  const minVcpus = typeof f['min-vcpus'] === 'number' ? f['min-vcpus'] : 0;
  const rows = find(query).filter((r) => r.memoryGib * GIB >= minMemory && r.vcpu >= minVcpus);
  const filters: Record<string, unknown> = { ...query };
  if (minMemory > 0) filters['minMemoryBytes'] = minMemory;
  if (minVcpus > 0) filters['minVcpus'] = minVcpus;
  const data: CatalogListing = {
    schemaVersion: 'qsize.catalog/v1',
    // A region listing is as old as its newest row (regional tables have their own dates).
    catalogDate:
      query.region !== undefined && rows.length > 0
        ? rows.map((r) => r.asOf ?? '').reduce((a, b) => (b > a ? b : a), '')
        : catalogDate(undefined, cliCatalogs()),
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
        { kind: 'heading', text: `qsize catalog: ${data.instances.length} instance ${plural(data.instances.length, 'type')}, catalog date ${data.catalogDate}, on-demand, ${HOURS_PER_MONTH} h/month` },
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

