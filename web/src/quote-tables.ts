/**
 * The page's plan catalogs. Without a region: the base catalogs, with the quote rows inlined into the page
 * (scripts/web-quote-split.mjs: control-plane fees, currency rates, the base regions' commitment and spot rows),
 * which are all such a plan reads. In a region: the same catalogs with every quote table, loaded once, on the
 * first region chosen, from quote-data.js next to the page (web/src/lazy-load.ts), and priced by the library
 * exactly as `qsize --region` prices them (planCatalogFromPricing with the region and the tables).
 */
import {
  defaultQuoteCatalogs,
  lazyQuoteCatalogs,
  planCatalogFromPricing,
  quoteCatalogWarnings,
  quoteTablesUsed,
  type PlanCatalog,
  type QuoteCatalogs,
  type RawQuoteTables,
} from '../../src/index.js';
import { LAZY_ABOUT, lazyPart, type LazyPart, type Pending } from './lazy-part.js';

type Catalogs = NonNullable<Parameters<typeof planCatalogFromPricing>[0]>;

/** The catalog for a plan, or why there is none yet: the region's tables are loading (their load started), or failed to load. */
export type CatalogChoice = { catalog: PlanCatalog } | Pending;

/** Regional catalogs kept at once (one per region typed; a few covers switching back and forth). */
const KEPT = 8;

export interface PageCatalogs {
  /** The catalog of a plan in `region` (undefined: none named); the first region starts loading the quote tables. */
  forRegion(region: string | undefined): CatalogChoice;
  /**
   * The age warnings of the quote tables a plan read, as `qsize` gives them on stderr (src/cli/staleness.ts, one rule:
   * quoteTablesUsed): the regional tables once loaded (a plan in a region is computed only then), and the currency
   * rates, which the page holds inline either way.
   */
  staleness(used: { region: boolean; currency: boolean }, now: Date): string[];
}

/** The page's catalogs over `catalogs`, the quote tables read by `load` (quote-data.js) on the first region. */
export function pageCatalogs(catalogs: Catalogs, load: () => Promise<RawQuoteTables>): PageCatalogs {
  const base = planCatalogFromPricing(catalogs);
  const byRegion = new Map<string, PlanCatalog>();
  const quote: LazyPart<QuoteCatalogs> = lazyPart(LAZY_ABOUT.quote.what, async () => lazyQuoteCatalogs(await load()));
  return {
    forRegion(region) {
      if (region === undefined) return { catalog: base };
      const q = quote.get();
      if (!('value' in q)) return q;
      let c = byRegion.get(region);
      if (c === undefined) {
        c = planCatalogFromPricing(catalogs, { region, quote: q.value });
        byRegion.set(region, c);
        if (byRegion.size > KEPT) byRegion.delete(byRegion.keys().next().value as string);
      }
      return { catalog: c };
    },
    staleness(used, now) {
      const names = quoteTablesUsed(used);
      if (names.length === 0) return [];
      return quoteCatalogWarnings(quote.loaded() ?? defaultQuoteCatalogs(), now, {}, names).map((w) => w.message);
    },
  };
}
