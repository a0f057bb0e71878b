//! How full Rust's std B-tree nodes are after inserting n keys in a given order (qsize, docs/methodology.md
//! "The mutable id tracker"): a counting global allocator records every node allocation by its size, so leaves
//! (12 B of header and 11 keys and values) and internal nodes (the same and 12 edges) are told apart.
//! Orders: `random` (xorshift keys), `batch` (0..n in batches of 1,000, each shuffled: what Qdrant's upsert does to
//! the ids of one request), `asc` (0..n in order). Key types as qsize's structures use them: u64 -> u32 (numeric
//! point ids, PointMappings), [u8; 16] -> u32 (UUIDs), a set of (u64, u32) (a numeric index's Point).
//! `geo-prefixes` (s42): a mutable geo index's prefix counts, `BTreeMap<GeoHash, usize>`: for each of n random
//! full-length geohashes, its 13 prefixes (lengths 0-12) counted in increasing length, packed as Qdrant's GeoHash
//! (5 bits a character from the top, the length in the low 4 bits: lexicographic order), so each point's new
//! prefixes are a run of ascending keys at a random place (geo_index/mutable_geo_index/inner.rs
//! `increment_hash_point_counts`, qdrant@v1.19.0); n is the points, the entries are the distinct prefixes.
//! Prints one JSON object per order, n and key type.
//!
//!   cargo run --release --manifest-path test/calibration/btree_fill/Cargo.toml > data/calibration/btree-fill/rust.jsonl
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

struct Counting;
static SIZES: Mutex<Vec<(usize, i64)>> = Mutex::new(Vec::new());
static mut ON: bool = false;

fn note(size: usize, d: i64) {
    if unsafe { !ON } {
        return;
    }
    unsafe { ON = false };
    let mut s = SIZES.lock().unwrap();
    match s.iter_mut().find(|x| x.0 == size) {
        Some(x) => x.1 += d,
        None => s.push((size, d)),
    }
    drop(s);
    unsafe { ON = true };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        note(l.size(), 1);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        note(l.size(), -1);
        unsafe { System.dealloc(p, l) }
    }
}
#[global_allocator]
static A: Counting = Counting;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn measure<F: FnOnce()>(f: F) -> Vec<(usize, i64)> {
    SIZES.lock().unwrap().clear();
    unsafe { ON = true };
    f();
    unsafe { ON = false };
    let mut v: Vec<(usize, i64)> = SIZES.lock().unwrap().iter().copied().filter(|x| x.1 != 0).collect();
    v.sort();
    v
}

fn report(order: &str, n: usize, key: &str, nodes: &[(usize, i64)]) {
    let bytes: i64 = nodes.iter().map(|(s, c)| *s as i64 * c).sum();
    let count: i64 = nodes.iter().map(|x| x.1).sum();
    let list: Vec<String> = nodes.iter().map(|(s, c)| format!("[{s},{c}]")).collect();
    println!(
        "{{\"order\":\"{order}\",\"n\":{n},\"key\":\"{key}\",\"bytes\":{bytes},\"bytes_per_entry\":{:.3},\"nodes\":{count},\"entries_per_node\":{:.3},\"node_sizes\":[{}]}}",
        bytes as f64 / n as f64,
        n as f64 / count as f64,
        list.join(",")
    );
}

fn geo_prefixes() {
    for n in [20_000usize, 100_000, 1_000_000] {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
        let hashes: Vec<u64> = (0..n).map(|_| r.next() & !0xF).collect();
        let mut m: BTreeMap<u64, usize> = BTreeMap::new();
        let s = measure(|| {
            for h in &hashes {
                for len in 0..=12u64 {
                    let mask: u64 = if len == 0 { 0 } else { !0u64 << (64 - 5 * len) };
                    *m.entry((h & mask & !0xF) | len).or_insert(0) += 1;
                }
            }
        });
        report("geo-prefixes", m.len(), "u64->usize", &s);
        drop(m);
    }
}

fn main() {
    geo_prefixes();
    for order in ["random", "batch", "asc"] {
        for n in [1_000usize, 2_500, 10_000, 17_000, 100_000, 1_000_000] {
            let mut r = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
            let keys: Vec<u64> = match order {
                "asc" => (0..n as u64).collect(),
                "batch" => {
                    let mut v: Vec<u64> = (0..n as u64).collect();
                    for c in v.chunks_mut(1000) {
                        for i in (1..c.len()).rev() {
                            let j = (r.next() % (i as u64 + 1)) as usize;
                            c.swap(i, j);
                        }
                    }
                    v
                }
                _ => (0..n).map(|_| r.next()).collect(),
            };
            let mut m: BTreeMap<u64, u32> = BTreeMap::new();
            let s = measure(|| {
                for (i, k) in keys.iter().enumerate() {
                    m.insert(*k, i as u32);
                }
            });
            report(order, n, "u64->u32", &s);
            drop(m);
            let mut u: BTreeMap<[u8; 16], u32> = BTreeMap::new();
            let s = measure(|| {
                for (i, k) in keys.iter().enumerate() {
                    let mut a = [0u8; 16];
                    a[..8].copy_from_slice(&k.to_be_bytes());
                    a[8..].copy_from_slice(&(i as u64).to_be_bytes());
                    u.insert(a, i as u32);
                }
            });
            report(order, n, "[u8;16]->u32", &s);
            drop(u);
            let mut t: BTreeSet<(u64, u32)> = BTreeSet::new();
            let s = measure(|| {
                for (i, k) in keys.iter().enumerate() {
                    t.insert((*k, i as u32));
                }
            });
            report(order, n, "set(u64,u32)", &s);
            drop(t);
        }
    }
}
