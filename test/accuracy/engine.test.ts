/**
 * The model against Qdrant's real storage engine. Reads the measurements committed under
 * data/calibration/ (produced by test/calibration/, never run here) and checks, per measured config:
 * each structure's bytes within 3% of the engine's files (payload, payload indexes, sparse vectors and
 * multivectors included), the HNSW graph within 10%, and the resident RAM within 10% of the measured
 * RssAnon above the empty shard (or, where a listed reason says why not, within the stated range).
 * Set ACCURACY_REPORT=1 to print the table that docs/accuracy.md shows.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { estimate, type Estimate, type WorkloadInput } from '../../src/index.js';
import { compressedGraphBreakdown, degreeContext, degreeLowFactor, levelZeroDegree, lowDegreeBuild, rawDotBuild } from '../../src/model/hnsw.js';
import { resolve } from '../../src/model/resolve.js';
import { parseWorkload } from '../../src/model/estimate.js';
import { QDRANT } from '../../src/model/constants.js';
import { chunkApparentSlackBytes } from '../../src/model/vectors.js';
import { emptyPayloadStores } from '../../src/model/payload.js';
import { gridstoreApparentBytes, gridstoreFixedAllocatedBytes } from '../../src/model/gridstore.js';
import { segmentLayout } from '../../src/model/layout.js';
import { REGENERATE, rowsMissingFromDoc } from './doc-rows.js';
import { type Measured, workloadFor } from './harness-workload.js';

const DIR = 'data/calibration';

function load(dir: string): Measured[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Measured);
}

/**
 * Payload stores whose compressed sizes straddle a block boundary: the model rounds the mean payload up to whole
 * 128-byte blocks (8 at 1,019.5 B), while 37% of `ids-uuid-payload2k`'s payloads take 9 (the lz4_flex replay: 8.37
 * blocks per payload on average), so the model is 4.4% under; held within its range.
 */
const PAYLOAD_STRADDLES = new Set(['ids-uuid-payload2k']);

/** The files of a measured config's optimized segment whose path passes `pred`. */
const mainFiles = (m: Measured, pred: (path: string) => boolean) => m.files!.files.filter((f) => f.path.startsWith('segments/MAIN/') && pred(f.path));

/** Bytes of the files (page-cache-only items, the populated holes of chunk files, are not files). */
const sumItems = (e: Estimate, pred: (id: string) => boolean) =>
  e.lineItems.filter((i) => pred(i.id) && !i.id.endsWith('.populated-holes') && (i.residency === 'disk' || i.residency === 'cache')).reduce((a, i) => a + i.bytes, 0);

const rows: string[] = [];
/**
 * Where the expected degree is not claimed to hold within 10%, only its range (docs/accuracy.md): graphs built on raw
 * dot products (RAW_DOT) and two small multivector graphs (SMALL_MULTIVECTOR_GRAPHS). (Uniform-random data, which
 * fills every slot, is stated as hnswDegreeRatio 1 in its workload: workloadFor.)
 */
function knownMiss(m: Measured): boolean {
  return RAW_DOT.has(m.config_id) || SMALL_MULTIVECTOR_GRAPHS[m.config_id] !== undefined;
}
/**
 * Until s28 every graph of a segment under 30,000 points was held only to the range. Since s25 the expected degree
 * carries the calibration data's rise below 34,000 points (QDRANT.degreeSparseRise), and the small segments meet 10%:
 * the 10k n-sweeps (0.9.0 level-0 bytes -4.4% to +3.1%, v1.19.0 links files -4.8% to +1.7%), multivec-32 (3,000 points,
 * -2.9%) and multivec-d128 (20,000, -3.1%). Two multivector graphs stay held to the range: not for their size but for
 * how their inner counts spread (issue #16, "multivector graphs: the level-0 degree by cause" below; maxSimBuild).
 */
const SMALL_MULTIVECTOR_GRAPHS: Record<string, string> = {
  'multivec-4': '20,000 points of 2-6 inner 128-d vectors scored by max_sim keep 23.1 links at 2,000, 5,000 and 20,000 points alike (no single-vector rise), where 4 each keep 30.2 and 1-7 each 19.7: the degree follows the spread of the inner counts (a sum of |c| terms against one of |q| in the heuristic), which the workload does not state',
  'multivec-64': '2,000 points of 48-80 inner 64-d vectors scored by max_sim keep 19.0 links where 64 each keep 29.2 and 8-120 each 9.8: the heuristic compares max_sim sums of different lengths, so the degree follows the spread of the inner counts, which the workload does not state',
};
/**
 * Graphs built on raw dot products of uint8 vectors (rawDotBuild, src/model/hnsw.ts): Cosine with scalar or product
 * quantization, and Dot. They keep 15.6 (int8), 2.3 (PQ x16) and 1.6 (Dot) level-0 links per point at m=16 where the
 * same data keeps 17.7 unquantized under Cosine, and 17.9 / 19.3 with int8 / PQ x16 under Euclid
 * (data/calibration/quantized-scores); claimed only within the range, whose low end is x0.08 there. Listed by hand, and
 * checked against the model's rule below, so that the rule cannot silently widen or narrow.
 */
const RAW_DOT = new Set(['dtype-uint8-pq16', 'dtype-uint8-sq8', 'dtype-uint8-dot']);
const rel = (model: number, measured: number) => (model - measured) / measured;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** The model's low-end level-0 degree of a 384-d, m=16 graph of n points (lowDegreeBuild: degreeLowFactor, no rise). */
const lowAt = (n: number) => {
  const low = lowDegreeBuild(resolve(parseWorkload({ points: n, collection: { vectors: { size: 384, distance: 'Cosine' } } } as WorkloadInput)).dense[0]!);
  return levelZeroDegree(16, n, null, low.factor, low.build);
};

/**
 * The per-config table of docs/accuracy.md ("Per new config"): one row per config below, in this order, its cells
 * written by the tests that hold each value (a cell is '-' where that engine did not measure the config). The last
 * describe of this file assembles the rows and checks the page shows them (doc-rows.ts).
 */
const TABLE_CONFIGS = [
  'base', 'fst10-base', 'payload-indexed', 'fst10-payload-indexed', 'res-payload-cached', 'dim-1024', 'dim-3072', 'hnsw-m4-ef200',
  'hnsw-m24-ef200', 'hnsw-m64-ef200', 'quant-pq4', 'quant-pq8', 'quant-pq64', 'dtype-uint8-sq8', 'dtype-uint8-pq16', 'dtype-uint8-bq1',
  'dtype-float16-sq8', 'dtype-float16-pq16', 'dtype-float16-bq1', 'quant-bq2-d1536', 'multivec-4', 'multivec-32', 'multivec-64',
  'ids-uuid-payload2k', 'fst100-base', 'idx-threshold-plain', 'hnsw-ef400', 'hnsw-m4-ef400', 'hnsw-m64-ef400', 'fst1000-payload-indexed',
] as const;
const TABLE_COLUMNS = ['graphBin', 'level0', 'links119', 'heap090', 'heap119'] as const;
const TABLE_HEADER = [
  '| config | `graph.bin` model vs measured | 0.9.0 level 0 measured (model), deg0 | v1.19.0 links file (model) | 0.9.0 live heap measured / model | v1.19.0 live heap net of the links file, measured / model |',
  '| --- | --- | --- | --- | --- | --- |',
];
const tableCells = new Map<string, Partial<Record<(typeof TABLE_COLUMNS)[number], string>>>();
const tableCell = (id: string, column: (typeof TABLE_COLUMNS)[number], text: string) => {
  if ((TABLE_CONFIGS as readonly string[]).includes(id)) tableCells.set(id, { ...tableCells.get(id), [column]: text });
};
/** Signed, as the page shows errors. */
const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

afterAll(() => {
  if (process.env.ACCURACY_REPORT) console.log(rows.join('\n'));
});

// Here: the single dense-vector runs. The multivector and sparse runs are compared structure by structure
// below ('payload, payload indexes, sparse vectors, multivectors'). The disk-resident id tracker
// (`id_tracker_memory`) is Qdrant 1.20's `id_tracker.memory` (1.12-1.19 build it only behind the
// serverless_compatible flag), so its runs are compared as 1.20.0 workloads.
// With them, the runs that take the raw-dot-product graphs apart (harness.py, quantized_score_configs): uint8 under
// Euclid with and without quantization, and under Dot.
const QUANTIZED_SCORES = load(join(DIR, 'quantized-scores'));
const main = [...load(DIR), ...QUANTIZED_SCORES].filter((m) => m.files && !m.config.multivector && !m.config.sparse);
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
      } else if ((c.indexing_threshold_kb ?? 1) > 1) {
        // A segment under the indexing threshold stays appendable: its originals are 32 MiB chunk files, whose last
        // chunk's unwritten tail counts in the apparent size (as for multivectors below).
        const r = resolve(parseWorkload(workloadFor(c)));
        const slack = chunkApparentSlackBytes(r, segmentLayout(r), r.dense[0]!);
        rows.push(`| ${m.config_id} | plain segment originals ${(originals / 1e6).toFixed(2)} + chunk tail ${(slack / 1e6).toFixed(2)} vs ${(g.originals!.apparent / 1e6).toFixed(2)} MB |`);
        expect(Math.abs(rel(originals + slack, g.originals!.apparent))).toBeLessThan(0.03);
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
    const graphBin = mainFiles(m, (p) => p.endsWith('/graph.bin')).reduce((a, f) => a + f.apparent, 0);
    if (graphBin > 0) {
      // Within 1%, or 4 KB; each payload block's sub-graph adds its own entry point (merge_from_other, 12 B each: 26
      // of them in payload-indexed at the default threshold, 258 at 10 KB), which qsize counts since s35 from the
      // workload's payload indexes (workloadFor with the measured run): within 10 blocks (120 B) of the file.
      it(`${m.config_id}: graph.bin (the entry points, full_scan_threshold ${c.full_scan_threshold_kb ?? 10} KB) within 1% or 4 KB${c.payload_indexes ? ', and within 10 payload blocks' : ''}`, () => {
        const model = sumItems(estimate(workloadFor(c, m)), (id) => id.endsWith('.graph-bin'));
        if (c.payload_indexes) expect(Math.abs(model - graphBin), 'payload blocks\' entry points').toBeLessThanOrEqual(120);
        rows.push(`| ${m.config_id} | graph.bin ${model} vs ${graphBin} B (${pct(rel(model, graphBin))}) |`);
        tableCell(m.config_id, 'graphBin', `${model} vs ${graphBin} B (${signed(rel(model, graphBin))})`);
        expect(Math.abs(model - graphBin)).toBeLessThan(Math.max(0.01 * graphBin, 4096));
      });
    }
    // payload-indexed: payload sub-graph links are merged into level 0 (checked separately below).
    if (m.hnsw_decoded && m.hnsw_decoded['deg0_avg'] && !c.inline_storage && !c.payload_indexes) {
      it(`${m.config_id}: HNSW level-0 links and reindex within 10% (level draw differs after v1.19.0)`, () => {
        const h = m.hnsw_decoded!;
        const r = resolve(parseWorkload(workloadFor(c)));
        const dense = r.dense[0]!;
        const b = compressedGraphBreakdown(c.n, c.m, r.degreeRatio, degreeContext(dense));
        const model = b.reindex + b.level0;
        const deg0 = levelZeroDegree(c.m, c.n, r.degreeRatio, 1, degreeContext(dense));
        const measured = h['bytes_per_point'].reindex + h['bytes']['neighbours_level0'] / c.n;
        if (knownMiss(m)) {
          // The expected value misses; the stated range (degree x 0.8 .. full degree 2m) must still hold it.
          const lo = compressedGraphBreakdown(c.n, c.m, null, { ...degreeContext(dense), quantFactor: (degreeContext(dense).quantFactor ?? 1) * degreeLowFactor(dense) });
          const hi = compressedGraphBreakdown(c.n, c.m, 1);
          expect(measured).toBeGreaterThanOrEqual(lo.reindex + lo.level0);
          expect(measured).toBeLessThanOrEqual((hi.reindex + hi.level0) * 1.05);
        } else {
          expect(Math.abs(rel(model, measured))).toBeLessThan(0.1);
        }
        rows.push(`| ${m.config_id} | level-0 graph ${model.toFixed(1)} vs ${measured.toFixed(1)} B/pt (${pct(rel(model, measured))}) | deg0 model ${deg0.toFixed(2)} measured ${h['deg0_avg'].toFixed(2)} |`);
        tableCell(m.config_id, 'level0', `${measured.toFixed(1)} B/pt (${signed(rel(model, measured))}${knownMiss(m) ? ', range' : ''}), deg0 ${h['deg0_avg'].toFixed(2)}`);
      });
    }
  }
});

describe('graphs built on raw dot products of uint8 vectors (data/calibration/quantized-scores, qdrant-edge-py 0.9.0)', () => {
  const all = new Map([...load(DIR), ...QUANTIZED_SCORES].map((m) => [m.config_id, m]));
  const deg = (id: string) => all.get(id)!.hnsw_decoded!['deg0_avg'];
  it('has the four runs: uint8 under Euclid unquantized, with int8 and with PQ x16, and under Dot', () => {
    expect(QUANTIZED_SCORES.map((m) => m.config_id).sort()).toEqual(['dtype-uint8-dot', 'dtype-uint8-euclid', 'dtype-uint8-pq16-euclid', 'dtype-uint8-sq8-euclid']);
  });
  it('under Euclid, int8 keeps the unquantized degree and PQ x16 more; under Cosine they lose 12% and 87%; Dot keeps 9%', () => {
    // 17.87 / 17.87 / 19.32 (Euclid) against 17.71 / 15.56 / 2.33 (Cosine), 1.60 (Dot).
    expect(Math.abs(deg('dtype-uint8-sq8-euclid') / deg('dtype-uint8-euclid') - 1)).toBeLessThan(0.01);
    expect(deg('dtype-uint8-pq16-euclid')).toBeGreaterThan(deg('dtype-uint8-euclid'));
    expect(deg('dtype-uint8-sq8') / deg('dtype-uint8')).toBeCloseTo(0.88, 2);
    expect(deg('dtype-uint8-pq16') / deg('dtype-uint8')).toBeCloseTo(0.13, 2);
    expect(deg('dtype-uint8-dot') / deg('dtype-uint8-euclid')).toBeCloseTo(0.09, 2);
  });
  it('the model flags exactly the builds on raw dot products, and warns for them', () => {
    for (const [id, m] of all) {
      if (!id.startsWith('dtype-uint8') && !id.startsWith('dtype-float16')) continue;
      const r = resolve(parseWorkload(workloadFor(m.config, m)));
      expect(rawDotBuild(r.dense[0]!), id).toBe(RAW_DOT.has(id));
      expect(r.warnings.some((w) => w.includes('dot products of unnormalized vectors')), id).toBe(RAW_DOT.has(id));
    }
  });
});

/**
 * Payload storage, payload indexes, sparse vectors and multivectors against the engine's files.
 * Compared with the allocated bytes (what `du` counts): these stores pre-allocate with set_len (32 MiB
 * gridstore pages, 1 MiB null-index and deleted flag files, 32 MiB multivector chunks) and leave the
 * untouched part as holes, which qsize reports only in disk.apparentBytes. The apparent size is checked
 * too, where the model states it.
 */
/**
 * The coverage configs of issue 16 (test/calibration/harness.py, coverage_matrix) measured on each engine; each is
 * required here, so that a run that went missing turns the suite red.
 */
const COVERAGE_090 = ['payload-indexed', 'res-payload-cached', 'dim-1024', 'dim-3072', 'hnsw-m24-ef200', 'hnsw-m4-ef200', 'hnsw-m64-ef200', 'quant-pq4', 'quant-pq8', 'quant-pq64', 'dtype-uint8-sq8', 'dtype-uint8-pq16', 'dtype-uint8-bq1', 'dtype-float16-sq8', 'dtype-float16-pq16', 'dtype-float16-bq1', 'quant-bq2-d1536', 'multivec-4', 'multivec-32', 'ids-uuid-payload2k', 'fst100-base', 'idx-threshold-plain', 'base', 'hnsw-ef400', 'hnsw-m4-ef400', 'hnsw-m64-ef400', 'multivec-64', 'fst1000-payload-indexed', 'hnsw-m64-ef64', 'hnsw-m64-ef100', 'hnsw-m32-ef400'];
const COVERAGE_V119 = [
  'payload-indexed', 'dim-1024', 'dim-3072', 'hnsw-m24-ef200', 'hnsw-m4-ef200', 'hnsw-m64-ef200', 'quant-pq8', 'quant-pq64', 'quant-bq2-d1536', 'ids-uuid-payload2k', 'base',
  'hnsw-ef400', 'hnsw-m4-ef400', 'hnsw-m64-ef400', 'multivec-64', 'quant-pq4', 'dtype-uint8-sq8', 'dtype-uint8-pq16', 'dtype-uint8-bq1', 'dtype-float16-sq8', 'dtype-float16-pq16', 'dtype-float16-bq1',
  'fst1000-payload-indexed', 'idx-threshold-plain', 'hnsw-m64-ef64', 'hnsw-m64-ef100', 'hnsw-m32-ef400',
  'res-payload-cached', 'multivec-4', 'multivec-32', 'fst100-base',
];
const present = (ids: string[], dir = DIR) => ids.filter((id) => existsSync(join(dir, `${id}.json`)));
const INDEXED_RUNS = present(['payload-indexed', 'res-payload-cached', 'fst10-payload-indexed', 'fst10-res-payload-cached', 'fst1000-payload-indexed']);
const PAYLOAD_RUNS = present(['payload-noindex', 'ids-uuid-payload2k', ...INDEXED_RUNS]);
const MULTIVECTOR_RUNS = present(['multivec-d128', 'multivec-4', 'multivec-32', 'multivec-64']);
describe('the coverage matrix is measured (issue 16)', () => {
  it('every coverage config has its 0.9.0 measurement', () => {
    for (const id of COVERAGE_090) expect(existsSync(join(DIR, `${id}.json`)), id).toBe(true);
  });
  it('every graph coverage config has its v1.19.0-engine measurement', () => {
    for (const id of COVERAGE_V119) expect(existsSync(join(DIR, 'v1.19.0-matrix', `${id}.json`)), id).toBe(true);
  });
});
describe('model vs engine files: payload, payload indexes, sparse vectors, multivectors', () => {
  const all = load(DIR);
  const byId = new Map(all.map((m) => [m.config_id, m]));
  /** Files of the optimized segment whose path matches. */
  const allocated = (fs: { allocated: number }[]) => fs.reduce((a, f) => a + f.allocated, 0);
  const within3 = (label: string, id: string, model: number, measured: number) => {
    rows.push(`| ${id} | ${label} ${(model / 1e6).toFixed(3)} vs ${(measured / 1e6).toFixed(3)} MB (${pct(rel(model, measured))}) |`);
    expect(Math.abs(rel(model, measured)), `${id} ${label}`).toBeLessThan(0.03);
  };

  it('has the payload, sparse and multivector measurements', () => {
    for (const id of [...PAYLOAD_RUNS, ...INDEXED_RUNS, 'sparse-nnz50', ...MULTIVECTOR_RUNS]) expect(byId.has(id), id).toBe(true);
  });

  for (const id of PAYLOAD_RUNS) {
    it(`${id}: payload storage (allocated and apparent) within 3%`, () => {
      const m = byId.get(id)!;
      const g = m.files!.groups_main_segment;
      const e = estimate(workloadFor(m.config, m));
      if (PAYLOAD_STRADDLES.has(id)) {
        const item = e.lineItems.find((i) => i.id === 'payload.storage')!;
        const measured = g.payload_storage!.allocated;
        rows.push(`| ${id} | payload storage (allocated) ${(item.bytes / 1e6).toFixed(3)} vs ${(measured / 1e6).toFixed(3)} MB (${pct(rel(item.bytes, measured))}), range ${(item.range.low / 1e6).toFixed(1)}-${(item.range.high / 1e6).toFixed(1)} |`);
        expect(measured).toBeGreaterThanOrEqual(item.range.low);
        expect(measured).toBeLessThanOrEqual(item.range.high);
        return;
      }
      within3('payload storage (allocated)', id, sumItems(e, (i) => i === 'payload.storage'), g.payload_storage!.allocated);
      if (!m.config.payload_indexes) {
        // No field index: everything the model adds to the apparent size is the payload gridstores', the optimized
        // segment's and the empty stores' of the segments the measurement (segments/MAIN only) leaves out.
        const emptySlack = emptyPayloadStores(resolve(parseWorkload(workloadFor(m.config, m))), e.layout) * (gridstoreApparentBytes(0, 1) - gridstoreFixedAllocatedBytes());
        within3('payload storage (apparent)', id, sumItems(e, (i) => i === 'payload.storage') + e.disk.apparentBytes - e.disk.bytes - emptySlack, g.payload_storage!.apparent);
      }
    });
  }

  for (const id of INDEXED_RUNS) {
    for (const field of ['category', 'price']) {
      it(`${id}: payload index "${field}" files (allocated) within 3%`, () => {
        const m = byId.get(id)!;
        const e = estimate(workloadFor(m.config, m));
        // The field's directories: <id>-<field>-map, -numeric, -null.
        const measured = allocated(mainFiles(m, (p) => p.includes(`-${field}-`)));
        within3(`payload index ${field} (allocated)`, id, sumItems(e, (i) => i === `payload-index.${field}.files`), measured);
      });
    }
  }

  it('sparse-nnz50: sparse storage and sparse index files (allocated) within 3%', () => {
    const m = byId.get('sparse-nnz50')!;
    const g = m.files!.groups_main_segment;
    const e = estimate(workloadFor(m.config, m));
    within3('sparse storage (allocated)', m.config_id, sumItems(e, (i) => i === 'sparse.sp.storage'), g.sparse_storage!.allocated);
    within3('sparse index (allocated)', m.config_id, sumItems(e, (i) => i === 'sparse.sp.index.files'), g.sparse_index!.allocated);
  });

  for (const id of MULTIVECTOR_RUNS) it(`${id}: multivector originals within 3% (allocated, and apparent with the chunk tails)`, () => {
    const m = byId.get(id)!;
    const g = m.files!.groups_main_segment;
    const w = workloadFor(m.config, m);
    const e = estimate(w);
    const originals = sumItems(e, (i) => i.startsWith('vectors.'));
    within3('multivector originals (allocated)', m.config_id, originals, g.originals!.allocated);
    const r = resolve(parseWorkload(w));
    const slack = chunkApparentSlackBytes(r, segmentLayout(r), r.dense[0]!);
    within3('multivector originals (apparent)', m.config_id, originals + slack, g.originals!.apparent);
  });
});

/**
 * The 64-d sweep's data (64 centres, graph_sweep_v1_19.py) at 10,000 points (156 per centre): its candidates stay in
 * one cluster and its degree rises with n throughout (15.3 links at 10k, 17.1 at 30k, 19.4 at 100k at m=16), where the
 * calibration data (256 centres) keep 20.9 at 10k and 17.9 at 100k. Since s25 the expected degree follows the
 * calibration data below 34,000 points (QDRANT.degreeSparseRise); the low end drops the rise and holds these.
 */
const GRAPH_V119_RANGE_ONLY: Record<string, string> = {
  'n10000-m16': '64 centres keep no rise below 34,000 points: model +22%',
  'n10000-m32': '64 centres keep no rise below 34,000 points: model +37%',
};
describe('model vs the pre-1.19 engine graph (qdrant-edge-py 0.7.2, api 1.18.2-dev)', () => {
  it('has graph measurements', () => {
    expect(graphV119.length).toBeGreaterThan(3);
  });
  for (const m of graphV119) {
    const rangeOnly = GRAPH_V119_RANGE_ONLY[m.config_id];
    it(`${m.config_id}: whole HNSW links file ${rangeOnly ? `inside the stated range (${rangeOnly})` : 'within 10%'}`, () => {
      // The v1.19.0 engine draws levels by rounding, as the released v1.19.0 does: the workload says 1.19.0.
      const e = estimate(workloadFor(m.config, undefined, true));
      const item = e.lineItems.find((i) => i.id === 'hnsw.default.links')!;
      const links = item.bytes;
      const measured = m.links_file_bytes!;
      if (rangeOnly) {
        expect(measured).toBeGreaterThanOrEqual(item.range.low);
        expect(measured).toBeLessThanOrEqual(item.range.high);
      } else expect(Math.abs(rel(links, measured))).toBeLessThan(0.1);
      rows.push(`| v1.19.0 ${m.config_id} | links ${(links / m.config.n).toFixed(1)} vs ${(measured / m.config.n).toFixed(1)} B/pt (${pct(rel(links, measured))}) | upper records/pt measured ${m.hnsw_decoded!['upper_records_per_point'].toFixed(3)} |`);
    });
  }
});

/**
 * Small segments: the level-0 degree is set by the data's clusters at the segment's scale, not by the segment's size
 * (docs/accuracy.md, "Many small segments"). The pre-1.19 engine (qdrant-edge-py 0.7.2, api 1.18.2-dev) on 32-d and 128-d Gaussian
 * mixtures of 16 to 4,096 centres and on uniform points, m=16, ef_construct 100 (test/calibration/graph_sweep_v1_19.py
 * --out data/calibration/v1.19.0-graph-clusters n:16:d:100:centres; centres 0 = uniform).
 */
const graphClusters = load(join(DIR, 'v1.19.0-graph-clusters'));
describe('small segments: the level-0 degree follows the data\'s clusters, not n (v1.19.0 engine, data/calibration/v1.19.0-graph-clusters)', () => {
  const deg = (id: string) => graphClusters.find((m) => m.config_id === id)!.hnsw_decoded!['deg0_avg'];
  it('the engine keeps what the server kept: 32-d from 256 centres, 18.96 links at 8,000 points and 17.30 at 200,000', () => {
    // server-v1.19.0-extra/d32-200k-seg25.json: 24 segments of 7,984-8,008 points, mean deg0 19.0; d32-200k.json: one
    // segment of 200,000 points, 17.29 (test/accuracy/server-evidence.test.ts).
    expect(Math.abs(deg('n8000-m16-d32-c256') - 19.0)).toBeLessThan(0.2);
    expect(Math.abs(deg('n200000-m16-d32-c256') - 17.29)).toBeLessThan(0.2);
  });
  it('at 8,000 x 32-d the degree runs from 14.6 to 23.4 with the number of centres, and is 28.7 on uniform points', () => {
    const byCentres = [16, 64, 256, 1024].map((c) => deg(c === 64 ? 'n8000-m16-d32' : `n8000-m16-d32-c${c}`));
    expect(byCentres.map((x) => Math.round(x * 10) / 10)).toEqual([16.1, 14.6, 19.0, 23.4]);
    expect(deg('n8000-m16-d32-uniform')).toBeCloseTo(28.7, 1);
    // 128-d, the same 8,000 points' structure: 64 centres 15.8, 256 centres 20.6 (the dimension moves it by under 10%).
    expect(deg('n8000-m16-d128')).toBeCloseTo(15.77, 1);
    expect(deg('n8000-m16-d128-c256')).toBeCloseTo(20.64, 1);
  });
  it('neither n nor points per centre alone sets it: 31 points per centre keep 16.2 to 24.2 links, 256 centres 15.7 to 20.1', () => {
    // 31.25 points per centre: 2,000 / 64, 8,000 / 256, 32,000 / 1,024, 128,000 / 4,096 centres. More centres on the
    // sphere overlap more, and the data look more uniform at the scale of the candidates.
    const perCentre31 = ['n2000-m16-d32', 'n8000-m16-d32-c256', 'n32000-m16-d32-c1024', 'n128000-m16-d32-c4096'].map(deg);
    expect(perCentre31.map((x) => Math.round(x * 10) / 10)).toEqual([16.2, 19.0, 21.7, 24.2]);
    // 256 centres: 2,000, 8,000, 32,000 and 200,000 points: down, then up again (the model's n^0.09 rises throughout).
    const centres256 = ['n2000-m16-d32-c256', 'n8000-m16-d32-c256', 'n32000-m16-d32-c256', 'n200000-m16-d32-c256'].map(deg);
    expect(centres256.map((x) => Math.round(x * 10) / 10)).toEqual([20.1, 19.0, 15.7, 17.3]);
  });
  it('the model\'s expected degree at 8,000 points lies inside the clustered spread, and its range holds every build', () => {
    // By hand (K0 = 27 since the s22 refit, QDRANT.degreeK; the calibration data's rise below 34,000 points since s25):
    // K = 27 x (8,000 / 100,000)^0.09 + 12 ln(34,000 / 8,000) = 21.51 + 17.36 = 38.87, Kf = 0.6 x 8,000^0.75 = 507.5;
    // (32^-1.4 + 38.87^-1.4 + 507.5^-1.4)^(-1/1.4) = 21.18 links (the matrix data, 384-d, keep 21.88 at 6,650 points and
    // 20.88 at 10,000). Before s25, 15.56 (no rise).
    const expected = levelZeroDegree(16, 8000);
    expect(expected).toBeCloseTo(21.18, 1);
    const clustered = graphClusters.filter((m) => m.config.n === 8000 && m.config.d === 32 && m.config.clusters > 0).map((m) => m.hnsw_decoded!['deg0_avg']);
    expect(Math.min(...clustered)).toBeLessThan(expected);
    expect(Math.max(...clustered)).toBeGreaterThan(expected);
    for (const m of graphClusters) {
      const item = estimate(workloadFor(m.config, undefined, true)).lineItems.find((i) => i.id === 'hnsw.default.links')!;
      rows.push(`| v1.19.0 clusters ${m.config_id} | deg0 ${m.hnsw_decoded!['deg0_avg'].toFixed(2)} | links ${(m.links_file_bytes! / m.config.n).toFixed(1)} B/pt | model ${(item.bytes / m.config.n).toFixed(1)} (${pct(rel(item.bytes, m.links_file_bytes!))}) | range ${(item.range.low / m.config.n).toFixed(1)}-${(item.range.high / m.config.n).toFixed(1)} |`);
      expect(m.links_file_bytes!, m.config_id).toBeGreaterThanOrEqual(item.range.low);
      expect(m.links_file_bytes!, m.config_id).toBeLessThanOrEqual(item.range.high);
    }
  });
});

/**
 * The whole links file of every config of the v1.19.0-engine matrix (qdrant-edge-py 0.7.2, api 1.18.2-dev, which draws levels as the
 * released v1.19.0 does): within 10% where the expected degree is claimed (clustered data, segments of 30k points and
 * more), else inside the stated range. Payload-indexed builds are checked with their sub-graphs above; inline storage
 * writes another format.
 */
const matrixV119 = load(join(DIR, 'v1.19.0-matrix')).filter((m) => m.files && !m.config.sparse && !m.config.inline_storage && !m.config.payload_indexes);
describe('model vs the v1.19.0 engine: the whole links file of each matrix config (data/calibration/v1.19.0-matrix)', () => {
  for (const m of matrixV119) {
    const file = mainFiles(m, (p) => p.endsWith('/links_compressed.bin')).reduce((a, f) => a + f.apparent, 0);
    if (!file) continue;
    const rangeOnly = knownMiss(m) || LINKS_RANGE_ONLY_V119[m.config_id] !== undefined;
    const why = LINKS_RANGE_ONLY_V119[m.config_id] ?? SMALL_MULTIVECTOR_GRAPHS[m.config_id] ?? (RAW_DOT.has(m.config_id) ? 'a graph built on raw dot products' : '');
    it(`${m.config_id}: links file ${rangeOnly ? `inside the stated range (${why})` : 'within 10%'}`, () => {
      const item = estimate(workloadFor(m.config, m, true)).lineItems.find((i) => /^hnsw\.[^.]+\.links$/.test(i.id))!;
      rows.push(`| v1.19.0 links ${m.config_id} | ${(file / m.config.n).toFixed(1)} B/pt | model ${(item.bytes / m.config.n).toFixed(1)} (${pct(rel(item.bytes, file))}) | range ${(item.range.low / m.config.n).toFixed(1)}-${(item.range.high / m.config.n).toFixed(1)} |`);
      tableCell(m.config_id, 'links119', `${(file / m.config.n).toFixed(1)} B/pt (${signed(rel(item.bytes, file))}${rangeOnly ? ', range' : ''})`);
      if (rangeOnly) {
        expect(file).toBeGreaterThanOrEqual(item.range.low);
        expect(file).toBeLessThanOrEqual(item.range.high);
      } else expect(Math.abs(rel(item.bytes, file))).toBeLessThan(0.1);
    });
  }
});
/**
 * Small graphs by cause (s25, docs/accuracy.md "Small graphs by cause"): standalone segments of the matrix data (100k x
 * 384-d, 256 centres, m=16; harness.py graph_size_configs / block_graph_configs, qdrant-edge-py 0.7.2: api 1.18.2-dev, a 1.18 dev build standing in for v1.19.0 in
 * payload-blocks/v1.19.0, 0.9.0 in payload-blocks/v1.20), uniform points, ef_construct 200 and 64 centres. The
 * build has no size-dependent step besides the ef_construct candidates (graph_layers_builder.rs), so the degree against
 * n is the data's: levelZeroDegree's rise a ln+(ns / n) (a fit on these graphs) and its few-point limit Kf = c n^e
 * (a fit on the uniform ones).
 */
describe('small graphs: the level-0 degree against the graph\'s size (data/calibration/payload-blocks)', () => {
  const v119 = load(join(DIR, 'payload-blocks', 'v1.19.0'));
  const v120 = existsSync(join(DIR, 'payload-blocks', 'v1.20')) ? load(join(DIR, 'payload-blocks', 'v1.20')) : [];
  const deg = (set: Measured[], id: string) => set.find((m) => m.config_id === id)?.hnsw_decoded?.['deg0_avg'] as number;
  it('the matrix data keep 9.2 links at 50 points, 23.3 at 2,000 and 16.8 at 50,000 (17.9 at 100,000); the model is within 6% from 50 to 50,000 points', () => {
    const measured: [number, number][] = [[50, 9.24], [200, 17.32], [500, 21.42], [1000, 22.96], [2000, 23.31], [5000, 22.28], [6650, 21.88], [10_000, 20.88], [20_000, 18.97], [30_000, 17.52], [50_000, 16.79]];
    for (const [n, d] of measured) {
      expect(deg(v119, `graph-d384-n${n}`), `${n}`).toBeCloseTo(d, 1);
      rows.push(`| small graph ${n} points (v1.19.0) | deg0 ${d.toFixed(2)} | model ${levelZeroDegree(16, n).toFixed(2)} (${pct(rel(levelZeroDegree(16, n), d))}) | low ${lowAt(n).toFixed(2)} |`);
      expect(Math.abs(rel(levelZeroDegree(16, n), d)), `${n}`).toBeLessThan(0.06);
    }
    // The 100,000-point graph (base) is 17.86: the rise is gone by 50,000 points and K0 (n / n0)^x holds from there.
    expect(Math.abs(rel(levelZeroDegree(16, 100_000), 17.86))).toBeLessThan(0.01);
  });
  it('qdrant-edge-py 0.9.0 keeps the same level-0 degree as 0.7.2 on every graph measured on both (within 0.11 link: -0.108 at 500 uniform points, the parallel build\'s order)', () => {
    const both = v120.filter((m) => m.config_id.startsWith('graph-d384-') && deg(v119, m.config_id) !== undefined);
    expect(both.length).toBeGreaterThanOrEqual(15);
    for (const m of both) expect(Math.abs(m.hnsw_decoded!['deg0_avg'] - deg(v119, m.config_id)), m.config_id).toBeLessThan(0.11);
  });
  it('uniform points keep 9.7 links at 50 points, 19.2 at 200, 24.8 at 500 and 31.5 at 2,000 (full, 32, at 20,000): the few-point limit Kf = 0.6 n^0.75 is within 5%', () => {
    const p = QDRANT.degreeSmoothness.value;
    const few = (n: number) => Math.pow(Math.pow(32, -p) + Math.pow(QDRANT.degreeFewPointsK.value * Math.pow(n, QDRANT.degreeFewPointsExponent.value), -p), -1 / p);
    for (const [n, d] of [[50, 9.72], [200, 19.23], [500, 24.75], [2000, 31.52]] as const) {
      expect(deg(v119, `graph-d384-uniform-n${n}`), `${n}`).toBeCloseTo(d, 1);
      expect(Math.abs(rel(few(n), d)), `${n}`).toBeLessThan(0.05);
    }
    expect(deg(v119, 'graph-d384-uniform-n20000')).toBeGreaterThan(31.9);
    // Below 500 points the clustered data keep what uniform points keep (9.24 / 17.32 / 21.42 against 9.72 / 19.23 / 24.75).
    for (const n of [50, 200, 500]) expect(deg(v119, `graph-d384-n${n}`) / deg(v119, `graph-d384-uniform-n${n}`), `${n}`).toBeGreaterThan(0.85);
  });
  it('ef_construct moves where the rise starts, ns (ef / 100)^0.5: 64 keeps 21.5 / 17.9 / 14.9 links at 2,000 / 10,000 / 30,000 points, 200 keeps 24.6 / 24.5 / 22.4 / 21.0 / 19.6 at 2,000 to 100,000; the model within 7%', () => {
    const measured: [number, number, number][] = [[64, 2000, 21.51], [64, 10_000, 17.91], [64, 30_000, 14.88], [200, 2000, 24.64], [200, 10_000, 24.54], [200, 30_000, 22.41], [200, 50_000, 20.96], [200, 100_000, 19.56]];
    for (const [ef, n, d] of measured) {
      expect(deg(v119, `graph-d384-ef${ef}-n${n}`), `${ef} ${n}`).toBeCloseTo(d, 1);
      const model = levelZeroDegree(16, n, null, 1, { efConstruct: ef });
      rows.push(`| small graph ef_construct ${ef}, ${n} points (v1.19.0) | deg0 ${d.toFixed(2)} | model ${model.toFixed(2)} (${pct(rel(model, d))}) |`);
      expect(Math.abs(rel(model, d)), `${ef} ${n}`).toBeLessThan(0.07);
    }
  });
  it('a graph smaller than its candidates: 200 points keep 17.32 links at ef_construct 100 and 400 alike (16.66 at 32), uniform points 19.23 both (18.61 at 32); the model\'s K still grows with ef_construct there (+8.3% at 400), within 10%', () => {
    expect(deg(v119, 'graph-d384-ef400-n200')).toBeCloseTo(deg(v119, 'graph-d384-n200'), 2);
    expect(deg(v119, 'graph-d384-uniform-ef400-n200')).toBeCloseTo(deg(v119, 'graph-d384-uniform-n200'), 2);
    expect(deg(v119, 'graph-d384-ef32-n200')).toBeCloseTo(16.66, 1);
    expect(deg(v119, 'graph-d384-uniform-ef32-n200')).toBeCloseTo(18.61, 1);
    const at400 = levelZeroDegree(16, 200, null, 1, { efConstruct: 400 });
    rows.push(`| small graph 200 points, ef_construct 400 (v1.19.0) | deg0 17.32 | model ${at400.toFixed(2)} (${pct(rel(at400, 17.32))}) |`);
    const at32 = levelZeroDegree(16, 200, null, 1, { efConstruct: 32 });
    rows.push(`| small graph 200 points, ef_construct 32 (v1.19.0) | deg0 16.66 | model ${at32.toFixed(2)} (${pct(rel(at32, 16.66))}) |`);
    expect(Math.abs(rel(at400, 17.32))).toBeLessThan(0.1);
    expect(Math.abs(rel(at32, 16.66))).toBeLessThan(0.1);
  });
  it('64 centres keep less of the rise (17.9 links at 2,000 points, 16.1 at 10,000): inside the range, whose low end drops the rise', () => {
    for (const [n, d] of [[2000, 17.85], [10_000, 16.1]] as const) {
      expect(deg(v119, `graph-d384-c64-n${n}`), `${n}`).toBeCloseTo(d, 1);
      expect(lowAt(n), `${n}`).toBeLessThan(d);
      expect(levelZeroDegree(16, n)).toBeGreaterThan(d);
    }
  });
});
/**
 * Payload-indexed links files held only to the stated range, with the reason (none since s24). The sub-graphs' links
 * are merged into the level-0 records (merge_from_other / merge_block) past m0 at the full id width
 * (levelZeroRecordBits, src/model/hnsw.ts): payload-indexed went from +14.8% to +1.0%, fst10-payload-indexed from
 * +5.2% to -9.4%. s22 held fst10 (-10.3%) and fst1000 (-11.6%) to the range: their 1,000-point keyword blocks keep
 * 22.83 links per point (1.28 of the main degree) and their 2,000-point range blocks 19.85 per membership (1.11), where
 * the model took the main degree. Cause (s24): a block's sub-graph is a graph of the block's own points, whose degree
 * is that of a segment of the block's size (standalone 1,000 / 2,000 / 6,650-point segments of the same data keep
 * 22.96 / 23.31 / 21.88 links: data/calibration/payload-blocks/v1.19.0), less the links the point already holds inside
 * the block and, for a point's second range block, part of the first's in their shared histogram step (merge_from_other
 * skips both): the block degree is levelZeroDegree at the block's size (s25) and QDRANT.payloadRangeStepRepeat. Now within 10%.
 */
const PAYLOAD_LINKS_RANGE_ONLY: Record<string, string> = {};
/**
 * Multivector graphs by cause (issue #16; docs/methodology.md, "Multivector graphs"; data/calibration/multivector-graphs,
 * test/calibration/mv_degree.py on qdrant-edge-py 0.9.0, m=16, ef_construct 100, inner vectors drawn as the matrix's
 * multivec-* draw them). max_sim(a, b) sums |a| best matches (score_max_similarity) and the heuristic compares
 * max_sim(c, s) with max_sim(q, c) (links_container.rs): the degree follows how the inner counts spread, which a
 * workload does not state (maxSimBuild, src/model/hnsw.ts).
 */
describe('multivector graphs: the level-0 degree by cause (data/calibration/multivector-graphs)', () => {
  const MV = join(DIR, 'multivector-graphs');
  const mv = load(join(MV, '0.9.0'));
  const deg = (id: string) => mv.find((m) => m.config_id === id)?.hnsw_decoded?.['deg0_avg'] as number;
  const groups = (id: string) => (mv.find((m) => m.config_id === id) as unknown as { degree_by_inner_count: { groups: { inner_from: number; out_degree: number }[] } }).degree_by_inner_count.groups;
  const dense = (n: number, k: number) => resolve(parseWorkload({ points: n, multivector: { '': k }, collection: { vectors: { size: 64, distance: 'Cosine', multivector_config: { comparator: 'max_sim' } } } } as WorkloadInput)).dense[0]!;
  it('~4 inner vectors (2-6 each) keep 23.1-23.2 links at 2,000, 5,000 and 20,000 points: no rise at small n, where single vectors of the same mixture keep 21.28 (2,000, 64-d) and 18.44 (20,000, 128-d)', () => {
    for (const id of ['n2000-d128-k2-6', 'n5000-d128-k2-6', 'n20000-d128-k2-6']) {
      expect(deg(id), id).toBeGreaterThan(23.0);
      expect(deg(id), id).toBeLessThan(23.3);
    }
    // 12-20 each: 25.76 at 2,000 points, 26.24 at 8,000 (single vectors fall with n: QDRANT.degreeSparseRise).
    expect(deg('n2000-d64-k12-20')).toBeCloseTo(25.76, 2);
    expect(deg('n8000-d64-k12-20')).toBeCloseTo(26.24, 2);
    expect(deg('n2000-d64-k1-1')).toBeCloseTo(21.28, 2);
    expect(deg('n20000-d128-k1-1')).toBeCloseTo(18.44, 2);
  });
  it('equal inner counts fill the lists (29.06 / 29.20 links of 32 at 16 / 64 each on 2,000 points, 30.15 at 4 each on 20,000); counts that spread prune: 64 -> 48-80 -> 8-120 keep 29.20 -> 19.03 -> 9.84, and 4 -> 2-6 -> 1-7 keep 30.15 -> 23.16 -> 19.73', () => {
    expect(deg('n2000-d64-k16-16')).toBeCloseTo(29.06, 2);
    const chains = [['n2000-d64-k64-64', 'n2000-d64-k48-80', 'n2000-d64-k8-120'], ['n20000-d128-k4-4', 'n20000-d128-k2-6', 'n20000-d128-k1-7']];
    const want = [[29.2, 19.03, 9.84], [30.15, 23.16, 19.73]];
    chains.forEach((ids, c) => ids.forEach((id, i) => expect(deg(id), id).toBeCloseTo(want[c]![i]!, 2)));
  });
  it('how far they fall depends on the scores\' own spread: 48-80 inner vectors drawn around 4 topics per point keep 26.81 links, the independent draws 19.03; 1-127 each keep 9.22', () => {
    expect(deg('n2000-d64-k48-80-docmix0.5')).toBeCloseTo(26.81, 2);
    expect(deg('n2000-d64-k1-127')).toBeCloseTo(9.22, 2);
  });
  it('the points with fewer inner vectors keep fewer links: 2-6 each, 13.7 links at 2 and 31.3 at 6; 8-120 each, 1.5 at 8-28 and 28.6 at 98-120', () => {
    const a = groups('n2000-d64-k2-6');
    expect(a.map((g) => g.inner_from)).toEqual([2, 3, 4, 5, 6]);
    expect(a[0]!.out_degree).toBeCloseTo(13.75, 1);
    expect(a[4]!.out_degree).toBeCloseTo(31.3, 1);
    for (let i = 1; i < a.length; i++) expect(a[i]!.out_degree).toBeGreaterThan(a[i - 1]!.out_degree);
    const b = groups('n2000-d64-k8-120');
    expect(b[0]!.out_degree).toBeCloseTo(1.54, 1);
    expect(b[b.length - 1]!.out_degree).toBeCloseTo(28.65, 1);
  });
  it('the heuristic replayed on the same data (mv_heuristic.py): counts of 48-80 keep half the candidates that the same comparison divided by each side\'s count keeps (13.7 of 32 against 27.0); equal counts keep the same either way', () => {
    const h = (id: string) => JSON.parse(readFileSync(join(MV, 'heuristic', `${id}.json`), 'utf8')) as { forward_kept_asym: number; forward_kept_mean: number };
    expect(h('n2000-d64-k48-80').forward_kept_asym).toBeCloseTo(13.65, 1);
    expect(h('n2000-d64-k48-80').forward_kept_mean).toBeCloseTo(27.03, 1);
    for (const id of ['n2000-d64-k64-64', 'n2000-d64-k16-16', 'n20000-d128-k4-4']) expect(h(id).forward_kept_asym, id).toBe(h(id).forward_kept_mean);
  });
  it('every build lies inside the model\'s range (low end x0.08 for max_sim builds, high end 2m = 32); 8-120 each (9.84) was under the single-vector low end (11.24 at 2,000 points)', () => {
    for (const m of mv) {
      const n = m.config.n as number;
      const d = dense(n, (m.config.lo + m.config.hi) / 2);
      const { factor, build } = lowDegreeBuild(d);
      expect(factor).toBe(0.08);
      const low = levelZeroDegree(16, n, null, factor, build);
      expect(m.hnsw_decoded!['deg0_avg'], m.config_id).toBeGreaterThanOrEqual(low);
      expect(m.hnsw_decoded!['deg0_avg'], m.config_id).toBeLessThanOrEqual(32);
    }
    // The former low end: 0.8 x (32^-1.4 + 19.00^-1.4 + 178.9^-1.4)^(-1/1.4) = 0.8 x 14.05 = 11.24 links at 2,000 points.
    expect(levelZeroDegree(16, 2000, null, 0.8, { efConstruct: 100, dataRise: false })).toBeCloseTo(11.24, 2);
    expect(deg('n2000-d64-k8-120')).toBeLessThan(11.24);
  });
  it('the pre-1.19 engine (qdrant-edge-py 0.7.2, api 1.18.2-dev) keeps the same degree (8-120 each: 9.82 links against 9.84; 4 each on 20,000 points: 30.14 against 30.15), and its links files lie inside the model\'s range', () => {
    const v119 = load(join(MV, '0.7.2'));
    expect(v119.length).toBeGreaterThanOrEqual(1);
    expect(v119.find((m) => m.config_id === 'n2000-d64-k8-120')!.hnsw_decoded!['deg0_avg']).toBeCloseTo(9.82, 2);
    expect(v119.find((m) => m.config_id === 'n20000-d128-k4-4')!.hnsw_decoded!['deg0_avg']).toBeCloseTo(30.14, 2);
    for (const m of v119) {
      const c = m.config;
      const w = workloadFor({ n: c.n, d: c.d, distance: 'Cosine', dtype: 'float32', m: 16, ef: 100, multivector: true, full_scan_threshold_kb: 10_000, indexing_threshold_kb: 1 }, undefined, true);
      w.multivector = { '': (m as unknown as { multivector_inner_vectors: number }).multivector_inner_vectors / c.n };
      const item = estimate(w).lineItems.find((i) => i.id === 'hnsw.default.links')!;
      expect(m.links_file_bytes!, m.config_id).toBeGreaterThanOrEqual(item.range.low);
      expect(m.links_file_bytes!, m.config_id).toBeLessThanOrEqual(item.range.high);
    }
  });
  it('docs/methodology.md\'s worked example, multivec-64 (2,000 points of ~64 inner vectors): expected 23.05 links, low end 0.08 x 14.05 = 1.12; measured 19.10 (0.9.0) and 19.04 (v1.19.0) lie inside', () => {
    const d = dense(2000, 64);
    expect(levelZeroDegree(16, 2000, null, 1, degreeContext(d))).toBeCloseTo(23.05, 2);
    const { factor, build } = lowDegreeBuild(d);
    expect(levelZeroDegree(16, 2000, null, factor, build)).toBeCloseTo(0.08 * 14.05, 2);
    for (const set of [DIR, join(DIR, 'v1.19.0-matrix')]) {
      const m = load(set).find((x) => x.config_id === 'multivec-64')!;
      expect(m.hnsw_decoded!['deg0_avg']).toBeGreaterThan(19.0);
      expect(m.hnsw_decoded!['deg0_avg']).toBeLessThan(19.11);
    }
  });
});

/**
 * The keyword field's payload sub-graphs alone (s22: fst1000-payload-indexed with the category field only, qdrant-edge-py
 * 0.9.0, test/calibration/harness.py payload_block_configs): how many level-0 links its 1,000-point value blocks add per
 * point, against the same data unindexed (payload-noindex, 17.88), and the links file against the model's range.
 */
describe('payload sub-graphs taken apart (data/calibration/payload-blocks)', () => {
  const kw = load(join(DIR, 'payload-blocks')).find((m) => m.config_id === 'fst1000-keyword-only');
  const both = load(DIR).find((m) => m.config_id === 'fst1000-payload-indexed');
  const plain = load(DIR).find((m) => m.config_id === 'payload-noindex');
  // Standalone segments of a block's size drawn from the same mixture (harness.py block_graph_configs, qdrant-edge-py
  // 0.7.2): the degree of a graph of the block's own points.
  const graphs = load(join(DIR, 'payload-blocks', 'v1.19.0')).filter((m) => m.config_id.startsWith('graph-d384-n'));
  const deg = (n: number) => graphs.find((m) => m.config.n === n)?.hnsw_decoded?.['deg0_avg'] as number;
  it('a block sub-graph keeps the degree of a graph of its own points: 1,000 / 2,000 / 6,650-point segments of the matrix data keep 1.22-1.30 of the 100k degree, and the keyword\'s 1,000-point blocks add that degree less the main links inside them', () => {
    expect(graphs.length).toBeGreaterThanOrEqual(3);
    const main = plain!.hnsw_decoded!['deg0_avg'];
    const ratios = [1000, 2000, 6650].map((n) => deg(n) / main);
    rows.push(`| standalone graphs of a block's size | deg0 ${[1000, 2000, 6650].map((n) => `${n}: ${deg(n).toFixed(2)}`).join(', ')} against ${main.toFixed(2)} at 100k: ${ratios.map((r) => r.toFixed(3)).join(' / ')} |`);
    // 22.96 / 17.88 = 1.284, 23.31 / 17.88 = 1.304, 21.88 / 17.88 = 1.224
    expect(ratios[0]).toBeCloseTo(1.284, 2);
    expect(ratios[1]).toBeCloseTo(1.304, 2);
    expect(ratios[2]).toBeCloseTo(1.224, 2);
    // The model's block degree is the level-0 degree at the block's size (levelZeroDegree(16, b)), within 3% of each.
    for (const n of [1000, 2000, 6650]) expect(Math.abs(levelZeroDegree(16, n) / deg(n) - 1), `${n}`).toBeLessThan(0.03);
    // The keyword's 1,000-point blocks (one per point) add 40.71 - 17.88 = 22.83: the 1,000-point graph's 22.96 less the
    // main graph's links inside the block, 17.88 x 1,000 / 100,000 = 0.18: 22.78, within 0.5%.
    const keyword = kw!.hnsw_decoded!['deg0_avg'] - main;
    expect(Math.abs(keyword / (deg(1000) - (main * 1000) / 100_000) - 1)).toBeLessThan(0.005);
  });
  it('fst1000-keyword-only: the keyword blocks keep 1.28 of the main degree, inside the stated ratio range; the links file inside the model range', () => {
    expect(kw && both && plain).toBeTruthy();
    const main = plain!.hnsw_decoded!['deg0_avg'];
    const keyword = kw!.hnsw_decoded!['deg0_avg'] - main; // one block per point
    const range = (both!.hnsw_decoded!['deg0_avg'] - kw!.hnsw_decoded!['deg0_avg']) / QDRANT.payloadRangeBlockMemberships.value;
    // 40.71 - 17.88 = 22.83 (1.277); (80.42 - 40.71) / 2 = 19.85 (1.111)
    expect(keyword / main).toBeCloseTo(1.277, 2);
    expect(range / main).toBeCloseTo(1.111, 2);
    // The model's 1,000-point block degree less the main links inside it, against the keyword's 22.83: within 3%.
    expect(Math.abs((levelZeroDegree(16, 1000) - (levelZeroDegree(16, 100_000) * 1000) / 100_000) / keyword - 1)).toBeLessThan(0.03);
    const file = mainFiles(kw!, (p) => /\/links[^/]*\.bin$/.test(p)).reduce((a, f) => a + f.apparent, 0);
    const items = estimate(workloadFor(kw!.config, kw!)).lineItems.filter((x) => /^hnsw\.default\.(links|payload-links\.[^.]+)$/.test(x.id));
    const model = items.reduce((a, x) => a + x.bytes, 0);
    rows.push(`| 0.9.0 fst1000-keyword-only graph | links file ${(file / 1e6).toFixed(2)} MB vs model ${(model / 1e6).toFixed(2)} MB (${pct(rel(model, file))}) | keyword blocks ${keyword.toFixed(2)} links/pt (${(keyword / main).toFixed(3)} of main), range blocks ${range.toFixed(2)} per membership |`);
    expect(items.some((x) => x.id === 'hnsw.default.payload-links.category')).toBe(true);
    expect(items.some((x) => x.id === 'hnsw.default.payload-links.price')).toBe(false);
    expect(file).toBeGreaterThanOrEqual(items.reduce((a, x) => a + x.range.low, 0));
    expect(file).toBeLessThanOrEqual(items.reduce((a, x) => a + x.range.high, 0));
  });
});
/** v1.19.0-engine links files held only to the stated range, with the reason. */
const LINKS_RANGE_ONLY_V119: Record<string, string> = {
  // (nsweep-d128-m32-n100k was listed here until s28, at +11% when the degree was not yet refitted; since s25 it is +7.6%,
  // and +8.0% in 0.9.0's level-0 bytes: within 10% on both engines, though its degree is not monotone in n: 21.0 links at
  // 30k, 20.4 at 100k, 24.5 at 300k, 28.2 at 1M.)
};

/**
 * Resident RAM: the live heap of a loaded shard, i.e. the growth of RssAnon from before EdgeShard.load to
 * after 300 searches, each read after glibc's malloc_trim(0), the shard's minus the empty shard's
 * (derived.live_heap_RssAnon_bytes_above_empty; test/calibration/harness.py, malloc_trim). Without the trim,
 * RssAnon also counts the load's freed temporaries that glibc keeps (about 8-12 MB a load; Qdrant's
 * server runs jemalloc, which returns them), and once counted heap freed before the load, which the load
 * reuses: that made the old "loaded-shard constant" swing from 1 to 13 MB (docs/accuracy.md).
 * Checked on both engines: the 0.9.0 main matrix and the same matrix on 0.7.2 (api 1.18.2-dev, a 1.18 dev build; not Qdrant's v1.19.0 tag).
 */
const LIVE = 'live_heap_RssAnon_bytes_above_empty';
/**
 * The same shard loaded without its WAL (test/calibration/harness.py, measure_loads): EdgeShard.load replays every
 * retained WAL entry (qdrant-edge 0.9.0 crate, src/edge/edge_shard/update.rs, replay_wal), deserializing each operation
 * whole before skipping it as applied; on glibc malloc the replay leaves pages pinned by a few surviving allocations
 * (measured with heaptrack: 189 KB of replay allocations live after the load of multivec-32, in pages of a 138 MiB
 * transient). The server replays its WAL on jemalloc, which returns them. Where a run has this figure, the 0.9.0 suite
 * compares the model with it and reports both.
 */
const LIVE_NO_WAL = 'live_heap_no_wal_RssAnon_bytes_above_empty';
/**
 * The model's heap items that the in-process engine holds: the resident line items without the per-process ones and
 * without `heap.unattributed`, the heap the real server holds beyond its structures (jemalloc; measured on the server
 * only, docs/accuracy.md). The harness measures trimmed glibc heap, which holds none beyond the structures: at Qdrant's
 * default full_scan_threshold, 100k x 384-d holds 4.15 MB against 4.18 MB of modelled structures (base.json); the
 * 8 B/point that this term was first fitted to in-process was the graph's entry points at full_scan_threshold 10 KB
 * (now their own line item, hnsw.*.entry-points). `legacy`: qdrant-edge-py 0.7.2 also holds an in-RAM graph on its
 * heap, where the v1.19.0 server maps it (qsize follows the server; page cache).
 */
const inProcessHeap = (e: Estimate, legacy: boolean) =>
  e.lineItems.filter(
    (i) =>
      // heap.shards and heap.segments: the shard's and its segments' fixed heap, which the measurement (above an empty
      // shard) subtracts; the suite adds its own loaded-shard constant for the one segment.
      (i.residency === 'ram' && !i.id.startsWith('process.') && !['heap.shards', 'heap.segments', 'heap.unattributed'].includes(i.id)) ||
      (legacy && i.residency === 'cache' && i.structure === 'hnsw'),
  );
/**
 * The live-heap checks of one folder of runs. `matrix`: the folder holds the calibration matrix, whose slope, heap-copy
 * and residency comparisons between configs run too; otherwise (v1.19.0-small) only the per-config comparison.
 */
function ramSuite(title: string, dir: string, legacy: boolean, minConfigs: number, matrix = true, loadedShard?: number) {
  describe(title, () => {
    const ms = load(dir).filter((x) => (!legacy || !x.config.id_tracker_memory) && x.derived?.[LIVE] !== undefined);
    const byId = new Map(ms.map((m) => [m.config_id, m]));
    const live = (id: string) => {
      const v = byId.get(id)?.derived?.[LIVE] as number | undefined;
      if (v === undefined) throw new Error(`${dir}: no measurement for ${id}`);
      return v;
    };
    const wl = (m: Measured) => workloadFor(m.config, m, legacy);
    // 0.7.2 keeps an in-RAM graph on its heap (the v1.19.0 server maps it: see the live-heap suite below).
    const heap = (e: Estimate, pred: (id: string) => boolean) => inProcessHeap(e, legacy).filter((i) => pred(i.id)).reduce((a, i) => a + i.bytes, 0);
    const tag = legacy ? 'v1.19.0' : '0.9.0';

    it(`has the live-heap measurements (at least ${minConfigs} configs)`, () => {
      expect(ms.length).toBeGreaterThanOrEqual(minConfigs);
    });

    if (matrix) it('per-point live heap (the slope from 100k to 1M points, 128-d, m=16) is within 10% of the model', () => {
      const a = byId.get('nsweep-d128-m16-n100k')!;
      const b = byId.get('nsweep-d128-m16-n1m')!;
      const measured = (live(b.config_id) - live(a.config_id)) / (b.config.n - a.config.n);
      const model = (heap(estimate(wl(b)), (id) => id !== 'process.baseline') - heap(estimate(wl(a)), (id) => id !== 'process.baseline')) / (b.config.n - a.config.n);
      rows.push(`| ${tag} live-heap slope | model ${model.toFixed(1)} B/pt vs measured ${measured.toFixed(1)} B/pt (${pct(rel(model, measured))}) |`);
      expect(Math.abs(rel(model, measured))).toBeLessThan(0.1);
    });

    // Each pinned structure's heap copy: the live-heap difference against the same config without it.
    // The first matrix's configs were built at full_scan_threshold 10 KB (their base: fst10-base); the coverage
    // configs at the default (their base: base).
    const deltas: [string, string, (id: string) => boolean][] = [
      ...['sq8', 'pq16', 'pq32', 'bq1', 'bq1.5', 'bq2', 'tq1', 'tq1.5', 'tq2', 'tq4'].map(
        (q) => [`quant-${q}`, 'fst10-base', (id: string) => id.startsWith('quantization.')] as [string, string, (id: string) => boolean],
      ),
      ...['pq4', 'pq8', 'pq64'].map((q) => [`quant-${q}`, 'base', (id: string) => id.startsWith('quantization.')] as [string, string, (id: string) => boolean]),
      ['res-sq8-veccold-qpinned', 'res-vec-cold', (id) => id.startsWith('quantization.')],
      // The two field indexes' heap (struct-derived, independent of the measurement).
      ['fst10-payload-indexed', 'payload-noindex', (id) => id.startsWith('payload-index.')],
      // The entry points alone: the same shard at full_scan_threshold 10 KB (99,999 entries) and 10,000 KB (150).
      ['fst10-base', 'base', (id) => id.includes('.entry-points')],
    ];
    // v1.19.0 holds the graph on the heap, and a quantized or payload-indexed build draws a different graph
    // (its links file differs by up to 12 MB): there each live heap is taken net of its own links file,
    // which the graph tests check separately.
    // (The links file only: graph.bin's entry points are a modelled heap line of their own.)
    const graphFile = (id: string) => (legacy ? mainFiles(byId.get(id)!, (p) => /\/links[^/]*\.bin$/.test(p)).reduce((a, f) => a + f.apparent, 0) : 0);
    for (const [withIt, without, pred] of deltas.filter(([a, b]) => matrix && present([a, b], dir).length === 2)) {
      it(`${withIt}: the heap it adds is within 10% of the measured live-heap difference to ${without}${legacy ? ' (net of the graph)' : ''}`, () => {
        const a = byId.get(withIt)!;
        const b = byId.get(without)!;
        const measured = live(withIt) - graphFile(withIt) - (live(without) - graphFile(without));
        const model = heap(estimate(wl(a)), pred) - heap(estimate(wl(b)), pred);
        rows.push(`| ${tag} ${withIt} heap | model ${(model / 1e6).toFixed(2)} MB vs measured ${(measured / 1e6).toFixed(2)} MB (${pct(rel(model, measured))}) |`);
        expect(Math.abs(rel(model, measured))).toBeLessThan(0.1);
      });
    }

    if (!legacy && matrix) {
      it('res-hnsw-pinned: a pinned graph is a heap copy of the links file (live-heap difference within 10% of the file)', () => {
        // Compared with the engine's own file, not the model's graph size: qdrant-edge-py 0.9.0 draws levels
        // differently from v1.19.0 (see the graph tests above). (0.7.2 has no legacy field for a pinned graph.)
        const a = byId.get('res-hnsw-pinned')!;
        const measured = live('res-hnsw-pinned') - live('fst10-base');
        const file = a.hnsw_decoded?.['file_bytes'] as number;
        const e = estimate(wl(a));
        expect(e.lineItems.find((i) => i.id === 'hnsw.default.links.heap')?.residency).toBe('ram');
        rows.push(`| res-hnsw-pinned heap | links file ${(file / 1e6).toFixed(2)} MB vs measured ${(measured / 1e6).toFixed(2)} MB (${pct(rel(file, measured))}) |`);
        expect(Math.abs(rel(file, measured))).toBeLessThan(0.1);
      });
    }

    if (legacy) for (const id of present(['payload-indexed', 'res-payload-cached', 'fst10-payload-indexed', 'fst1000-payload-indexed'], dir)) {
      it(`${id}: the links file with its payload sub-graphs (keyword value blocks, integer range blocks) is within 10% of the model`, () => {
        const m = byId.get(id)!;
        const file = mainFiles(m, (p) => /\/links[^/]*\.bin$/.test(p)).reduce((a, f) => a + f.apparent, 0);
        const model = sumItems(estimate(wl(m)), (id) => /^hnsw\.default\.(links|payload-links)/.test(id));
        rows.push(`| v1.19.0 ${id} graph | links file ${(file / 1e6).toFixed(2)} MB vs model ${(model / 1e6).toFixed(2)} MB (${pct(rel(model, file))}) |`);
        tableCell(id, 'links119', `${(file / 1e6).toFixed(2)} MB vs model ${(model / 1e6).toFixed(2)} MB (${signed(rel(model, file))}${PAYLOAD_LINKS_RANGE_ONLY[id] ? ', range' : ''})`);
        const why = PAYLOAD_LINKS_RANGE_ONLY[id];
        if (why) {
          const items = estimate(wl(m)).lineItems.filter((x) => /^hnsw\.default\.(links|payload-links\.[^.]+)$/.test(x.id));
          expect(file).toBeGreaterThanOrEqual(items.reduce((a, x) => a + x.range.low, 0));
          expect(file).toBeLessThanOrEqual(items.reduce((a, x) => a + x.range.high, 0));
        } else expect(Math.abs(rel(model, file))).toBeLessThan(0.1);
      });
    }

    if (matrix) it('cold quantized vectors with cold originals add no heap (within 0.5 MB)', () => {
      expect(Math.abs(live('res-sq8-veccold-qcold') - live('res-vec-cold'))).toBeLessThan(0.5e6);
    });

    /**
     * Every config: the model's heap line items (without the per-process baseline) plus the loaded-shard
     * constant (QDRANT.loadedShardHeapBytes) against the measured live heap, within 10%, except where
     * KNOWN_MISS gives the reason; there the stated range must hold (or, for a listed version
     * difference, the direction of the miss).
     */
    const known = legacy ? KNOWN_MISS_V119 : loadedShard !== undefined ? KNOWN_MISS_090_TCACHE_OFF : KNOWN_MISS_090;
    // qsize's constant is the v1.19.0 engine's; 0.9.0's searches keep 0.3 MB more (0.27-0.74 MB over its
    // n-sweep runs: data/calibration/nsweep-d128-*.json), so its suite uses its own.
    const C = loadedShard ?? (legacy ? QDRANT.loadedShardHeapBytes.value : LOADED_SHARD_HEAP_090);
    const Clo = QDRANT.loadedShardHeapLowBytes.value;
    const Chi = QDRANT.loadedShardHeapHighBytes.value;
    const errors: { rel: number; known: boolean }[] = [];
    for (const m of ms) {
      const id = m.config_id;
      const label = known[id] ? `known miss: ${known[id]!.why}` : legacy ? `within 10% or ${(REBUILD_SPREAD_V119 / 1e3).toFixed(1)} KB (the spread between rebuilds)` : 'within 10%';
      const noWal = legacy ? undefined : (m.derived?.[LIVE_NO_WAL] as number | undefined);
      it(`${id}: live heap (modelled heap + loaded-shard constant) vs the measured live heap above the empty shard${noWal !== undefined ? ' (loaded without its WAL replay)' : ''}${legacy ? ', net of the graph' : ''}: ${label}`, () => {
        // qdrant-edge-py 0.7.2 (api 1.18.2-dev, in process) holds an in-RAM graph file on its heap, where the v1.19.0
        // server maps it (page cache: data/calibration/server-v1.19.0/, docs/accuracy.md). The graph's size is held by
        // the links-file tests (10%, or its range where listed); here, for this engine, the heap is taken net of the
        // engine's own links file and the model net of its modelled graph, so each structure answers to its own bar.
        const items = inProcessHeap(estimate(wl(m)), legacy);
        const graph = legacy ? items.filter((i) => i.residency === 'cache' && i.structure === 'hnsw') : [];
        const rest = items.filter((i) => !graph.includes(i));
        const measured = (noWal ?? live(id)) - (graph.length > 0 ? graphFile(id) : 0);
        const model = rest.reduce((a, i) => a + i.bytes, 0) + C;
        const lo = rest.reduce((a, i) => a + i.range.low, 0) + Clo;
        const hi = rest.reduce((a, i) => a + i.range.high, 0) + Chi;
        const withWal = noWal !== undefined ? ` (with the WAL replay ${(live(id) / 1e6).toFixed(2)} MB, ${pct(rel(model, live(id)))})` : '';
        // v1.19.0: within 10%, or within the spread between two builds of one config where that is more (shards under
        // 0.2 MB of heap; REBUILD_SPREAD_V119).
        const within10 = Math.abs(rel(model, measured)) < 0.1;
        const shown = known[id] ? label : within10 ? 'within 10%' : legacy ? `within the spread between rebuilds (${(Math.abs(model - measured) / 1e3).toFixed(1)} of ${(REBUILD_SPREAD_V119 / 1e3).toFixed(1)} KB)` : 'OUTSIDE 10%';
        rows.push(`| ${tag} ram ${id} | ${(measured / 1e6).toFixed(2)} MB${withWal} | ${(model / 1e6).toFixed(2)} MB (${pct(rel(model, measured))}) | range ${(lo / 1e6).toFixed(2)}-${(hi / 1e6).toFixed(2)} | ${shown} |`);
        if (matrix) {
          const replay = noWal !== undefined ? ` (${(live(id) / 1e6).toFixed(2)} with the WAL replay)` : '';
          tableCell(id, legacy ? 'heap119' : 'heap090', `${(measured / 1e6).toFixed(2)} MB${replay} / ${(model / 1e6).toFixed(2)} MB (${signed(rel(model, measured))}${known[id] ? ', known miss' : ''})`);
        }
        errors.push({ rel: rel(model, measured), known: known[id] !== undefined });
        const k = known[id];
        if (k?.kind === 'above-range') expect(measured).toBeGreaterThan(hi);
        else if (k) {
          expect(measured).toBeGreaterThanOrEqual(lo);
          expect(measured).toBeLessThanOrEqual(hi);
        } else expect(Math.abs(model - measured)).toBeLessThan(legacy ? Math.max(0.1 * measured, REBUILD_SPREAD_V119) : 0.1 * measured);
      });
    }
    // After the configs (vitest keeps the order): the suite's line in docs/accuracy.md ("The live heap, suite by suite").
    it('summarises the suite for docs/accuracy.md', () => {
      const sorted = errors.map((x) => x.rel).sort((a, b) => a - b);
      const median = Math.abs(sorted.map(Math.abs).sort((a, b) => a - b)[Math.floor(sorted.length / 2)] ?? 0);
      const within = errors.filter((x) => Math.abs(x.rel) < 0.1).length;
      const misses = errors.filter((x) => x.known).length;
      suiteRows.push(
        `| ${tag}${loadedShard !== undefined ? ", glibc's tcache off" : ''} (\`${dir}\`) | ${errors.length} | ${within} | ${misses} | ${signed(sorted[0] ?? 0)} to ${signed(sorted[sorted.length - 1] ?? 0)} | ${(median * 100).toFixed(1)}% |`,
      );
    });
  });
}
/** One line per live-heap suite: configs, within 10%, listed misses, the spread of the model's error, the median |error|. */
const suiteRows: string[] = [];

/** qdrant-edge-py 0.9.0's loaded-shard constant: the median over its 15 128-d n-sweep runs of the heap beyond the model. */
const LOADED_SHARD_HEAP_090 = 0.45e6;
/**
 * The same with glibc's per-thread cache off in the load processes: the median over the 15 n-sweeps of
 * data/calibration/tcache-off/ (0.267-0.349 MB, median 0.304; with glibc's defaults 0.443). What goes is the search
 * threads' cache. What stays is not the engine's heap: heaptrack finds 17-31 KB of live allocations beyond the modelled
 * structures (the indexed segment's bookkeeping), the rest glibc's page residue, 0.20-0.31 MB in an indexed segment's
 * shard and 0.025 MB in a plain one ("what a loaded shard allocates (heaptrack, 0.9.0 engine)", below). The server
 * links jemalloc and is measured on its own (server.test.ts); qsize's heap line items carry no such constant.
 */
const LOADED_SHARD_HEAP_090_TCACHE_OFF = 0.304e6;

interface KnownMiss { kind: 'range' | 'above-range'; why: string }
/** Where the live heap misses 10% on qdrant-edge-py 0.9.0 (after v1.19.0), with the reason. */
/**
 * Where the live heap misses 10% on qdrant-edge-py 0.9.0 with glibc's tcache off (the whole matrix, data/calibration/tcache-off,
 * against LOADED_SHARD_HEAP_090_TCACHE_OFF), with the reason; the measured value must be inside the stated range. With the
 * search threads' cache gone the shards hold less, and where a shard's heap is small the loaded-shard constant's own
 * spread decides the 10%.
 */
const KNOWN_MISS_090_TCACHE_OFF: Record<string, KnownMiss> = {
  'multivec-32': {
    kind: 'range',
    why: '3,000 points: heaptrack finds 0.131 MB of live allocations, the modelled structures (0.112 MB) and 18 KB of the indexed segment\'s bookkeeping; the rest of its 0.348 MB of RssAnon is glibc\'s page residue, 0.217 MB, under the n-sweeps\' 0.26-0.31 MB that set the constant (0.304): 70 KB, +19.6% of a 0.35 MB heap; with glibc\'s defaults the multivector searches\' tcache residue covered it (-9.7%); v1.19.0 +8.3%',
  },
  'multivec-64': {
    kind: 'range',
    why: '2,000 points: heaptrack finds 0.092 MB of live allocations, the modelled structures (0.075 MB) and 17 KB of the indexed segment\'s bookkeeping; the rest of its 0.299 MB of RssAnon is glibc\'s page residue, 0.207 MB, under the n-sweeps\' 0.26-0.31 MB: 80 KB, +26.8% of a 0.30 MB heap; with glibc\'s defaults -0.6%; v1.19.0 +6.7%',
  },
  'idx-threshold-plain': {
    kind: 'range',
    why: 'one plain (unindexed) segment of 30k points, taken apart with heaptrack: 1.683 MB of live allocations, all but 0.7 KB the mutable id tracker (56.1 B per point with its vectors\' capacity, 32,768 slots; the model counts the 30,000 ids written and the versions vector whole, as the server\'s jemalloc holds it, 55.4: -1.3%), and 0.025 MB of page residue, where indexed segments leave 0.20-0.31 MB (the constant, 0.304 MB, is theirs); with glibc\'s defaults the searches\' residue makes it +5.2%, and v1.19.0 is +0.9%',
  },
};
const KNOWN_MISS_090: Record<string, KnownMiss> = {
  'hnsw-m64-ef200': {
    kind: 'range',
    why: '0.9.0 holds 0.33 MB more than modelled, also without the WAL replay (2.64 MB): glibc\'s per-thread cache (tcache) in the search threads, not a structure: with tcache off the shard holds 2.18 MB after 300 and after 1,000 searches, its m=16 twin 2.15, and heaptrack finds the same live allocations in both (data/calibration/heap-residue); v1.19.0 measures the same shard at -3.7% of the model, its graph on the heap; re-measured with tcache off, against the constant taken the same way, within 10% (data/calibration/tcache-off)',
  },
  'hnsw-m64-ef400': {
    kind: 'range',
    why: 'glibc\'s tcache in the search threads, as for hnsw-m64-ef200, and it varies: first measured at 2.65 MB (-12.8%; five loads 2.88-3.04 MB above the pre-load heap), re-measured with the no-WAL load on a rebuilt shard at 2.32 MB (-0.2%; loads 2.42-2.93; with the WAL replay 2.25), and with tcache off 2.27 MB after 300 searches and 2.23 after 1,000 (data/calibration/heap-residue): listed because that residue, not a structure, decides the 10%; v1.19.0 measures the same shard at -5.0% of the model, its graph on the heap; re-measured with tcache off, against the constant taken the same way, within 10% (data/calibration/tcache-off)',
  },
  'multivec-4': {
    kind: 'range',
    why: 'loaded without its WAL replay, 0.15 MB (7.5 B per point) more than modelled: heaptrack finds 6 KB of live allocations after the 300 searches, and with glibc\'s tcache off the shard holds 1.04 MB after 300 and 1.05 after 1,000 searches (1.27 and 1.33 with glibc\'s defaults: data/calibration/heap-residue), so it is the search threads\' tcache residue of the multivector scoring, not a structure (multivec-32 -9.7%, multivec-64 -0.6%, multivec-d128 -8.7%); re-measured with tcache off, against the constant taken the same way, within 10% (data/calibration/tcache-off)',
  },
};
/** Where the live heap misses its bar on qdrant-edge-py 0.7.2 (api 1.18.2-dev, a 1.18 dev build), with the reason: none since s23-mv
 * (uniform-random data is stated as hnswDegreeRatio 1 in workloadFor; the shards under 0.2 MB are held to the spread
 * between rebuilds, REBUILD_SPREAD_V119). */
const KNOWN_MISS_V119: Record<string, KnownMiss> = {};

/**
 * Two builds of one config differ in live heap on the v1.19.0 engine (trimmed RssAnon above the empty shard) by up to
 * this much, where five loads of one build agree to the page: glibc's page residue, not a structure (heaptrack finds
 * the same live allocations in every shard: "what a loaded shard allocates" below; docs/accuracy.md, "The
 * loaded-shard constant taken apart"). data/calibration/v1.19.0-small/remeasured/ rebuilt multivec-32 (0.258 -> 0.279
 * MB), multivec-64 (0.172 -> 0.156) and small-d128-n3000 (0.246 both). Where 10% of a shard's heap is less than this
 * (under 0.2 MB), the v1.19.0 suite holds the model to it instead, as graph.bin is held to 1% or 4 KB.
 */
const REMEASURED = load(join(DIR, 'v1.19.0-small', 'remeasured'));
const REBUILD_SPREAD_V119 = Math.max(
  ...REMEASURED.map((m) => {
    const first = [...load(join(DIR, 'v1.19.0-matrix')), ...load(join(DIR, 'v1.19.0-small'))].find((x) => x.config_id === m.config_id)!;
    return Math.abs((m.derived![LIVE] as number) - (first.derived![LIVE] as number));
  }),
);
describe('rebuilds of one small shard (v1.19.0 engine, data/calibration/v1.19.0-small/remeasured)', () => {
  it('multivec-32 and multivec-64 rebuilt move their live heap by 20.5 and 16.4 KB, more than 10% of their heap net of the links file (0.14 and 0.11 MB); the spread the suite allows is the larger, 20.5 KB', () => {
    expect(REMEASURED.map((m) => m.config_id).sort()).toEqual(['multivec-32', 'multivec-64', 'small-d128-n3000']);
    // 278,528 - 258,048 = 20,480 B (multivec-32); 172,032 - 155,648 = 16,384 B (multivec-64); small-d128-n3000 245,760 both.
    expect(REBUILD_SPREAD_V119).toBe(20_480);
    for (const [id, net] of [['multivec-32', 140_750], ['multivec-64', 108_049]] as const) {
      const a = load(join(DIR, 'v1.19.0-matrix')).find((x) => x.config_id === id)!.derived![LIVE] as number;
      const b = REMEASURED.find((x) => x.config_id === id)!.derived![LIVE] as number;
      rows.push(`| v1.19.0 rebuild ${id} | ${(a / 1e6).toFixed(3)} -> ${(b / 1e6).toFixed(3)} MB (${((b - a) / 1e3).toFixed(1)} KB, ${pct((b - a) / net)} of the heap net of the links file) |`);
      expect(Math.abs(b - a) / net).toBeGreaterThan(0.1);
    }
  });
});

/**
 * The loaded-shard constant (v1.19.0) is what the engine's shards of 2k-30k points hold beyond their modelled structures
 * and links file: their median, from the matrix (10 KB n-sweeps, multivectors, dim-3072) and the small dense shards at
 * the default threshold (v1.19.0-small). heaptrack takes it apart: 15-17 KB of live allocations that every shard holds
 * whatever its size, the rest glibc's page residue.
 */
describe('the loaded-shard constant (v1.19.0): what shards of 2k-30k points hold beyond their structures', () => {
  const runs = [...load(join(DIR, 'v1.19.0-matrix')), ...load(join(DIR, 'v1.19.0-small'))].filter(
    (m) => m.config.n <= 30_000 && m.derived?.[LIVE] !== undefined && (m.config.indexing_threshold_kb ?? 1) === 1,
  );
  const beyond = runs.map((m) => {
    const links = mainFiles(m, (p) => /\/links[^/]*\.bin$/.test(p)).reduce((a, f) => a + f.apparent, 0);
    const items = inProcessHeap(estimate(workloadFor(m.config, m, true)), true).filter((i) => !(i.residency === 'cache' && i.structure === 'hnsw'));
    return (m.derived![LIVE] as number) - links - items.reduce((a, i) => a + i.bytes, 0);
  });
  it('17 shards (the plain idx-threshold-plain left out: no graph, the mutable id tracker); the constant is their median within 1 KB', () => {
    expect(runs.length).toBe(17);
    const sorted = [...beyond].sort((x, y) => x - y);
    const median = sorted[(sorted.length - 1) / 2]!;
    rows.push(`| v1.19.0 loaded-shard constant | ${(QDRANT.loadedShardHeapBytes.value / 1e6).toFixed(3)} MB | median ${(median / 1e6).toFixed(3)} MB of ${runs.length} shards, ${(sorted[0]! / 1e6).toFixed(3)}-${(sorted[sorted.length - 1]! / 1e6).toFixed(3)} |`);
    expect(Math.abs(median - QDRANT.loadedShardHeapBytes.value)).toBeLessThan(1_000);
    expect(sorted[0]!).toBeGreaterThanOrEqual(QDRANT.loadedShardHeapLowBytes.value);
    expect(sorted[sorted.length - 1]!).toBeLessThanOrEqual(QDRANT.loadedShardHeapHighBytes.value);
  });
});

/**
 * qdrant-edge-py 0.9.0 with glibc's per-thread cache off (test/calibration/harness.py --remeasure-ram --tcache-off,
 * data/calibration/tcache-off/): the 15 n-sweeps and the three configs whose 0.9.0 miss is that cache's residue
 * (KNOWN_MISS_090), rebuilt and loaded with GLIBC_TUNABLES=glibc.malloc.tcache_count=0 in the load processes. Their
 * loaded-shard constant is taken the same way as LOADED_SHARD_HEAP_090 (the median over the 15 n-sweeps of the live
 * heap beyond the modelled structures), under the same allocator setting as the runs it is added to.
 */
const TCACHE_OFF = load(join(DIR, 'tcache-off'));
const beyond090 = (m: Measured) =>
  ((m.derived?.[LIVE_NO_WAL] ?? m.derived![LIVE]) as number) - inProcessHeap(estimate(workloadFor(m.config, m, false)), false).reduce((a, i) => a + i.bytes, 0);
describe('qdrant-edge-py 0.9.0 with glibc\'s tcache off: the loaded-shard constant without the search threads\' residue', () => {
  const sweeps = TCACHE_OFF.filter((m) => m.config_id.startsWith('nsweep-'));
  const on = new Map(load(DIR).map((m) => [m.config_id, m]));
  it('15 n-sweeps, every one loaded with tcache off; the constant is their median within 1 KB (0.304 MB), below their median with glibc\'s defaults (0.443 MB)', () => {
    expect(sweeps.length).toBe(15);
    for (const m of TCACHE_OFF) expect((m as unknown as { load_env: Record<string, string> }).load_env).toEqual({ GLIBC_TUNABLES: 'glibc.malloc.tcache_count=0' });
    const off = sweeps.map(beyond090);
    const sorted = [...off].sort((x, y) => x - y);
    const median = sorted[(sorted.length - 1) / 2]!;
    const onMedian = [...sweeps.map((m) => beyond090(on.get(m.config_id)!))].sort((x, y) => x - y)[(sweeps.length - 1) / 2]!;
    rows.push(`| 0.9.0 loaded-shard constant, tcache off | ${(LOADED_SHARD_HEAP_090_TCACHE_OFF / 1e6).toFixed(3)} MB | median ${(median / 1e6).toFixed(3)} MB of ${sweeps.length} n-sweeps, ${(sorted[0]! / 1e6).toFixed(3)}-${(sorted[sorted.length - 1]! / 1e6).toFixed(3)}; with glibc's defaults median ${(onMedian / 1e6).toFixed(3)} |`);
    for (const m of sweeps) rows.push(`| 0.9.0 tcache ${m.config_id} | beyond the model: off ${(beyond090(m) / 1e6).toFixed(3)} MB, defaults ${(beyond090(on.get(m.config_id)!) / 1e6).toFixed(3)} MB |`);
    expect(Math.abs(median - LOADED_SHARD_HEAP_090_TCACHE_OFF)).toBeLessThan(1_000);
    expect(median).toBeLessThan(onMedian);
  });
});

/**
 * heaptrack on the v1.19.0 engine (test/calibration/heaptrack_live.py): every allocation still live after the load
 * and 300 searches, by the engine function that made it, above an empty shard. Beyond the structures qsize models (the
 * links file's heap copy, the id tracker, the visited list, graph.bin's entry points) the shards of 2,000-10,000 points
 * hold the same 15-16 KB (multivector or not, 10 KB or default threshold), 100,000 points 29 KB (the segment's and the
 * WAL's bookkeeping: create_segment 5.1 -> 16.3 KB, wal Segment::open 0.2 -> 2.1 KB). Their page-level live heap beyond
 * the structures differs more (multivec-32 0.028 MB, the 10k n-sweep 0.047 MB): the allocator's residue, not a structure.
 */
describe('what a loaded shard allocates beyond its structures (heaptrack, v1.19.0 engine)', () => {
  const f = join(DIR, 'heap-residue', 'v1.19.0', 'heaptrack-live.json');
  const runs = existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')).runs as Record<string, any>) : {};
  it('shards of 2,000-10,000 points leave 14-17 KB of live allocations beyond the modelled structures, 100,000 points under 30 KB', () => {
    const ids = Object.keys(runs);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    for (const id of ids) {
      const r = runs[id];
      rows.push(`| heaptrack ${id} | ${r.config.n} points | beyond the structures ${(r.rest_bytes / 1e3).toFixed(1)} KB | id tracker ${r.structures.id_tracker} B (36.375 x n + ${Math.round(r.structures.id_tracker - 36.375 * r.config.n)}) |`);
      expect(r.rest_bytes, id).toBeGreaterThan(14_000);
      expect(r.rest_bytes, id).toBeLessThan(r.config.n <= 10_000 ? 17_000 : 30_000);
    }
  });
  it('the id tracker allocates 36.375 B per point (16 + 1/8 + 16 + 1/8 + 4 + 1/8, numeric ids), as modelled, plus under 300 B per segment', () => {
    expect(QDRANT.idTrackerRamNumeric.value).toBe(36.375);
    for (const r of Object.values(runs)) {
      const fixed = r.structures.id_tracker - 36.375 * r.config.n;
      expect(fixed, r.config_id).toBeGreaterThanOrEqual(0);
      expect(fixed, r.config_id).toBeLessThan(300);
    }
  });
});

/**
 * heaptrack on qdrant-edge-py 0.9.0 (test/calibration/heaptrack_live.py; the wheel's Rust v0 symbols demangled with
 * rustfilt), loaded with glibc's tcache off as data/calibration/tcache-off: the bytes the engine still has allocated
 * after the load and 300 searches, above an empty shard. These bytes are what the model's heap line items predict; the
 * trimmed RssAnon of the suites above adds glibc's page residue (pages that live chunks or free chunks' edges keep),
 * which is the 0.9.0 loaded-shard constant. Measured for n-sweeps that set that constant and for the configs whose
 * RssAnon misses 10% (KNOWN_MISS_090, KNOWN_MISS_090_TCACHE_OFF).
 */
const heaptrackRows: string[] = [];
/**
 * What a loaded indexed segment allocates beyond the structures qsize models, whatever its size: its own bookkeeping
 * (HNSW search telemetry 6 KB, create_segment, the payload storage's and the WAL's handles; rest_by_function), 14-17 KB
 * on v1.19.0 (above) and 17-31 KB on 0.9.0 (below, 2,000-100,000 points). The server's per-segment heap
 * (heap.segments, measured on the server) carries it; the in-process suites leave it to their loaded-shard constant.
 * Where 10% of a shard's live bytes is less than this, the comparison below is held to it instead.
 */
const SEGMENT_BOOKKEEPING_090 = 35_000;
const GRAPH_LAYERS_LOAD = '<segment::index::hnsw_index::graph_layers::GraphLayers>::load';
describe('what a loaded shard allocates (heaptrack, 0.9.0 engine): the modelled structures against the live bytes', () => {
  const f = join(DIR, 'heap-residue', '0.9.0', 'heaptrack-live.json');
  // The tracker-plain-* runs (s42) take the mutable id tracker apart: heaptrack counts its vectors' whole capacity,
  // which is not resident; test/accuracy/mutable-tracker.test.ts holds them.
  const all = existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')).runs as Record<string, any>) : {};
  const runs = Object.fromEntries(Object.entries(all).filter(([id]) => !id.startsWith('tracker-plain-')));
  const tcacheOff = new Map(TCACHE_OFF.map((m) => [m.config_id, m]));
  it('has the n-sweeps and every config listed as a 0.9.0 live-heap miss', () => {
    for (const id of ['nsweep-d128-m16-n10k', 'nsweep-d128-m16-n30k', 'nsweep-d128-m16-n100k', ...Object.keys(KNOWN_MISS_090_TCACHE_OFF), ...Object.keys(KNOWN_MISS_090)]) {
      expect(runs[id], id).toBeDefined();
    }
  });
  it(`every indexed segment allocates 10-${SEGMENT_BOOKKEEPING_090 / 1e3} KB beyond the structures qsize models (the id tracker, the visited list, graph.bin's entry points), a plain one under 1 KB`, () => {
    for (const [id, r] of Object.entries(runs)) {
      // graph.bin's entry points are allocated in GraphLayers::load on 0.9.0; runs taken before the script grouped
      // them there list that function in the rest.
      const rest = r.rest_bytes - (r.rest_by_function[GRAPH_LAYERS_LOAD] ?? 0);
      // A segment left plain (its vectors under indexing_threshold: idx-threshold-plain) has no HNSW index to keep
      // telemetry for and holds under 1 KB beyond its id tracker.
      const plain = (r.config.indexing_threshold_kb ?? 1) * 1024 > r.config.n * r.config.d * 4;
      expect(rest, id).toBeGreaterThan(plain ? 0 : 10_000);
      expect(rest, id).toBeLessThan(plain ? 1_000 : SEGMENT_BOOKKEEPING_090);
    }
  });
  for (const [id, r] of Object.entries(runs)) {
    it(`${id}: the modelled structures within 10% of the live allocations above the empty shard, or within the segment's bookkeeping; the rest of its RssAnon is page residue`, () => {
      const m = tcacheOff.get(id);
      const model = inProcessHeap(estimate(workloadFor(r.config, m, false)), false).reduce((a, i) => a + i.bytes, 0);
      const liveBytes = r.live_bytes_above_empty as number;
      const rss = m ? ((m.derived?.[LIVE_NO_WAL] ?? m.derived![LIVE]) as number) : undefined;
      const mb = (x: number) => `${x < 0 ? '-' : ''}${(Math.abs(x) / 1e6).toFixed(3)} MB`;
      heaptrackRows.push(
        `| ${id} | ${r.config.n.toLocaleString('en-US')} | ${mb(liveBytes)} | ${mb(model)} (${signed(rel(model, liveBytes))}) | ${rss !== undefined ? mb(rss) : '-'} | ${rss !== undefined ? mb(rss - liveBytes) : '-'} |`,
      );
      expect(Math.abs(model - liveBytes)).toBeLessThan(Math.max(0.1 * liveBytes, SEGMENT_BOOKKEEPING_090));
    });
  }
  it('docs/accuracy.md shows the table as printed here ("What a 0.9.0 shard allocates")', () => {
    if (process.env.ACCURACY_REPORT) console.log(['| config | points | live allocations above the empty shard | modelled structures | trimmed RssAnon, tcache off | page residue |', '|---|---|---|---|---|---|', ...heaptrackRows].join('\n'));
    expect(rowsMissingFromDoc(heaptrackRows), REGENERATE).toEqual([]);
  });
});

describe('graph residency on the builds before v1.19.0 (data/calibration/graph-residency)', () => {
  // qdrant-edge-py 0.6.1 (api 1.17.1-dev) and 0.7.0 (api 1.18.2-dev), legacy fields: base (graph on_disk false)
  // against res-hnsw-cold (on_disk true), 100k x 384-d.
  for (const [pkg, version] of [['0.6.1', '1.17.0'], ['0.7.0', '1.18.0']] as const) {
    it(`qdrant-edge-py ${pkg}: an in-RAM graph adds no heap (within 0.2 MB), so qsize keeps it in page cache for Qdrant ${version}`, () => {
      const dir = join(DIR, 'graph-residency', pkg);
      const byId = new Map(load(dir).map((m) => [m.config_id, m]));
      const live = (id: string) => byId.get(id)!.derived![LIVE] as number;
      expect(Math.abs(live('base') - live('res-hnsw-cold'))).toBeLessThan(0.2e6);
      const m = byId.get('base')!;
      const e = estimate({ ...workloadFor(m.config, m, true), qdrantVersion: version });
      expect(e.lineItems.find((i) => i.id === 'hnsw.default.links')?.residency).toBe('cache');
      expect(e.lineItems.some((i) => i.id === 'hnsw.default.links.heap')).toBe(false);
    });
  }
});

/**
 * Allocator residue, not structures (test/calibration/heap_residue.py, data/calibration/heap-residue/): a shard loaded
 * without its WAL, read (trimmed) after its load and after 300 and 1,000 searches, under glibc's defaults and with
 * glibc's per-thread cache off (GLIBC_TUNABLES=glibc.malloc.tcache_count=0). A structure holds the same under both;
 * what the search threads' tcaches pin does not, and grows with the number of searches. `twin`: the same shard at m=16
 * (the same points and structures: the id tracker, the visited list; 0.9.0 keeps the graph in page cache).
 */
const RESIDUE_DIR = join(DIR, 'heap-residue');
describe('allocator residue, not structures: the 0.9.0 live-heap excesses (data/calibration/heap-residue)', () => {
  const runs = existsSync(RESIDUE_DIR) ? load(RESIDUE_DIR) : [];
  const get = (id: string) => {
    const m = runs.find((x) => x.config_id === id);
    if (!m) throw new Error(`${RESIDUE_DIR}: no measurement for ${id}`);
    return m.derived as Record<string, number>;
  };
  const twin = get('hnsw-m64-ef200-m16');
  for (const id of ['hnsw-m64-ef200', 'hnsw-m64-ef400']) {
    it(`${id}: with tcache off it holds what its m=16 twin holds (within 0.15 MB, each against its own empty shard) and does not grow from 300 to 1,000 searches (0.05 MB); with glibc's defaults it holds 0.2 MB more than the twin after 300 searches and grows by 0.1 MB more`, () => {
      const d = get(id);
      const off = (x: Record<string, number>, k: number) => x[`tcache-off/searches_${k}_live_heap_above_empty`]!;
      const on = (x: Record<string, number>, k: number) => x[`glibc-default/searches_${k}_live_heap_above_empty`]!;
      rows.push(`| residue ${id} | tcache off ${(off(d, 300) / 1e6).toFixed(2)} / ${(off(d, 1000) / 1e6).toFixed(2)} MB (twin ${(off(twin, 300) / 1e6).toFixed(2)} / ${(off(twin, 1000) / 1e6).toFixed(2)}) | glibc defaults ${(on(d, 300) / 1e6).toFixed(2)} / ${(on(d, 1000) / 1e6).toFixed(2)} MB (twin ${(on(twin, 300) / 1e6).toFixed(2)} / ${(on(twin, 1000) / 1e6).toFixed(2)}) |`);
      expect(Math.abs(off(d, 300) - off(twin, 300))).toBeLessThan(0.15e6);
      expect(Math.abs(off(d, 1000) - off(d, 300))).toBeLessThan(0.05e6);
      expect(on(d, 300) - on(twin, 300)).toBeGreaterThan(0.2e6);
      expect(on(d, 1000) - on(d, 300) - (on(twin, 1000) - on(twin, 300))).toBeGreaterThan(0.1e6);
    });
  }
  it('the pre-1.19 engine (qdrant-edge-py 0.7.2, api 1.18.2-dev) leaves no such residue: hnsw-m64-ef200 grows by under 0.05 MB from 300 to 1,000 searches with glibc\'s defaults, and tcache off changes it by under 0.1 MB', () => {
    const d = JSON.parse(readFileSync(join(RESIDUE_DIR, 'v1.19.0', 'hnsw-m64-ef200.json'), 'utf8')).derived as Record<string, number>;
    const on = (k: number) => d[`glibc-default/searches_${k}_live_heap_above_empty`]!;
    const off = (k: number) => d[`tcache-off/searches_${k}_live_heap_above_empty`]!;
    rows.push(`| residue v1.19.0 hnsw-m64-ef200 | tcache off ${(off(300) / 1e6).toFixed(2)} / ${(off(1000) / 1e6).toFixed(2)} MB | glibc defaults ${(on(300) / 1e6).toFixed(2)} / ${(on(1000) / 1e6).toFixed(2)} MB |`);
    expect(Math.abs(on(1000) - on(300))).toBeLessThan(0.05e6);
    expect(Math.abs(on(300) - off(300))).toBeLessThan(0.1e6);
  });
  it('multivec-4: with tcache off it holds 0.15 MB less after 300 searches than with glibc\'s defaults and does not grow from 300 to 1,000 searches (0.05 MB)', () => {
    const d = get('multivec-4');
    const off = (k: number) => d[`tcache-off/searches_${k}_live_heap_above_empty`]!;
    const on = (k: number) => d[`glibc-default/searches_${k}_live_heap_above_empty`]!;
    rows.push(`| residue multivec-4 | tcache off ${(off(300) / 1e6).toFixed(2)} / ${(off(1000) / 1e6).toFixed(2)} MB | glibc defaults ${(on(300) / 1e6).toFixed(2)} / ${(on(1000) / 1e6).toFixed(2)} MB |`);
    expect(on(300) - off(300)).toBeGreaterThan(0.15e6);
    expect(Math.abs(off(1000) - off(300))).toBeLessThan(0.05e6);
  });
});

ramSuite('model vs engine live heap: qdrant-edge-py 0.9.0 (data/calibration)', DIR, false, 50);
ramSuite('model vs engine live heap: qdrant-edge-py 0.7.2, api 1.18.2-dev (data/calibration/v1.19.0-matrix)', join(DIR, 'v1.19.0-matrix'), true, 50);
ramSuite('model vs engine live heap: small shards on the v1.19.0 engine at the default threshold (data/calibration/v1.19.0-small)', join(DIR, 'v1.19.0-small'), true, 6, false);
ramSuite("model vs engine live heap: qdrant-edge-py 0.9.0 with glibc's tcache off (data/calibration/tcache-off)", join(DIR, 'tcache-off'), false, 88, false, LOADED_SHARD_HEAP_090_TCACHE_OFF);

const ruleRows: string[] = [];
const graphRuleRows: string[] = [];
describe('rules of thumb on the same configs (report only)', () => {
  it('computes qsize and the popular rules against the measured memory and graph', () => {
    // The calibration matrix only: the raw-dot-product runs take one cause apart and are compared above.
    for (const m of main.filter((x) => !QUANTIZED_SCORES.includes(x))) {
      const c = m.config;
      const d = m.derived ?? {};
      const anonB = d[LIVE] as number | undefined;
      const fileB = d['after_searches_RssFile_bytes_above_empty'] as number | undefined;
      if (anonB === undefined || fileB === undefined || c.multivector || c.sparse) continue;
      // The shard's WAL is mmap'd and written, so its pages show in RssFile; it is not needed for search.
      const wal = (d['wal_allocated'] as number | undefined) ?? 0;
      const measuredHot = anonB + fileB - wal;
      // Cold configs: 300 searches fault in pages of cold files, so RssFile is not the hot set there.
      if (c.vec_memory === 'Cold' || c.quant_memory === 'Cold' || c.hnsw_memory === 'Cold') continue;
      // A plain (unindexed) segment: its appendable chunk files are populated whole, which this in-process comparison
      // does not model (the server suite does); the rules are about indexed segments.
      if ((c.indexing_threshold_kb ?? 1) > 1) continue;
      const e = estimate(workloadFor(c, m));
      // Like with like: the shard's heap (inProcessHeap) and its page cache, without what the in-process engine does not
      // have here: the server process's own pages (process.*), the WAL read back after a restart (measured aside above)
      // and the populated holes of a server's appendable chunk files.
      const cache = e.lineItems
        .filter((i) => i.residency === 'cache' && !i.id.startsWith('process.') && i.id !== 'wal' && !i.id.endsWith('.populated-holes'))
        .reduce((a, i) => a + i.bytes, 0);
      const qsizeHot = inProcessHeap(e, false).reduce((a, i) => a + i.bytes, 0) + cache;
      const qdrantRule = c.n * c.d * 4 * 1.5;
      const twoBytes = c.n * c.d * 2;
      ruleRows.push(`| ${m.config_id} | ${(measuredHot / 1e6).toFixed(1)} MB | ${signed(rel(qsizeHot, measuredHot))} | ${signed(rel(qdrantRule, measuredHot))} | ${signed(rel(twoBytes, measuredHot))} |`);
    }
    // The v1.19.0 engine's graphs against the model of the v1.19.0 workload (its level draw: workloadFor's legacy flag).
    for (const m of [...graphV119].sort((a, b) => a.config.n - b.config.n || a.config.m - b.config.m)) {
      const c = m.config;
      const links = m.links_file_bytes!;
      const e = estimate(workloadFor(c, undefined, true));
      const qsize = e.lineItems.find((i) => i.id === 'hnsw.default.links')!.bytes;
      graphRuleRows.push(`| n=${c.n / 1000}k, m=${c.m} | ${(links / c.n).toFixed(1)} | ${signed(rel(qsize, links))} | ${signed(rel(c.n * c.m * 2 * 4 * 1.2, links))} |`);
    }
    expect(ruleRows.length).toBeGreaterThan(0);
    if (process.env.ACCURACY_REPORT) console.log([...ruleRows, '', ...graphRuleRows].join('\n'));
  });
  it('docs/accuracy.md shows both tables as printed here ("The popular rules on the same configs", the graph rules)', () => {
    expect(rowsMissingFromDoc([...ruleRows, ...graphRuleRows]), REGENERATE).toEqual([]);
  });
});

// Last in the file (vitest keeps the order): every cell above has been written.
describe('docs/accuracy.md', () => {
  it('shows the per-config table as the tests above fill it', () => {
    const table = TABLE_CONFIGS.map((id) => `| ${id} | ${TABLE_COLUMNS.map((c) => tableCells.get(id)?.[c] ?? '-').join(' | ')} |`);
    if (process.env.ACCURACY_REPORT) console.log([...TABLE_HEADER, ...table].join('\n'));
    if (process.env.ACCURACY_REPORT) console.log(['| live-heap suite | configs | within 10% | listed misses | model error | median abs error |', '|---|---|---|---|---|---|', ...suiteRows].join('\n'));
    expect(rowsMissingFromDoc([...table, ...suiteRows]), REGENERATE).toEqual([]);
  });
});
