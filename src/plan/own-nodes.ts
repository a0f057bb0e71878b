/**
 * Your own nodes (`--node NAME=8cpu/64Gi[@PRICE/h|@PRICE/month][:k3s|:kubeadm]`, `constraints.placement.nodes`) as
 * the plan's catalog: on-premises, k3s or sovereign-cloud machines the cloud catalogs do not list. With nodes given,
 * the search's offers are exactly these nodes.
 *
 * - Allocatable memory and CPU: the distribution's kubelet defaults (src/pricing/allocatable.ts
 *   selfManagedAllocatable; kubeadm when not given, the more conservative of the two: it keeps the kubelet's
 *   100 MiB hard-eviction threshold, k3s sets none for memory).
 * - Price: the one you gave, per node-hour (a monthly price / 730 h). A node without a price is planned; its node
 *   lines go through the one price join (src/pricing/cost.ts priceQuantities) with no price, so they are flagged
 *   `no price` and kept out of the total, never $0.
 * - Storage: your disks and your object store have no price in the catalogs: the data, snapshot and DR volume
 *   lines are listed with their GiB and flagged `no price` the same way. The emitted files leave storageClassName
 *   unset (your cluster's default class: k3s ships local-path; kubeadm ships none).
 * - No managed control plane: no control-plane line (your control-plane nodes are on the not-included list).
 */
import { QsizeInputError } from '../errors.js';
import { selfManagedAllocatable } from '../pricing/allocatable.js';
import type { CustomNode } from '../spec/custom-node.js';
import type { InstanceOffer, PlanCatalog } from './types.js';

/** The region every own node is in: it names no cloud region (a `--region` is refused with `--node`). */
export const OWN_NODES_REGION = 'own';

/** Added to the quote's not-included list when the plan runs on your own nodes. */
export const OWN_NODES_NOT_INCLUDED: readonly string[] = [
  'Your own nodes\' storage, backup object store and network (qsize has no price for them; the volume lines show their GiB)',
  'Your Kubernetes control-plane nodes (k3s servers, kubeadm control plane) and their etcd',
];

function offerOf(n: CustomNode): InstanceOffer {
  const price =
    n.priceAmountUsd === null
      ? 'no price given'
      : n.priceBasis === 'month'
        ? `$${n.priceAmountUsd}/month / 730 h`
        : `$${n.priceAmountUsd}/h`;
  return {
    cloud: 'custom',
    region: OWN_NODES_REGION,
    instanceType: n.name,
    family: n.name,
    // Qdrant publishes amd64 and arm64 images; the architecture only matters for --no-arm64 and GPU images.
    arch: 'amd64',
    vcpu: n.vcpu,
    memoryBytes: n.memoryBytes,
    gpuCount: 0,
    pricePerHourUsd: n.usdPerHour,
    source: `your --node ${n.name} (${price})`,
    asOf: 'as given',
    priceLabel: n.usdPerHour === null ? 'your node, no price' : 'your price',
    distribution: n.distribution,
  };
}

/**
 * The plan catalog of your own nodes. Every node must have a price, or none must: with some priced, an unpriced node
 * would rank as free against them (bad input, naming `field`).
 */
export function ownNodesCatalog(nodes: readonly CustomNode[], catalogDate: string, field = 'constraints.placement.nodes'): PlanCatalog {
  const priced = nodes.filter((n) => n.usdPerHour !== null);
  if (priced.length > 0 && priced.length < nodes.length) {
    const unpriced = nodes.filter((n) => n.usdPerHour === null).map((n) => n.name);
    throw new QsizeInputError(
      field,
      unpriced.join(', '),
      'a price for every node (NAME=8cpu/64Gi@0.40/h or @292/month), or for none',
      'with some nodes priced, a node without a price would rank as free',
    );
  }
  const instances = nodes.map(offerOf);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const allocatable = (offer: InstanceOffer) => {
    const n = byName.get(offer.instanceType);
    if (n === undefined || offer.cloud !== 'custom') throw new RangeError(`${offer.instanceType} is not one of your nodes`);
    return selfManagedAllocatable({ distribution: n.distribution, memoryBytes: n.memoryBytes, vcpu: n.vcpu });
  };
  return {
    catalogDate,
    instances,
    blockStorage: () => undefined,
    objectStorage: () => undefined,
    // maxPods changes no kubeadm or k3s reservation (neither reserves memory per pod).
    allocatableMemoryBytes: (offer) => allocatable(offer).allocatableBytes,
    allocatableCpuCores: (offer) => allocatable(offer).allocatableCpuMillicores / 1000,
    knownRegions: () => [OWN_NODES_REGION],
  };
}

/** Where a node runs, as a report says it: `aws us-east-1`, or `your node, k3s` for your own. */
export function nodePlace(node: Pick<InstanceOffer, 'cloud' | 'region' | 'distribution'>): string {
  return node.cloud === 'custom' ? `your node, ${node.distribution ?? 'kubeadm'}` : `${node.cloud} ${node.region}`;
}
