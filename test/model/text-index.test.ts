/**
 * The text index's id-gap width: the exact expectation worked by hand, and the tabulated one that plans use against it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkGapBits, chunkGapBitsExact } from '../../src/model/text-index.js';

describe('the widest id gap of a full 128-id chunk (127 gaps, geometric with p = P(a document holds the token))', () => {
  it('p = 1/2: E[width] = sum over b of P(max gap > 2^b - 1) = 1 + 1 + (1 - 4.3e-8) + (1 - 0.36932) + 0.003876 = 3.63455 bits', () => {
    // By hand: P(max gap <= 2^b - 1) = (1 - 2^-(2^b - 1))^127: b = 2: (7/8)^127 = 4.315e-8; b = 3: (127/128)^127 = 0.369323;
    // b = 4: (1 - 2^-15)^127 = 0.996132; b = 5: 1 - 5.9e-8.
    expect(chunkGapBitsExact(0.5)).toBeCloseTo(3.63455, 4);
  });
  it('a token in every document: every gap is 1, one bit', () => {
    expect(chunkGapBitsExact(1)).toBeCloseTo(1, 6);
  });
  it('property: the tabulated width is within 0.002 bits of the exact sum for every p from 1e-15 to 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -34.5, max: 34.5, noNaN: true }), (logit) => {
        const p = 1 / (1 + Math.exp(-logit));
        expect(Math.abs(chunkGapBits(p) - chunkGapBitsExact(p))).toBeLessThan(0.002);
      }),
      { numRuns: 2000 },
    );
  });
});
