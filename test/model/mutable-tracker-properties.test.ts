/**
 * Invariants of the mutable id tracker and Rust's B-tree sizes (src/model/id-tracker.ts, src/model/mutable-heap.ts;
 * docs/methodology.md, "The mutable id tracker"), stated as sentences and checked over the whole input space.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { btreeBytesPerEntry } from '../../src/model/mutable-heap.js';
import { mutableTrackerBytes } from '../../src/model/id-tracker.js';

const RUNS = { numRuns: 300 };
const points = fc.integer({ min: 1, max: 50_000_000 });

describe('the mutable id tracker', () => {
  it('what is written never exceeds what is allocated, and the allocation is less than twice the written vectors plus an ordered B-tree', () => {
    fc.assert(
      fc.property(points, fc.boolean(), (n, uuid) => {
        const written = mutableTrackerBytes(n, uuid);
        const allocated = mutableTrackerBytes(n, uuid, { capacity: true });
        expect(allocated).toBeGreaterThanOrEqual(written);
        // The vectors' capacity is under twice their length (4 at least): 2 (24 + 8 + 1/8) n + 4 x 32 + 8 x 4.
        const bt = btreeBytesPerEntry(uuid ? 16 : 8, 4, 'random', 'jemalloc');
        expect(allocated).toBeLessThanOrEqual(n * (2 * 32.25 + bt) + 4 * 32 + 32);
      }),
      RUNS,
    );
  });
  it('the server\'s tracker (the versions vector whole, jemalloc) is never less than the written slots nor more than the whole capacity, and exceeds the written slots by 8 B a slot never written', () => {
    fc.assert(
      fc.property(points, fc.boolean(), (n, uuid) => {
        const server = mutableTrackerBytes(n, uuid);
        const glibc = mutableTrackerBytes(n, uuid, { written: true });
        expect(server).toBeGreaterThanOrEqual(glibc);
        expect(server).toBeLessThanOrEqual(mutableTrackerBytes(n, uuid, { capacity: true }));
        const pow2 = Math.max(4, 2 ** Math.ceil(Math.log2(n)));
        expect(server - glibc).toBeCloseTo(8 * (pow2 - n), 3);
      }),
      RUNS,
    );
  });
  it('one more point never costs less, and a UUID costs more than a numeric id', () => {
    fc.assert(
      fc.property(points, fc.boolean(), (n, uuid) => {
        expect(mutableTrackerBytes(n + 1, uuid)).toBeGreaterThan(mutableTrackerBytes(n, uuid));
        expect(mutableTrackerBytes(n, true)).toBeGreaterThan(mutableTrackerBytes(n, false));
      }),
      RUNS,
    );
  });
  it('ids inserted in order never take less than ids at random, and a geo prefix run lies between the two', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 64 }), (k, v) => {
        fc.pre(k + v > 0);
        const random = btreeBytesPerEntry(k, v, 'random', 'jemalloc');
        expect(btreeBytesPerEntry(k, v, 'ascending', 'jemalloc')).toBeGreaterThan(random);
        expect(btreeBytesPerEntry(k, v, 'prefix-runs', 'jemalloc')).toBeGreaterThan(random);
        expect(btreeBytesPerEntry(k, v, 'prefix-runs', 'jemalloc')).toBeLessThan(btreeBytesPerEntry(k, v, 'ascending', 'jemalloc'));
      }),
      RUNS,
    );
  });
  it('a plain layout\'s tracker line item holds its expected value inside its range, which covers the whole capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000 }), fc.boolean(), (n, uuid) => {
        // Indexing off: every segment plain.
        const e = estimate({ points: n, pointIdType: uuid ? 'uuid' : 'numeric', collection: { vectors: { size: 64, distance: 'Cosine' }, optimizers_config: { indexing_threshold: 0 } } });
        const item = e.lineItems.find((i) => i.id === 'id-tracker.ram')!;
        expect(e.layout.indexed).toBe(false);
        expect(item.range.low).toBeLessThanOrEqual(item.bytes);
        const S = e.layout.segmentsTotal;
        const perSegment = Math.ceil(e.layout.pointsPerSegment);
        expect(item.range.high).toBeGreaterThanOrEqual(S * mutableTrackerBytes(perSegment, uuid, { capacity: true }) - 1);
      }),
      { numRuns: 100 },
    );
  });
});
