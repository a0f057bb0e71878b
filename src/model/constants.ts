/**
 * Every Qdrant constant the model uses, with the upstream source it was read from. Tags are Qdrant
 * git tags (github.com/qdrant/qdrant). Calibrated constants say which measurement fixed them
 * (data/calibration/, docs/accuracy.md).
 */

export interface Constant {
  value: number;
  source: string;
  note?: string;
}

const c = (value: number, source: string, note?: string): Constant => (note === undefined ? { value, source } : { value, source, note });

export const QDRANT = {
  /** Header "data" in front of matrix.dat of single-file dense storage. */
  denseHeaderBytes: c(4, 'qdrant@v1.19.0:lib/segment/src/vector_storage/dense/immutable_dense_vectors.rs'),
  /** Header "drop" in front of the deleted bitslice. */
  deletedHeaderBytes: c(4, 'qdrant@v1.19.0:lib/segment/src/vector_storage/dense/dense_vector_storage.rs'),
  /** Chunked vector storage chunk size (release builds). */
  chunkSizeBytes: c(32 * 1024 * 1024, 'qdrant@v1.19.0:lib/segment/src/vector_storage/common.rs (CHUNK_SIZE)'),
  /** Multivector offsets: {offset u32, count u32, capacity u32} per point. */
  multivectorOffsetBytes: c(12, 'qdrant@v1.19.0:lib/segment/src/vector_storage/multi_dense/appendable_mmap_multi_dense_vector_storage.rs (MultivectorMmapOffset)'),
  /** Quantized multivector offsets: {start u32, count u32} per point. */
  quantizedMultivectorOffsetBytes: c(8, 'qdrant@v1.19.0:lib/segment/src/vector_storage/quantized/quantized_multivector_storage/mod.rs (MultivectorOffset)'),
  /** Scalar int8: codes aligned to 16 plus an f32 correction per vector. */
  scalarAlignment: c(16, 'qdrant@v1.19.0:lib/quantization/src/encoded_vectors_u8.rs (ALIGNMENT)'),
  scalarExtraBytes: c(4, 'qdrant@v1.19.0:lib/quantization/src/encoded_vectors_u8.rs (ADDITIONAL_CONSTANT_SIZE = size_of::<f32>())'),
  /** PQ: 256 centroids of D f32 per segment. */
  pqCentroids: c(256, 'qdrant@v1.19.0:lib/quantization/src/encoded_vectors_pq.rs (CENTROIDS_COUNT)'),
  /** PQ codebooks are written as JSON (quantized.meta.json): measured 1,201,079 B for 256 x 384 floats = 12.2 B per float. */
  pqCodebookJsonBytesPerFloat: c(12.2, 'measured: qdrant-edge-py 0.9.0, quantized.meta.json of a 384-d PQ x16 segment (data/calibration/quant-pq16.json)'),
  /** PQ codebook heap after load: measured 9-15.5 B per centroid float (RssAnon of PQ x16/x32 runs minus their codes); 12 used. */
  pqCodebookHeapBytesPerFloat: c(12, 'measured: data/calibration/quant-pq16.json and quant-pq32.json, RssAnon above base minus N x code bytes (docs/accuracy.md)', 'range 9-16'),
  /** Binary quantization stores u128 words for single dense vectors: 16 bytes per 128 bits. */
  binaryWordBits: c(128, 'qdrant@v1.19.0:lib/segment/src/vector_storage/quantized/quantized_vectors/binary/create.rs (EncodedVectorsBin<u128, …>)'),
  /** Binary quantization of multivectors stores u8 words. */
  binaryMultiWordBits: c(8, 'qdrant@v1.19.0:lib/segment/src/vector_storage/quantized/quantized_vectors/binary/create.rs (create_binary_multi)'),
  /** TurboQuant per-vector extras, from 4,635,922 x 384-d bits1 = 0.260 GB (56 B/vector = 48 B codes + 8). */
  turboExtraBytes: c(8, 'https://qdrant.tech/articles/ (When Your Collection Outgrows RAM: 384-d bits1 = 0.260 GB for 4,635,922 vectors); qdrant@v1.19.0:lib/quantization/src/turboquant/encoding.rs', 'inferred from a published measurement'),
  /** HNSW: level-0 links m0 = 2m. */
  m0Factor: c(2, 'qdrant@v1.19.0:lib/segment/src/index/hnsw_index/config.rs (HnswGraphConfig::new: m0 = m * 2)'),
  /** Plain links format: reindex u32 per point, u32 per link, u64 offset per record, 64-byte header. */
  plainLinkBytes: c(4, 'qdrant@v1.12.0:lib/segment/src/index/hnsw_index/graph_links.rs'),
  plainOffsetBytes: c(8, 'qdrant@v1.12.0:lib/segment/src/index/hnsw_index/graph_links.rs'),
  plainHeaderBytes: c(64, 'qdrant@v1.12.0:lib/segment/src/index/hnsw_index/graph_links.rs'),
  reindexBytes: c(4, 'qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_links/serializer.rs (reindex: u32 per point)'),
  /** Compressed record header bits. */
  compressedRecordHeaderBits: c(5, 'qdrant@v1.19.0:lib/common/common/src/bitpacking_links.rs'),
  /** Minimum bit width of a packed link. */
  compressedMinBits: c(8, 'qdrant@v1.19.0:lib/common/common/src/bitpacking_links.rs'),
  /** Euler-Mascheroni-ish constant of the expected largest gap of d uniform samples: n (ln d + 0.58) / d. */
  maxGapConstant: c(0.58, 'order statistics of uniform spacings (expected maximum spacing ~ (ln d + gamma)/d, gamma = 0.5772)'),
  /** Bit-packed offsets: measured 1.71-1.78 bytes per point (all levels) for m in {8, 16, 32}. */
  compressedOffsetBytesPerPoint: c(1.75, 'qdrant@v1.19.0:lib/common/common/src/bitpacking_ordered.rs; measured with qdrant-edge-py 0.7.2 (docs/accuracy.md)'),
  /** vector_index/graph.bin: 3 B per point + 60 B (measured, qdrant-edge-py 0.7.2 = v1.19.0: 300,060 B for 100k points, 30,060 for 10k). */
  graphBinBytesPerPoint: c(3, 'measured: qdrant-edge-py 0.7.2 (v1.19.0 tag), vector_index/graph.bin of 10k and 100k point segments (docs/accuracy.md)'),
  graphBinHeaderBytes: c(60, 'measured: qdrant-edge-py 0.7.2 (v1.19.0 tag), vector_index/graph.bin'),
  compressedHeaderBytes: c(128, 'qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_links/header.rs (HeaderCompressed) + graph.bin'),
  /**
   * Average level-0 degree after heuristic pruning, calibrated on Qdrant's engine (qdrant-edge-py 0.7.2 =
   * the v1.19.0 tag's segment code; docs/accuracy.md): deg0(m, n) = K(n) (1 - exp(-2m / K(n))),
   * K(n) = degreeK * (n / degreeRefPoints) ^ degreeExponent. It saturates in m (the heuristic prunes
   * more links the more it is allowed) and grows slowly with the segment's points.
   */
  degreeK: c(24, 'calibrated: qdrant-edge-py 0.7.2 (v1.19.0) and 0.9.0, Gaussian-mixture data 64-384-d, m in {8, 16, 32}, n 10k-300k (docs/accuracy.md)'),
  degreeRefPoints: c(100_000, 'calibration reference segment size (docs/accuracy.md)'),
  degreeExponent: c(0.136, 'calibrated: K(10k) = 17.5, K(100k) = 24 (docs/accuracy.md)'),
  /** deg0 grows with ef_construct: measured 16.6 / 17.9 / 18.4 links at ef 64 / 100 / 128 (m=16, 100k, 384-d). */
  degreeEfExponent: c(0.15, 'calibrated: data/calibration/hnsw-ef64.json, base.json, hnsw-ef128.json'),
  /**
   * Graphs built on quantized scores keep more links: measured deg0 relative to unquantized (m=16, 100k, 384-d):
   * scalar 0.99, product 1.10-1.16, binary 1.10-1.12, turbo 1-2 bit 1.29, turbo 4 bit 1.10.
   */
  degreeQuantFactor: { scalar: 1.0, product: 1.12, binary: 1.11, turboLow: 1.29, turbo4: 1.1, source: 'calibrated: data/calibration/quant-*.json (deg0 vs base.json)' },
  /** Upper levels are fuller: measured 0.91 m average links on level 1 (m=16, n=100k). */
  upperFill: c(0.9, 'calibrated: decoded links_compressed.bin, data/calibration/base.json levels_detail'),
  /** Uncertainty of the calibrated degree (data dependent: intrinsic dimension of the embeddings). */
  degreeLowFactor: c(0.8, 'calibration spread across data sets and engine builds (docs/accuracy.md)'),
  /** The high end of the degree is the full degree m0 = 2m: measured on uniform-random data (31.98 of 32 links at m=16). */
  /** Per-record link widths vary around the expected-largest-gap width: +5% on the high end of the graph bytes (uniform data: 61.4 B/point measured vs 61.1 at full degree). */
  linkWidthHighFactor: c(1.05, 'measured: data/calibration/uniform-d128.json (decoded average bits per link vs the formula)'),
  /** HNSW builder heap per point: 24 B outer Vec + 32 B per level (RwLock + Vec) + 4 B per reserved link + ~16 B allocator overhead per allocation. */
  builderOuterBytes: c(24, 'qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_layers_builder.rs (new_with_params)'),
  builderPerLevelBytes: c(48, 'qdrant@v1.19.0:lib/segment/src/index/hnsw_index/links_container.rs (RwLock<LinksContainer> 32 B + ~16 B allocator overhead)'),
  /** Visited lists: 1 byte per point, pool keeps up to clamp(cpus, 16, 128) lists per segment. */
  visitedBytesPerPoint: c(1, 'qdrant@v1.19.0:lib/segment/src/index/visited_pool.rs'),
  poolKeepMin: c(16, 'qdrant@v1.19.0:lib/common/common/src/defaults.rs (POOL_KEEP_LIMIT = clamp(cpus, 16, 128))'),
  poolKeepMax: c(128, 'qdrant@v1.19.0:lib/common/common/src/defaults.rs (POOL_KEEP_LIMIT)'),
  /** Immutable id tracker RAM, compressed (v1.13.5+): u128 internal->external (16) + is_uuid bit + sorted (u64,u32) 16 | (Uuid,u32) 20 + u32 version + deleted bit. */
  idTrackerRamNumeric: c(16 + 1 / 8 + 16 + 4 + 1 / 8, 'qdrant@v1.19.0:lib/segment/src/id_tracker/immutable_id_tracker/mod.rs, id_tracker/compressed/*'),
  idTrackerRamUuid: c(16 + 1 / 8 + 20 + 4 + 1 / 8, 'qdrant@v1.19.0:lib/segment/src/id_tracker/immutable_id_tracker/mod.rs, id_tracker/compressed/*'),
  /** Before v1.13.5: Vec<PointIdType> (24) + BTreeMap entry (~32 numeric, ~40 UUID) + Vec<u64> versions (8). */
  idTrackerRamLegacyNumeric: c(24 + 32 + 8, 'qdrant@v1.13.0:lib/segment/src/id_tracker/immutable_id_tracker.rs (before PR qdrant/qdrant#6023)', 'struct-derived, about 2x the compressed layout'),
  idTrackerRamLegacyUuid: c(24 + 40 + 8, 'qdrant@v1.13.0:lib/segment/src/id_tracker/immutable_id_tracker.rs (before PR qdrant/qdrant#6023)', 'struct-derived'),
  /**
   * Heap per point of an indexed segment that no structure accounts for (allocator, bookkeeping): the
   * measured RssAnon slope is 45 B/point (128-d, 100k -> 300k points) against 37.25 B/point of id
   * tracker and one visited list.
   */
  unattributedHeapPerPoint: c(8, 'measured: data/calibration/nsweep-d128-m16-n100k.json and -n300k.json, RssAnon above the empty shard after searches (docs/accuracy.md)', 'range 4-12'),
  /** Mutable id tracker (appendable segments): Vec<PointIdType> 24 + BTreeMap entry ~26 + u64 version 8. */
  idTrackerRamMutable: c(24 + 26 + 8, 'qdrant@v1.19.0:lib/segment/src/id_tracker/point_mappings.rs, mutable_id_tracker/mod.rs', 'range 55-65'),
  /** id_tracker.mappings: 8-byte header + 13 B (numeric) / 21 B (UUID) per point; versions 8 B per point. */
  idMappingHeaderBytes: c(8, 'qdrant@v1.19.0:lib/segment/src/id_tracker/immutable_id_tracker/mappings_storage.rs'),
  idMappingNumericBytes: c(13, 'qdrant@v1.19.0:lib/segment/src/id_tracker/immutable_id_tracker/mappings_storage.rs'),
  idMappingUuidBytes: c(21, 'qdrant@v1.19.0:lib/segment/src/id_tracker/immutable_id_tracker/mappings_storage.rs'),
  idVersionBytes: c(8, 'qdrant@v1.19.0:lib/segment/src/id_tracker/immutable_id_tracker/mod.rs (versions file)'),
  /** Gridstore: 128-byte blocks, 16-byte tracker pointer per point, LZ4 with a 4-byte size prefix. */
  gridBlockBytes: c(128, 'qdrant@v1.19.0:lib/blobstore/src/config.rs (block size)'),
  gridTrackerBytes: c(16, 'qdrant@v1.19.0:lib/blobstore/src/tracker/mod.rs (OptionalPointer)'),
  lz4PrefixBytes: c(4, 'lz4_flex compress_prepend_size; qdrant@v1.19.0:lib/segment/src/payload_storage/payload_storage_impl.rs'),
  /** Heap serde_json copy of payloads (on_disk_payload=false before v1.16): about 3x the JSON text. */
  payloadHeapFactor: c(3, 'qdrant@v1.15.0:lib/segment/src/payload_storage/in_memory_payload_storage.rs (serde_json::Value per point)', 'struct-derived, range 2-6x'),
  /** Sparse: PostingElementEx {u32 id, f32 weight, f32 max_next_weight} for appendable segments. */
  sparseMutableElementBytes: c(12, 'qdrant@v1.19.0:lib/sparse/src/index/posting_list_common.rs (PostingElementEx)'),
  /** Compressed posting lists: bit-packed ids (about 12 bits) + weight + 8 B per 128-element chunk. */
  sparseIdBits: c(12, 'qdrant@v1.19.0:lib/sparse/src/index/compressed_posting_list.rs (BitPacker4x)', 'data dependent, range 8-20 bits'),
  sparseChunkBytes: c(8, 'qdrant@v1.19.0:lib/sparse/src/index/compressed_posting_list.rs (initial, offset per chunk of 128)'),
  sparseChunkLen: c(128, 'qdrant@v1.19.0:lib/sparse/src/index/compressed_posting_list.rs'),
  /** Sparse storage value: bincode lengths (8 + 8) + delta-packed indices (~2 B each) + f32 values. */
  sparseStoredLenBytes: c(16, 'qdrant@v1.19.0:lib/segment/src/vector_storage/sparse/stored_sparse_vectors.rs'),
  sparseIndexBytes: c(2, 'qdrant@v1.19.0:lib/segment/src/vector_storage/sparse/stored_sparse_vectors.rs (delta-packed indices)', 'data dependent, range 1-4'),
  /** WAL: 32 MiB segments, 0 ahead, 1 closed retained (v1.16+). */
  walCapacityMb: c(32, 'qdrant@v1.19.0:config/config.yaml (storage.wal.wal_capacity_mb); lib/collection/src/config.rs (WalConfig::default)'),
  /** An idle Qdrant process: 140-190 MB reported for an empty collection on v1.12.1. */
  processBaselineBytes: c(200 * 1024 * 1024, 'https://qdrant.tech/documentation/guides/capacity-planning/ and Qdrant LAION tutorial (empty process 140-190 MB)', 'range 140-300 MB'),
} as const;

/** Payload index bytes per point-value (heap, immutable) and per distinct value. Struct-derived, low-medium confidence. */
export const PAYLOAD_INDEX = {
  keyword: { perValue: 32, low: 28, high: 40, perDistinctExtra: 50 },
  integer: { perValue: 55, low: 45, high: 65, perDistinctExtra: 0 },
  float: { perValue: 32, low: 24, high: 40, perDistinctExtra: 0 },
  datetime: { perValue: 32, low: 24, high: 40, perDistinctExtra: 0 },
  uuid: { perValue: 40, low: 32, high: 56, perDistinctExtra: 0 },
  geo: { perValue: 50, low: 40, high: 80, perDistinctExtra: 0 },
  bool: { perValue: 1, low: 0.25, high: 2, perDistinctExtra: 0 },
  /** per token occurrence; tokens = avgValueBytes / 6 */
  text: { perValue: 10, low: 6, high: 20, perDistinctExtra: 0 },
} as const;

export const PAYLOAD_INDEX_SOURCE =
  'qdrant@v1.19.0:lib/segment/src/index/field_index/ (map_index, numeric_index, bool_index, geo_index, full_text_index); https://qdrant.tech/documentation/ops-monitoring/memory-usage/';
