/**
 * The dated tables a quote needs beyond the base catalogs: instance prices in more regions, storage
 * prices in more regions, commitment and spot prices, currency rates and managed control planes.
 *
 * Same rules as `catalog.ts`: the CSVs in `data/catalogs/` are the source of truth, copied cell for
 * cell into `quote-data.generated.ts` (packed); every cell is validated with zod before use, and a
 * row without a source or an `as_of` date is refused with a `CatalogError` naming the file, row,
 * field and value. Each table is validated on first use only (the regional tables hold about 8,000
 * rows that a one-region plan never reads). Pure: no I/O, no clock.
 */
import { z } from 'zod';
import type { GeneratedCatalogTable } from './catalog-data.generated.js';
import {
  ageInDays,
  CatalogError,
  catalogCells,
  CLOUDS,
  storageColumns,
  toStorageRow,
  type StorageRow,
} from './catalog.js';
import { generatedQuoteTables } from './quote-data.generated.js';
import { PRICE_MODELS } from './price-models.js';

const { cell, kebabId, text, freeText, nonNegDecimal, positiveDecimal, optPositiveDecimal, bool, asOfCell, oneOf } = catalogCells;

export const QUOTE_TABLE_NAMES = [
  'instancePricesRegional',
  'storageRegional',
  'commitmentPrices',
  'currencyRates',
  'controlPlane',
] as const;
export type QuoteTableName = (typeof QUOTE_TABLE_NAMES)[number];

/**
 * The quote tables a quote read, whose age it warns of (quoteCatalogWarnings): the regional price and storage tables when
 * a region was named, the currency rates when a currency was chosen. A plain USD quote in the base regions reads none.
 * One rule for the CLI's stderr (src/cli/staleness.ts) and the web page's warnings.
 */
export function quoteTablesUsed(used: { region: boolean; currency: boolean }): QuoteTableName[] {
  return [...(used.region ? (['instancePricesRegional', 'storageRegional'] as const) : []), ...(used.currency ? (['currencyRates'] as const) : [])];
}

/** The models a price can be quoted in (src/pricing/price-models.ts). `spot` is offered only with `SPOT_WARNING` (commitments.ts). */
export { PRICE_MODELS, type PriceModel } from './price-models.js';

export const CURRENCY_KINDS = ['peg', 'reference'] as const;

/**
 * Oldest acceptable newest-`as_of` per table, in days, before `loadQuoteCatalogs` warns. Prices:
 * 180 days, as for the base catalogs. Floating exchange rates move a few per cent a month, so a
 * reference rate older than 92 days (a quarter) is flagged; a peg has no age limit (its row is
 * dated when the peg was fixed). Control-plane fees change rarely (EKS: 2020 and 2024): one year.
 */
export const DEFAULT_QUOTE_MAX_AGE_DAYS: Readonly<Record<QuoteTableName, number>> = {
  instancePricesRegional: 180,
  storageRegional: 180,
  commitmentPrices: 180,
  currencyRates: 92,
  controlPlane: 365,
};

const regionName = cell('a region name such as me-central1 or uaenorth (lower case, digits, hyphens)', (s) =>
  /^[a-z][a-z0-9-]*[a-z0-9]$/.test(s) ? s : undefined,
);

// ---------------------------------------------------------------------------------------------
// Row schemas

/** `instance-prices-regional.csv`: an on-demand price of a catalogued instance type in one more region. */
export const regionalPriceRowSchema = z
  .object({
    cloud: oneOf(CLOUDS),
    region: regionName,
    instance_type: text,
    usd_per_hour: positiveDecimal,
    source: text,
    as_of: asOfCell,
  })
  .transform((r) => ({
    cloud: r.cloud,
    region: r.region,
    instanceType: r.instance_type,
    /** On-demand Linux, exactly as published. */
    usdPerHour: r.usd_per_hour,
    source: r.source,
    asOf: r.as_of,
  }));
export type RegionalPriceRow = z.output<typeof regionalPriceRowSchema>;

/** `storage-regional.csv`: storage unit prices per region (machine-generated, so always dated). */
export const regionalStorageRowSchema = z
  .object({ ...storageColumns, region: regionName, as_of: asOfCell })
  .transform((r): StorageRow => toStorageRow({ ...r, verified: true, verification: 'machine-generated regional price table', notes: '' }));

/** `commitment-prices.csv`: 1-year / 3-year committed and spot prices per instance type and region. */
export const commitmentRowSchema = z
  .object({
    cloud: oneOf(CLOUDS),
    region: regionName,
    instance_type: text,
    model: oneOf(PRICE_MODELS),
    offer: text,
    usd_per_month: positiveDecimal,
    source: text,
    as_of: asOfCell,
  })
  .transform((r) => ({
    cloud: r.cloud,
    region: r.region,
    instanceType: r.instance_type,
    model: r.model,
    offer: r.offer,
    /** Per month of 730 hours, exactly as published. */
    usdPerMonth: r.usd_per_month,
    source: r.source,
    asOf: r.as_of,
  }));
export type CommitmentRow = z.output<typeof commitmentRowSchema>;

/** `currency-rates.csv`: a peg (units per USD) or an ECB reference rate (units per EUR). */
export const currencyRateRowSchema = z
  .object({
    currency: cell('an ISO 4217 code such as AED', (s) => (/^[A-Z]{3}$/.test(s) ? s : undefined)),
    name: text,
    kind: oneOf(CURRENCY_KINDS),
    units_per_usd: optPositiveDecimal,
    units_per_eur: optPositiveDecimal,
    source: text,
    as_of: asOfCell,
    notes: freeText,
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'peg' && r.units_per_usd === null) {
      ctx.addIssue({ code: 'custom', path: ['units_per_usd'], message: 'the pegged rate (units per USD) for a peg row', input: '' });
    }
    if (r.kind === 'reference' && r.units_per_eur === null) {
      ctx.addIssue({ code: 'custom', path: ['units_per_eur'], message: 'the reference rate (units per EUR) for a reference row', input: '' });
    }
  })
  .transform((r) => ({
    currency: r.currency,
    name: r.name,
    kind: r.kind,
    unitsPerUsd: r.units_per_usd,
    unitsPerEur: r.units_per_eur,
    source: r.source,
    asOf: r.as_of,
    notes: r.notes,
  }));
export type CurrencyRateRow = z.output<typeof currencyRateRowSchema>;

/** `control-plane.csv`: managed Kubernetes control-plane fee per cluster and tier. */
export const controlPlaneRowSchema = z
  .object({
    cloud: oneOf(CLOUDS),
    service: text,
    tier: kebabId('a kebab-case tier name such as standard'),
    usd_per_cluster_hour: nonNegDecimal,
    free_allowance: freeText,
    source: text,
    as_of: asOfCell,
    verified: bool,
    notes: freeText,
  })
  .transform((r) => ({
    cloud: r.cloud,
    service: r.service,
    tier: r.tier,
    usdPerClusterHour: r.usd_per_cluster_hour,
    freeAllowance: r.free_allowance,
    source: r.source,
    asOf: r.as_of,
    verified: r.verified,
    notes: r.notes,
  }));
export type ControlPlaneRow = z.output<typeof controlPlaneRowSchema>;

// ---------------------------------------------------------------------------------------------
// Tables

export interface QuoteTable<R> {
  name: QuoteTableName;
  file: string;
  rows: readonly R[];
  newestAsOf: string;
  oldestAsOf: string;
}

export interface QuoteCatalogs {
  readonly instancePricesRegional: QuoteTable<RegionalPriceRow>;
  readonly storageRegional: QuoteTable<StorageRow>;
  readonly commitmentPrices: QuoteTable<CommitmentRow>;
  readonly currencyRates: QuoteTable<CurrencyRateRow>;
  readonly controlPlane: QuoteTable<ControlPlaneRow>;
}

export type RawQuoteTables = Readonly<Partial<Record<QuoteTableName, GeneratedCatalogTable>>>;

interface RowOf {
  instancePricesRegional: RegionalPriceRow;
  storageRegional: StorageRow;
  commitmentPrices: CommitmentRow;
  currencyRates: CurrencyRateRow;
  controlPlane: ControlPlaneRow;
}

const SCHEMAS: { readonly [N in QuoteTableName]: z.ZodType<RowOf[N], Readonly<Record<string, string>>> } = {
  instancePricesRegional: regionalPriceRowSchema as unknown as z.ZodType<RegionalPriceRow, Readonly<Record<string, string>>>,
  storageRegional: regionalStorageRowSchema as unknown as z.ZodType<StorageRow, Readonly<Record<string, string>>>,
  commitmentPrices: commitmentRowSchema as unknown as z.ZodType<CommitmentRow, Readonly<Record<string, string>>>,
  currencyRates: currencyRateRowSchema as unknown as z.ZodType<CurrencyRateRow, Readonly<Record<string, string>>>,
  controlPlane: controlPlaneRowSchema as unknown as z.ZodType<ControlPlaneRow, Readonly<Record<string, string>>>,
};

/** Columns that identify a row; a second row with the same key is refused. */
const KEYS: Readonly<Record<QuoteTableName, readonly string[]>> = {
  instancePricesRegional: ['cloud', 'region', 'instance_type'],
  storageRegional: ['cloud', 'region', 'product_id'],
  commitmentPrices: ['cloud', 'region', 'instance_type', 'model'],
  currencyRates: ['currency'],
  controlPlane: ['cloud', 'tier'],
};

/**
 * Validates one raw quote table. Throws `CatalogError` on a missing or empty table, an invalid cell
 * (a missing source or `as_of` included), or a duplicate key.
 */
export function validateQuoteTable<N extends QuoteTableName>(name: N, table: GeneratedCatalogTable | undefined): QuoteTable<RowOf[N]> {
  if (table === undefined) throw new CatalogError('catalog-missing', `quote table ${name} is missing`, { file: `<${name}>` });
  const file = table.file;
  if (table.rows.length === 0) throw new CatalogError('catalog-empty', `${file}: table ${name} is empty (no data rows)`, { file });
  const schema = SCHEMAS[name];
  const keyCols = KEYS[name];
  const seen = new Map<string, number>();
  const rows: RowOf[N][] = [];
  let oldest: string | undefined;
  let newest: string | undefined;
  table.rows.forEach((raw, i) => {
    const rowNo = i + 1;
    const label = ` (${keyCols.map((k) => raw[k] ?? '?').join(' ')})`;
    const result = schema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.map(String).join('.') ?? '?';
      const value = raw[field];
      const expected = issue?.message ?? 'a valid value';
      const shown = value === undefined ? '(no such column)' : JSON.stringify(value);
      throw new CatalogError(
        'catalog-row-invalid',
        `${file}: data row ${rowNo}${label}, field "${field}": value ${shown} is invalid; expected ${expected}`,
        value === undefined ? { file, row: rowNo, field, expected } : { file, row: rowNo, field, value, expected },
      );
    }
    const key = keyCols.map((k) => raw[k] ?? '').join('\u0000');
    const first = seen.get(key);
    if (first !== undefined) {
      throw new CatalogError('catalog-duplicate-row', `${file}: data row ${rowNo}${label} duplicates data row ${first} (key: ${keyCols.join(', ')})`, {
        file,
        row: rowNo,
        field: keyCols.join(','),
        expected: 'a unique key',
      });
    }
    seen.set(key, rowNo);
    const row = result.data;
    const asOf = (row as { asOf: string }).asOf;
    if (oldest === undefined || asOf < oldest) oldest = asOf;
    if (newest === undefined || asOf > newest) newest = asOf;
    rows.push(row);
  });
  return { name, file, rows, newestAsOf: newest as string, oldestAsOf: oldest as string };
}

/**
 * Quote catalogs over raw tables (the generated ones by default), each validated on first access
 * and then kept. Reading a property may throw `CatalogError`.
 */
export function lazyQuoteCatalogs(tables: RawQuoteTables = generatedQuoteTables): QuoteCatalogs {
  const memo: Partial<{ [N in QuoteTableName]: QuoteTable<RowOf[N]> }> = {};
  const get = <N extends QuoteTableName>(name: N): QuoteTable<RowOf[N]> => {
    const hit = memo[name] as QuoteTable<RowOf[N]> | undefined;
    if (hit !== undefined) return hit;
    const table = validateQuoteTable(name, tables[name]);
    (memo as Record<N, QuoteTable<RowOf[N]>>)[name] = table;
    return table;
  };
  return {
    get instancePricesRegional() {
      return get('instancePricesRegional');
    },
    get storageRegional() {
      return get('storageRegional');
    },
    get commitmentPrices() {
      return get('commitmentPrices');
    },
    get currencyRates() {
      return get('currencyRates');
    },
    get controlPlane() {
      return get('controlPlane');
    },
  };
}

let shipped: QuoteCatalogs | undefined;

/** The shipped quote tables, each validated on first use. */
export function defaultQuoteCatalogs(): QuoteCatalogs {
  shipped ??= lazyQuoteCatalogs();
  return shipped;
}

export interface QuoteCatalogWarning {
  code: 'stale-catalog' | 'stale-rows';
  catalog: QuoteTableName;
  file: string;
  message: string;
}

export interface LoadQuoteCatalogsOptions {
  /** The moment staleness is judged against (pure code never reads the clock). */
  now: Date | string;
  maxAgeDays?: Readonly<Partial<Record<QuoteTableName, number>>>;
  tables?: RawQuoteTables;
}

/**
 * Staleness warnings for quote catalogs (validating each table it reads): a table whose newest
 * `as_of` is older than its limit, or that holds rows older than it. Pegged currencies are exempt
 * (a peg is dated by its fixing and does not age).
 */
export function quoteCatalogWarnings(
  catalogs: QuoteCatalogs,
  now: Date | string,
  maxAgeDays: Readonly<Partial<Record<QuoteTableName, number>>> = {},
  /** The tables to check (default all); a caller checks the tables it used, and validates no others. */
  names: readonly QuoteTableName[] = QUOTE_TABLE_NAMES,
): QuoteCatalogWarning[] {
  const warnings: QuoteCatalogWarning[] = [];
  for (const name of names) {
    const table = catalogs[name] as QuoteTable<{ asOf: string; kind?: string }>;
    const maxAge = maxAgeDays[name] ?? DEFAULT_QUOTE_MAX_AGE_DAYS[name];
    const ageing = table.rows.filter((r) => r.kind !== 'peg');
    if (ageing.length === 0) continue;
    const dates = ageing.map((r) => r.asOf).sort();
    const newest = dates[dates.length - 1] as string;
    const oldest = dates[0] as string;
    const newestAge = ageInDays(newest, now);
    if (newestAge > maxAge) {
      warnings.push({
        code: 'stale-catalog',
        catalog: name,
        file: table.file,
        message: `${table.file}: newest as_of ${newest} is ${newestAge} days old (limit ${maxAge}); refresh it from its sources`,
      });
      continue;
    }
    const stale = ageing.filter((r) => ageInDays(r.asOf, now) > maxAge);
    if (stale.length > 0) {
      warnings.push({
        code: 'stale-rows',
        catalog: name,
        file: table.file,
        message: `${table.file}: ${stale.length} row(s) are older than ${maxAge} days (oldest as_of ${oldest})`,
      });
    }
  }
  return warnings;
}

/** Validates every quote table now and returns them with `quoteCatalogWarnings`. */
export function loadQuoteCatalogs(options: LoadQuoteCatalogsOptions): { catalogs: QuoteCatalogs; warnings: QuoteCatalogWarning[] } {
  const catalogs = lazyQuoteCatalogs(options.tables ?? generatedQuoteTables);
  return { catalogs, warnings: quoteCatalogWarnings(catalogs, options.now, options.maxAgeDays) };
}
