/**
 * The mutable id tracker of plain (appendable) segments and Rust's B-tree under it (s42; docs/methodology.md, "The
 * mutable id tracker"; src/model/id-tracker.ts MUTABLE_TRACKER; src/model/mutable-heap.ts RUST_BTREE). Read here,
 * never run:
 * - data/calibration/btree-fill/rust.jsonl: std's BTreeMap under a counting allocator (test/calibration/btree_fill,
 *   rustc 1.95.0), 1,000 to 1,000,000 keys in random, batch-shuffled and ascending order;
 * - data/calibration/heap-residue/0.9.0/heaptrack-live.json, tracker-plain-*: heaptrack of qdrant-edge-py 0.9.0, one
 *   plain segment of 2,500, 16,000 and 17,000 numeric or UUID ids (test/calibration/heaptrack_live.py), the bytes the
 *   engine's functions requested and still hold;
 * - data/calibration/mutable-tracker/v1.19.0: the same six shards' trimmed RssAnon above an empty shard on
 *   qdrant-edge-py 0.7.2 (test/calibration/harness.py --only tracker-plain-...), what is resident.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { btreeBytesPerEntry } from '../../src/model/mutable-heap.js';
import { mutableTrackerBytes } from '../../src/model/id-tracker.js';
import { workloadFor } from './harness-workload.js';
import { REGENERATE, rowsMissingFromDoc } from './doc-rows.js';

const DIR = 'data/calibration';
const mb = (x: number) => `${(x / 1e6).toFixed(3)} MB`;
const signed = (model: number, measured: number) => `${model >= measured ? '+' : '-'}${(Math.abs(model / measured - 1) * 100).toFixed(1)}%`;
/** One row per tracker run: heaptrack's bytes against the capacity form, RssAnon against the line item. */
const tableRows = new Map<string, string[]>();
const exact = (bytes: number) => bytes;

describe("Rust's B-tree: bytes an entry against a counting allocator (data/calibration/btree-fill/rust.jsonl)", () => {
  const rows = readFileSync(join(DIR, 'btree-fill', 'rust.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { order: string; n: number; key: string; bytes_per_entry: number; node_sizes: [number, number][] });
  const kv: Record<string, [number, number]> = { 'u64->u32': [8, 4], '[u8;16]->u32': [16, 4], 'set(u64,u32)': [16, 0] };
  it('has 57 runs: three orders, six sizes, three key types, and three geo prefix replays', () => expect(rows.length).toBe(57));
  it('the nodes are the sizes node.rs lays out: a leaf 12 + 11 (K + V) B rounded to 8, an internal node 96 B more', () => {
    // By hand: u64 -> u32 12 + 11 x 12 = 144, 240; [u8; 16] -> u32 12 + 11 x 20 = 232, 328; (u64, u32) 16 B: 12 + 176 = 188 -> 192, 288.
    const sizes: Record<string, number[]> = { 'u64->u32': [144, 240], '[u8;16]->u32': [232, 328], 'set(u64,u32)': [192, 288] };
    for (const r of rows.filter((x) => x.n >= 10_000 && x.order !== 'geo-prefixes')) expect(r.node_sizes.map((x) => x[0]), `${r.order} ${r.key}`).toEqual(sizes[r.key]);
  });
  it('in ascending order every entry costs what 6 keys a leaf and 7 edges an internal node give: u64 -> u32 26.29 B, within 0.5%', () => {
    // By hand: (144 + 240 / 6) / 7 = 26.286 B.
    expect(btreeBytesPerEntry(8, 4, 'ascending', exact)).toBeCloseTo(26.286, 3);
    for (const r of rows.filter((x) => x.order === 'asc' && x.n >= 10_000)) {
      const [k, v] = kv[r.key]!;
      expect(Math.abs(btreeBytesPerEntry(k, v, 'ascending', exact) / r.bytes_per_entry - 1), `${r.key} ${r.n}`).toBeLessThan(0.005);
    }
  });
  it('in random order (and in shuffled batches) the ln 2 fill with each leaf\'s separator in its parent is within 4% of every run, under each: u64 -> u32 20.50 B, measured 20.6-21.3', () => {
    // By hand: l = 11 ln 2 = 7.6246, e = 12 ln 2 = 8.3178: (144 + 240 / 7.3178) / 8.6246 = (144 + 32.797) / 8.6246 = 20.499 B.
    expect(btreeBytesPerEntry(8, 4, 'random', exact)).toBeCloseTo(20.499, 2);
    for (const r of rows.filter((x) => x.order === 'random' || x.order === 'batch')) {
      const [k, v] = kv[r.key]!;
      const ratio = btreeBytesPerEntry(k, v, 'random', exact) / r.bytes_per_entry;
      // Under every run by 0.4-3.8% (the most at 1,000 keys): a random B-tree is a little fuller than ln 2 at this order.
      expect(ratio, `${r.order} ${r.key} ${r.n}`).toBeLessThan(1);
      expect(ratio, `${r.order} ${r.key} ${r.n}`).toBeGreaterThan(0.96);
    }
  });
  it('a geo index\'s prefix counts, each point\'s new prefixes a run of ascending keys: 6.75 entries a leaf gives 29.85 B against 29.6-29.8 measured (within 1%), where random keys give 26.8', () => {
    // By hand: a u64 -> usize leaf 12 + 11 x 16 = 188 -> 192 B, internal 288 B: (192 + 288 / 7.3178) / (6.75 + 1) = 29.85 B.
    expect(btreeBytesPerEntry(8, 8, 'prefix-runs', exact)).toBeCloseTo(29.853, 2);
    const geo = rows.filter((x) => x.order === 'geo-prefixes');
    expect(geo.length).toBe(3);
    for (const r of geo) {
      expect(r.node_sizes.map((x) => x[0])).toEqual([192, 288]);
      expect(Math.abs(btreeBytesPerEntry(8, 8, 'prefix-runs', exact) / r.bytes_per_entry - 1), `${r.n}`).toBeLessThan(0.01);
      expect(btreeBytesPerEntry(8, 8, 'random', exact) / r.bytes_per_entry).toBeLessThan(0.92);
    }
  });
});

const heaptrack = JSON.parse(readFileSync(join(DIR, 'heap-residue', '0.9.0', 'heaptrack-live.json'), 'utf8')).runs as Record<string, any>;
const trackerRuns = Object.entries(heaptrack).filter(([id]) => id.startsWith('tracker-plain-'));
/** The tracker's own live allocations: set_link's (the id vector, the deleted bits, the B-tree) and the versions'. */
const trackerBytes = (r: any) => Object.entries(r.id_tracker_by_function as Record<string, number>).filter(([f]) => /PointMappings>::set_link|create_mutable_id_tracker/.test(f)).reduce((a, [, v]) => a + v, 0);

describe('the mutable tracker as heaptrack counts it: every vector at its power-of-two capacity (qdrant-edge-py 0.9.0)', () => {
  it('has the six tracker runs', () => expect(trackerRuns.map(([id]) => id).sort()).toEqual(['tracker-plain-n16000', 'tracker-plain-n17000', 'tracker-plain-n2500', 'tracker-plain-uuid-n16000', 'tracker-plain-uuid-n17000', 'tracker-plain-uuid-n2500']));
  it('the versions vector holds 16,384 slots at 16,000 points and 32,768 at 17,000: 131,072 and 262,144 B less the empty shard\'s 15', () => {
    const versions = (id: string) => Object.entries(heaptrack[id].id_tracker_by_function as Record<string, number>).find(([f]) => f.includes('create_mutable_id_tracker'))![1];
    expect(versions('tracker-plain-n16000')).toBe(131_072 - 15);
    expect(versions('tracker-plain-n17000')).toBe(262_144 - 15);
  });
  it('at 16,000 numeric ids 861 KB, at 17,000 1,410 KB: the capacity doubles past 16,384', () => {
    expect(Math.round(trackerBytes(heaptrack['tracker-plain-n16000']) / 1e3)).toBe(859);
    expect(Math.round(trackerBytes(heaptrack['tracker-plain-n17000']) / 1e3)).toBe(1_407);
  });
  for (const [id, r] of trackerRuns) {
    it(`${id}: the capacity form (requested bytes, random order) within 3% of the tracker's live allocations`, () => {
      const uuid = r.config.ids === 'uuid';
      // The same formula as mutableTrackerBytes with requested node sizes (heaptrack counts requests, not chunks).
      const n = r.config.n as number;
      const pow2 = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(4, x)));
      const byHand = pow2(n) * (24 + 8) + pow2(Math.ceil(n / 64)) * 8 + n * btreeBytesPerEntry(uuid ? 16 : 8, 4, 'random', exact);
      expect(Math.abs(byHand / trackerBytes(r) - 1)).toBeLessThan(0.03);
      tableRows.set(id, [`${mb(trackerBytes(r))}`, `${mb(byHand)} (${signed(byHand, trackerBytes(r))})`]);
    });
    it(`${id}: beyond the tracker a plain segment holds under 3 KB, either way, of its empty twin's (gridstore and WAL bookkeeping)`, () => {
      expect(Math.abs(r.rest_bytes)).toBeLessThan(3_000);
    });
  }
});

const rssDir = join(DIR, 'mutable-tracker', 'v1.19.0');
const rss = existsSync(rssDir) ? readdirSync(rssDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(rssDir, f), 'utf8'))) : [];
const live = (id: string) => rss.find((m) => m.config_id === id)!.derived.live_heap_RssAnon_bytes_above_empty as number;

describe('the mutable tracker as RssAnon counts it in process: the written slots only (glibc; qdrant-edge-py 0.7.2, data/calibration/mutable-tracker/v1.19.0)', () => {
  it('has the six shards', () => expect(rss.length).toBe(6));
  it('from 16,000 to 17,000 numeric ids the resident heap grows by 65,536 B, where the capacity grows by 548 KB: slots never written are not resident', () => {
    expect(live('tracker-plain-n17000') - live('tracker-plain-n16000')).toBe(65_536);
    const cap = (n: number) => mutableTrackerBytes(n, false, { capacity: true });
    expect(cap(17_000) - cap(16_000)).toBeGreaterThan(540_000);
    // At 17,000 points the capacity alone is more than the whole resident growth, for numeric ids and UUIDs.
    expect(cap(17_000)).toBeGreaterThan(live('tracker-plain-n17000') * 1.4);
    expect(mutableTrackerBytes(17_000, true, { capacity: true })).toBeGreaterThan(live('tracker-plain-uuid-n17000') * 1.3);
  });
  for (const id of ['tracker-plain-n2500', 'tracker-plain-n16000', 'tracker-plain-n17000', 'tracker-plain-uuid-n2500', 'tracker-plain-uuid-n16000', 'tracker-plain-uuid-n17000']) {
    it(`${id}: the written slots (glibc's form) within 10% or 35 KB (the plain segment's page residue) of the resident heap, and the line item's range (the server's form) holds it`, () => {
      const m = rss.find((x) => x.config_id === id)!;
      // The line item as the server holds it (jemalloc, src/model/allocator.ts), beside the in-process engine's form.
      const w = workloadFor(m.config, m, true);
      const item = estimate({ ...w, assumptions: { ...w.assumptions, allocator: 'jemalloc' } }).lineItems.find((i) => i.id === 'id-tracker.ram')!;
      const glibc = mutableTrackerBytes(m.config.n, m.config.ids === 'uuid', { allocator: 'glibc' });
      const measured = live(id);
      expect(Math.abs(glibc - measured)).toBeLessThan(Math.max(0.1 * measured, 35_000));
      // The line item's low end is the written slots (its B-tree nodes in jemalloc's classes); its expected value the
      // server's (the versions at their capacity).
      expect(item.range.low).toBe(Math.round(mutableTrackerBytes(m.config.n, m.config.ids === 'uuid', { written: true })));
      expect(item.range.low).toBeLessThanOrEqual(measured + 35_000);
      expect(item.range.high).toBeGreaterThanOrEqual(measured);
      tableRows.get(id)?.push(mb(measured), `${mb(glibc)} (${signed(glibc, measured)})`, `${mb(item.bytes)} (${signed(item.bytes, measured)})`);
    });
  }
  it('docs/accuracy.md shows the table as printed here ("The mutable id tracker")', () => {
    const rows = [...tableRows].map(([id, cells]) => `| ${id} | ${cells.join(' | ')} |`);
    if (process.env.ACCURACY_REPORT) console.log(['| run | heaptrack (allocated) | capacity form | RssAnon above the empty shard (0.7.2) | written slots (glibc) | line item (server: versions at capacity) |', '|---|---|---|---|---|---|', ...rows].join('\n'));
    expect(rows.length).toBe(6);
    expect(rowsMissingFromDoc(rows), REGENERATE).toEqual([]);
  });
});

/**
 * The real v1.19.0 server (jemalloc), s42: one plain segment of 15,000, 16,000 and 17,000 16-d points, loaded,
 * restarted and settled (test/calibration/server_harness.py mutable_tracker_configs; data/calibration/
 * server-v1.19.0-tracker, the 16,000 and 17,000 runs, and repeat/, all three again).
 */
const srv = (dir: string, n: number) => JSON.parse(readFileSync(join(DIR, 'server-v1.19.0-tracker', dir, `tracker-plain-n${n}.json`), 'utf8')).steady as { status: { RssAnon_bytes: number }; jemalloc: Record<string, number> };
describe('the mutable tracker on the real server (jemalloc): allocated shows the capacity, RssAnon cannot tell', () => {
  it('jemalloc\'s allocated bytes step by 0.51-0.56 MB from 16,000 to 17,000 points (the capacity form: 0.55 MB) and by 0.18 MB from 15,000 to 16,000', () => {
    const alloc = (dir: string, n: number) => srv(dir, n).jemalloc['memory_allocated_bytes']!;
    const step = mutableTrackerBytes(17_000, false, { capacity: true }) - mutableTrackerBytes(16_000, false, { capacity: true });
    expect(Math.round(step / 1e3)).toBe(549);
    for (const dir of ['', 'repeat']) {
      const d = alloc(dir, 17_000) - alloc(dir, 16_000);
      expect(d).toBeGreaterThan(500_000);
      expect(d).toBeLessThan(560_000);
    }
    expect(alloc('repeat', 16_000) - alloc('repeat', 15_000)).toBeLessThan(200_000);
  });
  it('two runs of the same 16,000 points differ by 0.44 MB of RssAnon, more than the capacity step: the server\'s resident memory cannot tell written from allocated here, and the line item\'s range holds both', () => {
    const rss = (dir: string, n: number) => srv(dir, n).status.RssAnon_bytes;
    expect(Math.abs(rss('', 16_000) - rss('repeat', 16_000))).toBeGreaterThan(400_000);
    // The range: expected (written) to high (whole capacity, B-tree in order) spans the step.
    const e = estimate({ points: 17_000, qdrantVersion: '1.19.0', collection: { vectors: { size: 16, distance: 'Cosine' }, optimizers_config: { indexing_threshold: 0, default_segment_number: 1 } } });
    const item = e.lineItems.find((i) => i.id === 'id-tracker.ram')!;
    expect(item.range.high - item.bytes).toBeGreaterThan(mutableTrackerBytes(17_000, false, { capacity: true }) - mutableTrackerBytes(17_000, false));
  });
});

/**
 * Across a power of two on the server (s42, s43): one plain segment either side of 524,288, 1,048,576 and 2,097,152
 * slots, each pair run twice (server-v1.19.0-tracker and repeat/). The tracker's load order under jemalloc keeps the
 * versions vector resident at its whole capacity (MUTABLE_TRACKER; test/calibration/tracker_alloc).
 */
const PAIRS = [[510_000, 540_000], [1_040_000, 1_060_000], [2_080_000, 2_120_000]] as const;
describe('the mutable tracker on the real server across a power of two: the versions vector resident at its whole capacity', () => {
  for (const dir of ['', 'repeat']) {
    for (const [lo, hi] of PAIRS) {
      it(`${dir || 'first run'}, ${lo.toLocaleString('en')} -> ${hi.toLocaleString('en')} points: RssAnon grows by the written slots and a quarter of the untouched capacity, 8 B of the 32 a slot holds (0.23-0.28)`, () => {
        const rss = (n: number) => srv(dir, n).status.RssAnon_bytes;
        const step = rss(hi) - rss(lo);
        const written = (n: number) => mutableTrackerBytes(n, false, { allocator: 'glibc' });
        const untouched = (n: number) => mutableTrackerBytes(n, false, { capacity: true }) - written(n);
        // By hand at 1,040,000 -> 1,060,000: written 20,000 x (32.125 + 20.5) = 1.05 MB; untouched (1,048,576 -
        // 1,040,000) x 32 + (16,384 - 16,250) x 8 = 0.28 MB -> (2,097,152 - 1,060,000) x 32 + (32,768 - 16,563) x 8
        // = 33.32 MB; the first run's step 9.27 MB: (9.27 - 1.05) / (33.32 - 0.28) = 0.249.
        const share = (step - (written(hi) - written(lo))) / (untouched(hi) - untouched(lo));
        expect(share).toBeGreaterThan(0.23);
        expect(share).toBeLessThan(0.28);
        // The model's step (jemalloc: the versions at their capacity) within 0.6 MB of the server's.
        expect(Math.abs(mutableTrackerBytes(hi, false) - mutableTrackerBytes(lo, false) - step)).toBeLessThan(0.6e6);
        // jemalloc's own count of allocated bytes steps by the whole capacity (within 3%).
        const alloc = srv(dir, hi).jemalloc['memory_allocated_bytes']! - srv(dir, lo).jemalloc['memory_allocated_bytes']!;
        const capStep = mutableTrackerBytes(hi, false, { capacity: true }) - mutableTrackerBytes(lo, false, { capacity: true });
        expect(Math.abs(alloc / capStep - 1)).toBeLessThan(0.03);
      });
    }
  }
  it('the estimate is within 1.5-3% under the server\'s RssAnon at all twelve readings, -1.6% to -2.6% (was -10.2% to -12.6% just past each power of two with the written slots only), each inside the stated range', () => {
    for (const dir of ['', 'repeat']) {
      for (const n of PAIRS.flat()) {
        const e = estimate({ points: n, qdrantVersion: '1.19.0', collection: { vectors: { size: 16, distance: 'Cosine' }, optimizers_config: { indexing_threshold: 0, default_segment_number: 1 } }, assumptions: { nodeCpus: 2, searchThreads: 1 } });
        const measured = srv(dir, n).status.RssAnon_bytes;
        const err = (e.memory.residentBytes - measured) / measured;
        expect(err, `${dir} ${n}`).toBeLessThan(-0.015);
        expect(err, `${dir} ${n}`).toBeGreaterThan(-0.03);
        expect(e.memory.residentRange.low).toBeLessThanOrEqual(measured);
        expect(e.memory.residentRange.high).toBeGreaterThanOrEqual(measured);
      }
    }
  });
});

/**
 * Why a quarter (s43): test/calibration/tracker_alloc replays the tracker's load under tikv-jemallocator 0.7 with the
 * server's features and under glibc, read after jemalloc's decay, twice each (data/calibration/tracker-alloc/
 * probe.jsonl, test/calibration/tracker_alloc_runs.py). Qdrant loads the mappings first (the id vector, 24 B a slot,
 * grows by doubling and frees touched extents), the versions after (8 B a slot): jemalloc carves the versions' extents
 * from those touched pages.
 */
type ProbeRow = { n: number; order: string; allocator: string; repeat: number; rss_anon_before: number; rss_anon_after: number; ids_capacity: number; versions_capacity: number };
const probe = readFileSync(join(DIR, 'tracker-alloc', 'probe.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ProbeRow);
describe('the tracker\'s load replayed: the versions vector is resident whole only under jemalloc and only when it is collected after the id vector', () => {
  const held = (r: ProbeRow) => r.rss_anon_after - r.rss_anon_before;
  const row = (allocator: string, order: string, n: number, repeat: number) => probe.find((r) => r.allocator === allocator && r.order === order && r.n === n && r.repeat === repeat)!;
  /** The share of the untouched capacity resident across a pair, beyond the written slots (as the server's test). */
  const share = (allocator: string, order: string, lo: number, hi: number, repeat: number) => {
    const written = (n: number) => mutableTrackerBytes(n, false, { allocator: 'glibc' });
    const untouched = (n: number) => mutableTrackerBytes(n, false, { capacity: true }) - written(n);
    return (held(row(allocator, order, hi, repeat)) - held(row(allocator, order, lo, repeat)) - (written(hi) - written(lo))) / (untouched(hi) - untouched(lo));
  };
  it('has 48 runs: six sizes, jemalloc in three orders and glibc in Qdrant\'s, twice; the vectors at the capacities the model takes', () => {
    expect(probe.length).toBe(48);
    for (const r of probe) {
      const pow2 = 2 ** Math.ceil(Math.log2(r.n));
      expect([r.ids_capacity, r.versions_capacity]).toEqual([pow2, pow2]);
    }
  });
  for (const [lo, hi] of PAIRS) {
    it(`${lo.toLocaleString('en')} -> ${hi.toLocaleString('en')}: Qdrant's order holds 0.23-0.28 of the untouched capacity more than the versions loaded first (8 / 32 = 0.25), upserting point by point the same, glibc under 0.12 in all`, () => {
      for (const repeat of [0, 1]) {
        const qdrant = share('jemalloc', 'mappings-first', lo, hi, repeat);
        const reversed = share('jemalloc', 'versions-first', lo, hi, repeat);
        // By hand at 1,040,000 -> 1,060,000, first run: 0.271 - 0.022 = 0.249.
        expect(qdrant - reversed).toBeGreaterThan(0.23);
        expect(qdrant - reversed).toBeLessThan(0.28);
        expect(Math.abs(share('jemalloc', 'interleaved', lo, hi, repeat) - qdrant)).toBeLessThan(0.02);
        expect(share('system', 'mappings-first', lo, hi, repeat)).toBeLessThan(0.12);
        expect(reversed).toBeLessThan(0.13);
      }
    });
  }
});
