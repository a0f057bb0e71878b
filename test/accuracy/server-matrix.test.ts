/**
 * The model against the real Qdrant v1.19.0 server: the committed measurements of test/calibration/server_harness.py
 * (data/calibration/server-v1.19.0/*.json; never run here). Each config was loaded over REST, restarted, searched and
 * left to settle for 60 s (d384-default 600 s); its steady-state /proc readings are held against estimate() for the same collection body:
 * - resident memory: RssAnon against the model's resident bytes (process heap included), within 10%, inside the range;
 * - page cache: Pss_File against the model's page cache (the binary's code pages, originals, graph, WAL, ...), within 10%;
 * - disk: `du` of the collection against the model's disk bytes, within 5%;
 * - structure by structure: the resident file pages of the graph and of the WAL.
 * ACCURACY_REPORT=1 prints the table docs/accuracy.md shows.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { estimate, type Estimate } from '../../src/index.js';
import { loadServerRuns, workloadFor, type ServerRun } from './server-runs.js';
import { REGENERATE, rowsMissingFromDoc } from './doc-rows.js';

const runs = loadServerRuns();

/**
 * Where the resident bar (10%) is missed, with the reason; the measured value must still be inside the range. None:
 * every run is read at its steady state (RssAnon flat over the last samples, see server-evidence.test.ts).
 */
const KNOWN_RESIDENT_MISS: Record<string, string> = {};

/**
 * Where the page cache or disk bar is missed (the value still inside the range): none since the bulk loads' empty
 * appendable tail (assumptions.bulkLoad) and the segments' small files (segments.files) are modelled.
 */
const KNOWN_CACHE_DISK_MISS: Record<string, string> = {};

const rel = (model: number, measured: number) => model / measured - 1;
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const mb = (x: number) => (x / 1e6).toFixed(1);
const rows: string[] = [];
const graphRows: string[] = [];
afterAll(() => {
  if (process.env['ACCURACY_REPORT']) {
    console.log(['| config | RssAnon measured | model | Pss_File measured | model | du measured | model | WAL measured | model |', '|---|---|---|---|---|---|---|---|---|', ...rows].join('\n'));
    console.log(['| config | graph pages resident | model | range |', '|---|---|---|---|', ...graphRows].join('\n'));
  }
});

const cacheOf = (e: Estimate) => e.memory.pageCacheBytes;
/**
 * The process's file pages counted once: Pss_File (smaps_rollup). RssFile counts a page once per mapping, and the
 * server maps appendable chunk files twice (measured: 146.8 MB RssFile, 129.1 MB Pss_File for d128-30k); no other
 * process maps the collection's files, so Pss_File is the page cache the pod is charged for (plus its share of libc).
 */
const pageCache = (r: ServerRun) => r.steady.smaps_rollup['Pss_File_bytes']!;
const item = (e: Estimate, id: string) => e.lineItems.find((i) => i.id === id);

describe('model vs the real Qdrant v1.19.0 server (data/calibration/server-v1.19.0)', () => {
  it('has measured configs, each without errors', () => {
    expect(runs.length).toBeGreaterThanOrEqual(5);
    for (const r of runs) expect(r.errors, r.config.id).toEqual([]);
  });

  for (const r of runs) {
    const id = r.config.id;
    const withData = r.config.n > 0;
    if (!withData) {
      it(`${id}: an idle server's heap (process, cluster mode, empty shards) is within 10% of the model and inside its range`, () => {
        const e = estimate(workloadFor(r));
        // Without a collection only the process items apply; with an empty one, the whole resident estimate (its
        // shards' heap included; the one placeholder point adds under 100 B).
        const parts = r.config.collection === false ? e.lineItems.filter((i) => i.structure === 'process' && i.residency === 'ram') : e.lineItems.filter((i) => i.residency === 'ram');
        const model = parts.reduce((a, i) => a + i.bytes, 0);
        const low = parts.reduce((a, i) => a + i.range.low, 0);
        const high = parts.reduce((a, i) => a + i.range.high, 0);
        const anon = r.steady.status['RssAnon_bytes']!;
        rows.push(`| ${id} | ${mb(anon)} MB | ${mb(model)} MB (${pct(rel(model, anon))}) | - | - | - | - | - | - |`);
        expect(anon).toBeGreaterThanOrEqual(low * 0.95);
        expect(anon).toBeLessThanOrEqual(high);
        expect(Math.abs(rel(model, anon))).toBeLessThan(0.1);
      });
      continue;
    }
    it(`${id}: resident memory (RssAnon, steady state) ${KNOWN_RESIDENT_MISS[id] ? `inside its range (known miss: ${KNOWN_RESIDENT_MISS[id]})` : 'within 10% of the model and inside its range'}`, () => {
      const e = estimate(workloadFor(r));
      const anon = r.steady.status['RssAnon_bytes']!;
      const file = pageCache(r);
      const du = r.du_collection!.allocated_bytes;
      const walM = r.steady.by_group['wal']?.rss ?? 0;
      const walE = item(e, 'wal')!.bytes;
      rows.push(
        `| ${id} | ${mb(anon)} MB | ${mb(e.memory.residentBytes)} MB (${pct(rel(e.memory.residentBytes, anon))}) | ${mb(file)} MB | ${mb(cacheOf(e))} MB (${pct(rel(cacheOf(e), file))}) | ${mb(du)} MB | ${mb(e.disk.bytes)} MB (${pct(rel(e.disk.bytes, du))}) | ${mb(walM)} MB | ${mb(walE)} MB (${pct(rel(walE, walM))}) |`,
      );
      expect(anon).toBeGreaterThanOrEqual(e.memory.residentRange.low);
      expect(anon).toBeLessThanOrEqual(e.memory.residentRange.high);
      if (!KNOWN_RESIDENT_MISS[id]) expect(Math.abs(rel(e.memory.residentBytes, anon))).toBeLessThan(0.1);
    });
    const miss = KNOWN_CACHE_DISK_MISS[id] ? ` (known miss of the bar: ${KNOWN_CACHE_DISK_MISS[id]})` : '';
    it(`${id}: page cache (Pss_File) within 10% of the model and inside the range${miss}`, () => {
      // The WAL included (since s45: its entries packed into segments as the wal crate packs them, walShardKeptBytes).
      const e = estimate(workloadFor(r));
      const file = pageCache(r);
      expect(file).toBeGreaterThanOrEqual(e.memory.pageCacheRange.low);
      expect(file).toBeLessThanOrEqual(e.memory.pageCacheRange.high);
      if (!KNOWN_CACHE_DISK_MISS[id]) expect(Math.abs(rel(cacheOf(e), file))).toBeLessThan(0.1);
    });
    it(`${id}: disk (du of the collection) within 5% of the model and inside the range${miss}`, () => {
      const e = estimate(workloadFor(r));
      const du = r.du_collection!.allocated_bytes;
      if (!KNOWN_CACHE_DISK_MISS[id]) expect(Math.abs(rel(e.disk.bytes, du))).toBeLessThan(0.05);
      // Small configuration files (segment.json, version.info, shard and replica state: 28-33 KB per collection in
      // 4 KiB blocks) are not modelled: 1% of slack.
      expect(du).toBeGreaterThanOrEqual(e.disk.range.low * 0.99);
      expect(du).toBeLessThanOrEqual(e.disk.range.high * 1.01);
    });
    it(`${id}: the graph's resident file pages are what the model puts in page cache (on the heap only when pinned)${miss}`, () => {
      const e = estimate(workloadFor(r));
      const links = e.lineItems.filter((i) => i.structure === 'hnsw' && /\.links$|\.payload-links\.[^.]+$/.test(i.id));
      const residentGraph = r.steady.by_group['hnsw']?.rss ?? 0;
      const cached = links.filter((i) => i.residency === 'cache').reduce((a, i) => a + i.bytes, 0);
      const pinned = r.collection_body?.['hnsw_config']?.['memory'] === 'pinned';
      expect(e.lineItems.some((i) => i.id.endsWith('.links.heap'))).toBe(pinned);
      if (pinned) {
        // memory: pinned reads the graph into the heap: no file pages stay mapped (measured 0 B).
        expect(residentGraph).toBeLessThan(0.05 * links.reduce((a, i) => a + i.bytes, 0));
      } else if (links.length === 0) {
        // Below the indexing threshold: no graph in the model, none on the server.
        expect(residentGraph).toBe(0);
      } else if (cached === 0) {
        // on_disk graph: only pages touched by searches are resident, at most the file, which the model states within
        // its range (d384-hnsw-ondisk: 4.56 MB resident of a 4.63 MB file, modelled 4.49 MB).
        expect(residentGraph).toBeLessThan(links.reduce((a, i) => a + i.range.high, 0));
      } else if (residentGraph > 0) {
        // Inside the range: the unindexed tail (0 to indexing_threshold per shard) moves the graph by up to 10%.
        const lo = links.reduce((a, i) => a + i.range.low, 0);
        const hi = links.reduce((a, i) => a + i.range.high, 0);
        graphRows.push(`| ${id} | ${mb(residentGraph)} MB | ${mb(cached)} MB (${pct(rel(cached, residentGraph))}) | ${mb(lo)}-${mb(hi)} MB |`);
        expect(residentGraph).toBeGreaterThanOrEqual(lo);
        expect(residentGraph).toBeLessThanOrEqual(hi);
        if (!KNOWN_CACHE_DISK_MISS[id]) expect(Math.abs(rel(cached, residentGraph))).toBeLessThan(0.15);
      }
    });
    it(`${id}: the WAL's resident pages after the restart are within 10% of the model and inside its range`, () => {
      // Each shard's kept entries, as the wal crate packs the harness's requests (config.batch points each) into 32 MiB
      // segments: within -4.6% to +1.7% on these runs (the sawtooth's expectation over the record bytes' +-0.5%;
      // d384-6shards has two shards within 0.3% of a segment boundary); before s45, half an open segment: -24.8% to +34.9%.
      const e = estimate(workloadFor(r));
      const wal = item(e, 'wal')!;
      const measured = r.steady.by_group['wal']?.rss ?? 0;
      expect(measured).toBeGreaterThanOrEqual(wal.range.low * 0.98);
      expect(measured).toBeLessThanOrEqual(wal.range.high * 1.02);
      expect(Math.abs(rel(wal.bytes, measured))).toBeLessThan(0.1);
    });
  }

  // Runs after the configs above (vitest keeps the order): their rows are the tables docs/accuracy.md shows ("The real
  // server"); doc-rows.ts says why.
  it('docs/accuracy.md shows every row of these tables as printed here', () => {
    expect(rowsMissingFromDoc([...rows, ...graphRows]), REGENERATE).toEqual([]);
  });
});
