/**
 * values.yaml for the official Qdrant Helm chart (github.com/qdrant/qdrant-helm, charts/qdrant,
 * chart 1.19.0, commit fd6321f1ff0a9538a7fffc6829f012a017ce1e86). Only keys that chart's
 * values.yaml has (or that its templates read) are written; `config` is passed verbatim into
 * Qdrant's production.yaml, so it carries the Qdrant settings the plan relies on.
 */
import { QsizeInputError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import { parseEmitOptions, type EmitOptions, type EmitOptionsInput } from './options.js';
import { deriveSizing, helmFullname, peerDnsNames, podSizeLine, type Sizing } from './sizing.js';
import { HelmValues } from './schemas/helm-values.js';
import { checkAgainst } from './schemas/check.js';
import { headerLines, toYaml } from './yaml.js';

export const HELM_CHART = { name: 'qdrant', version: '1.19.0', repo: 'https://qdrant.github.io/qdrant-helm' } as const;
export const TLS_MOUNT_PATH = '/qdrant/tls';
/** Where the chart mounts the snapshot volume (charts/qdrant/templates/statefulset.yaml, chart 1.19.0: `qdrant-snapshots`). */
export const HELM_SNAPSHOTS_PATH = '/qdrant/snapshots';

/** The chart's selector labels for a release (charts/qdrant/templates/_helpers.tpl, qdrant.selectorLabels). */
export function helmSelectorLabels(release: string): Record<string, string> {
  return { app: 'qdrant', 'app.kubernetes.io/name': 'qdrant', 'app.kubernetes.io/instance': release };
}

/** The Qdrant config settings (production.yaml) that the plan relies on, shared with the QdrantCluster. */
export function plannedStorageConfig(plan: Plan): HelmValues['config']['storage'] {
  const storage: HelmValues['config']['storage'] = {
    collection: {
      replication_factor: plan.replicationFactor,
      write_consistency_factor: plan.writeConsistencyFactor,
    },
  };
  const threads = plan.optimizers.max_optimization_threads;
  if (threads !== undefined) {
    storage.optimizers = { max_optimization_threads: threads };
    storage.performance = { optimizer_cpu_budget: threads };
  }
  return storage;
}

export function buildHelmValues(plan: Plan, options: EmitOptions, s: Sizing): HelmValues {
  const selector = helmSelectorLabels(options.name);
  const multi = s.peers > 1;
  const env: HelmValues['env'] = [];
  if (options.apiKeySecret) {
    env.push({ name: 'QDRANT__SERVICE__API_KEY', valueFrom: { secretKeyRef: { name: options.apiKeySecret.name, key: options.apiKeySecret.key } } });
  }
  if (options.readOnlyApiKeySecret) {
    env.push({
      name: 'QDRANT__SERVICE__READ_ONLY_API_KEY',
      valueFrom: { secretKeyRef: { name: options.readOnlyApiKeySecret.name, key: options.readOnlyApiKeySecret.key } },
    });
  }

  const tls = options.tls?.enabled ? options.tls : undefined;
  const resources: HelmValues['resources'] = {
    requests: { cpu: s.cpu, memory: s.memory },
    limits: { cpu: s.cpu, memory: s.memory },
  };
  if (s.gpu) {
    resources.requests[s.gpu.resource] = '1';
    resources.limits[s.gpu.resource] = '1';
  }

  const config: HelmValues['config'] = {
    cluster: { enabled: true, p2p: { port: 6335, enable_tls: tls !== undefined }, consensus: { tick_period_ms: 100 } },
    service: { enable_tls: tls !== undefined },
    storage: plannedStorageConfig(plan),
  };
  // A collection snapshot is written as one archive of the peer's shards into Qdrant's temp directory, then moved to the
  // snapshots path; without `storage.temp_path` that directory is `storage/tmp`, on the DATA volume
  // (lib/storage/src/content_manager/toc/snapshots.rs, `optional_temp_or_storage_temp_path`, v1.12.0 to v1.19.0), which
  // the plan fills to 85% and which has no room for a copy of its own data. With a snapshot volume, temp_path points at it:
  // the archive is built in `/qdrant/snapshots/tmp` (Qdrant appends `tmp`, toc/temp_directories.rs, and empties only that
  // subdirectory at start-up) and then renamed into place on the same volume, with no copy.
  if (s.snapshot) config.storage.temp_path = HELM_SNAPSHOTS_PATH;
  // GPU indexing runs inside each peer on its node's GPU (https://qdrant.tech/documentation/guides/running-with-gpu/).
  if (s.gpu) config.gpu = { indexing: true };
  if (tls) {
    config['tls'] = {
      cert: `${TLS_MOUNT_PATH}/${tls.certKey}`,
      key: `${TLS_MOUNT_PATH}/${tls.keyKey}`,
      ca_cert: `${TLS_MOUNT_PATH}/${tls.caKey}`,
    };
  }

  const values: HelmValues = {
    replicaCount: s.peers,
    image: { repository: 'docker.io/qdrant/qdrant', pullPolicy: 'IfNotPresent', tag: s.imageTag, useUnprivilegedImage: s.gpu === undefined },
    // No container runs as root. With useUnprivilegedImage: false (the chart's default) and
    // updateVolumeFsOwnership: true (its default), charts/qdrant/templates/statefulset.yaml (qdrant-1.19.0) adds the
    // init container ensure-dir-ownership: `chown -R <runAsUser>:<fsGroup>` on the volumes, from the plain image, with
    // no securityContext, so as that image's user, root (Dockerfile `ARG USER_ID=0`, qdrant/qdrant v1.19.0).
    // useUnprivilegedImage: true runs `<tag>-unprivileged` instead (built with USER_ID=1000 by
    // .github/workflows/docker-image.yml at v1.19.0, for every release tag) and drops that init container. The GPU
    // images (`-gpu-nvidia`, `-gpu-amd`, same workflow) have no -unprivileged build, so they keep the plain image with
    // updateVolumeFsOwnership: false: no init container either. Either way the Qdrant container runs as the chart's
    // containerSecurityContext (runAsNonRoot, runAsUser 1000, readOnlyRootFilesystem) and the volumes are made
    // writable by its podSecurityContext (fsGroup 3000, fsGroupChangePolicy Always), both chart defaults (values.yaml).
    updateVolumeFsOwnership: false,
    env,
    service: {
      type: options.serviceType,
      ports: [
        { name: 'http', port: 6333, targetPort: 6333, protocol: 'TCP', checksEnabled: true },
        { name: 'grpc', port: 6334, targetPort: 6334, protocol: 'TCP', checksEnabled: false },
        { name: 'p2p', port: 6335, targetPort: 6335, protocol: 'TCP', checksEnabled: false },
      ],
    },
    resources,
    nodeSelector: s.gpu ? { 'node.kubernetes.io/instance-type': s.gpu.instanceType } : {},
    tolerations: s.gpu ? [{ key: s.gpu.resource, operator: 'Exists', effect: 'NoSchedule' }] : [],
    affinity: multi
      ? {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { ...selector } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        }
      : {},
    topologySpreadConstraints: multi
      ? [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: s.zoneSpread,
            ...(s.zoneMinDomains !== undefined ? { minDomains: s.zoneMinDomains } : {}),
            labelSelector: { matchLabels: { ...selector } },
          },
        ]
      : [],
    persistence: {
      accessModes: ['ReadWriteOnce'],
      size: s.storage,
      ...(s.storageClass !== undefined ? { storageClassName: s.storageClass } : {}),
    },
    snapshotPersistence: s.snapshot
      ? {
          enabled: true,
          accessModes: ['ReadWriteOnce'],
          size: s.snapshot,
          ...(s.storageClass !== undefined ? { storageClassName: s.storageClass } : {}),
        }
      : { enabled: false },
    config,
    // The chart's pdb.yaml writes maxUnavailable with `{{- with }}`, which drops a 0; "no voluntary
    // disruption" is therefore written as minAvailable = peers, with the chart's default
    // maxUnavailable: 1 removed (null) because the two fields are mutually exclusive.
    podDisruptionBudget:
      s.pdbMaxUnavailable === undefined
        ? { enabled: false }
        : s.pdbMaxUnavailable === 0
          ? { enabled: true, maxUnavailable: null, minAvailable: s.peers }
          : { enabled: true, maxUnavailable: s.pdbMaxUnavailable },
    additionalVolumes: tls ? [{ name: 'qdrant-tls', secret: { secretName: tls.secretName, defaultMode: 0o440 } }] : [],
    additionalVolumeMounts: tls ? [{ name: 'qdrant-tls', mountPath: TLS_MOUNT_PATH, readOnly: true }] : [],
  };
  return values;
}

/**
 * The chart names its StatefulSet, Services and pods after `qdrant.fullname` (the release name, with `-qdrant`
 * appended unless it contains "qdrant": charts/qdrant/templates/_helpers.tpl). A StatefulSet's pods get the
 * label `controller-revision-hash: <name>-<10 characters>`, which must be a label value of at most 63
 * characters, so the name can have at most 52; `<fullname>-headless` and the pod names `<fullname>-<i>`,
 * which the TLS certificate must cover, then also fit in a 63-character DNS label.
 */
export const HELM_FULLNAME_MAX = 52;

export function requireHelmName(options: EmitOptions): void {
  const full = helmFullname(options.name);
  if (full.length > HELM_FULLNAME_MAX) {
    throw new QsizeInputError(
      'options.name',
      options.name,
      `a Helm release name the chart can name its StatefulSet after: it becomes ${full} (${full.length} characters), at most ${HELM_FULLNAME_MAX} are allowed (${HELM_FULLNAME_MAX - '-qdrant'.length} for a name without "qdrant", which gets "-qdrant" appended)`,
    );
  }
}

export function renderHelmValues(plan: Plan, optionsInput?: EmitOptionsInput | EmitOptions): string {
  const options = parseEmitOptions(optionsInput);
  requireHelmName(options);
  const s = deriveSizing(plan, options);
  const values = checkAgainst(HelmValues, buildHelmValues(plan, options, s), 'values.yaml');
  const header = [
    ...headerLines(plan, options, `values.yaml for the Qdrant Helm chart ${HELM_CHART.name} ${HELM_CHART.version} (${HELM_CHART.repo}).`),
    `Install: helm upgrade --install ${options.name} qdrant/qdrant --version ${HELM_CHART.version} -n ${options.namespace} -f helm/values.yaml`,
    podSizeLine(s),
  ];
  const trailer: string[] = [];
  if (options.tls?.enabled) {
    trailer.push(`The certificate in Secret ${options.tls.secretName} must cover these peer names (p2p TLS):`);
    for (const n of peerDnsNames('helm', options, s.peers)) trailer.push(`  ${n}`);
    trailer.push(`and the client-facing name(s), e.g. ${helmFullname(options.name)}.${options.namespace}.svc`);
  }
  return toYaml(values, header, trailer);
}
