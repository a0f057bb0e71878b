/** Pricing: dated catalogs, lookups, Kubernetes allocatable, priced line items. */
export * from './catalog.js';
export * from './allocatable.js';
export * from './cost.js';
// Quotes: regions, currencies, commitments, control planes (tables in data/catalogs, loaded on first use).
export * from './quote-catalogs.js';
export * from './regions.js';
export * from './currency.js';
export * from './commitments.js';
export * from './control-plane.js';
