/**
 * Per-shard WAL, the process baseline, and optimizer temp segments.
 */
import { formatInput, makeItem, groupThousands } from './formula.js';
import { FILE_SYSTEM_BLOCK_BYTES, QDRANT } from './constants.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved, ResolvedDense } from './resolve.js';
import { shardSkew, SHARD_SKEW_SOURCE } from './shard-skew.js';
import { counted, plural } from '../util/plural.js';
import { utf8Bytes } from '../util/utf8.js';
import { cborHeadBytes, meanCborHeadBytes } from './gridstore.js';

/** A WAL point's CBOR bytes, its vectors' and payload's shares apart (their uncertainties differ: walItems). */
export interface WalPointBytes {
  /** Everything but the payload: the keys, the id, the vectors. */
  fixed: number;
  /** The payload's CBOR (1 B, a null, without one). */
  payload: number;
}

/**
 * Bytes one point adds to a WAL record: PointStructPersisted { id, vector, payload } as serde_cbor writes it
 * (QDRANT.walPointKeysBytes and the constants beside it). The vector is one array of floats for the unnamed vector, an
 * array of arrays for an unnamed multivector, else a map of name to each (named vectors, and every collection with
 * sparse vectors, which are always named); a sparse vector is { indices, values }. A float is 5 B, 3 B for uint8
 * vectors (the integers 0-255 are exact half floats). Ids: sequential numbers 0..N-1, or a UUID's 16 bytes.
 */
export function walPointBytes(r: Resolved): WalPointBytes {
  const fb = (d: ResolvedDense) => (d.datatype === 'uint8' ? QDRANT.walHalfFloatBytes.value : QDRANT.walFloatBytes.value);
  const denseBytes = (d: ResolvedDense) => {
    const one = cborHeadBytes(d.dim) + d.dim * fb(d);
    return d.multivector ? cborHeadBytes(Math.round(d.vectorsPerPoint)) + d.vectorsPerPoint * one : one;
  };
  // A sparse vector: a map of 2 keyed "indices" (8 B) and "values" (7 B), each an array of its non-zeros; a vocabulary
  // id takes about 3 B (u16 range; 5 above 65,535).
  const sparseBytes = (nnz: number) => 1 + 8 + 7 + 2 * cborHeadBytes(Math.round(nnz)) + nnz * (3 + QDRANT.walFloatBytes.value);
  const unnamed = r.sparse.length === 0 && r.dense.length === 1 && r.dense[0]!.name === '';
  const named = (name: string) => cborHeadBytes(utf8Bytes(name)) + utf8Bytes(name);
  const vector = unnamed
    ? denseBytes(r.dense[0]!)
    : cborHeadBytes(r.dense.length + r.sparse.length) +
      r.dense.reduce((a, d) => a + named(d.name) + denseBytes(d), 0) +
      r.sparse.reduce((a, s) => a + named(s.name) + sparseBytes(s.nonZeros), 0);
  const id = r.pointIdType === 'uuid' ? QDRANT.walUuidIdBytes.value : meanCborHeadBytes(r.points);
  // A payload of no bytes is still a map (1 B), like the null.
  const payload = r.payload ? Math.max(1, QDRANT.walPayloadCborRatio.value * r.payload.avgBytes) : 1;
  return { fixed: QDRANT.walPointKeysBytes.value + id + vector, payload };
}

/** A sparse segment file allocates the blocks written. */
const PAGE = FILE_SYSTEM_BLOCK_BYTES;
const pages = (b: number) => Math.ceil(b / PAGE) * PAGE;

/**
 * What one shard's WAL keeps after a load, as the wal crate lays it out (QDRANT.walHeaderBytes): `E` entries of `L`
 * bytes (one per upsert request the shard received) take `8 + ceil8(L + 4)` bytes each; a segment of `w` bytes holds
 * `s = floor((w - 8) / e)` of them (an entry never spans two: the one that does not fit opens the next segment; an
 * entry larger than a segment gets a segment of its own size); the open segment holds the last `E - J s` entries,
 * `J = ceil(E / s) - 1` segments having closed before it, and truncation keeps `r` of those. The files are sparse, so
 * what is allocated (and resident after a restart: the server reads it back) is each kept segment's written pages.
 */
export function walShardKeptBytes(E: number, L: number, w: number, r: number): WalShardKept {
  return walShardKeptAt(E, walEntryBytes(L), w, r);
}

/** What one entry of L bytes takes in a segment: its 8-B length, the data padded so that with its 4-B CRC it is a multiple of 8. */
export function walEntryBytes(L: number): number {
  return QDRANT.walHeaderBytes.value + Math.ceil((L + QDRANT.walCrcBytes.value) / 8) * 8;
}

export interface WalShardKept {
  /** Allocated bytes of the kept segments (the open one and up to r closed ones), in pages. */
  kept: number;
  /** Bytes of every entry written. */
  written: number;
  /** Segments closed before the open one. */
  closed: number;
  entryBytes: number;
  /** Bytes of a full segment (its header and s entries). */
  segmentBytes: number;
}

/** walShardKeptBytes at an entry size e (bytes in the segment, framing included). */
function walShardKeptAt(E: number, e: number, w: number, r: number): WalShardKept {
  if (E <= 0) return { kept: 0, written: 0, closed: 0, entryBytes: e, segmentBytes: 0 };
  const h = QDRANT.walHeaderBytes.value;
  const s = Math.max(1, Math.floor((w - h) / e));
  const J = Math.ceil(E / s) - 1;
  const open = E - J * s;
  const closed = Math.min(J, r);
  return { kept: pages(h + open * e) + closed * pages(h + s * e), written: E * e, closed: J, entryBytes: e, segmentBytes: h + s * e };
}

/** Past this many entries-per-segment values across the entry bytes' uncertainty, the open segment's fill is taken as uniform. */
const WAL_MAX_PHASES = 16;
/** Shards sized one by one; past this many, a sample of them through the shares (walItems). */
const WAL_MAX_SHARDS = 64;
/** Request sizes averaged over when the workload states none (walItems). */
const WAL_BATCH_SIZES = 9;

/**
 * The expected kept bytes of a shard whose entries are anywhere from eLow to eHigh bytes (uniformly: the record bytes'
 * uncertainty). The kept bytes move little with e while a segment holds the same number `s` of entries (only the open
 * one's count of them sets them, E - J s), so the expectation is the sum over the s the span reaches, each weighted by
 * its share of the span and taken at its middle (WAL_MAX_PHASES of them at most); where the span sweeps the open
 * segment through a few whole segments (a load of many), its fill is uniform from one entry to a segment: its mean.
 */
export function walShardExpected(E: number, eLow: number, eHigh: number, w: number, r: number): { mean: number; low: number; high: number; wrapped: boolean; written: number } {
  const h = QDRANT.walHeaderBytes.value;
  const W = w - h;
  const mid = walShardKeptAt(E, (eLow + eHigh) / 2, w, r);
  const sMax = Math.max(1, Math.floor(W / eLow));
  const sMin = Math.max(1, Math.floor(W / eHigh));
  // (A span inside one count s is its two ends, half each: walPhases.)
  // Across the span the open segment's count E - J s moves by J for each s: once that sweeps a few whole segments
  // (J (sMax - sMin) >= 4 sMax), its fill is uniform over one entry to a segment, and its mean is taken.
  const jMin = Math.ceil(E / sMax) - 1;
  if (jMin * (sMax - sMin) >= 4 * sMax) {
    const e = mid.entryBytes;
    const s = (mid.segmentBytes - h) / e;
    return { mean: r * pages(mid.segmentBytes) + pages(h + ((s + 1) / 2) * e), low: r * pages(mid.segmentBytes) + pages(h + e), high: (r + 1) * pages(mid.segmentBytes), wrapped: true, written: mid.written };
  }
  let mean = 0;
  let low = Infinity;
  let high = 0;
  let wrapped = false;
  for (const { e, weight } of walPhases(eLow, eHigh, w)) {
    const k = walShardKeptAt(E, e, w, r);
    mean += k.kept * weight;
    low = Math.min(low, k.kept);
    high = Math.max(high, k.kept);
    if (k.closed > r) wrapped = true;
  }
  // The span's ends are outcomes too (the range).
  for (const e of [eLow, eHigh]) {
    const k = walShardKeptAt(E, e, w, r);
    low = Math.min(low, k.kept);
    high = Math.max(high, k.kept);
  }
  return { mean, low, high, wrapped, written: mid.written };
}

/**
 * The entry sizes across the span eLow-eHigh that give a segment a different count of entries `s` (the kept bytes move
 * little with e while s stays), each at the middle of its own part of the span and weighted by that part; where the
 * span reaches more than WAL_MAX_PHASES counts, that many evenly spread, weighted alike (across +-0.5% the weights
 * differ by 2%). A span inside one count is its two ends, half each.
 */
function walPhases(eLow: number, eHigh: number, w: number): { e: number; weight: number }[] {
  const W = w - QDRANT.walHeaderBytes.value;
  const sMax = Math.max(1, Math.floor(W / eLow));
  const sMin = Math.max(1, Math.floor(W / eHigh));
  if (eHigh <= eLow || sMax === sMin) return [{ e: eLow, weight: 0.5 }, { e: eHigh, weight: 0.5 }];
  const count = sMax - sMin + 1;
  const step = count > WAL_MAX_PHASES ? count / WAL_MAX_PHASES : 1;
  const phases: { e: number; weight: number }[] = [];
  for (let i = 0; i < Math.min(count, WAL_MAX_PHASES); i++) {
    const s = count > WAL_MAX_PHASES ? Math.min(sMax, sMin + Math.floor((i + 0.5) * step)) : sMin + i;
    // Entry sizes for which a segment holds s entries: W / (s + 1) < e <= W / s, within the span.
    const from = Math.max(eLow, W / (s + 1));
    const to = Math.min(eHigh, W / s);
    if (to > from) phases.push({ e: (from + to) / 2, weight: count > WAL_MAX_PHASES ? 1 : to - from });
  }
  const total = phases.reduce((a, p) => a + p.weight, 0);
  return phases.map((p) => ({ e: p.e, weight: p.weight / total }));
}

/**
 * What a shard's WAL is expected to reach at its most while its entries grow from E0 to E: the WAL a growing
 * collection may hold at a restart any moment in between. At one entry size the kept bytes rise with the entries until
 * the first truncation (everything written is kept), then saw-tooth: each tooth tops at the retained and open segments
 * full, (J + 1) s entries for J >= r, and drops as the next entry opens a segment. So the most is the top of the first
 * tooth at or past E0 where one lies before E, else the kept bytes at E. Averaged over the entry sizes of the span
 * (walPhases): the expected most, not the most of the expected (which is lower where the teeth of different sizes
 * fall apart). Checked against every count in between: test/model/wal-growth.test.ts.
 */
export function walShardMostSince(E0: number, E: number, eLow: number, eHigh: number, w: number, r: number): number {
  const W = w - QDRANT.walHeaderBytes.value;
  let most = 0;
  for (const { e, weight } of walPhases(eLow, eHigh, w)) {
    const s = Math.max(1, Math.floor(W / e));
    const top = (Math.max(r, Math.ceil(E0 / s) - 1) + 1) * s;
    most += weight * walShardKeptAt(top < E ? top : E, e, w, r).kept;
  }
  return most;
}

/**
 * The bytes a shard's WAL takes in `P` points written (one flush interval's, W T) in requests of `B`, the shard holding
 * a share `q` of the points: the requests that reach it (all of them once B q is more than a few points), each one
 * entry of the record overhead `A` and its points' `b` bytes each, framed as the wal crate frames it (walEntryBytes).
 * Expected values: a fraction of a request at a low rate is that fraction of an entry.
 */
export function walUnflushedBytes(P: number, B: number, q: number, A: number, b: number): number {
  const entries = (P / B) * (1 - Math.pow(1 - q, B));
  return entries > 0 ? entries * walEntryBytes(A + ((P * q) / entries) * b) : 0;
}

/**
 * The WAL of every shard: segments of wal_capacity_mb, of which the open one and wal_retain_closed closed ones (v1.16+)
 * hold what was written, and max(wal_segments_ahead, 1) more are created ahead, empty but for their 8-B header page
 * (qdrant@v1.19.0:config/config.yaml; qdrant@v1.16.0:lib/collection/src/config.rs; the wal crate, walShardKeptBytes).
 * Segment files are created at full length but sparse: what is allocated (and what the server reads back into the page
 * cache at start-up, measured: the WAL's resident pages after a restart equal its allocated bytes) is what was written
 * and not yet truncated.
 *
 * Each upsert of `B` points (assumptions.uploadBatchPoints) is one entry in each shard it reaches, with that shard's
 * share of the points (the hash ring's, src/model/shard-skew.ts). So a load that never closed more segments than are
 * retained keeps everything it wrote; past that, a shard keeps its retained closed segments full and its open one with
 * the entries since the last segment boundary, a sawtooth in the bytes written (more points can leave less WAL). The
 * expected value is the sawtooth averaged over the record bytes' uncertainty (+-0.5% for the vectors, +-20% for a
 * payload; walShardExpected): exact for a load of a few segments, the mean fill (about half the open segment) where
 * that uncertainty spans many. A workload that does not state `B` may have used any request size Qdrant advises (64-256
 * points): the expected value is the mean over nine sizes through that span, each a little waste a segment more or
 * less, which over many segments moves the boundary anywhere (a large load's open segment half full), and changes
 * nothing for a load that fits. Other writes since (updates, deletes) move the open segment anywhere in the range.
 * A collection that grew to its points from `assumptions.grownFromPoints` (the planner's months past now, observe's
 * projected months) is taken at the most it kept on the way (walShardMostSince), so its WAL only rises with the points.
 * Measured on the v1.19.0 server, 31 single-shard runs of 16,000 to 5,000,000 points with their request sizes: the
 * packing -1.87% to +0.26%, the expected value within -2.3% to +1.9% where no payload's uncertainty spans a boundary;
 * six shards -4.4% (docs/accuracy.md, "The WAL after a restart").
 */
export function walItems(r: Resolved, layout: SegmentLayout): LineItem[] {
  const S = layout.shardNumber;
  const w = r.wal.capacityMb * 1024 * 1024;
  const retained = r.wal.retainClosed;
  // The segments that hold entries: the open one and the retained closed ones (those created ahead hold none).
  const kMax = 1 + retained;
  const ahead = Math.max(r.wal.segmentsAhead, 1);
  const p = walPointBytes(r);
  const b = p.fixed + p.payload;
  const stated = r.uploadBatchPoints;
  const bLow = QDRANT.walUploadBatchPoints.value;
  const bHigh = QDRANT.walUploadBatchPointsHigh.value;
  const batches = stated !== null ? [stated] : Array.from({ length: WAL_BATCH_SIZES }, (_, i) => Math.round(bLow * Math.pow(bHigh / bLow, i / (WAL_BATCH_SIZES - 1))));
  const N = layout.pointsPerShard * S;
  // A growth projection (assumptions.grownFromPoints): the most the WAL keeps at any count from N0 to N points.
  const from = r.grownFromPoints ?? N;
  const grown = from < N;
  const A = QDRANT.walRecordOverheadBytes.value;
  // Points written a second, sustained, and the seconds between two flushes (the WAL is truncated after each).
  const W = r.writesPerSecond;
  const T = r.optimizers.flushIntervalSec;
  const delta = (QDRANT.walRecordUncertainty.value * p.fixed + QDRANT.walPayloadUncertainty.value * (p.payload > 1 ? p.payload : 0)) / b;
  // Every shard's own share up to WAL_MAX_SHARDS shards; past that, that many of them evenly through the shares in
  // order (the middle of each of WAL_MAX_SHARDS equal runs), each standing for S / WAL_MAX_SHARDS (a planner estimates
  // candidates of up to 1,024 shards).
  // With nine request sizes a shard, an eighth as many shards (the same work).
  const maxShards = batches.length > 1 ? WAL_MAX_SHARDS / 8 : WAL_MAX_SHARDS;
  const all = shardSkew(S).shares;
  const sorted = all.length <= maxShards ? all : [...all].sort((a, b) => a - b);
  const shares = all.length <= maxShards ? all : Array.from({ length: maxShards }, (_, j) => sorted[Math.floor(((j + 0.5) * sorted.length) / maxShards)]!);
  const weight = all.length / shares.length;
  // The shard files beside the segments: each segment created ahead is its header page, and the first-index file a page.
  const fixedPerShard = (ahead + 1) * PAGE;
  let value = 0;
  let low = 0;
  let high = 0;
  let written = 0;
  let wrapped = false;
  for (const share of shares) {
    const n = (N * share) / S;
    if (n <= 0) continue;
    const q = share / S;
    let mean = 0;
    let lo = Infinity;
    let hi = 0;
    let shardWrapped = false;
    let shardWritten = 0;
    for (const size of batches) {
      // Requests that reach the shard (all of them once B q is more than a few points), and the points of each.
      const entries = (points: number) => Math.max(1, Math.round(Math.ceil(points / size) * (1 - Math.pow(1 - q, size))));
      const E = entries(N);
      const perEntry = n / E;
      const eLow = walEntryBytes(A + perEntry * b * (1 - delta));
      const eHigh = walEntryBytes(A + perEntry * b * (1 + delta));
      const x = walShardExpected(E, eLow, eHigh, w, retained);
      // Grown from N0 points: the entries then (the same requests), and the most kept since. Written all the time
      // (assumptions.writesPerSecond): the entries go on past E, so the WAL reaches a tooth's top whatever E is (r + 1
      // segments of entries ahead hold one, walShardMostSince), and holds the writes of one flush interval beyond it.
      const E0 = grown ? entries(from) : E;
      const E1 = W > 0 ? E + (retained + 1) * Math.ceil(w / eLow) + 1 : E;
      const unflushed = W > 0 ? walUnflushedBytes(W * T, size, q, A, b) : 0;
      mean += ((E0 < E1 ? Math.max(x.mean, walShardMostSince(E0, E1, eLow, eHigh, w, retained)) : x.mean) + unflushed) / batches.length;
      lo = Math.min(lo, x.low);
      hi = Math.max(hi, x.high, W > 0 ? (retained + 1) * w + unflushed * (1 + delta) : 0);
      shardWrapped ||= x.wrapped;
      shardWritten += x.written / batches.length;
    }
    wrapped ||= shardWrapped;
    written += weight * shardWritten;
    value += weight * (mean + fixedPerShard);
    // Past the retained segments the open one may hold one entry or a whole segment, whatever the span says; and,
    // the write rate unstated, one segment more while unflushed updates accumulate (stated, hi holds its own).
    low += weight * ((shardWrapped ? Math.min(lo, retained * w) : lo) + fixedPerShard);
    high += weight * (Math.max(hi, W > 0 ? 0 : Math.min(shardWritten, (retained + 2) * w)) + fixedPerShard);
  }
  const batchText = stated !== null ? `${groupThousands(stated)} ${plural(stated, 'point')} a request (assumptions.uploadBatchPoints)` : `${bLow}-${bHigh} points a request, averaged (Qdrant's advice; assumptions.uploadBatchPoints states it)`;
  return [
    makeItem({
      id: 'wal',
      name: `Write-ahead log (${counted(S, 'shard')}, up to ${counted(kMax, 'segment')} of ${r.wal.capacityMb} MiB each, resident after a restart)`,
      structure: 'wal',
      residency: 'cache',
      value,
      // K: a shard's expected kept segments (walShardExpected; grown from N0, the expected most since, walShardMostSince:
      // the mean over the shards' shares and, unstated, the request sizes); f: its two pages beside them.
      formula: 'S * (K + f)',
      inputs: { S, K: (value - S * fixedPerShard) / S, f: fixedPerShard, N, ...(grown ? { N0: from } : {}), ...(W > 0 ? { W, T } : {}), ...(stated !== null ? { B: stated } : { Bmin: bLow, Bmax: bHigh }), b, A, r: retained, w, delta },
      source: [
        QDRANT.walCapacityMb.source,
        'qdrant@v1.16.0:lib/collection/src/config.rs (wal_retain_closed)',
        QDRANT.walHeaderBytes.source,
        QDRANT.walPointKeysBytes.source,
        QDRANT.walFloatBytes.source,
        ...(r.dense.some((d) => d.datatype === 'uint8') ? [QDRANT.walHalfFloatBytes.source] : []),
        ...(r.pointIdType === 'uuid' ? [QDRANT.walUuidIdBytes.source] : []),
        ...(r.payload ? [QDRANT.walPayloadCborRatio.source] : []),
        QDRANT.walRecordOverheadBytes.source,
        ...(W > 0 ? [`flush every ${formatInput(T)} s: ${QDRANT.flushIntervalSec.source}`] : []),
        `record bytes +-${QDRANT.walRecordUncertainty.value * 100}%: ${QDRANT.walRecordUncertainty.source}`,
        QDRANT.walUploadBatchPoints.source,
        SHARD_SKEW_SOURCE,
      ].join('; '),
      confidence: wrapped ? 'medium' : 'high',
      low,
      high,
      note: `b = ${Math.round(b)} B per point written (CBOR), ${batchText}, ${groupThousands(Math.round(written / 1e6))} MB written in all${grown ? `; the most kept at any count from ${groupThousands(Math.round(from))} points (assumptions.grownFromPoints: a restart may come at any moment of the growth)` : ''}${W > 0 ? `; ${formatInput(W)} points written a second (assumptions.writesPerSecond): the retained and open segments full and the ${formatInput(T)} s between two flushes' writes beyond them, the most before a flush truncates` : ''}; evictable page cache, read at start-up, not needed for search${W > 0 ? '' : `; more while unflushed updates accumulate (a flush every ${formatInput(T)} s; give the write rate)`}`,
    }),
  ];
}

/**
 * The heap each shard replica holds whatever its points (update worker and queue, optimizer handles, segment holder,
 * WAL and clock state), measured on the v1.19.0 server: 0.14 MB per shard (an empty collection of 32 shards against
 * one). One copy of the collection holds S of them; a peer with k replicas holds k (the planner's share k/S).
 */
export function shardHeapItem(layout: SegmentLayout): LineItem {
  const S = layout.shardNumber;
  const h = QDRANT.processAnonPerShardBytes.value;
  return makeItem({
    id: 'heap.shards',
    name: `Shard replica heap (${counted(S, 'shard')}: update worker, optimizer and segment bookkeeping)`,
    structure: 'allocator',
    residency: 'ram',
    value: S * h,
    formula: 'S * h',
    inputs: { S, h },
    source: QDRANT.processAnonPerShardBytes.source,
    confidence: 'medium',
    low: S * 0.1e6,
    high: S * 0.25e6,
    note: 'per shard replica, whatever its points; loaded shards measured up to 0.2 MB each',
  });
}

/**
 * The heap each loaded segment holds whatever its points (segment struct, storages' and indexes' bookkeeping, mmap
 * handles), measured on the v1.19.0 server: 0.063 MB per segment (24 small indexed segments against one). Counted over
 * every segment of one copy: the indexed ones and each shard's appendable tail.
 */
export function segmentHeapItem(layout: SegmentLayout): LineItem {
  const S = layout.shardNumber * (layout.segmentsPerShard + (layout.appendableSegmentsPerShard ?? 0));
  const g = QDRANT.processAnonPerSegmentBytes.value;
  return makeItem({
    id: 'heap.segments',
    name: `Segment heap (${counted(S, 'segment')}: segment, storage and index bookkeeping)`,
    structure: 'allocator',
    residency: 'ram',
    value: S * g,
    formula: 'S * g',
    inputs: { S, g },
    source: QDRANT.processAnonPerSegmentBytes.source,
    confidence: 'medium',
    low: S * 0.03e6,
    high: S * 0.1e6,
    note: 'per loaded segment, whatever its points; a 100M-point shard of ~150 segments holds about 10 MB',
  });
}

/**
 * The server process itself, per peer: its heap (RssAnon of an idle server with its collection) and its binary's
 * resident code pages. Measured on the v1.19.0 server (data/calibration/server-v1.19.0/empty-*.json).
 */
export function processItems(r: Resolved): LineItem[] {
  const C = r.nodeCpus;
  const a = QDRANT.processAnonBaseBytes.value;
  const c = QDRANT.processAnonPerCpuBytes.value;
  const k = QDRANT.processAnonPerCollectionBytes.value;
  const given = r.processBaselineBytes;
  const bin = QDRANT.processBinaryPageBytes.value;
  return [
    ...(r.clusterMode ? [clusterModeItem()] : []),
    given !== null
      ? makeItem({
          id: 'process.baseline',
          name: 'Qdrant process baseline (assumptions.processBaselineBytes)',
          structure: 'process',
          residency: 'ram',
          value: given,
          formula: 'b',
          inputs: { b: given },
          source: 'assumptions.processBaselineBytes (user input)',
          confidence: 'medium',
          note: 'per Qdrant process (per peer), not per shard',
        })
      : makeItem({
          id: 'process.baseline',
          name: `Qdrant process heap (runtime, allocator, ${counted(C, 'CPU')}, this collection empty)`,
          structure: 'process',
          residency: 'ram',
          value: a + c * C + k,
          formula: 'a + c * C + k',
          inputs: { a, c, C, k },
          source: `${QDRANT.processAnonBaseBytes.source}; ${QDRANT.processAnonPerCpuBytes.source}`,
          confidence: 'medium',
          low: a + c * C,
          high: a + 2 * c * C + 2 * k + QDRANT.processAnonSettlingBytes.value,
          note: 'per Qdrant process (per peer), not per shard; steady state (jemalloc returns freed pages within about 30 s; the high end allows what a busy machine has not yet returned)',
        }),
    loadedHeapItem(r.points),
    makeItem({
      id: 'process.binary',
      name: 'Qdrant binary code pages (page cache)',
      structure: 'process',
      residency: 'cache',
      value: bin,
      formula: 'g',
      inputs: { g: bin },
      source: QDRANT.processBinaryPageBytes.source,
      confidence: 'medium',
      low: 28e6,
      high: 50e6,
      note: 'per Qdrant process (per peer); file pages of the executable',
    }),
  ];
}

/**
 * The heap a peer holds once it has loaded the collection's data, beyond the empty-collection baseline and the
 * collection's modelled heap: jemalloc's state after the load (partly filled pages, and metadata for the address space
 * the load took; not freed pages it keeps: purging them at once, dirty_decay_ms:0, leaves it),
 * measured on the v1.19.0 server (QDRANT.processAnonLoadedBytes). Per peer; the whole term from
 * processAnonLoadedFullPoints points on, less for a smaller collection (none for an empty one).
 */
export function loadedHeapItem(points: number): LineItem {
  const f = Math.min(1, points / QDRANT.processAnonLoadedFullPoints.value);
  const l = QDRANT.processAnonLoadedBytes.value;
  return makeItem({
    id: 'process.loaded',
    name: 'Allocator state of a loaded server (jemalloc\'s partly filled pages and metadata)',
    structure: 'process',
    residency: 'ram',
    value: f * l,
    formula: 'f * l',
    inputs: { f, l },
    source: QDRANT.processAnonLoadedBytes.source,
    confidence: 'low',
    low: f * QDRANT.processAnonLoadedLowBytes.value,
    high: f * QDRANT.processAnonLoadedHighBytes.value,
    note: 'per Qdrant process (per peer); a fit to the measured steady states (range 0.4-1.6 MB), not a structure of Qdrant',
  });
}

/**
 * The extra heap of a peer running in cluster mode (Raft, the p2p server and channels), per peer. estimate() adds it
 * with `assumptions.clusterMode` (the planner sets it: its Helm values enable cluster mode on every peer); qsize
 * observe adds it for a peer whose GET /cluster says `enabled`.
 */
export function clusterModeItem(): LineItem {
  const k = QDRANT.processAnonClusterModeBytes.value;
  return makeItem({
    id: 'process.cluster-mode',
    name: 'Qdrant process heap in cluster mode (Raft, p2p server and channels)',
    structure: 'process',
    residency: 'ram',
    value: k,
    formula: 'k',
    inputs: { k },
    source: QDRANT.processAnonClusterModeBytes.source,
    confidence: 'medium',
    low: QDRANT.processAnonClusterModeLowBytes.value,
    high: 1.1e6,
    note: 'per Qdrant process (per peer) with cluster.enabled: 0.29 MB measured for a one-peer cluster, 0.9-1.1 MB for peers of a 3-peer cluster; larger clusters not measured',
  });
}

/**
 * Temp segment on disk while the optimizer rebuilds one segment: the new segment is written into
 * <shard>/temp_segments while the sources stay live (qdrant@v1.19.0:lib/shard/src/optimizers/segment_optimizer.rs,
 * TEMP_SEGMENTS_PATH). One segment at a time; its size is the disk of the largest segment the optimizer may build.
 */
export function tempSegmentItem(layout: SegmentLayout, segmentDiskBytes: number): LineItem {
  const g = segmentDiskBytes;
  return makeItem({
    id: 'optimizer.temp-segment',
    name: 'Optimizer temp segment (largest segment rebuilt at a time)',
    structure: 'optimizer',
    residency: 'peak-disk',
    value: g,
    formula: 'g',
    inputs: { g },
    source: 'qdrant@v1.19.0:lib/shard/src/optimizers/segment_optimizer.rs (temp_segments)',
    confidence: 'medium',
    high: 2 * g,
    note: `disk of the largest segment the optimizer may build (${groupThousands(layout.largestSegmentPoints)} ${plural(layout.largestSegmentPoints, 'point')}); up to 2x when two merges overlap`,
  });
}
