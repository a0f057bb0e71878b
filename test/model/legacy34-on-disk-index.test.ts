/**
 * An `on_disk: true` payload index of an optimized segment on Qdrant 1.12-1.14.0 is the mmap index, served from its
 * files; the other indexes stay in the segment's RocksDB (qdrant@v1.12.0, v1.13.0
 * lib/segment/src/index/struct_payload_index.rs `selector`: IndexSelector::OnDisk when the segment is not appendable and
 * the schema is on disk; qdrant@v1.14.0 the same through StorageType::NonAppendableRocksDb, since the feature flag
 * payload_index_skip_rocksdb is off by default at v1.14.0 and on from v1.14.1, lib/common/common/src/flags.rs). The
 * mmap files are those of v1.14.0 (mmap_map_index.rs, mmap_numeric_index.rs, mmap_point_to_values.rs, mmap_hashmap.rs
 * unchanged in layout between v1.12.0 and v1.14.0) less the null index, new at v1.14.0 (null_index/).
 *
 * Hand-worked (docs/methodology.md, "Indexes in indexed segments"): 1M points of 128-d in S = 4 indexed segments
 * (default_segment_number 5: 4 indexed and the appendable tail), n = 250,000 points per segment, 1 value per point, 1,000 distinct values.
 */
import { describe, expect, it } from 'vitest';
import { estimate, memoryMapsPerNode } from '../../src/index.js';
import { featuresFor } from '../../src/model/versions.js';

import { legacyIndexRun as run, type Schema } from './legacy-index-workload.js';
const items = (e: ReturnType<typeof estimate>) =>
  Object.fromEntries(e.lineItems.filter((i) => i.id.startsWith('payload-index.')).map((i) => [i.id.slice('payload-index.f.'.length), [i.bytes, i.residency]]));

// Null index (v1.14.0+): S x 2 x (ceil4096(250,000 / 8 = 31,250) = 32,768 + 4,096) = 4 x 73,728.
const NULL_INDEX = 4 * 73_728;
// Keyword mmap files: S x 4,096 (config) + S x (2 x 4,096 + 1,000 x (8 + ceil4(17) = 20 + 4 + 0 + 2.5/8)) + N x (16 + 20 + 4)
//   = 16,384 + 4 x 40,504.5 + 40,000,000 = 40,178,402.
//   Up to v1.17.0 deleted.bin is written in full (VersionFeatures.deletedFlagsWritten): a map component's ceil8(31,250) =
//   31,256 B, one whole 8 x 4,096 = 32,768 B of blocks per segment: + 4 x 32,768 = 131,072 -> 40,309,474.
const DELETED_MAP = 4 * 32_768;
const KEYWORD_MMAP = 16_384 + 162_018 + 40_000_000 + DELETED_MAP;
// Integer mmap files (map + numeric): S x (4,096 + 20,480) small files = 98,304; map S x (8,192 + 1,000 x (8 + 8 + 4 + 2
//   (an i64 key of 250 ids on average pads (8 - 4) / 2) + 0.3125)) = 122,018 + N x (16 + 8 + 4) = 28,000,000; numeric
//   S x 4,096 + N x (16 + 16 + 8) = 16,384 + 40,000,000.
//   Before v1.19.0 the numeric index has no data_block_index.bin: small files 4,096 + 16,384 = 20,480 per segment (not
//   24,576), S x 20,480 = 81,920. deleted.bin written in full: the map's 32,768 and the numeric's 8 x 8 x ceil(250,000 /
//   64) = 250,048 B, 62 blocks = 253,952 B: + 4 x 286,720 = 1,146,880 -> 69,367,202.
const DELETED_NUMERIC = 4 * 253_952;
const INTEGER_MMAP = 81_920 + 122_018 + 28_000_000 + 16_384 + 40_000_000 + DELETED_MAP + DELETED_NUMERIC;
// RocksDB era (approximate): keyword N x 32 + S x 1,000 x (16 + 50) = 32,264,000; integer (lookup + range) N x 55.
const KEYWORD_ROCKS = 32_000_000 + 264_000;
const INTEGER_ROCKS = 55_000_000;
// Heap of the 1.14.1 in-RAM index: keyword N x 24 + N x 4.125 + 4 x 2,048 x 33 + 0 = 28,395,336 (16-B values are one
// allocation each past EcoString's 15 inline bytes, 16 + 16 B in jemalloc's 32-B class: 4 x 1,000 x 32 = 128,000 more,
// 28,523,336; a glibc chunk of 48 would make it 28,587,336); integer: map N x 16 + N x
// 4.125 + 4 x 2,048 x (ceil8(8 + 12) + 1 = 25) = 20,329,800, numeric N x 16.125 + N x 16 = 32,125,000.
const KEYWORD_HEAP = 24_000_000 + 4_125_000 + 270_336 + 128_000;
const INTEGER_HEAP = 20_329_800 + 32_125_000;

describe('Qdrant 1.12-1.14.0: an on_disk payload index of an optimized segment is mmap files in page cache, the others RocksDB', () => {
  it('the switches: mmapPayloadIndexes from 1.14.1, boolMmapIndex from 1.13.0, nullIndex from 1.14.0', () => {
    const vs = ['1.12.6', '1.13.0', '1.13.6', '1.14.0', '1.14.1', '1.19.0'];
    expect(vs.map((v) => featuresFor(v).mmapPayloadIndexes)).toEqual([false, false, false, false, true, true]);
    expect(vs.map((v) => featuresFor(v).boolMmapIndex)).toEqual([false, true, true, true, true, true]);
    expect(vs.map((v) => featuresFor(v).nullIndex)).toEqual([false, false, false, true, true, true]);
    expect(featuresFor('1.14').tag).toBe('v1.14.1');
  });

  it('layout: 4 indexed segments', () => {
    expect(run('1.13.0', 'keyword', true).layout).toMatchObject({ indexed: true, segmentsTotal: 4, mmapPayloadIndexes: 1 });
    expect(run('1.13.0', 'keyword', false).layout.mmapPayloadIndexes).toBe(0);
  });

  it('keyword, 1.13: on_disk true is 40,309,474 B of mmap files in page cache and no heap; false is RocksDB, 32,264,000 B of files and of heap', () => {
    expect(items(run('1.13.0', 'keyword', true))).toEqual({ files: [KEYWORD_MMAP, 'cache'] });
    expect(KEYWORD_MMAP).toBe(40_309_474);
    expect(items(run('1.13.0', 'keyword', false))).toEqual({ files: [KEYWORD_ROCKS, 'disk'], heap: [KEYWORD_ROCKS, 'ram'] });
  });

  it('keyword, 1.14.1: the same files plus the null index (40,604,386 B), cache when on_disk, else disk and a 28,523,336 B heap', () => {
    expect(items(run('1.14.1', 'keyword', true))).toEqual({ files: [KEYWORD_MMAP + NULL_INDEX, 'cache'] });
    expect(KEYWORD_MMAP + NULL_INDEX).toBe(40_604_386);
    expect(items(run('1.14.1', 'keyword', false))).toEqual({ files: [KEYWORD_MMAP + NULL_INDEX, 'disk'], heap: [KEYWORD_HEAP, 'ram'] });
    expect(KEYWORD_HEAP).toBe(28_523_336);
  });

  it('1.14.0 builds as 1.13 does (payload_index_skip_rocksdb off by default), with the null index beside an mmap index', () => {
    expect(items(run('1.14.0', 'keyword', true))).toEqual({ files: [KEYWORD_MMAP + NULL_INDEX, 'cache'] });
    expect(items(run('1.14.0', 'keyword', false))).toEqual(items(run('1.13.0', 'keyword', false)));
  });

  it('integer (lookup + range), 1.13: on_disk true is 69,367,202 B of mmap files in page cache; false is RocksDB, 55,000,000 B', () => {
    expect(items(run('1.13.0', 'integer', true))).toEqual({ files: [INTEGER_MMAP, 'cache'] });
    expect(INTEGER_MMAP).toBe(69_367_202);
    expect(items(run('1.13.0', 'integer', false))).toEqual({ files: [INTEGER_ROCKS, 'disk'], heap: [INTEGER_ROCKS, 'ram'] });
  });

  it('integer, 1.14.1: 69,662,114 B of files with the null index; 52,454,800 B of heap when not on_disk', () => {
    expect(items(run('1.14.1', 'integer', true))).toEqual({ files: [INTEGER_MMAP + NULL_INDEX, 'cache'] });
    expect(items(run('1.14.1', 'integer', false))).toEqual({ files: [INTEGER_MMAP + NULL_INDEX, 'disk'], heap: [INTEGER_HEAP, 'ram'] });
    expect([INTEGER_MMAP + NULL_INDEX, INTEGER_HEAP]).toEqual([69_662_114, 52_454_800]);
  });

  it('1.13 totals: on_disk moves the index out of RAM (resident falls by the RocksDB heap) into page cache (the mmap files)', () => {
    const on = run('1.13.0', 'keyword', true);
    const off = run('1.13.0', 'keyword', false);
    expect(off.memory.residentBytes - on.memory.residentBytes).toBe(KEYWORD_ROCKS);
    expect(on.memory.pageCacheBytes - off.memory.pageCacheBytes).toBe(KEYWORD_MMAP);
    expect(on.disk.bytes - off.disk.bytes).toBe(KEYWORD_MMAP - KEYWORD_ROCKS);
  });

  it('ls -l: at 1.13 the mmap keyword index adds no apparent-only bytes (deleted.bin is written, no null flag files); from 1.17.1 its unwritten deleted.bin, 4 x ceil(250,000 / 8) = 125,000 B, beside the null flags', () => {
    const slack = (v: string, d: boolean) => {
      const e = run(v, 'keyword', d);
      return e.disk.apparentBytes - e.disk.bytes;
    };
    expect(slack('1.13.0', true) - slack('1.13.0', false)).toBe(0);
    // 1.17.0 vs 1.17.1: the same files but deleted.bin, apparent only from 1.17.1.
    expect(slack('1.17.1', true) - slack('1.17.0', true)).toBe(125_000);
  });

  it('memory maps: an on_disk (mmap) keyword index adds 2 per indexed segment (point_to_values, values_to_points: measured on the v1.19.0 server), 4 x 2 = 8 (0.7 x 8 = 5.6 and 1.3 x 8 = 10.4, each end rounded on its own total: 5 and 11); one kept in RocksDB maps nothing; 1.14.1 maps every index, with its null index (4 more each: 4 x 4 = 16)', () => {
    const maps = (v: string, t: Schema, d: boolean) => memoryMapsPerNode(run(v, t, d), { shardReplicasOnNode: 1, cpus: 2 });
    const on = maps('1.13.0', 'keyword', true);
    const off = maps('1.13.0', 'keyword', false);
    expect([on.maps - off.maps, on.low - off.low, on.high - off.high]).toEqual([8, 5, 11]);
    // 1.14.0+ writes a null index beside an mmap index (has_values, is_null: 4 maps; engine-identity/server-v1.19.0.json).
    expect(maps('1.14.1', 'keyword', false).maps).toBe(on.maps + 16);
    expect(maps('1.14.0', 'integer', false).maps).toBe(off.maps);
  });
});
