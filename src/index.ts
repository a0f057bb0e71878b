/**
 * qsize public API. Everything exported here is pure (no Node built-ins) and bundles for the browser.
 */
export { estimate, parseWorkload } from './model/estimate.js';
export type { Estimate, LineItem, Residency, Structure, Confidence, ByteRange, SegmentLayout } from './model/types.js';
export { Workload, CollectionConfig, QuantizationConfig, VectorParams, PayloadSpec, Assumptions, LIMITS } from './spec/workload.js';
export type { WorkloadInput } from './spec/workload.js';
export { parseCount, parseBytes, formatBytes, formatCount } from './spec/units.js';
export { KNOWN_VERSIONS, LATEST_VERSION, featuresFor } from './model/versions.js';
export { QDRANT } from './model/constants.js';
export { shardSkew, busiestShardFactor, peerLoadFactor, type ShardSkew } from './model/shard-skew.js';
export { memoryMapsPerNode, DEFAULT_MAX_MAP_COUNT, type MemoryMapCount } from './model/memory-maps.js';
export { QsizeError, QsizeInputError, QsizeValidationError, QsizeNoFitError } from './errors.js';

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

// Deployment files from a plan.
export * from './emit/index.js';
