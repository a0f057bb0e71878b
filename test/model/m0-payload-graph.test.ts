/**
 * m = 0 with payload_m > 0 (s34): the payload blocks' sub-graphs are the whole graph, and graph.bin records one entry
 * point per block (measured on qdrant-edge-py 0.9.0: m0-payloadm16-keyword-50k, graph.bin 6,048 B = 60 + 12 x 499).
 */
import { describe, expect, it } from 'vitest';
import { estimate, type WorkloadInput } from '../../src/index.js';

const w = (m: number, index = true): WorkloadInput =>
  ({
    points: 50_000,
    qdrantVersion: '1.20.0',
    collection: {
      vectors: { size: 128, distance: 'Cosine' },
      hnsw_config: { m, ef_construct: 100, full_scan_threshold: 100, payload_m: 16 },
      optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: 1 },
    },
    payload: { avgBytes: 100, indexes: index ? [{ field_name: 'sku', field_schema: 'keyword', valuesPerPoint: 4, cardinality: 500, avgValueBytes: 7 }] : [] },
    assumptions: { nodeCpus: 2 },
  }) as WorkloadInput;
const bytes = (e: ReturnType<typeof estimate>, id: string) => e.lineItems.find((i) => i.id === id)?.bytes;

describe('m = 0 with payload_m 16', () => {
  it('graph.bin holds one entry point per payload block: 500 values of 50,000 x 4 / 500 = 400 points (> t = 100 x 1,024 / 512 = 200): 60 + 12 x 499 = 6,048 B, 500 x 16 = 8,000 B of heap', () => {
    const e = estimate(w(0));
    expect(bytes(e, 'hnsw.default.graph-bin')).toBe(6_048);
    expect(bytes(e, 'hnsw.default.entry-points')).toBe(8_000);
    // No main graph: no search visited lists or builder of one.
    expect(bytes(e, 'hnsw.default.visited-pool')).toBeUndefined();
  });
  // n = 49,999: the model keeps one point in the appendable tail at indexing_threshold 1 (graphPoints).
  it('without a payload index the empty graph is still written (1.20): 64 B header + 16 levels x 8 B (1 + floor(log2 49,999 = 15.61)) + 49,999 x 4 B reindex + ceil((2 x 49,999 + 1) / 8) = 12,500 B of 1-bit offsets + 7 B tail = 212,695 B; graph.bin 60 - 12 = 48 B; no entry points', () => {
    const e = estimate(w(0, false));
    expect(bytes(e, 'hnsw.default.links')).toBe(212_695);
    expect(bytes(e, 'hnsw.default.graph-bin')).toBe(48);
    expect(e.lineItems.filter((i) => i.id.startsWith('hnsw.')).map((i) => i.id).sort()).toEqual(['hnsw.default.graph-bin', 'hnsw.default.links']);
  });
  it('up to 1.19 (rounded level draw, E = sqrt(2) upper levels at m floored to 2): 17 levels (1 + floor(15.61 + 0.5)), ceil((49,999 x 2.41421 + 1) / 8) = ceil(15,088.7) = 15,089 B of offsets: 64 + 136 + 199,996 + 15,089 + 7 = 215,292 B', () => {
    const e = estimate({ ...w(0, false), qdrantVersion: '1.19.0' } as WorkloadInput);
    expect(bytes(e, 'hnsw.default.links')).toBe(215_292);
  });
  it('with m = 16 graph.bin keeps the main graph\'s entry points (floor(50,000 / 200) x 10 = 2,500, at most n - 1; 2,490 modelled by entryPointsPerSegment), not the blocks\'', () => {
    const e = estimate(w(16));
    expect(bytes(e, 'hnsw.default.graph-bin')).toBeGreaterThan(6_048);
  });
});
