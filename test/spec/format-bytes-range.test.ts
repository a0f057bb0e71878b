import { describe, expect, it } from 'vitest';
import { formatByteRange, formatBytesInRange } from '../../src/spec/units.js';

describe('formatBytesInRange: a number the model knows within a range', () => {
  it('writes the unit once where both ends share it: 1.5 GiB in 1-2 GiB', () => {
    expect(formatBytesInRange(1.5 * 2 ** 30, { low: 2 ** 30, high: 2 * 2 ** 30 }, { binary: true })).toBe('1.50 GiB (range 1.00–2.00 GiB)');
  });
  it('writes both units where the ends differ: 1 GB in 500 MB-2 GB', () => {
    expect(formatBytesInRange(1e9, { low: 5e8, high: 2e9 })).toBe('1.00 GB (range 500.0 MB–2.00 GB)');
  });
  it('writes the value alone where the range is that value', () => {
    expect(formatBytesInRange(3e9, { low: 3e9, high: 3e9 })).toBe('3.00 GB');
  });
});

describe('formatByteRange: the range alone, as the web page shows it under a per-peer number', () => {
  it('2 GiB to 5 GiB is 2.00–5.00 GiB; 0.5 GiB to 2 GiB keeps both units', () => {
    expect(formatByteRange({ low: 2 * 2 ** 30, high: 5 * 2 ** 30 }, { binary: true })).toBe('2.00–5.00 GiB');
    expect(formatByteRange({ low: 2 ** 29, high: 2 * 2 ** 30 }, { binary: true })).toBe('512.0 MiB–2.00 GiB');
  });
});
