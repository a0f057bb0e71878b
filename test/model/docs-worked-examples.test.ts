/**
 * The worked examples of docs/methodology.md sections 7 and 8 that had no test, each value worked out by hand from
 * the formula as the page states it (never this code's output pasted in).
 */
import { describe, expect, it } from 'vitest';
import { estimate, type Estimate, type WorkloadInput } from '../../src/index.js';

const item = (e: Estimate, id: string) => e.lineItems.find((i) => i.id === id);
const bytes = (e: Estimate, id: string) => {
  const found = item(e, id);
  if (!found) throw new Error(`no line item ${id}: ${e.lineItems.map((i) => i.id).join(', ')}`);
  return found.bytes;
};

/** 10,000 x 128-d points: 4 plain (appendable) segments of 1,280,000 B, under the 10,240,000 B indexing threshold. */
const plain = (extra: Partial<WorkloadInput>): WorkloadInput => ({ points: 10_000, qdrantVersion: '1.19.0', collection: { vectors: { size: 128, distance: 'Cosine' } }, ...extra });

describe('every segment keeps one payload gridstore, counted once', () => {
  it('4 plain segments with 200-byte payloads: payload.storage holds all 4 stores (1,490,402 B), no empty-storage line', () => {
    // ceil((200 x 0.6 + 4) / 128) = 1 block: 10,000 x (128.125 + 16) + 4 x 12,288 = 1,441,250 + 49,152 = 1,490,402 B.
    // Before s32 payload.empty-storage counted the same 4 stores again (+49,152 B).
    const e = estimate(plain({ payload: { avgBytes: 200 } }));
    expect(e.layout.indexed).toBe(false);
    expect(bytes(e, 'payload.storage')).toBe(1_490_402);
    expect(item(e, 'payload.empty-storage')).toBeUndefined();
  });

  it('a 0-byte payload (indexes only) on 3 indexed segments + 1 tail: 4 empty stores, 49,152 B', () => {
    // No payload.storage is written for 0 bytes, so every segment's empty gridstore is payload.empty-storage:
    // 1M x 128-d on 8 CPUs is max(4 - 1, 1) = 3 indexed segments and the tail: 4 x 12,288 = 49,152 B (before s32: the
    // tail's 12,288 only).
    const e = estimate({
      points: 1_000_000,
      qdrantVersion: '1.19.0',
      collection: { vectors: { size: 128, distance: 'Cosine' } },
      payload: { avgBytes: 0, indexes: [{ field_name: 'price', field_schema: 'float' }] },
    });
    expect(e.layout.segmentsTotal).toBe(3);
    expect(item(e, 'payload.storage')).toBeUndefined();
    expect(bytes(e, 'payload.empty-storage')).toBe(49_152);
  });
});

describe('payload on the heap (on_disk_payload: false before 1.16)', () => {
  const workload = (version: string): WorkloadInput => ({
    points: 1_000_000,
    qdrantVersion: version,
    collection: { vectors: { size: 128, distance: 'Cosine' }, on_disk_payload: false },
    payload: { avgBytes: 1000 },
  });
  it('1.15.0, 1M points of 1,000 B JSON: N j f = 1,000,000 x 1,000 x 7.1 = 7,100,000,000 B of RAM, range x1.5 to x27: 1.5e9 to 27e9', () => {
    const e = estimate(workload('1.15.0'));
    const heap = item(e, 'payload.heap')!;
    expect(heap.bytes).toBe(7_100_000_000);
    expect(heap.residency).toBe('ram');
    expect([heap.range.low, heap.range.high]).toEqual([1_500_000_000, 27_000_000_000]);
    // ceil((1,000 x 0.6 + 4) / 128) = 5 blocks: 1M x (5 x 128.125 + 16) + 3 x 12,288 = 656,661,864 B.
    expect(bytes(e, 'payload.storage')).toBe(656_661_864);
    expect(item(e, 'payload.storage')!.residency).toBe('disk');
    // SimplePayloadStorage keeps RocksDB behind the map, no gridstore: the line says so.
    expect(item(e, 'payload.storage')!.name).toContain('RocksDB');
  });
  it('1.16.0: no heap copy, the same 656,661,864 B wanted in page cache', () => {
    const e = estimate(workload('1.16.0'));
    expect(item(e, 'payload.heap')).toBeUndefined();
    expect(bytes(e, 'payload.storage')).toBe(656_661_864);
    expect(item(e, 'payload.storage')!.residency).toBe('cache');
  });
});

/** The worked example's three indexes (a keyword of 1,000 distinct 16-byte values, a float, an integer) on the plain layout, at a version. */
const threeIndexes = (qdrantVersion: string, allocator?: 'glibc') =>
  estimate(
    plain({
      qdrantVersion,
      ...(allocator ? { assumptions: { allocator } } : {}),
      payload: {
        avgBytes: 200,
        indexes: [
          { field_name: 'tag', field_schema: 'keyword', cardinality: 1000, avgValueBytes: 16 },
          { field_name: 'price', field_schema: 'float' },
          { field_name: 'n', field_schema: 'integer' },
        ],
      },
    }),
  );

describe('payload indexes on appendable segments before v1.16 (RocksDB: struct-derived, u = 1.5)', () => {
  const e = threeIndexes('1.15.0');
  it('a keyword of 1,000 distinct 16-byte values: 10,000 x 32 x 1.5 + 4 x 1,000 x (16 + 50) = 744,000 B (484,000 to 1,064,000)', () => {
    for (const part of ['files', 'heap']) {
      const i = item(e, `payload-index.tag.${part}`)!;
      expect(i.bytes).toBe(744_000);
      expect([i.range.low, i.range.high]).toEqual([484_000, 1_064_000]);
    }
    expect(item(e, 'payload-index.tag.heap')!.residency).toBe('ram');
  });
  it('a float: 10,000 x 32 x 1.5 = 480,000 B; an integer with lookup and range: 10,000 x 55 x 1.5 = 825,000 B', () => {
    expect(bytes(e, 'payload-index.price.heap')).toBe(480_000);
    expect(bytes(e, 'payload-index.n.heap')).toBe(825_000);
    expect([item(e, 'payload-index.n.files')!.range.low, item(e, 'payload-index.n.files')!.range.high]).toEqual([675_000, 975_000]);
  });
});

describe("payload indexes on appendable segments from v1.16 (their gridstores and in-memory indexes, s41)", () => {
  const e = threeIndexes('1.19.0');
  // 4 segments of n = 2,500 points; the null index of each field: 4 x 2 x (4,096 + 4,096) = 65,536 B.
  it('a keyword of 1,000 distinct 16-byte values: files 534,480 B, heap 1,535,872 B in jemalloc\'s classes (whole bytes)', () => {
    // CBOR [s]: 1 + (1 + 16) = 18 B; X over [9, 27] B: E[ceil(X / 16)] = (F(27) - F(9)) / 18 = (38 - 9) / 18 = 1.6111
    // blocks; 4 x (2,500 x (1.6111 x 16 + 16 + 1.6111 / 8) + 12,288) + 65,536 = 534,479.7 B.
    // Heap per segment (jemalloc, src/model/allocator.ts): 2,048 buckets x (16 + 24 + 1) = 83,968; a roaring bitmap per
    // value, its Vec<Container> of 4 x 40 = 160 B (a class) and 4 ids of 2 B (the 8-B class), 168 x 1,000 = 168,000;
    // the strings past 15 B once each, 16 + 16 = 32 (a class) x 1,000 = 32,000; a Vec per point 24 + 16 = 40 x 2,500 =
    // 100,000: 383,968 x 4 = 1,535,872 B. As glibc chunks (the in-process engine): (175.5 + 32) x 1,000, 47.5 x 1,000
    // and 56 x 2,500: 478,968 x 4 = 1,915,872 B.
    const files = item(e, 'payload-index.tag.files')!;
    expect(files.bytes).toBe(534_480);
    expect(files.range.low).toBeLessThan(files.bytes);
    expect(files.range.high).toBeGreaterThan(files.bytes);
    expect(bytes(e, 'payload-index.tag.heap')).toBe(1_535_872);
    expect(bytes(threeIndexes('1.19.0', 'glibc'), 'payload-index.tag.heap')).toBe(1_915_872);
  });
  it('a float: files 355,938 B, heap 593,321 B; an integer with lookup and range: two stores, 646,340 B of files', () => {
    // A store per segment: 2,500 x (8 + 16 + 1 / 8) + 12,288 = 72,600.5; 4 x 72,600.5 + 65,536 = 355,938 B. Heap: a
    // B-tree entry of 16 B at ln 2 fill, each leaf's separator in its parent, a 192-B leaf and a 288-B internal node in
    // jemalloc's 192- and 320-B classes, (192 + 320 / 7.3178) / 8.6246 = 27.332 B, and a Vec per point 24 + 8: 10,000 x
    // 59.332 = 593,321 B (as glibc chunks (207.5 + 303.5 / 7.3178) / 8.6246 = 28.868 and 24 + 32: 848,679 B). The
    // integer's map and numeric stores: 8 x 72,600.5 + 65,536 = 646,340 B.
    expect(bytes(e, 'payload-index.price.files')).toBe(355_938);
    expect(bytes(e, 'payload-index.price.heap')).toBe(593_321);
    expect(bytes(threeIndexes('1.19.0', 'glibc'), 'payload-index.price.heap')).toBe(848_679);
    expect(bytes(e, 'payload-index.n.files')).toBe(646_340);
  });
});

describe('the same indexes on 1.18.0: map and geo values pushed on load (s42)', () => {
  const e = threeIndexes('1.18.0');
  it('the keyword\'s heap 2,015,872 B, a point\'s Vec with room for 4 keys; the float\'s and the files as on 1.19', () => {
    // v1.16-v1.18 load a map index's values by pushing them (capacity 4 at the first push): a point's Vec 24 + a(4 x
    // 16) = 24 + 64 = 88 B where 1.19's is 24 + a(16) = 40: 4 x 2,500 x 48 = 480,000 B more than 1.19's 1,535,872 =
    // 2,015,872 B (glibc: 24 + 79.5 against 24 + 32, 475,000 B more than 1,915,872). The numeric index keeps its
    // decoded Vec at both: the float's heap 593,321 B.
    expect(bytes(e, 'payload-index.tag.heap')).toBe(2_015_872);
    expect(bytes(threeIndexes('1.18.0', 'glibc'), 'payload-index.tag.heap')).toBe(2_390_872);
    expect(bytes(e, 'payload-index.price.heap')).toBe(593_321);
    expect(bytes(e, 'payload-index.tag.files')).toBe(534_480);
  });
});

describe("sparse vectors' mutable index on appendable segments", () => {
  it('10,000 points of 100 non-zeros in 4 plain segments: 12,000,000 + 4 x (30,522 x 24 + 65,536 x 9) = 17,289,408 B', () => {
    // elements N z 12 = 12,000,000; per segment a 24-byte PostingList per dimension (30,522 x 24 = 732,528) and the
    // indices tracker's map, 2^16 = 65,536 buckets (>= 8/7 x 30,522 = 34,882) x 9 = 589,824; range 12,000,000 (no
    // lists) to 2 x 12,000,000 + 5,289,408 = 29,289,408 (every Vec at twice its length).
    const e = estimate(plain({ collection: { vectors: { size: 128, distance: 'Cosine' }, sparse_vectors: { sparse: {} } }, sparse: { sparse: 100 } }));
    expect(e.layout.indexed).toBe(false);
    const heap = item(e, 'sparse.sparse.index.heap')!;
    expect(heap.bytes).toBe(17_289_408);
    expect([heap.range.low, heap.range.high]).toEqual([12_000_000, 29_289_408]);
    expect(heap.residency).toBe('ram');
  });
});

describe('the mutable id tracker of plain segments', () => {
  it('10,000 numeric ids in 4 segments: 4 x (2,500 x (24 + 1/8 + 22.608) + 8 x 4,096) = 598,400 B (547,328 to 815,860); UUIDs 729,990 B (678,918 to 983,479)', () => {
    // By hand (docs/methodology.md, "The mutable id tracker"): a B-tree entry of a u64 and a u32, leaf 144 B (jemalloc's
    // 160-B class) and internal node 240 B (the 256-B class), at ln 2 fill (160 + 256 / 7.3178) / 8.6246 = 22.608 B; the
    // written slots 24 + 8 and a deleted bit: 4 x 2,500 x 54.733 = 547,328 B, the low end (written slots only). The
    // server's jemalloc keeps the versions vector at its whole capacity (s43), 4,096 slots of 8 B: 4 x (2,500 x 46.733 +
    // 32,768) = 598,400 B, the expected value. High: the vectors' whole capacity, 4,096 slots at 2,500 points, the deleted bits'
    // 64 words, and the B-tree filled in order, (160 + 256 / 6) / 7 = 28.952 B: 4 x (4,096 x 32 + 64 x 8 + 2,500 x
    // 28.952) = 815,860 B (at 2,750 points a segment, 10% more, 4,096 slots are fewer a point).
    // UUIDs: leaf 232 B (the 256-B class), internal 328 (384): (256 + 384 / 7.3178) / 8.6246 = 35.767 B; 4 x 2,500 x
    // (32.125 + 35.767) = 678,918 B (low); expected 4 x (2,500 x 59.892 + 32,768) = 729,990 B; high 4 x (131,072 + 512 +
    // 2,500 x (256 + 384 / 6) / 7) = 983,479 B. (As glibc chunks, 159.5/255.5 and 247.5/343.5 B, the in-process
    // engine's: 22.542 and 34.140 B an entry.)
    const numeric = item(estimate(plain({})), 'id-tracker.ram')!;
    expect([numeric.bytes, numeric.range.low, numeric.range.high]).toEqual([598_400, 547_328, 815_860]);
    const uuid = item(estimate(plain({ pointIdType: 'uuid' })), 'id-tracker.ram')!;
    expect([uuid.bytes, uuid.range.low, uuid.range.high]).toEqual([729_990, 678_918, 983_479]);
  });
});

describe('quantized bytes at an odd dimension and over multivectors (docs/methodology.md section 4)', () => {
  const quantized = (extra: Record<string, unknown>, size = 101, points = 1000, more: Partial<WorkloadInput> = {}) =>
    bytes(estimate({ points, qdrantVersion: '1.20.0', collection: { vectors: { size, distance: 'Cosine', ...extra } }, ...more }), 'quantization.default.file') / points;
  it('TurboQuant 101-d: bits1_5 ceil(151 / 8) + 8 = 27, bits2 104 / 4 + 8 = 34, bits4 102 / 2 + 8 = 59, bits8 101 + 4 = 105 B', () => {
    expect(quantized({ quantization_config: { turbo: { bits: 'bits1_5' } } })).toBe(27);
    expect(quantized({ quantization_config: { turbo: { bits: 'bits2' } } })).toBe(34);
    expect(quantized({ quantization_config: { turbo: { bits: 'bits4' } } })).toBe(59);
    expect(quantized({ quantization_config: { turbo: { bits: 'bits8' } } })).toBe(105);
  });
  it('binary 1-bit over 16 inner 128-d vectors a point: 16 x 16 + 8 = 264 B a point (5,280,000 B for 20,000)', () => {
    const perPoint = quantized({ multivector_config: { comparator: 'max_sim' }, quantization_config: { binary: {} } }, 128, 20_000, { multivector: { '': 16 } });
    expect(perPoint).toBe(264);
  });
});
