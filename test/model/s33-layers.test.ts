/**
 * The model layer (src/model) reads the spec's types, not its code: what the model needs to read a workload (the
 * named-vector map, the payload index params each version has) lives in src/model, and the spec imports it from there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isVectorParams, normalizeVectors } from '../../src/model/named-vectors.js';
import { INDEX_PARAMS_SINCE } from '../../src/model/index-params.js';
import type { VectorParams } from '../../src/spec/workload.js';

const MODEL = join(__dirname, '../../src/model');

describe('src/model imports no code from src/spec but the parser estimate() calls', () => {
  it('every non-type import of ../spec/ in src/model is in estimate.ts (the workload schema, its issues and path formatter)', () => {
    const offenders: string[] = [];
    for (const f of readdirSync(MODEL).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(join(MODEL, f), 'utf8');
      for (const m of text.matchAll(/^import (?!type )[^;]*from '\.\.\/spec\/[^']+';/gm)) offenders.push(`${f}: ${m[0]}`);
    }
    expect(offenders.filter((o) => !o.startsWith('estimate.ts: '))).toEqual([]);
  });
});

describe('normalizeVectors: the unnamed vector is the one named ""; a map of named vectors stays as it is', () => {
  const one: VectorParams = { size: 768, distance: 'Cosine' };
  it('{ size: 768, distance: "Cosine" } is one vector named ""', () => {
    expect(isVectorParams(one)).toBe(true);
    expect(Object.entries(normalizeVectors(one))).toEqual([['', one]]);
  });
  it('vectors named "size" and "distance" are a map of two (their values are objects, not a number and a string)', () => {
    const named = { size: { size: 4, distance: 'Dot' }, distance: { size: 8, distance: 'Euclid' } } as Record<string, VectorParams>;
    expect(isVectorParams(named)).toBe(false);
    expect(Object.keys(normalizeVectors(named))).toEqual(['size', 'distance']);
  });
});

describe('INDEX_PARAMS_SINCE: the first minor of each older payload index param (qdrant lib/segment/src/data_types/index.rs at the tags)', () => {
  it('stopwords, stemmer, phrase_matching 1.15; ascii_folding 1.16; enable_hnsw 1.17; keyword prefix 1.19', () => {
    expect(INDEX_PARAMS_SINCE.map((p) => `${p.type}.${p.param}@1.${p.minor}`)).toEqual([
      'text.stopwords@1.15', 'text.stemmer@1.15', 'text.phrase_matching@1.15', 'text.ascii_folding@1.16', 'any.enable_hnsw@1.17', 'keyword.prefix@1.19',
    ]);
  });
});
