/**
 * What `du` counts beyond the structures' lengths: every segment's small files and the rounding of its files to whole
 * 4 KiB blocks. The structure items count bytes written (lengths); a file takes whole blocks, so a 321-byte
 * segment.json takes 4,096 B, and a file of several blocks ends on a partly filled one (half a block on average).
 * Per segment that is about 40-50 KB: 0.1% of a 200,000-point segment, 3% of 25 segments of 8,000 x 32-d points.
 *
 * Files, per segment (qdrant@v1.19.0, listed file by file on the server: data/calibration/server-v1.19.0/
 * d32-200k-seg25.json, files.0.segments.*.files):
 * - every segment: segment.json (lib/segment/src/segment/mod.rs, SEGMENT_STATE_FILE), version.info
 *   (lib/common/common/src/storage_version.rs, VERSION_FILE), payload_index/config.json
 *   (lib/segment/src/index/payload_config.rs, PAYLOAD_INDEX_CONFIG_FILE): one block each;
 * - a segment without payload still opens its gridstore (payload_storage/config.json, gaps.dat and the first block of
 *   tracker.dat): 12,288 B, `payload.empty-storage` here (with a payload of more than 0 bytes `payload.storage`
 *   counts it for the layout's `segmentsTotal` segments, the indexed ones or every plain one, and
 *   `payload.empty-storage` for the rest: the appendable tails of an indexed layout, none of a plain one); from v1.13
 *   only, and not with on_disk_payload=false before v1.16: those keep payloads in the segment's RocksDB, which qsize
 *   does not size as files when it holds nothing (emptyPayloadStores, VersionFeatures.gridstorePayload);
 * - an indexed segment, per dense vector: vector_index/hnsw_config.json (lib/segment/src/index/hnsw_index/config.rs,
 *   HNSW_INDEX_CONFIG_FILE) and graph.bin (graph_layers.rs, HNSW_GRAPH_FILE; its length in `hnsw.*.graph-bin`, under a
 *   block while it holds under 1,000 entry points): one block each; the rounding of links, vectors, id_tracker.mappings and
 *   id_tracker.versions (half a block each) and of the two deletion bitmaps (vector_storage/deleted.dat and
 *   id_tracker.deleted, n / 8 B each with its header: exactly to the next block);
 * - an appendable segment, per dense vector: vector_storage/vectors/config.json (lib/segment/src/vector_storage/
 *   chunked_vectors/config.rs; one block); once it holds points,
 *   status.dat and deleted/status.dat too (one block each: the tail holds points with the chance q of the layout).
 * Worked example, an indexed segment of 8,000 x 32-d points (no payload): 3 + 4 blocks = 28,672 B, and its two
 * deletion bitmaps of 8 + 1,000 and 1,000 B end 3,088 and 3,096 B short of a block: 34,856 B; measured 34,606 B
 * on average beyond the files' lengths (31,236-37,258 over 24 such segments, the server's file listing), plus the empty gridstore's 12,288 (`payload.empty-storage`).
 * The empty tail: 3 + 1 blocks = 16,384 B, measured 16,037. Quantized, sparse, multivector and payload-index files'
 * rounding is not counted (half a block per file).
 */
import { ceilTo, makeItem } from './formula.js';
import { PAYLOAD_INDEX_LAYOUT as L, QDRANT } from './constants.js';
import { gridstoreFixedAllocatedBytes } from './gridstore.js';
import { emptyPayloadStores } from './payload.js';
import type { LineItem, SegmentLayout } from './types.js';
import type { Resolved } from './resolve.js';
import { counted } from '../util/plural.js';

/** Small files every segment writes, one block each: segment.json, version.info, payload_index/config.json. */
const SEGMENT_SMALL_FILES = 3;
/** Per indexed dense vector: hnsw_config.json (1) + graph.bin (1, 72 B of entry points at 8,000 points) + links, vectors, mappings, versions (4 x 1/2). */
const INDEXED_BLOCKS_PER_VECTOR = 4;
/** Per appendable dense vector: vectors/config.json (1), and status.dat + deleted/status.dat once it holds points (2 x q). */
const APPENDABLE_CONFIG_BLOCKS = 1;
const APPENDABLE_STATUS_BLOCKS = 2;

export function segmentFilesItems(r: Resolved, layout: SegmentLayout): LineItem[] {
  const B = L.blockBytes;
  const P = layout.shardNumber;
  const indexed = layout.indexed;
  // Indexed layout: segmentsTotal indexed segments plus one appendable tail per shard; plain: every segment appendable.
  const Si = indexed ? layout.segmentsTotal : 0;
  const Sa = indexed ? P * (layout.appendableSegmentsPerShard ?? 0) : layout.segmentsTotal;
  const V = r.dense.length;
  const q = indexed ? (layout.tailOccupiedShare ?? 0.5) : 1;
  // Deletion bitmaps of an indexed segment of n points: vectors (4-byte header + n / 8) and id tracker (n / 8), each
  // rounded to the next block; their lengths are in `vectors.*.headers` and `id-tracker.files`.
  const n = Si > 0 ? layout.pointsPerSegment : 0;
  const hv = QDRANT.deletedHeaderBytes.value;
  const dv = Si > 0 ? ceilTo(hv + n / 8, B) - (hv + n / 8) : 0;
  const di = Si > 0 ? ceilTo(Math.max(1, n / 8), B) - n / 8 : 0;
  const value = (Si + Sa) * SEGMENT_SMALL_FILES * B + Si * V * (INDEXED_BLOCKS_PER_VECTOR * B + dv) + Si * di + Sa * V * (APPENDABLE_CONFIG_BLOCKS + APPENDABLE_STATUS_BLOCKS * q) * B;
  const items = [
    makeItem({
      id: 'segments.files',
      name: `Segment small files and block rounding (${counted(Si + Sa, 'segment')}, 4 KiB blocks)`,
      structure: 'segment-files',
      residency: 'disk',
      value,
      formula: '(Si + Sa) * f * B + Si * V * (bi * B + dv) + Si * di + Sa * V * (ba + bs * q) * B',
      inputs: { Si, Sa, f: SEGMENT_SMALL_FILES, B, V, bi: INDEXED_BLOCKS_PER_VECTOR, dv, di, ba: APPENDABLE_CONFIG_BLOCKS, bs: APPENDABLE_STATUS_BLOCKS, q },
      source:
        'qdrant@v1.19.0: lib/segment/src/segment/mod.rs (segment.json), lib/common/common/src/storage_version.rs (version.info), lib/segment/src/index/payload_config.rs (payload_index/config.json), lib/segment/src/index/hnsw_index/config.rs (hnsw_config.json), lib/segment/src/vector_storage/chunked_vectors/config.rs; whole 4 KiB blocks (ext4, xfs); measured file by file: data/calibration/server-v1.19.0-extra/d32-200k-seg25.json',
      confidence: 'high',
      low: value * 0.8,
      high: value * 1.25,
      note: "allocated blocks beyond the files' lengths: what `du` shows and `ls -l` does not",
    }),
  ];
  // The gridstore of segments the payload item does not count: all of them without a payload (or a 0-byte one), the
  // rest with it (payload.storage counts segmentsTotal: the indexed segments, or every plain one).
  const Sg = emptyPayloadStores(r, layout);
  const g = gridstoreFixedAllocatedBytes();
  if (Sg > 0) {
    items.push(
      makeItem({
        id: 'payload.empty-storage',
        name: `Empty payload storage (${counted(Sg, 'segment')} without payload: gridstore config.json, gaps.dat, tracker.dat)`,
        structure: 'payload',
        residency: 'disk',
        value: Sg * g,
        formula: 'Sg * g',
        inputs: { Sg, g },
        source: `${QDRANT.gridEmptyAllocatedBytes.source}; data/calibration/server-v1.19.0-extra/d32-200k-seg25.json (12,288 B allocated in every segment)`,
        confidence: 'exact',
      }),
    );
  }
  return items;
}
