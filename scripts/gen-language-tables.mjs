#!/usr/bin/env node
// Turns data/language/wordfreq-<code>-3.1.1.json (one per language, written by test/calibration/wordfreq_prefixes.py)
// into src/model/prefix-languages.generated.ts: the word lengths and prefix sharing the prefix tokenizer's derived
// counts use (src/model/prefix-tokens.ts), one table per language.
//
// The library core runs in a browser bundle, so it cannot read the JSON files at runtime. Each table keeps the file's
// numbers, packed for the web page's budget (scripts/bundle-web.mjs) without losing any: the length shares (6 decimals
// in the files) as integers in millionths (the model normalises by their total), trailing zeros of a row left out (a
// missing entry reads as 0), the `top` table's last row not repeated (it is the `sampled` table's last row, the whole
// list, in every file), the provenance in a comment (the minifier drops it); the bytes per character are rounded to 4
// decimals; the prefixes' rank shape (its drops, one decimal in the files) in tenths, one row per prefix length. The stopword lists stay in the JSON (the calibration reads them; the model needs only their counts,
// src/model/text-index.ts STOPWORD_COUNTS).
//
// Usage:  node scripts/gen-language-tables.mjs          write the generated file
//         node scripts/gen-language-tables.mjs --check  exit 1 if the committed file is out of date
//
// Plain Node, no dependencies. test/model/prefix-languages.test.ts re-runs `generateLanguageModule` in memory and
// compares it with the committed file.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeOrCheck } from './generated-files.mjs';

export const LANGUAGE_DIR = 'data/language';
export const LANGUAGE_OUTPUT_FILE = 'src/model/prefix-languages.generated.ts';
const FILE_RE = /^wordfreq-([a-z]+)-3\.1\.1\.json$/;

/** A row without its trailing zeros. */
export function trimRow(row) {
  let n = row.length;
  while (n > 0 && row[n - 1] === 0) n--;
  return row.slice(0, n);
}

const round4 = (x) => Math.round(x * 1e4) / 1e4;
/** A share of 6 decimals as an integer in millionths (exact: the file rounds to 6 decimals). */
const millionths = (row) => row.map((x) => Math.round(x * 1e6));
const list = (a) => `[${a.join(', ')}]`;

/** The tables of the files, English first, then by language name. */
export function readLanguageFiles(rootDir) {
  const dir = join(rootDir, LANGUAGE_DIR);
  const files = readdirSync(dir)
    .filter((f) => FILE_RE.test(f))
    .map((f) => ({ file: `${LANGUAGE_DIR}/${f}`, json: JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
  return files.sort((a, b) => (a.json.language === 'english' ? -1 : b.json.language === 'english' ? 1 : a.json.language.localeCompare(b.json.language)));
}

/** Rank-shape rows (drops of one decimal) in tenths. */
const shapeRows = (rows) => `[${rows.map((r) => list(r.map((x) => Math.round(x * 10)))).join(', ')}]`;

/** One table's entry in the generated module. */
function renderTable({ file, json }) {
  const d = json.distinct_prefixes;
  const last = d.sampled.length - 1;
  if (JSON.stringify(d.top[last]) !== JSON.stringify(d.sampled[last])) throw new Error(`${file}: the top and sampled tables' last rows differ`);
  const rows = (t) => t.map((r) => `      ${list(trimRow(r))},`).join('\n');
  const noStop = json.running_text_length_share_no_stopwords;
  return [
    `  // ${file}, written ${json.date_utc.slice(0, 10)}; stopwords: ${json.stopwords_source ?? 'none (Qdrant has no list)'}`,
    `  ${json.language}: {`,
    `    code: ${JSON.stringify(json.wordfreq_code)},`,
    `    share: ${list(trimRow(millionths(json.running_text_length_share)))},`,
    `    shareNoStopwords: ${noStop ? list(trimRow(millionths(noStop))) : 'null'},`,
    `    vocabSizes: ${list(json.vocab_sizes)},`,
    `    sampled: [\n${rows(d.sampled)}\n    ],`,
    `    top: [\n${rows(d.top.slice(0, last))}\n    ],`,
    `    bytesPerChar: ${round4(json.prefix_bytes_per_char)},`,
    `    bytesPerCharFolded: ${round4(json.prefix_bytes_per_char_ascii_folded)},`,
    `    wordBytes: ${json.running_text_word_bytes_mean},`,
    `    rankShape: ${shapeRows(json.prefix_rank_shape)},`,
    `    rankShapeNoStopwords: ${json.prefix_rank_shape_no_stopwords ? shapeRows(json.prefix_rank_shape_no_stopwords) : 'null'},`,
    `  },`,
  ].join('\n');
}

export function renderLanguageModule(files) {
  const names = files.map((f) => JSON.stringify(f.json.language));
  const edges = files[0].json.prefix_rank_bin_edges;
  for (const f of files) if (JSON.stringify(f.json.prefix_rank_bin_edges) !== JSON.stringify(edges)) throw new Error(`${f.file}: its rank bins differ from ${files[0].file}'s`);
  return `// GENERATED FILE: do not edit.
// Produced by scripts/gen-language-tables.mjs from data/language/wordfreq-<code>-3.1.1.json (written by
// test/calibration/wordfreq_prefixes.py from the wordfreq 3.1.1 package); run \`node scripts/gen-language-tables.mjs\`
// after rewriting a file. test/model/prefix-languages.test.ts fails when this file is stale.

/** One language's word lengths and prefix sharing (the fields of its JSON file; src/model/prefix-tokens.ts reads them). */
export interface PrefixLanguageTable {
  /** wordfreq's language code (the file: data/language/wordfreq-<code>-3.1.1.json). */
  readonly code: string;
  /** Share of running-text words of 1..24 characters (24: 24 or more), in millionths; trailing zeros left out. */
  readonly share: readonly number[];
  /** The same without Qdrant's stopword list of the language, in millionths (null: Qdrant has none). */
  readonly shareNoStopwords: readonly number[] | null;
  /** Vocabulary sizes (distinct words) of the rows below; the last is the whole list. */
  readonly vocabSizes: readonly number[];
  /** Distinct L-character prefixes (L = 1..24) of vocabSizes[i] distinct words drawn from the frequencies. */
  readonly sampled: readonly (readonly number[])[];
  /** The same of the vocabSizes[i] most frequent words, but for the whole list's row (sampled's last). */
  readonly top: readonly (readonly number[])[];
  /** UTF-8 bytes per character of the distinct prefixes of the whole list, and after ASCII folding. */
  readonly bytesPerChar: number;
  readonly bytesPerCharFolded: number;
  /** UTF-8 bytes of a running-text word. */
  readonly wordBytes: number;
  /**
   * Per prefix length L = 1..24 (row L - 1): the drops, in tenths, of ln(mean running-text share of an L-prefix) from one
   * half-decade bin of ranks (PREFIX_RANK_BIN_EDGES) to the next, the prefixes ranked by frequency.
   */
  readonly rankShape: readonly (readonly number[])[];
  /** The same without Qdrant's stopword list of the language, for L = 1 to its longest entry (null: Qdrant has none). */
  readonly rankShapeNoStopwords: readonly (readonly number[])[] | null;
}

/** First ranks of the rank shape's half-decade bins (10^(k/2) rounded; every file's prefix_rank_bin_edges). */
export const PREFIX_RANK_BIN_EDGES = ${list(edges)} as const;

/** The languages with a table, English first. */
export const PREFIX_LANGUAGES = [${names.join(', ')}] as const;
export type PrefixLanguage = (typeof PREFIX_LANGUAGES)[number];

export const PREFIX_LANGUAGE_TABLES: Readonly<Record<PrefixLanguage, PrefixLanguageTable>> = {
${files.map(renderTable).join('\n')}
};
`;
}

export function generateLanguageModule(rootDir) {
  return renderLanguageModule(readLanguageFiles(rootDir));
}

function main() {
  const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const text = generateLanguageModule(rootDir);
  writeOrCheck(rootDir, [[LANGUAGE_OUTPUT_FILE, text]], 'node scripts/gen-language-tables.mjs');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
