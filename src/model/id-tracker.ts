/**
 * Point id tracker, per segment. Indexed (immutable) segments since v1.13.5 hold compressed
 * mappings in RAM (36.375 B/point numeric, 40.375 B/point UUID); earlier versions and appendable
 * segments hold Vec<PointIdType> + BTreeMap + Vec<u64> (about twice that).
 * qdrant@v1.19.0:lib/segment/src/id_tracker/immutable_id_tracker/mod.rs, mappings_storage.rs;
 * qdrant@v1.19.0:lib/segment/src/id_tracker/point_mappings.rs; PR qdrant/qdrant#6023 (v1.13.5).
 */
import { makeItem } from './formula.js';
import { QDRANT } from './constants.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved } from './resolve.js';

export function idTrackerItems(r: Resolved, layout: SegmentLayout): LineItem[] {
  const N = r.points;
  const S = layout.segmentsTotal;
  const uuid = r.pointIdType === 'uuid';
  const kind = uuid ? 'UUID' : 'numeric';
  let ram: { value: number; formula: string; inputs: Record<string, number>; source: string; confidence: 'high' | 'low'; low: number; high: number; label: string };
  if (!layout.indexed) {
    const b = QDRANT.idTrackerRamMutable.value + (uuid ? 8 : 0);
    ram = { value: N * b, formula: 'N * b', inputs: { N, b }, source: QDRANT.idTrackerRamMutable.source, confidence: 'low', low: N * (b - 3), high: N * (b + 7), label: 'mutable' };
  } else if (r.idTrackerTier !== 'ram') {
    const b = QDRANT.idTrackerDiskRamBytes.value;
    ram = { value: N * b, formula: 'N * b', inputs: { N, b }, source: QDRANT.idTrackerDiskRamBytes.source, confidence: 'high', low: N * b, high: N * b * 1.1, label: `memory: ${r.idTrackerTier === 'cache' ? 'cached' : 'cold'}, versions and deleted flags only` };
  } else if (r.features.compressedIdTracker) {
    const b = uuid ? QDRANT.idTrackerRamUuid.value : QDRANT.idTrackerRamNumeric.value;
    ram = { value: N * b, formula: 'N * b', inputs: { N, b }, source: (uuid ? QDRANT.idTrackerRamUuid : QDRANT.idTrackerRamNumeric).source, confidence: 'high', low: N * b, high: N * b * 1.1, label: 'compressed' };
  } else {
    const b = uuid ? QDRANT.idTrackerRamLegacyUuid.value : QDRANT.idTrackerRamLegacyNumeric.value;
    ram = { value: N * b, formula: 'N * b', inputs: { N, b }, source: (uuid ? QDRANT.idTrackerRamLegacyUuid : QDRANT.idTrackerRamLegacyNumeric).source, confidence: 'low', low: N * b * 0.8, high: N * b * 1.25, label: 'pre-1.13.5 layout' };
  }
  const h = QDRANT.idMappingHeaderBytes.value;
  const p = uuid ? QDRANT.idMappingUuidBytes.value : QDRANT.idMappingNumericBytes.value;
  const v = QDRANT.idVersionBytes.value;
  const extra: LineItem[] = [];
  if (layout.indexed) {
    // Heap per point beyond the structures: none on the server (jemalloc; measured at 2M and 5M points, 30k-200k at
    // 32-768-d), so the expected value is 0 and the item states the range: up to h B per point at 100M+ points per
    // shard, plus up to w B with vectors from b0 to b1 bytes (the ramp r), the in-process engine's vector-size term.
    const h = QDRANT.serverUnattributedHeapHighPerPoint.value;
    const b = Math.max(0, ...r.dense.map((d) => d.dim * d.bytesPerElement));
    const b0 = QDRANT.vectorSizeHeapFromBytes.value;
    const b1 = QDRANT.vectorSizeHeapFullBytes.value;
    const ramp = Math.min(1, Math.max(0, (b - b0) / (b1 - b0)));
    const w = QDRANT.vectorSizeHeapPerPoint.value;
    extra.push(
      makeItem({
        id: 'heap.unattributed',
        name: 'Heap not attributed to a structure (allocator; none measured on the server, range only)',
        structure: 'allocator',
        residency: 'ram',
        // u = 0 B per point expected; the range's high end is N * (h + w * r).
        value: 0,
        formula: 'N * u',
        inputs: { N, u: 0, h, w, r: ramp },
        source: `${QDRANT.serverUnattributedHeapHighPerPoint.source}; ${QDRANT.vectorSizeHeapPerPoint.source}`,
        confidence: 'medium',
        low: 0,
        high: N * (h + w * ramp),
        note: 'the real server holds none beyond a constant (0.6 MB at 2M x 32-d, 0.9 MB at 5M x 16-d: process.loaded); the in-process engine (glibc) holds 8 B per point more, which the model leaves out',
      }),
    );
  }
  const diskTracker = layout.indexed && r.idTrackerTier !== 'ram';
  const i2e = QDRANT.idTrackerDiskI2eBytes.value;
  const e2i = uuid ? QDRANT.idTrackerDiskE2iUuidBytes.value : QDRANT.idTrackerDiskE2iNumericBytes.value;
  const files = diskTracker
    ? makeItem({
        id: 'id-tracker.files',
        name: `Point id tracker files (${kind} i2e and e2i mappings, versions, deleted flags; ${r.idTrackerTier === 'cache' ? 'in page cache' : 'read on demand'})`,
        structure: 'id-tracker',
        residency: r.idTrackerTier === 'cache' ? 'cache' : 'disk',
        value: N * (i2e + e2i + v) + N / 8,
        formula: 'N * (i2e + e2i + v) + N / 8',
        inputs: { N, i2e, e2i, v },
        source: `${QDRANT.idTrackerDiskI2eBytes.source}; ${(uuid ? QDRANT.idTrackerDiskE2iUuidBytes : QDRANT.idTrackerDiskE2iNumericBytes).source}`,
        confidence: 'high',
      })
    : makeItem({
        id: 'id-tracker.files',
        name: `Point id tracker files (${kind} mappings, versions, deleted flags)`,
        structure: 'id-tracker',
        residency: 'disk',
        value: S * h + N * (p + v) + N / 8,
        formula: 'S * h + N * (p + v) + N / 8',
        inputs: { S, h, N, p, v },
        source: `${QDRANT.idMappingNumericBytes.source}; ${QDRANT.idVersionBytes.source}`,
        confidence: layout.indexed && r.features.compressedIdTracker ? 'high' : 'low',
      });
  return [
    ...extra,
    makeItem({
      id: 'id-tracker.ram',
      name: `Point id tracker (${kind} ids, ${ram.label})`,
      structure: 'id-tracker',
      residency: 'ram',
      value: ram.value,
      formula: ram.formula,
      inputs: ram.inputs,
      source: ram.source,
      confidence: ram.confidence,
      low: ram.low,
      high: ram.high,
    }),
    files,
  ];
}
