/**
 * What one Qdrant pod may request on a node, rounded once, here, to deployable Kubernetes quantities. The plan's
 * checks, the report, the JSON and every emitted file carry these numbers; nothing downstream rounds again.
 *
 *   usable memory  = allocatable − DaemonSets − scheduling margin
 *   memory request = limit = floor(usable memory to a whole MiB)
 *   usable CPU     = allocatable CPU − DaemonSets
 *   CPU request    = limit = floor(usable CPU to 0.5 core)
 *
 * Allocatable comes from src/pricing/allocatable.ts (EKS, GKE with the GCE kernel reservation, AKS), each term with
 * its source. The margin covers what those formulas cannot see (kernel and image differences between node pools,
 * a DaemonSet added later); it is a stated policy, per provider:
 * - EKS: 0. Karpenter's 7.5 % VM-memory overhead in the allocatable formula is an upper bound on Nitro (the
 *   reference data shows real capacity loss below it), so the formula already leaves room.
 * - GKE: 1 % of allocatable, at least 64 MiB. The GCE kernel reservation is modelled; Container-Optimized OS keeps
 *   up to 248 MiB more for itself (gce_reserved.go), which the margin covers on nodes up to ~24 GiB and the
 *   1 % above.
 * - AKS: 1 % of allocatable, at least 64 MiB: the reservation table is published, the VM's own kernel is not.
 * - Your own nodes (`--node`): the Linux kernel's own reservation, `memory/64 + 16 MiB` (+ 64 MiB of swiotlb above
 *   3 GiB), cluster-autoscaler's estimate (gce_reserved.go CalculateKernelReserved; memory/64 is the kernel's
 *   64-byte `struct page` per 4 KiB page). The size people type is the VM's nominal size; the kubelet's capacity is
 *   what the kernel leaves (MemTotal), so a request sized on the nominal figure would not schedule. 4 GiB: 144 MiB.
 * CPU needs no margin: the request is rounded down to 0.5 core (the KubeBlocks cluster schema's multipleOf), which
 * always leaves 0-0.5 core free.
 */
import { gceKernelReservedBytes } from '../pricing/allocatable.js';
import type { InstanceOffer, PlanCatalog } from './types.js';

const MIB = 1024 ** 2;

/** CPU requests are multiples of this many cores: KubeBlocks' `resources.cpu` is `multipleOf: 0.5` (values.schema.json). */
export const CPU_REQUEST_STEP_CORES = 0.5;

export const SCHEDULING_MARGIN: Readonly<Record<InstanceOffer['cloud'], { fraction: number; minBytes: number; kernelReserved?: true; why: string }>> = {
  aws: { fraction: 0, minBytes: 0, why: "none: Karpenter's 7.5 % VM-memory overhead in the EKS formula is already an upper bound" },
  gcp: { fraction: 0.01, minBytes: 64 * MIB, why: '1 % (at least 64 MiB): the COS image reservation (up to 248 MiB) is not modelled' },
  azure: { fraction: 0.01, minBytes: 64 * MIB, why: "1 % (at least 64 MiB): the VM kernel's own reservation is not published" },
  custom: {
    fraction: 0,
    minBytes: 0,
    kernelReserved: true,
    why: "the kernel's own reservation (memory/64 + 16 MiB, + 64 MiB above 3 GiB): the size given is the nominal one, the kubelet counts MemTotal",
  },
};

export interface NodeResources {
  /** Kubernetes allocatable memory of the node (before DaemonSets). */
  allocatableMemoryBytes: number;
  daemonsetMemoryBytes: number;
  marginBytes: number;
  /** Memory request = limit of the Qdrant container: a whole number of MiB, ≤ allocatable − DaemonSets − margin. */
  memoryRequestBytes: number;
  allocatableCpuCores: number;
  daemonsetCpuCores: number;
  /** CPU request = limit of the Qdrant container: a multiple of 0.5 core, ≤ allocatable − DaemonSets; 0 when none fits. */
  cpuRequestCores: number;
  /**
   * CPUs Qdrant sees in the pod: its CPU limit rounded up. Qdrant sizes its default segment count and max segment
   * size from `num_cpus::get()` (qdrant@v1.19.0 lib/common/common/src/cpu.rs get_num_cpus), which follows the
   * cgroup CPU quota, i.e. the container's CPU limit.
   */
  qdrantCpus: number;
}

/** Rounds cores down to the request step: 15.49 → 15, 15.5 → 15.5. */
export function roundCpuRequest(cores: number): number {
  return Math.max(0, Math.floor(cores / CPU_REQUEST_STEP_CORES + 1e-9) * CPU_REQUEST_STEP_CORES);
}

/** Rounds bytes down to a whole MiB. */
export function roundMemoryRequest(bytes: number): number {
  return Math.max(0, Math.floor(bytes / MIB + 1e-9) * MIB);
}

/** Kubernetes quantity for a CPU request: `4`, `15.5` → `15500m`. */
export function cpuQuantity(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

/** Kubernetes quantity for a memory request (whole MiB): `59056Mi`, or `64Gi` when it is whole GiB. */
export function memoryQuantity(bytes: number): string {
  const mi = Math.round(bytes / MIB);
  return mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}

export function nodeResources(
  catalog: PlanCatalog,
  offer: InstanceOffer,
  opts: { maxPods: number; daemonsetMemoryBytes: number; daemonsetCpuCores: number },
): NodeResources {
  const allocatableMemoryBytes = Math.floor(catalog.allocatableMemoryBytes(offer, opts.maxPods));
  const room = Math.max(0, allocatableMemoryBytes - opts.daemonsetMemoryBytes);
  const m = SCHEDULING_MARGIN[offer.cloud];
  const marginBytes = Math.min(room, Math.max(m.minBytes, Math.ceil(room * m.fraction), m.kernelReserved ? gceKernelReservedBytes(offer.memoryBytes) : 0));
  const allocatableCpuCores = catalog.allocatableCpuCores(offer, opts.maxPods);
  const cpuRequestCores = roundCpuRequest(allocatableCpuCores - opts.daemonsetCpuCores);
  return {
    allocatableMemoryBytes,
    daemonsetMemoryBytes: opts.daemonsetMemoryBytes,
    marginBytes,
    memoryRequestBytes: roundMemoryRequest(room - marginBytes),
    allocatableCpuCores,
    daemonsetCpuCores: opts.daemonsetCpuCores,
    cpuRequestCores,
    qdrantCpus: Math.max(1, Math.ceil(cpuRequestCores)),
  };
}
