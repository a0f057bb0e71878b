/**
 * The empty gridstore of every segment (payload_storage/: config.json, gaps.dat, tracker.dat) exists from Qdrant 1.13.0,
 * where on_disk_payload=true first opens MmapPayloadStorage (qdrant@v1.13.0 lib/collection/src/config.rs
 * payload_storage_type, lib/segment/src/segment_constructor/segment_constructor_base.rs create_payload_storage); 1.12
 * keeps payloads in the segment's RocksDB (OnDiskPayloadStorage), and so does on_disk_payload=false before 1.16.
 */
import { describe, expect, it } from 'vitest';
import { estimate, memoryMapsPerNode } from '../../src/index.js';
import { featuresFor } from '../../src/model/versions.js';

// Measured: an empty payload_storage allocates 12,288 B (3 pages: config.json, gaps.dat, the tracker's first page) and
// shows 34,636,082 B in ls -l (32 MiB page + 1 MiB tracker + 32,768 B bitmask + 192 B gaps + 114 B config.json;
// data/calibration/sparse-nnz50.json).
const EMPTY_ALLOCATED = 12_288;
const EMPTY_APPARENT = 33_554_432 + 1_048_576 + 32_768 + 192 + 114;

describe('the gridstore payload storage is gated on Qdrant 1.13.0 (VersionFeatures.gridstorePayload)', () => {
  it('1.12.0 and 1.12.6 have none; 1.13.0, 1.15.5, 1.19.0 and 1.20.0 have it', () => {
    expect(['1.12.0', '1.12.6', '1.13.0', '1.15.5', '1.19.0', '1.20.0'].map((v) => featuresFor(v).gridstorePayload)).toEqual([false, false, true, true, true, true]);
  });

  // 20,000 x 32-d float32 on 8 CPUs: 8 plain segments (default_segment_number 8), none indexed, no payload.
  const plain = (qdrantVersion: string) => estimate({ points: 20_000, qdrantVersion, collection: { vectors: { size: 32, distance: 'Cosine' } } });
  const v12 = plain('1.12.6');
  const v13 = plain('1.13.0');

  it('8 plain segments: 1.13.0 allocates 8 x 12,288 = 98,304 B more disk than 1.12.6, all of it payload.empty-storage', () => {
    expect(v13.layout.segmentsTotal).toBe(8);
    expect(v13.disk.bytes - v12.disk.bytes).toBe(98_304);
    expect(v12.lineItems.find((i) => i.id === 'payload.empty-storage')).toBeUndefined();
    expect(v13.lineItems.find((i) => i.id === 'payload.empty-storage')?.bytes).toBe(8 * EMPTY_ALLOCATED);
  });

  it('the optimizer temp segment (the 20,000 points of the layout rebuilt at once) also holds the 8 stores: peak disk differs by 2 x 98,304 = 196,608 B', () => {
    expect(v13.disk.peakBytes - v12.disk.peakBytes).toBe(196_608);
  });

  it('ls -l shows 8 x 34,636,082 = 277,088,656 B more at 1.13.0 (the empty stores whole, page files and tracker included)', () => {
    expect(v13.disk.apparentBytes - v12.disk.apparentBytes).toBe(8 * EMPTY_APPARENT);
    expect(8 * EMPTY_APPARENT).toBe(277_088_656);
  });

  it('memory maps: 5 per segment for the gridstore (page, tracker, bitmask, gaps, config), 8 x 5 = 40 more at 1.13.0 (range 0.7x to 1.3x: 28 to 52)', () => {
    const a = memoryMapsPerNode(v12, { shardReplicasOnNode: 1, cpus: 2 });
    const b = memoryMapsPerNode(v13, { shardReplicasOnNode: 1, cpus: 2 });
    expect([b.maps - a.maps, b.low - a.low, b.high - a.high]).toEqual([40, 28, 52]);
  });

  it('on_disk_payload=false before 1.16 keeps payloads in RocksDB (SimplePayloadStorage): no empty gridstore at 1.15.5, one per segment at 1.16.0 (4 plain segments from 1.15 on 8 CPUs: clamp(8 / 2, 2, 8))', () => {
    const w = (qdrantVersion: string) => estimate({ points: 20_000, qdrantVersion, collection: { on_disk_payload: false, vectors: { size: 32, distance: 'Cosine' } } });
    expect(w('1.15.5').lineItems.find((i) => i.id === 'payload.empty-storage')).toBeUndefined();
    expect(w('1.16.0').lineItems.find((i) => i.id === 'payload.empty-storage')?.bytes).toBe(4 * EMPTY_ALLOCATED);
  });
});
