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

/** Where the payload heap factor comes from: Qdrant's container and the probe that measured it. */
const PAYLOAD_HEAP_SOURCE =
  'measured: data/calibration/payload-heap/simple-payload-storage-v1.15.0.json (test/calibration/payload-heap-probe: the container of qdrant@v1.15.0:lib/segment/src/payload_storage/simple_payload_storage.rs, AHashMap<PointOffsetType, Payload> filled by serde_cbor::from_slice, Payload = serde_json Map with preserve_order, lib/segment/src/types.rs; the crates of its Cargo.lock, jemalloc stats.allocated; on_disk_payload=false is PayloadStorageType::InMemory before 1.16, lib/collection/src/config.rs)';

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
  pqCodebookHeapBytesPerFloat: c(8, 'measured: data/calibration/quant-pq16.json, quant-pq32.json and v1.19.0-matrix/ (live heap above base minus N x code bytes: 11.5 and 8.2 B per float on 0.9.0, 5.5 and 5.5 on v1.19.0; docs/accuracy.md)', 'range 5-12'),
  /** Binary quantization stores u128 words for single dense vectors: 16 bytes per 128 bits. */
  binaryWordBits: c(128, 'qdrant@v1.19.0:lib/segment/src/vector_storage/quantized/quantized_vectors/binary/create.rs (EncodedVectorsBin<u128, …>)'),
  /** Binary quantization of multivectors stores u8 words. */
  binaryMultiWordBits: c(8, 'qdrant@v1.19.0:lib/segment/src/vector_storage/quantized/quantized_vectors/binary/create.rs (create_binary_multi)'),
  /** TurboQuant per-vector extras, from 4,635,922 x 384-d bits1 = 0.260 GB (56 B/vector = 48 B codes + 8). */
  turboExtraBytes: c(8, 'https://qdrant.tech/articles/ (When Your Collection Outgrows RAM: 384-d bits1 = 0.260 GB for 4,635,922 vectors); qdrant@v1.19.0:lib/quantization/src/turboquant/encoding.rs', 'inferred from a published measurement'),
  /** TurboQuant bits8 (1.20) stores D bytes and a 4-byte extra per vector. */
  turboBits8ExtraBytes: c(4, 'measured: qdrant-edge-py 0.9.0, quantized.data of 5,000 x 384-d TurboQuant bits8 = 1,940,000 B (data/calibration/v1.20-structures/edge-0.9.0.json)'),
  /**
   * TurboQuant's f32 L2 length, stored with every Euclid vector beside the scale (TQ datatypes and TurboQuant
   * quantization alike): measured +4 B a vector at Euclid against Cosine (and Dot, Manhattan).
   */
  turboEuclidL2Bytes: c(4, 'qdrant@v1.19.0:lib/quantization/src/turboquant/encoding.rs (TqVectorExtras::size_for: l2_length for DistanceType::L2 only); measured: qdrant-edge-py 0.9.0, 128-d, TurboQuant bits1/1.5/2/4/8 24/32/40/72/132 B Cosine, 28/36/44/76/136 Euclid (data/calibration/v1.20-structures/edge-0.9.0.json, tq-*-d128), datatypes turbo4/8/16 68/132/260 and 72/136/264 (turbo-multivectors-0.9.0.json)'),
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
  /** Bit-packed offsets: measured 1.71-1.78 bytes per point (all levels) for m in {8, 16, 32}. */
  compressedOffsetBytesPerPoint: c(1.75, 'qdrant@v1.19.0:lib/common/common/src/bitpacking_ordered.rs; measured with qdrant-edge-py 0.7.2 (api 1.18.2-dev) and the same on the v1.19.0 server: 260,008 B of id_tracker.mappings for 20,000 points (data/calibration/engine-identity/)'),
  /**
   * A links file without links (m = 0 and no payload block sub-graphs): every record is empty, so all its offsets are
   * 0 and bitpacking_ordered packs them at base_bits 1, delta_bits 1 (Parameters::find_best; 8-value chunks of one
   * byte), 1 bit per record, plus its 7-byte tail; the file keeps its 64-byte HeaderCompressed, one u64 offset per
   * level and the u32 reindex. Measured on qdrant-edge-py 0.9.0 (data/calibration/v1.20-structures/
   * payload-indexes-0.9.0.json, m0-noindex-20k decoded: 64 + 15 x 8 + 80,000 + 5,034 = 85,218 B).
   */
  emptyLinksOffsetBits: c(1, 'qdrant@v1.19.0:lib/common/common/src/bitpacking_ordered.rs (Parameters::try_all: base_bits = packed_bits(last).max(1), delta_bits at least 1); measured m0-noindex-20k/100k (data/calibration/v1.20-structures/payload-indexes-0.9.0.json)'),
  offsetsTailBytes: c(7, 'qdrant@v1.19.0:lib/common/common/src/bitpacking_ordered.rs (TAIL_SIZE = 7)'),
  compressedFileHeaderBytes: c(64, 'qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_links/header.rs (HeaderCompressed: 6 u64, Parameters of 11 B, 5 B padding)'),
  linksLevelOffsetBytes: c(8, 'qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_links/serializer.rs (2. level offsets: one u64 per level)'),
  /**
   * vector_index/graph.bin (bincode of GraphLayerData): m, m0, ef_construct (u64 each), the entry point Vec (length +
   * one 12-byte entry), the extra entry point queue (length + 12 B per entry + its capacity, u64) = 60 B + 12 B per
   * extra entry. Measured: 1,200,048 B = 60 + 12 x 99,999 (100k x 384-d, full_scan_threshold 10 KB) and 1,860 B =
   * 60 + 12 x 150 (the default 10,000 KB), qdrant-edge-py 0.9.0 and 0.7.2 alike; 300,060 B for 100k x 64-d at 10 KB.
   */
  graphBinHeaderBytes: c(60, 'qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_layers.rs (GraphLayerData, bincode); measured: data/calibration/base.json, fst10-base.json (graph.bin)'),
  graphBinEntryBytes: c(12, 'qdrant@v1.19.0:lib/segment/src/index/hnsw_index/entry_points.rs (EntryPoint {point_id: u32, level: usize}, bincode fixed-int); measured: data/calibration/base.json, fst10-base.json'),
  /**
   * Loaded, graph.bin's entry points are a Vec / BinaryHeap of EntryPoint {u32, usize}: 16 B each (alignment 8) on
   * the heap. Measured: 100k x 384-d at full_scan_threshold 10 KB (99,999 entries) holds 1.64 MB more live heap than
   * at the default (150): 16.4 B per entry (qdrant-edge-py 0.9.0, data/calibration/fst10-base.json vs base.json).
   */
  entryPointHeapBytes: c(16, 'qdrant@v1.19.0:lib/segment/src/index/hnsw_index/entry_points.rs (EntryPoints: Vec<EntryPoint> + FixedLengthPriorityQueue<EntryPoint>), graph_layers.rs (GraphLayers::load); measured: data/calibration/fst10-base.json vs base.json live heap'),
  compressedHeaderBytes: c(128, 'qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_links/header.rs (HeaderCompressed) + graph.bin'),
  /**
   * Average level-0 degree: deg0 = ((2m)^-p + K^-p)^(-1/p), K = degreeK (n / degreeRefPoints)^degreeExponent
   * (ef_construct / 100)^degreeEfExponent: lists sit near full when 2m is small (reverse links are appended until a list
   * holds 2m and only then re-pruned: links_container.rs, connect_with_heuristic) and near K, the degree the neighbour
   * heuristic leaves, when it is large. Calibrated on the decoded graphs of qdrant-edge-py 0.7.2 (api 1.18.2-dev, standing in for v1.19.0) and 0.9.0
   * (the two agree on level 0): Gaussian-mixture data, 128-3072-d, m 4-64, ef_construct 64-400, 30k-1M points
   * (docs/accuracy.md). A fit: the heuristic's pruning depends on the data.
   */
  degreeK: c(27, 'calibrated: data/calibration/*.json and v1.19.0-matrix/*.json (hnsw_decoded deg0_avg; docs/accuracy.md)'),
  degreeRefPoints: c(100_000, 'calibration reference segment size (docs/accuracy.md)'),
  degreeExponent: c(0.09, 'calibrated: the 128-d n-sweeps, 30k-1M points, m 8/16/32 (docs/accuracy.md)'),
  /**
   * Below ns points the calibration data keep more links, a ln(ns / n) more in K: the ef_construct candidates of a
   * sparser sample reach across more of the data's 256 clusters, in more directions, and prune each other less (the
   * build has no size-dependent step besides the candidates: graph_layers_builder.rs, link_new_point /
   * search_on_level). Standalone graphs of the matrix data (100k x 384-d, m=16, ef_construct 100, qdrant-edge-py
   * 0.7.2: api 1.18.2-dev, a 1.18 dev build standing in for v1.19.0) keep 21.42 / 22.96 / 23.31 / 22.28 / 20.88 / 18.97 / 17.52 / 16.79 links at 500 / 1,000 / 2,000 /
   * 5,000 / 10,000 / 20,000 / 30,000 / 50,000 points against 17.86 at 100,000, and the 128-d n-sweeps 13.9 / 20.2 /
   * 26.4 at 10,000 points (m 8 / 16 / 32) against 12.2 / 17.0 / 21.0 at 30,000: K, inverted from the smooth minimum,
   * is K0 (n / n0)^x plus 12-13 links per e-fold of n below 34,000 points (least squares a = 12, ns = 34,000: every
   * one of those graphs within 6%). A fit on that data: 64-centre data keep none of it (64-d: 15.3 links at 10,000
   * points, rising with n; 32-d: 14.6-16.2 at 2,000-8,000), so the low end drops it; 32-d 256-centre data keep part
   * (20.1 at 2,000 points, 19.0 at 8,000).
   */
  degreeSparseRise: c(12, 'fit: data/calibration/payload-blocks/v1.19.0/graph-d384-n*.json, data/calibration/v1.19.0-matrix/base.json, data/calibration/v1.19.0-matrix/nsweep-d128-m{8,16,32}-n{10k,30k}.json (docs/accuracy.md, "Small graphs by cause")', 'range 0 (data whose candidates stay in one cluster) to 12'),
  degreeSparsePoints: c(34_000, 'fit: data/calibration/payload-blocks/v1.19.0/graph-d384-n*.json, data/calibration/v1.19.0-matrix/base.json, data/calibration/v1.19.0-matrix/nsweep-d128-m{8,16,32}-n{10k,30k}.json at ef_construct 100 (least squares with degreeSparseRise; the rise is 0.5-2 links at 30,000 points, none at 50,000)', 'range 30,000-50,000'),
  /**
   * Where the rise starts moves with ef_construct: ns (ef_construct / 100)^z (more candidates reach past one cluster at a
   * larger n). ef_construct 64 keeps 21.51 / 17.91 / 14.88 links at 2,000 / 10,000 / 30,000 points, 200 keeps 24.64 /
   * 24.54 / 22.41 / 20.96 / 19.56 at 2,000 / 10,000 / 30,000 / 50,000 / 100,000, and ef_construct 400 at 50,000 points
   * 35.12 (m=32) and 43.47 (m=64). z = 0.5: all within -4.7% to +6.3% of these (z = 0, a fixed ns: 30,000 at 200 -9.4%,
   * m=64 at 400 -8.4%; z = 1: m=64 at 400 +22.7%). A fit, range 0-1.
   */
  degreeSparseEfExponent: c(0.5, 'fit: data/calibration/payload-blocks/v1.19.0/graph-d384-ef{64,200}-n*.json, data/calibration/hnsw-m{32,64}-ef400.json, data/calibration/hnsw-m64-ef200.json', 'range 0-1'),
  /**
   * A graph of a few hundred points in high dimension: its points are nearly equidistant (near-orthogonal
   * directions), the nearest candidates are barely nearer to the new point than to each other, and the heuristic
   * (fill_from_sorted_with_heuristic) drops most of them: Kf = c n^e in the smooth minimum. Measured on uniform 384-d
   * points (qdrant-edge-py 0.7.2): 9.72 / 19.23 / 24.75 / 31.52 links at 50 / 200 / 500 / 2,000 points (full, 32, at
   * 20,000), and the matrix's clustered data the same below 500 points (9.24 / 17.32 / 21.42). A fit on 384-d data
   * (c = 0.6, e = 0.75: the uniform graphs within 5%); lower dimensions are less equidistant.
   */
  degreeFewPointsK: c(0.6, 'fit: data/calibration/payload-blocks/v1.19.0/graph-d384-uniform-n{50,200,500,2000}.json (384-d only)', 'range 0.55-0.60: each of the 50/200/500-point graphs inverted at exponent 0.75 with K unbounded (uniform data), 0.600/0.585/0.550'),
  degreeFewPointsExponent: c(0.75, 'fit: data/calibration/payload-blocks/v1.19.0/graph-d384-uniform-n{50,200,500,2000}.json (384-d only)', 'range 0.68-0.75: 0.73 from the 50- and 200-point graphs, 0.68 from the 200- and 500-point ones (K unbounded)'),
  /**
   * K grows with ef_construct: the heuristic keeps more of more candidates (fill_from_sorted_with_heuristic keeps a
   * candidate unless a kept one is closer to it than the new point is, so candidates further out still open new
   * directions). Measured where no list ever fills (m=64, 2m = 128 slots; 0.03-0.08% of lists full), the level-0
   * degree is K itself, twice what the heuristic keeps (each kept link adds one to the new point's list and one to the
   * neighbour's): 18.30 / 21.96 / 31.94 / 43.47 links at ef_construct 64 / 100 / 200 / 400 (50k x 384-d, 0.9.0), a
   * least-squares exponent of 0.48 (0.41-0.54 between neighbouring ef). Fitted jointly with degreeK and
   * degreeSmoothness over the whole matrix (m 4-64, ef_construct 64-400): 0.44. Before, 0.35 was fitted where the
   * lists fill (m <= 24), where the smooth minimum hides most of K's growth, and m=64 at ef_construct 400 fell 14% short.
   */
  degreeEfExponent: c(0.44, 'calibrated: data/calibration/hnsw-m64-ef{64,100,200,400}.json (uncapped: deg0 = K), hnsw-ef{64,128,400}.json, base.json, hnsw-m{4,24}-ef200.json, hnsw-m4-ef400.json, hnsw-m32-ef400.json (both engines where measured)'),
  degreeSmoothness: c(1.4, 'calibrated: the transition from full lists (m=4: 7.45 of 8 links) to the heuristic degree (m=64: 31.9 of 128)'),
  /**
   * Graphs built on quantized scores keep more links: measured deg0 relative to unquantized (m=16, 100k, 384-d):
   * scalar 0.99, product 1.10-1.16, binary 1.10-1.12, turbo 1-2 bit 1.29, turbo 4 bit 1.10.
   */
  /**
   * Product quantization by compression ratio (deg0 relative to the same build without it, 100k x 384-d, m=16): x4 1.02,
   * x8 1.14, x16 1.16 (1.20 at 768-d), x32 1.10, x64 0.70. Coarse codes score many candidates alike, and the heuristic
   * (a candidate is kept only if strictly closer to the new point than to every kept one) prunes what ties: x64 keeps
   * 12.4 links where x16 keeps 20.7. A fit per ratio, measured on one data set; its range is the degree's.
   */
  degreeQuantFactor: {
    scalar: 1.0,
    product: { x4: 1.02, x8: 1.14, x16: 1.16, x32: 1.1, x64: 0.7 },
    binary: 1.11,
    turboLow: 1.29,
    turbo4: 1.1,
    source: 'calibrated: data/calibration/quant-*.json (deg0 vs base.json / fst10-base.json, qdrant-edge-py 0.9.0; the v1.19.0 engine agrees on level 0)',
  },
  /**
   * Upper-level fill saturates in m like level 0: du = Ku (1 - exp(-m / Ku)) (ef / 100)^y, capped at m. Measured on the
   * v1.19.0 engine (decoded links_compressed.bin, 100k x 384-d clustered): 7.33 / 13.0 / 19.4 links per upper record at
   * m = 8 / 16 / 32 (the formula: 7.1 / 12.7 / 20.5); level 1 holds 11.2 / 12.8 / 13.7 links at ef_construct 64 / 100 / 128.
   * A fit (the heuristic's pruning on clustered data), range x0.8 to m.
   */
  upperDegreeK: c(33, 'calibrated: data/calibration/v1.19.0-matrix/{hnsw-m8,base,hnsw-m32}.json (hnsw_decoded upper_links_per_point / upper_records_per_point)'),
  upperDegreeEfExponent: c(0.3, 'calibrated: data/calibration/v1.19.0-matrix/{hnsw-ef64,base,hnsw-ef128}.json (level-1 links 11.17 / 12.84 / 13.71)'),
  /**
   * The low end of the degree where the build's scores are unnormalized sums that favour some points over the others:
   * raw dot products of uint8 vectors (rawDotBuild: measured 15.6 / 2.3 / 1.6 links per point at m=16 under int8 /
   * PQ x16 / Dot, x0.86 / x0.13 / x0.09 of the expected) and max_sim of multivectors (maxSimBuild: a point's score is a
   * sum over its own inner vectors, and points of ~64 inner vectors whose counts spread from 8 to 120 keep 9.84 links
   * where equal counts keep 29.2). Both fall towards the one link each insert keeps at least (the heuristic keeps
   * its best candidate whatever the others: fill_from_sorted_with_heuristic): 0.08 of the expected degree is 1.1-1.4
   * links.
   */
  degreeLowFactorUnnormalized: c(0.08, 'measured: qdrant-edge-py 0.9.0, data/calibration/quantized-scores/dtype-uint8-dot.json (deg0 1.60 of an expected 17.9, x0.089), dtype-uint8-pq16.json (2.33), dtype-uint8-sq8.json (15.56); the Euclid twins in quantized-scores/ keep 17.9-19.3 (src/model/hnsw.ts, rawDotBuild); data/calibration/multivector-graphs/0.9.0/n2000-d64-k8-120.json, n2000-d64-k1-127.json (max_sim, maxSimBuild: 9.84 and 9.22 links, 1.5-1.6 for the points of the fewest inner vectors); floor: qdrant@v1.19.0:lib/segment/src/index/hnsw_index/links_container.rs, fill_from_sorted_with_heuristic keeps the first candidate'),
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
  /**
   * Immutable id tracker RAM, compressed (v1.13.5+): u128 internal->external (16) + is_uuid bit, sorted external->internal
   * (u64, u32) 16 | (Uuid, u32) 20 + its removed bit (num_ids_removed / uuids_removed), u32 version, deleted bit:
   * 16 + 1/8 + 16 + 1/8 + 4 + 1/8 = 36.375 B (UUID 40.375). Measured with heaptrack on the v1.19.0 engine
   * (qdrant-edge-py 0.7.2, 10,000 points): CompressedInternalToExternal 161,256 B = 16 n + n/8, CompressedExternalToInternal
   * 161,256 B = 16 n + n/8, CompressedVersions 40,000 B = 4 n, the deleted BitvecFlags 1,256 B = n/8 (3,000 points: 48,376,
   * 48,376, 12,000 and 376 B). The removed bit was left out before (36.25).
   */
  idTrackerRamNumeric: c(16 + 1 / 8 + 16 + 1 / 8 + 4 + 1 / 8, 'qdrant@v1.19.0:lib/segment/src/id_tracker/compressed/{internal_to_external,external_to_internal,versions_store,compressed_point_mappings}.rs; measured: heaptrack of the v1.19.0 engine, data/calibration/heap-residue/v1.19.0/heaptrack-live.json'),
  idTrackerRamUuid: c(16 + 1 / 8 + 20 + 1 / 8 + 4 + 1 / 8, 'qdrant@v1.19.0:lib/segment/src/id_tracker/compressed/{internal_to_external,external_to_internal,versions_store,compressed_point_mappings}.rs (Uuid is 16 B at alignment 1: (Uuid, u32) = 20 B)'),
  /** Before v1.13.5: Vec<PointIdType> (24) + BTreeMap entry (~32 numeric, ~40 UUID) + Vec<u64> versions (8). */
  idTrackerRamLegacyNumeric: c(24 + 32 + 8, 'qdrant@v1.13.0:lib/segment/src/id_tracker/immutable_id_tracker.rs (before PR qdrant/qdrant#6023)', 'struct-derived, about 2x the compressed layout'),
  idTrackerRamLegacyUuid: c(24 + 40 + 8, 'qdrant@v1.13.0:lib/segment/src/id_tracker/immutable_id_tracker.rs (before PR qdrant/qdrant#6023)', 'struct-derived'),
  /**
   * Heap per point that no structure accounts for, on the real server (jemalloc): none. Beyond the process, its
   * shards, the id tracker and one visited list, 2M x 32-d holds 0.6 MB and 5M x 16-d 0.9 MB (0.2-0.3 B per point, whatever
   * the segment count), the same 0.4-1.6 MB as the 30k-200k configs: a constant, not a per-point term (modelled as
   * processAnonLoadedBytes). The range's
   * high end allows 1 B per point at 100M+ points per shard (5x the bound at 5M), plus `vectorSizeHeapPerPoint` with
   * larger vectors, which only the in-process engine showed.
   */
  serverUnattributedHeapHighPerPoint: c(1, 'measured: Qdrant v1.19.0 server, data/calibration/server-v1.19.0/d16-5m-m8.json and d32-2m.json (heap beyond the modelled structures: 0.9 and 0.6 MB with three id-tracker bits per point)', 'high end only; expected 0'),
  /**
   * More heap per point with larger vectors, a ramp from 0 at 512 B per vector to this at 1,536 B. First fitted on the
   * in-process engine built at full_scan_threshold 10 KB, where it (and the 8 B/point "unattributed" heap with it) was
   * the graph's entry points (16 B per entry; the queue holds every point once t = full_scan_threshold in points falls
   * below the segment: hnsw.*.entry-points, docs/methodology.md section 5); at Qdrant's default threshold that engine
   * holds none. The server's 384-d and 768-d configs hold no more heap beyond the structures than its 128-d ones
   * (0.5-0.9 MB at 100-200k points), so the model keeps it only in the high end of the server's range, for the
   * vector sizes and 100M+ point shards not measured on the server.
   */
  vectorSizeHeapPerPoint: c(7, 'measured: data/calibration/{base,dtype-float16,dtype-uint8,dim-768,dim-1536}.json and v1.19.0-matrix/ (docs/accuracy.md)', 'range 5-9'),
  vectorSizeHeapFromBytes: c(512, 'measured: no extra heap at 384-512 B per vector (dtype-uint8, nsweep-d128-*)'),
  vectorSizeHeapFullBytes: c(1536, 'measured: the same extra heap at 1,536, 3,072 and 6,144 B per vector (base, dim-768, dim-1536)'),
  /**
   * Disk-resident id tracker (1.20 `id_tracker.memory: cold | cached`; v1.19 only behind serverless_compatible):
   * id_tracker.i2e u128 per point (16 B), id_tracker.e2i sorted (u64, u32) runs (12 B numeric) or (Uuid, u32) (20 B),
   * versions 8 B; in RAM only the u32 version halves and the deleted bit stay. Measured on qdrant-edge-py 0.9.0,
   * 100k points: i2e 1,600,032 B, e2i 1,200,640 B (numeric) / 2,002,016 B (UUID); live heap 3.24 MB (numeric) and
   * 3.58 MB (UUID) below the pinned tracker's, i.e. 32.4 and 35.8 of its 36.375 and 40.375 B per point released.
   */
  idTrackerDiskI2eBytes: c(16, 'measured: qdrant-edge-py 0.9.0, data/calibration/res-idtracker-cold.json (id_tracker.i2e); qdrant@v1.19.0:lib/segment/src/id_tracker/disk_id_tracker/mod.rs'),
  idTrackerDiskE2iNumericBytes: c(12, 'measured: qdrant-edge-py 0.9.0, data/calibration/res-idtracker-cold.json (id_tracker.e2i)'),
  idTrackerDiskE2iUuidBytes: c(20, 'measured: qdrant-edge-py 0.9.0, data/calibration/res-idtracker-cold-uuid.json (id_tracker.e2i)'),
  idTrackerDiskRamBytes: c(4 + 1 / 8, 'qdrant@v1.19.0:lib/segment/src/id_tracker/disk_id_tracker/mod.rs (versions u32 + deleted bit stay in RAM); measured: res-idtracker-cold{,-uuid}.json vs base/ids-uuid live heap'),
  // The mutable id tracker of appendable segments is sized from its layout: src/model/id-tracker.ts (MUTABLE_TRACKER).
  /** id_tracker.mappings: 8-byte header + 13 B (numeric) / 21 B (UUID) per point; versions 8 B per point. */
  idMappingHeaderBytes: c(8, 'qdrant@v1.19.0:lib/segment/src/id_tracker/immutable_id_tracker/mappings_storage.rs'),
  idMappingNumericBytes: c(13, 'qdrant@v1.19.0:lib/segment/src/id_tracker/immutable_id_tracker/mappings_storage.rs'),
  idMappingUuidBytes: c(21, 'qdrant@v1.19.0:lib/segment/src/id_tracker/immutable_id_tracker/mappings_storage.rs'),
  idVersionBytes: c(8, 'qdrant@v1.19.0:lib/segment/src/id_tracker/immutable_id_tracker/mod.rs (versions file)'),
  /** Gridstore (payloads since v1.13, sparse vectors): 128-byte blocks in 32 MiB page files, regions of 8,192 blocks. */
  gridBlockBytes: c(128, 'qdrant@v1.19.0:lib/gridstore/src/config.rs (DEFAULT_BLOCK_SIZE_BYTES)'),
  gridPageBytes: c(32 * 1024 * 1024, 'qdrant@v1.19.0:lib/gridstore/src/config.rs (DEFAULT_PAGE_SIZE_BYTES)'),
  gridRegionBlocks: c(8192, 'qdrant@v1.19.0:lib/gridstore/src/config.rs (DEFAULT_REGION_SIZE_BLOCKS)'),
  /** gaps.dat: {max, leading, trailing} u16 per region = 192 B per page (measured: 192 B for one page). */
  gridRegionGapBytes: c(6, 'qdrant@v1.19.0:lib/gridstore/src/bitmask/gaps.rs (RegionGaps)'),
  /** tracker.dat: u32 header + Optional<ValuePointer> {u32 tag, page u32, block u32, length u32} per point. */
  gridTrackerBytes: c(16, 'qdrant@v1.19.0:lib/gridstore/src/tracker.rs (Optional<ValuePointer>)'),
  gridTrackerHeaderBytes: c(4, 'qdrant@v1.19.0:lib/gridstore/src/tracker.rs (TrackerHeader)'),
  /** The tracker file starts at 1 MiB and grows to the next power of two. */
  gridTrackerMinBytes: c(1024 * 1024, 'qdrant@v1.19.0:lib/gridstore/src/tracker.rs (Tracker::DEFAULT_SIZE, persist_pointer)'),
  gridConfigJsonBytes: c(114, 'measured: payload_storage/config.json, data/calibration/payload-noindex.json'),
  /** An empty gridstore allocates 3 file-system pages (config.json, gaps.dat, the tracker's first page): measured 12,288 B. */
  gridEmptyAllocatedBytes: c(12_288, 'measured: empty payload_storage of data/calibration/sparse-nnz50.json (allocated 12,288 B, apparent 34,636,082 B)'),
  lz4PrefixBytes: c(4, 'lz4_flex compress_prepend_size; qdrant@v1.19.0:lib/gridstore/src/config.rs (Compression::LZ4, the default), lib/segment/src/payload_storage/mmap_payload_storage.rs (serde_json bytes)'),
  /** Dynamic mmap flags (deleted flags of chunked and sparse storages, null index): at least 1 MiB, doubled as needed. */
  dynamicFlagsMinBytes: c(1024 * 1024, 'qdrant@v1.19.0:lib/segment/src/common/flags/dynamic_mmap_flags.rs (MINIMAL_MMAP_SIZE)'),
  /**
   * Heap copy of payloads (on_disk_payload=false before v1.16): SimplePayloadStorage's `AHashMap<PointOffsetType,
   * Payload>`, each Payload a serde_json Map (an IndexMap: serde_json `preserve_order`) decoded from RocksDB's CBOR on
   * open. Measured by building that container with Qdrant's crates on jemalloc: 1,129.4 B per point for the calibration
   * harness's 158.2 B payloads (7.14x, the hash map's 128.3 B slot share included); the factor follows the payload's
   * shape, which the workload does not state: 1.63x for 1.8 KB of text, 12.3x for 10 short fields, 25.3x for a nested
   * object with two arrays of 20 numbers (every field and array element is a 72 B Value; an entry 104 B).
   */
  payloadHeapFactor: c(7.1, `${PAYLOAD_HEAP_SOURCE} (harness shape: 1,129.4 B per point / 158.2 B of JSON = 7.14)`, 'range 1.5-27: the shapes measured, 1.63-25.3, with the hash map slot at its smallest and largest'),
  /** Low end: 1.8 KB payloads of one text field and six short ones (1.63x), the hash map at its fullest (110 B a slot, not 128). */
  payloadHeapFactorLow: c(1.5, `${PAYLOAD_HEAP_SOURCE} (harness-blob1900: 2,929.1 B per point / 1,799.9 B = 1.63)`),
  /** High end: a nested object with two arrays of 20 numbers (25.3x on load), the hash map just past a doubling (219 B a slot). */
  payloadHeapFactorHigh: c(27, `${PAYLOAD_HEAP_SOURCE} (nested-arrays20, load: 6,549.2 B per point / 259.3 B = 25.3)`),
  /** Sparse storage value: bincode Vec lengths (u64 + u64), delta-packed u64 indices, f32 values; gridstore without compression. */
  sparseStoredLenBytes: c(16, 'qdrant@v1.19.0:lib/segment/src/vector_storage/sparse/stored_sparse_vectors.rs (bincode of StoredSparseVector)'),
  /** delta_pack: 6-bit width header, then every index delta at the width of the largest (at least 8 bits). */
  sparseDeltaHeaderBits: c(6, 'qdrant@v1.19.0:lib/common/common/src/delta_pack.rs (HEADER_BITS)'),
  /** Width of the stored index deltas: 12.8 bits on average for ~48 non-zeros from a 30k vocabulary, Zipf-like. */
  sparseStoredIndexBits: c(13, 'measured: the harness generator of data/calibration/sparse-nnz50.json replayed offline (mean width 12.8 bits; the replay reproduces the engine\'s page allocation to 0.01%)', 'data dependent, range 8-20 bits'),
  /** Posting lists are indexed by dimension id: one per vocabulary entry. 30,522 = the BERT WordPiece vocabulary of SPLADE models. */
  sparseVocabularyDims: c(30_522, 'assumption: BERT WordPiece vocabulary (SPLADE); qdrant@v1.19.0:lib/segment/src/index/sparse_index/indices_tracker.rs', 'the harness uses 30,000'),
  /** inverted_index.dat: per posting list a header {ids_start u64, last_id u32, ids_len u32, chunks_count u32} padded to 24 B. */
  sparsePostingHeaderBytes: c(24, 'qdrant@v1.19.0:lib/sparse/src/index/inverted_index/inverted_index_compressed_mmap.rs (PostingListFileHeader)'),
  /** Full chunks of 128 elements: BitPacker4x ids at the chunk's width, {initial u32, offset u32} and 128 weights. */
  sparseChunkLen: c(128, 'qdrant@v1.19.0:lib/sparse/src/index/compressed_posting_list.rs (CHUNK_SIZE = BitPacker4x::BLOCK_LEN)'),
  sparseChunkBytes: c(8, 'qdrant@v1.19.0:lib/sparse/src/index/compressed_posting_list.rs (CompressedPostingChunk initial + offset)'),
  /** Chunk id width: 8.73 bits on average over the chunks of the harness data (dense lists of popular dimensions pack tight). */
  sparseChunkIdBits: c(9, 'measured: the harness generator of data/calibration/sparse-nnz50.json replayed offline (8.73 bits; the replay reproduces inverted_index.dat to the byte)', 'data dependent, range 4-16 bits'),
  /** The last (len mod 128) elements of each list stay uncompressed: {u32 id, weight}. */
  sparseRemainderIdBytes: c(4, 'qdrant@v1.19.0:lib/sparse/src/index/posting_list_common.rs (GenericPostingElement)'),
  /** Remainder elements per posting list: half a chunk when lists are long, the whole list when shorter (measured 60.3 per list). */
  sparseRemainderPerList: c(64, 'half of CHUNK_SIZE; measured 60.3 per list in the replay of data/calibration/sparse-nnz50.json'),
  /** indices_tracker.json: the dimension-id remapping as JSON, about 13 B per dimension (measured 397,789 B for 30,000). */
  sparseTrackerJsonBytesPerDim: c(13, 'measured: vector_index-sp/indices_tracker.json of data/calibration/sparse-nnz50.json; qdrant@v1.19.0:lib/segment/src/index/sparse_index/indices_tracker.rs'),
  /** In RAM each posting list is a struct of three Vecs and last_id (80 B) instead of its 24-byte file header. */
  sparseRamListBytes: c(80, 'qdrant@v1.19.0:lib/sparse/src/index/compressed_posting_list.rs (CompressedPostingList: 3 x Vec + Option<u32>)'),
  /** Sparse: PostingElementEx {u32 id, f32 weight, f32 max_next_weight} for appendable segments. */
  sparseMutableElementBytes: c(12, 'qdrant@v1.19.0:lib/sparse/src/index/posting_list_common.rs (PostingElementEx)'),
  /**
   * Sparse, appendable segments: each (remapped) dimension's `PostingList { elements: Vec<PostingElementEx> }`, one Vec
   * header, in `InvertedIndexRam::postings: Vec<PostingList>`, resized to the highest dimension seen.
   */
  sparseMutableListBytes: c(24, 'qdrant@v1.19.0:lib/sparse/src/index/posting_list.rs (PostingList: one Vec), lib/sparse/src/index/inverted_index/inverted_index_ram.rs (postings: Vec<PostingList>, resized per new dimension)'),
  /**
   * Live heap a loaded shard with one indexed segment holds beyond every modelled structure, once loaded and searched,
   * measured as trimmed RssAnon above an empty shard (v1.19.0: net of the engine's links file). Two parts, taken apart
   * with heaptrack (data/calibration/heap-residue/v1.19.0/heaptrack-live.json): live allocations, 15-16 KB in every
   * shard of 2k-10k points, multivector or not (the HNSW search telemetry 5.2 KB, the segment's bookkeeping 4-5 KB,
   * the payload and vector storages' configs and handles; 29 KB at 100k points), and glibc's page residue, the pages
   * that live chunks and the edges of free ones keep after malloc_trim, which follows no structure (multivec-32 13 KB,
   * the 10k-point n-sweep at m=16 31 KB; a rebuild of the same config moves the whole by up to 20 KB, multivec-32
   * 0.258 and 0.279 MB: data/calibration/v1.19.0-small/remeasured/). Fitted over every v1.19.0 shard of 2k-30k points
   * (17 runs: the matrix's 10 KB n-sweeps, multivectors and dim-3072, and the small dense shards of v1.19.0-small at
   * the default threshold): 0.024-0.067 MB, median 0.040. The six 10 KB n-sweep runs it was first taken from sit high
   * (0.039-0.062, median 0.048): they hold 7-8 KB more residue than their twins at the default threshold (10k and 30k
   * x 128-d, m=16). Larger shards hold more (0.02-0.14 MB at 50k-100k points, median 0.067; 0.21-0.24 MB at 1M), under
   * 2% of their heap. 0.9.0 (after v1.19.0): 0.27-0.74 MB over its 15 n-sweep runs, median 0.45, its searches keeping
   * more. qsize folds it into the process baseline; the accuracy test adds it.
   */
  loadedShardHeapBytes: c(0.04e6, 'measured: data/calibration/v1.19.0-matrix/{nsweep-d128-m{8,16,32}-n{10k,30k},multivec-{64,32,4,d128},dim-3072}.json and v1.19.0-small/*.json, live heap above the empty shard minus the engine\'s links file and the modelled heap of the other structures: 0.024-0.067 MB over 17 shards of 2k-30k points, median 0.040 (docs/accuracy.md; heaptrack: data/calibration/heap-residue/v1.19.0/heaptrack-live.json)', 'range 0-0.75 MB over both engines'),
  loadedShardHeapLowBytes: c(0, 'measured: data/calibration/v1.19.0-small/small-d128-n3000.json (0.024 MB, the lowest v1.19.0 shard)'),
  loadedShardHeapHighBytes: c(0.75e6, 'measured: data/calibration/nsweep-d128-m32-n100k.json (0.74 MB, 0.9.0)'),
  /**
   * Payload sub-graph memberships of a numeric range index: its blocks span two histogram steps of half the threshold
   * each (qdrant-edge 0.9.0 crate, src/segment/index/field_index/numeric_index/query.rs, for_each_payload_block:
   * get_range_by_size(lower_bound, effective_threshold / 2), block = (pre_lower_bound, upper_bound)), so every point is
   * in two blocks (the same in qdrant@v1.19.0:lib/segment/src/index/field_index/numeric_index/mod.rs).
   */
  payloadRangeBlockMemberships: c(2, 'qdrant-edge 0.9.0 crate, src/segment/index/field_index/numeric_index/query.rs (for_each_payload_block)'),
  /**
   * Of the links a point's second range block gives it inside the histogram step both blocks share (half of the block,
   * so x / 2 of its x links), the fraction the first block already gave, which merge_from_other skips
   * (qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_layers_builder.rs, lines 346-381; the blocks:
   * numeric_index/query.rs, for_each_payload_block, block = (pre_lower_bound, upper_bound)). A fit. Until s35 it was
   * 0.45, fitted with blocks of max(t, 2 x limit) points; with the blocks the histogram really has (rangeBlockPoints:
   * 1,290 points at 100,000 and t = 6, not 2,000) it is refitted over eleven runs: the v1.19.0 server's integer range
   * blocks alone at 20,000 and 100,000 points (fst10-price-only, +8.7% / -0.3% of the links they add), its four
   * keyword + integer runs (+2.5%, -3.0% at 20,000; fst10 -1.0%, fst1000 -2.6% at 100,000), the 0.7.2 matrix's
   * payload-indexed (-3.6%), the three text runs (+2.3%, +0.1%, -0.0%) and m0-payloadm16-keyword-50k (+6.4%): 0.6
   * keeps all eleven within 10% (0.45 left the 20,000-point range blocks at +14.2%).
   */
  payloadRangeStepRepeat: c(0.6, 'fit (s35): data/calibration/engine-identity/server-v1.19.0-payload/ (fst10-price-only*, payload-noindex*, *-payload-indexed*), v1.19.0-matrix/payload-indexed.json, v1.20-structures/payload-indexes-0.9.0.json (links-text-*, m0-payloadm16-keyword-50k); docs/accuracy.md, "Payload sub-graphs by cause"', 'range 0.35-0.85'),
  /**
   * A numeric index's histogram buckets: total points x 0.01, clamped to 10..10,000 (qdrant-edge 0.9.0 crate,
   * src/segment/index/field_index/histogram.rs, current_bucket_size; numeric_index/lifecycle.rs, HISTOGRAM_PRECISION,
   * HISTOGRAM_MAX_BUCKET_SIZE). That is the size a bucket may reach, not the buckets' size: see histogramBucketFill.
   */
  histogramPrecision: c(0.01, 'qdrant-edge 0.9.0 crate, src/segment/index/field_index/numeric_index/lifecycle.rs (HISTOGRAM_PRECISION)'),
  histogramBucketMinPoints: c(10, 'qdrant-edge 0.9.0 crate, src/segment/index/field_index/histogram.rs (MIN_BUCKET_SIZE)'),
  histogramBucketMaxPoints: c(10_000, 'qdrant-edge 0.9.0 crate, src/segment/index/field_index/numeric_index/lifecycle.rs (HISTOGRAM_MAX_BUCKET_SIZE)'),
  /**
   * The mean bucket of a built histogram over its size limit (current_bucket_size at the end, above). The index of an
   * optimized segment inserts its points one at a time in point order (numeric_index/builders.rs,
   * NumericIndexMmapBuilder; mutable_numeric_index/lifecycle.rs, add_many_to_list), and Histogram::insert only splits
   * (a bucket past the limit moves its nearer border by one point or gets a new border beside it), while the limit
   * grows with the points: buckets made early stay small. With values independent of the point order (a price), a
   * segment keeps ~155 buckets whatever its size, 0.63-0.66 of the limit on average (the port of histogram.rs replayed:
   * test/calibration/numeric_histogram.py, data/calibration/engine-identity/numeric-histogram-replay.json, 5,000-200,000
   * points); the v1.19.0 server's own histogram at 20,000 points: 159 borders, 0.63 (data/calibration/engine-identity/
   * server-v1.19.0-payload/fst10-price-only-n20000.json, numeric_histograms). Values rising with the point order (a
   * timestamp) fill the buckets otherwise (386 borders, blocks of 104 points, 201 per membership, at 20,000): the model
   * takes the first unless the index says valueOrder: 'point-order' (then hnsw.ts pointOrderRangeBlocks, worked from
   * histogram.rs, no fit).
   */
  histogramBucketFill: c(0.64, 'qdrant@v1.19.0:lib/segment/src/index/field_index/histogram.rs (insert), replayed: data/calibration/engine-identity/numeric-histogram-replay.json; server: engine-identity/server-v1.19.0-payload/fst10-price-only-n20000.json', 'range 0.60-0.66 (seeds, value ranges); values in point order differ (see the doc)'),
  /**
   * How far past half the threshold a range block's step ends, over the bucket size limit: get_range_by_size(from, t / 2)
   * stops at the first border that takes the count past t / 2 (qdrant@v1.19.0:lib/segment/src/index/field_index/
   * histogram.rs), so a step of many buckets overshoots t / 2 by the size-biased half bucket E[X^2] / (2 E[X]) (renewal
   * theory), 0.375-0.39 of the limit in the replay (data/calibration/engine-identity/numeric-histogram-replay.json,
   * `overshoot`). A step is never under one bucket: max(fill x limit, t / 2 + overshoot x limit).
   */
  histogramStepOvershoot: c(0.385, 'qdrant@v1.19.0:lib/segment/src/index/field_index/histogram.rs (get_range_by_size), replayed: data/calibration/engine-identity/numeric-histogram-replay.json', 'range 0.375-0.39'),
  /**
   * Past the size cap (10,000 points, segments of more than 1,000,000 points) the limit stops growing and the buckets
   * settle fuller: 0.70 of it on average, overshoot 0.445 (the replay with a cap of 200 at 2.5-5x the points where it is
   * reached, the same ratio as 2.5-5M points under 10,000: numeric-histogram-replay.json, max_bucket_size 200).
   */
  histogramBucketFillCapped: c(0.7, 'qdrant@v1.19.0:lib/segment/src/index/field_index/histogram.rs (insert, current_bucket_size clamp), replayed: data/calibration/engine-identity/numeric-histogram-replay.json (max_bucket_size 200)'),
  histogramStepOvershootCapped: c(0.445, 'qdrant@v1.19.0:lib/segment/src/index/field_index/histogram.rs (get_range_by_size), replayed: data/calibration/engine-identity/numeric-histogram-replay.json (max_bucket_size 200)'),
  /**
   * A step is one bucket when t / 2 is well under it and t / 2 plus the overshoot when well over; in between, a bucket
   * under t / 2 takes the next one too. The smooth maximum (bucket^p + (t / 2 + overshoot)^p)^(1/p) with p = 5 follows the
   * replay's mean block within -5.5% to +4.2% over 5,000-200,000 points and t = 6-6,666 (a plain max: -11% at t / 2 =
   * 0.17-0.33 of the limit, fst1000 at 100,000 points: 1,436 against 1,590 replayed, 125 blocks on the server).
   */
  histogramStepSmoothness: c(5, 'fit: data/calibration/engine-identity/numeric-histogram-replay.json (mean range block, random order)', 'p 4-6 keep it within 7%'),
  /**
   * Every flush_interval_sec the shard's flush worker flushes its segments and then acknowledges the WAL up to the
   * version they hold: only then are closed segments truncated, so between two flushes the WAL keeps whatever was
   * written since. Measured on the v1.19.0 server (data/calibration/server-v1.19.0-wal-growth): under a steady load the
   * WAL fell back every 5.07 s, from 2 full segments and up to one interval's writes to 1 and the open one.
   */
  flushIntervalSec: c(5, 'qdrant@v1.19.0:config/config.yaml (storage.optimizers.flush_interval_sec); lib/collection/src/update_workers/flush_workers.rs (flush_segments, then the WAL ack of the confirmed version)'),
  /** WAL: 32 MiB segments, 0 ahead, 1 closed retained (v1.16+). */
  walCapacityMb: c(32, 'qdrant@v1.19.0:config/config.yaml (storage.wal.wal_capacity_mb); lib/collection/src/config.rs (WalConfig::default)'),
  /**
   * A WAL record is serde_cbor::to_vec of the update operation (qdrant@v1.19.0:lib/shard/src/wal.rs, WalRawRecord::new),
   * serde_cbor 0.11's default encoding (pyfisch/cbor v0.11.2 src/ser.rs): structs as maps keyed by their field names,
   * an f32 as 5 bytes (0xfa + 4) unless it is exactly a half float, then 3 (0xf9 + 2: every integer of a uint8 vector),
   * an f64 as the shortest float that holds it, integers in 1-9 bytes by size, byte strings (`is_human_readable` is
   * false: a UUID is its 16 bytes).
   */
  walFloatBytes: c(5, 'qdrant@v1.19.0:lib/shard/src/wal.rs (WalRawRecord::new: serde_cbor::to_vec); serde_cbor 0.11.2 src/ser.rs (serialize_f32: 0xfa + 4 bytes)'),
  walHalfFloatBytes: c(3, 'serde_cbor 0.11.2 src/ser.rs (serialize_f32: a value f16 holds exactly is written as 0xf9 + 2 bytes; uint8 vectors\' elements 0-255 all are)'),
  /**
   * A point of an upsert: PointStructPersisted { id, vector, payload } (qdrant@v1.19.0:lib/shard/src/operations/
   * point_ops.rs) is a CBOR map of 3 (1 B) keyed "id" (3 B), "vector" (7 B) and "payload" (8 B): 19 B, plus the payload
   * (1 B when null), the id and the vector. Measured: the WAL of 31 single-shard server runs (16- to 768-d, 500-10,000
   * points a request, 16,000 to 5,000,000 points) is the entries packed as the wal crate packs them within -0.69% to
   * +0.26% (vectors only; -1.87% to -0.28% with the harness payload) (docs/accuracy.md, "The WAL after a restart").
   */
  walPointKeysBytes: c(19, 'qdrant@v1.19.0:lib/shard/src/operations/point_ops.rs (PointStructPersisted, serde rename_all snake_case); serde_cbor 0.11.2 (struct = map of field names)'),
  /** A UUID point id: CBOR byte string of 16 (1 + 16 B; serde_cbor is not human-readable, so uuid serializes its bytes). */
  walUuidIdBytes: c(17, 'serde_cbor 0.11.2 src/ser.rs (is_human_readable = false); uuid crate Serialize (serialize_bytes when not human-readable)'),
  /**
   * A payload's CBOR against its compact JSON: no quotes, colons or commas, integers in 1-9 bytes: 128.6 B for the
   * harness's 158.1 B payloads (test/calibration/harness.py gen_payload, 20,000 of them), 0.813. Shape-dependent: long
   * text keeps it near 1, many short numeric fields take it lower.
   */
  walPayloadCborRatio: c(0.81, 'measured: CBOR of test/calibration/harness.py gen_payload against its compact JSON (20,000 payloads, 128.6 / 158.1 B)', 'range 0.7-1.0 by shape'),
  /**
   * The operation around a request's points, once per WAL entry: OperationWithClockTag { operation (flattened),
   * clock_tag (skipped when none) }, the operation CollectionUpdateOperations::PointOperation(PointOperations::
   * UpsertPoints(PointInsertOperationsInternal::PointsList(..))): the variant names as CBOR text keys (~50 B) and, in a
   * cluster, a clock tag (~50 B).
   */
  walRecordOverheadBytes: c(100, 'qdrant@v1.19.0:lib/shard/src/operations/mod.rs (OperationWithClockTag, CollectionUpdateOperations), point_ops.rs (PointOperations, PointInsertOperationsInternal)', 'range 50-200; under 0.1% of a 500-point entry'),
  /**
   * The wal crate's framing (qdrant/wal src/segment.rs): an 8-B segment header; per entry an 8-B length, the data
   * padded so that data + padding + a 4-B CRC is a multiple of 8; an entry that does not fit the open segment's rest
   * closes it and opens the next (Wal::append, src/lib.rs); one more segment is always created ahead
   * (SegmentCreator: max(segment_queue_len, 1)); prefix_truncate keeps `retain_closed` closed segments.
   */
  walHeaderBytes: c(8, 'qdrant/wal src/segment.rs (HEADER_LEN: segment and entry header), src/lib.rs (Wal::append, prefix_truncate), src/segment_creator.rs (max(segment_queue_len, 1))'),
  walCrcBytes: c(4, 'qdrant/wal src/segment.rs (CRC_LEN)'),
  /**
   * Points per upsert request when the workload does not say (assumptions.uploadBatchPoints): Qdrant's advice, "aim
   * for 64-256 points per batch". An unstated request size is any in that span: the WAL's expected value averages over it.
   */
  walUploadBatchPoints: c(64, 'https://qdrant.tech/documentation/manage-data/bulk-upload/ ("Aim for 64-256 points per batch")', 'range 64-256'),
  walUploadBatchPointsHigh: c(256, 'https://qdrant.tech/documentation/manage-data/bulk-upload/ ("Aim for 64-256 points per batch")'),
  /**
   * How sure the per-point record bytes are, for a vectors-only point: derived from the source, and the packing they
   * give within -0.69% to +0.26% of the measured runs; taken as +-0.5% (random 64-bit ids instead of sequential ones
   * add 4 B, 0.6% of a 128-d point). A payload's part is +-20% (walPayloadCborRatio's range).
   */
  walRecordUncertainty: c(0.005, 'measured: the single-shard server runs of docs/accuracy.md "The WAL after a restart" (the packing -0.69% to +0.26%, vectors only)'),
  walPayloadUncertainty: c(0.2, 'walPayloadCborRatio range 0.7-1.0 around 0.81'),
  /**
   * RssAnon of an idle Qdrant server, steady state (60 s after start): 15.2 MB with 1 CPU, 16.3 MB with 2 CPUs
   * (4 more threads per CPU: actix workers, search and update runtimes); an empty collection adds 0.6 MB.
   * Fitted as a + b x CPUs; b is the slope of two points only, so the high end doubles the per-CPU term.
   * (The 140-190 MB the capacity-planning guide reports is the whole RSS of older versions, file pages included.)
   */
  processAnonBaseBytes: c(14.1e6, 'measured: Qdrant v1.19.0 server, data/calibration/server-v1.19.0/empty-server*.json, empty-collection.json'),
  processAnonPerCpuBytes: c(1.1e6, 'measured: Qdrant v1.19.0 server, empty-server (2 CPUs) minus empty-server-1cpu (data/calibration/server-v1.19.0/)', 'range 1.1-2.2 MB'),
  /**
   * An empty collection adds 0.61 MB to an idle server (empty-collection minus empty-server); of that, its one shard is
   * processAnonPerShardBytes (counted per shard replica by the `heap.shards` line item), the rest is the collection's.
   */
  processAnonPerCollectionBytes: c(0.61e6 - 0.14e6, 'measured: Qdrant v1.19.0 server, empty-collection minus empty-server, minus one shard (data/calibration/server-v1.19.0/)'),
  /**
   * Heap per shard replica on a peer (its update worker and queue, optimizer handles, segment holder, WAL and clock
   * state): an empty collection of 32 shards holds 21.24 MB of RssAnon against 16.90 MB for one shard, 4.34 MB for 31
   * more shards = 0.140 MB each (steady state, 2 CPUs). Loaded shards hold a little more: 6 shards of 200k x 384-d held
   * 1.0 MB more than one shard of the same points (d384-6shards vs d384-hnsw-pinned, net of the graph), 0.2 MB per
   * extra shard, which is the range's high end (observe's cluster peers with 4 replicas against one shard: 0.13-0.22).
   */
  processAnonPerShardBytes: c(0.14e6, 'measured: Qdrant v1.19.0 server, data/calibration/server-v1.19.0/empty-32shards.json minus empty-collection.json, per extra shard', 'range 0.1-0.25 MB'),
  /**
   * Heap per loaded segment (segment struct, storages' and indexes' bookkeeping, mmap handles): 200k x 32-d in 24
   * indexed segments of 8,000 points plus an empty appendable one holds 26.64 MB of RssAnon, in one indexed segment
   * plus the appendable one 25.20 MB: 1.44 MB for 23 more segments = 0.063 MB each (steady state, 2 CPUs).
   */
  processAnonPerSegmentBytes: c(0.063e6, 'measured: Qdrant v1.19.0 server, data/calibration/server-v1.19.0/d32-200k-seg25.json minus d32-200k.json, per extra segment', 'range 0.03-0.1 MB'),
  /**
   * A peer in cluster mode (Raft consensus, the p2p gRPC server and its channels to the other peers) holds more heap
   * than a single node: three idle empty peers of a 3-peer cluster read 17.23-17.40 MB of RssAnon against 16.30 MB for
   * an idle empty single node started beside them (/proc only, no requests while settling; 2 CPUs); with a 6-shard,
   * RF 2 collection (4 replicas each) 17.98-18.25 MB against 16.58 MB for one shard.
   */
  processAnonClusterModeBytes: c(1.0e6, 'measured: Qdrant v1.19.0 server, 3 empty cluster peers against an empty single node, same machine and session (test/observe/live.test.ts setup, 2026-12-02); a one-peer cluster 0.29 MB (data/calibration/server-v1.19.0/empty-server-cluster.json minus empty-server.json)', 'range 0.3-1.1 MB: 0.29 MB with no other peer, 0.9-1.1 MB with two; larger clusters not measured'),
  processAnonClusterModeLowBytes: c(0.29e6, 'measured: Qdrant v1.19.0 server, data/calibration/server-v1.19.0/empty-server-cluster.json (16.58 MB) minus empty-server.json (16.29 MB), steady state'),
  /**
   * What a server that has loaded its collection holds beyond an idle one with the collection empty, on top of the
   * collection's modelled heap (id tracker, shard and segment heap, visited list): allocator state, not a structure of
   * Qdrant's. The CI check's collection (12,000 x 256-d: loaded, indexed, restarted, searched) read at each stage with
   * the check's waiting rule, no requests while it settles (test/calibration/ci_probe.test.ts, 7 runs,
   * data/calibration/server-v1.19.0-extra/ci-probe-*.json): RssAnon 16.69-16.92 MB with the collection empty after a
   * restart, 17.99-18.30 MB loaded after the 50 searches: +1.25-1.56 MB where the model adds 0.52. Of that, jemalloc's
   * allocated bytes (the live heap) +0.17-0.68 MB, its partly filled pages (active minus allocated) +0.3-0.5 MB, and
   * 0.3-0.7 MB outside its active pages that stays with MALLOC_CONF dirty_decay_ms:0 (17.29 MB), so not its dirty
   * pages: its metadata for the address space the restart's load took (retained 12 -> 28 MB; RssAnon 35-36 MB in the
   * first seconds after the restart). On the recorded server matrix the model without this term is under by
   * 0.4-1.6 MB on every loaded config (median 0.9 MB; 30k to 5M points, no trend with N) and the CI check by 0.5-1.5
   * MB. A fit: the value is the matrix's median miss, the range its smallest and largest. Not measured below 12,000
   * points: ramped from 0 for an empty collection to the whole term at processAnonLoadedFullPoints.
   */
  processAnonLoadedBytes: c(0.9e6, 'measured: Qdrant v1.19.0 server, loaded configs of data/calibration/server-v1.19.0/ against the model without it (median miss), the CI check by stage (data/calibration/server-v1.19.0-extra/ci-probe-*.json)', 'range 0.4-1.6 MB'),
  processAnonLoadedLowBytes: c(0.4e6, 'measured: Qdrant v1.19.0 server, smallest miss of a loaded config without the term (d128-30k: 19.2 MB against 18.8)'),
  processAnonLoadedHighBytes: c(1.6e6, 'measured: Qdrant v1.19.0 server, largest miss of a loaded config without the term (d128-100k-maxseg20mb: 22.6 MB against 21.0); CI-check readings up to 18.96 MB against 17.50 (1.46 MB)'),
  processAnonLoadedFullPoints: c(12_000, 'the smallest loaded collection measured on the Qdrant v1.19.0 server (test/accuracy/server.test.ts, 12,000 x 256-d)'),
  /**
   * Freed heap jemalloc has not yet returned when the "steady state" is read on a busy machine: the CI server check
   * (test/accuracy/server.test.ts, 12,000 x 256-d, 2 cores under a concurrent test run, 2026-12-02) read 21.03 MB of
   * RssAnon against a stated high of 20.57 MB. Added to the high end of the process heap only.
   */
  processAnonSettlingBytes: c(4 * 1024 * 1024, 'measured: Qdrant v1.19.0 server on a loaded 2-core machine, test/accuracy/server.test.ts (2026-12-02)'),
  /**
   * The server binary's own file pages (its code, read-only data) resident in the page cache: 28 MB right after start,
   * 40-45 MB once a collection is created, loaded and searched (every code path touched).
   */
  processBinaryPageBytes: c(45e6, 'measured: Qdrant v1.19.0 server (perf profile, stripped), /proc/PID/smaps of the binary mapping, data/calibration/server-v1.19.0/', 'range 28-50 MB'),
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
  /** per token occurrence; tokens = avgValueBytes / 6. An appendable segment's text index uses it for its files before v1.16 only (in RocksDB): from v1.16 its files are its documents' gridstore and its heap is sized from its structures (text-index.ts evaluateText `mutable`). */
  text: { perValue: 10, low: 6, high: 20, perDistinctExtra: 0 },
} as const;

/**
 * The gridstores of an appendable segment's (mutable) payload index from v1.16 (VersionFeatures.gridstoreMutableIndexes):
 * each component keeps every point's values in one store whose block is the value's own size, 8,192-block regions and
 * pages of 32 regions, no compression (src/model/gridstore.ts; the full-text index's documents: TEXT_LAYOUT). Measured
 * on qdrant-edge-py 0.9.0 (data/calibration/v1.20-structures/payload-indexes-0.9.0.json, *-20k-appendable, s41):
 * page_0.dat allocates 8 B a value for float, datetime and integer (each of an integer index's two components), 16 B for
 * uuid and geo, and 2.47 blocks of 16 B for 1-7 keywords of 6.78 B (CBOR 32.1 B).
 */
export const MUTABLE_INDEX_STORES = {
  /** A keyword's values as CBOR `[s1, s2, ...]` (lib/blobstore/src/blob.rs `Vec<EcoString>`, serde_cbor): an array header, then per string a header (1 B up to 23 bytes) and its bytes. */
  keywordBlockBytes: c(16, 'qdrant@v1.19.0:lib/segment/src/index/field_index/map_index/mod.rs (BLOCK_SIZE_KEYWORD), map_index/mutable_map_index/lifecycle.rs (default_gridstore_options)'),
  /** An integer (i64, its map and numeric components), float (f64) or datetime (i64 timestamp): the bytes of the number, a block each. */
  numberBytes: c(8, 'qdrant@v1.19.0:lib/segment/src/index/field_index/numeric_index/mutable_numeric_index/mod.rs (default_gridstore_options::<T>: block = size_of T), map_index/key.rs (IntPayloadType); lib/blobstore/src/blob.rs (zerocopy Vec<i64>, Vec<f64>)'),
  /** A uuid (u128, map index) or a geo point (RawGeoPoint, two f64): 16 B, a block each. */
  wideBytes: c(16, 'qdrant@v1.19.0:lib/segment/src/index/field_index/map_index/key.rs (UuidIntType = u128), geo_index/mutable_geo_index/lifecycle.rs (GRIDSTORE_OPTIONS: block = size_of RawGeoPoint)'),
  /** Pages of 32 regions of 8,192 blocks: 2 MiB for 8-B blocks, 4 MiB for 16-B ones, 32 MiB for the default 128. */
  pageRegions: c(32, 'qdrant@v1.19.0:lib/segment/src/index/field_index/numeric_index/mutable_numeric_index/mod.rs (page_size_bytes: block_size * DEFAULT_REGION_SIZE_BLOCKS * 32); measured page_0.dat 2,097,152 B (float) and 4,194,304 B (uuid, keyword)'),
  /** CBOR heads: an array's, a string's or an integer's 1 B up to 23, then 2 B up to 255, 3 to 65,535, 5 to 2^32 - 1, 9 beyond (gridstore.ts cborHeadBytes). */
  cborShortLimit: c(23, 'RFC 8949 section 3 (additional information 0-23 in the initial byte; 24: one more byte)'),
} as const;

export const PAYLOAD_INDEX_SOURCE =
  'qdrant@v1.19.0:lib/segment/src/index/field_index/ (map_index, numeric_index, bool_index, geo_index, full_text_index); https://qdrant.tech/documentation/ops-monitoring/memory-usage/';

/**
 * Immutable (indexed-segment) payload index layout, v1.14.1+: every field index is written as mmap
 * files and, unless `on_disk`, loaded into heap structures (the file cache is then dropped). Before, only an `on_disk`
 * index is, with the same files less the null index (src/model/payload.ts payloadIndexIsMmap, VersionFeatures).
 * Files: qdrant@v1.19.0:lib/segment/src/index/field_index/mmap_point_to_values.rs (point_to_values.bin),
 * lib/common/common/src/persisted_hashmap/serialize.rs (values_to_points.bin),
 * lib/segment/src/index/field_index/numeric_index/mmap_numeric_index.rs (data.bin),
 * lib/segment/src/index/field_index/null_index/ (has_values, is_null dynamic flags).
 * Heap: map_index/immutable_map_index/, numeric_index/immutable_numeric_index/, immutable_point_to_values.rs.
 * Measured: data/calibration/payload-indexed.json (keyword on 100 values, integer on ~95k values, 100k points):
 * files within 0.2%; data/calibration/v1.20-structures/payload-indexes-0.9.0.json (float, datetime, uuid, keyword
 * arrays, nested keyword and integer, each against a twin shard without the index): files within 0.2%, heap -3.6% to
 * +0.2% (docs/accuracy.md). The 3-4x heap of an early v1.19.0 reading was glibc residue (untrimmed RssAnon).
 */
/**
 * The file system's allocation unit: a file takes whole 4 KiB blocks (ext4 and xfs defaults, mkfs.ext4 -b / mkfs.xfs -b
 * size=4096); a sparse file only the blocks written. Every allocated size in the model rounds to it.
 */
export const FILE_SYSTEM_BLOCK_BYTES = 4096;

export const PAYLOAD_INDEX_LAYOUT = {
  /** point_to_values.bin and values_to_points.bin each start with a 4 KiB padded header. */
  fileHeaderBytes: 4096,
  /** point_to_values.bin: {start u64, count u64} per point, then the values (str: u32 length + bytes; i64 8; u128 16). */
  pointRangeBytes: 16,
  strLengthBytes: 4,
  /** values_to_points.bin: u64 bucket offset per key, the key (str + 0xFF padded to 4 B; i64 8; u128 16), a u32 count, u32 point ids. */
  bucketBytes: 8,
  valuesLenBytes: 4,
  pointIdBytes: 4,
  /** Perfect hash function (ph::fmph) over the keys: about 2.5 bits per key (measured 2.3-2.6 on 95,163 integer keys). */
  phfBitsPerKey: 2.5,
  /** numeric data.bin: sorted Point {value 8 B, point id u32} = 16 B per value. */
  numericPairBytes: 16,
  /** Small files that take one 4 KiB file-system block each (configs, status, histogram, block index), per segment. */
  mapSmallFilesBytes: FILE_SYSTEM_BLOCK_BYTES,
  numericSmallFilesBytes: 20_480,
  /** The file system's allocation unit (FILE_SYSTEM_BLOCK_BYTES). */
  blockBytes: FILE_SYSTEM_BLOCK_BYTES,
  /** Heap: Vec<u32> point ids per value (4) + 1 deleted bit each. */
  heapContainerBytes: 4,
  /** Owned keyword value: ecow 0.3 EcoString, 16 B, inline up to 15 bytes (qdrant@v1.19.0 map_index/key.rs; Cargo.lock ecow 0.3.0). */
  heapEcoStringBytes: 16,
  heapEcoStringInlineMax: 15,
  /** HashMap<value, ContainerSegment {Range<u32>, u32}> entry: key + 12, aligned; 1 control byte per bucket; buckets = next_pow2(8/7 x entries). */
  heapSegmentBytes: 12,
  /** Immutable numeric index heap: sorted Vec<Point> 16 B + 1 deleted bit per value. */
  heapNumericPointBytes: 16,
  source:
    'qdrant@v1.19.0:lib/segment/src/index/field_index/ (map_index/immutable_map_index, map_index/mmap_map_index, numeric_index/immutable_numeric_index, numeric_index/mmap_numeric_index, mmap_point_to_values.rs, immutable_point_to_values.rs); lib/common/common/src/persisted_hashmap/; measured data/calibration/payload-indexed.json',
} as const;

/** Geo index layout (qdrant@v1.19.0:lib/segment/src/index/field_index/geo_hash.rs: 12-character geohashes, base 32). */
export const GEO_INDEX_LAYOUT = {
  /** Geohash length of a stored point (encode_max_precision): prefixes of length 0..12 are counted. */
  hashLevels: 12,
  source:
    'qdrant@v1.19.0:lib/segment/src/index/field_index/geo_hash.rs (encode_max_precision, 12 characters), geo_index/mutable_geo_index/inner.rs (points_map, counts per sub-hash), geo_index/on_disk_geo_index/ (counts_per_hash.bin, points_map.bin, points_map_ids.bin, block indexes), geo_index/immutable_geo_index/mod.rs (flat vectors)',
} as const;
