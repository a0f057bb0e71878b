/**
 * Human counts and sizes: `100M`, `1.5B`, `10k`, `4Gi`, `1.5TB`, `2KiB`.
 *
 * Counts use SI multipliers (k = 1e3, M = 1e6, B or G = 1e9, T = 1e12): "100M vectors" means 100,000,000.
 * Sizes accept SI (kB, MB, GB, TB = powers of 1000) and IEC (Ki, Mi, Gi, Ti, with or without a
 * trailing B = powers of 1024), as Kubernetes quantities do
 * (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/).
 */
import { QsizeInputError } from '../errors.js';
import { requireShowable } from '../pricing/showable.js';

const COUNT_SUFFIX: Record<string, number> = {
  '': 1,
  k: 1e3,
  K: 1e3,
  m: 1e6,
  M: 1e6,
  b: 1e9,
  B: 1e9,
  g: 1e9,
  G: 1e9,
  t: 1e12,
  T: 1e12,
};

const SIZE_SUFFIX: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  p: 1e15,
  pb: 1e15,
  ki: 1024,
  kib: 1024,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
  pi: 1024 ** 5,
  pib: 1024 ** 5,
};

const NUMBER = String.raw`([0-9]+(?:[._][0-9]+)*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)`;
const COUNT_RE = new RegExp(`^\\s*${NUMBER}\\s*([a-zA-Z]?)\\s*$`);
const SIZE_RE = new RegExp(`^\\s*${NUMBER}\\s*([a-zA-Z]{0,3})\\s*$`);

function toNumber(text: string): number {
  // Underscores and thousands separators as in 100_000 or 1_000_000 are accepted.
  return Number(text.replace(/_/g, ''));
}

/** Parses a count such as `100M`, `1.5B`, `10k`, `1e6` or `100_000`. Returns NaN when unparseable. */
export function parseCount(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = COUNT_RE.exec(value);
  if (!match) return Number.NaN;
  const multiplier = COUNT_SUFFIX[match[2] ?? ''];
  if (multiplier === undefined) return Number.NaN;
  return exactCount(match[1] ?? '', multiplier);
}

/**
 * A count is a whole number or it is refused: `1.5` stays 1.5 (the callers then say "a whole number")
 * instead of being rounded to 2, and `1.5k` is exactly 1500. The decimal digits are shifted by the
 * suffix's power of ten as text, so `1.1M` is 1100000 exactly, not 1100000.0000000002.
 */
function exactCount(numberText: string, multiplier: number): number {
  const m = /^([0-9]+(?:_[0-9]+)*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(numberText);
  if (!m) return Number.NaN;
  const whole = (m[1] ?? '').replace(/_/g, '');
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  const shift = Math.round(Math.log10(multiplier)) + Number(m[3] ?? 0) - fraction.length;
  const digits = `${whole}${fraction}`;
  if (shift >= 0) return Number(`${digits}e${shift}`);
  const kept = digits.slice(0, shift);
  const dropped = digits.slice(shift);
  if (/^0*$/.test(dropped)) return Number(kept === '' ? '0' : kept);
  return toNumber(numberText) * multiplier;
}

/** Parses a byte size such as `4Gi`, `1.5TB`, `2KiB`, `512` (bytes). Returns NaN when unparseable. */
export function parseBytes(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = SIZE_RE.exec(value);
  if (!match) return Number.NaN;
  const multiplier = SIZE_SUFFIX[(match[2] ?? '').toLowerCase()];
  if (multiplier === undefined) return Number.NaN;
  return Math.round(toNumber(match[1] ?? '') * multiplier);
}

/**
 * A size as a user types it, exactly (parseBytes reads it back to the same bytes): the largest IEC unit that divides it
 * (`64Gi`, `16Mi`, `1Pi`), else plain bytes (`1500`). For the bounds a message states: `a size from 0 to 64Gi`.
 */
export function formatSizeExact(bytes: number): string {
  for (const [unit, size] of [['Pi', 1024 ** 5], ['Ti', 1024 ** 4], ['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** Like parseCount but throws a QsizeInputError naming the field. */
export function requireCount(field: string, value: string | number): number {
  const n = parseCount(value);
  if (!Number.isFinite(n)) {
    throw new QsizeInputError(field, value, 'a count such as 1000000, 100M, 1.5B or 10k');
  }
  return n;
}

const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
const SI = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * Formats bytes for humans: `formatBytes(7120776192)` is `7.12 GB`; `{ binary: true }` gives `6.63 GiB`. A size is
 * finite and not negative: anything else is a RangeError (requireShowable).
 */
export function formatBytes(bytes: number, options: { binary?: boolean; digits?: number } = {}): string {
  requireShowable(bytes, 'formatBytes: bytes', 0);
  const base = options.binary ? 1024 : 1000;
  const units = options.binary ? IEC : SI;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= base && unit < units.length - 1) {
    value /= base;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : (options.digits ?? (value >= 100 ? 1 : 2));
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** A range of bytes: `2.30–5.09 GiB`, the unit written once where both ends share it. */
export function formatByteRange(range: { low: number; high: number }, options: { binary?: boolean } = {}): string {
  const low = formatBytes(range.low, options);
  const high = formatBytes(range.high, options);
  const unit = (s: string) => s.slice(s.indexOf(' '));
  return `${unit(low) === unit(high) ? low.slice(0, low.indexOf(' ')) : low}–${high}`;
}

/**
 * Bytes and their range, for a number the model knows only within one: `4.27 GiB (range 2.30–5.09 GiB)`; the value
 * alone where the range is that value.
 */
export function formatBytesInRange(bytes: number, range: { low: number; high: number }, options: { binary?: boolean } = {}): string {
  if (range.low === range.high) return formatBytes(bytes, options);
  return `${formatBytes(bytes, options)} (range ${formatByteRange(range, options)})`;
}

/** Formats a count with SI suffix: 100000000 -> `100M`, 1500000000 -> `1.5B`. NaN or ±Infinity is a RangeError. */
export function formatCount(n: number): string {
  requireShowable(n, 'formatCount: n');
  const steps: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of steps) {
    if (Math.abs(n) >= size) {
      const v = n / size;
      return `${Number.isInteger(v) ? v : Number(v.toPrecision(3))}${suffix}`;
    }
  }
  return String(n);
}
