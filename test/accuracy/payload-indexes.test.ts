/**
 * Payload indexes against qdrant-edge-py 0.9.0 (the engine of the Qdrant 1.20 period): every index type, nested
 * indexes and the full-text index with and without BM25, measured by test/calibration/edge_payload_v1_20.py into
 * data/calibration/v1.20-structures/payload-indexes-0.9.0.json (read here, never run). Bars: each field's files
 * (allocated bytes) within 3%, the live heap the loaded index adds within 10%, and each measured value inside the
 * stated range. The workload of each case is what the generator put in the payload (its own statistics, recorded
 * with the measurement), not what the model would like.
 * Set ACCURACY_REPORT=1 to print the table docs/accuracy.md shows.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { estimate, type Estimate, type WorkloadInput } from '../../src/index.js';
import { levelZeroDegree, rangeBlockPoints } from '../../src/model/hnsw.js';
import { QDRANT } from '../../src/model/constants.js';
import { PREFIX_LANGUAGE_TABLES, PREFIX_LANGUAGES } from '../../src/model/prefix-tokens.js';
import { REGENERATE, rowsMissingFromDoc } from './doc-rows.js';

const FILE = 'data/calibration/v1.20-structures/payload-indexes-0.9.0.json';
interface Entry {
  apparent: number;
  allocated: number;
}
interface Case {
  case: { id: string; n: number; d: number; m?: number; fst?: number; payload_m?: number | null; data: string; heap?: boolean; optimize?: boolean; values?: number; indexes: { field: string; type: string; [k: string]: unknown }[] };
  build: { data_stats: Record<string, number>; payload_index_by_entry: Record<string, Entry>; links_level0?: { deg0: number } | null; vector_index_files?: { path: string; apparent: number; allocated: number }[] };
  build_noindex?: { links_level0?: { deg0: number } | null };
  index_live_heap_bytes?: number;
  links_bytes_indexed: number;
  links_bytes_noindex: number;
  error?: string;
}
const data = JSON.parse(readFileSync(FILE, 'utf8')) as { cases: Record<string, Case> };
const cases = Object.values(data.cases).filter((c) => !c.error);

/**
 * The degree of a payload block's sub-graph on the payload calibration's vectors (64 tight clusters:
 * edge_payload_v1_20.py, vectors()), as the scale of the heuristic's degree K of a graph of the block's size (payload_m):
 * measured with a float field's range blocks on the same vectors (links-float-50k-fst1000, every point in two blocks:
 * qdrant-edge 0.9.0 crate, numeric_index/query.rs), so that the text cases are predicted from another field type's
 * measurement, not from themselves. (The calibration matrix's data keep the modelled degree: 1.)
 */
const FLOAT_BLOCKS = data.cases['links-float-50k-fst1000'];
const blockDegreeRatio = (() => {
  const a = FLOAT_BLOCKS?.build.links_level0;
  const b = FLOAT_BLOCKS?.build_noindex?.links_level0;
  if (!FLOAT_BLOCKS || !a || !b) return undefined;
  // The model's rule for a point's two range blocks of s points (src/model/hnsw.ts, payloadLinkFields): each adds the
  // block degree x minus the links held inside it, d s / n (merge_from_other skips them), and the second repeats
  // q x / 2 in the shared histogram step: 2 (x - d s / n) - q x / 2 = added, so x = (added + 2 d s / n) / (2 - q / 2).
  // s = the range block at t = floor(1,000 KB x 1024 / 512 B) = 2,000 points, a bucket size limit of 50,000 x 0.01 = 500:
  // 2 x ((0.64 x 500)^5 + (1,000 + 0.385 x 500)^5)^(1/5) = 2,385 (rangeBlockPoints; 2,000 before s35, max(t, 2 x 500)).
  const n = FLOAT_BLOCKS.case.n;
  const s = rangeBlockPoints(n, 2_000).block;
  const d = levelZeroDegree(16, n, null, 1, { efConstruct: 100 });
  const q = QDRANT.payloadRangeStepRepeat.value;
  const x = (a.deg0 - b.deg0 + (2 * d * s) / n) / (2 - q / 2);
  // The K scale that gives a 2,000-point graph that degree (bisection; the degree rises with K).
  let lo = 0.05;
  let hi = 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (levelZeroDegree(16, s, null, 1, { efConstruct: 100, dataScale: mid }) < x) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
})();

/** The generator's Zipf exponent (edge_payload_v1_20.py, text-<doc>-<vocabulary>-<s>); English text drawn from wordfreq (wordfreq-<doc>): none, the model's default. */
const zipfOf = (c: Case) =>
  c.case.data.startsWith('text-') ? { zipfExponent: Number(c.case.data.split('-')[3]) } : c.case.data.startsWith('nested-text-') ? { zipfExponent: Number(c.case.data.split('-')[3]) } : {};

function fieldSchema(spec: Case['case']['indexes'][number]): Record<string, unknown> {
  const out: Record<string, unknown> = { type: spec.type };
  if (spec['nested']) out['nested'] = spec['nested'];
  if (spec['scoring']) out['scoring'] = true;
  if (spec['phrase_matching']) out['phrase_matching'] = true;
  if (spec['tokenizer']) out['tokenizer'] = String(spec['tokenizer']).toLowerCase();
  if (spec['stopwords']) out['stopwords'] = String(spec['stopwords']).toLowerCase();
  if (spec['min_token_len']) out['min_token_len'] = spec['min_token_len'];
  if (spec['max_token_len']) out['max_token_len'] = spec['max_token_len'];
  if (spec.type === 'integer') Object.assign(out, { lookup: true, range: true });
  return out;
}

/** The workload the case describes: one indexed segment (as optimize() builds; appendable with `optimize: false`), the generator's statistics as inputs. */
function workload(c: Case): WorkloadInput {
  const st = c.build.data_stats;
  const spec = c.case.indexes[0]!;
  const index: Record<string, unknown> = { field_name: spec.field, field_schema: fieldSchema(spec) };
  if (spec.type === 'text' && spec['tokenizer'] === 'Prefix' && c.case.data.startsWith('wordfreq-')) {
    // Text of one language (wordfreq-<doc>: English; wordfreq-<doc>-<code>: German, Russian, French, ...) with the prefix
    // tokenizer: the words only (per document, distinct, after stopwords); qsize derives the prefixes. The language:
    // from the index's stopwords when it has them, else given as `language`.
    Object.assign(index, { cardinality: st['index_distinct_words'], tokensPerValue: st['index_words_per_doc_mean'] });
    const code = c.case.data.split('-')[2];
    if (code !== undefined && !spec['stopwords']) index['language'] = PREFIX_LANGUAGES.find((l) => PREFIX_LANGUAGE_TABLES[l].code === code);
  } else if (spec.type === 'text' && spec['tokenizer'] === 'Prefix') {
    // The pseudo-words' prefixes (random letters share fewer than English words): their own counts given.
    Object.assign(index, {
      cardinality: st['distinct_tokens_in_corpus'],
      tokensPerValue: st['tokens_per_doc_mean'],
      prefixCardinality: st['index_distinct_tokens'],
      prefixTokensPerValue: st['index_tokens_per_doc_mean'],
      avgTokenBytes: st['index_distinct_token_bytes_mean'],
      ...zipfOf(c),
    });
  } else if (spec.type === 'text') {
    // What the index sees (after stopwords).
    Object.assign(index, {
      cardinality: st['index_distinct_tokens'],
      tokensPerValue: st['index_tokens_per_doc_mean'],
      avgTokenBytes: st['index_distinct_token_bytes_mean'],
      ...zipfOf(c),
    });
  }
  if (c.case.data === 'nested') {
    // 1-7 offers per point (the recorded mean); "sku_0".."sku_499": 500 values of 4 + (10 x 1 + 90 x 2 + 400 x 3) / 500
    // = 6.78 bytes; "qty" uniform over 1,000,000 integers: E draws leave 1e6 (1 - e^(-E / 1e6)) distinct values.
    const e = st['elements_per_point_mean']!;
    const E = c.case.n * e;
    const card = spec.type === 'keyword' ? 500 : Math.round(1e6 * -Math.expm1(-E / 1e6));
    Object.assign(index, { cardinality: card, avgValueBytes: 6.78 }, spec['nested'] ? { elementsPerPoint: e } : { valuesPerPoint: e });
  }
  // `values: k` (s38): each title split into k values (the statistics are per point): k values of T / k tokens.
  if (c.case.values) {
    const k = st['values_per_point_mean']!;
    Object.assign(index, { valuesPerPoint: k, tokensPerValue: st['index_tokens_per_doc_mean']! / k });
  }
  // nested-text-<vocabulary>-<s>: each element's note one title of the text- cases' Zipf text; the statistics above are
  // per element (the nested index's documents).
  if (c.case.data.startsWith('nested-text-')) Object.assign(index, { elementsPerPoint: st['elements_per_point_mean'] });
  if (c.case.data === 'nested-all') {
    // 1-7 offers per point (the recorded mean), every value drawn per element: price, ts, uid and loc all distinct (the
    // model's default for float, datetime, uuid and geo); "note": 3 words drawn uniformly from "w0".."w1999", so all
    // 2,000 appear among 600,000 draws, of 2 + (10 x 2 + 90 x 3 + 900 x 4 + 1,000 x 5) / 2,000 - 2 = 4.445 bytes, and a
    // note holds 3 x (1 - 1 / 2,000) = 2.9985 distinct words on average.
    Object.assign(index, { elementsPerPoint: st['elements_per_point_mean'] });
    if (spec.type === 'text') Object.assign(index, { cardinality: 2000, tokensPerValue: 2.9985, avgTokenBytes: 4.445 });
  }
  return {
    points: c.case.n,
    qdrantVersion: '1.20.0',
    collection: {
      vectors: { size: c.case.d, distance: 'Cosine' },
      hnsw_config: { m: c.case.m ?? 16, ef_construct: 100, full_scan_threshold: c.case.fst ?? 10_000, ...(c.case.payload_m != null ? { payload_m: c.case.payload_m } : {}) },
      // `optimize: false` (s38): the points stay in the appendable segment, as below an indexing threshold they never reach.
      optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: c.case.optimize === false ? 1_000_000_000 : 1 },
    },
    payload: { avgBytes: 100, indexes: [index] },
    // One optimized segment holding every point, as measured: no appendable tail (its mutable index would be priced apart).
    assumptions: { nodeCpus: 2, bulkLoad: true, allocator: 'glibc', ...((c.case.id.startsWith('links-') || c.case.id.startsWith('m0-')) && blockDegreeRatio !== undefined ? { payloadBlockDegreeRatio: blockDegreeRatio } : {}) },
  } as WorkloadInput;
}

const item = (e: Estimate, id: string) => e.lineItems.find((i) => i.id === id);
/** The field's own directories (`<field>-text`, `<field>-map`, ...; the null index and nested element maps too). */
const measuredFiles = (c: Case) =>
  Object.entries(c.build.payload_index_by_entry)
    .filter(([k]) => k !== 'config.json')
    .reduce((a, [, v]) => a + v.allocated, 0);

const rows: string[] = [];
const pct = (model: number, measured: number) => `${model >= measured ? '+' : ''}${(((model - measured) / measured) * 100).toFixed(1)}%`;
const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;

/**
 * Where a bar is the stated range rather than 3% / 10%, and why:
 * - the stopwords case: the generator's most frequent 100 words are English function words of which only some are in
 *   Qdrant's list, while the model removes the whole list's 179 ranks (as in English text, where they are the most
 *   frequent words): files +4%;
 * - the prefix tokenizer on text of the nine languages (wordfreq): the tokens and distinct prefixes derived from the
 *   words, each prefix length's law the language's rank shape (src/model/prefix-tokens.ts prefixRankShape): 4%
 *   (measured -1.0% to +3.0%; before s29, with a Zipf law per length, -6.4% to +1.0%, Russian's -4.7% to -6.4% held to
 *   the range: docs/accuracy.md, "The posting lists by each length's rank shape");
 * - the prefix tokenizer on the pseudo-words (random letters, text-title-20k-prefix), their prefix counts given: the
 *   split of the prefixes by length is English's, while random letters fill all 26^L prefixes of the short lengths and
 *   leave each longer one to a single word: the files only inside the stated range (-14.5%), the heap within 10%;
 * - the bool index's heap (two roaring bitmaps of 8 KiB) is below the live-heap reading's noise (about 0.1 MB);
 * - the nested bool index's files (s34): its two element maps are 27% of its 0.18 MB, and their size is the entropy of
 *   the elements per point (countEntropyBits: 3.05 bits for 1-7 elements), where zstd on the byte planes writes 3.34
 *   (20,867 B for 50,000 points): 2 x 24,576 B measured against 2 x 21,110 modelled, -3.9%: 5%;
 * - the nested text index (s34, there to count its element maps: two, as listed in the JSON): its notes are 3 words
 *   drawn uniformly from 2,000 short pseudo-words, not the Zipf text the text model describes (zipfExponent at least
 *   0.5): files -5.3%, heap +20.1% (with zipfExponent 0.5: +1.9%, +29.4%), each held to its stated range. The same
 *   index on Zipf text (nested-text-zipf-50k, s34b: each element's note one title of the text cases' generator) is held
 *   to the standard bars (files +0.3%, heap +5.1%).
 */
const fileBar = (c: Case) => {
  const spec = c.case.indexes[0]!;
  if (spec.type === 'bool' && spec['nested']) return 0.05;
  if (spec.type === 'text' && c.case.data === 'nested-all') return Infinity;
  if (spec['tokenizer'] && c.case.data.startsWith('text-')) return Infinity;
  if (spec['tokenizer']) return 0.04;
  return spec['stopwords'] ? 0.06 : 0.03;
};
const heapBar = (c: Case) => (c.case.indexes[0]!.type === 'bool' || (c.case.indexes[0]!.type === 'text' && c.case.data === 'nested-all') ? Infinity : 0.1);

describe('payload indexes on qdrant-edge-py 0.9.0', () => {
  for (const c of cases.filter((x) => !x.case.id.startsWith('links-') && x.case.indexes.length > 0 && x.case.optimize !== false)) {
    it(`${c.case.id}: the ${c.case.indexes[0]!.type} index's files within ${fileBar(c) === Infinity ? 'their range' : `${fileBar(c) * 100}%`} and its heap within ${heapBar(c) === Infinity ? 'its range' : '10%'}, each inside the stated range`, () => {
      const e = estimate(workload(c));
      const field = c.case.indexes[0]!.field;
      const files = item(e, `payload-index.${field}.files`)!;
      const heap = item(e, `payload-index.${field}.heap`)!;
      const mf = measuredFiles(c);
      // Where a bar is wider than 3% / 10%, the row shows the range the value is held to instead.
      const range = (x: { range: { low: number; high: number } }) => `range ${(x.range.low / 1e6).toFixed(2)}-${(x.range.high / 1e6).toFixed(2)}`;
      const filesCell = `${mb(files.bytes)} (${pct(files.bytes, mf)}${fileBar(c) > 0.03 ? `, ${range(files)}` : ''})`;
      const heapCell = !c.index_live_heap_bytes ? '-' : heapBar(c) === Infinity ? `${mb(heap.bytes)} (${c.case.indexes[0]!.type === 'bool' ? 'noise: ' : ''}${range(heap)} MB)` : `${mb(heap.bytes)} (${pct(heap.bytes, c.index_live_heap_bytes)})`;
      rows.push(`| ${c.case.id} | ${mb(mf)} | ${filesCell} | ${c.index_live_heap_bytes ? mb(c.index_live_heap_bytes) : '-'} | ${heapCell} |`);
      expect(Math.abs(files.bytes / mf - 1)).toBeLessThan(fileBar(c));
      expect(files.range.low).toBeLessThanOrEqual(mf);
      expect(files.range.high).toBeGreaterThanOrEqual(mf);
      if (c.index_live_heap_bytes) {
        expect(Math.abs(heap.bytes / c.index_live_heap_bytes - 1)).toBeLessThan(heapBar(c));
        expect(heap.range.low).toBeLessThanOrEqual(c.index_live_heap_bytes);
        expect(heap.range.high).toBeGreaterThanOrEqual(c.index_live_heap_bytes);
      }
    });
  }
});

/**
 * A text case's label in the page: its titles and threshold, and the block size the threshold sets (the full-scan
 * threshold in KB over the bytes of one d-dimensional float32 vector: 10 KB of 128-d = 20 points).
 */
const blockLabel = (c: Case) =>
  `${c.case.n.toLocaleString('en-US')} titles, \`full_scan_threshold\` ${c.case.fst} KB (${Math.round((c.case.fst! * 1024) / (c.case.d * 4)).toLocaleString('en-US')} points)`;
/**
 * Text cases whose sub-graphs are held to the stated range, with the reason. s25 gave a block the degree of a graph of
 * its own points (levelZeroDegree at the block's size) and the payload calibration's vectors a K scale taken from the
 * float run's 2,000-point range blocks (0.38): the 20k cases moved from +8.7% and -9.0% to -3.3% and -6.8%, the 50k
 * case at 1,000 KB from +6.4% to -10.2%. Its blocks hold 2,000-11,108 points, and on these 64 tight clusters the
 * degree keeps rising past 20k points (16.2 links at 20k, 18.5 at 50k; the calibration data fall there): one K scale
 * taken at 2,000 points is low for its larger blocks, and the model's main degree (17.2) is below the measured 18.5, so
 * fewer of the merged links fall past m0 at the full id width.
 */
const TEXT_LINKS_RANGE_ONLY: Record<string, string> = {
  'links-text-title-50k-fst1000': 'blocks of 2,000-11,108 points on data whose degree still rises with n: -10.2%',
};
const linkRows: string[] = [];
/** Printed with the table, shown in the page's prose (not a row). */
const linkNotes: string[] = [];
describe('payload sub-graphs of a text field on qdrant-edge-py 0.9.0', () => {
  it('has the float range-block run that states how many links a block keeps on these vectors', () => {
    expect(blockDegreeRatio).toBeDefined();
    linkNotes.push(`links-float-50k-fst1000 (block degree): K scale ${blockDegreeRatio!.toFixed(3)} of the model's heuristic degree at the block's size`);
  });
  for (const c of cases.filter((x) => x.case.id.startsWith('links-text-'))) {
    // Bar: the sub-graphs' bytes within the 10% links bar and inside their stated range. Each block adds the degree of
    // its own sub-graph (the float run's ratio on these vectors, taken through the same rule) less the links the point
    // already holds inside it, d x s / n (merge_from_other skips them), merged past m0 at the full id width
    // (levelZeroRecordBits). The main graph of the 0.9.0 engine draws fewer upper levels than v1.19.0
    // (docs/accuracy.md), so the whole file is compared in the report only.
    // Measured per block (text_block_links.py, data/calibration/v1.20-structures/text-block-links-0.9.0.json;
    // docs/accuracy.md, "Text blocks taken apart per block"), a block's links rise from 6 at 24 points to 15 at
    // 450-1,000 points, then fall to 11 at 4,000 as the main graph's links inside the block are skipped (d x s / n,
    // modelled since s24). Since s25 a block keeps the degree of a graph of its own size (levelZeroDegree at n = b,
    // whose few-point limit gives the rise below 450 points): the 10 KB case +8.7% -> -3.3%, 100 KB -9.0% -> -6.8%.
    const rangeOnly = TEXT_LINKS_RANGE_ONLY[c.case.id];
    it(`${c.case.id}: the text field's payload sub-graphs ${rangeOnly ? `inside the stated range (${rangeOnly})` : 'within 10% of the links they add, inside the stated range'}`, () => {
      const e = estimate(workload(c));
      const main = item(e, 'hnsw.default.links')!;
      const sub = item(e, 'hnsw.default.payload-links.title')!;
      const measuredSub = c.links_bytes_indexed - c.links_bytes_noindex;
      const total = main.bytes + sub.bytes;
      linkRows.push(
        `| ${blockLabel(c)} | ${mb(c.links_bytes_noindex)} | ${mb(main.bytes)} (${pct(main.bytes, c.links_bytes_noindex)}) | ${mb(measuredSub)} | ${mb(sub.bytes)} (${pct(sub.bytes, measuredSub)}) | ${mb(c.links_bytes_indexed)} | ${mb(total)} (${pct(total, c.links_bytes_indexed)}) |`,
      );
      if (!rangeOnly) expect(Math.abs(sub.bytes / measuredSub - 1)).toBeLessThan(0.1);
      expect(sub.range.low).toBeLessThanOrEqual(measuredSub);
      expect(sub.range.high).toBeGreaterThanOrEqual(measuredSub);
    });
  }
});

/**
 * Phrase matching in an appendable segment (s38): text-title-20k-appendable and text-title-20k-phrase-appendable, the
 * same 20,000 titles upserted with no optimize() (one appendable segment, its mutable text index), and the same titles
 * as two values each (-2values-: a separator token between them). The mutable index's heap is sized from its
 * structures since s38 (roaring posting lists, vocab map, token sets: textIndexBytes `mutable`); what phrase matching
 * adds to it from its cause, each point's ordered tokens on the heap and the separator's entries
 * (mutablePhraseHeapBytes), and nothing on disk. Bars: each heap within 10% of the measured and inside the stated
 * range; the difference phrase matching makes within 10% of the measured heap difference, and the files' difference
 * under 3% of the files. Since s41 the index's files are its gridstore (TEXT_LAYOUT.cborDocumentHeadBytes; before,
 * struct-derived and +18%), held to 3% and their range. By hand: a title's document is CBOR of its 10.42 distinct tokens
 * of 5 B (a word of running text less its space), 8 + 1 + 10.42 x (1 + 5) = 71.5 B, one 128-B block (spread from 36 to
 * 107 B, all inside one); 20,000 x (128 + 16 + 1 / 8) + 12,288 = 2,894,788 B, and the null index's 2 x (4,096 + 4,096) =
 * 16,384: 2,911,172 B against 2,916,352 measured (-0.18%: each file's last 4 KiB block).
 */
const appendableRows: string[] = [];

/**
 * Every other index type in an appendable segment (s41: float, bool, geo, datetime and uuid on single values, keyword
 * and integer on 1-7 values a point; 20,000 points upserted with no optimize()): from v1.16 each component is a
 * gridstore whose block is the value's size (MUTABLE_INDEX_STORES), so numbers take exactly 8 or 16 B a value and
 * keywords CBOR arrays in 16-B blocks. By hand, float-20k-appendable: 20,000 x (8 + 16 + 1 / 8) + 12,288 = 494,788 B of
 * the store and 2 x (4,096 + 4,096) = 16,384 B of the null index, 511,172 B against 516,096 measured (-1.0%: each file's
 * last 4 KiB block); array-keyword-20k-appendable: 3.99835 values of "sku_N" a point (the recorded mean), 6.78 B each,
 * CBOR 1 + 3.99835 x 7.78 = 32.107 B, E[ceil(X / 16)] for X spread from 16.05 to 48.16 B = 2.5083 blocks, 20,000 x
 * (40.133 + 16 + 0.3135) + 12,288 + 16,384 = 1,157,613 B against 1,146,880 (+0.9%). Bars: files within 3% and inside
 * the range; since s41 the heap is the structures loaded from the stores (src/model/mutable-heap.ts), within 10% and
 * inside the range (the bool index's two roaring sets, under the live-heap reading's noise: the range). By hand,
 * float-20k-appendable: a B-tree leaf of 11 16-B points is 12 + 176 = 188 B, 192 aligned, a 207.5-B malloc chunk, an
 * internal node 288 B (303.5), at ln 2 fill, 11 x 0.6931 = 7.6246 points a leaf and its separator in the parent,
 * 12 x 0.6931 = 8.3178 edges an internal node: (207.5 + 303.5 / 7.3178) / 8.6246 = 28.868 B a value, and a point's
 * Vec 24 + 32 (the least chunk): 20,000 x 84.868 = 1,697,357 B against 1,638,400 measured (+3.6%; until s42 the
 * B-tree left out the separators, 32.00 B a value and +7.4%);
 * uuid-20k-appendable: 32,768 buckets x (48 + 1) = 1,605,632, a roaring bitmap per uuid 175.5 + 32 = 207.5 B (4,150,000)
 * and a point's Vec 24 + 32 (1,120,000): 6,875,632 B against 6,844,416 (+0.5%).
 */
const storeRows: string[] = [];
const apparentRows: string[] = [];
describe('every other index type in an appendable segment on qdrant-edge-py 0.9.0 (s41)', () => {
  const ids = ['float', 'bool', 'geo', 'datetime', 'uuid'].map((t) => `${t}-20k-appendable`).concat(['array-keyword-20k-appendable', 'array-integer-20k-appendable']);
  for (const id of ids) {
    it(`${id}: the files within 3% and the heap within ${id.startsWith('bool') ? 'its range' : '10%'}, inside the stated ranges`, () => {
      const c = data.cases[id];
      expect(c, id).toBeDefined();
      const e = estimate(workload(c!));
      const field = c!.case.indexes[0]!.field;
      const files = item(e, `payload-index.${field}.files`)!;
      const heap = item(e, `payload-index.${field}.heap`)!;
      const mf = measuredFiles(c!);
      const heapCell = id.startsWith('bool') ? `${mb(heap.bytes)} (noise: range ${(heap.range.low / 1e6).toFixed(2)}-${(heap.range.high / 1e6).toFixed(2)} MB)` : `${mb(heap.bytes)} (${pct(heap.bytes, c!.index_live_heap_bytes!)})`;
      storeRows.push(`| ${id} | ${mb(mf)} | ${mb(files.bytes)} (${pct(files.bytes, mf)}) | ${mb(c!.index_live_heap_bytes!)} | ${heapCell} |`);
      if (id === 'float-20k-appendable') expect(files.bytes).toBe(511_172);
      if (id === 'array-keyword-20k-appendable') expect(Math.abs(files.bytes - 1_157_613)).toBeLessThan(2);
      expect(Math.abs(files.bytes / mf - 1)).toBeLessThan(0.03);
      expect(files.range.low).toBeLessThanOrEqual(mf);
      expect(files.range.high).toBeGreaterThanOrEqual(mf);
      // What `ls -l` shows (s41): the estimate's apparent disk with the index less without it, against the field's files'
      // apparent bytes (float: a 2 MiB page, the 1 MiB tracker, 32 KiB of bitmask, gaps and config, 3,178,800 B, and
      // the null index's two 1 MiB flag files).
      const apparent = e.disk.apparentBytes - estimate({ ...workload(c!), payload: { avgBytes: 100, indexes: [] } } as WorkloadInput).disk.apparentBytes;
      const ma = Object.entries(c!.build.payload_index_by_entry).filter(([k2]) => k2 !== 'config.json').reduce((a, [, v]) => a + v.apparent, 0);
      apparentRows.push(`| ${id} | ${mb(ma)} | ${mb(apparent)} (${pct(apparent, ma)}) |`);
      expect(Math.abs(apparent / ma - 1)).toBeLessThan(0.03);
      const mh = c!.index_live_heap_bytes!;
      if (id === 'float-20k-appendable') expect(Math.abs(heap.bytes - 1_697_357)).toBeLessThan(2);
      if (id === 'uuid-20k-appendable') expect(heap.bytes).toBe(6_875_632);
      if (!id.startsWith('bool')) expect(Math.abs(heap.bytes / mh - 1)).toBeLessThan(0.1);
      expect(heap.range.low).toBeLessThanOrEqual(mh);
      expect(heap.range.high).toBeGreaterThanOrEqual(mh);
    });
  }
  it('text-title-20k-appendable: what ls -l shows of the documents\' gridstore (a 32 MiB page) and the null index within 3%', () => {
    const c = data.cases['text-title-20k-appendable']!;
    const apparent = estimate(workload(c)).disk.apparentBytes - estimate({ ...workload(c), payload: { avgBytes: 100, indexes: [] } } as WorkloadInput).disk.apparentBytes;
    const ma = Object.entries(c.build.payload_index_by_entry).filter(([k2]) => k2 !== 'config.json').reduce((a, [, v]) => a + v.apparent, 0);
    apparentRows.push(`| text-title-20k-appendable | ${mb(ma)} | ${mb(apparent)} (${pct(apparent, ma)}) |`);
    expect(Math.abs(apparent / ma - 1)).toBeLessThan(0.03);
  });
});
describe('phrase matching in an appendable segment on qdrant-edge-py 0.9.0 (s38)', () => {
  for (const [label, plainId, phraseId] of [
    ['one string', 'text-title-20k-appendable', 'text-title-20k-phrase-appendable'],
    ['two values', 'text-title-20k-2values-appendable', 'text-title-20k-2values-phrase-appendable'],
  ] as const) {
    it(`${label}: the files within 3% and each heap within 10%, inside their ranges; the heap phrase matching adds within 10%, the files it adds under 3% of the files`, () => {
      const plain = data.cases[plainId];
      const phrase = data.cases[phraseId];
      expect(plain).toBeDefined();
      expect(phrase).toBeDefined();
      const model = (c: Case) => {
        const e = estimate(workload(c));
        const heap = item(e, 'payload-index.title.heap')!;
        const files = item(e, 'payload-index.title.files')!;
        return { files: files.bytes, filesRange: files.range, heap: heap.bytes, heapRange: heap.range };
      };
      const [a, b] = [model(plain!), model(phrase!)];
      const heapDelta = phrase!.index_live_heap_bytes! - plain!.index_live_heap_bytes!;
      const filesDelta = measuredFiles(phrase!) - measuredFiles(plain!);
      // The mutable index itself: files (its gridstore) within 3%, heap within 10%, both inside their ranges.
      for (const [which, c, m] of [['without phrase_matching', plain!, a], ['with phrase_matching', phrase!, b]] as const)
        appendableRows.push(`| ${label}, index ${which}: files | ${mb(measuredFiles(c))} | ${mb(m.files)} (${pct(m.files, measuredFiles(c))}) |`, `| ${label}, index ${which}: heap | ${mb(c.index_live_heap_bytes!)} | ${mb(m.heap)} (${pct(m.heap, c.index_live_heap_bytes!)}) |`);
      appendableRows.push(
        `| ${label}, heap added by phrase_matching | ${mb(heapDelta)} | ${mb(b.heap - a.heap)} (${pct(b.heap - a.heap, heapDelta)}) |`,
        `| ${label}, files added by phrase_matching | ${filesDelta.toLocaleString('en-US')} B of ${mb(measuredFiles(phrase!))} | ${(b.files - a.files).toLocaleString('en-US')} B |`,
      );
      // By hand (the comment above): the one-string index without phrase matching.
      if (label === 'one string') expect(a.files).toBe(2_911_172);
      for (const [c, m] of [[plain!, a], [phrase!, b]] as const) {
        expect(Math.abs(m.files / measuredFiles(c) - 1)).toBeLessThan(0.03);
        expect(m.filesRange.low).toBeLessThanOrEqual(measuredFiles(c));
        expect(m.filesRange.high).toBeGreaterThanOrEqual(measuredFiles(c));
        expect(Math.abs(m.heap / c.index_live_heap_bytes! - 1)).toBeLessThan(0.1);
        expect(m.heapRange.low).toBeLessThanOrEqual(c.index_live_heap_bytes!);
        expect(m.heapRange.high).toBeGreaterThanOrEqual(c.index_live_heap_bytes!);
      }
      expect(Math.abs((b.heap - a.heap) / heapDelta - 1)).toBeLessThan(0.1);
      expect(Math.abs(b.files - a.files - filesDelta) / measuredFiles(phrase!)).toBeLessThan(0.03);
    });
  }
});

/**
 * The same appendable cases on qdrant-edge-py 0.7.2 (api 1.18.2-dev; s42: edge_payload_v1_20.py with QSIZE_PAYLOAD_OUT,
 * data/calibration/v1.19.0-structures/payload-indexes-appendable-0.7.2.json), against the model at Qdrant 1.18.0:
 * the files are byte for byte 0.9.0's, and the heap of the map and geo indexes is larger, because before v1.19.0 they
 * load each point's values by pushing them into an empty Vec (VersionFeatures.mutableIndexVecsPushedOnLoad). By hand,
 * uuid-20k-appendable: a point's Vec holds 4 uuids' room, malloc(64) = 79.5 B where v1.19.0's holds one, malloc(16) =
 * 32: 20,000 x 47.5 = 950,000 B more, 7,825,632 B against 7,872,512 measured (-0.6%; 1.03 MB more than 0.9.0).
 */
const legacyAppendable = JSON.parse(readFileSync('data/calibration/v1.19.0-structures/payload-indexes-appendable-0.7.2.json', 'utf8')) as { engine: { qdrant_edge_py: string }; cases: Record<string, Case> };
const legacyRows: string[] = [];
describe('the appendable indexes on qdrant-edge-py 0.7.2 (api 1.18.2-dev) against the model at Qdrant 1.18.0 (s42)', () => {
  it('was measured on 0.7.2, the eleven appendable cases', () => {
    expect(legacyAppendable.engine.qdrant_edge_py).toBe('0.7.2');
    expect(Object.keys(legacyAppendable.cases).length).toBe(11);
  });
  for (const [id, c] of Object.entries(legacyAppendable.cases)) {
    it(`${id}: the files as on 0.9.0 and within 3%, the heap within ${id.startsWith('bool') ? 'its range' : '10%'}, inside the stated ranges`, () => {
      expect(measuredFiles(c)).toBe(measuredFiles(data.cases[id]!));
      const e = estimate({ ...workload(c), qdrantVersion: '1.18.0' });
      const field = c.case.indexes[0]!.field;
      const files = item(e, `payload-index.${field}.files`)!;
      const heap = item(e, `payload-index.${field}.heap`)!;
      const mf = measuredFiles(c);
      const mh = c.index_live_heap_bytes!;
      legacyRows.push(`| ${id} | ${mb(mf)} | ${mb(files.bytes)} (${pct(files.bytes, mf)}) | ${mb(mh)} | ${mb(heap.bytes)} (${pct(heap.bytes, mh)}) |`);
      if (id === 'uuid-20k-appendable') expect(heap.bytes).toBe(7_825_632);
      expect(Math.abs(files.bytes / mf - 1)).toBeLessThan(0.03);
      expect(files.range.low).toBeLessThanOrEqual(mf);
      expect(files.range.high).toBeGreaterThanOrEqual(mf);
      if (!id.startsWith('bool')) expect(Math.abs(heap.bytes / mh - 1)).toBeLessThan(0.1);
      expect(heap.range.low).toBeLessThanOrEqual(mh);
      expect(heap.range.high).toBeGreaterThanOrEqual(mh);
    });
  }
  it('docs/accuracy.md shows the table as printed here', () => {
    if (process.env['ACCURACY_REPORT']) console.log(['| appendable index (0.7.2, model at 1.18.0) | files measured | files model | heap measured | heap model |', '|---|---|---|---|---|', ...legacyRows].join('\n'));
    expect(rowsMissingFromDoc(legacyRows), REGENERATE).toEqual([]);
  });
});

afterAll(() => {
  if (process.env['ACCURACY_REPORT'] && appendableRows.length > 0) console.log(['| text-title-20k appendable | measured | model |', '|---|---|---|', ...appendableRows].join('\n'));
  if (process.env['ACCURACY_REPORT'] && storeRows.length > 0) console.log(['| appendable index | files measured | files model | heap measured | heap model |', '|---|---|---|---|---|', ...storeRows].join('\n'));
  if (process.env['ACCURACY_REPORT'] && apparentRows.length > 0) console.log(['| appendable index | apparent (ls -l) measured | model |', '|---|---|---|', ...apparentRows].join('\n'));
});

const m0Rows: string[] = [];
describe('m = 0 with payload_m 16 on qdrant-edge-py 0.9.0 (s34): the payload sub-graphs alone', () => {
  const c = data.cases['m0-payloadm16-keyword-50k'];
  it('the links file within 10% and graph.bin within 3%, each inside the stated range', () => {
    expect(c).toBeDefined();
    const e = estimate(workload(c!));
    const f = (name: string) => c!.build.vector_index_files!.find((x) => x.path.endsWith(`/${name}`))!;
    const links = item(e, 'hnsw.default.payload-links.offers[].sku')!;
    const gbin = item(e, 'hnsw.default.graph-bin');
    const ml = f('links_compressed.bin').apparent;
    const mg = f('graph.bin').apparent;
    m0Rows.push(`| links_compressed.bin | ${mb(ml)} | ${mb(links.bytes)} (${pct(links.bytes, ml)}) |`, `| graph.bin | ${mg.toLocaleString('en-US')} B | ${gbin ? `${Math.round(gbin.bytes).toLocaleString('en-US')} B (${pct(gbin.bytes, mg)})` : '-'} |`);
    expect(Math.abs(links.bytes / ml - 1)).toBeLessThan(0.1);
    expect(links.range.low).toBeLessThanOrEqual(ml);
    expect(links.range.high).toBeGreaterThanOrEqual(ml);
    expect(Math.abs(gbin!.bytes / mg - 1)).toBeLessThan(0.03);
  });
});

describe('m = 0 and no payload index on qdrant-edge-py 0.9.0 (s34b): the empty graph', () => {
  // The links file of a graph without links (emptyGraphFileBytes: header, level offsets, reindex, 1-bit offsets of
  // n (1 + E) empty records) and graph.bin without an entry point, at 20,000, 50,000 (m0-payloadm16-keyword-50k's
  // twin) and 100,000 points: the per-point part (4 B reindex + 2 / 8 B offsets) and the fixed part apart.
  const sizes: [string, Case | undefined, 'build' | 'build_noindex'][] = [
    ['m0-noindex-20k', data.cases['m0-noindex-20k'], 'build'],
    ['m0-payloadm16-keyword-50k (twin)', data.cases['m0-payloadm16-keyword-50k'], 'build_noindex'],
    ['m0-noindex-100k', data.cases['m0-noindex-100k'], 'build'],
  ];
  for (const [label, c, which] of sizes) {
    it(`${label}: links_compressed.bin within 0.1% and graph.bin exact`, () => {
      expect(c).toBeDefined();
      // The case's collection and points, no payload index (workload() reads an index spec: one given, then dropped).
      const withSpec = { ...c!, case: { ...c!.case, indexes: [{ field: 'offers[].sku', type: 'keyword' }] } };
      const e = estimate({ ...workload(withSpec), payload: { avgBytes: 100, indexes: [] } } as WorkloadInput);
      const files = (which === 'build' ? c!.build : c!.build_noindex!) as Case['build'];
      const f = (name: string) => files.vector_index_files!.find((x) => x.path.endsWith(`/${name}`))!.apparent;
      const links = item(e, 'hnsw.default.links')!.bytes;
      const gbin = item(e, 'hnsw.default.graph-bin')!.bytes;
      m0Rows.push(`| ${label}: links_compressed.bin | ${f('links_compressed.bin').toLocaleString('en-US')} B | ${Math.round(links).toLocaleString('en-US')} B (${pct(links, f('links_compressed.bin'))}) |`, `| ${label}: graph.bin | ${f('graph.bin')} B | ${gbin} B |`);
      expect(Math.abs(links / f('links_compressed.bin') - 1)).toBeLessThan(0.001);
      expect(gbin).toBe(f('graph.bin'));
    });
  }
});

afterAll(() => {
  if (process.env['ACCURACY_REPORT'] && m0Rows.length > 0) console.log(['| m0-payloadm16-keyword-50k | measured | model |', '|---|---|---|', ...m0Rows].join('\n'));
});

afterAll(() => {
  if (process.env['ACCURACY_REPORT'] && linkRows.length > 0) {
    console.log(linkNotes.join('\n'));
    console.log(['| case | links, no index | model | sub-graphs measured | model | links with the field | model |', '|---|---|---|---|---|---|---|', ...linkRows].join('\n'));
  }
});

afterAll(() => {
  if (process.env['ACCURACY_REPORT']) console.log(['| case | files measured | model | heap measured | model |', '|---|---|---|---|---|', ...rows].join('\n'));
});

// After every case above (vitest keeps the order within the file): the two tables of docs/accuracy.md ("Payload
// indexes on qdrant-edge-py 0.9.0") are these rows.
describe('docs/accuracy.md', () => {
  it('shows every row of the payload-index, text sub-graph, appendable phrase and m = 0 graph tables as printed here', () => {
    expect(rowsMissingFromDoc([...rows, ...linkRows, ...m0Rows, ...appendableRows, ...storeRows, ...apparentRows]), REGENERATE).toEqual([]);
  });
});
