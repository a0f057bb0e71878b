/**
 * Point id tracker, per segment. Indexed (immutable) segments since v1.13.5 hold compressed
 * mappings in RAM (36.375 B/point numeric, 40.375 B/point UUID); earlier versions and appendable
 * segments hold Vec<PointIdType> + BTreeMap + Vec<u64> (about twice that).
 * qdrant@v1.19.0:lib/segment/src/id_tracker/immutable_id_tracker/mod.rs, mappings_storage.rs;
 * qdrant@v1.19.0:lib/segment/src/id_tracker/point_mappings.rs; PR qdrant/qdrant#6023 (v1.13.5).
 */
import { makeItem } from './formula.js';
import { QDRANT } from './constants.js';
import { btreeBytesPerEntry } from './mutable-heap.js';
import { ALLOCATION_SOURCE, DEFAULT_ALLOCATOR, type Allocator } from './allocator.js';
import { vecCapacity } from './text-index.js';
import { appendableTail } from './layout.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved } from './resolve.js';

/**
 * The mutable id tracker of an appendable segment (docs/methodology.md, "The mutable id tracker"): `PointMappings`
 * (qdrant@v1.19.0:lib/segment/src/id_tracker/point_mappings.rs) keeps a `Vec<PointIdType>` of external ids by
 * internal id (24 B: a u64 or a 16-B Uuid, tagged, aligned to 8), a `BitVec` of deleted flags (u64 words), and a
 * `BTreeMap<u64, u32>` or `BTreeMap<Uuid, u32>` from external to internal id; the tracker beside it a
 * `Vec<SeqNumberType>` of versions (8 B; mutable_id_tracker/mod.rs). `set_link` grows the two vectors and the bits one
 * element at a time, and loading replays the mappings file through it and collects the versions file element by
 * element (mappings_storage.rs read_mappings, versions_storage.rs load_versions), so each is allocated with the
 * power-of-two capacity of amortized doubling: 16,384 slots for 16,000 points, 32,768 for 17,000.
 *
 * What is resident depends on the allocator (s43). A vector's slots past its length are never written, and a page
 * never touched is not in RSS, unless the allocator hands the vector pages another allocation had touched:
 * - glibc, in process (qdrant-edge-py): a large allocation is a fresh mmap, so only the written slots are resident.
 *   Measured on 0.9.0: heaptrack counts the capacity (861,179 B of tracker at 16,000 numeric ids, 1,409,867 at
 *   17,000: data/calibration/heap-residue/0.9.0/heaptrack-live.json, tracker-plain-*), but the shard's trimmed RssAnon
 *   grows by 65,536 B from 16,000 to 17,000 points on 0.7.2, not 550 KB (data/calibration/mutable-tracker).
 * - jemalloc, the server's allocator (qdrant@v1.19.0 Cargo.toml tikv-jemallocator 0.7 with background threads;
 *   src/main.rs #[global_allocator]): `open` loads the mappings first and the versions after (mutable_id_tracker/
 *   mod.rs), so each extent the versions vector doubles into (8 B a slot) is carved from the dirty pages the id
 *   vector (24 B a slot, three times larger) freed as it doubled: the versions vector is resident at its whole
 *   capacity, the id vector at its length. Measured on the real v1.19.0 server (data/calibration/
 *   server-v1.19.0-tracker and repeat/, settled): across a power of two (510,000 -> 540,000, 1,040,000 -> 1,060,000,
 *   2,080,000 -> 2,120,000 points) RssAnon grows by 0.249-0.256 of the untouched capacity beyond the written slots,
 *   8 / (24 + 8) = 0.25; and replayed in test/calibration/tracker_alloc (data/calibration/tracker-alloc/probe.jsonl):
 *   the same under jemalloc with Qdrant's order or the points upserted one by one (interleaved), about none with the
 *   versions loaded first or under glibc.
 * So the expected value counts the written slots of the id vector and the deleted bits, the versions at their
 * capacity, and a B-tree entry a point (jemalloc: `mutableTrackerBytes`); the range's low end the written slots
 * only (glibc), its high end the whole capacity with the B-tree filled in order. The real v1.19.0 server's memory
 * report (`PointMappings::ram_usage_bytes`) counts the vectors by capacity and a B-tree entry as 36 B: 3,019,008 B for
 * 24 segments of 2,048 slots each (test/observe/fixtures/cluster.json), an upper bound of what they hold; jemalloc's
 * own allocated bytes step with the whole capacity too (+0.51 to +0.56 MB from 16,000 to 17,000 points, where RssAnon
 * differs by 0.44 MB between two runs of the same points).
 */
export const MUTABLE_TRACKER = {
  idBytes: 24,
  versionBytes: 8,
  bitWordBytes: 8,
  numericKeyBytes: 8,
  uuidKeyBytes: 16,
  internalIdBytes: 4,
  /** The high end allows a segment this share above the mean (its capacity may cross a power of two). */
  segmentSpread: 0.1,
  source:
    'qdrant@v1.19.0:lib/segment/src/id_tracker/point_mappings.rs (PointMappings, set_link), mutable_id_tracker/mod.rs (internal_to_version), mutable_id_tracker/mappings_storage.rs (read_mappings), versions_storage.rs (load_versions); measured: data/calibration/heap-residue/0.9.0/heaptrack-live.json and data/calibration/mutable-tracker/v1.20 (tracker-plain-*)',
} as const;

/**
 * A mutable tracker's B-tree entry: an external id (u64 or Uuid) to a u32 internal id (btreeBytesPerEntry), its nodes in
 * the allocator's classes (allocationBytes): a numeric leaf of 144 B and internal node of 240 B take 160 and 256 under
 * jemalloc (159.5 and 255.5 as glibc chunks), a UUID's 232 and 328 take 256 and 384 (247.5 and 343.5).
 */
function trackerEntryBytes(uuid: boolean, ascending: boolean, allocator: Allocator): number {
  const T = MUTABLE_TRACKER;
  return btreeBytesPerEntry(uuid ? T.uuidKeyBytes : T.numericKeyBytes, T.internalIdBytes, ascending ? 'ascending' : 'random', allocator);
}

/**
 * Resident bytes of one segment's mutable id tracker of `n` points on the server (jemalloc, MUTABLE_TRACKER):
 * `n (i + 1/8 + bt(k, 4)) + v cap(n)`, the written slots of the id vector and the deleted bits, the versions vector at
 * its whole capacity (vecCapacity) and a B-tree entry a point (btreeBytesPerEntry, random order: Qdrant applies an
 * upsert's points in hash order; ids upserted in order measured 20.85 B an entry, as the counting probe's shuffled
 * batches, 20.7-20.9). `allocator` (default jemalloc): the B-tree's nodes in its classes, and under glibc the versions
 * at their length too (in process, fresh pages); `written`: the versions at their length whatever the allocator (the
 * server's low end); `capacity`: every vector at its whole capacity, as heaptrack and Qdrant's own memory report count
 * them; `ascending`: the B-tree filled in key order (ids upserted one request at a time in order).
 */
export function mutableTrackerBytes(n: number, uuid: boolean, opts: { capacity?: boolean; ascending?: boolean; allocator?: Allocator; written?: boolean } = {}): number {
  if (n <= 0) return 0;
  const T = MUTABLE_TRACKER;
  const points = Math.ceil(n);
  const allocator = opts.allocator ?? DEFAULT_ALLOCATOR;
  const entry = trackerEntryBytes(uuid, opts.ascending ?? false, allocator);
  const slots = opts.capacity ? vecCapacity(points) : points;
  const versionSlots = trackerVersionSlots(points, { ...opts, allocator });
  const words = opts.capacity ? vecCapacity(Math.ceil(points / 64)) : points / 64;
  return slots * T.idBytes + versionSlots * T.versionBytes + words * T.bitWordBytes + points * entry;
}

/** The versions vector's resident slots (mutableTrackerBytes): its capacity under jemalloc (unless `written`) or when `capacity` counts it, else its length. */
function trackerVersionSlots(points: number, opts: { capacity?: boolean; allocator: Allocator; written?: boolean }): number {
  return opts.capacity || (opts.allocator === 'jemalloc' && !opts.written) ? vecCapacity(points) : points;
}

/**
 * The mutable trackers of `segments` segments of `n` points each under `allocator`: expected mutableTrackerBytes, low
 * the written slots only; high each segment's whole capacity at the worst of n and n (1 +
 * MUTABLE_TRACKER.segmentSpread) points a segment.
 */
export function mutableTrackersRange(segments: number, n: number, uuid: boolean, allocator: Allocator): { value: number; low: number; high: number } {
  const worstPerPoint = Math.max(...[n, n * (1 + MUTABLE_TRACKER.segmentSpread)].map((m) => mutableTrackerBytes(m, uuid, { capacity: true, ascending: true, allocator }) / Math.ceil(m)));
  return { value: segments * mutableTrackerBytes(n, uuid, { allocator }), low: segments * mutableTrackerBytes(n, uuid, { allocator, written: true }), high: segments * Math.ceil(n) * worstPerPoint };
}

export function idTrackerItems(r: Resolved, layout: SegmentLayout): LineItem[] {
  const N = r.points;
  const S = layout.segmentsTotal;
  const uuid = r.pointIdType === 'uuid';
  const kind = uuid ? 'UUID' : 'numeric';
  let ram: { value: number; formula: string; inputs: Record<string, number>; source: string; confidence: 'high' | 'low'; low: number; high: number; label: string };
  if (!layout.indexed) {
    // Every segment is plain and keeps the mutable tracker: S segments of n points (mutableTrackerBytes).
    const n = Math.ceil(layout.pointsPerSegment);
    const T = MUTABLE_TRACKER;
    const bt = trackerEntryBytes(uuid, false, r.allocator);
    const t = mutableTrackersRange(S, n, uuid, r.allocator);
    ram = {
      value: t.value,
      // The versions vector at its capacity c (jemalloc; its length n under glibc), the rest written (MUTABLE_TRACKER).
      formula: 'S * (n * (i + 1 / 8 + bt) + v * c)',
      inputs: { S, n, i: T.idBytes, v: T.versionBytes, bt, c: trackerVersionSlots(n, { allocator: r.allocator }) },
      source: `${T.source}; ${ALLOCATION_SOURCE}`,
      confidence: 'high',
      low: t.low,
      high: t.high,
      label: 'mutable',
    };
  } else {
    // Indexed: each shard's appendable tail (t points, layout.tailPointsPerShard: half the indexing threshold on
    // average, none after a bulk load) keeps the mutable tracker, in RAM whatever the tier; the other M = N - P t points
    // are in the optimized segments' trackers, b a point. A tail holds from none to the threshold (2 t a shard), as the
    // payload indexes' tails do (payloadIndexItems): its range runs from no tracker (low end; until s44 the glibc
    // tracker of t points) to the tracker filled to 2 t at its vectors' whole capacity (mutableTrackerBytes).
    const { P, t, M } = appendableTail(N, layout);
    const tm = mutableTrackerBytes(t, uuid, { allocator: r.allocator });
    const tmHigh = mutableTrackerBytes(2 * t, uuid, { capacity: true, ascending: true, allocator: r.allocator });
    const tailSource = t > 0 ? `; tails: ${MUTABLE_TRACKER.source}; ${ALLOCATION_SOURCE}` : '';
    // b a point in the optimized segments, its range's factors; the tails' trackers added (none after a bulk load).
    const tail = (b: number, lowFactor: number, highFactor: number) =>
      t > 0
        ? { value: M * b + P * tm, formula: 'M * b + P * tm', inputs: { b, M, P, tm }, low: M * b * lowFactor, high: M * b * highFactor + P * tmHigh }
        : { value: N * b, formula: 'N * b', inputs: { N, b }, low: N * b * lowFactor, high: N * b * highFactor };
    if (r.idTrackerTier !== 'ram') {
      const b = QDRANT.idTrackerDiskRamBytes.value;
      const x = tail(b, 1, 1.1);
      ram = { ...x, source: `${QDRANT.idTrackerDiskRamBytes.source}${tailSource}`, confidence: 'high', label: `memory: ${r.idTrackerTier === 'cache' ? 'cached' : 'cold'}, versions and deleted flags only${t > 0 ? '; the appendable tails mutable' : ''}` };
    } else if (r.features.compressedIdTracker) {
      const b = uuid ? QDRANT.idTrackerRamUuid.value : QDRANT.idTrackerRamNumeric.value;
      const x = tail(b, 1, 1.1);
      ram = { ...x, source: `${(uuid ? QDRANT.idTrackerRamUuid : QDRANT.idTrackerRamNumeric).source}${tailSource}`, confidence: 'high', label: `compressed${t > 0 ? '; the appendable tails mutable' : ''}` };
    } else {
      const b = uuid ? QDRANT.idTrackerRamLegacyUuid.value : QDRANT.idTrackerRamLegacyNumeric.value;
      const x = tail(b, 0.8, 1.25);
      ram = { ...x, source: `${(uuid ? QDRANT.idTrackerRamLegacyUuid : QDRANT.idTrackerRamLegacyNumeric).source}${tailSource}`, confidence: 'low', label: `pre-1.13.5 layout${t > 0 ? '; the appendable tails mutable' : ''}` };
    }
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
