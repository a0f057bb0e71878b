/**
 * A spec file may hold the `config` of GET /collections/{name} (`params: {...}`) as its collection. Flags apply
 * to the create body it stands for: before, the flag mapping added a top-level `vectors` beside `params` and
 * the schema refused the spec ("collection.vectors: Invalid input"), found by the web page's paste box.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, qsize } from './run.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'qsize-spec-get-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GET_CONFIG = {
  params: { vectors: { size: 384, distance: 'Dot', on_disk: true }, shard_number: 6, replication_factor: 2 },
  hnsw_config: { m: 32, ef_construct: 200 },
  optimizer_config: { indexing_threshold: 10000 },
  quantization_config: { scalar: { type: 'int8', always_ram: true } },
};
const CREATE_BODY = {
  vectors: { size: 384, distance: 'Dot', on_disk: true },
  shard_number: 6,
  replication_factor: 2,
  hnsw_config: { m: 32, ef_construct: 200 },
  optimizers_config: { indexing_threshold: 10000 },
  quantization_config: { scalar: { type: 'int8', always_ram: true } },
};

describe('a spec holding GET /collections/{name} config', () => {
  it('gives the same quote as the create-collection body it stands for, with and without flags', () => {
    const get = join(dir, 'get.json');
    const create = join(dir, 'create.json');
    writeFileSync(get, JSON.stringify({ points: 30_000_000, collection: GET_CONFIG }));
    writeFileSync(create, JSON.stringify({ points: 30_000_000, collection: CREATE_BODY }));
    const a = qsize(['--spec', get, '-o', 'csv']);
    expect(a.stderr).not.toMatch(/Invalid input/);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(qsize(['--spec', create, '-o', 'csv']).stdout);
    const b = qsize(['--spec', get, '--vectors', '40M', '--m', '16', '-o', 'csv']);
    expect(b.status).toBe(0);
    expect(b.stdout).toBe(qsize(['--spec', create, '--vectors', '40M', '--m', '16', '-o', 'csv']).stdout);
  });
});
