/**
 * Heap of a loaded shard on the released v1.19.0 engine (data/calibration/v1.19.0-ram/heap.json, written by
 * test/calibration/heap_v1_19.py on qdrant-edge-py 0.7.2): RssAnon after EdgeShard.load minus before, one indexed
 * segment of 100k clustered points.
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
  assumptions: { nodeCpus: 2, searchThreads: 1 },
});
const quantHeap = (w: WorkloadInput) => estimate(w).lineItems.filter((i) => i.residency === 'ram' && i.id.startsWith('quantization.')).reduce((a, i) => a + i.bytes, 0);

describe('v1.19.0 engine: heap after loading a shard', () => {
  it('a binary 1-bit copy is on the heap without inline storage, within 10% of the model (100k x 384-d: 4.8 MB)', () => {
    const measured = anon(384, true, 'no') - anon(384, false, 'no');
    const model = quantHeap(workload(384, true, false, false));
    expect(model).toBe(100_000 * 48); // 384 bits = 48 B per vector
    expect(Math.abs(model / measured - 1)).toBeLessThan(0.1);
  });

  it('with inline storage the quantized copy stays off the heap (the graph carries the quantized vectors)', () => {
    // Graph on disk: the whole difference to the unquantized shard is under 1 MB, against 4.8 MB of codes.
    expect(anon(384, true, 'graph on disk') - anon(384, false, 'no')).toBeLessThan(1e6);
    expect(quantHeap(workload(384, true, true, true))).toBe(0);
    expect(quantHeap(workload(384, true, true, false))).toBe(0);
  });

  it('the loaded-shard heap above an empty shard hardly depends on the dimension here (9.1-9.9 MB at 100k points, 128-768-d)', () => {
    const xs = [128, 384, 768].map((d) => anon(d, false, 'no'));
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(1e6);
    // An empty shard adds next to nothing: the constant belongs to loading a non-empty indexed segment.
    for (const d of [128, 384, 768]) expect(anon(d, false, 'no', 0)).toBeLessThan(100_000);
  });
});
