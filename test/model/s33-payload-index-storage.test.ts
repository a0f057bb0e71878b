/**
 * Where an optimized segment keeps its payload indexes, by version (qdrant lib/segment/src/index/struct_payload_index.rs
 * `selector`, read at each tag):
 * - v1.12.0 and v1.13.0: the mmap (OnDisk) selector only for an index with `on_disk: true` on a non-appendable segment;
 *   every other index lives in the segment's RocksDB, as in an appendable segment.
 * - v1.14.0: StorageType::NonAppendable takes the Mmap selector for every index, but only where the feature flag
 *   payload_index_skip_rocksdb is on (lib/common/common/src/flags.rs), and it is off by default at v1.14.0: a new
 *   optimized segment is StorageType::NonAppendableRocksDb, which selects as 1.13 does. The flag is on by default from
 *   v1.14.1 (legacy34; s33 had the switch at v1.14.0). The null index (field_index/null_index/) is new at v1.14.0.
 * So a 1.13 (and 1.14.0) in-RAM keyword index is sized as 1.12's (RocksDB era), not as 1.14.1's mmap files. It was
 * sized as 1.14's until s33 (the switch sat at 1.13, named for the mutable id tracker).
 */
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { featuresFor } from '../../src/model/versions.js';

const keyword = (qdrantVersion: string) =>
  estimate({
    points: 1_000_000,
    qdrantVersion,
    collection: { vectors: { size: 128, distance: 'Cosine' } },
    payload: { avgBytes: 200, indexes: [{ field_name: 'city', field_schema: 'keyword', valuesPerPoint: 1, cardinality: 1_000 }] },
  });
const indexItems = (v: string) =>
  keyword(v)
    .lineItems.filter((i) => i.id.startsWith('payload-index.'))
    .map((i) => [i.id, i.bytes, i.residency]);

describe('payload indexes of optimized segments are mmap files from Qdrant 1.14.1 (VersionFeatures.mmapPayloadIndexes)', () => {
  it('the switch is off through 1.14.0 and on from 1.14.1', () => {
    expect(['1.12.6', '1.13.0', '1.13.6', '1.14.0', '1.14.1', '1.19.0', '1.20.0'].map((v) => featuresFor(v).mmapPayloadIndexes)).toEqual([false, false, false, false, true, true, true]);
  });

  it('1.13.6 and 1.14.0 size an in-RAM keyword index exactly as 1.12.6 does (all RocksDB), and 1.14.1 differently (mmap files and their heap)', () => {
    const v12 = indexItems('1.12.6');
    // The indexed segments' index and, since s43, the appendable tail's mutable one (its own items).
    expect(v12.map(([id]) => id)).toEqual(['payload-index.city.files', 'payload-index.city.heap', 'payload-index.city.tail.files', 'payload-index.city.tail.heap']);
    expect(indexItems('1.13.6')).toEqual(v12);
    expect(indexItems('1.14.0')).toEqual(v12);
    expect(indexItems('1.14.1')).not.toEqual(v12);
  });
});
