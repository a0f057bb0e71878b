/**
 * CPU HNSW build time against Qdrant v1.19.0's own builder. Reads the timings committed under
 * data/calibration/v1.19.0-build (qdrant-edge-py 0.7.2, one segment per build, each build in a fresh
 * process on the idle calibration machine, median of 2-3 runs) and checks the model's wall time on the
 * machine's cores within 25% of each. The constants were fitted to these same runs (docs/topology.md §7
 * gives the leave-one-out errors too), so this pins the fit: a change to the model's form or constants that
 * loses a measured config fails here. Set ACCURACY_REPORT=1 to print the table of docs/accuracy.md.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuBuildSeconds } from '../../src/topology/index.js';
import { REGENERATE, rowsMissingFromDoc } from './doc-rows.js';

const DIR = 'data/calibration/v1.19.0-build';
interface Timing {
  config_id: string;
  config: { n: number; d: number; m: number; ef: number };
  machine: { cpus: number };
  optimize_seconds: number;
  runs?: { optimize_seconds: number }[];
}
const timings: Timing[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Timing)
  .sort((a, b) => a.config.n - b.config.n || a.config.d - b.config.d || a.config.m - b.config.m || a.config.ef - b.config.ef);

const rows: string[] = [];
afterAll(() => {
  if (process.env.ACCURACY_REPORT) console.log(rows.join('\n'));
});

describe('CPU build time vs the v1.19.0 engine (data/calibration/v1.19.0-build)', () => {
  it('has the timing grid: 50k to 1M points, 128- to 1536-d, m 8/16/32, ef_construct 50/100/200', () => {
    expect(timings.length).toBeGreaterThanOrEqual(15);
    expect(Math.max(...timings.map((t) => t.config.n))).toBeGreaterThanOrEqual(1e6);
    expect(new Set(timings.map((t) => t.config.m))).toEqual(new Set([8, 16, 32]));
  });

  for (const t of timings) {
    const c = t.config;
    it(`${t.config_id}: wall time on ${t.machine.cpus} cores within 25% of the median measured optimize()`, () => {
      // The recorded median is the median of the recorded runs.
      const runs = (t.runs ?? []).map((r) => r.optimize_seconds).sort((a, b) => a - b);
      if (runs.length > 0) {
        const mid = runs.length / 2;
        const median = runs.length % 2 ? runs[Math.floor(mid)]! : (runs[mid - 1]! + runs[mid]!) / 2;
        expect(t.optimize_seconds).toBeCloseTo(median, 2);
      }
      const model = cpuBuildSeconds(c.n, t.machine.cpus, c.d, c.m, c.ef, c.n);
      const err = model / t.optimize_seconds - 1;
      rows.push(`| ${c.n / 1000}k x ${c.d}, m=${c.m}, ef=${c.ef} | ${t.optimize_seconds.toFixed(1)} s (${runs.map((r) => r.toFixed(1)).join(' / ')}) | ${model.toFixed(1)} s | ${(err * 100).toFixed(1)}% |`);
      expect(Math.abs(err)).toBeLessThan(0.25);
    });
  }
  // After the configs above (vitest keeps the order): the table of docs/accuracy.md ("CPU build time") is these rows.
  it('docs/accuracy.md shows every row of this table as printed here', () => {
    expect(rowsMissingFromDoc(rows), REGENERATE).toEqual([]);
  });
});
