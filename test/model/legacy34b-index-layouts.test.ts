/**
 * Payload index files follow the layout of the version that writes them (src/model/versions.ts, one switch per change):
 * - deletedFlagsWritten (up to v1.17.0): deleted.bin of a map and a numeric index is zeroed through the mmap, so
 *   allocated: a map's ceil8(n / 8) B, a numeric's 8 x 8 x ceil(n / 64) B (a byte per point), in whole 4 KiB blocks;
 *   from v1.17.1 only the set bits are written and the file is sparse (qdrant@v1.17.0 / v1.17.1 mmap_map_index.rs,
 *   mmap_numeric_index.rs `build`);
 * - sortedBlockIndexes (from v1.19.0): data_block_index.bin of a numeric index, one 4 KiB block per segment;
 * - textPostingPaddingBytes (4 up to v1.14.x, 0 from v1.15.0): the alignment after each posting list's packed ids;
 * - gridstoreMutableIndexes (from v1.16.0): an appendable segment's indexes map their gridstore (5 maps each), before
 *   they are in its RocksDB.
 *
 * Hand-worked, 1M points of 128-d in S = 4 indexed segments (default_segment_number 5), n = 250,000, one value per point,
 * 1,000 distinct (docs/methodology.md, "Indexes in indexed segments" and "Payload indexes by version"):
 *   keyword (16-B values) on 1.19.0: 40,473,314 B (the worked example there); on 1.15.0 + 4 x ceil4096(ceil8(31,250) =
 *   31,256) = 4 x 32,768 = 131,072 -> 40,604,386 B.
 *   integer (lookup + range) on 1.19.0: 68,531,618 B; on 1.15.0 without data_block_index.bin (- 4 x 4,096 = 16,384) and with
 *   deleted.bin written (map 32,768 + numeric ceil4096(8 x 8 x 3,907 = 250,048) = 253,952, x 4 = 1,146,880):
 *   69,662,114 B; on 1.17.1 and 1.18.0 68,531,618 - 16,384 = 68,515,234 B.
 */
import { describe, expect, it } from 'vitest';
import { estimate, memoryMapsPerNode } from '../../src/index.js';
import { featuresFor } from '../../src/model/versions.js';

import { legacyIndexRun as run, type Schema } from './legacy-index-workload.js';
const files = (e: ReturnType<typeof estimate>) => e.lineItems.find((i) => i.id === 'payload-index.f.files')!.bytes;

describe('the switches flip where the source changes', () => {
  it('deletedFlagsWritten up to 1.17.0; sortedBlockIndexes from 1.19.0; text padding 4 B up to 1.14.x; gridstore mutable indexes from 1.16.0', () => {
    const vs = ['1.12.6', '1.14.1', '1.15.0', '1.16.0', '1.17.0', '1.17.1', '1.18.0', '1.19.0', '1.20.0'];
    expect(vs.map((v) => featuresFor(v).deletedFlagsWritten)).toEqual([true, true, true, true, true, false, false, false, false]);
    expect(vs.map((v) => featuresFor(v).sortedBlockIndexes)).toEqual([false, false, false, false, false, false, false, true, true]);
    expect(vs.map((v) => featuresFor(v).textPostingPaddingBytes)).toEqual([4, 4, 0, 0, 0, 0, 0, 0, 0]);
    expect(vs.map((v) => featuresFor(v).gridstoreMutableIndexes)).toEqual([false, false, false, true, true, true, true, true, true]);
    expect(featuresFor('1.17.1').tag).toBe('v1.17.1');
  });
});

describe('1M points in 4 segments: keyword and integer index files on 1.15.0 against 1.19.0', () => {
  it('keyword: 40,604,386 B on 1.15.0 (deleted.bin written, 4 x 32,768), 40,473,314 B on 1.19.0', () => {
    expect(files(run('1.15.0', 'keyword'))).toBe(40_604_386);
    expect(files(run('1.19.0', 'keyword'))).toBe(40_473_314);
    expect(files(run('1.17.1', 'keyword'))).toBe(40_473_314);
  });

  it('integer: 69,662,114 B on 1.15.0, 68,515,234 B on 1.17.1 and 1.18.0 (no block index), 68,531,618 B on 1.19.0', () => {
    expect(files(run('1.15.0', 'integer'))).toBe(69_662_114);
    expect(files(run('1.17.1', 'integer'))).toBe(68_515_234);
    expect(files(run('1.18.0', 'integer'))).toBe(68_515_234);
    expect(files(run('1.19.0', 'integer'))).toBe(68_531_618);
  });

  it('ls -l: written deleted.bin (1.17.0) adds no apparent-only bytes; sparse (1.17.1, nothing else changed) it is 4 x 2 x ceil(250,000 / 8) = 250,000 B of them', () => {
    const slack = (v: string) => {
      const e = run(v, 'integer');
      return e.disk.apparentBytes - e.disk.bytes;
    };
    expect(slack('1.17.1') - slack('1.17.0')).toBe(250_000);
    // and the allocated bytes the other way: 4 x (32,768 + 253,952) = 1,146,880.
    expect(files(run('1.17.0', 'integer')) - files(run('1.17.1', 'integer'))).toBe(1_146_880);
  });
});

describe('a geo index: deleted.bin written whole up to 1.17.0 (its map-sized ceil8(n / 8)), its two block indexes from 1.19.0', () => {
  const geo = (qdrantVersion: string) =>
    estimate({
      points: 1_000_000,
      qdrantVersion,
      collection: { vectors: { size: 128, distance: 'Cosine' }, optimizers_config: { default_segment_number: 5 } },
      // Bulk-loaded: every point in the 4 indexed segments, the tail empty (an appendable tail's mutable index is priced apart, s43).
      assumptions: { bulkLoad: true },
      payload: { avgBytes: 200, indexes: [{ field_name: 'f', field_schema: 'geo', valuesPerPoint: 1, cardinality: 1_000 }] },
    });

  it('1.17.0 writes 4 x 32,768 = 131,072 B more than 1.17.1, where ls -l shows them as 4 x 31,250 = 125,000 B apparent only', () => {
    const [a, b] = [geo('1.17.0'), geo('1.17.1')];
    expect(files(a) - files(b)).toBe(131_072);
    expect(b.disk.apparentBytes - b.disk.bytes - (a.disk.apparentBytes - a.disk.bytes)).toBe(125_000);
  });

  it('1.19.0 adds per segment 4 B per 256 cells and locations (D + Cs) and two 4 KiB blocks: 4 x (4 x (D + 1,000) / 256 + 8,192)', async () => {
    const { geohashCells } = await import('../../src/model/payload.js');
    const D = geohashCells(1_000).expected;
    // (line items are whole bytes)
    expect(Math.abs(files(geo('1.19.0')) - files(geo('1.18.0')) - 4 * ((4 * (D + 1_000)) / 256 + 8_192))).toBeLessThanOrEqual(1);
  });
});

describe('a text index: 4 B of padding per posting list before 1.15, the same files from 1.15 on', () => {
  // 1,000 distinct tokens, 8 per point, 250,000 points per segment: every token is in every segment (the rarest, rank
  // 1,000 under Zipf 1, has probability 1 / (1,000 x H(1,000) = 7,485) and about 267 expected occurrences per segment),
  // so Vs = 1,000 and the padding is S x Vs x 4 = 4 x 1,000 x 4 = 16,000 B.
  const text = (qdrantVersion: string) =>
    estimate({
      points: 1_000_000,
      qdrantVersion,
      collection: { vectors: { size: 128, distance: 'Cosine' }, optimizers_config: { default_segment_number: 5 } },
      // Bulk-loaded: every point in the 4 indexed segments, the tail empty (an appendable tail's mutable index is priced apart, s43).
      assumptions: { bulkLoad: true },
      payload: {
        avgBytes: 200,
        indexes: [{ field_name: 'f', field_schema: { type: 'text' }, valuesPerPoint: 1, tokensPerValue: 8, cardinality: 1_000, avgTokenBytes: 6 }],
      },
    }).lineItems.find((i) => i.id === 'payload-index.f.files')!;

  it('1.16.0 and 1.19.0 write the same bytes; 1.14.1 writes 16,000 B more', () => {
    const t14 = text('1.14.1');
    const t16 = text('1.16.0');
    const t19 = text('1.19.0');
    expect(t16.bytes).toBe(t19.bytes);
    expect(t14.bytes - t19.bytes).toBeCloseTo(16_000, 3);
    expect(t14.formula).toContain('S * Vs * pa');
    expect(t19.formula).not.toContain('pa');
  });
});

describe('memory maps of an appendable segment\'s payload indexes: none before 1.16 (RocksDB), a gridstore per component and a null index each from 1.16.0', () => {
  // 20,000 x 32-d in 8 plain segments, one shard, 2 CPUs, keyword and integer (lookup + range) indexes: process 88; per
  // segment 7 + 5 (payload gridstore) = 12; from 1.16.0 + keyword 5 + 4 (null) + integer 2 x 5 + 4 = 35 (measured on the
  // v1.19.0 server: kw 9, num 14 maps, data/calibration/engine-identity/server-v1.19.0.json); data 39 + 8 x 12 = 135 or
  // 39 + 8 x 35 = 319; maps 223 or 407; low round(88 + 94.5) = 183 (182.5) or round(88 + 223.3) = 311; high
  // round(88 + 175.5) = 264 (263.5) or round(88 + 414.7) = 503.
  const maps = (qdrantVersion: string) => {
    const e = estimate({
      points: 20_000,
      qdrantVersion,
      collection: { vectors: { size: 32, distance: 'Cosine' }, optimizers_config: { default_segment_number: 8 } },
      payload: {
        avgBytes: 100,
        indexes: [
          { field_name: 'k', field_schema: 'keyword', valuesPerPoint: 1, cardinality: 100, avgValueBytes: 8 },
          { field_name: 'i', field_schema: 'integer', valuesPerPoint: 1, cardinality: 100 },
        ],
      },
    });
    expect(e.layout).toMatchObject({ indexed: false, segmentsTotal: 8 });
    const m = memoryMapsPerNode(e, { shardReplicasOnNode: 1, cpus: 2 });
    return [m.maps, m.low, m.high];
  };

  it('1.14.1 and 1.15.5: 223 maps (183 to 264), as with no index; 1.16.0 and 1.19.0: 407 (311 to 503)', () => {
    expect(maps('1.14.1')).toEqual([223, 183, 264]);
    expect(maps('1.15.5')).toEqual([223, 183, 264]);
    expect(maps('1.16.0')).toEqual([407, 311, 503]);
    expect(maps('1.19.0')).toEqual([407, 311, 503]);
  });
});
