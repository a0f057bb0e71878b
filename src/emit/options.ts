/**
 * Options for the emitters: names, namespaces, secret references, TLS. Secrets are accepted ONLY as
 * references (`{ name, key }` of a Kubernetes Secret); every object is strict, so a stray
 * `value`/`apiKey: "..."` field is refused instead of being copied into a file.
 *
 * Naming rules checked here (the schemas they end up in do not enforce them):
 * - Kubernetes object names: DNS-1123 label (RFC 1123, `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63).
 * - QdrantCluster: `metadata.name` must be `qdrant-<spec.id>`; the operator names pods
 *   `qdrant-<id>-<i>` and the headless service `qdrant-headless-<id>`
 *   (https://qdrant.tech/documentation/private-cloud/qdrant-cluster-management/). The id is therefore
 *   kept to a DNS-1123 label of at most 45 characters so that `qdrant-<id>` stays under the 52
 *   characters a StatefulSet name may have (its pods get a `controller-revision-hash` label of
 *   `<name>-<10 chars>`, which must fit in 63).
 * - Label values (customer-id): at most 63 of `[A-Za-z0-9._-]`, alphanumeric at both ends.
 * - KubeBlocks cluster chart: release name `^[a-z]([-a-z0-9]*[a-z0-9])?$`, at most 16 characters
 *   (apecloud/kubeblocks-addons@ce67f5a8 addons-cluster/qdrant).
 */
import { z } from 'zod';
import { QsizeInputError, QsizeValidationError } from '../errors.js';
import { expectedPart, flattenIssues } from '../spec/issues.js';
import { valueAtPath } from '../spec/limits.js';

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Kubernetes Secret data keys: `[-._a-zA-Z0-9]+`. */
export const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
/**
 * Collection names qsize writes into URLs (unescaped, in the README's shell lines): letters, digits, `.`, `_` and `-`,
 * all characters a URL path and a shell's double quotes take as they are; not dots alone (`/collections/..` is the
 * parent path). Qdrant's own names may hold more (`docs.v2` is common; it was refused, so `qsize observe --emit` failed
 * on such a cluster).
 */
export const COLLECTION_NAME = /^(?!\.+$)[A-Za-z0-9._-]+$/;
export const COLLECTION_NAME_RULE = 'letters, digits, ".", "_" and "-" (not dots alone)';
export const KUBEBLOCKS_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const NAME_LIMITS = {
  clusterIdMax: 45,
  releaseNameMax: 53,
  namespaceMax: 63,
  labelValueMax: 63,
  secretNameMax: 253,
  kubeblocksNameMax: 16,
  collectionNameMax: 255,
} as const;

const dnsLabel = (max: number) =>
  z
    .string()
    .max(max, { message: `at most ${max} characters` })
    .regex(DNS1123_LABEL, { message: 'a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit' });

const secretName = z
  .string()
  .max(NAME_LIMITS.secretNameMax)
  .regex(DNS1123_SUBDOMAIN, { message: 'a Secret name (DNS-1123 subdomain)' });

const secretKey = z.string().min(1).max(253).regex(SECRET_KEY, { message: 'a Secret data key ([-._a-zA-Z0-9]+)' });

/** A reference to one key of a Kubernetes Secret. There is deliberately no field for a value. */
export const SecretKeyRef = z.strictObject({
  name: secretName.describe('Secret name, in the cluster namespace'),
  key: secretKey.describe('Key inside the Secret'),
});
export type SecretKeyRef = z.infer<typeof SecretKeyRef>;

export const TlsOptions = z.strictObject({
  enabled: z.boolean().default(true),
  /** Secret holding the server certificate, its key and the CA that signed it (used for p2p too). */
  secretName: secretName,
  certKey: secretKey.default('tls.crt'),
  keyKey: secretKey.default('tls.key'),
  caKey: secretKey.default('ca.crt'),
});
export type TlsOptions = z.infer<typeof TlsOptions>;

export const EmitOptions = z.strictObject({
  /** Cluster id: the QdrantCluster `spec.id` (metadata name `qdrant-<id>`). */
  clusterId: dnsLabel(NAME_LIMITS.clusterIdMax).default('qsize'),
  /** Helm release name and KubeBlocks Cluster name. */
  name: dnsLabel(NAME_LIMITS.releaseNameMax).default('qdrant'),
  namespace: dnsLabel(NAME_LIMITS.namespaceMax).default('qdrant'),
  /** The QdrantCluster's mandatory `customer-id` label; the QdrantCluster is not emitted without it. */
  customerId: z
    .string()
    .min(1, { message: 'a label value of at least 1 character (the QdrantCluster requires the customer-id label)' })
    .max(NAME_LIMITS.labelValueMax, { message: `at most ${NAME_LIMITS.labelValueMax} characters` })
    .regex(LABEL_VALUE, { message: 'a label value: letters, digits, "-", "_" and ".", alphanumeric at both ends' })
    .optional(),
  // The pattern takes at least one character (no .min(1): "" read as two issues, one in zod's words).
  collectionName: z
    .string()
    .max(NAME_LIMITS.collectionNameMax, { message: `at most ${NAME_LIMITS.collectionNameMax} characters` })
    .regex(COLLECTION_NAME, { message: COLLECTION_NAME_RULE })
    .default('collection'),
  apiKeySecret: SecretKeyRef.optional(),
  readOnlyApiKeySecret: SecretKeyRef.optional(),
  tls: TlsOptions.optional(),
  /** Namespaces whose pods may reach 6333/6334. Default: the cluster's own namespace. */
  allowedNamespaces: z.array(dnsLabel(NAME_LIMITS.namespaceMax)).max(64).optional(),
  /**
   * Namespaces whose pods may scrape the metrics: Qdrant serves them on the REST port, `GET /metrics` on 6333
   * (https://qdrant.tech/documentation/guides/monitoring/). Default: none beyond the client namespaces.
   */
  metricsNamespaces: z.array(dnsLabel(NAME_LIMITS.namespaceMax)).max(64).optional(),
  /**
   * Namespace of the KubeBlocks controller, which calls the kbagent sidecar of every pod for lifecycle actions
   * (the qdrant addon's memberLeave). Default kb-system, the namespace of KubeBlocks' install guide
   * (https://kubeblocks.io/docs/preview/user_docs/overview/install-kubeblocks).
   */
  kubeblocksNamespace: dnsLabel(NAME_LIMITS.namespaceMax).default('kb-system'),
  /** Storage class for the data (and snapshot) volumes; overrides the plan's. */
  storageClass: z
    .string()
    .max(253, { message: 'at most 253 characters' })
    .regex(DNS1123_SUBDOMAIN, { message: 'a StorageClass name (DNS-1123 subdomain)' })
    .optional(),
  serviceType: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']).default('ClusterIP'),
  /**
   * Spread policy across zones (`topology.kubernetes.io/zone`, maxSkew 1). Default: DoNotSchedule when the plan was
   * sized to survive losing a zone (plan.zones, --zones > 1: that check rests on the spread being enforced, and
   * ScheduleAnyway beside it is refused), else ScheduleAnyway (src/emit/sizing.ts).
   */
  zoneSpread: z.enum(['ScheduleAnyway', 'DoNotSchedule']).optional(),
  /** PDB maxUnavailable; refused when larger than the replication tolerates. Default: the most it tolerates. */
  pdbMaxUnavailable: z.number().int().min(0).max(100).optional(),
  /** Whether the cluster is expected to grow (sets the operator's rebalanceStrategy). Default: derived from the plan. */
  expectScaling: z.boolean().optional(),
  qsizeVersion: z
    .string()
    .regex(/^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$/, { message: 'a semantic version' })
    .default('0.1.0'),
});
export type EmitOptionsInput = z.input<typeof EmitOptions>;
export type EmitOptions = z.infer<typeof EmitOptions>;

/**
 * Parses options; every problem becomes a QsizeInputError (one) or QsizeValidationError (several), each naming the
 * option, the value (unless it may be a secret: shownValue) and what was expected, in the words of every qsize input
 * error (`options.namespace: got 5, expected string`): the schema's message through expectedPart (src/spec/issues.ts),
 * the one reading of zod's wording.
 */
export function parseEmitOptions(input: unknown): EmitOptions {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    throw new QsizeInputError('options', shownValue([], input), 'an object of emit options');
  }
  const result = EmitOptions.safeParse(input ?? {});
  if (result.success) return result.data;
  const errors = flattenIssues(result.error.issues).map(({ path: at, message, issue }) => {
    // An unknown key is named, never its value: `{ apiKey: "..." }` must not print the key.
    const keys = issue.code === 'unrecognized_keys' ? (issue as unknown as { keys: string[] }).keys : [];
    if (keys.length > 0) {
      return { field: `options.${[...at, keys[0]].map(String).join('.')}`, message: 'is not an emit option (secrets are passed only as references: apiKeySecret { name, key })' };
    }
    const field = `options.${at.map(String).join('.') || '(root)'}`;
    const found = valueAtPath(input, at);
    const expected = expectedPart(message)?.slice('expected '.length) ?? message;
    return new QsizeInputError(field, found === undefined ? undefined : shownValue(at, found.value), expected);
  });
  const first = errors[0];
  if (errors.length === 1 && first instanceof QsizeInputError) throw first;
  throw new QsizeValidationError(
    errors.map((e) =>
      e instanceof QsizeInputError ? { field: e.field, message: e.message.slice(e.field.length + 2), expected: `expected ${e.expected}` } : e,
    ),
  );
}

/**
 * The value an error message may show: a short string, number or boolean that is not under a secret-ish field. An
 * object (it may hold a pasted key) and anything under apiKeySecret/tls/token/password is shown as "[not shown]";
 * nothing given is `undefined` (the message says "got nothing").
 */
function shownValue(path: PropertyKey[], value: unknown): unknown {
  if (value === undefined) return undefined;
  if (path.some((p) => /secret|key|tls|token|password/i.test(String(p)))) return '[not shown]';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return '[not shown]';
}

/** Throws a QsizeInputError unless `value` is a DNS-1123 label of at most `max` characters. */
export function requireDnsLabel(field: string, value: string, max = 63): string {
  if (value.length > max || !DNS1123_LABEL.test(value)) {
    throw new QsizeInputError(field, value, `a DNS-1123 label of at most ${max} characters`);
  }
  return value;
}

export function requireLabelValue(field: string, value: string): string {
  if (value.length > NAME_LIMITS.labelValueMax || !LABEL_VALUE.test(value)) {
    throw new QsizeInputError(field, value, 'a Kubernetes label value (at most 63 of [A-Za-z0-9._-], alphanumeric at both ends)');
  }
  return value;
}

export function requireSubdomain(field: string, value: string): string {
  if (value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    throw new QsizeInputError(field, value, 'a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")');
  }
  return value;
}
