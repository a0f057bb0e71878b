/**
 * The pricing models a plan can be quoted in, in one list (no data: src/plan and the CLI's flag table import it
 * without loading the quote tables).
 *
 * - `on-demand`: the base catalogs' Linux on-demand prices (data/catalogs/instances-*.csv, instance-prices-regional.csv).
 * - `1y`, `3y`: one- and three-year commitments, from `data/catalogs/commitment-prices.csv` (GCP resource-based
 *   committed use discounts; AWS Savings Plans / Reserved Instances and Azure reservations where rows exist).
 * - `spot`: preemptible capacity, same table; always quoted with `SPOT_WARNING` (src/pricing/commitments.ts).
 *
 * A model other than on-demand prices only the instance-hours (nodes, DR standby nodes): storage and the managed
 * control plane have no commitment price in the tables, and keep their list price.
 */
/** Models with a row in commitment-prices.csv (its `model` column). */
export const PRICE_MODELS = ['1y', '3y', 'spot'] as const;
export type PriceModel = (typeof PRICE_MODELS)[number];

/** Every model a plan can use: on-demand (the default) and the table's models. */
export const PRICING_MODELS = ['on-demand', ...PRICE_MODELS] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

/** How a model reads in a line name and a report column: `Node (n2-highmem-8, 3-year commitment)`. */
export const PRICING_MODEL_LABELS: Readonly<Record<PricingModel, string>> = {
  'on-demand': 'on-demand',
  '1y': '1-year commitment',
  '3y': '3-year commitment',
  spot: 'spot',
};
