/** fast-check generators over the workload space, bounded by named domain constants. */
import fc from 'fast-check';
import type { WorkloadInput } from '../../src/index.js';
import { LIMITS } from '../../src/spec/workload.js';

export const DOMAIN = {
  minPoints: 1,
  maxPoints: 5e9,
  minDim: 1,
  maxDim: 8192,
  versions: ['1.12.0', '1.13.0', '1.13.5', '1.14.0', '1.14.1', '1.15.0', '1.16.0', '1.17.0', '1.17.1', '1.18.0', '1.19.0', '1.20.0'] as const,
  maxPayloadBytes: 64 * 1024,
} as const;

export const quantization = (version: string) => {
  const minor = Number(version.split('.')[1]);
  const options: fc.Arbitrary<unknown>[] = [
    fc.constant(undefined),
    fc.record({ scalar: fc.record({ type: fc.constant('int8' as const), always_ram: fc.option(fc.boolean(), { nil: undefined }) }) }),
    fc.record({ product: fc.record({ compression: fc.constantFrom('x4', 'x8', 'x16', 'x32', 'x64') }) }),
    fc.record({ binary: fc.record({ encoding: fc.constantFrom(...(minor >= 15 ? ['one_bit', 'two_bits', 'one_and_half_bits'] : ['one_bit'])) }) }),
  ];
  if (minor >= 18) options.push(fc.record({ turbo: fc.record({ bits: fc.constantFrom('bits1', 'bits1_5', 'bits2', 'bits4') }) }));
  return fc.oneof(...options);
};

export interface GenOptions {
  version?: string;
  minDim?: number;
  minPoints?: number;
}

interface OtherIndex {
  type: string;
  values: number;
  tokens: number | undefined;
  vocabulary: number | undefined;
  zipf: number | undefined;
  stopwords: boolean;
  scoring: boolean;
  elements: number | undefined;
  /** The prefix tokenizer with these limits (undefined: the default word tokenizer). */
  prefix: { min: number | undefined; max: number | undefined; tokens: number | undefined } | undefined;
}

/** A payload index of one of the other types, with only the params and inputs its version and type accept. */
function otherIndex(o: OtherIndex, version: string): never {
  const v120 = Number(version.split('.')[1]) >= 20;
  const schema: Record<string, unknown> = { type: o.type };
  const index: Record<string, unknown> = { field_name: 'other', valuesPerPoint: o.values };
  if (o.type === 'text') {
    // Stopwords exist from 1.15 (INDEX_PARAMS_SINCE, src/model/index-params.ts).
    if (o.stopwords && Number(version.split('.')[1]) >= 15) schema['stopwords'] = 'english';
    if (o.scoring && v120) schema['scoring'] = true;
    Object.assign(index, { tokensPerValue: o.tokens, cardinality: o.vocabulary, zipfExponent: o.zipf });
    if (o.prefix) {
      Object.assign(schema, { tokenizer: 'prefix', min_token_len: o.prefix.min, max_token_len: o.prefix.max });
      index['prefixTokensPerValue'] = o.prefix.tokens;
    }
  }
  if (v120 && o.elements !== undefined) {
    schema['nested'] = 'items';
    index['elementsPerPoint'] = o.elements;
  }
  return Object.fromEntries(Object.entries({ ...index, field_schema: schema }).filter(([, x]) => x !== undefined)) as never;
}

/** A random but valid workload. */
export const workload = (opts: GenOptions = {}): fc.Arbitrary<WorkloadInput> =>
  (opts.version ? fc.constant(opts.version) : fc.constantFrom(...DOMAIN.versions)).chain((version) =>
    fc
      .record({
        points: fc.integer({ min: opts.minPoints ?? DOMAIN.minPoints, max: DOMAIN.maxPoints }),
        size: fc.integer({ min: opts.minDim ?? DOMAIN.minDim, max: DOMAIN.maxDim }),
        datatype: fc.constantFrom('float32', 'float16', 'uint8'),
        on_disk: fc.boolean(),
        m: fc.integer({ min: 0, max: 64 }),
        hnswOnDisk: fc.boolean(),
        quantization: quantization(version),
        payloadBytes: fc.option(fc.integer({ min: 0, max: DOMAIN.maxPayloadBytes }), { nil: undefined }),
        onDiskPayload: fc.boolean(),
        uuid: fc.boolean(),
        shards: fc.integer({ min: 1, max: 64 }),
        cpus: fc.integer({ min: 1, max: 128 }),
        sparseNnz: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
        tenant: fc.boolean(),
        // A third index of another type: text (with its token inputs), geo, bool, float, datetime or uuid; nested and BM25
        // from 1.20.
        other: fc.record({
          type: fc.constantFrom('text', 'geo', 'bool', 'float', 'datetime', 'uuid'),
          values: fc.double({ min: 0, max: 50, noNaN: true }),
          tokens: fc.option(fc.double({ min: 0, max: 2000, noNaN: true }), { nil: undefined }),
          vocabulary: fc.option(fc.integer({ min: 1, max: 5_000_000 }), { nil: undefined }),
          zipf: fc.option(fc.double({ min: 0.5, max: 2, noNaN: true }), { nil: undefined }),
          stopwords: fc.boolean(),
          scoring: fc.boolean(),
          elements: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
          prefix: fc.option(
            fc.record({
              min: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
              max: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
              tokens: fc.option(fc.double({ min: 0, max: 5000, noNaN: true }), { nil: undefined }),
            }),
            { nil: undefined },
          ),
        }),
      })
      .map((g) => {
        const w: WorkloadInput = {
          points: g.points,
          qdrantVersion: version,
          pointIdType: g.uuid ? 'uuid' : 'numeric',
          collection: {
            vectors: { size: g.size, distance: 'Cosine', datatype: g.datatype, on_disk: g.on_disk },
            hnsw_config: { m: g.m, on_disk: g.hnswOnDisk },
            shard_number: g.shards,
            on_disk_payload: g.onDiskPayload,
            ...(g.quantization ? { quantization_config: g.quantization as never } : {}),
          },
          assumptions: { nodeCpus: g.cpus },
        };
        if (g.payloadBytes !== undefined) {
          w.payload = {
            avgBytes: g.payloadBytes,
            indexes: [
              { field_name: 'tenant', field_schema: g.tenant ? { type: 'keyword', is_tenant: true } : 'keyword' },
              { field_name: 'ts', field_schema: 'integer' },
              otherIndex(g.other, version),
            ],
          };
        }
        if (g.sparseNnz !== undefined) {
          (w.collection as { sparse_vectors?: unknown }).sparse_vectors = { text: {} };
          w.sparse = { text: g.sparseNnz };
        }
        return w;
      }),
  );

/** Named vectors: a dense vector, a late-interaction multivector and a sparse vector together. */
export const namedWorkload = (): fc.Arbitrary<WorkloadInput> =>
  fc
    .record({
      points: fc.integer({ min: 1, max: 2e9 }),
      dense: fc.integer({ min: 1, max: 4096 }),
      colbertDim: fc.integer({ min: 1, max: 256 }),
      colbertAvg: fc.integer({ min: 1, max: 512 }),
      nnz: fc.integer({ min: 0, max: 2000 }),
      version: fc.constantFrom(...DOMAIN.versions),
      bq: fc.boolean(),
      inline: fc.boolean(),
      sparseOnDisk: fc.boolean(),
    })
    .map((g) => {
      const minor = Number(g.version.split('.')[1]);
      return {
        points: g.points,
        qdrantVersion: g.version,
        collection: {
          vectors: {
            dense: {
              size: g.dense,
              distance: 'Dot' as const,
              ...(g.bq ? { quantization_config: { binary: {} } } : {}),
              ...(g.inline && minor >= 16 ? { hnsw_config: { inline_storage: true, on_disk: true } } : {}),
            },
            colbert: { size: g.colbertDim, distance: 'Cosine' as const, multivector_config: { comparator: 'max_sim' as const }, hnsw_config: { m: 0 } },
          },
          sparse_vectors: { text: { index: { on_disk: g.sparseOnDisk } } },
        },
        // points x inner vectors per point stays within LIMITS.maxPoints (a larger multivector is refused as input).
        multivector: { colbert: Math.min(g.colbertAvg, Math.floor(LIMITS.maxPoints / g.points)) },
        sparse: { text: g.nnz },
      };
    });
