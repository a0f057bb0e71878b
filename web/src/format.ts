/**
 * Display formatting. Sizes use the library's formatBytes; money is en-US dollars like the CLI's quote, or the currency
 * chosen in the currency field, converted and formatted by the CLI's own currency view (Money below).
 */
import { formatBytes, formatByteRange, formatCount, type CurrencyView } from '../../src/index.js';

export const gib = (bytes: number): string => formatBytes(bytes, { binary: true });
/** A per-peer number's range as the CLI's report writes it (`2.30–5.09 GiB`), from the plan's perPeer.*Range. */
export const gibRange = (r: { low: number; high: number }): string => formatByteRange(r, { binary: true });
export const bytes = (b: number): string => formatBytes(b);
export const count = (n: number): string => formatCount(n);

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const USD4 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });
const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DEC = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export const money = (n: number): string => USD.format(n);
export const unitPrice = (n: number): string => USD4.format(n);
/** `1,999,977,570` */
export const grouped = (n: number): string => INT.format(n);
export const decimal = (n: number): string => DEC.format(n);
export const signedMoney = (n: number, show: (amount: number) => string = money): string => (n > 0 ? `+${show(n)}` : n < 0 ? `−${show(-n)}` : show(0));

/**
 * The page's money: USD, or the chosen currency as `qsize --currency` shows it (src/cli/render/plan.ts): the bill's
 * lines and total are the converted bill's own (they add up to its total); any other amount (an alternative, a
 * difference) is converted and rounded alone (src/cli/currency.ts CurrencyView.show). Unit prices stay the catalogs'
 * USD prices, as in the CLI's bill.
 */
export interface Money {
  /** `USD` without a currency chosen. */
  code: string;
  /** A USD amount in the currency (rounded to its minor unit); unchanged in USD. */
  convert(usd: number): number;
  show(usd: number): string;
  signed(usd: number): string;
  /** The bill's line `i`, whose USD amount is `usd`. */
  line(i: number, usd: number): string;
  /** The bill's total, whose USD amount is `usd`. */
  total(usd: number): string;
}

export const USD_MONEY: Money = { code: 'USD', convert: (usd) => usd, show: money, signed: (usd) => signedMoney(usd), line: (_i, usd) => money(usd), total: money };

export function moneyIn(currency: CurrencyView | undefined, bill: { lines: readonly number[]; total: number } | undefined): Money {
  if (!currency || !bill) return USD_MONEY;
  return {
    code: currency.code,
    convert: currency.convert,
    show: currency.show,
    signed: (usd) => signedMoney(usd, currency.show),
    line: (i, usd) => currency.format(bill.lines[i] ?? currency.convert(usd)),
    total: () => currency.format(bill.total),
  };
}

/** Creates an element with attributes and children (text or nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}
