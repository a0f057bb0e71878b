/**
 * Qdrant 1.20 structures against values measured on qdrant-edge-py 0.9.0 (data/calibration/v1.20-structures/) or
 * worked out by hand, and properties of the new fields.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimate, type Estimate, type WorkloadInput } from '../../src/index.js';

const item = (e: Estimate, id: string) => e.lineItems.find((i) => i.id === id);
const w = (vectors: Record<string, unknown>, extra: Record<string, unknown> = {}, points = 100_000, version = '1.20.0'): WorkloadInput => ({
  points,
  qdrantVersion: version,
  collection: { vectors: { size: 384, distance: 'Cosine', ...vectors }, ...extra } as never,
  assumptions: { nodeCpus: 2 },
});

describe('Qdrant 1.20 structures', () => {
  it('turbo8 and turbo16 store 388 and 772 B per 384-d vector (measured: 1,940,000 and 3,860,000 B for 5,000)', () => {
    expect(item(estimate(w({ datatype: 'turbo8' }, {}, 5000)), 'vectors.default.originals')!.bytes).toBe(1_940_000);
    expect(item(estimate(w({ datatype: 'turbo16' }, {}, 5000)), 'vectors.default.originals')!.bytes).toBe(3_860_000);
  });
  it('TurboQuant bits8 stores D + 4 = 388 B per 384-d vector (measured: 1,940,000 B for 5,000)', () => {
    const e = estimate(w({}, { quantization_config: { turbo: { bits: 'bits8' } }, optimizers_config: { indexing_threshold: 1 } }, 5000));
    const q = e.lineItems.filter((i) => i.id.startsWith('quantization.') && (i.residency === 'ram' || i.residency === 'cache' || i.residency === 'disk') && !i.id.includes('heap'));
    expect(q.reduce((a, i) => a + i.bytes, 0)).toBeGreaterThanOrEqual(1_940_000);
    expect(q.reduce((a, i) => a + i.bytes, 0)).toBeLessThan(1_940_000 * 1.01);
  });
  it('the 1.20 datatypes, bits8 and the id tracker tier are rejected before 1.20, naming the field', () => {
    expect(() => estimate(w({ datatype: 'turbo8' }, {}, 1000, '1.19.2'))).toThrow(/datatype.*1\.20/s);
    expect(() => estimate(w({}, { quantization_config: { turbo: { bits: 'bits8' } } }, 1000, '1.19.0'))).toThrow(/bits8 exists from Qdrant 1.20/);
    expect(() => estimate(w({}, { id_tracker: { memory: 'cold' } }, 1000, '1.19.0'))).toThrow(/collection\.id_tracker\.memory/);
  });
  it('a cold id tracker keeps 4 1/8 B per point on the heap and its i2e (16 B) + e2i (12 B) + versions (8 B) files on disk', () => {
    // 100,000 points, one indexed segment (2 CPUs): files 100,000 x 36 + 12,500 = 3,612,500 B. Heap: the appendable
    // tail's 3,333 points (half the 10,240,000 B threshold of 1,536-B vectors) keep the mutable tracker in RAM whatever
    // the tier, 24 + 1/8 + 22.608 = 46.733 B each (B-tree nodes in jemalloc's classes) and its versions vector at its
    // 4,096-slot capacity (s42, s43), the other 96,667 4 1/8: 398,751 + 155,760 + 32,768 = 587,280 B;
    // bulk-loaded (no tail) 100,000 x 4.125 = 412,500 B.
    const e = estimate(w({}, { id_tracker: { memory: 'cold' } }));
    expect(item(e, 'id-tracker.ram')!.bytes).toBe(587_280);
    expect(item(estimate({ ...w({}, { id_tracker: { memory: 'cold' } }), assumptions: { nodeCpus: 2, bulkLoad: true } }), 'id-tracker.ram')!.bytes).toBe(412_500);
    expect(item(e, 'id-tracker.files')!.bytes).toBe(3_612_500);
    expect(item(e, 'id-tracker.files')!.residency).toBe('disk');
    expect(item(estimate(w({}, { id_tracker: { memory: 'cached' } })), 'id-tracker.files')!.residency).toBe('cache');
  });
  it('payload_m: 0 and enable_hnsw: false build no payload sub-graph (measured: the links file of the plain graph)', () => {
    const payload = (schema: Record<string, unknown>) => ({ avgBytes: 100, indexes: [{ field_name: 'tenant', field_schema: { type: 'keyword', is_tenant: true, ...schema }, cardinality: 100 }] });
    const links = (e: Estimate) => e.lineItems.filter((i) => i.id.startsWith('hnsw.default.payload-links')).length;
    expect(links(estimate({ ...w({}), payload: payload({}) } as WorkloadInput))).toBe(1);
    expect(links(estimate({ ...w({}), payload: payload({ enable_hnsw: false }) } as WorkloadInput))).toBe(0);
    expect(links(estimate({ ...w({}, { hnsw_config: { payload_m: 0 } }), payload: payload({}) } as WorkloadInput))).toBe(0);
  });
  it('GraphInline: with inline storage 1.20 writes no vector file for the indexed segments, 1.19 writes both', () => {
    const inline = { hnsw_config: { inline_storage: true }, quantization_config: { binary: {} } };
    // 100,000 x 384-d float32 in one shard: the appendable tail holds half the 10,000 KB threshold, round(0.5 x
    // 10,240,000 / 1,536) = 3,333 points, which have no graph (GraphInline is not appendable) and keep their vectors in
    // the vector storage: 3,333 x 384 x 4 = 5,119,488 B (range 0 to twice the tail, 6,666 x 1,536 = 10,238,976 B). The
    // other 96,667 points' vectors are in the graph only. (Before audit34 the tail's vectors were counted nowhere.)
    const e = estimate(w({}, inline));
    expect(item(e, 'vectors.default.originals')!.bytes).toBe(5_119_488);
    expect(item(e, 'vectors.default.originals')!.range).toEqual({ low: 0, expected: 5_119_488, high: 10_238_976 });
    expect(item(e, 'vectors.default.originals')!.name).toMatch(/appendable tail/);
    expect(item(e, 'hnsw.default.inline')!.inputs!['N']).toBe(96_667);
    expect(item(e, 'hnsw.default.inline')!.name).toMatch(/no separate vector file/);
    // After a bulk load the tail is empty: no vector file at all.
    expect(item(estimate({ ...w({}, inline), assumptions: { nodeCpus: 2, bulkLoad: true } } as WorkloadInput), 'vectors.default.originals')).toBeUndefined();
    const e19 = estimate(w({}, inline, 100_000, '1.19.0'));
    expect(item(e19, 'vectors.default.originals')!.bytes).toBe(100_000 * 384 * 4);
    // 1.19 writes the vector file beside the graph's copy: the inline item must not say it does not.
    expect(item(e19, 'hnsw.default.inline')!.name).not.toMatch(/no separate vector file/);
  });
  it('inline storage with m 0 keeps the vectors in their own file and says so (no graph to carry them)', () => {
    // 100,000 x 384-d float32: 100,000 x 384 x 4 = 153,600,000 B of originals, as without inline storage. Before
    // audit34 1.20 dropped the vector file and, with no graph, no inline item counted them either: 0 B of vectors.
    const e = estimate(w({}, { hnsw_config: { m: 0, inline_storage: true }, quantization_config: { binary: {} } }));
    expect(item(e, 'vectors.default.originals')!.bytes).toBe(153_600_000);
    expect(item(e, 'hnsw.default.inline')).toBeUndefined();
    expect(e.warnings.join('\n')).toMatch(/inline_storage \(--inline-storage\) has no effect with m 0/);
  });
  it('the populated chunks of turbo vectors hold D e + 4 B records: originals + holes = whole chunks', () => {
    // 100,000 x 384-d turbo4 on 2 CPUs: 2 plain segments of 50,000 x (384 x 0.5 + 4) = 9,800,000 B, under the 10,000 KB
    // threshold, one 33,554,432 B chunk each: holes = 2 x 33,554,432 - 100,000 x 196 = 67,108,864 - 19,600,000 =
    // 47,508,864 B (before audit34 it subtracted N D e = 19,200,000 B: 47,908,864, 400,000 B over the two chunks).
    const e = estimate(w({ datatype: 'turbo4' }));
    expect(item(e, 'vectors.default.originals')!.bytes).toBe(19_600_000);
    expect(item(e, 'vectors.default.populated-holes')!.bytes).toBe(47_508_864);
    expect(item(e, 'vectors.default.originals')!.bytes + item(e, 'vectors.default.populated-holes')!.bytes).toBe(2 * 33_554_432);
  });
  it('originals on disk with inline storage in a graph held in memory do not warn that every search reads from disk', () => {
    // The graph (page cache) carries each point's original and its links' quantized vectors; without inline storage the
    // same on-disk originals and cold quantized copy do warn.
    const onDisk = { on_disk: true };
    const q = { quantization_config: { turbo: { bits: 'bits4' } } };
    const reads = /every search reads vectors from disk/;
    expect(estimate(w(onDisk, { ...q, hnsw_config: { inline_storage: true } })).warnings.join('\n')).not.toMatch(reads);
    expect(estimate(w(onDisk, q)).warnings.join('\n')).toMatch(reads);
  });
  it('turbo multivectors store the 4 extra bytes with every inner vector, as turbo single vectors and TurboQuant inner codes do', () => {
    // 100,000 points x 10 inner 128-d turbo8 vectors: 100,000 x 10 x (128 x 1 + 4) = 132,000,000 B (before audit34
    // 128,000,000: the 4 B per vector were dropped for multivectors only). float16 keeps N k D e: 256,000,000 B.
    const mv = (datatype: string) =>
      estimate({ points: 100_000, collection: { vectors: { size: 128, distance: 'Cosine', datatype, multivector_config: { comparator: 'max_sim' } } }, multivector: { '': 10 }, assumptions: { nodeCpus: 2 } } as WorkloadInput);
    expect(item(mv('turbo8'), 'vectors.default.originals')!.bytes).toBe(132_000_000);
    expect(item(mv('float16'), 'vectors.default.originals')!.bytes).toBe(256_000_000);
  });
});

describe('properties of the 1.20 fields', () => {
  const dims = fc.integer({ min: 4, max: 4096 });
  // turbo16 is float16's size plus 4 B per vector (measured 772 against 768 B at 384-d), so the property the issue
  // asks for ("turbo datatypes never larger than float16") holds for turbo4 and turbo8, and within 4 B per vector for
  // turbo16 (counterexample of the strict form: [4, "turbo16", 1]).
  it('turbo4 and turbo8 never store more than float16, turbo16 at most 4 B per vector more', () => {
    fc.assert(
      fc.property(dims, fc.constantFrom('turbo4', 'turbo8', 'turbo16'), fc.integer({ min: 1, max: 1e7 }), (D, dt, n) => {
        const bytes = (datatype: string) => item(estimate({ ...w({ datatype }, {}, n), collection: { vectors: { size: D, distance: 'Cosine', datatype } } } as WorkloadInput), 'vectors.default.originals')!.bytes;
        return bytes(dt) <= bytes('float16') + (dt === 'turbo16' ? 4 * n : 0);
      }),
      { numRuns: 200, examples: [[4, 'turbo16', 1]] },
    );
  });
  it('a cold id tracker never adds resident bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e8 }), fc.constantFrom('numeric', 'uuid'), (n, ids) => {
        const base = estimate({ ...w({}, {}, n), pointIdType: ids } as WorkloadInput);
        const cold = estimate({ ...w({}, { id_tracker: { memory: 'cold' } }, n), pointIdType: ids } as WorkloadInput);
        return cold.memory.residentBytes <= base.memory.residentBytes && cold.memory.pageCacheBytes <= base.memory.pageCacheBytes;
      }),
      { numRuns: 200 },
    );
  });
});
