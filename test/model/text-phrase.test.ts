/**
 * phrase_matching on a text index (src/model/text-index.ts): the positions in postings.dat and, for a field of several
 * values, the separator token between them; in a nested index, per element document (no separator); in an appendable
 * segment, each point's ordered tokens on the heap (mutablePhraseHeapBytes; s38, payload-indexes-0.9.0.json
 * nested-text-zipf-50k-phrase and text-title-20k-phrase-appendable, test/accuracy/payload-indexes.test.ts). Values worked out by hand from the layout (TEXT_LAYOUT, create_postings.rs)
 * and checked against qdrant-edge-py 0.9.0 (data/calibration/v1.20-structures/phrase-arrays-0.9.0.json and
 * payload-indexes-0.9.0.json text-title-20k-phrase; test/accuracy/nested-maps-all-types.test.ts, payload-indexes.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { mutablePhraseHeapBytes, phraseSeparatorBytes } from '../../src/model/text-index.js';
import { estimate } from '../../src/index.js';
import type { WorkloadInput } from '../../src/spec/workload.js';

describe('phrase matching: the separator list of a field of several values (phraseSeparatorBytes)', () => {
  it('1,000 points of 2 values: 28 + 7 chunks x (8 + 512 + 16) + 104 remainders x 8 + 1,000 positions x 4 = 8,612 B; of 4 values 16,612 (3,000 positions)', () => {
    expect(phraseSeparatorBytes(1_000, 2)).toBe(28 + 7 * 536 + 104 * 8 + 4 * 1_000);
    expect(phraseSeparatorBytes(1_000, 2)).toBe(8_612);
    expect(phraseSeparatorBytes(1_000, 4)).toBe(16_612);
  });

  it('a mean of 1.5 values: half the points hold a separator, 28 + 3 x 536 + 116 x 8 + 500 x 4 = 4,564 B; one value or none: 0', () => {
    expect(phraseSeparatorBytes(1_000, 1.5)).toBe(4_564);
    expect(phraseSeparatorBytes(1_000, 1)).toBe(0);
    expect(phraseSeparatorBytes(1_000, 0.5)).toBe(0);
  });
});

/**
 * One text index's line item (`payload-index.<field>.<what>`) in the estimate of `points` 16-d points in one segment:
 * indexed (indexing threshold 1) or, with `appendable`, left in the appendable segment (a threshold never reached).
 */
function textItem(points: number, index: Record<string, unknown>, what: 'files' | 'heap', appendable = false) {
  return textItemAt('1.20.0', points, index, what, appendable);
}
function textItemAt(qdrantVersion: string, points: number, index: Record<string, unknown>, what: 'files' | 'heap', appendable = false) {
  const e = estimate({
    points,
    qdrantVersion,
    collection: { vectors: { size: 16, distance: 'Cosine' }, optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: appendable ? 1_000_000_000 : 1 } },
    payload: { avgBytes: 100, indexes: [index] },
    // One optimized segment holding every point, as measured: no appendable tail (its mutable index would be priced apart).
    // The hand values are glibc chunks, as the in-process engine measured (src/model/allocator.ts).
    assumptions: { bulkLoad: true, allocator: 'glibc' },
  } as WorkloadInput);
  return e.lineItems.find((i) => i.id === `payload-index.${String(index['field_name'])}.${what}`)!;
}
const textSchema = (phrase: boolean, extra: Record<string, unknown> = {}) => ({ type: 'text', ...extra, ...(phrase ? { phrase_matching: true } : {}) });

describe('phrase matching in the estimate: positions are an offset per posting and a u32 per occurrence', () => {
  // 1,000 points of 4 words each unique to the point (vocabulary 4,000, every token in one document, once): 4,000
  // postings and 4,000 occurrences, 32,000 B of positions; the index otherwise the same.
  const files = (phrase: boolean, valuesPerPoint = 1) =>
    textItem(1_000, { field_name: 'title', field_schema: textSchema(phrase), valuesPerPoint, tokensPerValue: 4 / valuesPerPoint, cardinality: 4_000, avgTokenBytes: 5 }, 'files');

  it('one string: the positions add 4 x 4,000 + 4 x 4,000 = 32,000 B (measured 160,040 - 128,040 = 32,000)', () => {
    const d = files(true).bytes - files(false).bytes;
    // The model's postings are expected values under its Zipf law (4,000 ranks over 4,000 tokens): within 1%.
    expect(Math.abs(d / 32_000 - 1)).toBeLessThan(0.01);
    expect(files(true).formula).toContain('Pp + Ps');
    expect(files(true).inputs['Ps']).toBe(0);
  });

  it('two values of two words: the separator adds 8,612 B more (measured 168,652 - 160,040)', () => {
    expect(files(true, 2).inputs['Ps']).toBe(8_612);
  });
});

describe('phrase matching in a nested index: each element is its own document, no separator between elements', () => {
  // 1,000 points of 4 elements, each element one string of 4 words unique to it (16,000 tokens, each in one element
  // document, once): 16,000 postings and 16,000 occurrences, 4 x 16,000 + 4 x 16,000 = 128,000 B of positions.
  const item = (phrase: boolean, nested: boolean, what: 'files' | 'heap' = 'files') => {
    const field = nested ? { elementsPerPoint: 4, valuesPerPoint: 1 } : { valuesPerPoint: 4 };
    return textItem(1_000, { field_name: 'offers[].note', ...field, field_schema: textSchema(phrase, nested ? { nested: 'offers' } : {}), tokensPerValue: 4, cardinality: 16_000, avgTokenBytes: 5 }, what);
  };

  it('the positions add 4 x 16,000 + 4 x 16,000 = 128,000 B over the 4,000 element documents, and no separator (Ps = 0)', () => {
    const d = item(true, true).bytes - item(false, true).bytes;
    expect(Math.abs(d / 128_000 - 1)).toBeLessThan(0.01);
    expect(item(true, true).inputs['Ps']).toBe(0);
    // On the heap the positions are in the lists' allocations (Ha): more heap, no separator there either.
    expect(item(true, true, 'heap').bytes).toBeGreaterThan(item(false, true, 'heap').bytes);
    expect(item(true, true, 'heap').inputs['Ps']).toBe(0);
  });

  it('the same words as one plain array of 4 values per point do get the separator: 28 + 7 x 536 + 104 x 8 + 4 x 3,000 = 16,612 B', () => {
    expect(item(true, false).inputs['Ps']).toBe(16_612);
  });
});

describe('phrase matching in an appendable segment: each point\'s ordered tokens on the heap (mutablePhraseHeapBytes)', () => {
  it('20,000 titles of 11.5111 tokens: 20,000 x (24 + 4 x 11.5111 + 8 + 7.5) = 1,710,888 B, measured +1,679,360 (+1.9%)', () => {
    expect(mutablePhraseHeapBytes(20_000, 11.5111, 1, 'glibc')).toBeCloseTo(20_000 * (24 + 46.0444 + 15.5), 3);
    expect(mutablePhraseHeapBytes(20_000, 11.5111, 1, 'glibc')).toBeCloseTo(1_710_888, 3);
    expect(Math.abs(mutablePhraseHeapBytes(20_000, 11.5111, 1, 'glibc') / 1_679_360 - 1)).toBeLessThan(0.02);
    // On the server (jemalloc) a document's 46.04 B of token ids take the 48-B class: 20,000 x (24 + 48) = 1,440,000 B.
    expect(mutablePhraseHeapBytes(20_000, 11.5111, 1, 'jemalloc')).toBe(1_440_000);
  });

  it('the same titles as 2 values: 20,000 x (24 + 4 x 12.5111 + 15.5) + 4 x 20,000 + one 8 KiB bitmap = 1,879,080 B, measured +1,753,088 (+7.2%)', () => {
    expect(mutablePhraseHeapBytes(20_000, 11.5111, 2, 'glibc')).toBeCloseTo(20_000 * (24 + 50.0444 + 15.5) + 80_000 + 8_192, 3);
    expect(Math.abs(mutablePhraseHeapBytes(20_000, 11.5111, 2, 'glibc') / 1_753_088 - 1)).toBeLessThan(0.1);
    // 100,000 points of 1.5 values: 50,000 hold a separator, in 2 containers of 65,536 ids: 2 bitmaps of 8 KiB.
    expect(mutablePhraseHeapBytes(100_000, 6, 1.5, 'glibc') - mutablePhraseHeapBytes(100_000, 6, 1, 'glibc')).toBeCloseTo(100_000 * 4 * 0.5 + 50_000 * 4 + 2 * 8_192, 0);
  });

  it('2 values of 2 tokens: 4 tokens and 1 separator, 1,000 x (24 + 20 + 15.5) = 59,500 B, + 4 x 1,000 of TokenSet entries + the separator\'s roaring list, 2 x 1,000 (under 4,096 ids: an array): 65,500; a 1-token document takes the 32-B minimum chunk: 1,000 x 56', () => {
    expect(mutablePhraseHeapBytes(1_000, 4, 2, 'glibc')).toBe(59_500 + 4_000 + 2_000);
    expect(mutablePhraseHeapBytes(1_000, 1, 1, 'glibc')).toBe(56_000);
  });

  const items = (phrase: boolean, appendable: boolean) => {
    const index = { field_name: 'title', field_schema: textSchema(phrase), tokensPerValue: 11.5111, cardinality: 25_478, avgTokenBytes: 9.48 };
    return { files: textItem(20_000, index, 'files', appendable), heap: textItem(20_000, index, 'heap', appendable) };
  };

  it('below the indexing threshold the heap gains pd = 1,710,888 B and the files nothing; an indexed segment has no pd', () => {
    const [a, b] = [items(false, true), items(true, true)];
    expect(b.files.bytes).toBe(a.files.bytes);
    expect(b.heap.bytes - a.heap.bytes).toBeCloseTo(1_710_888, 0);
    expect(b.heap.inputs['pd']).toBeCloseTo(1_710_888, 0);
    expect(b.heap.formula).toContain('+ pd');
    expect(items(true, false).heap.inputs['pd']).toBeUndefined();
  });
});

describe('phrase matching before v1.18.0: no separator between a field\'s values (VersionFeatures.phraseArraySeparator, PR #8938)', () => {
  const index = { field_name: 'title', field_schema: textSchema(true), valuesPerPoint: 2, tokensPerValue: 2, cardinality: 4_000, avgTokenBytes: 5 };
  const at = (version: string, what: 'files' | 'heap', appendable = false) => textItemAt(version, 1_000, index, what, appendable);

  it('optimized segment, 1,000 points of 2 values: Ps = 8,612 B on 1.18.0, 0 on 1.17.0', () => {
    expect(at('1.18.0', 'files').inputs['Ps']).toBe(8_612);
    expect(at('1.17.0', 'files').inputs['Ps']).toBe(0);
  });

  it('appendable segment: on 1.17.0 only the 4 tokens of each document, 16 + 15.5 B under the 32-B minimum chunk, 1,000 x (24 + 32) = 56,000 B; on 1.18.0 the separator too, 65,500', () => {
    expect(at('1.17.0', 'heap', true).inputs['pd']).toBe(56_000);
    expect(at('1.18.0', 'heap', true).inputs['pd']).toBe(65_500);
  });
});
