import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal, money } from '../../src/cli/render/numbers.js';

describe('hand-written number formatting', () => {
  it('matches toLocaleString("en-US") for prices and quantities', () => {
    expect(money(4489.17)).toBe('$4,489.17');
    expect(money(0.8568, 4)).toBe('$0.8568');
    expect(money(0.08, 4)).toBe('$0.08');
    expect(decimal(5110)).toBe('5,110');
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: 2, max: 4 }), (n, max) => {
        expect(decimal(n, 2, max)).toBe(n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: max }));
      }),
    );
  });
});
