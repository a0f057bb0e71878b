/**
 * One real-server check: the Qdrant v1.19.0 server (the binary in ../shared/bin, or QDRANT_XZ / QDRANT_BIN) is
 * decompressed into a temporary folder, started on 127.0.0.1, loaded with 12,000 x 256-d points over REST (an indexed
 * segment of 10,000-11,000 points and an appendable rest: 2 segments), restarted as after a pod restart, searched,
 * and left to settle; then its /proc readings are held against estimate(). Waiting rule (steadyState,
 * test/support/qdrant-server.ts): after the searches, /proc is read once a second, without requests, until over the
 * last 15 s (longer than jemalloc's 10 s decay) the server's thread count has not changed (the search threads exit 10
 * s after the last search) and its RssAnon has moved less than 1% (32-35 s after the searches). It runs
 * in CI (`.ci/run` sets QSIZE_SERVER=required) or with QSIZE_SERVER=1, in about a minute; it is skipped, with a
 * one-line message, when the binary is absent. The server it starts is stopped by its PID and its folder removed. The
 * full server matrix is test/calibration/server_harness.py (data/calibration/server-v1.19.0/, docs/accuracy.md).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimate, type Estimate } from '../../src/index.js';
import { Lab, api, clusteredVectors, describeJemalloc, describeSteady, du, jemallocCounters, restartAndSettle, rssAnon, serverAbsent, settle, steadyState, type Peer, type SteadyState } from '../support/qdrant-server.js';

const wanted = process.env['QSIZE_SERVER'] === '1' || process.env['QSIZE_SERVER'] === 'required';
const absent = serverAbsent();
if (wanted && absent) console.log(`real-server check SKIPPED: ${absent}`);

const N = 12_000;
const D = 256;
const COLLECTION = {
  vectors: { size: D, distance: 'Cosine' as const },
  // One segment, so that its 12.3 MB cross the 10,000 KB indexing threshold (two would hold 6.1 MB each).
  optimizers_config: { default_segment_number: 1 },
  shard_number: 1,
};

/** The CPUs the server may run on (its affinity mask, /proc/PID/status Cpus_allowed_list): what it sizes its thread
 * pools and jemalloc its arenas by (num_cpus, qdrant@v1.19.0:lib/common/common/src/cpu.rs), and the model's nodeCpus. */
function cpusOf(pid: number): number {
  const list = /^Cpus_allowed_list:\s+(\S+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '';
  return list.split(',').reduce((n, part) => {
    const [a, b] = part.split('-').map(Number);
    return n + (b === undefined ? 1 : b - a! + 1);
  }, 0);
}

interface Reading {
  rssAnon: number;
  rssFile: number;
  /** Resident file pages by file name (links_compressed.bin, matrix.dat, WAL segments, ...). */
  fileRss: Map<string, number>;
  maps: number;
}

function read(pid: number): Reading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  const fileRss = new Map<string, number>();
  let current = '';
  let maps = 0;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      maps++;
      current = head[1] ?? '';
    } else if (line.startsWith('Rss:') && current.startsWith('/')) {
      fileRss.set(current, (fileRss.get(current) ?? 0) + Number(line.split(/\s+/)[1]) * 1024);
    }
  }
  return { rssAnon: kb('RssAnon'), rssFile: kb('RssFile'), fileRss, maps };
}

const sumWhere = (r: Reading, pred: (path: string) => boolean) => [...r.fileRss].filter(([p]) => pred(p)).reduce((a, [, b]) => a + b, 0);

function fileSize(root: string, name: string): number {
  let total = 0;
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const p = join(root, e.name);
    if (e.isDirectory()) total += fileSize(p, name);
    else if (e.name === name) total += statSync(p).size;
  }
  return total;
}

describe.skipIf(!wanted || absent !== undefined)('real Qdrant v1.19.0 server: a 12,000 x 256-d collection after a restart', () => {
  const lab = new Lab('qsize-server-');
  let peer: Peer;
  let steady: Reading;
  let wait: SteadyState;
  let cpus = 0;
  let e: Estimate;
  let diskBytes = 0;
  let linksBytes = 0;

  beforeAll(async () => {
    const data = clusteredVectors(N, D, 42);
    const queries = clusteredVectors(50, D, 7);
    peer = await lab.start('single', undefined, { QDRANT__LOG_LEVEL: 'WARN' });
    await api(peer.url, 'PUT', '/collections/c', COLLECTION);
    for (let s = 0; s < N; s += 1000) {
      await api(peer.url, 'PUT', '/collections/c/points?wait=true', { points: data.slice(s, s + 1000).map((vector, j) => ({ id: s + j, vector })) });
    }
    await settle(peer.url, 'c', 600_000, { points: N, indexed: true });
    // As after a pod restart: load, search, and wait for the steady state (the waiting rule in the header).
    await restartAndSettle(lab, [peer], 'c', { timeoutMs: 600_000, until: { points: N, indexed: true }, log: (line) => console.log(line) });
    for (const q of queries) await api(peer.url, 'POST', '/collections/c/points/query', { query: q, limit: 10 });
    wait = (await steadyState([peer.pid]))[0]!;
    console.log(describeSteady(wait));
    steady = read(peer.pid);
    cpus = cpusOf(peer.pid);
    console.log(describeJemalloc(wait.rssAnon, rssAnon(peer.pid), await jemallocCounters(peer.url)));
    await lab.stop(peer);
    const coll = join(peer.dir, 'storage', 'collections', 'c');
    diskBytes = du(coll);
    linksBytes = fileSize(coll, 'links_compressed.bin');
    // The load's requests of 1,000 points are the WAL's entries (assumptions.uploadBatchPoints).
    e = estimate({ points: N, qdrantVersion: '1.19.0', collection: COLLECTION, assumptions: { nodeCpus: cpus, uploadBatchPoints: 1000 } });
  }, 900_000);

  afterAll(() => lab.stopAll(), 60_000);

  it('the graph is a populated memory map: its file pages are resident and qsize counts it as page cache, not heap', () => {
    expect(linksBytes).toBeGreaterThan(0);
    const residentLinks = sumWhere(steady, (p) => p.endsWith('links_compressed.bin'));
    // Resident pages cover the file (rounded up to 4 KiB pages).
    expect(residentLinks).toBeGreaterThanOrEqual(linksBytes);
    expect(residentLinks).toBeLessThan(linksBytes + 8192);
    const links = e.lineItems.find((i) => i.id === 'hnsw.default.links')!;
    expect(links.residency).toBe('cache');
    expect(e.lineItems.some((i) => i.id === 'hnsw.default.links.heap')).toBe(false);
  });

  it('the WAL is resident after the restart, as qsize models it, within 10%', () => {
    const wal = sumWhere(steady, (p) => p.includes('/wal/'));
    // By hand: 12,000 points x (19 + 3 (ids) + 3 (the array head) + 256 x 5 + 1) B of CBOR = 15.67 MB written in 12
    // entries, under one 32 MiB segment: all of it kept.
    expect(wal).toBeGreaterThan(12_000 * 256 * 5);
    const item = e.lineItems.find((i) => i.id === 'wal')!;
    expect(Math.abs(item.bytes / wal - 1)).toBeLessThan(0.1);
  });

  // The 10% bar of the server matrix (docs/accuracy.md), held live: at the steady state (the waiting rule above) this
  // collection measured 17.97-18.96 MB in 17 runs (5 of them with added load; the clean-clone CI runs 18.67-18.96)
  // against the model's 18.40 MB (+2.4% to -3.0%), which counts the loaded server's allocator state
  // (process.loaded, 0.9 MB; docs/accuracy.md, "What a loaded server holds beyond the model"); read on the plateau
  // before it (two readings 5 s apart within 1%), CI runs gave 19.9-23.2 MB.
  it('resident heap (RssAnon) at the steady state is within 10% of the model and inside the stated range', () => {
    const r = e.memory.residentRange;
    console.log(`server resident (${cpus} CPUs): measured ${steady.rssAnon} B, model ${e.memory.residentBytes} B (range ${r.low}-${r.high}), error ${((e.memory.residentBytes / steady.rssAnon - 1) * 100).toFixed(1)}%`);
    expect(wait.steady, describeSteady(wait)).toBe(true);
    expect(Math.abs(e.memory.residentBytes / steady.rssAnon - 1)).toBeLessThan(0.1);
    expect(steady.rssAnon).toBeGreaterThanOrEqual(r.low);
    expect(steady.rssAnon).toBeLessThanOrEqual(r.high);
  });

  it('disk (du of the collection) is within 5% of the model', () => {
    expect(Math.abs(e.disk.bytes / diskBytes - 1)).toBeLessThan(0.05);
  });
});
