/**
 * GPU indexing: Qdrant builds HNSW on the GPU of the peer's own node (gpu.indexing: true,
 * https://qdrant.tech/documentation/guides/running-with-gpu/), its GPU images are Linux x86_64 only, and a batch
 * needs up to 16 GB of VRAM, so the peers must be x86_64 instances with a GPU of ≥ 15 GiB.
 */
import { formatCount } from '../../spec/units.js';
import { gpuSecondsPer1M1536 } from '../../topology/throughput.js';
import { gb, type PlanCheck } from './types.js';

const hours = (s: number) => `${(s / 3600).toFixed(2)} h`;

export const gpuArchitecture: PlanCheck = {
  id: 'gpu-architecture',
  name: () => 'GPU image architecture',
  applies: (e) => e.ctx.gpu,
  severity: () => 'error',
  passes: (e) => e.candidate.offer.arch === 'amd64',
  fixedBy: 'none',
  explain(e) {
    return this.passes(e)
      ? 'amd64 node: the qdrant/qdrant:*-gpu-nvidia / -gpu-amd images run'
      : 'Qdrant GPU images are Linux x86_64 only; arm64 peers cannot index on GPU';
  },
};

export const gpuNode: PlanCheck = {
  id: 'gpu-node',
  name: () => 'GPU indexing node',
  applies: (e) => e.ctx.gpu,
  severity: () => 'error',
  passes: (e) => e.gpu !== undefined,
  fixedBy: 'none',
  explain(e) {
    const o = e.candidate.offer;
    const ix = e.indexing;
    if (!e.gpu || ix.gpuBuildSeconds === undefined) {
      return `${o.instanceType} has no GPU Qdrant can index on (needs an x86_64 instance with a GPU of ≥ 15 GiB): with GPU indexing the peers must be GPU nodes`;
    }
    return (
      `every peer is a ${o.instanceType} and builds its own segments' HNSW on its ${o.gpuModel} (${gb(o.gpuMemoryBytes ?? 0)} VRAM); a full build of the busiest peer's ` +
      `${formatCount(Math.round(ix.pointsOnPeer))} points takes ${hours(ix.gpuBuildSeconds)} on the GPU vs ${hours(ix.cpuBuildSeconds)} on its ${o.vcpu} vCPU ` +
      `(${gpuSecondsPer1M1536(o.gpuModel ?? '').source}); ${e.ctx.c.gpuIndexing.fullRebuildsPerMonth} full rebuild(s)/month + growth ≈ ${hours(ix.gpuMonthlySeconds ?? 0)} of GPU time, ` +
      `no extra cost (the GPU node is the peer, priced all month); max_segment_size ${e.gpu.maxSegmentSizeKb} KB keeps a segment's vectors within the 16 GiB per-iteration limit`
    );
  },
};
