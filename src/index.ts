/**
 * qsize public API. Everything exported here is pure (no Node built-ins) and bundles for the browser.
 */
export { estimate, isOnDisk, parseWorkload } from './model/estimate.js';
export type { Estimate, LineItem, Residency, Structure, Confidence, ByteRange, SegmentLayout } from './model/types.js';
export { Workload, CollectionConfig, QuantizationConfig, VectorParams, PayloadSpec, Assumptions, LIMITS } from './spec/workload.js';
export type { WorkloadInput } from './spec/workload.js';
export { INPUT_LIMITS } from './spec/limits.js';
export { parseCount, parseBytes, formatBytes, formatByteRange, formatBytesInRange, formatCount } from './spec/units.js';
export { KNOWN_VERSIONS, LATEST_VERSION, featuresFor } from './model/versions.js';
export { QDRANT } from './model/constants.js';
export { shardSkew, busiestShardFactor, peerLoadFactor, shardFactorRange, type ShardSkew } from './model/shard-skew.js';
export { memoryMapsPerNode, DEFAULT_MAX_MAP_COUNT, type MemoryMapCount } from './model/memory-maps.js';
export { QsizeError, QsizeInputError, QsizeValidationError, QsizeVersionError, QsizeNoFitError } from './errors.js';

// Topology, placement, pricing and the recommended plan.
export * from './plan/index.js';
export {
  loadCatalogs,
  defaultCatalogs,
  findInstances,
  storagePrice,
  catalogDate,
  allocatableMemoryBytes,
  CatalogError,
} from './pricing/index.js';
// Quotes: regions, currency, commitments, control planes, your own nodes.
export {
  knownRegions,
  nearest,
  unknownRegionMessage,
  findRegionalInstances,
  findStoragePrice,
  regionCoverage,
  CURRENCIES,
  currencyRate,
  currencyCodes,
  CurrencyError,
  convertUsd,
  formatMoney,
  roundMoney,
  commitmentPrice,
  modelPrice,
  SPOT_WARNING,
  COMMITMENT_COVERAGE,
  controlPlanePrice,
  NOT_INCLUDED,
  loadQuoteCatalogs,
  lazyQuoteCatalogs,
  defaultQuoteCatalogs,
  quoteCatalogWarnings,
  quoteTablesUsed,
} from './pricing/quote.js';
export type { QuoteCatalogs, RawQuoteTables } from './pricing/quote.js';
export { selfManagedAllocatable } from './pricing/allocatable.js';
export { parseNodeSpec, parseNodeSpecs, customNodeSchema, customNodesSchema, customNodeInput } from './spec/custom-node.js';

// Deployment files from a plan.
export * from './emit/index.js';

// A running cluster read back: recovered workload, placement, predicted against measured, growth runway.
export * from './observe/index.js';
// The command line's inputs and quote, for front ends (web/): the same flags (names, units, defaults, checks),
// the same mapping onto the schemas, the same emit options and the same quote text as `qsize`.
export { workloadOptions, constraintOptions, currencyOption, applyFlags, requireInputs, flagForField, quantizationConfig } from './cli/flags.js';
export type { FlagValues, Inputs, OutputFormat } from './cli/flags.js';
export { emitOptions, emitOptionsFromFlags, EMIT_OPTION_FLAGS, TARGET_FILES, TARGETS, type Target } from './cli/emit-options.js';
export { renderQuote } from './cli/render/quote.js';
export { currencyView } from './cli/currency-view.js';
export type { CurrencyView } from './cli/currency.js';
export { workloadSummary, nodeSummary, pricesAsOfText, localCurrency, currencyNote, billLineCells } from './cli/render/plan.js';
export { unpricedNote } from './cli/render/pricing-models.js';
