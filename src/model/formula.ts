/**
 * Builds line items. The code computes `bytes` in TypeScript; `formula` is the same computation in
 * mathjs syntax over `inputs`, so that a test can evaluate every formula with mathjs and check that
 * the explanation and the number agree (test/model/formula-consistency.test.ts).
 */
import type { ByteRange, Confidence, LineItem, Residency, Structure } from './types.js';
import { requireShowable } from '../pricing/showable.js';

export interface ItemSpec {
  id: string;
  name: string;
  structure: Structure;
  vector?: string;
  residency: Residency;
  /** Exact value of `formula` over `inputs` (before rounding to whole bytes). */
  value: number;
  formula: string;
  inputs: Record<string, number>;
  source: string;
  confidence: Confidence;
  /** Relative or absolute spread when the number is uncertain. Defaults to none. */
  low?: number;
  high?: number;
  note?: string;
}

/** Whole bytes, never negative, never NaN. */
export function wholeBytes(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.round(value);
}

const IDENT = /\b[A-Za-z_][A-Za-z0-9_]*\b/g;

/**
 * 1234567 -> "1,234,567". Hand-written because Number#toLocaleString initializes ICU on first use,
 * which costs about 10 ms of CLI start-up.
 */
export function groupThousands(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(Math.round(value)));
  if (!/^\d+$/.test(digits)) return String(value);
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A formula input as `qsize explain` substitutes it (768, 10,000,000, 0.0625); NaN or ±Infinity is a RangeError. */
export function formatInput(value: number): string {
  requireShowable(value, 'formatInput: value');
  if (Number.isInteger(value)) return groupThousands(value);
  return String(Number(value.toPrecision(6)));
}

/** `N * D * e` with {N: 10, D: 768, e: 4} -> `10 * 768 * 4`. */
export function substitute(formula: string, inputs: Record<string, number>): string {
  return formula.replace(IDENT, (name) => {
    const v = inputs[name];
    return v === undefined ? name : formatInput(v);
  });
}

export function makeItem(spec: ItemSpec): LineItem {
  const bytes = wholeBytes(spec.value);
  const low = spec.low === undefined ? bytes : Math.min(bytes, wholeBytes(spec.low));
  const high = spec.high === undefined ? bytes : Math.max(bytes, wholeBytes(spec.high));
  const range: ByteRange = { low, expected: bytes, high };
  const item = {
    id: spec.id,
    name: spec.name,
    structure: spec.structure,
    residency: spec.residency,
    bytes,
    range,
    confidence: spec.confidence,
    formula: spec.formula,
    inputs: spec.inputs,
  } as LineItem;
  lazySubstituted(item, spec.formula, spec.inputs);
  item.source = spec.source;
  if (spec.vector !== undefined) item.vector = spec.vector;
  if (spec.note !== undefined) item.note = spec.note;
  return item;
}

export const ceilTo = (value: number, multiple: number) => Math.ceil(value / multiple) * multiple;

/** The smallest power of two >= x (at least 1): file sizes that double as they grow. */
export const nextPow2 = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(1, x)));

/** hashbrown (Rust's HashMap): buckets = the next power of two of 8/7 x entries, at least 4; none when empty. */
export function hashBuckets(entries: number): number {
  return entries <= 0 ? 0 : nextPow2(Math.max(4, (entries * 8) / 7));
}

/**
 * `substituted` is text for humans, read only when a report or JSON shows the item; the planner estimates a
 * hundred layouts per recommend() and reads none of it. It is an enumerable property (JSON, spreads and
 * structuredClone see it like any other, in the same key order) computed on first read and kept (an accessor, so a frozen item still answers).
 */
function lazySubstituted(item: LineItem, formula: string, inputs: Record<string, number>): void {
  let value: string | undefined;
  Object.defineProperty(item, 'substituted', {
    enumerable: true,
    configurable: true,
    get(): string {
      return (value ??= substitute(formula, inputs));
    },
    set(v: string) {
      value = v;
    },
  });
}
