/**
 * Gridstore, Qdrant's key-value file store for payloads (v1.13+) and sparse vectors
 * (qdrant@v1.19.0:lib/gridstore/src/). Each value takes whole 128-byte blocks of 32 MiB page files;
 * `tracker.dat` holds a 4-byte header and a 16-byte pointer per point; `bitmask.dat` one bit per block;
 * `gaps.dat` 6 bytes per region of 8,192 blocks.
 *
 * Page files, the tracker and the bitmask are created with `set_len` and grow in whole pages
 * (tracker: powers of two from 1 MiB), so `ls -l` shows up to 32 MiB more per store than the blocks
 * written. Those untouched pages take no disk blocks: qsize counts the allocated bytes as disk and
 * reports the rest only in `disk.apparentBytes`.
 */
import { MUTABLE_INDEX_STORES, QDRANT } from './constants.js';
import { nextPow2 } from './formula.js';

const QDRANT_CBOR_SHORT = MUTABLE_INDEX_STORES.cborShortLimit.value;

/** Bytes of disk a gridstore allocates besides its blocks and pointers: config.json, gaps.dat and the tracker's first page. */
export function gridstoreFixedAllocatedBytes(): number {
  return QDRANT.gridEmptyAllocatedBytes.value;
}

/**
 * What `ls -l` shows for one gridstore of `points` values of `blocksPerPoint` blocks: whole page files,
 * the tracker at the next power of two (at least 1 MiB), 1 bit per block of every page, 6 bytes per
 * region of every page, and config.json. A store of other blocks (`blockBytes`: a mutable payload index's) has pages of
 * 32 regions of its blocks (MUTABLE_INDEX_STORES.pageRegions), 32 MiB for the 128-B default.
 */
export function gridstoreApparentBytes(points: number, blocksPerPoint: number, blockBytes: number = QDRANT.gridBlockBytes.value): number {
  const B = blockBytes;
  const P = blockBytes === QDRANT.gridBlockBytes.value ? QDRANT.gridPageBytes.value : blockBytes * QDRANT.gridRegionBlocks.value * MUTABLE_INDEX_STORES.pageRegions.value;
  const pages = Math.max(1, Math.ceil((points * blocksPerPoint * B) / P));
  const tracker = Math.max(QDRANT.gridTrackerMinBytes.value, nextPow2(QDRANT.gridTrackerHeaderBytes.value + points * QDRANT.gridTrackerBytes.value));
  const bitmask = pages * (P / B / 8);
  const gaps = pages * (P / (B * QDRANT.gridRegionBlocks.value)) * QDRANT.gridRegionGapBytes.value;
  return pages * P + tracker + bitmask + gaps + QDRANT.gridConfigJsonBytes.value;
}

/**
 * Allocated bytes of one gridstore (what `du` shows): blocks written, pointers, bitmask bits, fixed files. Blocks are
 * 128 B unless the store sets its own (`blockBytes`: a mutable payload index's, MUTABLE_INDEX_STORES).
 */
export function gridstoreAllocatedBytes(points: number, blocksPerPoint: number, blockBytes: number = QDRANT.gridBlockBytes.value): number {
  return points * (blocksPerPoint * blockBytes + QDRANT.gridTrackerBytes.value + blocksPerPoint / 8) + gridstoreFixedAllocatedBytes();
}

/**
 * CBOR's heads (RFC 8949 section 3.1): the argument inside the initial byte up to 23 (MUTABLE_INDEX_STORES.cborShortLimit),
 * else 1, 2, 4 or 8 more bytes. Each band's largest argument and the head's bytes.
 */
const CBOR_HEAD_BANDS: readonly (readonly [number, number])[] = [[QDRANT_CBOR_SHORT, 1], [0xff, 2], [0xffff, 3], [0xffff_ffff, 5], [Infinity, 9]];

/** Bytes of a CBOR head for an array of `count` items, a string of `count` bytes or the unsigned integer `count`. */
export function cborHeadBytes(count: number): number {
  for (const [max, bytes] of CBOR_HEAD_BANDS) if (count <= max) return bytes;
  return 9;
}

/** The mean cborHeadBytes of the integers 0..N-1 (sequential point ids in a WAL record): each band counted. */
export function meanCborHeadBytes(N: number): number {
  if (N <= 0) return 1;
  let sum = 0;
  let from = 0;
  for (const [max, bytes] of CBOR_HEAD_BANDS) {
    const to = Math.min(N, max + 1);
    sum += Math.max(0, to - from) * bytes;
    from = to;
    if (from >= N) break;
  }
  return sum / N;
}

/**
 * The whole blocks a value takes on average when values of a mean of `meanBytes` spread evenly from half to one and a
 * half times it (`E[ceil(X / b)]`, X uniform on [0.5 m, 1.5 m]), at least one: values of variable length (CBOR strings)
 * leave part of their last block empty. Measured on qdrant-edge-py 0.9.0 (payload-indexes-0.9.0.json): keywords of 1-7
 * values (CBOR 32.1 B on average) take 2.47 blocks of 16 B where this gives 2.51 (the mean's own ceiling 3); titles of
 * 71.5 B one block of 128 B (this 1.00).
 */
export function expectedBlocks(meanBytes: number, blockBytes: number): number {
  const lo = 0.5 * meanBytes;
  const hi = 1.5 * meanBytes;
  if (!(hi > lo) || hi <= blockBytes) return 1;
  // ∫0^x ceil(t / b) dt = b m (m + 1) / 2 + (m + 1) (x - m b), m = floor(x / b).
  const F = (x: number) => {
    const m = Math.floor(x / blockBytes);
    return (blockBytes * m * (m + 1)) / 2 + (m + 1) * (x - m * blockBytes);
  };
  return Math.max(1, (F(hi) - F(lo)) / (hi - lo));
}

/**
 * Size of a dynamic mmap flags file (deleted flags of appendable and sparse storages, null index):
 * at least 1 MiB, doubled as it grows (MINIMAL_MMAP_SIZE, qdrant@v1.19.0:lib/segment/src/common/flags/dynamic_mmap_flags.rs).
 */
export function dynamicFlagsApparentBytes(points: number): number {
  return Math.max(QDRANT.dynamicFlagsMinBytes.value, nextPow2(Math.ceil(points / 8)));
}
