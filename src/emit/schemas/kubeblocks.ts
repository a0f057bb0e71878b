/**
 * Hand-written zod mirrors for KubeBlocks' Qdrant deployment:
 * - `KubeBlocksClusterObject`: the Cluster CRD apps.kubeblocks.io/v1 (github.com/apecloud/kubeblocks,
 *   config/crd/bases/apps.kubeblocks.io_clusters.yaml at commit 13138f463941aa24f5f1e7005d5433763b56360e),
 *   the fields qsize writes, shaped like the Cluster the qdrant-cluster chart renders.
 * - `KubeBlocksChartValues`: the qdrant-cluster chart's values.schema.json
 *   (github.com/apecloud/kubeblocks-addons, addons-cluster/qdrant/values.schema.json at commit
 *   ce67f5a83314fc52d5ae7dec3239836ae9c42d83): cpu/memory/storage are NUMBERS (cores, Gi, Gi) so
 *   that the schema's minimum/maximum/multipleOf apply (strings bypass them).
 */
import { z } from 'zod';
import { KUBEBLOCKS_NAME } from '../options.js';

const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|Pi)?$/, { message: 'a Kubernetes quantity string' });
const labelSelector = z.strictObject({ matchLabels: z.record(z.string(), z.string()) });

export const KUBEBLOCKS_SERVICE_VERSIONS = [
  '1.5.0', '1.7.3', '1.8.1', '1.8.4', '1.10.0', '1.13.4', '1.15.4', '1.15.5', '1.16.3', '1.17.1', '1.18.2', '1.19.0',
] as const;

const ComponentSpec = z.strictObject({
  name: z.string().max(22).regex(/^$|^[a-z]([a-z0-9-]*[a-z0-9])?$/),
  componentDef: z.string().max(64).regex(/^[a-z]([a-z0-9.-]*[a-z0-9])?$/).optional(),
  serviceVersion: z.enum(KUBEBLOCKS_SERVICE_VERSIONS),
  replicas: z.number().int().min(0),
  disableExporter: z.boolean().optional(),
  env: z
    .array(
      z.strictObject({
        name: z.string(),
        valueFrom: z.strictObject({ secretKeyRef: z.strictObject({ name: z.string().min(1), key: z.string().min(1) }) }),
      }),
    )
    .optional(),
  resources: z.strictObject({
    limits: z.strictObject({ cpu: quantity, memory: quantity }),
    requests: z.strictObject({ cpu: quantity, memory: quantity }),
  }),
  volumeClaimTemplates: z
    .array(
      z.strictObject({
        name: z.literal('data'),
        spec: z.strictObject({
          storageClassName: z.string().min(1).optional(),
          accessModes: z.array(z.literal('ReadWriteOnce')).min(1),
          resources: z.strictObject({ requests: z.strictObject({ storage: quantity }) }),
        }),
      }),
    )
    .length(1),
  configs: z
    .array(z.strictObject({ name: z.literal('qdrant-config-template'), variables: z.record(z.string(), z.string()) }))
    .optional(),
  tls: z.boolean().optional(),
  issuer: z
    .strictObject({
      name: z.enum(['KubeBlocks', 'UserProvided']),
      secretRef: z.strictObject({ name: z.string().min(1), ca: z.string().min(1), cert: z.string().min(1), key: z.string().min(1) }).optional(),
    })
    .optional(),
  schedulingPolicy: z
    .strictObject({
      affinity: z
        .strictObject({
          podAntiAffinity: z.strictObject({
            requiredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({ labelSelector, topologyKey: z.string().min(1) })).min(1),
          }),
        })
        .optional(),
      topologySpreadConstraints: z
        .array(
          z.strictObject({
            maxSkew: z.number().int().min(1),
            topologyKey: z.string().min(1),
            whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
            minDomains: z.number().int().min(1).optional(),
            labelSelector,
          }),
        )
        .optional(),
    })
    .optional(),
});

export const KubeBlocksClusterObject = z.strictObject({
  apiVersion: z.literal('apps.kubeblocks.io/v1'),
  kind: z.literal('Cluster'),
  metadata: z.strictObject({
    name: z.string().max(16).regex(KUBEBLOCKS_NAME),
    namespace: z.string().min(1),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.strictObject({
    terminationPolicy: z.enum(['DoNotTerminate', 'Delete', 'WipeOut']),
    clusterDef: z.literal('qdrant'),
    topology: z.literal('cluster'),
    componentSpecs: z.array(ComponentSpec).min(1).max(128),
  }),
});
export type KubeBlocksClusterObject = z.infer<typeof KubeBlocksClusterObject>;

/** values.schema.json of addons-cluster/qdrant (plus kblib's `extra.terminationPolicy` and config). */
export const KubeBlocksChartValues = z.strictObject({
  version: z.string(),
  replicas: z.number().int().min(1).max(16),
  cpu: z.number().min(0.5).max(64).multipleOf(0.5),
  memory: z.number().min(0.5).max(1000),
  storage: z.number().min(1).max(10000),
  storageClassName: z.string().min(1).optional(),
  config: z.strictObject({ default_replication_factor: z.string() }),
  extra: z.strictObject({ terminationPolicy: z.enum(['DoNotTerminate', 'Delete', 'WipeOut']) }),
});
export type KubeBlocksChartValues = z.infer<typeof KubeBlocksChartValues>;
