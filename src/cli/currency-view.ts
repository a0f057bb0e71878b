/**
 * The currency view of `--currency CODE` (src/cli/currency.ts), built synchronously from the dated rate table, for the
 * CLI (which loads this module only when the flag is given) and the web page's currency field (web/src/compute.ts):
 * one check of the code, one conversion (src/pricing/currency.ts), one note.
 */
import { QsizeInputError } from '../errors.js';
import { convertBill, currencyRate, CurrencyError, type CurrencyRate } from '../pricing/currency.js';
import { formatMoney, formatRate, roundMoney } from '../pricing/money.js';
import type { CurrencyView } from './currency.js';

/** The view of one currency code (case-insensitive); an unknown code is bad input naming `--currency` and the known codes. */
export function currencyView(code: string): CurrencyView {
  let rate: CurrencyRate;
  try {
    rate = currencyRate(code);
  } catch (error) {
    if (error instanceof CurrencyError) throw new QsizeInputError('--currency', code, `a currency of data/catalogs/currency-rates.csv: ${error.known.join(', ')}`);
    throw error;
  }
  const c = rate.currency;
  const convert = (usd: number) => roundMoney(usd * rate.unitsPerUsd, c);
  const format = (amount: number) => formatMoney(amount, c);
  return {
    code: c,
    rate,
    convert,
    format,
    show: (usd) => format(convert(usd)),
    bill: (lines, total) => convertBill(lines, total, c),
    note: `Amounts in ${c} at ${formatRate(rate.unitsPerUsd)} ${c} per USD (${rate.formula}; ${rate.source}; rate as of ${rate.asOf}).`,
  };
}
