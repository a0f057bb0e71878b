/**
 * Graphs built on raw dot products of uint8 vectors (rawDotBuild, src/model/hnsw.ts; docs/methodology.md, "Graphs built
 * on raw dot products"): which builds are, the low end of their degree, and the warning. Values worked by hand in the
 * docs' example: 100k x 384-d, m=16, ef_construct 100.
 */
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { parseWorkload } from '../../src/model/estimate.js';
import { resolve } from '../../src/model/resolve.js';
import { levelZeroDegree, lowDegreeBuild, rawDotBuild } from '../../src/model/hnsw.js';

const w = (distance: 'Cosine' | 'Euclid' | 'Dot' | 'Manhattan', datatype: 'uint8' | 'float32' | 'float16', quantization?: object) => ({
  points: 100_000,
  collection: { vectors: { size: 384, distance, datatype }, ...(quantization ? { quantization_config: quantization } : {}) },
});
const dense = (x: ReturnType<typeof w>) => resolve(parseWorkload(x as never)).dense[0]!;
const PQ16 = { product: { compression: 'x16' } };
const SQ8 = { scalar: { type: 'int8' } };
const BQ = { binary: {} };

describe('graphs built on raw dot products', () => {
  it('are the uint8 builds scored by dot product: Cosine with scalar or product quantization, and Dot', () => {
    expect(rawDotBuild(dense(w('Cosine', 'uint8', SQ8)))).toBe(true);
    expect(rawDotBuild(dense(w('Cosine', 'uint8', PQ16)))).toBe(true);
    expect(rawDotBuild(dense(w('Dot', 'uint8')))).toBe(true);
    expect(rawDotBuild(dense(w('Dot', 'uint8', SQ8)))).toBe(true);
    // Not: binary codes (signs, ties kept), a metric (Euclid, Manhattan), unquantized Cosine (the raw scorer is a true
    // cosine), float originals (normalized on insert under Cosine).
    expect(rawDotBuild(dense(w('Cosine', 'uint8', BQ)))).toBe(false);
    expect(rawDotBuild(dense(w('Euclid', 'uint8', PQ16)))).toBe(false);
    expect(rawDotBuild(dense(w('Manhattan', 'uint8', SQ8)))).toBe(false);
    expect(rawDotBuild(dense(w('Cosine', 'uint8')))).toBe(false);
    expect(rawDotBuild(dense(w('Cosine', 'float16', PQ16)))).toBe(false);
    expect(rawDotBuild(dense(w('Cosine', 'float32', SQ8)))).toBe(false);
  });
  it('keep the usual expected degree, with a low end of x0.08: 1.653 links at PQ x16 (0.08 x 1.16 x 17.817), 1.425 under Dot', () => {
    for (const [x, expected, low] of [[w('Cosine', 'uint8', PQ16), 20.668, 1.6535], [w('Dot', 'uint8'), 17.817, 1.4254]] as const) {
      const d = dense(x);
      const { factor, build } = lowDegreeBuild(d);
      expect(levelZeroDegree(16, 100_000, null, 1, { efConstruct: 100, quantFactor: build.quantFactor ?? 1 })).toBeCloseTo(expected, 2);
      expect(levelZeroDegree(16, 100_000, null, factor, build)).toBeCloseTo(low, 3);
    }
  });
  it('warn, naming the vector, the distance and what avoids it; the others do not', () => {
    const warned = (x: ReturnType<typeof w>) => estimate(x as never).warnings.filter((s) => s.includes('dot products of unnormalized vectors'));
    expect(warned(w('Cosine', 'uint8', SQ8))).toEqual([expect.stringMatching(/^vector "default": uint8 vectors with Cosine distance and scalar quantization .*binary quantization, Euclid distance or float16 originals avoid it/)]);
    expect(warned(w('Dot', 'uint8'))).toEqual([expect.stringMatching(/^vector "default": uint8 vectors with Dot distance build .*Cosine or Euclid distance avoid it/)]);
    expect(warned(w('Cosine', 'uint8', BQ))).toEqual([]);
    expect(warned(w('Euclid', 'uint8', PQ16))).toEqual([]);
  });
});
