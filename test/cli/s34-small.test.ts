/**
 * qsize compare's default values follow the workload's Qdrant version for datatypes and quantization modes:
 * turbo-4 (TurboQuant bits4) from 1.18, turbo4 (datatype) from 1.19, turbo8 / turbo16 (datatypes) and turbo-8 (TurboQuant
 * bits8) from 1.20 (the 1.20.0 clients' Datatype and TurboQuantBitSize enums; before, compare skipped them on 1.20).
 */
import { describe, expect, it } from 'vitest';
import { qsizeInProcess as qsize } from './in-process.js';

const options = async (axis: string, version: string) => {
  const r = await qsize(['compare', axis, '--vectors', '200k', '--dim', '256', '--cloud', 'aws', '--qdrant-version', version, '-o', 'json']);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { rows: { option: string }[] }).rows.map((x) => x.option);
};

describe('compare datatype / quantization without values: the values the version has', () => {
  it.each([
    ['1.20.0', ['float32', 'float16', 'uint8', 'turbo4', 'turbo8', 'turbo16']],
    ['1.19.0', ['float32', 'float16', 'uint8', 'turbo4']],
    // 1.18 has TurboQuant but cannot store turbo4 vectors (its storage is "not yet wired up")
    ['1.18.3', ['float32', 'float16', 'uint8']],
    ['1.17.0', ['float32', 'float16', 'uint8']],
  ])('datatype on %s', async (version, expected) => {
    expect(await options('datatype', version)).toEqual(expected);
  }, 120_000);
  it.each([
    ['1.20.0', ['none', 'scalar', 'pq-x16', 'binary-2', 'binary-1.5', 'binary-1', 'turbo-4', 'turbo-8']],
    ['1.19.0', ['none', 'scalar', 'pq-x16', 'binary-2', 'binary-1.5', 'binary-1', 'turbo-4']],
    ['1.18.3', ['none', 'scalar', 'pq-x16', 'binary-2', 'binary-1.5', 'binary-1', 'turbo-4']],
  ])('quantization on %s', async (version, expected) => {
    expect(await options('quantization', version)).toEqual(expected);
  }, 120_000);
});
