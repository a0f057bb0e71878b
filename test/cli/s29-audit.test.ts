/**
 * Findings of the s29 new-user audit, one block each: the command a user ran, what it did, and the value it should
 * give, worked out by hand from the inputs and the rule's source (never the code's own output).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qsizeInProcess as qsize } from './in-process.js';
import { ensureBuilt, qsize as qsizeBinary, ROOT } from './run.js';

/** stderr without the warnings. */
const errors = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('qsize: warning'));

/** The families of one cloud in the shipped base catalogs, read from the CSV text (column 4), not through qsize. */
function familiesOf(cloud: string): string[] {
  const rows = ['instances-cpu.csv', 'instances-gpu.csv'].flatMap((f) => readFileSync(join(ROOT, 'data/catalogs', f), 'utf8').trim().split('\n').slice(1));
  return [...new Set(rows.map((l) => l.split(',')).filter((c) => c[0] === cloud).map((c) => c[3]!))].sort();
}

describe('qsize catalog --family names a family the catalog lacks: exit 2 with the nearest, as the planner says', () => {
  it('catalog --family r7g --cloud gcp (r7g is an AWS family): was 0 rows and exit 0', async () => {
    const r = await qsize(['catalog', '--family', 'r7g', '--cloud', 'gcp']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const gcp = familiesOf('gcp');
    expect(gcp).not.toContain('r7g');
    const [line] = errors(r.stderr);
    expect(line).toMatch(/^qsize: --family: got "r7g", expected an instance family in the catalog for gcp \(nearest: [^;]+; known: (.*)\)$/);
    expect(line!.replace(/^.*known: /, '').replace(/\)$/, '').split(', ')).toEqual(gcp);
  });

  it('catalog --family foo: exit 2, the same words as qsize --family foo', async () => {
    const listing = await qsize(['catalog', '--family', 'foo']);
    const plan = await qsize(['--vectors', '1M', '--dim', '8', '--family', 'foo']);
    expect(listing.status).toBe(2);
    expect(plan.status).toBe(2);
    expect(errors(listing.stderr)[0]).toMatch(/^qsize: --family: got "foo", expected an instance family in the catalog \(nearest: /);
    expect(errors(plan.stderr)[0]).toMatch(/^qsize: --family: got "foo", expected an instance family in the catalog \(nearest: /);
  });

  it('a family of the cloud still lists its rows (r7g on aws: every row is r7g)', async () => {
    const r = await qsize(['catalog', '--family', 'r7g', '--cloud', 'aws', '-o', 'json']);
    expect(r.status).toBe(0);
    const rows = (JSON.parse(r.stdout) as { instances: { family: string }[] }).instances;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((x) => x.family))).toEqual(new Set(['r7g']));
  });
});

describe('qsize web --port is checked like every number flag', () => {
  it.each([
    // yargs's number type printed "got NaN" for a word and read 0x50 as port 80
    ['abc', 'qsize: --port: got "abc", expected a whole number from 0 to 65535'],
    ['0x50', 'qsize: --port: got "0x50", expected a whole number from 0 to 65535'],
    ['65536', 'qsize: --port: got "65536", expected a whole number from 0 to 65535'],
    ['1.5', 'qsize: --port: got "1.5", expected a whole number from 0 to 65535'],
  ])('qsize web --port %s', async (port, line) => {
    const r = await qsize(['web', '--port', port]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });
});

describe('a spec file that leaves out a required key: "got nothing, expected ..." (was zod\'s "received undefined" or a bare "Invalid input")', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qsize-s29-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const spec = (name: string, body: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(body));
    return path;
  };
  const collection = { vectors: { size: 8, distance: 'Cosine' } };

  it('payload without avgBytes, an index without field_name', async () => {
    const path = spec('payload.json', { points: 5, collection, payload: { indexes: [{ field_schema: 'keyword' }] } });
    const r = await qsize(['--spec', path]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([
      `qsize: --spec ${path}: payload.avgBytes: got nothing, expected number or string`,
      `qsize: --spec ${path}: payload.indexes.0.field_name: got nothing, expected string`,
    ]);
  });

  it('an own node without memory (a size string or a number of bytes), and one with a memory too small', async () => {
    const missing = spec('node.json', { points: 5, collection, constraints: { placement: { nodes: [{ name: 'a', vcpu: 4 }] } } });
    const r = await qsize(['--spec', missing]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([`qsize: --spec ${missing}: constraints.placement.nodes.0.memory: got nothing, expected string or number`]);
    // 100Mi is under the 256Mi floor (CUSTOM_NODE_LIMITS.minMemoryBytes): the value is shown, as everywhere else.
    const small = spec('small.json', { points: 5, collection, constraints: { placement: { nodes: [{ name: 'a', vcpu: 4, memory: '100Mi' }] } } });
    const s = await qsize(['--spec', small]);
    expect(s.status).toBe(2);
    expect(errors(s.stderr)).toEqual([`qsize: --spec ${small}: constraints.placement.nodes.0.memory: got "100Mi", expected a memory size from 256Mi to 64Ti, such as 64Gi`]);
  });
});

describe('compare replication 1 under the default failures to tolerate', () => {
  type Rows = { rows: { option: string; fits: boolean; replicationFactor?: number; monthlyUsd?: number; peers?: number; instanceType?: string; warnings?: string[] }[] };
  it('the help\'s own example: replication 1 is priced, tolerating 0 = 1 - 1 failures, and says so (it read "nothing fits")', async () => {
    const args = ['--vectors', '2M', '--dim', '384', '--cloud', 'aws'];
    const r = await qsize(['compare', 'replication', '1', '2', ...args, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const [one, two] = (JSON.parse(r.stdout) as Rows).rows;
    expect(one!.fits).toBe(true);
    expect(one!.replicationFactor).toBe(1);
    expect(one!.warnings?.[0]).toBe('tolerates 0 peer failures, not the default 1, which needs replication factor 2 or more (--tolerated-failures holds every option to one number)');
    expect(two!.warnings?.some((w) => w.startsWith('tolerates'))).toBe(false);
    // The same plan as the quote asked for exactly that: replication 1, no failure tolerated.
    const quote = JSON.parse((await qsize([...args, '--replication', '1', '--tolerated-failures', '0', '-o', 'json'])).stdout) as { plan: { peers: number; node: { instanceType: string }; cost: { monthlyUsd: number } } };
    expect([one!.peers, one!.instanceType, one!.monthlyUsd]).toEqual([quote.plan.peers, quote.plan.node.instanceType, quote.plan.cost.monthlyUsd]);
  }, 120_000);

  it('a number of failures the user gives still holds for every option: replication 1 cannot tolerate 1', async () => {
    const r = await qsize(['compare', 'replication', '1', '2', '--vectors', '2M', '--dim', '384', '--cloud', 'aws', '--tolerated-failures', '1', '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const [one, two] = (JSON.parse(r.stdout) as Rows).rows;
    expect(one!.fits).toBe(false);
    expect(two!.fits).toBe(true);
  }, 120_000);
});

describe('explain --vs with the workload\'s own version (audit36: it printed a diff of nothing without comment)', () => {
  it('qsize explain --vectors 1M --dim 768 --vs 1.20.0 (the default version): exit 0 and a warning that nothing changes', async () => {
    const r = await qsize(['explain', '--vectors', '1M', '--dim', '768', '--vs', '1.20.0']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("qsize: warning: --vs 1.20.0 is the workload's own version (1.20.0): nothing changes; give --qdrant-version for the version you run now");
  });
});

describe('explain --vs -o csv with a line that shrinks', () => {
  it('qsize explain --vectors 1M --dim 768 --qdrant-version 1.19.2 --vs 1.20.0 -o csv: exit 0 (was exit 1, "delta_bytes is a negative size")', async () => {
    const r = await qsize(['explain', '--vectors', '1M', '--dim', '768', '--qdrant-version', '1.19.2', '--vs', '1.20.0', '-o', 'csv']);
    expect(r.status, r.stderr).toBe(0);
    const [head, ...lines] = r.stdout.trim().split('\n');
    expect(head).toBe('id,name,change,from_bytes,from_residency,to_bytes,to_residency,delta_bytes');
    // Each row's signed change is its new size less its old (an absent side counts 0); 1.20's smaller HNSW links file
    // (the text report's "-5.51 MB") is one that shrinks.
    const rows = lines.map((l) => l.match(/^([^,]+),(?:"(?:[^"]|"")*"|[^,]*),(\w+),(\d*),[\w-]*,(\d*),[\w-]*,(-?\d+)$/)!);
    expect(rows.every((m) => m !== null)).toBe(true);
    for (const m of rows) expect(Number(m[5])).toBe(Number(m[4] || 0) - Number(m[3] || 0));
    const links = rows.find((m) => m[1] === 'hnsw.default.links')!;
    expect(links[2]).toBe('resized');
    expect(Number(links[5])).toBeLessThan(0);
  });
});

describe('compare quantization without values on an older Qdrant compares the modes that version has', () => {
  const options = async (version: string) => {
    const r = await qsize(['compare', 'quantization', '--vectors', '200k', '--dim', '256', '--cloud', 'aws', '--qdrant-version', version, '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { rows: { option: string }[] }).rows.map((x) => x.option);
  };
  it('1.15.0: the usual eight less turbo-4 and turbo-8 (TurboQuant from 1.18); it was refused whole for "turbo-4"', async () => {
    expect(await options('1.15.0')).toEqual(['none', 'scalar', 'pq-x16', 'binary-2', 'binary-1.5', 'binary-1']);
  }, 120_000);
  it('1.12.0: also less binary-2 and binary-1.5 (1.5- and 2-bit binary from 1.15)', async () => {
    expect(await options('1.12.0')).toEqual(['none', 'scalar', 'pq-x16', 'binary-1']);
  }, 120_000);
  it('a mode the user names is still refused for a version without it', async () => {
    const r = await qsize(['compare', 'quantization', 'turbo-4', '--vectors', '200k', '--dim', '256', '--qdrant-version', '1.15.0']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual(['qsize: compare quantization: got "turbo-4", expected scalar, product or binary (TurboQuant exists from Qdrant 1.18; this workload is 1.15.0; as --quantization: scalar, pq-x4 to pq-x64 or binary-*)']);
  });
});

describe('a choice flag given twice names itself (it read "--value: got ...") and is refused everywhere', () => {
  it.each([
    [['--vectors', '1M', '--dim', '8', '--quantization', 'scalar', '--quantization', 'none'], 'qsize: --quantization: got "scalar none", expected one value (the flag was given more than once)'],
    [['--vectors', '1M', '--dim', '8', '-o', 'json', '--output', 'csv'], 'qsize: --output: got "json csv", expected one value (the flag was given more than once)'],
    [['--vectors', '1M', '--dim', '8', '--cloud', 'aws', '--cloud', 'gcp'], 'qsize: --cloud: got "aws gcp", expected one value (the flag was given more than once)'],
    // these two took both values silently (catalog listed both architectures) or said the plan "has no files"
    [['catalog', '--arch', 'amd64', '--arch', 'arm64'], 'qsize: --arch: got "amd64 arm64", expected one value (the flag was given more than once)'],
    [['emit', '--vectors', '1M', '--dim', '8', '--out', 'unused-s29', '--target', 'helm', '--target', 'operator'], 'qsize: --target: got "helm operator", expected one value (the flag was given more than once)'],
  ])('qsize %j', async (args, line) => {
    const r = await qsize(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(errors(r.stderr)).toEqual([line]);
  });
});

describe('emit option values out of bounds are told in qsize\'s words, once (zod\'s "Too small: expected string to have >=1 characters" leaked)', () => {
  const base = ['emit', '--vectors', '1M', '--dim', '8', '--out', 'unused-s29'];
  it.each([
    [['--collection', ''], 'qsize: --collection: got "", expected letters, digits, ".", "_" and "-" (not dots alone)'],
    [['--collection', 'c'.repeat(256)], `qsize: --collection: got "${'c'.repeat(77)}"... (256 characters), expected at most 255 characters`],
    [['--customer-id', ''], 'qsize: --customer-id: got "", expected a label value of at least 1 character (the QdrantCluster requires the customer-id label)'],
    [['--storage-class', 's'.repeat(254)], `qsize: --storage-class: got "${'s'.repeat(77)}"... (254 characters), expected at most 253 characters`],
  ])('qsize emit %j', async (extra, line) => {
    const r = await qsize([...base, ...extra]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });
});

describe('observe never writes through a link inside the folder the user named', () => {
  const FIXTURE = join(ROOT, 'test/observe/fixtures/cluster.json');
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--spec-out DIR with DIR/docs.yaml a link to a file outside: refused, the target never created (it was written)', async () => {
    const out = join(dir, 'specs');
    const outside = join(dir, 'outside.yaml');
    mkdirSync(out);
    symlinkSync(outside, join(out, 'docs.yaml'));
    const r = await qsize(['observe', '--from', FIXTURE, '--spec-out', out]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([
      `qsize: --spec-out: got "${out}", expected a folder without symbolic links on the way to the files (${join(out, 'docs.yaml')} is a link; qsize never writes through one: remove it or choose another --spec-out)`,
    ]);
    expect(existsSync(outside)).toBe(false);
  });

  it('--emit DIR with DIR/docs a link to a folder outside: refused, nothing written there (the re-plan\'s files were)', async () => {
    const out = join(dir, 'next');
    const outside = join(dir, 'elsewhere');
    mkdirSync(out);
    mkdirSync(outside);
    symlinkSync(outside, join(out, 'docs'));
    const r = await qsize(['observe', '--from', FIXTURE, '--growth', '1M', '--emit', out]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([
      `qsize: --emit: got "${out}", expected a folder without symbolic links on the way to the files (${join(out, 'docs')} is a link; qsize never writes through one: remove it or choose another --emit)`,
    ]);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('without links both still write: DIR/docs.yaml and DIR/docs/README.md', async () => {
    const specs = join(dir, 'ok-specs');
    const next = join(dir, 'ok-next');
    const r = await qsize(['observe', '--from', FIXTURE, '--growth', '1M', '--spec-out', specs, '--emit', next]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(specs, 'docs.yaml'), 'utf8')).toMatch(/^# qsize observe: collection "docs"/);
    expect(existsSync(join(next, 'docs', 'README.md'))).toBe(true);
    // Again without --force: refused naming --emit, the flag given (it named --out, which observe does not take).
    const again = await qsize(['observe', '--from', FIXTURE, '--growth', '1M', '--emit', next]);
    expect(again.status).toBe(2);
    expect(errors(again.stderr)[0]).toMatch(/^qsize: --emit: got ".*", expected a folder without these files \(or pass --force to replace the set qsize wrote\): /);
  });
});

describe('--gpu-indexing on your own nodes: the no-fit hint never prices unpriced nodes at $0', () => {
  it('no price given: "with no line of its bill priced" (it read "at $0/month")', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '128', '--gpu-indexing', '--node', 'a=8cpu/64Gi']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('Without GPU indexing, 3 × a (custom, as configured) passes every check with no line of its bill priced.');
    expect(r.stderr).not.toContain('$0/month');
  });
  it('a price per hour: 3 nodes × 730 h × $0.50 = $1,095, and the volumes and snapshots left out said', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '128', '--gpu-indexing', '--node', 'a=8cpu/64Gi@0.5/h']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('passes every check at $1095/month + 3 unpriced lines.');
  });
});

describe("emit: the README carries the plan's vm.max_map_count warning (a node setting no file can make)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('1024 shards x 2 replicas on 3 peers: ceil(2048 / 3) = 683 replicas on the busiest, past the map limit; README says so (it said nothing)', async () => {
    const out = join(dir, 'maps');
    const r = await qsize(['emit', '--vectors', '1M', '--dim', '128', '--shards', '1024', '--peers', '3', '--cloud', 'aws', '--target', 'helm', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toMatch(/^- Memory maps \(vm\.max_map_count\): 683 shard replicas × \d+ segments on the busiest peer: .*raise vm\.max_map_count on the nodes.*\. This is a node setting the files cannot make\.$/m);
  });
  it('a plan well under the limit has no such note', async () => {
    const out = join(dir, 'plain');
    const r = await qsize(['emit', '--vectors', '1M', '--dim', '128', '--cloud', 'aws', '--target', 'helm', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).not.toContain('max_map_count');
  });
});

describe('shell completion on the default command (qsize completion >> ~/.bashrc)', () => {
  // The real binary: yargs prints completions with console.log, which the in-process runner does not capture.
  beforeAll(() => ensureBuilt());
  const complete = async (...words: string[]) => {
    const r = qsizeBinary(['--get-yargs-completions', 'qsize', ...words]);
    expect(r.status).toBe(0);
    return r.stdout.trim().split('\n');
  };
  it('qsize --vec<TAB> offers the quote\'s flags (it offered only --version and --help)', async () => {
    const words = await complete('--vec');
    expect(words).toContain('--vectors');
    expect(words).toContain('--dim');
    expect(words).toContain('--quantization');
  });
  it('qsize <TAB> lists the commands without a literal "$0"', async () => {
    const words = await complete('');
    expect(words).toEqual(['explain', 'compare', 'timeline', 'emit', 'catalog', 'observe', 'web', 'completion']);
  });
  it('qsize --quantization <TAB> and -o <TAB> offer the choices the help lists', async () => {
    expect(await complete('--quantization', '')).toEqual(['none', 'scalar', 'pq-x4', 'pq-x8', 'pq-x16', 'pq-x32', 'pq-x64', 'binary-1', 'binary-1.5', 'binary-2', 'turbo-1', 'turbo-1.5', 'turbo-2', 'turbo-4', 'turbo-8']);
    expect(await complete('-o', '')).toEqual(['text', 'markdown', 'json', 'yaml', 'csv']);
  });
  it('a subcommand keeps yargs\'s own completion: emit --target <TAB>', async () => {
    expect(await complete('emit', '--target', '')).toEqual(['helm', 'operator', 'kubeblocks', 'collection', 'networkpolicy', 'all']);
  });
});

describe('a count just past the 100B bound is written in full (it read "within 100B points: ... is 100B")', () => {
  it('100B now + 1 a month for 12 months = 100,000,000,012 > 100,000,000,000', async () => {
    const r = await qsize(['--vectors', '100B', '--dim', '8', '--growth', '1']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual(['qsize: --growth: got "1", expected growth that keeps the collection within 100,000,000,000 points: 100,000,000,000 now + 1 per month x 12 months is 100,000,000,012']);
  });
  it('far past it stays short: 90B + 10B x 12 = 210B', async () => {
    const r = await qsize(['--vectors', '90B', '--dim', '8', '--growth', '10B']);
    expect(errors(r.stderr)).toEqual(['qsize: --growth: got "10B", expected growth that keeps the collection within 100B points: 90B now + 10B per month x 12 months is 210B']);
  });
  it('multivector: (10B + 12) points x 10 inner vectors = 100,000,000,120 > 100,000,000,000; at most floor(1e11 / 10,000,000,012) = 9 a point', async () => {
    const r = await qsize(['--vectors', '10B', '--dim', '8', '--multivector', '10', '--growth', '1']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)[0]).toContain('at most 9 inner vectors per point for 10,000,000,012 points (points x inner vectors per point at most 100,000,000,000, the most dense vectors qsize sizes under one name; this is 100,000,000,120)');
  });
});

describe('catalog --regions with a filter it does not read: exit 2 (the filter was dropped without a word)', () => {
  it.each([
    [['--region', 'uaenorth'], 'qsize: --region: got "uaenorth", expected no such filter beside --regions (it lists every priced region of each cloud and the families each lacks; only --cloud narrows it)'],
    [['--family', 'n2-highmem'], 'qsize: --family: got "n2-highmem", expected no such filter beside --regions (it lists every priced region of each cloud and the families each lacks; only --cloud narrows it)'],
  ])('qsize catalog --regions %j', async (extra, line) => {
    const r = await qsize(['catalog', '--regions', ...extra]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(errors(r.stderr)).toEqual([line]);
  });
  it('--cloud still narrows it: one cloud heading', async () => {
    const r = await qsize(['catalog', '--regions', '--cloud', 'gcp', '-o', 'json']);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { clouds: { cloud: string }[] }).clouds.map((c) => c.cloud)).toEqual(['gcp']);
  });
});

describe('compare cloud with a region: named as the conflict it is', () => {
  it('--region eu-west-1 (an AWS region): exit 2 naming --region (it read "expected a priced gcp region", a cloud never named)', async () => {
    const r = await qsize(['compare', 'cloud', '--vectors', '1M', '--dim', '8', '--region', 'eu-west-1']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual(["qsize: --region: got \"eu-west-1\", expected no region beside compare cloud (a region is one cloud's: each cloud is compared in its own default region)"]);
  });
  it('compare cloud aws gcp without a region still compares', async () => {
    const r = await qsize(['compare', 'cloud', 'aws', 'gcp', '--vectors', '200k', '--dim', '8', '-o', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { rows: { option: string; cloud: string }[] }).rows.map((x) => [x.option, x.cloud])).toEqual([['aws', 'aws'], ['gcp', 'gcp']]);
  });
});

describe('--node-cpus on a planning command: said to be unused (the plan was the same, without a word)', () => {
  it('qsize --node-cpus 16: the same plan as without it, and a warning naming the flag; explain takes it silently', async () => {
    const args = ['--vectors', '1M', '--dim', '128', '--cloud', 'aws', '-o', 'json'];
    const plain = await qsize(args);
    const given = await qsize([...args, '--node-cpus', '16']);
    expect(given.status).toBe(0);
    // The same plan; the warning is the plan's own (src/plan/context.ts unusedInputs), on stderr and in the JSON.
    const warning = '--node-cpus 16 (assumptions.nodeCpus) is not used by the plan: each peer\'s segments are laid out for the CPUs Qdrant sees in its pod';
    expect(JSON.parse(given.stdout).plan).toEqual(JSON.parse(plain.stdout).plan);
    expect(given.stderr).toContain(`qsize: warning: ${warning}`);
    expect((JSON.parse(given.stdout) as { warnings: string[] }).warnings.some((w) => w.startsWith(warning))).toBe(true);
    const explain = await qsize(['explain', '--vectors', '1M', '--dim', '128', '--node-cpus', '16']);
    expect(explain.stderr).not.toContain('--node-cpus');
    // explain's layout follows it: default_segment_number = clamp(floor(16 / 2), 2, 8) = 8 for 16 CPUs (Qdrant 1.15+).
    expect(explain.stdout).toContain('default_segment_number 8 (auto for 16 CPUs)');
  });
});

describe('--horizon without growth: said to change nothing', () => {
  it('qsize --horizon 24 alone warns; with --growth it is the plan\'s horizon and no warning', async () => {
    const alone = await qsize(['--vectors', '1M', '--dim', '8', '--cloud', 'aws', '--horizon', '24']);
    expect(alone.status).toBe(0);
    expect(alone.stderr).toContain("qsize: warning: --horizon 24 (constraints.growth.horizonMonths) changes nothing without growth (--growth, or constraints.growth.pointsPerMonth): the plan holds today's points, which do not grow");
    const grown = await qsize(['--vectors', '1M', '--dim', '8', '--cloud', 'aws', '--horizon', '24', '--growth', '1M']);
    expect(grown.status).toBe(0);
    expect(grown.stderr).not.toContain('--horizon');
  });
});

describe('--recall beside --hnsw-ef: said to be unused (the ef given wins, as constraints.query.hnswEf overrides recallTarget)', () => {
  it('the same rule holds for a spec file and the library: recommend() says it (one rule, src/plan/context.ts)', async () => {
    const { recommend } = await import('../../src/index.js');
    const r = recommend({ points: 1_000_000, collection: { vectors: { size: 128, distance: 'Cosine' } }, assumptions: { nodeCpus: 32 } }, {
      query: { qps: 500, recallTarget: 0.999, hnswEf: 64 },
      growth: { horizonMonths: 24 },
    });
    expect(r.warnings.filter((w) => /is not used|changes nothing without growth/.test(w))).toEqual([
      '--node-cpus 32 (assumptions.nodeCpus) is not used by the plan: each peer\'s segments are laid out for the CPUs Qdrant sees in its pod (the "Segments indexed" check names them); qsize explain takes it',
      '--recall 0.999 (constraints.query.recallTarget) is not used: --hnsw-ef 64 sets the search ef (a recall target only chooses one when no ef is given)',
      '--horizon 24 (constraints.growth.horizonMonths) changes nothing without growth (--growth, or constraints.growth.pointsPerMonth): the plan holds today\'s points, which do not grow',
    ]);
  });

  it('qsize --qps 500 --recall 0.999 --hnsw-ef 64: the Query CPU check prices ef 64 (0.999 alone would be ef 512) and a warning says --recall is unused', async () => {
    const r = await qsize(['--vectors', '1M', '--dim', '128', '--cloud', 'aws', '--qps', '500', '--recall', '0.999', '--hnsw-ef', '64']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Query CPU: 500 QPS at ef 64 /);
    expect(r.stderr).toContain('qsize: warning: --recall 0.999 (constraints.query.recallTarget) is not used: --hnsw-ef 64 sets the search ef (a recall target only chooses one when no ef is given)');
  });
});

describe('emit --api-key-secret without --tls-secret: the README says the key crosses the network in clear text', () => {
  it('off with a key: the clear-text sentence; on: the Secret; off without a key: just off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsize-tls-'));
    try {
      const readme = async (name: string, extra: string[]) => {
        const r = await qsize(['emit', '--vectors', '1M', '--dim', '128', '--cloud', 'aws', '--target', 'helm', '--out', join(dir, name), ...extra]);
        expect(r.status, r.stderr).toBe(0);
        return readFileSync(join(dir, name, 'README.md'), 'utf8').split('\n').find((l) => l.startsWith('- TLS: '));
      };
      expect(await readme('key', ['--api-key-secret', 'qdrant-key/api-key'])).toBe(
        '- TLS: off, so the API key crosses the network in clear text with every request: turn TLS on (--tls-secret) unless every client reaches Qdrant over a network you trust.',
      );
      expect(await readme('tls', ['--api-key-secret', 'qdrant-key/api-key', '--tls-secret', 'qdrant-tls'])).toMatch(/^- TLS: on, from Secret qdrant-tls, for clients/);
      expect(await readme('none', [])).toBe('- TLS: off.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('compare of a dense-vector axis on a spec with sparse vectors only', () => {
  it('says what is missing (a dense vector to vary), not "--dim: got nothing" as if the spec had lost it; with --dim the comparison runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qsize-sparse-'));
    try {
      const spec = join(dir, 'sparse.yaml');
      writeFileSync(spec, 'points: 1M\ncollection:\n  sparse_vectors:\n    text: {}\nsparse:\n  text: 50\n');
      for (const axis of ['quantization', 'datatype', 'm', 'on-disk']) {
        const r = await qsize(['compare', axis, '--spec', spec]);
        expect(r.status, axis).toBe(2);
        expect(r.stderr.trim()).toBe(`qsize: --dim: got nothing, expected a dense vector to vary (compare ${axis} varies dense vectors; this workload has sparse vectors only) (e.g. --dim 768 adds one)`);
      }
      const withDim = await qsize(['compare', 'm', '8', '16', '--spec', spec, '--dim', '64', '--cloud', 'aws', '-o', 'json']);
      expect(withDim.status, withDim.stderr).toBe(0);
      // The sparse-only spec is still sized for the axes that do not vary vectors.
      expect((await qsize(['compare', 'replication', '2', '3', '--spec', spec, '--cloud', 'aws'])).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
