/**
 * The full-text (`text`) payload index of an indexed segment, from its file layout
 * (qdrant@v1.19.0:lib/segment/src/index/field_index/full_text_index/inverted_index/on_disk_inverted_index/,
 * lib/posting_list/src/, lib/common/common/src/persisted_hashmap/serialize.rs), and the BM25 files that 1.20 adds with
 * `scoring` (qdrant-edge 0.9.0 crate, src/segment/index/field_index/full_text_index/inverted_index/term_frequencies.rs and
 * on_disk_inverted_index/doc_len_sidecar.rs; first decoded from the files qdrant-edge-py 0.9.0 writes).
 *
 * How many tokens a segment holds, how many documents each is in and how often it repeats depend on the text: qsize
 * assumes Zipf's law (the token of rank r has probability r^-s / H) over a vocabulary sized so that the collection's
 * tokens show the user's number of distinct tokens, and takes every count below as its expectation under that law; the
 * prefix tokenizer's families (one per prefix length) follow their language's measured rank shape instead
 * (prefixRankShape, unless a Zipf exponent is given).
 * Documents are the points (a text array's elements are one document of the point, v1.19.0 `FullTextIndex::
 * get_tokens`), the tokens of a document independent draws (Poisson): real text repeats a word inside a document more
 * often (bursts), which only adds term-frequency bits.
 */
import { QDRANT } from './constants.js';
import { ceilTo, hashBuckets, nextPow2 } from './formula.js';
import { cborHeadBytes, expectedBlocks, gridstoreAllocatedBytes, gridstoreFixedAllocatedBytes } from './gridstore.js';
import { BoundedMemo } from '../util/memo.js';
import { allocationBytes, allocationFn, DEFAULT_ALLOCATOR, type Allocator } from './allocator.js';
import type { PayloadIndex } from '../spec/workload.js';
import { bm25Scoring, fieldSchemaParams } from './field-schema.js';
import {
  chooseTextLanguage,
  DEFAULT_TEXT_LANGUAGE,
  PREFIX_LANGUAGE_TABLES,
  prefixBytesPerChar,
  prefixRankShape,
  prefixTokensByLength,
  prefixTokensPerWord,
  prefixVocabulary,
  rankShapeWeight,
  runningTextLengths,
  type PrefixLanguage,
  type RankShape,
  type TextLanguageChoice,
  type TextLanguageParams,
} from './prefix-tokens.js';

/** Posting lists pack 128 ids per chunk (`posting_list::CHUNK_LEN`, BitPacker4x). */
export const CHUNK_LEN = 128;

/**
 * Fixed byte sizes of the on-disk text index (qdrant@v1.19.0 on_disk_inverted_index/types.rs, create_postings.rs;
 * posting_list/src/posting_list.rs), and of the BM25 files (qdrant-edge 0.9.0 crate, see docs/methodology.md).
 */
export const TEXT_LAYOUT = {
  /** postings.dat: `PostingsHeader { posting_count: usize, _reserved: [u8; 32] }`. */
  postingsHeaderBytes: 40,
  /** `PostingListHeader` 24 B per token + the list's `last_doc_id` u32. */
  postingsPerTokenBytes: 28,
  /** `PostingChunk<()> { initial_id: u32, offset: u32 }` per full chunk of 128 ids. */
  chunkHeaderBytes: 8,
  /** `RemainderPosting<()> { id: u32 }`: the ids after the last full chunk, uncompressed. */
  remainderIdBytes: 4,
  /**
   * `phrase_matching` (V = Positions): every posting carries a U32 offset into the list's `var_size_data` (in a chunk's
   * `sized_values: [U32; 128]`, in a remainder beside its id), and `var_size_data` holds the token's positions in the
   * document, one u32 each (posting_list/src/value_handler.rs UnsizedHandler; full_text_index/inverted_index/
   * positions.rs `Positions(Vec<u32>)`; on_disk_inverted_index/create_postings.rs). Measured on qdrant-edge-py 0.9.0,
   * text-title-20k-phrase against text-title-20k (payload-indexes-0.9.0.json): postings.dat 2,961,408 B against
   * 1,208,320 B, +1,753,088 B where 4 x 208,434 postings + 4 x 230,222 occurrences = 1,754,624 (-0.09%).
   */
  positionOffsetBytes: 4,
  positionBytes: 4,
  /** vocab.dat (persisted hashmap str -> u32): u64 bucket offset, key + 0xFF padded to 4 B, u32 count, u32 token id. */
  vocabEntryFixedBytes: 16,
  /** E[ceil4(w + 1)] - w for key lengths spread over 4 residues: 1 + 1.5. */
  vocabKeyPaddingBytes: 2.5,
  /** vocab.dat header (key type, bucket position and count) before the perfect hash function, padded to 4 KiB. */
  vocabHeaderBytes: 24,
  /** point_to_tokens_count.dat: one usize per point. */
  tokensCountBytes: 8,
  /** term_frequencies.dat (1.20, `scoring`): u64 count, then per token {u64 offset, u32 count}. */
  tfHeaderBytes: 8,
  tfPerTokenBytes: 12,
  /** per token: a u32 offset per chunk (the last, partial chunk included), then the full chunks bit-packed, then the last chunk's width byte and its bits. */
  tfChunkOffsetBytes: 4,
  tfTailWidthBytes: 1,
  /** point_to_doc_len.dat: a 64-byte header ("QDRANTDL", version, compression, count), then the u32 lengths byte-shuffled and zstd-compressed (qdrant-edge 0.9.0 crate, src/segment/index/field_index/full_text_index/inverted_index/on_disk_inverted_index/doc_len_sidecar.rs). */
  docLenHeaderBytes: 64,
  /** Heap: the loaded index holds each document's length as a u16 code (ImmutableInvertedIndex::point_to_doc_len: Option<Vec<u16>>, doc_len.rs encode_doc_len), not the file. */
  heapDocLenCodeBytes: 2,
  /**
   * Heap of an appendable segment's phrase index: `point_to_doc: Option<Vec<Option<Document>>>`, one
   * `Option<Document>` per point (`Document(Vec<TokenId>)`, 24 B, the Vec's pointer the niche), whose Vec holds the
   * document's token ids in order, repeats and the separators between values kept, a u32 each (mutablePhraseHeapBytes).
   */
  heapDocumentBytes: 24,
  /**
   * The mutable index's posting lists are roaring bitmaps (`PostingList { list: RoaringBitmap }`, inverted_index/
   * posting_list.rs; roaring crate): per 65,536 ids a container of 2 B per id up to 4,096 ids, else an 8 KiB bitmap.
   */
  roaringContainerIds: 65_536,
  roaringArrayIdBytes: 2,
  roaringBitmapBytes: 8192,
  /** An array container holds at most 4,096 ids; one more turns it into the bitmap (roaring 0.11 container.rs ARRAY_LIMIT). */
  roaringArrayMaxIds: 4096,
  /**
   * Heap of an appendable segment's (mutable) index, qdrant dev 2026-08-08 (≈ 1.20) and v1.19.0, inverted_index/
   * mutable_inverted_index.rs `MutableInvertedIndex { postings: Vec<PostingList>, vocab: HashMap<String, TokenId>,
   * point_to_tokens: Vec<Option<TokenSet>>, point_to_doc }`, filled on load by mutable_inverted_index_builder.rs:
   * a roaring `Container` is 40 B (key u16 + `Store`, an enum of three variants, two of them Vecs, so 24 B + tag: 32 B;
   * roaring 0.11.4, Cargo.lock of dev), a `RoaringBitmap` (= `PostingList`) a `Vec<Container>` of 24 B, and an
   * `Option<TokenSet>` (`TokenSet(Vec<u32>)`, the pointer the niche) 24 B.
   */
  roaringContainerBytes: 40,
  heapRoaringBitmapBytes: 24,
  heapTokenSetBytes: 24,
  /** Rust's Vec grows to twice its capacity, from 4 for elements of 1 B to 1 KiB (alloc raw_vec.rs MIN_NON_ZERO_CAP). */
  vecMinCapacity: 4,
  /** Heap: `PostingList<()>` = 4 Vecs (24 B each) + Option<u32> (8 B). */
  heapPostingListBytes: 104,
  /** Heap: HashMap<String, u32> entry = String 24 + u32, aligned to 8; + 1 control byte per bucket. */
  heapVocabEntryBytes: 32,
  /**
   * An appendable segment's index keeps each point's document in a gridstore (mutable_text_index/mod.rs
   * `GRIDSTORE_OPTIONS`: 128-B blocks, no compression; src/model/gridstore.ts) as CBOR `{"tokens": [...]}`
   * (full_text_index/lifecycle.rs `serialize_document`, serde_cbor): a map header (1 B), the key "tokens" (1 + 6 B),
   * the array's header and per token a string header and its bytes (cborHeadBytes). The tokens are the point's distinct
   * ones, sorted, or with phrase_matching all of them in order (mutable_text_index/lifecycle.rs `add_many`). Measured
   * on qdrant-edge-py 0.9.0 (payload-indexes-0.9.0.json, text-title-20k-appendable): 20,000 titles, one block each,
   * page_0.dat 2,564,096 B allocated, tracker.dat 323,584 B, bitmask.dat, gaps.dat and config.json 4,096 B each.
   */
  cborDocumentHeadBytes: 8,
  source:
    'qdrant@v1.19.0:lib/segment/src/index/field_index/full_text_index/inverted_index/on_disk_inverted_index/ (mod.rs, create_postings.rs, types.rs), immutable_inverted_index.rs; lib/posting_list/src/ (lib.rs CHUNK_LEN, builder.rs, posting_list.rs); lib/common/common/src/persisted_hashmap/serialize.rs; BM25 files: qdrant-edge 0.9.0 crate, src/segment/index/field_index/full_text_index/inverted_index/term_frequencies.rs, on_disk_inverted_index/doc_len_sidecar.rs, immutable_inverted_index.rs (docs/methodology.md)',
} as const;

/**
 * Heaps' law, the vocabulary of a text of M tokens: V = K M^b; "for Reuters-RCV1, k = 44 and b = 0.49", with K
 * typically 30-100 and b about 0.5 (Manning, Raghavan, Schuetze, Introduction to Information Retrieval, 2008, section
 * 5.1.1). Average bytes per token with spaces 6 and per distinct term 7.5 (ibid., Table 4.2, RCV1). Zipf exponent 1
 * (ibid., section 5.1.2: cf_i proportional to 1/i). The byte figures are English's; another language scales them
 * (textByteScale).
 */
export const TEXT_DEFAULTS = {
  heapsK: 44,
  /**
   * The range's low K is below the book's 30: narrow technical and legal English repeats its words more than news.
   * Counted with Qdrant's word tokenizer, lowercased (test/calibration/case_kept_text.py's rule): the Python 3.11
   * reference manual's paragraphs (pydoc_data.topics) 3,268 distinct of 64,237 tokens, K = 14.4; Debian 12's
   * /usr/share/common-licenses 2,160 of 48,524, K = 10.9; the copyright files of 799 Debian packages 28,925 of
   * 3.03M, K = 19.3 (2026-12-03, docs/methodology.md "Case kept").
   */
  heapsKLow: 10,
  heapsKHigh: 100,
  heapsB: 0.49,
  bytesPerToken: 6,
  termBytes: 7.5,
  termBytesLow: 5,
  termBytesHigh: 12,
  zipfExponent: 1,
  zipfExponentLow: 0.9,
  zipfExponentHigh: 1.2,
  source: 'Manning, Raghavan, Schuetze, Introduction to Information Retrieval (2008), section 5.1 (Heaps\' law: k = 44, b = 0.49 on RCV1; Zipf\'s law) and Table 4.2 (6 bytes per token with spaces, 7.5 per term)',
} as const;

/**
 * `lowercase: false` keeps each token's case (Qdrant lowercases only when `lowercase` is true, its default:
 * qdrant@v1.19.0:lib/segment/src/index/field_index/full_text_index/tokenizers/mod.rs, TokensProcessor), so "The" and
 * "the" are two tokens. A vocabulary derived from Heaps' law (wordfreq's and RCV1's figures are casefolded) is
 * multiplied by how many more distinct tokens real cased English has, counted with Qdrant's word tokenizer: the Python
 * 3.11 reference manual's paragraphs 3,836 against 3,268 lowercased (x1.174; built on qdrant-edge-py 0.9.0,
 * data/calibration/v1.20-structures/case-kept-text-0.9.0.json), its 79 topics x1.183, the copyright files of 799
 * Debian 12 packages x1.147 (3.03M tokens), Debian's common licences x1.243: x1.18. The range runs from x1 (text that
 * is lowercase already: tags, identifiers) to x2 (every word in two cases: Title Case titles over lowercase prose).
 * A given vocabulary (`cardinality`, `prefixCardinality`) is taken as the text's own, case kept.
 */
export const CASE_KEPT_VOCABULARY = {
  factor: 1.18,
  low: 1,
  high: 2,
  source: 'counted with Qdrant\'s word tokenizer on four English corpora (Python 3.11 reference manual, Debian 12 licences and copyright files): x1.147-1.243 (2026-12-03, docs/methodology.md "Case kept")',
} as const;

/**
 * TEXT_DEFAULTS' byte figures (English, RCV1) for another language, by the language's wordfreq table against English's
 * (src/model/prefix-languages.generated.ts): a running-text word with its separator, (wordBytes + 1) / (English's + 1);
 * a distinct term, the UTF-8 bytes per character (Cyrillic about 2, Latin scripts about 1; after ASCII folding the
 * folded bytes). English: 1 and 1.
 */
export function textByteScale(language: PrefixLanguage, asciiFolding: boolean): { perWord: number; perTermByte: number } {
  const t = PREFIX_LANGUAGE_TABLES[language];
  const en = PREFIX_LANGUAGE_TABLES[DEFAULT_TEXT_LANGUAGE];
  if (language === DEFAULT_TEXT_LANGUAGE) return { perWord: 1, perTermByte: 1 };
  const perChar = asciiFolding ? t.bytesPerCharFolded : t.bytesPerChar;
  return { perWord: (t.wordBytes + 1) / (en.wordBytes + 1), perTermByte: perChar / en.bytesPerChar };
}

/**
 * Words in each stopword list (qdrant@v1.19.0:lib/segment/src/index/field_index/full_text_index/stop_words/*.rs; the same
 * languages in 1.20). A stopword list names a language's most frequent words: qsize removes that many ranks from the
 * head of the Zipf law.
 */
export const STOPWORD_COUNTS: Record<string, number> = {
  arabic: 754, azerbaijani: 165, basque: 326, bengali: 398, catalan: 279, chinese: 841, danish: 94, dutch: 101, english: 179, finnish: 235,
  french: 157, german: 232, greek: 265, hebrew: 221, hinglish: 1036, hungarian: 199, indonesian: 758, italian: 279, japanese: 149, kazakh: 324,
  nepali: 255, norwegian: 176, portuguese: 207, romanian: 356, russian: 151, slovene: 1784, spanish: 313, swedish: 114, tajik: 163, turkish: 53,
};

/** Heaps' law: the distinct tokens of `tokens` tokens of text. */
export function heapsVocabulary(tokens: number, k: number = TEXT_DEFAULTS.heapsK): number {
  return Math.max(1, Math.min(tokens, k * Math.max(1, tokens) ** TEXT_DEFAULTS.heapsB));
}

/** The distinct tokens of a collection of `tokens` tokens: the given (or derived) vocabulary, else Heaps' law; 1 to `tokens`. */
export function collectionVocabulary(tokens: number, given: number | undefined): number {
  return Math.max(1, Math.min(tokens, given ?? heapsVocabulary(tokens)));
}

/**
 * Ranks head+1..W in runs that share (about) one probability: run i holds `count[i]` ranks of mean weight `weight[i]`
 * (r^-s, not normalised), and `total` is the sum of count x weight.
 */
interface RankGroups {
  count: Float64Array;
  weight: Float64Array;
  total: number;
}

/**
 * Ranks 1..W in groups: every rank up to `exactRanks` (2,000), then geometric groups 1% wide (the sums below move by <
 * 0.1%). The prefix tokenizer's families sum from 200 exact ranks (a 1% group holds one rank up to about 100 anyway):
 * twenty laws per estimate instead of one. A rank's weight is r^-s (Zipf), or with a `shape` the language's measured
 * share at that rank (a prefix length's law: prefixRankShape), a 1% group taking it at its geometric middle.
 *
 * In a loop: for r = head + 1 .. min(W, exactRanks), a group of one rank of weight w(r); then from a = max(min(W,
 * exactRanks), head) + 1 while a <= W, the group a..b, b = min(W, max(a, floor(a x 1.01))), of b - a + 1 ranks and mean
 * weight w(a, b); `total` sums count x weight in that order. Only the last group depends on W (it ends at W; W may be
 * fractional while zipfRanks fits it), so the ranks and groups before it come from a sequence kept per law
 * (rankSequence), the same numbers in the same order.
 */
export function rankGroups(W: number, s: number, head = 0, exactRanks = 2000, shape?: RankShape): RankGroups {
  const { q, nExact, nFull, lastCount, lastWeight, total } = rankSpan(W, s, head, exactRanks, shape);
  const n = nExact + nFull + (lastCount > 0 ? 1 : 0);
  const count = new Float64Array(n).fill(1, 0, nExact);
  const weight = new Float64Array(n);
  weight.set(q.exact.subarray(0, nExact));
  for (let k = 0; k < nFull; k++) {
    count[nExact + k] = q.count[k]!;
    weight[nExact + k] = q.weight[k]!;
  }
  if (lastCount > 0) {
    count[n - 1] = lastCount;
    weight[n - 1] = lastWeight;
  }
  return { count, weight, total };
}

/** A law's ranks before W: the exact ranks' weights, then the 1% groups as if W were unbounded, with running totals. */
interface RankSequence {
  /** w(r) of r = head + 1 .. exactRanks, and the total after each. */
  exact: Float64Array;
  exactTotal: Float64Array;
  /** The groups from max(exactRanks, head) + 1 on, b not cut at W: first rank, last rank, count, weight, total after it. */
  a: number[];
  b: number[];
  count: number[];
  weight: number[];
  total: number[];
}

/** Kept sequences (a law's shape or exponent, its head, its exact ranks): 2,000 exact ranks and ~1,600 groups up to 10^10 ranks, ~70 KB each. */
const sequenceMemo = new BoundedMemo<RankSequence>(128);

function rankWeight(r: number, s: number, shape: RankShape | undefined): number {
  return shape ? rankShapeWeight(shape, r) : r ** -s;
}

/** Mean weight of the group a..b (count ranks): r^-s over [a - 1/2, b + 1/2], or the shape's at the geometric middle. */
function groupWeight(a: number, b: number, count: number, s: number, shape: RankShape | undefined): number {
  const lo = a - 0.5;
  const hi = b + 0.5;
  return shape ? rankShapeWeight(shape, Math.sqrt(a * b)) : (Math.abs(s - 1) < 1e-9 ? Math.log(hi / lo) : (hi ** (1 - s) - lo ** (1 - s)) / (1 - s)) / count;
}

function rankSequence(s: number, head: number, exactRanks: number, shape: RankShape | undefined): RankSequence {
  return sequenceMemo.get(`${shape ? shape.id : s}|${head}|${exactRanks}`, () => {
    const n = Math.max(0, Math.floor(exactRanks - head));
    const exact = new Float64Array(n);
    const exactTotal = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      exact[i] = rankWeight(head + 1 + i, s, shape);
      total += exact[i]!;
      exactTotal[i] = total;
    }
    return { exact, exactTotal, a: [], b: [], count: [], weight: [], total: [] };
  });
}

/** rankGroups(W, ...) over a kept sequence: its first nExact exact ranks, its first nFull groups, then the last group cut at W (count 0: none). */
interface RankSpan {
  q: RankSequence;
  nExact: number;
  nFull: number;
  lastCount: number;
  lastWeight: number;
  total: number;
}

/** The groups of rankGroups(W, ...) as a span of the law's kept sequence (extended as far as W needs), and their total. */
function rankSpan(W: number, s: number, head: number, exactRanks: number, shape: RankShape | undefined): RankSpan {
  const q = rankSequence(s, head, exactRanks, shape);
  // Exact ranks r = head + 1 .. min(W, exactRanks).
  const nExact = Math.max(0, Math.min(q.exact.length, Math.floor(Math.min(W, exactRanks) - head)));
  const span: RankSpan = { q, nExact, nFull: 0, lastCount: 0, lastWeight: 0, total: nExact > 0 ? q.exactTotal[nExact - 1]! : 0 };
  // The groups start past the exact ranks: with W below exactRanks at W + 1 > W, none (then every exact rank is in).
  let a = Math.max(Math.min(W, exactRanks), head) + 1;
  for (let k = 0; a <= W; k++) {
    if (k === q.a.length) {
      // The sequence's next group, b not cut (a 1% group past the last one kept).
      const b = Math.max(a, Math.floor(a * 1.01));
      const count = b - a + 1;
      const w = groupWeight(a, b, count, s, shape);
      q.a.push(a);
      q.b.push(b);
      q.count.push(count);
      q.weight.push(w);
      q.total.push((k === 0 ? (q.exactTotal[q.exact.length - 1] ?? 0) : q.total[k - 1]!) + count * w);
    }
    const b = q.b[k]!;
    if (b <= W) {
      span.nFull = k + 1;
      span.total = q.total[k]!;
      a = b + 1;
      continue;
    }
    // The last group, cut at W.
    span.lastCount = W - a + 1;
    span.lastWeight = groupWeight(a, W, span.lastCount, s, shape);
    span.total += span.lastCount * span.lastWeight;
    break;
  }
  return span;
}

/** Expected distinct tokens among M tokens drawn from a Zipf law (or the shape's) over ranks head+1..W. */
export function expectedDistinct(W: number, s: number, M: number, head: number, shape?: RankShape): number {
  const { q, nExact, nFull, lastCount, lastWeight, total } = rankSpan(W, s, head, 2000, shape);
  let v = 0;
  for (let i = 0; i < nExact; i++) v += 1 * -Math.expm1(-(M * q.exact[i]!) / total);
  for (let k = 0; k < nFull; k++) v += q.count[k]! * -Math.expm1(-(M * q.weight[k]!) / total);
  if (lastCount > 0) v += lastCount * -Math.expm1(-(M * lastWeight) / total);
  return v;
}

/** Memo of zipfRanks: the planner estimates many layouts of one collection, whose vocabulary fit is the same. */
const ranksMemo = new BoundedMemo<number>(256);

/** The Zipf vocabulary W (ranks) whose M tokens show V distinct tokens on average (with a shape: the shape's ranks). */
export function zipfRanks(V: number, M: number, s: number, head = 0, shape?: RankShape): number {
  return ranksMemo.get(`${V}|${M}|${shape ? shape.id : s}|${head}`, () => fitZipfRanks(V, M, s, head, shape));
}

function fitZipfRanks(V: number, M: number, s: number, head: number, shape?: RankShape): number {
  const target = Math.min(V, M);
  let lo = Math.max(1, target) + head;
  if (expectedDistinct(lo, s, M, head, shape) >= target * 0.999) return lo;
  let hi = lo * 2;
  const cap = 1e10;
  while (expectedDistinct(hi, s, M, head, shape) < target && hi < cap) hi = Math.min(cap, hi * 4);
  for (let i = 0; i < 60 && hi - lo > 0.5; i++) {
    const mid = Math.sqrt(lo * hi);
    if (expectedDistinct(mid, s, M, head, shape) < target) lo = mid;
    else hi = mid;
  }
  return Math.round(hi);
}

export interface TextCorpus {
  /** Documents (points with the field) in the segment. */
  docs: number;
  /** Tokens per document, repeats included (values per point x tokens per value). */
  tokensPerDoc: number;
  /** Distinct tokens in the whole collection (what the user counts), and the collection's tokens. */
  vocabulary: number;
  collectionTokens: number;
  zipfExponent: number;
  /** The most frequent ranks that never reach the index (stopwords): the law starts at rank head + 1. */
  stopwordRanks?: number;
  /** false: term frequencies are not needed (no BM25): tfDataBytes is not summed (0). */
  termFrequencies?: boolean;
  /** true: the postings keep each token's positions (`phrase_matching`): positionBytes and their heap allocations. */
  positions?: boolean;
  /** Ranks summed one by one before the 1% groups (rankGroups; default 2,000). */
  exactRanks?: number;
  /** The law's shape instead of Zipf's r^-s (a prefix length's, prefixRankShape); zipfExponent is then unused. */
  rankShape?: RankShape | undefined;
  /** The heap's allocator (allocationBytes; default the server's, jemalloc). */
  allocator?: Allocator;
}

/** Expected counts of one segment's text index (each a sum over the Zipf ranks). */
export interface TextSegmentStats {
  /** Zipf ranks W fitted to the user's vocabulary. */
  ranks: number;
  /** Distinct tokens in the segment (vocab entries, posting lists). */
  tokens: number;
  /** Postings: (document, distinct token) pairs. */
  postings: number;
  /** Full 128-id chunks over all posting lists, and the ids left in each list's uncompressed tail. */
  chunks: number;
  remainders: number;
  /** Bytes of bit-packed id deltas (16 x bits per chunk). */
  idDataBytes: number;
  /** Heap: malloc'd bytes of the posting lists' remainder, chunk and id-data vectors. */
  heapListAllocBytes: number;
  /** Heap of an appendable segment's (mutable) index: malloc'd bytes of the roaring posting lists (mutableRoaringBytes). */
  heapRoaringBytes: number;
  /** term_frequencies.dat bytes after its per-token entries: chunk offsets, packed (tf - 1), tail width bytes. */
  tfDataBytes: number;
  /** postings.dat bytes of the positions (`phrase_matching`): an offset per posting and a u32 per occurrence; else 0. */
  positionBytes: number;
  /** Expected tokens per document that are in `qualifyingBlocks` (for the payload sub-graph). */
  blockMemberships: number;
  /** Distinct tokens of the segment that the payload sub-graph builds a block for. */
  qualifyingBlocks: number;
  /** Level-0 links per point the blocks' sub-graphs add (each block's graph degree from `blockDegree`). */
  blockLinks: number;
}

/** Expected bit width of the largest of r iid values with cdf(x) = P(value <= x) for integer x. */
function expectedWidth(r: number, cdf: (x: number) => number): { mean: number; dist: number[] } {
  const dist: number[] = [];
  let prev = 0;
  let mean = 0;
  for (let b = 0; b <= 32; b++) {
    const pLe = Math.max(0, Math.min(1, cdf(2 ** b - 1))) ** r;
    dist.push(pLe - prev);
    mean += b * (pLe - prev);
    prev = pLe;
    if (1 - pLe < 1e-12) break;
  }
  return { mean, dist };
}

/** Expected bit width of the widest of a full chunk's CHUNK_LEN - 1 id gaps, geometric with P(document holds the token) = pi. */
export function chunkGapBitsExact(pi: number): number {
  const q = Math.log1p(-Math.min(pi, 1 - 1e-15));
  return expectedWidth(CHUNK_LEN - 1, (x) => -Math.expm1(x * q)).mean;
}

/**
 * chunkGapBitsExact tabulated over logit(pi) = ln(pi / (1 - pi)) and interpolated: a plan sums it for every frequent rank
 * group of every layout it tries (about a million calls for a prefix-tokenizer index, 2 s of a 7 s plan). It is smooth in
 * logit(pi): nearly linear for rare tokens (the widest gap grows as ln(chunk) / pi), and the logit spreads out the steps
 * between 1 and 2 bits as pi nears 1. 8,192 steps over pi = 1e-15 .. 1 - 1e-15 keep it within 0.002 bits of the exact
 * sum (test/model/text-index.test.ts): bytes of a 5 GB plan move by a few.
 */
const GAP_STEPS = 8192;
const GAP_LOGIT = Math.log(1e15);
let gapTable: Float64Array | undefined;
export function chunkGapBits(pi: number): number {
  if (!gapTable) {
    gapTable = new Float64Array(GAP_STEPS + 1);
    for (let i = 0; i <= GAP_STEPS; i++) {
      const v = -GAP_LOGIT + (2 * GAP_LOGIT * i) / GAP_STEPS;
      gapTable[i] = chunkGapBitsExact(1 / (1 + Math.exp(-v)));
    }
  }
  const p = Math.min(Math.max(pi, 1e-15), 1 - 1e-15);
  const u = ((Math.log(p / (1 - p)) + GAP_LOGIT) / (2 * GAP_LOGIT)) * GAP_STEPS;
  const i = Math.min(GAP_STEPS - 1, Math.max(0, Math.floor(u)));
  const f = u - i;
  return gapTable[i]! * (1 - f) + gapTable[i + 1]! * f;
}

/** A Vec's capacity after pushing `len` elements one by one: doubling from TEXT_LAYOUT.vecMinCapacity (0 when empty). */
export const vecCapacity = (len: number) => (len <= 0 ? 0 : Math.max(TEXT_LAYOUT.vecMinCapacity, nextPow2(len)));

/**
 * Heap bytes of one posting list of an appendable segment's text index: a `RoaringBitmap` of the df documents (of a
 * segment of n points) holding the token (roaring 0.11.4 as in qdrant dev's Cargo.lock; inverted_index/posting_list.rs).
 * Its ids fall in c of the ceil(n / 65,536) blocks of 65,536 ids (c = B (1 - (1 - 1/B)^df), all of df in one block when
 * B = 1), each a container of df / c ids: up to 4,096 a `Vec<u16>` grown by `insert` (capacity 4, 8, 16, ... x 2 B),
 * above that an 8 KiB bitmap; the containers a `Vec<Container>` of 40 B each, grown alike (at least 4: 160 B, one
 * allocation of 160 B under jemalloc, a glibc chunk of 175.5, for every token of a segment under 65,536 points). df is a
 * group's expected df, so the capacity is that of the mean, not the mean of the capacities. Each allocation as
 * `allocator` takes it (allocationBytes).
 */
export function mutableRoaringBytes(df: number, n: number, allocator: Allocator): number {
  const L = TEXT_LAYOUT;
  if (df <= 0) return 0;
  const B = Math.max(1, Math.ceil(n / L.roaringContainerIds));
  const c = B === 1 ? 1 : Math.max(1, B * -Math.expm1(df * Math.log1p(-1 / B)));
  const m = df / c;
  const a = allocationFn(allocator);
  const store = a(m > L.roaringArrayMaxIds ? L.roaringBitmapBytes : L.roaringArrayIdBytes * vecCapacity(m));
  return a(L.roaringContainerBytes * vecCapacity(c)) + c * store;
}

/**
 * One segment's expected text-index counts. `blockRange` = [min, max] document frequency of a payload block
 * (full_scan_threshold in points, and the percolation bound of build.rs); omitted: no blocks counted.
 */
export function textSegmentStats(c: TextCorpus, blockRange?: [number, number], blockDegree?: (points: number) => number): TextSegmentStats {
  const t = rankTable(c, blockRange !== undefined);
  const st: TextSegmentStats = { ...t.stats };
  if (!blockRange || !t.groups) return st;
  // The payload blocks: the tokens whose document frequency lies in the range (cheap over the memoized table).
  const g = t.groups;
  for (let i = 0; i < g.df.length; i++) {
    const df = g.df[i]!;
    if (g.tokens[i] === 0 || df < blockRange[0] || df > blockRange[1]) continue;
    st.qualifyingBlocks += g.tokens[i]!;
    st.blockMemberships += g.postings[i]! / c.docs;
    if (blockDegree) st.blockLinks += (g.postings[i]! * blockDegree(df)) / c.docs;
  }
  return st;
}

/**
 * One corpus's segment: the expected counts without blocks, and per rank group what the block sums need (kept only once
 * a block sum asked for them: most tables of a plan are summed for the files and heap alone).
 */
interface RankTable {
  stats: TextSegmentStats;
  groups?: RankTableGroups;
}

interface RankTableGroups {
  /** Documents holding a token of the group, given it is in the segment. */
  df: Float64Array;
  /** Expected distinct tokens of the group in the segment. */
  tokens: Float64Array;
  /** Expected postings of the group (documents x tokens). */
  postings: Float64Array;
}

/**
 * One corpus's law, what its segment tables share whatever the segment's size: the fitted ranks W, their groups, and
 * per group the occurrences per document (lambda), the chance a document holds a token of the group (pi) and the
 * chunk's id-gap width at that pi (chunkGapBits, filled when a segment first has full chunks of the group: NaN until
 * then). A plan sums each law at every segment size it tries (a prefix-tokenizer plan at 50M points: about 2,000
 * segment tables over some 60 laws), and these do not depend on the segment.
 */
interface RankLaw {
  W: number;
  count: Float64Array;
  lambda: Float64Array;
  pi: Float64Array;
  gapBits: Float64Array;
}

/**
 * Memo of the laws, keyed by every corpus field the law reads (lawKey; not `docs` or `termFrequencies`): a plan's laws,
 * with room for the next edit's on the web page.
 */
const LAW_MEMO_ENTRIES = 256;
const lawMemo = new BoundedMemo<RankLaw>(LAW_MEMO_ENTRIES);

/** The corpus fields a law reads: tokens per document, vocabulary, collection tokens, the law (shape or exponent), head, exact ranks. */
function lawKey(c: TextCorpus): string {
  return `${c.tokensPerDoc}|${c.vocabulary}|${c.collectionTokens}|${c.rankShape ? c.rankShape.id : c.zipfExponent}|${c.stopwordRanks ?? 0}|${c.exactRanks ?? 2000}`;
}

function rankLaw(c: TextCorpus): RankLaw {
  const s = c.zipfExponent;
  const head = c.stopwordRanks ?? 0;
  const W = zipfRanks(c.vocabulary, c.collectionTokens, s, head, c.rankShape);
  const { count, weight, total } = rankGroups(W, s, head, c.exactRanks, c.rankShape);
  const L = c.tokensPerDoc;
  const lambda = new Float64Array(count.length);
  const pi = new Float64Array(count.length);
  for (let i = 0; i < count.length; i++) {
    lambda[i] = (L * weight[i]!) / total; // occurrences per document
    pi[i] = -Math.expm1(-lambda[i]!); // P(token in a document)
  }
  return { W, count, lambda, pi, gapBits: new Float64Array(count.length).fill(Number.NaN) };
}

/**
 * Memo of rankTable: the planner estimates many layouts of one collection, and the same corpus is summed again for each
 * token length of a range (the prefix tokenizer sums one law per prefix length). The table does not depend on the
 * payload blocks, so a plan with payload sub-graphs reuses it too. Keyed by the law's key, the segment's documents and
 * whether term frequencies are summed: every corpus field segmentStats reads.
 *
 * Tables kept: a prefix-tokenizer plan sums about 2,000 distinct tables (35 segment sizes x 58 laws at 50M points,
 * s31; 46 x the laws in s25, where 2,048 kept it at 1.4 s and 512 at 1.6 s). Most hold only their sums (a few hundred
 * bytes); those a payload-block sum asked for also keep three arrays of a few thousand numbers.
 */
const TABLE_MEMO_ENTRIES = 2048;
const tableMemo = new BoundedMemo<RankTable>(TABLE_MEMO_ENTRIES);

function rankTable(c: TextCorpus, withGroups: boolean): RankTable {
  const law = lawKey(c);
  const lawOf = () => lawMemo.get(law, () => rankLaw(c));
  const t = tableMemo.get(`${law}|${c.docs}|${c.termFrequencies !== false}|${c.positions === true}|${c.allocator ?? DEFAULT_ALLOCATOR}`, () => segmentStats(c, lawOf(), withGroups));
  // A table first summed without its groups: summed again with them (the same sums, the same stats).
  if (withGroups && !t.groups) t.groups = segmentStats(c, lawOf(), true).groups!;
  return t;
}

function segmentStats(c: TextCorpus, law: RankLaw, withGroups: boolean): RankTable {
  const { W, count, lambda: lambdas, pi: pis, gapBits } = law;
  const n = c.docs;
  const termFrequencies = c.termFrequencies !== false;
  const positions = c.positions === true;
  const a = c.allocator ?? DEFAULT_ALLOCATOR;
  const alloc = allocationFn(a);
  // Bytes per remainder and per full chunk in the file and on the heap: with positions each posting's U32 offset too.
  const TL = TEXT_LAYOUT;
  const remainderBytes = TL.remainderIdBytes + (positions ? TL.positionOffsetBytes : 0);
  const chunkBytes = TL.chunkHeaderBytes + (positions ? CHUNK_LEN * TL.positionOffsetBytes : 0);
  const groups = count.length;
  const kept: RankTableGroups | undefined = withGroups ? { df: new Float64Array(groups), tokens: new Float64Array(groups), postings: new Float64Array(groups) } : undefined;
  // The sums, in the groups' order (local numbers: the same additions as fields of the stats, without boxing them).
  let sumTokens = 0;
  let sumPostings = 0;
  let sumChunks = 0;
  let sumRemainders = 0;
  let sumIdData = 0;
  let sumHeapAlloc = 0;
  let sumRoaring = 0;
  let sumTfData = 0;
  let sumPositions = 0;
  for (let i = 0; i < groups; i++) {
    const gc = count[i]!;
    const lambda = lambdas[i]!; // occurrences per document
    const pi = pis[i]!; // P(token in a document)
    const present = -Math.expm1(-n * lambda); // P(token in the segment)
    if (present <= 0) continue;
    const df = (n * pi) / present; // documents holding it, given it is in the segment
    const full = df < CHUNK_LEN ? 0 : (df - (CHUNK_LEN - 1) / 2) / CHUNK_LEN;
    const rem = df < CHUNK_LEN ? df : (CHUNK_LEN - 1) / 2;
    // Id deltas in a chunk: gaps between documents holding the token, geometric with p = pi (the law's, once per group).
    let idBits = 0;
    if (full > 0) {
      idBits = gapBits[i]!;
      if (Number.isNaN(idBits)) idBits = gapBits[i] = chunkGapBits(pi);
    }
    let tfFull = 0;
    let tailBytes = 0;
    if (termFrequencies) {
      // (tf - 1) of a document holding the token: zero-truncated Poisson(lambda).
      const tfCdf = (x: number) => {
        let term = Math.exp(-lambda);
        let cum = 0;
        for (let t = 1; t <= x + 1; t++) {
          term *= lambda / t;
          cum += term;
          if (term < 1e-18 * Math.max(cum, 1e-300)) break;
        }
        return cum / pi;
      };
      // Term frequencies (BM25 only): the widest (tf - 1) of each full chunk and of the tail.
      if (full > 0) tfFull = expectedWidth(CHUNK_LEN, tfCdf).mean;
      expectedWidth(Math.max(1, rem), tfCdf).dist.forEach((p, b) => (tailBytes += p * Math.ceil((rem * b) / 8)));
    }
    const k = gc * present;
    const posted = gc * n * pi;
    if (kept) {
      kept.df[i] = df;
      kept.tokens[i] = k;
      kept.postings[i] = posted;
    }
    sumTokens += k;
    sumPostings += posted;
    sumChunks += k * full;
    sumRemainders += k * rem;
    sumIdData += k * full * 16 * idBits;
    // Positions: the token's occurrences in the segment, given it is there (n lambda / present), a u32 each, in one
    // var_size_data vector per list; and an offset per posting (df of them).
    const occurrences = positions ? (n * lambda) / present : 0;
    sumRoaring += k * mutableRoaringBytes(df, n, a);
    sumHeapAlloc += k * (alloc(remainderBytes * rem) + (full > 0 ? alloc(chunkBytes * full) + alloc(16 * idBits * full) : 0) + alloc(TL.positionBytes * occurrences));
    if (positions) sumPositions += k * (TL.positionOffsetBytes * df + TL.positionBytes * occurrences);
    sumTfData += k * (TEXT_LAYOUT.tfChunkOffsetBytes * (full + 1) + full * 16 * tfFull + TEXT_LAYOUT.tfTailWidthBytes + tailBytes);
  }
  const st: TextSegmentStats = {
    ranks: W,
    tokens: sumTokens,
    postings: sumPostings,
    chunks: sumChunks,
    remainders: sumRemainders,
    idDataBytes: sumIdData,
    heapListAllocBytes: sumHeapAlloc,
    heapRoaringBytes: sumRoaring,
    tfDataBytes: sumTfData,
    positionBytes: sumPositions,
    blockMemberships: 0,
    qualifyingBlocks: 0,
    blockLinks: 0,
  };
  return kept ? { stats: st, groups: kept } : { stats: st };
}

/**
 * A part of the tokens with its own law: the index's tokens are the union of disjoint families (the prefix tokenizer's
 * prefixes of each length L), each a Zipf law over its own vocabulary, independent of the others. `tokenShare` of the
 * tokens and `vocabShare` of the distinct tokens are the family's.
 */
export interface TextFamily {
  tokenShare: number;
  vocabShare: number;
  /** The family's law when it is the language's measured one (a prefix length's rank shape); else Zipf's. */
  rankShape?: RankShape | undefined;
}

/** textSegmentStats summed over the families (one law over everything when there are none). */
export function textSegmentStatsOf(c: TextCorpus, families: readonly TextFamily[] | undefined, blockRange?: [number, number], blockDegree?: (points: number) => number): TextSegmentStats {
  if (!families || families.length === 0) return textSegmentStats(c, blockRange, blockDegree);
  // A family of under half an expected distinct token (a tiny vocabulary) is left out and its tokens go to the others
  // in proportion: the tokens stay the same and the distinct tokens never exceed the vocabulary by more than rounding.
  const kept = families.filter((f) => f.tokenShare > 0 && c.vocabulary * f.vocabShare >= 0.5);
  const keptTokens = kept.reduce((a, f) => a + f.tokenShare, 0);
  if (kept.length === 0 || keptTokens <= 0) return textSegmentStats(c, blockRange, blockDegree);
  const sum: TextSegmentStats = { ranks: 0, tokens: 0, postings: 0, chunks: 0, remainders: 0, idDataBytes: 0, heapListAllocBytes: 0, heapRoaringBytes: 0, tfDataBytes: 0, positionBytes: 0, blockMemberships: 0, qualifyingBlocks: 0, blockLinks: 0 };
  for (const f of kept) {
    const share = f.tokenShare / keptTokens;
    const V = Math.max(1, c.vocabulary * f.vocabShare);
    const st = textSegmentStats({ ...c, tokensPerDoc: c.tokensPerDoc * share, vocabulary: V, collectionTokens: c.collectionTokens * share, exactRanks: 200, rankShape: f.rankShape }, blockRange, blockDegree);
    for (const k of Object.keys(sum) as (keyof TextSegmentStats)[]) sum[k] += st[k];
  }
  return sum;
}

/**
 * Bits per value of a zstd-coded column of counts with the given mean and relative spread: the entropy of a normal
 * spread, log2(sigma sqrt(2 pi e)), at least 1 bit (zstd's entropy coder gets close to it on long columns).
 */
export function countEntropyBits(mean: number, cv: number): number {
  const sigma = Math.max(0.5, cv * mean);
  return Math.max(1, Math.log2(sigma * Math.sqrt(2 * Math.PI * Math.E)));
}

/** Document lengths (BM25): a spread of 0.3 x the mean length assumed. */
export function docLengthBits(tokensPerDoc: number): number {
  return countEntropyBits(tokensPerDoc, 0.3);
}

/** vocab.dat's header and perfect hash function, padded to 4 KiB. */
export function vocabHeadBytes(tokens: number, phfBitsPerKey: number): number {
  return ceilTo(TEXT_LAYOUT.vocabHeaderBytes + (tokens * phfBitsPerKey) / 8, 4096);
}

export interface TextIndexInput {
  /** Points of the shard, segments, points per segment. */
  N: number;
  S: number;
  /** Text values per point (array elements count each) and tokens per value. */
  valuesPerPoint: number;
  tokensPerValue: number;
  /** Distinct tokens in the collection (user's), or undefined for Heaps' law. */
  vocabulary: number | undefined;
  avgTokenBytes: number;
  /** Whether the user gave the token length (else the range spans TEXT_DEFAULTS.termBytesLow-High x termBytesScale). */
  avgTokenBytesGiven: boolean;
  /** The text language's scale of TEXT_DEFAULTS' term bytes (textByteScale; 1 for English). */
  termBytesScale?: number | undefined;
  /** A derived vocabulary's and token length's range (prefix tokenizer: src/model/prefix-tokens.ts), used instead of the defaults'. */
  vocabularyRange?: number[] | undefined;
  avgTokenBytesRange?: number[] | undefined;
  /** The tokens' families, each its own Zipf law (prefix tokenizer: one per prefix length); undefined: one law. */
  families?: readonly TextFamily[] | undefined;
  zipfExponent: number | undefined;
  bm25: boolean;
  /** `phrase_matching`: the postings keep the tokens' positions (TEXT_LAYOUT.positionBytes). */
  positions: boolean;
  /** false: no separator token between a field's values (phrase matching before v1.18.0, VersionFeatures.phraseArraySeparator); default true. */
  phraseSeparator?: boolean;
  stopwordRanks: number;
  phfBitsPerKey: number;
  /**
   * An appendable segment's (mutable) index: its heap is the roaring posting lists, vocab map and token sets, its files
   * the documents' gridstore (evaluateText; v1.16+, where mutable indexes left RocksDB: the caller decides).
   */
  mutable?: boolean;
  /** Bytes of a token as a stored document holds it (a word of running text, TextInputs.wordBytes); the distinct-token mean when not given. */
  documentTokenBytes?: number;
  /** The process's allocator (allocationBytes): the heap's allocations in its size classes. */
  allocator: Allocator;
}

export interface TextIndexPart {
  value: number;
  formula: string;
  inputs: Record<string, number>;
  low: number;
  high: number;
}

interface Evaluated {
  files: number;
  /** An appendable segment's files at the ends of its range: no block's slack, and a whole block of slack per document. */
  filesLow?: number;
  filesHigh?: number;
  heap: number;
  fileInputs: Record<string, number>;
  heapInputs: Record<string, number>;
}

/** One segment's expected counts at vocabulary V and Zipf exponent s (they do not depend on the token length). */
function textStats(x: TextIndexInput, V: number, s: number): TextSegmentStats {
  const n = x.N / x.S;
  const T = x.valuesPerPoint * x.tokensPerValue;
  return textSegmentStatsOf({ docs: n, tokensPerDoc: T, vocabulary: V, collectionTokens: x.N * T, zipfExponent: s, stopwordRanks: x.stopwordRanks, termFrequencies: x.bm25, positions: x.positions, allocator: x.allocator }, x.families);
}

/**
 * postings.dat bytes of the separator a phrase index puts between the values of a field of several values (an array of
 * strings), in a segment of n points of k values each: one more token (28 B of header and last id; its vocab.dat entry,
 * 20 B, left out), holding every point of more than one value, with k - 1 positions each. Its ids are consecutive:
 * 128 to a chunk of 8 B + 128 offsets + 16 B of 1-bit deltas, the rest remainders of id and offset (8 B). Measured on
 * qdrant-edge-py 0.9.0 (phrase-arrays-0.9.0.json, 1,000 points of four words unique to each point): as one string
 * 160,040 B of postings.dat, as two values 168,652 B (+8,612 = 28 + 7 x 536 + 104 x 8 + 4 x 1,000), as four values
 * 176,652 B (+16,612, 3,000 positions); vocab.dat 20 B more. The plain array in nested-maps-all-types-0.9.0.json
 * (5,000 points of 1-7 values) agrees: its positions leave 78,408 B to the separator. With k a mean, the points of more
 * than one value are taken as min(1, k - 1) of the points; none for k <= 1.
 */
export function phraseSeparatorBytes(n: number, k: number): number {
  if (k <= 1) return 0;
  const L = TEXT_LAYOUT;
  const docs = n * Math.min(1, k - 1);
  const full = Math.floor(docs / CHUNK_LEN);
  const rem = docs - full * CHUNK_LEN;
  const chunk = L.chunkHeaderBytes + CHUNK_LEN * L.positionOffsetBytes + 16;
  return L.postingsPerTokenBytes + full * chunk + rem * (L.remainderIdBytes + L.positionOffsetBytes) + L.positionBytes * n * (k - 1);
}

/**
 * Heap bytes the positions cost in an appendable (mutable) segment's phrase index of n points of T tokens in k values
 * each. The mutable index keeps no positions in its posting lists (roaring bitmaps): with `phrase_matching` it keeps
 * each point's document whole, `point_to_doc: Vec<Option<Document>>`, a `Vec<TokenId>` of the tokens in order (repeats
 * kept, and between the values of a field of several values the separator token `ARRAY_BOUNDARY_SENTINEL`, k - 1 more),
 * cloned at its length, one malloc chunk each (qdrant dev 2026-08-08, lib/segment/src/index/field_index/
 * full_text_index/inverted_index/mutable_inverted_index.rs `point_to_doc`, mutable_inverted_index_builder.rs `add`,
 * mutable_text_index/lifecycle.rs `add_many`; the same in v1.19.0). The separator is also a token of the point's
 * TokenSet (4 B more in it) and has a posting list of its own, a roaring bitmap of the d = n min(1, k - 1) points of
 * more than one value (its 8 KiB bitmaps or 2 B per id, the cheaper). Its gridstore (one CBOR document per point in 128-B blocks,
 * mutable_text_index/lifecycle.rs) stores the ordered tokens instead of the sorted distinct ones: a few bytes more
 * inside the block a document already takes, so no file term. Measured on qdrant-edge-py 0.9.0
 * (payload-indexes-0.9.0.json, 20,000 titles of 11.51 tokens): text-title-20k-phrase-appendable against
 * text-title-20k-appendable, heap +1,679,360 B where 20,000 x (24 + (4 x 11.5111 + 8 + 7.5)) = 1,710,888 (+1.9%),
 * files +4,096 B of 2.90 MB (+0.14%); the same titles as two values each (-2values-), heap +1,753,088 B where
 * 20,000 x (24 + 4 x 12.5111 + 15.5) + 4 x 20,000 + 8,192 = 1,879,080 (+7.2%; the second value's 168,192 B modelled
 * against 73,728 measured, the difference of four heap readings each about +-0.1 MB apart run to run).
 */
/**
 * Bytes of one point's document in an appendable segment's text-index gridstore (TEXT_LAYOUT.cborDocumentHeadBytes):
 * CBOR `{"tokens": [t1, t2, ...]}` of `tokens` strings of `tokenBytes` bytes each.
 */
export function mutableTextDocumentBytes(tokens: number, tokenBytes: number): number {
  return TEXT_LAYOUT.cborDocumentHeadBytes + cborHeadBytes(tokens) + tokens * (cborHeadBytes(tokenBytes) + tokenBytes);
}

/**
 * Allocated bytes of an appendable segment's text-index files: its gridstore of n documents of `blocks` 128-B blocks
 * each on average (gridstoreAllocatedBytes; a segment of no documents, the empty store).
 */
export function mutableTextFilesBytes(n: number, blocks: number): number {
  return n > 0 ? gridstoreAllocatedBytes(n, blocks) : gridstoreFixedAllocatedBytes();
}

export function mutablePhraseHeapBytes(n: number, T: number, k: number, allocator: Allocator, separator = true): number {
  const L = TEXT_LAYOUT;
  // Before v1.18.0 no separator between the values (VersionFeatures.phraseArraySeparator).
  const sep = separator ? Math.max(0, k - 1) : 0;
  const docs = n * (L.heapDocumentBytes + allocationBytes(L.positionBytes * (T + sep), allocator));
  if (sep === 0) return docs;
  const d = n * Math.min(1, sep);
  const roaring = Math.min(L.roaringArrayIdBytes * d, L.roaringBitmapBytes * Math.ceil(n / L.roaringContainerIds));
  return docs + L.positionBytes * d + roaring;
}

/** The files and heap of the index from one segment's counts (textStats at the same x but its token length). */
function evaluateText(x: TextIndexInput, st: TextSegmentStats): Evaluated {
  const n = x.N / x.S;
  const T = x.valuesPerPoint * x.tokensPerValue;
  const L = TEXT_LAYOUT;
  const Vs = st.tokens;
  const hv = vocabHeadBytes(Vs, x.phfBitsPerKey);
  const w = x.avgTokenBytes;
  // Per token: posting list header + last id (28), vocab bucket + count + id (16) + padded key (w + 2.5).
  const pt = L.postingsPerTokenBytes + L.vocabEntryFixedBytes + w + L.vocabKeyPaddingBytes;
  // Allocation: each file's last 4 KiB block half used on average (postings, vocab, tokens count; + 2 BM25 files).
  const a = (x.bm25 ? 5 : 3) * 2048;
  const fileInputs: Record<string, number> = { S: x.S, n, Vs, pt, hv, Ch: st.chunks, Ib: st.idDataBytes, Rm: st.remainders, a };
  let files = x.S * (L.postingsHeaderBytes + Vs * pt + hv + L.chunkHeaderBytes * st.chunks + st.idDataBytes + L.remainderIdBytes * st.remainders + L.tokensCountBytes * n + a);
  // phrase_matching: the positions in postings.dat (their heap copies are in the lists' allocations, Ha), and for a
  // field of several values the separator token's list (phraseSeparatorBytes), on the heap as in the file.
  const Ps = x.positions && x.phraseSeparator !== false ? phraseSeparatorBytes(n, x.valuesPerPoint) : 0;
  if (x.positions) {
    Object.assign(fileInputs, { Pp: st.positionBytes, Ps });
    files += x.S * (st.positionBytes + Ps);
  }
  // Heap: point_to_tokens_count Vec<usize> + deleted bits, the vocab HashMap (buckets x (entry + control byte), a
  // malloc'd String per token), a PostingList struct per token and its remainder/chunk/id-data vectors.
  const hb = hashBuckets(Vs);
  const sm = allocationBytes(w, x.allocator, true);
  const heapInputs: Record<string, number> = { S: x.S, n, hb, Vs, sm, pl: L.heapPostingListBytes, Ha: st.heapListAllocBytes };
  let heap = x.S * (n * (L.tokensCountBytes + 1 / 8) + hb * (L.heapVocabEntryBytes + 1) + Vs * (sm + L.heapPostingListBytes) + st.heapListAllocBytes);
  if (x.positions) {
    heapInputs['Ps'] = Ps;
    heap += x.S * Ps;
  }
  if (x.mutable) {
    // An appendable segment's index (TEXT_LAYOUT.heapRoaringBitmapBytes): the vocab HashMap as above, a RoaringBitmap
    // (24 B) per token and its containers (Ra, mutableRoaringBytes), and per point an Option<TokenSet> (24 B) whose
    // Vec<u32> holds the point's distinct tokens (st.postings / n), collected from a dedup iterator and so grown from 4
    // by doubling. Phrase matching's point_to_doc is mutablePhraseHeapBytes; no positions nor BM25 files here.
    // A segment of no documents (n 0: an empty nested field) keeps no token sets.
    const ts = n > 0 ? allocationBytes(L.positionBytes * vecCapacity(st.postings / n), x.allocator) : 0;
    const mutableInputs: Record<string, number> = { S: x.S, n, hb, Vs, sm, rb: L.heapRoaringBitmapBytes, Ra: st.heapRoaringBytes, ps: L.heapTokenSetBytes, ts };
    const mutableHeap = x.S * (hb * (L.heapVocabEntryBytes + 1) + Vs * (sm + L.heapRoaringBitmapBytes) + st.heapRoaringBytes + n * (L.heapTokenSetBytes + ts));
    // Its files: each point's document in whole 128-B blocks of a gridstore (TEXT_LAYOUT.cborDocumentHeadBytes): the
    // distinct tokens, or with phrase_matching every token and the separators between values.
    const sep = x.phraseSeparator !== false ? Math.max(0, x.valuesPerPoint - 1) : 0;
    const docTokens = x.positions ? T + sep : n > 0 ? st.postings / n : 0;
    const doc = mutableTextDocumentBytes(docTokens, Math.min(w, x.documentTokenBytes ?? w));
    const B = QDRANT.gridBlockBytes.value;
    const g = expectedBlocks(doc, B);
    return {
      files: x.S * mutableTextFilesBytes(n, g),
      filesLow: x.S * mutableTextFilesBytes(n, Math.max(1, doc / B)),
      filesHigh: x.S * mutableTextFilesBytes(n, doc / B + 1),
      heap: mutableHeap,
      fileInputs: { S: x.S, n, g, doc },
      heapInputs: mutableInputs,
    };
  }
  if (x.bm25) {
    const tf = L.tfHeaderBytes + L.tfPerTokenBytes * Vs + st.tfDataBytes;
    const dl = L.docLenHeaderBytes + (n * docLengthBits(T)) / 8;
    Object.assign(fileInputs, { tf, dl });
    files += x.S * (tf + dl);
    // On the heap: term_frequencies.dat's bytes whole (ImmutableInvertedIndex::term_frequencies: Option<Vec<u8>>) and one
    // u16 length code per point, decoded from point_to_doc_len.dat on open (doc_len_sidecar.rs, read_codes).
    const dlh = n * L.heapDocLenCodeBytes;
    Object.assign(heapInputs, { tf, dlh });
    heap += x.S * (tf + dlh);
  }
  return { files, heap, fileInputs, heapInputs };
}

export interface TextIndexBytes {
  files: TextIndexPart;
  heap: TextIndexPart;
  vocabulary: number;
  zipfExponent: number;
}

/**
 * Memo of textIndexBytes, keyed by the whole input (indexKey): the planner estimates one layout more than once (with
 * the reference CPUs and the node's), and the web page recomputes at every edit, most of which leave the index as it was.
 */
const indexMemo = new BoundedMemo<TextIndexBytes>(256);

/** Every field of a text index's input as text (numbers exactly, a family's rank shape by its points), for the memo's key. */
export function textIndexKey(x: TextIndexInput): string {
  return JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

/**
 * Files and heap of a text index over all segments of a shard, with ranges over the data-dependent terms (memoized:
 * a copy each call, so a caller's changes stay its own).
 */
export function textIndexBytes(x: TextIndexInput): TextIndexBytes {
  const r = indexMemo.get(textIndexKey(x), () => computeTextIndexBytes(x));
  const part = (p: TextIndexPart): TextIndexPart => ({ ...p, inputs: { ...p.inputs } });
  return { ...r, files: part(r.files), heap: part(r.heap) };
}

/** Entries held by the text model's memos and their bounds (for the test that they stay bounded). */
export function textMemoSizes(): Record<'ranks' | 'laws' | 'tables' | 'indexes', { size: number; limit: number }> {
  const of = (m: BoundedMemo<unknown>) => ({ size: m.size, limit: m.limit });
  return { ranks: of(ranksMemo), laws: of(lawMemo), tables: of(tableMemo), indexes: of(indexMemo) };
}

function computeTextIndexBytes(x: TextIndexInput): TextIndexBytes {
  const M = x.N * x.valuesPerPoint * x.tokensPerValue;
  const V = collectionVocabulary(M, x.vocabulary);
  const s = x.zipfExponent ?? TEXT_DEFAULTS.zipfExponent;
  const e = evaluateText(x, textStats(x, V, s));
  // Ranges: the Zipf exponent (0.9-1.2 unless given, then +-0.05) and, without a vocabulary, Heaps' K from 30 to 100.
  const sLo = x.zipfExponent === undefined ? TEXT_DEFAULTS.zipfExponentLow : s - 0.05;
  const sHi = x.zipfExponent === undefined ? TEXT_DEFAULTS.zipfExponentHigh : s + 0.05;
  const Vs = x.vocabularyRange ?? (x.vocabulary === undefined ? [heapsVocabulary(M, TEXT_DEFAULTS.heapsKLow), heapsVocabulary(M, TEXT_DEFAULTS.heapsKHigh)] : [V]);
  // Without a measured token length, distinct tokens of 5 to 12 bytes (a derived one: its own range).
  const tb = x.termBytesScale ?? 1;
  const ws = x.avgTokenBytesGiven ? [x.avgTokenBytes] : (x.avgTokenBytesRange ?? [TEXT_DEFAULTS.termBytesLow * tb, TEXT_DEFAULTS.termBytesHigh * tb]);
  const alt: Evaluated[] = [];
  // Stopwords: from half the list (not every listed word is frequent in the user's text) to all of it.
  const heads = x.stopwordRanks > 0 ? [Math.round(x.stopwordRanks / 2), x.stopwordRanks] : [0];
  // Families (the prefix tokenizer's law per length, split as the language splits them): also one law over all of them,
  // the other end of how a text's prefixes split by length; with the language's rank shapes, also Zipf's law per
  // length (a text whose prefixes spread as 1/rank: the Zipf exponent's range applies to the Zipf laws only).
  const shaped = x.families?.some((f) => f.rankShape !== undefined) ?? false;
  const fams = x.families ? [x.families, ...(shaped ? [x.families.map((f) => ({ ...f, rankShape: undefined }))] : []), undefined] : [undefined];
  for (const v of Vs)
    for (const families of fams) {
      const zs = families?.some((f) => f.rankShape !== undefined) ? [s] : [sLo, sHi];
      // The counts once per law; the token lengths only change the bytes each token takes.
      for (const z of zs)
        for (const h of heads) {
          const st = textStats({ ...x, stopwordRanks: h, families }, Math.min(M, v), z);
          for (const tb of ws) alt.push(evaluateText({ ...x, avgTokenBytes: tb, stopwordRanks: h, families }, st));
        }
    }
  // Plus the layout's own error on the calibration (files within 3%, heap within 10%).
  const slack = { files: 0.03, heap: 0.1 };
  const ends = (k: 'files' | 'heap', end: 'filesLow' | 'filesHigh') => [e, ...alt].map((a) => (k === 'files' ? (a[end] ?? a.files) : a.heap));
  const lo = (k: 'files' | 'heap') => Math.min(...ends(k, 'filesLow')) * (1 - slack[k]);
  const hi = (k: 'files' | 'heap') => Math.max(...ends(k, 'filesHigh')) * (1 + slack[k]);
  const bm = `${x.positions ? ' + Pp + Ps' : ''}${x.bm25 ? ' + tf + dl' : ''}`;
  return {
    vocabulary: V,
    zipfExponent: s,
    files: {
      value: e.files,
      formula: x.mutable ? 'S * (n * (g * 128 + 16 + g / 8) + 12288)' : `S * (40 + Vs * pt + hv + 8 * Ch + Ib + 4 * Rm + 8 * n + a${bm})`,
      inputs: e.fileInputs,
      low: lo('files'),
      high: hi('files'),
    },
    heap: {
      value: e.heap,
      formula: x.mutable ? 'S * (hb * 33 + Vs * (sm + rb) + Ra + n * (ps + ts))' : `S * (n * (8 + 1 / 8) + hb * 33 + Vs * (sm + pl) + Ha${x.positions ? ' + Ps' : ''}${x.bm25 ? ' + tf + dlh' : ''})`,
      inputs: e.heapInputs,
      low: lo('heap'),
      high: hi('heap'),
    },
  };
}

/** The text-index inputs of a payload index, defaulted: the tokens the index holds (docs/methodology.md, "Full-text index"). */
export interface TextInputs {
  /** Tokens the index holds per value (with the prefix tokenizer, prefixes). */
  tokensPerValue: number;
  /** Distinct tokens of the collection, or undefined for Heaps' law over the tokens (word tokenizers, none given). */
  vocabulary: number | undefined;
  /** The vocabulary's range when it is derived (prefix tokenizer); undefined: Heaps' K range or the given value. */
  vocabularyRange: number[] | undefined;
  avgTokenBytes: number;
  avgTokenBytesGiven: boolean;
  /**
   * Bytes of a word in running text without its space (TEXT_DEFAULTS.bytesPerToken less one, scaled by the language):
   * a stored document's tokens are its words, frequent and short, where avgTokenBytes is the distinct terms' mean.
   */
  wordBytes: number;
  /** The token length's range when it is derived (prefix tokenizer). */
  avgTokenBytesRange: number[] | undefined;
  /** The text's language (chooseTextLanguage) and its scale of the default term bytes. */
  language: TextLanguageChoice;
  termBytesScale: number;
  bm25: boolean;
  /** `phrase_matching: true`: the postings keep positions. */
  positions: boolean;
  stopwordRanks: number;
  /** With the prefix tokenizer: one Zipf law per prefix length (textSegmentStatsOf). */
  families: TextFamily[] | undefined;
  /** `lowercase: false`: the index keeps each token's case (CASE_KEPT_VOCABULARY scales a derived vocabulary). */
  caseKept?: boolean;
  /** With the prefix tokenizer: what was derived from the words, for the line item's note. */
  prefix?: { wordsPerValue: number; tokensPerWord: number; words: number; wordsGiven: boolean; tokensGiven: boolean; vocabularyGiven: boolean; stopwordsRemoved: boolean };
}

/**
 * The inputs of a text index over `points` points. With the `prefix` tokenizer, `tokensPerValue` and `cardinality` are
 * the words and distinct words; the prefixes are derived from them (src/model/prefix-tokens.ts) unless given
 * (`prefixTokensPerValue`, `prefixCardinality`: given beats derived). A given `avgTokenBytes` is a vocabulary entry's
 * length, the prefix's with that tokenizer.
 */
export function textInputs(idx: PayloadIndex, points: number): TextInputs {
  const schema = fieldSchemaParams(idx);
  const sw = 'stopwords' in schema ? schema.stopwords : undefined;
  let stopwordRanks = 0;
  if (typeof sw === 'string') stopwordRanks = STOPWORD_COUNTS[sw] ?? 0;
  else if (sw) stopwordRanks = (sw.languages ?? []).reduce((a, l) => a + (STOPWORD_COUNTS[l] ?? 0), 0) + (sw.custom?.length ?? 0);
  // The text's language (the `language` input, else the stemmer's or stopwords' language, else English) sets the
  // default bytes per word and per term, and the prefix tokenizer's word lengths and prefix sharing.
  const fs = idx.field_schema;
  const params: TextLanguageParams = typeof fs === 'object' && fs.type === 'text' ? fs : {};
  const language = chooseTextLanguage(params, idx.language);
  const scale = textByteScale(language.language, params.ascii_folding === true);
  const words = idx.tokensPerValue ?? idx.avgValueBytes / (TEXT_DEFAULTS.bytesPerToken * scale.perWord);
  const base: TextInputs = {
    stopwordRanks,
    tokensPerValue: words,
    vocabulary: idx.cardinality,
    vocabularyRange: undefined,
    avgTokenBytes: idx.avgTokenBytes ?? TEXT_DEFAULTS.termBytes * scale.perTermByte,
    avgTokenBytesGiven: idx.avgTokenBytes !== undefined,
    wordBytes: TEXT_DEFAULTS.bytesPerToken * scale.perWord - 1,
    avgTokenBytesRange: undefined,
    language,
    termBytesScale: scale.perTermByte,
    families: undefined,
    bm25: bm25Scoring(idx),
    positions: 'phrase_matching' in schema && schema.phrase_matching === true,
  };
  // Case kept: a derived vocabulary grows by the case variants real text has (CASE_KEPT_VOCABULARY); a given one is the
  // text's own.
  const caseKept = params.lowercase === false;
  const cased = (v: number, k: 'factor' | 'low' | 'high' = 'factor') => (caseKept ? v * CASE_KEPT_VOCABULARY[k] : v);
  base.caseKept = caseKept;
  if (!('tokenizer' in schema) || schema.tokenizer !== 'prefix') {
    if (!caseKept || idx.cardinality !== undefined) return base;
    const Mt = Math.max(1, points * idx.valuesPerPoint * words);
    const capT = (v: number) => Math.max(1, Math.min(Mt, v));
    return {
      ...base,
      vocabulary: capT(cased(heapsVocabulary(Mt))),
      vocabularyRange: [capT(cased(heapsVocabulary(Mt, TEXT_DEFAULTS.heapsKLow), 'low')), capT(cased(heapsVocabulary(Mt, TEXT_DEFAULTS.heapsKHigh), 'high'))],
    };
  }
  const lim = { min: schema.min_token_len ?? undefined, max: schema.max_token_len ?? undefined };
  // Stopwords drop whole words before the prefixes: the language's running-text lengths without its list.
  const lengths = runningTextLengths(params, language.language);
  const table = PREFIX_LANGUAGE_TABLES[language.language];
  const perWord = prefixTokensPerWord(lim, lengths);
  const tokensPerValue = idx.prefixTokensPerValue ?? words * perWord;
  const M = points * idx.valuesPerPoint * tokensPerValue;
  const Mw = points * idx.valuesPerPoint * words;
  // The distinct words: given, else Heaps' law over the words (K 30-100 in the range).
  const wordVocab = idx.cardinality === undefined ? [heapsVocabulary(Mw), heapsVocabulary(Mw, TEXT_DEFAULTS.heapsKLow), heapsVocabulary(Mw, TEXT_DEFAULTS.heapsKHigh)] : [Math.min(idx.cardinality, Math.max(1, Mw))];
  const pv = wordVocab.map((v) => prefixVocabulary(v, lim, table, prefixBytesPerChar(params, language.language)));
  const cap = (v: number) => Math.max(1, Math.min(Math.max(1, M), v));
  // The prefixes of each length are a family of their own (every word of at least L characters has one L-prefix; the
  // L-prefixes share as the table says): a law per length, whose short prefixes are in nearly every document.
  const byTokens = prefixTokensByLength(lim, lengths);
  const byVocab = pv[0]!.byLength;
  const dTotal = byVocab.reduce((a, b) => a + b, 0);
  // Each length's law is the language's rank shape of its L-prefixes (how their occurrences spread over the prefixes:
  // a flat head, a steep tail; without the stopwords when the index removes them), unless a Zipf exponent is given
  // (given beats derived); the empty token of min_token_len 0 (one rank) has none.
  const shaped = idx.zipfExponent === undefined;
  const families =
    perWord > 0 && dTotal > 0
      ? byTokens
          .map((q, L) => ({ tokenShare: q / perWord, vocabShare: (byVocab[L] ?? 0) / dTotal, rankShape: shaped && L > 0 ? prefixRankShape(table, language.language, L, lengths !== table.share) : undefined }))
          .filter((f) => f.tokenShare > 0 && f.vocabShare > 0)
      : undefined;
  const out: TextInputs = {
    ...base,
    // Stopwords drop whole words (their prefixes with them), which the word counts already leave out: no head ranks of
    // the prefixes' law are removed.
    stopwordRanks: 0,
    tokensPerValue,
    families,
    // Derived from the words' Heaps' law, case kept: the prefixes of each word's case variants too.
    vocabulary: idx.prefixCardinality ?? cap(idx.cardinality === undefined ? cased(pv[0]!.value) : pv[0]!.value),
    vocabularyRange:
      idx.prefixCardinality !== undefined
        ? [idx.prefixCardinality]
        : [cap(Math.min(...pv.map((p) => p.low))), cap((idx.cardinality === undefined ? cased : (v: number) => v)(Math.max(...pv.map((p) => p.high)), 'high'))],
    prefix: {
      wordsPerValue: words,
      tokensPerWord: perWord,
      words: wordVocab[0]!,
      wordsGiven: idx.cardinality !== undefined,
      tokensGiven: idx.prefixTokensPerValue !== undefined,
      vocabularyGiven: idx.prefixCardinality !== undefined,
      stopwordsRemoved: lengths !== table.share,
    },
  };
  if (idx.avgTokenBytes === undefined && pv[0]!.avgBytes > 0) {
    out.avgTokenBytes = pv[0]!.avgBytes;
    out.avgTokenBytesRange = [Math.min(...pv.map((p) => p.avgBytesLow)), Math.max(...pv.map((p) => p.avgBytesHigh))];
  }
  return out;
}
