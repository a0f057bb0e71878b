/**
 * Writes an emitted file set into `--out` so that a broken disk or a hostile directory cannot leave a
 * half-written set or a file outside the folder the user named:
 *
 * - Everything is checked before anything is written: a path component that is a symbolic link is
 *   refused (qsize never writes through a link), a file where a folder must be is refused, and
 *   without --force any existing file of the new set (a dangling link counts) is refused.
 * - The whole set is written into a staging folder inside `--out` (same file system, never outside the
 *   folder the user named), then switched in by rename(2), which moves a link at the destination
 *   instead of following it: the earlier files aside into the staging folder, the new ones in, the
 *   manifest last as the commit record (commitWritePlan). A failure undoes the switch; a run killed in
 *   the middle is undone or completed by the next run (recoverStaging). Once a run has ended, `--out`
 *   holds the earlier set or the new one, never a mix.
 * - `.qsize-manifest.json` lists the files qsize wrote, with the target each belongs to. --force
 *   replaces exactly those of the targets being written (files of an earlier, larger plan are
 *   removed); files of other targets stay, and the README is written again to list exactly the files
 *   present. Files qsize did not write are never removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { QsizeFileError, QsizeInputError } from '../errors.js';
import { fsReason } from './inputs.js';

export const MANIFEST = '.qsize-manifest.json';
const STAGING_PREFIX = '.qsize-staging-';

export interface ManifestEntry {
  path: string;
  target: string;
  sha256: string;
  /** For a collection request body: the request it is the body of (for the README's curl lines). */
  request?: { method: string; path: string };
}

export interface Manifest {
  schemaVersion: 'qsize.emit-manifest/v1';
  files: ManifestEntry[];
}

/** Relative paths qsize writes: lower-case folders and names it chooses itself, never `..`. */
const SAFE_PATH = /^(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)*[A-Za-z0-9][A-Za-z0-9._-]*$/;

function lstat(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return undefined;
    throw new QsizeFileError(path, fsReason(error));
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The `--out` folder as a real path. It may be a link the user named (it is where they asked for the files);
 * anything inside it is never followed. A file where the folder should be is refused.
 */
export function resolveOut(out: string, flag = '--out'): { root: string; exists: boolean } {
  const path = resolve(out);
  // The nearest existing ancestor must be a folder: `--out file/inside` is refused with the reason.
  let probe = path;
  for (;;) {
    const st = lstat(probe);
    if (st) {
      let real: string;
      try {
        real = realpathSync(probe);
      } catch (error) {
        throw new QsizeFileError(probe, fsReason(error));
      }
      const target = lstatSync(real);
      if (!target.isDirectory()) {
        throw new QsizeInputError(flag, out, `a folder (${probe} is not a folder${probe === real ? '' : ` by way of a link to ${real}`})`);
      }
      return probe === path ? { root: real, exists: true } : { root: path, exists: false };
    }
    const parent = dirname(probe);
    if (parent === probe) return { root: path, exists: false };
    probe = parent;
  }
}

/** Reads the manifest of an earlier emit; a missing or unreadable one means "no set of ours here". */
export function readManifest(root: string): Manifest | undefined {
  const path = join(root, MANIFEST);
  const st = lstat(path);
  if (!st || !st.isFile()) return undefined;
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    if (data.schemaVersion !== 'qsize.emit-manifest/v1' || !Array.isArray(data.files)) return undefined;
    const files = data.files.filter(
      (f) => typeof f === 'object' && f !== null && typeof f.path === 'string' && SAFE_PATH.test(f.path) && typeof f.target === 'string' && typeof f.sha256 === 'string',
    );
    return { schemaVersion: data.schemaVersion, files };
  } catch {
    return undefined;
  }
}

/** True when the path holds a regular file (not a link, not a folder). */
export function isPlainFile(root: string, relative: string): boolean {
  return inspect(root, relative).kind === 'file';
}

type Found = { kind: 'none' } | { kind: 'file' | 'link' | 'dir' | 'other'; at: string } | { kind: 'blocked'; at: string; why: 'link' | 'file' };

/** What is at root/relative, looking at every component without following a link. */
function inspect(root: string, relative: string): Found {
  const parts = relative.split('/');
  let current = root;
  for (let i = 0; i < parts.length; i++) {
    current = join(current, parts[i] as string);
    const st = lstat(current);
    if (!st) return { kind: 'none' };
    const last = i === parts.length - 1;
    if (!last) {
      if (st.isSymbolicLink()) return { kind: 'blocked', at: current, why: 'link' };
      if (!st.isDirectory()) return { kind: 'blocked', at: current, why: 'file' };
      continue;
    }
    if (st.isSymbolicLink()) return { kind: 'link', at: current };
    if (st.isDirectory()) return { kind: 'dir', at: current };
    if (st.isFile()) return { kind: 'file', at: current };
    return { kind: 'other', at: current };
  }
  return { kind: 'none' };
}

/** What a folder with a link where qsize writes is refused with: the one wording for --out and observe's folders. */
function noLinks(at: string, flag: string): string {
  return `a folder without symbolic links on the way to the files (${at} is a link; qsize never writes through one: remove it or choose another ${flag})`;
}

/**
 * A path qsize chooses inside a folder the user named (observe's `--spec-out DIR/<collection>.yaml` and
 * `--emit DIR/<collection>/`), as an absolute path. The folder named may itself be a link (resolveOut); what qsize adds
 * to it is never followed, as checkWritePlan holds for --out: a link at the path or on the way to it is refused, and so
 * is a path of the other kind (a folder where the file goes, a file where the folder goes).
 */
export function pathInside(flag: string, given: string, relative: string, kind: 'file' | 'folder'): string {
  const { root } = resolveOut(given, flag);
  const found = inspect(root, relative);
  if ((found.kind === 'blocked' && found.why === 'link') || found.kind === 'link') throw new QsizeInputError(flag, given, noLinks(found.at, flag));
  if (found.kind === 'blocked') throw new QsizeInputError(flag, given, `a folder where ${found.at} can be a folder (it is a file)`);
  if (found.kind === 'other' || (found.kind === 'dir' && kind === 'file') || (found.kind === 'file' && kind === 'folder')) {
    throw new QsizeInputError(flag, given, `a folder where ${found.at} can be written (it is ${found.kind === 'dir' ? 'a folder' : found.kind === 'file' ? 'a file' : 'a device, socket or pipe'})`);
  }
  return join(root, relative);
}

export interface WritePlan {
  /** Files to write (README and manifest included), relative to root. */
  files: { path: string; content: string }[];
  /** Files of an earlier set to remove (only ever manifest entries). */
  remove: string[];
}

/**
 * Refuses, before anything is written, what would write outside --out or destroy what is not ours:
 * a link or a file in the way of a folder; a folder where a file goes; without --force, any existing file
 * of the set except the README and manifest of an earlier set of ours (they are written again, merged); with
 * --force too, a file (or link) at a path of the set that the earlier set's manifest does not list: --force
 * replaces what qsize wrote, never a file of the user's that happens to sit where qsize writes (a README.md of
 * theirs in the folder they named).
 */
export function checkWritePlan(out: string, root: string, plan: WritePlan, force: boolean, ours: ReadonlySet<string>, flag = '--out'): void {
  const clashes: string[] = [];
  const notOurs: string[] = [];
  for (const f of [...plan.files.map((x) => x.path), ...plan.remove]) {
    const found = inspect(root, f);
    if (found.kind === 'blocked') {
      throw new QsizeInputError(
        flag,
        out,
        found.why === 'link' ? noLinks(found.at, flag) : `a folder where ${found.at} can be a folder (it is a file)`,
      );
    }
    if (found.kind === 'dir') throw new QsizeInputError(flag, out, `a folder where ${found.at} can be written (it is a folder)`);
    if (found.kind === 'other') throw new QsizeInputError(flag, out, `a folder where ${found.at} can be written (it is a device, socket or pipe)`);
    if (found.kind === 'none' || plan.remove.includes(f)) continue;
    const mergeable = (f === 'README.md' || f === MANIFEST) && ours.has(f) && found.kind === 'file';
    if (mergeable) continue;
    if (!ours.has(f)) notOurs.push(found.at);
    else if (!force) clashes.push(found.at);
  }
  if (notOurs.length > 0) {
    throw new QsizeInputError(
      flag,
      out,
      `a folder without files qsize did not write where its files go (${MANIFEST} does not list ${notOurs.length === 1 ? 'it' : 'them'}, so even --force leaves ${notOurs.length === 1 ? 'it' : 'them'} alone: move ${notOurs.length === 1 ? 'it' : 'them'} away or choose another --out): ${notOurs.join(', ')}`,
    );
  }
  if (clashes.length > 0) {
    throw new QsizeInputError(flag, out, `a folder without ${clashes.length === 1 ? 'this file' : 'these files'} (or pass --force to replace the set qsize wrote): ${clashes.join(', ')}`);
  }
}

/**
 * The journal of a switch (`<staging>/journal.json`): written, synced, once every file of the new set is staged and
 * before the first rename into --out, so that a run killed in the middle of the switch can be undone (or, once the
 * new manifest is in place, completed) by the next run. Its absence means the switch never started.
 */
interface Journal {
  schemaVersion: 'qsize.emit-journal/v1';
  /** The files of the new set, in the order they are moved in (the manifest last: it is the commit record), with the
   * sha256 of each, so that undoing removes a file only when it is the one this switch moved in. */
  put: { path: string; sha256: string }[];
  /** Files of the earlier set that the new one drops. */
  remove: string[];
  /** Folders inside --out the switch creates, outermost first (removed again when it is undone). */
  dirs: string[];
  /** sha256 of the new manifest: when the manifest in --out has it, the switch was committed. */
  manifestSha256: string;
}

/**
 * QSIZE_TEST_FAULT=switch:N:fail|kill makes the N-th rename of the switch fail with EIO, or kills the process
 * (SIGKILL) right after it: the tests' way to break an emit in the middle of its set. Unset, it costs one lookup.
 */
function faultAt(): { n: number; kind: 'fail' | 'kill' } | undefined {
  const m = /^switch:(\d+):(fail|kill)$/.exec(process.env['QSIZE_TEST_FAULT'] ?? '');
  return m ? { n: Number(m[1]), kind: m[2] as 'fail' | 'kill' } : undefined;
}

/** Writes a file and flushes it to the disk, so that a file renamed into place is never empty after a power cut. */
function writeSynced(path: string, content: string): void {
  const fd = openSync(path, 'wx');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a folder's entries (the renames into it); where a folder cannot be synced, the renames still hold. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported here (some file systems refuse fsync on a folder): the switch is still complete
  }
}

/**
 * Writes the plan into root as one set. The whole set is first written into a staging folder inside root
 * (`.qsize-staging-<pid>-<random>`, never outside the folder the user named) with a journal; then the switch moves,
 * by rename(2) within one file system:
 *   1. the earlier manifest aside (from here on --out has no manifest: no set is committed),
 *   2. per file of the new set, the earlier file at its path (if any) aside, then the new file in,
 *   3. the earlier set's files the new one drops aside,
 *   4. the new manifest in: the commit. Then the staging folder, holding the earlier files, is removed.
 * A failure anywhere before the commit undoes the switch (the earlier files go back, the new ones and the folders
 * made for them go) and is reported as a file error; a run killed in the middle is undone or completed by the next
 * run into root (recoverStaging). So once a run has ended, root holds the earlier set or the new set, never a mix; and
 * while a switch runs, the manifest is absent until every file of the new set is in place.
 */
export function commitWritePlan(root: string, rootExisted: boolean, plan: WritePlan): void {
  const created: string[] = [];
  for (let d = root, missing: string[] = []; ; d = dirname(d)) {
    if (lstat(d)) {
      for (const m of missing) {
        try {
          mkdirSync(m);
          created.push(m);
        } catch (error) {
          throw new QsizeFileError(m, fsReason(error));
        }
      }
      break;
    }
    missing.unshift(d);
  }
  const undoRoot = () => {
    if (!rootExisted) for (const d of [...created].reverse()) tryRmdir(d);
  };
  const staging = join(root, `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  const manifest = plan.files.find((f) => f.path === MANIFEST);
  const put = [...plan.files.filter((f) => f.path !== MANIFEST).map((f) => f.path), ...(manifest ? [MANIFEST] : [])];
  const dirs = [...new Set(put.flatMap((p) => parentsOf(p)))].filter((d) => inspect(root, d).kind === 'none');
  const contentOf = new Map(plan.files.map((f) => [f.path, f.content]));
  const journal: Journal = {
    schemaVersion: 'qsize.emit-journal/v1',
    put: put.map((p) => ({ path: p, sha256: sha256(contentOf.get(p) ?? '') })),
    remove: plan.remove.filter((p) => !put.includes(p)),
    dirs,
    manifestSha256: manifest ? sha256(manifest.content) : '',
  };

  // Staging: a failure here leaves root as it was (the staging folder is removed).
  try {
    try {
      mkdirSync(staging);
    } catch (error) {
      throw new QsizeFileError(root, fsReason(error));
    }
    for (const f of plan.files) {
      const path = join(staging, 'new', f.path);
      try {
        mkdirSync(dirname(path), { recursive: true });
        writeSynced(path, f.content);
      } catch (error) {
        throw new QsizeFileError(join(root, f.path), fsReason(error));
      }
    }
    try {
      writeSynced(join(staging, 'journal.json'), `${JSON.stringify(journal)}\n`);
    } catch (error) {
      throw new QsizeFileError(root, fsReason(error));
    }
  } catch (error) {
    removeStaging(staging);
    undoRoot();
    throw error;
  }

  // The switch.
  const fault = faultAt();
  let renames = 0;
  const move = (from: string, to: string, blame: string) => {
    try {
      if (fault && renames + 1 === fault.n && fault.kind === 'fail') throw Object.assign(new Error('injected'), { code: 'EIO' });
      renameSync(from, to);
    } catch (error) {
      throw new QsizeFileError(blame, fsReason(error));
    }
    renames++;
    if (fault && renames === fault.n && fault.kind === 'kill') process.kill(process.pid, 'SIGKILL');
  };
  const aside = (p: string) => {
    const at = join(root, p);
    if (!lstat(at)) return;
    const to = join(staging, 'old', p);
    try {
      mkdirSync(dirname(to), { recursive: true });
    } catch (error) {
      throw new QsizeFileError(dirname(to), fsReason(error));
    }
    move(at, to, at);
  };
  try {
    aside(MANIFEST);
    for (const p of put) {
      if (p === MANIFEST) continue;
      aside(p);
      for (const d of parentsOf(p)) {
        if (journal.dirs.includes(d) && !lstat(join(root, d))) {
          try {
            mkdirSync(join(root, d));
          } catch (error) {
            throw new QsizeFileError(join(root, d), fsReason(error));
          }
        }
      }
      move(join(staging, 'new', p), join(root, p), join(root, p));
    }
    for (const p of journal.remove) aside(p);
    if (manifest) move(join(staging, 'new', MANIFEST), join(root, MANIFEST), join(root, MANIFEST));
  } catch (error) {
    let undone = true;
    try {
      undoSwitch(root, staging, journal);
    } catch {
      undone = false;
    }
    if (undone) {
      removeStaging(staging);
      undoRoot();
      throw error;
    }
    const e = error as QsizeFileError;
    throw new QsizeFileError(
      e.path,
      `${e.reason}; putting the earlier files back failed too: they are kept in ${staging}, and the next qsize emit into ${root} puts them back`,
    );
  }
  syncDir(root);
  finishSwitch(root, staging, journal);
}

/** The folders above a relative path, outermost first: `a/b/c.yaml` -> `a`, `a/b`. */
function parentsOf(p: string): string[] {
  const parts = p.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** After the commit: the earlier files (in the staging folder) go, and the folders the dropped files leave empty. */
function finishSwitch(root: string, staging: string, journal: Journal): void {
  removeStaging(staging);
  for (const p of journal.remove) removeEmptyDirs(root, dirname(join(root, p)));
}

/**
 * Undoes a switch that did not reach its commit, from what the folders hold (so it works after a kill as well as
 * after a failure): a new file that was moved in is removed, an earlier file that was moved aside goes back, the
 * folders made for the new set are removed when empty, and the earlier manifest goes back last. Every path is one the
 * journal lists and qsize itself writes (SAFE_PATH), checked for links on the way, so a planted journal cannot make
 * this move anything from or to outside root.
 */
function undoSwitch(root: string, staging: string, journal: Journal): void {
  const back = (p: string) => {
    const from = inspect(staging, `old/${p}`);
    if (from.kind !== 'file' && from.kind !== 'link') return;
    const target = inspect(root, p);
    if (target.kind === 'blocked' || target.kind === 'dir' || target.kind === 'other') return;
    for (const d of parentsOf(p)) if (!lstat(join(root, d))) mkdirSync(join(root, d));
    renameSync(from.at, join(root, p));
  };
  for (const p of journal.remove) back(p);
  for (const { path: p, sha256: sha } of [...journal.put].reverse()) {
    const staged = inspect(staging, `new/${p}`);
    const target = inspect(root, p);
    // Moved in (no longer staged, and its path holds the file this switch wrote): it goes.
    if (staged.kind === 'none' && target.kind === 'file' && sha256(readFileSync(target.at, 'utf8')) === sha) unlinkSync(target.at);
    if (p !== MANIFEST) back(p);
  }
  for (const d of [...journal.dirs].reverse()) tryRmdir(join(root, d));
  back(MANIFEST);
}

function readJournal(staging: string): Journal | undefined {
  const found = inspect(staging, 'journal.json');
  if (found.kind !== 'file') return undefined;
  try {
    const j = JSON.parse(readFileSync(found.at, 'utf8')) as Journal;
    const safe = (p: unknown): p is string => typeof p === 'string' && (SAFE_PATH.test(p) || p === MANIFEST);
    const paths = (v: unknown): v is string[] => Array.isArray(v) && v.every(safe);
    const puts = (v: unknown): v is Journal['put'] =>
      Array.isArray(v) && v.every((f: unknown) => typeof f === 'object' && f !== null && safe((f as { path?: unknown }).path) && typeof (f as { sha256?: unknown }).sha256 === 'string');
    if (j.schemaVersion !== 'qsize.emit-journal/v1' || !puts(j.put) || !paths(j.remove) || !paths(j.dirs) || typeof j.manifestSha256 !== 'string') return undefined;
    return j;
  } catch {
    return undefined;
  }
}

/**
 * Finishes what an earlier run into root left: each `.qsize-staging-*` entry (only ever there while its run held the
 * lock, so with the lock held, its run is gone). Without a journal the switch never started: the staging folder is
 * removed. With one, the manifest in root tells: the new one means the switch was committed (the earlier files are
 * removed), anything else means it was interrupted (it is undone). Returns one sentence per staging folder handled.
 */
export function recoverStaging(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith(STAGING_PREFIX));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new QsizeFileError(root, fsReason(error));
  }
  const notes: string[] = [];
  for (const name of names.sort()) {
    const staging = join(root, name);
    try {
      const st = lstatSync(staging);
      const journal = st.isDirectory() ? readJournal(staging) : undefined;
      if (!journal) {
        rmSync(staging, { recursive: true, force: true });
        notes.push(`removed ${staging}, left by an emit that stopped before changing any file`);
        continue;
      }
      const current = inspect(root, MANIFEST);
      const committed = current.kind === 'file' && journal.manifestSha256 !== '' && sha256(readFileSync(current.at, 'utf8')) === journal.manifestSha256;
      if (committed) {
        finishSwitch(root, staging, journal);
        notes.push(`completed an emit into ${root} that was stopped after writing its set (${staging} removed)`);
      } else {
        undoSwitch(root, staging, journal);
        removeStaging(staging);
        notes.push(`undid an emit into ${root} that was stopped while switching sets: the earlier set is back`);
      }
    } catch (error) {
      if (error instanceof QsizeFileError) throw error;
      throw new QsizeFileError(staging, `an earlier, interrupted emit left this folder and it could not be cleaned up: ${fsReason(error)}`);
    }
  }
  return notes;
}

function removeStaging(staging: string): void {
  try {
    rmSync(staging, { recursive: true, force: true });
  } catch {
    // it was never created (the folder above it is not one): nothing to clean
  }
}

const LOCK = '.qsize-lock';

/**
 * Runs `fn` while holding `--out`'s lock (`.qsize-lock`, created exclusively, holding the pid), so that two emits into
 * one folder cannot interleave their reads of the manifest and their renames into one mixed set. A lock whose process
 * is gone (a run that was killed) is taken over, and what that run left half-done is finished first (recoverStaging);
 * `fn` gets the sentences saying what was. The folder is created for the lock if missing, and removed again
 * if `fn` fails and leaves it empty.
 */
export function withOutLock<T>(out: string, root: string, fn: (recovered: string[]) => T, flag = '--out'): T {
  const created: string[] = [];
  for (let d = root; !lstat(d); d = dirname(d)) created.unshift(d);
  for (const d of created) {
    try {
      mkdirSync(d);
    } catch (error) {
      throw new QsizeFileError(d, fsReason(error));
    }
  }
  const lock = join(root, LOCK);
  const take = (): boolean => {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new QsizeFileError(lock, fsReason(error));
      return false;
    }
  };
  if (!take()) {
    const holder = Number.parseInt(readFileSafe(lock), 10);
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
      throw new QsizeInputError(flag, out, `a folder no other qsize emit is writing into (process ${holder} holds ${lock})`);
    }
    try {
      unlinkSync(lock);
    } catch {
      // taken over by another run in between: take() says so
    }
    if (!take()) throw new QsizeInputError(flag, out, `a folder no other qsize emit is writing into (${lock} is held)`);
  }
  let failed = true;
  try {
    const result = fn(recoverStaging(root));
    failed = false;
    return result;
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // already gone
    }
    if (failed) for (const d of created.reverse()) tryRmdir(d);
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryRmdir(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty or gone: leave it
  }
}

/** Removes folders emptied by removing stale files, up to (not including) root. */
function removeEmptyDirs(root: string, dir: string): void {
  for (let d = dir; d.startsWith(root + sep) && d !== root; d = dirname(d)) tryRmdir(d);
}
