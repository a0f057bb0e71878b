/**
 * The prefix-tokenizer calibration cases of data/calibration/v1.20-structures/payload-indexes-0.9.0.json (qdrant-edge-py
 * 0.9.0, test/calibration/edge_payload_v1_20.py wordfreq cases) and the payload index qsize is given for each: the
 * case's tokenizer limits and stopwords, and the words (after stopwords) per title and distinct, as a user would give
 * them. Shared by the English (prefix-tokens.test.ts) and the other languages' (prefix-languages.test.ts) checks.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PayloadIndex } from '../../src/spec/workload.js';

export interface PrefixCase {
  case: { id: string; n: number; data: string; indexes: { tokenizer?: string; min_token_len?: number; max_token_len?: number; stopwords?: string }[] };
  build: { data_stats: Record<string, number> };
}

const FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/calibration/v1.20-structures/payload-indexes-0.9.0.json');

/** The prefix cases whose text kind (`data`, e.g. `wordfreq-en`, `wordfreq-de-...`) matches `data`. */
export function prefixCases(data: RegExp): PrefixCase[] {
  const all = Object.values((JSON.parse(readFileSync(FILE, 'utf8')) as { cases: Record<string, PrefixCase> }).cases);
  return all.filter((c) => data.test(c.case.data) && c.case.indexes[0]!.tokenizer === 'Prefix');
}

/** The payload index of a case as qsize is given it (plus `extra`, e.g. the text's `language`). */
export function prefixIndexOf(c: PrefixCase, extra: Record<string, unknown> = {}) {
  const spec = c.case.indexes[0]!;
  const st = c.build.data_stats;
  return PayloadIndex.parse({
    field_name: 'title',
    field_schema: {
      type: 'text',
      tokenizer: 'prefix',
      ...(spec.min_token_len ? { min_token_len: spec.min_token_len } : {}),
      ...(spec.max_token_len ? { max_token_len: spec.max_token_len } : {}),
      ...(spec.stopwords ? { stopwords: spec.stopwords.toLowerCase() } : {}),
    },
    ...extra,
    // The words after stopwords, per title and distinct.
    tokensPerValue: st['index_words_per_doc_mean'],
    cardinality: st['index_distinct_words'],
  });
}
