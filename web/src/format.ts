/** Display formatting. Sizes use the library's formatBytes; money is en-US dollars like the CLI's quote. */
import { formatBytes, formatByteRange, formatCount } from '../../src/index.js';

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
export const signedMoney = (n: number): string => (n > 0 ? `+${money(n)}` : n < 0 ? `−${money(-n)}` : money(0));

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
