/**
 * A numeric index's range blocks (payload sub-graphs), worked by hand from Qdrant's source and checked against the
 * replay of that source and the v1.19.0 server (s35).
 *
 * Source (qdrant@v1.19.0): numeric_index/query.rs for_each_payload_block builds a block from two steps of
 * histogram.get_range_by_size(lower, t / 2), a step ending at the first border whose `left` count takes it past t / 2;
 * histogram.rs current_bucket_size = clamp(floor(0.01 x total), 10, 10,000) is the size a bucket may reach, and
 * Histogram::insert only splits buckets, so a built histogram's buckets hold ~0.64 of it (values independent of the point
 * order; replay: data/calibration/engine-identity/numeric-histogram-replay.json).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimate, type WorkloadInput } from '../../src/index.js';
import { pointOrderRangeBlocks, rangeBlockPoints } from '../../src/model/hnsw.js';

const replay = JSON.parse(readFileSync('data/calibration/engine-identity/numeric-histogram-replay.json', 'utf8')) as {
  rows: { n: number; seed: number; order: string; max_bucket_size: number; current_bucket_size: number; borders: number; fill: number; blocks: Record<string, { count: number; mean: number }> }[];
};
const server = (id: string) =>
  JSON.parse(readFileSync(`data/calibration/engine-identity/server-v1.19.0-payload/${id}.json`, 'utf8')) as {
    graph_bin_bytes: number;
    numeric_histograms: Record<string, { borders_count: number; borders: [number, number, number, number][]; range_blocks: number[]; range_block_mean: number; threshold_points: number }>;
  };

describe('range blocks of a numeric index (rangeBlockPoints)', () => {
  it('20,000 points at t = 6 (384-d, 10 KB): a size limit of 200, buckets of 128, a step of (128^5 + (3 + 77)^5)^(1/5) = 130.4, blocks of 260.7 points; the server built 156 blocks of 256 on average (before s35 the model took 400)', () => {
    const r = rangeBlockPoints(20_000, 6);
    expect(r.limit).toBe(200);
    expect(r.bucket).toBeCloseTo(128, 6);
    expect(r.step).toBeCloseTo(130.35, 2);
    expect(r.block).toBeCloseTo(260.71, 2);
    const h = server('fst10-price-only-n20000').numeric_histograms['price']!;
    expect([h.threshold_points, h.range_blocks.length, Math.round(h.range_block_mean)]).toEqual([6, 156, 256]);
    expect(Math.abs(r.block / h.range_block_mean - 1)).toBeLessThan(0.03);
  });
  it('100,000 points at t = 666 (384-d, 1,000 KB): limit 1,000, (640^5 + (333 + 385)^5)^(1/5) = 785.1, blocks of 1,570 points, 127 a segment; the replay 1,590 and the server\'s graph.bin 125 range blocks (20,760 B = 60 + 12 x (1,500 entry points + 100 keyword + 125 range blocks))', () => {
    const r = rangeBlockPoints(100_000, 666);
    expect(r.step).toBeCloseTo(785.05, 1);
    expect((2 * 100_000) / r.block).toBeCloseTo(127.4, 1);
    const row = replay.rows.find((x) => x.n === 100_000 && x.seed === 1 && x.order === 'random' && x.max_bucket_size === 10_000)!;
    expect(row.blocks['666']!.mean).toBeCloseTo(1589.8, 1);
    expect(Math.abs(r.block / row.blocks['666']!.mean - 1)).toBeLessThan(0.02);
    expect((20_760 - 60) / 12 - 1_500 - 100).toBe(125);
  });
  it('2,000,000 points at t = 6,666: the limit stops at 10,000 and the buckets settle at 0.70 of it, (7,000^5 + (3,333 + 4,450)^5)^(1/5) = 8,537.8, blocks of 17,076', () => {
    const r = rangeBlockPoints(2_000_000, 6_666);
    expect(r.limit).toBe(10_000);
    expect(r.bucket).toBeCloseTo(7_000, 6);
    expect(r.block).toBeCloseTo(17_075.6, 0);
  });
  it('every replayed mean block (values independent of the point order, 5,000-200,000 points, t = 6-6,666, more than one block) is within 6% of the model', () => {
    for (const row of replay.rows.filter((x) => x.order === 'random' && x.max_bucket_size === 10_000)) {
      for (const [t, b] of Object.entries(row.blocks)) {
        if (b.count <= 1) continue;
        const r = rangeBlockPoints(row.n, Number(t));
        expect(Math.abs(r.block / b.mean - 1), `${row.n} seed ${row.seed} t ${t}`).toBeLessThan(0.06);
      }
    }
  });
  it('values that rise with the point order (a timestamp) make other buckets: the server\'s `ts` at 20,000 points has 386 borders and 385 blocks of 104 points, as the replay of sorted values (386 borders)', () => {
    const h = server('fst10-ts-only-n20000').numeric_histograms['ts']!;
    expect([h.borders_count, h.range_blocks.length, Math.round(h.range_block_mean)]).toEqual([386, 385, 104]);
    const row = replay.rows.find((x) => x.n === 20_000 && x.order === 'sorted')!;
    expect(row.borders).toBe(386);
  });
});

/**
 * Values that rise with the point order (valueOrder: 'point-order'), worked from histogram.rs (pointOrderRangeBlocks):
 * inserted in sorted order, a bucket made at total T closes at j* = max(11, floor(T / 99) + 1) points (j > floor(0.01
 * (T + j)) <=> j > T / 99), so 11-point buckets from T = 2 to 1,088 (99 of them: T = 2, 13, ..., 1,080), then buckets
 * of s points while T / 99 is in [s - 1, s): 99 / s of them, sum over s = 12..S of 99 / s ~ 99 ln((S + 0.5) / 11.5),
 * S = n / 99. At t = 6 a step (past floor(6 / 2) = 3 points) is one bucket and a block two, so the blocks are the
 * buckets, and they hold every point twice but the first step's 12 (the lowest border and the first bucket):
 * mean block (2 n - 12) / blocks.
 */
describe('range blocks of values in point order (pointOrderRangeBlocks)', () => {
  const hand = (n: number) => 99 + 99 * Math.log((n / 99 + 0.5) / 11.5);
  it('20,000 points at t = 6: by hand 99 + 99 ln(202.5 / 11.5) = 383 buckets, so ~383 blocks; the server built 385 (386 borders), of (40,000 - 12) / 385 = 103.86 points on average, and the rule gives its very list', () => {
    expect(hand(20_000)).toBeCloseTo(383.0, 0);
    const h = server('fst10-ts-only-n20000').numeric_histograms['ts']!;
    expect([h.borders_count, h.range_blocks.length, h.range_block_mean]).toEqual([386, 385, 39_988 / 385]);
    expect(Math.abs(hand(20_000) / h.range_blocks.length - 1)).toBeLessThan(0.01);
    const rule = pointOrderRangeBlocks(20_000, 6);
    expect(rule.length).toBe(385);
    expect(rule.reduce((a, b) => a + b, 0)).toBe(40_000 - 12);
    expect([...rule]).toEqual(h.range_blocks);
    // The first blocks: 12 + 11 points, then 11 + 11 (the server's borders 0, 11, 22, ...).
    expect(rule.slice(0, 3)).toEqual([23, 22, 22]);
  });
  it('100,000 points at t = 6: by hand 99 + 99 ln(1,010.6 / 11.5) = 542 blocks; the server built 545 of (200,000 - 12) / 545 = 366.95 points, the rule the same list (against 154 of 1,290 for values independent of the point order)', () => {
    expect(hand(100_000)).toBeCloseTo(542.2, 0);
    const h = server('fst10-ts-only').numeric_histograms['ts']!;
    expect([h.borders_count, h.range_blocks.length]).toEqual([546, 545]);
    expect(h.range_block_mean).toBeCloseTo(199_988 / 545, 9);
    expect(Math.abs(hand(100_000) / h.range_blocks.length - 1)).toBeLessThan(0.01);
    expect([...pointOrderRangeBlocks(100_000, 6)]).toEqual(h.range_blocks);
    // The last buckets on the server: 988 + 1 and 998 + 1 points between borders, 192 + 1 at the end.
    expect(h.borders.slice(-2).map((b) => b[2])).toEqual([998, 192]);
  });
  it('larger thresholds: a step takes buckets until their points (less the borders) pass floor(t / 2); the rule equals the replay of histogram.rs on sorted values at every size and threshold it was run on (numeric-histogram-point-order.json)', () => {
    const check = JSON.parse(readFileSync('data/calibration/engine-identity/numeric-histogram-point-order.json', 'utf8')) as {
      rows: { n: number; t: number; max_bucket_size?: number; blocks_rule: number; blocks_sorted: number; same_blocks: boolean }[];
    };
    expect(check.rows.length).toBeGreaterThanOrEqual(30);
    for (const row of check.rows.filter((r) => r.max_bucket_size === undefined)) {
      expect(row.same_blocks, `${row.n} ${row.t}`).toBe(true);
      expect(pointOrderRangeBlocks(row.n, row.t).length, `${row.n} ${row.t}`).toBe(row.blocks_sorted);
    }
    // By hand at 20,000 points and t = 666 (floor(666 / 2) = 333): the 11-point buckets (left 10) end a step at the
    // 34th (340 > 333), so the first step holds 34 x 11 + 1 = 375 points (the lowest border too), the second 374: the
    // first block 749 points.
    expect(pointOrderRangeBlocks(20_000, 666)[0]).toBe(375 + 374);
    expect(check.rows.find((r) => r.n === 20_000 && r.t === 666)!.blocks_sorted).toBe(52);
  });
  it('the one place the order is read: stating it moves a range index\'s links and graph.bin, and is refused on a keyword index or an integer without range, naming the field', () => {
    const w = (index: Record<string, unknown>): WorkloadInput =>
      ({
        points: 20_000,
        qdrantVersion: '1.19.0',
        collection: {
          vectors: { size: 384, distance: 'Cosine' },
          hnsw_config: { m: 16, full_scan_threshold: 10 },
          optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: 1 },
        },
        payload: { avgBytes: 100, indexes: [{ field_name: 'ts', ...index }] },
        assumptions: { nodeCpus: 2 },
      }) as WorkloadInput;
    const graphBin = (index: Record<string, unknown>) => estimate(w(index)).lineItems.find((x) => x.id === 'hnsw.default.graph-bin')!;
    // 60 + 12 x (19,999 + 385) = 244,668 B, the server's graph.bin for fst10-ts-only-n20000.
    expect(graphBin({ field_schema: 'integer', valueOrder: 'point-order' }).bytes).toBe(60 + 12 * (19_999 + 385));
    expect(graphBin({ field_schema: 'datetime', valueOrder: 'point-order' }).bytes).toBe(60 + 12 * (19_999 + 385));
    expect(graphBin({ field_schema: 'float', valueOrder: 'independent' }).bytes).toBe(graphBin({ field_schema: 'float' }).bytes);
    expect(() => estimate(w({ field_schema: 'keyword', valueOrder: 'point-order' }))).toThrow(
      /payload\.indexes\.0\.valueOrder: got "?point-order"?, expected valueOrder only on a range index: integer \(with range\), float or datetime \(this index is "keyword"\)/,
    );
    expect(() => estimate(w({ field_schema: { type: 'integer', range: false }, valueOrder: 'independent' }))).toThrow(/valueOrder only on a range index.*an integer index with range: false/);
  });
  // Pinned from the search for this property: past the histogram's cap (10,000-point buckets, over 1,000,000 points a
  // segment) point order makes fewer blocks, not more: 19,951,066 points at t = 2,281, 2,190 blocks against 2,694
  // (sorted buckets are full, 10,001 points, where independent values leave them at 0.70); and under 5,000 points the
  // two are a block apart either way (1,995 points at t = 1,834: 1 against 2.2).
  it('past the cap point order makes fewer blocks (19,951,066 points, t = 2,281: 2,190 against 2,694)', () => {
    expect(pointOrderRangeBlocks(19_951_066, 2_281).length).toBe(2_190);
    expect((2 * 19_951_066) / rangeBlockPoints(19_951_066, 2_281).block).toBeGreaterThan(2_600);
  });
  it('property: the point-order blocks hold every point twice but the first step\'s, so their sizes sum to between n and 2n, and every block but the last holds more than t points; and from 5,000 to 1,000,000 points a segment (under the histogram\'s cap) at t of 20 points or fewer, stating point order never makes the range blocks fewer than for values independent of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30_000_000 }), fc.integer({ min: 1, max: 30_000 }), (n, t) => {
        const blocks = pointOrderRangeBlocks(n, t);
        const sum = blocks.reduce((a, b) => a + b, 0);
        expect(sum).toBeGreaterThanOrEqual(n);
        expect(sum).toBeLessThanOrEqual(2 * n);
        expect(blocks.slice(0, -1).every((b) => b > t)).toBe(true);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 5_000, max: 1_000_000 }), fc.integer({ min: 1, max: 20 }), (n, t) => {
        expect(pointOrderRangeBlocks(n, t).length).toBeGreaterThanOrEqual((2 * n) / rangeBlockPoints(n, t).block);
      }),
      { numRuns: 200 },
    );
  });
});
