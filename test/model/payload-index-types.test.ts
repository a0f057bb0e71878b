/**
 * Payload index structures against values worked out by hand from Qdrant's file layout (docs/methodology.md,
 * "Full-text index", "Nested indexes", "Every index type"), and the inputs' checks.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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
    // One optimized segment holding every point, as measured: no appendable tail (its mutable index would be priced apart).
    assumptions: { nodeCpus: 2, bulkLoad: true },
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

describe('map index entries and the other index types', () => {
  it('a u128 key with one point id is padded from 24 to 32 B; i64 keys with 1 + Poisson(1) ids pad 4 B when the count is even', async () => {
    const { alignmentPadding } = await import('../../src/model/payload.js');
    expect(alignmentPadding(20, 4, 16, 1)).toBe(8);
    // P(count even) = P(Poisson(1) odd) = (1 - e^-2) / 2 = 0.43233; x 4 B = 1.7293 B.
    expect(alignmentPadding(12, 4, 8, 2)).toBeCloseTo(2 * (1 - Math.exp(-2)), 6);
    expect(alignmentPadding(5, 4, 1, 3)).toBe(0);
  });
  it('a bool index of 50,000 points: 2 x (8,192 + 4,096) B of flags and the null index the same (measured 49,152 B)', () => {
    const e = estimate(w(50_000, { field_schema: 'bool' }));
    expect(item(e, 'payload-index.f.files')!.bytes).toBe(49_152);
  });
  it('a geo index counts a cell per geohash prefix: 1 + 32 + 1,024 cells at lengths 0-2 for 100,000 uniform points, then 32^l (1 - exp(-C / 32^l))', async () => {
    const { geohashCells } = await import('../../src/model/payload.js');
    // Lengths 0, 1, 2 are full (1 + 32 + 1,024 = 1,057); length 3: 32,768 (1 - e^-3.0518) = 31,218.9; length 4:
    // 1,048,576 (1 - e^-0.095367) = 95,379.7; length 5: 99,851.1; 6: 99,995.3; 7-12: 6 x 100,000 (to 0.1):
    // 927,501.9 in all.
    const cells = geohashCells(100_000).expected;
    expect(cells).toBeGreaterThan(927_501);
    expect(cells).toBeLessThan(927_503);
  });
  it('a nested keyword index has one entry per element: 50,000 points x 4 elements size like 200,000 points, plus the element starts', () => {
    const nested = estimate(w(50_000, { field_schema: { type: 'keyword', nested: 'offers' }, elementsPerPoint: 4, cardinality: 500, avgValueBytes: 7 }));
    const flat = estimate(w(200_000, { field_schema: 'keyword', cardinality: 500, avgValueBytes: 7 }));
    const extra = item(nested, 'payload-index.f.files')!.bytes - item(flat, 'payload-index.f.files')!.bytes;
    // Two starts files (map, null): 50,000 x log2(2 sqrt(2 pi e)) / 8 = 50,000 x 3.047 / 8 = 19,043 B each + half a block.
    expect(extra).toBe(Math.round(2 * ((50_000 * Math.log2(2 * Math.sqrt(2 * Math.PI * Math.E))) / 8 + 2048)));
  });
  it('a nested bool, geo, text or float index has two element maps (its own index and the null index), an integer index three (s34, measured on 0.9.0)', () => {
    // Each element map: 50,000 x 3.047 / 8 = 19,043 B + half a block (2,048 B) in the files, 50,000 x 4 B of starts on
    // the heap. A nested bool index: 200,000 elements -> 2 x (ceil(25,000 / 4,096) x 4,096 + 4,096) = 65,536 B of flags,
    // the null index the same, plus two maps: 131,072 + 2 x 21,091 = 173,254 B (measured 180,224 B: nested-bool-50k).
    const starts = (50_000 * Math.log2(2 * Math.sqrt(2 * Math.PI * Math.E))) / 8 + 2048;
    const bool = estimate(w(50_000, { field_schema: { type: 'bool', nested: 'offers' }, elementsPerPoint: 4 }));
    expect(item(bool, 'payload-index.f.files')!.bytes).toBe(Math.round(131_072 + 2 * starts));
    expect(item(bool, 'payload-index.f.heap')!.bytes).toBe(2 * 8192 * Math.ceil(200_000 / 65_536) + 2 * 50_000 * 4);
    for (const type of ['geo', 'text', 'float', 'datetime', 'uuid', 'integer'] as const) {
      const maps = type === 'integer' ? 3 : 2;
      const extra = { tokensPerValue: 3, cardinality: 500 };
      const nested = estimate(w(50_000, { field_schema: { type, nested: 'offers' }, elementsPerPoint: 4, ...(type === 'text' ? extra : {}) }));
      const flat = estimate(w(200_000, { field_schema: type, ...(type === 'text' ? extra : {}) }));
      const diff = (id: string) => item(nested, id)!.bytes - item(flat, id)!.bytes;
      expect([type, diff('payload-index.f.files')]).toEqual([type, Math.round(maps * starts)]);
      expect([type, diff('payload-index.f.heap')]).toEqual([type, maps * 50_000 * 4]);
    }
  });
  it('the names say what the model read: a nested text index\'s tokens per element, a geo index\'s distinct locations', () => {
    // 1,000 points x 3 elements of 4 tokens: the model sizes 3,000 documents of 4 tokens (tokensPerValue x valuesPerPoint);
    // before audit34 the name read "4 tokens/point". A geo index reads cardinality as its distinct locations (Cs in
    // immutableGeoIndex); before audit34 the name left it out.
    const text = estimate(w(1000, { field_schema: { type: 'text', nested: 'reviews' }, elementsPerPoint: 3, tokensPerValue: 4, cardinality: 500 }));
    expect(item(text, 'payload-index.f.files')!.name).toMatch(/^Payload index "f" \(text, nested: 3 element\(s\)\/point x 4 tokens, 500 distinct, /);
    const geo = estimate(w(1000, { field_schema: 'geo', cardinality: 50 }));
    expect(item(geo, 'payload-index.f.files')!.name).toBe('Payload index "f" (geo, 1 value(s)/point, 50 distinct locations), files');
  });
  it('elementsPerPoint without nested, and nested before 1.20, are refused naming the field', () => {
    expect(() => estimate(w(1000, { field_schema: 'keyword', elementsPerPoint: 3 }))).toThrow(/payload\.indexes\.0\.elementsPerPoint: got 3, expected elementsPerPoint only with field_schema\.nested/);
    expect(() => estimate(w(1000, { field_schema: { type: 'keyword', nested: 'offers' }, elementsPerPoint: 3 }, '1.19.0'))).toThrow(/payload\.indexes\.0\.field_schema\.nested/);
  });
});

describe('payload index properties', () => {
  const bytes = (e: Estimate, id: string) => item(e, id)?.bytes ?? 0;
  it('BM25 scoring never makes a text index smaller, on disk or on the heap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 2_000_000 }), fc.double({ min: 1, max: 500, noNaN: true }), fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: undefined }), (points, tokens, vocabulary) => {
        const base = { tokensPerValue: tokens, ...(vocabulary ? { cardinality: vocabulary } : {}) };
        const plain = estimate(w(points, { field_schema: 'text', ...base }));
        const bm25 = estimate(w(points, { field_schema: { type: 'text', scoring: true }, ...base }));
        expect(bytes(bm25, 'payload-index.f.files')).toBeGreaterThanOrEqual(bytes(plain, 'payload-index.f.files'));
        expect(bytes(bm25, 'payload-index.f.heap')).toBeGreaterThanOrEqual(bytes(plain, 'payload-index.f.heap'));
      }),
      { numRuns: 40 },
    );
  });
  it('more elements per point never make a nested index smaller', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 1_000_000 }), fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), fc.constantFrom('keyword', 'integer', 'float', 'uuid', 'geo'), (points, a, b, type) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const at = (e: number) => estimate(w(points, { field_schema: { type, nested: 'items' }, elementsPerPoint: e }));
        expect(bytes(at(hi), 'payload-index.f.files')).toBeGreaterThanOrEqual(bytes(at(lo), 'payload-index.f.files'));
      }),
      { numRuns: 60 },
    );
  });
});
