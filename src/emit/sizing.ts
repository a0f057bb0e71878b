/**
 * The numbers every emitted file shares, derived once from the plan so that the Helm values, the
 * QdrantCluster and the KubeBlocks Cluster cannot disagree: per-peer CPU, memory and volume sizes,
 * the disruption budget, the image tag and the peer DNS names.
 */
import { QsizeInputError, QsizeValidationError } from '../errors.js';
import { findShapeProblem, formatPath, INPUT_LIMITS, isRecord } from '../spec/limits.js';
import { parseVersion, formatVersion, VERSION_RANGE_TEXT } from '../model/versions.js';
import type { Plan } from '../plan/types.js';
import { CPU_REQUEST_STEP_CORES, cpuQuantity, memoryQuantity } from '../plan/resources.js';
import { PLAN_LIMITS } from '../plan/constraints.js';
import { toleratedDisruptions } from '../topology/placement.js';
import { requireLabelValue, requireSubdomain, type EmitOptions } from './options.js';
import { counted } from '../util/plural.js';

export const GIB = 1024 ** 3;
export const MIB = 1024 ** 2;

/** Most peers a plan may have (the planner's maxNodes bound); the operator's own limit is checks/operator-peer-limit.ts. */
export const MAX_PEERS = PLAN_LIMITS.maxNodes;

export interface Sizing {
  /** `1.19.0` */
  version: string;
  /** `v1.19.0` (Docker tag form, also the QdrantCluster `spec.version` form). */
  versionTag: string;
  peers: number;
  /** CPU cores per peer: the plan's request as it is (src/plan/resources.ts rounds it once, to 0.5 core). */
  cpuCores: number;
  /** Kubernetes quantity for cpuCores: `4` or `2500m`. */
  cpu: string;
  /** Memory per peer in GiB: the plan's request as it is (whole MiB, rounded once in src/plan/resources.ts; request = limit). */
  memoryGi: number;
  memory: string;
  memoryBytes: number;
  /** Data volume per peer in whole GiB, rounded up. */
  storageGi: number;
  storage: string;
  /** Snapshot volume per peer in whole GiB (0 = no snapshot volume). */
  snapshotGi: number;
  snapshot: string | undefined;
  storageClass: string | undefined;
  /**
   * The zone spread's whenUnsatisfiable: DoNotSchedule for a plan sized to lose a zone (plan.zones), whose check holds
   * only if no zone takes more than ceil(peers / zones) peers; else the option's, ScheduleAnyway by default.
   */
  zoneSpread: 'ScheduleAnyway' | 'DoNotSchedule';
  /** The zones the plan was sized to lose one of (plan.zones; 1 when none). */
  zones: number;
  /**
   * The zone spread's minDomains: the zone count for a plan sized to lose a zone, so that with fewer zones holding
   * nodes the scheduler counts the missing ones as empty and leaves pods Pending rather than crowd the zones there are
   * (Kubernetes: valid with DoNotSchedule only; on by default from 1.27, GA in 1.30, KEP-3022). Undefined otherwise.
   */
  zoneMinDomains: number | undefined;
  /** Disruptions the replication tolerates: min(RF - W, floor((peers - 1) / 2)); 0 for one peer. */
  toleratedDisruptions: number;
  /** PodDisruptionBudget maxUnavailable, or undefined when no PDB is emitted (one peer). */
  pdbMaxUnavailable: number | undefined;
  expectScaling: boolean;
  /**
   * GPU indexing: Qdrant builds HNSW on the GPU of the peer's own node, so the peers run on the GPU instance type
   * (`instanceType` = the plan's node) with one GPU each, the `-gpu-<vendor>` image and `gpu.indexing: true`.
   */
  gpu: { vendor: 'nvidia' | 'amd'; resource: string; tagSuffix: string; instanceType: string } | undefined;
  imageTag: string;
  /** Max segment size (KB) the collection needs: the plan's, capped by the GPU per-iteration limit. */
  maxSegmentSizeKb: number | undefined;
}

/** The pod size every deployment file's header states: `7 peers x 15 CPU, 118849Mi memory (request = limit), 106Gi volume.` */
export function podSizeLine(s: Sizing): string {
  return `${counted(s.peers, 'peer')} x ${s.cpu} CPU, ${s.memory} memory (request = limit), ${s.storage} volume.`;
}

/** Why the PodDisruptionBudget allows what it does: `replication_factor 2 with write_consistency_factor 1 on 7 peers tolerates 1 peer down`. */
export function toleratesText(plan: Pick<Plan, 'replicationFactor' | 'writeConsistencyFactor'>, peers: number, tolerated: number): string {
  return `replication_factor ${plan.replicationFactor} with write_consistency_factor ${plan.writeConsistencyFactor} on ${counted(peers, 'peer')} tolerates ${counted(tolerated, 'peer')} down`;
}

export function ceilGi(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / GIB - 1e-12));
}

function requireFinite(field: string, value: number, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new QsizeInputError(field, value, `a finite number >= ${min}`);
  }
  return value;
}

function requireInt(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new QsizeInputError(field, value, `a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * Whether the plan expects the cluster to grow: it is sized for more points than the collection holds today (a
 * growth horizon, constraints.growth: the estimate is at points now + per month x months, src/spec/workload.ts).
 * (Before, this compared the busiest peer's data with the average peer's, which measures shard skew, not growth: a
 * plan for 50M points growing 2M a month got no rebalanceStrategy, a 400M plan without growth got one.)
 */
export function planExpectsScaling(plan: Plan): boolean {
  return plan.peers > 1 && plan.estimate.points > plan.workload.points;
}

export function deriveSizing(plan: Plan, options: EmitOptions): Sizing {
  // Every renderer starts here: what is not a plan (null, or the whole recommendation, a library caller's usual slip)
  // is named as such, not a TypeError from deep inside.
  const given: unknown = plan;
  if (!isRecord(given) || given['schemaVersion'] !== 'qsize.plan/v1') {
    const version = isRecord(given) ? given['schemaVersion'] : given;
    throw new QsizeInputError('plan', version, 'a plan from recommend() (schemaVersion qsize.plan/v1)', isRecord(given) && isRecord(given['plan']) ? 'this is a recommendation: pass its .plan' : undefined);
  }
  // A plan edited by hand may carry a workload recommend() would refuse (a cyclic or runaway metadata): the input
  // limits (src/spec/limits.ts) are checked before any renderer walks it, without recursion.
  const shape = findShapeProblem(plan.workload, { maxDepth: INPUT_LIMITS.depth, maxBytes: INPUT_LIMITS.workloadBytes, maxString: INPUT_LIMITS.stringChars });
  if (shape) throw new QsizeValidationError([{ field: formatPath(['plan', 'workload', ...shape.path]), message: shape.message }]);
  const v = parseVersion(plan.qdrantVersion);
  if (!v) throw new QsizeInputError('plan.qdrantVersion', plan.qdrantVersion, `a Qdrant version from ${VERSION_RANGE_TEXT}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(plan.catalogDate)) {
    throw new QsizeInputError('plan.catalogDate', plan.catalogDate, 'a date as YYYY-MM-DD');
  }
  const peers = requireInt('plan.peers', plan.peers, 1, MAX_PEERS);
  requireInt('plan.shardNumber', plan.shardNumber, 1, 1024);
  const rf = requireInt('plan.replicationFactor', plan.replicationFactor, 1, peers);
  requireInt('plan.writeConsistencyFactor', plan.writeConsistencyFactor, 1, rf);
  const p = plan.perPeer;
  requireFinite('plan.perPeer.memoryRequestBytes', p.memoryRequestBytes, 1);
  requireFinite('plan.perPeer.cpuCores', p.cpuCores, 0.001);
  requireFinite('plan.perPeer.volumeBytes', p.volumeBytes, 1);
  requireFinite('plan.perPeer.snapshotVolumeBytes', p.snapshotVolumeBytes, 0);
  if (p.memoryRequestBytes < p.residentBytes + p.pageCacheBytes) {
    throw new QsizeInputError(
      'plan.perPeer.memoryRequestBytes',
      p.memoryRequestBytes,
      `at least residentBytes + pageCacheBytes (${p.residentBytes + p.pageCacheBytes})`,
    );
  }

  const version = formatVersion(v);
  const versionTag = `v${version}`;
  // The plan rounded its requests once (src/plan/resources.ts); a plan edited by hand must keep that form.
  const cpuCores = p.cpuCores;
  if (cpuCores < CPU_REQUEST_STEP_CORES || Math.abs(cpuCores / CPU_REQUEST_STEP_CORES - Math.round(cpuCores / CPU_REQUEST_STEP_CORES)) > 1e-9) {
    throw new QsizeInputError('plan.perPeer.cpuCores', cpuCores, `a multiple of ${CPU_REQUEST_STEP_CORES} core, at least ${CPU_REQUEST_STEP_CORES} (KubeBlocks' multipleOf)`);
  }
  if (!Number.isInteger(p.memoryRequestBytes / MIB)) {
    throw new QsizeInputError('plan.perPeer.memoryRequestBytes', p.memoryRequestBytes, 'a whole number of MiB');
  }
  const memoryMi = p.memoryRequestBytes / MIB;
  const memoryGi = memoryMi / 1024;
  const storageGi = ceilGi(p.volumeBytes);
  const snapshotGi = p.snapshotVolumeBytes > 0 ? ceilGi(p.snapshotVolumeBytes) : 0;
  const storageClassRaw = options.storageClass ?? plan.storageClass;
  const storageClass = storageClassRaw === undefined ? undefined : requireSubdomain('plan.storageClass', storageClassRaw);

  const tolerated = toleratedDisruptions(plan);
  let pdbMaxUnavailable: number | undefined;
  if (peers > 1) {
    if (options.pdbMaxUnavailable !== undefined && options.pdbMaxUnavailable > tolerated) {
      throw new QsizeInputError(
        'options.pdbMaxUnavailable',
        options.pdbMaxUnavailable,
        `at most ${tolerated}`,
        toleratesText(plan, peers, tolerated),
      );
    }
    pdbMaxUnavailable = options.pdbMaxUnavailable ?? tolerated;
  }

  const zones = plan.zones?.zones ?? 1;
  if (zones > 1 && options.zoneSpread === 'ScheduleAnyway') {
    throw new QsizeInputError(
      'options.zoneSpread',
      options.zoneSpread,
      'DoNotSchedule (or unset) for a plan sized to lose a zone',
      `the plan survives losing one of ${zones} zones only if no zone holds more than ${plan.zones?.peersPerZoneMax ?? Math.ceil(peers / zones)} peers, which ScheduleAnyway does not enforce`,
    );
  }
  const zoneSpread = options.zoneSpread ?? (zones > 1 ? 'DoNotSchedule' : 'ScheduleAnyway');

  let gpu: Sizing['gpu'];
  if (plan.gpu?.enabled) {
    if (v.minor < 13) throw new QsizeInputError('plan.gpu', plan.gpu.vendor, 'GPU indexing, which needs Qdrant 1.13.0 or later');
    const vendor = plan.gpu.vendor;
    const gpuType = requireLabelValue('plan.gpu.instanceType', plan.gpu.instanceType);
    const nodeType = requireLabelValue('plan.node.instanceType', plan.node.instanceType);
    // Qdrant has no remote GPU builder: a peer indexes on its own node's GPU. A plan whose peers are sized for one
    // instance type but pinned to another would emit pods that cannot schedule (or cannot index), so refuse it.
    if (gpuType !== nodeType) {
      throw new QsizeInputError(
        'plan.gpu.instanceType',
        gpuType,
        `the peers' node type ${nodeType}: Qdrant indexes on the GPU of each peer's own node, so a GPU plan's peers must be GPU instances`,
      );
    }
    gpu = {
      vendor,
      resource: vendor === 'nvidia' ? 'nvidia.com/gpu' : 'amd.com/gpu',
      tagSuffix: vendor === 'nvidia' ? '-gpu-nvidia' : '-gpu-amd',
      instanceType: nodeType,
    };
  }
  const planSeg = plan.optimizers.max_segment_size;
  const gpuSeg = plan.gpu?.enabled ? plan.gpu.maxSegmentSizeKb : undefined;
  const segs = [planSeg, gpuSeg].filter((x): x is number => typeof x === 'number' && x > 0);
  const maxSegmentSizeKb = segs.length > 0 ? Math.min(...segs) : undefined;

  return {
    version,
    versionTag,
    peers,
    cpuCores,
    cpu: cpuQuantity(cpuCores),
    memoryGi,
    memory: memoryQuantity(p.memoryRequestBytes),
    memoryBytes: memoryGi * GIB,
    storageGi,
    storage: `${storageGi}Gi`,
    snapshotGi,
    snapshot: snapshotGi > 0 ? `${snapshotGi}Gi` : undefined,
    storageClass,
    zoneSpread,
    zones,
    zoneMinDomains: zones > 1 ? zones : undefined,
    toleratedDisruptions: tolerated,
    pdbMaxUnavailable,
    expectScaling: options.expectScaling ?? planExpectsScaling(plan),
    gpu,
    imageTag: `${versionTag}${gpu?.tagSuffix ?? ''}`,
    maxSegmentSizeKb,
  };
}

/** The component of the KubeBlocks qdrant addon's Cluster (addons/qdrant: one component, `qdrant`). */
export const KUBEBLOCKS_COMPONENT = 'qdrant';

/**
 * The KubeBlocks workload of a Cluster's component, `<cluster>-<component>`: the InstanceSet's name, the prefix of its
 * pods (`<cluster>-qdrant-<i>`) and of its Services (`-headless`, and the client Service `<cluster>-qdrant-qdrant`)
 * (apecloud/kubeblocks pkg/constant/pattern.go GenerateWorkloadNamePattern, GenerateComponentServiceName at 13138f46).
 */
export function kubeBlocksWorkloadName(cluster: string): string {
  return `${cluster}-${KUBEBLOCKS_COMPONENT}`;
}

/** Helm fullname: `<release>-qdrant`, or the release name when it already contains "qdrant" (charts/qdrant/templates/_helpers.tpl). */
export function helmFullname(release: string): string {
  return (release.includes('qdrant') ? release : `${release}-qdrant`).slice(0, 63).replace(/-+$/, '');
}

/**
 * DNS names the p2p certificate must cover, short and namespace-qualified. KubeBlocks names its pods
 * `<cluster>-<component>-<i>` and the component's headless Service `<cluster>-<component>-headless`
 * (apecloud/kubeblocks pkg/constant/pattern.go GenerateWorkloadNamePattern, GenerateDefaultComponentHeadlessServiceName,
 * at 13138f46); the component is `qdrant`.
 */
export function peerDnsNames(kind: 'helm' | 'operator' | 'kubeblocks', options: EmitOptions, peers: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < peers; i += 1) {
    const [pod, svc] =
      kind === 'operator'
        ? [`qdrant-${options.clusterId}-${i}`, `qdrant-headless-${options.clusterId}`]
        : kind === 'kubeblocks'
          ? [`${kubeBlocksWorkloadName(options.name)}-${i}`, `${kubeBlocksWorkloadName(options.name)}-headless`]
          : [`${helmFullname(options.name)}-${i}`, `${helmFullname(options.name)}-headless`];
    names.push(`${pod}.${svc}`, `${pod}.${svc}.${options.namespace}.svc`, `${pod}.${svc}.${options.namespace}.svc.cluster.local`);
  }
  return names;
}
