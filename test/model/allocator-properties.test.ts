/**
 * Invariants of the allocation rule (src/model/allocator.ts; docs/methodology.md, "Allocations"), stated as sentences
 * and checked over the whole input space.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocationBytes, jemallocClass } from '../../src/model/allocator.js';
import { estimate, type WorkloadInput } from '../../src/index.js';

const RUNS = { numRuns: 500 };
const request = fc.double({ min: 1e-3, max: 1e9, noNaN: true });

describe('an allocation under jemalloc and glibc', () => {
  it('a size class is never smaller than the request, and wastes less than a quarter of it past 128 B (four classes a doubling), at most 15 B below', () => {
    fc.assert(
      fc.property(request, (b) => {
        const c = jemallocClass(b);
        expect(c).toBeGreaterThanOrEqual(b);
        if (b > 128) expect(c - b).toBeLessThan(b / 4);
        else expect(c - b).toBeLessThan(b <= 8 ? 8 : 16);
      }),
      RUNS,
    );
  });
  it('a larger request never takes a smaller allocation, under either allocator', () => {
    fc.assert(
      fc.property(request, fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom('jemalloc' as const, 'glibc' as const), fc.boolean(), (b, d, a, exact) => {
        expect(allocationBytes(b + d, a, exact)).toBeGreaterThanOrEqual(allocationBytes(b, a, exact));
      }),
      RUNS,
    );
  });
  it('a glibc chunk is at least 32 B and holds the request and its 8-B header; jemalloc adds no header, so a request that is a class is its own size', () => {
    fc.assert(
      fc.property(request, fc.boolean(), (b, exact) => {
        expect(allocationBytes(b, 'glibc', exact)).toBeGreaterThanOrEqual(Math.max(32, b + 8));
        const c = jemallocClass(b);
        expect(jemallocClass(c)).toBe(c);
      }),
      RUNS,
    );
  });
  it('the server\'s mutable keyword index never holds more heap than the in-process engine\'s for the same points (a point\'s 16-B key: 16 B against a 32-B chunk)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 5_000_000 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 15 }), (n, C, vb) => {
        const w = (allocator: 'jemalloc' | 'glibc'): WorkloadInput => ({
          points: n,
          qdrantVersion: '1.19.0',
          collection: { vectors: { size: 16, distance: 'Cosine' }, optimizers_config: { indexing_threshold: 0, default_segment_number: 1 } },
          payload: { avgBytes: 100, indexes: [{ field_name: 'k', field_schema: 'keyword', cardinality: C, avgValueBytes: vb }] },
          assumptions: { allocator },
        });
        const heap = (a: 'jemalloc' | 'glibc') => estimate(w(a)).lineItems.find((i) => i.id === 'payload-index.k.heap')!.bytes;
        expect(heap('jemalloc')).toBeLessThanOrEqual(heap('glibc'));
      }),
      { numRuns: 60 },
    );
  });
});
