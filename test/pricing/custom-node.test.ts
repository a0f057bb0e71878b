import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QsizeInputError } from '../../src/errors.js';
import { customNodeSchema, parseNodeSpec, parseNodeSpecs } from '../../src/spec/custom-node.js';
import { selfManagedAllocatable } from '../../src/pricing/allocatable.js';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

describe('--node NAME=8cpu/64Gi[@PRICE/h|/month]', () => {
  it('reads a node without a price', () => {
    expect(parseNodeSpec('onprem=8cpu/64Gi')).toEqual({ name: 'onprem', vcpu: 8, memoryBytes: 64 * GIB, usdPerHour: null, priceBasis: null, priceAmountUsd: null, distribution: 'kubeadm' });
  });

  it('reads an hourly and a monthly price (a month is 730 h: $292/month = $0.40/h)', () => {
    expect(parseNodeSpec('vm=4cpu/4Gi@0.05/h:k3s')).toMatchObject({ vcpu: 4, memoryBytes: 4 * GIB, usdPerHour: 0.05, priceBasis: 'hour', distribution: 'k3s' });
    expect(parseNodeSpec('sov=16vcpu/128GiB@292/month').usdPerHour).toBeCloseTo(0.4, 12);
  });

  it.each([
    ['onprem', /--node: got "onprem", expected NAME=VCPUcpu\/MEMORY/],
    ['Big=8cpu/64Gi', /name "Big" must be a DNS label/],
    ['n=0cpu/64Gi', /vCPU "0cpu" must be a whole number from 1 to 1024/],
    ['n=8cpu/64Qi', /memory "64Qi" must be a size from 256Mi to 64Ti/],
    ['n=8cpu/64Gi@-1/h', /expected NAME=VCPUcpu/],
    ['n=8cpu/64Gi@abc/h', /price "abc" must be a positive number of US dollars/],
    ['n=8cpu/64Gi@1/day', /price unit "\/day" must be \/h or \/month/],
    ['n=8cpu/64Gi:rke2', /distribution ":rke2" must be :kubeadm or :k3s/],
  ])('refuses %s with a message naming the flag, the value and what was expected', (value, message) => {
    expect(() => parseNodeSpec(value)).toThrow(QsizeInputError);
    expect(() => parseNodeSpec(value)).toThrow(message);
  });

  it('refuses two nodes with one name', () => {
    expect(() => parseNodeSpecs(['a=2cpu/4Gi', 'a=4cpu/8Gi'])).toThrow(/expected a different NAME for each --node/);
  });

  it('the spec form gives the same node as the flag form', () => {
    expect(customNodeSchema.parse({ name: 'vm', vcpu: 4, memory: '4Gi', pricePerHour: 0.05, distribution: 'k3s' })).toEqual(parseNodeSpec('vm=4cpu/4Gi@0.05/h:k3s'));
    expect(customNodeSchema.safeParse({ name: 'vm', vcpu: 4, memory: '4Gi', pricePerHour: 1, pricePerMonth: 730 }).success).toBe(false);
  });

  it('a parsed node always has a positive size and a finite, non-negative price', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1024 }), fc.integer({ min: 1, max: 4096 }), fc.double({ min: 0.001, max: 9999, noNaN: true }), (cpu, gi, price) => {
        const n = parseNodeSpec(`n=${cpu}cpu/${gi}Gi@${price.toFixed(3)}/h`);
        expect(n.vcpu).toBe(cpu);
        expect(n.memoryBytes).toBe(gi * GIB);
        expect(Number.isFinite(n.usdPerHour) && (n.usdPerHour ?? -1) >= 0).toBe(true);
      }),
    );
  });
});

describe('allocatable on self-managed nodes (kubelet defaults)', () => {
  it('a 4 vCPU / 4 GiB k3s node: nothing reserved, no memory eviction threshold: 4096 MiB and 4000m allocatable', () => {
    const a = selfManagedAllocatable({ distribution: 'k3s', memoryBytes: 4 * GIB, vcpu: 4 });
    expect(a.allocatableBytes).toBe(4096 * MIB);
    expect(a.allocatableCpuMillicores).toBe(4000);
    expect(a.terms.map((t) => t.bytes)).toEqual([0, 0, 0, 0]);
  });

  it('the same node under kubeadm keeps the kubelet default eviction: 4096 - 100 = 3996 MiB', () => {
    expect(selfManagedAllocatable({ distribution: 'kubeadm', memoryBytes: 4 * GIB, vcpu: 4 }).allocatableBytes).toBe(3996 * MIB);
  });

  it('subtracts reservations and DaemonSets the operator gives: 4096 - 256 - 256 - 100 - 512 = 2972 MiB', () => {
    const a = selfManagedAllocatable({
      distribution: 'k3s',
      memoryBytes: 4 * GIB,
      vcpu: 4,
      kubeReservedMemoryBytes: 256 * MIB,
      systemReservedMemoryBytes: 256 * MIB,
      evictionHardMemoryBytes: 100 * MIB,
      daemonsetOverheadBytes: 512 * MIB,
      kubeReservedCpuMillicores: 100,
      systemReservedCpuMillicores: 100,
    });
    expect(a.allocatableBytes).toBe(2972 * MIB);
    expect(a.allocatableCpuMillicores).toBe(3800);
  });

  it('more memory never gives less allocatable memory', () => {
    fc.assert(
      fc.property(fc.constantFrom('k3s' as const, 'kubeadm' as const), fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 30 }), (d, m, extra) => {
        const a = selfManagedAllocatable({ distribution: d, memoryBytes: m, vcpu: 1 }).allocatableBytes;
        const b = selfManagedAllocatable({ distribution: d, memoryBytes: m + extra, vcpu: 1 }).allocatableBytes;
        expect(b).toBeGreaterThanOrEqual(a);
        expect(a).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
