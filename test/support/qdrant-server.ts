/**
 * The one way the tests start a real Qdrant server: the v1.19.0 binary (../shared/bin, decompressed into a temp dir;
 * or QDRANT_BIN, an unpacked binary, or QDRANT_XZ, another archive) on 127.0.0.1 with free ports, alone or as a
 * cluster; it loads and settles collections and stops every process it started by its PID. Used by the real-server
 * accuracy check (test/accuracy/server.test.ts) and the observe tests (test/observe/). The calibration harnesses are
 * Python (test/calibration/server_harness.py) and a standalone script (test/calibration/full_scan.mjs), run by hand.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../cli/run.js';

export const BINARY_XZ = process.env['QDRANT_XZ'] ?? join(ROOT, '../shared/bin/qdrant-v1.19.0-linux-amd64.xz');
/** An unpacked server binary to use instead of the archive. */
const BINARY = process.env['QDRANT_BIN'];

export interface Peer {
  proc: ChildProcess;
  pid: number;
  url: string;
  p2pPort: number;
  dir: string;
  /** The environment it was started with (ports, storage), to restart it on the same storage. */
  env: Record<string, string>;
}

/** Why the server cannot be started here (the tests then skip with this one line), or undefined when it can. */
export function serverAbsent(): string | undefined {
  if (BINARY) return existsSync(BINARY) ? undefined : `no Qdrant binary at ${BINARY} (QDRANT_BIN)`;
  if (!existsSync(BINARY_XZ)) return `no Qdrant binary at ${BINARY_XZ}`;
  if (spawnSync('xz', ['--version']).status !== 0) return 'xz is not installed (it unpacks the Qdrant binary)';
  return undefined;
}

export class Lab {
  readonly dir: string;
  readonly peers: Peer[] = [];
  private bin: string | undefined;

  /** `prefix` names the temporary folder (the binary, each peer's storage and log). */
  constructor(prefix = 'qsize-qdrant-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  /** Decompresses the server; undefined (with the reason) when the binary or xz is absent. */
  binary(): { path?: string; reason?: string } {
    if (this.bin) return { path: this.bin };
    const absent = serverAbsent();
    if (absent) return { reason: absent };
    if (BINARY) return { path: (this.bin = BINARY) };
    const out = join(this.dir, 'qdrant');
    const r = spawnSync('sh', ['-c', `xz -dc "$0" > "$1"`, BINARY_XZ, out]);
    if (r.status !== 0) return { reason: `xz could not decompress the server: ${r.stderr?.toString().trim()}` };
    chmodSync(out, 0o755);
    this.bin = out;
    return { path: out };
  }

  /** Starts a peer named `name` (its folder under the lab's); `env` adds settings (e.g. QDRANT__LOG_LEVEL). */
  async start(name: string, cluster?: { uri?: string; bootstrap?: string }, extraEnv: Record<string, string> = {}): Promise<Peer> {
    const [http, grpc, p2p] = [await freePort(), await freePort(), await freePort()];
    const dir = join(this.dir, name);
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      QDRANT__SERVICE__HOST: '127.0.0.1',
      QDRANT__SERVICE__HTTP_PORT: String(http),
      QDRANT__SERVICE__GRPC_PORT: String(grpc),
      QDRANT__STORAGE__STORAGE_PATH: join(dir, 'storage'),
      QDRANT__STORAGE__SNAPSHOTS_PATH: join(dir, 'snapshots'),
      QDRANT__TELEMETRY_DISABLED: 'true',
      ...extraEnv,
    };
    const args: string[] = [];
    if (cluster) {
      env['QDRANT__CLUSTER__ENABLED'] = 'true';
      env['QDRANT__CLUSTER__P2P__PORT'] = String(p2p);
      if (cluster.bootstrap) args.push('--bootstrap', cluster.bootstrap);
      else args.push('--uri', cluster.uri ?? `http://127.0.0.1:${p2p}`);
    }
    spawnSync('mkdir', ['-p', dir]);
    const peer: Peer = { ...this.spawn(dir, env, args), url: `http://127.0.0.1:${http}`, p2pPort: p2p, dir, env };
    this.peers.push(peer);
    await waitFor(async () => (await fetch(`${peer.url}/readyz`).catch(() => undefined))?.ok === true, 30_000, `${name} ready`);
    return peer;
  }

  private spawn(dir: string, env: Record<string, string>, args: string[]): { proc: ChildProcess; pid: number } {
    const log = openSync(join(dir, 'log'), 'a');
    const proc = spawn(this.binary().path!, args, { cwd: dir, env, stdio: ['ignore', log, log] });
    closeSync(log);
    return { proc, pid: proc.pid! };
  }

  /**
   * As after a pod restart (the state qsize's server calibration measures): SIGTERM by PID, wait for the exit, start
   * the same binary on the same storage and ports. A cluster peer rejoins from its stored Raft state (no --uri or
   * --bootstrap needed).
   */
  async restart(peer: Peer): Promise<void> {
    await this.stop(peer);
    Object.assign(peer, this.spawn(peer.dir, peer.env, []));
    await waitFor(async () => (await fetch(`${peer.url}/readyz`).catch(() => undefined))?.ok === true, 30_000, `${peer.dir} ready after restart`);
  }

  /** SIGTERM by PID (SIGKILL after 30 s), then wait for the exit: a clean shutdown, as a pod's. */
  async stop(peer: Peer): Promise<void> {
    if (peer.proc.exitCode !== null || peer.proc.signalCode !== null) return;
    const exited = new Promise((r) => peer.proc.once('exit', r));
    process.kill(peer.pid, 'SIGTERM');
    const timer = setTimeout(() => process.kill(peer.pid, 'SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  /** SIGKILL by PID, then wait for the exit. */
  async kill(peer: Peer): Promise<void> {
    if (peer.proc.exitCode !== null || peer.proc.signalCode !== null) return;
    const exited = new Promise((r) => peer.proc.once('exit', r));
    process.kill(peer.pid, 'SIGKILL');
    await exited;
  }

  async stopAll(): Promise<void> {
    for (const p of this.peers) await this.kill(p);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A REST call; its `result`. A kept-alive connection the server has already closed (its idle timeout) fails once with EPIPE: sent again. */
export async function api(url: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const send = () => fetch(url + path, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const res = await send().catch(send);
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json['result'] as Record<string, unknown>;
}

/** The payload of point i: a 50-value keyword and an integer. */
export const payloadOf = (i: number) => ({ city: `c${i % 50}`, n: i });

/** Deterministic vectors (a linear congruential generator), uploaded 1,000 points per request. */
export async function load(url: string, name: string, points: number, dim: number): Promise<void> {
  let seed = 1;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  for (let s = 0; s < points; s += 1000) {
    const batch = [];
    for (let i = s; i < Math.min(points, s + 1000); i++) batch.push({ id: i, vector: Array.from({ length: dim }, rnd), payload: payloadOf(i) });
    await api(url, 'PUT', `/collections/${name}/points?wait=true`, { points: batch });
  }
}

/**
 * Waits until the optimizer is idle on this peer: green, with the same segment count, three polls 0.5 s apart
 * (green shows for a moment between the indexing and the merge optimizer). After a restart the status is grey until
 * an update arrives: an empty optimizers_config PATCH triggers the pending optimizations (as Qdrant's docs advise).
 */
export async function settle(url: string, name: string, timeoutMs = 90_000, until: { points?: number; indexed?: boolean } = {}): Promise<void> {
  let last = '';
  let stable = 0;
  let triggered = false;
  await waitFor(
    async () => {
      const r = await api(url, 'GET', `/collections/${name}`).catch(() => undefined);
      if (r?.['status'] === 'grey' && !triggered) {
        triggered = true;
        await api(url, 'PATCH', `/collections/${name}`, { optimizers_config: {} }).catch(() => undefined);
      }
      const key = `${String(r?.['status'])}/${String(r?.['segments_count'])}/${String(r?.['points_count'])}`;
      const loaded = Number(r?.['points_count'] ?? 0) >= (until.points ?? 0) && (!until.indexed || Number(r?.['indexed_vectors_count'] ?? 0) > 0);
      stable = r?.['status'] === 'green' && r['optimizer_status'] === 'ok' && loaded && key === last ? stable + 1 : 0;
      last = key;
      return stable >= 3;
    },
    timeoutMs,
    `${name} green on ${url}`,
    500,
  );
}

/**
 * The segment folders of each shard of `name` on a peer, sorted: an optimization writes new ones in place of those it
 * rewrites. Left out: `<uuid>.deleted`, the leftovers of the rename-then-delete removal of an optimized segment, which a
 * restart deletes on load without changing the layout (`normalize_segment_dir`, qdrant@v1.19.0:lib/segment/src/
 * segment_constructor/segment_constructor_base/segment.rs; seen here: 3 such folders gone after a restart, none added).
 */
export function segmentFolders(peer: Peer, name: string): string[] {
  const coll = join(peer.dir, 'storage', 'collections', name);
  if (!existsSync(coll)) return [];
  const out: string[] = [];
  for (const shard of readdirSync(coll, { withFileTypes: true })) {
    const segments = join(coll, shard.name, 'segments');
    if (!shard.isDirectory() || !existsSync(segments)) continue;
    for (const s of readdirSync(segments)) if (!s.endsWith('.deleted')) out.push(`${shard.name}/${s}`);
  }
  return out.sort();
}

/**
 * As after a pod restart (the state the model predicts): restart each peer (Lab.restart), settle each, and log the
 * segment folders the restart changed, for a post-mortem of a steady state read high. Why the log and not more
 * restarts: one CI run of test/observe/live.test.ts (2026-12-04) began the single node's steady wait at 49.2 MB with
 * 30 threads where other runs began at 22-27 MB, and read a 21.5 MB plateau where the others read 19.0-19.6, and an
 * optimization run at start-up would fit that (a merge re-run at a restart leaves jemalloc's metadata for good:
 * docs/accuracy.md, "Three misses"). But restarting until the folders hold does not converge: here a restart of the
 * 12,000 x 256-d check added 2 segment folders (uuid-named, with the API's segment count unchanged) and the next
 * removed 3, and s37 measured once after 3 such restarts before taking it back (CI passed either way, +0.0% to +0.2%).
 * The log names the folders gone and new; the live checks log jemalloc's counters beside it (describeJemalloc).
 */
export async function restartAndSettle(
  lab: Lab,
  peers: Peer[],
  name: string,
  opts: { timeoutMs?: number; until?: { points?: number; indexed?: boolean }; log?: (line: string) => void } = {},
): Promise<void> {
  // Before the restart the layout should be final. CI, 2026-12-04: twice a single node's restart added 2 segment
  // folders, started at 46-57 MB RssAnon with 31-32 threads (21-22 in the other runs) and settled at 21.4-21.8 MB with
  // jemalloc metadata of 6.7-8.6 MB, against 19.1-19.3 MB and 4.2 MB in the runs without: the restarted server did
  // more work, and its jemalloc arenas stayed. Two suspects: an optimization no update has triggered yet (checked on the
  // next update, or at start-up), and points applied but not yet flushed, replayed from the WAL at start-up. So each
  // collection's optimizers are asked to look again (an empty optimizers_config PATCH, as settle nudges a grey one), it
  // settles, and the test waits one flush interval (storage.optimizers.flush_interval_sec, 5 s,
  // qdrant@v1.19.0:config/config.yaml) and a second more. A mitigation, not an explanation: the server check's restart
  // still adds 2 folders to its 3 with its RssAnon within 1.5% of the model, so the folders alone are not the cause.
  for (const p of peers) {
    await api(p.url, 'PATCH', `/collections/${name}`, { optimizers_config: {} });
    await settle(p.url, name, opts.timeoutMs, opts.until);
  }
  await new Promise((r) => setTimeout(r, 6_000));
  const before = peers.map((p) => segmentFolders(p, name));
  for (const p of peers) await lab.restart(p);
  for (const p of peers) await settle(p.url, name, opts.timeoutMs, opts.until);
  peers.forEach((p, i) => {
    const after = segmentFolders(p, name);
    const gone = before[i]!.filter((s) => !after.includes(s));
    const added = after.filter((s) => !before[i]!.includes(s));
    if (gone.length + added.length > 0) {
      opts.log?.(`the restart changed the segment folders on ${p.url}: ${before[i]!.length} before, gone ${gone.join(' ') || 'none'}; new ${added.join(' ') || 'none'}`);
    }
  });
}

/** mulberry32: a small seeded generator, so the data is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** Clustered unit vectors (64 centres plus noise), like the calibration harness's data: the real-server check's
 * points and queries (test/accuracy/server.test.ts) and its probe (test/calibration/ci_probe.test.ts). */
export function clusteredVectors(count: number, dim: number, seed: number): number[][] {
  const rc = rng(1000);
  const centres = Array.from({ length: 64 }, () => Array.from({ length: dim }, () => gauss(rc)));
  const r = rng(seed);
  return Array.from({ length: count }, () => {
    const c = centres[Math.floor(r() * 64)]!;
    const v = c.map((x) => x / Math.sqrt(dim) + (gauss(r) * 0.5) / Math.sqrt(dim));
    const norm = Math.hypot(...v);
    return v.map((x) => Math.round((x / norm) * 1e6) / 1e6);
  });
}

/** Searches with deterministic query vectors, as the server calibration does after its restart. */
export async function search(url: string, name: string, count: number, dim: number): Promise<void> {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  for (let i = 0; i < count; i++) await api(url, 'POST', `/collections/${name}/points/query`, { query: Array.from({ length: dim }, rnd), limit: 10 });
}

/** RssAnon of a process (/proc/PID/status), bytes. */
export function rssAnon(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^RssAnon:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

/**
 * jemalloc's dirty-page decay time: the period over which it returns the pages a thread frees to the kernel (jemalloc
 * 5.3's default `opt.dirty_decay_ms`; Qdrant v1.19.0 links tikv-jemalloc-sys 0.7.1+5.3.1 with `background_threads`, whose
 * threads do the purging, and sets no malloc_conf: qdrant@v1.19.0:Cargo.toml, Cargo.lock). No MADV_FREE pages stay
 * behind (smaps_rollup LazyFree 0 kB throughout: muzzy decay is off).
 */
const JEMALLOC_DIRTY_DECAY_MS = 10_000;

/**
 * The waiting rule's window: longer than the longest plateau between two of jemalloc's purges, so that nothing freed
 * before the window is still resident at its end. A plateau lasts up to one decay period (measured 7-10 s: a peer of
 * test/observe/live.test.ts's cluster held 20.7 MB from 12 s to 21 s after the searches, then 20.0); 5 s of margin.
 */
const STEADY_WINDOW_MS = JEMALLOC_DIRTY_DECAY_MS + 5_000;
/** RssAnon may move by this much in the window (settled, the 12,000 x 256-d check moves by up to 0.1 MB of 18 MB). */
const STEADY_TOLERANCE = 0.01;

export interface SteadyState {
  pid: number;
  /** RssAnon (bytes) at the end of the wait. */
  rssAnon: number;
  /** Threads of the process at the end of the wait. */
  threads: number;
  /** Seconds waited. */
  seconds: number;
  /** Whether the rule was met (false: `maxMs` passed first; the last reading is returned). */
  steady: boolean;
  /** RssAnon (bytes) and thread count once a second from the start of the wait. */
  readings: { rssAnon: number; threads: number }[];
}

function threadCount(pid: number): number {
  return Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

/**
 * The steady state the model predicts, and the waiting rule of every live check (test/accuracy/server.test.ts,
 * test/observe/): after the last request, read each server's /proc/PID/status once a second (no requests while it
 * settles: reading GET /metrics every 2 s held RssAnon 2 MB higher, 21.0 against 19.0 MB, test/observe/live.test.ts,
 * 2026-12-02) until, over the last 15 s (STEADY_WINDOW_MS, longer than jemalloc's 10 s decay), its thread count has
 * not changed and its RssAnon has moved less than 1%. Why: what the restart, the loading and the searches freed is
 * returned in steps (jemalloc's background threads purge in batches), with plateaus of 7-10 s between them, and the
 * searches' threads exit 10 s after the last search and free their caches only then: they are the blocking pools of
 * the search runtimes (`search-io-N`, `search-cpu-N`: qdrant@v1.19.0:lib/storage/src/content_manager/toc/runtimes.rs,
 * which sets no `thread_keep_alive`), and tokio ends a blocking thread 10 s after its last task (`KEEP_ALIVE` in
 * tokio's runtime/blocking/pool.rs, read in 1.54.1; Qdrant v1.19.0 locks 1.53.1); the window holds the thread count.
 * 12,000 x 256-d after 50 searches, 1 s readings (MB, 2026-12-02, load average 10-14 on 2 cores): 36.1, 30.6, 27.3
 * (to 6 s), 20.1 (8-16 s; threads 23 -> 16 at 10 s), 18.4, 18.3, 18.2 from 20 s, 18.1-18.2 to the end. A rule of two
 * readings 5 s apart within 1% reads that plateau (20.1 MB: the model -13%); this one reads 18.0-18.2 MB.
 * Waits at most `maxMs`.
 */
export async function steadyState(pids: number[], maxMs = 90_000): Promise<SteadyState[]> {
  const t0 = Date.now();
  const window = STEADY_WINDOW_MS / 1000 + 1;
  const out: SteadyState[] = pids.map((pid) => ({ pid, rssAnon: 0, threads: 0, seconds: 0, steady: false, readings: [] }));
  for (let i = 0; out.some((s) => !s.steady); i++) {
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + i * 1000 - Date.now())));
    for (const s of out) {
      if (s.steady) continue;
      const r = { rssAnon: rssAnon(s.pid), threads: threadCount(s.pid) };
      s.readings.push(r);
      Object.assign(s, r, { seconds: (Date.now() - t0) / 1000 });
      const last = s.readings.slice(-window);
      const anon = last.map((x) => x.rssAnon);
      s.steady =
        last.length === window &&
        last.every((x) => x.threads === r.threads) &&
        Math.max(...anon) - Math.min(...anon) < STEADY_TOLERANCE * Math.min(...anon);
    }
    if (Date.now() - t0 >= maxMs) break;
  }
  return out;
}

/** The steady-state RssAnon (bytes) of each server (steadyState's rule), logging each one's readings. */
export async function steadyRssAnon(pids: number[], log?: (line: string) => void): Promise<number[]> {
  const states = await steadyState(pids);
  for (const s of states) log?.(describeSteady(s));
  return states.map((s) => s.rssAnon);
}

/** One line: the wait's outcome and its readings (MB, threads in brackets where they changed). */
export function describeSteady(s: SteadyState): string {
  const seq = s.readings.map((r, i) => `${(r.rssAnon / 1e6).toFixed(1)}${i === 0 || r.threads !== s.readings[i - 1]!.threads ? `[${r.threads}]` : ''}`);
  return `RssAnon of PID ${s.pid} every 1 s (MB, [threads]): ${seq.join(' ')}; ${s.steady ? 'steady' : 'NOT steady'} after ${s.seconds.toFixed(0)} s`;
}

/**
 * jemalloc's counters (GET /metrics `memory_*_bytes`: active, allocated, metadata, resident, retained), bytes by name.
 * A request adds to the steady state (see steadyState), so the live checks read them after their steady wait.
 */
export async function jemallocCounters(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(memory_\w+) (\S+)/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

/**
 * One line for a flaky steady state's post-mortem: the steady RssAnon, then RssAnon and jemalloc's counters read
 * together after it (`anonNow` just before the /metrics request), and RssAnon beyond the active pages. In the calibration runs that difference is 1.4-2.4 MB (thread stacks, the runtime's
 * own mappings, jemalloc's metadata: src/observe/observe.ts NON_ALLOCATOR_ANON); more at a plateau the wait read
 * would be freed pages jemalloc had not yet returned. (`memory_resident_bytes` is no help here: it also counts pages
 * mapped but never touched, 1.2-6.0 MB above RssAnon in steady state.)
 */
export function describeJemalloc(steadyAnon: number, anonNow: number, c: Record<string, number>): string {
  const mb = (x: number | undefined) => (x === undefined ? '?' : (x / 1e6).toFixed(2));
  const active = c['memory_active_bytes'];
  return (
    `steady RssAnon ${mb(steadyAnon)} MB; later, RssAnon ${mb(anonNow)} MB and jemalloc's active ${mb(active)}, allocated ${mb(c['memory_allocated_bytes'])}, metadata ${mb(c['memory_metadata_bytes'])}, ` +
    `resident ${mb(c['memory_resident_bytes'])}, retained ${mb(c['memory_retained_bytes'])} MB: RssAnon beyond the active pages ${mb(active === undefined ? undefined : anonNow - active)} MB (1.4-2.4 in calibration)`
  );
}

/** Allocated bytes under a folder (`du -B1`): 512-byte blocks of every file. */
export function du(path: string): number {
  let total = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) total += du(p);
    else if (e.isFile()) total += statSync(p).blocks * 512;
  }
  return total;
}
