/** Pricing: dated catalogs, lookups, Kubernetes allocatable, priced line items. */
export * from './catalog.js';
export * from './allocatable.js';
export * from './cost.js';
