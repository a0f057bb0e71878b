/**
 * A spec with a setting its Qdrant version lacks and another problem hears of both in one run, one line each, exit 2,
 * no stack trace: the schema's problems first (the fields it refused), then the version errors of the rest (read off
 * the spec without the refused fields); the problems only the whole workload shows (a multivector or sparse name that
 * is not a vector's, a text input on a keyword index) come with the version errors, in the order resolve() meets them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimate, QsizeInputError, QsizeValidationError } from '../../src/index.js';
import { ensureBuilt, qsize, STACK_LINE } from './run.js';

const SPECS: Record<string, string[]> = {
  // m -3 is the schema's (m >= 0); turbo4 is stored from 1.19.
  'schema.yaml': ['points: 1000', 'qdrantVersion: "1.17.0"', 'collection:', '  vectors: { size: 64, distance: Cosine, datatype: turbo4 }', '  hnsw_config: { m: -3 }'],
  // A misspelt key and a union's param (min_token_len is an integer) are the schema's; a memory tier (1.19), nested (1.20)
  // and id_tracker.memory (1.20) are 1.18.3's version errors.
  'many.yaml': [
    'points: 1000',
    'qdrantVersion: "1.18"',
    'collection:',
    '  vectors: { size: 64, distance: Cosine, memory: cold }',
    '  hnsw_confg: { m: 8 }',
    '  id_tracker: { memory: cold }',
    'payload:',
    '  avgBytes: 10',
    '  indexes:',
    '    - { field_name: k, field_schema: { type: keyword, nested: items } }',
    '    - { field_name: t, field_schema: { type: text, min_token_len: 1.5 } }',
  ],
  // Both found by resolve(): turbo4 at 1.17 (the dense vector comes first), then a multivector name no vector has.
  'names.yaml': ['points: 1000', 'qdrantVersion: "1.17.0"', 'collection:', '  vectors: { size: 64, distance: Cosine, datatype: turbo4 }', 'multivector: { foo: 3 }'],
  // The version itself is refused: nothing to check the rest against, so turbo4 is not reported.
  'badversion.yaml': ['points: 1000', 'qdrantVersion: "1.11"', 'collection:', '  vectors: { size: 64, distance: Cosine, datatype: turbo4 }'],
};

describe('a spec with a version error and another error reports both, one line each (exit 2, no stack trace)', () => {
  let dir = '';
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
    for (const [name, lines] of Object.entries(SPECS)) writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (name: string) => {
    const r = qsize(['explain', '--spec', name], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK_LINE);
    return r.stderr.trim().split('\n');
  };

  it('m -3 (the schema) and turbo4 at 1.17.0 (the version): the schema line, then the version line', () => {
    expect(run('schema.yaml')).toEqual([
      'qsize: --spec schema.yaml: collection.hnsw_config.m: got -3, expected number to be >=0',
      'qsize: --spec schema.yaml: collection.vectors.datatype: got "turbo4", expected float32, float16 or uint8 (turbo4 is stored from Qdrant 1.19: 1.18.2 and 1.18.3 accept it but cannot create its storage; this workload is 1.17.0)',
    ]);
  });

  it('a misspelt key and a bad text param (the schema), then the three settings 1.18.3 lacks', () => {
    expect(run('many.yaml')).toEqual([
      'qsize: --spec many.yaml: collection: Unrecognized key: "hnsw_confg" (did you mean "hnsw_config"?)',
      'qsize: --spec many.yaml: payload.indexes.1.field_schema.min_token_len: got 1.5, expected int',
      'qsize: --spec many.yaml: collection.vectors.memory: got "cold", expected no "memory" field: memory tiers exist from Qdrant 1.19 (this workload is 1.18.3); use on_disk / always_ram',
      'qsize: --spec many.yaml: payload.indexes.0.field_schema.nested: got "items", expected no "nested" setting: nested (array-element) indexes exist from Qdrant 1.20 (this workload is 1.18.3)',
      'qsize: --spec many.yaml: collection.id_tracker.memory: got "cold", expected no "id_tracker" setting: the id tracker\'s memory tier exists from Qdrant 1.20 (this workload is 1.18.3)',
    ]);
  });

  it('turbo4 at 1.17.0 and a multivector name no vector has: both, in the order resolve() meets them (vectors first)', () => {
    expect(run('names.yaml')).toEqual([
      'qsize: --spec names.yaml: collection.vectors.datatype: got "turbo4", expected float32, float16 or uint8 (turbo4 is stored from Qdrant 1.19: 1.18.2 and 1.18.3 accept it but cannot create its storage; this workload is 1.17.0)',
      'qsize: --spec names.yaml: multivector.foo: got 3, expected the name of a dense vector in collection.vectors',
    ]);
  });

  it('an unknown version is the one line: the settings are not checked against a version that is not there', () => {
    expect(run('badversion.yaml')).toEqual(['qsize: --spec badversion.yaml: qdrantVersion: got "1.11", expected a Qdrant version from 1.12.0 to 1.20.x (e.g. 1.20.0 or 1.15)']);
  });
});

describe('the library throws the same', () => {
  const vectors = { size: 64, distance: 'Cosine', datatype: 'turbo4' } as const;
  it('a schema problem and a version error: one QsizeValidationError with both issues, the schema\'s first', () => {
    let caught: unknown;
    try {
      estimate({ points: 1000, qdrantVersion: '1.17.0', collection: { vectors, hnsw_config: { m: -3 } } } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QsizeValidationError);
    expect((caught as QsizeValidationError).issues.map((i) => i.field)).toEqual(['collection.hnsw_config.m', 'collection.vectors.datatype']);
  });
  it('one problem alone stays the QsizeInputError it was (a sparse name no sparse vector has)', () => {
    expect(() => estimate({ points: 1000, collection: { vectors: { size: 64, distance: 'Cosine' } }, sparse: { nope: 5 } })).toThrow(QsizeInputError);
  });
});
