/**
 * The prefix tokenizer's tokens derived from the words (src/model/prefix-tokens.ts): the per-word rule against
 * hand-worked words (Qdrant's PrefixTokenizer, qdrant-edge 0.9.0 crate tokenizers/mod.rs and its test_prefix_tokenizer),
 * the English table against hand-read entries of the file it was read from (data/language/wordfreq-en-3.1.1.json; every
 * language's table against its file: test/model/prefix-languages.test.ts), and the derived
 * counts against the prefixes the calibration's English text really has (edge_payload_v1_20.py, wf-* cases of
 * data/calibration/v1.20-structures/payload-indexes-0.9.0.json, counted by the harness's own prefix rule).
 */
import { describe, expect, it } from 'vitest';
import { estimate, type WorkloadInput } from '../../src/index.js';
import { PREFIX_LANGUAGE_TABLES, prefixTokensByLength, prefixTokensOfWord, prefixTokensPerWord, prefixVocabulary } from '../../src/model/prefix-tokens.js';
import { textInputs } from '../../src/model/text-index.js';
import { PayloadIndex } from '../../src/spec/workload.js';
import { prefixCases, prefixIndexOf } from './prefix-cases.js';

describe('prefix tokens of a word (PrefixTokenizer)', () => {
  it('"qdrant" with min 2, max 4 gives qd, qdr, qdra: 3', () => expect(prefixTokensOfWord('qdrant'.length, { min: 2, max: 4 })).toBe(3));
  it('"hello" with min 1, max 4 gives h, he, hel, hell and "мир" (3 characters, 6 bytes) gives м, ми, мир: 7 (the crate\'s test)', () =>
    expect(prefixTokensOfWord('hello'.length, { min: 1, max: 4 }) + prefixTokensOfWord([...'мир'].length, { min: 1, max: 4 })).toBe(7));
  it('unset limits: every prefix from 1 character to the word, "qdrant" 6', () => expect(prefixTokensOfWord(6, {})).toBe(6));
  it('a word shorter than min_token_len is dropped (process_token), one of exactly min_token_len gives itself', () => {
    expect(prefixTokensOfWord(2, { min: 3 })).toBe(0);
    expect(prefixTokensOfWord(3, { min: 3 })).toBe(1);
  });
  it('min_token_len 0 adds the empty prefix: "qdrant" with max 2 gives "", q, qd', () => expect(prefixTokensOfWord(6, { min: 0, max: 2 })).toBe(3));
  it('max_token_len below min_token_len: no token', () => expect(prefixTokensOfWord(8, { min: 5, max: 3 })).toBe(0));
  it('per running-text word: half 2-letter, half 4-letter words, min 1 max 3: (2 + 3) / 2 = 2.5; min 3: (0 + 1) / 2 = 0.5', () => {
    const share = [0, 0.5, 0, 0.5];
    expect(prefixTokensPerWord({ min: 1, max: 3 }, share)).toBeCloseTo(2.5, 12);
    expect(prefixTokensPerWord({ min: 3, max: 3 }, share)).toBeCloseTo(0.5, 12);
  });
  it('by length: the same words, min 1 max 3, one 1- and one 2-prefix per word, a 3-prefix for half of them', () => {
    expect(prefixTokensByLength({ min: 1, max: 3 }, [0, 0.5, 0, 0.5])).toEqual([0, 1, 1, 0.5]);
  });
});

describe('English word lengths and prefix sharing (wordfreq 3.1.1)', () => {
  const EN = PREFIX_LANGUAGE_TABLES.english;
  const PREFIX_BYTES_PER_CHAR = EN.bytesPerChar;
  it('the table is the file\'s, read by hand: 17.4% of running-text words have 2 letters, 10,000 words have 408 distinct 2-prefixes, 1.0027 bytes per character', () => {
    // In millionths (scripts/gen-language-tables.mjs): 0.174 and 0.017249 in the file.
    expect(EN.share[1]).toBe(174_000);
    expect(EN.shareNoStopwords![1]).toBe(17_249);
    expect(EN.vocabSizes).toEqual([100, 316, 1000, 3162, 10000, 31623, 100000, 298259]);
    expect(EN.sampled[4]!.slice(0, 4)).toEqual([41, 408, 1903, 4169]);
    expect(EN.top[4]!.slice(0, 4)).toEqual([36, 347, 1631, 3580]);
    expect(PREFIX_BYTES_PER_CHAR).toBe(1.0027);
  });
  it('at a tabulated vocabulary the distinct prefixes are the table\'s: 10,000 words, lengths 2-4: 408 + 1,903 + 4,169 = 6,480 (the most frequent words: 347 + 1,631 + 3,580 = 5,558)', () => {
    const v = prefixVocabulary(10_000, { min: 2, max: 4 });
    expect(v.value).toBeCloseTo(6480, 6);
    expect(v.low).toBeCloseTo(5558, 6);
    expect(v.high).toBeCloseTo(6480, 6);
    // Mean length (2 x 408 + 3 x 1,903 + 4 x 4,169) / 6,480 = 3.5697 characters, x 1.0027 bytes per character.
    expect(v.avgBytes).toBeCloseTo((PREFIX_BYTES_PER_CHAR * (2 * 408 + 3 * 1903 + 4 * 4169)) / 6480, 9);
  });
  it('never more distinct prefixes of one length than words, nor negative, far past the list', () => {
    for (const V of [1, 50, 1e6, 1e9]) {
      const v = prefixVocabulary(V, {});
      expect(v.byLength.every((d) => d >= 0 && d <= V)).toBe(true);
      expect(Number.isFinite(v.value) && Number.isFinite(v.avgBytes)).toBe(true);
    }
  });
});

const cases = prefixCases(/^wordfreq-[a-z]+$/);

describe('derived prefix counts against the English calibration text (qdrant-edge-py 0.9.0 cases)', () => {
  it('has the five English prefix cases', () => expect(cases.length).toBe(5));
  for (const c of cases) {
    const st = c.build.data_stats;
    const idx = prefixIndexOf(c);
    it(`${c.case.id}: tokens per value within 1%, distinct prefixes within 4% and inside the stated range, their mean bytes within 2%`, () => {
      const t = textInputs(idx, c.case.n);
      expect(Math.abs(t.tokensPerValue / st['index_tokens_per_doc_mean']! - 1)).toBeLessThan(0.01);
      expect(Math.abs(t.vocabulary! / st['index_distinct_tokens']! - 1)).toBeLessThan(0.04);
      expect(t.vocabularyRange![0]!).toBeLessThanOrEqual(st['index_distinct_tokens']!);
      expect(t.vocabularyRange![1]!).toBeGreaterThanOrEqual(st['index_distinct_tokens']!);
      expect(Math.abs(t.avgTokenBytes / st['index_distinct_token_bytes_mean']! - 1)).toBeLessThan(0.02);
    });
  }
});

describe('given beats derived', () => {
  const workload = (extra: Record<string, unknown>): WorkloadInput =>
    ({
      points: 1_000_000,
      collection: { vectors: { size: 128, distance: 'Cosine' } },
      payload: { avgBytes: 100, indexes: [{ field_name: 'title', field_schema: { type: 'text', tokenizer: 'prefix', min_token_len: 2, max_token_len: 4 }, tokensPerValue: 10, cardinality: 10_000, ...extra }] },
    }) as WorkloadInput;
  const files = (w: WorkloadInput) => estimate(w).lineItems.find((i) => i.id === 'payload-index.title.files')!;
  it('derived: the note says what was derived; the prefix counts given: used as they are', () => {
    const derived = files(workload({}));
    expect(derived.note).toMatch(/prefix tokenizer, English text \(the default; set `language` for another\): .* prefix tokens per word .* distinct prefixes of 10,000 distinct words/);
    expect(derived.note).not.toMatch(/does not derive/);
    const t = textInputs(PayloadIndex.parse({ field_name: 'title', field_schema: { type: 'text', tokenizer: 'prefix', min_token_len: 2, max_token_len: 4 }, tokensPerValue: 10, cardinality: 10_000 }), 1_000_000);
    // English running text, min 2 max 4: every word of 2+ letters gives its 2-prefix, of 3+ its 3-, of 4+ its 4-prefix.
    const share = PREFIX_LANGUAGE_TABLES.english.share;
    const at = (l: number) => share.slice(l - 1).reduce((a, b) => a + b, 0);
    expect(t.tokensPerValue).toBeCloseTo((10 * (at(2) + at(3) + at(4))) / share.reduce((a, b) => a + b, 0), 9);
    expect(t.vocabulary).toBeCloseTo(6480, 6);
    const given = files(workload({ prefixTokensPerValue: 25, prefixCardinality: 9_000 }));
    expect(given.note).toMatch(/prefix tokens per value given; distinct prefixes given/);
    expect(given.name).toMatch(/25 tokens\/point, 9,000 distinct/);
    // At most the collection's 9,000 (a family of under one expected prefix counts as one: +0.1% at most).
    expect(given.inputs['Vs']!).toBeLessThanOrEqual(9_000 * 1.001);
    expect(given.bytes).not.toBe(derived.bytes);
  });
  it('prefix counts on an index without the prefix tokenizer are refused', () => {
    expect(() =>
      estimate({
        points: 1000,
        collection: { vectors: { size: 16, distance: 'Cosine' } },
        payload: { avgBytes: 100, indexes: [{ field_name: 't', field_schema: { type: 'text' }, prefixCardinality: 10 }] },
      } as WorkloadInput),
    ).toThrow(/prefixCardinality only on a text index with the prefix tokenizer/);
  });
});
