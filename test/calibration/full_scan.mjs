#!/usr/bin/env node
// Full-scan search cost of a real Qdrant server (unindexed segments), in server vCPU-seconds per search.
//
// What it does (docs/topology.md, "Full-scan search cost (unindexed segments)", explains the result):
//  1. decompresses ../shared/bin/qdrant-v1.19.0-linux-amd64.xz into a temp dir and starts it on 127.0.0.1
//     with two free ports (HTTP, gRPC), telemetry off;
//  2. for every (dim, points) of the matrix (skipping configs whose float32 vectors exceed MAX_BYTES), creates a
//     Cosine float32 collection with `optimizers_config.indexing_threshold: 0`, which disables vector indexing
//     ("To explicitly disable vector indexing, set to `0`", config/config.yaml at qdrant v1.19.0), so every
//     segment keeps its plain index and each search scores every point
//     (lib/segment/src/index/plain_vector_index/read_view/search.rs at v1.19.0, `peek_top_iter` over all ids);
//  3. uploads seeded uniform random vectors, waits until the collection is green with an idle optimizer and
//     checks `indexed_vectors_count == 0`;
//  4. runs sequential searches (Query API, limit 10, one client, one request in flight) and reads the server
//     process's utime+stime from /proc/<pid>/stat before and after, minus the idle rate measured just before:
//     vCPU-seconds per search, independent of wall clock and of how busy the shared machine is (contention
//     still inflates CPU time through caches and memory bandwidth: see the spread);
//  5. cross-check: one HNSW-indexed collection searched with `params.exact: true` (and, for contrast, the
//     default HNSW search);
//  6. fits cost = a + b·P·D, cost = a + P·(c + b·D) and cost = a + e·D + P·(c + b·D) by least squares on relative
//     error, and writes everything to data/calibration/full-scan/v1.19.0.json.
//
// Usage (from the repo root; ~10 minutes on 2 vCPU):
//   nice -n 5 node test/calibration/full_scan.mjs [--repeat 3] [--quick] [--out path] [--bin path.xz]
//   node test/calibration/full_scan.mjs --fit-only [--out path]     # refit an existing result file
// The server is stopped by its PID on exit (also on error / Ctrl-C); nothing binds beyond 127.0.0.1.

import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, cpus, totalmem, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};

const BIN_XZ = resolve(opt('--bin', join(REPO, '..', 'shared', 'bin', 'qdrant-v1.19.0-linux-amd64.xz')));
const OUT = resolve(opt('--out', join(REPO, 'data', 'calibration', 'full-scan', 'v1.19.0.json')));
const REPEAT = Number(opt('--repeat', '3'));
const QUICK = flag('--quick');

const DIMS = QUICK ? [64, 384] : [64, 128, 384, 768, 1536];
const POINTS = QUICK ? [1_000, 10_000] : [1_000, 10_000, 50_000, 200_000];
// Skip configs whose raw float32 vectors exceed this (the brief: ~300 MB; 200k x 384 and 50k x 1536 are 307 MB).
const MAX_BYTES = 310e6;
const LIMIT = 10;
// Each measurement aims at TARGET_CPU_S of server CPU, between MIN_N and MAX_N searches and at most MAX_WALL_S.
const TARGET_CPU_S = QUICK ? 0.5 : 2.0;
const MIN_N = 20;
const MAX_N = 8000;
const MAX_WALL_S = 10;
const IDLE_S = 2;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

const log = (...m) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------- fit (weighted least squares, relative error)

function solve(A, y) {
  // Normal equations with Gaussian elimination (k <= 4 unknowns, well conditioned after column scaling).
  const k = A[0].length;
  const scale = Array.from({ length: k }, (_, j) => Math.max(...A.map((r) => Math.abs(r[j]))) || 1);
  const As = A.map((r) => r.map((v, j) => v / scale[j]));
  const M = Array.from({ length: k }, () => new Array(k + 1).fill(0));
  for (let i = 0; i < As.length; i++) {
    for (let p = 0; p < k; p++) {
      for (let q = 0; q < k; q++) M[p][q] += As[i][p] * As[i][q];
      M[p][k] += As[i][p] * y[i];
    }
  }
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let q = c; q <= k; q++) M[r][q] -= f * M[c][q];
    }
  }
  return M.map((row, j) => row[k] / row[j] / scale[j]);
}

function fitModel(name, terms, rows) {
  // minimise sum ((pred - y) / y)^2: divide each row by y.
  const A = rows.map((r) => terms.map((t) => t.f(r) / r.y));
  const y = rows.map(() => 1);
  const coef = solve(A, y);
  const pred = (r) => terms.reduce((s, t, j) => s + coef[j] * t.f(r), 0);
  const rel = rows.map((r) => pred(r) / r.y - 1);
  return {
    model: name,
    coefficients: Object.fromEntries(terms.map((t, j) => [t.name, coef[j]])),
    rms_relative_residual: Math.sqrt(rel.reduce((s, e) => s + e * e, 0) / rel.length),
    max_abs_relative_residual: Math.max(...rel.map(Math.abs)),
    residuals: rows.map((r, i) => ({ dim: r.dim, points: r.points, measured_s: r.y, predicted_s: pred(r), relative: rel[i] })),
  };
}

function fit(configs) {
  const rows = configs.map((c) => ({ dim: c.dim, points: c.points, y: c.median_cpu_s_per_search }));
  const one = { name: 'a_s', f: () => 1 };
  const pd = { name: 'b_s_per_point_dim', f: (r) => r.points * r.dim };
  const p = { name: 'c_s_per_point', f: (r) => r.points };
  const d = { name: 'e_s_per_dim', f: (r) => r.dim };
  const m1 = fitModel('cost = a + b*P*D', [one, pd], rows);
  const m2 = fitModel('cost = a + P*(c + b*D)', [one, p, pd], rows);
  const m3 = fitModel('cost = a + e*D + P*(c + b*D)', [one, d, p, pd], rows);
  // The range to state for b: per run, b implied by model 2 with its own a and c, (cost - a - c*P) / (P*D),
  // over the configs where the P*D term is at least half of the predicted cost (elsewhere the implied b mostly
  // carries the noise of a and c).
  const { a_s: a2, c_s_per_point: c2, b_s_per_point_dim: b2 } = m2.coefficients;
  const implied = [];
  for (const c of configs) {
    const share = (b2 * c.points * c.dim) / (a2 + c2 * c.points + b2 * c.points * c.dim);
    if (share < 0.5) continue;
    for (const r of c.runs) implied.push((r.cpu_s_per_search - a2 - c2 * c.points) / (c.points * c.dim));
  }
  const spread = configs.map((c) => Math.max(...c.runs.map((r) => r.cpu_s_per_search)) / Math.min(...c.runs.map((r) => r.cpu_s_per_search)));
  return {
    method: 'least squares on relative error (each row divided by its measured median), config medians as rows',
    models: [m1, m2, m3],
    implied_b_per_run_model2_scan_share_ge_half: { min: Math.min(...implied), median: median(implied), max: Math.max(...implied), runs: implied.length },
    repeat_spread_max_over_min: { median: median(spread), max: Math.max(...spread) },
  };
}

if (flag('--fit-only')) {
  const res = JSON.parse(readFileSync(OUT, 'utf8'));
  res.fit = fit(res.configs);
  writeFileSync(OUT, JSON.stringify(res, null, 2) + '\n');
  printSummary(res);
  process.exit(0);
}

// ---------------------------------------------------------------- server

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

function cpuTicks(pid) {
  // /proc/<pid>/stat: fields 14 utime and 15 stime (clock ticks), whole thread group. comm may contain spaces:
  // split after the last ')'.
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // fields 14, 15 counted from 1 with pid and comm removed -> index 11, 12
}

let server = null;
let tmp = null;
function cleanup() {
  // last resort on exit: the server we started, by its PID
  if (server && server.exitCode === null && server.signalCode === null && server.pid) {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {}
  }
}
async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  process.kill(server.pid, 'SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  cleanup();
}
process.on('exit', () => {
  cleanup();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

async function startServer() {
  if (!existsSync(BIN_XZ)) {
    console.error(`qdrant binary not found at ${BIN_XZ}; pass --bin`);
    process.exit(2);
  }
  tmp = mkdtempSync(join(tmpdir(), 'qsize-fullscan-'));
  const bin = join(tmp, 'qdrant');
  execFileSync('sh', ['-c', 'xz -dc "$1" > "$2" && chmod +x "$2"', 'sh', BIN_XZ, bin]);
  const sha = createHash('sha256').update(readFileSync(bin)).digest('hex');
  const http = await freePort();
  let grpc = await freePort();
  while (grpc === http) grpc = await freePort();
  const logFd = openSync(join(tmp, 'qdrant.log'), 'w');
  server = spawn(bin, [], {
    cwd: tmp,
    env: {
      PATH: process.env.PATH,
      QDRANT__SERVICE__HOST: '127.0.0.1',
      QDRANT__SERVICE__HTTP_PORT: String(http),
      QDRANT__SERVICE__GRPC_PORT: String(grpc),
      QDRANT__STORAGE__STORAGE_PATH: join(tmp, 'storage'),
      QDRANT__STORAGE__SNAPSHOTS_PATH: join(tmp, 'snapshots'),
      QDRANT__TELEMETRY_DISABLED: 'true',
    },
    stdio: ['ignore', logFd, logFd],
  });
  const base = `http://127.0.0.1:${http}`;
  for (let i = 0; i < 120; i++) {
    if (server.exitCode !== null) throw new Error(`qdrant exited (${server.exitCode}); see ${join(tmp, 'qdrant.log')}`);
    try {
      const r = await fetch(`${base}/`);
      if (r.ok) return { base, sha, info: await r.json() };
    } catch {}
    await sleep(500);
  }
  throw new Error('qdrant did not answer within 60 s');
}

async function api(base, method, path, body) {
  const r = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

// ---------------------------------------------------------------- data

function rng(seed) {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// Components uniform on {-1, -0.999, ..., 1}: 3 decimals keep the JSON small; the scan's cost does not
// depend on the values (every point is scored; only the top-10 heap sees the data).
const TABLE = Array.from({ length: 2001 }, (_, i) => String((i - 1000) / 1000));
function vectorJson(next, dim) {
  const parts = new Array(dim);
  for (let j = 0; j < dim; j++) parts[j] = TABLE[Math.floor(next() * 2001)];
  // an all-zero vector would be rejected by nothing but would be useless for Cosine; make it impossible
  if (parts.every((p) => p === '0')) parts[0] = '1';
  return `[${parts.join(',')}]`;
}

async function upload(base, name, dim, points, seed) {
  const next = rng(seed);
  const perBatch = Math.max(100, Math.floor(2_000_000 / (dim * 6)));
  for (let start = 0; start < points; start += perBatch) {
    const end = Math.min(points, start + perBatch);
    const ids = [];
    const vecs = [];
    for (let id = start; id < end; id++) {
      ids.push(id);
      vecs.push(vectorJson(next, dim));
    }
    const body = `{"batch":{"ids":[${ids.join(',')}],"vectors":[${vecs.join(',')}]}}`;
    await api(base, 'PUT', `/collections/${name}/points?wait=true`, body);
  }
}

async function waitIdle(base, name, points, timeoutS) {
  const t0 = Date.now();
  let last;
  while ((Date.now() - t0) / 1000 < timeoutS) {
    last = (await api(base, 'GET', `/collections/${name}`)).result;
    if (last.status === 'green' && last.optimizer_status === 'ok' && last.points_count === points) {
      // optimizer_status stays "ok" between runs: confirm nothing changes over one more second
      await sleep(1000);
      const again = (await api(base, 'GET', `/collections/${name}`)).result;
      if (again.status === 'green' && again.segments_count === last.segments_count && again.indexed_vectors_count === last.indexed_vectors_count) return again;
    }
    await sleep(1000);
  }
  throw new Error(`${name} not idle after ${timeoutS} s: ${JSON.stringify(last).slice(0, 300)}`);
}

// ---------------------------------------------------------------- measurement

async function idleRate(pid) {
  const t0 = cpuTicks(pid);
  const w0 = process.hrtime.bigint();
  await sleep(IDLE_S * 1000);
  const t1 = cpuTicks(pid);
  const w1 = process.hrtime.bigint();
  return (t1 - t0) / CLK_TCK / (Number(w1 - w0) / 1e9); // vCPU-seconds per wall second
}

// Runs searches until the server has used targetCpuS of CPU (checked every 8 searches), or n searches, or
// MAX_WALL_S of wall time, whichever comes first; the per-search cost is the CPU used over the searches done.
async function measure(base, pid, name, queries, params, n, idle, targetCpuS = Infinity) {
  const url = `${base}/collections/${name}/points/query`;
  const bodies = queries.map((q) => `{"query":${q},"limit":${LIMIT}${params ? `,"params":${JSON.stringify(params)}` : ''}}`);
  const c0 = cpuTicks(pid);
  const w0 = process.hrtime.bigint();
  let done = 0;
  for (; done < n; done++) {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[done % bodies.length] });
    const j = await r.json();
    if (!r.ok || j.result.points.length !== LIMIT) throw new Error(`search on ${name} failed: ${JSON.stringify(j).slice(0, 200)}`);
    if ((done & 7) === 7 && ((cpuTicks(pid) - c0) / CLK_TCK >= targetCpuS || Number(process.hrtime.bigint() - w0) / 1e9 > MAX_WALL_S)) {
      done++;
      break;
    }
  }
  const c1 = cpuTicks(pid);
  const wall = Number(process.hrtime.bigint() - w0) / 1e9;
  const cpu = (c1 - c0) / CLK_TCK;
  const cpuNet = Math.max(0, cpu - idle * wall);
  return { searches: done, cpu_s: cpu, wall_s: wall, idle_cpu_s: idle * wall, cpu_s_per_search: cpuNet / done, wall_s_per_search: wall / done };
}

async function measureCollection(base, pid, name, dim, params, seed) {
  const next = rng(seed);
  const queries = Array.from({ length: 64 }, () => vectorJson(next, dim));
  // warm-up: pages the vectors in, lets allocator and thread pools settle
  await measure(base, pid, name, queries, params, 20, 0);
  const idle = await idleRate(pid);
  const runs = [];
  for (let i = 0; i < REPEAT; i++) {
    const r = await measure(base, pid, name, queries, params, MAX_N, idle, TARGET_CPU_S);
    if (r.searches < MIN_N) throw new Error(`${name}: only ${r.searches} searches in ${MAX_WALL_S} s`);
    runs.push(r);
  }
  return { idle_vcpu: idle, runs, median_cpu_s_per_search: median(runs.map((r) => r.cpu_s_per_search)), median_wall_s_per_search: median(runs.map((r) => r.wall_s_per_search)) };
}

function printSummary(res) {
  const f = res.fit;
  for (const c of res.configs) {
    const per = c.runs.map((r) => (r.cpu_s_per_search * 1e3).toFixed(3)).join(' ');
    console.log(`d=${String(c.dim).padStart(4)} n=${String(c.points).padStart(6)}  median ${(c.median_cpu_s_per_search * 1e3).toFixed(3)} ms CPU/search  runs [${per}]  ns/(point*dim) ${((c.median_cpu_s_per_search / (c.points * c.dim)) * 1e9).toFixed(4)}`);
  }
  for (const m of f.models) {
    console.log(`${m.model}: ${Object.entries(m.coefficients).map(([k, v]) => `${k}=${v.toExponential(4)}`).join(' ')}  rms rel ${(m.rms_relative_residual * 100).toFixed(1)}%  max ${(m.max_abs_relative_residual * 100).toFixed(1)}%`);
  }
  console.log('implied b per run (model 2, scan share >= 1/2):', JSON.stringify(f.implied_b_per_run_model2_scan_share_ge_half));
  console.log('repeat spread (max/min of runs):', JSON.stringify(f.repeat_spread_max_over_min));
  if (res.cross_check) console.log('cross-check:', JSON.stringify(res.cross_check.summary));
}

// ---------------------------------------------------------------- main

async function main() {
  const t0 = Date.now();
  const { base, sha, info } = await startServer();
  const pid = server.pid;
  log(`qdrant ${info.version} pid ${pid} at ${base} (${tmp})`);
  const machine = {
    lscpu_model: execFileSync('sh', ['-c', "lscpu | sed -n 's/^Model name: *//p'"]).toString().trim(),
    nproc: Number(execFileSync('nproc').toString().trim()),
    cpus_online: cpus().length,
    mem_total_gib: +(totalmem() / 2 ** 30).toFixed(1),
    kernel: release(),
    node: process.version,
    niceness: Number(execFileSync('sh', ['-c', 'ps -o ni= -p $$']).toString().trim()),
    loadavg_start: readFileSync('/proc/loadavg', 'utf8').trim(),
    date_start: new Date().toISOString(),
    shared: 'the machine is shared with other jobs; CPU time (not wall time) is measured, contention still inflates it',
  };
  const configs = [];
  let seed = 1;
  for (const dim of DIMS) {
    for (const points of POINTS) {
      const bytes = points * dim * 4;
      if (bytes > MAX_BYTES) {
        log(`skip d=${dim} n=${points} (${(bytes / 1e6).toFixed(0)} MB > ${MAX_BYTES / 1e6} MB)`);
        continue;
      }
      const name = `fs_d${dim}_n${points}`;
      await api(base, 'PUT', `/collections/${name}`, {
        vectors: { size: dim, distance: 'Cosine' },
        optimizers_config: { indexing_threshold: 0 },
      });
      const u0 = Date.now();
      await upload(base, name, dim, points, seed++);
      const uploadS = (Date.now() - u0) / 1000;
      const ci = await waitIdle(base, name, points, 300);
      if (ci.indexed_vectors_count !== 0) throw new Error(`${name}: indexed_vectors_count ${ci.indexed_vectors_count}, expected 0`);
      const m = await measureCollection(base, pid, name, dim, null, 1000 + seed);
      const c = {
        dim, points, vector_bytes: bytes, collection: name, upload_s: uploadS,
        segments_count: ci.segments_count, indexed_vectors_count: ci.indexed_vectors_count, points_count: ci.points_count, ...m,
      };
      configs.push(c);
      log(`d=${dim} n=${points}: ${(c.median_cpu_s_per_search * 1e3).toFixed(3)} ms CPU/search (runs ${c.runs.map((r) => `${(r.cpu_s_per_search * 1e3).toFixed(3)}×${r.searches}`).join(', ')}; ${c.segments_count} segments; idle ${m.idle_vcpu.toFixed(3)} vCPU; upload ${uploadS.toFixed(1)} s)`);
      await api(base, 'DELETE', `/collections/${name}`);
    }
  }

  // Cross-check: an HNSW-indexed collection searched exactly (params.exact = true scans all points too).
  let crossCheck = null;
  if (!flag('--no-cross-check')) {
    const dim = 128;
    const points = QUICK ? 10_000 : 50_000;
    const name = `fs_hnsw_d${dim}_n${points}`;
    await api(base, 'PUT', `/collections/${name}`, {
      vectors: { size: dim, distance: 'Cosine' },
      hnsw_config: { m: 16, ef_construct: 100 },
      optimizers_config: { indexing_threshold: 1 }, // KB: index every segment
    });
    const u0 = Date.now();
    await upload(base, name, dim, points, 999);
    const ci = await waitIdle(base, name, points, 600);
    const buildS = (Date.now() - u0) / 1000;
    log(`${name}: indexed_vectors_count ${ci.indexed_vectors_count}, ${ci.segments_count} segments, upload+index ${buildS.toFixed(1)} s`);
    const exact = await measureCollection(base, pid, name, dim, { exact: true }, 4242);
    const hnsw = await measureCollection(base, pid, name, dim, null, 4242);
    const plain = configs.find((c) => c.dim === dim && c.points === points);
    crossCheck = {
      collection: name, dim, points, hnsw: { m: 16, ef_construct: 100, search_ef: 'default (ef_construct)' },
      indexed_vectors_count: ci.indexed_vectors_count, segments_count: ci.segments_count, upload_and_index_s: buildS,
      exact_true: exact, hnsw_default: hnsw,
      summary: {
        exact_ms: exact.median_cpu_s_per_search * 1e3,
        unindexed_ms: plain ? plain.median_cpu_s_per_search * 1e3 : null,
        exact_over_unindexed: plain ? exact.median_cpu_s_per_search / plain.median_cpu_s_per_search : null,
        hnsw_ms: hnsw.median_cpu_s_per_search * 1e3,
      },
    };
    log(`cross-check ${JSON.stringify(crossCheck.summary)}`);
    await api(base, 'DELETE', `/collections/${name}`);
  }

  machine.loadavg_end = readFileSync('/proc/loadavg', 'utf8').trim();
  machine.date_end = new Date().toISOString();
  const res = {
    schema: 1,
    produced_by: 'test/calibration/full_scan.mjs',
    qdrant: { version: info.version, commit: info.commit ?? null, binary_sha256: sha, binary: 'shared/bin/qdrant-v1.19.0-linux-amd64.xz (perf profile build of tag v1.19.0)' },
    machine,
    method: {
      collection: 'one collection per config, float32, Cosine, optimizers_config.indexing_threshold = 0 (no HNSW), default segment number',
      data: 'seeded uniform random components in [-1, 1] with 3 decimals',
      search: `POST /collections/{name}/points/query, limit ${LIMIT}, no filter, no payload, one client, sequential, 64 distinct random queries cycled`,
      cpu: `server utime+stime from /proc/<pid>/stat (CLK_TCK ${CLK_TCK}), minus the idle rate measured over ${IDLE_S} s just before; includes HTTP + JSON parsing of the request`,
      sizing: `each run searches until the server used ${TARGET_CPU_S} s of CPU (checked every 8 searches; at most ${MAX_N} searches or ${MAX_WALL_S} s wall, at least ${MIN_N}), after 20 warm-up searches; ${REPEAT} runs per config, median`,
      skipped: `configs above ${MAX_BYTES / 1e6} MB of raw vectors`,
      total_wall_s: (Date.now() - t0) / 1000,
    },
    configs,
    cross_check: crossCheck,
  };
  res.fit = fit(configs);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(res, null, 2) + '\n');
  log(`wrote ${OUT} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  printSummary(res);
}

main()
  .then(async () => {
    await stopServer();
    process.exit(0);
  })
  .catch(async (e) => {
    console.error(e instanceof Error ? e.message : e);
    if (tmp) console.error(`server log: ${join(tmp, 'qdrant.log')} (removed on exit)`);
    await stopServer();
    process.exit(1);
  });
