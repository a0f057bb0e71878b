import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupThousands } from '../../src/model/formula.js';

describe('groupThousands', () => {
  it('groups digits by three like en-US formatting', () => {
    expect(groupThousands(0)).toBe('0');
    expect(groupThousands(999)).toBe('999');
    expect(groupThousands(1000)).toBe('1,000');
    expect(groupThousands(7_120_776_192)).toBe('7,120,776,192');
    expect(groupThousands(-1234567)).toBe('-1,234,567');
  });
  it('agrees with Number#toLocaleString("en-US") on every safe integer', () => {
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => {
      expect(groupThousands(n)).toBe(n.toLocaleString('en-US'));
    }));
  });
});
