export { recommend, passesAll, type RecommendOptions, type Estimator } from './recommend.js';
export {
  PlanConstraints,
  PlacementConstraints,
  QueryLoad,
  Growth,
  pointsAtMonth,
  GpuIndexingOptions,
  PLAN_LIMITS,
  type PlanConstraintsInput,
} from './constraints.js';
export { workloadVariants, type WorkloadVariant } from './variants.js';
export { chooseShardNumber, placeShards } from '../topology/index.js';
export type * from './types.js';
export { planCatalogFromPricing, defaultPlanCatalog, DEFAULT_BLOCK_STORAGE, DEFAULT_OBJECT_STORAGE } from './catalog.js';
export { TIMELINE_MAX_MONTHS, TIMELINE_LIMIT_LABELS, timelineLimitLine, type GrowthTimeline, type TimelineMonth, type PeerAddition, type ShardLimit as TimelineShardLimit, type TimelineLimitKind } from './timeline.js';
export { ownNodesCatalog, nodePlace, OWN_NODES_NOT_INCLUDED } from './own-nodes.js';
export { ControlPlaneChoice } from './constraints.js';
export { PRICING_MODELS, PRICING_MODEL_LABELS, type PricingModel } from '../pricing/price-models.js';
