/**
 * Number formatting without Intl: Number#toLocaleString initializes ICU on first use (about 10 ms of
 * start-up), so the CLI formats by hand. Same output as toLocaleString('en-US', ...) for these cases.
 */
import { groupThousands } from '../../model/formula.js';

/** Like toLocaleString('en-US', { minimumFractionDigits: min, maximumFractionDigits: max }). */
export function decimal(n: number, min = 0, max = 3): string {
  if (!Number.isFinite(n)) return String(n);
  let text = Math.abs(n).toFixed(max);
  if (text.includes('.')) {
    let [int, frac = ''] = text.split('.') as [string, string?];
    while (frac.length > min && frac.endsWith('0')) frac = frac.slice(0, -1);
    text = frac.length ? `${groupThousands(Number(int))}.${frac}` : groupThousands(Number(int));
  } else {
    text = groupThousands(Number(text));
  }
  return (n < 0 && Number(text.replace(/,/g, '')) !== 0 ? '-' : '') + text;
}

/** `$1,234.50` */
export function money(n: number, maxDigits = 2): string {
  return `$${decimal(n, 2, maxDigits)}`;
}
