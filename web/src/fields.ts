/**
 * The form's fields: the CLI's own option tables (src/cli/flags.ts, src/cli/emit-options.ts, exported by
 * src/index.ts), so the page has the same fields, units, defaults, value checks and error messages as `qsize`.
 * Only the labels and which fields are shown unfolded are decided here.
 */
import { constraintOptions, currencyCodes, currencyOption, emitOptions, workloadOptions } from '../../src/index.js';

/** `quote`: how the quote is shown (`--currency`), no input of the plan, so never in the spec file. */
export type Section = 'workload' | 'constraints' | 'quote' | 'emit';
export type FieldKind = 'text' | 'choice' | 'bool';

export interface Field {
  /** The flag name without dashes (`payload-bytes`); the key in FlagValues and in the URL. */
  key: string;
  flag: string;
  label: string;
  help: string;
  group: string;
  section: Section;
  kind: FieldKind;
  choices?: readonly string[];
  /** Values offered while typing (a text field's datalist); any other value is still checked by the CLI's own check. */
  suggestions?: readonly string[];
  /** The CLI's coercion (unit parser + bounds); throws QsizeInputError naming the flag. */
  coerce?: (raw: unknown) => unknown;
  /** The default as the CLI's help states it (`cosine`, `2`), for the placeholder. */
  defaultText?: string;
  /** Shown unfolded; the rest sit under "Advanced" in their group. */
  basic: boolean;
}

/** What a sales engineer types first; everything else is folded away. */
const BASIC = new Set(['vectors', 'dim', 'distance', 'quantization', 'payload-bytes', 'on-disk', 'replication', 'qps', 'growth', 'cloud', 'region', 'currency']);

const LABELS: Record<string, string> = {
  vectors: 'Vectors (points)',
  dim: 'Dimension',
  'payload-bytes': 'Payload per point',
  'payload-compression': 'Payload compression ratio',
  'id-type': 'Point id type',
  'sparse-nnz': 'Sparse non-zeros per point',
  'qdrant-version': 'Qdrant version',
  'always-ram': 'Quantized vectors in RAM',
  'on-disk': 'Original vectors on disk',
  m: 'HNSW m',
  'ef-construct': 'HNSW ef_construct',
  'hnsw-on-disk': 'HNSW graph on disk',
  'payload-m': 'HNSW payload_m',
  'inline-storage': 'Vectors inline in the HNSW graph',
  'id-tracker-memory': 'Id tracker memory tier',
  'on-disk-payload': 'Payload on disk',
  'node-cpus': 'CPUs per node (segment layout)',
  'default-segment-number': 'Segments per shard (default_segment_number)',
  'search-threads': 'Concurrent searches',
  'write-consistency': 'Write consistency factor',
  'tolerated-failures': 'Tolerated peer failures',
  zones: 'Availability zones',
  'ram-ceiling': 'RAM ceiling (fraction)',
  'daemonset-memory': 'DaemonSet memory per node',
  'daemonset-cpus': 'DaemonSet CPUs per node',
  peers: 'Pin peers',
  dr: 'Disaster-recovery standby',
  'allow-quantization-changes': 'Allow collection changes (quantization, on-disk, segments)',
  qps: 'Peak QPS',
  recall: 'Recall target (precision@10)',
  'hnsw-ef': 'Search ef',
  'p99-ms': 'p99 goal (ms)',
  api: 'Client API (REST or gRPC)',
  'query-inner-vectors': 'Query inner vectors (multivector search)',
  writes: 'Writes (points per second)',
  growth: 'Growth (points per month)',
  horizon: 'Horizon (months)',
  'gpu-indexing': 'GPU indexing',
  'gpu-rebuilds': 'GPU rebuilds per month',
  family: 'Instance families',
  'instance-type': 'Instance types',
  'max-nodes': 'Max peers',
  'max-pods': 'Max pods per node',
  arm64: 'Allow arm64',
  'on-disk-alternatives': 'On-disk alternatives',
  'cluster-id': 'QdrantCluster id',
  'customer-id': 'Customer id label',
  collection: 'Collection name',
  'storage-class': 'StorageClass',
  'api-key-secret': 'API key Secret (NAME/KEY)',
  'tls-secret': 'TLS Secret',
  currency: 'Currency',
};

/** Emit flags that choose where and which files the CLI writes: the zip always holds every file. */
const NOT_ON_PAGE = new Set(['spec', 'target', 'out', 'force']);
const DEPLOY = 'Deployment files (zip):';

function label(key: string): string {
  return LABELS[key] ?? key.charAt(0).toUpperCase() + key.slice(1).replace(/-/g, ' ');
}

function defaultOf(describe: string): string | undefined {
  return /\(default:? ([^;)]+)/.exec(describe)?.[1]?.trim();
}

function fieldsOf(section: Section, options: Record<string, object>, group?: string): Field[] {
  const out: Field[] = [];
  for (const [key, raw] of Object.entries(options)) {
    if (NOT_ON_PAGE.has(key)) continue;
    const o = raw as { type?: string; choices?: readonly string[]; describe?: string; group?: string; coerce?: (v: unknown) => unknown };
    const help = o.describe ?? '';
    const d = defaultOf(help);
    out.push({
      key,
      flag: `--${key}`,
      label: label(key),
      help,
      group: (group ?? o.group ?? DEPLOY).replace(/:$/, ''),
      section,
      kind: o.choices ? 'choice' : o.type === 'boolean' ? 'bool' : 'text',
      ...(o.choices ? { choices: o.choices } : {}),
      ...(o.coerce ? { coerce: o.coerce } : {}),
      ...(d !== undefined ? { defaultText: d } : {}),
      basic: BASIC.has(key),
    });
  }
  return out;
}

/**
 * `--currency` (no group in `qsize --help`): beside the cloud and region it prices, typed like the flag (any case), with
 * the rate table's codes offered; without it money is in USD, as without the flag.
 */
const currencyFields = fieldsOf('quote', currencyOption, constraintOptions.region.group).map((f) => ({ ...f, defaultText: 'USD', suggestions: currencyCodes() }));

export const FIELDS: readonly Field[] = [
  ...fieldsOf('workload', workloadOptions),
  ...fieldsOf('constraints', constraintOptions),
  ...currencyFields,
  ...fieldsOf('emit', emitOptions),
];

export const FIELD_BY_KEY: ReadonlyMap<string, Field> = new Map(FIELDS.map((f) => [f.key, f]));

/** Groups in the CLI's order (`qsize --help`), then the deployment options. */
export const GROUPS: readonly string[] = [...new Set(FIELDS.map((f) => f.group))];

/** The page opens on the CLI's own first example: `qsize --vectors 100M --dim 768`. */
export const START: Readonly<Record<string, string>> = { vectors: '100M', dim: '768' };
