/**
 * A QdrantCluster (qdrant.io/v1) for the Qdrant operator (Hybrid/Private Cloud). Field names and
 * types follow github.com/qdrant/kubernetes-api crds/qdrant.io_qdrantclusters.yaml (tag v1.37.6);
 * naming rules follow https://qdrant.tech/documentation/private-cloud/qdrant-cluster-management/.
 */
import { QsizeInputError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import { parseEmitOptions, type EmitOptions, type EmitOptionsInput } from './options.js';
import { QdrantClusterObject } from './schemas/qdrant-cluster.js';
import { checkAgainst } from './schemas/check.js';
import { deriveSizing, peerDnsNames, podSizeLine, type Sizing } from './sizing.js';
import { headerLines, k8sOrder, toYaml } from './yaml.js';

/**
 * The ids the Qdrant process runs as where qsize names them (the QdrantCluster's spec.security): the Helm chart's own
 * defaults, containerSecurityContext runAsUser 1000 / runAsGroup 2000 and podSecurityContext fsGroup 3000
 * (github.com/qdrant/qdrant-helm charts/qdrant/values.yaml, chart 1.19.0), so both deployments run Qdrant as the same
 * non-root user; uid 1000 is also the user of Qdrant's -unprivileged images (Dockerfile USER_ID, built with
 * USER_ID=1000 by .github/workflows/docker-image.yml, qdrant/qdrant v1.19.0). The fsGroup makes the volumes writable
 * by that user (Kubernetes sets their group and group permissions), whatever user the image itself names.
 */
export const QDRANT_NON_ROOT = { user: 1000, group: 2000, fsGroup: 3000 } as const;

export function buildQdrantCluster(plan: Plan, options: EmitOptions, s: Sizing): QdrantClusterObject {
  if (options.customerId === undefined) {
    throw new QsizeInputError('options.customerId', undefined, 'a customer id (the QdrantCluster needs the customer-id label)');
  }
  const id = options.clusterId;
  const multi = s.peers > 1;
  const tls = options.tls?.enabled ? options.tls : undefined;
  const service: NonNullable<NonNullable<QdrantClusterObject['spec']['config']>['service']> = {};
  if (options.apiKeySecret) service.api_key = { secretKeyRef: { ...options.apiKeySecret } };
  if (options.readOnlyApiKeySecret) service.read_only_api_key = { secretKeyRef: { ...options.readOnlyApiKeySecret } };
  if (tls) service.enable_tls = true;

  const threads = plan.optimizers.max_optimization_threads;
  const spec: QdrantClusterObject['spec'] = {
    id,
    version: s.versionTag,
    size: s.peers,
    resources: {
      cpu: s.cpu,
      memory: s.memory,
      storage: s.storage,
      requests: { cpu: s.cpu, memory: s.memory },
    },
    ...(s.gpu ? { gpu: { gpuType: s.gpu.vendor, allowIntegrated: false, forceHalfPrecision: false } } : {}),
    ...(multi && s.expectScaling ? { rebalanceStrategy: 'by_count_and_size' as const } : {}),
    ...(s.storageClass !== undefined ? { storageClassNames: { db: s.storageClass, snapshots: s.storageClass } } : {}),
    service: { type: options.serviceType },
    ...(s.gpu
      ? {
          nodeSelector: { 'node.kubernetes.io/instance-type': s.gpu.instanceType },
          tolerations: [{ key: s.gpu.resource, operator: 'Exists' as const, effect: 'NoSchedule' as const }],
        }
      : {}),
    ...(multi
      ? {
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { 'cluster-id': id } } },
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: s.zoneSpread,
              ...(s.zoneMinDomains !== undefined ? { minDomains: s.zoneMinDomains } : {}),
              labelSelector: { matchLabels: { 'cluster-id': id } },
            },
          ],
        }
      : {}),
    ...(s.pdbMaxUnavailable !== undefined ? { podDisruptionBudget: { maxUnavailable: s.pdbMaxUnavailable } } : {}),
    security: { ...QDRANT_NON_ROOT },
    config: {
      collection: { replication_factor: plan.replicationFactor, write_consistency_factor: plan.writeConsistencyFactor },
      ...(threads !== undefined ? { storage: { performance: { optimizer_cpu_budget: threads } } } : {}),
      ...(Object.keys(service).length > 0 ? { service } : {}),
      ...(tls
        ? {
            tls: {
              cert: { secretKeyRef: { name: tls.secretName, key: tls.certKey } },
              key: { secretKeyRef: { name: tls.secretName, key: tls.keyKey } },
              caCert: { secretKeyRef: { name: tls.secretName, key: tls.caKey } },
            },
          }
        : {}),
    },
  };
  return k8sOrder({
    apiVersion: 'qdrant.io/v1' as const,
    kind: 'QdrantCluster' as const,
    metadata: {
      name: `qdrant-${id}`,
      namespace: options.namespace,
      labels: { 'cluster-id': id, 'customer-id': options.customerId },
    },
    spec,
  });
}

export function renderQdrantCluster(plan: Plan, optionsInput?: EmitOptionsInput | EmitOptions): string {
  const options = parseEmitOptions(optionsInput);
  const s = deriveSizing(plan, options);
  const obj = checkAgainst(QdrantClusterObject, buildQdrantCluster(plan, options, s), 'qdrant-cluster.yaml');
  const header = [
    ...headerLines(plan, options, 'QdrantCluster (qdrant.io/v1) for the Qdrant operator (Hybrid/Private Cloud).'),
    `kubectl apply -n ${options.namespace} -f operator/qdrant-cluster.yaml`,
    podSizeLine(s),
  ];
  const trailer: string[] = [];
  if (options.tls?.enabled) {
    trailer.push(`The certificate in Secret ${options.tls.secretName} must cover these peer names (p2p TLS):`);
    for (const n of peerDnsNames('operator', options, s.peers)) trailer.push(`  ${n}`);
  }
  return toYaml(obj, header, trailer);
}
