/**
 * The command line and the set writer under hostile arguments and unlucky folders (issue 13): random argument lists
 * for `qsize emit` over random folder setups (links out of --out, files in the way, folders where files go, an
 * earlier set), run in-process; and the writer alone over many more setups. Bounded so the suite stays a few
 * seconds on the 2-core CI machine.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { QsizeFileError, QsizeInputError } from '../../src/errors.js';
import { checkWritePlan, commitWritePlan, MANIFEST, readManifest, type WritePlan } from '../../src/cli/write-set.js';
import { checkFiles } from '../emit/upstream-check.js';
import { qsizeInProcess as qsize } from './in-process.js';
import { STACK_LINE } from './run.js';

/** What a secret pasted in the wrong place looks like; it must never come back out. */
const SECRET = 'sk_live_Q9f8e7d6c5b4a39281706zz';

/** A snapshot of a folder, links included as links (never followed). */
function snapshot(root: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(root)) return out;
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, e.name);
    const key = `${prefix}${e.name}`;
    if (e.isSymbolicLink()) out[key] = `link -> ${readlinkSync(path)}`;
    else if (e.isDirectory()) Object.assign(out, { [`${key}/`]: 'dir' }, snapshot(path, `${key}/`));
    else out[key] = readFileSync(path, 'utf8');
  }
  return out;
}

const SETUPS = ['none', 'empty', 'out-is-file', 'dangling-readme-link', 'helm-dir-link', 'helm-is-file', 'readme-is-dir', 'earlier-set', 'collection-file-link'] as const;
type Setup = (typeof SETUPS)[number];

/** Builds the setup inside `sandbox`: `out` is where --out points, `outside` must never change. */
function prepare(sandbox: string, setup: Setup): { out: string; outside: string } {
  const out = join(sandbox, 'out');
  const outside = join(sandbox, 'outside');
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'keep.txt'), 'outside');
  switch (setup) {
    case 'none':
      break;
    case 'empty':
      mkdirSync(out);
      break;
    case 'out-is-file':
      writeFileSync(out, 'a file');
      break;
    case 'dangling-readme-link':
      mkdirSync(out);
      symlinkSync(join(outside, 'README.md'), join(out, 'README.md'));
      break;
    case 'helm-dir-link':
      mkdirSync(out);
      symlinkSync(outside, join(out, 'helm'));
      break;
    case 'helm-is-file':
      mkdirSync(out);
      writeFileSync(join(out, 'helm'), 'in the way');
      break;
    case 'readme-is-dir':
      mkdirSync(join(out, 'README.md'), { recursive: true });
      break;
    case 'earlier-set':
      mkdirSync(join(out, 'operator'), { recursive: true });
      writeFileSync(join(out, 'operator/qdrant-cluster.yaml'), 'old: true\n');
      writeFileSync(join(out, 'README.md'), 'old\n');
      writeFileSync(
        join(out, MANIFEST),
        JSON.stringify({ schemaVersion: 'qsize.emit-manifest/v1', files: [{ path: 'operator/qdrant-cluster.yaml', target: 'operator', sha256: 'x' }, { path: 'README.md', target: 'readme', sha256: 'x' }] }),
      );
      break;
    case 'collection-file-link':
      mkdirSync(join(out, 'collection'), { recursive: true });
      symlinkSync(join(outside, 'keep.txt'), join(out, 'collection/create-collection.json'));
      break;
  }
  return { out, outside };
}

const flagPairs = fc.array(
  fc.oneof(
    fc.constantFrom<string[]>(['--force'], ['--target', 'helm'], ['--target', 'networkpolicy'], ['--target', 'collection'], ['--target', 'kubeblocks'], ['--target', 'operator'], ['--target', 'all']),
    fc.tuple(fc.constantFrom('--name', '--namespace', '--collection', '--customer-id', '--allow-from-namespace', '--metrics-namespace', '--kubeblocks-namespace', '--storage-class'),
      fc.constantFrom('search', 'monitoring', 'a'.repeat(46), 'Bad Name', '{{ .Release.Name }}', '$(id)', 'a: b', '# c', 'x\ny', 'NaN', '')).map(([f, v]) => [f, v]),
    fc.tuple(fc.constantFrom('--api-key-secret', '--tls-secret'), fc.constantFrom(SECRET, `${SECRET}/key`, 'qdrant-key/api-key', 'qdrant-tls')).map(([f, v]) => [f, v]),
    // A secret pasted into any other flag, or as a stray argument, may be refused but is never repeated.
    fc.constantFrom('--name', '--namespace', '--vectors', '--qdrant-version', '--cloud', '--storage-class', '--metrics-namespace', '').map((f) => (f === '' ? [SECRET] : [f, SECRET])),
    fc.tuple(fc.constantFrom('--qdrant-version', '--vectors'), fc.constantFrom('1.19.0', '1.12', '1.19.0\n', '1.5', '1M', '1.5', 'NaN', '1e15')).map(([f, v]) => [f, v]),
  ),
  { maxLength: 5 },
);

let sandboxes: string;
beforeAll(() => {
  sandboxes = mkdtempSync(join(tmpdir(), 'qsize-fuzz-'));
});
afterAll(() => {
  rmSync(sandboxes, { recursive: true, force: true });
});

describe('qsize emit under random arguments and folder setups', () => {
  it('exits 0, 2 or 3 without a stack trace, writes nothing outside --out, writes files that parse and validate, never echoes a secret', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SETUPS), flagPairs, async (setup, pairs) => {
        const sandbox = join(sandboxes, String(n++));
        mkdirSync(sandbox);
        const { out, outside } = prepare(sandbox, setup);
        const before = snapshot(outside);
        const args = ['emit', '--dim', '8', '--instance-type', 'r6i.large', '--out', out, ...pairs.flat()];
        if (!args.includes('--vectors')) args.push('--vectors', '1M');
        const r = await qsize(args);
        const label = `${setup}: qsize ${JSON.stringify(args)}\n${r.stderr}`;
        expect([0, 2, 3], label).toContain(r.status);
        expect(r.stderr, label).not.toMatch(STACK_LINE);
        expect(r.stderr, label).not.toMatch(/internal error/);
        expect(snapshot(outside), label).toEqual(before);
        const written = existsSync(out) && lstatSync(out).isDirectory() ? snapshot(out) : {};
        expect(`${r.stdout}${r.stderr}`, label).not.toContain(SECRET);
        // In the files: never from a secret flag (a name flag may legitimately carry any valid name, even this one).
        const secretFlag = pairs.some(([f, v]) => (f === '--api-key-secret' || f === '--tls-secret') && v?.includes(SECRET));
        if (secretFlag && !pairs.some(([f, v]) => f !== '--api-key-secret' && f !== '--tls-secret' && v === SECRET)) {
          expect(Object.values(written).join(''), label).not.toContain(SECRET);
        }
        if (r.status !== 0) return;
        expect(Object.keys(written).some((p) => p.startsWith('.qsize-staging')), label).toBe(false);
        // The files of the set are the manifest's (a user's file in the folder is not one of them).
        const manifest = JSON.parse(written[MANIFEST] ?? '{"files":[]}') as { files: { path: string }[] };
        const files = manifest.files.map((f) => ({ path: f.path, content: written[f.path] ?? '' }));
        for (const f of files) expect(written[f.path], `${label} ${f.path} present`).toBeDefined();
        const fresh = files.filter((f) => f.content !== 'old: true\n');
        for (const f of fresh) if (f.path.endsWith('.yaml')) expect(parseAllDocuments(f.content), `${label} ${f.path}`).toHaveLength(1);
        const version = args[args.indexOf('--qdrant-version') + 1];
        // Without --qdrant-version the files are for the default version, 1.20.0.
        if (!args.includes('--qdrant-version')) checkFiles(fresh, '1.20.0', label, false);
        else if (version === '1.19.0') checkFiles(fresh, '1.19.0', label, false);
        // The README lists exactly the files of the set.
        const listed = [...(written['README.md'] ?? '').split('## Files')[1]!.split('\n## ')[0]!.matchAll(/^- `([^`]+)`$/gm)].map((m) => m[1]).sort();
        expect(listed, label).toEqual(files.map((f) => f.path).filter((p) => p !== 'README.md').sort());
      }),
      {
        numRuns: 24,
        examples: [
          ['dangling-readme-link', [['--force']]],
          ['helm-dir-link', [['--force'], ['--target', 'helm']]],
          ['earlier-set', [['--force'], ['--customer-id', 'acme']]],
          ['collection-file-link', [['--force'], ['--target', 'collection']]],
          ['none', [['--api-key-secret', SECRET]]],
        ],
      },
    );
  }, 120_000);
});

describe('the set writer alone, over many more setups', () => {
  const SET: WritePlan = {
    files: [
      { path: 'README.md', content: '# readme\n' },
      { path: 'helm/values.yaml', content: 'a: 1\n' },
      { path: 'collection/create-collection.json', content: '{}\n' },
      { path: MANIFEST, content: JSON.stringify({ schemaVersion: 'qsize.emit-manifest/v1', files: [] }) },
    ],
    remove: [],
  };

  it('either refuses with an input or file error and changes nothing, or writes exactly the set, never outside --out', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.constantFrom(...SETUPS), fc.boolean(), (setup, force) => {
        const sandbox = join(sandboxes, `w${n++}`);
        mkdirSync(sandbox);
        const { out, outside } = prepare(sandbox, setup);
        const before = snapshot(sandbox);
        const outsideBefore = snapshot(outside);
        const existed = existsSync(out);
        try {
          const ours = new Set(readManifest(out) ? ['README.md', MANIFEST, ...readManifest(out)!.files.map((f) => f.path)] : []);
          checkWritePlan(out, out, SET, force, ours);
          commitWritePlan(out, existed, SET);
        } catch (error) {
          expect(error instanceof QsizeInputError || error instanceof QsizeFileError, String(error)).toBe(true);
          expect(snapshot(sandbox)).toEqual(before);
          return;
        }
        expect(snapshot(outside)).toEqual(outsideBefore);
        for (const f of SET.files) {
          expect(lstatSync(join(out, f.path)).isFile()).toBe(true);
          expect(readFileSync(join(out, f.path), 'utf8')).toBe(f.content);
        }
        expect(readdirSync(out).some((p) => p.startsWith('.qsize-staging'))).toBe(false);
      }),
      { numRuns: 80 },
    );
  });
});
