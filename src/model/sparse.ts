/**
 * Sparse vectors: storage in an uncompressed gridstore (always mmap, read on demand) and an inverted
 * index: compressed posting lists for indexed segments (heap, or mmap when on_disk / cached / cold),
 * mutable posting lists for appendable segments (a 24-byte list per dimension, 12-byte elements, the dimension map).
 *
 * Storage value (bincode of StoredSparseVector): two u64 Vec lengths, the delta-packed indices
 * (6-bit width header + one delta per non-zero at the width of the largest, at least 8 bits) and the
 * f32 values, in whole 128-byte blocks (qdrant@v1.19.0:lib/segment/src/vector_storage/sparse/stored_sparse_vectors.rs,
 * lib/common/common/src/delta_pack.rs, lib/gridstore/src/).
 *
 * Index file (inverted_index.dat, qdrant@v1.19.0:lib/sparse/src/index/inverted_index/inverted_index_compressed_mmap.rs,
 * lib/sparse/src/index/compressed_posting_list.rs): one 24-byte header per dimension of the vocabulary; per
 * posting list, full chunks of 128 elements (BitPacker4x ids at the chunk's width, 8 bytes of chunk
 * header, 128 weights) and up to 127 uncompressed remainder elements {u32 id, weight}.
 */
import { hashBuckets, makeItem } from './formula.js';
import { FILE_SYSTEM_BLOCK_BYTES, QDRANT } from './constants.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved, ResolvedSparse } from './resolve.js';
import { dynamicFlagsApparentBytes, gridstoreApparentBytes, gridstoreFixedAllocatedBytes } from './gridstore.js';

/** Bytes of one stored sparse vector with z non-zeros and index deltas of b bits. */
function storedBytes(z: number, b: number): number {
  return QDRANT.sparseStoredLenBytes.value + (QDRANT.sparseDeltaHeaderBits.value + z * b) / 8 + 4 * z;
}

/**
 * Expected blocks per stored vector: sizes vary with the non-zeros, so a value wastes half a block on
 * average (`pad` = 1/2; measured 2.798 blocks for a mean of 286.9 B, the rule gives 2.741).
 */
function storageBlocks(z: number, b: number, pad: number): number {
  return Math.max(1, storedBytes(z, b) / QDRANT.gridBlockBytes.value + pad);
}


export function sparseItems(r: Resolved, layout: SegmentLayout, s: ResolvedSparse): LineItem[] {
  const N = r.points;
  const S = layout.segmentsTotal;
  const z = s.nonZeros;
  const label = s.name === '' ? 'default' : s.name;
  const B = QDRANT.gridBlockBytes.value;
  const t = QDRANT.gridTrackerBytes.value;
  const L = QDRANT.sparseStoredLenBytes.value;
  const h = QDRANT.sparseDeltaHeaderBits.value;
  const b = QDRANT.sparseStoredIndexBits.value;
  const g = gridstoreFixedAllocatedBytes();
  // Deleted flags: 1 bit per point + a status page per segment.
  const fs = FILE_SYSTEM_BLOCK_BYTES;
  const storage = (bits: number, pad: number) => N * (storageBlocks(z, bits, pad) * (B + 1 / 8) + t + 1 / 8) + S * (g + fs);
  const items: LineItem[] = [
    makeItem({
      id: `sparse.${label}.storage`,
      name: `Sparse vectors "${label}" storage (${z} non-zeros/point, on disk)`,
      structure: 'sparse',
      vector: s.name,
      residency: 'disk',
      value: storage(b, 0.5),
      formula: 'N * (max(1, (L + (h + z * b) / 8 + 4 * z) / B + 1 / 2) * (B + 1 / 8) + t + 1 / 8) + S * (g + fs)',
      inputs: { N, L, h, z, b, B, t, S, g, fs },
      source: `${QDRANT.sparseStoredLenBytes.source}; ${QDRANT.sparseDeltaHeaderBits.source}; ${QDRANT.gridBlockBytes.source}; ${QDRANT.gridTrackerBytes.source}`,
      confidence: 'medium',
      low: storage(8, 0),
      high: storage(20, 1),
      note: `b = index delta width (${b} bits measured for a 30k vocabulary; data dependent, 8-20); values take whole 128-byte blocks, half a block wasted on average`,
    }),
  ];
  if (layout.indexed) {
    const V = QDRANT.sparseVocabularyDims.value;
    const hd = QDRANT.sparsePostingHeaderBytes.value;
    const js = QDRANT.sparseTrackerJsonBytesPerDim.value;
    const bc = QDRANT.sparseChunkIdBits.value;
    const w = s.weightBytes;
    const ch = QDRANT.sparseChunkBytes.value;
    const cl = QDRANT.sparseChunkLen.value;
    const ri = QDRANT.sparseRemainderIdBytes.value;
    const rl = QDRANT.sparseRemainderPerList.value;
    // The index folder's small files beside inverted_index.dat and indices_tracker.json, one 4 KiB block each: 5 files in
    // all measured (data/calibration/sparse-nnz50.json, sparse_index.files); two of the three are inverted_index_config.json
    // (qdrant@v1.19.0:lib/sparse/src/index/inverted_index/inverted_index_compressed_mmap.rs, INDEX_CONFIG_FILE_NAME) and
    // sparse_index_config.json (lib/segment/src/index/sparse_index/sparse_index_config.rs).
    const sc = 3 * FILE_SYSTEM_BLOCK_BYTES;
    // Remainder elements per segment: half a chunk per list, or the whole list when lists are shorter.
    const R = V * Math.min(rl, (N * z) / (S * V));
    const elements = (bits: number) => (N * z - S * R) * (bits / 8 + w + ch / cl) + S * R * (ri + w);
    const fileValue = (bits: number) => S * (V * (hd + js) + sc) + elements(bits);
    const source = `${QDRANT.sparsePostingHeaderBytes.source}; ${QDRANT.sparseChunkLen.source}; ${QDRANT.sparseRemainderIdBytes.source}; ${QDRANT.sparseChunkIdBits.source}; ${QDRANT.sparseVocabularyDims.source}`;
    const note = `V = ${V} posting lists (vocabulary, assumption); R = V x min(${rl}, N z / (S V)) uncompressed remainder elements per segment`;
    const files = {
      value: fileValue(bc),
      formula: 'S * (V * (hd + js) + sc) + (N * z - S * R) * (bc / 8 + w + ch / cl) + S * R * (ri + w)',
      inputs: { S, V, hd, js, sc, N, z, R, bc, w, ch, cl, ri },
      source,
      confidence: 'medium' as const,
      low: fileValue(4),
      high: fileValue(16),
      note,
    };
    if (s.indexTier === 'ram') {
      // In RAM: each list is a struct of three Vecs (80 B) instead of its 24-byte header, plus the
      // dimension remapping as a hash map (u32 -> u32, 9 B per bucket).
      const lb = QDRANT.sparseRamListBytes.value;
      const hb = hashBuckets(V);
      const heapValue = (bits: number) => S * (V * lb + hb * 9) + elements(bits);
      items.push(
        makeItem({
          id: `sparse.${label}.index.heap`,
          name: `Sparse index "${label}" (compressed posting lists, heap)`,
          structure: 'sparse',
          vector: s.name,
          residency: 'ram',
          value: heapValue(bc),
          formula: 'S * (V * lb + hb * 9) + (N * z - S * R) * (bc / 8 + w + ch / cl) + S * R * (ri + w)',
          inputs: { S, V, lb, hb, N, z, R, bc, w, ch, cl, ri },
          source: `${QDRANT.sparseRamListBytes.source}; ${source}`,
          confidence: 'medium',
          low: heapValue(4),
          high: heapValue(16),
          note,
        }),
      );
      items.push(makeItem({ ...files, id: `sparse.${label}.index.files`, name: `Sparse index "${label}" files`, structure: 'sparse', vector: s.name, residency: 'disk' }));
    } else {
      items.push(
        makeItem({
          ...files,
          id: `sparse.${label}.index.files`,
          name: `Sparse index "${label}" (compressed posting lists, ${s.indexTier === 'cache' ? 'mmap in page cache' : 'cold mmap'})`,
          structure: 'sparse',
          vector: s.name,
          residency: s.indexTier === 'cache' ? 'cache' : 'disk',
        }),
      );
    }
  } else {
    // Appendable segments: a PostingList (one Vec) per dimension the segment's indices tracker has remapped (V, as for
    // the indexed segments: an upper bound when a small segment sees fewer dimensions), the tracker's u32 -> u32 map
    // (9 B per bucket), and 12 B per element; a Vec grown by pushes holds up to twice its elements (the high end).
    const V = QDRANT.sparseVocabularyDims.value;
    const e = QDRANT.sparseMutableElementBytes.value;
    const hl = QDRANT.sparseMutableListBytes.value;
    const hb = hashBuckets(V);
    const lists = S * (V * hl + hb * 9);
    items.push(
      makeItem({
        id: `sparse.${label}.index.heap`,
        name: `Sparse index "${label}" (mutable posting lists, heap)`,
        structure: 'sparse',
        vector: s.name,
        residency: 'ram',
        value: N * z * e + lists,
        formula: 'N * z * e + S * (V * hl + hb * 9)',
        inputs: { N, z, e, S, V, hl, hb },
        source: `${QDRANT.sparseMutableElementBytes.source}; ${QDRANT.sparseMutableListBytes.source}; ${QDRANT.sparseVocabularyDims.source}`,
        confidence: 'medium',
        low: N * z * e,
        high: 2 * N * z * e + lists,
        note: `V = ${V} dimensions per segment (vocabulary, assumption; fewer in a small segment: the low end counts none); Vec capacity up to twice the elements (the high end)`,
      }),
    );
  }
  return items;
}

/** Bytes `ls -l` shows beyond the allocated sparse storage: untouched gridstore pages and tracker, the 1 MiB deleted-flags minimum. */
export function sparseApparentSlackBytes(r: Resolved, layout: SegmentLayout, s: ResolvedSparse): number {
  const S = layout.segmentsTotal;
  const n = r.points / S;
  const nb = storageBlocks(s.nonZeros, QDRANT.sparseStoredIndexBits.value, 0.5);
  const allocated = n * (nb * QDRANT.gridBlockBytes.value + QDRANT.gridTrackerBytes.value + nb / 8) + gridstoreFixedAllocatedBytes();
  return Math.round(S * (Math.max(0, gridstoreApparentBytes(n, nb) - allocated) + Math.max(0, dynamicFlagsApparentBytes(n) - n / 8)));
}
