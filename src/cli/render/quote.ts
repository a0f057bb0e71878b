/**
 * The quote exactly as the default command prints it (`qsize -o markdown`, `-o csv`, ..., with `--currency` when a
 * currency view is given), as a string, for front ends that offer it as a download (the web page): one renderer, so
 * the two cannot drift apart.
 */
import type { Recommendation } from '../../plan/types.js';
import type { CurrencyView } from '../currency.js';
import type { OutputFormat } from '../flags.js';
import { formatResult } from '../output.js';
import { localCurrency, recommendationResult } from './plan.js';

export function renderQuote(r: Recommendation, format: OutputFormat, currency?: CurrencyView): Promise<string> {
  return formatResult(format, recommendationResult(r, currency && localCurrency(currency, r)));
}
