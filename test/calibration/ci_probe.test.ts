/**
 * A probe of the CI real-server check's steady state, run by hand (QSIZE_SERVER_PROBE=1 npx vitest run
 * test/calibration/ci_probe.test.ts; skipped otherwise). QSIZE_PROBE_OUT names the JSON written (default
 * data/calibration/server-v1.19.0-extra/ci-probe.json); QSIZE_PROBE_BUSY=N adds N busy loops the probe starts and stops
 * by PID; QSIZE_PROBE_MALLOC_CONF sets the server's MALLOC_CONF (a diagnostic); QSIZE_PROBE_LOAD describes any other
 * load (written as `load`); QSIZE_PROBE_HOLD=S reads RssAnon for S more seconds after R1. The same server, collection
 * body, points and queries as test/accuracy/server.test.ts, read at each stage with the same waiting rule
 * (steadyState): an empty collection on a fresh server (E0), the same after a restart (E1), loaded and indexed (L0),
 * after the restart (R0), after the 50 searches (R1: what the check reads), and after one /metrics and /telemetry read
 * (R2). Each stage records RssAnon, the threads by name (/proc/PID/task/N/comm), every anonymous mapping
 * (/proc/PID/smaps) and, after the /proc readings only, jemalloc's counters (/metrics memory_*_bytes; not at R0).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { Lab, api, clusteredVectors, describeSteady, jemallocCounters, serverAbsent, settle, steadyState } from '../support/qdrant-server.js';
import { ROOT } from '../cli/run.js';

const wanted = process.env['QSIZE_SERVER_PROBE'] === '1' && serverAbsent() === undefined;
const N = 12_000;
const D = 256;
const COLLECTION = { vectors: { size: D, distance: 'Cosine' }, optimizers_config: { default_segment_number: 1 }, shard_number: 1 };

interface AnonMap { range: string; name: string; size: number; rss: number; anon: number }

function anonMaps(pid: number): AnonMap[] {
  const out: AnonMap[] = [];
  let cur: AnonMap | undefined;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      cur = { range: `${head[1]}-${head[2]}`, name: head[3] ?? '', size: parseInt(head[2]!, 16) - parseInt(head[1]!, 16), rss: 0, anon: 0 };
      out.push(cur);
    } else if (cur && line.startsWith('Rss:')) cur.rss = Number(line.split(/\s+/)[1]) * 1024;
    else if (cur && line.startsWith('Anonymous:')) cur.anon = Number(line.split(/\s+/)[1]) * 1024;
  }
  return out.filter((m) => m.anon > 0);
}

function threads(pid: number): Record<string, number> {
  const names: Record<string, number> = {};
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    const n = readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim();
    names[n] = (names[n] ?? 0) + 1;
  }
  return names;
}

describe.skipIf(!wanted)('probe: the CI check by stage', () => {
  it('reads every stage', async () => {
    const busy: ChildProcess[] = [];
    for (let i = 0; i < Number(process.env['QSIZE_PROBE_BUSY'] ?? 0); i++) busy.push(spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' }));
    const lab = new Lab('qsize-probe-');
    const stages: Record<string, unknown>[] = [];
    try {
      const mallocConf = process.env['QSIZE_PROBE_MALLOC_CONF'];
      const peer = await lab.start('single', undefined, { QDRANT__LOG_LEVEL: 'WARN', ...(mallocConf ? { MALLOC_CONF: mallocConf } : {}) });
      const stage = async (label: string, withMetrics = true) => {
        const w = (await steadyState([peer.pid], 120_000))[0]!;
        console.log(label, describeSteady(w));
        const status = readFileSync(`/proc/${peer.pid}/status`, 'utf8');
        const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
        const s = {
          label,
          steady: w.steady,
          seconds: w.seconds,
          readings_mb: w.readings.map((r) => [Math.round(r.rssAnon / 1e4) / 100, r.threads]),
          rss_anon: kb('RssAnon'),
          threads: threads(peer.pid),
          anon_maps: anonMaps(peer.pid),
          jemalloc: withMetrics ? await jemallocCounters(peer.url) : undefined,
        };
        stages.push(s);
        console.log(label, s.rss_anon, JSON.stringify(s.threads), JSON.stringify(s.jemalloc));
      };
      await api(peer.url, 'PUT', '/collections/c', COLLECTION);
      await stage('E0 empty collection, fresh server');
      await lab.restart(peer);
      await stage('E1 empty collection, after a restart');
      const data = clusteredVectors(N, D, 42);
      for (let s = 0; s < N; s += 1000) {
        await api(peer.url, 'PUT', '/collections/c/points?wait=true', { points: data.slice(s, s + 1000).map((vector, j) => ({ id: s + j, vector })) });
      }
      await settle(peer.url, 'c', 600_000, { points: N, indexed: true });
      await stage('L0 loaded and indexed, before the restart');
      await lab.restart(peer);
      const restarted = Date.now();
      await settle(peer.url, 'c', 600_000, { points: N, indexed: true });
      await stage('R0 after the restart, settled, before the searches', false);
      for (const q of clusteredVectors(50, D, 7)) await api(peer.url, 'POST', '/collections/c/points/query', { query: q, limit: 10 });
      await stage('R1 after the 50 searches (the check reads this)');
      // QSIZE_PROBE_HOLD=S: RssAnon and threads every 2 s for S more seconds (seconds since the restart), no requests (does the steady state last?).
      const hold: [number, number, number, Record<string, number>][] = [];
      const t0 = Date.now();
      while (Date.now() - t0 < Number(process.env['QSIZE_PROBE_HOLD'] ?? 0) * 1000) {
        await new Promise((r) => setTimeout(r, 2000));
        const st = readFileSync(`/proc/${peer.pid}/status`, 'utf8');
        // Seconds since the restart, RssAnon, thread count and the threads by name.
        hold.push([Math.round((Date.now() - restarted) / 1000), Number(/^RssAnon:\s+(\d+)/m.exec(st)?.[1]) * 1024, Number(/^Threads:\s+(\d+)/m.exec(st)?.[1]), threads(peer.pid)]);
      }
      if (hold.length) console.log('hold', JSON.stringify(hold));
      const telemetry = await api(peer.url, 'GET', '/telemetry?details_level=4');
      await stage('R2 after /metrics was read');
      const out = process.env['QSIZE_PROBE_OUT'] ?? join(ROOT, 'data/calibration/server-v1.19.0-extra/ci-probe.json');
      const loadavg = readFileSync('/proc/loadavg', 'utf8').trim();
      writeFileSync(out, JSON.stringify({ probe: 'test/calibration/ci_probe.test.ts', date_utc: new Date().toISOString(), load: process.env['QSIZE_PROBE_LOAD'] ?? '', busy_loops: busy.length, malloc_conf: mallocConf ?? null, loadavg_end: loadavg, nproc_allowed: readFileSync(`/proc/${peer.pid}/status`, 'utf8').match(/^Cpus_allowed_list:\s+(\S+)/m)?.[1], collection_body: COLLECTION, points: N, stages, hold_after_r1: hold, telemetry_memory: (telemetry as Record<string, unknown>)['memory'] }, null, 1) + '\n');
    } finally {
      for (const b of busy) b.kill('SIGKILL');
      await lab.stopAll();
    }
  }, 1_800_000);
});
