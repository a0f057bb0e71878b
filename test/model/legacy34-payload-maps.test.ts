/**
 * on_disk_payload=false opens no gridstore before Qdrant 1.16: PayloadStorageType::InMemory (qdrant@v1.13.0 and v1.15.0
 * lib/collection/src/config.rs payload_storage_type; at v1.15.0 InRamMmap only under the feature flag
 * payload_storage_skip_rocksdb, off by default, lib/common/common/src/flags.rs) is SimplePayloadStorage over the
 * segment's RocksDB, which maps no file. From v1.16.0 that flag is on by default and on_disk_payload=false is InRamMmap,
 * MmapPayloadStorage::open_or_create(path, true): the gridstore with its 5 maps, populated. One switch decides both the
 * files and the maps: Resolved.payloadStorage, carried to the map count as SegmentLayout.payloadStorage.
 *
 * Hand-worked map count (src/model/memory-maps.ts), 20,000 x 32-d, 8 plain (unindexed) segments (default_segment_number
 * 8), one shard, no payload, 2 CPUs given to the count:
 *   process = 66 + 11 x 2 = 88; per segment = 7 (vectors, id tracker) + 5 (gridstore) = 12, or 7 without;
 *   data = 30 (allocator) + 3 (WAL) + 6 (allocator per shard) + 8 x per segment = 135 or 95;
 *   maps = 88 + data = 223 or 183; low = round(88 + 0.7 data) = 183 (182.5) or 155 (154.5);
 *   high = round(88 + 1.3 data) = 264 (263.5) or 212 (211.5).
 */
import { describe, expect, it } from 'vitest';
import { estimate, memoryMapsPerNode } from '../../src/index.js';

const maps = (qdrantVersion: string, onDiskPayload: boolean) => {
  const e = estimate({
    points: 20_000,
    qdrantVersion,
    collection: { on_disk_payload: onDiskPayload, vectors: { size: 32, distance: 'Cosine' }, optimizers_config: { default_segment_number: 8 } },
  });
  expect(e.layout).toMatchObject({ indexed: false, segmentsTotal: 8 });
  const m = memoryMapsPerNode(e, { shardReplicasOnNode: 1, cpus: 2 });
  return [m.maps, m.low, m.high];
};
const WITH_GRIDSTORE = [223, 183, 264];
const WITHOUT = [183, 155, 212];

describe('the 5 gridstore maps per segment exist where the payload is a gridstore (SegmentLayout.payloadStorage)', () => {
  it('1.13.0 and 1.15.5, on_disk_payload true: 223 maps (183 to 264)', () => {
    expect(maps('1.13.0', true)).toEqual(WITH_GRIDSTORE);
    expect(maps('1.15.5', true)).toEqual(WITH_GRIDSTORE);
  });

  it('1.13.0 and 1.15.5, on_disk_payload false (RocksDB): 8 x 5 = 40 fewer, 183 maps (155 to 212)', () => {
    expect(maps('1.13.0', false)).toEqual(WITHOUT);
    expect(maps('1.15.5', false)).toEqual(WITHOUT);
  });

  it('1.16.0, on_disk_payload false (InRamMmap, a populated gridstore): 223 maps, as with true', () => {
    expect(maps('1.16.0', false)).toEqual(WITH_GRIDSTORE);
    expect(maps('1.16.0', true)).toEqual(WITH_GRIDSTORE);
  });

  it('1.12.6 has no gridstore either way: 183 maps', () => {
    expect(maps('1.12.6', true)).toEqual(WITHOUT);
    expect(maps('1.12.6', false)).toEqual(WITHOUT);
  });
});
