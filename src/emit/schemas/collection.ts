/**
 * Hand-written zod mirrors of Qdrant's create-collection request (`PUT /collections/{name}`, schema
 * `CreateCollection`) and of the payload-index request (`PUT /collections/{name}/index`,
 * `CreateFieldIndex`), version-gated. Sources: github.com/qdrant/qdrant docs/redoc/master/openapi.json
 * at v1.19.0 (74f3e85b9473c62560006c043e13737ce6b48412) and v1.18.2
 * (44ad62f8cd69642be5afa6441612525e24a0d063); for 1.20.0 and for CreateFieldIndex, the published
 * clients' REST models (qdrant-client 1.19.0 and 1.20.0 on PyPI), derived into
 * test/emit/upstream/qdrant-openapi/ (README.md there). The derived schemas carry no numeric bounds, so the
 * 1.20 bounds here are those of the v1.19.0 OpenAPI (1.20's descriptions still state them: "Minimum is 1"),
 * checked against the 1.20-period segment types where they carry them (crates.io qdrant-edge 0.9.0,
 * src/segment/types.rs: `HnswConfig.ef_construct` ≥ 4, `ScalarQuantizationConfig.quantile` 0.5 to 1;
 * src/segment/data_types/vector_name_config.rs: `size` 1 to 65,536), which agree. The vector size's maximum is
 * validated by the server but not stated in the OpenAPI file (src/spec/limits.ts QDRANT_MAX_DIMENSION).
 * Qdrant's REST server ignores unknown keys, so these mirrors are strict: a misspelled key fails here
 * rather than silently on the server.
 * Gates: binary `encoding` and `query_encoding` since 1.15.0; `memory` tiers and `payload` since 1.19.0; `turbo` quantization and the `turbo4` datatype
 * since 1.18.0 (the API's; the 1.18 releases cannot store turbo4 vectors, so the plan refuses that datatype before 1.19:
 * `turboDatatype` in src/model/versions.ts); `id_tracker`, datatypes `turbo8`/`turbo16` and TurboQuant `bits8` since 1.20.0.
 */
import { z } from 'zod';
import { featuresFor } from '../../model/versions.js';
import { payloadFieldSchema } from '../../spec/payload-index.js';
import { QDRANT_MAX_DIMENSION } from '../../spec/limits.js';

export function createCollectionSchema(version: string) {
  const f = featuresFor(version);
  const memory = f.memoryTiers ? z.enum(['cold', 'cached', 'pinned']).optional() : z.never().optional();
  const noMemory = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ ...shape, memory });

  const Hnsw = noMemory({
    m: z.number().int().min(0).optional(),
    ef_construct: z.number().int().min(4).optional(),
    full_scan_threshold: z.number().int().min(10).optional(),
    max_indexing_threads: z.number().int().min(0).optional(),
    on_disk: z.boolean().optional(),
    payload_m: z.number().int().min(0).optional(),
    inline_storage: z.boolean().optional(),
  });
  const Scalar = z.strictObject({
    scalar: noMemory({ type: z.literal('int8'), quantile: z.number().min(0.5).max(1).optional(), always_ram: z.boolean().optional() }),
  });
  const Product = z.strictObject({
    product: noMemory({ compression: z.enum(['x4', 'x8', 'x16', 'x32', 'x64']), always_ram: z.boolean().optional() }),
  });
  const Binary = z.strictObject({
    binary: noMemory({
      always_ram: z.boolean().optional(),
      // v1.15.0 added both (lib/segment/src/types.rs BinaryQuantizationConfig; v1.14.1's has always_ram only).
      encoding: f.binaryMultiBit ? z.enum(['one_bit', 'two_bits', 'one_and_half_bits']).optional() : z.never().optional(),
      query_encoding: f.binaryMultiBit ? z.enum(['default', 'binary', 'scalar4bits', 'scalar8bits']).optional() : z.never().optional(),
    }),
  });
  const bits = f.turboBits8 ? (['bits1', 'bits1_5', 'bits2', 'bits4', 'bits8'] as const) : (['bits1', 'bits1_5', 'bits2', 'bits4'] as const);
  const Turbo = z.strictObject({
    turbo: noMemory({ bits: z.enum(bits).optional(), always_ram: z.boolean().optional() }),
  });
  const Quantization = f.turbo ? z.union([Scalar, Product, Binary, Turbo]) : z.union([Scalar, Product, Binary]);
  const datatype = f.turboWideDatatypes
    ? z.enum(['float32', 'uint8', 'float16', 'turbo4', 'turbo8', 'turbo16'])
    : f.turbo
      ? z.enum(['float32', 'uint8', 'float16', 'turbo4'])
      : z.enum(['float32', 'uint8', 'float16']);

  const VectorParams = z
    .strictObject({
      size: z.number().int().min(1).max(QDRANT_MAX_DIMENSION),
      distance: z.enum(['Cosine', 'Euclid', 'Dot', 'Manhattan']),
      hnsw_config: Hnsw.optional(),
      // `QuantizationConfig` only: "Disabled" is a QuantizationConfigDiff variant (updates), not valid on create.
      quantization_config: Quantization.optional(),
      on_disk: z.boolean().optional(),
      memory,
      datatype: datatype.optional(),
      multivector_config: z.strictObject({ comparator: z.literal('max_sim') }).optional(),
    })
    .refine((v) => v.memory !== 'pinned', { message: '`pinned` is not supported for dense vector storage', path: ['memory'] });

  const Sparse = z.strictObject({
    index: noMemory({
      full_scan_threshold: z.number().int().min(0).optional(),
      on_disk: z.boolean().optional(),
      datatype: z.enum(['float32', 'uint8', 'float16']).optional(),
    }).optional(),
    modifier: z.enum(['none', 'idf']).optional(),
  });

  return z.strictObject({
    vectors: z.union([VectorParams, z.record(z.string(), VectorParams)]).optional(),
    shard_number: z.number().int().min(1),
    sharding_method: z.enum(['auto', 'custom']).optional(),
    replication_factor: z.number().int().min(1),
    write_consistency_factor: z.number().int().min(1),
    on_disk_payload: z.boolean().optional(),
    payload: f.memoryTiers
      ? z.strictObject({ memory: z.enum(['cold', 'cached']).optional() }).optional()
      : z.never().optional(),
    id_tracker: f.idTrackerTiers ? z.strictObject({ memory: z.enum(['cold', 'cached', 'pinned']).optional() }).optional() : z.never().optional(),
    hnsw_config: Hnsw.optional(),
    wal_config: z
      .strictObject({
        wal_capacity_mb: z.number().int().min(1).optional(),
        wal_segments_ahead: z.number().int().min(0).optional(),
        wal_retain_closed: z.number().int().min(0).optional(),
      })
      .optional(),
    optimizers_config: z
      .strictObject({
        deleted_threshold: z.number().min(0).max(1).optional(),
        vacuum_min_vector_number: z.number().int().min(100).optional(),
        default_segment_number: z.number().int().min(0).optional(),
        max_segment_size: z.number().int().min(1).optional(),
        memmap_threshold: z.number().int().min(0).optional(),
        indexing_threshold: z.number().int().min(0).optional(),
        flush_interval_sec: z.number().int().min(0).optional(),
        max_optimization_threads: z.union([z.literal('auto'), z.number().int().min(0)]).optional(),
        prevent_unoptimized: z.boolean().optional(),
      })
      .optional(),
    quantization_config: Quantization.optional(),
    sparse_vectors: z.record(z.string(), Sparse).optional(),
  });
}

/** `CreateFieldIndex`: a bare type, or `{ type, ...params }` with the params the version has (src/spec/payload-index.ts). */
export function createFieldIndexSchema(version: string) {
  const f = featuresFor(version);
  return z.strictObject({
    field_name: z.string().min(1),
    field_schema: payloadFieldSchema({ memory: f.memoryTiers, nested: f.nestedIndexes, scoring: f.textScoring, codeTokenizer: f.textScoring }),
  });
}
