/**
 * Emit is atomic as a set (issue 13): however an emit fails or is stopped in the middle of switching its files into
 * --out, --out ends holding exactly the earlier set (or nothing, when there was none), or, once the new manifest is
 * in place, exactly the new set; never a mix, and never a file outside --out. Failures are injected at each rename of
 * the switch (QSIZE_TEST_FAULT, src/cli/write-set.ts), made real by a folder the unprivileged user cannot write, and
 * the process is killed with SIGKILL at chosen renames.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST, recoverStaging } from '../../src/cli/write-set.js';
import { snapshot } from './fs-snapshot.js';
import { qsizeInProcess } from './in-process.js';
import { ensureBuilt, qsize as qsizeProcess, STACK_LINE } from './run.js';
import { giveToUnprivileged, qsizeUnprivileged, unprivileged } from './unprivileged.js';

/**
 * The earlier set: every target, an operator file and two payload-index requests (13 files with README and manifest;
 * its plan has several peers, so KubeBlocks gets its PodDisruptionBudget).
 * Both sets are for Qdrant 1.19.0, the newest the KubeBlocks addon serves, so that they keep its files (the rename
 * counts below count them).
 */
const SPEC_A = 'qdrantVersion: 1.19.0\npoints: 1000000\ncollection:\n  vectors: {size: 8, distance: Cosine}\npayload:\n  avgBytes: 100\n  indexes:\n    - {field_name: a, field_schema: keyword}\n    - {field_name: b, field_schema: integer}\n';
/** The new set: a different plan, without the operator file and the payload indexes (so the switch also drops files). */
const ARGS_B = ['--vectors', '2M', '--dim', '8', '--instance-type', 'r6i.large', '--qdrant-version', '1.19.0', '--force'];

let dir: string;
let n = 0;
const fresh = () => join(dir, `case-${n++}`);

/** The files the manifest lists, which must be exactly the files present (besides a user's own). */
function manifestPaths(out: string): string[] {
  const m = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')) as { files: { path: string }[] };
  return m.files.map((f) => f.path).sort();
}

async function emitA(out: string): Promise<Record<string, string>> {
  const spec = join(dir, 'a.yaml');
  const r = await qsizeInProcess(['emit', '--spec', spec, '--instance-type', 'r6i.large', '--customer-id', 'acme', '--out', out]);
  expect(r.status, r.stderr).toBe(0);
  writeFileSync(join(out, 'mine.txt'), 'a file of the user');
  return snapshot(out);
}

/** Runs in-process with QSIZE_TEST_FAULT set. */
async function withFault<T>(fault: string, run: () => Promise<T>): Promise<T> {
  process.env['QSIZE_TEST_FAULT'] = fault;
  try {
    return await run();
  } finally {
    delete process.env['QSIZE_TEST_FAULT'];
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qsize-atomic-'));
  writeFileSync(join(dir, 'a.yaml'), SPEC_A);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a failure at any rename of the switch leaves the earlier set', () => {
  it('for every rename N of the switch, a failure there is exit 2 with the path and the reason, and --out holds exactly the earlier set', async () => {
    const out = fresh();
    const before = await emitA(out);
    // The switch of A -> B renames each file of B in, A's files aside and the manifests: fail at each in turn
    // until N is past the last rename and the emit succeeds.
    let failures = 0;
    for (let at = 1; ; at++) {
      const r = await withFault(`switch:${at}:fail`, () => qsizeInProcess(['emit', ...ARGS_B, '--out', out]));
      if (r.status === 0) break;
      failures++;
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^qsize: cannot write ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\S+: input/output error \\(EIO\\)`));
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(snapshot(out), `failure at rename ${at}`).toEqual(before);
      expect(at).toBeLessThan(40);
    }
    // A's manifest aside; B's 8 files (README, 2 Helm, 4 KubeBlocks: cluster, values, PodDisruptionBudget,
    // NetworkPolicy; the collection body), each with A's file at its path moved aside first, then moved in; A's 3
    // dropped files (operator, 2 payload indexes) aside; B's manifest in: 1 + 8 x 2 + 3 + 1 = 21.
    expect(failures).toBe(21);
    const after = snapshot(out);
    expect(after['mine.txt']).toBe('a file of the user');
    expect(after['operator/qdrant-cluster.yaml']).toBeUndefined();
    expect(Object.keys(after).filter((p) => !p.endsWith('/') && p !== 'mine.txt').sort()).toEqual([...manifestPaths(out), MANIFEST].sort());
  }, 120_000);

  it('into a folder that did not exist, a failure at any rename leaves no folder at all', async () => {
    // A fresh 1.19.0 set of several peers is 9 renames (8 files, KubeBlocks' 4 included, and the manifest in): fail at
    // the first, one in the middle and the commit.
    for (const at of [1, 4, 9]) {
      const out = join(fresh(), 'deploy');
      const r = await withFault(`switch:${at}:fail`, () => qsizeInProcess(['emit', '--vectors', '1M', '--dim', '8', '--instance-type', 'r6i.large', '--qdrant-version', '1.19.0', '--out', out]));
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain('input/output error (EIO)');
      expect(existsSync(out)).toBe(false);
    }
  });

  it('a folder of the set the user cannot write is a real mid-switch failure: exit 2 with the path, the earlier set stays (as root too)', async () => {
    const how = unprivileged();
    if ('skip' in how) {
      console.warn(`skipped: ${how.skip}`);
      return;
    }
    ensureBuilt();
    const out = fresh();
    chmodSync(dir, 0o755);
    mkdirSync(out);
    giveToUnprivileged(out, how);
    const first = qsizeUnprivileged(how.prefix, ['emit', '--spec', join(dir, 'a.yaml'), '--instance-type', 'r6i.large', '--customer-id', 'acme', '--out', out]);
    expect(first.status, first.stderr).toBe(0);
    const before = snapshot(out);
    // helm/ is written after README.md in the switch: the README is already switched when helm/values.yaml cannot move.
    chmodSync(join(out, 'helm'), 0o555);
    try {
      const r = qsizeUnprivileged(how.prefix, ['emit', ...ARGS_B, '--out', out]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`cannot write ${join(out, 'helm/values.yaml')}: permission denied (EACCES)`);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(snapshot(out)).toEqual(before);
    } finally {
      chmodSync(join(out, 'helm'), 0o755);
    }
  }, 180_000);
});

describe('an emit killed in the middle of the switch is undone or completed by the next run', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it.each([1, 2, 7, 13, 20])('killed right after rename %i (before the commit): the next run puts the earlier set back', async (at) => {
    const out = fresh();
    const before = await emitA(out);
    const killed = qsizeProcess(['emit', ...ARGS_B, '--out', out], { env: { QSIZE_TEST_FAULT: `switch:${at}:kill` } });
    expect(killed.status).toBeNull(); // killed by SIGKILL
    expect(readdirSync(out).some((e) => e.startsWith('.qsize-staging-'))).toBe(true);
    const notes = recoverStaging(out);
    expect(notes).toEqual([expect.stringContaining('the earlier set is back')]);
    rmSync(join(out, '.qsize-lock'), { force: true }); // the killed run's lock (the CLI takes it over: next test)
    expect(snapshot(out)).toEqual(before);
  }, 60_000);

  it('killed after the commit (the new manifest in place): the next run completes it, and says so', async () => {
    const out = fresh();
    await emitA(out);
    const killed = qsizeProcess(['emit', ...ARGS_B, '--out', out], { env: { QSIZE_TEST_FAULT: 'switch:21:kill' } });
    expect(killed.status).toBeNull();
    // Nothing is read back: the next emit recovers first (a run of B again, now without --force needed for the files
    // of B, which are B's: the same set is written again).
    const again = await qsizeInProcess(['emit', ...ARGS_B, '--out', out]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('completed an emit into');
    const after = snapshot(out);
    expect(Object.keys(after).some((p) => p.startsWith('.qsize-'))).toBe(true); // the manifest only
    expect(Object.keys(after).filter((p) => p.startsWith('.qsize-'))).toEqual([MANIFEST]);
    expect(Object.keys(after).filter((p) => !p.endsWith('/') && p !== 'mine.txt').sort()).toEqual([...manifestPaths(out), MANIFEST].sort());
    expect(after['operator/qdrant-cluster.yaml']).toBeUndefined();
  }, 60_000);

  it('killed mid-switch, the next emit takes over the lock, undoes the switch, then writes its own set', async () => {
    const out = fresh();
    await emitA(out);
    expect(qsizeProcess(['emit', ...ARGS_B, '--out', out], { env: { QSIZE_TEST_FAULT: 'switch:9:kill' } }).status).toBeNull();
    const r = await qsizeInProcess(['emit', ...ARGS_B, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('the earlier set is back');
    const after = snapshot(out);
    expect(Object.keys(after).filter((p) => p.startsWith('.qsize-'))).toEqual([MANIFEST]);
    expect(Object.keys(after).filter((p) => !p.endsWith('/') && p !== 'mine.txt').sort()).toEqual([...manifestPaths(out), MANIFEST].sort());
  }, 60_000);
});

describe('what a stopped run leaves cannot be turned against the folder', () => {
  it('a staging folder without a journal (stopped while staging) is removed; nothing else changes', async () => {
    const out = fresh();
    const before = await emitA(out);
    mkdirSync(join(out, '.qsize-staging-1-deadbeef/new/helm'), { recursive: true });
    writeFileSync(join(out, '.qsize-staging-1-deadbeef/new/helm/values.yaml'), 'half: written');
    expect(recoverStaging(out)).toEqual([expect.stringContaining('stopped before changing any file')]);
    expect(snapshot(out)).toEqual(before);
  });

  it('a planted journal whose staging folder links outside never moves a file in from outside, nor out', async () => {
    const out = fresh();
    const before = await emitA(out);
    const outside = join(dir, `outside-${n}`);
    mkdirSync(outside);
    writeFileSync(join(outside, 'README.md'), 'outside');
    const staging = join(out, '.qsize-staging-2-cafebabe');
    mkdirSync(staging);
    symlinkSync(outside, join(staging, 'old'));
    writeFileSync(
      join(staging, 'journal.json'),
      JSON.stringify({ schemaVersion: 'qsize.emit-journal/v1', put: [{ path: '../escape', sha256: 'x' }], remove: [], dirs: [], manifestSha256: 'x' }),
    );
    recoverStaging(out); // the journal names a path qsize never writes: it is not trusted, the folder is removed
    expect(readFileSync(join(outside, 'README.md'), 'utf8')).toBe('outside');
    expect(snapshot(out)).toEqual(before);
    mkdirSync(staging);
    symlinkSync(outside, join(staging, 'old'));
    writeFileSync(join(staging, 'journal.json'), JSON.stringify({ schemaVersion: 'qsize.emit-journal/v1', put: [{ path: 'README.md', sha256: 'x' }], remove: [], dirs: [], manifestSha256: 'x' }));
    recoverStaging(out); // a valid journal, but old/ is a link: nothing is moved through it
    expect(readFileSync(join(outside, 'README.md'), 'utf8')).toBe('outside');
    expect(lstatSync(join(out, 'README.md')).isFile()).toBe(true);
    expect(existsSync(staging)).toBe(false);
  });
});
