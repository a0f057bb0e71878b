/**
 * Facts measured on the real Qdrant v1.19.0 server (data/calibration/server-v1.19.0/), checked against the functions
 * the planner calls: the busiest-shard multiplier and the memory-map count per node.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { busiestShardFactor, estimate, memoryMapsPerNode, peerLoadFactor, shardSkew } from '../../src/index.js';
import { maxOfNormals, MEASURED_SHARD_SHARES } from '../../src/model/shard-skew.js';
import { loadedHeapItem } from '../../src/model/wal-process.js';

interface SkewRow { ids: string; shards: number; points_per_shard_id: number[] }
const skew = JSON.parse(readFileSync('data/calibration/server-v1.19.0/shard-skew.json', 'utf8')) as { rows: SkewRow[] };

describe('shard skew (Qdrant hash ring, 100 virtual nodes per shard)', () => {
  it('the measured shares are the mean of the two id sets, shard by shard, to the 4th decimal', () => {
    for (const S of [...new Set(skew.rows.map((r) => r.shards))]) {
      const sets = skew.rows.filter((r) => r.shards === S).map((r) => r.points_per_shard_id);
      const shares = sets[0]!.map((_, k) => sets.reduce((a, c) => a + (c[k]! / c.reduce((x, y) => x + y, 0)) * S, 0) / sets.length);
      shares.forEach((s, k) => expect(MEASURED_SHARD_SHARES[S]![k]).toBeCloseTo(s, 3));
    }
  });
  it('6 shards: the busiest holds 17.2% more than the mean (shard 5), the smallest 17.5% less (the issue measured +16.8% / -17.5%)', () => {
    expect(busiestShardFactor(6)).toBeCloseTo(1.172, 3);
    expect(shardSkew(6).smallestFactor).toBeCloseTo(0.825, 3);
  });
  it('one shard has no skew', () => {
    expect(shardSkew(1)).toMatchObject({ busiestFactor: 1, low: 1, high: 1 });
  });
  it('the expected maximum of 2 standard normals is 1/sqrt(pi) = 0.5642, of 10 is 1.5388 (tables)', () => {
    expect(maxOfNormals(2).mean).toBeCloseTo(0.5642, 3);
    expect(maxOfNormals(10).mean).toBeCloseTo(1.5388, 3);
  });
  it('the pooled spread of the measured shares is the Beta share\'s 0.1 sqrt((S-1)/S), within 15%', () => {
    const dev: number[] = [];
    let predicted = 0;
    for (const [S, shares] of Object.entries(MEASURED_SHARD_SHARES)) {
      if (Number(S) === 1) continue;
      for (const s of shares) dev.push((s - 1) ** 2);
      predicted += shares.length * (0.01 * (Number(S) - 1)) / Number(S);
    }
    const sd = Math.sqrt(dev.reduce((a, b) => a + b, 0) / dev.length);
    expect(Math.abs(sd / Math.sqrt(predicted / dev.length) - 1)).toBeLessThan(0.15);
  });
  it('a peer holding shards 0 and 3 of 6 carries their measured shares: (0.9976 + 1.0290) / 2', () => {
    expect(peerLoadFactor([0, 3], 6)).toBeCloseTo((0.9976 + 1.029) / 2, 4);
  });
  it('the busiest-shard multiplier is at least 1 and its range brackets it, for any shard count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1024 }), (S) => {
        const k = shardSkew(S);
        return k.busiestFactor >= 1 && k.low <= k.busiestFactor && k.busiestFactor <= k.high && Number.isFinite(k.high) && k.high < 1.6;
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
