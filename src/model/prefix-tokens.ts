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
 * prefix sharing: one table per language, from the `wordfreq` package 3.1.1 (PyPI), read by
 * test/calibration/wordfreq_prefixes.py into data/language/wordfreq-<code>-3.1.1.json and generated into
 * src/model/prefix-languages.generated.ts (scripts/gen-language-tables.mjs; test/model/prefix-languages.test.ts checks
 * them against the files). The language is the text index's (chooseTextLanguage); English by default. The same tables
 * give, per prefix length, how the language's prefixes share the running text rank by rank (prefixRankShape): the
 * posting-list model's law for that length (src/model/text-index.ts).
 */
import { PREFIX_LANGUAGE_TABLES, PREFIX_LANGUAGES, PREFIX_RANK_BIN_EDGES, type PrefixLanguage, type PrefixLanguageTable } from './prefix-languages.generated.js';

export { PREFIX_LANGUAGE_TABLES, PREFIX_LANGUAGES, PREFIX_RANK_BIN_EDGES, type PrefixLanguage, type PrefixLanguageTable };

/** Longest prefix length tabulated (the last length share is 24 characters or more). */
export const PREFIX_MAX_LENGTH = 24;

/** The default language: a text index whose params name none, and no `language` given. */
export const DEFAULT_TEXT_LANGUAGE: PrefixLanguage = 'english';

/**
 * The English table (the default), read when a default argument needs it, not when the module loads: the web page's
 * bundle carries no text tables (scripts/bundle-web.mjs, `no-text-tables`), since nothing the page sizes has a text index.
 */
const english = (): PrefixLanguageTable => PREFIX_LANGUAGE_TABLES.english;

/** A language name with a table (the `language` input's accepted values). */
export function isPrefixLanguage(x: unknown): x is PrefixLanguage {
  return typeof x === 'string' && (PREFIX_LANGUAGES as readonly string[]).includes(x);
}

/** The `stopwords` and `stemmer` params of a text index, as the schema gives them. */
export interface TextLanguageParams {
  stopwords?: string | { languages?: readonly string[] | null | undefined; custom?: readonly string[] | null | undefined } | null | undefined;
  stemmer?: { type: string; language?: string } | null | undefined;
  ascii_folding?: boolean | null | undefined;
  lowercase?: boolean | null | undefined;
}

/** The language a text index's text is taken to be in, and why. */
export interface TextLanguageChoice {
  language: PrefixLanguage;
  /** `language`: given; `stemmer`: the Snowball stemmer's; `stopwords`: the stopword list's; `default`: English. */
  from: 'language' | 'stemmer' | 'stopwords' | 'default';
  /** A stemmer or stopword language qsize has no table for (English used instead), for the note. */
  untabulated?: string;
}

/**
 * The text's language, one rule (docs/methodology.md, "Prefix tokenizer: the language"): the `language` input when
 * given (it describes the text, whatever the index removes or stems); else the Snowball stemmer's language, else the
 * stopword list's (a string, or the first listed language that has a table), the languages the index is built for;
 * else English. A stemmer or stopword language without a table (Arabic, Chinese, ...) falls back to English and says so.
 */
export function chooseTextLanguage(params: TextLanguageParams, given: PrefixLanguage | undefined): TextLanguageChoice {
  if (given !== undefined) return { language: given, from: 'language' };
  const stem = params.stemmer?.type === 'snowball' ? params.stemmer.language : undefined;
  if (isPrefixLanguage(stem)) return { language: stem, from: 'stemmer' };
  const sw = params.stopwords;
  const listed = typeof sw === 'string' ? [sw] : [...(sw?.languages ?? [])];
  const tabulated = listed.find(isPrefixLanguage);
  if (tabulated !== undefined) return { language: tabulated, from: 'stopwords' };
  const untabulated = stem ?? listed[0];
  return untabulated !== undefined ? { language: DEFAULT_TEXT_LANGUAGE, from: 'default', untabulated } : { language: DEFAULT_TEXT_LANGUAGE, from: 'default' };
}

/** Whether the index's stopword list holds the language's list (a string equal to it, or among `languages`). */
export function stopwordsCover(params: TextLanguageParams, language: PrefixLanguage): boolean {
  const sw = params.stopwords;
  return typeof sw === 'string' ? sw === language : (sw?.languages ?? []).includes(language);
}

/**
 * The running-text word lengths the index sees: the language's without Qdrant's stopword list of that language when
 * the index removes it (and Qdrant has one), else all of them (a custom list or another language's words are rare in
 * the text: left in).
 */
export function runningTextLengths(params: TextLanguageParams, language: PrefixLanguage): readonly number[] {
  const t = PREFIX_LANGUAGE_TABLES[language];
  return stopwordsCover(params, language) && t.shareNoStopwords ? t.shareNoStopwords : t.share;
}

/**
 * UTF-8 bytes per character of a distinct prefix: the language's, or after ASCII folding (`ascii_folding: true`: Latin
 * letters become ASCII, tokenizers/ascii_folding.rs; Cyrillic is kept) its folded bytes.
 */
export function prefixBytesPerChar(params: TextLanguageParams, language: PrefixLanguage): number {
  const t = PREFIX_LANGUAGE_TABLES[language];
  return params.ascii_folding === true ? t.bytesPerCharFolded : t.bytesPerChar;
}

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
export function prefixTokensPerWord(lim: PrefixLimits, share: readonly number[] = english().share): number {
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
export function prefixTokensByLength(lim: PrefixLimits, share: readonly number[] = english().share): number[] {
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
function distinctAtLength(table: readonly (readonly number[])[], sizes: readonly number[], V: number, L: number): number {
  const at = (i: number) => table[i]?.[L - 1] ?? 0;
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

/**
 * Distinct prefixes of a vocabulary of V distinct words: sum over L = m..max of D_L(V) (+ the empty token with
 * min_token_len 0), by the language's table (English by default), their bytes at `bytesPerChar` (the table's).
 */
export function prefixVocabulary(V: number, lim: PrefixLimits, t: PrefixLanguageTable = english(), bytesPerChar: number = t.bytesPerChar): PrefixVocabulary {
  const m = lim.min ?? 1;
  const hi = Math.min(PREFIX_MAX_LENGTH, lim.max ?? PREFIX_MAX_LENGTH);
  const sum = (table: readonly (readonly number[])[]) => {
    const byLength: number[] = [m === 0 && V > 0 && hi >= 0 ? 1 : 0];
    let d = byLength[0]!;
    let chars = 0;
    for (let L = 1; L <= hi; L++) {
      const x = L >= m ? distinctAtLength(table, t.vocabSizes, V, L) : 0;
      byLength.push(x);
      d += x;
      chars += L * x;
    }
    return { d, byLength, bytes: d > 0 ? (bytesPerChar * chars) / d : 0 };
  };
  const s = sum(t.sampled);
  // The most frequent words' table; its whole-list row is the sampled table's (the generator leaves it out).
  const o = sum([...t.top, ...t.sampled.slice(t.top.length)]);
  return {
    value: s.d,
    byLength: s.byLength,
    low: Math.min(s.d, o.d),
    high: Math.max(s.d, o.d),
    avgBytes: s.bytes,
    avgBytesLow: Math.min(s.bytes, o.bytes),
    avgBytesHigh: Math.max(s.bytes, o.bytes),
  };
}

/**
 * How a language's L-character prefixes share their running-text occurrences, rank by rank: the posting-list model's
 * law for the family of length L (src/model/text-index.ts rankGroups) instead of Zipf's 1/rank. Points (x, y): x the
 * natural log of a half-decade bin's central rank (geometric mean of its first and last rank, the last bin ending at the
 * list's distinct L-prefixes), y the natural log of the bin's mean share relative to the first bin's, from the table's
 * drops (tenths). `id` names it in the model's memo keys.
 */
export interface RankShape {
  id: string;
  x: readonly number[];
  y: readonly number[];
}

/**
 * The language's rank shape of its L-character prefixes (undefined: no prefix of that length in the list); with
 * `noStopwords`, of the text without Qdrant's list of the language (its rows reach the list's longest entry; past it no
 * prefix changes). The last bin ends at the whole list's distinct L-prefixes (with the stopwords: at most the list's
 * length more, in the bin's centre a shift under 1% for L >= 3).
 */
export function prefixRankShape(t: PrefixLanguageTable, language: PrefixLanguage, L: number, noStopwords = false): RankShape | undefined {
  const distinct = t.sampled.at(-1)?.[L - 1] ?? 0;
  const own = noStopwords ? t.rankShapeNoStopwords?.[L - 1] : undefined;
  const drops = own ?? t.rankShape[L - 1];
  if (distinct < 1 || drops === undefined) return undefined;
  const x: number[] = [];
  const y: number[] = [];
  let level = 0;
  for (let k = 0; k <= drops.length && PREFIX_RANK_BIN_EDGES[k]! <= distinct; k++) {
    const first = PREFIX_RANK_BIN_EDGES[k]!;
    const last = Math.min((PREFIX_RANK_BIN_EDGES[k + 1] ?? Number.POSITIVE_INFINITY) - 1, distinct);
    if (k > 0) level -= (drops[k - 1] ?? 0) / 10;
    x.push(0.5 * Math.log(first * last));
    y.push(level);
  }
  return { id: `${language}/${L}${own ? '/no-stopwords' : ''}`, x, y };
}

/**
 * The shape's relative share at rank r (>= 1): log-log linear between the points, before the first along the first
 * segment's slope, past the last along the last segment's but at most Zipf's 1/rank (past the list's end wordfreq has
 * no words; a steeper tail would bound the distinct prefixes any number of ranks can show, and a text's vocabulary, of
 * names and rare words, goes on); a single point: the same share for every rank.
 */
export function rankShapeWeight(shape: RankShape, r: number): number {
  const { x, y } = shape;
  const n = x.length;
  if (n === 1) return 1;
  const lr = Math.log(r);
  let i = 0;
  if (lr >= x[n - 1]!) i = n - 2;
  else if (lr > x[0]!) while (lr > x[i + 1]!) i++;
  const slope = (y[i + 1]! - y[i]!) / (x[i + 1]! - x[i]!);
  if (lr > x[n - 1]!) return Math.exp(y[n - 1]! + Math.max(slope, -1) * (lr - x[n - 1]!));
  return Math.exp(y[i]! + slope * (lr - x[i]!));
}
