/**
 * The qsize workload for a config of test/calibration/harness.py (its matrix and the payload-indexed configs run on the
 * real server by server_graph_maps.py payload): shared by engine.test.ts and engine-identity.test.ts.
 */
import type { WorkloadInput } from '../../src/index.js';

export interface Measured {
  config_id: string;
  config: Record<string, any>;
  engine: { qdrant_edge_py: string };
  files?: {
    groups_main_segment: Record<string, { apparent: number; allocated: number }>;
    files: { path: string; apparent: number; allocated: number; group: string }[];
  };
  hnsw_decoded?: Record<string, any> | null;
  derived?: Record<string, any>;
  build?: { optimize_seconds: number; payload_json_bytes_avg?: number; sparse_avg_nnz?: number; multivector_inner_vectors?: number };
  links_file_bytes?: number;
  optimize_seconds?: number;
}

const QUANT: Record<string, unknown> = {
  sq8: { scalar: { type: 'int8' } },
  pq4: { product: { compression: 'x4' } },
  pq8: { product: { compression: 'x8' } },
  pq16: { product: { compression: 'x16' } },
  pq32: { product: { compression: 'x32' } },
  pq64: { product: { compression: 'x64' } },
  bq1: { binary: { encoding: 'one_bit' } },
  'bq1.5': { binary: { encoding: 'one_and_half_bits' } },
  bq2: { binary: { encoding: 'two_bits' } },
  tq1: { turbo: { bits: 'bits1' } },
  'tq1.5': { turbo: { bits: 'bits1_5' } },
  tq2: { turbo: { bits: 'bits2' } },
  tq4: { turbo: { bits: 'bits4' } },
};
const tier = (v: string | null | undefined) => (v ? (v.toLowerCase() as 'cold' | 'cached' | 'pinned') : undefined);

/**
 * What the harness's generators put in the payload (test/calibration/harness.py, gen_payload), worked out
 * from the generator, not from the model:
 * - LZ4 ratio 0.95: the reference LZ4 compressor (python lz4 4.4.5, size prepended like lz4_flex's
 *   compress_prepend_size) over 100,000 generated payloads gives 154.7 B for 158.2 B of JSON:
 *   (154.7 - 4) / 158.2 = 0.953; every payload then takes exactly two 128-byte blocks, as the engine's
 *   25,600,000 allocated bytes of page_0.dat for 100,000 points show.
 * - "category" is cat_0 .. cat_99: 100 values of (10 x 5 + 90 x 6) / 100 = 5.9 bytes.
 * - "price" is uniform over 1,000,000 integers: N draws leave 1e6 (1 - e^(-N / 1e6)) distinct values.
 * - "ts" is 1,700,000,000 + the point's number (values rising with the point ids).
 */
const HARNESS_LZ4_RATIO = 0.95;
/**
 * With the ~1.9 KB `text` field of `ids-uuid-payload2k` (payload_blob_bytes 1900: 316 words of the same 24-word
 * vocabulary) the reference LZ4 and Qdrant's compressor differ: replayed through lz4_flex 0.14.0 (Qdrant v1.19.0's,
 * compress_prepend_size; the generator's payloads in insertion order, as serde_json with preserve_order writes them,
 * seed 49, 100,000 payloads) they take 1,019.5 B for 1,799.9 B of JSON: (1,019.5 - 4) / 1,799.9 = 0.564; python lz4
 * 4.4.5 gives 973.2 B (0.538). For the 158-byte payloads both give 2 blocks (lz4_flex 153.4 B, ratio 0.944).
 */
const HARNESS_LZ4_RATIO_BLOB = 0.564;
const harnessPayload = (c: Record<string, any>, m: Measured) => ({
  avgBytes: m.build!.payload_json_bytes_avg!,
  compressionRatio: c.payload_blob_bytes ? HARNESS_LZ4_RATIO_BLOB : HARNESS_LZ4_RATIO,
  // payload_indexes: true indexes both fields, a field name that field alone (harness.py, payload_block_configs).
  indexes: [
    { field_name: 'category', field_schema: 'keyword' as const, cardinality: 100, avgValueBytes: (10 * 5 + 90 * 6) / 100 },
    { field_name: 'price', field_schema: 'integer' as const, cardinality: Math.round(1e6 * (1 - Math.exp(-c.n / 1e6))) },
    // "ts" is 1,700,000,000 + the point's number: every value distinct, rising with the point ids (indexed only when
    // named: fst10-ts-only, s35).
    { field_name: 'ts', field_schema: 'integer' as const, cardinality: c.n, valueOrder: 'point-order' as const },
  ].filter((f) => (c.payload_indexes === true && f.field_name !== 'ts') || c.payload_indexes === f.field_name),
});

/**
 * The qsize workload for one measured config: one shard, one indexed segment. `legacy`: the config as the
 * harness sets it on qdrant-edge-py 0.7.2, whose bindings have only the pre-tier fields (harness.py,
 * LEGACY_FIELDS): Cold originals or graph = on_disk, Pinned / Cold quantized copy = always_ram true / false,
 * Cached payload = on_disk_payload false.
 */
export function workloadFor(c: Record<string, any>, m?: Measured, legacy = false): WorkloadInput {
  const vec: Record<string, unknown> = { size: c.d, distance: c.distance ?? 'Cosine', datatype: c.dtype ?? 'float32' };
  const vm = tier(c.vec_memory);
  if (vm) Object.assign(vec, legacy ? { on_disk: vm === 'cold' } : { memory: vm });
  if (c.multivector) vec.multivector_config = { comparator: 'max_sim' };
  const q = c.quant && c.quant !== 'none' ? structuredClone(QUANT[c.quant]) as Record<string, Record<string, unknown>> : undefined;
  const qm = tier(c.quant_memory);
  if (q && qm) Object.assign(Object.values(q)[0]!, legacy ? { always_ram: qm === 'pinned' } : { memory: qm });
  // 0.9.0 with inline storage does not load the quantized storage (measured: inline-bq1-hnswcold's live heap is
  // that of base, 5.4 MB); v1.19.0 loads it (10.2 MB), as qsize models.
  else if (q && c.inline_storage && !legacy) Object.assign(Object.values(q)[0]!, { memory: 'cold' });
  // The harness builds at Qdrant's default full_scan_threshold (10,000 KB) unless the config says otherwise; the
  // first matrix was built with 10 KB (its configs say so: test/calibration/harness.py, FST10).
  const hnsw: Record<string, unknown> = { m: c.m, ef_construct: c.ef, full_scan_threshold: c.full_scan_threshold_kb ?? 10 };
  const hm = tier(c.hnsw_memory);
  if (hm) Object.assign(hnsw, legacy ? { on_disk: hm === 'cold' } : { memory: hm });
  // qdrant-edge-py 0.9.0's default keeps the graph in page cache (measured: the live heap of hnsw-m8, base
  // and hnsw-m32 agrees within 0.1 MB while their links files differ by 2 MB), unlike v1.19.0's heap copy.
  else if (!legacy) hnsw.memory = 'cached';
  if (c.inline_storage) hnsw.inline_storage = true;
  const pm = tier(c.payload_memory);
  const im = tier(c.id_tracker_memory);
  const w: WorkloadInput = {
    points: c.n,
    // 0.9.0 is the engine of the 1.20 period (docs/accuracy.md); 0.7.2 is a 1.18 dev build (api 1.18.2-dev) standing in for v1.19.0 (data/calibration/engine-identity/).
    qdrantVersion: legacy ? '1.19.0' : '1.20.0',
    pointIdType: c.ids === 'uuid' ? 'uuid' : 'numeric',
    collection: {
      ...(c.sparse ? { sparse_vectors: { sp: {} } } : { vectors: vec as never }),
      hnsw_config: hnsw,
      ...(q ? { quantization_config: q as never } : {}),
      ...(pm ? (legacy ? { on_disk_payload: pm === 'cold' } : { payload: { memory: pm } }) : {}),
      ...(im && !legacy ? { id_tracker: { memory: im } } : {}),
      optimizers_config: { default_segment_number: 1, max_segment_size: 1_000_000_000, indexing_threshold: c.indexing_threshold_kb ?? 1 },
    },
    // Uniform-random data (the harness's `uniform` generator, 128-3072-d): the neighbour heuristic prunes nothing, every
    // level-0 slot fills (31.98 of 32 links at m=16, both engines), which a user states as hnswDegreeRatio 1 (the
    // degree curves are fitted on clustered data).
    // The in-process engine allocates with glibc (src/model/allocator.ts).
    assumptions: { nodeCpus: 2, searchThreads: 1, allocator: 'glibc', ...(c.data === 'uniform' ? { hnswDegreeRatio: 1 } : {}) },
  };
  if (m && c.payload) w.payload = harnessPayload(c, m);
  // Measured statistics of the generated data (build.*), not model outputs.
  if (m && c.sparse) w.sparse = { sp: m.build!.sparse_avg_nnz! };
  if (m && c.multivector) w.multivector = { '': m.build!.multivector_inner_vectors! / c.n };
  return w;
}
