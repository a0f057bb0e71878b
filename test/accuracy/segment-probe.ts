/**
 * The rows test/calibration/segment_paths.py writes (data/calibration/segment-throughput/paths-v1.19.0.json, s41, and
 * sizes-v1.19.0.json, s47): per spec, the server's CPU per search pinned to one CPU, one search at a time, and each
 * segment's points and search paths. Read by test/accuracy/segment-paths.test.ts and segment-sizes.test.ts.
 */
import { readFileSync } from 'node:fs';

export interface ProbeRow {
  n: number;
  segments_asked: number;
  hnsw_ef128_cpu_ms: number;
  exact_cpu_ms: number;
  segments: { points: number; paths: Record<string, number> }[];
}

/** Each run's rows of one probe file under data/calibration/segment-throughput/. */
export function probeRuns(file: string): { rows: ProbeRow[] }[] {
  return (JSON.parse(readFileSync(new URL(`../../data/calibration/segment-throughput/${file}`, import.meta.url), 'utf8')) as { runs: { rows: ProbeRow[] }[] }).runs;
}

/** The row of `n` points in `s` segments. */
export const probeRow = (rows: ProbeRow[], n: number, s: number): ProbeRow => rows.find((r) => r.n === n && r.segments_asked === s)!;

/**
 * The request's own CPU with the server pinned, one search at a time: a 1,000-point search, 0.19 ms
 * (data/calibration/segment-throughput/v1.19.0.json, 1000:64:1, one_at_a_time_cpu_s_per_search).
 */
export const PINNED_REQUEST_MS = 0.19;

/**
 * The path the server searches a probe segment of `points` by: the probes' vectors are 768-d float32 (3,072 B), so the
 * default full_scan_threshold of 10,000 KB is floor(10,240,000 / 3,072) = 3,333 points: a segment under it is scanned
 * (`unfiltered_plain`), one of that many or more searched by its graph (`unfiltered_hnsw`), as the telemetry counts.
 */
export const probePath = (points: number): 'unfiltered_plain' | 'unfiltered_hnsw' => (points < Math.floor((10_000 * 1024) / (768 * 4)) ? 'unfiltered_plain' : 'unfiltered_hnsw');
