/**
 * Original dense vectors (and multivectors). All originals are file-backed in every version
 * 1.12-1.19: on_disk=false (memory: cached) = mmap populated into page cache; on_disk=true
 * (memory: cold) = lazy mmap. Bytes = N * D * e, no per-vector padding.
 * qdrant@v1.19.0:lib/segment/src/vector_storage/dense/immutable_dense_vectors.rs,
 * qdrant@v1.19.0:lib/segment/src/segment_constructor/segment_constructor_base/vector_storage.rs.
 */
import { makeItem } from './formula.js';
import { QDRANT } from './constants.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved, ResolvedDense } from './resolve.js';
import { dynamicFlagsApparentBytes } from './gridstore.js';

const STORAGE_SOURCE = 'qdrant@v1.19.0:lib/segment/src/vector_storage/dense/immutable_dense_vectors.rs; lib/segment/src/vector_storage/chunked_vectors/config.rs';

export function denseVectorItems(r: Resolved, layout: SegmentLayout, d: ResolvedDense): LineItem[] {
  const N = r.points;
  const D = d.dim;
  const e = d.bytesPerElement;
  const items: LineItem[] = [];
  const prefix = `vectors.${d.label}`;
  const where = d.originalsTier === 'cache' ? 'in page cache' : 'on disk';
  if (d.multivector) {
    const k = d.vectorsPerPoint;
    items.push(
      makeItem({
        id: `${prefix}.originals`,
        name: `Original multivectors "${d.label}" (${d.datatype}, ${D}-d, ${k} per point, ${where})`,
        structure: 'vectors',
        vector: d.name,
        residency: d.originalsTier === 'cache' ? 'cache' : 'disk',
        value: N * k * D * e,
        formula: 'N * k * D * e',
        inputs: { N, k, D, e },
        source: 'qdrant@v1.19.0:lib/segment/src/vector_storage/multi_dense/appendable_mmap_multi_dense_vector_storage.rs (always chunked)',
        confidence: k === 1 ? 'exact' : 'high',
        note: 'k is the average number of inner vectors per point (workload.multivector)',
      }),
      makeItem({
        id: `${prefix}.multivector-offsets`,
        name: `Multivector offsets "${d.label}"`,
        structure: 'vectors',
        vector: d.name,
        residency: d.originalsTier === 'cache' ? 'cache' : 'disk',
        value: N * QDRANT.multivectorOffsetBytes.value,
        formula: 'N * o',
        inputs: { N, o: QDRANT.multivectorOffsetBytes.value },
        source: QDRANT.multivectorOffsetBytes.source,
        confidence: 'exact',
      }),
    );
  } else if (d.inlineStorage && layout.indexed) {
    // With hnsw_config.inline_storage the originals live inside the graph file (links_comp_vec.bin,
    // counted by the HNSW inline item); the vector storage keeps only its deletion flags
    // (measured: qdrant-edge-py 0.9.0, data/calibration/inline-bq1-hnswcold.json).
  } else {
    items.push(
      makeItem({
        id: `${prefix}.originals`,
        name: `Original vectors "${d.label}" (${d.datatype}, ${D}-d, ${where})`,
        structure: 'vectors',
        vector: d.name,
        residency: d.originalsTier === 'cache' ? 'cache' : 'disk',
        value: N * D * e,
        formula: 'N * D * e',
        inputs: { N, D, e },
        source: STORAGE_SOURCE,
        confidence: 'exact',
      }),
    );
  }
  // Per segment: 4-byte "data" header + deleted bitslice ("drop" header + 1 bit per point).
  const S = layout.segmentsTotal;
  const h = QDRANT.denseHeaderBytes.value + QDRANT.deletedHeaderBytes.value;
  items.push(
    makeItem({
      id: `${prefix}.headers`,
      name: `Vector storage headers and deletion flags "${d.label}"`,
      structure: 'vectors',
      vector: d.name,
      residency: 'disk',
      value: S * h + N / 8,
      formula: 'S * h + N / 8',
      inputs: { S, h, N },
      source: `${QDRANT.denseHeaderBytes.source}; ${QDRANT.deletedHeaderBytes.source}`,
      confidence: 'high',
    }),
  );
  return items;
}

/**
 * Apparent (not allocated) extra size of chunked storages: each chunked storage's last 32 MiB chunk
 * is created with set_len and is sparse (qdrant@v1.19.0:lib/common/common/src/mmap/ops.rs).
 * Reported beside disk, not in it: `du` does not count it, `ls -l` does. Multivectors add the sparse
 * tail of their offsets chunk (12-byte records, 2,796,202 per 33,554,424-byte chunk) and the 1 MiB
 * minimum of their deleted-flags file (measured: data/calibration/multivec-d128.json, 202,375,324 B
 * apparent for 163,479,552 B allocated).
 */
export function chunkApparentSlackBytes(r: Resolved, layout: SegmentLayout, d: ResolvedDense): number {
  const chunked = d.multivector || !layout.indexed || (d.originalsTier === 'cache' && !r.features.singleFileInRamVectors);
  if (!chunked) return 0;
  const S = layout.segmentsTotal;
  const chunk = QDRANT.chunkSizeBytes.value;
  const tail = (records: number, recordBytes: number) => {
    const perChunk = Math.max(1, Math.floor(chunk / recordBytes));
    const used = records % perChunk === 0 ? perChunk : records % perChunk;
    return (perChunk - used) * recordBytes;
  };
  const n = (r.points * d.vectorsPerPoint) / S;
  let slack = tail(n, d.dim * d.bytesPerElement);
  if (d.multivector) {
    const points = r.points / S;
    slack += tail(points, QDRANT.multivectorOffsetBytes.value) + Math.max(0, dynamicFlagsApparentBytes(points) - points / 8);
  }
  return Math.round(S * slack);
}
