/** Pricing: dated catalogs, lookups, Kubernetes allocatable, priced line items. */
export * from './catalog.js';
export * from './allocatable.js';
export * from './cost.js';
// The quote modules (quote-catalogs, regions, currency, commitments, control-plane) are exported
// from src/pricing/quote.ts, not from here: src/plan imports this barrel, and re-exporting them here
// would pull their 220 KB of regional tables into every planner chunk of the CLI.
