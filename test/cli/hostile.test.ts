/**
 * Regression tests for issue 13 (hostile input, broken disks, half-written folders), each a defect the landed
 * main had. Runs in-process (test/cli/in-process.ts) except where a real process is the point (stdout errors).
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { INPUT_LIMITS } from '../../src/spec/limits.js';
import { qsizeInProcess as qsize } from './in-process.js';
import { ensureBuilt, ROOT, STACK_LINE } from './run.js';
import { giveToUnprivileged, qsizeUnprivileged, unprivileged } from './unprivileged.js';

/** A small, fast plan: one instance type, no snapshot volume. */
const BASE = ['--vectors', '1M', '--dim', '8', '--instance-type', 'r6i.large'];
let dir: string;
const at = (...p: string[]) => join(dir, ...p);

/** Every file under a folder, relative, sorted (links listed, not followed). */
function tree(root: string, prefix = ''): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() && !e.isSymbolicLink() ? tree(join(root, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

/** The `- \`path\`` lines of the README's Files section. */
function readmeFiles(out: string): string[] {
  const text = readFileSync(join(out, 'README.md'), 'utf8');
  const section = text.split('## Files')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^- `([^`]+)`$/gm)].map((m) => m[1] as string).sort();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qsize-hostile-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('spec files that are not specs end in exit 2 without reading on', () => {
  it.each(['/dev/zero', '/dev/urandom'])('--spec %s is refused at the size limit', async (device) => {
    if (!existsSync(device)) return;
    const started = Date.now();
    const r = await qsize(['--spec', device]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`at most ${INPUT_LIMITS.specBytes} bytes`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a folder as --spec is refused with the reason', async () => {
    const r = await qsize(['--spec', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('it is a directory');
  });

  it('JSON with a key given twice is refused like YAML, naming the key', async () => {
    writeFileSync(at('dup.json'), '{"points": 1000, "points": 2000, "collection": {"vectors": {"size": 8, "distance": "Cosine"}}}');
    const r = await qsize(['--spec', at('dup.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the key "points" appears twice');
  });

  it.each([
    ['deep.json', `{"points": 1000, "collection": {"vectors": {"size": 8, "distance": "Cosine"}, "metadata": ${'['.repeat(3000)}${']'.repeat(3000)}}}`],
    ['deep.yaml', `points: 1000\ncollection:\n  vectors: {size: 8, distance: Cosine}\n  metadata: ${'['.repeat(3000)}${']'.repeat(3000)}\n`],
    ['deep-strict.json', `{"points": 1000, "collection": {"vectors": {"size": 8, "distance": "Cosine"}, "strict_mode_config": {"enabled": ${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}}}`],
    ['deep-800.yaml -o yaml', `points: 1000\ncollection:\n  vectors: {size: 8, distance: Cosine}\n  metadata: ${'['.repeat(800)}${']'.repeat(800)}\n`],
  ])('metadata or strict_mode_config nested deep (%s) is exit 2 naming the depth limit, not a stack overflow', async (name, text) => {
    const file = name.split(' ')[0] as string;
    writeFileSync(at(file), text);
    const r = await qsize(['--spec', at(file), ...(name.endsWith('-o yaml') ? ['-o', 'yaml'] : [])]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${INPUT_LIMITS.depth} levels`));
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

describe('names are data', () => {
  it('vectors named __proto__ and size, and sparse vectors named toString and constructor, are all sized and shown', async () => {
    writeFileSync(
      at('proto.json'),
      '{"points": 1000000, "collection": {"vectors": {"__proto__": {"size": 768, "distance": "Cosine"}, "size": {"size": 128, "distance": "Dot"}}, "sparse_vectors": {"toString": {}, "constructor": {}}}, "sparse": {"toString": 50}}',
    );
    const r = await qsize(['--spec', at('proto.json'), '--instance-type', 'r6i.xlarge']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('"__proto__" 768-d Cosine');
    expect(r.stdout).toContain('"size" 128-d Dot');
    expect(r.stdout).toContain('sparse toString, constructor');
  });

  it('a vector named NaN, a payload index named Infinity and an output folder named NaN are valid input (exit 0)', async () => {
    writeFileSync(
      at('nan.yaml'),
      'points: 100000\ncollection:\n  vectors:\n    NaN: {size: 8, distance: Cosine}\npayload:\n  avgBytes: 100\n  indexes:\n    - {field_name: Infinity, field_schema: keyword}\n',
    );
    const r = await qsize(['--spec', at('nan.yaml'), '--instance-type', 'r6i.large']);
    expect(r.stderr).toBe(r.stderr.split('\n').filter((l) => l.startsWith('qsize: warning')).join('\n') + (r.stderr.endsWith('\n') ? '\n' : ''));
    expect(r.status).toBe(0);
    const e = await qsize(['emit', ...BASE, '--target', 'helm', '--out', at('NaN')]);
    expect(e.status).toBe(0);
  });
});

describe('values are taken as given or refused, and blamed on the flag that gave them', () => {
  it('--vectors 1.5 is refused, not rounded to 2', async () => {
    const r = await qsize(['--vectors', '1.5', '--dim', '8']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--vectors: got "1.5", expected a whole number');
  });

  it('emit errors name the flag, never an internal path (options.clusterId, plan.peers)', async () => {
    const id = await qsize(['emit', ...BASE, '--out', at('bad-id'), '--cluster-id', 'BAD_ID', '--customer-id', 'acme']);
    expect(id.status).toBe(2);
    expect(id.stderr).toMatch(/^qsize: --cluster-id: got "BAD_ID"/m);
    expect(id.stderr).not.toContain('options.');
    const peers = await qsize(['emit', '--vectors', '1M', '--dim', '8', '--instance-type', 'r6i.large', '--peers', '101', '--customer-id', 'acme', '--target', 'operator', '--out', at('many-peers')]);
    expect(peers.status).toBe(2);
    expect(peers.stderr).toContain('101 peers exceed the QdrantCluster limit of 100');
    expect(peers.stderr).not.toMatch(/\bplan\./);
    expect(existsSync(at('many-peers'))).toBe(false);
  });

  it('a Qdrant version with a line break is refused (it would break every file header)', async () => {
    const r = await qsize([...BASE, '--qdrant-version', '1.19.0\n']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--qdrant-version: got "1.19.0\\n"');
  });

  it('a growth that overflows the point limit is reported against --growth, not --vectors', async () => {
    const r = await qsize(['--vectors', '90B', '--dim', '8', '--growth', '10B']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^qsize: --growth: /);
    expect(r.stderr).toContain('90B now + 10B per month x 12 months is 210B');
  });

  it('the same growth from a spec file names the spec field; the check is the library\'s (recommend() refuses it too)', async () => {
    writeFileSync(at('growth.yaml'), 'points: 90B\ncollection:\n  vectors: {size: 8, distance: Cosine}\nconstraints:\n  growth: {pointsPerMonth: 1000000000, horizonMonths: 11}\n');
    const r = await qsize(['--spec', at('growth.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^qsize: --spec ${at('growth.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: constraints\\.growth\\.pointsPerMonth: `));
    expect(r.stderr).toContain('90B now + 1B per month x 11 months is 101B');
  });
});

describe('secrets are never repeated', () => {
  const key = 'sk_live_9f8e7d6c5b4a39281706abcdef';
  it.each([
    ['--api-key-secret', key],
    ['--api-key-secret', `${key}/with-a-slash`],
    ['--tls-secret', key],
  ])('%s given a key instead of a reference is refused without echoing it', async (flag, value) => {
    const r = await qsize(['emit', ...BASE, '--out', at('never'), flag, value]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr + r.stdout).not.toContain(key);
    expect(existsSync(at('never'))).toBe(false);
  });
});

describe('emit stays inside --out and never leaves a half-written set', () => {
  it('a dangling link at README.md that qsize did not write is refused, with --force too; its target is never created', async () => {
    const out = at('dangling');
    mkdirSync(out);
    symlinkSync(at('outside-readme.md'), join(out, 'README.md'));
    for (const force of [[], ['--force']]) {
      const r = await qsize(['emit', ...BASE, '--target', 'helm', '--out', out, ...force]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(join(out, 'README.md'));
      expect(existsSync(at('outside-readme.md'))).toBe(false);
      expect(tree(out)).toEqual(['README.md']);
      expect(lstatSync(join(out, 'README.md')).isSymbolicLink()).toBe(true);
    }
  });

  it("--force never replaces the user's own files at qsize's paths (no manifest lists them): refused, kept byte for byte", async () => {
    const out = at('users-own');
    mkdirSync(join(out, 'helm'), { recursive: true });
    writeFileSync(join(out, 'README.md'), 'my project readme\n');
    writeFileSync(join(out, 'helm/values.yaml'), 'replicaCount: 7\n');
    const r = await qsize(['emit', ...BASE, '--out', out, '--force']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('even --force leaves them alone');
    expect(r.stderr).toContain(join(out, 'README.md'));
    expect(r.stderr).toContain(join(out, 'helm/values.yaml'));
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('my project readme\n');
    expect(readFileSync(join(out, 'helm/values.yaml'), 'utf8')).toBe('replicaCount: 7\n');
    expect(tree(out).sort()).toEqual(['README.md', 'helm/values.yaml']);
  });

  it('a folder link inside --out (out/helm -> elsewhere) is refused even with --force; nothing is written there', async () => {
    const out = at('linked');
    mkdirSync(out);
    mkdirSync(at('elsewhere'));
    symlinkSync(at('elsewhere'), join(out, 'helm'));
    const r = await qsize(['emit', ...BASE, '--out', out, '--force']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(out, 'helm')} is a link`);
    expect(tree(at('elsewhere'))).toEqual([]);
    expect(tree(out)).toEqual(['helm']);
    expect(readlinkSync(join(out, 'helm'))).toBe(at('elsewhere'));
  });

  it.each([
    ['a file', (p: string) => writeFileSync(p, 'x'), (p: string) => p],
    ['inside a file', (p: string) => writeFileSync(p, 'x'), (p: string) => join(p, 'inside')],
    ['a name too long for the file system', () => undefined, (p: string) => join(p, 'a'.repeat(300))],
    ['/dev/null', () => undefined, () => '/dev/null'],
  ])('--out that is %s: exit 2 with the path and the reason, nothing written', async (_what, setup, outOf) => {
    const base = at(`bad-${Math.random().toString(36).slice(2)}`);
    setup(base);
    const before = tree(dir);
    const r = await qsize(['emit', ...BASE, '--out', outOf(base)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not a folder|too long/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(tree(dir)).toEqual(before);
  });

  it('README.md being a folder is refused before any file is written, even with --force', async () => {
    const out = at('readme-dir');
    mkdirSync(join(out, 'README.md'), { recursive: true });
    const r = await qsize(['emit', ...BASE, '--out', out, '--force']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(out, 'README.md')} can be written (it is a folder)`);
    expect(tree(out)).toEqual([]); // only the empty README.md folder
    expect(lstatSync(join(out, 'README.md')).isDirectory()).toBe(true);
  });

  it('a read-only --out is exit 2 with the path and the reason (as root too: the CLI runs as an unprivileged user)', () => {
    const how = unprivileged();
    if ('skip' in how) {
      console.warn(`skipped: ${how.skip}`);
      return;
    }
    ensureBuilt();
    const out = at('read-only');
    mkdirSync(out);
    chmodSync(dir, 0o755); // the unprivileged user must reach it
    giveToUnprivileged(out, how);
    chmodSync(out, 0o555);
    try {
      const r = qsizeUnprivileged(how.prefix, ['emit', ...BASE, '--out', join(out, 'sub')]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${join(out, 'sub')}: permission denied (EACCES)`);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(tree(out)).toEqual([]);
    } finally {
      chmodSync(out, 0o755);
    }
  }, 180_000);
});

describe('two emits into one folder never mix', () => {
  it('a folder locked by a live emit is refused; a lock left by a process that is gone is taken over and removed', async () => {
    const out = at('locked');
    mkdirSync(out);
    writeFileSync(join(out, '.qsize-lock'), `${process.pid}\n`);
    const r = await qsize(['emit', ...BASE, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`process ${process.pid} holds`);
    expect(tree(out)).toEqual(['.qsize-lock']);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(out, '.qsize-lock'), `${gone}\n`);
    const again = await qsize(['emit', ...BASE, '--out', out]);
    expect(again.status, again.stderr).toBe(0);
    expect(existsSync(join(out, '.qsize-lock'))).toBe(false);
  });
});

describe('--force replaces exactly the set qsize wrote; the README lists exactly the files present', () => {
  it('an earlier, larger set (operator file, payload indexes) is removed by --force; a file qsize did not write stays', async () => {
    const out = at('stale');
    writeFileSync(at('big.yaml'), 'points: 1000000\ncollection:\n  vectors: {size: 8, distance: Cosine}\npayload:\n  avgBytes: 100\n  indexes:\n    - {field_name: a, field_schema: keyword}\n    - {field_name: b, field_schema: integer}\n');
    const first = await qsize(['emit', '--spec', at('big.yaml'), '--instance-type', 'r6i.large', '--customer-id', 'acme', '--out', out]);
    expect(first.status).toBe(0);
    expect(tree(out)).toContain('operator/qdrant-cluster.yaml');
    expect(tree(out)).toContain('collection/payload-index-02.json');
    writeFileSync(join(out, 'mine.txt'), 'not qsize');
    const second = await qsize(['emit', ...BASE, '--out', out, '--force']);
    expect(second.status).toBe(0);
    const files = tree(out).filter((p) => p !== '.qsize-manifest.json' && p !== 'mine.txt' && p !== 'README.md');
    expect(files).not.toContain('operator/qdrant-cluster.yaml');
    expect(files).not.toContain('collection/payload-index-01.json');
    expect(readmeFiles(out)).toEqual(files);
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('not qsize');
  });

  it('without --force an earlier set is refused before anything is written', async () => {
    const out = at('no-force');
    expect((await qsize(['emit', ...BASE, '--out', out])).status).toBe(0);
    const before = Object.fromEntries(tree(out).map((p) => [p, readFileSync(join(out, p), 'utf8')]));
    const r = await qsize(['emit', '--vectors', '2M', '--dim', '8', '--instance-type', 'r6i.large', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--force');
    expect(Object.fromEntries(tree(out).map((p) => [p, readFileSync(join(out, p), 'utf8')]))).toEqual(before);
  });

  it('emit --target helm lists only the Helm files and gives no curl for a collection file that is not there', async () => {
    const out = at('helm-only');
    expect((await qsize(['emit', ...BASE, '--target', 'helm', '--out', out])).status).toBe(0);
    expect(readmeFiles(out)).toEqual(['helm/values.yaml']);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).not.toContain('curl');
  });

  it('targets emitted one by one into one folder merge into one README listing exactly the files present', async () => {
    const out = at('merged');
    for (const target of ['helm', 'networkpolicy', 'collection']) {
      const r = await qsize(['emit', ...BASE, '--target', target, '--out', out]);
      expect(r.status, r.stderr).toBe(0);
    }
    const present = tree(out).filter((p) => p !== '.qsize-manifest.json' && p !== 'README.md');
    // No kubeblocks/networkpolicy.yaml: the default version, 1.20.0, is not one the KubeBlocks addon serves.
    expect(present).toEqual(['collection/create-collection.json', 'helm/networkpolicy.yaml', 'helm/values.yaml']);
    expect(readmeFiles(out)).toEqual(present);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('--data-binary @collection/create-collection.json');
  });

  it('every skipped target is a warning on stderr', async () => {
    const r = await qsize(['emit', ...BASE, '--qdrant-version', '1.19.0', '--out', at('skipped'), '--api-key-secret', 'qdrant-key/api-key']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('qsize: warning: operator/qdrant-cluster.yaml was not written: the QdrantCluster needs the customer-id label');
    expect(r.stderr).toContain('qsize: warning: kubeblocks/values.yaml was not written: the KubeBlocks qdrant-cluster chart has no values for an API key');
    // The default version, 1.20.0, is not served by the KubeBlocks addon: its files are skipped for that one reason, said
    // once for the folder (as README.md says it), not once per file.
    const d = await qsize(['emit', ...BASE, '--out', at('skipped-default')]);
    expect(d.status).toBe(0);
    const reason = 'the KubeBlocks qdrant addon serves no Qdrant 1.20.0';
    expect(d.stderr).toContain(`qsize: warning: kubeblocks/ was not written: ${reason}`);
    expect(d.stderr.split(reason).length - 1).toBe(1);
    expect(d.stderr).not.toContain('kubeblocks/cluster.yaml was not written');
  });
});

describe('deployment files that fit the platform', () => {
  it('--allow-from-namespace (repeatable) and --metrics-namespace open 6333/6334 and 6333 on both NetworkPolicies; KubeBlocks admits kbagent', async () => {
    const out = at('np');
    // On 1.19.0, a version the KubeBlocks addon serves (the default, 1.20.0, writes no kubeblocks/ files).
    const r = await qsize(['emit', ...BASE, '--qdrant-version', '1.19.0', '--target', 'networkpolicy', '--out', out, '--allow-from-namespace', 'app', '--allow-from-namespace', 'ingest', '--metrics-namespace', 'monitoring']);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['helm/networkpolicy.yaml', 'kubeblocks/networkpolicy.yaml']) {
      const np = parseYaml(readFileSync(join(out, f), 'utf8')) as { spec: { ingress: { from: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports: { port: number }[] }[] } };
      const rules = np.spec.ingress.map((i) => ({ ns: i.from.map((x) => x.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] ?? 'peers'), ports: i.ports.map((p) => p.port) }));
      expect(rules).toContainEqual({ ns: ['app', 'ingest'], ports: [6333, 6334] });
      expect(rules).toContainEqual({ ns: ['monitoring'], ports: [6333] });
      expect(rules).toContainEqual({ ns: ['peers'], ports: [6335] });
      if (f.startsWith('kubeblocks/')) expect(rules).toContainEqual({ ns: ['kb-system'], ports: [3501] });
    }
  });

  it('the KubeBlocks NetworkPolicy opens exactly the ports its pods listen on: no exporter port, since the addon runs none', async () => {
    // The addon's ComponentDefinition (kubeblocks-addons addons/qdrant/templates/cmpd.yaml) runs one container with
    // 6333 (REST and /metrics), 6334 (gRPC) and 6335 (p2p); KubeBlocks adds kbagent on 3501. Nothing listens on 9187.
    const out = at('np-kb');
    // On 1.19.0, a version the KubeBlocks addon serves (the default, 1.20.0, writes no kubeblocks/ files).
    const r = await qsize(['emit', ...BASE, '--qdrant-version', '1.19.0', '--target', 'networkpolicy', '--out', out, '--metrics-namespace', 'monitoring']);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(join(out, 'kubeblocks/networkpolicy.yaml'), 'utf8');
    const np = parseYaml(text) as { spec: { ingress: { ports: { port: number }[] }[] } };
    expect([...new Set(np.spec.ingress.flatMap((i) => i.ports.map((p) => p.port)))].sort()).toEqual([3501, 6333, 6334, 6335]);
    expect(text).toContain('# The KubeBlocks qdrant addon runs no exporter sidecar: Qdrant serves the metrics itself, so no exporter port (such as 9187) is opened.');
    expect(readFileSync(join(out, 'helm/networkpolicy.yaml'), 'utf8')).not.toContain('exporter');
  });

  it('the Helm values and the README install command use the --name release; a name the chart would overflow is refused', async () => {
    const out = at('release');
    const r = await qsize(['emit', ...BASE, '--target', 'helm', '--out', out, '--name', 'search']);
    expect(r.status, r.stderr).toBe(0);
    const values = readFileSync(join(out, 'helm/values.yaml'), 'utf8');
    expect(values).toContain('app.kubernetes.io/instance: search');
    expect(values).not.toContain('app.kubernetes.io/instance: qdrant');
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('helm upgrade --install search qdrant/qdrant');
    // 46 characters without "qdrant": the chart's fullname is 53 characters, one past the StatefulSet limit of 52.
    const long = await qsize(['emit', ...BASE, '--target', 'helm', '--out', at('long-name'), '--name', 'a'.repeat(46)]);
    expect(long.status).toBe(2);
    expect(long.stderr).toContain('--name: ');
    expect(long.stderr).toContain('(53 characters), at most 52');
    expect((await qsize(['emit', ...BASE, '--target', 'helm', '--out', at('ok-name'), '--name', 'a'.repeat(45)])).status).toBe(0);
  });

  it('an unsupported KubeBlocks version names the version and the one to plan for, not an internal plan field', async () => {
    const r = await qsize(['emit', ...BASE, '--target', 'kubeblocks', '--out', at('kb-old'), '--qdrant-version', '1.12']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the KubeBlocks qdrant addon serves no Qdrant 1.12.6');
    expect(r.stderr).toContain('plan for 1.19.0, the newest it serves');
    expect(r.stderr).not.toContain('plan.');
  });
});

describe('stdout that cannot be written (real process)', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('a full disk (/dev/full) ends with one line on stderr and exit 2, no stack trace', () => {
    if (!existsSync('/dev/full')) return;
    const r = spawnSync('sh', ['-c', `"${process.execPath}" bin/qsize.js ${BASE.join(' ')} > /dev/full`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('qsize: warning'));
    expect(lines).toEqual(['qsize: could not write the output to stdout: no space left on the device (ENOSPC)']);
  });

  it('a closed pipe ends with one line on stderr and exit 2', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" bin/qsize.js ${BASE.join(' ')} -o json | head -c 1 > /dev/null; exit 0`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(STACK_LINE);
    const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('qsize: warning'));
    expect(lines.length).toBeLessThanOrEqual(1);
    if (lines.length === 1) expect(lines[0]).toBe('qsize: could not write the output to stdout: the reader closed the pipe (EPIPE)');
  });
});
