/**
 * A full-text index with `lowercase: false` (case kept): the derived vocabulary by hand, the engine measurement of real
 * cased English (data/calibration/v1.20-structures/case-kept-text-0.9.0.json, test/calibration/case_kept_text.py), and
 * the invariants over the input space.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimate, type Estimate } from '../../src/index.js';
import { textInputs } from '../../src/model/text-index.js';
import { PayloadIndex, type WorkloadInput } from '../../src/spec/workload.js';

const data = JSON.parse(readFileSync(new URL('../../data/calibration/v1.20-structures/case-kept-text-0.9.0.json', import.meta.url), 'utf8')) as {
  points: number;
  cases: Record<'lowercase' | 'case-kept', { lowercase: boolean; text: Record<string, number>; build: { payload_index_by_entry: Record<string, { allocated: number }> } }>;
};

/** One indexed segment of `points` points with one text field (as the engine case builds it). */
function workload(points: number, schema: Record<string, unknown>, stats: Record<string, unknown>, tokenizer = 'word'): WorkloadInput {
  return {
    points,
    qdrantVersion: '1.20.0',
    collection: {
      vectors: { size: 16, distance: 'Cosine' },
      hnsw_config: { m: 16, ef_construct: 100, payload_m: 0 },
      optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: 1 },
    },
    payload: { avgBytes: 200, indexes: [{ field_name: 'body', field_schema: { type: 'text', tokenizer, ...schema }, ...stats }] },
    // One optimized segment holding every point, as measured: no appendable tail (its mutable index would be priced apart).
    assumptions: { nodeCpus: 2, bulkLoad: true },
  } as WorkloadInput;
}
const files = (e: Estimate) => e.lineItems.find((i) => i.id === 'payload-index.body.files')!;
const measured = (k: 'lowercase' | 'case-kept') =>
  Object.entries(data.cases[k].build.payload_index_by_entry)
    .filter(([name]) => name !== 'config.json')
    .reduce((a, [, v]) => a + v.allocated, 0);

describe('lowercase: false, the vocabulary derived from Heaps\' law', () => {
  const index = (lowercase: boolean | undefined, extra: Record<string, unknown> = {}) =>
    PayloadIndex.parse({ field_name: 'body', field_schema: { type: 'text', tokenizer: 'word', ...(lowercase === undefined ? {} : { lowercase }) }, tokensPerValue: 10, ...extra });
  it('1M values of 10 words: Heaps 44 x 1e7^0.49 = 118,427 distinct lowercased, x1.18 = 139,745 case kept', () => {
    // By hand: log10(1e7^0.49) = 3.43, 10^3.43 = 2,691.535; x 44 = 118,427.5; x 1.18 = 139,744.5.
    expect(textInputs(index(undefined), 1e6).vocabulary).toBeUndefined(); // Heaps' law in the index model
    const kept = textInputs(index(false), 1e6);
    expect(kept.vocabulary).toBeCloseTo(139_744.5, 0);
    // The range: K 10 x1 (lowercase text) to K 100 x2 (every word in two cases): 26,915 and 538,307.
    expect(kept.vocabularyRange![0]).toBeCloseTo(26_915.3, 0);
    expect(kept.vocabularyRange![1]).toBeCloseTo(538_307, 0);
    expect(textInputs(index(true), 1e6).vocabulary).toBeUndefined();
  });
  it('a given vocabulary is the text\'s own: no factor', () => {
    expect(textInputs(index(false, { cardinality: 50_000 }), 1e6).vocabulary).toBe(50_000);
  });
  it('the line item says the vocabulary is case kept, with the factor and its range', () => {
    const e = estimate(workload(1e6, { lowercase: false }, { tokensPerValue: 10 }));
    expect(files(e).name).toContain('139,744 distinct');
    expect(files(e).note).toContain('case kept (lowercase: false): x1.18 for the case variants of cased English, x1-2 in the range');
  });
});

describe('lowercase: false on qdrant-edge-py 0.9.0: 2,019 paragraphs of the Python reference manual, word tokenizer', () => {
  const stats = (k: 'lowercase' | 'case-kept') => ({
    tokensPerValue: data.cases[k].text['tokens_per_doc_mean'],
    cardinality: data.cases[k].text['distinct_tokens_in_corpus'],
    avgTokenBytes: data.cases[k].text['distinct_token_bytes_mean'],
  });
  it('the text as counted: 3,268 distinct lowercased, 3,836 case kept (x1.174, the rule says x1.18)', () => {
    expect(data.points).toBe(2019);
    expect(data.cases['lowercase'].text['distinct_tokens_in_corpus']).toBe(3268);
    expect(data.cases['case-kept'].text['distinct_tokens_in_corpus']).toBe(3836);
  });
  it('given the text\'s counts, the model grows the index by what the engine grows it by (x1.094 measured), within 1%', () => {
    const lower = files(estimate(workload(data.points, { lowercase: true }, stats('lowercase'))));
    const kept = files(estimate(workload(data.points, { lowercase: false }, stats('case-kept'))));
    const engine = measured('case-kept') / measured('lowercase');
    expect(engine).toBeCloseTo(380_928 / 348_160, 6);
    expect(Math.abs(kept.bytes / lower.bytes / engine - 1)).toBeLessThan(0.01);
    // Both inside their stated ranges.
    for (const [item, k] of [[lower, 'lowercase'], [kept, 'case-kept']] as const) {
      expect(item.range.low).toBeLessThanOrEqual(measured(k));
      expect(item.range.high).toBeGreaterThanOrEqual(measured(k));
    }
  });
  it('derived from Heaps\' law (only the words per value given), each build lies inside the stated range', () => {
    // This narrow technical text repeats its words (K = 14.4, below the book's 30: TEXT_DEFAULTS.heapsKLow), so the
    // point estimate is high; the range must still hold.
    for (const k of ['lowercase', 'case-kept'] as const) {
      const item = files(estimate(workload(data.points, { lowercase: k === 'lowercase' }, { tokensPerValue: data.cases[k].text['tokens_per_doc_mean'] })));
      expect(item.range.low).toBeLessThanOrEqual(measured(k));
      expect(item.range.high).toBeGreaterThanOrEqual(measured(k));
    }
  });
});

describe('properties of lowercase: false', () => {
  const arb = fc.record({
    points: fc.integer({ min: 1_000, max: 50_000_000 }),
    words: fc.double({ min: 1, max: 400, noNaN: true }),
    tokenizer: fc.constantFrom('word', 'whitespace', 'prefix'),
  });
  it('keeping the case never makes a text index smaller, and the lowercased estimate lies inside the case-kept range', () => {
    fc.assert(
      fc.property(arb, ({ points, words, tokenizer }) => {
        const lower = files(estimate(workload(points, {}, { tokensPerValue: words }, tokenizer)));
        const kept = files(estimate(workload(points, { lowercase: false }, { tokensPerValue: words }, tokenizer)));
        expect(kept.bytes).toBeGreaterThanOrEqual(lower.bytes * (1 - 1e-9));
        expect(kept.range.low).toBeLessThanOrEqual(lower.bytes * (1 + 1e-9));
        expect(kept.range.high).toBeGreaterThanOrEqual(lower.bytes * (1 - 1e-9));
      }),
      { numRuns: 12 },
    );
  });
});
