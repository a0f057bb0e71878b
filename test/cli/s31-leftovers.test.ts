/**
 * The items an earlier audit listed and left: the command a user ran, what it did, and what it should give, worked out
 * by hand from the inputs and the rule's source (never the code's own output).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimate, QsizeValidationError, recommend } from '../../src/index.js';
import { fieldSchemaParams } from '../../src/model/field-schema.js';
import { qsizeInProcess as qsize } from './in-process.js';
import { ROOT } from './run.js';

interface Row {
  option: string;
  fits: boolean;
  reason?: string;
  replicationFactor?: number;
  cloud?: string;
}
const rowsOf = (stdout: string) => (JSON.parse(stdout) as { rows: Row[] }).rows;

describe('compare: an option another input rules out is that row, not possible, with the reason (the whole comparison was refused)', () => {
  const w = ['--vectors', '1M', '--dim', '768'];

  it('compare replication 1 2 3 --write-consistency 2: 2 confirmations need 2 replicas, so 1 is not possible; 2 and 3 are planned', async () => {
    const r = await qsize(['compare', 'replication', '1', '2', '3', '--write-consistency', '2', ...w, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const rows = rowsOf(r.stdout);
    expect(rows.map((x) => [x.option, x.fits, x.replicationFactor])).toEqual([
      ['1', false, undefined],
      ['2', true, 2],
      ['3', true, 3],
    ]);
    expect(rows[0]!.reason).toBe('--write-consistency: got "2", expected at most the replication factor (1) (a write cannot wait for more replicas than exist)');
  });

  it('the text table says "not possible" in the row and gives the reason below it', async () => {
    const r = await qsize(['compare', 'replication', '1', '2', '--write-consistency', '2', ...w]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}1 +not possible$/m);
    expect(r.stdout).toContain('  1: --write-consistency: got "2", expected at most the replication factor (1)');
  });

  it('the only option not possible: the same refusal as without compare (exit 2)', async () => {
    const r = await qsize(['compare', 'replication', '1', '--write-consistency', '2', ...w]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('qsize: --write-consistency: got "2", expected at most the replication factor (1)');
  });

  it('compare cloud aws gcp --family r7i: r7i is an AWS family, so gcp is not possible; aws is planned', async () => {
    const r = await qsize(['compare', 'cloud', 'aws', 'gcp', '--family', 'r7i', ...w, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const rows = rowsOf(r.stdout);
    expect(rows.map((x) => [x.option, x.fits])).toEqual([
      ['aws', true],
      ['gcp', false],
    ]);
    expect(rows[1]!.reason).toMatch(/^--family: got "r7i", expected an instance family in the catalog for gcp /);
  });

  it('compare quantization binary-1.5 scalar --qdrant-version 1.14: 1.5-bit binary exists from 1.15, scalar is planned', async () => {
    const r = await qsize(['compare', 'quantization', 'binary-1.5', 'scalar', '--qdrant-version', '1.14', ...w, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(rowsOf(r.stdout).map((x) => [x.option, x.fits])).toEqual([
      ['binary-1.5', false],
      ['scalar', true],
    ]);
  });

  it('compare family r7i n2-highmem --cloud aws: n2-highmem is GCP\'s, not possible on aws; a family no cloud has is still refused whole', async () => {
    const r = await qsize(['compare', 'family', 'r7i', 'n2-highmem', '--cloud', 'aws', ...w, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(rowsOf(r.stdout).map((x) => [x.option, x.fits])).toEqual([
      ['r7i', true],
      ['n2-highmem', false],
    ]);
    const typo = await qsize(['compare', 'family', 'r7i', 'n2d', ...w]);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/^qsize: compare family: got "n2d", expected an instance family in the catalog \(/);
  });
});

describe('--qdrant-version: a leading v is dropped and a minor is its newest known patch, the same in every output (v1.20.0 was shown as typed; 1.12 deployed v1.12.0)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const w = ['--vectors', '1M', '--dim', '768'];
  const planVersions = (stdout: string) => {
    const j = JSON.parse(stdout) as { plan: { qdrantVersion: string; estimate: { qdrantVersion: string } } };
    return [j.plan.qdrantVersion, j.plan.estimate.qdrantVersion];
  };

  it('v1.20.0 is 1.20.0 in the JSON plan and its estimate', async () => {
    const r = await qsize([...w, '--qdrant-version', 'v1.20.0', '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(planVersions(r.stdout)).toEqual(['1.20.0', '1.20.0']);
  });

  // The newest 1.12 tag of qdrant/qdrant is v1.12.6 (NEWEST_KNOWN_PATCH, src/model/versions.ts, from the repository's tags).
  it('1.12 is 1.12.6: the heading, the JSON, the Helm image tag and the QdrantCluster version', async () => {
    const text = await qsize([...w, '--qdrant-version', '1.12']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout.split('\n')[0]).toContain(', Qdrant 1.12.6, ');
    const json = await qsize([...w, '--qdrant-version', '1.12', '-o', 'json']);
    expect(planVersions(json.stdout)).toEqual(['1.12.6', '1.12.6']);
    const out = join(dir, 'v112');
    const e = await qsize(['emit', ...w, '--qdrant-version', '1.12', '--target', 'all', '--customer-id', 'acme', '--out', out]);
    expect(e.status, e.stderr).toBe(0);
    const helm = readFileSync(join(out, 'helm/values.yaml'), 'utf8');
    expect(helm).toMatch(/^ {2}tag: v1\.12\.6$/m);
    expect(helm).toContain('for Qdrant 1.12.6 ');
    expect(readFileSync(join(out, 'operator/qdrant-cluster.yaml'), 'utf8')).toMatch(/^ {2}version: v1\.12\.6$/m);
  });

  // The KubeBlocks addon serves 1.15.5 (KUBEBLOCKS_SERVICE_VERSIONS), the newest 1.15 patch known.
  it('1.15 is 1.15.5 in the KubeBlocks Cluster and values', async () => {
    const out = join(dir, 'kb');
    const e = await qsize(['emit', ...w, '--qdrant-version', '1.15', '--target', 'kubeblocks', '--out', out]);
    expect(e.status, e.stderr).toBe(0);
    expect(readFileSync(join(out, 'kubeblocks/cluster.yaml'), 'utf8')).toMatch(/^ +serviceVersion: 1\.15\.5$/m);
    expect(readFileSync(join(out, 'kubeblocks/values.yaml'), 'utf8')).toMatch(/^version: 1\.15\.5$/m);
  });

  it('explain --qdrant-version 1.19 --vs v1.20: from 1.19.2 to 1.20.0', async () => {
    const r = await qsize(['explain', ...w, '--qdrant-version', '1.19', '--vs', 'v1.20', '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { from: string; to: string };
    expect([d.from, d.to]).toEqual(['1.19.2', '1.20.0']);
  });

  it('the library reads it the same way: estimate({ qdrantVersion: "v1.13" }) is 1.13.6', () => {
    const e = estimate({ points: 1000, collection: { vectors: { size: 8, distance: 'Cosine' } }, qdrantVersion: 'v1.13' });
    expect(e.qdrantVersion).toBe('1.13.6');
  });
});

describe('a GET /collections/{name} reply under collection: lends its points_count, as the reply given as the whole file does (one liftReply)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const reply = { result: { status: 'green', points_count: 250_000, config: { params: { vectors: { size: 384, distance: 'Cosine' } } } }, status: 'ok', time: 0.001 };
  const pointsOf = async (spec: unknown, flags: string[] = []) => {
    const path = join(dir, 'spec.json');
    writeFileSync(path, JSON.stringify(spec));
    const r = await qsize(['explain', '--spec', path, ...flags, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { points: number }).points;
  };

  it.each([
    ['the whole reply as the file', reply],
    ['the reply under collection:', { collection: reply }],
    ['its result under collection:', { collection: reply.result }],
  ])('%s: 250,000 points, the reply\'s points_count', async (_, spec) => {
    expect(await pointsOf(spec)).toBe(250_000);
  });

  it('points: in the file and --vectors win over points_count', async () => {
    expect(await pointsOf({ points: 1000, collection: reply })).toBe(1000);
    expect(await pointsOf({ collection: reply }, ['--vectors', '2k'])).toBe(2000);
  });

  it('an empty collection (points_count 0) lends nothing: the points are asked for', async () => {
    const path = join(dir, 'empty.json');
    writeFileSync(path, JSON.stringify({ collection: { ...reply, result: { ...reply.result, points_count: 0 } } }));
    const r = await qsize(['explain', '--spec', path]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('qsize: --vectors: got nothing, expected a count such as 100M (or a --spec file with points)');
  });

  it('the library the same: recommend({ collection: reply }) plans 250,000 points', () => {
    const r = recommend({ collection: reply } as never, {});
    expect(r.plan.workload.points).toBe(250_000);
  });
});

describe('a payload index\'s field_schema read as its params, in one place (written four times in src/model)', () => {
  it('a bare type name is that type with default params: "keyword" is { type: "keyword" }', () => {
    expect(fieldSchemaParams({ field_schema: 'keyword' })).toEqual({ type: 'keyword' });
  });
  it('a params object is itself', () => {
    const field_schema = { type: 'keyword' as const, is_tenant: true };
    expect(fieldSchemaParams({ field_schema })).toBe(field_schema);
  });
  it('the estimate is the same for "keyword" and { type: "keyword" } (bytes of every line item)', () => {
    const w = (field_schema: unknown) =>
      estimate({ points: '1M', collection: { vectors: { size: 64, distance: 'Cosine' } }, payload: { avgBytes: 100, indexes: [{ field_name: 'k', field_schema }] } } as never);
    const bytes = (e: ReturnType<typeof estimate>) => e.lineItems.map((i) => [i.id, i.bytes]);
    expect(bytes(w('keyword'))).toEqual(bytes(w({ type: 'keyword' })));
  });
});

describe('docs/cli.md states the --max-pods bound, 4 to 1,000, with its reason (it was only in src/spec/limits.ts)', () => {
  it('the bounds table has the row; the CLI refuses 3 and 1001 with the same range', async () => {
    const doc = readFileSync(join(ROOT, 'docs/cli.md'), 'utf8');
    const row = doc.split('\n').find((l) => l.startsWith('| `--max-pods`'));
    expect(row).toMatch(/\| 4 to 1,000 \(default 110, the kubelet's\)\. At least 4 because the kubelet counts every pod on the node/);
    expect(row).toContain('`MAX_PODS_RANGE` (src/spec/limits.ts)');
    for (const n of ['3', '1001']) {
      const r = await qsize(['--vectors', '1M', '--dim', '8', '--max-pods', n]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`qsize: --max-pods: got "${n}", expected a whole number from 4 to 1000`);
    }
  });
});

describe('the library\'s schema errors name the field, the value and what was expected, as the CLI does (they kept zod\'s "Too small: ...")', () => {
  const issuesOf = (call: () => unknown) => {
    try {
      call();
    } catch (error) {
      expect(error).toBeInstanceOf(QsizeValidationError);
      return (error as QsizeValidationError).issues;
    }
    throw new Error('no error');
  };
  const vectors = (v: Record<string, unknown>) => ({ points: '10M', collection: { vectors: { size: 768, distance: 'Cosine', ...v } } });

  it.each([
    [{ size: -3 }, 'collection.vectors.size', 'got -3, expected number to be >=1'],
    [{ distance: 'Cosin' }, 'collection.vectors.distance', 'got "Cosin", expected one of "Cosine"|"Euclid"|"Dot"|"Manhattan"'],
    [{ on_disk: 'yes' }, 'collection.vectors.on_disk', 'got "yes", expected boolean'],
  ])('estimate() with %j: %s: %s', (v, field, message) => {
    expect(issuesOf(() => estimate(vectors(v) as never))).toEqual([{ field, message, expected: message.slice(message.indexOf('expected')) }]);
  });

  it('a count says the value first, as every other message: points: got 0, expected a whole number from 1 to 100000000000', () => {
    expect(issuesOf(() => estimate({ ...vectors({}), points: 0 } as never))).toEqual([{ field: 'points', message: 'got 0, expected a whole number from 1 to 100000000000' }]);
  });

  it('recommend() names a constraint the same way: constraints.replicationFactor: got 0, expected number to be >=1', () => {
    expect(() => recommend(vectors({}) as never, { replicationFactor: 0 })).toThrow('constraints.replicationFactor: got 0, expected number to be >=1');
  });

  it('the value inside a pasted GET reply is found at its place in the reply (zod reports it)', () => {
    const reply = { result: { config: { params: { vectors: { size: 768, distance: 'Cosine', on_disk: 'yes' } } } } };
    expect(() => estimate({ points: 1000, collection: reply } as never)).toThrow('collection.vectors.on_disk: got "yes", expected boolean');
  });

  it('a value inside a mapping of names is the value itself, not the mapping: multivector."": got 0, expected number to be >=1', () => {
    expect(() => estimate({ ...vectors({}), multivector: { '': 0 } } as never)).toThrow('multivector."": got 0, expected number to be >=1');
  });

  it('a workload-wide check names no value it was not given: no vectors is "expected at least one dense vector ..." alone', () => {
    expect(issuesOf(() => estimate({ points: 10, collection: {} } as never))).toEqual([
      { field: 'collection.vectors', message: 'expected at least one dense vector (vectors) or sparse vector (sparse_vectors)' },
    ]);
  });

  it('the CLI says the same after the spec file\'s name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qs-'));
    try {
      const path = join(dir, 'bad.json');
      writeFileSync(path, JSON.stringify(vectors({ size: -3 })));
      const r = await qsize(['--spec', path]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`qsize: --spec ${path}: collection.vectors.size: got -3, expected number to be >=1`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the sparse non-zeros bound is written once (MAX_SPARSE_NON_ZEROS) and refused alike by the flag and the spec', () => {
  it('--sparse-nnz 1000000 is taken, 1000001 refused with the bound named', async () => {
    expect((await qsize(['explain', '--vectors', '1000', '--dim', '8', '--sparse-nnz', '1000000', '-o', 'json'])).status).toBe(0);
    const r = await qsize(['explain', '--vectors', '1000', '--dim', '8', '--sparse-nnz', '1000001']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--sparse-nnz');
    expect(r.stderr).toContain('1000000');
  });
  it('the library refuses sparse.<name> = 1000001 and takes 1000000', () => {
    const w = (nnz: number) => ({ points: 1000, collection: { sparse_vectors: { text: {} } }, sparse: { text: nnz } });
    expect(estimate(w(1_000_000)).disk.bytes).toBeGreaterThan(0);
    expect(() => estimate(w(1_000_001))).toThrow(QsizeValidationError);
  });
});
