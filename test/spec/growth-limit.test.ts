/**
 * The growth total (points now + points per month x horizon months) is checked once, in the library
 * (pointsAtHorizon, src/spec/workload.ts), so recommend() and the CLI refuse it the same way, naming the growth.
 */
import { describe, expect, it } from 'vitest';
import { QsizeInputError } from '../../src/errors.js';
import { recommend } from '../../src/plan/recommend.js';
import { LIMITS, pointsAtHorizon } from '../../src/spec/workload.js';

const workload = { points: 90e9, collection: { vectors: { size: 8, distance: 'Cosine' as const } } };

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('a growth that takes the collection past the point limit', () => {
  it('recommend() refuses it as bad input naming constraints.growth.pointsPerMonth, not points', () => {
    // 90B + 1B x 12 = 102B, past the 100B limit although each input is within its own bound.
    const e = errorOf(() => recommend(workload, { growth: { pointsPerMonth: 1e9 } }, { maxAlternatives: 0 }));
    expect(e).toBeInstanceOf(QsizeInputError);
    const input = e as QsizeInputError;
    expect(input.field).toBe('constraints.growth.pointsPerMonth');
    expect(input.value).toBe(1e9);
    expect(input.message).toContain('90B now + 1B per month x 12 months is 102B');
  });

  it('counts the horizon the caller gives: 90B + 1B x 10 months is exactly the limit and passes the check', () => {
    expect(pointsAtHorizon(90e9, 1e9, 10)).toBe(LIMITS.maxPoints);
    expect(() => pointsAtHorizon(90e9, 1e9, 11)).toThrow('is 101B');
    expect(pointsAtHorizon(1_000_000, 0, 12)).toBe(1_000_000);
  });
});
