/**
 * The WAL after a restart on the real v1.19.0 server (s45): every committed run of test/calibration/server_harness.py
 * with points (data/calibration/server-v1.19.0*, read here, never run), its WAL's allocated bytes (`du` of each shard's
 * `wal/`) against the model. The harness sent `config.batch` points a request (assumptions.uploadBatchPoints), each
 * request one WAL entry per shard; the wal crate packs entries into 32 MiB segments, an entry never spanning two, and
 * truncation keeps the open segment and one closed one (src/model/wal-process.ts, walShardKeptBytes).
 * - the packing at the model's record bytes, one shard: within 2% of the measured bytes (the record bytes from Qdrant's
 *   source: PointStructPersisted's CBOR, the id's, the vector's);
 * - the line item: inside its range, and within 10% where the record bytes' uncertainty does not span a segment
 *   boundary (a payload's +-20% of its CBOR does, past a few segments: the expected value is then the mean fill).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimate, parseWorkload, type WorkloadInput } from '../../src/index.js';
import { resolve } from '../../src/model/resolve.js';
import { walPointBytes, walShardKeptBytes } from '../../src/model/wal-process.js';
import { QDRANT } from '../../src/model/constants.js';
import { REGENERATE, rowsMissingFromDoc } from './doc-rows.js';

const DIRS = ['server-v1.19.0', 'server-v1.19.0-extra', 'server-v1.19.0-tracker', 'server-v1.19.0-mutable-index', 'server-v1.19.0-wal'];
interface Run {
  id: string;
  config: { n: number; d: number; distance: string; payload: boolean; payload_data?: string; batch: number; ids?: string };
  collection_body?: Record<string, unknown>;
  collection_body_final?: Record<string, unknown>;
  files: Record<string, { groups: Record<string, { allocated: number }> }>;
}
const runs: Run[] = DIRS.flatMap((d) =>
  readdirSync(join('data/calibration', d))
    .filter((f) => f.endsWith('.json') && f !== 'shard-skew.json')
    .sort()
    .map((f) => ({ id: `${d}/${f.replace(/\.json$/, '')}`, ...(JSON.parse(readFileSync(join('data/calibration', d, f), 'utf8')) as Omit<Run, 'id'>) })),
)
  // Runs with points and their files; the text-title runs carry payloads of another generator (not sized here).
  .filter((r) => r.config?.n > 0 && r.files && !r.config.payload_data);

/** The harness payload's compact JSON (test/accuracy/server-runs.ts): 158.2 B a point. */
const workloadOf = (r: Run): WorkloadInput => ({
  points: r.config.n,
  qdrantVersion: '1.19.0',
  collection: (r.collection_body_final ?? r.collection_body ?? { vectors: { size: r.config.d, distance: r.config.distance } }) as never,
  ...(r.config.payload ? { payload: { avgBytes: 158.2 } } : {}),
  pointIdType: r.config.ids === 'uuid' ? 'uuid' : 'numeric',
  assumptions: { nodeCpus: 2, uploadBatchPoints: r.config.batch },
});
const walAllocated = (r: Run) => Object.values(r.files).reduce((a, s) => a + (s.groups['wal']?.allocated ?? 0), 0);
const pct = (model: number, measured: number) => `${model >= measured ? '+' : '-'}${(Math.abs(model / measured - 1) * 100).toFixed(2)}%`;
const mb = (x: number) => `${(x / 1e6).toFixed(2)} MB`;
const rows: string[] = [];
/** Besides the segments, each shard's WAL folder holds the segment created ahead (its header page) and a first-index file. */
const BESIDE = 2 * 4096;

describe('the WAL after a restart: the model against the real v1.19.0 server', () => {
  it('has the committed runs', () => {
    expect(runs.length).toBeGreaterThanOrEqual(25);
  });
  for (const r of runs) {
    const shards = Object.keys(r.files).length;
    it(`${r.id}: ${shards === 1 ? 'the packing within 2%, ' : ''}the line item inside its range${r.config.payload ? '' : ' and within 10%'}`, () => {
      const w = workloadOf(r);
      const measured = walAllocated(r);
      const item = estimate(w).lineItems.find((i) => i.id === 'wal')!;
      let packing = '-';
      if (shards === 1) {
        const p = walPointBytes(resolve(parseWorkload(w)));
        const E = Math.ceil(r.config.n / r.config.batch);
        const kept = walShardKeptBytes(E, QDRANT.walRecordOverheadBytes.value + (r.config.n / E) * (p.fixed + p.payload), 32 * 1024 * 1024, 1).kept + BESIDE;
        expect(Math.abs(kept / measured - 1)).toBeLessThan(0.02);
        packing = `${mb(kept)} (${pct(kept, measured)})`;
      }
      expect(measured).toBeGreaterThanOrEqual(item.range.low);
      expect(measured).toBeLessThanOrEqual(item.range.high * 1.005);
      // A payload's CBOR is known to +-20% (QDRANT.walPayloadCborRatio): past a few segments it spans a boundary and
      // the expected value is the mean fill, held to the range (the 540,000-point payload runs: -20%).
      if (!r.config.payload) expect(Math.abs(item.bytes / measured - 1)).toBeLessThan(0.1);
      rows.push(`| ${r.id} | ${r.config.n.toLocaleString('en-US')} x ${r.config.d}-d${shards > 1 ? `, ${shards} shards` : ''}${r.config.payload ? ', payload' : ''} | ${r.config.batch.toLocaleString('en-US')} | ${mb(measured)} | ${packing} | ${mb(item.bytes)} (${pct(item.bytes, measured)}) |`);
    });
  }
  it('the record bytes read from the source, where they differ from the matrix: a UUID id is 17 B, a uint8 element 3 B, a named vector a map of one (server-v1.19.0-wal, by hand)', () => {
    // 30,000 x 128-d in 60 requests of 500, one plain segment: e = 8 + ceil8(100 + 500 b + 4), 8 + 60 e in pages, + 2 pages.
    // UUID: b = 19 + 17 + 2 + 640 + 1 = 679, e = 339,616: 20,376,968 B in 4,975 pages = 20,377,600, + 8,192 = 20,385,792
    //   (the 36-character text, 38 B, would give 21,016,576: +3.1%).
    // uint8: b = 19 + 2.990667 (ids 0..29,999) + 2 + 128 x 3 + 1 = 408.990667, e = 204,608: 12,276,488 B in 2,998 pages =
    //   12,279,808, + 8,192 = 12,288,000 (5 B a float would give 19.97 MB).
    // Named "text": b = 19 + 2.990667 + 1 + 5 + 2 + 640 + 1 = 670.990667, e = 335,608: 20,136,488 B in 4,917 pages =
    //   20,140,032, + 8,192 = 20,148,224.
    const measured = (id: string) => walAllocated(runs.find((r) => r.id === `server-v1.19.0-wal/${id}`)!);
    const near = (model: number, m: number, bar: number) => expect(Math.abs(model / m - 1)).toBeLessThan(bar);
    near(20_385_792, measured('wal-uuid-d128-n30000'), 0.001);
    near(12_288_000, measured('wal-uint8-d128-n30000'), 0.001);
    near(20_148_224, measured('wal-named-d128-n30000'), 0.003);
    // And the alternatives the source rules out are far off: a UUID's text, 5-B floats for uint8.
    expect(21_016_576 / measured('wal-uuid-d128-n30000') - 1).toBeGreaterThan(0.03);
    expect(19_968_000 / measured('wal-uint8-d128-n30000') - 1).toBeGreaterThan(0.5);
  });

  it('docs/accuracy.md shows every row of the table as printed here', () => {
    if (process.env['ACCURACY_REPORT']) console.log(['| run | points | points a request | WAL allocated | the packing at the model\'s record bytes | the model (expected) |', '|---|---|---|---|---|---|', ...rows].join('\n'));
    expect(rowsMissingFromDoc(rows), REGENERATE).toEqual([]);
  });
});
