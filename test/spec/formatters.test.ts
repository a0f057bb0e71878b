/**
 * The exported number formatters refuse what they cannot show (src/spec/units.ts requireShowable): NaN and ±Infinity
 * are a RangeError naming the formatter and the value, never the text "NaN" or "Infinity" in an output; a size
 * (formatBytes) or an exchange rate (formatRate) under 0 is refused too. Before, formatBytes(NaN) was "NaN B",
 * formatBytes(Infinity) "Infinity PB", formatCount(Infinity) "InfinityT" and formatBytes(-5e9) "-5.00 GB".
 */
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatMoney } from '../../src/index.js';
import { formatInput } from '../../src/model/formula.js';
import { formatRate } from '../../src/pricing/money.js';

const NOT_FINITE = [NaN, Infinity, -Infinity];

describe('the exported formatters refuse a number they cannot show', () => {
  it.each(NOT_FINITE)('%s: formatBytes, formatCount, formatMoney, formatRate and formatInput throw a RangeError', (v) => {
    expect(() => formatBytes(v)).toThrow(new RangeError(`formatBytes: bytes must be a finite number, got ${String(v)}`));
    expect(() => formatBytes(v, { binary: true })).toThrow(RangeError);
    expect(() => formatCount(v)).toThrow(new RangeError(`formatCount: n must be a finite number, got ${String(v)}`));
    expect(() => formatMoney(v, 'USD')).toThrow(new RangeError(`formatMoney: amount must be a finite number, got ${String(v)}`));
    expect(() => formatRate(v)).toThrow(RangeError);
    expect(() => formatInput(v)).toThrow(new RangeError(`formatInput: value must be a finite number, got ${String(v)}`));
  });

  it('a negative size or rate is refused; a difference is shown as a sign and the magnitude', () => {
    expect(() => formatBytes(-5e9)).toThrow(new RangeError('formatBytes: bytes must be >= 0, got -5000000000'));
    expect(() => formatRate(-1)).toThrow(RangeError);
    expect(`-${formatBytes(5e9)}`).toBe('-5.00 GB');
  });

  it('finite values print as before (worked by hand)', () => {
    // 7,120,776,192 B / 1000^3 = 7.12 GB; / 1024^3 = 6.6317... GiB.
    expect(formatBytes(7_120_776_192)).toBe('7.12 GB');
    expect(formatBytes(7_120_776_192, { binary: true })).toBe('6.63 GiB');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatCount(1_500_000_000)).toBe('1.5B');
    expect(formatCount(-5)).toBe('-5');
    expect(formatMoney(-1234.5, 'USD')).toBe('-$1,234.50');
    expect(formatRate(3.67250001)).toBe('3.6725');
    expect(formatInput(10_000_000)).toBe('10,000,000');
    expect(formatInput(0.0625)).toBe('0.0625');
  });
});

describe('formatSizeExact writes a size as it is typed, exactly', () => {
  it.each([
    [64 * 1024 ** 3, '64Gi'],
    [16 * 1024 ** 2, '16Mi'],
    [1024 ** 5, '1Pi'],
    [1536 * 1024 ** 3, '1536Gi'], // 1.5 Ti is not a whole number of Ti
    [1500, '1500'],
    [0, '0'],
  ])('%d bytes: %s', async (bytes, text) => {
    const { formatSizeExact, parseBytes } = await import('../../src/spec/units.js');
    expect(formatSizeExact(bytes)).toBe(text);
    expect(parseBytes(text)).toBe(bytes);
  });
});
