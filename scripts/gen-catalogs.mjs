#!/usr/bin/env node
// Turns data/catalogs/*.csv into src/pricing/catalog-data.generated.ts.
//
// The library core runs in a browser bundle, so it cannot read the CSVs at runtime. This script
// copies every CSV cell, as text, into a typed TypeScript module; src/pricing/catalog.ts then
// validates and converts the cells with zod (one validation path for shipped and user catalogs).
//
// Usage:  node scripts/gen-catalogs.mjs          write the generated file
//         node scripts/gen-catalogs.mjs --check  exit 1 if the committed file is out of date
//
// Plain Node, no dependencies. test/pricing/generated-sync.test.ts re-runs `generateCatalogModule`
// in memory and compares it with the committed file.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeOrCheck } from './generated-files.mjs';

export const CATALOG_DIR = 'data/catalogs';
export const OUTPUT_FILE = 'src/pricing/catalog-data.generated.ts';
/**
 * The quote tables (regional prices, commitments, currency rates, control planes) go to a second
 * module, packed (one string list per table, and per column the index of each row's cell in it;
 * rows are built on first read), so that the base catalogs the planner validates on every run stay small and the
 * 6,000-odd regional rows cost a parse only when a quote asks for them.
 */
export const QUOTE_OUTPUT_FILE = 'src/pricing/quote-data.generated.ts';
/**
 * The currency codes of `currency-rates.csv`, in its order, as a `const` list: the one list the library's `CURRENCIES`
 * and its `Currency` type are (src/pricing/currency.ts), so that a code added to or removed from the table changes the
 * type with it. A module of its own: the rate table itself is packed into the quote module, which the web page loads
 * only when a quote asks for it.
 */
export const CURRENCY_OUTPUT_FILE = 'src/pricing/currency-codes.generated.ts';
export const CURRENCY_TABLE_FILE = 'currency-rates.csv';

export const QUOTE_TABLE_FILES = [
  'commitment-prices.csv',
  'control-plane.csv',
  'currency-rates.csv',
  'instance-prices-regional.csv',
  'storage-regional.csv',
];

/**
 * RFC 4180 reader: comma-separated, fields optionally enclosed in double quotes, a doubled quote
 * inside a quoted field is one quote, quoted fields may contain commas and line breaks, records end
 * with CRLF or LF. Returns an array of records (arrays of strings). A trailing line break does not
 * start an extra record.
 * @param {string} text
 * @param {string} [fileName] used in error messages
 * @returns {string[][]}
 */
export function parseCsv(text, fileName = '<csv>') {
  const records = [];
  let record = [];
  let field = '';
  let i = 0;
  let line = 1;
  let inQuotes = false;
  let fieldStarted = false; // true once the current record has any content
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  while (i < n) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i += 1;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new Error(`${fileName}:${line}: unexpected character ${JSON.stringify(next)} after a closing quote`);
        }
        continue;
      }
      if (ch === '\n') line += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (field !== '') {
        throw new Error(`${fileName}:${line}: a quote may only start a field (RFC 4180)`);
      }
      inQuotes = true;
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (ch === ',') {
      record.push(field);
      field = '';
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      i += 1;
      if (fieldStarted || field !== '' || record.length > 0) {
        record.push(field);
        records.push(record);
      }
      record = [];
      field = '';
      fieldStarted = false;
      line += 1;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i += 1;
  }
  if (inQuotes) throw new Error(`${fileName}:${line}: unterminated quoted field`);
  if (fieldStarted || field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** `instances-cpu.csv` -> `instancesCpu`. */
export function tableName(fileName) {
  return fileName
    .replace(/\.csv$/, '')
    .replace(/[-_]+([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/**
 * Newest `as_of` among the rows (ISO dates or partial ISO dates `YYYY`/`YYYY-MM` compare correctly
 * as strings), or null when the table has no `as_of` column or no dated row.
 */
function newestAsOf(columns, rows) {
  const k = columns.indexOf('as_of');
  if (k < 0) return null;
  let newest = null;
  for (const row of rows) {
    const v = row[k] ?? '';
    if (v !== '' && (newest === null || v > newest)) newest = v;
  }
  return newest;
}

/** Parses one CSV file and checks its header and field counts. */
function readTable(name, text) {
  const file = `${CATALOG_DIR}/${name}`;
  const records = parseCsv(text, file);
  const header = records[0];
  if (header === undefined) throw new Error(`${file}: empty file (no header row)`);
  const seen = new Set();
  for (const col of header) {
    if (!/^[a-z][a-z0-9_]*$/.test(col)) throw new Error(`${file}: column name ${JSON.stringify(col)} is not snake_case`);
    if (seen.has(col)) throw new Error(`${file}: duplicate column ${JSON.stringify(col)}`);
    seen.add(col);
  }
  const body = records.slice(1);
  body.forEach((rec, idx) => {
    if (rec.length !== header.length) {
      throw new Error(`${file}: data row ${idx + 1} has ${rec.length} fields, the header has ${header.length}`);
    }
  });
  return { file, header, body };
}

/**
 * Builds the packed quote module: per table one list of distinct cell strings and, per column, the
 * index of each row's cell in that list. Column by column, runs of one value (a source, a date, a
 * cloud) become runs of one number, which gzip takes for almost nothing: the five tables are about
 * a quarter smaller gzipped than with one index array per row (measured with the AWS regional rows:
 * 73.4 KB against 98.6 KB). Each column is then stored as the difference from the previous row's index
 * (the first row as is): a column of distinct prices, whose indexes count up 0, 1, 2, ..., becomes a run of
 * 1s. Measured on the five tables with the Azure reservation rows (9,260 commitment rows): the index arrays
 * take 6.9 KB gzipped instead of 28.6 KB. `packedTable` (emitted into the module) adds the differences back
 * and rebuilds the row objects on first read of `rows`, so importing the module costs one parse of the
 * literals only.
 * @param {{ name: string, text: string }[]} files
 * @returns {string}
 */
export function renderQuoteModule(files) {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return renderPackedTables(
    [
      '// GENERATED FILE: do not edit.',
      `// Produced by scripts/gen-catalogs.mjs from ${CATALOG_DIR}/{${QUOTE_TABLE_FILES.join(',')}};`,
      '// run `node scripts/gen-catalogs.mjs` after editing a CSV. Cells are kept as text, exactly as in the',
      '// CSV, packed column by column as indexes into one string list per table, each index stored as its',
      "// difference from the previous row's.",
      '// test/pricing/generated-sync.test.ts fails',
      '// when this file is stale.',
    ],
    sorted.map(({ name, text }) => ({ id: tableName(name), ...readTable(name, text) })),
  );
}

/**
 * The packed module (`renderQuoteModule`'s format: `packedTable` and one packed table each, then
 * `generatedQuoteTables`) of tables given as cells: also the quote rows the web page inlines
 * (scripts/web-quote-split.mjs), so the page decodes them with the same `packedTable`.
 * @param {string[]} comment the module's first lines
 * @param {{ id: string, file: string, header: string[], body: string[][] }[]} tables
 * @returns {string}
 */
export function renderPackedTables(comment, tables) {
  const out = [...comment];
  out.push("import type { GeneratedCatalogTable } from './catalog-data.generated.js';");
  out.push('');
  out.push('function packedTable<C extends string>(');
  out.push('  file: string,');
  out.push('  columns: readonly C[],');
  out.push('  newestAsOf: string | null,');
  out.push('  strings: readonly string[],');
  out.push('  deltas: readonly (readonly number[])[], // deltas[column][row]: index minus the previous row\'s index');
  out.push('): GeneratedCatalogTable<C> {');
  out.push('  let rows: Readonly<Record<C, string>>[] | undefined;');
  out.push('  return {');
  out.push('    file,');
  out.push('    columns,');
  out.push('    newestAsOf,');
  out.push('    get rows() {');
  out.push('      if (rows === undefined) {');
  out.push('        const at = columns.map(() => 0);');
  out.push('        rows = Array.from({ length: deltas[0]?.length ?? 0 }, (_, r) => {');
  out.push('          const row = {} as Record<C, string>;');
  out.push('          columns.forEach((c, i) => {');
  out.push('            at[i] = (at[i] ?? 0) + (deltas[i]?.[r] ?? 0);');
  out.push("            row[c] = strings[at[i] ?? -1] ?? '';");
  out.push('          });');
  out.push('          return row;');
  out.push('        });');
  out.push('      }');
  out.push('      return rows;');
  out.push('    },');
  out.push('  };');
  out.push('}');
  const names = [];
  for (const { id, file, header, body } of tables) {
    names.push(id);
    const index = new Map();
    const strings = [];
    const packed = header.map((_, c) =>
      body.map((rec) => {
        const cell = rec[c] ?? '';
        let k = index.get(cell);
        if (k === undefined) {
          k = strings.length;
          strings.push(cell);
          index.set(cell, k);
        }
        return k;
      }),
    );
    const colType = header.map((c) => JSON.stringify(c)).join(' | ');
    out.push('');
    out.push(`export const ${id}Table: GeneratedCatalogTable<${colType}> = /* @__PURE__ */ packedTable(`);
    out.push(`  ${JSON.stringify(file)},`);
    out.push(`  [${header.map((c) => JSON.stringify(c)).join(', ')}],`);
    out.push(`  ${JSON.stringify(newestAsOf(header, body))},`);
    out.push(`  ${JSON.stringify(strings)},`);
    out.push(`  ${JSON.stringify(packed.map((col) => col.map((k, r) => (r === 0 ? k : k - (col[r - 1] ?? 0)))))},`);
    out.push(');');
  }
  out.push('');
  out.push('/** Every generated quote table, by name. */');
  out.push('export const generatedQuoteTables = {');
  for (const id of names) out.push(`  ${id}: ${id}Table,`);
  out.push('} as const;');
  out.push('');
  return out.join('\n');
}

/**
 * Builds the text of the generated module from CSV texts.
 * @param {{ name: string, text: string }[]} files CSV file names (relative to data/catalogs) and contents
 * @returns {string}
 */
export function renderCatalogModule(files) {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out = [];
  out.push('// GENERATED FILE: do not edit.');
  out.push(`// Produced by scripts/gen-catalogs.mjs from ${CATALOG_DIR}/*.csv; run \`node scripts/gen-catalogs.mjs\``);
  out.push('// after editing a CSV. Cells are kept as text, exactly as in the CSV; src/pricing/catalog.ts');
  out.push('// validates and converts them. test/pricing/generated-sync.test.ts fails when this file is stale.');
  out.push('');
  out.push('/** One CSV file, cell for cell. `newestAsOf` is the newest non-empty `as_of` cell. */');
  out.push('export interface GeneratedCatalogTable<C extends string = string> {');
  out.push('  /** Path of the CSV, relative to the package root. */');
  out.push('  readonly file: string;');
  out.push('  readonly columns: readonly C[];');
  out.push('  readonly newestAsOf: string | null;');
  out.push('  readonly rows: readonly Readonly<Record<C, string>>[];');
  out.push('}');
  const names = [];
  for (const { name, text } of sorted) {
    const { file, header, body } = readTable(name, text);
    const id = tableName(name);
    names.push(id);
    const colType = header.map((c) => JSON.stringify(c)).join(' | ');
    out.push('');
    out.push(`export const ${id}Table: GeneratedCatalogTable<${colType}> = {`);
    out.push(`  file: ${JSON.stringify(file)},`);
    out.push(`  columns: [${header.map((c) => JSON.stringify(c)).join(', ')}],`);
    out.push(`  newestAsOf: ${JSON.stringify(newestAsOf(header, body))},`);
    out.push('  rows: [');
    for (const rec of body) {
      const obj = {};
      header.forEach((c, k) => {
        obj[c] = rec[k];
      });
      out.push(`    ${JSON.stringify(obj)},`);
    }
    out.push('  ],');
    out.push('};');
  }
  out.push('');
  out.push('/** Every generated table, by name. */');
  out.push('export const generatedCatalogTables = {');
  for (const id of names) out.push(`  ${id}: ${id}Table,`);
  out.push('} as const;');
  out.push('');
  return out.join('\n');
}

/**
 * Reads every CSV in data/catalogs under `rootDir` and returns the generated module text.
 * @param {string} rootDir package root
 */
export function generateCatalogModule(rootDir) {
  const dir = join(rootDir, CATALOG_DIR);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.csv') && !QUOTE_TABLE_FILES.includes(f))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  if (files.length === 0) throw new Error(`${dir}: no CSV files`);
  return renderCatalogModule(files);
}

/**
 * Reads the quote tables (`QUOTE_TABLE_FILES`) under `rootDir` and returns the packed module text.
 * @param {string} rootDir package root
 */
export function generateQuoteModule(rootDir) {
  const dir = join(rootDir, CATALOG_DIR);
  return renderQuoteModule(QUOTE_TABLE_FILES.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') })));
}

/**
 * The module of the currency codes: the `currency` column of `currency-rates.csv`, row by row, as text. The cells are
 * not checked here: the table's loader checks them (currencyRateRowSchema, src/pricing/quote-catalogs.ts: an ISO 4217
 * code, once each), and test/pricing/generated-sync.test.ts loads the shipped table.
 * @param {string} text the CSV
 * @returns {string}
 */
export function renderCurrencyCodesModule(text) {
  const { file, header, body } = readTable(CURRENCY_TABLE_FILE, text);
  const col = header.indexOf('currency');
  if (col < 0) throw new Error(`${file}: no currency column`);
  const codes = body.map((rec) => rec[col] ?? '');
  return [
    '// GENERATED FILE: do not edit.',
    `// Produced by scripts/gen-catalogs.mjs from ${file} (its currency column, in its order); run`,
    '// `node scripts/gen-catalogs.mjs` after editing the CSV. test/pricing/generated-sync.test.ts fails when this file is stale.',
    '',
    '/** The currencies of the shipped rate table, in its order. */',
    `export const CURRENCY_CODES = [${codes.map((c) => JSON.stringify(c)).join(', ')}] as const;`,
    '',
  ].join('\n');
}

/**
 * Reads `currency-rates.csv` under `rootDir` and returns the currency codes module text.
 * @param {string} rootDir package root
 */
export function generateCurrencyCodesModule(rootDir) {
  return renderCurrencyCodesModule(readFileSync(join(rootDir, CATALOG_DIR, CURRENCY_TABLE_FILE), 'utf8'));
}

function main() {
  const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const outputs = [
    [OUTPUT_FILE, generateCatalogModule(rootDir)],
    [QUOTE_OUTPUT_FILE, generateQuoteModule(rootDir)],
    [CURRENCY_OUTPUT_FILE, generateCurrencyCodesModule(rootDir)],
  ];
  writeOrCheck(rootDir, outputs, 'node scripts/gen-catalogs.mjs');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main();
}
