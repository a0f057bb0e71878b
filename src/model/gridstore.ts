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
import { QDRANT } from './constants.js';
import { nextPow2 } from './formula.js';

/** Bytes of disk a gridstore allocates besides its blocks and pointers: config.json, gaps.dat and the tracker's first page. */
export function gridstoreFixedAllocatedBytes(): number {
  return QDRANT.gridEmptyAllocatedBytes.value;
}

/**
 * What `ls -l` shows for one gridstore of `points` values of `blocksPerPoint` blocks: whole page files,
 * the tracker at the next power of two (at least 1 MiB), 1 bit per block of every page, 6 bytes per
 * region of every page, and config.json.
 */
export function gridstoreApparentBytes(points: number, blocksPerPoint: number): number {
  const B = QDRANT.gridBlockBytes.value;
  const P = QDRANT.gridPageBytes.value;
  const pages = Math.max(1, Math.ceil((points * blocksPerPoint * B) / P));
  const tracker = Math.max(QDRANT.gridTrackerMinBytes.value, nextPow2(QDRANT.gridTrackerHeaderBytes.value + points * QDRANT.gridTrackerBytes.value));
  const bitmask = pages * (P / B / 8);
  const gaps = pages * (P / (B * QDRANT.gridRegionBlocks.value)) * QDRANT.gridRegionGapBytes.value;
  return pages * P + tracker + bitmask + gaps + QDRANT.gridConfigJsonBytes.value;
}

/** Allocated bytes of one gridstore (what `du` shows): blocks written, pointers, bitmask bits, fixed files. */
export function gridstoreAllocatedBytes(points: number, blocksPerPoint: number): number {
  const B = QDRANT.gridBlockBytes.value;
  return points * (blocksPerPoint * B + QDRANT.gridTrackerBytes.value + blocksPerPoint / 8) + gridstoreFixedAllocatedBytes();
}

/**
 * Size of a dynamic mmap flags file (deleted flags of appendable and sparse storages, null index):
 * at least 1 MiB, doubled as it grows (MINIMAL_MMAP_SIZE, qdrant@v1.19.0:lib/segment/src/common/flags/dynamic_mmap_flags.rs).
 */
export function dynamicFlagsApparentBytes(points: number): number {
  return Math.max(QDRANT.dynamicFlagsMinBytes.value, nextPow2(Math.ceil(points / 8)));
}
