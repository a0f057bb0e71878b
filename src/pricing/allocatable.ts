/**
 * Kubernetes allocatable memory (and CPU) per node, for EKS, GKE and AKS.
 *
 * allocatable = capacity - system/kube reservations - hard-eviction threshold - DaemonSet overhead
 *
 * Every subtracted term is returned with its formula, the formula with numbers substituted, and the
 * upstream source, so a report can show the math. Pure: no I/O, no clock.
 * Units: Kubernetes quantities (`Mi`, `Gi`) are binary; so are all byte figures here.
 */
import type { Arch, Cloud } from './catalog.js';

export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;

/** Kubelet's default `--max-pods`; used when the caller gives no `maxPods`. */
export const DEFAULT_MAX_PODS = 110;
/** Karpenter's default `--vm-memory-overhead-percent` (a fraction: 7.5 %). */
export const KARPENTER_VM_MEMORY_OVERHEAD_FRACTION = 0.075;
/** Memory Karpenter subtracts on Graviton (arm64) instances: CMA-reserved memory. */
export const GRAVITON_CMA_RESERVED_MIB = 64;
/** `memory.available<100Mi`: the hard-eviction threshold on EKS (AL2023), GKE and AKS >= 1.29. */
export const EVICTION_HARD_MIB = 100;

export const SOURCES = {
  eksKubelet:
    'https://github.com/awslabs/amazon-eks-ami/blob/main/nodeadm/internal/kubelet/config.go (kube-reserved, evictionHard)',
  karpenterMemory:
    'https://github.com/aws/karpenter-provider-aws/blob/main/pkg/providers/instancetype/types.go (memory(): arm64 -64 MiB, VM overhead = ceil(MiB x vmMemoryOverheadPercent), default 0.075)',
  gke: 'https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes (Memory and CPU reservations)',
  gceKernel:
    'https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/gce/gce_reserved.go (CalculateKernelReserved: memory/64 + 16 MiB, + 64 MiB swiotlb above 3 GiB)',
  aks: 'https://learn.microsoft.com/azure/aks/node-resource-reservations',
  kubeletMaxPods: 'https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/ (--max-pods default 110)',
  daemonset: 'caller-supplied (no authoritative per-cloud figure; see docs/catalogs.md)',
} as const;

export interface AllocatableTerm {
  /** Report line, e.g. `kube-reserved memory (EKS, 110 pods)`. */
  name: string;
  /** Bytes subtracted from capacity (never negative). */
  bytes: number;
  /** Symbolic formula. */
  formula: string;
  /** The formula with the inputs substituted. */
  substituted: string;
  source: string;
}

export interface AllocatableMemory {
  cloud: Cloud;
  /** The node's memory as given (the instance's advertised memory). */
  memoryBytes: number;
  /** What pods can request: `max(0, memoryBytes - sum(terms))`. */
  allocatableBytes: number;
  /** Sum of the terms, capped at `memoryBytes`. */
  reservedBytes: number;
  terms: AllocatableTerm[];
  /** Defaults the caller did not override, spelled out. */
  assumptions: string[];
}

export interface AllocatableInput {
  cloud: Cloud;
  /** Advertised node memory (EC2 `SizeInMiB`, GCE machine-type memory, Azure VM size memory). */
  memoryBytes: number;
  vcpu: number;
  /** Pods per node; defaults to 110 (kubelet default). On EKS, pass the VPC CNI value if you keep it. */
  maxPods?: number;
  /** Memory requested by DaemonSets on every node (CNI, kube-proxy, CSI, log shipper...). Default 0. */
  daemonsetOverheadBytes?: number;
  /** EKS only: arm64 (Graviton) loses 64 MiB of CMA memory in Karpenter's model. Default amd64. */
  arch?: Arch;
  /**
   * EKS only: Karpenter's VM-memory-overhead fraction (advertised memory the kernel never reports
   * as capacity). Default 0.075, Karpenter's conservative default; set 0 to model kubelet alone.
   */
  vmMemoryOverheadFraction?: number;
}

function assertFiniteNonNegative(name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${v}`);
}

const fmtMiB = (bytes: number): string => `${+(bytes / MIB).toFixed(3)} MiB`;

/**
 * Memory the Linux kernel of a GCE VM keeps before the kubelet counts capacity: `memory/64 + 16 MiB`, plus 64 MiB of
 * swiotlb bounce buffers on machines above 3 GiB (cluster-autoscaler `gce_reserved.go`, CalculateKernelReserved:
 * KernelReservedRatio = 64, kernelReservedMemory = 16 MiB, swiotlbReservedMemory = 64 MiB, swiotlbThresholdMemory =
 * 3 GiB). Container-Optimized OS adds `min(0.00175 × memory, 248 MiB)` for its own image; not counted here (the
 * default GKE image changes with the node pool, and the scheduling margin covers it).
 */
export function gceKernelReservedBytes(memoryBytes: number): number {
  const reserved = Math.floor(memoryBytes / 64) + 16 * MIB;
  return reserved + (memoryBytes > 3 * GIB ? 64 * MIB : 0);
}

/** GKE's regressive memory ladder, in whole bytes (without the eviction threshold). */
export function gkeKubeReservedMemoryBytes(memoryBytes: number): number {
  if (memoryBytes < GIB) return 255 * MIB;
  const tiers: readonly (readonly [number, number])[] = [
    [4 * GIB, 0.25],
    [4 * GIB, 0.2],
    [8 * GIB, 0.1],
    [112 * GIB, 0.06],
    [Number.POSITIVE_INFINITY, 0.02],
  ];
  let rest = memoryBytes;
  let reserved = 0;
  for (const [size, fraction] of tiers) {
    const part = Math.min(rest, size);
    reserved += part * fraction;
    rest -= part;
    if (rest <= 0) break;
  }
  // Kubernetes quantities are whole bytes.
  return Math.round(reserved);
}

/**
 * Allocatable memory for one node, with every reservation spelled out.
 *
 * - EKS (AL2023 nodeadm + Karpenter's capacity model):
 *   capacity = floor(memory in MiB) [- 64 MiB on arm64] - ceil(capacity x 7.5 %) (VM overhead);
 *   kube-reserved = 11 MiB x maxPods + 255 MiB; eviction hard 100 MiB.
 * - GKE: kube-reserved = 25 % of the first 4 GiB + 20 % of the next 4 + 10 % of the next 8 +
 *   6 % of the next 112 + 2 % above 128 GiB (255 MiB below 1 GiB); eviction hard 100 MiB.
 * - AKS >= 1.29: kube-reserved = min(20 MiB x maxPods + 50 MiB, 25 % of memory); eviction 100 MiB.
 * Plus the caller's DaemonSet overhead on every cloud.
 */
export function allocatableMemoryBytes(input: AllocatableInput): AllocatableMemory {
  const { cloud, memoryBytes, vcpu } = input;
  assertFiniteNonNegative('memoryBytes', memoryBytes);
  assertFiniteNonNegative('vcpu', vcpu);
  const assumptions: string[] = [];
  let maxPods = input.maxPods;
  if (maxPods === undefined) {
    maxPods = DEFAULT_MAX_PODS;
    if (cloud !== 'gcp') {
      assumptions.push(
        `maxPods = ${DEFAULT_MAX_PODS} (kubelet default); ${cloud === 'aws' ? 'the EKS VPC CNI default is higher on large instances (e.g. 234 on 4xlarge, 737 on 16xlarge), which reserves more' : 'the AKS default depends on the CNI (unverified: ~250 Azure CNI Overlay, 110 kubenet, 30 legacy Azure CNI)'}`,
      );
    }
  }
  if (!Number.isInteger(maxPods) || maxPods < 0) throw new RangeError(`maxPods must be a non-negative integer, got ${maxPods}`);
  const daemonsetBytes = input.daemonsetOverheadBytes ?? 0;
  assertFiniteNonNegative('daemonsetOverheadBytes', daemonsetBytes);
  if (input.daemonsetOverheadBytes === undefined) {
    assumptions.push('DaemonSet overhead = 0 (not given); real nodes run CNI, kube-proxy, CSI and logging agents');
  }

  const terms: AllocatableTerm[] = [];
  if (cloud === 'aws') {
    const fraction = input.vmMemoryOverheadFraction ?? KARPENTER_VM_MEMORY_OVERHEAD_FRACTION;
    if (!Number.isFinite(fraction) || fraction < 0 || fraction >= 1) {
      throw new RangeError(`vmMemoryOverheadFraction must be in [0, 1), got ${fraction}`);
    }
    if (input.vmMemoryOverheadFraction === undefined) {
      assumptions.push('EKS VM memory overhead = 7.5 % (Karpenter default; an upper bound on Nitro)');
    }
    const memMiBExact = memoryBytes / MIB;
    const memMiB = Math.floor(memMiBExact);
    if (memMiB !== memMiBExact) {
      terms.push({
        name: 'Sub-MiB remainder (capacity is counted in whole MiB)',
        bytes: memoryBytes - memMiB * MIB,
        formula: 'memoryBytes - floor(memoryBytes / MiB) * MiB',
        substituted: `${memoryBytes} - ${memMiB} * ${MIB}`,
        source: SOURCES.karpenterMemory,
      });
    }
    let capMiB = memMiB;
    if (input.arch === 'arm64') {
      const cma = Math.min(GRAVITON_CMA_RESERVED_MIB, capMiB);
      capMiB -= cma;
      terms.push({
        name: 'Graviton CMA reserved memory (arm64)',
        bytes: cma * MIB,
        formula: '64 MiB',
        substituted: `${cma} MiB`,
        source: SOURCES.karpenterMemory,
      });
    }
    // Same float operations as Karpenter: ceil(float64(bytes) * percent / 1024 / 1024).
    const vmMiB = Math.ceil((capMiB * MIB * fraction) / 1024 / 1024);
    terms.push({
      name: `VM memory overhead (Karpenter, ${+(fraction * 100).toFixed(4)} %)`,
      bytes: vmMiB * MIB,
      formula: 'ceil(capacityMiB * vmMemoryOverheadFraction) MiB',
      substituted: `ceil(${capMiB} * ${fraction}) = ${vmMiB} MiB`,
      source: SOURCES.karpenterMemory,
    });
    const kubeMiB = 11 * maxPods + 255;
    terms.push({
      name: `kube-reserved memory (EKS, ${maxPods} pods)`,
      bytes: kubeMiB * MIB,
      formula: '(11 * maxPods + 255) MiB',
      substituted: `(11 * ${maxPods} + 255) = ${kubeMiB} MiB`,
      source: SOURCES.eksKubelet,
    });
  } else if (cloud === 'gcp') {
    const kernel = gceKernelReservedBytes(memoryBytes);
    terms.push({
      name: 'GCE kernel reservation (capacity below the machine memory)',
      bytes: kernel,
      formula: 'floor(M / 64) + 16 MiB + (M > 3 GiB ? 64 MiB : 0)',
      substituted: `M = ${fmtMiB(memoryBytes)} -> ${fmtMiB(kernel)}`,
      source: SOURCES.gceKernel,
    });
    const reserved = gkeKubeReservedMemoryBytes(memoryBytes);
    terms.push({
      name: 'kube-reserved memory (GKE ladder)',
      bytes: reserved,
      formula:
        memoryBytes < GIB
          ? '255 MiB (machines under 1 GiB)'
          : '0.25*min(M,4Gi) + 0.20*clamp(M-4Gi,0,4Gi) + 0.10*clamp(M-8Gi,0,8Gi) + 0.06*clamp(M-16Gi,0,112Gi) + 0.02*max(M-128Gi,0)',
      substituted: `M = ${fmtMiB(memoryBytes)} -> ${fmtMiB(reserved)}`,
      source: SOURCES.gke,
    });
  } else {
    const podMiB = 20 * maxPods + 50;
    const quarter = 0.25 * memoryBytes;
    const reserved = Math.min(podMiB * MIB, Math.round(quarter));
    terms.push({
      name: `kube-reserved memory (AKS >= 1.29, ${maxPods} pods)`,
      bytes: reserved,
      formula: 'min(20 MiB * maxPods + 50 MiB, 0.25 * M)',
      substituted: `min(${podMiB} MiB, ${fmtMiB(quarter)}) = ${fmtMiB(reserved)}`,
      source: SOURCES.aks,
    });
  }
  terms.push({
    name: 'Hard-eviction threshold (memory.available<100Mi)',
    bytes: EVICTION_HARD_MIB * MIB,
    formula: '100 MiB',
    substituted: '100 MiB',
    source: cloud === 'aws' ? SOURCES.eksKubelet : cloud === 'gcp' ? SOURCES.gke : SOURCES.aks,
  });
  terms.push({
    name: 'DaemonSet overhead',
    bytes: daemonsetBytes,
    formula: 'daemonsetOverheadBytes',
    substituted: fmtMiB(daemonsetBytes),
    source: SOURCES.daemonset,
  });

  const sum = terms.reduce((s, t) => s + t.bytes, 0);
  const allocatableBytes = Math.max(0, memoryBytes - sum);
  return {
    cloud,
    memoryBytes,
    allocatableBytes,
    reservedBytes: memoryBytes - allocatableBytes,
    terms,
    assumptions,
  };
}

/**
 * kube-reserved CPU in millicores.
 * EKS (nodeadm) and GKE: 6 % of the first core, 1 % of the second, 0.5 % of cores 3-4, 0.25 % above 4.
 * AKS: the published table (1:60, 2:100, 4:140, 8:180, 16:260, 32:420, 64:740 m) is exactly
 * 6 % of the first core, 4 % of the second, 2 % of cores 3-4 and 1 % above 4; counts between the
 * published points follow that ladder.
 */
export function kubeReservedCpuMillicores(cloud: Cloud, vcpu: number): number {
  assertFiniteNonNegative('vcpu', vcpu);
  const rates = cloud === 'azure' ? [60, 40, 20, 10] : [60, 10, 5, 2.5];
  const [r1, r2, r34, rest] = rates as [number, number, number, number];
  const m =
    Math.min(vcpu, 1) * r1 +
    Math.min(Math.max(vcpu - 1, 0), 1) * r2 +
    Math.min(Math.max(vcpu - 2, 0), 2) * r34 +
    Math.max(vcpu - 4, 0) * rest;
  return Math.round(m * 1000) / 1000;
}

/** Allocatable CPU in millicores: `vcpu * 1000 - kubeReservedCpuMillicores` (DaemonSets not included). */
export function allocatableCpuMillicores(cloud: Cloud, vcpu: number): number {
  return Math.max(0, vcpu * 1000 - kubeReservedCpuMillicores(cloud, vcpu));
}

// ---------------------------------------------------------------------------------------------
// Self-managed clusters: kubeadm and k3s on your own nodes (`--node`).

/** Kubernetes distributions whose kubelet defaults `selfManagedAllocatable` models. */
export const SELF_MANAGED_DISTRIBUTIONS = ['kubeadm', 'k3s'] as const;
export type SelfManagedDistribution = (typeof SELF_MANAGED_DISTRIBUTIONS)[number];

export const SELF_MANAGED_SOURCES = {
  kubeletEviction:
    'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/eviction/defaults_linux.go (DefaultEvictionHard: memory.available<100Mi, nodefs.available<10%, nodefs.inodesFree<5%, imagefs.available<15%)',
  kubeletReserved:
    'https://kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources/ (kube-reserved and system-reserved are empty unless set)',
  kubeadm:
    'https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/componentconfigs/kubelet.go (kubeadm sets no kubeReserved, systemReserved or evictionHard: the kubelet defaults apply)',
  k3s: 'https://github.com/k3s-io/k3s/blob/master/pkg/daemons/agent/agent.go (defaultKubeletConfig: EvictionHard imagefs.available 5%, nodefs.available 5% only; no kubeReserved or systemReserved)',
  evictionPartial:
    'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/ (the default hard thresholds apply only if none is set; a partial evictionHard leaves the others at zero)',
} as const;

export interface SelfManagedAllocatableInput {
  distribution: SelfManagedDistribution;
  /** The node's memory capacity as the kubelet reports it (MemTotal); a VM's nominal size is an upper bound. */
  memoryBytes: number;
  vcpu: number;
  /** Overrides of the distribution defaults, if your kubelet sets them. */
  kubeReservedMemoryBytes?: number;
  systemReservedMemoryBytes?: number;
  evictionHardMemoryBytes?: number;
  kubeReservedCpuMillicores?: number;
  systemReservedCpuMillicores?: number;
  /** Memory requested by DaemonSets on every node. Default 0. */
  daemonsetOverheadBytes?: number;
}

export interface SelfManagedAllocatable {
  distribution: SelfManagedDistribution;
  memoryBytes: number;
  allocatableBytes: number;
  reservedBytes: number;
  allocatableCpuMillicores: number;
  terms: AllocatableTerm[];
  assumptions: string[];
}

/** The distribution's default hard-eviction memory threshold, in MiB. */
export function defaultEvictionHardMemoryMib(distribution: SelfManagedDistribution): number {
  // kubeadm leaves the kubelet default (100Mi); k3s sets evictionHard without memory.available, and
  // a partial evictionHard leaves the unset signals at zero.
  return distribution === 'kubeadm' ? EVICTION_HARD_MIB : 0;
}

/**
 * Allocatable memory and CPU of a self-managed node with the distribution's kubelet defaults:
 *
 *   allocatable = capacity - kube-reserved - system-reserved - hard eviction - DaemonSets
 *
 * kubeadm: no reservations, eviction 100 MiB (the kubelet default). k3s: no reservations, and no
 * memory eviction threshold (its evictionHard names only imagefs and nodefs). CPU: capacity minus
 * the reservations given (none by default).
 */
export function selfManagedAllocatable(input: SelfManagedAllocatableInput): SelfManagedAllocatable {
  const { distribution, memoryBytes, vcpu } = input;
  assertFiniteNonNegative('memoryBytes', memoryBytes);
  assertFiniteNonNegative('vcpu', vcpu);
  const assumptions: string[] = [];
  const defaultEvictionMiB = defaultEvictionHardMemoryMib(distribution);
  const kubeReserved = input.kubeReservedMemoryBytes ?? 0;
  const systemReserved = input.systemReservedMemoryBytes ?? 0;
  const eviction = input.evictionHardMemoryBytes ?? defaultEvictionMiB * MIB;
  const daemonsets = input.daemonsetOverheadBytes ?? 0;
  for (const [name, v] of [
    ['kubeReservedMemoryBytes', kubeReserved],
    ['systemReservedMemoryBytes', systemReserved],
    ['evictionHardMemoryBytes', eviction],
    ['daemonsetOverheadBytes', daemonsets],
  ] as const) {
    assertFiniteNonNegative(name, v);
  }
  if (input.kubeReservedMemoryBytes === undefined && input.systemReservedMemoryBytes === undefined) {
    assumptions.push(`no kube-reserved or system-reserved memory (${distribution} default); the OS and the kubelet then share the node with the pods`);
  }
  if (input.evictionHardMemoryBytes === undefined) {
    assumptions.push(
      distribution === 'kubeadm'
        ? 'hard eviction at memory.available<100Mi (kubelet default; kubeadm does not change it)'
        : 'no memory eviction threshold (k3s sets evictionHard for imagefs and nodefs only, which leaves memory.available at zero); a kubelet that merges its default thresholds into a partial evictionHard would keep 100Mi, so allocatable is this figure or 100 MiB less',
    );
  }
  if (input.daemonsetOverheadBytes === undefined) {
    assumptions.push('DaemonSet overhead = 0 (not given); a CNI, kube-proxy and a log agent usually run on every node');
  }
  assumptions.push('capacity is the memory the kernel reports (MemTotal), a little below the nominal size of a VM; give that figure when you know it');
  const distSource = distribution === 'kubeadm' ? SELF_MANAGED_SOURCES.kubeadm : SELF_MANAGED_SOURCES.k3s;
  const terms: AllocatableTerm[] = [
    {
      name: `kube-reserved memory (${distribution})`,
      bytes: kubeReserved,
      formula: input.kubeReservedMemoryBytes === undefined ? '0 (not set)' : 'kubeReservedMemoryBytes',
      substituted: fmtMiB(kubeReserved),
      source: distSource,
    },
    {
      name: `system-reserved memory (${distribution})`,
      bytes: systemReserved,
      formula: input.systemReservedMemoryBytes === undefined ? '0 (not set)' : 'systemReservedMemoryBytes',
      substituted: fmtMiB(systemReserved),
      source: SELF_MANAGED_SOURCES.kubeletReserved,
    },
    {
      name: `Hard-eviction threshold (${distribution})`,
      bytes: eviction,
      formula:
        input.evictionHardMemoryBytes !== undefined ? 'evictionHardMemoryBytes' : distribution === 'kubeadm' ? 'memory.available<100Mi' : '0 (memory.available not set)',
      substituted: fmtMiB(eviction),
      source: distribution === 'kubeadm' ? SELF_MANAGED_SOURCES.kubeletEviction : SELF_MANAGED_SOURCES.evictionPartial,
    },
    {
      name: 'DaemonSet overhead',
      bytes: daemonsets,
      formula: 'daemonsetOverheadBytes',
      substituted: fmtMiB(daemonsets),
      source: SOURCES.daemonset,
    },
  ];
  const sum = terms.reduce((s, t) => s + t.bytes, 0);
  const allocatableBytes = Math.max(0, memoryBytes - sum);
  const cpuReserved = (input.kubeReservedCpuMillicores ?? 0) + (input.systemReservedCpuMillicores ?? 0);
  assertFiniteNonNegative('cpu reservations', cpuReserved);
  return {
    distribution,
    memoryBytes,
    allocatableBytes,
    reservedBytes: memoryBytes - allocatableBytes,
    allocatableCpuMillicores: Math.max(0, vcpu * 1000 - cpuReserved),
    terms,
    assumptions,
  };
}
