/**
 * Memory maps a Qdrant node holds, against the kernel's vm.max_map_count (65,530 by default): every segment maps
 * its files (vectors, graph, id tracker, payload storage pages, payload indexes), every shard its WAL segments, and
 * the process its binary, libraries, thread stacks and allocator arenas. A node that crosses the limit fails to map
 * new files ("startup OOM with many collections"; qdrant/qdrant#5836).
 *
 * Counted on the real v1.19.0 server (/proc/PID/maps, data/calibration/server-v1.19.0/):
 * - idle server: 88 maps with 2 CPUs, 77 with 1 (thread stacks: 2 maps per thread, about 4 threads per CPU);
 * - per shard: its WAL, 2-3 maps (open and retained segments);
 * - per indexed segment: graph 1, vectors 2 (matrix.dat, deleted flags), id tracker 2, payload storage 5 (an empty
 *   gridstore: page, tracker, bitmask, gaps, config), i.e. 10, plus 2 per quantized copy and 0-4 per payload index (INDEXED_SEGMENT_INDEX_MAPS);
 * - per appendable segment: 3 vector maps + 1 per 32 MiB chunk, 5 payload storage, 2 id tracker logs: 10-12;
 * - the 5 payload storage maps only where a segment has a gridstore (SegmentLayout.payloadStorage, from
 *   Resolved.payloadStorage: VersionFeatures.gridstorePayload, v1.13+, and not on_disk_payload=false before v1.16). 1.12
 *   keeps payloads in the segment's RocksDB, which reads its files without mapping them (RocksDB's allow_mmap_reads is
 *   off by default), and so does on_disk_payload=false on 1.13-1.15: PayloadStorageType::InMemory
 *   (qdrant@v1.13.0 and v1.15.0 lib/collection/src/config.rs payload_storage_type; at v1.15.0 InRamMmap only under the
 *   feature flag payload_storage_skip_rocksdb, off by default in lib/common/common/src/flags.rs) opens
 *   SimplePayloadStorage over RocksDB. From v1.16.0 that flag is on by default, and on_disk_payload=false is InRamMmap:
 *   MmapPayloadStorage::open_or_create(path, populate = true), the same gridstore with its 5 maps, populated
 *   (qdrant@v1.16.0 same files, lib/segment/src/segment_constructor/segment_constructor_base.rs create_payload_storage);
 * - the 0-4 maps of a payload index (INDEXED_SEGMENT_INDEX_MAPS, by type and, for text on 1.20, memory tier) only where
 *   an indexed segment writes it as mmap files (SegmentLayout.mmapPayloadIndexes: every index from v1.14.1, before only
 *   an `on_disk` one); one kept in the
 *   segment's RocksDB (before v1.14.1) maps nothing. An appendable segment's indexes are mutable indexes over a gridstore
 *   (page, tracker, bitmask, gaps, config: the same 5) from v1.16.0 and in its RocksDB before, mapping nothing
 *   (SegmentLayout.mutablePayloadIndexesMapped, VersionFeatures.gridstoreMutableIndexes: qdrant@v1.15.0/v1.16.0
 *   lib/common/common/src/flags.rs payload_index_skip_mutable_rocksdb, off by default at 1.15.0, on from 1.16.0);
 * - a null index beside every payload index (`<field>-null/has_values` and `is_null`, a flags file and a status file
 *   each: 4 maps), v1.14.0+, in an indexed segment and, from v1.16.0, in an appendable one (SegmentLayout.nullIndexFlags;
 *   qdrant@v1.14.0 lib/segment/src/index/field_index/index_selector.rs null_builder, "null index is always on disk";
 *   qdrant@v1.16.0 null_index/mutable_null_index.rs over DynamicMmapFlags);
 * - an appendable segment's payload index is a gridstore per component (5 maps each): an integer index with lookup and
 *   range holds two (`num-map` and `num-numeric`), so it maps 5 + 5 + 4 (SegmentLayout.mutablePayloadIndexStores); a bool index is two dynamic flag files instead, 4
 *   maps (SegmentLayout.mutableBoolIndexes; measured 4 on the v1.19.0 server, server-v1.19.0-index-maps.json).
 *   Measured on the v1.19.0 server (data/calibration/engine-identity/server-v1.19.0.json: 20,300 points, a keyword, an
 *   integer and a text index; /proc/PID/maps after a restart): an appendable segment 42 maps (vectors 5, payload
 *   storage 5, kw 5 + 4, num 10 + 4, txt 5 + 4; the mutable id tracker's files are read, not mapped), an empty one 40
 *   (no vector chunk yet); an indexed segment 32 (links 1, vectors 3, id tracker 2, payload storage 5, kw 2 + 4,
 *   num 4 + 4, txt 3 + 4). Before these two causes were counted the model gave 27 and 25;
 * - the allocator's anonymous maps grow by 20-40 with a loaded collection (measured 59 idle, 77-100 loaded), and by
 *   about 6 per shard replica (32 empty shards: 253 against 77 for one; 6 shards of 200k x 384-d: 119 against 83-89);
 * - a shard creates default_segment_number appendable segments at once, before any point arrives (32 empty shards on
 *   2 CPUs: 64 segments, 858 maps in all);
 * - 24 indexed segments of 8,000 points in one shard (d32-200k-seg25): 399 maps.
 * The counts are structural (a map per file), so they extrapolate linearly; the range is +-30% for the files of
 * structures not measured (sparse vectors, multivectors, many payload indexes).
 */
import type { Estimate } from './types.js';

/** vm.max_map_count on a stock Linux kernel (include/linux/mm.h DEFAULT_MAX_MAP_COUNT = 65530). */
export const DEFAULT_MAX_MAP_COUNT = 65_530;
/**
 * Warn when the high end of a plan's count reaches this fraction of the limit. qsize's own threshold: Qdrant exports the
 * count and the limit (`process_open_mmaps`, `system_max_mmaps` in /metrics: qdrant@v1.19.0 src/common/metrics.rs) but
 * warns at no fraction. Half leaves the other half for what the count leaves out: other collections on the same node
 * (it counts one), the optimizer's temporary segments and shard transfers in flight, and the segments the data adds as
 * it grows past the plan's horizon.
 */
export const MAP_COUNT_WARN_FRACTION = 0.5;

export const MEMORY_MAPS = {
  processBase: 66,
  processPerCpu: 11,
  allocatorPerCollection: 30,
  allocatorPerShard: 6,
  walPerShard: 3,
  /** graph 1, vectors 2, id tracker 2 (the payload storage's maps are payloadGridstore). */
  indexedSegmentBase: 5,
  perQuantizedVector: 2,
  perNamedVectorExtra: 3,
  /** vectors 3 + 1 chunk, id tracker logs 2, up to 2 more chunks (the payload storage's maps are payloadGridstore). */
  appendableSegment: 7,
  /** A segment's gridstore payload storage (v1.13+): page, tracker, bitmask, gaps, config. */
  payloadGridstore: 5,
  /** A payload index's null index (v1.14.0+): has_values and is_null, a flags file and a status file each. */
  perNullIndex: 4,
  /** An appendable segment's bool index (v1.16.0+): trues and falses, a flags file and a status file each (measured 4, server-v1.19.0-index-maps.json). */
  mutableBoolIndex: 4,
  source: 'measured: /proc/PID/maps of the Qdrant v1.19.0 server, data/calibration/server-v1.19.0/ (empty-server, empty-server-1cpu, empty-collection, empty-32shards, d128-30k, d384-default, d384-6shards, d128-200k-seg4, d128-100k-maxseg20mb, d32-200k-seg25); data/calibration/engine-identity/server-v1.19.0.json (payload indexes in indexed and appendable segments)',
} as const;

/**
 * Maps of one payload index an indexed segment writes as mmap files, its null index apart (perNullIndex), by type.
 * Measured on the v1.19.0 server after a restart (data/calibration/engine-identity/server-v1.19.0-index-maps.json,
 * maps_per_index_folder, one index of each type; test/calibration/server_graph_maps.py maps): a map index 2
 * (`<field>-map/point_to_values.bin`, `values_to_points.bin`: keyword, uuid, an integer's lookup), a numeric index 2
 * (`<field>-numeric/data.bin`, `point_to_values.bin`: float, datetime, an integer's range; its 5 other files, among them
 * data_block_index.bin, are read, not mapped), geo 4 (`counts_per_hash.bin`, `point_to_values.bin`, `points_map.bin`,
 * `points_map_ids.bin`), bool 4 (`trues` and `falses`, a flags file and a status file each), text 3
 * (`point_to_tokens_count.dat`, `postings.dat`, `vocab.dat`). Code: qdrant@v1.19.0 lib/segment/src/index/field_index/
 * map_index/mmap_map_index, numeric_index/mmap_numeric_index, geo_index/on_disk_geo_index, bool_index/mmap_bool_index,
 * full_text_index/on_disk_text_index. The same files and counts are taken for 1.14.1-1.18 (not measured there).
 * The parameters do not change them on v1.19.0 (s35, server-v1.19.0-index-maps-variants.json): a keyword with is_tenant,
 * on_disk: true indexes of every type (the OnDisk variants open the same files, unpopulated) and keyword / integer
 * indexes on array element paths (`arr[].sku`) map as above, 86 maps in that collection's indexed segment against 85
 * counted.
 * 1.20 (qdrant-edge-py 0.9.0, loaded in a fresh process; data/calibration/v1.20-structures/nested-maps-0.9.0.json, s35,
 * and nested-maps-all-types-0.9.0.json, s37: every type, nested and plain, 5,000 points of 1-7 array elements):
 * - keyword, uuid, integer, float, datetime, geo and bool indexes map as above, nested or not (a keyword with
 *   `memory: cold` too);
 * - a text index served from the heap (`memory: pinned`, the default) maps nothing: it is read into the heap at load
 *   and no file stays mapped, also after full-text queries (VersionFeatures.pinnedTextIndexUnmapped). Served from disk
 *   (`cold`, `cached`, `on_disk: true`) it maps the 3 above, and `term_frequencies.dat` more with BM25 `scoring`
 *   (textBm25; its `point_to_doc_len.dat` is read, not mapped); phrase matching adds none (its positions are inside
 *   postings.dat). In Qdrant's source of 2026-08-04 (74f3e85, lib/segment/src/index/field_index/full_text_index/
 *   lifecycle.rs new_mmap, immutable_text_index/lifecycle.rs load_from_on_disk) the pinned index is loaded into RAM
 *   "use mmap as backing storage": the maps were still kept then; 0.9.0's code that drops them was not read (the
 *   mirror stops at 2026-08-08);
 * - a nested index's `<component>-elements/starts.zstd` (one per component and one for the null index) is read, not
 *   mapped. In an appendable segment each of them is a gridstore (5 maps): layout.ts, mutableIndexStores.
 */
export const INDEXED_SEGMENT_INDEX_MAPS = { map: 2, numeric: 2, geo: 4, bool: 4, text: 3, textBm25: 1 } as const;

/**
 * Maps of the payload index `kind` in an indexed segment (its folders: an integer with lookup and range holds a map and
 * a numeric one); a text index by where it is served from (`onDisk`: cold, cached or on_disk) and BM25.
 */
export function indexedSegmentIndexMaps(
  kind: { type: string; map: boolean; numeric: boolean; onDisk: boolean; bm25: boolean },
  f: { pinnedTextIndexUnmapped: boolean },
): number {
  const t = INDEXED_SEGMENT_INDEX_MAPS;
  if (kind.type === 'text') return f.pinnedTextIndexUnmapped && !kind.onDisk ? 0 : t.text + (kind.bm25 ? t.textBm25 : 0);
  if (kind.type === 'geo' || kind.type === 'bool') return t[kind.type];
  return t.map * Number(kind.map) + t.numeric * Number(kind.numeric);
}

export interface MemoryMapCount {
  maps: number;
  low: number;
  high: number;
  limit: number;
  /** Set when the high end reaches MAP_COUNT_WARN_FRACTION of the limit. */
  warning?: string;
}

export interface MemoryMapInput {
  /** Shard replicas of this collection on the node (k of the S x RF). */
  shardReplicasOnNode: number;
  /** Collections like this one on the node (default 1). */
  collections?: number;
  /** CPUs of the node (threads and their stacks). */
  cpus: number;
  /** The node's vm.max_map_count (default 65,530). */
  maxMapCount?: number;
}

/** Memory maps on one node holding `shardReplicasOnNode` shard replicas of `collections` collections shaped like `e`. */
export function memoryMapsPerNode(e: Estimate, input: MemoryMapInput): MemoryMapCount {
  const m = MEMORY_MAPS;
  const limit = input.maxMapCount ?? DEFAULT_MAX_MAP_COUNT;
  const collections = Math.max(1, input.collections ?? 1);
  const L = e.layout;
  const vectors = new Set(e.lineItems.filter((i) => i.structure === 'vectors' && i.vector !== undefined).map((i) => i.vector));
  const quantized = new Set(e.lineItems.filter((i) => i.structure === 'quantization' && i.vector !== undefined).map((i) => i.vector)).size;
  const gridstore = L.payloadStorage === 'gridstore' ? m.payloadGridstore : 0;
  const appendable = m.appendableSegment + gridstore;
  const nullIndex = L.nullIndexFlags ? m.perNullIndex : 0;
  // An appendable segment's indexes: a gridstore per component and a null index each (from v1.16.0).
  const mutableIndexes = L.mutablePayloadIndexesMapped ? m.payloadGridstore * L.mutablePayloadIndexStores + m.mutableBoolIndex * L.mutableBoolIndexes + nullIndex * L.payloadIndexes : 0;
  const appendableWithIndexes = appendable + mutableIndexes;
  const perSegment =
    (L.indexed ? m.indexedSegmentBase + gridstore + L.mmapPayloadIndexMaps + nullIndex * L.mmapPayloadIndexes : appendableWithIndexes) +
    m.perQuantizedVector * quantized +
    m.perNamedVectorExtra * Math.max(0, vectors.size - 1);
  // An unindexed shard has its default_segment_number appendable segments even before it holds that many points.
  const segments = L.indexed ? L.segmentsPerShard : Math.max(L.segmentsPerShard, L.defaultSegments);
  const perShard = m.walPerShard + m.allocatorPerShard + segments * perSegment + (L.appendableSegmentsPerShard ?? 0) * appendableWithIndexes;
  const process = m.processBase + m.processPerCpu * input.cpus;
  const data = collections * (m.allocatorPerCollection + input.shardReplicasOnNode * perShard);
  const maps = Math.round(process + data);
  const low = Math.round(process + 0.7 * data);
  const high = Math.round(process + 1.3 * data);
  const out: MemoryMapCount = { maps, low, high, limit };
  if (high >= MAP_COUNT_WARN_FRACTION * limit) {
    out.warning =
      `about ${maps.toLocaleString('en-US')} memory maps per node (up to ${high.toLocaleString('en-US')}) against vm.max_map_count ${limit.toLocaleString('en-US')}: ` +
      'raise vm.max_map_count on the nodes (sysctl, e.g. 262144) or use fewer, larger segments, shards and collections';
  }
  return out;
}
