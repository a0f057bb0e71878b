/** A bill in another currency (issue 14): the total is the USD total × the rate to the minor unit, and the lines add up to it. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { convertBill } from '../../src/pricing/quote.js';

describe('convertBill', () => {
  it('converts $606.57 + $90.09 = $696.66 to AED 2,227.63 + 330.85 = 2,558.48 at the 3.6725 peg', () => {
    // By hand: 606.57 × 3.6725 = 2227.628325, 90.09 × 3.6725 = 330.855525, 696.66 × 3.6725 = 2558.48385 → AED 2558.48 (to the fils).
    // Floors 2227.62 + 330.85 = 2558.47; the missing fils goes to the larger remainder (0.8325 > 0.5525): the first line.
    const b = convertBill([606.57, 90.09], 696.66, 'AED');
    expect(b.unitsPerUsd).toBe(3.6725);
    expect(b.total).toBe(2558.48);
    expect(b.lines).toEqual([2227.63, 330.85]);
    expect(b.rateAsOf).toMatch(/^\d{4}/);
  });

  it('rounds JPY to the whole yen', () => {
    const b = convertBill([10, 0.01], 10.01, 'JPY');
    expect(Number.isInteger(b.total)).toBe(true);
    expect(b.lines.every(Number.isInteger)).toBe(true);
  });

  it('the converted lines always add up to the converted total, each within one minor unit of its exact conversion', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 8 }), fc.constantFrom('AED', 'SAR', 'EUR', 'JPY', 'INR'), (cents, code) => {
        const lines = cents.map((c) => c / 100);
        const total = cents.reduce((a, b) => a + b, 0) / 100;
        const b = convertBill(lines, total, code);
        const scale = code === 'JPY' ? 1 : 100;
        const sum = b.lines.reduce((a, x) => a + Math.round(x * scale), 0);
        return sum === Math.round(b.total * scale) && b.lines.every((x, i) => Math.abs(x - (lines[i] as number) * b.unitsPerUsd) <= 1 / scale + 1e-9);
      }),
    );
  });

  it('the AED total is the USD total × 3.6725 to the fils, computed in integers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (cents) => {
        // cents × 36725 / 10000 fils, rounded half up (amounts are never negative).
        const fils = Math.floor((cents * 36725 + 5000) / 10000);
        return Math.round(convertBill([cents / 100], cents / 100, 'AED').total * 100) === fils;
      }),
    );
  });
});
