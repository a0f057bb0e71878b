/**
 * Staleness of the quote tables a run used, on stderr (`qsize: warning: ...`): the regional price and storage tables
 * when a region was named, the currency rates when --currency was given (src/pricing/quote-catalogs.ts
 * quoteCatalogWarnings, judged against today's date). A plain USD run in the base regions loads none of them.
 */
import type { QuoteTableName } from '../pricing/quote-catalogs.js';

export async function quoteStaleness(used: { region: boolean; currency: boolean }, now: Date = new Date()): Promise<string[]> {
  const names: QuoteTableName[] = [...(used.region ? (['instancePricesRegional', 'storageRegional'] as const) : []), ...(used.currency ? (['currencyRates'] as const) : [])];
  if (names.length === 0) return [];
  const { defaultQuoteCatalogs, quoteCatalogWarnings } = await import('../pricing/quote-catalogs.js');
  return quoteCatalogWarnings(defaultQuoteCatalogs(), now, {}, names).map((w) => w.message);
}

/** Whether gathered constraints name a region (flag or spec), i.e. the regional tables price the plan. */
export function namesRegion(constraints: Record<string, unknown>): boolean {
  const placement = constraints['placement'];
  return typeof placement === 'object' && placement !== null && typeof (placement as Record<string, unknown>)['region'] === 'string';
}
