/**
 * A hand-written zod mirror of the part of the Qdrant Helm chart's values that qsize emits.
 * Source: github.com/qdrant/qdrant-helm, charts/qdrant/values.yaml at commit
 * fd6321f1ff0a9538a7fffc6829f012a017ce1e86 (chart 1.19.0), and how charts/qdrant/templates/
 * statefulset.yaml and pdb.yaml read them. The chart ships no values.schema.json, so Helm checks
 * nothing; this mirror is strict (unknown keys fail) so a misspelled key is caught here.
 * `config` is Qdrant's own config file (config/config.yaml in qdrant/qdrant) and is mirrored only
 * for the sections qsize writes.
 */
import { z } from 'zod';

const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/, { message: 'a Kubernetes quantity string' });
const labelMap = z.record(z.string(), z.string());

const SecretKeySelector = z.strictObject({ name: z.string().min(1), key: z.string().min(1), optional: z.boolean().optional() });

/** `env` items: `{name, value}` or `{name, valueFrom}` (statefulset.yaml ranges over .Values.env). */
const EnvVar = z.union([
  z.strictObject({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), value: z.string() }),
  z.strictObject({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), valueFrom: z.strictObject({ secretKeyRef: SecretKeySelector }) }),
]);

const ServicePort = z.strictObject({
  name: z.enum(['http', 'grpc', 'p2p']),
  port: z.number().int().min(1).max(65535),
  targetPort: z.number().int().min(1).max(65535),
  protocol: z.literal('TCP'),
  checksEnabled: z.boolean(),
  appProtocol: z.string().optional(),
  nodePort: z.number().int().optional(),
});

const LabelSelector = z.strictObject({ matchLabels: labelMap });

const TopologySpreadConstraint = z.strictObject({
  maxSkew: z.number().int().min(1),
  topologyKey: z.string().min(1),
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
  minDomains: z.number().int().min(1).optional(),
  labelSelector: LabelSelector,
});

const Toleration = z.strictObject({
  key: z.string(),
  operator: z.enum(['Exists', 'Equal']),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

const Affinity = z.strictObject({
  podAntiAffinity: z
    .strictObject({
      requiredDuringSchedulingIgnoredDuringExecution: z
        .array(z.strictObject({ labelSelector: LabelSelector, topologyKey: z.string().min(1) }))
        .min(1),
    })
    .optional(),
});

const Persistence = z.strictObject({
  accessModes: z.array(z.enum(['ReadWriteOnce', 'ReadWriteOncePod', 'ReadWriteMany'])).min(1),
  size: quantity,
  storageClassName: z.string().min(1).optional(),
});

/** Qdrant config (production.yaml) as far as qsize writes it. */
export const QdrantConfig = z.strictObject({
  cluster: z.strictObject({
    enabled: z.literal(true),
    p2p: z.strictObject({ port: z.literal(6335), enable_tls: z.boolean() }),
    consensus: z.strictObject({ tick_period_ms: z.number().int().min(1) }),
  }),
  service: z.strictObject({ enable_tls: z.boolean() }),
  storage: z.strictObject({
    collection: z.strictObject({
      replication_factor: z.number().int().min(1),
      write_consistency_factor: z.number().int().min(1),
    }),
    optimizers: z.strictObject({ max_optimization_threads: z.number().int().min(0) }).optional(),
    performance: z.strictObject({ optimizer_cpu_budget: z.number().int() }).optional(),
    /** Snapshot archives are built on the snapshot volume, not the data volume (src/emit/helm.ts). */
    temp_path: z.literal('/qdrant/snapshots').optional(),
  }),
  tls: z.strictObject({ cert: z.string().min(1), key: z.string().min(1), ca_cert: z.string().min(1) }).optional(),
  /** GPU indexing in this peer (needs the -gpu-nvidia / -gpu-amd image and a GPU on the node). */
  gpu: z.strictObject({ indexing: z.literal(true) }).optional(),
});

export const HelmValues = z.strictObject({
  replicaCount: z.number().int().min(1),
  image: z.strictObject({
    repository: z.string().min(1),
    pullPolicy: z.enum(['IfNotPresent', 'Always', 'Never']),
    /** Must be a semver tag: a non-semver tag (gpu-nvidia-latest) makes the probe's semverCompare fail. */
    tag: z.string().regex(/^v[0-9]+\.[0-9]+\.[0-9]+(-gpu-(nvidia|amd))?$/),
    useUnprivilegedImage: z.boolean(),
  }),
  /** Always false: no root init container (see buildHelmValues). */
  updateVolumeFsOwnership: z.literal(false),
  env: z.array(EnvVar),
  service: z.strictObject({
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']),
    ports: z.array(ServicePort).length(3),
  }),
  resources: z.strictObject({
    requests: z.record(z.string(), quantity),
    limits: z.record(z.string(), quantity),
  }),
  nodeSelector: labelMap,
  tolerations: z.array(Toleration),
  affinity: Affinity,
  topologySpreadConstraints: z.array(TopologySpreadConstraint),
  persistence: Persistence,
  snapshotPersistence: z.union([z.strictObject({ enabled: z.literal(false) }), Persistence.extend({ enabled: z.literal(true) }).strict()]),
  config: QdrantConfig,
  podDisruptionBudget: z.union([
    z.strictObject({ enabled: z.literal(false) }),
    z.strictObject({ enabled: z.literal(true), maxUnavailable: z.number().int().min(1) }),
    z.strictObject({ enabled: z.literal(true), maxUnavailable: z.null(), minAvailable: z.number().int().min(2) }),
  ]),
  additionalVolumes: z.array(
    z.strictObject({
      name: z.string().min(1),
      secret: z.strictObject({ secretName: z.string().min(1), defaultMode: z.number().int().min(0).max(0o777) }),
    }),
  ),
  additionalVolumeMounts: z.array(z.strictObject({ name: z.string().min(1), mountPath: z.string().startsWith('/'), readOnly: z.boolean() })),
});
export type HelmValues = z.infer<typeof HelmValues>;

/** Keys that the chart's values.yaml defines at the top level (commented ones included). */
export const CHART_TOP_LEVEL_KEYS = [
  'replicaCount', 'image', 'imagePullSecrets', 'nameOverride', 'fullnameOverride', 'args', 'env', 'service', 'ingress',
  'livenessProbe', 'readinessProbe', 'startupProbe', 'additionalLabels', 'additionalAnnotations', 'podAnnotations',
  'podLabels', 'resources', 'containerSecurityContext', 'podSecurityContext', 'lifecycle', 'updateVolumeFsOwnership',
  'nodeSelector', 'tolerations', 'affinity', 'topologySpreadConstraints', 'persistence', 'snapshotPersistence',
  'snapshotRestoration', 'config', 'sidecarContainers', 'metrics', 'serviceAccount', 'priorityClassName',
  'shareProcessNamespace', 'podManagementPolicy', 'podDisruptionBudget', 'apiKey', 'readOnlyApiKey',
  'additionalVolumes', 'additionalVolumeMounts', 'chartTests',
] as const;
