//! Measures the heap that Qdrant's in-RAM payload copy takes per point, by building the same container with the
//! same crates: before v1.16, `on_disk_payload: false` opens `SimplePayloadStorage`
//! (qdrant@v1.15.0:lib/segment/src/payload_storage/simple_payload_storage.rs), whose field is
//! `payload: AHashMap<PointOffsetType, Payload>`, filled on open by decoding every RocksDB value with
//! `serde_cbor::from_slice` into `Payload(serde_json::Map<String, Value>)` (lib/segment/src/types.rs), serde_json built
//! with `preserve_order` (the Map is an IndexMap). An upsert instead inserts `payload.to_owned()`, a clone of the
//! request's payload (simple_payload_storage_impl.rs, `set`/`overwrite`). The process runs on jemalloc, as the server
//! does (qdrant@v1.15.0:src/main.rs `#[global_allocator] static GLOBAL: Jemalloc`).
//!
//! Written for qsize; no Qdrant code is copied here. Usage (README.md):
//!   payload-heap-probe PAYLOAD_DIR N OUT.json      every shape and mode, each in a fresh child process
//!   payload-heap-probe --child SHAPE MODE N PAYLOAD_DIR   one measurement, one JSON line on stdout

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::mem::size_of;
use std::process::Command;

use ahash::AHashMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use tikv_jemalloc_ctl::{epoch, stats};
use tikv_jemallocator::Jemalloc;

#[global_allocator]
static GLOBAL: Jemalloc = Jemalloc;

/// Qdrant's `Payload` (qdrant@v1.15.0:lib/segment/src/types.rs): a newtype over serde_json's Map, derived serde.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
struct Payload(Map<String, Value>);

/// Qdrant's `PointOffsetType` (lib/common/common/src/types.rs): u32.
type PointOffsetType = u32;

const SHAPES: [&str; 5] = ["harness", "harness-blob1900", "fields10", "nested-arrays20", "text500"];
const MODES: [&str; 3] = ["load", "upsert", "table-only"];

/// Returns every arena's unused dirty pages to the system (mallctl "arena.<MALLCTL_ARENAS_ALL>.purge"), so that the
/// resident reading before the build does not count pages freed earlier that the build would reuse.
fn purge_dirty_pages() {
    let name = b"arena.4096.purge\0";
    let rc = unsafe {
        tikv_jemalloc_sys::mallctl(name.as_ptr().cast(), std::ptr::null_mut(), std::ptr::null_mut(), std::ptr::null_mut(), 0)
    };
    assert_eq!(rc, 0, "arena.4096.purge failed");
}

/// jemalloc's counters after advancing the epoch (they are cached until then).
fn jemalloc_bytes() -> (usize, usize) {
    epoch::advance().expect("epoch");
    (stats::allocated::read().expect("allocated"), stats::resident::read().expect("resident"))
}

/// A small deterministic generator (splitmix64) for the user-typical shapes; the harness shapes come from harness.py.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn letters(&mut self, len: usize) -> String {
        (0..len).map(|_| (b'a' + self.below(26) as u8) as char).collect()
    }
}

const WORDS: [&str; 32] = [
    "the", "of", "and", "to", "in", "is", "for", "that", "with", "on", "as", "are", "this", "by", "be", "from",
    "storage", "vector", "search", "payload", "memory", "cluster", "segment", "index", "query", "filter",
    "document", "customer", "product", "release", "network", "performance",
];

fn text(rng: &mut Rng, bytes: usize) -> String {
    let mut s = String::new();
    while s.len() < bytes {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
    }
    s.truncate(bytes);
    s
}

/// The user-typical shapes (README.md describes each).
fn user_payload(shape: &str, rng: &mut Rng, i: u64) -> Value {
    match shape {
        // 10 short fields: 5 strings of 2-16 characters, 5 integers.
        "fields10" => {
            let name_len = 6 + rng.below(11) as usize;
            let city_len = 4 + rng.below(9) as usize;
            let status = ["active", "inactive", "pending"][rng.below(3) as usize];
            json!({
                "name": rng.letters(name_len),
                "city": rng.letters(city_len),
                "country": rng.letters(2).to_uppercase(),
                "status": status,
                "sku": format!("SKU-{:06}", rng.below(1_000_000)),
                "user_id": rng.below(1_000_000_000),
                "age": 18 + rng.below(72),
                "year": 1990 + rng.below(36),
                "views": rng.below(1_000_000),
                "rating": 1 + rng.below(5),
            })
        }
        // A nested object holding two arrays of 20 numbers (floats of 3 decimals, integers under 1,000).
        "nested-arrays20" => {
            let scores: Vec<f64> = (0..20).map(|_| rng.below(1000) as f64 / 1000.0).collect();
            let counts: Vec<u64> = (0..20).map(|_| rng.below(1000)).collect();
            json!({
                "doc": {
                    "id": i,
                    "source": format!("crawler_{}", rng.below(50)),
                    "scores": scores,
                    "counts": counts,
                }
            })
        }
        // One text field of 500 bytes.
        "text500" => json!({ "text": text(rng, 500) }),
        _ => panic!("unknown shape {shape}"),
    }
}

fn payloads(shape: &str, n: usize, dir: &str) -> Vec<Payload> {
    let to_payload = |v: Value| match v {
        Value::Object(m) => Payload(m),
        _ => panic!("a payload is a JSON object"),
    };
    if shape.starts_with("harness") {
        let f = File::open(format!("{dir}/{shape}.jsonl")).expect("run gen_harness_payloads.py first (README.md)");
        let out: Vec<Payload> =
            BufReader::new(f).lines().take(n).map(|l| serde_json::from_str(&l.unwrap()).unwrap()).collect();
        assert_eq!(out.len(), n, "{shape}.jsonl holds fewer than {n} payloads");
        out
    } else {
        let mut rng = Rng(0x5EED ^ shape.len() as u64);
        (0..n as u64).map(|i| to_payload(user_payload(shape, &mut rng, i))).collect()
    }
}

/// Value nodes of a payload: the top-level fields and everything nested (each array element and object field counts).
fn count_values(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(count_values).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(count_values).sum::<usize>(),
        _ => 1,
    }
}

fn child(shape: &str, mode: &str, n: usize, dir: &str) {
    let input = payloads(shape, n, dir);
    let json_bytes: Vec<Vec<u8>> = input.iter().map(|p| serde_json::to_vec(p).unwrap()).collect();
    let j_total: usize = json_bytes.iter().map(Vec::len).sum();
    let fields_total: usize = input.iter().map(|p| p.0.len()).sum();
    let nodes_total: usize = input.iter().map(|p| p.0.values().map(count_values).sum::<usize>()).sum();
    // What RocksDB's payload column family holds: serde_cbor of the point offset and of the payload.
    let cbor: Vec<(Vec<u8>, Vec<u8>)> = if mode == "load" {
        input
            .iter()
            .enumerate()
            .map(|(i, p)| (serde_cbor::to_vec(&(i as PointOffsetType)).unwrap(), serde_cbor::to_vec(p).unwrap()))
            .collect()
    } else {
        Vec::new()
    };
    let cbor_total: usize = cbor.iter().map(|(_, v)| v.len()).sum();
    drop(input);

    purge_dirty_pages();
    let (alloc0, res0) = jemalloc_bytes();
    let mut map: AHashMap<PointOffsetType, Payload> = Default::default();
    match mode {
        // SimplePayloadStorage::open: iterate the column family, decode key and value, insert.
        "load" => {
            for (k, v) in &cbor {
                let id: PointOffsetType = serde_cbor::from_slice(k).unwrap();
                let payload: Payload = serde_cbor::from_slice(v).unwrap();
                map.insert(id, payload);
            }
        }
        // An upsert: the request's JSON parsed into a Payload, then `payload.to_owned()` inserted (the parsed one dropped).
        "upsert" => {
            for (i, bytes) in json_bytes.iter().enumerate() {
                let request: Payload = serde_json::from_slice(bytes).unwrap();
                map.insert(i as PointOffsetType, request.to_owned());
            }
        }
        // The hash map alone: N empty payloads (an empty IndexMap allocates nothing).
        "table-only" => {
            for i in 0..n {
                map.insert(i as PointOffsetType, Payload::default());
            }
        }
        _ => panic!("unknown mode {mode}"),
    }
    let (alloc1, res1) = jemalloc_bytes();
    std::hint::black_box(&map);
    let out = json!({
        "shape": shape,
        "mode": mode,
        "points": n,
        "jsonBytesAvg": j_total as f64 / n as f64,
        "cborBytesAvg": if mode == "load" { json!(cbor_total as f64 / n as f64) } else { Value::Null },
        "topLevelFieldsAvg": fields_total as f64 / n as f64,
        "valueNodesAvg": nodes_total as f64 / n as f64,
        "allocatedBytes": alloc1 as i64 - alloc0 as i64,
        "residentBytes": res1 as i64 - res0 as i64,
        "allocatedBytesPerPoint": (alloc1 as f64 - alloc0 as f64) / n as f64,
        "residentBytesPerPoint": (res1 as f64 - res0 as f64) / n as f64,
        "mapCapacity": map.capacity(),
    });
    println!("{out}");
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock (days since 1970 to a civil date).
fn today_utc() -> String {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64 / 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        let n = args[4].parse().expect("N");
        child(&args[2], &args[3], n, &args[5]);
        return;
    }
    let (dir, n, out_path) = match &args[..] {
        [_, dir, n, out] => (dir.clone(), n.parse::<usize>().expect("N is a count"), out.clone()),
        _ => {
            eprintln!("usage: payload-heap-probe PAYLOAD_DIR N OUT.json");
            std::process::exit(2);
        }
    };
    let exe = std::env::current_exe().unwrap();
    let mut runs = Vec::new();
    for shape in SHAPES {
        for mode in MODES {
            if mode == "table-only" && shape != SHAPES[0] {
                continue; // the table does not depend on the payloads
            }
            let o = Command::new(&exe).args(["--child", shape, mode, &n.to_string(), &dir]).output().unwrap();
            assert!(o.status.success(), "{shape} {mode}: {}", String::from_utf8_lossy(&o.stderr));
            let v: Value = serde_json::from_slice(&o.stdout).unwrap();
            eprintln!("{v}");
            runs.push(v);
        }
    }
    let sizes = json!({
        "serde_json::Value": size_of::<Value>(),
        "Payload (serde_json::Map = IndexMap<String, Value>)": size_of::<Payload>(),
        "(PointOffsetType, Payload), one hash map slot": size_of::<(PointOffsetType, Payload)>(),
        "String": size_of::<String>(),
    });
    let doc = json!({
        "what": "heap of Qdrant's in-RAM payload copy (SimplePayloadStorage, on_disk_payload=false before v1.16) per point, measured by building the same container with the same crates",
        "qdrant": "v1.15.0: lib/segment/src/payload_storage/simple_payload_storage.rs (AHashMap<PointOffsetType, Payload>, filled by serde_cbor::from_slice on open), lib/segment/src/types.rs (Payload(Map<String, Value>)), Cargo.toml (serde_json preserve_order; tikv-jemallocator 0.6 stats, unprefixed_malloc_on_supported_platforms, background_threads), Cargo.lock (versions)",
        "measured": today_utc(),
        "command": format!("payload-heap-probe {} {n} {}", std::path::Path::new(&dir).file_name().map_or(dir.clone(), |f| f.to_string_lossy().into_owned()), std::path::Path::new(&out_path).file_name().map_or(out_path.clone(), |f| f.to_string_lossy().into_owned())),
        "rustc": env!("PROBE_RUSTC_VERSION"),
        "crates": {
            "serde_json": "1.0.140 (preserve_order)", "indexmap": "2.10.0", "hashbrown": "0.15.2", "ahash": "0.8.11",
            "serde": "1.0.219", "serde_cbor": "0.11.2", "tikv-jemallocator": "0.6.0", "tikv-jemalloc-ctl": "0.6.0",
            "tikv-jemalloc-sys": "0.6.0+5.3.0-1-ge13ca993e8ccb9ba9847cc330696e02839f328f7"
        },
        "typeSizesBytes": sizes,
        "measure": "jemalloc stats.allocated and stats.resident (epoch advanced) after minus before building the map, in a fresh process per run; the input buffers are allocated before the first reading and live through the second; dirty pages are purged (arena.4096.purge) just before the first reading",
        "runs": runs,
    });
    let mut f = File::create(&out_path).unwrap();
    writeln!(f, "{}", serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}
