/**
 * Two warnings the estimate gives (so the CLI text, JSON and the web page show them): inline storage's graph file far
 * above the vectors it replaces, and an id tracker tier that a collection too small to be indexed cannot use.
 */
import { describe, expect, it } from 'vitest';
import { estimate, type WorkloadInput } from '../../src/index.js';

const inline = (datatype: 'float32' | 'float16', quantization: object): WorkloadInput => ({
  points: '2M',
  qdrantVersion: '1.20.0',
  collection: { vectors: { size: 768, distance: 'Cosine', datatype }, quantization_config: quantization, hnsw_config: { inline_storage: true } },
  // d0 = 2m = 32 and du = m = 16 (the ratio 1 of the degree), so the figures below follow by hand.
  assumptions: { hnswDegreeRatio: 1 },
});
const growth = (w: WorkloadInput) => estimate(w).warnings.filter((x) => x.includes('inline storage (hnsw_config.inline_storage'));

describe('inline storage: the graph file against the vectors it replaces', () => {
  it('2M x 768-d float16, TurboQuant bits4: 9.4x, warned with the per-point figures', () => {
    // q = 768 / 2 + 8 = 392 B; links per point d0 + E du = 32 + 16 / 15 = 33.07 (E = 1/(m - 1), 1.20's floored draw);
    // per point 1,536 + 33.07 x 392 = 14,498.1 B against 768 x 2 = 1,536 B: F = 9.44.
    const w = growth(inline('float16', { turbo: { bits: 'bits4' } }));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/, 9\.4x the [0-9.]+ GB of the float16 vectors it replaces: each of the [0-9,]+ graph points stores its own 1,536 B vector beside 33\.1 links x 392 B quantized vectors \(over 4x/);
  });
  it('float32 with TurboQuant bits4 at the same degree: 5.2x, still over 4x', () => {
    // (3,072 + 12,962.1) / 3,072 = 5.22
    expect(growth(inline('float32', { turbo: { bits: 'bits4' } }))[0]).toMatch(/, 5\.2x the .* own 3,072 B vector beside 33\.1 links x 392 B/);
  });
  it('float32 with 1-bit binary: 2.0x, no warning', () => {
    // q = 768 / 8 = 96 B (+ no extra): (3,072 + 33.07 x 96) / 3,072 = 2.03
    expect(growth(inline('float32', { binary: { always_ram: true } }))).toEqual([]);
  });
});

describe('id_tracker.memory on a collection too small to be indexed', () => {
  const tracker = (points: string, memory: 'cold' | 'cached' | 'pinned') =>
    estimate({ points, collection: { vectors: { size: 768, distance: 'Cosine' }, id_tracker: { memory } } }).warnings.filter((x) => x.startsWith('id_tracker.memory'));
  // 5,000 x 3,072 B over 4 segments (default_segment_number auto for 8 CPUs) = 3,840,000 B each, under
  // indexing_threshold 10,000 KB = 10,240,000 B: nothing is optimized.
  it.each(['cold', 'cached'] as const)('%s: said to have no effect, naming the flag', (memory) => {
    expect(tracker('5k', memory)).toEqual([
      `id_tracker.memory ${memory} (--id-tracker-memory ${memory}) has no effect here: no segment reaches the indexing threshold, so none is optimized, and the appendable segments keep their point id mappings in RAM whatever the tier (it applies once segments are optimized)`,
    ]);
  });
  it('pinned (the default, RAM as the appendable tracker) and an indexed collection: nothing to say', () => {
    expect(tracker('5k', 'pinned')).toEqual([]);
    expect(tracker('10M', 'cold')).toEqual([]);
  });
});
