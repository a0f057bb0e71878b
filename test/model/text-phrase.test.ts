/**
 * phrase_matching on a text index (src/model/text-index.ts): the positions in postings.dat and, for a field of several
 * values, the separator token between them. Values worked out by hand from the layout (TEXT_LAYOUT, create_postings.rs)
 * and checked against qdrant-edge-py 0.9.0 (data/calibration/v1.20-structures/phrase-arrays-0.9.0.json and
 * payload-indexes-0.9.0.json text-title-20k-phrase; test/accuracy/nested-maps-all-types.test.ts, payload-indexes.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { phraseSeparatorBytes } from '../../src/model/text-index.js';
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

describe('phrase matching in the estimate: positions are an offset per posting and a u32 per occurrence', () => {
  // 1,000 points of 4 words each unique to the point (vocabulary 4,000, every token in one document, once): 4,000
  // postings and 4,000 occurrences, 32,000 B of positions; the index otherwise the same.
  const files = (phrase: boolean, valuesPerPoint = 1) => {
    const e = estimate({
      points: 1_000,
      qdrantVersion: '1.20.0',
      collection: { vectors: { size: 16, distance: 'Cosine' }, optimizers_config: { default_segment_number: 1, indexing_threshold: 1 } },
      payload: {
        avgBytes: 100,
        indexes: [{ field_name: 'title', field_schema: { type: 'text', ...(phrase ? { phrase_matching: true } : {}) }, valuesPerPoint, tokensPerValue: 4 / valuesPerPoint, cardinality: 4_000, avgTokenBytes: 5 }],
      },
    } as WorkloadInput);
    return e.lineItems.find((i) => i.id === 'payload-index.title.files')!;
  };

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
