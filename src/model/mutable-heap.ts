/**
 * The heap of an appendable segment's (mutable) payload index: the in-memory structures Qdrant fills from the index's
 * gridstore on load, sized from their layout (docs/methodology.md, "Appendable segments' indexes"). The
 * full-text index's is text-index.ts (`mutable`), the bool index's its two roaring flag sets (payload.ts).
 *
 * - Numeric (integer with range, float, datetime): `InMemoryNumericIndex { map: BTreeSet<Point<T>>, histogram,
 *   point_to_values: Vec<Vec<T>> }` (qdrant@v1.19.0:lib/segment/src/index/field_index/numeric_index/
 *   mutable_numeric_index/mod.rs): a 16-B `Point { val: T, idx: u32 }` per value in a B-tree, and per point a Vec of its
 *   values.
 * - Map (keyword, uuid, integer with lookup): `InMemoryMapIndex { map: HashMap<Owned, RoaringBitmap>, point_to_values:
 *   Vec<Vec<Owned>> }` (map_index/mutable_map_index/in_memory.rs): a hash-table bucket and a roaring bitmap per distinct
 *   value, and per point a Vec of its values made `with_capacity(k)`; a keyword is an `EcoString` (16 B, its bytes inline
 *   up to 15, else one shared heap copy), a uuid a u128, an integer an i64.
 * - Geo: `InMemoryGeoIndex { points_per_hash, values_per_hash: BTreeMap<GeoHash, usize>, points_map: BTreeMap<GeoHash,
 *   AHashSet<u32>>, point_to_values: Vec<Vec<GeoPoint>> }` (geo_index/mutable_geo_index/inner.rs): two counts for every
 *   geohash prefix of lengths 0-12 (geohashCells), and a set of point ids per full-length hash.
 *
 * Measured on qdrant-edge-py 0.9.0 (payload-indexes-0.9.0.json, *-20k-appendable, s41: the live heap the loaded index
 * adds, 20,000 points): float +3.6%, datetime -2.7%, uuid +0.5%, keywords of 1-7 values +1.2%, integers of 1-7 values
 * (map and numeric) -0.5%, geo +0.6% (worked in docs/methodology.md, "Appendable segments' indexes"; since s42 with
 * the B-tree's separators counted and the geo prefix counts' runs, RUST_BTREE: float and datetime were +7.4% and +0.9%,
 * geo +1.7%).
 */
import { hashBuckets } from './formula.js';
import { allocationBytes, type Allocator } from './allocator.js';
import { mutableRoaringBytes, TEXT_LAYOUT, vecCapacity } from './text-index.js';

/**
 * Rust's `BTreeMap` (std alloc/collections/btree/node.rs, Rust 1.8x as Qdrant builds): nodes of up to CAPACITY = 11
 * entries, a leaf a parent pointer, its index in the parent and its length (12 B) and 11 keys and 11 values, an internal
 * node the same and 12 edge pointers; each node one allocation. Every leaf but the first has its separator entry in its
 * parent, so a leaf of `11 f` entries stands for `11 f + 1` of them, and an internal node of `12 f'` edges has one more
 * node below it than entries, so there are `1 / (12 f' - 1)` internal nodes a leaf.
 * - Keys inserted in random order fill nodes ln 2 = 0.69 full (A. C.-C. Yao, "On random 2-3 trees", Acta Informatica
 *   9, 1978): measured with a counting allocator (test/calibration/btree_fill, data/calibration/btree-fill/rust.jsonl,
 *   rustc 1.95.0, 1,000 to 1,000,000 keys): 7.49 entries a leaf (0.68 full) and 8.49 edges an internal node (0.71),
 *   20.6-20.7 B an entry of a `BTreeMap<u64, u32>`, where the formula says 20.5.
 * - Keys inserted in ascending order fill every leaf with 6 (`splitpoint`: a key past the last of a full node splits it
 *   at KV_IDX_CENTER + 1 = 6, the new one going right), and internal nodes with 7 edges: 26.3 B an entry of a
 *   `BTreeMap<u64, u32>`, measured and by the formula.
 * - Runs of ascending keys at random places (a geo index's prefix counts: each new point adds its new prefixes, longest
 *   last, and they sort next to each other, geo_hash.rs): leaves hold 6.73-6.76 entries, internal nodes as at random
 *   (8.48 edges) in the probe's replay of that order (20,000 to 1,000,000 points): 29.6-29.8 B an entry of a
 *   `BTreeMap<u64, usize>` where random keys take 26.8; the formula with 6.75 says 29.85.
 * Until s42 the formula left out the separators (an entry per leaf) and took `1 / (12 f)` internal nodes a leaf: 12%
 * more bytes an entry; and the geo index's prefix counts were taken as random keys.
 */
export const RUST_BTREE = {
  capacity: 11,
  nodeHeaderBytes: 12,
  edgeBytes: 8,
  randomFill: Math.LN2,
  ascendingLeafEntries: 6,
  ascendingInternalEdges: 7,
  prefixRunLeafEntries: 6.75,
  source: 'rust-lang/rust library/alloc/src/collections/btree/node.rs (B = 6, CAPACITY = 2B - 1, LeafNode, InternalNode, splitpoint); Yao 1978 (random insertion fill ln 2); measured: data/calibration/btree-fill/rust.jsonl (test/calibration/btree_fill)',
} as const;

/** The order a B-tree's keys arrive in (RUST_BTREE): at random, ascending, or in ascending runs at random places. */
export type BtreeOrder = 'random' | 'ascending' | 'prefix-runs';

/**
 * Heap bytes per entry of a `BTreeMap<K, V>` (`BTreeSet<K>`: V 0) filled in the given order (RUST_BTREE):
 * `(a(leaf) + a(internal) / (e - 1)) / (l + 1)`, l entries a leaf and e edges an internal node (11 ln 2 and
 * 12 ln 2 at random, 6 and 7 in order, 6.75 and 12 ln 2 in prefix runs). `chunk` a(x): the bytes a node's allocation
 * takes, an allocator's (allocationBytes), or the node's own size where the allocations
 * requested are counted, as heaptrack does.
 */
export function btreeBytesPerEntry(keyBytes: number, valueBytes: number, order: BtreeOrder, chunk: Allocator | ((bytes: number) => number)): number {
  const B = RUST_BTREE;
  const align8 = (x: number) => Math.ceil(x / 8) * 8;
  const leaf = align8(B.nodeHeaderBytes + B.capacity * (keyBytes + valueBytes));
  const internal = leaf + (B.capacity + 1) * B.edgeBytes;
  const l = order === 'ascending' ? B.ascendingLeafEntries : order === 'prefix-runs' ? B.prefixRunLeafEntries : B.capacity * B.randomFill;
  const e = order === 'ascending' ? B.ascendingInternalEdges : (B.capacity + 1) * B.randomFill;
  // glibc's rounding at its mean (7.5 B), as the in-process engine's B-trees were calibrated (RUST_BTREE).
  const a = typeof chunk === 'function' ? chunk : (x: number) => allocationBytes(x, chunk);
  return (a(leaf) + a(internal) / (e - 1)) / (l + 1);
}

/** Bytes of the in-memory structures' own types (x86_64). */
export const MUTABLE_HEAP_LAYOUT = {
  /** `Vec<T>`: pointer, capacity, length. */
  vecBytes: 24,
  /** `Point<T> { val: T, idx: u32 }` for an 8-B T, aligned to 8. */
  numericPointBytes: 16,
  /** `EcoString`: 16 B, the string inline up to 15 bytes (ecow 0.2 `EcoString::INLINE_LIMIT`), else a heap copy with a 16-B header (refcount, capacity) shared by its clones. */
  ecoStringBytes: 16,
  ecoInlineLimit: 15,
  ecoHeapHeaderBytes: 16,
  /** `(u128, RoaringBitmap)`: 16 + 24 B (TEXT_LAYOUT.heapRoaringBitmapBytes), aligned to u128's 16. */
  uuidEntryBytes: 48,
  /** `GeoHash(u64)` and a `usize` count; `AHashSet<u32>` = hashbrown's RawTable (32 B) and ahash's RandomState (4 x u64). */
  geoHashBytes: 8,
  countBytes: 8,
  ahashSetBytes: 64,
  /** A hashbrown table's allocation: 4 B of slot (a u32) and a control byte per bucket, and 16 control bytes more (Group::WIDTH). */
  setSlotBytes: 4,
  setGroupBytes: 16,
  /** `GeoPoint { lon, lat }`: two f64. */
  geoPointBytes: 16,
  source:
    'qdrant@v1.19.0:lib/segment/src/index/field_index/numeric_index/mutable_numeric_index/mod.rs (InMemoryNumericIndex), map_index/mutable_map_index/in_memory.rs (InMemoryMapIndex), map_index/key.rs (EcoString, UuidIntType), geo_index/mutable_geo_index/inner.rs (InMemoryGeoIndex), geo_hash.rs (GeoHash(u64)); hashbrown (RawTableInner, Group::WIDTH 16); ecow 0.2 (EcoString)',
} as const;

const L = MUTABLE_HEAP_LAYOUT;

/**
 * Per point: the `Vec` in `point_to_values` and its allocation of k values of `valueBytes`: made with the capacity of
 * its values (v1.19.0+, and the numeric index always), or, `pushed` (VersionFeatures.mutableIndexVecsPushedOnLoad,
 * v1.16-v1.18's map and geo indexes on load), grown by pushing them one at a time: 4 at the first, then doubling
 * (vecCapacity). A point's count of values is taken as spread evenly over 1 to 2k - 1 (k exactly when k = 1), so
 * pushed values cost the mean of their capacities: 1-7 values of 16 B, an allocation of 64 B for 1-4 and of 128 for 5-7
 * (plus glibc's header). Each allocation as `a` takes it (allocationBytes).
 */
function pointToValues(k: number, valueBytes: number, a: Allocator, pushed = false): number {
  if (!pushed) return L.vecBytes + allocationBytes(valueBytes * Math.max(1, k), a);
  const top = Math.max(1, Math.round(2 * k - 1));
  let sum = 0;
  for (let K = 1; K <= top; K++) sum += allocationBytes(valueBytes * vecCapacity(K), a);
  return L.vecBytes + sum / top;
}

/** One segment's heap of a mutable index: its bytes, and the formula over named terms with their values (for the line item). */
export interface MutableHeapPart {
  bytes: number;
  formula: string;
  inputs: Record<string, number>;
}

/** One segment's numeric component: n points of k values (bn: a B-tree entry, pn: a point's Vec). */
export function mutableNumericHeap(n: number, k: number, a: Allocator): MutableHeapPart {
  const bn = btreeBytesPerEntry(L.numericPointBytes, 0, 'random', a);
  const pn = pointToValues(k, 8, a);
  return { bytes: n * k * bn + n * pn, formula: 'n * k * bn + n * pn', inputs: { n, k, bn, pn } };
}

/**
 * One segment's map component: n points of k values drawn from C distinct ones (each in n k / C points' roaring
 * bitmap); `kind` sets the key: a keyword of `valueBytes` bytes, a uuid or an integer. Tm: the hash table, rm: a
 * distinct value's roaring bitmap, sm: its string's heap copy (keywords past 15 B), pm: a point's Vec.
 */
export function mutableMapHeap(n: number, k: number, C: number, kind: 'keyword' | 'uuid' | 'integer', valueBytes: number, a: Allocator, pushed = false): MutableHeapPart {
  const c = Math.max(1, Math.min(C, n * k));
  const key = kind === 'keyword' ? L.ecoStringBytes : kind === 'uuid' ? 16 : 8;
  // The value, a `RoaringBitmap` (a `Vec<Container>`, 24 B: TEXT_LAYOUT.heapRoaringBitmapBytes, the text index's posting list).
  const entry = kind === 'uuid' ? L.uuidEntryBytes : key + TEXT_LAYOUT.heapRoaringBitmapBytes;
  const Tm = hashBuckets(c) * (entry + 1);
  const rm = mutableRoaringBytes((n * k) / c, n, a);
  const sm = kind === 'keyword' && valueBytes > L.ecoInlineLimit ? allocationBytes(L.ecoHeapHeaderBytes + valueBytes, a) : 0;
  const pm = pointToValues(k, key, a, pushed);
  return { bytes: Tm + c * (rm + sm) + n * pm, formula: 'Tm + Cm * (rm + sm) + n * pm', inputs: { n, Tm, Cm: c, rm, sm, pm } };
}

/**
 * One segment's geo index: n points of k locations, Cs of them distinct (each full-length hash's set holds n k / Cs
 * ids), D geohash prefixes counted (geohashCells). bc: a count's B-tree entry (two maps), bs: a full hash's B-tree
 * entry, hs: its id set's table, pg: a point's Vec.
 */
export function mutableGeoHeap(n: number, k: number, Cs: number, D: number, a: Allocator, pushed = false): MutableHeapPart {
  // A point's new prefixes arrive as a run of ascending keys (RUST_BTREE, prefix runs).
  const bc = btreeBytesPerEntry(L.geoHashBytes, L.countBytes, 'prefix-runs', a);
  const c = Math.max(1, Cs);
  const hb = hashBuckets((n * k) / c);
  const bs = btreeBytesPerEntry(L.geoHashBytes, L.ahashSetBytes, 'random', a);
  const hs = allocationBytes(hb * (L.setSlotBytes + 1) + L.setGroupBytes, a);
  const pg = pointToValues(k, L.geoPointBytes, a, pushed);
  return { bytes: 2 * D * bc + c * (bs + hs) + n * pg, formula: '2 * D * bc + Cs * (bs + hs) + n * pg', inputs: { n, D, bc, Cs: c, bs, hs, pg } };
}
