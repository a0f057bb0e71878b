/**
 * The command line and the set writer under hostile arguments and unlucky folders (issue 13): random argument lists
 * for `qsize emit` over random folder setups (links out of --out, files in the way, folders where files go, an
 * earlier set), run in-process; and the writer alone over many more setups. Bounded so the suite stays a few
 * seconds on the 2-core CI machine.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify as toYaml } from 'yaml';
import { QsizeFileError, QsizeInputError } from '../../src/errors.js';
import { checkWritePlan, commitWritePlan, MANIFEST, readManifest, type WritePlan } from '../../src/cli/write-set.js';
import { DEFAULT_VERSION } from '../../src/model/versions.js';
import { checkFiles, collectionBody } from '../emit/upstream-check.js';
import { snapshot } from './fs-snapshot.js';
import { qsizeInProcess as qsize } from './in-process.js';
import { ensureBuilt, STACK_LINE } from './run.js';
import { giveToUnprivileged, qsizeUnprivileged, unprivileged } from './unprivileged.js';

/** What a secret pasted in the wrong place looks like; it must never come back out. */
const SECRET = 'sk_live_Q9f8e7d6c5b4a39281706zz';


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
        // Against the upstream schemas; the collection body where the version's OpenAPI is vendored.
        const version = args.includes('--qdrant-version') ? (args[args.lastIndexOf('--qdrant-version') + 1] as string) : DEFAULT_VERSION;
        checkFiles(collectionBody[version] ? fresh : fresh.filter((f) => f.path !== 'collection/create-collection.json'), version, label, false);
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

  it('a failure injected at any rename of the switch leaves the sandbox exactly as it was', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.constantFrom(...SETUPS), fc.boolean(), fc.integer({ min: 1, max: 12 }), (setup, force, at) => {
        const sandbox = join(sandboxes, `f${n++}`);
        mkdirSync(sandbox);
        const { out } = prepare(sandbox, setup);
        const before = snapshot(sandbox);
        const existed = existsSync(out);
        process.env['QSIZE_TEST_FAULT'] = `switch:${at}:fail`;
        try {
          const previous = readManifest(out);
          const ours = new Set(previous ? ['README.md', MANIFEST, ...previous.files.map((f) => f.path)] : []);
          const remove = previous ? previous.files.map((f) => f.path).filter((p) => !SET.files.some((f) => f.path === p)) : [];
          const plan = { ...SET, remove };
          checkWritePlan(out, out, plan, force, ours);
          commitWritePlan(out, existed, plan);
        } catch (error) {
          expect(error instanceof QsizeInputError || error instanceof QsizeFileError, String(error)).toBe(true);
          expect(snapshot(sandbox), `${setup}, force ${force}, failure at rename ${at}`).toEqual(before);
          return;
        } finally {
          delete process.env['QSIZE_TEST_FAULT'];
        }
        // Past the last rename: the whole set was written.
        for (const f of SET.files) expect(readFileSync(join(out, f.path), 'utf8')).toBe(f.content);
      }),
      { numRuns: 80, examples: [['earlier-set', true, 1], ['earlier-set', true, 5], ['dangling-readme-link', true, 2]] },
    );
  });
});

/** Names a user may give a vector, sparse vector or payload field: Object.prototype members, number words, anything. */
const hostileName = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'size', 'distance', 'NaN', 'Infinity', '', '{{ .Values }}', '$(id)', 'a: b', '# c', 'x\ny', 'é', '\u202e'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** A value nested `depth` levels (lists and mappings alternating), the kind that overflowed the stack. */
const nested = (depth: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { k: v };
  return v;
};

/** Mostly valid specs with hostile names and strings (so most runs write files), sometimes past a limit or malformed. */
const hostileSpec = fc.record({
  format: fc.constantFrom('json', 'yaml'),
  points: fc.oneof({ arbitrary: fc.integer({ min: 1_000, max: 2_000_000 }), weight: 5 }, { arbitrary: fc.constantFrom<unknown>('1.5', -1, 1e15, '1M', 'NaN', '1e3'), weight: 1 }),
  dense: fc.uniqueArray(fc.tuple(hostileName, fc.integer({ min: 1, max: 64 })), { selector: ([n]) => n, minLength: 1, maxLength: 3 }),
  sparse: fc.uniqueArray(hostileName, { maxLength: 3 }),
  fields: fc.array(hostileName, { maxLength: 3 }),
  metadataDepth: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 24 }), weight: 6 }, { arbitrary: fc.integer({ min: 25, max: 40 }), weight: 1 }, { arbitrary: fc.constant(3_000), weight: 1 }),
  metadataText: fc.oneof(
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
    { arbitrary: fc.constant(SECRET), weight: 3 },
    { arbitrary: fc.constant('x'.repeat(2_000)), weight: 1 },
  ),
  version: fc.oneof({ arbitrary: fc.constantFrom<unknown>(undefined, '1.19.0', '1.19', 'v1.19.0'), weight: 5 }, { arbitrary: fc.constantFrom<unknown>('1.19.0\n', ' 1.19.0', 19), weight: 1 }),
});

describe('qsize emit over hostile spec files', () => {
  it('exits 0, 2 or 3 without a stack trace; what it writes parses, validates and lists exactly its files; metadata (a secret in it too) never comes out', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostileSpec, async (h) => {
        const sandbox = join(sandboxes, `s${n++}`);
        mkdirSync(sandbox);
        const collection: Record<string, unknown> = { metadata: { note: h.metadataText, deep: nested(h.metadataDepth, h.metadataText) } };
        if (h.dense.length > 0) collection['vectors'] = Object.fromEntries(h.dense.map(([name, size]) => [name, { size, distance: 'Cosine' }]));
        if (h.sparse.length > 0) collection['sparse_vectors'] = Object.fromEntries(h.sparse.map((name) => [name, {}]));
        const spec: Record<string, unknown> = { points: h.points, collection };
        if (h.sparse.length > 0) spec['sparse'] = Object.fromEntries(h.sparse.map((name) => [name, 40]));
        if (h.fields.length > 0) spec['payload'] = { avgBytes: 200, indexes: h.fields.map((field_name) => ({ field_name, field_schema: 'keyword' })) };
        if (h.version !== undefined) spec['qdrantVersion'] = h.version;
        const file = join(sandbox, `spec.${h.format}`);
        // Deep metadata goes into YAML in flow style (JSON is YAML): the yaml library's own writer recurses per level.
        writeFileSync(file, h.format === 'json' || h.metadataDepth > 200 ? JSON.stringify(spec) : toYaml(spec, { aliasDuplicateObjects: false }));
        const out = join(sandbox, 'out');
        const r = await qsize(['emit', '--spec', file, '--instance-type', 'r6i.large', '--out', out]);
        const label = `spec ${JSON.stringify(spec).slice(0, 400)}\n${r.stderr.slice(0, 600)}`;
        expect([0, 2, 3], label).toContain(r.status);
        expect(r.stderr, label).not.toMatch(STACK_LINE);
        expect(r.stderr, label).not.toMatch(/internal error/);
        expect(readdirSync(sandbox).sort(), label).toEqual(r.status === 0 ? ['out', `spec.${h.format}`] : [`spec.${h.format}`]);
        const written = r.status === 0 ? snapshot(out) : {};
        // Metadata is checked, then never carried into a plan or a file; the secret pasted into it never comes out.
        expect(`${r.stdout}${r.stderr}${Object.values(written).join('')}`, label).not.toContain(SECRET);
        if (r.status !== 0) return;
        const manifest = JSON.parse(written[MANIFEST] ?? '{"files":[]}') as { files: { path: string }[] };
        const files = manifest.files.map((f) => ({ path: f.path, content: written[f.path] ?? '' }));
        expect(Object.keys(written).filter((p) => !p.endsWith('/') && p !== MANIFEST).sort(), label).toEqual(files.map((f) => f.path).sort());
        for (const f of files) if (f.path.endsWith('.yaml')) expect(parseAllDocuments(f.content), `${label} ${f.path}`).toHaveLength(1);
        for (const f of files) if (f.path.endsWith('.json')) expect(() => JSON.parse(f.content), `${label} ${f.path}`).not.toThrow();
        const version = /Qdrant (\d+\.\d+\.\d+)/.exec(written['README.md'] ?? '')?.[1] ?? DEFAULT_VERSION;
        checkFiles(collectionBody[version] ? files : files.filter((f) => f.path !== 'collection/create-collection.json'), version, label, false);
      }),
      {
        numRuns: 40,
        examples: [
          [{ format: 'json', points: 100_000, dense: [['__proto__', 8], ['size', 4]], sparse: ['toString', 'constructor'], fields: ['Infinity'], metadataDepth: 3_000, metadataText: 'x', version: undefined }],
          [{ format: 'yaml', points: 100_000, dense: [['NaN', 8]], sparse: [], fields: ['valueOf'], metadataDepth: 2, metadataText: SECRET, version: '1.19.0' }],
          [{ format: 'yaml', points: 100_000, dense: [['distance', 8]], sparse: [], fields: [], metadataDepth: 0, metadataText: '', version: '1.19.0\n' }],
        ],
      },
    );
  }, 180_000);
});

/** Read-only setups: only meaningful for a user the folder's write bit binds (as root, the CLI runs as nobody). */
const READ_ONLY = ['out-read-only', 'parent-read-only', 'helm-read-only-with-earlier-set', 'collection-read-only-with-earlier-set'] as const;

describe('qsize emit into folders it may not write (a real process, unprivileged)', () => {
  it('exits 2 with the path and the reason and leaves every folder exactly as it was, or writes the whole set', () => {
    const how = unprivileged();
    if ('skip' in how) {
      console.warn(`skipped: ${how.skip}`);
      return;
    }
    ensureBuilt();
    chmodSync(sandboxes, 0o755);
    let n = 0;
    fc.assert(
      fc.property(fc.constantFrom(...READ_ONLY), fc.constantFrom('all', 'helm', 'collection', 'networkpolicy'), fc.boolean(), (setup, target, force) => {
        const sandbox = join(sandboxes, `ro${n++}`);
        mkdirSync(sandbox);
        giveToUnprivileged(sandbox, how);
        const out = join(sandbox, setup === 'parent-read-only' ? 'parent/out' : 'out');
        const base = ['--vectors', '1M', '--dim', '8', '--instance-type', 'r6i.large'];
        const locked: string[] = [];
        if (setup.endsWith('with-earlier-set')) {
          const first = qsizeUnprivileged(how.prefix, ['emit', ...base, '--out', out]);
          expect(first.status, first.stderr).toBe(0);
          locked.push(join(out, setup.startsWith('helm') ? 'helm' : 'collection'));
        } else if (setup === 'out-read-only') {
          mkdirSync(out);
          giveToUnprivileged(out, how);
          locked.push(out);
        } else {
          mkdirSync(join(sandbox, 'parent'));
          giveToUnprivileged(join(sandbox, 'parent'), how);
          locked.push(join(sandbox, 'parent'));
        }
        for (const d of locked) chmodSync(d, 0o555);
        const before = snapshot(sandbox);
        const args = ['emit', '--vectors', '2M', '--dim', '8', '--instance-type', 'r6i.large', '--target', target, '--out', out, ...(force ? ['--force'] : [])];
        const r = qsizeUnprivileged(how.prefix, args);
        for (const d of locked) chmodSync(d, 0o755);
        const label = `${setup}: qsize ${args.join(' ')}\n${r.stderr}`;
        expect([0, 2], label).toContain(r.status);
        expect(r.stderr, label).not.toMatch(STACK_LINE);
        expect(r.stderr, label).not.toMatch(/internal error/);
        if (r.status === 0) {
          // Possible only where the locked folder is not touched by this target's files.
          const after = snapshot(out);
          expect(Object.keys(after).some((p) => p.startsWith('.qsize-staging')), label).toBe(false);
          return;
        }
        expect(r.stderr, label).toMatch(/permission denied \(EACCES\)|pass --force/);
        expect(snapshot(sandbox), label).toEqual(before);
      }),
      { numRuns: 12, examples: [['helm-read-only-with-earlier-set', 'all', true], ['out-read-only', 'helm', false], ['parent-read-only', 'all', false]] },
    );
  }, 240_000);
});
