/**
 * The workload: what is stored. It speaks Qdrant's own language: `collection` takes the
 * create-collection request body (`PUT /collections/{name}`) or the `config` of
 * `GET /collections/{name}`, with Qdrant's field names and shapes (schema `CreateCollection` in
 * qdrant@v1.19.0:docs/redoc/master/openapi.json), so a user can paste what they already run.
 * qsize's own additions (statistics Qdrant does not store: payload size, sparse non-zeros,
 * vectors per multivector point) are camelCase beside it.
 */
import { z } from 'zod';
import { collectionBody, liftReply } from './collection-body.js';
import { describeValue, QsizeInputError } from '../errors.js';
import { formatCount, parseBytes, parseCount } from './units.js';
import { findShapeProblem, INPUT_LIMITS, MAX_M, MAX_MULTIVECTOR_AVG, MAX_PAYLOAD_BYTES, MAX_POINTS, MAX_REPLICATION, MAX_SPARSE_NON_ZEROS, MAX_UPLOAD_BATCH_POINTS, MAX_WRITES_PER_SECOND, QDRANT_MAX_DIMENSION } from './limits.js';
import { ALL_PAYLOAD_INDEX_GATES, PAYLOAD_FIELD_TYPES, payloadFieldSchema } from './payload-index.js';
import { issueMessage } from './issues.js';
import { DEFAULT_VERSION, VERSION_RANGE_TEXT, parseVersion, resolveVersion } from '../model/versions.js';
import { PREFIX_LANGUAGES } from '../model/prefix-languages.generated.js';
import { normalizeVectors } from '../model/named-vectors.js';
import { plural } from '../util/plural.js';

/** Domain bounds, named so generators and messages share them. */
export const LIMITS = {
  maxPoints: MAX_POINTS,
  maxDimension: QDRANT_MAX_DIMENSION,
  maxNamedVectors: INPUT_LIMITS.denseVectors,
  maxSparseVectors: INPUT_LIMITS.sparseVectors,
  maxPayloadIndexes: INPUT_LIMITS.payloadIndexes,
  // qsize's own bound on shard_number: Qdrant sets none above 1 (qdrant@v1.19.0
  // lib/storage/src/content_manager/collection_meta_ops.rs, `#[validate(range(min = 1))] shard_number`).
  maxShards: 1024,
  maxReplication: MAX_REPLICATION,
  maxPayloadBytes: MAX_PAYLOAD_BYTES,
  maxSparseNonZeros: MAX_SPARSE_NON_ZEROS,
  maxMultivectorAvg: MAX_MULTIVECTOR_AVG,
  maxM: MAX_M,
} as const;

/**
 * The points the collection holds at the end of the growth horizon: points now + points per month x months, which
 * the planner sizes for. A total past LIMITS.maxPoints is refused here, for every caller (library and CLI), and
 * blamed on the growth (`constraints.growth.pointsPerMonth`), not on the points: each was within its own bound,
 * the growth is what took the total past it. Worked example: 90B now + 10B per month x 12 months = 210B > 100B.
 */
export function pointsAtHorizon(pointsNow: number, pointsPerMonth: number, horizonMonths: number): number {
  const total = pointsAtMonth(pointsNow, pointsPerMonth, horizonMonths);
  if (!(total <= LIMITS.maxPoints)) {
    const show = countsPast(total, LIMITS.maxPoints);
    throw new QsizeInputError(
      'constraints.growth.pointsPerMonth',
      pointsPerMonth,
      `growth that keeps the collection within ${show(LIMITS.maxPoints)} points: ${show(pointsNow)} now + ${show(pointsPerMonth)} per month x ${horizonMonths} months is ${show(total)}`,
    );
  }
  return total;
}

/**
 * How the counts of a message about `total` past `bound` are written: short (`210B` past `100B`), or in full where the
 * short form cannot tell them apart (`100,000,000,012` past `100,000,000,000`, which read "within 100B ... is 100B").
 */
function countsPast(total: number, bound: number): (n: number) => string {
  return formatCount(total) === formatCount(bound) ? (n) => n.toLocaleString('en-US') : formatCount;
}

/**
 * A multivector point stores its k inner vectors as k dense vectors of the vector's size, one after another in that
 * vector's storage (qdrant@v1.19.0 lib/segment/src/vector_storage/multi_dense/appendable_mmap_multi_dense_vector_storage.rs:
 * the inner vectors flattened into one chunked dense storage, each point's `MultivectorMmapOffset { offset, count,
 * capacity }` counted in inner vectors), so one multivector of N points holds N x k dense vectors: the count that sets
 * its bytes, its segments (Qdrant closes a segment at max_segment_size bytes) and its files. qsize bounds that count by
 * its bound on points, LIMITS.maxPoints (100B, src/spec/limits.ts MAX_POINTS), the most dense vectors it sizes under
 * one name, point by point or inner vector by inner vector. Worked example: 100B points x 100,000 inner vectors =
 * 1e16 (10000T) > 100B: refused; 1M points x 100,000 = 1e11 = 100B: accepted. The workload (points now) and the
 * plan's horizon (points at the end of the growth) are both checked with it.
 */
export function innerVectorsLimitProblem(points: number, innerPerPoint: number): string | null {
  const total = points * innerPerPoint;
  if (total <= LIMITS.maxPoints) return null;
  const most = Math.max(1, Math.floor(LIMITS.maxPoints / points));
  const show = countsPast(total, LIMITS.maxPoints);
  return `at most ${formatCount(most)} inner ${plural(most, 'vector')} per point for ${show(points)} points (points x inner vectors per point at most ${show(LIMITS.maxPoints)}, the most dense vectors qsize sizes under one name; this is ${show(total)})`;
}

/**
 * The one growth rule: points after `month` months at a steady `pointsPerMonth` (linear, net of deletions),
 * rounded to a whole point. The plan's horizon (pointsAtHorizon, which also checks the limit), the month a plan stops
 * fitting, the month-by-month timeline (src/plan/timeline.ts) and an observed cluster's runway (src/observe/growth.ts)
 * all count points with it. Example: 10M now + 2M/month, month 12: 10,000,000 + 2,000,000 × 12 = 34,000,000.
 */
export function pointsAtMonth(pointsNow: number, pointsPerMonth: number, month: number): number {
  return Math.round(pointsNow + pointsPerMonth * month);
}

/** `expected`: what a value of neither type (left out, or `true`) is told, whole (src/spec/issues.ts flattenIssues). */
const count = (field: string, min: number, max: number, expected?: string) =>
  z
    .union([z.number(), z.string()], expected === undefined ? undefined : { error: expected })
    .transform((v, ctx) => {
      const n = parseCount(v);
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: `got ${describeValue(v)}, expected a count such as 1000000, 100M, 1.5B or 10k` });
        return z.NEVER;
      }
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `got ${describeValue(v)}, expected a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    })
    .describe(field);

const bytes = (field: string, min: number, max: number) =>
  z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const n = parseBytes(v);
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `got ${describeValue(v)}, expected a size from ${min} to ${max} bytes (e.g. 2KiB, 512)` });
        return z.NEVER;
      }
      return n;
    })
    .describe(field);

function isPlainMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A mapping from user-given names (vector names, sparse vector names) to values, read as data: the
 * result has no prototype, so a name such as `toString`, `constructor` or `__proto__` is an entry
 * like any other (zod's record would drop `__proto__`, and a plain object answers `toString` with a
 * function). At most `max` entries.
 */
function namedMap<T extends z.ZodType>(value: T, what: string, max: number) {
  return z
    .custom<Record<string, z.input<T>>>(isPlainMapping, { message: `expected a mapping of ${what} names to their settings` })
    .transform((input, ctx) => {
      const keys = Object.keys(input);
      if (keys.length > max) {
        ctx.addIssue({ code: 'custom', message: `${keys.length} ${what}s, more than the limit of ${max}` });
        return z.NEVER;
      }
      const out = Object.create(null) as Record<string, z.output<T>>;
      for (const key of keys) {
        const r = value.safeParse(input[key], { reportInput: true });
        if (r.success) out[key] = r.data;
        // With the value here (raised again, the issue would carry the whole mapping as its value).
        else for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', path: [key, ...issue.path], message: issueMessage(issue, input[key]) });
      }
      return out;
    });
}

/**
 * Free-form JSON Qdrant stores but that does not change the sizing (`metadata`, `strict_mode_config`):
 * checked against the input limits, then dropped, so that it is neither copied into every plan and
 * alternative nor walked again.
 */
const opaqueJson = (field: string) =>
  z
    .unknown()
    .transform((v, ctx) => {
      const problem = findShapeProblem(v, { maxDepth: INPUT_LIMITS.depth, maxBytes: INPUT_LIMITS.metadataBytes, maxString: INPUT_LIMITS.stringChars });
      if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: `${field}: ${problem.message}` });
      return undefined;
    })
    .optional();

/** A Qdrant version exactly as written: `1.19.0`, `v1.19`, nothing around it (it is printed into every file header). */
const VERSION_TEXT = /^v?[0-9]{1,4}\.[0-9]{1,4}(\.[0-9]{1,4})?$/;

export const MemoryTier = z
  .enum(['cold', 'cached', 'pinned'])
  .describe('Qdrant v1.19 memory tier: cold = lazy mmap, cached = mmap populated into page cache, pinned = heap copy');

const alwaysRam = z.boolean().nullish().describe('Legacy (pre-1.19) flag: keep the quantized vectors in RAM');

export const ScalarQuantization = z.strictObject({
  scalar: z.strictObject({
    type: z.literal('int8').describe('Only int8 exists'),
    quantile: z.number().min(0.5).max(1).nullish(),
    always_ram: alwaysRam,
    memory: MemoryTier.nullish(),
  }),
});
export const ProductQuantization = z.strictObject({
  product: z.strictObject({
    compression: z.enum(['x4', 'x8', 'x16', 'x32', 'x64']).describe('Compression ratio vs float32'),
    always_ram: alwaysRam,
    memory: MemoryTier.nullish(),
  }),
});
export const BinaryQuantization = z.strictObject({
  binary: z.strictObject({
    encoding: z.enum(['one_bit', 'two_bits', 'one_and_half_bits']).nullish().describe('Bits per dimension; 1.5 and 2 bits since v1.15'),
    query_encoding: z.enum(['default', 'binary', 'scalar4bits', 'scalar8bits']).nullish(),
    always_ram: alwaysRam,
    memory: MemoryTier.nullish(),
  }),
});
export const TurboQuantization = z.strictObject({
  turbo: z.strictObject({
    bits: z.enum(['bits1', 'bits1_5', 'bits2', 'bits4', 'bits8']).nullish().describe('TurboQuant bits per dimension (v1.18+; bits8 since v1.20)'),
    always_ram: alwaysRam,
    memory: MemoryTier.nullish(),
  }),
});
export const QuantizationConfig = z
  .union([ScalarQuantization, ProductQuantization, BinaryQuantization, TurboQuantization])
  .describe('Qdrant quantization_config: {scalar}, {product}, {binary} or {turbo}');
export type QuantizationConfig = z.infer<typeof QuantizationConfig>;

export const HnswConfigDiff = z.strictObject({
  m: z.number().int().min(0).max(LIMITS.maxM).nullish().describe('Links per node on upper levels; level 0 has 2m. Default 16'),
  ef_construct: z.number().int().min(4).max(100_000).nullish().describe('Build-time candidate list. Default 100'),
  full_scan_threshold: z.number().int().min(10).nullish().describe('KB of vectors below which a segment is searched by full scan. Default 10000'),
  max_indexing_threads: z.number().int().min(0).nullish(),
  on_disk: z.boolean().nullish().describe('Keep the graph on disk (cold mmap). Default false'),
  memory: MemoryTier.nullish().describe('v1.19 tier for the graph: cached (default), pinned, cold'),
  payload_m: z.number().int().min(0).max(LIMITS.maxM).nullish().describe('Links for payload-aware sub-graphs. Default = m'),
  inline_storage: z.boolean().nullish().describe('v1.16+: store vectors inside the graph file (needs quantization)'),
});
export type HnswConfigDiff = z.infer<typeof HnswConfigDiff>;

export const VectorParams = z.strictObject({
  size: z.number().int().min(1).max(LIMITS.maxDimension).describe('Dimension'),
  distance: z.enum(['Cosine', 'Euclid', 'Dot', 'Manhattan']),
  datatype: z.enum(['float32', 'float16', 'uint8', 'turbo4', 'turbo8', 'turbo16']).nullish().describe('Element type of the stored originals. Default float32; turbo4 since v1.18, turbo8 and turbo16 since v1.20'),
  on_disk: z.boolean().nullish().describe('Originals on disk (cold mmap) instead of page cache. Default false'),
  memory: MemoryTier.nullish().describe('v1.19 tier for the originals: cached (default) or cold'),
  hnsw_config: HnswConfigDiff.nullish(),
  quantization_config: z.union([QuantizationConfig, z.literal('Disabled')]).nullish(),
  multivector_config: z.strictObject({ comparator: z.literal('max_sim') }).nullish(),
});
export type VectorParams = z.infer<typeof VectorParams>;

export const SparseVectorParams = z.strictObject({
  index: z
    .strictObject({
      full_scan_threshold: z.number().int().min(0).nullish(),
      on_disk: z.boolean().nullish(),
      memory: MemoryTier.nullish(),
      datatype: z.enum(['float32', 'float16', 'uint8']).nullish(),
    })
    .nullish(),
  modifier: z.enum(['none', 'idf']).nullish(),
});

export const OptimizersConfigDiff = z.strictObject({
  deleted_threshold: z.number().min(0).max(1).nullish(),
  vacuum_min_vector_number: z.number().int().min(100).nullish(),
  default_segment_number: z.number().int().min(0).max(1024).nullish().describe('0 = auto (from CPUs)'),
  max_segment_size: z.number().int().min(1).nullish().describe('KB of vector data per segment (1 KB = one 256-d float32 vector)'),
  memmap_threshold: z.number().int().min(0).nullish(),
  indexing_threshold: z.number().int().min(0).nullish().describe('KB of vector data before a segment is indexed'),
  flush_interval_sec: z.number().int().min(0).nullish(),
  max_optimization_threads: z.union([z.number().int().min(0), z.literal('auto')]).nullish(),
  prevent_unoptimized: z.boolean().nullish(),
});

export const WalConfigDiff = z.strictObject({
  wal_capacity_mb: z.number().int().min(1).max(65_536).nullish(),
  wal_segments_ahead: z.number().int().min(0).max(64).nullish(),
  wal_retain_closed: z.number().int().min(1).max(64).nullish(),
});

const CollectionBody = z.strictObject({
  vectors: z.union([VectorParams, namedMap(VectorParams, 'named vector', LIMITS.maxNamedVectors)]).nullish(),
  shard_number: z.number().int().min(1).max(LIMITS.maxShards).nullish(),
  sharding_method: z.enum(['auto', 'custom']).nullish(),
  replication_factor: z.number().int().min(1).max(LIMITS.maxReplication).nullish(),
  write_consistency_factor: z.number().int().min(1).max(LIMITS.maxReplication).nullish(),
  on_disk_payload: z.boolean().nullish(),
  payload: z.strictObject({ memory: MemoryTier.nullish() }).nullish(),
  id_tracker: z
    .strictObject({ memory: MemoryTier.nullish().describe('cold: read on demand; cached: page cache; pinned: heap (default)') })
    .nullish()
    .describe('v1.20: memory tier of the point id mappings of indexed segments'),
  hnsw_config: HnswConfigDiff.nullish(),
  wal_config: WalConfigDiff.nullish(),
  optimizers_config: OptimizersConfigDiff.nullish(),
  quantization_config: QuantizationConfig.nullish(),
  sparse_vectors: namedMap(SparseVectorParams, 'sparse vector', LIMITS.maxSparseVectors).nullish(),
  strict_mode_config: opaqueJson('strict_mode_config'),
  metadata: opaqueJson('metadata'),
});

/**
 * Accepts the create-collection body, or the `config` object of `GET /collections/{name}`
 * (`{ params: {...}, hnsw_config, optimizer_config, wal_config, quantization_config }`),
 * or the whole GET response (`{ result: { config } }`), and normalizes to the create body.
 */
export const CollectionConfig = z.preprocess(collectionBody, CollectionBody);
export type CollectionConfig = z.infer<typeof CollectionBody>;

export const PayloadFieldType = z.enum(PAYLOAD_FIELD_TYPES);

export const PayloadIndex = z.strictObject({
  field_name: z.string().min(1).max(1024),
  // Every param of every known version; the model refuses one the workload's version lacks (src/spec/payload-index.ts).
  field_schema: payloadFieldSchema(ALL_PAYLOAD_INDEX_GATES),
  cardinality: count('cardinality', 1, LIMITS.maxPoints)
    .optional()
    .describe('Distinct values (default: 1,000 for keyword, 2 for bool, points for others); for a text index the distinct tokens (words) of the collection (default: Heaps\' law, 44 x tokens^0.49); with the prefix tokenizer the distinct words, whose prefixes qsize derives'),
  valueOrder: z
    .enum(['independent', 'point-order'])
    .optional()
    .describe(
      'Range index (integer, float, datetime), qsize only: whether the values rise with the point ids ("point-order": a timestamp with sequential ids, which fills the numeric histogram in sorted order and makes more, smaller HNSW range blocks) or not ("independent", a price; the default)',
    ),
  valuesPerPoint: z.number().min(0).max(1000).default(1).describe('Average values of the field per point, or per array element of a nested index (arrays count each element)'),
  avgValueBytes: z.number().min(0).max(65_536).default(16).describe('Average length of a keyword/text value in bytes'),
  elementsPerPoint: z
    .number()
    .min(0)
    .max(100_000)
    .optional()
    .describe('Nested index (field_schema.nested, Qdrant 1.20): average elements of the nested array per point; each element is its own index entry (default 1)'),
  tokensPerValue: z.number().min(0).max(1_000_000).optional().describe('Text index: average tokens (words) per value after tokenizing and stopwords (default avgValueBytes / 6, scaled by the language); with the prefix tokenizer the words, whose prefixes qsize derives'),
  prefixTokensPerValue: z
    .number()
    .min(0)
    .max(10_000_000)
    .optional()
    .describe('Text index with the prefix tokenizer: average prefix tokens per value, when known (default: derived from tokensPerValue words, min/max_token_len and the language\'s word lengths)'),
  prefixCardinality: count('prefixCardinality', 1, LIMITS.maxPoints * 1000)
    .optional()
    .describe('Text index with the prefix tokenizer: distinct prefixes of the collection, when known (default: derived from the distinct words, min/max_token_len and the language\'s prefix sharing)'),
  language: z
    .enum(PREFIX_LANGUAGES)
    .optional()
    .describe(
      'Text index, qsize only: the text\'s language, for the prefix tokenizer\'s word lengths and the bytes per word and token (default: the stemmer\'s, else the stopwords\', else english)',
    ),
  fromPayloadSchema: z
    .boolean()
    .optional()
    .describe('qsize only, never emitted: set when the index was read from a pasted GET /collections/{name} reply\'s payload_schema, whose statistics (values per point, value length, cardinality) are qsize\'s defaults'),
  avgTokenBytes: z.number().min(1).max(1024).optional().describe('Text index: average bytes of a distinct token, a vocabulary entry (default 7.5, scaled by the language; with the prefix tokenizer a distinct prefix, default derived)'),
  zipfExponent: z.number().min(0.5).max(2).optional().describe('Text index: Zipf exponent of token frequencies (default 1; the stated range spans 0.9-1.2)'),
});
export type PayloadIndex = z.infer<typeof PayloadIndex>;
/** A payload index's `field_schema` in its params form (`{ type, ... }`); the model reads either form as this one (fieldSchemaParams, src/model/field-schema.ts). */
export type PayloadFieldParams = Exclude<PayloadIndex['field_schema'], string>;

export const PayloadSpec = z.strictObject({
  avgBytes: bytes('payload.avgBytes', 0, LIMITS.maxPayloadBytes).describe('Average payload JSON per point, serialized (serde_json), in bytes'),
  compressionRatio: z.number().min(0.05).max(1.1).default(0.6).describe('LZ4 compressed/raw size for the JSON payloads (assumption; measure yours)'),
  indexes: z.array(PayloadIndex).max(LIMITS.maxPayloadIndexes, { message: `at most ${LIMITS.maxPayloadIndexes} payload indexes (the limit)` }).default([]),
});
export type PayloadSpec = z.infer<typeof PayloadSpec>;

/** CPUs of a node when the workload names none (assumptions.nodeCpus): 8, a common node size; the search path's default too (src/topology/throughput.ts). */
export const DEFAULT_NODE_CPUS = 8;

export const Assumptions = z.strictObject({
  nodeCpus: z.number().int().min(1).max(1024).default(DEFAULT_NODE_CPUS).describe('CPUs of the node running each shard; sets Qdrant\'s default segment count and max segment size'),
  hnswDegreeRatio: z.number().min(0.1).max(1).optional().describe('Average level-0 degree as a fraction of m0 = 2m (calibrated default when unset)'),
  payloadBlockDegreeRatio: z.number().min(0.1).max(2).optional().describe('The neighbour heuristic\'s degree K of a payload block\'s own sub-graph (a graph of the block\'s points), relative to the calibration data\'s at the block\'s size, before the links a point already holds inside the block are skipped (data-dependent; default 1, the calibration data\'s)'),
  processBaselineBytes: bytes('assumptions.processBaselineBytes', 0, 64 * 1024 ** 3).optional().describe('RssAnon of an idle Qdrant process (default: measured on the Qdrant server, about 14 MB + 1.1 MB per CPU)'),
  searchThreads: z.number().int().min(1).max(1024).optional().describe('Concurrent searches (sizes the visited-list pool); default max(16, cpus)'),
  clusterMode: z.boolean().optional().describe('The process runs with cluster.enabled (Raft, p2p): its heap holds about 1 MB more; the planner sets it (its deployments enable cluster mode)'),
  bulkLoad: z
    .boolean()
    .optional()
    .describe(
      'The points were uploaded with indexing off (indexing_threshold 0) and indexing turned back on afterwards, Qdrant\'s advice for bulk uploads: every point ends in an indexed segment and each shard\'s appendable tail is empty (no tail vector chunk in the page cache). Default false: a tail of half the indexing threshold',
    ),
  uploadBatchPoints: z
    .number()
    .int()
    .min(1)
    .max(MAX_UPLOAD_BATCH_POINTS)
    .optional()
    .describe(
      'qsize only: points per upsert request of the load; each request is one WAL entry per shard, and the WAL segment the load ends in holds the entries since its last segment boundary (src/model/wal-process.ts). Unstated: any size Qdrant advises, 64-256, averaged over',
    ),
  grownFromPoints: z
    .number()
    .min(0)
    .max(LIMITS.maxPoints)
    .optional()
    .describe(
      'qsize only: the collection grew to `points` by writes from this many (a growth projection; the planner and observe --growth set it to the points now). Its WAL is a sawtooth in the bytes written, so it is estimated at the most it keeps at any count in between: a restart may come at any moment (src/model/wal-process.ts). Unstated: loaded once, then restarted',
    ),
  writesPerSecond: z
    .number()
    .min(0)
    .max(MAX_WRITES_PER_SECOND)
    .optional()
    .describe(
      "qsize only: points written (upserted) per second at peak, sustained (the planner sets it from constraints.query.writesPerSecond, --writes). A shard's WAL is truncated only after each flush (optimizers_config.flush_interval_sec, 5 s), so it holds the writes of one flush interval beyond its full retained and open segments; and a collection written all the time reaches every tooth's top (src/model/wal-process.ts). Unstated: no writes since the load, up to one segment of unflushed updates in the range",
    ),
  allocator: z
    .enum(['jemalloc', 'glibc'])
    .optional()
    .describe(
      'qsize only: the heap allocator of the Qdrant process, which sizes every heap allocation (src/model/allocator.ts): "jemalloc", Qdrant\'s release binaries and images (the default), or "glibc", the in-process engine (qdrant-edge) and builds without jemalloc',
    ),
});
export type Assumptions = z.infer<typeof Assumptions>;

const WorkloadObject = z
  .strictObject({
    points: count(
      'points',
      1,
      LIMITS.maxPoints,
      // WorkloadInput's points are optional because a pasted reply lends them (liftReply): a workload without either hears both ways.
      'expected a count such as 1000000, 100M or 1.5B, or a collection that is a GET /collections/{name} reply with a points_count of at least 1 (which lends it)',
    ).describe('Points in the collection (100M, 1.5B accepted)'),
    collection: CollectionConfig.describe('Qdrant collection config, as in PUT /collections/{name}'),
    payload: PayloadSpec.optional(),
    pointIdType: z.enum(['numeric', 'uuid']).default('numeric').describe('Point id kind'),
    multivector: namedMap(z.number().min(1).max(LIMITS.maxMultivectorAvg), 'multivector', LIMITS.maxNamedVectors)
      .default(() => Object.create(null) as Record<string, number>)
      .describe('Average inner vectors per point, by vector name ("" = unnamed vector)'),
    sparse: namedMap(z.number().min(0).max(LIMITS.maxSparseNonZeros), 'sparse vector', LIMITS.maxSparseVectors)
      .default(() => Object.create(null) as Record<string, number>)
      .describe('Average non-zeros per point, by sparse vector name'),
    qdrantVersion: z
      // YAML reads `qdrantVersion: 1.10` as the number 1.1: refused with the way to write it, never turned into a version.
      .string({ error: 'expected a version as text, such as "1.19.0" (in YAML, quote it: 1.10 unquoted is the number 1.1)' })
      .default(DEFAULT_VERSION)
      .refine((v) => VERSION_TEXT.test(v) && parseVersion(v) !== null, {
        message: `expected a Qdrant version from ${VERSION_RANGE_TEXT} (e.g. 1.20.0 or 1.15)`,
      })
      // The exact version from here on (`v1.20.0` is 1.20.0, `1.12` the newest 1.12 patch known): the estimate, the plan
      // and the emitted files all read this one (src/model/versions.ts parseVersion).
      .transform((v) => resolveVersion(v)!)
      .describe(`Qdrant version; default ${DEFAULT_VERSION}, the newest known`),
    assumptions: Assumptions.default(Assumptions.parse({})),
  })
  .superRefine((w, ctx) => {
    const c = w.collection;
    const dense = c.vectors ? Object.keys(normalizeVectors(c.vectors)).length : 0;
    const sparse = c.sparse_vectors ? Object.keys(c.sparse_vectors).length : 0;
    if (dense + sparse === 0) {
      ctx.addIssue({ code: 'custom', path: ['collection', 'vectors'], message: 'expected at least one dense vector (vectors) or sparse vector (sparse_vectors)' });
    }
    if (dense > LIMITS.maxNamedVectors) {
      ctx.addIssue({ code: 'custom', path: ['collection', 'vectors'], message: `expected at most ${LIMITS.maxNamedVectors} named vectors` });
    }
    for (const [name, k] of Object.entries(w.multivector)) {
      const problem = innerVectorsLimitProblem(w.points, k);
      if (problem) ctx.addIssue({ code: 'custom', path: ['multivector', name], message: `expected ${problem}` });
    }
    // A collection grows to its points: from more than it holds is a shrink, which the WAL's rule does not describe.
    const from = w.assumptions.grownFromPoints;
    if (from !== undefined && from > w.points) {
      ctx.addIssue({ code: 'custom', path: ['assumptions', 'grownFromPoints'], message: `expected at most the points (${w.points}): the collection grew to them from this many` });
    }
  });

/** The keys a Workload has (`points`, `collection`, ...), from the schema itself: a spec key outside them is a typo. */
export const WORKLOAD_KEYS: readonly string[] = Object.keys(WorkloadObject.shape);

/**
 * The workload, checked first against the input limits (depth, string length, total size: src/spec/limits.ts)
 * by a walk that cannot overflow the stack, so a hostile object is refused before anything recurses into it.
 */
export const Workload = z.preprocess((raw, ctx) => {
  const problem = findShapeProblem(raw, { maxDepth: INPUT_LIMITS.depth, maxBytes: INPUT_LIMITS.workloadBytes, maxString: INPUT_LIMITS.stringChars });
  if (problem) {
    ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    return z.NEVER;
  }
  // A pasted GET /collections/{name} reply lends its points_count and payload_schema (src/spec/collection-body.ts).
  return liftReply(raw);
}, WorkloadObject);
type WorkloadFields = z.input<typeof WorkloadObject>;

/**
 * The workload a caller passes to estimate(), recommend(), ...: `collection` is a create-collection body, the `config`
 * of `GET /collections/{name}` or the whole reply (or its `result`). `points` is optional in the type because a reply
 * lends its `points_count` when the workload gives none (liftReply, src/spec/collection-body.ts; given `points` win),
 * which no type can see in a pasted JSON; a workload that gives neither (no `points`, and no reply, or the reply of an
 * empty collection) is refused at run time with a QsizeValidationError naming it: `points: got nothing, expected ...`.
 */
export type WorkloadInput = Omit<WorkloadFields, 'points'> & { points?: WorkloadFields['points'] };
export type Workload = z.output<typeof WorkloadObject>;

