/**
 * Money shown in a currency: the one rounding rule (to the currency's minor unit) and the one formatter
 * (`Intl.NumberFormat`, locale fixed to `en-US` so that the same amount prints the same bytes on every machine).
 * No catalog: code that only formats (the emitted README, the CLI's renderers) does not load the rate table.
 * Pure: no I/O, no clock.
 */
import { requireShowable } from './showable.js';

/** The locale every amount is formatted in: fixed, so output does not depend on the machine's settings. */
export const MONEY_LOCALE = 'en-US';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
    formatters.set(key, f);
  }
  return f;
}

/** Digits after the decimal point of the currency's minor unit (AED 2, JPY 0), per `Intl`. */
export function minorUnitDigits(currency: string): number {
  return formatter(currency, MONEY_LOCALE).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * `amount` rounded to the currency's minor unit, half away from zero (AED to the fils, JPY to the
 * yen). The one rounding rule for money shown in a currency.
 */
export function roundMoney(amount: number, currency: string): number {
  const scale = 10 ** minorUnitDigits(currency);
  // The relative nudge (4 ulp) keeps a half that binary floating point stores just below .5 a half.
  const r = (Math.sign(amount) * Math.round(Math.abs(amount) * scale * (1 + 4 * Number.EPSILON))) / scale;
  return Object.is(r, -0) ? 0 : r;
}

/**
 * `amount` (already in `currency`) as text for that currency: `Intl.NumberFormat` with style
 * currency, e.g. `AED 36,725.00`, `¥157,250`, `€1,234.50` (locale `en-US` unless given).
 */
export function formatMoney(amount: number, currency: string, locale = MONEY_LOCALE): string {
  requireShowable(amount, 'formatMoney: amount');
  return formatter(currency, locale).format(roundMoney(amount, currency));
}


/** An exchange rate as shown to a reader: six significant digits (3.6725, 0.895095, 157.250); computations keep the exact rate. */
export function formatRate(unitsPerUsd: number): string {
  requireShowable(unitsPerUsd, 'formatRate: unitsPerUsd', 0);
  return String(Number(unitsPerUsd.toPrecision(6)));
}
