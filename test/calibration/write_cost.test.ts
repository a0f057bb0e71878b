/**
 * What a write costs a real Qdrant server, run by hand (QSIZE_WRITE_PROBE=1 npx vitest run
 * test/calibration/write_cost.test.ts; skipped otherwise). QSIZE_WRITE_OUT names the JSON written (default
 * data/calibration/server-v1.19.0-extra/write-cost.json); QSIZE_WRITE_CONFIGS the configs (CONFIGS).
 *
 * For each config a fresh server (test/support/qdrant-server.ts, 127.0.0.1, stopped by its PID) gets a collection at
 * Qdrant's defaults (one shard, Cosine, float32, m 16, ef_construct 100, indexing threshold 10,000 KB) and the points
 * in upserts of 500 over REST with `wait=true`, as a client writes; the test then waits until the optimizer is idle
 * (settle: green, the segment count still, every point in) and reads the server's CPU time (utime + stime of the
 * whole process, /proc/PID/stat) before the first upsert, after the last one, and once idle, less the idle rate read
 * over 3 s before. The CPU per written point covers everything a write causes on the replica: the request (HTTP,
 * JSON), the WAL, the appendable segment, the indexing optimizer's HNSW builds of each segment past the threshold and
 * the merges that rebuild them. It is what every replica of a shard spends on every write (each applies the write and
 * builds its own graph), set against the in-process build cost qsize prices one graph build by
 * (src/topology/throughput.ts cpuBuildCoreSecondsPerPoint), each point at the size of the segment it ended in (the
 * server splits the points over its default segments: two on this 2-CPU machine).
 *
 * QSIZE_WRITE_INDEXING=off (s38) creates the collection with `indexing_threshold: 0` (Qdrant builds no HNSW graph):
 * what is left is the request itself (HTTP, JSON, the WAL and the appendable segment), the part of a write that does
 * not grow with the segment, measured apart from the builds.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { Lab, api, clusteredVectors, serverAbsent, settle } from '../support/qdrant-server.js';
import { ROOT } from '../cli/run.js';
import { cpuBuildCoreSecondsPerPoint } from '../../src/topology/throughput.js';

const wanted = process.env['QSIZE_WRITE_PROBE'] === '1' && serverAbsent() === undefined;
/** The configs measured; QSIZE_WRITE_CONFIGS overrides them (`32x1000000,128x100000`: dim x points). */
const CONFIGS = process.env['QSIZE_WRITE_CONFIGS']
  ? process.env['QSIZE_WRITE_CONFIGS'].split(',').map((c) => {
      const [dim, points] = c.split('x').map(Number);
      return { dim: dim!, points: points! };
    })
  : [
      { dim: 128, points: 100_000 },
      { dim: 384, points: 50_000 },
      { dim: 768, points: 30_000 },
    ];
const BATCH = 500;
/** QSIZE_WRITE_INDEXING=off: no HNSW build, the request's own cost (indexing_threshold 0 disables indexing). */
const INDEXING = process.env['QSIZE_WRITE_INDEXING'] !== 'off';
/** Linux's USER_HZ, the unit of /proc/PID/stat's utime and stime (sysconf(_SC_CLK_TCK) is 100 on every Linux ABI qsize runs on). */
const CLK_TCK = 100;

/** utime + stime of the whole process, seconds. */
function cpuSeconds(pid: number): number {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // comm (field 2) may hold spaces: split after its closing parenthesis; utime and stime are fields 14 and 15.
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

/**
 * Points of each segment of the collection, largest first: GET /telemetry?details_level=4,
 * result.collections.collections[].shards[].local.segments[].info.num_points (Qdrant v1.19.0).
 */
async function segmentPoints(url: string): Promise<number[]> {
  const t = (await api(url, 'GET', '/telemetry?details_level=4')) as { collections?: { collections?: { shards?: { local?: { segments?: { info?: { num_points?: number } }[] } }[] }[] } };
  const out: number[] = [];
  for (const c of t.collections?.collections ?? []) for (const sh of c.shards ?? []) for (const seg of sh.local?.segments ?? []) out.push(seg.info?.num_points ?? 0);
  return out.sort((a, b) => b - a);
}

describe.skipIf(!wanted)('probe: CPU per written point on the real server', () => {
  it('measures each config', async () => {
    const rows: Record<string, unknown>[] = [];
    for (const cfg of CONFIGS) {
      const lab = new Lab('qsize-write-');
      try {
        const peer = await lab.start('single', undefined, { QDRANT__LOG_LEVEL: 'WARN' });
        await api(peer.url, 'PUT', '/collections/c', { vectors: { size: cfg.dim, distance: 'Cosine' }, shard_number: 1, ...(INDEXING ? {} : { optimizers_config: { indexing_threshold: 0 } }) });
        const data = clusteredVectors(cfg.points, cfg.dim, 42);
        const i0 = cpuSeconds(peer.pid);
        await new Promise((r) => setTimeout(r, 3000));
        const idleRate = (cpuSeconds(peer.pid) - i0) / 3;
        const t0 = Date.now();
        const c0 = cpuSeconds(peer.pid);
        for (let s = 0; s < cfg.points; s += BATCH) {
          await api(peer.url, 'PUT', '/collections/c/points?wait=true', { points: data.slice(s, s + BATCH).map((vector, j) => ({ id: s + j, vector })) });
        }
        const t1 = Date.now();
        const c1 = cpuSeconds(peer.pid);
        await settle(peer.url, 'c', 1_200_000, { points: cfg.points, indexed: INDEXING });
        const t2 = Date.now();
        const c2 = cpuSeconds(peer.pid);
        const info = await api(peer.url, 'GET', '/collections/c');
        const net = c2 - c0 - idleRate * ((t2 - t0) / 1000);
        // The build model at the layout the server ended with: each point priced at its own segment's size.
        const segs = await segmentPoints(peer.url);
        const model = segs.reduce((a, n) => a + n * cpuBuildCoreSecondsPerPoint(n, { dim: cfg.dim, m: 16, efConstruct: 100 }), 0) / Math.max(1, segs.reduce((a, n) => a + n, 0));
        const row = {
          ...cfg,
          batch: BATCH,
          indexing: INDEXING,
          idle_vcpu: idleRate,
          upload_wall_s: (t1 - t0) / 1000,
          upload_cpu_s: c1 - c0,
          settle_wall_s: (t2 - t1) / 1000,
          settle_cpu_s: c2 - c1,
          cpu_s_net: net,
          cpu_s_per_point: net / cfg.points,
          segments_count: info['segments_count'],
          segment_points: segs,
          build_model_s_per_point_at_final_segments: model,
          ratio_to_build_model: net / cfg.points / model,
        };
        console.log(JSON.stringify(row));
        rows.push(row);
      } finally {
        await lab.stopAll();
      }
    }
    const out = process.env['QSIZE_WRITE_OUT'] ?? join(ROOT, 'data/calibration/server-v1.19.0-extra/write-cost.json');
    const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? '';
    writeFileSync(
      out,
      JSON.stringify(
        { probe: 'test/calibration/write_cost.test.ts', server: 'Qdrant v1.19.0 (../shared/bin)', date_utc: new Date().toISOString(), cpu: cpuModel, nproc: readdirSync('/sys/devices/system/cpu').filter((d) => /^cpu\d+$/.test(d)).length, loadavg_end: readFileSync('/proc/loadavg', 'utf8').trim(), rows },
        null,
        1,
      ) + '\n',
    );
  }, 3_600_000);
});
