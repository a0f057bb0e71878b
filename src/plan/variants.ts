/**
 * Variants of a workload the planner compares: the collection as configured, quantization options that change how
 * much RAM a peer needs (and so the node count), and, under a query load, each of those with fewer segments, which
 * changes how much CPU a search needs. Each variant is a rewritten Qdrant collection body, so the estimate re-runs on
 * it and the emitters can write it out.
 */
import type { VectorParams, Workload } from '../spec/workload.js';
import { normalizeVectors } from '../model/named-vectors.js';
import { resolve } from '../model/resolve.js';
import { buildUnitsPerDim, multivectorSearchFetchShare, multivectorSearchPairCost, productCodesOf, walkBytesPerDim, type ProductCodes } from '../topology/throughput.js';

type StorageKey = 'as-configured' | 'scalar-int8' | 'scalar-int8-on-disk' | 'binary-on-disk';

export interface WorkloadVariant {
  /** The storage variant, and `+fewer-segments` when it also sets FEWER_SEGMENTS' default_segment_number. */
  key: StorageKey | `${StorageKey}+fewer-segments`;
  /** The storage variant alone (the key without the segment setting). */
  storage: StorageKey;
  label: string;
  workload: Workload;
  /** Whether the variant moves original vectors to disk (needs `onDiskAllowed`). */
  onDisk: boolean;
  /** Whether the variant sets default_segment_number FEWER_SEGMENTS for a query load (the `segments` alternatives). */
  fewerSegments: boolean;
  note: string;
}

/**
 * The segment count a query-load variant sets: `default_segment_number: 2`, Qdrant's own advice for throughput
 * ("Use fewer, larger segments (default_segment_number: 2)", qdrant/skills `qdrant-scaling-qps`,
 * https://skills.sh/qdrant/skills/qdrant-scaling-qps; "throughput and latency are opposite tuning directions").
 * Why it pays: Qdrant searches every segment of a shard with the whole ef, each in its own task
 * (qdrant@v1.19.0 lib/collection/src/collection_manager/segments_searcher.rs), and Qdrant's default is one segment
 * per 2 CPUs, from 2 to 8 (qdrant@v1.19.0 lib/shard/src/optimizers/config.rs `default_segment_number`), so a pod of 16
 * or more CPUs keeps 7 indexed segments a shard where one would do. Measured on the real v1.19.0 server
 * (data/calibration/dense-search/v1.19.0.json, one search at a time): 100,000 uniform 128-d points cost 0.75 ms of CPU a
 * search in 1 segment, 1.11 ms in 2, 3.17 ms in 4; saturated (data/calibration/segment-throughput/v1.19.0.json), one
 * segment served 3.4-4.2 times the searches a second of four, more than the model's 1.6-1.7. The price: a single search
 * runs on fewer threads, so on a big node its latency at low load rises (the many-segment layout is Qdrant's advice
 * for latency), and each optimization rebuilds a larger segment. Segments stay under `max_segment_size` either way
 * (src/model/layout.ts), so a shard larger than that keeps its several segments.
 */
export const FEWER_SEGMENTS = {
  defaultSegmentNumber: 2,
  source: 'https://skills.sh/qdrant/skills/qdrant-scaling-qps (qdrant/skills, "Use fewer, larger segments (default_segment_number: 2)")',
} as const;

/** Rewrites every dense vector with `f`, keeping the unnamed/named shape of the body. */
function mapVectors(w: Workload, f: (v: VectorParams) => VectorParams): Workload {
  const vectors = w.collection.vectors;
  if (!vectors) return w;
  const named = normalizeVectors(vectors);
  // Object.fromEntries defines own properties, so a vector named `__proto__` stays a vector (assignment would set the prototype).
  const out: Record<string, VectorParams> = Object.fromEntries(Object.entries(named).map(([name, params]) => [name, f(params)]));
  const next = Object.keys(out).length === 1 && Object.hasOwn(out, '') ? out[''] : out;
  return { ...w, collection: { ...w.collection, vectors: next ?? null } };
}

/**
 * Binary quantization is offered only for embeddings of at least this many dimensions: Qdrant's quantization guide
 * recommends it for high-dimensional models (OpenAI 1536-d, Cohere 1024-d) and warns that recall drops on small ones
 * (https://qdrant.tech/documentation/guides/quantization/#binary-quantization).
 */
export const BINARY_MIN_DIM = 1024;

function minDenseDim(w: Workload): number {
  if (!w.collection.vectors) return 0;
  return Math.min(...Object.values(normalizeVectors(w.collection.vectors)).map((v) => v.size));
}

function hasDense(w: Workload): boolean {
  return !!w.collection.vectors && Object.keys(normalizeVectors(w.collection.vectors)).length > 0;
}

function allQuantizedWith(w: Workload, kind: 'scalar' | 'binary'): boolean {
  if (!w.collection.vectors) return false;
  const top = w.collection.quantization_config;
  return Object.values(normalizeVectors(w.collection.vectors)).every((v) => {
    const q = v.quantization_config ?? top;
    return !!q && q !== 'Disabled' && kind in q;
  });
}

/**
 * The variants the planner compares: the storage variants (storageVariants) and, under a query load on a collection
 * with a dense vector that does not set its own default_segment_number, each of them again with FEWER_SEGMENTS.
 */
export function workloadVariants(workload: Workload, onDiskAllowed: boolean, queryLoad = false): WorkloadVariant[] {
  const storage = storageVariants(workload, onDiskAllowed);
  return queryLoad && hasDense(workload) && !setsSegmentNumber(workload) ? [...storage, ...storage.map(withFewerSegments)] : storage;
}

/** Whether the collection sets its own default_segment_number (0 is Qdrant's "auto", not a setting). */
function setsSegmentNumber(w: Workload): boolean {
  return !!w.collection.optimizers_config?.default_segment_number;
}

/** `v` with default_segment_number FEWER_SEGMENTS (see there for why, and what it costs). */
function withFewerSegments(v: WorkloadVariant): WorkloadVariant {
  const n = FEWER_SEGMENTS.defaultSegmentNumber;
  const c = v.workload.collection;
  return {
    key: `${v.storage}+fewer-segments`,
    storage: v.storage,
    label: v.storage === 'as-configured' ? `default_segment_number ${n} (fewer, larger segments)` : `${v.label}, default_segment_number ${n}`,
    workload: { ...v.workload, collection: { ...c, optimizers_config: { ...c.optimizers_config, default_segment_number: n } } },
    onDisk: v.onDisk,
    fewerSegments: true,
    note: `${v.note}; fewer, larger segments (default_segment_number ${n}): less CPU a search, a higher single-search latency on a big node`,
  };
}

/**
 * Storage variants, each with Qdrant's default segments: as configured; scalar int8 with originals in page cache; scalar int8 with originals on disk; binary
 * (1 bit) with originals on disk. Quantized vectors are pinned in RAM (`always_ram: true`), originals are kept for
 * rescoring. Recall changes with each: Qdrant reports ~1-2% loss for int8 and recommends binary only for
 * high-dimensional embeddings (https://qdrant.tech/documentation/guides/quantization/); measure on your data.
 */
function storageVariants(workload: Workload, onDiskAllowed: boolean): WorkloadVariant[] {
  const out: WorkloadVariant[] = [
    { key: 'as-configured', storage: 'as-configured', label: 'as configured', workload, onDisk: false, fewerSegments: false, note: 'the collection body exactly as given' },
  ];
  if (!hasDense(workload)) return out;
  const int8 = { scalar: { type: 'int8' as const, quantile: 0.99, always_ram: true } };
  if (!allQuantizedWith(workload, 'scalar')) {
    out.push({
      key: 'scalar-int8',
      storage: 'scalar-int8',
      label: 'scalar int8 quantization',
      workload: mapVectors(workload, (v) => ({ ...v, quantization_config: int8 })),
      onDisk: false,
      fewerSegments: false,
      note: 'int8 codes pinned in RAM, originals stay in page cache; ~1-2% recall loss before rescoring',
    });
  }
  if (onDiskAllowed) {
    out.push({
      key: 'scalar-int8-on-disk',
      storage: 'scalar-int8-on-disk',
      label: 'scalar int8 quantization, originals on disk',
      workload: mapVectors(workload, (v) => ({ ...v, on_disk: true, memory: null, quantization_config: int8 })),
      onDisk: true,
      fewerSegments: false,
      note: 'int8 codes pinned in RAM, float originals read from disk only for rescoring',
    });
    if (!allQuantizedWith(workload, 'binary') && minDenseDim(workload) >= BINARY_MIN_DIM) {
      out.push({
        key: 'binary-on-disk',
      storage: 'binary-on-disk',
        label: 'binary quantization (1 bit), originals on disk',
        workload: mapVectors(workload, (v) => ({
          ...v,
          on_disk: true,
          memory: null,
          quantization_config: { binary: { always_ram: true } },
        })),
        onDisk: true,
        fewerSegments: false,
        note: 'binary codes pinned in RAM, originals on disk for rescoring; suits embeddings of 1024+ dimensions',
      });
    }
  }
  return out;
}

/** The dense vector facts of denseVectorShapes. */
export interface DenseVectorShape {
  dim: number;
  m: number;
  efConstruct: number;
  innerVectors?: number;
  /** What the graph walk's scoring of a candidate costs a dimension, in the int8 walk's bytes (walkBytesPerDim: the quantized copy, else the originals). */
  scoredBytesPerDim: number;
  /** What one distance of the graph build costs a dimension, float32 1; a multivector's inner pair over float32's (buildUnitsPerDim). */
  buildUnitsPerDim: number;
  /** Product codes, trained and written for every segment built (productCodesOf, CODES_BUILD). */
  codes?: ProductCodes;
  /** What an inner pair of a max_sim search costs over a float32 pair's (multivectorSearchPairCost): 1 on float32 originals without codes. */
  searchPairCost: number;
  /** The bytes of an inner vector a max_sim search fetches over float32's (multivectorSearchFetchShare): 1 on float32 originals without codes. */
  searchFetchShare: number;
}
const shapesOf = new WeakMap<Workload, DenseVectorShape[]>();
/**
 * Dense vector facts the throughput model needs: dimensions, m and ef_construct per vector, and a multivector's average
 * inner vectors (workload.multivector, by name; "" the unnamed vector). Taken from the resolved workload
 * (src/model/resolve.ts), so that their defaults are the estimate's (they were written here a second time); memoized
 * per workload, as the search evaluates one variant's workload at many peer counts.
 */
export function denseVectorShapes(w: Workload): DenseVectorShape[] {
  const known = shapesOf.get(w);
  if (known) return known;
  const shapes = resolve(w).dense.map((d) => {
    const inner = w.multivector[d.name];
    const codes = productCodesOf(d);
    return {
      dim: d.dim,
      m: d.m,
      efConstruct: d.efConstruct,
      scoredBytesPerDim: walkBytesPerDim(d),
      buildUnitsPerDim: buildUnitsPerDim(d, inner !== undefined),
      searchPairCost: multivectorSearchPairCost(d),
      searchFetchShare: multivectorSearchFetchShare(d),
      ...(codes ? { codes } : {}),
      ...(inner !== undefined ? { innerVectors: inner } : {}),
    };
  });
  shapesOf.set(w, shapes);
  return shapes;
}
