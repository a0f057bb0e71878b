/**
 * Currency: every price in the catalogs is in US dollars; a quote may show another currency using
 * the dated rate table `data/catalogs/currency-rates.csv`.
 *
 * - Pegged currencies carry their central bank's fixed rate in units per USD: AED 3.6725 (Central
 *   Bank of the UAE), SAR 3.75 (Saudi Central Bank).
 * - Floating currencies carry the ECB euro reference rate (units per EUR) of one day; the rate per
 *   USD is the cross rate `units_per_eur / usd_per_eur` through the same day's USD row. Example,
 *   2026-10-30: JPY per USD = 175.68 / 1.1172 = 157.25 (rounded here for the reader only).
 *
 * `convertUsd` multiplies and never rounds (so converting then summing equals summing then
 * converting); `roundMoney` and `formatMoney` round to the currency's minor unit as
 * `Intl.NumberFormat` defines it (2 decimals for AED, the fils; 0 for JPY). Pure: no I/O, no clock.
 */
import { CatalogError } from './catalog.js';
import { CURRENCY_CODES } from './currency-codes.generated.js';
import { defaultQuoteCatalogs, type CurrencyRateRow, type QuoteCatalogs } from './quote-catalogs.js';
// money.ts formats and rounds any code Intl knows (the CLI's renderers, given a code already checked, load no rate table).
import { formatMoney as formatAnyMoney, minorUnitDigits, roundMoney as roundAnyMoney } from './money.js';

/**
 * Currencies a quote can be shown in: the codes of the shipped `currency-rates.csv`, in its order, generated from the
 * table (CURRENCY_CODES, scripts/gen-catalogs.mjs), so the table is the one list and `Currency` its type: a row added to
 * the table is a code of the type after `node scripts/gen-catalogs.mjs`, and test/pricing/generated-sync.test.ts fails
 * until it is run. `currencyRate` checks a code against the table it is given (a user's may have other codes).
 */
export const CURRENCIES = CURRENCY_CODES;
export type Currency = (typeof CURRENCIES)[number];

export interface CurrencyRate {
  currency: string;
  name: string;
  kind: CurrencyRateRow['kind'];
  /** Units of `currency` per US dollar. */
  unitsPerUsd: number;
  /** How `unitsPerUsd` was obtained, with numbers: `3.6725 (peg)` or `175.68 / 1.1172 (ECB cross rate)`. */
  formula: string;
  source: string;
  asOf: string;
}

/** Unknown currency code: `message` lists the codes the rate table has. */
export class CurrencyError extends Error {
  override readonly name = 'CurrencyError';
  readonly code = 'unknown-currency' as const;
  readonly value: string;
  readonly known: readonly string[];
  constructor(value: string, known: readonly string[]) {
    super(`unknown currency ${JSON.stringify(value)}; expected one of ${known.join(', ')}`);
    this.value = value;
    this.known = known;
  }
}

const rateMemo = new WeakMap<QuoteCatalogs, Map<string, CurrencyRate>>();

function rates(quote: QuoteCatalogs): Map<string, CurrencyRate> {
  const hit = rateMemo.get(quote);
  if (hit !== undefined) return hit;
  const rows = quote.currencyRates.rows;
  const usd = rows.find((r) => r.currency === 'USD');
  const map = new Map<string, CurrencyRate>();
  for (const r of rows) {
    let unitsPerUsd: number;
    let formula: string;
    if (r.currency === 'USD') {
      unitsPerUsd = 1;
      formula = '1';
    } else if (r.kind === 'peg') {
      unitsPerUsd = r.unitsPerUsd as number;
      formula = `${r.unitsPerUsd} (peg)`;
    } else {
      if (usd?.unitsPerEur == null) {
        const file = quote.currencyRates.file;
        throw new CatalogError('catalog-missing', `${file}: ${r.currency} is an ECB (per-EUR) rate, but the table has no USD row to cross through`, {
          file,
          field: 'currency',
          value: 'USD',
          expected: 'a USD row with units_per_eur',
        });
      }
      unitsPerUsd = (r.unitsPerEur as number) / usd.unitsPerEur;
      formula = `${r.unitsPerEur} / ${usd.unitsPerEur} (ECB cross rate via USD per EUR)`;
    }
    map.set(r.currency, { currency: r.currency, name: r.name, kind: r.kind, unitsPerUsd, formula, source: r.source, asOf: r.asOf });
  }
  rateMemo.set(quote, map);
  return map;
}

/** The rate of one currency (case-insensitive code). Throws `CurrencyError` for an unknown code. */
export function currencyRate(currency: string, quote: QuoteCatalogs = defaultQuoteCatalogs()): CurrencyRate {
  const table = rates(quote);
  // A code that is not a string (a library caller's undefined) is unknown like any other, not a TypeError.
  const hit = typeof currency === 'string' ? table.get(currency.toUpperCase()) : undefined;
  if (hit === undefined) throw new CurrencyError(String(currency), [...table.keys()]);
  return hit;
}

/** The codes of the rate table, in its order: what `currencyRate` (and `--currency`) accepts. */
export function currencyCodes(quote: QuoteCatalogs = defaultQuoteCatalogs()): string[] {
  return [...rates(quote).keys()];
}

/** `amountUsd` in `currency`, unrounded: `amountUsd x unitsPerUsd`. */
export function convertUsd(amountUsd: number, currency: string, quote: QuoteCatalogs = defaultQuoteCatalogs()): number {
  if (!Number.isFinite(amountUsd)) throw new RangeError(`amount must be a finite number, got ${amountUsd}`);
  return amountUsd * currencyRate(currency, quote).unitsPerUsd;
}

export { minorUnitDigits } from './money.js';

/**
 * `amount` (already in `currency`) as text for that currency (src/pricing/money.ts's formatter), for a caller outside
 * qsize: the code must be one of the rate table's, so `formatMoney(10, 'ZZZ')` throws the `CurrencyError` that
 * `currencyRate` (and the CLI's `--currency`) gives, naming the code and the known ones, instead of printing `ZZZ 10.00`.
 */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  return formatAnyMoney(amount, currencyRate(currency).currency, locale);
}

/** `amount` rounded to the minor unit of `currency` (src/pricing/money.ts's rule), a code of the rate table only, as `formatMoney`. */
export function roundMoney(amount: number, currency: string): number {
  return roundAnyMoney(amount, currencyRate(currency).currency);
}

/** A bill shown in another currency: the rate with its provenance, each line and the total in that currency. */
export interface ConvertedBill {
  currency: string;
  unitsPerUsd: number;
  /** How the rate was obtained, e.g. `3.6725 (peg)`. */
  rateFormula: string;
  rateSource: string;
  rateAsOf: string;
  /** Each line in `currency`, rounded to its minor unit; they add up to `total` exactly. */
  lines: number[];
  /** The USD total × rate, rounded once to the currency's minor unit (AED to the fils). */
  total: number;
}

/**
 * Converts a bill whose lines add up to `totalUsd`. The total is `totalUsd × rate` rounded once to the
 * minor unit (`roundMoney`), so an AED quote is the USD quote × 3.6725 to the fils. Each line is its
 * exact conversion rounded down to the minor unit, and the minor units the total still lacks go, one
 * each, to the lines with the largest remainders (largest-remainder apportionment): every line is within
 * one minor unit of its exact conversion and the lines add up to the total, as the USD lines do.
 * Example at 3.6725: lines $606.57 + $90.09 = $696.66; exact AED 2227.628325 + 330.855525 = 2558.48385;
 * total AED 2558.48; floors 2227.62 + 330.85 = 2558.47; the one missing fils goes to the first line,
 * whose remainder (0.8325 fils) beats the second's (0.5525), so AED 2227.63 + 330.85 = 2558.48.
 */
export function convertBill(linesUsd: readonly number[], totalUsd: number, currency: string, quote: QuoteCatalogs = defaultQuoteCatalogs()): ConvertedBill {
  const rate = currencyRate(currency, quote);
  const code = rate.currency;
  const scale = 10 ** minorUnitDigits(code);
  const total = roundAnyMoney(totalUsd * rate.unitsPerUsd, code);
  const exact = linesUsd.map((l) => {
    if (!Number.isFinite(l) || l < 0) throw new RangeError(`a bill line must be a finite amount >= 0, got ${l}`);
    return l * rate.unitsPerUsd * scale;
  });
  // The same nudge as roundMoney: an exact product that binary floating point stores a hair below an integer stays that integer.
  const units = exact.map((x) => Math.floor(x * (1 + 4 * Number.EPSILON)));
  let missing = Math.round(total * scale) - units.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rem: x - (units[i] as number) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    units[i] = (units[i] as number) + 1;
    missing--;
  }
  return {
    currency: code,
    unitsPerUsd: rate.unitsPerUsd,
    rateFormula: rate.formula,
    rateSource: rate.source,
    rateAsOf: rate.asOf,
    lines: units.map((u) => u / scale),
    total,
  };
}
