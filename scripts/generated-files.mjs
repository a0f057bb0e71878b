/**
 * Writes generated modules, or with `--check` fails when a committed one differs from what its generator makes now:
 * the one step every generator script ends with (gen-catalogs.mjs, gen-language-tables.mjs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `outputs`: [path relative to rootDir, text] pairs; `script`: the command that regenerates them, for the message. */
export function writeOrCheck(rootDir, outputs, script) {
  for (const [output, text] of outputs) {
    const target = join(rootDir, output);
    if (process.argv.includes('--check')) {
      let current = '';
      try {
        current = readFileSync(target, 'utf8');
      } catch {
        /* missing file counts as stale */
      }
      if (current !== text) {
        process.stderr.write(`${output} is out of date; run ${script}\n`);
        process.exit(1);
      }
      continue;
    }
    writeFileSync(target, text);
    process.stdout.write(`wrote ${output}\n`);
  }
}
