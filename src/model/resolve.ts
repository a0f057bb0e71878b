/**
 * Resolves a validated workload into the concrete settings Qdrant would apply for the chosen
 * version: defaults filled in, per-vector overrides applied, memory tiers mapped to residency.
 * Rejects settings the version does not have and the other problems only the whole workload shows (a name that is not
 * a vector's, a text-index input on a keyword index, `memory: pinned` where Qdrant refuses it), naming the field: every
 * one of them at once (VersionGate), so a spec written for 1.20 read at 1.19.2 hears of all its 1.20 settings, and of
 * its other problems, in one run, not one a run.
 */
import { DEFAULT_ALLOCATOR, type Allocator } from './allocator.js';
import { QDRANT } from './constants.js';
import { inputErrors, QsizeInputError, QsizeVersionError } from '../errors.js';
import type { PayloadIndex as PayloadIndexSpec, PayloadSpec, QuantizationConfig, VectorParams, Workload } from '../spec/workload.js';
import { normalizeVectors } from './named-vectors.js';
import { fieldSchemaParams, isRangeIndex } from './field-schema.js';
import { INDEX_PARAMS_SINCE } from './index-params.js';
import { featuresFor, hasDatatype, parseVersion, unknownRelease, type VersionFeatures } from './versions.js';
import { rawDotBuild } from './hnsw.js';
import { turboL2LengthBytes } from './quantization.js';

/** Where a structure's bytes live at rest: heap, page cache that must stay hot, or cold disk. */
export type Tier = 'ram' | 'cache' | 'disk';

/**
 * A vector's quantization as the resolver reads it. Each kind carries its parameter, always set here (the config's
 * default applied once, in resolveQuantization), so no reader supplies a default of its own.
 */
export type ResolvedQuantization = {
  /** Human label, e.g. `scalar int8`, `product x16`, `binary 1.5-bit`, `turbo bits1`. */
  label: string;
  /** Resident tier of the quantized copy. */
  tier: Tier;
  tierReason: string;
} & QuantParameter;

/** A quantization's kind and the one parameter it takes (ResolvedQuantization). */
type QuantParameter =
  | { kind: 'scalar' }
  | { kind: 'product'; compression: PqCompression }
  /** 1, 1.5 or 2 bits a dimension (the encoding; one_bit when unset). */
  | { kind: 'binary'; bits: 1 | 1.5 | 2 }
  /** 1, 1.5, 2, 4 (bits4, the default) or 8 (1.20's bits8). */
  | { kind: 'turbo'; bits: 1 | 1.5 | 2 | 4 | 8 };

/** Product quantization's compression ratios (one u8 centroid id per bucket: PQ_BUCKET). */
export type PqCompression = 'x4' | 'x8' | 'x16' | 'x32' | 'x64';

export interface ResolvedDense {
  name: string;
  label: string;
  dim: number;
  datatype: 'float32' | 'float16' | 'uint8' | 'turbo4' | 'turbo8' | 'turbo16';
  distance: VectorParams['distance'];
  bytesPerElement: number;
  /** Bytes stored per vector beside its D x e: the turbo datatypes' TurboQuant extras and padding (turboVectorExtraBytes), else 0. */
  vectorExtraBytes: number;
  multivector: boolean;
  /** Inner vectors per point (1 for plain dense vectors). */
  vectorsPerPoint: number;
  originalsTier: Tier;
  m: number;
  efConstruct: number;
  /** How the version draws a point's HNSW level (VersionFeatures.levelDraw). */
  levelDraw: 'round' | 'floor';
  /** KB of vectors below which a (sub)graph is not built; default 10,000. */
  fullScanThresholdKb: number;
  payloadM: number;
  hnswTier: Tier;
  inlineStorage: boolean;
  quantization: ResolvedQuantization | null;
}

export interface ResolvedSparse {
  name: string;
  nonZeros: number;
  indexTier: Tier;
  weightBytes: number;
}

export interface Resolved {
  features: VersionFeatures;
  points: number;
  shardNumber: number;
  pointIdType: 'numeric' | 'uuid';
  dense: ResolvedDense[];
  sparse: ResolvedSparse[];
  payload: (PayloadSpec & { tier: Tier; heap: boolean }) | null;
  /**
   * Where every segment keeps its payload, whether the workload has one or not: a gridstore (`payload_storage/`, from
   * v1.13 with on_disk_payload=true, the default, and from v1.16 either way), else RocksDB (v1.12; on_disk_payload=false
   * before v1.16, under its heap copy). Only a gridstore exists as files when it holds nothing (`payload.empty-storage`).
   */
  payloadStorage: 'gridstore' | 'rocksdb';
  /** Id tracker of indexed segments: heap (`pinned`, the default), page cache (`cached`) or disk (`cold`); 1.20+. */
  idTrackerTier: Tier;
  optimizers: {
    defaultSegmentNumber: number | null;
    maxSegmentSizeKb: number | null;
    indexingThresholdKb: number | null;
    /** optimizers_config.flush_interval_sec (QDRANT.flushIntervalSec unless set): how long the WAL keeps unflushed writes. */
    flushIntervalSec: number;
  };
  wal: { capacityMb: number; segmentsAhead: number; retainClosed: number };
  nodeCpus: number;
  degreeRatio: number | null;
  /** assumptions.payloadBlockDegreeRatio: a multiplier on the heuristic degree K of a graph of the block's size; null = 1. */
  payloadBlockDegreeRatio: number | null;
  /** assumptions.processBaselineBytes when given; null = the measured server baseline for nodeCpus. */
  processBaselineBytes: number | null;
  searchThreads: number | null;
  /** assumptions.clusterMode: the process runs with cluster.enabled (adds process.cluster-mode). */
  clusterMode: boolean;
  /** assumptions.bulkLoad: uploaded with indexing off, then indexed once: the appendable tail is empty. */
  bulkLoad: boolean;
  /** assumptions.uploadBatchPoints: points per upsert request (the WAL's entries); null = QDRANT.walUploadBatchPoints. */
  uploadBatchPoints: number | null;
  /** assumptions.grownFromPoints: the points the collection grew from (the WAL's most in between: walItems); null = loaded once. */
  grownFromPoints: number | null;
  /** assumptions.writesPerSecond: points written per second, sustained (the WAL's unflushed writes: walItems); 0 = none. */
  writesPerSecond: number;
  /** assumptions.allocator: the Qdrant process's heap allocator (allocationBytes), jemalloc unless told otherwise. */
  allocator: Allocator;
  warnings: string[];
}

/** Bytes a stored dimension takes, by datatype (the vectors' files; a float32 graph walk reads 4: SCORED_BYTES, src/topology/throughput.ts). */
export const ELEMENT_BYTES = { float32: 4, float16: 2, uint8: 1, turbo4: 0.5, turbo8: 1, turbo16: 2 } as const;
/**
 * Bytes a turbo datatype stores with every vector (every inner vector of a multivector) beyond its D x e: the
 * datatype's vectors are TurboQuant records (TQMode::Normal, no error correction;
 * qdrant@v1.19.0:lib/segment/src/vector_storage/turbo/shared.rs TQDT_MODE) of padded_dim x bits / 8 bytes, turbo4's
 * padded_dim being D rounded up to even (2 codes a byte), plus the per-vector extras: an f32 scaling factor, and for
 * Euclid also the f32 L2 length (qdrant@v1.19.0:lib/quantization/src/turboquant/encoding.rs, quantized_size_for,
 * padded_dim, TqVectorExtras::size_for). So x = 4, 8 for Euclid, and half a byte more for turbo4 at an odd D.
 * Measured on qdrant-edge-py 0.9.0 (data/calibration/v1.20-structures/turbo-multivectors-0.9.0.json; 3,000 points):
 * 128-d Cosine, Dot and Manhattan 68 / 132 / 260 B per vector or inner vector for turbo4 / turbo8 / turbo16, Euclid 72
 * / 136 / 264; 101-d turbo4 55 B (Cosine) and 59 B (Euclid); single vectors and multivectors alike (5,000 x 384-d Cosine
 * turbo8 388 B, turbo16 772 B: data/calibration/v1.20-structures/edge-0.9.0.json).
 */
export function turboVectorExtraBytes(datatype: ResolvedDense['datatype'], dim: number, distance: VectorParams['distance']): number {
  if (!datatype.startsWith('turbo')) return 0;
  const oddTurbo4Padding = datatype === 'turbo4' && dim % 2 === 1 ? 0.5 : 0;
  return 4 + turboL2LengthBytes(distance) + oddTurbo4Padding;
}

/**
 * The settings the workload's Qdrant version lacks and its other problems, collected in the order resolve() meets them
 * and refused together at its end (inputErrors: the one error, or one issue per problem, each naming the field and the
 * value, and for a version error the version the setting needs).
 */
interface VersionGate {
  /** A setting this version does not have: `expected` says what it takes instead and from which version the setting exists. */
  refuse(field: string, value: unknown, expected: string): void;
  /** Any other problem of the workload: resolve() goes on past it, so that the rest is checked in the same run. */
  reject(field: string, value: unknown, expected: string): void;
  /** A `memory` tier field (1.19+), refused before 1.19 when given. */
  needTiers(field: string, value: unknown): void;
}

function versionGate(f: VersionFeatures): VersionGate & { refused: QsizeInputError[] } {
  const refused: QsizeInputError[] = [];
  const refuse = (field: string, value: unknown, expected: string) => void refused.push(new QsizeVersionError(field, value, expected));
  return {
    refused,
    refuse,
    reject: (field, value, expected) => void refused.push(new QsizeInputError(field, value, expected)),
    needTiers: (field, value) => {
      if (value != null && !f.memoryTiers) refuse(field, value, `no "memory" field: memory tiers exist from Qdrant 1.19 (this workload is ${f.version}); use on_disk / always_ram`);
    },
  };
}

export function resolve(w: Workload): Resolved {
  const { resolved, problems } = resolveChecked(w);
  if (problems.length > 0) throw inputErrors(problems);
  return resolved;
}

/**
 * resolve() without the throw: the resolved settings and every problem met (QsizeVersionError for a setting the version
 * lacks), for parseWorkload, which tells a spec the schema refuses of the version errors in the rest of it. `resolved`
 * is meaningless when there are problems.
 */
export function resolveChecked(w: Workload): { resolved: Resolved; problems: QsizeInputError[] } {
  const features = featuresFor(w.qdrantVersion);
  const c = w.collection;
  const warnings: string[] = [];
  const release = unknownRelease(w.qdrantVersion);
  if (release) warnings.push(release);
  const tiers = features.memoryTiers;
  const gate = versionGate(features);
  const { needTiers } = gate;

  const vectors = c.vectors ? normalizeVectors(c.vectors) : {};
  const dense: ResolvedDense[] = Object.entries(vectors).map(([name, v]) => resolveDense(name, v, w, features, warnings, gate));

  const sparse: ResolvedSparse[] = Object.entries(c.sparse_vectors ?? {}).map(([name, s]) => {
    const path = `collection.sparse_vectors.${name || '""'}.index`;
    needTiers(`${path}.memory`, s.index?.memory);
    const nonZeros = w.sparse[name];
    if (nonZeros === undefined) {
      warnings.push(`sparse vector "${name}": no average non-zeros given (workload.sparse["${name}"]); assuming 100`);
    }
    let indexTier: Tier;
    if (s.index?.memory) indexTier = s.index.memory === 'pinned' ? 'ram' : s.index.memory === 'cached' ? 'cache' : 'disk';
    else indexTier = s.index?.on_disk ? 'cache' : 'ram';
    const dt = s.index?.datatype ?? 'float32';
    return { name, nonZeros: nonZeros ?? 100, indexTier, weightBytes: ELEMENT_BYTES[dt] };
  });
  for (const name of Object.keys(w.sparse)) {
    if (!(name in (c.sparse_vectors ?? {}))) gate.reject(`sparse.${name || '""'}`, w.sparse[name], 'the name of a sparse vector in collection.sparse_vectors');
  }
  for (const name of Object.keys(w.multivector)) {
    const v = vectors[name];
    if (!v) gate.reject(`multivector.${name || '""'}`, w.multivector[name], 'the name of a dense vector in collection.vectors');
    else if (!v.multivector_config) gate.reject(`multivector.${name || '""'}`, w.multivector[name], `a vector with multivector_config (vector "${name}" has none)`);
  }

  const payloadOnDisk = c.payload?.memory ? c.payload.memory === 'cold' : (c.on_disk_payload ?? true);
  const payloadHeap = !payloadOnDisk && features.inRamPayloadIsHeap;
  const payloadStorage = features.gridstorePayload && !payloadHeap ? 'gridstore' : 'rocksdb';
  let payload: Resolved['payload'] = null;
  if (w.payload) {
    needTiers('collection.payload.memory', c.payload?.memory);
    // Before 1.19 there is no memory field at all (needTiers refuses it): pinned is refused only where the field exists.
    if (tiers && c.payload?.memory === 'pinned') gate.reject('collection.payload.memory', 'pinned', 'cold or cached (Qdrant rejects pinned for payloads)');
    payload = { ...w.payload, tier: payloadOnDisk ? 'disk' : payloadHeap ? 'ram' : 'cache', heap: payloadHeap };
  }
  w.payload?.indexes.forEach((idx, i) => {
    checkIndexParams(idx.field_schema, `payload.indexes.${i}.field_schema`, features, gate);
    checkIndexInputs(idx, `payload.indexes.${i}`, gate);
  });
  // Indexes read from a pasted payload_schema: Qdrant reports each field's type and params, not its values.
  const fromSchema = (w.payload?.indexes ?? []).filter((idx) => idx.fromPayloadSchema === true).map((idx) => `"${idx.field_name}"`);
  if (fromSchema.length > 0) {
    warnings.push(
      `payload ${fromSchema.length === 1 ? 'index' : 'indexes'} ${fromSchema.join(', ')} read from the pasted payload_schema: values per point, value length and cardinality are qsize's defaults (give them in payload.indexes for a closer size)${w.payload?.avgBytes === 0 ? '; the payload itself is taken as 0 bytes (give --payload-bytes or payload.avgBytes)' : ''}`,
    );
  }

  const idMemory = c.id_tracker?.memory ?? null;
  if (idMemory !== null && !features.idTrackerTiers) {
    gate.refuse('collection.id_tracker.memory', idMemory, `no "id_tracker" setting: the id tracker's memory tier exists from Qdrant 1.20 (this workload is ${features.version})`);
  }
  const idTrackerTier: Tier = idMemory === 'cold' ? 'disk' : idMemory === 'cached' ? 'cache' : 'ram';
  const o = c.optimizers_config ?? {};
  const wal = c.wal_config ?? {};
  const resolved: Resolved = {
    features,
    points: w.points,
    shardNumber: c.shard_number ?? 1,
    pointIdType: w.pointIdType,
    dense,
    sparse,
    payload,
    payloadStorage,
    idTrackerTier,
    optimizers: {
      defaultSegmentNumber: o.default_segment_number ? o.default_segment_number : null,
      maxSegmentSizeKb: o.max_segment_size ?? null,
      indexingThresholdKb: o.indexing_threshold ?? null,
      flushIntervalSec: o.flush_interval_sec ?? QDRANT.flushIntervalSec.value,
    },
    wal: {
      capacityMb: wal.wal_capacity_mb ?? QDRANT.walCapacityMb.value,
      segmentsAhead: wal.wal_segments_ahead ?? 0,
      retainClosed: wal.wal_retain_closed ?? features.walRetainClosed,
    },
    nodeCpus: w.assumptions.nodeCpus,
    degreeRatio: w.assumptions.hnswDegreeRatio ?? null,
    payloadBlockDegreeRatio: w.assumptions.payloadBlockDegreeRatio ?? null,
    processBaselineBytes: w.assumptions.processBaselineBytes ?? null,
    searchThreads: w.assumptions.searchThreads ?? null,
    clusterMode: w.assumptions.clusterMode ?? false,
    bulkLoad: w.assumptions.bulkLoad ?? false,
    uploadBatchPoints: w.assumptions.uploadBatchPoints ?? null,
    grownFromPoints: w.assumptions.grownFromPoints ?? null,
    writesPerSecond: w.assumptions.writesPerSecond ?? 0,
    allocator: w.assumptions.allocator ?? DEFAULT_ALLOCATOR,
    warnings,
  };
  return { resolved, problems: gate.refused };
}

function resolveDense(
  name: string,
  v: VectorParams,
  w: Workload,
  f: VersionFeatures,
  warnings: string[],
  gate: VersionGate,
): ResolvedDense {
  const c = w.collection;
  const label = name === '' ? 'default' : name;
  const path = name === '' ? 'collection.vectors' : `collection.vectors.${name}`;
  const datatype = v.datatype ?? 'float32';
  if (datatype === 'turbo4' && !hasDatatype(f, datatype)) {
    gate.refuse(`${path}.datatype`, datatype, `float32, float16 or uint8 (turbo4 is stored from Qdrant 1.19: 1.18.2 and 1.18.3 accept it but cannot create its storage; this workload is ${f.version})`);
  }
  if ((datatype === 'turbo8' || datatype === 'turbo16') && !hasDatatype(f, datatype)) {
    gate.refuse(`${path}.datatype`, datatype, `float32, float16, uint8${f.turboDatatype ? ' or turbo4' : ''} (${datatype} exists from Qdrant 1.20; this workload is ${f.version})`);
  }
  gate.needTiers(`${path}.memory`, v.memory);
  if (f.memoryTiers && v.memory === 'pinned') gate.reject(`${path}.memory`, 'pinned', 'cold or cached (Qdrant rejects pinned for dense vectors)');
  const originalsOnDisk = v.memory ? v.memory === 'cold' : (v.on_disk ?? false);
  const originalsTier: Tier = originalsOnDisk ? 'disk' : 'cache';

  const hnsw = { ...(c.hnsw_config ?? {}), ...stripNull(v.hnsw_config ?? {}) };
  gate.needTiers(`${path}.hnsw_config.memory`, hnsw.memory);
  const m = hnsw.m ?? 16;
  const payloadM = hnsw.payload_m ?? m;
  // payload_m sets only the links of the sub-graphs Qdrant builds for payload indexes (payloadLinkFields,
  // src/model/hnsw.ts): "Number of additional payload-aware links per node. ... A positive value allows them for indexed
  // payload fields with HNSW enabled, even when m is 0" (HnswConfigDiff.payload_m, the 1.20.0 schema in
  // test/emit/upstream/qdrant-openapi/create-collection.v1.20.0.json). With no such field it changes nothing.
  const subGraphs = (w.payload?.indexes ?? []).some((idx) => {
    const schema = fieldSchemaParams(idx);
    return !('enable_hnsw' in schema && schema.enable_hnsw === false);
  });
  if (hnsw.payload_m != null && hnsw.payload_m > 0 && !subGraphs) {
    warnings.push(
      `vector "${label}": hnsw_config.payload_m (--payload-m) ${hnsw.payload_m} has no effect: it sets the links of the sub-graphs Qdrant builds per payload index value, and this workload has ${(w.payload?.indexes.length ?? 0) === 0 ? 'no payload index' : 'no payload index that builds them (every one has enable_hnsw: false)'}${m === 0 ? '; with m 0 there is no main graph either, so this vector has no HNSW links at all' : ''} (add a payload index under payload.indexes, or leave payload_m out)`,
    );
  }
  // With m 0 and no payload sub-graph there are no links at all, so where they live changes nothing (audit36: `-m 0
  // --hnsw-on-disk` said nothing).
  const noLinks = m === 0 && (payloadM === 0 || !subGraphs);
  if (noLinks && (hnsw.on_disk != null || hnsw.memory != null)) {
    const set = hnsw.memory != null ? `hnsw_config.memory ${hnsw.memory}` : `hnsw_config.on_disk ${String(hnsw.on_disk)} (--hnsw-on-disk)`;
    warnings.push(`vector "${label}": ${set} has no effect: with m 0 and no payload sub-graph this vector has no HNSW links to place`);
  }
  let hnswTier: Tier;
  if (hnsw.memory) hnswTier = hnsw.memory === 'pinned' ? 'ram' : hnsw.memory === 'cached' ? 'cache' : 'disk';
  else if (hnsw.on_disk) hnswTier = 'disk';
  else hnswTier = f.hnswHeapWhenInRam ? 'ram' : 'cache';

  const multivector = v.multivector_config != null;
  const vectorsPerPoint = multivector ? (w.multivector[name] ?? 1) : 1;
  if (multivector && w.multivector[name] === undefined) {
    warnings.push(`vector "${label}" is a multivector but no average vectors per point was given (workload.multivector["${name}"]); assuming 1`);
  }

  const own = v.quantization_config !== undefined && v.quantization_config !== null;
  const qc: QuantizationConfig | 'Disabled' | null | undefined = own ? v.quantization_config : c.quantization_config;
  // Named where the user wrote it: the vector's own quantization_config, or the collection's that it inherits.
  const qPath = own ? `${path}.quantization_config` : 'collection.quantization_config';
  const quantization = qc && qc !== 'Disabled' ? resolveQuantization(qc, qPath, originalsOnDisk, f, gate) : null;

  if (rawDotBuild({ datatype, distance: v.distance, quantization })) {
    warnings.push(
      `vector "${label}": uint8 vectors with ${v.distance} distance${v.distance === 'Cosine' ? ` and ${quantization!.kind} quantization` : ''} build the HNSW graph on dot products of unnormalized vectors, which favour the points with the largest sums: measured at m=16, such graphs kept 9-88% of the expected links (a smaller links file than planned, and a poorer search); ${v.distance === 'Cosine' ? 'binary quantization, Euclid distance or float16 originals' : 'Cosine or Euclid distance'} avoid it (docs/methodology.md, "Graphs built on raw dot products")`,
    );
  }

  let inlineStorage = hnsw.inline_storage ?? false;
  if (inlineStorage && !f.inlineStorage) {
    gate.refuse(`${path}.hnsw_config.inline_storage`, true, `false (inline_storage exists from Qdrant 1.16; this workload is ${f.version})`);
  }
  if (inlineStorage && (!quantization || multivector)) {
    warnings.push(`vector "${label}": hnsw_config.inline_storage is ignored by Qdrant without quantization or for multivectors`);
    inlineStorage = false;
  }
  // m 0 builds no main graph ("Set to 0 to disable the main HNSW graph", HnswConfigDiff.m, the 1.20.0 schema), so there
  // is no graph record to carry the vectors: they stay in the vector storage. The HNSW inline item needs m > 0 too
  // (src/model/hnsw.ts); before this check the 1.20 vector file was dropped as well, and the vectors were counted nowhere.
  if (inlineStorage && m === 0) {
    warnings.push(`vector "${label}": hnsw_config.inline_storage (--inline-storage) has no effect with m 0: there is no main HNSW graph to carry the vectors, so qsize keeps them in their own vector file`);
    inlineStorage = false;
  }
  // With inline storage the graph carries each link's quantized vector, yet v1.19.0 still loads the quantized
  // storage as configured: measured (data/calibration/v1.19.0-matrix/inline-bq1-hnswcold.json, 100k x 384-d,
  // binary 1-bit, graph on disk) 10.2 MB of live heap, the modelled 5.4 MB plus the 4.8 MB of codes. (The
  // development branch after v1.19.0, qdrant-edge-py 0.9.0, does not load it: 5.4 MB.)
  return {
    name,
    label,
    dim: v.size,
    datatype,
    distance: v.distance,
    bytesPerElement: ELEMENT_BYTES[datatype],
    vectorExtraBytes: turboVectorExtraBytes(datatype, v.size, v.distance),
    multivector,
    vectorsPerPoint,
    originalsTier,
    m,
    efConstruct: hnsw.ef_construct ?? 100,
    levelDraw: f.levelDraw,
    fullScanThresholdKb: hnsw.full_scan_threshold ?? 10_000,
    payloadM,
    hnswTier,
    inlineStorage,
    quantization,
  };
}

/**
 * A payload index param the workload's version does not have: the workload accepts every version's params
 * (src/spec/payload-index.ts), so the version is checked here, where the others are.
 */
function checkIndexParams(
  schema: PayloadIndexSpec['field_schema'],
  path: string,
  f: VersionFeatures,
  gate: VersionGate,
): void {
  if (typeof schema === 'string') return;
  gate.needTiers(`${path}.memory`, schema.memory);
  const minor = parseVersion(f.version)!.minor;
  for (const p of INDEX_PARAMS_SINCE) {
    const value = (schema as Record<string, unknown>)[p.param];
    if (value != null && (p.type === 'any' || p.type === schema.type) && minor < p.minor) {
      gate.refuse(`${path}.${p.param}`, value, `no "${p.param}" setting: ${p.what} exists from Qdrant 1.${p.minor} (this workload is ${f.version})`);
    }
  }
  if (schema.nested != null && !f.nestedIndexes) {
    gate.refuse(`${path}.nested`, schema.nested, `no "nested" setting: nested (array-element) indexes exist from Qdrant 1.20 (this workload is ${f.version})`);
  }
  if (schema.type === 'text') {
    if (schema.scoring != null && !f.textScoring) {
      gate.refuse(`${path}.scoring`, schema.scoring, `no "scoring" setting: BM25 scoring on a text index exists from Qdrant 1.20 (this workload is ${f.version})`);
    }
    if (schema.tokenizer === 'code' && !f.textScoring) {
      gate.refuse(`${path}.tokenizer`, 'code', `prefix, whitespace, word or multilingual (the code tokenizer exists from Qdrant 1.20; this workload is ${f.version})`);
    }
  }
}

/** The text-only and nested-only inputs of a payload index, refused on an index they do not describe. */
function checkIndexInputs(idx: PayloadIndexSpec, path: string, gate: VersionGate): void {
  const schema = fieldSchemaParams(idx);
  if (schema.type !== 'text') {
    for (const key of ['tokensPerValue', 'avgTokenBytes', 'zipfExponent', 'language'] as const) {
      if (idx[key] !== undefined) gate.reject(`${path}.${key}`, idx[key], `${key} only on a text index (this index is "${schema.type}")`);
    }
  }
  const prefix = 'tokenizer' in schema && schema.tokenizer === 'prefix';
  for (const key of ['prefixTokensPerValue', 'prefixCardinality'] as const) {
    if (idx[key] !== undefined && !prefix) gate.reject(`${path}.${key}`, idx[key], `${key} only on a text index with the prefix tokenizer (field_schema.tokenizer: "prefix")`);
  }
  // The order of the values only shapes a numeric range index's histogram, hence its HNSW range blocks (pointOrderRangeBlocks).
  if (idx.valueOrder !== undefined && !isRangeIndex(idx)) {
    const what = schema.type === 'integer' ? 'an integer index with range: false' : `"${schema.type}"`;
    gate.reject(`${path}.valueOrder`, idx.valueOrder, `valueOrder only on a range index: integer (with range), float or datetime (this index is ${what})`);
  }
  const nested = 'nested' in schema ? schema.nested : undefined;
  if (idx.elementsPerPoint !== undefined && (nested === undefined || nested === null)) {
    gate.reject(`${path}.elementsPerPoint`, idx.elementsPerPoint, 'elementsPerPoint only with field_schema.nested (the array whose elements are indexed one by one, Qdrant 1.20+); for a plain array field use valuesPerPoint');
  }
}

function stripNull<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== null && x !== undefined)) as Partial<T>;
}

function resolveQuantization(
  qc: QuantizationConfig,
  path: string,
  originalsOnDisk: boolean,
  f: VersionFeatures,
  gate: VersionGate,
): ResolvedQuantization {
  let label: string;
  let alwaysRam: boolean | null | undefined;
  let memory: 'cold' | 'cached' | 'pinned' | null | undefined;
  let kindAndParameter: QuantParameter;
  if ('scalar' in qc) {
    kindAndParameter = { kind: 'scalar' };
    label = 'scalar int8';
    ({ always_ram: alwaysRam, memory } = qc.scalar);
  } else if ('product' in qc) {
    kindAndParameter = { kind: 'product', compression: qc.product.compression };
    label = `product ${qc.product.compression}`;
    ({ always_ram: alwaysRam, memory } = qc.product);
  } else if ('binary' in qc) {
    const enc = qc.binary.encoding ?? 'one_bit';
    if (enc !== 'one_bit' && !f.binaryMultiBit) {
      gate.refuse(`${path}.binary.encoding`, enc, `one_bit (1.5-bit and 2-bit encodings exist from Qdrant 1.15; this workload is ${f.version}; as --quantization: binary-1)`);
    }
    if (qc.binary.query_encoding != null && !f.binaryMultiBit) {
      gate.refuse(`${path}.binary.query_encoding`, qc.binary.query_encoding, `no "query_encoding" setting: asymmetric binary quantization (query_encoding) exists from Qdrant 1.15 (this workload is ${f.version})`);
    }
    const bits = enc === 'one_bit' ? 1 : enc === 'two_bits' ? 2 : 1.5;
    kindAndParameter = { kind: 'binary', bits };
    label = `binary ${bits}-bit`;
    ({ always_ram: alwaysRam, memory } = qc.binary);
  } else {
    // Before 1.18 TurboQuant is refused whole; its bits are not refused a second time.
    if (!f.turbo) gate.refuse(`${path}.turbo`, qc.turbo, `scalar, product or binary (TurboQuant exists from Qdrant 1.18; this workload is ${f.version}; as --quantization: scalar, pq-x4 to pq-x64 or binary-*)`);
    const bits = qc.turbo.bits ?? 'bits4';
    if (f.turbo && bits === 'bits8' && !f.turboBits8) {
      gate.refuse(`${path}.turbo.bits`, bits, `bits1, bits1_5, bits2 or bits4 (bits8 exists from Qdrant 1.20; this workload is ${f.version}; as --quantization: turbo-1, turbo-1.5, turbo-2 or turbo-4)`);
    }
    kindAndParameter = { kind: 'turbo', bits: bits === 'bits1' ? 1 : bits === 'bits1_5' ? 1.5 : bits === 'bits2' ? 2 : bits === 'bits8' ? 8 : 4 };
    label = `turbo ${bits}`;
    ({ always_ram: alwaysRam, memory } = qc.turbo);
  }
  gate.needTiers(`${path}.${kindAndParameter.kind}.memory`, memory);
  let tier: Tier;
  let tierReason: string;
  if (f.memoryTiers) {
    // qdrant@v1.19.0:lib/segment/src/vector_storage/quantized/quantized_vectors.rs (memory_placement),
    // types.rs (legacy_always_ram_placement): always_ram=true == pinned; false == follow storage;
    // unset: pinned when originals are cached, cold when on disk.
    const placement = memory ?? (alwaysRam === true ? 'pinned' : alwaysRam === false ? (originalsOnDisk ? 'cold' : 'cached') : originalsOnDisk ? 'cold' : 'pinned');
    tier = placement === 'pinned' ? 'ram' : placement === 'cached' ? 'cache' : 'disk';
    tierReason = memory ? `memory: ${memory}` : alwaysRam != null ? `always_ram: ${alwaysRam} (v1.19 mapping)` : `default for originals ${originalsOnDisk ? 'on disk' : 'in RAM'}`;
  } else {
    // qdrant@v1.12.0:lib/segment/src/vector_storage/quantized/quantized_vectors.rs (fn is_ram):
    // is_ram = !on_disk_vector_storage || always_ram == Some(true)
    const isRam = !originalsOnDisk || alwaysRam === true;
    tier = isRam ? 'ram' : 'disk';
    tierReason = !originalsOnDisk ? 'originals in RAM: quantized copy is always on the heap' : alwaysRam ? 'always_ram: true' : 'originals on disk, always_ram unset: cold mmap';
  }
  return { ...kindAndParameter, label, tier, tierReason };
}
