/**
 * A value that fits none of a union's alternatives is reported at the field the user got wrong, not as "Invalid input"
 * at the union (src/spec/issues.ts). Found in s25's review: `min_token_len: 1.5` in a text index's field_schema printed
 * "payload.indexes.0.field_schema: Invalid input", and a spec without payload.avgBytes "payload.avgBytes: Invalid input".
 * The expected messages are zod's own wording for the inner issue, written out here by hand, in qsize's form since s31:
 * `got <the value>, expected <what zod expected>` (src/spec/issues.ts withValue), zod's label and "received <type>" dropped.
 */
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { QsizeValidationError } from '../../src/errors.js';
import { parseEmitOptions } from '../../src/emit/options.js';

const collection = { vectors: { size: 384, distance: 'Cosine' as const } };
const withIndex = (field_schema: unknown) => ({ points: 1_000_000, collection, payload: { avgBytes: 200, indexes: [{ field_name: 'title', field_schema }] } });

function issuesOf(f: () => unknown): { field: string; message: string }[] {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(QsizeValidationError);
    return (error as QsizeValidationError).issues;
  }
  throw new Error('expected an error');
}

describe('schema errors inside a union name the field inside it', () => {
  it('a fractional min_token_len is named as field_schema.min_token_len, with the integer it expects', () => {
    expect(issuesOf(() => estimate(withIndex({ type: 'text', min_token_len: 1.5 }) as never))).toEqual([
      { field: 'payload.indexes.0.field_schema.min_token_len', message: 'got 1.5, expected int', expected: 'expected int' },
    ]);
  });
  it('an unknown tokenizer is named as field_schema.tokenizer, with the tokenizers it expects', () => {
    const [issue, ...rest] = issuesOf(() => estimate(withIndex({ type: 'text', tokenizer: 'foo' }) as never));
    expect(rest).toEqual([]);
    expect(issue!.field).toBe('payload.indexes.0.field_schema.tokenizer');
    expect(issue!.message).toMatch(/^got "foo", expected one of "prefix"\|"whitespace"\|"word"\|"multilingual"/);
  });
  it('a misspelt type name, given as a string, lists the type names and the params object (both alternatives fail at the field itself)', () => {
    const [issue] = issuesOf(() => estimate(withIndex('keywrd') as never));
    expect(issue!.field).toBe('payload.indexes.0.field_schema');
    expect(issue!.message).toBe('got "keywrd", expected "keyword"|"integer"|"float"|"bool"|"geo"|"datetime"|"text"|"uuid" or object');
  });
  it('max_optimization_threads "many" says both what it takes: a number or "auto"', () => {
    const w = { points: 1_000_000, collection: { ...collection, optimizers_config: { max_optimization_threads: 'many' } } };
    expect(issuesOf(() => estimate(w as never))).toEqual([
      { field: 'collection.optimizers_config.max_optimization_threads', message: 'got "many", expected number or "auto"', expected: 'expected number or "auto"' },
    ]);
  });
  it('an unknown type in the params object is named as field_schema.type', () => {
    const [issue] = issuesOf(() => estimate(withIndex({ type: 'txt' }) as never));
    expect(issue!.field).toBe('payload.indexes.0.field_schema.type');
  });
  it('a missing payload.avgBytes (a number or a size string) says both types it accepts', () => {
    expect(issuesOf(() => estimate({ points: 1_000_000, collection, payload: {} } as never))).toEqual([
      { field: 'payload.avgBytes', message: 'got nothing, expected number or string', expected: 'expected number or string' },
    ]);
  });
  it('an emit option still names an unknown key without its value (secrets), and a nested one by its path', () => {
    const [issue] = issuesOf(() => parseEmitOptions({ apiKey: 'sk-live-0123456789abcdef' }));
    expect(issue!.field).toBe('options.apiKey');
    expect(JSON.stringify(issue)).not.toContain('sk-live');
  });
});

describe('an issue on an object itself is named by the object', () => {
  it('recommend() names an unknown constraint key under "constraints" (was "constraints."), a null workload "(workload)" (was "")', async () => {
    const { recommend } = await import('../../src/plan/recommend.js');
    expect(issuesOf(() => recommend({ points: 1000, collection }, { replicaton: 2 } as never))).toEqual([
      { field: 'constraints', message: 'Unrecognized key: "replicaton" (did you mean "replicationFactor"?)' },
    ]);
    expect(issuesOf(() => recommend(null as never))).toEqual([{ field: '(workload)', message: 'got null, expected object', expected: 'expected object' }]);
  });
});

describe('an unknown key names the key the object takes that is nearest to it (withKeyHints)', () => {
  it('a key it starts with, a typo, a snake_case spelling, a misspelt start; no hint for a key nothing is near', async () => {
    const { estimate } = await import('../../src/model/estimate.js');
    const { recommend } = await import('../../src/plan/recommend.js');
    // Worked by hand: "payloadBytes" starts with "payload"; "on_disc" is 1 edit from "on_disk"; "ef_constuct" 1 from
    // "ef_construct"; "tolerated_failures" is 4 edits from "toleratedNodeFailures" (ignoring case and "_"), under a
    // third of its 17 letters; "zzzz" is 4 edits from every 4-letter start, over the 2 allowed.
    expect(issuesOf(() => estimate({ points: 1000, collection, payloadBytes: 300 } as never))).toEqual([
      { field: '(workload)', message: 'Unrecognized key: "payloadBytes" (did you mean "payload"?)' },
    ]);
    expect(issuesOf(() => estimate({ points: 1000, collection: { vectors: { size: 8, distance: 'Cosine', on_disc: true } } } as never))).toEqual([
      { field: 'collection.vectors', message: 'Unrecognized key: "on_disc" (did you mean "on_disk"?)' },
    ]);
    expect(issuesOf(() => estimate({ points: 1000, collection: { ...collection, hnsw_config: { ef_constuct: 200 } } } as never))).toEqual([
      { field: 'collection.hnsw_config', message: 'Unrecognized key: "ef_constuct" (did you mean "ef_construct"?)' },
    ]);
    expect(issuesOf(() => recommend({ points: 1000, collection }, { tolerated_failures: 1 } as never))).toEqual([
      { field: 'constraints', message: 'Unrecognized key: "tolerated_failures" (did you mean "toleratedNodeFailures"?)' },
    ]);
    expect(issuesOf(() => estimate({ points: 1000, collection, zzzz: 1 } as never))).toEqual([{ field: '(workload)', message: 'Unrecognized key: "zzzz"' }]);
  });
});

describe('a key another alternative of the union takes names what takes it (withKeyHints)', () => {
  it('scoring on a keyword index says only a text index takes it (it said: did you mean "scoring"?)', async () => {
    const { estimate } = await import('../../src/model/estimate.js');
    const idx = (field_schema: Record<string, unknown>) => ({ points: 1000, collection, payload: { avgBytes: 10, indexes: [{ field_name: 'f', field_schema }] } }) as never;
    // Qdrant 1.20's field index schema (test/emit/upstream/qdrant-openapi/create-field-index.v1.20.0.json): `scoring` is
    // TextIndexParams' only, `is_tenant` KeywordIndexParams' and UuidIndexParams', `lookup` IntegerIndexParams'.
    expect(issuesOf(() => estimate(idx({ type: 'keyword', scoring: true })))).toEqual([
      { field: 'payload.indexes.0.field_schema', message: 'Unrecognized key: "scoring" (only type "text" takes it)' },
    ]);
    expect(issuesOf(() => estimate(idx({ type: 'integer', is_tenant: true })))).toEqual([
      { field: 'payload.indexes.0.field_schema', message: 'Unrecognized key: "is_tenant" (only type "keyword" or "uuid" takes it)' },
    ]);
    expect(issuesOf(() => estimate(idx({ type: 'float', tokenizer: 'word', lookup: true })))).toEqual([
      { field: 'payload.indexes.0.field_schema', message: 'Unrecognized keys: "tokenizer", "lookup" ("tokenizer": only type "text" takes it; "lookup": only type "integer" takes it)' },
    ]);
    // A typo still gets the nearest key.
    expect(issuesOf(() => estimate(idx({ type: 'float', on_dsk: true })))).toEqual([
      { field: 'payload.indexes.0.field_schema', message: 'Unrecognized key: "on_dsk" (did you mean "on_disk"?)' },
    ]);
  });
});
