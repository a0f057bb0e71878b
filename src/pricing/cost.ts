/**
 * Pure helpers that turn quantities into priced line items.
 *
 * Model code produces quantities (nodes, GB of disk, GB of snapshots); this module joins them to a
 * catalog row's price. A missing price never throws: the line comes back with `missingPrice: true`,
 * null money fields and a warning, so a plan can still be printed and the gap is visible.
 */
import type { InstanceRow, StorageRow } from './catalog.js';
import { counted, plural } from '../util/plural.js';

/**
 * Hours in a billing month: 8760 h/year / 12. AWS and GCP compute pricing pages state monthly
 * figures on a 730 h/month basis (https://aws.amazon.com/ec2/pricing/on-demand/,
 * https://cloud.google.com/compute/all-pricing); Azure's pricing calculator uses the same.
 */
export const HOURS_PER_MONTH = 730;

/** A price joined from a catalog row: the number exactly as published, plus where and when. */
export interface PriceRef {
  usd: number;
  /** Unit the price is quoted per, e.g. `instance-hour`, `GB-month`. */
  unit: string;
  source: string;
  asOf: string | null;
}

export interface CostLine {
  /** Report line, e.g. `Node (r6i.4xlarge, on-demand)`. */
  name: string;
  /** In `unit`s per month, e.g. 2190 instance-hours, 500 GB-month. */
  quantity: number;
  unit: string;
  unitPriceUsd: number | null;
  monthlyUsd: number | null;
  /** Catalog row source plus its as_of, e.g. `github.com/... (as_of 2026-07-20)`; null when unpriced. */
  source: string | null;
  /** How `monthlyUsd` was computed, with the numbers in. */
  formula: string;
  missingPrice?: true;
  warning?: string;
}

export interface PriceQuantityInput {
  name: string;
  quantity: number;
  unit: string;
  /** The catalog price, or undefined when the lookup found none. */
  price: PriceRef | undefined;
  /** Text added to the formula before the price (e.g. `3 nodes × 730 h`). */
  quantityFormula?: string;
}

function assertQuantity(name: string, q: number): void {
  if (!Number.isFinite(q) || q < 0) throw new RangeError(`${name}: quantity must be a finite number >= 0, got ${q}`);
}

function sourceOf(price: PriceRef): string {
  return price.asOf === null ? `${price.source} (as_of unknown)` : `${price.source} (as_of ${price.asOf})`;
}

/** `quantity × unit price`, or a flagged line when `price` is undefined. */
export function priceQuantity(input: PriceQuantityInput): CostLine {
  assertQuantity(input.name, input.quantity);
  const qText = input.quantityFormula ?? `${input.quantity} ${input.unit}`;
  if (input.price === undefined) {
    return {
      name: input.name,
      quantity: input.quantity,
      unit: input.unit,
      unitPriceUsd: null,
      monthlyUsd: null,
      source: null,
      formula: `${qText} × (no price)`,
      missingPrice: true,
      warning: `${input.name}: no verified price in the catalog; this line is not included in the total`,
    };
  }
  if (input.price.unit !== input.unit) {
    throw new RangeError(`${input.name}: quantity is in ${input.unit} but the price is per ${input.price.unit}`);
  }
  return {
    name: input.name,
    quantity: input.quantity,
    unit: input.unit,
    unitPriceUsd: input.price.usd,
    monthlyUsd: input.quantity * input.price.usd,
    source: sourceOf(input.price),
    formula: `${qText} × $${input.price.usd}/${input.unit}`,
  };
}

/** The hourly price of an instance row. */
export function instancePrice(row: InstanceRow): PriceRef {
  return { usd: row.usdPerHour, unit: 'instance-hour', source: row.source, asOf: row.asOf };
}

/** The price of a storage row, quoted per its published unit (e.g. `GB-month`). */
export function storageRowPrice(row: StorageRow): PriceRef {
  return { usd: row.usdPrice, unit: row.unit, source: row.source, asOf: row.asOf };
}

export interface PriceNodesInput {
  instanceType: string;
  count: number;
  /** The catalog row (from `findInstances`), or undefined when not catalogued. */
  row: InstanceRow | undefined;
  /** Default `Node (<type>, on-demand)`. */
  name?: string;
  hoursPerMonth?: number;
}

/** `count × 730 h × $/h` for on-demand nodes running the whole month. */
export function priceNodes(input: PriceNodesInput): CostLine {
  const hours = input.hoursPerMonth ?? HOURS_PER_MONTH;
  if (!Number.isInteger(input.count) || input.count < 0) {
    throw new RangeError(`node count must be a non-negative integer, got ${input.count}`);
  }
  if (input.row !== undefined && input.row.instanceType !== input.instanceType) {
    throw new RangeError(`row is for ${input.row.instanceType}, not ${input.instanceType}`);
  }
  return priceQuantity({
    name: input.name ?? `Node (${input.instanceType}, on-demand)`,
    quantity: input.count * hours,
    unit: 'instance-hour',
    price: input.row === undefined ? undefined : instancePrice(input.row),
    quantityFormula: `${counted(input.count, 'node')} × ${hours} h/month`,
  });
}

export interface PriceStorageInput {
  name: string;
  /** In the row's unit, e.g. GB for a `GB-month` price. */
  quantity: number;
  /** The catalog row (from `storagePrice`), or undefined when not catalogued or unverified. */
  row: StorageRow | undefined;
  /** Unit to report when `row` is undefined; default `GB-month`. */
  unitIfMissing?: string;
}

/** `quantity × price` for a storage product billed per month. */
export function priceStorage(input: PriceStorageInput): CostLine {
  const unit = input.row?.unit ?? input.unitIfMissing ?? 'GB-month';
  return priceQuantity({
    name: input.name,
    quantity: input.quantity,
    unit,
    price: input.row === undefined ? undefined : storageRowPrice(input.row),
  });
}

/**
 * ` + N unpriced line(s)` after a total that leaves lines out (your own nodes without a price, storage on them),
 * ` (no line priced)` when it leaves every line out, else '': the one wording for the quote, the page and the planner's
 * messages (a total of priced lines alone read "$0/month" for unpriced nodes).
 */
export function unpricedNote(p: { cost: { lineItems: readonly { missingPrice?: true }[] } }): string {
  return unpricedCountNote(unpricedLines(p.cost.lineItems));
}

/** How many of a bill's lines have no price, and of how many (a timeline month keeps this, not its lines). */
export function unpricedLines(lineItems: readonly { missingPrice?: true }[]): { lines: number; of: number } {
  return { lines: lineItems.filter((l) => l.missingPrice).length, of: lineItems.length };
}

/** unpricedNote from the counts. */
export function unpricedCountNote(u: { lines: number; of: number } | undefined): string {
  if (u === undefined || u.lines === 0) return '';
  return u.lines === u.of ? ' (no line priced)' : ` + ${u.lines} unpriced ${plural(u.lines, 'line')}`;
}

export interface CostTotal {
  /** Sum over priced lines only. */
  monthlyUsd: number;
  /** Lines that carry `missingPrice`. */
  missing: CostLine[];
  /** True when every line is priced. */
  complete: boolean;
  warnings: string[];
}

/** Adds the priced lines and lists the unpriced ones. */
export function totalCost(lines: readonly CostLine[]): CostTotal {
  const missing = lines.filter((l) => l.missingPrice === true);
  return {
    monthlyUsd: lines.reduce((s, l) => s + (l.monthlyUsd ?? 0), 0),
    missing,
    complete: missing.length === 0,
    warnings: missing.map((l) => l.warning ?? `${l.name}: missing price`),
  };
}

/**
 * What a plan's quantity is priced by: an instance type's hour, or a storage product's GiB-month, in a cloud region.
 * The planner names the key; a `PriceBook` (built over the dated catalogs) answers it.
 */
export type PriceKey =
  | { kind: 'instance'; cloud: string; region: string; instanceType: string }
  | { kind: 'block-storage'; cloud: string; region: string }
  | { kind: 'object-storage'; cloud: string; region: string }
  /** A managed Kubernetes control plane (EKS, GKE, AKS) of a tier, per cluster-hour (data/catalogs/control-plane.csv). */
  | { kind: 'control-plane'; cloud: string; tier: string };

/** A price with its provenance; `verified: false` for catalog rows marked UNVERIFIED (list prices from weak sources). */
export interface BookPrice extends PriceRef {
  verified: boolean;
  /** The product the key resolved to (e.g. `ebs-gp3`), for the line's name. */
  product: string;
}

export interface PriceBook {
  price(key: PriceKey): BookPrice | undefined;
  /** Why a key has no price (the sources searched and what they lack), for the flagged line; optional. */
  whyMissing?(key: PriceKey): string | undefined;
}

/** One quantity the planner produces: how much of what, per month, before any price. */
export interface Quantity {
  /** Report line without the product, e.g. `Node (r6i.2xlarge, on-demand)`, `Data volume (64 GiB per peer)`. */
  name: string;
  quantity: number;
  /** `instance-hour`, `GiB-month` or `cluster-hour`. */
  unit: string;
  key: PriceKey;
  /** How the quantity was counted, e.g. `3 nodes × 730 h/month`. */
  quantityFormula: string;
  /**
   * A line of the warm disaster-recovery standby (`constraints.dr`): a second cluster that is priced but not deployed
   * (the emitted files are the primary's). The one marker of a standby line; nothing reads the line's name for it.
   */
  standby?: true;
}

/** A priced line of a plan's bill: money rounded to the cent, once, here. */
export interface PricedLine {
  name: string;
  quantity: number;
  unit: string;
  /** The catalog's unit price, exactly as published; null when the catalog has none. */
  unitPriceUsd: number | null;
  /** quantity × unit price rounded to the cent; 0 (and `missingPrice`) when there is no price. */
  monthlyUsd: number;
  /** Catalog row source and as-of date; null when unpriced. */
  source: string | null;
  /** The as_of date of the catalog row that priced the line (YYYY-MM-DD, or a year or month as the row gives it); absent when unpriced or undated. */
  asOf?: string;
  formula: string;
  /** No price in the catalog: the line is listed, kept out of the total, and a warning says so. */
  missingPrice?: true;
  /** Why there is no price, when the book knows (PriceBook.whyMissing). */
  missingReason?: string;
  /** The price comes from a catalog row marked UNVERIFIED. */
  unverifiedPrice?: true;
  /** A line of the DR standby cluster, priced but not deployed (Quantity.standby, carried through the price join). */
  standby?: true;
}

export interface PricedCost {
  lineItems: PricedLine[];
  /** Sum of the lines' cents: the total equals the sum of the printed lines exactly. */
  monthlyUsd: number;
  /** The unrounded sum (quantity × price), for ordering candidates: rounding must not decide between near-equal plans. */
  exactMonthlyUsd: number;
  /** One sentence per missing or unverified price. */
  warnings: string[];
  /** The distinct as_of dates of the catalog rows that priced the lines, oldest first: the dates a quote's header shows. */
  pricesAsOf: string[];
}

/** Rounds a money amount to whole cents (half away from zero on the cent). */
export function toCents(usd: number): number {
  return Math.round(usd * 100);
}

/**
 * The one price join of a plan: every quantity is looked up in the book, multiplied by its price and rounded to the
 * cent; the total is the sum of the rounded lines, so a quote's lines always add up to its total. A missing price
 * never becomes a silent $0: the line is flagged, left out of the total, and a warning names it; an UNVERIFIED price
 * is used, and flagged the same way.
 */
export function priceQuantities(quantities: readonly Quantity[], book: PriceBook): PricedCost {
  const lineItems: PricedLine[] = [];
  const warnings: string[] = [];
  let cents = 0;
  let exact = 0;
  for (const q of quantities) {
    const price = book.price(q.key);
    const line = priceQuantity({ name: q.name, quantity: q.quantity, unit: q.unit, price, quantityFormula: q.quantityFormula });
    if (line.missingPrice || price === undefined) {
      const why = book.whyMissing?.(q.key);
      warnings.push(`${q.name}: ${missingReason(q.key)}${why ? ` (${why})` : ''}; the line is not included in the total`);
      lineItems.push({
        name: q.name,
        quantity: q.quantity,
        unit: q.unit,
        unitPriceUsd: null,
        monthlyUsd: 0,
        source: null,
        formula: line.formula,
        missingPrice: true,
        ...(why ? { missingReason: why } : {}),
        ...(q.standby ? { standby: true as const } : {}),
      });
      continue;
    }
    const lineCents = toCents(line.monthlyUsd ?? 0);
    cents += lineCents;
    exact += line.monthlyUsd ?? 0;
    const out: PricedLine = {
      name: q.name,
      quantity: q.quantity,
      unit: q.unit,
      unitPriceUsd: price.usd,
      monthlyUsd: lineCents / 100,
      source: line.source,
      ...(price.asOf !== null ? { asOf: price.asOf } : {}),
      formula: line.formula,
      ...(q.standby ? { standby: true as const } : {}),
    };
    if (!price.verified) {
      out.unverifiedPrice = true;
      const w = `the ${price.product} price is an UNVERIFIED list price (${price.source}); lines priced with it are flagged`;
      if (!warnings.includes(w)) warnings.push(w);
    }
    lineItems.push(out);
  }
  const pricesAsOf = [...new Set(lineItems.flatMap((l) => (l.asOf === undefined ? [] : [l.asOf])))].sort();
  return { lineItems, monthlyUsd: cents / 100, exactMonthlyUsd: exact, warnings, pricesAsOf };
}

/** Why a quantity has no price: the catalog lacks the row, or it is your own node or storage (`custom`), which only you can price. */
function missingReason(key: PriceKey): string {
  if (key.cloud !== 'custom') return `no price in the catalog for ${describeKey(key)}`;
  return key.kind === 'instance' ? `no price given for your node "${key.instanceType}" (--node NAME=...@PRICE/h or @PRICE/month)` : `no price for ${key.kind} on your own nodes`;
}

function describeKey(key: PriceKey): string {
  if (key.kind === 'instance') return `${key.instanceType} in ${key.cloud} ${key.region}`;
  if (key.kind === 'control-plane') return `the ${key.cloud} control plane's ${key.tier} tier`;
  return `${key.kind} in ${key.cloud} ${key.region}`;
}
