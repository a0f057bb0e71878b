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
import { describe, expect, it } from 'vitest';
import { rangeBlockPoints } from '../../src/model/hnsw.js';

const replay = JSON.parse(readFileSync('data/calibration/engine-identity/numeric-histogram-replay.json', 'utf8')) as {
  rows: { n: number; seed: number; order: string; max_bucket_size: number; current_bucket_size: number; borders: number; fill: number; blocks: Record<string, { count: number; mean: number }> }[];
};
const server = (id: string) =>
  JSON.parse(readFileSync(`data/calibration/engine-identity/server-v1.19.0-payload/${id}.json`, 'utf8')) as {
    graph_bin_bytes: number;
    numeric_histograms: Record<string, { borders_count: number; range_blocks: number[]; range_block_mean: number; threshold_points: number }>;
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
