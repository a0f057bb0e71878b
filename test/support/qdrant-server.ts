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
 * The steady-state RssAnon of each server, as the server calibration reads it (test/calibration/server_harness.py:
 * /proc only, no requests while it settles). jemalloc gives back the pages freed by the load, the restart and the
 * searches in steps, over its 10 s decay time (measured on v1.19.0: 25.3, 19.7, then 19.0 MB, flat from 20 s on).
 * Requests while it settles would change what is measured: reading GET /metrics every 2 s held RssAnon 2 MB higher
 * (21.0 MB against 19.0 MB on the same collection; test/observe/live.test.ts, 2026-12-02). RssAnon is read every
 * 2 s until the readings of the last 14 s agree within 2% (the plateaus between steps last 8-10 s), at most 60 s;
 * the last reading is returned.
 */
export async function steadyRssAnon(pids: number[], log?: (line: string) => void): Promise<number[]> {
  const readings: number[][] = pids.map(() => []);
  const done = pids.map(() => false);
  // Readings 2 s apart over 14 s: longer than one step's plateau (measured 8-10 s).
  const WINDOW = 8;
  for (let i = 0; i < 30 && done.some((d) => !d); i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 2000));
    for (const [k, pid] of pids.entries()) {
      if (done[k]) continue;
      readings[k]!.push(rssAnon(pid));
      const last = readings[k]!.slice(-WINDOW);
      if (last.length === WINDOW && Math.max(...last) - Math.min(...last) < 0.02 * Math.min(...last)) done[k] = true;
    }
  }
  for (const [k, r] of readings.entries()) log?.(`RssAnon of PID ${pids[k]} every 2 s (MB): ${r.map((x) => (x / 1e6).toFixed(1)).join(' ')}`);
  return readings.map((r) => r.at(-1)!);
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
