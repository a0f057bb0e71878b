/**
 * What a formatter may show. It sits in src/pricing because the pricing modules import only each other (they run in
 * the browser bundle: test/pricing/no-node-builtins.test.ts), and formatMoney and formatRate need it as much as
 * formatBytes, formatCount (src/spec/units.ts) and the formula inputs (src/model/formula.ts) do.
 */
/**
 * The formatters' one rule for a number they cannot show (formatBytes, formatCount, formatMoney, formatRate and the
 * formula inputs of `qsize explain`): NaN and ±Infinity are refused with a RangeError naming the formatter and the
 * value, never written out as the text "NaN" or "Infinity"; so is a number under `min` (0 for a size: a difference is
 * shown as a sign and formatBytes of its magnitude). A value that reaches a formatter that way is a bug upstream, and
 * the CLI reports it as an internal error (exit 1) instead of printing it.
 */
export function requireShowable(value: number, what: string, min = -Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${String(value)}`);
  if (value < min) throw new RangeError(`${what} must be >= ${min}, got ${value}`);
  return value;
}
