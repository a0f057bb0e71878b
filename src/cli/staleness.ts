/**
 * Staleness of the quote tables a run used, on stderr (`qsize: warning: ...`): the regional price and storage tables
 * when a region was named, the currency rates when --currency was given (src/pricing/quote-catalogs.ts
 * quoteCatalogWarnings, judged against today's date). A plain USD run in the base regions loads none of them.
 */
export async function quoteStaleness(used: { region: boolean; currency: boolean }, now: Date = new Date()): Promise<string[]> {
  if (!used.region && !used.currency) return [];
  const { defaultQuoteCatalogs, quoteCatalogWarnings, quoteTablesUsed } = await import('../pricing/quote-catalogs.js');
  return quoteCatalogWarnings(defaultQuoteCatalogs(), now, {}, quoteTablesUsed(used)).map((w) => w.message);
}

/** Whether gathered constraints name a region (flag or spec), i.e. the regional tables price the plan. */
export function namesRegion(constraints: Record<string, unknown>): boolean {
  const placement = constraints['placement'];
  return typeof placement === 'object' && placement !== null && typeof (placement as Record<string, unknown>)['region'] === 'string';
}
