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

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CATALOG_DIR = 'data/catalogs';
export const OUTPUT_FILE = 'src/pricing/catalog-data.generated.ts';

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
    .filter((f) => f.endsWith('.csv'))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  if (files.length === 0) throw new Error(`${dir}: no CSV files`);
  return renderCatalogModule(files);
}

function main() {
  const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const text = generateCatalogModule(rootDir);
  const target = join(rootDir, OUTPUT_FILE);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      /* missing file counts as stale */
    }
    if (current !== text) {
      process.stderr.write(`${OUTPUT_FILE} is out of date; run node scripts/gen-catalogs.mjs\n`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(target, text);
  process.stdout.write(`wrote ${OUTPUT_FILE}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main();
}
