/**
 * `qsize emit` flags to emit options and the file selection per target: pure (no Node built-ins), so that
 * the CLI and the web page (web/) build the same deployment files from the same flags.
 */
import { QsizeValidationError } from '../errors.js';
import { DNS1123_SUBDOMAIN, SECRET_KEY } from '../emit/options.js';
import { lower, pathFlag, type FlagValues } from './flags.js';

export const TARGETS = ['helm', 'operator', 'kubeblocks', 'collection', 'networkpolicy', 'all'] as const;
export type Target = (typeof TARGETS)[number];

/** The `qsize emit` flags (yargs options), declared once. */
export const emitOptions = {
  target: { choices: TARGETS, default: 'all' as Target, describe: 'Which files to write', requiresArg: true, coerce: lower('target') },
  out: { type: 'string', demandOption: true, describe: 'Directory to write into (created if missing)', requiresArg: true, coerce: pathFlag('out', 'a folder to write the files into, such as deploy/') },
  force: { type: 'boolean', default: false, describe: 'Replace the files qsize wrote there before (listed in .qsize-manifest.json)' },
  namespace: { type: 'string', describe: 'Kubernetes namespace (default qdrant)', requiresArg: true },
  name: { type: 'string', describe: 'Helm release / cluster name (default qdrant)', requiresArg: true },
  'cluster-id': { type: 'string', describe: 'QdrantCluster id (default qsize)', requiresArg: true },
  'customer-id': { type: 'string', describe: 'QdrantCluster customer-id label (the operator file needs it)', requiresArg: true },
  collection: { type: 'string', describe: 'Collection name (default collection)', requiresArg: true },
  'storage-class': { type: 'string', describe: 'StorageClass for the volumes', requiresArg: true },
  'api-key-secret': { type: 'string', describe: 'Secret holding the API key, as NAME/KEY (never the key itself)', requiresArg: true },
  'tls-secret': { type: 'string', describe: 'Secret holding tls.crt, tls.key and ca.crt (turns TLS on)', requiresArg: true },
  'allow-from-namespace': { type: 'string', array: true, describe: 'Namespace whose pods may reach 6333/6334 (repeatable; default the --namespace)', requiresArg: true },
  'metrics-namespace': { type: 'string', array: true, describe: 'Namespace whose pods may scrape /metrics on 6333, e.g. monitoring (repeatable)', requiresArg: true },
  'kubeblocks-namespace': { type: 'string', describe: 'Namespace of the KubeBlocks controller, admitted to the kbagent port 3501 (default kb-system)', requiresArg: true },
} as const;

/** Which emitted paths each `--target` writes (README.md is always written). */
export const TARGET_FILES: Record<Target, (path: string) => boolean> = {
  helm: (p) => p.startsWith('helm/') && !p.endsWith('networkpolicy.yaml'),
  operator: (p) => p.startsWith('operator/'),
  kubeblocks: (p) => p.startsWith('kubeblocks/') && !p.endsWith('networkpolicy.yaml'),
  collection: (p) => p.startsWith('collection/'),
  networkpolicy: (p) => p.endsWith('networkpolicy.yaml'),
  all: () => true,
};

/** Secret names are DNS-1123 subdomains, Secret keys `[-._a-zA-Z0-9]+` (the emit options' own rules). */
const SECRET_NAME = DNS1123_SUBDOMAIN;

/** A Secret reference flag: NAME/KEY. A value that is not one is refused without being repeated (it may be the key). */
export function secretRef(flag: string, raw: unknown): { name: string; key: string } | undefined {
  if (raw === undefined) return undefined;
  const parts = Array.isArray(raw) ? [] : String(raw).split('/');
  const [name, key] = parts;
  if (parts.length !== 2 || !name || !key || name.length > 253 || key.length > 253 || !SECRET_NAME.test(name) || !SECRET_KEY.test(key)) {
    throw new QsizeValidationError([
      {
        field: `--${flag}`,
        message: 'expected a Secret reference NAME/KEY, e.g. qdrant-api-key/api-key (the value given is not shown: it may be the secret itself)',
      },
    ]);
  }
  return { name, key };
}

/** A Secret name flag (--tls-secret): refused without being repeated when it is not one. */
function secretName(flag: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  const name = Array.isArray(raw) ? '' : String(raw);
  if (name.length === 0 || name.length > 253 || !SECRET_NAME.test(name)) {
    throw new QsizeValidationError([{ field: `--${flag}`, message: 'expected a Secret name, e.g. qdrant-tls (the value given is not shown: it may be the secret itself)' }]);
  }
  return name;
}

/** Repeatable flags arrive as arrays; comma-separated lists are split too. */
function list(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim());
}

/** Which emit option (src/emit/options.ts) each flag sets: one table for the mapping and for naming flags in errors. */
export const EMIT_OPTION_FLAGS = {
  namespace: '--namespace',
  name: '--name',
  clusterId: '--cluster-id',
  customerId: '--customer-id',
  collectionName: '--collection',
  storageClass: '--storage-class',
  apiKeySecret: '--api-key-secret',
  tls: '--tls-secret',
  allowedNamespaces: '--allow-from-namespace',
  metricsNamespaces: '--metrics-namespace',
  kubeblocksNamespace: '--kubeblocks-namespace',
} as const satisfies Record<string, `--${keyof typeof emitOptions & string}`>;

/** The emit options (src/emit/options.ts) that `--namespace`, `--name`, `--customer-id`, ... set. */
export function emitOptionsFromFlags(flags: FlagValues): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) options[key] = value;
  };
  set('namespace', flags['namespace']);
  set('name', flags['name']);
  set('clusterId', flags['cluster-id']);
  set('customerId', flags['customer-id']);
  set('collectionName', flags['collection']);
  set('storageClass', flags['storage-class']);
  set('apiKeySecret', secretRef('api-key-secret', flags['api-key-secret']));
  const tlsSecret = secretName('tls-secret', flags['tls-secret']);
  if (tlsSecret !== undefined) options['tls'] = { secretName: tlsSecret };
  set('allowedNamespaces', list(flags['allow-from-namespace']));
  set('metricsNamespaces', list(flags['metrics-namespace']));
  set('kubeblocksNamespace', flags['kubeblocks-namespace']);
  return options;
}
