/**
 * `--currency CODE` for every command that shows money (the quote, `timeline`, `compare`, `emit`'s README): the code
 * checked against the dated rate table once (bad input names the flag), and one view that converts and formats.
 * Without the flag every amount stays in USD and the rate table is never loaded (src/cli/currency-view.ts, which builds
 * the view, loads on call; the web page's currency field uses it too).
 */
import { QsizeInputError } from '../errors.js';
import type { ConvertedBill, CurrencyRate } from '../pricing/currency.js';
import { money } from './render/numbers.js';

export interface CurrencyView {
  /** ISO 4217 code, upper case. */
  code: string;
  rate: CurrencyRate;
  /** A USD amount in the currency, rounded to its minor unit (src/pricing/money.ts roundMoney). */
  convert(usd: number): number;
  /** An amount already in the currency, as Intl.NumberFormat (en-US) writes it: `AED 2,558.48`. */
  format(amount: number): string;
  /** A USD amount converted and formatted. */
  show(usd: number): string;
  /** A bill's lines and total converted so that the lines add up to the total (src/pricing/currency.ts convertBill). */
  bill(linesUsd: readonly number[], totalUsd: number): ConvertedBill;
  /** One sentence: the currency, the rate, how it was obtained, its source and date. */
  note: string;
}

/** The currency a command shows its money in, from `--currency`; undefined for USD-only output (no flag). */
export async function currencyFromFlags(argv: Record<string, unknown>): Promise<CurrencyView | undefined> {
  const code = argv['currency'];
  if (code === undefined) return undefined;
  if (typeof code !== 'string') throw new QsizeInputError('--currency', String(code), 'one currency code (the flag was given more than once)');
  const { currencyView } = await import('./currency-view.js');
  return currencyView(code);
}

/** A USD amount as the command shows it: in the chosen currency, or `$1,234.50`. */
export function showUsd(view: CurrencyView | undefined, usd: number): string {
  return view ? view.show(usd) : money(usd);
}

/** What JSON carries beside the USD figures: the currency and its rate with provenance (no functions). */
export function currencyData(view: CurrencyView): { currency: string; unitsPerUsd: number; rateFormula: string; rateSource: string; rateAsOf: string } {
  return { currency: view.code, unitsPerUsd: view.rate.unitsPerUsd, rateFormula: view.rate.formula, rateSource: view.rate.source, rateAsOf: view.rate.asOf };
}
