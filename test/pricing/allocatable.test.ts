import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GIB,
  MIB,
  allocatableCpuMillicores,
  allocatableMemoryBytes,
  gkeKubeReservedMemoryBytes,
  gceKernelReservedBytes,
  kubeReservedCpuMillicores,
} from '../../src/pricing/allocatable.js';
import { defaultCatalogs } from '../../src/pricing/catalog.js';

/** Smallest and largest node memory the properties range over: 1 GiB .. 32 TiB (u7in-32tb). */
const MIN_NODE_MIB = 1024;
const MAX_NODE_MIB = 32 * 1024 * 1024;
const MAX_PODS = 1000;
const CLOUDS = ['aws', 'gcp', 'azure'] as const;

describe('EKS allocatable memory against Karpenter\'s published table', () => {
  // Hand-worked from the table's columns (memory_mib, max_pods, alloc_memory_mib):
  //   r6i.large:    16384 - ceil(16384*0.075)=1229 -> 15155; - (11*29+255)=574 - 100  = 14481
  //   r6i.16xlarge: 524288 - ceil(39321.6)=39322 -> 484966; - (11*737+255)=8362 - 100 = 476504
  //   r7g.large:    16384 - 64 = 16320; - ceil(1224)=1224 -> 15096; - 574 - 100      = 14422
  //   p5.48xlarge:  2097152 - ceil(157286.4)=157287 -> 1939865; - (11*100+255)=1355 - 100 = 1938410
  const cases = [
    { type: 'r6i.large', memMiB: 16384, pods: 29, arch: 'amd64', expectMiB: 14481 },
    { type: 'r6i.16xlarge', memMiB: 524288, pods: 737, arch: 'amd64', expectMiB: 476504 },
    { type: 'r7g.large', memMiB: 16384, pods: 29, arch: 'arm64', expectMiB: 14422 },
    { type: 'p5.48xlarge', memMiB: 2097152, pods: 100, arch: 'amd64', expectMiB: 1938410 },
  ] as const;

  it.each(cases)('$type: $expectMiB MiB (worked by hand)', ({ type, memMiB, pods, arch, expectMiB }) => {
    const row = defaultCatalogs().k8sAllocatableAws.rows.find((r) => r.instanceType === type);
    expect(row?.allocMemoryMib).toBe(expectMiB);
    const r = allocatableMemoryBytes({ cloud: 'aws', memoryBytes: memMiB * MIB, vcpu: 2, maxPods: pods, arch, daemonsetOverheadBytes: 0 });
    expect(r.allocatableBytes).toBe(expectMiB * MIB);
  });

  it('reproduces alloc_memory_mib for all 85 rows of the table', () => {
    const rows = defaultCatalogs().k8sAllocatableAws.rows;
    expect(rows).toHaveLength(85);
    for (const row of rows) {
      const r = allocatableMemoryBytes({
        cloud: 'aws',
        memoryBytes: row.memoryMib * MIB,
        vcpu: row.vcpu,
        maxPods: row.maxPods,
        arch: row.arch,
        daemonsetOverheadBytes: 0,
      });
      expect(r.allocatableBytes / MIB, row.instanceType).toBe(row.allocMemoryMib);
    }
  });

  it('reproduces alloc_cpu_millicores for all 85 rows (6/1/0.5/0.25 % ladder)', () => {
    // e.g. 64 vCPU: 60 + 10 + 2*5 + 60*2.5 = 230 -> 64000 - 230 = 63770 (table).
    for (const row of defaultCatalogs().k8sAllocatableAws.rows) {
      expect(allocatableCpuMillicores('aws', row.vcpu), row.instanceType).toBe(row.allocCpuMillicores);
    }
  });

  it('explains each term with a formula and a source URL', () => {
    const r = allocatableMemoryBytes({ cloud: 'aws', memoryBytes: 128 * GIB, vcpu: 16, maxPods: 110, daemonsetOverheadBytes: 512 * MIB });
    expect(r.terms.map((t) => t.name)).toEqual([
      'VM memory overhead (Karpenter, 7.5 %)',
      'kube-reserved memory (EKS, 110 pods)',
      'Hard-eviction threshold (memory.available<100Mi)',
      'DaemonSet overhead',
    ]);
    // 131072 - ceil(9830.4)=9831 - (11*110+255)=1465 - 100 - 512 = 119164 MiB
    expect(r.allocatableBytes).toBe(119164 * MIB);
    for (const t of r.terms.slice(0, 3)) expect(t.source).toMatch(/^https:\/\//);
    expect(r.terms[1]?.substituted).toBe('(11 * 110 + 255) = 1465 MiB');
  });

  it('lists the defaults it assumed', () => {
    const r = allocatableMemoryBytes({ cloud: 'aws', memoryBytes: 16 * GIB, vcpu: 2 });
    expect(r.assumptions.join('\n')).toMatch(/maxPods = 110/);
    expect(r.assumptions.join('\n')).toMatch(/DaemonSet overhead = 0/);
    expect(r.assumptions.join('\n')).toMatch(/7\.5 %/);
  });

  it('models kubelet alone when the VM overhead is set to 0', () => {
    const r = allocatableMemoryBytes({ cloud: 'aws', memoryBytes: 16 * GIB, vcpu: 2, maxPods: 29, vmMemoryOverheadFraction: 0 });
    expect(r.allocatableBytes).toBe((16384 - 574 - 100) * MIB);
  });
});

describe('GKE allocatable memory', () => {
  it('150 GiB node: 9.76 GiB ladder + 100 MiB eviction (the calculator’s 140.14 GiB) less the GCE kernel’s 2,480 MiB = 137.72 GiB', () => {
    // 0.25*4 + 0.20*4 + 0.10*8 + 0.06*112 + 0.02*22 = 1 + 0.8 + 0.8 + 6.72 + 0.44 = 9.76 GiB
    expect(gkeKubeReservedMemoryBytes(150 * GIB)).toBeCloseTo(9.76 * GIB, 0);
    // gce_reserved.go: 150 GiB / 64 = 2400 MiB, + 16 MiB, + 64 MiB swiotlb (above 3 GiB) = 2480 MiB.
    expect(gceKernelReservedBytes(150 * GIB)).toBe(2480 * MIB);
    const r = allocatableMemoryBytes({ cloud: 'gcp', memoryBytes: 150 * GIB, vcpu: 20, daemonsetOverheadBytes: 0 });
    expect(r.allocatableBytes / GIB).toBeCloseTo(150 - 9.76 - 100 / 1024 - 2480 / 1024, 6);
    expect((r.allocatableBytes / GIB).toFixed(2)).toBe('137.72');
  });

  it('the GCE kernel reservation: 2 GiB machines keep no swiotlb (32 + 16 MiB), 4 GiB ones do (64 + 16 + 64 MiB)', () => {
    expect(gceKernelReservedBytes(2 * GIB)).toBe(48 * MIB);
    expect(gceKernelReservedBytes(4 * GIB)).toBe(144 * MIB);
  });

  it('n2-highmem-16 (128 GiB): 1 + 0.8 + 0.8 + 6.72 = 9.32 GiB reserved', () => {
    expect(gkeKubeReservedMemoryBytes(128 * GIB)).toBeCloseTo(9.32 * GIB, 0);
  });

  it('under 1 GiB reserves a flat 255 MiB', () => {
    expect(gkeKubeReservedMemoryBytes(512 * MIB)).toBe(255 * MIB);
  });

  it('uses the same CPU ladder as EKS', () => {
    expect([1, 2, 4, 8, 16, 64].map((v) => kubeReservedCpuMillicores('gcp', v))).toEqual([60, 70, 80, 90, 110, 230]);
  });
});

describe('AKS allocatable memory (>= 1.29)', () => {
  it('8 GiB node with 30 pods: 650 MiB kube-reserved + 100 MiB eviction', () => {
    const r = allocatableMemoryBytes({ cloud: 'azure', memoryBytes: 8 * GIB, vcpu: 2, maxPods: 30, daemonsetOverheadBytes: 0 });
    expect(r.allocatableBytes).toBe((8192 - 650 - 100) * MIB);
    // Microsoft's page rounds this to 90.6 % with decimal GB; in binary units it is 90.8 %.
    expect(r.allocatableBytes / r.memoryBytes).toBeCloseTo(0.9084, 4);
  });

  it('caps kube-reserved at 25 % of memory (4 GiB node, 250 pods: min(5050 MiB, 1024 MiB))', () => {
    const r = allocatableMemoryBytes({ cloud: 'azure', memoryBytes: 4 * GIB, vcpu: 2, maxPods: 250, daemonsetOverheadBytes: 0 });
    expect(r.allocatableBytes).toBe((4096 - 1024 - 100) * MIB);
  });

  it('matches the published CPU table at every published point', () => {
    const table: [number, number][] = [[1, 60], [2, 100], [4, 140], [8, 180], [16, 260], [32, 420], [64, 740]];
    for (const [v, m] of table) expect(kubeReservedCpuMillicores('azure', v)).toBe(m);
  });
});

describe('allocatable memory properties', () => {
  const nodeMiB = fc.integer({ min: MIN_NODE_MIB, max: MAX_NODE_MIB });
  const input = fc.record({
    cloud: fc.constantFrom(...CLOUDS),
    memMiB: nodeMiB,
    maxPods: fc.integer({ min: 0, max: MAX_PODS }),
    daemonsetMiB: fc.integer({ min: 0, max: 4096 }),
    arm: fc.boolean(),
  });

  it('allocatable memory never exceeds raw memory and never goes negative', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 0, max: MAX_NODE_MIB }), (i, anyMiB) => {
        for (const memMiB of [i.memMiB, anyMiB]) {
          const r = allocatableMemoryBytes({
            cloud: i.cloud,
            memoryBytes: memMiB * MIB,
            vcpu: 4,
            maxPods: i.maxPods,
            daemonsetOverheadBytes: i.daemonsetMiB * MIB,
            arch: i.arm ? 'arm64' : 'amd64',
          });
          expect(r.allocatableBytes).toBeGreaterThanOrEqual(0);
          expect(r.allocatableBytes).toBeLessThanOrEqual(r.memoryBytes);
          expect(r.reservedBytes + r.allocatableBytes).toBe(r.memoryBytes);
        }
      }),
    );
  });

  it('allocatable grows with raw memory', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 0, max: 64 * 1024 }), (i, extraMiB) => {
        const at = (memMiB: number) =>
          allocatableMemoryBytes({
            cloud: i.cloud,
            memoryBytes: memMiB * MIB,
            vcpu: 4,
            maxPods: i.maxPods,
            daemonsetOverheadBytes: i.daemonsetMiB * MIB,
            arch: i.arm ? 'arm64' : 'amd64',
          }).allocatableBytes;
        expect(at(i.memMiB + extraMiB)).toBeGreaterThanOrEqual(at(i.memMiB));
      }),
      { examples: [[{ cloud: 'aws', memMiB: 1024, maxPods: 0, daemonsetMiB: 0, arm: false }, 1]] },
    );
  });

  it('more pods never leave more allocatable memory', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 0, max: 500 }), (i, morePods) => {
        const at = (pods: number) =>
          allocatableMemoryBytes({ cloud: i.cloud, memoryBytes: i.memMiB * MIB, vcpu: 4, maxPods: pods, daemonsetOverheadBytes: 0 })
            .allocatableBytes;
        expect(at(i.maxPods + morePods)).toBeLessThanOrEqual(at(i.maxPods));
      }),
    );
  });

  it('the terms add up to the reservation unless allocatable is clamped at zero', () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = allocatableMemoryBytes({ cloud: i.cloud, memoryBytes: i.memMiB * MIB, vcpu: 4, maxPods: i.maxPods, daemonsetOverheadBytes: i.daemonsetMiB * MIB });
        const sum = r.terms.reduce((s, t) => s + t.bytes, 0);
        if (r.allocatableBytes > 0) expect(sum).toBe(r.reservedBytes);
        else expect(sum).toBeGreaterThanOrEqual(r.memoryBytes);
      }),
    );
  });
});

describe('worked examples in docs/catalogs.md', () => {
  it('EKS r6i.4xlarge: 118312 MiB with 234 pods, 119676 MiB with 110', () => {
    const at = (maxPods: number) =>
      allocatableMemoryBytes({ cloud: 'aws', memoryBytes: 131072 * MIB, vcpu: 16, maxPods, daemonsetOverheadBytes: 0 }).allocatableBytes / MIB;
    expect(at(234)).toBe(118312);
    expect(at(110)).toBe(119676);
  });

  it('GKE n2-highmem-16: 131072 - 9543.68 - 100 - kernel (2048 + 16 + 64) = 119300.32 MiB', () => {
    const r = allocatableMemoryBytes({ cloud: 'gcp', memoryBytes: 128 * GIB, vcpu: 16, daemonsetOverheadBytes: 0 });
    expect(r.allocatableBytes / MIB).toBeCloseTo(119300.32, 5);
  });

  it('AKS E16s_v5: 128722 MiB with 110 pods, 125922 MiB with 250', () => {
    const at = (maxPods: number) =>
      allocatableMemoryBytes({ cloud: 'azure', memoryBytes: 128 * GIB, vcpu: 16, maxPods, daemonsetOverheadBytes: 0 }).allocatableBytes / MIB;
    expect(at(110)).toBe(128722);
    expect(at(250)).toBe(125922);
  });
});
