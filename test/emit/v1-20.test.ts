/**
 * Qdrant 1.20's new request fields, end to end: a workload that uses each one is planned, emitted, and its collection
 * requests validate against the 1.20.0 API (the schemas derived from qdrant-client 1.20.0, test/emit/upstream/README.md)
 * and against the zod mirrors; 1.19.0's API refuses the field, and a 1.19 workload that asks for it is refused by qsize
 * with the field's name. Every 1.20 collection body sets shard_number (1.20 picks one "automatically" when unset, by a
 * rule not published: docs/emit.md).
 */
import { describe, expect, it } from 'vitest';
import { renderAll } from '../../src/emit/index.js';
import { createCollectionSchema, createFieldIndexSchema } from '../../src/emit/schemas/collection.js';
import { QsizeInputError, QsizeValidationError } from '../../src/errors.js';
import { recommend } from '../../src/plan/index.js';
import type { WorkloadInput } from '../../src/spec/workload.js';
import { checkFiles, collectionBody, fieldIndexBody, type Json } from './upstream-check.js';

const ONE_NODE = { replicationFactor: 1, toleratedNodeFailures: 0, placement: { maxNodes: 1 } } as const;
const vec = { size: 384, distance: 'Cosine' } as const;

function emit(workload: WorkloadInput): { body: Json; indexes: Json[] } {
  const plan = recommend(workload, ONE_NODE).plan;
  const files = renderAll(plan, { customerId: 'acme' });
  checkFiles(files, plan.qdrantVersion, JSON.stringify(workload));
  const body = JSON.parse(files.find((f) => f.path === 'collection/create-collection.json')!.content) as Json;
  const indexes = files.filter((f) => f.path.startsWith('collection/payload-index-')).map((f) => JSON.parse(f.content) as Json);
  return { body, indexes };
}

function refusedAt119(workload: WorkloadInput, field: string): void {
  let error: unknown;
  try {
    recommend({ ...workload, qdrantVersion: '1.19.0' }, ONE_NODE);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(QsizeInputError);
  expect((error as QsizeInputError).message).toContain(field);
}

interface Case {
  name: string;
  workload: WorkloadInput;
  /** What the emitted requests must carry. */
  expectBody?: (body: Json) => void;
  expectIndex?: (index: Json) => void;
  /** A field 1.19 lacks: the workload is refused at 1.19.0 and 1.19.0's API refuses the body. */
  newIn120?: string;
}

const text = (params: Json): WorkloadInput => ({
  points: '200k',
  qdrantVersion: '1.20.0',
  collection: { vectors: vec },
  payload: { avgBytes: 400, indexes: [{ field_name: 'body', field_schema: { type: 'text', ...params }, avgValueBytes: 300 }] },
});

const CASES: Case[] = [
  ...(['turbo8', 'turbo16'] as const).map((datatype) => ({
    name: `datatype ${datatype}`,
    workload: { points: '1M', qdrantVersion: '1.20.0', collection: { vectors: { ...vec, datatype } } },
    expectBody: (b: Json) => expect((b['vectors'] as Json)['datatype']).toBe(datatype),
    newIn120: 'collection.vectors.datatype',
  })),
  {
    name: 'TurboQuant bits8',
    workload: { points: '1M', qdrantVersion: '1.20.0', collection: { vectors: vec, quantization_config: { turbo: { bits: 'bits8' } } } },
    expectBody: (b) => expect(((b['quantization_config'] as Json)['turbo'] as Json)['bits']).toBe('bits8'),
    newIn120: 'quantization_config.turbo.bits',
  },
  ...(['cold', 'cached', 'pinned'] as const).map((memory) => ({
    name: `id tracker memory ${memory}`,
    workload: { points: '1M', qdrantVersion: '1.20.0', collection: { vectors: vec, id_tracker: { memory } } },
    expectBody: (b: Json) => expect(b['id_tracker']).toEqual({ memory }),
    newIn120: 'collection.id_tracker.memory',
  })),
  {
    name: 'inline_storage (GraphInline: the vectors follow the graph\'s tier)',
    workload: {
      points: '1M',
      qdrantVersion: '1.20.0',
      collection: { vectors: { ...vec, hnsw_config: { inline_storage: true, memory: 'cold' } }, quantization_config: { binary: { encoding: 'two_bits' } } },
    },
    expectBody: (b) => expect((b['vectors'] as Json)['hnsw_config']).toEqual({ inline_storage: true, memory: 'cold' }),
  },
  {
    name: 'payload_m 0 (no payload sub-graph)',
    workload: {
      points: '1M',
      qdrantVersion: '1.20.0',
      collection: { vectors: vec, hnsw_config: { payload_m: 0 } },
      payload: { avgBytes: 200, indexes: [{ field_name: 'tenant', field_schema: 'keyword', cardinality: 100 }] },
    },
    expectBody: (b) => expect(b['hnsw_config']).toEqual({ payload_m: 0 }),
  },
  {
    name: 'enable_hnsw false on one payload field',
    workload: {
      points: '1M',
      qdrantVersion: '1.20.0',
      collection: { vectors: vec },
      payload: { avgBytes: 200, indexes: [{ field_name: 'price', field_schema: { type: 'integer', enable_hnsw: false } }] },
    },
    expectIndex: (i) => expect(i).toEqual({ field_name: 'price', field_schema: { type: 'integer', enable_hnsw: false } }),
  },
  {
    name: 'text index without scoring',
    workload: text({ tokenizer: 'word', lowercase: true }),
    expectIndex: (i) => expect(i['field_schema']).toEqual({ type: 'text', tokenizer: 'word', lowercase: true }),
  },
  {
    name: 'text index with BM25 scoring ({ type: bm25 })',
    workload: text({ tokenizer: 'word', scoring: { type: 'bm25' } }),
    expectIndex: (i) => expect(i['field_schema']).toEqual({ type: 'text', tokenizer: 'word', scoring: { type: 'bm25' } }),
    newIn120: 'payload.indexes.0.field_schema.scoring',
  },
  {
    name: 'text index with BM25 scoring (true), stemmer and stopwords',
    workload: text({ scoring: true, stemmer: { type: 'snowball', language: 'english' }, stopwords: { languages: ['english'], custom: ['qdrant'] } }),
    expectIndex: (i) => expect((i['field_schema'] as Json)['scoring']).toBe(true),
    newIn120: 'payload.indexes.0.field_schema.scoring',
  },
  {
    name: 'text index with the code tokenizer',
    workload: text({ tokenizer: 'code' }),
    expectIndex: (i) => expect((i['field_schema'] as Json)['tokenizer']).toBe('code'),
    newIn120: 'payload.indexes.0.field_schema.tokenizer',
  },
  {
    name: 'nested (array-element) keyword index',
    workload: {
      points: '1M',
      qdrantVersion: '1.20.0',
      collection: { vectors: vec },
      payload: { avgBytes: 600, indexes: [{ field_name: 'offers[].seller', field_schema: { type: 'keyword', nested: 'offers' }, valuesPerPoint: 4 }] },
    },
    expectIndex: (i) => expect(i['field_schema']).toEqual({ type: 'keyword', nested: 'offers' }),
    newIn120: 'payload.indexes.0.field_schema.nested',
  },
];

describe('Qdrant 1.20 fields: emitted, valid against the 1.20.0 API, refused where 1.19 lacks them', () => {
  for (const c of CASES) {
    it(`${c.name}: the requests carry it, set shard_number, and validate against 1.20.0 (derived) and the zod mirror`, () => {
      const { body, indexes } = emit(c.workload);
      expect(Number.isInteger(body['shard_number']) && (body['shard_number'] as number) >= 1).toBe(true);
      c.expectBody?.(body);
      if (c.expectIndex) {
        expect(indexes).toHaveLength(1);
        c.expectIndex(indexes[0]!);
        expect(fieldIndexBody['1.20.0']!.closed(indexes[0]!)).toBe(true);
        expect(createFieldIndexSchema('1.20.0').safeParse(indexes[0]!).success).toBe(true);
      }
      expect(collectionBody['1.20.0']!.closed(body)).toBe(true);
      expect(createCollectionSchema('1.20.0').safeParse(body).success).toBe(true);
      if (c.newIn120 !== undefined) {
        // 1.19.0's API (the server's extract, or the 1.19.0 client's CreateFieldIndex) refuses the same request.
        if (c.expectIndex) {
          expect(fieldIndexBody['1.19.0']!.closed(indexes[0]!)).toBe(false);
          expect(createFieldIndexSchema('1.19.0').safeParse(indexes[0]!).success).toBe(false);
        } else {
          expect(collectionBody['1.19.0']!.closed(body)).toBe(false);
          expect(createCollectionSchema('1.19.0').safeParse({ ...body }).success).toBe(false);
        }
      }
    });
    if (c.newIn120 !== undefined) {
      it(`${c.name}: a 1.19.0 workload asking for it is refused, naming ${c.newIn120}`, () => refusedAt119(c.workload, c.newIn120!));
    }
  }

  it('a 1.20.0 body with no shard_number is refused by the mirror (the emitter always writes one)', () => {
    const { body } = emit({ points: '1M', qdrantVersion: '1.20.0', collection: { vectors: vec } });
    const { shard_number: _dropped, ...rest } = body;
    expect(createCollectionSchema('1.20.0').safeParse(rest).success).toBe(false);
  });

  it('1.20.0 bounds, as the 1.20-period segment types state them (qdrant-edge 0.9.0), are enforced by the mirror', () => {
    const { body } = emit({ points: '1M', qdrantVersion: '1.20.0', collection: { vectors: vec } });
    const withVectors = (v: Record<string, unknown>) => ({ ...body, vectors: { ...(body['vectors'] as object), ...v } });
    const ok = (b: unknown) => createCollectionSchema('1.20.0').safeParse(b).success;
    // DenseVectorConfig.size: range(min = 1, max = 65536).
    expect(ok(withVectors({ size: 65_536 }))).toBe(true);
    expect(ok(withVectors({ size: 65_537 }))).toBe(false);
    expect(ok(withVectors({ size: 0 }))).toBe(false);
    // HnswConfig.ef_construct: range(min = 4); ScalarQuantizationConfig.quantile: range(min = 0.5, max = 1.0).
    expect(ok({ ...body, hnsw_config: { ef_construct: 4 } })).toBe(true);
    expect(ok({ ...body, hnsw_config: { ef_construct: 3 } })).toBe(false);
    expect(ok({ ...body, quantization_config: { scalar: { type: 'int8', quantile: 0.5 } } })).toBe(true);
    expect(ok({ ...body, quantization_config: { scalar: { type: 'int8', quantile: 0.49 } } })).toBe(false);
  });

  it('a misspelled or mistyped index param is refused by the workload, naming the field', () => {
    for (const field_schema of [{ type: 'text', scoring: 'bm25' }, { type: 'keyword', enable_hnws: false }, { type: 'integer', is_tenant: true }]) {
      let error: unknown;
      try {
        recommend({ points: '1M', collection: { vectors: vec }, payload: { avgBytes: 10, indexes: [{ field_name: 'f', field_schema } as never] } }, ONE_NODE);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(field_schema)).toBeInstanceOf(QsizeValidationError);
      expect((error as QsizeValidationError).message).toContain('payload.indexes.0.field_schema');
    }
  });
});
