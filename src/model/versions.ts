/**
 * Where Qdrant's storage layout changed, version by version (v1.12.0 to v1.20.x). Every switch cites
 * the Qdrant source at the tag where it flips; docs/methodology.md explains each. The source snapshot reachable
 * here ends at the v1.19.0 tag: the 1.20 switches cite the published 1.20.0 clients (qdrant-client 1.20.0 on PyPI,
 * qdrant_client/http/models/models.py, generated from the server's OpenAPI) and were measured on qdrant-edge-py
 * 0.9.0, the in-process engine of the 1.20 period (data/calibration/v1.20-structures/edge-0.9.0.json). 1.19.1 and 1.19.2 are
 * patch releases (a third-party Helm chart bump; Gentoo's changelog lists two RUSTSEC dependency fixes for 1.19.2)
 * with no storage change known: they resolve to the v1.19.0 facts.
 */

export const KNOWN_VERSIONS = [
  '1.12.0', '1.13.0', '1.13.5', '1.14.0', '1.14.1', '1.15.0', '1.16.0', '1.17.0', '1.17.1', '1.18.0', '1.19.0', '1.19.1', '1.19.2', '1.20.0',
] as const;
/** The newest known: Qdrant 1.20.0, released 2026-10-22 (qdrant-client 1.20.0 on crates.io and PyPI the same day). */
export const LATEST_VERSION = '1.20.0';
/**
 * The version a workload gets when it names none: the newest known, 1.20.0. Its emitted collection requests are
 * validated against the 1.20.0 API as its published client states it (test/emit/upstream/qdrant-openapi/, derived from
 * qdrant-client 1.20.0; no 1.20 OpenAPI from the server is reachable), and always set shard_number.
 */
export const DEFAULT_VERSION = '1.20.0';

/**
 * The versions qsize accepts, as help and error messages say it: the oldest known to any patch of the newest minor
 * (parseVersion takes 1.20.5 too, planned with the 1.20 layout and warned about by unknownRelease), so "1.12.0 to 1.20.x".
 */
export const VERSION_RANGE_TEXT = `${KNOWN_VERSIONS[0]} to ${LATEST_VERSION.replace(/\d+$/, 'x')}`;

/**
 * The newest patch release of each minor that qsize knows of: the tags of qdrant/qdrant up to v1.19.0 (git tags
 * v1.12.6, v1.13.6, v1.14.1, v1.15.5, v1.16.3, v1.17.1, v1.18.3, v1.19.0 in the snapshot fetched for this project, whose
 * newest commit is "Bump version to 1.19.0"), then 1.19.1, 1.19.2 and 1.20.0 (KNOWN_VERSIONS, with their sources). A
 * later patch may exist (a release after the snapshot); a version past these is planned with its minor's layout and
 * warned about (unknownRelease), since the emitted files name its image tag.
 */
export const NEWEST_KNOWN_PATCH: Readonly<Record<number, number>> = { 12: 6, 13: 6, 14: 1, 15: 5, 16: 3, 17: 1, 18: 3, 19: 2, 20: 0 };

/** A warning when `text` is a patch release past the newest qsize knows of its minor (1.19.99), else undefined. */
export function unknownRelease(text: string): string | undefined {
  const v = parseVersion(text);
  const newest = v ? NEWEST_KNOWN_PATCH[v.minor] : undefined;
  if (!v || newest === undefined || v.patch <= newest) return undefined;
  return `Qdrant ${formatVersion(v)} is not a release qsize knows of (the newest 1.${v.minor} it knows is 1.${v.minor}.${newest}): it is planned with the 1.${v.minor} layout, and the emitted files name the image tag v${formatVersion(v)}, which will not pull if that release does not exist`;
}

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

/**
 * Parses `1.19.0`, `v1.13.5` (the image tag's form: the `v` is dropped) and `1.19`, a minor without its patch, which
 * means the newest patch of it qsize knows (NEWEST_KNOWN_PATCH: `1.12` is 1.12.6, `1.19` is 1.19.2), as one deploying
 * "Qdrant 1.12" pulls the newest 1.12 image; null when outside 1.12.0 to 1.20.x or malformed. Every use of a version
 * (the workload schema, the estimate, the plan, the emitted image tags, `explain --vs`) reads it through here, so they
 * all name the same exact version.
 */
export function parseVersion(text: string): Version | null {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major !== 1 || minor < 12 || minor > 20) return null;
  return { major, minor, patch: m[3] === undefined ? NEWEST_KNOWN_PATCH[minor]! : Number(m[3]) };
}

/** The exact version `text` names (`v1.20.0` is 1.20.0, `1.12` is 1.12.6), or null as parseVersion. */
export function resolveVersion(text: string): string | null {
  const v = parseVersion(text);
  return v === null ? null : formatVersion(v);
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

function atLeast(v: Version, minor: number, patch = 0): boolean {
  return v.minor > minor || (v.minor === minor && v.patch >= patch);
}

/** The layout facts that depend on the version. */
export interface VersionFeatures {
  version: string;
  /** Source tag the facts were read at (the newest known tag not after the version). */
  tag: string;
  /** HNSW links written bit-packed (`links_compressed.bin`) since v1.13.0. */
  compressedLinks: boolean;
  /**
   * How a point's HNSW level is drawn from a uniform sample U: up to 1.19, `round(-ln U / ln m)` (P(level >= k) =
   * m^-(k - 0.5): qdrant@v1.19.0:lib/segment/src/index/hnsw_index/graph_layers_builder.rs get_random_layer, measured
   * 26.4% of points above level 0 at m=16 on qdrant-edge-py 0.7.2); in 1.20, `floor` (P(level >= k) = m^-k:
   * `level_from_sample` in the same file of the qdrant-edge 0.9.0 crate on crates.io, published with Qdrant 1.20.0,
   * whose test reads "Rounding would put this sample on level 1"; measured 6.6% above level 0 at m=16 on
   * qdrant-edge-py 0.9.0). Upper levels are sqrt(m) times rarer: 4x at m=16.
   */
  levelDraw: 'round' | 'floor';
  /** Immutable id tracker with compressed mappings since v1.13.5 (PR qdrant/qdrant#6023). */
  compressedIdTracker: boolean;
  /**
   * hnsw_config.on_disk=false: is the graph held as heap (anonymous) memory rather than a populated mmap?
   * v1.12: yes, read into a heap Vec. v1.13-v1.18: no, mmap + populate (page cache), as the source reads
   * (GraphLinks::load_from_file) and as measured on qdrant-edge-py 0.6.1 (api 1.17.1-dev) and 0.7.0 (api
   * 1.18.2-dev): the live heap of a loaded 100k x 384-d shard is the same with on_disk false or true
   * (data/calibration/graph-residency/). v1.19.0: no, measured on the real v1.19.0 server: links_compressed.bin is
   * memory-mapped and populated, its pages resident as file pages (RssFile) and the heap too small to hold a copy
   * (data/calibration/server-v1.19.0/). The in-process qdrant-edge-py 0.7.2 (api 1.18.2-dev, a 1.18 dev build, not the v1.19.0 tag) does grow
   * its heap by the links file's size (data/calibration/v1.19.0-matrix/); where the two disagree the server, which
   * users run, wins (docs/accuracy.md). 1.20 (qdrant-edge-py 0.9.0): page cache as well.
   */
  hnswHeapWhenInRam: boolean;
  /** KB (1 KB = 1024 bytes of vector data): 20000 before v1.15, 10000 since. */
  indexingThresholdKb: number;
  /** KB of vector data per indexing thread: 200000 before v1.15, 256000 since. */
  maxSegmentPerCpuKb: number;
  /** default_segment_number when 0: clamp(cpus, 2, 8) before v1.15, clamp(cpus/2, 2, 8) since. */
  segmentNumberFromCpus: (cpus: number) => number;
  /**
   * Binary quantization's `encoding` (1.5-bit and 2-bit beside one_bit) and `query_encoding` (asymmetric), both added to
   * BinaryQuantizationConfig in v1.15.0 (lib/segment/src/types.rs; at v1.14.1 it holds always_ram only).
   */
  binaryMultiBit: boolean;
  /** TurboQuant quantization (v1.18+: `TurboQuantization` in collections.proto of v1.18.0). */
  turbo: boolean;
  /**
   * The `turbo4` datatype (v1.19+). v1.18.0 and v1.18.1 have no such datatype; v1.18.2 and v1.18.3 accept it in the API
   * but cannot store it: creating its storage panics, `unimplemented!("turbo4 datatype storage not yet wired up")`
   * (qdrant@v1.18.3:lib/segment/src/segment_constructor/segment_constructor_base.rs, and for multivectors
   * multi_dense/appendable_mmap_multi_dense_vector_storage.rs); v1.19.0 opens it (open_turbo_vector_storage,
   * segment_constructor_base/vector_storage.rs). Measured: qdrant-edge-py 0.7.2 (api 1.18.2-dev) panics so on every
   * turbo4 collection, single vectors and multivectors (data/calibration/v1.20-structures/turbo-multivectors-0.7.2.json).
   */
  turboDatatype: boolean;
  /** `memory: cold|cached|pinned` tiers (v1.19). */
  memoryTiers: boolean;
  /** hnsw_config.inline_storage (v1.16+). */
  inlineStorage: boolean;
  /** Optimized in-RAM dense vectors as one file (InRamMmap) instead of 32 MiB chunks (flag on at v1.19.0). */
  singleFileInRamVectors: boolean;
  /** on_disk_payload=false: heap copy (InMemory, RocksDB) before v1.16, populated mmap (InRamMmap) since. */
  inRamPayloadIsHeap: boolean;
  /**
   * Optimized (non-appendable) segments write every payload index as mmap files, since v1.14.1. The choice is
   * lib/segment/src/index/struct_payload_index.rs `selector`: StorageType::NonAppendable gives every index the Mmap
   * selector, StorageType::NonAppendableRocksDb only an index with `on_disk: true` (the others stay in the segment's
   * RocksDB). Which of the two a new optimized segment gets is the feature flag payload_index_skip_rocksdb
   * (lib/common/common/src/flags.rs), off by default at v1.14.0 (its comment: "First implemented in Qdrant 1.13.5";
   * config/config.yaml and production.yaml set no feature_flags; only development.yaml sets `all: true`) and on by
   * default from v1.14.1. So 1.14.0 builds its indexes as 1.12 and 1.13 do, whose `selector` (qdrant@v1.12.0,
   * qdrant@v1.13.0, same file) takes IndexSelector::OnDisk (the same mmap index types) for an `on_disk: true` index of
   * an immutable segment and RocksDB for the rest (below). The mutable id tracker is on RocksDB through
   * v1.13 too (SimpleIdTracker; the file-based MutableIdTracker from v1.14.0, segment_constructor_base.rs
   * create_mutable_id_tracker); the id-tracker model does not distinguish it, and RocksDB's own files are not sized.
   *
   * Before v1.14.1 an optimized segment builds an index with `on_disk: true` as the mmap index, and serves it from those files (page cache, no heap copy): qdrant@v1.12.0 and v1.13.0
   * lib/segment/src/index/struct_payload_index.rs `selector` (`IndexSelector::OnDisk` when the segment is not
   * appendable and `payload_schema.is_on_disk()`), lib/segment/src/index/field_index/index_selector.rs (map_new:
   * MapIndex::new_mmap, numeric_new, geo_new, text_new); qdrant@v1.14.0 the same through StorageType::NonAppendableRocksDb.
   * The files have the layout v1.14.0 writes (mmap_map_index.rs, mmap_numeric_index.rs, mmap_point_to_values.rs,
   * geo_index/mmap_geo_index.rs, full_text_index/mmap_inverted_index/, lib/common/common/src/mmap_hashmap.rs: between
   * v1.12.0, v1.13.0 and v1.14.0 only zerocopy and hardware-counter changes, no file, header or entry changed) except
   * the null index (nullIndex). A bool index has an mmap variant from v1.13.0 (bool_index/mmap_bool_index.rs: two
   * DynamicMmapFlags, `trues` and `falses`); at v1.12.0 a bool index is never on disk (types.rs
   * PayloadSchemaParams::is_on_disk: `Bool(_) => false`) and stays in RocksDB: boolMmapIndex.
   */
  mmapPayloadIndexes: boolean;
  /** Bool field indexes can be mmap (MmapBoolIndex) since v1.13.0 (qdrant@v1.13.0:lib/segment/src/index/field_index/bool_index/). */
  boolMmapIndex: boolean;
  /**
   * Every mmap field index has a null index beside it (has_values and is_null flags) since v1.14.0:
   * qdrant@v1.14.0:lib/segment/src/index/field_index/index_selector.rs null_builder ("null index is always on disk",
   * IndexSelector::Mmap only), lib/segment/src/index/field_index/null_index/ (not in v1.13.x).
   */
  nullIndex: boolean;
  /**
   * Payload storage of on_disk_payload=true (the default) is a gridstore, `payload_storage/` in every segment (an empty
   * one holds config.json, gaps.dat and tracker.dat: `payload.empty-storage`), since v1.13.0:
   * qdrant@v1.13.0:lib/collection/src/config.rs (payload_storage_type: on_disk_payload -> PayloadStorageType::Mmap) and
   * lib/segment/src/segment_constructor/segment_constructor_base.rs (create_payload_storage: Mmap ->
   * MmapPayloadStorage::open_or_create, lib/segment/src/payload_storage/mmap_payload_storage.rs, STORAGE_PATH
   * "payload_storage"; the store is the lib/blob_store crate at v1.13.x, renamed lib/gridstore at v1.14.0, same block,
   * page and region sizes). At v1.12.x there is no such store: on_disk_payload=true is PayloadStorageType::OnDisk
   * (OnDiskPayloadStorage) and false InMemory (SimplePayloadStorage), both in the segment's RocksDB
   * (qdrant@v1.12.0, same two files). Until v1.16 on_disk_payload=false stays on RocksDB (inRamPayloadIsHeap).
   */
  gridstorePayload: boolean;
  /**
   * The mmap map and numeric indexes write `deleted.bin` in full, up to v1.17.0: the file is created and then zeroed
   * through the mmap (`deleted_mmap.fill(0)`), so every block of it is allocated; a map index's is `ceil(n / 8)` bytes
   * rounded up to 8, a numeric index's `8 * 8 * ceil(n / 64)` bytes, a byte per point where a bit was meant
   * (qdrant@v1.12.0 to v1.17.0 lib/segment/src/index/field_index/map_index/mmap_map_index.rs and
   * numeric_index/mmap_numeric_index.rs, `build`). From v1.17.1 both are `ceil(n / 8)` rounded up to 8 bytes and only
   * the set bits are written (`MmapBitSlice::set_ascending_bits_batch`: the same files at v1.17.1 and v1.18.0), so the
   * file is sparse: measured 2,504 B apparent, 0 B allocated for 20,000 points on qdrant-edge-py 0.6.1 (api 1.17.1-dev),
   * 0.7.0, 0.7.2 and 0.9.0 (data/calibration/legacy-index-files/).
   */
  deletedFlagsWritten: boolean;
  /**
   * Sorted-block indexes beside the sorted files: a numeric index's `data_block_index.bin` and a geo index's
   * `counts_per_hash_block_index.bin` and `points_map_block_index.bin` (4 B per 256 entries + 32 B, one 4 KiB block
   * each), since v1.19.0 (qdrant@v1.19.0:lib/segment/src/index/field_index/numeric_index/on_disk_numeric_index/mod.rs
   * PAIRS_BLOCK_INDEX_PATH, geo_index/on_disk_geo_index/mod.rs; no `SortedBlockIndex` in lib/segment at v1.18.3).
   * Measured: present on qdrant-edge-py 0.9.0, absent on 0.6.1, 0.7.0 and 0.7.2 (whose SBOM names api 1.18.2-dev).
   */
  sortedBlockIndexes: boolean;
  /**
   * Padding after each posting list's packed ids in a text index's postings.dat: up to v1.14.x `ALIGNMENT -
   * data_len % ALIGNMENT` (1 to 4 bytes, and 4 when already aligned: qdrant@v1.14.1 lib/segment/src/index/field_index/
   * full_text_index/mmap_inverted_index/mmap_postings.rs), from v1.15.0 `data_len.next_multiple_of(ALIGNMENT) -
   * data_len` (0 to 3: qdrant@v1.15.0 full_text_index/inverted_index/mmap_inverted_index/mmap_postings.rs, the generic
   * posting list of PR #6565). The packed ids are whole 16-byte BitPacker4x blocks, so the padding is always 4 B per
   * posting list before 1.15 and 0 after; the headers, chunks, remainders, vocab.dat and point_to_tokens_count.dat are
   * the same (measured: the same postings.dat, vocab.dat and point_to_tokens_count.dat bytes on qdrant-edge-py 0.6.1,
   * 0.7.0, 0.7.2 and 0.9.0, data/calibration/legacy-index-files/).
   */
  textPostingPaddingBytes: number;
  /**
   * A phrase index (`phrase_matching`) puts a separator token between the values of a field of several values, so a
   * phrase does not match across them, from v1.18.0 ("Fix phrase matching crossing string-array element boundaries",
   * PR #8938: `ARRAY_BOUNDARY_SENTINEL` in qdrant@v1.18.0 lib/segment/src/index/field_index/full_text_index/
   * inverted_index/mod.rs, absent at v1.17.1); before, the values' tokens follow one another (phraseSeparatorBytes,
   * mutablePhraseHeapBytes).
   */
  phraseArraySeparator: boolean;
  /**
   * Payload indexes of appendable segments are mutable indexes over a gridstore (`IndexSelector::Gridstore`: a page,
   * tracker, bitmask, gaps and config per index, and the null index's flags) since v1.16.0, when the feature flag
   * payload_index_skip_mutable_rocksdb became default (qdrant@v1.16.0 lib/common/common/src/flags.rs: "First
   * implemented in Qdrant 1.15.0. Enabled by default in Qdrant 1.16.0"; lib/segment/src/index/struct_payload_index.rs
   * `selector`, StorageType::GridstoreAppendable). Up to v1.15.x they are in the segment's RocksDB
   * (StorageType::Appendable / RocksDbAppendable -> IndexSelector::RocksDb at v1.14.1 and v1.15.0), which maps nothing.
   */
  gridstoreMutableIndexes: boolean;
  /**
   * An appendable segment's map and geo index load each point's values by pushing them one at a time into an empty
   * `Vec` (capacity 4 at the first push, then doubling), v1.16.0 to v1.18.x: qdrant@v1.16.0 and v1.17.0
   * lib/segment/src/index/field_index/map_index/mutable_map_index.rs and geo_index/mutable_geo_index.rs
   * (`open_gridstore`: `point_values.push(value.clone())`), qdrant@v1.18.3 map_index/mutable_map_index/inner.rs
   * (`ingest`) and geo_index/mutable_geo_index/inner.rs. From v1.19.0 the map index makes each point's `Vec` with
   * the capacity of its values (mutable_map_index/in_memory.rs `add_many_to_map`: `Vec::with_capacity(values.len())`)
   * and the geo index stores the collected `Vec` (inner.rs). Measured on qdrant-edge-py 0.7.2 (api 1.18.2-dev) against
   * 0.9.0, the same 20,000 points (data/calibration/v1.19.0-structures/payload-indexes-appendable-0.7.2.json, s42): a
   * uuid index 1.03 MB more, a geo index 1.03 MB, keywords of 1-7 values 0.68 MB. The numeric index is unchanged
   * (`add_many_to_list` keeps the decoded `Vec` at both tags).
   */
  mutableIndexVecsPushedOnLoad: boolean;
  /** WAL keeps one closed segment (wal_retain_closed=1) since v1.16. */
  walRetainClosed: number;
  /** BQ/TQ also kept for appendable segments (appendable_quantization flag, v1.16+). */
  appendableQuantization: boolean;
  /** Datatypes `turbo8` and `turbo16` (1.20: `enum Datatype { ... Turbo8 = 5; Turbo16 = 6; }` in the 1.20.0 clients). */
  turboWideDatatypes: boolean;
  /** TurboQuant `bits8` (1.20: `TurboQuantBitSize.BITS8`). */
  turboBits8: boolean;
  /** `id_tracker: { memory: cold | cached | pinned }` on the collection (1.20, PR qdrant/qdrant#10597). */
  idTrackerTiers: boolean;
  /**
   * GraphInline vector storage (1.20, feature flag combined_vector_storage on by default, PRs qdrant/qdrant#10477,
   * #10479, #10515): with hnsw_config.inline_storage the standalone vector file is not written and the vectors follow
   * the graph's memory tier. Up to 1.19 both the inline graph and the vector file exist.
   */
  graphInlineStorage: boolean;
  /**
   * Full-text index `scoring` (BM25: document lengths and term frequencies) and the `code` tokenizer (1.20), and `nested`
   * array-element indexes (1.20): qdrant-client 1.20.0 models.py, `TextIndexParams.scoring`, `TokenizerType.CODE`,
   * `*IndexParams.nested`, none of them in 1.19.0's.
   */
  textScoring: boolean;
  nestedIndexes: boolean;
  /**
   * A full-text index an indexed segment serves from the heap (`memory: pinned`, the default) is read into it and keeps
   * none of its files mapped (1.20): measured on qdrant-edge-py 0.9.0, 0 maps for a pinned text index where one served
   * from disk (`cold`, `cached`, `on_disk: true`) maps 3 (4 with BM25), also after full-text queries
   * (data/calibration/v1.20-structures/nested-maps-all-types-0.9.0.json); the v1.19.0 server maps 3 for the pinned
   * one (engine-identity/server-v1.19.0-index-maps.json). src/model/memory-maps.ts indexedSegmentIndexMaps.
   */
  pinnedTextIndexUnmapped: boolean;
  /** shard_number "selected automatically" when unset (1.20; the rule is not published): emitted bodies must set it. */
  autoShardNumber: boolean;
}

/**
 * Whether a Qdrant version has this vector datatype: float32, float16 and uint8 always (1.12+), `turbo4` from 1.19
 * (`turboDatatype`), `turbo8` and `turbo16` from 1.20 (`turboWideDatatypes`). resolve refuses the others; `qsize compare
 * datatype` leaves them out of its default values.
 */
export function hasDatatype(f: Pick<VersionFeatures, 'turboDatatype' | 'turboWideDatatypes'>, datatype: string): boolean {
  if (datatype === 'turbo4') return f.turboDatatype;
  if (datatype === 'turbo8' || datatype === 'turbo16') return f.turboWideDatatypes;
  return true;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function featuresFor(text: string): VersionFeatures {
  const v = parseVersion(text);
  if (!v) throw new Error(`unknown Qdrant version ${text}`);
  const tag = `v${[...KNOWN_VERSIONS].reverse().find((k) => {
    const kv = parseVersion(k)!;
    return kv.minor < v.minor || (kv.minor === v.minor && kv.patch <= v.patch);
  }) ?? KNOWN_VERSIONS[0]}`;
  const since15 = atLeast(v, 15);
  return {
    version: formatVersion(v),
    tag,
    compressedLinks: atLeast(v, 13),
    levelDraw: atLeast(v, 20) ? 'floor' : 'round',
    compressedIdTracker: atLeast(v, 13, 5),
    hnswHeapWhenInRam: !atLeast(v, 13),
    indexingThresholdKb: since15 ? 10_000 : 20_000,
    maxSegmentPerCpuKb: since15 ? 256_000 : 200_000,
    segmentNumberFromCpus: since15 ? (cpus) => clamp(Math.floor(cpus / 2), 2, 8) : (cpus) => clamp(cpus, 2, 8),
    binaryMultiBit: since15,
    turbo: atLeast(v, 18),
    turboDatatype: atLeast(v, 19),
    memoryTiers: atLeast(v, 19),
    inlineStorage: atLeast(v, 16),
    singleFileInRamVectors: atLeast(v, 19),
    inRamPayloadIsHeap: !atLeast(v, 16),
    mmapPayloadIndexes: atLeast(v, 14, 1),
    boolMmapIndex: atLeast(v, 13),
    nullIndex: atLeast(v, 14),
    gridstorePayload: atLeast(v, 13),
    deletedFlagsWritten: !atLeast(v, 17, 1),
    sortedBlockIndexes: atLeast(v, 19),
    textPostingPaddingBytes: atLeast(v, 15) ? 0 : 4,
    phraseArraySeparator: atLeast(v, 18),
    gridstoreMutableIndexes: atLeast(v, 16),
    mutableIndexVecsPushedOnLoad: atLeast(v, 16) && !atLeast(v, 19),
    walRetainClosed: atLeast(v, 16) ? 1 : 0,
    appendableQuantization: atLeast(v, 16),
    turboWideDatatypes: atLeast(v, 20),
    turboBits8: atLeast(v, 20),
    idTrackerTiers: atLeast(v, 20),
    graphInlineStorage: atLeast(v, 20),
    textScoring: atLeast(v, 20),
    nestedIndexes: atLeast(v, 20),
    pinnedTextIndexUnmapped: atLeast(v, 20),
    autoShardNumber: atLeast(v, 20),
  };
}

/**
 * Indexing threads when max_indexing_threads = 0: min(8, cpus) up to 48 CPUs, 12 for 49-64, 16 above.
 * qdrant@v1.19.0:lib/common/common/src/defaults.rs (thread_count_for_hnsw).
 */
export function indexingThreadsFor(cpus: number): number {
  if (cpus <= 48) return Math.min(8, cpus);
  if (cpus <= 64) return 12;
  return 16;
}
