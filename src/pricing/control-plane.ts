/**
 * Managed Kubernetes control planes (EKS, GKE, AKS): a flat fee per cluster-hour, by tier, from
 * `data/catalogs/control-plane.csv`; and the list of what a qsize quote never includes.
 *
 * The fee is per cluster, independent of node count: one line per cluster in a bill. A free
 * allowance (GKE's monthly credit for one zonal or Autopilot cluster) is recorded but not applied,
 * because it is per billing account, not per cluster, and the account may already use it.
 */
import type { Cloud } from './catalog.js';
import { defaultQuoteCatalogs, type ControlPlaneRow, type QuoteCatalogs } from './quote-catalogs.js';

/** The tier a quote uses when none is named: the production tier with an SLA on each cloud. */
export const DEFAULT_CONTROL_PLANE_TIER: Readonly<Record<Cloud, string>> = {
  aws: 'standard',
  gcp: 'standard',
  azure: 'standard',
};

export interface ControlPlaneOptions {
  tier?: string;
  /** Include rows the sources do not confirm (AKS premium). Default false. */
  includeUnverified?: boolean;
  quote?: QuoteCatalogs;
}

/** The control-plane fee row of a cloud and tier, or undefined (unknown tier, unverified row). */
export function controlPlanePrice(cloud: Cloud, options: ControlPlaneOptions = {}): ControlPlaneRow | undefined {
  const quote = options.quote ?? defaultQuoteCatalogs();
  const tier = options.tier ?? DEFAULT_CONTROL_PLANE_TIER[cloud];
  return quote.controlPlane.rows.find((r) => r.cloud === cloud && r.tier === tier && (r.verified || options.includeUnverified === true));
}

/** The tiers the table knows for a cloud (for an error message naming the choices). */
export function controlPlaneTiers(cloud: Cloud, quote: QuoteCatalogs = defaultQuoteCatalogs()): string[] {
  return quote.controlPlane.rows.filter((r) => r.cloud === cloud).map((r) => r.tier);
}

/**
 * What a qsize quote leaves out, in every quote: real bills have these lines, but their size
 * depends on traffic and contracts qsize cannot see.
 */
export const NOT_INCLUDED: readonly { item: string; why: string }[] = [
  { item: 'Load balancers and ingress', why: 'priced per hour and per processed GB / LCU; depends on how clients reach the cluster' },
  { item: 'Cross-zone replication traffic', why: 'peers in different zones exchange every write and shard transfer; billed per GB between zones on AWS and GCP' },
  { item: 'Internet and cross-region egress', why: 'depends on query result sizes and where clients run' },
  { item: 'Cloud support plans', why: 'a percentage of the whole account bill, set by contract' },
  { item: 'NAT gateways, public IPs, DNS, KMS keys, monitoring and logging services', why: 'shared account infrastructure, usually billed outside the cluster' },
  { item: 'Taxes (VAT, GST) and marketplace or reseller margins', why: 'depend on the buyer and the contract' },
  { item: 'Qdrant Enterprise or Hybrid Cloud licences', why: 'qsize plans open-source Qdrant on your own Kubernetes' },
];
