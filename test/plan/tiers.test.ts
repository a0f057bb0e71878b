/**
 * Worked scenarios: the sizing tiers of "Deploy Qdrant on Kubernetes: Production HA Guide (2026)"
 * (https://kubernetes-ae-v2.pages.dev/deploy-qdrant-on-kubernetes-production/), run through the real estimate and
 * the shipped catalogs (AWS us-east-1; the guide prices me-central-1, which the catalogs do not carry).
 * Defaults: replication factor 2, one tolerated failure, 80% RAM ceiling, 110 pods, 768 MiB of DaemonSets.
 * Each test re-derives the peer count by hand from the estimate: the busiest of P peers holds RF/P of the
 * collection (shards are a multiple of P), so P is the smallest count ≥ 3 with
 *   baseline + (RF/P)·(resident − baseline + pageCache) ≤ 0.8 · (allocatable − 768 MiB).
 * The numbers in the comments are today's (Qdrant 1.19.0 model, catalogs of 2026-07-20); docs/topology.md
 * compares them with the guide's table.
 */
import { describe, expect, it } from 'vitest';
import { passesAll, recommend, type PlanConstraintsInput } from '../../src/plan/index.js';
import { allocatableMemoryBytes } from '../../src/pricing/index.js';
import type { Plan } from '../../src/plan/types.js';
import { placeShards } from '../../src/topology/placement.js';
import { peerLoadFactor } from '../../src/model/shard-skew.js';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const int8 = { scalar: { type: 'int8' as const, always_ram: true } };
const pq16 = { product: { compression: 'x16' as const, always_ram: true } };

function handPeers(plan: Plan, rf = 2): number {
  const e = plan.estimate;
  const processBytes = (r: string) => e.lineItems.filter((i) => i.structure === 'process' && i.residency === r).reduce((s, i) => s + i.bytes, 0);
  const baseline = processBytes('ram') + processBytes('cache');
  const data = e.memory.residentBytes + e.memory.pageCacheBytes - baseline;
  const usable =
    allocatableMemoryBytes({ cloud: 'aws', memoryBytes: plan.node.memoryBytes, vcpu: plan.node.vcpu, maxPods: 110, arch: plan.node.arch }).allocatableBytes - 768 * MIB;
  // P peers get S = 2P shards; the sized peer holds 2·RF of them, whose mean size is peerLoadFactor × the mean shard.
  for (let p = 3; ; p++) {
    const skew = Math.max(...placeShards(2 * p, rf, p).map((x) => peerLoadFactor(x.shards, 2 * p)));
    if (baseline + (rf / p) * skew * data <= 0.8 * usable) return p;
  }
}

const aws = (extra: Record<string, unknown> = {}): PlanConstraintsInput => ({ placement: { cloud: 'aws', families: ['r6i'], maxNodes: 200, ...extra } });

describe('production HA guide tiers', () => {
  it('Small (<10M): 10M × 768-d float32 fits 3 × r6i.xlarge, as the guide says', () => {
    // One copy: 29.2 GiB hot page cache (originals 28.6 + graph) + 0.6 GiB resident. Busiest peer: 2/3 of it = 19.9 GiB
    // ≤ 0.8 × 27.3 GiB usable (32 GiB − 7.5% VM overhead − 1465 MiB kube-reserved − 100 MiB eviction − 768 MiB DaemonSets).
    const r = recommend({ points: '10M', collection: { vectors: { size: 768, distance: 'Cosine' } } }, aws());
    expect(r.plan.node.instanceType).toBe('r6i.xlarge');
    expect(r.plan.peers).toBe(3);
    expect(handPeers(r.plan)).toBe(3);
    expect(r.plan.shardNumber).toBe(6);
    expect(r.plan.placement.map((p) => p.shards.length)).toEqual([4, 4, 4]);
    expect(passesAll(r.plan)).toBe(true);
    // 3 × 730 h × $0.252 = $551.88 of nodes, the rest is gp3 and snapshots.
    expect(r.plan.cost.lineItems[0]).toMatchObject({ quantity: 2190, unitPriceUsd: 0.252 });
    expect(r.plan.cost.lineItems[0]!.monthlyUsd).toBeCloseTo(551.88, 2);
  });

  it('Medium (10M-100M with int8): 100M × 768-d needs 3 × r6i.12xlarge with originals in RAM on Qdrant 1.20 and 1.19, 4 × r6i.2xlarge with originals on disk', () => {
    // int8 codes 772 B/vector pinned = 71.9 GiB + id tracker 3.4 GiB ≈ 76.2 GiB resident; originals 286 GiB + graph cached.
    // 4 × r6i.8xlarge (8 shards × RF 2) held on 1.20 with the server-measured shares, 187.616 GiB against the 187.62 GiB
    // the ceiling allows (0.8 × 234.52). With the ring's exact shares of 8 shards (0.982878, 0.921253, 0.779495,
    // 1.081425, 1.062243, 1.094565, 1.104859, 0.973282) peers 2 and 3 hold shards 1, 3, 5, 7, a mean of
    // 4.070525 / 4 = 1.017631 (measured: 1.01495), and the busiest holds 188.1 GiB: over. 3 × r6i.12xlarge is the plan.
    const inRam = recommend({ points: '100M', collection: { vectors: { size: 768, distance: 'Cosine' }, quantization_config: int8 } }, aws());
    expect(inRam.plan.node.instanceType).toBe('r6i.12xlarge');
    expect(inRam.plan.peers).toBe(3);
    expect(handPeers(inRam.plan)).toBe(3);
    const v119 = recommend({ points: '100M', qdrantVersion: '1.19.0', collection: { vectors: { size: 768, distance: 'Cosine' }, quantization_config: int8 } }, aws());
    expect(v119.plan.node.instanceType).toBe('r6i.12xlarge');
    expect(v119.plan.peers).toBe(3);
    expect(handPeers(v119.plan)).toBe(3);
    const on8x = recommend({ points: '100M', qdrantVersion: '1.19.0', collection: { vectors: { size: 768, distance: 'Cosine' }, quantization_config: int8 } }, aws({ instanceType: 'r6i.8xlarge' }));
    expect(on8x.plan.peers).toBe(handPeers(on8x.plan));
    // Originals on disk: busiest peer 2/4 × (76.0 + 5.6) + 0.2 ≈ 41.0 GiB ≤ 0.8 × 56.9 GiB; 3 peers would need 54.6 GiB.
    const onDisk = recommend({ points: '100M', collection: { vectors: { size: 768, distance: 'Cosine', on_disk: true }, quantization_config: int8 } }, aws());
    expect(onDisk.plan.node.instanceType).toBe('r6i.2xlarge');
    expect(onDisk.plan.peers).toBe(4);
    expect(handPeers(onDisk.plan)).toBe(4);
    // The guide's 3 × r6i.2xlarge: RAM fails at 100M.
    const pinned = recommend(
      { points: '60M', collection: { vectors: { size: 768, distance: 'Cosine', on_disk: true }, quantization_config: int8 } },
      aws({ instanceType: 'r6i.2xlarge' }),
    );
    expect(pinned.plan.peers).toBe(3);
  });

  it('Large (100M-1B with PQ): 500M × 1536-d, PQ x16, originals on disk, m=32 fits 6 × r6i.4xlarge; 1B needs more than 6 (11 at this commit)', () => {
    // PQ x16 = 384 B/vector: 500M → 178.8 GiB heap + id tracker 16.9 + visited pool 3.7 ≈ 201.8 GiB; graph 36.2 GiB cached.
    // P = 6: 0.2 + 2/6 × 237.8 = 79.5 GiB ≤ 0.8 × 116.1 = 92.9 GiB; P = 5 would need 95.3 GiB.
    const half = recommend(
      { points: '500M', collection: { vectors: { size: 1536, distance: 'Cosine', on_disk: true, hnsw_config: { m: 32 } }, quantization_config: pq16 } },
      aws({ instanceType: 'r6i.4xlarge' }),
    );
    expect(half.plan.peers).toBe(6);
    expect(handPeers(half.plan)).toBe(6);
    const full = recommend(
      { points: '1B', collection: { vectors: { size: 1536, distance: 'Cosine', on_disk: true, hnsw_config: { m: 32 } }, quantization_config: pq16 } },
      aws({ instanceType: 'r6i.4xlarge' }),
    );
    expect(full.plan.peers).toBe(handPeers(full.plan));
    expect(full.plan.peers).toBeGreaterThan(6);
  });

  it('XL (1B+ with PQ and on_disk): 2B × 1536-d, PQ x16, originals and graph on disk needs more than the guide\'s 9 × r6i.8xlarge (10 at this commit): the busiest of 18-22 uneven shards', () => {
    // 806.5 GiB resident (PQ 715 + id tracker 67.5 + visited pool 14.9 + codebooks 8.6); nothing cached.
    // P = 9: 0.2 + 2/9 × 806.3 = 179.4 GiB ≤ 0.8 × 234.5 = 187.6 GiB; P = 8 would need 201.8 GiB.
    const r = recommend(
      { points: '2B', collection: { vectors: { size: 1536, distance: 'Cosine', on_disk: true, hnsw_config: { m: 32, on_disk: true } }, quantization_config: pq16 } },
      aws({ instanceType: 'r6i.8xlarge' }),
    );
    // The hand derivation must agree exactly. The guide's 9 is too few once shards are uneven: at S = 2P shards the
    // busiest peer's shards run above the mean (20 shards on 10 peers: 1.039, src/model/shard-skew.ts), which the guide's
    // even split ignores.
    expect(r.plan.peers).toBe(handPeers(r.plan));
    expect(r.plan.peers).toBeGreaterThan(9);
    expect(r.plan.shardNumber).toBe(2 * r.plan.peers);
    // Disk (9 peers): 2/9 of 12.1 TiB + a 2 GiB temp segment at 85% fill: ~3.2 TiB per peer (the guide says 4 TB io2).
    expect(r.plan.perPeer.volumeBytes / GIB).toBeGreaterThan(2000);
    expect(r.plan.perPeer.volumeBytes / GIB).toBeLessThan(4096);
  });
});
