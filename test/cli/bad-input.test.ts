/**
 * Bad input, found in the s26 audit: each message names the flag or the spec field, the value and what was expected,
 * exit 2. The expected lines are written out by hand from the inputs (the schema bounds are in src/spec/workload.ts and
 * src/plan/constraints.ts).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QsizeValidationError } from '../../src/errors.js';
import { PlanConstraints } from '../../src/plan/constraints.js';
import { recommend } from '../../src/plan/recommend.js';
import { Workload } from '../../src/spec/workload.js';
import { qsizeInProcess as qsize } from './in-process.js';
import { ensureBuilt, qsize as qsizeBinary, ROOT, STACK_LINE } from './run.js';

const BASE = ['--vectors', '1M', '--dim', '8', '--instance-type', 'r6i.large'];
let dir: string;
const at = (name: string) => join(dir, name);
/** stderr without the warnings. */
const errors = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('qsize: warning'));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qsize-bad-input-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('number flags take decimal numbers only', () => {
  it.each([
    [['--vectors', '1M', '--instance-type', 'r6i.large', '--dim', '0x10'], 'qsize: --dim: got "0x10", expected a whole number from 1 to 65536'],
    [[...BASE, '--replication', '0b10'], 'qsize: --replication: got "0b10", expected a whole number from 1 to 16'],
    [[...BASE, '--ram-ceiling', '0o1'], 'qsize: --ram-ceiling: got "0o1", expected a number from 0.3 to 1'],
    [['catalog', '--min-vcpus', '0x10'], 'qsize: --min-vcpus: got "0x10", expected a whole number from 0 to 10000'],
    [['observe', '--from', 'x.json', '--retries', '0x2'], 'qsize: --retries: got "0x2", expected a whole number from 0 to 10'],
  ])('qsize %j', async (args, line) => {
    const r = await qsize(args);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });

  it('a negative count is told its range (it follows the count syntax already); a word is told the syntax', async () => {
    const negative = await qsize([...BASE, '--qps', '-5']);
    expect(negative.status).toBe(2);
    expect(errors(negative.stderr)).toEqual(['qsize: --qps: got "-5", expected a whole number from 0 to 10M']);
    const word = await qsize([...BASE, '--qps', 'lots']);
    expect(errors(word.stderr)).toEqual(['qsize: --qps: got "lots", expected a count such as 1000000, 100M, 1.5B or 10k']);
  });

  it('1e1 and " 8" are still the numbers 10 and 8', async () => {
    expect((await qsize(['--vectors', '1M', '--instance-type', 'r6i.large', '--dim', '1e1'])).status).toBe(0);
    expect((await qsize(['--vectors', '1M', '--instance-type', 'r6i.large', '--dim', ' 8'])).status).toBe(0);
  });
});

describe('a spec field the schema refuses is named in the spec file, with the value the file holds there', () => {
  it('constraints and assumptions out of bounds: each line has the field, the value and the bound', async () => {
    writeFileSync(
      at('bounds.yaml'),
      'points: 1M\ncollection:\n  vectors: {size: 8, distance: Cosine}\nassumptions: {nodeCpus: 0}\nconstraints:\n  replicationFactor: 0\n  query: {recallTarget: 2}\n  growth: {pointsPerMonth: "5MM", horizonMonths: 1.5}\n  placement: {cloud: amazon}\n',
    );
    const r = await qsize(['--spec', at('bounds.yaml'), '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    const spec = `qsize: --spec ${at('bounds.yaml')}`;
    // The workload is checked before the constraints; within each, zod's order.
    expect(errors(r.stderr)).toEqual([`${spec}: assumptions.nodeCpus: got 0, expected number to be >=1`]);
    writeFileSync(
      at('bounds.yaml'),
      'points: 1M\ncollection:\n  vectors: {size: 8, distance: Cosine}\nconstraints:\n  replicationFactor: 0\n  query: {recallTarget: 2}\n  growth: {pointsPerMonth: "5MM", horizonMonths: 1.5}\n  placement: {cloud: amazon}\n',
    );
    const c = await qsize(['--spec', at('bounds.yaml'), '--instance-type', 'r6i.large']);
    expect(c.status).toBe(2);
    expect(errors(c.stderr)).toEqual([
      `${spec}: constraints.replicationFactor: got 0, expected number to be >=1`,
      `${spec}: constraints.query.recallTarget: got 2, expected number to be <=0.9995`,
      `${spec}: constraints.growth.pointsPerMonth: got "5MM", expected number`,
      `${spec}: constraints.growth.horizonMonths: got 1.5, expected int`,
      `${spec}: constraints.placement.cloud: got "amazon", expected one of "aws"|"gcp"|"azure"`,
    ]);
  });

  it('an unknown key in constraints is named at constraints, not at "constraints."', async () => {
    writeFileSync(at('key.yaml'), 'points: 1M\ncollection:\n  vectors: {size: 8, distance: Cosine}\nconstraints:\n  replicaton: 2\n');
    const r = await qsize(['--spec', at('key.yaml'), '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([`qsize: --spec ${at('key.yaml')}: constraints: Unrecognized key: "replicaton" (did you mean "replicationFactor"?)`]);
  });

  it('multivector and sparse statistics for vectors the collection lacks are named in the spec file', async () => {
    writeFileSync(at('stats.yaml'), 'points: 1M\ncollection:\n  vectors: {size: 8, distance: Cosine}\nmultivector: {"": 10}\n');
    const r = await qsize(['--spec', at('stats.yaml'), '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([`qsize: --spec ${at('stats.yaml')}: multivector."": got 10, expected a vector with multivector_config (vector "" has none)`]);
  });

  it('qdrantVersion: 1.19 unquoted in YAML (a number) says to quote it', async () => {
    writeFileSync(at('version.yaml'), 'points: 1M\nqdrantVersion: 1.19\ncollection:\n  vectors: {size: 8, distance: Cosine}\n');
    const r = await qsize(['--spec', at('version.yaml'), '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([
      `qsize: --spec ${at('version.yaml')}: qdrantVersion: got 1.19, expected a version as text, such as "1.19.0" (in YAML, quote it: 1.10 unquoted is the number 1.1)`,
    ]);
  });

  it('a misspelt top-level key is named (with the key it is near), not reported as a missing --dim', async () => {
    writeFileSync(at('typo.yaml'), 'points: 1M\ncolection:\n  vectors: {size: 8, distance: Cosine}\n');
    const r = await qsize(['--spec', at('typo.yaml'), '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([
      `qsize: --spec ${at('typo.yaml')}: colection: not a Workload key (did you mean collection?); a Workload has points, collection, payload, pointIdType, multivector, sparse, qdrantVersion, assumptions`,
    ]);
  });
});

describe('a spec file in the { workload, constraints } form', () => {
  it('a key beside workload and constraints is refused (it was dropped unread: points: 5 beside the workload changed nothing)', async () => {
    writeFileSync(at('wrapped.yaml'), 'workload:\n  points: 1M\n  collection:\n    vectors: {size: 8, distance: Cosine}\nconstraints: {replicationFactor: 2}\npoints: 5\n');
    const r = await qsize(['--spec', at('wrapped.yaml'), '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([`qsize: --spec ${at('wrapped.yaml')}: points: not read: beside a \`workload\` mapping the file holds only \`workload\` and \`constraints\` (move it into workload)`]);
  });

  it('workload: 5 beside a flat workload is refused, not dropped', async () => {
    writeFileSync(at('workload5.yaml'), 'points: 1M\ncollection:\n  vectors: {size: 8, distance: Cosine}\nworkload: 5\n');
    const r = await qsize(['--spec', at('workload5.yaml'), '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([`qsize: --spec ${at('workload5.yaml')}: workload: got 5, expected a mapping with points and collection (a Workload)`]);
  });

  it('the wrapped form itself still works', async () => {
    writeFileSync(at('wrapped-ok.yaml'), 'workload:\n  points: 1M\n  collection:\n    vectors: {size: 8, distance: Cosine}\nconstraints: {replicationFactor: 2}\n');
    expect((await qsize(['--spec', at('wrapped-ok.yaml'), '--instance-type', 'r6i.large'])).status).toBe(0);
  });
});

describe('a flag is shown with the value the user typed', () => {
  it('--quantization turbo-8 on Qdrant 1.12 shows "turbo-8", not the quantization_config it became', async () => {
    const r = await qsize([...BASE, '--qdrant-version', '1.12', '--quantization', 'turbo-8']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual(['qsize: --quantization: got "turbo-8", expected scalar, product or binary (TurboQuant exists from Qdrant 1.18; this workload is 1.12.6; as --quantization: scalar, pq-x4 to pq-x64 or binary-*)']);
  });

  it('--region "" says what it got', async () => {
    const r = await qsize([...BASE, '--region', '']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual(['qsize: --region: got "", expected string to have >=1 characters']);
  });

  it('an instance type outside --region is refused naming the region it was looked for in', async () => {
    // r6i.large is an AWS type; us-east1 is a GCP region, so its regional catalog has no r6i.large.
    const r = await qsize(['--vectors', '1M', '--dim', '8', '--region', 'us-east1', '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)[0]).toMatch(/^qsize: --instance-type: got "r6i\.large", expected an instance type in the catalog in us-east1 \(nearest: /);
  });
});

describe('control characters in a message are escaped', () => {
  it('a spec file of NUL and control bytes is refused without its bytes (s30: a JSON error quotes none of the file, which may hold a secret)', async () => {
    writeFileSync(at('nul.json'), '\u0000\u0001\u001b[31m');
    const r = await qsize(['--spec', at('nul.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(r.stderr).not.toContain('[31m');
    expect(r.stderr).toContain('the text is not shown, as it may hold a secret');
  });
});

describe('emit --out', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('missing: names --out', async () => {
    const r = await qsize(['emit', ...BASE]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual(['qsize: --out: got nothing, expected a value (qsize emit needs it)']);
  });

  it('empty: refused, nothing written into the working folder (which "" would resolve to)', () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const r = qsizeBinary(['emit', ...BASE, '--out', ''], { cwd });
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual(['qsize: --out: got "", expected a folder to write the files into, such as deploy/']);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('a failing check says which way the sum went', () => {
  it('a node whose DaemonSets outgrow its memory: "leave no memory for Qdrant", never "768 MiB ≤ 156 MiB"; exit 3', async () => {
    // kubeadm keeps the kubelet's 100 MiB hard-eviction threshold: 256 MiB - 100 MiB = 156 MiB allocatable, less than
    // the default 768 MiB of DaemonSets, so no memory is left to request (and the margin is 0 B of no room).
    const r = await qsize(['--vectors', '1000', '--dim', '8', '--node', 'tiny=1cpu/256Mi']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('Pod fits the node: DaemonSets 768.0 MiB + margin 0 B leave no memory for Qdrant in the allocatable 156.0 MiB;');
    // 4 DaemonSet cores on a 1-vCPU node: kubeadm reserves no CPU (src/pricing/allocatable.ts), so 1.00 core is allocatable.
    const cpu = await qsize(['--vectors', '1000', '--dim', '8', '--node', 'small=1cpu/8Gi', '--daemonset-cpus', '4']);
    expect(cpu.status).toBe(3);
    expect(cpu.stderr).toContain('CPU request 0 + DaemonSets 4 > allocatable 1.00 cores: the DaemonSets leave less than 0.5 core for Qdrant');
  });
});

describe('files observe reads are bounded like --spec', () => {
  it.each([
    [['observe', '--from', '/dev/zero'], 'qsize: --from: got "/dev/zero", expected a file of at most 268435456 bytes (the recording size limit; it is larger)'],
    [
      ['observe', '--url', 'http://127.0.0.1:9', '--api-key-file', '/dev/zero'],
      'qsize: --api-key-file: got "/dev/zero", expected a file of at most 1048576 bytes (the API key file size limit; it is larger)',
    ],
  ])('qsize %j is refused at the limit (it read on without end: out of memory, or a hang)', async (args, line) => {
    if (!readdirSync('/dev').includes('zero')) return;
    const r = await qsize(args);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });

  it('a folder as --from says it is a folder', async () => {
    const folder = join(dir, 'recordings');
    mkdirSync(folder);
    const r = await qsize(['observe', '--from', folder]);
    expect(r.status).toBe(2);
    // The path is shown unless the mkdtemp name (qsize-bad-input-XXXXXX, random case and digits) reads as a secret.
    expect(errors(r.stderr)).toHaveLength(1);
    expect(errors(r.stderr)[0]).toMatch(/^qsize: --from: got .+, expected a JSON recording file \(it is a directory\)$/);
  });
});

describe('files observe writes', () => {
  const recording = join(ROOT, 'test/observe/fixtures/single.json');
  it.each([
    ['--record', (d: string) => d, (d: string) => `qsize: cannot write ${d}: it is a directory (EISDIR)`],
    ['--spec-out', (d: string) => join(d, 'a-file'), (d: string) => `qsize: cannot write ${join(d, 'a-file')}: a file is where the folder should be (EEXIST)`],
    ['--spec-out', (d: string) => join(d, 'a-file', 'sub'), (d: string) => `qsize: cannot write ${join(d, 'a-file', 'sub')}: a part of the path is a file, not a directory (ENOTDIR)`],
  ])('%s that cannot be written is exit 2 naming the path and the reason (it was an internal error, exit 1)', async (flag, target, line) => {
    const d = mkdtempSync(join(dir, 'w-'));
    writeFileSync(join(d, 'a-file'), 'x');
    const r = await qsize(['observe', '--from', recording, flag, target(d)]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line(d)]);
  });

  it.each([
    ['--spec-out', 'qsize: --spec-out: got "", expected a folder to write the recovered specs into'],
    ['--record', 'qsize: --record: got "", expected a file to save the recording to'],
  ])('%s "" is refused (the specs were written into the working folder)', async (flag, line) => {
    const r = await qsize(['observe', '--from', recording, flag, '']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });
});

describe('a setting that means nothing without another is refused, not dropped unread', () => {
  it.each([
    [[...BASE, '--peers', '5', '--max-nodes', '3'], 'qsize: --peers: got "5", expected at most placement.maxNodes (--max-nodes), 3, which the same input sets'],
    // Exit 3 before, 'nothing fits within 64 nodes' for a peer count pinned to 2: RF 3 needs 3 distinct peers.
    [[...BASE, '--peers', '2', '--replication', '3'], 'qsize: --peers: got "2", expected at least the replication factor (3) (no two replicas of a shard may share a peer)'],
    [[...BASE, '--gpu-rebuilds', '2'], 'qsize: --gpu-rebuilds: got "2", expected gpuIndexing.enabled: true (--gpu-indexing) beside it: rebuilds per month are GPU build time, not used without GPU indexing'],
    [[...BASE, '--always-ram'], 'qsize: --always-ram: got true, expected a quantization to apply to (--quantization other than none, or a quantization_config in the spec) (it keeps the quantized vectors in RAM)'],
    [[...BASE, '--no-always-ram', '--quantization', 'none'], 'qsize: --always-ram: got false, expected a quantization to apply to (--quantization other than none, or a quantization_config in the spec) (it keeps the quantized vectors in RAM)'],
  ])('qsize %j (exit 0 before: 5 peers, no GPU, no quantization)', async (args, line) => {
    const r = await qsize(args);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });

  it('the same from a spec file names the spec fields', async () => {
    writeFileSync(at('pinned.yaml'), 'points: 1M\ncollection:\n  vectors: {size: 8, distance: Cosine}\nconstraints:\n  placement: {peers: 5, maxNodes: 3, instanceTypes: [r6i.large]}\n');
    const r = await qsize(['--spec', at('pinned.yaml')]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([`qsize: --spec ${at('pinned.yaml')}: constraints.placement.peers: got 5, expected at most placement.maxNodes (--max-nodes), 3, which the same input sets`]);
  });

  it("a pinned peer count below the collection's replication_factor names the spec field", async () => {
    writeFileSync(at('rf-peers.yaml'), 'points: 1M\ncollection:\n  vectors: {size: 8, distance: Cosine}\n  replication_factor: 2\nconstraints:\n  placement: {peers: 1}\n');
    const r = await qsize(['--spec', at('rf-peers.yaml')]);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([`qsize: --spec ${at('rf-peers.yaml')}: constraints.placement.peers: got 1, expected at least the replication factor (2) (no two replicas of a shard may share a peer)`]);
  });

  it('still accepted: a pinned count alone above the default limit, --always-ram with quantization, one quantized vector of two', async () => {
    expect((await qsize([...BASE, '--peers', '70'])).status).toBe(0);
    expect((await qsize([...BASE, '--always-ram', '--quantization', 'scalar'])).status).toBe(0);
    writeFileSync(at('mixed.yaml'), 'points: 1M\ncollection:\n  vectors:\n    a: {size: 8, distance: Cosine, quantization_config: {scalar: {type: int8}}}\n    b: {size: 8, distance: Cosine}\n');
    expect((await qsize(['--spec', at('mixed.yaml'), '--always-ram', '--instance-type', 'r6i.large'])).status).toBe(0);
  });
});

describe('the library: rebuilds without GPU indexing, and parsed constraints fed back', () => {
  const workload = { points: 1_000_000, collection: { vectors: { size: 8, distance: 'Cosine' as const } } };
  it('gpuIndexing { fullRebuildsPerMonth: 2 } without enabled is refused at that field', () => {
    try {
      recommend(workload, { gpuIndexing: { fullRebuildsPerMonth: 2 }, placement: { instanceTypes: ['r6i.large'] } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(QsizeValidationError);
      expect((error as QsizeValidationError).issues).toEqual([
        { field: 'constraints.gpuIndexing.fullRebuildsPerMonth', message: 'expected gpuIndexing.enabled: true (--gpu-indexing) beside it: rebuilds per month are GPU build time, not used without GPU indexing' },
      ]);
    }
  });

  it('parsed constraints (gpuIndexing { enabled: false, fullRebuildsPerMonth: 1 }, a pinned 70 peers under the default 64) are taken as they were', () => {
    const parsed = PlanConstraints.parse({ placement: { instanceTypes: ['r6i.large'], peers: 70 } });
    expect(parsed.gpuIndexing).toEqual({ enabled: false, fullRebuildsPerMonth: 1 });
    expect(recommend(workload, parsed, { maxAlternatives: 0 }).plan.peers).toBe(70);
  });
});

describe('compare names its own values as compare AXIS, not as the flag the user did not type', () => {
  it.each([
    [['compare', 'm', '513', '--vectors', '1M', '--dim', '8'], 'qsize: compare m: got "513", expected a whole number from 0 to 512'],
    [['compare', 'replication', '17', '--vectors', '1M', '--dim', '8'], 'qsize: compare replication: got "17", expected a whole number from 1 to 16'],
  ])('qsize %j', async (args, line) => {
    const r = await qsize(args);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([line]);
  });

  it('an unknown family given to compare family', async () => {
    const r = await qsize(['compare', 'family', 'r6x', '--vectors', '1M', '--dim', '8']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)[0]).toMatch(/^qsize: compare family: got "r6x", expected an instance family in the catalog \(nearest: r6i; /);
  });
});

describe('a YAML .nan or .inf is shown as written (JSON would print null)', () => {
  it('points: .nan and size: .inf', async () => {
    writeFileSync(at('nan.yaml'), 'points: .nan\ncollection:\n  vectors: {size: .inf, distance: Cosine}\n');
    const r = await qsize(['--spec', at('nan.yaml'), '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([`qsize: --spec ${at('nan.yaml')}: points: got NaN, expected a count such as 1000000, 100M or 1.5B, or a collection that is a GET /collections/{name} reply with a points_count of at least 1 (which lends it)`, `qsize: --spec ${at('nan.yaml')}: collection.vectors.size: got Infinity, expected number`]);
  });
});

describe('a multivector holding more inner vectors than qsize sizes points is refused (points x inner vectors per point <= 100B)', () => {
  // Worked by hand: 100B x 100,000 = 1e16 (10000T) inner vectors, and 100B / 100B = 1 per point at most;
  // 2M x 100,000 = 2e11 (200B), 100B / 2M = 50,000; at the horizon 1B + 5B x 12 = 61B points x 50 = 3.05e12 (3.05T), 100B / 61B = 1.
  it('--vectors 100B --multivector 100000 (before: planned 2,450,980,393 segments per shard, then "nothing fits", exit 3)', () => {
    const r = qsizeBinary(['--vectors', '100B', '--dim', '128', '--multivector', '100000']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(errors(r.stderr)).toEqual([
      'qsize: --multivector: got "100000", expected at most 1 inner vector per point for 100B points (points x inner vectors per point at most 100B, the most dense vectors qsize sizes under one name; this is 10000T)',
    ]);
  });

  it('--vectors 2M --multivector 100000 names the most the 2M points allow', async () => {
    const r = await qsize(['--vectors', '2M', '--dim', '128', '--multivector', '100000', '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([
      'qsize: --multivector: got "100000", expected at most 50k inner vectors per point for 2M points (points x inner vectors per point at most 100B, the most dense vectors qsize sizes under one name; this is 200B)',
    ]);
  });

  it('in a spec file, at multivector.<name>', async () => {
    writeFileSync(at('mv.yaml'), 'points: 2M\ncollection:\n  vectors: {colbert: {size: 128, distance: Cosine, multivector_config: {comparator: max_sim}}}\nmultivector: {colbert: 100000}\n');
    const r = await qsize(['--spec', at('mv.yaml'), '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([
      `qsize: --spec ${at('mv.yaml')}: multivector.colbert: got 100000, expected at most 50k inner vectors per point for 2M points (points x inner vectors per point at most 100B, the most dense vectors qsize sizes under one name; this is 200B)`,
    ]);
  });

  it('the unnamed vector is named multivector."" and shown with its value (one walker, src/spec/limits.ts valueAtPath)', async () => {
    writeFileSync(at('mv0.yaml'), 'points: 1M\ncollection:\n  vectors: {size: 8, distance: Cosine, multivector_config: {comparator: max_sim}}\nmultivector: {"": 0}\n');
    const r = await qsize(['--spec', at('mv0.yaml'), '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([`qsize: --spec ${at('mv0.yaml')}: multivector."": got 0, expected number to be >=1`]);
  });

  it('growth that takes the inner vectors past the bound is blamed on --growth', async () => {
    const r = await qsize(['--vectors', '1B', '--dim', '128', '--multivector', '50', '--growth', '5B', '--horizon', '12', '--instance-type', 'r6i.large']);
    expect(r.status).toBe(2);
    expect(errors(r.stderr)).toEqual([
      'qsize: --growth: got "5B", expected growth that keeps multivector "" within qsize\'s bound at the horizon (month 12): at most 1 inner vector per point for 61B points (points x inner vectors per point at most 100B, the most dense vectors qsize sizes under one name; this is 3.05T)',
    ]);
  });

  it('the library refuses the same workload at the same field; 1M x 100,000 = 100B exactly is accepted', () => {
    const mv = { size: 128, distance: 'Cosine' as const, multivector_config: { comparator: 'max_sim' as const } };
    try {
      recommend({ points: '100B', collection: { vectors: mv }, multivector: { '': 100_000 } }, { placement: { instanceTypes: ['r6i.large'] } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(QsizeValidationError);
      expect((error as QsizeValidationError).issues.map((i) => i.field)).toEqual(['multivector.""']);
    }
    expect(Workload.safeParse({ points: '1M', collection: { vectors: mv }, multivector: { '': 100_000 } }).success).toBe(true);
  });
});
