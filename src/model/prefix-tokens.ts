/**
 * The `prefix` tokenizer's tokens, derived from the words (docs/methodology.md, "Full-text index").
 *
 * Qdrant's `PrefixTokenizer` (qdrant@v1.19.0:lib/segment/src/index/field_index/full_text_index/tokenizers/mod.rs; the
 * same in the qdrant-edge 0.9.0 crate, src/segment/index/field_index/full_text_index/tokenizers/mod.rs) splits the text
 * into words as the `word` tokenizer does (on every character that is not `char::is_alphanumeric`), runs each word
 * through `TokensProcessor::process_token(word, false)` (lowercase, ASCII folding, stopwords, stemming, then the
 * `min_token_len` check, not the `max_token_len` one: tokens_processor.rs), and emits for `n` from `min_token_len`
 * (unset: 1) to `max_token_len` (unset: unbounded) the word's first `n` characters (`char_indices().nth(n)`), the whole
 * word once `n` reaches its length, then stops. So a word of `l` characters gives
 *   n(l) = 0                          if l < min_token_len (dropped by process_token),
 *   n(l) = max(0, min(l, max) - m + 1) otherwise, m = min_token_len ?? 1, max = max_token_len ?? infinity
 * tokens, counted in characters (not bytes), after lowercasing and stopwords. Worked example: "qdrant" with min 2,
 * max 4 gives qd, qdr, qdra: 3 tokens; "hello" with min 1, max 4: h, he, hel, hell (the crate's test_prefix_tokenizer).
 *
 * Tokens per value: the words per value x E[n(l)] over the lengths of running-text words. Distinct tokens: the distinct
 * prefixes of the vocabulary's words, sum over L = m..max of D_L(V), the distinct L-character prefixes of V distinct
 * words (a word shorter than L has none; shared prefixes count once). Both need the language's word lengths and
 * prefix sharing; the default is English, from the `wordfreq` package 3.1.1 (PyPI), read on 2026-12-02 by
 * test/calibration/wordfreq_prefixes.py into data/language/wordfreq-en-3.1.1.json (the constants below are that file's,
 * test/model/prefix-tokens.test.ts checks them against it).
 */

/** The source of the English defaults. */
export const WORDFREQ_SOURCE =
  'wordfreq 3.1.1 (PyPI, English "best" list, split and lowercased as Qdrant\'s word tokenizer does), read 2026-12-02: data/language/wordfreq-en-3.1.1.json (test/calibration/wordfreq_prefixes.py)';

/** Longest prefix length tabulated (the last length share is 24 characters or more). */
export const PREFIX_MAX_LENGTH = 24;

/** Share of running-text English words of 1..24 characters (frequency-weighted). */
export const RUNNING_TEXT_LENGTH_SHARE: readonly number[] = [
  0.062829, 0.174, 0.206474, 0.17684, 0.110124, 0.080856, 0.070117, 0.046824, 0.031565, 0.02011, 0.010404, 0.005364, 0.002892, 0.001098, 0.000341, 9.8e-5,
  3.9e-5, 1.7e-5, 4e-6, 3e-6, 0, 1e-6, 0, 0,
];

/** The same without Qdrant's English stopword list (qdrant@v1.19.0 stop_words/english.rs): for an index with stopwords. */
export const RUNNING_TEXT_LENGTH_SHARE_NO_STOPWORDS: readonly number[] = [
  0.016863, 0.017249, 0.085888, 0.195025, 0.176143, 0.150126, 0.129271, 0.090368, 0.061108, 0.038684, 0.020169, 0.010398, 0.005607, 0.002129, 0.000661,
  0.00019, 7.5e-5, 3.3e-5, 7e-6, 5e-6, 0, 1e-6, 0, 0,
];

/** Vocabulary sizes (distinct words) at which the distinct prefixes are tabulated; the last is the whole list. */
export const PREFIX_VOCAB_SIZES: readonly number[] = [100, 316, 1000, 3162, 10000, 31623, 100000, 298259];

/**
 * Distinct L-character prefixes (L = 1..24) of a vocabulary of PREFIX_VOCAB_SIZES[i] words. `sampled`: the distinct
 * words of a text drawn from the frequencies until it shows that many (what a corpus with that vocabulary holds: the
 * estimate); `top`: the most frequent words (they share more prefixes: the low end of the range).
 */
export const DISTINCT_PREFIXES: { readonly sampled: readonly (readonly number[])[]; readonly top: readonly (readonly number[])[] } = {
  sampled: [
    [23, 62, 69, 58, 45, 39, 27, 21, 12, 5, 4, 3, 2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
    [26, 122, 231, 231, 179, 131, 88, 57, 28, 15, 11, 5, 2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
    [32, 181, 566, 721, 627, 491, 351, 227, 131, 72, 39, 19, 7, 3, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
    [38, 251, 1121, 1850, 1885, 1621, 1263, 870, 534, 320, 157, 76, 31, 13, 6, 3, 2, 1, 0, 0, 0, 0, 0, 0],
    [41, 408, 1903, 4169, 5166, 4909, 4054, 3019, 2001, 1221, 672, 346, 162, 62, 30, 14, 6, 3, 0, 0, 0, 0, 0, 0],
    [62, 734, 3655, 9306, 13683, 14369, 12654, 9865, 6984, 4500, 2616, 1434, 690, 298, 124, 49, 21, 9, 2, 2, 0, 0, 0, 0],
    [142, 1212, 8009, 21344, 37186, 42402, 38456, 30441, 21943, 14580, 8934, 5136, 2742, 1343, 651, 280, 140, 64, 28, 14, 4, 4, 1, 1],
    [403, 1869, 16352, 46984, 94710, 118463, 110349, 87622, 62709, 41752, 25800, 15271, 8654, 4645, 2460, 1263, 645, 318, 163, 72, 31, 25, 14, 9],
  ],
  top: [
    [21, 59, 62, 42, 12, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [30, 112, 216, 196, 103, 55, 30, 12, 5, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [35, 162, 535, 650, 503, 329, 215, 107, 44, 19, 6, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [36, 211, 962, 1604, 1629, 1342, 1008, 646, 371, 201, 88, 38, 19, 5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [36, 347, 1631, 3580, 4407, 4199, 3516, 2615, 1747, 1039, 566, 282, 119, 37, 8, 2, 1, 1, 0, 0, 0, 0, 0, 0],
    [51, 730, 3171, 8165, 12170, 13148, 11806, 9301, 6642, 4197, 2410, 1290, 617, 249, 94, 33, 14, 2, 0, 0, 0, 0, 0, 0],
    [134, 1216, 7962, 19555, 34512, 39819, 36609, 29341, 21270, 14284, 8752, 5036, 2683, 1307, 629, 268, 133, 45, 20, 14, 2, 2, 0, 0],
    [403, 1869, 16352, 46984, 94710, 118463, 110349, 87622, 62709, 41752, 25800, 15271, 8654, 4645, 2460, 1263, 645, 318, 163, 72, 31, 25, 14, 9],
  ],
};

/** UTF-8 bytes per character of the distinct prefixes of the whole list. */
export const PREFIX_BYTES_PER_CHAR = 1.0027;

/** The tokenizer's length limits, as the text index's params give them. */
export interface PrefixLimits {
  /** `min_token_len` (undefined: unset, the loop starts at 1 and no word is dropped). */
  min?: number | undefined;
  /** `max_token_len` (undefined: unbounded). */
  max?: number | undefined;
}

/**
 * The prefix lengths a word of `l` characters gives, `from` to `to` inclusive (none when `to < from`): PrefixTokenizer's
 * rule, the one place it is written (the model's counts below and `qsize observe`'s sampled prefixes use it). An empty
 * word or one shorter than min_token_len is dropped (process_token); else from m = min_token_len ?? 1 to
 * min(l, max_token_len ?? unbounded).
 */
export function prefixLengthsOfWord(l: number, lim: PrefixLimits): { from: number; to: number } {
  const m = lim.min ?? 1;
  if (l <= 0 || (lim.min !== undefined && l < lim.min)) return { from: m, to: m - 1 };
  return { from: m, to: Math.min(l, lim.max ?? Number.POSITIVE_INFINITY) };
}

/** Tokens a word of `l` characters gives (PrefixTokenizer::tokenize): min(l, max) - m + 1, at least 0. */
export function prefixTokensOfWord(l: number, lim: PrefixLimits): number {
  const { from, to } = prefixLengthsOfWord(l, lim);
  return Math.max(0, to - from + 1);
}

/** Expected tokens per running-text word: sum over l of share(l) x n(l). */
export function prefixTokensPerWord(lim: PrefixLimits, share: readonly number[] = RUNNING_TEXT_LENGTH_SHARE): number {
  let total = 0;
  let t = 0;
  share.forEach((p, i) => {
    total += p;
    t += p * prefixTokensOfWord(i + 1, lim);
  });
  return total > 0 ? t / total : 0;
}

/**
 * Tokens per running-text word that are L characters long, L = 0..min(max, 24): one for every word of at least
 * max(L, min_token_len) characters (a word of l >= L characters has exactly one L-prefix, itself when l = L; the empty
 * token of min_token_len 0 for every word).
 */
export function prefixTokensByLength(lim: PrefixLimits, share: readonly number[] = RUNNING_TEXT_LENGTH_SHARE): number[] {
  const hi = Math.min(PREFIX_MAX_LENGTH, lim.max ?? PREFIX_MAX_LENGTH);
  const total = share.reduce((a, p) => a + p, 0) || 1;
  const out: number[] = [];
  for (let L = 0; L <= hi; L++) {
    let q = 0;
    share.forEach((p, i) => {
      const { from, to } = prefixLengthsOfWord(i + 1, lim);
      if (L >= from && L <= to) q += p;
    });
    out.push(q / total);
  }
  return out;
}

/** D_L(V) of one table, interpolated log-log between the tabulated vocabularies (linearly below the first, by the last step's rate above the list). */
function distinctAtLength(table: readonly (readonly number[])[], V: number, L: number): number {
  const sizes = PREFIX_VOCAB_SIZES;
  const at = (i: number) => table[i]![L - 1] ?? 0;
  const last = sizes.length - 1;
  let d: number;
  if (V <= sizes[0]!) d = (at(0) * V) / sizes[0]!;
  else if (V >= sizes[last]!) d = at(last) + ((at(last) - at(last - 1)) * (V - sizes[last]!)) / (sizes[last]! - sizes[last - 1]!);
  else {
    let i = 0;
    while (V > sizes[i + 1]!) i++;
    const [v0, v1, d0, d1] = [sizes[i]!, sizes[i + 1]!, at(i), at(i + 1)];
    const f = Math.log(V / v0) / Math.log(v1 / v0);
    d = d0 > 0 && d1 > 0 ? d0 * (d1 / d0) ** f : d0 + (d1 - d0) * f;
  }
  return Math.max(0, Math.min(V, d));
}

export interface PrefixVocabulary {
  /** Distinct prefixes (the `sampled` table), and the range over both tables. */
  value: number;
  /** Distinct prefixes of each length (index L, the `sampled` table; 0 for the empty token of min_token_len 0). */
  byLength: number[];
  low: number;
  high: number;
  /** Mean UTF-8 bytes of a distinct prefix, and its range over both tables. */
  avgBytes: number;
  avgBytesLow: number;
  avgBytesHigh: number;
}

/** Distinct prefixes of a vocabulary of V distinct words: sum over L = m..max of D_L(V) (+ the empty token with min_token_len 0). */
export function prefixVocabulary(V: number, lim: PrefixLimits): PrefixVocabulary {
  const m = lim.min ?? 1;
  const hi = Math.min(PREFIX_MAX_LENGTH, lim.max ?? PREFIX_MAX_LENGTH);
  const sum = (table: readonly (readonly number[])[]) => {
    const byLength: number[] = [m === 0 && V > 0 && hi >= 0 ? 1 : 0];
    let d = byLength[0]!;
    let chars = 0;
    for (let L = 1; L <= hi; L++) {
      const x = L >= m ? distinctAtLength(table, V, L) : 0;
      byLength.push(x);
      d += x;
      chars += L * x;
    }
    return { d, byLength, bytes: d > 0 ? (PREFIX_BYTES_PER_CHAR * chars) / d : 0 };
  };
  const s = sum(DISTINCT_PREFIXES.sampled);
  const t = sum(DISTINCT_PREFIXES.top);
  return {
    value: s.d,
    byLength: s.byLength,
    low: Math.min(s.d, t.d),
    high: Math.max(s.d, t.d),
    avgBytes: s.bytes,
    avgBytesLow: Math.min(s.bytes, t.bytes),
    avgBytesHigh: Math.max(s.bytes, t.bytes),
  };
}
