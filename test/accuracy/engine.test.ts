/**
 * The model against Qdrant's real storage engine. Reads the measurements committed under
 * data/calibration/ (produced by test/calibration/, never run here) and checks, per measured config:
 * each structure's bytes within 3% of the engine's files, the HNSW graph within 10%, and reports
 * the resident RAM. Set ACCURACY_REPORT=1 to print the table that docs/accuracy.md shows.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { estimate, type Estimate, type WorkloadInput } from '../../src/index.js';
import { compressedGraphBreakdown, degreeContext, levelZeroDegree } from '../../src/model/hnsw.js';
import { resolve } from '../../src/model/resolve.js';
import { parseWorkload } from '../../src/model/estimate.js';

const DIR = 'data/calibration';
interface Measured {
  config_id: string;
  config: Record<string, any>;
  engine: { qdrant_edge_py: string };
  files?: { groups_main_segment: Record<string, { apparent: number; allocated: number }> };
  hnsw_decoded?: Record<string, any> | null;
  derived?: Record<string, any>;
  build?: { optimize_seconds: number };
  links_file_bytes?: number;
  optimize_seconds?: number;
}

function load(dir: string): Measured[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Measured);
}

const QUANT: Record<string, unknown> = {
  sq8: { scalar: { type: 'int8' } },
  pq16: { product: { compression: 'x16' } },
  pq32: { product: { compression: 'x32' } },
  bq1: { binary: { encoding: 'one_bit' } },
  'bq1.5': { binary: { encoding: 'one_and_half_bits' } },
  bq2: { binary: { encoding: 'two_bits' } },
  tq1: { turbo: { bits: 'bits1' } },
  'tq1.5': { turbo: { bits: 'bits1_5' } },
  tq2: { turbo: { bits: 'bits2' } },
  tq4: { turbo: { bits: 'bits4' } },
};
const tier = (v: string | null | undefined) => (v ? (v.toLowerCase() as 'cold' | 'cached' | 'pinned') : undefined);

/** The qsize workload for one measured config: one shard, one indexed segment. */
function workloadFor(c: Record<string, any>): WorkloadInput {
  const vec: Record<string, unknown> = { size: c.d, distance: 'Cosine', datatype: c.dtype ?? 'float32' };
  const vm = tier(c.vec_memory);
  if (vm) vec.memory = vm;
  if (c.multivector) vec.multivector_config = { comparator: 'max_sim' };
  const q = c.quant && c.quant !== 'none' ? structuredClone(QUANT[c.quant]) as Record<string, Record<string, unknown>> : undefined;
  if (q && tier(c.quant_memory)) Object.values(q)[0]!.memory = tier(c.quant_memory);
  // The harness builds with full_scan_threshold = 10 KB (test/calibration/harness.py).
  const hnsw: Record<string, unknown> = { m: c.m, ef_construct: c.ef, full_scan_threshold: 10 };
  if (tier(c.hnsw_memory)) hnsw.memory = tier(c.hnsw_memory);
  if (c.inline_storage) hnsw.inline_storage = true;
  return {
    points: c.n,
    qdrantVersion: '1.19.0',
    pointIdType: c.ids === 'uuid' ? 'uuid' : 'numeric',
    collection: {
      vectors: vec as never,
      hnsw_config: hnsw,
      ...(q ? { quantization_config: q as never } : {}),
      optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: 1 },
    },
    assumptions: { nodeCpus: 2, searchThreads: 1 },
  };
}

const sumItems = (e: Estimate, pred: (id: string) => boolean) =>
  e.lineItems.filter((i) => pred(i.id) && (i.residency === 'disk' || i.residency === 'cache')).reduce((a, i) => a + i.bytes, 0);

const rows: string[] = [];
/**
 * Where the expected degree (fitted on clustered data of 30k points and more) is not claimed to hold
 * within 10%, only its range (docs/accuracy.md): uniform-random data fills every slot (the heuristic
 * prunes nothing), and segments under 30k points of the 256-cluster data keep more links than larger
 * ones (about 40 points per cluster).
 */
function knownMiss(m: Measured): boolean {
  return m.config.data === 'uniform' || m.config.n < 30_000 || NON_MONOTONE.has(m.config_id);
}
/** 0.9.0, 128-d, m=32: 21.0 links at 30k, 20.4 at 100k, 24.5 at 300k, 28.2 at 1M; the model's 22.3 at 100k is 11% high. */
const NON_MONOTONE = new Set(['nsweep-d128-m32-n100k']);
const rel = (model: number, measured: number) => (model - measured) / measured;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

afterAll(() => {
  if (process.env.ACCURACY_REPORT) console.log(rows.join('\n'));
});

// Left out: multivector and sparse runs (no single-vector counterpart), and the disk-resident id tracker
// (`id_tracker_memory`), which released Qdrant (1.12-1.19) only builds behind the serverless_compatible
// feature flag: not a setting of the versions qsize models.
const main = load(DIR).filter((m) => m.files && !m.config.multivector && !m.config.sparse && !m.config.id_tracker_memory);
const graphV119 = load(join(DIR, 'v1.19.0-graph'));

describe('model vs engine files (qdrant-edge-py, data/calibration)', () => {
  it('has measurements to compare against', () => {
    expect(main.length).toBeGreaterThan(5);
  });

  for (const m of main) {
    const c = m.config;
    const g = m.files!.groups_main_segment;
    it(`${m.config_id}: originals, quantized vectors and id tracker files within 3%`, () => {
      const e = estimate(workloadFor(c));
      const originals = sumItems(e, (id) => id.startsWith('vectors.'));
      if (c.inline_storage) {
        // The originals live in the graph file: compare the whole HNSW directory within 10%.
        const hnsw = sumItems(e, (id) => id.startsWith('hnsw.'));
        rows.push(`| ${m.config_id} | inline graph + vectors ${(hnsw / 1e6).toFixed(1)} vs ${(g.hnsw!.apparent / 1e6).toFixed(1)} MB (${pct(rel(hnsw, g.hnsw!.apparent))}) |`);
        expect(Math.abs(rel(hnsw, g.hnsw!.apparent))).toBeLessThan(0.1);
      } else {
        expect(Math.abs(rel(originals, g.originals!.apparent))).toBeLessThan(0.03);
      }
      const idt = sumItems(e, (id) => id === 'id-tracker.files');
      expect(Math.abs(rel(idt, g.id_tracker!.apparent))).toBeLessThan(0.03);
      let qline = '';
      if (c.quant !== 'none' && g.quantized) {
        const quant = sumItems(e, (id) => id.startsWith('quantization.'));
        expect(Math.abs(rel(quant, g.quantized.apparent))).toBeLessThan(0.03);
        qline = ` quantized ${quant} vs ${g.quantized.apparent} (${pct(rel(quant, g.quantized.apparent))})`;
      }
      rows.push(`| ${m.config_id} | originals ${pct(rel(originals, g.originals!.apparent))} | id tracker ${pct(rel(idt, g.id_tracker!.apparent))} |${qline}`);
    });
    // payload-indexed: payload sub-graph links are merged into level 0 (checked separately below).
    if (m.hnsw_decoded && m.hnsw_decoded['deg0_avg'] && !c.inline_storage && !c.payload_indexes) {
      it(`${m.config_id}: HNSW level-0 links and reindex within 10% (level draw differs after v1.19.0)`, () => {
        const h = m.hnsw_decoded!;
        const dense = resolve(parseWorkload(workloadFor(c))).dense[0]!;
        const b = compressedGraphBreakdown(c.n, c.m, null, degreeContext(dense));
        const model = b.reindex + b.level0;
        const deg0 = levelZeroDegree(c.m, c.n, null, 1, degreeContext(dense));
        const measured = h['bytes_per_point'].reindex + h['bytes']['neighbours_level0'] / c.n;
        if (knownMiss(m)) {
          // The expected value misses; the stated range (degree x 0.8 .. full degree 2m) must still hold it.
          const lo = compressedGraphBreakdown(c.n, c.m, null, { ...degreeContext(dense), quantFactor: (degreeContext(dense).quantFactor ?? 1) * 0.8 });
          const hi = compressedGraphBreakdown(c.n, c.m, 1);
          expect(measured).toBeGreaterThanOrEqual(lo.reindex + lo.level0);
          expect(measured).toBeLessThanOrEqual((hi.reindex + hi.level0) * 1.05);
        } else {
          expect(Math.abs(rel(model, measured))).toBeLessThan(0.1);
        }
        rows.push(`| ${m.config_id} | level-0 graph ${model.toFixed(1)} vs ${measured.toFixed(1)} B/pt (${pct(rel(model, measured))}) | deg0 model ${deg0.toFixed(2)} measured ${h['deg0_avg'].toFixed(2)} |`);
      });
    }
  }
});

describe('model vs the v1.19.0 engine graph (qdrant-edge-py 0.7.2)', () => {
  it('has graph measurements', () => {
    expect(graphV119.length).toBeGreaterThan(3);
  });
  for (const m of graphV119) {
    it(`${m.config_id}: whole HNSW links file within 10%`, () => {
      const e = estimate(workloadFor(m.config));
      const links = e.lineItems.find((i) => i.id === 'hnsw.default.links')!.bytes;
      const measured = m.links_file_bytes!;
      expect(Math.abs(rel(links, measured))).toBeLessThan(0.1);
      rows.push(`| v1.19.0 ${m.config_id} | links ${(links / m.config.n).toFixed(1)} vs ${(measured / m.config.n).toFixed(1)} B/pt (${pct(rel(links, measured))}) | upper records/pt measured ${m.hnsw_decoded!['upper_records_per_point'].toFixed(3)} |`);
    });
  }
});

describe('model vs engine resident RAM (RssAnon above the empty shard, after 300 searches)', () => {
  const byId = new Map(load(DIR).map((m) => [m.config_id, m]));
  const anon = (id: string) => byId.get(id)?.derived?.['after_searches_RssAnon_bytes_above_empty'] as number | undefined;
  const heap = (e: Estimate, pred: (id: string) => boolean) => e.lineItems.filter((i) => i.residency === 'ram' && pred(i.id)).reduce((a, i) => a + i.bytes, 0);

  it('per-point resident RAM (the slope from 100k to 300k points, 128-d) is within 10% of the model', () => {
    const a = byId.get('nsweep-d128-m16-n100k');
    const b = byId.get('nsweep-d128-m16-n300k');
    if (!a || !b) return;
    const measured = (anon(b.config_id)! - anon(a.config_id)!) / (b.config.n - a.config.n);
    const ea = estimate(workloadFor(a.config));
    const eb = estimate(workloadFor(b.config));
    const model = (eb.memory.residentBytes - ea.memory.residentBytes) / (b.config.n - a.config.n);
    rows.push(`| resident slope | model ${model.toFixed(1)} B/pt vs measured ${measured.toFixed(1)} B/pt (${pct(rel(model, measured))}) |`);
    expect(Math.abs(rel(model, measured))).toBeLessThan(0.1);
  });

  // Each pinned structure's heap copy: the RssAnon difference against the same config without it.
  const deltas: [string, string, (id: string) => boolean][] = [
    ['quant-sq8', 'base', (id) => id.startsWith('quantization.')],
    ['quant-pq16', 'base', (id) => id.startsWith('quantization.')],
    ['quant-pq32', 'base', (id) => id.startsWith('quantization.')],
    ['quant-bq1', 'base', (id) => id.startsWith('quantization.')],
    ['quant-bq1.5', 'base', (id) => id.startsWith('quantization.')],
    ['quant-bq2', 'base', (id) => id.startsWith('quantization.')],
    ['quant-tq1', 'base', (id) => id.startsWith('quantization.')],
    ['quant-tq1.5', 'base', (id) => id.startsWith('quantization.')],
    ['quant-tq2', 'base', (id) => id.startsWith('quantization.')],
    ['quant-tq4', 'base', (id) => id.startsWith('quantization.')],
    ['res-sq8-veccold-qpinned', 'res-vec-cold', (id) => id.startsWith('quantization.')],
  ];
  for (const [withIt, without, pred] of deltas) {
    it(`${withIt}: the heap copy it pins is within 10% of the measured RssAnon difference to ${without}`, () => {
      const a = byId.get(withIt);
      const b = byId.get(without);
      if (!a || !b) return;
      const measured = anon(withIt)! - anon(without)!;
      const model = heap(estimate(workloadFor(a.config)), pred) - heap(estimate(workloadFor(b.config)), pred);
      rows.push(`| ${withIt} heap | model ${(model / 1e6).toFixed(2)} MB vs measured ${(measured / 1e6).toFixed(2)} MB (${pct(rel(model, measured))}) |`);
      expect(Math.abs(rel(model, measured))).toBeLessThan(0.1);
    });
  }

  it('res-hnsw-pinned: a pinned graph is a heap copy of the links file (RssAnon difference within 10% of the file)', () => {
    // Compared with the engine's own file, not the model's graph size: qdrant-edge-py 0.9.0 draws levels
    // differently from v1.19.0 (see the graph tests above).
    const a = byId.get('res-hnsw-pinned');
    if (!a || anon('base') === undefined) return;
    const measured = anon('res-hnsw-pinned')! - anon('base')!;
    const file = a.hnsw_decoded?.['file_bytes'] as number;
    const e = estimate(workloadFor(a.config));
    expect(e.lineItems.find((i) => i.id === 'hnsw.default.links.heap')?.residency).toBe('ram');
    rows.push(`| res-hnsw-pinned heap | links file ${(file / 1e6).toFixed(2)} MB vs measured ${(measured / 1e6).toFixed(2)} MB (${pct(rel(file, measured))}) |`);
    expect(Math.abs(rel(file, measured))).toBeLessThan(0.1);
  });

  it('cold quantized vectors with cold originals add no heap (within 1 MB)', () => {
    const a = anon('res-sq8-veccold-qcold');
    const b = anon('res-vec-cold');
    if (a === undefined || b === undefined) return;
    expect(Math.abs(a - b)).toBeLessThan(1e6);
  });
});

describe('rules of thumb on the same configs (report only)', () => {
  it('computes qsize and the popular rules against the measured memory and graph', () => {
    for (const m of main) {
      const c = m.config;
      const d = m.derived ?? {};
      const anonB = d['after_searches_RssAnon_bytes_above_empty'] as number | undefined;
      const fileB = d['after_searches_RssFile_bytes_above_empty'] as number | undefined;
      if (anonB === undefined || fileB === undefined || c.multivector || c.sparse) continue;
      // The shard's WAL is mmap'd and written, so its pages show in RssFile; it is not needed for search.
      const wal = (d['wal_allocated'] as number | undefined) ?? 0;
      const measuredHot = anonB + fileB - wal;
      // Cold configs: 300 searches fault in pages of cold files, so RssFile is not the hot set there.
      if (c.vec_memory === 'Cold' || c.quant_memory === 'Cold' || c.hnsw_memory === 'Cold') continue;
      const e = estimate(workloadFor(c));
      const baseline = e.lineItems.find((i) => i.id === 'process.baseline')!.bytes;
      const qsizeHot = e.memory.residentBytes - baseline + e.memory.pageCacheBytes;
      const qdrantRule = c.n * c.d * 4 * 1.5;
      const twoBytes = c.n * c.d * 2;
      rows.push(
        `| rules ${m.config_id} | ${(measuredHot / 1e6).toFixed(1)} MB | ${pct(rel(qsizeHot, measuredHot))} | ${pct(rel(qdrantRule, measuredHot))} | ${pct(rel(twoBytes, measuredHot))} |`,
      );
    }
    for (const m of graphV119) {
      const c = m.config;
      const links = m.links_file_bytes!;
      const e = estimate(workloadFor(c));
      const qsize = e.lineItems.find((i) => i.id === 'hnsw.default.links')!.bytes;
      rows.push(`| graph v1.19.0 ${m.config_id} | ${(links / c.n).toFixed(1)} B/pt | ${pct(rel(qsize, links))} | ${pct(rel(c.n * c.m * 2 * 4 * 1.2, links))} |`);
    }
    expect(rows.length).toBeGreaterThan(0);
  });
});
