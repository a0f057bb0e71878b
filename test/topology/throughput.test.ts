import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cpuBuildRate,
  efForRecall,
  gpuBuildSeconds,
  gpuMaxSegmentSizeKb,
  queryCpu,
  vcpuSecondsPerShardSearch,
} from '../../src/topology/index.js';
import { kubeReservedCpuCores, needsAt, peerLoad, volumeBytesFor } from '../../src/topology/fit.js';

const GIB = 1024 ** 3;

describe('CPU build rate', () => {
  it('reproduces the Qdrant 1.13 blog point: 1M × 1536 at defaults in 97.5 s on 8 cores', () => {
    expect(1e6 / (cpuBuildRate(1536, 16, 100) * 8)).toBeCloseTo(97.5, 6);
  });

  it('lands within 25% of the published vector-db-benchmark build rates (m=32, 8 vCPU)', () => {
    // dbpedia 1536-d ef_construct 512: 862 vectors/s; gist 960-d ef_construct 128: 3762; deep-image 96-d ef_construct 128: 8076.
    for (const [dim, ef, measured] of [[1536, 512, 862], [960, 128, 3762], [96, 128, 8076]] as const) {
      const predicted = cpuBuildRate(dim, 32, ef) * 8;
      expect(Math.abs(predicted / measured - 1)).toBeLessThan(0.25);
    }
  });
});

describe('query cost', () => {
  it('reproduces the benchmark point: 962.9 RPS on 8 vCPU at ef 128 over 1M × 1536', () => {
    expect(8 / vcpuSecondsPerShardSearch({ dim: 1536, ef: 128, pointsPerShard: 1e6 })).toBeCloseTo(962.9, 6);
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

  it('works the 10M × 768-d example: 500 QPS over 6 shards needs 41 vCPU at 60% utilisation', () => {
    const q = queryCpu(500, 6, { dim: 768, ef: 128, pointsPerShard: 1e7 / 6 });
    expect(q.vcpuNeeded).toBeCloseTo(41.03, 2);
    expect(q.vcpuLow).toBeCloseTo(q.vcpuNeeded / 2);
    expect(q.vcpuHigh).toBeCloseTo(q.vcpuNeeded * 2);
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
  it('reserves the EKS/GKE kube-reserved CPU ladder: 1c 60m, 2c 70m, 4c 80m, 8c 90m, 16c 110m, 64c 230m', () => {
    expect([1, 2, 4, 8, 16, 64].map((c) => Math.round(kubeReservedCpuCores(c) * 1000))).toEqual([60, 70, 80, 90, 110, 230]);
  });

  it('gives a peer its share of the data and one process baseline', () => {
    const needs = { points: 1e6, baselineBytes: 200, dataResidentBytes: 6000, pageCacheBytes: 1200, optimizerPeakBytes: 50, diskBytes: 9000, tempDiskBytes: 100 };
    expect(peerLoad(needs, 4, 6)).toEqual({ replicas: 4, residentBytes: 4200, pageCacheBytes: 800, peakBytes: 4250, diskBytes: 6000, peakDiskBytes: 6100 });
    expect(needsAt(needs, { ...needs, points: 2e6, dataResidentBytes: 12000 }, 1.5e6).dataResidentBytes).toBe(9000);
  });

  it('sizes volumes in whole GiB at 85% fill', () => {
    expect(volumeBytesFor({ replicas: 1, residentBytes: 0, pageCacheBytes: 0, peakBytes: 0, diskBytes: 0, peakDiskBytes: 85 * GIB })).toBe(100 * GIB);
  });
});
