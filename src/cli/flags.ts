/**
 * Every workload and constraint flag, declared once (yargs options with choices `as const`), and the
 * mapping from parsed flags onto the library's input objects (WorkloadInput, PlanConstraintsInput).
 *
 * Values are checked here only as far as a flag needs a unit parser (counts, byte sizes); the
 * library's zod schemas do the rest, and `flagForField` maps their field paths back to flag names.
 * This module imports no schema, so `--help` stays cheap.
 */
import type { Options } from 'yargs';
import { QsizeInputError } from '../errors.js';
import { PRICING_MODELS } from '../pricing/price-models.js';
import { collectionBody, liftReply } from '../spec/collection-body.js';
import { formatCount, formatSizeExact, parseBytes, parseCount } from '../spec/units.js';
import { isRecord, MAX_DAEMONSET_MEMORY_BYTES, MAX_M, MAX_MULTIVECTOR_AVG, MAX_NODES, MAX_PAYLOAD_BYTES, MAX_PODS_RANGE, MAX_POINTS, MAX_REPLICATION, MAX_SPARSE_NON_ZEROS, MAX_UPLOAD_BATCH_POINTS, MAX_WRITES_PER_SECOND, QDRANT_MAX_DIMENSION } from '../spec/limits.js';
import { OUTPUTS, type OutputFormat } from './output.js';
import { PLAN_DEFAULTS } from '../plan/constraints.js';
import { DEFAULT_QUERY_API, QUERY_APIS } from '../topology/throughput.js';
import { DEFAULT_VERSION, NEWEST_KNOWN_PATCH, VERSION_RANGE_TEXT } from '../model/versions.js';

export const DISTANCES = ['cosine', 'euclid', 'dot', 'manhattan'] as const;
export const DATATYPES = ['float32', 'float16', 'uint8', 'turbo4', 'turbo8', 'turbo16'] as const;
export const QUANTIZATIONS = [
  'none',
  'scalar',
  'pq-x4',
  'pq-x8',
  'pq-x16',
  'pq-x32',
  'pq-x64',
  'binary-1',
  'binary-1.5',
  'binary-2',
  'turbo-1',
  'turbo-1.5',
  'turbo-2',
  'turbo-4',
  'turbo-8',
] as const;
export type Quantization = (typeof QUANTIZATIONS)[number];
export const ID_TYPES = ['numeric', 'uuid'] as const;
export const CLOUDS = ['aws', 'gcp', 'azure'] as const;
// The output formats are output.ts's, which renders them (renderQuote checks a library caller's format there).
export { OUTPUTS, type OutputFormat } from './output.js';

// The bounds come from src/spec/limits.ts, which loads no schema, so --help stays fast.

/** A count flag (`100M`, `1.5B`): parsed with the library's parseCount, bounded, errors name the flag. */
function countFlag(flag: string, min: number, max: number) {
  return (raw: unknown): number | undefined => {
    if (raw === undefined) return undefined;
    const text = single(flag, raw);
    const n = parseCount(text);
    // A plain number out of range (`--qps -5`) is told its range, not the count syntax it already follows.
    if (!Number.isFinite(n) && !Number.isFinite(Number(text))) throw new QsizeInputError(`--${flag}`, text, 'a count such as 1000000, 100M, 1.5B or 10k');
    if (!Number.isFinite(n) || !Number.isInteger(n) || n < min || n > max) {
      throw new QsizeInputError(`--${flag}`, text, `a whole number from ${formatCount(min)} to ${formatCount(max)}`);
    }
    return n;
  };
}

/** A byte-size flag (`4Gi`, `1.5TB`, `2KiB`). */
function bytesFlag(flag: string, max: number) {
  return (raw: unknown): number | undefined => {
    if (raw === undefined) return undefined;
    const text = single(flag, raw);
    const n = parseBytes(text);
    if (!Number.isFinite(n)) throw new QsizeInputError(`--${flag}`, text, 'a size such as 512, 2KiB, 4Gi or 1.5TB');
    if (n < 0 || n > max) throw new QsizeInputError(`--${flag}`, text, `a size from 0 to ${formatSizeExact(max)}`);
    return n;
  };
}

/**
 * A number as people write it: decimal digits, an optional fraction and exponent (`8`, `0.8`, `1e3`). `Number()` also
 * reads hexadecimal, binary and octal (`0x10` is 16, `0b10` is 2), which nobody means for a dimension or a replica count.
 */
const DECIMAL = /^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/;

/** A plain number flag with bounds (integers when `int`); every command's number flags use it. */
export function numberFlag(flag: string, min: number, max: number, int = false) {
  return (raw: unknown): number | undefined => {
    if (raw === undefined) return undefined;
    const text = single(flag, raw);
    const n = Number(text);
    const expected = `${int ? 'a whole number' : 'a number'} from ${min} to ${max}`;
    if (!DECIMAL.test(text) || !Number.isFinite(n) || n < min || n > max || (int && !Number.isInteger(n))) {
      throw new QsizeInputError(`--${flag}`, text, expected);
    }
    return n;
  };
}

/** A list flag: repeated or comma-separated (`--family r6i,r7i` or `--family r6i --family r7i`). */
function listFlag(flag: string) {
  return (raw: unknown): string[] | undefined => {
    if (raw === undefined) return undefined;
    const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim());
    if (values.length === 0 || values.some((v) => v === '')) throw new QsizeInputError(`--${flag}`, String(raw), 'one or more names, comma-separated');
    return values;
  };
}

/**
 * The text typed for each flag of this run, as single() read it: a parsed value loses it (`--growth 10B` is
 * 10000000000), and a message the library raises about the flag's value shows what was typed (src/cli/inputs.ts
 * nameFlags). Cleared at the start of every run (src/cli/run.ts main).
 */
const typedTexts = new Map<string, string>();
export const typedText = (flag: string): string | undefined => typedTexts.get(flag);
export const forgetTypedTexts = (): void => typedTexts.clear();

/** A flag given twice arrives as an array: refuse it rather than silently taking one. */
function single(flag: string, raw: unknown): string {
  if (Array.isArray(raw)) throw new QsizeInputError(`--${flag}`, raw.map(String).join(' '), 'one value (the flag was given more than once)');
  typedTexts.set(flag, String(raw));
  return String(raw);
}

/**
 * A file or folder flag: one value, not empty. An empty path resolves to the working folder, which the user did not
 * name (`emit --out ""` wrote the set there, `observe --spec-out ""` the specs).
 */
export function pathFlag(flag: string, expected: string) {
  return (raw: unknown): string | undefined => {
    if (raw === undefined) return undefined;
    const text = single(flag, raw);
    if (text.trim() === '') throw new QsizeInputError(`--${flag}`, text, expected);
    return text;
  };
}

/** `--node`: repeated (`--node a=4cpu/4Gi --node b=8cpu/32Gi`); each value is parsed by the spec's own schema (src/spec/custom-node.ts). */
function nodeFlag(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).map((v) => String(v).trim());
  if (values.some((v) => v === '')) throw new QsizeInputError('--node', '', 'NAME=VCPUcpu/MEMORY[@PRICE/h|@PRICE/month][:k3s|:kubeadm], e.g. onprem=8cpu/64Gi@0.40/h');
  return values;
}

const MANAGED_CLOUDS = ['aws', 'gcp', 'azure'] as const;

/**
 * `--control-plane TIER` (every cloud that offers it) or `--control-plane aws=extended-support,azure=free` (per
 * cloud; repeatable). The tiers are checked against data/catalogs/control-plane.csv by the planner.
 */
function controlPlaneFlag(raw: unknown): string | Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  const expected = 'a tier (standard, extended-support, free, premium, none) or CLOUD=TIER pairs such as aws=extended-support,azure=free';
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim().toLowerCase());
  const bare = values.filter((v) => !v.includes('='));
  if (values.some((v) => v === '') || (bare.length > 0 && values.length > 1)) throw new QsizeInputError('--control-plane', values.join(','), expected);
  if (bare.length === 1) return bare[0];
  const out: Record<string, string> = {};
  for (const v of values) {
    const [cloud = '', tier = ''] = v.split('=');
    if (!(MANAGED_CLOUDS as readonly string[]).includes(cloud) || tier === '' || out[cloud] !== undefined) throw new QsizeInputError('--control-plane', v, expected, 'each cloud once: aws, gcp or azure');
    out[cloud] = tier;
  }
  return out;
}

/** A choice flag's value, lower-cased; given twice it is refused naming the flag (it read "--value: got ..."). */
export const lower = (flag: string) => (raw: unknown) => (raw === undefined ? undefined : single(flag, raw).toLowerCase());
const text = (flag: string) => (raw: unknown) => (raw === undefined ? undefined : single(flag, raw));

const WORKLOAD = 'Workload (what is stored):';
const INDEX = 'Index and storage:';
const CLUSTER = 'Cluster and constraints:';
const LOAD = 'Load and growth:';
const PLACE = 'Where it may run:';

/** Workload flags: they map onto the Workload schema (src/spec/workload.ts). */
export const workloadOptions = {
  spec: { type: 'string', group: WORKLOAD, describe: 'YAML or JSON spec file: a Workload, optionally with `constraints` (flags override it)', requiresArg: true, coerce: pathFlag('spec', 'a YAML or JSON spec file') },
  vectors: { alias: 'points', type: 'string', group: WORKLOAD, describe: 'Points in the collection (100M, 1.5B, 250k)', requiresArg: true, coerce: countFlag('vectors', 1, MAX_POINTS) },
  dim: { type: 'string', group: WORKLOAD, describe: `Vector dimension (1 to ${QDRANT_MAX_DIMENSION})`, requiresArg: true, coerce: numberFlag('dim', 1, QDRANT_MAX_DIMENSION, true) },
  distance: { choices: DISTANCES, group: WORKLOAD, describe: 'Distance (default cosine)', requiresArg: true, coerce: lower('distance') },
  datatype: { choices: DATATYPES, group: WORKLOAD, describe: 'Element type of the stored vectors (default float32)', requiresArg: true, coerce: lower('datatype') },
  'payload-bytes': { type: 'string', group: WORKLOAD, describe: 'Average JSON payload per point (2KiB, 512)', requiresArg: true, coerce: bytesFlag('payload-bytes', MAX_PAYLOAD_BYTES) },
  'payload-compression': { type: 'string', group: WORKLOAD, describe: 'Compressed/raw payload ratio (default 0.6)', requiresArg: true, coerce: numberFlag('payload-compression', 0.05, 1.1) },
  'id-type': { choices: ID_TYPES, group: WORKLOAD, describe: 'Point id kind (default numeric)', requiresArg: true, coerce: lower('id-type') },
  multivector: { type: 'string', group: WORKLOAD, describe: 'Average inner vectors per point (turns on max_sim multivectors)', requiresArg: true, coerce: numberFlag('multivector', 1, MAX_MULTIVECTOR_AVG) },
  'sparse-nnz': { type: 'string', group: WORKLOAD, describe: 'Add a sparse vector "sparse" with this many non-zeros per point on average', requiresArg: true, coerce: numberFlag('sparse-nnz', 0, MAX_SPARSE_NON_ZEROS) },
  'qdrant-version': { type: 'string', group: WORKLOAD, describe: `Qdrant version, ${VERSION_RANGE_TEXT} (default ${DEFAULT_VERSION}, the newest known); a bare minor is its newest known patch (1.19 is 1.19.${NEWEST_KNOWN_PATCH[19]}), a leading v is accepted (v${DEFAULT_VERSION})`, requiresArg: true, coerce: text('qdrant-version') },
  quantization: { choices: QUANTIZATIONS, group: INDEX, describe: 'Quantization (default none)', requiresArg: true, coerce: lower('quantization') },
  'always-ram': { type: 'boolean', group: INDEX, describe: 'Keep quantized vectors in RAM (--no-always-ram: on disk)' },
  'on-disk': { type: 'boolean', group: INDEX, describe: 'Original vectors on disk (cold mmap) instead of page cache' },
  m: { type: 'string', group: INDEX, describe: 'HNSW links per node (default 16; 0 disables the graph)', requiresArg: true, coerce: numberFlag('m', 0, MAX_M, true) },
  'ef-construct': { type: 'string', group: INDEX, describe: 'HNSW build candidate list (default 100)', requiresArg: true, coerce: numberFlag('ef-construct', 4, 100_000, true) },
  'hnsw-on-disk': { type: 'boolean', group: INDEX, describe: 'HNSW graph on disk' },
  'payload-m': { type: 'string', group: INDEX, describe: 'Links of the payload sub-graphs (default m; 0: none)', requiresArg: true, coerce: numberFlag('payload-m', 0, MAX_M, true) },
  'inline-storage': { type: 'boolean', group: INDEX, describe: 'Store vectors inside the HNSW graph file (needs quantization; 1.20: no separate vector file)' },
  'on-disk-payload': { type: 'boolean', group: INDEX, describe: 'Payload on disk (default true in Qdrant)' },
  'id-tracker-memory': { choices: ['cold', 'cached', 'pinned'] as const, group: INDEX, describe: 'Qdrant 1.20+: memory tier of the point id mappings (default pinned)', requiresArg: true, coerce: lower('id-tracker-memory') },
  'default-segment-number': {
    type: 'string',
    group: INDEX,
    describe: "optimizers_config.default_segment_number (default: from the pod's CPUs; 2 favours throughput, see the segments alternative)",
    requiresArg: true,
    coerce: numberFlag('default-segment-number', 1, 1024, true),
  },
  'node-cpus': { type: 'string', group: INDEX, describe: "explain's CPUs per node for the segment layout (default 8; a plan uses each pod's)", requiresArg: true, coerce: numberFlag('node-cpus', 1, 1024, true) },
  'search-threads': { type: 'string', group: INDEX, describe: 'Concurrent searches (sizes visited lists)', requiresArg: true, coerce: numberFlag('search-threads', 1, 1024, true) },
  'bulk-load': { type: 'boolean', group: INDEX, describe: 'Uploaded with indexing off, then indexed once: no appendable tail in the page cache' },
  'upload-batch': { type: 'string', group: INDEX, describe: 'Points per upsert request of the load (one WAL entry per shard; default: averaged over 64-256)', requiresArg: true, coerce: numberFlag('upload-batch', 1, MAX_UPLOAD_BATCH_POINTS, true) },
} as const satisfies Record<string, Options>;

/** Constraint flags: they map onto PlanConstraints (src/plan/constraints.ts). */
export const constraintOptions = {
  shards: { type: 'string', group: CLUSTER, describe: 'shard_number (default: chosen for the peers)', requiresArg: true, coerce: numberFlag('shards', 1, 1024, true) },
  replication: { type: 'string', group: CLUSTER, describe: 'replication_factor (default: the cheapest plan from 2, or tolerated failures + 1, up)', requiresArg: true, coerce: numberFlag('replication', 1, MAX_REPLICATION, true) },
  'write-consistency': { type: 'string', group: CLUSTER, describe: 'write_consistency_factor (default 1)', requiresArg: true, coerce: numberFlag('write-consistency', 1, MAX_REPLICATION, true) },
  'tolerated-failures': { type: 'string', group: CLUSTER, describe: 'Peers that may fail at once (default 1)', requiresArg: true, coerce: numberFlag('tolerated-failures', 0, MAX_REPLICATION, true) },
  zones: { type: 'string', group: CLUSTER, describe: 'Availability zones the peers spread over; the plan survives losing one: replication > ceil(peers / zones) (default 1, no zone check)', requiresArg: true, coerce: numberFlag('zones', 1, MAX_NODES, true) },
  'ram-ceiling': { type: 'string', group: CLUSTER, describe: 'Fraction of node memory the steady state may fill (default 0.8)', requiresArg: true, coerce: numberFlag('ram-ceiling', 0.3, 1) },
  'daemonset-memory': { type: 'string', group: CLUSTER, describe: 'Memory of DaemonSets per node (default 768Mi)', requiresArg: true, coerce: bytesFlag('daemonset-memory', MAX_DAEMONSET_MEMORY_BYTES) },
  'daemonset-cpus': { type: 'string', group: CLUSTER, describe: 'CPU of DaemonSets per node (default 0.4)', requiresArg: true, coerce: numberFlag('daemonset-cpus', 0, 64) },
  peers: { type: 'string', group: CLUSTER, describe: 'Pin the number of peers', requiresArg: true, coerce: numberFlag('peers', 1, MAX_NODES, true) },
  snapshots: { type: 'boolean', group: CLUSTER, describe: 'Price one snapshot copy in object storage (default on; --no-snapshots)' },
  dr: { type: 'boolean', group: CLUSTER, describe: 'Price a warm standby cluster (disaster recovery)' },
  'allow-quantization-changes': { type: 'boolean', group: CLUSTER, describe: 'Let the recommended plan change the collection: add quantization, move vectors to disk, or set default_segment_number 2 for a query load' },
  qps: { type: 'string', group: LOAD, describe: 'Peak searches per second (10k accepted)', requiresArg: true, coerce: countFlag('qps', 0, 10_000_000) },
  recall: { type: 'string', group: LOAD, describe: 'precision@10 target (default 0.99)', requiresArg: true, coerce: numberFlag('recall', 0.8, 0.9995) },
  'hnsw-ef': { type: 'string', group: LOAD, describe: 'Search-time ef, if known', requiresArg: true, coerce: numberFlag('hnsw-ef', 1, 100_000, true) },
  'p99-ms': { type: 'string', group: LOAD, describe: 'p99 latency goal per search in ms (default 100)', requiresArg: true, coerce: numberFlag('p99-ms', 1, 60_000) },
  api: { choices: QUERY_APIS, group: LOAD, describe: `How clients send searches and writes (default ${DEFAULT_QUERY_API}: the Python and JavaScript clients' default); gRPC costs the server less per request`, requiresArg: true, coerce: lower('api') },
  'query-inner-vectors': { type: 'string', group: LOAD, describe: `Inner vectors of a multivector search query (default ${PLAN_DEFAULTS.queryInnerVectors}, ColBERT's query length)`, requiresArg: true, coerce: numberFlag('query-inner-vectors', 1, MAX_MULTIVECTOR_AVG, true) },
  writes: { type: 'string', group: LOAD, describe: 'Points written (upserted) per second at peak, sustained (2k accepted); each replica indexes them, and its WAL keeps a flush interval of them', requiresArg: true, coerce: countFlag('writes', 0, MAX_WRITES_PER_SECOND) },
  growth: { type: 'string', group: LOAD, describe: 'Points added per month (5M)', requiresArg: true, coerce: countFlag('growth', 0, MAX_POINTS) },
  horizon: { type: 'string', group: LOAD, describe: 'Months the plan must fit without resizing (default 12)', requiresArg: true, coerce: numberFlag('horizon', 0, 120, true) },
  'gpu-indexing': { type: 'boolean', group: LOAD, describe: 'Build HNSW on GPU nodes' },
  'gpu-rebuilds': { type: 'string', group: LOAD, describe: 'Full GPU re-index passes per month (default 1)', requiresArg: true, coerce: numberFlag('gpu-rebuilds', 0, 31) },
  cloud: { choices: CLOUDS, group: PLACE, describe: 'Only this cloud (default: all)', requiresArg: true, coerce: lower('cloud') },
  region: { type: 'string', group: PLACE, describe: 'Only this region', requiresArg: true, coerce: text('region') },
  family: { type: 'string', array: true, group: PLACE, describe: 'Allowed instance families (r6i,r7g)', requiresArg: true, coerce: listFlag('family') },
  'instance-type': { type: 'string', array: true, group: PLACE, describe: 'Allowed instance types (r6i.2xlarge,...)', requiresArg: true, coerce: listFlag('instance-type') },
  'max-nodes': { type: 'string', group: PLACE, describe: 'Most peers the plan may use (default 64)', requiresArg: true, coerce: numberFlag('max-nodes', 1, MAX_NODES, true) },
  'max-pods': { type: 'string', group: PLACE, describe: 'kubelet max pods per node (default 110)', requiresArg: true, coerce: numberFlag('max-pods', MAX_PODS_RANGE.min, MAX_PODS_RANGE.max, true) },
  arm64: { type: 'boolean', group: PLACE, describe: 'Allow arm64 nodes (default on; --no-arm64)' },
  'on-disk-alternatives': { type: 'boolean', group: PLACE, describe: 'Alternatives may move vectors to disk (default on)' },
  node: {
    type: 'string',
    array: true,
    group: PLACE,
    describe: 'Your own node, repeatable: NAME=8cpu/64Gi[@PRICE/h|@PRICE/month][:k3s|:kubeadm] (default kubeadm); plans on these nodes only',
    requiresArg: true,
    coerce: nodeFlag,
  },
  pricing: { choices: PRICING_MODELS, group: PLACE, describe: 'on-demand (default), 1y or 3y commitment, or spot (a warning: peers are stateful)', requiresArg: true, coerce: lower('pricing') },
  'control-plane': {
    type: 'string',
    array: true,
    group: PLACE,
    describe: 'Managed control-plane tier: standard (default), extended-support (EKS), free or premium (AKS), none; or aws=extended-support,...',
    requiresArg: true,
    coerce: controlPlaneFlag,
  },
} as const satisfies Record<string, Options>;

/** `--currency`: every command that shows money (src/cli/currency.ts); JSON keeps USD and adds the converted figures. */
export const currencyOption = {
  currency: {
    type: 'string',
    describe: 'Show money in this currency (AED, SAR, EUR, GBP, INR, JPY, SGD, AUD, CAD, CHF, ...) at the dated rate of data/catalogs/currency-rates.csv; JSON keeps USD and adds the converted figures',
    requiresArg: true,
  },
} as const satisfies Record<string, Options>;

export const outputOption = {
  output: { alias: 'o', choices: OUTPUTS, default: 'text' as OutputFormat, describe: 'Output format', requiresArg: true, coerce: lower('output') },
} as const satisfies Record<string, Options>;

/** Parsed flag values (after coercion), keyed by the flag name. */
export type FlagValues = Record<string, unknown>;

/** Zod field paths (as joined by the library) back to the flag that sets them, for error messages. */
const FIELD_TO_FLAG: [RegExp, string][] = [
  [/^points$/, '--vectors'],
  [/^collection\.vectors(\.[^.]+)?\.size$/, '--dim'],
  [/^collection\.vectors(\.[^.]+)?\.datatype$/, '--datatype'],
  [/^collection\.vectors(\.[^.]+)?\.distance$/, '--distance'],
  [/hnsw_config\.on_disk$/, '--hnsw-on-disk'],
  [/^collection\.vectors(\.[^.]+)?\.on_disk$/, '--on-disk'],
  [/^collection\.on_disk_payload$/, '--on-disk-payload'],
  [/^pointIdType$/, '--id-type'],
  [/^multivector(\.|$)/, '--multivector'],
  [/^sparse\.sparse$/, '--sparse-nnz'],
  [/^assumptions\.searchThreads$/, '--search-threads'],
  [/^constraints\.toleratedNodeFailures$/, '--tolerated-failures'],
  [/^constraints\.ramCeiling$/, '--ram-ceiling'],
  [/^constraints\.zones$/, '--zones'],
  [/^constraints\.daemonsetMemoryBytes$/, '--daemonset-memory'],
  [/^constraints\.daemonsetCpuCores$/, '--daemonset-cpus'],
  [/^constraints\.query\.recallTarget$/, '--recall'],
  [/^constraints\.query\.hnswEf$/, '--hnsw-ef'],
  [/^constraints\.query\.p99LatencyMs$/, '--p99-ms'],
  [/^constraints\.growth\.horizonMonths$/, '--horizon'],
  [/^constraints\.gpuIndexing\.fullRebuildsPerMonth$/, '--gpu-rebuilds'],
  [/^constraints\.placement\.maxPods$/, '--max-pods'],
  [/hnsw_config\.m$/, '--m'],
  [/hnsw_config\.ef_construct$/, '--ef-construct'],
  [/hnsw_config\.payload_m$/, '--payload-m'],
  [/hnsw_config\.inline_storage$/, '--inline-storage'],
  [/quantization_config/, '--quantization'],
  [/^payload\.avgBytes$/, '--payload-bytes'],
  [/^payload\.compressionRatio$/, '--payload-compression'],
  [/^qdrantVersion$/, '--qdrant-version'],
  [/^collection\.shard_number$/, '--shards'],
  [/^collection\.id_tracker\.memory$/, '--id-tracker-memory'],
  [/^assumptions\.nodeCpus$/, '--node-cpus'],
  [/optimizers_config\.default_segment_number$/, '--default-segment-number'],
  [/^assumptions\.bulkLoad$/, '--bulk-load'],
  [/^assumptions\.uploadBatchPoints$/, '--upload-batch'],
  [/^constraints\.replicationFactor$/, '--replication'],
  [/^constraints\.writeConsistencyFactor$/, '--write-consistency'],
  [/^constraints\.placement\.region$/, '--region'],
  [/^constraints\.placement\.families$/, '--family'],
  [/^constraints\.placement\.instanceTypes$/, '--instance-type'],
  [/^constraints\.placement\.cloud$/, '--cloud'],
  [/^constraints\.placement\.peers$/, '--peers'],
  [/^constraints\.shardNumber$/, '--shards'],
  [/^constraints\.gpuIndexing\.enabled$/, '--gpu-indexing'],
  [/^constraints\.placement\.maxNodes$/, '--max-nodes'],
  [/^constraints\.query\.qps$/, '--qps'],
  [/^constraints\.growth\.pointsPerMonth$/, '--growth'],
  [/^constraints\.placement\.nodes(\.|$)/, '--node'],
  [/^constraints\.pricing$/, '--pricing'],
  [/^constraints\.controlPlane(\.|$)/, '--control-plane'],
];

/** The flag that sets a schema field, when there is one (`collection.vectors.size` -> `--dim`). */
export function flagForField(field: string): string | undefined {
  return FIELD_TO_FLAG.find(([re]) => re.test(field))?.[1];
}

type Json = Record<string, unknown>;

function obj(parent: Json, key: string): Json {
  const v = parent[key];
  if (isRecord(v)) return v;
  const fresh: Json = {};
  parent[key] = fresh;
  return fresh;
}

function put(target: Json, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

const QDRANT_DISTANCE: Record<string, string> = { cosine: 'Cosine', euclid: 'Euclid', dot: 'Dot', manhattan: 'Manhattan' };

/** The Qdrant quantization_config for a `--quantization` value (undefined for `none`). */
export function quantizationConfig(mode: string, alwaysRam?: boolean): Json | undefined {
  const ram = alwaysRam === undefined ? {} : { always_ram: alwaysRam };
  if (mode === 'none') return undefined;
  if (mode === 'scalar') return { scalar: { type: 'int8', ...ram } };
  const [kind, level] = mode.split('-') as [string, string];
  if (kind === 'pq') return { product: { compression: level, ...ram } };
  if (kind === 'binary') {
    const encoding = level === '1' ? 'one_bit' : level === '1.5' ? 'one_and_half_bits' : 'two_bits';
    return { binary: { encoding, ...ram } };
  }
  return { turbo: { bits: `bits${level.replace('.', '_')}`, ...ram } };
}

export interface Inputs {
  workload: Json;
  constraints: Json;
}

/**
 * Applies flags over a spec (already read from `--spec`, or empty): flags win. The result is the raw
 * input the library's schemas validate; nothing here decides a default the library already has.
 */
export function applyFlags(base: Inputs, f: FlagValues): Inputs {
  const w: Json = structuredClone(base.workload);
  const c: Json = structuredClone(base.constraints);

  put(w, 'points', f['vectors']);
  // A spec may hold GET /collections/{name}'s config: flags apply to the create body it stands for. A whole reply lends
  // its points_count (unless --vectors or points gave them) and payload_schema first (liftReply), as parsing the workload does.
  if (w['collection'] !== undefined) {
    Object.assign(w, liftReply(w));
    w['collection'] = collectionBody(w['collection']);
  }
  const collection = obj(w, 'collection');
  const hasVectorFlags = ['dim', 'distance', 'datatype', 'on-disk', 'quantization', 'always-ram', 'm', 'ef-construct', 'hnsw-on-disk', 'payload-m', 'inline-storage', 'multivector'].some(
    (k) => f[k] !== undefined,
  );
  if (hasVectorFlags || (collection['vectors'] === undefined && collection['sparse_vectors'] === undefined)) {
    const current = collection['vectors'];
    // Named vectors are a mapping whose every value is a mapping; the unnamed vector's params have a number `size`
    // or a string `distance` (a vector may itself be named "size" or "distance": its value is then a mapping).
    const named = isRecord(current) && Object.keys(current).length > 0 && Object.values(current).every(isRecord);
    const targets: Json[] = named ? Object.values(current).filter(isRecord) : [isRecord(current) ? current : (collection['vectors'] = {})].map((v) => v as Json);
    let quantized = false;
    for (const v of targets) {
      put(v, 'size', f['dim']);
      if (f['distance'] !== undefined) v['distance'] = QDRANT_DISTANCE[String(f['distance'])];
      if (v['distance'] === undefined) v['distance'] = 'Cosine';
      put(v, 'datatype', f['datatype']);
      put(v, 'on_disk', f['on-disk']);
      if (['m', 'ef-construct', 'hnsw-on-disk', 'payload-m', 'inline-storage'].some((k) => f[k] !== undefined)) {
        const h = obj(v, 'hnsw_config');
        put(h, 'm', f['m']);
        put(h, 'ef_construct', f['ef-construct']);
        put(h, 'on_disk', f['hnsw-on-disk']);
        put(h, 'payload_m', f['payload-m']);
        put(h, 'inline_storage', f['inline-storage']);
      }
      if (f['quantization'] !== undefined) {
        delete collection['quantization_config'];
        const q = quantizationConfig(String(f['quantization']), f['always-ram'] as boolean | undefined);
        if (q) v['quantization_config'] = q;
        else delete v['quantization_config'];
      } else if (f['always-ram'] !== undefined) {
        const q = isRecord(v['quantization_config']) ? v['quantization_config'] : isRecord(collection['quantization_config']) ? collection['quantization_config'] : undefined;
        const inner = q ? Object.values(q).find(isRecord) : undefined;
        if (inner) inner['always_ram'] = f['always-ram'];
      }
      if (isRecord(v['quantization_config']) || isRecord(collection['quantization_config'])) quantized = true;
      if (f['multivector'] !== undefined) v['multivector_config'] = { comparator: 'max_sim' };
    }
    if (f['multivector'] !== undefined && !named) obj(w, 'multivector')[''] = f['multivector'];
    // --always-ram places quantized vectors: with no vector quantized it was dropped unread.
    if (f['always-ram'] !== undefined && !quantized) {
      throw new QsizeInputError('--always-ram', f['always-ram'], 'a quantization to apply to (--quantization other than none, or a quantization_config in the spec)', 'it keeps the quantized vectors in RAM');
    }
  }
  if (f['sparse-nnz'] !== undefined) {
    obj(collection, 'sparse_vectors')['sparse'] ??= {};
    obj(w, 'sparse')['sparse'] = f['sparse-nnz'];
  }
  put(collection, 'on_disk_payload', f['on-disk-payload']);
  if (f['id-tracker-memory'] !== undefined) obj(collection, 'id_tracker')['memory'] = f['id-tracker-memory'];
  put(collection, 'shard_number', f['shards']);
  if (f['default-segment-number'] !== undefined) obj(collection, 'optimizers_config')['default_segment_number'] = f['default-segment-number'];
  if (f['payload-bytes'] !== undefined || f['payload-compression'] !== undefined) {
    const p = obj(w, 'payload');
    put(p, 'avgBytes', f['payload-bytes']);
    put(p, 'compressionRatio', f['payload-compression']);
    if (p['avgBytes'] === undefined) p['avgBytes'] = 0;
  }
  put(w, 'pointIdType', f['id-type']);
  put(w, 'qdrantVersion', f['qdrant-version']);
  if (f['node-cpus'] !== undefined || f['search-threads'] !== undefined || f['bulk-load'] !== undefined || f['upload-batch'] !== undefined) {
    const a = obj(w, 'assumptions');
    put(a, 'nodeCpus', f['node-cpus']);
    put(a, 'searchThreads', f['search-threads']);
    put(a, 'bulkLoad', f['bulk-load']);
    put(a, 'uploadBatchPoints', f['upload-batch']);
  }

  put(c, 'replicationFactor', f['replication']);
  put(c, 'writeConsistencyFactor', f['write-consistency']);
  put(c, 'toleratedNodeFailures', f['tolerated-failures']);
  put(c, 'zones', f['zones']);
  put(c, 'ramCeiling', f['ram-ceiling']);
  put(c, 'daemonsetMemoryBytes', f['daemonset-memory']);
  put(c, 'daemonsetCpuCores', f['daemonset-cpus']);
  put(c, 'snapshots', f['snapshots']);
  put(c, 'dr', f['dr']);
  put(c, 'allowQuantizationChanges', f['allow-quantization-changes']);
  put(c, 'pricing', f['pricing']);
  put(c, 'controlPlane', f['control-plane']);
  if (['qps', 'recall', 'hnsw-ef', 'p99-ms', 'writes', 'api', 'query-inner-vectors'].some((k) => f[k] !== undefined)) {
    const q = obj(c, 'query');
    put(q, 'qps', f['qps']);
    put(q, 'recallTarget', f['recall']);
    put(q, 'hnswEf', f['hnsw-ef']);
    put(q, 'p99LatencyMs', f['p99-ms']);
    put(q, 'writesPerSecond', f['writes']);
    put(q, 'queryInnerVectors', f['query-inner-vectors']);
    put(q, 'api', f['api']);
  }
  if (f['growth'] !== undefined || f['horizon'] !== undefined) {
    const g = obj(c, 'growth');
    put(g, 'pointsPerMonth', f['growth']);
    put(g, 'horizonMonths', f['horizon']);
  }
  if (f['gpu-indexing'] !== undefined || f['gpu-rebuilds'] !== undefined) {
    const g = obj(c, 'gpuIndexing');
    put(g, 'enabled', f['gpu-indexing']);
    put(g, 'fullRebuildsPerMonth', f['gpu-rebuilds']);
  }
  const placementKeys = ['cloud', 'region', 'family', 'instance-type', 'max-nodes', 'max-pods', 'arm64', 'on-disk-alternatives', 'peers', 'node'];
  if (placementKeys.some((k) => f[k] !== undefined)) {
    const p = obj(c, 'placement');
    put(p, 'cloud', f['cloud']);
    put(p, 'region', f['region']);
    put(p, 'families', f['family']);
    put(p, 'instanceTypes', f['instance-type']);
    put(p, 'maxNodes', f['max-nodes']);
    put(p, 'maxPods', f['max-pods']);
    put(p, 'arm64Allowed', f['arm64']);
    put(p, 'onDiskAllowed', f['on-disk-alternatives']);
    put(p, 'peers', f['peers']);
    put(p, 'nodes', f['node']);
  }
  return { workload: w, constraints: c };
}

/**
 * Refuses a pinned peer count above the node limit when the same input gives both (flags or spec; the pinned count
 * won silently). Checked here, on what the user gave: parsed constraints, which recommend() also takes, hold the
 * default limit of 64, and a pinned count alone may pass it. The field is the library's; nameFlags names the flag.
 */
export function checkPairs(inputs: Inputs): void {
  const p = inputs.constraints['placement'];
  if (isRecord(p) && typeof p['peers'] === 'number' && typeof p['maxNodes'] === 'number' && p['peers'] > p['maxNodes']) {
    throw new QsizeInputError('constraints.placement.peers', p['peers'], `at most placement.maxNodes (--max-nodes), ${p['maxNodes']}, which the same input sets`);
  }
}

/** Refuses a workload without points, or a dense vector without a dimension, naming the flag to pass. */
export function requireInputs(inputs: Inputs): void {
  if (inputs.workload['points'] === undefined) {
    throw new QsizeInputError('--vectors', undefined, 'a count such as 100M (or a --spec file with points)', 'e.g. qsize --vectors 100M --dim 768');
  }
  const collection = inputs.workload['collection'];
  const vectors = isRecord(collection) ? collection['vectors'] : undefined;
  if (isRecord(vectors) && typeof vectors['distance'] === 'string' && vectors['size'] === undefined) {
    throw new QsizeInputError('--dim', undefined, `a vector dimension from 1 to ${QDRANT_MAX_DIMENSION} (or a --spec file with collection.vectors.size)`, 'e.g. --dim 768');
  }
}

