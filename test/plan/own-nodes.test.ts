/**
 * Your own nodes (issue 14): `--node NAME=8cpu/64Gi[@PRICE/h|/month][:k3s|:kubeadm]`, `constraints.placement.nodes`.
 * The seed walk-through's cluster (k3s on three Ubuntu 24.04 VMs, "each 4 vCPU / 4 GB RAM / 20 GB disk"; a 384-d
 * Cosine collection with shard_number=6, replication_factor=2, write_consistency_factor=2) planned on those VMs.
 */
import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/plan/index.js';
import { QsizeInputError, QsizeValidationError } from '../../src/errors.js';

const MIB = 1024 ** 2;

/** The walk-through's collection: 5,000 BGE-small (384-d) embeddings, 6 shards × 2 replicas, majority writes. */
const seedWorkload = {
  points: 5000,
  collection: { vectors: { size: 384, distance: 'Cosine' as const }, shard_number: 6, replication_factor: 2, write_consistency_factor: 2 },
};

describe('a plan on your own nodes', () => {
  it("plans the seed walk-through's three 4 vCPU / 4 GiB k3s VMs, every request worked out by hand", () => {
    const r = recommend(seedWorkload, { placement: { nodes: ['vm=4cpu/4Gi@0.05/h:k3s'] } });
    const p = r.plan;
    // The offers are exactly the nodes given.
    expect(p.node).toMatchObject({ cloud: 'custom', instanceType: 'vm', vcpu: 4, memoryBytes: 4096 * MIB, distribution: 'k3s' });
    // k3s defaults: no kube-reserved or system-reserved, and an evictionHard with imagefs.available and
    // nodefs.available only (k3s pkg/daemons/agent: "imagefs.available": "5%", "nodefs.available": "5%"), so no
    // memory.available threshold: allocatable = capacity = 4 × 1024 = 4096 MiB; CPU 4 × 1000 = 4000m.
    expect(p.node.allocatableMemoryBytes).toBe(4096 * MIB);
    expect(p.node.allocatableCpuCores).toBe(4);
    // Scheduling margin on your own node: the kernel's own reservation, 4096/64 = 64 MiB + 16 MiB + 64 MiB swiotlb
    // (above 3 GiB) = 144 MiB (cluster-autoscaler gce_reserved.go CalculateKernelReserved).
    expect(p.node.schedulingMarginBytes).toBe(144 * MIB);
    // Memory request = 4096 − 768 (DaemonSets, the default) − 144 = 3184 MiB; CPU = floor((4 − 0.4) / 0.5) × 0.5 = 3.5.
    expect(p.perPeer.memoryRequestBytes).toBe(3184 * MIB);
    expect(p.perPeer.cpuCores).toBe(3.5);
    // One tolerated failure needs a Raft majority after losing a peer: 2f + 1 = 3 peers; 6 × 2 = 12 replicas, 4 per peer
    // (the walk-through's own placement: "qdrant-0 local: shards [1, 2, 4, 5]" ...).
    expect(p.peers).toBe(3);
    expect(p.shardNumber).toBe(6);
    expect(p.placement.map((x) => x.shards.length)).toEqual([4, 4, 4]);
    // The bill: 3 nodes × 730 h × $0.05 = $109.50; the volumes on your own disks have no price: flagged, not $0.
    const node = p.cost.lineItems.find((l) => l.unit === 'instance-hour');
    expect(node).toMatchObject({ name: 'Node (vm, your price)', quantity: 2190, unitPriceUsd: 0.05, monthlyUsd: 109.5 });
    expect(node?.source).toContain('your --node vm ($0.05/h)');
    const storage = p.cost.lineItems.filter((l) => l.unit === 'GiB-month');
    expect(storage.length).toBeGreaterThan(0);
    for (const l of storage) expect(l).toMatchObject({ missingPrice: true, unitPriceUsd: null });
    expect(p.cost.monthlyUsd).toBe(109.5);
    // No managed control plane on your own nodes; what that leaves out is said.
    expect(p.cost.lineItems.some((l) => l.unit === 'cluster-hour')).toBe(false);
    expect(p.cost.notIncluded.join('\n')).toMatch(/control-plane nodes/);
    expect(p.cost.pricingModel).toBe('own');
    expect(p.cost.models).toBeUndefined();
  });

  it('a node without a price is planned, and every line of its bill is flagged "no price", never $0', () => {
    const r = recommend(seedWorkload, { placement: { nodes: [{ name: 'vm', vcpu: 4, memory: '4Gi', distribution: 'k3s' }] } });
    const lines = r.plan.cost.lineItems;
    expect(r.plan.peers).toBe(3);
    expect(lines.every((l) => l.missingPrice === true && l.unitPriceUsd === null)).toBe(true);
    expect(r.warnings.some((w) => /no price given for your node "vm"/.test(w))).toBe(true);
    expect(r.plan.node.pricePerHourUsd).toBeNull();
  });

  it('a monthly price is a month of 730 h: $36.50/month is $0.05/h, so three nodes cost $109.50', () => {
    const r = recommend(seedWorkload, { placement: { nodes: ['vm=4cpu/4Gi@36.5/month:k3s'] } });
    expect(r.plan.cost.lineItems.find((l) => l.unit === 'instance-hour')?.monthlyUsd).toBe(109.5);
  });

  it('kubeadm keeps the kubelet default eviction of 100 MiB: request 4096 − 100 − 768 − 144 = 3084 MiB', () => {
    const r = recommend(seedWorkload, { placement: { nodes: ['vm=4cpu/4Gi'] } });
    expect(r.plan.node.distribution).toBe('kubeadm');
    expect(r.plan.node.allocatableMemoryBytes).toBe(3996 * MIB);
    expect(r.plan.perPeer.memoryRequestBytes).toBe(3084 * MIB);
  });

  it('picks the cheapest of several own nodes: 3 × small at $0.05/h beats 3 × big at $0.20/h', () => {
    const r = recommend(seedWorkload, { placement: { nodes: ['big=8cpu/16Gi@0.20/h', 'small=4cpu/4Gi@0.05/h'] } });
    expect(r.plan.node.instanceType).toBe('small');
    expect(r.alternatives.some((a) => a.plan.node.instanceType === 'big')).toBe(true);
  });

  it.each([
    [{ placement: { nodes: ['a=4cpu/4Gi@0.05/h', 'b=8cpu/16Gi'] } }, /constraints\.placement\.nodes: got "b", expected a price for every node/],
    [{ placement: { nodes: ['a=4cpu/4Gi'], cloud: 'aws' } }, /constraints\.placement\.cloud: got "aws", expected no cloud with your own nodes/],
    [{ placement: { nodes: ['a=4cpu/4Gi'], region: 'us-east-1' } }, /constraints\.placement\.region/],
    [{ placement: { nodes: ['a=4cpu/4Gi'] }, pricing: '3y' }, /constraints\.pricing: got "3y", expected no commitment or spot pricing/],
    [{ placement: { nodes: ['a=4cpu/4Gi'] }, controlPlane: 'standard' }, /constraints\.controlPlane/],
  ] as const)('refuses what does not apply to your own nodes (%j)', (constraints, message) => {
    expect(() => recommend(seedWorkload, constraints as never)).toThrow(QsizeInputError);
    expect(() => recommend(seedWorkload, constraints as never)).toThrow(message);
  });

  it("holds a volume on your own nodes to 16 TiB, the smallest of the three clouds' default classes (gp3 16, pd-balanced 64, Premium SSD v2 64 TiB)", () => {
    const r = recommend(seedWorkload, { placement: { nodes: ['vm=4cpu/4Gi@0.05/h:k3s'] } });
    const check = r.plan.checks.find((c) => c.id === 'volume-size');
    // The seed collection needs the 10 GiB floor; the limit it is held to is 16 × 1024 GiB = 16.00 TiB.
    expect(check?.detail).toMatch(/→ 10\.00 GiB per peer ≤ the 16\.00 TiB volume limit$/);
  });

  it('refuses a malformed node and two nodes with one name, naming the spec field', () => {
    expect(() => recommend(seedWorkload, { placement: { nodes: ['vm=4cpu'] } })).toThrow(QsizeValidationError);
    expect(() => recommend(seedWorkload, { placement: { nodes: ['vm=4cpu'] } })).toThrow(/constraints\.placement\.nodes\.0: got "vm=4cpu", expected NAME=VCPUcpu/);
    expect(() => recommend(seedWorkload, { placement: { nodes: ['a=4cpu/4Gi', { name: 'a', vcpu: 8, memory: '8Gi' }] } })).toThrow(/"a" is given twice/);
  });
});
