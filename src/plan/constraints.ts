/**
 * What the user asks of a plan besides the workload: availability, load, growth, and where it may run.
 * Every key has its unit in its name or description and a default, like infracost's usage file.
 * Parse with `PlanConstraints.parse(raw)`; `recommend()` does it for you.
 */
import { z } from 'zod';
import { PRICING_MODELS } from '../pricing/price-models.js';
import { customNodesSchema } from '../spec/custom-node.js';
import { describeValue } from '../errors.js';
import { formatSizeExact, parseBytes } from '../spec/units.js';
import { isRecord, MAX_DAEMONSET_MEMORY_BYTES, MAX_MULTIVECTOR_AVG, MAX_NODES, MAX_PODS_RANGE, MAX_REPLICATION, MAX_WRITES_PER_SECOND } from '../spec/limits.js';
import { KEBAB_ID_RE } from '../pricing/kebab-id.js';
import { DEFAULT_QUERY_API, QUERY_APIS } from '../topology/throughput.js';

const MIB = 1024 ** 2;

/** Domain bounds for the plan, named so that generators and messages share them. */
export const PLAN_LIMITS = {
  maxReplication: MAX_REPLICATION,
  maxNodes: MAX_NODES,
  /** kubelet --max-pods bounds (src/spec/limits.ts MAX_PODS_RANGE: the Qdrant peer and the node's DaemonSets at least). */
  minPods: MAX_PODS_RANGE.min,
  maxPods: MAX_PODS_RANGE.max,
  maxHorizonMonths: 120,
  maxQps: 10_000_000,
  /** Points written per second (src/spec/limits.ts MAX_WRITES_PER_SECOND: the workload's assumptions.writesPerSecond too). */
  maxWritesPerSecond: MAX_WRITES_PER_SECOND,
  /** A multivector search's query inner vectors: the points' own bound (MAX_MULTIVECTOR_AVG). */
  maxQueryInnerVectors: MAX_MULTIVECTOR_AVG,
  /** Most `--node` types one plan compares. */
  maxCustomNodes: 32,
} as const;

const bytes = (field: string, max: number) =>
  z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const n = parseBytes(v);
      if (!Number.isFinite(n) || n < 0 || n > max) {
        // The value as every message shows one (describeValue: a secret is not repeated); the bound as the flag states it.
        ctx.addIssue({ code: 'custom', message: `got ${describeValue(v)}, expected a size from 0 to ${formatSizeExact(max)} (e.g. 512Mi, 1Gi)` });
        return z.NEVER;
      }
      return n;
    })
    .describe(field);

/**
 * Defaults for what neither the constraints nor the collection say. Replication 2 is the production minimum (one
 * copy survives a peer loss, https://qdrant.tech/documentation/guides/distributed_deployment/#replication-factor);
 * write consistency 1 is Qdrant's own default (lib/collection/src/config.rs, default_write_consistency_factor);
 * one tolerated peer failure is what replication 2 and three peers give.
 */
export const PLAN_DEFAULTS = {
  replicationFactor: 2,
  writeConsistencyFactor: 1,
  toleratedNodeFailures: 1,
  /**
   * A multivector (max_sim) search's query inner vectors: ColBERT pads every query to `query_maxlen`, 32 by default
   * (stanford-futuredata/ColBERT colbert/infra/config/settings.py, QuerySettings.query_maxlen = DefaultVal(32)).
   */
  queryInnerVectors: 32,
} as const;

export const Cloud = z.enum(['aws', 'gcp', 'azure']);
export type Cloud = z.infer<typeof Cloud>;

export const QueryLoad = z.strictObject({
  qps: z.number().min(0).max(PLAN_LIMITS.maxQps).default(0).describe('Sustained search requests per second at peak hour (0 = no CPU sizing from load)'),
  recallTarget: z
    .number()
    .min(0.8)
    .max(0.9995)
    .default(0.99)
    .describe('precision@10 the searches must reach; picks hnsw_ef from the published benchmark (0.987 at ef 64, 0.995 at 128, 0.998 at 256, 0.999 at 512)'),
  hnswEf: z.number().int().min(1).max(100_000).optional().describe('Search-time ef, when you already know it (overrides recallTarget)'),
  p99LatencyMs: z.number().min(1).max(60_000).default(100).describe('p99 latency goal of one search, milliseconds'),
  writesPerSecond: z
    .number()
    .min(0)
    .max(PLAN_LIMITS.maxWritesPerSecond)
    .default(0)
    .describe('Points written (upserted) per second at peak hour, sustained; every replica applies each and builds its own graph (0 = no CPU sizing from writes)'),
  api: z
    .enum(QUERY_APIS)
    .default(DEFAULT_QUERY_API)
    .describe(`How clients send searches and writes, rest or grpc (default ${DEFAULT_QUERY_API}, the Python and JavaScript clients' default): the server parses a REST query's JSON vector at about nine times the CPU of gRPC's packed floats, and a written point's at about three times`),
  queryInnerVectors: z
    .number()
    .int()
    .min(1)
    .max(PLAN_LIMITS.maxQueryInnerVectors)
    .default(PLAN_DEFAULTS.queryInnerVectors)
    .describe(`Inner vectors of a multivector (max_sim) search's query (default ${PLAN_DEFAULTS.queryInnerVectors}, ColBERT's query length); used only when the collection has a multivector`),
});
export type QueryLoad = z.infer<typeof QueryLoad>;

export const Growth = z.strictObject({
  pointsPerMonth: z.number().min(0).max(100e9).default(0).describe('Points added per month (net of deletions)'),
  horizonMonths: z.number().int().min(0).max(PLAN_LIMITS.maxHorizonMonths).default(12).describe('Months the plan must fit without resizing'),
});
export type Growth = z.infer<typeof Growth>;

/** The one growth rule lives with the workload's point count (src/spec/workload.ts); re-exported for the planner. */
export { pointsAtMonth } from '../spec/workload.js';

/**
 * The first month in [0, PLAN_LIMITS.maxHorizonMonths] at which `over(m)` holds, or null when it does not by then.
 * `over` must be monotone in the month (once over, over ever after: the points only grow, and the one need that is not
 * monotone in the points, the WAL's sawtooth, is taken at its most since now: assumptions.grownFromPoints), so a
 * binary search finds it in about 7 calls. Used by the plan's growth limit (src/plan/recommend.ts) and timeline
 * (src/plan/timeline.ts), and the observed cluster's runway (src/observe/growth.ts).
 */
export function firstMonthWhen(over: (month: number) => boolean): number | null {
  const last: number = PLAN_LIMITS.maxHorizonMonths;
  if (over(0)) return 0;
  if (!over(last)) return null;
  let lo = 0;
  let hi: number = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (over(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * A setting that only means something beside another is refused without it rather than dropped unread (rebuilds per
 * month with GPU indexing not turned on). Checked on the input, before defaults fill it; parsed constraints (which
 * recommend() also takes) always hold `enabled`, so they pass.
 */
// Typed as the schema it wraps: the input it accepts is the schema's (z.preprocess alone would widen it to unknown).
const requires = <T extends z.ZodType>(schema: T, check: (raw: Record<string, unknown>) => { path: string; message: string } | undefined): T =>
  z.preprocess((raw, ctx) => {
    const problem = isRecord(raw) ? check(raw) : undefined;
    if (problem) {
      ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
      return z.NEVER;
    }
    return raw;
  }, schema) as unknown as T;

export const GpuIndexingOptions = z.strictObject({
  enabled: z
    .boolean()
    .default(false)
    .describe("Build HNSW on GPU (Qdrant v1.13+, -gpu-nvidia image, x86_64 only): the peers run on GPU instances and index on their own GPU"),
  fullRebuildsPerMonth: z
    .number()
    .min(0)
    .max(31)
    .default(1)
    .describe('Full re-index passes per month (bulk reloads, re-embedding), reported as GPU build time; the GPU nodes are the peers and are priced all month'),
});

const GpuIndexingInput = requires(GpuIndexingOptions, (raw) =>
  raw['fullRebuildsPerMonth'] !== undefined && raw['enabled'] === undefined
    ? { path: 'fullRebuildsPerMonth', message: 'expected gpuIndexing.enabled: true (--gpu-indexing) beside it: rebuilds per month are GPU build time, not used without GPU indexing' }
    : undefined,
);

export const PlacementConstraints = z.strictObject({
  cloud: Cloud.optional().describe('Only this cloud (default: compare all)'),
  region: z.string().min(1).optional().describe('Only this region (default: the catalog region of each cloud)'),
  families: z.array(z.string().min(1)).optional().describe('Allowed instance families, e.g. ["r6i", "r7g"]'),
  instanceTypes: z.array(z.string().min(1)).optional().describe('Allowed instance types, e.g. ["r6i.2xlarge"]'),
  arm64Allowed: z.boolean().default(true).describe('Allow arm64 (Graviton, Ampere) nodes; Qdrant publishes arm64 images, GPU images are x86_64 only'),
  maxNodes: z.number().int().min(1).max(PLAN_LIMITS.maxNodes).default(64).describe('Most Qdrant peers (one per node) the plan may use'),
  maxPods: z.number().int().min(PLAN_LIMITS.minPods).max(PLAN_LIMITS.maxPods).default(110).describe('kubelet max pods per node; EKS and AKS reserve memory per allowed pod'),
  onDiskAllowed: z.boolean().default(true).describe('Alternatives may move original vectors to disk (on_disk: true) behind quantization'),
  peers: z.number().int().min(1).max(PLAN_LIMITS.maxNodes).optional().describe('Pinned peer count'),
  instanceType: z.string().min(1).optional().describe('Pinned instance type'),
  nodes: customNodesSchema
    .min(1)
    .max(PLAN_LIMITS.maxCustomNodes)
    .optional()
    .describe(
      'Your own nodes (on-premises, k3s, sovereign cloud), e.g. [{ name: vm, vcpu: 4, memory: 4Gi, pricePerHour: 0.05, distribution: k3s }]: the plan uses these nodes only (src/spec/custom-node.ts)',
    ),
});
export type PlacementConstraints = z.infer<typeof PlacementConstraints>;

/** A control-plane tier of data/catalogs/control-plane.csv (`standard`, `extended-support`, `free`, ...) or `none`. */
const ControlPlaneTier = z
  .string()
  .regex(KEBAB_ID_RE, 'a tier name such as standard, extended-support or free, or none')
  .describe('a tier of data/catalogs/control-plane.csv, or none (a self-managed control plane: no fee)');

/**
 * The managed control plane's tier: one tier for every cloud that offers it (the others keep their default), or a
 * tier per cloud. Default: each cloud's production tier (`DEFAULT_CONTROL_PLANE_TIER`, src/pricing/control-plane.ts).
 */
export const ControlPlaneChoice = z.union([
  ControlPlaneTier,
  z.strictObject({ aws: ControlPlaneTier.optional(), gcp: ControlPlaneTier.optional(), azure: ControlPlaneTier.optional() }),
]);
export type ControlPlaneChoice = z.infer<typeof ControlPlaneChoice>;

export const PlanConstraints = z
  .strictObject({
    replicationFactor: z
      .number()
      .int()
      .min(1)
      .max(PLAN_LIMITS.maxReplication)
      .optional()
      .describe(`Copies of each shard (default: the collection's replication_factor, else chosen: the cheapest plan from max(${PLAN_DEFAULTS.replicationFactor}, toleratedNodeFailures + 1) up)`),
    writeConsistencyFactor: z
      .number()
      .int()
      .min(1)
      .max(PLAN_LIMITS.maxReplication)
      .optional()
      .describe(`Replicas that must confirm a write (default: the collection's write_consistency_factor, else ${PLAN_DEFAULTS.writeConsistencyFactor})`),
    toleratedNodeFailures: z
      .number()
      .int()
      .min(0)
      .max(PLAN_LIMITS.maxReplication)
      .optional()
      .describe(`Peers that may be lost at once with no data unavailable (default ${PLAN_DEFAULTS.toleratedNodeFailures}; 0 when a single peer is pinned)`),
    zones: z
      .number()
      .int()
      .min(1)
      .max(PLAN_LIMITS.maxNodes)
      .optional()
      .describe(
        'Availability zones the peers spread over (maxSkew 1, DoNotSchedule): the plan must keep a replica of every shard after losing any one zone, so replicationFactor > ceil(peers / zones) (default 1: no zone check; more zones than peers is allowed)',
      ),
    ramCeiling: z
      .number()
      .min(0.3)
      .max(1)
      .default(0.8)
      .describe('Fraction of usable node memory the steady state may fill (Qdrant treats ~80% as the cliff)'),
    daemonsetMemoryBytes: bytes('daemonsetMemoryBytes', MAX_DAEMONSET_MEMORY_BYTES).default(768 * MIB).describe('Memory of DaemonSets on each node (CNI, kube-proxy, CSI, log shipper, node-exporter)'),
    daemonsetCpuCores: z.number().min(0).max(64).default(0.4).describe('CPU of DaemonSets on each node'),
    shardNumber: z.number().int().min(1).max(1024).optional().describe('Pinned shard_number (default: from the workload, else chosen)'),
    query: QueryLoad.default(QueryLoad.parse({})),
    growth: Growth.default(Growth.parse({})),
    gpuIndexing: GpuIndexingInput.default(GpuIndexingOptions.parse({})),
    allowQuantizationChanges: z
      .boolean()
      .default(false)
      .describe('Let the recommended plan change the collection (add quantization, move originals to disk, or set default_segment_number 2 under a query load); off: such plans are alternatives only'),
    snapshots: z.boolean().default(true).describe('Price one snapshot copy of the collection in object storage'),
    dr: z.boolean().default(false).describe('Price a warm standby cluster of the same size (disaster recovery)'),
    pricing: z
      .enum(PRICING_MODELS)
      .default('on-demand')
      .describe('How the nodes are bought: on-demand, 1y or 3y commitment, or spot (stateful peers: see the warning); data/catalogs/commitment-prices.csv'),
    controlPlane: ControlPlaneChoice.optional().describe(
      'Managed control-plane tier: standard, extended-support (EKS), free (AKS), premium (AKS), none; or per cloud { aws: extended-support }',
    ),
    placement: PlacementConstraints.default(PlacementConstraints.parse({})),
  })
  ;
export type PlanConstraintsInput = z.input<typeof PlanConstraints>;
export type PlanConstraints = z.infer<typeof PlanConstraints>;
