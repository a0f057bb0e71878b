// The web page's split of the quote tables (src/pricing/quote-data.generated.ts), shared by scripts/bundle-web.mjs
// and test/build/web-quote-split.test.ts.
//
// A plan without a region is planned on the base catalogs' rows only (src/plan/catalog.ts planCatalogFromPricing:
// findInstances over data/catalogs/instances-*.csv, i.e. AWS us-east-1, GCP us-central1, Azure eastus), so it reads:
// - controlPlane (every plan's control-plane line, src/plan/evaluate.ts) and currencyRates (11 rows): whole;
// - commitmentPrices: the rows of those base regions only (the recommended plan's bill under every pricing model,
//   src/plan/assemble.ts pricingModelCosts, and a --pricing plan's offers, src/plan/catalog.ts underModel; both
//   look up the offers' own regions);
// - never instancePricesRegional or storageRegional (regionIndex and findStoragePrice run only for a named region;
//   src/plan/context.ts validatePlacement lists the known regions only when one is named).
// These rows are inlined into the page; the whole generated module (every table, as the CLI has it) is the lazily
// loaded part, dist/web/quote-data.js, read when a region is chosen. The tables left out here are absent from the
// page's default quote catalogs, so a read of one before the load fails loudly (CatalogError catalog-missing),
// never with fewer rows.

import { renderPackedTables } from './gen-catalogs.mjs';

/**
 * The generated quote tables (dist/pricing/quote-data.generated.js) that a plan without a region reads, as cells:
 * { id, file, header, body }, in the generated module's order.
 */
export function eagerQuoteCells(catalogs, quoteTables) {
  const baseRegions = new Set([...catalogs.instancesCpu.rows, ...catalogs.instancesGpu.rows].map((r) => `${r.cloud}|${r.region}`));
  const cells = (id, keep = () => true) => {
    const t = quoteTables[id];
    return { id, file: t.file, header: [...t.columns], body: t.rows.filter(keep).map((r) => t.columns.map((c) => r[c])) };
  };
  return [
    cells('commitmentPrices', (r) => baseRegions.has(`${r.cloud}|${r.region}`)),
    cells('controlPlane'),
    cells('currencyRates'),
  ];
}

/** Those rows as a module in the generated module's packed format, exporting `generatedQuoteTables` like it. */
export function eagerQuoteModule(catalogs, quoteTables) {
  return renderPackedTables(
    ['// The quote rows the web page inlines (scripts/web-quote-split.mjs); the rest is in quote-data.js.'],
    eagerQuoteCells(catalogs, quoteTables),
  );
}
