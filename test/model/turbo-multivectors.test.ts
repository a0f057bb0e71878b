/**
 * The turbo datatypes' records, multivectors and single vectors, against qdrant-edge-py 0.9.0
 * (data/calibration/v1.20-structures/turbo-multivectors-0.9.0.json, test/calibration/edge_turbo_multivectors.py:
 * 3,000 points, one appendable segment of chunked `tq_vectors/` and `tq_offsets/`). Expected values are worked out
 * by hand from the measured files:
 *   - a record is padded_dim x bits / 8 + extras: 128-d Cosine turbo4 / turbo8 / turbo16 = 64 / 128 / 256 + 4 = 68 / 132 /
 *     260 B; Euclid + 4 more (the f32 L2 length): 72 / 136 / 264; 101-d turbo4 pads to 102 codes: 51 + 4 = 55 B, 59 B
 *     Euclid;
 *   - the measured chunk_0.mmap holds floor(32 MiB / record) records (128-d turbo8: floor(33,554,432 / 132) = 254,200,
 *     x 132 = 33,554,400 B apparent, as measured) and allocates the written records in 4 KiB pages (12,000 x 132 =
 *     1,584,000 B -> 387 pages = 1,585,152 B, as measured).
 */
import { describe, expect, it } from 'vitest';
import { estimate, type Estimate, type WorkloadInput } from '../../src/index.js';
import { resolve } from '../../src/model/resolve.js';
import { parseWorkload } from '../../src/model/estimate.js';
import { chunkApparentSlackBytes } from '../../src/model/vectors.js';
import { segmentLayout } from '../../src/model/layout.js';

const item = (e: Estimate, id: string) => e.lineItems.find((i) => i.id === id)!;
const mv = (datatype: string, distance: string, size: number, k: number | null, points = 3000): WorkloadInput =>
  ({
    points,
    qdrantVersion: '1.20.0',
    collection: {
      vectors: { size, distance, datatype, ...(k === null ? {} : { multivector_config: { comparator: 'max_sim' } }) },
      optimizers_config: { default_segment_number: 1 },
    },
    ...(k === null ? {} : { multivector: { '': k } }),
    assumptions: { nodeCpus: 2 },
  }) as never;

describe('turbo multivectors (measured on qdrant-edge-py 0.9.0, 3,000 points x 4 inner vectors = 12,000)', () => {
  // [datatype, distance, D, bytes measured per inner vector]: tq_vectors/chunk_0.mmap allocated / 12,000 rounded to
  // the record that also gives the apparent size floor(33,554,432 / r) x r.
  const cases: [string, string, number, number][] = [
    ['turbo4', 'Cosine', 128, 68], // 819,200 B allocated (12,000 x 68 = 816,000 -> 200 pages); apparent 493,447 x 68 = 33,554,396
    ['turbo8', 'Cosine', 128, 132], // 1,585,152 (1,584,000 -> 387 pages); 254,200 x 132 = 33,554,400
    ['turbo16', 'Cosine', 128, 260], // 3,121,152 (3,120,000 -> 762 pages); 129,055 x 260 = 33,554,300
    ['turbo4', 'Dot', 128, 68],
    ['turbo8', 'Manhattan', 128, 132],
    ['turbo4', 'Euclid', 128, 72], // 864,256 (864,000 -> 211 pages); 466,033 x 72 = 33,554,376
    ['turbo8', 'Euclid', 128, 136], // 1,634,304 (1,632,000 -> 399 pages); 246,723 x 136 = 33,554,328
    ['turbo16', 'Euclid', 128, 264], // 3,170,304 (3,168,000 -> 774 pages); 127,100 x 264 = 33,554,400
    ['turbo4', 'Cosine', 101, 55], // 663,552 (660,000 -> 162 pages); 610,080 x 55 = 33,554,400
  ];
  for (const [dt, dist, D, rec] of cases) {
    it(`${dt} ${dist} ${D}-d stores ${rec} B with every inner vector: 12,000 x ${rec} = ${(12_000 * rec).toLocaleString('en-US')} B`, () => {
      expect(item(estimate(mv(dt, dist, D, 4)), 'vectors.default.originals').bytes).toBe(12_000 * rec);
    });
  }
  it('the spread count (2-6 a point, 11,996 inner vectors in all) stores the same records: 11,996 x 132 = 1,583,472 B of turbo8', () => {
    // measured: 1,585,152 B allocated (387 pages), the same chunk file as the fixed count of 4
    expect(item(estimate(mv('turbo8', 'Cosine', 128, 11_996 / 3000)), 'vectors.default.originals').bytes).toBeCloseTo(1_583_472, 0);
  });
  it('turbo multivector offsets are 12 B a point, as float32 ones: 3,000 x 12 = 36,000 B (tq_offsets/chunk_0.mmap: 36,864 allocated)', () => {
    expect(item(estimate(mv('turbo4', 'Cosine', 128, 4)), 'vectors.default.multivector-offsets').bytes).toBe(36_000);
  });
  it('the appendable segment\'s files add up: tq_vectors 33,554,400 + tq_offsets 33,554,424 + deleted flags 1,048,576 B apparent (turbo8 128-d)', () => {
    // tq_offsets: floor(33,554,432 / 12) = 2,796,202 records x 12 = 33,554,424; deleted/flags_a.dat 1 MiB; the three
    // sum to 68,157,400 B (the measured vector_storage, 68,157,565 B, adds two config.json of 66 + 67 B and three status
    // files of 16 + 8 + 8 B). The model's deletion-flag header counts 8 B a segment, so within 16 B.
    const w = mv('turbo8', 'Cosine', 128, 4);
    const e = estimate(w);
    const r = resolve(parseWorkload(w));
    const layout = segmentLayout(r);
    expect(layout.segmentsTotal).toBe(1);
    const files = e.lineItems.filter((i) => i.id.startsWith('vectors.')).reduce((a, i) => a + i.bytes, 0) + chunkApparentSlackBytes(r, layout, r.dense[0]!);
    expect(Math.abs(files - 68_157_400)).toBeLessThanOrEqual(16);
  });
});

describe('turbo single vectors follow the same record rule (measured: 3,000 points, tq_vectors.dat of the optimized segment)', () => {
  it.each([
    ['turbo4', 'Cosine', 101, 165_000], // 3,000 x (51 + 4)
    ['turbo4', 'Euclid', 101, 177_000], // 3,000 x (51 + 8)
    ['turbo8', 'Cosine', 128, 396_000], // 3,000 x (128 + 4)
    ['turbo8', 'Euclid', 128, 408_000], // 3,000 x (128 + 8)
  ])('%s %s %i-d: %i B', (dt, dist, D, bytes) => {
    expect(item(estimate(mv(dt, dist, D, null)), 'vectors.default.originals').bytes).toBe(bytes);
  });
});

describe('turbo4 is stored from Qdrant 1.19', () => {
  // v1.18.2 and v1.18.3 accept `turbo4` in the API, but creating its storage panics: unimplemented!("turbo4 datatype
  // storage not yet wired up") (qdrant@v1.18.3 segment_constructor_base.rs); qdrant-edge-py 0.7.2 (api 1.18.2-dev)
  // panics so for every turbo4 case (data/calibration/v1.20-structures/turbo-multivectors-0.7.2.json).
  const at = (version: string, k: number | null) => ({ ...mv('turbo4', 'Cosine', 128, k), qdrantVersion: version }) as WorkloadInput;
  it.each([['1.18.0'], ['1.18.3']])('refused at %s, single vectors and multivectors, naming the field and the version', (version) => {
    for (const k of [null, 4]) {
      expect(() => estimate(at(version, k))).toThrow(`collection.vectors.datatype: got "turbo4", expected float32, float16 or uint8 (turbo4 is stored from Qdrant 1.19: 1.18.2 and 1.18.3 accept it but cannot create its storage; this workload is ${version})`);
    }
  });
  it('accepted at 1.19.0: 12,000 x 68 = 816,000 B for the measured multivectors', () => {
    expect(item(estimate(at('1.19.0', 4)), 'vectors.default.originals').bytes).toBe(816_000);
  });
  it('TurboQuant quantization stays accepted at 1.18.0 (TurboQuantization is in its collections.proto)', () => {
    expect(() => estimate({ ...mv('float32', 'Cosine', 128, null), qdrantVersion: '1.18.0', collection: { vectors: { size: 128, distance: 'Cosine' }, quantization_config: { turbo: { bits: 'bits4' } } } } as never)).not.toThrow();
  });
});

describe('TurboQuant quantization keeps the f32 L2 length with every Euclid vector too (measured: 2,000 x 128-d)', () => {
  // quantized.data of data/calibration/v1.20-structures/edge-0.9.0.json, tq-<bits>-<distance>-d128: codes + extras
  // (8 B for bits1-bits4, 4 B for bits8) + 4 B at Euclid. Cosine: 48,000 / 64,000 / 80,000 / 144,000 / 264,000 B.
  const tq = (bits: string, distance: string) =>
    item(estimate({ ...mv('float32', distance, 128, null, 2000), collection: { vectors: { size: 128, distance }, quantization_config: { turbo: { bits } } } } as never), 'quantization.default.file').bytes;
  it.each([
    ['bits1', 48_000, 56_000], // 128 / 8 = 16 B of codes + 8: 24 B, 28 at Euclid
    ['bits1_5', 64_000, 72_000], // floor(1.5 x 128) = 192 one-bit codes = 24 B + 8: 32 B, 36 at Euclid
    ['bits2', 80_000, 88_000], // 32 + 8 = 40 B, 44 at Euclid
    ['bits4', 144_000, 152_000], // 64 + 8 = 72 B, 76 at Euclid
    ['bits8', 264_000, 272_000], // 128 + 4 = 132 B, 136 at Euclid
  ])('%s: %i B at Cosine, %i at Euclid', (bits, cosine, euclid) => {
    expect(tq(bits, 'Cosine')).toBe(cosine);
    expect(tq(bits, 'Euclid')).toBe(euclid);
  });
});
