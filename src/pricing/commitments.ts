/**
 * Pricing models beyond on-demand: 1-year and 3-year commitments, and spot.
 *
 * Prices come from `data/catalogs/commitment-prices.csv`, published per instance type and region
 * as a monthly figure for 730 hours; the hourly price is `usd_per_month / 730` (the same 730 h
 * month as `cost.ts`, so the month shown is the month published).
 *
 * Coverage today (see `COMMITMENT_COVERAGE`): GCP resource-based committed use discounts for every
 * catalogued machine type in every region of the source; AWS Standard Reserved Instances (no
 * upfront) in every region of the AWS regional source, published there as $/h and stored as
 * $/h x 730; Azure reserved VM instances (1 and 3 years) in the 45 commercial regions of the
 * Azure calculator table, also $/h x 730. AWS Savings Plans and Azure savings plans are not
 * imported; where a size or region has no row, `commitmentPrice` returns undefined and the quote
 * says so instead of applying a remembered percentage.
 *
 * Spot is never a default: a Qdrant peer is stateful (its shards live on its disk and in its RAM),
 * and a reclaimed node takes its replicas with it. `SPOT_WARNING` goes with every spot price.
 */
import type { Cloud } from './catalog.js';
import { HOURS_PER_MONTH } from './cost.js';
import { defaultQuoteCatalogs, type CommitmentRow, type PriceModel, type QuoteCatalogs } from './quote-catalogs.js';

export const COMMITMENT_TERMS = ['1y', '3y'] as const;
export type CommitmentTerm = (typeof COMMITMENT_TERMS)[number];

/** Shown with every spot price. */
export const SPOT_WARNING =
  'Spot capacity can be reclaimed at any time. A Qdrant peer is stateful: its shard replicas live on that node, so losing it loses those replicas until they are re-transferred from the others, and losing more nodes than the replication factor tolerates loses data. Use spot only for extra read replicas or a rebuildable cluster, never for the only copies.';

/** Which clouds have sourced commitment prices, and why the others do not. */
export const COMMITMENT_COVERAGE: Readonly<Record<Cloud, { sourced: boolean; offers: string; note: string }>> = {
  gcp: {
    sourced: true,
    offers: 'resource-based committed use discounts (1 and 3 years), spot',
    note: "Cyclenerd google-cloud-pricing-cost-calculator pricing.yml (month_1y, month_3y, month_spot per machine type and region)",
  },
  aws: {
    sourced: true,
    offers: 'Standard Reserved Instances (1 and 3 years, no upfront), spot in 17 regions',
    note: 'LeanerCloud ec2-instances-info data/instances.json (ec2instances.info scrape of the AWS Price List API and of EC2 spot price history, 2025-04-24): reserved yrTerm1Standard.noUpfront and yrTerm3Standard.noUpfront $/h x 730; spot = the dearest Availability Zone price of the snapshot x 730 where the source has one (its spot_avg estimate elsewhere is not used). Savings Plans are not in the source and not priced',
  },
  azure: {
    sourced: true,
    offers: 'reserved VM instances (1 and 3 years)',
    note: 'LeanerCloud ec2-instances-info data/azure-instances.json (ec2instances.info scrape of the Azure pricing calculator feed, 2025-04-24): reserved yrTerm1Standard and yrTerm3Standard $/h x 730, imported where the source on-demand rate equals the quoted one; none in the 12 regions the source lacks (austriaeast, chilecentral, indonesiacentral, israelcentral, italynorth, jioindiacentral, jioindiawest, malaysiawest, mexicocentral, newzealandnorth, polandcentral, spaincentral). Azure savings plans are not priced',
  },
};

export interface ModelPrice {
  model: PriceModel;
  offer: string;
  /** `usdPerMonth / 730`. */
  usdPerHour: number;
  /** As published (730 h). */
  usdPerMonth: number;
  /** `1 - usdPerHour / onDemandUsdPerHour` when an on-demand price was given, else null. */
  discountFraction: number | null;
  formula: string;
  source: string;
  asOf: string;
  /** `SPOT_WARNING` for spot, else null. */
  warning: string | null;
}

export interface OfferRef {
  cloud: Cloud;
  region: string;
  instanceType: string;
  /** On-demand price of the same offer, to state the discount; optional. */
  usdPerHour?: number;
}

const index = new WeakMap<QuoteCatalogs, Map<string, CommitmentRow>>();

function lookup(quote: QuoteCatalogs): Map<string, CommitmentRow> {
  let map = index.get(quote);
  if (map === undefined) {
    map = new Map(quote.commitmentPrices.rows.map((r) => [`${r.cloud}|${r.region}|${r.instanceType}|${r.model}`, r]));
    index.set(quote, map);
  }
  return map;
}

/**
 * The price of an offer under a commitment term or spot, or undefined when no sourced row exists
 * (AWS and Azure commitments; types or regions the source does not list). Never a guess.
 */
export function modelPrice(offer: OfferRef, model: PriceModel, quote: QuoteCatalogs = defaultQuoteCatalogs()): ModelPrice | undefined {
  const row = lookup(quote).get(`${offer.cloud}|${offer.region}|${offer.instanceType}|${model}`);
  if (row === undefined) return undefined;
  // The rows keep the published hourly rate × 730; dividing back leaves binary noise (0.0972 × 730 / 730 =
  // 0.09720000000000001). 12 significant digits are beyond every source's precision (AWS and Azure publish 4-6
  // decimals, the GCP table 8 decimals per month), so they keep the rate exactly as published and drop only the noise.
  const usdPerHour = Number((row.usdPerMonth / HOURS_PER_MONTH).toPrecision(12));
  const onDemand = offer.usdPerHour;
  const discountFraction = onDemand !== undefined && onDemand > 0 ? 1 - usdPerHour / onDemand : null;
  return {
    model,
    offer: row.offer,
    usdPerHour,
    usdPerMonth: row.usdPerMonth,
    discountFraction,
    formula: `${row.usdPerMonth} USD/month / ${HOURS_PER_MONTH} h${discountFraction !== null ? `; discount = 1 - ${+usdPerHour.toFixed(6)} / ${onDemand}` : ''}`,
    source: `${row.source} (as_of ${row.asOf})`,
    asOf: row.asOf,
    warning: model === 'spot' ? SPOT_WARNING : null,
  };
}

/** The discounted hourly price of an offer under a 1- or 3-year commitment (see `modelPrice`). */
export function commitmentPrice(offer: OfferRef, term: CommitmentTerm, quote: QuoteCatalogs = defaultQuoteCatalogs()): ModelPrice | undefined {
  return modelPrice(offer, term, quote);
}
