/**
 * Where Qdrant's storage layout changed, version by version (v1.12.0 to v1.19.x). Every switch cites
 * the Qdrant source at the tag where it flips; docs/methodology.md explains each.
 */

export const KNOWN_VERSIONS = [
  '1.12.0', '1.13.0', '1.13.5', '1.14.0', '1.15.0', '1.16.0', '1.17.0', '1.18.0', '1.19.0',
] as const;
export const LATEST_VERSION = '1.19.0';

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

/** Parses `1.19`, `1.19.0`, `v1.13.5`; null when outside 1.12.0 to 1.19.x or malformed. */
export function parseVersion(text: string): Version | null {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const v = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
  if (v.major !== 1 || v.minor < 12 || v.minor > 19) return null;
  return v;
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
  /** Immutable id tracker with compressed mappings since v1.13.5 (PR qdrant/qdrant#6023). */
  compressedIdTracker: boolean;
  /**
   * hnsw_config.on_disk=false: is the graph held as heap (anonymous) memory rather than a populated mmap?
   * v1.12: yes, read into a heap Vec. v1.13-v1.18: no, mmap + populate (page cache), as the source reads
   * (GraphLinks::load_from_file) and as measured on qdrant-edge-py 0.6.1 (api 1.17.1-dev) and 0.7.0 (api
   * 1.18.2-dev): the live heap of a loaded 100k x 384-d shard is the same with on_disk false or true
   * (data/calibration/graph-residency/). v1.19.0: yes, measured on qdrant-edge-py 0.7.2 (the v1.19.0 tag,
   * data/calibration/v1.19.0-matrix/): the live heap grows by the links file's size (m=8/16/32, 10k-1M points),
   * and not with on_disk=true. The development branch after v1.19.0 (0.9.0) defaults to page cache again.
   */
  hnswHeapWhenInRam: boolean;
  /** KB (1 KB = 1024 bytes of vector data): 20000 before v1.15, 10000 since. */
  indexingThresholdKb: number;
  /** KB of vector data per indexing thread: 200000 before v1.15, 256000 since. */
  maxSegmentPerCpuKb: number;
  /** default_segment_number when 0: clamp(cpus, 2, 8) before v1.15, clamp(cpus/2, 2, 8) since. */
  segmentNumberFromCpus: (cpus: number) => number;
  /** Binary 1.5-bit and 2-bit encodings since v1.15.0. */
  binaryMultiBit: boolean;
  /** TurboQuant quantization and turbo4 datatype (v1.18+). */
  turbo: boolean;
  /** `memory: cold|cached|pinned` tiers (v1.19). */
  memoryTiers: boolean;
  /** hnsw_config.inline_storage (v1.16+). */
  inlineStorage: boolean;
  /** Optimized in-RAM dense vectors as one file (InRamMmap) instead of 32 MiB chunks (flag on at v1.19.0). */
  singleFileInRamVectors: boolean;
  /** on_disk_payload=false: heap copy (InMemory, RocksDB) before v1.16, populated mmap (InRamMmap) since. */
  inRamPayloadIsHeap: boolean;
  /** Mutable id tracker and payload kept in RocksDB (v1.12). */
  rocksDbMutable: boolean;
  /** WAL keeps one closed segment (wal_retain_closed=1) since v1.16. */
  walRetainClosed: number;
  /** BQ/TQ also kept for appendable segments (appendable_quantization flag, v1.16+). */
  appendableQuantization: boolean;
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
    compressedIdTracker: atLeast(v, 13, 5),
    hnswHeapWhenInRam: !atLeast(v, 13) || atLeast(v, 19),
    indexingThresholdKb: since15 ? 10_000 : 20_000,
    maxSegmentPerCpuKb: since15 ? 256_000 : 200_000,
    segmentNumberFromCpus: since15 ? (cpus) => clamp(Math.floor(cpus / 2), 2, 8) : (cpus) => clamp(cpus, 2, 8),
    binaryMultiBit: since15,
    turbo: atLeast(v, 18),
    memoryTiers: atLeast(v, 19),
    inlineStorage: atLeast(v, 16),
    singleFileInRamVectors: atLeast(v, 19),
    inRamPayloadIsHeap: !atLeast(v, 16),
    rocksDbMutable: !atLeast(v, 13),
    walRetainClosed: atLeast(v, 16) ? 1 : 0,
    appendableQuantization: atLeast(v, 16),
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
