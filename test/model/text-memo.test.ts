/**
 * The text model's memos (src/model/text-index.ts: the fitted ranks, the laws, the segment tables, the whole index;
 * BoundedMemo, src/util/memo.ts, tested in test/util/memo.test.ts): a plan sums the same Zipf laws at every layout it
 * tries, so they are kept, keyed by every input the memoized function reads. What a memo returns is checked against the
 * same call in a fresh copy of the module, whose memos are empty: a key that left out an input would return the
 * earlier input's numbers there.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PREFIX_LANGUAGE_TABLES, prefixRankShape, rankShapeWeight, type RankShape } from '../../src/model/prefix-tokens.js';
import type { TextCorpus, TextIndexInput } from '../../src/model/text-index.js';
import * as warm from '../../src/model/text-index.js';

type TextModule = typeof warm;

/** A copy of the text model with empty memos. */
async function freshModule(): Promise<TextModule> {
  vi.resetModules();
  return (await import('../../src/model/text-index.js')) as TextModule;
}

const shape = (L: number) => prefixRankShape(PREFIX_LANGUAGE_TABLES.english, 'english', L)!;

const BASE_INDEX: TextIndexInput = {
  allocator: 'jemalloc',
  N: 2e6,
  S: 4,
  valuesPerPoint: 1,
  tokensPerValue: 12,
  vocabulary: 50_000,
  avgTokenBytes: 7.5,
  avgTokenBytesGiven: false,
  termBytesScale: 1,
  vocabularyRange: undefined,
  avgTokenBytesRange: undefined,
  families: undefined,
  zipfExponent: undefined,
  bm25: false,
  positions: false,
  stopwordRanks: 0,
  phfBitsPerKey: 2.5,
};

/** Each input of textIndexBytes, changed to a value that moves its result. */
const INDEX_CHANGES: [keyof TextIndexInput, Partial<TextIndexInput>][] = [
  ['N', { N: 3e6 }],
  ['S', { S: 5 }],
  ['valuesPerPoint', { valuesPerPoint: 2 }],
  ['tokensPerValue', { tokensPerValue: 20 }],
  ['vocabulary', { vocabulary: 80_000 }],
  ['avgTokenBytes', { avgTokenBytes: 9 }],
  ['avgTokenBytesGiven', { avgTokenBytesGiven: true }],
  ['termBytesScale', { termBytesScale: 2 }],
  ['vocabularyRange', { vocabularyRange: [30_000, 90_000] }],
  ['avgTokenBytesRange', { avgTokenBytesRange: [4, 20] }],
  [
    'families',
    {
      families: [
        { tokenShare: 0.5, vocabShare: 0.2, rankShape: shape(2) },
        { tokenShare: 0.5, vocabShare: 0.8, rankShape: shape(3) },
      ],
    },
  ],
  ['zipfExponent', { zipfExponent: 1.1 }],
  ['bm25', { bm25: true }],
  ['positions', { positions: true }],
  ['stopwordRanks', { stopwordRanks: 100 }],
  ['phfBitsPerKey', { phfBitsPerKey: 4 }],
  ['allocator', { allocator: 'glibc' }],
];

const BASE_CORPUS: TextCorpus = {
  // 2.4M tokens show fewer than 50,000 distinct ones unless the law has more ranks: the fit is not the trivial W = V.
  docs: 200_000,
  tokensPerDoc: 12,
  vocabulary: 50_000,
  collectionTokens: 2.4e6,
  zipfExponent: 1,
  stopwordRanks: 0,
  termFrequencies: true,
  positions: false,
  exactRanks: 2000,
  rankShape: undefined,
  allocator: 'jemalloc',
};

/** Each corpus field textSegmentStats reads, changed to a value that moves its result. */
const CORPUS_CHANGES: [keyof TextCorpus, Partial<TextCorpus>][] = [
  ['docs', { docs: 150_000 }],
  ['tokensPerDoc', { tokensPerDoc: 10 }],
  ['vocabulary', { vocabulary: 60_000 }],
  ['collectionTokens', { collectionTokens: 3e6 }],
  ['zipfExponent', { zipfExponent: 1.1 }],
  ['stopwordRanks', { stopwordRanks: 50 }],
  ['termFrequencies', { termFrequencies: false }],
  ['positions', { positions: true }],
  ['exactRanks', { exactRanks: 200 }],
  ['rankShape', { rankShape: shape(4) }],
  ['allocator', { allocator: 'glibc' }],
];

describe('the text model memos: keyed by every input they read', () => {
  let fresh: TextModule;
  beforeAll(async () => {
    fresh = await freshModule();
  });

  it('the changes cover every field of a text index input and of a corpus', () => {
    expect(INDEX_CHANGES.map(([k]) => k).sort()).toEqual(Object.keys(BASE_INDEX).sort());
    expect(CORPUS_CHANGES.map(([k]) => k).sort()).toEqual(Object.keys(BASE_CORPUS).sort());
  });

  for (const [field, change] of INDEX_CHANGES) {
    it(`textIndexBytes: two indexes that differ only in ${field} get different results, each the one an empty memo gives`, () => {
      const base = warm.textIndexBytes(BASE_INDEX);
      const changed = warm.textIndexBytes({ ...BASE_INDEX, ...change });
      expect(changed).not.toEqual(base);
      expect(changed).toEqual(fresh.textIndexBytes({ ...BASE_INDEX, ...change }));
      expect(warm.textIndexBytes(BASE_INDEX)).toEqual(base);
    });
  }

  for (const [field, change] of CORPUS_CHANGES) {
    it(`textSegmentStats: two corpora that differ only in ${field} get different results, each the one an empty memo gives`, () => {
      const base = warm.textSegmentStats(BASE_CORPUS);
      const changed = warm.textSegmentStats({ ...BASE_CORPUS, ...change });
      expect(changed).not.toEqual(base);
      expect(changed).toEqual(fresh.textSegmentStats({ ...BASE_CORPUS, ...change }));
    });
  }

  it('a segment first summed without payload blocks gives the same block sums as one summed with them from the start', () => {
    const c = { ...BASE_CORPUS, docs: 123_000 };
    const degree = (b: number) => Math.min(b - 1, 10 + Math.log(b));
    warm.textSegmentStats(c);
    const blocks = warm.textSegmentStats(c, [100, 5000], degree);
    expect(blocks.blockLinks).toBeGreaterThan(0);
    expect(blocks).toEqual(fresh.textSegmentStats(c, [100, 5000], degree));
  });

  it('a returned index is the caller\'s own: changing it does not change the next call\'s', () => {
    const a = warm.textIndexBytes(BASE_INDEX);
    const files = a.files.value;
    a.files.value = -1;
    a.files.inputs['S'] = -1;
    expect(warm.textIndexBytes(BASE_INDEX).files.value).toBe(files);
    expect(warm.textIndexBytes(BASE_INDEX).files.inputs['S']).toBe(BASE_INDEX.S);
  });

  it('every memo stays within its bound after more distinct inputs than it holds', () => {
    for (let i = 0; i < 2100; i++) warm.textSegmentStats({ ...BASE_CORPUS, vocabulary: 50 + (i % 300), docs: 1000 + i, collectionTokens: 24e4, termFrequencies: false });
    for (let i = 0; i < 300; i++) warm.textIndexBytes({ ...BASE_INDEX, N: 1000 + i, vocabulary: 200 });
    const sizes = warm.textMemoSizes();
    for (const [name, { size, limit }] of Object.entries(sizes)) {
      expect(size, name).toBeLessThanOrEqual(limit);
      expect(size, name).toBeGreaterThan(0);
    }
    expect(sizes.tables.size).toBe(sizes.tables.limit);
    expect(sizes.laws.size).toBe(sizes.laws.limit);
  });
});

/**
 * The rank groups as one loop builds them, every group's weight worked out afresh (the model's code before the groups
 * were kept per law): ranks head+1..min(W, exactRanks) one by one, then 1% groups up to W.
 */
function groupsByLoop(W: number, s: number, head: number, exactRanks: number, shape?: RankShape): { count: number[]; weight: number[]; total: number } {
  const count: number[] = [];
  const weight: number[] = [];
  let total = 0;
  const exact = Math.min(W, exactRanks);
  for (let r = 1 + head; r <= exact; r++) {
    const w = shape ? rankShapeWeight(shape, r) : r ** -s;
    count.push(1);
    weight.push(w);
    total += w;
  }
  let a = Math.max(exact, head) + 1;
  while (a <= W) {
    const b = Math.min(W, Math.max(a, Math.floor(a * 1.01)));
    const n = b - a + 1;
    const lo = a - 0.5;
    const hi = b + 0.5;
    const w = shape ? rankShapeWeight(shape, Math.sqrt(a * b)) : (Math.abs(s - 1) < 1e-9 ? Math.log(hi / lo) : (hi ** (1 - s) - lo ** (1 - s)) / (1 - s)) / n;
    count.push(n);
    weight.push(w);
    total += n * w;
    a = b + 1;
  }
  return { count, weight, total };
}

describe('the rank groups kept per law (rankGroups, expectedDistinct)', () => {
  const law = fc.record({
    s: fc.constantFrom(0.9, 1, 1.2),
    head: fc.constantFrom(0, 1, 50, 179, 2500),
    exactRanks: fc.constantFrom(200, 2000),
    shape: fc.constantFrom(undefined, 1, 3, 7),
  });
  // Ranks from below the exact ones to past 10^9, whole and fractional (zipfRanks bisects over fractional W).
  const ranks = fc.array(fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 1, max: 2e9, noNaN: true })), { minLength: 1, maxLength: 6 });

  it('property: for any W, in any order of calls, the groups and their total are the loop\'s, bit for bit', () => {
    fc.assert(
      fc.property(law, ranks, ({ s, head, exactRanks, shape: L }, Ws) => {
        const shape = L === undefined ? undefined : prefixRankShape(PREFIX_LANGUAGE_TABLES.english, 'english', L);
        for (const W of Ws) {
          const kept = warm.rankGroups(W, s, head, exactRanks, shape);
          const loop = groupsByLoop(W, s, head, exactRanks, shape);
          expect(Array.from(kept.count)).toEqual(loop.count);
          expect(Array.from(kept.weight)).toEqual(loop.weight);
          expect(Object.is(kept.total, loop.total)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('property: the expected distinct tokens are the loop\'s sum over its groups, bit for bit', () => {
    fc.assert(
      fc.property(law, ranks, fc.double({ min: 1e3, max: 1e10, noNaN: true }), ({ s, head, shape: L }, Ws, M) => {
        const shape = L === undefined ? undefined : prefixRankShape(PREFIX_LANGUAGE_TABLES.english, 'english', L);
        for (const W of Ws) {
          const g = groupsByLoop(W, s, head, 2000, shape);
          let v = 0;
          for (let i = 0; i < g.count.length; i++) v += g.count[i]! * -Math.expm1(-(M * g.weight[i]!) / g.total);
          expect(Object.is(warm.expectedDistinct(W, s, M, head, shape), v)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
