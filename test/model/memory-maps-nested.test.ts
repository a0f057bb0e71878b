/**
 * Memory maps of 1.20's nested payload indexes of every type and of full-text indexes by where they are served from,
 * as measured on qdrant-edge-py 0.9.0 (s37: data/calibration/v1.20-structures/nested-maps-all-types-0.9.0.json,
 * test/calibration/edge_nested_maps.py all-types; the measurement itself: test/accuracy/engine-identity.test.ts).
 *
 * Measured rules (per index, maps of its own folders, the null index's 4 apart):
 * - indexed segment: a nested index maps as a plain one (its element maps are read, not mapped); a text index served
 *   from the heap (`memory: pinned`, the default) maps 0 on 0.9.0 (3 on the v1.19.0 server), served from disk
 *   (`cold`, `cached`, `on_disk: true`) 3, and 4 with BM25 `scoring`;
 * - appendable segment: a gridstore (5) per component, a bool's two flag files (4) instead; a nested index a gridstore
 *   more per component and for its null index: a nested bool 4 + 5 + 5 (with its null index 4: 18 measured), a nested
 *   text 5 + 5 + 5 (19 with the null index).
 *
 * Hand-worked count (src/model/memory-maps.ts), 5,000 x 16-d, default_segment_number 1, indexing_threshold 1 KB: one
 * indexed segment and one appendable per shard, one shard, 2 CPUs; process = 66 + 11 x 2 = 88, data = 30 (allocator)
 * + 3 (WAL) + 6 (allocator per shard) + indexed + appendable; low = round(88 + 0.7 data), high = round(88 + 1.3 data).
 *
 * 1.20.0 with a nested bool `offers[].ok`, a nested (pinned) text `offers[].note` and a text `title` with BM25 served
 * cold:
 *   indexed = 5 (links, vectors, id tracker) + 5 (payload gridstore) + (bool 4 + text 0 + text 3 + 1) + 3 x 4 (null) = 30;
 *   gridstores = nested bool 0 + 2 (elements of the bool and of the null index) + nested text 1 + 2 + text 1 = 6;
 *   appendable = 7 + 5 + 6 x 5 + 4 (the bool's flags) + 3 x 4 = 58;
 *   data = 39 + 30 + 58 = 127; maps = 215, low = round(176.9) = 177, high = round(253.1) = 253.
 *   Before s37 (text 3 whatever its memory, no element gridstores for a nested bool, and the null indexes of the
 *   appendable segment counted from line-item ids split on dots, which made `offers[].ok` and `offers[].note` one):
 *   indexed 32 (bool 4 + 3 + 3), appendable 7 + 5 + 4 x 5 + 4 + 2 x 4 = 44, maps 88 + 39 + 32 + 44 = 203.
 *
 * One pinned text index `title`, 1.19.0 against 1.20.0:
 *   indexed = 5 + 5 + 3 + 4 = 17 at 1.19.0, 5 + 5 + 0 + 4 = 14 at 1.20.0; appendable = 7 + 5 + 5 + 4 = 21 at both;
 *   data = 39 + 17 + 21 = 77 -> 165 maps (low round(141.9) = 142, high round(188.1) = 188) at 1.19.0;
 *   data = 39 + 14 + 21 = 74 -> 162 maps (low round(139.8) = 140, high round(184.2) = 184) at 1.20.0.
 *   Served cold at 1.20.0 it is 165 again.
 */
import { describe, expect, it } from 'vitest';
import { estimate, memoryMapsPerNode } from '../../src/index.js';
import type { WorkloadInput } from '../../src/spec/workload.js';

const collection = { vectors: { size: 16, distance: 'Cosine' }, optimizers_config: { default_segment_number: 1, indexing_threshold: 1 } };
const maps = (qdrantVersion: string, indexes: unknown[]) => {
  const e = estimate({ points: 5_000, qdrantVersion, collection, payload: { avgBytes: 300, indexes } } as WorkloadInput);
  expect(e.layout).toMatchObject({ indexed: true, segmentsPerShard: 1, appendableSegmentsPerShard: 1, shardNumber: 1 });
  const m = memoryMapsPerNode(e, { shardReplicasOnNode: 1, cpus: 2 });
  return { layout: e.layout, counts: [m.maps, m.low, m.high] };
};
const text = (field_name: string, params: Record<string, unknown> = {}) => ({
  field_name,
  field_schema: { type: 'text', ...params },
  cardinality: 2_000,
  tokensPerValue: 3,
  avgTokenBytes: 4.4,
});

describe('memory maps of nested indexes and of text indexes by memory tier (qdrant-edge-py 0.9.0, s37)', () => {
  it('1.20.0, a nested bool, a nested pinned text and a cold BM25 text: 8 index maps in the indexed segment and 6 gridstores + a bool in the appendable one, 215 maps (177 to 253); 203 before s37', () => {
    const { layout, counts } = maps('1.20.0', [
      { field_name: 'offers[].ok', field_schema: { type: 'bool', nested: 'offers' }, elementsPerPoint: 4 },
      text('offers[].note', { nested: 'offers' }),
      text('title', { scoring: true, memory: 'cold' }),
    ].map((i) => (i.field_name === 'offers[].note' ? { ...i, elementsPerPoint: 4 } : i)));
    expect(layout).toMatchObject({ mmapPayloadIndexes: 3, mmapPayloadIndexMaps: 8, mutablePayloadIndexStores: 6, mutableBoolIndexes: 1, nullIndexFlags: true });
    expect(counts).toEqual([215, 177, 253]);
  });

  it('one pinned text index maps 3 in the indexed segment at 1.19.0 and none at 1.20.0: 165 maps (142 to 188) against 162 (140 to 184); served cold at 1.20.0, 165', () => {
    expect(maps('1.19.0', [text('title')]).counts).toEqual([165, 142, 188]);
    expect(maps('1.20.0', [text('title')]).counts).toEqual([162, 140, 184]);
    expect(maps('1.20.0', [text('title', { memory: 'cold' })]).counts).toEqual([165, 142, 188]);
    expect(maps('1.20.0', [text('title', { on_disk: true })]).counts).toEqual([165, 142, 188]);
  });
});
