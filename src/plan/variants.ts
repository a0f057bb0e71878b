/**
 * Storage variants of a workload the planner compares: the collection as configured, and quantization
 * options that change how much RAM a peer needs (and so the node count). Each variant is a rewritten
 * Qdrant collection body, so the estimate re-runs on it and the emitters can write it out.
 */
import type { VectorParams, Workload } from '../spec/workload.js';
import { normalizeVectors } from '../model/named-vectors.js';
import { resolve } from '../model/resolve.js';

export interface WorkloadVariant {
  key: 'as-configured' | 'scalar-int8' | 'scalar-int8-on-disk' | 'binary-on-disk';
  label: string;
  workload: Workload;
  /** Whether the variant moves original vectors to disk (needs `onDiskAllowed`). */
  onDisk: boolean;
  note: string;
}

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
 * Variants: as configured; scalar int8 with originals in page cache; scalar int8 with originals on disk; binary
 * (1 bit) with originals on disk. Quantized vectors are pinned in RAM (`always_ram: true`), originals are kept for
 * rescoring. Recall changes with each: Qdrant reports ~1-2% loss for int8 and recommends binary only for
 * high-dimensional embeddings (https://qdrant.tech/documentation/guides/quantization/); measure on your data.
 */
export function workloadVariants(workload: Workload, onDiskAllowed: boolean): WorkloadVariant[] {
  const out: WorkloadVariant[] = [
    { key: 'as-configured', label: 'as configured', workload, onDisk: false, note: 'the collection body exactly as given' },
  ];
  if (!hasDense(workload)) return out;
  const int8 = { scalar: { type: 'int8' as const, quantile: 0.99, always_ram: true } };
  if (!allQuantizedWith(workload, 'scalar')) {
    out.push({
      key: 'scalar-int8',
      label: 'scalar int8 quantization',
      workload: mapVectors(workload, (v) => ({ ...v, quantization_config: int8 })),
      onDisk: false,
      note: 'int8 codes pinned in RAM, originals stay in page cache; ~1-2% recall loss before rescoring',
    });
  }
  if (onDiskAllowed) {
    out.push({
      key: 'scalar-int8-on-disk',
      label: 'scalar int8 quantization, originals on disk',
      workload: mapVectors(workload, (v) => ({ ...v, on_disk: true, memory: null, quantization_config: int8 })),
      onDisk: true,
      note: 'int8 codes pinned in RAM, float originals read from disk only for rescoring',
    });
    if (!allQuantizedWith(workload, 'binary') && minDenseDim(workload) >= BINARY_MIN_DIM) {
      out.push({
        key: 'binary-on-disk',
        label: 'binary quantization (1 bit), originals on disk',
        workload: mapVectors(workload, (v) => ({
          ...v,
          on_disk: true,
          memory: null,
          quantization_config: { binary: { always_ram: true } },
        })),
        onDisk: true,
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
    return { dim: d.dim, m: d.m, efConstruct: d.efConstruct, ...(inner !== undefined ? { innerVectors: inner } : {}) };
  });
  shapesOf.set(w, shapes);
  return shapes;
}
