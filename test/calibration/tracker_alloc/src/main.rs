//! The mutable id tracker's load, replayed: what of its vectors' capacity is resident (RssAnon) afterwards.
//!
//! Qdrant v1.19.0 opens an appendable segment's tracker in this order (lib/segment/src/id_tracker/mutable_id_tracker/
//! mod.rs `open`): `load_mappings` replays the mappings file through `PointMappings::set_link`, which pushes each
//! external id (`PointIdType`, 24 B) onto a Vec, a deleted flag onto a BitVec (u64 words) and an entry into a
//! `BTreeMap<u64, u32>`; then `load_versions` collects the versions file (`u64` each) through an iterator of
//! `Result`s, whose lower size hint is 0, so that Vec grows by doubling too (versions_storage.rs).
//!
//! Usage: [SETTLE_SECONDS=25] tracker_alloc N [order]   order: mappings-first (Qdrant's; default) | versions-first | interleaved
//! Prints one JSON line: RssAnon before and after (from /proc/self/status), the vectors' lengths and capacities.
use std::collections::BTreeMap;
use std::fs;

#[cfg(feature = "jemalloc")]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn rss_anon() -> u64 {
    let s = fs::read_to_string("/proc/self/status").unwrap();
    for line in s.lines() {
        if let Some(rest) = line.strip_prefix("RssAnon:") {
            return rest.trim().trim_end_matches("kB").trim().parse::<u64>().unwrap() * 1024;
        }
    }
    0
}

/// A 24-byte tagged external id, as `PointIdType` (ExtendedPointId::NumId(u64) | Uuid).
#[derive(Clone, Copy)]
#[allow(dead_code)]
enum PointId {
    Num(u64),
    Uuid([u8; 16]),
}

struct Mappings {
    internal_to_external: Vec<PointId>,
    deleted: Vec<u64>,
    external_to_internal: BTreeMap<u64, u32>,
}

fn set_link(m: &mut Mappings, external: u64, internal: u32) {
    m.internal_to_external.push(PointId::Num(external));
    if internal as usize / 64 >= m.deleted.len() {
        m.deleted.push(0);
    }
    m.external_to_internal.insert(external, internal);
}

/// Qdrant's load order hashes point ids in an upsert; here a fixed permutation of 0..n (an LCG's walk).
fn key(i: u64, n: u64) -> u64 {
    (i.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407)) % (n * 16)
}

fn versions(n: u64) -> Vec<u64> {
    (0..n).map(|i| Ok::<u64, ()>(i + 1)).collect::<Result<Vec<u64>, ()>>().unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: u64 = args.get(1).map(|s| s.parse().unwrap()).unwrap_or(1_060_000);
    let order = args.get(2).cloned().unwrap_or_else(|| "mappings-first".into());
    let before = rss_anon();
    let mut m = Mappings { internal_to_external: Vec::new(), deleted: Vec::new(), external_to_internal: BTreeMap::new() };
    let mut v: Vec<u64> = Vec::new();
    match order.as_str() {
        "mappings-first" => {
            for i in 0..n {
                set_link(&mut m, key(i, n), i as u32);
            }
            v = versions(n);
        }
        "versions-first" => {
            v = versions(n);
            for i in 0..n {
                set_link(&mut m, key(i, n), i as u32);
            }
        }
        "interleaved" => {
            for i in 0..n {
                set_link(&mut m, key(i, n), i as u32);
                v.push(i + 1);
            }
        }
        other => panic!("unknown order {other}"),
    }
    let loaded = rss_anon();
    // The server is read settled (server_harness.py samples for 60 s after its searches): jemalloc's background
    // threads return freed ("dirty") pages after dirty_decay_ms, 10 s by default; wait past it.
    let settle: u64 = std::env::var("SETTLE_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(25);
    std::thread::sleep(std::time::Duration::from_secs(settle));
    let after = rss_anon();
    let allocator = if cfg!(feature = "jemalloc") { "jemalloc" } else { "system" };
    println!(
        "{{\"n\":{n},\"order\":\"{order}\",\"allocator\":\"{allocator}\",\"rss_anon_before\":{before},\"rss_anon_loaded\":{loaded},\"settle_seconds\":{settle},\"rss_anon_after\":{after},\"ids_len\":{},\"ids_capacity\":{},\"versions_len\":{},\"versions_capacity\":{},\"deleted_words\":{},\"deleted_capacity\":{},\"btree_entries\":{},\"id_bytes\":{}}}",
        m.internal_to_external.len(),
        m.internal_to_external.capacity(),
        v.len(),
        v.capacity(),
        m.deleted.len(),
        m.deleted.capacity(),
        m.external_to_internal.len(),
        std::mem::size_of::<PointId>()
    );
    std::hint::black_box((&m, &v));
}
