/**
 * Payload storage and payload (field) indexes.
 *
 * Storage since v1.13 is gridstore (src/model/gridstore.ts): serde_json bytes, LZ4-compressed with a
 * 4-byte size prefix, in whole 128-byte blocks, plus a 16-byte tracker pointer and one bitmask bit per
 * block (qdrant@v1.19.0:lib/gridstore/src/, lib/segment/src/payload_storage/mmap_payload_storage.rs).
 * on_disk_payload=true (default) reads it per request; false keeps it populated in page cache (v1.16+)
 * or as a heap copy (before v1.16). v1.12 kept payloads in RocksDB.
 *
 * Field indexes of indexed (immutable) segments are written as mmap files and loaded into heap
 * structures unless on_disk (PAYLOAD_INDEX_LAYOUT); appendable segments keep mutable indexes.
 */
import { makeItem, groupThousands, ceilTo, hashBuckets } from './formula.js';
import { PAYLOAD_INDEX, PAYLOAD_INDEX_LAYOUT as L, PAYLOAD_INDEX_SOURCE, QDRANT } from './constants.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved } from './resolve.js';
import { defaultCardinality } from './hnsw.js';
import { dynamicFlagsApparentBytes, gridstoreApparentBytes, gridstoreFixedAllocatedBytes } from './gridstore.js';

type PayloadIndexSpec = NonNullable<Resolved['payload']>['indexes'][number];

/** Blocks one payload takes: LZ4(JSON) + 4-byte prefix, rounded up to whole 128-byte blocks. */
function payloadBlocks(j: number, c: number): number {
  return Math.max(1, Math.ceil((j * c + QDRANT.lz4PrefixBytes.value) / QDRANT.gridBlockBytes.value));
}

export function payloadItems(r: Resolved, layout: SegmentLayout): LineItem[] {
  const p = r.payload;
  if (!p) return [];
  const items: LineItem[] = [];
  const N = r.points;
  const S = layout.segmentsTotal;
  const j = p.avgBytes;
  const c = p.compressionRatio;
  if (j > 0) {
    const B = QDRANT.gridBlockBytes.value;
    const t = QDRANT.gridTrackerBytes.value;
    const x = QDRANT.lz4PrefixBytes.value;
    const g = gridstoreFixedAllocatedBytes();
    // Allocated bytes: whole blocks written + tracker pointer + 1 bitmask bit per block, and per segment
    // the store's small files. Untouched pages of the 32 MiB page files are not counted (apparent only).
    const perPoint = (ratio: number) => {
      const nb = payloadBlocks(j, ratio);
      return nb * B + t + nb / 8;
    };
    const where = p.tier === 'disk' ? 'on disk, read per request' : p.tier === 'cache' ? 'in page cache' : 'file + heap copy';
    const rocks = r.features.rocksDbMutable;
    items.push(
      makeItem({
        id: 'payload.storage',
        name: `Payload storage (${rocks ? 'RocksDB' : 'gridstore'}, ${j} B JSON/point, LZ4 ratio ${c}, ${where})`,
        structure: 'payload',
        residency: p.tier === 'cache' ? 'cache' : 'disk',
        value: N * perPoint(c) + S * g,
        formula: 'N * (ceil((j * c + x) / B) * (B + 1 / 8) + t) + S * g',
        inputs: { N, j, c, x, B, t, S, g },
        source: `${QDRANT.gridBlockBytes.source}; ${QDRANT.gridTrackerBytes.source}; ${QDRANT.lz4PrefixBytes.source}; ${QDRANT.gridEmptyAllocatedBytes.source}`,
        confidence: 'medium',
        low: N * perPoint(Math.max(0.3, c * 0.6)) + S * g,
        high: N * perPoint(1) + S * g,
        note: rocks
          ? 'v1.12 RocksDB layout approximated by the gridstore formula'
          : 'c = LZ4 compressed/raw ratio (assumption: measure your payloads; JSON under ~300 B barely compresses). Allocated bytes; the 32 MiB page files show larger in ls -l',
      }),
    );
    if (p.heap) {
      const f = QDRANT.payloadHeapFactor.value;
      items.push(
        makeItem({
          id: 'payload.heap',
          name: 'Payload heap copy (on_disk_payload=false before v1.16: serde_json values)',
          structure: 'payload',
          residency: 'ram',
          value: N * j * f,
          formula: 'N * j * f',
          inputs: { N, j, f },
          source: QDRANT.payloadHeapFactor.source,
          confidence: 'low',
          low: N * j * 2,
          high: N * j * 6,
        }),
      );
    }
  }
  for (const idx of p.indexes) items.push(...payloadIndexItems(r, layout, idx));
  return items;
}

/**
 * Bytes `ls -l` shows beyond the allocated payload bytes: the untouched part of each segment's gridstore
 * pages and tracker, and the 1 MiB minimum of the null-index flag files and deleted.bin of each field index.
 */
export function payloadApparentSlackBytes(r: Resolved, layout: SegmentLayout): number {
  const S = layout.segmentsTotal;
  const n = r.points / S;
  const p = r.payload;
  if (!p || p.avgBytes <= 0 || r.features.rocksDbMutable) {
    // Every segment keeps an (empty) payload gridstore.
    return S * (gridstoreApparentBytes(0, 1) - gridstoreFixedAllocatedBytes());
  }
  const nb = payloadBlocks(p.avgBytes, p.compressionRatio);
  const allocated = n * (nb * QDRANT.gridBlockBytes.value + QDRANT.gridTrackerBytes.value + nb / 8) + gridstoreFixedAllocatedBytes();
  let slack = S * Math.max(0, gridstoreApparentBytes(n, nb) - allocated);
  if (layout.indexed) {
    for (const idx of p.indexes) {
      const parts = indexParts(idx);
      const components = Number(parts.map) + Number(parts.numeric);
      // deleted.bin of each component is created with set_len (n/8 bytes, not written); 2 null flag files.
      slack += S * (components * Math.ceil(n / 8) + 2 * Math.max(0, dynamicFlagsApparentBytes(n) - n / 8));
    }
  }
  return Math.round(slack);
}

interface IndexParts {
  type: keyof typeof PAYLOAD_INDEX;
  onDisk: boolean;
  tenant: boolean;
  /** value -> points map index (keyword, uuid, integer with lookup) */
  map: boolean;
  /** sorted numeric index (integer with range, float, datetime) */
  numeric: boolean;
}

function indexParts(idx: PayloadIndexSpec): IndexParts {
  const schema = typeof idx.field_schema === 'string' ? { type: idx.field_schema } : idx.field_schema;
  const type = schema.type;
  const flag = (k: string) => (k in schema ? (schema as Record<string, unknown>)[k] : undefined);
  // `memory` overrides the deprecated `on_disk` ("Default: `pinned` (`cold` if `on_disk` is set to true)", qdrant-client
  // 1.19.0/1.20.0 models.py, *IndexParams.memory): cold and cached serve the index from its files, pinned from the heap.
  const memory = flag('memory');
  const onDisk = memory != null ? memory !== 'pinned' : flag('on_disk') === true;
  const tenant = flag('is_tenant') === true;
  const map = type === 'keyword' || type === 'uuid' || (type === 'integer' && flag('lookup') !== false);
  const numeric = type === 'float' || type === 'datetime' || (type === 'integer' && flag('range') !== false);
  return { type, onDisk, tenant, map, numeric };
}

function payloadIndexItems(r: Resolved, layout: SegmentLayout, idx: PayloadIndexSpec): LineItem[] {
  const parts = indexParts(idx);
  const type = parts.type;
  const N = r.points;
  const k = idx.valuesPerPoint;
  const C = type === 'keyword' || type === 'integer' || type === 'uuid' ? (idx.cardinality ?? defaultCardinality(type, N)) : 0;
  const tenant = parts.tenant ? ', tenant' : '';
  const name = `Payload index "${idx.field_name}" (${type}${tenant}, ${k} value(s)/point${C > 0 ? `, ${groupThousands(C)} distinct` : ''})`;
  const exact = layout.indexed && (parts.map || parts.numeric) && !r.features.rocksDbMutable;
  const { files, heap } = exact ? immutableIndexBytes(r, layout, idx, parts, C) : approximateIndexBytes(r, layout, idx, parts, C);
  const items = [
    makeItem({
      ...files,
      id: `payload-index.${idx.field_name}.files`,
      name: `${name}, files`,
      structure: 'payload-index',
      residency: parts.onDisk ? 'cache' : 'disk',
    }),
  ];
  if (!parts.onDisk) {
    items.push(makeItem({ ...heap, id: `payload-index.${idx.field_name}.heap`, name: `${name}, heap`, structure: 'payload-index', residency: 'ram' }));
  }
  return items;
}

interface Part {
  value: number;
  formula: string;
  inputs: Record<string, number>;
  source: string;
  confidence: 'high' | 'medium' | 'low';
  low: number;
  high: number;
  note?: string;
}


/**
 * Indexed segments: the mmap files each field index writes, and the heap structures loaded from them
 * (PAYLOAD_INDEX_LAYOUT). A map index (keyword, uuid, integer lookup) and a numeric index (integer
 * range, float, datetime) are separate components; every field also gets a null index.
 */
function immutableIndexBytes(r: Resolved, layout: SegmentLayout, idx: PayloadIndexSpec, parts: IndexParts, C: number): { files: Part; heap: Part } {
  const N = r.points;
  const S = layout.segmentsTotal;
  const n = N / S;
  const k = idx.valuesPerPoint;
  const vb = idx.avgValueBytes;
  const P = L.fileHeaderBytes;
  const rp = L.pointRangeBytes;
  // Distinct values per segment: never more than the segment's point-values.
  const Cs = Math.min(C, n * k);
  const isStr = parts.type === 'keyword';
  const keyBytes = parts.type === 'uuid' ? 16 : 8;
  // Stored value size in point_to_values.bin and key size in values_to_points.bin.
  const pv = isStr ? vb + L.strLengthBytes : keyBytes;
  const kb = isStr ? ceilTo(vb + 1, 4) : keyBytes;
  const f = L.phfBitsPerKey;
  const nl = L.nullBitsPerPoint;
  const sm = (parts.map ? L.mapSmallFilesBytes : 0) + (parts.numeric ? L.numericSmallFilesBytes : 0) + L.nullSmallFilesBytes;
  const fileInputs: Record<string, number> = { N, S, P, r: rp, nl, sm };
  let fileFormula = 'N * nl / 8 + S * sm';
  let fileValue = (N * nl) / 8 + S * sm;
  if (parts.map) {
    const bk = L.bucketBytes;
    const lv = L.valuesLenBytes;
    const id4 = L.pointIdBytes;
    Object.assign(fileInputs, { Cs, k, pv, kb, bk, lv, id4, f });
    fileFormula += ' + S * (2 * P + Cs * (bk + kb + lv + f / 8)) + N * (r + k * (pv + id4))';
    fileValue += S * (2 * P + Cs * (bk + kb + lv + f / 8)) + N * (rp + k * (pv + id4));
  }
  if (parts.numeric) {
    const dp = L.numericPairBytes;
    Object.assign(fileInputs, { k, dp, nv: 8 });
    fileFormula += ' + S * P + N * (r + k * (dp + nv))';
    fileValue += S * P + N * (rp + k * (dp + 8));
  }
  const files: Part = {
    value: fileValue,
    formula: fileFormula,
    inputs: fileInputs,
    source: L.source,
    confidence: 'high',
    low: fileValue * 0.97,
    high: fileValue * 1.05,
    note: 'allocated bytes of point_to_values.bin, values_to_points.bin, data.bin and the null-index flags; the 1 MiB minimum of the flag files is apparent only',
  };

  // Heap (not on_disk): loaded from the files, whose page cache is then dropped.
  const c4 = L.heapContainerBytes;
  const rg = L.heapRangeBytes;
  const heapInputs: Record<string, number> = { N, k };
  const terms: string[] = [];
  let heapValue = 0;
  if (parts.map) {
    // Owned value: SmolStr (24 B, heap-allocated beyond 23 bytes), i64 8, u128 16.
    const ov = isStr ? L.heapSmolStrBytes + (vb > L.heapSmolStrInlineMax ? vb : 0) : keyBytes;
    // HashMap entry: key + ContainerSegment (12 B), aligned to the key's alignment, + 1 control byte per bucket.
    const align = isStr ? 8 : keyBytes;
    const eb = ceilTo(ov + L.heapSegmentBytes, align) + 1;
    const hb = S * hashBuckets(Cs);
    Object.assign(heapInputs, { c4, ov, rg, hb, eb });
    terms.push('N * (rg + 1 / 8) + N * k * (c4 + ov) + hb * eb');
    heapValue += N * (rg + 1 / 8) + N * k * (c4 + ov) + hb * eb;
  }
  if (parts.numeric) {
    const np = L.heapNumericPointBytes;
    Object.assign(heapInputs, { np, rg, nv: 8 });
    terms.push('N * k * (np + 1 / 8 + nv) + N * (rg + 1 / 8)');
    heapValue += N * k * (np + 1 / 8 + 8) + N * (rg + 1 / 8);
  }
  const heap: Part = {
    value: heapValue,
    formula: terms.join(' + '),
    inputs: heapInputs,
    source: L.source,
    confidence: 'medium',
    low: heapValue * 0.85,
    high: heapValue * L.heapHighFactor,
    note: 'struct-derived; qdrant-edge-py 0.9.0 measured 11.3 MB against 12.1 MB modelled (keyword + integer, 100k points), the v1.19.0 engine 3-4x more after load (docs/accuracy.md): the high end covers it',
  };
  return { files, heap };
}

/**
 * Appendable segments, and index types without an exact layout here (geo, bool, full text, RocksDB):
 * struct-derived bytes per point-value (low confidence). Appendable (mutable) indexes keep richer heap
 * structures: about 1.5x.
 */
function approximateIndexBytes(r: Resolved, layout: SegmentLayout, idx: PayloadIndexSpec, parts: IndexParts, C: number): { files: Part; heap: Part } {
  const type = parts.type;
  const N = r.points;
  const k = idx.valuesPerPoint;
  const spec = PAYLOAD_INDEX[type];
  let perValue: number = spec.perValue;
  let low: number = spec.low;
  let high: number = spec.high;
  let tokens = 1;
  if (type === 'integer' && !parts.map) [perValue, low, high] = [32, 24, 40];
  if (type === 'integer' && !parts.numeric) [perValue, low, high] = [30, 24, 40];
  if (type === 'text') tokens = Math.max(1, idx.avgValueBytes / 6);
  const kk = k * tokens;
  const mutable = layout.indexed ? 1 : 1.5;
  const Ck = type === 'keyword' ? C : 0;
  const vb = idx.avgValueBytes;
  const dx = spec.perDistinctExtra;
  const S = layout.segmentsTotal;
  const value = N * kk * perValue * mutable + S * Ck * (vb + dx);
  const part: Part = {
    value,
    formula: Ck > 0 ? 'N * k * b * u + S * C * (vb + dx)' : 'N * k * b * u',
    inputs: Ck > 0 ? { N, k: kk, b: perValue, u: mutable, S, C: Ck, vb, dx } : { N, k: kk, b: perValue, u: mutable },
    source: PAYLOAD_INDEX_SOURCE,
    confidence: 'low',
    low: N * kk * low * mutable + S * Ck * vb,
    high: N * kk * high * mutable + S * Ck * (vb + 2 * dx),
    note: 'struct-derived bytes per point-value b (low confidence); measure with GET /collections/{name}/memory (v1.18+)',
  };
  return { files: part, heap: part };
}
