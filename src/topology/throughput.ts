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

/** Reference point: 962.9 RPS on 8 vCPU at ef 128 over 1M × 1536-d (BENCH, precision 0.995), i.e. ~120 RPS per vCPU. */
export const QUERY_REF = { rpsPerVcpu: 962.9 / 8, ef: 128, dim: 1536, points: 1e6, p99Ms: 4.67 } as const;

/**
 * Share of the per-query cost that grows with dimension. Fitted to BENCH: deep-image 10M × 96-d at ef 128 ran 907.8 RPS
 * (113/vCPU) against dbpedia's 120/vCPU, so after the log(N) factor 96-d costs ~0.91 of 1536-d: most of a quantized
 * search's cost is graph traversal, not distance arithmetic.
 */
export const QUERY_DIM_SHARE = 0.095;

export interface QueryCostInput {
  dim: number;
  ef: number;
  /** Points in one shard (each search visits one replica of every shard). */
  pointsPerShard: number;
}

/**
 * vCPU-seconds one search spends in one shard:
 * `c = (1 / rpsRef) · (ef / 128) · ((1 − a) + a · dim / 1536) · log2(max(N_shard, 2)) / log2(1e6)`, a = QUERY_DIM_SHARE.
 * Uncertainty: the two datasets agree within ±10% after fitting, but other data (glove: 91/vCPU at precision 0.956)
 * are 2× harder; treat the result as −50%/+100%.
 */
export function vcpuSecondsPerShardSearch(input: QueryCostInput): number {
  const dimFactor = 1 - QUERY_DIM_SHARE + (QUERY_DIM_SHARE * input.dim) / QUERY_REF.dim;
  const sizeFactor = Math.log2(Math.max(input.pointsPerShard, 2)) / Math.log2(QUERY_REF.points);
  return (1 / QUERY_REF.rpsPerVcpu) * (input.ef / QUERY_REF.ef) * dimFactor * sizeFactor;
}

/** Fraction of a node's CPU a search load may use and still hold a p99 goal (queueing grows sharply past it). */
export const CPU_UTILISATION_TARGET = 0.6;

export interface QueryCpu {
  /** vCPU the whole cluster needs for the load at CPU_UTILISATION_TARGET. */
  vcpuNeeded: number;
  /** Low/high bracket (−50%/+100%). */
  vcpuLow: number;
  vcpuHigh: number;
  /** Single-search p99 floor (ms): BENCH's single-client p99 scaled like the cost. */
  p99FloorMs: number;
  /** The sizing formula with numbers substituted (computed on read). */
  readonly formula: string;
}

export function queryCpu(qps: number, shardNumber: number, cost: QueryCostInput): QueryCpu {
  const perShard = vcpuSecondsPerShardSearch(cost);
  const vcpuNeeded = (qps * shardNumber * perShard) / CPU_UTILISATION_TARGET;
  const rel = perShard * QUERY_REF.rpsPerVcpu;
  return {
    vcpuNeeded,
    vcpuLow: vcpuNeeded * 0.5,
    vcpuHigh: vcpuNeeded * 2,
    p99FloorMs: QUERY_REF.p99Ms * rel,
    get formula() {
      return `qps × shards × c / ${CPU_UTILISATION_TARGET} = ${fmt(qps)} × ${shardNumber} × ${perShard.toExponential(3)} / ${CPU_UTILISATION_TARGET}`;
    },
  };
}

/**
 * CPU HNSW build rate at Qdrant's defaults (m=16, ef_construct=100) for 1536-d: BLOG113 built 1M vectors in 97.5 s
 * on 8 CPU cores, 1282 vectors/s per core.
 */
export const BUILD_REF = { vectorsPerSecondPerVcpu: 1e6 / 97.5 / 8, m: 16, efConstruct: 100, dim: 1536 } as const;

/**
 * Vectors per second per vCPU: `r = 1282 · (16·100)/(m·ef_construct) · (1536/dim)^0.25`.
 * Checked against BENCH (8 vCPU, m=32): dbpedia 1536-d ef_construct 512 predicts 125, measured 108;
 * gist 960-d ef_construct 128 predicts 563, measured 470; deep-image 96-d ef_construct 128 predicts 1002, measured 1010.
 * glove-100 (a hard dataset) runs 2× slower than predicted. Uncertainty: ±2×.
 */
export function cpuBuildRate(dim: number, m: number, efConstruct: number): number {
  const paramFactor = (BUILD_REF.m * BUILD_REF.efConstruct) / (Math.max(m, 1) * Math.max(efConstruct, 1));
  return BUILD_REF.vectorsPerSecondPerVcpu * paramFactor * Math.pow(BUILD_REF.dim / Math.max(dim, 1), 0.25);
}

/** Seconds to build the HNSW graphs of `points` vectors using `vcpu` cores. */
export function cpuBuildSeconds(points: number, vcpu: number, dim: number, m: number, efConstruct: number): number {
  return points / (cpuBuildRate(dim, m, efConstruct) * Math.max(vcpu, 1));
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
