/**
 * Pure helpers that turn quantities into priced line items.
 *
 * Model code produces quantities (nodes, GB of disk, GB of snapshots); this module joins them to a
 * catalog row's price. A missing price never throws: the line comes back with `missingPrice: true`,
 * null money fields and a warning, so a plan can still be printed and the gap is visible.
 */
import type { InstanceRow, StorageRow } from './catalog.js';

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
    quantityFormula: `${input.count} node${input.count === 1 ? '' : 's'} × ${hours} h/month`,
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
