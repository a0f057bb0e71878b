/**
 * HNSW graph links, per named dense vector, for indexed segments.
 *
 * Levels: up to 1.19, level = round(-ln U / ln max(m, 2)), so P(level >= k) = m^-(k - 0.5) and the expected upper
 * levels per point are E = sqrt(m) / (m - 1) (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_layers_builder.rs,
 * get_random_layer); from 1.20, level = floor(-ln U / ln m), P(level >= k) = m^-k, E = 1 / (m - 1) (the qdrant-edge
 * 0.9.0 crate's level_from_sample; VersionFeatures.levelDraw).
 * Level 0 keeps up to m0 = 2m links, upper levels up to m; the heuristic leaves an average
 * fraction `a` (degree ratio, calibrated) of those slots filled.
 *
 * v1.12 writes the plain format (u32 links, u64 offsets); v1.13+ writes bit-packed records with
 * sorted delta-encoded links (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_links/serializer.rs,
 * lib/common/common/src/bitpacking_links.rs, bitpacking_ordered.rs).
 */
import { fieldSchemaParams, isRangeIndex } from './field-schema.js';
import { makeItem, groupThousands } from './formula.js';
import { collectionVocabulary, TEXT_DEFAULTS, textInputs, textSegmentStatsOf } from './text-index.js';
import { QDRANT } from './constants.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved, ResolvedDense } from './resolve.js';
import { quantizedVectorSize } from './quantization.js';
import { indexingThreadsFor } from './versions.js';
import { graphPoints } from './layout.js';

/**
 * Expected upper levels per point, m floored at 2: sum over k >= 1 of P(level >= k). Rounding (up to 1.19):
 * sum m^-(k - 0.5) = sqrt(m) / (m - 1); floor (1.20): sum m^-k = 1 / (m - 1). At m=16: 0.267 and 0.067.
 */
export function expectedUpperLevels(m: number, draw: 'round' | 'floor' = 'round'): number {
  const mb = Math.max(m, 2);
  return (draw === 'floor' ? 1 : Math.sqrt(mb)) / (mb - 1);
}

/** How a line item states E, with the source of the version's level draw. */
function upperLevelsText(draw: 'round' | 'floor'): string {
  return draw === 'floor'
    ? 'E = 1/(m-1) upper levels per point (1.20 floors the level draw: level_from_sample, qdrant-edge 0.9.0 crate src/segment/index/hnsw_index/graph_layers_builder.rs)'
    : 'E = sqrt(m)/(m-1) upper levels per point (Qdrant up to 1.19 rounds the level draw: qdrant@v1.19.0 get_random_layer)';
}

/**
 * Bit width of sorted, delta-encoded links, averaged over the lists. Each list is packed at the width of its own largest
 * delta, packed_bits(max) = floor(log2 max) + 1, at least 8 (qdrant@v1.19.0:lib/common/common/src/bitpacking_links.rs,
 * pack_links). The d deltas of d ids drawn uniformly from [0, n) are close to d exponential spacings of mean n/d, so
 * the largest is below x with probability F(x) = (1 - exp(-x d / n))^d (its mean n (ln d + 0.58) / d), and the width is
 * the expectation sum_b b (F(2^b) - F(2^(b-1))). Taking the width of the mean maximum instead (ceil(log2(mean))) made
 * the model step by a whole bit per link where the mean crosses a power of two.
 */
export function deltaBits(n: number, d: number): number {
  const minBits = QDRANT.compressedMinBits.value;
  // No delta is wider than the largest point id: a list of one link is packed at that width.
  const top = unsortedLinkBits(n);
  if (d <= 1 || n <= 1) return top;
  const F = (b: number) => Math.pow(1 - Math.exp(-Math.pow(2, b) * d / n), d);
  let width = minBits * F(minBits);
  for (let b = minBits + 1; b <= top; b++) width += b * (F(b) - F(b - 1));
  // What the distribution puts above 2^top is packed at the top width.
  return width + top * (1 - F(top));
}

/**
 * Bit width of a link stored unsorted: the largest point id of the segment, packed_bits(n - 1), at least 8
 * (qdrant-edge 0.9.0 crate, src/segment/index/hnsw_index/graph_links/serializer.rs: bits_per_unsorted; the same in
 * qdrant@v1.19.0).
 */
export function unsortedLinkBits(n: number): number {
  return Math.max(QDRANT.compressedMinBits.value, Math.ceil(Math.log2(Math.max(n, 2))));
}

/**
 * Bits of a compressed level-0 record of d links (qdrant-edge 0.9.0 crate, src/common/bitpacking_links.rs, pack_links,
 * with sorted_count = m0 from graph_links/serializer.rs): a 5-bit header, the first m0 links sorted and delta-coded at
 * the width of their largest gap, and every link past m0 unsorted at the width of the largest point id. Only payload
 * sub-graphs, merged into the level-0 lists after the main graph (merge_block), take a list past m0.
 */
export function levelZeroRecordBits(n: number, d: number, m0: number): number {
  const sorted = Math.min(d, m0);
  // The header (the sorted part's width) is written only when there is a sorted part.
  const header = sorted > 0 ? QDRANT.compressedRecordHeaderBits.value : 0;
  return header + (sorted > 0 ? sorted * deltaBits(n, sorted) : 0) + Math.max(0, d - m0) * unsortedLinkBits(n);
}

/**
 * Average level-0 links per point for a graph of n points. Each inserted point keeps the candidates its neighbour
 * heuristic does not prune, and is appended to each of theirs; a list is re-pruned only once it holds m0 = 2m links
 * (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/links_container.rs, connect_with_heuristic). So with a small m0 the
 * lists sit near full, and with a large one near K, the degree the heuristic alone leaves: where no list fills, every
 * kept link is stored in both lists, so K is twice what the heuristic keeps of the ef_construct candidates (measured
 * directly at m=64: QDRANT.degreeEfExponent). A smooth minimum
 * deg0 = (m0^-p + K^-p + Kf^-p)^(-1/p), times the quantized-build factor, never above m0 or n - 1 (a list holds each
 * other point once), with
 * - K = (K0 (n / n0)^x + a ln+(ns (ef_construct / 100)^z / n)) (ef_construct / 100)^y: the heuristic's degree on
 *   the calibration data. The
 *   build has no other size-dependent step (graph_layers_builder.rs: link_new_point searches ef_construct candidates
 *   on level 0 whatever n is; fill_from_sorted_with_heuristic keeps a candidate unless a kept one is closer to it than
 *   the new point is), so what n moves is the data at the scale the ef_construct candidates cover: a sparser sample's
 *   candidates reach across more of the data's clusters, in more directions, and fewer prune each other; more
 *   candidates reach further, so the size where it starts grows with ef_construct. The rise (QDRANT.degreeSparseRise,
 *   degreeSparsePoints, degreeSparseEfExponent) is a fit on the calibration data (256 centres);
 *   data whose candidates stay in one cluster at every size (64 centres) keep none of it, so the low end drops it
 *   (`dataRise: false`).
 * - Kf = c n^e (QDRANT.degreeFewPointsK, QDRANT.degreeFewPointsExponent): a graph of a few hundred points in high
 *   dimension is a set of nearly equidistant points (near-orthogonal directions), whose nearest are barely nearer than
 *   any other pair, and the heuristic drops most of them: uniform points keep 9.7 links at 50 points, 19.2 at 200, 31.5
 *   (full) at 2,000, and the clustered calibration data the same below 500 points.
 * A payload block's sub-graph is such a graph of the block's own points (qdrant@v1.19.0:lib/segment/src/index/
 * hnsw_index/hnsw/build.rs, build_filtered_graph), so its degree is this function at the block's size.
 * A fixed `ratio` (the hnswDegreeRatio assumption) gives ratio * 2m.
 */
export function levelZeroDegree(m: number, n: number, ratio: number | null = null, factor = 1, build: DegreeContext = {}): number {
  return levelZeroDegreeAt(m, ratio, factor, build)(n);
}

/**
 * levelZeroDegree as a function of n alone, the terms that do not depend on n worked out once: a payload sub-graph
 * sum asks for the degree of every block size of a text index's Zipf law (tens of thousands of sizes a plan). The same
 * operations in the same order as one call of levelZeroDegree, so the same numbers.
 */
export function levelZeroDegreeAt(m: number, ratio: number | null = null, factor = 1, build: DegreeContext = {}): (n: number) => number {
  const m0 = QDRANT.m0Factor.value * m;
  if (ratio !== null) {
    const fixed = Math.min(m0, ratio * factor * m0);
    return () => fixed;
  }
  const efc = Math.max(4, build.efConstruct ?? 100) / 100;
  const ef = Math.pow(efc, QDRANT.degreeEfExponent.value);
  // The rise starts where the candidates reach past one of the data's clusters: further with more of them.
  const ns = QDRANT.degreeSparsePoints.value * Math.pow(efc, QDRANT.degreeSparseEfExponent.value);
  const riseOn = build.dataRise !== false;
  const riseK = QDRANT.degreeSparseRise.value;
  const dataScale = build.dataScale ?? 1;
  const kRef = QDRANT.degreeK.value;
  const refPoints = QDRANT.degreeRefPoints.value;
  const kExp = QDRANT.degreeExponent.value;
  const fewK = QDRANT.degreeFewPointsK.value;
  const fewExp = QDRANT.degreeFewPointsExponent.value;
  const p = QDRANT.degreeSmoothness.value;
  const fq = factor * (build.quantFactor ?? 1);
  const fullTerm = Math.pow(m0, -p);
  const outer = -1 / p;
  return (n: number) => {
    const nn = Math.max(n, 2);
    const rise = riseOn ? riseK * Math.max(0, Math.log(ns / nn)) : 0;
    const K = (kRef * Math.pow(nn / refPoints, kExp) + rise) * ef * dataScale;
    const Kf = fewK * Math.pow(nn, fewExp);
    const d = fq * Math.pow(fullTerm + Math.pow(K, -p) + Math.pow(Kf, -p), outer);
    return Math.min(m0, Math.max(0, n - 1), d);
  };
}

/** What the build does that moves the degree: ef_construct and whether it scores with quantized vectors. */
export interface DegreeContext {
  efConstruct?: number;
  quantFactor?: number;
  /** The version's level draw (VersionFeatures.levelDraw); rounding when unset. */
  levelDraw?: 'round' | 'floor';
  /** false: without the calibration data's rise at small n (the low end: data whose candidates stay in one cluster). */
  dataRise?: boolean;
  /** The data's heuristic degree K relative to the calibration data's (assumptions.payloadBlockDegreeRatio); 1 unless stated. */
  dataScale?: number;
}

export function degreeContext(d: ResolvedDense): DegreeContext {
  const q = d.quantization;
  const f = QDRANT.degreeQuantFactor;
  const quantFactor = !q
    ? 1
    : q.kind === 'scalar'
      ? f.scalar
      : q.kind === 'product'
        ? f.product[q.compression]
        : q.kind === 'binary'
          ? f.binary
          : q.bits >= 4
            ? f.turbo4
            : f.turboLow;
  return { efConstruct: d.efConstruct, quantFactor, levelDraw: d.levelDraw };
}

/**
 * Whether the graph is built on raw dot products of vectors Qdrant cannot normalize. The build links each point with
 * the quantized scorer when there is one (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/hnsw/build.rs,
 * FilteredScorer::new_internal with the quantized vectors), and for Cosine, scalar, product and binary quantization
 * score by dot product (lib/segment/src/vector_storage/quantized/quantized_vectors.rs, construct_vector_parameters:
 * "we have to use Dot product for scalar, pq and binary quantization when distance is Cosine"). That is cosine for
 * float vectors, which Cosine normalizes on insert, but not for uint8 ones, which it cannot; and with Dot distance
 * the unquantized build scores uint8 vectors by dot product too. Raw dot products favour the points with the largest
 * sums (uint8 embeddings are offset: every component near 128), and the neighbour heuristic prunes the candidates
 * that such a point already "covers". Measured on qdrant-edge-py 0.9.0 (100k x 384-d, m=16, the matrix's uint8 data),
 * level-0 links per point: unquantized Cosine 17.7, Euclid 17.9; int8 Cosine 15.6, Euclid 17.9; PQ x16 Cosine 2.3,
 * Euclid 19.3; Dot unquantized 1.6 (data/calibration/dtype-uint8*.json, data/calibration/quantized-scores/). Binary
 * quantization of the same data keeps 20.0 under Cosine: its codes are signs, and ties are not pruned.
 */
export function rawDotBuild(d: Pick<ResolvedDense, 'datatype' | 'distance' | 'quantization'>): boolean {
  if (d.datatype !== 'uint8') return false;
  if (d.distance === 'Dot') return true;
  const k = d.quantization?.kind;
  return d.distance === 'Cosine' && (k === 'scalar' || k === 'product');
}

/**
 * Whether the graph is built on max_sim scores of multivectors. A point's max_sim against another is a sum over its own
 * inner vectors of the best match among the other's (qdrant@v1.19.0:lib/segment/src/vector_storage/query_scorer/mod.rs,
 * score_max_similarity; MultiMetricQueryScorer::score_internal(a, b) scores a against b), and the neighbour heuristic
 * compares max_sim(c, s), a sum of |c| terms, with max_sim(q, c), a sum of |q| terms (links_container.rs,
 * fill_from_sorted_with_heuristic and connect_with_heuristic). Where the inner counts differ by more than the scores
 * spread, a point with more inner vectors than the new one is pruned by almost any kept candidate, and the lists of
 * points with few inner vectors stay short: measured on qdrant-edge-py 0.9.0, 2,000 points of 64-d inner vectors
 * (data/calibration/multivector-graphs), 64 each keep 29.2 level-0 links, 48-80 each 19.0, 8-120 each 9.8 (the points
 * of 8-29 inner vectors 1.5, of 98-120 28.6). How far a graph falls depends on how the counts spread against the
 * scores, and a workload states only the average count; so the expected degree stays the usual one and the low end
 * is the unnormalized builds' (QDRANT.degreeLowFactorUnnormalized).
 */
export function maxSimBuild(d: Pick<ResolvedDense, 'multivector'>): boolean {
  return d.multivector;
}

/**
 * The low end of the degree, relative to the expected one: x0.8 (data dependence), and x0.08 for a graph built on
 * scores that are unnormalized sums (rawDotBuild, maxSimBuild): how far it falls depends on the data's offset against
 * its spread (raw dot products: 1.6-15.6 links per point measured where 17.7 are expected) or on the spread of the
 * inner counts against the scores' (max_sim: 9.8 where equal counts keep 29.2). The expected value stays the usual one
 * (the larger, safe side for sizing); the plan warns of raw dot products.
 */
export function degreeLowFactor(d: ResolvedDense): number {
  return rawDotBuild(d) || maxSimBuild(d) ? QDRANT.degreeLowFactorUnnormalized.value : QDRANT.degreeLowFactor.value;
}

/**
 * The low end of the level-0 degree, the one rule every low end uses: levelZeroDegree with `factor` (degreeLowFactor)
 * and `build`, the vector's build without the calibration data's rise at small n (data whose candidates stay in one
 * cluster keep none of it: QDRANT.degreeSparseRise).
 */
export function lowDegreeBuild(d: ResolvedDense): { factor: number; build: DegreeContext } {
  return { factor: degreeLowFactor(d), build: { ...degreeContext(d), dataRise: false } };
}

/**
 * Average links per upper-level record. The heuristic prunes the upper levels as it prunes level 0, so their fill
 * saturates in m: du = Ku (1 - exp(-m / Ku)) (ef_construct / 100)^y, never above m (calibrated on the v1.19.0 engine:
 * 7.3 / 13.0 / 19.4 links per upper record at m = 8 / 16 / 32, 100k x 384-d; 11.2 / 12.8 / 13.7 on level 1 at
 * ef_construct 64 / 100 / 128). A fixed `ratio` (hnswDegreeRatio) gives ratio * m.
 */
export function upperDegree(m: number, ratio: number | null = null, build: DegreeContext = {}): number {
  if (ratio !== null) return ratio * m;
  const Ku = QDRANT.upperDegreeK.value;
  const ef = Math.pow(Math.max(4, build.efConstruct ?? 100) / 100, QDRANT.upperDegreeEfExponent.value);
  return Math.min(m, Ku * (1 - Math.exp(-m / Ku)) * ef);
}

/** Mean padding of a record rounded up to whole bytes (remainders of 0-7 bits, uniformly): 3.5 bits. */
const ROUNDING_BYTES = 7 / 16;

interface GraphGeometry {
  value: number;
  formula: string;
  inputs: Record<string, number>;
}

/** Graph file bytes for N points in S segments of n points; `ratio` null = calibrated degree. */
export function graphBytes(params: { N: number; S: number; m: number; ratio: number | null; factor?: number; compressed: boolean; build?: DegreeContext }): GraphGeometry {
  const { N, S, m, ratio, compressed } = params;
  const n = N / S;
  const E = expectedUpperLevels(m, params.build?.levelDraw);
  const d0 = levelZeroDegree(m, n, ratio, params.factor ?? 1, params.build ?? {});
  const du = Math.min(m, upperDegree(m, ratio, params.build ?? {}) * (params.factor ?? 1));
  if (!compressed) {
    const r = QDRANT.reindexBytes.value;
    const l = QDRANT.plainLinkBytes.value;
    const o = QDRANT.plainOffsetBytes.value;
    const h = QDRANT.plainHeaderBytes.value;
    return {
      value: N * (r + l * (d0 + E * du) + o * (1 + E)) + S * h,
      formula: 'N * (r + l * (d0 + E * du) + o * (1 + E)) + S * h',
      inputs: { N, r, l, d0, E, du, o, S, h },
    };
  }
  const r = QDRANT.reindexBytes.value;
  const hb = QDRANT.compressedRecordHeaderBits.value;
  const b0 = deltaBits(n, d0);
  const bu = deltaBits(n, du);
  const ob = QDRANT.compressedOffsetBytesPerPoint.value;
  const h = QDRANT.compressedHeaderBytes.value;
  // Records are rounded up to whole bytes: on average 3.5 bits = 7/16 B of padding per record.
  const w = ROUNDING_BYTES;
  const rec0 = (hb + d0 * b0) / 8 + w;
  const recU = (hb + du * bu) / 8 + w;
  return {
    value: N * (r + rec0 + E * recU + ob) + S * h,
    formula: 'N * (r + (hb + d0 * b0) / 8 + w + E * ((hb + du * bu) / 8 + w) + ob) + S * h',
    inputs: { N, r, hb, d0, b0, w, E, du, bu, ob, S, h },
  };
}


/**
 * The links file of a segment of n points with no links at all (m = 0 and no payload block sub-graphs): Qdrant still
 * builds the graph's levels (the level draw floors m at 2: level_factor = 1 / ln(max(m, 2)), so each point has E = 1
 * upper level in 1.20, sqrt(2) up to 1.19) and serializes one empty record per (level, point)
 * (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_links/serializer.rs): the 64-byte header, a u64 offset per
 * level (L = 1 + the highest level drawn among n points, about log_mb(n), + 0.5 with the rounded draw), the u32
 * reindex and one offset per record plus one: all 0, so 1 bit each compressed (emptyLinksOffsetBits) and a 7-byte
 * tail, 8 B each plain. Worked: 20,000 points, 1.20: L = 1 + floor(log2 20,000) = 15, records 40,000:
 * 64 + 15 x 8 + 20,000 x 4 + ceil(40,001 / 8) + 7 = 85,192 B (measured 85,176-85,230).
 */
export function emptyGraphFileBytes(n: number, m: number, draw: 'round' | 'floor', compressed: boolean): { value: number; L: number; R: number } {
  const mb = Math.max(m, 2);
  const E = expectedUpperLevels(m, draw);
  const L = 1 + Math.max(0, Math.floor(Math.log(Math.max(n, 1)) / Math.log(mb) + (draw === 'round' ? 0.5 : 0)));
  const R = n * (1 + E);
  const lo = QDRANT.linksLevelOffsetBytes.value;
  const r = QDRANT.reindexBytes.value;
  const value = compressed
    ? QDRANT.compressedFileHeaderBytes.value + lo * L + r * n + Math.ceil(((R + 1) * QDRANT.emptyLinksOffsetBits.value) / 8) + QDRANT.offsetsTailBytes.value
    : QDRANT.plainHeaderBytes.value + lo * L + r * n + QDRANT.plainOffsetBytes.value * (R + 1);
  return { value, L, R };
}

/** Per-point parts of the compressed graph (for comparison with a decoded links file). */
export function compressedGraphBreakdown(n: number, m: number, ratio: number | null = null, build: DegreeContext = {}): { reindex: number; level0: number; upper: number; offsets: number } {
  const d0 = levelZeroDegree(m, n, ratio, 1, build);
  const du = Math.min(m, upperDegree(m, ratio, build));
  const hb = QDRANT.compressedRecordHeaderBits.value;
  return {
    reindex: QDRANT.reindexBytes.value,
    level0: (hb + d0 * deltaBits(n, d0)) / 8 + ROUNDING_BYTES,
    upper: expectedUpperLevels(m, build.levelDraw) * ((hb + du * deltaBits(n, du)) / 8 + ROUNDING_BYTES),
    offsets: QDRANT.compressedOffsetBytesPerPoint.value,
  };
}

export function hnswItems(r: Resolved, layout: SegmentLayout, d: ResolvedDense): LineItem[] {
  if (!layout.indexed) return [];
  const items: LineItem[] = [];
  // Points in the graphs: all but each shard's appendable tail (layout.tailPointsPerShard), not yet indexed.
  const tail = layout.shardNumber * (layout.tailPointsPerShard ?? 0);
  const N = graphPoints(r.points, layout);
  // The tail holds 0 to twice its expected points: the graph's range spans both ends.
  const Nlo = Math.max(1, r.points - 2 * tail);
  const Nhi = r.points;
  const S = layout.segmentsTotal;
  const compressed = r.features.compressedLinks;
  const ratio = r.degreeRatio;
  const prefix = `hnsw.${d.label}`;
  const tag = r.features.tag;
  const baseSource = compressed
    ? `qdrant@${tag}:lib/segment/src/index/hnsw_index/graph_links/serializer.rs; lib/common/common/src/bitpacking_links.rs; level distribution in graph_layers_builder.rs; degree: ${QDRANT.degreeK.source}`
    : `qdrant@v1.12.0:lib/segment/src/index/hnsw_index/graph_links.rs; level distribution in graph_layers_builder.rs`;
  // A graph built on unnormalized scores has its own low end (rawDotBuild, maxSimBuild): the line item says where it comes from.
  const lowWhy = rawDotBuild(d) ? 'graph built on raw dot products of uint8 vectors' : maxSimBuild(d) ? 'graph built on max_sim sums, whose inner counts vary' : null;
  const source = lowWhy ? `${baseSource}; low end x${QDRANT.degreeLowFactorUnnormalized.value} (${lowWhy}): ${QDRANT.degreeLowFactorUnnormalized.source}` : baseSource;
  const tierWord = d.hnswTier === 'ram' ? 'file' : d.hnswTier === 'cache' ? 'in page cache' : 'on disk';

  const graphs: { id: string; name: string; m: number; note?: string }[] = [];
  if (d.m > 0) graphs.push({ id: `${prefix}.links`, name: `HNSW links "${d.label}" (m=${d.m}, ${compressed ? 'compressed' : 'plain'}, ${tierWord})`, m: d.m });
  for (const g of graphs) {
    if (g.m <= 0) continue;
    const build = degreeContext(d);
    const exp = graphBytes({ N, S, m: g.m, ratio, compressed, build });
    // Low end: x degreeLowFactor, without the calibration data's rise at small n (data whose candidates stay in one cluster).
    const low = lowDegreeBuild(d);
    const lo = graphBytes({ N: Nlo, S, m: g.m, ratio, factor: low.factor, compressed, build: low.build });
    // High end: every slot filled (m0 on level 0, m above), as measured on uniform-random data.
    const hiGeometry = graphBytes({ N: Nhi, S, m: g.m, ratio: 1, compressed, build });
    const hi = { ...hiGeometry, value: hiGeometry.value * QDRANT.linkWidthHighFactor.value };
    const spec = {
      structure: 'hnsw' as const,
      vector: d.name,
      value: exp.value,
      formula: exp.formula,
      inputs: exp.inputs,
      source,
      confidence: 'medium' as const,
      low: lo.value,
      high: hi.value,
      note:
        g.note ??
        (ratio !== null
          ? `${upperLevelsText(d.levelDraw)}; d0 = ${ratio} * 2m, du = ${ratio} * m (hnswDegreeRatio); b = sum_k max(8, k) (F(2^k) - F(2^(k-1))) bits, F(x) = (1 - e^(-x d/n))^d, n = N/S`
          : `${upperLevelsText(d.levelDraw)}; d0 = ((2m)^-p + K^-p + Kf^-p)^(-1/p) x quantized-build factor, at most n - 1, K = (${QDRANT.degreeK.value} (n/100000)^${QDRANT.degreeExponent.value} + ${QDRANT.degreeSparseRise.value} ln+(${QDRANT.degreeSparsePoints.value} (ef/100)^${QDRANT.degreeSparseEfExponent.value} / n)) (ef/100)^${QDRANT.degreeEfExponent.value} (the calibration data's rise in small graphs; the low end without it), Kf = ${QDRANT.degreeFewPointsK.value} n^${QDRANT.degreeFewPointsExponent.value} (a few hundred points), p = ${QDRANT.degreeSmoothness.value}; du = ${QDRANT.upperDegreeK.value} (1 - exp(-m/${QDRANT.upperDegreeK.value})) (ef/100)^${QDRANT.upperDegreeEfExponent.value} (calibrated); b = sum_k max(8, k) (F(2^k) - F(2^(k-1))) bits, F(x) = (1 - e^(-x d/n))^d, n = N/S`),
    };
    items.push(makeItem({ ...spec, id: `${g.id}`, name: g.name, residency: d.hnswTier === 'cache' ? 'cache' : 'disk' }));
    if (d.hnswTier === 'ram') {
      items.push(makeItem({ ...spec, id: `${g.id}.heap`, name: `${g.name}, heap copy`, residency: 'ram', source: `${spec.source}; ${HEAP_GRAPH_SOURCE}` }));
    }
  }

  items.push(...payloadLinkItems(r, layout, d, { N, S, prefix, source }));

  if (d.m > 0) {
    // graph.bin: m, m0, ef_construct and the entry points, bincode (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/
    // graph_layers.rs, GraphLayerData): 60 B + 12 B (u32 point id + u64 level) per extra entry point. The builder keeps
    // up to max(1, floor(n / t) x 10) extra entry points, t = full_scan_threshold in points (hnsw/build.rs,
    // num_entries; entry_points.rs, a FixedLengthPriorityQueue that every inserted point passes through), so the
    // queue is full (n - 1 entries) as soon as t <= 10: at full_scan_threshold = 10 KB with 384-d float32 vectors
    // (t = 6), 1,200,048 B for 100k points; at the default 10,000 KB (t = 6,666), 150 entries, 1,860 B (measured).
    // Loaded, the graph holds them on the heap as EntryPoint {u32, usize} = 16 B each, whatever the graph's tier.
    // Each payload block's sub-graph adds its own entry point: merge_from_other appends the block graph's entry_points
    // to the main graph's (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/entry_points.rs, EntryPoints::merge_from_other;
    // graph_layers_builder.rs), so B blocks built per segment add 12 B each. Measured on the v1.19.0 server, 384-d at
    // 10 KB (t = 6): 20,000 points unindexed 240,048 B = 60 + 12 x 19,999; the keyword's 100 blocks 241,248 (+100 x 12),
    // the integer's 156 range blocks 241,920 (+156 x 12), both 243,120 (+256 x 12); at 1,000 KB 4,236 = 60 + 12 x (300 +
    // 48 range blocks) (data/calibration/engine-identity/server-v1.19.0-payload/).
    const nSeg = Math.max(1, Math.floor(N / S));
    const t = fullScanThresholdPoints(d);
    const k = entryPointsPerSegment(nSeg, t);
    const B = Math.round(payloadLinkFields(r, layout, d).reduce((a, f) => a + f.blocks, 0));
    const gh = QDRANT.graphBinHeaderBytes.value;
    const ge = QDRANT.graphBinEntryBytes.value;
    const he = QDRANT.entryPointHeapBytes.value;
    const why = `k = min(n - 1, max(1, floor(n / t) * 10)) entry points per segment of n = ${groupThousands(nSeg)} points, t = full_scan_threshold in points = floor(${groupThousands(d.fullScanThresholdKb)} KB / ${groupThousands(d.dim * d.bytesPerElement * d.vectorsPerPoint)} B) = ${groupThousands(t)}${B > 0 ? `; B = ${groupThousands(B)} payload blocks per segment, one entry point each` : ''}`;
    items.push(
      makeItem({
        id: `${prefix}.graph-bin`,
        name: `HNSW graph metadata "${d.label}" (graph.bin: ${groupThousands(k + B)} entry points per segment)`,
        structure: 'hnsw',
        vector: d.name,
        residency: 'disk',
        value: S * (gh + ge * (k + B)),
        formula: 'S * (gh + ge * (k + B))',
        inputs: { S, gh, ge, k, B },
        source: `${QDRANT.graphBinEntryBytes.source}; ${QDRANT.graphBinHeaderBytes.source}`,
        confidence: 'high',
        note: why,
      }),
      makeItem({
        id: `${prefix}.entry-points`,
        name: `HNSW entry points "${d.label}" (${groupThousands(k + 1 + B)} per segment, heap)`,
        structure: 'hnsw',
        vector: d.name,
        residency: 'ram',
        value: S * he * (k + 1 + B),
        formula: 'S * he * (k + 1 + B)',
        inputs: { S, he, k, B },
        source: QDRANT.entryPointHeapBytes.source,
        confidence: 'high',
        note: why,
      }),
    );
  }

  if (d.m === 0) {
    // Without a main graph the payload blocks' sub-graphs are the graph: graph.bin records one entry point per block
    // built (each sub-graph's own), 60 B with the first + 12 B per further one, and loaded they are EntryPoints of 16 B
    // each. Measured on qdrant-edge-py 0.9.0 (m0-payloadm16-keyword-50k, 500 SKU blocks of ~400 points): graph.bin
    // 6,048 B = 60 + 12 x 499; without a payload index 48 B (no entry point).
    const B = Math.round(payloadLinkFields(r, layout, d).reduce((a, f) => a + f.blocks, 0));
    if (payloadLinkFields(r, layout, d).length === 0) {
      // No links at all: the engine still writes the graph's files (emptyGraphFileBytes), and graph.bin with no entry
      // point, gh - ge = 48 B. Measured on qdrant-edge-py 0.9.0 (m0-noindex-20k, m0-payloadm16-keyword-50k's twin,
      // m0-noindex-100k): links 85,176 / 212,676 / 425,169 B, graph.bin 48 B each.
      const nSeg = N / S;
      const g = emptyGraphFileBytes(nSeg, d.m, d.levelDraw, compressed);
      const gh = QDRANT.graphBinHeaderBytes.value;
      const ge = QDRANT.graphBinEntryBytes.value;
      const src = `${baseSource}; empty records and their offsets: ${QDRANT.emptyLinksOffsetBits.source}; ${QDRANT.compressedFileHeaderBytes.source}`;
      const spec = {
        structure: 'hnsw' as const,
        vector: d.name,
        value: S * g.value,
        formula: compressed ? 'S * (h + lo * L + r * n + ceil((n * (1 + E) + 1) * b / 8) + t)' : 'S * (h + lo * L + r * n + o * (n * (1 + E) + 1))',
        inputs: compressed
          ? { S, h: QDRANT.compressedFileHeaderBytes.value, lo: QDRANT.linksLevelOffsetBytes.value, L: g.L, r: QDRANT.reindexBytes.value, n: nSeg, E: expectedUpperLevels(d.m, d.levelDraw), b: QDRANT.emptyLinksOffsetBits.value, t: QDRANT.offsetsTailBytes.value }
          : { S, h: QDRANT.plainHeaderBytes.value, lo: QDRANT.linksLevelOffsetBytes.value, L: g.L, r: QDRANT.reindexBytes.value, n: nSeg, E: expectedUpperLevels(d.m, d.levelDraw), o: QDRANT.plainOffsetBytes.value },
        source: src,
        confidence: 'high' as const,
        note: `m = 0 and no payload sub-graphs: no links, but one empty record per level of each point (${upperLevelsText(d.levelDraw)}, m floored at 2), L = ${g.L} levels`,
      };
      const name = `HNSW links "${d.label}" (m=0: empty graph, ${tierWord})`;
      items.push(makeItem({ ...spec, id: `${prefix}.links`, name, residency: d.hnswTier === 'cache' ? 'cache' : 'disk' }));
      if (d.hnswTier === 'ram') items.push(makeItem({ ...spec, id: `${prefix}.links.heap`, name: `${name}, heap copy`, residency: 'ram', source: `${src}; ${HEAP_GRAPH_SOURCE}` }));
      items.push(
        makeItem({
          id: `${prefix}.graph-bin`,
          name: `HNSW graph metadata "${d.label}" (graph.bin: m=0, no entry point)`,
          structure: 'hnsw',
          vector: d.name,
          residency: 'disk',
          value: S * (gh - ge),
          formula: 'S * (gh - ge)',
          inputs: { S, gh, ge },
          source: `${QDRANT.graphBinHeaderBytes.source}; measured 48 B with m = 0 and no payload index (m0-noindex-20k/100k, data/calibration/v1.20-structures/payload-indexes-0.9.0.json)`,
          confidence: 'high',
          note: 'm = 0 and no payload sub-graphs: graph.bin holds m, m0, ef_construct and empty entry point lists',
        }),
      );
    }
    if (B > 0) {
      const gh = QDRANT.graphBinHeaderBytes.value;
      const ge = QDRANT.graphBinEntryBytes.value;
      const he = QDRANT.entryPointHeapBytes.value;
      const why = `m = 0: one entry point per payload block's sub-graph, B = ${groupThousands(B)} blocks per segment`;
      items.push(
        makeItem({
          id: `${prefix}.graph-bin`,
          name: `HNSW graph metadata "${d.label}" (graph.bin: ${groupThousands(B)} payload block entry points per segment)`,
          structure: 'hnsw',
          vector: d.name,
          residency: 'disk',
          value: S * (gh + ge * (B - 1)),
          formula: 'S * (gh + ge * (B - 1))',
          inputs: { S, gh, ge, B },
          source: `${QDRANT.graphBinEntryBytes.source}; one per block: qdrant-edge 0.9.0 crate src/segment/index/hnsw_index/hnsw/build/additional_links.rs; measured m0-payloadm16-keyword-50k (data/calibration/v1.20-structures/payload-indexes-0.9.0.json)`,
          confidence: 'medium',
          note: why,
        }),
        makeItem({
          id: `${prefix}.entry-points`,
          name: `HNSW entry points "${d.label}" (${groupThousands(B)} payload block entry points per segment, heap)`,
          structure: 'hnsw',
          vector: d.name,
          residency: 'ram',
          value: S * he * B,
          formula: 'S * he * B',
          inputs: { S, he, B },
          source: QDRANT.entryPointHeapBytes.source,
          confidence: 'medium',
          note: why,
        }),
      );
    }
  }

  if (d.inlineStorage && d.quantization && d.m > 0) {
    // inline_storage (v1.16+): level-0 records carry the full original vector plus one quantized
    // vector per link; upper levels one quantized vector per link
    // (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_links/serializer.rs, graph_links/vectors.rs).
    // A link vector is the quantized storage's record as it is (StorageGraphLinksVectors::try_new takes the link layout
    // from get_quantized_vector_layout()), so q is quantizedVectorSize's, TurboQuant's Euclid L2 length included:
    // decoded on qdrant-edge-py 0.9.0, 76 / 136 / 36 B per link at bits4 / 8 / 1.5 Euclid, 72 / 132 / 32 at Cosine and Dot
    // (data/calibration/v1.20-structures/inline-links-0.9.0.json). Not counted: a 1-byte link count per record and the
    // zeros re-aligning records (0.1-0.2% of the file; binary's 16-byte link alignment about 1%).
    const q = quantizedVectorSize(d.quantization, d.dim, false, d.distance).bytesPerVector;
    const E = expectedUpperLevels(d.m, d.levelDraw);
    const nSeg = N / S;
    const d0 = levelZeroDegree(d.m, nSeg, ratio, 1, degreeContext(d));
    const du = upperDegree(d.m, ratio, degreeContext(d));
    const lowEnd = lowDegreeBuild(d);
    const D = d.dim;
    const e = d.bytesPerElement;
    const item = {
      structure: 'hnsw' as const,
      vector: d.name,
      value: N * (D * e + (d0 + E * du) * q),
      formula: 'N * (D * e + (d0 + E * du) * q)',
      inputs: { N, D, e, d0, E, du, q },
      source: 'qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_links/serializer.rs (inline storage steps 1-6), vectors.rs (link layout = the quantized record); measured: data/calibration/v1.20-structures/inline-links-0.9.0.json',
      confidence: 'medium' as const,
      low: N * (D * e + (levelZeroDegree(d.m, nSeg, ratio, lowEnd.factor, lowEnd.build) + E * du) * q),
      high: N * (D * e + (2 * d.m + E * d.m) * q),
    };
    items.push(
      makeItem({
        ...item,
        id: `${prefix}.inline`,
        // 1.20's GraphInline storage drops the indexed segments' vector file; up to 1.19 it is written as well
        // (src/model/vectors.ts), so the name says which.
        name: `HNSW inline vectors "${d.label}" (the originals + ${q} B per link; ${r.features.graphInlineStorage ? 'no separate vector file' : 'beside the vector file, which Qdrant before 1.20 still writes'})`,
        residency: d.hnswTier === 'cache' ? 'cache' : 'disk',
        note: r.features.graphInlineStorage
          ? 'measured: links_comp_vec.bin holds the original vectors; vector_storage keeps only deletion flags (qdrant-edge-py 0.9.0)'
          : 'measured on the v1.19.0 engine: the graph file holds the original vectors and the vector storage keeps them too (data/calibration/v1.19.0-matrix/inline-bq1-hnswcold.json)',
      }),
    );
    if (d.hnswTier === 'ram') items.push(makeItem({ ...item, id: `${prefix}.inline.heap`, name: `HNSW inline vectors "${d.label}", heap copy`, residency: 'ram' }));
  }

  if (d.m > 0) items.push(...searchAndBuildItems(r, layout, d));
  return items;
}

/**
 * full_scan_threshold (KB) in points of this vector: the threshold's bytes over the average vector's bytes, integer
 * division (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/hnsw/build.rs; a multivector point counts all its inner
 * vectors).
 */
export function fullScanThresholdPoints(d: ResolvedDense): number {
  return Math.floor((d.fullScanThresholdKb * 1024) / Math.max(1, d.dim * d.bytesPerElement * d.vectorsPerPoint));
}

/**
 * A numeric index's range blocks in a segment of n points at the threshold t (points), as the HNSW build iterates them
 * (qdrant@v1.19.0:lib/segment/src/index/field_index/numeric_index/query.rs, for_each_payload_block: a block spans two
 * steps of get_range_by_size(t / 2), histogram.rs). The histogram's size limit is clamp(floor(0.01 n), 10, 10,000)
 * points (current_bucket_size); its buckets hold histogramBucketFill of that on average (insert only splits them); a
 * step is one bucket when t / 2 is well under it, else t / 2 and the size-biased part of a bucket past it
 * (histogramStepOvershoot), joined by a smooth maximum (histogramStepSmoothness, p = 5): step = ((fill x limit)^p +
 * (floor(t / 2) + overshoot x limit)^p)^(1/p), block = 2 x step (past the 10,000-point cap the capped fill and overshoot).
 * At 20,000 points and t = 6: limit 200, (128^5 + 80^5)^(1/5) = 130.4, blocks of 260.7 points (the server: 256 on
 * average, 156 blocks; the model 153).
 */
export function rangeBlockPoints(n: number, t: number): { limit: number; bucket: number; step: number; block: number } {
  const raw = Math.floor(n * QDRANT.histogramPrecision.value);
  const capped = raw > QDRANT.histogramBucketMaxPoints.value;
  const limit = Math.min(QDRANT.histogramBucketMaxPoints.value, Math.max(QDRANT.histogramBucketMinPoints.value, raw));
  const bucket = (capped ? QDRANT.histogramBucketFillCapped : QDRANT.histogramBucketFill).value * limit;
  const past = Math.floor(t / 2) + (capped ? QDRANT.histogramStepOvershootCapped : QDRANT.histogramStepOvershoot).value * limit;
  const p = QDRANT.histogramStepSmoothness.value;
  const step = (bucket ** p + past ** p) ** (1 / p);
  return { limit, bucket, step, block: 2 * step };
}

/**
 * A numeric index's range blocks when its values rise with the point order (a timestamp with sequential ids:
 * PayloadIndex.valueOrder 'point-order'), in a segment of n points at the threshold t (points): the sizes of the blocks
 * for_each_payload_block builds, in order. Worked from the source, not fitted (qdrant@v1.19.0:lib/segment/src/index/
 * field_index/histogram.rs, Histogram::insert and get_range_by_size; numeric_index/query.rs, for_each_payload_block):
 * - an optimized segment's index inserts its points in point order, so every value is above all before it and insert
 *   always takes its `(Some(left_border), None)` arm: the last border moves onto the new point, its `left` (the points
 *   between it and the border before) one more, unless left + 1 would pass current_bucket_size() (taken after
 *   total_count += 1); then that border stays and the new point is a new border with left 0. The first two points are
 *   borders. A border made at total T so moves while j <= size(T + j) and the bucket it closes holds
 *   j* = min { j : j > size(T + j) } points (its border included), size(x) = clamp(floor(0.01 x), 10, 10,000):
 *   unclamped, j > floor(0.01 (T + j)) <=> j > T / 99, so j* = max(11, floor(T / 99) + 1), 10,001 past the cap. The
 *   buckets grow with the points before them: 11 points up to T = 1,089, then ~T / 99.
 * - a step, get_range_by_size(lower, floor(t / 2)), ends at the first border whose left (its bucket less the border)
 *   takes the count past floor(t / 2); a block is two steps, the last one the last step and the points past it.
 * At 20,000 points and t = 6 every step is one bucket: 385 buckets, so 385 blocks of 20,000 x 2 / 385 = 104 points on
 * average (22 at the start, 398 at the end), where values independent of the point order make 153 of 261
 * (rangeBlockPoints). The block lists equal the replay of histogram.rs on sorted values at 1,000-200,000 points and t = 6
 * to 6,666, and the v1.19.0 server's at 20,000 and 100,000 points (385 and 545 blocks): data/calibration/
 * engine-identity/numeric-histogram-point-order.json (test/calibration/numeric_histogram.py --point-order).
 */
export function pointOrderRangeBlocks(n: number, t: number): readonly number[] {
  const points = Math.floor(n);
  const key = `${points}/${t}`;
  const hit = pointOrderCache.get(key);
  if (hit) return hit;
  const p = QDRANT.histogramPrecision.value;
  const lo = QDRANT.histogramBucketMinPoints.value;
  const cap = QDRANT.histogramBucketMaxPoints.value;
  const size = (total: number) => Math.min(cap, Math.max(lo, Math.floor(total * p)));
  const h = Math.floor(t / 2);
  const steps: number[] = [];
  let inStep = 0;
  let reached = 0;
  // T: the total at which the moving border was made; the first two points are borders, the first the lowest.
  for (let T = 2, first = true; T <= points; first = false) {
    // j* from just under its bound (T p - 1) / (1 - p), a step or two up (j - size(T + j) never falls as j grows).
    let j = Math.max(lo + 1, Math.min(cap + 1, Math.floor((T * p - 1) / (1 - p))));
    while (j <= size(T + j)) j++;
    const bucket = Math.min(j, points - T + 1) + (first ? 1 : 0);
    const left = bucket - 1 - (first ? 1 : 0);
    inStep += bucket;
    if (reached + left > h) {
      steps.push(inStep);
      inStep = 0;
      reached = 0;
    } else reached += left;
    T += j;
  }
  const blocks = steps.length === 0 ? [points] : steps.map((s, i) => (i + 1 < steps.length ? s + steps[i + 1]! : s + inStep));
  if (pointOrderCache.size > 256) pointOrderCache.clear();
  pointOrderCache.set(key, blocks);
  return blocks;
}
const pointOrderCache = new Map<string, readonly number[]>();

/**
 * Extra entry points a segment of n points keeps: the builder's queue holds num_entries = max(1, floor(n / t) x 10)
 * (t = 0, a threshold below one vector, gives 1) and every point after the first passes through it
 * (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/hnsw/build.rs, entry_points.rs).
 */
export function entryPointsPerSegment(n: number, t: number): number {
  const num = Math.max(1, t > 0 ? Math.floor(n / t) * 10 : 0);
  return Math.max(0, Math.min(n - 1, num));
}

/** Why an in-RAM graph is counted as heap (docs/methodology.md, "Residency"). */
const HEAP_GRAPH_SOURCE =
  'heap residency: qdrant@v1.12.0 GraphLinksRam; measured on qdrant-edge-py 0.7.2 (api 1.18.2-dev, standing in for v1.19.0, data/calibration/v1.19.0-matrix/) and for memory: pinned (data/calibration/res-hnsw-pinned.json)';

interface PayloadLinkField {
  field: string;
  tenant: boolean;
  reason: string;
  /** Blocks a point is in (expected): values per point for a value block, 2 for range blocks, the tokens for text. */
  memberships: number;
  /** Blocks built per segment (expected): a map index's qualifying values, n x 2 / block for range blocks, a text index's qualifying tokens. */
  blocks: number;
  /** Level-0 links the field's blocks add per point (expected): memberships x the block degree. */
  links: number;
}

/**
 * Which indexed payload fields get payload sub-graphs, and how many blocks each point is in (qdrant-edge 0.9.0 crate,
 * src/segment/index/hnsw_index/hnsw/build/additional_links.rs, build_additional_links, with threshold t =
 * full_scan_threshold in points; the same rules in qdrant@v1.19.0:lib/segment/src/index/hnsw_index/hnsw/build.rs): a
 * block is built when it holds more than t / 4 points and at most n / int(deg0) x 4 (PERCOLATION_MULTIPLIER; larger
 * blocks are already connected); fields are built in name order, and a field after the first skips blocks the graph
 * built so far already connects (the low end 0), tenant fields never skip.
 * - map-like fields (keyword, uuid, integer with lookup): one block per value held by more than t points
 *   (map_index/payload_index_impl/str.rs, for_each_payload_block_impl);
 * - numeric range indexes (integer, float, datetime): blocks of two histogram steps of t / 2, so every point is in two
 *   (QDRANT.payloadRangeBlockMemberships); their sizes from rangeBlockPoints, or pointOrderRangeBlocks when the index
 *   states valueOrder: 'point-order';
 * - text: one block per token held by at least t points (full_text_index/inverted_index/mod.rs), a point in as many
 *   as its tokens that qualify (Zipf's law, src/model/text-index.ts).
 * Each membership adds the degree of the block's own sub-graph (a graph of the block's b points, build_filtered_graph:
 * levelZeroDegree of payload_m at n = b, at most b - 1; its K times assumptions.payloadBlockDegreeRatio, 1 unless stated) to
 * the point's level-0 list, less the links the point already holds inside the block (merge_from_other skips them); a
 * point's second range block also repeats part of the first's links in the histogram step they share
 * (QDRANT.payloadRangeStepRepeat). `low`: the same with the low-end degree (degreeLowFactor, without the data's rise).
 */
function payloadLinkFields(r: Resolved, layout: SegmentLayout, d: ResolvedDense, low = false): PayloadLinkField[] {
  if (!r.payload || d.payloadM <= 0) return [];
  const out: PayloadLinkField[] = [];
  const n = r.points / layout.segmentsTotal;
  // The percolation bound is a property of the configuration, so it is taken without the quantized-build factor
  // (which only reflects how a quantized build fills the slots): adding quantization never moves it.
  const deg0 = Math.max(1, levelZeroDegree(Math.max(d.m, 1), n, r.degreeRatio, 1, { ...degreeContext(d), quantFactor: 1 }));
  const fullScanPoints = fullScanThresholdPoints(d);
  // max_block_size = total_vector_count / average_links_per_0_level_int * PERCOLATION_MULTIPLIER, in integers: the
  // average degree truncated (`as usize`, at least 1), then an integer division (additional_links.rs; at 50,000 points
  // and a decoded 18.52 links the cap is 50,000 / 18 x 4 = 11,108: data/calibration/v1.20-structures/
  // text-block-links-0.9.0.json).
  const hi = Math.floor(n / Math.max(1, Math.floor(deg0))) * 4;
  const { factor, build: ctx } = low ? lowDegreeBuild(d) : { factor: 1, build: degreeContext(d) };
  const blockRatio = r.payloadBlockDegreeRatio ?? 1;
  // Links a point already holds when a block's sub-graph is merged: the main graph's and the earlier blocks'.
  // merge_from_other skips them (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_layers_builder.rs, lines
  // 346-381: a link already in the list is not pushed again). A block is a random subset of b of the segment's n points
  // (its payload does not follow the vectors), so b / n of the links held fall inside it, and the sub-graph, which links
  // the point to its nearest block members, holds them too: a membership adds min(b - 1, dBlock(b)) - held x b / n.
  let held = d.m > 0 ? levelZeroDegree(d.m, n, r.degreeRatio, factor, ctx) : 0;
  // The degree of a block's own sub-graph: that of a graph of its b points (levelZeroDegree at n = b), at most b - 1.
  const blockDegreeAt = levelZeroDegreeAt(d.payloadM, r.degreeRatio, factor, { ...ctx, dataScale: blockRatio });
  const blockDegree = (b: number) => Math.min(Math.max(b - 1, 0), blockDegreeAt(b));
  const perBlock = (b: number) => Math.max(0, blockDegree(b) - (held * b) / Math.max(n, 1));
  // Fields in build order (additional_links.rs, in_build_order: sorted by name).
  const indexes = [...r.payload.indexes].sort((x, y) => (x.field_name < y.field_name ? -1 : x.field_name > y.field_name ? 1 : 0));
  for (const idx of indexes) {
    const schema = fieldSchemaParams(idx);
    const tenant = 'is_tenant' in schema && schema.is_tenant === true;
    // enable_hnsw: false on a field builds no payload sub-graph for it ("If true, builds additional HNSW links (Need
    // payload_m > 0). Default: true", qdrant-client 1.20.0 models.py; PR qdrant/qdrant#7887). Measured on
    // qdrant-edge-py 0.9.0 (data/calibration/v1.20-structures/edge-0.9.0.json, payload-enable-hnsw-false): no payload links.
    if ('enable_hnsw' in schema && schema.enable_hnsw === false) continue;
    let memberships = 0;
    let links = 0;
    let blocks = 0;
    const why: string[] = [];
    if (['keyword', 'integer', 'uuid'].includes(schema.type) && !('lookup' in schema && schema.lookup === false)) {
      const cardinality = idx.cardinality ?? defaultCardinality(schema.type, r.points);
      const block = (n * idx.valuesPerPoint) / Math.max(1, cardinality);
      if (tenant || (block > fullScanPoints && block <= hi)) {
        const k = Math.max(1, idx.valuesPerPoint);
        memberships += k;
        blocks += (n * k) / block;
        links += k * perBlock(block);
        why.push(tenant ? 'tenant field: payload sub-graphs always built' : `value blocks of ~${Math.round(block)} points per segment are within (${Math.round(fullScanPoints)}, ${Math.round(hi)}]`);
      }
    }
    // Range blocks: two histogram steps, each ending at the first bucket border past t / 2 (rangeBlockPoints; values in
    // point order: pointOrderRangeBlocks).
    const { block: rangeBlock, bucket } = rangeBlockPoints(n, fullScanPoints);
    const rangeIndex = isRangeIndex(idx);
    if (rangeIndex && idx.valueOrder === 'point-order') {
      // Each block built (at most max_block_size, and not the one block of all points) adds its sub-graph's links to
      // each of its b points, less the repeat in the step a point's two blocks share: over the segment, sum of
      // b x (perBlock(b) - repeat(b) / 2) / n, which is 2 perBlock - repeat when every block holds b points.
      const built = pointOrderRangeBlocks(n, fullScanPoints).filter((b) => b <= hi && b < n);
      if (built.length > 0) {
        const repeatOf = (b: number) => (QDRANT.payloadRangeStepRepeat.value * blockDegree(b)) / 2;
        const sum = built.reduce((a, b) => a + b, 0);
        memberships += sum / Math.max(n, 1);
        blocks += built.length;
        links += Math.max(0, built.reduce((a, b) => a + b * (perBlock(b) - repeatOf(b) / 2), 0) / Math.max(n, 1));
        why.push(`values in point order (valueOrder): ${built.length} range blocks of ${Math.round(built.reduce((a, b) => Math.min(a, b)))}-${Math.round(built.reduce((a, b) => Math.max(a, b)))} points (${Math.round(sum / built.length)} on average), the histogram's buckets growing with the points before them (pointOrderRangeBlocks)`);
      }
    } else if (rangeIndex && rangeBlock <= hi && n > rangeBlock) {
      const k = QDRANT.payloadRangeBlockMemberships.value;
      memberships += k;
      blocks += (n * k) / rangeBlock;
      // A point's two range blocks share its own histogram step, half of each block: the second block's sub-graph
      // links the point again to some of the same members of that step, which merge_from_other skips (QDRANT.payloadRangeStepRepeat).
      const repeat = (QDRANT.payloadRangeStepRepeat.value * blockDegree(rangeBlock)) / 2;
      links += Math.max(0, k * perBlock(rangeBlock) - (k - 1) * repeat);
      why.push(`range blocks of ~${Math.round(rangeBlock)} points (two histogram steps, each past full_scan_threshold / 2 by part of a bucket, at least one ${Math.round(bucket)}-point bucket): each point in ${k}, the second repeating ${repeat.toFixed(1)} links in the shared step`);
    }
    if (schema.type === 'text') {
      const t = textInputs(idx, r.points);
      const T = idx.valuesPerPoint * t.tokensPerValue;
      const M = r.points * T;
      const st = textSegmentStatsOf(
        { docs: n, tokensPerDoc: T, vocabulary: collectionVocabulary(M, t.vocabulary), collectionTokens: M, zipfExponent: idx.zipfExponent ?? TEXT_DEFAULTS.zipfExponent, stopwordRanks: t.stopwordRanks, termFrequencies: false },
        t.families,
        [Math.max(1, fullScanPoints), hi],
        perBlock,
      );
      if (st.blockLinks > 0 && n > fullScanPoints) {
        memberships += st.blockMemberships;
        blocks += st.qualifyingBlocks;
        links += st.blockLinks;
        why.push(`${Math.round(st.qualifyingBlocks)} tokens held by ${Math.round(fullScanPoints)}-${Math.round(hi)} points per segment: each point in ${st.blockMemberships.toFixed(2)} token blocks (Zipf, src/model/text-index.ts)`);
      }
    }
    held += links;
    if (links > 0) {
      out.push({
        field: idx.field_name,
        tenant,
        memberships,
        blocks,
        links,
        reason: `${why.join('; ')}; ${links.toFixed(1)} level-0 links per point merged into the lists (a block of b points: the degree of a graph of b points, ${blockDegree(1000).toFixed(1)} at 1,000, ${blockDegree(10_000).toFixed(1)} at 10,000)${tenant ? '' : '; a field after the first may skip blocks already well connected (low end 0)'}`,
      });
    }
  }
  return out;
}

/**
 * The payload sub-graphs' bytes: their links are merged into the level-0 records of the main graph (merge_block), so
 * they add no reindex, offsets or upper levels, only longer level-0 lists. A list past m0 stores the extra links
 * unsorted at the width of the largest point id (levelZeroRecordBits), which is what a merged list mostly holds:
 * 100k points, 17.9 main + 35.2 payload links = 53.1 (decoded, 0.9.0): 32 links at 14 bits and 21 at 17 bits. Each
 * field's item is the growth of the record over the fields built before it (name order).
 */
function payloadLinkItems(r: Resolved, layout: SegmentLayout, d: ResolvedDense, g: { N: number; S: number; prefix: string; source: string }): LineItem[] {
  const fields = payloadLinkFields(r, layout, d);
  if (fields.length === 0) return [];
  const { N, S, prefix, source } = g;
  const n = N / S;
  const compressed = r.features.compressedLinks;
  const build = degreeContext(d);
  // The serializer sorts the first m0 links of the segment's own HnswM (graph_links/serializer.rs: hnsw_m.m0): none
  // without a main graph.
  const m0 = QDRANT.m0Factor.value * d.m;
  const m0p = QDRANT.m0Factor.value * d.payloadM;
  const hb = QDRANT.compressedRecordHeaderBits.value;
  const bu = unsortedLinkBits(n);
  const plain = QDRANT.plainLinkBytes.value;
  // Without a main graph (m = 0) the blocks' links make level 0 alone: its reindex, offsets and header come with them.
  const own = d.m > 0 ? 0 : compressed ? QDRANT.reindexBytes.value + QDRANT.compressedOffsetBytesPerPoint.value : QDRANT.reindexBytes.value + QDRANT.plainOffsetBytes.value;
  const perPoint = (dMain: number, from: number, to: number) =>
    compressed ? (levelZeroRecordBits(n, dMain + to, m0) - levelZeroRecordBits(n, dMain + from, m0)) / 8 : plain * (to - from);
  const dMain = d.m > 0 ? levelZeroDegree(d.m, n, r.degreeRatio, 1, build) : 0;
  const dMainHi = d.m > 0 ? m0 : 0;
  // Tenant fields' low end: the same blocks at the low-end degree (degreeLowFactor, without the data's rise).
  const lowFields = payloadLinkFields(r, layout, d, true);
  const lowMain = lowDegreeBuild(d);
  const dMainLo = d.m > 0 ? levelZeroDegree(d.m, n, r.degreeRatio, lowMain.factor, lowMain.build) : 0;
  const items: LineItem[] = [];
  let before = 0;
  let beforeHi = 0;
  let beforeLo = 0;
  for (const [i, f] of fields.entries()) {
    const aLo = lowFields.find((x) => x.field === f.field)?.links ?? 0;
    const a = f.links;
    const aHi = f.memberships * m0p;
    const hdr = compressed ? QDRANT.compressedHeaderBytes.value : QDRANT.plainHeaderBytes.value;
    const value = N * (perPoint(dMain, before, before + a) + (i === 0 ? own : 0)) + (i === 0 && own > 0 ? S * hdr : 0);
    const low = f.tenant ? N * (perPoint(dMainLo, beforeLo, beforeLo + aLo) + (i === 0 ? own : 0)) : 0;
    const high = N * (perPoint(dMainHi, beforeHi, beforeHi + aHi) + (i === 0 ? own : 0)) * QDRANT.linkWidthHighFactor.value;
    const d0 = dMain + before;
    const s1 = Math.min(d0 + a, m0);
    const s0 = Math.min(d0, m0);
    const bs1 = s1 > 0 ? deltaBits(n, s1) : 0;
    const bs0 = s0 > 0 ? deltaBits(n, s0) : 0;
    const ownPart = i === 0 && own > 0;
    const ownFormula = ownPart ? ' + N * o + S * h' : '';
    const ownInputs = ownPart ? { o: own, S, h: hdr } : {};
    const spec = {
      structure: 'hnsw' as const,
      vector: d.name,
      value,
      formula: compressed
        ? `N * ((min(d + a, m0) * bs1 + max(0, d + a - m0) * bu) - (min(d, m0) * bs0 + max(0, d - m0) * bu)) / 8${ownFormula}`
        : `N * l * a${ownFormula}`,
      inputs: compressed ? { N, d: d0, a, m0, bs1, bs0, bu, ...ownInputs } : { N, l: plain, a, ...ownInputs },
      source: `${source}; merged level-0 lists: qdrant-edge 0.9.0 crate src/segment/index/hnsw_index/hnsw/build/additional_links.rs, graph_layers_builder.rs (merge_block), src/common/bitpacking_links.rs (pack_links); a block's degree: that of a graph of its points (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/hnsw/build.rs, build_filtered_graph; ${QDRANT.degreeSparseRise.source}); range blocks' shared step: ${QDRANT.payloadRangeStepRepeat.source}`,
      confidence: f.tenant ? ('medium' as const) : ('low' as const),
      low,
      high,
      note: f.reason,
    };
    const name = `HNSW payload links "${d.label}" for "${f.field}" (payload_m=${d.payloadM})`;
    items.push(makeItem({ ...spec, id: `${prefix}.payload-links.${f.field}`, name, residency: d.hnswTier === 'cache' ? 'cache' : 'disk' }));
    if (d.hnswTier === 'ram') items.push(makeItem({ ...spec, id: `${prefix}.payload-links.${f.field}.heap`, name: `${name}, heap copy`, residency: 'ram', source: `${spec.source}; ${HEAP_GRAPH_SOURCE}` }));
    before += a;
    beforeHi += aHi;
    beforeLo += aLo;
  }
  return items;
}

export function defaultCardinality(type: string, points: number): number {
  if (type === 'keyword') return Math.min(1000, points);
  if (type === 'bool') return 2;
  return points;
}

function searchAndBuildItems(r: Resolved, layout: SegmentLayout, d: ResolvedDense): LineItem[] {
  const N = r.points;
  const cpus = r.nodeCpus;
  const limit = Math.min(QDRANT.poolKeepMax.value, Math.max(QDRANT.poolKeepMin.value, cpus));
  const L = Math.min(limit, r.searchThreads ?? cpus);
  const v = QDRANT.visitedBytesPerPoint.value;
  // A segment of fewer points than full_scan_threshold (in points) is searched by full scan, filtered or not, and takes
  // no visited list (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/hnsw/read_view/dispatch.rs: plain_search when
  // available_vector_count < full_scan_threshold; a filter's cardinality is at most the segment's). Measured on the
  // v1.19.0 engine: 10,000 x 128-d at the default threshold (20,000 points) holds no VisitedPool allocation, the same
  // shard at 10 KB 10,000 B (heaptrack: data/calibration/heap-residue/v1.19.0/heaptrack-live.json).
  const gs = layout.pointsPerSegment >= fullScanThresholdPoints(d) ? 1 : 0;
  const items: LineItem[] = [
    makeItem({
      id: `hnsw.${d.label}.visited-pool`,
      name: `HNSW visited lists "${d.label}" (${gs ? `${L} concurrent searches x 1 B per point` : 'none: segments under full_scan_threshold are searched by full scan'})`,
      structure: 'hnsw',
      vector: d.name,
      residency: 'ram',
      value: L * N * v * gs,
      formula: 'L * N * v * gs',
      inputs: { L, N, v, gs },
      source: `${QDRANT.visitedBytesPerPoint.source}; ${QDRANT.poolKeepMin.source}; qdrant@v1.19.0:lib/segment/src/index/hnsw_index/hnsw/read_view/dispatch.rs (plain search, no visited list, under full_scan_threshold)`,
      confidence: 'medium',
      // Low: none. A segment's first HNSW search allocates its list zeroed (vec![0u8; n]): fresh zero pages that
      // become resident only where searches write, the whole list only after 255 searches (the u8 counter wraps and
      // the list is cleared). A server that has just loaded or indexed holds next to nothing here (LAION-400M).
      low: 0,
      // High: every pool full. Lists return to a segment's pool up to POOL_KEEP_LIMIT; searches run on up to 4 x cpus
      // blocking threads (v1.19 high-IO search runtime), so bursts fill it, and the extra lists are freed on return.
      high: limit * N * v * gs,
      note: `gs = 1 when a segment (${groupThousands(layout.pointsPerSegment)} points) reaches full_scan_threshold in points (${groupThousands(fullScanThresholdPoints(d))}), else 0; one list per concurrent search per segment (sized by the segment's points: L x N per shard whatever the segment count), kept up to POOL_KEEP_LIMIT = clamp(cpus, 16, 128) = ${limit}; expected: one search per CPU in flight; resident only once searched`,
    }),
  ];
  // Builder: per point 24 B + 48 B per level + 4 B per reserved link slot; one visited list per
  // indexing thread; the serialized graph of the segment. One segment (the largest) at a time.
  const n = layout.largestSegmentPoints;
  const E = expectedUpperLevels(d.m, r.features.levelDraw);
  const t = indexingThreadsFor(cpus);
  const g = graphBytes({ N: n, S: 1, m: d.m, ratio: r.degreeRatio, compressed: r.features.compressedLinks, build: degreeContext(d) }).value / n;
  const ob = QDRANT.builderOuterBytes.value;
  const lb = QDRANT.builderPerLevelBytes.value;
  items.push(
    makeItem({
      id: `hnsw.${d.label}.builder`,
      name: `HNSW builder "${d.label}" (one segment of ${groupThousands(n)} points, ${t} threads)`,
      structure: 'optimizer',
      vector: d.name,
      residency: 'peak-ram',
      value: n * (ob + lb * (1 + E) + 4 * (2 * d.m + E * d.m) + t + g),
      formula: 'n * (ob + lb * (1 + E) + 4 * (2 * m + E * m) + t + g)',
      inputs: { n, ob, lb, E, m: d.m, t, g },
      source: `${QDRANT.builderOuterBytes.source}; ${QDRANT.builderPerLevelBytes.source}; qdrant@v1.19.0:lib/segment/src/index/visited_pool.rs`,
      confidence: 'low',
      low: n * (ob + 32 * (1 + E) + 4 * (2 * d.m + E * d.m) + t + g),
      high: 1.5 * n * (ob + lb * (1 + E) + 4 * (2 * d.m + E * d.m) + t + g),
      note: 'g = serialized graph bytes per point of the segment; t = indexing threads (one visited byte each)',
    }),
  );
  return items;
}
