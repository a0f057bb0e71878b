/**
 * The WAL of a growing collection on the real v1.19.0 server (s47): the committed runs of
 * test/calibration/wal_growth.py (data/calibration/server-v1.19.0-wal-growth, read here, never run). One shard, 128-d,
 * one plain segment, requests of 100 points, grown from 50,000 points; the shard's wal/ read after every request.
 * - Grown at a steady rate (assumptions.writesPerSecond, the rate the run kept): the most the WAL held lies between the
 *   top of the sawtooth (the retained and open segments full, walShardMostSince) and that top plus one flush interval's
 *   writes (walUnflushedBytes), which the line item takes as its value (the most: a flush at the worst phase); it is
 *   inside the line item's range.
 * - Killed (SIGKILL, as an OOM kill) at the top of a tooth and started again: the WAL the server reads back is what it
 *   held, whole and resident; the top is the growth rule's value (the line item with assumptions.grownFromPoints).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimate, type WorkloadInput } from '../../src/index.js';
import { walUnflushedBytes } from '../../src/model/wal-process.js';
import { QDRANT } from '../../src/model/constants.js';

const DIR = 'data/calibration/server-v1.19.0-wal-growth';
interface WalState { allocated: number; resident?: { rss: number }; files: [string, number, number][] }
interface Restart { how: 'kill' | 'term'; points: number; entries: number; before: WalState; after_restart: WalState; after_10s: WalState }
interface Run {
  id: string;
  config: { n0: number; n: number; d: number; batch: number; rate: number; kill_at: number[] };
  collection_body: Record<string, unknown>;
  series: [number, number, number, number][];
  restarts: Restart[];
  most: number;
  errors: string[];
}
const runs: Run[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Run);

const workload = (r: Run, points: number, writesPerSecond?: number): WorkloadInput => ({
  points,
  qdrantVersion: '1.19.0',
  collection: r.collection_body as never,
  assumptions: { nodeCpus: 2, uploadBatchPoints: r.config.batch, grownFromPoints: r.config.n0, ...(writesPerSecond === undefined ? {} : { writesPerSecond }) },
});
const wal = (w: WorkloadInput) => estimate(w).lineItems.find((i) => i.id === 'wal')!;
/** Points written a second while the run grew: its requests over the seconds they took. */
const rateOf = (r: Run) => (r.series.length * r.config.batch) / r.series[r.series.length - 1]![2];
const pct = (model: number, measured: number) => `${model >= measured ? '+' : '-'}${(Math.abs(model / measured - 1) * 100).toFixed(1)}%`;

describe('the WAL of a growing collection: the model against the real v1.19.0 server', () => {
  it('has the committed runs, each without errors', () => {
    expect(runs.map((r) => r.id)).toEqual(['fast-400k', 'paced-20', 'restarts-200k']);
    for (const r of runs) expect(r.errors).toEqual([]);
  });

  for (const r of runs.filter((x) => x.config.kill_at.length === 0)) {
    it(`${r.id}: the most held lies between the sawtooth's top and one flush interval's writes beyond it, inside the range`, () => {
      const W = rateOf(r);
      const item = wal(workload(r, r.config.n, W));
      const top = wal(workload(r, r.config.n)).bytes;
      // One flush interval's writes to the one shard (q = 1): 100-point entries of b bytes a point.
      const b = item.inputs['b']!;
      const unflushed = walUnflushedBytes(W * QDRANT.flushIntervalSec.value, r.config.batch, 1, QDRANT.walRecordOverheadBytes.value, b);
      expect(item.bytes).toBeCloseTo(top + unflushed, -3);
      // The server's flushes fall where they fall in a tooth: the WAL reached past the top, never past the top and a
      // whole interval's writes (the run's rate is its mean: 2% for the jitter of a flush's moment).
      expect(r.most).toBeGreaterThan(top);
      expect(r.most).toBeLessThanOrEqual((top + unflushed) * 1.02);
      expect(r.most).toBeGreaterThanOrEqual(item.range.low);
      expect(r.most).toBeLessThanOrEqual(item.range.high);
      console.log(`${r.id}: ${Math.round(W)} points/s, the most ${(r.most / 1e6).toFixed(2)} MB; top ${(top / 1e6).toFixed(2)} MB, + ${(unflushed / 1e6).toFixed(2)} MB unflushed = ${(item.bytes / 1e6).toFixed(2)} MB (${pct(item.bytes, r.most)})`);
    });
  }

  it('the WAL drops back at every flush: the retained segment and the open one, every 5 s (fast-400k)', () => {
    const r = runs.find((x) => x.id === 'fast-400k')!;
    const drops: number[] = [];
    for (let i = 1; i < r.series.length; i++) if (r.series[i]![3] < r.series[i - 1]![3] - 2e6) drops.push(r.series[i]![2]);
    expect(drops.length).toBeGreaterThanOrEqual(5);
    const gaps = drops.slice(1).map((t, i) => t - drops[i]!);
    for (const g of gaps) expect(Math.abs(g - QDRANT.flushIntervalSec.value)).toBeLessThan(0.5);
  });

  const kills = runs.find((x) => x.id === 'restarts-200k');
  it('a kill at any moment: the server reads back the WAL it held, whole and resident (restarts-200k)', () => {
    for (const k of kills!.restarts) {
      expect(k.after_restart.allocated).toBe(k.before.allocated);
      expect(k.after_restart.resident!.rss).toBeGreaterThanOrEqual(0.99 * k.before.allocated);
    }
  });

  it("a kill at the first tooth's top past 50,000 points: the WAL held there is the growth rule's value within 1% (restarts-200k)", () => {
    // 128-d in requests of 100: an entry of 66.5 KB, 504 to a segment; grown from 500 entries, the first top at or past
    // them is 1,008 entries (100,800 points): two full segments, what the line item grown from 50,000 points says.
    const k = kills!.restarts.find((x) => x.how === 'kill' && x.points === 100_800)!;
    const value = wal(workload(kills!, 100_800)).bytes;
    expect(Math.abs(value / k.before.allocated - 1)).toBeLessThan(0.01);
  });
});
