/**
 * A hand-written zod mirror of the QdrantCluster CRD (qdrant.io/v1) for the fields qsize emits.
 * Source: github.com/qdrant/kubernetes-api, crds/qdrant.io_qdrantclusters.yaml at commit
 * 802b52d2a741836f74116ff0bf59d442e116b8bd (tag v1.37.6), spec.versions[v1].schema.openAPIV3Schema.
 * The CRD marks `spec` with x-kubernetes-preserve-unknown-fields, so the API server keeps misspelled
 * fields silently; this mirror is strict instead. The operator's Go Validate() additionally parses
 * resources.cpu/memory/storage as quantities (empty fails), so they are required here.
 * The metadata rules (name `qdrant-<id>`, labels cluster-id and customer-id) come from the Private
 * Cloud docs, not the schema, and are checked in `QdrantClusterObject`.
 */
import { z } from 'zod';
import { DNS1123_LABEL, LABEL_VALUE } from '../options.js';

const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/, { message: 'a Kubernetes quantity string' });

const SecretKeyRef = z.strictObject({
  secretKeyRef: z.strictObject({ name: z.string().min(1), key: z.string().min(1), optional: z.boolean().optional() }),
});

const TopologySpreadConstraint = z.strictObject({
  maxSkew: z.number().int().min(1),
  topologyKey: z.string().min(1),
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
  minDomains: z.number().int().min(1).optional(),
  labelSelector: z.strictObject({ matchLabels: z.record(z.string(), z.string()) }).optional(),
});

export const QdrantClusterSpec = z.strictObject({
  id: z.string().min(1),
  version: z.string().regex(/^v[0-9]+\.[0-9]+\.[0-9]+$/),
  size: z.number().int().min(1).max(100),
  resources: z.strictObject({
    cpu: quantity,
    memory: quantity,
    storage: quantity,
    requests: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
  }),
  gpu: z
    .strictObject({
      gpuType: z.enum(['nvidia', 'amd']),
      allowIntegrated: z.boolean(),
      forceHalfPrecision: z.boolean(),
      parallelIndexes: z.number().int().min(1).optional(),
      groupsCount: z.number().int().min(1).optional(),
    })
    .optional(),
  rebalanceStrategy: z.enum(['by_count', 'by_size', 'by_count_and_size', 'disabled']).optional(),
  storageClassNames: z.strictObject({ db: z.string().min(1).optional(), snapshots: z.string().min(1).optional() }).optional(),
  service: z.strictObject({ type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']) }).optional(),
  nodeSelector: z.record(z.string(), z.string()).optional(),
  tolerations: z
    .array(z.strictObject({ key: z.string(), operator: z.enum(['Exists', 'Equal']), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) }))
    .optional(),
  topologySpreadConstraints: z.array(TopologySpreadConstraint).optional(),
  podDisruptionBudget: z.strictObject({ maxUnavailable: z.union([z.number().int().min(0), z.string()]) }).optional(),
  /** spec.security (QdrantSecurityContext): the user, group and fsGroup the Qdrant process runs as; never root here. */
  security: z.strictObject({ user: z.number().int().min(1), group: z.number().int().min(1), fsGroup: z.number().int().min(1) }).optional(),
  config: z
    .strictObject({
      collection: z
        .strictObject({ replication_factor: z.number().int().min(1), write_consistency_factor: z.number().int().min(1) })
        .optional(),
      storage: z
        .strictObject({ performance: z.strictObject({ optimizer_cpu_budget: z.number().int() }).optional() })
        .optional(),
      service: z
        .strictObject({
          api_key: SecretKeyRef.optional(),
          read_only_api_key: SecretKeyRef.optional(),
          enable_tls: z.boolean().optional(),
        })
        .optional(),
      tls: z.strictObject({ cert: SecretKeyRef, key: SecretKeyRef, caCert: SecretKeyRef.optional() }).optional(),
    })
    .optional(),
});

/** The whole object, with the naming rules the CRD does not enforce. */
export const QdrantClusterObject = z
  .strictObject({
    apiVersion: z.literal('qdrant.io/v1'),
    kind: z.literal('QdrantCluster'),
    metadata: z.strictObject({
      name: z.string().max(63).regex(DNS1123_LABEL),
      namespace: z.string().regex(DNS1123_LABEL).optional(),
      labels: z
        .object({ 'cluster-id': z.string().regex(LABEL_VALUE).min(1), 'customer-id': z.string().regex(LABEL_VALUE).min(1).max(63) })
        .catchall(z.string().regex(LABEL_VALUE)),
      annotations: z.record(z.string(), z.string()).optional(),
    }),
    spec: QdrantClusterSpec,
  })
  .superRefine((o, ctx) => {
    if (o.metadata.name !== `qdrant-${o.spec.id}`) {
      ctx.addIssue({ code: 'custom', path: ['metadata', 'name'], message: 'must be qdrant-<spec.id>' });
    }
    if (o.metadata.labels['cluster-id'] !== o.spec.id) {
      ctx.addIssue({ code: 'custom', path: ['metadata', 'labels', 'cluster-id'], message: 'must equal spec.id' });
    }
    if (!DNS1123_LABEL.test(`qdrant-headless-${o.spec.id}`) || `qdrant-headless-${o.spec.id}`.length > 63) {
      ctx.addIssue({ code: 'custom', path: ['spec', 'id'], message: 'qdrant-headless-<id> must be a DNS-1123 label' });
    }
  });
export type QdrantClusterObject = z.infer<typeof QdrantClusterObject>;
