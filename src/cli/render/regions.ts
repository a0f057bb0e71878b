/**
 * `qsize catalog --regions` and `qsize catalog --region NAME`: the regional tables (prices in every
 * sourced region, their staleness). A separate module so that a plain `qsize catalog` never loads them.
 */
import { CLOUDS, type Cloud, type InstanceQuery, type InstanceRow } from '../../pricing/catalog.js';
import {
  AWS_REGIONS_WITHOUT_PRICES,
  AWS_REGIONS_WITHOUT_PRICES_REASON,
  findRegionalInstances,
  knownRegions,
  regionCoverage,
  unknownRegionMessage,
} from '../../pricing/regions.js';
import { defaultQuoteCatalogs, quoteCatalogWarnings } from '../../pricing/quote-catalogs.js';
import { QsizeInputError } from '../../errors.js';
import { cliCatalogs } from '../catalogs.js';
import type { Doc } from '../doc.js';
import type { Result } from '../output.js';
import { plural } from '../../util/plural.js';

/** Offers in the `--region` the user named; an unpriced region is refused naming the nearest one. */
export function findInRegion(query: InstanceQuery): InstanceRow[] {
  if (query.region !== undefined) {
    const cloud = typeof query.cloud === 'string' ? query.cloud : undefined;
    const problem = unknownRegionMessage(query.region, cloud, { catalogs: cliCatalogs() });
    if (problem !== undefined) throw new QsizeInputError('--region', query.region, problem);
  }
  return findRegionalInstances(query, { catalogs: cliCatalogs() });
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
      note: cloud === 'aws' ? `AWS regions without prices: ${AWS_REGIONS_WITHOUT_PRICES_REASON}.` : null,
    })),
  };
  return {
    data,
    doc: () => {
      const doc: Doc = [];
      for (const c of data.clouds) {
        doc.push({ kind: 'heading', text: `${c.cloud}: ${c.regions.length} priced ${plural(c.regions.length, 'region')}` });
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

/** Staleness warnings of the table a region listing reads (the regional instance prices). */
export function regionWarnings(now: Date): string[] {
  return quoteCatalogWarnings(defaultQuoteCatalogs(), now, {}, ['instancePricesRegional']).map((w) => w.message);
}
