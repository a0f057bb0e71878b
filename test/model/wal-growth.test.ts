/**
 * The WAL of a growing collection (assumptions.grownFromPoints, src/model/wal-process.ts walShardMostSince): a restart
 * may come at any moment of the growth, so the WAL is planned at the most it keeps on the way, which keeps every
 * need monotone in the months (the planner's and observe's growth searches rely on it: firstMonthWhen).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { walEntryBytes, walShardExpected, walShardKeptBytes, walShardMostSince, walUnflushedBytes } from '../../src/model/wal-process.js';

const w = 33_554_432; // wal_capacity_mb 32
// The seed is the suite's (test/support: the commit's, or QSIZE_FC_SEED).
const RUNS = { numRuns: 200 };

describe('the most a shard WAL keeps while it grows', () => {
  // By hand: entries of L = 66,500 B take 8 + ceil8(66,504) = 66,512 B; a segment holds floor(33,554,424 / 66,512) = 504,
  // in 8 + 504 x 66,512 = 33,522,056 B: 8,185 pages, 33,525,760 B. With one retained segment (r = 1) the first tooth
  // tops at 1,008 entries, both segments full: 67,051,520 B.
  const e = walEntryBytes(66_500);
  it('one entry size: the first tooth top between E0 and E, else the kept bytes at E', () => {
    expect(e).toBe(66_512);
    expect(walShardMostSince(500, 1_010, e, e, w, 1)).toBe(67_051_520);
    // Loaded to 1,010 entries the shard keeps the retained segment and 2 entries: 33,525,760 + 33 pages (8 + 2 x 66,512
    // = 133,032 B) = 33,660,928 B.
    expect(walShardKeptBytes(1_010, 66_500, w, 1).kept).toBe(33_660_928);
    // From 1,009 (past the first top) to 1,500: the next top, 1,512, is not reached; at 1,500 the open segment holds 492
    // entries: 8 + 492 x 66,512 = 32,723,912 B, 7,990 pages = 32,727,040, + 33,525,760 = 66,252,800 B.
    expect(walShardMostSince(1_009, 1_500, e, e, w, 1)).toBe(66_252_800);
    // Exactly at the top, and one entry past it (which opens a segment and truncates the oldest).
    expect(walShardMostSince(1_009, 1_512, e, e, w, 1)).toBe(67_051_520);
    expect(walShardMostSince(1_009, 1_513, e, e, w, 1)).toBe(67_051_520);
    expect(walShardKeptBytes(1_513, 66_500, w, 1).kept).toBe(33_525_760 + 69_632);
    // Before v1.16 nothing is retained (r = 0): a tooth tops at one full segment.
    expect(walShardMostSince(400, 600, e, e, w, 0)).toBe(33_525_760);
  });

  it('at one entry size it is the most of the kept bytes at every count between E0 and E (counted one by one)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 3_000_000 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 0, max: 3_000 }), (L, r, E0, span) => {
        const E = E0 + span;
        let most = 0;
        for (let x = E0; x <= E; x++) most = Math.max(most, walShardKeptBytes(x, L, w, r).kept);
        const entry = walEntryBytes(L);
        return walShardMostSince(E0, E, entry, entry, w, r) === most;
      }),
      RUNS,
    );
  });

  it('across an entry size span it is at least the most of the expected kept bytes at any count between (the expected most, not the most of the expected)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5_000, max: 1_000_000 }), fc.constantFrom(0.005, 0.05, 0.2), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 0, max: 1_500 }), (L, delta, r, E0, span) => {
        const E = E0 + span;
        const eLow = walEntryBytes(L * (1 - delta));
        const eHigh = walEntryBytes(L * (1 + delta));
        let most = 0;
        for (let x = E0; x <= E; x++) most = Math.max(most, walShardExpected(x, eLow, eHigh, w, r).mean);
        const got = Math.max(walShardExpected(E, eLow, eHigh, w, r).mean, walShardMostSince(E0, E, eLow, eHigh, w, r));
        return got >= most * (1 - 1e-9) && got <= (r + 1) * w;
      }),
      { ...RUNS, numRuns: 60 },
    );
  });
});

describe('a collection grown from fewer points (assumptions.grownFromPoints)', () => {
  const wal = (points: number, from?: number, pointIdType: 'numeric' | 'uuid' = 'numeric') =>
    estimate({
      points,
      pointIdType,
      collection: { vectors: { size: 128, distance: 'Cosine' }, shard_number: 1 },
      assumptions: { uploadBatchPoints: 100, ...(from !== undefined ? { grownFromPoints: from } : {}) },
    }).lineItems.find((l) => l.id === 'wal')!;

  it('102,000 x 128-d in requests of 100: loaded once it keeps the retained segment and a few entries; grown from 50,000 it passed both segments full on the way', () => {
    // By hand: ids 0..101,999 in CBOR average 3.712 B, so b = 19 + 3.712 + 2 + 640 + 1 = 665.7 B a point, an entry
    // 100 + 100 b = 66,671 B (66,352-67,016 B in the segment across the +-0.5%), 500-505 to a 32 MiB segment; 1,020
    // requests: loaded once, 2 segments closed and 10-20 entries open (at most 1.35 MB) beside the retained one.
    const once = wal(102_000);
    expect(once.bytes).toBeLessThanOrEqual(w + Math.ceil((8 + 20 * 67_016) / 4096) * 4096 + 8_192);
    expect(once.bytes).toBeGreaterThan(w - 67_016);
    // Grown from 50,000 (500 requests), it passed the first tooth's top (1,000-1,010 entries: two full segments, each
    // within an entry of 32 MiB) and a restart could have come then: 2 x (33,554,424 - 67,016) + 8,192 to 2 x 32 MiB + 8,192.
    const grown = wal(102_000, 50_000);
    expect(grown.bytes).toBeGreaterThanOrEqual(2 * (33_554_424 - 67_016) + 8_192);
    expect(grown.bytes).toBeLessThanOrEqual(2 * w + 8_192);
    expect(grown.inputs['N0']).toBe(50_000);
    expect(grown.note).toMatch(/the most kept at any count from 50,000 points/);
    expect(grown.range.low).toBeLessThanOrEqual(grown.bytes);
    expect(grown.range.high).toBeGreaterThanOrEqual(grown.bytes);
    // Grown from its own points: loaded once.
    expect(wal(102_000, 102_000).bytes).toBe(once.bytes);
  });

  it('grown from N0, the WAL never falls as the points grow: 128-d UUID points, 20,000 to 400,000 in steps of 1,000 (a load, loaded once, dips by a segment at each tooth)', () => {
    let previous = 0;
    let dips = 0;
    let onceDips = 0;
    let once = 0;
    for (let n = 20_000; n <= 400_000; n += 1_000) {
      const v = wal(n, 20_000, 'uuid').bytes;
      // The phases' midpoints move with the rounding of a request's points to a shard: 0.01% at most.
      expect(v).toBeGreaterThanOrEqual(previous * (1 - 1e-4));
      if (v < previous) dips++;
      previous = v;
      const o = wal(n, undefined, 'uuid').bytes;
      if (o < once - 1e6) onceDips++;
      once = o;
    }
    expect(dips).toBeLessThan(400);
    expect(onceDips).toBeGreaterThan(0);
  });

  it('refuses to grow from more points than the collection holds, naming the field', () => {
    expect(() => wal(1_000, 2_000)).toThrow(/assumptions\.grownFromPoints.*expected at most the points \(1000\)/s);
  });
});

describe('a collection written all the time (assumptions.writesPerSecond): one flush interval of writes beyond the top', () => {
  const wal = (points: number, writesPerSecond?: number, shards = 1, flush?: number) =>
    estimate({
      points,
      collection: { vectors: { size: 128, distance: 'Cosine' }, shard_number: shards, ...(flush === undefined ? {} : { optimizers_config: { flush_interval_sec: flush } }) },
      assumptions: { uploadBatchPoints: 100, ...(writesPerSecond !== undefined ? { writesPerSecond } : {}) },
    }).lineItems.find((l) => l.id === 'wal')!;

  it('the unflushed bytes by hand: 10,000 points in requests of 100, one shard and two', () => {
    // One shard: 100 entries of L = 100 + 100 x 666.67162 = 66,767.162 B, each 8 + ceil8(66,771.162) = 66,784: 6,678,400 B.
    expect(walUnflushedBytes(10_000, 100, 1, 100, 666.67162)).toBeCloseTo(6_678_400, 3);
    // Half the points: every request reaches the shard (1 - 2^-100 of them), each with 50 points: L = 33,433.581,
    // e = 8 + 33,440 = 33,448: 100 entries, 3,344,800 B.
    expect(walUnflushedBytes(10_000, 100, 0.5, 100, 666.67162)).toBeCloseTo(3_344_800, 0);
    // Nothing written, nothing unflushed.
    expect(walUnflushedBytes(0, 100, 1, 100, 666.67162)).toBe(0);
  });

  it('30,000 x 128-d (one segment, nothing closed) written at 2,000 points a second: both segments full and 5 s of writes', () => {
    // ids 0..29,999 at 2.990667 B: b = 664.990667, L = 66,599.07 B, e = 8 + ceil8(66,603.07) = 66,616 (66,280-66,944
    // across the +-0.5%, 501-506 to a segment); the top within an entry of two full segments, and 100 entries of 66,616.
    const once = wal(30_000);
    const written = wal(30_000, 2_000);
    expect(once.bytes).toBeLessThan(21e6);
    expect(written.bytes).toBeGreaterThanOrEqual(2 * (33_554_424 - 66_944) + 8_192 + 100 * 66_616 * 0.99);
    expect(written.bytes).toBeLessThanOrEqual(2 * w + 8_192 + 100 * 66_616 * 1.01);
    expect(written.inputs['W']).toBe(2_000);
    expect(written.inputs['T']).toBe(5);
    // Its source names the flush interval's (Qdrant's config and flush worker).
    expect(written.source).toContain('storage.optimizers.flush_interval_sec');
    expect(once.source).not.toContain('flush_interval_sec');
    expect(written.note).toMatch(/2,000 points written a second \(assumptions\.writesPerSecond\)/);
    expect(written.range.high).toBeGreaterThanOrEqual(written.bytes);
    // A collection's own flush interval: 1 s keeps a fifth of the writes.
    expect(written.bytes - wal(30_000, 2_000, 1, 1).bytes).toBeCloseTo(80 * 66_616, -4);
  });

  it('a higher write rate never lowers the WAL, and the line item stays inside its range (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 3_000_000 }), fc.integer({ min: 1, max: 8 }), fc.double({ min: 0.01, max: 1e5, noNaN: true }), fc.double({ min: 1, max: 10, noNaN: true }), (points, shards, W, k) => {
        const a = wal(points, W, shards);
        const b = wal(points, W * k, shards);
        expect(b.bytes).toBeGreaterThanOrEqual(a.bytes);
        expect(a.bytes).toBeGreaterThanOrEqual(wal(points, undefined, shards).bytes * (1 - 1e-9));
        for (const x of [a, b]) {
          expect(x.range.low).toBeLessThanOrEqual(x.bytes);
          expect(x.range.high).toBeGreaterThanOrEqual(x.bytes);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a negative write rate, naming the field', () => {
    expect(() => wal(1_000, -1)).toThrow(/assumptions\.writesPerSecond/);
  });
});
