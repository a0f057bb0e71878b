/**
 * Payload index structures against values worked out by hand from Qdrant's file layout (docs/methodology.md,
 * "Full-text index", "Nested indexes", "Every index type"), and the inputs' checks.
 */
import { describe, expect, it } from 'vitest';
import { estimate, type Estimate, type WorkloadInput } from '../../src/index.js';
import { heapsVocabulary, textSegmentStats, zipfRanks } from '../../src/model/text-index.js';

const item = (e: Estimate, id: string) => e.lineItems.find((i) => i.id === id);
/** One indexed segment of `points` points, 16-d vectors, no payload sub-graphs. */
const w = (points: number, index: Record<string, unknown>, version = '1.20.0'): WorkloadInput =>
  ({
    points,
    qdrantVersion: version,
    collection: {
      vectors: { size: 16, distance: 'Cosine' },
      hnsw_config: { payload_m: 0 },
      optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: 1 },
    },
    payload: { avgBytes: 100, indexes: [{ field_name: 'f', ...index }] },
    assumptions: { nodeCpus: 2 },
  }) as WorkloadInput;

describe('full-text index', () => {
  it('a vocabulary where every token is in one document costs 32 B of postings, 26.5 B of vocabulary and 8 B per document', () => {
    // 1,000 documents x 10 tokens, 10,000 distinct tokens of 8 bytes, a flat Zipf law (s = 0.5 over 10^10 ranks, so that
    // 10,000 draws repeat none): every posting list holds one id.
    // postings.dat 40 + 10,000 x (24 + 4 + 4) = 320,040; vocab.dat ceil4096(24 + 10,000 x 2.5 / 8) = 4,096
    // + 10,000 x (8 + ceil4(8 + 1) + 4 + 4 = 28, expected 8 + 10.5 + 8 = 26.5) = 269,096; point_to_tokens_count.dat
    // 1,000 x 8 = 8,000; half a 4 KiB block per file 3 x 2,048 = 6,144; null index: 2 flag files of 125 B in one
    // 4 KiB block each + 2 status files of one block = 16,384. Total 619,664 B.
    const e = estimate(w(1000, { field_schema: 'text', tokensPerValue: 10, cardinality: 10_000, avgTokenBytes: 8, zipfExponent: 0.5 }));
    const files = item(e, 'payload-index.f.files')!;
    expect(files.bytes / 619_664).toBeGreaterThan(0.997);
    expect(files.bytes / 619_664).toBeLessThan(1.003);
  });
  it('BM25 adds 12 B per token of entries and 5 B of chunk offset and width byte, and the zstd-coded document lengths', () => {
    // Same corpus: term_frequencies.dat 8 + 10,000 x (12 + 4 + 1) = 170,008 (every tf is 1: zero bits);
    // point_to_doc_len.dat 64 + 1,000 x log2(3 x sqrt(2 pi e)) / 8 = 64 + 1,000 x 3.63 / 8 = 517.8; + 2 x 2,048 allocation.
    const plain = estimate(w(1000, { field_schema: 'text', tokensPerValue: 10, cardinality: 10_000, avgTokenBytes: 8, zipfExponent: 0.5 }));
    const bm25 = estimate(w(1000, { field_schema: { type: 'text', scoring: true }, tokensPerValue: 10, cardinality: 10_000, avgTokenBytes: 8, zipfExponent: 0.5 }));
    const extra = item(bm25, 'payload-index.f.files')!.bytes - item(plain, 'payload-index.f.files')!.bytes;
    expect(extra / (170_008 + 517.8 + 4096)).toBeGreaterThan(0.997);
    expect(extra / (170_008 + 517.8 + 4096)).toBeLessThan(1.003);
  });
  it('Zipf ranks are fitted so that the collection shows the vocabulary the user gave', () => {
    // 240,000 tokens drawn from 50,000 ranks at s = 1.07 show 25,500 distinct tokens (the calibration's titles: 25,478).
    expect(zipfRanks(25_478, 20_000 * 11.5111, 1.07)).toBeGreaterThan(47_500);
    expect(zipfRanks(25_478, 20_000 * 11.5111, 1.07)).toBeLessThan(52_500);
    const st = textSegmentStats({ docs: 20_000, tokensPerDoc: 11.5111, vocabulary: 25_478, collectionTokens: 20_000 * 11.5111, zipfExponent: 1.07 });
    expect(st.tokens).toBeCloseTo(25_478, -1);
    // The calibration corpus holds 208,434 postings (10.42 distinct tokens per title).
    expect(Math.abs(st.postings / 208_434 - 1)).toBeLessThan(0.01);
  });
  it("Heaps' law gives the default vocabulary: 44 x M^0.49 (1M tokens: 44 x 10^2.94 = 38,322)", () => {
    expect(Math.round(heapsVocabulary(1e6))).toBe(38_322);
  });
  it('the text inputs are refused on other index types, naming the field', () => {
    expect(() => estimate(w(1000, { field_schema: 'keyword', tokensPerValue: 10 }))).toThrow(/payload\.indexes\.0\.tokensPerValue: got 10, expected tokensPerValue only on a text index \(this index is "keyword"\)/);
    expect(() => estimate(w(1000, { field_schema: 'integer', zipfExponent: 1.1 }))).toThrow(/payload\.indexes\.0\.zipfExponent/);
  });
});
