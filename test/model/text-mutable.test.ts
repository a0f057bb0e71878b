/**
 * The heap of an appendable segment's (mutable) text index, sized from its structures (s38; src/model/text-index.ts
 * evaluateText `mutable`, mutableRoaringBytes; docs/methodology.md "Full-text index"): the vocab HashMap, a roaring
 * posting list per token, an Option<TokenSet> per point. Values worked out by hand from the layout (TEXT_LAYOUT:
 * roaring 0.11.4 containers of 40 B, Vecs doubling from 4, glibc chunks of request + 8 + 7.5 B, at least 32) and from
 * the generated titles of payload-indexes-0.9.0.json's text-title-20k-appendable (counted exactly in Python over
 * test/calibration/edge_payload_v1_20.py's data), checked against the measured heap (qdrant-edge-py 0.9.0).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutableRoaringBytes } from '../../src/model/text-index.js';
import { estimate } from '../../src/index.js';
import type { WorkloadInput } from '../../src/spec/workload.js';

describe('one roaring posting list of a mutable text index (mutableRoaringBytes), glibc chunks (the in-process engine measured)', () => {
  it('a token in 1 to 8 of 20,000 points: the Vec<Container> of capacity 4 x 40 B, malloc(160) = 175.5, and a Vec<u16> of 4 or 8 ids under the 32-B minimum chunk: 207.5 B', () => {
    expect(mutableRoaringBytes(1, 20_000, 'glibc')).toBe(175.5 + 32);
    expect(mutableRoaringBytes(8, 20_000, 'glibc')).toBe(207.5);
  });

  it('in 10 points: the array grows to 16 ids, malloc(32) = 47.5: 223 B; in 5,000 (over 4,096 ids): an 8 KiB bitmap, malloc(8,192) = 8,207.5: 8,383 B', () => {
    expect(mutableRoaringBytes(10, 20_000, 'glibc')).toBe(175.5 + 47.5);
    expect(mutableRoaringBytes(5_000, 20_000, 'glibc')).toBe(175.5 + 8_207.5);
  });

  it('over 131,072 points (2 blocks of 65,536 ids) a token in 100,000 of them holds both blocks, a bitmap each: 175.5 + 2 x 8,207.5; in 1 point one container; in none nothing', () => {
    expect(mutableRoaringBytes(100_000, 131_072, 'glibc')).toBeCloseTo(175.5 + 2 * 8_207.5, 6);
    expect(mutableRoaringBytes(1, 131_072, 'glibc')).toBeCloseTo(207.5, 6);
    expect(mutableRoaringBytes(0, 20_000, 'glibc')).toBe(0);
  });
});

describe('one roaring posting list under jemalloc (the server): each allocation its size class, no header', () => {
  it('in 1 point: the Vec<Container> of 4 x 40 = 160 B (a class of its own) and 4 ids of 2 B (the 8-B class): 168 B; in 8: 160 + 16; in 10: 16 ids, 160 + 32', () => {
    expect(mutableRoaringBytes(1, 20_000, 'jemalloc')).toBe(168);
    expect(mutableRoaringBytes(8, 20_000, 'jemalloc')).toBe(176);
    expect(mutableRoaringBytes(10, 20_000, 'jemalloc')).toBe(192);
  });
  it('in 5,000 points (over 4,096 ids): an 8 KiB bitmap, itself a class: 160 + 8,192 = 8,352 B', () => {
    expect(mutableRoaringBytes(5_000, 20_000, 'jemalloc')).toBe(8_352);
  });
});

describe('properties of a mutable posting list', () => {
  it('a token held by more documents never takes fewer bytes (n fixed), and one held by any takes at least the floor: 207.5 B as glibc chunks, 168 in jemalloc\'s classes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.double({ min: 1, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom('glibc' as const, 'jemalloc' as const), (n, a, d, alloc) => {
        const lo = Math.min(a, n);
        const hi = Math.min(a + d, n);
        expect(mutableRoaringBytes(hi, n, alloc)).toBeGreaterThanOrEqual(mutableRoaringBytes(lo, n, alloc) * (1 - 1e-12));
        expect(mutableRoaringBytes(lo, n, alloc)).toBeGreaterThanOrEqual((alloc === 'glibc' ? 207.5 : 168) * (1 - 1e-12));
      }),
      { numRuns: 200 },
    );
  });
});

/** The text index's heap item of 20,000 titles (text-title-20k's statistics) left in one appendable segment. */
function titlesHeap(valuesPerPoint = 1, phrase = false) {
  const e = estimate({
    points: 20_000,
    qdrantVersion: '1.20.0',
    collection: { vectors: { size: 16, distance: 'Cosine' }, optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: 1_000_000_000 } },
    payload: {
      avgBytes: 100,
      indexes: [{ field_name: 'title', field_schema: { type: 'text', ...(phrase ? { phrase_matching: true } : {}) }, valuesPerPoint, tokensPerValue: 11.5111 / valuesPerPoint, cardinality: 25_478, avgTokenBytes: 9.4838, zipfExponent: 1.07 }],
    },
    // Measured in process (qdrant-edge-py 0.9.0): glibc's chunks (src/model/allocator.ts).
    assumptions: { allocator: 'glibc' },
  } as WorkloadInput);
  return e.lineItems.find((i) => i.id === 'payload-index.title.heap')!;
}

describe('the mutable text index on the heap: 20,000 titles of 11.51 tokens, 25,478 distinct (text-title-20k-appendable)', () => {
  it('hb x 33 + Vs x (32 + 24) + Ra + n x (24 + ts): 32,768 buckets, a 32-B String per token, ts = malloc(4 x 16) = 79.5 for 10.42 distinct tokens a title', () => {
    const h = titlesHeap();
    const i = h.inputs;
    expect(i['hb']).toBe(32_768);
    expect(i['sm']).toBe(32);
    expect(i['ts']).toBe(79.5);
    expect(i['Vs']).toBeCloseTo(25_478, -1);
    expect(h.bytes).toBeCloseTo(32_768 * 33 + i['Vs']! * 56 + i['Ra']! + 20_000 * (24 + 79.5), 0);
  });

  it('Ra within 1% of the posting lists counted over the generated titles (containers 25,478 x 176 = 4,484,128, arrays 1,167,600: 5,651,728 B)', () => {
    expect(Math.abs(titlesHeap().inputs['Ra']! / 5_651_728 - 1)).toBeLessThan(0.01);
  });

  it('the whole within 2% of the same structures counted over the titles (10,097,600 B) and within 10% of the measured 10,756,096 B (one string) and 10,911,744 B (two values), inside the range', () => {
    const one = titlesHeap(1);
    const two = titlesHeap(2);
    expect(Math.abs(one.bytes / 10_097_600 - 1)).toBeLessThan(0.02);
    for (const [h, measured] of [[one, 10_756_096], [two, 10_911_744]] as const) {
      expect(Math.abs(h.bytes / measured - 1)).toBeLessThan(0.1);
      expect(h.range.low).toBeLessThanOrEqual(measured);
      expect(h.range.high).toBeGreaterThanOrEqual(measured);
    }
    // Without phrase matching two values make the same token sets and lists: the same heap.
    expect(two.bytes).toBe(one.bytes);
  });

  it('with phrase matching the documents add pd (1,710,888 B for one string): within 10% of the measured 12,435,456 B', () => {
    const h = titlesHeap(1, true);
    expect(h.bytes - titlesHeap(1).bytes).toBeCloseTo(1_710_888, 0);
    expect(Math.abs(h.bytes / 12_435_456 - 1)).toBeLessThan(0.1);
  });
});
