/**
 * Schedulable: the pod's requests fit the node's allocatable after DaemonSets and the scheduling margin
 * (src/plan/resources.ts), and leave at least one request step of CPU; otherwise the pod stays Pending.
 */
import { CPU_REQUEST_STEP_CORES } from '../resources.js';
import { gb, type PlanCheck } from './types.js';

export const schedulable: PlanCheck = {
  id: 'schedulable',
  name: () => 'Pod fits the node',
  severity: () => 'error',
  passes: (e) => {
    const r = e.resources;
    return (
      r.cpuRequestCores >= CPU_REQUEST_STEP_CORES &&
      r.memoryRequestBytes > 0 &&
      r.memoryRequestBytes + r.daemonsetMemoryBytes + r.marginBytes <= r.allocatableMemoryBytes &&
      r.cpuRequestCores + r.daemonsetCpuCores <= r.allocatableCpuCores + 1e-9
    );
  },
  fixedBy: 'none',
  explain(e) {
    const r = e.resources;
    // The sign says which way each sum went: a failing check must not print "768 MiB ≤ 156 MiB".
    const memoryFits = r.memoryRequestBytes + r.daemonsetMemoryBytes + r.marginBytes <= r.allocatableMemoryBytes;
    const cpuFits = r.cpuRequestCores + r.daemonsetCpuCores <= r.allocatableCpuCores + 1e-9;
    const memory =
      r.memoryRequestBytes > 0
        ? `memory request ${gb(r.memoryRequestBytes)} + DaemonSets ${gb(r.daemonsetMemoryBytes)} + margin ${gb(r.marginBytes)} ${memoryFits ? '≤' : '>'} allocatable ${gb(r.allocatableMemoryBytes)}`
        : `DaemonSets ${gb(r.daemonsetMemoryBytes)} + margin ${gb(r.marginBytes)} leave no memory for Qdrant in the allocatable ${gb(r.allocatableMemoryBytes)}`;
    return (
      `${memory}; ` +
      `CPU request ${r.cpuRequestCores} + DaemonSets ${r.daemonsetCpuCores} ${cpuFits ? '≤' : '>'} allocatable ${r.allocatableCpuCores.toFixed(2)} cores` +
      (r.cpuRequestCores < CPU_REQUEST_STEP_CORES ? `: the DaemonSets leave less than ${CPU_REQUEST_STEP_CORES} core for Qdrant` : '')
    );
  },
};
