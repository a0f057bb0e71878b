/**
 * KubeBlocks' Qdrant addon: the Cluster (apps.kubeblocks.io/v1) as the qdrant-cluster chart renders
 * it, and the values for that chart (github.com/apecloud/kubeblocks-addons, addons-cluster/qdrant,
 * chart qdrant-cluster 1.2.0-alpha.0). The addon has no GPU support.
 */
import { QsizeInputError, QsizeValidationError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import { KUBEBLOCKS_NAME, NAME_LIMITS, parseEmitOptions, type EmitOptions, type EmitOptionsInput } from './options.js';
import {
  KUBEBLOCKS_SERVICE_VERSIONS,
  KubeBlocksChartValues,
  KubeBlocksClusterObject,
} from './schemas/kubeblocks.js';
import { checkAgainst } from './schemas/check.js';
import { PodDisruptionBudgetObject } from './schemas/pod-disruption-budget.js';
import { deriveSizing, KUBEBLOCKS_COMPONENT, kubeBlocksWorkloadName, peerDnsNames, podSizeLine, toleratesText, type Sizing } from './sizing.js';
import { counted } from '../util/plural.js';
import { headerLines, k8sOrder, toYaml } from './yaml.js';

/** Keeps the data when the Cluster object is deleted by mistake; switch to Delete deliberately. */
export const KUBEBLOCKS_TERMINATION_POLICY = 'DoNotTerminate' as const;

type ServiceVersion = (typeof KUBEBLOCKS_SERVICE_VERSIONS)[number];

/**
 * Why the KubeBlocks qdrant addon cannot run this Qdrant version (undefined when it can): it serves only its
 * serviceVersions. A sentence, not a field error: renderAll gives it as the reason the kubeblocks/ files are skipped.
 */
export function kubeBlocksVersionProblem(version: string): string | undefined {
  if ((KUBEBLOCKS_SERVICE_VERSIONS as readonly string[]).includes(version)) return undefined;
  const newest = KUBEBLOCKS_SERVICE_VERSIONS[KUBEBLOCKS_SERVICE_VERSIONS.length - 1];
  return `the KubeBlocks qdrant addon serves no Qdrant ${version} (its serviceVersions: ${KUBEBLOCKS_SERVICE_VERSIONS.join(', ')}); plan for ${newest}, the newest it serves, to deploy with KubeBlocks`;
}

function requireKubeBlocks(options: EmitOptions, s: Sizing): ServiceVersion {
  if (options.name.length > NAME_LIMITS.kubeblocksNameMax || !KUBEBLOCKS_NAME.test(options.name)) {
    throw new QsizeInputError('options.name', options.name, 'a KubeBlocks cluster name: a letter first, at most 16 of [a-z0-9-]');
  }
  const problem = kubeBlocksVersionProblem(s.version);
  if (problem !== undefined) throw new QsizeInputError('qdrantVersion', s.version, `a version the addon serves: ${problem}`);
  return s.version as ServiceVersion;
}

/**
 * The addon has no GPU support: the Cluster requests the GPU plan's CPU and memory (which fit the GPU node) but no GPU,
 * no node selector and the plain image, so it indexes on CPU. Say so, with the CPU build time that then applies.
 */
function kubeBlocksGpuNote(plan: Plan): string[] {
  const cpuH = plan.indexing ? `${(plan.indexing.cpuBuildSeconds / 3600).toFixed(2)} h` : 'the CPU time';
  const gpuH = plan.indexing?.gpuBuildSeconds !== undefined ? ` instead of ${(plan.indexing.gpuBuildSeconds / 3600).toFixed(2)} h on the GPU` : '';
  return [
    `The KubeBlocks qdrant addon has no GPU support: this cluster runs the plain image and indexes on CPU (a full build of the busiest peer: ${cpuH} on ${plan.node.vcpu} vCPU${gpuH}).`,
    'It requests no GPU and sets no node selector, so its pods may land on any node with room; for KubeBlocks, size from the plan\'s CPU-only alternative instead.',
  ];
}

/** KubeBlocks pod labels used by the anti-affinity and the NetworkPolicy. */
export function kubeBlocksPodLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/instance': name, 'apps.kubeblocks.io/component-name': KUBEBLOCKS_COMPONENT };
}

export function buildKubeBlocksCluster(plan: Plan, options: EmitOptions, s: Sizing): KubeBlocksClusterObject {
  const serviceVersion = requireKubeBlocks(options, s);
  const env = [
    ...(options.apiKeySecret ? [{ name: 'QDRANT__SERVICE__API_KEY', valueFrom: { secretKeyRef: { ...options.apiKeySecret } } }] : []),
    ...(options.readOnlyApiKeySecret
      ? [{ name: 'QDRANT__SERVICE__READ_ONLY_API_KEY', valueFrom: { secretKeyRef: { ...options.readOnlyApiKeySecret } } }]
      : []),
  ];
  const tls = options.tls?.enabled ? options.tls : undefined;
  const selector = { matchLabels: kubeBlocksPodLabels(options.name) };
  const component: KubeBlocksClusterObject['spec']['componentSpecs'][number] = {
    name: KUBEBLOCKS_COMPONENT,
    componentDef: 'qdrant',
    serviceVersion,
    replicas: s.peers,
    ...(env.length > 0 ? { env } : {}),
    resources: { limits: { cpu: s.cpu, memory: s.memory }, requests: { cpu: s.cpu, memory: s.memory } },
    volumeClaimTemplates: [
      {
        name: 'data',
        spec: {
          ...(s.storageClass !== undefined ? { storageClassName: s.storageClass } : {}),
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: s.storage } },
        },
      },
    ],
    configs: [{ name: 'qdrant-config-template', variables: { default_replication_factor: String(plan.replicationFactor) } }],
    ...(tls
      ? { tls: true, issuer: { name: 'UserProvided' as const, secretRef: { name: tls.secretName, ca: tls.caKey, cert: tls.certKey, key: tls.keyKey } } }
      : {}),
    ...(s.peers > 1
      ? {
          schedulingPolicy: {
            affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: 'kubernetes.io/hostname' }] } },
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: s.zoneSpread,
                ...(s.zoneMinDomains !== undefined ? { minDomains: s.zoneMinDomains } : {}),
                labelSelector: selector,
              },
            ],
          },
        }
      : {}),
  };
  return k8sOrder({
    apiVersion: 'apps.kubeblocks.io/v1' as const,
    kind: 'Cluster' as const,
    metadata: { name: options.name, namespace: options.namespace },
    spec: { terminationPolicy: KUBEBLOCKS_TERMINATION_POLICY, clusterDef: 'qdrant' as const, topology: 'cluster' as const, componentSpecs: [component] },
  });
}

/**
 * KubeBlocks writes no PodDisruptionBudget for a Cluster's pods: it stopped in 0.7 (apecloud/kubeblocks ac1a9702,
 * "remove PDB as it's not used since 0.7", #6427) and its controllers at 13138f46 create none, and the Cluster CRD
 * has no field for one. So a multi-peer Cluster gets its own, kubeblocks/pdb.yaml: the same maxUnavailable as the
 * Helm values and the QdrantCluster (Sizing.pdbMaxUnavailable, from toleratedDisruptions), over the pods the
 * anti-affinity and the NetworkPolicy select, narrowed to those the InstanceSet owns. Undefined for one peer (a PDB would block every drain).
 * `maxUnavailable` (not only an integer `minAvailable`) works on these pods because their controller, the InstanceSet
 * (SetControllerReference in pkg/controller/instanceset/instance_util.go), has the scale subresource
 * (config/crd/bases/workloads.kubeblocks.io_instancesets.yaml, v1), which the disruption controller reads.
 */
/**
 * The label the InstanceSet puts on the pods it owns, valued with its name `<cluster>-<component>` (apecloud/kubeblocks
 * pkg/controller/instanceset/utils.go getMatchLabels and types.go WorkloadsInstanceLabelKey, the same from v1.0.0 to
 * 13138f46; the name is pkg/constant/pattern.go GenerateWorkloadNamePattern). The PDB selects by it too, so that no
 * other pod carrying the cluster's labels (a backup or restore Job's, should it carry them: not checked) falls under the budget: the disruption
 * controller needs every selected pod's controller to have a scale subresource for maxUnavailable, and a Job has none.
 */
export const KUBEBLOCKS_INSTANCESET_LABEL = 'workloads.kubeblocks.io/instance';

export function buildKubeBlocksPdb(options: EmitOptions, s: Sizing): PodDisruptionBudgetObject | undefined {
  if (s.pdbMaxUnavailable === undefined) return undefined;
  return k8sOrder({
    apiVersion: 'policy/v1' as const,
    kind: 'PodDisruptionBudget' as const,
    metadata: { name: kubeBlocksWorkloadName(options.name), namespace: options.namespace },
    spec: { maxUnavailable: s.pdbMaxUnavailable, selector: { matchLabels: { ...kubeBlocksPodLabels(options.name), [KUBEBLOCKS_INSTANCESET_LABEL]: kubeBlocksWorkloadName(options.name) } } },
  });
}

/**
 * The qdrant-cluster chart has no value for an API key or for TLS (its values.schema.json and values.yaml have
 * neither: test/emit/upstream/kubeblocks/), so values that asked for them would install a cluster without
 * them. Such values are refused; kubeblocks/cluster.yaml carries both, by reference. So are values for a plan sized
 * to lose a zone (--zones): the chart has no topology spread either, and the Cluster sets the one the plan rests on.
 */
export function kubeBlocksValuesRefusal(options: EmitOptions, s: Sizing): string | undefined {
  const wanted = [
    ...(options.apiKeySecret || options.readOnlyApiKeySecret ? ['an API key'] : []),
    ...(options.tls?.enabled ? ['TLS'] : []),
  ];
  if (wanted.length > 0) {
    return `the KubeBlocks qdrant-cluster chart has no values for ${wanted.join(' or ')}, so a cluster installed from them would run without; apply kubeblocks/cluster.yaml instead, which references the Secret(s)`;
  }
  // A plan sized to lose a zone rests on the enforced spread (Sizing.zoneSpread); the chart's values carry no
  // topologySpreadConstraints at all (test/emit/upstream/kubeblocks/values.schema.json).
  if (s.zones > 1) {
    return `the KubeBlocks qdrant-cluster chart has no values for a zone spread, and the plan survives losing one of ${s.zones} zones only with its peers spread over them (DoNotSchedule); apply kubeblocks/cluster.yaml instead, which sets it`;
  }
  return undefined;
}

/** Values for the qdrant-cluster chart: numbers where its values.schema.json expects numbers. */
export function buildKubeBlocksValues(plan: Plan, options: EmitOptions, s: Sizing): KubeBlocksChartValues {
  const version = requireKubeBlocks(options, s);
  const refusal = kubeBlocksValuesRefusal(options, s);
  if (refusal !== undefined) throw new QsizeValidationError([{ field: 'kubeblocks/values.yaml', message: refusal }]);
  const values: KubeBlocksChartValues = {
    version,
    replicas: s.peers,
    cpu: s.cpuCores,
    memory: s.memoryGi,
    storage: s.storageGi,
    ...(s.storageClass !== undefined ? { storageClassName: s.storageClass } : {}),
    config: { default_replication_factor: String(plan.replicationFactor) },
    extra: { terminationPolicy: KUBEBLOCKS_TERMINATION_POLICY },
  };
  const parsed = KubeBlocksChartValues.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? issue.path.map(String).join('.') : '(root)';
    throw new QsizeInputError(`kubeblocks values ${field}`, (values as Record<string, unknown>)[field], issue?.message ?? 'within the qdrant-cluster chart schema');
  }
  return values;
}

export function renderKubeBlocksCluster(plan: Plan, optionsInput?: EmitOptionsInput | EmitOptions): string {
  const options = parseEmitOptions(optionsInput);
  const s = deriveSizing(plan, options);
  const obj = checkAgainst(KubeBlocksClusterObject, buildKubeBlocksCluster(plan, options, s), 'kubeblocks-cluster.yaml');
  const header = [
    ...headerLines(plan, options, 'KubeBlocks Cluster (apps.kubeblocks.io/v1) for the KubeBlocks qdrant addon.'),
    `kubectl apply -n ${options.namespace} -f kubeblocks/cluster.yaml`,
    podSizeLine(s),
    ...(s.gpu ? kubeBlocksGpuNote(plan) : []),
  ];
  const trailer: string[] = [];
  if (options.tls?.enabled) {
    trailer.push(`The certificate in Secret ${options.tls.secretName} must cover these peer names (p2p TLS):`);
    for (const n of peerDnsNames('kubeblocks', options, s.peers)) trailer.push(`  ${n}`);
  }
  return toYaml(obj, header, trailer);
}

/** kubeblocks/pdb.yaml: the PodDisruptionBudget of a multi-peer KubeBlocks Cluster (QsizeInputError for one peer: none is written). */
export function renderKubeBlocksPdb(plan: Plan, optionsInput?: EmitOptionsInput | EmitOptions): string {
  const options = parseEmitOptions(optionsInput);
  const s = deriveSizing(plan, options);
  requireKubeBlocks(options, s);
  const built = buildKubeBlocksPdb(options, s);
  if (built === undefined) throw new QsizeInputError('plan.peers', s.peers, 'more than one peer (a single peer gets no PodDisruptionBudget: it would block every drain)');
  const obj = checkAgainst(PodDisruptionBudgetObject, built, 'kubeblocks-pdb.yaml');
  const header = [
    ...headerLines(plan, options, `PodDisruptionBudget for the Qdrant pods of the KubeBlocks Cluster ${options.name} (KubeBlocks creates none).`),
    `kubectl apply -n ${options.namespace} -f kubeblocks/pdb.yaml`,
    `At most ${s.pdbMaxUnavailable} of ${counted(s.peers, 'peer')} evicted at a time: ${toleratesText(plan, s.peers, s.toleratedDisruptions)}.`,
  ];
  return toYaml(obj, header);
}

export function renderKubeBlocksValues(plan: Plan, optionsInput?: EmitOptionsInput | EmitOptions): string {
  const options = parseEmitOptions(optionsInput);
  const s = deriveSizing(plan, options);
  const values = buildKubeBlocksValues(plan, options, s);
  const header = [
    ...headerLines(plan, options, 'values.yaml for the KubeBlocks qdrant-cluster chart 1.2.0-alpha.0 (apecloud/kubeblocks-addons addons-cluster/qdrant).'),
    `helm upgrade --install ${options.name} kubeblocks/qdrant-cluster -n ${options.namespace} -f kubeblocks/values.yaml`,
    'cpu in cores, memory and storage in Gi (the chart adds the unit). The chart has no values for API keys or TLS: for those, apply kubeblocks/cluster.yaml instead.',
  ];
  return toYaml(values, header);
}
