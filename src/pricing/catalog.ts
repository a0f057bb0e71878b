/**
 * Dated, sourced catalogs: instance prices and specs, storage prices, Kubernetes allocatable
 * figures and published Qdrant benchmark figures.
 *
 * The CSVs in `data/catalogs/` are the source of truth; `scripts/gen-catalogs.mjs` copies them cell
 * for cell into `catalog-data.generated.ts` (the core runs in a browser bundle and cannot read files).
 * This module validates every cell with zod, converts it to a typed row, and refuses a catalog that
 * is empty, malformed, or missing the default instance families. Rows with `verified=false` (the
 * reference marked them UNVERIFIED or weak) are kept but excluded from every lookup by default.
 *
 * Pure: no I/O, no clock. Staleness is judged against a `now` the caller passes in.
 */
import { z } from 'zod';
import { generatedCatalogTables, type GeneratedCatalogTable } from './catalog-data.generated.js';
import { KEBAB_ID_RE } from './kebab-id.js';

// ---------------------------------------------------------------------------------------------
// Names and constants

export const CLOUDS = ['aws', 'gcp', 'azure'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const ARCHES = ['amd64', 'arm64'] as const;
export type Arch = (typeof ARCHES)[number];

export const INSTANCE_CATEGORIES = [
  'memory-optimized',
  'general-purpose',
  'compute-optimized',
  'storage-optimized',
  'gpu',
] as const;
export type InstanceCategory = (typeof INSTANCE_CATEGORIES)[number];

export const STORAGE_KINDS = ['block', 'block-performance', 'local', 'snapshot', 'object'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

export const QUERY_REGIMES = ['single-client', 'saturated', 'client-bound'] as const;
export type QueryRegime = (typeof QUERY_REGIMES)[number];

export const CATALOG_NAMES = [
  'instancesCpu',
  'instancesGpu',
  'storage',
  'k8sAllocatableAws',
  'qdrantIndexBuild',
  'qdrantQueryThroughput',
] as const;
export type CatalogName = (typeof CATALOG_NAMES)[number];

/** Catalogs whose rows are prices; `catalogDate()` reports the newest of their dates. */
export const PRICE_CATALOGS = ['instancesCpu', 'instancesGpu', 'storage'] as const satisfies readonly CatalogName[];

/**
 * Oldest acceptable `as_of` per catalog, in days, before `loadCatalogs` warns. Prices and node
 * overheads change within months; published benchmarks age more slowly but do age (Qdrant versions).
 */
export const DEFAULT_MAX_AGE_DAYS: Readonly<Record<CatalogName, number>> = {
  instancesCpu: 180,
  instancesGpu: 180,
  storage: 180,
  k8sAllocatableAws: 180,
  qdrantIndexBuild: 730,
  qdrantQueryThroughput: 730,
};

/**
 * Instance families the planner offers by default; `loadCatalogs` refuses an instance catalog that
 * has rows for a cloud but no verified row for one of that cloud's default families.
 * AWS: r6i/r7i (memory-optimized) and m7i (general purpose; the catalog has no m6i rows).
 * GCP: n2-highmem. Azure: Esv5 (E-series v5).
 */
export const DEFAULT_INSTANCE_FAMILIES: Readonly<Record<Cloud, readonly string[]>> = {
  aws: ['r6i', 'r7i', 'm7i'],
  gcp: ['n2-highmem'],
  azure: ['Esv5'],
};

// ---------------------------------------------------------------------------------------------
// Cell parsers: every cell arrives as CSV text; each parser names what it expects.

function cell<T>(expected: string, parse: (s: string) => T | undefined) {
  return z.string({ error: 'a column that is missing from this row' }).transform((s, ctx) => {
    const v = parse(s);
    if (v === undefined) {
      ctx.addIssue({ code: 'custom', message: expected, input: s });
      return z.NEVER;
    }
    return v;
  });
}

/** A cell holding a kebab-case id (KEBAB_ID_RE); `expected` names the column's kind with an example. */
const kebabId = (expected: string) => cell(expected, (s) => (KEBAB_ID_RE.test(s) ? s : undefined));

const DECIMAL_RE = /^\d+(\.\d+)?$/;
const INT_RE = /^\d+$/;
const AS_OF_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

const parseDecimal = (s: string): number | undefined => (DECIMAL_RE.test(s) ? Number(s) : undefined);
const parseInt10 = (s: string): number | undefined => (INT_RE.test(s) ? Number(s) : undefined);

const text = cell('non-empty text', (s) => (s.trim() === '' ? undefined : s));
const freeText = cell('text', (s) => s);
const optText = cell('text or empty', (s) => (s === '' ? null : s));
const nonNegDecimal = cell('a non-negative decimal number such as 1.008', parseDecimal);
const positiveDecimal = cell('a decimal number greater than 0, such as 1.008', (s) => {
  const v = parseDecimal(s);
  return v !== undefined && v > 0 ? v : undefined;
});
const optNonNegDecimal = cell('a non-negative decimal number or empty', (s) =>
  s === '' ? null : parseDecimal(s),
);
const optPositiveDecimal = cell('a decimal number greater than 0, or empty', (s) => {
  if (s === '') return null;
  const v = parseDecimal(s);
  return v !== undefined && v > 0 ? v : undefined;
});
const nonNegInt = cell('a non-negative integer', parseInt10);
const positiveInt = cell('an integer greater than 0', (s) => {
  const v = parseInt10(s);
  return v !== undefined && v > 0 ? v : undefined;
});
const optPositiveInt = cell('an integer greater than 0, or empty', (s) => {
  if (s === '') return null;
  const v = parseInt10(s);
  return v !== undefined && v > 0 ? v : undefined;
});
const bool = cell('true or false', (s) => (s === 'true' ? true : s === 'false' ? false : undefined));

function isValidAsOf(s: string): boolean {
  const m = AS_OF_RE.exec(s);
  if (m === null) return false;
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (month < 1 || month > 12) return false;
  const d = new Date(Date.UTC(Number(m[1]), month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
const asOfCell = cell('a date YYYY-MM-DD (or YYYY-MM / YYYY when the source gives no day)', (s) =>
  isValidAsOf(s) ? s : undefined,
);
const optAsOfCell = cell('a date YYYY-MM-DD (or YYYY-MM / YYYY), or empty for an unverified row', (s) =>
  s === '' ? null : isValidAsOf(s) ? s : undefined,
);

function oneOf<const T extends readonly string[]>(values: T) {
  const set = new Set<string>(values);
  return cell(`one of ${values.join(', ')}`, (s) => (set.has(s) ? (s as T[number]) : undefined));
}

// ---------------------------------------------------------------------------------------------
// Row schemas (input: a CSV record of strings; output: a typed row)

/** `data/catalogs/instances-cpu.csv` and `instances-gpu.csv`. */
export const instanceRowSchema = z
  .object({
    cloud: oneOf(CLOUDS),
    region: text,
    instance_type: text,
    family: text,
    category: oneOf(INSTANCE_CATEGORIES),
    arch: oneOf(ARCHES),
    vcpu: positiveInt,
    memory_gib: positiveDecimal,
    gpu_count: nonNegInt,
    gpu_model: optText,
    gpu_memory_gib_each: optPositiveDecimal,
    local_nvme_gb: nonNegDecimal,
    usd_per_hour: positiveDecimal,
    source: text,
    as_of: asOfCell,
    verified: bool,
    notes: freeText,
  })
  .transform((r) => ({
    cloud: r.cloud,
    region: r.region,
    instanceType: r.instance_type,
    family: r.family,
    category: r.category,
    arch: r.arch,
    vcpu: r.vcpu,
    /** GiB (2^30 bytes); GCP's "GB" for machine memory is GiB. */
    memoryGib: r.memory_gib,
    gpuCount: r.gpu_count,
    gpuModel: r.gpu_model,
    /** Usable memory of ONE GPU, GiB (AWS: Karpenter's MiB label / 1024). */
    gpuMemoryGibEach: r.gpu_memory_gib_each,
    /** Local NVMe / instance-store capacity in GB as the provider states it (0 = none). */
    localNvmeGb: r.local_nvme_gb,
    /** On-demand Linux price, exactly as published. */
    usdPerHour: r.usd_per_hour,
    source: r.source,
    asOf: r.as_of,
    verified: r.verified,
    notes: r.notes,
  }));
export type InstanceRow = z.output<typeof instanceRowSchema>;

/**
 * The columns a storage price row has in every table that carries one (`storage.csv`, and `storage-regional.csv` in
 * quote-catalogs.ts), and the one mapping of such a row to a StorageRow: a product is read the same way whichever
 * table names it.
 */
export const storageColumns = {
  cloud: oneOf(CLOUDS),
  product_id: kebabId('a kebab-case product id such as ebs-gp3 or pd-balanced'),
  product: text,
  kind: oneOf(STORAGE_KINDS),
  unit: text,
  usd_price: positiveDecimal,
  included_baseline: freeText,
  source: text,
};
interface StorageCells {
  cloud: Cloud;
  region: string;
  product_id: string;
  product: string;
  kind: (typeof STORAGE_KINDS)[number];
  unit: string;
  usd_price: number;
  included_baseline: string;
  source: string;
  as_of: string | null;
  verified: boolean;
  verification: string;
  notes: string;
}
export const toStorageRow = (r: StorageCells) => ({
  cloud: r.cloud,
  region: r.region,
  productId: r.product_id,
  product: r.product,
  kind: r.kind,
  /** Billing unit exactly as published, e.g. `GB-month`, `IOPS-month above 3000`, `disk-month`. */
  unit: r.unit,
  usdPrice: r.usd_price,
  includedBaseline: r.included_baseline,
  source: r.source,
  /** Null only for unverified rows whose source gives no date. */
  asOf: r.as_of,
  verified: r.verified,
  verification: r.verification,
  notes: r.notes,
});

/** `data/catalogs/storage.csv`. */
export const storageRowSchema = z
  .object({
    ...storageColumns,
    region: text,
    as_of: optAsOfCell,
    verified: bool,
    verification: freeText,
    notes: freeText,
  })
  .transform(toStorageRow);
export type StorageRow = z.output<typeof storageRowSchema>;

/** `data/catalogs/k8s-allocatable-aws.csv`: Karpenter's published allocatable per instance type. */
export const allocatableRowSchema = z
  .object({
    cloud: oneOf(['aws'] as const),
    instance_type: text,
    arch: oneOf(ARCHES),
    vcpu: positiveInt,
    memory_mib: positiveInt,
    max_pods: positiveInt,
    alloc_cpu_millicores: positiveInt,
    alloc_memory_mib: positiveInt,
    source: text,
    as_of: asOfCell,
    verified: bool,
  })
  .transform((r) => ({
    cloud: r.cloud,
    instanceType: r.instance_type,
    arch: r.arch,
    vcpu: r.vcpu,
    memoryMib: r.memory_mib,
    maxPods: r.max_pods,
    allocCpuMillicores: r.alloc_cpu_millicores,
    allocMemoryMib: r.alloc_memory_mib,
    source: r.source,
    asOf: r.as_of,
    verified: r.verified,
  }));
export type AllocatableRow = z.output<typeof allocatableRowSchema>;

/** `data/catalogs/qdrant-index-build.csv`: published HNSW build timings. */
export const indexBuildRowSchema = z
  .object({
    source: text,
    as_of: asOfCell,
    dataset: text,
    n_vectors: positiveInt,
    dim: positiveInt,
    distance: optText,
    hardware: text,
    vcpu: optPositiveInt,
    gpu_model: optText,
    hnsw_m: optPositiveInt,
    ef_construct: optPositiveInt,
    quantization: optText,
    upload_s: optNonNegDecimal,
    upload_plus_index_s: optNonNegDecimal,
    index_build_s: positiveDecimal,
    vectors_per_s: positiveDecimal,
    verified: bool,
    notes: freeText,
  })
  .transform((r) => ({
    source: r.source,
    asOf: r.as_of,
    dataset: r.dataset,
    nVectors: r.n_vectors,
    dim: r.dim,
    distance: r.distance,
    hardware: r.hardware,
    /** Host vCPU; null when the source does not state it. */
    vcpu: r.vcpu,
    /** Null for CPU-only builds. */
    gpuModel: r.gpu_model,
    hnswM: r.hnsw_m,
    efConstruct: r.ef_construct,
    quantization: r.quantization,
    uploadSeconds: r.upload_s,
    uploadPlusIndexSeconds: r.upload_plus_index_s,
    indexBuildSeconds: r.index_build_s,
    vectorsPerSecond: r.vectors_per_s,
    verified: r.verified,
    notes: r.notes,
  }));
export type IndexBuildRow = z.output<typeof indexBuildRowSchema>;

/** `data/catalogs/qdrant-query-throughput.csv`: published RPS and latency. */
export const queryThroughputRowSchema = z
  .object({
    source: text,
    as_of: asOfCell,
    dataset: text,
    n_vectors: positiveInt,
    dim: positiveInt,
    server: text,
    server_vcpu: positiveInt,
    parallel_clients: positiveInt,
    regime: oneOf(QUERY_REGIMES),
    mean_precision_at_10: cell('a number between 0 and 1', (s) => {
      const v = parseDecimal(s);
      return v !== undefined && v <= 1 ? v : undefined;
    }),
    rps: positiveDecimal,
    rps_per_vcpu: optPositiveDecimal,
    mean_ms: positiveDecimal,
    p95_ms: positiveDecimal,
    p99_ms: positiveDecimal,
    hnsw_ef: positiveInt,
    quantization_oversampling: nonNegDecimal,
    index_setup: text,
    verified: bool,
    notes: freeText,
  })
  .transform((r) => ({
    source: r.source,
    asOf: r.as_of,
    dataset: r.dataset,
    nVectors: r.n_vectors,
    dim: r.dim,
    server: r.server,
    serverVcpu: r.server_vcpu,
    parallelClients: r.parallel_clients,
    /** `client-bound` rows understate server capacity (mean latency × RPS << clients). */
    regime: r.regime,
    meanPrecisionAt10: r.mean_precision_at_10,
    rps: r.rps,
    rpsPerVcpu: r.rps_per_vcpu,
    meanMs: r.mean_ms,
    p95Ms: r.p95_ms,
    p99Ms: r.p99_ms,
    hnswEf: r.hnsw_ef,
    quantizationOversampling: r.quantization_oversampling,
    indexSetup: r.index_setup,
    verified: r.verified,
    notes: r.notes,
  }));
export type QueryThroughputRow = z.output<typeof queryThroughputRowSchema>;

// ---------------------------------------------------------------------------------------------
// Catalog shapes

export interface Catalog<R> {
  name: CatalogName;
  /** CSV path relative to the package root. */
  file: string;
  /** Every row, verified or not. Lookups skip `verified === false` unless asked. */
  rows: readonly R[];
  /** Newest / oldest `as_of` among verified rows. */
  newestAsOf: string;
  oldestAsOf: string;
}

export interface Catalogs {
  instancesCpu: Catalog<InstanceRow>;
  instancesGpu: Catalog<InstanceRow>;
  storage: Catalog<StorageRow>;
  k8sAllocatableAws: Catalog<AllocatableRow>;
  qdrantIndexBuild: Catalog<IndexBuildRow>;
  qdrantQueryThroughput: Catalog<QueryThroughputRow>;
}

/** Raw tables as produced by the generator (or by a caller's own CSV reader). */
export type RawCatalogTables = Readonly<Record<CatalogName, GeneratedCatalogTable>>;

export type CatalogErrorCode =
  | 'catalog-missing'
  | 'catalog-empty'
  | 'catalog-row-invalid'
  | 'catalog-duplicate-row'
  | 'catalog-missing-family';

/** Refusal to load a catalog. `message` names the file, row, field, value and what was expected. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  readonly code: CatalogErrorCode;
  readonly file: string;
  /** 1-based data row (the header is row 0), when the problem is in one row. */
  readonly row: number | undefined;
  readonly field: string | undefined;
  readonly value: string | undefined;
  readonly expected: string | undefined;

  constructor(
    code: CatalogErrorCode,
    message: string,
    details: { file: string; row?: number; field?: string; value?: string; expected?: string },
  ) {
    super(message);
    this.code = code;
    this.file = details.file;
    this.row = details.row;
    this.field = details.field;
    this.value = details.value;
    this.expected = details.expected;
  }
}

export interface CatalogWarning {
  code: 'stale-catalog' | 'stale-rows';
  catalog: CatalogName;
  file: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Validation

const ROW_SCHEMAS = {
  instancesCpu: instanceRowSchema,
  instancesGpu: instanceRowSchema,
  storage: storageRowSchema,
  k8sAllocatableAws: allocatableRowSchema,
  qdrantIndexBuild: indexBuildRowSchema,
  qdrantQueryThroughput: queryThroughputRowSchema,
} as const;

/** Columns that identify a row (duplicates are refused). Null: no uniqueness rule. */
const ROW_KEYS: Readonly<Record<CatalogName, readonly string[] | null>> = {
  instancesCpu: ['cloud', 'region', 'instance_type'],
  instancesGpu: ['cloud', 'region', 'instance_type'],
  storage: ['cloud', 'region', 'product_id'],
  k8sAllocatableAws: ['instance_type'],
  qdrantIndexBuild: null,
  qdrantQueryThroughput: null,
};

function describeRow(name: CatalogName, raw: Readonly<Record<string, string>>): string {
  const key = ROW_KEYS[name];
  if (key === null) return raw['dataset'] !== undefined ? ` (${raw['dataset']})` : '';
  return ` (${key.map((k) => raw[k] ?? '?').join(' ')})`;
}

function validateTable<N extends CatalogName>(
  name: N,
  table: GeneratedCatalogTable | undefined,
): Catalog<z.output<(typeof ROW_SCHEMAS)[N]>> {
  if (table === undefined) {
    throw new CatalogError('catalog-missing', `catalog ${name} is missing`, { file: `<${name}>` });
  }
  const file = table.file;
  if (table.rows.length === 0) {
    throw new CatalogError('catalog-empty', `${file}: catalog ${name} is empty (no data rows)`, { file });
  }
  const schema: z.ZodType<z.output<(typeof ROW_SCHEMAS)[N]>, Readonly<Record<string, string>>> =
    ROW_SCHEMAS[name] as unknown as z.ZodType<z.output<(typeof ROW_SCHEMAS)[N]>, Readonly<Record<string, string>>>;
  const rows: z.output<(typeof ROW_SCHEMAS)[N]>[] = [];
  const seen = new Map<string, number>();
  const keyCols = ROW_KEYS[name];
  table.rows.forEach((raw, i) => {
    const rowNo = i + 1;
    const result = schema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.map(String).join('.') ?? '?';
      const value = raw[field];
      const expected = issue?.message ?? 'a valid value';
      const shown = value === undefined ? '(no such column)' : JSON.stringify(value);
      throw new CatalogError(
        'catalog-row-invalid',
        `${file}: data row ${rowNo}${describeRow(name, raw)}, field "${field}": value ${shown} is invalid; expected ${expected}`,
        value === undefined ? { file, row: rowNo, field, expected } : { file, row: rowNo, field, value, expected },
      );
    }
    const row = result.data;
    const rec = row as { verified: boolean; asOf: string | null };
    if (rec.verified && rec.asOf === null) {
      throw new CatalogError(
        'catalog-row-invalid',
        `${file}: data row ${rowNo}${describeRow(name, raw)}, field "as_of": value "" is invalid; expected a date for a verified row (only verified=false rows may be undated)`,
        { file, row: rowNo, field: 'as_of', value: '', expected: 'a date for a verified row' },
      );
    }
    if (keyCols !== null) {
      const key = keyCols.map((k) => raw[k] ?? '').join('\u0000');
      const first = seen.get(key);
      if (first !== undefined) {
        throw new CatalogError(
          'catalog-duplicate-row',
          `${file}: data row ${rowNo}${describeRow(name, raw)} duplicates data row ${first} (key: ${keyCols.join(', ')})`,
          { file, row: rowNo, field: keyCols.join(','), expected: 'a unique key' },
        );
      }
      seen.set(key, rowNo);
    }
    rows.push(row);
  });
  const dates = rows
    .map((r) => r as { verified: boolean; asOf: string | null })
    .filter((r) => r.verified && r.asOf !== null)
    .map((r) => r.asOf as string)
    .sort();
  const oldest = dates[0];
  const newest = dates[dates.length - 1];
  if (oldest === undefined || newest === undefined) {
    throw new CatalogError('catalog-empty', `${file}: catalog ${name} has no verified rows; nothing could be used by default`, {
      file,
    });
  }
  return { name, file, rows, newestAsOf: newest, oldestAsOf: oldest };
}

function checkFamilies(
  catalog: Catalog<InstanceRow>,
  required: Readonly<Partial<Record<Cloud, readonly string[]>>>,
): void {
  const present = new Set(catalog.rows.map((r) => r.cloud));
  for (const cloud of CLOUDS) {
    if (!present.has(cloud)) continue;
    for (const family of required[cloud] ?? []) {
      const ok = catalog.rows.some((r) => r.cloud === cloud && r.family === family && r.verified);
      if (!ok) {
        throw new CatalogError(
          'catalog-missing-family',
          `${catalog.file}: catalog ${catalog.name} has ${cloud} rows but no verified row of the default family "${family}"; expected every default family (${(required[cloud] ?? []).join(', ')})`,
          { file: catalog.file, field: 'family', value: family, expected: `a verified ${cloud} row of family ${family}` },
        );
      }
    }
  }
}

export interface ValidateOptions {
  /** Default families that must be present per cloud (when the catalog has rows for that cloud). */
  requiredFamilies?: Readonly<Partial<Record<Cloud, readonly string[]>>>;
}

/**
 * Validates raw tables and returns typed catalogs. Throws `CatalogError` on an empty catalog, a
 * malformed cell, a duplicate row, or a missing default family.
 */
export function validateCatalogs(
  tables: Readonly<Partial<Record<CatalogName, GeneratedCatalogTable>>> = generatedCatalogTables,
  options: ValidateOptions = {},
): Catalogs {
  const catalogs: Catalogs = {
    instancesCpu: validateTable('instancesCpu', tables.instancesCpu),
    instancesGpu: validateTable('instancesGpu', tables.instancesGpu),
    storage: validateTable('storage', tables.storage),
    k8sAllocatableAws: validateTable('k8sAllocatableAws', tables.k8sAllocatableAws),
    qdrantIndexBuild: validateTable('qdrantIndexBuild', tables.qdrantIndexBuild),
    qdrantQueryThroughput: validateTable('qdrantQueryThroughput', tables.qdrantQueryThroughput),
  };
  checkFamilies(catalogs.instancesCpu, options.requiredFamilies ?? DEFAULT_INSTANCE_FAMILIES);
  return catalogs;
}

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;

/** UTC midnight of a (possibly partial) as_of date; a partial date means its first day. */
export function asOfToUtcMs(asOf: string): number {
  const m = AS_OF_RE.exec(asOf);
  if (m === null || !isValidAsOf(asOf)) throw new RangeError(`not an as_of date: ${JSON.stringify(asOf)}`);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  return Date.UTC(Number(m[1]), month - 1, day);
}

/** Whole days from `asOf` to `now` (negative if `asOf` is in the future). */
export function ageInDays(asOf: string, now: Date | string): number {
  const nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError(`invalid "now": ${String(now)}`);
  return Math.floor((nowMs - asOfToUtcMs(asOf)) / DAY_MS);
}

// ---------------------------------------------------------------------------------------------
// Loading

export interface LoadCatalogsOptions extends ValidateOptions {
  /** The moment against which staleness is judged. Required: pure code never reads the clock. */
  now: Date | string;
  /** Per-catalog maximum age in days; missing entries use `DEFAULT_MAX_AGE_DAYS`. */
  maxAgeDays?: Readonly<Partial<Record<CatalogName, number>>>;
  /** Raw tables to load instead of the generated ones (tests, user-supplied catalogs). */
  tables?: Readonly<Partial<Record<CatalogName, GeneratedCatalogTable>>>;
}

export interface LoadedCatalogs {
  catalogs: Catalogs;
  warnings: CatalogWarning[];
}

/**
 * Validates the catalogs (see `validateCatalogs`) and warns when a catalog's newest verified
 * `as_of` is older than its maximum age, or when it contains verified rows older than that age.
 */
export function loadCatalogs(options: LoadCatalogsOptions): LoadedCatalogs {
  const catalogs = validateCatalogs(options.tables ?? generatedCatalogTables, options);
  const warnings: CatalogWarning[] = [];
  for (const name of CATALOG_NAMES) {
    const catalog: Catalog<{ verified: boolean; asOf: string | null }> = catalogs[name];
    const maxAge = options.maxAgeDays?.[name] ?? DEFAULT_MAX_AGE_DAYS[name];
    const newestAge = ageInDays(catalog.newestAsOf, options.now);
    if (newestAge > maxAge) {
      warnings.push({
        code: 'stale-catalog',
        catalog: name,
        file: catalog.file,
        message: `${catalog.file}: newest as_of ${catalog.newestAsOf} is ${newestAge} days old (limit ${maxAge}); refresh the catalog from its sources`,
      });
      continue;
    }
    const stale = catalog.rows.filter(
      (r) => r.verified && r.asOf !== null && ageInDays(r.asOf, options.now) > maxAge,
    );
    if (stale.length > 0) {
      warnings.push({
        code: 'stale-rows',
        catalog: name,
        file: catalog.file,
        message: `${catalog.file}: ${stale.length} verified row(s) are older than ${maxAge} days (oldest as_of ${catalog.oldestAsOf})`,
      });
    }
  }
  return { catalogs, warnings };
}

let memo: Catalogs | undefined;

/** The shipped catalogs, validated once (no staleness check: that needs a `now`). */
export function defaultCatalogs(): Catalogs {
  memo ??= validateCatalogs(generatedCatalogTables);
  return memo;
}

// ---------------------------------------------------------------------------------------------
// Lookups

export interface InstanceQuery {
  cloud?: Cloud | readonly Cloud[];
  region?: string;
  /** Exact family names as in the catalog: `r6i`, `n2-highmem`, `Esv5`, `g4dn`. */
  families?: readonly string[];
  instanceTypes?: readonly string[];
  arch?: Arch;
  /** true: GPU instances only; false: CPU-only instances; undefined: both. */
  gpu?: boolean;
  /** GPU model names as in the catalog (`T4`, `L4`, `A10G`, ...). Implies `gpu: true`. */
  gpuModels?: readonly string[];
  /** Include rows marked `verified=false` (weak or unverified in the sources). Default false. */
  includeUnverified?: boolean;
}

/**
 * Instances matching every given criterion, cheapest first (ties by instance type).
 */
export function findInstances(query: InstanceQuery = {}, catalogs: Catalogs = defaultCatalogs()): InstanceRow[] {
  const clouds =
    query.cloud === undefined ? undefined : new Set<Cloud>(typeof query.cloud === 'string' ? [query.cloud] : query.cloud);
  const families = query.families === undefined ? undefined : new Set(query.families);
  const types = query.instanceTypes === undefined ? undefined : new Set(query.instanceTypes);
  const models = query.gpuModels === undefined ? undefined : new Set(query.gpuModels);
  const wantGpu = models !== undefined ? true : query.gpu;
  return [...catalogs.instancesCpu.rows, ...catalogs.instancesGpu.rows]
    .filter(
      (r) =>
        (query.includeUnverified === true || r.verified) &&
        (clouds === undefined || clouds.has(r.cloud)) &&
        (query.region === undefined || r.region === query.region) &&
        (families === undefined || families.has(r.family)) &&
        (types === undefined || types.has(r.instanceType)) &&
        (query.arch === undefined || r.arch === query.arch) &&
        (wantGpu === undefined || (r.gpuCount > 0) === wantGpu) &&
        (models === undefined || (r.gpuModel !== null && models.has(r.gpuModel))),
    )
    .sort((a, b) => a.usdPerHour - b.usdPerHour || (a.instanceType < b.instanceType ? -1 : a.instanceType > b.instanceType ? 1 : 0));
}

export interface StoragePriceOptions {
  includeUnverified?: boolean;
  catalogs?: Catalogs;
}

/**
 * The storage price row for a product (`product_id` column, e.g. `pd-balanced`, `ebs-gp3`), or
 * undefined when there is no such row or it is unverified (and `includeUnverified` is not set).
 * Callers turn undefined into a flagged cost line (see `cost.ts`), never into a guess.
 */
export function storagePrice(
  cloud: Cloud,
  region: string,
  productId: string,
  options: StoragePriceOptions = {},
): StorageRow | undefined {
  const catalogs = options.catalogs ?? defaultCatalogs();
  return catalogs.storage.rows.find(
    (r) =>
      r.cloud === cloud &&
      r.region === region &&
      r.productId === productId &&
      (options.includeUnverified === true || r.verified),
  );
}

/** Karpenter's published allocatable figures for an AWS instance type, if catalogued. */
export function findAllocatable(instanceType: string, catalogs: Catalogs = defaultCatalogs()): AllocatableRow | undefined {
  return catalogs.k8sAllocatableAws.rows.find((r) => r.instanceType === instanceType && r.verified);
}

/**
 * The catalog date to print in reports: with no name, the newest verified `as_of` among the price
 * catalogs (instances and storage); with a name, that catalog's newest verified `as_of`.
 */
export function catalogDate(name?: CatalogName, catalogs: Catalogs = defaultCatalogs()): string {
  if (name !== undefined) return catalogs[name].newestAsOf;
  return PRICE_CATALOGS.map((n) => catalogs[n].newestAsOf)
    .sort()
    .reverse()[0] as string;
}

// ---------------------------------------------------------------------------------------------
// Shared with the quote tables (src/pricing/quote-catalogs.ts): one cell parser per kind of cell.

/** The cell parsers of this module, for other dated tables that follow the same rules. */
export const catalogCells = {
  cell,
  kebabId,
  text,
  freeText,
  optText,
  nonNegDecimal,
  positiveDecimal,
  optPositiveDecimal,
  bool,
  asOfCell,
  oneOf,
} as const;

/** Checks a CSV `as_of` cell (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`, a real calendar date). */
export function isAsOfDate(s: string): boolean {
  return isValidAsOf(s);
}
