/** `qsize compare`: one recommendation per option, side by side. */
import { QsizeError, QsizeInputError, QsizeNoFitError } from '../../errors.js';
import { DEFAULT_VERSION, featuresFor, hasDatatype, parseVersion } from '../../model/versions.js';
import { PLAN_DEFAULTS } from '../../plan/constraints.js';
import { recommend } from '../../plan/recommend.js';
import { cliPlanCatalog, cliPlanCatalogFor } from '../catalogs.js';
import { catalogNameExpected } from '../../pricing/nearest.js';
import type { Plan } from '../../plan/types.js';
import { DEFAULT_INSTANCE_FAMILIES } from '../../pricing/catalog.js';
import { formatBytes } from '../../spec/units.js';
import { COMPARE_AXES, compareValue, type CompareAxis } from '../commands/compare.js';
import type { Args } from '../commands/shared.js';
import { emitResult, withInputs } from '../commands/shared.js';
import { constraintOptions, workloadOptions, type FlagValues } from '../flags.js';
import { nodeSummary } from './plan.js';
import { currencyData, currencyFromFlags, showUsd } from '../currency.js';
import { namesRegion, quoteStaleness } from '../staleness.js';
import { unpricedNote } from '../../pricing/cost.js';
import type { CurrencyView } from '../currency.js';
import { PRICE_MODELS, PRICING_MODEL_LABELS, type PriceModel } from '../../pricing/price-models.js';
import { SPOT_WARNING } from '../../pricing/quote.js';
import type { Doc } from '../doc.js';
import { counted, plural } from '../../util/plural.js';

/** The models beside on-demand that some compared plan carries (plan.cost.models): one column each. */
function comparedModels(rows: readonly ComparisonRow[]): PriceModel[] {
  return PRICE_MODELS.filter((m) => rows.some((r) => r.pricingModels?.some((x) => x.model === m)));
}

/**
 * A plan's total under a model, or `no row` where the catalog has none (the reason is listed below the table); in the
 * currency of the Per month column (with --currency the model columns stayed in dollars beside it).
 */
function modelCell(r: ComparisonRow, model: PriceModel, view: CurrencyView | undefined): string {
  const m = r.pricingModels?.find((x) => x.model === model);
  if (m === undefined) return '';
  return m.monthlyUsd === null ? 'no row' : showUsd(view, m.monthlyUsd);
}

/** Why a column has no price, once per reason; spot always with its warning. */
function modelNotes(rows: readonly ComparisonRow[]): Doc {
  const reasons = [...new Set(rows.flatMap((r) => (r.pricingModels ?? []).flatMap((m) => (m.missing ? [m.missing] : []))))];
  const out: Doc = reasons.map((text) => ({ kind: 'para' as const, text: `no row: ${text}` }));
  if (rows.some((r) => r.pricingModels?.some((m) => m.model === 'spot' && m.monthlyUsd !== null))) out.push({ kind: 'para', text: `spot: ${SPOT_WARNING}` });
  return out;
}

export interface ComparisonRow {
  option: string;
  fits: boolean;
  passesAllChecks: boolean;
  /** Why nothing fits, when `fits` is false. */
  reason?: string;
  peers?: number;
  instanceType?: string;
  cloud?: string;
  shardNumber?: number;
  replicationFactor?: number;
  variant?: string;
  /** One copy of the collection. */
  residentBytes?: number;
  pageCacheBytes?: number;
  diskBytes?: number;
  perPeerMemoryRequestBytes?: number;
  /** vCPU the cluster needs for the query and write load (plan.queryCpu.vcpuNeeded + plan.writeCpu.vcpuCluster); absent without a load. */
  loadVcpu?: number;
  monthlyUsd?: number;
  /** With --currency: monthlyUsd in that currency, rounded to its minor unit. */
  monthly?: number;
  /** The same plan's total under each pricing model (plan.cost.models); null where the catalog has no row. */
  pricingModels?: { model: string; monthlyUsd: number | null; missing?: string }[];
  /** The option's own warnings, as the default command prints them for that plan (recommend's `warnings`). */
  warnings?: string[];
  plan?: Plan;
}

/**
 * The options' warnings for stderr: one a plan of every option carries, once; one only some carry, prefixed with the
 * options that carry it (`quantization scalar, pq-x16: ...`). A comparison that hid them would show a plan whose searches
 * read every vector from disk as simply the cheapest.
 */
export function comparisonWarnings(axis: string, rows: readonly ComparisonRow[]): string[] {
  const fitting = rows.filter((r) => r.fits);
  const by = new Map<string, string[]>();
  for (const r of fitting) for (const w of new Set(r.warnings ?? [])) by.set(w, [...(by.get(w) ?? []), r.option]);
  return [...by].map(([w, options]) => (options.length === fitting.length ? w : `${axis} ${options.join(', ')}: ${w}`));
}

export interface Comparison {
  schemaVersion: 'qsize.compare/v1';
  axis: CompareAxis;
  rows: ComparisonRow[];
  /** With --currency: the currency and its rate; each row's `monthly` is in it, `monthlyUsd` stays. */
  currency?: ReturnType<typeof currencyData>;
}

const OPTION_TABLE = { ...workloadOptions, ...constraintOptions } as Record<string, { choices?: readonly string[]; coerce?: (v: unknown) => unknown; type?: string }>;

/** An error the axis's flag raised for a value the user gave to `compare AXIS` (not as --AXIS): named as that. */
function asCompareValue(axis: CompareAxis, error: unknown): unknown {
  return error instanceof QsizeInputError && error.field === `--${axis}` ? new QsizeInputError(`compare ${axis}`, error.value, error.expected, error.hint) : error;
}

/** The flag value for one option of the axis, checked like the flag itself. */
function flagValue(axis: CompareAxis, value: string): unknown {
  if (axis === 'on-disk') {
    if (value !== 'true' && value !== 'false') throw new QsizeInputError('compare on-disk', value, 'true or false');
    return value === 'true';
  }
  const option = OPTION_TABLE[axis];
  let coerced: unknown;
  try {
    coerced = option?.coerce ? option.coerce(value) : value;
  } catch (error) {
    throw asCompareValue(axis, error);
  }
  if (option?.choices && !option.choices.includes(String(coerced))) {
    throw new QsizeInputError(`compare ${axis}`, value, `one of ${option.choices.join(', ')}`);
  }
  return coerced;
}

function defaults(axis: CompareAxis, flags: FlagValues): string[] {
  if (axis === 'family') {
    const cloud = flags['cloud'];
    return Object.entries(DEFAULT_INSTANCE_FAMILIES)
      .filter(([c]) => cloud === undefined || c === cloud)
      .flatMap(([, f]) => f);
  }
  return [...COMPARE_AXES[axis]];
}

/**
 * The default values the workload's Qdrant version has (featuresFor): TurboQuant from 1.18, 1.5- and 2-bit binary from
 * 1.15, TurboQuant bits8 (`turbo-8`) from 1.20; datatypes by hasDatatype (turbo4 from 1.19, turbo8 and turbo16 from
 * 1.20). `compare quantization` on a 1.15 workload was refused whole for "turbo-4", a mode the user never named. A
 * value named on the command line is still checked, and refused, as given.
 */
async function usualValues(axis: 'quantization' | 'datatype', argv: Args): Promise<string[]> {
  const all = defaults(axis, argv);
  const version = await withInputs(withoutMootFlags(axis, argv), (workload) => (typeof workload['qdrantVersion'] === 'string' ? workload['qdrantVersion'] : DEFAULT_VERSION));
  // A version qsize does not know is left to the plan's own check, which names it.
  if (parseVersion(version) === null) return all;
  const f = featuresFor(version);
  if (axis === 'datatype') return all.filter((d) => hasDatatype(f, d));
  return all.filter((q) => (f.turbo || !q.startsWith('turbo-')) && (f.turboBits8 || q !== 'turbo-8') && (f.binaryMultiBit || (q !== 'binary-1.5' && q !== 'binary-2')));
}

/**
 * --always-ram places quantized vectors; the quantization axis's `none` has none to place, so the flag is moot for that
 * option only (the flag alone with no quantization is refused, src/cli/flags.ts). Without this,
 * `compare quantization --on-disk --always-ram`, the usual recipe, was refused whole because of its first option. The
 * same holds for the flags as given, read before any option is set (the workload's version, its vectors): the axis
 * sets the quantization there, so it is read as `none`.
 */
function withoutMootFlags(axis: CompareAxis, flags: Args): Args {
  if (axis !== 'quantization' || (flags['quantization'] !== undefined && flags['quantization'] !== 'none')) return flags;
  const { ['always-ram']: _moot, ...rest } = flags;
  return rest as Args;
}

/** The axes that vary the dense vectors' storage or graph. */
const DENSE_AXES: ReadonlySet<CompareAxis> = new Set(['quantization', 'datatype', 'm', 'on-disk']);

export async function runCompare(argv: Args): Promise<void> {
  const axis = argv['axis'] as CompareAxis;
  const given = Array.isArray(argv['values']) ? (argv['values'] as unknown[]).flatMap((v) => compareValue(v).split(',')).filter((v) => v !== '') : [];
  const values = given.length > 0 ? given : axis === 'quantization' || axis === 'datatype' ? await usualValues(axis, argv) : defaults(axis, argv);
  if (values.length > 24) throw new QsizeInputError(`compare ${axis}`, values.join(' '), 'at most 24 values');
  // The same option twice is the same row twice (`compare cloud aws aws`): refused, as a repeated flag is.
  const read = values.map((v) => JSON.stringify(flagValue(axis, v)));
  const at = read.findIndex((r, i) => read.indexOf(r) !== i);
  if (at >= 0) {
    const first = values[read.indexOf(read[at]!)]!;
    const again = values[at]!;
    throw new QsizeInputError(`compare ${axis}`, values.join(' '), `each option once (${first === again ? `"${again}" is given twice` : `"${again}" is "${first}" again`})`);
  }
  if (axis === 'family' && argv['node'] === undefined) {
    // A family no cloud has is the value's own mistake (a typo), refused whole as any other bad value is; one another
    // input rules out (`compare family r7i n2-highmem --cloud aws`) is that option's row, not possible.
    const families = [...new Set(cliPlanCatalog().instances.map((o) => o.family))].sort();
    const unknown = values.find((v) => !families.includes(v));
    if (unknown !== undefined) throw new QsizeInputError('compare family', unknown, catalogNameExpected('instance family', unknown, families));
  }
  if (DENSE_AXES.has(axis)) {
    // These axes vary the dense vectors: on a spec with sparse vectors only, every option read "--dim: got nothing",
    // as if the spec had lost its dimension.
    await withInputs(withoutMootFlags(axis, argv), (workload) => {
      const c = workload['collection'];
      const sparseOnly = typeof c === 'object' && c !== null && !Array.isArray(c) && (c as Record<string, unknown>)['vectors'] === undefined && (c as Record<string, unknown>)['sparse_vectors'] !== undefined;
      if (sparseOnly && argv['dim'] === undefined) {
        throw new QsizeInputError('--dim', undefined, `a dense vector to vary (compare ${axis} varies dense vectors; this workload has sparse vectors only)`, 'e.g. --dim 768 adds one');
      }
    });
  }
  if (axis === 'cloud') {
    // A region is one cloud's: with it every other cloud's option was refused, and with it the whole comparison
    // ("--region: got eu-west-1, expected a priced gcp region", a cloud the user never named).
    await withInputs(argv, (_workload, constraints) => {
      const p = constraints['placement'];
      const region = typeof p === 'object' && p !== null && !Array.isArray(p) ? (p as Record<string, unknown>)['region'] : undefined;
      // Thrown inside withInputs: named as the flag or the spec field that set it.
      if (typeof region === 'string') throw new QsizeInputError('constraints.placement.region', region, "no region beside compare cloud (a region is one cloud's: each cloud is compared in its own default region)");
    });
  }
  const view = await currencyFromFlags(argv);
  let region = false;
  const rows: ComparisonRow[] = [];
  /** The options that contradict another input (the error that says how), shown as `not possible`. */
  const conflicts = new Map<string, QsizeError>();
  for (const value of values) {
    const flags = withoutMootFlags(axis, { ...argv, [axis]: flagValue(axis, value) });
    try {
      const notes: string[] = [];
      const r = await withInputs(flags, (workload, constraints) => {
        region ||= namesRegion(constraints);
        // Replication 1 cannot tolerate the default one peer failure, so under the default every such row read
        // "nothing fits" (the help's own `compare replication 1 2 3`). As the plan's replication alternatives do
        // (src/plan/recommend.ts), the option tolerates what its replicas allow, and says so; a number the user gave
        // (--tolerated-failures, constraints.toleratedNodeFailures) still holds for every option.
        const rf = axis === 'replication' ? Number(flags['replication']) : undefined;
        if (rf !== undefined && constraints['toleratedNodeFailures'] === undefined && rf - 1 < PLAN_DEFAULTS.toleratedNodeFailures) {
          constraints = { ...constraints, toleratedNodeFailures: rf - 1 };
          notes.push(`tolerates ${rf - 1} peer ${plural(rf - 1, 'failure')}, not the default ${PLAN_DEFAULTS.toleratedNodeFailures}, which needs replication factor ${PLAN_DEFAULTS.toleratedNodeFailures + 1} or more (--tolerated-failures holds every option to one number)`);
        }
        return recommend(workload as never, constraints as never, { maxAlternatives: 0, catalog: cliPlanCatalogFor(constraints) });
      });
      const p = r.plan;
      const load = (p.queryCpu?.vcpuNeeded ?? 0) + (p.writeCpu?.vcpuCluster ?? 0);
      rows.push({
        option: value,
        fits: true,
        passesAllChecks: p.checks.every((c) => c.passed || c.severity !== 'error'),
        peers: p.peers,
        instanceType: p.node.instanceType,
        cloud: p.node.cloud,
        shardNumber: p.shardNumber,
        replicationFactor: p.replicationFactor,
        variant: p.variant ?? 'as configured',
        residentBytes: p.estimate.memory.residentBytes,
        pageCacheBytes: p.estimate.memory.pageCacheBytes,
        diskBytes: p.estimate.disk.bytes,
        perPeerMemoryRequestBytes: p.perPeer.memoryRequestBytes,
        ...(load > 0 ? { loadVcpu: load } : {}),
        monthlyUsd: p.cost.monthlyUsd,
        ...(view ? { monthly: view.convert(p.cost.monthlyUsd) } : {}),
        ...(p.cost.models ? { pricingModels: p.cost.models.map((m) => ({ model: m.model, monthlyUsd: m.monthlyUsd, ...(m.missing ? { missing: m.missing } : {}) })) } : {}),
        warnings: [...notes, ...r.warnings],
        plan: p,
      });
    } catch (error) {
      const named = asCompareValue(axis, error);
      // Each value passed its own check above, so bad input here is the value against the rest of the inputs
      // (`compare replication 1 2 3 --write-consistency 2`: 2 replicas cannot confirm a write at replication 1): that
      // option is not possible, and says why, as an option nothing fits does; the others are still compared.
      if (named instanceof QsizeError && named.code === 'QSIZE_INPUT') {
        conflicts.set(value, named);
        rows.push({ option: value, fits: false, passesAllChecks: false, reason: named.message });
        continue;
      }
      if (!(error instanceof QsizeNoFitError)) throw named;
      rows.push({ option: value, fits: false, passesAllChecks: false, reason: error.message });
    }
  }
  if (rows.every((r) => !r.fits)) {
    // No option possible: the first one's error as it is (bad input, exit 2), as the same flags without compare give it.
    const first = conflicts.get(rows[0]?.option ?? '');
    if (first !== undefined) throw first;
    throw new QsizeNoFitError(`no option of ${axis} fits: ${rows[0]?.reason ?? ''}`);
  }
  const data: Comparison = { schemaVersion: 'qsize.compare/v1', axis, rows, ...(view ? { currency: currencyData(view) } : {}) };
  const stale = await quoteStaleness({ region, currency: view !== undefined });
  const models = comparedModels(rows);
  // The cluster's vCPU for the load, where a query or write rate was given: what `compare api` varies, and what moves a
  // plan's peers under the other axes (src/topology/throughput.ts queryCpu, writeVcpuSecondsPerPoint).
  const loaded = rows.some((r) => r.loadVcpu !== undefined);
  const loadCell = (r: ComparisonRow) => (r.loadVcpu === undefined ? '' : r.loadVcpu.toFixed(1));
  await emitResult(argv, {
    data,
    doc: () => [
      { kind: 'heading', text: `qsize compare ${axis}: ${counted(rows.length, 'option')}, one copy of the collection and the cheapest plan that passes every check` },
      {
        kind: 'table',
        head: [axis, 'RAM', 'Page cache', 'Disk', 'Plan', 'Shards', ...(loaded ? ['vCPU for the load'] : []), 'Per month', ...models.map((m) => PRICING_MODEL_LABELS[m])],
        // Right-aligned: the three sizes, the load (when shown) and the prices after it.
        right: [1, 2, 3, ...(loaded ? [6] : []), ...[0, ...models.map((_, i) => i + 1)].map((i) => 6 + Number(loaded) + i)],
        rows: rows.map((r) =>
          r.fits && r.plan
            ? [
                r.option,
                formatBytes(r.residentBytes ?? 0),
                formatBytes(r.pageCacheBytes ?? 0),
                formatBytes(r.diskBytes ?? 0),
                nodeSummary(r.plan),
                `${r.shardNumber} × ${r.replicationFactor}`,
                ...(loaded ? [loadCell(r)] : []),
                // With the unpriced lines said, as the quote's total says them (a bare $0.00 for unpriced nodes).
                showUsd(view, r.monthlyUsd ?? 0) + unpricedNote(r.plan),
                ...models.map((m) => modelCell(r, m, view)),
              ]
            : [r.option, '', '', '', conflicts.has(r.option) ? 'not possible' : 'nothing fits', '', ...(loaded ? [''] : []), '', ...models.map(() => '')],
        ),
      },
      ...modelNotes(rows),
      ...rows.filter((r) => !r.fits).map((r) => ({ kind: 'para' as const, text: `${r.option}: ${r.reason ?? ''}` })),
      ...(view ? [{ kind: 'para' as const, text: view.note }] : []),
    ],
    rows: () =>
      rows.map((r) => ({
        option: r.option,
        fits: r.fits,
        passes_all_checks: r.passesAllChecks,
        peers: r.peers ?? '',
        instance_type: r.instanceType ?? '',
        cloud: r.cloud ?? '',
        shard_number: r.shardNumber ?? '',
        replication_factor: r.replicationFactor ?? '',
        variant: r.variant ?? '',
        resident_bytes: r.residentBytes ?? '',
        page_cache_bytes: r.pageCacheBytes ?? '',
        disk_bytes: r.diskBytes ?? '',
        per_peer_memory_request_bytes: r.perPeerMemoryRequestBytes ?? '',
        ...(loaded ? { load_vcpu: r.loadVcpu ?? '' } : {}),
        monthly_usd: r.monthlyUsd ?? '',
        ...(view ? { [`monthly_${view.code.toLowerCase()}`]: r.monthly ?? '' } : {}),
        ...Object.fromEntries(models.map((m) => [`monthly_usd_${m}`, r.pricingModels?.find((x) => x.model === m)?.monthlyUsd ?? ''])),
        reason: r.reason ?? '',
      })),
  }, [...comparisonWarnings(axis, rows), ...stale]);
}
