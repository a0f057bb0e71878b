import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CPU_BUILD_RANGE,
  cpuBuildCoreSecondsPerPoint,
  cpuBuildSeconds,
  efForRecall,
  gpuBuildSeconds,
  gpuMaxSegmentSizeKb,
  queryCpu,
  vcpuSecondsPerShardSearch,
  remoteShardsPerSearch,
  fullScanVcpuSecondsPerSearch,
  vcpuSecondsPerSearch,
  QUERY_REF,
  SCORED_BYTES,
  SEARCH_COST,
} from '../../src/topology/index.js';
import { peerLoad, volumeBytesFor } from '../../src/topology/fit.js';
import { estimate } from '../../src/index.js';

const GIB = 1024 ** 3;

/** Points per segment Qdrant's defaults give `points` × `dim` float32 vectors on a node with `cpus` CPUs. */
function defaultSegmentPoints(points: number, dim: number, cpus: number, qdrantVersion: string): number {
  return estimate({ points, qdrantVersion, collection: { vectors: { size: dim, distance: 'Cosine' } }, assumptions: { nodeCpus: cpus } }).layout.pointsPerSegment;
}

describe('CPU build time', () => {
  it('works the 1M × 1536 example by hand: 8 segments of 125k points, 112.1 s on 8 vCPU, 224.2 s on 4', () => {
    // Qdrant 1.13 on 8 CPUs: default_segment_number = 8 (clamp(cpus, 2, 8) before 1.15): points arrive in 8 segments
    // of 125k (the build below); the merge optimizer then leaves 7 indexed segments (one stays appendable, as measured
    // on the v1.19.0 server: src/model/layout.ts), 142,857 points each.
    expect(defaultSegmentPoints(1e6, 1536, 8, '1.13.0')).toBeCloseTo(1e6 / 7, 6);
    // 4.65e-7 × (ln 125000 / ln 100000)^5.78 × (1536 + 190) = 4.65e-7 × 1.11737 × 1726 = 8.9677e-4 vCPU-s per point.
    expect(cpuBuildCoreSecondsPerPoint(125_000, { dim: 1536, m: 16, efConstruct: 100 })).toBeCloseTo(8.9677e-4, 7);
    expect(cpuBuildSeconds(1e6, 8, { dim: 1536, m: 16, efConstruct: 100 }, 125_000)).toBeCloseTo(112.1, 1);
    expect(cpuBuildSeconds(1e6, 4, { dim: 1536, m: 16, efConstruct: 100 }, 125_000)).toBeCloseTo(224.2, 1);
  });

  // Published builds (docs/topology.md §7): measured seconds and the HNSW parameters; Qdrant's default segments.
  // Blog: https://qdrant.tech/blog/qdrant-1.13.x/ (m and ef_construct not stated: Qdrant's defaults assumed).
  // Benchmark: qdrant/landing_page static/benchmarks/results-1-100-thread-2024-06-15.json (upload+index − upload).
  const published = [
    { name: 'blog 1M × 1536, 8 CPU', points: 1e6, dim: 1536, m: 16, ef: 100, cpus: 8, seconds: 97.5 },
    { name: 'blog 1M × 1536, 4 CPU', points: 1e6, dim: 1536, m: 16, ef: 100, cpus: 4, seconds: 221.9 },
    { name: 'dbpedia 1M × 1536', points: 1e6, dim: 1536, m: 32, ef: 512, cpus: 8, seconds: 1386.2 - 226.5 },
    { name: 'gist 1M × 960', points: 1e6, dim: 960, m: 32, ef: 128, cpus: 8, seconds: 390.9 - 125.1 },
    { name: 'deep-image 9.99M × 96', points: 9.99e6, dim: 96, m: 32, ef: 128, cpus: 8, seconds: 1501.9 - 264.7 },
  ];
  for (const p of published) {
    it(`places the published ${p.name} build (${p.seconds.toFixed(1)} s) inside the stated range ×${CPU_BUILD_RANGE.low}..×${CPU_BUILD_RANGE.high}`, () => {
      const model = cpuBuildSeconds(p.points, p.cpus, { dim: p.dim, m: p.m, efConstruct: p.ef }, defaultSegmentPoints(p.points, p.dim, p.cpus, '1.13.0'));
      expect(p.seconds / model).toBeGreaterThanOrEqual(CPU_BUILD_RANGE.low);
      expect(p.seconds / model).toBeLessThanOrEqual(CPU_BUILD_RANGE.high);
    });
  }

  it('leaves outside the range only what docs/topology.md names: glove-100 (hard data) and the Cloud tutorial', () => {
    const glove = cpuBuildSeconds(1_183_514, 8, { dim: 100, m: 32, efConstruct: 256 }, defaultSegmentPoints(1_183_514, 100, 8, '1.13.0'));
    expect((639.0 - 53.3) / glove).toBeGreaterThan(CPU_BUILD_RANGE.high);
    const tutorial = cpuBuildSeconds(1e5, 4, { dim: 768, m: 32, efConstruct: 128 }, defaultSegmentPoints(1e5, 768, 4, '1.19.0'));
    expect(66.3 / tutorial).toBeGreaterThan(CPU_BUILD_RANGE.high);
  });

  const shape = fc.record({
    dim: fc.integer({ min: 1, max: 4096 }),
    m: fc.integer({ min: 4, max: 64 }),
    ef: fc.integer({ min: 4, max: 1024 }),
    vcpu: fc.integer({ min: 1, max: 192 }),
    seg: fc.integer({ min: 2, max: 5e7 }),
  });

  it('more points, a larger dimension or a larger ef_construct never build faster', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 1, max: 4 }), ({ dim, m, ef, vcpu, seg }, k) => {
        const t = cpuBuildSeconds(seg * 2, vcpu, { dim, m, efConstruct: ef }, seg);
        return (
          cpuBuildSeconds(seg * 2 * k, vcpu, { dim, m, efConstruct: ef }, seg) >= t &&
          cpuBuildSeconds(seg * 2, vcpu, { dim: dim * k, m: m, efConstruct: ef }, seg) >= t &&
          cpuBuildSeconds(seg * 2, vcpu, { dim: dim, m: m, efConstruct: ef * k }, seg) >= t
        );
      }),
    );
  });

  it('more vCPU never build slower, and the same points in smaller segments never build slower', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 2, max: 16 }), ({ dim, m, ef, vcpu, seg }, k) => {
        const t = cpuBuildSeconds(seg * k, vcpu, { dim, m, efConstruct: ef }, seg * k);
        return cpuBuildSeconds(seg * k, vcpu * k, { dim, m, efConstruct: ef }, seg * k) <= t && cpuBuildSeconds(seg * k, vcpu, { dim, m, efConstruct: ef }, seg) <= t;
      }),
    );
  });

  it('building k segments costs k times one segment (the cores divide the sum)', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 1, max: 64 }), ({ dim, m, ef, vcpu, seg }, k) => {
        const whole = cpuBuildSeconds(seg * k, vcpu, { dim, m, efConstruct: ef }, seg);
        const one = cpuBuildSeconds(seg, vcpu, { dim, m, efConstruct: ef }, seg);
        return Math.abs(whole - k * one) <= 1e-9 * whole;
      }),
    );
  });
});

/** One search's whole CPU, request included. */
const perSearch = vcpuSecondsPerSearch;

describe('query cost', () => {
  // By hand, with docs/topology.md section 6: r = 1.12e-4 + D × 7.66e-8 over REST, + D × 9.2e-9 over gRPC (the request
  // and its parse of the query), h = 1.3e-5 (a shard), g = 6.5e-6 (a segment), p = 2.32e-4 over REST, 1.53e-4 over
  // gRPC, + D × 1.98e-8 (a remote shard), c = 3.81e-8 and b = 2.47e-10 (a scanned point, per point and per point·dim).
  // The benchmark's client searched over gRPC: r = 1.12e-4 + 1536 × 9.2e-9 = 1.261312e-4, and
  // k = (1 / 120.3625 − r − h − 7 g) / 7 / (1e6 / 7 / 1e5)^0.45 = (8.308236e-3 − 1.261312e-4 − 1.3e-5 − 4.55e-5) / 7 /
  // 1.174102 = 1.160515e-3 / 1.174102 = 9.884275e-4.
  // BENCH's runs (vector-db-benchmark's qdrant-single-node-sq-rps) walked scalar int8 codes: 1 byte a dimension.
  const INT8 = { scoredBytesPerDim: SCORED_BYTES.reference };
  it('reproduces the benchmark point: 962.9 RPS on 8 vCPU at ef 128 over 1M × 1536 in 7 segments of 142,857 points', () => {
    // The benchmark's layout: max_segment_size 1,000,000 KB, default_segment_number 2, indexing_threshold 20,000 KB
    // (before v1.15): a merge holds k = ceil(1,024,000,000 / 20,480,000) - 1 = 49 pieces, c = min(1.024e9, 49 ×
    // 20,480,000 = 1.00352e9) = 1.00352e9 B; ceil(1e6 × 6,144 / 1.00352e9) = ceil(6.12245) = 7 = max(2 - 1, 7).
    expect(QUERY_REF.segments).toBe(7);
    expect(8 / perSearch({ ...INT8, dim: 1536, api: 'grpc', ef: 128, pointsPerShard: 1e6, segmentsPerShard: 7 })).toBeCloseTo(962.9, 6);
    // Over REST the same search parses its 1536 components as JSON: 1536 × (7.66e-8 − 9.2e-9) = 1.035e-4 s more, 951.0 RPS.
    expect(8 / perSearch({ ...INT8, dim: 1536, api: 'rest', ef: 128, pointsPerShard: 1e6, segmentsPerShard: 7 })).toBeCloseTo(8 / (8 / 962.9 + 1.035264e-4), 6);
  });

  it('BENCH\'s deep-image run (9.99M × 96-d, 4 segments, 907.8 RPS) within 1% (β is fitted to it), glove-100 and gist-960 inside the range', () => {
    // deep-image: 9.99M × 384 B = 3.836e9 B over 1.00352e9 a segment: 4 segments of 2,497,500 points.
    // w = k × (0.48 + 0.52 × 96 / 1536) × 24.975^0.45 = 9.884275e-4 × 0.5125 × 4.254784 = 2.155342e-3; the search over
    // gRPC r + h + 4 (g + w) = (1.12e-4 + 96 × 9.2e-9) + 1.3e-5 + 4 × 2.161842e-3 = 8.7733e-3 against 8 / 907.8 =
    // 8.8125e-3 (−0.4%).
    const deep = perSearch({ ...INT8, dim: 96, api: 'grpc', ef: 128, pointsPerShard: 9.99e6, segmentsPerShard: 4 });
    expect(deep).toBeCloseTo(8.7733e-3, 6);
    expect(Math.abs(deep / (8 / 907.8) - 1)).toBeLessThan(0.01);
    // glove-100 (1,183,514 × 100-d = 473 MB: one segment), 1,145.6 RPS at ef 128: 6.983 ms, 4.16x the model's
    // (1.12e-4 + 100 × 9.2e-9) + h + g + 9.884275e-4 × 0.513854 × 11.83514^0.45 (3.040381) = 1.677 ms; gist-960 (1M ×
    // 960-d: 4 segments of 250,000), 1,211.7 RPS at ef 64: 6.602 ms, 2.58x the model's (1.12e-4 + 960 × 9.2e-9) + h +
    // 4 (g + 0.5 × 9.884275e-4 × 0.805 × 2.5^0.45 (1.510334)) = 2.563 ms.
    const glove = perSearch({ ...INT8, dim: 100, api: 'grpc', ef: 128, pointsPerShard: 1_183_514, segmentsPerShard: 1 });
    const gist = perSearch({ ...INT8, dim: 960, api: 'grpc', ef: 64, pointsPerShard: 1e6, segmentsPerShard: 4 });
    expect(glove).toBeCloseTo(1.677e-3, 5);
    expect(gist).toBeCloseTo(2.563e-3, 5);
    for (const [model, measured] of [[glove, 8 / 1145.6], [gist, 8 / 1211.7]] as const) {
      expect(measured).toBeGreaterThan(model * SEARCH_COST.low);
      expect(measured).toBeLessThan(model * SEARCH_COST.high);
    }
  });

  it('maps recall targets to the benchmark ef ladder', () => {
    expect([0.95, 0.99, 0.995, 0.998, 0.999, 0.9995].map(efForRecall)).toEqual([64, 128, 128, 256, 512, 1024]);
  });

  it('more queries per second never need fewer vCPU', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e5 }), fc.integer({ min: 0, max: 1e5 }), fc.integer({ min: 1, max: 64 }), (a, b, shards) => {
        const cost = { dim: 768, ef: 128, pointsPerShard: 1e6 };
        return queryCpu(Math.max(a, b), shards, cost).vcpuNeeded >= queryCpu(Math.min(a, b), shards, cost).vcpuNeeded;
      }),
    );
  });

  it('works the 10M × 768-d example: 500 QPS over 6 shards of 3 segments needs 35.60 vCPU at 60% utilisation (float32), 24.04 with scalar int8', () => {
    // n = 1,666,667 / 3 = 555,556 a segment, 5.55556^0.45 = 2.163353. float32 originals, 4 bytes a dimension
    // (SCORED_BYTES): the reference walk grows with n, the 3 bytes beyond it do not above 100,000 points: w = 9.884275e-4
    // × ((0.48 + 0.52 × 0.5) × 2.163353 + 0.52 × 3 × 0.5) = 9.884275e-4 × (1.600881 + 0.78) = 9.884275e-4 × 2.380881 =
    // 2.353328e-3; c = h + 3 (g + w) = 1.3e-5 + 3 × 2.359828e-3 = 7.092485e-3; on one peer over REST, r = 1.12e-4 + 768 ×
    // 7.66e-8 = 1.708288e-4: 500 × (r + 6 c) / 0.6 = 500 × 4.272574e-2 / 0.6 = 35.605 vCPU. Walking int8 codes (1 byte
    // a dimension): w = 9.884275e-4 × (0.48 + 0.52 × 0.5) × 2.163353 = 1.582355e-3, c = 1.3e-5 + 3 × 1.588855e-3 =
    // 4.779565e-3, 500 × (1.708288e-4 + 2.867739e-2) / 0.6 = 24.040 vCPU.
    const cost = { dim: 768, ef: 128, pointsPerShard: 1e7 / 6, segmentsPerShard: 3 };
    const q = queryCpu(500, 6, cost);
    expect(q.vcpuNeeded).toBeCloseTo(35.605, 2);
    expect(q.vcpuLow).toBeCloseTo(q.vcpuNeeded * SEARCH_COST.low);
    expect(q.vcpuHigh).toBeCloseTo(q.vcpuNeeded * SEARCH_COST.high);
    expect(queryCpu(500, 6, { ...cost, scoredBytesPerDim: 1 }).vcpuNeeded).toBeCloseTo(24.040, 2);
  });

  it('the unindexed tail is scanned, the shard paid once and the request once a search: 5,000 points of 64-d all in the tail cost h + 5,000 × (c + b × 64), r more a search', () => {
    // h + 5,000 × (3.81e-8 + 2.47e-10 × 64) = 1.3e-5 + 5,000 × 5.3908e-8 = 2.8254e-4; with the REST request, 1.12e-4 +
    // 64 × 7.66e-8 = 1.169024e-4, 3.994424e-4 (measured on the server: 0.42 ms over REST one search at a time,
    // data/calibration/multivector-search/v1.19.0.json's dense runs 0.40-0.48 ms).
    const cost = { dim: 64, ef: 128, pointsPerShard: 5000, tailPoints: 5000 };
    expect(vcpuSecondsPerShardSearch(cost)).toBeCloseTo(2.8254e-4, 8);
    expect(perSearch(cost)).toBeCloseTo(3.994424e-4, 8);
  });

  it('a search pays its request once and a call for each remote shard: 6 shards at RF 1 on 3 peers reach 4 remotely (measured 1.11 ms, model 1.17)', () => {
    // One point, 6 unindexed shards of one segment, RF 1, 3 peers, over REST: 6 × (1 − 1 / 3) = 4 remote shards; r + 4 p
    // + 6 (h + g + one 64-d point, 5.3908e-8) = (1.12e-4 + 64 × 7.66e-8) + 4 × (2.32e-4 + 64 × 1.98e-8) + 6 × 1.955391e-5
    // = 1.169024e-4 + 9.330688e-4 + 1.173235e-4 = 1.167295e-3 (data/calibration/request-cost/v1.19.0.json, 1:64:6:1:3,
    // written to 3 decimals: 1.1118e-3, +5.0%).
    expect(remoteShardsPerSearch(6, 1, 3)).toBe(4);
    expect(remoteShardsPerSearch(6, 2, 1)).toBe(0);
    expect(remoteShardsPerSearch(14, 2, 7)).toBeCloseTo(10, 12);
    const scan = { dim: 64, ef: 128, pointsPerShard: 1, vcpuSecondsPerShardSearch: fullScanVcpuSecondsPerSearch(1, 64, 1) };
    expect(perSearch(scan, 6, remoteShardsPerSearch(6, 1, 3))).toBeCloseTo(1.167295e-3, 9);
    // Over gRPC each remote call costs 2.32e-4 − 1.53e-4 = 7.9e-5 s less and the parse 64 × (7.66e-8 − 9.2e-9) =
    // 4.3136e-6 s less: 1.167295e-3 − 4 × 7.9e-5 − 4.3136e-6 = 8.469814e-4 (measured over gRPC, 1:64:6:1:3:grpc: 8.164e-4).
    expect(perSearch({ ...scan, api: 'grpc' }, 6, remoteShardsPerSearch(6, 1, 3))).toBeCloseTo(8.469814e-4, 9);
  });

  it('property: a search reaches between 0 and S shards on other peers, none on one peer or when every peer holds every shard, and no fewer on more peers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 512 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 600 }), (S, rf, extra) => {
        const peers = rf + extra - 1;
        const m = remoteShardsPerSearch(S, rf, peers);
        return m >= 0 && m <= S && remoteShardsPerSearch(S, rf, rf) === 0 && remoteShardsPerSearch(S, rf, peers + 1) >= m;
      }),
    );
  });

  it('a shard of more segments costs more: each is searched with the whole ef', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 1e9 }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 16, max: 4096 }), (n, s, dim) => {
        const at = (segments: number) => vcpuSecondsPerShardSearch({ dim, ef: 128, pointsPerShard: n, segmentsPerShard: segments });
        return at(s + 1) > at(s);
      }),
    );
  });
});

describe('GPU', () => {
  it('builds 1M × 1536 in the published 19.1 s on a T4 and 12.4 s on an L4', () => {
    expect(gpuBuildSeconds(1e6, 1536, 'T4')).toBeCloseTo(19.1);
    expect(gpuBuildSeconds(1e6, 1536, 'NVIDIA L4')).toBeCloseTo(12.4);
  });

  it('caps a segment at 16 GiB of vectors per iteration, or 90% of a smaller card', () => {
    expect(gpuMaxSegmentSizeKb(80 * GIB)).toBe(16 * 1024 * 1024);
    expect(gpuMaxSegmentSizeKb(16 * GIB)).toBe(Math.floor((0.9 * 16 * GIB) / 1024));
    // 2.7M × 1536-d float32 (the docs' example) fits a 16 GiB iteration.
    expect(2.7e6 * 1536 * 4).toBeLessThanOrEqual(16 * GIB);
  });
});

describe('node fit', () => {
  it('gives a peer its share of the data and one process baseline (heap and binary page cache)', () => {
    const needs = { points: 1e6, baselineBytes: 200, baselineCacheBytes: 45, dataResidentBytes: 6000, pageCacheBytes: 1200, optimizerPeakBytes: 50, diskBytes: 9000, tempDiskBytes: 100 };
    // 4 of 6 shards: 200 + 4/6·6000 = 4200 resident; 45 + 4/6·1200 = 845 cache; 4/6·9000 = 6000 disk.
    expect(peerLoad(needs, 4, 6)).toEqual({ replicas: 4, residentBytes: 4200, pageCacheBytes: 845, peakBytes: 4250, diskBytes: 6000, peakDiskBytes: 6100 });
    // Shards 10% larger than the mean: share 4·1.1/6: 200 + 4400 = 4600 resident.
    expect(peerLoad(needs, 4, 6, 1.1).residentBytes).toBeCloseTo(4600, 9);
  });

  it('sizes volumes in whole GiB at 85% fill', () => {
    expect(volumeBytesFor({ replicas: 1, residentBytes: 0, pageCacheBytes: 0, peakBytes: 0, diskBytes: 0, peakDiskBytes: 85 * GIB })).toBe(100 * GIB);
    // 85.1 GiB / 0.85 = 100.12 GiB: the next whole GiB.
    expect(volumeBytesFor({ replicas: 1, residentBytes: 0, pageCacheBytes: 0, peakBytes: 0, diskBytes: 0, peakDiskBytes: 85.1 * GIB })).toBe(101 * GIB);
  });

  it("never sizes a volume below the Helm chart's default 10Gi (1 GiB of data at its peak: 1 / 0.85 = 1.18 GiB, so 10)", () => {
    expect(volumeBytesFor({ replicas: 1, residentBytes: 0, pageCacheBytes: 0, peakBytes: 0, diskBytes: 0, peakDiskBytes: GIB })).toBe(10 * GIB);
    // 8.6 GiB / 0.85 = 10.12 GiB: 11, past the floor.
    expect(volumeBytesFor({ replicas: 1, residentBytes: 0, pageCacheBytes: 0, peakBytes: 0, diskBytes: 0, peakDiskBytes: 8.6 * GIB })).toBe(11 * GIB);
  });
});
