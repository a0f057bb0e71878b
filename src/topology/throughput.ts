/**
 * CPU and GPU rates from Qdrant's published measurements, and the scaling rules that carry them to other
 * dimensions, HNSW parameters and shard sizes. Every constant names its source; every derived rule states
 * its uncertainty, because the published points are few.
 *
 * Sources:
 * - BENCH: qdrant/landing_page `static/benchmarks/results-1-100-thread-2024-06-15.json`, the data behind
 *   https://qdrant.tech/benchmarks/ (server Azure Standard D8s v3, 8 vCPU; int8 scalar quantization with rescoring;
 *   m=32). Setup described in `content/benchmarks/single-node-benchmark.md`.
 * - BLOG113: https://qdrant.tech/blog/qdrant-1.13.x/ table "Benchmarks on Common GPUs" (1M × 1536-d vectors).
 * - GPUDOC: https://qdrant.tech/documentation/guides/running-with-gpu/ ("Known limitations": at most 16 GB of
 *   vector data per GPU indexing iteration; images Linux x86_64 only).
 */
import { indexedSegmentsPerShardFor } from '../model/layout.js';
import { ELEMENT_BYTES, turboVectorExtraBytes, type ResolvedDense } from '../model/resolve.js';
import { PQ_BUCKET, quantizedVectorSize } from '../model/quantization.js';
import { DEFAULT_NODE_CPUS } from '../spec/workload.js';

/** Search-time ef that reached a precision@10 in BENCH (dbpedia-openai-1M-1536, 100 clients): 0.987@64, 0.995@128, 0.998@256, 0.999@512. */
export const EF_FOR_RECALL: readonly { recall: number; ef: number }[] = [
  { recall: 0.987, ef: 64 },
  { recall: 0.995, ef: 128 },
  { recall: 0.998, ef: 256 },
  { recall: 0.9992, ef: 512 },
];

/** The smallest published ef whose measured precision reaches `recall` (1024 beyond the table). */
export function efForRecall(recall: number): number {
  for (const row of EF_FOR_RECALL) if (row.recall >= recall) return row.ef;
  return 1024;
}

/**
 * How clients send their searches and writes, REST (JSON) or gRPC (protobuf): the server parses the vectors either way,
 * and JSON text costs it about nine times what packed floats do for a query (REQUEST_COST.perDim), three times for an
 * upsert (WRITE_COST.request). REST unless told: Qdrant's Python
 * client talks REST unless built with `prefer_grpc=True` (qdrant-client 1.20.0, qdrant_client/qdrant_client.py,
 * `prefer_grpc: bool = False`) and its JavaScript client `@qdrant/js-client-rest` is REST only, so a plan that is not
 * told the API sizes the dearer one (`constraints.query.api`, `--api`).
 */
export const QUERY_APIS = ['rest', 'grpc'] as const;
export type QueryApi = (typeof QUERY_APIS)[number];
export const DEFAULT_QUERY_API: QueryApi = 'rest';

/**
 * The reference point: 962.9 RPS on 8 vCPU at ef 128 over 1M × 1536-d (BENCH, precision 0.995), i.e. ~120 RPS per
 * vCPU; single-client p99 4.67 ms. The run's collection (vector-db-benchmark `qdrant-sq-rps-m-32-ef-512`,
 * qdrant/vector-db-benchmark@2ffe5e26 experiments/configurations/qdrant-single-node-sq-rps.json): m 32, ef_construct
 * 512, scalar int8 in RAM with rescoring (oversampling 2), `max_segment_size` 1,000,000 KB and
 * `default_segment_number` 2, on the Qdrant of June 2024 (v1.9/1.10: indexing_threshold 20,000 KB, before v1.15's
 * 10,000). Its segments follow the layout rule qsize applies to every plan (`indexedSegmentsPerShardFor`,
 * src/model/layout.ts): `segments` below.
 */
export const QUERY_REF = {
  rpsPerVcpu: 962.9 / 8,
  /** The server's vCPUs (Azure Standard D8s v3): its segments' searches ran side by side (searchPathVcpuSeconds). */
  vcpus: 8,
  ef: 128,
  dim: 1536,
  points: 1e6,
  p99Ms: 4.67,
  segments: indexedSegmentsPerShardFor(1e6, 1536 * 4, 1_000_000 * 1024, 2, 20_000 * 1024),
  /** Its client searched over gRPC (qdrant/vector-db-benchmark@2ffe5e26 engine/clients/qdrant/search.py, `prefer_grpc=True`). */
  api: 'grpc',
} as const;

/**
 * A multivector (max_sim) search: the points' average inner vectors, the query's, and where the vector has quantized
 * codes what one inner pair costs over a float32 pair's (multivectorSearchPairCost) and the bytes of an inner vector
 * the search fetches over float32's (multivectorSearchFetchShare); each 1 when not given.
 */
export interface MaxSimSearch {
  innerVectors: number;
  queryInnerVectors: number;
  pairCost?: number;
  fetchShare?: number;
}

export interface QueryCostInput {
  dim: number;
  /** How the searches reach the server, REST or gRPC: the request's parse of the query vector (REQUEST_COST.perDim); DEFAULT_QUERY_API when not given. */
  api?: QueryApi;
  /** A multivector (max_sim) search: the points' average inner vectors and the query's (MULTIVECTOR_SEARCH). */
  multivector?: MaxSimSearch;
  ef: number;
  /**
   * What the graph walk's scoring of a candidate costs a dimension, in the int8 walk's bytes (SCORED_BYTES): the
   * quantized copy's when the vector has one, else its datatype's (walkBytesPerDim); float32's 4, Qdrant's default
   * datatype, when not given (scoredBytesOf).
   */
  scoredBytesPerDim?: number;
  /** Points in one shard (each search visits one replica of every shard). */
  pointsPerShard: number;
  /** The indexed segments one shard replica searches, each with its own graph (the plan's layout); 1 when not given. */
  segmentsPerShard?: number;
  /** Points of the shard's appendable tail, under the indexing threshold: scanned by every search; 0 when not given. */
  tailPoints?: number;
  /** The per-shard cost when it is not an HNSW search (a full scan of an unindexed shard, `fullScanVcpuSecondsPerSearch`). */
  vcpuSecondsPerShardSearch?: number;
  /** CPUs Qdrant sees in the pod, over which one search's segments are searched side by side (searchPathVcpuSeconds); the model's default `nodeCpus` when not given. */
  cpus?: number;
}

/**
 * The server CPU of one search in one shard replica, vCPU-seconds (docs/topology.md section 6):
 *
 *   c = h + s · (g + w) + t · (FULL_SCAN.c + FULL_SCAN.b · D)
 *   w = k · (ef / 128) · [((1 − β) + β · D / 1536) · (n / 1e5)^γ            one segment's graph search
 *       + β · (b − 1) · D / 1536 · (min(n, 1e5) / 1e5)^γs]
 *
 * - `h`, `g`: the shard's own fixed work and each segment's (REQUEST_COST.shard, .segment); the request itself and the
 *   calls to remote shards are paid once per search, not per shard (REQUEST_COST.request, .remoteShard: queryCpu);
 * - `s` indexed segments of `n` points each: Qdrant searches every segment with the whole ef, each in its own blocking
 *   task, and merges their top k (qdrant@v1.19.0 lib/collection/src/collection_manager/segments_searcher.rs `search`,
 *   `search_in_segment`), so a shard of many small segments costs more than one of a few large ones;
 * - `t` points of the unindexed tail, compared one by one as in a full scan (FULL_SCAN);
 * - `(n / 1e5)^γ`: a graph search scores more candidates in a larger segment, and each costs more as the vectors
 *   outgrow the CPU caches (γ measured on the real v1.19.0 server, SEARCH_COST; below 100,000 points the smaller γs:
 *   segmentSizeFactor);
 * - `β`: the share of a segment search that grows with the dimension, fitted to the two datasets of the reference
 *   run that differ in it (SEARCH_COST), whose walk scored int8 codes; `b` what scoring a candidate costs a
 *   dimension in the int8 walk's bytes, over the reference's 1 (SCORED_BYTES, walkBytesPerDim: 4 for float32
 *   originals, 1 for scalar int8, 1/8 for binary, measured kernels for float16, uint8 at Cosine, product and
 *   TurboQuant codes: WALK_KERNEL);
 * - `k` sets the reference run (QUERY_REF: one shard of `s` segments of 1M / s points, 1536-d) to its published 8.31 ms
 *   a search (the request, its shard and its segments included).
 * The appendable segment's own task (`g`, 7 µs) is not counted: under 1% of any indexed search.
 */
export function vcpuSecondsPerShardSearch(input: QueryCostInput): number {
  return shardSearch(input, Math.max(1, Math.round(input.segmentsPerShard ?? 1)));
}

/**
 * One search's critical path in one shard replica, CPU-seconds of the longest chain (the p99 floor, queryCpu): the
 * request, then the segments' graph searches side by side, `ceil(s / p)` of them one after another on a pod of `p`
 * CPUs, then the tail's scan (counted after them, an upper bound: it runs beside them too). Qdrant runs each
 * segment's search as its own task (qdrant@v1.19.0 lib/collection/src/collection_manager/segments_searcher.rs) on a
 * search runtime of 4 × CPUs threads (lib/common/common/src/defaults.rs `search_thread_count`), so a single search
 * of 7 segments on 8 CPUs waits for one segment search, not seven: the many-segment layout is Qdrant's advice for
 * latency, the few-segment one for throughput (FEWER_SEGMENTS, src/plan/variants.ts). Not measured here: the
 * calibration machine has 2 vCPUs and the client beside the server, where 4 segments ran only 1.2x side by side.
 */
export function searchPathVcpuSeconds(input: QueryCostInput): number {
  const s = Math.max(1, Math.round(input.segmentsPerShard ?? 1));
  const rounds = searchRounds(s, input.cpus ?? DEFAULT_NODE_CPUS);
  // A full scan (an unindexed shard's plain segments) splits the same way: each segment scanned as its own task.
  const whole = input.vcpuSecondsPerShardSearch;
  const shard = whole === undefined ? shardSearch(input, s, rounds) : REQUEST_COST.shard + ((whole - REQUEST_COST.shard) * rounds) / s;
  return requestVcpuSeconds(queryComponents(input), input.api) + shard;
}

/** Segment searches one after another on the critical path: `ceil(s / p)` for `s` segments side by side on `p` CPUs (searchPathVcpuSeconds). */
export function searchRounds(segments: number, cpus: number): number {
  return Math.ceil(segments / Math.max(1, Math.floor(cpus)));
}

/** `h + r · (g + w) + tail` (times the multivector factor): the whole CPU with r = s segment searches, the critical path with fewer. */
function shardSearch(input: QueryCostInput, s: number, rounds = s): number {
  const t = Math.min(Math.max(0, input.tailPoints ?? 0), Math.max(0, input.pointsPerShard));
  // A shard whose points are all in its tail has no graph to search.
  const indexed = Math.max(input.pointsPerShard - t, 0);
  const mv = input.multivector;
  // MULTIVECTOR_SEARCH was fitted over the dense search at the reference's bytes (s50, before SCORED_BYTES): its A, B
  // and C carry the inner vectors' own reads, so a max_sim shard keeps that unit.
  const bytes = mv ? SCORED_BYTES.reference : scoredBytesOf(input);
  const denseAt = (n: number) =>
    REQUEST_COST.shard + (indexed > 0 ? rounds * (REQUEST_COST.segment + segmentSearchVcpuSeconds(n, input.dim, input.ef, bytes)) : 0) + t * scanVcpuSecondsPerPoint(input.dim);
  const dense = denseAt(indexed / s);
  if (!mv) return dense;
  // A max_sim search's shard costs the dense one's times the multivector factor (its longer query is parsed once, in
  // the request: queryComponents; MULTIVECTOR_SEARCH, fitted with the request taken off, s50), but its pairs term
  // grows with the segment as the candidates it scores do, not as the dense walk (MULTIVECTOR_SEARCH.pairsSizeExponent).
  const f = multivectorSearchTerms(input.dim, mv.innerVectors, mv.queryInnerVectors, mv.pairCost ?? 1, mv.fetchShare ?? 1);
  return dense * (1 + f.fetch) + multivectorPairsUnit(indexed / s, denseAt) * f.pairs;
}

/**
 * The dense search whose multiple a max_sim search's pairs term is, in a segment of `n` points: the dense search's own
 * (`denseAt(n)`) up to MULTIVECTOR_SEARCH.pairsFromPoints, the largest segment the factor was fitted on; beyond, that
 * size's times `(n / pairsFromPoints)^pairsSizeExponent`.
 */
function multivectorPairsUnit(n: number, denseAt: (n: number) => number): number {
  const n0 = MULTIVECTOR_SEARCH.pairsFromPoints;
  return n <= n0 ? denseAt(n) : denseAt(n0) * Math.pow(n / n0, MULTIVECTOR_SEARCH.pairsSizeExponent);
}

/** What a search's walk costs a dimension (QueryCostInput.scoredBytesPerDim), float32's 4 when not given: the one place that default is applied. */
export function scoredBytesOf(input: Pick<QueryCostInput, 'scoredBytesPerDim'>): number {
  return input.scoredBytesPerDim ?? SCORED_BYTES.default;
}

/**
 * One segment's graph search, `w = k · (ef / 128) · [((1 − β) + β · D / 1536) · (n / 1e5)^γ + β · (b − 1) · D / 1536 ·
 * (min(n, 1e5) / 1e5)^γs]`, γ by size (segmentSizeFactor), `b` what the walk costs a dimension over the
 * reference's 1 (SCORED_BYTES, walkBytesPerDim; vcpuSecondsPerShardSearch): up to 100,000 points `((1 − β) + β · b · D / 1536) ·
 * (n / 1e5)^γs`.
 */
export function segmentSearchVcpuSeconds(n: number, dim: number, ef: number, scoredBytesPerDim: number = scoredBytesOf({})): number {
  // The reference's walk grows with the segment (segmentSizeFactor); what the walk reads beyond the reference's bytes
  // grows with it only up to SEARCH_COST.refSegmentPoints (SCORED_BYTES: measured flat from 100,000 to 1M points).
  const reference = searchDimFactor(dim, SCORED_BYTES.reference);
  const beyond = searchDimFactor(dim, scoredBytesPerDim) - reference;
  const walk = reference * segmentSizeFactor(n) + beyond * segmentSizeFactor(Math.min(n, SEARCH_COST.refSegmentPoints));
  return SEARCH_K * (ef / QUERY_REF.ef) * walk;
}

/**
 * A segment's graph search against one of SEARCH_COST.refSegmentPoints points: `(n / 1e5)^γ` from there up, `(n /
 * 1e5)^γs` below (a small graph's search costs nearly what a larger one's does: at ef 128 it walks until its candidates
 * stop improving, whatever the graph's size; SEARCH_COST.smallSizeExponent).
 */
export function segmentSizeFactor(n: number): number {
  const x = Math.max(n, 1) / SEARCH_COST.refSegmentPoints;
  return Math.pow(x, x < 1 ? SEARCH_COST.smallSizeExponent : SEARCH_COST.sizeExponent);
}

/** `(1 − β) + β · b · D / 1536`, b over the reference's bytes a dimension (SCORED_BYTES): the reference run's 1536-d int8 walk is 1. */
function searchDimFactor(dim: number, scoredBytesPerDim: number): number {
  const b = Math.max(0, scoredBytesPerDim) / SCORED_BYTES.reference;
  return 1 - SEARCH_COST.dimShare + (SEARCH_COST.dimShare * b * dim) / QUERY_REF.dim;
}

/**
 * A max_sim search's shard against a dense search's of the same points (MULTIVECTOR_SEARCH):
 * `1 + k_p · (f · A · D / 1536 + k_q · p · (B + C · D / 1536)) / ((1 − β) + β · D / 1536)`, β the dense model's
 * dimension share (SEARCH_COST.dimShare): the dense search's unit is its cost at 1536-d over its dimension factor; on
 * quantized codes `f` the fetched bytes' share (multivectorSearchFetchShare) and `p` the pair's multiple
 * (multivectorSearchPairCost), both 1 on float32 originals. The factor of a segment of up to
 * MULTIVECTOR_SEARCH.pairsFromPoints points; in a larger one the pairs term counts a smaller dense search (shardSearch,
 * multivectorPairsUnit). Its two terms, in the dense search's units: `fetch` = `k_p · f · A · D / 1536 / dsf` and
 * `pairs` = `k_p · k_q · p · (B + C · D / 1536) / dsf`.
 */
function multivectorSearchTerms(dim: number, innerVectors: number, queryInnerVectors: number, pairCost: number, fetchShare: number): { fetch: number; pairs: number } {
  const x = dim / QUERY_REF.dim;
  const { perPointVector: A, perPair: B, perPairDim: C } = MULTIVECTOR_SEARCH;
  const unit = innerVectors / searchDimFactor(dim, SCORED_BYTES.reference);
  return { fetch: unit * fetchShare * A * x, pairs: unit * queryInnerVectors * pairCost * (B + C * x) };
}

/**
 * The bytes of one inner vector a max_sim search fetches, over float32's `4 · D`. On quantized codes the codes' stored
 * size (quantizedVectorSize: int8 `ceil16(D) + 4`, binary its bits in bytes, product one byte a bucket, TurboQuant its
 * bits and 8 bytes), as the candidate's inner vectors are read from the codes and only the top `limit` are rescored on
 * the originals; on originals their stored size, `D · e` (ELEMENT_BYTES: float32 4, float16 2, uint8 1) and a turbo
 * datatype's record extras (turboVectorExtraBytes), so 1 for float32 (measured: MULTIVECTOR_SEARCH.kernels and
 * .originals).
 */
export function multivectorSearchFetchShare(d: WalkedVector & { dim: number }): number {
  const q = d.quantization;
  const D = Math.max(d.dim, 1);
  const bytes = q ? quantizedVectorSize(q, D, true, d.distance).bytesPerVector : D * ELEMENT_BYTES[d.datatype] + turboVectorExtraBytes(d.datatype, D, d.distance);
  return bytes / (ELEMENT_BYTES.float32 * D);
}

/**
 * What one inner pair of a max_sim search costs over a float32 pair's at its dimension, `(B_k + C_k · D / 1536) / (B +
 * C · D / 1536)`: on quantized codes their kind's pair (MULTIVECTOR_SEARCH.kernels), else the originals' datatype's
 * (MULTIVECTOR_SEARCH.originals; a turbo datatype's records are scored by TurboQuant's scorer, so TurboQuant's pair);
 * 1 for float32 originals.
 */
export function multivectorSearchPairCost(d: WalkedVector & { dim: number }): number {
  const q = d.quantization;
  const pair = q ? MULTIVECTOR_SEARCH.kernels[q.kind]
    : d.datatype.startsWith('turbo') ? MULTIVECTOR_SEARCH.kernels.turbo
    : d.datatype === 'float16' ? MULTIVECTOR_SEARCH.originals.float16
    : d.datatype === 'uint8' ? uint8Pair(d.distance)
    : FLOAT32_PAIR;
  const x = Math.max(d.dim, 1) / QUERY_REF.dim;
  return (pair.perPair + pair.perPairDim * x) / (FLOAT32_PAIR.perPair + FLOAT32_PAIR.perPairDim * x);
}

/** uint8 originals' inner pair by the metric (MULTIVECTOR_SEARCH.originals): Cosine's sums the norms, Dot's is the bare product, Euclid's squares the differences, Manhattan's sums their absolute values (one AVX2 instruction a 32 bytes). */
function uint8Pair(distance: WalkedVector['distance']): { perPair: number; perPairDim: number } {
  const o = MULTIVECTOR_SEARCH.originals;
  return distance === 'Cosine' ? o.uint8 : distance === 'Dot' ? o.uint8Dot : distance === 'Euclid' ? o.uint8Euclid : o.uint8Manhattan;
}

/** float32's inner pair of a max_sim search, `B + C · D / 1536` (MULTIVECTOR_SEARCH.perPair and perPairDim), and a multiple of it. */
const FLOAT32_PAIR = { perPair: 0.028, perPairDim: 0.279 } as const;
const timesFloat32Pair = (m: number) => ({ perPair: FLOAT32_PAIR.perPair * m, perPairDim: FLOAT32_PAIR.perPairDim * m });

/**
 * A multivector (max_sim) search scores every candidate by `k_q · k_p` inner similarities (score_max_similarity,
 * qdrant@v1.19.0:lib/segment/src/vector_storage/query_scorer/mod.rs). Its shard costs the dense search's of the same
 * points (every candidate the graph walk visits) plus, a candidate, the fetch of its `k_p` inner vectors from memory
 * (`A`, proportional to D: the point's `k_p · D · 4` bytes read once) and `k_q · k_p` similarities (`B` a pair
 * whatever D, the call and the running max; `C` a pair per dimension, the arithmetic), in units of the dense search
 * (multivectorSearchTerms). The query's `k_q · D` numbers are parsed once, in the request (queryComponents,
 * REQUEST_COST.perDim by API).
 * Measured on the real Qdrant v1.19.0 server, quiet, pinned to one CPU and saturated like the request
 * (test/calibration/mv_search_api.py, data/calibration/multivector-search/v1.19.0-api.json, 2026-12-06): 37 runs of a
 * multivector collection of 3,000-20,000 points in one indexed segment, 64-1024-d, 8-32 inner vectors a point and
 * 1-32 a query, hnsw_ef 128, over REST and over gRPC. A, B and C are the least squares of the relative error of each
 * whole max_sim search against the model's (the request at its API for k_q · D numbers, plus the model's dense shard
 * search at the run's size and dimension times this factor): A 2.09, B 0.028, C 0.279, every run within -7.8% to
 * +8.9%. The dense collection measured beside each (the same points' first vectors) is recorded, not used: at these
 * sizes its graph search varies with the graph drawn (5,000 / 10,000 / 20,000 / 40,000 / 80,000 points of the same
 * draw: 0.27 / 0.38 / 0.62 / 0.26 / 0.29 ms, test/calibration/mv_dense_sizes.py, multivector-search/dense-sizes-v1.19.0.json),
 * so the factor is fitted against the model plans use. At 1536-d
 * an inner pair costs B + C = 0.307 of the dense unit and a point's inner vector A = 2.09: ColBERT's 128-d, 32 a
 * query against 100 a point scores 348 times a dense search of the same points (at up to 20,000 points). Fitted at
 * 64-1024-d and up to 20,000 points; beyond, the fetch term grows as the dense search and the pairs term as
 * `pairsSizeExponent` (s56; until s56 the whole factor grew as the dense search), stated within the plan's range.
 * Until s50 a ratio of whole searches measured over REST one search at a time beside other jobs (s38,
 * mv_search_cost.py, data/calibration/multivector-search/v1.19.0.json; F 0.9, u 0.5): its query's REST parse sat
 * inside the factor, and its max_sim searches cost 0.54-0.94 of this probe's for the same configs (1.23 with a
 * one-vector query, where one search at a time pays more); the s38 probe itself, re-run unchanged on 2026-12-06
 * (v1.19.0-rerun.json), took 6.97 ms where s38 recorded 3.63 (64-d, 16 inner vectors, 16 a query). The likeliest cause
 * is the host (s38's file does not name its CPU): the fetch term `A` is memory traffic (20 MB of inner vectors
 * there), which an L3 larger than this host's 16 MiB keeps in cache; the one config here whose inner vectors fit the
 * cache (10 MB) is the one the fit overstates most, +8.9%. Plans hold multivectors far beyond any cache.
 * The host (s57): v1.19.0-api.json's host reported a 16 MiB L3; the same 36 runs on the Zen 4 host (AVX-512, 32 MiB L3)
 * every probe since s51 used (v1.19.0-api-zen4.json, 2026-12-07) cost 0.71-1.22 times s50's (32-vector queries at
 * 64-d 0.71-0.83), the model -16.2% to +42.2% of them, and a refit there (A 2.46, B 0.0186, C 0.261) leaves its runs
 * -16.4% to +23.4%. The host moves a run by more than either fit's error, so these constants stay s50's, the higher
 * for ColBERT's queries (the Zen 4 refit would price the 1M-point worked example -10.8%); docs/topology.md section 6,
 * "On another host".
 */
export const MULTIVECTOR_SEARCH = {
  perPointVector: 2.09,
  ...FLOAT32_PAIR,
  /**
   * The pairs term's growth with the segment beyond the fit's largest segment, `pairsFromPoints` (20,000 points):
   * `(n / 20,000)^0.05` times the dense search at 20,000, where the fetch term keeps the dense search's growth
   * (segmentSizeFactor: n^0.27 to 100,000 points, n^0.45 beyond). A max_sim search scores its k_q · k_p pairs for every
   * candidate the graph walk scores, and at ef 128 the walk scores about as many candidates in a larger graph (it walks
   * until they stop improving), while the dense walk's growth is its reads' (links and vectors out of cache).
   * Measured on the real v1.19.0 server (s56, test/calibration/mv_search_sizes.py,
   * data/calibration/multivector-search/v1.19.0-sizes.json, 2026-12-07): one segment of 10,000 / 40,000 / 160,000
   * points of 16 inner 64-d vectors (a prefix of one draw, bulk-loaded and built once), pinned and saturated, REST:
   * 32-vector queries 9.77 / 12.74 / 14.64 ms (1.30 and 1.50 times the 10,000-point search), 4-vector queries 2.39 /
   * 3.66 / 5.02 ms (1.53, 2.10); their difference, 28 query vectors' pairs, 7.38 / 9.08 / 9.62 ms (1.23, 1.30: n^0.10
   * over 16 times the points, n^0.03 from 40,000), where the model grew the whole search by 1.41 and 2.19. The exponent
   * 0.05 puts the pairs at 40,000 and 160,000 points +0.2% and +1.6% of their growth from 10,000 (0 would be -2% and
   * -7%). At 128-d (the same probe, 10,000 and 80,000 points): pairs 10.26 / 13.45 ms, 1.31 times, the model -3.0%.
   * s57 added 5,000, 20,000 and 80,000 points at 64-d and 5,000 and 40,000 at 128-d: the model within -1.8% to +5.6% of
   * their pairs' growth (+12.4% at 128-d's 5,000, below the fitted sizes); the whole searches show no trend in the size
   * against the model (32-vector queries +10.6% to +32.1% over it, 4-vector -24.5% to +11.0%), so s56's reading that
   * the walk and fetch grow faster than the dense model came from the 10,000-point segments, the cheapest draws. Not
   * measured beyond 160,000 points, at dimensions other than 64 and 128, or at other inner and query counts; a ColBERT
   * segment holds tens to hundreds of thousands of points, so beyond the measured span this is an extrapolation, on the
   * safe side of a walk whose candidates grow as log n.
   */
  pairsFromPoints: 20_000,
  pairsSizeExponent: 0.05,
  /**
   * An inner pair on quantized codes over a float32 pair (the `k_q · (B + C · x)` term): every pair of a candidate is
   * its own call of the codes' scorer (qdrant@v1.19.0:lib/segment/src/vector_storage/quantized/
   * quantized_multivector_storage/mod.rs score_point), where float32 originals are one loop over two contiguous slices
   * (query_scorer/mod.rs score_max_similarity). Each kind's pair in the factor's units, `perPair + perPairDim · D /
   * 1536` (float32's B and C above), whatever its bits or ratio; the candidate's inner vectors are fetched as their
   * codes (the `A` term times multivectorSearchFetchShare). Measured on the real v1.19.0 server
   * (test/calibration/mv_search_codes.py; data/calibration/multivector-search/v1.19.0-codes.json and
   * v1.19.0-codes-fetch.json, 2026-12-07): the same 10,000 points on float32 originals and on codes in RAM (Qdrant's
   * default rescoring) in one server, pinned and saturated, REST. The model's ratio of the two searches (what a plan
   * computes) is linear in a kind's constants; each is the least squares of its relative error on the kind's runs with
   * ColBERT's 32-vector queries (qsize's default): scalar int8 a line over its 64-, 128- and 256-d runs (1.77 / 1.52 /
   * 1.26 times float32's pair), binary over 1, 1.5 and 2 bits (1.12), TurboQuant over 1, 2 and 4 bits (2.61), product
   * x16's run (3.87). Those eleven runs lie within -13.3% to +13.3% of the model (TurboQuant 2 / 4 bits -13.3% /
   * +13.3%, its three runs 2.40 / 2.66 / 2.04 times float32's search, not in the order of their bits; every other run
   * within -4.7% to +3.0%; the graph drawn moves a run by about 11%: the same float32 points built twice cost 0.89 and
   * 0.92 of each other). Shorter queries are over-stated, the safe side: int8 with 1 / 4 / 8 query vectors +2.1% /
   * +27.3% / +19.4%, 1-bit binary and 4-bit TurboQuant with 4 +31.9% / +38.9% (measured 0.61 / 0.745 / 0.95, 0.503 /
   * 1.023 of float32; with the fetch at float32's bytes and s54's pairs the model said 1.09 / 1.22 / 1.29, 1.04 / 1.22),
   * as the float32 searches of these runs keep more of their cost apart from the pairs than the model's split
   * (MULTIVECTOR_SEARCH's A, B, C) says; product x16 with 4 / 8 +104% / +61% (0.976 / 1.605 measured; s54's model
   * +139% / +74%): a product pair reads a lookup table of 256 floats a bucket for each query vector
   * (lib/quantization/src/encoded_vectors_pq.rs), 1 MiB for 32 query vectors at 128-d x16, a Zen 4 core's L2, 128 KiB
   * for 4: the likely cause, not profiled. Not measured: product x4 (its
   * graph on the server took over 30 minutes to build and was stopped), x8, x32, x64, TurboQuant 1.5 bits and 1.20's
   * 8 bits, dimensions other than int8's, gRPC, more than 10,000 points. The turbo datatypes' records are scored by the
   * same TurboQuant scorer (qdrant@v1.19.0:lib/segment/src/vector_storage/turbo/multi_turbo/
   * appendable_mmap_multi_turbo_vector_storage.rs score_records_max_similarity, `score_precomputed` a pair), so they
   * take TurboQuant's pair: the turbo4 datatype measured 2.046 times float32's search (s56,
   * v1.19.0-datatypes.json), the model +13.1%, as 4-bit codes (2.043, +13.3%); until s56 it took float32's pair and
   * bytes, -51.1%. docs/topology.md section 6, "On quantized codes".
   */
  kernels: {
    scalar: { perPair: 0.062, perPairDim: 0.193 },
    binary: timesFloat32Pair(1.12),
    product: timesFloat32Pair(3.87),
    turbo: timesFloat32Pair(2.61),
  },
  /**
   * An inner pair on float16 or uint8 originals (no codes) over a float32 pair, in the factor's units `perPair +
   * perPairDim · D / 1536`: the same loop over two contiguous slices as float32's (qdrant@v1.19.0:lib/segment/src/
   * vector_storage/query_scorer/mod.rs score_max_similarity), with the datatype's metric a pair: float16 widened to
   * float32 before each multiply (lib/segment/src/spaces/metric_f16/), uint8 at Cosine summing both vectors' norms beside
   * the dot product, as it is not normalized (lib/segment/src/spaces/metric_uint/). Their inner vectors are fetched at
   * their stored bytes (multivectorSearchFetchShare: 2 and 1 a dimension). Measured on the real v1.19.0 server as the
   * codes above (s56, test/calibration/mv_search_codes.py f16 / u8, data/calibration/multivector-search/
   * v1.19.0-datatypes.json, 2026-12-07; a uint8 run gives both collections the same integers 0-255): 10,000 points of
   * 16 inner vectors, 32-vector queries, float16 1.518 / 1.335 / 1.223 times float32's search at 64 / 128 / 256-d (the
   * conversion's fixed share a pair falls with D, as int8's does), uint8 1.522 / 1.571 / 1.530. Each a line, the least
   * squares of the model's ratio's relative error over its three runs: float16 within -1.0% to +1.7%, uint8 within
   * -1.9% to +1.0%. With 4-vector queries (128-d) float16 0.899 and uint8 0.897 of float32, the model +13.4% and +15.1%
   * (the fetch's split, as on codes: the safe side). Until s56 both took float32's pair and bytes: -25.1% (float16) and
   * -36.3% (uint8) at 128-d with 32-vector queries, the unsafe side. `uint8` is Cosine's pair. At the other metrics
   * (s57, the same probe with `:dot` / `:euclid`, data/calibration/multivector-search/v1.19.0-uint8-distances.json,
   * 2026-12-07; both collections at that metric) a pair does not sum the norms: Dot measured 0.912 / 0.744 / 0.665 of
   * float32's search at 64 / 128 / 256-d, `uint8Dot` the least-squares line over the three; Euclid 0.895 / 0.967 /
   * 0.863 (64-d and 256-d s58), `uint8Euclid` float32's form times the least-squares multiple of the three, 0.97 (s57's
   * one run: 1.04); Manhattan (s58, `:manhattan`) 0.845 / 0.543 / 0.481, `uint8Manhattan` the least-squares line over
   * the three, whose dimension term is a twelfth of float32's: its AVX2 kernel sums 32 absolute differences in one
   * instruction (qdrant@v1.19.0 lib/segment/src/spaces/metric_uint/avx2/manhattan.rs `_mm256_sad_epu8`), where Euclid's
   * widens, squares and adds them (avx2/euclid.rs `_mm256_madd_epi16`). Until s58 Manhattan took Euclid's pair, +17%
   * to +96% over these runs. Cosine's line said 1.54 for each (+59% to +222%). The Dot runs' graph is the one uint8
   * integers 0-255 give a bare dot product (every vector in one orthant: the float32 search 3.99 ms at 128-d against
   * Euclid's 17.93), so their split between walk and pairs is not a ColBERT model's; their ratio is the kernels'. Not
   * measured: other point and query sizes.
   */
  originals: {
    float16: { perPair: 0.0513, perPairDim: 0.2857 },
    uint8: { perPair: 0.0435, perPairDim: 0.5264 },
    uint8Dot: { perPair: 0.0318, perPairDim: 0.1200 },
    uint8Euclid: timesFloat32Pair(0.97),
    uint8Manhattan: { perPair: 0.0303, perPairDim: 0.0226 },
  },
  kernelSource: 'data/calibration/multivector-search/v1.19.0-codes.json, v1.19.0-codes-fetch.json, v1.19.0-datatypes.json and v1.19.0-uint8-distances.json (test/calibration/mv_search_codes.py, the real Qdrant v1.19.0 server pinned to one CPU, saturated, 2026-12-07)',
  source: 'data/calibration/multivector-search/v1.19.0-api.json (test/calibration/mv_search_api.py, the real Qdrant v1.19.0 server pinned to one CPU, saturated, 2026-12-06), the pairs\' growth with the segment v1.19.0-sizes.json (test/calibration/mv_search_sizes.py, 2026-12-07)',
} as const;

/**
 * The dense search's fitted constants (vcpuSecondsPerShardSearch; docs/topology.md section 6, where each is worked):
 * - `sizeExponent` γ: measured on the real Qdrant v1.19.0 server (test/calibration/dense_search_cost.py,
 *   data/calibration/dense-search/v1.19.0.json, 2026-12-05: one segment of 3,000-1,000,000 points, REST, ef 128,
 *   the server's CPU per search less the request as those runs, one search at a time and unpinned, paid it: 0.463 ms,
 *   the request of the full-scan fit of 2026-12-01 (data/calibration/full-scan/v1.19.0.json)): 0.35 on uniform 128-d vectors (30k-1M), 0.40 on uniform 768-d
 *   (3k-300k), 0.49 on clustered 768-d (100k-1M), 0.56 on clustered 128-d (10k-1M); their middle, 0.45. It describes
 *   segments of 100,000 points and more.
 * - `smallSizeExponent` γs, below 100,000 points: measured on the same server (s47, test/calibration/segment_paths.py,
 *   data/calibration/segment-throughput/sizes-v1.19.0.json: three runs of standalone 6,250-100,000-point uniform 768-d
 *   collections, pinned to one CPU, one search at a time, less the request): the least squares of ln(ratio to the
 *   100,000-point search) on ln(n / 1e5) is 0.267; every ratio within 25% of n^0.27 (a 25,000-point search 0.72-0.75
 *   of a 100,000-point one, where n^0.45 said 0.54), and 100,000 points in four segments 2.60-2.78 times one segment
 *   against the model's 2.74 (1.6 with 0.45).
 * - `dimShare` β: BENCH's deep-image (9.99M × 96-d, 4 segments of 2.5M: 8.81 ms a search at ef 128) against dbpedia
 *   (1M × 1536-d, 7 segments of 143k: 8.31 ms), the same machine, quantization and ef: with γ 0.45 a 96-d segment
 *   search costs 0.514 of a 1536-d one, so β = (1 − 0.514) / (1 − 96 / 1536) = 0.52.
 * - `low`, `high`: the spread of every measurement around the model (the whole search, request included), which is
 *   the data's more than the machine's: the server's clustered data (256 tight centres) down to 0.34 of it (a search
 *   that converges in a few hops, and barely grows with ef: at ef 256 it costs 1.0-1.3x its ef 64 where the model says
 *   4x; 128-d at ef 256 over gRPC, data/calibration/dense-search/v1.19.0.json), the saturated server's 1,000-point
 *   search 0.36 of it (test/calibration/segment_throughput.py, data/calibration/segment-throughput/v1.19.0.json,
 *   2026-12-05: server pinned to one CPU, 16 searches in flight); up to its uniform 768-d in four segments of
 *   17,000-29,000 points, 4.04 times it at ef 64 (a full scan costs the same in 1, 4 or 8 segments, so no per-segment
 *   setup: data/calibration/segment-throughput/paths-v1.19.0.json, s41), and BENCH's hard datasets 2.6 (gist-960) and
 *   4.2 (glove-100) times it. Saturated, 4 segments of 100,000 points cost 3.4-4.2 times one, where the model says
 *   2.4-2.5. Until s48 the low end was 0.15, for a request the model charged at 0.463 ms a shard (the saturated
 *   1,000-point search was 0.16 of that model); with the request measured at saturation (REQUEST_COST) no measurement
 *   was under 0.33 of the model, and the low end was 0.3. Since s51 a float32 walk is charged its 4 bytes a dimension
 *   (SCORED_BYTES), which the uniform data follow (their 1536-d search 1.27 times the model where it was 3.15) and
 *   the clustered data do not: their 1536-d float32 search at ef 256 is 0.18 of the model (0.30-0.40 at ef 128), the low
 *   end 0.17.
 */
export const SEARCH_COST = {
  sizeExponent: 0.45,
  smallSizeExponent: 0.27,
  dimShare: 0.52,
  refSegmentPoints: 1e5,
  low: 0.17,
  high: 4.5,
  source:
    'data/calibration/dense-search/v1.19.0.json (test/calibration/dense_search_cost.py, the real Qdrant v1.19.0 server, 2026-12-05), below 100,000 points data/calibration/segment-throughput/sizes-v1.19.0.json (segment_paths.py, 2026-12-06), range also data/calibration/segment-throughput/v1.19.0.json (segment_throughput.py, saturated); level and β: qdrant/landing_page static/benchmarks/results-1-100-thread-2024-06-15.json (dbpedia-openai-1M-1536 and deep-image-96 at ef 128), its layout from qdrant/vector-db-benchmark@2ffe5e26 experiments/configurations/qdrant-single-node-sq-rps.json',
} as const;

/**
 * What a graph walk reads of each candidate it scores, bytes a dimension (`b` in vcpuSecondsPerShardSearch): in
 * v1.19.0 a segment with a quantized copy walks its graph on the quantized vectors (rescoring, where on, only the top
 * `limit × oversampling`; qdrant@v1.19.0 lib/segment/src/index/vector_index_search_common.rs `is_quantized_search`,
 * `postprocess_search_result`), else on the originals; a dimension's bytes of that code or datatype
 * (walkBytesPerDim). The dimension term β (SEARCH_COST.dimShare) comes from a run that
 * walked scalar int8 codes (QUERY_REF), 1 byte a dimension: `reference`. A float32 walk reads 4.
 * Measured on the real Qdrant v1.19.0 server (test/calibration/dense_dim_sweep.py,
 * data/calibration/dense-search/scoring-v1.19.0.json, 2026-12-06, AMD EPYC Zen 4 with a 32 MiB L3): one segment of
 * 10,000-1,000,000 uniform points, 128-1536-d, int8 (and 1-bit binary) in RAM, each graph searched twice over gRPC,
 * saturated and pinned: with its quantized vectors and with `quantization.ignore` (the float32 originals), so the same
 * graph and queries. With the request, the shard and its segments' tasks taken off (REQUEST_COST), at 100,000 points
 * the bytes rule predicts every float32 walk from the int8 walk on its own graph within -10.6% to +3.6% (the bytes a
 * dimension that would meet each row: 3.8-4.9, where the rule says 4). Beyond 100,000 points the float32 walk's excess
 * over the int8 walk stops growing (768-d: 1.197 / 1.322 / 1.352 ms at 100,000 / 300,000 / 1M points; 1536-d 2.314 /
 * 2.066 at 100,000 / 300,000) while the int8 walk grows with the graph (n^0.41 at 768-d), and below it the excess grows
 * as γs (30,000 points: 0.67-0.81 of the 100,000-point excess from 384-d up): so the bytes beyond the reference's are
 * charged in proportion up to SEARCH_COST.refSegmentPoints and held there (segmentSearchVcpuSeconds), which gives each
 * larger float32 walk within -3.8% to +4.7% of the measured int8 walk plus that excess. A fit, read as a cause but not
 * profiled: the fetch latency every copy pays grows with the graph, and a longer vector's extra lines stream behind it.
 * At 30,000 points the bytes rule is within -24% to +20%; at 10,000 the int8 codes fit the L3 and a float32 walk costs
 * up to 1.8 times what it says (1,536-d: 4.6 times the int8 walk, the rule 2.56). A 1-bit binary walk costs 0.45-0.69
 * of what the model says at 30,000-300,000 points (its coarse scores settle the walk sooner; kept, on the safe side). What this moves: an unquantized float32 search at 1536-d costs 2.56 times the int8 one at 100,000 points
 * a segment and 1.55 times at 1M; at 768-d 2.05 and 1.37; s50's small dense segments, 1,024-d against 64-d, 3.3-4.1
 * times, now 2.87 (β alone said 1.44). The s39 finding that int8 cost as much as float32 compared an m 32 graph with an
 * m 16 one. Where scoring a candidate does more than read and multiply its bytes (float16, uint8 at Cosine, product
 * and TurboQuant codes) the cost is measured, not the bytes: WALK_KERNEL (s52).
 */
export const SCORED_BYTES = {
  reference: 1,
  default: ELEMENT_BYTES.float32,
  source: 'data/calibration/dense-search/scoring-v1.19.0.json (test/calibration/dense_dim_sweep.py, the real Qdrant v1.19.0 server pinned to one CPU, saturated, 2026-12-06)',
} as const;

/**
 * What scoring one candidate costs a dimension where the kernel does more than read and multiply its bytes, in
 * SCORED_BYTES' unit (a byte of the reference's int8 walk). Measured on the real Qdrant v1.19.0 server by the probe of
 * SCORED_BYTES (s52, data/calibration/dense-search/kernels-v1.19.0.json: each graph searched with its codes and with
 * its originals, so one graph and one set of queries; the cost a dimension that meets each row, `b` in
 * `((1 − β) + β · b · D / 1536)`, from the other mode's bytes):
 * - `float16Conversion`: float16 originals are widened to float32 before each multiply (qdrant@v1.19.0
 *   lib/segment/src/spaces/metric_f16/avx/dot.rs `_mm256_cvtph_ps`), so a float16 walk costs its 2 bytes and the
 *   conversion: measured 1.93 and 1.98 / 2.69 / 4.21 and 4.72 at 768 / 1536 / 384-d (100,000 points, against int8;
 *   two runs at 768 and 384), so 2 + 0.8 = 2.8, range 1.9-4.7 (at 384-d float16 costs nearly float32's walk; not
 *   explained);
 * - `uint8CosineNorms`: uint8 originals are not normalized, so at Cosine the kernel sums both vectors' norms beside the
 *   dot product (lib/segment/src/spaces/metric_uint/avx2/cosine.rs, three madds where Dot has one): measured 2.23 at
 *   768-d, so 1 + 1.2; at Dot 1.05 (the bytes);
 * - `pqLookup`: a product-quantized candidate is scored by one table lookup per bucket, a scalar load each
 *   (lib/quantization/src/encoded_vectors_pq.rs `score_point_sse`), not by its bytes. Fitted at 100,000 points, 768-d
 *   (s59, data/calibration/dense-search/product-v1.19.0.json, against the float32 walk on the same graph, where the
 *   bytes rule holds within -11% to +4%): per lookup 16.4 / 19.2 / 15.6 / 18.1 and 25.3 at x8 / x16 / x32 / x64 (two
 *   runs; a coarse code's few lookups amplify the run's noise), so 17.6, the least-squares value of the five walks, over
 *   the bucket's dimensions (x4 17.6 a dimension, 4.4 times float32's bytes; x16 4.4), each walk within -14.1% to +6.5%
 *   (14.1, s52's fit at 30,000 points, was -20.5% to -5.0% of them). s52's 30,000-point walks (kernels-v1.19.0.json)
 *   cost less a lookup: 15.2 / 14.9 / 12.4 at x4 / x8 / x16, 6.9 at x32 and under the fixed share at x64, so the
 *   model is 14-75% over them. They ran on another host: s52 on a Zen 4 EPYC (family 25, model 17), s59's fit on a
 *   Zen 3 (model 1). The same five 30,000-point specs on the Zen 3 (s60, zen3-v1.19.0.json) cost 17.9 / 15.7 / 14.9 /
 *   17.8 / 26.4 a lookup (x4-x64), as its 100,000-point walks do; their own least-squares value is 16.8, and 17.6
 *   holds each within -15.8% to +12.2%. So the segment size does not move a lookup on one host, and the Zen 4 walks
 *   the coarse codes far faster (x32 0.742 ms against 1.140, x64 0.373 against 0.828, the float32 walks on the same
 *   graphs within 11%); why is not established (the kernel is the same scalar loads on both). At 300,000 points (x32,
 *   one run) the model is 24% over the walk: a lookup costs no more there. Not measured at 1M points;
 * - `turboPerDim`: TurboQuant codes cost their bits / 8 and a per-dimension decoding share: measured 0.21 / 0.46 / 0.73
 *   (1 / 2 / 4 bits) at 100,000 points, 768-d, bits / 8 + 0.085 / 0.21 / 0.23, so + 0.18 (their mean; each walk within
 *   -1.9% to +4.6% at 768-d); the turbo4 datatype, walked on its own records, 0.70 (model 0.68).
 * Two hosts, uniform data, one run a row: float16, uint8 and TurboQuant on a Zen 4 EPYC (AVX-512, not used by these
 * kernels), product codes on a Zen 3 (AVX2). The same spec measured in two sessions three hours apart differs by up to
 * 14% (100,000 × 768-d int8: 1.143 ms in s51, 1.307 in s52; 1.312 on the Zen 3 in s60), so walks are compared only
 * within a row.
 */
export const WALK_KERNEL = {
  float16Conversion: 0.8,
  uint8CosineNorms: 1.2,
  pqLookup: 17.6,
  turboPerDim: 0.18,
  source:
    'data/calibration/dense-search/kernels-v1.19.0.json and product-v1.19.0.json (test/calibration/dense_dim_sweep.py, the real Qdrant v1.19.0 server pinned to one CPU, saturated, 2026-12-06 and 2026-12-07)',
} as const;

/** The facts of a dense vector the walk's cost depends on (a ResolvedDense, src/model/resolve.ts). */
export type WalkedVector = Pick<ResolvedDense, 'datatype' | 'distance' | 'quantization'>;

/**
 * What a graph walk's scoring of one candidate costs a dimension, in SCORED_BYTES' unit: the quantized copy's when the
 * vector has one (v1.19.0 walks the graph on it: lib/segment/src/index/vector_index_search_common.rs
 * `is_quantized_search`), else the originals'. The bytes where the kernel only reads and multiplies them (float32 4,
 * scalar int8 1, uint8 at Dot, Euclid or Manhattan 1, binary bits / 8), measured where it does more (WALK_KERNEL):
 * float16 2 + 0.8, uint8 at Cosine 1 + 1.2, product 17.6 / bucket dimensions, TurboQuant (and the turbo datatypes,
 * whose vectors are TurboQuant records) bits / 8 + 0.18. A vector's fixed extras (offsets, padding, lengths) are per
 * candidate, not per dimension, and sit in the walk's fixed share. float32 costs its 4 bytes at every metric: Dot's,
 * Euclid's and Manhattan's AVX kernels each read 32 floats a step into four accumulators (one FMA; a subtract and an
 * FMA; a subtract, a mask and an add: qdrant@v1.19.0 lib/segment/src/spaces/simple_avx.rs). Measured on the same
 * 100,000 × 768-d data, each metric on its own graph (s59, product-v1.19.0.json), Euclid's shard search cost 0.94 of
 * Cosine's and Manhattan's 0.76 and 0.70 (two runs). Manhattan's kernel does no less than Dot's, so the difference lies
 * in the walk on its graph (the candidates scored were not counted); both keep Cosine's charge, Manhattan on the safe
 * side.
 */
export function walkBytesPerDim(d: WalkedVector): number {
  const q = d.quantization;
  if (q) {
    switch (q.kind) {
      case 'scalar':
        return SCORED_BYTES.reference;
      case 'product':
        return WALK_KERNEL.pqLookup / PQ_BUCKET[q.compression];
      case 'binary':
        return q.bits / 8;
      case 'turbo':
        return q.bits / 8 + WALK_KERNEL.turboPerDim;
    }
  }
  switch (d.datatype) {
    case 'float32':
      return ELEMENT_BYTES.float32;
    case 'float16':
      return ELEMENT_BYTES.float16 + WALK_KERNEL.float16Conversion;
    case 'uint8':
      return ELEMENT_BYTES.uint8 + (d.distance === 'Cosine' ? WALK_KERNEL.uint8CosineNorms : 0);
    case 'turbo4':
    case 'turbo8':
    case 'turbo16':
      // A turbo datatype's stored bits a dimension (ELEMENT_BYTES × 8), walked as TurboQuant codes of those bits.
      return ELEMENT_BYTES[d.datatype] + WALK_KERNEL.turboPerDim;
  }
}

/** Fraction of a node's CPU a search load may use and still hold a p99 goal (queueing grows sharply past it). */
export const CPU_UTILISATION_TARGET = 0.6;

export interface QueryCpu {
  /** vCPU the whole cluster needs for the load at CPU_UTILISATION_TARGET. */
  vcpuNeeded: number;
  /** Low/high bracket: SEARCH_COST.low and .high times vcpuNeeded (x0.17 to x4.5). */
  vcpuLow: number;
  vcpuHigh: number;
  /** Single-search p99 floor (ms): BENCH's single-client p99 scaled by one search's critical path (searchPathVcpuSeconds). */
  p99FloorMs: number;
  /** The sizing formula with numbers substituted (computed on read). */
  readonly formula: string;
}

/**
 * A query load's CPU: every search pays its request once (on the peer that receives it), one call for each shard whose
 * replica is on another peer, and each shard's search (`c`, vcpuSecondsPerShardSearch):
 *
 *   vCPU = qps · (r + m · p + S · c) / CPU_UTILISATION_TARGET
 *
 * `m` (`remoteShards`) the shards a search reaches on other peers: 0 on one peer (placement: remoteShardsPerSearch).
 */
export function queryCpu(qps: number, shardNumber: number, cost: QueryCostInput, remoteShards = 0): QueryCpu {
  // The shard search once: the formula below shows it, and the whole search reuses it.
  const perShard = cost.vcpuSecondsPerShardSearch ?? vcpuSecondsPerShardSearch(cost);
  const vcpuNeeded = (qps * vcpuSecondsPerSearch({ ...cost, vcpuSecondsPerShardSearch: perShard }, shardNumber, remoteShards)) / CPU_UTILISATION_TARGET;
  const r = requestVcpuSeconds(queryComponents(cost), cost.api);
  return {
    vcpuNeeded,
    vcpuLow: vcpuNeeded * SEARCH_COST.low,
    vcpuHigh: vcpuNeeded * SEARCH_COST.high,
    p99FloorMs: (QUERY_REF.p99Ms * searchPathVcpuSeconds(cost)) / REF_PATH_VCPU_SECONDS,
    get formula() {
      return (
        `qps × (r + m × p + shards × c) / ${CPU_UTILISATION_TARGET} = ${fmt(qps)} × (${r.toExponential(3)} + ${fmt(remoteShards)} × ` +
        `${remoteShardVcpuSeconds(cost).toExponential(3)} + ${shardNumber} × ${perShard.toExponential(3)}) / ${CPU_UTILISATION_TARGET}`
      );
    },
  };
}

/**
 * The fixed CPU of a search, vCPU-seconds, measured on the real Qdrant v1.19.0 server at saturation, the way the
 * sizing rule assumes a busy server pays it (test/calibration/request_cost.py, data/calibration/request-cost/v1.19.0.json;
 * the server pinned to one CPU, the client on the other, 16 searches in flight for 15 s; collections of one point, so
 * that nothing is scanned; docs/topology.md section 6, "The request, measured"). Least squares of the relative error
 * over the 31 one-point runs (1-16 shards, 1-8 segments a shard, 1 and 3 peers, 64-3072 dims, REST and gRPC): each
 * within 8.1%, 27 of them within 5%.
 * - `request` + `perDim` × D: once per search, on the peer that receives it: the call, the query's parse, dispatch,
 *   the merge of the shards' top k (one shard of one segment, 64-d: 0.132-0.139 ms). The query vector's parse grows
 *   with its dimension, and by the API (s49): 76.6 ns a component over REST, where the client writes each float32 in
 *   full as JSON ("0.5488135027885437", 19-20 bytes: 32 KB at 1536-d), 9.2 ns over gRPC (4 bytes a component,
 *   `DenseVector`); 768-d: 0.171 ms over REST, 0.119 ms over gRPC. (The s48 runs wrote 3 decimals, "-0.123",
 *   50.3 ns a component: a calibration format, not a client's.)
 * - `shard`: each shard replica the search visits (its segment holder, its top k), before its segments;
 * - `segment`: each segment of that shard (its own search task, even empty: segments_searcher.rs);
 * - `remoteShard` + `remotePerDim` × D: each shard whose replica is on another peer, one internal gRPC call per
 *   shard, the other peer's work on it included (qdrant@v1.19.0 lib/collection/src/shards/remote_shard.rs; a replica
 *   set reads its local replica first, replica_set/execute_read_operation.rs), the query vector in it (19.8 ns a
 *   component, both sides); 3-peer loopback clusters, every peer pinned to the same CPU. A search that came in over
 *   gRPC pays 0.153 ms a remote shard, over REST 0.232 ms: measured (64, 768 and 1536 dims, 2 and 4 remote shards).
 *   The cause, read in qdrant@v1.19.0's source: REST is served on actix's own runtime
 *   (src/actix/mod.rs `init`, `actix_web::rt::System::new().block_on`), gRPC on the general tokio runtime
 *   (src/tonic/mod.rs `init` blocks on the handle src/main.rs takes from the TableOfContent), and a remote shard's
 *   call is awaited where the request is handled (remote_shard.rs takes the search runtime's handle and leaves it
 *   unused, where a local shard's search is spawned on it), so over REST each internal call and its reply cross
 *   between actix's threads and the tokio runtime's. Counted (test/calibration/remote_wakeups.py,
 *   data/calibration/request-cost/remote-wakeups-v1.19.0.json, 2026-12-06, one search at a time): a remote shard adds
 *   10.0 voluntary context switches of the servers' threads behind a REST search and 6.0 behind a gRPC one (on one
 *   peer both switch 7.8-8.5 times a search): 0.079 ms over 4.0 more switches is 20 µs a park and wake-up.
 * Until s48 one constant stood for all of it: FULL_SCAN.a = 0.463 ms per shard, fitted one search at a time on a
 * machine shared with other jobs (load average 3.8 to 24.9, data/calibration/full-scan/v1.19.0.json): 3.5 times the
 * saturated request of a one-shard search, 17.7 times that of a sixteen-shard one. One at a time, quiet and pinned, the
 * same searches cost 1.04-1.7 times their saturated CPU (a server that waits between requests parks and wakes its
 * threads).
 * On other hosts (docs/topology.md section 6, "The request on another host"): the same 42 runs on a Zen 4 EPYC (s58,
 * data/calibration/request-cost/v1.19.0-zen4.json, 2026-12-07; 32 MiB L3, AVX-512) cost 0.85-1.14 times these one-point
 * runs and 0.63-0.72 times the scans: these constants hold its one-point runs within -10.3% to +20.7% and over-state its
 * scans by 35-65%. On a Zen 3 EPYC (s60, v1.19.0-zen3.json, the same day; Milan: family 25, model 1, no AVX-512)
 * they cost 1.14-1.68 times these one-point runs (median 1.35) and 0.92-1.01 times the scans: these constants are under
 * every one-point run there, by 13% to 40%, and hold its scans within -5% to +10%. So s48's host is the dearest for a
 * scan and the middle one for the request; the constants stay s48's (not refitted in s60: a refit on the dearest host
 * moves each term 0.35-2.49 times and, through SEARCH_K, every graph search), and the query-CPU range (SEARCH_COST.low
 * and .high) holds all three hosts. What the request is of a plan's search: 2.6% at 1M x 768-d in one shard, 9% at
 * 100,000 x 384-d, most of it at 1,000 points (docs/topology.md section 6).
 */
export const REQUEST_COST = {
  request: 1.12e-4,
  perDim: { rest: 7.66e-8, grpc: 9.2e-9 } satisfies Record<QueryApi, number>,
  shard: 1.3e-5,
  segment: 6.5e-6,
  remoteShard: { rest: 2.32e-4, grpc: 1.53e-4 } satisfies Record<QueryApi, number>,
  remotePerDim: 1.98e-8,
  source: 'data/calibration/request-cost/v1.19.0.json (test/calibration/request_cost.py, the real Qdrant v1.19.0 server pinned to one CPU, saturated, 2026-12-06)',
} as const;

/** One whole search's CPU, vCPU-seconds: `r + m · p + S · c` (queryCpu), the request and remote calls once, each shard's search. */
export function vcpuSecondsPerSearch(cost: QueryCostInput, shards = 1, remoteShards = 0): number {
  return searchFixedVcpuSeconds(cost, remoteShards) + shards * (cost.vcpuSecondsPerShardSearch ?? vcpuSecondsPerShardSearch(cost));
}

/** The part of a search's CPU paid once, whatever its shards hold: the request and the calls to remote shards (REQUEST_COST). */
export function searchFixedVcpuSeconds(cost: Pick<QueryCostInput, 'dim' | 'api' | 'multivector'>, remoteShards = 0): number {
  return requestVcpuSeconds(queryComponents(cost), cost.api) + Math.max(0, remoteShards) * remoteShardVcpuSeconds(cost);
}

/** The query's components, the numbers a search sends: D, or D × the query's inner vectors for a multivector (max_sim) search. */
export function queryComponents(cost: Pick<QueryCostInput, 'dim' | 'multivector'>): number {
  return Math.max(1, cost.dim) * (cost.multivector?.queryInnerVectors ?? 1);
}

/**
 * The request of one search whose query has `components` numbers (queryComponents: D, or D × k_q for a multivector),
 * `r = r0 + F · f_api` (REQUEST_COST): the server parses the query once, as JSON text over REST or as packed 4-byte
 * floats over gRPC (a max_sim query's inner vectors alike: test/calibration/mv_search_api.py, s50).
 */
export function requestVcpuSeconds(components: number, api: QueryApi = DEFAULT_QUERY_API): number {
  return REQUEST_COST.request + Math.max(1, components) * REQUEST_COST.perDim[api];
}

/**
 * One shard searched on another peer, `p = p_api + F · p_D` (REQUEST_COST): the internal call carries the whole query,
 * F = D components, D × the query's inner vectors for a multivector search.
 */
export function remoteShardVcpuSeconds(cost: Pick<QueryCostInput, 'dim' | 'api' | 'multivector'>): number {
  return REQUEST_COST.remoteShard[cost.api ?? DEFAULT_QUERY_API] + queryComponents(cost) * REQUEST_COST.remotePerDim;
}

/**
 * Shards a search reaches on other peers: a replica set reads its local replica first
 * (qdrant@v1.19.0 lib/collection/src/shards/replica_set/execute_read_operation.rs), so a search entering a peer calls
 * remotely every shard of which that peer holds no replica. The `S · rf` replicas sit on distinct peers, so a peer
 * holds `S · rf / peers` shards on average whatever the placement, and a search entering a peer the Service picked
 * calls `S · (1 − rf / peers)` remote shards on average: 0 on one peer or where every peer holds every shard.
 */
export function remoteShardsPerSearch(shards: number, replicationFactor: number, peers: number): number {
  return shards * Math.max(0, 1 - replicationFactor / Math.max(1, peers));
}

/**
 * A full scan: a shard whose segments are below Qdrant's indexing threshold has no HNSW graph, and every search
 * compares the query with every stored vector (qdrant@v1.19.0 lib/segment/src/index/plain_vector_index.rs).
 * vCPU-seconds per point of `dim` dimensions: `c + b · dim`, measured on the real Qdrant v1.19.0 server at saturation
 * (s48, with REQUEST_COST: test/calibration/request_cost.py, unindexed collections of 1,000-200,000 points, 64-1536
 * dims, the request's and the shard's fixed CPU taken off, the request's with its parse of the query at the run's
 * dimension since s49): least squares of the relative error over the five whose vectors outgrow the 16 MiB L3 cache
 * (25.6-61.4 MB: 64, 128, 768 and 1536 dims), each within 3.8%. Vectors that fit the cache scan faster (2.6 MB of
 * 64-d 19% less, 7.7 MB of 384-d 41% less), which the model leaves on the safe side. `b` is memory bandwidth: hosts
 * with more of it per vCPU scan faster. s48: c 3.78e-8, b 2.52e-10 (the parse not taken off); before s48: c 2.79e-8,
 * b 4.15e-10, fitted one search at a time beside other jobs (b 0.28-0.52 ns across its runs). docs/topology.md,
 * "Full-scan search cost".
 */
export const FULL_SCAN = {
  /** vCPU-seconds per stored vector scanned (id lookup, heap of the top-k). */
  c: 3.81e-8,
  /** vCPU-seconds per stored vector per dimension (the distance itself). */
  b: 2.47e-10,
  source: 'data/calibration/request-cost/v1.19.0.json (test/calibration/request_cost.py, the real Qdrant v1.19.0 server pinned to one CPU, saturated, 2026-12-06)',
} as const;

/** One point scanned: FULL_SCAN's `c + b · dim`. */
export function scanVcpuSecondsPerPoint(dim: number): number {
  return FULL_SCAN.c + FULL_SCAN.b * Math.max(dim, 1);
}

/**
 * `k` of the graph search (vcpuSecondsPerShardSearch), from the reference run, one shard of `s` segments on one peer
 * searched at saturation (100 clients): (1 / rpsPerVcpu − r − h − s · g) / s is `g + w` at its n = 1M / s, 1536-d
 * and ef 128 (QUERY_REF), less `g`. Computed once, here, where REQUEST_COST is defined.
 */
const SEARCH_K =
  (1 / QUERY_REF.rpsPerVcpu - requestVcpuSeconds(QUERY_REF.dim, QUERY_REF.api) - REQUEST_COST.shard - QUERY_REF.segments * REQUEST_COST.segment) /
  QUERY_REF.segments /
  segmentSizeFactor(QUERY_REF.points / QUERY_REF.segments);

/**
 * The reference run's critical path (searchPathVcpuSeconds): the request, its shard and one of its 7 segment searches,
 * which its 8 vCPUs ran side by side, against which its single-client p99 of 4.67 ms scales.
 */
const REF_PATH_VCPU_SECONDS =
  requestVcpuSeconds(QUERY_REF.dim, QUERY_REF.api) +
  REQUEST_COST.shard +
  searchRounds(QUERY_REF.segments, QUERY_REF.vcpus) * (REQUEST_COST.segment + SEARCH_K * segmentSizeFactor(QUERY_REF.points / QUERY_REF.segments));

/** One shard's full scan over `points` vectors of `dim` dimensions in `segments` plain segments: `h + s · g + P · (c + b · D)`. */
export function fullScanVcpuSecondsPerSearch(points: number, dim: number, segments = 1): number {
  return REQUEST_COST.shard + Math.max(1, Math.round(segments)) * REQUEST_COST.segment + Math.max(points, 0) * scanVcpuSecondsPerPoint(dim);
}

/**
 * CPU HNSW build cost, fitted to the builder of qdrant-edge-py 0.7.2 (api 1.18.2-dev: a 1.18 dev build standing in for v1.19.0; not timed on the v1.19.0 server, docs/accuracy.md) building
 * one segment per run on the calibration machine, every build in a fresh process, median of 2-3 runs per config
 * (data/calibration/v1.19.0-build, produced by `test/calibration/graph_sweep_v1_19.py --timing --repeat 3`;
 * clustered 64-centre data, cosine, float32). Core-seconds to build one segment of `n` points:
 *
 *   C(n) = k · n · (ln n / ln 1e5)^α · (D + D0) · (ef_construct / 100)^β · (m / 16)^γ
 *
 * - `(ln n / ln 1e5)^α`: the cost per inserted point grows with the segment (longer greedy searches in a larger
 *   graph, more cache misses): x3.8 per point from 50k to 1M points at 128-d. A power of log n, as HNSW's search
 *   cost is polylogarithmic; it fits the 1M-point run left out of the fit within 10%, where a power of n misses
 *   it by 17% (docs/topology.md §7). Measured from 50k to 1M points per segment, extrapolated beyond.
 * - `D + D0`: distance arithmetic grows with the dimension, D0 is the per-distance work that does not (graph walk,
 *   visited set, heap).
 * - ef_construct and m: the candidate list of each insertion, and the links the heuristic prunes; m hardly matters
 *   (m=8/16/32 within ±15% at 100k × 384), ef_construct grows as its 0.6th power.
 * The machine: one vCPU of the calibration machine (AMD EPYC, 2 vCPU, 32 MiB L3). Cloud vCPUs differ; see
 * CPU_BUILD_RANGE for the spread of the published timings against this model.
 */
export const CPU_BUILD = {
  /** vCPU-seconds per point per (D + D0) in a 100k-point segment at m=16, ef_construct=100. */
  k: 4.65e-7,
  alpha: 5.78,
  dimOffset: 190,
  efExponent: 0.61,
  mExponent: 0.11,
  refSegmentPoints: 1e5,
  /** The segment sizes the fit is measured on; beyond them `(n/1e5)^α` is an extrapolation. */
  measuredSegmentPoints: { min: 5e4, max: 1e6 },
  source: 'data/calibration/v1.19.0-build (qdrant-edge-py 0.7.2, api 1.18.2-dev: a 1.18 dev build, not the v1.19.0 tag, AMD EPYC 2 vCPU, 2026-11-23)',
} as const;

/**
 * Multipliers around the model's build time, from how far the published timings on other machines sit from it
 * (measured / model, each with Qdrant's default segments for its CPUs; docs/topology.md §7 and
 * test/topology/throughput.test.ts): Qdrant's 1.13 blog, 1M × 1536 on 8 and 4 cores, 0.87 and 0.99; the
 * vector-db-benchmark (Azure D8s v3, m=32, int8 quantization, upload overlapping the build) 1.9 to 3.54. Outside the
 * range, and said so: glove-100 (a notoriously hard dataset) 12.7, and a Qdrant Cloud tutorial's 4-vCPU run of
 * 100k points 6.8 (a wall clock that includes the optimizer's wait and merge).
 */
export const CPU_BUILD_RANGE = { low: 0.8, high: 3.6 } as const;

/**
 * Multivector (max_sim) graphs: one distance between two points is a similarity of every inner vector of one with every
 * inner vector of the other (`score_max_similarity`, qdrant@v1.19.0:lib/segment/src/vector_storage/query_scorer/
 * mod.rs), k_a · k_b inner similarities of D dimensions, where a dense distance is one. In the build model's units
 * (CPU_BUILD's `D + D0`) a max_sim distance costs `k̄² · u · D + D0`, k̄ the average inner vectors per point (for
 * independent counts E[k_a · k_b] = k̄²) and `u` the units of one inner pair per dimension.
 * Measured on qdrant-edge-py 0.7.2 (v1.19.0's builder; test/calibration/mv_build_time.py,
 * data/calibration/multivector-build/0.7.2/ and 0.7.2-idle/, 2026-12-04, one segment, m 16, ef_construct 100, Cosine,
 * exactly k inner vectors a point), the build's CPU seconds over the model's dense units at that segment size, less
 * D0, per inner pair and dimension, on four configs run twice (beside other jobs at a load of 1-4, then on the idle
 * machine): 20,000 points × 64-d × 8 inner 2.01 / 2.68, 10,000 × 64-d × 16 2.12 / 2.75, 10,000 × 128-d × 16 1.81 /
 * 2.09, 10,000 × 256-d × 8 1.94 / 1.62. `u` = 2, their median (2.05) rounded: an inner similarity reads its vectors
 * through the multivector storage's offsets, and the candidates' inner vectors are scattered, where a dense distance
 * is one contiguous read. The builds lie at 0.81-1.38x the model (median 1.03), inside CPU_BUILD_RANGE; the two runs
 * of one config differ by up to 30% either way, and the dense builds run beside them moved alike (the machine's speed
 * from run to run, not the load). Smaller segments (3,000 points: 1.9-3.0 a dimension at k 8-32) sit above it, as
 * dense builds of that size do (CPU_BUILD is measured from 50,000 points).
 */
export const MULTIVECTOR_BUILD = {
  unitsPerInnerPairDim: 2,
  source: 'data/calibration/multivector-build/0.7.2 and 0.7.2-idle (test/calibration/mv_build_time.py, qdrant-edge-py 0.7.2 = Qdrant v1.19.0, 2026-12-04)',
  /**
   * An inner pair scored by another kernel than float32's: quantized codes, or float16 / uint8 originals, in CPU_BUILD's
   * units: `fixed + perDim · D` (binary `perDimBit · bits · D`, TurboQuant `perDim[bits] · D`), product codes
   * `perDenseUnit` times the dense build's product distance (BUILD_KERNEL: `pqBucket · B + pqDim · D`, B the buckets).
   * Not the dense build's BUILD_KERNEL times the pair: a max_sim distance scores every
   * inner vector of one point against every one of the other, so its vectors stay in cache and the pair is computed,
   * not read, and each pair is its own call of the codes' scorer (quantized_multivector_storage/mod.rs
   * score_internal_max_similarity: `score_internal` once a pair, with its two vectors' lookups; the search's
   * score_points_batch alike), where float32 originals are scored in one loop over two contiguous slices
   * (query_scorer/mod.rs score_max_similarity). So a pair of int8 codes costs about as much as a float32 pair at 128-d
   * (1.14x), and float16 and uint8 originals more (1.33x and 1.50x), where a dense build scores them at 0.25, 0.7 and
   * 0.55 of float32's. Measured on qdrant-edge-py 0.7.2 (Qdrant v1.19.0's builder; test/calibration/quant_build_time.py
   * n:d:q:kK, data/calibration/quant-build/0.7.2-multivector, 2026-12-07): 10,000 points of exactly K inner vectors,
   * each a draw of the matrix's 256-centre mixture, Cosine, m 16, ef_construct 100, the graph's CPU (m 16 less m 0)
   * over a float32 multivector build's of the same points run back to back, times the float32 pair's `2 · D`; each
   * kernel's constants are the least squares over its builds (64-, 128- and 256-d). See docs/topology.md section 7,
   * "Multivectors on codes".
   */
  kernels: {
    scalar: { fixed: 146, perDim: 1.12 },
    binary: { fixed: 149, perDimBit: 0.2 },
    float16: { fixed: 226, perDim: 0.9 },
    uint8: { fixed: 82, perDim: 2.36 },
    /** Product codes: this many times a dense build distance's units (BUILD_KERNEL's `pqBucket · B + pqDim · D`). */
    product: { perDenseUnit: 5.3 },
    /** TurboQuant: 1.5 bits is 1 bit's kernel over 1.5 times the codes (as BUILD_KERNEL.turbo), 8 bits as 4 (not measured). */
    turbo: { fixed: 326, perDim: { 1: 0.48, 1.5: 0.72, 2: 3.35, 4: 2.36, 8: 2.36 } },
  },
  kernelSource: 'data/calibration/quant-build/0.7.2-multivector (test/calibration/quant_build_time.py n:d:q:kK on qdrant-edge-py 0.7.2 = Qdrant v1.19.0, 2026-12-07)',
} as const;

/**
 * CPU_BUILD's units of one inner pair of a multivector's max_sim distance, by the kernel that scores it
 * (MULTIVECTOR_BUILD): float32 originals `2 · D`, the others MULTIVECTOR_BUILD.kernels. The turbo datatypes (1.20,
 * not in v1.19.0's builder) are priced as TurboQuant codes of their bits (as walkBytesPerDim walks them), 8 and 16 bits
 * as 8.
 */
export function multivectorPairUnits(d: WalkedVector & { dim: number }): number {
  const D = Math.max(d.dim, 1);
  const k = MULTIVECTOR_BUILD.kernels;
  const q = d.quantization;
  if (q) {
    switch (q.kind) {
      case 'scalar':
        return k.scalar.fixed + k.scalar.perDim * D;
      case 'binary':
        return k.binary.fixed + k.binary.perDimBit * q.bits * D;
      case 'product':
        return k.product.perDenseUnit * (BUILD_KERNEL.pqBucket * productCodesOf({ ...d, dim: D })!.buckets + BUILD_KERNEL.pqDim * D);
      case 'turbo':
        return k.turbo.fixed + k.turbo.perDim[q.bits] * D;
    }
  }
  switch (d.datatype) {
    case 'float32':
      return MULTIVECTOR_BUILD.unitsPerInnerPairDim * D;
    case 'float16':
      return k.float16.fixed + k.float16.perDim * D;
    case 'uint8':
      return k.uint8.fixed + k.uint8.perDim * D;
    case 'turbo4':
      return k.turbo.fixed + k.turbo.perDim[4] * D;
    case 'turbo8':
    case 'turbo16':
      return k.turbo.fixed + k.turbo.perDim[8] * D;
  }
}

/**
 * What one distance of the graph build costs a dimension, where its kernel is not the walk's, in CPU_BUILD's units (a
 * float32 dimension is 1). Qdrant builds the graph on the quantized codes when a vector has them
 * (FilteredScorer::new_internal, qdrant@v1.19.0:lib/segment/src/index/hnsw_index/point_scorer.rs, from hnsw/build.rs
 * build_filtered_graph): an insertion's search scores the new point against the stored codes, and the neighbour
 * heuristic compares candidates with each other by the codes' `score_internal` (graph_layers_builder.rs,
 * links_container.rs). For scalar and binary codes both are the walk's kernel (the point's own codes are the query:
 * `encode_internal_vector`), as for unquantized originals (the int8 dot, the XOR-popcount, the float16 and uint8
 * kernels: walkBytesPerDim / 4); two differ, as their codes cannot be made a query (`encode_internal_vector` returns
 * None) and the insertion's search uses the point's original vector against the codes, as a search does:
 * - product codes (lib/quantization/src/encoded_vectors_pq.rs): a lookup table of 256 centres a bucket for every
 *   insertion, then one lookup a bucket a candidate; the heuristic's `score_internal` is the float distance between
 *   the two points' centroids, bucket by bucket, a lookup of two centroid rows and a short loop over its dimensions.
 *   `pqBucket` units a bucket and `pqDim` a dimension;
 * - TurboQuant codes (turboquant/quantization.rs): the query's asymmetric kernel in the search, and in the heuristic
 *   `score_symmetric`, both points' codes against each other by the kernel of their bits (score_1bit_internal for 1
 *   and 1.5 bits, score_2bit_internal, score_4bit_internal, and with the error correction of TQ+ their weighted
 *   variants): `turbo[bits]` a dimension.
 * Measured on qdrant-edge-py 0.7.2 (Qdrant v1.19.0's builder; test/calibration/quant_build_time.py,
 * data/calibration/quant-build/0.7.2/): each spec's graph CPU seconds (its build at m 16 less its build at m 0, which
 * trains and writes the same codes without a graph) over a float32 build's of the same points, run back to back, is
 * `(u · D + 190) / (D + 190)` in CPU_BUILD's form, solved for `u`; and on the real v1.19.0 server the same way
 * (test/calibration/server_graph_maps.py build, data/calibration/engine-identity/server-v1.19.0-quant-build: the
 * server's CPU over each indexing at m 16 and m 0). `pqBucket` and `pqDim` are the least squares (of the relative
 * error) over the 17 product builds of both engines and two data sets. The graph over product codes follows the data:
 * the same 50,000 × 768-d x16 spec cost 2.75x float32 on the matrix's 256-centre points and 4.5x (edge) and 5.1x
 * (server) on the server probe's 64-centre points. See docs/topology.md section 7, "Quantized builds".
 */
export const BUILD_KERNEL = {
  pqBucket: 7.3,
  pqDim: 0.86,
  turbo: { 1: 0.2, 1.5: 0.3, 2: 0.7, 4: 0.38, 8: 0.38 },
  /**
   * Measured over model of every build (0.62-1.57; product codes 0.77-2.17), rounded out: widens CPU_BUILD_RANGE
   * (cpuBuildRange). `productHigh` where a vector has product codes, whose graph cost follows the data most.
   */
  spread: { low: 0.6, high: 1.6, productHigh: 2.2 },
  source:
    'data/calibration/quant-build/0.7.2, 0.7.2-sweep64 and engine-identity/server-v1.19.0-quant-build (test/calibration/quant_build_time.py on qdrant-edge-py 0.7.2 = Qdrant v1.19.0, and server_graph_maps.py build on the real v1.19.0 server, 2026-12-07)',
} as const;

/**
 * What one distance of the graph build costs a dimension, in CPU_BUILD's units (float32 1): BUILD_KERNEL where the
 * build's kernel is not the walk's, else the walk's (walkBytesPerDim) over float32's 4 bytes. For a multivector built
 * on max_sim (`maxSimPairs`, its inner vectors known) the cost of an inner pair over a float32 pair's
 * (multivectorPairUnits over `2 · D`), as cpuBuildCoreSecondsPerPoint prices a max_sim distance as `K²` float32 pairs.
 */
export function buildUnitsPerDim(d: WalkedVector & { dim?: number }, maxSimPairs = false): number {
  if (maxSimPairs && d.dim !== undefined) return multivectorPairUnits({ ...d, dim: d.dim }) / (MULTIVECTOR_BUILD.unitsPerInnerPairDim * Math.max(d.dim, 1));
  const q = d.quantization;
  if (q?.kind === 'product') return BUILD_KERNEL.pqBucket / PQ_BUCKET[q.compression] + BUILD_KERNEL.pqDim;
  if (q?.kind === 'turbo') return BUILD_KERNEL.turbo[q.bits];
  return walkBytesPerDim(d) / SCORED_BYTES.default;
}

/**
 * The stated range of a build time (multipliers of the model): CPU_BUILD_RANGE, the published timings on other machines
 * and data against the float32 model, widened by BUILD_KERNEL.spread when a vector is built with another kernel than
 * float32's or trains product codes, as those kernels are fitted, not derived.
 */
export function cpuBuildRange(vectors: readonly BuiltVector[]): { low: number; high: number } {
  const k = BUILD_KERNEL.spread;
  if (vectors.some((v) => v.codes !== undefined)) return { low: CPU_BUILD_RANGE.low * k.low, high: CPU_BUILD_RANGE.high * k.productHigh };
  if (vectors.some(buildsOnKernel)) return { low: CPU_BUILD_RANGE.low * k.low, high: CPU_BUILD_RANGE.high * k.high };
  return { low: CPU_BUILD_RANGE.low, high: CPU_BUILD_RANGE.high };
}

/** Whether a vector's graph is built with another kernel than float32's (its codes, or narrow originals: BUILD_KERNEL). */
export function buildsOnKernel(v: BuiltVector): boolean {
  return (v.buildUnitsPerDim ?? 1) !== 1 || v.codes !== undefined;
}

/**
 * The codes the optimizer trains and writes for each segment it builds, before the graph (quantized_vectors.rs
 * create): product codes' k-means is the only training that costs a build's order of time (CODES_BUILD); scalar,
 * binary and TurboQuant codes cost 0.1-1.4 CPU seconds per 50,000-point segment at 384 and 768-d
 * (data/calibration/quant-build/0.7.2, `codes_cpu_seconds`), 2-13% of their graph's (TurboQuant 4 bits the most), and
 * are left out: inside BUILD_KERNEL.spread.
 */
export interface ProductCodes {
  /** Buckets of one vector: ceil(D / bucket dimensions) (PQ_BUCKET). */
  buckets: number;
}

/** The product codes of a dense vector, undefined when it has none. */
export function productCodesOf(d: WalkedVector & { dim: number }): ProductCodes | undefined {
  const q = d.quantization;
  return q?.kind === 'product' ? { buckets: Math.ceil(d.dim / PQ_BUCKET[q.compression]) } : undefined;
}

/**
 * CPU seconds of a segment's product codes (encoded_vectors_pq.rs `encode`): k-means of 256 centres on a sample of at
 * most 10,000 vectors, bucket by bucket, up to 100 iterations (KMEANS_SAMPLE_SIZE, KMEANS_MAX_ITERATIONS,
 * find_centroids), which does not grow with the segment, then for every bucket a pass over the points to draw the
 * sample and each point's bucket scored against the 256 centres, which does:
 *
 *   codes(n) = B · fixedPerBucket + D · fixedPerDim + n · (B · perPointBucket + D · perPointDim)    B buckets, D dimensions
 *
 * A bucket's k-means and encoding each pay a cost per bucket (the loop, the sample's copy, the centre table's rows)
 * and one per dimension (the arithmetic). Fitted (least squares of the relative error) to the codes' CPU seconds of 12
 * builds on qdrant-edge-py 0.7.2 (test/calibration/quant_build_time.py: a spec's build at m 0, which trains and writes
 * the codes without a graph, less a float32 build at m 0; 20,000-100,000 points, 384-1536-d, x4-x64), each within -22%
 * to +16%; on the real v1.19.0 server (the indexing at m 0 less float32's) 50,000 × 384-d x16 and 768-d x16 at +1% and
 * -1% of it, 384-d x4 +30%: k-means stops when it converges, so the fixed part moves with the data. At 50,000 × 384-d
 * the codes cost 12 (x64) to 80 (x4) CPU seconds, 1-7 times the float32 graph of the same points.
 */
export const CODES_BUILD = {
  fixedPerBucket: 0.183,
  fixedPerDim: 0.0111,
  perPointBucket: 3.41e-7,
  perPointDim: 1.68e-7,
  source:
    'data/calibration/quant-build/0.7.2 and engine-identity/server-v1.19.0-quant-build (test/calibration/quant_build_time.py on qdrant-edge-py 0.7.2 = Qdrant v1.19.0, and server_graph_maps.py build on the real v1.19.0 server, 2026-12-07)',
} as const;

/**
 * A segment's product codes (CODES_BUILD) shared over its `segmentPoints` points, vCPU-seconds a point; a multivector
 * point encodes each of its `innerVectors`, the dense rule per inner vector (measured: 10,000 points of 8 inner 128-d
 * vectors, x4 30.02 CPU s against 30.06, x16 9.13 against 9.87; five product builds at 0.80-1.23 of it;
 * data/calibration/quant-build/0.7.2-multivector).
 */
export function codesCoreSecondsPerPoint(segmentPoints: number, dim: number, codes: ProductCodes, innerVectors = 1): number {
  const c = CODES_BUILD;
  const n = Math.max(segmentPoints, 1);
  const D = Math.max(dim, 1);
  return (c.fixedPerBucket * codes.buckets + c.fixedPerDim * D) / n + innerVectors * (c.perPointBucket * codes.buckets + c.perPointDim * D);
}

/**
 * A dense vector as its graph build needs it (a DenseVectorShape of src/plan/variants.ts, or a config of a test).
 * `innerVectors` the average inner vectors of a multivector (max_sim) point, undefined for a dense vector
 * (MULTIVECTOR_BUILD); `buildUnitsPerDim` what one of the build's distances costs a dimension in CPU_BUILD's units, a
 * float32 dimension being 1 (buildUnitsPerDim: the quantized codes' or the originals' kernel), 1 when not given; `codes`
 * the product codes the optimizer trains and writes for each segment it builds (CODES_BUILD), none when not given.
 */
export interface BuiltVector {
  dim: number;
  m: number;
  efConstruct: number;
  innerVectors?: number;
  buildUnitsPerDim?: number;
  codes?: ProductCodes;
}

/**
 * vCPU-seconds to insert one point into a segment of `segmentPoints` points, with its share of the segment's product
 * codes (trained and written before the graph is built: codesCoreSecondsPerPoint).
 */
export function cpuBuildCoreSecondsPerPoint(segmentPoints: number, v: BuiltVector): number {
  const b = CPU_BUILD;
  // ln n of a 1-point segment is 0; the smallest segment priced is 2 points.
  const n = Math.max(segmentPoints, 2);
  const D = Math.max(v.dim, 1);
  const dims = v.innerVectors === undefined ? D : v.innerVectors * v.innerVectors * MULTIVECTOR_BUILD.unitsPerInnerPairDim * D;
  const units = dims * (v.buildUnitsPerDim ?? 1);
  const graph =
    b.k *
    Math.pow(Math.log(n) / Math.log(b.refSegmentPoints), b.alpha) *
    (units + b.dimOffset) *
    Math.pow(Math.max(v.efConstruct, 1) / 100, b.efExponent) *
    Math.pow(Math.max(v.m, 1) / 16, b.mExponent);
  return graph + (v.codes ? codesCoreSecondsPerPoint(n, D, v.codes, v.innerVectors) : 0);
}

/**
 * Wall seconds to build the HNSW graphs of `points` vectors, held in segments of `segmentPoints` points, on `vcpu`
 * cores: `points · C(segmentPoints)/segmentPoints / vcpu`. Qdrant runs the segment builds and each build's insertions
 * in parallel, so the cores divide the work (the blog measured 221.9 s on 4 cores and 97.5 s on 8).
 */
export function cpuBuildSeconds(points: number, vcpu: number, v: BuiltVector, segmentPoints: number = points): number {
  return (Math.max(points, 0) * cpuBuildCoreSecondsPerPoint(Math.min(segmentPoints, Math.max(points, 1)), v)) / Math.max(vcpu, 1);
}

/**
 * What one written point costs each replica of its shard, in two parts, each measured on the real Qdrant v1.19.0
 * server at its defaults (one shard, Cosine float32, m 16, ef_construct 100, indexing threshold 10,000 KB; upserts of
 * 500 points over REST with wait=true; the server's own utime + stime from the first upsert until the optimizer is
 * idle, less its idle rate; test/calibration/write_cost.test.ts), 2026-12-04, AMD EPYC, 2 vCPU, the machine otherwise
 * idle (load average under 2). Every replica applies every write of its shard and builds its own graph, so a shard's
 * writes cost this on each of its RF replicas.
 *
 * - `request`: the request itself (HTTP, JSON's floats, the WAL, the appendable segment), which does not grow with the
 *   segment. Measured apart with indexing off (`indexing_threshold: 0`, QSIZE_WRITE_INDEXING=off), two runs each of
 *   128-, 384-, 768- and 1536-d: 1.56e-5 / 2.92e-5, 4.10e-5 / 3.24e-5, 1.22e-4 / 9.67e-5 and 1.85e-4 / 1.35e-4 vCPU-s a
 *   point. The least-squares line is 1.02e-7 a dimension + 1.01e-5 a point (parsing a JSON float dominates), taken
 *   rounded as 1.0e-7 and 1.0e-5; the runs lie at 0.67-1.40x of it. gRPC sends protobuf's packed floats: the same
 *   upserts by qdrant-client over gRPC and REST on one server (test/calibration/write_request_grpc.py,
 *   write-cost-request-grpc.json) cost 8.0e-6 / 2.64e-5 (128-d), 1.48e-5 / 3.86e-5 (384-d), 2.70e-5 / 9.67e-5 (768-d)
 *   and 4.73e-5 / 1.59e-4 (1536-d): gRPC 0.28-0.38x REST. Its own least-squares line (of the relative error) is
 *   2.83e-8 a dimension + 4.32e-6 a point, each run within 3.6% (s49). The expected value
 *   follows the plan's API (`constraints.query.api`, `--api`: REST unless told, DEFAULT_QUERY_API), as the search's
 *   request does (REQUEST_COST); the range, 0.25-1.5x of the API's line (the lowest gRPC run against the REST line,
 *   rounded out), keeps gRPC's cost inside a REST plan's range, since the API is the client's choice.
 * - `builds`: the indexing optimizer's work, a multiple of one graph build of the point at the size of the segment it
 *   ends in (cpuBuildCoreSecondsPerPoint): each segment past the indexing threshold is built, and merges build the
 *   larger segments again. Nine runs with indexing on, each ending in one segment of all the points beside an empty
 *   one, their CPU less the request line, over the build model: 1,000,000 × 32-d 0.97; 100,000 × 768-d 1.05;
 *   50,000 × 384-d 1.08 and 1.15; 100,000 × 128-d 1.18 and 1.11; 300,000 × 128-d 1.18; 30,000 × 768-d 1.48 and 1.31
 *   (its 3,333-point indexing threshold builds the most small segments first). The factor is their median, 1.15; the
 *   range their lowest and highest rounded out, 0.9-1.5 (the server's own builds cost 0.87-0.94x the model on this
 *   machine: data/calibration/engine-identity/server-v1.19.0-build-idle/).
 *
 * Not in the range: an oversubscribed machine. The same configs beside other work (load average 7-10 on the 2 vCPU,
 * write-cost.json, write-cost-run1.json) cost 1.65-2.26x the build model in all, where idle they cost 1.26-1.85x, as
 * the same load raised an idle build's CPU seconds 1.7-2.0x: contention for the caches and cores, not more work. A pod
 * whose CPU request is its limit is not oversubscribed that way.
 */
export const WRITE_COST = {
  request: {
    rest: { vcpuSecondsPerDim: 1.0e-7, vcpuSecondsPerPoint: 1.0e-5 },
    grpc: { vcpuSecondsPerDim: 2.83e-8, vcpuSecondsPerPoint: 4.32e-6 },
    low: 0.25,
    high: 1.5,
  },
  builds: { factor: 1.15, low: 0.9, high: 1.5 },
  source:
    'data/calibration/server-v1.19.0-extra/write-cost-idle.json, write-cost-idle-run2.json, write-cost-1m.json (builds) and write-cost-request.json, write-cost-request-run2.json, write-cost-request-grpc.json (request) (test/calibration/write_cost.test.ts and write_request_grpc.py, the real Qdrant v1.19.0 server, 2026-12-04)',
} as const;


/**
 * vCPU-seconds one written point costs one replica (WRITE_COST): the request once per point over all its vectors'
 * dimensions, by the API the client writes with, and each vector's graph builds in segments of `segmentPoints` points.
 */
export function writeVcpuSecondsPerPoint(
  segmentPoints: number,
  vectors: readonly BuiltVector[],
  at: 'expected' | 'low' | 'high' = 'expected',
  api: QueryApi = DEFAULT_QUERY_API,
): number {
  const { request: r, builds: b } = WRITE_COST;
  const buildFactor = at === 'expected' ? b.factor : b[at];
  const requestFactor = at === 'expected' ? 1 : r[at];
  // A multivector's request carries every inner vector's numbers.
  const dims = vectors.reduce((s, v) => s + v.dim * (v.innerVectors ?? 1), 0);
  const builds = vectors.reduce((s, v) => s + cpuBuildCoreSecondsPerPoint(segmentPoints, v), 0);
  return buildFactor * builds + requestFactor * (r[api].vcpuSecondsPerDim * dims + r[api].vcpuSecondsPerPoint);
}

/**
 * GPU build seconds for 1M × 1536-d (BLOG113): T4 19.1 s, L4 12.4 s, AMD Radeon Pro V520 33.1 s. GPU time barely
 * depends on the host's vCPU (blog draft: 4 vCPU + T4 19.3 s vs 8 vCPU + T4 18.8 s). Cards Qdrant has not published
 * (A10G, L40S, A100, H100) are assumed no faster than an L4: an upper bound on time, not a measurement.
 */
export const GPU_SECONDS_PER_1M_1536: Readonly<Record<string, { seconds: number; source: string }>> = {
  T4: { seconds: 19.1, source: 'https://qdrant.tech/blog/qdrant-1.13.x/ (T4, 1M × 1536)' },
  L4: { seconds: 12.4, source: 'https://qdrant.tech/blog/qdrant-1.13.x/ (L4, 1M × 1536)' },
  V520: { seconds: 33.1, source: 'https://qdrant.tech/blog/qdrant-1.13.x/ (Radeon Pro V520, 1M × 1536)' },
};

const gpuMemo = new Map<string, { seconds: number; source: string; measured: boolean }>();

export function gpuSecondsPer1M1536(gpuModel: string): { seconds: number; source: string; measured: boolean } {
  let hit = gpuMemo.get(gpuModel);
  if (!hit) {
    hit = lookupGpu(gpuModel);
    gpuMemo.set(gpuModel, hit);
  }
  return hit;
}

function lookupGpu(gpuModel: string): { seconds: number; source: string; measured: boolean } {
  const key = Object.keys(GPU_SECONDS_PER_1M_1536).find((k) => gpuModel.toUpperCase().includes(k));
  if (key) return { ...GPU_SECONDS_PER_1M_1536[key]!, measured: true };
  return { seconds: 12.4, source: 'assumed equal to the L4 figure of https://qdrant.tech/blog/qdrant-1.13.x/ (no published Qdrant timing)', measured: false };
}

/** GPU seconds to build `points` vectors: linear in points and dimension from the 1M × 1536 figure. */
export function gpuBuildSeconds(points: number, dim: number, gpuModel: string): number {
  return (gpuSecondsPer1M1536(gpuModel).seconds * (points / 1e6) * dim) / 1536;
}

/** GPUDOC: at most 16 GB (GiB in the docs' own examples: 2.7M × 1536-d float32 ≈ 15.4 GiB) of vectors per iteration. */
export const GPU_ITERATION_LIMIT_BYTES = 16 * 1024 ** 3;
/** VRAM kept free for graph-link buffers and the driver (their size is not published). */
export const GPU_VRAM_HEADROOM = 0.9;

/**
 * Largest `max_segment_size` (KB, Qdrant's unit: 1 KB = 1024 bytes of vector data, "one 256-d float32 vector")
 * whose vectors fit one GPU iteration: `floor(min(16 GiB, 0.9 · VRAM) / 1024)`.
 */
export function gpuMaxSegmentSizeKb(gpuMemoryBytes: number): number {
  return Math.floor(Math.min(GPU_ITERATION_LIMIT_BYTES, GPU_VRAM_HEADROOM * gpuMemoryBytes) / 1024);
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
