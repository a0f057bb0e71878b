// Records the compiler's version in the probe's output (std's HashMap and Vec growth come with it).
fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let v = std::process::Command::new(rustc).arg("-V").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    println!("cargo:rustc-env=PROBE_RUSTC_VERSION={}", v.unwrap_or_else(|_| "unknown".into()));
}
