/**
 * What one heap allocation of `bytes` takes, by the allocator of the process that holds it (s44). Every heap structure
 * the model sizes from its allocations (the mutable payload indexes, the text index's lists and strings, the mutable id
 * tracker's B-tree) goes through `allocationBytes`, so the rule is here once.
 *
 * - `jemalloc`: the Qdrant server's. Qdrant's release binaries and images are built with tikv-jemallocator as the global
 *   allocator on x86_64 and aarch64 Linux (qdrant@v1.19.0 Cargo.toml `[target.'cfg(all(not(target_env = "msvc"),
 *   any(target_arch = "x86_64", target_arch = "aarch64")))'.dependencies] tikv-jemallocator`; src/main.rs
 *   `#[global_allocator]`). jemalloc keeps no header in an allocation and rounds a request up to its size class
 *   (jemalloc include/jemalloc/internal/sc.h, LG_QUANTUM 4 on both, SC_LG_NGROUP 2): 8; then 16 to 128 in steps of 16;
 *   then four classes to each doubling, a class in (2^g, 2^(g+1)] a multiple of 2^(g-2) (160, 192, 224, 256, 320, ...),
 *   the same spacing for the large classes past 14 KiB. Its `stats.allocated` counts these classes.
 * - `glibc`: the in-process engine's (qdrant-edge-py, on which the structures were first measured; glibc
 *   malloc/malloc.c): a chunk is the request and its 8-B size field, rounded up to 16 and at least 32. For a request
 *   whose size is a mean over many (a point's values, a list's ids) the rounding is taken as its mean, 7.5 B.
 *
 * Measured on the real v1.19.0 server (data/calibration/server-v1.19.0-mutable-index, s44): a mutable keyword index of
 * 510,000 points holds 22.92 MB of RssAnon (22.64 MB in jemalloc's own count) above the same points unindexed; per point
 * a 24-B Vec and its one 16-B EcoString, 40 B in jemalloc's classes where glibc's chunk makes it 56: the model at
 * glibc's chunks was +32% (30.25 MB), at jemalloc's -3.7% (22.08 MB); integer, float and text indexes alike
 * (docs/accuracy.md, "The allocator's size classes").
 */
export type Allocator = 'jemalloc' | 'glibc';

export const ALLOCATOR = {
  /** jemalloc: the smallest class, the quantum (16 B) up to 128 B, then 2^SC_LG_NGROUP = 4 classes a doubling. */
  jemallocTinyBytes: 8,
  jemallocQuantumBytes: 16,
  jemallocQuantumUpToBytes: 128,
  jemallocClassesPerDoubling: 4,
  /** jemalloc's largest small class (SC_SMALL_MAXCLASS at 4 KiB pages); above it an allocation is its own run of pages. */
  jemallocSmallMaxBytes: 14_336,
  pageBytes: 4_096,
  /** glibc: the chunk's size field (SIZE_SZ), MALLOC_ALIGNMENT and MINSIZE on 64-bit. */
  glibcHeaderBytes: 8,
  glibcAlignBytes: 16,
  glibcMinBytes: 32,
  source:
    'jemalloc 5.3 include/jemalloc/internal/sc.h (size classes: LG_QUANTUM 4, SC_LG_TINY_MIN 3, SC_LG_NGROUP 2; SC_SMALL_MAXCLASS 14 KiB at LG_PAGE 12), as tikv-jemallocator 0.7 builds it (qdrant@v1.19.0 Cargo.toml, the target section that has chosen it on x86_64 and aarch64 since 1.x; src/main.rs #[global_allocator]); glibc 2.36 malloc/malloc.c (SIZE_SZ 8, MALLOC_ALIGNMENT 16, MINSIZE 32)',
} as const;

/** The citation a line item sized from allocations carries (ALLOCATOR.source), written once. */
export const ALLOCATION_SOURCE = `allocations: ${ALLOCATOR.source}`;

/** The allocator Qdrant's own binaries use (ALLOCATOR): what a server pod holds. */
export const DEFAULT_ALLOCATOR: Allocator = 'jemalloc';

// The classes' bounds, read once (jemallocClass is on the text model's hot path: a plan sums it for every rank group).
const TINY = ALLOCATOR.jemallocTinyBytes;
const QUANTUM = ALLOCATOR.jemallocQuantumBytes;
const QUANTUM_UP_TO = ALLOCATOR.jemallocQuantumUpToBytes;
const LG_CLASSES = Math.log2(ALLOCATOR.jemallocClassesPerDoubling);

/** jemalloc's size class for a request of `bytes` (ALLOCATOR): 8, multiples of 16 up to 128, then 4 classes a doubling. */
export function jemallocClass(bytes: number): number {
  if (bytes <= 0) return 0;
  if (bytes <= TINY) return TINY;
  if (bytes <= QUANTUM_UP_TO) return Math.ceil(bytes / QUANTUM) * QUANTUM;
  // The doubling (2^g, 2^(g+1)] the request falls in, g = floor(log2(ceil(bytes) - 1)); its classes 2^(g - 2) apart.
  const x = Math.ceil(bytes) - 1;
  if (x < 0x80000000) {
    const step = 1 << (31 - Math.clz32(x) - LG_CLASSES);
    return Math.ceil(bytes / step) * step;
  }
  const step = 2 ** (Math.floor(Math.log2(x)) - LG_CLASSES);
  return Math.ceil(bytes / step) * step;
}

/**
 * The resident bytes one allocation of `bytes` takes under `allocator` (ALLOCATOR). jemalloc: a small request (up to
 * 14 KiB) its size class, the class's slots packed in slabs; a large one its pages written, the request rounded up to
 * 4 KiB: its extent is its class (up to 25% more), but pages never written are never resident, as a map index's
 * per-point vector shows past its capacity doubling on the server (s44, data/calibration/server-v1.19.0-mutable-index:
 * 1.34 MB resident where the untouched capacity was 11.86 MB). (An extent carved from pages another allocation touched
 * is resident whole: the mutable tracker's versions vector, src/model/id-tracker.ts, says so itself.) glibc: its chunk,
 * the rounding to 16 exact for a request of one known size (`exact`), else its mean, 7.5 B. Nothing for nothing
 * requested.
 */
export function allocationBytes(bytes: number, allocator: Allocator, exact = false): number {
  return allocationFn(allocator, exact)(bytes);
}

const PAGE = ALLOCATOR.pageBytes;
const SMALL_MAX = ALLOCATOR.jemallocSmallMaxBytes;
const G_HEADER = ALLOCATOR.glibcHeaderBytes;
const G_ALIGN = ALLOCATOR.glibcAlignBytes;
const G_MIN = ALLOCATOR.glibcMinBytes;
const jemallocResident = (bytes: number): number => (bytes <= 0 ? 0 : bytes <= SMALL_MAX ? jemallocClass(bytes) : Math.ceil(bytes / PAGE) * PAGE);
const glibcExact = (bytes: number): number => (bytes <= 0 ? 0 : Math.max(G_MIN, Math.ceil((bytes + G_HEADER) / G_ALIGN) * G_ALIGN));
const glibcMean = (bytes: number): number => (bytes <= 0 ? 0 : Math.max(G_MIN, bytes + G_HEADER + (G_ALIGN - 1) / 2));

/** allocationBytes as a function of the request alone, for a loop that sizes many allocations under one allocator. */
export function allocationFn(allocator: Allocator, exact = false): (bytes: number) => number {
  return allocator === 'jemalloc' ? jemallocResident : exact ? glibcExact : glibcMean;
}
