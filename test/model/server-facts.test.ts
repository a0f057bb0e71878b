/**
 * Facts measured on the real Qdrant v1.19.0 server (data/calibration/server-v1.19.0/), checked against the functions
 * the planner calls: the busiest-shard multiplier and the memory-map count per node.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { busiestShardFactor, estimate, memoryMapsPerNode, peerLoadFactor, shardFactorRange, shardSkew } from '../../src/index.js';
import { loadedHeapItem } from '../../src/model/wal-process.js';

interface SkewRow { ids: string; shards: number; points_per_shard_id: number[] }
const skew = JSON.parse(readFileSync('data/calibration/server-v1.19.0/shard-skew.json', 'utf8')) as { rows: SkewRow[] };

describe('shard skew (Qdrant hash ring, 100 virtual nodes per shard)', () => {
  it('every measured S: each shard\'s exact share is the mean of the server\'s two id sets (120,000 points each) within the counting noise of that mean (4 sd)', () => {
    for (const S of [...new Set(skew.rows.map((r) => r.shards))]) {
      const sets = skew.rows.filter((r) => r.shards === S).map((r) => r.points_per_shard_id);
      expect(sets).toHaveLength(2);
      const N = sets[0]!.reduce((a, b) => a + b, 0);
      const measured = sets[0]!.map((_, k) => sets.reduce((a, c) => a + (c[k]! / c.reduce((x, y) => x + y, 0)) * S, 0) / sets.length);
      const { shares } = shardSkew(S);
      measured.forEach((m, k) => {
        const q = shares[k]! / S;
        // A shard's count of N ids has sd sqrt(N q (1 - q)); the mean of two independent sets, 1/sqrt(2) of that.
        const sd = (Math.sqrt(N * q * (1 - q)) / N) * S / Math.SQRT2;
        expect(Math.abs(m - shares[k]!)).toBeLessThan(4 * sd);
      });
    }
  });
  it('6 shards: the busiest (shard 5) holds 17.0% more than the mean, the smallest (shard 2) 17.4% less (the server measured +17.2% / -17.5%, the issue +16.8% / -17.5%)', () => {
    // The Rust probe's arcs (data/calibration/hash-ring/probe-v1.19.0.txt): 1.169896 and 0.825717.
    expect(busiestShardFactor(6)).toBeCloseTo(1.169896, 6);
    expect(shardSkew(6)).toMatchObject({ busiestShard: 5 });
    expect(shardSkew(6).smallestFactor).toBeCloseTo(0.825717, 6);
  });
  it('one shard has no skew, at any point count', () => {
    expect(shardSkew(1)).toMatchObject({ busiestFactor: 1, smallestFactor: 1, shares: [1] });
    expect(shardFactorRange(1, 1, 1000)).toEqual({ low: 1, high: 1 });
  });
  it('a peer holding shards 0 and 3 of 6 carries their exact shares: (0.994709 + 1.034723) / 2 (Rust probe)', () => {
    expect(peerLoadFactor([0, 3], 6)).toBeCloseTo((0.994709 + 1.034723) / 2, 6);
  });
  it('the busiest of 6 shards at 100,000 points ranges over 1.169896 × (1 ± 2 sqrt((1 - q) / (N q))), q = 1.169896 / 6: ± 1.28%', () => {
    // By hand: q = 0.194983, N q = 19,498.3, (1 - q) / (N q) = 4.1287e-5, sqrt = 0.0064255, × 2 = 0.012851.
    const r = shardFactorRange(1.169896, 6, 100_000);
    expect(r.low).toBeCloseTo(1.169896 * (1 - 0.012851), 5);
    expect(r.high).toBeCloseTo(1.169896 * (1 + 0.012851), 5);
  });
  it('a shard-size factor\'s range brackets it, never goes below 0, and narrows as the points grow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1024 }), fc.integer({ min: 0, max: 1e9 }), (S, N) => {
        const f = busiestShardFactor(S);
        const r = shardFactorRange(f, S, N);
        const wider = shardFactorRange(f, S, Math.floor(N / 2));
        return r.low >= 0 && r.low <= f && f <= r.high && Number.isFinite(r.high) && wider.low <= r.low && wider.high >= r.high;
      }),
    );
  });
});

describe('memory maps per node against vm.max_map_count', () => {
  // Counted on the server (steady state, /proc/PID/maps): 1 shard per collection, 2 CPUs.
  const measured: [string, number][] = [
    ['d128-30k', 138],
    ['d384-default', 150], // the 600 s re-run (151 in the run whose restart re-ran a merge)
    ['d128-200k-seg4', 164],
    ['d128-100k-maxseg20mb', 184],
  ];
  for (const [id, maps] of measured) {
    it(`${id}: ${maps} maps counted, the model within 15%`, () => {
      const r = JSON.parse(readFileSync(`data/calibration/server-v1.19.0/${id}.json`, 'utf8'));
      expect(r.steady.maps).toBe(maps);
      const e = estimate({ points: r.config.n, qdrantVersion: '1.19.0', collection: r.collection_body, assumptions: { nodeCpus: 2 } });
      const m = memoryMapsPerNode(e, { shardReplicasOnNode: 1, cpus: 2 });
      expect(Math.abs(m.maps / maps - 1)).toBeLessThan(0.15);
      expect(m.warning).toBeUndefined();
    });
  }
  it('1,000 collections of 6 shards x 4 segments on one node approach 65,530 and warn', () => {
    const e = estimate({ points: '10M', qdrantVersion: '1.19.0', collection: { vectors: { size: 128, distance: 'Cosine' }, shard_number: 6 }, assumptions: { nodeCpus: 8 } });
    const m = memoryMapsPerNode(e, { shardReplicasOnNode: 6, collections: 1000, cpus: 8 });
    // By hand: 66 + 11 x 8 + 1,000 x (30 + 6 x (3 + 6 + 3 x 10 + 12)) = 336,154 (per shard: WAL 3, allocator 6, three
    // indexed segments of 10, the appendable tail of 12).
    expect(m.maps).toBe(336_154);
    expect(m.warning).toMatch(/vm.max_map_count 65,530/);
  });
});

describe('process.loaded: the allocator state of a loaded server (docs/methodology.md, worked example)', () => {
  it('6,000 points: f = 6,000 / 12,000 = 0.5, so 0.45 MB (range 0.2-0.8); 100M points: 0.9 MB (0.4-1.6); no points: none', () => {
    const half = loadedHeapItem(6_000);
    expect([half.bytes, half.range.low, half.range.high]).toEqual([450_000, 200_000, 800_000]);
    const full = loadedHeapItem(100_000_000);
    expect([full.bytes, full.range.low, full.range.high]).toEqual([900_000, 400_000, 1_600_000]);
    expect(loadedHeapItem(0).bytes).toBe(0);
  });
});
