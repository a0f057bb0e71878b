// GENERATED FILE: do not edit.
// Produced by scripts/gen-catalogs.mjs from data/catalogs/currency-rates.csv (its currency column, in its order); run
// `node scripts/gen-catalogs.mjs` after editing the CSV. test/pricing/generated-sync.test.ts fails when this file is stale.

/** The currencies of the shipped rate table, in its order. */
export const CURRENCY_CODES = ["USD", "EUR", "GBP", "INR", "JPY", "SGD", "AUD", "CAD", "CHF", "AED", "SAR"] as const;
