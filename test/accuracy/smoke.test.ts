/**
 * The calibration smoke run against the model: `test/calibration/run-smoke.sh` installs the pinned harness
 * (qdrant-edge-py from PyPI), builds two 3,000-point shards with Qdrant's real engine and writes
 * test/calibration/.work/smoke/smoke.json and smoke-v120.json (never committed); the second one holds a Qdrant
 * 1.20-only structure, the turbo8 datatype. This test compares that fresh measurement with
 * estimate(). `.ci/run` runs the smoke and then this file with QSIZE_SMOKE=required, so CI fails when the
 * harness no longer installs or runs; a plain `npm test` skips it when no smoke result exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimate, type Estimate } from '../../src/index.js';

const SMOKE = 'test/calibration/.work/smoke/smoke.json';
const SMOKE_V120 = 'test/calibration/.work/smoke/smoke-v120.json';
const required = process.env.QSIZE_SMOKE === 'required';
const present = existsSync(SMOKE);

interface Smoke {
  config: { n: number; d: number; m: number; ef: number; quant: string; dtype: string; full_scan_threshold_kb?: number };
  engine: { qdrant_edge_py: string };
  files: { groups_main_segment: Record<string, { apparent: number }> };
  errors: string[];
}

const onDisk = (e: Estimate, pred: (id: string) => boolean) =>
  e.lineItems.filter((i) => pred(i.id) && !i.id.endsWith('.populated-holes') && (i.residency === 'disk' || i.residency === 'cache')).reduce((a, i) => a + i.bytes, 0);

describe.skipIf(!present && !required)('calibration smoke run (fresh measurement of the real engine)', () => {
  it('produced a result without errors', () => {
    expect(present, `${SMOKE} is missing: run bash test/calibration/run-smoke.sh`).toBe(true);
    const s = JSON.parse(readFileSync(SMOKE, 'utf8')) as Smoke;
    expect(s.errors).toEqual([]);
  });

  it('originals, int8 codes and id tracker files are within 3% of the model (3,000 x 128-d float32)', () => {
    const s = JSON.parse(readFileSync(SMOKE, 'utf8')) as Smoke;
    const c = s.config;
    expect(c.quant).toBe('sq8');
    const g = s.files.groups_main_segment;
    // By hand: 3,000 x 128 x 4 B = 1,536,000 B of originals; 3,000 x (128 + 4) B = 396,000 B of int8 codes with their
    // per-vector offsets. The engine adds a few hundred bytes of headers and deletion flags.
    expect(Math.abs(g.originals!.apparent / 1_536_000 - 1)).toBeLessThan(0.01);
    expect(Math.abs(g.quantized!.apparent / 396_000 - 1)).toBeLessThan(0.01);
    const e = estimate({
      points: c.n,
      qdrantVersion: '1.19.0',
      collection: {
        vectors: { size: c.d, distance: 'Cosine', datatype: c.dtype as 'float32' },
        hnsw_config: { m: c.m, ef_construct: c.ef, full_scan_threshold: c.full_scan_threshold_kb ?? 10 },
        quantization_config: { scalar: { type: 'int8' } },
        optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: 1 },
      },
      assumptions: { nodeCpus: 2, searchThreads: 1, allocator: 'glibc' },
    });
    const rel = (model: number, measured: number) => Math.abs(model / measured - 1);
    expect(rel(onDisk(e, (id) => id.startsWith('vectors.')), g.originals!.apparent)).toBeLessThan(0.03);
    expect(rel(onDisk(e, (id) => id.startsWith('quantization.')), g.quantized!.apparent)).toBeLessThan(0.03);
    expect(rel(onDisk(e, (id) => id === 'id-tracker.files'), g.id_tracker!.apparent)).toBeLessThan(0.03);
  });

  it('Qdrant 1.20 turbo8 originals are D + 4 bytes per vector, as the model says at 1.20.0 (3,000 x 128-d)', () => {
    expect(existsSync(SMOKE_V120), `${SMOKE_V120} is missing: run bash test/calibration/run-smoke.sh`).toBe(true);
    const s = JSON.parse(readFileSync(SMOKE_V120, 'utf8')) as Smoke;
    expect(s.errors).toEqual([]);
    expect(s.config.dtype).toBe('turbo8');
    const g = s.files.groups_main_segment;
    // By hand: turbo8 stores each vector TurboQuant-encoded at 8 bits per element plus a 4-byte scale, in
    // vector_storage/tq_vectors.dat (the harness files it with the quantized data): 3,000 x (128 + 4) = 396,000 B.
    expect(g.quantized!.apparent).toBe(396_000);
    const e = estimate({
      points: s.config.n,
      qdrantVersion: '1.20.0',
      collection: {
        vectors: { size: s.config.d, distance: 'Cosine', datatype: 'turbo8' },
        hnsw_config: { m: s.config.m, ef_construct: s.config.ef, full_scan_threshold: s.config.full_scan_threshold_kb ?? 10 },
        optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: 1 },
      },
      assumptions: { nodeCpus: 2, searchThreads: 1, allocator: 'glibc' },
    });
    const rel = (model: number, measured: number) => Math.abs(model / measured - 1);
    expect(rel(onDisk(e, (id) => id.endsWith('.originals') && id.startsWith('vectors.')), g.quantized!.apparent)).toBeLessThan(0.03);
    expect(rel(onDisk(e, (id) => id === 'id-tracker.files'), g.id_tracker!.apparent)).toBeLessThan(0.03);
  });
});
