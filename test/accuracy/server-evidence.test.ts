/**
 * What the real Qdrant v1.19.0 server showed about three terms, measured with test/calibration/server_harness.py
 * (never run here): when its resident memory is at steady state, what an empty appendable tail maps, and what `du`
 * counts beyond the files' lengths. Expected values come from the measurements (data/calibration/server-v1.19.0/ and
 * server-v1.19.0-extra/), worked out in docs/accuracy.md ("The real server").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimate } from '../../src/index.js';
import { parseWorkload } from '../../src/model/estimate.js';
import { resolve } from '../../src/model/resolve.js';
import { payloadApparentSlackBytes } from '../../src/model/payload.js';
import { loadServerRuns, workloadFor, type ServerRun } from './server-runs.js';

const EXTRA = 'data/calibration/server-v1.19.0-extra';
type Jemalloc = Record<string, number>;
type FileMap = Record<string, { maps: number; size: number; rss: number; pss: number }>;
interface EvidenceRun extends ServerRun {
  samples: (ServerRun['samples'][number] & { jemalloc?: Jemalloc; by_file?: FileMap })[];
  steady: ServerRun['steady'] & { jemalloc?: Jemalloc; by_file?: FileMap };
  telemetry: { segments: { is_appendable: boolean; num_points: number }[] }[];
  /** Per shard, per segment (first 8 characters of its id); `files` ([apparent, allocated] per file) in newer runs. */
  files: Record<string, { segments: Record<string, { indexed: boolean; files?: Record<string, [number, number]> }> }>;
}
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as EvidenceRun;
const MB = 1e6;
const anon = (s: { status: Record<string, number> }) => s.status['RssAnon_bytes']!;
const settledAt = (label: string) => Number(/^settled (\d+) s$/.exec(label)?.[1] ?? NaN);

describe('steady state: the resident reading the model is held to', () => {
  for (const r of loadServerRuns()) {
    it(`${r.config.id}: RssAnon moves by under 0.3 MB (or 1%) from 30 s after the searches to the last sample`, () => {
      // jemalloc runs background threads (tikv-jemallocator feature "background_threads", qdrant@v1.19.0 Cargo.toml)
      // that purge dirty pages after its 10 s decay: by 30 s the freed heap of the searches and the load is returned.
      const late = r.samples.filter((s) => settledAt(s.label) >= 30).map(anon);
      expect(late.length).toBeGreaterThanOrEqual(3);
      expect(Math.max(...late) - Math.min(...late)).toBeLessThanOrEqual(Math.max(0.3 * MB, 0.01 * Math.max(...late)));
    });
  }

  it('d384-default, 600 s: RssAnon and jemalloc active stay within 0.2 MB from 60 s to 600 s (26.08 -> 25.99 MB)', () => {
    const r = read('data/calibration/server-v1.19.0/d384-default.json');
    const at = (t: number) => r.samples.find((s) => settledAt(s.label) === t)!;
    expect(Math.abs(anon(at(600)) - anon(at(60)))).toBeLessThan(0.2 * MB);
    expect(Math.abs(at(600).jemalloc!['memory_active_bytes']! - at(60).jemalloc!['memory_active_bytes']!)).toBeLessThan(0.2 * MB);
  });

  it("after a restart that re-ran the merge, the extra resident memory is jemalloc's metadata for the merge's retained memory (inside the model's range)", () => {
    // The earlier d384-default run: its restart re-indexed the 200,000 points (566 s; 96.6 MB of RssAnon right after).
    // 60 s later RssAnon was 30.10 MB against 25.99 without that merge: jemalloc's active bytes are the same (23.25
    // and 23.44 MB), its metadata 9.77 against 6.12 MB, for 302.8 against 31.1 MB of retained virtual memory.
    const merged = read(`${EXTRA}/d384-default-restart-merge.json`);
    const calm = read('data/calibration/server-v1.19.0/d384-default.json');
    const m = (r: EvidenceRun, k: string) => (r === merged ? (merged as unknown as { metrics: Jemalloc }).metrics[k]! : r.steady.jemalloc![k]!);
    const beyondActive = (r: EvidenceRun) => anon(r.steady) - m(r, 'memory_active_bytes');
    const metadataGrowth = m(merged, 'memory_metadata_bytes') - m(calm, 'memory_metadata_bytes');
    expect(Math.abs(m(merged, 'memory_active_bytes') - m(calm, 'memory_active_bytes'))).toBeLessThan(0.5 * MB);
    expect(Math.abs(beyondActive(merged) - beyondActive(calm) - metadataGrowth)).toBeLessThan(1 * MB);
    expect(m(merged, 'memory_retained_bytes')).toBeGreaterThan(5 * m(calm, 'memory_retained_bytes'));
    const e = estimate(workloadFor(merged));
    expect(anon(merged.steady)).toBeLessThanOrEqual(e.memory.residentRange.high);
    expect(Math.abs(e.memory.residentBytes / anon(calm.steady) - 1)).toBeLessThan(0.1);
  });
});

describe('the appendable tail after a bulk load', () => {
  const r = read(`${EXTRA}/d32-200k.json`);
  it('is empty, maps no vector chunk, and holds under 64 KiB of page cache', () => {
    expect(r.telemetry[0]!.segments.filter((s) => s.is_appendable).map((s) => s.num_points)).toEqual([0]);
    const shard = r.files['0']!.segments;
    const tail = Object.keys(shard).find((k) => !shard[k]!.indexed)!;
    const tailFiles = Object.entries(r.steady.by_file!).filter(([path]) => path.includes(`/segments/${tail}`));
    expect(tailFiles.length).toBeGreaterThan(0);
    // No chunk file: chunked_vectors creates chunk_0.mmap at the first vector written (write_ops.rs, insert_many).
    expect(tailFiles.some(([path]) => path.includes('vectors/chunk_'))).toBe(false);
    expect(tailFiles.reduce((a, [, f]) => a + f.rss, 0)).toBeLessThan(64 * 1024);
  });
  it('the model puts no tail chunk in the page cache after a bulk load, and one chunk as the high end', () => {
    const e = estimate(workloadFor(r));
    const holes = e.lineItems.find((i) => i.id === 'vectors.default.populated-holes')!;
    expect(holes.bytes).toBe(0);
    expect(holes.range.high).toBe(32 * 1024 * 1024);
  });
});

describe("what du counts beyond the files' lengths (25 segments of 8,000 x 32-d, file by file)", () => {
  const r = read(`${EXTRA}/d32-200k-seg25.json`);
  const segments = Object.values(r.files['0']!.segments);
  const beyond = (keep: (path: string) => boolean) =>
    segments.reduce((a, s) => a + Object.entries(s.files!).filter(([p]) => keep(p)).reduce((b, [, [apparent, allocated]]) => b + Math.max(0, allocated - apparent), 0), 0);
  const e = estimate(workloadFor(r));
  const item = (id: string) => e.lineItems.find((i) => i.id === id)!;
  it('small files and block rounding: segments.files within 10% of the measured 0.85 MB', () => {
    const measured = beyond((p) => !p.startsWith('payload_storage/'));
    expect(measured).toBeGreaterThan(0.8e6);
    expect(Math.abs(item('segments.files').bytes / measured - 1)).toBeLessThan(0.1);
  });
  it('the empty gridstore of each of the 25 segments: 12,288 B allocated, payload.empty-storage exactly', () => {
    const allocated = segments.reduce((a, s) => a + Object.entries(s.files!).filter(([p]) => p.startsWith('payload_storage/')).reduce((b, [, [, al]]) => b + al, 0), 0);
    expect(allocated).toBe(25 * 12_288);
    expect(item('payload.empty-storage').bytes).toBe(allocated);
  });
  it("the same 25 stores' apparent size, the appendable tail's included: 25 x 34,636,082 B", () => {
    // Every segment's payload_storage shows 34,636,082 B in ls -l (a 32 MiB page, the 1 MiB tracker, bitmask, gaps,
    // config.json), the tail's too. Before s32 the model gave the tail's store its 12,288 allocated bytes only.
    const apparent = segments.reduce((a, s) => a + Object.entries(s.files!).filter(([p]) => p.startsWith('payload_storage/')).reduce((b, [, [ap]]) => b + ap, 0), 0);
    expect(apparent).toBe(25 * 34_636_082);
    const slack = payloadApparentSlackBytes(resolve(parseWorkload(workloadFor(r))), e.layout);
    expect(item('payload.empty-storage').bytes + slack).toBe(apparent);
  });
});

describe('the graphs of 8,000-point segments (32-d), decoded: only the level-0 degree differs from the model', () => {
  interface Decoded { point_count: number; deg0_avg: number; upper_records_per_point: number; avg_bits_per_link: number[]; bytes_per_point: Record<string, number> }
  const decoded = (path: string) => Object.values((JSON.parse(readFileSync(path, 'utf8')) as { links_decoded: Record<string, Decoded> }).links_decoded);
  const small = decoded(`${EXTRA}/d32-200k-seg25.json`);
  const big = decoded(`${EXTRA}/d32-200k.json`);
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  it('24 segments of 7,984-8,008 points and one of 15,992 are decoded', () => {
    expect(small.length).toBe(24);
    expect(big.map((d) => d.point_count)).toEqual([200_000]);
  });
  it('link width, upper levels and offsets are what the model takes', () => {
    const eight = small.filter((d) => d.point_count < 9000);
    // Level 0: ceil(log2(8,000 x (ln 19 + 0.58) / 19)) = ceil(log2(1,484)) = 11 bits per link (measured 11.0).
    expect(Math.abs(mean(eight.map((d) => d.avg_bits_per_link[0]!)) - 11)).toBeLessThan(0.2);
    // Upper records per point: Qdrant up to 1.19 rounds the level draw, sqrt(16) / (16 - 1) = 0.2667.
    expect(Math.abs(mean(eight.map((d) => d.upper_records_per_point)) / (4 / 15) - 1)).toBeLessThan(0.03);
    // Offsets: 1.75 B per point (compressedOffsetBytesPerPoint, measured on the in-process engine).
    expect(Math.abs(mean(eight.map((d) => d.bytes_per_point['offsets']!)) / 1.75 - 1)).toBeLessThan(0.06);
  });
  it('the level-0 degree at 32-d falls from 19.0 links at 8,000 points to 17.3 at 200,000 (the 128-d curve rises)', () => {
    const d8k = mean(small.filter((d) => d.point_count < 9000).map((d) => d.deg0_avg));
    expect(d8k).toBeGreaterThan(18.8);
    expect(d8k).toBeLessThan(19.2);
    expect(big[0]!.deg0_avg).toBeGreaterThan(17.1);
    expect(big[0]!.deg0_avg).toBeLessThan(17.5);
  });
  it('the bytes of the 8,000-point graphs (38.2 B per point) are inside the range of the graph item of the model', () => {
    const r = read(`${EXTRA}/d32-200k-seg25.json`);
    const links = estimate(workloadFor(r)).lineItems.find((i) => i.id === 'hnsw.default.links')!;
    const measured = small.reduce((a, d) => a + d.point_count * d.bytes_per_point['total']!, 0);
    expect(measured).toBeGreaterThanOrEqual(links.range.low);
    expect(measured).toBeLessThanOrEqual(links.range.high);
  });
});
