/**
 * Heap of a loaded shard on the released v1.19.0 engine, an early ad hoc run (data/calibration/v1.19.0-ram/heap.json,
 * written by test/calibration/heap_v1_19.py on qdrant-edge-py 0.7.2): RssAnon after EdgeShard.load minus before, one
 * indexed segment of 100k clustered points, NOT trimmed (so each figure also carries 4-5 MB of allocator residue; the
 * v1.19.0 RAM matrix in data/calibration/v1.19.0-matrix/ measures the live heap and supersedes it). Differences
 * between two loads cancel most of the residue, so they are checked here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimate, type WorkloadInput } from '../../src/index.js';

interface Row { d: number; binary_1bit: boolean; inline: string; n: number; rss_anon_load_delta_bytes: number }
const rows = (JSON.parse(readFileSync('data/calibration/v1.19.0-ram/heap.json', 'utf8')) as { rows: Row[] }).rows;
const anon = (d: number, binary: boolean, inline: string, n = 100_000) =>
  rows.find((r) => r.d === d && r.binary_1bit === binary && r.inline === inline && r.n === n)!.rss_anon_load_delta_bytes;

const workload = (d: number, binary: boolean, inline: boolean, hnswOnDisk: boolean): WorkloadInput => ({
  points: 100_000,
  qdrantVersion: '1.19.0',
  collection: {
    vectors: { size: d, distance: 'Cosine' },
    hnsw_config: { m: 16, ef_construct: 64, full_scan_threshold: 10, ...(inline ? { inline_storage: true } : {}), ...(hnswOnDisk ? { on_disk: true } : {}) },
    ...(binary ? { quantization_config: { binary: {} } } : {}),
    optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: 1 },
  },
  assumptions: { nodeCpus: 2, searchThreads: 1, allocator: 'glibc' },
});
/**
 * The in-process qdrant-edge-py 0.7.2 (api 1.18.2-dev, a 1.18 dev build, not the v1.19.0 tag) holds an in-RAM graph file on its heap; the v1.19.0
 * server maps it (page cache, data/calibration/server-v1.19.0/), and qsize follows the server. To compare with this
 * engine's heap, the graph files qsize puts in page cache are added back.
 */
const heapItems = (w: WorkloadInput) =>
  estimate(w)
    .lineItems.filter((i) => (i.residency === 'ram' && !i.id.startsWith('process.')) || (i.residency === 'cache' && i.structure === 'hnsw'))
    .reduce((a, i) => a + i.bytes, 0);
const quantHeap = (w: WorkloadInput) => estimate(w).lineItems.filter((i) => i.residency === 'ram' && i.id.startsWith('quantization.')).reduce((a, i) => a + i.bytes, 0);

describe('v1.19.0 engine: heap after loading a shard', () => {
  it('a binary 1-bit copy is on the heap without inline storage, within 10% of the model (100k x 384-d: 4.8 MB)', () => {
    const measured = anon(384, true, 'no') - anon(384, false, 'no');
    const model = quantHeap(workload(384, true, false, false));
    expect(model).toBe(100_000 * 48); // 384 bits = 48 B per vector
    expect(Math.abs(model / measured - 1)).toBeLessThan(0.1);
  });

  it('with inline storage and the graph on disk, the codes stay on the heap and the graph leaves it (within 10%)', () => {
    // Against the unquantized shard with its graph on the heap: + 4.8 MB of codes, - the plain graph file.
    const measured = anon(384, true, 'graph on disk') - anon(384, false, 'no');
    const model = heapItems(workload(384, true, true, true)) - heapItems(workload(384, false, false, false));
    expect(quantHeap(workload(384, true, true, true))).toBe(100_000 * 48);
    expect(Math.abs(model - measured)).toBeLessThan(0.1 * 100_000 * 48);
  });

  it('with inline storage and the graph in RAM, the whole inline graph file is heap (within 10%)', () => {
    const measured = anon(384, true, 'graph in RAM') - anon(384, false, 'no');
    const model = heapItems(workload(384, true, true, false)) - heapItems(workload(384, false, false, false));
    expect(Math.abs(model / measured - 1)).toBeLessThan(0.1);
  });

  it('untrimmed, the heap a loaded shard adds hardly depends on the dimension here (9.1-9.9 MB at 100k points, 128-768-d)', () => {
    const xs = [128, 384, 768].map((d) => anon(d, false, 'no'));
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(1e6);
    // An empty shard adds next to nothing.
    for (const d of [128, 384, 768]) expect(anon(d, false, 'no', 0)).toBeLessThan(100_000);
  });
});
