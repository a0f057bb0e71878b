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
let planCatalog: PlanCatalog | undefined;

export function cliCatalogs(): Catalogs {
  catalogs ??= typeof __QSIZE_CATALOGS__ === 'object' ? __QSIZE_CATALOGS__ : defaultCatalogs();
  return catalogs;
}

export function cliPlanCatalog(): PlanCatalog {
  planCatalog ??= planCatalogFromPricing(cliCatalogs());
  return planCatalog;
}
