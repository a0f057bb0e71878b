/**
 * Payload-index params a version does not have are refused before anything is estimated or emitted (found by the s26
 * input audit: phrase_matching, stopwords and a stemmer on qdrantVersion 1.12 were accepted and emitted). The first
 * minors were read at the qdrant/qdrant tags (lib/segment/src/data_types/index.rs): 1.15 stopwords, stemmer and
 * phrase_matching; 1.16 ascii_folding; 1.17 enable_hnsw; 1.19 the keyword index's prefix.
 */
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { QsizeInputError } from '../../src/errors.js';

const w = (qdrantVersion: string, field_schema: object) => ({
  points: 1_000_000,
  qdrantVersion,
  collection: { vectors: { size: 384, distance: 'Cosine' as const } },
  payload: { avgBytes: 200, indexes: [{ field_name: 'f', field_schema }] },
});

function refusal(f: () => unknown): QsizeInputError | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof QsizeInputError) return e;
    throw e;
  }
  return undefined;
}

describe('payload-index params by the version that has them', () => {
  it.each([
    ['1.14.1', { type: 'text', phrase_matching: true }, 'phrase_matching', 15],
    ['1.14.1', { type: 'text', stopwords: 'english' }, 'stopwords', 15],
    ['1.12.0', { type: 'text', stemmer: { type: 'snowball', language: 'english' } }, 'stemmer', 15],
    ['1.15.5', { type: 'text', ascii_folding: true }, 'ascii_folding', 16],
    ['1.16.3', { type: 'integer', enable_hnsw: false }, 'enable_hnsw', 17],
    ['1.18.3', { type: 'keyword', prefix: true }, 'prefix', 19],
  ] as const)('%s refuses %j, naming the field and 1.%s', (version, schema, param, minor) => {
    const e = refusal(() => estimate(w(version, schema) as never));
    expect(e?.field).toBe(`payload.indexes.0.field_schema.${param}`);
    expect(e?.message).toContain(`exists from Qdrant 1.${minor} (this workload is ${version})`);
  });
  it.each([
    ['1.15.0', { type: 'text', phrase_matching: true, stopwords: 'english' }],
    ['1.16.0', { type: 'text', ascii_folding: true }],
    ['1.17.0', { type: 'keyword', enable_hnsw: false }],
    ['1.19.0', { type: 'keyword', prefix: true }],
    ['1.12.0', { type: 'text', tokenizer: 'word', lowercase: true, min_token_len: 2 }],
  ] as const)('%s accepts %j', (version, schema) => {
    expect(refusal(() => estimate(w(version, schema) as never))).toBeUndefined();
  });
});
