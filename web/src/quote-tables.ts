/**
 * The page's plan catalogs. Without a region: the base catalogs, with the quote rows inlined into the page
 * (scripts/web-quote-split.mjs: control-plane fees, currency rates, the base regions' commitment and spot rows),
 * which are all such a plan reads. In a region: the same catalogs with every quote table, loaded once, on the
 * first region chosen, from quote-data.js next to the page (web/src/quote-load.ts), and priced by the library
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

type Catalogs = NonNullable<Parameters<typeof planCatalogFromPricing>[0]>;

/** The catalog for a plan, or why there is none yet: the region's tables are loading, or failed to load. */
export type CatalogChoice = { catalog: PlanCatalog } | { loading: true } | { error: string };

/** Regional catalogs kept at once (one per region typed; a few covers switching back and forth). */
const KEPT = 8;

export class PageCatalogs {
  private readonly base: PlanCatalog;
  private readonly byRegion = new Map<string, PlanCatalog>();
  private quote: QuoteCatalogs | undefined;
  private failure: string | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly catalogs: Catalogs,
    private readonly load: () => Promise<RawQuoteTables>,
  ) {
    this.base = planCatalogFromPricing(catalogs);
  }

  forRegion(region: string | undefined): CatalogChoice {
    if (region === undefined) return { catalog: this.base };
    if (this.failure !== undefined) return { error: this.failure };
    if (this.quote === undefined) return { loading: true };
    let c = this.byRegion.get(region);
    if (c === undefined) {
      c = planCatalogFromPricing(this.catalogs, { region, quote: this.quote });
      this.byRegion.set(region, c);
      if (this.byRegion.size > KEPT) this.byRegion.delete(this.byRegion.keys().next().value as string);
    }
    return { catalog: c };
  }

  /**
   * The age warnings of the quote tables a plan read, as `qsize` gives them on stderr (src/cli/staleness.ts, one rule:
   * quoteTablesUsed): the regional tables once loaded (a plan in a region is computed only then), and the currency
   * rates, which the page holds inline either way.
   */
  staleness(used: { region: boolean; currency: boolean }, now: Date): string[] {
    const names = quoteTablesUsed(used);
    if (names.length === 0) return [];
    return quoteCatalogWarnings(this.quote ?? defaultQuoteCatalogs(), now, {}, names).map((w) => w.message);
  }

  /** Loads the quote tables (once); settles when they are in, or when loading failed (forRegion then says why). */
  ensureLoaded(): Promise<void> {
    this.loading ??= this.load().then(
      (tables) => {
        this.quote = lazyQuoteCatalogs(tables);
      },
      (error: unknown) => {
        this.failure = error instanceof Error ? error.message : String(error);
      },
    );
    return this.loading;
  }
}
