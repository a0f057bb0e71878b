/**
 * The graph build over quantized codes and narrow originals (src/topology/throughput.ts BUILD_KERNEL, buildUnitsPerDim,
 * CODES_BUILD): Qdrant builds the graph with the codes' internal scorer (qdrant@v1.19.0 point_scorer.rs new_internal),
 * so a distance of the build costs what the codes' kernel costs, and product codes are trained per segment first.
 * Values by hand from the documented constants, and against the builds measured on qdrant-edge-py 0.7.2 (Qdrant
 * v1.19.0's builder: data/calibration/quant-build/0.7.2, test/calibration/quant_build_time.py); multivectors on codes
 * against their own builds (MULTIVECTOR_BUILD.kernels, data/calibration/quant-build/0.7.2-multivector).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWorkload } from '../../src/model/estimate.js';
import { resolve } from '../../src/model/resolve.js';
import { recommend } from '../../src/plan/recommend.js';
import { denseVectorShapes } from '../../src/plan/variants.js';
import { BUILD_KERNEL, buildUnitsPerDim, codesCoreSecondsPerPoint, cpuBuildCoreSecondsPerPoint, MULTIVECTOR_BUILD, multivectorPairUnits, productCodesOf } from '../../src/topology/throughput.js';

interface Row {
  config_id: string;
  config: { n: number; d: number; quant: string; dtype: 'float32' | 'float16' | 'uint8' | 'turbo4' | 'turbo8' | 'turbo16' };
  graph_ratio: number;
  codes_cpu_seconds: number;
}
const read = (dir: string) => readdirSync(dir).map((f) => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Row);
/** Qdrant v1.19.0's builder (qdrant-edge-py 0.7.2), its repeats 15-30 minutes later, and the 1.20 engine (0.9.0). */
const rows = read('data/calibration/quant-build/0.7.2');
const repeats = read('data/calibration/quant-build/0.7.2-repeat');
const v120 = read('data/calibration/quant-build/0.9.0');
/** v1.19.0's builder on the server probe's points (64 centres: QUANT_BUILD_DATA=sweep64). */
const sweep64 = read('data/calibration/quant-build/0.7.2-sweep64');
/** The real v1.19.0 server: its CPU over one segment's indexing (server_graph_maps.py build). */
const SERVER = 'data/calibration/engine-identity/server-v1.19.0-quant-build';
const serverCpu = (id: string) => (JSON.parse(readFileSync(`${SERVER}/${id}.json`, 'utf8')) as { server_cpu_seconds: number }).server_cpu_seconds;

/** The quantization_config of a row's spec (harness.edge_config's names). */
function quantizationOf(q: string): Record<string, unknown> | undefined {
  if (q === 'none') return undefined;
  if (q === 'sq8') return { scalar: { type: 'int8' } };
  if (q.startsWith('pq')) return { product: { compression: `x${q.slice(2)}` } };
  if (q.startsWith('bq')) return { binary: { encoding: { '1': 'one_bit', '1.5': 'one_and_half_bits', '2': 'two_bits' }[q.slice(2)] } };
  if (q.startsWith('tq')) return { turbo: { bits: { '1': 'bits1', '1.5': 'bits1_5', '2': 'bits2', '4': 'bits4', '8': 'bits8' }[q.slice(2)] } };
  throw new Error(`unknown spec ${q}`);
}

function denseOf(d: number, q: string, datatype = 'float32') {
  const quantization_config = quantizationOf(q);
  const w = parseWorkload({
    points: 1000,
    collection: { vectors: { size: d, distance: 'Cosine', datatype }, ...(quantization_config ? { quantization_config } : {}) },
  } as never);
  return resolve(w).dense[0]!;
}

/** CPU_BUILD's form: a build of u units a dimension over a float32 build of the same points (the segment term cancels). */
const modelRatio = (u: number, d: number) => (u * d + 190) / (d + 190);

describe('the graph build over quantized codes', () => {
  it('scores with the walk kernel where the codes do: float32 1, scalar int8 1/4, binary 1-bit 1/32, float16 0.7, uint8 at Cosine 0.55 and at Dot 1/4 units a dimension', () => {
    expect(buildUnitsPerDim(denseOf(768, 'none'))).toBe(1);
    expect(buildUnitsPerDim(denseOf(768, 'sq8'))).toBe(0.25);
    expect(buildUnitsPerDim(denseOf(768, 'bq1'))).toBeCloseTo(1 / 32, 12);
    expect(buildUnitsPerDim(denseOf(768, 'bq2'))).toBeCloseTo(2 / 32, 12);
    // float16: (2 bytes + 0.8 conversion) / 4; uint8 at Cosine (1 + 1.2 norms) / 4, at Dot 1 / 4.
    expect(buildUnitsPerDim(denseOf(768, 'none', 'float16'))).toBeCloseTo(0.7, 12);
    expect(buildUnitsPerDim(denseOf(768, 'none', 'uint8'))).toBeCloseTo(0.55, 12);
    const dot = resolve(parseWorkload({ points: 1000, collection: { vectors: { size: 768, distance: 'Dot', datatype: 'uint8' } } } as never)).dense[0]!;
    expect(buildUnitsPerDim(dot)).toBeCloseTo(0.25, 12);
  });

  it('product codes cost 7.3 units a bucket and 0.86 a dimension: x4 8.16, x16 2.685, x64 1.31625', () => {
    expect(buildUnitsPerDim(denseOf(768, 'pq4'))).toBeCloseTo(8.16, 12);
    expect(buildUnitsPerDim(denseOf(768, 'pq16'))).toBeCloseTo(2.685, 12);
    expect(buildUnitsPerDim(denseOf(768, 'pq64'))).toBeCloseTo(1.31625, 12);
    expect(productCodesOf(denseOf(768, 'pq16'))).toEqual({ buckets: 192 });
    expect(productCodesOf(denseOf(100, 'pq64'))).toEqual({ buckets: 7 }); // ceil(100 / 16)
    expect(productCodesOf(denseOf(768, 'sq8'))).toBeUndefined();
  });

  it('100,000 × 768-d scalar int8 in one segment: 1.776e-4 vCPU-s a point, 0.40 of float32 (by hand)', () => {
    // (ln 1e5 / ln 1e5)^5.78 = 1; 4.65e-7 × (768 × 0.25 + 190) = 4.65e-7 × 382 = 1.7763e-4; float32 4.65e-7 × 958.
    const sq = cpuBuildCoreSecondsPerPoint(100_000, { dim: 768, m: 16, efConstruct: 100, buildUnitsPerDim: 0.25 });
    expect(sq).toBeCloseTo(1.7763e-4, 8);
    expect(sq / cpuBuildCoreSecondsPerPoint(100_000, { dim: 768, m: 16, efConstruct: 100 })).toBeCloseTo(382 / 958, 10);
  });

  it('50,000 × 384-d product x16: the codes cost 26.7 CPU seconds a segment (by hand; measured 23.0) and the graph 2.13x float32 (measured 1.74 and 1.97)', () => {
    // B = 96 buckets: 96 × 0.183 + 384 × 0.0111 = 17.568 + 4.2624 = 21.8304 fixed; per point 96 × 3.41e-7 + 384 × 1.68e-7
    // = 3.2736e-5 + 6.4512e-5 = 9.7248e-5, × 50,000 = 4.8624; 26.6928 in all.
    expect(codesCoreSecondsPerPoint(50_000, 384, { buckets: 96 }) * 50_000).toBeCloseTo(26.6928, 3);
    // 384 × (7.3 / 4 + 0.86) = 1,031.04; (1,031.04 + 190) / (384 + 190) = 1,221.04 / 574 = 2.1272.
    expect(modelRatio(buildUnitsPerDim(denseOf(384, 'pq16')), 384)).toBeCloseTo(2.1272, 4);
  });

  const offBy = (r: Row) => r.graph_ratio / modelRatio(buildUnitsPerDim(denseOf(r.config.d, r.config.quant, r.config.dtype)), r.config.d);

  /** The spread's high end for a row: product codes' where it has them (cpuBuildRange). */
  const highOf = (r: Row) => (r.config.quant.startsWith('pq') ? BUILD_KERNEL.spread.productHigh : BUILD_KERNEL.spread.high);

  it('every measured build over a float32 build of the same points lies within BUILD_KERNEL.spread of the model: 0.81-1.38x on v1.19.0 (31 builds), the repeats and the server probe\'s points too (up to 1.92x)', () => {
    expect(rows.length).toBe(31);
    const x = rows.map(offBy).sort((a, b) => a - b);
    expect(x[0]).toBeCloseTo(0.81, 2);
    expect(x[x.length - 1]).toBeCloseTo(1.38, 2);
    expect(Math.max(...sweep64.map(offBy))).toBeCloseTo(1.92, 2); // 50,000 × 768-d x16 on 64-centre points
    for (const r of [...rows, ...repeats, ...sweep64]) {
      expect(offBy(r), r.config_id).toBeGreaterThanOrEqual(BUILD_KERNEL.spread.low);
      expect(offBy(r), r.config_id).toBeLessThanOrEqual(highOf(r));
    }
    // The same spec 15-30 minutes apart: the float32 build alone moves that much from run to run.
    const again = repeats.map((r) => r.graph_ratio / rows.find((o) => o.config_id === r.config_id)!.graph_ratio);
    for (const a of again) expect(Math.abs(a - 1)).toBeLessThan(0.15);
  });

  it('the 1.20 engine builds on codes for less (0.62-1.03x the model), turbo8, turbo16 and TurboQuant bits8 included: the model is on the safe side there', () => {
    expect(v120.length).toBeGreaterThanOrEqual(7);
    for (const r of v120) {
      expect(offBy(r), r.config_id).toBeGreaterThanOrEqual(BUILD_KERNEL.spread.low);
      expect(offBy(r), r.config_id).toBeLessThanOrEqual(1.05);
    }
    // bits8 (1.20 only) costs what bits4 costs on the same engine: charged as bits4.
    const tq = (q: string) => v120.find((r) => r.config.quant === q)!.graph_ratio;
    expect(tq('tq8') / tq('tq4')).toBeCloseTo(1, 1);
  });

  it("every product-code build's codes lie within -25% to +20% of CODES_BUILD", () => {
    const pq = rows.filter((r) => r.config.quant.startsWith('pq'));
    expect(pq.length).toBe(12);
    for (const r of pq) {
      const codes = productCodesOf(denseOf(r.config.d, r.config.quant))!;
      const model = codesCoreSecondsPerPoint(r.config.n, r.config.d, codes) * r.config.n;
      expect(model / r.codes_cpu_seconds, r.config_id).toBeGreaterThan(0.75);
      expect(model / r.codes_cpu_seconds, r.config_id).toBeLessThan(1.2);
    }
  });

  it('a plan prices the build on its codes: scalar int8 at 382/958 of float32 on the same nodes, product x16 at 2.35x plus its codes, each with its range', () => {
    const at = (quantization_config?: Record<string, unknown>) =>
      recommend(
        { points: 10_000_000, collection: { vectors: { size: 768, distance: 'Cosine' }, ...(quantization_config ? { quantization_config } : {}) } } as never,
        { placement: { cloud: 'aws', instanceType: 'r7i.2xlarge', peers: 3 } },
        { maxAlternatives: 0 },
      ).plan;
    const f32 = at();
    const sq = at({ scalar: { type: 'int8' } });
    const pq = at({ product: { compression: 'x16' } });
    // The originals set the segments (the same at every quantization), so the per-point costs compare directly.
    expect(sq.indexing!.segmentPoints).toBe(f32.indexing!.segmentPoints);
    expect(pq.indexing!.segmentPoints).toBe(f32.indexing!.segmentPoints);
    expect(sq.indexing!.cpuBuildSeconds / f32.indexing!.cpuBuildSeconds).toBeCloseTo(382 / 958, 6);
    // Product x16: 768 × 2.685 + 190 = 2,252.08 units against 958, and each segment's codes on top.
    const n = f32.indexing!.segmentPoints;
    const perPointF32 = cpuBuildCoreSecondsPerPoint(n, { dim: 768, m: 16, efConstruct: 100 });
    const codes = (192 * 0.183 + 768 * 0.0111) / n + 192 * 3.41e-7 + 768 * 1.68e-7;
    expect(pq.indexing!.cpuBuildSeconds / f32.indexing!.cpuBuildSeconds).toBeCloseTo(2252.08 / 958 + codes / perPointF32, 6);
    expect(pq.indexing!.detail).toContain("each segment's product codes trained first");
    expect(sq.indexing!.detail).toContain("at 0.25 of float32's cost a dimension");
    expect(f32.indexing!.detail).not.toContain("of float32's cost");
    // Ranges: float32 ×0.8-×3.6, scalar ×0.8·0.6-×3.6·1.6, product ×0.8·0.6-×3.6·2.2.
    expect(f32.indexing!.cpuBuildSecondsHigh / f32.indexing!.cpuBuildSeconds).toBeCloseTo(3.6, 10);
    expect(sq.indexing!.cpuBuildSecondsLow / sq.indexing!.cpuBuildSeconds).toBeCloseTo(0.48, 10);
    expect(sq.indexing!.cpuBuildSecondsHigh / sq.indexing!.cpuBuildSeconds).toBeCloseTo(5.76, 10);
    expect(pq.indexing!.cpuBuildSecondsHigh / pq.indexing!.cpuBuildSeconds).toBeCloseTo(7.92, 10);
  });

  it('on the real v1.19.0 server, 50,000-point indexings on codes over float32 lie inside the spread: scalar 1.15 and 1.56, binary 1.11, product 1.31, 2.17 and 0.96 of the model; codes -1% to +30%', () => {
    // Graph: (spec at m 16 − spec at m 0) / (float32 at m 16 − float32 at m 0); codes: spec at m 0 − float32 at m 0.
    const graph = (d: number, q: string) =>
      (serverCpu(`n50000-m16-d${d}-${q}`) - serverCpu(`n50000-m0-d${d}-${q}`)) / (serverCpu(`n50000-m16-d${d}`) - serverCpu(`n50000-m0-d${d}`));
    const cases: [number, string, number][] = [
      [384, 'sq8', 1.15],
      [768, 'sq8', 1.56],
      [384, 'bq1', 1.11],
      [384, 'pq16', 1.31],
      [768, 'pq16', 2.17],
      [384, 'pq4', 0.96],
    ];
    for (const [d, q, expected] of cases) {
      const x = graph(d, q) / modelRatio(buildUnitsPerDim(denseOf(d, q)), d);
      expect(x, `${d}-${q}`).toBeCloseTo(expected, 2);
      expect(x).toBeGreaterThanOrEqual(BUILD_KERNEL.spread.low);
      expect(x).toBeLessThanOrEqual(q.startsWith('pq') ? BUILD_KERNEL.spread.productHigh : BUILD_KERNEL.spread.high);
    }
    const codes = (d: number, q: string) => serverCpu(`n50000-m0-d${d}-${q}`) - serverCpu(`n50000-m0-d${d}`);
    const model = (d: number, q: string) => codesCoreSecondsPerPoint(50_000, d, productCodesOf(denseOf(d, q))!) * 50_000;
    expect(codes(384, 'pq16') / model(384, 'pq16')).toBeCloseTo(1.01, 2);
    expect(codes(768, 'pq16') / model(768, 'pq16')).toBeCloseTo(0.99, 2);
    expect(codes(384, 'pq4') / model(384, 'pq4')).toBeCloseTo(1.3, 1);
  });

  it('the shapes the planner builds carry the build kernel and the codes', () => {
    const shapes = denseVectorShapes(parseWorkload({ points: 1000, collection: { vectors: { size: 384, distance: 'Cosine' }, quantization_config: { product: { compression: 'x8' } } } } as never));
    expect(shapes[0]!.buildUnitsPerDim).toBeCloseTo(7.3 / 2 + 0.86, 12);
    expect(shapes[0]!.codes).toEqual({ buckets: 192 });
  });
});

/**
 * Multivectors built on codes or narrow originals (MULTIVECTOR_BUILD.kernels, multivectorPairUnits): each inner pair is
 * its own call of the codes' scorer, so an inner pair costs `fixed + perDim · D` units (binary `perDimBit · bits · D`,
 * product `perBucket · B`, TurboQuant `fixed + perDim[bits] · D`), not the dense kernel's `u · 2 · D`. Measured on
 * qdrant-edge-py 0.7.2 (data/calibration/quant-build/0.7.2-multivector): the graph's CPU over a float32 multivector
 * build's of the same points, times the float32 pair's 2·D, is what an inner pair costs in the model's units.
 */
describe('multivector graphs built on codes or narrow originals', () => {
  const mv = read('data/calibration/quant-build/0.7.2-multivector') as (Row & { config: Row['config'] & { inner_vectors: number } })[];
  /** An inner pair's units, measured: the ratio to float32's multivector graph times float32's pair (2 · D). */
  const pairOf = (r: Row) => r.graph_ratio * 2 * r.config.d;
  const family = (r: Row) => (r.config.quant === 'none' ? r.config.dtype : r.config.quant.replace(/[0-9.]+$/, ''));
  const bitsOf = (r: Row) => Number(r.config.quant.slice(2));
  const bucketsOf = (r: Row) => Math.ceil(r.config.d / ({ 4: 1, 8: 2, 16: 4, 32: 8, 64: 16 } as Record<number, number>)[bitsOf(r)]!);
  /** Least squares of y = a + b · x; one point gives no slope. */
  const line = (pts: [number, number][]) => {
    const n = pts.length;
    const mx = pts.reduce((s, p) => s + p[0], 0) / n;
    const my = pts.reduce((s, p) => s + p[1], 0) / n;
    const sxy = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
    const sxx = pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
    const b = sxy / sxx;
    return { a: my - b * mx, b };
  };

  it('is measured for every kernel family at 128-d and at a second dimension', () => {
    for (const f of ['sq', 'bq', 'pq', 'tq', 'float16', 'uint8']) {
      const dims = new Set(mv.filter((r) => family(r) === f).map((r) => r.config.d));
      expect(dims.has(128), f).toBe(true);
      expect(dims.size, f).toBeGreaterThanOrEqual(2);
    }
  });

  it("each family's constants are the least squares over its builds, rounded", () => {
    const fit = (f: string, x: (r: Row) => number) => line(mv.filter((r) => family(r) === f).map((r) => [x(r), pairOf(r)]));
    const k = MULTIVECTOR_BUILD.kernels;
    const sq = fit('sq', (r) => r.config.d);
    expect(k.scalar.fixed).toBeCloseTo(sq.a, -1);
    expect(k.scalar.perDim).toBeCloseTo(sq.b, 1);
    const f16 = fit('float16', (r) => r.config.d);
    expect(k.float16.fixed).toBeCloseTo(f16.a, -1);
    expect(k.float16.perDim).toBeCloseTo(f16.b, 1);
    const u8 = fit('uint8', (r) => r.config.d);
    expect(k.uint8.fixed).toBeCloseTo(u8.a, -1);
    expect(k.uint8.perDim).toBeCloseTo(u8.b, 1);
    const bq = fit('bq', (r) => bitsOf(r) * r.config.d);
    expect(k.binary.fixed).toBeCloseTo(bq.a, -1);
    expect(k.binary.perDimBit).toBeCloseTo(bq.b, 1);
    // Product codes: y = g · (7.3 · B + 0.86 · D), the dense build's product distance (BUILD_KERNEL), through the origin.
    const pq = mv.filter((r) => family(r) === 'pq');
    const dense = (r: Row) => 7.3 * bucketsOf(r) + 0.86 * r.config.d;
    const g = pq.reduce((s, r) => s + dense(r) * pairOf(r), 0) / pq.reduce((s, r) => s + dense(r) ** 2, 0);
    expect(k.product.perDenseUnit).toBeCloseTo(g, 1);
    // TurboQuant: 2 bits at two dimensions give the call and its slope; 1 and 4 bits their slopes beside that call.
    const t2 = line(mv.filter((r) => family(r) === 'tq' && bitsOf(r) === 2).map((r) => [r.config.d, pairOf(r)]));
    expect(k.turbo.fixed).toBeCloseTo(t2.a, -1);
    expect(k.turbo.perDim[2]).toBeCloseTo(t2.b, 1);
    for (const b of [1, 4] as const) {
      const r = mv.find((x) => family(x) === 'tq' && bitsOf(x) === b && x.config.d === 128)!;
      expect(k.turbo.perDim[b], `tq${b}`).toBeCloseTo((pairOf(r) - t2.a) / 128, 1);
    }
  });

  /** The model's graph over float32's: (K² · pair + 190) / (K² · 2D + 190), CPU_BUILD's form (the segment term cancels). */
  const modelRatioMv = (pair: number, d: number, k: number) => (k * k * pair + 190) / (k * k * 2 * d + 190);

  it('every build lies within 25% of the model (0.78-1.19x), where the dense kernel would have priced 128-d int8 at a quarter', () => {
    expect(mv.length).toBe(22);
    for (const r of mv) {
      const d = denseOf(r.config.d, r.config.quant, r.config.dtype);
      const model = modelRatioMv(multivectorPairUnits(d), r.config.d, r.config.inner_vectors);
      expect(r.graph_ratio / model, r.config_id).toBeGreaterThan(0.75);
      expect(r.graph_ratio / model, r.config_id).toBeLessThan(1.25);
      // And buildUnitsPerDim(d, true), what the plan's shapes carry, is the same pair over float32's.
      expect(buildUnitsPerDim(d, true) * 2 * r.config.d).toBeCloseTo(multivectorPairUnits(d), 9);
    }
    // The dense kernel's u for scalar int8 is 1/4: 128-d × 8 inner would have been priced at 0.26 of float32's graph.
    const sq = mv.find((r) => r.config_id === 'n10000-d128-sq8-k8')!;
    expect(sq.graph_ratio / modelRatioMv(0.25 * 2 * 128, 128, 8)).toBeGreaterThan(4);
  });

  it('by hand: a 128-d int8 inner pair, a 1-bit one, an x16 one and a float32 one', () => {
    // 146 + 1.12 × 128 = 289.36; 149 + 0.2 × 1 × 128 = 174.6; 5.3 × (7.3 × 32 + 0.86 × 128) = 5.3 × 343.68 = 1,821.504;
    // TurboQuant 2 bits 326 + 3.35 × 128 = 754.8; float16 226 + 0.9 × 128 = 341.2.
    expect(multivectorPairUnits(denseOf(128, 'sq8'))).toBeCloseTo(289.36, 9);
    expect(multivectorPairUnits(denseOf(128, 'bq1'))).toBeCloseTo(174.6, 9);
    expect(multivectorPairUnits(denseOf(128, 'pq16'))).toBeCloseTo(1821.504, 9);
    expect(multivectorPairUnits(denseOf(128, 'tq2'))).toBeCloseTo(754.8, 9);
    expect(multivectorPairUnits(denseOf(128, 'none', 'float16'))).toBeCloseTo(341.2, 9);
    expect(multivectorPairUnits(denseOf(128, 'none'))).toBe(256);
    expect(buildUnitsPerDim(denseOf(128, 'none'), true)).toBe(1);
    // A dense vector keeps the dense kernel.
    expect(buildUnitsPerDim(denseOf(128, 'sq8'), false)).toBe(0.25);
  });

  it('a plan prices a ColBERT-like build on int8 codes at 1.13 of float32 on the same nodes (docs/topology.md worked example)', () => {
    const at = (quantization_config?: Record<string, unknown>) =>
      recommend(
        {
          points: 1_000_000,
          collection: { vectors: { size: 128, distance: 'Cosine', on_disk: true, multivector_config: { comparator: 'max_sim' } }, ...(quantization_config ? { quantization_config } : {}) },
          multivector: { '': 32 },
        } as never,
        { placement: { cloud: 'aws', instanceType: 'r7g.large', peers: 4 } },
        { maxAlternatives: 0 },
      ).plan;
    const f32 = at();
    const sq = at({ scalar: { type: 'int8' } });
    expect(sq.indexing!.segmentPoints).toBe(f32.indexing!.segmentPoints);
    // 32² × (146 + 1.12 × 128) + 190 = 1,024 × 289.36 + 190 = 296,494.64 against 32² × 256 + 190 = 262,334.
    expect(sq.indexing!.cpuBuildSeconds / f32.indexing!.cpuBuildSeconds).toBeCloseTo(296_494.64 / 262_334, 6);
    expect(sq.indexing!.detail).toContain("at 1.13 of float32's cost an inner pair (data/calibration/quant-build/0.7.2-multivector)");
    expect(f32.indexing!.detail).not.toContain("of float32's cost");
  });

  it('on the real v1.19.0 server the same holds: a 10,000-point 128-d multivector of 8 inner vectors indexes on int8 codes at 1.23 of float32 (model 1.13) and on 1-bit codes at 0.80 (model 0.69)', () => {
    const SERVER_MV = 'data/calibration/engine-identity/server-v1.19.0-quant-build-multivector';
    const cpu = (id: string) => (JSON.parse(readFileSync(`${SERVER_MV}/${id}.json`, 'utf8')) as { server_cpu_seconds: number }).server_cpu_seconds;
    const graph = (q: string) => cpu(`n10000-m16-d128${q}-k8`) - cpu(`n10000-m0-d128${q}-k8`);
    // Model: (64 × pair + 190) / (64 × 256 + 190): int8 (64 × 289.36 + 190) / 16,574 = 1.1288, 1 bit (64 × 174.6 + 190) / 16,574 = 0.6857.
    expect(graph('-sq8') / graph('')).toBeCloseTo(1.23, 2);
    expect(graph('-bq1') / graph('')).toBeCloseTo(0.8, 2);
    expect(graph('-sq8') / graph('') / 1.1288).toBeLessThan(1.25);
    expect(graph('-bq1') / graph('') / 0.6857).toBeLessThan(1.25);
  });

  it('product codes of a multivector are trained on every inner vector: CODES_BUILD per inner vector within 25%', () => {
    for (const r of mv.filter((x) => family(x) === 'pq')) {
      const codes = productCodesOf(denseOf(r.config.d, r.config.quant))!;
      const model = codesCoreSecondsPerPoint(r.config.n, r.config.d, codes, r.config.inner_vectors) * r.config.n;
      expect(model / r.codes_cpu_seconds, r.config_id).toBeGreaterThan(0.75);
      expect(model / r.codes_cpu_seconds, r.config_id).toBeLessThan(1.25);
    }
  });
});
