/**
 * The accuracy tables in docs/accuracy.md are printed by the accuracy tests (ACCURACY_REPORT=1) and pasted into the
 * page. They drifted once from what the tests print (s24: the real-server table showed d16-5m-m8 at -0.3% where the
 * model said -0.0%), so every test file that prints a table ends with a check that the page shows each of its rows,
 * character for character (leading spaces aside: a table inside a list item is indented). A model change that moves a
 * row fails until the table is regenerated.
 */
import { readFileSync } from 'node:fs';

const DOC = new URL('../../docs/accuracy.md', import.meta.url);

/** The rows that docs/accuracy.md does not show as printed (empty when the page is current). */
export function rowsMissingFromDoc(rows: readonly string[]): string[] {
  const doc = new Set(readFileSync(DOC, 'utf8').split('\n').map((line) => line.trimStart()));
  return rows.filter((row) => !doc.has(row));
}

/** The message a drift failure carries: where to regenerate from. */
export const REGENERATE = 'rows to regenerate in docs/accuracy.md (ACCURACY_REPORT=1 npx vitest run <this file> > log; node scripts/accuracy-rows.mjs log)';
