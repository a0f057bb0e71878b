/** How a quote names the dates of its prices: one rule for the report, the timeline, the web page and the emitted README. */
import type { Plan } from './types.js';
import { counted } from '../util/plural.js';

/** A catalog date: a year, a month or a day (`2026`, `2026-06`, `2026-06-23`). */
const isDate = (d: string): boolean => /^\d{4}(-\d{2}){0,2}$/.test(d);

/** `2025-04-24`, `2025-04-24 and 2026-04-01`, `2024-04-01, 2025-04-24 and 2026-04-01`. */
export function datesText(dates: readonly string[]): string {
  return dates.length <= 1 ? (dates[0] ?? '') : `${dates.slice(0, -1).join(', ')} and ${dates.at(-1) ?? ''}`;
}

/**
 * The dates a quote's header shows: the as_of dates of the catalog rows that priced the bill (plan.pricesAsOf), not the
 * base catalog's newest date; a hand-built plan without them shows its catalog date.
 */
export function pricesAsOfText(p: Plan): string {
  const dates = p.pricesAsOf;
  if (dates === undefined) return `catalog ${p.catalogDate}`;
  // A line priced from a row without a date (an UNVERIFIED list price) has no as_of to show: say how many there are.
  const undated = p.cost.lineItems.filter((l) => !l.missingPrice && l.asOf === undefined).length;
  // Written after a semicolon, not in parentheses: the text itself often stands in parentheses (headers, the README).
  const also = undated === 0 ? '' : `; ${counted(undated, 'line')} priced from an undated row`;
  // Dates first; a price that is not a catalog row says what it is instead (your own node's price: `as given`).
  const parts = [...(dates.some(isDate) ? [`prices as of ${datesText(dates.filter(isDate))}`] : []), ...dates.filter((d) => !isDate(d)).map((d) => `prices ${d}`)];
  return parts.length === 0 ? (undated === 0 ? 'no line priced' : `prices undated${also}`) : `${parts.join('; ')}${also}`;
}

