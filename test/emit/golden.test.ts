/**
 * Golden files: renderAll output for each scenario, compared byte for byte. The scenarios are real plans
 * from recommend() on the shipped catalogs (test/emit/scenarios.ts).
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/emit/golden.test.ts`, then READ the diff
 * against the chart/CRD before committing (docs/emit.md lists what was checked).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderAll } from '../../src/emit/index.js';
import { REAL_SCENARIOS as SCENARIOS } from './scenarios.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env['UPDATE_GOLDEN'] === '1';

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe('golden files', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: every emitted file equals its golden file byte for byte`, () => {
      const dir = join(GOLDEN, scenario.name);
      const files = renderAll(scenario.plan, scenario.options);
      if (update) {
        rmSync(dir, { recursive: true, force: true });
        for (const f of files) {
          mkdirSync(dirname(join(dir, f.path)), { recursive: true });
          writeFileSync(join(dir, f.path), f.content);
        }
      }
      expect(files.map((f) => f.path).sort()).toEqual(listFiles(dir).sort());
      for (const f of files) expect(f.content, f.path).toBe(readFileSync(join(dir, f.path), 'utf8'));
    });
  }

  it('the same plan renders byte-identical files twice', () => {
    for (const s of SCENARIOS) expect(renderAll(s.plan, s.options)).toEqual(renderAll(structuredClone(s.plan), structuredClone(s.options)));
  });
});
