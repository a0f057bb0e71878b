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
import { graphPoints } from './layout.js';

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
        // A turbo datatype stores every inner vector as one TurboQuant record of D e + x bytes (x: turboVectorExtraBytes
        // in src/model/resolve.ts), in tq_vectors/ chunks beside 12-byte offsets in tq_offsets/ (measured on
        // qdrant-edge-py 0.9.0: data/calibration/v1.20-structures/turbo-multivectors-0.9.0.json, fixed and spread counts,
        // appendable and optimized segments alike); before audit34 the inner turbo vectors were counted at D e alone.
        ...(d.vectorExtraBytes > 0
          ? { value: N * k * (D * e + d.vectorExtraBytes), formula: 'N * k * (D * e + x)', inputs: { N, k, D, e, x: d.vectorExtraBytes } }
          : { value: N * k * D * e, formula: 'N * k * D * e', inputs: { N, k, D, e } }),
        source: d.vectorExtraBytes > 0
          ? 'qdrant@v1.19.0:lib/segment/src/vector_storage/turbo/multi_turbo/appendable_mmap_multi_turbo_vector_storage.rs (always chunked, one quantized_size() record per inner vector); measured on qdrant-edge-py 0.9.0 (data/calibration/v1.20-structures/turbo-multivectors-0.9.0.json)'
          : 'qdrant@v1.19.0:lib/segment/src/vector_storage/multi_dense/appendable_mmap_multi_dense_vector_storage.rs (always chunked)',
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
  } else if (d.inlineStorage && layout.indexed && r.features.graphInlineStorage) {
    // 1.20 (GraphInline storage): with hnsw_config.inline_storage the originals of the indexed segments live only inside
    // the graph file (links_comp_vec.bin, counted by the HNSW inline item); their vector storage keeps only its deletion
    // flags (measured: qdrant-edge-py 0.9.0, data/calibration/inline-bq1-hnswcold.json). Up to 1.19 the chunked vector
    // storage is written as well (measured on the v1.19.0 engine: data/calibration/v1.19.0-matrix/inline-bq1-hnswcold.json).
    // The appendable tail segments have no graph ("GraphInline: ... Not appendable", VectorStorageType in the 1.20
    // client): their points' vectors stay in the vector storage. Before audit34 they were counted nowhere.
    const Nt = N - graphPoints(N, layout);
    if (Nt > 0) {
      const x = d.vectorExtraBytes;
      const rec = D * e + x;
      items.push(
        makeItem({
          id: `${prefix}.originals`,
          name: `Original vectors "${d.label}" of the appendable tail segments (${d.datatype}, ${D}-d, ${where}; the indexed segments keep theirs in the HNSW graph)`,
          structure: 'vectors',
          vector: d.name,
          residency: d.originalsTier === 'cache' ? 'cache' : 'disk',
          ...(x > 0 ? { value: Nt * rec, formula: 'Nt * (D * e + x)', inputs: { Nt, D, e, x } } : { value: Nt * rec, formula: 'Nt * D * e', inputs: { Nt, D, e } }),
          source: `${STORAGE_SOURCE}; VectorStorageType GraphInline "Not appendable" (qdrant-client 1.20.0)`,
          confidence: 'medium',
          // The tail holds 0 to twice its expected points (as the graph's range in src/model/hnsw.ts).
          low: 0,
          high: Math.min(N, 2 * Nt) * rec,
          note: `Nt = N - points in the graphs: the shards' appendable tails, which are not indexed and have no graph to carry their vectors`,
        }),
      );
    }
  } else {
    items.push(
      makeItem({
        id: `${prefix}.originals`,
        name: `Original vectors "${d.label}" (${d.datatype}, ${D}-d, ${where})`,
        structure: 'vectors',
        vector: d.name,
        residency: d.originalsTier === 'cache' ? 'cache' : 'disk',
        ...(d.vectorExtraBytes > 0
          ? { value: N * (D * e + d.vectorExtraBytes), formula: 'N * (D * e + x)', inputs: { N, D, e, x: d.vectorExtraBytes }, source: `${STORAGE_SOURCE}; turbo datatypes: measured on qdrant-edge-py 0.9.0 (data/calibration/v1.20-structures/edge-0.9.0.json; Euclid and odd D: turbo-multivectors-0.9.0.json)` }
          : { value: N * D * e, formula: 'N * D * e', inputs: { N, D, e }, source: STORAGE_SOURCE }),
        confidence: 'exact',
      }),
    );
  }
  // Appendable segments keep their vectors in 32 MiB chunk files that are created sparse and, in RAM
  // (on_disk=false), populated on load: the holes of the last chunk become resident zero pages, page cache that is
  // never allocated on disk (measured on the v1.19.0 server: 30,000 x 128-d in two plain segments, 15.4 MB of
  // vectors, held 2 x 32 MiB of chunk pages: Pss_File 129.1 MB against 132.1 modelled with the binary and the WAL).
  // Plain layout: every segment's last chunk. Indexed layout: the appendable tail segment of each shard, which holds
  // 0 to indexing_threshold of vectors. A chunk file is created by the first vector written into it
  // (qdrant@v1.19.0:lib/segment/src/vector_storage/chunked_vectors/write_ops.rs, insert_many: "Ensure capacity";
  // chunks.rs, create_chunk), so an empty tail maps no chunk at all (measured: d32-200k's empty tail maps only its
  // 4 KiB status files, 20 KB resident), and a tail with any points holds one whole populated chunk: 0 or c per
  // shard, never half. q, the chance that a shard's tail holds points, is the layout's tailOccupiedShare.
  const S = layout.segmentsTotal;
  if (d.originalsTier === 'cache' && !d.multivector) {
    const c = QDRANT.chunkSizeBytes.value;
    // A stored vector is D e bytes, and D e + x for the turbo datatypes (the originals item above): the chunks hold
    // those records, so the holes subtract the same bytes (before audit34 they subtracted N D e, and turbo's originals +
    // holes came to S whole chunks + N x).
    const x = d.vectorExtraBytes;
    const perSeg = layout.pointsPerSegment * (D * e + x);
    if (!layout.indexed) {
      // Whole chunks of the S segments minus the vectors themselves (so that originals + holes = S whole chunks).
      const holes = Math.max(0, S * Math.ceil(perSeg / c) * c - N * (D * e + x));
      items.push(
        makeItem({
          id: `${prefix}.populated-holes`,
          name: `Unwritten part of the populated vector chunks "${d.label}" (page cache, not on disk)`,
          structure: 'vectors',
          vector: d.name,
          residency: 'cache',
          value: holes,
          ...(x > 0
            ? { formula: 'max(0, S * ceil(b / c) * c - N * (D * e + x))', inputs: { S, b: perSeg, c, N, D, e, x } }
            : { formula: 'max(0, S * ceil(b / c) * c - N * D * e)', inputs: { S, b: perSeg, c, N, D, e } }),
          source: `${QDRANT.chunkSizeBytes.source}; measured: data/calibration/server-v1.19.0/d128-30k.json`,
          confidence: 'medium',
        }),
      );
    } else if ((layout.appendableSegmentsPerShard ?? 0) > 0) {
      const P = layout.shardNumber;
      const q = layout.tailOccupiedShare ?? 0.5;
      items.push(
        makeItem({
          id: `${prefix}.populated-holes`,
          name: `Populated vector chunk of the appendable tail segment "${d.label}" (page cache, not on disk)`,
          structure: 'vectors',
          vector: d.name,
          residency: 'cache',
          value: P * q * c,
          formula: 'P * q * c',
          inputs: { P, q, c },
          source: `${QDRANT.chunkSizeBytes.source}; qdrant@v1.19.0:lib/segment/src/vector_storage/chunked_vectors/write_ops.rs (a chunk is created by its first vector); measured: data/calibration/server-v1.19.0/*.json (tails of 0 to 19,500 points)`,
          confidence: 'low',
          low: 0,
          high: P * c,
          note: q === 0
            ? 'after a bulk load the tail is empty and maps no chunk; the next upsert creates its 32 MiB chunk (the high end)'
            : 'a tail with any points holds its whole 32 MiB chunk, an empty one none: q = 1/2 of the shards expected',
        }),
      );
    }
  }
  // Per segment: 4-byte "data" header + deleted bitslice ("drop" header + 1 bit per point).
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
  let slack = tail(n, d.dim * d.bytesPerElement + d.vectorExtraBytes);
  if (d.multivector) {
    const points = r.points / S;
    slack += tail(points, QDRANT.multivectorOffsetBytes.value) + Math.max(0, dynamicFlagsApparentBytes(points) - points / 8);
  }
  return Math.round(S * slack);
}
