/**
 * Quantized copies of dense vectors. Built only for indexed segments, except BQ/TQ which from v1.16
 * are also kept for appendable segments (appendable_quantization flag,
 * qdrant@v1.19.0:lib/common/common/src/flags.rs). The originals are always kept as well.
 */
import { makeItem } from './formula.js';
import { QDRANT } from './constants.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved, ResolvedDense, ResolvedQuantization } from './resolve.js';
import type { VectorParams } from '../spec/workload.js';
import { counted } from '../util/plural.js';

/** Dimensions a product-quantization bucket spans (one u8 centroid id each), by compression: qdrant@v1.19.0 lib/segment/src/vector_storage/quantized/quantized_vectors.rs. */
export const PQ_BUCKET = { x4: 1, x8: 2, x16: 4, x32: 8, x64: 16 } as const;

export interface QuantizedSize {
  /** Bytes per stored (inner) vector. */
  bytesPerVector: number;
  formula: string;
  inputs: Record<string, number>;
  source: string;
  confidence: 'exact' | 'medium';
}

/** The f32 L2 length TurboQuant keeps with every Euclid vector, datatypes and quantization alike (QDRANT.turboEuclidL2Bytes). */
export function turboL2LengthBytes(distance: VectorParams['distance']): number {
  return distance === 'Euclid' ? QDRANT.turboEuclidL2Bytes.value : 0;
}

/** Bytes per quantized vector for a D-dimensional vector (single dense, or one inner multivector). */
export function quantizedVectorSize(q: ResolvedQuantization, D: number, multivector: boolean, distance: VectorParams['distance']): QuantizedSize {
  switch (q.kind) {
    case 'scalar': {
      const a = QDRANT.scalarAlignment.value;
      const x = QDRANT.scalarExtraBytes.value;
      return { bytesPerVector: Math.ceil(D / a) * a + x, formula: 'ceil(D / a) * a + x', inputs: { D, a, x }, source: QDRANT.scalarAlignment.source, confidence: 'exact' };
    }
    case 'product': {
      const b = PQ_BUCKET[q.compression];
      return {
        bytesPerVector: Math.ceil(D / b),
        formula: 'ceil(D / b)',
        inputs: { D, b },
        source: 'qdrant@v1.19.0:lib/quantization/src/encoded_vectors_pq.rs (one u8 centroid id per bucket); bucket sizes in lib/segment/src/vector_storage/quantized/quantized_vectors.rs',
        confidence: 'exact',
      };
    }
    case 'binary': {
      const bits = q.bits;
      // Extended bits: 1-bit -> D, 1.5-bit -> ceil(3D/2), 2-bit -> 2D.
      const Dx = bits === 1 ? D : bits === 2 ? 2 * D : Math.ceil((3 * D) / 2);
      const dxFormula = bits === 1 ? 'D' : bits === 2 ? '2 * D' : 'ceil(3 * D / 2)';
      const w = multivector ? QDRANT.binaryMultiWordBits.value : QDRANT.binaryWordBits.value;
      return {
        bytesPerVector: (Math.ceil(Dx / w) * w) / 8,
        formula: `ceil(${dxFormula} / w) * w / 8`,
        inputs: { D, w },
        source: multivector ? QDRANT.binaryMultiWordBits.source : QDRANT.binaryWordBits.source,
        confidence: 'exact',
      };
    }
    case 'turbo': {
      // padded_dim: ceil8(D) for 1 bit, ceil8(floor(1.5 D)) one-bit codes for 1.5 bit, ceil4(D) for 2 bit,
      // ceil2(D) for 4 bit; + per-vector extras (qdrant@v1.19.0:lib/quantization/src/turboquant/encoding.rs), and at
      // Euclid the f32 L2 length l (measured +4 B at every bits: data/calibration/v1.20-structures/edge-0.9.0.json).
      const bits = q.bits;
      const l = turboL2LengthBytes(distance);
      const withL = (s: QuantizedSize): QuantizedSize =>
        l > 0 ? { ...s, bytesPerVector: s.bytesPerVector + l, formula: `${s.formula} + l`, inputs: { ...s.inputs, l }, source: `${s.source}; ${QDRANT.turboEuclidL2Bytes.source}` } : s;
      const x = QDRANT.turboExtraBytes.value;
      let value: number;
      let formula: string;
      if (bits === 1) [value, formula] = [Math.ceil(D / 8), 'ceil(D / 8) + x'];
      else if (bits === 1.5) [value, formula] = [Math.ceil(Math.floor(1.5 * D) / 8), 'ceil(floor(1.5 * D) / 8) + x'];
      else if (bits === 2) [value, formula] = [(Math.ceil(D / 4) * 4 * 2) / 8, 'ceil(D / 4) * 4 * 2 / 8 + x'];
      else if (bits === 8) {
        // bits8 (1.20): one byte per dimension and a 4-byte extra (not 8): measured 1,940,000 B for 5,000 x 384-d
        // = 388 B per vector on qdrant-edge-py 0.9.0 (data/calibration/v1.20-structures/edge-0.9.0.json, tq-bits8).
        const x8 = QDRANT.turboBits8ExtraBytes.value;
        return withL({ bytesPerVector: D + x8, formula: 'D + x', inputs: { D, x: x8 }, source: QDRANT.turboBits8ExtraBytes.source, confidence: 'exact' });
      }
      else [value, formula] = [(Math.ceil(D / 2) * 2 * 4) / 8, 'ceil(D / 2) * 2 * 4 / 8 + x'];
      return withL({ bytesPerVector: value + x, formula, inputs: { D, x }, source: QDRANT.turboExtraBytes.source, confidence: 'medium' });
    }
  }
}

export function quantizationItems(r: Resolved, layout: SegmentLayout, d: ResolvedDense): LineItem[] {
  const q = d.quantization;
  if (!q) return [];
  const appendableKind = q.kind === 'binary' || q.kind === 'turbo';
  if (!layout.indexed && !(appendableKind && r.features.appendableQuantization)) return [];
  const size = quantizedVectorSize(q, d.dim, d.multivector, d.distance);
  const N = r.points;
  const k = d.vectorsPerPoint;
  const prefix = `quantization.${d.label}`;
  const items: LineItem[] = [];
  const formula = d.multivector ? `N * k * (${size.formula}) + N * o` : `N * (${size.formula})`;
  const inputs: Record<string, number> = d.multivector ? { N, k, ...size.inputs, o: QDRANT.quantizedMultivectorOffsetBytes.value } : { N, ...size.inputs };
  const value = d.multivector ? N * k * size.bytesPerVector + N * QDRANT.quantizedMultivectorOffsetBytes.value : N * size.bytesPerVector;
  const base = {
    structure: 'quantization' as const,
    vector: d.name,
    value,
    formula,
    inputs,
    source: size.source,
    confidence: d.multivector && k !== 1 ? ('high' as const) : size.confidence,
  };
  items.push(
    makeItem({
      ...base,
      id: `${prefix}.file`,
      name: `Quantized vectors "${d.label}" (${q.label}, ${size.bytesPerVector} B/vector${q.tier === 'cache' ? ', in page cache' : q.tier === 'disk' ? ', on disk' : ', file'})`,
      residency: q.tier === 'cache' ? 'cache' : 'disk',
      note: q.tierReason,
    }),
  );
  if (q.tier === 'ram') {
    items.push(
      makeItem({
        ...base,
        id: `${prefix}.heap`,
        name: `Quantized vectors "${d.label}" (${q.label}), heap copy`,
        residency: 'ram',
        source: `${size.source}; qdrant@v1.19.0:lib/segment/src/vector_storage/quantized/quantized_ram_storage.rs (whole file read into RAM)`,
        note: q.tierReason,
      }),
    );
  }
  if (q.kind === 'product' && layout.indexed) {
    // 256 centroids x D f32 per segment, loaded with the quantization metadata.
    const S = layout.segmentsTotal;
    const C = QDRANT.pqCentroids.value;
    const D = d.dim;
    const j = QDRANT.pqCodebookJsonBytesPerFloat.value;
    const hb = QDRANT.pqCodebookHeapBytesPerFloat.value;
    items.push(
      makeItem({
        id: `${prefix}.codebooks`,
        name: `PQ codebooks "${d.label}" (${counted(S, 'segment')} x 256 centroids x ${D}-d, JSON on disk)`,
        structure: 'quantization',
        vector: d.name,
        residency: 'disk',
        value: S * C * D * j,
        formula: 'S * C * D * j',
        inputs: { S, C, D, j },
        source: `${QDRANT.pqCentroids.source}; ${QDRANT.pqCodebookJsonBytesPerFloat.source}`,
        confidence: 'high',
      }),
      makeItem({
        id: `${prefix}.codebooks.heap`,
        name: `PQ codebooks "${d.label}" (${counted(S, 'segment')} x 256 centroids x ${D}-d), in RAM`,
        structure: 'quantization',
        vector: d.name,
        residency: 'ram',
        value: S * C * D * hb,
        formula: 'S * C * D * hb',
        inputs: { S, C, D, hb },
        source: `${QDRANT.pqCentroids.source}; ${QDRANT.pqCodebookHeapBytesPerFloat.source}`,
        confidence: 'medium',
        low: S * C * D * 4,
        high: S * C * D * 16,
        note: '256 x D f32 is 4 B per float; the measured heap is 5.5-11.5 B per float (parsed from the JSON metadata)',
      }),
    );
  }
  return items;
}
