/**
 * Starts the real Qdrant v1.19.0 server (../shared/bin, decompressed into a temp dir) on 127.0.0.1 with free
 * ports, alone or as a cluster, loads a small collection, and stops every process it started by its PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../cli/run.js';

export const BINARY_XZ = join(ROOT, '../shared/bin/qdrant-v1.19.0-linux-amd64.xz');

export interface Peer {
  proc: ChildProcess;
  pid: number;
  url: string;
  p2pPort: number;
  dir: string;
}

export class Lab {
  readonly dir = mkdtempSync(join(tmpdir(), 'qsize-observe-'));
  readonly peers: Peer[] = [];
  private bin: string | undefined;

  /** Decompresses the server; undefined (with the reason) when the binary or xz is absent. */
  binary(): { path?: string; reason?: string } {
    if (this.bin) return { path: this.bin };
    if (!existsSync(BINARY_XZ)) return { reason: `${BINARY_XZ} is absent` };
    const out = join(this.dir, 'qdrant');
    const r = spawnSync('sh', ['-c', `xz -dc "$0" > "$1"`, BINARY_XZ, out]);
    if (r.status !== 0) return { reason: `xz could not decompress the server: ${r.stderr?.toString().trim()}` };
    chmodSync(out, 0o755);
    this.bin = out;
    return { path: out };
  }

  async start(name: string, cluster?: { uri?: string; bootstrap?: string }): Promise<Peer> {
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
    };
    const args: string[] = [];
    if (cluster) {
      env['QDRANT__CLUSTER__ENABLED'] = 'true';
      env['QDRANT__CLUSTER__P2P__PORT'] = String(p2p);
      if (cluster.bootstrap) args.push('--bootstrap', cluster.bootstrap);
      else args.push('--uri', cluster.uri ?? `http://127.0.0.1:${p2p}`);
    }
    spawnSync('mkdir', ['-p', dir]);
    const log = openSync(join(dir, 'log'), 'a');
    const proc = spawn(this.binary().path!, args, { cwd: dir, env, stdio: ['ignore', log, log] });
    const peer: Peer = { proc, pid: proc.pid!, url: `http://127.0.0.1:${http}`, p2pPort: p2p, dir };
    this.peers.push(peer);
    await waitFor(async () => (await fetch(`${peer.url}/readyz`).catch(() => undefined))?.ok === true, 30_000, `${name} ready`);
    return peer;
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

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function api(url: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url + path, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
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

/** Waits until the collection is green (optimizations done) on this peer. */
export async function settle(url: string, name: string, timeoutMs = 90_000): Promise<void> {
  await waitFor(
    async () => {
      const r = await api(url, 'GET', `/collections/${name}`).catch(() => undefined);
      return r?.['status'] === 'green' && r['optimizer_status'] === 'ok';
    },
    timeoutMs,
    `${name} green on ${url}`,
  );
}
