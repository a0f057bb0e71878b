#!/usr/bin/env node
/**
 * Pastes regenerated rows into docs/accuracy.md. The accuracy tests check that the page shows every row they print
 * (test/accuracy/doc-rows.ts); when a model change moves a row they fail with the rows missing from the page. Run the
 * failing file with its report and hand the log here:
 *
 *   ACCURACY_REPORT=1 npx vitest run test/accuracy/<file>.test.ts > /tmp/rows.log; node scripts/accuracy-rows.mjs /tmp/rows.log
 *
 * Each missing row replaces the one line of the page with the same first cell and the same number of cells; a row that
 * matches no line or several is listed, not pasted (fix it by hand). Prints each change as OLD / NEW; writes nothing
 * outside docs/accuracy.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const log = process.argv[2];
if (!log) {
  console.error('usage: node scripts/accuracy-rows.mjs <vitest log with the failing rows>');
  process.exit(2);
}
// eslint-disable-next-line no-control-regex
const text = readFileSync(log, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const rows = [...new Set([...text.matchAll(/^\+\s+"(\|.*\|)",?$/gm)].map((m) => m[1].replace(/\\"/g, '"')))];
const path = new URL('../docs/accuracy.md', import.meta.url);
const doc = readFileSync(path, 'utf8').split('\n');
const cells = (line) => line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
let changed = 0;
for (const row of rows) {
  const want = cells(row);
  const at = doc.flatMap((line, i) => (line.trim().startsWith('|') && cells(line).length === want.length && cells(line)[0] === want[0] ? [i] : []));
  if (at.length !== 1) {
    console.log(`NOT PASTED (${at.length} lines match): ${row}`);
    continue;
  }
  const i = at[0];
  console.log(`OLD ${doc[i].trim()}\nNEW ${row}`);
  doc[i] = doc[i].slice(0, doc[i].length - doc[i].trimStart().length) + row;
  changed++;
}
writeFileSync(path, doc.join('\n'));
console.log(`${changed} of ${rows.length} rows pasted into docs/accuracy.md`);
