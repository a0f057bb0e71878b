/**
 * Qdrant's shard hash ring, rebuilt exactly: where each shard's virtual nodes sit on the 64-bit ring, and so how much
 * of the hash space (and of uniformly hashed point ids) each shard owns.
 *
 * qdrant@v1.19.0:lib/collection/src/hash_ring.rs: a collection's router is `HashRing::fair(HASH_RING_SHARD_SCALE)`,
 * a `hashring::HashRing<StableHashed<(ShardId, u32)>, BuildHasherDefault<siphasher::sip::SipHasher24>>` (hashring
 * 0.3.6, siphasher 1.0.3: lib/collection/Cargo.toml and Cargo.lock). Adding shard s adds the virtual nodes
 * (s, idx) for idx in 0..100. Each node's key is SipHash-2-4 with both keys 0 of what `StableHash` writes
 * (lib/common/common/src/stable_hash.rs): a tuple writes its fields in order, a u32 (ShardId is u32) its 4
 * native-endian bytes, so the message is the 8 bytes `s` then `idx`, little-endian on x86-64 and arm64. A point's key
 * is the same hash of its id (lib/segment/src/types.rs: 0u64 then the number for a numeric id; 1u64, 16u64 and the
 * 16 bytes for a UUID), and `hashring::HashRing::get` routes it to the first node whose key is ≥ it, wrapping past
 * the last to the first (hashring-0.3.6 src/lib.rs, `get`). So the node at key p owns the keys after the previous
 * node's key up to p, and a shard's share of the hash space is the sum of its 100 arcs / 2^64.
 *
 * Checked against the same crates (test/calibration/hash-ring-probe, data/calibration/hash-ring/probe-v1.19.0.txt)
 * and, routing the ids 0..119,999, against the v1.19.0 server's counts per shard (test/model/hash-ring.test.ts).
 */
/** Virtual nodes per shard on Qdrant's hash ring (qdrant@v1.19.0:lib/collection/src/hash_ring.rs, HASH_RING_SHARD_SCALE). */
export const HASH_RING_SHARD_SCALE = 100;

/** SipHash's initial state, "somepseudorandomlygeneratedbytes", as (hi, lo) halves of v0..v3 (the key is xored in). */
const IV = [0x736f6d65, 0x70736575, 0x646f7261, 0x6e646f6d, 0x6c796765, 0x6e657261, 0x74656462, 0x79746573];

/** The 64-bit result, [hi, lo], of the last sip() (one array, reused: read it before the next call). */
const out = new Uint32Array(2);

/**
 * SipHash-2-4 on 32-bit halves, so no BigInt: `blocks` holds the message's 8-byte blocks as (hi, lo) pairs of their
 * little-endian value, the last one already padded (length byte on top); `key` the (hi, lo) halves of k0, k1. Each
 * block: v3 ^= m, two SipRounds, v0 ^= m; then v2 ^= 0xff and four SipRounds; the result is v0 ^ v1 ^ v2 ^ v3. One
 * SipRound: v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32; v2 += v3; v3 <<<= 16; v3 ^= v2; v0 += v3; v3 <<<= 21;
 * v3 ^= v0; v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32.
 */
function sip(blocks: ArrayLike<number>, key: ArrayLike<number>): void {
  let v0h = IV[0]! ^ key[0]!, v0l = IV[1]! ^ key[1]!, v1h = IV[2]! ^ key[2]!, v1l = IV[3]! ^ key[3]!;
  let v2h = IV[4]! ^ key[0]!, v2l = IV[5]! ^ key[1]!, v3h = IV[6]! ^ key[2]!, v3l = IV[7]! ^ key[3]!;
  const rounds = blocks.length + 4; // 2 per block, then 4
  for (let r = 0; r < rounds; r++) {
    const b = r >> 1;
    if (r < rounds - 4 && (r & 1) === 0) {
      v3h ^= blocks[2 * b]!;
      v3l ^= blocks[2 * b + 1]!;
    } else if (r === rounds - 4) v2l ^= 0xff;
    let s = (v0l >>> 0) + (v1l >>> 0);
    v0h = (v0h + v1h + (s > 0xffffffff ? 1 : 0)) | 0;
    v0l = s | 0;
    let t = (v1h << 13) | (v1l >>> 19);
    v1l = ((v1l << 13) | (v1h >>> 19)) ^ v0l;
    v1h = t ^ v0h;
    t = v0h;
    v0h = v0l;
    v0l = t;
    s = (v2l >>> 0) + (v3l >>> 0);
    v2h = (v2h + v3h + (s > 0xffffffff ? 1 : 0)) | 0;
    v2l = s | 0;
    t = (v3h << 16) | (v3l >>> 16);
    v3l = ((v3l << 16) | (v3h >>> 16)) ^ v2l;
    v3h = t ^ v2h;
    s = (v0l >>> 0) + (v3l >>> 0);
    v0h = (v0h + v3h + (s > 0xffffffff ? 1 : 0)) | 0;
    v0l = s | 0;
    t = (v3h << 21) | (v3l >>> 11);
    v3l = ((v3l << 21) | (v3h >>> 11)) ^ v0l;
    v3h = t ^ v0h;
    s = (v2l >>> 0) + (v1l >>> 0);
    v2h = (v2h + v1h + (s > 0xffffffff ? 1 : 0)) | 0;
    v2l = s | 0;
    t = (v1h << 17) | (v1l >>> 15);
    v1l = ((v1l << 17) | (v1h >>> 15)) ^ v2l;
    v1h = t ^ v2h;
    t = v2h;
    v2h = v2l;
    v2l = t;
    if (r < rounds - 4 && (r & 1) === 1) {
      v0h ^= blocks[2 * b]!;
      v0l ^= blocks[2 * b + 1]!;
    }
  }
  out[0] = v0h ^ v1h ^ v2h ^ v3h;
  out[1] = v0l ^ v1l ^ v2l ^ v3l;
}

const ZERO_KEY = [0, 0, 0, 0];

/**
 * SipHash-2-4 of `bytes` under the 128-bit key k0 = (k0hi:k0lo), k1 = (k1hi:k1lo) (the SipHash paper, Aumasson and
 * Bernstein 2012), as [hi, lo] of the 64-bit result. Keys 0 are `siphasher::sip::SipHasher24::new()`, Qdrant's.
 */
export function sipHash24(bytes: Uint8Array, k0hi = 0, k0lo = 0, k1hi = 0, k1lo = 0): [number, number] {
  const n = bytes.length;
  const blocks = new Uint32Array(2 * (Math.floor(n / 8) + 1));
  // Little-endian words; the length mod 256 is the last block's top byte.
  for (let i = 0; i < n; i++) blocks[2 * (i >> 3) + ((i & 7) < 4 ? 1 : 0)]! |= bytes[i]! << (8 * (i & 3));
  blocks[blocks.length - 2]! |= (n & 0xff) << 24;
  sip(blocks, [k0hi, k0lo, k1hi, k1lo]);
  return [out[0]!, out[1]!];
}

/** Node (shard, idx) as SipHash blocks: the 8 bytes shard, idx (u32 little-endian each), then the length block, 8 << 56. */
const nodeBlocks = new Uint32Array([0, 0, 0x08000000, 0]);

/** The key of virtual node (shard, idx): SipHash-2-4 (keys 0) of the 8 bytes shard, idx. */
export function ringNodeKey(shard: number, idx: number): [number, number] {
  nodeBlocks[0] = idx;
  nodeBlocks[1] = shard;
  sip(nodeBlocks, ZERO_KEY);
  return [out[0]!, out[1]!];
}

/**
 * Every virtual node of the shards 0..built-1, sorted by key: node n is (shard floor(n / 100), idx n mod 100). The
 * ring of S shards is this order with the nodes of shards ≥ S left out (a node's key depends on (shard, idx) alone),
 * so one sorted order serves every S up to `built`, a power of two (16, 32, .., 1,024 for qsize's shard_number bound);
 * it grows to the next one when a larger S is asked.
 */
let built = 0;
let order = new Uint32Array(0);
let keyHi = new Uint32Array(0);
let keyLo = new Uint32Array(0);

function buildRing(shards: number): void {
  if (shards <= built) return;
  const S = 2 ** Math.max(4, Math.ceil(Math.log2(shards)));
  const nodes = S * HASH_RING_SHARD_SCALE;
  // A power of two above every node number, packed below a key's top 32 bits: exact in a double up to 2^21 nodes.
  const slots = 2 ** Math.ceil(Math.log2(nodes));
  if (slots > 2 ** 21) throw new RangeError(`hash ring of ${shards} shards: more than ${2 ** 21 / HASH_RING_SHARD_SCALE} are not supported`);
  const hi = new Uint32Array(nodes);
  const lo = new Uint32Array(nodes);
  hi.set(keyHi);
  lo.set(keyLo);
  for (let n = built * HASH_RING_SHARD_SCALE; n < nodes; n++) {
    nodeBlocks[0] = n % HASH_RING_SHARD_SCALE;
    nodeBlocks[1] = Math.floor(n / HASH_RING_SHARD_SCALE);
    sip(nodeBlocks, ZERO_KEY);
    hi[n] = out[0]!;
    lo[n] = out[1]!;
  }
  // Sort by the key's top 32 bits with the node number packed below them (a native numeric sort), then order the nodes
  // that share a top half by the bottom half (about one pair at 1,024 shards).
  const packed = new Float64Array(nodes);
  for (let n = 0; n < nodes; n++) packed[n] = hi[n]! * slots + n;
  packed.sort();
  const sorted = new Uint32Array(nodes);
  for (let i = 0; i < nodes; i++) {
    const n = packed[i]! % slots;
    let j = i;
    for (; j > 0 && hi[sorted[j - 1]!] === hi[n] && lo[sorted[j - 1]!]! > lo[n]!; j--) sorted[j] = sorted[j - 1]!;
    sorted[j] = n;
  }
  [keyHi, keyLo, order, built] = [hi, lo, sorted, S];
}

const TWO_32 = 4294967296;

/**
 * Each shard's share of the hash space relative to the mean: (sum of its arcs) / 2^64 × S, for shards 0..S-1
 * (S ≥ 1; qsize asks for at most 1,024). The shares sum to S. An arc's length is computed from the 32-bit halves of
 * the two keys, exact but for the rounding of a double (2^-53 relative per operation).
 */
export function ringShares(shards: number): Float64Array {
  const S = Math.max(1, Math.floor(shards));
  buildRing(S);
  const arcs = new Float64Array(S);
  const last = S * HASH_RING_SHARD_SCALE;
  let first = -1;
  let prev = -1;
  for (const n of order) {
    if (n >= last) continue;
    if (prev < 0) first = n;
    else addArc(arcs, n, prev, 0);
    prev = n;
  }
  // The first node owns its keys from 0 and the wrap past the last node: key + 2^64 - last key.
  addArc(arcs, first, prev, TWO_32);
  // Over the arcs' own sum, 2^64 but for rounding, so that one shard's share is exactly 1.
  const total = arcs.reduce((a, b) => a + b, 0);
  for (let s = 0; s < S; s++) arcs[s] = (arcs[s]! / total) * S;
  return arcs;
}

/** Adds node n's arc, from the previous node's key (wrap = 2^32 when n is first: 2^64 added) to its own, to its shard. */
function addArc(arcs: Float64Array, n: number, prev: number, wrap: number): void {
  const s = Math.floor(n / HASH_RING_SHARD_SCALE);
  arcs[s] = arcs[s]! + (keyHi[n]! - keyHi[prev]! + wrap) * TWO_32 + (keyLo[n]! - keyLo[prev]!);
}
