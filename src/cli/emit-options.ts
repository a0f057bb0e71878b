/**
 * `qsize emit` flags to emit options and the file selection per target: pure (no Node built-ins), so that
 * the CLI and the web page (web/) build the same deployment files from the same flags.
 */
import { QsizeInputError } from '../errors.js';
import type { FlagValues } from './flags.js';

export const TARGETS = ['helm', 'operator', 'kubeblocks', 'collection', 'networkpolicy', 'all'] as const;
export type Target = (typeof TARGETS)[number];

/** The `qsize emit` flags (yargs options), declared once. */
export const emitOptions = {
  target: { choices: TARGETS, default: 'all' as Target, describe: 'Which files to write', requiresArg: true },
  out: { type: 'string', demandOption: true, describe: 'Directory to write into (created if missing)', requiresArg: true },
  force: { type: 'boolean', default: false, describe: 'Overwrite files that exist' },
  namespace: { type: 'string', describe: 'Kubernetes namespace (default qdrant)', requiresArg: true },
  name: { type: 'string', describe: 'Helm release / cluster name (default qdrant)', requiresArg: true },
  'cluster-id': { type: 'string', describe: 'QdrantCluster id (default qsize)', requiresArg: true },
  'customer-id': { type: 'string', describe: 'QdrantCluster customer-id label (the operator file needs it)', requiresArg: true },
  collection: { type: 'string', describe: 'Collection name (default collection)', requiresArg: true },
  'storage-class': { type: 'string', describe: 'StorageClass for the volumes', requiresArg: true },
  'api-key-secret': { type: 'string', describe: 'Secret holding the API key, as NAME/KEY (never the key itself)', requiresArg: true },
  'tls-secret': { type: 'string', describe: 'Secret holding tls.crt, tls.key and ca.crt (turns TLS on)', requiresArg: true },
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

function secretRef(flag: string, raw: unknown): { name: string; key: string } | undefined {
  if (raw === undefined) return undefined;
  const [name, key, ...rest] = String(raw).split('/');
  if (!name || !key || rest.length > 0) throw new QsizeInputError(`--${flag}`, String(raw), 'a Secret reference NAME/KEY, e.g. qdrant-api-key/api-key');
  return { name, key };
}

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
  if (flags['tls-secret'] !== undefined) options['tls'] = { secretName: String(flags['tls-secret']) };
  return options;
}
