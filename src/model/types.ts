/**
 * Shapes shared by every model module. A line item is one structure's bytes in one residency,
 * with the formula that produced it, so that `qsize explain` can show the math (Elastic's sizing
 * calculator is the bar) and a test can re-evaluate the formula independently of the code.
 */

/**
 * Where a line item's bytes live.
 * - `ram`: non-evictable anonymous memory (heap); what RssAnon shows; OOM-relevant.
 * - `cache`: a file on disk whose pages must stay in the page cache for full-speed search
 *   (mmap + populate). Counts towards disk AND towards page cache.
 * - `disk`: a file on disk read on demand (cold mmap, WAL, payload read per request).
 * - `peak-ram`: transient heap during optimization/indexing (HNSW builder, merge buffers).
 * - `peak-disk`: transient disk during optimization (temp segments).
 */
export type Residency = 'ram' | 'cache' | 'disk' | 'peak-ram' | 'peak-disk';

export type Structure =
  | 'vectors'
  | 'quantization'
  | 'hnsw'
  | 'id-tracker'
  | 'payload'
  | 'payload-index'
  | 'sparse'
  | 'wal'
  | 'process'
  | 'allocator'
  | 'optimizer'
  | 'segment-files';

/** How sure we are of a number: `exact` = byte layout from source, `high` = layout plus a small
 * data-dependent term, `medium` = depends on a calibrated constant, `low` = structural guess. */
export type Confidence = 'exact' | 'high' | 'medium' | 'low';

export interface ByteRange {
  low: number;
  expected: number;
  high: number;
}

export interface LineItem {
  /** Stable key, e.g. `vectors.default.originals`. */
  id: string;
  /** Report line, e.g. `Original vectors "default" (float32, 768-d)`. */
  name: string;
  structure: Structure;
  /** The named vector this item belongs to, if any (`""` is the unnamed default vector). */
  vector?: string;
  residency: Residency;
  /** Expected bytes, a finite non-negative integer. */
  bytes: number;
  /** Low/expected/high; equal to `bytes` when the layout is exact. */
  range: ByteRange;
  confidence: Confidence;
  /** Symbolic formula in mathjs syntax over the names in `inputs`; evaluates to `bytes`. */
  formula: string;
  /** The values of every symbol in `formula`. */
  inputs: Record<string, number>;
  /** The formula with the inputs substituted, for humans. */
  substituted: string;
  /** Upstream source: `qdrant@<tag>:<path>` or a documentation URL. */
  source: string;
  /** Optional remark shown under the item. */
  note?: string;
}

/** How the collection's points are cut into shards and segments for the estimate. */
export interface SegmentLayout {
  shardNumber: number;
  /** Points per shard (the largest shard when N does not divide evenly). */
  pointsPerShard: number;
  segmentsPerShard: number;
  /** Points in one segment (average over the shard's segments). */
  pointsPerSegment: number;
  /**
   * Points in the largest segment the optimizer may build (sizes the optimization peak): merges
   * can grow a segment up to max_segment_size, never beyond the shard.
   */
  largestSegmentPoints: number;
  /** Segments holding the points in the whole collection (one replica); indexed ones when `indexed`. */
  segmentsTotal: number;
  /**
   * Beside indexed segments, each shard keeps one appendable segment with the points that have not yet crossed the
   * indexing threshold (at most indexing_threshold of vector data; measured 0-16,000 points). Its points are
   * counted in the indexed segments (under 10 MB of vectors per shard); it adds memory maps and small files.
   */
  appendableSegmentsPerShard?: number;
  /**
   * Points per shard expected in that appendable tail, not in any graph: half the indexing threshold's worth of
   * vectors (the tail holds 0 to indexing_threshold; measured 0, 16,000 and 19,500 points on the v1.19.0 server);
   * 0 after a bulk load (assumptions.bulkLoad: every point is indexed once indexing is back on).
   */
  tailPointsPerShard?: number;
  /**
   * The chance that a shard's appendable tail holds any points (then it has its vector chunk and status files; an
   * empty tail has none): 1/2 after a trickle upload (5 of 14 shards measured held points, the rest were swept into a
   * final merge), 0 after a bulk load (assumptions.bulkLoad; 3 of 3 measured).
   */
  tailOccupiedShare?: number;
  /**
   * Points of the busiest shard / the mean (Qdrant's hash ring is uneven: src/model/shard-skew.ts): its share of the
   * ring, exact, and the range its point count spans at these points. The estimate is for the whole collection; a peer
   * holding the busiest shard needs its shard-proportional share times this.
   */
  busiestShardFactor?: { expected: number; low: number; high: number };
  /** Whether segments cross the indexing threshold (HNSW + quantization built). */
  indexed: boolean;
  indexingThresholdBytes: number;
  maxSegmentBytes: number;
  /** Bytes of the largest named vector per point: what max_segment_size and indexing_threshold compare. */
  vectorBytesPerPoint: number;
  /** default_segment_number in effect (set, or Qdrant's automatic value for nodeCpus). */
  defaultSegments: number;
  /** CPU count assumed for the node (drives Qdrant's default segment number and max segment size). */
  nodeCpus: number;
  /**
   * Where every segment keeps its payload (Resolved.payloadStorage): a gridstore (`payload_storage/`, memory-mapped) or
   * the segment's RocksDB (v1.12, and on_disk_payload=false before v1.16), which maps no file.
   */
  payloadStorage: 'gridstore' | 'rocksdb';
  /**
   * Payload indexes of the collection (one per field_name), each with a null index in every segment that maps its
   * indexes (nullIndexFlags). Counted from the workload, not from line-item ids: a field name holds dots
   * (`meta.lang`, `offers[].sku`), so the id `payload-index.<field>.files` cannot be split on them (before s37 the map
   * count took the id's second dot-separated part and merged `offers[].sku` with `offers[].qty`).
   */
  payloadIndexes: number;
  /**
   * Payload indexes an indexed segment writes as mmap files (src/model/payload.ts payloadIndexIsMmap): all from v1.14.1,
   * before only those with `on_disk: true`; the others are in the segment's RocksDB. 0 when not indexed.
   */
  mmapPayloadIndexes: number;
  /** Memory maps of those indexes' own files, their null indexes apart (src/model/memory-maps.ts INDEXED_SEGMENT_INDEX_MAPS, by type). */
  mmapPayloadIndexMaps: number;
  /**
   * Whether the payload indexes of appendable segments map files: mutable indexes over a gridstore from v1.16.0
   * (VersionFeatures.gridstoreMutableIndexes); up to v1.15.x they are in the segment's RocksDB and map nothing.
   */
  mutablePayloadIndexesMapped: boolean;
  /**
   * Gridstores the payload indexes of an appendable segment hold from v1.16.0 (0 before): one per component, so an
   * integer index with lookup and range has two (its map and its numeric index), every other index one (measured on
   * the v1.19.0 server: `kw-map`, `num-map`, `num-numeric`, `txt-text`, geo's `-map`; data/calibration/engine-identity/).
   * A bool index holds none of its own (mutableBoolIndexes). A 1.20 `nested` index, a bool too, also one element map per
   * component and one for its null index (qdrant-edge-py 0.9.0: data/calibration/v1.20-structures/nested-maps-0.9.0.json,
   * nested-maps-all-types-0.9.0.json; src/model/layout.ts mutableIndexStores).
   */
  mutablePayloadIndexStores: number;
  /**
   * Bool indexes of an appendable segment from v1.16.0 (0 before): two dynamic mmap flag files, `trues` and `falses`,
   * not a gridstore (qdrant@v1.16.0 lib/segment/src/index/field_index/bool_index/mutable_bool_index.rs, DynamicMmapFlags;
   * measured 4 maps on the v1.19.0 server, engine-identity/server-v1.19.0-index-maps.json).
   */
  mutableBoolIndexes: number;
  /**
   * Whether each payload index has a null index beside it (`<field>-null/has_values`, `is_null`: two dynamic mmap flag
   * files with a status file each, 4 maps), v1.14.0+ (VersionFeatures.nullIndex), in every segment whose indexes are
   * mmap files or gridstores.
   */
  nullIndexFlags: boolean;
  reason: string;
}

export interface Estimate {
  schemaVersion: 'qsize.estimate/v1';
  qdrantVersion: string;
  points: number;
  layout: SegmentLayout;
  memory: {
    /** Non-evictable RAM (RssAnon) for one copy of the collection, process baseline included. */
    residentBytes: number;
    /** Page cache that must stay hot for full-speed search. */
    pageCacheBytes: number;
    /** residentBytes + the transient peak of optimization/indexing. */
    peakBytes: number;
    residentRange: ByteRange;
    pageCacheRange: ByteRange;
    peakRange: ByteRange;
  };
  disk: {
    /** Bytes on disk at rest (allocated). */
    bytes: number;
    /** bytes + temporary segments during optimization. */
    peakBytes: number;
    range: ByteRange;
    /** What `ls -l` shows: bytes plus the sparse tail of chunked storages (not allocated). */
    apparentBytes: number;
  };
  lineItems: LineItem[];
  warnings: string[];
  /** Assumptions the numbers rest on (name -> value), for the report. */
  assumptions: Record<string, number | string | boolean>;
}
