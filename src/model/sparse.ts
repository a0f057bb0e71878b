/**
 * Sparse vectors: storage in uncompressed gridstore (always mmap, not populated) and an inverted
 * index: compressed posting lists for indexed segments (heap, or mmap when on_disk / cached / cold),
 * mutable 12-byte posting elements for appendable segments.
 * qdrant@v1.19.0:lib/segment/src/vector_storage/sparse/mmap_sparse_vector_storage.rs, stored_sparse_vectors.rs;
 * qdrant@v1.19.0:lib/sparse/src/index/compressed_posting_list.rs, posting_list_common.rs.
 */
import { makeItem, ceilTo } from './formula.js';
import { QDRANT } from './constants.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved, ResolvedSparse } from './resolve.js';

export function sparseItems(r: Resolved, layout: SegmentLayout, s: ResolvedSparse): LineItem[] {
  const N = r.points;
  const z = s.nonZeros;
  const label = s.name === '' ? 'default' : s.name;
  const B = QDRANT.gridBlockBytes.value;
  const t = QDRANT.gridTrackerBytes.value;
  const L = QDRANT.sparseStoredLenBytes.value;
  const ib = QDRANT.sparseIndexBytes.value;
  const storage = (indexBytes: number) => N * (ceilTo(L + z * indexBytes + 4 * z, B) + t);
  const items: LineItem[] = [
    makeItem({
      id: `sparse.${label}.storage`,
      name: `Sparse vectors "${label}" storage (${z} non-zeros/point, on disk)`,
      structure: 'sparse',
      vector: s.name,
      residency: 'disk',
      value: storage(ib),
      formula: 'N * (ceil((L + z * ib + 4 * z) / B) * B + t)',
      inputs: { N, L, z, ib, B, t },
      source: `${QDRANT.sparseStoredLenBytes.source}; ${QDRANT.gridBlockBytes.source}`,
      confidence: 'medium',
      low: storage(1),
      high: storage(4),
    }),
  ];
  if (layout.indexed) {
    const bid = QDRANT.sparseIdBits.value;
    const w = s.weightBytes;
    const ch = QDRANT.sparseChunkBytes.value;
    const cl = QDRANT.sparseChunkLen.value;
    const idx = (bits: number) => N * z * (bits / 8 + w + ch / cl);
    const base = {
      structure: 'sparse' as const,
      vector: s.name,
      value: idx(bid),
      formula: 'N * z * (bid / 8 + w + ch / cl)',
      inputs: { N, z, bid, w, ch, cl },
      source: `${QDRANT.sparseIdBits.source}; ${QDRANT.sparseChunkBytes.source}`,
      confidence: 'medium' as const,
      low: idx(8),
      high: idx(20),
    };
    if (s.indexTier === 'ram') {
      items.push(makeItem({ ...base, id: `sparse.${label}.index.heap`, name: `Sparse index "${label}" (compressed posting lists, heap)`, residency: 'ram' }));
      items.push(makeItem({ ...base, id: `sparse.${label}.index.files`, name: `Sparse index "${label}" files`, residency: 'disk' }));
    } else {
      items.push(makeItem({ ...base, id: `sparse.${label}.index.files`, name: `Sparse index "${label}" (compressed posting lists, ${s.indexTier === 'cache' ? 'mmap in page cache' : 'cold mmap'})`, residency: s.indexTier === 'cache' ? 'cache' : 'disk' }));
    }
  } else {
    const e = QDRANT.sparseMutableElementBytes.value;
    items.push(
      makeItem({
        id: `sparse.${label}.index.heap`,
        name: `Sparse index "${label}" (mutable posting lists, heap)`,
        structure: 'sparse',
        vector: s.name,
        residency: 'ram',
        value: N * z * e,
        formula: 'N * z * e',
        inputs: { N, z, e },
        source: QDRANT.sparseMutableElementBytes.source,
        confidence: 'high',
      }),
    );
  }
  return items;
}
