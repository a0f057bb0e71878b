//! Qdrant v1.19.0's shard hash ring, rebuilt from the same crates, and each shard's share of the hash space.
//!
//! qdrant@v1.19.0:lib/collection/src/hash_ring.rs: `HashRingRouter::single()` is `HashRing::fair(100)`, a
//! `hashring::HashRing<StableHashed<(ShardId, u32)>, BuildHasherDefault<siphasher::sip::SipHasher24>>`; adding shard
//! `s` adds the virtual nodes `StableHashed((s, idx))` for idx in 0..100. `StableHashed` feeds `StableHash` into the
//! hasher (lib/common/common/src/stable_hash.rs): a tuple writes its fields in order, a u32 its 4 native-endian
//! bytes. ShardId is u32 (lib/collection/src/shards/shard.rs). A point id (lib/segment/src/types.rs,
//! `impl StableHash for ExtendedPointId`) writes 0u64 then the number for a numeric id, 1u64, 16u64 and the 16 bytes
//! for a UUID. `hashring::HashRing::get` takes the first node whose key is >= the key's hash, wrapping to the first.
//!
//! Output (stdout), one line per item:
//!   sip24 <hex bytes> <u64 hash>               SipHasher24 (keys 0) of a byte string, finish()
//!   node <shard> <idx> <u64 key>               a virtual node's position (hashring's get_key, hash_one)
//!   share <S> <shard> <arc / 2^64 * S>         each shard's arc length against the mean, from the sorted node keys
//!   count <S> <n> <c_0> .. <c_{S-1}>           numeric ids 0..n-1 routed with hashring's own get()
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

use hashring::HashRing;
use siphasher::sip::SipHasher24;

type StableHashBuilder = BuildHasherDefault<SipHasher24>;

/// The virtual node (shard, idx) as Qdrant hashes it: the two u32s' native-endian bytes, one write each.
#[derive(Clone, Copy, Debug, PartialEq)]
struct VNode(u32, u32);
impl Hash for VNode {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write(&self.0.to_ne_bytes());
        state.write(&self.1.to_ne_bytes());
    }
}

/// A numeric point id as Qdrant hashes it: 0u64 (the NumId discriminant), then the number.
struct NumId(u64);
impl Hash for NumId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write(&0u64.to_ne_bytes());
        state.write(&self.0.to_ne_bytes());
    }
}

fn main() {
    let builder = StableHashBuilder::default();
    // SipHash-2-4 of the byte strings 00, 00 01, .., 00 .. 0e with keys 0 (for the TypeScript port's test vectors).
    for len in [0usize, 1, 7, 8, 15] {
        let bytes: Vec<u8> = (0..len as u8).collect();
        let mut h = builder.build_hasher();
        h.write(&bytes);
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        println!("sip24 {} {}", if hex.is_empty() { "-" } else { &hex }, h.finish());
    }
    for (s, i) in [(0u32, 0u32), (0, 1), (1, 0), (5, 99), (1023, 42)] {
        println!("node {s} {i} {}", builder.hash_one(VNode(s, i)));
    }
    for shards in [1u32, 2, 3, 4, 6, 7, 10, 14, 22, 24, 100, 143, 195, 256, 1024] {
        let mut keys: Vec<(u64, u32)> = (0..shards).flat_map(|s| (0..100u32).map(move |i| (s, i))).map(|(s, i)| (builder.hash_one(VNode(s, i)), s)).collect();
        keys.sort();
        let mut arc = vec![0u128; shards as usize];
        for (j, &(k, s)) in keys.iter().enumerate() {
            // A node owns the keys after the previous node up to its own; the first also owns the wrap past the last.
            let prev = if j == 0 { keys[keys.len() - 1].0 as u128 } else { keys[j - 1].0 as u128 };
            let len = if j == 0 { k as u128 + (1u128 << 64) - prev } else { k as u128 - prev };
            arc[s as usize] += len;
        }
        for (s, a) in arc.iter().enumerate() {
            println!("share {shards} {s} {:.12}", (*a as f64) / 2f64.powi(64) * shards as f64);
        }
    }
    for shards in [3u32, 6] {
        let mut ring: HashRing<VNode, StableHashBuilder> = HashRing::with_hasher(StableHashBuilder::default());
        for s in 0..shards {
            for i in 0..100 {
                ring.add(VNode(s, i));
            }
        }
        let n = 120_000u64;
        let mut count = vec![0u64; shards as usize];
        for id in 0..n {
            count[ring.get(&NumId(id)).unwrap().0 as usize] += 1;
        }
        println!("count {shards} {n} {}", count.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" "));
    }
    println!("rustc-target {}", std::env::consts::ARCH);
}
