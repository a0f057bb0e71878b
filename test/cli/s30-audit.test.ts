/**
 * Findings of the s30 new-user audit, one block each: the command a user ran, what it did, and the value it should
 * give, worked out by hand from the inputs and the rule's source (never the code's own output).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qsizeInProcess as qsize } from './in-process.js';
import { ROOT } from './run.js';

/** stderr without the warnings. */
const errors = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('qsize: warning'));

describe('emit --dr: the README says the standby is priced but gets no files (it said nothing)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // 3 × r7g.2xlarge pinned in aws us-east-1: data/catalogs/instances-cpu.csv prices r7g.2xlarge at $0.4284/h, storage.csv
  // ebs-gp3 at $0.08/GB-month, control-plane.csv EKS standard at $0.10/cluster-hour.
  const args = ['--vectors', '20M', '--dim', '768', '--cloud', 'aws', '--region', 'us-east-1', '--instance-type', 'r7g.2xlarge', '--peers', '3'];

  it('the standby lines are marked in the JSON (nodes, volumes, control plane), and no other line is', async () => {
    const r = await qsize([...args, '--dr', '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = (JSON.parse(r.stdout) as { plan: { cost: { lineItems: { name: string; standby?: true }[] } } }).plan.cost.lineItems;
    expect(lines.filter((l) => l.standby === true).map((l) => l.name)).toEqual([
      'DR standby nodes (r7g.2xlarge)',
      'DR standby volumes',
      'DR standby control plane (EKS standard, 1 cluster)',
    ]);
    const plain = await qsize([...args, '-o', 'json']);
    expect(JSON.parse(plain.stdout).plan.cost.lineItems.some((l: { standby?: true }) => l.standby)).toBe(false);
  });

  it('README: 3 × 730 h × $0.4284 = $938.20, + 3 × V GiB × $0.08, + 730 × $0.10 = $73.00 for the standby, and no file is for it', async () => {
    const out = join(dir, 'dr');
    const r = await qsize(['emit', ...args, '--dr', '--target', 'helm', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    const v = Number(/\| Data volume \((\d+) GiB per peer\)/.exec(readme)![1]);
    const cents = 93820 + 7300 + Math.round(3 * v * 8);
    const usd = `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    expect(readme).toContain(
      `The disaster-recovery standby is in this quote but not in these files: its 3 lines above (DR standby nodes (r7g.2xlarge); DR standby volumes; DR standby control plane (EKS standard, 1 cluster)) come to ${usd} a month, and none of these files is for it (they deploy the primary cluster).`,
    );
  });

  it('your own nodes: 3 × 730 h × $0.05 = $109.50 for the standby nodes; its volumes have no price and are not summed as $0', async () => {
    const out = join(dir, 'own');
    const r = await qsize(['emit', '--vectors', '1M', '--dim', '768', '--dr', '--node', 'vm=4cpu/16Gi@0.05/h', '--peers', '3', '--target', 'helm', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain(
      'its 2 lines above (DR standby nodes (vm, your price); DR standby volumes) come to $109.50 a month, not counting the 1 without a price,',
    );
    const bare = join(dir, 'own-bare');
    const u = await qsize(['emit', '--vectors', '1M', '--dim', '768', '--dr', '--node', 'vm=4cpu/16Gi', '--peers', '3', '--target', 'helm', '--out', bare]);
    expect(u.status, u.stderr).toBe(0);
    expect(readFileSync(join(bare, 'README.md'), 'utf8')).toContain('(DR standby nodes (vm, your node, no price); DR standby volumes) have no price,');
  });

  it('without --dr the README has no standby sentence', async () => {
    const out = join(dir, 'plain');
    const r = await qsize(['emit', ...args, '--target', 'helm', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).not.toContain('standby');
  });
});

describe('catalog --min-memory: a message names the size as given (--regions showed 1099511627776)', () => {
  it.each([
    [['--regions', '--min-memory', '1Ti'], 'qsize: --min-memory: got "1Ti", expected no such filter beside --regions (it lists every priced region of each cloud and the families each lacks; only --cloud narrows it)'],
    // 2 PiB is past the 1 PiB bound: the bound is said (it said "a memory size such as 64Gi", which 2Pi is)
    [['--min-memory', '2Pi'], 'qsize: --min-memory: got "2Pi", expected a memory size from 0 to 1Pi'],
    [['--min-memory', '1Gi', '--min-memory', '2Gi'], 'qsize: --min-memory: got "1Gi 2Gi", expected one value (the flag was given more than once)'],
  ])('catalog %j', async (args, line) => {
    const r = await qsize(['catalog', ...args]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });

  it('the filter still works: x2idn is 1024, 1536 and 2048 GiB (data/catalogs/instances-cpu.csv); 1.5Ti keeps the last two', async () => {
    const r = await qsize(['catalog', '--cloud', 'aws', '--family', 'x2idn', '--min-memory', '1.5Ti', '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { filters: { minMemoryBytes: number }; instances: { instanceType: string }[] };
    expect(d.filters.minMemoryBytes).toBe(1.5 * 1024 ** 4);
    expect(d.instances.map((i) => i.instanceType).sort()).toEqual(['x2idn.24xlarge', 'x2idn.32xlarge']);
  });
});

describe('compare with a negative value: the axis\'s own check, not "unknown flag -1" (yargs read -1 as a flag)', () => {
  const base = ['--vectors', '1M', '--dim', '8'];
  it.each([
    // m: 0 (no graph) to 512 links, replication_factor 1 to 16 (the --m and --replication bounds, src/cli/flags.ts)
    [['m', '-1'], 'qsize: compare m: got "-1", expected a whole number from 0 to 512'],
    [['m', '16', '-1'], 'qsize: compare m: got "-1", expected a whole number from 0 to 512'],
    [['m', '-0.5'], 'qsize: compare m: got "-0.5", expected a whole number from 0 to 512'],
    [['replication', '-1', '2'], 'qsize: compare replication: got "-1", expected a whole number from 1 to 16'],
    [['cloud', '-1'], 'qsize: compare cloud: got "-1", expected one of aws, gcp, azure'],
    // after a boolean flag the value is still the axis's
    [['m', '--on-disk', '-1'], 'qsize: compare m: got "-1", expected a whole number from 0 to 512'],
  ])('compare %j', async (args, line) => {
    const r = await qsize(['compare', ...args, ...base]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });

  it("a flag's own negative value stays the flag's: compare m 16 --replication -1", async () => {
    const r = await qsize(['compare', 'm', '16', '--replication', '-1', ...base]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual(['qsize: --replication: got "-1", expected a whole number from 1 to 16']);
  });

  it('positive values still compare: m 8 16 gives two rows', async () => {
    const r = await qsize(['compare', 'm', '8', '16', ...base, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { rows: unknown[] }).rows).toHaveLength(2);
  });
});

describe('--max-pods below the pods a node of the plan runs is refused (1 was accepted)', () => {
  // A node runs the Qdrant peer, the network plugin, kube-proxy and the block-storage CSI node plugin: 4 pods at least
  // (src/spec/limits.ts MAX_PODS_RANGE, with its sources).
  it.each(['1', '3'])('--max-pods %s: exit 2, the range said', async (n) => {
    const r = await qsize(['--vectors', '1M', '--dim', '8', '--cloud', 'aws', '--max-pods', n]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([`qsize: --max-pods: got "${n}", expected a whole number from 4 to 1000`]);
  });

  it('constraints.placement.maxPods: 2 in a spec file: exit 2 naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qs-'));
    try {
      const path = join(dir, 'spec.json');
      writeFileSync(path, JSON.stringify({ points: 1000, collection: { vectors: { size: 8, distance: 'Cosine' } }, constraints: { placement: { maxPods: 2 } } }));
      const r = await qsize(['--spec', path]);
      expect(r.status).toBe(2);
      expect(errors(r.stderr).join('\n')).toMatch(/constraints\.placement\.maxPods: got 2, expected .*>=4/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--max-pods 4 on EKS r6i.xlarge: 32768 MiB − ceil(7.5% × 32768) = 30310, − (11 × 4 + 255) − 100 = 29911 MiB allocatable', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '8', '--cloud', 'aws', '--instance-type', 'r6i.xlarge', '--max-pods', '4', '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { plan: { node: { allocatableMemoryBytes: number } } }).plan.node.allocatableMemoryBytes).toBe(29911 * 1024 * 1024);
  });
});

describe("compare's axis is named as the command's argument, not as a flag", () => {
  const axes = '"quantization", "datatype", "m", "on-disk", "cloud", "family", "replication", "api"';
  it.each([
    // was: qsize: Not enough non-option arguments: got 0, need at least 1
    [[], `qsize: compare <axis>: got nothing, expected one of ${axes} (e.g. qsize compare quantization --vectors 1M --dim 768)`],
    // was: --axis: got "foo" (there is no --axis flag)
    [['foo'], `qsize: compare <axis>: got "foo", expected one of ${axes}`],
    [['quant'], `qsize: compare <axis>: got "quant", expected one of ${axes}; did you mean quantization?`],
  ])('compare %j', async (args, line) => {
    const r = await qsize(['compare', ...args, '--vectors', '1M', '--dim', '8']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });
});

describe('a whole GET /collections/{name} reply given as the spec file: where it goes (was "result: not a Workload key", one line per key)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const reply = { result: { status: 'green', points_count: 12345, config: { params: { vectors: { size: 384, distance: 'Cosine' } } } }, status: 'ok', time: 0.001 };

  // Since s31 the reply as the file is read as the collection, as under `collection:` (test/cli/s31-leftovers.test.ts).
  it.each([
    [[], 12345, 384],
    [['--vectors', '1M', '--dim', '8'], 1_000_000, 8],
  ] as const)('qsize --spec reply.json %j: the reply is the collection, its points_count the points unless --vectors', async (flags, points, dim) => {
    const path = join(dir, 'reply.json');
    writeFileSync(path, JSON.stringify(reply));
    const r = await qsize(['--spec', path, ...flags, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const w = (JSON.parse(r.stdout) as { plan: { workload: { points: number; collection: { vectors: { size: number } } } } }).plan.workload;
    expect([w.points, w.collection.vectors.size]).toEqual([points, dim]);
  });

  it('the same reply under collection, with points: planned (384-d from the reply)', async () => {
    const path = join(dir, 'wrapped.json');
    writeFileSync(path, JSON.stringify({ points: 12345, collection: reply }));
    const r = await qsize(['--spec', path, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('"size": 384');
  });
});

describe('nothing fits within --max-nodes 1: "within 1 node" (it said "1 nodes")', () => {
  it('qsize --vectors 100M --dim 768 --max-nodes 1 --replication 1: exit 3', async () => {
    const r = await qsize(['--vectors', '100M', '--dim', '768', '--max-nodes', '1', '--replication', '1']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('no plan passes every check within 1 node for 100M points at the horizon.');
  });
});

describe('a size flag past its bound states the bound as a size (it said "from 0 to 68719476736 bytes")', () => {
  it.each([
    // 64 × 1024³ bytes = 64Gi (src/plan/constraints.ts daemonsetMemoryBytes); 16 × 1024² = 16Mi (LIMITS.maxPayloadBytes)
    [['--daemonset-memory', '1Ti'], 'qsize: --daemonset-memory: got "1Ti", expected a size from 0 to 64Gi'],
    [['--payload-bytes', '17MiB'], 'qsize: --payload-bytes: got "17MiB", expected a size from 0 to 16Mi'],
  ])('qsize %j', async (args, line) => {
    const r = await qsize(['--vectors', '1M', '--dim', '8', ...args]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });
});

describe("a library check about a flag's value shows the value as typed (--growth 10B said got 10000000000)", () => {
  it('qsize --vectors 90B --dim 768 --growth 10B: 90B + 10B × 12 = 210B > 100B', async () => {
    const r = await qsize(['--vectors', '90B', '--dim', '768', '--growth', '10B']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual(['qsize: --growth: got "10B", expected growth that keeps the collection within 100B points: 90B now + 10B per month x 12 months is 210B']);
  });
  it('qsize --vectors 1M --dim 8 --replication 2 --write-consistency 3: more than replication 2', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '8', '--replication', '2', '--write-consistency', '3']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual(['qsize: --write-consistency: got "3", expected at most the replication factor (2) (a write cannot wait for more replicas than exist)']);
  });
});

describe('a file that is not JSON: the parse error quotes none of its text (it printed "sk_live_ab"... of a key file)', () => {
  const secret = 'sk_live_abcdef0123456789XYZ';
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it.each([
    ['observe --from', (p: string) => ['observe', '--from', p], 'a JSON recording written by qsize observe --record'],
    ['--spec', (p: string) => ['--spec', p], 'valid YAML or JSON'],
  ])('%s key.json', async (_name, args, expected) => {
    const path = join(dir, 'key.json');
    writeFileSync(path, `${secret}\n`);
    const r = await qsize(args(path));
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('sk_live');
    expect(errors(r.stderr)).toEqual([`qsize: ${args(path)[0] === 'observe' ? '--from' : '--spec'}: got "${path}", expected ${expected} (an unexpected character, not valid JSON; the text is not shown, as it may hold a secret)`]);
  });
});

describe('observe: the key and the collection filter are checked where they are given', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--api-key-file with two lines: named, with the line count and not the key (it blamed --url: "Invalid character in header content")', async () => {
    const path = join(dir, 'two.key');
    writeFileSync(path, 'sk_live_first_line\nsecond\n');
    const r = await qsize(['observe', '--url', 'http://127.0.0.1:1', '--api-key-file', path, '--timeout', '1', '--retries', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('sk_live');
    expect(errors(r.stderr)).toEqual([`qsize: --api-key-file: got "${path}", expected a file holding the API key on one line (it has 2 lines; the key is not shown)`]);
  });

  it('QDRANT_API_KEY with a line break: named, the key not shown', async () => {
    const before = process.env['QDRANT_API_KEY'];
    process.env['QDRANT_API_KEY'] = 'sk_live_a\nb';
    try {
      const r = await qsize(['observe', '--url', 'http://127.0.0.1:1', '--timeout', '1', '--retries', '0']);
      expect(r.status).toBe(2);
      expect(r.stderr).not.toContain('sk_live');
      expect(errors(r.stderr)).toEqual(['qsize: QDRANT_API_KEY: expected the API key on one line, without control characters (it holds a line break or another control character; the key is not shown)']);
    } finally {
      if (before === undefined) delete process.env['QDRANT_API_KEY'];
      else process.env['QDRANT_API_KEY'] = before;
    }
  });

  it('--collection beside --from: refused (it was dropped: every collection shown, exit 0)', async () => {
    const r = await qsize(['observe', '--from', join(ROOT, 'test/observe/fixtures/cluster.json'), '--collection', 'nope']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([
      'qsize: --collection: got "nope", expected no --collection beside --from: a recording holds the collections it was recorded with (record with --url ... --collection to narrow it)',
    ]);
  });
});

describe('compare with the same option twice: refused (it printed the same row twice)', () => {
  it.each([
    [['cloud', 'aws', 'aws'], 'qsize: compare cloud: got "aws aws", expected each option once ("aws" is given twice)'],
    [['m', '16', '016'], 'qsize: compare m: got "16 016", expected each option once ("016" is "16" again)'],
    [['cloud', 'aws', 'AWS'], 'qsize: compare cloud: got "aws AWS", expected each option once ("AWS" is "aws" again)'],
  ])('compare %j', async (args, line) => {
    const r = await qsize(['compare', ...args, '--vectors', '1M', '--dim', '8']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });
});
