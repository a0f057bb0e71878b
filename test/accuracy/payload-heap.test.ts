/**
 * The payload heap copy of Qdrant before 1.16 with on_disk_payload=false (`payload.heap`) against its measurement
 * (data/calibration/payload-heap/simple-payload-storage-v1.15.0.json, written by test/calibration/payload-heap-probe:
 * SimplePayloadStorage's AHashMap<PointOffsetType, Payload> built with the crates of qdrant@v1.15.0's Cargo.lock on
 * jemalloc, 100,000 points per shape, the bytes jemalloc's stats.allocated grew by). Reads the committed JSON only;
 * cargo is never run here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimate, type WorkloadInput } from '../../src/index.js';

interface Run {
  shape: string;
  mode: 'load' | 'upsert' | 'table-only';
  points: number;
  jsonBytesAvg: number;
  allocatedBytes: number;
  allocatedBytesPerPoint: number;
}
const probe = JSON.parse(readFileSync('data/calibration/payload-heap/simple-payload-storage-v1.15.0.json', 'utf8')) as { runs: Run[] };
const payloadRuns = probe.runs.filter((r) => r.mode !== 'table-only');
const run = (shape: string, mode: Run['mode']) => probe.runs.find((r) => r.shape === shape && r.mode === mode)!;
/** What the calibration harness recorded for the configs whose payloads the probe regenerated (build.payload_json_bytes_avg). */
const harnessJsonAvg = (config: string) =>
  (JSON.parse(readFileSync(`data/calibration/${config}.json`, 'utf8')) as { build: { payload_json_bytes_avg: number } }).build.payload_json_bytes_avg;

const workload = (points: number, avgBytes: number): WorkloadInput => ({
  points,
  qdrantVersion: '1.15.0',
  collection: { vectors: { size: 128, distance: 'Cosine' }, on_disk_payload: false },
  payload: { avgBytes },
});
const heapItem = (r: Run) => estimate(workload(r.points, r.jsonBytesAvg)).lineItems.find((i) => i.id === 'payload.heap')!;

describe('payload heap copy before 1.16 (on_disk_payload=false), measured on its container', () => {
  it('the probe built every shape in both ways Qdrant fills the map (load from RocksDB, upsert), at 100,000 points', () => {
    const shapes = ['harness', 'harness-blob1900', 'fields10', 'nested-arrays20', 'text500'];
    for (const shape of shapes) for (const mode of ['load', 'upsert'] as const) expect(run(shape, mode).points).toBe(100_000);
    expect(payloadRuns).toHaveLength(shapes.length * 2);
  });

  it("the probe's harness payloads are the calibration harness's own: the same mean JSON length it recorded (158.2 and 1,799.9 B)", () => {
    expect(Math.abs(run('harness', 'load').jsonBytesAvg - harnessJsonAvg('payload-noindex'))).toBeLessThan(0.05);
    expect(Math.abs(run('harness-blob1900', 'load').jsonBytesAvg - harnessJsonAvg('ids-uuid-payload2k'))).toBeLessThan(0.05);
  });

  it('the harness shape (100k points of 158.2 B JSON): the model is within 10% of the 112.9 MB measured (1,129.4 B per point)', () => {
    for (const mode of ['load', 'upsert'] as const) {
      const r = run('harness', mode);
      const model = heapItem(r).bytes;
      expect(Math.abs(model / r.allocatedBytes - 1)).toBeLessThan(0.1);
    }
  });

  it("every measured shape, loaded or upserted, lies inside the model's stated range (its factor 1.63x to 25.3x of the JSON)", () => {
    for (const r of payloadRuns) {
      const item = heapItem(r);
      expect(r.allocatedBytes, `${r.shape} ${r.mode}`).toBeGreaterThanOrEqual(item.range.low);
      expect(r.allocatedBytes, `${r.shape} ${r.mode}`).toBeLessThanOrEqual(item.range.high);
    }
  });

  it("the hash map alone is its struct sizes: 131,072 slots of 80 B + 1 control byte + 16, in jemalloc's 12 MiB class, 125.8 B per point (within 3%)", () => {
    // 100,000 points need 100,000 x 8/7 -> 131,072 buckets; 81 x 131,072 + 16 = 10.6 MB rounds to 12 MiB = 96 B x 131,072.
    const r = run('harness', 'table-only');
    expect(Math.abs(r.allocatedBytesPerPoint / ((96 * 131_072) / 100_000) - 1)).toBeLessThan(0.03);
  });

  it('decoded arrays keep Vec growth: 20 numbers take 32 slots of 72 B (2,560 B class) where a clone takes 20 (1,536 B), 2,048 B more a point for two', () => {
    const extra = run('nested-arrays20', 'load').allocatedBytesPerPoint - run('nested-arrays20', 'upsert').allocatedBytesPerPoint;
    expect(Math.abs(extra - 2 * (2560 - 1536))).toBeLessThan(8);
  });

  it('the factor follows the shape, not the size: 10 short fields take 1.7x the heap of 6 of the same JSON length', () => {
    // Why one factor needs a wide range: fields10 (159.8 B) and the harness (158.2 B) are as long, but each field costs
    // a 104 B IndexMap entry (8 B hash, 24 B String key, 72 B Value) beside its own allocations.
    const ratio = run('fields10', 'load').allocatedBytesPerPoint / run('harness', 'load').allocatedBytesPerPoint;
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(1.8);
  });
});
