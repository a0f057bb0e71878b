/**
 * Quotes: regions, currencies, commitments, control planes. Their tables (data/catalogs) are
 * validated on first use. Kept apart from ./index.ts so that code which only plans in the default
 * regions never loads the regional tables.
 */
export * from './quote-catalogs.js';
export * from './regions.js';
export * from './currency.js';
export * from './commitments.js';
export * from './control-plane.js';
