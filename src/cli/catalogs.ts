/**
 * The catalogs the CLI prices with. The bundle (scripts/bundle-cli.mjs) validates the shipped
 * catalogs at build time with the library's own validator and inlines the result, so a run does not
 * re-validate every row (about half of the default command's time); an invalid catalog fails the
 * build instead. Outside the bundle this is the library's `defaultCatalogs()`.
 */
import { defaultCatalogs, type Catalogs } from '../pricing/catalog.js';
import { planCatalogFromPricing } from '../plan/catalog.js';
import type { PlanCatalog } from '../plan/types.js';

declare const __QSIZE_CATALOGS__: Catalogs | undefined;

let catalogs: Catalogs | undefined;
const planCatalogs = new Map<string, PlanCatalog>();

export function cliCatalogs(): Catalogs {
  catalogs ??= typeof __QSIZE_CATALOGS__ === 'object' ? __QSIZE_CATALOGS__ : defaultCatalogs();
  return catalogs;
}

/** The plan catalog, in `region` when the user names one (`--region`, spec placement.region): see planCatalogFromPricing. */
export function cliPlanCatalog(region?: string): PlanCatalog {
  const key = region ?? '';
  let c = planCatalogs.get(key);
  if (c === undefined) {
    c = planCatalogFromPricing(cliCatalogs(), region === undefined ? {} : { region });
    planCatalogs.set(key, c);
  }
  return c;
}

/** The plan catalog for gathered constraints: in their placement.region when they name one (a string; anything else is left to the schema). */
export function cliPlanCatalogFor(constraints: Record<string, unknown>): PlanCatalog {
  const placement = constraints['placement'];
  const region = typeof placement === 'object' && placement !== null ? (placement as Record<string, unknown>)['region'] : undefined;
  return cliPlanCatalog(typeof region === 'string' ? region : undefined);
}
